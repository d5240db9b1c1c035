"""Publication figures of dramasim results, in one shared style.

Every figure comes in a single-column version (3.5 in wide); figures of many small panels also
come in a double-column version (7.2 in). Text is 8-9 pt, lines are thin, there are no top or
right spines, and settings are told apart by colour (the colour-blind-safe Okabe-Ito palette),
marker and line style, so that lines that coincide stay visible. Axes, legends and ticks speak
the label table of :mod:`sim.analysis.labels`: labels with units for metrics and levers, option
names such as "2025 baseline", and one number format on every tick (thousands separators, the
fewest decimals that tell the ticks apart). Multi-panel figures letter their panels (a, b, ...);
panels whose values are all zero or missing are left out.

Each point is the mean over the runs (seeds) of a setting. With three or more runs its 95%
t-interval is drawn as a band (or error bar), clipped to the values the metric can take (shares
in [0, 1], headcounts and days at least 0); with fewer, the runs themselves are drawn instead.

Figures are :class:`matplotlib.figure.Figure` objects on the Agg canvas, never built through
pyplot, so drawing them opens no window and leaves a notebook's backend alone; in a notebook,
:func:`enable_inline_display` shows them. :func:`save` checks that nothing sticks out of the
figure (it grows the figure's height, or narrows the legend, until nothing does) and writes
vector PDF and 300-dpi PNG.
"""

import io
import math
import re
import textwrap
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
from cycler import cycler
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
from matplotlib.figure import Figure
from matplotlib.ticker import Formatter, LogFormatter, ScalarFormatter

from sim.analysis import labels
from sim.analysis.runs import display_name
from sim.analysis.statistics import mean_and_interval
from sim.files import atomic_file

SINGLE_COLUMN_IN = 3.5
"""Width of a single-column figure, inches."""
DOUBLE_COLUMN_IN = 7.2
"""Width of a double-column figure, inches."""
DOUBLE_COLUMN_SUFFIX = "_double_column"
"""Added to the file name of a figure's double-column version."""
PNG_DPI = 300
SCREEN_DPI = 150
"""Resolution of figures shown in a notebook."""
MIN_RUNS_FOR_BAND = 3
"""Fewest runs of a setting for which a confidence band is drawn; below it, the runs are."""

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
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
LINE_STYLES = ("-", "--", ":", "-.")

STYLE = {
    "font.size": 8,
    "axes.titlesize": 8,
    "axes.labelsize": 8,
    "xtick.labelsize": 7,
    "ytick.labelsize": 7,
    "legend.fontsize": 7,
    "legend.title_fontsize": 8,
    "figure.titlesize": 9,
    "legend.frameon": False,
    "lines.linewidth": 1.0,
    "lines.markersize": 3.5,
    "axes.linewidth": 0.6,
    "xtick.major.width": 0.6,
    "ytick.major.width": 0.6,
    "xtick.major.size": 3,
    "ytick.major.size": 3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": cycler(color=OKABE_ITO),
    "axes.formatter.use_mathtext": False,
    "axes.unicode_minus": True,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "savefig.dpi": PNG_DPI,
    "pdf.fonttype": 42,
    "ps.fonttype": 42,
}
"""Matplotlib settings of every dramasim figure (fonts embedded as TrueType in PDFs)."""

SECTOR_NAMES = labels.SECTOR_NAMES


def use_style() -> AbstractContextManager:
    """Context manager under which figures take the shared style."""
    return matplotlib.rc_context(STYLE)


def axis_label(metric: str) -> str:
    """``Label (unit)`` of a metric from the label table; its dotted name when the table does
    not know it."""
    label, unit = labels.metric_label(metric) or (display_name(metric), "")
    return f"{label} ({unit})" if unit else label


def wrapped(text: str, width: int = 34) -> str:
    """Text broken into lines of at most ``width`` characters."""
    return textwrap.fill(text, width, break_on_hyphens=False)


def is_numeric_lever(values: pd.Series) -> bool:
    """Whether a lever's values are numbers, drawn to scale (flags and text are categories)."""
    return pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)


def all_zero(values: pd.Series) -> bool:
    """Whether a metric has nothing to show: every value zero or missing."""
    values = pd.to_numeric(values, errors="coerce")
    return bool(values.fillna(0).eq(0).all())


# ---------------------------------------------------------------------------- the canvas
def new_figure(
    width_in: float, height_in: float, nrows: int = 1, ncols: int = 1, **subplots
) -> tuple[Figure, np.ndarray]:
    """A figure on the Agg canvas with a grid of axes (a 2-d array of Axes), laid out so that
    labels fit inside the given size (inches). Call it under :func:`use_style`."""
    figure = Figure(figsize=(width_in, height_in), layout="constrained")
    FigureCanvasAgg(figure)
    figure.get_layout_engine().set(h_pad=0.04, w_pad=0.04, hspace=0.03, wspace=0.03)
    return figure, figure.subplots(nrows, ncols, squeeze=False, **subplots)


class ThousandsFormatter(Formatter):
    """Tick labels with thousands separators (``650,000``) and the fewest decimals that show
    every tick exactly (``0.25``, ``1.5``, ``2``): one format for every axis of every figure."""

    decimals = 0

    def set_locs(self, locs) -> None:
        super().set_locs(locs)
        finite = [value for value in locs if np.isfinite(value)]
        self.decimals = next(
            (
                places
                for places in range(7)
                if all(abs(v - round(v, places)) <= 1e-9 * max(1.0, abs(v)) for v in finite)
            ),
            6,
        )

    def __call__(self, value: float, pos: int | None = None) -> str:
        text = f"{value:,.{self.decimals}f}"
        if text.lstrip("-").strip("0.,") == "":
            text = text.lstrip("-")  # no "-0"
        return text.replace("-", "\N{MINUS SIGN}")


def format_ticks(axes: Axes) -> None:
    """Put the one tick format on each numeric axis (category and date axes keep theirs)."""
    for axis in (axes.xaxis, axes.yaxis):
        if isinstance(axis.get_major_formatter(), ScalarFormatter | LogFormatter):
            axis.set_major_formatter(ThousandsFormatter())


def letter_panels(panels: Sequence[Axes]) -> None:
    """Letter the panels a, b, c, ... at their top left, when there are several; a panel's
    title follows its letter, left-aligned."""
    if len(panels) < 2:
        return
    for index, axes in enumerate(panels):
        letter = chr(ord("a") + index)
        title = axes.get_title()
        if title:
            axes.set_title("")
            indent = "\n" + " " * 5
            axes.set_title(rf"$\mathbf{{{letter}}}$   {title.replace(chr(10), indent)}", loc="left")
        else:
            axes.set_title(letter, loc="left", fontweight="bold", fontsize=9)


def panel_letter(axes: Axes) -> str:
    """The letter of a panel ("" for none)."""
    text = axes.get_title(loc="left")
    found = re.match(r"\$\\mathbf\{(\w)\}\$", text)
    return found.group(1) if found else text


def fit(figure: Figure, tolerance_in: float = 0.005) -> None:
    """Make everything drawn lie inside the figure: grow its height by what sticks out above
    or below, give a legend that is too wide fewer columns and break labels that are too wide,
    until nothing sticks out; then keep that layout (the figure's layout engine is switched
    off, so that saving it in several formats does not lay it out again)."""
    for _ in range(6):
        figure.canvas.draw()
        box = figure.get_tightbbox(figure.canvas.get_renderer())
        width, height = figure.get_size_inches()
        wide = max(0.0, -box.x0) + max(0.0, box.x1 - width)
        tall = max(0.0, -box.y0) + max(0.0, box.y1 - height)
        if wide <= tolerance_in and tall <= tolerance_in:
            figure.set_layout_engine("none")  # laid out for good: saving need not redo it
            return
        if (
            wide > tolerance_in
            and not _narrow_legends(figure, width)
            and not _rewrap(figure, width)
        ):
            raise ValueError(f"figure content is {wide:.2f} in wider than the figure")
        if tall > tolerance_in:
            figure.set_figheight(height + tall + 0.05)


def _narrow_legends(figure: Figure, width_in: float) -> bool:
    """Give each figure legend of several columns that sticks out sideways one column fewer;
    whether there was one."""
    narrowed = False
    renderer = figure.canvas.get_renderer()
    for legend in figure.legends:
        box = legend.get_window_extent(renderer).transformed(figure.dpi_scale_trans.inverted())
        if legend._ncols > 1 and (box.x0 < 0 or box.x1 > width_in):
            legend.set_ncols(legend._ncols - 1)
            narrowed = True
    return narrowed


def _rewrap(figure: Figure, width_in: float) -> bool:
    """Break into shorter lines each axis label or title that sticks out sideways; whether
    there was one."""
    renderer = figure.canvas.get_renderer()
    to_inches = figure.dpi_scale_trans.inverted()
    rewrapped = False
    for axes in figure.axes:
        for text in (axes.xaxis.label, axes.title, axes._left_title, axes._right_title):
            box = text.get_window_extent(renderer).transformed(to_inches)
            content = text.get_text()
            if content and (box.x0 < 0 or box.x1 > width_in):
                longest = max(len(line) for line in content.splitlines())
                text.set_text(wrapped(" ".join(content.split()), max(8, int(longest * 0.8))))
                rewrapped = True
    return rewrapped


def finish(figure: Figure, panels: Sequence[Axes]) -> Figure:
    """The last touches every figure gets: the tick format and panel letters."""
    for axes in panels:
        format_ticks(axes)
    letter_panels(panels)
    return figure


def save(figure: Figure, path_stem: Path | str) -> list[Path]:
    """Fit the figure (:func:`fit`), then write ``<path_stem>.pdf`` (vector) and
    ``<path_stem>.png`` (300 dpi), each atomically, creating their folder, and return their
    paths. The PDF carries no creation date, so reruns give identical files."""
    with use_style():
        fit(figure)
    written = []
    for fmt, metadata in (("pdf", {"CreationDate": None}), ("png", {})):
        target = Path(f"{path_stem}.{fmt}")
        target.parent.mkdir(parents=True, exist_ok=True)
        with use_style(), atomic_file(target, "wb") as file:
            figure.savefig(file, format=fmt, dpi=PNG_DPI, metadata=metadata)
        written.append(target)
    return written


def png_bytes(figure: Figure, dpi: int = SCREEN_DPI) -> bytes:
    """The figure as PNG, fitted as :func:`save` fits it."""
    with use_style():
        fit(figure)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def enable_inline_display() -> None:
    """Show figures as images in the running Jupyter kernel: ``display(figure)``, or a figure
    as the last expression of a cell. (Figures built without pyplot otherwise print as
    ``<Figure size 350x260 with 1 Axes>``.) Does nothing outside IPython."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None:
        shell.display_formatter.formatters["image/png"].for_type(Figure, png_bytes)


# ---------------------------------------------------------------------------- settings
@dataclass(frozen=True)
class Look:
    """How one setting is drawn in every panel of a figure."""

    colour: str
    marker: str
    line_style: str


def setting_label(keys: Sequence[str], values: object) -> str:
    """Legend entry of a setting: the labels of its values of ``keys``."""
    values = values if isinstance(values, tuple) else (values,)
    return ", ".join(
        labels.option_label(key, value) for key, value in zip(keys, values, strict=True)
    )


def settings(table: pd.DataFrame, keys: Sequence[str]) -> Iterator[tuple[str, pd.DataFrame]]:
    """The rows of each setting of ``keys`` with its legend entry, in the order of the label
    table (options least to most, numbers by size); one unlabelled part without keys."""
    if not keys:
        yield "", table
        return
    groups = list(table.groupby(list(keys), dropna=False, sort=False))
    groups.sort(
        key=lambda group: tuple(
            labels.option_rank(key, value)
            for key, value in zip(
                keys, group[0] if isinstance(group[0], tuple) else (group[0],), strict=True
            )
        )
    )
    for values, part in groups:
        yield setting_label(keys, values), part


def looks(table: pd.DataFrame, keys: Sequence[str]) -> dict[str, Look]:
    """One look per setting of ``keys``, the same in every panel of a figure."""
    names = [name for name, _ in settings(table, keys)]
    return {
        name: Look(
            OKABE_ITO[index % len(OKABE_ITO)],
            MARKERS[index % len(MARKERS)],
            LINE_STYLES[index % len(LINE_STYLES)],
        )
        for index, name in enumerate(names)
    }


def legend_title(keys: Sequence[str]) -> str:
    """Legend title naming the levers whose values the entries give."""
    return ", ".join(labels.lever_label(key) for key in keys)


def legend_below(figure: Figure, panels: Sequence[Axes], title: str = "") -> None:
    """One legend for all panels, under them, where it hides no data; as many columns as fit
    (:func:`fit` takes columns away when it is too wide)."""
    entries: dict[str, object] = {}
    for axes in panels:
        handles, names = axes.get_legend_handles_labels()
        entries.update(zip(names, handles, strict=True))
    if not entries:
        return
    longest = max(len(name) for name in entries)
    width = figure.get_figwidth()
    columns = max(1, min(len(entries), int(width * 12 / (longest + 4))))
    figure.legend(
        entries.values(),
        entries.keys(),
        title=wrapped(title, int(width * 13)) if title else None,
        loc="outside lower center",
        ncols=columns,
    )


# ---------------------------------------------------------------------------- estimates
def interval(part: pd.DataFrame, metric: str) -> tuple[np.ndarray, np.ndarray]:
    """The 95% interval of each mean, clipped to the metric's valid range."""
    low, high = labels.valid_range(metric)
    half_width = part["half_width"].fillna(0).to_numpy()
    means = part["mean"].to_numpy()
    return np.clip(means - half_width, low, high), np.clip(means + half_width, low, high)


def draw_estimates(
    axes: Axes,
    runs: pd.DataFrame,
    x: str,
    metric: str,
    line_keys: Sequence[str] = (),
    styles: dict[str, Look] | None = None,
    categories: Sequence | None = None,
) -> bool:
    """Draw the mean over runs of ``metric`` against ``x``, one line per setting of
    ``line_keys``, with its clipped 95% interval when every point of the line has at least
    three runs, and the runs themselves otherwise. ``runs`` holds one row per run (and time,
    for a time series). A categorical ``x`` (``categories``: its values, in order) gives
    points with error bars at evenly spaced positions, the settings side by side. Returns
    whether anything was drawn."""
    rows = runs.dropna(subset=[metric])
    if rows.empty:
        return False
    styles = styles or looks(rows, line_keys)
    stats = mean_and_interval(rows, [x, *line_keys], [metric])
    position = {value: index for index, value in enumerate(categories or ())}
    parts = list(settings(stats, line_keys))
    for index, (name, part) in enumerate(parts):
        look = styles[name]
        part = part.sort_values(x)
        if categories is None:
            where = part[x].to_numpy()
        else:
            part = part.sort_values(x, key=lambda s: s.map(position))
            where = part[x].map(position).to_numpy() + 0.12 * (index - (len(parts) - 1) / 2)
        band = part["n"].min() >= MIN_RUNS_FOR_BAND
        marker = look.marker if len(where) <= 12 else None
        mean_style = dict(color=look.colour, marker=marker, label=name or None, zorder=3)
        if categories is None:
            axes.plot(where, part["mean"], linestyle=look.line_style, **mean_style)
            if band:
                low, high = interval(part, metric)
                alpha = 0.2 if len(parts) <= 2 else 0.12
                axes.fill_between(where, low, high, color=look.colour, alpha=alpha, linewidth=0)
        else:
            if band:
                low, high = interval(part, metric)
                error = np.vstack([part["mean"] - low, high - part["mean"]])
                axes.errorbar(
                    where, part["mean"], yerr=error, capsize=2, linestyle="", **mean_style
                )
            else:
                axes.plot(where, part["mean"], linestyle="", **mean_style)
        if not band:
            shift = dict(zip(part[x], where, strict=True))
            _draw_runs(axes, _rows_of(rows, line_keys, part), x, metric, shift, look)
    if categories is not None:
        axes.set_xticks(
            range(len(categories)), [labels.option_label(x, value) for value in categories]
        )
        axes.set_xlim(-0.5, len(categories) - 0.5)
    return True


def _rows_of(rows: pd.DataFrame, keys: Sequence[str], part: pd.DataFrame) -> pd.DataFrame:
    """The runs' rows of the setting that ``part`` (statistics of one setting) describes."""
    if not keys:
        return rows
    first = part.iloc[0]
    return rows[np.logical_and.reduce([rows[key].eq(first[key]) for key in keys])]


def _draw_runs(
    axes: Axes, rows: pd.DataFrame, x: str, metric: str, shift: dict, look: Look
) -> None:
    """The runs of a setting with too few runs for a band: a thin line per run along a time
    axis, small open markers otherwise."""
    where = rows[x].map(shift)
    if rows[x].nunique() >= 8 and "run_dir" in rows:
        for _, run in rows.assign(_where=where).groupby("run_dir"):
            run = run.sort_values("_where")
            axes.plot(run["_where"], run[metric], color=look.colour, linewidth=0.5, alpha=0.5)
        return
    axes.plot(
        where,
        rows[metric],
        linestyle="",
        marker=look.marker,
        markerfacecolor="none",
        markeredgewidth=0.6,
        markersize=3,
        color=look.colour,
        alpha=0.7,
        zorder=2,
    )


# ---------------------------------------------------------------------------- figures
def against_lever(
    runs: pd.DataFrame,
    metrics: Sequence[str],
    lever: str,
    line_keys: Sequence[str] = (),
    width_in: float = SINGLE_COLUMN_IN,
    panel_height_in: float = 1.7,
) -> Figure | None:
    """Stacked panels, one per metric (those all zero or missing left out), of the mean over
    runs against the swept ``lever`` (a runs-table column), one line per setting of
    ``line_keys``; None when no metric has anything to show. ``runs`` has one row per run."""
    metrics = [m for m in metrics if m in runs.columns and not all_zero(runs[m])]
    if not metrics:
        return None
    numeric = is_numeric_lever(runs[lever])
    categories = (
        None
        if numeric
        else sorted(runs[lever].dropna().unique(), key=lambda v: labels.option_rank(lever, v))
    )
    styles = looks(runs, line_keys)
    with use_style():
        figure, grid = new_figure(
            width_in, 0.55 + panel_height_in * len(metrics), len(metrics), 1, sharex=True
        )
        panels = list(grid[:, 0])
        for axes, metric in zip(panels, metrics, strict=True):
            draw_estimates(axes, runs, lever, metric, line_keys, styles, categories)
            axes.set_ylabel(wrapped(axis_label(metric), max(18, int(panel_height_in * 17))))
        for axes in panels[:-1]:
            axes.tick_params(labelbottom=False)
        panels[-1].set_xlabel(labels.lever_label(lever))
        figure.align_ylabels(panels)
        if line_keys:
            legend_below(figure, panels[:1], legend_title(line_keys))
        return finish(figure, panels)


def _time_column(series: pd.DataFrame) -> str:
    return "date" if "date" in series.columns else "month"


def over_time(
    series: pd.DataFrame,
    columns: Sequence[str],
    line_keys: Sequence[str] = (),
    ncols: int = 1,
    width_in: float = SINGLE_COLUMN_IN,
    ylabel: str | None = None,
    titles: bool = True,
) -> Figure | None:
    """Small multiples of monthly series, one panel per column of ``columns`` (those all zero
    or missing left out), ``ncols`` panels a row, one line per setting of ``line_keys``; None
    when nothing is left. ``series`` has one row per run and month (``run_dir``, ``month``,
    ``date`` when present, the keys and the columns)."""
    columns = [c for c in columns if c in series.columns and not all_zero(series[c])]
    if not columns:
        return None
    time = _time_column(series)
    if time == "date":
        series = series.assign(date=pd.to_datetime(series["date"]))
    ncols = min(ncols, len(columns))
    nrows = math.ceil(len(columns) / ncols)
    styles = looks(series, line_keys)
    panel_height = 1.25 if ncols > 1 else 1.7
    title_width = max(12, int((width_in / ncols - 0.45) * 13))
    with use_style():
        figure, grid = new_figure(width_in, 0.5 + panel_height * nrows, nrows, ncols, sharex=True)
        panels = [axes for row in grid for axes in row][: len(columns)]
        for axes in [axes for row in grid for axes in row][len(columns) :]:
            axes.set_visible(False)
        for axes, column in zip(panels, columns, strict=True):
            draw_estimates(axes, series, time, column, line_keys, styles)
            if titles:
                name = (labels.metric_label(column) or (column, ""))[0]
                axes.set_title(wrapped(_short_title(name, columns), title_width))
            if time == "date":
                locator = AutoDateLocator(minticks=2, maxticks=4 if ncols > 1 else 6)
                axes.xaxis.set_major_locator(locator)
                axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))
        for index, axes in enumerate(panels):
            row, column = divmod(index, ncols)
            if column == 0:
                label = ylabel or axis_label("employed")
                axes.set_ylabel(wrapped(label, max(18, int(panel_height * 17))))
            has_panel_below = index + ncols < len(panels)
            axes.tick_params(labelbottom=not has_panel_below)
            if not has_panel_below and time == "month":
                axes.set_xlabel("Month of simulation")
        if line_keys:
            legend_below(figure, panels, legend_title(line_keys))
        return finish(figure, panels)


def _short_title(name: str, columns: Sequence[str]) -> str:
    """A panel title without the words every panel's title shares (``working in micro
    dramas`` when every panel is a role of micro dramas)."""
    for sector in labels.SECTOR_NAMES.values():
        suffix = f" working in {sector}"
        if name.endswith(suffix) and all(c.count(".") == 2 for c in columns):
            return labels._capital(name.removesuffix(suffix))
    return name


def save_versions(draw, path_stem: Path, double_column: bool = False, **options) -> list[Path]:
    """Draw and save a figure in its single-column version, and with ``double_column`` also as
    ``<stem>_double_column`` (7.2 in wide; ``draw`` is told the width and, through
    ``double_ncols``, the panels a row). Nothing is saved when ``draw`` returns None."""
    double_ncols = options.pop("double_ncols", None)
    written: list[Path] = []
    figure = draw(width_in=SINGLE_COLUMN_IN, **options)
    if figure is None:
        return written
    written += save(figure, path_stem)
    if double_column:
        if double_ncols is not None:
            options["ncols"] = double_ncols
        wide = draw(width_in=DOUBLE_COLUMN_IN, **options)
        written += save(wide, Path(f"{path_stem}{DOUBLE_COLUMN_SUFFIX}"))
    return written


def employment_figures(
    series: pd.DataFrame, names: Sequence[str], line_keys: Sequence[str], folder: Path
) -> list[Path]:
    """Monthly employment by sector, and by role for each sector, over time; saved in
    ``folder`` as ``employment_by_sector`` and ``employment_by_role_<sector>`` (single
    column), the roles also in double-column versions.

    ``series`` has one row per run and month: ``run_dir``, ``month`` (and ``date``), the
    ``line_keys`` and the series ``names``: ``employed.<sector>`` and
    ``employed.<sector>.<role>`` (whichever exist).
    """
    sectors = [name for name in names if name.count(".") == 1]
    written: list[Path] = []
    if sectors:
        written += save_versions(
            over_time,
            folder / "employment_by_sector",
            series=series,
            columns=sectors,
            line_keys=line_keys,
        )
    for sector in dict.fromkeys(name.split(".")[1] for name in names if name.count(".") == 2):
        roles = [name for name in names if name.startswith(f"employed.{sector}.")]
        written += save_versions(
            over_time,
            folder / f"employment_by_role_{sector}",
            double_column=True,
            series=series,
            columns=roles,
            line_keys=line_keys,
            ncols=2,
            double_ncols=4,
        )
    return written
