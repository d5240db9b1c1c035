"""Time two versions of the model against each other on the same simulated days, and check that
they end in the same state.

    python -m benchmarks.paired OLD NEW [--scale 1] [--skip 300] [--chunk 10] [--rounds 30]

OLD and NEW are directories holding a ``sim`` package, for instance a worktree of an older
commit (``git worktree add /tmp/old HEAD~1``) and this checkout (``.``). Each version runs in a
process of its own with its directory first on ``PYTHONPATH``; both build the baseline at
``--scale`` with ``--seed``, step to day ``--skip`` (untimed), then take turns stepping
``--chunk`` days, ``--rounds`` times each, the first to go alternating. On a shared machine
whose speed swings by a fifth from one minute to the next, a one-off timing of each version
cannot show a change of a few per cent; turns of a few seconds can, because both versions live
through the same swings. Prints the total time of each, their ratio, the median ratio of the
turns and how many turns the new version won, and whether the two ended in the same state (a
hash of the values of every workforce column over the workers still in the market, in their
order, and of the productions' phases; the rows of departed workers are left out, as the model
drops them once a year).
"""

import argparse
import hashlib
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path


def child(scale: float, seed: int, skip: int, days: int) -> None:
    """One version: build, step ``skip`` days, then step the number of days read from each line
    of stdin, printing the seconds it took; on an empty line print the state's hash and stop."""
    import numpy as np

    from sim import DramaLabourModel, DramaSimConfig

    try:  # the layout of sim/ in subpackages (model, engine, run, analysis)
        from sim.model.workforce import COLUMNS
        from sim.vocabulary import DAYS_PER_YEAR, LEFT
    except ImportError:  # a version from before that layout, to compare against
        from sim.roles import LEFT
        from sim.workforce import COLUMNS

        from sim.model import DAYS_PER_YEAR

    years = (skip + days) // DAYS_PER_YEAR + 1
    model = DramaLabourModel(DramaSimConfig(scale=scale, years=years, seed=seed))
    for _ in range(skip):
        model.step()
    print("ready", flush=True)
    for line in sys.stdin:
        if not line.strip():
            break
        start = time.perf_counter()
        for _ in range(int(line)):
            model.step()
        print(time.perf_counter() - start, flush=True)
    digest = hashlib.sha1()
    wf = model.workforce
    active = wf.status != LEFT
    columns = [getattr(wf, name)[active] for name in sorted(COLUMNS)]
    for values in columns + [model.productions.phase]:
        digest.update(values.astype(np.float64).tobytes())  # the values, whatever the dtype
    print(digest.hexdigest(), flush=True)


def compare(old: Path, new: Path, scale: float, seed: int, skip: int, chunk: int, rounds: int):
    """Run the two versions in turns; returns their per-turn seconds and final state hashes."""
    args = [str(a) for a in (scale, seed, skip, chunk * rounds)]
    procs = {}
    for name, tree in (("old", old), ("new", new)):
        path = [str(tree), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(path))
        procs[name] = subprocess.Popen(
            [sys.executable, __file__, "--child", *args],
            env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
    for name, proc in procs.items():
        if proc.stdout.readline().strip() != "ready":
            raise RuntimeError(f"the {name} version failed to start (see its error above)")
    seconds = {"old": [], "new": []}
    for turn in range(rounds):
        for name in ("old", "new") if turn % 2 == 0 else ("new", "old"):
            procs[name].stdin.write(f"{chunk}\n")
            procs[name].stdin.flush()
            seconds[name].append(float(procs[name].stdout.readline()))
    hashes = {}
    for name, proc in procs.items():
        proc.stdin.write("\n")
        proc.stdin.flush()
        hashes[name] = proc.stdout.readline().strip()
        proc.wait()
    return seconds, hashes


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old", type=Path, help="directory holding the old version's sim/")
    parser.add_argument("new", type=Path, help="directory holding the new version's sim/")
    parser.add_argument("--scale", type=float, default=1.0, help="people per simulated worker")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip", type=int, default=300, help="days stepped before timing")
    parser.add_argument("--chunk", type=int, default=10, help="days in a turn")
    parser.add_argument("--rounds", type=int, default=30, help="turns of each version")
    a = parser.parse_args(argv)
    for tree in (a.old, a.new):
        if not any((tree / "sim" / model).exists() for model in ("model.py", "model")):
            parser.error(f"{tree} holds no sim/model: give a directory holding a version")
    seconds, hashes = compare(
        a.old.resolve(), a.new.resolve(), a.scale, a.seed, a.skip, a.chunk, a.rounds
    )
    old, new = seconds["old"], seconds["new"]
    won = sum(n < o for o, n in zip(old, new, strict=True))
    ratios = [n / o for o, n in zip(old, new, strict=True)]
    print(
        f"old {sum(old):.3f} s, new {sum(new):.3f} s for {a.rounds} turns of {a.chunk} days "
        f"after day {a.skip} at scale {a.scale:g}: new/old {sum(new) / sum(old):.3f} "
        f"(median of the turns {statistics.median(ratios):.3f}; new faster in {won} of "
        f"{a.rounds})"
    )
    same = hashes["old"] == hashes["new"]
    print("final state: " + ("identical" if same else "DIFFERENT") + f" ({hashes['new'][:12]})")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        scale, seed, skip, days = sys.argv[2:6]
        child(float(scale), int(seed), int(skip), int(days))
    else:
        main()
