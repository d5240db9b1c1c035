"""The files a run writes into its output folder, and how every file is written: atomically.

These names are the contract between the run layer, which writes them (:mod:`sim.run.outputs`),
and analysis, which reads them (:mod:`sim.analysis.runs`). Every file is first written to a
temporary file in the same folder, flushed to disk and then renamed over its final name, so a run
killed at any moment leaves either the old file, the new one or none, never half a file.
"""

import os
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
