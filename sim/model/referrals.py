"""Referral ties (``docs/model.md`` sections 2.6 and 7.3): each studio remembers its latest
hires, so that crews re-hire people they have worked with.

A studio keeps a ring of its latest ``market.referral_memory_hires`` hires: the worker's row, the
tie key (studio, role, sector) they were hired under and the day of the hire. A remembered
worker is still tied to the studio while that hire is their latest (their ``job_start`` is its
day), in the same role and sector; :mod:`sim.model.hiring` tries a key's tied workers in random
order (:func:`sim.engine.matching.draw_tied`).
"""

import numpy as np

from sim.engine.matching import remember_hires, tied_entries


class ReferralRings:
    """Ring buffers (int32) of each studio's latest hires (rows, -1 where empty), by studio,
    with the tie key each was hired under and the day of the hire."""

    def __init__(self, memory: int):
        self.memory = memory
        self.hires = np.full((0, memory), -1, dtype=np.int32)
        self.ties = np.full((0, memory), -1, dtype=np.int32)
        self.days = np.full((0, memory), -1, dtype=np.int32)
        self.written = np.zeros(0, dtype=np.int64)  # hires ever remembered, by studio

    def remember(self, studio: np.ndarray, rows: np.ndarray, ties: np.ndarray, day: int) -> None:
        """Write today's hires ``rows`` of ``studio``, with the tie keys they were hired under,
        into their studios' rings."""
        if len(rows) == 0:
            return
        known = len(self.written)
        last = int(studio.max())
        if last >= known:
            grow = max(2 * known, last + 1) - known
            empty = np.full((grow, self.memory), -1, dtype=np.int32)
            self.hires = np.vstack([self.hires, empty])
            self.ties = np.vstack([self.ties, empty])
            self.days = np.vstack([self.days, empty])
            self.written = np.r_[self.written, np.zeros(grow, dtype=np.int64)]
        remember_hires(self.hires, self.ties, self.days, self.written, studio, rows, ties, day)

    def entries(self, slot_ties: np.ndarray, studios: np.ndarray) -> tuple | None:
        """The ring entries of ``studios`` grouped by the tie keys of ``slot_ties``
        (:func:`~sim.engine.matching.tied_entries`), or None if none of them has a ring."""
        known = studios[studios < len(self.hires)]
        if len(known) == 0:
            return None
        return tied_entries(slot_ties, self.hires, self.ties, self.days, known)

    def renumber(self, where: np.ndarray) -> None:
        """Rows were renumbered: row ``r`` is now ``where[r]`` (-1, an empty place, stays -1)."""
        self.hires[:] = where[self.hires]
