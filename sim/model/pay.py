"""Day rates (``docs/model.md`` section 7.12): pay by role that rises when the market for the
role is tight and falls when it is slack, and the entry it draws in.

Workers are paid by the day at their role's current rate: the reported rate of 2025
(``market.day_rate_yuan``, yuan a day) times the role's multiplier. At each month's end the
multiplier moves with the role's tightness: in each sector, the role's openings a day over the
month ``v`` and its free workers reachable on a day ``u`` (free workers at the month's end times
the role's daily availability), both national, give the chance ``exp(-u / v)`` that an opening draws
no applicant in the urn-ball search of :mod:`sim.model.hiring` (the Beveridge relation of
openings to idle workers); ``h``, its mean over the role's openings, is the share of openings
the market leaves hard to fill. Then ``multiplier *= exp(k * (h - h0))`` with ``k`` =
``market.pay_adjustment_per_month`` and ``h0`` = ``market.normal_hard_to_fill_share`` (the share
at which reported rates hold), kept within ``market.pay_multiplier_min`` to
``market.pay_multiplier_max``; a role with no openings that month keeps its rate. This is a wage
Phillips curve by occupation: pay responds to tightness (openings against idle workers), not to
a target level. Tightness counts a month's openings and workers of the whole country, both in
simulated units, so it does not change with ``scale``; the realized unfilled openings, lumpier
at a coarse scale (a region's openings come a title at a time), are an outcome, not the
signal, and so are the regional mismatches behind them.

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


class DayRates:
    """Current day rates (yuan) by role, and the month's openings they adjust to."""

    def __init__(self, config: DramaSimConfig):
        market = config.market
        self.base = np.array([market.day_rate_yuan[role] for role in ROLES], dtype=float)
        self.multiplier = np.ones(len(ROLES))
        self.current = self.base.copy()
        """Yuan a day by role, paid for every day worked at this rate."""
        self.adjustment = market.pay_adjustment_per_month
        self.normal_share = market.normal_hard_to_fill_share
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

    def cells(self, sector: np.ndarray, role: np.ndarray) -> np.ndarray:
        """Count of ``(sector, role)`` pairs by cell, an array of :attr:`shape`."""
        cell = np.ravel_multi_index((sector, role), self.shape)
        return np.bincount(cell, minlength=self.openings.size).reshape(self.shape)

    def tally(self, sector: np.ndarray, role: np.ndarray) -> None:
        """Count today's openings by cell (sector, role)."""
        self.openings += self.cells(sector, role)

    def adjust_month(self, free: np.ndarray) -> None:
        """Move each role's multiplier with the month's share of openings hard to fill, given
        the ``free`` workers (available, no employer) by cell at the month's end."""
        per_day = self.openings / DAYS_PER_MONTH
        searchers = free * self.reach[None, :]
        open_cells = per_day > 0
        miss = np.exp(-np.divide(searchers, per_day, where=open_cells, out=np.zeros(self.shape)))
        openings = self.openings.sum(axis=0)
        seen = openings > 0
        missed = (self.openings * miss).sum(axis=0)
        share = np.divide(missed, openings, where=seen, out=np.zeros(len(ROLES)))
        step = np.where(seen, np.exp(self.adjustment * (share - self.normal_share)), 1.0)
        self.multiplier = np.clip(self.multiplier * step, *self.bounds)
        self.current = self.base * self.multiplier
        self.reach = np.minimum(1.0, self.base_reach * self.multiplier**self.reach_elasticity)
        self.openings[:] = 0
