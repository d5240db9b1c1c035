"""Directional tests of the science: each lever of the named experiments moves the model the way
its mechanism says, on average over a few seeds of a small model.

Each test runs the model directly (no Hydra) at a coarse scale for two simulated years, with the
same replicates (common random numbers) on both sides of the lever, and compares the means of a
metric of ``summary.json`` (or, for flows, its sum over the simulated years). The levers are set
at the ends of the ranges the experiments sweep, so that the effect stands well clear of the
noise; the experiments themselves measure its size.
"""

from dataclasses import replace
from functools import cache
from statistics import mean

import pytest

from sim.config import DramaSimConfig
from sim.model import DramaLabourModel

SCALE = 200.0
"""Real people per simulated worker: coarse, to keep each run to a few seconds."""
YEARS = 2
REPLICATES = (0, 1, 2)

NO_AI = {
    "title_share": 0.0,
    "automation": {"screenwriter": 0.0, "art_props": 0.0, "post_production": 0.0},
    "animators_per_live_title": 0.0,
}
HIGH_AI = {
    "title_share": 0.5,
    "automation": {
        "screenwriter": 0.4,
        "art_props": 0.5,
        "post_production": 0.5,
        "costume_makeup": 0.3,
        "lighting": 0.3,
    },
    "animators_per_live_title": 3.0,
    "training_places_per_year": 60000.0,
}
"""The `ai` options none and high of configs/ai/, as keyword arguments of AIConfig."""

SETTINGS = {
    "baseline": {},
    "no_ai": {"ai": NO_AI},
    "high_ai": {"ai": HIGH_AI},
    "paid_only": {"business_model": {"free_share": 0.0}},
    "free_only": {"business_model": {"free_share": 1.0}},
    "long_contraction": {"scenario": {"long_demand_change": -0.6}},
    "long_cycles": {"turnover": {"shoot_days_factor": 6.0}},
    "no_gig_market": {"policy": {"gig_market_regions": []}},
    "gig_everywhere": {
        "policy": {
            "gig_market_regions": [
                "henan",
                "hengdian",
                "xian",
                "hangzhou",
                "quzhou",
                "beijing",
                "shanghai",
                "rest",
            ]
        }
    },
}
"""Named settings: config group -> values that differ from the 2025 baseline."""


def config(setting: str, replicate: int) -> DramaSimConfig:
    """The 2025 baseline with the values of ``setting``, small and short."""
    base = DramaSimConfig(scale=SCALE, years=YEARS, replicate=replicate)
    groups = {
        group: replace(getattr(base, group), **values)
        for group, values in SETTINGS[setting].items()
    }
    return replace(base, **groups)


@cache
def years_of(setting: str, replicate: int) -> tuple[dict[str, float], ...]:
    """The yearly metrics of one run (the last is ``summary()``); runs are cached per process."""
    model = DramaLabourModel(config(setting, replicate))
    model.run()
    assert model.summary() == model.recorder.years[-1]
    return tuple(model.recorder.years)


def last_year(setting: str, metric: str) -> list[float]:
    """``metric`` of the last simulated year, one value per replicate."""
    return [years_of(setting, r)[-1][metric] for r in REPLICATES]


def all_years(setting: str, metric: str) -> list[float]:
    """``metric`` summed over the simulated years (for flows), one value per replicate."""
    return [sum(year[metric] for year in years_of(setting, r)) for r in REPLICATES]


def test_more_ai_gives_more_animators_and_fewer_crew_days_per_live_title():
    assert mean(last_year("high_ai", "ai.animator_employment")) > 2 * mean(
        last_year("no_ai", "ai.animator_employment")
    )
    assert mean(last_year("high_ai", "micro.crew_days_per_live_title")) < mean(
        last_year("no_ai", "micro.crew_days_per_live_title")
    )
    assert (
        mean(last_year("high_ai", "ai.title_share"))
        > 0.3
        > mean(last_year("no_ai", "ai.title_share"))
    )


def test_more_ai_gives_fewer_working_days_to_automated_crafts():
    for role in ("art_props", "post_production"):
        metric = f"micro.working_days.{role}"
        assert mean(last_year("high_ai", metric)) < mean(last_year("no_ai", metric)), role


def test_free_model_asks_for_more_writing_and_experience():
    for metric in ("micro.writing_days_per_title", "micro.experienced_share_required"):
        assert mean(last_year("free_only", metric)) > mean(last_year("paid_only", metric)), metric
    assert mean(last_year("free_only", "business_model.free_share")) > 0.9
    assert mean(last_year("paid_only", "business_model.free_share")) < 0.1


def test_long_drama_contraction_moves_a_larger_share_of_long_drama_workers_into_micro_dramas():
    """A contracting sector also draws fewer entrants and on-set recruits (pay and shortages
    fall), so its workforce shrinks; the share of its workers who move on rises, while the
    number can fall with the workforce (emergent: entry, recruits and crossing interact)."""

    def share(setting):
        moved = all_years(setting, "transitions.long_to_micro")
        employed = all_years(setting, "long.direct_employment")
        return mean(m / e for m, e in zip(moved, employed, strict=True))

    assert share("long_contraction") > share("baseline")
    assert mean(last_year("long_contraction", "long.direct_employment")) < mean(
        last_year("baseline", "long.direct_employment")
    )


def test_short_cycles_give_core_teams_more_titles_a_year():
    metric = "stability.core_projects_per_year_median"
    assert mean(last_year("baseline", metric)) > 2 * mean(last_year("long_cycles", metric))


def test_long_cycles_give_micro_workers_more_days():
    metric = "stability.days_worked_median.micro"
    assert mean(last_year("long_cycles", metric)) > mean(last_year("baseline", metric))


def test_gig_markets_employ_more_gig_workers():
    employed = "policy.gig_workers_employed"
    assert mean(last_year("no_gig_market", employed)) == 0
    assert mean(last_year("gig_everywhere", employed)) > mean(last_year("baseline", employed)) > 0


@pytest.mark.parametrize("setting", sorted(SETTINGS))
def test_settings_are_valid_configs(setting):
    from sim.run.validation import validate

    validate(config(setting, 0))
