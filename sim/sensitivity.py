"""``python -m sim.sensitivity DIR``: analyse a sensitivity sweep (the command lives in
:mod:`sim.analysis.sensitivity`)."""

from sim.analysis.sensitivity import cli

if __name__ == "__main__":
    cli()
