"""Tests of ``python -m sim.compare`` on run and sweep folders built by hand.

Each fake run holds what a real one writes (summary.json, timeseries.parquet, .hydra/config.yaml
and .hydra/overrides.yaml) with metric values chosen so that means, t-intervals and Welch
intervals can be worked out independently of the code under test.
"""

import json
import math
import statistics
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from scipy import stats

from sim.analysis.compare import main

LEVERS = (0.0, 0.3, 0.6)
"""Values of the swept lever ai.title_share."""
SEEDS = (1, 2, 3)
EMPLOYMENT_NOISE = {1: -1500.0, 2: 200.0, 3: 2500.0}
"""Seed effect on micro.direct_employment, people (mean 400, sample sd 2007.5)."""
SHARE_NOISE = {1: 0.01, 2: -0.02, 3: 0.04}
"""Seed effect on stability.stable_share (mean 0.01, sample sd 0.03)."""
T_975_TWO_DF = 4.302652729749464
"""0.975 quantile of Student's t with 2 degrees of freedom, as printed in t tables."""


def direct_employment(lever: float, seed: int, shift: float = 0.0, spread: float = 1.0) -> float:
    """micro.direct_employment of a fake run, people."""
    return 600_000 + 100_000 * lever + shift + spread * EMPLOYMENT_NOISE[seed]


def stable_share(lever: float, seed: int, spread: float = 1.0) -> float:
    """stability.stable_share of a fake run."""
    return 0.4 + 0.1 * lever + spread * SHARE_NOISE[seed]


def write_run(
    folder: Path,
    lever: float,
    seed: int,
    shift: float = 0.0,
    spread: float = 1.0,
    policy: str = "none",
    guaranteed_pay: object = False,
    seed_offset: int = 0,
    extra: dict | None = None,
) -> None:
    """A complete run folder: config, group choices, overrides, summary and a 24-month time
    series. ``seed_offset`` is added to the seed the config records (the metrics still follow
    ``seed``: runs on other random streams that happen to look alike); ``extra`` adds to the
    config."""
    hydra = folder / ".hydra"
    hydra.mkdir(parents=True)
    config = {
        "seed": seed + seed_offset,
        "replicate": 0,
        "scale": 10.0,
        "years": 2,
        "scenario": {"name": "baseline", "regions": ["henan", "hengdian"]},
        "ai": {"title_share": lever, "label": f"ai-{lever}", "training_places": 500},
        "policy": {"guaranteed_pay": guaranteed_pay},
        **(extra or {}),
    }
    (hydra / "config.yaml").write_text(yaml.safe_dump(config))
    (hydra / "overrides.yaml").write_text(yaml.safe_dump([f"ai.title_share={lever}"]))
    choices = {"ai": "baseline_2025", "policy": policy, "hydra/launcher": "basic"}
    (hydra / "hydra.yaml").write_text(yaml.safe_dump({"hydra": {"runtime": {"choices": choices}}}))
    summary = {
        "micro.titles_per_month": 800 + 100 * lever,
        "micro.direct_employment": direct_employment(lever, seed, shift, spread),
        "long.direct_employment": 300_000,
        "stability.stable_share": stable_share(lever, seed, spread),
        "stability.idle_spell_mean_days": None,
    }
    (folder / "summary.json").write_text(json.dumps(summary))
    month = np.arange(24)
    pd.DataFrame(
        {
            "month": month,
            "date": [f"{2025 + m // 12}-{m % 12 + 1:02d}" for m in month],
            "employed.micro": 500_000 + 1_000.0 * month + EMPLOYMENT_NOISE[seed],
            "employed.long": 300_000 - 500.0 * month,
            "employed.micro.camera": 20_000 + 10.0 * month,
            "employed.micro.ai_animator": 1_000 * lever + month,
            "employed.long.camera": np.full(24, 9_000.0),
            "titles.shooting": 50 + month,
        }
    ).to_parquet(folder / "timeseries.parquet")


def write_sweep(folder: Path, **run_options) -> Path:
    """A Hydra sweep folder: jobs 0-8 (3 lever values x 3 seeds), a failed job 9 and a job 10
    that has not finished."""
    for job, (lever, seed) in enumerate((lever, seed) for lever in LEVERS for seed in SEEDS):
        write_run(folder / str(job), lever, seed, **run_options)
    failed = folder / "9"
    (failed / ".hydra").mkdir(parents=True)
    (failed / "error.txt").write_text("Traceback (most recent call last):\nValueError: boom\n")
    (folder / "10" / ".hydra").mkdir(parents=True)
    (folder / "multirun.yaml").write_text("hydra:\n  mode: MULTIRUN\n")
    return folder


def metric_rows(printed: str, metric: str) -> list[list[str]]:
    """The data rows of a metric's block in the printed output, split into words."""
    blocks = [block for block in printed.split("\n\n") if block.startswith(f"{metric}:")]
    assert blocks, f"no block for {metric} in:\n{printed}"
    return [line.split() for line in blocks[-1].splitlines()[2:]]


def number(word: str) -> float:
    """A printed number such as ``630,400``, ``+5,400`` or ``[-1,234,``."""
    return float(word.strip("[],").replace(",", ""))


def test_sweep_gives_one_row_per_run_and_means_with_t_intervals(tmp_path, capsys):
    sweep = write_sweep(tmp_path / "sweep")
    main([str(sweep), "--no-figures"])
    printed = capsys.readouterr()

    runs = pd.read_parquet(sweep / "runs.parquet")
    assert len(runs) == 9
    assert list(runs["run_dir"]) == [str(sweep / str(job)) for job in range(9)]
    assert (runs["source"] == str(sweep)).all()
    assert {column for column in runs if column.startswith("config.")} == {
        "config.seed",
        "config.replicate",
        "config.scale",
        "config.years",
        "config.ai.title_share",
        "config.ai.label",
    }
    assert runs["micro.direct_employment"].iloc[4] == direct_employment(0.3, 2)
    assert runs["stability.idle_spell_mean_days"].isna().all()
    assert list(runs["overrides"].iloc[0]) == ["ai.title_share=0.0"]

    assert f"warning: skipping {sweep / '9'}: failed job (ValueError: boom)" in printed.err
    assert f"warning: skipping {sweep / '10'}: unfinished run (no summary.json)" in printed.err
    assert "Settings differ in: ai.title_share (3 values)" in printed.out
    for metric, value, tolerance in (
        ("micro.direct_employment", direct_employment, 0.5),
        ("stability.stable_share", stable_share, 5e-5),
    ):
        rows = metric_rows(printed.out, metric)
        assert [float(row[0]) for row in rows] == list(LEVERS)
        for lever, (_, mean, half_width, n) in zip(LEVERS, rows, strict=True):
            values = [value(lever, seed) for seed in SEEDS]
            expected = T_975_TWO_DF * statistics.stdev(values) / math.sqrt(3)
            assert number(mean) == pytest.approx(statistics.mean(values), abs=tolerance)
            assert number(half_width) == pytest.approx(expected, abs=tolerance)
            assert n == "3"


def contrast_rows(printed: str, metric: str) -> list[list[str]]:
    """The data rows of a metric's block in the printed contrast."""
    return metric_rows(printed.split("\nDifference, each source minus")[1], metric)


def welch_half_width(other: list[float], baseline: list[float]) -> float:
    """Half-width of the 95% Welch interval of mean(other) - mean(baseline), from the
    textbook formula."""
    error, error_baseline = (
        statistics.variance(other) / len(other),
        statistics.variance(baseline) / len(baseline),
    )
    welch_dof = (error + error_baseline) ** 2 / (
        error**2 / (len(other) - 1) + error_baseline**2 / (len(baseline) - 1)
    )
    return stats.t.ppf(0.975, welch_dof) * math.sqrt(error + error_baseline)


@pytest.mark.parametrize("shared_seeds", [True, False])
def test_two_sweeps_report_a_paired_difference_when_seeds_match_else_welch(
    tmp_path, capsys, shared_seeds
):
    first = write_sweep(tmp_path / "first")
    second = write_sweep(
        tmp_path / "second",
        shift=20_000,
        spread=2.0,
        policy="qujiang",
        guaranteed_pay="on",
        seed_offset=0 if shared_seeds else 10,
    )
    main([str(first), str(second), "--no-figures", "--lever", "policy"])
    printed = capsys.readouterr()
    out = printed.out

    runs = pd.read_parquet(first / "runs.parquet")
    assert len(runs) == 18
    assert set(runs["choice.policy"]) == {"none", "qujiang"}
    assert set(runs["config.policy.guaranteed_pay"]) == {"False", "on"}
    assert "Settings differ in: ai.title_share (3 values), policy (2 values)" in out
    assert "confounded" not in out + printed.err  # the sources differ in the lever only
    method = "paired" if shared_seeds else "Welch"
    assert ("common random numbers" in out) == shared_seeds
    assert ("share no seed and replicate" in out) == (not shared_seeds)

    for metric, value, options, significant in (
        ("micro.direct_employment", direct_employment, {"shift": 20_000}, "yes"),
        ("stability.stable_share", stable_share, {}, "no"),
    ):
        rows = contrast_rows(out, metric)
        assert len(rows) == len(LEVERS)
        for lever, row in zip(LEVERS, rows, strict=True):
            source, printed_lever, difference, low, high, verdict, shown_method, n = row
            baseline = [value(lever, seed) for seed in SEEDS]
            other = [value(lever, seed, spread=2.0, **options) for seed in SEEDS]
            expected = statistics.mean(other) - statistics.mean(baseline)
            if shared_seeds:  # paired t: the seed effects cancel in each pair
                pairs = [a - b for a, b in zip(other, baseline, strict=True)]
                half_width = T_975_TWO_DF * statistics.stdev(pairs) / math.sqrt(3)
            else:
                half_width = welch_half_width(other, baseline)
            tolerance = 1.0 if metric == "micro.direct_employment" else 1e-4
            assert (source, float(printed_lever)) == (str(second), lever)
            assert number(difference) == pytest.approx(expected, abs=tolerance)
            assert number(low) == pytest.approx(expected - half_width, abs=tolerance)
            assert number(high) == pytest.approx(expected + half_width, abs=tolerance)
            assert (verdict, shown_method, n) == (significant, method, "3")


def test_paired_interval_is_narrower_than_welch_on_correlated_runs(tmp_path, capsys):
    """Runs of two settings on the same seeds share the seed effect (common random numbers):
    pairing removes it, so the paired interval is far narrower than Welch's on the same
    numbers recorded under other seeds."""
    half_widths = {}
    for shared in (True, False):
        first = write_sweep(tmp_path / f"first{shared}")
        second = write_sweep(
            tmp_path / f"second{shared}", shift=5_000, seed_offset=0 if shared else 10
        )
        main([str(first), str(second), "--no-figures"])
        rows = contrast_rows(capsys.readouterr().out, "micro.direct_employment")
        half_widths[shared] = [(number(row[4]) - number(row[3])) / 2 for row in rows]
        assert {row[6] for row in rows} == {"paired" if shared else "Welch"}
        assert [number(row[2]) for row in rows] == [5_000] * 3
    # identical seed effects on both sides: every pair differs by exactly 5,000
    assert half_widths[True] == [0.0] * 3
    assert all(width > 1_000 for width in half_widths[False])


def test_every_differing_config_value_is_listed_and_the_confound_flagged(tmp_path, capsys):
    """Two single runs that differ in a config group (ai), a value (business_model.free_share)
    and the length of the run (years): all three are listed, and their contrast is confounded
    with or without a lever named."""
    for name, ai, free, years in (("a", "baseline_2025", 0.6, 2), ("b", "high", 1.0, 5)):
        write_run(
            tmp_path / name,
            0.3 if ai == "baseline_2025" else 0.5,
            1,
            extra={"years": years, "business_model": {"free_share": free}},
        )
        hydra_file = tmp_path / name / ".hydra" / "hydra.yaml"
        hydra_file.write_text(hydra_file.read_text().replace("baseline_2025", ai))
    runs = [str(tmp_path / "a"), str(tmp_path / "b"), "--no-figures"]

    main(runs)
    printed = capsys.readouterr()
    listed = printed.out.split("Config values that differ between the runs")[1].split("\n\n")[0]
    assert "(5; seed and replicate aside)" in listed
    for line in (
        "  ai: baseline_2025, high",
        "  ai.label: ai-0.3, ai-0.5",
        "  ai.title_share: 0.3, 0.5",
        "  business_model.free_share: 0.6, 1",
        "  years: 2, 5",
    ):
        assert line in listed.splitlines()
    warning = f"the contrast of {runs[1]} with {runs[0]} is confounded: its runs differ in ai "
    assert f"warning: {warning}" in printed.out and f"warning: {warning}" in printed.err
    for part in (
        "ai (baseline_2025 vs high)",
        "business_model.free_share (0.6 vs 1)",
        "years (2 vs 5)",
    ):
        assert part in printed.err
    assert "ai.title_share (" not in printed.err  # set by the ai group: not a separate factor

    main([*runs, "--lever", "ai"])
    err = capsys.readouterr().err
    assert "also in business_model.free_share (0.6 vs 1), years (2 vs 5), besides" in err
    assert "ai (" not in err.split("also in")[1]

    main([*runs, "--lever", "ai", "--lever", "years", "--lever", "business_model"])
    assert "confounded" not in capsys.readouterr().err


def test_figures_are_written_as_pdf_and_png(tmp_path):
    sweep = write_sweep(tmp_path / "sweep")
    main([str(sweep), "--figures", str(tmp_path / "figures")])
    for stem in (
        "micro.direct_employment",
        "stability.stable_share",
        "employment_by_sector",
        "employment_by_role_micro",
        "employment_by_role_long",
    ):
        for suffix in (".pdf", ".png"):
            path = tmp_path / "figures" / f"{stem}{suffix}"
            assert path.is_file() and path.stat().st_size > 1000, path
    assert not (tmp_path / "figures" / "stability.idle_spell_mean_days.pdf").exists()
    assert not list((tmp_path / "figures").glob(".*")), "temporary files left behind"


def test_single_run_shows_plain_values_and_draws_the_time_series_only(tmp_path, capsys):
    write_run(tmp_path / "run", 0.3, 1)
    main([str(tmp_path / "run")])
    printed = capsys.readouterr().out
    assert "Nothing differs between the runs but the seed." in printed
    assert metric_rows(printed, "micro.direct_employment") == [["628,500", "1"]]
    figures = {path.name for path in (tmp_path / "run" / "figures").iterdir()}
    assert figures == {
        f"employment_by_{name}.{suffix}"
        for name in (
            "sector",
            "role_micro",
            "role_long",
            "role_micro_double_column",
            "role_long_double_column",
        )
        for suffix in ("pdf", "png")
    }


def test_missing_folder_exits_2_with_a_message_and_no_traceback(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "sim.compare", str(tmp_path / "missing")],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[1],
    )
    assert result.returncode == 2
    assert f"{tmp_path / 'missing'} does not exist" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("failed_jobs", [False, True])
def test_folder_without_complete_runs_exits_2(tmp_path, capsys, failed_jobs):
    if failed_jobs:
        (tmp_path / "0").mkdir()
        (tmp_path / "0" / "error.txt").write_text("ValueError: boom\n")
    with pytest.raises(SystemExit) as stop:
        main([str(tmp_path)])
    assert stop.value.code == 2
    message = capsys.readouterr().err
    assert f"no complete run (a folder with summary.json) under {tmp_path}" in message
    assert ("1 failed or unfinished job folders" in message) == failed_jobs


def test_baseline_contrasts_settings_of_one_sweep_on_common_seeds(tmp_path, capsys):
    sweep = write_sweep(tmp_path / "sweep")
    main([str(sweep), "--no-figures", "--baseline", "ai.title_share=0"])
    printed = capsys.readouterr().out
    assert "Difference, each setting minus ai.title_share=0 (the other keys equal): paired" in (
        printed
    )
    rows = metric_rows(
        printed.split("\nDifference, each setting minus")[1], "stability.stable_share"
    )
    # the seed effects are the same in every setting: each pair differs by 0.1 * lever exactly
    assert [(float(row[0]), number(row[1]), row[2:]) for row in rows] == [
        (0.3, 0.03, ["[+0.03000,", "+0.03000]", "yes", "paired", "3"]),
        (0.6, 0.06, ["[+0.06000,", "+0.06000]", "yes", "paired", "3"]),
    ]


@pytest.mark.parametrize(
    "baseline, message",
    [
        ("policy=none", "policy is not a swept key; swept: ai.title_share"),
        ("ai.title_share=0.9", "ai.title_share has no setting '0.9'; it has 0, 0.3, 0.6"),
    ],
)
def test_baseline_that_is_not_a_setting_exits_2(tmp_path, capsys, baseline, message):
    sweep = write_sweep(tmp_path / "sweep")
    with pytest.raises(SystemExit) as stop:
        main([str(sweep), "--no-figures", "--baseline", baseline])
    assert stop.value.code == 2 and message in capsys.readouterr().err
