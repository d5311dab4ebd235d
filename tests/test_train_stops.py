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



def test_a_start_not_at_fault_is_not_blamed(tmp_path):
    """Data past the doubles, or f's own constants, overflow at any start: the hint said
    "start where the values are moderate" for --from w=0,b=0."""
    path = tmp_path / "big.csv"
    path.write_text("x,y\n1e308,1\n2,3\n", encoding="utf-8")
    r = run("descend", "(w*x+b-y)^2", "--data", str(path), "--from", "w=0,b=0", "--no-steps")
    assert r.exit_code == 1 and "sample 1 of" in r.stderr
    assert r.stderr.startswith("error: the data, at the start (w = 0, b = 0), is past the "
                               "range of doubles for sample 1 of")
    assert r.stderr.endswith("hint: rescale the data: column x is past 1e150 in magnitude, "
                             "too large for f in doubles\n")
    r = run("descend", "(x-1e160)^2/1e300", "--from", "x=0", "--no-steps")
    assert r.exit_code == 1
    assert r.stderr.endswith("hint: f overflows a double with every parameter at 0 too: "
                             "rescale its numbers\n")

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


@pytest.mark.parametrize("command", ["descend", "newton"])
def test_a_zero_tolerance_stops_where_the_gradient_is_exactly_zero(command):
    # --tol 0 ran all 1,000 iterations at the minimum, then said "Not converged"
    r = run(command, "(x-1)^2", "--from", "x=1", "--tol", "0", "-f", "text", "--no-steps")
    assert r.exit_code == 0
    what = "iterations" if command == "descend" else "steps"
    assert r.output.splitlines()[-2:] == [
        f"Converged to a minimum after 0 {what} (∇f = 0) at 1: the Hessian is positive",
        "  definite (eigenvalues 2)"]
    d = descend("(x-1)^2", "x=0", lr="0.1", tol=0, iterations=20)  # never exactly 0: all run
    assert not d.converged and len(d.iterations) == 21


def test_a_start_past_1e150_is_no_divergence():
    # the start itself counted as "grew without bound" at iteration 0
    r = run("descend", "(x-1e200)^2", "--from", "x=1e200", "-f", "text", "--no-steps")
    assert r.exit_code == 0 and "Converged to a minimum after 0 iterations" in r.output
    assert not descend("x^2", "x=1e151", lr="0.1", iterations=5).diverged


@pytest.mark.parametrize("args", [("x^2", "--lr", "9e307"), ("1e300*x^2", "--lr", "1e10"),
                                  ("x^2", "--lr", "1e308", "--method", "momentum")])
def test_a_step_past_the_doubles_is_a_divergence(args):
    # the first update overflowed to -inf: "internal error (OverflowError ...)"
    expr, *options = args
    r = run("descend", expr, "--from", "x=1", *options, "-f", "json", "--no-steps")
    assert r.exit_code == 0
    obj = json.loads(r.stdout, parse_constant=lambda c: pytest.fail(f"JSON has {c}"))
    assert obj["diverged"] and obj["outcome"].startswith("Diverged: the iterates grew")
    assert obj["iterations"][-1]["point"] == [None] and obj["final"] == [None]


@pytest.mark.parametrize("command", ["newton", "descend"])
def test_a_badly_scaled_invertible_hessian_is_no_singular_one(command):
    # diag(2, 2e-14) was "singular" (a relative cut-off of 1e-12); (x+y)^2's still is
    r = run(command, "(x-1)^2 + 1e-14*(y-2)^2", "--from", "x=0,y=0", "-f", "text", "--no-steps",
            *(["--method", "newton"] if command == "descend" else []))
    assert "Converged to a minimum after 1" in r.output
    assert "eigenvalues 2e-14, 2" in r.output
    r = run("newton", "(x+y)^2", "--from", "x=1,y=0", "-f", "text")
    assert "the Hessian at (1, 0) is singular" in r.output


@pytest.mark.parametrize("method", ["momentum", "adam"])
def test_a_momentum_of_0_is_taken(method):
    # β = 0 was "must be between 0 and 1, got 0"
    r = run("descend", "x^2", "--from", "x=1", "--method", method, "--momentum", "0", "-f",
            "text", "--no-steps")
    assert r.exit_code == 0 and "Converged to a minimum" in r.output
    r = run("descend", "x^2", "--from", "x=1", "--method", method, "--momentum",
            "0.99999999999999999999")
    assert r.exit_code == 1 and "(as a double it is 1)" in r.output


@pytest.mark.parametrize("command, start, said", [
    ("descend", "x=1e-400", "--from x=1e-400"), ("newton", "x=1e-500", "--from x=1e-500")])
def test_a_start_below_the_smallest_double_is_refused(command, start, said):
    # it became 0 silently: "Converged to a minimum after 0 iterations … at 0"
    r = run(command, "x^2", "--from", start)
    assert r.exit_code == 1
    assert r.stderr.splitlines()[0] == f"error: {said} is below the smallest double: it would be 0"


@pytest.mark.parametrize("args, hint", [
    (("x^2", "--from", "x=1", "--lr", "1"), "last point 1. The iterates alternate between two "
     "values, coming no closer: --lr 1 is too large: gradient descent is stable for lr < 2/L "
     "= 1"),
    (("x^2 + 10^6 y^2", "--from", "x=1,y=1", "--lr", "1e-6"), "y alternates between two "
     "values, coming no closer: --lr 1e-06 is too large"),
    (("x^2", "--from", "x=1", "--lr", "1e-320"), "The point did not move: --lr 1e-320 times "
     "the gradient is below the last digit of a double there; try a larger --lr"),
])
def test_a_run_stuck_without_converging_says_why(args, hint):
    # each ended "Not converged after 1000 iterations; last point 1", with no word of why
    r = run("descend", *args, "-f", "json", "--no-steps")
    assert r.exit_code == 0 and hint in json.loads(r.stdout)["outcome"]
    r = run("descend", "x^2", "--from", "x=1", "--lr", "0.001", "-k", "5", "-f", "json")
    assert json.loads(r.stdout)["outcome"] == "Not converged after 5 iterations; last point " \
        "0.9900399201"  # slow, not stuck: no hint


@pytest.mark.parametrize("command, args, message", [
    ("newton", ("(x-1e200)^2", "--from", "x=0"), "(x - 1e+200)**2 overflows a double"),
    ("descend", ("x^2", "--from", "x=1e308*10"), "error: 1e+308*10 overflows a double"),
    ("descend", ("1e-400/x^2", "--from", "x=1e-300"), "1e-400/x**2 has no value in doubles"),
])
def test_an_error_writes_a_long_number_short(command, args, message):
    # each printed the number's 200 to 400 digits
    r = run(command, *args)
    assert r.exit_code == 1 and message in r.stderr and "0000000000" not in r.stderr


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


@pytest.mark.parametrize("f, start", [("0.000000001*(x-3)^2", "x=0"),
                                      ("(x-1)^2 + 1e-8*(y-2)^2", "x=0,y=0")])
def test_a_loss_of_a_small_scale_reaches_its_minimum(f, start):
    # Newton lands on the minimum in one step; a Hessian of eigenvalue 2e-9 was "singular",
    # and the run "Diverged"
    n = newton(f, start)
    assert n.converged and not n.diverged and n.stationary.kind == "minimum"
    d = descend("0.000000001*(x-3)^2", "x=0", lr="5e8", tol=1e-15)
    assert d.stationary.kind == "minimum"


@pytest.mark.parametrize("f", ["ln(x)", "exp(x)", "atan(x)"])
def test_newtons_steps_that_do_not_shrink_still_diverge(f):
    assert newton(f, "x=1.5").diverged


@pytest.mark.parametrize("args", [
    ("descend", "exp(x)", "--from", "x=400"), ("newton", "1e200*(x-1)^2", "--from", "x=0"),
    ("descend", "1e300*w^2", "--from", "w=1", "-k", "2"),
])
def test_a_hessian_past_1e154_is_no_internal_error(args):
    r = run(*args)  # its eigenvalues squared its entries: an OverflowError
    assert r.exit_code == 0 and "internal error" not in r.output, r.output


@pytest.mark.parametrize("f", ["x^2 + 1e400", "x^(10^400)", "x^2 - 2.5e400"])
def test_a_constant_past_the_doubles_is_the_users_error_in_descend(f):
    r = run("descend", f, "--from", "x=1")
    assert r.exit_code == 1 and "internal error" not in r.stderr
    assert "past the range of doubles" in r.stderr
    assert "0000000000" not in r.stderr  # 1e+400, not its 401 digits


@pytest.mark.parametrize("text, message, caret", [
    ("x,y,z\n1,2,3\n4,,5\n", "line 3: no value in column y", 2),
    ("x,y\n1,2\n1e400,3\n", "line 3: 1e400 in column x is past the range of doubles", 0),
    ("x,y\n1,2\n  4 ,  abc\n", "line 3: 'abc' is not a number", 7),
    ("x,y\n" + "1" * 200_000 + ",3\n", "line 2: not a CSV line the reader takes", 0),
])
def test_a_bad_data_cell_is_named_at_its_column(text, message, caret):
    from calcdiff.commands.data import parse_data
    from calcdiff.errors import CalcdiffError

    with pytest.raises(CalcdiffError) as info:
        parse_data(text)
    assert message in info.value.message and info.value.start == caret


def test_a_data_file_of_nul_bytes_is_refused():
    r = run("descend", "x^2", "--from", "x=1", "--data", "/dev/zero")
    assert r.exit_code == 1 and r.stderr.startswith(
        "error: --data /dev/zero: not a text file (it holds NUL bytes)")


@pytest.mark.parametrize("f", ["sign(x) + x^2", "x^2 + heaviside(x)"])
def test_a_stop_next_to_a_jump_is_no_minimum(f):
    # it said "Converged to a minimum" at 4.9e-10, where f is 1 and f(-1e-9) is -1
    d = descend(f, "x=0.5")
    assert d.converged and d.stationary.kind == "degenerate"
    assert d.stationary.reason.startswith("it stopped next to where ")
    assert descend("x^2", "x=0.5").stationary.kind == "minimum"


@pytest.mark.parametrize("command, point", [("descend", "--from"), ("newton", "--from"),
                                            ("backprop", "--at")])
def test_an_unknown_function_s_hint_names_an_option_the_command_has(command, point):
    r = run(command, "foo(x)", point, "x=1")  # it named --function, which these lack
    assert r.exit_code == 1 and "--function" not in r.stderr
    assert "a --rules file to define foo" in r.stderr


def test_newtons_runaway_names_its_one_cause():
    # it said "the steps do not shrink, …, or f is undefined there": two causes for one
    from calcdiff.render.newton import outcome

    n = newton("exp(x)", "x=1")
    assert n.diverged and n.runaway
    assert outcome(n) == ("Diverged at step 25: the steps do not shrink, the iterates run away "
                          "from every critical point (last point -24)")


@pytest.mark.parametrize("args, message, hint", [
    (("exp(x)", "--at", "x=1000"), "error: exp(x) is past the range of doubles at the point",
     "hint: choose a point where the values stay within the doubles (about ±1.8e308)"),
    (("1/x", "--at", "x=1e-300"), "is past the range of doubles at the point (x = 1e-300): "
     "its value, -1e+600, has no double", "hint: choose a point where the values stay"),
    (("sqrt(x)", "--at", "x=0"), "is undefined at the point (x = 0)",
     "hint: the point is on the edge of the function's domain"),
    (("relu(x)", "--at", "x=0"), "is undefined at the point (x = 0)", "hint: a kink (relu at 0"),
])
def test_backprop_names_the_cause_of_a_value_it_cannot_compute(args, message, hint):
    # exp(1000) was "undefined", 1/x at 1e-300 a "division by zero" at a 301-digit point, and
    # sqrt at 0 got the relu kink's hint
    r = run("backprop", *args)
    assert r.exit_code == 1 and message in r.stderr and hint in r.stderr, r.stderr


def test_a_minimum_next_to_a_bend_is_still_a_minimum():
    # relu only bends: x = 1 is the minimum, 5e-7 from relu's kink; it was "degenerate"
    d = descend("(x-1)^2 + 0.001*relu(x - 1.0000005)", "x=0.5")
    assert d.converged and d.stationary.kind == "minimum"


def test_backprop_names_a_negative_base_in_the_graphs_names():
    r = run("backprop", "(-2)^x", "--at", "x=1")  # it said (-2)**_p0, an internal name
    assert r.exit_code == 1 and "_p0" not in r.stderr
    assert r.stderr.startswith("error: (-2)**x is a negative number to a power that varies "
                               "with x")


@pytest.mark.parametrize("option, value", [("--lr", "1e-400"), ("--momentum", "1e-400")])
def test_a_rate_below_the_smallest_double_says_so(option, value):
    args = ["descend", "x^2", "--from", "x=1", option, value]
    if option == "--momentum":
        args += ["--method", "momentum"]
    r = run(*args)  # it said "must be greater than 0, got 1e-400"
    assert r.exit_code == 1
    assert r.stderr.startswith(f"error: {option} {value} is below the smallest double")


def test_a_coordinate_that_only_shrinks_does_not_alternate():
    """y of x^2 + 3y^2 (0.4^k, at 1e-20 after 50 steps) was said to alternate between two
    values, with --lr 0.1 "too large", though below the 2/L it printed."""
    r = run("descend", "x^2 + 3y^2", "--from", "x=1,y=1", "--lr", "0.1", "-k", "50",
            "-f", "json", "--no-steps")
    assert r.exit_code == 0, r.output
    assert "alternate" not in r.stdout and "too large" not in r.stdout
