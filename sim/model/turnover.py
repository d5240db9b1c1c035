"""Enter and leave: workers arrive from outside pools and idle workers leave the industry.

Leaving: an idle worker leaves with a daily hazard of ``turnover.annual_exit_rate`` / 365, plus
``turnover.idle_exit_prob_per_day`` once idle for more than ``turnover.idle_exit_after_days``
(``turnover.long_idle_exit_after_days`` for long-drama workers, used to waiting for the next
order) — people give up when work dries up; gig-market members' hazards are multiplied by
``policy.gig_exit_factor`` (guaranteed pay and insurance keep them). The hazard applies from the
day after a worker becomes idle (:mod:`sim.engine.idle` draws the day they leave). Core-team
members are employees and leave only when their studio closes.

Entering: each day, per sector and role, a Poisson number of entrants with mean
``turnover.annual_entry_rate`` times the initial headcount, divided by 365. They settle where the
role's work is (``home_region``), start as newcomers, and come from the entrant pools of the
2025 reporting: cast from live streaming, short video and graduates
(``market.cast_entrant_origins``), extras from local part-timers, crew and others from graduates.
Each gig-market region also draws certified part-timers at the same rate on its
``policy.gig_pool_people``. Newcomers recruited on set are counted by the market.
"""

import numpy as np

from sim.config import DramaSimConfig
from sim.engine.idle import LEAVE, IdleEvents
from sim.model.gig_market import GigMarket
from sim.model.population import draw_profiles, entrant_origins
from sim.model.workforce import Workforce
from sim.vocabulary import (
    AVAILABLE,
    DAYS_PER_YEAR,
    EXPERIENCED,
    LEFT,
    LONG,
    MICRO,
    NEWCOMER,
    ORIGIN,
    ROLE,
)


class Turnover:
    """Daily entry and exit, with the year's counters."""

    def __init__(
        self,
        config: DramaSimConfig,
        workforce: Workforce,
        initial_headcount: np.ndarray,
        home_region: np.ndarray,
        gig_market: GigMarket,
        rng: np.random.Generator,
        idle: IdleEvents,
    ):
        """``initial_headcount`` is (sector, role) in simulated workers; ``home_region`` is
        (sector, role, region) probabilities; ``gig_market`` renews its pool and lowers its members'
        exit hazards (:mod:`sim.model.gig_market`). The
        exit hazard is set on ``idle``, which says who leaves."""
        self.config = config
        self.workforce = workforce
        self.rng = rng
        rate = config.turnover.annual_entry_rate / DAYS_PER_YEAR
        self.entrants_per_day = initial_headcount * rate
        self.base_entrants_per_day = self.entrants_per_day
        self.home_cdf = np.cumsum(home_region, axis=-1)
        self.gig_market = gig_market
        self.gig_entrants_per_day = gig_market.entrants_per_day(rate)
        self.idle = idle
        idle.set_hazard(LEAVE, self.exit_hazard)
        # Cumulative counters (simulated people); the recorder takes differences.
        self.entries = 0
        self.exits = 0

    def exit_hazard(self, sector, role, gig, employee):
        """The exit hazard (a :data:`sim.engine.idle.Hazard`): the patience (days, by sector) and
        the daily probabilities of leaving before and after it (lowered for gig-market members);
        employees (core-team members) never leave."""
        turnover = self.config.turnover
        patience = np.where(
            sector == LONG, turnover.long_idle_exit_after_days, turnover.idle_exit_after_days
        )
        factor = self.gig_market.exit_factor(gig)
        factor = np.where(employee, 0.0, factor)
        base = turnover.annual_exit_rate / DAYS_PER_YEAR * factor
        return patience, base, base + turnover.idle_exit_prob_per_day * factor

    def follow_pay(self, multiplier: np.ndarray) -> None:
        """Entrants by role follow pay: the base flow times the role's day-rate ``multiplier``
        to the power ``turnover.entry_pay_elasticity`` (:mod:`sim.model.pay`)."""
        elasticity = self.config.turnover.entry_pay_elasticity
        self.entrants_per_day = self.base_entrants_per_day * multiplier[None, :] ** elasticity

    def leave(self, day: int) -> np.ndarray:
        """Idle workers who leave today (marked LEFT); returns them."""
        leaving = self.idle.due(LEAVE, day)
        self.workforce.status[leaving] = LEFT
        self.exits += len(leaving)
        return leaving

    def enter(self, day: int) -> np.ndarray:
        """Today's entrants from outside pools; returns their indices."""
        rng = self.rng
        counts = rng.poisson(self.entrants_per_day)
        sector, role = np.nonzero(counts)
        n = counts[sector, role]
        sector, role = np.repeat(sector, n), np.repeat(role, n)
        region = _draw(self.home_cdf[sector, role], rng)
        origin = entrant_origins(self.config, role, rng)
        new = [self._add(role, sector, region, origin, day, gig=False, tier=NEWCOMER)]
        gig_counts = rng.poisson(self.gig_entrants_per_day, len(self.gig_market.regions))
        if gig_counts.sum():
            gig_region = np.repeat(self.gig_market.regions, gig_counts)
            extras = np.full(len(gig_region), ROLE["extra"])
            new.append(
                self._add(
                    extras, MICRO, gig_region, ORIGIN["gig_market"], day, gig=True, tier=EXPERIENCED
                )
            )
        return np.concatenate(new)

    def _add(self, role, sector, region, origin, day, gig, tier) -> np.ndarray:
        self.entries += len(role)
        return self.workforce.add(
            len(role),
            role=role,
            sector=sector,
            region=region,
            origin=origin,
            gig=gig,
            tier=tier,
            status=AVAILABLE,
            entered_day=day,
            idle_since=day,
            **draw_profiles(self.config, origin, len(role), day, self.rng),
        )


def _draw(cdf: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Index drawn from each row of a cumulative distribution."""
    u = rng.random(len(cdf))[:, None] * cdf[:, -1:]
    return (u >= cdf).sum(axis=1)
