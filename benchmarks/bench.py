"""Benchmark dramasim: throughput against the per-agent reference, scaling, memory, sweeps.

``python -m benchmarks.bench [--full] [--readme benchmarks/README.md]`` measures, each in its own
process (peak memory is that process's maximum resident set size, from ``wait4``):

1. the array model and the per-agent Mesa reference (:mod:`benchmarks.reference`) stepping the
   same days at about 10,000 and 100,000 workers: simulated worker-days per second (workers in
   the market, averaged over the days, times days, over the seconds spent stepping; building the
   model is not timed, and a small model of the same class is stepped through a year first
   (:func:`warm_up`) so that numba's kernels are compiled or loaded before the clock starts)
   and their ratio; each is measured twice, in turns (array, reference, reference, array:
   :func:`in_turns`), and the means kept; a measurement of the array model repeats its run (a
   new model of the same seed each time) until it has stepped for :data:`ARRAY_MIN_SECONDS`
   and takes the mean;
2. ``python -m sim scale=S years=Y`` at scales 100, 10 and 1 (wall time of the whole command,
   start-up and output writing included), and the exponent k of time ~ workers^k fitted by least
   squares on the logarithms, both on the wall times and on the wall times less the start-up
   (``python -m sim --cfg job``: imports and config composition, no simulation);
3. with ``--full``, ``python -m sim scale=1 years=10``, twice (the mean and both times);
4. a sweep of 20 runs at scale 100 (``python -m sim -m replicate=range(0,20) scale=100``) with
   the local joblib launcher (``configs/hydra/launcher/local.yaml``), with its parallel jobs and
   with ``hydra.launcher.n_jobs=1``, twice each in turns: runs per minute and the speed-up; and
   the machine's ceiling for that speed-up (:func:`measure_ceiling`: a CPU-bound loop alone
   and as many copies at once as the sweep has jobs).

It prints a markdown table with the targets of issue #4 and, with ``--readme``, writes it into
the README between the markers ``<!-- bench:start -->`` and ``<!-- bench:end -->``, with the
machine it ran on and the command.
"""

import argparse
import gc
import json
import math
import os
import platform
import re
import shlex
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
GIB = 1024**3
TARGETS = {
    "ratio": 100.0,  # array model over reference, worker-days per second
    "full_seconds": 60.0,
    "full_bytes": 2 * GIB,
    "exponent": 1.1,
    "speedup": 1.7,
}


@dataclass
class Row:
    """One line of the table."""

    label: str
    workers: float  # simulated workers in the market, averaged over the run
    days: int  # simulated days
    seconds: float  # timed seconds (stepping for in-process rows, wall time for commands)
    peak_bytes: int
    ratio: float | None = None
    note: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def worker_days_per_second(self) -> float:
        return self.workers * self.days / self.seconds if self.seconds > 0 else math.nan


# ---------------------------------------------------------------------- measuring processes
def run_measured(command: list[str], cwd: Path = ROOT) -> tuple[float, int, str]:
    """Run ``command``; return its wall seconds, peak resident bytes and standard output.

    The peak is the largest resident set of the process or of any descendant it waited for
    (``wait4``'s ``ru_maxrss``), in bytes.
    """
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    out, err = _communicate_without_reaping(process)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"{shlex.join(command)} failed ({process.returncode}):\n{err[-3000:]}")
    return seconds, usage.ru_maxrss * 1024, out


def _communicate_without_reaping(process: subprocess.Popen) -> tuple[str, str]:
    """Read stdout and stderr to the end (the caller reaps the process with ``wait4``)."""
    chunks: dict[str, str] = {}

    def read(name, stream):
        chunks[name] = stream.read()

    threads = [
        threading.Thread(target=read, args=(name, stream))
        for name, stream in (("out", process.stdout), ("err", process.stderr))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return chunks["out"], chunks["err"]


# ---------------------------------------------------------------------- in-process stepping
WARM_UP_SCALE = 1000.0
"""Scale of the model :func:`warm_up` steps: about 900 workers, enough that every kernel runs."""


def warm_up(cls: type, seed: int) -> None:
    """Step a small model of ``cls`` through a whole year (hires through every channel, the
    monthly and yearly bookkeeping, the yearly drop of departed rows), so that numba compiles
    or loads from its cache every kernel and every argument type the timed runs call, before
    the clock starts. (A few weeks of a tiny model left about a dozen of them, a tenth of a
    second, to the first timed run.)"""
    from sim.config import DramaSimConfig

    model = cls(DramaSimConfig(scale=WARM_UP_SCALE, years=1, seed=seed))
    model.run()


def step_and_time(model_name: str, scale: float, days: int, seed: int, min_seconds: float) -> dict:
    """Build a model and step it ``days`` days, again from a new model of the same seed until
    the stepping has taken ``min_seconds`` in all (at least once); the mean timings as a dict
    (run in a child)."""
    sys.path.insert(0, str(ROOT))
    from benchmarks.reference import ReferenceModel, workers_alive
    from sim.config import DramaSimConfig
    from sim.model import DramaLabourModel

    cls = {"array": DramaLabourModel, "reference": ReferenceModel}[model_name]
    warm_up(cls, seed + 1)
    years = max(1, math.ceil(days / 365))
    builds, steppings = [], []
    while not steppings or sum(steppings) < min_seconds:
        gc.collect()  # the last repetition's model, outside the clock
        start = time.perf_counter()
        model = cls(DramaSimConfig(scale=scale, years=years, seed=seed))
        builds.append(time.perf_counter() - start)
        alive = [workers_alive(model)]
        stepping = 0.0
        done = 0
        worker_days = 0.0
        while done < days:
            steps = min(30, days - done)
            start = time.perf_counter()
            for _ in range(steps):
                model.step()
            stepping += time.perf_counter() - start
            done += steps
            alive.append(workers_alive(model))
            worker_days += steps * (alive[-2] + alive[-1]) / 2
        steppings.append(stepping)
        del model
    return {
        "model": model_name,
        "scale": scale,
        "days": days,
        "build_seconds": sum(builds) / len(builds),
        "step_seconds": sum(steppings) / len(steppings),
        "each_step_seconds": steppings,
        "workers_mean": worker_days / days,
        "workers_start": alive[0],
    }


def in_turns[T](first: Callable[[], T], second: Callable[[], T]) -> tuple[list[T], list[T]]:
    """Measure ``first`` and ``second`` twice each, in the order first, second, second, first:
    on a shared host whose speed drifts from one minute to the next, both then live through
    the same drift, and a steady drift cancels out of the ratio of their totals."""
    a, b = first(), second()
    b2, a2 = second(), first()
    return [a, a2], [b, b2]


ARRAY_MIN_SECONDS = 3.0
"""Stepping time each measurement of the array model gathers, repeating its run (its single
runs take a fraction of a second, over which the shared host's swings do not average out;
one run of the reference takes many seconds)."""


def measure_models(target_workers: int, days: int, seed: int) -> list[Row]:
    """The array model and the reference at about ``target_workers`` workers, each measured
    twice in turns (:func:`in_turns`); a row holds the mean of its two timings. Each
    measurement of the array model repeats the run until it has stepped for
    :data:`ARRAY_MIN_SECONDS` and takes the mean."""
    scale = scale_for(target_workers)

    def measure(name: str) -> tuple[int, dict]:
        min_seconds = ARRAY_MIN_SECONDS if name == "array" else 0.0
        command = [sys.executable, "-m", "benchmarks.bench", "--step", name]
        _, peak, out = run_measured(command + [str(scale), str(days), str(seed), str(min_seconds)])
        return peak, json.loads(out.strip().splitlines()[-1])

    rows = []
    measured = in_turns(lambda: measure("array"), lambda: measure("reference"))
    for name, runs in zip(("array", "reference"), measured, strict=True):
        label = "array model" if name == "array" else "per-agent Mesa reference"
        results = [result for _, result in runs]
        rows.append(
            Row(
                label=f"{label}, {target_workers:,} workers (scale {scale:g}), in-process",
                workers=results[0]["workers_mean"],
                days=days,
                seconds=sum(r["step_seconds"] for r in results) / len(results),
                peak_bytes=max(peak for peak, _ in runs),
                extra={"runs": results, "target_workers": target_workers},
            )
        )
    array, reference = rows
    array.ratio = array.worker_days_per_second / reference.worker_days_per_second
    reference.ratio = 1.0
    return rows


def baseline_workers() -> float:
    """Workers at scale 1 in the default configuration (both sectors and the gig pools)."""
    sys.path.insert(0, str(ROOT))
    from sim.config import DramaSimConfig

    config = DramaSimConfig()
    people = sum(config.scenario.micro_workforce.values())
    people += sum(config.scenario.long_workforce.values())
    people += config.policy.gig_pool_people * len(config.policy.gig_market_regions)
    return people


def scale_for(target_workers: int) -> float:
    """The scale (rounded to 3 significant digits) that gives about ``target_workers``."""
    scale = baseline_workers() / target_workers
    return float(f"{scale:.3g}")


# ---------------------------------------------------------------------- the command line
def sim_command(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "sim", *arguments]


def measure_cli(scale: float, years: int, label: str = "") -> Row:
    """``python -m sim scale=S years=Y`` into a temporary folder; workers from its timeseries."""
    import pandas as pd

    with tempfile.TemporaryDirectory(prefix="dramasim-bench-") as folder:
        command = sim_command(
            f"scale={scale:g}",
            f"years={years}",
            f"hydra.run.dir={folder}",
            "output.progress=false",
        )
        seconds, peak, _ = run_measured(command)
        timeseries = pd.read_parquet(Path(folder) / "timeseries.parquet")
    people = timeseries["workforce.micro"] + timeseries["workforce.long"]
    return Row(
        label=label or f"`python -m sim scale={scale:g} years={years}`",
        workers=float(people.mean()) / scale,
        days=years * 365,
        seconds=seconds,
        peak_bytes=peak,
        extra={"scale": scale, "years": years},
    )


def mean_row(rows: list[Row]) -> Row:
    """Repeated measurements of one command as one row: the mean time, the largest process;
    ``extra["each_seconds"]`` keeps every time."""
    first = rows[0]
    return Row(
        label=first.label,
        workers=first.workers,
        days=first.days,
        seconds=sum(row.seconds for row in rows) / len(rows),
        peak_bytes=max(row.peak_bytes for row in rows),
        extra={**first.extra, "each_seconds": [row.seconds for row in rows]},
    )


def measure_startup() -> tuple[float, int]:
    """Seconds and peak bytes of ``python -m sim --cfg job``: start-up without a simulation."""
    seconds, peak, _ = run_measured(sim_command("--cfg", "job"))
    return seconds, peak


def fit_exponent(workers: list[float], seconds: list[float]) -> float:
    """k in seconds ~ workers^k, least squares on the logarithms."""
    ok = [(w, s) for w, s in zip(workers, seconds, strict=True) if w > 0 and s > 0]
    if len(ok) < 2:
        return math.nan
    x, y = np.log([w for w, _ in ok]), np.log([s for _, s in ok])
    return float(np.polyfit(x, y, 1)[0])


def measure_sweep(runs: int, scale: float, years: int, n_jobs: int | None) -> dict:
    """A multirun of ``runs`` replicates; ``n_jobs`` None keeps the launcher's own setting."""
    with tempfile.TemporaryDirectory(prefix="dramasim-sweep-") as folder:
        arguments = [
            "-m",
            f"replicate=range(0,{runs})",
            f"scale={scale:g}",
            f"years={years}",
            f"hydra.sweep.dir={folder}",
            "output.progress=false",
        ]
        if n_jobs is not None:
            arguments.append(f"hydra.launcher.n_jobs={n_jobs}")
        seconds, peak, _ = run_measured(sim_command(*arguments))
        done = len(list(Path(folder).glob("*/summary.json")))
    if done != runs:
        raise RuntimeError(f"the sweep wrote {done} summaries, expected {runs}")
    return {"seconds": seconds, "peak_bytes": peak, "runs_per_minute": runs / seconds * 60}


def combine_sweeps(sweeps: list[dict]) -> dict:
    """Repeated measurements of one sweep: the mean time and the largest process."""
    seconds = sum(sweep["seconds"] for sweep in sweeps) / len(sweeps)
    return {
        "seconds": seconds,
        "each_seconds": [sweep["seconds"] for sweep in sweeps],
        "peak_bytes": max(sweep["peak_bytes"] for sweep in sweeps),
        "runs_per_minute": sweeps[0]["runs_per_minute"] * sweeps[0]["seconds"] / seconds,
    }


SPIN = "x = 0\nfor i in range({iterations}):\n    x += i * i % 7"
"""A CPU-bound Python loop: no memory traffic, no I/O, nothing shared between processes."""


def run_at_once(command: list[str], copies: int) -> float:
    """Wall seconds until ``copies`` processes of ``command``, started together, have all ended."""
    start = time.perf_counter()
    processes = [subprocess.Popen(command, cwd=ROOT) for _ in range(copies)]
    codes = [process.wait() for process in processes]
    if any(codes):
        raise RuntimeError(f"{shlex.join(command)} failed ({codes})")
    return time.perf_counter() - start


def measure_ceiling(jobs: int, iterations: int = 10_000_000) -> dict:
    """The most that running ``jobs`` processes at once can gain on this machine right now.

    The same CPU-bound loop (:data:`SPIN`) runs alone and as ``jobs`` copies at once, in turns
    (:func:`in_turns`). ``ceiling`` is the work done per second at once over alone: ``jobs``
    on as many free cores of their own; less where the cores share a physical core, their
    caches or the host's load (a virtual machine's cores often do). No sweep of ``jobs`` jobs
    can beat it, whatever its code.
    """
    command = [sys.executable, "-c", SPIN.format(iterations=iterations)]
    alone, together = in_turns(lambda: run_at_once(command, 1), lambda: run_at_once(command, jobs))
    alone_seconds, together_seconds = sum(alone) / len(alone), sum(together) / len(together)
    return {
        "jobs": jobs,
        "alone_seconds": alone_seconds,
        "together_seconds": together_seconds,
        "ceiling": jobs * alone_seconds / together_seconds,
    }


def launcher_jobs() -> int:
    """``n_jobs`` of the local launcher config."""
    text = (ROOT / "configs" / "hydra" / "launcher" / "local.yaml").read_text()
    found = re.search(r"^n_jobs:\s*(\d+)", text, re.MULTILINE)
    return int(found.group(1)) if found else 1


# ---------------------------------------------------------------------- the report
def machine() -> str:
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.MULTILINE)
        cpu = found.group(1).strip() if found else cpu
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        found = re.search(r"^MemTotal:\s*(\d+) kB", meminfo.read_text(), re.MULTILINE)
        memory = f", {int(found.group(1)) / 1024**2:.1f} GiB memory" if found else ""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = ", load average {:.1f} {:.1f} {:.1f} at the start".format(*os.getloadavg())
    return (
        f"{cores} cores ({cpu}){memory}{load}; {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}"
    )


def _both(measured: dict) -> str:
    return " and ".join(f"{seconds:.1f}" for seconds in measured["each_seconds"]) + " s"


def _mib(size: int) -> str:
    return f"{size / 1024**2:,.0f}"


def _seconds(seconds: float) -> str:
    return f"{seconds:.3g}" if seconds < 100 else f"{seconds:,.0f}"


def _check(ok: bool) -> str:
    return "met" if ok else "**not met**"


def table(rows: list[Row]) -> str:
    lines = [
        "| run | workers | simulated years | wall time (s) | worker-days/s | peak memory (MiB) "
        "| ratio to the reference |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        years = row.days / 365
        years_text = f"{years:g}" if years >= 1 else f"{years:.2f} ({row.days} days)"
        ratio = f"{row.ratio:,.1f}x" if row.ratio is not None else ""
        lines.append(
            f"| {row.label}{row.note} | {row.workers:,.0f} | {years_text} "
            f"| {_seconds(row.seconds)} | {row.worker_days_per_second:,.0f} "
            f"| {_mib(row.peak_bytes)} | {ratio} |"
        )
    return "\n".join(lines)


def report(
    model_rows: list[Row],
    cli_rows: list[Row],
    full: Row | None,
    startup: tuple[float, int],
    sweep: dict | None,
    command: str,
) -> str:
    references = [r for r in model_rows if r.label.startswith("per-agent")]
    for row in [*cli_rows, *([full] if full else [])]:
        if references:
            nearest = min(references, key=lambda r: abs(math.log(r.workers / row.workers)))
            row.ratio = row.worker_days_per_second / nearest.worker_days_per_second
    rows = [*model_rows, *cli_rows, *([full] if full else [])]
    out = [table(rows), ""]
    out.append(
        "In-process rows time the daily steps only (building the model is not timed); the "
        "array model and the reference step the same days from the same seed. Command rows "
        "time the whole `python -m sim` command (start-up, simulation, writing outputs); "
        "their ratio is against the reference row nearest in workers. Workers are simulated "
        "workers in the market, averaged over the run; peak memory is the process's maximum "
        "resident set."
    )
    out.append("")
    notes = []
    arrays = [r for r in model_rows if r.label.startswith("array") and r.ratio is not None]
    if arrays:
        ratios = ", ".join(
            f"{r.ratio:,.1f}x at {r.extra['target_workers']:,} workers" for r in arrays
        )
        met = _check(min(r.ratio for r in arrays) >= TARGETS["ratio"])
        notes.append(
            f"- Array model over the per-agent reference, worker-days per second: {ratios} "
            f"(target at least {TARGETS['ratio']:g}x: {met})."
        )
    if len(cli_rows) >= 2:
        workers = [r.workers for r in cli_rows]
        wall = [r.seconds for r in cli_rows]
        net = [max(s - startup[0], 1e-3) for s in wall]
        k_wall, k_net = fit_exponent(workers, wall), fit_exponent(workers, net)
        notes.append(
            f"- Cost against population, time ~ workers^k over the command rows: k = {k_wall:.2f} "
            f"on wall times, k = {k_net:.2f} net of the {startup[0]:.1f} s start-up "
            f"(`python -m sim --cfg job`, {_mib(startup[1])} MiB) (target k at most "
            f"{TARGETS['exponent']:g}: {_check(k_wall <= TARGETS['exponent'])} on wall times, "
            f"{_check(k_net <= TARGETS['exponent'])} net)."
        )
    if full is not None:
        fast = full.seconds < TARGETS["full_seconds"]
        small = full.peak_bytes < TARGETS["full_bytes"]
        each = full.extra.get("each_seconds", [full.seconds])
        runs = f" (mean of {len(each)} runs: {_both(full.extra)})" if len(each) > 1 else ""
        notes.append(
            f"- {full.label.strip()}: {full.seconds:,.1f} s{runs}, {_mib(full.peak_bytes)} MiB "
            f"(targets under {TARGETS['full_seconds']:g} s: {_check(fast)}; under "
            f"{TARGETS['full_bytes'] / GIB:g} GiB: {_check(small)})."
        )
    if sweep is not None:
        parallel, serial = sweep["parallel"], sweep["serial"]
        met = _check(sweep["speedup"] >= TARGETS["speedup"])
        notes.append(
            f"- Sweep of {sweep['runs']} runs at scale {sweep['scale']:g}, {sweep['years']} "
            f"simulated year(s) each, local joblib launcher: "
            f"{parallel['runs_per_minute']:.1f} runs/minute with {sweep['jobs']} parallel jobs "
            f"({_both(parallel)}, {_mib(parallel['peak_bytes'])} MiB in the largest process), "
            f"{serial['runs_per_minute']:.1f} runs/minute one at a time ({_both(serial)}): "
            f"speed-up {sweep['speedup']:.2f}x (target at least {TARGETS['speedup']:g}x on 2 "
            f"cores: {met}). Each sweep ran twice, in the order parallel, one at a time, one at "
            "a time, parallel; the figures are the means."
        )
        ceiling = sweep.get("ceiling")
        if ceiling is not None:
            notes.append(
                f"- The machine's ceiling for {ceiling['jobs']} jobs at the time: a CPU-bound "
                f"Python loop took {ceiling['alone_seconds']:.2f} s alone and "
                f"{ceiling['together_seconds']:.2f} s as {ceiling['jobs']} copies at once, so "
                f"{ceiling['jobs']} processes did {ceiling['ceiling']:.2f}x the work of one "
                "(the most any sweep of as many jobs can gain here); the sweep's speed-up is "
                f"{sweep['speedup'] / ceiling['ceiling']:.0%} of it. Measured twice in turns, "
                "right after the sweeps."
            )
    out.extend(notes)
    out.append("")
    out.append(f"Machine: {machine()}. Date: {datetime.now().strftime('%Y-%m-%d %H:%M')}.")
    out.append(f"Command: `{command}`.")
    return "\n".join(out)


def write_readme(path: Path, text: str) -> None:
    """Put ``text`` between the markers of ``path`` (appending them if missing)."""
    old = path.read_text() if path.exists() else ""
    block = f"{START}\n{text}\n{END}"
    if START in old and END in old:
        new = old[: old.index(START)] + block + old[old.index(END) + len(END) :]
    else:
        new = old.rstrip("\n") + ("\n\n" if old else "") + block + "\n"
    temporary = path.with_suffix(".tmp")
    temporary.write_text(new)
    temporary.replace(path)


# ---------------------------------------------------------------------- main
def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bench", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--workers",
        type=int,
        nargs="+",
        default=[10_000, 100_000],
        help="populations of the array-versus-reference rows (default: 10000 100000)",
    )
    parser.add_argument(
        "--days",
        type=int,
        nargs="+",
        default=[365, 30],
        help="days both models step at each population (default: 365 30); the last value "
        "repeats for further populations",
    )
    parser.add_argument(
        "--scales",
        type=float,
        nargs="*",
        default=[100.0, 10.0, 1.0],
        help="scales of the `python -m sim` rows (default: 100 10 1)",
    )
    parser.add_argument(
        "--scaling-years", type=int, default=1, help="years of the scaling rows (default: 1)"
    )
    parser.add_argument(
        "--full", action="store_true", help="also time `python -m sim scale=1 years=10`"
    )
    parser.add_argument("--full-scale", type=float, default=1.0, help=argparse.SUPPRESS)
    parser.add_argument("--full-years", type=int, default=10, help=argparse.SUPPRESS)
    parser.add_argument(
        "--sweep-runs", type=int, default=20, help="runs of the sweep rows; 0 skips them"
    )
    parser.add_argument("--sweep-scale", type=float, default=100.0, help="(default: 100)")
    parser.add_argument(
        "--sweep-years", type=int, default=5, help="(default: 5, the length of the studies' runs)"
    )
    parser.add_argument("--seed", type=int, default=2025, help="seed of the in-process rows")
    parser.add_argument(
        "--readme",
        type=Path,
        default=None,
        help="write the table into this README between the bench markers",
    )
    # child: MODEL SCALE DAYS SEED MIN_SECONDS
    parser.add_argument("--step", nargs=5, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_arguments(argv)
    if args.step:
        name, scale, days, seed, min_seconds = args.step
        result = step_and_time(name, float(scale), int(days), int(seed), float(min_seconds))
        print(json.dumps(result))
        return
    command = "python -m benchmarks.bench " + shlex.join(sys.argv[1:] if argv is None else argv)

    def progress(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    model_rows: list[Row] = []
    for i, workers in enumerate(args.workers):
        days = args.days[min(i, len(args.days) - 1)]
        progress(f"array model and reference at {workers:,} workers, {days} days ...")
        model_rows += measure_models(workers, days, args.seed)
    startup = measure_startup() if args.scales else (0.0, 0)
    cli_rows = []
    for scale in args.scales:
        progress(f"python -m sim scale={scale:g} years={args.scaling_years} ...")
        cli_rows.append(measure_cli(scale, args.scaling_years))
    full = None
    if args.full:
        progress(f"python -m sim scale={args.full_scale:g} years={args.full_years}, twice ...")
        full = mean_row([measure_cli(args.full_scale, args.full_years) for _ in range(2)])
        full.label += " (full scale)" if args.full_scale == 1 else ""
    sweep = None
    if args.sweep_runs:
        jobs = launcher_jobs()
        progress(
            f"sweep of {args.sweep_runs} runs, {jobs} parallel jobs and one at a time, twice, "
            f"then a CPU-bound loop alone and {jobs} at once ..."
        )
        parallel, serial = (
            combine_sweeps(sweeps)
            for sweeps in in_turns(
                lambda: measure_sweep(args.sweep_runs, args.sweep_scale, args.sweep_years, None),
                lambda: measure_sweep(args.sweep_runs, args.sweep_scale, args.sweep_years, 1),
            )
        )
        sweep = {
            "runs": args.sweep_runs,
            "scale": args.sweep_scale,
            "years": args.sweep_years,
            "jobs": jobs,
            "parallel": parallel,
            "serial": serial,
            "speedup": serial["seconds"] / parallel["seconds"],
            "ceiling": measure_ceiling(jobs),
        }
    text = report(model_rows, cli_rows, full, startup, sweep, command)
    print(text)
    if args.readme is not None:
        write_readme(args.readme, text)
        progress(f"wrote {args.readme}")


if __name__ == "__main__":
    main()
