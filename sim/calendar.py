"""Calendars: rows filed under the day something will happen to them.

A :class:`Calendar` is a bucket queue keyed by day: jobs that end, trainings that finish, titles
whose phase ends. An :class:`IdleClock` uses one to fire a daily hazard on idle
workers without visiting every idle worker every day: a worker idle since day ``s`` faces a
daily probability ``before`` until day ``s + wait`` and ``after`` from then on, so the day the
hazard fires is drawn once when the worker becomes idle: a geometric waiting time at ``before``
and, if it would end after the wait, one at ``after`` from the end of the wait (the hazard is
memoryless, so this is the same as drawing again when the wait ends). Entries are tagged with the
worker's ``spell`` counter; an entry whose worker has since been hired, trained or otherwise
changed is stale and dropped when its day comes. This is the same process as a Bernoulli draw
every idle day, at a cost proportional to the events.
"""

from collections.abc import Callable

import numba
import numpy as np

from sim.roles import AVAILABLE

NEVER = 1 << 40
"""A day that never comes (far beyond any horizon, safe to add to)."""
_ENTRIES = numba.types.int32[:, ::1]
"""A day's entries: one (row, tag) pair per line, grown by doubling."""


class Calendar:
    """Rows, each with an integer tag, filed under a day (a non-negative integer); a day's
    entries are taken out, in the order they were filed, when the day comes.

    Each day keeps its entries in one growing array (rows and tags below 2**31), so filing costs
    a few nanoseconds per entry however the days are spread, and taking a day out is one copy.
    """

    def __init__(self):
        self._entries = numba.typed.List.empty_list(_ENTRIES)  # by day
        self._count = np.zeros(0, dtype=np.int64)  # entries filed under each day

    def add(self, days: np.ndarray | int, rows: np.ndarray, tags: np.ndarray | None = None):
        """File ``rows`` (with ``tags``, default 0) under ``days`` (one for all, or one per row)."""
        rows = np.asarray(rows, dtype=np.int64)
        if len(rows) == 0:
            return
        tags = np.zeros(len(rows), dtype=np.int64) if tags is None else np.asarray(tags, np.int64)
        days = np.broadcast_to(np.asarray(days, dtype=np.int64), rows.shape)
        if days.min() < 0:
            raise ValueError("a calendar day cannot be negative")
        last = int(days.max())
        if last >= len(self._count):
            grow = max(last + 1, 2 * len(self._count), 64) - len(self._count)
            _extend(self._entries, grow)
            self._count = np.r_[self._count, np.zeros(grow, dtype=np.int64)]
        _file(self._entries, self._count, np.ascontiguousarray(days), rows, tags)

    def pop(self, day: int) -> tuple[np.ndarray, np.ndarray]:
        """Rows and tags filed under ``day``, removed from the calendar."""
        if day >= len(self._count) or self._count[day] == 0:
            empty = np.empty(0, dtype=np.int64)
            return empty, empty
        return _take(self._entries, self._count, day)

    def __len__(self) -> int:
        return int(self._count.sum())


@numba.njit(cache=True)
def _extend(entries, days):
    """Add ``days`` empty days to the list of days."""
    for _ in range(days):
        entries.append(np.empty((0, 2), dtype=np.int32))


@numba.njit(cache=True)
def _file(entries, count, days, rows, tags):
    """Append each (row, tag) to the array of its day, in order (a counting sort by day)."""
    first = days.min()
    starts = np.zeros(days.max() - first + 2, dtype=np.int64)
    for day in days:
        starts[day - first + 1] += 1
    starts = np.cumsum(starts)
    order = np.empty(len(days), dtype=np.int64)
    placed = starts[:-1].copy()
    for i in range(len(days)):
        order[placed[days[i] - first]] = i
        placed[days[i] - first] += 1
    for offset in range(len(starts) - 1):
        batch = order[starts[offset] : starts[offset + 1]]
        if len(batch) == 0:
            continue
        day = first + offset
        n = count[day]
        shelf = entries[day]
        if n + len(batch) > len(shelf):
            grown = np.empty((max(2 * n, n + len(batch), 16), 2), dtype=np.int32)
            grown[:n] = shelf[:n]
            entries[day] = grown
            shelf = grown
        for j, i in enumerate(batch):
            shelf[n + j, 0] = rows[i]
            shelf[n + j, 1] = tags[i]
        count[day] = n + len(batch)


@numba.njit(cache=True)
def _take(entries, count, day):
    """Empty ``day``; returns its rows and tags (int64)."""
    n = count[day]
    taken = entries[day][:n]
    rows = taken[:, 0].astype(np.int64)
    tags = taken[:, 1].astype(np.int64)
    entries[day] = np.empty((0, 2), dtype=np.int32)
    count[day] = 0
    return rows, tags


class IdleClock:
    """Fires a wait-then-constant daily hazard on idle workers (see the module docstring).

    ``parameters(rows)`` returns, per row, the wait (the ``after`` hazard applies once a worker
    has been idle for more than ``wait`` days) and the daily probabilities ``before`` and
    ``after``. Events beyond ``horizon_day`` are not filed.
    """

    def __init__(
        self,
        workforce,
        rng: np.random.Generator,
        parameters: Callable[[np.ndarray], tuple[np.ndarray, np.ndarray, np.ndarray]],
        horizon_day: int,
    ):
        self.workforce = workforce
        self.rng = rng
        self.parameters = parameters
        self.horizon_day = horizon_day
        self._fire = Calendar()

    def watch(self, rows: np.ndarray, day: int) -> None:
        """Schedule the next event of idle ``rows`` from ``day`` on (their spell as it is now).

        The hazards must stay fixed within a spell: whatever changes them starts a new spell.
        """
        if len(rows) == 0:
            return
        wf = self.workforce
        wait, before, after = self.parameters(rows)
        wait_ends = wf.idle_since[rows].astype(np.int64) + wait + 1
        before = np.broadcast_to(before, rows.shape)
        after = np.broadcast_to(after, rows.shape)
        fire = np.full(len(rows), NEVER, dtype=np.int64)
        waiting = np.flatnonzero(day < wait_ends)
        fire[waiting] = day + _geometric(self.rng, before[waiting]) - 1
        late = np.flatnonzero(fire >= wait_ends)
        fire[late] = np.maximum(day, wait_ends[late]) + _geometric(self.rng, after[late]) - 1
        keep = fire < self.horizon_day
        self._fire.add(fire[keep], rows[keep], wf.spell[rows][keep])

    def due(self, day: int) -> np.ndarray:
        """Rows whose hazard fires today, still idle in the spell it was drawn for."""
        rows, spells = self._fire.pop(day)
        wf = self.workforce
        ok = (wf.spell[rows] == spells) & (wf.status[rows] == AVAILABLE)
        return rows[ok]


def _geometric(rng: np.random.Generator, p: np.ndarray) -> np.ndarray:
    """Days until the first success of daily Bernoulli(p) trials (1 = today); NEVER for p = 0."""
    p = np.asarray(p, dtype=float)
    days = np.full(len(p), NEVER, dtype=np.int64)
    positive = p > 0
    days[positive] = rng.geometric(np.minimum(p[positive], 1.0))
    return days
