"""A sweep through `hydra/launcher=slurm` on a real Slurm cluster gives the same outputs as the
same sweep through the local (joblib) launcher.

`make slurm` (scripts/slurm_up.sh) starts a single-node cluster on this machine. Without Slurm's
commands (no `sinfo`) these tests skip, so that `make test` works on a machine without Slurm;
under CI (`CI=true`, which `.ci/run` sets after `make slurm`) they fail instead, and they fail
whenever `sinfo` exists but no node is up. Submitit's jobs run the interpreter that submits them
(`sys.executable` here), and its folder lies inside the sweep folder, which the jobs can read
because the cluster is this one machine.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SWEEP = ("seed=1,2", "scale=500", "years=1", "output.progress=false")
"""Two tiny jobs (seconds each)."""
JOBS = (0, 1)
UP_STATES = {"idle", "mixed", "allocated", "completing"}
"""Node states (`sinfo --format=%T`) that can take jobs; a suffix such as `*` means they cannot."""
HOW_TO_START = "start it with `make slurm` (scripts/slurm_up.sh, as root)"


def slurm_nodes_up() -> list[str]:
    """The states of Slurm's nodes that can run jobs; skips, or fails under CI, without Slurm."""
    if shutil.which("sinfo") is None:
        message = f"Slurm is not installed here (no `sinfo` on PATH): {HOW_TO_START}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true: the Slurm tests must run. {message}")
        pytest.skip(message)
    listed = subprocess.run(
        ["sinfo", "--noheader", "--format=%T"], capture_output=True, text=True, timeout=30
    )
    states = listed.stdout.split()
    up = [state for state in states if state in UP_STATES]  # "idle*": not responding
    if listed.returncode != 0 or not up:
        pytest.fail(
            f"Slurm is installed but no node is up (sinfo exit {listed.returncode}, states "
            f"{states}, {listed.stderr.strip()!r}): {HOW_TO_START}"
        )
    return up


def sweep(sweep_dir: Path, *launcher: str) -> subprocess.CompletedProcess:
    """Run the tiny sweep into ``sweep_dir``; stdout and stderr together in ``stdout``."""
    environment = {key: value for key, value in os.environ.items() if key != "HYDRA_FULL_ERROR"}
    return subprocess.run(
        [sys.executable, "-m", "sim", "-m", *SWEEP, *launcher, f"hydra.sweep.dir={sweep_dir}"],
        cwd=sweep_dir.parent,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=600,
    )


def test_slurm_cluster_has_a_node_up():
    assert slurm_nodes_up()


def test_slurm_sweep_matches_the_local_sweep(tmp_path):
    slurm_nodes_up()
    on_slurm = sweep(tmp_path / "slurm", "hydra/launcher=slurm", "hydra.launcher.timeout_min=10")
    assert on_slurm.returncode == 0, on_slurm.stdout
    local = sweep(tmp_path / "local")  # the default launcher: configs/hydra/launcher/local.yaml
    assert local.returncode == 0, local.stdout

    # The jobs went through Slurm: submitit wrote an sbatch script that runs this interpreter,
    # and slurmctld knows each array task as completed.
    submitit = tmp_path / "slurm" / ".submitit"
    (script,) = submitit.glob("*/*_submission.sh")
    assert "#SBATCH" in script.read_text()
    assert f"{sys.executable} -u -m submitit.core._submit" in script.read_text()
    tasks = sorted(path.name for path in submitit.iterdir() if re.fullmatch(r"\d+_\d+", path.name))
    assert len(tasks) == len(JOBS), tasks
    for task in tasks:
        shown = subprocess.run(
            ["scontrol", "show", "job", task], capture_output=True, text=True, timeout=30
        )
        assert "JobState=COMPLETED" in shown.stdout, (task, shown.stdout, shown.stderr)

    for job in JOBS:
        assert (tmp_path / "slurm" / str(job) / "done").is_file()
        slurm_summary = (tmp_path / "slurm" / str(job) / "summary.json").read_bytes()
        local_summary = (tmp_path / "local" / str(job) / "summary.json").read_bytes()
        assert slurm_summary == local_summary, f"job {job}: summary.json differs"
    assert (tmp_path / "slurm" / "0" / "summary.json").read_bytes() != (
        tmp_path / "slurm" / "1" / "summary.json"
    ).read_bytes(), "the two seeds should give different runs"
