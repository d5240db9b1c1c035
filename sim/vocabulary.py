"""The vocabulary every part of dramasim shares: the calendar, roles, sectors, worker states,
production phases, kinds of title, tiers and where workers came from.

Each name maps to a small integer so that the workforce and production tables can hold them
in compact numpy arrays. The order of each tuple is the integer code. This module imports
nothing, so the engine's kernels, the model's rules and the run layer can all read it.
"""

DAYS_PER_YEAR = 365
"""Days in a simulated year (one step is one day; there are no leap years)."""
MONTHS_PER_YEAR = 12
DAYS_PER_MONTH = DAYS_PER_YEAR / MONTHS_PER_YEAR
"""Mean days in a simulated month (months are the 12 runs of days with equal
``day_of_year * 12 // 365``; see :func:`sim.engine.crediting.month_of_year`)."""

ROLES: tuple[str, ...] = (
    "lead_actor",
    "supporting_actor",
    "extra",
    "screenwriter",
    "direction",
    "camera",
    "lighting",
    "costume_makeup",
    "art_props",
    "sound",
    "post_production",
    "ai_animator",
    "producer",
    "data_operations",
    "overseas_operations",
)
"""Occupations. ``producer`` covers producers and production managers (line producers,
coordinators, location managers); ``data_operations`` the traffic buyers and data-operation
optimisers who run a title's promotion after release; ``overseas_operations`` translation,
localisation and cross-cultural operators for versions released abroad."""
ROLE = {name: code for code, name in enumerate(ROLES)}

SECTORS: tuple[str, ...] = ("micro", "long")
MICRO, LONG = 0, 1

# Worker states.
AVAILABLE, WORKING, RETRAINING, LEFT = 0, 1, 2, 3
STATUSES: tuple[str, ...] = ("available", "working", "retraining", "left")

PHASES: tuple[str, ...] = ("writing", "pre_production", "shooting", "post_production", "release")
WRITING, PRE_PRODUCTION, SHOOTING, POST_PRODUCTION, RELEASE = range(5)
DONE = len(PHASES)
WAITING = -1
"""Phase code of a title that has finished writing and waits for its studio's shooting unit."""

KINDS: tuple[str, ...] = ("micro_live", "micro_ai", "long")
MICRO_LIVE, MICRO_AI, LONG_DRAMA = range(3)

TIERS: tuple[str, ...] = ("newcomer", "experienced")
NEWCOMER, EXPERIENCED = 0, 1

ORIGINS: tuple[str, ...] = (
    "initial",
    "live_streaming",
    "short_video",
    "graduates",
    "local_part_time",
    "gig_market",
    "on_set_recruit",
)
"""Where a worker came from: the initial workforce, an outside entry pool, the gig market's
part-time pool or an on-set recruitment."""
ORIGIN = {name: code for code, name in enumerate(ORIGINS)}

ROLE_GROUPS: dict[str, tuple[str, ...]] = {
    "cast": ("lead_actor", "supporting_actor"),
    "crew": ("direction", "camera", "lighting", "costume_makeup", "art_props", "sound"),
    "extras": ("extra",),
}
"""The groups the stability and pay outputs report: cast (lead and supporting actors), crew
(direction, camera, lighting, costume and make-up, art and props, sound) and extras."""
