"""Productions (titles) as a struct of numpy arrays, and how a new title is drawn.

A title has a kind (live-action micro, AI-made micro, long drama), a release model (free with ads
or paid), a genre flag (costume-period), the studio and platform behind it, a shooting region and
a post-production region, four phases with their lengths in days, and a team requirement by phase
and role (people). Phase lengths and teams come from the templates in ``config.production``,
stretched by the free model's quality demands, the cycle-length lever and AI automation.
"""

import numba
import numpy as np

from sim.config import DramaSimConfig, KindConfig
from sim.roles import (
    DONE,
    KINDS,
    LONG,
    LONG_DRAMA,
    MICRO,
    MICRO_AI,
    MICRO_LIVE,
    PHASES,
    POST_PRODUCTION,
    ROLE,
    ROLES,
    SHOOTING,
    WRITING,
)
from sim.table import ColumnTable

_COLUMNS: dict[str, tuple[type, int]] = {
    "kind": (np.int8, 0),
    "sector": (np.int8, MICRO),
    "free": (np.bool_, False),
    "costume": (np.bool_, False),
    "tv": (np.bool_, False),  # long dramas: TV series (else web series)
    "studio": (np.int32, -1),
    "platform": (np.int8, -1),
    "home_region": (np.int8, 0),  # the studio's region: where writing happens
    "region": (np.int8, 0),  # where pre-production and shooting happen
    "post_region": (np.int8, 0),
    "phase": (np.int8, WRITING),
    "phase_end": (np.int32, -1),  # first day after the current phase
    "commissioned_day": (np.int32, -1),
    "done_day": (np.int32, -1),
    "experienced_share": (np.float32, 0.0),  # share of hires that must be experienced
    "budget_yuan": (np.float64, 0.0),
    "revenue_yuan": (np.float64, 0.0),
    "travel_yuan": (np.float64, 0.0),
    "shoot_team": (np.int32, 0),  # people actually hired for the shoot
    "unfilled": (np.int32, 0),  # person-slots left empty over all phases
}


class Productions(ColumnTable):
    """All titles ever commissioned, one row each."""

    def __init__(self, capacity: int = 1024):
        super().__init__(
            {
                **_COLUMNS,
                "days": (np.int32, 0, (len(PHASES),)),  # days of each phase
                "team": (np.int32, 0, (len(PHASES), len(ROLES))),  # people by phase and role
            },
            capacity,
        )

    def person_slots(self, ids: np.ndarray, phases: np.ndarray, day: int) -> dict:
        """The person-slots of titles ``ids`` entering ``phases`` today (``day``): one per person
        of the phase's team, title by title, role by role, as arrays ``title``, ``role``,
        ``phase``, ``region`` (the title's home region for writing, its post-production region
        for post-production, else where it shoots) and ``days`` (job length, to the phase's
        end)."""
        title, role, phase, region, days = _person_slots(
            ids, phases, day, self.team, self.home_region, self.region, self.post_region,
            self.phase_end,
        )  # fmt: skip
        return {"title": title, "role": role, "phase": phase, "region": region, "days": days}

    def finished_between(self, start_day: int, end_day: int) -> np.ndarray:
        """Ids of titles completed in [start_day, end_day)."""
        done = self.done_day
        return np.flatnonzero((self.phase == DONE) & (done >= start_day) & (done < end_day))


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

    def design(self, kind: int, free: np.ndarray) -> dict[str, np.ndarray]:
        """Phase lengths (days), teams (people) and budgets (yuan) for titles of one kind."""
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
        experienced = np.where(
            free, self.business.free_experienced_share, self.business.paid_experienced_share
        )
        return {
            "days": np.maximum(1, np.floor(days)).astype(np.int32),
            "team": np.floor(teams + rng.random(teams.shape)).astype(np.int32),
            "budget_yuan": rng.uniform(*self.budgets[kind], size=n),
            "experienced_share": experienced,
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


@numba.njit(cache=True)
def _person_slots(ids, phases, day, team, home_region, region, post_region, phase_end):
    """The body of :meth:`Productions.person_slots` (``team``: people by title, phase and
    role)."""
    n = 0
    for i in range(len(ids)):
        for r in range(team.shape[2]):
            n += team[ids[i], phases[i], r]
    title = np.empty(n, dtype=np.int64)
    role = np.empty(n, dtype=np.int64)
    phase = np.empty(n, dtype=np.int64)
    where = np.empty(n, dtype=np.int64)
    days = np.empty(n, dtype=np.int64)
    k = 0
    for i in range(len(ids)):
        t, p = ids[i], phases[i]
        if p == WRITING:
            place = home_region[t]
        elif p == POST_PRODUCTION:
            place = post_region[t]
        else:
            place = region[t]
        for r in range(team.shape[2]):
            for _ in range(team[t, p, r]):
                title[k], role[k], phase[k], where[k] = t, r, p, place
                days[k] = np.int64(phase_end[t]) - day
                k += 1
    return title, role, phase, where, days


__all__ = ["KINDS", "Productions", "TitleDesigner"]
