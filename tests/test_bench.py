"""The benchmark's measuring in turns (the rest of it runs in `make bench`)."""

import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.bench import (
    Row,
    combine_sweeps,
    in_turns,
    mean_row,
    measure_ceiling,
    report,
    step_and_time,
)


def test_in_turns_measures_first_second_second_first():
    calls = []

    def measure(name):
        calls.append(name)
        return len(calls)

    firsts, seconds = in_turns(lambda: measure("a"), lambda: measure("b"))
    assert calls == ["a", "b", "b", "a"]
    assert firsts == [1, 4] and seconds == [2, 3]


def test_repeated_sweeps_combine_into_their_mean_time_and_largest_process():
    sweeps = [
        {"seconds": 30.0, "peak_bytes": 5, "runs_per_minute": 40.0},
        {"seconds": 60.0, "peak_bytes": 7, "runs_per_minute": 20.0},
    ]
    combined = combine_sweeps(sweeps)
    assert combined["seconds"] == 45.0 and combined["each_seconds"] == [30.0, 60.0]
    assert combined["peak_bytes"] == 7
    assert abs(combined["runs_per_minute"] - 20 * 60 / 45.0) < 1e-9


def test_the_ceiling_compares_copies_at_once_with_one_alone():
    ceiling = measure_ceiling(jobs=2, iterations=3_000_000)
    assert ceiling["jobs"] == 2
    assert ceiling["together_seconds"] > 0.5 * ceiling["alone_seconds"]
    # two copies on two cores do between the work of one and of two (noise aside)
    assert 0.7 < ceiling["ceiling"] < 2.3
    assert ceiling["ceiling"] == pytest.approx(
        2 * ceiling["alone_seconds"] / ceiling["together_seconds"]
    )


def test_the_full_scale_row_reports_the_mean_of_its_runs_against_the_target():
    runs = [
        Row("`python -m sim scale=1 years=10`", 900_000, 3650, seconds, 700 * 2**20)
        for seconds in (50.0, 70.0)
    ]
    runs[1].peak_bytes = 800 * 2**20
    full = mean_row(runs)
    assert full.seconds == 60.0 and full.peak_bytes == 800 * 2**20
    text = report([], [], full, (1.0, 0), None, "python -m benchmarks.bench --full")
    assert "60.0 s (mean of 2 runs: 50.0 and 70.0 s), 800 MiB" in text
    assert "under 60 s: **not met**" in text  # the mean must be under the target


def test_a_short_run_is_repeated_until_it_has_stepped_long_enough():
    once = step_and_time("array", scale=5000.0, days=10, seed=1, min_seconds=0.0)
    assert len(once["each_step_seconds"]) == 1
    repeated = step_and_time("array", scale=5000.0, days=10, seed=1, min_seconds=0.2)
    steps = repeated["each_step_seconds"]
    assert len(steps) >= 2 and sum(steps) >= 0.2 and sum(steps[:-1]) < 0.2
    assert repeated["step_seconds"] == pytest.approx(sum(steps) / len(steps))
    assert repeated["workers_mean"] == once["workers_mean"]  # the same days each time


WARM_UP_CHECK = """
import sys, numba
sys.path.insert(0, {root!r})
import sim, benchmarks.reference
from benchmarks.bench import warm_up
from sim.config import DramaSimConfig
from sim.model import DramaLabourModel

def signatures():
    return sum(
        len(value.signatures)
        for name, module in list(sys.modules.items())
        if name.startswith(("sim.", "benchmarks."))
        for value in vars(module).values()
        if isinstance(value, numba.core.dispatcher.Dispatcher)
    )

before = signatures()
warm_up(DramaLabourModel, seed=2)
warmed = signatures()
DramaLabourModel(DramaSimConfig(scale=88.1, years=1, seed=1)).run()
print(before, warmed, signatures())
"""


def test_the_warm_up_leaves_no_kernel_to_compile_in_a_timed_run():
    """A year of a 10,000-worker model (what the benchmark times) after the warm-up calls no
    kernel with argument types the warm-up did not (each would be compiled or loaded from
    numba's cache inside the timed run)."""
    root = str(Path(__file__).resolve().parents[1])
    result = subprocess.run(
        [sys.executable, "-c", WARM_UP_CHECK.format(root=root)],
        capture_output=True, text=True, check=True, cwd=root,
    )  # fmt: skip
    before, warmed, after = map(int, result.stdout.split())
    assert before == 0 and warmed > 0
    assert after == warmed
