"""Threads for the engine's parallel kernels (numba ``parallel=True``, :func:`numba.prange`).

Six kernels run their loop on every core numba uses (``NUMBA_NUM_THREADS``, by default every
core): drawing among referral ties and grouping their entries
(:func:`sim.engine.matching.draw_tied`, :func:`~sim.engine.matching.tied_entries`), starting
jobs (:func:`~sim.engine.matching.start_jobs`), crediting them
(:func:`sim.engine.crediting.credit_jobs`), estimating the usable candidates of a key
(:func:`sim.engine.pools._sampled_usable_share`) and reading an idle watch's fields
(:func:`sim.engine.idle._watched_fields`). Results never depend on the number of threads: in each
of them an iteration writes only what no other iteration reads or writes (its own row, or its
own group of slots), draws no random numbers of its own, and sums only integers
(``tests/test_threads.py`` runs the model on one thread and on two and compares every column).

Numba runs them on OpenMP when the system has it (Debian's ``libgomp1``), else on its own
``workqueue`` layer, which cannot run parallel kernels from two threads at once: the kernels
that :mod:`sim.engine.idle` runs on its background thread stay serial.

GNU OpenMP cannot be forked: a process forked after a parallel kernel ran on it aborts
("fork() called from a process already using GNU OpenMP"). Worker processes must be started
fresh, as :func:`process_pool` starts them (``forkserver``), or as ``subprocess`` and Hydra's
launchers do; in your own scripts, pass ``mp_context=multiprocessing.get_context("forkserver")``
(or ``"spawn"``) to a process pool, or set ``NUMBA_THREADING_LAYER=workqueue`` (slower).

A single run uses every core. A process that is one of several running side by side (a job of a
sweep, a pytest-xdist worker, a worker of :func:`process_pool`) uses one thread
(:func:`one_per_job`): the cores are shared among the jobs already, and threads beyond the
cores only wait for each other.
"""

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

import numba


def one_per_job() -> None:
    """Run the parallel kernels on one thread, unless ``NUMBA_NUM_THREADS`` was set (the user's
    choice wins)."""
    if "NUMBA_NUM_THREADS" not in os.environ:
        numba.set_num_threads(1)


def process_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of ``workers`` processes, one thread each (:func:`one_per_job`), started by a fork
    server, so that they can be started after the parallel kernels ran in this process (GNU
    OpenMP cannot be forked)."""
    return ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context("forkserver"), initializer=one_per_job
    )
