"""Calendars: rows filed under the day something will happen to them.

A :class:`Calendar` is a bucket queue of row arrays keyed by day: jobs that end, trainings that
finish, titles whose phase ends. An :class:`IdleClock` uses one to fire a daily hazard on idle
workers without visiting every idle worker every day: a worker idle since day ``s`` faces a
daily probability ``before`` until day ``s + wait`` and ``after`` from then on, so the day the
hazard fires is drawn once when the worker becomes idle: a geometric waiting time at ``before``
and, if it would end after the wait, one at ``after`` from the end of the wait (the hazard is
memoryless, so this is the same as drawing again when the wait ends). Entries are tagged with the
worker's ``spell`` counter; an entry whose worker has since been hired, trained or otherwise
changed is stale and dropped when its day comes. This is the same process as a Bernoulli draw
every idle day, at a cost proportional to the events.
"""

from collections import defaultdict
from collections.abc import Callable

import numpy as np

from sim.roles import AVAILABLE

NEVER = 1 << 40
"""A day that never comes (far beyond any horizon, safe to add to)."""


class Calendar:
    """Arrays of rows (with optional integer tags) filed under a day; days are popped in order.

    Far days are filed by blocks of ``BLOCK_DAYS`` days and sorted into single days only when
    their block comes up, so filing a batch that spans hundreds of days costs a few array
    operations, not one per day.
    """

    BLOCK_DAYS = 32

    def __init__(self):
        self._days: dict[int, list[tuple[np.ndarray, np.ndarray]]] = defaultdict(list)
        self._blocks: dict[int, list[tuple[np.ndarray, np.ndarray, np.ndarray]]] = defaultdict(list)
        self._opened = -1  # blocks up to this one are already sorted into days

    def add(self, days: np.ndarray | int, rows: np.ndarray, tags: np.ndarray | None = None):
        """File ``rows`` under ``days`` (one day for all, or one per row)."""
        rows = np.asarray(rows, dtype=np.int64)
        if len(rows) == 0:
            return
        tags = np.zeros(len(rows), dtype=np.int64) if tags is None else np.asarray(tags)
        days = np.broadcast_to(np.asarray(days, dtype=np.int64), rows.shape)
        block = days // self.BLOCK_DAYS
        near = block <= self._opened
        if near.any():
            _file(self._days, days[near], (rows[near], tags[near]))
        if not near.all():
            far = ~near
            _file(self._blocks, block[far], (days[far], rows[far], tags[far]))

    def pop(self, day: int) -> tuple[np.ndarray, np.ndarray]:
        """Rows and tags filed under ``day``, removed from the calendar."""
        while self._opened < day // self.BLOCK_DAYS:
            self._opened += 1
            parts = self._blocks.pop(self._opened, [])
            if parts:
                days, rows, tags = (np.concatenate(column) for column in zip(*parts, strict=True))
                _file(self._days, days, (rows, tags))
        batches = self._days.pop(day, [])
        if not batches:
            empty = np.empty(0, dtype=np.int64)
            return empty, empty
        return np.concatenate([b[0] for b in batches]), np.concatenate([b[1] for b in batches])

    def __len__(self) -> int:
        near = sum(len(rows) for batches in self._days.values() for rows, _ in batches)
        return near + sum(len(part[1]) for parts in self._blocks.values() for part in parts)


def _file(shelf: dict, keys: np.ndarray, columns: tuple[np.ndarray, ...]) -> None:
    """Append each column's entries to ``shelf[key]``, grouped by key."""
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
    for first, last in zip(starts, np.r_[starts[1:], len(order)], strict=True):
        part = order[first:last]
        shelf[int(sorted_keys[first])].append(tuple(column[part] for column in columns))


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
