"""``python -m sim``: one dramasim run, or a sweep with ``-m`` (see :mod:`sim.run.app`)."""

from sim.run.app import main

main()
