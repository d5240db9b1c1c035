"""The model's structure and bookkeeping: Mesa integration, conservation, determinism."""

import json

import mesa
import numpy as np
import pytest

import sim
from sim.config import DramaSimConfig
from sim.model import DramaLabourModel
from sim.model.platforms import Platform
from sim.model.studios import Studio
from sim.model.titles import ProductionPlan, Productions
from sim.model.workforce import COLUMNS
from sim.vocabulary import AVAILABLE, LEFT, POST_PRODUCTION, SHOOTING, WORKING, WRITING


def small_config(**overrides) -> DramaSimConfig:
    config = DramaSimConfig(scale=200.0, years=1, seed=11)
    for key, value in overrides.items():
        setattr(config, key, value)
    return config


def test_default_model_is_the_mesa_baseline():
    model = sim.DramaLabourModel()
    assert isinstance(model, mesa.Model)
    assert model.config == DramaSimConfig()
    assert model.config.scenario.name == "baseline_2025"
    assert len(model.agents_by_type[Platform]) == len(model.config.scenario.platforms)
    assert len(model.agents_by_type[Studio]) > 100
    model.run_for(3)
    assert model.day == 3
    assert model.steps == 3


def test_person_view_reads_the_arrays():
    model = DramaLabourModel(small_config())
    model.run_for(30)
    working = np.flatnonzero(model.workforce.status == WORKING)
    person = model.workforce.person(int(working[0]))
    assert person.status == "working"
    assert person.production == model.workforce.production[working[0]]
    assert person.role in sim.vocabulary.ROLES
    with pytest.raises(IndexError):
        model.workforce.person(model.workforce.size)


def test_workers_are_conserved_and_never_double_booked():
    model = DramaLabourModel(small_config())
    wf = model.workforce
    active_before = np.count_nonzero(wf.status != LEFT)
    entries = model.turnover.entries + model.market.recruits
    exits = model.turnover.exits
    for _ in range(120):
        status_before, job_end_before = wf.status.copy(), wf.job_end.copy()
        model.step()
        day = model.day - 1
        hired_today = np.flatnonzero((wf.status == WORKING) & (wf.job_start == day))
        old = hired_today[hired_today < len(status_before)]
        # Only people free today could be hired: nobody is on two productions at once.
        was_free = (status_before[old] == AVAILABLE) | (
            (status_before[old] == WORKING) & (job_end_before[old] == day)
        )
        assert np.all(was_free)
        working = wf.status == WORKING
        assert np.all(wf.job_end[working] > day)
        # Days counted this year never exceed the days elapsed in it.
        elapsed = model.day % 365 or 365
        assert np.all(wf.days_micro.astype(int) + wf.days_long <= elapsed)
    flow = (model.turnover.entries + model.market.recruits - entries) - (
        model.turnover.exits - exits
    )
    assert np.count_nonzero(wf.status != LEFT) - active_before == flow
    assert model.turnover.exits > exits and model.turnover.entries > entries


def test_no_shoot_has_more_people_than_its_plan():
    model = DramaLabourModel(small_config())
    model.run_for(200)
    wf, prod = model.workforce, model.productions
    working = wf.status == WORKING
    on_titles = np.bincount(wf.production[working], minlength=len(prod))
    shooting = np.flatnonzero(prod.phase == sim.vocabulary.SHOOTING)
    planned = prod.team[shooting, SHOOTING].sum(axis=1)
    assert on_titles[shooting].sum() > 0
    assert np.all(on_titles[shooting] <= planned)  # no slot is filled twice
    assert np.all(prod.shoot_team[shooting] <= planned)


def test_days_are_bounded_by_the_year():
    model = DramaLabourModel(small_config(years=2))
    model.run_for(365 + 200)
    days = model.workforce.days_micro.astype(int) + model.workforce.days_long
    assert days.max() <= 200
    assert model.recorder.years[0]["stability.days_worked_median"] <= 365


def test_same_seed_same_summary_other_seed_differs():
    def summary(seed):
        model = DramaLabourModel(small_config(seed=seed))
        model.run()
        return json.dumps(model.summary(), sort_keys=True)

    assert summary(5) == summary(5)
    assert summary(5) != summary(6)


def test_replicate_changes_the_streams():
    a = DramaLabourModel(small_config(replicate=0))
    b = DramaLabourModel(small_config(replicate=1))
    a.run_for(60)
    b.run_for(60)
    # Who worked on which title differs (total hires need not: nearly every slot is filled).
    rows = min(a.workforce.size, b.workforce.size)
    assert not np.array_equal(a.workforce.production[:rows], b.workforce.production[:rows])


def test_summary_needs_a_full_year():
    model = DramaLabourModel(small_config())
    model.run_for(10)
    with pytest.raises(RuntimeError, match="full year"):
        model.summary()


def test_person_slots_follow_each_phase_team_and_place():
    prod = Productions()
    ids = prod.add(2, home_region=1, region=2, post_region=3, phase_end=np.array([10, 20]))
    prod.team[0, WRITING, 4] = 2
    prod.team[1, SHOOTING, [0, 5]] = [1, 3]
    prod.team[1, POST_PRODUCTION, 7] = 1
    prod.days[0, WRITING] = 6
    prod.days[1, [SHOOTING, POST_PRODUCTION]] = 16
    plan = ProductionPlan(DramaSimConfig())
    plan.work_share[:] = 1.0
    plan.call_days[:] = 0
    plan.work_share[prod.kind[1], SHOOTING, 5] = 0.5  # works half the shoot's days
    plan.call_days[prod.kind[1], SHOOTING, 0] = 3  # booked by calls of 3 days
    slots = prod.person_slots(
        np.array([ids[0], ids[1], ids[1]]),
        np.array([WRITING, SHOOTING, POST_PRODUCTION]),
        day=4,
        plan=plan,
    )
    assert slots["title"].tolist() == [0, 0, 1, 1, 1, 1, 1]
    assert slots["role"].tolist() == [4, 4, 0, 5, 5, 5, 7]
    assert slots["phase"].tolist() == [WRITING] * 2 + [SHOOTING] * 4 + [POST_PRODUCTION]
    assert slots["region"].tolist() == [1, 1, 2, 2, 2, 2, 3]  # home, shoot, post region
    assert slots["days"].tolist() == [6, 6, 3, 8, 8, 8, 16]
    assert slots["left"].tolist() == [0, 0, 16 - 3, 0, 0, 0, 0]  # the lead's next calls


def test_dropping_the_departed_workers_rows_changes_nothing_else():
    """Once a year the rows of departed workers are dropped; every metric, the time series and
    the state of every worker still in the market are exactly those of a run that keeps them."""
    config = small_config(years=2)
    dropping, keeping = DramaLabourModel(config), DramaLabourModel(config)
    keeping.drop_departed = lambda: None
    dropping.run_for(365)
    keeping.run_for(365)
    wf = dropping.workforce
    assert np.count_nonzero(wf.status == LEFT) == 1  # the placeholder
    assert np.count_nonzero(keeping.workforce.status == LEFT) > 200
    placeholder = int(np.flatnonzero(wf.status == LEFT)[0])
    assert np.count_nonzero(dropping.market.pool.rows == placeholder) > 1  # stale references
    dropping.run()
    keeping.run()
    assert dropping.recorder.years == keeping.recorder.years
    assert dropping.timeseries().equals(keeping.timeseries())
    stayed = keeping.workforce.status != LEFT
    assert np.count_nonzero(dropping.workforce.status != LEFT) == np.count_nonzero(stayed)
    for name in COLUMNS:
        assert np.array_equal(
            getattr(dropping.workforce, name)[dropping.workforce.status != LEFT],
            getattr(keeping.workforce, name)[stayed],
        ), name
