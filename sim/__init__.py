"""dramasim: an agent-based model of labour flows between China's long-drama and micro-drama sectors."""

from sim.config import DramaSimConfig
from sim.model import DramaLabourModel

__all__ = ["DramaLabourModel", "DramaSimConfig"]
