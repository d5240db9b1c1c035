"""Day rates (``docs/model.md`` section 7.12): pay by role that rises when work is hard to
staff and falls when it is easy, and the entry it draws in.

Workers are paid by the day at their role's current rate: the reported rate of 2025
(``market.day_rate_yuan``, yuan a day) times the role's multiplier. At each month's end the
multiplier moves with the month's hard-to-fill share ``h`` of the role's openings (slots that
were left unfilled on the day they opened, or filled only by someone travelling from another
region or recruited on the spot): ``multiplier *= exp(k * (h - h0))`` with ``k`` =
``market.pay_adjustment_per_month`` and ``h0`` = ``market.normal_hard_to_fill_share`` (the share
at which reported rates hold), kept within ``market.pay_multiplier_min`` to
``market.pay_multiplier_max``; a role with no openings that month keeps its rate. This is a wage
Phillips curve by occupation: pay responds to excess demand, not to a target level.

Supply follows pay at two margins. On a given day only a share of a role's idle workers are
reachable and willing (``market.daily_availability``: many have other work, as part-time extras
and live streamers do); that share is multiplied by ``multiplier **
market.availability_pay_elasticity`` (at most 1), and sets how many applicants the urn-ball
search of :mod:`sim.model.hiring` draws. Entry from outside pools responds too
(:mod:`sim.model.turnover`): entrants of a role are multiplied by ``multiplier **
turnover.entry_pay_elasticity``.
"""

import numpy as np

from sim.config import DramaSimConfig
from sim.vocabulary import ROLES


class DayRates:
    """Current day rates (yuan) by role, and the month's tallies they adjust to."""

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
        self.openings = np.zeros(len(ROLES))
        self.hard_to_fill = np.zeros(len(ROLES))

    def tally(self, role: np.ndarray, hard: np.ndarray) -> None:
        """Count openings of ``role`` today, and which of them were ``hard`` to fill."""
        self.openings += np.bincount(role, minlength=len(ROLES))
        self.hard_to_fill += np.bincount(role[hard], minlength=len(ROLES))

    def adjust_month(self) -> None:
        """Move each role's multiplier with its hard-to-fill share of the month's openings."""
        seen = self.openings > 0
        share = np.divide(self.hard_to_fill, self.openings, where=seen, out=np.zeros(len(ROLES)))
        step = np.where(seen, np.exp(self.adjustment * (share - self.normal_share)), 1.0)
        self.multiplier = np.clip(self.multiplier * step, *self.bounds)
        self.current = self.base * self.multiplier
        self.reach = np.minimum(1.0, self.base_reach * self.multiplier**self.reach_elasticity)
        self.openings[:] = 0
        self.hard_to_fill[:] = 0
