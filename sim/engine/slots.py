"""Compiled kernel that lists the person-slots of titles entering a phase.

:func:`person_slots` implements ``docs/model.md`` section 7.2 (the body of
:meth:`sim.model.titles.Productions.person_slots`): one slot per person of a phase's team, title
by title and role by role, at the place where the title's phase happens (given by the rule,
:meth:`sim.model.titles.Productions.place`). Each slot's
job lasts the role's working days in the phase (its share of the phase's days, at least one), or
its first day call for a role booked by the day, with the days its position still has to book
after that call (0 for a role booked once). Its plain version is a loop over ``np.repeat`` of the
team table, as in ``tests/test_model.py``.
"""

import numba
import numpy as np


@numba.njit(cache=True)
def work_days(share, phase_days):
    """Days a role works in a phase of ``phase_days``: its ``share`` of them, at least one."""
    return max(1, min(phase_days, np.int64(np.floor(share * phase_days + 0.5))))


@numba.njit(cache=True)
def person_slots(
    ids, phases, day, places, team, kind, phase_days, work_share, call_days, phase_end,
):  # fmt: skip
    """The body of :meth:`Productions.person_slots` (``places``: where each of ``ids`` works
    in its phase; ``team``: people by title, phase and role; ``work_share`` and ``call_days``
    by kind, phase and role). Returns the slots' title, role, phase, place, job days (the first
    call's, for a role booked by the day) and days left to book after them."""
    n = 0
    for i in range(len(ids)):
        for r in range(team.shape[2]):
            n += team[ids[i], phases[i], r]
    title = np.empty(n, dtype=np.int64)
    role = np.empty(n, dtype=np.int64)
    phase = np.empty(n, dtype=np.int64)
    where = np.empty(n, dtype=np.int64)
    days = np.empty(n, dtype=np.int64)
    left = np.empty(n, dtype=np.int64)
    k = 0
    for i in range(len(ids)):
        t, p, place = ids[i], phases[i], places[i]
        remaining = np.int64(phase_end[t]) - day
        for r in range(team.shape[2]):
            people = team[t, p, r]
            if people == 0:
                continue
            work = min(work_days(work_share[kind[t], p, r], np.int64(phase_days[t, p])), remaining)
            call = call_days[kind[t], p, r]
            first = work if call == 0 else min(call, work)
            for _ in range(people):
                title[k], role[k], phase[k], where[k] = t, r, p, place
                days[k], left[k] = first, work - first
                k += 1
    return title, role, phase, where, days, left
