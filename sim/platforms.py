"""Streaming platforms: Mesa agents that choose a business model, grow users and commission.

A platform releases a share of its titles free with ad revenue sharing (``free_share``, the
market's ``business_model.free_share`` plus the platform's own offset, clipped to [0, 1]) and the
rest paid per episode. Its users grow each month by ``scenario.micro_demand_growth_per_year``
plus ``business_model.free_user_growth_per_year`` times its free share. Its commissions a day are
proportional to its users: the whole market commissions ``scenario.micro_titles_per_month`` at
the start, and a free title takes ``business_model.free_commission_factor`` of a paid title's slot
(the free model asks for fewer, better titles).
"""

import mesa
import numpy as np

from sim.config import DramaSimConfig, PlatformConfig

DAYS_PER_MONTH = 365 / 12


class Platform(mesa.Agent):
    """One platform. ``users`` is relative: 1.0 is its user base at the start."""

    def __init__(self, model: mesa.Model, name: str, platform: PlatformConfig, index: int):
        super().__init__(model)
        config: DramaSimConfig = model.config
        self.name = name
        self.index = index
        self.user_share = platform.user_share
        self.free_share = float(
            np.clip(config.business_model.free_share + platform.free_offset, 0, 1)
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
        self.revenue_yuan = 0.0

    def commission(self, rng: np.random.Generator) -> tuple[int, np.ndarray]:
        """Titles commissioned today: how many, and which are released free."""
        count = int(rng.poisson(self.titles_per_day * self.users))
        return count, rng.random(count) < self.free_share

    def grow_month(self) -> None:
        """Monthly user growth."""
        self.users *= 1 + self.monthly_growth
