"""Sensitivity designs as sweeps: from ``analysis`` (``+analysis=morris``, ``+analysis=sobol``)
to one job per design row.

The ``dramasim`` sweeper calls :func:`analysis_sweep` when the composed config has an
``analysis`` node, and :func:`sim.run.app.sweep_jobs` does the same to check every job before
any starts. The design is drawn with SALib from the parameters' ranges
(``configs/analysis/parameters/ranges.yaml``) and is deterministic given ``seed``: re-running
into the same ``hydra.sweep.dir`` gives the same jobs, so the jobs whose outputs are complete
are skipped as in any sweep. Each job gets the design row's parameter values as overrides and
``analysis.row=<row>``. The design is written to ``DIR/design.parquet`` (one row per design
row: ``row`` and each parameter's sampled value) and ``DIR/design.json`` (the method, the
parameters with their ranges and bases, the design's size and seed), which
:mod:`sim.analysis.sensitivity` reads.

Job numbers: replicates are the outer loop, as in other sweeps, so job
``replicate * rows + row`` runs ``row``.
"""

import json
from dataclasses import asdict
from pathlib import Path

import numpy as np
import pandas as pd

from sim.config import AnalysisConfig, ParameterRange
from sim.files import atomic_file, write_text
from sim.run.validation import ConfigError
from sim.validation import _schema_at

DESIGN = "design.parquet"
DESIGN_INFO = "design.json"
METHODS = ("morris", "sobol")


def is_integer(key: str) -> bool:
    """True if the config key ``key`` holds an integer."""
    found = _schema_at(key)
    return found is not None and found[0] is int


def parameter_ranges(
    analysis: AnalysisConfig, fixed: frozenset[str] | set[str] = frozenset()
) -> list[ParameterRange]:
    """The parameters the design varies: those of ``analysis.parameters`` named in
    ``analysis.include`` (all when it is empty), less the keys in ``fixed`` (set on the command
    line). Raises :class:`ConfigError` for an unknown method or key, an empty range or one
    outside the key's allowed range."""
    if analysis.method not in METHODS:
        raise ConfigError("analysis.method", analysis.method, f"one of {', '.join(METHODS)}")
    known = [parameter.key for parameter in analysis.parameters]
    unknown = [key for key in analysis.include if key not in known]
    if unknown:
        raise ConfigError(
            "analysis.include",
            unknown[0],
            f"keys listed in analysis.parameters: {', '.join(known)}",
            problem="is not a parameter with a range",
        )
    chosen = [
        parameter
        for parameter in analysis.parameters
        if (not analysis.include or parameter.key in analysis.include)
        and parameter.key not in fixed
    ]
    for parameter in chosen:
        _check_range(parameter)
    if len(chosen) < 2:
        raise ConfigError(
            "analysis.include",
            list(analysis.include),
            "at least two parameters not set on the command line",
            problem="leaves too few parameters to vary",
        )
    return chosen


def _check_range(parameter: ParameterRange) -> None:
    found = _schema_at(parameter.key)
    where = f"analysis.parameters[{parameter.key}]"
    if found is None or found[0] not in (int, float) or "range" not in found[1]:
        raise ConfigError(where, parameter.key, "a numeric config key", "is not a numeric key")
    low, high = found[1]["range"]
    if not parameter.low < parameter.high:
        raise ConfigError(where, [parameter.low, parameter.high], "low < high", "is empty")
    outside = (low is not None and parameter.low < low) or (
        high is not None and parameter.high > high
    )
    if outside:
        raise ConfigError(
            where,
            [parameter.low, parameter.high],
            f"a range inside the key's allowed [{low}, {high}]",
        )


def problem(parameters: list[ParameterRange]) -> dict:
    """SALib's problem definition for ``parameters``."""
    return {
        "num_vars": len(parameters),
        "names": [parameter.key for parameter in parameters],
        "bounds": [[float(parameter.low), float(parameter.high)] for parameter in parameters],
    }


def design_matrix(
    analysis: AnalysisConfig, parameters: list[ParameterRange], seed: int
) -> np.ndarray:
    """The design, one row per job and one column per parameter, deterministic in ``seed``."""
    spec = problem(parameters)
    if analysis.method == "morris":
        from SALib.sample import morris

        return morris.sample(spec, analysis.trajectories, num_levels=analysis.levels, seed=seed)
    from SALib.sample import sobol

    return sobol.sample(spec, analysis.samples, calc_second_order=analysis.second_order, seed=seed)


def format_value(key: str, value: float) -> str:
    """A design value as an override: integers rounded, floats in full precision."""
    return str(round(value)) if is_integer(key) else repr(float(value))


def design_table(
    analysis: AnalysisConfig, seed: int, fixed: frozenset[str] | set[str] = frozenset()
) -> tuple[pd.DataFrame, list[ParameterRange]]:
    """The design as a table (``row`` and one column per parameter) and its parameters."""
    parameters = parameter_ranges(analysis, fixed)
    bounds = np.array(problem(parameters)["bounds"])
    # SALib scales the unit design to the bounds in floating point (0.9000000000000001): clip,
    # so that a value at a bound stays inside a key's allowed range
    matrix = np.clip(design_matrix(analysis, parameters, seed), bounds[:, 0], bounds[:, 1])
    table = pd.DataFrame(matrix, columns=[parameter.key for parameter in parameters])
    table.insert(0, "row", np.arange(len(table)))
    return table, parameters


def row_overrides(table: pd.DataFrame, parameters: list[ParameterRange]) -> list[list[str]]:
    """The overrides of each design row: ``analysis.row`` and every parameter's value."""
    keys = [parameter.key for parameter in parameters]
    values = table[keys].to_numpy()
    return [
        [f"analysis.row={int(row)}"]
        + [f"{key}={format_value(key, value)}" for key, value in zip(keys, line, strict=True)]
        for row, line in zip(table["row"], values, strict=True)
    ]


def design_jobs(
    analysis: AnalysisConfig,
    seed: int,
    replicates: int,
    arguments: list[str],
    fixed: frozenset[str] | set[str] = frozenset(),
) -> tuple[pd.DataFrame, list[ParameterRange], list[list[str]]]:
    """The design and the task overrides of each job: ``arguments`` (the command line's, no
    sweeps), then ``replicate`` when ``replicates`` > 1, then the row's overrides."""
    table, parameters = design_table(analysis, seed, fixed)
    rows = row_overrides(table, parameters)
    if replicates <= 1:
        return table, parameters, [[*arguments, *row] for row in rows]
    jobs = [
        [*arguments, f"replicate={replicate}", *row]
        for replicate in range(replicates)
        for row in rows
    ]
    return table, parameters, jobs


def write_design(
    sweep_dir: Path,
    table: pd.DataFrame,
    parameters: list[ParameterRange],
    analysis: AnalysisConfig,
    seed: int,
    replicates: int,
) -> None:
    """``design.parquet`` and ``design.json`` into ``sweep_dir``, atomically."""
    sweep_dir = Path(sweep_dir)
    sweep_dir.mkdir(parents=True, exist_ok=True)
    with atomic_file(sweep_dir / DESIGN, "wb") as handle:
        table.to_parquet(handle, index=False)
    info = {
        "method": analysis.method,
        "seed": int(seed),
        "replicates": int(replicates),
        "rows": len(table),
        "trajectories": analysis.trajectories,
        "levels": analysis.levels,
        "samples": analysis.samples,
        "second_order": analysis.second_order,
        "outputs": list(analysis.outputs),
        "parameters": [
            {**asdict(parameter), "integer": is_integer(parameter.key)} for parameter in parameters
        ],
    }
    write_text(sweep_dir / DESIGN_INFO, json.dumps(info, indent=2) + "\n")


def analysis_of(config: object) -> AnalysisConfig | None:
    """The ``analysis`` node of a composed config (DictConfig) as a typed object, or None."""
    from omegaconf import OmegaConf

    node = config.get("analysis")
    if node is None:
        return None
    analysis = OmegaConf.to_object(node)
    if not isinstance(analysis, AnalysisConfig):  # a config composed without the schema
        analysis = AnalysisConfig(**{**asdict(AnalysisConfig()), **analysis})
        analysis.parameters = [ParameterRange(**dict(p)) for p in analysis.parameters]
    return analysis


def analysis_sweep(config: object, arguments: list[str], sweep_dir: Path | None) -> list[list[str]]:
    """The task overrides of every job of the sensitivity sweep ``config`` asks for
    (:func:`design_jobs`); with ``sweep_dir``, the design is also written there.

    ``config`` is the composed config (DictConfig); ``arguments`` the sweep's task overrides
    (the command line's and ``hydra.sweeper.params``). A parameter set by one of them is held
    at that value and left out of the design. Raises :class:`ConfigError` if one of them is a
    sweep: a design's jobs are its rows.
    """
    from hydra.core.override_parser.overrides_parser import OverridesParser

    analysis = analysis_of(config)
    if analysis is None:
        raise ValueError("the config has no analysis node")
    parsed = OverridesParser.create().parse_overrides(list(arguments))
    for override in parsed:
        if override.is_sweep_override():
            raise ConfigError(
                override.key_or_group,
                override.input_line.partition("=")[2],
                "a single value: an analysis sweep's jobs are the rows of its design",
                problem="is a sweep",
            )
    fixed = {override.key_or_group for override in parsed}
    seed, replicates = int(config.get("seed")), int(config.get("replicates", 1))
    table, parameters, jobs = design_jobs(analysis, seed, replicates, list(arguments), fixed)
    if sweep_dir is not None:
        write_design(sweep_dir, table, parameters, analysis, seed, replicates)
    return jobs
