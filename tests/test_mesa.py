"""Mesa's own tools work with the model: keyword parameters, ``rng``, ``batch_run`` and the
DataCollector (issue 16, item 6)."""

import math

import mesa
import numpy as np
import pandas as pd
import pytest
from mesa.experimental.scenarios import Scenario

from sim.config import DramaSimConfig
from sim.model.interop import MONTHLY, YEARLY
from sim.model.model import DramaLabourModel
from sim.validation import ConfigError, configured
from sim.vocabulary import ROLES

SMALL = {"scale": 500, "seed": 1}
MONTH = 31


def stepped(model: DramaLabourModel, days: int) -> DramaLabourModel:
    for _ in range(days):
        model.step()
    return model


def test_batch_run_returns_one_row_per_run_with_employment():
    rows = mesa.batch_run(
        DramaLabourModel,
        parameters={"scale": 500, "seed": [1, 2]},
        max_steps=40,
        display_progress=False,
    )
    assert len(rows) == 2
    assert sorted(row["seed"] for row in rows) == [1, 2]
    for row in rows:
        assert row["Step"] == MONTH  # the last month's end before step 40
        assert row["day"] == MONTH and str(row["date"]) == "2025-01-01"
        assert row["employed.micro"] > 0 and row["workforce.micro"] > 0
        assert row["employed.micro"] == sum(row[f"employed.micro.{role}"] for role in ROLES)
    assert rows[0]["employed.micro"] != rows[1]["employed.micro"]  # the seeds were used


def test_keywords_mean_the_same_as_a_config():
    by_keywords = DramaLabourModel(scale=500, seed=1, **{"ai.title_share": 0.3})
    config = DramaSimConfig(scale=500.0, seed=1)
    config.ai.title_share = 0.3
    by_config = DramaLabourModel(config)
    assert by_keywords.config == config
    assert isinstance(by_keywords.config.scale, float)
    stepped(by_keywords, 40)
    stepped(by_config, 40)
    assert by_keywords.recorder.rows == by_config.recorder.rows
    default_ai = DramaLabourModel(scale=500, seed=1)  # the dotted key was applied:
    shares = (model.open_micro_studios().ai_share.mean() for model in (default_ai, by_keywords))
    assert next(shares) < next(shares)


def test_keywords_apply_on_top_of_a_config_without_changing_it():
    base = DramaSimConfig(scale=200.0, years=1)
    model = DramaLabourModel(base, seed=4, business_model={"free_share": 1.0})
    assert (model.config.scale, model.config.years, model.config.seed) == (200.0, 1, 4)
    assert model.config.business_model.free_share == 1.0
    assert model.config.business_model.free_writers_factor == 1.5  # merged, not replaced
    assert base.seed == 2025 and base.business_model.free_share == 0.6
    assert DramaLabourModel(base).config is base  # no keywords: the config as given


def test_rng_is_the_seed_and_none_leaves_the_seed_in_charge():
    assert DramaLabourModel(rng=7, scale=500).config.seed == 7
    assert DramaLabourModel(rng=np.int64(7), seed=7, scale=500).config.seed == 7
    assert DramaLabourModel(rng=None, seed=3, scale=500).config.seed == 3
    assert DramaLabourModel(rng=None, scale=500).config.seed == DramaSimConfig().seed
    one, two = (stepped(DramaLabourModel(rng=None, **SMALL), MONTH) for _ in range(2))
    assert one.recorder.rows == two.recorder.rows  # rng=None is reproducible, unlike Mesa's
    with pytest.raises(ConfigError, match=r"`rng` = 5 contradicts `seed`"):
        DramaLabourModel(rng=5, seed=6)
    with pytest.raises(ConfigError, match=r"`rng` = 0.5 has the wrong type"):
        DramaLabourModel(rng=0.5)


@pytest.mark.parametrize(
    ("keywords", "message"),
    [
        ({"ai.title_shar": 0.3}, r"`ai.title_shar` = 0.3 is not a known key; allowed: the keys "),
        ({"scal": 500}, r"`scal` = 500 is not a known key; allowed: the keys at the top level"),
        ({"ai.title_share": 1.5}, r"`ai.title_share` = 1.5 is out of range; allowed: a number "),
        ({"years": 1.5}, r"`years` = 1.5 has the wrong type; allowed: an integer from 1 to 50"),
        ({"policy.gig_dispatch": 1}, r"`policy.gig_dispatch` = 1 has the wrong type"),
        ({"business_model": "free_only"}, r"`business_model` = 'free_only' has the wrong type"),
        ({"policy.gig_market_regions": ["mars"]}, r"`policy.gig_market_regions` = 'mars'"),
        ({"scenario.regions.mars.cost_index": 1.0}, r"`scenario.regions.mars` = 1.0 is not"),
        ({"market.core_team.plumber": 1}, r"`market.core_team.plumber` = 1.0 is not a known"),
    ],
)
def test_a_bad_keyword_stops_with_a_message_naming_it(keywords, message):
    with pytest.raises(ConfigError, match=message):
        DramaLabourModel(**keywords)


def test_configured_sets_tables_and_new_entries():
    config = configured(
        **{"scenario.micro_workforce.extra": 1e5, "scenario.regions.quzhou": {"cost_index": 0.5}}
    )
    assert config.scenario.micro_workforce["extra"] == 1e5
    assert config.scenario.micro_workforce["camera"] == 32000  # the rest of the table stays
    assert config.scenario.regions["quzhou"].cost_index == 0.5
    assert config.scenario.regions["quzhou"].label == "Quzhou / Qujiang"
    assert configured(**{"policy.gig_market_regions": ()}).policy.gig_market_regions == []
    automation = configured(ai={"automation": {"screenwriter": 0.2}}).ai.automation
    assert automation == {"screenwriter": 0.2, "art_props": 0.05, "post_production": 0.10}


def test_a_mesa_scenario_lends_only_its_rng():
    """SolaraViz's Reset passes a Mesa ``Scenario``; the config's ``scenario`` group stays."""
    model = DramaLabourModel(scenario=Scenario(rng=None), seed=3, scale=500)
    assert model.config.seed == 3
    assert model.config.scenario == DramaSimConfig().scenario
    assert DramaLabourModel(scenario=Scenario(rng=9), scale=500).config.seed == 9


def test_the_datacollector_reports_each_month_and_the_closed_year():
    model = stepped(DramaLabourModel(years=1, **SMALL), 365)
    frame = model.datacollector.get_model_vars_dataframe()
    assert list(frame.columns) == ["day", *MONTHLY, *YEARLY]
    assert len(frame) == 12  # month ends only, not 365 days
    assert model.datacollector._collection_steps == list(frame["day"].astype(float))
    months = model.timeseries()
    for name in MONTHLY:
        collected = pd.to_datetime(frame[name]) if name == "date" else frame[name]
        assert list(collected) == list(months[name]), name
    summary = model.summary()
    assert {name: frame[name].iloc[-1] for name in YEARLY} == {n: summary[n] for n in YEARLY}
    assert all(math.isnan(value) for value in frame[list(YEARLY)].iloc[:-1].to_numpy().ravel())
