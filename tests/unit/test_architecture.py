"""The dependency direction of shared/DESIGN.md, enforced on the source tree.

* ``domain`` imports only errors, values, the calendar and other domain modules;
* ``policies`` import no services, adapters or clocks;
* ``ports`` (the storage protocols and their in-memory defaults) know only events and values;
* nothing under ``domain``, ``policies``, ``calendar``, ``values`` or ``ports`` reads the wall
  clock, the environment or files, or imports an I/O module;
* ``adapters`` (which do I/O) are imported by nothing in the package but the command line.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "backoffice"

ALLOWED_INSIDE = {
    "domain": (
        "backoffice.errors",
        "backoffice.values",
        "backoffice.calendar",
        "backoffice.domain",
    ),
    "policies": (
        "backoffice.errors",
        "backoffice.values",
        "backoffice.calendar",
        "backoffice.domain",
        "backoffice.policies",
    ),
    "calendar": ("backoffice.errors", "backoffice.values", "backoffice.calendar"),
    "values": ("backoffice.errors", "backoffice.values"),
    "ports": (
        "backoffice.errors",
        "backoffice.values",
        "backoffice.domain.events",
        "backoffice.ports",
    ),
}
PURE_LAYERS = tuple(ALLOWED_INSIDE)
FORBIDDEN_MODULES = {
    "io", "os", "pathlib", "socket", "subprocess", "shutil", "tempfile", "time", "urllib",
    "http", "sqlite3", "logging", "random", "secrets", "sys",
}  # fmt: skip
CLOCK_READS = {"now", "today", "utcnow", "fromtimestamp_now", "time_ns", "perf_counter"}
PURE_EXCEPTIONS = {"values/ids.py": {"uuid"}}  # UuidIds mints random ids for embedders


def _modules(layer: str) -> list[Path]:
    return sorted((PACKAGE / layer).rglob("*.py"))


def _imports(tree: ast.AST) -> list[str]:
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


@pytest.mark.parametrize("layer", PURE_LAYERS)
def test_layer_imports_only_what_design_allows(layer: str) -> None:
    offenders = [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in _modules(layer)
        for name in _imports(ast.parse(path.read_text(encoding="utf-8")))
        if name.startswith("backoffice") and not name.startswith(ALLOWED_INSIDE[layer])
    ]
    assert offenders == []


@pytest.mark.parametrize("layer", PURE_LAYERS)
def test_pure_layers_do_no_io_and_read_no_clock(layer: str) -> None:
    offenders = []
    for path in _modules(layer):
        relative = path.relative_to(PACKAGE).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for name in _imports(tree):
            root = name.split(".")[0]
            if root in FORBIDDEN_MODULES and root not in PURE_EXCEPTIONS.get(relative, set()):
                offenders.append(f"{relative} imports {name}")
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in CLOCK_READS:
                offenders.append(f"{relative}:{node.lineno} reads the clock via .{node.attr}")
            if isinstance(node, ast.Name) and node.id == "open":
                offenders.append(f"{relative}:{node.lineno} opens a file")
    assert offenders == []


def test_only_the_command_line_imports_the_adapters() -> None:
    offenders = [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.parent.name != "adapters" and path.name not in {"cli.py", "__main__.py"}
        for name in _imports(ast.parse(path.read_text(encoding="utf-8")))
        if name.startswith("backoffice.adapters")
    ]
    assert offenders == []


def test_the_check_sees_every_pure_layer() -> None:
    # Guard against the checks above passing vacuously on an empty or moved tree.
    for layer in PURE_LAYERS:
        assert _modules(layer), f"no modules found under {layer}/"
