"""Runs of day calls (docs/model.md section 7.2): a worker booked by the day call stays for the
title's next call with chance ``market.call_back_share``; a position's days are booked exactly
once whatever the runs, and a call no one took opens again at its next call."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.engine.calendar import Calendar
from sim.model.phases import TitlePhases
from sim.model.titles import ProductionPlan, Productions
from sim.validation import configured
from sim.vocabulary import MICRO_LIVE, ROLE, SHOOTING

EXTRA = ROLE["extra"]


class Positions(TitlePhases):
    """The parts of the model that book day calls: one live-action title in its shoot."""

    def __init__(self, share: float, call_days: int, seed: int = 0):
        self.config = configured(**{"market.call_back_share": share})
        self.productions = Productions()
        self.productions.add(1, kind=MICRO_LIVE, phase=SHOOTING)
        self.plan = ProductionPlan(self.config)
        self.plan.call_days[MICRO_LIVE, SHOOTING, EXTRA] = call_days
        self.rngs = {"market": np.random.default_rng(seed)}
        self.slots_due = Calendar()

    def book(self, slots: dict, day: int, taken) -> list[tuple[int, int]]:
        """Book today's ``slots`` as :meth:`staff_phases` does, hiring where ``taken(n)`` says;
        returns the engagements (first day, days) of the slots taken."""
        self._book_runs(slots)
        hired = np.where(taken(len(slots["days"])), 0, -1)
        self._file_next_calls(slots, hired, day)
        self._keep_open(slots, hired, day)
        return [(day, int(d)) for d in slots["days"][hired >= 0]]

    def run(self, people: int, work_days: int, taken=lambda n: np.ones(n, dtype=bool)):
        """The engagements of ``people`` positions of ``work_days`` days from day 0."""
        call = min(self.plan.call_days[MICRO_LIVE, SHOOTING, EXTRA], work_days)
        first = {
            "title": np.zeros(people, dtype=np.int64),
            "role": np.full(people, EXTRA),
            "phase": np.full(people, SHOOTING),
            "days": np.full(people, call),
            "left": np.full(people, work_days - call),
        }
        engagements = self.book(first, 0, taken)
        for day in range(1, work_days + 1):
            due = self._slots_due(day)
            due.pop("region"), due.pop("opened_today")
            if len(due["title"]):
                engagements += self.book(due, day, taken)
        return engagements


@settings(max_examples=60, deadline=None)
@given(
    share=st.floats(0.0, 0.95),
    call_days=st.integers(1, 5),
    work_days=st.integers(1, 40),
    people=st.integers(1, 6),
    seed=st.integers(0, 2**16),
)
def test_every_day_of_every_position_is_booked_once(share, call_days, work_days, people, seed):
    engagements = Positions(share, call_days, seed).run(people, work_days)
    covered = np.zeros(work_days + 10, dtype=int)
    for first, days in engagements:
        assert days >= 1
        covered[first : first + days] += 1
    assert covered[:work_days].tolist() == [people] * work_days
    assert not covered[work_days:].any()


def test_without_call_backs_every_call_is_an_engagement():
    engagements = Positions(0.0, 2, seed=3).run(people=4, work_days=9)
    assert sorted(days for _, days in engagements) == [1] * 4 + [2] * 16


def test_runs_last_one_over_one_less_the_share_calls_on_average():
    for share in (0.5, 0.8):
        engagements = Positions(share, 1, seed=5).run(people=5, work_days=2000)
        runs = np.array([days for _, days in engagements])
        assert abs(runs[:-5].mean() - 1 / (1 - share)) < 0.1 / (1 - share)


def test_a_call_no_one_took_opens_again_at_the_next_call():
    positions = Positions(0.9, 3)
    slots = {
        "title": np.zeros(1, dtype=np.int64),
        "role": np.full(1, EXTRA),
        "phase": np.full(1, SHOOTING),
        "days": np.full(1, 3),
        "left": np.full(1, 10 - 3),
    }
    assert positions.book(slots, 0, lambda n: np.zeros(n, dtype=bool)) == []
    tomorrow = positions._slots_due(1)  # the rest of the call, kept open: not a new opening
    assert tomorrow["days"].tolist() == [2] and tomorrow["opened_today"] == 0
    assert tomorrow["left"].tolist() == [0]
    assert len(positions._slots_due(2)["title"]) == 0
    next_call = positions._slots_due(3)  # the position's next call: 7 days left, calls of 3
    assert next_call["opened_today"] == 1
    assert next_call["days"].tolist() == [3] and next_call["left"].tolist() == [4]
