"""The studio sector (``docs/model.md`` section 7.7): entry of micro studios by expected profit,
their records, staffing their in-house core teams, growing, shrinking and closing them.

On day 0 micro studios are founded until the shooting units meet live-action demand at
``studios.target_utilisation``. Afterwards no one plans capacity: at each month's end a Poisson
number of studios enter, ``studios.entry_rate_per_unit_month`` per open shooting unit (founders
come out of the crews at work, so their number follows the units, not the firms) times S **
``studios.entry_profit_elasticity``, where S is an entrant's expected profit rate relative to
that of the 2025 baseline: the titles commissioned per open shooting unit (relative to those at
the target utilisation) times a studio's expected income per yuan of a title's budget (relative
to the baseline's; studios' books pay budgets, so day rates reach entry through the number of
titles commissioned). A new studio goes where the regions' units fall
furthest short of their pull, with an AI share drawn from a Beta distribution around
``ai.title_share``. Each unit brings ``market.core_team`` in-house members, taken from freelance
micro-drama workers of the studio's region first, then from anywhere. A studio that closes
(:meth:`Studio.review_month`) turns its core team freelance and hands its queue to others; one
that drops a unit lets that unit's core members go.
"""

import math

import numpy as np

from sim.model.studios import Studio
from sim.vocabulary import EXPERIENCED, MICRO, MICRO_AI, ROLE


class OpenStudios:
    """Arrays over the open micro studios: index, region, AI share, units, and the cumulative
    probability of winning a commission: in proportion to shooting units times the studio's
    record to the power ``record_exponent``, among studios whose order book is not full."""

    def __init__(self, studios: list[Studio], record_exponent: float, prior_titles: float):
        self.studios = studios
        self.index = np.array([s.index for s in studios], dtype=np.int64)
        self.region = np.array([s.region for s in studios], dtype=np.int64)
        self.ai_share = np.array([s.ai_share for s in studios])
        self.units = np.array([s.units for s in studios], dtype=np.int64)
        record = np.array([s.record(prior_titles) for s in studios])
        self.weight = self.units * record**record_exponent
        self.cdf = np.cumsum(self.weight)

    def close(self, studio: Studio) -> None:
        """``studio`` closed: it wins nothing more (its units count as none)."""
        where = np.searchsorted(self.index, studio.index)
        self.units[where] = 0
        self.weight[where] = 0.0
        self.cdf = np.cumsum(self.weight)

    def take_orders(self, titles_per_unit: float) -> bool:
        """Studios whose order book (live-action titles ordered and not yet shooting: scripts
        being written and titles in the queue) holds ``titles_per_unit`` titles or more per unit
        win nothing until it shortens. Returns whether any studio's book has room; if
        none has, every studio may win, but live-action orders lapse
        (:meth:`Commissioning.commission`), and the titles of a studio that closes may go to any
        studio (:meth:`TitlePhases._enqueue`)."""
        booked = np.fromiter((s.order_book() for s in self.studios), np.int64, len(self.studios))
        weight = np.where(booked < titles_per_unit * self.units, self.weight, 0.0)
        room = weight.sum() > 0
        self.cdf = np.cumsum(weight if room else self.weight)
        return bool(room)

    def draw(self, rng: np.random.Generator, size: int | None = None) -> np.ndarray:
        """Positions of studios winning ``size`` commissions."""
        return np.searchsorted(self.cdf, rng.random(size) * self.cdf[-1], side="right")

    def __len__(self) -> int:
        return len(self.studios)


def systematic_sample(probabilities: np.ndarray, count: int, rng) -> np.ndarray:
    """``count`` category indices whose frequencies follow ``probabilities`` as closely as
    possible (systematic sampling: one random offset, equal steps), in random order."""
    cdf = np.cumsum(probabilities) / np.sum(probabilities)
    positions = (rng.random() + np.arange(count)) / count
    return rng.permutation(np.minimum(np.searchsorted(cdf, positions, side="right"), len(cdf) - 1))


class StudioSector:
    """Studios' entry, core teams and exit in :class:`~sim.model.DramaLabourModel` (a mixin: it
    keeps the model's ``studios`` (every studio ever founded, by index), ``growing`` (studios
    adding a unit at this month's review) and ``studio_closures``, and draws from the
    ``studios`` stream)."""

    def live_title_means(self) -> dict[str, float]:
        """Mean budget (yuan) and shooting-unit days of a live-action micro title."""
        production, bm = self.config.production, self.config.business_model
        live = production.micro_live
        free = bm.free_share
        shoot = (
            (live.shooting.days_min + live.shooting.days_max)
            / 2
            * (1 - free + free * bm.free_shoot_days_factor)
            * self.config.turnover.shoot_days_factor
        )
        pre = (live.pre_production.days_min + live.pre_production.days_max) / 2
        return {
            "budget_yuan": (live.budget_yuan_min + live.budget_yuan_max) / 2,
            "unit_days": pre + shoot + self.config.turnover.studio_gap_days,
        }

    def demand_unit_days(self) -> float:
        """Shooting-unit days a day that live-action commissions ask for (expected)."""
        return self.micro_titles_per_day() * (1 - self.config.ai.title_share) * self.unit_days_mean

    def units_needed(self) -> int:
        """Shooting units that meet live-action demand at the target utilisation; at least one,
        so that some studio takes the commissions (AI-made titles only need one too)."""
        needed = self.demand_unit_days() / self.config.studios.target_utilisation
        return max(math.ceil(needed), 1)

    def expected_entrants(self, open_studios: OpenStudios) -> float:
        """Micro studios expected to enter this month: ``studios.entry_rate_per_unit_month`` per
        open shooting unit times the expected profit rate S ** ``studios.entry_profit_elasticity``,
        at most as many as there are units (at least one): entry can double the shooting units in
        a month, no more. Whether those units sit in many studios or in a few does not matter."""
        policy = self.config.studios
        units = max(int(open_studios.units.sum()), 1)
        utilisation = self.demand_unit_days() / units / policy.target_utilisation
        margin = self.economics.studio_return() / self.reference_economics.studio_return()
        rate = policy.entry_rate_per_unit_month * units
        profit_rate = max(utilisation * margin, 0.0)  # no entry when titles lose money
        return min(rate * profit_rate**policy.entry_profit_elasticity, units)

    def entrants(self, open_studios: OpenStudios) -> int:
        """Micro studios entering this month: Poisson around :meth:`expected_entrants`; at least
        one when no studio is open."""
        count = int(self.rngs["studios"].poisson(self.expected_entrants(open_studios)))
        return count if open_studios.units.any() else max(count, 1)

    def new_studio(self, sector: int, region: int, ai_share: float) -> Studio:
        """A studio of ``sector`` in ``region`` with one unit and its founding cash."""
        cash = self.config.studios.founding_cash_titles * self.mean_live_budget_yuan
        studio = Studio(self, len(self.studios), sector, region, ai_share, units=1, cash_yuan=cash)
        self.studios.append(studio)
        return studio

    def found_micro_studios(self, count: int) -> None:
        """Found ``count`` micro-drama studios and staff their core teams."""
        if count <= 0:
            return
        rng = self.rngs["studios"]
        ai = self.config.ai.title_share
        k = self.config.studios.ai_share_concentration
        ai_shares = rng.beta(ai * k, (1 - ai) * k, count) if 0 < ai < 1 else np.full(count, ai)
        regions = systematic_sample(self._location_gap(count), count, rng)
        founded = [
            self.new_studio(MICRO, int(r), float(a))
            for r, a in zip(regions, ai_shares, strict=True)
        ]
        self.hire_core_team(founded, units=1)
        self._open_studios = None

    def found_initial_studios(self) -> None:
        """Day 0: the studios that meet demand at ``studios.target_utilisation``. They have been
        in business for a while: their cash is spread evenly between the closure and growth
        lines (mean budgets per unit), so that closures, shrinking and growth go on from the
        start instead of after a quiet first year."""
        self.found_micro_studios(self.units_needed())
        policy = self.config.studios
        studios = [s for s in self.studios if s.sector == MICRO]
        cash = self.rngs["studios"].uniform(
            policy.closure_cash_titles, policy.growth_cash_titles, len(studios)
        )
        for studio, per_unit in zip(studios, cash, strict=True):
            studio.cash_yuan = per_unit * self.mean_live_budget_yuan

    def _location_gap(self, count: int) -> np.ndarray:
        """Where ``count`` new studios go: in proportion to how far each region's shooting
        units fall short of its share of the pull (``regions.studio_location``) once they open.
        """
        units = np.zeros(len(self.regions))
        for studio in self.studios:
            if not studio.closed and studio.sector == MICRO:
                units[studio.region] += studio.units
        gap = np.maximum(self.regions.studio_location * (units.sum() + count) - units, 0)
        return gap if gap.sum() > 0 else self.regions.studio_location

    def hire_core_team(self, studios: list[Studio] | Studio, units: int) -> None:
        """Take on in-house core members (``market.core_team`` per unit) from the studios'
        regions, or anywhere if the region has none available."""
        studios = [studios] if isinstance(studios, Studio) else studios
        wf = self.workforce
        want = [
            (s.index, ROLE[role], s.region)
            for s in studios
            for role, people in self.config.market.core_team.items()
            for _ in range(int(people * units))
        ]
        if not want:
            return
        studio, role, region = (np.array(column) for column in zip(*want, strict=True))
        hired = self.market.find_core_members(role, region, self.day)
        ok = hired >= 0
        members, studio = hired[ok], studio[ok]
        wf.employer[members] = studio
        wf.last_studio[members] = studio
        wf.core_since[members] = self.day
        wf.tier[members] = np.maximum(wf.tier[members], EXPERIENCED)
        wf.new_spell(members)
        self.market.note(members)  # their tier, part of their key in the candidate pool
        for index in np.unique(studio):
            self.market.core_teams.add(int(index), members[studio == index])

    def _let_go(self, core: np.ndarray) -> None:
        """Core members leave their studio and turn freelance."""
        wf = self.workforce
        wf.employer[core] = -1
        wf.core_since[core] = -1
        wf.new_spell(core)
        self.newly_idle.append(core)

    def shrink_core_team(self, studio: Studio) -> None:
        """``studio`` dropped a unit: the members who joined last, a unit's worth, are let go."""
        per_unit = sum(int(people) for people in self.config.market.core_team.values())
        team = self.market.core_teams.dissolve(studio.index)
        keep = max(len(team) - per_unit, 0)
        self.market.core_teams.add(studio.index, team[:keep])
        self._let_go(team[keep:])

    def close_studio(self, studio: Studio) -> None:
        """A studio goes under: its core team turn freelance, its queue goes elsewhere."""
        self._let_go(self.market.core_teams.dissolve(studio.index))
        queued = list(studio.queue)
        studio.queue.clear()
        studio.closed = True
        studio.remove()
        if self._open_studios is not None:
            self._open_studios.close(studio)
        self.studio_closures += 1
        for title in queued:
            self._enqueue(title)

    def open_micro_studios(self) -> OpenStudios:
        """The open micro studios as arrays, with the chance that each wins a commission."""
        if self._open_studios is None:
            policy = self.config.studios
            self._open_studios = OpenStudios(
                [s for s in self.agents_by_type[Studio] if s.sector == MICRO],
                policy.record_exponent,
                policy.record_prior_titles,
            )
        return self._open_studios

    def update_records(self) -> None:
        """Add the micro titles completed since the last review to their studios' records:
        each title's revenue relative to the mean revenue of its kind."""
        prod = self.productions
        done = prod.finished_between(self._last_review_day, self.day)
        done = done[prod.sector[done] == MICRO]
        self._last_review_day = self.day
        expected = self.config.business_model.revenue_per_title_yuan * np.where(
            prod.kind[done] == MICRO_AI, self.config.studios.ai_revenue_factor, 1.0
        )
        hits = np.divide(
            prod.revenue_yuan[done], expected, where=expected > 0, out=np.ones(len(done))
        )
        studio = prod.studio[done]
        titles = np.bincount(studio, minlength=len(self.studios))
        hit_sum = np.bincount(studio, weights=hits, minlength=len(self.studios))
        fade = math.exp(-1.0 / self.config.studios.record_memory_months)
        for s in self.agents_by_type[Studio]:
            if s.sector == MICRO:
                s.add_to_record(float(titles[s.index]), float(hit_sum[s.index]), fade)

    def review_studios(self) -> None:
        """Studios' records take in the month's titles; studios review their cash in random
        order (closing, shrinking or growing); the shrinking ones let a unit's core team go and
        the growing ones hire their new units' core teams; new studios enter by expected
        profit."""
        self.update_records()
        self.growing, self.shrinking = [], []
        self.agents_by_type[Studio].shuffle_do("review_month")
        for studio in self.shrinking:
            self.shrink_core_team(studio)
        self.hire_core_team(self.growing, units=1)
        self._open_studios = None
        self.found_micro_studios(self.entrants(self.open_micro_studios()))

    def firm_sizes(self, year_start: int, year_end: int) -> dict[str, float]:
        """The firm-size distribution of open micro studios (shooting units) at ``year_end``
        and the share of the year's micro titles made by the top tenth of the studios that
        made any (by titles)."""
        units = self.open_micro_studios().units
        units = units[units > 0]
        prod = self.productions
        done = prod.finished_between(year_start, year_end)
        made = np.bincount(prod.studio[done[prod.sector[done] == MICRO]])
        made = np.sort(made[made > 0])[::-1]
        top = max(math.ceil(len(made) / 10), 1)
        return {
            "studios.units_median": float(np.median(units)) if len(units) else 0.0,
            "studios.units_p90": float(np.percentile(units, 90)) if len(units) else 0.0,
            "studios.units_max": float(units.max()) if len(units) else 0.0,
            "studios.units_mean": float(units.mean()) if len(units) else 0.0,
            "studios.top10_title_share": float(made[:top].sum() / made.sum()) if len(made) else 0.0,
        }
