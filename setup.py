"""What ``pyproject.toml`` cannot say: the top-level ``configs/`` folder ships as ``sim.configs``.

Users edit the configs in ``configs/``; setuptools maps that folder onto the package
``sim.configs`` (one copy in git), so the wheel holds ``sim/configs/`` with every YAML file and an
installed ``dramasim`` runs from any folder. An editable install maps ``sim.configs`` back onto
``configs/``. Everything else is in ``pyproject.toml``.
"""

from setuptools import find_namespace_packages, setup

setup(
    packages=[*find_namespace_packages(include=["sim*", "hydra_plugins*"]), "sim.configs"],
    package_dir={"sim.configs": "configs"},
    package_data={"sim.configs": ["*.yaml", "**/*.yaml", "**/*.parquet"]},
)
