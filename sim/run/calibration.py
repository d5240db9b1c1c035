"""``python -m sim.calibrate [hydra.sweep.dir=DIR] [calibrate.KEY=VALUE ...] [KEY=VALUE ...]``:
calibrate the model by ABC-SMC (:mod:`sim.run.abc`) against the emergent targets of
docs/model.md section 8, running every simulation through Hydra's launchers.

The parameters are those of ``analysis/parameters/ranges.yaml`` whose basis says **calibrated**
(or ``calibrate.include``), with uniform priors over their ranges; the targets are
:data:`sim.run.docs.CALIBRATION_TARGETS` (or ``calibrate.targets``). The distance of a
simulation is the root mean square over targets of its standardised miss: for a band
[low, high], (value - centre) / half-width; for a one-sided band (at least low), 0 when met and
1 plus the shortfall below low as a share of low when not. Either way a value inside its band
misses by at most 1 and a value outside it by more than 1, so a one-sided target weighs as much
as a two-sided one when it is missed. A failed run, or one missing a target, has an infinite
distance.

Each batch of candidates is one sweep of the ordinary command line,
``python -m sim -m parameters.posterior=DIR/candidates.parquet parameters.draw=replicate
replicate=range(a,b) ...`` into ``DIR/runs/<simulation>``: simulation ``i`` is replicate ``i``
(its own random streams) running row ``i`` of ``DIR/candidates.parquet``. The command line's
other overrides (``scale``, ``years``, ``hydra/launcher=slurm``...) go to every job. Candidates
are deterministic given ``seed``, so a calibration re-run into the same folder asks for the same
simulations and skips those already complete.

Writes into DIR: ``posterior.parquet`` (the last generation: a column per parameter and
``weight``, summing to 1), ``simulations.parquet`` (every simulation: generation, parameters,
targets, distance, accepted), ``calibration.json`` (settings, targets, generations),
``predictive.parquet`` (``calibrate.predictive`` fresh runs into ``DIR/predictive/``, each
drawing a particle from the posterior by weight: the posterior predictive check),
``calibration.md`` and ``figures/`` (:mod:`sim.analysis.calibration`).
"""

import json
import math
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path

import numpy as np
import pandas as pd
from hydra import initialize_config_dir
from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.errors import CompactHydraException, HydraException
from tqdm import tqdm

from hydra_plugins.dramasim_sweeper.dramasim_sweeper import holding
from sim.config import CalibrateConfig, DramaSimConfig, ParameterRange
from sim.files import atomic_file, write_text
from sim.run.abc import Generation, abc_smc
from sim.run.app import CONFIG_DIR, CONFIG_NAME, FAILED, USAGE_ERROR, compose_job, explain
from sim.run.design import _check_range
from sim.run.docs import CALIBRATION_TARGETS
from sim.run.outputs import DONE, PROVENANCE, SUMMARY
from sim.run.posterior import WEIGHT
from sim.run.validation import ConfigError

DEFAULT_DIR = "results/calibration"
CANDIDATES = "candidates.parquet"
SIMULATIONS = "simulations.parquet"
POSTERIOR = "posterior.parquet"
INFO = "calibration.json"
PREDICTIVE = "predictive.parquet"
RUNS = "runs"
PREDICTIVE_RUNS = "predictive"
CALIBRATED = "calibrated"
"""How the basis of a calibrated parameter starts in ``analysis/parameters/ranges.yaml``."""
POLL_SECONDS = 5.0
"""How often the progress bar counts finished simulations."""


def split_overrides(overrides: list[str]) -> tuple[str, list[str], list[str]]:
    """The sweep folder, the ``calibrate.*`` overrides and the overrides every job gets."""
    sweep_dir, own, jobs = DEFAULT_DIR, [], []
    try:
        parsed = OverridesParser.create().parse_overrides(overrides)
    except HydraException as error:
        raise explain(error, overrides) from None
    for override in parsed:
        key = override.key_or_group
        if key == "hydra.sweep.dir":
            sweep_dir = str(override.value())
        elif key == "calibrate" or key.startswith("calibrate."):
            own.append(override.input_line)
        else:
            jobs.append(override.input_line)
    return sweep_dir, own, jobs


def calibrated_parameters(calibrate: CalibrateConfig) -> list[ParameterRange]:
    """The parameters to calibrate, their ranges checked; raises :class:`ConfigError`."""
    known = [parameter.key for parameter in calibrate.parameters]
    unknown = [key for key in calibrate.include if key not in known]
    if unknown:
        raise ConfigError(
            "calibrate.include", unknown[0], f"keys of calibrate.parameters: {', '.join(known)}"
        )
    chosen = [
        parameter
        for parameter in calibrate.parameters
        if parameter.key in calibrate.include
        or (not calibrate.include and parameter.basis.startswith(CALIBRATED))
    ]
    if not chosen:
        raise ConfigError(
            "calibrate.include", list(calibrate.include), "at least one parameter", "is empty"
        )
    for parameter in chosen:
        _check_range(parameter)
    return chosen


def chosen_targets(calibrate: CalibrateConfig) -> list[dict]:
    """The targets (key, band as written, low, high, source); raises :class:`ConfigError`."""
    table = {key: (band, low, high, source) for key, band, low, high, source in CALIBRATION_TARGETS}
    unknown = [key for key in calibrate.targets if key not in table]
    if unknown:
        raise ConfigError(
            "calibrate.targets", unknown[0], f"emergent targets: {', '.join(table)}", "is unknown"
        )
    keys = calibrate.targets or list(table)
    return [
        dict(zip(("key", "band", "low", "high", "source"), (key, *table[key]), strict=True))
        for key in keys
    ]


def check_settings(calibrate: CalibrateConfig) -> None:
    """The budget must pay for the prior's generation and at least one more."""
    if calibrate.budget < 2 * calibrate.population:
        raise ConfigError(
            "calibrate.budget",
            calibrate.budget,
            f"at least 2 x calibrate.population = {2 * calibrate.population} (a generation from "
            "the prior and one more)",
            problem="is too small",
        )


def standardised_misses(summaries: pd.DataFrame, targets: list[dict]) -> pd.DataFrame:
    """Each simulation's miss of each target, in units of the target's band (see the module's
    docstring); NaN where a value is missing."""
    misses = {}
    for target in targets:
        values = pd.to_numeric(summaries.get(target["key"]), errors="coerce")
        low, high = target["low"], target["high"]
        if high is None:  # outside the band: more than 1, as for a two-sided band
            misses[target["key"]] = np.where(values >= low, 0.0, 1 + (low - values) / abs(low))
        else:
            misses[target["key"]] = (values - (low + high) / 2) / ((high - low) / 2)
    return pd.DataFrame(misses, index=summaries.index)


def distances(summaries: pd.DataFrame, targets: list[dict]) -> np.ndarray:
    """Root mean square of the standardised misses; inf for a missing value."""
    misses = standardised_misses(summaries, targets).to_numpy(dtype=float)
    rms = np.sqrt(np.mean(misses**2, axis=1))
    return np.where(np.isnan(rms), np.inf, rms)


def read_summaries(runs_dir: Path, simulations: range, keys: list[str]) -> pd.DataFrame:
    """The ``keys`` of each simulation's summary (NaN for a failed or missing run)."""
    rows = []
    for number in simulations:
        folder = runs_dir / str(number)
        summary = {}
        if (folder / DONE).is_file():
            summary = json.loads((folder / SUMMARY).read_text())
        rows.append({key: summary.get(key, math.nan) for key in keys})
    return pd.DataFrame(rows, index=pd.Index(list(simulations), name="simulation"))


def write_parquet(table: pd.DataFrame, path: Path, index: bool = False) -> None:
    with atomic_file(path, "wb") as handle:
        table.to_parquet(handle, index=index)


class Calibration:
    """The simulations of one calibration folder: runs batches as sweeps and keeps the record."""

    def __init__(self, sweep_dir: Path, targets: list[dict], job_overrides: list[str]):
        self.dir = Path(sweep_dir)
        self.targets = targets
        self.job_overrides = job_overrides
        self.record = pd.DataFrame()
        self.bar: tqdm | None = None

    def sweep_command(
        self, first: int, count: int, table: str = CANDIDATES, draw: str = "replicate"
    ) -> list[str]:
        """The command line of the sweep of replicates ``first`` to ``first + count - 1``, each
        taking its parameters from ``DIR/<table>`` (``parameters.draw=draw``)."""
        folder = RUNS if table == CANDIDATES else PREDICTIVE_RUNS
        return [
            sys.executable,
            "-m",
            "sim",
            "-m",
            f"hydra.sweep.dir={self.dir / folder}",
            "hydra.sweep.subdir=${replicate}",
            "hydra/sweeper=dramasim",
            f"parameters.posterior={self.dir / table}",
            f"parameters.draw={draw}",
            f"replicate=range({first},{first + count})",
            *self.job_overrides,
        ]

    def run_sweep(self, command: list[str], folder: Path, numbers: range) -> Path:
        """Run one sweep, its output into a log file, moving the progress bar; the log's path.
        Raises RuntimeError if the sweep refused its configuration."""
        log_path = self.dir / "logs" / f"{folder.name}_{numbers[0]}-{numbers[-1]}.log"
        log_path.parent.mkdir(parents=True, exist_ok=True)
        with open(log_path, "w") as log:
            process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
            self._wait(process, folder, numbers)
        if process.returncode == USAGE_ERROR:
            raise RuntimeError(f"the sweep's configuration was refused; see {log_path}")
        if process.returncode != 0:
            tqdm.write(f"Some simulations failed; see {log_path}")
        return log_path

    def simulate(self, candidates: pd.DataFrame, generation: int) -> np.ndarray:
        """Run ``candidates`` as one sweep; their distances. Numbers them (the index)."""
        first = len(self.record)
        numbers = range(first, first + len(candidates))
        candidates.index = pd.Index(list(numbers), name="simulation")
        batch = candidates.assign(generation=generation)
        self.record = pd.concat([self.record, batch]) if len(self.record) else batch
        keys = list(candidates.columns)
        write_parquet(self.record[keys].reset_index(drop=True), self.dir / CANDIDATES)
        self.run_sweep(self.sweep_command(first, len(candidates)), self.dir / RUNS, numbers)
        summaries = read_summaries(self.dir / RUNS, numbers, [t["key"] for t in self.targets])
        found = distances(summaries, self.targets)
        for key in summaries:
            self.record.loc[list(numbers), key] = summaries[key]
        self.record.loc[list(numbers), "distance"] = found
        return found

    def _wait(self, process: subprocess.Popen, folder: Path, numbers: range) -> None:
        """Wait for the sweep, moving the progress bar as its simulations finish."""
        counted = 0
        while True:
            try:
                process.wait(timeout=POLL_SECONDS)
                finished = True
            except subprocess.TimeoutExpired:
                finished = False
            done = sum((folder / str(n) / DONE).is_file() for n in numbers)
            done = len(numbers) if finished else done
            if self.bar is not None:
                self.bar.update(done - counted)
            counted = done
            if finished:
                return

    def finish(self, generations: list[Generation]) -> pd.DataFrame:
        """Write the posterior and the record of every simulation; return the posterior."""
        final = generations[-1]
        posterior = final.particles.reset_index(drop=True).assign(**{WEIGHT: final.weights})
        write_parquet(posterior, self.dir / POSTERIOR)
        self.record["accepted_in"] = -1
        for generation in generations:
            self.record.loc[generation.particles.index, "accepted_in"] = generation.number
        self.record["in_posterior"] = False
        self.record.loc[final.particles.index, "in_posterior"] = True
        self.record.loc[final.particles.index, WEIGHT] = final.weights
        write_parquet(self.record, self.dir / SIMULATIONS, index=True)
        return posterior

    def predict(self, count: int) -> pd.DataFrame:
        """The posterior predictive check on fresh runs: ``count`` runs drawing their particle
        from the posterior by weight, with replicates no calibration run used (fresh noise);
        their particles, parameters and targets, written to ``DIR/predictive.parquet``."""
        first = len(self.record)
        numbers = range(first, first + count)
        command = self.sweep_command(first, count, POSTERIOR, "weight")
        self.run_sweep(command, self.dir / PREDICTIVE_RUNS, numbers)
        keys = [t["key"] for t in self.targets]
        table = read_summaries(self.dir / PREDICTIVE_RUNS, numbers, keys)
        table.index.name = "replicate"
        particles = []
        for number in numbers:
            path = self.dir / PREDICTIVE_RUNS / str(number) / PROVENANCE
            drawn = json.loads(path.read_text())["posterior_draw"] if path.is_file() else {}
            particles.append(drawn.get("particle", -1))
        table.insert(0, "particle", particles)
        write_parquet(table, self.dir / PREDICTIVE, index=True)
        return table


def generation_info(generation: Generation) -> dict:
    return {
        "generation": generation.number,
        "epsilon": generation.epsilon if math.isfinite(generation.epsilon) else None,
        "simulations": generation.simulations,
        "accepted": len(generation.particles),
        "acceptance": generation.acceptance,
        "effective_size": generation.effective_size,
    }


def calibrate(overrides: list[str]) -> Path:
    """Run a calibration from command-line overrides; the folder it wrote. Raises
    :class:`ConfigError` before any simulation for a bad setting."""
    sweep_dir, own, job_overrides = split_overrides(overrides)
    with initialize_config_dir(str(CONFIG_DIR), version_base="1.3", job_name="calibrate"):
        config: DramaSimConfig = compose_job([*job_overrides, "+calibrate=default", *own])
        compose_job(job_overrides, CONFIG_NAME)  # the jobs' own config, as they will compose it
    settings = config.calibrate
    check_settings(settings)
    parameters = calibrated_parameters(settings)
    targets = chosen_targets(settings)
    sweep_dir = Path(sweep_dir).resolve()
    with holding(sweep_dir):  # one calibration at a time in a folder
        return run_calibration(sweep_dir, overrides, config, parameters, targets, job_overrides)


def run_calibration(
    sweep_dir: Path,
    overrides: list[str],
    config: DramaSimConfig,
    parameters: list[ParameterRange],
    targets: list[dict],
    job_overrides: list[str],
) -> Path:
    """Run the checked calibration into ``sweep_dir`` (held) and write its report."""
    settings = config.calibrate
    info = {
        "command": ["python", "-m", "sim.calibrate", *overrides],
        "settings": {k: v for k, v in asdict(settings).items() if k != "parameters"},
        "seed": config.seed,
        "scale": config.scale,
        "years": config.years,
        "parameters": [asdict(parameter) for parameter in parameters],
        "targets": targets,
        "distance": "root mean square of standardised misses (docs/calibration.md)",
    }
    write_text(sweep_dir / INFO, json.dumps(info, indent=2) + "\n")
    calibration = Calibration(sweep_dir, targets, job_overrides)
    started = time.perf_counter()
    generations_info = []

    def report(generation: Generation) -> None:
        generations_info.append(generation_info(generation))
        tolerance = "-" if generation.number == 0 else f"{generation.epsilon:.3g}"
        tqdm.write(
            f"Generation {generation.number}: tolerance {tolerance}, "
            f"{len(generation.particles)} accepted of {generation.simulations} simulations, "
            f"effective size {generation.effective_size:.0f}, "
            f"{time.perf_counter() - started:.0f} s elapsed"
        )

    total = settings.budget + settings.predictive
    with tqdm(total=total, desc="Calibrating", unit="sim", file=sys.stderr) as bar:
        calibration.bar = bar
        generations = abc_smc(
            {p.key: (p.low, p.high) for p in parameters},
            calibration.simulate,
            settings.population,
            settings.budget,
            settings.quantile,
            settings.min_accepted_share,
            config.seed,
            report,
        )
        calibration.finish(generations)
        if settings.predictive:
            calibration.predict(settings.predictive)
    info["generations"] = generations_info
    info["simulations_used"] = len(calibration.record)
    info["wall_seconds"] = round(time.perf_counter() - started, 1)
    write_text(sweep_dir / INFO, json.dumps(info, indent=2) + "\n")
    from sim.analysis.calibration import write_report

    written = write_report(sweep_dir)
    print(
        f"Calibration: {info['simulations_used']} simulations and {settings.predictive} "
        f"predictive runs in {info['wall_seconds']:.0f} s; "
        f"posterior {sweep_dir / POSTERIOR}; report {written[0]}; {len(written) - 1} figure files"
    )
    return sweep_dir


def main() -> None:
    """The command line (see the module's docstring; ``--help`` prints it)."""
    if {"-h", "--help"} & set(sys.argv[1:]):
        print(__doc__)
        return
    try:
        calibrate(sys.argv[1:])
    except ConfigError as error:
        print(error, file=sys.stderr)
        sys.exit(USAGE_ERROR)
    except CompactHydraException as error:  # another calibration holds the folder
        print(error, file=sys.stderr)
        sys.exit(FAILED)
