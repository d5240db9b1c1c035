# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Comparing the experiments
#
# Each named experiment (`configs/experiment/`) sweeps one lever of the 2025 baseline with
# several seeds per setting. `make figures` runs them into `results/<experiment>/` and
# `python -m sim.compare results/<experiment>` gathers each sweep into
# `results/<experiment>/runs.parquet`: one row per run, the swept config values as
# `config.<key>` or `choice.<group>` columns and every metric of `summary.json`.
#
# This notebook reads those tables only (it never runs or imports the model), and asks of all
# the experiments at once: **which lever moves employment and its stability the most?** For
# each experiment it shows the key metrics per setting (mean over seeds and the half-width of
# the 95% t-interval), then puts the experiments side by side.
#
# `RESULTS` is the folder of sweeps: `DRAMASIM_RESULTS` in the environment when set (the tests
# point it at a small sweep), else `../results` when `make figures` has filled it, else the
# small sample shipped in `sample_results/`: the runs tables of coarse sweeps (scale 500, one
# simulated year, three seeds a setting; remade by `sample_results/make_samples.py`), enough
# to try the notebook in seconds but too noisy to cite.

# %%
import os
from pathlib import Path

import pandas as pd
from IPython.display import display

from sim.analysis import figures, labels
from sim.analysis.compare import mean_and_interval, setting_columns
from sim.analysis.runs import format_value

figures.enable_inline_display()  # figures display as images (they are built without pyplot)


def results_folder() -> Path:
    """The folder of sweeps to read (see above)."""
    if "DRAMASIM_RESULTS" in os.environ:
        return Path(os.environ["DRAMASIM_RESULTS"])
    for folder in (Path("../results"), Path("results")):
        if any(folder.glob("*/runs.parquet")):
            return folder
    for folder in (Path("sample_results"), Path("notebooks/sample_results")):
        if folder.is_dir():
            return folder
    return Path("../results")


RESULTS = results_folder()
print(f"Reading the sweeps in {RESULTS.resolve()}")
METRICS = [
    "micro.titles_per_month",
    "micro.direct_employment",
    "micro.total_employment",
    "stability.days_worked_median.micro",
    "stability.stable_share.micro",
    "stability.idle_spell_mean_days",
    "transitions.long_to_micro",
    "ai.animator_employment",
]

# %% [markdown]
# ## The sweeps found

# %%
tables = {
    path.parent.name: pd.read_parquet(path) for path in sorted(RESULTS.glob("*/runs.parquet"))
}
if not tables:
    raise FileNotFoundError(f"no */runs.parquet under {RESULTS.resolve()}: run `make figures`")


def levers(runs: pd.DataFrame) -> list[str]:
    """The swept levers of a sweep: the config values that tell its settings apart (a group
    choice stands for the values it sets), as `python -m sim.compare` finds them."""
    return setting_columns(runs)


overview = pd.DataFrame(
    {
        name: {
            "runs": len(runs),
            "levers": ", ".join(labels.lever_label(c) for c in levers(runs)),
            "scale": ", ".join(format_value(v) for v in runs["config.scale"].unique()),
            "years": ", ".join(str(v) for v in runs["config.years"].unique()),
        }
        for name, runs in tables.items()
    }
).T
display(overview)

# %% [markdown]
# ## Each experiment: key metrics per setting
#
# Mean over seeds ± half-width of the 95% t-interval.


# %%
def number(value: float) -> str:
    """A number with three significant digits, whole numbers with thousands separators."""
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"


def setting_table(runs: pd.DataFrame) -> pd.DataFrame:
    keys = levers(runs)
    metrics = [m for m in METRICS if m in runs.columns]
    stats = mean_and_interval(runs, keys, metrics)
    stats["cell"] = [
        f"{number(m)} ± {number(h)}" if pd.notna(h) else number(m)
        for m, h in zip(stats["mean"], stats["half_width"], strict=True)
    ]
    wide = stats.pivot_table(index=keys, columns="metric", values="cell", aggfunc="first")
    return wide[[m for m in metrics if m in wide.columns]].rename_axis(
        index=[labels.lever_label(k) for k in keys]
    )


for name, runs in tables.items():
    print(f"\n=== {name} ===")
    with pd.option_context("display.width", 250, "display.max_columns", None):
        print(setting_table(runs).to_string())

# %% [markdown]
# The same, drawn: for each experiment, direct employment and the median days worked against
# its lever (the numeric lever with the most values on the x axis, the others as lines), in the
# style of the published figures: the mean over seeds with its 95% interval, or the seeds
# themselves where a setting has fewer than three.

# %%
for name, runs in tables.items():
    keys = levers(runs)
    numeric = [key for key in keys if figures.is_numeric_lever(runs[key])]
    lever = max(numeric or keys, key=lambda key: runs[key].nunique())
    figure = figures.against_lever(
        runs,
        ["micro.direct_employment", "stability.days_worked_median.micro"],
        lever,
        [key for key in keys if key != lever],
    )
    if figure is not None:
        print(name.replace("_", " "))
        display(figure)

# %% [markdown]
# ## The experiments side by side
#
# For each experiment and metric: the lowest and the highest mean over its settings, relative
# to the mean of the setting closest to the 2025 baseline (the first setting when none is
# marked). A wide bar is a lever that moves the metric a lot.

# %%
BASELINE = {
    "config.turnover.shoot_days_factor": 1.0,
    "config.turnover.studio_gap_days": 1,
    "config.turnover.annual_exit_rate": 0.08,
    "config.business_model.free_share": 0.5,
    "choice.ai": "baseline_2025",
    "config.ai.training_places_per_year": 20000.0,
    "config.scenario.long_demand_change": 0.0,
    "choice.policy": "qujiang_2025",
}
"""Values of the levers in the 2025 baseline (the free share sweep's nearest point is 0.5)."""

rows = []
for name, runs in tables.items():
    keys = levers(runs)
    means = runs.groupby(keys)[[m for m in METRICS if m in runs.columns]].mean()
    baseline = runs
    for key in keys:
        if key in BASELINE and (runs[key] == BASELINE[key]).any():
            baseline = baseline[baseline[key] == BASELINE[key]]
    reference = (baseline if len(baseline) else runs)[means.columns].mean()
    for metric in means.columns:
        if reference[metric]:
            relative = means[metric] / reference[metric] - 1
            rows.append(
                {
                    "experiment": name,
                    "metric": metric,
                    "low": relative.min(),
                    "high": relative.max(),
                }
            )
ranges = pd.DataFrame(rows)
ranges.pivot_table(index="metric", columns="experiment", values=["low", "high"]).map(
    "{:+.0%}".format
)

# %%
shown = ["micro.direct_employment", "stability.days_worked_median.micro"]
with figures.use_style():
    figure, grid = figures.new_figure(
        figures.SINGLE_COLUMN_IN, 0.8 + 1.1 * len(shown), len(shown), sharex=True
    )
    for axes, metric in zip(grid[:, 0], shown, strict=True):
        part = ranges[ranges["metric"] == metric].reset_index(drop=True)
        axes.hlines(part.index, 100 * part["low"], 100 * part["high"], color=figures.OKABE_ITO[0])
        axes.plot(100 * part["low"], part.index, "|", color=figures.OKABE_ITO[0])
        axes.plot(100 * part["high"], part.index, "|", color=figures.OKABE_ITO[0])
        axes.axvline(0, color="0.5", linewidth=0.6)
        axes.set_yticks(part.index, part["experiment"].str.replace("_", " "))
        axes.set_ylim(len(part) - 0.5, -0.5)
        axes.set_title(figures.wrapped((labels.metric_label(metric) or (metric, ""))[0], 40))
    grid[-1, 0].set_xlabel("Range over the sweep (% of the baseline setting)")
    figures.finish(figure, list(grid[:, 0]))
display(figure)
