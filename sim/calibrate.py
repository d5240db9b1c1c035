"""``python -m sim.calibrate [hydra.sweep.dir=DIR] [calibrate.budget=N] [KEY=VALUE ...]``:
ABC-SMC calibration (the command lives in :mod:`sim.run.calibration`)."""

from sim.run.calibration import main

if __name__ == "__main__":
    main()
