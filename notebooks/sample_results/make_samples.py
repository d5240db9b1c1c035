"""Remake the sample runs tables that ``notebooks/compare_experiments.py`` reads by default.

    python notebooks/sample_results/make_samples.py [NAME ...]

For each named experiment (every one in configs/experiment/ by default) it runs the sweep at a
coarse scale (500 people per simulated worker, one simulated year, three replicates of each
setting) into a temporary
folder, gathers it with ``python -m sim.compare`` and keeps the runs table only, as
``notebooks/sample_results/<NAME>/runs.parquet``: one row per run, the swept config values and
the summary metrics (not their breakdowns by role, phase or region), with ``run_dir`` and
``source`` relative to this folder (the run folders themselves are not kept). About ten minutes
on two cores. The numbers are noisy (the published studies use scale 25, five years and five
or more replicates): they are for trying the notebook, not for citing.
"""

import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
EXPERIMENTS = tuple(
    sorted(path.stem for path in (HERE.parents[1] / "configs" / "experiment").glob("*.yaml"))
)
SWEEP = ("replicates=3", "scale=500", "years=1", "output.progress=false")
LEFT_OUT = re.compile(r"^(micro|long)\.(employment|working_days)\.|^regions\.\w+\.")
"""Metric columns not kept: the breakdowns by role, phase and region (the sample stays small)."""


SMALL_PARQUET = {
    "compression": "zstd",
    "write_statistics": False,
    "use_dictionary": False,
    "store_schema": False,
}
"""Parquet options that keep a table of a few dozen runs to about ten kilobytes."""


def make(name: str, scratch: Path) -> Path:
    """Run one experiment's coarse sweep and write its runs table here; return its path."""
    sweep = scratch / name
    for command in (
        ["sim", "-m", f"+experiment={name}", *SWEEP, f"hydra.sweep.dir={sweep}"],
        ["sim.compare", str(sweep), "--no-figures"],
    ):
        subprocess.run([sys.executable, "-m", *command], check=True, stdout=subprocess.DEVNULL)
    runs = pd.read_parquet(sweep / "runs.parquet")
    runs["run_dir"] = [str(Path(name, Path(d).relative_to(sweep))) for d in runs["run_dir"]]
    runs["source"] = name
    runs = runs[[column for column in runs.columns if not LEFT_OUT.match(column)]]
    target = HERE / name / "runs.parquet"
    target.parent.mkdir(exist_ok=True)
    runs.to_parquet(target, index=False, **SMALL_PARQUET)
    return target


def main(names: list[str]) -> None:
    unknown = sorted(set(names) - set(EXPERIMENTS))
    if unknown:
        sys.exit(f"unknown experiment {', '.join(unknown)}; known: {', '.join(EXPERIMENTS)}")
    with tempfile.TemporaryDirectory() as scratch:
        for name in names or EXPERIMENTS:
            target = make(name, Path(scratch))
            print(f"{name}: {target} ({target.stat().st_size / 1024:.0f} KiB)")


if __name__ == "__main__":
    main(sys.argv[1:])
