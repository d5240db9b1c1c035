"""Typed configuration of a dramasim run.

The dataclasses below are the single source of truth for every parameter: their defaults are the
calibrated 2025 baseline, their docstrings give units, and each numeric field carries its allowed
range in ``metadata["range"]`` (inclusive bounds, ``None`` for unbounded). Hydra registers them as
schemas (see :mod:`sim.run.app`), so YAML files in ``configs/`` are type-checked against them, and
:func:`sim.run.validation.validate` checks ranges and consistency before any simulation starts.

The model itself only ever sees a :class:`DramaSimConfig` instance: it knows nothing of Hydra.
Headcounts and title counts are in real people and real titles; the model divides them by
``scale`` internally.
"""

from dataclasses import dataclass, field
from typing import Any

UNIT = (0.0, 1.0)
POSITIVE = (0.0, None)


def number(default: Any, low: float | None, high: float | None, unit: str = "") -> Any:
    """A numeric field whose allowed closed range [low, high] is checked by validation."""
    return field(default=default, metadata={"range": (low, high), "unit": unit})


def share(default: float) -> Any:
    """A field holding a share or probability in [0, 1]."""
    return number(default, *UNIT, unit="share")


def table(values: dict) -> Any:
    """A dict field (by role or by region) with a mutable default."""
    return field(default_factory=lambda: dict(values))


@dataclass
class RegionConfig:
    """One production cluster (a node of the region graph)."""

    label: str = ""
    """name shown in tables and figures"""
    cost_index: float = number(1.0, 0.1, 10.0, "relative to the national average")
    period_sets: float = number(0.01, 0.0, 1.0, "quality of period-costume sets, 0-1")
    post_capacity: float = number(1.0, 0.0, None, "relative weight of post-production capacity")
    studio_pull: float = number(1.0, 0.0, None, "relative weight of micro studios locating here")
    long_share: float = number(0.1, 0.0, None, "relative weight of long-drama productions")


def _regions_2025() -> dict[str, RegionConfig]:
    """The production clusters named in the 2025 reporting (docs/sources.md, Regions)."""
    return {
        "henan": RegionConfig("Henan / Zhengzhou", 0.80, 0.02, 0.6, 3.0, 0.05),
        "hengdian": RegionConfig("Hengdian / Jinhua", 0.95, 1.00, 0.5, 0.9, 0.30),
        "xian": RegionConfig("Xi'an", 0.85, 0.08, 5.0, 1.0, 0.08),
        "hangzhou": RegionConfig("Hangzhou", 1.15, 0.01, 1.0, 1.4, 0.10),
        "quzhou": RegionConfig("Quzhou / Qujiang", 0.75, 0.01, 0.2, 0.35, 0.02),
        "beijing": RegionConfig("Beijing", 1.60, 0.01, 1.0, 0.9, 0.25),
        "shanghai": RegionConfig("Shanghai", 1.60, 0.01, 0.9, 0.9, 0.15),
        "rest": RegionConfig("Rest of China", 0.90, 0.01, 1.3, 3.3, 0.05),
    }


@dataclass
class PlatformConfig:
    """One streaming platform that commissions micro dramas."""

    user_share: float = number(0.2, 0.0, 1.0, "share of micro-drama viewers")
    free_offset: float = number(
        0.0, -1.0, 1.0, "tilt: the platform's free share is free_share ** exp(-2 free_offset)"
    )
    abroad: bool = False
    """Releases abroad: its titles need overseas versions (localisation, cross-cultural
    operation) in their release phase."""


def _platforms_2025() -> dict[str, PlatformConfig]:
    """Stylised platform mix of 2025: free-first apps, short-video apps, paid mini-programs."""
    return {
        "free_app": PlatformConfig(0.35, 0.35),
        "short_video_a": PlatformConfig(0.25, 0.05),
        "short_video_b": PlatformConfig(0.20, -0.10),
        "paid_mini_programs": PlatformConfig(0.15, -0.45),
        "overseas": PlatformConfig(0.05, -0.40, abroad=True),
    }


@dataclass
class WorkerProfile:
    """Age and education of the people an origin brings into the market (an assumption within
    the ranges reported for Zhengzhou's micro-drama workers; docs/sources.md, regions)."""

    age_mean: float = number(27.0, 16.0, 70.0, "years")
    age_sd: float = number(5.0, 0.0, 30.0, "years")
    college_share: float = share(0.5)


def _profiles_2025() -> dict[str, WorkerProfile]:
    """By origin: film and TV people before micro dramas (``initial``: the long-drama workforce
    and micro crossovers from it), graduates, live streamers and short-video creators,
    local part-timers, gig-market members and on-set recruits."""
    return {
        "initial": WorkerProfile(29.0, 7.0, 0.55),
        "graduates": WorkerProfile(23.0, 1.5, 0.9),
        "live_streaming": WorkerProfile(25.0, 4.0, 0.45),
        "short_video": WorkerProfile(26.0, 5.0, 0.5),
        "local_part_time": WorkerProfile(34.0, 11.0, 0.2),
        "gig_market": WorkerProfile(34.0, 11.0, 0.2),
        "on_set_recruit": WorkerProfile(30.0, 10.0, 0.3),
    }


@dataclass
class ScenarioConfig:
    """Demand, workforce stocks, regions and platforms of the simulated market (real units)."""

    name: str = "baseline_2025"
    """the scenario's name, recorded with the results"""
    micro_titles_per_month: float = number(
        3500.0, 0.0, 100000.0, "titles a month if all were paid (free ones count less)"
    )
    long_titles_per_year: float = number(430.0, 0.0, 10000.0, "TV and web series started a year")
    long_tv_share: float = share(0.42)
    """long dramas that are TV series, the rest web series"""
    long_demand_change: float = number(0.0, -1.0, 1.0, "relative change of long-drama demand")
    micro_demand_growth_per_year: float = number(0.0, -0.9, 2.0, "relative growth a year")
    labour_supply: float = number(
        1.0, 0.05, 10.0, "multiplier on initial workforces, entry pools and gig pools (1: baseline)"
    )
    worker_profiles: dict[str, WorkerProfile] = field(default_factory=_profiles_2025)
    initial_experienced_share: float = number(
        0.5, 0.0, 1.0, "share of the initial workforce that starts experienced (assumption)"
    )
    initial_idle_days_max: int = number(
        60, 1, 365, "initial workers' last jobs ended up to this many days before day 0"
    )
    initial_long_crossover_share: float = share(0.25)
    """share of the initial micro-drama workforce who crossed over from long dramas (assumption;
    micro dramas take in long-drama talent [ED])"""
    micro_tenure_years_max: float = number(
        5.0, 0.0, 20.0, "years before day 0 the earliest initial micro workers entered"
    )
    """Micro dramas took off about 2020 (assumption; docs/sources.md): initial micro workers from
    the entrant pools entered uniformly over this many years."""
    micro_workforce: dict[str, float] = table(
        {
            "lead_actor": 32000,
            "supporting_actor": 80000,
            "extra": 200000,
            "screenwriter": 32000,
            "direction": 32000,
            "camera": 32000,
            "lighting": 34000,
            "costume_makeup": 34000,
            "art_props": 34000,
            "sound": 12000,
            "post_production": 24000,
            "ai_animator": 11000,
            "producer": 24000,
            "data_operations": 16000,
            "overseas_operations": 4000,
        }
    )
    """people working in micro dramas at the start, by role"""
    long_workforce: dict[str, float] = table(
        {
            "lead_actor": 3500,
            "supporting_actor": 14000,
            "extra": 60000,
            "screenwriter": 4200,
            "direction": 4200,
            "camera": 4200,
            "lighting": 4900,
            "costume_makeup": 4900,
            "art_props": 6300,
            "sound": 2100,
            "post_production": 4200,
            "ai_animator": 0,
            "producer": 4200,
            "data_operations": 0,
            "overseas_operations": 0,
        }
    )
    """people working in long dramas at the start, by role"""
    regions: dict[str, RegionConfig] = field(default_factory=_regions_2025)
    """production clusters, the nodes of the region graph"""
    region_links: list[list[str]] = field(
        default_factory=lambda: [
            ["hengdian", "hangzhou"],
            ["hengdian", "quzhou"],
            ["hangzhou", "quzhou"],
            ["hangzhou", "shanghai"],
            ["henan", "xian"],
            ["henan", "beijing"],
            ["henan", "rest"],
            ["xian", "rest"],
            ["beijing", "rest"],
            ["shanghai", "rest"],
            ["hengdian", "rest"],
        ]
    )
    """pairs of regions joined in the region graph (travel costs hops)"""
    platforms: dict[str, PlatformConfig] = field(default_factory=_platforms_2025)
    """streaming platforms that commission micro dramas"""


@dataclass
class PhaseConfig:
    """One production phase of a title's production plan: its length, the team it hires by
    role, the share of the phase's days each role works, and how each role is booked.

    A role missing from ``work_share`` works every day of the phase; a role missing from
    ``call_days`` is booked once for all its days. A role in ``call_days`` is booked by the day
    call: engagements of that many days, one after another, until its days are worked (extras
    and day players are booked and paid by the day)."""

    days_min: int = number(1, 1, 1000, "days")
    days_max: int = number(1, 1, 1000, "days")
    team: dict[str, float] = table({})
    """people hired for the phase, by role"""
    work_share: dict[str, float] = table({})
    """share of the phase's days each role works (roles not listed: every day)"""
    call_days: dict[str, int] = table({})
    """days per engagement of the roles booked by the day call (roles not listed: booked once)"""


@dataclass
class KindConfig:
    """A kind of production (live-action micro, AI-made micro, long drama)."""

    writing: PhaseConfig = field(default_factory=PhaseConfig)
    pre_production: PhaseConfig = field(default_factory=PhaseConfig)
    shooting: PhaseConfig = field(default_factory=PhaseConfig)
    post_production: PhaseConfig = field(default_factory=PhaseConfig)
    release: PhaseConfig = field(default_factory=PhaseConfig)
    budget_yuan_min: float = number(1e5, 0.0, None, "yuan per title")
    budget_yuan_max: float = number(1e6, 0.0, None, "yuan per title")


def _phase(
    days: tuple[int, int],
    team: dict[str, float],
    work_share: dict[str, float] | None = None,
    call_days: dict[str, int] | None = None,
) -> Any:
    return field(
        default_factory=lambda: PhaseConfig(
            days[0], days[1], dict(team), dict(work_share or {}), dict(call_days or {})
        )
    )


@dataclass
class MicroLiveConfig(KindConfig):
    """Live-action micro drama: a 60-90 person team on set, 5-10 shooting days
    (docs/sources.md, micro-drama industry); the rest of the plan is an assumption
    (docs/model.md, section 7.2)."""

    writing: PhaseConfig = _phase((8, 16), {"screenwriter": 2, "producer": 1}, {"producer": 0.25})
    pre_production: PhaseConfig = _phase(
        (3, 6),
        {
            "producer": 3,
            "direction": 2,
            "camera": 1,
            "lighting": 2,
            "art_props": 3,
            "costume_makeup": 2,
        },
        {"camera": 0.5, "lighting": 0.5},
    )
    shooting: PhaseConfig = _phase(
        (5, 10),
        {
            "lead_actor": 3,
            "supporting_actor": 10,
            "extra": 24,
            "direction": 4,
            "camera": 5,
            "lighting": 6,
            "costume_makeup": 6,
            "art_props": 6,
            "sound": 2,
            "producer": 4,
        },
        call_days={"supporting_actor": 2, "extra": 1},
    )
    post_production: PhaseConfig = _phase(
        (6, 12), {"post_production": 4, "producer": 1}, {"producer": 0.3}
    )
    release: PhaseConfig = _phase(
        (15, 30), {"data_operations": 2, "overseas_operations": 2}, {"overseas_operations": 0.5}
    )
    budget_yuan_min: float = number(3e5, 0.0, None, "yuan per title")
    budget_yuan_max: float = number(1e6, 0.0, None, "yuan per title")


@dataclass
class MicroAIConfig(KindConfig):
    """AI-made micro drama: 4-10 people, 5-45 days (docs/sources.md, production economics)."""

    writing: PhaseConfig = _phase((4, 8), {"screenwriter": 1, "producer": 1}, {"producer": 0.25})
    pre_production: PhaseConfig = _phase((1, 2), {"direction": 1})
    shooting: PhaseConfig = _phase((5, 45), {"ai_animator": 4, "direction": 1})
    post_production: PhaseConfig = _phase((3, 6), {"post_production": 1})
    release: PhaseConfig = _phase(
        (15, 30), {"data_operations": 1, "overseas_operations": 2}, {"overseas_operations": 0.5}
    )
    budget_yuan_min: float = number(5e3, 0.0, None, "yuan per title")
    budget_yuan_max: float = number(2e5, 0.0, None, "yuan per title")


@dataclass
class LongConfig(KindConfig):
    """Long drama: 100-300 people, 2-5 months of shooting (docs/sources.md, assumption).
    Release is the platforms' work (counted as indirect), so its plan is one day, no team."""

    writing: PhaseConfig = _phase((90, 240), {"screenwriter": 4, "producer": 1}, {"producer": 0.2})
    pre_production: PhaseConfig = _phase(
        (30, 60), {"direction": 6, "art_props": 10, "costume_makeup": 6, "producer": 3}
    )
    shooting: PhaseConfig = _phase(
        (60, 150),
        {
            "lead_actor": 6,
            "supporting_actor": 30,
            "extra": 60,
            "direction": 10,
            "camera": 12,
            "lighting": 15,
            "costume_makeup": 15,
            "art_props": 20,
            "sound": 8,
            "producer": 6,
        },
        call_days={"supporting_actor": 5, "extra": 1},
    )
    post_production: PhaseConfig = _phase(
        (60, 120), {"post_production": 15, "producer": 2}, {"producer": 0.5}
    )
    release: PhaseConfig = _phase((1, 1), {})
    budget_yuan_min: float = number(2e7, 0.0, None, "yuan per title")
    budget_yuan_max: float = number(2e8, 0.0, None, "yuan per title")


@dataclass
class ProductionConfig:
    """Team templates and durations of each kind of production."""

    micro_live: MicroLiveConfig = field(default_factory=MicroLiveConfig)
    micro_ai: MicroAIConfig = field(default_factory=MicroAIConfig)
    long: LongConfig = field(default_factory=LongConfig)
    team_scale_min: float = number(0.85, 0.1, 10.0, "multiplier on a title's shooting team")
    team_scale_max: float = number(1.25, 0.1, 10.0, "multiplier on a title's shooting team")
    costume_period_share: float = share(0.2)
    """live-action micro titles set in a costume period"""
    overseas_version_share: float = number(
        0.1, 0.0, 1.0, "share of domestic micro titles also released abroad (assumption)"
    )


@dataclass
class BusinessModelConfig:
    """Paid versus free-with-ads release, and the quality the free model asks for."""

    free_share: float = share(0.6)
    """micro titles released free with ads (the rest pay per episode)"""
    free_writing_days_factor: float = number(1.5, 0.1, 10.0, "multiplier on writing days")
    free_writers_factor: float = number(1.5, 0.1, 10.0, "multiplier on screenwriters per title")
    free_shoot_days_factor: float = number(1.15, 0.1, 10.0, "multiplier on shooting days")
    free_experienced_share: float = share(0.6)
    """free titles' slots that ask for an experienced worker"""
    paid_experienced_share: float = share(0.2)
    """other titles' slots that ask for an experienced worker"""
    free_commission_factor: float = number(
        0.95, 0.0, 10.0, "titles a free title's slot commissions, relative to a paid one"
    )
    revenue_per_title_yuan: float = number(1.4e6, 0.0, None, "mean platform revenue per title")
    paid_revenue_sigma: float = number(1.2, 0.0, 5.0, "log-sd of a paid title's revenue")
    free_revenue_sigma: float = number(1.5, 0.0, 5.0, "log-sd of a free title's revenue")
    studio_revenue_share: float = share(0.45)
    """studio's share of a free title's revenue"""
    free_user_growth_per_year: float = number(0.0, -0.9, 5.0, "extra user growth a year")


@dataclass
class AIConfig:
    """AI adoption: AI-made titles, automation of live-action work, AI-animator training."""

    title_share: float = share(0.12)
    """micro titles made mainly with AI"""
    automation: dict[str, float] = table(
        {"screenwriter": 0.05, "art_props": 0.05, "post_production": 0.10}
    )
    """share of a live title's work in the role that AI does"""
    animators_per_live_title: float = number(0.5, 0.0, 50.0, "AI animators on a live title's shoot")
    training_places_per_year: float = number(20000.0, 0.0, None, "people starting training a year")
    training_days: int = number(90, 1, 1000, "days")
    retrain_after_idle_days: int = number(60, 0, 3650, "days idle before applying")
    retrain_apply_prob_per_day: float = share(0.01)
    """daily probability that an idle worker applies for AI training"""


@dataclass
class TurnoverConfig:
    """Production-cycle lengths and worker churn."""

    shoot_days_factor: float = number(1.0, 0.1, 50.0, "multiplier on micro shooting days")
    studio_gap_days: int = number(1, 0, 365, "days between a studio's shoots")
    annual_exit_rate: float = number(
        0.08, 0.0, 5.0, "yearly hazard of leaving while idle (daily probability times 365)"
    )
    annual_entry_rate: float = number(0.20, 0.0, 5.0, "entrants a year per initial worker")
    idle_exit_after_days: int = number(240, 1, 3650, "days idle before the hazard rises")
    long_idle_exit_after_days: int = number(
        365, 1, 3650, "days idle before a long-drama worker's hazard rises"
    )
    idle_exit_prob_per_day: float = share(0.002)
    """extra daily probability of leaving once idle too long"""
    shortage_entry_share: float = share(0.5)
    """chance that a slot of a role open to newcomers, left open, goes to a newcomer recruited
    on set"""
    shortage_entry_roles: list[str] = field(
        default_factory=lambda: ["extra", "supporting_actor", "art_props"]
    )
    """Roles a shoot can fill with someone recruited on the spot (assumption: walk-in extras and
    day players at the bases, props hands; a director, a camera operator or a lead is not found on
    the day)."""
    cross_after_idle_days: int = number(180, 0, 3650, "days idle before long workers look to micro")
    cross_prob_per_day: float = share(0.0015)
    """daily probability that an idle long-drama worker moves to micro"""
    promotion_titles: int = number(6, 1, 1000, "titles worked before a newcomer is experienced")
    entry_pay_elasticity: float = number(
        1.0, 0.0, 3.0, "entrants of a role scale with its day-rate multiplier to this power"
    )


@dataclass
class PolicyConfig:
    """Qujiang-style gig market: training, certificates, guaranteed pay, insurance."""

    gig_market_regions: list[str] = field(default_factory=lambda: ["quzhou"])
    """regions with a gig market (names of scenario.regions)"""
    gig_pool_people: float = number(3300.0, 0.0, None, "part-timers in each gig market")
    gig_exit_factor: float = number(0.5, 0.0, 1.0, "multiplier on exit hazards (guaranteed pay)")
    gig_dispatch: bool = True
    """gig-market members are sent first to slots that need travel"""


def _mobility_2025() -> dict[str, dict[str, float]]:
    """Occupational mobility network: transferability (0-1) from a role to another.

    Used when a long-drama worker crosses into micro dramas (the new role is drawn in proportion
    to the weights) and for retraining into AI animation (weight times the daily application
    probability). Every role keeps its own role with weight 1; behind-the-scenes staff may move in
    front of the camera (docs/sources.md, where new workers come from). Assumption.
    """
    crew = ["direction", "camera", "lighting", "costume_makeup", "art_props", "sound"]
    network = {role: {role: 1.0} for role in ["screenwriter", "post_production", "extra", *crew]}
    network["lead_actor"] = {"lead_actor": 1.0, "supporting_actor": 0.5}
    network["supporting_actor"] = {"supporting_actor": 1.0, "lead_actor": 0.15, "extra": 0.1}
    network["extra"]["supporting_actor"] = 0.1
    for role in crew:
        network[role]["supporting_actor"] = 0.05
    for role, weight in {
        "post_production": 1.0,
        "art_props": 0.6,
        "camera": 0.5,
        "costume_makeup": 0.3,
        "lighting": 0.3,
        "screenwriter": 0.3,
        "direction": 0.2,
    }.items():
        network[role]["ai_animator"] = weight
    network["ai_animator"] = {"ai_animator": 1.0}
    network["producer"] = {"producer": 1.0}
    network["direction"]["producer"] = 0.2
    network["screenwriter"]["producer"] = 0.1
    network["data_operations"] = {"data_operations": 1.0, "overseas_operations": 0.2}
    network["overseas_operations"] = {"overseas_operations": 1.0, "data_operations": 0.3}
    return network


@dataclass
class MarketConfig:
    """Matching rules of the daily labour market."""

    referral_share: float = share(0.3)
    """slots that look first among the studio's recent hires"""
    referral_memory_hires: int = number(
        224, 1, 10000, "people a studio remembers for referrals: its latest hires (assumption)"
    )
    travel_share: float = share(0.6)
    """slots open to workers from other regions"""
    call_back_share: float = number(
        0.8, 0.0, 0.99, "chance a worker booked by the day call stays for the title's next call"
    )
    """Firms hire extras and day crews per title and pay them by the day (docs/sources.md):
    the people of one call are asked back for the next, and each stays with this chance, so an
    engagement runs a geometric number of calls, 1 / (1 - share) on average, until the title's
    calls end (assumption; 0: every call is a new engagement)."""
    local_only_roles: list[str] = field(default_factory=lambda: ["extra"])
    """Roles never hired from another region: a day's work as an extra does not pay a journey
    (assumption; extras are local part-timers or migrants settled near the bases)."""
    travel_yuan_per_day_per_link: float = number(150.0, 0.0, None, "yuan a traveller-day per link")
    pay_adjustment_per_month: float = number(
        0.25, 0.0, 1.0, "share of the log gap to the wage curve a day rate closes a month"
    )
    wage_curve_elasticity: float = number(
        0.1, 0.0, 2.0, "elasticity of the day rate with respect to searchers per opening (sign -)"
    )
    normal_hard_to_fill_share: float = number(
        0.008, 1e-6, 0.5, "hard-to-fill share of openings at which reported day rates hold"
    )
    daily_availability: dict[str, float] = table(
        {
            "lead_actor": 0.039,
            "supporting_actor": 0.049,
            "extra": 0.042,
            "screenwriter": 0.032,
            "direction": 0.037,
            "camera": 0.048,
            "lighting": 0.071,
            "costume_makeup": 0.092,
            "art_props": 0.098,
            "sound": 0.067,
            "post_production": 0.042,
            "ai_animator": 0.013,
            "producer": 0.1,
            "data_operations": 0.073,
            "overseas_operations": 0.04,
        }
    )
    """Share of a role's idle workers reachable and willing on a given day (roles not listed:
    1). Assumption: many extras and day players have other work (docs/sources.md)."""
    availability_pay_elasticity: float = number(
        1.0, 0.0, 3.0, "daily availability scales with the day-rate multiplier to this power"
    )
    key_roles: list[str] = field(default_factory=lambda: ["lead_actor", "direction"])
    """Roles a shoot cannot do without: a title whose shoot opens with one of them unstaffed
    slips (assumption)."""
    slip_days: int = number(1, 0, 30, "days a shoot slips when a key role is unstaffed")
    openings_window_days: int = number(
        30, 1, 365, "days of memory of the flow of openings the urn-ball search sees"
    )
    """The urn-ball search compares applicants with a kind's mean daily openings over about this
    many days, not with the day's lump of a coarse-scale title (assumption; section 7.3)."""
    pay_multiplier_min: float = number(0.5, 0.01, 1.0, "lowest day rate, relative to reported")
    pay_multiplier_max: float = number(3.0, 1.0, 5.0, "highest day rate, relative to reported")
    day_rate_yuan: dict[str, float] = table(
        {
            "lead_actor": 2500,
            "supporting_actor": 800,
            "extra": 200,
            "screenwriter": 900,
            "direction": 1500,
            "camera": 1200,
            "lighting": 700,
            "costume_makeup": 700,
            "art_props": 700,
            "sound": 800,
            "post_production": 900,
            "ai_animator": 1000,
            "producer": 1000,
            "data_operations": 600,
            "overseas_operations": 700,
        }
    )
    """yuan a working day, by role"""
    core_team: dict[str, float] = table(
        {
            "direction": 2,
            "camera": 2,
            "lighting": 1,
            "screenwriter": 1,
            "post_production": 2,
            "producer": 1,
        }
    )
    """in-house core members per shooting unit, by role"""
    mobility: dict[str, dict[str, float]] = field(default_factory=_mobility_2025)
    """transferability weights from a role to another (crossing, retraining)"""
    cast_entrant_origins: dict[str, float] = table(
        {"live_streaming": 0.35, "short_video": 0.35, "graduates": 0.30}
    )
    """where entrants to the cast come from, weights"""


@dataclass
class StudiosConfig:
    """Studios' entry, growth and exit ("nobody knows": heavy-tailed revenue decides)."""

    target_utilisation: float = number(
        0.9,
        0.05,
        1.0,
        "share of shooting-unit capacity the initial studios use; entry is at its base rate there",
    )
    ai_share_concentration: float = number(8.0, 0.1, 1000.0, "Beta concentration of AI shares")
    founding_cash_titles: float = number(3.0, 0.0, 100.0, "cash at founding, in mean budgets")
    closure_cash_titles: float = number(
        -3.0, -100.0, 0.0, "cash per shooting unit below which a studio closes, mean budgets"
    )
    growth_cash_titles: float = number(
        6.0, 0.0, 1000.0, "cash per shooting unit above which a studio adds a unit, mean budgets"
    )
    shrink_cash_titles: float = number(
        -1.0, -100.0, 100.0, "cash per shooting unit below which a studio drops a unit, budgets"
    )
    max_units: int = number(30, 1, 100, "shooting units a micro studio can grow to")
    idle_unit_days: int = number(
        14, 1, 3650, "days a unit stands idle, nothing queued, before a studio drops it"
    )
    growth_book_titles_per_unit: float = number(
        1.0, 0.0, 100.0, "order-book titles per shooting unit that make a studio with cash grow"
    )
    unit_cost_yuan_per_day: float = number(
        1000.0, 0.0, 100000.0, "yuan a day a shooting unit costs beyond its titles' budgets"
    )
    entry_rate_per_unit_month: float = number(
        0.025,
        0.0,
        1.0,
        "entrants a month per open micro shooting unit when entry is at its base rate",
    )
    entry_profit_elasticity: float = number(
        2.0, 0.0, 5.0, "elasticity of entry to an entrant's expected profit rate"
    )
    order_book_titles_per_unit: float = number(
        2.0,
        0.1,
        1000.0,
        "live titles per unit in writing or waiting at which a studio takes no more commissions",
    )
    record_exponent: float = number(
        1.0, 0.0, 5.0, "exponent on a studio's record in the platforms' choice of studio"
    )
    record_prior_titles: float = number(
        3.0, 0.01, 1000.0, "titles of average record a studio's record starts with"
    )
    record_memory_months: float = number(
        12.0, 0.5, 1200.0, "months over which a studio's record fades (e-folding time)"
    )
    commission_cost_elasticity: float = number(
        0.5, 0.0, 5.0, "elasticity of titles commissioned to the expected cost of a title"
    )
    commission_revenue_elasticity: float = number(
        1.0, 0.0, 5.0, "elasticity of titles commissioned to the expected revenue of a title"
    )
    commission_index_max: float = number(
        3.0, 1.0, 10.0, "most titles commissioned, relative to the 2025 baseline's"
    )
    commission_adjustment_per_month: float = number(
        0.25, 0.01, 1.0, "share of the gap to the commission target closed each month"
    )
    paid_fee_margin: float = number(0.08, -1.0, 5.0, "paid titles: fee over budget, share")
    ai_revenue_factor: float = number(0.3, 0.0, 10.0, "AI-made title's revenue relative to live")
    long_titles_per_studio_per_year: float = number(4.0, 0.1, 100.0, "long dramas a company makes")


@dataclass
class SpilloverConfig:
    """Input-output table for indirect employment (platform, e-commerce, local services)."""

    sectors: list[str] = field(
        default_factory=lambda: ["platform_operation", "ecommerce_derivatives", "local_services"]
    )
    """industries of the input-output table"""
    technical_coefficients: list[list[float]] = field(
        default_factory=lambda: [[0.05, 0.02, 0.02], [0.10, 0.05, 0.02], [0.08, 0.10, 0.10]]
    )
    """input-output coefficients between the sectors"""
    jobs_per_million_yuan: list[float] = field(default_factory=lambda: [7.5, 12.0, 36.0])
    """indirect jobs per million yuan of output, by sector"""
    local_services_share_of_budget: float = share(0.35)
    """of micro budgets spent on local services"""
    ecommerce_per_platform_yuan: float = number(0.4, 0.0, None, "derivative sales per revenue")


@dataclass
class OutputConfig:
    """What a run writes and shows."""

    progress: bool = True
    """draw a progress bar (single runs in a terminal)"""
    timeseries: str = "month"
    """rows of timeseries.parquet: a row a month, or a row a day"""


HEADLINE_OUTPUTS = [
    "micro.direct_employment",
    "micro.total_employment",
    "stability.days_worked_median",
    "stability.stable_share",
    "market.unfilled_share",
    "income.day_rate_index",
    "transitions.long_to_micro",
]
"""Summary metrics a sensitivity analysis reports by default."""


@dataclass
class ParameterRange:
    """One parameter of a sensitivity design: a dotted config key, the range it is varied over
    and where that range comes from (``configs/analysis/parameters/``)."""

    key: str = ""
    low: float = 0.0
    high: float = 0.0
    basis: str = ""


@dataclass
class AnalysisConfig:
    """A global sensitivity design run as a sweep (``+analysis=morris`` or ``+analysis=sobol``).

    The ``dramasim`` sweeper turns it into one job per design row (``sim/run/design.py``);
    ``python -m sim.sensitivity DIR`` analyses the sweep. The model ignores it.
    """

    method: str = "morris"
    """morris (elementary-effects screening) or sobol (Saltelli's variance decomposition)"""
    trajectories: int = number(10, 1, 100_000, "Morris trajectories (jobs: (parameters + 1) each)")
    levels: int = number(4, 2, 100, "Morris grid levels")
    samples: int = number(
        64, 1, 2**20, "Sobol base samples N (jobs: N (2 parameters + 2), N (parameters + 2) w/o S2)"
    )
    second_order: bool = False
    """Sobol: estimate second-order indices too"""
    row: int = number(-1, -1, 10**9, "design row this job runs; -1 outside a design")
    include: list[str] = field(default_factory=list)
    """keys of ``parameters`` to vary (empty: all of them)"""
    parameters: list[ParameterRange] = field(default_factory=list)
    """the parameters and their ranges"""
    outputs: list[str] = field(default_factory=lambda: list(HEADLINE_OUTPUTS))
    """summary metrics the analysis reports"""


@dataclass
class DramaSimConfig:
    """A whole run. ``seed``, ``scale`` and ``years`` are the top-level contract keys."""

    seed: int = number(2025, 0, 2**32 - 1)
    """random seed of the run (with replicate)"""
    replicate: int = number(0, 0, 1_000_000, "replicate number, mixed into the seed")
    replicates: int = number(5, 1, 1000, "seeds per sweep point (used by the sweeper)")
    scale: float = number(10.0, 1.0, 1000.0, "real people per simulated worker")
    years: int = number(2, 1, 50, "simulated years; metrics come from the last")
    scenario: ScenarioConfig = field(default_factory=ScenarioConfig)
    production: ProductionConfig = field(default_factory=ProductionConfig)
    business_model: BusinessModelConfig = field(default_factory=BusinessModelConfig)
    ai: AIConfig = field(default_factory=AIConfig)
    turnover: TurnoverConfig = field(default_factory=TurnoverConfig)
    policy: PolicyConfig = field(default_factory=PolicyConfig)
    market: MarketConfig = field(default_factory=MarketConfig)
    studios: StudiosConfig = field(default_factory=StudiosConfig)
    spillover: SpilloverConfig = field(default_factory=SpilloverConfig)
    output: OutputConfig = field(default_factory=OutputConfig)
    analysis: AnalysisConfig | None = None
    """a sensitivity design (``+analysis=morris``); None for ordinary runs"""
    parameters: "ParametersConfig" = field(default_factory=lambda: ParametersConfig())
    """parameter sets drawn from a calibration's posterior (``parameters.posterior=PATH``)"""
    calibrate: "CalibrateConfig | None" = None
    """an ABC-SMC calibration (``python -m sim.calibrate``); None for ordinary runs"""


POSTERIOR_DRAWS = ("weight", "replicate")
"""How a run picks its row of ``parameters.posterior``: by weight (a random draw fixed by the
replicate number), or row number = replicate (one run per row, as calibration runs them)."""


@dataclass
class ParametersConfig:
    """Parameter values drawn from a calibration's posterior (sim/run/posterior.py)."""

    posterior: str = ""
    """parquet file: a row per particle, a column per config key and weight; empty: none"""
    draw: str = "weight"
    """weight (replicate r draws a particle by weight) or replicate (replicate r runs row r)"""


@dataclass
class CalibrateConfig:
    """An ABC-SMC calibration, python -m sim.calibrate (docs/calibration.md)."""

    budget: int = number(400, 2, 10**7, "simulations in all")
    population: int = number(20, 2, 10**6, "particles per generation")
    quantile: float = number(0.5, 0.05, 0.95, "share of a generation below the next tolerance")
    min_accepted_share: float = number(
        0.5, 0.05, 1.0, "share of population a generation cut by the budget must reach to count"
    )
    predictive: int = number(
        10, 0, 10**6, "fresh runs of posterior draws for the predictive check (0: accepted runs)"
    )
    identified_width: float = number(
        0.5,
        0.01,
        1.0,
        "90 % interval as a share of the prior range below which a parameter is identified",
    )
    include: list[str] = field(default_factory=list)
    """keys of ``parameters`` to calibrate (empty: those whose basis starts with calibrated)"""
    targets: list[str] = field(default_factory=list)
    """summary keys to match (empty: every emergent target of docs/model.md section 8)"""
    parameters: list[ParameterRange] = field(default_factory=list)
    """the parameters and their ranges (uniform priors)"""
