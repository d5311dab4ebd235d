"""The simplifier's named rewrites: every line of ``tests/fixtures/simplify/<rewrite>.txt``
(``before -> after``) through the whole simplifier, exactly; and one fixture per rewrite."""

from __future__ import annotations

from pathlib import Path

import pytest

from calcdiff.parser import parse
from calcdiff.printer import to_plain
from calcdiff.simplify import simplify

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
