"""The kinks a grade samples on both sides of: edges of the rules' domains, solved exactly
for polynomials of degree 1 and 2 and on a grid otherwise; and the points far from 0."""

from __future__ import annotations

import math
import random
from fractions import Fraction

import pytest

from calcdiff.commands.kinks import edges, far_points, kink_points, sides, solve
from calcdiff.read.parser import parse as read


def parse(text: str):
    return read(text).expr


@pytest.mark.parametrize("text, want", [
    ("abs(4x - 1)", {("4*x - 1", 0)}),
    ("relu(x) + heaviside(x - 1) + sign(2 - x)", {("x", 0), ("x - 1", 0), ("2 - x", 0)}),
    ("log(x - 10)", {("x - 10", 0)}),  # the edge of the domain u > 0
    ("asin(x/2)", {("x/2", 1), ("x/2", -1)}),  # |u| < 1: u = ±1
    ("x^(1/3)", {("x", 0)}),  # a power to a fraction: its base 0
    ("sin(x) + x^2 + abs(3)", set()),  # no kink in the variable
])
def test_edges_come_from_the_rules_domains(text, want):
    got = {(str(u), c) for u, c in edges([parse(text)])}
    assert got == {(str(parse(u)), Fraction(c)) for u, c in want}


@pytest.mark.parametrize("text, c, roots", [
    ("4*x - 1", 0, [0.25]),
    ("x^2 - 10^6", 0, [-1000.0, 1000.0]),
    ("(x - 1000)^2", 0, [1000.0]),  # a double root
    ("x^2 + 1", 0, []),
    ("x/2", 1, [2.0]),
    ("3", 0, []),
])
def test_polynomials_of_degree_one_or_two_are_solved_exactly(text, c, roots):
    assert solve(parse(text), Fraction(c), "x", {}) == roots


def test_other_arguments_are_solved_on_a_grid():
    (r,) = solve(parse("x^3 - 8"), Fraction(0), "x", {})
    assert r == pytest.approx(2.0, rel=1e-9)
    near_pi = [r for r in solve(parse("sin(x)"), Fraction(0), "x", {}) if 3 < r < 4]
    assert near_pi and near_pi[0] == pytest.approx(math.pi, rel=1e-9)
    # the other variables take the given values
    assert solve(parse("x - y/100"), Fraction(0), "x", {"y": 50.0}) == [0.5]


def test_sides_are_nearer_their_kink_than_any_other():
    assert sides([0.25, 0.0]) == [-0.001, 0.001, 0.249, 0.251]
    assert sides([1000.0]) == [999.0, 1001.0]
    left, right = sides([0.0, 1e-5])[2:]  # close kinks: a quarter of the gap
    assert 0 < left < 1e-5 < right < 2e-5


def test_kink_points_and_far_points():
    f = parse("abs(4*x - 1)")
    assert kink_points([f, parse("4*sign(x)")], ["x"], None) == [
        {"x": -0.001}, {"x": 0.001}, {"x": 0.249}, {"x": 0.251}]
    two = kink_points([parse("abs(x - y)")], ["x", "y"], {"x": 1.0, "y": 2.0})
    assert {"x": 1.998, "y": 2.0} in two and {"x": 1.0, "y": 0.999} in two
    assert kink_points([parse("abs(x - y)")], ["x", "y"], None) == []  # no base point
    far = far_points(["x"], None, random.Random(0))
    assert sorted(math.floor(math.log10(abs(p["x"]))) for p in far)[::2] == [3, 4, 6]
    assert all(p["x"] == -q["x"] for p, q in zip(far[::2], far[1::2]))
