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
