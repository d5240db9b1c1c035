"""Compiled kernels of hiring (``docs/model.md`` section 7.3): matching slots with workers,
drawing among referral ties, starting jobs and remembering hires.

Each kernel names the rule it implements in :mod:`sim.model.hiring` and the plain version it
matches: the per-agent market of ``benchmarks/reference.py`` (``PerAgentMarket.staff`` and
``WorkerAgent.start_job``), which the agreement test (``tests/test_reference.py``) holds to the
same aggregates.
"""

import numba
import numpy as np

from sim.engine.pools import usable
from sim.vocabulary import MICRO, ROLES, SECTORS, WORKING

N_ROLES = len(ROLES)
N_SECTORS = len(SECTORS)


def match_by_key(
    slot_keys: np.ndarray, worker_keys: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Pair slots with workers of the same key (non-negative integers), each worker at most once.

    Within a key, slots are served in the order given and workers are taken in random order.
    Returns the positions of the matched slots and of their workers in the input arrays.
    """
    if len(slot_keys) == 0 or len(worker_keys) == 0:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty
    return _match(
        np.ascontiguousarray(slot_keys, dtype=np.int64),
        np.ascontiguousarray(worker_keys, dtype=np.int64),
        rng.random(len(slot_keys)),
    )


@numba.njit(cache=True)
def _match(slot_keys, worker_keys, uniforms):
    """:func:`match_by_key` with one uniform draw per slot: each key's workers are grouped
    (a counting sort) and as many as the key has slots are drawn without replacement (a partial
    Fisher-Yates shuffle), so the cost is linear in the workers."""
    slot_order = np.argsort(slot_keys, kind="mergesort")
    sorted_keys = slot_keys[slot_order]
    is_first = np.empty(len(sorted_keys), dtype=np.bool_)
    is_first[0] = True
    is_first[1:] = sorted_keys[1:] != sorted_keys[:-1]
    slot_start = np.append(np.flatnonzero(is_first), len(sorted_keys))
    keys = sorted_keys[slot_start[:-1]]
    group_of_key = np.full(keys[-1] + 1, -1, dtype=np.int64)
    group_of_key[keys] = np.arange(len(keys))
    group = np.full(len(worker_keys), -1, dtype=np.int64)
    worker_start = np.zeros(len(keys) + 1, dtype=np.int64)
    for i in range(len(worker_keys)):
        if worker_keys[i] <= keys[-1] and group_of_key[worker_keys[i]] >= 0:
            group[i] = group_of_key[worker_keys[i]]
            worker_start[group[i] + 1] += 1
    worker_start = np.cumsum(worker_start)
    workers = np.empty(worker_start[-1], dtype=np.int64)
    placed = worker_start[:-1].copy()
    for i in range(len(worker_keys)):
        if group[i] >= 0:
            workers[placed[group[i]]] = i
            placed[group[i]] += 1
    n = 0
    matched_slots = np.empty(len(slot_keys), dtype=np.int64)
    matched_workers = np.empty(len(slot_keys), dtype=np.int64)
    for g in range(len(keys)):
        first, available = worker_start[g], worker_start[g + 1] - worker_start[g]
        for j in range(min(slot_start[g + 1] - slot_start[g], available)):
            pick = first + j + int(uniforms[n] * (available - j))
            workers[first + j], workers[pick] = workers[pick], workers[first + j]
            matched_slots[n] = slot_order[slot_start[g] + j]
            matched_workers[n] = workers[first + j]
            n += 1
    return matched_slots[:n], matched_workers[:n]


@numba.njit(cache=True, parallel=True)
def tied_entries(slot_keys, recent_hires, recent_ties, recent_days, hiring):
    """Group the slots by tie key and the ``hiring`` studios' ring entries by the key they were
    hired under, keeping the keys some slot has. Returns the slots' order by key and each
    key's first place in it, and the entries' rows and hire days grouped by key with each
    group's first place.

    A studio's ring holds only its own tie keys (studio, role, sector), so each key's entries
    come from one ring, in ring order; the studios' rings are read in parallel (each studio
    writes only its own keys' groups, so the result does not depend on the threads)."""
    # The slots sorted by key, in order within a key (a counting sort, as a stable argsort).
    group_of_key = np.full(slot_keys.max() + 1, -1, dtype=np.int32)
    for key in slot_keys:
        group_of_key[key] = 0
    groups = 0
    for key in range(len(group_of_key)):
        if group_of_key[key] == 0:
            group_of_key[key] = groups
            groups += 1
    slot_start = np.zeros(groups + 1, dtype=np.int64)
    for key in slot_keys:
        slot_start[group_of_key[key] + 1] += 1
    slot_start = np.cumsum(slot_start)
    placed = slot_start[:-1].copy()
    slot_order = np.empty(len(slot_keys), dtype=np.int64)
    for i in range(len(slot_keys)):
        slot_order[placed[group_of_key[slot_keys[i]]]] = i
        placed[group_of_key[slot_keys[i]]] += 1
    # Two passes over the rings' tie keys (count, then place), in ring order both times.
    entry_start = np.zeros(groups + 1, dtype=np.int64)
    for h in numba.prange(len(hiring)):
        for key in recent_ties[hiring[h]]:
            if 0 <= key < len(group_of_key) and group_of_key[key] >= 0:
                entry_start[group_of_key[key] + 1] += 1
    entry_start = np.cumsum(entry_start)
    placed = entry_start[:-1].copy()
    rows = np.empty(entry_start[-1], dtype=np.int64)
    days = np.empty(entry_start[-1], dtype=np.int64)
    for h in numba.prange(len(hiring)):
        studio = hiring[h]
        for i in range(recent_ties.shape[1]):
            key = recent_ties[studio, i]
            if 0 <= key < len(group_of_key) and group_of_key[key] >= 0:
                g = group_of_key[key]
                rows[placed[g]] = recent_hires[studio, i]
                days[placed[g]] = recent_days[studio, i]
                placed[g] += 1
    return slot_order, slot_start[: groups + 1], rows, days, entry_start


@numba.njit(cache=True, parallel=True)
def draw_tied(
    slot_order, slot_start, rows, days, entry_start, uniforms, slot_keys,
    job_start, role, sector, status, employer, taken, gig,
):  # fmt: skip
    """For each key group, try its entries in random order (a partial Fisher-Yates shuffle)
    and give the group's slots, in order, to the workers whose latest hire is the entry (so
    each worker counts once), still in the key's role and sector and usable. Returns the slots
    filled (positions in ``slot_keys``) and their workers; marks the workers taken.

    A worker's latest hire is one entry of one key, so no worker is a candidate of two groups:
    the groups are drawn in parallel, each with its own entries' uniform draws, and the result
    does not depend on the threads."""
    n_groups = len(slot_start) - 1
    filled = np.empty(len(slot_order), dtype=np.int64)  # each group's fills from its first slot
    hired = np.empty(len(slot_order), dtype=np.int64)
    found = np.zeros(n_groups, dtype=np.int64)
    tried = np.empty(len(rows), dtype=np.int64)  # a batch's places, filtered pass by pass
    fit = np.empty(len(rows), dtype=np.bool_)
    for g in numba.prange(n_groups):
        key = slot_keys[slot_order[slot_start[g]]]
        key_sector, key_role = key % N_SECTORS, (key // N_SECTORS) % N_ROLES
        slot, last_slot = slot_start[g], slot_start[g + 1]
        first, count = entry_start[g], entry_start[g + 1] - entry_start[g]
        j = 0
        while slot < last_slot and j < count:
            # Shuffle a batch of entries into place and keep those that are their worker's
            # latest hire (one read each), then read the rest of the test for these
            # (branch-free passes, so that the reads overlap); take them in order, as if tried
            # one at a time. A batch is about what fills the slots left (its size does not
            # change the outcome, only the reads).
            batch = min(count - j, last_slot - slot + 1)
            for b in range(j, j + batch):
                pick = first + b + np.int64(uniforms[first + b] * (count - b))
                rows[first + b], rows[pick] = rows[pick], rows[first + b]
                days[first + b], days[pick] = days[pick], days[first + b]
                tried[first + b - j] = first + b
            latest = 0
            for i in range(batch):
                e = tried[first + i]
                tried[first + latest] = e
                latest += job_start[rows[e]] == days[e]
            for i in range(latest):
                row = rows[tried[first + i]]
                fit[first + i] = (
                    (role[row] == key_role)
                    & (sector[row] == key_sector)
                    & usable(row, status, employer, taken, gig, False)
                )
            for i in range(latest):
                if fit[first + i]:  # each worker has one entry that matches its latest hire
                    row = rows[tried[first + i]]
                    taken[row] = True
                    filled[slot_start[g] + found[g]], hired[slot_start[g] + found[g]] = (
                        slot_order[slot],
                        row,
                    )
                    found[g] += 1
                    slot += 1
                    if slot == last_slot:
                        break
            j += batch
    n = 0
    for g in range(n_groups):  # the groups' fills, in group order
        for k in range(found[g]):
            filled[n], hired[n] = filled[slot_start[g] + k], hired[slot_start[g] + k]
            n += 1
    return filled[:n], hired[:n]


@numba.njit(cache=True, parallel=True)
def start_jobs(
    idx, title, studio, end, day, promotion_titles,
    last_release, production, sector, titles_micro, titles_long, titles_total, tier, status,
    job_start, credited_from, job_end, last_studio, spell, contracts,
):  # fmt: skip
    """Put each hired row ``idx[i]`` on ``title[i]`` of ``studio[i]`` until day ``end[i]``:
    count a contract and a new title, promote after ``promotion_titles``, start a new spell.
    Returns the idle days that the hires ended, the number of those idle spells and which hires
    were promoted. (The rows are distinct, so they are written in parallel.)"""
    spell_days = 0
    spells = 0
    promoted = np.zeros(len(idx), dtype=np.bool_)
    for i in numba.prange(len(idx)):
        row = idx[i]  # branch-free arithmetic, so that the reads of consecutive rows overlap
        was_released = last_release[row] >= 0
        spell_days += (day - last_release[row]) * was_released
        spells += was_released
        new_title = production[row] != title[i]
        micro = sector[row] == MICRO
        titles_micro[row] += new_title & micro
        titles_long[row] += new_title & ~micro
        titles_total[row] += new_title
        promoted[i] = (tier[row] < 1) & (titles_total[row] >= promotion_titles)
        tier[row] = max(tier[row], promoted[i])
        status[row] = WORKING
        production[row] = title[i]
        job_start[row] = day
        credited_from[row] = day
        job_end[row] = end[i]
        last_studio[row] = studio[i]
        spell[row] += 1
        contracts[row] += 1
    return spell_days, spells, promoted


@numba.njit(cache=True)
def remember_hires(recent_hires, recent_ties, recent_days, written, studio, rows, ties, day):
    """Write ``rows``, the tie keys (studio, role, sector) they were hired under and the hire
    ``day`` in order into the rings of their studios; a ring keeps the latest. (Nothing is read
    from the workforce: the rows' columns would each cost a cache miss.)"""
    for i in range(len(rows)):
        s = studio[i]
        place = written[s] % recent_hires.shape[1]
        recent_hires[s, place] = rows[i]
        recent_ties[s, place] = ties[i]
        recent_days[s, place] = day
        written[s] += 1


@numba.njit(cache=True)
def add_at(target, index, values):
    """``target[index[i]] += values[i]`` for each i, in order (an unbuffered add)."""
    for i in range(len(index)):
        target[index[i]] += values[i]
