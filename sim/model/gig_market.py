"""The gig-market policy (Qujiang, Quzhou, 2025): a local pool of certified part-time extras with
training, guaranteed pay through an actors' union and daily accident insurance.

Everything the policy does is here (``docs/model.md`` sections 5, 7.3 and 7.6), read by the
processes it changes:

* **the pool** (:meth:`GigMarket.populate`): each region of ``policy.gig_market_regions`` starts
  with about ``policy.gig_pool_people`` part-timers, micro-drama extras who are certified
  (experienced) from the start and registered as gig-market members (``origin`` gig_market);
* **entry** (:meth:`GigMarket.entrants_per_day`): the pool is renewed at the industry's entry rate
  (``turnover.annual_entry_rate``), as :mod:`sim.model.turnover` adds entrants;
* **staying** (:meth:`GigMarket.exit_factor`): guaranteed pay and insurance multiply a member's
  exit hazards by ``policy.gig_exit_factor``;
* **dispatch** (``policy.gig_dispatch``): when a title hires workers from other regions, the gig
  market's usable members are offered first (:mod:`sim.model.hiring`, stage 5); members are never
  taken into studios' in-house core teams.
"""

import numpy as np

from sim.config import DramaSimConfig
from sim.model.population import draw_profiles
from sim.model.regions import Regions
from sim.model.workforce import Workforce
from sim.vocabulary import EXPERIENCED, MICRO, ORIGIN, ROLE


class GigMarket:
    """The gig markets of the policy: their regions and pool size (simulated workers)."""

    def __init__(self, config: DramaSimConfig, regions: Regions, scale: float):
        policy = config.policy
        self.config = config
        member = np.zeros(len(regions), dtype=bool)
        member[[regions.index[name] for name in policy.gig_market_regions]] = True
        self.regions = np.flatnonzero(member)
        """The regions with a gig market, in index order."""
        self.pool_per_region = policy.gig_pool_people * config.scenario.labour_supply / scale
        self.dispatch = policy.gig_dispatch
        self.member_exit_factor = policy.gig_exit_factor

    def populate(self, workforce: Workforce, rng: np.random.Generator) -> None:
        """The part-time pools on day 0: about ``pool_per_region`` extras in each gig market."""
        n = rng.poisson(self.pool_per_region, len(self.regions))
        region = np.repeat(self.regions, n)
        workforce.add(
            len(region),
            role=ROLE["extra"],
            sector=MICRO,
            region=region,
            gig=True,
            tier=EXPERIENCED,
            origin=ORIGIN["gig_market"],
            **draw_profiles(self.config, ORIGIN["gig_market"], len(region), 0, rng),
        )

    def entrants_per_day(self, daily_entry_rate: float) -> float:
        """Expected new members a day in each gig market (simulated workers), at the industry's
        entry rate (entrants a day per worker)."""
        return self.pool_per_region * daily_entry_rate

    def exit_factor(self, gig: np.ndarray) -> np.ndarray:
        """Multiplier on the exit hazards of workers by whether they are members (``gig``)."""
        return np.where(gig, self.member_exit_factor, 1.0)
