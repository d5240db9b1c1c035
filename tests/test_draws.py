"""Draws made faster must be the draws they replace, number for number."""

import numba
import numpy as np
import pytest

from sim.config import DramaSimConfig
from sim.engine import uniforms
from sim.model.regions import Regions
from sim.model.titles import LONG_DRAMA, PHASES, TitleDesigner


@numba.njit
def _draw_uniforms(next_double, state, count):
    out = np.empty(count)
    for i in range(count):
        out[i] = uniforms.next_uniform(next_double, state)
    return out


def test_kernel_uniforms_continue_the_generators_own_sequence():
    rng, twin = np.random.default_rng(11), np.random.default_rng(11)
    drawn = np.concatenate(
        [
            rng.random(3),
            _draw_uniforms(*uniforms.handle(rng), 5),
            rng.random(2),
            _draw_uniforms(*uniforms.handle(rng), 1),
        ]
    )
    assert np.array_equal(drawn, twin.random(11))
    assert rng.random() == twin.random()  # both generators end in the same state


@pytest.mark.parametrize("location", ["period_location", "post_location", "long_location"])
def test_region_draws_are_numpys_weighted_choice(location):
    regions = Regions(DramaSimConfig())
    probabilities = getattr(regions, location)
    rng, twin = np.random.default_rng(5), np.random.default_rng(5)
    for size in (0, 1, 7, 1000):
        drawn = regions.draw(rng, location, size)
        expected = twin.choice(len(regions), size=size, p=probabilities)
        assert drawn.dtype == expected.dtype
        assert np.array_equal(drawn, expected)
    counts = np.bincount(regions.draw(rng, location, 20_000), minlength=len(regions))
    assert np.allclose(counts / 20_000, probabilities, atol=0.02)


def test_title_phase_lengths_are_numpys_uniform_draws():
    designer = TitleDesigner(DramaSimConfig(), np.random.default_rng(3))
    days = designer.design(LONG_DRAMA, np.zeros(50, dtype=bool))["days"]
    days_min, days_max, _ = designer.templates[LONG_DRAMA]
    drawn = np.random.default_rng(3).uniform(days_min, days_max + 1, size=(50, len(PHASES)))
    assert np.array_equal(days, np.maximum(1, np.floor(drawn)).astype(np.int16))
