"""The parallel kernels give the same run on one thread as on several (sim/engine/threads.py)."""

import numba
import numpy as np
import pytest

from sim.engine.threads import one_per_job, process_pool
from sim.model import DramaLabourModel
from sim.model.workforce import COLUMNS
from sim.validation import configured


def run_on(threads: int, days: int) -> DramaLabourModel:
    """A small model stepped ``days`` days with the parallel kernels on ``threads`` threads."""
    before = numba.get_num_threads()
    numba.set_num_threads(threads)
    try:
        model = DramaLabourModel(configured(scale=40, seed=11, years=1))
        for _ in range(days):
            model.step()
    finally:
        numba.set_num_threads(before)
    return model


@pytest.mark.skipif(numba.config.NUMBA_NUM_THREADS < 2, reason="numba has one thread here")
def test_one_thread_and_two_give_the_same_run():
    one, two = run_on(1, 150), run_on(2, 150)
    assert one.market.hires > 10_000  # enough work for the threads to split every loop
    assert one.workforce.size == two.workforce.size
    for name in COLUMNS:
        np.testing.assert_array_equal(
            getattr(one.workforce, name), getattr(two.workforce, name), err_msg=name
        )
    for counter in ("hires", "recruits", "unfilled", "openings", "idle_spell_days"):
        assert getattr(one.market, counter) == getattr(two.market, counter), counter
    np.testing.assert_array_equal(one.productions.phase, two.productions.phase)


def test_a_job_beside_others_runs_on_one_thread_unless_the_user_chose(monkeypatch):
    before = numba.get_num_threads()
    try:
        monkeypatch.delenv("NUMBA_NUM_THREADS", raising=False)
        numba.set_num_threads(numba.config.NUMBA_NUM_THREADS)
        one_per_job()
        assert numba.get_num_threads() == 1
        monkeypatch.setenv("NUMBA_NUM_THREADS", str(numba.config.NUMBA_NUM_THREADS))
        numba.set_num_threads(numba.config.NUMBA_NUM_THREADS)
        one_per_job()
        assert numba.get_num_threads() == numba.config.NUMBA_NUM_THREADS
    finally:
        numba.set_num_threads(before)


def threads_in_worker() -> int:
    """The worker's threads, after a day of a model (parallel kernels run in the worker)."""
    threads = numba.get_num_threads()
    run_on(threads, 1)
    return threads


def test_pool_workers_start_after_parallel_kernels_ran_and_use_one_thread():
    """GNU OpenMP aborts a process forked after a parallel loop ran; the pool's fork server
    starts its workers fresh."""
    run_on(2, 2)  # the parallel kernels have run in this process
    with process_pool(1) as pool:
        assert pool.submit(threads_in_worker).result(timeout=120) == 1
