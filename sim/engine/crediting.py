"""Compiled kernels that credit work: days, months worked and income of running jobs.

:func:`credit_jobs` implements the crediting rule of ``docs/model.md`` section 7.4 (the body of
:meth:`sim.model.workforce.Workforce.credit_work`); its plain version is
``WorkerAgent.credit`` and ``WorkerAgent.release`` in ``benchmarks/reference.py``.
"""

import numba

from sim.vocabulary import AVAILABLE, DAYS_PER_YEAR, MICRO, MONTHS_PER_YEAR


@numba.njit(cache=True)
def month_of_year(day_of_year: int) -> int:
    """Month 0-11 of a day of the year (0-364; earlier days count as month 0, later as 11):
    month m holds the days d with d * 12 // 365 == m."""
    return min(max(day_of_year * MONTHS_PER_YEAR // DAYS_PER_YEAR, 0), MONTHS_PER_YEAR - 1)


@numba.njit(cache=True, parallel=True)
def credit_jobs(
    idx, until_day, year_start, day_rate_yuan, release, credited_from, sector, role,
    days_micro, days_long, months_worked, income_yuan, status, last_release, idle_since,
):  # fmt: skip
    """The per-row body of :meth:`Workforce.credit_work` (releasing in the same pass: one visit
    to each row, whose fields mostly share one record). The rows are distinct (a worker holds one
    job at a time), so they are credited in parallel."""
    for i in numba.prange(len(idx)):
        row = idx[i]
        start = credited_from[row]
        days = until_day - start
        income_yuan[row] += days * day_rate_yuan[role[row]]
        micro = sector[row] == MICRO  # branch-free, so that the reads of rows overlap
        days_micro[row] += days * micro
        days_long[row] += days * (1 - micro)
        first_month = month_of_year(start - year_start)
        last_month = month_of_year(max(until_day - 1, start) - year_start)
        months_worked[row] |= (1 << (last_month + 1)) - (1 << first_month)
        credited_from[row] = until_day
        if release:
            status[row] = AVAILABLE
            last_release[row] = until_day
            idle_since[row] = until_day
