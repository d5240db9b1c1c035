"""Results do not depend on ``scale`` beyond noise at the scale the studies use (issue 14, item 9):
the headlines at ``benchmarks.scale.EXPERIMENTS_SCALE`` against the stored means at scale 10."""

import pytest
import yaml

from benchmarks import scale
from sim.run.app import CONFIG_DIR

SEEDS = list(range(1, 9))


def test_the_stored_reference_belongs_to_this_model():
    stored = scale.load_reference()
    assert stored["model"] == scale.model_fingerprint(), (
        "the model changed since benchmarks/scale_reference.json was made: "
        "run `python -m benchmarks.scale --write`"
    )


def test_headlines_at_the_experiments_scale_match_scale_10():
    rows = scale.differences(scale.load_reference(), scale.means(scale.EXPERIMENTS_SCALE, SEEDS))
    failing = [
        f"{row['key']}: {row['reference']:.4g} -> {row['value']:.4g}"
        for row in rows
        if not row["passes"]
    ]
    assert not failing, failing


@pytest.mark.parametrize("path", sorted((CONFIG_DIR / "experiment").glob("*.yaml")))
def test_every_study_runs_at_the_experiments_scale(path):
    config = yaml.safe_load(path.read_text())
    assert config.get("scale", scale.EXPERIMENTS_SCALE) == scale.EXPERIMENTS_SCALE, path.name


def test_a_coarse_scale_fails_where_it_drifts():
    """The check can fail: a reference moved by more than the tolerance is caught."""
    reference = scale.load_reference()
    moved = {"mean": dict(reference["mean"]), "error": dict(reference["error"])}
    moved["mean"]["market.cross_region_share"] += 0.05
    moved["mean"]["micro.direct_employment"] *= 1.2
    failing = {r["key"] for r in scale.differences(reference, moved) if not r["passes"]}
    assert failing == {"market.cross_region_share", "micro.direct_employment"}
