"""Shared helpers for the tests of the command line and the configs."""

from collections.abc import Callable

import pytest
from hydra import compose, initialize_config_dir
from omegaconf import DictConfig

from sim.run.app import CONFIG_DIR, CONFIG_NAME


@pytest.fixture
def compose_cfg() -> Callable[..., DictConfig]:
    """Compose ``configs/config.yaml`` with overrides, as Hydra does for a run."""

    def composed(overrides: list[str] = (), hydra_config: bool = False) -> DictConfig:
        with initialize_config_dir(str(CONFIG_DIR), version_base="1.3"):
            return compose(CONFIG_NAME, overrides=list(overrides), return_hydra_config=hydra_config)

    return composed
