"""Exercises worded as textbooks word them: a definition and its point after a request
("find dy/dx when y = x^3 and x = 2"), the derivative or rate of change of one named
variable with respect to another, and a tangent line whose point comes first or is a point
of the graph. Each through the command, as a student types it."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from calcdiff.cli import main


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def derived(text):
    r = run("derive", text, "-f", "json", "--no-steps")
    assert r.exit_code == 0, r.output
    return json.loads(r.output)


@pytest.mark.parametrize("text, expr, derivative, at, value", [
    ("find dy/dx when y = x^3 and x = 2", "x**3", "3*x**2", {"x": "2"}, "12"),
    ("find dy/dx if y = x^3 and x = 2", "x**3", "3*x**2", {"x": "2"}, "12"),
    ("find dy/dx if y = x^3, x = 2", "x**3", "3*x**2", {"x": "2"}, "12"),
    ("find dy/dx given y = x^3 + x and x = -1", "x**3 + x", "3*x**2 + 1", {"x": "-1"}, "4"),
    ("y = x^3 and x = 2", "x**3", "3*x**2", {"x": "2"}, "12"),
    ("f(x) = x^3, x = 1/2", "x**3", "3*x**2", {"x": "1/2"}, "3/4"),
    ("dy/dx for y = x^2, x = 3", "x**2", "2*x", {"x": "3"}, "6"),
    ("find the derivative of y with respect to x when y = sin x and x = pi", "sin(x)",
     "cos(x)", {"x": "pi"}, "-1"),
    ("rate of change of y with respect to x when y = x^2 and x = 3", "x**2", "2*x",
     {"x": "3"}, "6"),
])
def test_a_definition_then_its_point(text, expr, derivative, at, value):
    out = derived(text)
    assert (out["expr"], out["derivative"], out["at"], out["value"]) == (
        expr, derivative, at, value)
    assert f"{next(iter(at))} = {at[next(iter(at))]} read as the point" in " ".join(
        out["notes"])


@pytest.mark.parametrize("text, wrt, derivative", [
    ("rate of change of y with respect to x if y = x^2 + 3x", ["x"], "2*x + 3"),
    ("derivative of y with respect to x if y = x^2 + 3x", ["x"], "2*x + 3"),
    ("find the derivative of y with respect to x given y = x^2", ["x"], "2*x"),
    ("rate of change of V with respect to r if V = 4/3 pi r^3", ["r"], "4*pi*r**2"),
    ("the rate of change of A w.r.t. s if A = s^2", ["s"], "2*s"),
    ("second derivative of y with respect to x if y = x^4", ["x", "x"], "12*x**2"),
    ("If y = x^3, find the rate of change of y with respect to x", ["x"], "3*x**2"),
    ("derivative of y if y = x^2", ["x"], "2*x"),
])
def test_the_derivative_of_one_variable_with_respect_to_another(text, wrt, derivative):
    out = derived(text)
    assert (out["wrt"], out["derivative"]) == (wrt, derivative)


def test_the_same_words_before_an_equation_differentiate_implicitly():
    out = derived("find the derivative of y with respect to x for x^2 + xy = 1")
    assert out["derivative"] == "-(2*x + y)/x"


def test_a_curve_and_the_parameter_s_value_after_it():
    out = derived("dy/dx if x = 2t, y = t^2 and t = 1")
    assert (out["derivative"], out["at"], out["value"]) == ("t", {"t": "1"}, "1")
    out = derived("find dy/dx when x = t^2, y = t^3 and t = 2")
    assert (out["derivative"], out["point"], out["value"]) == ("3*t/2", ["4", "8"], "3")
    # a coordinate that is a number is the curve's, not a point: x = t, y = 2 is a line
    out = derived("dy/dx for x = t, y = 2")
    assert (out["curve"], out["derivative"]) == ({"x": "t", "y": "2"}, "0")


def tangent(text):
    r = run("tangent", text, "-f", "json")
    assert r.exit_code == 0, r.output
    return json.loads(r.output)


@pytest.mark.parametrize("text, line", [
    ("tangent line at x = 1 to y = x^2", "2*x - 1"),
    ("tangent at x = 2 to y = x^3", "12*x - 16"),
    ("equation of the tangent line at x = pi to f(x) = sin x", "-(x - pi)"),
    ("find the tangent line at the point (1, 1) to the curve y = x^2", "2*x - 1"),
    ("y = x^2 at the point (1, 1)", "2*x - 1"),
    ("x^2 at (3, 9)", "6*x - 9"),
    ("f(x) = sin x at (pi/2, 1)", "1"),
    ("find the equation of the tangent line to y = x^2 at the point (2, 4)", "4*x - 4"),
])
def test_a_tangent_line_s_point_first_or_on_the_graph(text, line):
    out = tangent(text)
    assert out["tangent"] == line


def test_the_notes_say_where_the_point_was_read():
    out = tangent("tangent line at x = 1 to y = x^2")
    assert out["notes"][0].startswith("'tangent line' read as the request")
    assert "at x = 1 read as the point --at x=1" in out["notes"]
    out = tangent("y = x^2 at the point (1, 1)")
    assert "at the point (1, 1) read as the point --at x=1 (a point of the graph)" in out[
        "notes"]


@pytest.mark.parametrize("text, message, caret", [
    ("y = x^2 at (1, 2)", "(1, 2) is not on the graph of x**2: at x = 1 it is 1",
     "             ^^^^^^"),
    ("ln x at (0, 1)", "(0, 1) is not on the graph of log(x): at x = 0 it has no value",
     "          ^^^^^^"),
])
def test_a_point_off_the_graph_is_refused(text, message, caret):
    r = run("tangent", text)
    assert r.exit_code == 1
    lines = r.output.splitlines()
    assert lines[0] == f"error: {message}"
    assert lines[1] == f"  {text}" and lines[2] == caret


@pytest.mark.parametrize("command", ["derive", "tangent", "grad"])
@pytest.mark.parametrize("text", ["at x = 2", "when x = 1, y = 2", "at the point (1, 2)"])
def test_a_point_alone_is_refused_under_the_whole_input(command, text):
    # at x = 2 read as the equation a·t·x = 2 ("does not contain y", no echo)
    r = run(command, text)
    assert r.exit_code == 1
    assert r.output.splitlines() == ["error: the point has no expression before it",
                                     f"  {text}", "  " + "^" * len(text),
                                     "hint: write the expression first: x^2 at x = 2"]


@pytest.mark.parametrize("text", ["x^2 + 2x + 1 = 0", "x^2 = 4x", "sin x = 1/2"])
def test_an_equation_in_one_variable_says_so_under_the_equation(text):
    r = run("derive", text)
    assert r.exit_code == 1
    lines = r.output.splitlines()
    assert lines[0] == ("error: this equation is in x alone: nothing in it depends on x, so "
                        "there is no derivative to find implicitly")
    assert lines[1:3] == [f"  {text}", "  " + "^" * len(text)]
    assert lines[3] == "hint: to differentiate one side, give it alone, without its '= …'"


@pytest.mark.parametrize("text, left, right", [
    ("d/dx x^2 = 2x", "d/dx x^2", "2x"),
    ("d^2/dx^2 [sin(x)] = -sin(x)", "d^2/dx^2 [sin(x)]", "-sin(x)"),
])
def test_a_derivative_with_its_answer_points_to_grade(text, left, right):
    r = run("derive", text)
    assert r.exit_code == 1
    assert r.output.splitlines() == [
        "error: this is a derivative and an answer, not an equation to differentiate",
        f"  {text}", "  " + "^" * len(text),
        f'hint: to check the answer, grade it: calcdiff grade "{left}" --answer "{right}"']


@pytest.mark.parametrize("text, derivative", [
    ("Find dy/dx if y = u^3 and u = 2x + 1", "6*(2*x + 1)**2"),
    ("dz/dt for z = x^2 y, x = cos t and y = sin t", "cos(t)*(-2*sin(t)**2 + cos(t)**2)"),
])
def test_the_chain_rule_s_definitions_joined_by_and(text, derivative):
    # "and" was 'a word, not part of the expression language'
    out = derived(text)
    assert out["derivative"] == derivative
    assert any("read as definitions, substituted as --let gives them" in n
               for n in out["notes"])


def taylor(text, *more):
    r = run("taylor", text, "-f", "json", "--no-steps", *more)
    assert r.exit_code == 0, r.output
    return json.loads(r.output)


@pytest.mark.parametrize("text, more, at, order, polynomial", [
    ("Taylor series of e^x about x = 0", (), {"x": "0"}, 4,
     "x**4/24 + x**3/6 + x**2/2 + x + 1"),
    ("Maclaurin series of sin x", (), {"x": "0"}, 4, "-x**3/6 + x"),
    ("Maclaurin series of sin x", ("-n", "5"), {"x": "0"}, 5, "x**5/120 - x**3/6 + x"),
    ("find the Taylor polynomial of degree 3 for ln(x) at x = 1", (), {"x": "1"}, 3,
     "(x - 1) - (x - 1)**2/2 + (x - 1)**3/3"),
    ("the Taylor expansion of order 2 of cos x around x = 0", (), {"x": "0"}, 2,
     "1 - x**2/2"),
])
def test_a_taylor_polynomial_asked_in_words(text, more, at, order, polynomial):
    # each was "'of' is a word, not part of the expression language"
    out = taylor(text, *more)
    assert (out["at"], out["order"], out["polynomial"]) == (at, order, polynomial)
    assert "read as the request: the Taylor polynomial of what follows" in out["notes"][0]


def test_a_maclaurin_series_says_it_is_about_0():
    out = taylor("Maclaurin series of sin x")
    assert "a Maclaurin series is about 0: read as the point --at x=0" in out["notes"]


def test_a_tangent_at_the_point_where():
    out = tangent("Find the equation of the tangent line to the curve y = 2x^3 - x at the "
                  "point where x = 1")
    assert out["tangent"] == "5*x - 4"


@pytest.mark.parametrize("text", ["x = 3t, y = 2 and t = 0.7", "x = 3t, y = 2", "y = x^3, y = 2"])
def test_a_value_of_a_name_the_definitions_do_not_use_is_no_point(text):
    # x = 3t, y = 2 and t = 0.7 answered d/dt [3t] "at y = 2, t = 0.7" (the review)
    r = run("derive", text, "--no-steps")
    assert r.exit_code == 1 and "unexpected character '='" in r.output


def test_a_curve_with_a_constant_coordinate_keeps_its_parameter_s_point():
    out = derived("find dy/dx if x = 3t and y = 2 and t = 1")
    assert (out["curve"], out["derivative"], out["at"]) == ({"x": "3*t", "y": "2"}, "0",
                                                            {"t": "1"})


@pytest.mark.parametrize("text, derivative", [
    ("at (x+1)", "a*t"), ("at (x + 1)^2", "2*a*t*x + 2*a*t")])
def test_at_as_letters_before_a_bracket_is_still_a_product(text, derivative):
    # the point-alone refusal took these (a·t·(x + 1)) for points
    assert derived(text)["derivative"] == derivative


@pytest.mark.parametrize("text, value", [("y = x^2, x = pi", "2*pi"),
                                         ("y = sin(x), x = pi/6", "sqrt(3)/2")])
def test_a_constant_written_with_letters_is_a_point_not_a_definition(text, value):
    # x = pi was read as --let x=pi: "derivative 0" beside the value
    out = derived(text)
    assert out["value"] == value and out["at"] == {"x": text.rsplit("= ", 1)[1]}


def test_a_graph_point_written_with_decimals_is_on_the_graph_to_its_digits():
    assert tangent("y = e^x at (1, 2.718)")["at"] == {"x": "1"}
    r = run("tangent", "y = e^x at (1, 2.8)")
    assert r.exit_code == 1 and "is not on the graph" in r.output


@pytest.mark.parametrize("text, derivative", [
    ("the rate of change of y with respect to x when y = 1/x", "-1/x**2"),
    ("find dy/dx when y = 1/x and x = 2", "-1/x**2"),
])
def test_a_definition_whose_value_starts_with_a_number(text, derivative):
    # "when y = 1/x" was taken for the point y = 1 ("the value of y … must be a number")
    assert derived(text)["derivative"] == derivative


@pytest.mark.parametrize("text, at, value", [
    ("find dy/dx at x = 1/2 if y = ln(x)", {"x": "1/2"}, "2"),
    ("find dy/dx when x = 0.5 if y = sqrt(x)", {"x": "0.5"}, "0.5*sqrt(2)"),
    ("find dy/dx at x = pi/4 if y = tan x", {"x": "pi/4"}, "2"),
])
def test_a_point_first_written_as_a_fraction_or_decimal(text, at, value):
    # the point's pattern took its first character (x = 1, then "/2 if …"): refused
    out = derived(text)
    assert (out["at"], out["value"]) == (at, value)
