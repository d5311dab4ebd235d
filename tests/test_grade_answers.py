"""``grade``'s reading of an answer: the derivative after its name (``d/dx(x^2) = 2x``,
``d^2y/dx^2 = 6x``), with a note where the name says another derivative, and the errors of an
answer that is no derivative."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from calcdiff.cli import main
from calcdiff.commands.grade import grade
from calcdiff.errors import CalcdiffError


def run(*args):
    return CliRunner().invoke(main, list(args), env={}, catch_exceptions=False)


@pytest.mark.parametrize("expr, answer", [
    ("x^2", "d/dx(x^2) = 2x"),
    ("x^2", "d/dx x^2 = 2x"),
    ("x^2", "d/dx [x^2] = 2x"),
    ("x^2", "d(x^2)/dx = 2x"),
    ("x^2", "(x^2)' = 2x"),
    ("x^2", "diff(x^2, x) = 2x"),
    ("x^2", "dy/dx = 2x"),
    ("x^2", r"\frac{dy}{dx} = 2x"),
    ("x^2", "f'(x) = 2x"),
    ("x^2", "y' = 2x"),
    ("d^2/dx^2 x^3", "d^2y/dx^2 = 6x"),
    ("d^2/dx^2 x^3", "d²y/dx² = 6x"),
    ("d^2/dx^2 x^3", "d2y/dx2 = 6x"),
    ("d^2/dx^2 x^3", r"\frac{d^2y}{dx^2} = 6x"),
    ("d^2/dx^2 x^3", "y'' = 6x"),
    ("d^2/dx^2 x^3", "f''(x) = 6x"),
    ("x^2", r"f^{\prime}(x) = 2x"),  # LaTeX's prime: "its left side … is not a derivative"
    ("x^2", r"y^\prime = 2x"),
    ("d^2/dx^2 x^3", r"f^{\prime\prime}(x) = 6x"),
    ("d^2/dx dy x^2 y^3", "∂²f/∂x∂y = 6x y^2"),
    ("x^2 y", "∂f/∂x = 2xy"),
])
def test_an_answer_after_the_name_of_its_derivative(expr, answer):
    g = grade(expr, answer)
    assert g.correct, (expr, answer, g.answer_notes)
    left = answer.split("=")[0].strip()
    assert g.answer_notes[0] == f"read the right-hand side of {left} = …"
    # the name is the derivative graded: nothing more is said of it
    assert not any(n.startswith("the left side") for n in g.answer_notes), g.answer_notes


@pytest.mark.parametrize("expr, answer, wrt, note", [
    ("x^2", "d/dx(x^3) = 2x", None,
     "the left side, d/dx(x^3), differentiates x**3; graded is the derivative of x**2"),
    ("d^2/dx^2 x^3", "f'(x) = 6x", None,
     "the left side, f'(x), names the derivative by x; graded is the second derivative by x"),
    ("d^2/dx^2 x^3", "dy/dx = 6x", None,
     "the left side, dy/dx, names the derivative by x; graded is the second derivative by x"),
    ("x^3", "y'' = 3x^2", None,
     "the left side, y'', names the second derivative; graded is the derivative by x"),
    ("x^2 y", "∂f/∂x = x^2", "y",
     "the left side, ∂f/∂x, names the derivative by x; graded is the derivative by y"),
])
def test_a_name_that_says_another_derivative_is_noted(expr, answer, wrt, note):
    g = grade(expr, answer, wrt)
    assert note in g.answer_notes, g.answer_notes


def test_the_order_of_a_mixed_partial_is_not_held_against_its_name():
    g = grade("d^2/dx dy x^2 y^3", "∂²f/∂y∂x = 6x y^2")  # the same for smooth functions
    assert g.correct and not any(n.startswith("the left side") for n in g.answer_notes)


@pytest.mark.parametrize("answer, column, message", [
    ("dy/dx =", 6, "nothing follows '='"),
    ("dy/dx =   ", 6, "nothing follows '='"),
    ("=2x", 0, "nothing comes before '='"),
    ("2x = 3", 0, "its left side, 2x, is not a derivative"),
    ("x = 3", 0, "its left side, x, is not a derivative"),
    ("dy/dx = 2x = 2x", 11, "a second '='; an answer is one derivative"),
    ("f'(2) = 4", 0, "its left side, f'(2), names the derivative's value at 2, not the "
                     "derivative"),
])
def test_an_answer_that_is_no_derivative_says_why(answer, column, message):
    with pytest.raises(CalcdiffError) as info:
        grade("x^2", answer)
    assert info.value.message == "in the answer: " + message
    assert info.value.start == column
    assert "--at" not in (info.value.hint or "")  # grade has no --at


def test_a_definition_is_still_read_as_its_right_side():
    g = grade("x^2", "f(x) = 2x")
    assert g.correct
    assert "f(x) = … read as a definition: the expression is its right-hand side" in \
        g.answer_notes


def test_the_command_line_grades_the_whole_equation():
    r = run("grade", "d^2/dx^2 x^3", "--answer", "d^2y/dx^2 = 6x", "-f", "text", "--no-steps")
    assert r.exit_code == 0 and "Grade:    CORRECT" in r.stdout, r.output
    r = run("grade", "x^2", "--answer", "dy/dx =")
    assert r.exit_code == 1
    assert "error: in the answer: nothing follows '='" in r.output
    assert "takes the function itself" not in r.output


# ---------------------------------------------------------------------------------------------
# a part written for another common reading: wrong as written, right (or a mistake) as meant


@pytest.mark.parametrize("expr, answer, note", [
    ("sqrt(x)", "1/2 x^-1/2", "as written, x^-1/2 is (x^-1)/2: an exponent is one factor; "
                              "x^(-1/2) is right: write the exponent in brackets"),
    ("x^(3/2)", "3/2 x^1/2", "as written, x^1/2 is (x^1)/2: an exponent is one factor; "
                             "x^(1/2) is right: write the exponent in brackets"),
    ("e^(2x)", "2e^2x", "as written, e^2x is e^2*x: an exponent is one factor; e^(2x) is "
                        "right: write the exponent in brackets"),
    ("sin(x)^3", "3 sin x^2 cos x", "as written, sin x^2 is sin(x**2); (sin x)^2 is right: "
                                    "write the function in brackets before its power"),
    ("ln(sqrt(x))", "1/2x", "as written, 1/2x is a product after a fraction, (a/b)·x; 1/(2x) "
                            "is right: write the denominator in brackets"),
    # a product before the division too: it was "power rule: exponent not lowered"
    ("sqrt(x^2+1)", "2x/2sqrt(x^2+1)", "as written, 2x/2sqrt(x^2+1) is a product after a "
                                       "fraction, (a/b)·x; 2x/(2sqrt(x^2+1)) is right: write "
                                       "the denominator in brackets"),
    # x^-3/2 and x^-2/3 were read silently, the right answer graded wrong with no word
    ("x^(-1/2)", "-1/2 x^-3/2", "as written, x^-3/2 is (x^-3)/2: an exponent is one factor; "
                                "x^(-3/2) is right: write the exponent in brackets"),
    ("x^(1/3)", "1/3 x^-2/3", "as written, x^-2/3 is (x^-2)/3: an exponent is one factor; "
                              "x^(-2/3) is right: write the exponent in brackets"),
    # a power inside the base: the caret of the base's own x^2 was taken, and nothing said
    ("asin(x)", "(1-x^2)^-1/2", "as written, (1-x^2)^-1/2 is ((1-x^2)^-1)/2: an exponent is "
                                "one factor; (1-x^2)^(-1/2) is right: write the exponent in "
                                "brackets"),
    ("sqrt(x^2+1)", "x(x^2+1)^-1/2", "as written, (x^2+1)^-1/2 is ((x^2+1)^-1)/2: an exponent "
                                     "is one factor; (x^2+1)^(-1/2) is right: write the "
                                     "exponent in brackets"),
])
def test_an_answer_right_in_its_other_reading_says_how_to_write_it(expr, answer, note):
    g = grade(expr, answer)
    assert not g.correct and g.diagnosis is None  # no rule's mistake: one of the writing
    assert g.note == note, g.note


@pytest.mark.parametrize("expr, answer, mistake, meant", [
    ("ln(3x)", "1/3x", "log-inner-dropped", "read as 1/(3x) (write the denominator in "
                                            "brackets), it is this mistake"),
    ("e^(2x)", "e^2x", "chain-inner-dropped", "read as e^(2x) (write the exponent in "
                                              "brackets), it is this mistake"),
])
def test_a_mistake_of_the_other_reading_is_named(expr, answer, mistake, meant):
    g = grade(expr, answer)
    assert g.diagnosis is not None and g.diagnosis.mistake == mistake, g.note
    assert g.note.endswith(meant), g.note
    out = " ".join(run("grade", expr, "--answer", answer, "-f", "text", "--no-steps")
                   .stdout.split())
    assert "Note: as written, " in out and meant in out, out


def test_an_answer_right_as_written_is_not_read_otherwise():
    assert grade("x^2/2", "x").correct  # no note, no other reading looked for
    assert grade("e^(2x) x", "e^2x x").correct is False  # e^2·x·x: wrong, and not right
    # as e^(2x)·x either (the product rule's other term is missing): nothing claimed
    assert "is right" not in (grade("e^(2x) x", "e^2x x").note or "")


@pytest.mark.parametrize("equation, answer", [
    ("x^2 + y^2 = 25", "-x/y(x)"), ("x y = 1", "dy/dx = -y(x)/x"),
    ("x^2 + y^2 = 25", "-x / y (x)"),
])
def test_the_dependent_variable_written_as_a_function_is_itself(equation, answer):
    # y(x), as the derivation writes it, was y·x: a right answer graded wrong ("power rule:
    # exponent not lowered")
    g = grade(equation, answer)
    assert g.correct, (g.answer, g.answer_notes)
    assert "y(x) read as y, the function of x the equation defines" in g.answer_notes


@pytest.mark.parametrize("equation, answer, wrt", [
    ("x = sin(y)", "dy/dx = 1/cos(y)", None), ("x = y^2", "1/(2y)", "x"),
    ("x = y^2", "dy/dx = 1/(2y)", None),
])
def test_a_definition_of_x_graded_by_x_is_the_equation(equation, answer, wrt):
    # by its own name a definition is an equation, as "x = y^2 wrt x" is: dy/dx = 1/cos(y)
    # was graded against dx/dy (WRONG), and 0 by --wrt x was CORRECT
    assert grade(equation, answer, wrt=wrt).correct
    assert not grade("x = y^2", "0", wrt="x").correct


def test_a_definition_by_its_own_variable_is_still_the_definition():
    assert grade("x = y^2", "2y").correct  # dx/dy, the definition's derivative


@pytest.mark.parametrize("answer, correct", [
    ("2xy i + x^2 j", True), ("2xy î + x² ĵ", True), (r"2xy\hat{i} + x^2\hat{j}", True),
    ("2xy i - x^2 j", False), ("x^2 j + 2xy i", True),
])
def test_a_gradient_in_unit_vectors_is_graded_by_component(answer, correct):
    """2xy i + x^2 j was one answer, with i and j read as variables (always wrong)."""
    g = grade("x^2 y", answer)
    assert [c.wrt for c in g.components] == ["x", "y"]
    assert g.correct is correct


def test_unit_vector_letters_that_are_variables_stay_variables():
    g = grade("i^2 j", "2 i j", wrt="i")
    assert g.correct
