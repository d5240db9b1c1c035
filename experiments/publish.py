"""Draw the figures and write the tables that the studies in ``experiments/`` publish.

    python experiments/publish.py [NAME ...] [--results DIR] [--out DIR]

For each experiment NAME (all of them by default) it reads the sweep's runs table
``DIR/NAME/runs.parquet`` (written by ``python -m sim.compare DIR/NAME``; DIR is ``results``)
and each run's ``timeseries.parquet``, and writes into ``experiments/NAME/``:

* ``figures/*.pdf`` and ``figures/*.png``: the study's figures, single-column, in the shared
  style of :mod:`sim.analysis.figures` (vector PDF and 300-dpi PNG);
* ``results.md``: the model the runs were made with (dramasim version and git commit, read from
  the runs' ``provenance.*`` columns), then the study's table, the mean over seeds of each metric
  for each setting of the swept levers, with the half-width of its 95% t-interval and the number
  of runs, then each setting's difference from the study's reference setting, paired over common
  random numbers (same seed and replicate) with its 95% t-interval (Welch's interval where a
  setting shares no seed with the reference).

A study whose runs record different git commits, or were made from a checkout with uncommitted
changes, is refused (exit status 2) unless ``--allow-mixed-models`` is given; then results.md
says so in bold.

``make figures`` runs every sweep (skipping finished jobs), the comparison and then this script.
Like :mod:`sim.analysis.compare`, it reads only run outputs and never imports the model.
"""

import argparse
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from sim.analysis import figures, labels, statistics
from sim.analysis.compare import mean_and_interval
from sim.analysis.runs import REPLICATION_COLUMNS, display_name, format_value

HERE = Path(__file__).resolve().parent


def label(metric: str) -> str:
    """``Label (unit)`` of a metric, for axes and table headings (from the one label table,
    :mod:`sim.analysis.labels`)."""
    return figures.axis_label(metric)


@dataclass
class Panels:
    """One figure of stacked panels: ``metrics`` against the lever ``x``, one line per setting
    of ``lines``, over the runs whose columns hold the values in ``where``."""

    name: str
    metrics: list[str]
    x: str
    lines: list[str] = field(default_factory=list)
    where: dict[str, object] = field(default_factory=dict)


@dataclass
class Study:
    """What one study publishes: its levers, the metrics of its table and its figures."""

    name: str
    levers: list[str]
    """Runs-table columns of the swept levers (``config.<key>`` or ``choice.<group>``)."""
    table: list[str]
    panels: list[Panels]
    extra: list[Callable[["Study", pd.DataFrame, Path], list[Path]]] = field(default_factory=list)
    """Further figures: functions of (study, runs, figure folder) returning the files written."""
    reference: dict[str, object] = field(default_factory=dict)
    """The setting the others are compared with, replicate by replicate (lever -> value)."""


# ---------------------------------------------------------------------------- numbers
def _significant(value: float, digits: int = 3) -> int:
    """Decimal places that show ``digits`` significant digits of ``value``."""
    if not np.isfinite(value) or value == 0:
        return 0
    return int(max(0, digits - 1 - np.floor(np.log10(abs(value)))))


def format_cell(mean: float, half_width: float, signed: bool = False) -> str:
    """``mean ± half-width`` with three significant digits of the larger of the two."""
    if pd.isna(mean):
        return "n/a"
    decimals = _significant(max(abs(mean), 0 if pd.isna(half_width) else half_width))
    text = f"{mean:{'+' if signed else ''},.{decimals}f}"
    return text if pd.isna(half_width) else f"{text} ± {half_width:,.{decimals}f}"


def _lever_order(values: pd.Series) -> pd.Series:
    """Sort key of a lever's values: the order of ORDERS for a categorical lever."""
    order = ORDERS.get(values.name)
    return values.map({value: i for i, value in enumerate(order)}) if order else values


def summary_table(
    runs: pd.DataFrame, levers: Sequence[str], metrics: Sequence[str], signed: bool = False
) -> str:
    """Markdown tables of the mean ± 95% half-width of each metric for each setting of
    ``levers``, four metrics a table, with the number of runs of each setting."""
    present = [m for m in metrics if m in runs.columns]
    stats = mean_and_interval(runs, list(levers), present)
    counts = runs.groupby(list(levers), dropna=False).size().rename("runs").reset_index()
    counts = counts.sort_values(list(levers), key=_lever_order)
    blocks = []
    for start in range(0, len(present), 4):
        chunk = present[start : start + 4]
        wide = counts.copy()
        for metric in chunk:
            rows = stats[stats["metric"] == metric].copy()
            rows[metric] = [
                format_cell(m, h, signed)
                for m, h in zip(rows["mean"], rows["half_width"], strict=True)
            ]
            wide = wide.merge(rows[[*levers, metric]], on=list(levers), how="left")
        header = [display_name(lever) for lever in levers] + ["runs"] + [label(m) for m in chunk]
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        for _, row in wide.iterrows():
            cells = [format_value(row[lever]) for lever in levers] + [str(row["runs"])]
            cells += [row[metric] if isinstance(row[metric], str) else "n/a" for metric in chunk]
            lines.append("| " + " | ".join(cells) + " |")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def contrast_table(
    runs: pd.DataFrame, levers: Sequence[str], reference: dict[str, object], metrics: Sequence[str]
) -> str:
    """Markdown tables of each setting's difference from the ``reference`` setting, four metrics
    a table: paired over common random numbers (each run minus the reference's run with the same
    seed and replicate, the mean over the pairs ± the half-width of its 95% t-interval), or,
    where the settings share no seed and replicate, the difference of means ± Welch's 95%
    half-width; the ``pairs`` column says which and how many."""
    present = [m for m in metrics if m in runs.columns]
    table = statistics.contrast(
        runs,
        list(levers),
        [reference[lever] for lever in levers],
        present,
        pair_on=[c for c in REPLICATION_COLUMNS if c in runs.columns],
    )
    table = table.sort_values(list(levers), key=_lever_order, kind="stable")
    settings = table.drop_duplicates(list(levers))[list(levers)]
    blocks = []
    for start in range(0, len(present), 4):
        chunk = present[start : start + 4]
        header = [display_name(lever) for lever in levers] + ["pairs"] + [label(m) for m in chunk]
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        for _, setting in settings.iterrows():
            rows = table[(table[list(levers)] == setting.to_numpy()).all(axis=1)]
            rows = rows.set_index("metric")
            first = rows.iloc[0]
            method = (
                f"{first['n']}"
                if (rows["method"] == statistics.PAIRED).all()
                else f"none (Welch, {first['n']} vs {first['n_baseline']} runs)"
            )
            cells = [format_value(setting[lever]) for lever in levers] + [method]
            cells += [
                format_cell(rows.at[m, "difference"], rows.at[m, "half_width"], signed=True)
                if m in rows.index
                else "n/a"
                for m in chunk
            ]
            lines.append("| " + " | ".join(cells) + " |")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


# ---------------------------------------------------------------------------- drawing
def panels_against_lever(
    runs: pd.DataFrame,
    metrics: Sequence[str],
    lever: str,
    line_keys: Sequence[str],
    path_stem: Path,
) -> list[Path]:
    """Stacked single-column panels, one per metric (all-zero ones left out), of the mean over
    seeds against ``lever`` with its clipped 95% interval (the seeds themselves when fewer than
    three), one line per setting of ``line_keys``, in the shared style of
    :mod:`sim.analysis.figures`."""
    return figures.save_versions(
        figures.against_lever,
        path_stem,
        runs=runs,
        metrics=metrics,
        lever=lever,
        line_keys=line_keys,
    )


def read_timeseries(runs: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """The monthly columns of every run's timeseries, stacked with the run's ``run_dir``.

    Raises SystemExit for a run with a daily time series (``output.timeseries=day``): the
    studies' monthly flows and moving averages need a row a month."""
    frames = []
    for run_dir in runs["run_dir"]:
        frame = pd.read_parquet(Path(run_dir, "timeseries.parquet"))
        if frame["month"].duplicated().any():
            raise SystemExit(
                f"{run_dir} has a daily time series: the studies read monthly ones "
                "(run the sweep with output.timeseries=month, the default)"
            )
        wanted = ["month", *[c for c in columns if c in frame.columns]]
        frames.append(frame[wanted].assign(run_dir=run_dir))
    return pd.concat(frames, ignore_index=True)


def lines_over_time(
    series: pd.DataFrame, metric: str, line_key: str, ylabel: str, path_stem: Path
) -> list[Path]:
    """Mean over seeds of a monthly series (with its clipped 95% band, or the seeds when fewer
    than three), one line per value of ``line_key``, against the simulated date."""
    dates = pd.to_datetime(
        {"year": 2025 + series["month"] // 12, "month": series["month"] % 12 + 1, "day": 1}
    )
    return figures.save_versions(
        figures.over_time,
        path_stem,
        series=series.assign(date=dates),
        columns=[metric],
        line_keys=[line_key],
        ylabel=ylabel,
        titles=False,
    )


# ---------------------------------------------------------------------------- study-specific
def role_days_change(study: Study, runs: pd.DataFrame, folder: Path) -> list[Path]:
    """Change of each role's micro-drama working days under each AI option, relative to the
    2025 baseline (at the baseline's training places), percent, with 95% intervals (the seeds
    themselves when an option has fewer than three)."""
    places = "config.ai.training_places_per_year"
    if places in runs.columns:
        runs = runs[runs[places] == 20000]
    prefix = "micro.working_days."
    roles = [
        column.removeprefix(prefix)
        for column in runs.columns
        if column.startswith(prefix) and "." not in column.removeprefix(prefix)
    ]
    base = runs[runs[AI] == "baseline_2025"][[prefix + role for role in roles]].mean()
    others = runs[runs[AI] != "baseline_2025"]
    change = 100 * (others[base.index] / base.replace(0, np.nan) - 1)
    change.columns = roles
    shown = [role for role in roles if role != "ai_animator" and change[role].notna().any()]
    if others.empty or not shown:
        return []
    long_form = (
        change[shown]
        .assign(**{AI: others[AI]})
        .melt(id_vars=[AI], var_name="role", value_name="change")
    )
    position = {role: index for index, role in enumerate(shown)}
    options = sorted(long_form[AI].unique(), key=lambda value: labels.option_rank(AI, value))
    styles = figures.looks(long_form, [AI])
    with figures.use_style():
        figure, grid = figures.new_figure(figures.SINGLE_COLUMN_IN, 0.9 + 0.22 * len(shown))
        axes = grid[0, 0]
        for index, option in enumerate(options):
            part = long_form[long_form[AI] == option]
            stats = mean_and_interval(part, ["role"], ["change"])
            name = figures.setting_label([AI], option)
            look = styles[name]
            y = stats["role"].map(position) + 0.2 * (index - (len(options) - 1) / 2)
            if stats["n"].min() >= figures.MIN_RUNS_FOR_BAND:
                axes.errorbar(
                    stats["mean"],
                    y,
                    xerr=stats["half_width"],
                    fmt=look.marker,
                    capsize=2,
                    color=look.colour,
                    label=name,
                )
            else:
                axes.plot(stats["mean"], y, look.marker, color=look.colour, label=name)
                axes.plot(
                    part["change"],
                    part["role"].map(position) + 0.2 * (index - (len(options) - 1) / 2),
                    look.marker,
                    markerfacecolor="none",
                    markeredgewidth=0.6,
                    markersize=3,
                    color=look.colour,
                    alpha=0.7,
                )
        axes.axvline(0, color="0.5", linewidth=0.6)
        axes.set_yticks(
            range(len(shown)), [labels._capital(labels.ROLE_NAMES.get(r, r)) for r in shown]
        )
        axes.set_ylim(len(shown) - 0.5, -0.5)
        axes.set_xlabel("Change in micro-drama working days\nfrom the 2025 baseline (%)")
        figures.legend_below(figure, [axes], figures.legend_title([AI]))
        figures.finish(figure, [axes])
    return figures.save(figure, folder / "role_days_change")


def with_transitions(runs: pd.DataFrame) -> pd.DataFrame:
    """The runs with the moves from long to micro dramas summed over the first two simulated
    years (``transitions.first_two_years``) and over all of them (``transitions.cumulative``),
    and the months until half of all of them had happened."""
    series = read_timeseries(runs, ["flows.long_to_micro"])
    rows = {}
    for run_dir, part in series.groupby("run_dir"):
        flows = part.sort_values("month")["flows.long_to_micro"].to_numpy()
        total = flows.sum()
        half = int(np.searchsorted(np.cumsum(flows), total / 2) + 1) if total else np.nan
        rows[run_dir] = (flows[:24].sum(), total, half)
    columns = [
        "transitions.first_two_years",
        "transitions.cumulative",
        "transitions.months_to_half",
    ]
    extra = pd.DataFrame.from_dict(rows, orient="index", columns=columns)
    return runs.merge(extra, left_on="run_dir", right_index=True)


def transitions_over_time(study: Study, runs: pd.DataFrame, folder: Path) -> list[Path]:
    """Cumulative moves from long to micro dramas, month by month, for each contraction."""
    lever = study.levers[0]
    series = read_timeseries(runs, ["flows.long_to_micro"]).merge(
        runs[["run_dir", lever]], on="run_dir"
    )
    series = series.sort_values(["run_dir", "month"])
    series["transitions.cumulative"] = series.groupby("run_dir")["flows.long_to_micro"].cumsum()
    return lines_over_time(
        series,
        "transitions.cumulative",
        lever,
        "Moves from long to micro dramas since 2025 (people)",
        folder / "transitions_over_time",
    )


def employment_over_time(sector: str) -> Callable:
    """A figure of the people working in ``sector`` (mean of the month's last day and the two
    before: a 3-month moving average) for each value of the study's first lever (the other
    levers at their first value)."""

    def draw(study: Study, runs: pd.DataFrame, folder: Path) -> list[Path]:
        lever, others = study.levers[0], study.levers[1:]
        for other in others:
            runs = runs[runs[other] == runs[other].iloc[0]]
        column = f"employed.{sector}"
        series = read_timeseries(runs, [column]).merge(runs[["run_dir", lever]], on="run_dir")
        series = series.sort_values(["run_dir", "month"])
        series[column] = series.groupby("run_dir")[column].transform(
            lambda people: people.rolling(3, min_periods=1).mean()
        )
        return lines_over_time(
            series,
            column,
            lever,
            f"Working in {figures.SECTOR_NAMES[sector]}, 3-month moving average (people)",
            folder / f"employment_{sector}",
        )

    return draw


def micro_vs_long(study: Study, runs: pd.DataFrame, folder: Path) -> list[Path]:
    """Median days worked by micro-only and by long-only workers against the shoot length, at
    the 2025 gap between shoots and churn."""
    for other in study.levers[1:]:
        runs = runs[runs[other] == runs[other].min()]
    lever = study.levers[0]
    long_form = pd.concat(
        [
            runs[[lever]].assign(workers=name, value=runs[f"stability.days_worked_median.{sector}"])
            for sector, name in (("micro", "micro dramas only"), ("long", "long dramas only"))
        ]
    )
    long_form = long_form.rename(columns={"value": "stability.days_worked_median"})
    return panels_against_lever(
        long_form, ["stability.days_worked_median"], lever, ["workers"], folder / "micro_vs_long"
    )


def beveridge_curve(study: Study, runs: pd.DataFrame, folder: Path) -> list[Path]:
    """The Beveridge curve of each setting of the study's lever: slots left unfilled in a month
    (vacancies) against the workers idle at its end, both per 100 workers of the industry
    (micro and long dramas), the mean over seeds month by month, coloured by the month."""
    lever = study.levers[0]
    columns = ["flows.unfilled", "workforce.idle", "workforce.micro", "workforce.long"]
    series = read_timeseries(runs, columns).merge(runs[["run_dir", lever]], on="run_dir")
    workers = series["workforce.micro"] + series["workforce.long"]
    series["beveridge.vacancy_rate"] = 100 * series["flows.unfilled"] / workers
    series["beveridge.idle_rate"] = 100 * series["workforce.idle"] / workers
    rates = ["beveridge.idle_rate", "beveridge.vacancy_rate"]
    means = series.groupby([lever, "month"], sort=True)[rates].mean().reset_index()
    settings = sorted(means[lever].unique(), key=lambda v: labels.option_rank(lever, v))
    with figures.use_style():
        figure, grid = figures.new_figure(
            figures.DOUBLE_COLUMN_IN, 2.6, 1, len(settings), sharex=True, sharey=True
        )
        panels = list(grid[0])
        for axes, setting in zip(panels, settings, strict=True):
            part = means[means[lever] == setting]
            axes.plot(part[rates[0]], part[rates[1]], color="0.75", linewidth=0.6, zorder=1)
            points = axes.scatter(
                part[rates[0]], part[rates[1]], c=part["month"], cmap="viridis", s=9, zorder=2
            )
            axes.set_title(figures.setting_label([lever], setting), fontsize="medium")
            axes.set_xlabel(label(rates[0]))
        panels[0].set_ylabel(figures.wrapped(label(rates[1]), 28))
        figure.colorbar(points, ax=panels, label="Months since January 2025", shrink=0.9)
        figure.suptitle(labels.lever_label(lever), fontsize="medium")
        figures.finish(figure, panels)
    return figures.save(figure, folder / "beveridge_curve")


# ---------------------------------------------------------------------------- the studies
SHOOT = "config.turnover.shoot_days_factor"
GAP = "config.turnover.studio_gap_days"
EXIT = "config.turnover.annual_exit_rate"
FREE = "config.business_model.free_share"
AI = "choice.ai"
PLACES = "config.ai.training_places_per_year"
CONTRACTION = "config.scenario.long_demand_change"
POLICY = "choice.policy"
SUPPLY = "config.scenario.labour_supply"
GROWTH = "config.scenario.micro_demand_growth_per_year"
ORDERS = {
    AI: ("none", "baseline_2025", "high"),
    POLICY: ("none", "qujiang_2025", "gig_everywhere"),
}
"""Order of the options of a categorical lever on an x axis: from least to most."""

STUDIES = {
    study.name: study
    for study in (
        Study(
            "turnover",
            [SHOOT, GAP, EXIT],
            [
                "micro.shoot_days_mean",
                "micro.titles_per_month",
                "micro.working_days",
                "stability.core_projects_per_year_median",
                "stability.freelance_projects_per_year_median",
                "stability.days_worked_median.micro",
                "stability.days_worked_median.long",
                "stability.stable_share.micro",
                "stability.stable_share.long",
                "stability.idle_spell_mean_days",
                "micro.direct_employment",
                "workforce.micro",
                "workforce.exits",
            ],
            [
                Panels(
                    "stability_vs_cycle",
                    [
                        "stability.core_projects_per_year_median",
                        "stability.days_worked_median.micro",
                        "stability.stable_share.micro",
                    ],
                    SHOOT,
                    [GAP, EXIT],
                )
            ],
            [micro_vs_long],
            reference={SHOOT: 1.0, GAP: 1, EXIT: 0.08},
        ),
        Study(
            "business_model",
            [FREE],
            [
                "business_model.free_share",
                "micro.titles_per_month",
                "micro.writing_days_per_title",
                "micro.shoot_days_mean",
                "micro.working_days.screenwriter",
                "micro.employment.screenwriter",
                "micro.experienced_share_required",
                "micro.direct_employment",
                "stability.days_worked_median.micro",
                "stability.stable_share.micro",
                "ai.title_share",
                "studios.closures",
            ],
            [
                Panels(
                    "production_vs_free_share",
                    [
                        "micro.titles_per_month",
                        "micro.writing_days_per_title",
                        "micro.experienced_share_required",
                    ],
                    FREE,
                ),
                Panels(
                    "work_vs_free_share",
                    [
                        "micro.working_days.screenwriter",
                        "micro.direct_employment",
                        "stability.days_worked_median.micro",
                    ],
                    FREE,
                ),
            ],
            reference={FREE: 0.0},
        ),
        Study(
            "ai_adoption",
            [AI, PLACES],
            [
                "ai.title_share",
                "ai.animator_employment",
                "ai.retrained",
                "micro.crew_days_per_live_title",
                "micro.working_days",
                "micro.direct_employment",
                "micro.indirect_employment",
                "micro.total_employment",
                "micro.titles_per_month",
                "stability.days_worked_median.micro",
            ],
            [
                Panels(
                    "animators_vs_training",
                    ["ai.animator_employment", "ai.retrained"],
                    PLACES,
                    [AI],
                ),
                Panels(
                    "employment_vs_ai",
                    [
                        "micro.direct_employment",
                        "micro.indirect_employment",
                        "micro.total_employment",
                    ],
                    AI,
                    where={PLACES: 20000},
                ),
            ],
            [role_days_change],
            reference={AI: "baseline_2025", PLACES: 20000},
        ),
        Study(
            "long_drama_contraction",
            [CONTRACTION],
            [
                "long.titles_per_year",
                "long.direct_employment",
                "workforce.long",
                "transitions.long_to_micro",
                "transitions.first_two_years",
                "transitions.cumulative",
                "transitions.months_to_half",
                "micro.direct_employment",
                "stability.days_worked_median.long",
                "workforce.exits",
                "workforce.entries",
            ],
            [
                Panels(
                    "absorption",
                    [
                        "transitions.first_two_years",
                        "transitions.cumulative",
                        "long.direct_employment",
                    ],
                    CONTRACTION,
                )
            ],
            [transitions_over_time, employment_over_time("long")],
            reference={CONTRACTION: 0.0},
        ),
        Study(
            "gig_market",
            [POLICY],
            [
                "policy.gig_workers_employed",
                "micro.employment.extra",
                "micro.employment.extra_not_gig",
                "stability.idle_spell_mean_days",
                "market.cross_region_share",
                "micro.direct_employment",
                "stability.days_worked_median.micro",
                "stability.stable_share.micro",
                "workforce.exits",
                "income.median_yuan",
            ],
            [
                Panels(
                    "gig_outcomes",
                    [
                        "policy.gig_workers_employed",
                        "stability.idle_spell_mean_days",
                        "market.cross_region_share",
                    ],
                    POLICY,
                )
            ],
            reference={POLICY: "none"},
        ),
        Study(
            "labour_supply",
            [SUPPLY],
            [
                "workforce.micro",
                "micro.direct_employment",
                "micro.titles_per_month",
                "market.unfilled_share",
                "market.recruits",
                "stability.days_worked_median.micro",
                "stability.idle_spell_mean_days",
                "stability.stable_share.micro",
                "income.day_rate_index",
                "income.median_yuan",
                "workforce.entries",
                "workforce.exits",
            ],
            [
                Panels(
                    "work_vs_supply",
                    [
                        "stability.days_worked_median.micro",
                        "stability.idle_spell_mean_days",
                        "market.unfilled_share",
                    ],
                    SUPPLY,
                ),
                Panels(
                    "employment_vs_supply",
                    ["micro.direct_employment", "income.day_rate_index"],
                    SUPPLY,
                ),
            ],
            reference={SUPPLY: 1.0},
        ),
        Study(
            "beveridge",
            [GROWTH],
            [
                "micro.titles_per_month",
                "market.openings",
                "market.unfilled_share",
                "stability.idle_spell_mean_days",
                "micro.direct_employment",
                "workforce.micro",
                "workforce.entries",
                "workforce.exits",
                "income.day_rate_index",
                "studios.closures",
            ],
            [
                Panels(
                    "market_vs_growth",
                    ["market.unfilled_share", "stability.idle_spell_mean_days"],
                    GROWTH,
                )
            ],
            [beveridge_curve, employment_over_time("micro")],
            reference={GROWTH: 0.0},
        ),
    )
}
DERIVED = {
    "long_drama_contraction": with_transitions,
    "gig_market": lambda runs: runs.assign(
        **{
            "micro.employment.extra_not_gig": runs["micro.employment.extra"]
            - runs["policy.gig_workers_employed"]
        }
    ),
}
"""Per-run metrics a study computes from the time series before drawing."""


def _counted(values: pd.Series) -> str:
    """Each distinct value of a column and its number of runs: `` `a` (60 runs), `b` (1 run)``."""
    return ", ".join(
        f"`{value}` ({count} run{'s' if count > 1 else ''})"
        for value, count in values.value_counts().items()
    )


def model_statement(runs: pd.DataFrame) -> str:
    """The model the runs were made with, from their ``provenance.*`` columns (written by
    ``python -m sim.compare`` from each run's ``provenance.json``): dramasim's version and git
    commit, and a warning when the runs disagree, were made from a checkout with uncommitted
    changes, or do not record them."""
    n = len(runs)
    missing = pd.Series([None] * n, index=runs.index, dtype=object)
    versions = runs.get("provenance.version", missing).dropna().astype(str)
    commits = runs.get("provenance.git_commit", missing).dropna().astype(str).str[:7]
    dirty = int(runs.get("provenance.git_dirty", missing).eq(True).sum())
    if versions.empty:
        return "**Model**: not recorded (the runs were made before dramasim wrote provenance.json)."
    text = "**Model**: "
    if versions.nunique() == 1:
        text += f"dramasim {versions.iloc[0]}"
    else:
        text += f"**the runs disagree on the dramasim version**: {_counted(versions)}"
    if commits.nunique() == 1:
        text += f", git commit `{commits.iloc[0]}`"
    elif commits.nunique() > 1:
        text += f"; **the runs disagree on the git commit**: {_counted(commits)}"
    text += " (from each run's provenance.json)."
    if len(commits) < n:
        text += (
            f" {n - len(commits)} of {n} runs record no git commit (made from an installed "
            "package, or before provenance was recorded)."
        )
    if dirty:
        text += (
            f" **{dirty} of {n} runs were made from a checkout with uncommitted changes**: the "
            "commit does not hold their exact code."
        )
    return text


def model_problems(runs: pd.DataFrame) -> list[str]:
    """Why the runs of one study do not all come from one committed model: they record
    different git commits, or some were made from a checkout with uncommitted changes."""
    commits = runs.get("provenance.git_commit", pd.Series(dtype=object)).dropna().astype(str)
    dirty = runs.get("provenance.git_dirty", pd.Series(dtype=object)).eq(True)
    problems = []
    if commits.nunique() > 1:
        problems.append(f"the runs come from {commits.nunique()} git commits: {_counted(commits)}")
    if dirty.any():
        problems.append(
            f"{int(dirty.sum())} of {len(runs)} runs were made from a checkout with uncommitted "
            "changes"
        )
    return problems


def with_run_dirs_under(runs: pd.DataFrame, results: Path) -> pd.DataFrame:
    """The runs with ``run_dir`` found again when sim.compare ran from another folder: a run
    folder that does not exist from here is looked for at the same place below ``results``."""

    def found(run_dir: str, source: str) -> str:
        if Path(run_dir).is_dir():
            return run_dir
        return str(results / Path(source).name / Path(run_dir).relative_to(source))

    return runs.assign(
        run_dir=[found(d, s) for d, s in zip(runs["run_dir"], runs["source"], strict=True)]
    )


def publish(study: Study, results: Path, out: Path) -> list[Path]:
    """Write one study's figures and table; return the files written."""
    runs = with_run_dirs_under(pd.read_parquet(results / study.name / "runs.parquet"), results)
    runs = DERIVED.get(study.name, lambda runs: runs)(runs)
    folder = out / study.name / "figures"
    written = []
    for panels in study.panels:
        chosen = runs
        for column, value in panels.where.items():
            chosen = chosen[chosen[column] == value]
        written += panels_against_lever(
            chosen, panels.metrics, panels.x, panels.lines, folder / panels.name
        )
    for draw in study.extra:
        written += draw(study, runs, folder)
    scale = ", ".join(format_value(s) for s in sorted(runs["config.scale"].unique()))
    years = ", ".join(str(y) for y in sorted(runs["config.years"].unique()))
    heading = (
        f"# {study.name}: results table\n\n"
        f"Written by `experiments/publish.py` from {len(runs)} runs in `results/{study.name}/` "
        f"(scale {scale} people per simulated worker, {years} simulated years; metrics of the "
        "last simulated year unless named otherwise). Each cell: the mean over seeds ± the "
        "half-width of its 95% t-interval.\n\n" + model_statement(runs) + "\n"
    )
    text = heading + "\n" + summary_table(runs, study.levers, study.table) + "\n"
    if study.reference:
        setting = ", ".join(
            f"{display_name(k)}={format_value(v)}" for k, v in study.reference.items()
        )
        text += (
            f"\n## Differences from {setting}, paired over common random numbers\n\n"
            "Each setting's run minus the run of the reference setting with the same seed and "
            "replicate (the same random streams), averaged over the pairs: mean ± half-width of "
            "its 95% t-interval (pairs - 1 degrees of freedom). Where a setting shares no seed "
            "and replicate with the reference, the pairs column says so and the cell is the "
            "difference of means ± the half-width of Welch's 95% interval. An interval that "
            "excludes 0 is a difference the seeds do not explain.\n\n"
            + contrast_table(runs, study.levers, study.reference, study.table)
            + "\n"
        )
    target = out / study.name / "results.md"
    target.write_text(text)
    return [*written, target]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python experiments/publish.py", description=__doc__)
    parser.add_argument("names", nargs="*", default=list(STUDIES), metavar="NAME")
    parser.add_argument("--results", type=Path, default=Path("results"))
    parser.add_argument("--out", type=Path, default=HERE)
    parser.add_argument(
        "--allow-mixed-models",
        action="store_true",
        help="publish even when a study's runs come from different git commits or from "
        "uncommitted changes (results.md then says so in bold); refused otherwise",
    )
    args = parser.parse_args(argv)
    unknown = [name for name in args.names if name not in STUDIES]
    if unknown:
        parser.error(f"unknown experiment {', '.join(unknown)}; known: {', '.join(STUDIES)}")
    for name in args.names:
        if not (args.results / name / "runs.parquet").is_file():
            parser.error(
                f"no {args.results / name / 'runs.parquet'}: run the sweep and "
                f"`python -m sim.compare {args.results / name}` first (or `make figures`)"
            )
        problems = model_problems(pd.read_parquet(args.results / name / "runs.parquet"))
        if problems and not args.allow_mixed_models:
            parser.exit(
                2,
                f"{parser.prog}: error: {name}: {'; '.join(problems)}. Re-run the sweep from one "
                "clean commit (delete results/NAME first), or pass --allow-mixed-models to "
                "publish with a warning.\n",
            )
        for problem in problems:
            print(f"warning: {name}: {problem}", file=sys.stderr)
        written = publish(STUDIES[name], args.results, args.out)
        print(f"{name}: {len(written)} files in {args.out / name}")


if __name__ == "__main__":
    sys.exit(main())
