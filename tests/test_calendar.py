"""Calendars and idle events: entries come back on their day; idle hazards fire as daily draws
would, from the day after a worker becomes idle."""

import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # benchmarks/ is not installed

from benchmarks.reference import ReferenceModel  # noqa: E402
from sim.config import DramaSimConfig  # noqa: E402
from sim.engine.calendar import Calendar  # noqa: E402
from sim.engine.idle import BACKGROUND_ROWS, CROSS, LEAVE, NEVER, TRAIN, IdleEvents, _trials  # noqa: E402
from sim.model import DramaLabourModel  # noqa: E402
from sim.model.workforce import Workforce  # noqa: E402
from sim.vocabulary import AVAILABLE, LEFT, LONG, MICRO, WORKING  # noqa: E402


def test_calendar_returns_each_entry_on_its_day_once():
    rng = np.random.default_rng(0)
    days = rng.integers(0, 300, 5000)
    rows = np.arange(5000)
    calendar = Calendar()
    calendar.add(days, rows, tags=rows * 2)
    late = {45: {9000}, 41: {9001}, 40: {9002}}  # 9002 was filed for day 12, already past
    seen = []
    for day in range(300):
        got, tags = calendar.pop(day)
        if day == 39:
            calendar.add(np.array([45, 41, 12]), np.array([9000, 9001, 9002]))
        assert set(got.tolist()) == set(np.flatnonzero(days == day)) | late.get(day, set())
        assert np.array_equal(tags[got < 5000], got[got < 5000] * 2)
        seen.extend(got.tolist())
    assert sorted(seen) == sorted([*rows.tolist(), 9000, 9001, 9002])
    assert len(calendar) == 0


@settings(max_examples=80, deadline=None)
@given(
    batches=st.lists(
        st.tuples(st.integers(0, 300), st.integers(0, 200), st.integers(0, 2**32 - 1)),
        max_size=40,
    )
)
def test_calendar_keeps_filing_order_as_its_pool_grows_and_reuses_chunks(batches):
    """Interleaved filing and taking out, against a dict of lists: each day gives back its
    entries in the order filed (batches of up to 300 entries over up to 200 days, so that days'
    chains cross many chunks, the pool grows with free chunks left and emptied ones come back)."""
    calendar, plain = Calendar(), {}
    for today, (n, spread, seed) in enumerate(batches):
        rng = np.random.default_rng(seed)
        days = today + rng.integers(-2, spread + 1, n)  # some already taken out
        rows, tags = rng.integers(0, 10**6, n), rng.integers(0, 10**6, n)
        calendar.add(days.clip(0), rows, tags)
        for day, row, tag in zip(np.maximum(days, today), rows, tags, strict=True):
            plain.setdefault(int(day), []).append((int(row), int(tag)))
        got_rows, got_tags = calendar.pop(today)
        assert list(zip(got_rows.tolist(), got_tags.tolist(), strict=True)) == plain.pop(today, [])
    assert len(calendar) == sum(len(entries) for entries in plain.values())


def test_calendar_renumbers_its_rows_and_keeps_days_tags_and_order():
    calendar = Calendar()
    calendar.add(np.array([3, 5, 3, 3]), np.array([4, 2, 0, 4]), tags=np.array([1, 2, 3, 4]))
    calendar.pop(0)
    where = np.array([9, -1, 7, -1, 8, -1])  # rows 0, 2, 4 become 9, 7, 8
    calendar.renumber(where)
    rows, tags = calendar.pop(3)
    assert rows.tolist() == [8, 9, 8] and tags.tolist() == [1, 3, 4]
    rows, tags = calendar.pop(5)
    assert rows.tolist() == [7] and tags.tolist() == [2]


def test_calendar_files_one_day_for_all_rows_and_rejects_bad_input():
    calendar = Calendar()
    calendar.add(7, np.array([3, 1, 2]))
    rows, tags = calendar.pop(7)
    assert rows.tolist() == [3, 1, 2] and tags.tolist() == [0, 0, 0]
    with pytest.raises(ValueError, match="cannot be negative"):
        calendar.add(np.array([4, -1]), np.array([1, 2]))
    with pytest.raises(ValueError, match="one day or one per row"):
        calendar.add(np.array([9, 10]), np.array([1, 2, 3]))
    with pytest.raises(ValueError, match="one tag per row"):
        calendar.add(9, np.array([1, 2, 3]), tags=np.array([5]))
    assert len(calendar) == 0


def hazard_by_sector(sector, role, gig, employee):
    """Micro: 0.02 a day, 0.08 once idle for more than 10 days; long: nothing for 30 days, then
    0.05 a day; employees: never."""
    wait = np.where(sector == LONG, 30, 10)
    before = np.where(employee, 0.0, np.where(sector == LONG, 0.0, 0.02))
    after = np.where(employee, 0.0, np.where(sector == LONG, 0.05, 0.08))
    return wait, before, after


def daily_draw_probabilities(idle_since, first_day, wait, before, after, days):
    """Probability that daily Bernoulli draws from ``first_day`` on first succeed on each of
    ``days`` (the hazard is ``before`` up to day ``idle_since + wait``, ``after`` from then)."""
    hazard = np.where(days <= idle_since + wait, before, after) * (days >= first_day)
    survival = np.cumprod(np.r_[1.0, 1 - hazard[:-1]])
    return hazard * survival


def test_idle_events_fire_like_daily_draws():
    """Workers idle since different days, watched from day 3: the days their hazard fires follow
    the distribution of daily Bernoulli draws (a chi-square test that a day's shift would fail).
    """
    rng = np.random.default_rng(1)
    n, first_day, horizon = 60_000, 3, 160
    wf = Workforce()
    sector = rng.integers(0, 2, n)
    idle_since = rng.choice([-20, -5, 0, 3], n)
    wf.add(n, status=AVAILABLE, sector=sector, idle_since=idle_since)
    events = IdleEvents(wf, rng, horizon_day=horizon)
    events.set_hazard(CROSS, hazard_by_sector)
    events.watch(np.arange(n), first_day)
    days = np.arange(horizon)
    fired = np.zeros(horizon)
    for day in days:
        fired[day] = len(events.due(CROSS, day))
    expected = np.zeros(horizon)
    for s in (MICRO, LONG):
        wait, before, after = hazard_by_sector(np.array(s), 0, False, False)
        for since in np.unique(idle_since):
            count = np.sum((sector == s) & (idle_since == since))
            expected += count * daily_draw_probabilities(
                since, first_day, wait, before, after, days
            )
    assert fired[:first_day].sum() == 0
    observed = np.r_[fired[first_day:], n - fired.sum()]
    expected = np.r_[expected[first_day:], n - expected.sum()]
    assert stats.chisquare(observed, expected).pvalue > 1e-3


def test_a_zero_hazard_never_fires():
    def log_q(p):  # the kernel takes log(1 - p)
        with np.errstate(divide="ignore"):
            return float(np.log1p(-p))

    # the second argument is a standard exponential variate, -log(1 - u)
    assert _trials(log_q(0.0), 0.0) == _trials(log_q(0.0), 14.0) == NEVER
    assert _trials(log_q(1.0), 0.0) == _trials(log_q(1.0), 14.0) == 1
    assert _trials(log_q(1e-300), 0.7) == NEVER  # beyond any horizon, without overflow
    wf = Workforce()
    wf.add(1000, status=AVAILABLE, sector=LONG, employer=np.arange(1000) % 2 - 1)
    events = IdleEvents(wf, np.random.default_rng(2), horizon_day=100)
    events.set_hazard(LEAVE, hazard_by_sector)  # long: nothing for 30 days; employees: never
    events.watch(np.arange(1000), first_day=0)
    fired = np.concatenate([events.due(LEAVE, day) for day in range(100)])
    assert len(fired) > 0 and (wf.employer[fired] < 0).all()
    assert all(len(events.due(hazard, 0)) == 0 for hazard in (CROSS, TRAIN))  # not set


def test_idle_events_drop_workers_whose_spell_changed():
    wf = Workforce()
    wf.add(1000, status=AVAILABLE, idle_since=0)
    events = IdleEvents(wf, np.random.default_rng(2), horizon_day=100)
    events.set_hazard(LEAVE, lambda sector, role, gig, employee: (0, 0.5, 0.5))
    events.watch(np.arange(1000), first_day=0)
    wf.new_spell(np.arange(500))  # hired (or otherwise changed) before their event came
    fired = np.concatenate([events.due(LEAVE, day) for day in range(100)])
    assert fired.min() >= 500
    assert len(fired) == 500


def test_a_failure_while_filing_in_the_background_surfaces_at_the_next_due():
    wf = Workforce()
    wf.add(BACKGROUND_ROWS, status=AVAILABLE)
    events = IdleEvents(wf, np.random.default_rng(2), horizon_day=100)
    events.set_hazard(LEAVE, lambda sector, role, gig, employee: (0, 1.0, 1.0))
    events.watch(np.arange(BACKGROUND_ROWS), first_day=-3)  # in the background: no error yet
    with pytest.raises(ValueError, match="cannot be negative"):
        events.due(LEAVE, 0)
    assert len(events.due(LEAVE, 1)) == 0  # the failed filing is not waited for twice
    with pytest.raises(ValueError, match="cannot be negative"):  # a small watch files at once
        events.watch(np.arange(10), first_day=-3)


@pytest.mark.parametrize("model_class", [DramaLabourModel, ReferenceModel])
def test_idle_on_day_d_faces_the_hazards_from_day_d_plus_1(model_class):
    """With a certain exit (probability 1 a day), a freelancer released or arriving on day d is
    still there at the end of day d and gone (or hired again) at the end of day d + 1, in the
    array model and in the per-agent reference alike."""
    base = DramaSimConfig(scale=200.0, years=1, seed=5)
    config = replace(
        base,
        turnover=replace(base.turnover, annual_exit_rate=365.0),
        policy=replace(base.policy, gig_exit_factor=1.0),
    )
    model = model_class(config)
    model.step()  # day 0: the initial workforce, idle since before the run, faces them at once
    wf = model.workforce
    became_idle = np.zeros(0, dtype=np.int64)
    checked = 0
    for day in range(1, 40):
        model.step()
        if isinstance(model, ReferenceModel):
            model.write_workers_to_arrays()
        assert np.isin(wf.status[became_idle], (LEFT, WORKING)).all()
        checked += len(became_idle)
        today = (wf.last_release == day) | (wf.entered_day == day)
        assert not (wf.status[today] == LEFT).any()
        became_idle = np.flatnonzero(today & (wf.status == AVAILABLE) & (wf.employer < 0))
    assert checked > 100, checked
