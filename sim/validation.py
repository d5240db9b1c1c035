"""Checks a :class:`~sim.config.DramaSimConfig` before any simulation starts.

:func:`validate` walks the dataclass tree: every numeric field must be a finite number of its
declared type inside its ``metadata["range"]`` (inclusive bounds, ``None`` unbounded), every
``*_min`` must not exceed its ``*_max``, tables keyed by role must use role names from
:data:`sim.vocabulary.ROLES`, names of regions must refer to ``scenario.regions``, platform user
shares must sum to 1 and the spillover input-output table must be usable. The first problem
found raises :class:`ConfigError`, whose message names the dotted key, the value and what is
allowed, in one paragraph.

:func:`describe_allowed` and :func:`describe_keys` say in words what a key accepts; the command
line (:mod:`sim.run.app`) uses them to explain type errors and unknown keys found by Hydra.

:func:`configured` builds a checked configuration from keyword parameters (top-level and dotted
keys), the way :class:`~sim.model.model.DramaLabourModel` is built by Mesa's ``batch_run`` and
SolaraViz. This module sits below the model and the run layer (it imports only
:mod:`sim.config` and :mod:`sim.vocabulary`), so that both can use it.
"""

import copy
import math
from collections.abc import Mapping
from dataclasses import fields, is_dataclass
from fnmatch import fnmatchcase
from numbers import Integral, Real
from typing import Any, get_args, get_origin, get_type_hints

import numpy as np

from sim.config import DramaSimConfig
from sim.vocabulary import ORIGINS, ROLES

ROLE_TABLES = (
    "scenario.micro_workforce",
    "scenario.long_workforce",
    "ai.automation",
    "market.day_rate_yuan",
    "market.core_team",
    "production.*.team",
    "production.*.work_share",
    "production.*.call_days",
    "market.daily_availability",
)
"""Dotted keys (``*`` matches any part) of the dict fields keyed by role name."""

SHARE_TABLES = ("ai.automation", "production.*.work_share", "market.daily_availability")
"""Role tables whose values are shares in [0, 1] rather than non-negative amounts."""

TIMESERIES_STEPS = ("month", "day")
USER_SHARE_TOLERANCE = 1e-6


UNKNOWN = object()
"""The value of a :class:`ConfigError` whose value only its ``problem`` text can tell."""


class ConfigError(Exception):
    """A configuration value that the model cannot run with.

    ``key`` is the dotted key, ``value`` the offending value (or :data:`UNKNOWN`) and
    ``allowed`` a phrase saying what the key accepts; ``problem`` says what is wrong.
    """

    def __init__(self, key: str, value: Any, allowed: str, problem: str = "is out of range"):
        self.key = key
        self.value = value
        self.allowed = allowed
        self.problem = problem
        shown = "" if value is UNKNOWN else f" = {show(value)}"
        super().__init__(f"Invalid configuration: `{key}`{shown} {problem}; allowed: {allowed}.")


def show(value: Any) -> str:
    """A value as it is written in a config: strings quoted, null, true and false in YAML."""
    if isinstance(value, str):
        return repr(value)
    if value is None or isinstance(value, bool):
        return {None: "null", True: "true", False: "false"}[value]
    return str(value)


def validate(cfg: DramaSimConfig) -> None:
    """Raise :class:`ConfigError` for the first invalid value in ``cfg``; return if all is well."""
    _check_node(cfg, "")
    _check_references(cfg)
    _check_platforms(cfg)
    _check_spillover(cfg)
    _check_studios(cfg)
    if cfg.output.timeseries not in TIMESERIES_STEPS:
        raise ConfigError(
            "output.timeseries",
            cfg.output.timeseries,
            " or ".join(TIMESERIES_STEPS),
            problem="is not a known time step",
        )


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _check_node(node: Any, path: str) -> None:
    """Check one dataclass instance and everything below it."""
    names = [f.name for f in fields(node)]
    extras = sorted(vars(node).keys() - set(names))
    if extras:
        raise ConfigError(
            _join(path, extras[0]),
            getattr(node, extras[0]),
            describe_keys(path),
            problem="is not a known key",
        )
    hints = get_type_hints(type(node))
    for f in fields(node):
        key = _join(path, f.name)
        value = getattr(node, f.name)
        if "range" in f.metadata:
            _check_number(key, value, hints[f.name], f.metadata)
        elif is_dataclass(value):
            _check_node(value, key)
        elif isinstance(value, dict):
            if is_role_table(key):
                _check_role_table(key, value)
            for name, item in value.items():
                if is_dataclass(item):
                    _check_node(item, _join(key, name))
    for name in names:
        if name.endswith("_min") and f"{name[:-4]}_max" in names:
            _check_min_max(node, path, name, f"{name[:-4]}_max")


def _check_number(key: str, value: Any, kind: type, metadata: dict) -> None:
    """A numeric field: the right type, finite, and inside its range."""
    expected = Integral if kind is int else Real
    if isinstance(value, bool) or not isinstance(value, expected):
        raise ConfigError(key, value, range_phrase(kind, metadata), problem="has the wrong type")
    low, high = metadata["range"]
    inside = (low is None or value >= low) and (high is None or value <= high)
    if not (math.isfinite(value) and inside):
        raise ConfigError(key, value, range_phrase(kind, metadata))


def _check_min_max(node: Any, path: str, low_name: str, high_name: str) -> None:
    low, high = getattr(node, low_name), getattr(node, high_name)
    if low > high:
        raise ConfigError(
            _join(path, low_name),
            low,
            f"a value no greater than `{_join(path, high_name)}` = {high}",
            problem="is greater than its maximum",
        )


def is_role_table(key: str) -> bool:
    """True if the dotted key names a table keyed by role (see :data:`ROLE_TABLES`)."""
    return any(fnmatchcase(key, pattern) for pattern in ROLE_TABLES)


def _role_value_phrase(key: str) -> str:
    if any(fnmatchcase(key, pattern) for pattern in SHARE_TABLES):
        return "a number from 0.0 to 1.0 (share)"
    return "a number of at least 0.0"


def _check_role_table(key: str, table: dict) -> None:
    """Keys must be role names; values non-negative numbers (shares where the table says so)."""
    high = 1.0 if any(fnmatchcase(key, pattern) for pattern in SHARE_TABLES) else math.inf
    for role, value in table.items():
        if role not in ROLES:
            raise ConfigError(
                _join(key, role), value, describe_keys(key), problem="is not a known role"
            )
        number = isinstance(value, Real) and not isinstance(value, bool)
        if not (number and 0.0 <= value <= high):
            raise ConfigError(_join(key, role), value, _role_value_phrase(key))


ROLE_LISTS = ("market.local_only_roles", "market.key_roles", "turnover.shortage_entry_roles")
"""Config keys holding lists of role names."""


def _check_references(cfg: DramaSimConfig) -> None:
    """Role lists must name roles; region names used by the policy and the region graph must be
    regions of the scenario."""
    for key in ROLE_LISTS:
        group, name = key.split(".")
        for role in getattr(getattr(cfg, group), name):
            if role not in ROLES:
                raise ConfigError(
                    key, role, f"role names: {', '.join(ROLES)}", problem="is not a known role"
                )
    regions = list(cfg.scenario.regions)
    allowed = f"names of regions in `scenario.regions`: {', '.join(regions)}"
    for region in cfg.policy.gig_market_regions:
        if region not in regions:
            raise ConfigError(
                "policy.gig_market_regions", region, allowed, problem="is not a known region"
            )
    for link in cfg.scenario.region_links:
        if len(link) != 2 or any(region not in regions for region in link):
            raise ConfigError(
                "scenario.region_links",
                list(link),
                f"pairs of {allowed}",
                problem="is not a pair of known regions",
            )
    profiles = cfg.scenario.worker_profiles
    for origin in profiles:
        if origin not in ORIGINS:
            raise ConfigError(
                f"scenario.worker_profiles.{origin}",
                UNKNOWN,
                f"profiles named after origins: {', '.join(ORIGINS)}",
                problem="is not a known origin",
            )
    missing = [origin for origin in ORIGINS if origin not in profiles]
    if missing:
        raise ConfigError(
            "scenario.worker_profiles",
            UNKNOWN,
            f"a profile for every origin: {', '.join(ORIGINS)}",
            problem=f"has no profile for {missing[0]}",
        )


def _check_platforms(cfg: DramaSimConfig) -> None:
    total = sum(platform.user_share for platform in cfg.scenario.platforms.values())
    if abs(total - 1.0) > USER_SHARE_TOLERANCE:
        raise ConfigError(
            "scenario.platforms.*.user_share",
            round(total, 9),
            f"user shares that sum to 1 (within {USER_SHARE_TOLERANCE:g})",
            problem="in total, which is not 1",
        )


def _check_studios(cfg: DramaSimConfig) -> None:
    """Cash per unit at which studios close, shrink and grow must come in that order."""
    studios = cfg.studios
    lines = (("closure", "shrink"), ("shrink", "growth"))
    for lower, upper in lines:
        low, high = (getattr(studios, f"{name}_cash_titles") for name in (lower, upper))
        if low >= high:
            raise ConfigError(
                f"studios.{lower}_cash_titles",
                low,
                f"a value below `studios.{upper}_cash_titles` = {high}",
                problem=f"is not below the cash per unit of `studios.{upper}_cash_titles`",
            )


def _check_spillover(cfg: DramaSimConfig) -> None:
    """The input-output table: one row and column per sector, non-negative, convergent."""
    spillover = cfg.spillover
    size = len(spillover.sectors)
    matrix = spillover.technical_coefficients
    shape = f"a {size} x {size} matrix of numbers of at least 0 (one row and column per sector)"
    try:
        coefficients = np.array(matrix, dtype=float)
    except (TypeError, ValueError):
        coefficients = None
    if (
        coefficients is None
        or coefficients.shape != (size, size)
        or not np.all(np.isfinite(coefficients))
        or np.any(coefficients < 0)
    ):
        raise ConfigError("spillover.technical_coefficients", matrix, shape, problem="is invalid")
    radius = float(np.max(np.abs(np.linalg.eigvals(coefficients)))) if size else 0.0
    if radius >= 1.0:
        raise ConfigError(
            "spillover.technical_coefficients",
            matrix,
            "a matrix with spectral radius below 1, so that the Leontief inverse exists",
            problem=f"has spectral radius {radius:.3g}",
        )
    jobs = spillover.jobs_per_million_yuan
    numbers = all(isinstance(x, Real) and not isinstance(x, bool) and x >= 0 for x in jobs)
    if len(jobs) != size or not numbers:
        raise ConfigError(
            "spillover.jobs_per_million_yuan",
            list(jobs),
            f"a list of {size} numbers of at least 0 (jobs per million yuan, one per sector)",
            problem="is invalid",
        )


def range_phrase(kind: type, metadata: dict) -> str:
    """Words for a numeric field's type, range and unit, e.g. 'an integer from 1 to 50 (days)'."""
    noun = "an integer" if kind is int else "a number"
    low, high = metadata["range"]
    if low is not None and high is not None:
        phrase = f"{noun} from {low} to {high}"
    elif low is not None:
        phrase = f"{noun} of at least {low}"
    elif high is not None:
        phrase = f"{noun} of at most {high}"
    else:
        phrase = noun
    unit = metadata.get("unit")
    return f"{phrase} ({unit})" if unit else phrase


def _schema_at(key: str) -> tuple[Any, Any] | None:
    """The (type, field metadata) the schema gives a dotted key, or None if it has no such key."""
    kind: Any = DramaSimConfig
    metadata: Any = {}
    for part in key.split("."):
        if is_dataclass(kind):
            match = [f for f in fields(kind) if f.name == part]
            if not match:
                return None
            kind, metadata = get_type_hints(kind)[part], match[0].metadata
        elif get_origin(kind) is dict:
            kind, metadata = get_args(kind)[1], {}
        else:
            return None
    return kind, metadata


def describe_allowed(key: str) -> str:
    """Words for what a dotted key accepts, e.g. 'an integer from 1 to 50 (simulated years...)'."""
    parent, _, name = key.rpartition(".")
    if is_role_table(parent):
        return _role_value_phrase(parent) if name in ROLES else describe_keys(parent)
    found = _schema_at(key)
    if found is None:
        return describe_keys(parent)
    kind, metadata = found
    if "range" in metadata:
        return range_phrase(kind, metadata)
    if key == "output.timeseries":
        return " or ".join(TIMESERIES_STEPS)
    if is_dataclass(kind):
        return f"a group of settings with {describe_keys(key)}"
    phrases = {bool: "true or false", str: "a string", int: "an integer", float: "a number"}
    return phrases.get(kind) or f"a {getattr(get_origin(kind), '__name__', 'value')}"


def describe_keys(key: str) -> str:
    """Words for the keys allowed under a dotted key ('' for the top level)."""
    if is_role_table(key):
        return f"a role name: one of {', '.join(ROLES)}"
    found = _schema_at(key) if key else (DramaSimConfig, {})
    if found is None:
        return describe_keys(key.rpartition(".")[0])
    kind = found[0]
    if is_dataclass(kind):
        where = f"under `{key}`" if key else "at the top level"
        return f"the keys {where}: {', '.join(f.name for f in fields(kind))}"
    return "any name"


def configured(base: DramaSimConfig | None = None, /, **overrides: Any) -> DramaSimConfig:
    """A checked copy of ``base`` (the calibrated baseline if None) with ``overrides`` applied.

    Keys are the config's own: top-level (``scale=500``) or dotted (``**{"ai.title_share": 0.3}``,
    ``**{"scenario.micro_workforce.extra": 4e5}``). A group or table given a mapping has its
    entries set one by one, as a Hydra override would merge them
    (``business_model={"free_share": 1.0}``). An integer given for a decimal key becomes a float.
    ``base`` is not changed.

    Raises :class:`ConfigError` naming the first unknown key or invalid value (the checks of
    :func:`validate`).
    """
    config = copy.deepcopy(base) if base is not None else DramaSimConfig()
    for key, value in overrides.items():
        _override(config, key, value)
    validate(config)
    return config


def _override(config: DramaSimConfig, key: str, value: Any) -> None:
    """Set one dotted key of ``config`` (in place) to ``value``."""
    parent_key, _, name = key.rpartition(".")
    found = _schema_at(key) if name else None
    if found is None:
        raise ConfigError(key, value, describe_keys(parent_key), problem="is not a known key")
    kind = found[0]
    parent = _node_at(config, parent_key, value)
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, Mapping) and (is_dataclass(kind) or get_origin(kind) is dict):
        if _entry(parent, name) is None:  # a new entry of a table: start from its defaults
            _put(parent, name, kind() if is_dataclass(kind) else {})
        for item, item_value in value.items():
            _override(config, f"{key}.{item}", item_value)
        return
    _put(parent, name, _checked(key, kind, value))


def _node_at(config: DramaSimConfig, key: str, value: Any) -> Any:
    """The group or table at a dotted key ('' for the whole config)."""
    node: Any = config
    where = ""
    for part in key.split(".") if key else []:
        child = _entry(node, part)
        if child is None:
            names = ", ".join(node) if isinstance(node, dict) else describe_keys(where)
            raise ConfigError(
                _join(where, part), value, f"one of {names}", problem="is not a known key"
            )
        node, where = child, _join(where, part)
    return node


def _entry(node: Any, name: str) -> Any:
    return node.get(name) if isinstance(node, dict) else getattr(node, name, None)


def _put(node: Any, name: str, value: Any) -> None:
    if isinstance(node, dict):
        node[name] = value
    else:
        setattr(node, name, value)


def _checked(key: str, kind: Any, value: Any) -> Any:
    """``value`` as the schema's ``kind`` holds it (numbers are range-checked by validate)."""
    wrong = False
    if kind is float and isinstance(value, Integral) and not isinstance(value, bool):
        value = float(value)
    elif kind is bool or kind is str:
        wrong = not isinstance(value, kind)
    elif get_origin(kind) is list:
        wrong = not isinstance(value, list | tuple)
        value = [list(item) if isinstance(item, tuple) else item for item in value or []]
    elif is_dataclass(kind) or get_origin(kind) is dict:
        wrong = not isinstance(value, kind if is_dataclass(kind) else Mapping)
        value = copy.deepcopy(value)
    if wrong:
        raise ConfigError(key, value, describe_allowed(key), problem="has the wrong type")
    return value
