"""The model's rules: one module per process or entity, named for it, read as ``docs/model.md``.

:class:`DramaLabourModel` (:mod:`sim.model.model`) steps one day through the processes in the
order of the ODD process overview; each process lives in its own module here (titles and their
phases, studios, platforms, commissioning, hiring, mobility, turnover, the gig-market policy,
regions, spillover, the recorder). Workers and titles are column tables (:mod:`sim.model.workforce`,
:mod:`sim.model.titles`); studios and platforms are Mesa agents.

May import: :mod:`sim.config`, :mod:`sim.validation`, :mod:`sim.vocabulary` and
:mod:`sim.engine`, whose compiled kernels the rules call by name. Imports no numba itself, and
never :mod:`sim.run` or :mod:`sim.analysis`.
"""

from sim.model.model import DramaLabourModel

__all__ = ["DramaLabourModel"]
