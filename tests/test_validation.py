"""validate() accepts the baseline and rejects each class of bad value with a message naming
the key, the value and what is allowed."""

import pytest

from sim.config import DramaSimConfig
from sim.run.validation import ConfigError, describe_allowed, describe_keys, validate


def set_value(path: str, value):
    """A change to a fresh config: set the attribute at a dotted path (dict keys allowed)."""

    def change(config):
        *parents, name = path.split(".")
        node = config
        for part in parents:
            node = node[part] if isinstance(node, dict) else getattr(node, part)
        if isinstance(node, dict):
            node[name] = value
        else:
            setattr(node, name, value)

    return change


BAD = [
    # (change, key in the message, value as shown, words of the allowed part)
    (set_value("scale", -1.0), "scale", "-1.0", "a number from 1.0 to 1000.0"),
    (set_value("years", 0), "years", "0", "an integer from 1 to 50"),
    (set_value("years", "abc"), "years", "'abc'", "an integer from 1 to 50"),
    (set_value("seed", 1.5), "seed", "1.5", "an integer from 0 to 4294967295"),
    (set_value("ai.title_share", float("nan")), "ai.title_share", "nan", "from 0.0 to 1.0"),
    (set_value("scale_typo", 3), "scale_typo", "3", "the keys at the top level: seed"),
    (
        set_value("scenario.regions.henan.cost_index", 20.0),
        "scenario.regions.henan.cost_index",
        "20.0",
        "a number from 0.1 to 10.0",
    ),
    (
        set_value("production.micro_live.shooting.days_min", 20),
        "production.micro_live.shooting.days_min",
        "20",
        "`production.micro_live.shooting.days_max` = 10",
    ),
    (
        set_value("production.team_scale_min", 2.0),
        "production.team_scale_min",
        "2.0",
        "`production.team_scale_max` = 1.25",
    ),
    (
        set_value("production.long.budget_yuan_min", 3e8),
        "production.long.budget_yuan_min",
        "300000000.0",
        "`production.long.budget_yuan_max`",
    ),
    (
        set_value("scenario.micro_workforce.wizard", 3),
        "scenario.micro_workforce.wizard",
        "3",
        "a role name: one of lead_actor",
    ),
    (
        set_value("scenario.long_workforce.extra", -5),
        "scenario.long_workforce.extra",
        "-5",
        "a number of at least 0.0",
    ),
    (set_value("ai.automation.lighting", 1.5), "ai.automation.lighting", "1.5", "0.0 to 1.0"),
    (set_value("market.day_rate_yuan.wizard", 900), "market.day_rate_yuan.wizard", "900", "role"),
    (set_value("market.core_team.camera", -1), "market.core_team.camera", "-1", "at least 0.0"),
    (
        set_value("production.long.shooting.team.wizard", 1),
        "production.long.shooting.team.wizard",
        "1",
        "a role name",
    ),
    (
        set_value("policy.gig_market_regions", ["quzhou", "mars"]),
        "policy.gig_market_regions",
        "'mars'",
        "henan, hengdian",
    ),
    (
        set_value("scenario.region_links", [["henan", "mars"]]),
        "scenario.region_links",
        "['henan', 'mars']",
        "pairs of names of regions",
    ),
    (
        set_value("scenario.platforms.overseas.user_share", 0.10),
        "scenario.platforms.*.user_share",
        "1.05",
        "sum to 1",
    ),
    (
        set_value("spillover.technical_coefficients", [[0.1, 0.1], [0.1, 0.1]]),
        "spillover.technical_coefficients",
        "[[0.1, 0.1], [0.1, 0.1]]",
        "a 3 x 3 matrix",
    ),
    (
        set_value("spillover.technical_coefficients", [[0.9, 0.5, 0], [0.5, 0.9, 0], [0, 0, 0]]),
        "spillover.technical_coefficients",
        "[[0.9, 0.5, 0], [0.5, 0.9, 0], [0, 0, 0]]",
        "spectral radius below 1",
    ),
    (
        set_value("spillover.jobs_per_million_yuan", [6.0, 10.0]),
        "spillover.jobs_per_million_yuan",
        "[6.0, 10.0]",
        "a list of 3 numbers",
    ),
    (set_value("output.timeseries", "week"), "output.timeseries", "'week'", "month or day"),
    (
        set_value("turnover.shortage_entry_roles", ["extra", "director"]),
        "turnover.shortage_entry_roles",
        "'director'",
        "role names: lead_actor",
    ),
    (
        set_value("market.wage_curve_elasticity", -0.1),
        "market.wage_curve_elasticity",
        "-0.1",
        "a number from 0.0 to 2.0",
    ),
]


def test_baseline_is_valid():
    validate(DramaSimConfig())


@pytest.mark.parametrize(("change", "key", "shown", "allowed"), BAD)
def test_bad_value_is_named_in_one_paragraph(change, key, shown, allowed):
    config = DramaSimConfig()
    change(config)
    with pytest.raises(ConfigError) as raised:
        validate(config)
    message = str(raised.value)
    assert raised.value.key == key
    assert message.startswith(f"Invalid configuration: `{key}` = {shown} ")
    assert allowed in message.partition("; allowed: ")[2]
    assert "\n" not in message


def test_range_message_states_unit():
    config = DramaSimConfig(scale=-1.0)
    with pytest.raises(ConfigError, match="allowed: a number from 1.0 to 1000.0 \\(real people"):
        validate(config)


def test_descriptions_for_the_command_line():
    assert describe_allowed("years").startswith("an integer from 1 to 50")
    assert describe_allowed("output.progress") == "true or false"
    assert describe_allowed("ai.automation.lighting") == "a number from 0.0 to 1.0 (share)"
    assert describe_keys("scenario").startswith("the keys under `scenario`: name,")
    assert describe_keys("production.micro_ai.writing.team").startswith("a role name")
