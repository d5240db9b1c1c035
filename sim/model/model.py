"""DramaLabourModel: the labour market of China's long-drama and micro-drama sectors, day by day.

Sources: the Peking University National Development Research Institute report on micro-drama
employment (2025), as reported by Economic Daily on 2026-02-05 (output, employment, team sizes,
shooting cycles, regions, business model, AI roles); NRTA statistics for 2023 long dramas; the
mechanisms of del Rio-Chanona et al. (2021, occupational mobility), Caves (2000, creative
industries) and Menger (artistic labour markets). ``docs/model.md`` describes the model in the
ODD protocol with its calibration table.

One step is one day. Workers are rows of a :class:`~sim.model.workforce.Workforce` (numpy
arrays); titles are rows of :class:`~sim.model.titles.Productions`; studios and platforms are Mesa
agents. The daily step calls one process after another in the order of the ODD process overview;
each process lives in the module named for it.
"""

import math
from collections import defaultdict

import mesa
import numpy as np

from sim.config import DramaSimConfig
from sim.engine.calendar import Calendar
from sim.engine.crediting import month_of_year
from sim.engine.idle import IdleEvents
from sim.model.commissioning import Commissioning
from sim.model.gig_market import GigMarket
from sim.model.hiring import LabourMarket
from sim.model.interop import configure, headline_collector
from sim.model.mobility import Mobility
from sim.model.phases import TitlePhases
from sim.model.platforms import Platform
from sim.model.population import home_regions, initial_headcount, populate
from sim.model.recorder import Recorder
from sim.model.regions import Regions
from sim.model.spillover import InputOutput
from sim.model.studio_sector import StudioSector
from sim.model.titles import ProductionPlan, Productions, TitleDesigner
from sim.model.turnover import Turnover
from sim.model.workforce import Workforce
from sim.vocabulary import AVAILABLE, DAYS_PER_YEAR, LEFT, LONG, ROLES

MONTH_ENDS = frozenset(
    day
    for day in range(1, DAYS_PER_YEAR + 1)
    if day == DAYS_PER_YEAR
    or month_of_year.py_func(day) != month_of_year.py_func(day - 1)  # (compiles nothing)
)
"""The days of the year (1-365) that end a month (:func:`~sim.engine.crediting.month_of_year`):
the next day starts another month, or the year ends."""

STREAMS = (
    "titles", "market", "mobility", "turnover", "studios", "population", "idle", "long_titles",
)  # fmt: skip
"""The run's random streams, each spawned from ``SeedSequence([seed, replicate])``; long dramas
have their own, so that a change in micro-drama commissions leaves them as they were."""


class DramaLabourModel(StudioSector, Commissioning, TitlePhases, mesa.Model):
    """Labour flows between long and micro dramas.

    Args:
        config: the run's parameters; ``None`` gives the calibrated 2025 baseline.
        rng: Mesa's seed argument: an integer is the run's ``seed`` (it may repeat a ``seed``
            keyword, not contradict it); ``None`` (what Mesa's ``batch_run`` passes by default)
            leaves ``config.seed`` or the ``seed`` keyword in charge, so runs stay reproducible.
        **parameters: config keys to change, top-level or dotted, as Mesa's ``batch_run`` and
            SolaraViz pass them: ``DramaLabourModel(scale=500, seed=1, **{"ai.title_share":
            0.3})``. Applied on top of ``config`` and checked (:func:`sim.validation.configured`):
            a bad key or value raises :class:`~sim.validation.ConfigError` naming it.

    ``datacollector`` (a ``mesa.DataCollector``, :mod:`sim.model.interop`) collects at each
    month's end: the month's employment by sector and role, titles by phase and flows, and the
    last full year's headline metrics.

    Attributes (beyond Mesa's): ``day`` (days simulated so far), ``workforce``, ``productions``,
    ``regions``, ``gig_market``, ``studios`` (every studio ever founded, indexed by
    ``Studio.index``), ``platforms``, ``recorder`` (monthly rows and yearly metrics), ``idle``
    (the idle workers' events, :mod:`sim.engine.idle`) and ``newly_idle`` (index arrays of the
    workers who became idle or changed today, watched at the end of the day by
    :meth:`watch_idle`). The processes are methods of the mixins in their own modules:
    :class:`~sim.model.studio_sector.StudioSector`,
    :class:`~sim.model.commissioning.Commissioning` and
    :class:`~sim.model.phases.TitlePhases`.
    """

    def __init__(self, config: DramaSimConfig | None = None, *, rng=None, **parameters):
        config = configure(config, rng, parameters)
        seeds = np.random.SeedSequence([config.seed, config.replicate]).spawn(len(STREAMS) + 1)
        super().__init__(rng=np.random.default_rng(seeds[-1]))
        self.datacollector = headline_collector()
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
        self.long_designer = TitleDesigner(config, self.rngs["long_titles"])
        self.plan = ProductionPlan(config)
        self.slots_due = Calendar()  # next day calls and slots kept open, by the day they open
        self.key_role = np.isin(ROLES, config.market.key_roles)
        self.slipped_titles = 0
        self.io_table = InputOutput(config.spillover)
        self.gig_market = GigMarket(config, self.regions, self.scale)
        self.phase_ends = Calendar()
        self.studio_wakeups: dict[int, set[int]] = defaultdict(set)
        self._starting: list[tuple[np.ndarray, int]] = []
        self._woken: set[int] = set()
        self._open_studios = None
        self.studio_closures = 0
        self.orders_lapsed = 0
        """Micro titles platforms ordered when every studio's order book was full (simulated)."""
        self.growing = []
        self.shrinking = []
        self._last_review_day = 0
        self._long_backlog = 0.0
        self._long_started = 0
        self._populate_workers()
        self._open_platforms_and_studios()
        self.recorder = Recorder(self, daily=config.output.timeseries == "day")

    def _populate_workers(self) -> None:
        """The initial workforce, the gig markets' pools, and the processes acting on workers."""
        config, rngs = self.config, self.rngs
        self.home_region = home_regions(config, self.regions)
        headcount = initial_headcount(config, self.scale)
        populate(
            self.workforce, headcount, self.home_region, self.regions, config, rngs["population"]
        )
        self.gig_market.populate(self.workforce, rngs["population"])
        self.idle = IdleEvents(self.workforce, rngs["idle"], config.years * DAYS_PER_YEAR)
        self.market = LabourMarket(
            config, self.workforce, self.productions, self.regions, rngs["market"]
        )
        self.mobility = Mobility(config, self.workforce, self.scale, rngs["mobility"], self.idle)
        self.turnover = Turnover(
            config,
            self.workforce,
            headcount,
            self.home_region,
            self.gig_market,
            rngs["turnover"],
            self.idle,
        )
        self.newly_idle = [np.arange(self.workforce.size)]
        self.watch_idle(first_day=0)

    def _open_platforms_and_studios(self) -> None:
        """Platforms, the micro studios that meet their demand, the long-drama companies and the
        long dramas already under way on day 0."""
        config = self.config
        self.platforms = [
            Platform(self, name, platform, i)
            for i, (name, platform) in enumerate(config.scenario.platforms.items())
        ]
        self.open_commissioning()
        live = self.live_title_means()
        self.mean_live_budget_yuan = live["budget_yuan"]
        self.unit_days_mean = live["unit_days"]
        self.studios = []
        self.found_initial_studios()
        n_long = math.ceil(
            self.long_titles_per_day()
            * DAYS_PER_YEAR
            / config.studios.long_titles_per_studio_per_year
        )
        for region in self.regions.draw(self.rngs["studios"], "long_location", max(n_long, 1)):
            self.new_studio(LONG, int(region), ai_share=0.0)
        # Long-drama companies never close: their indices, to draw commissions from.
        self.long_studios = np.array([s.index for s in self.studios if s.sector == LONG])
        self.warm_start_long_dramas()

    # ------------------------------------------------------------------ the day
    def step(self) -> None:
        """One day, in the order of the ODD process overview (``docs/model.md`` section 3):

        1. Release crews: workers whose job ends today are credited and free again.
        2. Advance titles whose phase ends today (next phase, a studio's queue, or done).
        3. Start queued shoots at studios whose shooting unit is free.
        4. Commission: platforms order micro dramas, long-drama companies start series.
        5. Staff phases: fill every person-slot of the phases that started today.
        6. Search and move: trainees finish, idle workers cross sectors or apply to retrain.
        7. Enter and leave: idle workers leave the industry, entrants arrive.
        8. At a month's end: platforms grow, day rates move, commissions follow cost and
           revenue, studios take in their records and review their cash, new studios enter by
           expected profit; the month is recorded (every day with ``output.timeseries=day``).
        9. At a year's end: the year's metrics are computed. At a month's end, Mesa's
           ``datacollector`` then collects the month's record and the last year's metrics.

        Then engine work that changes no result: 10. draw and file the idle events of the
        workers who became idle today; 11. at a year's end, drop the rows of departed workers.
        """
        day = self.day
        year_start = day - day % DAYS_PER_YEAR
        self.release_crews(day, year_start)
        self.advance_titles(day)
        self.start_queued_shoots(day)
        self.commission(day)
        self.staff_phases(day, year_start)
        self.search_and_move(day)
        self.enter_and_leave(day)
        self.day = day + 1
        year_ends = self.day == year_start + DAYS_PER_YEAR
        month_ends = self.day - year_start in MONTH_ENDS
        if month_ends:
            self.end_month()
        if month_ends or self.recorder.daily:
            self.recorder.record(self.day)
        if year_ends:
            self.recorder.close_year(self.day)
        if month_ends:  # after the year's metrics, which it reports
            self.datacollector.collect(self)
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

    def search_and_move(self, day: int) -> None:
        """Idle workers cross sectors or retrain (see :mod:`sim.model.mobility`)."""
        changed = self.mobility.search_and_move(day)
        self.market.note(changed)
        self.newly_idle.append(changed)

    def enter_and_leave(self, day: int) -> None:
        """Idle workers leave; entrants arrive (see :mod:`sim.model.turnover`)."""
        self.turnover.leave(day)
        entrants = self.turnover.enter(day)
        self.market.note(entrants)
        self.newly_idle.append(entrants)

    def end_month(self) -> None:
        """Monthly decisions: platforms grow their users, day rates
        move with each role's tightness and entry follows pay
        (:mod:`sim.model.pay`), the commission index follows the cost and revenue of a title
        (:meth:`adjust_commissions`), studios review their records and cash and new studios
        enter (:meth:`review_studios`)."""
        for platform in self.platforms:
            platform.grow_month()
        self.market.pay.adjust_month(self.free_workers())
        self.turnover.follow_pay(self.market.pay.multiplier)
        self.adjust_commissions()
        self.review_studios()

    def free_workers(self) -> np.ndarray:
        """Free workers (available, no employer) by cell (sector, role) of
        :meth:`DayRates.cells`."""
        return self.workforce.census()[AVAILABLE, :, :, 0, :].sum(axis=-1)

    # ------------------------------------------------------------------ engine work
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

    # ------------------------------------------------------------------ outputs
    def summary(self) -> dict[str, float]:
        """Metrics of the last full simulated year (see ``docs/model.md``)."""
        return self.recorder.summary()

    def timeseries(self):
        """The time series (a row a month, or a day with ``output.timeseries=day``) as a pandas
        DataFrame."""
        return self.recorder.timeseries()
