"""Every use dramasim makes of Hydra's private code, in one place, each with why it is needed.

Hydra's ``hydra._internal`` package and its underscored names are not part of its public API
and may change in any release (checked against hydra-core 1.3.8). Nothing else in ``sim`` or
``hydra_plugins`` imports them: they import from here. ``tests/test_hydra_private.py`` pins
each use (it exists and behaves as relied on), so a Hydra upgrade that changes one fails there,
by name, instead of somewhere in a sweep.

What is *not* done any more: patching ``Sweeper.validate_batch_is_legal`` on Hydra's class for
the whole process (the dramasim sweepers override it in a subclass, see
``hydra_plugins/dramasim_sweeper``) and reading ``JobReturn._return_value`` (the public
``return_value`` property raises a failed job's exception, which is caught instead).
"""

import importlib
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager

# 1. ``ConfigLoaderImpl._apply_overrides_to_config(overrides, cfg)``: how Hydra applies value
#    overrides (``key=value``, ``+key=value``, ``~key``) to a composed config. Checking a sweep
#    composes once per distinct set of config-group choices and applies each job's values with
#    this function, the same config and errors as composing every job whole (0.2 s a job).
from hydra._internal.config_loader_impl import ConfigLoaderImpl

# 3. The command-line parser of ``@hydra.main``. ``sim.run.app.main`` must see the command line
#    exactly as Hydra will (``-m``, ``--help``, ``-cp``, ``--info``, the overrides) to check every
#    job before Hydra starts; Hydra has no public function that parses it.
from hydra._internal.utils import get_args_parser
from hydra.core.global_hydra import GlobalHydra
from hydra.core.override_parser.types import Override
from hydra.types import RunMode
from omegaconf import DictConfig

BASIC_SWEEPER_MODULE = "hydra._internal.core_plugins.basic_sweeper"
BASIC_SWEEPER_TARGET = f"{BASIC_SWEEPER_MODULE}.BasicSweeper"
"""``hydra.sweeper._target_`` of Hydra's default sweeper (``hydra/sweeper=basic``)."""


def __getattr__(name: str):
    """``BasicSweeper``, looked up anew at each import (see use 2).

    2. Hydra's basic sweeper (the cartesian product of sweeps, cut into batches). The dramasim
    sweepers subclass it, and ``sim.run.app.sweep_jobs`` lists a sweep's jobs with its static
    ``split_arguments`` exactly as the sweeper will launch them. Hydra exposes only the abstract
    ``hydra.plugins.sweeper.Sweeper``; re-implementing the basic sweeper would be a copy.

    Hydra's plugin scan executes every plugin module again in place, its own
    ``basic_sweeper`` among them, and ``BasicSweeper.__init__`` calls
    ``super(BasicSweeper, self)`` with the module's *current* class: a subclass of the class
    as first imported then fails ("obj must be an instance or subtype of type"). The
    ``dramasim_sweeper`` plugin, executed again after it, must therefore get the current class,
    which this lookup gives, rather than one bound when this module was first imported.
    """
    if name == "BasicSweeper":
        return importlib.import_module(BASIC_SWEEPER_MODULE).BasicSweeper
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "apply_value_overrides",
    "basic_sweeper_params",
    "compose_with_hydra",
    "config_group_exists",
    "full_errors",
    "get_args_parser",
]


def apply_value_overrides(overrides: list[Override], cfg: DictConfig) -> None:
    """Apply value overrides to ``cfg`` in place, as Hydra does after merging the config files
    (see use 3 above). Raises Hydra's ConfigCompositionException for an unknown key."""
    ConfigLoaderImpl._apply_overrides_to_config(overrides, cfg)


def config_group_exists(name: str) -> bool:
    """True if ``name`` is a config group (a folder of configs) on the initialised search path.

    4. ``GlobalHydra.instance().hydra`` is Hydra's private ``hydra._internal.hydra.Hydra`` object,
    and ``config_loader.repository`` its private config repository: the only way to ask which
    names are config groups, which decides whether an override picks files or sets a value
    (Hydra's own rule in ``hydra._internal.defaults_list``).
    """
    return GlobalHydra.instance().hydra.config_loader.repository.group_exists(name)


def compose_with_hydra(config_name: str, overrides: list[str]) -> DictConfig:
    """The config of a multirun composed with its ``hydra`` node, as the sweeper sees it.

    5. ``Hydra.compose_config`` (private object, see 4): the public ``hydra.compose`` composes in
    RUN mode, where ``hydra.sweeper.params`` of named experiments and multirun-only settings are
    not what the sweeper will get.
    """
    return GlobalHydra.instance().hydra.compose_config(
        config_name, overrides, run_mode=RunMode.MULTIRUN, with_log_configuration=False
    )


def basic_sweeper_params(sweeper) -> list[str]:
    """The sweeps a config sets in ``hydra.sweeper.params``, as override lines.

    7. ``BasicSweeper._parse_config`` (private method): the dramasim sweeper puts its replicates
    in front of these and the command line's sweeps, in Hydra's order.
    """
    return sweeper._parse_config()


FULL_ERROR = "HYDRA_FULL_ERROR"


@contextmanager
def full_errors() -> Iterator[Callable[[], bool]]:
    """Within the block, ``@hydra.main`` lets exceptions propagate instead of printing them.

    6. Hydra's ``run_and_report`` (private) prints an exception and exits 1 itself, so the caller
    cannot turn a full disk or a read-only folder into a one-paragraph message. With the
    documented environment variable ``HYDRA_FULL_ERROR=1`` it raises the exception instead.
    Yields a function telling whether the user had asked for full errors themselves (then the
    caller should let them through unchanged). The variable is restored on exit.
    """
    before = os.environ.get(FULL_ERROR)
    os.environ[FULL_ERROR] = "1"
    try:
        yield lambda: before == "1"
    finally:
        if before is None:
            os.environ.pop(FULL_ERROR, None)
        else:
            os.environ[FULL_ERROR] = before
