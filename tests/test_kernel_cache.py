"""numba's cache of the engine's kernels cannot go stale: it is keyed on the engine's sources.

The test copies the package, runs a cached kernel that bakes in a constant of another module
(``N_ROLES``, from ``sim/vocabulary.py``, inside the pool's key), changes that module, and runs
again in a new process without deleting any cache by hand: the kernel must see the change.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PROBE = """
import numpy as np
from sim.engine import kernel_cache
from sim.engine.pools import _keys
one = np.zeros(1, dtype=np.int8)
print(kernel_cache.FOLDER.name, int(_keys(np.zeros(1, np.int64), one + 1, one, one, one, 64)[0]))
"""


def run_probe(tree: Path, cache: Path) -> tuple[str, int]:
    env = {**os.environ, "PYTHONPATH": str(tree), "NUMBA_CACHE_DIR": str(cache)}
    out = subprocess.run(
        [sys.executable, "-c", PROBE],
        env=env,
        cwd=tree,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return out[0], int(out[1])


def test_a_changed_constant_in_another_module_reaches_the_cached_kernel(tmp_path):
    tree, cache = tmp_path / "tree", tmp_path / "cache"
    shutil.copytree(ROOT / "sim", tree / "sim", ignore=shutil.ignore_patterns("__pycache__"))
    folder, key = run_probe(tree, cache)
    assert run_probe(tree, cache) == (folder, key)  # the second run loads the same cache
    assert any(cache.rglob("*.nbi")), "the kernels were not cached"
    vocabulary = tree / "sim" / "vocabulary.py"
    text = vocabulary.read_text(encoding="utf-8")
    vocabulary.write_text(text.replace('    "producer",\n', '    "producer",\n    "stunt",\n'))
    new_folder, new_key = run_probe(tree, cache)
    sector, roles, regions = 1, 16, 64  # one more role than before
    assert new_key == (sector * roles * regions) * 2 == key + 2 * regions
    assert new_folder != folder


def test_the_key_covers_every_engine_source_and_the_vocabulary():
    from sim.engine import kernel_cache

    names = {path.name for path in kernel_cache.SOURCES}
    assert {"pools.py", "matching.py", "slots.py", "vocabulary.py", "kernel_cache.py"} <= names
