"""``dramasim --help``: a parameter reference generated from the config schema.

Every key of :class:`~sim.config.DramaSimConfig` with its default (the calibrated 2025 baseline),
the values it accepts (``metadata["range"]`` of numeric fields, inclusive; the validation's own
words for the others) and its unit and meaning (``metadata["unit"]``, or the docstring written
under the field), grouped by the section the dataclasses form; then the config groups and their
options, read from the configs folder. Tables keyed by role, region or platform show one line
for their values. Hydra's own help stays behind ``--hydra-help``; ``--cfg job`` prints the
composed config as YAML.
"""

import ast
import inspect
import json
import shutil
import textwrap
from dataclasses import Field, fields, is_dataclass
from fnmatch import fnmatchcase
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from sim.config import DramaSimConfig
from sim.run.validation import SHARE_TABLES, describe_allowed, is_role_table

DEFAULT_WIDTH = 160
"""Line width when the output is not a terminal (a file, a pager)."""
DEFAULT_COLUMN = 14
"""Width of the defaults column; longer defaults get a line of their own."""
PLACEHOLDERS = {
    "scenario.regions": "region",
    "scenario.platforms": "platform",
    "market.cast_entrant_origins": "origin",
    "market.mobility": "role",
}
"""The word standing for the names of a table's entries, for tables not keyed by role."""
HIDDEN_GROUPS = ("hydra", "experiment", "calibrate", "__pycache__")

USAGE = """\
usage: dramasim [KEY=VALUE | GROUP=OPTION ...]          one run (python -m sim is the same)
       dramasim -m KEY=A,B,C [...] hydra.sweep.dir=DIR   a sweep: one job per combination
       dramasim -m +experiment=NAME                      a named experiment (a replicated sweep)
       dramasim-compare DIR [DIR ...]                    compare runs and sweeps, draw figures

An agent-based model of labour flows between China's long-drama and micro-drama sectors. A run
writes summary.json, timeseries.parquet and provenance.json into Hydra's output folder
(hydra.run.dir=DIR chooses it). Headcounts are in real people; `scale` real people per
simulated worker.

Other help: dramasim --cfg job (the composed config, as YAML, with your overrides);
dramasim --hydra-help (Hydra's own options); docs/model.md (the model)."""


@cache
def field_docstrings(cls: type) -> dict[str, str]:
    """The docstrings written under the fields of a dataclass (and of its bases), by name."""
    docstrings: dict[str, str] = {}
    for klass in reversed(cls.__mro__):
        if not is_dataclass(klass):
            continue
        try:
            body = ast.parse(textwrap.dedent(inspect.getsource(klass))).body[0].body
        except (OSError, TypeError, SyntaxError):
            continue
        for statement, following in zip(body, body[1:], strict=False):
            if (
                isinstance(statement, ast.AnnAssign)
                and isinstance(statement.target, ast.Name)
                and isinstance(following, ast.Expr)
                and isinstance(following.value, ast.Constant)
                and isinstance(following.value.value, str)
            ):
                docstrings[statement.target.id] = " ".join(following.value.value.split())
    return docstrings


def _number(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def range_text(kind: type, bounds: tuple[Any, Any]) -> str:
    """A numeric field's allowed values: ``1 to 50``, ``at least 0``, ``any``."""
    low, high = bounds
    if low is not None and high is not None:
        text = f"{_number(low)} to {_number(high)}"
    elif low is not None:
        text = f"at least {_number(low)}"
    elif high is not None:
        text = f"at most {_number(high)}"
    else:
        text = "any"
    return f"{text}, integer" if kind is int else text


def value_text(value: Any) -> str:
    """A default as it is written on the command line."""
    if isinstance(value, bool) or value is None:
        return {None: "null", True: "true", False: "false"}[value]
    if isinstance(value, list):
        return json.dumps(value)
    if isinstance(value, str) and " " in value:
        return repr(value)
    return str(value)


def meaning(field: Field, docstrings: dict[str, str]) -> str:
    """A field's meaning and unit: its docstring, its ``metadata["unit"]`` or both."""
    unit, doc = field.metadata.get("unit", ""), docstrings.get(field.name, "")
    return f"{doc} ({unit})" if doc and unit else doc or unit


def table_allowed(key: str) -> str:
    """The values a table (by role or by name) takes in each entry."""
    if is_role_table(key):
        shares = any(fnmatchcase(key, pattern) for pattern in SHARE_TABLES)
        return "0 to 1" if shares else "at least 0"
    return "numbers"


def _entries(table: dict) -> str:
    return " ".join(f"{name}={value_text(value)}" for name, value in table.items())


def _placeholder(key: str) -> str:
    return "role" if is_role_table(key) else PLACEHOLDERS.get(key, "name")


def _indented(text: str, width: int | None = None) -> list[str]:
    width = width or shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns
    return textwrap.wrap(
        text,
        max(width, 40),
        initial_indent=" " * 6,
        subsequent_indent=" " * 6,
        break_long_words=False,
        break_on_hyphens=False,
    )


def parameter_rows(node: Any, prefix: str = "") -> list[tuple[str, ...]]:
    """Rows of the reference under a dataclass instance: ``(key, default, allowed, meaning)``,
    ``(title,)`` for the start of a section and ``("", text)`` for a table's values."""
    rows: list[tuple[str, ...]] = []
    docstrings = field_docstrings(type(node))
    hints = {f.name: f.type for f in fields(node)}
    for field in fields(node):
        key, value = prefix + field.name, getattr(node, field.name)
        if is_dataclass(value):
            if not prefix:
                doc = " ".join((type(value).__doc__ or "").split())
                rows.append((f"{key}: {doc}",))
            rows += parameter_rows(value, key + ".")
        elif isinstance(value, dict) and value and all(map(is_dataclass, value.values())):
            word = _placeholder(key)
            first = next(iter(value.values()))
            inner = field_docstrings(type(first))
            for sub in fields(first):
                sub_key = f"{key}.{{{word}}}.{sub.name}"
                allowed = describe_allowed(f"{key}.{next(iter(value))}.{sub.name}")
                if "range" in sub.metadata:
                    allowed = range_text(sub.type, sub.metadata["range"])
                rows.append((sub_key, f"by {word}", allowed, meaning(sub, inner)))
                column = {name: getattr(entry, sub.name) for name, entry in value.items()}
                rows.append(("", _entries(column)))
        elif isinstance(value, dict):
            word = _placeholder(key)
            nested = value and all(isinstance(entry, dict) for entry in value.values())
            sub_key = f"{key}.{{{word}}}" + (f".{{{word}}}" if nested else "")
            rows.append((sub_key, f"by {word}", table_allowed(key), meaning(field, docstrings)))
            if nested:
                rows += [("", f"{name}: {_entries(entry)}") for name, entry in value.items()]
            else:
                rows.append(("", _entries(value)))
        else:
            if "range" in field.metadata:
                allowed = range_text(hints[field.name], field.metadata["range"])
            else:
                allowed = describe_allowed(key).removeprefix("a ")
            rows.append((key, value_text(value), allowed, meaning(field, docstrings)))
    return rows


def format_rows(rows: list[tuple[str, ...]], width: int | None = None) -> list[str]:
    """The rows as aligned columns, a blank line before each section title, table values
    indented below their key. A long default gets a line of its own, and a meaning that would run
    past ``width`` (the terminal's) too."""
    width = width or shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns
    table = [row for row in rows if len(row) == 4]
    widths = [max(len(row[column]) for row in table) for column in range(3)]
    widths[1] = min(widths[1], DEFAULT_COLUMN)
    lines = []
    for row in rows:
        if len(row) == 1:
            lines.append("\n" + row[0])
            continue
        if len(row) == 2:
            lines += _indented(row[1], width)
            continue
        key, default, allowed, text = row
        below = []
        if len(default) > widths[1]:
            below += _indented(f"default: {default}", width)
            default = "(below)"
        cells = [key.ljust(widths[0]), default.ljust(widths[1]), allowed.ljust(widths[2])]
        line = "  " + "  ".join(cells) + "  " + text
        if len(line.rstrip()) > width:
            line = "  " + "  ".join(cells)
            below = _indented(text, width) + below
        lines += [line.rstrip(), *below]
    return lines


def config_groups(config_dir: Path) -> list[str]:
    """Lines naming each config group, its default option first, then the named experiments."""
    primary = yaml.safe_load((config_dir / "config.yaml").read_text(encoding="utf-8")) or {}
    defaults: dict[str, str] = {}
    for entry in primary.get("defaults", []):
        if isinstance(entry, dict):
            defaults.update({str(group): str(option) for group, option in entry.items()})
    groups = sorted(
        path.name
        for path in config_dir.iterdir()
        if path.is_dir() and path.name not in HIDDEN_GROUPS
    )
    width = max(len(group) for group in [*groups, "+experiment"])
    lines = []
    for group in groups:
        options = sorted(path.stem for path in (config_dir / group).glob("*.yaml"))
        default = defaults.get(group)
        ordered = [f"{default} (default)"] * (default in options)
        ordered += [option for option in options if option != default]
        lines.append(f"  {group.ljust(width)}  {', '.join(ordered)}")
    experiments = sorted(path.stem for path in (config_dir / "experiment").glob("*.yaml"))
    if experiments:
        lines.append(f"  {'+experiment'.ljust(width)}  {', '.join(experiments)}")
    return lines


def parameter_reference(config_dir: Path) -> str:
    """The text of ``dramasim --help``."""
    rows = parameter_rows(DramaSimConfig())
    is_top = [len(row) == 4 and "." not in row[0] for row in rows]
    top = [row for row, first in zip(rows, is_top, strict=True) if first]
    rest = [row for row, first in zip(rows, is_top, strict=True) if not first]
    header = ("KEY", "DEFAULT", "ALLOWED", "UNIT AND MEANING")
    return "\n".join(
        [
            USAGE,
            "",
            "Config groups (GROUP=OPTION picks a named set of the parameters below):",
            *config_groups(config_dir),
            "",
            "Parameters (KEY=VALUE; defaults are the calibrated 2025 baseline, ranges inclusive;",
            "tables take KEY.NAME=VALUE for one entry):",
            "",
            *format_rows([header, *top, *rest]),
        ]
    )
