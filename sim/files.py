"""The files a run writes into its output folder, and how every file is written: atomically.

These names are the contract between the run layer, which writes them (:mod:`sim.run.outputs`),
and analysis, which reads them (:mod:`sim.analysis.runs`). Every file is first written to a
temporary file in the same folder, flushed to disk and then renamed over its final name, so a run
killed at any moment leaves either the old file, the new one or none, never half a file.
"""

import os
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

SUMMARY = "summary.json"
TIMESERIES = "timeseries.parquet"
PROVENANCE = "provenance.json"
DONE = "done"
ERROR = "error.txt"


TEMPORARY = re.compile(r"\..+\.[0-9a-f]{32}\.tmp")
"""Name of :func:`atomic_file`'s temporary files: ``.NAME.<32 hex digits>.tmp``."""


def remove_leftovers(directory: Path) -> list[Path]:
    """Delete the temporary files that runs killed while writing left in ``directory``.

    A process killed outright (SIGKILL, a lost node) between creating a temporary file and
    renaming it never runs the clean-up of :func:`atomic_file`. Such a file is never read, but
    it takes space (a timeseries can be large) and looks like a partial output, so a run
    resuming into the folder deletes them first. Returns the deleted paths.
    """
    removed = []
    for path in Path(directory).iterdir():
        if TEMPORARY.fullmatch(path.name) and path.is_file():
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


@contextmanager
def atomic_file(path: Path, mode: str = "w") -> Iterator[IO]:
    """Open a temporary file beside ``path``; on success move it onto ``path``, else delete it.

    ``mode`` is ``"w"`` (UTF-8 text) or ``"wb"`` (bytes).
    """
    path = Path(path)
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    encoding = None if "b" in mode else "utf-8"
    try:
        with open(temporary, mode.replace("w", "x"), encoding=encoding) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        if error.filename is None:  # a failed write, flush or fsync: name the file
            raise OSError(error.errno, error.strerror, str(path)) from error
        raise
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically."""
    with atomic_file(path) as file:
        file.write(text)
