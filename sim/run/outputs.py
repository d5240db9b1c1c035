"""Files a run writes into its output folder, written atomically, and the summary it prints.

Every file is first written to a temporary file in the same folder, flushed to disk and then
renamed over its final name, so a run killed at any moment leaves either the old file, the new
one or none, never half a file. ``provenance.json`` says where the results came from (see
:mod:`sim.run.provenance`). The ``done`` marker is written last and holds the run's resolved
configuration: a folder with a summary, a timeseries and a marker for the same configuration is
complete, which lets a killed sweep resume by skipping its finished jobs.

pandas is imported for type checking only: the run passes in a DataFrame it already has, and
the processes that only check configurations or print a summary never load pandas.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from numbers import Integral, Real
from pathlib import Path
from typing import TYPE_CHECKING

from sim.analysis.labels import METRIC_LABELS
from sim.files import DONE, ERROR, PROVENANCE, SUMMARY, TIMESERIES, atomic_file, write_text

if TYPE_CHECKING:
    import pandas as pd


def summary_number(key: str, value: object) -> int | float | None:
    """A summary value as a JSON number: ints stay ints, NaN and infinities become null."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"summary value `{key}` = {value!r} is not a number")
    if isinstance(value, Integral):
        return int(value)
    return float(value) if math.isfinite(value) else None


def write_summary(summary: Mapping[str, object], path: Path) -> None:
    """Write the flat ``{"dotted.name": number}`` summary as JSON with sorted keys."""
    numbers = {key: summary_number(key, value) for key, value in summary.items()}
    write_text(path, json.dumps(numbers, indent=2, sort_keys=True) + "\n")


def write_timeseries(timeseries: pd.DataFrame, path: Path) -> None:
    """Write the timeseries table as Parquet."""
    with atomic_file(path, "wb") as file:
        timeseries.to_parquet(file)


def is_complete(directory: Path, config_text: str) -> bool:
    """True if ``directory`` holds the finished outputs of a run of exactly this configuration."""
    directory = Path(directory)
    marker = directory / DONE
    return (
        (directory / SUMMARY).is_file()
        and (directory / TIMESERIES).is_file()
        and marker.is_file()
        and marker.read_text(encoding="utf-8") == config_text
    )


def write_provenance(provenance: Mapping[str, object], path: Path) -> None:
    """Write a run's provenance (:func:`sim.run.provenance.provenance`) as JSON."""
    write_text(path, json.dumps(provenance, indent=2) + "\n")


def write_outputs(
    directory: Path,
    summary: Mapping[str, object],
    timeseries: pd.DataFrame,
    config_text: str,
    provenance: Mapping[str, object] | None = None,
) -> None:
    """Write a run's timeseries, summary, provenance (if given) and, last, the ``done`` marker
    holding its config."""
    directory = Path(directory)
    write_timeseries(timeseries, directory / TIMESERIES)
    write_summary(summary, directory / SUMMARY)
    if provenance is not None:
        write_provenance(provenance, directory / PROVENANCE)
    write_text(directory / DONE, config_text)
    (directory / ERROR).unlink(missing_ok=True)


SUMMARY_ROWS = (
    ("micro.titles_per_month", "count"),
    ("micro.direct_employment", "count"),
    ("micro.indirect_employment", "count"),
    ("micro.total_employment", "count"),
    ("micro.team_size_mean", "mean"),
    ("micro.shoot_days_mean", "mean"),
    ("stability.core_projects_per_year_median", "mean"),
    ("stability.days_worked_median", "count"),
    ("stability.stable_share", "share"),
    ("long.titles_per_year", "count"),
    ("transitions.long_to_micro", "count"),
    ("ai.animator_employment", "count"),
    ("ai.title_share", "share"),
    ("business_model.free_share", "share"),
)
"""(summary key, number format) of each row of the printed summary; labels and units are the
figures' (:data:`sim.analysis.labels.METRIC_LABELS`)."""

NUMBER_FORMATS = {"count": "{:,.0f}", "mean": "{:,.1f}", "share": "{:.1%}"}


def format_summary(summary: Mapping[str, object]) -> str:
    """The key metrics of a run as a small aligned table (values of the last simulated year)."""
    values = []
    for key, style in SUMMARY_ROWS:
        value = summary.get(key)
        numeric = isinstance(value, Real) and math.isfinite(value)
        values.append(NUMBER_FORMATS[style].format(value) if numeric else "n/a")
    labels = [METRIC_LABELS[key] for key, _ in SUMMARY_ROWS]
    label_width = max(len(label) for label, _ in labels)
    value_width = max(len(value) for value in values)
    lines = ["Last simulated year:"]
    for (label, unit), value, (_, style) in zip(labels, values, SUMMARY_ROWS, strict=True):
        unit = "" if style == "share" else unit  # a share prints as a percentage
        lines.append(f"  {label:<{label_width}}  {value:>{value_width}} {unit}".rstrip())
    return "\n".join(lines)
