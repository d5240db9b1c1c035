"""Candidate pools: hiring available workers of a kind without scanning the whole workforce.

A :class:`KeyedPool` keeps every worker's row sorted by a key, (sector, role) and optionally
region, rebuilt every ``refresh_days``; rows added or re-keyed since are kept in a short
"recent" list, grouped by their key when they were noted. To fill ``d`` slots of key ``k`` it
draws, with replacement, among the key's candidates (its block of the index and its recent
rows; a worker noted twice, or noted while in the key's block, is one candidate) and hires
each draw that passes the hiring test (:func:`usable`, still of key ``k``, not yet hired
today), until the slots are filled or a budget of draws, set by the share of usable
candidates found recently, is spent; then it scans every candidate and hires the rest of the
slots from those left, in random order. Each hire is thus a uniform draw among the usable
workers of the key not yet hired (a rejection sampler), and only the workers drawn are read:
a day's cost is proportional to its hires, not to the workforce. The per-row work runs in one
compiled kernel (:func:`_hire_from_pool`).

Rule: stages 3 to 5 of the labour market and the search for core members (``docs/model.md``
section 7.3: each slot gets a worker drawn uniformly among the usable candidates of its key).
Plain version: ``PerAgentMarket.staff`` in ``benchmarks/reference.py``, which draws from Python
lists of the free agents of each key.
"""

import numba
import numpy as np

from sim.engine import hugepages, uniforms
from sim.vocabulary import AVAILABLE, LEFT, ROLES, SECTORS

N_ROLES = len(ROLES)
SMOOTHING = 0.2  # weight of today's observation in the usable-share estimate
SAMPLE = 32
"""Candidates read to estimate a key's usable share (:meth:`KeyedPool.usable_estimate`)."""
EXACT_BELOW = 200.0
"""Estimated usable workers below which a key is counted exactly."""


@numba.njit(inline="always")
def usable(row, status, employer, taken, gig, exclude_gig) -> bool:
    """Whether worker ``row`` can be hired now: an available freelancer not yet taken in this
    hiring round, and not a gig-market member if ``exclude_gig``.
    (Random reads dominate the kernels' cost; the tests are combined without short-circuits so
    that the reads of consecutive rows can overlap.)"""
    return (
        (status[row] == AVAILABLE)
        & (employer[row] < 0)
        & (not taken[row])
        & (not (exclude_gig & gig[row]))
    )


@numba.njit(cache=True)
def usable_rows(rows, status, employer, taken, gig, exclude_gig):
    """The rows among ``rows`` that pass :func:`usable`, in order."""
    out = np.empty(len(rows), dtype=np.int64)
    n = 0
    for row in rows:
        if usable(row, status, employer, taken, gig, exclude_gig):
            out[n] = row
            n += 1
    return out[:n]


def distinct_keys(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``np.unique(keys, return_inverse=True, return_counts=True)`` for small non-negative
    integer keys (pool keys), by counting instead of sorting."""
    counts = np.bincount(keys)
    unique = np.flatnonzero(counts)
    rank = np.zeros(len(counts), dtype=np.int64)
    rank[unique] = np.arange(len(unique))
    return unique, rank[keys], counts[unique]


class Scratch:
    """A boolean array over the workforce's rows for kernels to mark rows in, grown with the
    workforce; all False between uses (whoever sets marks clears them)."""

    def __init__(self, workforce):
        self.workforce = workforce
        self._marks = np.zeros(0, dtype=np.bool_)

    def marks(self) -> np.ndarray:
        if len(self._marks) < self.workforce.size:
            self._marks = hugepages.full(2 * self.workforce.size, False, self._marks.dtype)
        return self._marks


class KeyedPool:
    """Rows grouped by the key ((sector * N_ROLES + role) * n_regions + region) * 2 +
    experienced, in [0, n_keys)."""

    def __init__(self, workforce, n_regions: int, rng: np.random.Generator, refresh_days: int = 30):
        self.workforce = workforce
        self.n_regions = n_regions
        self.n_keys = len(SECTORS) * N_ROLES * n_regions * 2
        self.rng = rng
        self.refresh_days = refresh_days
        # Estimated share of usable rows in each key's block, by test and key granularity
        # (stride, exclude_gig).
        self.usable_share: dict[tuple[int, bool], np.ndarray] = {}
        self._built_day = None
        self._recent: list[np.ndarray] = []  # rows noted since the rebuild
        self._recent_keys: list[np.ndarray] = []  # their keys when noted
        self._index_key = np.empty(0, dtype=np.int32)  # by row: its key in the index, -1 none
        self._merged = None  # the recent rows, each once, with their keys and index keys
        self._seen = np.zeros(0, dtype=np.bool_)  # by row: scratch marks, all False between uses

    def key_of(self, rows: np.ndarray) -> np.ndarray:
        """The key of each of ``rows``: ((sector * N_ROLES + role) * n_regions + region) * 2 +
        experienced (tier at least 1)."""
        wf = self.workforce
        return _keys(np.asarray(rows), wf.sector, wf.role, wf.region, wf.tier, self.n_regions)

    def note(self, rows: np.ndarray) -> None:
        """Rows that are new or whose key may have changed since the last rebuild."""
        if len(rows):
            self._recent.append(np.asarray(rows, dtype=np.int64))
            self._recent_keys.append(self.key_of(rows))
            self._merged = None

    def renumber(self, where: np.ndarray) -> None:
        """Rows were renumbered: row ``r`` is now ``where[r]`` (see
        :meth:`sim.engine.table.ColumnTable.keep`). The candidates keep their keys and order."""
        if self._built_day is not None:
            self.rows[:] = where[self.rows]
            self._index_key = _index_keys(self.rows, self.starts, len(where) - 1)
        self._recent = [where[rows] for rows in self._recent]
        self._merged = None

    def _rebuild(self, day: int) -> None:
        wf = self.workforce
        self.rows, self.starts = _index_by_key(
            wf.status, wf.sector, wf.role, wf.region, wf.tier, self.n_regions, self.n_keys,
            hugepages.empty(wf.size, np.int32),
        )  # fmt: skip
        self._index_key = _index_keys(self.rows, self.starts, wf.size)
        self._recent, self._recent_keys = [], []
        self._merged = None
        self._built_day = day

    def _recent_candidates(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The rows noted since the rebuild, each once (its latest note), in the order noted,
        with their keys when noted and their keys in the index (-1: not in it)."""
        if self._merged is None:
            rows = np.concatenate(self._recent) if self._recent else np.empty(0, dtype=np.int64)
            keys = np.concatenate(self._recent_keys) if self._recent else rows
            if len(rows) and rows.max() >= len(self._seen):
                self._seen = np.zeros(2 * rows.max() + 2, dtype=np.bool_)
            latest = _latest_notes(rows, self._seen)
            rows, keys = rows[latest], keys[latest]
            self._recent, self._recent_keys = [rows], [keys]
            index_keys = np.full(len(rows), -1, dtype=np.int64)
            indexed = rows < len(self._index_key)
            index_keys[indexed] = self._index_key[rows[indexed]]
            self._merged = rows, keys, index_keys
        return self._merged

    def usable_estimate(
        self, keys: np.ndarray, day: int, taken: np.ndarray, stride: int, exclude_gig: bool
    ) -> np.ndarray:
        """Usable workers of each of ``keys`` (keys divided by ``stride``; usable as
        :func:`usable` says, not ``taken``), for the urn-ball search of
        :mod:`sim.model.hiring`, whose plain version counts every worker
        (``benchmarks/reference.py``). Reading every candidate of every key each day would cost
        a pass over the workforce, so a key's count is first estimated from ``SAMPLE`` of its
        candidates drawn at random; only keys whose estimate is below ``EXACT_BELOW`` are
        counted exactly, row by row (where the count matters: the chance that a slot draws an
        applicant is 1 - exp(-count / slots), within 1e-4 of 1 above that)."""
        if self._built_day is None or day - self._built_day >= self.refresh_days:
            self._rebuild(day)
        keys = np.asarray(keys, dtype=np.int64)
        recent, recent_keys, _ = self._recent_candidates()
        noted = np.bincount(recent_keys // stride, minlength=self.n_keys // stride)[keys]
        block = self.starts[(keys + 1) * stride] - self.starts[keys * stride]
        wf = self.workforce
        columns = (
            wf.sector, wf.role, wf.region, wf.status, wf.employer, taken, wf.tier, wf.gig,
            self.n_regions, stride,
        )  # fmt: skip
        share = _sampled_usable_share(
            keys, self.rows, self.starts, self.rng.random((len(keys), SAMPLE)), columns,
            exclude_gig,
        )  # fmt: skip
        estimate = (block + noted) * share
        exact = np.flatnonzero(estimate < EXACT_BELOW)
        if len(exact):
            estimate[exact] = _usable_counts(
                keys[exact], self.rows, self.starts, recent, recent_keys, columns, exclude_gig
            )
        return estimate

    def role_of(self, keys: np.ndarray, stride: int) -> np.ndarray:
        """The role of each of ``keys`` (keys divided by ``stride``)."""
        return (np.asarray(keys, dtype=np.int64) * stride // (2 * self.n_regions)) % N_ROLES

    def hire(
        self,
        slot_keys: np.ndarray,
        day: int,
        taken: np.ndarray,
        stride: int = 1,
        exclude_gig: bool = False,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Fill slots with usable workers whose key divided by ``stride`` is the slot's key,
        each slot with a uniform draw among those not yet taken. Returns the positions (in
        ``slot_keys``) of the slots filled and their workers, and marks the workers in
        ``taken``; ``exclude_gig`` leaves gig-market members out (:func:`usable`).

        Keys put the tier last, the region before it, so dividing by a stride merges blocks
        that lie next to each other in the index: stride 2 ignores the tier, stride
        ``2 * n_regions`` the region too (sector * N_ROLES + role)."""
        if self._built_day is None or day - self._built_day >= self.refresh_days:
            self._rebuild(day)
        if len(slot_keys) == 0:
            empty = np.empty(0, dtype=np.int64)
            return empty, empty
        recent, recent_keys, recent_index_keys = self._recent_candidates()
        usable_share = self.usable_share.get((stride, exclude_gig))
        if usable_share is None:
            usable_share = self.usable_share[stride, exclude_gig] = np.full(self.n_keys, 0.5)
        wf = self.workforce
        return _hire_from_pool(
            np.asarray(slot_keys, dtype=np.int64), self.rows, self.starts, recent, recent_keys,
            recent_index_keys, usable_share, *uniforms.handle(self.rng), self.n_regions, stride,
            wf.sector, wf.role, wf.region, wf.status, wf.employer, taken, wf.tier, wf.gig,
            exclude_gig,
        )  # fmt: skip


@numba.njit(inline="always")
def _key(row, sector, role, region, tier, n_regions):
    """The row's key: ((sector * N_ROLES + role) * n_regions + region) * 2 + experienced."""
    return ((np.int64(sector[row]) * N_ROLES + role[row]) * n_regions + region[row]) * 2 + (
        tier[row] >= 1
    )


@numba.njit(cache=True)
def _keys(rows, sector, role, region, tier, n_regions):
    """:func:`_key` of each of ``rows``."""
    keys = np.empty(len(rows), dtype=np.int64)
    for i in range(len(rows)):
        keys[i] = _key(rows[i], sector, role, region, tier, n_regions)
    return keys


@numba.njit(cache=True)
def _index_by_key(status, sector, role, region, tier, n_regions, n_keys, out):
    """The rows not LEFT sorted by key, in row order within a key (a counting sort), written
    into the start of ``out`` (int32, one place per row) and returned as a view, and each key's
    first place (``n_keys + 1`` entries)."""
    keys = np.empty(len(status), dtype=np.int32)  # -1: left
    starts = np.zeros(n_keys + 1, dtype=np.int64)
    for row in range(len(status)):
        keys[row] = _key(row, sector, role, region, tier, n_regions) if status[row] != LEFT else -1
        starts[keys[row] + 1] += 1
    starts[0] = 0  # the left rows were counted there
    starts = np.cumsum(starts)
    placed = starts[:-1].copy()
    rows = out[: starts[-1]]
    for row in range(len(status)):
        if keys[row] >= 0:
            rows[placed[keys[row]]] = row
            placed[keys[row]] += 1
    return rows, starts


def _index_keys(rows: np.ndarray, starts: np.ndarray, size: int) -> np.ndarray:
    """By row (``size`` rows), its key in the index ``rows, starts``; -1 for rows not in it."""
    keys = np.full(size, -1, dtype=np.int32)
    keys[rows] = np.repeat(np.arange(len(starts) - 1, dtype=np.int32), np.diff(starts))
    return keys


@numba.njit(cache=True)
def _latest_notes(rows, seen):
    """The places of the latest occurrence of each of ``rows``, in order (what sorting the
    places that ``np.unique`` finds in the reversed rows gives, in one pass); ``seen`` is a
    scratch array over the rows, all False before and after."""
    latest = np.empty(len(rows), dtype=np.int64)
    n = 0
    for i in range(len(rows) - 1, -1, -1):
        latest[n] = i
        n += not seen[rows[i]]
        seen[rows[i]] = True
    for i in range(n):
        seen[rows[latest[i]]] = False
    return latest[:n][::-1].copy()


@numba.njit(cache=True)
def _usable_counts(keys, pool_rows, starts, recent, recent_keys, columns, exclude_gig):
    """For each key, the rows of its indexed block and of the recent rows noted with it that
    fit it (:func:`_fits`). (One pass over the recent rows serves all the keys.)"""
    stride = columns[-1]
    wanted = np.zeros((len(starts) - 1) // stride, dtype=np.bool_)
    wanted[keys] = True
    noted = np.zeros(len(wanted))
    for i in range(len(recent)):
        key = recent_keys[i] // stride
        if wanted[key]:
            noted[key] += _fits(recent[i], key, columns, exclude_gig)
    counts = np.zeros(len(keys))
    for k in range(len(keys)):
        key = keys[k]
        counts[k] = noted[key]
        for i in range(starts[key * stride], starts[(key + 1) * stride]):
            counts[k] += _fits(np.int64(pool_rows[i]), key, columns, exclude_gig)
    return counts


@numba.njit(cache=True, parallel=True)
def _sampled_usable_share(keys, pool_rows, starts, uniforms, columns, exclude_gig):
    """For each key, the share of its indexed block that fits it (:func:`_fits`) among the
    rows at ``uniforms`` (one row of uniform draws per key; the share is 0 for an empty
    block). The keys are read in parallel (only reads)."""
    stride = columns[-1]
    share = np.zeros(len(keys))
    for k in numba.prange(len(keys)):
        first, block = starts[keys[k] * stride], starts[(keys[k] + 1) * stride]
        block -= first
        if block == 0:
            continue
        fits = 0
        for u in uniforms[k]:
            fits += _fits(
                np.int64(pool_rows[first + np.int64(u * block)]), keys[k], columns, exclude_gig
            )
        share[k] = fits / len(uniforms[k])
    return share


@numba.njit
def _fits(row, key, columns, exclude_gig):
    """Whether ``row`` is usable and still of ``key``; ``columns`` holds the workforce's
    sector, role, region, status, employer, taken, tier and gig, the pool's n_regions and the
    stride of the keys (1; 2 to leave the tier out; 2 * n_regions to leave the region out too)."""
    sector, role, region, status, employer, taken, tier, gig, n_regions, stride = columns
    return (_key(row, sector, role, region, tier, n_regions) // stride == key) & usable(
        row, status, employer, taken, gig, exclude_gig
    )


@numba.njit
def _candidate(i, block, pool_rows, first_row, grouped, first_recent):
    """The ``i``-th candidate of a key: its block of the index, then its recent rows."""
    return np.int64(pool_rows[first_row + i]) if i < block else grouped[first_recent + i - block]


@numba.njit
def _stable_order(keys, n_keys):
    """The positions of ``keys`` (integers in [0, ``n_keys``)) sorted by key, in order within a
    key (a counting sort: what a stable argsort gives, in time linear in keys and n_keys)."""
    first = np.zeros(n_keys + 1, dtype=np.int64)
    for key in keys:
        first[key + 1] += 1
    first = np.cumsum(first)
    order = np.empty(len(keys), dtype=np.int64)
    for i in range(len(keys)):
        order[first[keys[i]]] = i
        first[keys[i]] += 1
    return order


@numba.njit(cache=True)
def _hire_from_pool(
    slot_keys, pool_rows, starts, recent, recent_keys, recent_index_keys, usable_share,
    next_double, state,
    n_regions, stride,
    sector, role, region, status, employer, taken, tier, gig, exclude_gig,
):  # fmt: skip
    """The body of :meth:`KeyedPool.hire`. A key's candidates are its indexed block plus the
    rows noted with that key since the rebuild (``recent``, each row once, with its keys when
    noted and in the index, -1 if not there), less those already in the block: so each worker
    is one candidate. Draws with replacement among them and takes a
    draw that is usable, still of the key and not yet taken, until the key's slots are filled
    or a budget of draws (from the key's estimated usable share, updated here) is spent; then
    takes the rest from a scan of every candidate, in random order. Either way each hire is uniform
    among the usable workers left. ``(next_double, state)`` is the
    :func:`sim.engine.uniforms.handle` of the pool's numpy Generator."""
    columns = (sector, role, region, status, employer, taken, tier, gig, n_regions, stride)
    n_keys = (len(starts) - 1) // stride
    slot_order = _stable_order(slot_keys, n_keys)
    group_of_key = np.full(n_keys, -1, dtype=np.int64)
    group_key = np.empty(len(slot_keys), dtype=np.int64)
    slot_start = np.empty(len(slot_keys) + 1, dtype=np.int64)
    groups = 0
    for i in range(len(slot_order)):
        key = slot_keys[slot_order[i]]
        if group_of_key[key] < 0:
            group_of_key[key] = groups
            group_key[groups] = key
            slot_start[groups] = i
            groups += 1
    slot_start[groups] = len(slot_order)
    recent_group = np.full(len(recent), -1, dtype=np.int64)
    recent_start = np.zeros(groups + 1, dtype=np.int64)
    for i in range(len(recent)):
        key = recent_keys[i] // stride
        indexed = recent_index_keys[i]
        if (indexed < 0 or indexed // stride != key) and group_of_key[key] >= 0:
            recent_group[i] = group_of_key[key]
            recent_start[recent_group[i] + 1] += 1
    recent_start = np.cumsum(recent_start)
    placed = recent_start[:-1].copy()
    grouped = np.empty(recent_start[-1], dtype=np.int64)
    for i in range(len(recent)):
        g = recent_group[i]
        if g >= 0:
            grouped[placed[g]] = recent[i]
            placed[g] += 1

    filled = np.empty(len(slot_keys), dtype=np.int64)
    hired = np.empty(len(slot_keys), dtype=np.int64)
    n = 0
    for g in range(groups):
        key = group_key[g]
        first_row, block = starts[key * stride], starts[(key + 1) * stride] - starts[key * stride]
        first_recent = recent_start[g]
        candidates = block + recent_start[g + 1] - first_recent
        slot, last_slot = slot_start[g], slot_start[g + 1]
        if candidates == 0:
            continue
        place = (block, pool_rows, first_row, grouped, first_recent)
        share = max(usable_share[key], 0.05)
        budget = int(2.0 * (last_slot - slot) / share) + 16
        tries = 0
        found = 0
        while slot < last_slot and tries < budget:
            # A batch of draws is read in branch-free passes, so that the reads overlap; the
            # draws are then taken in order, exactly as if drawn one at a time.
            batch = min(budget - tries, int(1.2 * (last_slot - slot) / share) + 4)
            drawn = np.empty(batch, dtype=np.int64)
            for b in range(batch):
                drawn[b] = np.int64(uniforms.next_uniform(next_double, state) * candidates)
            for b in range(batch):
                drawn[b] = _candidate(drawn[b], *place)
            fit = np.empty(batch, dtype=np.bool_)
            for b in range(batch):
                fit[b] = _fits(drawn[b], key, columns, exclude_gig)
            for b in range(batch):
                tries += 1
                row = drawn[b]
                if fit[b] and not taken[row]:  # drawn twice in the batch: taken already
                    taken[row] = True
                    filled[n], hired[n] = slot_order[slot], row
                    n += 1
                    slot += 1
                    found += 1
                    if slot == last_slot:
                        break
        usable_share[key] += SMOOTHING * (found / tries - usable_share[key])
        if slot == last_slot:
            continue
        left = np.empty(candidates, dtype=np.int64)  # the draws fell short: scan them all
        m = 0
        for i in range(candidates):
            row = _candidate(i, *place)
            if _fits(row, key, columns, exclude_gig):
                left[m] = row
                m += 1
        for j in range(min(m, last_slot - slot)):
            pick = j + np.int64(uniforms.next_uniform(next_double, state) * (m - j))
            left[j], left[pick] = left[pick], left[j]
            taken[left[j]] = True
            filled[n], hired[n] = slot_order[slot], left[j]
            n += 1
            slot += 1
    return filled[:n], hired[:n]
