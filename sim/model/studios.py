"""Studios: Mesa agents that take commissions, keep a core team, shoot titles and live or die.

A micro-drama studio has one or more shooting units; a live-action title that has finished its
script waits in the studio's queue until a unit is free, then goes through pre-production and the
shoot, after which the unit rests ``turnover.studio_gap_days`` before the next title. AI-made
titles and long dramas need no shooting unit. A studio keeps an in-house core team
(``market.core_team`` people per role and unit) and hires everyone else per title. It draws
its AI share from a Beta distribution around ``ai.title_share`` and its region from the clusters'
pull and cost. Revenue is heavy-tailed ("nobody knows"): paid titles earn a fixed fee over their
budget, free titles a share of their lognormal ad revenue. Each month a studio pays its units'
costs (``studios.unit_cost_yuan_per_day``) and reviews its cash per shooting unit, in mean
budgets: below ``studios.closure_cash_titles`` it closes; below ``studios.shrink_cash_titles``
(after flops), or with a unit that has had nothing to shoot for ``studios.idle_unit_days``, it
drops a unit; above ``studios.growth_cash_titles`` (after hits), with at least
``studios.growth_book_titles_per_unit`` titles per unit in its order book (scripts in writing
and titles waiting: its record draws more commissions than its units can shoot), it adds one,
up to ``studios.max_units``. Growth and shrinking that follow cash per unit make firm sizes grow
by multiplicative luck (Gibrat's law), and the platforms' preference for studios with good
records (:meth:`Studio.record`) adds preferential attachment.

A studio's record is its titles' revenue relative to the mean revenue of their kind, averaged
over the titles it completed recently (each month's weight fades by exp(-1 /
``studios.record_memory_months``)), starting from ``studios.record_prior_titles`` titles of
average record: a newcomer's record is 1, the market's mean.
"""

from collections import deque
from collections.abc import Callable

import mesa

from sim.vocabulary import DAYS_PER_MONTH, MICRO


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
        self.scripts = 0
        """Live-action titles ordered from the studio whose scripts are still being written."""
        self.cash_yuan = cash_yuan
        self.closed = False
        self.record_titles = 0.0
        """Recent completed titles (faded)."""
        self.record_hits = 0.0
        """Their revenue relative to the mean of their kind, summed (faded)."""

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

    def order_book(self) -> int:
        """Live-action titles ordered from the studio and not yet shooting: scripts being
        written and titles waiting for a unit."""
        return len(self.queue) + self.scripts

    def earn(self, profit_yuan: float) -> None:
        """Book a finished title's profit (yuan; negative for a loss)."""
        self.cash_yuan += profit_yuan

    def record(self, prior_titles: float) -> float:
        """Recent revenue per title relative to the mean of the titles' kind, shrunk towards 1
        (the mean) by ``prior_titles`` titles of average record."""
        return (prior_titles + self.record_hits) / (prior_titles + self.record_titles)

    def add_to_record(self, titles: float, hits: float, fade: float) -> None:
        """Fade the record by ``fade`` (a share kept) and add the month's completed ``titles``
        with their summed relative revenue ``hits``."""
        self.record_titles = self.record_titles * fade + titles
        self.record_hits = self.record_hits * fade + hits

    def idle_unit(self) -> bool:
        """Whether nothing is queued and a unit has stood idle ``studios.idle_unit_days``."""
        idle_since = self.model.day - self.model.config.studios.idle_unit_days
        return not self.queue and min(self.unit_free_day) <= idle_since

    def review_month(self) -> None:
        """Pay the month's unit costs (``studios.unit_cost_yuan_per_day`` a unit); close when
        cash is exhausted; drop a unit when cash per unit is short; add a unit when cash per
        unit is plentiful and its order book outruns its units."""
        if self.sector != MICRO:
            return
        model = self.model
        policy = model.config.studios
        budget = model.mean_live_budget_yuan
        self.cash_yuan -= policy.unit_cost_yuan_per_day * self.units * DAYS_PER_MONTH
        per_unit = self.cash_yuan / (self.units * budget)
        if per_unit < policy.closure_cash_titles:
            model.close_studio(self)
        elif self.units > 1 and (per_unit < policy.shrink_cash_titles or self.idle_unit()):
            self.units -= 1
            # the unit free soonest goes; a title it is shooting goes on to the end
            self.unit_free_day.remove(min(self.unit_free_day))
            model.shrinking.append(self)  # its unit's core team is let go after the review
        elif (
            self.units < policy.max_units
            and per_unit > policy.growth_cash_titles
            and self.order_book() >= policy.growth_book_titles_per_unit * self.units
        ):
            self.cash_yuan -= policy.founding_cash_titles * budget
            self.units += 1
            self.unit_free_day.append(model.day)
            model.growing.append(self)  # its new unit's core team is hired after the review
