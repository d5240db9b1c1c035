"""Compare dramasim runs and sweeps from their output folders.

    python -m sim.compare DIR [DIR ...] [--out PATH] [--figures DIR] [--no-figures] [--contrast]
        [--lever KEY ...] [--baseline KEY=VALUE ...]

Each DIR is a run folder, a sweep folder (Hydra's ``hydra.sweep.dir``) or a folder of sweeps.
The command gathers every complete run into one table (``<first DIR>/runs.parquet``: one row per
run, the config values that differ between runs and every summary metric), lists every config
value that differs between the runs, prints the key metrics for each setting of the swept values
as mean and 95% t-interval over seeds, and, for two DIRs (or with ``--contrast``), the
difference of each later DIR from the first with its 95% interval: paired over common random
numbers (each run minus the run with the same seed and replicate, t-interval over the pairs)
when the DIRs share seeds, else unpaired (Welch), as the output says; ``--baseline KEY=VALUE``
contrasts every setting of a sweep with the one named, in the same way. A contrast whose runs
differ in more than one thing (or, with ``--lever``, in anything but the levers named) is
flagged as confounded. It draws the figures into ``<first DIR>/figures/``: each key metric
against the swept lever, and employment over time (monthly, or daily) by sector and by role.
Failed or unfinished job folders are skipped with a warning. It reads only run outputs and never
imports the model."""

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from sim.analysis import figures, statistics
from sim.analysis.runs import (
    CHOICE_PREFIX,
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
    mean_and_interval,
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
    """Difference of each metric, each later source minus the first, with the half-width of its
    95% interval and whether that interval excludes zero (:func:`statistics.contrast`).

    Runs are matched on the keys that vary within sources (settings that one source lacks are
    left out). Where the two sources' runs share random streams (seed and replicate), the
    difference is paired, run by run, over the common random numbers; otherwise it is the
    difference of means with Welch's interval (``method`` says which). One row per later source,
    setting and metric; ``n`` and ``n_baseline`` count the runs on each side.
    """
    within = _within_source(runs, keys)
    return statistics.contrast(
        runs,
        ["source"],
        [runs["source"].iloc[0]],
        metrics,
        match=within,
        pair_on=[c for c in REPLICATION_COLUMNS if c in runs.columns],
    )


def differing_values(runs: pd.DataFrame) -> dict[str, list[object]]:
    """Every config value and group choice that differs between the runs (seed and replicate
    aside), with its distinct values in table order: group choices first."""
    columns = [
        column
        for column in config_columns(runs)
        if column not in REPLICATION_COLUMNS and runs[column].nunique(dropna=False) > 1
    ]
    columns.sort(key=lambda column: not column.startswith(CHOICE_PREFIX))
    return {column: list(pd.unique(runs[column])) for column in columns}


def _values_text(values: Sequence[object], most: int = 6) -> str:
    """``a, b, c`` or, for many values, the first few and how many there are."""
    shown = ", ".join(format_value(value) for value in values[:most])
    return shown if len(values) <= most else f"{shown}, ... ({len(values)} values)"


def format_differences(runs: pd.DataFrame, keys: Sequence[str]) -> str:
    """Every config value that differs between the runs, one a line, and a warning naming
    those that the setting keys do not show but that change with them (a setting then differs
    from another in all of them at once)."""
    differing = differing_values(runs)
    if not differing:
        return "No config value differs between the runs but the seed and replicate."
    lines = [
        f"Config values that differ between the runs ({len(differing)}; seed and replicate aside):"
    ]
    lines += [f"  {display_name(c)}: {_values_text(v)}" for c, v in differing.items()]
    hidden = [c for c in factors(differing) if c not in keys]
    if keys and hidden:
        lines.append(
            "note: the settings above also differ in "
            + ", ".join(display_name(c) for c in hidden)
            + ", which change together with "
            + ", ".join(display_name(k) for k in keys)
            + ": each setting is all of them at once, and their effects cannot be told apart"
        )
    return "\n".join(lines)


def factors(columns: Sequence[str]) -> list[str]:
    """The columns that stand for separate factors: a config value set by a config group whose
    choice is among ``columns`` (``config.ai.title_share`` under ``choice.ai``) goes with it."""
    groups = [display_name(c) for c in columns if c.startswith(CHOICE_PREFIX)]
    return [
        column
        for column in columns
        if column.startswith(CHOICE_PREFIX)
        or not any(display_name(column).startswith(f"{group}.") for group in groups)
    ]


def _is_lever(column: str, levers: Sequence[str]) -> bool:
    """Whether a column is one of the levers named (a group name covers the keys it sets)."""
    name = display_name(column)
    return any(name == lever or name.startswith(f"{lever}.") for lever in levers)


def confounds(runs: pd.DataFrame, keys: Sequence[str], levers: Sequence[str] = ()) -> list[str]:
    """One warning per later source whose contrast with the first is confounded: the runs
    compared (matched on the keys that vary within sources) differ in more than one factor
    (:func:`factors`) or, when ``levers`` are named, in anything but them. Each names the other
    differences and the values on each side."""
    within = _within_source(runs, keys)
    first = runs["source"].iloc[0]
    warnings = []
    for source in runs["source"].unique()[1:]:
        pair = runs[runs["source"].isin([first, source])]
        cells = pair.groupby(within, dropna=False) if within else [((), pair)]
        differing = {
            column
            for _, cell in cells
            for column in config_columns(cell)
            if column not in (*REPLICATION_COLUMNS, *within)
            and cell[column].nunique(dropna=False) > 1
        }
        found = factors([c for c in config_columns(runs) if c in differing])
        others = [c for c in found if not _is_lever(c, levers)] if levers else found
        if (levers and others) or len(others) > 1:
            sides = [
                f"{display_name(c)} ("
                + " vs ".join(
                    _values_text(list(pd.unique(pair.loc[pair["source"] == s, c])), 3)
                    for s in (first, source)
                )
                + ")"
                for c in others
            ]
            problem = (
                f"also in {', '.join(sides)}, besides the lever(s) {', '.join(levers)}"
                if levers
                else f"in {', '.join(sides)}: any of them may cause the difference "
                "(name the lever under study with --lever to check the others)"
            )
            warnings.append(
                f"the contrast of {source} with {first} is confounded: its runs differ {problem}"
            )
    return warnings


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
    return "\n\n".join(["\n".join(lines), format_differences(runs, keys), *blocks])


def format_contrast(
    table: pd.DataFrame,
    shown: Sequence[str],
    subject: str,
    warnings: Sequence[str] = (),
) -> str:
    """The printed contrast ``table`` (:func:`statistics.contrast`): for each key metric and each
    row (labelled by the ``shown`` columns), the difference ``subject`` describes with its 95%
    interval (paired over common random numbers, or Welch's: the ``method`` column and the
    heading say which) and whether it is significant (the interval excludes 0), after the
    ``warnings`` of a confounded contrast."""
    methods = set(table["method"]) if not table.empty else set()
    how = {
        frozenset({statistics.PAIRED}): "paired: the mean over seeds of each run's difference "
        "from the run with the same seed and replicate (common random numbers), with its "
        f"{CONFIDENCE:.0%} t-interval",
        frozenset({statistics.WELCH}): "unpaired: difference of means with its "
        f"{CONFIDENCE:.0%} Welch interval, as the two sides share no seed and replicate",
    }.get(
        frozenset(methods),
        f"paired over common seeds where both sides share them, else Welch; {CONFIDENCE:.0%} "
        "interval (column method)",
    )
    lines = [f"Difference, {subject}: {how}"]
    lines += [f"warning: {warning}" for warning in warnings]
    unpaired = table.loc[table["method"] == statistics.PAIRED, "unpaired"] if methods else []
    if len(unpaired) and max(unpaired) > 0:
        lines.append(f"note: up to {max(unpaired)} runs without a partner seed left out")

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
                "method": rows["method"],
                "n": rows["n"],
            },
            index=rows.index,
        )

    if table.empty:
        return "\n".join([*lines, "", "No setting is on both sides."])
    blocks = _metric_blocks(table, shown, ["difference", "half_width"], cells)
    return "\n\n".join(["\n".join(lines), *blocks])


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
    parser.add_argument(
        "--baseline",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="contrast every setting with this one (repeatable, one per swept key compared), "
        "run by run on common seeds, at equal values of the other swept keys",
    )
    parser.add_argument(
        "--lever",
        action="append",
        default=[],
        metavar="KEY",
        help="a config key or group under study (repeatable): a contrast whose runs also "
        "differ in anything else is reported as confounded",
    )
    return parser


def baseline_setting(
    runs: pd.DataFrame, keys: Sequence[str], pairs: Sequence[str], parser: argparse.ArgumentParser
) -> tuple[list[str], list[object]]:
    """The setting columns and values that ``--baseline KEY=VALUE`` names (a value as the runs
    table shows it: ``0.6``, ``none``); exits with status 2 naming the keys or values that
    are allowed when one is not a swept key or not one of its values."""
    columns, values = [], []
    by_name = {display_name(key): key for key in keys}
    for pair in pairs:
        name, _, text = pair.partition("=")
        if name not in by_name:
            swept = ", ".join(by_name) or "none"
            parser.error(f"--baseline {pair}: {name} is not a swept key; swept: {swept}")
        column = by_name[name]
        found = [v for v in pd.unique(runs[column]) if format_value(v) == text or str(v) == text]
        if not found:
            allowed = ", ".join(format_value(v) for v in pd.unique(runs[column]))
            parser.error(f"--baseline {pair}: {name} has no setting {text!r}; it has {allowed}")
        columns.append(column)
        values.append(found[0])
    return columns, values


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
        warnings = confounds(runs, keys, args.lever)
        _warn(warnings)
        subject = f"each source minus {runs['source'].iloc[0]}"
        shown = ["source", *_within_source(runs, keys)]
        print("\n" + format_contrast(contrast(runs, keys, metrics), shown, subject, warnings))
    if args.baseline:
        arms, baseline = baseline_setting(runs, keys, args.baseline, parser)
        match = [key for key in keys if key not in arms]
        table = statistics.contrast(
            runs, arms, baseline, metrics, match, [c for c in REPLICATION_COLUMNS if c in runs]
        )
        subject = "each setting minus " + ", ".join(args.baseline) + " (the other keys equal)"
        print("\n" + format_contrast(table, [*match, *arms], subject))
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
