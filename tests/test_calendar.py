"""Calendars and idle clocks: entries come back on their day; a clock fires like daily draws."""

import numpy as np

from sim.calendar import Calendar, IdleClock
from sim.roles import AVAILABLE
from sim.workforce import Workforce


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


def test_idle_clock_fires_like_a_daily_hazard():
    """Workers idle from day 0 with hazard 0.01 a day, then 0.05 after 30 idle days: the share
    gone by day 30 and by day 60 matches the daily-Bernoulli survival curve."""
    n = 40_000
    wf = Workforce()
    wf.add(n, status=AVAILABLE, idle_since=0)
    rng = np.random.default_rng(1)
    clock = IdleClock(wf, rng, lambda rows: (30, 0.01, 0.05), horizon_day=1000)
    clock.watch(np.arange(n), day=0)
    fired = np.zeros(n, dtype=bool)
    fire_day = np.full(n, -1)
    for day in range(100):
        rows = clock.due(day)
        assert not fired[rows].any()
        fired[rows] = True
        fire_day[rows] = day
    by_30 = np.mean((fire_day >= 0) & (fire_day <= 30))
    by_60 = np.mean((fire_day >= 0) & (fire_day <= 60))
    assert abs(by_30 - (1 - 0.99**31)) < 0.01
    assert abs(by_60 - (1 - 0.99**31 * 0.95**30)) < 0.01


def test_idle_clock_drops_workers_whose_spell_changed():
    wf = Workforce()
    wf.add(1000, status=AVAILABLE, idle_since=0)
    clock = IdleClock(wf, np.random.default_rng(2), lambda rows: (0, 0.5, 0.5), horizon_day=100)
    clock.watch(np.arange(1000), day=0)
    wf.new_spell(np.arange(500))  # hired (or otherwise changed) before their event came
    fired = np.concatenate([clock.due(day) for day in range(100)])
    assert fired.min() >= 500
    assert len(fired) == 500
