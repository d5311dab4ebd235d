"""Issue 5, item 2, as a test: calcdiff's default answers against the stored answers of
``sympy.simplify(sympy.diff(f))`` on 300 generated elementary expressions.

SymPy's simplify takes minutes on this corpus, so its answers are stored in
``tests/fixtures/simplify_quality.tsv`` (written by ``benchmarks/simplify_quality.py
--write-fixture``, which also prints the comparison with the time each side took); this test
recomputes calcdiff's side in seconds and checks it against them.
"""

from __future__ import annotations

import math
import random
import sys
from pathlib import Path

import pytest
import sympy

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from simplify_quality import (  # noqa: E402
    FIXTURE,
    compare,
    elementary_corpus,
    implied_functions,
    ours,
    read_fixture,
    sympy_functions,
)

STORED = read_fixture(FIXTURE)


@pytest.fixture(scope="module")
def summary():
    rows = []
    for text, s_ops, s_answer, _ in STORED:
        ops, _, used, _ = ours(text)
        s_funcs = sympy_functions(s_answer) if s_ops is not None else set()
        rows.append((text, s_ops, ops, used, implied_functions(text), s_funcs))
    return compare(rows)


def test_the_fixture_is_the_generated_corpus():
    """300 expressions, exactly what the benchmark's generator makes (so a change to the
    generator cannot silently leave a stale fixture behind)."""
    assert len(STORED) == 300
    assert [text for text, *_ in STORED] == elementary_corpus(300)
    assert sum(1 for _, ops, _, _ in STORED if ops is not None) >= 280


def test_no_longer_than_sympy_in_nine_cases_of_ten(summary):
    assert summary["share"] >= 0.9, summary["no_longer"]


def test_never_twice_as_long_except_against_a_foreign_form(summary):
    """More than twice as long only where SymPy's shorter form needs a function neither the
    input nor the table implies (2*sigmoid(2*x) - 1 against tanh(x)), a form calcdiff may
    not use; the issue's two demands conflict there, and the foreign-function rule wins."""
    assert summary["too_long"] == summary["too_long_against_foreign"]
    assert len(summary["too_long"]) <= 1


def test_never_a_foreign_function(summary):
    assert summary["foreign"] == [], [r[0] for r in summary["foreign"]]


def _numeric(expr, x, value):
    try:
        v = complex(expr.subs(x, value).evalf(30))
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    return v if math.isfinite(v.real) and math.isfinite(v.imag) else None


@pytest.mark.parametrize("part", range(3))
def test_answers_keep_their_value(part):
    """Every default answer equals SymPy's derivative at random points (the oracle)."""
    from calcdiff.commands.differentiate import derive
    from calcdiff.read.parser import parse
    from calcdiff.sympy_bridge import to_sympy

    x = sympy.Symbol("x")
    rng = random.Random(part)
    for text, *_ in STORED[part::3]:
        f = to_sympy(parse(text).expr, rewrite_activations=True)
        want = sympy.diff(f, x)
        got = to_sympy(derive(text, "x").result, rewrite_activations=True)
        checked = 0
        points = [sympy.Rational(1, 3), sympy.Rational(7, 5)]
        points += [sympy.Rational(rng.randint(-150, 150), 97) for _ in range(4)]
        for point in points:
            a, b = _numeric(want, x, point), _numeric(got, x, point)
            if a is None or b is None or abs(a.imag) > 1e-12:
                continue
            assert abs(a - b) <= 1e-8 * max(1.0, abs(a)), (text, float(point))
            checked += 1
        assert checked or _numeric(want, x, sympy.Rational(1, 3)) is None, text
