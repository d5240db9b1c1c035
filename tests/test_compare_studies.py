"""The studies' machinery: the turnover design at constant labour demand, the publishing script's
refusal of runs from several models and its paired difference tables, and the studies' READMEs.
"""

import importlib.util
import math
import statistics

import pandas as pd
import pytest
import yaml
from test_compare import SEEDS, direct_employment, welch_half_width, write_run
from test_provenance import write_provenance

from sim.analysis.runs import load_runs, write_runs
from sim.config import DramaSimConfig
from sim.run.app import CONFIG_DIR

REPO = CONFIG_DIR.parent


def load_script(name: str):
    """experiments/NAME.py as a module (the scripts are not part of the package)."""
    spec = importlib.util.spec_from_file_location(name, REPO / "experiments" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


designs, publish = load_script("designs"), load_script("publish")


# ---------------------------------------------------------------------------- turnover design
def test_turnover_cycle_options_are_the_ones_the_design_derives():
    written = {path: path.read_text() for path in designs.GROUP.glob("*.yaml")}
    assert written == designs.options(), "run `python experiments/designs.py` again"
    params = yaml.safe_load((CONFIG_DIR / "experiment" / "turnover.yaml").read_text())
    swept = params["hydra"]["sweeper"]["params"]["experiment/turnover_cycle"].split(",")
    assert swept == [path.stem for path in designs.options()]


def test_turnover_cycles_hold_person_days_a_month_at_the_baseline():
    config = DramaSimConfig()
    baseline = config.scenario.micro_titles_per_month * designs.person_days_per_title(config, 1)
    previous_titles = math.inf
    for path in designs.options():
        option = yaml.safe_load(path.read_text())
        factor = option["turnover"]["shoot_days_factor"]
        titles = option["scenario"]["micro_titles_per_month"]
        demand = titles * designs.person_days_per_title(config, factor)
        assert demand == pytest.approx(baseline, rel=2e-3), path.name  # a title's rounding
        assert titles < previous_titles
        previous_titles = titles
    # the design matters: at fixed titles, a 12-times shoot asks for over 6 times the work
    assert designs.person_days_per_title(config, 12) > 6 * designs.person_days_per_title(config, 1)
    # and differs from the naive 1/factor scaling, as only the shoot lengthens
    assert titles > config.scenario.micro_titles_per_month / factor


def test_person_days_of_a_title_follow_the_plan_by_hand():
    """A one-phase plan: 10 people for 4-6 days, half of them half the days: 5 * (5 + 2.5)."""
    phase = DramaSimConfig().production.micro_live.shooting.__class__(
        4, 6, {"a": 5, "b": 5}, {"b": 0.5}
    )
    assert designs.phase_person_days(phase, 1.0, {}) == 37.5
    assert designs.phase_person_days(phase, 2.0, {"a": 0.5}) == 2 * 5 * (2.5 + 2.5)


# ---------------------------------------------------------------------------- publishing
def gathered(tmp_path, records) -> pd.DataFrame:
    """A runs table of one run per record (commit, dirty), as sim.compare writes it."""
    for job, record in enumerate(records):
        write_run(tmp_path / "results" / "gig_market" / str(job), 0.3, job % 3 + 1)
        write_provenance(tmp_path / "results" / "gig_market" / str(job), *record)
    runs, _ = load_runs([tmp_path / "results" / "gig_market"])
    write_runs(runs, tmp_path / "results" / "gig_market" / "runs.parquet")
    return runs


@pytest.mark.parametrize(
    "records, problem",
    [
        ([("a" * 40, False), ("b" * 40, False)], "the runs come from 2 git commits"),
        ([("a" * 40, False), ("a" * 40, True)], "1 of 2 runs were made from a checkout with"),
    ],
)
def test_publish_refuses_runs_of_several_models(tmp_path, capsys, records, problem):
    gathered(tmp_path, records)
    with pytest.raises(SystemExit) as stop:
        publish.main(["gig_market", "--results", str(tmp_path / "results")])
    assert stop.value.code == 2
    error = capsys.readouterr().err
    assert f"gig_market: {problem}" in error and "--allow-mixed-models" in error
    assert not (tmp_path / "experiments").exists()


def test_runs_of_one_clean_commit_raise_no_problem(tmp_path):
    runs = gathered(tmp_path, [("a" * 40, False)] * 3)
    assert publish.model_problems(runs) == []


@pytest.mark.parametrize("shared_seeds", [True, False])
def test_difference_table_is_paired_over_seeds_else_welch(shared_seeds):
    lever = "config.ai.title_share"
    rows = [
        {
            lever: share,
            "config.seed": seed + (10 if share and not shared_seeds else 0),
            "config.replicate": 0,
            "micro.direct_employment": direct_employment(share, seed, 5_000 * (share > 0)),
        }
        for share in (0.0, 0.3)
        for seed in SEEDS
    ]
    text = publish.contrast_table(
        pd.DataFrame(rows), [lever], {lever: 0.0}, ["micro.direct_employment"]
    )
    cells = text.splitlines()[2].strip("| ").split(" | ")
    base = [direct_employment(0.0, seed) for seed in SEEDS]
    other = [direct_employment(0.3, seed, 5_000) for seed in SEEDS]
    difference = statistics.mean(other) - statistics.mean(base)
    if shared_seeds:  # each pair differs by the same 35,000: no spread
        assert cells == ["0.3", "3", f"+{difference:,.0f} ± 0"]
    else:
        assert cells[:2] == ["0.3", "none (Welch, 3 vs 3 runs)"]
        mean, half_width = cells[2].split(" ± ")
        assert float(mean.replace(",", "")) == pytest.approx(difference, abs=0.5)
        assert float(half_width.replace(",", "")) == pytest.approx(
            welch_half_width(other, base), abs=0.5
        )


# ---------------------------------------------------------------------------- the studies
SECTIONS = (
    "Question",
    "Design",
    "Findings — Emergent",
    "Findings — By construction",
    "Robustness",
    "Parameter uncertainty",
    "Model commit",
)


@pytest.mark.parametrize("name", ["labour_supply", "beveridge"])
def test_new_studies_have_every_section_and_a_publisher(name):
    readme = (REPO / "experiments" / name / "README.md").read_text()
    headings = [line.removeprefix("## ") for line in readme.splitlines() if line[:3] == "## "]
    assert all(section in headings for section in SECTIONS), headings
    assert f"+experiment={name}" in readme
    assert name in publish.STUDIES


def test_gig_market_study_no_longer_claims_dispatch_before_local_extras():
    readme = (REPO / "experiments" / "gig_market" / "README.md").read_text()
    assert "before other local extras" not in readme
    assert "stage 5" in readme
