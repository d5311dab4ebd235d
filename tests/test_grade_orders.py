"""``grade`` of a derivative of higher order or a mixed partial (``d^2/dx^2 x^3``,
``d^2/dx dy x^2 y^3``): labelled as ``derive`` labels it, its variables and order in JSON,
and a mistake of the last differentiation found and placed."""

from __future__ import annotations

import json

from click.testing import CliRunner

from calcdiff.cli import main
from calcdiff.commands.grade import grade


def run(*args):
    return CliRunner().invoke(main, list(args), env={}, catch_exceptions=False)


def test_the_correct_line_names_the_derivative_graded():
    out = run("grade", "d^2/dx^2 x^3", "--answer", "6x^2", "-f", "text", "--no-steps").stdout
    assert "Correct:  d^2/dx^2 [x**3] = 6*x" in out, out
    out = run("grade", "d^2/dx dy x^2 y^3", "--answer", "6xy", "-f", "text",
              "--no-steps").stdout
    assert "Correct:  ∂^2/∂x∂y [x**2*y**3] = 6*x*y**2" in out, out
    # as derive's own Result line says it
    derived = run("derive", "d^2/dx dy x^2 y^3", "-f", "text", "--no-steps").stdout
    assert "∂^2/∂x∂y [x**2*y**3] = 6*x*y**2" in derived


def test_json_carries_every_variable_and_the_order():
    for expr, wrt in (("d^2/dx^2 x^3", ["x", "x"]), ("d^2/dx dy x^2 y^3", ["y", "x"]),
                      ("x^3", ["x"])):
        got = json.loads(run("grade", expr, "--answer", "1", "-f", "json", "--no-steps").stdout)
        derived = json.loads(run("derive", expr, "-f", "json", "--no-steps").stdout)
        assert (got["wrt"], got["order"]) == (wrt, len(wrt)) == (derived["wrt"],
                                                                   derived["order"]), got
    g = grade("d^2/dx^2 x^3", "6x")
    assert g.correct and g.variables == ("x", "x") and g.wrt == "x"


def test_no_note_about_an_option_that_was_not_given():
    g = grade("d^2/dx^2 x^3", "6x^2")
    assert not any("on the command line is not used" in n for n in g.reading.note_messages())
    # given, it is said
    g = grade("d^2/dx^2 x^3", "6x", wrt="x")
    assert any("-x x on the command line is not used" in n for n in g.reading.note_messages())


def test_each_note_of_the_request_is_said_once():
    notes = grade("d/dx (x^2 y)", "2xy").reading.note_messages()
    held = [n for n in notes if "held constant" in n]
    assert len(held) == 1, notes
