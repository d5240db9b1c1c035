"""Where numba caches the engine's compiled kernels: a folder keyed on the engine's sources.

numba's ``cache=True`` keys a kernel's cache on its own file only, so a kernel that inlines a
function from another module, or reads a constant from one (``N_ROLES`` from
:mod:`sim.vocabulary`), keeps serving its old compiled code after that module changes. Here the
cache folder is named after a hash of every source the kernels can depend on (all of
``sim/engine`` and ``sim/vocabulary.py``), so any change to them compiles afresh into a new
folder, and nothing stale can be loaded. The folder is under ``$NUMBA_CACHE_DIR`` if set, else
``$XDG_CACHE_HOME`` (default ``~/.cache``), in ``dramasim-numba/<hash>``.

This module must run before any kernel is defined: :mod:`sim.engine` imports it first. It sets
numba's documented cache-directory setting (``NUMBA_CACHE_DIR``, read by numba as
``numba.config.CACHE_DIR``).
"""

import hashlib
import os
from pathlib import Path

ENGINE = Path(__file__).resolve().parent
SOURCES = (*sorted(ENGINE.glob("*.py")), ENGINE.parent / "vocabulary.py")
"""Every source file the compiled kernels may depend on."""


def sources_hash() -> str:
    """A short hash of the contents of :data:`SOURCES`."""
    digest = hashlib.sha256()
    for path in SOURCES:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def cache_folder() -> Path:
    """The folder for this version of the kernels' compiled code."""
    base = os.environ.get("NUMBA_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache", "dramasim-numba"
    )
    return Path(base) / sources_hash()


def use_keyed_cache() -> Path:
    """Point numba's cache at :func:`cache_folder` (before any kernel is defined)."""
    import numba

    folder = cache_folder()
    numba.config.CACHE_DIR = str(folder)
    return folder


FOLDER = use_keyed_cache()
