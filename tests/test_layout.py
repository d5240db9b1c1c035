"""The package's layering: rules, machinery, the run layer and analysis stay apart.

``sim.model`` holds the rules and imports no numba (it calls the engine's kernels by name);
``sim.engine`` holds machinery and never imports the rules, the run layer or analysis;
``sim.analysis`` reads run outputs and never imports the model, the engine or the run layer;
nothing imports the run layer. ``sim.config``, ``sim.vocabulary`` and ``sim.files`` are the
shared foundation and import no other part of ``sim``; ``sim.validation`` (the config's checks,
used by the model and the run layer) imports only the foundation. No class grows past 300 lines.
"""

import ast
from pathlib import Path

import pytest

SIM = Path(__file__).resolve().parents[1] / "sim"

FORBIDDEN = {
    "sim.model": ("numba", "sim.run", "sim.analysis"),
    "sim.engine": ("sim.model", "sim.run", "sim.analysis"),
    "sim.analysis": ("sim.model", "sim.engine", "sim.run"),
    "sim.config": ("sim.model", "sim.engine", "sim.run", "sim.analysis"),
    "sim.validation": ("sim.model", "sim.engine", "sim.run", "sim.analysis"),
    "sim.vocabulary": ("sim",),
    "sim.files": ("sim",),
}
"""For each part of the package, the modules it must never import (prefixes)."""


def module_name(path: Path) -> str:
    parts = path.relative_to(SIM.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Every module ``path`` imports, at any depth of its code (lazy imports included)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def part_of(module: str) -> str | None:
    for part in FORBIDDEN:
        if module == part or module.startswith(part + "."):
            return part
    return None


MODULES = sorted(SIM.rglob("*.py"))


def breaches(path: Path) -> list[str]:
    part = part_of(module_name(path))
    if part is None:
        return []
    return sorted(
        name
        for name in imports(path)
        for banned in FORBIDDEN[part]
        if name == banned or name.startswith(banned + ".")
    )


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_no_module_imports_across_its_layer(path):
    assert breaches(path) == [], f"{module_name(path)} imports {breaches(path)}"


def test_nothing_imports_the_run_layer():
    outside = [p for p in MODULES if not module_name(p).startswith("sim.run")]
    offenders = {
        module_name(p): sorted(n for n in imports(p) if n.startswith("sim.run"))
        for p in outside
        if module_name(p) not in ("sim.__main__", "sim.calibrate")
    }
    assert {m: n for m, n in offenders.items() if n} == {}


def test_the_checker_sees_a_breach(tmp_path):
    """The check itself can fail: a rule module importing numba is caught."""
    fake = SIM / "model" / "model.py"
    source = "import numba\nfrom sim.analysis import figures\n"
    (tmp_path / "fake.py").write_text(source)
    found = imports(tmp_path / "fake.py")
    assert {"numba", "sim.analysis", "sim.analysis.figures"} <= found
    assert part_of(module_name(fake)) == "sim.model"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_no_class_is_longer_than_300_lines(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    long = {
        node.name: node.end_lineno - node.lineno + 1
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef) and node.end_lineno - node.lineno + 1 > 300
    }
    assert long == {}


def test_the_package_keeps_its_entry_points():
    import sim

    assert {"DramaLabourModel", "DramaSimConfig"} <= set(sim.__all__)
    from sim import DramaLabourModel, DramaSimConfig  # noqa: F401
