"""The paired timing harness runs two versions in turns on the same days and compares states."""

from pathlib import Path

import pytest

from benchmarks.paired import compare, main

ROOT = Path(__file__).resolve().parents[1]


def test_two_runs_of_one_version_take_turns_and_end_in_the_same_state():
    seconds, hashes = compare(ROOT, ROOT, scale=500.0, seed=3, skip=4, chunk=2, rounds=3)
    assert [len(seconds["old"]), len(seconds["new"])] == [3, 3]
    assert all(s > 0 for s in seconds["old"] + seconds["new"])
    assert len(hashes["old"]) == 40 and hashes["old"] == hashes["new"]


def test_a_directory_without_the_model_is_refused(tmp_path, capsys):
    with pytest.raises(SystemExit) as stop:
        main([str(ROOT), str(tmp_path)])
    assert stop.value.code == 2 and "holds no sim/model" in capsys.readouterr().err
