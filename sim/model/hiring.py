"""The daily labour market: staffing the phases that start today and releasing crews at wrap.

Every person-slot of every title entering a phase today is filled in one vectorised pass, in
stages of falling preference (Caves' "motley crew" is hired all at once):

1. the studio's in-house core team (core members work only for their own studio);
2. referral ties: people whose last job was with this studio (a share ``market.referral_share``
   of the remaining slots is offered this way first, and every next call of a position booked
   by the day, so that the people of the run that just ended are among those asked back);
The slots left after stage 2 are the day's openings: they go to the market. Each draws
applicants from the local workers who search today (urn-ball, :meth:`LabourMarket._applied`), once:

3. an opening with an applicant that the title reserves for experience (the free model reserves
   more) hires a local experienced worker;
4. any other opening with an applicant, or one whose experienced applicants ran out, hires any
   local worker of the role and sector;
5. workers from other regions, who travel at a cost: ``market.travel_share`` of the still open
   slots accept a traveller; gig-market workers are dispatched first, by the union, for any role;
   other travellers, for roles not hired locally only (``market.local_only_roles``), come
   through a second urn-ball over the whole country's searchers and openings;
6. newcomers recruited on the spot, for roles open to newcomers only
   (``turnover.shortage_entry_roles``: extras, day players, props hands):
   ``turnover.shortage_entry_share`` of what is still open, times ``scenario.labour_supply`` (the
   outside pool is as large as the lever says).

What is left is counted as unfilled and the title goes ahead short-handed. Within a stage, the
candidates for a slot are taken in random order.
"""

import numpy as np

from sim.config import DramaSimConfig
from sim.engine.calendar import Calendar
from sim.engine.matching import (
    add_at,
    draw_tied,
    match_by_key,
    start_jobs,
)
from sim.engine.pools import KeyedPool, Scratch, distinct_keys, usable_rows
from sim.model.core_teams import CoreTeams
from sim.model.openings_flow import OpeningsFlow
from sim.model.pay import DayRates
from sim.model.population import draw_profiles
from sim.model.referrals import ReferralRings
from sim.model.regions import Regions
from sim.model.titles import Productions
from sim.model.workforce import Workforce
from sim.vocabulary import AVAILABLE, LEFT, MICRO, ORIGIN, PHASES, ROLES, SECTORS

N_ROLES = len(ROLES)
N_SECTORS = len(SECTORS)
MAX_REGIONS = 64
NATIONAL = 2 * MAX_REGIONS
"""Stride of the candidate pool's keys that leaves out region and tier: (sector, role)."""


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
        self.pay = DayRates(config)
        self.travelling_role = ~np.isin(ROLES, config.market.local_only_roles)
        self._ending = Calendar()  # by day: the rows whose jobs end then
        self.core_teams = CoreTeams()
        self.referrals = ReferralRings(config.market.referral_memory_hires)
        self._taken = Scratch(workforce)  # rows hired in the current round; cleared after
        self.gig_rows = np.flatnonzero(workforce.gig)
        self.pool = KeyedPool(workforce, MAX_REGIONS, rng)
        window = config.market.openings_window_days
        self.local_flow = OpeningsFlow(window)
        """Mean daily openings by (sector, role, region): what local searchers see."""
        self.national_flow = OpeningsFlow(window)
        """Mean daily openings by (sector, role): what searchers willing to travel see."""
        # Cumulative counters (simulated people or person-days); the recorder takes differences.
        self.hires = 0
        self.travel_hires = 0
        self.recruits = 0
        self.unfilled = 0
        self.openings = 0
        self.away_hires = 0
        self.booked_days = np.zeros((N_SECTORS, len(PHASES)), dtype=np.int64)
        """Person-days booked on the jobs begun so far, by sector and phase."""
        self.recruit_share = np.where(
            np.isin(ROLES, config.turnover.shortage_entry_roles),
            min(1.0, config.turnover.shortage_entry_share * config.scenario.labour_supply),
            0.0,
        )
        """By role: the chance that a slot still open goes to a newcomer recruited on set."""
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

        core = self.core_teams.members_of(slots["studio"])
        core = core[wf.status[core] == AVAILABLE]
        self._fill(everyone, tie, core, _tie_key(wf.employer[core], wf.role[core], wf.sector[core]))
        referral = (rng.random(n) < market.referral_share) | slots["next_call"]
        self._hire_through_ties(slots["studio"], tie, referral, day)
        self._to_market = self._open.copy()

        openings = np.flatnonzero(self._to_market)
        place = _place_key(sector, role, region)
        sector_role = sector.astype(np.int64) * N_ROLES + role
        local_flow = _flow_per_slot(self.local_flow, place, openings, day)
        national_flow = _flow_per_slot(self.national_flow, sector_role, openings, day)
        applied = self._applied(openings, place, local_flow, day, stride=2)
        self._hire_from(applied & slots["experienced"], place * 2 + 1, day, stride=1)
        self._hire_from(applied, place, day, stride=2)

        travels = rng.random(n) < market.travel_share
        if self.config.policy.gig_dispatch:
            gig = usable_rows(self.gig_rows, *self._hiring_columns(), False)
            filled = self._fill(travels, sector_role, gig, self.pool.key_of(gig) // NATIONAL)
            self._charge_travel(slots, filled)
        travels = np.flatnonzero(travels & self.travelling_role[role] & self._open)
        applied = self._applied(travels, sector_role, national_flow, day, stride=NATIONAL)
        self._charge_travel(slots, self._hire_from(applied, sector_role, day, stride=NATIONAL))

        self._end()
        recruit = np.flatnonzero(self._open & (rng.random(n) < self.recruit_share[role]))
        self._hired[recruit] = self.recruit(slots, recruit, day)
        self._open[recruit] = False
        self._start_jobs(slots, tie, day)
        return self._hired

    def count_openings(
        self, slots: dict[str, np.ndarray], hired: np.ndarray, fresh: np.ndarray
    ) -> None:
        """Count today's openings, those left unfilled on the day they opened, the days booked
        by phase, and the hires who work away from home. An opening is a slot opened today
        (``fresh``: not kept open from before) that the studio had to fill from the market: its
        in-house team and the people it recalled directly (stages 1-2) did not fill it, as job
        openings exclude positions filled by recall (the JOLTS definition). Day rates follow these
        openings, the ones the urn-ball search sees."""
        opening = fresh & self._to_market
        self.openings += int(np.count_nonzero(opening))
        self.pay.tally(slots["sector"][opening], slots["role"][opening])
        self.unfilled += int(np.count_nonzero(opening & (hired < 0)))
        ok = hired >= 0
        cell = slots["sector"][ok].astype(np.int64) * len(PHASES) + slots["phase"][ok]
        booked = np.bincount(cell, weights=slots["days"][ok], minlength=self.booked_days.size)
        self.booked_days += booked.astype(np.int64).reshape(self.booked_days.shape)
        away = self.workforce.region[hired[ok]] != slots["region"][ok]
        self.away_hires += int(np.count_nonzero(away))

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
        self.core_teams.renumber(where)
        self.referrals.renumber(where)
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
        sector (a studio calls the people it worked with directly, so the daily availability
        of the open search, :attr:`DayRates.reach`, does not apply). For each tie key the
        studio's ring entries are tried in random order until the key's slots are filled, so the
        hires are a uniform draw among the tied workers, and only the workers tried are read."""
        wf = self.workforce
        positions = np.flatnonzero(eligible & self._open)
        if len(positions) == 0:
            return
        entries = self.referrals.entries(tie[positions], _distinct(studio[positions]))
        if entries is None:
            return
        slot_order, slot_start, rows, days, entry_start = entries
        filled, hired = draw_tied(
            slot_order, slot_start, rows, days, entry_start, self.rng.random(len(rows)),
            tie[positions], wf.job_start, wf.role, wf.sector,
            *self._hiring_columns(),
        )  # fmt: skip
        filled = positions[filled]
        self._hired[filled] = hired
        self._open[filled] = False

    def _hire_from(self, eligible, slot_keys, day, stride, exclude_gig=False) -> np.ndarray:
        """Fill the open ``eligible`` slots from the candidate pool by their keys, the pool's
        keys divided by ``stride`` (:meth:`~sim.engine.pools.KeyedPool.hire`); returns the
        positions filled."""
        positions = np.flatnonzero(eligible & self._open)
        filled, hired = self.pool.hire(
            slot_keys[positions], day, self._taken.marks(), stride, exclude_gig
        )
        filled = positions[filled]
        self._hired[filled] = hired
        self._open[filled] = False
        return filled

    def _applied(self, positions, slot_keys, flow, day: int, stride: int) -> np.ndarray:
        """Urn-ball search (del Rio-Chanona et al. 2021) for the slots at ``positions``, by their
        pool keys (divided by ``stride``): the key's usable workers who are reachable today
        (times the role's daily availability, :attr:`DayRates.reach`) each apply to one of the
        openings they see at random, so a slot draws at least one applicant with probability
        ``1 - exp(-U / V)``, ``V`` its key's ``flow`` (by slot): the mean daily openings of the
        market the searchers see (every opening of the key, counted once a day, not only those
        still open at this stage; see :class:`~sim.model.openings_flow.OpeningsFlow`). Returns,
        over all slots, which drew an applicant."""
        unique, inverse, _ = distinct_keys(slot_keys[positions])
        searchers = self.pool.usable_estimate(unique, day, self._taken.marks(), stride, False)
        searchers = searchers * self.pay.reach[self.pool.role_of(unique, stride)]
        chance = -np.expm1(-searchers[inverse] / flow[positions])
        applied = np.zeros(len(slot_keys), dtype=bool)
        applied[positions[self.rng.random(len(positions)) < chance]] = True
        return applied

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
            **draw_profiles(self.config, ORIGIN["on_set_recruit"], len(positions), day, self.rng),
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
        spell_days, spells, promoted = start_jobs(
            idx, title, studio, end, day, self.config.turnover.promotion_titles,
            wf.last_release, wf.production, wf.sector, wf.titles_micro, wf.titles_long,
            wf.titles_total, wf.tier, wf.status, wf.job_start, wf.credited_from, wf.job_end,
            wf.last_studio, wf.spell, wf.contracts,
        )  # fmt: skip
        self.idle_spell_days += spell_days
        self.idle_spells += spells
        self.hires += len(idx)
        if len(idx):
            self._ending.add(np.maximum(end, day + 1), idx)  # released on a day still to come
        self.referrals.remember(studio, idx, tie[ok], day)
        self.pool.note(idx[promoted])  # their key in the pool changed with their tier

    # ------------------------------------------------------------------ release
    def release_at_wrap(self, day: int, year_start: int) -> np.ndarray:
        """Free every worker whose job ends today; count their days. Returns their indices."""
        idx, _ = self._ending.pop(day)
        self.workforce.credit_work(idx, day, year_start, self.pay.current, release=True)
        return idx

    def credit(self, idx: np.ndarray, until_day: int, year_start: int) -> None:
        """Count days and income (yuan) of running jobs up to ``until_day``."""
        self.workforce.credit_work(idx, until_day, year_start, self.pay.current)


def _place_key(sector, role, region) -> np.ndarray:
    """Key of (sector, role, region) for local matching (the local pool's key)."""
    return (sector.astype(np.int64) * N_ROLES + role) * MAX_REGIONS + region


def _tie_key(studio: np.ndarray, role: np.ndarray, sector: np.ndarray) -> np.ndarray:
    """Key of (studio, role, sector): a tie to a studio counts only within the worker's sector."""
    return (studio.astype(np.int64) * N_ROLES + role) * N_SECTORS + sector


def _flow_per_slot(flow: OpeningsFlow, keys: np.ndarray, openings: np.ndarray, day: int):
    """Add today's ``openings`` (positions) by their ``keys`` to ``flow``; returns, by slot, its
    key's mean daily openings (0 for the slots that are not openings)."""
    unique, inverse, counts = distinct_keys(keys[openings])
    per_slot = np.zeros(len(keys))
    per_slot[openings] = flow.add(unique, counts, day)[inverse]
    return per_slot


def _distinct(indices: np.ndarray) -> np.ndarray:
    """The distinct values of non-negative ``indices``, sorted (as np.unique, without sorting:
    the values are small, studio indices)."""
    present = np.zeros(indices.max() + 1 if len(indices) else 0, dtype=bool)
    present[indices] = True
    return np.flatnonzero(present)
