"""DramaLabourModel: the labour market of China's long-drama and micro-drama sectors, day by day.

Sources: the Peking University National Development Research Institute report on micro-drama
employment (2025), as reported by Economic Daily on 2026-02-05 (output, employment, team sizes,
shooting cycles, regions, business model, AI roles); NRTA statistics for 2023 long dramas; the
mechanisms of del Rio-Chanona et al. (2021, occupational mobility), Caves (2000, creative
industries) and Menger (artistic labour markets). ``docs/model.md`` describes the model in the
ODD protocol with its calibration table.

One step is one day. Workers are rows of a :class:`~sim.workforce.Workforce` (numpy arrays);
titles are rows of :class:`~sim.productions.Productions`; studios and platforms are Mesa agents.
The daily step calls one process after another in the order of the ODD process overview.
"""

import math
from collections import defaultdict

import mesa
import numpy as np

from sim.calendar import Calendar
from sim.config import DramaSimConfig
from sim.idle import IdleEvents
from sim.market import LabourMarket, add_at
from sim.metrics import Recorder
from sim.mobility import Mobility
from sim.platforms import Platform
from sim.productions import Productions, TitleDesigner
from sim.regions import Regions
from sim.roles import (
    AVAILABLE,
    DONE,
    LEFT,
    LONG,
    LONG_DRAMA,
    MICRO,
    MICRO_AI,
    MICRO_LIVE,
    PHASES,
    POST_PRODUCTION,
    PRE_PRODUCTION,
    ROLE,
    ROLES,
    SECTORS,
    SHOOTING,
    WAITING,
    WRITING,
)
from sim.spillover import InputOutput
from sim.studios import Studio
from sim.turnover import Turnover
from sim.workforce import Workforce, month_of_year

DAYS_PER_YEAR = 365
MONTH_ENDS = frozenset(
    day
    for day in range(1, DAYS_PER_YEAR + 1)
    if day == DAYS_PER_YEAR
    or month_of_year.py_func(day) != month_of_year.py_func(day - 1)  # (compiles nothing)
)
"""The days of the year (1-365) that end a month (:func:`~sim.workforce.month_of_year`): the
next day starts another month, or the year ends."""


class OpenStudios:
    """Arrays over the open micro studios: index, region, AI share, units, and the cumulative
    probability of winning a commission (in proportion to shooting units)."""

    def __init__(self, studios: list[Studio]):
        self.studios = studios
        self.index = np.array([s.index for s in studios], dtype=np.int64)
        self.region = np.array([s.region for s in studios], dtype=np.int64)
        self.ai_share = np.array([s.ai_share for s in studios])
        self.units = np.array([s.units for s in studios], dtype=np.int64)
        self.cdf = np.cumsum(self.units, dtype=float)

    def close(self, studio: Studio) -> None:
        """``studio`` closed: it wins nothing more (its units count as none)."""
        self.units[np.searchsorted(self.index, studio.index)] = 0
        self.cdf = np.cumsum(self.units, dtype=float)

    def draw(self, rng: np.random.Generator, size: int | None = None) -> np.ndarray:
        """Positions of studios winning ``size`` commissions."""
        return np.searchsorted(self.cdf, rng.random(size) * self.cdf[-1], side="right")

    def __len__(self) -> int:
        return len(self.studios)


def systematic_sample(probabilities: np.ndarray, count: int, rng) -> np.ndarray:
    """``count`` category indices whose frequencies follow ``probabilities`` as closely as
    possible (systematic sampling: one random offset, equal steps), in random order."""
    cdf = np.cumsum(probabilities) / np.sum(probabilities)
    positions = (rng.random() + np.arange(count)) / count
    return rng.permutation(np.minimum(np.searchsorted(cdf, positions, side="right"), len(cdf) - 1))


def _phases(kind) -> list:
    return [getattr(kind, name) for name in PHASES]


STREAMS = ("titles", "market", "mobility", "turnover", "studios", "population", "idle")


class DramaLabourModel(mesa.Model):
    """Labour flows between long and micro dramas.

    Args:
        config: the run's parameters; ``None`` gives the calibrated 2025 baseline.

    Attributes (beyond Mesa's): ``day`` (days simulated so far), ``workforce``, ``productions``,
    ``regions``, ``studios`` (every studio ever founded, indexed by ``Studio.index``),
    ``platforms``, ``recorder`` (monthly rows and yearly metrics), ``idle`` (the idle workers'
    events, :mod:`sim.idle`) and ``newly_idle`` (index arrays of the workers who became idle or
    changed today, watched at the end of the day by :meth:`watch_idle`).
    """

    def __init__(self, config: DramaSimConfig | None = None):
        config = config if config is not None else DramaSimConfig()
        seeds = np.random.SeedSequence([config.seed, config.replicate]).spawn(len(STREAMS) + 1)
        super().__init__(rng=np.random.default_rng(seeds[-1]))
        self.config = config
        self.scale = float(config.scale)
        self.day = 0
        self.rngs = {
            name: np.random.default_rng(s) for name, s in zip(STREAMS, seeds, strict=False)
        }
        self.regions = Regions(config)
        self.workforce = Workforce()
        self.productions = Productions()
        self.designer = TitleDesigner(config, self.rngs["titles"])
        self.io_table = InputOutput(config.spillover)
        self.phase_ends = Calendar()
        self.studio_wakeups: dict[int, set[int]] = defaultdict(set)
        self._starting: list[tuple[np.ndarray, int]] = []
        self._open_studios = None
        self.studio_closures = 0
        self.growing: list[Studio] = []  # studios adding a unit at this month's review
        self._long_backlog = 0.0
        self._long_started = 0
        self.home_region = self._home_regions()
        headcount = self._headcount()
        self._populate(headcount)
        gig_regions = np.flatnonzero(self.regions.gig_market)
        gig_pool = config.policy.gig_pool_people / self.scale
        self._populate_gig_markets(gig_regions, gig_pool)
        self.idle = IdleEvents(self.workforce, self.rngs["idle"], config.years * DAYS_PER_YEAR)
        self.market = LabourMarket(
            config, self.workforce, self.productions, self.regions, self.rngs["market"]
        )
        self.mobility = Mobility(
            config, self.workforce, self.scale, self.rngs["mobility"], self.idle
        )
        self.turnover = Turnover(
            config,
            self.workforce,
            headcount,
            self.home_region,
            gig_regions,
            gig_pool,
            self.rngs["turnover"],
            self.idle,
        )
        self.newly_idle = [np.arange(self.workforce.size)]
        self.watch_idle(first_day=0)
        self.platforms = [
            Platform(self, name, platform, i)
            for i, (name, platform) in enumerate(config.scenario.platforms.items())
        ]
        live = self.productions_kind_means()
        self.mean_live_budget_yuan = live["budget_yuan"]
        self.unit_days_mean = live["unit_days"]
        self.studios: list[Studio] = []
        self._found_micro_studios(self._units_needed(), day=0)
        n_long = math.ceil(
            self._long_titles_per_day()
            * DAYS_PER_YEAR
            / config.studios.long_titles_per_studio_per_year
        )
        for region in self.regions.draw(self.rngs["studios"], "long_location", max(n_long, 1)):
            self._new_studio(LONG, int(region), ai_share=0.0)
        # Long-drama companies never close: their indices, to draw commissions from.
        self.long_studios = np.array([s.index for s in self.studios if s.sector == LONG])
        self._warm_start_long_dramas()
        self.recorder = Recorder(self)

    # ------------------------------------------------------------------ set-up
    def _headcount(self) -> np.ndarray:
        """Initial workers by (sector, role), in simulated workers."""
        scenario = self.config.scenario
        counts = np.zeros((len(SECTORS), len(ROLES)))
        for sector, stock in ((MICRO, scenario.micro_workforce), (LONG, scenario.long_workforce)):
            for role, people in stock.items():
                counts[sector, ROLE[role]] = people / self.scale
        return counts

    def _home_regions(self) -> np.ndarray:
        """Where each (sector, role) lives: probabilities over regions, where its work is."""
        regions = self.regions
        costume = self.config.production.costume_period_share
        shoot = (1 - costume) * regions.studio_location + costume * regions.period_location
        homes = np.empty((len(SECTORS), len(ROLES), len(regions)))
        homes[MICRO] = shoot
        homes[MICRO, ROLE["screenwriter"]] = regions.studio_location
        homes[MICRO, ROLE["ai_animator"]] = regions.studio_location
        homes[MICRO, ROLE["post_production"]] = regions.post_location
        homes[LONG] = regions.long_location
        homes[LONG, ROLE["post_production"]] = regions.post_location
        return homes

    def _populate(self, headcount: np.ndarray) -> None:
        """Create the initial workforce, with experience and last jobs spread over the past."""
        rng = self.rngs["population"]
        counts = rng.poisson(headcount)
        sector, role = np.nonzero(counts)
        n = counts[sector, role]
        sector, role = np.repeat(sector, n), np.repeat(role, n)
        cdf = np.cumsum(self.home_region[sector, role], axis=1)
        region = (rng.random(len(role))[:, None] * cdf[:, -1:] >= cdf).sum(axis=1)
        self.workforce.add(
            len(role),
            role=role,
            sector=sector,
            region=region,
            tier=(rng.random(len(role)) < 0.5).astype(np.int8),
            idle_since=-rng.integers(0, 60, len(role)),
        )

    def _populate_gig_markets(self, gig_regions: np.ndarray, gig_pool: float) -> None:
        """The part-time pools of the gig markets: certified micro-drama extras."""
        n = self.rngs["population"].poisson(gig_pool, len(gig_regions))
        region = np.repeat(gig_regions, n)
        self.workforce.add(
            len(region),
            role=ROLE["extra"],
            sector=MICRO,
            region=region,
            gig=True,
            tier=1,
            origin=5,
        )

    def productions_kind_means(self) -> dict[str, float]:
        """Mean budget (yuan) and shooting-unit days of a live-action micro title."""
        production, bm = self.config.production, self.config.business_model
        live = production.micro_live
        free = bm.free_share
        shoot = (
            (live.shooting.days_min + live.shooting.days_max)
            / 2
            * (1 - free + free * bm.free_shoot_days_factor)
            * self.config.turnover.shoot_days_factor
        )
        pre = (live.pre_production.days_min + live.pre_production.days_max) / 2
        return {
            "budget_yuan": (live.budget_yuan_min + live.budget_yuan_max) / 2,
            "unit_days": pre + shoot + self.config.turnover.studio_gap_days,
        }

    def _micro_titles_per_day(self) -> float:
        return sum(p.titles_per_day * p.users for p in self.platforms)

    def _next_long_are_tv(self, count: int) -> np.ndarray:
        """Whether each of the next ``count`` long dramas is a TV series: the plan interleaves
        TV and web series so that ``scenario.long_tv_share`` of them are TV."""
        k = self._long_started + np.arange(count + 1)
        self._long_started += count
        share = self.config.scenario.long_tv_share
        return np.diff(np.floor(k * share)) > 0

    def _long_titles_per_day(self) -> float:
        scenario = self.config.scenario
        return (
            scenario.long_titles_per_year
            * (1 + scenario.long_demand_change)
            / DAYS_PER_YEAR
            / self.scale
        )

    def _units_needed(self) -> int:
        """Shooting units that meet live-action demand at the target utilisation; at least one,
        so that some studio takes the commissions (AI-made titles only need one too)."""
        live_per_day = self._micro_titles_per_day() * (1 - self.config.ai.title_share)
        needed = live_per_day * self.unit_days_mean / self.config.studios.target_utilisation
        return max(math.ceil(needed), 1)

    # ------------------------------------------------------------------ studios
    def _new_studio(self, sector: int, region: int, ai_share: float) -> Studio:
        cash = self.config.studios.founding_cash_titles * self.mean_live_budget_yuan
        studio = Studio(self, len(self.studios), sector, region, ai_share, units=1, cash_yuan=cash)
        self.studios.append(studio)
        return studio

    def _found_micro_studios(self, count: int, day: int) -> None:
        """Found ``count`` micro-drama studios and staff their core teams."""
        if count <= 0:
            return
        rng = self.rngs["studios"]
        ai = self.config.ai.title_share
        k = self.config.studios.ai_share_concentration
        ai_shares = rng.beta(ai * k, (1 - ai) * k, count) if 0 < ai < 1 else np.full(count, ai)
        regions = systematic_sample(self._location_gap(count), count, rng)
        founded = [
            self._new_studio(MICRO, int(r), float(a))
            for r, a in zip(regions, ai_shares, strict=True)
        ]
        self.hire_core_team(founded, units=1)
        self._open_studios = None

    def _location_gap(self, count: int) -> np.ndarray:
        """Where ``count`` new studios go: in proportion to how far each region's shooting
        units fall short of its share of the pull (``regions.studio_location``) once they open.
        """
        units = np.zeros(len(self.regions))
        for studio in self.studios:
            if not studio.closed and studio.sector == MICRO:
                units[studio.region] += studio.units
        gap = np.maximum(self.regions.studio_location * (units.sum() + count) - units, 0)
        return gap if gap.sum() > 0 else self.regions.studio_location

    def hire_core_team(self, studios: list[Studio] | Studio, units: int) -> None:
        """Take on in-house core members (``market.core_team`` per unit) from the studios'
        regions, or anywhere if the region has none available."""
        studios = [studios] if isinstance(studios, Studio) else studios
        wf = self.workforce
        want = [
            (s.index, ROLE[role], s.region)
            for s in studios
            for role, people in self.config.market.core_team.items()
            for _ in range(int(people * units))
        ]
        if not want:
            return
        studio, role, region = (np.array(column) for column in zip(*want, strict=True))
        hired = self.market.find_core_members(role, region, self.day)
        ok = hired >= 0
        members, studio = hired[ok], studio[ok]
        wf.employer[members] = studio
        wf.last_studio[members] = studio
        wf.core_since[members] = self.day
        wf.tier[members] = np.maximum(wf.tier[members], 1)
        wf.new_spell(members)
        self.market.note(members)  # their tier, part of their key in the candidate pool
        for index in np.unique(studio):
            self.market.add_core_members(int(index), members[studio == index])

    def close_studio(self, studio: Studio) -> None:
        """A studio goes under: its core team turn freelance, its queue goes elsewhere."""
        wf = self.workforce
        core = self.market.dissolve_core_team(studio.index)
        wf.employer[core] = -1
        wf.core_since[core] = -1
        wf.new_spell(core)
        self.newly_idle.append(core)
        queued = list(studio.queue)
        studio.queue.clear()
        studio.closed = True
        studio.remove()
        if self._open_studios is not None:
            self._open_studios.close(studio)
        self.studio_closures += 1
        for title in queued:
            self._enqueue(title, self.day)

    def open_micro_studios(self) -> "OpenStudios":
        """The open micro studios as arrays, with the chance that each wins a commission."""
        if self._open_studios is None:
            self._open_studios = OpenStudios(
                [s for s in self.agents_by_type[Studio] if s.sector == MICRO]
            )
        return self._open_studios

    # ------------------------------------------------------------------ daily processes
    def step(self) -> None:
        """One day, in the order of the ODD process overview."""
        day = self.day
        year_start = day - day % DAYS_PER_YEAR
        self.newly_idle.append(self.release_at_wrap(day, year_start))
        self.commission(day)
        self.staff_phases(day, year_start)
        self.search_and_move(day)
        self.enter_and_leave(day)
        self.day = day + 1
        if self.day - year_start in MONTH_ENDS:
            self.review_month()
            self.recorder.record_month(self.day)
        year_ends = self.day == year_start + DAYS_PER_YEAR
        if year_ends:
            self.recorder.close_year(self.day)
        self.watch_idle(first_day=self.day)
        if year_ends:  # after the watch, which reads today's rows by their numbers
            self.drop_departed()

    def run(self, progress=None) -> None:
        """Run ``config.years`` years; ``progress(day, total_days)`` is called after each day."""
        total = self.config.years * DAYS_PER_YEAR
        while self.day < total:
            self.step()
            if progress is not None:
                progress(self.day, total)

    def drop_departed(self) -> None:
        """Drop the rows of the workers who left (once a year, after the year's metrics, which
        count them): the rows of those still in the market move down, in their order, so that
        the arrays the daily kernels read at random rows stay as small as the market.

        One departed worker's row stays, as the placeholder that every remaining reference to a
        departed worker now points at (stale entries in the idle calendar, referral rings, the
        pool's index until its rebuild): like the rows it stands for it has left, and fails every
        test they failed, so the run goes on exactly as if no row had been dropped."""
        wf = self.workforce
        left = wf.status == LEFT
        if np.count_nonzero(left) < 2:
            return
        placeholder = int(np.argmax(left))
        left[placeholder] = False
        where = wf.keep(~left)
        dropped = where[:-1] < 0
        where[:-1][dropped] = where[placeholder]
        self.market.renumber(where)
        self.idle.renumber(where)
        self.mobility.renumber(where)

    def watch_idle(self, first_day: int) -> None:
        """Draw the idle events (leaving, crossing, applying for training) of the workers in
        ``newly_idle`` who are available, from ``first_day`` on; empties ``newly_idle``. A worker
        noted twice (released, then freed by a closure) is watched once."""
        if not self.newly_idle:
            return
        rows = np.sort(np.concatenate(self.newly_idle))
        first = np.ones(len(rows), dtype=bool)
        first[1:] = rows[1:] != rows[:-1]
        rows = rows[first]  # each once (faster than np.unique)
        self.newly_idle = []
        self.idle.watch(rows[self.workforce.status[rows] == AVAILABLE], first_day)

    def search_and_move(self, day: int) -> None:
        """Idle workers cross sectors or retrain (see :mod:`sim.mobility`)."""
        changed = self.mobility.search_and_move(day)
        self.market.note(changed)
        self.newly_idle.append(changed)

    def enter_and_leave(self, day: int) -> None:
        """Idle workers leave; entrants arrive (see :mod:`sim.turnover`)."""
        self.turnover.leave(day)
        entrants = self.turnover.enter(day)
        self.market.note(entrants)
        self.newly_idle.append(entrants)

    def release_at_wrap(self, day: int, year_start: int) -> np.ndarray:
        """Workers whose job ends today are free again (returned); titles move on a phase."""
        released = self.market.release_at_wrap(day, year_start)
        ids, _ = self.phase_ends.pop(day)
        prod = self.productions
        phase = prod.phase[ids]
        finished_writing = ids[phase == WRITING]
        live = finished_writing[prod.kind[finished_writing] == MICRO_LIVE]
        self._start_phase(
            finished_writing[prod.kind[finished_writing] != MICRO_LIVE], PRE_PRODUCTION, day
        )
        self._start_phase(ids[phase == PRE_PRODUCTION], SHOOTING, day)
        self._start_phase(ids[phase == SHOOTING], POST_PRODUCTION, day)
        self._finish(ids[phase == POST_PRODUCTION], day)
        woken = set()
        for title in live:
            woken.add(self._enqueue(int(title), day))
        self._wake_studios(day, woken)
        return released

    def _enqueue(self, title: int, day: int) -> int:
        """Put a scripted live-action title in its studio's queue (another studio's if closed)."""
        prod = self.productions
        studio = self.studios[prod.studio[title]]
        if studio.closed:
            studios = self.open_micro_studios()
            if not studios.units.any():  # the last open studio closed this review: found one
                self._found_micro_studios(1, day)
                studios = self.open_micro_studios()
            studio = studios.studios[int(studios.draw(self.rngs["studios"]))]
            prod.studio[title] = studio.index
            prod.home_region[title] = studio.region
        prod.phase[title] = WAITING
        studio.queue.append(title)
        return studio.index

    def _wake_studios(self, day: int, studios: set[int]) -> None:
        """Studios with a free unit and a queue start pre-production of their next titles."""
        days, gap = self.productions.days, self.config.turnover.studio_gap_days

        def unit_days(title: int) -> int:
            """Days a title holds its studio's shooting unit: pre-production, shoot, the rest."""
            return int(days[title, PRE_PRODUCTION]) + int(days[title, SHOOTING]) + gap

        started = []
        for index in studios | self.studio_wakeups.pop(day, set()):
            studio = self.studios[index]
            if studio.closed:
                continue
            for title, free_day in studio.next_shoots(day, unit_days):
                started.append(title)
                self.studio_wakeups[free_day].add(index)
        self._start_phase(np.array(started, dtype=np.int64), PRE_PRODUCTION, day)

    def _start_phase(
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

    def _finish(self, ids: np.ndarray, day: int) -> None:
        """Titles complete: platforms earn revenue, studios book profit or loss."""
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

    def commission(self, day: int) -> None:
        """Platforms commission micro dramas; long-drama companies start series."""
        rng = self.rngs["titles"]
        regions = self.regions
        orders = [platform.commission(rng) for platform in self.platforms]
        count = sum(n for n, _ in orders)
        if count:
            free = np.concatenate([f for _, f in orders])
            platform = np.repeat([p.index for p in self.platforms], [n for n, _ in orders])
            studios = self.open_micro_studios()
            pick = studios.draw(rng, count)
            home = studios.region[pick]
            ai = rng.random(count) < studios.ai_share[pick]
            costume = ~ai & (rng.random(count) < self.config.production.costume_period_share)
            shoot_region = np.where(costume, regions.draw(rng, "period_location", count), home)
            post_region = regions.draw(rng, "post_location", count)
            for kind, mask in ((MICRO_LIVE, ~ai), (MICRO_AI, ai)):
                self._new_titles(
                    kind,
                    day,
                    free=free[mask],
                    costume=costume[mask],
                    studio=studios.index[pick[mask]],
                    platform=platform[mask],
                    home_region=home[mask],
                    region=shoot_region[mask],
                    post_region=post_region[mask],
                )
        # Long dramas follow annual production plans: a steady flow, not a lottery.
        self._long_backlog += self._long_titles_per_day()
        long_count = int(self._long_backlog)
        self._long_backlog -= long_count
        if long_count:
            studio = self.long_studios[rng.integers(0, len(self.long_studios), long_count)]
            region = regions.draw(rng, "long_location", long_count)
            self._new_titles(
                LONG_DRAMA,
                day,
                free=np.zeros(long_count, bool),
                costume=False,
                studio=studio,
                platform=-1,
                home_region=region,
                region=region,
                post_region=regions.draw(rng, "post_location", long_count),
                tv=self._next_long_are_tv(long_count),
            )

    def _new_titles(self, kind: int, day: int, free: np.ndarray, **columns) -> None:
        if len(free) == 0:
            return
        ids = self.productions.add(
            len(free),
            kind=kind,
            free=free,
            commissioned_day=day,
            **self.designer.design(kind, free),
            **columns,
        )
        self._start_phase(ids, WRITING, day)

    def _warm_start_long_dramas(self) -> None:
        """Long dramas already under way on day 0, commissioned at the same rate before it.

        A long drama takes more than a year from script to delivery; without these the first
        simulated years would see too few of them finish.
        """
        rng = self.rngs["titles"]
        longest = int(sum(p.days_max for p in _phases(self.config.production.long)))
        count = round(self._long_titles_per_day() * longest)
        design = self.designer.design(LONG_DRAMA, np.zeros(count, dtype=bool))
        commissioned = -rng.integers(1, longest + 1, count)
        phase_ends = commissioned[:, None] + np.cumsum(design["days"], axis=1)
        phase = (phase_ends <= 0).sum(axis=1)
        keep = phase < DONE
        n = int(keep.sum())
        region = self.regions.draw(rng, "long_location", n)
        ids = self.productions.add(
            n,
            kind=LONG_DRAMA,
            commissioned_day=commissioned[keep],
            **{key: value[keep] if np.ndim(value) else value for key, value in design.items()},
            studio=self.long_studios[rng.integers(0, len(self.long_studios), n)],
            platform=-1,
            home_region=region,
            region=region,
            post_region=self.regions.draw(rng, "post_location", n),
            tv=self._next_long_are_tv(n),
        )
        for p in range(DONE):
            now = phase[keep] == p
            self._start_phase(ids[now], p, 0, end=phase_ends[keep][now, p])

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

    def review_month(self) -> None:
        """Monthly decisions: platforms grow, studios review their cash, new studios enter."""
        for platform in self.platforms:
            platform.grow_month()
        self.growing = []
        self.agents_by_type[Studio].shuffle_do("review_month")
        self.hire_core_team(self.growing, units=1)
        self._open_studios = None
        units = self.open_micro_studios().units.sum()
        self._found_micro_studios(self._units_needed() - units, self.day)

    def summary(self) -> dict[str, float]:
        """Metrics of the last full simulated year (see ``docs/model.md``)."""
        return self.recorder.summary()

    def timeseries(self):
        """Monthly records as a pandas DataFrame."""
        return self.recorder.timeseries()
