"""Where a run's results came from: ``provenance.json``.

A run records the dramasim version, the git commit of the checkout the code was run from and
whether that checkout had uncommitted changes to tracked files (both null when the code is not a
git checkout, as with an installed wheel), the Python version, the versions of dramasim's direct
dependencies (read from the installed distribution's metadata, or from ``pyproject.toml`` in a
checkout that is not installed), the host and platform, when the run started (ISO 8601, local
time with its offset) and how long it took (wall-clock seconds).

Nothing here imports the model or third-party packages: versions come from package metadata.
"""

import importlib.metadata
import platform
import re
import socket
import subprocess
import time
import tomllib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import sim

DISTRIBUTION = "dramasim"
NAMED_PACKAGES = ("numpy", "numba", "mesa", "hydra-core", "pandas")
"""Packages whose versions are always recorded, direct dependencies or not."""
GIT_TIMEOUT_SECONDS = 10


@dataclass(frozen=True)
class Start:
    """When a run started: the time of day and a reading of the monotonic clock."""

    time: datetime
    clock: float


def start() -> Start:
    """The start of a run, for :func:`provenance`."""
    return Start(datetime.now().astimezone(), time.perf_counter())


def provenance(started: Start) -> dict[str, object]:
    """The provenance of a run that started at ``started`` and ends now."""
    commit, dirty = git_state(Path(sim.__file__).resolve().parent)
    return {
        "version": version(),
        "git_commit": commit,
        "git_dirty": dirty,
        "python": platform.python_version(),
        "packages": package_versions(),
        "host": socket.gethostname(),
        "platform": platform.platform(),
        "started": started.time.isoformat(timespec="seconds"),
        "wall_seconds": round(time.perf_counter() - started.clock, 3),
    }


def _pyproject() -> dict:
    """The ``[project]`` table of the checkout's ``pyproject.toml`` ({} if there is none)."""
    path = Path(sim.__file__).resolve().parent.parent / "pyproject.toml"
    try:
        return tomllib.loads(path.read_text(encoding="utf-8")).get("project", {})
    except (OSError, tomllib.TOMLDecodeError):
        return {}


def version() -> str | None:
    """dramasim's version: the installed distribution's, else the checkout's pyproject.toml."""
    try:
        return importlib.metadata.version(DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        return _pyproject().get("version")


def requirement_name(requirement: str) -> str | None:
    """The package a requirement line names (``numpy>=2`` → ``numpy``); None for a requirement
    of an optional extra (``pytest; extra == "dev"``)."""
    if re.search(r"\bextra\s*==", requirement):
        return None
    found = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
    return found.group(1) if found else None


def direct_dependencies() -> list[str]:
    """The names of dramasim's direct (not optional) dependencies."""
    try:
        requirements = importlib.metadata.requires(DISTRIBUTION) or []
    except importlib.metadata.PackageNotFoundError:
        requirements = _pyproject().get("dependencies", [])
    names = (requirement_name(requirement) for requirement in requirements)
    return [name for name in names if name]


def package_versions() -> dict[str, str | None]:
    """``{package: installed version}`` of the named packages and the direct dependencies, in
    that order (None for a package that is not installed)."""
    versions: dict[str, str | None] = {}
    for name in dict.fromkeys([*NAMED_PACKAGES, *direct_dependencies()]):
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess | None:
    """``git -C folder ARGS`` without taking optional locks (jobs of a sweep run it at once);
    None when git is missing or does not answer in time."""
    try:
        return subprocess.run(
            ["git", "--no-optional-locks", "-C", str(folder), *args],
            capture_output=True,
            text=True,
            timeout=GIT_TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None


def git_state(package_folder: Path) -> tuple[str | None, bool | None]:
    """The commit checked out where ``package_folder`` lies and whether tracked files differ
    from it (staged or not; untracked files do not count), or (None, None) when the package is
    not a tracked part of a git checkout: an installed wheel, even one in a virtual environment
    inside a checkout, is not."""
    tracked = _git(package_folder, "ls-files", "--error-unmatch", "--", "__init__.py")
    if tracked is None or tracked.returncode != 0:
        return None, None
    head = _git(package_folder, "rev-parse", "HEAD")
    status = _git(package_folder, "status", "--porcelain", "--untracked-files=no")
    if head is None or head.returncode != 0 or status is None or status.returncode != 0:
        return None, None
    return head.stdout.strip(), bool(status.stdout.strip())
