"""The per-agent Mesa reference (benchmarks/reference.py) follows the same rules as the model.

Both models run at a small scale on the same seeds; their main aggregates must agree within four
standard errors (Welch and paired) plus a 2% floor: see :mod:`benchmarks.agreement`.
"""

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # benchmarks/ is not installed

from benchmarks.agreement import METRICS, compare, run_both  # noqa: E402
from benchmarks.reference import ReferenceModel, WorkerAgent, workers_alive  # noqa: E402
from sim.config import DramaSimConfig  # noqa: E402
from sim.model import DramaLabourModel  # noqa: E402
from sim.model.workforce import COLUMNS  # noqa: E402
from sim.vocabulary import LEFT, WORKING  # noqa: E402

SCALE = 500.0
YEARS = 1
SEEDS = list(range(1, 9))


@pytest.fixture(scope="module")
def agreement():
    return compare(run_both(SCALE, YEARS, SEEDS)).set_index("metric")


def test_reference_starts_from_the_same_workforce():
    config = DramaSimConfig(scale=SCALE, seed=3)
    array, reference = DramaLabourModel(config), ReferenceModel(config)
    for name in COLUMNS:
        np.testing.assert_array_equal(
            getattr(reference.workforce, name), getattr(array.workforce, name), err_msg=name
        )
    assert workers_alive(reference) == workers_alive(array) == len(reference.workers)
    agent = reference.worker_at[7]
    assert isinstance(agent, WorkerAgent)
    assert agent.role == array.workforce.role[7] and isinstance(agent.role, int)


def test_reference_agents_and_arrays_stay_in_step():
    model = ReferenceModel(DramaSimConfig(scale=SCALE, seed=4))
    model.run_for(45)
    model.write_workers_to_arrays()
    wf = model.workforce
    active = np.flatnonzero(wf.status != LEFT)
    assert sorted(model.worker_at) == active.tolist()
    assert len(model.workers) == len(active)
    for agent in list(model.workers)[:200]:
        assert model.worker_at[agent.row] is agent
        for name in COLUMNS:
            assert getattr(agent, name) == getattr(wf, name)[agent.row], name
    working = [a for a in model.workers if a.status == WORKING]
    assert working and all(a.job_end > model.day - 1 for a in working)
    assert model.market.hires > 0 and model.turnover.entries > 0


@pytest.mark.parametrize("metric", METRICS)
def test_reference_agrees_with_the_array_model(agreement, metric):
    row = agreement.loc[metric]
    assert bool(row["agrees"]), (
        f"{metric}: array model {row['array']:.4g}, reference {row['reference']:.4g}: "
        f"the difference {row['difference']:.4g} exceeds the tolerance {row['tolerance']:.4g} "
        f"(Welch p={row['welch_p']:.3g}, paired p={row['paired_p']:.3g}, {len(SEEDS)} seeds)"
    )
