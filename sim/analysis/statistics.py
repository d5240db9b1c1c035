"""Means over seeds and their confidence intervals, shared by the comparison and the figures."""

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats as scipy_stats

CONFIDENCE = 0.95
"""Coverage of every interval reported."""


def group_statistics(
    frame: pd.DataFrame, by: Sequence[str], columns: Sequence[str]
) -> pd.DataFrame:
    """Mean, sample variance (ddof 1) and count of each column in each group of ``by``.

    Long form, sorted by group: one row per group and column, ``metric`` naming the column;
    missing values are left out of the counts.
    """
    long = frame.melt(id_vars=list(by), value_vars=list(columns), var_name="metric")
    return (
        long.dropna(subset=["value"])
        .groupby([*by, "metric"], dropna=False, sort=True)["value"]
        .agg(mean="mean", var="var", n="count")
        .reset_index()
    )


def t_quantile(degrees_of_freedom: pd.Series) -> pd.Series:
    """Student-t quantile of a two-sided interval of the chosen confidence."""
    return scipy_stats.t.ppf(0.5 + CONFIDENCE / 2, degrees_of_freedom)


def mean_and_interval(
    frame: pd.DataFrame, by: Sequence[str], columns: Sequence[str]
) -> pd.DataFrame:
    """Mean of each column in each group of ``by``, the half-width of its 95% t-interval
    (``half_width``, in the column's unit; missing for a single run) and the number of runs
    ``n``, in the long form of :func:`group_statistics`."""
    table = group_statistics(frame, by, columns)
    table["half_width"] = t_quantile(table["n"] - 1) * np.sqrt(table["var"] / table["n"])
    return table.drop(columns="var")


PAIRED = "paired"
WELCH = "Welch"
"""The two methods of :func:`contrast`: the paired t-interval over common random numbers, and
Welch's unpaired interval when the two sides share no random streams."""


def _paired(side: pd.DataFrame, base: pd.DataFrame, metric: str, pair_on: Sequence[str]) -> dict:
    """The mean difference of ``metric`` over the pairs of runs that share the values of
    ``pair_on`` (the same random streams) and the half-width of its paired t-interval."""
    joined = side[[*pair_on, metric]].merge(
        base[[*pair_on, metric]], on=list(pair_on), suffixes=("", "_baseline")
    )
    differences = joined[metric] - joined[f"{metric}_baseline"]
    n = len(differences)
    half_width = np.nan
    if n > 1:
        spread = differences.std(ddof=1)
        half_width = 0.0 if spread == 0 else t_quantile(n - 1) * spread / np.sqrt(n)
    return {
        "difference": differences.mean(),
        "half_width": half_width,
        "method": PAIRED,
        "n": n,
        "n_baseline": n,
        "unpaired": len(side) + len(base) - 2 * n,
    }


def _welch(side: pd.Series, base: pd.Series) -> dict:
    """The difference of the means of two independent samples and the half-width of Welch's
    t-interval (Welch-Satterthwaite degrees of freedom)."""
    half_width = np.nan
    if min(len(side), len(base)) > 1:
        error, error_baseline = side.var(ddof=1) / len(side), base.var(ddof=1) / len(base)
        total = error + error_baseline
        if total == 0:
            half_width = 0.0
        else:
            dof = total**2 / (error**2 / (len(side) - 1) + error_baseline**2 / (len(base) - 1))
            half_width = t_quantile(dof) * np.sqrt(total)
    return {
        "difference": side.mean() - base.mean(),
        "half_width": half_width,
        "method": WELCH,
        "n": len(side),
        "n_baseline": len(base),
        "unpaired": len(side) + len(base),
    }


def difference(
    side: pd.DataFrame, base: pd.DataFrame, metric: str, pair_on: Sequence[str]
) -> dict[str, object]:
    """``metric`` of the runs ``side`` minus that of the runs ``base``, with the half-width of
    its 95% interval.

    Paired when the two sides share random streams (runs with equal values of ``pair_on``, each
    such value once on each side): the mean over the pairs of the per-pair difference and its
    t-interval (n pairs - 1 degrees of freedom), which common random numbers make narrower than
    an unpaired one; runs without a partner are left out and counted (``unpaired``). Otherwise
    (no shared stream, or ``pair_on`` empty) the difference of means with Welch's interval.
    ``half_width`` is NaN when there are too few runs for an interval, 0 when every run agrees.
    """
    side, base = side.dropna(subset=[metric]), base.dropna(subset=[metric])
    present = list(pair_on) and all(c in side.columns for c in pair_on)
    if (
        present
        and not side.duplicated(list(pair_on)).any()
        and not base.duplicated(list(pair_on)).any()
    ):
        shared = side[list(pair_on)].merge(base[list(pair_on)], on=list(pair_on))
        if len(shared):
            return _paired(side, base, metric, pair_on)
    return _welch(side[metric], base[metric])


def contrast(
    frame: pd.DataFrame,
    arms: Sequence[str],
    baseline: Sequence[object],
    metrics: Sequence[str],
    match: Sequence[str] = (),
    pair_on: Sequence[str] = (),
) -> pd.DataFrame:
    """Each setting of the columns ``arms`` minus the setting ``baseline`` (their values, in
    order), for each metric, within each group of equal ``match`` values (:func:`difference`:
    paired over the ``pair_on`` streams both share, else Welch).

    One row per group, setting other than the baseline and metric: the ``match`` values, the
    ``arms`` values, ``metric``, ``difference``, ``half_width``, ``significant`` (the interval
    excludes 0), ``method``, ``n``, ``n_baseline`` and ``unpaired`` (runs left out of a paired
    difference, or every run of an unpaired one). Groups without the baseline, and metrics
    missing on either side, are left out.
    """
    rows = []
    groups = frame.groupby(list(match), dropna=False, sort=True) if match else [((), frame)]
    for key, group in groups:
        is_base = np.logical_and.reduce(
            [group[a] == b for a, b in zip(arms, baseline, strict=True)]
        )
        base = group[is_base]
        if base.empty:
            continue
        for setting, side in group[~is_base].groupby(list(arms), sort=False, dropna=False):
            for metric in metrics:
                if side[metric].notna().any() and base[metric].notna().any():
                    rows.append(
                        {
                            **dict(zip(match, key, strict=True)),
                            **dict(zip(arms, setting, strict=True)),
                            "metric": metric,
                            **difference(side, base, metric, pair_on),
                        }
                    )
    columns = [*match, *arms, "metric", "difference", "half_width", "method"]
    table = pd.DataFrame(rows, columns=[*columns, "n", "n_baseline", "unpaired"])
    table.insert(len(columns) - 1, "significant", table["difference"].abs() > table["half_width"])
    return table
