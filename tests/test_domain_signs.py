"""|v| is v where the expression's own domain keeps v ≥ 0 (rule entries marked
``argument_nonnegative``): identities between inverse functions differentiate to 0, and
nothing changes where the domain allows negative v. SymPy is the oracle at points of the
domain."""

from __future__ import annotations

import pytest
import sympy

import calcdiff
from calcdiff.cli import main
from calcdiff.sympy_bridge import to_sympy
from click.testing import CliRunner


@pytest.mark.parametrize("text", ["asech(x) - acosh(1/x)", "acsc(x) - asin(1/x)",
                                  "asec(x) - acos(1/x)", "acsch(x) - asinh(1/x)"])
def test_an_inverse_function_identity_differentiates_to_zero(text):
    assert str(calcdiff.derive(text).result) == "0"


@pytest.mark.parametrize("text,answer", [
    ("log(x)*abs(x)", "log(x) + 1"),
    ("sqrt(x)*abs(x)^3", "7*x**(5/2)/2"),
    ("abs(x)*log(y)", "x*log(y)/abs(x)"),  # y >= 0 says nothing of x
    ("cbrt(x)*abs(x)", "4*x*cbrt(x)/(3*abs(x))"),  # cbrt is real for negative x too
])
def test_abs_of_a_variable_the_domain_keeps_nonnegative(text, answer):
    d = calcdiff.derive(text)
    assert str(d.result) == answer
    x = sympy.Symbol("x", real=True)
    y = sympy.Symbol("y", real=True)
    expected = sympy.diff(to_sympy(d.expr).subs({sympy.Symbol("x"): x, sympy.Symbol("y"): y}),
                          x)
    got = to_sympy(d.result).subs({sympy.Symbol("x"): x, sympy.Symbol("y"): y})
    for point in ({x: sympy.Rational(1, 3), y: 2}, {x: 5, y: sympy.Rational(7, 2)}):
        assert abs(sympy.N((expected - got).subs(point), 30)) < 1e-20


def test_the_field_must_be_true_or_false(tmp_path):
    f = tmp_path / "r.toml"
    f.write_text('[[rule]]\nid = "d-g"\nfunction = "g"\nderivative = "2*u"\n'
                 'explain = "g."\ndefinition = "u^2"\nargument_nonnegative = "yes"\n')
    r = CliRunner().invoke(main, ["derive", "g(x)", "--rules", str(f)])
    assert r.exit_code == 1
    assert "field 'argument_nonnegative' must be true or false" in r.stderr
