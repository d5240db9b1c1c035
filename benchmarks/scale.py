"""Does ``scale`` change the answer? Headline results at a coarse scale against ``scale`` 10.

``scale`` is real people per simulated worker (and real titles per simulated title). The studies
run at a coarse scale to afford many runs; this checks that their headline results are those of
the calibration scale, 10, within the tolerances of issue 14: counts within 5 %, medians (and the
day-rate index) within 10 %, shares within 1 point, comparing means over seeds. Both means carry
seed noise (a region's share of titles depends on where a few dozen simulated studios are), so a
difference passes when it is within the tolerance plus two standard errors of the difference
(from the seed-to-seed spread at both scales); the printout shows both.

``python -m benchmarks.scale --write`` runs ``scale`` 10 on seeds 1-8 (2 years; about a minute on
2 cores) and stores the means in ``benchmarks/scale_reference.json``; ``python -m benchmarks.scale
--scales 20 25 50 --seeds 8`` runs the coarse scales and prints each headline's difference and
whether it passes, and the coarsest scale where all pass. ``tests/test_scale.py`` runs the
experiments' scale against the stored reference, which must be regenerated (``--write``)
whenever a commit changes the model's results.
"""

import argparse
import hashlib
import json
from pathlib import Path

import numpy as np

from sim.config import DramaSimConfig
from sim.engine.threads import process_pool
from sim.model import DramaLabourModel

REFERENCE_SCALE = 10.0
REFERENCE = Path(__file__).with_name("scale_reference.json")
YEARS = 2
EXPERIMENTS_SCALE = 25.0
"""The coarsest scale whose headlines match scale 10 (measured, see benchmarks/README.md); every
study in configs/experiment/ runs at it."""
SIM = Path(__file__).parents[1] / "sim"
MODEL_SOURCES = (
    *sorted((SIM / "model").glob("*.py")),
    *sorted((SIM / "engine").glob("*.py")),
    SIM / "config.py",
    SIM / "vocabulary.py",
)
"""Everything a baseline run's results depend on."""

COUNT, MEDIAN, SHARE = "count", "median", "share"
TOLERANCE = {COUNT: 0.05, MEDIAN: 0.10, SHARE: 0.01}
"""Allowed difference: relative for counts and medians, absolute (a point) for shares."""

HEADLINES = {
    "micro.titles_per_month": COUNT,
    "micro.direct_employment": COUNT,
    "micro.total_employment": COUNT,
    "micro.working_days": COUNT,
    "long.direct_employment": COUNT,
    "stability.days_worked_median.cast": MEDIAN,
    "stability.days_worked_median.crew": MEDIAN,
    "stability.days_worked_median.extras": MEDIAN,
    "stability.contracts_per_year_median.cast": MEDIAN,
    "stability.contracts_per_year_median.crew": MEDIAN,
    "stability.contracts_per_year_median.extras": MEDIAN,
    "stability.core_projects_per_year_median": MEDIAN,
    "income.day_rate_index": MEDIAN,
    "income.day_rate_median.cast": MEDIAN,
    "income.day_rate_median.crew": MEDIAN,
    "income.day_rate_median.extras": MEDIAN,
    "stability.stable_share.micro": SHARE,
    "market.unfilled_share": SHARE,
    "market.cross_region_share": SHARE,
    "regions.henan_title_share": SHARE,
    "regions.hengdian_costume_share": SHARE,
    "regions.xian_post_share": SHARE,
}
"""The results the studies report, by kind. Left out: outputs made of a few dozen simulated
events a year at a coarse scale (long dramas completed, slipped titles, moves from long to
micro dramas), whose seed-to-seed spread is larger than the tolerance at any affordable number
of seeds; they are read at ``scale`` 10."""


def summary(scale: float, seed: int) -> dict[str, float]:
    """The headline results of one baseline run (``YEARS`` years, metrics of the last)."""
    model = DramaLabourModel(DramaSimConfig(scale=scale, seed=seed, years=YEARS))
    model.run()
    result = model.summary()
    return {key: float(result[key]) for key in HEADLINES}


def means(scale: float, seeds: list[int], workers: int = 2) -> dict[str, dict[str, float]]:
    """Mean of each headline over ``seeds`` and its standard error (``{"mean": {key: ...},
    "error": {key: ...}}``), the runs spread over ``workers`` processes."""
    with process_pool(workers) as pool:
        runs = list(pool.map(summary, [scale] * len(seeds), seeds))
    values = {key: np.array([run[key] for run in runs]) for key in HEADLINES}
    return {
        "mean": {key: float(v.mean()) for key, v in values.items()},
        "error": {key: float(v.std(ddof=1) / np.sqrt(len(v))) for key, v in values.items()},
    }


def differences(reference: dict, coarse: dict) -> list[dict]:
    """Each headline's difference from the reference (relative for counts and medians, in
    points for shares), its standard error, and whether it passes: within the tolerance plus
    two standard errors."""
    rows = []
    for key, kind in HEADLINES.items():
        ref, value = reference["mean"][key], coarse["mean"][key]
        error = np.hypot(reference["error"][key], coarse["error"][key])
        if kind == SHARE:
            diff = value - ref
        else:
            diff, error = (value / ref - 1, error / ref) if ref else (0.0, 0.0)
        rows.append(
            {"key": key, "kind": kind, "reference": ref, "value": value, "difference": diff,
             "error": error, "passes": abs(diff) <= TOLERANCE[kind] + 2 * error}
        )  # fmt: skip
    return rows


def model_fingerprint() -> str:
    """A short hash of :data:`MODEL_SOURCES`: the stored reference belongs to this model."""
    digest = hashlib.sha256()
    for path in MODEL_SOURCES:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def load_reference() -> dict:
    """The stored means and standard errors at ``scale`` 10 (``--write`` makes them)."""
    return json.loads(REFERENCE.read_text())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="run scale 10 and store the means")
    parser.add_argument("--scales", type=float, nargs="*", default=[20.0, 25.0, 50.0])
    parser.add_argument("--seeds", type=int, default=8, help="seeds 1..N at the coarse scales")
    args = parser.parse_args()
    if args.write:
        seeds = list(range(1, 9))
        stored = {"scale": REFERENCE_SCALE, "years": YEARS, "seeds": seeds}
        stored["model"] = model_fingerprint()
        stored.update(means(REFERENCE_SCALE, seeds))
        REFERENCE.write_text(json.dumps(stored, indent=1) + "\n")
        print(f"wrote {REFERENCE}")
    reference = load_reference()
    coarsest = None
    for scale in sorted(args.scales):
        rows = differences(reference, means(scale, list(range(1, args.seeds + 1))))
        print(f"\nscale {scale:g} ({args.seeds} seeds) against scale {REFERENCE_SCALE:g}:")
        for row in rows:
            unit = "pt" if row["kind"] == SHARE else "%"
            print(
                f"  {'ok  ' if row['passes'] else 'FAIL'} {row['key']:45s} {row['reference']:12.4g}"
                f" {row['value']:12.4g} {100 * row['difference']:+7.2f} {unit}"
                f" (± {200 * row['error']:.2f})"
            )
        if all(row["passes"] for row in rows):
            coarsest = scale
    print(f"\ncoarsest scale whose headlines match scale {REFERENCE_SCALE:g}: {coarsest}")


if __name__ == "__main__":
    main()
