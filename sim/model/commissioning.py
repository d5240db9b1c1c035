"""Commissioning (``docs/model.md`` section 7.1): platforms order micro dramas from studios, and
long-drama companies start series from their annual plans.

Each day every platform orders a Poisson number of micro titles (:meth:`Platform.commission`),
each released free with ads or paid; a studio wins each order with a chance in proportion to its
shooting units. A title is made mainly with AI with the winning studio's AI share; a live-action
title is a costume-period drama with ``production.costume_period_share`` and then shoots where
the period sets are, otherwise at home. Long dramas follow annual production plans: a steady flow
of ``scenario.long_titles_per_year`` (times ``1 + scenario.long_demand_change``), interleaving TV
and web series, each with a long-drama company drawn at random. New titles enter writing today.
"""

import numpy as np

from sim.vocabulary import DAYS_PER_YEAR, DONE, LONG_DRAMA, MICRO_AI, MICRO_LIVE, PHASES, WRITING


class Commissioning:
    """The commissioning process of :class:`~sim.model.DramaLabourModel` (a mixin: it reads the
    model's ``platforms``, ``regions``, ``designer``, ``productions`` and ``long_studios``, draws
    from the ``titles`` stream, and starts titles' phases through ``start_phase``)."""

    def commission(self, day: int) -> None:
        """Platforms commission micro dramas; long-drama companies start series."""
        rng = self.rngs["titles"]
        regions = self.regions
        orders = [platform.commission(rng) for platform in self.platforms]
        count = sum(n for n, _ in orders)
        if count:
            free = np.concatenate([f for _, f in orders])
            counts = [n for n, _ in orders]
            platform = np.repeat([p.index for p in self.platforms], counts)
            abroad = np.repeat([p.abroad for p in self.platforms], counts) | (
                rng.random(count) < self.config.production.overseas_version_share
            )
            studios = self.open_micro_studios()
            pick = studios.draw(rng, count)
            home = studios.region[pick]
            ai = rng.random(count) < studios.ai_share[pick]
            costume = ~ai & (rng.random(count) < self.config.production.costume_period_share)
            shoot_region = np.where(costume, regions.draw(rng, "period_location", count), home)
            post_region = regions.draw(rng, "post_location", count)
            for kind, mask in ((MICRO_LIVE, ~ai), (MICRO_AI, ai)):
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
        return sum(p.titles_per_day * p.users for p in self.platforms)

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
            **self.designer.design(kind, free, abroad),
            **columns,
        )
        self.start_phase(ids, WRITING, day)

    def warm_start_long_dramas(self) -> None:
        """Long dramas already under way on day 0, commissioned at the same rate before it.

        A long drama takes more than a year from script to delivery; without these the first
        simulated years would see too few of them finish.
        """
        rng = self.rngs["titles"]
        phases = [getattr(self.config.production.long, name) for name in PHASES]
        longest = int(sum(p.days_max for p in phases))
        count = round(self.long_titles_per_day() * longest)
        design = self.designer.design(LONG_DRAMA, np.zeros(count, dtype=bool))
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
