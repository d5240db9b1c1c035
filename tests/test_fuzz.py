"""Config fuzzing (issue 17): every valid configuration runs, every invalid one is refused.

Valid configurations are drawn from the schema's ranges (:func:`strategies.valid_configs`) and
run a short simulation through the model's API at a large ``scale``: each either runs without an
exception or an overflow (day counters, phase lengths and teams stay sane) or is refused by
validation. Invalid values (:func:`strategies.invalid_overrides`) go through the command line's
own entry point, :func:`sim.run.app.main`, in-process: each must stop with exit code 2 and a message
naming the key, without a traceback; a few go through ``python -m sim`` in a subprocess too.

``make test`` runs a few dozen examples; ``make fuzz`` sets ``DRAMASIM_FUZZ_EXAMPLES`` (2000 by
default) and prints how many configurations ran or were refused, and in how long.
"""

import contextlib
import io
import os
import subprocess
import sys
import time

import numpy as np
import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

import sim.run.app
from sim.config import DramaSimConfig
from sim.model import DramaLabourModel
from sim.run.validation import ConfigError, validate
from tests.strategies import changes, invalid_overrides, valid_configs

FUZZ_EXAMPLES = int(os.environ.get("DRAMASIM_FUZZ_EXAMPLES", "0"))
"""Examples per fuzz test (0: the short version of ``make test``)."""
FUZZ = settings(
    max_examples=FUZZ_EXAMPLES or 12,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=not FUZZ_EXAMPLES,  # the short version draws the same configs every time
)
INVALID = settings(FUZZ, max_examples=FUZZ_EXAMPLES or 30)
SHORT_DAYS = 40
COUNTS = {"valid_runs": 0, "full_years": 0, "refused_valid_draws": 0, "invalid_refused": 0}


@pytest.fixture(scope="module", autouse=True)
def report_counts():
    """After the module: how many configurations ran or were refused, and in how long."""
    start = time.perf_counter()
    yield
    seconds = time.perf_counter() - start
    total = COUNTS["valid_runs"] + COUNTS["refused_valid_draws"] + COUNTS["invalid_refused"]
    print(
        f"\nfuzz: {total} configs in {seconds:.0f} s: {COUNTS['valid_runs']} valid configs ran "
        f"({COUNTS['full_years']} a whole year, the rest {SHORT_DAYS} days), "
        f"{COUNTS['refused_valid_draws']} drawn from the ranges refused by validation, "
        f"{COUNTS['invalid_refused']} invalid overrides refused with exit 2"
    )


def run_checked(config: DramaSimConfig, days: int) -> DramaLabourModel:
    """Run ``days`` days with numpy's overflows raised; check that no counter wrapped."""
    with np.errstate(over="raise"):
        model = DramaLabourModel(config)
        model.run_for(days)
        summary = model.summary() if days >= 365 else {}
    prod, wf = model.productions, model.workforce
    assert np.all(prod.days >= 1)
    assert np.all(prod.team >= 0)
    assert np.all(prod.shoot_team >= 0)
    assert np.all(prod.phase_end[prod.phase_end >= 0] >= 0)
    assert np.all(wf.days_micro >= 0) and np.all(wf.days_long >= 0)
    assert np.all(wf.days_micro + wf.days_long <= 365)
    assert not any(np.isinf(value) for value in summary.values())
    return model


def test_long_shoots_at_the_top_of_their_ranges_do_not_overflow():
    """Issue 17: 1000 shooting days times a factor of 50 (times the free model's 1.15)
    overflowed the int16 phase lengths: "a calendar day cannot be negative"."""
    config = DramaSimConfig(scale=1000.0, years=2, seed=1)
    config.turnover.shoot_days_factor = 50.0
    config.production.micro_live.shooting.days_min = 1000
    config.production.micro_live.shooting.days_max = 1000
    config.business_model.free_shoot_days_factor = 10.0
    model = run_checked(config, 60)
    assert model.productions.days.max() >= 1000 * 50 * 10


@pytest.mark.parametrize(
    ("changes", "scale", "seed"),
    [
        ({"ai.title_share": 1.0}, 500.0, 0),  # no live titles: no studio founded to commission
        ({"turnover.shoot_days_factor": 0.1}, 1000.0, 214),  # every studio closed in a review
    ],
)
def test_configs_the_fuzzing_found_crashing_run(changes, scale, seed):
    config = DramaSimConfig(scale=scale, years=1, seed=seed)
    config.policy.gig_market_regions = []
    for key, value in changes.items():
        group, name = key.split(".")
        setattr(getattr(config, group), name, value)
    run_checked(config, 365)


@FUZZ
@given(config=valid_configs(), whole_year=st.booleans())
def test_every_valid_config_runs_or_is_refused(config, whole_year):
    note(f"changed from the defaults: {changes(config)}")
    try:
        validate(config)
    except ConfigError:
        COUNTS["refused_valid_draws"] += 1
        return
    run_checked(config, 365 if whole_year else SHORT_DAYS)
    COUNTS["valid_runs"] += 1
    COUNTS["full_years"] += whole_year


def _not_refused(*args, **kwargs):
    raise AssertionError("the command line went on to run an invalid configuration")


def refusal(overrides: list[str]) -> tuple[int, str]:
    """Exit code and standard error of ``python -m sim OVERRIDES``, run in this process up to
    the point where a valid configuration would start its simulation."""
    err = io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sys, "argv", ["sim", *overrides])
        patch.setattr(sim.run.app, "run", _not_refused)
        with contextlib.redirect_stderr(err), pytest.raises(SystemExit) as stopped:
            sim.run.app.main()
    return stopped.value.code, err.getvalue()


@INVALID
@given(override=invalid_overrides())
def test_every_invalid_value_is_refused_naming_the_key(override):
    key, value = override
    code, err = refusal(["scale=1000", "years=1", f"{key}={value}"])
    assert code == 2, err
    assert "Traceback" not in err
    assert f"`{key}`" in err or f"`{key.rpartition('.')[0]}`" in err, err
    COUNTS["invalid_refused"] += 1


@pytest.mark.parametrize(
    "override",
    ["ai=false", "business_model=3", "policy=1.5"],  # found by the fuzzing: a traceback
)
def test_a_config_group_given_a_number_or_boolean_is_refused(override):
    code, err = refusal([override])
    assert code == 2 and "Traceback" not in err
    assert f"`{override.partition('=')[0]}`" in err and "is not a known option" in err


@pytest.mark.parametrize(
    ("override", "key"),
    [
        ("turnover.shoot_days_factor=50.5", "turnover.shoot_days_factor"),
        ("studios.max_units=2.5", "studios.max_units"),
        ("market.no_such_key=1", "market.no_such_key"),
    ],
)
def test_the_command_line_refuses_with_exit_2(override, key):
    done = subprocess.run(
        [sys.executable, "-m", "sim", override], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 2
    assert f"`{key}`" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout
