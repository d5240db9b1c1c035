"""A census of the workforce: every row counted by cell in one pass.

Rule: none of its own. It counts the workers that the month's record reports and that day
rates follow (``docs/model.md`` sections 7.11 and 7.12): by status, sector, role, whether the
worker is an in-house core member and whether the worker had work in a given month. The plain
version is numpy's count of the cells' flat indices, ``np.bincount(np.ravel_multi_index(...))``
(``tests/test_census.py`` holds the two equal); that takes several passes over a national
workforce, each with its own temporary arrays (about 15 ms a month at full scale), and this one
pass about 2 ms.
"""

import numba
import numpy as np


@numba.njit(cache=True)
def census(status, sector, role, employer, months_worked, month_bit, shape):
    """Rows counted by (status, sector, role, core member, worked in the month): an int64 array
    of ``shape`` (statuses, sectors, roles, 2, 2). A row is a core member when its ``employer``
    is a studio (not -1) and worked in the month when its ``months_worked`` has ``month_bit``."""
    counts = np.zeros(shape, dtype=np.int64)
    for row in range(len(status)):
        member = 1 if employer[row] >= 0 else 0
        worked = 1 if months_worked[row] & month_bit else 0
        counts[status[row], sector[row], role[row], member, worked] += 1
    return counts
