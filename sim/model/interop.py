"""What Mesa's own tools expect of a model: keyword parameters, ``rng`` and a DataCollector.

Mesa's ``batch_run`` builds a model as ``DramaLabourModel(**parameters, rng=...)`` and reads
``model.datacollector``; SolaraViz builds it the same way on Reset (adding Mesa's ``scenario``).
:func:`configure` turns those keywords into a checked :class:`~sim.config.DramaSimConfig`
(:func:`sim.validation.configured`); :func:`headline_collector` is the model's
``mesa.DataCollector``, collected once a month, after the month's record.
"""

from functools import partial
from numbers import Integral
from typing import Any

import mesa
from mesa.experimental.scenarios import Scenario

from sim.config import DramaSimConfig
from sim.validation import ConfigError, configured
from sim.vocabulary import PHASES, ROLES, SECTORS

MONTHLY = (
    "date",
    *(f"employed.{sector}" for sector in SECTORS),
    *(f"workforce.{sector}" for sector in SECTORS),
    "workforce.retraining",
    *(f"employed.{sector}.{role}" for sector in SECTORS for role in ROLES),
    "titles.waiting",
    *(f"titles.{phase}" for phase in PHASES),
    *(f"titles.completed.{sector}" for sector in SECTORS),
    *(
        f"flows.{flow}"
        for flow in ("hires", "travel_hires", "entries", "exits", "long_to_micro", "retrained")
    ),
    "studios.micro",
)
"""Columns of the month's record (:meth:`~sim.model.recorder.Recorder.record`) that the
DataCollector reports: people at work at the month's end by sector and role (``employed.*``),
people in each sector's market, titles in each phase, the month's completions and flows; all in
real people and titles."""

YEARLY = (
    "micro.titles_per_month",
    "micro.direct_employment",
    "micro.working_days",
    "micro.team_size_mean",
    "micro.shoot_days_mean",
    "micro.indirect_employment",
    "micro.total_employment",
    "long.titles_per_year",
    "long.direct_employment",
    "long.working_days",
    "stability.days_worked_median",
    "stability.core_projects_per_year_median",
    "stability.idle_spell_mean_days",
    "stability.stable_share",
    "transitions.long_to_micro",
    "ai.animator_employment",
    "ai.title_share",
    "business_model.free_share",
)
"""The headline metrics of ``summary.json``, of the last full simulated year (NaN until the
first year has closed)."""


def configure(
    config: DramaSimConfig | None, rng: Any, parameters: dict[str, Any]
) -> DramaSimConfig:
    """The run's configuration from the model's constructor arguments.

    ``config`` (the baseline if None) with ``parameters`` (top-level or dotted keys) applied and
    checked; without parameters, ``config`` is used as given. ``rng`` is Mesa's seed argument:
    an integer sets ``seed`` (it may repeat, not contradict, a ``seed`` keyword); None leaves
    ``seed`` in charge, so a run is reproducible even when Mesa passes ``rng=None``. A Mesa
    ``Scenario`` passed as ``scenario`` (SolaraViz does on Reset) only lends its ``rng``; the
    config's own ``scenario`` group is set with a mapping or dotted keys.

    Raises :class:`~sim.validation.ConfigError` naming the first bad key or value.
    """
    if isinstance(parameters.get("scenario"), Scenario):
        parameters = dict(parameters)
        mesa_scenario = parameters.pop("scenario")
        rng = mesa_scenario.rng if rng is None else rng
    if rng is not None:
        if isinstance(rng, bool) or not isinstance(rng, Integral):
            raise ConfigError(
                "rng", rng, "an integer seed, or None to let `seed` decide", "has the wrong type"
            )
        seed = parameters.get("seed", rng)
        if seed != rng:
            raise ConfigError(
                "rng", rng, f"None or the same value as `seed` = {seed}", "contradicts `seed`"
            )
        parameters = {**parameters, "seed": int(rng)}
    if not parameters:
        return config if config is not None else DramaSimConfig()
    return configured(config, **parameters)


def _day(model) -> int:
    return model.day


def _latest_month(name: str, model) -> float | str:
    rows = model.recorder.rows
    return rows[-1][name] if rows else float("nan")


def _latest_year(name: str, model) -> float:
    years = model.recorder.years
    return years[-1][name] if years else float("nan")


def headline_collector() -> mesa.DataCollector:
    """A DataCollector with the month's record (:data:`MONTHLY`) and the last year's headline
    metrics (:data:`YEARLY`) as model reporters, plus ``day`` (days simulated).

    The values are read from the :class:`~sim.model.recorder.Recorder`, which has already
    computed them, so a collection costs a few dozen lookups; the model collects at month ends
    (``model_vars`` holds one row a month: ``get_model_vars_dataframe()`` is the monthly series).
    """
    reporters: dict[str, Any] = {"day": partial(_day)}
    reporters |= {name: partial(_latest_month, name) for name in MONTHLY}
    reporters |= {name: partial(_latest_year, name) for name in YEARLY}
    return mesa.DataCollector(model_reporters=reporters)
