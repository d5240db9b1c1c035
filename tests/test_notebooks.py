"""The notebooks in notebooks/ (jupytext py:percent) execute from top to bottom on small runs.

The baseline tour builds a coarse, one-year model; the comparison of experiments reads the runs
table of a small sweep made here. Both run in a fresh Jupyter kernel, as a reader would run
them.
"""

import os
import subprocess
import sys
from pathlib import Path

import jupytext
import pytest
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = REPO / "notebooks"


def execute(name: str, folder: Path) -> None:
    """Execute ``notebooks/<name>.py`` in a kernel whose working folder is ``folder``."""
    notebook = jupytext.read(NOTEBOOKS / f"{name}.py")
    NotebookClient(
        notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(folder)}}
    ).execute()


def test_every_notebook_is_tested():
    assert sorted(path.stem for path in NOTEBOOKS.glob("*.py")) == [
        "baseline_tour",
        "compare_experiments",
    ]


def test_baseline_tour_runs(tmp_path, monkeypatch):
    monkeypatch.setenv("DRAMASIM_NOTEBOOK_SCALE", "200")
    monkeypatch.setenv("DRAMASIM_NOTEBOOK_YEARS", "1")
    execute("baseline_tour", tmp_path)


@pytest.fixture
def small_sweep(tmp_path) -> Path:
    """A folder of sweeps holding one small sweep and its runs table."""
    results = tmp_path / "results"
    environment = {key: value for key, value in os.environ.items() if key != "HYDRA_FULL_ERROR"}
    for command in (
        ["sim", "-m", "+experiment=gig_market", "policy=none,gig_everywhere", "replicates=2"]
        + ["scale=500", "years=1", f"hydra.sweep.dir={results / 'gig_market'}"],
        ["sim.compare", str(results / "gig_market"), "--no-figures"],
    ):
        done = subprocess.run(
            [sys.executable, "-m", *command],
            cwd=tmp_path,
            env=environment,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, done.stdout + done.stderr
    return results


def test_compare_experiments_runs(small_sweep, tmp_path, monkeypatch):
    monkeypatch.setenv("DRAMASIM_RESULTS", str(small_sweep))
    execute("compare_experiments", tmp_path)
