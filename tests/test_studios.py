"""Studios that decide (``docs/model.md`` sections 7.1 and 7.7): records weight the platforms'
choice of studio, commissions follow the cost and revenue of a title, studios enter by expected
profit, shrink after flops or idleness, and firm sizes become heavy-tailed by growth alone.
Each test fails if the rule it names is taken out of sim/model/studio_sector.py, studios.py or
commissioning.py."""

import numpy as np
import pytest

from sim.config import DramaSimConfig
from sim.model import DramaLabourModel
from sim.model.studio_sector import OpenStudios
from sim.model.studios import Studio
from sim.validation import ConfigError, configured
from sim.vocabulary import DAYS_PER_MONTH, DONE, MICRO, MICRO_LIVE, WRITING


def small_model(**studios) -> DramaLabourModel:
    return DramaLabourModel(
        scale=1000.0, years=1, seed=3, **{f"studios.{k}": v for k, v in studios.items()}
    )


@pytest.fixture(scope="module")
def model() -> DramaLabourModel:
    return small_model()


def micro_studio(model, units: int = 1, cash_budgets: float = 0.0) -> Studio:
    cash = cash_budgets * units * model.mean_live_budget_yuan
    studio = model.new_studio(MICRO, 0, 0.0)
    studio.units = units
    studio.unit_free_day = [model.day] * units
    studio.cash_yuan = cash
    return studio


# ------------------------------------------------------------------ records
def test_a_newcomer_has_the_mean_record_and_hits_raise_it(model):
    studio = micro_studio(model)
    prior = model.config.studios.record_prior_titles
    assert studio.record(prior) == 1.0
    studio.add_to_record(titles=1, hits=5.0, fade=1.0)  # one title earning five times the mean
    assert studio.record(prior) == pytest.approx((prior + 5) / (prior + 1))
    studio.add_to_record(titles=0, hits=0.0, fade=0.5)  # a month without titles: the record fades
    assert 1.0 < studio.record(prior) < (prior + 5) / (prior + 1)
    studio.remove()


def test_platforms_commission_more_from_studios_with_better_records(model):
    good, plain = micro_studio(model), micro_studio(model)
    good.add_to_record(titles=4, hits=12.0, fade=1.0)  # three times the mean revenue
    rng = np.random.default_rng(0)
    for exponent, ratio in ((1.0, (3 + 12) / (3 + 4)), (2.0, ((3 + 12) / (3 + 4)) ** 2)):
        studios = OpenStudios([good, plain], exponent, prior_titles=3.0)
        wins = np.bincount(studios.draw(rng, 40000), minlength=2)
        assert wins[0] / wins[1] == pytest.approx(ratio, rel=0.05)
    equal = np.bincount(OpenStudios([good, plain], 0.0, 3.0).draw(rng, 40000), minlength=2)
    assert equal[0] / equal[1] == pytest.approx(1.0, rel=0.05)  # exponent 0: units only
    good.remove()
    plain.remove()


def test_a_studio_with_a_full_order_book_wins_nothing_until_it_shortens(model):
    full, free = micro_studio(model, units=2), micro_studio(model, units=1)
    full.queue.extend([0] * 4)  # two titles waiting per unit
    studios = OpenStudios([full, free], 1.0, 3.0)
    rng = np.random.default_rng(1)
    assert studios.take_orders(2.0)
    assert set(studios.draw(rng, 500)) == {1}
    assert studios.take_orders(3.0)  # a longer book leaves room
    assert set(studios.draw(rng, 500)) == {0, 1}
    free.scripts = 2  # scripts being written count in the book as queued titles do
    assert not studios.take_orders(2.0)  # every book full: live-action orders lapse
    assert set(studios.draw(rng, 500)) == {0, 1}  # a closing studio's queue goes anywhere
    free.scripts = 1
    assert studios.take_orders(2.0)
    assert set(studios.draw(rng, 500)) == {1}
    for studio in (full, free):
        studio.queue.clear()
        studio.remove()


def test_day_0_studios_have_cash_between_the_closure_and_growth_lines():
    model = DramaLabourModel(scale=200.0, years=1, seed=3)  # fresh: other tests add studios
    policy = model.config.studios
    per_unit = (
        np.array([s.cash_yuan / s.units for s in model.studios if s.sector == MICRO])
        / model.mean_live_budget_yuan
    )
    assert len(per_unit) >= 8
    assert np.all(per_unit >= policy.closure_cash_titles)
    assert np.all(per_unit <= policy.growth_cash_titles)
    assert per_unit.std() > 1.0  # spread, not all alike


def test_the_monthly_review_adds_completed_titles_to_their_studios_records():
    model = small_model()
    model.run_for(40)
    prod = model.productions
    live = []
    while len(live) == 0:
        model.step()
        done = prod.finished_between(model._last_review_day, model.day)
        live = done[(prod.kind[done] == MICRO_LIVE) & (prod.phase[done] == DONE)]
    title = live[0]
    studio = model.studios[prod.studio[title]]
    prod.revenue_yuan[done[prod.studio[done] == studio.index]] = (
        3 * model.config.business_model.revenue_per_title_yuan
    )
    before = studio.record_titles
    model.update_records()
    assert studio.record_titles > before
    assert studio.record(model.config.studios.record_prior_titles) > 1.0


# ------------------------------------------------------------------ commissions
def test_commissions_equal_todays_at_baseline_cost_and_revenue(model):
    assert model.commission_target(1.0) == pytest.approx(1.0)
    assert model.commission_index == pytest.approx(1.0)


@pytest.mark.parametrize("elasticity", [0.5, 1.5])
def test_dearer_labour_means_fewer_titles_by_the_cost_elasticity(elasticity):
    model = small_model(commission_cost_elasticity=elasticity)
    economics = model.economics
    ratio = economics.cost_yuan(1.2) / economics.cost_yuan(1.0)
    assert ratio > 1.1  # labour is most of a title's cost
    assert model.commission_target(1.2) == pytest.approx(ratio**-elasticity)
    assert model.commission_target(0.8) > 1.0


def test_with_cost_elasticity_zero_day_rates_move_no_titles():
    model = small_model(commission_cost_elasticity=0.0)
    assert model.commission_target(2.0) == pytest.approx(1.0)


def test_revenue_and_cheaper_ai_titles_move_commissions():
    richer = DramaLabourModel(
        scale=1000.0, years=1, **{"business_model.revenue_per_title_yuan": 2.8e6}
    )
    elasticity = richer.config.studios.commission_revenue_elasticity
    assert richer.commission_target(1.0) == pytest.approx(2.0**elasticity)
    ai = DramaLabourModel(scale=1000.0, years=1, **{"ai.title_share": 0.5})
    assert ai.economics.cost_yuan() < ai.reference_economics.cost_yuan()
    assert ai.commission_target(1.0) != pytest.approx(1.0)


def test_the_commission_target_is_bounded():
    rich = DramaLabourModel(
        scale=1000.0,
        years=1,
        **{"business_model.revenue_per_title_yuan": 1.4e7, "studios.commission_index_max": 2.0},
    )
    assert rich.commission_target(1.0) == 2.0  # ten times the revenue, twice the titles at most
    assert rich.commission_index == 2.0


def test_entry_at_most_doubles_the_shooting_units_in_a_month(model):
    studios = model.open_micro_studios()
    model.commission_index *= 1000
    assert model.expected_entrants(studios) == studios.units.sum()
    model.commission_index /= 1000


def test_entry_follows_the_shooting_units_not_the_number_of_studios():
    """Founders come out of the crews at work: the same units in fewer, larger studios draw the
    same entrants (when entry was per studio, a consolidating sector drew ever fewer)."""
    model = small_model(entry_profit_elasticity=0.0)  # entry at its base rate whatever S
    rate = model.config.studios.entry_rate_per_unit_month
    studios = model.open_micro_studios()
    open_ = np.flatnonzero(studios.units)
    assert len(open_) >= 2
    units = studios.units.sum()
    assert model.expected_entrants(studios) == pytest.approx(rate * units)
    studios.units[open_[0]] += studios.units[open_[1:]].sum()  # all merge into one studio
    studios.units[open_[1:]] = 0
    assert model.expected_entrants(studios) == pytest.approx(rate * units)
    studios.units[open_[0]] *= 3
    assert model.expected_entrants(studios) == pytest.approx(rate * units * 3)


def test_the_commission_index_closes_part_of_its_gap_each_month():
    model = small_model(commission_adjustment_per_month=0.25)
    model.market.pay.multiplier[:] = 1.5
    target = model.commission_target(1.5)
    model.adjust_commissions()
    assert model.commission_index == pytest.approx(1 + 0.25 * (target - 1))
    expected = sum(p.titles_per_day * p.users for p in model.platforms) * model.commission_index
    assert model.micro_titles_per_day() == pytest.approx(expected)


def test_day_rates_held_high_cut_the_titles_a_running_model_commissions():
    runs = {}
    for elasticity in (0.0, 1.0):
        model = DramaLabourModel(
            scale=100.0, years=1, seed=2, **{"studios.commission_cost_elasticity": elasticity}
        )
        pay = model.market.pay

        def held_high(free, pay=pay):  # day rates held at 1.5 times the reported ones
            pay.multiplier[:] = 1.5
            pay.current = pay.base * 1.5

        pay.adjust_month = held_high
        model.run_for(180)
        runs[elasticity] = model
    assert runs[0.0].commission_index == pytest.approx(1.0)
    assert runs[1.0].commission_index < 0.85
    commissioned = {e: np.count_nonzero(m.productions.sector == MICRO) for e, m in runs.items()}
    assert commissioned[1.0] < 0.92 * commissioned[0.0]


# ------------------------------------------------------------------ entry, shrinking
def test_entry_rises_with_titles_per_unit_and_the_margin(model):
    studios = model.open_micro_studios()
    base = model.expected_entrants(studios)
    elasticity = model.config.studios.entry_profit_elasticity
    model.commission_index *= 2  # twice the titles for the same units
    assert model.expected_entrants(studios) == pytest.approx(base * 2**elasticity)
    model.commission_index /= 2


def test_no_entry_without_an_entry_rate():
    model = small_model(entry_rate_per_unit_month=0.0)
    model.run_for(100)
    founded = len(model.studios)
    model.run_for(120)
    assert len(model.studios) == founded


def test_a_studio_after_flops_drops_a_unit_and_lets_its_core_team_go():
    model = small_model()
    studio = micro_studio(model, units=3, cash_budgets=5.0)
    model.hire_core_team(studio, units=3)
    core = model.market.core_teams.members_of(np.array([studio.index])).copy()
    policy = model.config.studios
    studio.cash_yuan = (policy.shrink_cash_titles - 0.5) * 3 * model.mean_live_budget_yuan
    studio.queue.append(0)  # not idle: the flop alone makes it shrink
    model.growing, model.shrinking = [], []
    studio.review_month()
    studio.queue.clear()
    assert studio.units == 2 and len(studio.unit_free_day) == 2 and not studio.closed
    model.shrink_core_team(studio)
    kept = model.market.core_teams.members_of(np.array([studio.index]))
    per_unit = sum(int(p) for p in model.config.market.core_team.values())
    assert len(kept) == len(core) - per_unit
    let_go = np.setdiff1d(core, kept)
    assert np.all(model.workforce.employer[let_go] == -1)
    assert np.all(model.workforce.employer[kept] == studio.index)


def test_an_idle_unit_is_dropped_and_a_busy_one_kept():
    model = small_model(idle_unit_days=30)
    model.run_for(40)
    idle = micro_studio(model, units=2, cash_budgets=2.0)
    idle.unit_free_day = [0, model.day + 5]
    busy = micro_studio(model, units=2, cash_budgets=2.0)
    busy.unit_free_day = [model.day - 10, model.day + 5]
    model.growing, model.shrinking = [], []
    idle.review_month()
    busy.review_month()
    assert idle.units == 1 and idle.unit_free_day == [model.day + 5]
    assert busy.units == 2


def test_unit_costs_are_paid_monthly_per_unit(model):
    studio = micro_studio(model, units=2, cash_budgets=2.0)
    studio.unit_free_day = [model.day + 10] * 2
    cash = studio.cash_yuan
    model.growing, model.shrinking = [], []
    studio.review_month()
    paid = model.config.studios.unit_cost_yuan_per_day * 2 * DAYS_PER_MONTH
    assert studio.cash_yuan == pytest.approx(cash - paid)
    studio.remove()


# ------------------------------------------------------------------ emergence
def test_firm_sizes_become_heavy_tailed_by_growth_alone():
    """From single-unit studios, two years of growth after hits make the largest studio at
    least four times the median; without growth every studio keeps one unit."""
    grown = DramaLabourModel(scale=20.0, years=2, seed=1)
    grown.run()
    sizes = grown.recorder.summary()
    assert sizes["studios.units_max"] >= 4 * sizes["studios.units_median"]
    assert sizes["studios.top10_title_share"] > 0.25
    assert sizes["studios.count"] == sizes["studios.micro_open"]
    flat = DramaLabourModel(scale=20.0, years=1, seed=1, **{"studios.max_units": 1})
    flat.run()
    assert flat.recorder.summary()["studios.units_max"] == 1


def test_orders_outrunning_the_shooting_units_lapse_and_the_backlog_stays_bounded():
    """When every order book is full, live-action orders lapse (docs/model.md section 7.7): with
    no studio entering or growing and demand rising, orders lapse, more so the faster demand
    grows, while the titles waiting stay within twice the books' limit (before the rule they
    reached 24 a unit); each studio's book counts exactly its titles in writing; the year's
    summary reports the queued titles and the lapsed orders, as the months' records do."""
    lapsed = {}
    for growth in (0.0, 0.5, 2.0):
        model = DramaLabourModel(
            scale=100.0,
            years=1,
            seed=2,
            **{
                "studios.entry_rate_per_unit_month": 0.0,
                "studios.max_units": 1,
                "scenario.micro_demand_growth_per_year": growth,
            },
        )
        model.run()
        summary, months = model.recorder.summary(), model.timeseries()
        open_studios = [s for s in model.studios if not s.closed and s.sector == MICRO]
        queued = sum(len(studio.queue) for studio in open_studios)
        assert summary["studios.titles_waiting"] == queued * model.scale
        assert summary["studios.titles_waiting"] == months["titles.waiting"].iloc[-1]
        limit = model.config.studios.order_book_titles_per_unit
        assert queued <= 2 * limit * sum(s.units for s in open_studios)
        prod = model.productions
        writing = (prod.phase == WRITING) & (prod.kind == MICRO_LIVE)
        scripts = np.bincount(prod.studio[writing], minlength=len(model.studios))
        assert [s.scripts for s in model.studios] == scripts.tolist()
        assert summary["studios.orders_lapsed"] == months["flows.orders_lapsed"].sum()
        lapsed[growth] = summary["studios.orders_lapsed"]
    assert lapsed[2.0] > lapsed[0.5] > lapsed[0.0]


# ------------------------------------------------------------------ config
@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("studios.commission_cost_elasticity", -0.5),
        ("studios.commission_revenue_elasticity", 6.0),
        ("studios.record_exponent", -1.0),
        ("studios.entry_rate_per_unit_month", 2.0),
        ("studios.max_units", 0),
        ("studios.idle_unit_days", 0),
    ],
)
def test_out_of_range_studio_keys_are_refused_by_name(key, value):
    with pytest.raises(ConfigError, match=key):
        configured(DramaSimConfig(), **{key: value})


@pytest.mark.parametrize(
    ("key", "value"),
    [("studios.shrink_cash_titles", 7.0), ("studios.closure_cash_titles", -0.5)],
)
def test_closure_shrink_and_growth_lines_must_come_in_order(key, value):
    """Defaults: closure -3 < shrink -1 < growth 6 mean budgets per unit."""
    with pytest.raises(ConfigError, match=key):
        configured(DramaSimConfig(), **{key: value})
