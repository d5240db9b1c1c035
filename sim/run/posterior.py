"""Runs with parameter values drawn from a table of particles: ``parameters.posterior=PATH``.

A posterior (``python -m sim.calibrate`` writes one) is a parquet file with one row per
particle: a column per dotted config key holding the particle's values, and a ``weight`` column
(non-negative, summing to 1). A run takes one row and puts its values into the composed config
before the config is checked, run and written into the ``done`` marker, so a re-run with the
same row is recognised as complete. Which row:

* ``parameters.draw=weight`` (the default): replicate ``r`` draws a particle by weight, with a
  random number fixed by ``r`` alone. The same replicate gets the same particle in every arm of an
  experiment (paired comparisons); across replicates the particles follow the weights, so the
  intervals of findings over replicates cover parameter uncertainty as well as the model's noise;
* ``parameters.draw=replicate``: replicate ``r`` runs row ``r`` (calibration runs each candidate
  once this way; the ``weight`` column is then optional).

A posterior's values override the config's (and the command line's) for its keys. Every problem
of the file (missing, unreadable, a column that is not a numeric config key, a value outside a
key's allowed range, bad weights, a replicate beyond the rows) is a :class:`ConfigError` raised
while the command line is checked, before any simulation starts.
"""

import hashlib
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from sim.config import POSTERIOR_DRAWS, DramaSimConfig
from sim.run.validation import ConfigError
from sim.validation import _schema_at

WEIGHT = "weight"
DRAW_STREAM = 20251
"""Mixed with the replicate number into the seed of the draw by weight (any fixed number: it
keeps the draw's random stream apart from the model's ``SeedSequence([seed, replicate])``)."""


@dataclass(frozen=True)
class Particles:
    """A validated table of particles: the keys, their values (rows x keys) and the weights
    (summing to 1; None if the file has none)."""

    path: str
    sha256: str
    keys: tuple[str, ...]
    values: np.ndarray
    weights: np.ndarray | None


def _bad(path: object, allowed: str, problem: str) -> ConfigError:
    return ConfigError("parameters.posterior", str(path), allowed, problem)


def read_particles(path: str | Path) -> Particles:
    """The particles of ``path``, checked (see the module's docstring); cached per file version.
    A relative path that does not exist from the working folder is looked up in the config
    folder (so ``calibrate/baseline_posterior.parquet``, the committed posterior, is found from
    anywhere, and in an installed wheel)."""
    from sim.run.app import config_dir  # here: the app imports this module

    path = Path(path).expanduser()
    if not path.is_absolute() and not path.exists() and (config_dir() / path).exists():
        path = config_dir() / path
    path = path.resolve()
    try:
        stat = path.stat()
    except OSError:
        raise _bad(path, "the path of a parquet file of particles", "does not exist") from None
    return _read(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _read(path: Path, mtime_ns: int, size: int) -> Particles:
    import pandas as pd

    try:
        data = path.read_bytes()
        table = pd.read_parquet(path)
    except (OSError, ValueError) as error:  # pyarrow's errors derive from ValueError
        raise _bad(path, "a readable parquet file", f"cannot be read ({error})") from None
    keys = tuple(str(column) for column in table.columns if column != WEIGHT)
    if table.empty or not keys:
        raise _bad(path, "at least one row and one parameter column", "holds no particles")
    for key in keys:
        _check_column(path, key, table[key])
    weights = None
    if WEIGHT in table:
        weights = pd.to_numeric(table[WEIGHT], errors="coerce").to_numpy(dtype=float)
        if not (np.isfinite(weights).all() and (weights >= 0).all() and weights.sum() > 0):
            raise _bad(path, "non-negative finite weights, not all 0", "has bad weights")
        weights = weights / weights.sum()
    values = table[list(keys)].to_numpy(dtype=float)
    return Particles(str(path), hashlib.sha256(data).hexdigest(), keys, values, weights)


def _check_column(path: Path, key: str, column) -> None:
    """A column must be a numeric config key with finite values inside its allowed range."""
    found = _schema_at(key)
    if found is None or found[0] not in (int, float) or "range" not in found[1]:
        raise ConfigError(
            f"parameters.posterior[{key}]",
            str(path),
            "columns named by numeric config keys (such as market.referral_share) and weight",
            problem="has a column that is not a numeric config key",
        )
    try:
        values = np.asarray(column, dtype=float)
    except (TypeError, ValueError):
        values = np.array([math.nan])
    low, high = found[1]["range"]
    outside = ~np.isfinite(values)
    if low is not None:
        outside |= values < low
    if high is not None:
        outside |= values > high
    if outside.any():
        raise ConfigError(
            f"parameters.posterior[{key}]",
            column.iloc[int(np.argmax(outside))],
            f"numbers in [{low}, {high}]",
            problem="holds a value outside the key's allowed range",
        )


def particle_for(replicate: int, weights: np.ndarray) -> int:
    """The particle replicate ``replicate`` runs: a draw by ``weights`` (summing to 1) from a
    random number fixed by the replicate alone."""
    u = np.random.default_rng([DRAW_STREAM, int(replicate)]).random()
    return int(min(np.searchsorted(np.cumsum(weights), u, side="right"), len(weights) - 1))


def chosen(particles: Particles, replicate: int, draw: str) -> int:
    """The row a run of ``replicate`` takes under ``parameters.draw=draw``."""
    if draw not in POSTERIOR_DRAWS:
        raise ConfigError("parameters.draw", draw, " or ".join(POSTERIOR_DRAWS), "is not known")
    if draw == "replicate":
        if replicate >= len(particles.values):
            raise ConfigError(
                "replicate",
                replicate,
                f"a row of {particles.path}: 0 to {len(particles.values) - 1}",
                problem="has no row with parameters.draw=replicate",
            )
        return replicate
    if particles.weights is None:
        raise _bad(particles.path, f"a {WEIGHT} column with parameters.draw=weight", "has none")
    return particle_for(replicate, particles.weights)


def drawn_values(parameters_node, replicate: int) -> tuple[Particles, int, dict[str, float]]:
    """The particles, the row and its values (integers rounded for integer keys) of a run whose
    ``parameters`` node (typed or DictConfig) and replicate are given."""
    particles = read_particles(parameters_node.posterior)
    row = chosen(particles, int(replicate), str(parameters_node.draw))
    values = {}
    for key, value in zip(particles.keys, particles.values[row], strict=True):
        values[key] = round(value) if _schema_at(key)[0] is int else float(value)
    return particles, row, values


def apply_posterior(cfg) -> None:
    """Put the drawn particle's values into the composed config ``cfg`` (a DictConfig, in
    place); nothing when ``parameters.posterior`` is empty. Raises :class:`ConfigError`."""
    from omegaconf import OmegaConf

    node = cfg.get("parameters")
    if node is None or not node.get("posterior"):
        return
    replicate = cfg.get("replicate", 0)
    if not isinstance(replicate, int) or replicate < 0:
        return  # validation refuses it, naming the key and what is allowed
    _, _, values = drawn_values(node, replicate)
    for key, value in values.items():
        OmegaConf.update(cfg, key, value, merge=False)


def provenance_of_draw(config: DramaSimConfig) -> dict | None:
    """What provenance.json records of a run's particle: the file, its hash, the row and its
    values; None without a posterior."""
    if not config.parameters.posterior:
        return None
    particles, row, values = drawn_values(config.parameters, config.replicate)
    weight = None if particles.weights is None else float(particles.weights[row])
    return {
        "posterior": particles.path,
        "sha256": particles.sha256,
        "draw": config.parameters.draw,
        "particle": row,
        "weight": weight,
        "values": values,
    }
