"""Tables of ``docs/model.md`` that restate the code, generated from it so they cannot drift.

    python -m sim.run.docs          # rewrite the tables in docs/model.md
    python -m sim.run.docs --check  # exit 1 if any table is out of date
    python -m sim.run.docs --calibration  # also run the baseline and rewrite section 8's tables

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


CALIBRATION_TARGETS = (
    ("micro.direct_employment", "690,000 ± 10 %", 621_000, 759_000, "[ED]"),
    ("micro.total_employment", "2.03 million ± 10 %", 1_827_000, 2_233_000, "[ED]"),
    ("stability.core_projects_per_year_median", "≥ 20", 20, None, "[ED]"),
    ("income.day_rate_index", "about 1 (reported rates hold)", 0.9, 1.1, "[Trade]"),
    ("income.day_rate_median.cast", "600–1,000 yuan", 600, 1000, "[Trade]"),
    ("regions.henan.share_under_30", "60–80 %", 0.6, 0.8, "[ED]"),
    ("regions.henan.share_college", "50–70 %", 0.5, 0.7, "[ED]"),
)
"""Targets the model must reach through its mechanisms: key, band as written, low, high (None:
open), source tag of docs/sources.md."""

IMPOSED = (
    ("micro.titles_per_month", "3,000–3,600", "[ED]"),
    ("micro.team_size_mean", "60–90", "[ED]"),
    ("micro.shoot_days_mean", "5–10", "[ED]"),
    ("regions.henan_title_share", "20–30 %", "[ED]"),
    ("regions.hengdian_costume_share", "≥ 80 %", "[ED]"),
    ("regions.xian_post_share", "40–60 %", "[ED]"),
    ("long.tv_series_per_year", "about 150–200", "[NRTA]"),
    ("long.web_series_per_year", "about 200–300", "[NRTA], [Statista]"),
)
"""Reported figures the inputs impose (read back, not results): key, band, source tag."""

EMERGENT_ONLY = (
    "studios.count",
    "studios.units_max",
    "studios.top10_title_share",
    "stability.days_worked_median.cast",
    "stability.days_worked_median.crew",
    "stability.days_worked_median.extras",
    "stability.contracts_per_year_median.cast",
    "stability.contracts_per_year_median.crew",
    "stability.contracts_per_year_median.extras",
    "income.day_rate_median.crew",
    "income.day_rate_median.extras",
    "market.unfilled_share",
    "market.cross_region_share",
    "market.slipped_titles",
    "micro.working_days",
    "transitions.long_to_micro",
)
"""Outputs reported beside the targets, with no band: the model's answers."""


def calibration_tables(seeds=range(1, 6), scale: float = 10.0) -> dict[str, str]:
    """The calibration tables of section 8, from runs of the baseline at ``scale`` (one per
    seed, 2 years, metrics of the second): mean and range over seeds."""
    import numpy as np

    from sim.config import DramaSimConfig
    from sim.model import DramaLabourModel

    runs = []
    for seed in seeds:
        model = DramaLabourModel(DramaSimConfig(scale=scale, seed=seed))
        model.run()
        runs.append(model.summary())

    def value(key: str) -> str:
        values = np.array([run[key] for run in runs])
        if np.all(np.abs(values) <= 1.5) and key.split(".")[-1] != "day_rate_index":
            return f"{values.mean():.1%} ({values.min():.1%}–{values.max():.1%})"
        digits = 2 if np.abs(values).max() < 100 else 0
        mean, low, high = (f"{v:,.{digits}f}" for v in (values.mean(), values.min(), values.max()))
        return f"{mean} ({low}–{high})"

    def inside(key, low, high) -> str:
        values = [run[key] for run in runs]
        ok = all(v >= low and (high is None or v <= high) for v in values)
        return "yes" if ok else "**no**"

    emergent = [
        "| target | band | source | model, mean (range) | every seed in band |",
        "|---|---|---|---|---|",
    ]
    for key, band, low, high, source in CALIBRATION_TARGETS:
        emergent.append(
            f"| `{key}` | {band} | {source} | {value(key)} | {inside(key, low, high)} |"
        )
    for key in EMERGENT_ONLY:
        emergent.append(f"| `{key}` | — | — | {value(key)} | — |")
    imposed = ["| reported figure | band | source | model, mean (range) |", "|---|---|---|---|"]
    for key, band, source in IMPOSED:
        imposed.append(f"| `{key}` | {band} | {source} | {value(key)} |")
    return {"calibration-imposed": "\n".join(imposed), "calibration-emergent": "\n".join(emergent)}


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


def render(text: str, generated: dict[str, str] | None = None) -> str:
    """``text`` with every generated table (``generated``, default :func:`tables`) replaced by
    its current version."""
    for name, table in (tables() if generated is None else generated).items():
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
    parser.add_argument(
        "--calibration",
        action="store_true",
        help="run the baseline (scale 10, seeds 1-5) and rewrite the calibration tables",
    )
    args = parser.parse_args(argv)
    text = MODEL_DOC.read_text(encoding="utf-8")
    if args.calibration:
        text = render(text, calibration_tables())
    new = render(text)
    if args.check:
        if new != text:
            sys.exit("docs/model.md: generated tables are out of date; run python -m sim.run.docs")
        return
    MODEL_DOC.write_text(new, encoding="utf-8")


if __name__ == "__main__":
    main()
