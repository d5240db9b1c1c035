"""The tables of docs/model.md that restate the code are generated from it and kept current."""

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
