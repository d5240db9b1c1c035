"""provenance.json: what a run records about the code, packages, machine and time it ran with;
the runs table carries it as provenance.* columns, and the studies state their model from it."""

import importlib.metadata
import importlib.util
import json
import platform
import subprocess
import time
import tomllib
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
from test_compare import write_run

import sim
from sim.analysis.runs import load_runs, metric_columns, write_runs
from sim.run.provenance import git_state, provenance, requirement_name, start

REPOSITORY = Path(sim.__file__).resolve().parent.parent
FIELDS = {
    "version",
    "git_commit",
    "git_dirty",
    "python",
    "packages",
    "host",
    "platform",
    "started",
    "wall_seconds",
}


def git(folder: Path, *args: str) -> str:
    """Run git in ``folder`` as a throwaway identity; its output."""
    command = ["git", "-c", "user.name=test", "-c", "user.email=test@example.org", *args]
    return subprocess.run(command, cwd=folder, check=True, capture_output=True, text=True).stdout


def load_publish():
    """experiments/publish.py as a module (it is a script, not part of the package)."""
    spec = importlib.util.spec_from_file_location("publish", REPOSITORY / "experiments/publish.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_provenance_names_code_packages_machine_and_times():
    started = start()
    time.sleep(0.05)
    record = provenance(started)
    assert set(record) == FIELDS
    assert record["version"] == importlib.metadata.version("dramasim")
    assert record["git_commit"] == git(REPOSITORY, "rev-parse", "HEAD").strip()
    assert record["git_dirty"] is bool(git(REPOSITORY, "status", "--porcelain", "-uno").strip())
    assert record["python"] == platform.python_version()
    project = tomllib.loads((REPOSITORY / "pyproject.toml").read_text())["project"]
    dependencies = [requirement_name(line) for line in project["dependencies"]]
    assert list(record["packages"])[:5] == ["numpy", "numba", "mesa", "hydra-core", "pandas"]
    assert set(dependencies) <= set(record["packages"])
    for name, version in record["packages"].items():
        assert version == importlib.metadata.version(name)
    assert isinstance(record["host"], str) and record["host"]
    when = datetime.fromisoformat(record["started"])
    assert when.tzinfo is not None
    assert abs((datetime.now().astimezone() - when).total_seconds()) < 60
    assert 0.05 <= record["wall_seconds"] < 30
    json.dumps(record)  # JSON as it stands


def test_requirement_names_leave_out_optional_extras():
    assert requirement_name("hydra-core>=1.3.8,<1.4") == "hydra-core"
    assert requirement_name("numpy") == "numpy"
    assert requirement_name('pytest>=8; extra == "dev"') is None


def test_no_git_information_outside_a_checkout(tmp_path):
    package = tmp_path / "site-packages" / "sim"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    assert git_state(package) == (None, None)


def test_no_git_information_for_an_untracked_copy_inside_a_checkout(tmp_path):
    """An installed wheel in a virtual environment inside some checkout is not that checkout."""
    git(tmp_path, "init", "-q")
    (tmp_path / "README").write_text("a project\n")
    git(tmp_path, "add", "README")
    git(tmp_path, "commit", "-qm", "first")
    package = tmp_path / ".venv" / "lib" / "sim"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    assert git_state(package) == (None, None)


def test_dirty_means_tracked_files_differ_from_the_commit(tmp_path):
    git(tmp_path, "init", "-q")
    package = tmp_path / "sim"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "model.py").write_text("RATE = 1\n")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "first")
    commit = git(tmp_path, "rev-parse", "HEAD").strip()
    assert git_state(package) == (commit, False)
    (tmp_path / "notes.txt").write_text("untracked files do not count\n")
    assert git_state(package) == (commit, False)
    (package / "model.py").write_text("RATE = 2\n")
    assert git_state(package) == (commit, True)
    git(tmp_path, "add", ".")
    assert git_state(package) == (commit, True), "staged changes count too"


def write_provenance(run_dir: Path, commit: str | None, dirty: bool | None) -> None:
    record = {
        "version": "0.1.0",
        "git_commit": commit,
        "git_dirty": dirty,
        "python": "3.12.1",
        "packages": {"numpy": "2.1.0", "mesa": "3.5.1"},
        "host": "node1",
        "started": "2026-12-01T10:00:00+08:00",
        "wall_seconds": 12.5,
    }
    (run_dir / "provenance.json").write_text(json.dumps(record))


def test_runs_table_carries_provenance_as_columns(tmp_path):
    for job, seed in enumerate((1, 2, 3)):
        write_run(tmp_path / "sweep" / str(job), 0.3, seed)
    write_provenance(tmp_path / "sweep" / "0", "a" * 40, False)
    write_provenance(tmp_path / "sweep" / "1", None, None)  # an installed wheel: no git
    runs, _ = load_runs([tmp_path / "sweep"])
    write_runs(runs, tmp_path / "runs.parquet")
    runs = pd.read_parquet(tmp_path / "runs.parquet")

    assert runs["provenance.git_commit"].iloc[0] == "a" * 40
    assert pd.isna(runs["provenance.git_commit"].iloc[1])
    assert list(runs["provenance.packages.numpy"].iloc[:2]) == ["2.1.0", "2.1.0"]
    assert runs["provenance.wall_seconds"].iloc[0] == 12.5
    assert runs["provenance.started"].iloc[0] == "2026-12-01T10:00:00+08:00"
    assert runs.iloc[2].filter(like="provenance.").isna().all(), "run 2 records none"
    assert not [column for column in metric_columns(runs) if column.startswith("provenance.")]
    assert list(runs.columns[-9:]) == [
        "provenance.version",
        "provenance.git_commit",
        "provenance.git_dirty",
        "provenance.python",
        "provenance.packages.numpy",
        "provenance.packages.mesa",
        "provenance.host",
        "provenance.started",
        "provenance.wall_seconds",
    ]


@pytest.mark.parametrize(
    ("records", "says", "does_not_say"),
    [
        ([("a" * 40, False)] * 3, ["dramasim 0.1.0, git commit `aaaaaaa`"], ["disagree", "**3"]),
        (
            [("a" * 40, False), ("b" * 40, False), ("b" * 40, True)],
            [
                "the runs disagree on the git commit**: `bbbbbbb` (2 runs), `aaaaaaa` (1 run)",
                "**1 of 3 runs were made from a checkout with uncommitted changes**",
            ],
            [],
        ),
        (
            [("a" * 40, False), (None, None), None],
            ["git commit `aaaaaaa`", "2 of 3 runs record no git commit"],
            ["disagree", "uncommitted"],
        ),
        ([None] * 3, ["not recorded"], ["git commit"]),
    ],
)
def test_studies_state_the_model_their_runs_record(tmp_path, records, says, does_not_say):
    for job, record in enumerate(records):
        write_run(tmp_path / str(job), 0.3, job + 1)
        if record is not None:
            write_provenance(tmp_path / str(job), *record)
    runs, _ = load_runs([tmp_path])
    write_runs(runs, tmp_path / "runs.parquet")
    statement = load_publish().model_statement(pd.read_parquet(tmp_path / "runs.parquet"))
    for text in says:
        assert text in statement
    for text in does_not_say:
        assert text not in statement
