"""The tables of docs/model.md that restate the code are generated from it and kept current."""

import re

import pytest

from sim.run import docs


def test_the_generated_tables_in_the_model_document_are_current():
    text = docs.MODEL_DOC.read_text(encoding="utf-8")
    assert docs.render(text) == text, "run python -m sim.run.docs"


def test_a_changed_column_shows_as_an_out_of_date_table(monkeypatch):
    from sim.engine.table import Column
    from sim.model import workforce

    text = docs.MODEL_DOC.read_text(encoding="utf-8")
    changed = {**workforce.COLUMNS, "seniority": Column(int, 0, "years in the trade", "years")}
    monkeypatch.setattr(workforce, "COLUMNS", changed)
    assert "`seniority` | years | years in the trade" in docs.render(text)
    assert docs.render(text) != text


def test_a_missing_marker_is_named():
    with pytest.raises(ValueError, match="worker-columns"):
        docs.render("no tables here")


def test_the_input_output_defaults_in_the_model_document_are_the_configs():
    import re

    from sim.config import DramaSimConfig

    text = docs.MODEL_DOC.read_text(encoding="utf-8")
    spillover = DramaSimConfig().spillover
    jobs = re.search(r"jobs per million yuan = \[([^\]]*)\]", text).group(1)
    assert [float(x) for x in jobs.split(",")] == spillover.jobs_per_million_yuan
    first_row = re.search(r"A = \[\[([^\]]*)\]", text).group(1)
    assert [float(x) for x in first_row.split(",")] == spillover.technical_coefficients[0]


def defaults_shown(text: str) -> list[tuple[str, float]]:
    """(key, number) for each table row of the model document that starts with a config key
    and whose next cell starts with a number (a default it restates); "million" scales it."""
    rows = []
    pattern = r"^\| `([a-z_]+\.[a-z_.]+)` \| (-?[\d,]*\.?\d+)( million)?[^|]*\|"
    for match in re.finditer(pattern, text, re.M):
        number = float(match.group(2).replace(",", "")) * (1e6 if match.group(3) else 1)
        rows.append((match.group(1), number))
    return rows


def config_value(config, key: str):
    node = config
    for part in key.split("."):
        node = node.get(part) if isinstance(node, dict) else getattr(node, part, None)
    return node


def test_every_default_the_model_document_restates_is_the_configs():
    from sim.config import DramaSimConfig

    config = DramaSimConfig()
    rows = defaults_shown(docs.MODEL_DOC.read_text(encoding="utf-8"))
    checked = [
        (key, shown, value)
        for key, shown in rows
        if isinstance(value := config_value(config, key), int | float)
        and not isinstance(value, bool)
    ]
    assert len(checked) > 30  # the tables of sections 5 to 7
    assert [(k, s, v) for k, s, v in checked if abs(s - v) > 1e-9 * max(1.0, abs(v))] == []


def test_a_drifted_default_is_caught():
    rows = defaults_shown("| `market.travel_share` | 0.7 | assumption |\n")
    assert rows == [("market.travel_share", 0.7)]
