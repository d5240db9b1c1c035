"""``python -m sim``: one dramasim run, or a sweep with ``-m`` (see :mod:`sim.app`)."""

from sim.app import main

main()
