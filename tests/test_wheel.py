"""The wheel: built from the checkout's files with ``pip wheel . --no-deps``, installed into a
fresh virtual environment (no system site-packages; pip may reuse its cache), its console
commands ``dramasim`` and ``dramasim-compare`` run a small sweep and compare it from a folder
that is not the checkout, and ``dramasim --help`` lists the parameters.

About a minute and a half (more on a busy machine): most of it installing the dependencies and
compiling the model's kernels in the new environment.
"""

import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pandas as pd
import pytest

import sim

REPOSITORY = Path(sim.__file__).resolve().parent.parent
TIMEOUT_SECONDS = 900


def run(*command: str | Path, cwd: Path) -> subprocess.CompletedProcess:
    """Run a command in ``cwd`` with no trace of the checkout in its environment; stdout and
    stderr together in ``stdout``. Fails the test if the command fails."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("PYTHONPATH", "VIRTUAL_ENV", "HYDRA_FULL_ERROR")
    }
    done = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=TIMEOUT_SECONDS,
    )
    assert done.returncode == 0, f"{' '.join(map(str, command))} failed:\n{done.stdout}"
    return done


def checkout_copy(target: Path) -> Path:
    """The checkout's files (tracked, and untracked ones git does not ignore) copied to
    ``target``, as a fresh clone with the working changes: building there leaves the checkout
    untouched and ships no stale file from an earlier build."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPOSITORY,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = REPOSITORY / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The bin folder of a fresh virtual environment with the built wheel installed."""
    if shutil.which("git") is None:
        pytest.fail("git is needed to list the checkout's files")
    root = tmp_path_factory.mktemp("wheel")
    source = checkout_copy(root / "source")
    run(sys.executable, "-m", "pip", "wheel", ".", "--no-deps", "-w", root / "dist", cwd=source)
    [wheel] = (root / "dist").glob("dramasim-*.whl")
    run(sys.executable, "-m", "venv", root / "venv", cwd=root)
    bin_folder = root / "venv" / "bin"
    # --no-compile: Python compiles only the modules a command imports, when it imports them
    run(bin_folder / "python", "-m", "pip", "install", "--quiet", "--no-compile", wheel, cwd=root)
    return bin_folder


def test_wheel_runs_and_compares_a_sweep_from_any_folder(installed, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    sweep = tmp_path / "D"
    where = run(installed / "python", "-c", "import sim; print(sim.__file__)", cwd=elsewhere)
    assert Path(where.stdout.strip()).is_relative_to(installed.parent), "sim from the wheel"
    helped = run(installed / "dramasim", "--help", cwd=elsewhere).stdout
    assert helped.startswith("usage: dramasim") and "simulated years; metrics come" in helped
    assert "+experiment     ai_adoption" in helped, "the configs shipped in the wheel"

    run(
        installed / "dramasim",
        "-m",
        "seed=1,2",
        "scale=500",
        "years=1",
        f"hydra.sweep.dir={sweep}",
        cwd=elsewhere,
    )
    version = tomllib.loads((REPOSITORY / "pyproject.toml").read_text())["project"]["version"]
    summaries = []
    for job in ("0", "1"):
        for name in ("summary.json", "timeseries.parquet", "provenance.json", "done"):
            assert (sweep / job / name).is_file(), f"{job}/{name}"
        summaries.append(json.loads((sweep / job / "summary.json").read_text()))
        provenance = json.loads((sweep / job / "provenance.json").read_text())
        assert provenance["version"] == version
        assert provenance["git_commit"] is None and provenance["git_dirty"] is None
        assert provenance["packages"]["mesa"].startswith("3.")
    assert summaries[0]["micro.direct_employment"] > 0
    assert summaries[0] != summaries[1], "two seeds, two results"

    compared = run(installed / "dramasim-compare", sweep, cwd=elsewhere)
    assert "micro.direct_employment" in compared.stdout
    runs = pd.read_parquet(sweep / "runs.parquet")
    assert sorted(runs["config.seed"]) == [1, 2]
    assert (runs["provenance.version"] == version).all()
    assert (sweep / "figures" / "employment_by_sector.png").is_file()
    assert not list(elsewhere.iterdir()), "nothing written into the working folder"
