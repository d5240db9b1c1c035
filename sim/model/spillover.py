"""Spillover: indirect employment from a small input-output table.

Micro dramas create final demand in three industries (``spillover.sectors``):

* platform operation: the platforms' revenue from the year's titles (yuan);
* e-commerce derivatives: ``spillover.ecommerce_per_platform_yuan`` yuan of derivative sales
  per yuan of platform revenue;
* local life services (catering, accommodation, equipment and venue leasing, tourism):
  ``spillover.local_services_share_of_budget`` of the production budgets spent where titles are
  shot, plus the crews' travel costs.

Output x = (I - A)^-1 y with the technical coefficients A (``spillover.technical_coefficients``,
yuan of input from row industry per yuan of column industry's output), and indirect jobs are
``spillover.jobs_per_million_yuan`` times x / 1e6. The coefficients are assumptions calibrated so
that the 2025 baseline gives the reported 1.34 million indirect jobs (2.03 million in all with
0.69 million direct; docs/sources.md). The Type I multiplier reported is
(direct + indirect) / direct.
"""

import numpy as np

from sim.config import SpilloverConfig

PLATFORM, ECOMMERCE, LOCAL_SERVICES = range(3)


class InputOutput:
    """The Leontief inverse and job coefficients of the spillover industries."""

    def __init__(self, config: SpilloverConfig):
        self.config = config
        a = np.asarray(config.technical_coefficients, dtype=float)
        self.leontief_inverse = np.linalg.inv(np.eye(len(a)) - a)
        self.jobs_per_yuan = np.asarray(config.jobs_per_million_yuan, dtype=float) / 1e6

    def final_demand(
        self, platform_revenue_yuan: float, budget_yuan: float, travel_yuan: float
    ) -> np.ndarray:
        """Final demand (yuan) in each industry from a year of micro-drama activity."""
        return np.array(
            [
                platform_revenue_yuan,
                platform_revenue_yuan * self.config.ecommerce_per_platform_yuan,
                budget_yuan * self.config.local_services_share_of_budget + travel_yuan,
            ]
        )

    def indirect_jobs(self, final_demand_yuan: np.ndarray) -> np.ndarray:
        """Indirect jobs (people) in each industry for a final-demand vector (yuan)."""
        return self.jobs_per_yuan * (self.leontief_inverse @ final_demand_yuan)
