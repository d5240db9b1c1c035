"""Pins of each use of Hydra's private API (``sim/run/hydra_private.py``, numbered as there).

If a Hydra release changes one of them, its test here fails by name. The last tests check that
no other module reaches into Hydra's private code, and that nothing patches Hydra's classes.
"""

import ast
import importlib
import logging
import os
import re
from pathlib import Path

import pytest
from hydra import compose, initialize_config_dir
from hydra.core.utils import JobReturn, JobStatus
from hydra.errors import ConfigCompositionException
from hydra.plugins.sweeper import Sweeper
from omegaconf import open_dict

import sim
from hydra_plugins.dramasim_sweeper import dramasim_sweeper
from sim.run import hydra_private
from sim.run.app import CONFIG_DIR, CONFIG_NAME, sweep_jobs
from sim.run.hydra_private import (
    BASIC_SWEEPER_TARGET,
    apply_value_overrides,
    basic_sweeper_params,
    compose_with_hydra,
    config_group_exists,
    full_errors,
    get_args_parser,
)

REPOSITORY = Path(sim.__file__).resolve().parents[1]
PRIVATE = re.compile(r"hydra\._internal|\._return_value|_apply_overrides_to_config|_parse_config")


def composed_without_hydra():
    cfg = compose(CONFIG_NAME, overrides=[], return_hydra_config=True)
    with open_dict(cfg):
        del cfg["hydra"]
    return cfg


def test_1_apply_overrides_to_config_sets_adds_deletes_and_refuses_unknown_keys():
    from hydra.core.override_parser.overrides_parser import OverridesParser

    parser = OverridesParser.create()
    with initialize_config_dir(str(CONFIG_DIR), version_base="1.3"):
        cfg = composed_without_hydra()
        apply_value_overrides(parser.parse_overrides(["seed=7", "+extra=1", "~replicate"]), cfg)
        assert (cfg.seed, cfg.extra) == (7, 1) and "replicate" not in cfg
        with pytest.raises(ConfigCompositionException, match="no_such_key"):
            apply_value_overrides(parser.parse_overrides(["no_such_key=1"]), cfg)


def test_2_basic_sweeper_splits_sweeps_and_is_the_class_hydra_runs():
    from hydra.core.override_parser.overrides_parser import OverridesParser

    basic = hydra_private.BasicSweeper
    assert f"{basic.__module__}.{basic.__qualname__}" == BASIC_SWEEPER_TARGET
    parsed = OverridesParser.create().parse_overrides(["a=1,2", "b=3"])
    assert basic.split_arguments(parsed, max_batch_size=None) == [[["a=1", "b=3"], ["a=2", "b=3"]]]
    assert basic.split_arguments(parsed, max_batch_size=1) == [[["a=1", "b=3"]], [["a=2", "b=3"]]]
    for name in ("sweep", "is_done", "get_job_batch", "validate_batch_is_legal", "setup"):
        assert callable(getattr(basic, name)), name
    # Hydra's plugin scan executes plugin modules again; the dramasim sweepers then subclass the
    # basic sweeper class that is current, whose __init__ calls super(BasicSweeper, self)
    with initialize_config_dir(str(CONFIG_DIR), version_base="1.3"):
        for sweeper in (dramasim_sweeper.CheckedSweeper, dramasim_sweeper.DramaSimSweeper):
            assert issubclass(sweeper, hydra_private.BasicSweeper)
            sweeper(max_batch_size=None)


def test_3_args_parser_has_the_attributes_main_reads():
    args = get_args_parser().parse_args(["-m", "-cn", "other", "seed=1,2", "--info"])
    assert args.multirun and args.overrides == ["seed=1,2"] and args.config_name == "other"
    assert args.info
    for name in ("help", "hydra_help", "shell_completion", "config_path", "config_dir"):
        assert not getattr(args, name), name
    assert args.experimental_rerun is None


def test_4_config_repository_tells_groups_from_values():
    with initialize_config_dir(str(CONFIG_DIR), version_base="1.3"):
        assert config_group_exists("ai") and config_group_exists("hydra/launcher")
        assert not config_group_exists("seed")


def test_5_compose_config_in_multirun_mode_has_the_sweeper_params():
    with initialize_config_dir(str(CONFIG_DIR), version_base="1.3"):
        cfg = compose_with_hydra(CONFIG_NAME, ["+experiment=gig_market"])
        assert cfg.hydra.sweeper.params
        assert compose_with_hydra(CONFIG_NAME, []).hydra.sweeper._target_ == BASIC_SWEEPER_TARGET


def test_6_full_error_lets_hydra_raise_instead_of_printing_and_exiting(monkeypatch):
    from hydra._internal.utils import run_and_report

    monkeypatch.delenv("HYDRA_FULL_ERROR", raising=False)

    def fail():
        raise OSError(28, "No space left on device", "/full/summary.json")

    with pytest.raises(SystemExit):  # Hydra's own report: printed, then exit 1
        run_and_report(fail)
    with full_errors() as user_asked, pytest.raises(OSError, match="No space"):
        assert not user_asked()
        run_and_report(fail)
    assert "HYDRA_FULL_ERROR" not in os.environ, "restored"
    monkeypatch.setenv("HYDRA_FULL_ERROR", "1")
    with full_errors() as user_asked:
        assert user_asked()
    assert os.environ["HYDRA_FULL_ERROR"] == "1"


def test_7_parse_config_lists_the_params_as_overrides():
    sweeper = hydra_private.BasicSweeper(max_batch_size=None, params={"a": "1,2", "b": "x"})
    assert basic_sweeper_params(sweeper) == ["a=1,2", "b=x"]


def test_failed_jobs_are_named_through_the_public_return_value(caplog, tmp_path):
    result = JobReturn(status=JobStatus.FAILED, _return_value=RuntimeError("broke"))
    with caplog.at_level(logging.ERROR):
        dramasim_sweeper._name_failures([result], tmp_path, 3)
    assert f"Job 3 failed (RuntimeError: broke); traceback in {tmp_path / '3' / 'error.txt'}" in (
        caplog.text
    )


def test_sweeps_of_the_basic_sweeper_run_through_its_checked_subclass():
    with initialize_config_dir(str(CONFIG_DIR), version_base="1.3"):
        _, jobs = sweep_jobs(["seed=1,2"], CONFIG_NAME)
    assert jobs == [["seed=1"], ["seed=2"]]
    app = importlib.import_module("sim.run.app")
    assert app.CHECKED_SWEEPER == "hydra/sweeper=checked"


def python_files() -> list[Path]:
    return [
        path
        for folder in ("sim", "hydra_plugins")
        for path in (REPOSITORY / folder).rglob("*.py")
        if path.name != "hydra_private.py"
    ]


def test_no_module_but_hydra_private_uses_hydra_private_code():
    users = {
        str(path.relative_to(REPOSITORY)): sorted(set(PRIVATE.findall(path.read_text())))
        for path in python_files()
        if PRIVATE.search(path.read_text())
    }
    assert users == {}


def test_nothing_patches_hydra_classes():
    """No assignment to an attribute of a Hydra class (``Sweeper.x = ...``) anywhere."""
    hydra_names = set()
    patched = []
    for path in python_files():
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("hydra"):
                hydra_names.update(alias.asname or alias.name for alias in node.names)
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign | ast.AugAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    if (
                        isinstance(target, ast.Attribute)
                        and isinstance(target.value, ast.Name)
                        and target.value.id in hydra_names
                    ):
                        patched.append(f"{path.name}: {target.value.id}.{target.attr}")
    assert patched == []
    assert Sweeper.validate_batch_is_legal.__qualname__ == "Sweeper.validate_batch_is_legal"


def test_plugins_are_scanned_once_so_the_checked_jobs_survive_until_the_sweep(monkeypatch):
    """Hydra executes plugin modules again when it scans them; ``main`` marks the checked jobs
    after its check, where the scan has happened, and Hydra's run does not scan again."""
    from hydra.core.plugins import Plugins

    from sim.run.app import check_command_line

    monkeypatch.setattr(dramasim_sweeper, "CHECKED_JOBS", set())
    jobs, sweeper = check_command_line(["seed=1,2"], CONFIG_NAME, True)
    assert sweeper == BASIC_SWEEPER_TARGET
    dramasim_sweeper.mark_checked(jobs)
    with initialize_config_dir(str(CONFIG_DIR), version_base="1.3"):
        Plugins.instance()
    assert {("seed=1",), ("seed=2",)} == dramasim_sweeper.CHECKED_JOBS
