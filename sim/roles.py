"""Names shared by every module: roles, sectors, worker states, production phases and kinds.

Each name maps to a small integer so that the workforce and production tables can hold them
in compact numpy arrays. The order of each tuple is the integer code.
"""

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
)
ROLE = {name: code for code, name in enumerate(ROLES)}

SECTORS: tuple[str, ...] = ("micro", "long")
MICRO, LONG = 0, 1

# Worker states.
AVAILABLE, WORKING, RETRAINING, LEFT = 0, 1, 2, 3
STATUSES: tuple[str, ...] = ("available", "working", "retraining", "left")

PHASES: tuple[str, ...] = ("writing", "pre_production", "shooting", "post_production")
WRITING, PRE_PRODUCTION, SHOOTING, POST_PRODUCTION = range(4)
DONE = len(PHASES)
WAITING = -1
"""Phase code of a title that has finished writing and waits for its studio's shooting unit."""

KINDS: tuple[str, ...] = ("micro_live", "micro_ai", "long")
MICRO_LIVE, MICRO_AI, LONG_DRAMA = range(3)

TIERS: tuple[str, ...] = ("newcomer", "experienced")
