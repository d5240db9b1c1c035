"""Global sensitivity: the design as sweep jobs (sim/run/design.py), the analysis
(sim/analysis/sensitivity.py) on functions whose indices are known, the table's format, and one
small sweep end to end."""

import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from SALib.sample import morris as morris_sample
from SALib.sample import sobol as sobol_sample
from SALib.test_functions import Ishigami

from sim.analysis import sensitivity
from sim.analysis.labels import LEVER_LABELS
from sim.run.design import analysis_of, analysis_sweep, design_jobs, parameter_ranges
from sim.run.validation import ConfigError
from sim.validation import _schema_at

MORRIS = ["+analysis=morris", "analysis.trajectories=3"]
ROOT = Path(__file__).resolve().parents[1]


def parse(job: list[str]) -> dict[str, str]:
    return dict(override.split("=", 1) for override in job)


@pytest.fixture
def morris_cfg(compose_cfg):
    return compose_cfg(MORRIS)


def test_the_ranges_file_lists_at_least_ten_sourced_parameters_inside_their_allowed_ranges(
    morris_cfg,
):
    analysis = analysis_of(morris_cfg)
    chosen = parameter_ranges(analysis)  # raises on a range outside the schema's
    assert len(chosen) >= 10
    assert all(parameter.basis.strip() for parameter in chosen)
    assert len({parameter.key for parameter in chosen}) == len(chosen)


STUDY_LEVERS = {
    "ai.title_share": "ai_adoption",
    "ai.training_places_per_year": "ai_adoption",
    "turnover.studio_gap_days": "turnover",
}
"""Assumptions that a study sweeps as its lever instead of the sensitivity design."""


def assumed_numbers() -> set[str]:
    """The config keys of docs/model.md's table rows marked assumption or calibrated whose
    default is a single number (a row may name several keys of one section: `a.b`, `c`)."""
    from sim.config import DramaSimConfig

    config, keys = DramaSimConfig(), set()
    for line in (ROOT / "docs" / "model.md").read_text().splitlines():
        cells = line.split("|")
        if len(cells) < 4 or not re.search(r"assumption|calibrated", line, re.IGNORECASE):
            continue
        names = re.findall(r"`([a-z_.]+)`", cells[1])
        if not names or "." not in names[0]:
            continue
        section = names[0].rsplit(".", 1)[0]
        for name in names:
            key = name if "." in name else f"{section}.{name}"
            value = config
            for part in key.split("."):
                value = getattr(value, part, None)
            if isinstance(value, int | float) and not isinstance(value, bool):
                keys.add(key)
    return keys


def test_every_numeric_assumption_of_the_model_has_a_range_or_is_a_study_lever(morris_cfg):
    """Every number marked assumption or calibrated in docs/model.md gets a range that the
    sensitivity design explores (docs/sensitivity.md), unless a study sweeps it."""
    ranged = {parameter.key for parameter in parameter_ranges(analysis_of(morris_cfg))}
    assumed = assumed_numbers()
    assert len(assumed) >= 60
    assert sorted(assumed - ranged - set(STUDY_LEVERS)) == []
    assert set(STUDY_LEVERS) <= assumed


def test_one_job_per_design_row_with_values_inside_the_ranges(morris_cfg):
    analysis = analysis_of(morris_cfg)
    table, parameters, jobs = design_jobs(analysis, 7, 1, ["scale=500"])
    assert len(jobs) == len(table) == 3 * (len(parameters) + 1)
    rows = [int(parse(job)["analysis.row"]) for job in jobs]
    assert rows == list(range(len(table)))
    for job in jobs:
        values = parse(job)
        assert values["scale"] == "500"
        for parameter in parameters:
            value = values[parameter.key]
            if _schema_at(parameter.key)[0] is int:
                assert re.fullmatch(r"-?\d+", value), (parameter.key, value)
            assert parameter.low <= float(value) <= parameter.high, (parameter.key, value)
    # every parameter takes more than one value over the design
    for parameter in parameters:
        assert table[parameter.key].nunique() > 1


def test_the_design_is_deterministic_in_the_seed(morris_cfg):
    analysis = analysis_of(morris_cfg)
    first = design_jobs(analysis, 7, 1, [])[2]
    assert design_jobs(analysis, 7, 1, [])[2] == first
    assert design_jobs(analysis, 8, 1, [])[2] != first


def test_replicates_are_the_outer_loop(morris_cfg):
    analysis = analysis_of(morris_cfg)
    table, _, jobs = design_jobs(analysis, 7, 2, [])
    assert len(jobs) == 2 * len(table)
    assert parse(jobs[len(table)])["replicate"] == "1"
    assert parse(jobs[len(table)])["analysis.row"] == "0"


def test_a_parameter_set_on_the_command_line_is_held_and_a_sweep_is_refused(morris_cfg, tmp_path):
    jobs = analysis_sweep(morris_cfg, ["market.referral_share=0.5"], tmp_path)
    assert all(
        [o for o in job if o.startswith("market.referral_share=")] == ["market.referral_share=0.5"]
        for job in jobs
    )
    info = json.loads((tmp_path / "design.json").read_text())
    assert "market.referral_share" not in [p["key"] for p in info["parameters"]]
    assert len(pd.read_parquet(tmp_path / "design.parquet")) == len(jobs)
    with pytest.raises(ConfigError, match="is a sweep"):
        analysis_sweep(morris_cfg, ["seed=1,2"], None)


def test_include_selects_parameters_and_sobol_sizes_the_design(compose_cfg):
    keys = ["market.referral_share", "turnover.annual_exit_rate", "studios.target_utilisation"]
    cfg = compose_cfg(
        ["+analysis=sobol", "analysis.samples=8", f"analysis.include=[{','.join(keys)}]"]
    )
    table, parameters, jobs = design_jobs(analysis_of(cfg), 1, 1, [])
    assert [p.key for p in parameters] == keys
    assert len(jobs) == 8 * (len(keys) + 2)


def test_a_bad_range_or_key_stops_with_a_config_error(morris_cfg):
    analysis = analysis_of(morris_cfg)
    analysis.parameters[0].high = 5.0  # market.referral_share is a share
    with pytest.raises(ConfigError, match="allowed"):
        parameter_ranges(analysis)
    analysis = analysis_of(morris_cfg)
    analysis.include = ["no.such_key"]
    with pytest.raises(ConfigError, match="not a parameter with a range"):
        parameter_ranges(analysis)


# ------------------------------------------------------------------ the analysis, known answers
def _info(method: str, names: list[str], bounds: list[list[float]], **more) -> dict:
    return {
        "method": method,
        "seed": 3,
        "levels": 4,
        "second_order": False,
        "parameters": [
            {"key": name, "low": low, "high": high, "integer": False}
            for name, (low, high) in zip(names, bounds, strict=True)
        ],
        **more,
    }


def _table(matrix: np.ndarray, names: list[str]) -> pd.DataFrame:
    table = pd.DataFrame(matrix, columns=names)
    table.insert(0, "row", np.arange(len(table)))
    return table


def test_sobol_recovers_the_ishigami_indices(tmp_path):
    names = ["x1", "x2", "x3"]
    bounds = [[-np.pi, np.pi]] * 3
    info = _info("sobol", names, bounds)
    matrix = sobol_sample.sample(sensitivity.problem(info), 2048, calc_second_order=False, seed=3)
    outputs = pd.DataFrame({"y": Ishigami.evaluate(matrix)}, index=np.arange(len(matrix)))
    table = sensitivity.analyse_sobol(info, _table(matrix, names), outputs)
    got = table.pivot(index="parameter", columns="index", values="value").loc[names]
    # analytic values for a = 7, b = 0.1
    np.testing.assert_allclose(got["S1"], [0.3139, 0.4424, 0.0], atol=0.05)
    np.testing.assert_allclose(got["ST"], [0.5576, 0.4424, 0.2437], atol=0.05)
    assert (table["conf"] > 0).all()
    written = sensitivity.write_figures(table, tmp_path)
    assert sorted(path.name for path in written) == ["sensitivity_y.pdf", "sensitivity_y.png"]


def test_morris_ranks_a_linear_function_by_its_coefficients():
    names = ["strong", "weak", "inert"]
    info = _info("morris", names, [[0.0, 1.0], [0.0, 2.0], [0.0, 1.0]])
    spec = sensitivity.problem(info)
    matrix = morris_sample.sample(spec, 20, num_levels=4, seed=3)
    y = 10 * matrix[:, 0] + 1 * matrix[:, 1] + 0 * matrix[:, 2]
    outputs = pd.DataFrame({"y": y}, index=np.arange(len(matrix)))
    table = sensitivity.analyse_morris(info, _table(matrix, names), outputs)
    ranked = sensitivity.ranking(table, "y")
    assert list(ranked.index) == names
    # effects per whole range: 10 x 1 and 1 x 2; a linear function has no spread
    np.testing.assert_allclose(ranked["mu_star"], [10.0, 2.0, 0.0], atol=1e-9)
    np.testing.assert_allclose(ranked["sigma"], 0.0, atol=1e-9)


def test_morris_leaves_out_trajectories_with_a_missing_row():
    names = ["a", "b"]
    info = _info("morris", names, [[0.0, 1.0], [0.0, 1.0]])
    matrix = morris_sample.sample(sensitivity.problem(info), 4, num_levels=4, seed=3)
    outputs = pd.DataFrame({"y": 3 * matrix[:, 0] + matrix[:, 1]}, index=np.arange(len(matrix)))
    outputs = outputs.drop(index=[4])  # row 4 belongs to the second trajectory (3 rows each)
    table = sensitivity.analyse_morris(info, _table(matrix, names), outputs)
    ranked = sensitivity.ranking(table, "y")
    np.testing.assert_allclose(ranked.loc[["a", "b"], "mu_star"], [3.0, 1.0], atol=1e-9)


def test_runs_that_are_not_their_rows_are_left_out():
    info = _info("morris", ["a", "b"], [[0.0, 1.0], [0.0, 1.0]])
    design = _table(np.array([[0.0, 0.0], [1.0, 0.0]]), ["a", "b"])
    runs = pd.DataFrame(
        {
            "run_dir": ["0", "1", "2"],
            sensitivity.ROW_COLUMN: [0, 1, 1],
            "config.a": [0.0, 1.0, 0.5],  # the third ran another design's values
            "config.b": [0.0, 0.0, 0.0],
            "y": [1.0, 2.0, 100.0],
        }
    )
    outputs, messages = sensitivity.row_outputs(runs, info, design, ["y", "z"])
    assert outputs["y"].to_dict() == {0: 1.0, 1: 2.0}
    assert any("skipping 2" in message for message in messages)
    assert any("no output z" in message for message in messages)


def test_the_table_has_the_documented_columns(tmp_path):
    names = ["a", "b"]
    info = _info("morris", names, [[0.0, 1.0], [0.0, 1.0]])
    matrix = morris_sample.sample(sensitivity.problem(info), 4, num_levels=4, seed=3)
    outputs = pd.DataFrame({"y": 2 * matrix[:, 0] + matrix[:, 1] ** 2}, index=np.arange(12))
    table = sensitivity.analyse_morris(info, _table(matrix, names), outputs)
    sensitivity.write_table(table, tmp_path / "sensitivity.csv")
    read = pd.read_csv(tmp_path / "sensitivity.csv")
    assert list(read.columns) == ["output", "parameter", "method", "index", "value", "conf"]
    assert set(read["index"]) == {"mu_star", "mu", "sigma"}
    assert read.loc[read["index"] == "mu_star", "conf"].notna().all()
    assert set(read["method"]) == {"morris"}


# ------------------------------------------------------------------ end to end
def test_a_small_morris_sweep_runs_resumes_and_is_analysed(tmp_path):
    sweep = tmp_path / "morris"
    command = [
        sys.executable,
        "-m",
        "sim",
        "-m",
        "+analysis=morris",
        f"hydra.sweep.dir={sweep}",
        "analysis.trajectories=2",
        "analysis.include=[market.referral_share,turnover.annual_exit_rate]",
        "scale=500",
        "years=1",
        "hydra.sweeper.progress_seconds=0",
    ]
    subprocess.run(command, check=True, capture_output=True, text=True, timeout=300)
    design = pd.read_parquet(sweep / "design.parquet")
    assert len(design) == 2 * 3
    summaries = sorted(sweep.glob("*/summary.json"))
    assert len(summaries) == len(design)
    written = {path: path.stat().st_mtime_ns for path in summaries}
    rerun = subprocess.run(command, check=True, capture_output=True, text=True, timeout=300)
    assert "Skipping" in rerun.stdout + rerun.stderr
    assert {path: path.stat().st_mtime_ns for path in summaries} == written

    result = subprocess.run(
        [sys.executable, "-m", "sim.sensitivity", str(sweep)],
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    table = pd.read_csv(sweep / "sensitivity.csv")
    assert set(table["parameter"]) == {"market.referral_share", "turnover.annual_exit_rate"}
    assert "micro.direct_employment" in set(table["output"])
    assert (sweep / "figures" / "sensitivity_micro.direct_employment.png").is_file()
    assert "market.referral_share" in result.stdout


@pytest.mark.parametrize(
    ("override", "message"),
    [("analysis.include=[foo.bar]", "is not a parameter with a range"), ("seed=1,2", "is a sweep")],
)
def test_a_bad_design_stops_before_any_job(tmp_path, override, message):
    sweep = tmp_path / "bad"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sim",
            "-m",
            "+analysis=morris",
            override,
            f"hydra.sweep.dir={sweep}",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not sweep.exists()


def test_a_folder_without_a_design_is_refused(tmp_path, capsys):
    assert sensitivity.main([str(tmp_path)]) == 2
    assert "design.json" in capsys.readouterr().err
    assert not (tmp_path / "sensitivity.csv").exists()


def test_every_parameter_of_the_ranges_file_has_a_label(morris_cfg):
    """Rankings and figures name parameters by their label, never by the raw key."""
    keys = [parameter.key for parameter in parameter_ranges(analysis_of(morris_cfg))]
    assert [key for key in keys if key not in LEVER_LABELS] == []
