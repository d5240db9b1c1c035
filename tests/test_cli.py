"""The command line `python -m sim`: bad input stops early and readably, outputs are written
atomically and completely, finished jobs are skipped, failures leave error.txt."""

import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from hydra import initialize_config_dir
from hydra.plugins.sweeper import Sweeper

import sim.model
from hydra_plugins.dramasim_sweeper import dramasim_sweeper
from sim.config import DramaSimConfig
from sim.run.app import (
    CONFIG_DIR,
    CONFIG_NAME,
    check_command_line,
    compose_job,
    composed_jobs,
    job_overrides,
    progress_bar,
    run_simulation,
)
from sim.run.outputs import (
    atomic_file,
    format_summary,
    is_complete,
    write_summary,
    write_text,
)
from sim.run.validation import ConfigError

CONTRACT_KEYS = (
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
"""The keys design.md promises in summary.json."""
PROVENANCE_KEYS = (
    "version",
    "git_commit",
    "git_dirty",
    "python",
    "packages",
    "host",
    "started",
    "wall_seconds",
)
"""The keys design.md promises in provenance.json."""

SMALL_RUN = ("years=1", "scale=100", "output.progress=false")
REPOSITORY = Path(sim.__file__).resolve().parents[1]
"""The checkout whose `sim` these tests import: the commands they start run the same code."""
HEAVY_MODULES = ("mesa", "pandas", "numba", "scipy", "networkx", "matplotlib", "sim.model.model")
"""Modules the model or the figures need, which checking a configuration must not load."""


def run_sim(
    *args: str, cwd: Path, python_options: tuple[str, ...] = ()
) -> subprocess.CompletedProcess:
    """Run `python -m sim ARGS` in ``cwd`` and capture its output."""
    environment = {key: value for key, value in os.environ.items() if key != "HYDRA_FULL_ERROR"}
    environment["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(REPOSITORY), environment.get("PYTHONPATH")])
    )
    return subprocess.run(
        [sys.executable, *python_options, "-m", "sim", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.mark.parametrize(
    ("args", "named", "allowed"),
    [
        (["scale=-1"], "`scale` = -1.0 is out of range", "a number from 1.0 to 1000.0"),
        (["years=abc"], "`years` = 'abc' has the wrong type", "an integer from 1 to 50"),
        (["no_such_key=1"], "`no_such_key` = 1 is not a known key", "the keys at the top level"),
        (
            ["scenario.micro_workforce.wizard=3"],
            "`scenario.micro_workforce.wizard` = 3",
            "a role name: one of lead_actor",
        ),
        (["business_model=nope"], "`business_model` = 'nope'", "free_only, mixed_2025"),
        (["-m", "scale=10,-1"], "`scale` = -1.0 is out of range", "a number from 1.0"),
    ],
)
def test_bad_config_stops_with_one_paragraph(tmp_path, args, named, allowed):
    result = run_sim(
        *args, f"hydra.run.dir={tmp_path}/run", f"hydra.sweep.dir={tmp_path}/sweep", cwd=tmp_path
    )
    assert result.returncode == 2
    message = result.stderr.strip()
    assert message.startswith("Invalid configuration: ")
    assert named in message
    assert allowed in message.partition("; allowed: ")[2]
    assert "\n" not in message
    assert "Traceback" not in result.stderr + result.stdout
    assert not (tmp_path / "run").exists() and not (tmp_path / "sweep").exists()


@pytest.mark.parametrize(
    ("overrides", "multirun", "message"),
    [
        (["seed=1.5"], False, "`seed` = 1.5 has the wrong type; allowed: an integer from 0"),
        (["output.progress=maybe"], False, "`output.progress` = 'maybe' has the wrong type"),
        (["scale=null"], False, "`scale` = null has the wrong type; allowed: a number from 1.0"),
        (["scenario.nope.x=1"], False, "`scenario.nope.x` = 1 is not a known key; allowed: the"),
        (["hydra.run.dirr=x"], False, "`hydra.run.dirr` = 'x' is not a known key; allowed: a key"),
        (["scale=[1,"], False, "`scale` = '[1,' cannot be parsed"),
        (["scale=1,2"], False, "`scale` = '1,2' was rejected (Ambiguous value"),
        (["ai=nope"], False, "`ai` = 'nope' is not a known option; allowed: one of baseline_2025"),
        (
            ["production.micro_live.shooting.team.ai_animator=2"],
            False,
            "allowed: adding the role with a leading plus: `+production.micro_live.shooting.team",
        ),
        (["years=1,0"], True, "`years` = 0 is out of range"),
        (["scale=interval(1,2)"], True, "`scale` = 'interval(1,2)' is a sweep that cannot be"),
    ],
)
def test_composition_errors_name_key_and_value(overrides, multirun, message):
    with pytest.raises(ConfigError) as raised:
        check_command_line(overrides, CONFIG_NAME, multirun)
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)


def test_run_writes_contract_outputs_then_skips_when_complete(tmp_path):
    run_dir = tmp_path / "run"
    first = run_sim(f"hydra.run.dir={run_dir}", *SMALL_RUN, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    summary = json.loads((run_dir / "summary.json").read_text())
    assert set(CONTRACT_KEYS) <= set(summary)
    assert all(isinstance(summary[key], int | float) for key in CONTRACT_KEYS)
    assert list(summary) == sorted(summary)
    assert len(pd.read_parquet(run_dir / "timeseries.parquet")) >= 12
    assert (run_dir / ".hydra" / "config.yaml").is_file()
    provenance = json.loads((run_dir / "provenance.json").read_text())
    assert set(PROVENANCE_KEYS) <= set(provenance)
    assert len(provenance["git_commit"]) == 40, "run from a checkout: its commit"
    assert {"numpy", "numba", "mesa", "hydra-core", "pandas"} <= set(provenance["packages"])
    assert 0 < provenance["wall_seconds"] < 600
    assert "Micro-drama titles completed" in first.stdout
    assert str(run_dir) in first.stdout
    written = (run_dir / "summary.json").stat().st_mtime_ns

    second = run_sim(f"hydra.run.dir={run_dir}", *SMALL_RUN, cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    assert "Skipping" in second.stdout + second.stderr
    assert (run_dir / "summary.json").stat().st_mtime_ns == written


def test_sweep_writes_one_folder_per_job(tmp_path):
    sweep_dir = tmp_path / "sweep"
    result = run_sim(
        "-m",
        f"hydra.sweep.dir={sweep_dir}",
        "business_model=paid_only,free_only",
        *SMALL_RUN,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    paid, free = (json.loads((sweep_dir / job / "summary.json").read_text()) for job in "01")
    assert paid["business_model.free_share"] < free["business_model.free_share"]


def test_sweeps_set_in_experiment_files_are_checked_job_by_job(tmp_path):
    experiments = tmp_path / "experiment"
    experiments.mkdir()
    (experiments / "grid.yaml").write_text(
        "# @package _global_\nhydra:\n  sweeper:\n    params:\n      scale: 10,20\n"
    )
    search_path = f"hydra.searchpath=[file://{tmp_path}]"
    with initialize_config_dir(str(CONFIG_DIR), version_base="1.3"):
        jobs = job_overrides([search_path, "+experiment=grid", "seed=1,2"], CONFIG_NAME)
    assert [job[1:] for job in jobs] == [
        ["scale=10", "+experiment=grid", "seed=1"],
        ["scale=10", "+experiment=grid", "seed=2"],
        ["scale=20", "+experiment=grid", "seed=1"],
        ["scale=20", "+experiment=grid", "seed=2"],
    ]
    with pytest.raises(ConfigError, match="`scale` = -1.0 is out of range"):
        check_command_line([search_path, "+experiment=grid", "scale=10,-1"], CONFIG_NAME, True)


class FakeModel:
    """Stands in for DramaLabourModel: a tiny summary and timeseries, or a failure."""

    fail = False

    def __init__(self, config: DramaSimConfig):
        self.config = config

    def run(self, progress=None) -> None:
        if self.fail:
            raise RuntimeError("the fake model broke")
        total_days = self.config.years * 365
        for day in range(total_days):
            if progress is not None:
                progress(day, total_days)

    def summary(self) -> dict[str, float]:
        return dict.fromkeys(CONTRACT_KEYS, 0.5)

    def timeseries(self) -> pd.DataFrame:
        return pd.DataFrame({"month": range(12), "micro.employment": 1.0})


@pytest.fixture
def fake_model(monkeypatch):
    monkeypatch.setattr(sim.model, "DramaLabourModel", FakeModel)
    return FakeModel


def test_second_run_into_a_complete_folder_is_skipped(tmp_path, fake_model, caplog):
    config = DramaSimConfig(years=1)
    assert run_simulation(config, tmp_path, "seed: 1\n", show_progress=False) is not None
    assert is_complete(tmp_path, "seed: 1\n")
    written = (tmp_path / "summary.json").stat().st_mtime_ns
    with caplog.at_level(logging.INFO, logger="sim.run.app"):
        assert run_simulation(config, tmp_path, "seed: 1\n", show_progress=False) is None
    assert "Skipping" in caplog.text
    assert (tmp_path / "summary.json").stat().st_mtime_ns == written
    assert not is_complete(tmp_path, "seed: 2\n")


def test_no_progress_callback_without_a_bar_to_draw(monkeypatch):
    with progress_bar(365, enabled=False) as progress:
        assert progress is None
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False, raising=False)
    with progress_bar(365, enabled=True) as progress:  # not a terminal: nothing to draw
        assert progress is None
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    with progress_bar(365, enabled=True) as progress:
        progress(30, 365)  # draws the bar


def test_failed_run_leaves_its_traceback(tmp_path, fake_model, monkeypatch):
    monkeypatch.setattr(fake_model, "fail", True)
    with pytest.raises(RuntimeError, match="the fake model broke"):
        run_simulation(DramaSimConfig(years=1), tmp_path, "seed: 1\n", show_progress=False)
    error = (tmp_path / "error.txt").read_text()
    assert "Traceback" in error and "the fake model broke" in error
    assert not (tmp_path / "summary.json").exists()


def test_atomic_write_leaves_no_partial_file(tmp_path):
    target = tmp_path / "summary.json"
    write_text(target, "old\n")
    with pytest.raises(RuntimeError), atomic_file(target) as file:
        file.write("half of the new")
        raise RuntimeError("killed mid-way")
    assert target.read_text() == "old\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["summary.json"]


def test_summary_json_is_flat_sorted_numbers(tmp_path):
    target = tmp_path / "summary.json"
    write_summary({"b.count": 3, "a.share": 0.25, "c.undefined": float("nan")}, target)
    assert target.read_text().splitlines()[1].strip().startswith('"a.share"')
    assert json.loads(target.read_text()) == {"a.share": 0.25, "b.count": 3, "c.undefined": None}
    with pytest.raises(TypeError, match="`x` = 'many' is not a number"):
        write_summary({"x": "many"}, target)


def test_printed_summary_is_an_aligned_table():
    table = format_summary({"micro.titles_per_month": 3312.4, "ai.title_share": 0.125})
    lines = table.splitlines()[1:]
    assert any("3,312 titles" in line for line in lines)
    assert any("12.5%" in line for line in lines)
    assert "n/a" in table
    value_ends = {re.match(r"  (.+?)\s{2,}(\S+)", line).end(2) for line in lines}
    assert len(lines) == 14 and len(value_ends) == 1
    assert "Micro-drama titles completed" in lines[0] and lines[0].endswith("titles per month")


def imported_modules(importtime_report: str) -> set[str]:
    """The modules a `python -X importtime` run imported, from its report on stderr."""
    return {
        line.rpartition("|")[2].strip()
        for line in importtime_report.splitlines()
        if line.startswith("import time:")
    }


def test_showing_the_config_loads_neither_model_nor_figures(tmp_path):
    result = run_sim("--cfg", "job", cwd=tmp_path, python_options=("-X", "importtime"))
    assert result.returncode == 0, result.stderr
    assert "scale:" in result.stdout
    imported = imported_modules(result.stderr)
    assert "hydra" in imported and "sim.run.app" in imported
    assert not imported & set(HEAVY_MODULES)


def test_a_run_does_not_load_the_figures(tmp_path):
    result = run_sim(
        f"hydra.run.dir={tmp_path}/run",
        *SMALL_RUN,
        cwd=tmp_path,
        python_options=("-X", "importtime"),
    )
    assert result.returncode == 0, result.stderr
    imported = imported_modules(result.stderr)
    assert "sim.model.model" in imported
    assert not imported & {
        "matplotlib",
        "sim.analysis.figures",
        "sim.analysis.compare",
        "scipy.stats",
    }


def test_checking_a_sweep_loads_no_model(tmp_path):
    sweep = ["seed=1,2", "business_model=paid_only,free_only"]
    script = (
        "import sys\n"
        "from sim.run.app import CONFIG_NAME, check_command_line\n"
        f"check_command_line({sweep!r}, CONFIG_NAME, True)\n"
        f"print(sorted(set({HEAVY_MODULES!r}) & set(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPOSITORY,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


JOBS = [
    ["seed=1"],
    ["seed=2", "scale=50"],
    ["business_model=free_only", "seed=3"],
    ["seed=4", "business_model=paid_only", "business_model.free_share=0.3"],
    ["ai=high", "ai.training_places_per_year=5000"],
    ["+production.micro_live.shooting.team.ai_animator=2"],
    ["+experiment=turnover", "replicate=2", "turnover.studio_gap_days=30"],
    ["hydra.job.name=other", "years=3"],
    ["~scale", "seed=5"],
]


def test_jobs_sharing_a_composition_get_the_config_of_a_whole_composition():
    with initialize_config_dir(str(CONFIG_DIR), version_base="1.3"):
        shared = list(composed_jobs(JOBS, CONFIG_NAME))
        whole = [compose_job(job, CONFIG_NAME) for job in JOBS]
    assert shared == whole
    assert [config.seed for config in shared[:4]] == [1, 2, 3, 4]
    assert shared[1].scale == 50 and shared[0].scale != 50
    assert shared[2].business_model != shared[0].business_model
    assert shared[3].business_model.free_share == 0.3


@pytest.mark.parametrize(
    "job",
    [
        ["seed=1", "years=0"],
        ["business_model=free_only", "no_such_key=1"],
        ["ai=high", "ai.training_places_per_year=-5"],
        ["scenario.micro_workforce.wizard=3"],
        ["seed=1", "ai=nope"],
        ["+seed=3"],
    ],
)
def test_jobs_sharing_a_composition_fail_as_a_whole_composition_does(job):
    with initialize_config_dir(str(CONFIG_DIR), version_base="1.3"):
        with pytest.raises(ConfigError) as whole:
            compose_job(job, CONFIG_NAME)
        with pytest.raises(ConfigError) as shared:
            list(composed_jobs([["seed=7"], job], CONFIG_NAME))
    assert str(shared.value) == str(whole.value)


def test_jobs_of_the_dramasim_sweeper_are_checked_with_their_replicates():
    with initialize_config_dir(str(CONFIG_DIR), version_base="1.3"):
        jobs = job_overrides(["+experiment=turnover", "replicates=2"], CONFIG_NAME)
    assert len(jobs) == 2 * 4 * 2 * 2
    assert [job[0] for job in jobs[:2]] == ["replicate=0", "replicate=0"]
    assert {job[0] for job in jobs} == {"replicate=0", "replicate=1"}
    with pytest.raises(ConfigError, match="`replicate` = -1 is out of range"):
        check_command_line(["+experiment=turnover", "replicate=-1,0"], CONFIG_NAME, True)


def test_sweeper_composes_again_only_jobs_not_checked(monkeypatch):
    validated = []
    checked_sweeper = dramasim_sweeper.CheckedSweeper  # as Hydra's plugin scan last made it
    monkeypatch.setattr(
        checked_sweeper.__mro__[1],  # Hydra's BasicSweeper
        "validate_batch_is_legal",
        lambda sweeper, batch: validated.extend(batch),
    )
    monkeypatch.setattr(dramasim_sweeper, "CHECKED_JOBS", set())
    original = Sweeper.validate_batch_is_legal
    dramasim_sweeper.mark_checked([["seed=1"], ["seed=2", "scale=50"]])
    sweeper = checked_sweeper(max_batch_size=None)
    sweeper.validate_batch_is_legal([["seed=1"], ["seed=2"], ["seed=2", "scale=50"]])
    assert validated == [["seed=2"]]
    assert Sweeper.validate_batch_is_legal is original, "Hydra's class is left alone"
