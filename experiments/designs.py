"""Designs of the studies that move one lever while holding something else constant.

    python experiments/designs.py    # writes configs/experiment/turnover_cycle/*.yaml

The turnover study varies the length of a micro-drama shoot (``turnover.shoot_days_factor``).
With the titles a month fixed, a shoot ``f`` times as long asks for about ``f`` times the
person-days of shooting (the shooting team works every day of the shoot): longer cycles would
also mean more labour demand, and the study would confound the two. Hydra's sweepers cross their
parameters and cannot zip two of them, so each option of the config group
``experiment/turnover_cycle`` sets the shoot length together with the titles a month
(``scenario.micro_titles_per_month``), scaled so that the expected person-days of micro-drama
work a month stay those of the 2025 baseline::

    titles(f) = titles(1) * D(1) / D(f)

where ``D(f)`` is the expected person-days of one micro title at shoot factor ``f``: the mean
days of each phase (``(days_min + days_max) / 2``, times the free model's factors for the free
share of titles) times the people of each role (times its work share; the shooting team times
the mean team scale; less the share AI automates; plus the AI animators on a live shoot;
overseas operators for the titles released abroad), live-action and AI-made titles mixed at
``ai.title_share``. Rounding of days to whole days is left out. The values come from the
defaults of :mod:`sim.config`: the tests check that the option files match them, so a change of
the production plans that moves them asks for ``python experiments/designs.py`` again.
"""

import sys
from pathlib import Path

from sim.config import DramaSimConfig, KindConfig, PhaseConfig

HERE = Path(__file__).resolve().parent
GROUP = HERE.parent / "configs" / "experiment" / "turnover_cycle"
SHOOT_FACTORS = (1, 3, 6, 12)
"""Shoot lengths of the turnover study, relative to 2025 (12: as long as a long drama's)."""


def phase_person_days(phase: PhaseConfig, days_factor: float, team_factor: dict) -> float:
    """Expected person-days of one phase: mean days times ``days_factor``, times the people of
    each role times its work share and ``team_factor`` (role -> multiplier, 1 if absent)."""
    days = (phase.days_min + phase.days_max) / 2 * days_factor
    people = sum(
        count * phase.work_share.get(role, 1.0) * team_factor.get(role, 1.0)
        for role, count in phase.team.items()
    )
    return days * people


def title_person_days(config: DramaSimConfig, kind: KindConfig, shoot_factor: float) -> float:
    """Expected person-days of one micro title of ``kind`` (live-action when ``shoot_factor``
    applies, else AI-made), over the free and paid titles of the business model."""
    live = kind is config.production.micro_live
    bm, ai = config.business_model, config.ai
    production = config.production
    overseas = {"overseas_operations": production.overseas_version_share}
    automation = {role: 1 - share for role, share in ai.automation.items()} if live else {}
    total = 0.0
    for weight, free in ((1 - bm.free_share, False), (bm.free_share, True)):
        writing = phase_person_days(
            kind.writing,
            bm.free_writing_days_factor if free else 1.0,
            {
                role: automation.get(role, 1.0) * (bm.free_writers_factor if free else 1.0)
                for role in kind.writing.team
            },
        )
        shoot_days = (bm.free_shoot_days_factor if free else 1.0) * (shoot_factor if live else 1)
        team_scale = (production.team_scale_min + production.team_scale_max) / 2 if live else 1
        shooting = phase_person_days(
            kind.shooting,
            shoot_days,
            {role: team_scale * automation.get(role, 1.0) for role in kind.shooting.team},
        )
        if live:
            days = (kind.shooting.days_min + kind.shooting.days_max) / 2 * shoot_days
            shooting += days * ai.animators_per_live_title
        rest = sum(
            phase_person_days(phase, 1.0, {**automation, **overseas})
            for phase in (kind.pre_production, kind.post_production, kind.release)
        )
        total += weight * (writing + shooting + rest)
    return total


def person_days_per_title(config: DramaSimConfig, shoot_factor: float) -> float:
    """Expected person-days of a micro title, live-action and AI-made mixed."""
    production, share = config.production, config.ai.title_share
    return (1 - share) * title_person_days(
        config, production.micro_live, shoot_factor
    ) + share * title_person_days(config, production.micro_ai, 1.0)


def titles_per_month(config: DramaSimConfig, shoot_factor: float) -> float:
    """Micro titles a month (``scenario.micro_titles_per_month``) that ask for the baseline's
    person-days at shoot factor ``shoot_factor``, rounded to a title."""
    ratio = person_days_per_title(config, 1.0) / person_days_per_title(config, shoot_factor)
    return round(config.scenario.micro_titles_per_month * ratio)


def option_text(config: DramaSimConfig, shoot_factor: int) -> str:
    """The YAML of the turnover_cycle option for ``shoot_factor``."""
    titles = titles_per_month(config, shoot_factor)
    days = person_days_per_title(config, shoot_factor)
    return (
        "# @package _global_\n"
        f"# Micro shoots {shoot_factor} times as long as in 2025, at the 2025 labour demand: "
        f"{titles} titles a month\n"
        f"# of {days:,.0f} expected person-days each. Written by experiments/designs.py; "
        "do not edit.\n"
        f"turnover:\n  shoot_days_factor: {float(shoot_factor)}\n"
        f"scenario:\n  micro_titles_per_month: {float(titles)}\n"
    )


def options(config: DramaSimConfig | None = None) -> dict[Path, str]:
    """Each option file of ``experiment/turnover_cycle`` and its text."""
    config = config or DramaSimConfig()
    return {GROUP / f"x{f}.yaml": option_text(config, f) for f in SHOOT_FACTORS}


def main() -> None:
    GROUP.mkdir(parents=True, exist_ok=True)
    for path, text in options().items():
        path.write_text(text)
        print(f"{path.relative_to(HERE.parent)}: {text.splitlines()[1].lstrip('# ')}")


if __name__ == "__main__":
    sys.exit(main())
