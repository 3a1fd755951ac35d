"""The layers of docs/architecture.md hold in the code: no import runs upward, no caller tests a
store's class, and every module is in a layer."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from .helpers import ROOT

PACKAGE = ROOT / "src" / "forcedmig_kb"

#: each top-level module or package of forcedmig_kb, by layer (docs/architecture.md)
LAYERS = {
    0: {"namespaces", "errors", "settings", "resources", "atomic", "progress", "lru"},
    1: {"store"},
    2: {"loading", "citations", "bibliography", "bibtex", "reference_rdf", "queries"},
    3: {"checks", "extraction", "research", "derived", "changes", "csl"},
    4: {"reporting", "audit", "coverage", "scoring", "curation"},
    5: {"cli", "web"},
}
LAYER_OF = {name: layer for layer, names in LAYERS.items() for name in names}


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if p.name != "__init__.py" or p.parent != PACKAGE)


def part_of(path: Path) -> str:
    """The top-level module or package a file belongs to: 'store' for store/remote.py."""
    return path.relative_to(PACKAGE).parts[0].removesuffix(".py")


def imported(path: Path) -> set[str]:
    """The top-level parts of forcedmig_kb that a file imports (relative or absolute)."""
    depth = len(path.relative_to(PACKAGE).parts) - 1  # 0 for a module at the top of the package
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:  # relative: climb to the package, then read the first part
                if node.level - 1 < depth:
                    continue  # within its own package
                names = (node.module or "").split(".")
                parts = [*names[:1]] if node.module else [a.name for a in node.names]
            elif (node.module or "").startswith("forcedmig_kb."):
                parts = [node.module.split(".")[1]]
            elif node.module == "forcedmig_kb":
                parts = [a.name for a in node.names]
            else:
                continue
            out.update(p for p in parts if p in LAYER_OF)
        elif isinstance(node, ast.Import):
            out.update(
                a.name.split(".")[1]
                for a in node.names
                if a.name.startswith("forcedmig_kb.") and a.name.split(".")[1] in LAYER_OF
            )
    return out


def test_every_module_is_in_a_layer():
    assert {part_of(p) for p in modules()} <= set(LAYER_OF), set(map(part_of, modules())) - set(LAYER_OF)


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_import_runs_upward(path):
    here = LAYER_OF[part_of(path)]
    upward = {name: LAYER_OF[name] for name in imported(path) if LAYER_OF[name] > here}
    assert not upward, f"{path.relative_to(PACKAGE)} (layer {here}) imports {upward}"


def test_no_caller_tests_a_stores_class():
    concrete = ("OxigraphStore", "SparqlStore")
    offenders = []
    for path in modules():
        if part_of(path) == "store":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", "") in ("isinstance", "issubclass")
                and any(isinstance(n, ast.Name) and n.id in concrete for n in ast.walk(node.args[1]))
            ):
                offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert offenders == []
