"""Faults: runs and sweeps killed at random moments, full and read-only disks, two sweeps into
one folder, and the same bytes whatever the launcher.

Every command runs in its own process group (``start_new_session=True``) and is killed with
``os.killpg(..., SIGKILL)``, the way a lost node or an out-of-memory killer ends a job: no
clean-up code runs, in the sweep's parent or in its workers. The kill moments are random; the
seed is printed in every failure message (rerun one with ``FAULT_SEED=N``).

The disk tests mount a small tmpfs (root only; they skip elsewhere).
"""

import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from contextlib import contextmanager, suppress
from pathlib import Path

import pandas as pd
import pytest

import sim
from sim.files import DONE, PROVENANCE, SUMMARY, TIMESERIES

REPOSITORY = Path(sim.__file__).resolve().parents[1]
SWEEP = ("seed=1,2", "scale=1000", "years=1", "output.progress=false")
"""Two tiny jobs (a few seconds each)."""
JOBS = ("0", "1")
FAULT_SEED = int(os.environ.get("FAULT_SEED", time.time_ns() % 2**32))
TEMPORARY = re.compile(r"\..+\.[0-9a-f]{32}\.tmp")
"""Names of the temporary files of ``sim.files.atomic_file``."""
LEFTOVER = ".summary.json.0123456789abcdef0123456789abcdef.tmp"
"""What a run killed inside ``atomic_file`` leaves: a temporary file never renamed."""


def environment() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "HYDRA_FULL_ERROR"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPOSITORY), env.get("PYTHONPATH")]))
    return env


def sweep_command(sweep_dir: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "sim", "-m", *SWEEP, *extra, f"hydra.sweep.dir={sweep_dir}"]


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """Run ``command`` to its end; stdout and stderr together in ``stdout``."""
    return subprocess.run(
        command,
        cwd=cwd,
        env=environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=600,
        start_new_session=True,
    )


def start(command: list[str], cwd: Path) -> subprocess.Popen:
    """Start ``command`` in a process group of its own, its output into ``cwd/output.txt``."""
    with open(cwd / "output.txt", "ab") as output:
        return subprocess.Popen(
            command,
            cwd=cwd,
            env=environment(),
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def kill_group(process: subprocess.Popen) -> None:
    """SIGKILL the whole process group of ``process`` (the sweep and its workers)."""
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=60)


def summaries(sweep_dir: Path) -> dict[str, bytes]:
    return {job: (sweep_dir / job / SUMMARY).read_bytes() for job in JOBS}


def assert_no_partial_file(folder: Path, context: str) -> None:
    """Every output file present in ``folder`` or its job folders is whole; a ``done`` marker
    comes only with a whole summary and timeseries."""
    for directory in [folder, *(path for path in folder.iterdir() if path.is_dir())]:
        if (directory / SUMMARY).exists():
            summary = json.loads((directory / SUMMARY).read_text())
            assert "micro.direct_employment" in summary, context
        if (directory / PROVENANCE).exists():
            assert "wall_seconds" in json.loads((directory / PROVENANCE).read_text()), context
        if (directory / TIMESERIES).exists():
            assert len(pd.read_parquet(directory / TIMESERIES)) >= 12, context
        if (directory / DONE).exists():
            assert (directory / SUMMARY).is_file(), context
            assert (directory / TIMESERIES).is_file(), context


def temporary_files(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if TEMPORARY.fullmatch(path.name)]


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> tuple[Path, float]:
    """An uninterrupted sweep through the default launcher (joblib, 2 jobs), and its seconds."""
    folder = tmp_path_factory.mktemp("reference")
    started = time.monotonic()
    result = run(sweep_command(folder / "sweep"), cwd=folder)
    assert result.returncode == 0, result.stdout
    return folder / "sweep", time.monotonic() - started


def test_killed_sweep_resumes_to_the_same_bytes(reference, tmp_path):
    reference_dir, seconds = reference
    sweep_dir = tmp_path / "sweep"
    moment = random.Random(FAULT_SEED).uniform(0.2, 0.9) * seconds
    context = f"FAULT_SEED={FAULT_SEED}: killed after {moment:.1f} s of {seconds:.1f} s"
    process = start(sweep_command(sweep_dir), cwd=tmp_path)
    time.sleep(moment)
    kill_group(process)
    if sweep_dir.is_dir():
        assert_no_partial_file(sweep_dir, context)
    # a kill inside atomic_file, between writing and renaming, leaves a temporary file behind
    for job in JOBS:
        (sweep_dir / job).mkdir(parents=True, exist_ok=True)
        (sweep_dir / job / LEFTOVER).write_text('{"micro.direct_')

    resumed = run(sweep_command(sweep_dir), cwd=tmp_path)
    assert resumed.returncode == 0, f"{context}\n{resumed.stdout}"
    assert summaries(sweep_dir) == summaries(reference_dir), context
    assert temporary_files(sweep_dir) == [], f"{context}: leftovers are removed on resume"
    assert_no_partial_file(sweep_dir, context)


def test_killed_single_run_resumes_to_the_same_bytes(reference, tmp_path):
    reference_dir, seconds = reference
    run_dir = tmp_path / "run"
    command = [sys.executable, "-m", "sim", *SWEEP[1:], "seed=1", f"hydra.run.dir={run_dir}"]
    moment = random.Random(FAULT_SEED + 1).uniform(0.1, 0.6) * seconds
    context = f"FAULT_SEED={FAULT_SEED}: killed after {moment:.1f} s"
    process = start(command, cwd=tmp_path)
    time.sleep(moment)
    kill_group(process)
    if run_dir.is_dir():
        assert_no_partial_file(run_dir, context)
    run_dir.mkdir(exist_ok=True)
    (run_dir / LEFTOVER).write_text("half")

    resumed = run(command, cwd=tmp_path)
    assert resumed.returncode == 0, f"{context}\n{resumed.stdout}"
    assert (run_dir / SUMMARY).read_bytes() == (reference_dir / "0" / SUMMARY).read_bytes()
    assert temporary_files(run_dir) == [], context


def test_second_sweep_into_a_held_folder_stops_at_once(tmp_path):
    sweep_dir = tmp_path / "sweep"
    first = start(sweep_command(sweep_dir), cwd=tmp_path)
    try:
        lock = sweep_dir / ".dramasim.lock"
        deadline = time.monotonic() + 120
        while not (lock.is_file() and lock.read_text().strip()):
            assert first.poll() is None, (tmp_path / "output.txt").read_text()
            assert time.monotonic() < deadline, "the first sweep never took its folder"
            time.sleep(0.1)
        started = time.monotonic()
        second = run(sweep_command(sweep_dir), cwd=tmp_path)
        assert time.monotonic() - started < 30
        assert second.returncode != 0
        assert f"Another sweep is running into {sweep_dir}" in second.stdout
        assert f"process {first.pid}" in second.stdout
        assert "Traceback" not in second.stdout
        assert first.poll() is None, "the first sweep goes on"
    finally:
        kill_group(first)
    # the kernel released the killed sweep's lock: the folder is free again
    third = start(sweep_command(sweep_dir, "hydra.launcher.n_jobs=1"), cwd=tmp_path)
    try:
        deadline = time.monotonic() + 120
        while str(third.pid) not in lock.read_text():
            assert third.poll() is None, (tmp_path / "output.txt").read_text()
            assert time.monotonic() < deadline, "a killed sweep left a stale lock"
            time.sleep(0.1)
    finally:
        kill_group(third)


@contextmanager
def tmpfs(mount_point: Path, size: str):
    """A tmpfs of ``size`` mounted on ``mount_point`` for the block (root only)."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs needs root")
    mount_point.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=True)


def fill(disk: Path, leave_bytes: int) -> Path:
    """Fill ``disk`` with one file until about ``leave_bytes`` are free; return the file."""
    filler = disk / "filler"
    descriptor = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        while os.write(descriptor, b"\0" * 4096):
            pass
    except OSError:
        pass
    finally:
        os.close(descriptor)
    with open(filler, "r+b") as file:
        file.truncate(max(0, filler.stat().st_size - leave_bytes))
    return filler


def assert_one_paragraph_naming(result: subprocess.CompletedProcess, folder: Path) -> None:
    assert result.returncode not in (0, 2), result.stdout
    assert "Traceback" not in result.stdout, result.stdout
    messages = [line for line in result.stdout.splitlines() if line.startswith("Cannot write")]
    assert len(messages) == 1, result.stdout
    assert f"Cannot write into {folder}" in messages[0], result.stdout
    assert "run the same command again" in messages[0]


@pytest.mark.parametrize("free_bytes", [0, 48 * 1024])
def test_full_disk_gives_a_clear_error_and_keeps_finished_jobs(reference, tmp_path, free_bytes):
    reference_dir, _ = reference
    with tmpfs(tmp_path / "disk", "4m") as disk:
        sweep_dir = disk / "sweep"
        shutil.copytree(reference_dir / "0", sweep_dir / "0")  # a finished job
        finished = (sweep_dir / "0" / SUMMARY).read_bytes()
        filler = fill(disk, free_bytes)

        full = run(sweep_command(sweep_dir), cwd=tmp_path)
        assert_one_paragraph_naming(full, sweep_dir)
        assert (sweep_dir / "0" / SUMMARY).read_bytes() == finished
        assert (sweep_dir / "0" / DONE).is_file()
        assert_no_partial_file(sweep_dir, full.stdout)

        filler.unlink()
        resumed = run(sweep_command(sweep_dir), cwd=tmp_path)
        assert resumed.returncode == 0, resumed.stdout
        assert summaries(sweep_dir) == summaries(reference_dir)
        assert temporary_files(sweep_dir) == []


def test_read_only_folder_gives_a_clear_error_and_keeps_finished_jobs(reference, tmp_path):
    reference_dir, _ = reference
    with tmpfs(tmp_path / "disk", "4m") as disk:
        sweep_dir = disk / "sweep"
        shutil.copytree(reference_dir / "0", sweep_dir / "0")
        finished = (sweep_dir / "0" / SUMMARY).read_bytes()
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)

        swept = run(sweep_command(sweep_dir), cwd=tmp_path)
        assert_one_paragraph_naming(swept, sweep_dir)
        single = [sys.executable, "-m", "sim", *SWEEP[1:], f"hydra.run.dir={disk}/run"]
        ran = run(single, cwd=tmp_path)
        assert_one_paragraph_naming(ran, disk)
        assert (sweep_dir / "0" / SUMMARY).read_bytes() == finished


@pytest.mark.parametrize(
    "launcher",
    [("hydra.launcher.n_jobs=1",), ("hydra/launcher=submitit_local",)],
    ids=["joblib-1", "submitit_local"],
)
def test_same_bytes_whatever_the_launcher(reference, tmp_path, launcher):
    """The reference sweep runs on joblib with two jobs at once (configs/hydra/launcher)."""
    reference_dir, _ = reference
    sweep_dir = tmp_path / "sweep"
    result = run(sweep_command(sweep_dir, *launcher), cwd=tmp_path)
    assert result.returncode == 0, result.stdout
    if "submitit" in launcher[0]:
        assert (sweep_dir / ".submitit").is_dir()
    else:
        assert "Joblib.Parallel(n_jobs=1" in result.stdout
    assert summaries(sweep_dir) == summaries(reference_dir)
    assert summaries(sweep_dir)["0"] != summaries(sweep_dir)["1"], "two seeds, two runs"
