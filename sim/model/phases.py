"""Titles through their phases (``docs/model.md`` sections 7.2 and 7.4): the pipeline from
script to release, the studios' shooting units, and the person-slots each phase opens.

A title's phases follow one another: writing, pre-production, shooting, post-production,
release, done. A live-action micro title that has finished writing waits in its studio's queue
until one of the studio's shooting units is free (:meth:`Studio.next_shoots`); AI-made titles
and long dramas need no unit. A phase that starts today opens one person-slot per person of its
team, for the days the production plan gives the role. A role booked by the day call books a run
of calls (the people of one call are asked back for the next, and each stays with a chance); the
position opens again when the run ends, until its days in the phase are worked. A slot that finds
no one stays open: it is offered again each day while its call lasts (the title works
short-handed meanwhile). All the day's slots are filled in one pass of the labour market. A
finished title earns its platform's revenue, and its studio books the profit or loss.
"""

import numpy as np

from sim.engine.matching import add_at
from sim.vocabulary import (
    DONE,
    MICRO,
    MICRO_AI,
    MICRO_LIVE,
    POST_PRODUCTION,
    PRE_PRODUCTION,
    RELEASE,
    ROLES,
    SHOOTING,
    WAITING,
    WRITING,
)


class TitlePhases:
    """The title pipeline of :class:`~sim.model.DramaLabourModel` (a mixin: it reads and writes
    the model's ``productions``, ``phase_ends`` (calendar of phase ends), ``studios`` and
    ``market``, and keeps today's starting phases in ``_starting`` and the studios woken today
    in ``_woken``)."""

    def release_crews(self, day: int, year_start: int) -> None:
        """Workers whose job ends today are credited their days and income and are free again."""
        self.newly_idle.append(self.market.release_at_wrap(day, year_start))

    def advance_titles(self, day: int) -> None:
        """Titles whose phase ends today move on: writing to pre-production (AI-made titles and
        long dramas) or to the studio's queue (live-action micro titles), pre-production to the
        shoot, the shoot to post-production, post-production to done."""
        ids, _ = self.phase_ends.pop(day)
        prod = self.productions
        ids = ids[prod.phase_end[ids] == day]  # a slipped shoot was filed again, later
        phase = prod.phase[ids]
        finished_writing = ids[phase == WRITING]
        live = finished_writing[prod.kind[finished_writing] == MICRO_LIVE]
        for title in live:
            self.studios[prod.studio[title]].scripts -= 1
        self.start_phase(
            finished_writing[prod.kind[finished_writing] != MICRO_LIVE], PRE_PRODUCTION, day
        )
        self.start_phase(ids[phase == PRE_PRODUCTION], SHOOTING, day)
        self.start_phase(ids[phase == SHOOTING], POST_PRODUCTION, day)
        self.start_phase(ids[phase == POST_PRODUCTION], RELEASE, day)
        self._complete(ids[phase == RELEASE], day)
        self._woken = {self._enqueue(int(title)) for title in live}

    def start_queued_shoots(self, day: int) -> None:
        """Studios that got a queued title today or whose shooting unit frees up today start the
        pre-production of their next queued titles, one per free unit."""
        days, gap = self.productions.days, self.config.turnover.studio_gap_days

        def unit_days(title: int) -> int:
            """Days a title holds its studio's shooting unit: pre-production, shoot, the rest."""
            return int(days[title, PRE_PRODUCTION]) + int(days[title, SHOOTING]) + gap

        started = []
        for index in self._woken | self.studio_wakeups.pop(day, set()):
            studio = self.studios[index]
            if studio.closed:
                continue
            for title, free_day in studio.next_shoots(day, unit_days):
                started.append(title)
                self.studio_wakeups[free_day].add(index)
        self._woken = set()
        self.start_phase(np.array(started, dtype=np.int64), PRE_PRODUCTION, day)

    def _enqueue(self, title: int) -> int:
        """Put a scripted live-action title in its studio's queue (another studio's if closed);
        returns the studio."""
        prod = self.productions
        studio = self.studios[prod.studio[title]]
        if studio.closed:
            studios = self.open_micro_studios()
            if not studios.units.any():  # the last open studio closed this review: found one
                self.found_micro_studios(1)
                studios = self.open_micro_studios()
            studio = studios.studios[int(studios.draw(self.rngs["studios"]))]
            prod.studio[title] = studio.index
            prod.home_region[title] = studio.region
        prod.phase[title] = WAITING
        studio.queue.append(title)
        return studio.index

    def start_phase(
        self, ids: np.ndarray, phase: int, day: int, end: np.ndarray | None = None
    ) -> None:
        """Titles enter ``phase`` today, until ``end`` (default: after the phase's days); they
        are staffed later in the day."""
        if len(ids) == 0:
            return
        prod = self.productions
        prod.phase[ids] = phase
        if end is None:
            end = day + prod.days[ids, phase]
        prod.phase_end[ids] = end
        self.phase_ends.add(end, ids)
        self._starting.append((ids, phase))

    def _complete(self, ids: np.ndarray, day: int) -> None:
        """Titles complete: platforms earn revenue ("nobody knows": lognormal around
        ``business_model.revenue_per_title_yuan``), studios book profit or loss."""
        if len(ids) == 0:
            return
        prod = self.productions
        prod.phase[ids] = DONE
        prod.done_day[ids] = day
        micro = ids[prod.sector[ids] == MICRO]
        bm, policy = self.config.business_model, self.config.studios
        rng = self.rngs["studios"]
        free = prod.free[micro]
        sigma = np.where(free, bm.free_revenue_sigma, bm.paid_revenue_sigma)
        revenue = bm.revenue_per_title_yuan * rng.lognormal(-(sigma**2) / 2, sigma)
        revenue *= np.where(prod.kind[micro] == MICRO_AI, policy.ai_revenue_factor, 1.0)
        prod.revenue_yuan[micro] = revenue
        budget = prod.budget_yuan[micro]
        income = np.where(
            free, bm.studio_revenue_share * revenue, budget * (1 + policy.paid_fee_margin)
        )
        profit = income - budget - prod.travel_yuan[micro]
        for studio, gain in zip(prod.studio[micro], profit, strict=True):
            self.studios[studio].earn(float(gain))

    def staff_phases(self, day: int, year_start: int) -> None:
        """Hire, in one pass of the market, every slot that opens today: the teams of the
        phases that start today, the next day calls of positions booked by the day, and the
        slots still open from earlier days."""
        prod = self.productions
        starting, self._starting = self._starting, []
        if starting:
            ids = np.concatenate([ids for ids, _ in starting])
            phases = np.repeat([phase for _, phase in starting], [len(ids) for ids, _ in starting])
            new = prod.person_slots(ids, phases, day, self.plan)
        else:
            new = _no_slots()
        again = self._slots_due(day)
        slots = {key: np.concatenate([new[key], again[key]]) for key in new}
        opened, calls = len(new["title"]), again["opened_today"]
        slots["next_call"] = np.zeros(len(slots["title"]), dtype=bool)
        slots["next_call"][opened : opened + calls] = True
        fresh = np.arange(len(slots["title"])) < opened + calls  # not kept open from before
        title = slots["title"]
        if len(title) == 0:
            return
        slots["sector"] = prod.sector[title]
        slots["studio"] = prod.studio[title]
        slots["experienced"] = (
            self.rngs["market"].random(len(title)) < prod.experienced_share[title]
        )
        self._book_runs(slots)
        hired = self.market.staff(slots, day, year_start)
        self.market.count_openings(slots, hired, fresh)
        first_shoot_day = (slots["phase"] == SHOOTING) & (hired >= 0)
        first_shoot_day[opened:] = False
        add_at(
            prod.shoot_team, title[first_shoot_day], np.ones(int(first_shoot_day.sum()), np.int64)
        )
        unfilled = title[(hired < 0) & fresh]
        add_at(prod.unfilled, unfilled, np.ones(len(unfilled), dtype=np.int64))
        key_missing = (hired < 0) & self.key_role[slots["role"]] & (slots["phase"] == SHOOTING)
        key_missing[opened:] = False
        self._slip(np.unique(title[key_missing]))
        self._file_next_calls(slots, hired, day)
        self._keep_open(slots, hired, day)

    def _book_runs(self, slots: dict[str, np.ndarray]) -> None:
        """A slot booked by the day call whose position has calls after this one books a run
        of calls: whoever takes it is asked back for each next call and stays with chance
        ``market.call_back_share``, so the run is a geometric number of calls (mean
        ``1 / (1 - share)``), cut at the position's last call. ``days`` becomes the run's days
        and ``left`` the position's days after it; ``call`` keeps this call's days."""
        slots["call"] = slots["days"].copy()
        by_call = np.flatnonzero(slots["left"] > 0)
        if len(by_call) == 0:
            return
        prod = self.productions
        title, role = slots["title"][by_call], slots["role"][by_call]
        length = self.plan.call_days[prod.kind[title], slots["phase"][by_call], role]
        stays = self.rngs["market"].geometric(1 - self.config.market.call_back_share, len(by_call))
        more = np.minimum((stays - 1) * length, slots["left"][by_call])
        slots["days"][by_call] += more
        slots["left"][by_call] -= more

    def _slip(self, titles: np.ndarray) -> None:
        """Shoots that opened without a key role (``market.key_roles``) slip: they end
        ``market.slip_days`` later (the crew hired for them is paid as booked, and the open key
        slots are offered again each day)."""
        if len(titles) == 0:
            return
        prod = self.productions
        prod.phase_end[titles] += self.config.market.slip_days
        self.phase_ends.add(prod.phase_end[titles], titles)
        self.slipped_titles += len(titles)

    def _file_next_calls(self, slots: dict[str, np.ndarray], hired: np.ndarray, day: int) -> None:
        """File the next day call of each position with days still to book: it opens when the
        run of the worker hired ends, or, if no one was hired, when this call ends."""
        taken = hired >= 0
        after = np.where(taken, slots["days"], slots["call"])
        left = slots["left"] + np.where(taken, 0, slots["days"] - slots["call"])
        more = np.flatnonzero(left > 0)
        if len(more) == 0:
            return
        tags = _due_tag(slots["role"][more], left[more], next_call=True)
        self.slots_due.add(day + after[more], slots["title"][more], tags)

    def _slots_due(self, day: int) -> dict[str, np.ndarray]:
        """Slots that open again today: next day calls of positions booked by the day (first)
        and slots still open from yesterday (:func:`_due_tag` tells them apart and holds the
        role and the days left)."""
        titles, tags = self.slots_due.pop(day)
        if len(titles) == 0:
            return {**_no_slots(), "opened_today": 0}
        prod = self.productions
        is_call = tags % 2 == 1
        calls_first = np.concatenate([np.flatnonzero(is_call), np.flatnonzero(~is_call)])
        title, tags, is_call = titles[calls_first], tags[calls_first], is_call[calls_first]
        role, days = (tags // 2) % len(ROLES), (tags // 2) // len(ROLES)
        phase = prod.phase[title].astype(np.int64)
        length = self.plan.call_days[prod.kind[title], phase, role]
        call = np.where(is_call, np.minimum(length, days), days)
        return {
            "title": title,
            "role": role,
            "phase": phase,
            "region": prod.place(title, phase),
            "days": call,
            "left": days - call,
            "opened_today": int(np.count_nonzero(is_call)),
        }

    def _keep_open(self, slots: dict[str, np.ndarray], hired: np.ndarray, day: int) -> None:
        """Offer the slots that found no one again tomorrow, for the rest of their call a day
        shorter, while days are left (the title works short-handed meanwhile)."""
        still = np.flatnonzero((hired < 0) & (slots["call"] > 1))
        if len(still) == 0:
            return
        tags = _due_tag(slots["role"][still], slots["call"][still] - 1, next_call=False)
        self.slots_due.add(day + 1, slots["title"][still], tags)


def _due_tag(role: np.ndarray, days: np.ndarray, next_call: bool) -> np.ndarray:
    """The tag of a slot filed to open again: its role, its days (a position's days left to
    book, for a next call; the days left of a slot kept open) and which of the two it is."""
    return (days * len(ROLES) + role) * 2 + int(next_call)


def _no_slots() -> dict[str, np.ndarray]:
    empty = np.empty(0, dtype=np.int64)
    return {
        "title": empty, "role": empty, "phase": empty, "region": empty, "days": empty,
        "left": empty,
    }  # fmt: skip
