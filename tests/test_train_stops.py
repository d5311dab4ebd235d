"""Where descend and newton stop, and why they cannot go on, said as what it is: a gradient
that underflows to 0 is a flat region, not a critical point; a double's overflow is
divergence, its underflow no "undefined"; a large --tol is no minimum; a kink is a kink (in
newton too), and over a data file the sample at fault is named."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from calcdiff.cli import main
from calcdiff.commands.learn import descend
from calcdiff.commands.newton import newton

CLS = "x,y\n-2,0\n-1,0\n-0.5,0\n0.5,1\n1,1\n2,1\n"
PTS = "x,y\n0,1.1\n1,2.9\n2,5.2\n3,6.8\n4,9.1\n5,11.2\n"
LOGISTIC = "log(1+exp(-(2*y-1)*(w*x+b)))"
CROSS_ENTROPY = "-(y*log(sigmoid(w*x+b)) + (1-y)*log(1-sigmoid(w*x+b)))"


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _strict(text: str):
    def refuse(name):
        raise ValueError(f"not JSON: {name}")
    return json.loads(text, parse_constant=refuse)


@pytest.mark.parametrize("f", ["exp(x)", "sigmoid(x)"])
def test_a_gradient_that_underflows_to_zero_is_a_flat_region(f):
    """exp(x) at -800: f′ = 3.67e-348 is 0 in doubles; it was "a critical point"."""
    d = descend(f, "x=-800")
    assert d.converged and d.stationary.kind == "flat"
    assert "the gradient is 0 in doubles only: exactly, |∇f| = 3.67e-348" in d.stationary.reason
    nt = newton(f, "x=-800")
    assert nt.stationary.kind == "flat"


def test_a_saturated_logistic_loss_is_a_flat_region(tmp_path):
    path = tmp_path / "cls.csv"
    path.write_text(CLS, encoding="utf-8")
    d = descend(LOGISTIC, "w=0,b=0", "5000", data=str(path), epochs=20)
    assert d.converged and d.stationary.kind == "flat"


def test_a_true_critical_point_stays_one():
    assert descend("x^4", "x=0").stationary.kind == "degenerate"


def test_overflow_in_descent_is_divergence_with_the_lr_hint():
    r = run("descend", "exp(w^2)", "--from", "w=1", "--lr", "1", "-f", "json", "--no-steps")
    assert r.exit_code == 0, r.output
    out = _strict(r.stdout)
    assert out["diverged"] and out["iterations"][-1]["gradient"] == [None]
    assert out["outcome"].startswith(
        "Diverged: the values left the range of doubles (exp(w**2) overflows a double), "
        "stopped at iteration 2. --lr 1 is too large: gradient descent is stable for lr < "
        "2/L = 0.122626")


def test_an_underflow_over_data_is_no_undefined_loss(tmp_path):
    """log(sigmoid(-5833)) is −5833, defined; only 1/(1 + e^5833) rounds to 0 in doubles."""
    path = tmp_path / "cls.csv"
    path.write_text(CLS, encoding="utf-8")
    r = run("descend", CROSS_ENTROPY, "--data", str(path), "--from", "w=0,b=0", "--lr",
            "5000", "--epochs", "20", "-f", "json", "--no-steps")
    assert r.exit_code == 0, r.output
    out = _strict(r.stdout)
    assert out["outcome"].startswith(
        "Out of the range of doubles: log(sigmoid(w*x + b)) has no value in doubles, though f "
        "is defined there, stopped at iteration 1. --lr 5000 is too large")


def test_a_start_past_a_double_is_said_so():
    r = run("descend", "exp(w^2)", "--from", "w=100", "--no-steps")
    assert r.exit_code == 1
    assert r.stderr == ("error: the start, w = 100, is past the range of doubles: exp(w**2) "
                        "overflows a double (f is defined there; only a double under- or "
                        "overflows)\nhint: start where the values are moderate\n")


def test_a_kink_over_data_names_the_sample_and_a_start_that_helps(tmp_path):
    """The hint said --from w=0.51, then w=0.52, …: the kink is sample x = 0's, w·0 + b."""
    path = tmp_path / "pts.csv"
    path.write_text(PTS, encoding="utf-8")
    r = run("descend", "(relu(w*x+b) - y)^2", "--data", str(path), "--from", "w=0.5,b=0",
            "--lr", "0.01", "--no-steps")
    assert r.exit_code == 1
    assert r.stderr == (
        "error: iteration 0 is at a kink: relu(w*x + b) has no derivative where w*x + b = 0, "
        f"at w = 0.5, b = 0 for sample 1 of {path} (line 2: x = 0, y = 1.1): the gradient's "
        "formula does not hold there\nhint: start elsewhere, e.g. --from b=0.01\n")


def test_a_domain_error_over_data_names_the_sample(tmp_path):
    path = tmp_path / "pts.csv"
    path.write_text(PTS, encoding="utf-8")
    r = run("descend", "(w*log(x) - y)^2", "--data", str(path), "--from", "w=0", "--no-steps")
    assert r.exit_code == 1
    assert r.stderr == (f"error: the start is outside the domain at w = 0 for sample 1 of "
                        f"{path} (line 2: x = 0, y = 1.1): log(x) is undefined here\n")


@pytest.mark.parametrize("f", ["relu(x) + x^2", "abs(x) + x^2"])
def test_newton_at_a_kink_says_what_descend_says(f):
    """It said "step 0 left the domain …: 1/abs(x) is undefined here"."""
    kink = f.split(" ")[0]
    r = run("newton", f, "--from", "x=0")
    assert r.exit_code == 1
    # (the point said once: it repeated "x = 0, at x = 0")
    assert r.stderr == (f"error: step 0 is at a kink: {kink} has no derivative where x = 0: "
                        "the gradient's formula does not hold there\n"
                        "hint: start elsewhere, e.g. --from x=0.01\n")


@pytest.mark.parametrize("command", ["descend", "newton"])
def test_an_infinite_tolerance_is_refused(command):
    r = run(command, "x^2", "--from", "x=1", "--tol", "inf")
    assert r.exit_code == 2
    assert "must be a finite number ≥ 0, got inf" in r.output


def test_a_large_tolerance_met_far_from_the_minimum_is_no_minimum():
    r = run("descend", "x^2", "--from", "x=1", "--tol", "5", "-f", "text", "--no-steps")
    assert r.exit_code == 0
    last = " ".join(r.stdout.split("\n\n")[-1].split())
    assert last == ("Stopped after 0 iterations (|∇f| < 5) at 1, not at a critical point: "
                    "|∇f| = 2 is below --tol 5, but the Newton step to where the gradient "
                    "would vanish is 1 long: this is no critical point, and it is not "
                    "classified (a smaller --tol goes on)")
    assert newton("x^2 + y^2", "x=1,y=1", tol=5).stationary.kind == "tolerance"


def test_backprop_of_a_constant_is_refused_not_an_empty_graph():
    """It printed "Forward pass at :" and an empty Gradient section."""
    r = run("backprop", "3", "--at", "x=1")
    assert r.exit_code == 1
    assert r.output == ("error: 3 has no variables: there is no input for a gradient to flow "
                        "back to\nhint: give an expression of the variables in --at, e.g. "
                        "(w*x - y)^2\n")
