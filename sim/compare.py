"""``python -m sim.compare DIR [DIR ...]``: gather runs and sweeps into one table and compare them
(the command lives in :mod:`sim.analysis.compare`)."""

from sim.analysis.compare import cli

if __name__ == "__main__":
    cli()
