"""Compiled kernel that lists the person-slots of titles entering a phase.

:func:`person_slots` implements ``docs/model.md`` section 7.2 (the body of
:meth:`sim.model.titles.Productions.person_slots`): one slot per person of a phase's team, title
by title and role by role, placed where the phase happens (writing at the studio, post-production
at the post-production cluster, the rest where the title shoots). Its plain version is a loop over
``np.repeat`` of the team table, as in ``tests/test_model.py``.
"""

import numba
import numpy as np

from sim.vocabulary import POST_PRODUCTION, WRITING


@numba.njit(cache=True)
def person_slots(ids, phases, day, team, home_region, region, post_region, phase_end):
    """The body of :meth:`Productions.person_slots` (``team``: people by title, phase and
    role)."""
    n = 0
    for i in range(len(ids)):
        for r in range(team.shape[2]):
            n += team[ids[i], phases[i], r]
    title = np.empty(n, dtype=np.int64)
    role = np.empty(n, dtype=np.int64)
    phase = np.empty(n, dtype=np.int64)
    where = np.empty(n, dtype=np.int64)
    days = np.empty(n, dtype=np.int64)
    k = 0
    for i in range(len(ids)):
        t, p = ids[i], phases[i]
        if p == WRITING:
            place = home_region[t]
        elif p == POST_PRODUCTION:
            place = post_region[t]
        else:
            place = region[t]
        for r in range(team.shape[2]):
            for _ in range(team[t, p, r]):
                title[k], role[k], phase[k], where[k] = t, r, p, place
                days[k] = np.int64(phase_end[t]) - day
                k += 1
    return title, role, phase, where, days
