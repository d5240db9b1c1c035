"""A per-agent reference of dramasim's worker rules, written as a plain Mesa 3.5 user would.

:class:`ReferenceModel` subclasses :class:`~sim.model.model.DramaLabourModel`, so platforms,
studios, titles, commissioning, regions, spillover and the recorder are the same code. Only the
worker-level processes are replaced, by per-agent Python:

* every worker is a :class:`WorkerAgent` (a ``mesa.Agent``) holding its own attributes;
* each day ``workers.shuffle_do("step")`` lets every worker finish training, cross from long to
  micro dramas, apply for AI-animator training and decide whether to leave, with a Bernoulli
  draw a day at the probabilities of :mod:`sim.model.mobility` and :mod:`sim.model.turnover` from
  the day
  after the worker became idle or changed (:mod:`sim.engine.idle` draws the same events as waiting
  times);
* :class:`PerAgentMarket` hires by looping over the day's person-slots, stage by stage with the
  preferences of :mod:`sim.model.hiring` (core team, referral ties, local experienced, local,
  travellers with gig-market members first, recruits on the spot; a referral tie is a last job
  with the hiring studio, in the worker's sector, by someone among its latest
  ``market.referral_memory_hires`` hires), picking at random from Python lists of free
  agents grouped by what the stage matches on; it releases crews at wrap by looping over the
  agents;
* studios' core-team hiring and closure loop over agents too; entrants become new agents.

It is a competent per-agent implementation, not a strawman: candidates are grouped in dicts of
lists (no scan of the whole workforce per slot), and Python numbers, not numpy scalars, are used
in the per-agent code.

The daily step is the shared :meth:`DramaLabourModel.step`; the reference overrides its worker
processes (``search_and_move``, ``enter_and_leave``) and the market it calls.

Randomness: the worker rules draw from ``model.random`` (Mesa's stdlib generator, which also
shuffles the agents), Poisson counts of entrants from ``model.rng``. The shared processes keep
their own numpy streams. The two models therefore start from the identical initial state for the
same seed (the shared set-up builds it), then diverge in detail and agree only statistically.

Bookkeeping: the shared :class:`~sim.model.recorder.Recorder` reads the
:class:`~sim.model.workforce.Workforce`
arrays, so the agents write their state back into the rows they came from before each monthly
record and yearly close (and a leaving worker writes its final state when it leaves); after the
year is closed (the arrays' yearly counters zeroed) the agents read their state back. This costs
one pass over the agents a month and lets the same recorder compute the same metrics. The rows
are never read by the per-agent rules themselves.
"""

import math
from collections import defaultdict, deque

import mesa
import numpy as np

from sim.config import DramaSimConfig
from sim.model import DramaLabourModel
from sim.model.openings_flow import OpeningsFlow
from sim.model.pay import DayRates
from sim.model.population import draw_profiles, initial_headcount
from sim.model.recorder import Recorder
from sim.model.studios import Studio
from sim.model.workforce import COLUMNS
from sim.vocabulary import (
    AVAILABLE,
    DAYS_PER_YEAR,
    LEFT,
    LONG,
    MICRO,
    ORIGIN,
    PHASES,
    RETRAINING,
    ROLE,
    ROLES,
    SECTORS,
    WORKING,
)

AI_ANIMATOR = ROLE["ai_animator"]
CAST = (ROLE["lead_actor"], ROLE["supporting_actor"])
NO_ONE = -1


def month(day: int, year_start: int) -> int:
    """Month 0-11 of ``day`` within the year starting at ``year_start`` (as the arrays do)."""
    return min(max((day - year_start) * 12 // DAYS_PER_YEAR, 0), 11)


class WorkerAgent(mesa.Agent):
    """One worker. Its attributes are the columns of :mod:`sim.model.workforce` (``role``, ``tier``,
    ``region``, ``sector``, ``status``, ``employer``, ``last_studio``, ``production``,
    ``job_end``, ``idle_since``, the year's ``days_micro``/``days_long``/``titles_micro``/...,
    ``income_yuan`` and the rest) as plain Python numbers, plus ``row`` (its row in the shared
    arrays) and ``training_end`` (day its AI-animator training ends)."""

    def __init__(self, model: "ReferenceModel", row: int, **attributes):
        super().__init__(model)
        self.row = row
        self.training_end = NO_ONE
        for name, value in attributes.items():
            setattr(self, name, value)

    # ------------------------------------------------------------------ daily decisions
    def step(self) -> None:
        """Finish training, or (if idle and freelance) search and move, then maybe leave.

        A worker who became idle or changed today (released, graduated, crossed; an entrant
        arrives after the step) faces these hazards from tomorrow on, as in :mod:`sim.engine.idle`.
        """
        day = self.model.day
        if self.status == RETRAINING:
            if day >= self.training_end:
                self.finish_training(day)
            return
        if self.status != AVAILABLE or self.employer >= 0:
            return  # working, or an in-house core member: employees neither move nor leave
        if self.last_release == day:
            return  # released today
        idle_days = day - self.idle_since
        if not self.search_and_move(idle_days):
            self.maybe_leave(day, idle_days)

    def search_and_move(self, idle_days: int) -> bool:
        """Long-drama workers idle long enough may cross to micro dramas; micro-drama workers
        idle long enough may apply for AI-animator training (if a place is free). Returns
        whether the worker crossed or started training."""
        model = self.model
        config, mobility = model.config, model.mobility
        if (
            self.sector == LONG
            and idle_days > config.turnover.cross_after_idle_days
            and self.random.random() < config.turnover.cross_prob_per_day
        ):
            targets, weights = mobility.crossing[self.role]
            self.role = self.random.choices(targets, weights)[0]
            self.sector = MICRO
            mobility.long_to_micro += 1
            return True
        if self.sector == MICRO and idle_days > config.ai.retrain_after_idle_days:
            weight = mobility.retrain_weight[self.role]
            if (
                weight > 0
                and self.random.random() < config.ai.retrain_apply_prob_per_day * weight
                and mobility.places >= 1
            ):
                mobility.places -= 1
                mobility.trainees += 1
                self.status = RETRAINING
                self.training_end = model.day + config.ai.training_days
                return True
        return False

    def finish_training(self, day: int) -> None:
        self.role = AI_ANIMATOR
        self.tier = 0
        self.status = AVAILABLE
        self.idle_since = day
        self.model.mobility.retrained += 1

    def maybe_leave(self, day: int, idle_days: int) -> None:
        """Leave with the base hazard, raised once idle past the sector's patience."""
        turnover = self.model.config.turnover
        patience = (
            turnover.long_idle_exit_after_days
            if self.sector == LONG
            else turnover.idle_exit_after_days
        )
        hazard = turnover.annual_exit_rate / 365
        if idle_days > patience:
            hazard += turnover.idle_exit_prob_per_day
        if self.gig:
            hazard *= self.model.config.policy.gig_exit_factor
        if self.random.random() < hazard:
            self.leave()

    def leave(self) -> None:
        self.status = LEFT
        self.model.turnover.exits += 1
        self.write_back()
        del self.model.worker_at[self.row]
        self.remove()

    # ------------------------------------------------------------------ jobs
    def start_job(self, title: int, studio: int, day: int, days: int) -> None:
        """Go to work on ``title`` for ``days`` days (the market's bookkeeping of a hire)."""
        market = self.model.market
        if self.last_release >= 0:
            market.idle_spell_days += day - self.last_release
            market.idle_spells += 1
        market.hires += 1
        if self.production != title:
            if self.sector == MICRO:
                self.titles_micro += 1
            else:
                self.titles_long += 1
            self.titles_total += 1
        if self.titles_total >= self.model.config.turnover.promotion_titles:
            self.tier = max(self.tier, 1)
        self.status = WORKING
        self.production = title
        self.job_start = day
        self.credited_from = day
        self.job_end = day + days
        self.last_studio = studio
        self.contracts += 1

    def credit(self, until_day: int, year_start: int) -> None:
        """Count the days (and income) of the current job up to ``until_day``."""
        start = self.credited_from
        days = until_day - start
        self.income_yuan += days * self.model.market.pay.current[self.role]
        if self.sector == MICRO:
            self.days_micro += days
        else:
            self.days_long += days
        first, last = month(start, year_start), month(max(until_day - 1, start), year_start)
        self.months_worked |= (1 << (last + 1)) - (1 << first)
        self.credited_from = until_day

    def release(self, day: int, year_start: int) -> None:
        self.credit(day, year_start)
        self.status = AVAILABLE
        self.last_release = day
        self.idle_since = day

    def write_back(self) -> None:
        """Copy this worker's attributes into its row of the shared arrays."""
        workforce = self.model.workforce
        for name in COLUMNS:
            getattr(workforce, name)[self.row] = getattr(self, name)


class AgentCoreTeams:
    """The shared close_studio asks for a closing studio's core team rows; in this model the
    agents' own ``employer`` is the record (see ReferenceModel.close_studio): none here."""

    def dissolve(self, studio: int) -> np.ndarray:
        return np.empty(0, dtype=np.int64)


def key_code(key: tuple) -> int:
    """An integer code of a hiring key, (sector, role) or (sector, role, region), for the flow
    of openings (one code per key within a stage)."""
    sector, role, *region = key
    return (sector * len(ROLES) + role) * 64 + (region[0] if region else 0)


class PerAgentMarket:
    """The labour market of :mod:`sim.model.hiring`, slot by slot and agent by agent."""

    def __init__(self, model: "ReferenceModel"):
        self.model = model
        config = model.config
        self.pay = DayRates(config)  # the shared pay rule: rates and availability by role
        self.travelling_role = [role not in config.market.local_only_roles for role in ROLES]
        self.travel_yuan_per_day = model.regions.travel_yuan_per_day.tolist()
        # Each studio remembers its latest hires with the tie (studio, role, sector) each was
        # hired under, as sim.model.hiring does (the referral rule).
        self.recent_hires: dict[int, deque[tuple[WorkerAgent, tuple]]] = defaultdict(
            lambda: deque(maxlen=model.config.market.referral_memory_hires)
        )
        # Cumulative counters (simulated people or person-days), read by the shared recorder.
        self.hires = 0
        self.travel_hires = 0
        self.recruits = 0
        self.unfilled = 0
        self.openings = 0
        self.away_hires = 0
        self.booked_days = np.zeros((len(SECTORS), len(PHASES)), dtype=np.int64)
        self.idle_spell_days = 0
        self.idle_spells = 0
        self.core_teams = AgentCoreTeams()
        window = config.market.openings_window_days
        self.flows = {stage: OpeningsFlow(window) for stage in ("local", "national")}

    def staff(self, slots: dict[str, np.ndarray], day: int, year_start: int) -> np.ndarray:
        """Fill the day's person-slots in the six stages; returns each slot's worker row or -1."""
        model = self.model
        rnd = model.random
        config = model.config
        title = slots["title"].tolist()
        role = slots["role"].tolist()
        sector = slots["sector"].tolist()
        studio = slots["studio"].tolist()
        region = slots["region"].tolist()
        days = slots["days"].tolist()
        experienced = slots["experienced"].tolist()
        n = len(title)
        hired: list[WorkerAgent | None] = [None] * n
        next_call = slots["next_call"].tolist()
        reach = self.pay.reach.tolist()

        def hire(agent: WorkerAgent, p: int) -> None:
            agent.start_job(title[p], studio[p], day, days[p])
            hired[p] = agent
            self.recent_hires[studio[p]].append((agent, (studio[p], agent.role, agent.sector)))

        def fill(positions, slot_key, pool, worker_key) -> list[int]:
            """Give each slot of ``positions`` a random still-free worker of the same key."""
            wanted = {slot_key(p) for p in positions}
            candidates = defaultdict(list)
            for agent in pool:
                if agent.status == AVAILABLE:
                    key = worker_key(agent)
                    if key in wanted:
                        candidates[key].append(agent)
            filled = []
            for p in positions:
                group = candidates.get(slot_key(p))
                if group:
                    i = rnd.randrange(len(group))
                    group[i], group[-1] = group[-1], group[i]
                    hire(group.pop(), p)
                    filled.append(p)
            return filled

        def flow_of(positions, slot_key, flow) -> dict:
            """Count the openings at ``positions`` by key into ``flow``; returns each key's mean
            daily openings."""
            counts = defaultdict(int)
            for p in positions:
                counts[slot_key(p)] += 1
            keys = sorted(counts)
            means = flow.add(
                np.array([key_code(k) for k in keys], dtype=np.int64),
                np.array([counts[k] for k in keys], dtype=float),
                day,
            )
            return dict(zip(keys, means.tolist(), strict=True))

        def applied(positions, slot_key, pool, worker_key, mean) -> list[int]:
            """Urn-ball search: the key's free workers, each reachable today with the role's
            availability, apply to one of the openings they see at random, so many as the key's
            flow of openings (``mean``, by key); returns the slots that draw an applicant."""
            searchers = defaultdict(int)
            for agent in pool:
                if agent.status == AVAILABLE:
                    searchers[worker_key(agent)] += 1
            return [
                p
                for p in positions
                if rnd.random()
                < -math.expm1(-searchers[slot_key(p)] * reach[role[p]] / mean[slot_key(p)])
            ]

        def still_open(condition=None) -> list[int]:
            return [p for p in range(n) if hired[p] is None and (condition is None or condition(p))]

        def tie(p):
            return studio[p], role[p], sector[p]

        def place(p):
            return sector[p], role[p], region[p]

        def sector_role(p):
            return sector[p], role[p]

        available = [a for a in model.workers if a.status == AVAILABLE]
        free = [a for a in available if a.employer < 0]
        # 1. the studio's own core team (a tie counts only within the worker's sector)
        fill(
            still_open(),
            tie,
            [a for a in available if a.employer >= 0],
            lambda a: (a.employer, a.role, a.sector),
        )
        # 2. referral ties: free people among the studio's latest hires, still tied to it as hired
        # (no other job, no change of role or sector since)
        referral_share = config.market.referral_share
        # each agent once, in a fixed order (a set of agents would iterate in memory order,
        # which differs from one process to the next)
        tied = dict.fromkeys(
            a
            for s in sorted(set(studio))
            for a, hired_as in self.recent_hires.get(s, ())
            if a.employer < 0 and (a.last_studio, a.role, a.sector) == hired_as
        )
        remembered = list(tied)  # called directly: the open search's availability does not apply
        fill(
            still_open(lambda p: (rnd.random() < referral_share) or next_call[p]),
            tie,
            remembered,
            lambda a: (a.last_studio, a.role, a.sector),
        )
        self.to_market = [hired[p] is None for p in range(n)]  # openings: not filled in-house
        # the openings: slots that reach the market, each searched once by local searchers
        openings = still_open()
        local_mean = flow_of(openings, place, self.flows["local"])
        national_mean = flow_of(openings, sector_role, self.flows["national"])
        by_place = (place, free, lambda a: (a.sector, a.role, a.region))
        searched = applied(openings, *by_place, local_mean)
        # 3. local experienced workers for the openings reserved for experience; 4. any local one
        fill(
            [p for p in searched if experienced[p]],
            place,
            [a for a in free if a.tier >= 1],
            lambda a: (a.sector, a.role, a.region),
        )
        fill([p for p in searched if hired[p] is None], *by_place)
        # 5. travellers, gig-market members dispatched first
        travel_share = config.market.travel_share
        travels = still_open(lambda p: rnd.random() < travel_share)
        dispatch = bool(config.policy.gig_dispatch)
        gig = [a for a in free if a.gig and dispatch]
        not_gig = [a for a in free if not (a.gig and dispatch)]
        for pool in (gig, not_gig):
            positions = [
                p
                for p in travels
                if hired[p] is None and (pool is gig or self.travelling_role[role[p]])
            ]
            by_key = (sector_role, pool, lambda a: (a.sector, a.role))
            if pool is not gig:
                positions = applied(positions, *by_key, national_mean)
            filled = fill(positions, *by_key)
            for p in filled:
                self.travel_hires += 1
                cost = self.travel_yuan_per_day[hired[p].region][region[p]] * days[p]
                model.productions.travel_yuan[title[p]] += cost
        # 6. newcomers recruited on the spot
        shortage_share = min(
            1.0, config.turnover.shortage_entry_share * config.scenario.labour_supply
        )
        open_to_newcomers = config.turnover.shortage_entry_roles
        for p in still_open(
            lambda p: rnd.random() < (shortage_share if ROLES[role[p]] in open_to_newcomers else 0)
        ):
            self.recruits += 1
            profile = draw_profiles(config, ORIGIN["on_set_recruit"], 1, day, model.rngs["market"])
            agent = model.add_worker(
                role=role[p],
                sector=sector[p],
                region=region[p],
                origin=ORIGIN["on_set_recruit"],
                entered_day=day,
                idle_since=day,
                born_day=int(profile["born_day"][0]),
                college=bool(profile["college"][0]),
            )
            hire(agent, p)
        return np.array([NO_ONE if a is None else a.row for a in hired], dtype=np.int64)

    def count_openings(self, slots: dict, hired: np.ndarray, fresh: np.ndarray) -> None:
        """The shared tallies of today's openings (see ``LabourMarket.count_openings``), slot
        by slot."""
        for p in range(len(hired)):
            if fresh[p] and self.to_market[p]:
                self.openings += 1
                self.unfilled += int(hired[p] < 0)
                self.pay.tally(*(slots[key][p : p + 1] for key in ("sector", "role")))
            if hired[p] >= 0:
                agent = self.model.worker_at[int(hired[p])]
                self.booked_days[slots["sector"][p], slots["phase"][p]] += slots["days"][p]
                self.away_hires += int(agent.region != slots["region"][p])

    def release_at_wrap(self, day: int, year_start: int) -> np.ndarray:
        """Free every worker whose job ends today; returns their rows."""
        released = []
        for agent in self.model.workers:
            if agent.status == WORKING and agent.job_end == day:
                agent.release(day, year_start)
                released.append(agent.row)
        return np.array(released, dtype=np.int64)

    def credit(self, rows: np.ndarray, until_day: int, year_start: int) -> None:
        """Credit the running jobs of the workers in ``rows`` (the recorder's year close)."""
        for row in rows.tolist():
            agent = self.model.worker_at[row]
            agent.credit(until_day, year_start)
            agent.write_back()


class PerAgentMobility:
    """What the workers' search-and-move decisions share: the mobility network as lists,
    the training places, and the counters the recorder reads."""

    def __init__(self, config: DramaSimConfig, scale: float):
        network = config.market.mobility
        # Crossing keeps to the roles a worker can take without training (AI animators stay).
        self.crossing = {}
        for code, name in enumerate(ROLES):
            edges = {t: w for t, w in network.get(name, {}).items() if t != "ai_animator"}
            if name == "ai_animator":
                edges = {"ai_animator": 1.0}
            self.crossing[code] = ([ROLE[t] for t in edges], list(edges.values()))
        self.retrain_weight = [
            0.0 if name == "ai_animator" else network.get(name, {}).get("ai_animator", 0.0)
            for name in ROLES
        ]
        self.places_per_day = config.ai.training_places_per_year / 365 / scale
        self.places = 0.0
        self.long_to_micro = 0
        self.trainees = 0
        self.retrained = 0

    def open_training_places(self) -> None:
        """Today's new training places (unused places carry over, up to a month's worth)."""
        self.places = min(self.places + self.places_per_day, max(self.places_per_day * 30, 1.0))


class PerAgentTurnover:
    """Entrants from outside pools become new agents; exits are counted by the agents."""

    def __init__(self, model: "ReferenceModel"):
        self.model = model
        config = model.config
        rate = config.turnover.annual_entry_rate / 365
        self.base_entrants_per_day = initial_headcount(config, model.scale) * rate
        self.entrants_per_day = self.base_entrants_per_day.tolist()
        self.home_weights = model.home_region.tolist()
        self.gig_regions = model.gig_market.regions.tolist()
        self.gig_entrants_per_day = model.gig_market.entrants_per_day(rate)
        origins = config.market.cast_entrant_origins
        self.cast_origins = [ORIGIN[name] for name in origins]
        self.cast_origin_weights = list(origins.values())
        self.entries = 0
        self.exits = 0

    def follow_pay(self, multiplier: np.ndarray) -> None:
        """Entrants by role follow pay (the shared rule of sim.model.turnover)."""
        elasticity = self.model.config.turnover.entry_pay_elasticity
        self.entrants_per_day = (self.base_entrants_per_day * multiplier**elasticity).tolist()

    def enter(self, day: int) -> None:
        model = self.model
        rnd = model.random
        regions = range(len(model.regions))
        for sector in range(len(SECTORS)):
            for role in range(len(ROLES)):
                for _ in range(int(model.rng.poisson(self.entrants_per_day[sector][role]))):
                    if role in CAST:
                        origin = rnd.choices(self.cast_origins, self.cast_origin_weights)[0]
                    elif role == ROLE["extra"]:
                        origin = ORIGIN["local_part_time"]
                    else:
                        origin = ORIGIN["graduates"]
                    region = rnd.choices(regions, self.home_weights[sector][role])[0]
                    self.add(day, role=role, sector=sector, region=region, origin=origin)
        for region in self.gig_regions:
            for _ in range(int(model.rng.poisson(self.gig_entrants_per_day))):
                self.add(
                    day,
                    role=ROLE["extra"],
                    sector=MICRO,
                    region=region,
                    origin=ORIGIN["gig_market"],
                    gig=True,
                    tier=1,
                )

    def add(self, day: int, **attributes) -> None:
        self.entries += 1
        model = self.model
        profile = draw_profiles(model.config, attributes["origin"], 1, day, model.rngs["turnover"])
        model.add_worker(
            entered_day=day,
            idle_since=day,
            born_day=int(profile["born_day"][0]),
            college=bool(profile["college"][0]),
            **attributes,
        )


class ReferenceRecorder(Recorder):
    """The shared recorder, with the agents written into the arrays before it reads them."""

    def record(self, day: int) -> None:
        self.model.write_workers_to_arrays()
        super().record(day)

    def close_year(self, year_end: int) -> None:
        self.model.write_workers_to_arrays()
        super().close_year(year_end)
        self.model.read_workers_from_arrays()


class ReferenceModel(DramaLabourModel):
    """:class:`~sim.model.model.DramaLabourModel` with per-agent workers (see the module docstring).

    ``workers`` is the AgentSet of :class:`WorkerAgent`; ``worker_at`` maps a row of the shared
    arrays to its (still active) agent.
    """

    def __init__(self, config: DramaSimConfig | None = None):
        self.worker_at: dict[int, WorkerAgent] | None = None
        super().__init__(config)  # the shared set-up builds the initial workforce as arrays
        workforce = self.workforce
        columns = {name: getattr(workforce, name).tolist() for name in COLUMNS}
        self.worker_at = {}
        for row in range(workforce.size):
            if columns["status"][row] != LEFT:
                attributes = {name: values[row] for name, values in columns.items()}
                self.worker_at[row] = WorkerAgent(self, row, **attributes)
        self.market = PerAgentMarket(self)
        self.mobility = PerAgentMobility(self.config, self.scale)
        self.turnover = PerAgentTurnover(self)
        self.recorder = ReferenceRecorder(self, daily=self.recorder.daily)

    @property
    def workers(self) -> mesa.agent.AgentSet:
        return self.agents_by_type[WorkerAgent]

    def add_worker(self, **attributes) -> WorkerAgent:
        """A new worker: a new row in the shared arrays and a new agent."""
        row = int(self.workforce.add(1, **attributes)[0])
        values = {name: getattr(self.workforce, name)[row].item() for name in COLUMNS}
        agent = WorkerAgent(self, row, **values)
        self.worker_at[row] = agent
        return agent

    # ------------------------------------------------------------------ worker processes
    def search_and_move(self, day: int) -> None:
        """Every worker acts in random order: finishes training, searches and moves, or
        leaves (see :meth:`WorkerAgent.step`)."""
        self.mobility.open_training_places()
        self.workers.shuffle_do("step")

    def enter_and_leave(self, day: int) -> None:
        """Entrants arrive; leaving was decided in each worker's step."""
        self.turnover.enter(day)

    def watch_idle(self, first_day: int) -> None:
        """Nothing to schedule: agents draw their idle decisions every day in their step."""
        self.newly_idle = []

    def free_workers(self) -> np.ndarray:
        """Free agents (available, no employer) by cell (sector, role)."""
        free = [a for a in self.workers if a.status == AVAILABLE and a.employer < 0]
        return self.market.pay.cells(
            *(np.array([getattr(a, key) for a in free], dtype=np.int64)
              for key in ("sector", "role"))
        )  # fmt: skip

    def drop_departed(self) -> None:
        """Every worker keeps its row for the whole run (a departed agent is simply gone)."""

    # ------------------------------------------------------------------ studios' core teams
    def hire_core_team(self, studios: list[Studio] | Studio, units: int) -> None:
        """Per-agent version of the shared method: local free micro workers first, then any."""
        if self.worker_at is None:  # still in the shared set-up: agents do not exist yet
            super().hire_core_team(studios, units)
            return
        studios = [studios] if isinstance(studios, Studio) else studios
        wants = [
            (studio, ROLE[role])
            for studio in studios
            for role, people in self.config.market.core_team.items()
            for _ in range(int(people * units))
        ]
        free = [
            a
            for a in self.workers
            if a.status == AVAILABLE and a.employer < 0 and a.sector == MICRO and not a.gig
        ]
        for local in (True, False):
            candidates = defaultdict(list)
            for agent in free:
                if agent.employer < 0:
                    candidates[(agent.role, agent.region) if local else agent.role].append(agent)
            still_wanted = []
            for studio, role in wants:
                group = candidates.get((role, studio.region) if local else role)
                if not group:
                    still_wanted.append((studio, role))
                    continue
                i = self.random.randrange(len(group))
                group[i], group[-1] = group[-1], group[i]
                agent = group.pop()
                agent.employer = studio.index
                agent.last_studio = studio.index
                agent.core_since = self.day
                agent.tier = max(agent.tier, 1)
            wants = still_wanted

    def shrink_core_team(self, studio: Studio) -> None:
        """Per-agent version of the shared method: a unit's worth of the members who joined
        last turn freelance."""
        per_unit = sum(int(people) for people in self.config.market.core_team.values())
        members = [a for a in self.workers if a.employer == studio.index]
        members.sort(key=lambda agent: agent.core_since)
        for agent in members[max(len(members) - per_unit, 0) :]:
            agent.employer = NO_ONE
            agent.core_since = NO_ONE

    def close_studio(self, studio: Studio) -> None:
        for agent in self.workers:
            if agent.employer == studio.index:
                agent.employer = NO_ONE
                agent.core_since = NO_ONE
        super().close_studio(studio)

    # ------------------------------------------------------------------ shared arrays
    def write_workers_to_arrays(self) -> None:
        """Copy every active agent's attributes into its row (for the shared recorder)."""
        agents = list(self.workers)
        rows = np.array([a.row for a in agents], dtype=np.int64)
        for name in COLUMNS:
            getattr(self.workforce, name)[rows] = [getattr(a, name) for a in agents]

    def read_workers_from_arrays(self) -> None:
        """Copy the rows back into the agents (after the recorder closed the year)."""
        columns = {name: getattr(self.workforce, name).tolist() for name in COLUMNS}
        for agent in self.workers:
            for name, values in columns.items():
                setattr(agent, name, values[agent.row])


def workers_alive(model: DramaLabourModel) -> int:
    """Workers in the labour market (not left), for either model."""
    if isinstance(model, ReferenceModel):
        return len(model.workers)
    return int(np.count_nonzero(model.workforce.status != LEFT))


__all__ = ["PerAgentMarket", "ReferenceModel", "WorkerAgent", "workers_alive"]
