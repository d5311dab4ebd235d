"""The layout of calcdiff/simplify/, read with ast: imports at module top, no import circle
among its modules, no module over 600 lines."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

PACKAGE = Path(importlib.import_module("calcdiff.simplify").__file__).parent
MODULES = sorted(PACKAGE.rglob("*.py"))


def _name(path: Path) -> str:
    parts = ("calcdiff", "simplify", *path.relative_to(PACKAGE).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """The calcdiff.simplify modules ``path`` imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = _name(path).split(".")
    if path.name != "__init__.py":
        here = here[:-1]  # the package the module is in
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = here[: len(here) - node.level + 1] if node.level else []
            mod = ".".join(base + ([node.module] if node.module else []))
            for alias in node.names:  # "from . import x" may name a module
                out.add(f"{mod}.{alias.name}")
            out.add(mod)
        elif isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
    names = {_name(p) for p in MODULES}
    return {m for m in out if m in names and m != _name(path)}


def test_imports_are_at_module_top():
    for path in MODULES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        top = {id(n) for n in tree.body}
        late = [n.lineno for n in ast.walk(tree)
                if isinstance(n, (ast.Import, ast.ImportFrom)) and id(n) not in top]
        assert not late, f"{path.name}: imports inside functions at lines {late}"


def test_no_import_circle():
    graph = {_name(p): _imports(p) for p in MODULES}
    done: set = set()

    def visit(m: str, path: tuple) -> None:
        if m in path:
            raise AssertionError("import circle: " + " -> ".join(path[path.index(m):] + (m,)))
        if m in done:
            return
        for n in sorted(graph[m]):
            visit(n, path + (m,))
        done.add(m)

    for m in graph:
        visit(m, ())
    assert "calcdiff.simplify.rewrites" not in graph["calcdiff.simplify.form"]


def test_no_module_over_600_lines():
    for path in MODULES:
        n = len(path.read_text(encoding="utf-8").splitlines())
        assert n <= 600, f"{path.relative_to(PACKAGE)}: {n} lines"
