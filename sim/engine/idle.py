"""Idle events: the daily hazards of idle workers, drawn once as waiting times.

Three hazards act on idle (available) workers: leaving the industry (:mod:`sim.model.turnover`),
crossing from long to micro dramas and applying for AI-animator training
(:mod:`sim.model.mobility`).
Each is a daily probability ``before`` until the worker has been idle for more than ``wait``
days and ``after`` from then on. Instead of a Bernoulli draw for every idle worker every day,
the day each hazard fires is drawn once: a geometric waiting time at ``before`` and, if it would
end after the wait, one at ``after`` from the end of the wait (the hazard is memoryless, so this
is the same as drawing again when the wait ends). The worker is filed once, under the first
of its hazards' days, in a :class:`~sim.engine.calendar.Calendar`, tagged with its ``spell`` counter
and the hazards that fire that day; an entry whose worker has since been hired, trained or
otherwise changed is stale and dropped when its day comes. A hazard that fires without changing
the worker (an applicant turned away for lack of a training place) has the worker watched again
from the next day; the later hazards were not filed, but being memoryless they can be drawn
again. This is the same process as a daily draw, at a cost proportional to the events.

Timing: a worker who becomes idle, or changes sector or role, on day ``d`` faces the hazards
from day ``d + 1`` on. The model collects such workers during the day and watches them all in
one call at its end (:meth:`sim.model.model.DramaLabourModel.watch_idle`).

A hazard is a function ``hazard(sector, role, gig, employee)`` of worker attributes (arrays;
``employee``: an in-house core member) returning the wait (days) and the daily probabilities
before and after it. Hazards depend on nothing else, so :class:`IdleEvents` tabulates each one
for every combination of the four when it is set, and a watch only looks rows up in the tables.

A watch reads the rows' fields at once, then (if there are many) draws and files their events
in a background thread while the model goes on (into the next day's hiring); the random stream
and the calendar are touched by that thread alone until the next :meth:`IdleEvents.due` (or
watch) waits for it, so the results are those of filing at once.

Rules: leaving (``docs/model.md`` section 7.6), crossing and applying for training (section 7.5).
Plain version: ``WorkerAgent.step`` in ``benchmarks/reference.py`` draws each hazard for each idle
worker every day; ``tests/test_reference.py`` holds the two to the same aggregates.
"""

import math
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numba
import numpy as np

from sim.engine.calendar import Calendar
from sim.vocabulary import AVAILABLE, ROLES, SECTORS

LEAVE, CROSS, TRAIN = range(3)
HAZARDS: tuple[str, ...] = ("leave", "cross", "train")
NEVER = 1 << 40
"""A day that never comes (far beyond any horizon, safe to add to)."""
BACKGROUND_ROWS = 1000
"""Watches of this many rows or more are drawn and filed in the background thread."""

Hazard = Callable[
    [np.ndarray, np.ndarray, np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray, np.ndarray]
]


class IdleEvents:
    """The days on which idle workers' hazards fire (see the module docstring).

    Events on or after ``horizon_day`` (the end of the run) are not filed. A hazard that was
    not set never fires.
    """

    def __init__(self, workforce, rng: np.random.Generator, horizon_day: int):
        self.workforce = workforce
        self.rng = rng
        self.horizon_day = horizon_day
        # By hazard, sector, role, gig member, employee: wait (days), daily probabilities.
        shape = (len(HAZARDS), len(SECTORS), len(ROLES), 2, 2)
        self._wait = np.zeros(shape, dtype=np.int64)
        # log(1 - p) of the daily probabilities, for the inversion (0 where p = 0: never fires)
        self._log_before = np.zeros(shape)
        self._log_after = np.zeros(shape)
        # Each watched row is filed once, under the first day any hazard fires, tagged with its
        # spell and the hazards firing that day: tag = spell * 8 + sum of 2**hazard.
        self._due = Calendar()
        self._background = ThreadPoolExecutor(max_workers=1, thread_name_prefix="idle-events")
        self._filing = None  # the last watch's drawing and filing (a Future), or None
        self._today = (-1, np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64))

    def set_hazard(self, hazard: int, formula: Hazard) -> None:
        """Tabulate ``formula`` (see the module docstring) as ``hazard`` (LEAVE, CROSS, TRAIN)."""
        sector, role, gig, employee = np.indices(self._wait.shape[1:])
        wait, before, after = formula(sector, role, gig.astype(bool), employee.astype(bool))
        self._wait[hazard] = wait
        with np.errstate(divide="ignore"):  # p >= 1: log 0 = -inf, the first day fires
            self._log_before[hazard] = np.log1p(-np.minimum(before, 1.0))
            self._log_after[hazard] = np.log1p(-np.minimum(after, 1.0))

    def watch(self, rows: np.ndarray, first_day: int) -> None:
        """Draw the days on which the hazards of the idle ``rows`` fire, from ``first_day`` on,
        for their spell as it is now (whatever changes a hazard must start a new spell), and
        file each row under the first of them. A row whose hazard fired without changing it
        (an applicant turned away) must be watched again from the next day: the hazards are
        memoryless, so drawing again is the same as keeping the later draws."""
        rows = np.asarray(rows, dtype=np.int64)
        if len(rows) == 0:
            return
        wf = self.workforce
        cells, since, spells = _watched_fields(
            rows, wf.idle_since, wf.sector, wf.role, wf.gig, wf.employer, wf.spell,
            self._wait.shape[2],
        )  # fmt: skip
        self._wait_for_filing()
        if len(rows) < BACKGROUND_ROWS:  # handing over would cost more than it saves
            self._file(rows, cells, since, spells, first_day)
        else:
            self._filing = self._background.submit(
                self._file, rows, cells, since, spells, first_day
            )

    def _file(self, rows, cells, since, spells, first_day) -> None:
        """Draw the first event of each watched row and file it."""
        days, rows, tags = _first_events(
            rows, cells, since, spells, first_day, self.horizon_day, self._wait,
            self._log_before, self._log_after,
            self.rng.standard_exponential((len(rows), len(HAZARDS), 2)),
        )  # fmt: skip
        self._due.add(days, rows, tags)

    def _wait_for_filing(self) -> None:
        """Wait until the last watch's events are filed (raising what its thread raised)."""
        if self._filing is not None:
            filing, self._filing = self._filing, None
            filing.result()

    def renumber(self, where: np.ndarray) -> None:
        """Rows were renumbered: row ``r`` is now ``where[r]`` (see
        :meth:`sim.engine.table.ColumnTable.keep`)."""
        self._wait_for_filing()
        self._due.renumber(where)
        day, rows, tags = self._today
        self._today = (day, where[rows], tags)

    def due(self, hazard: int, day: int) -> np.ndarray:
        """Rows whose ``hazard`` fires today, still idle in the spell it was drawn for. Days
        must come in order; the hazards of one day may be asked for in any order."""
        if self._today[0] != day:
            self._wait_for_filing()
            self._today = (day, *self._due.pop(day))
        _, rows, tags = self._today
        return _still_due(rows, tags, hazard, self.workforce.spell, self.workforce.status)


@numba.njit(cache=True)
def _still_due(rows, tags, hazard, spell, status):
    """The ``rows`` whose calendar tag has ``hazard`` firing and the worker's current spell,
    and who are available, in order."""
    due = np.empty(len(rows), dtype=np.int64)
    n = 0
    for i in range(len(rows)):
        row = rows[i]
        if (tags[i] >> hazard) & 1 and spell[row] == tags[i] >> 3 and status[row] == AVAILABLE:
            due[n] = row
            n += 1
    return due[:n]


@numba.njit(cache=True, parallel=True)
def _watched_fields(rows, idle_since, sector, role, gig, employer, spell, roles):
    """What a watch needs of each row, read in one tight pass (the reads of rows overlap): the
    flat index of its (sector, role, gig, employee) cell in the hazard tables (of ``roles``
    roles), its ``idle_since`` day and its ``spell``."""
    n = len(rows)
    cell = np.empty(n, dtype=np.int64)
    since = np.empty(n, dtype=np.int64)
    spells = np.empty(n, dtype=np.int64)
    for i in numba.prange(n):
        row = rows[i]
        cell[i] = ((sector[row] * roles + role[row]) * 2 + gig[row]) * 2 + (employer[row] >= 0)
        since[i] = idle_since[row]
        spells[i] = spell[row]
    return cell, since, spells


@numba.njit(cache=True, nogil=True)
def _first_events(
    rows, cell, since, spells, first_day, horizon_day, wait, log_before, log_after, e
):  # fmt: skip
    """For each row, the first day on which any hazard fires and the calendar tag of that day
    (``spell * 8`` plus 2**hazard for each hazard firing that day); rows whose first day is
    ``horizon_day`` or later are left out. Returns the days, rows and tags kept.

    A row idle since ``since`` faces the daily probability p_before until day
    ``since + wait`` and p_after from the next day on; the tables hold log(1 - p), looked up
    at the row's ``cell`` (:func:`_watched_fields`); ``e`` holds two standard exponential
    variates per row and hazard.
    """
    n = len(rows)
    hazards = wait.shape[0]
    wait = wait.reshape(hazards, -1)
    log_before = log_before.reshape(hazards, -1)
    log_after = log_after.reshape(hazards, -1)
    days = np.empty(n, dtype=np.int64)
    kept = np.empty(n, dtype=np.int64)
    tags = np.empty(n, dtype=np.int64)
    m = 0
    for i in range(n):
        c = cell[i]
        first = NEVER
        firing = 0
        for h in range(hazards):
            wait_ends = since[i] + wait[h, c] + 1  # first day at p_after
            day = NEVER
            if first_day < wait_ends:
                day = first_day + _trials(log_before[h, c], e[i, h, 0]) - 1
            if day >= wait_ends:
                day = max(first_day, wait_ends) + _trials(log_after[h, c], e[i, h, 1]) - 1
            if day < first:
                first, firing = day, 0
            if day == first:
                firing |= 1 << h
        if first < horizon_day:
            days[m], kept[m], tags[m] = first, rows[i], spells[i] * 8 + firing
            m += 1
    return days[:m], kept[:m], tags[:m]


@numba.njit(cache=True, nogil=True)
def _trials(log_q, e):
    """Daily Bernoulli(p) trials up to the first success (1: it succeeds on the first day),
    given ``log_q`` = log(1 - p), by inversion: ceil(e / -log(1 - p)) for a standard
    exponential variate ``e`` (that is, -log(1 - u) for a uniform u); NEVER for p = 0.
    """
    if log_q == 0.0:
        return NEVER
    trials = e / -log_q
    if trials >= NEVER:
        return NEVER
    return max(1, math.ceil(trials))
