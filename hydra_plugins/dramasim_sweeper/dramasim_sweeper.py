"""The dramasim sweepers: Hydra's basic sweeper that holds its folder, plus replicates and a
progress report.

``checked`` (the default of ``configs/config.yaml``) is Hydra's basic sweeper with two changes:

* it holds a lock on ``hydra.sweep.dir`` (``fcntl.flock`` on ``.dramasim.lock`` inside it) for
  as long as it runs, so a second sweep into the same folder stops at once with a message
  instead of running the same jobs over the first one's files. The kernel releases the lock
  when the process ends, however it ends, so a killed sweep never leaves a stale lock;
* it does not compose again, before launching a batch, the jobs that ``sim.run.app.main`` has
  just composed and validated (:func:`mark_checked`), which Hydra's sweeper does one job after
  another in the parent process only to stop early if one cannot be composed.

The ``dramasim`` sweeper is ``checked`` plus replicates and a progress report.

Named experiments (``configs/experiment/``) select it with
``defaults: [override /hydra/sweeper: dramasim]``. It sweeps exactly as Hydra's basic sweeper
does (the cartesian product of ``hydra.sweeper.params`` and the command line's sweeps), and

* runs every point of the sweep ``replicates`` times (the composed top-level ``replicates``
  key, 5 unless the experiment or the command line says otherwise): it adds
  ``replicate=range(0,N)`` in front of the other sweeps, unless the command line or the params
  already set ``replicate``. The model derives each run's random streams from
  ``SeedSequence([seed, replicate])``. Replicates are the outer loop, so the job numbers of the
  first replicates stay the same when ``replicates`` grows: a sweep re-run into the same
  ``hydra.sweep.dir`` with more replicates runs only the new jobs;
* reports, while the launcher runs the jobs, how many are done, how many failed and the time
  left, by watching the jobs' ``done`` markers and ``error.txt`` files in ``hydra.sweep.dir``
  (the jobs themselves may run in other processes or on other machines);
* names every failed job and the file holding its traceback before the sweep stops with the
  first failure;
* runs a sensitivity design instead of the cartesian product when the config has an
  ``analysis`` node (``+analysis=morris``): one job per design row, from
  :func:`sim.run.design.analysis_sweep`, which also writes the design into the sweep folder.
"""

import fcntl
import logging
import os
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from hydra.core.config_store import ConfigStore
from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.core.utils import JobReturn, JobStatus
from hydra.errors import CompactHydraException
from omegaconf import OmegaConf

from sim.run.hydra_private import BasicSweeper, basic_sweeper_params

log = logging.getLogger(__name__)

DONE = "done"
"""Marker a dramasim run writes last, when its outputs are complete (``sim.run.outputs.DONE``)."""
ERROR = "error.txt"
"""File a failed dramasim run leaves its traceback in (``sim.run.outputs.ERROR``)."""


LOCK = ".dramasim.lock"
"""File in ``hydra.sweep.dir`` that a running sweep holds locked."""


@dataclass
class CheckedSweeperConf:
    _target_: str = "hydra_plugins.dramasim_sweeper.dramasim_sweeper.CheckedSweeper"
    max_batch_size: int | None = None
    params: dict[str, str] | None = None


@dataclass
class DramaSimSweeperConf:
    _target_: str = "hydra_plugins.dramasim_sweeper.dramasim_sweeper.DramaSimSweeper"
    max_batch_size: int | None = None
    params: dict[str, str] | None = None
    progress_seconds: float = 10.0
    """How often the sweep's folder is checked for finished jobs, seconds; 0 turns it off."""


ConfigStore.instance().store(
    group="hydra/sweeper", name="checked", node=CheckedSweeperConf, provider="dramasim"
)
ConfigStore.instance().store(
    group="hydra/sweeper", name="dramasim", node=DramaSimSweeperConf, provider="dramasim"
)

CHECKED_JOBS: set[tuple[str, ...]] = set()
"""Task overrides of the jobs this process has composed and validated already."""


def mark_checked(jobs: Iterable[Sequence[str]]) -> None:
    """Let the sweepers of this process launch ``jobs`` (task overrides, as the sweeper lists
    them) without composing each of them once more."""
    CHECKED_JOBS.update(tuple(job) for job in jobs)


HELD: list[Path] = []
"""The folders this process's sweeps have held, the last one last (to name in error messages)."""


class SweepFolderBusy(CompactHydraException):
    """Another process is sweeping into the same folder."""


@contextmanager
def holding(sweep_dir: Path) -> Iterator[None]:
    """Hold the lock of ``sweep_dir`` (creating the folder) for the duration of the block.

    Raises :class:`SweepFolderBusy` at once if another process holds it, and OSError if the
    folder cannot be created or written.
    """
    HELD.append(sweep_dir)
    sweep_dir.mkdir(parents=True, exist_ok=True)
    path = sweep_dir / LOCK
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(descriptor, 64, 0).decode(errors="replace").strip() or "unknown"
            raise SweepFolderBusy(
                f"Another sweep is running into {sweep_dir} (process {holder} holds {path}). "
                "Wait for it to finish, or stop it, then run this command again: finished jobs "
                "are skipped. To run both at once, give this one another hydra.sweep.dir."
            ) from None
        try:
            os.ftruncate(descriptor, 0)
            os.pwrite(descriptor, f"{os.getpid()}\n".encode(), 0)
        except OSError as error:  # a full disk: name the file
            raise OSError(error.errno, error.strerror, str(path)) from error
        yield
    finally:
        os.close(descriptor)  # releases the lock


class CheckedSweeper(BasicSweeper):
    """Hydra's basic sweeper that holds its folder and skips the second check of jobs already
    checked (see the module's docstring)."""

    def validate_batch_is_legal(self, batch: Sequence[Sequence[str]]) -> None:
        super().validate_batch_is_legal([job for job in batch if tuple(job) not in CHECKED_JOBS])

    def sweep(self, arguments: list[str]) -> list:
        assert self.config is not None
        with holding(Path(self.config.hydra.sweep.dir)):
            return self.sweep_holding_the_folder(arguments)

    def sweep_holding_the_folder(self, arguments: list[str]) -> list:
        """Run the sweep; the folder is locked."""
        return super().sweep(arguments)


def with_replicates(overrides: list[str], replicates: int) -> list[str]:
    """``overrides`` with ``replicate=range(0,replicates)`` in front, unless one sets
    ``replicate`` already."""
    parsed = OverridesParser.create().parse_overrides(overrides)
    if any(override.key_or_group == "replicate" for override in parsed):
        return list(overrides)
    return [f"replicate=range(0,{int(replicates)})", *overrides]


def _duration(seconds: float) -> str:
    minutes, seconds = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m" if hours else f"{minutes}m{seconds:02d}s"


class SweepProgress:
    """Watches a sweep folder in a background thread and logs each change in the number of
    finished and failed jobs, with the rate and the time left.

    A job is done when its folder holds the ``done`` marker (a run removes a stale one before it
    replaces another configuration's outputs) and failed when it wrote ``error.txt`` since the
    sweep started. ``folders`` are the jobs' folders; without them, every folder below
    ``sweep_dir`` counts.
    """

    def __init__(
        self, sweep_dir: Path, total: int, interval_seconds: float, folders: list[Path] | None
    ):
        self.sweep_dir = Path(sweep_dir)
        self.folders = folders
        self.total = total
        self.interval = interval_seconds
        self.started = time.time()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="sweep-progress", daemon=True)
        self._last = self.counts()

    def _markers(self, name: str) -> dict[Path, float]:
        """The job folders holding the file ``name``, with its modification time."""
        if self.folders is None:
            paths = self.sweep_dir.glob(f"**/{name}")
        else:
            paths = (folder / name for folder in self.folders)
        found = {}
        for path in paths:
            try:
                found[path.parent] = path.stat().st_mtime
            except OSError:
                continue
        return found

    def counts(self) -> tuple[int, int, int]:
        """Jobs done, of them those done before the sweep started, and jobs failed since."""
        done = self._markers(DONE)
        before = sum(1 for written in done.values() if written < self.started)
        failed = self._markers(ERROR)
        failed = [job for job, written in failed.items() if written >= self.started]
        return len(done), before, len([job for job in failed if job not in done])

    def report(self, final: bool = False) -> None:
        counts = self.counts()
        if counts == self._last and not final:
            return
        self._last = counts
        done, before, failed = counts
        elapsed = time.time() - self.started
        parts = [f"Sweep: {done}/{self.total} jobs done"]
        if before:
            parts.append(f"{before} of them complete before this run")
        if failed:
            parts.append(f"{failed} failed")
        parts.append(f"{_duration(elapsed)} elapsed")
        ran, left = done - before, self.total - done - failed
        if ran and left > 0 and not final:
            parts.append(f"about {_duration(elapsed / ran * left)} left")
        log.info(", ".join(parts))

    def _watch(self) -> None:
        while not self._stop.wait(self.interval):
            self.report()

    def __enter__(self) -> "SweepProgress":
        if self.interval > 0:
            self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()


class DramaSimSweeper(CheckedSweeper):
    """Hydra's basic sweeper with ``replicates`` seeds per point and a progress report."""

    def __init__(
        self,
        max_batch_size: int | None,
        params: dict[str, str] | None = None,
        progress_seconds: float = 10.0,
    ) -> None:
        super().__init__(max_batch_size=max_batch_size, params=params)
        self.progress_seconds = progress_seconds

    def sweep_holding_the_folder(self, arguments: list[str]) -> list:
        assert self.config is not None and self.launcher is not None
        assert self.hydra_context is not None
        replicates = int(self.config.get("replicates", 1))
        sweep_dir = Path(self.config.hydra.sweep.dir)
        if self.config.get("analysis") is not None:  # a sensitivity design: a job per row
            from sim.run.design import analysis_sweep

            jobs = analysis_sweep(self.config, [*basic_sweeper_params(self), *arguments], sweep_dir)
            size = self.max_batch_size or len(jobs)
            self.overrides = [jobs[start : start + size] for start in range(0, len(jobs), size)]
        else:
            swept = with_replicates([*basic_sweeper_params(self), *arguments], replicates)
            parser = OverridesParser.create(config_loader=self.hydra_context.config_loader)
            parsed = parser.parse_overrides(swept)
            self.overrides = self.split_arguments(parsed, self.max_batch_size)
        total = sum(len(batch) for batch in self.overrides)
        sweep_dir.mkdir(parents=True, exist_ok=True)
        OmegaConf.save(self.config, sweep_dir / "multirun.yaml")
        log.info(
            "Sweep of %d jobs (%d replicates of each point) into %s", total, replicates, sweep_dir
        )
        returns: list[Sequence[JobReturn]] = []
        initial_job_idx = 0
        subdir = OmegaConf.to_container(self.config.hydra.sweep, resolve=False)["subdir"]
        numbered = subdir == "${hydra.job.num}"
        folders = [sweep_dir / str(job) for job in range(total)] if numbered else None
        with SweepProgress(sweep_dir, total, self.progress_seconds, folders) as progress:
            while not self.is_done():
                batch = self.get_job_batch()
                self.validate_batch_is_legal(batch)
                results = self.launcher.launch(batch, initial_job_idx=initial_job_idx)
                progress.report(final=True)
                _name_failures(results, sweep_dir, initial_job_idx)
                for result in results:
                    _ = result.return_value  # raises the exception of a failed job
                initial_job_idx += len(batch)
                returns.append(results)
        return returns


def _name_failures(results: list[JobReturn], sweep_dir: Path, initial_job_idx: int) -> None:
    """Log each failed job of a batch with the file that holds its traceback."""
    for number, result in enumerate(results, start=initial_job_idx):
        if result.status != JobStatus.FAILED:
            continue
        try:
            _ = result.return_value  # a failed job's exception, raised
        except Exception as error:
            hydra_cfg = result.hydra_cfg
            folder = (
                Path(hydra_cfg.hydra.runtime.output_dir)
                if hydra_cfg is not None
                else sweep_dir / str(number)
            )
            log.error(
                "Job %d failed (%s: %s); traceback in %s",
                number,
                type(error).__name__,
                error,
                folder / ERROR,
            )
