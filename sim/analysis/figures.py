"""Publication figures of dramasim results, in one shared style.

Figures are sized for journal columns (single 3.5 in, double 7.2 in), with 8-9 pt text, thin
lines, no top or right spines and the colour-blind-safe Okabe-Ito palette. They are built as
:class:`matplotlib.figure.Figure` objects on the Agg canvas, never through pyplot, so drawing
them opens no window and leaves the backend of a notebook alone. :func:`save` writes each
figure as vector PDF and 300-dpi PNG.

The figure functions draw tables that :mod:`sim.analysis.compare` computes from run outputs: one
row per setting (and month), with the mean over seeds in ``mean`` and the half-width of its 95%
confidence interval in ``half_width``.
"""

import textwrap
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from itertools import cycle
from math import ceil
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
from cycler import cycler
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
from matplotlib.figure import Figure
from matplotlib.ticker import StrMethodFormatter

from sim.analysis.labels import METRIC_LABELS
from sim.analysis.runs import display_name, format_value
from sim.files import atomic_file

SINGLE_COLUMN_IN = 3.5
"""Width of a single-column figure, inches."""
DOUBLE_COLUMN_IN = 7.2
"""Width of a double-column figure, inches."""
PNG_DPI = 300

OKABE_ITO = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#CC79A7",  # reddish purple
    "#000000",  # black
    "#F0E442",  # yellow, last: faint on white
)
"""Okabe and Ito's colour-blind-safe palette, in the order lines take it."""

STYLE = {
    "font.size": 8,
    "axes.titlesize": 9,
    "axes.labelsize": 8,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "legend.fontsize": 8,
    "legend.title_fontsize": 8,
    "figure.titlesize": 9,
    "legend.frameon": False,
    "lines.linewidth": 1.0,
    "lines.markersize": 3,
    "axes.linewidth": 0.6,
    "xtick.major.width": 0.6,
    "ytick.major.width": 0.6,
    "xtick.major.size": 3,
    "ytick.major.size": 3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": cycler(color=OKABE_ITO),
    "savefig.dpi": PNG_DPI,
    "pdf.fonttype": 42,
    "ps.fonttype": 42,
}
"""Matplotlib settings of every dramasim figure (fonts embedded as TrueType in PDFs)."""

SECTOR_NAMES = {"micro": "micro dramas", "long": "long dramas"}


def use_style() -> AbstractContextManager:
    """Context manager under which figures take the shared style."""
    return matplotlib.rc_context(STYLE)


def axis_label(metric: str) -> str:
    """``Label (unit)`` of a metric; its dotted name when it has no entry in METRIC_LABELS."""
    label, unit = METRIC_LABELS.get(metric, (display_name(metric), ""))
    return f"{label} ({unit})" if unit else label


def _wrapped(text: str) -> str:
    """Text broken into lines that fit beside a single-column plot."""
    return textwrap.fill(text, 34)


def new_figure(
    width_in: float, height_in: float, nrows: int = 1, ncols: int = 1
) -> tuple[Figure, np.ndarray]:
    """A figure on the Agg canvas with a grid of axes (a 2-d array of Axes), laid out so
    that labels fit inside the given size (inches). Call it under :func:`use_style`."""
    figure = Figure(figsize=(width_in, height_in), layout="constrained")
    FigureCanvasAgg(figure)
    return figure, figure.subplots(nrows, ncols, squeeze=False)


def save(figure: Figure, path_stem: Path | str) -> list[Path]:
    """Write ``<path_stem>.pdf`` (vector) and ``<path_stem>.png`` (300 dpi), each atomically,
    creating their folder, and return their paths. The PDF carries no creation date, so reruns
    give identical files."""
    written = []
    for fmt, metadata in (("pdf", {"CreationDate": None}), ("png", {})):
        target = Path(f"{path_stem}.{fmt}")
        target.parent.mkdir(parents=True, exist_ok=True)
        with use_style(), atomic_file(target, "wb") as file:
            figure.savefig(file, format=fmt, dpi=PNG_DPI, metadata=metadata)
        written.append(target)
    return written


def _settings(table: pd.DataFrame, keys: Sequence[str]) -> Iterator[tuple[str, pd.DataFrame]]:
    """The rows of each setting of ``keys`` with its legend entry, the values of the keys (one
    unlabelled part when ``keys`` is empty)."""
    if not keys:
        yield "", table
        return
    for values, part in table.groupby(list(keys), dropna=False, sort=True):
        yield ", ".join(format_value(value) for value in values), part


def _legend_title(keys: Sequence[str]) -> str:
    """Legend title naming the keys whose values the entries give."""
    return ", ".join(display_name(key) for key in keys)


def _colours(table: pd.DataFrame, keys: Sequence[str]) -> dict[str, str]:
    """One palette colour per setting, the same in every panel."""
    labels = [label for label, _ in _settings(table, keys)]
    return dict(zip(labels, cycle(OKABE_ITO), strict=False))


def _line_with_band(axes: Axes, x: pd.Series, part: pd.DataFrame, colour: str, label: str) -> None:
    """Mean as a line and its 95% confidence interval as a light band (none where n = 1)."""
    axes.plot(x, part["mean"], color=colour, label=label or None, marker="o" if len(x) < 12 else "")
    axes.fill_between(
        x,
        part["mean"] - part["half_width"],
        part["mean"] + part["half_width"],
        color=colour,
        alpha=0.2,
        linewidth=0,
    )


def _thousands(axes: Axes) -> None:
    """Whole-number tick labels with thousands separators (``650,000``) on a y axis that
    reaches 10,000; smaller scales keep matplotlib's own labels."""
    if max(abs(limit) for limit in axes.get_ylim()) >= 10_000:
        axes.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))


def is_numeric_lever(values: pd.Series) -> bool:
    """Whether a lever's values are numbers, drawn to scale (flags and text are categories)."""
    return pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)


def metric_against_lever(
    table: pd.DataFrame, metric: str, lever: str, line_keys: Sequence[str], path_stem: Path
) -> list[Path]:
    """One metric against a swept lever, one line per setting of ``line_keys``, and save it.

    ``table`` holds the rows of this metric: columns ``lever``, ``line_keys``, ``mean`` and
    ``half_width`` (in the metric's unit). A numeric lever gives lines with 95% bands; any other
    gives points with 95% error bars at evenly spaced positions labelled with its values, the
    settings side by side.
    """
    numeric = is_numeric_lever(table[lever])
    categories = sorted(table[lever].unique(), key=format_value)
    position = {value: index for index, value in enumerate(categories)}
    colours = _colours(table, line_keys)
    with use_style():
        figure, grid = new_figure(SINGLE_COLUMN_IN, 2.6)
        axes = grid[0][0]
        settings = list(_settings(table, line_keys))
        for index, (label, part) in enumerate(settings):
            if numeric:
                part = part.sort_values(lever)
                _line_with_band(axes, part[lever], part, colours[label], label)
                continue
            dodge = 0.12 * (index - (len(settings) - 1) / 2)
            axes.errorbar(
                part[lever].map(position) + dodge,
                part["mean"],
                yerr=part["half_width"],
                fmt="o",
                capsize=2,
                color=colours[label],
                label=label or None,
            )
        if not numeric:
            axes.set_xticks(range(len(categories)), [format_value(v) for v in categories])
            axes.set_xlim(-0.5, len(categories) - 0.5)
        axes.set_xlabel(display_name(lever))
        axes.set_ylabel(_wrapped(axis_label(metric)))
        _thousands(axes)
        if line_keys:
            axes.legend(title=_legend_title(line_keys))
    return save(figure, path_stem)


def employment_over_time(
    table: pd.DataFrame,
    columns: Sequence[str],
    line_keys: Sequence[str],
    title: str,
    path_stem: Path,
) -> list[Path]:
    """Small multiples of employment over time (people, monthly or daily), one panel per series
    in ``columns`` and one line per setting of ``line_keys``, and save them.

    ``table`` is in long form: ``metric`` names the series (``employed.<sector>`` or
    ``employed.<sector>.<role>``), ``date`` (or, without dates, ``month``) the time.
    """
    time = "date" if "date" in table.columns else "month"
    ncols = min(len(columns), 4)
    nrows = ceil(len(columns) / ncols)
    colours = _colours(table, line_keys)
    with use_style():
        figure, grid = new_figure(
            SINGLE_COLUMN_IN if ncols == 1 else DOUBLE_COLUMN_IN, 0.6 + 1.6 * nrows, nrows, ncols
        )
        panels = [axes for row in grid for axes in row]
        for axes, column in zip(panels, columns, strict=False):
            for label, part in _settings(table[table["metric"] == column], line_keys):
                part = part.sort_values(time)
                _line_with_band(axes, part[time], part, colours[label], label)
            name = column.rsplit(".", 1)[-1]
            axes.set_title(SECTOR_NAMES.get(name, name.replace("_", " ")))
            _thousands(axes)
            if time == "date":
                locator = AutoDateLocator(minticks=2, maxticks=4)
                axes.xaxis.set_major_locator(locator)
                axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))
            else:
                axes.set_xlabel("month of simulation")
        for row in grid:
            row[0].set_ylabel(axis_label("employed"))
        for axes in panels[len(columns) :]:
            axes.set_visible(False)
        figure.suptitle(title)
        if line_keys:
            entries = {}
            for axes in panels:
                handles, labels = axes.get_legend_handles_labels()
                entries.update(zip(labels, handles, strict=True))
            figure.legend(
                entries.values(),
                entries.keys(),
                title=_legend_title(line_keys),
                loc="outside lower center",
                ncols=min(6, len(entries)),
            )
    return save(figure, path_stem)


def employment_figures(
    table: pd.DataFrame, names: Sequence[str], line_keys: Sequence[str], folder: Path
) -> list[Path]:
    """Monthly employment by sector, and by role for each sector, over time; saved in
    ``folder`` as ``employment_by_sector`` and ``employment_by_role_<sector>``.

    ``table`` is as for :func:`employment_over_time`; ``names`` are its series, in the order of
    the panels: ``employed.<sector>`` and ``employed.<sector>.<role>`` (whichever exist).
    """
    sectors = [name for name in names if name.count(".") == 1]
    written = []
    if sectors:
        written += employment_over_time(
            table, sectors, line_keys, "Employment by sector", folder / "employment_by_sector"
        )
    for sector in dict.fromkeys(name.split(".")[1] for name in names if name.count(".") == 2):
        roles = [name for name in names if name.startswith(f"employed.{sector}.")]
        written += employment_over_time(
            table,
            roles,
            line_keys,
            f"Employment by role, {SECTOR_NAMES.get(sector, sector)}",
            folder / f"employment_by_role_{sector}",
        )
    return written
