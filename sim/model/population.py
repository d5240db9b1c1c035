"""The initial workforce: who is in the market on day 0, where they live, and who they are.

Stocks come from ``scenario.micro_workforce`` and ``scenario.long_workforce`` (real people by
role, times ``scenario.labour_supply``, divided by ``scale``); each simulated worker's count is a
Poisson draw around its share.
Workers live where their work is (``docs/model.md`` section 5): micro-drama crews where studios
and period sets are, writers and AI animators where studios are, post-production in the
post-production clusters, long-drama workers where long dramas are made. A share
``scenario.initial_experienced_share`` starts experienced, and each worker's last job ended up to
``scenario.initial_idle_days_max`` days before day 0, so idle spells do not all start together.

Who they are follows how they came (section 5.1). Long-drama workers, and the share
``scenario.initial_long_crossover_share`` of micro-drama workers who crossed over from long
dramas, are film and TV people of the ``initial`` profile; crossovers stayed where long dramas
are made, so a region's micro workers are crossovers in proportion to its long-drama share. The
other micro-drama workers came from the entrant pools the reporting names (as entrants still do,
:func:`entrant_origins`), at the age their pool brings, some time in the industry's short past:
uniformly up to ``scenario.micro_tenure_years_max`` years before day 0.
"""

import numpy as np

from sim.config import DramaSimConfig
from sim.model.regions import Regions
from sim.model.workforce import Workforce
from sim.vocabulary import DAYS_PER_YEAR, LONG, MICRO, ORIGIN, ORIGINS, ROLE, ROLES, SECTORS

IS_CAST = np.isin(np.arange(len(ROLES)), [ROLE["lead_actor"], ROLE["supporting_actor"]])
"""By role: whether it is cast (actors)."""


def initial_headcount(config: DramaSimConfig, scale: float) -> np.ndarray:
    """Initial workers by (sector, role), in simulated workers (real people / ``scale``), times
    the labour-supply lever ``scenario.labour_supply`` (which also scales the entry pools, as
    entry is proportional to the initial headcount)."""
    scenario = config.scenario
    counts = np.zeros((len(SECTORS), len(ROLES)))
    for sector, stock in ((MICRO, scenario.micro_workforce), (LONG, scenario.long_workforce)):
        for role, people in stock.items():
            counts[sector, ROLE[role]] = people * scenario.labour_supply / scale
    return counts


def home_regions(config: DramaSimConfig, regions: Regions) -> np.ndarray:
    """Where each (sector, role) lives: probabilities over regions (sector, role, region), where
    its work is."""
    costume = config.production.costume_period_share
    shoot = (1 - costume) * regions.studio_location + costume * regions.period_location
    homes = np.empty((len(SECTORS), len(ROLES), len(regions)))
    homes[MICRO] = shoot
    homes[MICRO, ROLE["screenwriter"]] = regions.studio_location
    homes[MICRO, ROLE["ai_animator"]] = regions.studio_location
    homes[MICRO, ROLE["post_production"]] = regions.post_location
    homes[LONG] = regions.long_location
    homes[LONG, ROLE["post_production"]] = regions.post_location
    return homes


def draw_profiles(
    config: DramaSimConfig, origin: np.ndarray | int, size: int, day: int, rng: np.random.Generator
) -> dict[str, np.ndarray]:
    """Birth days and degrees of ``size`` people of ``origin`` (codes) entering on ``day``,
    from ``scenario.worker_profiles``: ages normal around the origin's mean, kept to 16-70
    years; a college degree with the origin's share."""
    profiles = config.scenario.worker_profiles
    origin = np.broadcast_to(np.asarray(origin), size)
    mean = np.array([profiles[ORIGINS[o]].age_mean for o in range(len(ORIGINS))])[origin]
    sd = np.array([profiles[ORIGINS[o]].age_sd for o in range(len(ORIGINS))])[origin]
    college = np.array([profiles[ORIGINS[o]].college_share for o in range(len(ORIGINS))])[origin]
    age = np.clip(mean + sd * rng.standard_normal(size), 16.0, 70.0)
    return {
        "born_day": day - np.round(age * DAYS_PER_YEAR).astype(np.int64),
        "college": rng.random(size) < college,
    }


def entrant_origins(config: DramaSimConfig, role: np.ndarray, rng: np.random.Generator):
    """Origin codes of entrants of ``role`` from the pools of the 2025 reporting: cast from live
    streaming, short video and graduates (``market.cast_entrant_origins``, weights), extras from
    local part-timers, crew and every other role from graduates."""
    origin = np.where(role == ROLE["extra"], ORIGIN["local_part_time"], ORIGIN["graduates"])
    cast = IS_CAST[role]
    weights = config.market.cast_entrant_origins
    codes = np.array([ORIGIN[name] for name in weights])
    cdf = np.cumsum(list(weights.values()))
    origin[cast] = codes[np.searchsorted(cdf, rng.random(cast.sum()) * cdf[-1], side="right")]
    return origin


def populate(
    workforce: Workforce,
    headcount: np.ndarray,
    home_region: np.ndarray,
    regions: Regions,
    config: DramaSimConfig,
    rng: np.random.Generator,
) -> None:
    """Add the initial workforce: Poisson counts around ``headcount`` (sector, role), homes drawn
    from ``home_region``, experience, the end of the last job, origins and profiles drawn as the
    module says."""
    scenario = config.scenario
    counts = rng.poisson(headcount)
    sector, role = np.nonzero(counts)
    n = counts[sector, role]
    sector, role = np.repeat(sector, n), np.repeat(role, n)
    cdf = np.cumsum(home_region[sector, role], axis=1)
    region = (rng.random(len(role))[:, None] * cdf[:, -1:] >= cdf).sum(axis=1)
    experienced = rng.random(len(role)) < scenario.initial_experienced_share
    origin, entered = _backgrounds(config, sector, role, region, regions, rng)
    profiles = draw_profiles(config, origin, len(role), 0, rng)
    workforce.add(
        len(role),
        role=role,
        sector=sector,
        region=region,
        origin=origin,
        tier=experienced.astype(np.int8),
        idle_since=-rng.integers(0, scenario.initial_idle_days_max, len(role)),
        born_day=profiles["born_day"] + entered,
        college=profiles["college"],
    )


def _backgrounds(config, sector, role, region, regions: Regions, rng) -> tuple:
    """Origin codes of the initial workers and the day each entered the market (0 or before;
    their age at entry is their origin's, so they are older by the days since)."""
    scenario = config.scenario
    micro = sector == MICRO
    long_share = regions.long_location[region]
    mean_long = long_share[micro].mean() if micro.any() else 1.0
    crossing = scenario.initial_long_crossover_share * long_share / max(mean_long, 1e-12)
    from_pools = micro & (rng.random(len(role)) >= crossing)
    origin = np.where(from_pools, entrant_origins(config, role, rng), ORIGIN["initial"])
    tenure = rng.random(len(role)) * scenario.micro_tenure_years_max * DAYS_PER_YEAR
    entered = np.where(from_pools, -np.round(tenure), 0).astype(np.int64)
    return origin, entered
