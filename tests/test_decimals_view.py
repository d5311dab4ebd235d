"""Decimals the user wrote are printed as decimals wherever the answer's lines show the
expression (reading, result claim, answer); the note says the decimal was read exactly."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from calcdiff.cli import main


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_text_shows_the_decimals_the_user_wrote():
    r = run("derive", "(w - 2.3)^2", "-f", "text", "--no-steps")
    assert r.exit_code == 0
    assert r.stdout == ("Input:    (w - 2.3)^2\n"
                        "Reading:  (w - 2.3)**2\n"
                        "Notes:    2.3 read as the exact number 23/10\n"
                        "\n"
                        "Result:   d/dw [(w - 2.3)**2] = 2*w - 4.6\n")


def test_rich_shows_the_decimals_and_the_answer_once():
    r = run("derive", "(w - 2.3)^2", "-f", "rich", "--no-steps")
    assert r.exit_code == 0
    assert "Reading  (w − 2.3)²" in r.stdout
    assert "23/10)" not in r.stdout and r.stdout.count("4.6") == 2  # pretty and plain copy


def test_a_fraction_the_user_wrote_stays_a_fraction():
    r = run("derive", "(w - 23/10)^2", "-f", "text", "--no-steps")
    assert r.stdout.endswith("Result:   d/dw [(w - 23/10)**2] = 2*w - 23/5\n")


@pytest.mark.parametrize("command, expr, let, answer", [
    ("derive", "a x^3", "a=0.1", "Result:   d/dx [a*x**3] = 0.3*x**2"),
    ("derive", "f(x)", "f(x)=0.1x^3", "Result:   d/dx [0.1*x**3] = 0.3*x**2"),
    ("grad", "a x^3 + y", "a=0.1", "Gradient: (0.3*x**2, 1)"),
    ("derive", "a x^3", "a=1/10", "Result:   d/dx [a*x**3] = 3*x**2/10"),
])
def test_a_decimal_in_a_let_prints_the_answer_with_decimals(command, expr, let, answer):
    # --let a=0.1 printed 3*x**2/10, where 0.1 x^3 prints 0.3*x**2
    r = run(command, expr, "--let", let, "-f", "text", "--no-steps")
    assert r.exit_code == 0 and answer in r.stdout.splitlines()


def test_the_point_is_echoed_as_written_in_text():
    from click.testing import CliRunner

    from calcdiff.cli import main

    r = CliRunner().invoke(main, ["derive", "x^3", "--at", "x=0.5", "--no-steps", "-f", "text"])
    assert r.stdout.splitlines()[-1] == "At x = 0.5: 0.75"
    r = CliRunner().invoke(main, ["derive", "x^3", "--at", "x=1/2", "--no-steps", "-f", "text"])
    assert r.stdout.splitlines()[-1] == "At x = 1/2: 3/4 ≈ 0.75"


def test_a_negative_decimal_factor_leads_its_product_without_brackets():
    # -6/5*(...) shown with the decimal the user wrote is -1.2*(...), not -(1.2*(...)); in a
    # sum it is subtracted
    r = run("derive", "-1.2 tanh(x)", "-f", "text", "--no-steps")
    assert "= -1.2*(1 - tanh(x)**2)\n" in r.stdout
    r = run("derive", "y - 1.2 tanh(x)", "--wrt", "x", "-f", "text", "--no-steps")
    assert "= -1.2*(1 - tanh(x)**2)\n" in r.stdout
    r = run("derive", "y*(-1.2 tanh(x))", "--wrt", "x", "-f", "text", "--no-steps")
    assert "= -1.2*y*(1 - tanh(x)**2)\n" in r.stdout
    r = run("backprop", "w*h", "--at", "w=-1.2,h=0.5", "-f", "text")
    assert "-(1.2" not in r.stdout


def test_tangent_limit_and_taylor_print_the_point_the_user_wrote_as_a_decimal():
    # --at x=0.5 is one half, and every answer line prints it as the user wrote it (derive's
    # "At x = 0.5" does): f(0.5) = 0.25, not f(1/2) = 1/4
    r = run("tangent", "x^2", "--at", "x=0.5", "-f", "text", "--no-steps")
    assert r.exit_code == 0
    assert r.stdout.splitlines()[-4:] == ["f(0.5) = 0.25", "f′(0.5) = 1",
                                          "Tangent line: y = x - 0.25",
                                          "Normal line:  y = 0.75 - x"]
    r = run("tangent", "x^2", "--at", "x=0.5", "-f", "json", "--no-steps")
    assert '"at": {"x": "0.5"}, "value": "0.25", "value_float": 0.25' in r.stdout
    assert '"tangent": "x - 0.25", "normal": "0.75 - x"' in r.stdout
    r = run("limit", "x^3", "--at", "x=0.5", "-f", "text", "--no-steps")
    assert r.stdout.splitlines()[-1] == "Exact limit: f′(0.5) = 0.75"
    r = run("taylor", "sin x", "--at", "x=0.5", "-n", "2", "-f", "text", "--no-steps")
    assert "  sin(0.5) + cos(0.5)*(x - 0.5) - 0.5*sin(0.5)*(x - 0.5)**2\n" in r.stdout
    assert "some ξ between 0.5 and x" in r.stdout
    r = run("taylor", "x^2*y", "--at", "x=0.5,y=1", "-f", "text", "--no-steps")
    assert "  degree 0: 0.25\n" in r.stdout


def test_a_decimal_in_the_expression_prints_the_tangent_with_decimals():
    r = run("tangent", "0.5x^2", "--at", "x=1", "-f", "text", "--no-steps")
    assert r.stdout.splitlines()[-4:] == ["f(1) = 0.5", "f′(1) = 1",
                                          "Tangent line: y = x - 0.5",
                                          "Normal line:  y = 1.5 - x"]


def test_a_point_written_as_a_fraction_keeps_its_fractions():
    r = run("tangent", "x^2", "--at", "x=1/2", "-f", "text", "--no-steps")
    assert r.stdout.splitlines()[-4:] == ["f(1/2) = 1/4 ≈ 0.25", "f′(1/2) = 1",
                                          "Tangent line: y = x - 1/4",
                                          "Normal line:  y = 3/4 - x"]


def test_a_negative_point_is_bracketed_in_the_rich_tangent_line():
    r = run("tangent", "x^2", "--at", "x=-1/2", "-f", "rich", "--no-steps")
    assert "(x − (−1/2))" in r.stdout and "− −" not in r.stdout
    r = run("tangent", "x^3", "--at", "x=-0.5", "-f", "latex", "--no-steps")
    assert "f(-0.5) &= -0.125" in r.stdout and "Numerically" not in r.stdout


def test_an_answer_divided_by_a_whole_number_prints_its_decimal_factor():
    # tanh(0.5x + 0.25)' was (1 - tanh(x/2 + 0.25)**2)/2: the user's 0.5x came back as x/2
    r = run("derive", "tanh(0.5x + 0.25)", "-f", "text", "--no-steps")
    assert "= 0.5*(1 - tanh(0.5*x + 0.25)**2)\n" in r.stdout
    r = run("derive", "sin(0.1x^2 + 0.3x)", "-f", "text", "--no-steps")
    assert "= 0.1*cos(0.1*x**2 + 0.3*x)*(2*x + 3)\n" in r.stdout
    # the expression itself stays as the user wrote it, and 1/3 has no decimal
    r = run("derive", "x/2 + 0.5x^2 - x/3", "-f", "text", "--no-steps")
    assert "Reading:  x/2 + 0.5*x**2 - x/3\n" in r.stdout
    assert "= x + 1/6\n" in r.stdout


def test_a_root_of_a_quotient_by_pi_is_a_quotient_of_roots():
    # sqrt(2/pi) was sqrt(2)*sqrt(1/pi); pi and e are positive, so the root splits
    r = run("derive", "sqrt(2/pi) x^2", "-f", "text", "--no-steps")
    assert r.stdout.endswith("= 2*sqrt(2)*x/sqrt(pi)\n")
    r = run("derive", "x (2/pi)^(1/3)", "-f", "text", "--no-steps")
    assert r.stdout.endswith("= 2**(1/3)/pi**(1/3)\n")


@pytest.mark.parametrize("fmt, line", [
    ("text", "At x = 0.5: 0.5*sqrt(2)*(log(0.5) + 1) ≈ 0.216977709452"),
    ("rich", "At x = 0.5:"), ("markdown", "**At** $x = 0.5$:"), ("latex", "At $x = 0.5$:"),
    ("json", '"at": {"x": "0.5"}'),
])
def test_every_format_prints_the_point_as_the_user_wrote_it(fmt, line):
    # rich, Markdown and LaTeX printed x = 1/2 (text printed 0.5)
    r = run("derive", "x^x", "--at", "x=0.5", "-f", fmt, "--no-steps")
    assert line in r.stdout


def test_scientific_notation_is_a_decimal_the_user_wrote():
    r = run("derive", "x^3", "--at", "x=1e-3", "-f", "text", "--no-steps")
    assert r.stdout.splitlines()[-1] == "At x = 0.001: 0.000003"  # was 1/1000: 3/1000000
    r = run("derive", "2e-3 x^2", "-f", "text", "--no-steps")
    assert r.stdout.splitlines()[-1] == "Result:   d/dx [0.002*x**2] = 0.004*x"


def test_a_negated_decimal_product_carries_its_sign_on_the_number():
    # -(0.25*x) and exp(-(0.5*x)) after the answers' x/4 became 0.25*x
    r = run("derive", "-(x^2)/8 + 0.5", "-f", "text", "--no-steps")
    assert r.stdout.endswith("= -0.25*x\n")
    r = run("derive", "0.5*exp(-x/2)", "-f", "text", "--no-steps")
    assert r.stdout.endswith("= -0.25*exp(-0.5*x)\n")
    r = run("derive", "x^2/1024 + 0.1", "-f", "text", "--no-steps")  # no 0.001953125
    assert r.stdout.endswith("= x/512\n")


def test_a_common_denominator_does_not_hide_the_decimals_the_user_wrote():
    # GELU's 0.044715 came back as (8943*x**2 + 200000)/200000, and x*sigmoid(1.702x)'s
    # 1.702 as 851/500
    r = run("derive", "0.5x(1+tanh(sqrt(2/pi)(x+0.044715x^3)))", "-f", "text", "--no-steps")
    answer = " ".join(r.stdout.split("= ", 1)[1].split())
    assert answer == ("sqrt(2)*x*(0.0670725*x**2 + 0.5)*(1 - tanh(sqrt(2)*x*(0.044715*x**2 + "
                      "1)/sqrt(pi))**2)/sqrt(pi) + 0.5*tanh(sqrt(2)*x*(0.044715*x**2 + "
                      "1)/sqrt(pi)) + 0.5")
    r = run("derive", "exp(-0.1*x^2)*cos(0.3x)", "-f", "text", "--no-steps")  # 0.1*(-exp(…))
    assert "= -0.1*exp(-0.1*x**2)*(2*x*cos(0.3*x) + 3*sin(0.3*x)) = " in " ".join(
        r.stdout.split())
    assert "-0.2*x*exp(-0.1*x**2)*cos(0.3*x) - 0.3*exp(-0.1*x**2)*sin(0.3*x) (expanded)" in \
        " ".join(r.stdout.split())  # its first term was -(0.2*x*…)
    r = run("derive", "x/(1+exp(-1.702x))", "-f", "text", "--no-steps")
    assert " ".join(r.stdout.split()).endswith(
        "= (1.702*x*exp(-1.702*x) + exp(-1.702*x) + 1)/(exp(-1.702*x) + 1)**2")


@pytest.mark.parametrize("text, answer", [
    ("(w - 2.3)^3", "3*(w - 2.3)**2"),  # it was 0.03*(10*w - 23)**2
    ("(x - 0.1)/(x + 0.2)", "0.3/(x + 0.2)**2"),  # it was 15/(2*(5*x + 1)**2)
    ("sin(0.1x^2 + 0.3x)", "0.1*cos(0.1*x**2 + 0.3*x)*(2*x + 3)"),  # 1.5 is no number written
    ("x/(x-2.3)^2", "-(x + 2.3)/(x - 2.3)**3"),  # not -1*(…), nor -100*(10*x + 23)/…
    ("(2.3 - w)^3", "-3*(2.3 - w)**2"),
    ("0.25(4x+1)^3", "3*(4*x + 1)**2"),  # the user's bracket: not 48*(x + 0.25)**2
])
def test_a_sum_scaled_to_whole_coefficients_is_written_back_with_the_users_decimals(text,
                                                                                    answer):
    from calcdiff.commands.differentiate import derive
    from calcdiff.tree.printer import to_plain

    d = derive(text)
    assert to_plain(d.shown(d.result)) == answer
    assert str(d) == answer
