"""The import graph of the package, read with ast: imports run one way, down the pipeline.

Every import counts, at module top or inside a function: an import hidden in a function
still ties the two modules together, and a circle of such ties is what made the package load
only by luck. Imports inside functions are allowed only for the heavy or optional libraries
(sympy, matplotlib, rich) and, in the command line and the package's entry point, for
start-up speed.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "calcdiff"
# modules whose function-level imports of calcdiff modules are for start-up time: the package
# (its API), the command line (its options: --vars loads the reader's spelling of a name only
# when given), a batch (a line of derive loads no taylor), and the render
# dispatch (a text answer loads neither LaTeX, Markdown nor rich), and the routing of grad (a
# scalar gradient or Hessian loads neither the matrix language nor the directional derivative:
# their dataclasses cost a Hessian of 20 variables a sixth of its time through the CLI)
STARTUP = {"calcdiff", "calcdiff.cli", "calcdiff.cli.app", "calcdiff.cli.options",
           "calcdiff.__main__", "calcdiff.batch",
           "calcdiff.render", "calcdiff.commands.multivar", "calcdiff.matrix.routing"}
LAZY_LIBRARIES = {"sympy", "matplotlib", "rich", "mpmath", "numpy"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _resolve(importer: str, is_package: bool, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    base = importer.split(".")
    if not is_package:
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def imports_of(name: str, path: Path, known: set[str]):
    """(imported calcdiff module, line, at top level?) for every import in the module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = {id(n) for n in tree.body}
    # statements directly under `if TYPE_CHECKING:` or try/except at top level count as top
    for n in tree.body:
        if isinstance(n, (ast.If, ast.Try)):
            top |= {id(m) for m in ast.walk(n)}
    is_package = path.name == "__init__.py"
    for node in ast.walk(tree):
        targets = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(name, is_package, node)
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base
                       for a in node.names]
        for t in targets:
            yield t, node.lineno, id(node) in top


def graph() -> dict[str, set[str]]:
    mods = modules()
    known = set(mods)
    g: dict[str, set[str]] = {m: set() for m in mods}
    for name, path in mods.items():
        for target, _, _ in imports_of(name, path, known):
            # `from . import x` of a submodule, or of a name defined in a package
            while target and target not in known and "." in target:
                target = target.rsplit(".", 1)[0]
            if target in known and target != name and not name.startswith(target + "."):
                g[name].add(target)
    return g


def circles(g: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: list[list[str]] = []
    counter = 0
    for root in sorted(g):
        if root in index:
            continue
        work = [(root, iter(sorted(g[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, it = work[-1]
            advanced = False
            for nxt in it:
                if nxt not in index:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(sorted(g[nxt]))))
                    advanced = True
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                comp = []
                while True:
                    m = stack.pop()
                    on_stack.discard(m)
                    comp.append(m)
                    if m == node:
                        break
                if len(comp) > 1:
                    out.append(sorted(comp))
    return out


def test_the_import_graph_has_no_circle():
    found = circles(graph())
    assert not found, "import circles: " + "; ".join(" <-> ".join(c) for c in found)


def test_the_circle_finder_finds_circles():
    g = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert circles(g) == [["a", "b", "c"]]
    assert circles({"a": {"b"}, "b": set()}) == []


def test_imports_inside_functions_are_only_for_heavy_libraries_or_start_up():
    mods = modules()
    known = set(mods)
    lazy = []
    for name, path in mods.items():
        for target, line, at_top in imports_of(name, path, known):
            if at_top or target.split(".")[0] in LAZY_LIBRARIES:
                continue
            if target.startswith("calcdiff") and name in STARTUP:
                continue
            if not target.startswith("calcdiff"):
                continue  # the standard library, imported where it is used
            lazy.append(f"{path.relative_to(PACKAGE.parent)}:{line} imports {target}")
    assert not lazy, "imports inside functions:\n" + "\n".join(lazy)
