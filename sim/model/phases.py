"""Titles through their phases (``docs/model.md`` sections 7.2 and 7.4): the pipeline from
script to delivery, the studios' shooting units, and the person-slots each phase opens.

A title's phases follow one another: writing, pre-production, shooting, post-production, done.
A live-action micro title that has finished writing waits in its studio's queue until one of the
studio's shooting units is free (:meth:`Studio.next_shoots`); AI-made titles and long dramas need
no unit. A phase that starts today opens one person-slot per person of its team, filled later in
the day in one pass of the labour market. A finished title earns its platform's revenue, and its
studio books the profit or loss.
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
        phase = prod.phase[ids]
        finished_writing = ids[phase == WRITING]
        live = finished_writing[prod.kind[finished_writing] == MICRO_LIVE]
        self.start_phase(
            finished_writing[prod.kind[finished_writing] != MICRO_LIVE], PRE_PRODUCTION, day
        )
        self.start_phase(ids[phase == PRE_PRODUCTION], SHOOTING, day)
        self.start_phase(ids[phase == SHOOTING], POST_PRODUCTION, day)
        self._complete(ids[phase == POST_PRODUCTION], day)
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
        """Hire the teams of every phase that starts today, in one pass of the market."""
        starting, self._starting = self._starting, []
        if not starting:
            return
        prod = self.productions
        ids = np.concatenate([ids for ids, _ in starting])
        phases = np.repeat([phase for _, phase in starting], [len(ids) for ids, _ in starting])
        slots = prod.person_slots(ids, phases, day)
        title = slots["title"]
        slots["sector"] = prod.sector[title]
        slots["studio"] = prod.studio[title]
        slots["experienced"] = (
            self.rngs["market"].random(len(title)) < prod.experienced_share[title]
        )
        hired = self.market.staff(slots, day, year_start)
        on_shoot = (slots["phase"] == SHOOTING) & (hired >= 0)
        add_at(prod.shoot_team, title[on_shoot], np.ones(int(on_shoot.sum()), dtype=np.int64))
        unfilled = title[hired < 0]
        add_at(prod.unfilled, unfilled, np.ones(len(unfilled), dtype=np.int64))
