"""A curve given by a parameter, as a textbook asks for its derivative: dy/dx for x = t^2,
y = t^3. Every answer is checked against SymPy's (dy/dt)/(dx/dt), through the CLI."""

from __future__ import annotations

import json

import pytest
import sympy as sp
from click.testing import CliRunner

from calcdiff.cli import main

t, th = sp.symbols("t theta")


def run(*args):
    return CliRunner().invoke(main, list(args), env={}, catch_exceptions=False)


def answer(text: str, *more) -> dict:
    r = run("derive", text, "-f", "json", "--no-steps", *more)
    assert r.exit_code == 0, r.stderr
    return json.loads(r.stdout)


def by_sympy(x, y, s, order: int):
    d = sp.diff(y, s) / sp.diff(x, s)
    for _ in range(order - 1):
        d = sp.diff(d, s) / sp.diff(x, s)
    return d


def same(got: str, expected, s) -> bool:
    e = sp.sympify(got, locals={"theta": th, "t": t}) - expected
    return sp.simplify(e) == 0 or all(
        abs(complex(e.subs(s, v).evalf())) < 1e-9 for v in (0.3, 0.7, 1.3, 2.1))


@pytest.mark.parametrize("text,x,y,order", [
    ("dy/dx for x = t^2, y = t^3", t**2, t**3, 1),
    ("x = t^2, y = t^3, find dy/dx", t**2, t**3, 1),
    ("find dy/dx if x = cos t, y = sin t", sp.cos(t), sp.sin(t), 1),
    ("dy/dx where x = 2t + 1 and y = t^2 - 1", 2*t + 1, t**2 - 1, 1),
    ("x = e^t, y = t e^{-t}; find dy/dx", sp.exp(t), t*sp.exp(-t), 1),
    ("dy/dx for x = r cos t, y = r sin t", sp.Symbol("r")*sp.cos(t),
     sp.Symbol("r")*sp.sin(t), 1),
    ("dy/dx for x(θ) = 2cos θ, y(θ) = 3 sin θ", 2*sp.cos(th), 3*sp.sin(th), 1),
    (r"\frac{dy}{dx} \text{ if } x = \cos t, y = \sin t", sp.cos(t), sp.sin(t), 1),
    ("d^2y/dx^2 for x = t^2, y = t^3", t**2, t**3, 2),
    ("x = cos t, y = sin t, find d^2y/dx^2", sp.cos(t), sp.sin(t), 2),
    ("y'' for x = t - sin t, y = 1 - cos t", t - sp.sin(t), 1 - sp.cos(t), 2),
    ("d^3y/dx^3 for x = t^3 + t, y = t^2", t**3 + t, t**2, 3),
    ("dy/dx for x = ln(t), y = t^2 + 1", sp.log(t), t**2 + 1, 1),
    ("dy/dx for x = sqrt(t), y = t/(t + 1)", sp.sqrt(t), t/(t + 1), 1),
])
def test_a_parametric_derivative_equals_sympys(text, x, y, order):
    out = answer(text)
    s = th if "θ" in text else t
    assert out["parameter"] == str(s) and out["order"] == order
    assert same(out["derivative"], by_sympy(x, y, s, order), s), out["derivative"]
    assert any("read as a curve given by the parameter" in n for n in out["notes"])


def test_the_text_view_shows_both_derivatives_and_their_quotient():
    r = run("derive", "dy/dx for x = t^2, y = t^3 at t = 2", "-f", "text", "--no-steps")
    assert r.exit_code == 0
    lines = r.stdout.splitlines()
    for line in ["  dx/dt = 2*t", "  dy/dt = 3*t**2", "  dy/dx = 3*t**2/(2*t) = 3*t/2",
                 "Result:   dy/dx = 3*t/2", "At t = 2 (the point (4, 8)): 3"]:
        assert line in lines


def test_the_steps_are_the_rules_applied_to_each_coordinate():
    out = json.loads(run("derive", "dy/dx for x = t^2, y = sin(t^2)", "-f", "json").stdout)
    rules = [d["rule"] for d in out["derivation"]]
    assert rules == ["power", "chain"]
    assert out["by_parameter"] == {"x": "2*t", "y": "2*t*cos(t**2)"}
    assert out["derivative"] == "cos(t**2)"


@pytest.mark.parametrize("point", [["at t = 1"], ["--at", "t=1"]])
def test_a_value_of_the_parameter_gives_the_slope_there(point):
    text = "dy/dx for x = t^2 + 1, y = t^3" + (" " + point[0] if len(point) == 1 else "")
    out = answer(text, *point[1:] if len(point) == 1 else point)
    assert out["at"] == {"t": "1"} and out["point"] == ["2", "1"]
    assert out["value"] == "3/2" and out["value_float"] == 1.5


def test_where_dx_dt_is_zero_the_slope_is_refused_under_the_point():
    r = run("derive", "dy/dx for x = t^2, y = t^3 at t = 0")
    assert r.exit_code == 1
    assert r.stderr.splitlines() == [
        "error: dx/dt = 0 at t = 0: the curve's tangent there is vertical, or the curve stops "
        "(a cusp); dy/dx is not defined there",
        "  dy/dx for x = t^2, y = t^3 at t = 0",
        "                                ^^^^^",
    ]


@pytest.mark.parametrize("text,message", [
    ("dy/dx for x = a b, y = a + b", "which of a, b is the parameter?"),
    ("dy/dx for x = t^2, y = t^3 at x = 1", "a point of a parametric curve is a value of"),
    ("dy/dx for x = t^2 +, y = t^3", "a term is missing"),
])
def test_a_curve_that_cannot_be_read_says_why(text, message):
    r = run("derive", text)
    assert r.exit_code == 1
    assert message in r.stderr and "Traceback" not in r.stderr
    assert r.stderr.splitlines()[1] == "  " + text  # echoed, with a caret under it


def test_a_bad_coordinate_is_located_in_the_whole_input():
    r = run("derive", "dy/dx for x = t^2 +, y = t^3")
    assert r.stderr.splitlines()[2] == "                     ^"


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "latex", "rich"])
@pytest.mark.parametrize("steps", ["--steps", "--no-steps"])
def test_every_format_shows_the_curve(fmt, steps):
    r = run("derive", "d^2y/dx^2 for x = cos t, y = sin t at t = pi/4", "-f", fmt, steps)
    assert r.exit_code == 0, r.stderr
    assert "sin" in r.stdout


def test_a_batch_line_of_a_curve_and_the_others_answer():
    text = "dy/dx for x = t^2, y = t^3\nd/dx (x^2 +\nx^2\n"
    r = CliRunner().invoke(main, ["derive", "-f", "json", "--no-steps"], input=text)
    lines = [json.loads(line) for line in r.stdout.splitlines()]
    assert [("error" in line) for line in lines] == [False, True, False]
    assert lines[0]["derivative"] == "3*t/2" and lines[2]["derivative"] == "2*x"
    assert r.exit_code == 1


@pytest.mark.parametrize("args,answer_", [
    # not curves: each reads as it did before
    (["dz/dt for z = x^2 y, x = cos t, y = sin t"], "cos(t)*(-2*sin(t)**2 + cos(t)**2)"),
    (["y = x^3 - 3x, find dy/dx at x = 2"], "3*x**2 - 3"),
    (["x^2 + y^2 = 25, find dy/dx"], "-x/y"),
])
def test_other_definitions_are_not_curves(args, answer_):
    assert answer(*args)["derivative"] == answer_


def test_a_value_of_x_is_no_curve():
    # a value of x after the definition is its point (it was an error, as no curve)
    out = answer("dy/dx for y = x^2, x = 3")
    assert "curve" not in out and (out["derivative"], out["at"], out["value"]) == (
        "2*x", {"x": "3"}, "6")


@pytest.mark.parametrize("text, answer_", [
    # a coordinate defined by the other is the chain rule's --let, as before (the review)
    ("dy/dx for y = x^2, x = t", "2*t"), ("dy/dx for y = x^2 + 1, x = sin t", "2*sin(t)"),
])
def test_a_definition_by_the_other_coordinate_is_no_curve(text, answer_):
    assert answer(text)["derivative"] == answer_


def test_a_point_of_a_curve_with_a_constant_gives_the_slope_alone():
    out = answer("dy/dx for x = r cos t, y = r sin t at t = 1")
    assert out["point"] is None and out["value"] == "-cos(1)/sin(1)"


def test_the_json_expr_is_a_string_and_the_curve_a_dict():
    out = answer("dy/dx for x = t^2, y = t^3")
    assert out["expr"] == "x = t**2, y = t**3" and out["curve"] == {"x": "t**2", "y": "t**3"}


def test_options_the_words_override_are_said():
    out = answer("dy/dx for x = t^2, y = t^3", "-n", "2", "-x", "t")
    assert out["order"] == 1
    assert "the input asks for its own derivative; -n 2 -x t on the command line is not used" \
        in out["notes"]


@pytest.mark.parametrize("text", [
    "find dy/dx when x = t^2 and y = t^3",  # when links, as if does ('and' was a word)
    "find the slope of the curve x = t^2, y = t^3 at t = 1",  # x and y, by the words' slope
    "find the slope of the tangent line to the curve x = t^2, y = t^3 at t = 1",
])
def test_a_curves_exercise_in_other_words(text):
    out = answer(text)
    assert out["derivative"] == "3*t/2" and out["parameter"] == "t"


def test_a_point_of_another_variable_is_shown_under_the_point():
    r = run("derive", "dy/dx for x = t^2, y = t^3 at x = 1")
    assert r.exit_code == 1
    assert r.stderr.splitlines()[2] == "                                ^^^^^"


def test_a_point_written_with_decimals_is_shown_with_them():
    # as derive's own point is: 0.7, the point (0.49, 0.343) and 1.05, not 7/10 and 21/20
    out = answer("dy/dx for x = t^2, y = t^3 at t = 0.7")
    assert (out["at"], out["point"], out["value"]) == ({"t": "0.7"}, ["0.49", "0.343"], "1.05")
    text = run("derive", "dy/dx for x = t^2, y = t^3", "--at", "t=0.5", "--no-steps").output
    assert text.splitlines()[-1] == "At t = 0.5 (the point (0.25, 0.125)): 0.75"
    assert answer("dy/dx for x = t^2, y = t^3 at t = 2")["point"] == ["4", "8"]
