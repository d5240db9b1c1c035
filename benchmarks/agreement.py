"""Do the array model and the per-agent reference agree? Compare their main aggregates.

``python -m benchmarks.agreement [--scale 500] [--years 1] [--seeds 6]`` runs both models on the
same seeds and prints, per metric, the two means, their difference and two tests:

* Welch's t-test on the two samples (between-seed spread of each model);
* a paired t-test on the per-seed differences: both models draw titles, commissions and studios
  from the same seeded streams, so the pairs share their demand and the paired test is the more
  sensitive one.

A metric agrees when, for both tests, ``|difference| <= 4 standard errors + 2% of the array
model's mean`` (the floor absorbs metrics whose spread is nearly zero). ``tests/test_reference.py``
asserts this.
"""

import argparse
import math
import warnings

import numpy as np
import pandas as pd
from scipy import stats

from benchmarks.reference import ReferenceModel
from sim.config import DramaSimConfig
from sim.model import DramaLabourModel

STANDARD_ERRORS = 4.0
RELATIVE_FLOOR = 0.02

ROLE_GROUPS = {
    "cast": ("lead_actor", "supporting_actor"),
    "extras": ("extra",),
    "crew": ("direction", "camera", "lighting", "costume_makeup", "art_props", "sound"),
    "writing_and_post": ("screenwriter", "post_production"),
    "ai_animator": ("ai_animator",),
}
"""Employment by role, summed over sectors, in groups large enough to measure at small scale."""

METRICS = (
    "micro.direct_employment",
    "long.direct_employment",
    "employed.micro",
    "employed.long",
    *(f"employment.{group}" for group in ROLE_GROUPS),
    "micro.titles_per_month",
    "stability.days_worked_median",
    "transitions.long_to_micro",
    "stability.idle_spell_mean_days",
    "market.hires",
    "market.recruits",
    "market.cross_region_share",
    "market.unfilled_share",
    "workforce.entries",
    "workforce.exits",
    "ai.retrained",
    "market.openings",
    "income.day_rate_index",
    "stability.contracts_per_year_median.extras",
    "micro.working_days.phase.release",
)
"""Compared metrics: the run summary's keys, plus ``employed.<sector>`` (people at work on an
average month-end, from the time series) and ``employment.<role group>``. Besides the issue's
aggregates, the market's channels (recruits on set, travellers, unfilled slots) and idle spells
show first when the array model's matching departs from the rules."""


def aggregates(model: DramaLabourModel) -> dict[str, float]:
    """The compared metrics of a model that has run at least a year."""
    summary = model.summary()
    timeseries = model.timeseries()
    out = {key: summary[key] for key in METRICS if key in summary}
    for sector in ("micro", "long"):
        out[f"employed.{sector}"] = float(timeseries[f"employed.{sector}"].mean())
    for group, roles in ROLE_GROUPS.items():
        out[f"employment.{group}"] = sum(
            summary[f"{sector}.employment.{role}"] for sector in ("micro", "long") for role in roles
        )
    return out


def run_both(scale: float, years: int, seeds: list[int]) -> dict[str, list[dict[str, float]]]:
    """Aggregates of each model ("array", "reference") for each seed."""
    runs: dict[str, list[dict[str, float]]] = {"array": [], "reference": []}
    for seed in seeds:
        for name, cls in (("array", DramaLabourModel), ("reference", ReferenceModel)):
            model = cls(DramaSimConfig(scale=scale, years=years, seed=seed))
            model.run()
            runs[name].append(aggregates(model))
    return runs


def _standard_error(values: np.ndarray) -> float:
    return float(np.std(values, ddof=1) / math.sqrt(len(values))) if len(values) > 1 else 0.0


def compare(runs: dict[str, list[dict[str, float]]]) -> pd.DataFrame:
    """One row per metric: means, difference, Welch and paired standard errors and p-values,
    the tolerance and whether the metric agrees."""
    rows = []
    for metric in METRICS:
        array = np.array([run[metric] for run in runs["array"]], dtype=float)
        reference = np.array([run[metric] for run in runs["reference"]], dtype=float)
        difference = float(reference.mean() - array.mean())
        welch_se = math.hypot(_standard_error(array), _standard_error(reference))
        paired_se = _standard_error(reference - array)
        floor = RELATIVE_FLOOR * abs(float(array.mean()))
        welch_tolerance = STANDARD_ERRORS * welch_se + floor
        paired_tolerance = STANDARD_ERRORS * paired_se + floor
        rows.append(
            {
                "metric": metric,
                "array": float(array.mean()),
                "reference": float(reference.mean()),
                "difference": difference,
                "relative": difference / abs(array.mean()) if array.mean() else 0.0,
                "welch_se": welch_se,
                "welch_p": welch_p(reference, array),
                "paired_se": paired_se,
                "paired_p": paired_p(reference, array),
                "tolerance": min(welch_tolerance, paired_tolerance),
                "agrees": abs(difference) <= welch_tolerance
                and abs(difference) <= paired_tolerance,
            }
        )
    return pd.DataFrame(rows)


def welch_p(reference: np.ndarray, array: np.ndarray) -> float:
    """Two-sided p-value of Welch's t-test (1 or 0 for constant samples, equal or not)."""
    if np.ptp(reference) == 0 and np.ptp(array) == 0:
        return float(reference[0] == array[0])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # nearly identical samples
        return float(stats.ttest_ind(reference, array, equal_var=False).pvalue)


def paired_p(reference: np.ndarray, array: np.ndarray) -> float:
    """Two-sided p-value of the paired t-test (1 or 0 for constant differences, zero or not)."""
    difference = reference - array
    if np.ptp(difference) == 0:
        return float(difference[0] == 0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return float(stats.ttest_rel(reference, array).pvalue)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=500.0, help="people per simulated worker")
    parser.add_argument("--years", type=int, default=1, help="simulated years of each run")
    parser.add_argument("--seeds", type=int, default=8, help="seeds 1..N for each model")
    args = parser.parse_args()
    table = compare(run_both(args.scale, args.years, list(range(1, args.seeds + 1))))
    with pd.option_context("display.width", 160, "display.float_format", "{:.4g}".format):
        print(table.to_string(index=False))
    print(f"{int(table['agrees'].sum())} of {len(table)} metrics agree")


if __name__ == "__main__":
    main()
