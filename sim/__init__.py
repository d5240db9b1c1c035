"""dramasim: an agent-based model of labour flows between long dramas and micro dramas in China.

The model is imported on first use, so that tools which only read run outputs
(``sim.analysis.compare``) never load the model or Mesa.
"""

from sim.config import DramaSimConfig

__all__ = ["DramaLabourModel", "DramaSimConfig"]


def __getattr__(name: str):
    if name == "DramaLabourModel":
        from sim.model import DramaLabourModel

        return DramaLabourModel
    raise AttributeError(f"module 'sim' has no attribute {name!r}")
