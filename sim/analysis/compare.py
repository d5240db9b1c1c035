"""Compare dramasim runs and sweeps from their output folders.

    python -m sim.compare DIR [DIR ...] [--out PATH] [--figures DIR] [--no-figures] [--contrast]

Each DIR is a run folder, a sweep folder (Hydra's ``hydra.sweep.dir``) or a folder of sweeps.
The command gathers every complete run into one table (``<first DIR>/runs.parquet``: one row per
run, the config values that differ between runs and every summary metric), prints the key
metrics for each setting of the swept values as mean and 95% t-interval over seeds, and, for two
DIRs (or with ``--contrast``), the difference of each later DIR from the first with its 95%
Welch interval. It draws the figures into ``<first DIR>/figures/``: each key metric against the
swept lever, and employment over time (monthly, or daily) by sector and by role. Failed or
unfinished job folders are skipped with a warning. It reads only run outputs and never imports
the model.
"""

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from sim.analysis import figures
from sim.analysis.runs import (
    CONFIG_PREFIX,
    PROVENANCE_PREFIX,
    REPLICATION_COLUMNS,
    NoRunsError,
    config_columns,
    display_name,
    format_value,
    load_runs,
    load_timeseries,
    write_runs,
)
from sim.analysis.statistics import (  # noqa: F401 (mean_and_interval: part of this module's API)
    CONFIDENCE,
    group_statistics,
    mean_and_interval,
    t_quantile,
)

KEY_METRICS = (
    "micro.titles_per_month",
    "micro.direct_employment",
    "micro.total_employment",
    "long.direct_employment",
    "stability.days_worked_median",
    "stability.idle_spell_mean_days",
    "stability.stable_share",
    "transitions.long_to_micro",
    "ai.animator_employment",
    "ai.title_share",
    "business_model.free_share",
)
"""Summary metrics that the comparison prints and draws, in this order."""


def _determined_by(codes: np.ndarray, chosen: list[np.ndarray]) -> bool:
    """Whether a labelling of the runs is a function of the labellings already chosen: its
    value never differs between runs that agree on all of them."""
    if not chosen:
        return False
    settings = set(zip(*chosen, strict=True))
    return len(set(zip(*chosen, codes, strict=True))) == len(settings)


DRAWN_PREFIX = PROVENANCE_PREFIX + "posterior_draw.values."
"""Provenance columns of the parameter values a run drew from a posterior
(``parameters.posterior``, sim/run/posterior.py)."""


def setting_columns(runs: pd.DataFrame) -> list[str]:
    """Columns that tell the compared settings apart, each splitting the runs differently.

    They are the swept config values (those that vary, seed and replicate aside), keys named in
    the runs' Hydra overrides first; values a run drew from a posterior count as replication. A
    value that those already chosen determine, as they do the
    keys set together by one Hydra group choice (even a key that only some of its options set),
    adds nothing and is left out. ``source``
    comes last when several folders were given and no config value tells them apart.
    """
    named = {
        override.split("=", 1)[0].lstrip("+~")
        for overrides in runs["overrides"]
        for override in overrides
    }

    def is_named(column: str) -> bool:
        key = display_name(column)
        return any(key == name or key.startswith(f"{name}.") for name in named)

    drawn = {  # values drawn from a posterior, one particle per replicate: replication too
        CONFIG_PREFIX + column.removeprefix(DRAWN_PREFIX)
        for column in runs
        if column.startswith(DRAWN_PREFIX)
    }
    candidates = [
        column
        for column in config_columns(runs)
        if column not in REPLICATION_COLUMNS
        and column not in drawn
        and runs[column].nunique(dropna=False) > 1
    ]
    candidates.sort(key=lambda column: not is_named(column))
    if runs["source"].nunique() > 1:
        candidates.append("source")
    chosen: dict[str, np.ndarray] = {}
    for column in candidates:
        codes = pd.factorize(runs[column], use_na_sentinel=False)[0]
        if not _determined_by(codes, list(chosen.values())):
            chosen[column] = codes
    return list(chosen)


def _within_source(runs: pd.DataFrame, keys: Sequence[str]) -> list[str]:
    """The keys that vary inside at least one source (the others tell the sources apart)."""
    return [
        key
        for key in keys
        if key != "source" and runs.groupby("source")[key].nunique(dropna=False).gt(1).any()
    ]


def contrast(runs: pd.DataFrame, keys: Sequence[str], metrics: Sequence[str]) -> pd.DataFrame:
    """Difference of means of each metric, each later source minus the first, with the
    half-width of its 95% Welch interval and whether that interval excludes zero.

    Runs are matched on the keys that vary within sources (settings that one source lacks are
    left out). One row per later source, setting and metric; ``n`` and ``n_baseline`` count the
    runs on each side.
    """
    within = _within_source(runs, keys)
    table = group_statistics(runs, ["source", *within], metrics)
    first = table["source"] == runs["source"].iloc[0]
    table = table[~first].merge(
        table[first].drop(columns="source"), on=[*within, "metric"], suffixes=("", "_baseline")
    )
    table["difference"] = table["mean"] - table["mean_baseline"]
    error = table["var"] / table["n"]
    error_baseline = table["var_baseline"] / table["n_baseline"]
    welch_dof = (error + error_baseline) ** 2 / (
        error**2 / (table["n"] - 1) + error_baseline**2 / (table["n_baseline"] - 1)
    )
    half_width = t_quantile(welch_dof) * np.sqrt(error + error_baseline)
    table["half_width"] = half_width.mask(error + error_baseline == 0, 0.0)
    table["significant"] = table["difference"].abs() > table["half_width"]
    columns = ["source", *within, "metric", "difference", "half_width", "significant"]
    return table[[*columns, "n", "n_baseline"]]


def _decimals(scale: float) -> int:
    """Decimal places that show about four significant digits of numbers of size ``scale``."""
    if not np.isfinite(scale) or scale == 0:
        return 2
    return int(np.clip(3 - np.floor(np.log10(scale)), 0, 6))


def _metric_blocks(
    table: pd.DataFrame, keys: Sequence[str], value_columns: Sequence[str], cells
) -> list[str]:
    """One titled, indented text table per key metric present in ``table``: the values of
    ``keys``, then what ``cells(rows, decimals)`` makes of the metric's rows, all numbers with
    the decimals that suit the largest of its ``value_columns``."""
    blocks = []
    for metric in KEY_METRICS:
        rows = table[table["metric"] == metric]
        if rows.empty:
            continue
        decimals = _decimals(rows[list(value_columns)].abs().max().max())
        shown = rows[list(keys)].map(format_value).rename(columns=display_name)
        shown = pd.concat([shown, cells(rows, decimals)], axis=1)
        text = shown.to_string(index=False).replace("\n", "\n  ")
        blocks.append(f"{metric}: {figures.axis_label(metric)}\n  {text}")
    return blocks or ["None of the key metrics is in the summaries."]


def format_summary(runs: pd.DataFrame, keys: Sequence[str], table: pd.DataFrame) -> str:
    """The printed comparison: which settings differ, then for each key metric the mean, the
    half-width of its 95% t-interval and the number of runs, per setting."""
    sources = runs["source"].unique()
    lines = [f"{len(runs)} runs from {len(sources)} source(s): {', '.join(sources)}"]
    if keys:
        swept = ", ".join(f"{display_name(k)} ({runs[k].nunique()} values)" for k in keys)
        lines.append(f"Settings differ in: {swept}")
    else:
        lines.append("Nothing differs between the runs but the seed.")
    lines.append(
        f"mean over the runs of each setting, ± half-width of its {CONFIDENCE:.0%} t-interval"
        " (none for one run), n runs"
    )

    def cells(rows: pd.DataFrame, decimals: int) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "mean": rows["mean"].map(lambda v: f"{v:,.{decimals}f}"),
                f"± {CONFIDENCE:.0%} CI": rows["half_width"].map(
                    lambda v: "" if pd.isna(v) else f"{v:,.{decimals}f}"
                ),
                "n": rows["n"],
            }
        )

    blocks = _metric_blocks(table, keys, ["mean", "half_width"], cells)
    return "\n\n".join(["\n".join(lines), *blocks])


def format_contrast(runs: pd.DataFrame, keys: Sequence[str], table: pd.DataFrame) -> str:
    """The printed contrast: for each key metric, each later source minus the first, with its
    95% Welch interval and whether the difference is significant (the interval excludes 0)."""
    within = _within_source(runs, keys)
    between = [display_name(k) for k in keys if k != "source" and k not in within]
    heading = (
        f"Difference of means, each source minus {runs['source'].iloc[0]}, "
        f"with its {CONFIDENCE:.0%} Welch interval"
        + (f" (sources differ in {', '.join(between)})" if between else "")
    )

    def cells(rows: pd.DataFrame, decimals: int) -> pd.DataFrame:
        low = rows["difference"] - rows["half_width"]
        high = rows["difference"] + rows["half_width"]
        return pd.DataFrame(
            {
                "difference": rows["difference"].map(lambda v: f"{v:+,.{decimals}f}"),
                f"{CONFIDENCE:.0%} interval": [
                    "" if pd.isna(a) else f"[{a:+,.{decimals}f}, {b:+,.{decimals}f}]"
                    for a, b in zip(low, high, strict=True)
                ],
                "significant": [
                    "n/a" if pd.isna(h) else ("yes" if s else "no")
                    for h, s in zip(rows["half_width"], rows["significant"], strict=True)
                ],
            },
            index=rows.index,
        )

    if table.empty:
        return f"{heading}\n\nNo setting is in both sources."
    blocks = _metric_blocks(table, ["source", *within], ["difference", "half_width"], cells)
    return "\n\n".join([heading, *blocks])


def draw_figures(
    runs: pd.DataFrame, keys: Sequence[str], table: pd.DataFrame, folder: Path
) -> tuple[list[Path], list[str]]:
    """Draw each key metric against the swept lever (when a config value varies) and
    employment over time (a point a month, or a day, as the runs' time series have them), the
    mean over seeds of each setting with 95% bands, into ``folder``.

    The lever on the x axis is the numeric swept value with the most values (any swept value
    when none is numeric); the other keys make one line each. Metrics that are zero or missing
    in every run are not drawn. Returns the files written and one message per run whose time
    series could not be read.
    """
    written: list[Path] = []
    levers = [key for key in keys if key != "source"]
    if levers:
        numeric = [key for key in levers if figures.is_numeric_lever(runs[key])]
        lever = max(numeric or levers, key=lambda key: runs[key].nunique())
        others = [key for key in keys if key != lever]
        for metric in KEY_METRICS:
            if metric in set(table["metric"]):
                written += figures.save_versions(
                    figures.against_lever,
                    folder / metric,
                    runs=runs,
                    metrics=[metric],
                    lever=lever,
                    line_keys=others,
                )
    series, messages = load_timeseries(runs["run_dir"])
    if not series.empty:
        series = series.merge(runs[["run_dir", *keys]], on="run_dir")
        employed = [name for name in series.columns if name.startswith("employed.")]
        written += figures.employment_figures(series, employed, keys, folder)
    return written, messages


def build_parser() -> argparse.ArgumentParser:
    """The command line of ``python -m sim.compare``."""
    parser = argparse.ArgumentParser(
        prog="python -m sim.compare",
        description="Gather dramasim runs and sweeps into one table, compare them and draw "
        "figures.",
    )
    parser.add_argument(
        "dirs",
        nargs="+",
        type=Path,
        metavar="DIR",
        help="a run folder, a sweep folder (hydra.sweep.dir) or a folder of sweeps",
    )
    parser.add_argument(
        "--out", type=Path, help="where to write the runs table (default: FIRST_DIR/runs.parquet)"
    )
    parser.add_argument(
        "--figures",
        type=Path,
        metavar="FOLDER",
        help="folder for the figures (default: FIRST_DIR/figures)",
    )
    parser.add_argument("--no-figures", action="store_true", help="draw no figures")
    parser.add_argument(
        "--contrast",
        action="store_true",
        help="report each DIR's difference from the first (automatic for two DIRs)",
    )
    return parser


def _warn(messages: Sequence[str]) -> None:
    for message in messages:
        print(f"warning: {message}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> None:
    """Run the comparison; exit with status 2 and a one-line message on a bad argument."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.contrast and len(args.dirs) < 2:
        parser.error("--contrast needs at least two DIRs")
    try:
        runs, messages = load_runs(args.dirs)
    except NoRunsError as error:
        parser.error(str(error))
    _warn(messages)
    keys = setting_columns(runs)
    metrics = [metric for metric in KEY_METRICS if metric in runs.columns]
    table = mean_and_interval(runs, keys, metrics)
    print(format_summary(runs, keys, table))
    if args.contrast or len(args.dirs) == 2:
        print("\n" + format_contrast(runs, keys, contrast(runs, keys, metrics)))
    out = args.out or args.dirs[0] / "runs.parquet"
    folder = args.figures or args.dirs[0] / "figures"
    try:
        write_runs(runs, out)
        drawn, messages = ([], []) if args.no_figures else draw_figures(runs, keys, table, folder)
    except OSError as error:
        parser.exit(1, f"{parser.prog}: error: cannot write: {error}\n")
    _warn(messages)
    print(f"\nRuns table: {out}")
    if not args.no_figures:
        print(f"Figures: {len(drawn)} files in {folder}")


def cli() -> None:
    """``python -m sim.compare`` and the ``dramasim-compare`` command: :func:`main`, quiet when
    the output goes to a reader that stops early, such as ``head``."""
    try:
        main()
        sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)


if __name__ == "__main__":
    cli()
