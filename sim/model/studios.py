"""Studios: Mesa agents that take commissions, keep a core team, shoot titles and live or die.

A micro-drama studio has one or more shooting units; a live-action title that has finished its
script waits in the studio's queue until a unit is free, then goes through pre-production and the
shoot, after which the unit rests ``turnover.studio_gap_days`` before the next title. AI-made
titles and long dramas need no shooting unit. A studio keeps an in-house core team
(``market.core_team`` people per role and unit) and hires everyone else per title. It draws
its AI share from a Beta distribution around ``ai.title_share`` and its region from the clusters'
pull and cost. Revenue is heavy-tailed ("nobody knows"): paid titles earn a fixed fee over their
budget, free titles a share of their lognormal ad revenue. Each month a studio whose cash fell
below ``studios.closure_cash_titles`` mean budgets closes; one above
``studios.growth_cash_titles`` adds a shooting unit, up to ``studios.max_units``.
"""

from collections import deque
from collections.abc import Callable

import mesa

from sim.vocabulary import MICRO


class Studio(mesa.Agent):
    """A production company of either sector. ``index`` is its row in worker arrays."""

    def __init__(
        self,
        model: mesa.Model,
        index: int,
        sector: int,
        region: int,
        ai_share: float,
        units: int,
        cash_yuan: float,
    ):
        super().__init__(model)
        self.index = index
        self.sector = sector
        self.region = region
        self.ai_share = ai_share
        self.units = units
        self.unit_free_day = [model.day] * units if sector == MICRO else []
        self.queue: deque[int] = deque()
        self.cash_yuan = cash_yuan
        self.closed = False

    def next_shoots(self, day: int, unit_days: Callable[[int], int]) -> list[tuple[int, int]]:
        """Titles from the queue that start pre-production today, one per free unit, each with
        the day its unit is free again.

        ``unit_days(title)`` gives the days a title occupies a unit (pre-production, shoot and
        the rest after it).
        """
        started = []
        for unit, free_day in enumerate(self.unit_free_day):
            if not self.queue:
                break
            if free_day <= day:
                title = self.queue.popleft()
                self.unit_free_day[unit] = day + unit_days(title)
                started.append((title, self.unit_free_day[unit]))
        return started

    def earn(self, profit_yuan: float) -> None:
        """Book a finished title's profit (yuan; negative for a loss)."""
        self.cash_yuan += profit_yuan

    def review_month(self) -> None:
        """Close when cash is exhausted; add a unit when cash is plentiful."""
        model = self.model
        policy = model.config.studios
        budget = model.mean_live_budget_yuan
        if self.sector == MICRO and self.cash_yuan < policy.closure_cash_titles * budget:
            model.close_studio(self)
        elif (
            self.sector == MICRO
            and self.units < policy.max_units
            and self.cash_yuan > policy.growth_cash_titles * budget
        ):
            self.cash_yuan -= policy.founding_cash_titles * budget
            self.units += 1
            self.unit_free_day.append(model.day)
            model.growing.append(self)  # its new unit's core team is hired after the review
