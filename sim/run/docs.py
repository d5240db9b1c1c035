"""Tables of ``docs/model.md`` that restate the code, generated from it so they cannot drift.

    python -m sim.run.docs          # rewrite the tables in docs/model.md
    python -m sim.run.docs --check  # exit 1 if any table is out of date

Each table sits between ``<!-- begin: NAME -->`` and ``<!-- end: NAME -->`` lines; the tests run
the check.
"""

import argparse
import re
import sys
from pathlib import Path

from sim.engine.table import Column

MODEL_DOC = Path(__file__).resolve().parents[2] / "docs" / "model.md"


def column_table(columns: dict[str, Column]) -> str:
    """A markdown table of state variables: name, type or unit, meaning."""
    rows = ["| state variable | type / unit | meaning |", "|---|---|---|"]
    for name, column in columns.items():
        cell = f"{name}[{', '.join('…' for _ in column.shape)}]" if column.shape else name
        rows.append(f"| `{cell}` | {column.unit} | {column.label} |")
    return "\n".join(rows)


def workforce_table() -> str:
    """The baseline's initial workforce (people) by role and sector, with totals."""
    from sim.config import DramaSimConfig

    scenario = DramaSimConfig().scenario
    micro, long = scenario.micro_workforce, scenario.long_workforce
    rows = ["   | role | micro | long |", "   |---|---:|---:|"]
    for role in micro:
        rows.append(f"   | {role} | {micro[role]:,.0f} | {long.get(role, 0):,.0f} |")
    total_micro, total_long = sum(micro.values()), sum(long.values())
    rows.append(f"   | **total** | **{total_micro:,.0f}** | **{total_long:,.0f}** |")
    return "\n".join(rows)


def plan_table() -> str:
    """The baseline's production plans: by kind and phase, the days and, by role, the team
    (people), the share of days worked and the day-call length."""
    from sim.config import DramaSimConfig
    from sim.vocabulary import PHASES

    production = DramaSimConfig().production
    rows = [
        "| kind | phase | days | team (people; share of days worked; day call, days) |",
        "|---|---|---|---|",
    ]
    for kind in ("micro_live", "micro_ai", "long"):
        plan = getattr(production, kind)
        for name in PHASES:
            phase = getattr(plan, name)
            cells = []
            for role, people in phase.team.items():
                cell = f"{role} {people:g}"
                if role in phase.work_share:
                    cell += f"; {phase.work_share[role]:g} of days"
                if role in phase.call_days:
                    cell += f"; calls of {phase.call_days[role]} d"
                cells.append(cell)
            days = f"{phase.days_min}–{phase.days_max}"
            rows.append(f"| {kind} | {name} | {days} | {', '.join(cells) or '—'} |")
    return "\n".join(rows)


def tables() -> dict[str, str]:
    """Every generated table, by its marker name."""
    from sim.model.titles import COLUMNS as TITLE_COLUMNS
    from sim.model.workforce import COLUMNS as WORKER_COLUMNS

    return {
        "worker-columns": column_table(WORKER_COLUMNS),
        "title-columns": column_table(TITLE_COLUMNS),
        "initial-workforce": workforce_table(),
        "production-plan": plan_table(),
    }


def render(text: str) -> str:
    """``text`` with every generated table replaced by its current version."""
    for name, table in tables().items():
        pattern = re.compile(
            rf"(<!-- begin: {name} -->\n).*?(\n<!-- end: {name} -->)", flags=re.DOTALL
        )
        if not pattern.search(text):
            raise ValueError(f"docs/model.md has no <!-- begin: {name} --> marker")
        text = pattern.sub(lambda m, table=table: m.group(1) + table + m.group(2), text)
    return text


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if a table is out of date")
    args = parser.parse_args(argv)
    text = MODEL_DOC.read_text(encoding="utf-8")
    new = render(text)
    if args.check:
        if new != text:
            sys.exit("docs/model.md: generated tables are out of date; run python -m sim.run.docs")
        return
    MODEL_DOC.write_text(new, encoding="utf-8")


if __name__ == "__main__":
    main()
