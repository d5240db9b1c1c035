"""Candidate pools: finding available workers of a kind without scanning the whole workforce.

A :class:`KeyedPool` keeps every worker's row sorted by a key (for example sector, role and
region), rebuilt every ``refresh_days``; rows added or re-keyed since are kept in a short
"recent" list. To find candidates for ``d`` slots of key ``k`` it draws random positions in the
key's block (as many as ``d`` over the block's estimated share of usable workers, times a
safety factor), keeps those that pass the caller's test (available, not yet taken, still of
key ``k``), and takes the whole block when it is small or when sampling found too few. Recent
rows are offered with the chance an indexed row of their key had to be drawn. Every usable worker
of a key thus has the same chance to be a candidate, and a day's cost is proportional to its
hires, not to the workforce.
"""

from collections.abc import Callable

import numpy as np

from sim.roles import LEFT

OVERSAMPLING = 2.0
SMOOTHING = 0.2  # weight of today's observation in the usable-share estimate


class OneOfEach:
    """Finds positions keeping one copy of each row, in linear time with a reusable scratch."""

    def __init__(self, workforce):
        self.workforce = workforce
        self._scratch = np.zeros(0, dtype=np.int64)

    def __call__(self, rows: np.ndarray) -> np.ndarray:
        if len(self._scratch) < self.workforce.size:
            self._scratch = np.zeros(2 * self.workforce.size, dtype=np.int64)
        position = np.arange(len(rows))
        self._scratch[rows] = position
        return np.flatnonzero(self._scratch[rows] == position)


class KeyedPool:
    """Rows grouped by an integer key in [0, n_keys)."""

    def __init__(
        self,
        workforce,
        key_of: Callable[[np.ndarray], np.ndarray],
        n_keys: int,
        rng: np.random.Generator,
        refresh_days: int = 30,
    ):
        self.workforce = workforce
        self.key_of = key_of
        if n_keys > np.iinfo(np.int16).max:
            raise ValueError(f"a keyed pool holds at most 32767 keys, not {n_keys}")
        self.n_keys = n_keys
        self.rng = rng
        self.refresh_days = refresh_days
        self.usable_share = np.full(n_keys, 0.5)
        self._built_day = None
        self._recent: list[np.ndarray] = []
        self._first_occurrences = OneOfEach(workforce)

    def note(self, rows: np.ndarray) -> None:
        """Rows that are new or whose key may have changed since the last rebuild."""
        if len(rows):
            self._recent.append(np.asarray(rows, dtype=np.int64))

    def _rebuild(self, day: int) -> None:
        wf = self.workforce
        rows = np.flatnonzero(wf.status != LEFT)
        keys = self.key_of(rows).astype(np.int16)  # 16-bit keys sort in linear time (radix)
        order = np.argsort(keys, kind="stable")
        self.rows = rows[order]
        self.starts = np.searchsorted(keys[order], np.arange(self.n_keys + 1))
        self._recent = []
        self._built_day = day

    def candidates(
        self,
        keys: np.ndarray,
        counts: np.ndarray,
        usable: Callable[[np.ndarray], np.ndarray],
        day: int,
    ) -> np.ndarray:
        """Usable rows of the given distinct ``keys``: enough for ``counts`` slots of each key
        where the workforce has them. ``usable(rows)`` tells which rows may be hired now."""
        if self._built_day is None or day - self._built_day >= self.refresh_days:
            self._rebuild(day)
        if len(keys) == 0:
            return np.empty(0, dtype=np.int64)
        start, end = self.starts[keys], self.starts[keys + 1]
        size = end - start
        share = np.maximum(self.usable_share[keys], 0.01)
        draws = np.ceil(OVERSAMPLING * counts / share).astype(np.int64) + 8
        whole = draws >= size  # small blocks are taken whole rather than sampled
        draws[whole] = 0
        block = np.repeat(np.arange(len(keys)), draws)
        offsets = (self.rng.random(len(block)) * size[block]).astype(np.int64)
        sampled = self.rows[start[block] + offsets]
        first = self._first_occurrences(sampled)
        sampled, sampled_block = sampled[first], block[first]
        ok = usable(sampled) & (self.key_of(sampled) == keys[sampled_block])
        found_per_block = np.bincount(sampled_block[ok], minlength=len(keys))
        sampled_per_block = np.bincount(sampled_block, minlength=len(keys))
        seen = sampled_per_block > 0
        observed = found_per_block[seen] / sampled_per_block[seen]
        self.usable_share[keys[seen]] += SMOOTHING * (observed - self.usable_share[keys[seen]])

        whole |= found_per_block < counts  # sampling found too few: take the block whole
        whole_rows = self.rows[_ranges(start[whole], size[whole])]
        whole_keys = np.repeat(keys[whole], size[whole])
        parts = [
            sampled[ok & ~whole[sampled_block]],
            whole_rows[usable(whole_rows) & (self.key_of(whole_rows) == whole_keys)],
        ]
        if self._recent:
            recent = np.concatenate(self._recent)
            self._recent = [recent]
            # A recent row is offered with the chance an indexed row of its key had to be drawn.
            chance = np.zeros(self.n_keys)
            with np.errstate(divide="ignore", invalid="ignore"):
                chance[keys] = np.where(whole, 1.0, -np.expm1(-draws / np.maximum(size, 1)))
            recent = recent[self.rng.random(len(recent)) < chance[self.key_of(recent)]]
            parts.append(recent[usable(recent)])
        found = np.concatenate(parts)
        return found[self._first_occurrences(found)]


def _ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Concatenation of ``arange(start, start + length)`` for each pair."""
    total = int(lengths.sum())
    offsets = np.repeat(starts - np.cumsum(lengths) + lengths, lengths)
    return offsets + np.arange(total)
