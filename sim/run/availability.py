"""Calibrate ``market.daily_availability``, one value a role (``docs/model.md`` section 7.12).

Target: at the baseline each role's reported day rate holds, that is its searchers a day per
daily opening ``s`` (section 7.12) averages ``s0 = -ln(market.normal_hard_to_fill_share)`` over
the second simulated year. ``s`` is proportional to the role's availability, so a fixed-point
step multiplies each availability by ``(s0 / s) ** damping`` and runs the baseline again.

    python -m sim.run.availability --iterations 3 --seeds 1 2 --scale 10

prints each iteration's ``s`` and multiplier by role and the new values to put in
``sim/config.py`` (``MarketConfig.daily_availability``), rounded to two significant figures.
"""

import argparse

import numpy as np

from sim.config import DramaSimConfig
from sim.engine.threads import process_pool
from sim.validation import configured
from sim.vocabulary import ROLES

MONTHS_PER_YEAR = 12


def year_two_slack(seed: int, scale: float, availability: dict[str, float]) -> np.ndarray:
    """Mean searchers per opening ``s`` by role over the second year of a baseline run."""
    from sim.model import DramaLabourModel

    config = configured(
        scale=scale, seed=seed, years=2, **{"market.daily_availability": availability}
    )
    model = DramaLabourModel(config)
    model.run()
    months = np.array(model.market.pay.slack_by_month[MONTHS_PER_YEAR : 2 * MONTHS_PER_YEAR])
    return np.nanmean(months, axis=0)


def step(availability: dict[str, float], slack: np.ndarray, target: float, damping: float):
    """The next availability by role: moved so that ``slack`` would reach ``target``."""
    return {
        role: float(min(1.0, availability[role] * (target / slack[k]) ** damping))
        for k, role in enumerate(ROLES)
    }


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=3)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--scale", type=float, default=10.0)
    parser.add_argument("--damping", type=float, default=0.9)
    args = parser.parse_args(argv)
    config = DramaSimConfig()
    availability = {role: config.market.daily_availability.get(role, 1.0) for role in ROLES}
    target = -np.log(config.market.normal_hard_to_fill_share)
    for iteration in range(args.iterations):
        jobs = [(seed, args.scale, availability) for seed in args.seeds]
        with process_pool(min(2, len(jobs))) as pool:
            slack = np.mean(list(pool.map(year_two_slack, *zip(*jobs, strict=True))), axis=0)
        print(f"iteration {iteration}: target s0 = {target:.2f} searchers per opening")
        for k, role in enumerate(ROLES):
            print(f"  {role:20s} availability {availability[role]:.4f}  s {slack[k]:6.2f}")
        availability = step(availability, slack, target, args.damping)
    rounded = {role: float(f"{value:.2g}") for role, value in availability.items()}
    print("daily_availability =", rounded)
    return rounded


if __name__ == "__main__":
    main()
