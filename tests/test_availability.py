"""The calibration of daily availability (sim/run/availability.py): a fixed-point step that moves
each role's availability so that its searchers per opening would reach the target."""

import numpy as np
import pytest

from sim.run.availability import step, year_two_slack
from sim.vocabulary import ROLES


def test_a_step_moves_each_role_towards_the_target_and_stops_at_one():
    availability = dict.fromkeys(ROLES, 0.1)
    slack = np.full(len(ROLES), 4.83)
    slack[0], slack[1] = 2.0, 10.0  # too few searchers per opening, too many
    new = step(availability, slack, target=4.83, damping=1.0)
    assert new[ROLES[0]] == pytest.approx(0.1 * 4.83 / 2.0)
    assert new[ROLES[1]] == pytest.approx(0.1 * 4.83 / 10.0)
    assert new[ROLES[2]] == pytest.approx(0.1)
    assert step({**availability, ROLES[0]: 0.9}, slack, 4.83, 1.0)[ROLES[0]] == 1.0


def test_the_second_year_slack_is_measured_for_every_role():
    slack = year_two_slack(seed=1, scale=500, availability={role: 0.05 for role in ROLES})
    assert slack.shape == (len(ROLES),)
    assert np.nanmin(slack) > 0
