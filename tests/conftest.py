"""Shared helpers for the tests of the command line and the configs."""

import os
from collections.abc import Callable

import pytest
from hydra import compose, initialize_config_dir
from omegaconf import DictConfig

from sim.engine.threads import one_per_job
from sim.run.app import CONFIG_DIR, CONFIG_NAME

if os.environ.get("PYTEST_XDIST_WORKER"):  # the workers share the cores
    one_per_job()


@pytest.fixture
def compose_cfg() -> Callable[..., DictConfig]:
    """Compose ``configs/config.yaml`` with overrides, as Hydra does for a run."""

    def composed(overrides: list[str] = (), hydra_config: bool = False) -> DictConfig:
        with initialize_config_dir(str(CONFIG_DIR), version_base="1.3"):
            return compose(CONFIG_NAME, overrides=list(overrides), return_hydra_config=hydra_config)

    return composed
