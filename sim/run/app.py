"""The command line of dramasim: ``python -m sim [--multirun] [KEY=VALUE ...]``, built on Hydra.

A thin layer around the model: compose the configuration from ``configs/`` (typed by
:class:`~sim.config.DramaSimConfig`, registered in Hydra's ConfigStore as ``dramasim_schema``),
validate it, run :class:`~sim.model.DramaLabourModel` day by day with a progress bar, write
``summary.json``, ``timeseries.parquet`` and ``provenance.json`` into Hydra's output folder and
print the key metrics.

Before Hydra starts, :func:`main` composes every job of the command line itself and validates
it, so a bad configuration (unknown key, wrong type, value out of range) stops with one
paragraph naming the key, the value and what is allowed, and exit code 2, before any
simulation starts or any output folder exists.

Start-up is kept short because every job of a sweep pays it: the model (and with it Mesa,
pandas, SciPy, networkx and numba) is imported only when a simulation runs, so ``--cfg``,
``--help`` and the parent process of a parallel sweep never load it; the jobs of a sweep that
differ only in plain values share one composition in the check; and Hydra's sweeper does not
compose the jobs the check has just composed a second time.
"""

import copy
import errno
import importlib.util
import logging
import os
import re
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import date, timedelta
from pathlib import Path

import hydra
from hydra import compose, initialize_config_dir
from hydra.core.config_store import ConfigStore
from hydra.core.hydra_config import HydraConfig
from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.core.override_parser.types import Override
from hydra.errors import (
    CompactHydraException,
    HydraException,
    MissingConfigException,
    OverrideParseException,
)
from hydra.types import RunMode
from omegaconf import DictConfig, OmegaConf, open_dict
from omegaconf.errors import (
    ConfigAttributeError,
    ConfigKeyError,
    OmegaConfBaseException,
    ValidationError,
)

import sim
from hydra_plugins.dramasim_sweeper import dramasim_sweeper
from hydra_plugins.dramasim_sweeper.dramasim_sweeper import (
    DramaSimSweeperConf,
    mark_checked,
    with_replicates,
)
from sim.config import DramaSimConfig
from sim.files import remove_leftovers
from sim.run.hydra_private import (
    BASIC_SWEEPER_TARGET,
    BasicSweeper,
    apply_value_overrides,
    compose_with_hydra,
    config_group_exists,
    full_errors,
    get_args_parser,
)
from sim.run.outputs import (
    DONE,
    ERROR,
    SUMMARY,
    format_summary,
    is_complete,
    write_outputs,
    write_text,
)
from sim.run.posterior import apply_posterior, provenance_of_draw
from sim.run.provenance import provenance, start
from sim.run.validation import (
    UNKNOWN,
    ConfigError,
    describe_allowed,
    describe_keys,
    is_role_table,
    validate,
)
from sim.vocabulary import ROLES


def config_dir() -> Path:
    """The folder of the Hydra configs: the package ``sim.configs``.

    setuptools maps that package onto the top-level ``configs/`` folder, where users edit the
    configs: an editable install finds it there, and the wheel ships it as ``sim/configs/``. A
    checkout that is not installed (``sim`` imported from the working folder) has no such
    package; its configs are the ``configs/`` folder beside ``sim/``.
    """
    spec = importlib.util.find_spec("sim.configs")
    if spec is None or not spec.submodule_search_locations:
        return Path(sim.__file__).resolve().parent.parent / "configs"
    return Path(spec.submodule_search_locations[0]).resolve()


CONFIG_DIR = config_dir()
CONFIG_NAME = "config"
SCHEMA_NAME = "dramasim_schema"
JOB_NAME = "dramasim"
USAGE_ERROR = 2
"""Exit code of a command stopped by a bad configuration."""
FAILED = 1
"""Exit code of a command that failed, a full disk or a read-only folder among the causes."""
CANNOT_WRITE = frozenset(
    {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EFBIG}
)
"""errno values of an output folder that cannot be written: full, read-only or forbidden."""
HYDRA_KEYS = "a key and value of Hydra's own settings (`python -m sim --cfg hydra` lists them)"

log = logging.getLogger(__name__)

ConfigStore.instance().store(name=SCHEMA_NAME, node=DramaSimConfig)


def to_config(cfg: DictConfig) -> DramaSimConfig:
    """The validated typed configuration of a composed config (without its ``hydra`` node).

    The values of the particle drawn from ``parameters.posterior``, if any, are put into
    ``cfg`` first (:mod:`sim.run.posterior`). Raises :class:`ConfigError` if a value is invalid.
    """
    apply_posterior(cfg)
    config = OmegaConf.to_object(cfg)
    validate(config)
    return config


def _one_line(text: str) -> str:
    return " ".join(text.split()).rstrip(".")


def _culprit(message: str, overrides: list[str]) -> Override | None:
    """The command-line override that a Hydra error message quotes, if any."""
    for override in OverridesParser.create().parse_overrides(overrides):
        line, key = override.input_line, override.key_or_group
        if message.endswith(f"override {line}") or f"'{key}'" in message or f"'{line}'" in message:
            return override
    return None


def _raw_value(override: Override) -> str:
    """The value of an override as typed on the command line."""
    return override.input_line.partition("=")[2]


def explain(error: Exception, overrides: list[str]) -> ConfigError:
    """Turn a Hydra or OmegaConf error met while composing ``overrides`` into a ConfigError."""
    if isinstance(error, MissingConfigException) and error.missing_cfg_file:
        group, _, option = error.missing_cfg_file.rpartition("/")
        return ConfigError(
            group or "--config-name",
            option,
            f"one of {', '.join(error.options)}" if error.options else "an existing config file",
            problem="is not a known option",
        )
    if isinstance(error, OverrideParseException):
        key, _, value = error.override.partition("=")
        return ConfigError(
            key.lstrip("+~"),
            value,
            "KEY=VALUE in Hydra's override syntax",
            problem=f"cannot be parsed ({_one_line(error.message)})",
        )
    message = str(error)
    rejected = f"was rejected ({_one_line(message)})"
    culprit = _culprit(message, overrides)
    if culprit is None:
        found = re.search(r"full_key: (\S+)", message)
        if found is None:
            return ConfigError("configuration", UNKNOWN, "a config Hydra can compose", rejected)
        return ConfigError(found.group(1), UNKNOWN, describe_allowed(found.group(1)), rejected)
    key = culprit.key_or_group
    value = _raw_value(culprit) if culprit.is_sweep_override() else culprit.value()
    cause = error if isinstance(error, OmegaConfBaseException) else error.__cause__
    if isinstance(cause, ConfigKeyError | ConfigAttributeError):
        return _unknown_key(culprit, value, cause.full_key or key)
    allowed = HYDRA_KEYS if key.startswith("hydra") else describe_allowed(key)
    problem = "has the wrong type" if isinstance(cause, ValidationError) else rejected
    return ConfigError(key, value, allowed, problem)


def _unknown_key(override: Override, value: object, missing: str) -> ConfigError:
    """An override of a key the config lacks; ``missing`` is the dotted key of the first gap."""
    key = override.key_or_group
    parent, _, name = missing.rpartition(".")
    if key.startswith("hydra"):
        return ConfigError(key, value, HYDRA_KEYS, problem="is not a known key")
    if is_role_table(parent) and name in ROLES:
        return ConfigError(
            key,
            value,
            f"adding the role with a leading plus: `+{override.input_line}`",
            problem="is a role this table does not hold yet",
        )
    return ConfigError(key, value, describe_keys(parent), problem="is not a known key")


def compose_job(overrides: list[str], config_name: str = CONFIG_NAME) -> DramaSimConfig:
    """Compose and validate one job's configuration; Hydra must be initialised on CONFIG_DIR.

    Raises :class:`ConfigError` for any problem, composition errors included.
    """
    try:
        return to_config(compose(config_name, overrides=overrides))
    except (HydraException, OmegaConfBaseException) as error:
        raise explain(error, overrides) from None
    except ValueError as error:  # Hydra's, for a group given a number or true/false
        if not str(error).startswith("Config group override must be"):
            raise
        raise _not_an_option(overrides) from None


def _not_an_option(overrides: list[str]) -> ConfigError:
    """The override that gives a config group (a folder of ``configs/``) a value that is not a
    name, such as ``ai=false``."""
    for override in OverridesParser.create().parse_overrides(overrides):
        group = CONFIG_DIR / override.key_or_group
        if group.is_dir() and not isinstance(override.value(), str | list):
            options = sorted(path.stem for path in group.glob("*.yaml"))
            return ConfigError(
                override.key_or_group,
                _raw_value(override),
                f"one of {', '.join(options)}",
                problem="is not a known option",
            )
    return ConfigError("configuration", UNKNOWN, "a config Hydra can compose", "was rejected")


def _shapes_composition(override: Override) -> bool:
    """True if ``override`` changes which config files are merged or how, as opposed to setting
    a value in the merged config.

    The rule is Hydra's own (see use 4 in :mod:`sim.run.hydra_private`): an override of a
    config group, unless its value is a dict, picks config files; any other override is applied
    to the merged config afterwards. Hydra's settings (the search path among them) and sweeps
    count as shaping too, so that Hydra itself composes and checks them.
    """
    if override.key_or_group.startswith("hydra") or override.is_sweep_override():
        return True
    return config_group_exists(override.key_or_group) and not isinstance(override.value(), dict)


def composed_jobs(jobs: list[list[str]], config_name: str) -> Iterator[DramaSimConfig]:
    """The validated configuration of each job; Hydra must be initialised on CONFIG_DIR.

    Composing takes about 0.2 s a job, and a sweep's jobs usually differ only in values
    (``seed``, ``replicate``, ``scale``...). So jobs with the same config-group choices and Hydra
    settings share one composition, and each job's value overrides are then applied to a copy
    of it with Hydra's own function, in the order Hydra applies them: the same config and the
    same errors as composing each job whole (:func:`compose_job`). With a config search path
    beyond CONFIG_DIR, where the config groups are not known in advance, each job is composed
    whole.

    Raises :class:`ConfigError` at the first bad job.
    """
    parser = OverridesParser.create()
    composed: dict[tuple[str, ...], DictConfig | None] = {}
    for job in jobs:
        try:
            parsed = parser.parse_overrides(job)
        except (HydraException, OmegaConfBaseException) as error:
            raise explain(error, job) from None
        shapes = [_shapes_composition(override) for override in parsed]
        key = tuple(o.input_line for o, shaping in zip(parsed, shapes, strict=True) if shaping)
        if key not in composed:
            composed[key] = _composed_without_values(key, job, config_name)
        if composed[key] is None:
            yield compose_job(job, config_name)
            continue
        cfg = copy.deepcopy(composed[key])
        values = [o for o, shaping in zip(parsed, shapes, strict=True) if not shaping]
        try:
            apply_value_overrides(values, cfg)
            config = to_config(cfg)
        except (HydraException, OmegaConfBaseException) as error:
            raise explain(error, job) from None
        yield config


def _composed_without_values(
    shaping: tuple[str, ...], job: list[str], config_name: str
) -> DictConfig | None:
    """The config composed with only the ``shaping`` overrides of ``job``, without its
    ``hydra`` node; None if it sets a config search path (see :func:`composed_jobs`)."""
    if any(line.lstrip("+~").startswith("hydra.searchpath") for line in shaping):
        return None
    try:
        cfg = compose(config_name, overrides=list(shaping), return_hydra_config=True)
    except (HydraException, OmegaConfBaseException) as error:
        raise explain(error, job) from None
    if cfg.hydra.searchpath:
        return None
    with open_dict(cfg):
        del cfg["hydra"]
    return cfg


def sweep_jobs(overrides: list[str], config_name: str) -> tuple[list[str], list[list[str]]]:
    """The Hydra overrides of a multirun, and the task overrides of each of its jobs, as the
    sweeper will launch them.

    Sweeps come from the command line and from ``hydra.sweeper.params`` in the configs (named
    experiments set them); the ``dramasim`` sweeper adds its replicates.
    """
    _, hydra_overrides, jobs = _multirun(overrides, config_name)
    return hydra_overrides, jobs


def _multirun(overrides: list[str], config_name: str) -> tuple[str, list[str], list[list[str]]]:
    """The ``_target_`` of the sweeper, and :func:`sweep_jobs`."""
    try:
        cfg = compose_with_hydra(config_name, overrides)
    except (HydraException, OmegaConfBaseException) as error:
        raise explain(error, overrides) from None
    params = [f"{key}={value}" for key, value in (cfg.hydra.sweeper.params or {}).items()]
    parser = OverridesParser.create()
    parsed = parser.parse_overrides(params + overrides)
    hydra_overrides = [o.input_line for o in parsed if o.is_hydra_override()]
    task = [o for o in parsed if not o.is_hydra_override()]
    if cfg.get("analysis") is not None:  # a sensitivity design: a job per row
        from sim.run.design import analysis_sweep

        jobs = analysis_sweep(cfg, [o.input_line for o in task], None)
        return str(cfg.hydra.sweeper.get("_target_")), hydra_overrides, jobs
    if cfg.hydra.sweeper.get("_target_") == DramaSimSweeperConf._target_:
        lines = with_replicates([o.input_line for o in task], int(cfg.get("replicates", 1)))
        task = parser.parse_overrides(lines)
    for override in task:
        if override.is_sweep_override() and not override.is_discrete_sweep():
            raise ConfigError(
                override.key_or_group,
                _raw_value(override),
                "a list of values (a,b,c), range(start,stop,step) or choice(a,b,c)",
                problem="is a sweep that cannot be listed job by job",
            )
    [jobs] = BasicSweeper.split_arguments(task, max_batch_size=None)
    return str(cfg.hydra.sweeper.get("_target_")), hydra_overrides, jobs


def job_overrides(overrides: list[str], config_name: str) -> list[list[str]]:
    """The overrides of each job of a multirun, Hydra's first (see :func:`sweep_jobs`)."""
    hydra_overrides, jobs = sweep_jobs(overrides, config_name)
    return [hydra_overrides + job for job in jobs]


def check_command_line(
    overrides: list[str], config_name: str, multirun: bool
) -> tuple[list[list[str]], str | None]:
    """Compose and validate every job the command line asks for; return the task overrides of
    each job of a multirun (none for a single run) and the ``_target_`` of its sweeper.

    Raises :class:`ConfigError` at the first bad job.
    """
    with initialize_config_dir(str(CONFIG_DIR), version_base="1.3", job_name=JOB_NAME):
        if not multirun:
            compose_job(overrides, config_name)
            return [], None
        sweeper, hydra_overrides, jobs = _multirun(overrides, config_name)
        for _ in composed_jobs([hydra_overrides + job for job in jobs], config_name):
            pass
        return jobs, sweeper


CHECKED_SWEEPER = "hydra/sweeper=checked"
"""The override that runs a sweep of Hydra's basic sweeper through its dramasim subclass,
which holds the sweep's folder and launches the checked jobs without composing them again."""


def simulated_date(days_done: int) -> str:
    """The date reached after ``days_done`` simulated days (365-day years from START_YEAR)."""
    from sim.model.recorder import START_YEAR
    from sim.vocabulary import DAYS_PER_YEAR

    years, day_of_year = divmod(days_done, DAYS_PER_YEAR)
    in_a_common_year = date(2001, 1, 1) + timedelta(days=day_of_year)
    return in_a_common_year.replace(year=START_YEAR + years).isoformat()


@contextmanager
def progress_bar(total_days: int, enabled: bool) -> Iterator[Callable[[int, int], None] | None]:
    """A progress callback for :meth:`DramaLabourModel.run`, drawn on stderr by tqdm.

    The callback takes the number of days simulated so far and the total. The bar shows the
    simulated date, days simulated a second and the time left. It is drawn only when
    ``enabled`` and stderr is a terminal; otherwise there is no callback (None), so that a
    run without a bar (every job of a sweep) pays nothing a day for it.
    """
    from tqdm import tqdm

    with tqdm(
        total=total_days,
        desc="Simulating",
        unit="day",
        file=sys.stderr,
        disable=not (enabled and sys.stderr.isatty()),
        dynamic_ncols=True,
    ) as bar:
        if bar.disable:
            yield None
            return

        def advance(day: int, total_days: int) -> None:
            bar.set_postfix_str(simulated_date(day), refresh=False)
            bar.update(day - bar.n)

        yield advance


def run_simulation(
    config: DramaSimConfig, output_dir: Path, config_text: str, show_progress: bool
) -> dict[str, float] | None:
    """Run one simulation and write its outputs into ``output_dir``; return its summary.

    Does nothing and returns None when ``output_dir`` already holds the complete outputs of the
    same configuration (``config_text``, the resolved config as YAML). If the model fails, its
    traceback goes to ``error.txt`` in ``output_dir`` and the exception is raised again.
    """
    output_dir = Path(output_dir)
    if output_dir.is_dir():
        remove_leftovers(output_dir)  # temporary files of a run killed while writing
    if is_complete(output_dir, config_text):
        log.info("Skipping: %s already holds the complete outputs of this run", output_dir)
        return None
    if (output_dir / SUMMARY).exists():
        log.warning("Replacing the incomplete or other-config outputs in %s", output_dir)
    (output_dir / DONE).unlink(missing_ok=True)  # a stale marker would count the job as done
    log.info(
        "Simulating %d years at scale %g (seed %d, replicate %d)",
        config.years,
        config.scale,
        config.seed,
        config.replicate,
    )
    output_dir.mkdir(parents=True, exist_ok=True)
    started = start()
    try:
        from sim.model import DramaLabourModel
        from sim.vocabulary import DAYS_PER_YEAR

        model = DramaLabourModel(config)
        with progress_bar(config.years * DAYS_PER_YEAR, show_progress) as progress:
            model.run(progress=progress)
        summary = model.summary()
        drawn = (
            {"posterior_draw": provenance_of_draw(config)} if config.parameters.posterior else {}
        )
        write_outputs(
            output_dir, summary, model.timeseries(), config_text, provenance(started) | drawn
        )
    except Exception:
        with suppress(OSError):  # a full disk or a read-only folder: the error itself says so
            write_text(output_dir / ERROR, traceback.format_exc())
        raise
    return summary


@hydra.main(config_path=str(CONFIG_DIR), config_name=CONFIG_NAME, version_base="1.3")
def run(cfg: DictConfig) -> None:
    """Hydra's task: one simulation into Hydra's output folder, then a printed summary."""
    logging.raiseExceptions = False  # a log file on a full disk must not print tracebacks
    hydra_config = HydraConfig.get()
    output_dir = Path(hydra_config.runtime.output_dir)
    config = to_config(cfg)
    if hydra_config.mode == RunMode.MULTIRUN:  # jobs share the cores: one thread each
        from sim.engine.threads import one_per_job

        one_per_job()
    show_progress = config.output.progress and hydra_config.mode == RunMode.RUN
    summary = run_simulation(
        config, output_dir, OmegaConf.to_yaml(cfg, resolve=True), show_progress
    )
    if summary is not None and hydra_config.mode == RunMode.RUN:
        print(format_summary(summary))
    print(f"Outputs: {output_dir}")


def show_parameter_reference() -> None:
    """``--help``: the parameters of the config schema (:mod:`sim.run.help_text`), not Hydra's app
    help; ``--hydra-help`` shows Hydra's own."""
    from sim.run.help_text import parameter_reference

    try:
        print(parameter_reference(CONFIG_DIR))
        sys.stdout.flush()
    except BrokenPipeError:  # read by a pager or `head` that stopped early
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def main() -> None:
    """``python -m sim``: check the configuration of every job, then hand over to Hydra.

    ``--help`` prints the parameter reference instead. The check is left to the run itself when
    the command line only asks for information, or points Hydra at other config folders
    (``-cp``, ``-cd``).
    """
    args = get_args_parser().parse_args()
    if args.help:
        show_parameter_reference()
        return
    only_informs = args.help or args.hydra_help or args.info or args.shell_completion
    other_configs = args.config_path or args.config_dir or args.experimental_rerun
    if not (only_informs or other_configs):
        try:
            jobs, sweeper = check_command_line(
                args.overrides, args.config_name or CONFIG_NAME, args.multirun
            )
        except ConfigError as error:
            print(error, file=sys.stderr)
            sys.exit(USAGE_ERROR)
        if args.multirun:
            mark_checked(jobs)
        if sweeper == BASIC_SWEEPER_TARGET:
            sys.argv.append(CHECKED_SWEEPER)  # Hydra's main parses sys.argv
    run_reporting_errors()


def _cannot_write(error: BaseException) -> OSError | None:
    """The OSError of an unwritable output folder behind ``error``, if that is its cause.

    A job's exception reaches the parent of a parallel sweep with the worker's traceback
    chained to it, hence the walk along causes.
    """
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, OSError) and error.errno in CANNOT_WRITE:
            return error
        error = error.__cause__ or error.__context__
    return None


def _output_folder() -> str | None:
    """The folder of the sweep this process ran, or of the run, if known."""
    if dramasim_sweeper.HELD:
        return str(dramasim_sweeper.HELD[-1])
    try:
        hydra_config = HydraConfig.get()
        return (
            hydra_config.sweep.dir
            if hydra_config.mode == RunMode.MULTIRUN
            else hydra_config.run.dir
        )
    except (ValueError, OmegaConfBaseException):
        return None


def cannot_write_message(error: OSError) -> str:
    """One paragraph for a run or sweep that could not write its outputs."""
    if error.filename:
        folder, written = Path(error.filename).parent, f" ({error.filename})"
    else:  # a write or close of a file Hydra opened without naming it in the error
        folder, written = _output_folder() or "the output folder", ""
    return (
        f"Cannot write into {folder}: {error.strerror or error}{written}. Outputs already "
        "complete are kept, and no half-written file is left. Free some space or make the "
        "folder writable (or choose another with hydra.run.dir or hydra.sweep.dir), then run "
        "the same command again: finished jobs are skipped."
    )


def run_reporting_errors() -> None:
    """Hand over to Hydra (:func:`run`); report a full disk, a read-only output folder and
    Hydra's own user errors in one paragraph, exit code 1, without a traceback.

    Other errors print their traceback. ``HYDRA_FULL_ERROR=1`` set by the user lets every
    exception through unchanged, as Hydra does.
    """
    logging.raiseExceptions = False  # a log file on a full disk must not print tracebacks
    with full_errors() as user_asked_for_full_errors:
        try:
            run()
        except Exception as error:
            if user_asked_for_full_errors():
                raise
            unwritable = _cannot_write(error)
            if unwritable is not None:
                print(cannot_write_message(unwritable), file=sys.stderr)
            elif isinstance(error, CompactHydraException):
                print(error, file=sys.stderr)
                if isinstance(error.__cause__, OmegaConfBaseException):
                    print(error.__cause__, file=sys.stderr)
            else:
                traceback.print_exc()
            sys.exit(FAILED)
