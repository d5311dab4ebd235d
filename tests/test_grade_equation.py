"""``grade`` of an implicit derivative (``x^2 + y^2 = 25``, ``find dy/dx if …``): the answer
compared with dy/dx at points of the curve, a wrong one matched against a rule misapplied in
differentiating a side and against the slips of solving for y′."""

from __future__ import annotations

import json
import random

import pytest
from click.testing import CliRunner

from calcdiff.algebra.evaluate import float_value
from calcdiff.cli import main
from calcdiff.commands.differentiate import derive
from calcdiff.commands.grade import grade
from calcdiff.commands.grade_equation import curve_points
from calcdiff.commands.implicit import solved_for_prime
from calcdiff.deriving.mistakes import candidates, misapplied
from calcdiff.errors import CalcdiffError
from calcdiff.render import render
from calcdiff.tree.printer import to_plain


def run(*args):
    return CliRunner().invoke(main, list(args), env={}, catch_exceptions=False)


@pytest.mark.parametrize("equation, answer", [
    ("x^2 + y^2 = 25", "-x/y"),
    ("x^2 + y^2 = 25", "-x y/(25 - x^2)"),  # -x/y where the equation holds, only there
    ("find dy/dx if x^2 + y^2 = 25", "-x/y"),
    ("x^2 + y^2 = 25", "dy/dx = -x/y"),
    ("x y = 1", "-y/x"),
    ("x^2 + y^2 = 25, find dy/dx", "-x/y"),
    ("x^3 + y^3 = 6 x y", "(2y - x^2)/(y^2 - 2x)"),
    ("sin(x y) = x", "(1 - y cos(x y))/(x cos(x y))"),
    ("e^y = x", "1/x"),  # y = ln x: 1/x is e^(-y) on the curve
    ("find d^2y/dx^2 if x^2 + y^2 = 25", "-25/y^3"),
])
def test_a_right_implicit_derivative_is_correct(equation, answer):
    g = grade(equation, answer)
    assert g.correct, (equation, answer, g.method, g.differences)


def test_the_reported_commands_grade_instead_of_misleading():
    r = run("grade", "x^2+y^2=25", "--answer", "-x/y", "-f", "text", "--no-steps")
    assert r.exit_code == 0, r.output
    assert "Reading:  x**2 + y**2 = 25" in r.stdout
    assert "Grade:    CORRECT" in r.stdout and "Correct" not in r.stdout.split("Grade")[0]
    assert "--at" not in r.output and "unexpected character" not in r.output
    r = run("grade", "find dy/dx if x^2 + y^2 = 25", "--answer", "-x/y", "-f", "text")
    assert r.exit_code == 0 and "Grade:    CORRECT" in r.stdout, r.output
    assert "differential equation" not in r.output


def test_points_are_on_the_curve_and_on_both_branches():
    d = derive("x^2 + y^2 = 25")
    pts = curve_points(d.expr, d.result, ["x", "y"], "y")
    assert len(pts.envs) >= 8
    for env in pts.envs:
        assert abs(env["x"] ** 2 + env["y"] ** 2 - 25) < 1e-9
    assert {env["y"] > 0 for env in pts.envs} == {True, False}
    # a pole's change of sign is no point of the curve: 1/y = x has none at y = 0
    d = derive("1/y = x")
    pts = curve_points(d.expr, d.result, ["x", "y"], "y")
    assert pts.envs and all(abs(1 / env["y"] - env["x"]) < 1e-9 for env in pts.envs)


@pytest.mark.parametrize("equation, answer, mistake, side, step", [
    ("x^2 + y^2 = 25", "x/y", "implicit-sign-lost", None, "top"),
    ("x^2 + y^2 = 25", "-y/x", "implicit-inverted", None, "top"),
    ("x^2 + x y + y^2 = 7", "-(2x + y)/(2y)", "product-term-dropped", 1, "2"),
    ("x^2 + x y + y^2 = 7", "-(2x + 3y)/x", "chain-inner-dropped", 1, "3"),
    ("sin(x y) = x", "1/(x cos(x y))", "product-term-dropped", 1, "2"),
])
def test_a_wrong_implicit_derivative_names_its_mistake(equation, answer, mistake, side, step):
    g = grade(equation, answer)
    assert not g.correct
    d = g.diagnosis
    assert (d.mistake, d.part, d.step) == (mistake, side, step), d


def test_the_mistake_is_placed_in_the_views():
    out = run("grade", "x^2 + x y + y^2 = 7", "--answer", "-(2x + y)/(2y)", "-f", "text",
              "--no-steps").stdout
    assert ("Where:    step 2 of the left side's derivative, d/dx [x*y(x)], by the product"
            in out), out
    assert "Correct:  dy/dx = -(2*x + y)/(x + 2*y)" in out
    out = run("grade", "x^2 + y^2 = 25", "--answer", "x/y", "-f", "text", "--no-steps").stdout
    assert "Where:    solving (2*y)*y' = -2*x for y′" in out, out
    got = json.loads(run("grade", "x^2 + x y + y^2 = 7", "--answer", "-(2x + y)/(2y)", "-f",
                         "json", "--no-steps").stdout)
    assert (got["mistake"], got["side"], got["dependent"], got["independent"]) == (
        "product-term-dropped", "left", "y", "x")
    assert got["method"].startswith("numeric, on the curve")
    for fmt in ("text", "markdown", "latex", "rich", "json"):
        assert render(grade("x^2 + x y + y^2 = 7", "-(2x + y)/(2y)"), fmt) is not None


def test_an_answer_right_on_one_branch_only_says_so():
    g = grade("x^2 + y^2 = 25", "-x/sqrt(25 - x^2)")  # the upper half's derivative
    assert not g.correct and g.diagnosis is None
    assert "it equals dy/dx on part of the curve only (where y > 0)" in g.note, g.note


def test_a_curve_without_real_points_cannot_grade():
    with pytest.raises(CalcdiffError, match="no point of the curve x\\*\\*2 \\+ y\\*\\*2 = -1"):
        grade("x^2 + y^2 = -1", "1")


def test_a_definition_with_request_words_is_graded_as_derive_reads_it():
    assert grade("y = x^2, find dy/dx", "2x").correct
    g = grade("y = x^3, find d^2y/dx^2", "3x^2")
    assert g.diagnosis.mistake == "stopped-early"


@pytest.mark.parametrize("equation", ["x^2 + x y + y^2 = 7", "x sin(y) = y^2 + x^3"])
def test_generated_mistakes_of_a_side_are_named_or_listed(equation):
    """A sample of the catalogue's mistakes in differentiating either side, y′ then solved
    for, graded from its printed text: named or listed."""
    rng = random.Random(3)
    r = derive(equation)
    pts = curve_points(r.expr, r.result, sorted(r.expr.free), r.dependent)
    for k, side in enumerate(r.sides, 1):
        other = r.sides[2 - k].simplified
        cands = candidates(side.step, None)
        for c in rng.sample(cands, min(5, len(cands))):
            wrong = misapplied(side.step, c)
            try:
                _, _, solved = solved_for_prime(*((wrong, other) if k == 1 else (other, wrong)),
                                                r.expr, r.independent, r.dependent, "basic")
            except CalcdiffError:
                continue
            values = [float_value(solved, env) for env in pts.envs]
            if any(v is None for v in values) or all(
                    abs(v - ref) <= 1e-9 * max(1, abs(ref)) for v, ref in zip(values,
                                                                             pts.reference)):
                continue  # undefined on the curve, or the mistake changes nothing
            g = grade(equation, to_plain(solved))
            assert not g.correct
            named = {(g.diagnosis.mistake, g.diagnosis.part)} | {
                (a.mistake, a.part) for a in g.diagnosis.also}
            assert (c.mistake.id, k) in named, (equation, c.mistake.id, k, g.diagnosis)


@pytest.mark.parametrize("equation, answer", [("x^2 + y^2 = 250000", "-x/y"),
                                              ("x*y = 1000000", "-y/x")])
def test_a_curve_far_from_the_origin_has_points(equation, answer):
    """y = ±500 near x = 0: the search for y reached about 400 ('no point of the curve')."""
    assert grade(equation, answer).correct


@pytest.mark.parametrize("equation, answer", [
    # each was "no point of the curve … found": x is drawn where the curve is not
    ("(x-7)^2 + (y+1)^2 = 1/4", "-(x-7)/(y+1)"),
    ("x^2 + y^2 - 20x + 99 = 0", "(10-x)/y"),
    ("(x-100)^2 + y^2 = 1", "-(x-100)/y"),
])
def test_a_small_curve_away_from_the_draws_is_found_and_graded(equation, answer):
    g = grade(equation, answer)
    assert g.correct


def test_a_sign_lost_on_a_small_curve_is_named_on_eight_points():
    g = grade("(x-10)^2 + (y-10)^2 = 4", "(x-10)/(y-10)")  # was "no single mistake", 2 points
    assert not g.correct and g.diagnosis.mistake == "implicit-sign-lost"
    r = derive("(x-10)^2 + (y-10)^2 = 4")
    points = curve_points(r.expr, r.result, ["x", "y"], "y", x="x")
    assert len(points.envs) == 8
    for env in points.envs:
        assert abs(float_value(r.expr, env)) < 1e-9
