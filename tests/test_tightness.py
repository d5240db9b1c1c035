"""The market signals that must not depend on ``scale``: the flow of openings the urn-ball
search sees (sim/model/openings_flow.py) and the tightness day rates follow (sim/model/pay.py)."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.config import DramaSimConfig
from sim.model.openings_flow import OpeningsFlow
from sim.model.pay import DayRates
from sim.vocabulary import DAYS_PER_MONTH, ROLE


def test_a_steady_flow_is_its_daily_count():
    flow = OpeningsFlow(window_days=30)
    keys = np.array([3, 7])
    for day in range(400):
        mean = flow.add(keys, np.array([5.0, 1.0]), day)
    assert np.allclose(mean, [5.0, 1.0], rtol=1e-3)


def test_lumps_count_as_their_mean_over_days():
    """A team of 30 every 10 days is a flow of about 3 a day, as the same openings spread over
    the days would be: this is what keeps a coarse scale's lumps from looking like a shortage."""
    flow = OpeningsFlow(window_days=30)
    key = np.array([0])
    means = [flow.add(key, np.array([30.0]), day)[0] for day in range(0, 2000, 10)]
    assert 2.5 < np.mean(means[50:]) < 3.6
    assert max(means[50:]) < 30 / 3  # never the lump itself


def test_openings_of_one_day_add_up():
    flow = OpeningsFlow(window_days=10)
    first = flow.add(np.array([2]), np.array([4.0]), day=5)
    second = flow.add(np.array([2]), np.array([4.0]), day=5)
    assert np.isclose(second[0], 2 * first[0])


def month(rates: DayRates, free: np.ndarray, openings: np.ndarray) -> np.ndarray:
    """One month of ``openings`` a day by (sector, role) against ``free`` workers."""
    rates.openings[:] = openings * DAYS_PER_MONTH
    rates.adjust_month(free)
    return rates.multiplier.copy()


@settings(max_examples=30, deadline=None)
@given(
    free=st.floats(1.0, 1e4),
    per_day=st.floats(0.1, 1e3),
    scale=st.floats(1.5, 100.0),
)
def test_pay_follows_tightness_whatever_the_scale(free, per_day, scale):
    """The same market in 1/scale of the units moves pay the same way."""
    config = DramaSimConfig()
    shape = DayRates(config).shape
    fine, coarse = DayRates(config), DayRates(config)
    free_cells = np.full(shape, free)
    open_cells = np.full(shape, per_day)
    assert np.allclose(
        month(fine, free_cells, open_cells), month(coarse, free_cells / scale, open_cells / scale)
    )


def test_pay_rises_when_workers_are_scarce_and_falls_when_plentiful():
    config = DramaSimConfig()
    rates = DayRates(config)
    extra = ROLE["extra"]
    searching_per_opening = np.full(rates.shape, 4.8) / rates.reach[None, :]
    scarce = month(DayRates(config), 0.3 * searching_per_opening, np.ones(rates.shape))
    plenty = month(DayRates(config), 3.0 * searching_per_opening, np.ones(rates.shape))
    assert scarce[extra] > 1.0 > plenty[extra]
    unchanged = month(DayRates(config), searching_per_opening, np.zeros(rates.shape))
    assert np.all(unchanged == 1.0)  # no openings, no move


def test_pay_settles_on_the_wage_curve_instead_of_rising_until_slack_returns():
    """A shortage that lasts raises pay to the wage curve's level, (s / s0) ** -e, and no
    further: pay is a level that follows slack, not a controller that keeps moving until the
    hard-to-fill share is back at h0 (which would make the unfilled share an input)."""
    config = DramaSimConfig()
    rates = DayRates(config)
    rates.reach_elasticity = 0.0  # hold the searchers fixed: only the pay rule acts
    half_the_searchers = 0.5 * rates.normal_searchers / rates.reach[None, :]
    for _ in range(120):
        multiplier = month(rates, half_the_searchers * np.ones(rates.shape), np.ones(rates.shape))
    expected = 0.5**-config.market.wage_curve_elasticity
    assert np.allclose(multiplier, expected, rtol=1e-6)
    assert np.all(multiplier < 1.2)  # a controller on h - h0 would have hit the ceiling


def test_the_wage_curve_elasticity_sets_how_much_of_a_shortage_is_paid_for():
    config = DramaSimConfig()
    steep, flat = DayRates(config), DayRates(config)
    steep.elasticity, flat.elasticity = 0.5, 0.05
    scarce = 0.5 * steep.normal_searchers / steep.reach[None, :] * np.ones(steep.shape)
    assert np.all(
        month(steep, scarce, np.ones(steep.shape)) > month(flat, scarce, np.ones(flat.shape))
    )
