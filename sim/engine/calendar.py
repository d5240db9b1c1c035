"""Calendars: rows filed under the day something will happen to them.

A :class:`Calendar` is a bucket queue keyed by day: jobs and trainings that end, titles whose
phase ends, idle workers' events (:mod:`sim.engine.idle`). The kernels release the GIL, so that
a calendar can be filed from a background thread (:mod:`sim.engine.idle`).

Rule: none of its own; it replaces a daily scan for "whose job, phase or idle wait ends today"
(the plain version: the per-agent reference's check of every agent each day).
"""

import numba
import numpy as np

CHUNK = 64
"""Entries per chunk of a day's list."""


class Calendar:
    """Rows, each with an integer tag, filed under a day (a non-negative integer); a day's
    entries are taken out, in the order they were filed, when the day comes. An entry filed for
    a day that was already taken out is filed under the first day not yet taken out.

    Each day keeps its entries in a chain of chunks of ``CHUNK`` (row, tag) pairs (both below
    2**31), drawn from one pool that grows by doubling; emptied chunks are reused. Filing costs a
    few nanoseconds per entry however the days are spread, and taking a day out a copy.
    """

    def __init__(self):
        self._first = np.full(0, -1, dtype=np.int64)  # by day: first chunk, or -1
        self._last = np.full(0, -1, dtype=np.int64)  # by day: last chunk, or -1
        self._count = np.zeros(0, dtype=np.int64)  # by day: entries
        self._chunks = np.zeros((0, CHUNK, 2), dtype=np.int32)
        self._next = np.zeros(0, dtype=np.int64)  # by chunk: next of its day (or free), or -1
        self._free = -1  # first free chunk, or -1
        self._spare = 0  # free chunks
        self._open_from = 0  # days before this one were taken out already

    def add(self, days: np.ndarray | int, rows: np.ndarray, tags: np.ndarray | None = None):
        """File ``rows`` (with ``tags``, default 0) under ``days`` (one for all, or one per row)."""
        rows = np.asarray(rows, dtype=np.int64)
        if len(rows) == 0:
            return
        days = np.asarray(days, dtype=np.int64).reshape(-1)
        tags = _NO_TAGS if tags is None else np.asarray(tags, dtype=np.int64)
        if len(days) not in (1, len(rows)) or len(tags) not in (0, len(rows)):
            raise ValueError(
                f"{len(rows)} rows need one day or one per row and one tag per row or none "
                f"(got {len(days)} days and {len(tags)} tags)"
            )
        earliest, latest = _day_range(days)
        if earliest < 0:
            raise ValueError(f"a calendar day cannot be negative (got {earliest})")
        # A day already taken out cannot get new entries: they go to the first day still open.
        latest = max(latest, self._open_from)
        if latest >= len(self._count):
            grow = max(latest + 1, 2 * len(self._count), 64) - len(self._count)
            self._first = np.r_[self._first, np.full(grow, -1, dtype=np.int64)]
            self._last = np.r_[self._last, np.full(grow, -1, dtype=np.int64)]
            self._count = np.r_[self._count, np.zeros(grow, dtype=np.int64)]
        needed = _chunks_needed(self._count, days, len(rows), self._open_from)
        if needed > self._spare:
            self._grow(needed - self._spare)
        self._spare -= needed
        self._free = _file(
            self._first, self._last, self._count, self._chunks, self._next, self._free,
            days, rows, tags, self._open_from,
        )  # fmt: skip

    def _grow(self, chunks: int) -> None:
        """Add at least ``chunks`` free chunks (the pool at least doubles)."""
        old = len(self._chunks)
        size = max(2 * old, old + chunks, 64)
        grown = np.zeros((size, CHUNK, 2), dtype=np.int32)
        grown[:old] = self._chunks
        links = np.empty(size, dtype=np.int64)
        links[:old] = self._next
        links[old:-1] = np.arange(old + 1, size)  # the new chunks, then the old free list
        links[-1] = self._free
        self._chunks, self._next, self._free = grown, links, old
        self._spare += size - old

    def pop(self, day: int) -> tuple[np.ndarray, np.ndarray]:
        """Rows and tags filed under ``day``, removed from the calendar."""
        self._open_from = max(self._open_from, day + 1)
        if day >= len(self._count) or self._count[day] == 0:
            empty = np.empty(0, dtype=np.int64)
            return empty, empty
        rows, tags, self._free = _take(
            self._first, self._last, self._count, self._chunks, self._next, self._free, day
        )
        self._spare += -(-len(rows) // CHUNK)
        return rows, tags

    def renumber(self, where: np.ndarray) -> None:
        """Rows were renumbered: row ``r`` is now ``where[r]`` (see
        :meth:`sim.engine.table.ColumnTable.keep`); the entries keep their days, tags and order."""
        _renumber(self._chunks, where)

    def __len__(self) -> int:
        return int(self._count.sum())


_NO_TAGS = np.empty(0, dtype=np.int64)


@numba.njit(cache=True, nogil=True)
def _day_range(days):
    """The earliest and the latest of ``days`` (one pass)."""
    earliest, latest = days[0], days[0]
    for day in days:
        earliest, latest = min(earliest, day), max(latest, day)
    return earliest, latest


@numba.njit(inline="always")
def _filing_day(days, i, open_from):
    """The day entry ``i`` is filed under: its day (``days`` holds one per entry, or one for
    all), or ``open_from`` if that day was taken out already."""
    return max(days[i] if len(days) > 1 else days[0], open_from)


@numba.njit(cache=True, nogil=True)
def _chunks_needed(count, days, n, open_from):
    """The chunks that filing ``n`` entries under ``days`` (one per entry, or one for all; a
    day before ``open_from`` counts as ``open_from``) takes from the free list: one each time a
    day's count is at a multiple of ``CHUNK``. (``count`` is left as it was.)"""
    needed = 0
    for i in range(n):
        day = _filing_day(days, i, open_from)
        needed += count[day] % CHUNK == 0
        count[day] += 1
    for i in range(n):
        count[_filing_day(days, i, open_from)] -= 1
    return needed


@numba.njit(cache=True, nogil=True)
def _file(first, last, count, chunks, next_chunk, free, days, rows, tags, open_from):
    """Append each (row, tag) to the chain of its day, taking chunks from the free list, which
    must hold enough (:func:`_chunks_needed`; the pool is grown before the loop, as a loop
    that could replace the arrays it writes runs several times slower). ``days`` holds one
    day per row, or one for all; ``tags`` one tag per row, or none (all 0); a day before
    ``open_from`` files under ``open_from``. Returns the first free chunk."""
    for i in range(len(rows)):
        day = _filing_day(days, i, open_from)
        tag = tags[i] if len(tags) else 0
        position = count[day] % CHUNK
        if position == 0:  # the day's last chunk is full, or it has none
            chunk = free
            free = next_chunk[chunk]
            next_chunk[chunk] = -1
            if first[day] < 0:
                first[day] = chunk
            else:
                next_chunk[last[day]] = chunk
            last[day] = chunk
        chunks[last[day], position, 0] = rows[i]
        chunks[last[day], position, 1] = tag
        count[day] += 1
    return free


@numba.njit(cache=True, nogil=True)
def _renumber(chunks, where):
    """Replace each row ``r`` in the pool by ``where[r]`` (free chunks too: they hold old rows)."""
    for chunk in range(len(chunks)):
        for position in range(CHUNK):
            chunks[chunk, position, 0] = where[chunks[chunk, position, 0]]


@numba.njit(cache=True, nogil=True)
def _take(first, last, count, chunks, next_chunk, free, day):
    """Empty ``day``, returning its chunks to the free list; returns its rows and tags (int64)
    and the first free chunk."""
    n = count[day]
    rows = np.empty(n, dtype=np.int64)
    tags = np.empty(n, dtype=np.int64)
    chunk = first[day]
    for i in range(n):
        position = i % CHUNK
        rows[i] = chunks[chunk, position, 0]
        tags[i] = chunks[chunk, position, 1]
        if position == CHUNK - 1 or i == n - 1:
            following = next_chunk[chunk]
            next_chunk[chunk] = free
            free = chunk
            chunk = following
    first[day] = -1
    last[day] = -1
    count[day] = 0
    return rows, tags, free
