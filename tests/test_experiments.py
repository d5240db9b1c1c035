"""Named experiments: each is a replicated sweep of one lever over five simulated years; sweeps
run in parallel (joblib) or through submitit, report progress, resume where they stopped, keep
the other jobs' results when one fails, and feed `python -m sim.analysis.compare` and the studies.

The sweeps here run tiny models (scale 500, one simulated year) so that each takes seconds.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

from hydra_plugins.dramasim_sweeper.dramasim_sweeper import DramaSimSweeper, with_replicates
from sim.analysis.compare import setting_columns
from sim.config import DramaSimConfig
from sim.run.app import CONFIG_DIR, CONFIG_NAME, check_command_line, to_config

REPO = CONFIG_DIR.parent
EXPERIMENTS = sorted(path.stem for path in (CONFIG_DIR / "experiment").glob("*.yaml"))
TINY = ("scale=500", "years=1", "output.progress=false")
TWO_POLICIES = ("+experiment=gig_market", "policy=none,gig_everywhere")
"""A small sweep: the gig_market experiment cut to two settings."""


def run_module(module: str, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run `python -m MODULE ARGS` in ``cwd``; stdout and stderr together in ``stdout``."""
    environment = {key: value for key, value in os.environ.items() if key != "HYDRA_FULL_ERROR"}
    return subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=cwd,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=600,
    )


def job_overrides(sweep_dir: Path, job: int) -> dict[str, str]:
    """The task overrides of one job of a sweep, as a dict."""
    lines = yaml.safe_load((sweep_dir / str(job) / ".hydra" / "overrides.yaml").read_text())
    return dict(line.lstrip("+").split("=", 1) for line in lines)


def test_experiments_are_the_five_of_the_issue_and_the_two_labour_market_ones():
    assert EXPERIMENTS == [
        "ai_adoption",
        "beveridge",
        "business_model",
        "gig_market",
        "labour_supply",
        "long_drama_contraction",
        "turnover",
    ]


@pytest.mark.parametrize("name", EXPERIMENTS)
def test_experiment_is_a_replicated_sweep_over_five_years(compose_cfg, name):
    cfg = compose_cfg([f"+experiment={name}"], hydra_config=True)
    assert cfg.hydra.sweeper._target_.endswith(DramaSimSweeper.__name__)
    assert cfg.hydra.sweeper.params, "an experiment sweeps at least one lever"
    assert cfg.hydra.sweep.dir == f"results/{name}"
    config = to_config(compose_cfg([f"+experiment={name}", "parameters.posterior="]))
    assert config.years >= 5 and config.replicates >= 5
    assert cfg.parameters.posterior == "calibrate/baseline_posterior.parquet", (
        "studies draw their calibrated parameters from the committed posterior"
    )
    defaults = DramaSimConfig()
    assert (config.scenario, config.ai, config.business_model) == (
        defaults.scenario,
        defaults.ai,
        defaults.business_model,
    ), "the single point is the calibrated 2025 baseline"
    check_command_line([f"+experiment={name}"], CONFIG_NAME, multirun=True)
    study = (REPO / "experiments" / name / "README.md").read_text()
    assert f"+experiment={name}" in study


def test_replicates_are_added_in_front_unless_set():
    assert with_replicates(["a=1,2"], 3) == ["replicate=range(0,3)", "a=1,2"]
    assert with_replicates(["a=1,2", "replicate=4"], 3) == ["a=1,2", "replicate=4"]
    assert with_replicates(["replicate=range(2)"], 3) == ["replicate=range(2)"]


def test_sweep_runs_replicates_in_parallel_then_resumes_only_missing_jobs(tmp_path):
    sweep_dir = tmp_path / "results" / "gig_market"
    command = ("-m", *TWO_POLICIES, "replicates=2", *TINY, f"hydra.sweep.dir={sweep_dir}")
    first = run_module("sim", *command, cwd=tmp_path)
    assert first.returncode == 0, first.stdout
    assert "Sweep of 4 jobs (2 replicates of each point)" in first.stdout
    assert "Joblib.Parallel(n_jobs=2" in first.stdout
    assert "Sweep: 4/4 jobs done" in first.stdout
    jobs = [job_overrides(sweep_dir, job) for job in range(4)]
    assert [(job["policy"], job["replicate"]) for job in jobs] == [
        ("none", "0"),
        ("gig_everywhere", "0"),
        ("none", "1"),
        ("gig_everywhere", "1"),
    ]
    summaries = [json.loads((sweep_dir / str(j) / "summary.json").read_text()) for j in range(4)]
    assert summaries[1] != summaries[3], "replicates of one point draw other random numbers"

    written = {job: (sweep_dir / str(job) / "summary.json").stat().st_mtime_ns for job in range(4)}
    for name in ("summary.json", "timeseries.parquet", "done"):
        (sweep_dir / "2" / name).unlink()
    second = run_module("sim", *command, cwd=tmp_path)
    assert second.returncode == 0, second.stdout
    assert second.stdout.count("Skipping") == 3
    assert "Sweep: 4/4 jobs done, 3 of them complete before this run" in second.stdout
    rewritten = {
        job: (sweep_dir / str(job) / "summary.json").stat().st_mtime_ns for job in (0, 1, 3)
    }
    assert rewritten == {job: written[job] for job in (0, 1, 3)}
    assert json.loads((sweep_dir / "2" / "summary.json").read_text()) == summaries[2]

    compared = run_module("sim.analysis.compare", str(sweep_dir), "--no-figures", cwd=tmp_path)
    assert compared.returncode == 0, compared.stdout
    assert "policy" in compared.stdout and "± 95% CI" in compared.stdout
    assert len(pd.read_parquet(sweep_dir / "runs.parquet")) == 4
    published = subprocess.run(
        [sys.executable, str(REPO / "experiments" / "publish.py"), "gig_market"]
        + ["--results", str(tmp_path / "results"), "--out", str(tmp_path / "studies")]
        + ["--allow-mixed-models"],  # the checkout under test may hold uncommitted changes
        capture_output=True,
        text=True,
    )
    assert published.returncode == 0, published.stderr
    table = (tmp_path / "studies" / "gig_market" / "results.md").read_text()
    assert "| none | 2 |" in table and "| gig_everywhere | 2 |" in table
    model = table.split("**Model**: ", 1)[1].split("\n", 1)[0]  # from the runs' provenance
    assert model.startswith("dramasim ") and ", git commit `" in model
    assert (tmp_path / "studies" / "gig_market" / "figures" / "gig_outcomes.png").is_file()


def test_sweep_through_submitit_local(tmp_path):
    sweep_dir = tmp_path / "sweep"
    result = run_module(
        "sim",
        "-m",
        *TWO_POLICIES,
        "replicates=1",
        *TINY,
        "hydra/launcher=submitit_local",
        f"hydra.sweep.dir={sweep_dir}",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout
    for job in (0, 1):
        assert (sweep_dir / str(job) / "done").is_file()
    assert (sweep_dir / ".submitit").is_dir()


def test_failed_job_leaves_its_error_and_the_other_results(tmp_path):
    sweep_dir = tmp_path / "sweep"
    (sweep_dir / "1" / "timeseries.parquet").mkdir(parents=True)  # job 1 cannot write it
    result = run_module(
        "sim",
        "-m",
        *TWO_POLICIES,
        "replicates=1",
        *TINY,
        f"hydra.sweep.dir={sweep_dir}",
        cwd=tmp_path,
    )
    assert result.returncode != 0
    assert "Job 1 failed (IsADirectoryError" in result.stdout
    assert str(sweep_dir / "1" / "error.txt") in result.stdout
    assert "Traceback" in (sweep_dir / "1" / "error.txt").read_text()
    assert (sweep_dir / "0" / "done").is_file() and (sweep_dir / "0" / "summary.json").is_file()


def test_experiment_runs_as_a_single_point(tmp_path):
    run_dir = tmp_path / "run"
    result = run_module(
        "sim", "+experiment=business_model", *TINY, f"hydra.run.dir={run_dir}", cwd=tmp_path
    )
    assert result.returncode == 0, result.stdout
    summary = json.loads((run_dir / "summary.json").read_text())
    assert 0.4 < summary["business_model.free_share"] < 0.8


def test_compare_leaves_out_keys_that_only_some_group_options_set():
    options = ["none", "baseline_2025", "high"] * 2
    runs = pd.DataFrame(
        {
            "source": "results/ai_adoption",
            "overrides": [[f"ai={option}"] for option in options],
            "choice.ai": options,
            "config.ai.title_share": [
                {"none": 0, "baseline_2025": 0.12, "high": 0.5}[o] for o in options
            ],
            "config.ai.automation.costume_makeup": [0.3 if o == "high" else None for o in options],
            "config.replicate": [0, 0, 0, 1, 1, 1],
        }
    )
    assert setting_columns(runs) == ["choice.ai"]
