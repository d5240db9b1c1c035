"""`python -m sim --help`: a parameter reference generated from the config schema (key, default,
allowed values, unit and meaning), the config groups and their options; Hydra's own help stays
behind --hydra-help."""

import re
from fnmatch import fnmatchcase

from omegaconf import OmegaConf
from test_cli import HEAVY_MODULES, imported_modules, run_sim

from sim.analysis.runs import flatten
from sim.config import DramaSimConfig
from sim.run.app import CONFIG_DIR
from sim.run.help_text import format_rows, parameter_reference, parameter_rows

ROW = re.compile(r"^  (\S+)\s{2,}")


def schema_keys() -> list[str]:
    """Every leaf key of the schema, dotted (lists count as leaves)."""
    return list(flatten(OmegaConf.to_container(OmegaConf.structured(DramaSimConfig))))


def test_help_is_the_parameter_reference(tmp_path):
    result = run_sim("--help", cwd=tmp_path, python_options=("-X", "importtime"))
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert text.startswith("usage: dramasim")
    assert "== Config ==" not in text and "\nseed: 2025" not in text, "not Hydra's YAML"
    assert re.search(r"^  years\s+2\s+1 to 50, integer\s+simulated years", text, re.M)
    assert re.search(r"^  scale\s+10\.0\s+1 to 1000\s+real people per simulated worker", text, re.M)
    assert re.search(
        r"^  ai\.title_share\s+0\.12\s+0 to 1\s+micro titles made .*\(share\)", text, re.M
    )
    assert re.search(r"^  output\.timeseries\s+month\s+month or day\s+rows of", text, re.M)
    assert re.search(r"^  ai\s+baseline_2025 \(default\), high, none$", text, re.M)
    experiments = r"ai_adoption, beveridge, business_model, gig_market, labour_supply"
    assert re.search(r"^  \+experiment\s+" + experiments, text, re.M)
    assert "--hydra-help" in text
    assert not imported_modules(result.stderr) & set(HEAVY_MODULES), "help loads no model"
    assert run_sim("-h", cwd=tmp_path).stdout == text


def test_every_schema_key_has_a_row_with_a_meaning():
    rows = [row for row in parameter_rows(DramaSimConfig()) if len(row) == 4]
    patterns = [re.sub(r"\{\w+\}", "*", key) for key, *_ in rows]
    missing = [key for key in schema_keys() if not any(fnmatchcase(key, p) for p in patterns)]
    assert not missing
    assert all(meaning for *_, meaning in rows), [row[0] for row in rows if not row[3]]
    text = parameter_reference(CONFIG_DIR)
    for key, *_ in rows:
        assert f"  {key} " in text


def test_rows_fit_the_terminal_width():
    rows = parameter_rows(DramaSimConfig())
    header = ("KEY", "DEFAULT", "ALLOWED", "UNIT AND MEANING")
    for width in (100, 160):
        lines = format_rows([header, *rows], width)
        keys = [match.group(1) for line in lines if (match := ROW.match(line))]
        assert len(keys) == len([row for row in rows if len(row) == 4]) + 1
        assert max(len(line) for line in lines) <= width


def test_hydra_help_stays_reachable(tmp_path):
    result = run_sim("--hydra-help", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Hydra (" in result.stdout and "== Flags ==" in result.stdout
