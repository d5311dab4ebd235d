"""The training commands in every format say the same: the per-sample gradient is ∂ℓ/∂w
(f is the mean of ℓ over the data), and no number prints as "-0"."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from calcdiff.cli import main

PTS = "x,y\n0,1.1\n1,2.9\n2,5.2\n3,6.8\n4,9.1\n5,11.2\n"
FORMATS = ["text", "markdown", "latex", "rich"]


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.mark.parametrize("fmt, label", [
    ("text", "∂ℓ/∂w = "), ("markdown", r"$\frac{\partial \ell}{\partial w} = "),
    ("latex", r"\frac{\partial \ell}{\partial w} &= "), ("rich", "∂ℓ/∂w")])
def test_the_per_sample_gradient_is_labelled_by_the_loss_in_every_format(tmp_path, fmt, label):
    """Markdown, LaTeX and rich said ∂f/∂w = 2bx + …, f being the mean over the samples."""
    path = tmp_path / "pts.csv"
    path.write_text(PTS, encoding="utf-8")
    r = run("descend", "(w*x+b-y)^2", "--data", str(path), "--from", "w=0,b=0", "--epochs",
            "3", "-f", fmt, "--no-steps")
    assert r.exit_code == 0, r.output
    assert label in r.stdout
    assert "∂f/∂w" not in r.stdout and r"\partial f}{\partial w}" not in r.stdout


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("args", [
    ["descend", "x^2 - y^2", "--from", "x=1,y=0", "-k", "3"],
    ["newton", "-x^2", "--from", "x=3"],
    ["newton", "x^2 + y^4", "--from", "x=1,y=1", "-k", "3"],
    ["newton", "(x-1)^2 + 10(y-x^2)^2", "--from", "x=0,y=0"],
])
def test_no_negative_zero_is_printed(fmt, args):
    r = run(*args, "-f", fmt)
    assert r.exit_code == 0, r.output
    assert re.search(r"-0(?![.\d])", r.stdout) is None, r.stdout


READING = {"text": "Reading:  (w - 2.3)**2", "markdown": "- **Reading:** $(w - 2.3)^{2}$",
           "latex": r"\textbf{Reading:} $\displaystyle (w - 2.3)^{2}$",
           "rich": "Reading  (w − 2.3)²"}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("args", [
    ["derive"], ["descend", "--from", "w=0", "-k", "1"], ["newton", "--from", "w=0"],
    ["taylor", "--at", "w=0"], ["limit", "--at", "w=0"], ["tangent", "--at", "w=0"],
    ["backprop", "--at", "w=0"], ["grad"], ["hessian"]])
def test_decimals_the_user_wrote_stay_decimals_in_every_reading_line(args, fmt):
    """Every command but derive printed Reading: (w - 23/10)**2 (markdown and LaTeX, derive
    too); the note still says 2.3 is read as the exact number 23/10."""
    r = run(args[0], "(w-2.3)^2", *args[1:], "-f", fmt, "--no-steps")
    assert r.exit_code == 0, r.output
    assert READING[fmt] in r.stdout
    assert "2.3 read as the exact number 23/10" in r.stdout


@pytest.mark.parametrize("fmt, whole, approx", [
    ("text", "∇f·u/|u| = 2\n", "≈ 4.472135955"),
    ("rich", "∇f·u/|u| = 2\n", "≈ 4.472135955"),
    ("markdown", r"\frac{u}{|u|} = 2$$", r"\approx 4.472135955"),
    ("latex", r"\frac{u}{|u|} = 2 \\", r"\approx 4.472135955")])
def test_a_whole_directional_derivative_has_no_decimal_beside_it(fmt, whole, approx):
    """It said ∇f·u/|u| = 2 ≈ 2; the rate 2·√5 keeps its decimal."""
    r = run("grad", "w^2 + 2b^2", "--at", "w=1,b=1", "--direction", "1,0", "-f", fmt,
            "--no-steps")
    assert r.exit_code == 0, r.output
    assert whole in r.stdout and approx in r.stdout
    assert "≈ 2\n" not in r.stdout and r"\approx 2 " not in r.stdout


@pytest.mark.parametrize("fmt, value, slope", [
    ("text", "f(0.5) = tanh(0.5) ≈ 0.4621171573\n",
     "f′(0.5) = 1 - tanh(0.5)**2 ≈ 0.786447733\n"),
    ("rich", "tanh(0.5)  ≈ 0.4621171573", "≈ 0.786447733")])
def test_a_tangent_value_that_is_not_a_number_has_its_decimal(fmt, value, slope):
    """tangent tanh(x) at 0.5 gave f(1/2) = tanh(1/2) with no decimal in text and rich
    (LaTeX and Markdown had it)."""
    r = run("tangent", "tanh(x)", "--at", "x=0.5", "-f", fmt, "--no-steps")
    assert r.exit_code == 0, r.output
    assert value in r.stdout and slope in r.stdout


def test_the_elided_iterations_are_said_under_the_table_within_80_columns():
    # the "… N iterations not shown" cell widened the w column to 84 characters a line
    r = CliRunner().invoke(main, ["descend", "abs(w)", "--from", "w=0.05", "-f", "text",
                                  "--no-steps"])
    lines = r.stdout.splitlines()
    assert max(map(len, lines)) <= 80
    assert "  (… 981 iterations not shown: --every K shows every K-th)" in lines
