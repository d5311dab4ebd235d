"""``grade`` of a derivative of higher order or a mixed partial (``d^2/dx^2 x^3``,
``d^2/dx dy x^2 y^3``): labelled as ``derive`` labels it, its variables and order in JSON,
and a mistake of the last differentiation found and placed."""

from __future__ import annotations

import json
import random

import pytest
from click.testing import CliRunner

from calcdiff.cli import main
from calcdiff.commands.differentiate import derive
from calcdiff.commands.equivalence import sample
from calcdiff.commands.grade import grade
from calcdiff.deriving.mistakes import candidates, misapplied
from calcdiff.simplify import simplify
from calcdiff.tree.printer import to_plain


def run(*args):
    return CliRunner().invoke(main, list(args), env={}, catch_exceptions=False)


def flat(text: str) -> str:
    """The output with its wrapped lines joined (each run of spaces one space)."""
    return " ".join(text.split())


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


# ---------------------------------------------------------------------------------------------
# the mistake, in the last differentiation (the earlier ones right), or of the order


def _named(g) -> set:
    d = g.diagnosis
    return {(d.mistake, d.part)} | {(a.mistake, a.part) for a in d.also}


def test_a_mistake_of_the_second_differentiation_is_named_there():
    g = grade("d^2/dx^2 sin(3x)", "-3 sin(3x)")  # the inner 3 dropped in the second pass
    d = g.diagnosis
    assert (d.mistake, d.part, d.step) == ("chain-inner-dropped", 2, "1"), d
    assert to_plain(d.step_expr) == "cos(3*x)" and to_plain(d.right) == "-3*sin(3*x)"
    # dropped in the first pass, then differentiated right, it is the same answer: listed
    assert ("chain-inner-dropped", 1) in _named(g)
    g = grade("d^2/dx^2 x^3", "6x^2")  # the exponent not lowered in the second pass
    assert (g.diagnosis.mistake, g.diagnosis.part) == ("power-exponent-not-lowered", 2)
    out = run("grade", "d^2/dx^2 x^3", "--answer", "6x^2", "-f", "text", "--no-steps").stdout
    assert "Where:    step 1 of differentiation 2 of 2, d/dx [x**2], by the power rule" in out
    got = json.loads(run("grade", "d^2/dx^2 x^3", "--answer", "6x^2", "-f", "json",
                         "--no-steps").stdout)
    assert (got["mistake"], got["step"], got["differentiation"]) == (
        "power-exponent-not-lowered", "1", 2)


def test_the_first_derivative_given_for_the_second_is_said():
    g = grade("d^2/dx^2 x^3", "3x^2")
    assert g.diagnosis.mistake == "stopped-early" and g.diagnosis.part is None
    assert "this is the first derivative" in g.diagnosis.done
    out = flat(run("grade", "d^2/dx^2 x^3", "--answer", "3x^2", "-f", "text",
                   "--no-steps").stdout)
    assert "Grade: WRONG: stopped before the last differentiation" in out
    assert "this is the first derivative" in out
    # of a mixed partial: the derivative by the first variable only
    g = grade("d^2/dx dy x^2 y^3", "3x^2 y^2")
    assert g.diagnosis.mistake == "stopped-early"
    assert "this is the derivative by y only" in g.diagnosis.done


def test_one_differentiation_too_many_is_said():
    g = grade("d^2/dx^2 x^3", "6")
    assert g.diagnosis.mistake == "differentiated-again"
    assert "this is the third derivative" in g.diagnosis.done
    assert grade("x^3", "6x").diagnosis.mistake == "differentiated-again"


def test_the_last_differentiation_of_a_mixed_partial_by_another_variable():
    g = grade("d^2/dx dy x^2 y^3", "6x^2 y")  # ∂/∂y of ∂f/∂y: by y again, not by x
    assert (g.diagnosis.mistake, g.diagnosis.part) == ("wrong-variable", 2)
    assert to_plain(g.diagnosis.step_expr) == "3*x**2*y**2"


def test_the_first_derivative_as_the_rules_give_it_is_differentiated_on():
    """Students differentiate 2x sin x + x² cos x, not derive's x(x cos x + 2 sin x): a term
    of the product rule dropped there is found, and said to be of that form."""
    g = grade("d^2/dx^2 x^2 sin x", "2 sin x + 2x cos x - x^2 sin x")
    d = g.diagnosis
    assert (d.mistake, d.part) == ("product-term-dropped", 2), d
    assert to_plain(d.of) == "2*x*sin(x) + x**2*cos(x)"
    out = flat(run("grade", "d^2/dx^2 x^2 sin x", "--answer",
                   "2 sin x + 2x cos x - x^2 sin x", "-f", "text", "--no-steps").stdout)
    assert "of differentiation 2 of 2 (of 2*x*sin(x) + x**2*cos(x), not simplified)" in out


def test_a_mistake_of_the_first_differentiation_carried_through_the_second():
    g = grade("d^2/dx^2 x^2 sin x", "2cos x - 2x sin x")  # (2x cos x)′: f′·g′ first
    assert (g.diagnosis.mistake, g.diagnosis.part) == ("product-of-derivatives", 1)


@pytest.mark.parametrize("text", ["d^2/dx^2 x^2 cos(2x)", "d^2/dx^2 (x^2 + 1)/sin(x)",
                                  "d^2/dx dy x^3 e^(x y)", "d^3/dx^3 x^4 ln(x)"])
def test_generated_mistakes_of_the_last_differentiation_are_named_or_listed(text):
    """Every mistake of the catalogue at a sample of the last differentiation's steps, the
    earlier differentiations right, graded from its printed text: named or listed there."""
    rng = random.Random(7)
    d = derive(text)
    root = d.parts[-1].step
    pts = sample(d.expr, d.result, sorted(d.expr.free))
    cands = candidates(root, None)
    for c in rng.sample(cands, min(6, len(cands))):
        wrong = simplify(misapplied(root, c))
        if pts.matches(wrong, pts.reference):
            continue  # the mistake changes nothing here
        g = grade(text, to_plain(wrong))
        assert not g.correct
        assert (c.mistake.id, len(d.parts)) in _named(g), (text, c.mistake.id, g.diagnosis)
