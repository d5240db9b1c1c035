"""Productions (titles) as a struct of numpy arrays, their production plan, and how a new title
is drawn.

A title has a kind (live-action micro, AI-made micro, long drama), a release model (free with ads
or paid), a genre flag (costume-period), the studio and platform behind it, a shooting region and
a post-production region, five phases (writing, pre-production, shooting, post-production,
release) with their lengths in days, and a team requirement by phase and role (people). Phase
lengths and teams come from the production plans in ``config.production``, stretched by the free
model's quality demands, the cycle-length lever and AI automation; the plan also says how many of
a phase's days each role works and which roles are booked by the day call.
"""

import numpy as np

from sim.config import DramaSimConfig, KindConfig
from sim.engine.slots import person_slots
from sim.engine.table import Column, ColumnTable
from sim.vocabulary import (
    DONE,
    KINDS,
    LONG,
    LONG_DRAMA,
    MICRO,
    MICRO_AI,
    MICRO_LIVE,
    PHASES,
    POST_PRODUCTION,
    RELEASE,
    ROLE,
    ROLES,
    SHOOTING,
    WRITING,
)

COLUMNS: dict[str, Column] = {
    "kind": Column(np.int8, 0, "kind of title; `sector` follows", "micro_live / micro_ai / long"),
    "sector": Column(np.int8, MICRO, "sector of the title", "micro / long"),
    "free": Column(np.bool_, False, "released free with ad revenue sharing (else paid)", "bool"),
    "costume": Column(np.bool_, False, "costume-period genre (live-action micro only)", "bool"),
    "abroad": Column(np.bool_, False, "released abroad too: needs an overseas version", "bool"),
    "tv": Column(np.bool_, False, "long dramas: TV series (else web series)", "bool"),
    "studio": Column(np.int32, -1, "studio that makes the title", "studio index"),
    "platform": Column(
        np.int8, -1, "commissioning platform (-1 for long dramas)", "platform index"
    ),
    "home_region": Column(np.int8, 0, "the studio's region: writing happens here", "region index"),
    "region": Column(np.int8, 0, "pre-production and shooting happen here", "region index"),
    "post_region": Column(np.int8, 0, "post-production happens here", "region index"),
    "phase": Column(
        np.int8, WRITING, "current phase (or waiting for a shooting unit, or done)", "phase code"
    ),
    "phase_end": Column(np.int32, -1, "first day after the current phase", "day"),
    "commissioned_day": Column(np.int32, -1, "day the title was commissioned", "day"),
    "done_day": Column(np.int32, -1, "day the title was completed", "day"),
    "experienced_share": Column(
        np.float32, 0.0, "share of slots that prefer an experienced worker", "share"
    ),
    "budget_yuan": Column(np.float64, 0.0, "production budget", "yuan"),
    "revenue_yuan": Column(np.float64, 0.0, "realised platform revenue", "yuan"),
    "travel_yuan": Column(np.float64, 0.0, "travel costs of hires from other regions", "yuan"),
    "shoot_team": Column(np.int32, 0, "people actually hired for the shoot", "people"),
    "unfilled": Column(
        np.int32, 0, "person-slots not staffed on the day they opened", "person-slots"
    ),
    "days": Column(np.int32, 0, "length of each phase", "days, by phase", (len(PHASES),)),
    "team": Column(
        np.int32, 0, "person-slots required", "people, by phase and role", (len(PHASES), len(ROLES))
    ),
}


class Productions(ColumnTable):
    """All titles ever commissioned, one row each."""

    def __init__(self, capacity: int = 1024):
        super().__init__(COLUMNS, capacity)

    def person_slots(
        self, ids: np.ndarray, phases: np.ndarray, day: int, plan: "ProductionPlan"
    ) -> dict:
        """The person-slots of titles ``ids`` entering ``phases`` today (``day``): one per person
        of the phase's team, title by title, role by role, as arrays ``title``, ``role``,
        ``phase``, ``region`` (the title's home region for writing and release, its
        post-production region for post-production, else where it shoots) and ``days`` (job
        length: the role's working days in the phase, or its first day call under ``plan``) and
        ``left`` (the days a slot of a role booked by the day call still has to book after its
        first call; 0 for the other roles)."""
        title, role, phase, region, days, left = person_slots(
            ids, phases, day, self.place(ids, phases), self.team, self.kind, self.days,
            plan.work_share, plan.call_days, self.phase_end,
        )  # fmt: skip
        return {
            "title": title, "role": role, "phase": phase, "region": region, "days": days,
            "left": left,
        }  # fmt: skip

    def place(self, ids: np.ndarray, phases: np.ndarray) -> np.ndarray:
        """Where titles ``ids`` work in ``phases``: the studio's region for writing and
        release, the post-production region for post-production, else where they shoot."""
        at_home = (phases == WRITING) | (phases == RELEASE)
        return np.where(
            at_home,
            self.home_region[ids],
            np.where(phases == POST_PRODUCTION, self.post_region[ids], self.region[ids]),
        )

    def finished_between(self, start_day: int, end_day: int) -> np.ndarray:
        """Ids of titles completed in [start_day, end_day)."""
        done = self.done_day
        return np.flatnonzero((self.phase == DONE) & (done >= start_day) & (done < end_day))


class ProductionPlan:
    """How each kind of title books its roles (``docs/model.md`` section 7.2), as arrays by
    kind, phase and role: ``work_share`` (share of the phase's days a role works) and
    ``call_days`` (days per engagement for roles booked by the day call; 0: booked once)."""

    def __init__(self, config: DramaSimConfig):
        production = config.production
        kinds = {MICRO_LIVE: production.micro_live, MICRO_AI: production.micro_ai}
        kinds[LONG_DRAMA] = production.long
        shape = (len(KINDS), len(PHASES), len(ROLES))
        self.work_share = np.ones(shape)
        self.call_days = np.zeros(shape, dtype=np.int64)
        for kind, plan in kinds.items():
            for p, name in enumerate(PHASES):
                phase = getattr(plan, name)
                for role, share in phase.work_share.items():
                    self.work_share[kind, p, ROLE[role]] = share
                for role, days in phase.call_days.items():
                    self.call_days[kind, p, ROLE[role]] = days


class TitleDesigner:
    """Draws the lengths and teams of new titles from the configured templates."""

    def __init__(self, config: DramaSimConfig, rng: np.random.Generator):
        self.rng = rng
        production = config.production
        self.team_scale = (production.team_scale_min, production.team_scale_max)
        self.business = config.business_model
        self.shoot_days_factor = config.turnover.shoot_days_factor
        self.templates = {
            MICRO_LIVE: _template(production.micro_live),
            MICRO_AI: _template(production.micro_ai),
            LONG_DRAMA: _template(production.long),
        }
        automation = np.zeros(len(ROLES))
        for role, taken in config.ai.automation.items():
            automation[ROLE[role]] = taken
        self.live_team_factor = 1.0 - automation
        self.animators_per_live_title = config.ai.animators_per_live_title
        self.budgets = {
            MICRO_LIVE: (
                production.micro_live.budget_yuan_min,
                production.micro_live.budget_yuan_max,
            ),
            MICRO_AI: (production.micro_ai.budget_yuan_min, production.micro_ai.budget_yuan_max),
            LONG_DRAMA: (production.long.budget_yuan_min, production.long.budget_yuan_max),
        }

    def design(
        self, kind: int, free: np.ndarray, abroad: np.ndarray | None = None
    ) -> dict[str, np.ndarray]:
        """Phase lengths (days), teams (people) and budgets (yuan) for titles of one kind;
        only titles released ``abroad`` need overseas operators."""
        n = len(free)
        days_min, days_max, team = self.templates[kind]
        rng = self.rng
        # rng.uniform(days_min, days_max + 1, size=(n, len(PHASES))), draw for draw, without its
        # per-call broadcasting of array bounds (24 us a call against 6)
        days = days_min + (days_max + 1 - days_min) * rng.random((n, len(PHASES)))
        teams = np.repeat(team[None], n, axis=0)
        if kind != LONG_DRAMA:
            bm = self.business
            days[:, WRITING] *= np.where(free, bm.free_writing_days_factor, 1.0)
            teams[:, WRITING] *= np.where(free, bm.free_writers_factor, 1.0)[:, None]
            days[:, SHOOTING] *= np.where(free, bm.free_shoot_days_factor, 1.0)
        if kind == MICRO_LIVE:
            days[:, SHOOTING] *= self.shoot_days_factor
            teams[:, SHOOTING] *= rng.uniform(*self.team_scale, size=n)[:, None]
            teams *= self.live_team_factor
            teams[:, SHOOTING, ROLE["ai_animator"]] += self.animators_per_live_title
        abroad = np.zeros(n, dtype=bool) if abroad is None else abroad
        teams[~abroad, :, ROLE["overseas_operations"]] = 0
        experienced = np.where(
            free, self.business.free_experienced_share, self.business.paid_experienced_share
        )
        return {
            "days": np.maximum(1, np.floor(days)).astype(np.int32),
            "team": np.floor(teams + rng.random(teams.shape)).astype(np.int32),
            "budget_yuan": rng.uniform(*self.budgets[kind], size=n),
            "experienced_share": experienced,
            "abroad": abroad,
            "sector": LONG if kind == LONG_DRAMA else MICRO,
        }


def _template(kind: KindConfig) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Arrays of minimum days, maximum days (by phase) and mean team (by phase and role)."""
    phases = [getattr(kind, name) for name in PHASES]
    team = np.zeros((len(PHASES), len(ROLES)))
    for p, phase in enumerate(phases):
        for role, people in phase.team.items():
            team[p, ROLE[role]] = people
    days_min = np.array([phase.days_min for phase in phases], dtype=float)
    days_max = np.array([phase.days_max for phase in phases], dtype=float)
    return days_min, days_max, team


__all__ = ["KINDS", "ProductionPlan", "Productions", "TitleDesigner"]
