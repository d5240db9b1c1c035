"""Candidate pools: finding available workers of a kind without scanning the whole workforce.

A :class:`KeyedPool` keeps every worker's row sorted by a key, (sector, role) and optionally
region, rebuilt every ``refresh_days``; rows added or re-keyed since are kept in a short
"recent" list. To find candidates for ``d`` slots of key ``k`` it draws random positions in the
key's block (as many as ``d`` over the block's estimated share of usable workers, times a
safety factor), keeps those that pass the hiring test (:func:`usable`, and still of key ``k``),
and takes the whole block when it is small or when sampling found too few. Recent rows are
offered with the chance an indexed row of their key had to be drawn. Every usable worker of a
key thus has the same chance to be a candidate, and a day's cost is proportional to its hires,
not to the workforce. The per-row work runs in one compiled kernel (:func:`_draw_candidates`).
"""

import numba
import numpy as np

from sim.roles import AVAILABLE, LEFT, ROLES, SECTORS

N_ROLES = len(ROLES)
OVERSAMPLING = 1.5
SMOOTHING = 0.2  # weight of today's observation in the usable-share estimate


@numba.njit(inline="always")
def usable(row, status, employer, taken, tier, gig, min_tier, exclude_gig) -> bool:
    """Whether worker ``row`` can be hired now: an available freelancer not yet taken in this
    hiring round, of at least ``min_tier``, and not a gig-market member if ``exclude_gig``.
    (Random reads dominate the kernels' cost: the tests read as few columns as they can.)"""
    if status[row] != AVAILABLE or employer[row] >= 0 or taken[row]:
        return False
    return (min_tier == 0 or tier[row] >= min_tier) and not (exclude_gig and gig[row])


@numba.njit(cache=True)
def usable_rows(rows, status, employer, taken, tier, gig, min_tier, exclude_gig):
    """The rows among ``rows`` that pass :func:`usable`, in order."""
    out = np.empty(len(rows), dtype=np.int64)
    n = 0
    for row in rows:
        if usable(row, status, employer, taken, tier, gig, min_tier, exclude_gig):
            out[n] = row
            n += 1
    return out[:n]


class Scratch:
    """An array over the workforce's rows for kernels to mark rows in, grown with the
    workforce; ``dtype`` bool marks must be all False between uses (whoever sets them clears
    them), integer marks may hold anything."""

    def __init__(self, workforce, dtype=np.bool_):
        self.workforce = workforce
        self._marks = np.zeros(0, dtype=dtype)

    def marks(self) -> np.ndarray:
        if len(self._marks) < self.workforce.size:
            self._marks = np.zeros(2 * self.workforce.size, dtype=self._marks.dtype)
        return self._marks


@numba.njit(cache=True)
def last_occurrences(rows, position):
    """``rows`` with each value kept only at its last occurrence, in order. ``position`` is an
    integer scratch over the rows (its contents are overwritten)."""
    for i in range(len(rows)):
        position[rows[i]] = i
    out = np.empty(len(rows), dtype=np.int64)
    n = 0
    for i in range(len(rows)):
        if position[rows[i]] == i:
            out[n] = rows[i]
            n += 1
    return out[:n]


class KeyedPool:
    """Rows grouped by the key (sector * N_ROLES + role) * n_regions + region (region left out
    when ``n_regions`` is 1), in [0, n_keys)."""

    def __init__(self, workforce, n_regions: int, rng: np.random.Generator, refresh_days: int = 30):
        self.workforce = workforce
        self.n_regions = n_regions
        self.n_keys = len(SECTORS) * N_ROLES * n_regions
        if self.n_keys > np.iinfo(np.int16).max:
            raise ValueError(f"a keyed pool holds at most 32767 keys, not {self.n_keys}")
        self.rng = rng
        self.refresh_days = refresh_days
        # Estimated share of usable rows in each key's block, by test (min_tier, exclude_gig).
        self.usable_share: dict[tuple[int, bool], np.ndarray] = {}
        self._built_day = None
        self._recent: list[np.ndarray] = []  # rows noted since the rebuild
        self._recent_keys: list[np.ndarray] = []  # their keys when noted
        self._position = Scratch(workforce, np.int32)

    def key_of(self, rows: np.ndarray) -> np.ndarray:
        """The key of each of ``rows``."""
        wf = self.workforce
        key = (wf.sector[rows].astype(np.int64) * N_ROLES + wf.role[rows]) * self.n_regions
        return key + wf.region[rows] if self.n_regions > 1 else key

    def note(self, rows: np.ndarray) -> None:
        """Rows that are new or whose key may have changed since the last rebuild."""
        if len(rows):
            self._recent.append(np.asarray(rows, dtype=np.int64))
            self._recent_keys.append(self.key_of(rows))

    def _rebuild(self, day: int) -> None:
        wf = self.workforce
        rows = np.flatnonzero(wf.status != LEFT)
        keys = self.key_of(rows).astype(np.int16)  # 16-bit keys sort in linear time (radix)
        order = np.argsort(keys, kind="stable")
        self.rows = rows[order].astype(np.int32)
        self.starts = np.searchsorted(keys[order], np.arange(self.n_keys + 1))
        self._recent, self._recent_keys = [], []
        self._built_day = day

    def candidates(
        self,
        keys: np.ndarray,
        counts: np.ndarray,
        day: int,
        taken: np.ndarray,
        min_tier: int = 0,
        exclude_gig: bool = False,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Usable rows of the given distinct ``keys`` (sorted), enough for ``counts`` slots of
        each key where the workforce has them, and their keys. ``taken`` marks the rows hired
        in the current round; ``min_tier`` and ``exclude_gig`` narrow the test (:func:`usable`).
        """
        if self._built_day is None or day - self._built_day >= self.refresh_days:
            self._rebuild(day)
        if len(keys) == 0:
            empty = np.empty(0, dtype=np.int64)
            return empty, empty
        start = self.starts[keys]
        size = self.starts[keys + 1] - start
        usable_share = self.usable_share.setdefault(
            (min_tier, exclude_gig), np.full(self.n_keys, 0.5)
        )
        share = np.maximum(usable_share[keys], 0.01)
        draws = np.ceil(OVERSAMPLING * counts / share).astype(np.int64) + 8
        whole = draws >= size  # small blocks are taken whole rather than sampled
        draws[whole] = 0
        sample_uniforms = self.rng.random(int(draws.sum()))
        # A recent row is offered with the chance an indexed row of its key had to be drawn.
        chance = np.zeros(self.n_keys)
        with np.errstate(divide="ignore", invalid="ignore"):
            chance[keys] = np.where(whole, 1.0, -np.expm1(-draws / np.maximum(size, 1)))
        if self._recent:
            recent, recent_keys = np.concatenate(self._recent), np.concatenate(self._recent_keys)
            self._recent, self._recent_keys = [recent], [recent_keys]
        else:
            recent = recent_keys = np.empty(0, dtype=np.int64)
        recent_uniforms = self.rng.random(len(recent)) if len(recent) else np.empty(0)
        wf = self.workforce
        return _draw_candidates(
            self.rows, start, size, keys, counts, draws, whole, sample_uniforms,
            recent, recent_keys, recent_uniforms, chance, usable_share, self.n_regions,
            wf.sector, wf.role, wf.region, wf.status, wf.employer, taken, wf.tier, wf.gig,
            min_tier, exclude_gig, self._position.marks(),
        )  # fmt: skip


@numba.njit(inline="always")
def _key(row, sector, role, region, n_regions):
    key = (np.int64(sector[row]) * N_ROLES + role[row]) * n_regions
    return key + region[row] if n_regions > 1 else key


@numba.njit(cache=True)
def _draw_candidates(
    pool_rows, start, size, keys, counts, draws, whole, sample_uniforms,
    recent, recent_keys, recent_uniforms, chance, usable_share, n_regions,
    sector, role, region, status, employer, taken, tier, gig, min_tier, exclude_gig, position,
):  # fmt: skip
    """The body of :meth:`KeyedPool.candidates`: sample each block's positions, estimate its
    usable share, take whole the blocks where sampling found too few, add the recent rows that
    win their chance. Returns the candidates (sampled, then whole blocks, then recent; a row
    found twice is kept where it was found last) and their keys. ``position`` is an integer
    scratch over the rows."""
    n_blocks = len(keys)
    sampled = np.empty(len(sample_uniforms), dtype=np.int64)
    sampled_block = np.empty(len(sample_uniforms), dtype=np.int64)
    u = 0
    for b in range(n_blocks):
        for _ in range(draws[b]):
            sampled[u] = pool_rows[start[b] + np.int64(sample_uniforms[u] * size[b])]
            sampled_block[u] = b
            position[sampled[u]] = u
            u += 1
    sampled_ok = np.zeros(len(sampled), dtype=np.bool_)
    found = np.zeros(n_blocks, dtype=np.int64)
    tried = np.zeros(n_blocks, dtype=np.int64)
    for i in range(len(sampled)):
        row, b = sampled[i], sampled_block[i]
        if position[row] != i:  # drawn again later
            continue
        tried[b] += 1
        if (
            status[row] == AVAILABLE
            and _key(row, sector, role, region, n_regions) == keys[b]
            and usable(row, status, employer, taken, tier, gig, min_tier, exclude_gig)
        ):
            sampled_ok[i] = True
            found[b] += 1
    whole_size = 0
    for b in range(n_blocks):
        if tried[b] > 0:
            k = keys[b]
            usable_share[k] += SMOOTHING * (found[b] / tried[b] - usable_share[k])
        if not whole[b] and found[b] < counts[b]:  # sampling found too few: take it whole
            whole[b] = True
            chance[keys[b]] = 1.0
        if whole[b]:
            whole_size += size[b]

    found_rows = np.empty(len(sampled) + whole_size + len(recent), dtype=np.int64)
    n = 0
    for i in range(len(sampled)):
        if sampled_ok[i] and not whole[sampled_block[i]]:
            found_rows[n] = sampled[i]
            n += 1
    for b in range(n_blocks):
        if whole[b]:
            for row in pool_rows[start[b] : start[b] + size[b]]:
                if (
                    status[row] == AVAILABLE
                    and _key(row, sector, role, region, n_regions) == keys[b]
                    and usable(row, status, employer, taken, tier, gig, min_tier, exclude_gig)
                ):
                    found_rows[n] = row
                    n += 1
    for i in range(len(recent)):
        row, key = recent[i], recent_keys[i]
        if (
            recent_uniforms[i] < chance[key]
            and status[row] == AVAILABLE
            and _key(row, sector, role, region, n_regions) == key  # not re-keyed since noted
            and usable(row, status, employer, taken, tier, gig, min_tier, exclude_gig)
        ):
            found_rows[n] = row
            n += 1
    rows = last_occurrences(found_rows[:n], position)
    row_keys = np.empty(len(rows), dtype=np.int64)
    for i in range(len(rows)):
        row_keys[i] = _key(rows[i], sector, role, region, n_regions)
    return rows, row_keys
