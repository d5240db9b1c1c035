"""Calibration by ABC-SMC (sim/run/abc.py, sim/run/calibration.py, sim/analysis/calibration.py)
and runs drawing their parameters from a posterior (sim/run/posterior.py).

No test runs the model: the ABC loop is checked on a toy model whose posterior is known, the
sweep of a batch on a stand-in command that writes the runs' files, and the posterior's use on
the configuration a run composes.
"""

import json
import sys

import numpy as np
import pandas as pd
import pytest
from hydra import initialize_config_dir
from hydra.errors import CompactHydraException
from hypothesis import given, settings
from hypothesis import strategies as st

from hydra_plugins.dramasim_sweeper.dramasim_sweeper import holding
from sim.analysis.calibration import write_report
from sim.config import CalibrateConfig, ParameterRange
from sim.run.abc import abc_smc, batch_size
from sim.run.app import CONFIG_DIR, CONFIG_NAME, check_command_line, compose_job
from sim.run.calibration import (
    CANDIDATES,
    INFO,
    POSTERIOR,
    SIMULATIONS,
    Calibration,
    calibrate,
    calibrated_parameters,
    chosen_targets,
    distances,
    standardised_misses,
)
from sim.run.posterior import particle_for, read_particles
from sim.run.validation import ConfigError

HARD_TO_FILL = "market.normal_hard_to_fill_share"
REVENUE = "business_model.revenue_per_title_yuan"
ENTRY = "studios.entry_rate_per_unit_month"


def normal_toy(observed: float, seed: int):
    """A model y = mu + N(0, 1) noise, with distance |y - observed|: under a wide uniform prior
    the posterior of mu is about N(observed, 1)."""
    rng = np.random.default_rng(seed)

    def simulate(candidates: pd.DataFrame, generation: int) -> np.ndarray:
        return np.abs(candidates["mu"].to_numpy() + rng.normal(size=len(candidates)) - observed)

    return simulate


def weighted_mean_sd(values: np.ndarray, weights: np.ndarray) -> tuple[float, float]:
    mean = float(np.sum(weights * values))
    return mean, float(np.sqrt(np.sum(weights * (values - mean) ** 2)))


def test_abc_smc_finds_the_known_posterior_of_a_normal_mean():
    generations = abc_smc({"mu": (-5.0, 5.0)}, normal_toy(1.0, 1), 200, 3000, 0.5, 0.5, seed=1)
    final = generations[-1]
    mean, sd = weighted_mean_sd(final.particles["mu"].to_numpy(), final.weights)
    assert abs(mean - 1.0) < 0.2
    assert 0.8 < sd < 1.3  # the exact posterior's is 1; ABC's tolerance widens it a little
    assert len(generations) >= 3
    assert [g.epsilon for g in generations[1:]] == sorted(
        [g.epsilon for g in generations[1:]], reverse=True
    )
    assert np.isclose(final.weights.sum(), 1)
    assert sum(g.simulations for g in generations) <= 3000
    assert (final.distances <= final.epsilon).all()


def test_abc_smc_is_deterministic_given_its_seed_and_simulations():
    runs = [
        abc_smc({"mu": (-5.0, 5.0)}, normal_toy(0.0, 2), 30, 120, 0.5, 0.5, seed=7)[-1]
        for _ in range(2)
    ]
    pd.testing.assert_frame_equal(runs[0].particles, runs[1].particles)
    np.testing.assert_array_equal(runs[0].weights, runs[1].weights)


def test_abc_smc_keeps_the_index_simulate_gives_and_skips_failures():
    numbered = []

    def simulate(candidates, generation):
        first = sum(len(c) for c in numbered)
        candidates.index = range(first, first + len(candidates))
        numbered.append(candidates.copy())
        found = np.abs(candidates["mu"].to_numpy())
        found[candidates.index % 5 == 0] = np.inf  # every fifth simulation fails
        return found

    generations = abc_smc({"mu": (-1.0, 1.0)}, simulate, 10, 40, 0.5, 0.5, seed=3)
    everything = pd.concat(numbered)
    for generation in generations:
        assert (generation.particles.index % 5 != 0).all()
        pd.testing.assert_frame_equal(
            generation.particles, everything.loc[generation.particles.index]
        )


def test_a_generation_cut_short_by_the_budget_counts_only_with_enough_particles():
    def simulate(candidates, generation):  # the prior's generation only is ever accepted
        return np.where(np.full(len(candidates), generation == 0), 1.0, 2.0)

    generations = abc_smc({"mu": (0.0, 1.0)}, simulate, 10, 40, 0.5, 0.5, seed=1)
    assert [g.number for g in generations] == [0]


def test_batch_size_follows_the_acceptance_and_stays_in_the_budget():
    assert batch_size(20, 0, 0, 0.5, 1000) == 40
    assert batch_size(10, 5, 20, 0.5, 1000) == 40
    assert batch_size(10, 0, 20, 0.5, 1000) == 40
    assert batch_size(10, 0, 20, 0.5, 7) == 7


TARGETS = [
    {"key": "a", "band": "", "low": 10.0, "high": 20.0, "source": ""},
    {"key": "b", "band": "", "low": 20.0, "high": None, "source": ""},
]


def test_distance_scales_each_miss_by_its_band():
    summaries = pd.DataFrame({"a": [15.0, 20.0, 10.0, 15.0, np.nan], "b": [25, 20, 30, 10, 30]})
    found = distances(summaries, TARGETS)
    # centre: 0; an edge: 1 for a and 0 for b, so sqrt(1/2); b short by half of 20: 1.5, so
    # sqrt(2.25/2)
    np.testing.assert_allclose(found[:4], [0, np.sqrt(0.5), np.sqrt(0.5), np.sqrt(1.125)])
    assert found[4] == np.inf


@given(
    value=st.floats(-1e6, 1e6),
    low=st.floats(-1e3, 1e3).filter(lambda x: abs(x) > 1e-3),
    width=st.floats(1e-3, 1e3),
    two_sided=st.booleans(),
)
def test_a_miss_is_at_most_1_inside_its_band_and_more_than_1_outside(value, low, width, two_sided):
    """Both kinds of band score on one scale, so a one-sided target weighs as much as a
    two-sided one when missed (scored as a share of its bound alone, a run 10 % short of it
    counted a tenth of a run at the edge of a two-sided band)."""
    high = low + width if two_sided else None
    target = {"key": "x", "band": "", "low": low, "high": high, "source": ""}
    miss = abs(standardised_misses(pd.DataFrame({"x": [value]}), [target])["x"].iloc[0])
    inside = value >= low and (high is None or value <= high)
    if inside:
        assert miss <= 1 + 1e-9
    else:
        assert miss > 1 - 1e-9


def test_the_calibrated_parameters_and_targets_come_from_the_tables():
    with initialize_config_dir(str(CONFIG_DIR), version_base="1.3"):
        config = compose_job(["+calibrate=default"])
    keys = [parameter.key for parameter in calibrated_parameters(config.calibrate)]
    assert keys == [ENTRY, REVENUE]
    targets = chosen_targets(config.calibrate)
    assert "micro.direct_employment" in [t["key"] for t in targets]
    assert all(t["high"] is None or t["low"] < t["high"] for t in targets)


@pytest.mark.parametrize(
    "overrides, key",
    [
        (["calibrate.budget=30"], "calibrate.budget"),  # below 2 x the population of 20
        (["calibrate.population=1"], "calibrate.population"),
        (["calibrate.targets=[micro.nothing]"], "calibrate.targets"),
        (["calibrate.include=[market.nothing]"], "calibrate.include"),
        (["calibrate.quantile=1.5"], "calibrate.quantile"),
        (["scale=0"], "scale"),
        (["scale=(1"], "scale"),
    ],
)
def test_bad_settings_stop_the_calibration_before_any_simulation(tmp_path, overrides, key):
    with pytest.raises(ConfigError) as error:
        calibrate([f"hydra.sweep.dir={tmp_path / 'cal'}", *overrides])
    assert f"`{key}" in str(error.value)
    assert not (tmp_path / "cal").exists()


def test_a_second_calibration_into_a_busy_folder_stops_at_once(tmp_path):
    # the plugin's module is executed again by Hydra's plugin scan: match the base class
    with holding(tmp_path), pytest.raises(CompactHydraException, match="Another sweep"):
        calibrate([f"hydra.sweep.dir={tmp_path}"])
    assert not (tmp_path / INFO).exists()


def test_a_range_outside_a_keys_allowed_range_is_refused():
    calibrate_config = CalibrateConfig(
        parameters=[ParameterRange(HARD_TO_FILL, -1.0, 0.5, "calibrated (test)")]
    )
    with pytest.raises(ConfigError, match="inside the key's allowed"):
        calibrated_parameters(calibrate_config)


STAND_IN = """
import json, pathlib, sys
import pandas as pd
runs, first, count, candidates = pathlib.Path(sys.argv[1]), *map(int, sys.argv[2:4]), sys.argv[4]
rows = pd.read_parquet(candidates)
for number in range(first, first + count):
    folder = runs / str(number)
    folder.mkdir(parents=True, exist_ok=True)
    if number in (1, 151):
        continue  # a failed run
    row = number if len(rows) > number else number % len(rows)
    value = float(rows.iloc[row]["market.normal_hard_to_fill_share"])
    (folder / "summary.json").write_text(json.dumps({"a": 1000 * value}))
    (folder / "provenance.json").write_text(json.dumps({"posterior_draw": {"particle": row}}))
    (folder / "done").write_text("")
"""


def test_a_batch_runs_as_one_sweep_and_its_summaries_give_the_distances(tmp_path, monkeypatch):
    calibration = Calibration(tmp_path, TARGETS[:1], ["scale=500"])
    command = calibration.sweep_command(4, 3)
    assert "parameters.draw=replicate" in command and "replicate=range(4,7)" in command
    assert f"parameters.posterior={tmp_path / CANDIDATES}" in command and "scale=500" in command

    def stand_in(first, count):
        runs = str(tmp_path / "runs")
        return [sys.executable, "-c", STAND_IN, runs, str(first), str(count), command_file]

    command_file = str(tmp_path / CANDIDATES)
    monkeypatch.setattr(calibration, "sweep_command", stand_in)
    candidates = pd.DataFrame({HARD_TO_FILL: [0.015, 0.012, 0.010]})
    found = calibration.simulate(candidates, 0)
    np.testing.assert_allclose(
        found, [0, np.inf, 1]
    )  # a = 15 is the centre, 10 an edge of [10, 20]
    assert list(candidates.index) == [0, 1, 2]
    more = pd.DataFrame({HARD_TO_FILL: [0.012]})
    calibration.simulate(more, 1)
    assert list(more.index) == [3]
    pd.testing.assert_frame_equal(
        pd.read_parquet(tmp_path / CANDIDATES),
        pd.DataFrame({HARD_TO_FILL: [0.015, 0.012, 0.010, 0.012]}),
    )


def test_the_predictive_check_runs_fresh_draws_from_the_posterior(tmp_path, monkeypatch):
    calibration = posterior_folder(tmp_path)
    command = calibration.sweep_command(150, 4, POSTERIOR, "weight")
    assert f"parameters.posterior={tmp_path / POSTERIOR}" in command
    assert "parameters.draw=weight" in command and "replicate=range(150,154)" in command

    def stand_in(first, count, table, draw):
        folder = str(tmp_path / "predictive")
        return [
            sys.executable,
            "-c",
            STAND_IN,
            folder,
            str(first),
            str(count),
            str(tmp_path / table),
        ]

    monkeypatch.setattr(calibration, "sweep_command", stand_in)
    fresh = calibration.predict(4)  # replicates 150-153, after the 150 simulations
    assert list(fresh.index) == [150, 151, 152, 153]
    assert fresh.loc[151, "particle"] == -1 and np.isnan(fresh.loc[151, "a"])  # failed
    assert (fresh.drop(151)["particle"] >= 0).all()
    written = write_report(tmp_path)[0].read_text()
    assert "4 fresh runs, each with a particle drawn from the posterior" in written


def posterior_folder(tmp_path) -> Calibration:
    """A calibration folder after a toy calibration of the two calibrated parameters, whose
    simulations give target a = 1000 x the hard-to-fill share."""
    calibration = Calibration(tmp_path, TARGETS[:1], [])
    ranges = {HARD_TO_FILL: (0.004, 0.016), REVENUE: (1.1e6, 1.7e6)}
    rng = np.random.default_rng(5)

    def simulate(candidates, generation):
        first = len(calibration.record)
        candidates.index = pd.Index(range(first, first + len(candidates)), name="simulation")
        batch = candidates.assign(generation=generation)
        batch["a"] = 1000 * candidates[HARD_TO_FILL] + rng.normal(0, 0.5, len(candidates))
        batch["distance"] = distances(batch, TARGETS[:1])
        calibration.record = pd.concat([calibration.record, batch])
        return batch["distance"].to_numpy()

    generations = abc_smc(ranges, simulate, 30, 150, 0.5, 0.5, seed=2)
    calibration.finish(generations)
    info = {
        "command": ["python", "-m", "sim.calibrate"],
        "settings": {"budget": 150, "population": 30, "quantile": 0.5, "identified_width": 0.5},
        "seed": 1,
        "scale": 500.0,
        "years": 1,
        "parameters": [
            {"key": key, "low": low, "high": high, "basis": "calibrated"}
            for key, (low, high) in ranges.items()
        ],
        "targets": TARGETS[:1],
        "generations": [],
    }
    (tmp_path / INFO).write_text(json.dumps(info))
    return calibration


def test_the_posterior_is_one_row_per_particle_with_schema_keys_and_weights(tmp_path):
    posterior_folder(tmp_path)
    posterior = pd.read_parquet(tmp_path / POSTERIOR)
    assert list(posterior.columns) == [HARD_TO_FILL, REVENUE, "weight"]
    assert np.isclose(posterior["weight"].sum(), 1) and (posterior["weight"] > 0).all()
    particles = read_particles(tmp_path / POSTERIOR)  # every column a numeric config key
    assert particles.keys == (HARD_TO_FILL, REVENUE)
    simulations = pd.read_parquet(tmp_path / SIMULATIONS)
    assert simulations["in_posterior"].sum() == len(posterior)
    assert (simulations.loc[simulations["in_posterior"], "distance"] < np.inf).all()


def test_the_report_names_every_target_and_says_what_is_identified(tmp_path):
    posterior_folder(tmp_path)
    written = write_report(tmp_path)
    text = written[0].read_text()
    assert "## Posterior predictive check" in text and "| `a` |" in text
    assert "accepted with, weighted (optimistic" in text  # no fresh runs in this folder
    rows = {line.split("|")[1].strip(): line for line in text.splitlines() if "| `" in line}
    # the target pins the hard-to-fill share (a = 1000 x it) and says nothing of the revenue
    assert rows[f"`{HARD_TO_FILL}`"].rstrip(" |").endswith("yes")
    assert rows[f"`{REVENUE}`"].rstrip(" |").endswith("no")
    assert {path.name for path in written[1:]} >= {
        "calibration_marginals.png",
        "calibration_pairs.pdf",
    }


def write_posterior(path, weights, **columns) -> str:
    rows = 2 if weights is None else len(weights)
    table = pd.DataFrame({HARD_TO_FILL: [0.005, 0.01, 0.015][:rows], **columns})
    if weights is not None:
        table["weight"] = weights
    table.to_parquet(path)
    return str(path)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(0, 10), min_size=1, max_size=8), st.integers(0, 10**6))
def test_a_replicate_draws_the_same_particle_every_time_and_never_a_weightless_one(
    weights, replicate
):
    weights = np.array(weights)
    if weights.sum() == 0:
        weights[0] = 1
    weights = weights / weights.sum()
    chosen = particle_for(replicate, weights)
    assert chosen == particle_for(replicate, weights)
    assert weights[chosen] > 0


def test_replicates_draw_particles_in_proportion_to_their_weights():
    weights = np.array([0.1, 0.6, 0.3])
    drawn = np.bincount([particle_for(r, weights) for r in range(4000)], minlength=3) / 4000
    np.testing.assert_allclose(drawn, weights, atol=0.03)


def run_config(tmp_path, *overrides):
    with initialize_config_dir(str(CONFIG_DIR), version_base="1.3"):
        return compose_job(list(overrides))


def test_a_run_takes_the_drawn_particles_values(tmp_path):
    path = write_posterior(tmp_path / "p.parquet", [0.0, 1.0, 0.0])
    config = run_config(tmp_path, f"parameters.posterior={path}", "replicate=3")
    assert config.market.normal_hard_to_fill_share == 0.01
    config = run_config(
        tmp_path, f"parameters.posterior={path}", "parameters.draw=replicate", "replicate=2"
    )
    assert config.market.normal_hard_to_fill_share == 0.015


@pytest.mark.parametrize(
    "make, overrides, message",
    [
        (lambda p: str(p / "missing.parquet"), [], "does not exist"),
        (
            lambda p: (p / "x.parquet").write_text("not parquet") and str(p / "x.parquet"),
            [],
            "cannot be read",
        ),
        (
            lambda p: write_posterior(p / "x.parquet", [1.0], **{"market.nothing": [1.0]}),
            [],
            "not a numeric config key",
        ),
        (
            lambda p: write_posterior(p / "x.parquet", [1.0], **{"output.timeseries": ["day"]}),
            [],
            "not a numeric config key",
        ),
        (
            lambda p: write_posterior(p / "x.parquet", [1.0], **{HARD_TO_FILL: [2.0]}),
            [],
            "outside the key's allowed range",
        ),
        (lambda p: write_posterior(p / "x.parquet", [1.0, -1.0]), [], "bad weights"),
        (lambda p: write_posterior(p / "x.parquet", [0.0, 0.0]), [], "bad weights"),
        (lambda p: write_posterior(p / "x.parquet", None), [], "weight column"),
        (
            lambda p: write_posterior(p / "x.parquet", [0.5, 0.5]),
            ["parameters.draw=replicate", "replicate=2"],
            "has no row",
        ),
        (
            lambda p: write_posterior(p / "x.parquet", [0.5, 0.5]),
            ["parameters.draw=best"],
            "is not known",
        ),
    ],
)
def test_a_bad_posterior_stops_the_command_line_before_any_run(tmp_path, make, overrides, message):
    path = make(tmp_path)
    with pytest.raises(ConfigError, match=message):
        check_command_line([f"parameters.posterior={path}", *overrides], CONFIG_NAME, False)


def test_a_bad_posterior_stops_every_job_of_a_sweep(tmp_path):
    path = write_posterior(tmp_path / "x.parquet", [1.0], **{HARD_TO_FILL: [2.0]})
    with pytest.raises(ConfigError, match="outside the key's allowed range"):
        check_command_line([f"parameters.posterior={path}", "seed=1,2"], CONFIG_NAME, True)


def test_comparisons_count_values_drawn_from_a_posterior_as_replication():
    from sim.analysis.compare import setting_columns

    drawn = [0.005, 0.01, 0.015] * 2  # replicate r drew the same particle in both arms
    runs = pd.DataFrame(
        {
            "overrides": [["ai=none"]] * 3 + [["ai=high"]] * 3,
            "source": "sweep",
            "config.ai.name": ["none"] * 3 + ["high"] * 3,
            "config.seed": 1,
            "config.replicate": [0, 1, 2] * 2,
            f"config.{HARD_TO_FILL}": drawn,
            f"provenance.posterior_draw.values.{HARD_TO_FILL}": drawn,
        }
    )
    assert setting_columns(runs) == ["config.ai.name"]


def test_the_committed_posterior_is_found_from_any_folder(tmp_path, monkeypatch):
    """Experiments name it relative to the config folder; it loads from elsewhere too."""
    monkeypatch.chdir(tmp_path)
    particles = read_particles("calibrate/baseline_posterior.parquet")
    assert particles.weights.sum() == pytest.approx(1.0)
    with pytest.raises(ConfigError):
        read_particles("calibrate/no_such_posterior.parquet")
