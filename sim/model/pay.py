"""Day rates (``docs/model.md`` section 7.12): pay by role that is higher when the market for the
role is tight and lower when it is slack, and the entry it draws in.

Workers are paid by the day at their role's current rate: the reported rate of 2025
(``market.day_rate_yuan``, yuan a day) times the role's multiplier. At each month's end the
multiplier moves towards the role's **wage curve**. In each sector, the role's openings a day over
the month ``v`` and its free workers reachable on a day ``u`` (free workers at the month's end times
the role's daily availability), both national, give the chance ``exp(-u / v)`` that an opening draws
no applicant in the urn-ball search of :mod:`sim.model.hiring`; ``h``, its mean over the role's
openings, is the share of openings the market leaves hard to fill, and ``s = -ln h`` the
searchers a day per daily opening that would leave that share (``s0 = -ln h0`` with ``h0`` =
``market.normal_hard_to_fill_share``, the balance at which reported rates hold). The wage curve
(Blanchflower and Oswald 1994: pay falls with local slack, elasticity about -0.1) puts the
multiplier at ``(s / s0) ** -e``, ``e`` = ``market.wage_curve_elasticity``; each month the
multiplier closes a share ``a`` = ``market.pay_adjustment_per_month`` of the gap in logs, kept
within ``market.pay_multiplier_min`` to ``market.pay_multiplier_max``; a role with no openings
that month keeps its rate. Pay is a level that follows slack, not a controller that moves until
slack is back at ``h0``: a shortage that persists is paid for in part and left unfilled in part.
Tightness counts a month's openings and workers of the whole country, both in simulated units,
so it does not change with ``scale``; the realized unfilled openings, lumpier at a coarse scale
(a region's openings come a title at a time), are an outcome, not the signal, and so are the
regional mismatches behind them.

Supply follows pay at two margins. On a given day only a share of a role's idle workers are
reachable and willing (``market.daily_availability``: many have other work, as part-time extras
and live streamers do); that share is multiplied by ``multiplier **
market.availability_pay_elasticity`` (at most 1), and sets how many applicants the urn-ball
search draws. Entry from outside pools responds too (:mod:`sim.model.turnover`): entrants of a
role are multiplied by ``multiplier ** turnover.entry_pay_elasticity``.
"""

import numpy as np

from sim.config import DramaSimConfig
from sim.vocabulary import DAYS_PER_MONTH, ROLES, SECTORS

MIN_SHARE, MAX_SHARE = 1e-12, 0.999
"""Bounds on the hard-to-fill share read as slack: ``-ln h`` stays finite and positive."""


class DayRates:
    """Current day rates (yuan) by role, and the month's openings they adjust to."""

    def __init__(self, config: DramaSimConfig):
        market = config.market
        self.base = np.array([market.day_rate_yuan[role] for role in ROLES], dtype=float)
        self.multiplier = np.ones(len(ROLES))
        self.current = self.base.copy()
        """Yuan a day by role, paid for every day worked at this rate."""
        self.adjustment = market.pay_adjustment_per_month
        self.normal_searchers = -np.log(market.normal_hard_to_fill_share)
        """Searchers a day per daily opening at which reported rates hold (``s0``)."""
        self.elasticity = market.wage_curve_elasticity
        self.bounds = (market.pay_multiplier_min, market.pay_multiplier_max)
        self.base_reach = np.array(
            [market.daily_availability.get(role, 1.0) for role in ROLES], dtype=float
        )
        self.reach_elasticity = market.availability_pay_elasticity
        self.reach = self.base_reach.copy()
        """Share of a role's idle workers reachable and willing on a given day."""
        self.shape = (len(SECTORS), len(ROLES))
        """Cells of the tightness count: (sector, role)."""
        self.openings = np.zeros(self.shape)
        self.slack_by_month: list[np.ndarray] = []
        """Each month's searchers a day per daily opening ``s`` by role (NaN where a role had no
        openings): the quantity :mod:`sim.run.availability` calibrates against ``s0``."""

    def cells(self, sector: np.ndarray, role: np.ndarray) -> np.ndarray:
        """Count of ``(sector, role)`` pairs by cell, an array of :attr:`shape`."""
        cell = np.ravel_multi_index((sector, role), self.shape)
        return np.bincount(cell, minlength=self.openings.size).reshape(self.shape)

    def tally(self, sector: np.ndarray, role: np.ndarray) -> None:
        """Count today's openings by cell (sector, role)."""
        self.openings += self.cells(sector, role)

    def adjust_month(self, free: np.ndarray) -> None:
        """Move each role's multiplier towards its wage curve, given the month's openings and
        the ``free`` workers (available, no employer) by cell at the month's end."""
        per_day = self.openings / DAYS_PER_MONTH
        searchers = free * self.reach[None, :]
        open_cells = per_day > 0
        miss = np.exp(-np.divide(searchers, per_day, where=open_cells, out=np.zeros(self.shape)))
        openings = self.openings.sum(axis=0)
        seen = openings > 0
        missed = (self.openings * miss).sum(axis=0)
        share = np.divide(missed, openings, where=seen, out=np.ones(len(ROLES)))
        searchers_per_opening = -np.log(np.clip(share, MIN_SHARE, MAX_SHARE))
        self.slack_by_month.append(np.where(seen, searchers_per_opening, np.nan))
        slack = searchers_per_opening / self.normal_searchers
        gap = -self.elasticity * np.log(slack) - np.log(self.multiplier)
        step = np.where(seen, np.exp(self.adjustment * gap), 1.0)
        self.multiplier = np.clip(self.multiplier * step, *self.bounds)
        self.current = self.base * self.multiplier
        self.reach = np.minimum(1.0, self.base_reach * self.multiplier**self.reach_elasticity)
        self.openings[:] = 0
