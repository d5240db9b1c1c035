"""Every config in configs/ composes over the schema and validates; the named options say
what their names promise."""

import pytest
from omegaconf import OmegaConf

from sim.config import DramaSimConfig
from sim.run.app import CONFIG_DIR, CONFIG_NAME, to_config

PRIMARY = OmegaConf.load(CONFIG_DIR / f"{CONFIG_NAME}.yaml")
DEFAULT_CHOICES = {
    group: option
    for entry in PRIMARY.defaults
    if not isinstance(entry, str)
    for group, option in entry.items()
    if not group.startswith("override ")
}
GROUPS = sorted(
    path.name for path in CONFIG_DIR.iterdir() if path.is_dir() and path.name != "hydra"
)
OPTIONS = [
    (group, path.stem) for group in GROUPS for path in sorted((CONFIG_DIR / group).glob("*.yaml"))
]


def selection(group: str, option: str) -> str:
    """The override that picks an option: groups outside the defaults list are added with +."""
    return f"{group}={option}" if group in DEFAULT_CHOICES else f"+{group}={option}"


@pytest.mark.parametrize(("group", "option"), OPTIONS)
def test_every_option_composes_and_validates(compose_cfg, group, option):
    config = to_config(compose_cfg([selection(group, option)]))
    assert isinstance(config, DramaSimConfig)


def test_defaults_are_the_schema_defaults(compose_cfg):
    assert to_config(compose_cfg()) == DramaSimConfig()


@pytest.mark.parametrize(("group", "option"), sorted(DEFAULT_CHOICES.items()))
def test_default_options_repeat_no_values(group, option):
    assert not OmegaConf.load(CONFIG_DIR / group / f"{option}.yaml")


def test_business_model_options(compose_cfg):
    assert to_config(compose_cfg(["business_model=paid_only"])).business_model.free_share == 0.0
    assert to_config(compose_cfg(["business_model=free_only"])).business_model.free_share == 1.0


def test_ai_options(compose_cfg):
    none = to_config(compose_cfg(["ai=none"])).ai
    assert none.title_share == 0.0 and none.animators_per_live_title == 0.0
    assert set(none.automation.values()) == {0.0}
    high = to_config(compose_cfg(["ai=high"])).ai
    assert high.title_share == 0.5 and high.animators_per_live_title == 3.0
    assert high.training_places_per_year == 60000.0
    assert all(0.3 <= share <= 0.5 for share in high.automation.values())
    assert {"screenwriter", "art_props", "post_production", "costume_makeup", "lighting"} <= set(
        high.automation
    )


def test_policy_options(compose_cfg):
    assert to_config(compose_cfg(["policy=none"])).policy.gig_market_regions == []
    everywhere = to_config(compose_cfg(["policy=gig_everywhere"]))
    assert everywhere.policy.gig_market_regions == list(everywhere.scenario.regions)


def test_long_cycles(compose_cfg):
    turnover = to_config(compose_cfg(["turnover=long_cycles"])).turnover
    assert (turnover.shoot_days_factor, turnover.studio_gap_days) == (8.0, 30)


def test_hydra_settings(compose_cfg):
    hydra = compose_cfg(hydra_config=True).hydra
    assert hydra.job.chdir is False
    assert hydra.job_logging.loggers.MESA.level == "WARNING"
    assert hydra.launcher._target_.endswith("JoblibLauncher")
    assert hydra.launcher.n_jobs == 2


def test_slurm_launcher(compose_cfg):
    launcher = compose_cfg(["hydra/launcher=slurm"], hydra_config=True).hydra.launcher
    assert launcher._target_.endswith("SlurmLauncher")
    assert launcher.partition is None
    assert (launcher.timeout_min, launcher.cpus_per_task, launcher.mem_gb) == (60, 1, 4)
