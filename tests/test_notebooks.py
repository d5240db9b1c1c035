"""The notebooks in notebooks/ (jupytext py:percent) execute from top to bottom on small runs.

The baseline tour builds a coarse, one-year model; the comparison of experiments reads the runs
table of a small sweep made here, and by default the sample shipped in notebooks/sample_results.
They run in a fresh Jupyter kernel, as a reader would run them, and must show their figures as
images (figures built without pyplot print as "<Figure size ...>" unless display is enabled).
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


def execute(name: str, folder: Path):
    """Execute ``notebooks/<name>.py`` in a kernel whose working folder is ``folder``; return
    the executed notebook."""
    notebook = jupytext.read(NOTEBOOKS / f"{name}.py")
    NotebookClient(
        notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(folder)}}
    ).execute()
    return notebook


def outputs(notebook) -> list[dict]:
    """Every output of every code cell of an executed notebook."""
    return [
        output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs
    ]


def assert_shows_its_figures(notebook, at_least: int) -> None:
    """The executed notebook holds PNG images, and no figure printed as text instead."""
    images = [output for output in outputs(notebook) if "image/png" in output.get("data", {})]
    assert len(images) >= at_least, f"{len(images)} images in the executed notebook"
    as_text = [
        output
        for output in outputs(notebook)
        if "<Figure size" in output.get("text", "") + output.get("data", {}).get("text/plain", "")
        and "image/png" not in output.get("data", {})
    ]
    assert not as_text, f"figures printed as text, not shown: {as_text}"


def test_every_notebook_is_tested():
    assert sorted(path.stem for path in NOTEBOOKS.glob("*.py")) == [
        "baseline_tour",
        "compare_experiments",
    ]


def test_baseline_tour_runs(tmp_path, monkeypatch):
    monkeypatch.setenv("DRAMASIM_NOTEBOOK_SCALE", "200")
    monkeypatch.setenv("DRAMASIM_NOTEBOOK_YEARS", "1")
    assert_shows_its_figures(execute("baseline_tour", tmp_path), at_least=2)


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
    assert_shows_its_figures(execute("compare_experiments", tmp_path), at_least=2)


SAMPLE = NOTEBOOKS / "sample_results"
EXPERIMENTS = sorted(path.stem for path in (REPO / "configs" / "experiment").glob("*.yaml"))


def test_sample_results_are_small_runs_tables_of_every_experiment():
    assert sorted(path.parent.name for path in SAMPLE.glob("*/runs.parquet")) == EXPERIMENTS
    files = [path for path in SAMPLE.rglob("*") if path.is_file()]
    assert {path.suffix for path in files} <= {".parquet", ".py", ".md"}
    assert sum(path.stat().st_size for path in files) < 200_000


def test_compare_experiments_runs_out_of_the_box_on_the_sample(monkeypatch):
    """Opened from notebooks/ as a reader would, with no results of their own, the notebook
    reads the shipped sample."""
    monkeypatch.delenv("DRAMASIM_RESULTS", raising=False)
    if any((REPO / "results").glob("*/runs.parquet")):
        pytest.skip("results/ holds sweeps, which the notebook reads before the sample")
    notebook = execute("compare_experiments", NOTEBOOKS)
    printed = "".join(output.get("text", "") for output in outputs(notebook))
    assert f"Reading the sweeps in {SAMPLE}" in printed
    for name in EXPERIMENTS:
        assert f"=== {name} ===" in printed
    assert_shows_its_figures(notebook, at_least=len(EXPERIMENTS) + 1)
