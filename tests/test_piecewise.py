"""max and min, read as the ReLU they are written with (they were refused as unknown
functions, with a hint to write relu): readings, derivatives against SymPy's Max and Min away
from the corners, and the corner refused as relu's kink is."""

from __future__ import annotations

import json
import random

import pytest
import sympy
from click.testing import CliRunner

from calcdiff.cli import main
from calcdiff.commands.differentiate import derive
from calcdiff.read.parser import parse
from calcdiff.sympy_bridge import to_sympy

x, y, t = sympy.symbols("x y t", real=True)


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.mark.parametrize("text, reading", [
    ("max(0, x)", "relu(x)"),
    ("max(x, 0)", "relu(x)"),  # the constant taken as a
    ("min(x, 0)", "-relu(-x)"),
    ("max(0, 1 - y*t)", "relu(1 - y*t)"),  # the hinge loss
    ("max(1, x)", "1 + relu(x - 1)"),
    ("min(x, 1)", "1 - relu(1 - x)"),
    ("max(x, x^2)", "x + relu(x**2 - x)"),
    ("max(2, 3)", "3"),
    ("\\max(0, x)", "relu(x)"),
])
def test_reading(text, reading):
    r = parse(text)
    assert str(r.expr) == reading
    assert any(n.kind == "piecewise" for n in r.notes)


@pytest.mark.parametrize("text, oracle", [
    ("max(0, x)", sympy.Max(0, x)),
    ("max(x^2, 1) - min(x, 2)", sympy.Max(x**2, 1) - sympy.Min(x, 2)),
    ("max(sin(x), cos(x))", sympy.Max(sympy.sin(x), sympy.cos(x))),
    ("min(x, x^2, 1/2)", sympy.Min(x, x**2, sympy.Rational(1, 2))),
    ("max(0, 1 - 3x)^2", sympy.Max(0, 1 - 3 * x)**2),
    ("x max(x, -x)", x * sympy.Max(x, -x)),
])
def test_derivative_equals_sympys_away_from_the_corners(text, oracle):
    d = derive(text, "x")
    ours = to_sympy(d.result, rewrite_activations=True)
    theirs = sympy.diff(oracle, x)
    rng = random.Random(7)
    for _ in range(40):
        v = sympy.Rational(rng.randint(-3000, 3000), 997)
        a, b = ours.subs("x", v), theirs.subs(x, v)
        assert abs(complex(sympy.N(a - b, 30))) < 1e-20, (text, v)


def test_the_corner_is_refused_as_relus_kink():
    r = run("derive", "max(0, x)", "--at", "x=0", "--no-steps", "-f", "text")
    assert r.exit_code == 1
    assert r.stderr.startswith("error: relu(x) is not differentiable at x = 0")
    r = run("grad", "max(x, y)", "--at", "x=1,y=2", "-f", "json", "--no-steps")
    assert r.exit_code == 0 and json.loads(r.stdout)["gradient"] == [
        "1 - heaviside(-x + y)", "heaviside(-x + y)"]


@pytest.mark.parametrize("text, message", [
    ("max(x)", "max takes two or more arguments in brackets, like max(0, x)"),
    ("min x", None),  # letters, not a call: m*i*n*x, as before
])
def test_errors(text, message):
    r = run("parse", text, "-f", "text")
    if message is None:
        assert r.exit_code == 0
    else:
        assert r.exit_code == 1 and r.stderr.startswith(f"error: {message}\n")


def test_a_clamp_folds_its_numbers():
    """max(-1, min(1, x)) (hardtanh) read as -1 + relu(1 - relu(1 - x) + 1)."""
    assert str(parse("max(-1, min(1, x))").expr) == "-1 + relu(2 - relu(1 - x))"


@pytest.mark.parametrize("text, hint", [
    ("softsign(x)", "write x/(1 + abs(x))"),
    ("hardtanh(x)", "write max(-1, min(1, x))"),
])
def test_an_activations_name_is_not_letters_before_a_function(text, hint):
    """softsign(x) was s·o·f·t·sign(x), whose derivative is 0."""
    r = run("derive", text)
    assert r.exit_code == 1 and r.stderr.endswith(f"hint: {hint}\n")
