"""Taylor polynomials in several variables against SymPy: the polynomial equals
Σ_{|α| ≤ n} ∂^α f(a)/α! (x − a)^α, and the gradient and Hessian at the point are SymPy's."""

from __future__ import annotations

import json
import math
from itertools import product

import pytest
import sympy
from click.testing import CliRunner

from calcdiff.cli import main
from calcdiff.commands.taylor_multi import taylor
from calcdiff.read.parser import parse
from calcdiff.render import render
from calcdiff.results_explore import Taylor, TaylorMulti
from calcdiff.sympy_bridge import to_sympy

CASES = [("exp(x)*sin(y)", {"x": 0, "y": 0}, 2), ("x^2*y + y^3", {"x": 1, "y": 2}, 2),
         ("ln(1 + x^2 + y^2)", {"x": 1, "y": -1}, 2), ("x*y*z + z^2", {"x": 1, "y": 2, "z": 3}, 2),
         ("cos(x + 2y)", {"x": 0, "y": 1}, 3), ("sqrt(x + y)", {"x": 2, "y": 2}, 1)]


def _sympy_taylor(text, point, order):
    fs = to_sympy(parse(text).expr)
    names = list(point)
    syms = [sympy.Symbol(v) for v in names]
    subs = dict(zip(syms, point.values()))
    total = 0
    for alpha in product(range(order + 1), repeat=len(names)):
        if sum(alpha) > order:
            continue
        d = fs
        for s, k in zip(syms, alpha):
            if k:
                d = sympy.diff(d, s, k)
        term = d.subs(subs) / math.prod(math.factorial(k) for k in alpha)
        for s, k, v in zip(syms, alpha, point.values()):
            term *= (s - v) ** k
        total += term
    return fs, syms, subs, total


@pytest.mark.parametrize("text,point,order", CASES)
def test_polynomial_gradient_and_hessian_equal_sympy(text, point, order):
    t = taylor(text, ",".join(f"{k}={v}" for k, v in point.items()), order)
    assert isinstance(t, TaylorMulti) and t.vars == list(point)
    fs, syms, subs, want = _sympy_taylor(text, point, order)
    assert sympy.simplify(to_sympy(t.polynomial) - want) == 0
    for g, s in zip(t.gradient_at, syms):
        assert sympy.simplify(to_sympy(g) - sympy.diff(fs, s).subs(subs)) == 0
    for i, row in enumerate(t.hessian_at):
        for j, h in enumerate(row):
            assert sympy.simplify(to_sympy(h) - sympy.diff(fs, syms[i], syms[j]).subs(subs)) == 0


def test_one_variable_is_the_one_variable_taylor():
    assert isinstance(taylor("exp(x)", "x=0", 3), Taylor)


def test_cli_defaults_to_the_quadratic_model_in_several_variables():
    r = CliRunner().invoke(main, ["taylor", "exp(x) sin(y)", "--at", "x=0,y=0", "-f", "json"])
    out = json.loads(r.stdout)
    assert out["order"] == 2 and out["polynomial"] == "x*y + y"
    assert out["hessian_at"] == [["0", "1"], ["1", "0"]] and out["schema"] == 2
    r = CliRunner().invoke(main, ["taylor", "x*y", "--at", "x=1"])
    assert r.exit_code == 1 and "no value for y" in r.stderr


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "latex", "rich"])
def test_renders(fmt):
    assert render(taylor("x^2*y + y^3", "x=1,y=2"), fmt)


def test_a_degree_term_subtracts_a_negative_one():
    """The term of degree 3 of exp(x) sin(y) printed 1/2*x**2*y + (-1/6*y**3)."""
    r = CliRunner().invoke(main, ["taylor", "exp(x) sin(y)", "--at", "x=0,y=0", "-n", "3",
                                  "-f", "json"])
    terms = {t["degree"]: t["term"] for t in json.loads(r.stdout)["terms"]}
    assert terms[3] == "1/2*x**2*y - 1/6*y**3"
