"""Streaming platforms: Mesa agents that choose a business model, grow users and commission.

A platform releases a share of its titles free with ad revenue sharing and the rest paid per
episode: the market's ``business_model.free_share`` f tilted by the platform's own
``free_offset`` o to f ** exp(-2 o), so that a free-first app (o > 0) goes free sooner than a
paid mini-program (o < 0) while f = 0 and f = 1 still mean paid-only and free-only.

Its users grow each month by a twelfth of ``scenario.micro_demand_growth_per_year`` plus
``business_model.free_user_growth_per_year`` times its free share. Its commissions a day are
proportional to its users: at the start the market commissions ``scenario.micro_titles_per_month``
titles a month if all were paid; a free title takes ``business_model.free_commission_factor`` of a
paid title's slot (the free model asks for fewer, better titles). All platforms' commissions are
multiplied by the market's commission index, which follows the cost and revenue of a title
(:mod:`sim.model.commissioning`).
"""

import mesa
import numpy as np

from sim.config import DramaSimConfig, PlatformConfig
from sim.vocabulary import DAYS_PER_MONTH


class Platform(mesa.Agent):
    """One platform. ``users`` is relative: 1.0 is its user base at the start."""

    def __init__(self, model: mesa.Model, name: str, platform: PlatformConfig, index: int):
        super().__init__(model)
        config: DramaSimConfig = model.config
        self.name = name
        self.index = index
        self.user_share = platform.user_share
        self.abroad = platform.abroad
        self.free_share = platform_free_share(
            config.business_model.free_share, platform.free_offset
        )
        self.users = 1.0
        bm = config.business_model
        growth = config.scenario.micro_demand_growth_per_year
        self.monthly_growth = (growth + bm.free_user_growth_per_year * self.free_share) / 12
        slot_per_title = (1 - self.free_share) + self.free_share * bm.free_commission_factor
        self.titles_per_day = (
            config.scenario.micro_titles_per_month
            / DAYS_PER_MONTH
            / model.scale
            * platform.user_share
            * slot_per_title
        )

    def commission(self, rng: np.random.Generator, index: float = 1.0) -> tuple[int, np.ndarray]:
        """Titles commissioned today: how many, and which are released free. ``index`` is the
        market's commission index (:mod:`sim.model.commissioning`: titles respond to cost and
        revenue)."""
        count = int(rng.poisson(self.titles_per_day * self.users * index))
        return count, rng.random(count) < self.free_share

    def grow_month(self) -> None:
        """Monthly user growth."""
        self.users *= 1 + self.monthly_growth


def platform_free_share(market_free_share: float, offset: float) -> float:
    """A platform's share of titles released free, given the market's share and its tilt."""
    return float(market_free_share ** np.exp(-2.0 * offset))
