"""The Hydra configs of dramasim, edited here and shipped in the package as ``sim.configs``.

This file only makes the folder a Python package, so that setuptools can put it into the wheel
(``setup.py`` maps ``sim.configs`` onto this folder) and the installed command finds it there.
"""
