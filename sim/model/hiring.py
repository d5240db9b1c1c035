"""The daily labour market: staffing the phases that start today and releasing crews at wrap.

Every person-slot of every title entering a phase today is filled in one vectorised pass, in
stages of falling preference (Caves' "motley crew" is hired all at once):

1. the studio's in-house core team (core members work only for their own studio);
2. referral ties: people whose last job was with this studio (a share ``market.referral_share``
   of the remaining slots is offered this way first);
3. local experienced workers, for the slots the title reserves for experience (the free model
   reserves more);
4. any local worker of the role and sector;
5. workers from other regions, who travel at a cost (``market.travel_share`` of the still open
   slots accept a traveller; gig-market workers are dispatched first);
6. newcomers recruited on the spot (``turnover.shortage_entry_share`` of what is still open).

What is left is counted as unfilled and the title goes ahead short-handed. Within a stage, the
candidates for a slot are taken in random order.
"""

import numba
import numpy as np

from sim.config import DramaSimConfig
from sim.engine.calendar import Calendar
from sim.engine.pools import KeyedPool, Scratch, usable, usable_rows
from sim.model.regions import Regions
from sim.model.titles import Productions
from sim.model.workforce import Workforce
from sim.vocabulary import AVAILABLE, LEFT, MICRO, ORIGIN, ROLES, SECTORS, WORKING

N_ROLES = len(ROLES)
N_SECTORS = len(SECTORS)
MAX_REGIONS = 64
NATIONAL = 2 * MAX_REGIONS
"""Stride of the candidate pool's keys that leaves out region and tier: (sector, role)."""
RECENT_HIRES = 224
"""People a studio remembers for referrals: its latest hires (about the last two titles)."""


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


class LabourMarket:
    """Hires for phases, releases at wrap, and keeps the year's market counters."""

    def __init__(
        self,
        config: DramaSimConfig,
        workforce: Workforce,
        productions: Productions,
        regions: Regions,
        rng: np.random.Generator,
    ):
        self.config = config
        self.workforce = workforce
        self.productions = productions
        self.regions = regions
        self.rng = rng
        self.day_rate = np.array([config.market.day_rate_yuan[r] for r in ROLES], dtype=float)
        self._ending = Calendar()  # by day: the rows whose jobs end then
        self._core_teams: dict[int, np.ndarray] = {}  # by studio: its members, in joining order
        self._core_index = None  # every member and their studio, by studio (None: to rebuild)
        # Ring buffers (int32) of each studio's latest hires (rows, -1 where empty), by studio,
        # with the tie key (studio, role, sector) each was hired under and the day of the hire.
        self._recent_hires = np.full((0, RECENT_HIRES), -1, dtype=np.int32)
        self._recent_ties = np.full((0, RECENT_HIRES), -1, dtype=np.int32)
        self._recent_days = np.full((0, RECENT_HIRES), -1, dtype=np.int32)
        self._recent_written = np.zeros(0, dtype=np.int64)  # hires ever remembered, by studio
        self._taken = Scratch(workforce)  # rows hired in the current round; cleared after
        self.gig_rows = np.flatnonzero(workforce.gig)
        self.pool = KeyedPool(workforce, MAX_REGIONS, rng)
        # Cumulative counters (simulated people or person-days); the recorder takes differences.
        self.hires = 0
        self.travel_hires = 0
        self.recruits = 0
        self.unfilled = 0
        self.idle_spell_days = 0
        self.idle_spells = 0

    # ------------------------------------------------------------------ staffing
    def staff(self, slots: dict[str, np.ndarray], day: int, year_start: int) -> np.ndarray:
        """Fill person-slots in the six stages; returns, per slot, the worker hired or -1.

        ``slots`` holds equal-length arrays: ``title``, ``role``, ``sector``, ``studio``,
        ``region`` (where the work happens), ``days`` (job length, days) and ``experienced``.
        """
        n = len(slots["title"])
        self._begin(n)
        if n == 0:
            return self._hired
        wf, rng, market = self.workforce, self.rng, self.config.market
        everyone = np.ones(n, dtype=bool)
        role, sector, region = slots["role"], slots["sector"], slots["region"]
        tie = _tie_key(slots["studio"], role, sector)

        core = self._core_members_of(slots["studio"])
        core = core[wf.status[core] == AVAILABLE]
        self._fill(everyone, tie, core, _tie_key(wf.employer[core], wf.role[core], wf.sector[core]))
        referral = rng.random(n) < market.referral_share
        self._hire_through_ties(slots["studio"], tie, referral, day)

        place = _place_key(sector, role, region)
        self._hire_from(slots["experienced"], place * 2 + 1, day, stride=1)
        self._hire_from(everyone, place, day, stride=2)

        travels = rng.random(n) < market.travel_share
        sector_role = sector.astype(np.int64) * N_ROLES + role
        if self.config.policy.gig_dispatch:
            gig = usable_rows(self.gig_rows, *self._hiring_columns(), False)
            filled = self._fill(travels, sector_role, gig, self.pool.key_of(gig) // NATIONAL)
            self._charge_travel(slots, filled)
        self._charge_travel(slots, self._hire_from(travels, sector_role, day, stride=NATIONAL))

        self._end()
        recruit = np.flatnonzero(
            self._open & (rng.random(n) < self.config.turnover.shortage_entry_share)
        )
        self._hired[recruit] = self.recruit(slots, recruit, day)
        self._open[recruit] = False
        self.unfilled += int(self._open.sum())
        self._start_jobs(slots, tie, day)
        return self._hired

    def add_core_members(self, studio: int, members: np.ndarray) -> None:
        """``members`` join the in-house core team of ``studio``."""
        team = self._core_teams.get(studio)
        self._core_teams[studio] = members if team is None else np.concatenate([team, members])
        self._core_index = None

    def dissolve_core_team(self, studio: int) -> np.ndarray:
        """``studio`` closes: returns its core team, which no longer belongs to it."""
        self._core_index = None
        return self._core_teams.pop(studio, np.empty(0, dtype=np.int64))

    def _core_members_of(self, studios: np.ndarray) -> np.ndarray:
        """The core members of the studios in ``studios``, studio by studio in index order, each
        team in joining order. (Teams change monthly, so all of them are kept in one array.)"""
        if self._core_index is None:
            order = sorted(self._core_teams)
            teams = [self._core_teams[studio] for studio in order]
            studio_of = np.repeat(np.array(order, dtype=np.int64), [len(t) for t in teams])
            self._core_index = (_concat(teams), studio_of)
        members, studio_of = self._core_index
        if len(members) == 0 or len(studios) == 0:
            return members[:0]
        hiring = np.zeros(max(studio_of[-1], studios.max()) + 1, dtype=bool)
        hiring[studios] = True
        return members[hiring[studio_of]]

    def find_core_members(self, role: np.ndarray, region: np.ndarray, day: int) -> np.ndarray:
        """Freelance micro-drama workers (gig-market part-timers excepted) for in-house core slots
        of ``role`` in ``region``: local people first, then people from anywhere. Returns, per
        slot, the worker found or -1."""
        self._begin(len(role))
        everyone = np.ones(len(role), dtype=bool)
        place = _place_key(np.full(len(role), MICRO), role, region)
        self._hire_from(everyone, place, day, stride=2, exclude_gig=True)
        sector_role = MICRO * N_ROLES + role
        self._hire_from(everyone, sector_role, day, stride=NATIONAL, exclude_gig=True)
        self._end()
        return self._hired

    def renumber(self, where: np.ndarray) -> None:
        """Rows were renumbered: row ``r`` is now ``where[r]`` (see
        :meth:`sim.engine.table.ColumnTable.keep`); every list of rows keeps its order."""
        self._ending.renumber(where)
        self._core_teams = {studio: where[team] for studio, team in self._core_teams.items()}
        self._core_index = None
        self._recent_hires[:] = where[self._recent_hires]  # -1, an empty place, stays -1
        gig = where[self.gig_rows]
        self.gig_rows = gig[self.workforce.status[gig] != LEFT]
        self.pool.renumber(where)

    def _begin(self, n: int) -> None:
        """Start a hiring round of ``n`` slots: none filled, no worker taken."""
        self._hired = np.full(n, -1, dtype=np.int64)
        self._open = np.ones(n, dtype=bool)

    def _end(self) -> None:
        """Forget who was taken in this round (only the round's hires were marked)."""
        self._taken.marks()[self._hired[self._hired >= 0]] = False

    def _hiring_columns(self) -> tuple:
        """The columns :func:`~sim.engine.pools.usable` reads, before its ``exclude_gig``."""
        wf = self.workforce
        return wf.status, wf.employer, self._taken.marks(), wf.gig

    def _hire_through_ties(
        self, studio: np.ndarray, tie: np.ndarray, eligible: np.ndarray, day: int
    ) -> None:
        """Fill the open ``eligible`` slots with usable workers still tied to the slot's studio
        as the studio last hired them: their latest job was with it, in the slot's role and
        sector. For each tie key the studio's ring entries are tried in random order until the
        key's slots are filled, so the hires are a uniform draw among the tied workers, and only
        the workers tried are read."""
        wf = self.workforce
        positions = np.flatnonzero(eligible & self._open)
        if len(positions) == 0:
            return
        studios = _distinct(studio[positions])  # with a slot to fill
        known = studios[studios < len(self._recent_hires)]
        if len(known) == 0:
            return
        slot_order, slot_start, rows, days, entry_start = _tied_entries(
            tie[positions], self._recent_hires, self._recent_ties, self._recent_days, known
        )
        filled, hired = _draw_tied(
            slot_order, slot_start, rows, days, entry_start, self.rng.random(len(rows)),
            tie[positions], wf.job_start, wf.role, wf.sector, *self._hiring_columns(),
        )  # fmt: skip
        filled = positions[filled]
        self._hired[filled] = hired
        self._open[filled] = False

    def _hire_from(self, eligible, slot_keys, day, stride, exclude_gig=False) -> np.ndarray:
        """Fill the open ``eligible`` slots from the candidate pool by their keys, the pool's
        keys divided by ``stride`` (:meth:`~sim.engine.pools.KeyedPool.hire`); returns the positions
        filled."""
        positions = np.flatnonzero(eligible & self._open)
        filled, hired = self.pool.hire(
            slot_keys[positions], day, self._taken.marks(), stride, exclude_gig
        )
        filled = positions[filled]
        self._hired[filled] = hired
        self._open[filled] = False
        return filled

    def _fill(self, eligible, slot_keys, pool, worker_keys) -> np.ndarray:
        """Match the open ``eligible`` slots with ``pool``; returns the positions filled."""
        positions = np.flatnonzero(eligible & self._open)
        if len(positions) and len(worker_keys):  # keep the slots whose key some worker has
            present = np.zeros(max(slot_keys.max(), worker_keys.max()) + 1, dtype=bool)
            present[worker_keys] = True
            positions = positions[present[slot_keys[positions]]]
        slot_pos, worker_pos = match_by_key(slot_keys[positions], worker_keys, self.rng)
        filled = positions[slot_pos]
        self._hired[filled] = pool[worker_pos]
        self._open[filled] = False
        self._taken.marks()[pool[worker_pos]] = True
        return filled

    def _charge_travel(self, slots: dict[str, np.ndarray], filled: np.ndarray) -> None:
        """Add travellers' costs (yuan) to their titles."""
        self.travel_hires += len(filled)
        home = self.workforce.region[self._hired[filled]]
        per_day = self.regions.travel_yuan_per_day[home, slots["region"][filled]]
        cost = per_day * slots["days"][filled]
        add_at(self.productions.travel_yuan, slots["title"][filled], cost)

    def recruit(self, slots: dict[str, np.ndarray], positions: np.ndarray, day: int) -> np.ndarray:
        """Bring newcomers in from outside to fill ``positions``; returns their indices."""
        if len(positions) == 0:
            return np.empty(0, dtype=np.int64)
        self.recruits += len(positions)
        rows = self.workforce.add(
            len(positions),
            role=slots["role"][positions],
            sector=slots["sector"][positions],
            region=slots["region"][positions],
            origin=ORIGIN["on_set_recruit"],
            entered_day=day,
            idle_since=day,
        )
        self.note(rows)
        return rows

    def note(self, rows: np.ndarray) -> None:
        """Rows that are new or changed sector or role: the candidate pools must see them."""
        self.pool.note(rows)
        gig = rows[self.workforce.gig[rows]]
        if len(gig):
            self.gig_rows = np.concatenate([self.gig_rows, gig])

    def _start_jobs(self, slots: dict[str, np.ndarray], tie: np.ndarray, day: int) -> None:
        """Put the hired workers on their titles until the phase ends; ``tie`` holds the slots'
        tie keys (studio, role, sector), which are the hired workers' own."""
        ok = self._hired >= 0
        idx, title, studio = self._hired[ok], slots["title"][ok], slots["studio"][ok]
        end = day + slots["days"][ok]
        wf = self.workforce
        spell_days, spells, promoted = _start_jobs(
            idx, title, studio, end, day, self.config.turnover.promotion_titles,
            wf.last_release, wf.production, wf.sector, wf.titles_micro, wf.titles_long,
            wf.titles_total, wf.tier, wf.status, wf.job_start, wf.credited_from, wf.job_end,
            wf.last_studio, wf.spell,
        )  # fmt: skip
        self.idle_spell_days += spell_days
        self.idle_spells += spells
        self.hires += len(idx)
        if len(idx):
            self._ending.add(np.maximum(end, day + 1), idx)  # released on a day still to come
        self._remember_hires(studio, idx, tie[ok], day)
        self.pool.note(idx[promoted])  # their key in the pool changed with their tier

    def _remember_hires(
        self, studio: np.ndarray, rows: np.ndarray, ties: np.ndarray, day: int
    ) -> None:
        """Write today's hires, with the tie keys they were hired under, into their studios'
        rings of the latest ``RECENT_HIRES``."""
        if len(rows) == 0:
            return
        known = len(self._recent_written)
        last = int(studio.max())
        if last >= known:
            grow = max(2 * known, last + 1) - known
            empty = np.full((grow, RECENT_HIRES), -1, dtype=np.int32)
            self._recent_hires = np.vstack([self._recent_hires, empty])
            self._recent_ties = np.vstack([self._recent_ties, empty])
            self._recent_days = np.vstack([self._recent_days, empty])
            self._recent_written = np.r_[self._recent_written, np.zeros(grow, dtype=np.int64)]
        _remember(
            self._recent_hires, self._recent_ties, self._recent_days, self._recent_written,
            studio, rows, ties, day,
        )  # fmt: skip

    # ------------------------------------------------------------------ release
    def release_at_wrap(self, day: int, year_start: int) -> np.ndarray:
        """Free every worker whose job ends today; count their days. Returns their indices."""
        idx, _ = self._ending.pop(day)
        self.workforce.credit_work(idx, day, year_start, self.day_rate, release=True)
        return idx

    def credit(self, idx: np.ndarray, until_day: int, year_start: int) -> None:
        """Count days and income (yuan) of running jobs up to ``until_day``."""
        self.workforce.credit_work(idx, until_day, year_start, self.day_rate)


@numba.njit(cache=True)
def _tied_entries(slot_keys, recent_hires, recent_ties, recent_days, hiring):
    """Group the slots by tie key and the ``hiring`` studios' ring entries by the key they were
    hired under, keeping the keys some slot has. Returns the slots' order by key and each
    key's first place in it, and the entries' rows and hire days grouped by key with each
    group's first place."""
    slot_order = np.argsort(slot_keys, kind="mergesort")
    sorted_keys = slot_keys[slot_order]
    group_of_key = np.full(sorted_keys[-1] + 1, -1, dtype=np.int32)
    slot_start = np.empty(len(slot_keys) + 1, dtype=np.int64)
    groups = 0
    for i in range(len(sorted_keys)):
        if i == 0 or sorted_keys[i] != sorted_keys[i - 1]:
            group_of_key[sorted_keys[i]] = groups
            slot_start[groups] = i
            groups += 1
    slot_start[groups] = len(sorted_keys)
    # Two passes over the rings' tie keys (count, then place), in ring order both times.
    entry_start = np.zeros(groups + 1, dtype=np.int64)
    for studio in hiring:
        for key in recent_ties[studio]:
            if 0 <= key < len(group_of_key) and group_of_key[key] >= 0:
                entry_start[group_of_key[key] + 1] += 1
    entry_start = np.cumsum(entry_start)
    placed = entry_start[:-1].copy()
    rows = np.empty(entry_start[-1], dtype=np.int64)
    days = np.empty(entry_start[-1], dtype=np.int64)
    for studio in hiring:
        for i in range(recent_ties.shape[1]):
            key = recent_ties[studio, i]
            if 0 <= key < len(group_of_key) and group_of_key[key] >= 0:
                g = group_of_key[key]
                rows[placed[g]] = recent_hires[studio, i]
                days[placed[g]] = recent_days[studio, i]
                placed[g] += 1
    return slot_order, slot_start[: groups + 1], rows, days, entry_start


@numba.njit(cache=True)
def _draw_tied(
    slot_order, slot_start, rows, days, entry_start, uniforms, slot_keys,
    job_start, role, sector, status, employer, taken, gig,
):  # fmt: skip
    """For each key group, try its entries in random order (a partial Fisher-Yates shuffle)
    and give the group's slots, in order, to the workers whose latest hire is the entry (so
    each worker counts once), still in the key's role and sector and usable. Returns the
    slots filled (positions in ``slot_keys``) and their workers; marks the workers taken."""
    filled = np.empty(len(slot_order), dtype=np.int64)
    hired = np.empty(len(slot_order), dtype=np.int64)
    n = 0
    for g in range(len(slot_start) - 1):
        key = slot_keys[slot_order[slot_start[g]]]
        key_sector, key_role = key % N_SECTORS, (key // N_SECTORS) % N_ROLES
        slot, last_slot = slot_start[g], slot_start[g + 1]
        first, count = entry_start[g], entry_start[g + 1] - entry_start[g]
        j = 0
        while slot < last_slot and j < count:
            # Shuffle a batch of entries into place, read them in one branch-free pass (the
            # reads overlap), then take them in order, as if tried one at a time. Most entries
            # fit, so a batch is one more than the slots left (the batch size does not change
            # the outcome, only how many workers are read).
            batch = min(count - j, last_slot - slot + 1)
            for b in range(j, j + batch):
                pick = first + b + np.int64(uniforms[first + b] * (count - b))
                rows[first + b], rows[pick] = rows[pick], rows[first + b]
                days[first + b], days[pick] = days[pick], days[first + b]
            fit = np.empty(batch, dtype=np.bool_)
            for b in range(batch):
                row = rows[first + j + b]
                fit[b] = (
                    (job_start[row] == days[first + j + b])
                    & (role[row] == key_role)
                    & (sector[row] == key_sector)
                    & usable(row, status, employer, taken, gig, False)
                )
            for b in range(batch):
                if fit[b]:  # each worker has one entry that matches its latest hire
                    taken[rows[first + j + b]] = True
                    filled[n], hired[n] = slot_order[slot], rows[first + j + b]
                    n += 1
                    slot += 1
                    if slot == last_slot:
                        break
            j += batch
    return filled[:n], hired[:n]


@numba.njit(cache=True)
def _start_jobs(
    idx, title, studio, end, day, promotion_titles,
    last_release, production, sector, titles_micro, titles_long, titles_total, tier, status,
    job_start, credited_from, job_end, last_studio, spell,
):  # fmt: skip
    """Put each hired row ``idx[i]`` on ``title[i]`` of ``studio[i]`` until day ``end[i]``:
    count a new title, promote after ``promotion_titles``, start a new spell. Returns the idle
    days that the hires ended, the number of those idle spells and which hires were promoted."""
    spell_days = 0
    spells = 0
    promoted = np.zeros(len(idx), dtype=np.bool_)
    for i in range(len(idx)):
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
    return spell_days, spells, promoted


@numba.njit(cache=True)
def _remember(recent_hires, recent_ties, recent_days, written, studio, rows, ties, day):
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


def _place_key(sector, role, region) -> np.ndarray:
    """Key of (sector, role, region) for local matching (the local pool's key)."""
    return (sector.astype(np.int64) * N_ROLES + role) * MAX_REGIONS + region


def _tie_key(studio: np.ndarray, role: np.ndarray, sector: np.ndarray) -> np.ndarray:
    """Key of (studio, role, sector): a tie to a studio counts only within the worker's sector."""
    return (studio.astype(np.int64) * N_ROLES + role) * N_SECTORS + sector


def _distinct(indices: np.ndarray) -> np.ndarray:
    """The distinct values of non-negative ``indices``, sorted (as np.unique, without sorting:
    the values are small, studio indices)."""
    present = np.zeros(indices.max() + 1 if len(indices) else 0, dtype=bool)
    present[indices] = True
    return np.flatnonzero(present)


def _concat(arrays) -> np.ndarray:
    arrays = [a for a in arrays if a is not None and len(a)]
    return np.concatenate(arrays) if arrays else np.empty(0, dtype=np.int64)
