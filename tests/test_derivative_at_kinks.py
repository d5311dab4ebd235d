"""Every command that evaluates a derivative at a point refuses a point where a rule it used
does not hold (relu′ = heaviside holds where x ≠ 0), as ``derive --at`` does, or gives the
one-sided difference quotients' common limit there, as ``derive --at`` does."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from calcdiff.cli import main

REFUSED = ("error: {f} is not differentiable at {at}: the rule for its derivative holds "
           "where {cond}\nhint: calcdiff limit shows the one-sided difference quotients there\n")


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.mark.parametrize("args, f, at", [
    (["grad", "relu(x) + y", "--at", "x=0,y=0"], "relu(x)", "x = 0, y = 0"),
    (["grad", "relu(x) + y", "--at", "x=0,y=0", "--direction", "1,1"], "relu(x)",
     "x = 0, y = 0"),
    (["hessian", "x*relu(x) + y^2", "--at", "x=0,y=0"], "relu(x)", "x = 0, y = 0"),
    (["jacobian", "relu(x)", "y", "--at", "x=0,y=0"], "relu(x)", "x = 0, y = 0"),
    (["derive", "relu(x) + y", "--at", "x=0,y=0"], "relu(x)", "x = 0, y = 0"),
])
def test_a_derivative_at_a_kink_is_refused_as_derive_refuses_it(args, f, at):
    """grad gave (heaviside(0), 1) ≈ (0.5, 1); hessian a "minimum" with 2*heaviside(0)."""
    r = run(*args, "--no-steps", "-f", "text")
    assert r.exit_code == 1
    assert r.output == REFUSED.format(f=f, at=at, cond="x != 0")


@pytest.mark.parametrize("f, at, bad", [
    ("relu(x)", "x=0", "relu(x)"), ("sign(x)", "x=0", "sign(x)"),
    ("heaviside(x)", "x=0", "heaviside(x)"), ("relu(x)^2", "x=0", "relu(x)"),
    ("relu(x) + y^2", "x=0,y=1", "relu(x)"),
])
def test_a_taylor_polynomial_at_a_kink_is_refused(f, at, bad):
    """taylor relu(x) at 0 said x*heaviside(0) with remainder 0."""
    r = run("taylor", f, "--at", at, "-n", "3", "--no-steps", "-f", "text")
    assert r.exit_code == 1
    shown = at.replace("=", " = ").replace(",", ", ")
    want = REFUSED.format(f=bad, at=shown, cond="x != 0")[len("error: "):]
    if bad == "heaviside(x)":  # a jump: no value of its own for a quotient to start from
        want = want.replace("calcdiff limit shows the one-sided difference quotients there",
                            "heaviside(x) jumps there and has no value of its own to start a "
                            "difference quotient from: no derivative exists there")
    assert r.output == "error: the Taylor polynomial does not exist here: " + want


def test_where_both_sides_agree_the_gradient_has_their_limit_and_says_so():
    r = run("grad", "x*relu(x) + y", "--at", "x=0,y=0", "--no-steps", "-f", "json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["value"] == ["0", "1"]
    assert "at x = 0, y = 0 a rule of the derivation by x does not hold; the difference " \
           "quotients from both sides approach 0, the derivative there" in r.stdout


def test_where_both_sides_agree_a_first_taylor_coefficient_is_their_limit():
    r = run("taylor", "relu(x)^2", "--at", "x=0", "-n", "1", "--no-steps", "-f", "json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["coefficients"] == ["0", "0"]
    assert "the difference quotients from both sides approach 0" in r.stdout


def test_the_hint_at_a_jump_does_not_send_the_user_to_a_limit_that_fails():
    """derive heaviside(x) --at x=0 pointed to calcdiff limit, which says heaviside(x) is
    undefined at x = 0."""
    r = run("derive", "heaviside(x)", "--at", "x=0")
    assert r.exit_code == 1
    assert r.output.endswith(
        "\nhint: heaviside(x) jumps there and has no value of its own to start a difference "
        "quotient from: no derivative exists there\n")
    assert run("limit", "heaviside(x)", "--at", "x=0").exit_code == 1  # what it pointed to


@pytest.mark.parametrize("f, at, direction, words", [
    # the partials are limits along the axes (1 and 1): ∇f·u said √2, the slope is 0.89
    ("cbrt(x^3 + y^3)", "x=0,y=0", "1,1", "along (1, 1) its slope is 2**(5/6)/2"),
    ("cbrt(x^3 + y^3)", "x=0,y=0", "1,0", "its slope is 2**(5/6)/2"),  # the gradient's own
    # the gradient (0, 0) said "no steepest ascent", but along (1, 1) f is |t|/√2
    ("sqrt(x y)", "x=0,y=0", "1,0", "along (1, 1) its one-sided slopes differ"),
])
def test_a_direction_where_f_is_not_differentiable_is_refused(f, at, direction, words):
    r = run("grad", f, "--at", at, "--direction", direction, "--no-steps")
    assert r.exit_code == 1, r.output
    where = at.replace("=", " = ").replace(",", ", ")
    assert r.stderr.startswith(f"error: --direction: f is not differentiable at {where}")
    assert words in r.stderr


def test_a_direction_where_f_is_differentiable_through_a_limit_is_answered():
    # x·relu(x) + y² at (0, 1): the partial by x is a limit, and f is differentiable there
    r = run("grad", "x relu(x) + y^2", "--at", "x=0,y=1", "--direction", "1,1", "-f", "json")
    assert r.exit_code == 0
    assert json.loads(r.stdout)["directional"] == "sqrt(2)"


@pytest.mark.parametrize("args, message", [
    # (by x the difference quotients of x^0 = 1 both approach 0: by y, 0^y has no left side)
    (["grad", "x^y", "--at", "x=0,y=0"], "error: the derivative by y is undefined at x = 0, "
     "y = 0: log(x) has no value there"),
    (["grad", "x^y", "--at", "x=-1,y=2"], "error: the derivative by y is undefined at x = -1, "
     "y = 2: log(x) has no value there"),
    (["hessian", "x^y", "--at", "x=0,y=0"], "error: the second derivative by x is undefined at "
     "x = 0, y = 0: x**(y - 2) has no value there (division by zero)"),
])
def test_a_partial_undefined_at_the_point_names_the_point(args, message):
    r = run(*args)  # it said "x**(y - 1) is undefined here", naming no point
    assert r.exit_code == 1 and r.stderr.startswith(message), r.stderr


@pytest.mark.parametrize("command, f, at, value", [
    ("derive", "abs(x^3)", "x=0", "At x = 0: 0"), ("derive", "sqrt(x^6)", "x=0", "At x = 0: 0"),
    ("derive", "abs(x)^(3/2)", "x=0", "At x = 0: 0"), ("tangent", "abs(x^3)", "x=0", "f′(0) = 0"),
    ("grad", "abs(x^3) + y", "x=0,y=1", "At x = 0, y = 1: (0, 1)"),
])
def test_a_formula_without_value_where_both_sides_agree_gives_their_limit(command, f, at, value):
    # the formula's 0/0 (3*x**5/abs(x**3) at 0) was "the derivative is undefined"
    r = run(command, f, "--at", at, "-f", "text", "--no-steps")
    assert r.exit_code == 0 and value in r.stdout.splitlines()
    assert "quotients from both sides approach 0, the derivative there" in r.stdout.replace(
        "\n            ", " ")
    r = run("derive", "abs(x)", "--at", "x=0")  # a corner: the sides differ, still refused
    assert r.exit_code == 1


@pytest.mark.parametrize("args, value", [
    (["derive", "abs(x)^3", "-n", "2", "--at", "x=0"], "0"),
    (["derive", "x^2*abs(x)", "-n", "2", "--at", "x=0"], "0"),
    (["derive", "relu(x)^3", "-n", "2", "--at", "x=0"], "0"),
    (["derive", "abs(x)^5", "-n", "4", "--at", "x=0"], "0"),
])
def test_a_higher_derivative_that_exists_at_a_kink_is_given(args, value):
    """abs(x)^3 -n 2 at 0 was refused ("abs(x) is not differentiable"): f′ = 3x|x| holds
    there, and its one-sided quotients agree (f″(0) = 0)."""
    r = run(*args, "--no-steps", "-f", "json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["value"] == value


@pytest.mark.parametrize("args", [
    ["derive", "abs(x)", "-n", "2", "--at", "x=0"],  # f′ itself has no value there
    ["derive", "x*abs(x)", "-n", "2", "--at", "x=0"],  # f′ = 2|x|: a corner
    ["derive", "relu(x)^2", "-n", "2", "--at", "x=0"],  # f′ = 2relu(x): a corner
    ["derive", "abs(x)^3", "-n", "3", "--at", "x=0"],
])
def test_a_higher_derivative_that_does_not_exist_stays_refused(args):
    assert run(*args, "--no-steps", "-f", "text").exit_code == 1


def test_a_hessian_at_a_smooth_enough_kink():
    r = run("hessian", "x^2 + abs(y)^3", "--at", "x=0,y=0", "-f", "json", "--no-steps")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["value"] == [["2", "0"], ["0", "0"]]


def test_a_corner_whose_formula_has_no_value_is_refused():
    """asin(sin(x)) at pi/2: a corner (slopes 1 and -1); SymPy's one-sided limits took
    10 s to say so, past the default time limit ("too large"), where doubles tell at once."""
    r = run("derive", "asin(sin(x))", "--at", "x=pi/2", "--no-steps", "-f", "text")
    assert r.exit_code == 1
    assert r.stderr.startswith("error: the derivative is undefined at x = pi/2: "
                               "cos(x)/sqrt(1 - sin(x)**2) has no value there")


@pytest.mark.parametrize("f", ["relu(x)^2 + 10^8 x^2", "abs(x)^3 + 10^8 x^2",
                               "x*relu(x) + 10^9 x^2", "relu(x)^2 + cos(10000 x)"])
def test_a_large_curvature_is_no_corner(f):
    """The review: the doubles' screen for a corner took the quotients ±f″h/2 of a steep
    smooth f for one, and refused f′(0) = 0."""
    r = run("derive", f, "--at", "x=0", "--no-steps", "-f", "json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["value"] == "0"
