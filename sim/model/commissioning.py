"""Commissioning (``docs/model.md`` section 7.1): platforms order micro dramas from studios, and
long-drama companies start series from their annual plans.

Each day every platform orders a Poisson number of micro titles (:meth:`Platform.commission`),
each released free with ads or paid, times the market's commission index; a studio wins each
order with a chance in proportion to its shooting units times its record to the power
``studios.record_exponent``, among studios with fewer than ``studios.order_book_titles_per_unit``
live-action titles per unit in their order book (scripts being written and titles waiting;
:class:`~sim.model.studio_sector.OpenStudios`); when every book is full the day's live-action
orders lapse (counted in ``orders_lapsed``), while AI-made ones, needing no unit, are placed. The
commission index follows, with a lag (``studios.commission_adjustment_per_month``), its target
(C / C0) ** -``studios.commission_cost_elasticity`` × (R / R0) **
``studios.commission_revenue_elasticity``: C is the expected cost of a title at today's day rates
and R its expected revenue (:class:`TitleEconomics`), C0 and R0 the same for the 2025 baseline
(the default config) at reported day rates. A title is made mainly with AI with the winning
studio's AI share; a live-action title is a costume-period drama with
``production.costume_period_share`` and then shoots where the period sets are, otherwise at
home. Long dramas follow annual production plans: a steady flow of
``scenario.long_titles_per_year`` (times ``1 + scenario.long_demand_change``), interleaving TV
and web series, each with a long-drama company drawn at random. New titles enter writing today.
"""

import numpy as np

from sim.config import DramaSimConfig
from sim.model.titles import ProductionPlan, TitleDesigner
from sim.vocabulary import (
    DAYS_PER_YEAR,
    DONE,
    LONG_DRAMA,
    MICRO_AI,
    MICRO_LIVE,
    PHASES,
    ROLES,
    WRITING,
)

SAMPLE_TITLES = 4000
"""Titles of each kind drawn (with a fixed seed) to estimate a mean title's person-days."""


class TitleEconomics:
    """Expected cost and revenue of a micro title under a config (yuan), at given day rates.

    A title of kind k (live-action or AI-made, in the shares ``ai.title_share``) costs its mean
    budget B_k with its labour share a_k paid at today's day rates:
    C = sum_k s_k B_k (1 - a_k + a_k w_k), where L_kr is the yuan a mean title of kind k pays
    role r at reported rates (person-days of titles drawn by :class:`TitleDesigner`, times the
    share of the phase each role works, times ``market.day_rate_yuan``), a_k = min(1, sum_r L_kr
    / B_k) and w_k = sum_r L_kr m_r / sum_r L_kr the kind's day-rate index, with m_r the role's
    day-rate multiplier (:class:`~sim.model.pay.DayRates`). Its expected revenue is
    R = ``business_model.revenue_per_title_yuan`` × sum_k s_k f_k (f = 1 for live-action,
    ``studios.ai_revenue_factor`` for AI-made titles). A studio's expected income from it is the
    free share of ``studio_revenue_share`` × revenue plus the paid share of budget × (1 +
    ``paid_fee_margin``).
    """

    def __init__(self, config: DramaSimConfig):
        bm, production = config.business_model, config.production
        ai = config.ai.title_share
        self.kind_share = {MICRO_LIVE: 1 - ai, MICRO_AI: ai}
        designer = TitleDesigner(config, np.random.default_rng(0))
        plan = ProductionPlan(config)
        rates = np.array([config.market.day_rate_yuan[role] for role in ROLES], dtype=float)
        rng = np.random.default_rng(1)
        self.labour_yuan = {}
        """Yuan a mean title of each kind pays each role at reported rates."""
        self.budget_yuan = {}
        self.studio_income_yuan = {}
        revenue_factor = {MICRO_LIVE: 1.0, MICRO_AI: config.studios.ai_revenue_factor}
        templates = {MICRO_LIVE: production.micro_live, MICRO_AI: production.micro_ai}
        for kind, template in templates.items():
            free = rng.random(SAMPLE_TITLES) < bm.free_share
            title = designer.design(kind, free)
            work = title["team"] * title["days"][:, :, None] * plan.work_share[kind]
            self.labour_yuan[kind] = work.sum(axis=(0, 1)) / SAMPLE_TITLES * rates
            budget = (template.budget_yuan_min + template.budget_yuan_max) / 2
            self.budget_yuan[kind] = budget
            revenue = bm.revenue_per_title_yuan * revenue_factor[kind]
            self.studio_income_yuan[kind] = bm.free_share * bm.studio_revenue_share * revenue + (
                1 - bm.free_share
            ) * budget * (1 + config.studios.paid_fee_margin)
        self.revenue_yuan = bm.revenue_per_title_yuan * sum(
            share * revenue_factor[kind] for kind, share in self.kind_share.items()
        )
        """Expected platform revenue of a commissioned title (yuan)."""

    def cost_yuan(self, multiplier: np.ndarray | float = 1.0) -> float:
        """Expected cost of a commissioned title at day-rate multipliers ``multiplier`` (by
        role; 1: the reported rates)."""
        cost = 0.0
        for kind, share in self.kind_share.items():
            budget, labour = self.budget_yuan[kind], self.labour_yuan[kind]
            total = labour.sum()
            labour_share = min(1.0, total / budget) if budget > 0 else 0.0
            index = float(np.sum(labour * multiplier) / total) if total > 0 else 1.0
            cost += share * budget * (1 - labour_share + labour_share * index)
        return cost

    def studio_return(self) -> float:
        """A studio's expected income per yuan of budget on a commissioned title."""
        income = sum(share * self.studio_income_yuan[k] for k, share in self.kind_share.items())
        return income / max(self.cost_yuan(), 1.0)


class Commissioning:
    """The commissioning process of :class:`~sim.model.DramaLabourModel` (a mixin: it reads the
    model's ``platforms``, ``regions``, ``designer``, ``long_designer``, ``productions`` and
    ``long_studios``, draws micro dramas from the ``titles`` stream and long dramas from the
    ``long_titles`` stream, and starts titles' phases through ``start_phase``)."""

    def commission(self, day: int) -> None:
        """Platforms commission micro dramas; long-drama companies start series."""
        rng = self.rngs["titles"]
        regions = self.regions
        orders = [platform.commission(rng, self.commission_index) for platform in self.platforms]
        count = sum(n for n, _ in orders)
        if count:
            free = np.concatenate([f for _, f in orders])
            counts = [n for n, _ in orders]
            platform = np.repeat([p.index for p in self.platforms], counts)
            abroad = np.repeat([p.abroad for p in self.platforms], counts) | (
                rng.random(count) < self.config.production.overseas_version_share
            )
            studios = self.open_micro_studios()
            room = studios.take_orders(self.config.studios.order_book_titles_per_unit)
            pick = studios.draw(rng, count)
            home = studios.region[pick]
            ai = rng.random(count) < studios.ai_share[pick]
            costume = ~ai & (rng.random(count) < self.config.production.costume_period_share)
            shoot_region = np.where(costume, regions.draw(rng, "period_location", count), home)
            post_region = regions.draw(rng, "post_location", count)
            placed = ~ai & room  # every order book full: live-action orders lapse
            self.orders_lapsed += int(np.count_nonzero(~ai & ~placed))
            for position in pick[placed]:
                studios.studios[position].scripts += 1
            for kind, mask in ((MICRO_LIVE, placed), (MICRO_AI, ai)):
                self._new_titles(
                    kind,
                    day,
                    free=free[mask],
                    abroad=abroad[mask],
                    costume=costume[mask],
                    studio=studios.index[pick[mask]],
                    platform=platform[mask],
                    home_region=home[mask],
                    region=shoot_region[mask],
                    post_region=post_region[mask],
                )
        # Long dramas follow annual production plans: a steady flow, not a lottery.
        self._long_backlog += self.long_titles_per_day()
        long_count = int(self._long_backlog)
        self._long_backlog -= long_count
        if long_count:
            rng = self.rngs["long_titles"]
            studio = self.long_studios[rng.integers(0, len(self.long_studios), long_count)]
            region = regions.draw(rng, "long_location", long_count)
            self._new_titles(
                LONG_DRAMA,
                day,
                free=np.zeros(long_count, bool),
                costume=False,
                studio=studio,
                platform=-1,
                home_region=region,
                region=region,
                post_region=regions.draw(rng, "post_location", long_count),
                tv=self._next_long_are_tv(long_count),
            )

    def micro_titles_per_day(self) -> float:
        """Micro titles the platforms order a day (simulated titles, expected)."""
        return sum(p.titles_per_day * p.users for p in self.platforms) * self.commission_index

    def open_commissioning(self) -> None:
        """The economics of a title under this config and the 2025 baseline, and the commission
        index at its target for reported day rates."""
        self.economics = TitleEconomics(self.config)
        self.reference_economics = TitleEconomics(DramaSimConfig())
        self.commission_index = self.commission_target(1.0)

    def commission_target(self, multiplier: np.ndarray | float) -> float:
        """The commission index the platforms aim at with day-rate multipliers ``multiplier``:
        (C / C0) ** -cost elasticity × (R / R0) ** revenue elasticity, at most
        ``studios.commission_index_max`` (titles that cost nothing are not ordered without end).
        """
        policy = self.config.studios
        now, then = self.economics, self.reference_economics
        cost = now.cost_yuan(multiplier) / then.cost_yuan()
        revenue = now.revenue_yuan / then.revenue_yuan
        if cost <= 0:
            return policy.commission_index_max
        target = cost**-policy.commission_cost_elasticity * (
            revenue**policy.commission_revenue_elasticity
        )
        return min(target, policy.commission_index_max)

    def adjust_commissions(self) -> None:
        """At a month's end the commission index closes ``studios.commission_adjustment_per_month``
        of its gap to the target at today's day rates."""
        target = self.commission_target(self.market.pay.multiplier)
        step = self.config.studios.commission_adjustment_per_month
        self.commission_index += step * (target - self.commission_index)

    def long_titles_per_day(self) -> float:
        """Long dramas started a day (simulated titles): the annual plan spread evenly."""
        scenario = self.config.scenario
        return (
            scenario.long_titles_per_year
            * (1 + scenario.long_demand_change)
            / DAYS_PER_YEAR
            / self.scale
        )

    def _next_long_are_tv(self, count: int) -> np.ndarray:
        """Whether each of the next ``count`` long dramas is a TV series: the plan interleaves
        TV and web series so that ``scenario.long_tv_share`` of them are TV."""
        k = self._long_started + np.arange(count + 1)
        self._long_started += count
        share = self.config.scenario.long_tv_share
        return np.diff(np.floor(k * share)) > 0

    def _new_titles(
        self, kind: int, day: int, free: np.ndarray, abroad: np.ndarray | None = None, **columns
    ) -> None:
        """Add titles of ``kind`` designed now, and start their writing today."""
        if len(free) == 0:
            return
        ids = self.productions.add(
            len(free),
            kind=kind,
            free=free,
            commissioned_day=day,
            **(self.long_designer if kind == LONG_DRAMA else self.designer).design(
                kind, free, abroad
            ),
            **columns,
        )
        self.start_phase(ids, WRITING, day)

    def warm_start_long_dramas(self) -> None:
        """Long dramas already under way on day 0, commissioned at the same rate before it.

        A long drama takes more than a year from script to delivery; without these the first
        simulated years would see too few of them finish.
        """
        rng = self.rngs["long_titles"]
        phases = [getattr(self.config.production.long, name) for name in PHASES]
        longest = int(sum(p.days_max for p in phases))
        count = round(self.long_titles_per_day() * longest)
        design = self.long_designer.design(LONG_DRAMA, np.zeros(count, dtype=bool))
        commissioned = -rng.integers(1, longest + 1, count)
        phase_ends = commissioned[:, None] + np.cumsum(design["days"], axis=1)
        phase = (phase_ends <= 0).sum(axis=1)
        keep = phase < DONE
        n = int(keep.sum())
        region = self.regions.draw(rng, "long_location", n)
        ids = self.productions.add(
            n,
            kind=LONG_DRAMA,
            commissioned_day=commissioned[keep],
            **{key: value[keep] if np.ndim(value) else value for key, value in design.items()},
            studio=self.long_studios[rng.integers(0, len(self.long_studios), n)],
            platform=-1,
            home_region=region,
            region=region,
            post_region=self.regions.draw(rng, "post_location", n),
            tv=self._next_long_are_tv(n),
        )
        for p in range(DONE):
            now = phase[keep] == p
            self.start_phase(ids[now], p, 0, end=phase_ends[keep][now, p])
