"""The simplifier's named rewrites: every line of ``tests/fixtures/simplify/<rewrite>.txt``
(``before -> after``) through the whole simplifier, exactly; and one fixture per rewrite."""

from __future__ import annotations

from pathlib import Path

import pytest

from calcdiff.deep import call_deep
from calcdiff.read.parser import parse
from calcdiff.read.rule_exprs import builtin_table
from calcdiff.simplify import simplify
from calcdiff.simplify.facts import facts_of
from calcdiff.simplify.reader import Simplifier
from calcdiff.simplify.rewrites import REWRITES
from calcdiff.tree.printer import to_plain

FIXTURE_DIR = Path(__file__).parent / "fixtures" / "simplify"


def fixture_lines() -> list[tuple[str, int, str, str]]:
    """(rewrite name, line number, before, after) for every fixture line."""
    out = []
    for path in sorted(FIXTURE_DIR.glob("*.txt")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            before, sep, after = line.partition(" -> ")
            if not sep:
                raise ValueError(f"{path.name}:{n}: expected 'before -> after', got {line!r}")
            out.append((path.stem, n, before.strip(), after.strip()))
    return out


LINES = fixture_lines()


@pytest.mark.parametrize("name,n,before,after", LINES,
                         ids=[f"{name}:{n}" for name, n, _, _ in LINES])
def test_fixture_line(name, n, before, after):
    assert to_plain(simplify(parse(before).expr)) == after


# ---- the tuple and its fixtures -------------------------------------------------------------


def test_every_rewrite_has_a_fixture_and_every_fixture_a_rewrite():
    names = [r.__name__ for r in REWRITES]
    assert len(set(names)) == len(names)
    files = {p.stem for p in FIXTURE_DIR.glob("*.txt")}
    missing = [n for n in names if n not in files]
    assert not missing, f"a rewrite needs tests/fixtures/simplify/<name>.txt: {missing}"
    assert files <= set(names), f"fixtures naming no rewrite: {sorted(files - set(names))}"


@pytest.mark.parametrize("rewrite", REWRITES, ids=lambda r: r.__name__)
def test_every_rewrite_says_what_it_rewrites(rewrite):
    doc = (rewrite.__doc__ or "").strip()
    assert doc and "\n" not in doc, f"{rewrite.__name__}: a one-line docstring"
    assert rewrite.stage in ("call", "term", "sum")


def _without(rewrite, text: str) -> str:
    """``text`` simplified with every rewrite but ``rewrite``."""
    rest = tuple(r for r in REWRITES if r is not rewrite)
    s = Simplifier(facts_of(builtin_table()), rest)
    return to_plain(call_deep(lambda: s.to_expr(s.finalize(s.run(parse(text).expr)))))


@pytest.mark.parametrize("rewrite", REWRITES, ids=lambda r: r.__name__)
def test_every_fixture_shows_its_rewrite(rewrite):
    """Without the rewrite, some line of its fixture comes out differently."""
    lines = [(before, after) for name, _, before, after in LINES if name == rewrite.__name__]
    assert len(lines) >= 5
    assert any(_without(rewrite, before) != after for before, after in lines)
