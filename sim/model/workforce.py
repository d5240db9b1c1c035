"""The workforce: every worker of both sectors as a struct of numpy arrays.

Workers are rows; each attribute is one array, as Covasim and Starsim hold people. Rules act on
index arrays, never on Python objects per worker. :meth:`Workforce.person` returns one worker as a
plain object for inspection and tests. This module imports no Mesa.

Units: days are simulation days (one step = one day, a year = 365 days); income is in yuan; each
row stands for ``scale`` real people, so counts must be multiplied by ``scale`` when reported.
"""

from dataclasses import dataclass

import numpy as np

from sim.engine.census import census
from sim.engine.crediting import credit_jobs
from sim.engine.table import Column, ColumnTable
from sim.vocabulary import AVAILABLE, DAYS_PER_YEAR, LEFT, ORIGINS, ROLES, SECTORS, STATUSES, TIERS

NO_ONE = -1
"""Value of an index column (studio, production, day) that points at nothing."""

_LIFETIME_COLUMNS: dict[str, Column] = {
    "role": Column(np.int8, 0, "occupation", "one of `ROLES`"),
    "tier": Column(np.int8, 0, "experience", "newcomer (0) / experienced (1)"),
    "region": Column(np.int8, 0, "home region; never changes", "region index"),
    "sector": Column(
        np.int8, 0, "the sector the worker is attached to (looks for work in)", "micro / long"
    ),
    "status": Column(
        np.int8, AVAILABLE, "labour-market state", "available / working / retraining / left"
    ),
    "origin": Column(np.int8, 0, "where the worker came from", "one of `ORIGINS`"),
    "gig": Column(np.bool_, False, "member of a gig-market pool", "bool"),
    "employer": Column(
        np.int32,
        NO_ONE,
        "studio whose in-house core team the worker belongs to",
        "studio index or -1",
    ),
    "core_since": Column(np.int32, NO_ONE, "day the worker joined that core team", "day"),
    "last_studio": Column(
        np.int32, NO_ONE, "referral tie: the studio last worked for", "studio index or -1"
    ),
    "production": Column(np.int32, NO_ONE, "title currently or last worked on", "title id or -1"),
    "job_start": Column(np.int32, NO_ONE, "first day of the current or last job", "day"),
    "job_end": Column(np.int32, NO_ONE, "first day free again after the current job", "day"),
    "credited_from": Column(
        np.int32, NO_ONE, "first day of the current job not yet counted", "day"
    ),
    "last_release": Column(np.int32, NO_ONE, "day the last job ended", "day"),
    "idle_since": Column(np.int32, 0, "first day of the current idle spell", "day"),
    "spell": Column(
        np.int32, 0, "bumped whenever the worker's idle events must be redrawn", "counter"
    ),
    "titles_total": Column(np.int32, 0, "lifetime titles worked (drives promotion)", "titles"),
    "entered_day": Column(np.int32, 0, "day the worker entered the market", "day"),
    "born_day": Column(
        np.int32, -30 * DAYS_PER_YEAR, "day of birth (before day 0: negative)", "day"
    ),
    "college": Column(np.bool_, False, "holds a college degree or above", "bool"),
}
_YEARLY_COLUMNS: dict[str, Column] = {
    "days_micro": Column(np.int32, 0, "days worked on micro dramas this year", "days"),
    "days_long": Column(np.int32, 0, "days worked on long dramas this year", "days"),
    "titles_micro": Column(np.int32, 0, "micro titles worked this year", "titles"),
    "titles_long": Column(np.int32, 0, "long titles worked this year", "titles"),
    "contracts": Column(np.int32, 0, "engagements begun this year (each booking)", "contracts"),
    "months_worked": Column(
        np.int32, 0, "months of this year with some work (bit m: month m)", "12-bit mask"
    ),
    "income_yuan": Column(
        np.float64, 0, "earnings this year (days times the role's day rate)", "yuan"
    ),
}
COLUMNS = {**_LIFETIME_COLUMNS, **_YEARLY_COLUMNS}
# Columns stored interleaved (see sim.engine.table): the fields that starting a job, crediting it
# and watching an idle worker read or write together, so that each costs one cache miss a worker
# rather than one per column (16 int32 fields: one 64-byte record). None of them is scanned
# whole more than once a year.
RECORDS: dict[str, tuple[str, ...]] = {
    "job": (
        "job_start", "credited_from", "job_end", "last_release", "idle_since", "production",
        "last_studio", "spell", "titles_total", "employer", "months_worked",
        "days_micro", "days_long", "titles_micro", "titles_long", "contracts",
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

    def census(self, month: int = 0) -> np.ndarray:
        """Workers counted by status, sector, role, in-house core member (1) or not (0) and
        whether they had work in ``month`` (0-11) of this year (1) or not (0): an int64 array of
        shape (statuses, sectors, roles, 2, 2), in one pass (:mod:`sim.engine.census`)."""
        shape = (len(STATUSES), len(SECTORS), len(ROLES), 2, 2)
        return census(
            self.status, self.sector, self.role, self.employer, self.months_worked, 1 << month,
            shape,
        )  # fmt: skip

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
        credit_jobs(
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
