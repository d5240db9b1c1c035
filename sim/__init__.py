"""dramasim: an agent-based model of labour flows between long dramas and micro dramas in China."""

from sim.config import DramaSimConfig
from sim.model import DramaLabourModel

__all__ = ["DramaLabourModel", "DramaSimConfig"]
