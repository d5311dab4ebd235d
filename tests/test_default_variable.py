"""The variable (issue 15, item 5): with several letters and no --wrt, x (then t, theta, y, z,
then the first in calcdiff's order), with a note naming the letters held constant; a variable
the expression lacks answers 0 with a note on stderr, exit status 0, however it was asked."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import calcdiff
from calcdiff.cli import main

ABSENT_Y = "note: y does not occur in x**2: the derivative with respect to y is 0\n"


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_quadratic_with_letter_coefficients_is_differentiated_by_x():
    r = run("derive", "a x^2 + b x + c", "-f", "text", "--no-steps")
    assert r.exit_code == 0
    assert r.stderr == ""
    assert "          no --wrt: differentiating by x, with a, b, c held constant (choose\n" \
           "            another with --wrt)\n" in r.stdout
    assert "Differentiate" not in r.stdout  # --no-steps: the answer once, on the Result line
    assert r.stdout.endswith("\n\nResult:   ∂/∂x [a*x**2 + b*x + c] = 2*a*x + b\n")


@pytest.mark.parametrize("text,var,held", [
    ("a x^2 + b x + c", "x", "a, b, c"),
    ("y t^2 + x", "x", "y, t"),  # the others in calcdiff's order: x, y, z, then a-z
    ("y t^2 + z", "t", "y, z"),
    ("y sin(theta) + z", "theta", "y, z"),
    ("z y^2", "y", "z"),
    ("k z^2", "z", "k"),
    ("v u^2", "u", "v"),
    ("x2 x1^2", "x1", "x2"),
])
def test_the_default_variable_follows_the_documented_order(text, var, held):
    d = calcdiff.derive(text)
    assert d.wrt == (var,)
    assert (f"no --wrt: differentiating by {var}, with {held} held constant (choose another "
            "with --wrt)") in d.reading.note_messages()


def test_many_variables_held_constant_are_counted_not_listed():
    """300 of them made a 1,766-character note; the line stays short."""
    text = " + ".join(f"x{i}" for i in range(1, 301))
    (note,) = [m for m in calcdiff.derive(text).reading.note_messages() if "no --wrt" in m]
    assert note == ("no --wrt: differentiating by x1, with the other 299 variables held "
                    "constant (choose another with --wrt)")


def test_one_letter_needs_no_note_and_wrt_given_needs_none():
    assert not any("no --wrt" in m for m in calcdiff.derive("x^2").reading.note_messages())
    d = calcdiff.derive("a x^2", wrt="a")
    assert str(d.result) == "x**2"
    assert not any("no --wrt" in m for m in d.reading.note_messages())


def test_default_variable_note_in_json():
    obj = json.loads(run("derive", "a x^2 + b", "-f", "json", "--no-steps").stdout)
    assert obj["wrt"] == ["x"] and obj["derivative"] == "2*a*x"
    assert "no --wrt: differentiating by x, with a, b held constant (choose another with " \
           "--wrt)" in obj["notes"]


@pytest.mark.parametrize("args", [
    ("derive", "x^2", "--wrt", "y"),
    ("derive", "x^2", "-x", "y"),
    ("derive", "d/dy x^2"),
    ("derive", "diff(x^2, y)"),
    ("derive", "∂/∂y x^2"),
])
def test_an_absent_variable_answers_zero_with_a_note_on_stderr(args):
    r = run(*args, "-f", "text", "--no-steps")
    assert r.exit_code == 0
    assert r.stderr == ABSENT_Y
    assert r.stdout.endswith("Result:   ∂/∂y [x**2] = 0\n")
    assert "y does not occur in x**2: the derivative with respect to y is 0\n" in r.stdout


def test_an_absent_variable_in_json_is_zero_with_the_note():
    r = run("derive", "x^2", "--wrt", "y", "-f", "json", "--no-steps")
    assert r.exit_code == 0
    assert r.stderr == ABSENT_Y
    obj = json.loads(r.stdout)
    assert obj["derivative"] == "0"
    assert "y does not occur in x**2: the derivative with respect to y is 0" in obj["notes"]


def test_an_absent_variable_of_a_gradient_asked_for_explicitly():
    r = run("grad", "x^2", "--vars", "x,y", "-f", "text", "--no-steps")
    assert r.exit_code == 0
    assert r.stderr == ABSENT_Y
    assert r.stdout.endswith("Gradient: (2*x, 0)\n")


def test_an_absent_variable_of_a_hessian_asked_for_explicitly():
    r = run("hessian", "x^2", "--vars", "x,y", "-f", "json", "--no-steps")
    assert r.exit_code == 0
    assert r.stderr == ABSENT_Y
    assert json.loads(r.stdout)["matrix"] == [["2", "0"], ["0", "0"]]


def test_absent_variable_notes_in_a_batch_go_to_stderr_line_by_line():
    r = CliRunner().invoke(main, ["derive", "-x", "y", "-f", "text", "--no-steps", "x^2",
                                  "y^2"])
    assert r.exit_code == 0
    assert r.stderr == ABSENT_Y
    assert "Result:   d/dy [y**2] = 2*y" in r.stdout


def test_absent_variable_notes_from_worker_processes():
    lines = "\n".join(["x^2"] * 40) + "\n"
    r = CliRunner().invoke(main, ["derive", "-x", "y", "-f", "json", "--no-steps", "-j", "2",
                                  "-"], input=lines)
    assert r.exit_code == 0
    assert r.stderr == ABSENT_Y * 40
    assert all(json.loads(line)["derivative"] == "0" for line in r.stdout.splitlines())


def test_a_constant_by_the_default_variable_has_no_note():
    r = run("derive", "5", "-f", "text", "--no-steps")
    assert r.exit_code == 0 and r.stderr == ""
    assert r.stdout.endswith("Result:   d/dx [5] = 0\n")


@pytest.mark.parametrize("text, var, value", [("f(x) = c", "x", "c"), ("g(t) = k", "t", "k"),
                                               ("f(x) = 3a", "x", "3*a"),
                                               ("f(x, y) = c", "x", "c")])
def test_a_definitions_argument_is_the_variable_even_when_absent(text, var, value):
    d = calcdiff.derive(text)
    assert d.wrt == (var,) and str(d.result) == "0"
    assert f"{var} does not occur in {value}: the derivative with respect to {var} is 0" \
        in d.reading.note_messages()


def test_y_equal_to_a_constant_is_the_constant_function():
    d = calcdiff.derive("y = 5")
    assert d.wrt == ("x",) and str(d.result) == "0"


@pytest.mark.parametrize("args,expr,answer", [
    (["derive", "(y - yhat)^2", "-x", "yhat"], "(y - yhat)**2", "-2*y + 2*yhat"),  # was 0
    (["derive", "loss^2", "-x", "loss"], "loss**2", "2*loss"),
    (["derive", "w1^2", "-x", "w_1"], "w1**2", "2*w1"),  # the expression's own spelling
    (["derive", "w_1 x_1 + w_2 x_2", "-x", "w2"], "w_1*x_1 + w_2*x_2", "x_2"),
])
def test_the_variable_named_by_x_is_the_expressions(args, expr, answer):
    obj = json.loads(CliRunner().invoke(main, [*args, "-f", "json", "--no-steps"]).stdout)
    assert obj["expr"] == expr and obj["derivative"] == answer
    assert not any("does not occur" in n for n in obj["notes"])


def test_a_gradient_by_a_long_name_reads_it_whole():
    r = CliRunner().invoke(main, ["grad", "(y - yhat)^2 + w^2", "-x", "yhat", "-x", "w",
                                  "-f", "json", "--no-steps"])
    assert json.loads(r.stdout)["gradient"] == ["-2*y + 2*yhat", "2*w"]


def test_a_gradient_by_a_subscript_spelled_otherwise_is_the_expressions():
    # grad "w1^2 + w2" -x w_1 -x w2 was (0, 1): w_1 did not occur
    r = CliRunner().invoke(main, ["grad", "w1^2 + w2", "-x", "w_1", "-x", "w2", "-f", "json",
                                  "--no-steps"])
    obj = json.loads(r.stdout)
    assert obj["gradient"] == ["2*w1", "1"] and obj["vars"] == ["w1", "w2"]
    assert "w_1 read as w1, as the expression writes it" in obj["notes"]
