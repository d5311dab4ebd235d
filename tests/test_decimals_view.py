"""Decimals the user wrote are printed as decimals wherever the answer's lines show the
expression (reading, result claim, answer); the note says the decimal was read exactly."""

from __future__ import annotations

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
