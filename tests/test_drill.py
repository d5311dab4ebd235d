"""Issue 5, item 1: polynomial drill exercises, typed the way drill sheets print them, go
through the command line as one batch; every answer is exactly the expanded, collected
polynomial (SymPy's ``expand`` of its own derivative, printed alike)."""

from __future__ import annotations

import json
import random

import pytest
import sympy
from click.testing import CliRunner

from calcdiff.cli import main

SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
VARIABLES = ["x", "y", "z", "t", "a", "b"]


def _monomial_text(coef: int, powers: list[tuple[str, int]], style: str, first: bool) -> str:
    """``-12x^3y`` / ``12x³y`` / ``12*x**3*y``, signed for its place in the sum."""
    parts = []
    for v, k in powers:
        if k == 1:
            parts.append(v)
        elif style == "unicode":
            parts.append(v + str(k).translate(SUPERSCRIPT))
        elif style == "python":
            parts.append(f"{v}**{k}")
        else:
            parts.append(f"{v}^{k}")
    body = ("*" if style == "python" else "").join(parts)
    mag = abs(coef)
    if body:
        num = "" if mag == 1 else (f"{mag}*" if style == "python" else str(mag))
        term = num + body
    else:
        term = str(mag)
    if first:
        return ("-" if coef < 0 else "") + term
    return (" - " if coef < 0 else " + ") + term


def drill(rng: random.Random) -> tuple[str, sympy.Expr, str, int]:
    """(line, SymPy polynomial, variable, order): one drill exercise with its request."""
    names = rng.sample(VARIABLES, rng.choice([1, 2, 2, 3]))
    style = rng.choice(["caret", "caret", "unicode", "python"])
    big = rng.random() < 0.3
    terms, seen = [], set()
    for _ in range(rng.randint(2, 6)):
        powers = tuple((v, rng.randint(0, 5)) for v in names)
        powers = tuple(p for p in powers if p[1])
        if powers in seen:
            continue
        seen.add(powers)
        coef = 0
        while coef == 0:
            coef = rng.randint(-10**6, 10**6) if big else rng.randint(-20, 20)
        terms.append((coef, list(powers)))
    if not any(p for _, p in terms):
        terms.append((rng.randint(2, 9), [(names[0], 2)]))
    text = "".join(_monomial_text(c, p, style, i == 0) for i, (c, p) in enumerate(terms))
    poly = sympy.Add(*[c * sympy.Mul(*[sympy.Symbol(v) ** k for v, k in p]) for c, p in terms])
    var = rng.choice(sorted(str(s) for s in poly.free_symbols))
    order = rng.choice([1, 1, 1, 2, 3])
    sup = str(order).translate(SUPERSCRIPT)
    if order == 1:
        line = rng.choice([f"d/d{var} ({text})", f"∂/∂{var} ({text})", f"diff({text}, {var})"])
    else:
        line = rng.choice([f"d^{order}/d{var}^{order} ({text})", f"d{sup}/d{var}{sup} ({text})",
                           f"diff({text}, {var}, {order})"])
    return line, poly, var, order


def drills(n: int, seed: int):
    rng = random.Random(seed)
    return [drill(rng) for _ in range(n)]


@pytest.mark.parametrize("seed", [0, 1])
def test_drill_sheet_through_the_cli(seed):
    """250 exercises per seed (500 in all): one JSON object each, exactly SymPy's expansion."""
    cases = drills(250, seed)
    text = "\n".join(line for line, *_ in cases) + "\n"
    r = CliRunner().invoke(main, ["derive", "-f", "json", "--no-steps"], input=text)
    assert r.exit_code == 0, r.stderr
    objs = [json.loads(x) for x in r.stdout.splitlines()]
    assert len(objs) == len(cases)
    for (line, poly, var, order), obj in zip(cases, objs):
        expected = sympy.expand(sympy.diff(poly, sympy.Symbol(var), order))
        assert obj["derivative"] == sympy.sstr(expected), line


def test_drill_lines_read_as_written():
    """The generator's three notations are one polynomial to calcdiff's reader."""
    from calcdiff.read.request import parse_request
    from calcdiff.sympy_bridge import to_sympy

    for line, poly, var, order in drills(200, 7):
        r = parse_request(line)
        assert sympy.expand(to_sympy(r.expr) - poly) == 0, line
        assert list(r.wrt) == [var] * order, line


def _factor_text(rng: random.Random, names) -> tuple[str, sympy.Expr]:
    terms = []
    for _ in range(rng.randint(2, 3)):
        powers = [(v, rng.randint(0, 2)) for v in names]
        coef = rng.choice([-7, -3, -2, -1, 1, 2, 3, 5, 12])
        terms.append((coef, [(v, k) for v, k in powers if k]))
    text = "".join(_monomial_text(c, p, "caret", i == 0) for i, (c, p) in enumerate(terms))
    poly = sympy.Add(*[c * sympy.Mul(*[sympy.Symbol(v) ** k for v, k in p]) for c, p in terms])
    return f"({text})", poly


def test_products_of_polynomials_come_out_expanded():
    """``(x^2 - 3x)(x + y)`` and friends: the product rule's result is a polynomial, and
    polynomial results are expanded and collected (SPEC §5), however the input was written."""
    rng = random.Random(3)
    lines, expected = [], []
    for _ in range(120):
        names = rng.sample(["x", "y", "z"], rng.randint(1, 2))
        if "x" not in names:
            names[0] = "x"
        parts = [_factor_text(rng, names) for _ in range(rng.randint(2, 3))]
        scale = rng.choice(["", "3", "-2", "1/2 "])
        text = scale + "".join(t for t, _ in parts)
        poly = sympy.Mul(*[p for _, p in parts]) * (sympy.Rational(scale) if scale.strip()
                                                   else 1)
        if "x" not in {str(s) for s in poly.free_symbols}:
            continue
        lines.append(f"d/dx {text}")
        expected.append(sympy.sstr(sympy.expand(sympy.diff(poly, sympy.Symbol("x")))))
    r = CliRunner().invoke(main, ["derive", "-f", "json", "--no-steps"],
                           input="\n".join(lines) + "\n")
    assert r.exit_code == 0, r.stderr
    got = [json.loads(x)["derivative"] for x in r.stdout.splitlines()]
    assert list(zip(lines, got)) == list(zip(lines, expected))
