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
# # A tour of the 2025 baseline
#
# This notebook builds the calibrated 2025 baseline with the model API (no Hydra, no files),
# runs it and looks at three things:
#
# 1. the **calibration table**: the reported patterns of 2025 next to what the model makes of
#    them (docs/model.md, section 8, gives the full table at scale 10);
# 2. the **distribution of days worked** in the last simulated year, for people who work only
#    in micro dramas, only in long dramas, or in both, and for studios' core teams against
#    freelancers;
# 3. the **flows between sectors**: entries, exits, moves from long to micro dramas and
#    retraining into AI animation, month by month and year by year.
#
# `SCALE` is real people per simulated worker: 10 gives the documented calibration in a few
# minutes; 100 runs in seconds, with more noise. The tests run this notebook at a coarse scale
# through the environment variables `DRAMASIM_NOTEBOOK_SCALE` and `DRAMASIM_NOTEBOOK_YEARS`.

# %%
import os

import numpy as np
import pandas as pd
from IPython.display import display

from sim.analysis import figures
from sim.config import DramaSimConfig
from sim.model import DramaLabourModel
from sim.vocabulary import LONG, MICRO

figures.enable_inline_display()  # figures display as images (they are built without pyplot)
SCALE = float(os.environ.get("DRAMASIM_NOTEBOOK_SCALE", 50))
YEARS = int(os.environ.get("DRAMASIM_NOTEBOOK_YEARS", 2))
SEED = 2025


def formatted(frame: pd.DataFrame, pattern: str = "{:,.0f}") -> pd.DataFrame:
    """The table with its numbers written with ``pattern`` (flags and text kept)."""
    return frame.map(
        lambda v: pattern.format(v) if isinstance(v, int | float) and not isinstance(v, bool) else v
    )


# %% [markdown]
# ## Run the baseline
#
# The recorder clears the workforce's yearly counters (days worked by sector, titles, months
# worked) when it closes a year. To look at individual days worked, we keep a copy of those
# arrays just before each reset.

# %%
model = DramaLabourModel(DramaSimConfig(seed=SEED, scale=SCALE, years=YEARS))
workforce = model.workforce
yearly_arrays: list[pd.DataFrame] = []
reset_year = workforce.reset_year


def keep_then_reset() -> None:
    """Copy the year's per-worker counters, then let the workforce reset them."""
    yearly_arrays.append(
        pd.DataFrame(
            {
                "days_micro": workforce.days_micro.astype(int),
                "days_long": workforce.days_long.astype(int),
                "titles_micro": workforce.titles_micro.astype(int),
                "core": workforce.employer >= 0,
                "gig": workforce.gig.copy(),
                "sector": workforce.sector.copy(),
                "active": workforce.active(),
            }
        )
    )
    reset_year()


workforce.reset_year = keep_then_reset
model.run()
summary = model.summary()
timeseries = model.timeseries()
print(f"{YEARS} years at scale {SCALE:g}: {len(workforce.role):,} simulated workers ever")

# %% [markdown]
# ## 1. Calibration
#
# Reported figures for 2025 (Peking University National Development Research Institute report,
# as reported by Economic Daily, 2026-02-05; NRTA for long dramas) and the model's last
# simulated year. Headcounts are in real people.

# %%
TARGETS = [
    ("micro.titles_per_month", "titles a month", "more than 3,000", 3000, 3600),
    ("micro.direct_employment", "direct employment", "about 690,000", 621_000, 759_000),
    (
        "micro.total_employment",
        "total with the multiplier",
        "more than 2.03 million",
        1.83e6,
        2.23e6,
    ),
    ("micro.team_size_mean", "team of a live-action title", "60 to 90 people", 60, 90),
    ("micro.shoot_days_mean", "shooting cycle of a title", "5 to 10 days", 5, 10),
    ("regions.henan_title_share", "Henan's share of titles", "about a quarter", 0.20, 0.30),
    ("regions.hengdian_costume_share", "costume titles shot in Hengdian", "nearly 90%", 0.8, 1),
    ("regions.xian_post_share", "titles post-produced in Xi'an", "40% to 60%", 0.4, 0.6),
    ("long.tv_series_per_year", "TV series a year", "156 (2023)", 150, 200),
    ("long.web_series_per_year", "web series a year", "about 200 to 294 (2023)", 200, 300),
]
calibration = pd.DataFrame(
    [
        {
            "pattern": name,
            "reported": reported,
            "simulated": summary[key],
            "inside band": low <= summary[key] <= high,
        }
        for key, name, reported, low, high in TARGETS
    ]
)
formatted(calibration, "{:,.3g}")

# %% [markdown]
# ## 2. Days worked in the last simulated year
#
# The micro-drama industry is said to give steadier work than long dramas' project-by-project
# hiring, because short cycles let the same people work dozens of titles a year. The model
# separates the studios' in-house core teams (who do) from the freelancers hired per title.

# %%
last = yearly_arrays[-1]
last = last.assign(days=last["days_micro"] + last["days_long"])
worked = last[last["days"] > 0]
groups = {
    "micro only, core team": worked[(worked["days_long"] == 0) & worked["core"]],
    "micro only, freelance": worked[(worked["days_long"] == 0) & ~worked["core"]],
    "long only": worked[worked["days_micro"] == 0],
    "both sectors": worked[(worked["days_micro"] > 0) & (worked["days_long"] > 0)],
}
pd.DataFrame(
    {
        name: {
            "people": len(part) * SCALE,
            "median days": part["days"].median(),
            "mean days": part["days"].mean(),
            "median micro titles": part["titles_micro"].median(),
        }
        for name, part in groups.items()
    }
).T.pipe(formatted)

# %%
with figures.use_style():
    figure, grid = figures.new_figure(figures.SINGLE_COLUMN_IN, 2.6)
    axes = grid[0, 0]
    bins = np.arange(0, 366, 15)
    for name, part in groups.items():
        if len(part):
            share = np.histogram(part["days"], bins=bins)[0] / len(part)
            axes.step(bins[:-1], share, where="post", label=name)
    axes.set_xlabel("Days worked in the year")
    axes.set_ylabel("Share of the group's workers")
    axes.legend()
    figures.finish(figure, [axes])
display(figure)

# %% [markdown]
# ## 3. Flows between sectors
#
# Month by month: entrants from outside pools (live streaming, short video, graduates, local
# part-timers, gig markets), exits from the industry, moves from long to micro dramas and
# workers finishing AI-animator training. All in real people a month.

# %%
flows = {
    "flows.entries": "entries",
    "flows.exits": "exits",
    "flows.long_to_micro": "long to micro",
    "flows.retrained": "retrained as AI animators",
}
with figures.use_style():
    figure, grid = figures.new_figure(figures.SINGLE_COLUMN_IN, 2.6)
    axes = grid[0, 0]
    for column, name in flows.items():
        axes.plot(timeseries["month"] + 1, timeseries[column], label=name)
    axes.set_yscale("symlog", linthresh=1000)
    axes.set_xlabel("Month of simulation")
    axes.set_ylabel("People a month")
    axes.legend()
    figures.finish(figure, [axes])
display(figure)

# %% [markdown]
# Year by year, with the stocks at the end of each year: the workforce of each sector
# (everyone still in the industry, working or not) and the people who worked in it.

# %%
year_keys = {
    "workforce.entries": "entries",
    "workforce.exits": "exits",
    "transitions.long_to_micro": "long to micro",
    "ai.retrained": "retrained as AI animators",
    "workforce.micro": "micro workforce",
    "workforce.long": "long workforce",
    "micro.direct_employment": "worked in micro",
    "long.direct_employment": "worked in long",
}
pd.DataFrame(
    {
        int(year["year"]): {name: year[key] for key, name in year_keys.items()}
        for year in model.recorder.years
    }
).pipe(formatted)

# %% [markdown]
# Where the people of the last year stand: the sector each worker still in the industry belongs
# to at the end of the year, against the sectors they worked in during it (people).

# %%
sector_name = {MICRO: "micro", LONG: "long"}
last = last[last["active"] | (last["days"] > 0)]
where_worked = np.select(
    [
        (last["days_micro"] > 0) & (last["days_long"] > 0),
        last["days_micro"] > 0,
        last["days_long"] > 0,
    ],
    ["both", "micro only", "long only"],
    default="did not work",
)
pd.crosstab(
    last["sector"].map(sector_name).rename("sector at year end"),
    pd.Series(where_worked, index=last.index, name="worked in"),
).mul(SCALE).pipe(formatted)
