"""The calibrated 2025 baseline reproduces the reported patterns (docs/model.md, calibration).

Each band is the one promised in the calibration tables; the runs are the tables' own: ``scale``
10 (about 70,000 simulated micro-drama workers), seeds 1-5, whose mean must lie in each band.
"""

import os

import pytest

from sim.config import DramaSimConfig
from sim.engine.threads import process_pool
from sim.model import DramaLabourModel

BANDS = {
    "micro.titles_per_month": (3000, 3600),
    "micro.direct_employment": (690_000 * 0.9, 690_000 * 1.1),
    "micro.total_employment": (2_030_000 * 0.9, 2_030_000 * 1.1),
    "micro.team_size_mean": (60, 90),
    "micro.shoot_days_mean": (5, 10),
    "stability.core_projects_per_year_median": (20, 365),
    "regions.henan_title_share": (0.20, 0.30),
    "regions.hengdian_costume_share": (0.80, 1.0),
    "regions.xian_post_share": (0.40, 0.60),
    "long.tv_series_per_year": (150, 200),
    "long.web_series_per_year": (200, 300),
    "income.day_rate_index": (0.9, 1.1),
    "income.day_rate_median.cast": (600, 1000),
    "regions.henan.share_under_30": (0.6, 0.8),
    "regions.henan.share_college": (0.5, 0.7),
}
"""Bands of docs/model.md section 8 (imposed and emergent)."""


SEEDS = (1, 2, 3, 4, 5)


def run_baseline(seed: int) -> dict[str, float]:
    model = DramaLabourModel(DramaSimConfig(scale=10, seed=seed))
    model.run()
    return model.summary()


@pytest.fixture(scope="module")
def baselines() -> list[dict[str, float]]:
    """The baseline at ``scale`` 10 on each of ``SEEDS``, run side by side."""
    with process_pool(min(len(SEEDS), os.cpu_count() or 1)) as pool:
        return list(pool.map(run_baseline, SEEDS))


@pytest.mark.parametrize("key", sorted(BANDS))
def test_baseline_inside_band(baselines, key):
    """The bands are for the mean over seeds, as section 8 reports it: a single year of a few
    dozen simulated long dramas or studios' home regions varies more from seed to seed."""
    low, high = BANDS[key]
    values = [summary[key] for summary in baselines]
    mean = sum(values) / len(values)
    assert low <= mean <= high, f"{key}: mean {mean:,.3f} of {values} outside [{low}, {high}]"


@pytest.mark.parametrize("seed", range(len(SEEDS)))
def test_indirect_jobs_follow_the_reported_multiplier(baselines, seed):
    baseline = baselines[seed]
    ratio = baseline["micro.indirect_employment"] / baseline["micro.direct_employment"]
    assert 1.6 <= ratio <= 2.3  # reported: 1.34 million indirect per 0.69 million direct


@pytest.mark.parametrize("seed", range(len(SEEDS)))
def test_core_team_work_steadier_than_freelancers(baselines, seed):
    baseline = baselines[seed]
    assert (
        baseline["stability.core_projects_per_year_median"]
        > 2 * baseline["stability.freelance_projects_per_year_median"]
    )
