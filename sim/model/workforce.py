"""The workforce: every worker of both sectors as a struct of numpy arrays.

Workers are rows; each attribute is one array, as Covasim and Starsim hold people. Rules act on
index arrays, never on Python objects per worker. :meth:`Workforce.person` returns one worker as a
plain object for inspection and tests. This module imports no Mesa.

Units: days are simulation days (one step = one day, a year = 365 days); income is in yuan; each
row stands for ``scale`` real people, so counts must be multiplied by ``scale`` when reported.
"""

from dataclasses import dataclass

import numba
import numpy as np

from sim.engine.table import ColumnTable
from sim.vocabulary import AVAILABLE, LEFT, MICRO, ORIGINS, ROLES, SECTORS, STATUSES, TIERS

NO_ONE = -1
"""Value of an index column (studio, production, day) that points at nothing."""

# Column name -> numpy dtype and the value a new worker starts with.
_LIFETIME_COLUMNS: dict[str, tuple[type, int]] = {
    "role": (np.int8, 0),
    "tier": (np.int8, 0),
    "region": (np.int8, 0),
    "sector": (np.int8, 0),
    "status": (np.int8, AVAILABLE),
    "origin": (np.int8, 0),
    "gig": (np.bool_, False),
    "employer": (np.int32, NO_ONE),  # studio index of an in-house core member
    "core_since": (np.int32, NO_ONE),  # day they joined their studio's core team
    "last_studio": (np.int32, NO_ONE),  # referral tie: the studio last worked for
    "production": (np.int32, NO_ONE),  # title currently or last worked on
    "job_start": (np.int32, NO_ONE),
    "job_end": (np.int32, NO_ONE),  # first day free again
    "credited_from": (np.int32, NO_ONE),  # first day of the current job not yet counted
    "last_release": (np.int32, NO_ONE),  # day the last job ended
    "idle_since": (np.int32, 0),
    "spell": (np.int32, 0),  # bumped whenever scheduled idle events must be redrawn
    "titles_total": (np.int32, 0),
    "entered_day": (np.int32, 0),
}
_YEARLY_COLUMNS: dict[str, tuple[type, int]] = {
    "days_micro": (np.int32, 0),
    "days_long": (np.int32, 0),
    "titles_micro": (np.int32, 0),
    "titles_long": (np.int32, 0),
    "months_worked": (np.int32, 0),  # bit m set: some work in month m of the year
    "income_yuan": (np.float64, 0),
}
COLUMNS = {**_LIFETIME_COLUMNS, **_YEARLY_COLUMNS}
# Columns stored interleaved (see sim.engine.table): the fields that starting a job, crediting it and
# watching an idle worker read or write together, so that each costs one cache miss a worker
# rather than one per column (15 int32 fields: one 64-byte record). None of them is scanned
# whole more than once a year.
RECORDS: dict[str, tuple[str, ...]] = {
    "job": (
        "job_start", "credited_from", "job_end", "last_release", "idle_since", "production",
        "last_studio", "spell", "titles_total", "employer", "months_worked",
        "days_micro", "days_long", "titles_micro", "titles_long",
    ),
}  # fmt: skip


@dataclass(frozen=True)
class Person:
    """One worker, read from the arrays (a snapshot, not a live view)."""

    index: int
    role: str
    tier: str
    region: int
    sector: str
    status: str
    origin: str
    gig: bool
    employer: int
    last_studio: int
    production: int
    job_end: int
    days_micro: int
    days_long: int
    titles_micro: int
    titles_long: int
    months_worked: int
    income_yuan: float


class Workforce(ColumnTable):
    """Every worker in the market, one row each, and those who left since the last yearly drop
    of their rows (``status`` LEFT; see :meth:`sim.model.model.DramaLabourModel.drop_departed`)."""

    def __init__(self, capacity: int = 1024):
        super().__init__(COLUMNS, capacity, RECORDS)

    def new_spell(self, rows: np.ndarray) -> None:
        """Invalidate the idle events scheduled for ``rows`` (hired, trained, changed sector)."""
        self.spell[rows] += 1

    def active(self) -> np.ndarray:
        """Boolean mask of workers still in the labour market (not LEFT)."""
        return self.status != LEFT

    def credit_work(
        self,
        idx: np.ndarray,
        until_day: int,
        year_start: int,
        day_rate_yuan: np.ndarray,
        release: bool = False,
    ) -> None:
        """Count the days and income of the current jobs of ``idx`` from ``credited_from`` to
        ``until_day``, at ``day_rate_yuan`` (yuan a day, by role); if ``release``, the jobs end
        there and the workers are available again from ``until_day``.

        Days go to the sector the worker is attached to (the sector of their production); every
        month touched gets its bit in ``months_worked``. Days before ``year_start`` were counted in
        the previous year already.
        """
        _credit(
            idx, until_day, year_start, day_rate_yuan, release, self.credited_from, self.sector,
            self.role, self.days_micro, self.days_long, self.months_worked, self.income_yuan,
            self.status, self.last_release, self.idle_since,
        )  # fmt: skip

    def reset_year(self) -> None:
        """Zero the yearly counters (running jobs must have been credited first)."""
        self.reset(_YEARLY_COLUMNS)

    def person(self, i: int) -> Person:
        """The worker in row ``i`` as an object."""
        if not 0 <= i < self.size:
            raise IndexError(f"no worker {i}; the workforce has {self.size} rows")
        return Person(
            index=i,
            role=ROLES[self.role[i]],
            tier=TIERS[self.tier[i]],
            region=int(self.region[i]),
            sector=SECTORS[self.sector[i]],
            status=STATUSES[self.status[i]],
            origin=ORIGINS[self.origin[i]],
            gig=bool(self.gig[i]),
            employer=int(self.employer[i]),
            last_studio=int(self.last_studio[i]),
            production=int(self.production[i]),
            job_end=int(self.job_end[i]),
            days_micro=int(self.days_micro[i]),
            days_long=int(self.days_long[i]),
            titles_micro=int(self.titles_micro[i]),
            titles_long=int(self.titles_long[i]),
            months_worked=int(self.months_worked[i]),
            income_yuan=float(self.income_yuan[i]),
        )


@numba.njit(cache=True)
def month_of_year(day_of_year: int) -> int:
    """Month 0-11 of a day of the year (0-364; earlier days count as month 0, later as 11):
    month m holds the days d with d * 12 // 365 == m."""
    return min(max(day_of_year * 12 // 365, 0), 11)


@numba.njit(cache=True)
def _credit(
    idx, until_day, year_start, day_rate_yuan, release, credited_from, sector, role,
    days_micro, days_long, months_worked, income_yuan, status, last_release, idle_since,
):  # fmt: skip
    """The per-row body of :meth:`Workforce.credit_work` (releasing in the same pass: one visit
    to each row, whose fields mostly share one record)."""
    for row in idx:
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
