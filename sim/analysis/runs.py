"""Find and load the output folders of dramasim runs, for comparison and figures.

A run folder holds ``summary.json`` (one flat ``"dotted.name": number`` object measured over the
last simulated year; headcounts in real people, durations in days), ``timeseries.parquet`` (one
row per simulated month or day), ``provenance.json`` (where the results came from: version, git
commit, package versions...; runs made before it was written lack it) and Hydra's
``.hydra/config.yaml``, ``.hydra/overrides.yaml`` and ``.hydra/hydra.yaml`` (read for the config
group options chosen, such as ``ai: high``). A sweep folder holds numbered run folders; a folder
of sweeps holds sweeps. This module reads only those files and never imports the model, so
results written by older versions of the model stay comparable with new ones.
"""

import json
import os
import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pandas as pd
import yaml

from sim.files import ERROR, PROVENANCE, SUMMARY, TIMESERIES, atomic_file

CONFIG = Path(".hydra", "config.yaml")
OVERRIDES = Path(".hydra", "overrides.yaml")
HYDRA = Path(".hydra", "hydra.yaml")

CONFIG_PREFIX = "config."
"""Prefix of config columns, which keeps a config key (the ``ai.title_share`` lever) apart from
the summary metric of the same name (the measured ``ai.title_share``)."""
CHOICE_PREFIX = "choice."
"""Prefix of the columns holding the option chosen in each config group (``choice.ai``)."""
REPLICATION_COLUMNS = (CONFIG_PREFIX + "seed", CONFIG_PREFIX + "replicate")
"""Config columns that tell replicates of one setting apart: never a swept lever."""
ALWAYS_KEPT = (*REPLICATION_COLUMNS, CONFIG_PREFIX + "scale", CONFIG_PREFIX + "years")
"""Config columns kept in the runs table even when every run has the same value."""
PROVENANCE_PREFIX = "provenance."
"""Prefix of the columns holding a run's ``provenance.json``, flattened
(``provenance.git_commit``, ``provenance.packages.numpy``)."""
RUN_COLUMNS = ("source", "run_dir", "overrides")
"""Columns of the runs table that are neither config values nor metrics."""


class NoRunsError(ValueError):
    """A folder given for comparison does not exist or holds no complete run."""


def display_name(column: str) -> str:
    """A runs-table column as people write it on the command line: config keys and groups
    without their ``config.`` or ``choice.`` prefix."""
    return column.removeprefix(CONFIG_PREFIX).removeprefix(CHOICE_PREFIX)


def format_value(value: object) -> str:
    """A config value as people write it: ``0.3`` rather than ``0.30000000000000004``."""
    return f"{value:g}" if isinstance(value, float) else str(value)


def config_columns(runs: pd.DataFrame) -> list[str]:
    """The config columns (group choices and values) of a runs table, in table order."""
    return [column for column in runs.columns if column.startswith((CHOICE_PREFIX, CONFIG_PREFIX))]


def metric_columns(runs: pd.DataFrame) -> list[str]:
    """The summary-metric columns of a runs table, in table order."""
    return [
        column
        for column in runs.columns
        if column not in RUN_COLUMNS
        and not column.startswith((CHOICE_PREFIX, CONFIG_PREFIX, PROVENANCE_PREFIX))
    ]


def provenance_columns(runs: pd.DataFrame) -> list[str]:
    """The provenance columns of a runs table, in table order."""
    return [column for column in runs.columns if column.startswith(PROVENANCE_PREFIX)]


def _natural_key(name: str) -> list:
    """Sort key that puts job folder ``10`` after ``9``."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)]


def _last_line(path: Path) -> str:
    """The last non-empty line of a text file (the exception message of a traceback)."""
    lines = path.read_text(errors="replace").strip().splitlines()
    return lines[-1].strip()[:200] if lines else "empty error.txt"


def find_runs(root: Path) -> tuple[list[Path], list[str]]:
    """Run folders at or below ``root``, in natural order, and one message per folder skipped.

    A folder with ``summary.json`` is a complete run. A folder with ``error.txt`` but no summary
    is a failed job, and one with only ``.hydra/`` an unfinished run: both are skipped. Hidden
    folders and the inside of run folders are not searched.
    """
    runs: list[Path] = []
    skipped: list[str] = []
    for folder, subfolders, files in os.walk(root):
        here = Path(folder)
        if SUMMARY in files:
            runs.append(here)
        elif ERROR in files:
            skipped.append(f"skipping {here}: failed job ({_last_line(here / ERROR)})")
        elif ".hydra" in subfolders:
            skipped.append(f"skipping {here}: unfinished run (no {SUMMARY})")
        else:
            subfolders[:] = sorted(
                (name for name in subfolders if not name.startswith(".")), key=_natural_key
            )
            continue
        subfolders.clear()
    return runs, skipped


def _scalar(value: object) -> object:
    """A config value as one parquet-friendly scalar: lists become JSON text, dates ISO text."""
    if isinstance(value, list):
        return json.dumps(value, default=str)
    if isinstance(value, date):
        return value.isoformat()
    return value


def flatten(tree: dict, prefix: str = "") -> dict[str, object]:
    """A nested mapping as one flat mapping with dotted keys (``{"ai": {"x": 1}}`` → ``ai.x``)."""
    flat: dict[str, object] = {}
    for key, value in tree.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, f"{name}."))
        else:
            flat[name] = _scalar(value)
    return flat


def _read_yaml(path: Path, default: object) -> object:
    """The parsed YAML file, or ``default`` when it does not exist or is empty."""
    if not path.is_file():
        return default
    parsed = yaml.safe_load(path.read_text())
    return default if parsed is None else parsed


def load_run(run_dir: Path) -> dict[str, object]:
    """One run as a flat row: the option chosen in each config group (``choice.`` prefix;
    Hydra's own groups left out), config values (``config.`` prefix), overrides, metrics and,
    when the run wrote it, its provenance (``provenance.`` prefix).

    A ``null`` summary value (a metric that could not be measured) becomes NaN. Raises
    ``ValueError`` (or ``yaml.YAMLError``) when ``summary.json`` is not a flat JSON object of
    numbers or a Hydra file cannot be parsed.
    """
    summary = json.loads((run_dir / SUMMARY).read_text())
    if not isinstance(summary, dict):
        raise ValueError(f"{SUMMARY} is not a JSON object")
    not_numbers = [
        name
        for name, value in summary.items()
        if isinstance(value, bool) or not isinstance(value, int | float | None)
    ]
    if not_numbers:
        raise ValueError(f"{SUMMARY} values that are not numbers: {', '.join(not_numbers[:5])}")
    config = _read_yaml(run_dir / CONFIG, {})
    overrides = _read_yaml(run_dir / OVERRIDES, [])
    hydra = _read_yaml(run_dir / HYDRA, {})
    if not all(isinstance(part, dict) for part in (config, hydra)) or not isinstance(
        overrides, list
    ):
        raise ValueError("malformed YAML in .hydra/")
    provenance = json.loads(path.read_text()) if (path := run_dir / PROVENANCE).is_file() else {}
    if not isinstance(provenance, dict):
        raise ValueError(f"{PROVENANCE} is not a JSON object")
    choices = ((hydra.get("hydra") or {}).get("runtime") or {}).get("choices") or {}
    return {
        **{
            CHOICE_PREFIX + group: option
            for group, option in choices.items()
            if not group.startswith("hydra/")
        },
        **flatten(config, CONFIG_PREFIX),
        "overrides": [str(override) for override in overrides],
        **{name: float("nan") if value is None else value for name, value in summary.items()},
        **flatten(provenance, PROVENANCE_PREFIX),
    }


def _one_type(column: pd.Series) -> pd.Series:
    """The column with values of one type, as parquet needs: where a config key holds text in
    some runs and numbers or flags in others (say, after a model change), all of it as text."""
    types = {type(value) for value in column.dropna()}
    if len(types) <= 1 or types <= {int, float}:
        return column
    return column.map(lambda value: value if pd.isna(value) else str(value))


def load_runs(folders: Sequence[Path]) -> tuple[pd.DataFrame, list[str]]:
    """All complete runs under ``folders`` as one table, one row per run, and the skip messages.

    Columns: ``source`` (the folder given), ``run_dir``, ``overrides`` (list of Hydra override
    strings), the config group choices (``choice.<group>``) and values (``config.<dotted key>``)
    that differ between runs plus always seed, replicate, scale and years, then every summary
    metric, then the runs' provenance (``provenance.*``, missing for runs made before it was
    recorded). Raises :class:`NoRunsError` when a folder does not exist or holds no complete run.
    """
    rows: list[dict[str, object]] = []
    messages: list[str] = []
    for folder in folders:
        if not folder.is_dir():
            raise NoRunsError(f"{folder} does not exist or is not a folder")
        run_dirs, skipped = find_runs(folder)
        messages += skipped
        loaded = 0
        for run_dir in run_dirs:
            try:
                row = load_run(run_dir)
            except (OSError, ValueError, yaml.YAMLError) as error:
                messages.append(f"skipping {run_dir}: {error}")
                continue
            rows.append({"source": str(folder), "run_dir": str(run_dir), **row})
            loaded += 1
        if not loaded:
            unusable = len(run_dirs) + len(skipped)
            raise NoRunsError(
                f"no complete run (a folder with {SUMMARY}) under {folder}"
                + (f"; {unusable} failed or unfinished job folders" if unusable else "")
            )
    table = pd.DataFrame(rows)
    kept = [
        column
        for column in config_columns(table)
        if column in ALWAYS_KEPT or table[column].nunique(dropna=False) > 1
    ]
    provenance = provenance_columns(table)
    for column in [*kept, *provenance]:
        table[column] = _one_type(table[column])
    ordered = [*RUN_COLUMNS, *kept, *metric_columns(table), *provenance]
    return table[ordered], messages


def load_timeseries(run_dirs: Sequence[str]) -> tuple[pd.DataFrame, list[str]]:
    """The monthly employment series (``employed.*``, people) of every run, stacked with a
    ``run_dir`` column beside ``month`` (0-based) and ``date`` (``YYYY-MM``) when present, and
    one message per run whose time series cannot be read."""
    frames: list[pd.DataFrame] = []
    messages: list[str] = []
    for run_dir in run_dirs:
        path = Path(run_dir, TIMESERIES)
        try:
            frame = pd.read_parquet(path)
        except (OSError, ValueError) as error:
            messages.append(f"no time series for {run_dir}: {error}")
            continue
        if "month" not in frame.columns:
            messages.append(f"no time series for {run_dir}: {TIMESERIES} has no month column")
            continue
        wanted = [
            name
            for name in frame.columns
            if name in ("month", "date") or name.startswith("employed.")
        ]
        frames.append(frame[wanted].assign(run_dir=str(run_dir)))
    return (pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()), messages


def write_runs(runs: pd.DataFrame, path: Path) -> None:
    """Write the runs table to ``path`` as parquet, atomically, creating its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_file(path, "wb") as file:
        runs.to_parquet(file, index=False)
