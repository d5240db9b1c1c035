"""Hypothesis strategies for configurations, built from the schema (:mod:`sim.config`).

:func:`valid_configs` draws whole :class:`~sim.config.DramaSimConfig` objects: every numeric field
of the dataclass tree (regions and platforms included) either keeps its default or takes a value
inside its ``metadata["range"]``, its bounds drawn often, so that combinations of extremes come
up; tables keyed by role take values from 0 to a cap (shares up to 1); booleans and options
(``output.timeseries``, the gig-market regions) take any allowed value. Pairs ``*_min``,
``*_max`` are drawn in order and platform user shares are normalised, so that most configs pass
validation (those that do not must be refused by it, not crash).

Fields unbounded above (headcounts, money, capacities, role tables) are drawn up to
:data:`UNBOUNDED_FACTOR` times their default (or :data:`UNBOUNDED_CAP` where the default is 0):
an unbounded headcount can always ask for more memory than a machine has, so those are
fuzzed within a practical range; see the report of issue 17.

:func:`invalid_overrides` draws command-line overrides ``KEY=VALUE`` that validation must refuse:
a number past a bound, a value of the wrong type, an unknown key, role, region or option, a
minimum above its maximum; each with the dotted key the error message must name.
"""

import math
import string
from dataclasses import fields, is_dataclass
from typing import Any, get_type_hints

from hypothesis import strategies as st

from sim.config import DramaSimConfig
from sim.run.validation import SHARE_TABLES, TIMESERIES_STEPS, is_role_table
from sim.vocabulary import ROLES

UNBOUNDED_FACTOR = 10.0
UNBOUNDED_CAP = 100.0
FUZZED_SCALE = (500.0, 1000.0)
"""People per simulated worker in fuzzed runs: large, so that a run is short."""
FIXED = {"scale", "years", "seed", "replicate", "replicates"}
"""Top-level keys the runs set themselves (``scale`` from FUZZED_SCALE, one year)."""


def _cap(default: float) -> float:
    return UNBOUNDED_CAP if not default else abs(default) * UNBOUNDED_FACTOR


def number_strategy(kind: type, low, high, default) -> st.SearchStrategy:
    """Values of a numeric field inside [low, high]: the bounds, the default and values in
    between; an unbounded side is capped (see the module docstring)."""
    low = -_cap(default) if low is None else low
    high = _cap(default) if high is None else high
    if kind is int:
        low, high = math.ceil(low), math.floor(high)
        inside = st.integers(low, high)
    else:
        inside = st.floats(low, high, allow_nan=False, allow_infinity=False)
    return st.one_of(st.sampled_from(sorted({low, high, default})), inside)


def _role_table(key: str, table: dict) -> st.SearchStrategy:
    high = 1.0 if any(key.startswith(p) for p in SHARE_TABLES) else None
    items = {}
    for role, value in table.items():
        cap = high if high is not None else _cap(value)
        items[role] = st.one_of(
            st.just(value),
            st.sampled_from([0.0, cap]),
            st.floats(0.0, cap, allow_nan=False),
        )
    return st.fixed_dictionaries(items)


def _node(node: Any, path: str) -> st.SearchStrategy:
    """A strategy for a copy of the dataclass ``node`` with its fields drawn."""
    hints = get_type_hints(type(node))
    parts = {}
    for f in fields(node):
        key = f"{path}.{f.name}" if path else f.name
        value = getattr(node, f.name)
        if key in FIXED:
            continue
        if "range" in f.metadata:
            strategy = number_strategy(hints[f.name], *f.metadata["range"], value)
        elif is_dataclass(value):
            strategy = _node(value, key)
        elif isinstance(value, dict) and is_role_table(key):
            strategy = _role_table(key, value)
        elif isinstance(value, dict) and value and all(map(is_dataclass, value.values())):
            strategy = st.fixed_dictionaries(
                {name: _node(item, f"{key}.{name}") for name, item in value.items()}
            )
        elif isinstance(value, bool):
            strategy = st.booleans()
        else:
            continue  # lists, strings, nested tables: kept at their defaults here
        parts[f.name] = st.one_of(st.just(value), strategy)  # half the fields keep defaults
    return st.fixed_dictionaries(parts).map(lambda drawn: _rebuild(node, drawn))


def _rebuild(node: Any, drawn: dict) -> Any:
    copy = type(node)(**{f.name: getattr(node, f.name) for f in fields(node)})
    for name, value in drawn.items():
        setattr(copy, name, value)
    names = {f.name for f in fields(copy)}
    for name in names:  # *_min and *_max in order (an inverted pair is an invalid draw)
        if name.endswith("_min") and f"{name[:-4]}_max" in names:
            low, high = getattr(copy, name), getattr(copy, f"{name[:-4]}_max")
            if low > high:
                setattr(copy, name, high)
                setattr(copy, f"{name[:-4]}_max", low)
    return copy


@st.composite
def valid_configs(draw, seed: int | None = None) -> DramaSimConfig:
    """A configuration drawn from the schema's ranges, for a short run at a large scale."""
    config = draw(_node(DramaSimConfig(), ""))
    config.scale = draw(st.sampled_from(FUZZED_SCALE))
    config.years = 1
    config.seed = draw(st.integers(0, 2**32 - 1)) if seed is None else seed
    platforms = config.scenario.platforms.values()
    total = sum(p.user_share for p in platforms)
    for platform in platforms:  # shares that sum to 1 (all zero: equal shares)
        platform.user_share = platform.user_share / total if total else 1 / len(platforms)
    regions = list(config.scenario.regions)
    config.policy.gig_market_regions = draw(st.lists(st.sampled_from(regions), unique=True))
    config.output.timeseries = draw(st.sampled_from(TIMESERIES_STEPS))
    return config


def _numeric_fields(node: Any = None, path: str = "") -> list[tuple[str, type, tuple, Any]]:
    """(dotted key, type, range, default) of every numeric field, through dicts of dataclasses."""
    node = DramaSimConfig() if node is None else node
    hints = get_type_hints(type(node))
    found = []
    for f in fields(node):
        key = f"{path}.{f.name}" if path else f.name
        value = getattr(node, f.name)
        if "range" in f.metadata:
            found.append((key, hints[f.name], f.metadata["range"], value))
        elif is_dataclass(value):
            found += _numeric_fields(value, key)
        elif isinstance(value, dict):
            for name, item in value.items():
                if is_dataclass(item):
                    found += _numeric_fields(item, f"{key}.{name}")
    return found


NUMERIC_FIELDS = _numeric_fields()
ROLE_TABLE_KEYS = [
    "scenario.micro_workforce",
    "scenario.long_workforce",
    "ai.automation",
    "market.day_rate_yuan",
    "market.core_team",
    "production.micro_live.shooting.team",
    "production.long.writing.team",
]
identifiers = st.text(string.ascii_lowercase + "_", min_size=3, max_size=12).filter(
    lambda name: name not in ROLES and not name.startswith("_")
)


@st.composite
def _past_a_bound(draw) -> tuple[str, str]:
    key, kind, (low, high), _ = draw(
        st.sampled_from([f for f in NUMERIC_FIELDS if f[2] != (None, None)])
    )
    sides = [side for side in (low, high) if side is not None]
    side = draw(st.sampled_from(sides))
    step = (
        draw(st.sampled_from([1, 10, 1e6]))
        if kind is int
        else draw(st.sampled_from([1e-6, 0.5, 1e9]))
    )
    value = side - step if side == low else side + step
    if kind is int:
        value = int(value)
    return key, repr(value) if kind is float else str(value)


@st.composite
def _wrong_type(draw) -> tuple[str, str]:
    key, kind, _, _ = draw(st.sampled_from(NUMERIC_FIELDS))
    if kind is int:
        value = draw(st.sampled_from(["1.5", "abc", "true", "[1,2]", "nan"]))
    else:
        value = draw(st.sampled_from(["abc", "true", "[1,2]", "nan", "inf", "-inf", "{a:1}"]))
    return key, value


@st.composite
def _unknown_key(draw) -> tuple[str, str]:
    parent = draw(
        st.sampled_from(
            ["", "scenario", "production.micro_live", "turnover", "market", "studios",
             "scenario.regions.henan", "ai"]
        )
    )  # fmt: skip
    name = draw(identifiers)
    key = f"{parent}.{name}" if parent else name
    return key, "1"


@st.composite
def _unknown_role_or_option(draw) -> tuple[str, str]:
    choice = draw(st.integers(0, 4))
    if choice == 0:
        table = draw(st.sampled_from(ROLE_TABLE_KEYS))
        return f"{table}.{draw(identifiers)}", "1"
    if choice == 1:
        table = draw(st.sampled_from(ROLE_TABLE_KEYS))
        role = draw(st.sampled_from(ROLES))
        return f"{table}.{role}", draw(st.sampled_from(["-1", "abc", "-0.5"]))
    if choice == 2:
        return "output.timeseries", draw(identifiers.filter(lambda n: n not in TIMESERIES_STEPS))
    if choice == 3:
        return "policy.gig_market_regions", f"[{draw(identifiers)}]"
    group = draw(st.sampled_from(["ai", "business_model", "policy", "turnover", "scenario"]))
    return group, draw(identifiers)


@st.composite
def _inverted_pair(draw) -> tuple[str, str]:
    key = draw(
        st.sampled_from([k for k, _, _, _ in NUMERIC_FIELDS if k.endswith("_min") and "days" in k])
    )
    return key, "1000"  # above every default maximum of days (1000 is the range's top)


def invalid_overrides() -> st.SearchStrategy:
    """(dotted key, value as typed) pairs that a run must refuse, naming the key."""
    return st.one_of(
        _past_a_bound(), _wrong_type(), _unknown_key(), _unknown_role_or_option(),
        _inverted_pair(),
    )  # fmt: skip


def changes(config: Any, default: Any = None, path: str = "") -> dict[str, Any]:
    """The dotted keys where ``config`` differs from the defaults, with its values."""
    default = DramaSimConfig() if default is None else default
    found = {}
    for f in fields(config):
        key = f"{path}.{f.name}" if path else f.name
        value, base = getattr(config, f.name), getattr(default, f.name, None)
        if is_dataclass(value) and is_dataclass(base):
            found.update(changes(value, base, key))
        elif isinstance(value, dict) and isinstance(base, dict):
            for name, item in value.items():
                if is_dataclass(item) and is_dataclass(base.get(name)):
                    found.update(changes(item, base[name], f"{key}.{name}"))
                elif item != base.get(name):
                    found[f"{key}.{name}"] = item
        elif value != base:
            found[key] = value
    return found
