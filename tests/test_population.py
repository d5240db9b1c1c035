"""Who the initial workers are (docs/model.md section 5, item 3): backgrounds by how they came,
so that a region's age profile emerges rather than being read in."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.model import DramaLabourModel
from sim.validation import configured
from sim.vocabulary import DAYS_PER_YEAR, MICRO, ORIGIN


def initial_micro(**overrides):
    model = DramaLabourModel(configured(scale=20, seed=3, **overrides))
    wf = model.workforce
    micro = (wf.sector == MICRO) & ~wf.gig & (wf.entered_day == 0)
    return model, wf, micro


def test_the_crossover_share_is_the_configured_one_and_sits_where_long_dramas_are():
    model, wf, micro = initial_micro()
    crossed = micro & (wf.origin == ORIGIN["initial"])
    assert crossed.sum() / micro.sum() == pytest.approx(0.25, abs=0.02)
    region = model.regions.names.index
    share = [crossed[micro & (wf.region == region(name))].mean() for name in ("henan", "hengdian")]
    assert share[0] < 0.15 and share[1] > 0.5  # Henan has few long dramas, Hengdian many


@settings(max_examples=4, deadline=None)
@given(years=st.floats(0.0, 10.0))
def test_workers_from_the_pools_are_older_by_their_years_in_the_industry(years):
    _, wf, micro = initial_micro(**{"scenario.micro_tenure_years_max": years})
    graduates = micro & (wf.origin == ORIGIN["graduates"])
    age = -wf.born_day[graduates] / DAYS_PER_YEAR
    # graduates enter at 23 +- 1.5 years and have been in the industry 0 to `years` years
    assert np.mean(age) == pytest.approx(23.0 + years / 2, abs=0.3)


def test_without_crossovers_every_initial_micro_worker_came_from_a_pool():
    _, wf, micro = initial_micro(**{"scenario.initial_long_crossover_share": 0.0})
    assert not np.any(wf.origin[micro] == ORIGIN["initial"])
