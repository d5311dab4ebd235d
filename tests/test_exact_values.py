"""Exact values (issue 15, items 6 and 7): trig and inverse trig at every multiple of pi/12,
exp and log of powers of e, roots of rationals, e printed as e, and the degenerate cases
(0^u, log(0), log to base 0 or 1, 1**N). SymPy is the oracle for the values; the CLI examples
of the issue run through click's CliRunner."""

from __future__ import annotations

import json
import math

import pytest
import sympy
from click.testing import CliRunner

from calcdiff.cli import main
from calcdiff.commands import request
from calcdiff.errors import DomainError
from calcdiff.commands.differentiate import derive
from calcdiff.commands.request import exact_at
from calcdiff.read.parser import parse
from calcdiff.simplify import simplify
from calcdiff.sympy_bridge import to_sympy
from calcdiff.tree.nodes import Call, Sym, walk
from calcdiff.tree.printer import to_plain

TRIG = ("sin", "cos", "tan", "cot", "sec", "csc")
INVERSE = {"sin": "asin", "cos": "acos", "tan": "atan", "cot": "acot", "sec": "asec",
           "csc": "acsc"}
MULTIPLES = range(-24, 25)  # k*pi/12 over [-2*pi, 2*pi]


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _same(ours, theirs) -> None:
    """Equal to SymPy's value: identical once SymPy has evaluated both, else to 60 digits
    (SymPy's simplify proves these too, but takes seconds on nested radicals)."""
    diff = to_sympy(ours) - theirs
    if diff == 0:
        return
    assert abs(sympy.N(diff, 60)) < sympy.Float("1e-55"), (to_plain(ours), theirs)


def _calls(e, func: str) -> list:
    return [n for n in walk(e) if type(n) is Call and n.func == func]


def _sympy_value(func: str, arg):
    v = getattr(sympy, func)(arg)
    return None if v.has(sympy.zoo, sympy.nan, sympy.oo) else v


@pytest.mark.parametrize("func", TRIG)
def test_trig_at_every_multiple_of_pi_over_12_equals_sympy(func):
    folded = 0
    for k in MULTIPLES:
        arg = sympy.pi * k / 12
        theirs = _sympy_value(func, arg)
        if theirs is None:  # tan(pi/2), cot(0), ...: undefined, never folded
            assert _calls(simplify(parse(f"{func}({k}*pi/12)").expr), func)
            continue
        ours = simplify(parse(f"{func}({k}*pi/12)").expr)
        assert not _calls(ours, func), (func, k, to_plain(ours))
        _same(ours, theirs)
        # the same value through --at's path (substitute, fold, simplify)
        at = exact_at(Call(func, (Sym("x"),)), {"x": parse(f"{k}*pi/12").expr})
        assert at == ours, (func, k, to_plain(at), to_plain(ours))
        folded += 1
    assert folded >= 40


@pytest.mark.parametrize("func", TRIG)
def test_inverse_functions_at_the_matching_values_equal_sympy(func):
    inverse = INVERSE[func]
    seen = 0
    for k in MULTIPLES:
        theirs_value = _sympy_value(func, sympy.pi * k / 12)
        if theirs_value is None:
            continue
        value = to_plain(simplify(parse(f"{func}({k}*pi/12)").expr))  # our own exact value
        ours = simplify(parse(f"{inverse}({value})").expr)
        theirs = getattr(sympy, inverse)(theirs_value)
        assert not _calls(ours, inverse), (inverse, value, to_plain(ours))
        _same(ours, theirs)
        seen += 1
    assert seen >= 40


@pytest.mark.parametrize("text,value", [
    ("log(e^3)", "3"), ("exp(log(5))", "5"), ("log(e)", "1"), ("log(1/e^2)", "-2"),
    ("log(sqrt(e))", "1/2"), ("e^(log 5)", "5"), ("log(8, 2)", "3"),
    ("sqrt(8)", "2*sqrt(2)"), ("cbrt(27/8)", "3/2"), ("root(32, 5)", "2"), ("cbrt(-27)", "-3"),
    ("sqrt(12/25)", "2*sqrt(3)/5"), ("sqrt(2)*sqrt(6)", "2*sqrt(3)"), ("cbrt(2)*cbrt(4)", "2"),
    ("(sqrt(6) - sqrt(2))^2", "8 - 4*sqrt(3)"), ("(2 + sqrt(3))^2", "7 + 4*sqrt(3)"),
    ("1**(10**100)", "1"), ("(-1)**(10**100 + 1)", "-1"),
])
def test_exp_log_and_roots_of_rationals(text, value):
    ours = exact_at(parse(text).expr, {})  # what --at, tangent, taylor and limit print
    assert to_plain(ours) == value
    _same(ours, to_sympy(parse(value).expr))


# -- the examples through the command line ----------------------------------------------


@pytest.mark.parametrize("command,text,at,last_line", [
    ("derive", "sin x", "x=pi/2", "At x = pi/2: 0"),  # not cos(pi/2) ≈ 6.12e-17
    ("derive", "tan x", "x=pi/12", "At x = pi/12: 8 - 4*sqrt(3) ≈ 1.07179676972"),
    ("limit", "sin x", "x=pi/4", "Exact limit: f′(pi/4) = sqrt(2)/2 ≈ 0.707106781187"),
])
def test_exact_values_through_the_command_line(command, text, at, last_line):
    r = run(command, text, "--at", at, "-f", "text", "--no-steps")
    assert r.exit_code == 0
    assert r.stdout.endswith(last_line + "\n")


def test_json_value_is_the_simplified_exact_value():
    r = run("derive", "sin x", "--at", "x=pi", "-f", "json", "--no-steps")
    obj = json.loads(r.stdout)
    assert (obj["value"], obj["value_float"]) == ("-1", -1.0)
    r = run("derive", "cos x", "--at", "x=pi/12", "-f", "json", "--no-steps")
    obj = json.loads(r.stdout)
    assert obj["value"] == "sqrt(2)/4 - sqrt(6)/4"


def test_tangent_at_pi_over_4_prints_exact_values():
    r = run("tangent", "sin x", "--at", "x=pi/4", "-f", "text", "--no-steps")
    assert r.exit_code == 0
    assert r.stdout.endswith(
        "f(pi/4) = sqrt(2)/2 ≈ 0.7071067812\nf′(pi/4) = sqrt(2)/2 ≈ 0.7071067812\n"
        "Tangent line: y = sqrt(2)/2 + sqrt(2)/2*(x - pi/4)\n"
        "Normal line:  y = sqrt(2)/2 - sqrt(2)*(x - pi/4)\n")


def test_a_vertical_normal_line_prints_as_x_equals():
    r = run("tangent", "sin x", "--at", "x=pi/2", "-f", "text", "--no-steps")
    assert r.exit_code == 0
    assert r.stdout.endswith("Tangent line: y = 1\n"
                             "Normal line:  x = pi/2 (the tangent is horizontal)\n")
    obj = json.loads(run("tangent", "sin x", "--at", "x=pi/2", "-f", "json").stdout)
    assert (obj["slope"], obj["slope_float"], obj["normal"], obj["normal_vertical"]) == (
        "0", 0.0, None, "x = pi/2")


def test_tangent_with_rational_values_is_still_simplified():
    r = run("tangent", "3x^2-4x", "--at", "x=1", "-f", "text", "--no-steps")
    assert r.stdout.endswith("Tangent line: y = 2*x - 3\nNormal line:  y = -x/2 - 1/2\n")


def test_taylor_prints_exact_coefficients():
    r = run("taylor", "cos x", "--at", "x=pi/3", "-n", "2", "-f", "text", "--no-steps")
    assert r.exit_code == 0
    assert "  k = 1: f⁽¹⁾(x) = -sin(x);  f⁽¹⁾(pi/3) = -sqrt(3)/2;  coefficient -sqrt(3)/2\n" \
        in r.stdout
    assert "  1/2 - sqrt(3)*(x - pi/3)/2 - (x - pi/3)**2/4\n" in r.stdout


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_eulers_number_prints_as_e(fmt):
    r = run("derive", "e^(2x)", "--at", "x=e", "-f", fmt, "--no-steps")
    assert r.exit_code == 0
    assert "E" not in r.stdout.replace("Euler", "").replace("Input", "").replace("Result", "")
    if fmt == "json":
        obj = json.loads(r.stdout)
        assert (obj["at"], obj["value"]) == ({"x": "e"}, "2*exp(2*e)")
    else:
        assert r.stdout.endswith("At x = e: 2*exp(2*e) ≈ 459.303328167\n")


def test_plain_e_reads_back_as_eulers_number():
    e = parse("e*x + exp(e)").expr
    assert to_plain(e) == "e*x + exp(e)"
    assert parse(to_plain(e)).expr == e


# -- degenerate cases ---------------------------------------------------------------------------


def test_zero_to_a_power_has_derivative_zero_with_its_domain_in_a_note():
    r = run("derive", "0^(2^x + x^3 + 2)", "-f", "text")
    assert r.exit_code == 0
    assert "note: 0^u = 0 where u = 2**x + x**3 + 2 > 0 (its domain), so its derivative\n" \
        "            is 0\n" in r.stdout
    assert r.stdout.endswith("Result:   d/dx [0**(2**x + x**3 + 2)] = 0\n")
    assert "log" not in r.stdout


@pytest.mark.parametrize("text,message,caret", [
    ("log(0)", "error: log(0) is undefined: the logarithm needs a positive argument",
     "  ^^^^^^"),
    ("x + ln(0)", "error: log(0) is undefined: the logarithm needs a positive argument",
     "      ^^^^^"),
    ("log_0(x)", "error: a logarithm to base 0 is undefined: the base must be positive and not 1",
     "  ^^^^^^^^"),
    ("log_1(x)", "error: a logarithm to base 1 is undefined: the base must be positive and not 1",
     "  ^^^^^^^^"),
    ("x + root(x, 0)", "error: root(u, 0) is undefined: the index of a root must not be 0",
     "      ^^^^^^^^^^"),
    ("x + ln(x - x)", "error: log(x - x) is undefined: its argument is 0, and the logarithm "
     "needs a positive argument", "      ^^^^^^^^^"),
    ("x + sqrt(x - x - 1)", "error: sqrt(x - x - 1) is not a real number: its argument is -1",
     "      ^^^^^^^^^^^^^^^"),
])
def test_log_of_zero_and_log_to_base_0_or_1_are_errors_with_a_caret(text, message, caret):
    r = run("derive", text, "-f", "text")
    assert r.exit_code == 1
    assert r.stdout == ""
    assert r.stderr == f"{message}\n  {text}\n{caret}\nhint: the expression is undefined for " \
                       "every value\n"


@pytest.mark.parametrize("text,part,caret", [
    ("x + asin(2)", "asin(2)", "      ^^^^^^^"),
    ("x*sqrt(-1)", "sqrt(-1)", "    ^^^^^^^^"),
    ("x^2 + acsc(abs2(0))", "acsc(abs2(0))", "        ^^^^^^^^^^^^^"),
    ("x + (-2)^(1/2)", "(-2)**(1/2)", "      ^^^^^^^^^^"),
    ("atanh(1)*x", "atanh(1)", "  ^^^^^^^^"),
])
def test_a_constant_part_that_is_not_real_is_an_error_at_that_part(text, part, caret):
    r = run("derive", text, "-f", "text")
    assert r.exit_code == 1
    assert r.stderr == f"error: {part} is not a real number\n  {text}\n{caret}\nhint: the " \
                       "expression is undefined for every value\n"


@pytest.mark.parametrize("text", ["x*acos(sqrt(2)^2/2)", "x*asin(sin(1)^2 + cos(1)^2)",
                                  "x*exp(1000)", "x*acos(1)", "x*(-8)^3", "f(2)*x"])
def test_a_real_constant_is_never_refused_for_rounding(text):
    r = run("derive", text, "-f", "text", "--no-steps")
    assert r.exit_code == 0, r.stderr


def test_log_of_zero_in_a_batch_fails_only_its_line():
    r = CliRunner().invoke(main, ["derive", "-f", "text", "--no-steps", "log(0)", "x^2"])
    assert r.exit_code == 1
    assert "Result:   d/dx [x**2] = 2*x" in r.stdout
    assert "log(0) is undefined" in r.stderr


def test_huge_exponent_stays_exact_and_never_leaves_one_to_a_power():
    r = run("derive", "x^(10^100)", "-f", "json", "--no-steps")
    assert r.exit_code == 0
    d = json.loads(r.stdout)["derivative"]
    assert d == f"{10**100}*x**{10**100 - 1}"
    assert "1**" not in d


@pytest.mark.parametrize("text,at,message", [
    ("tan x", "x=pi/2", "error: tan(x) is not defined at x = pi/2 (tan(x) needs cos(x) != 0)\n"),
    ("sec x", "x=3*pi/2",
     "error: sec(x) is not defined at x = 3*pi/2 (sec(x) needs cos(x) != 0)\n"),
    ("cot x", "x=pi", "error: cot(x) is not defined at x = pi (cot(x) needs sin(x) != 0)\n"),
])
def test_a_point_outside_the_domain_only_exactly_is_an_error(text, at, message):
    # in floats cos(pi/2) is 6.1e-17, not 0: the domain is decided exactly at the boundary
    r = run("derive", text, "--at", at, "-f", "text")
    assert (r.exit_code, r.stdout, r.stderr) == (1, "", message)


def test_the_rule_view_shows_the_period():
    r = run("rules", "cos", "-f", "json")
    obj = json.loads(r.stdout)
    assert (obj["parity"], obj["period"], obj["values"]["pi/12"]) == (
        "even", "2*pi", "(sqrt(6) + sqrt(2))/4")


def test_point_slope_line_is_written_once_in_markdown():
    r = run("tangent", "sin x", "--at", "x=pi/4", "-f", "markdown", "--no-steps")
    line = r"&= \frac{\sqrt{2}}{2} + \frac{\sqrt{2}}{2} \left(x - \frac{\pi}{4}\right)"
    assert r.stdout.count(line) == 1


@pytest.mark.parametrize("args,expected", [
    (["derive", "log(1 - sigmoid(x))", "--at", "x=37"], "At x = 37: -sigmoid(37) ≈ -1\n"),
    (["derive", "log(sigmoid(x))", "--at", "x=-746"], "At x = -746: 1 - sigmoid(-746) ≈ 1\n"),
    (["derive", "log(1 + exp(x))", "--at", "x=1000"],
     "At x = 1000: exp(1000)/(exp(1000) + 1) ≈ 1\n"),
])
def test_a_point_where_only_the_doubles_fail_is_computed_precisely(args, expected):
    # 1 - sigmoid(37) is 0 in doubles (8.5e-17 exactly): the domain holds, and the value
    # is computed at 60 digits where the doubles cannot
    r = run(*args, "-f", "text", "--no-steps")
    assert r.exit_code == 0, r.stderr
    assert r.stdout.endswith(expected)


def test_the_tangent_where_only_the_doubles_fail():
    r = run("tangent", "log(1 - sigmoid(x))", "--at", "x=37", "-f", "json")
    assert r.exit_code == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["value_float"] == pytest.approx(-37.0) and out["slope_float"] == -1.0


@pytest.mark.parametrize("text,at", [("ln(x)", "x=0"), ("1/(x - 1)", "x=1"), ("sqrt(x)", "x=-1"),
                                     ("log(1 - sigmoid(x) - sigmoid(-x))", "x=3")])
def test_a_point_outside_the_domain_is_still_refused(text, at):
    r = run("derive", text, "--at", at, "-f", "text", "--no-steps")
    assert r.exit_code == 1 and "Traceback" not in r.stderr


@pytest.mark.parametrize("text,part", [("x*tan(pi/2)", "tan(pi/2)"), ("x*sec(pi/2)", "sec(pi/2)"),
                                       ("x*csc(pi)", "csc(pi)"), ("x + tan(3*pi/2)", "tan(3*pi/2)"),
                                       ("tanh(asinh(tan(1/2*pi)))*x", "tan(1/2*pi)"),
                                       # an argument exactly 0 that doubles make 6e-17
                                       ("x*log(cos(pi/2))", "log(cos(pi/2))"),
                                       ("x*log(sin(pi))", "log(sin(pi))")])
def test_a_constant_on_a_pole_is_refused(text, part):
    # tan(pi/2) is 1.6e16 in doubles; its definition sin/cos divides by cos(pi/2) = 0 exactly
    r = run("derive", text, "-f", "text")
    assert r.exit_code == 1
    assert r.stderr.startswith(f"error: {part} is not a real number\n")


@pytest.mark.parametrize("text", ["x*tan(pi/3)", "x*cot(pi/2)", "x*tan(1.5707963)",
                                  "x*sinh(40)", "x*exp(1000)", "x*sqrt(cos(pi/2))",
                                  "x*log(1e-13)", "x*cot(1e-13)"])
def test_a_large_or_near_pole_constant_is_kept(text):
    assert run("derive", text, "-f", "text", "--no-steps").exit_code == 0


@pytest.mark.parametrize("text,at,value", [
    ("x*10^10^10", "x=1", "10**10000000000"),
    ("x^(2^4000)", "x=3", "2**4000*3**(-1 + 2**4000)"),
])
def test_a_value_too_large_to_build_is_shown_exactly_not_computed(text, at, value):
    """Its decimal overflows a double; the 60-digit fallback would build the integer (SymPy
    took until the line's time limit): the value is written exactly instead."""
    r = run("derive", text, "--at", at, "--no-steps", "-f", "text", "--timeout", "5")
    assert r.exit_code == 0, r.stderr
    assert r.stdout.splitlines()[-1] == f"At {at.replace('=', ' = ')}: {value} (its decimal " \
                                        "overflows a double)"


@pytest.mark.parametrize("text,value", [
    ("x*(10^(10^7)+1)/10^(10^7)", "1 + 1/10**10000000"), ("x*sin(10^(10^6))", "sin(10**1000000)"),
])
def test_a_value_too_large_to_build_but_bounded_is_no_overflow(text, value):
    """Its 60 digits are not computed (a power too large to build), and it does not
    overflow: no decimal, and no word that it overflows."""
    r = run("derive", text, "--at", "x=1", "--no-steps", "-f", "text", "--timeout", "5")
    assert r.exit_code == 0, r.stderr
    assert r.stdout.splitlines()[-1] == f"At x = 1: {value}"


def test_a_value_zero_by_an_identity_is_0_not_round_off():
    """2σ(2x) − tanh x is 1, so its derivative is 0 everywhere: at x = 1 the exact value
    tanh(1)**2 + 4*sigmoid(2)*(1 - sigmoid(2)) - 1 is proved 0 (doubles gave 3.3e-16)."""
    r = run("derive", "2 sigmoid(2x) - tanh(x)", "--at", "x=1", "--no-steps", "-f", "text")
    assert r.exit_code == 0
    assert r.stdout.splitlines()[-1] == "At x = 1: 0"
    obj = json.loads(run("derive", "2 sigmoid(2x) - tanh(x)", "--at", "x=1", "--no-steps",
                         "-f", "json").stdout)
    assert (obj["value"], obj["value_float"]) == ("0", 0.0)


def test_a_small_value_beside_large_terms_is_its_60_digits():
    # 1 − σ(37) is 0 in doubles, 8.5e-17 exactly: not "≈ 0"
    r = run("derive", "x - softplus(x)", "--at", "x=37", "--no-steps", "-f", "text")
    assert r.stdout.splitlines()[-1] == "At x = 37: 1 - sigmoid(37) ≈ 8.53304762574e-17"


def test_a_value_neither_digits_nor_sympy_decide_is_about_0(monkeypatch):
    """Where SymPy cannot prove the identity, the exact form stays and its decimal is 0,
    not the doubles' round-off."""
    monkeypatch.setattr(request, "proves_zero", lambda e, table=None: False, raising=False)
    derivative = parse("tanh(x)**2 + 4*sigmoid(2*x)*(1 - sigmoid(2*x)) - 1").expr
    exact, f = request.value_at(derivative, {"x": parse("1").expr})
    assert to_plain(exact) == "tanh(1)**2 + 4*sigmoid(2)*(1 - sigmoid(2)) - 1"
    assert f == 0.0


def test_a_point_whose_values_are_past_a_double_is_no_division_by_zero():
    # 1/x at x = 1e-330: x is 0 as a double, but 1/x is 1e330, and its derivative -1e660;
    # both were "undefined (division by zero)"
    from calcdiff.commands.differentiate import derive

    for text, point in (("1/x", "x=1e-330"), ("1/x", "x=1e-200"), ("ln(x)", "x=1e-400")):
        d = derive(text, at=point)
        assert d.value is not None and d.value_float in (math.inf, -math.inf)


def test_a_value_below_a_double_is_said_to_underflow_not_to_be_zero():
    # exp(-x)' at 1000 is -5.08e-435: it printed "≈ -0"; its double stays -0.0 (JSON too),
    # which every command computes with (grad, hessian and limit crashed on None)
    from calcdiff.commands.differentiate import derive
    from calcdiff.tree.decimals import BelowDouble

    d = derive("exp(-x)", at="x=1000")
    assert to_plain(d.value) == "-exp(-1000)" and isinstance(d.value_float, BelowDouble)
    assert isinstance(derive("1e-400*x", at="x=1").value_float, BelowDouble)
    d = derive("exp(-x)", at="x=10")
    assert d.value_float == pytest.approx(-4.539992976e-05)
    for args in (["derive", "exp(-x)", "--at", "x=1000"],
                 ["grad", "exp(-x^2)*y", "--at", "x=30,y=1"],
                 ["hessian", "exp(x)*y^3", "--at", "x=-1000,y=1"],
                 ["limit", "exp(x)", "--at", "x=-1000"], ["tangent", "exp(-x)", "--at", "x=1000"]):
        for fmt in ("text", "rich", "json", "markdown", "latex"):
            r = CliRunner().invoke(main, args + ["--no-steps", "-f", fmt])
            assert r.exit_code == 0, (args, fmt, r.output)
            assert "≈ -0" not in r.stdout and "internal error" not in r.output
    r = CliRunner().invoke(main, ["derive", "exp(-x)", "--at", "x=1000", "-f", "text"])
    assert r.stdout.endswith("At x = 1000: -exp(-1000) (its decimal underflows a double)\n")


@pytest.mark.parametrize("text, point", [
    ("asin x", "x=1"), ("acos x", "x=-1"), ("acosh x", "x=1"), ("asec x", "x=1"),
    ("x*asin x", "x=1"),
])
def test_at_the_edge_of_its_domain_the_function_is_defined_and_its_derivative_not(text, point):
    # "asin(x) is not defined at x = 1": asin(1) = pi/2; only the derivative has no value
    from calcdiff.commands.differentiate import derive
    from calcdiff.errors import DomainError

    with pytest.raises(DomainError) as info:
        derive(text, at=point)
    assert info.value.message.startswith("the derivative is undefined at x = ")


@pytest.mark.parametrize("text, point", [("log x", "x=0"), ("asech x", "x=0"),
                                         ("asin x", "x=2"), ("atanh x", "x=1")])
def test_outside_the_domain_or_at_an_open_edge_the_function_is_not_defined(text, point):
    from calcdiff.commands.differentiate import derive
    from calcdiff.errors import DomainError

    with pytest.raises(DomainError) as info:
        derive(text, at=point)
    assert " is not defined at x = " in info.value.message


def test_a_limit_table_past_a_double_says_so_not_undefined():
    # limit exp(x) at 1000 said "exp(x) is undefined at x = 1000"
    r = CliRunner().invoke(main, ["limit", "exp(x)", "--at", "x=1000", "--no-steps"])
    assert r.exit_code == 1
    assert "is past what a double holds" in r.output and "undefined" not in r.output


def test_the_rich_tangent_says_a_value_below_a_double_underflows():
    # its own suffix printed "≈ 0" (the text view said it underflows)
    r = CliRunner(env={"COLUMNS": "100"}).invoke(
        main, ["tangent", "exp(-x)", "--at", "x=1000", "--no-steps", "-f", "rich"])
    assert r.exit_code == 0 and r.stdout.count("(its decimal underflows a double)") == 2


def test_the_limits_exact_value_below_a_double_underflows_in_text_and_rich():
    for fmt in ("text", "rich"):
        r = CliRunner(env={"COLUMNS": "100"}).invoke(
            main, ["limit", "exp(x)", "--at", "x=-1000", "--rows", "1", "--no-steps", "-f", fmt])
        assert r.exit_code == 0 and "(its decimal underflows a double)" in r.stdout  # ≈ 0


@pytest.mark.parametrize("text, at, value", [
    ("sin(e^x)", "x=40", 7.48567285514655e+16),  # the doubles gave -2.33e17
    ("tan(e^(x^2))", "x=4", 96528036.6746236),  # 9 digits of 12 were right
    ("cos(x)", "x=1/3", -0.327194696796152),
    ("x*sin(3^40)", "x=1", -0.607981038535),  # a whole number past 2^53 is no exact double
    ("x*sin(10^20 + 1/2)", "x=1", -0.199994353359),
])
def test_a_periodic_function_of_a_far_angle_gets_its_digits(text, at, value):
    """The angle's double (e^40 to within 32) made the decimal of sin(e^40) garbage: past
    FAR_ROUND it is worked out at 60 digits."""
    d = derive(text, at=at)
    assert d.value_float == pytest.approx(value, rel=1e-11)


def test_full_simplification_keeps_the_real_cube_root():
    """--simplify full took SymPy's x**(2/3), which has no value at x < 0 here: the same
    question answered by default was refused under full."""
    r = CliRunner().invoke(main, ["derive", "cbrt(x) sin(x)", "--simplify", "full", "--at",
                                  "x=-1", "--no-steps", "-f", "text"])
    assert r.exit_code == 0, r.output
    assert r.stdout.splitlines()[-1] == "At x = -1: -sin(1)/3 - cos(1) ≈ -0.820792634137"


@pytest.mark.parametrize("text, culprit", [("abs(sqrt(-1)) + x", "sqrt(-1)"),
                                           ("|sqrt(-4)| x^2", "sqrt(-4)"),
                                           ("abs(asin(3)) x", "asin(3)")])
def test_an_abs_around_a_constant_with_no_real_value_is_refused(text, culprit):
    """SymPy's complex |2i| is 2, so |sqrt(-4)| x^2 had the derivative 2*x*abs(sqrt(-4)) ≈ 4
    at 1; over the reals sqrt(-4) has no value, as sqrt(-4) + x is refused."""
    r = CliRunner().invoke(main, ["derive", text, "--no-steps", "-f", "text"])
    assert r.exit_code == 1 and f"error: {culprit} is not a real number" in r.stderr


@pytest.mark.parametrize("text, culprit", [("(-2)^x", "(-2)**x"), ("(-1)^x + x", "(-1)**x"),
                                           ("(1-3)^(x+1)", "(1 - 3)**(x + 1)")])
def test_a_negative_number_to_a_variable_power_has_no_derivative(text, culprit):
    # (-2)^x was differentiated to (-2)**x*log(-2), with no real value
    with pytest.raises(DomainError) as info:
        derive(text)
    assert info.value.message == (f"{culprit} is a negative number to a power that varies "
                                  "with x: it is real only at isolated values of x, so it has "
                                  "no derivative by x")
    assert info.value.start == 0 and info.value.text == text


@pytest.mark.parametrize("text, wrt", [("-2^x", None), ("(-2)^2", None), ("2^x", None),
                                       ("x^(-2)", None), ("(-1)^n * x^n", "x")])
def test_a_positive_base_or_a_power_not_differentiated_is_still_read(text, wrt):
    derive(text, wrt)  # (-1)^n x^n by x, a series' term, was refused with (-2)^x's error


@pytest.mark.parametrize("text, at, hint", [
    ("x^(2/3)", "x=-8", "for the real root write cbrt(x)^2"),
    ("(x^2-1)^(1/3)", "x=0", "for the real root write cbrt(x**2 - 1)"),
    ("x^(3/5)", "x=-1", "for the real root write root(x, 5)^3"),
])
def test_a_fractional_power_below_0_hints_at_the_real_root(text, at, hint):
    r = CliRunner().invoke(main, ["derive", text, "--at", at])
    assert r.exit_code == 1 and "(a root of a negative number)" in r.stderr
    assert r.stderr.rstrip().endswith(hint), r.stderr


@pytest.mark.parametrize("expr, value", [("x^pi", "0"), ("x^e", "0"), ("x^sqrt(2)", "0"),
                                         ("x^(e - 1)", "0")])
def test_zero_to_a_positive_irrational_power_is_zero(expr, value):
    # 0**pi stayed 0**pi: "underflows a double", and a normal line that divided by zero
    r = CliRunner().invoke(main, ["tangent", expr, "--at", "x=0", "-f", "json"])
    out = json.loads(r.output)
    assert (out["value"], out["slope"], out["tangent"]) == ("0", "0", "0")
    r = CliRunner().invoke(main, ["derive", expr, "--at", "x=0", "-f", "json", "--no-steps"])
    assert json.loads(r.output)["value"] == value


def test_zero_to_a_negative_irrational_power_has_no_value():
    r = CliRunner().invoke(main, ["derive", "x^(-pi)", "--at", "x=0", "--no-steps"])
    assert r.exit_code == 1
    assert r.output.strip() == "error: x**(-pi) is undefined at x = 0 (division by zero)"


@pytest.mark.parametrize("text, message", [
    ("asin(2x/x) + x", "asin(2) is not a real number"),
    ("acsc(x/(5x))", "acsc(1/5) is not a real number"),
    ("asin(2x/x) + x^2", "asin(2) is not a real number"),
])
def test_an_expression_undefined_for_every_x_is_refused(text, message):
    # asin(2x/x) + x differentiated to 1 (asin(2) written as such was refused)
    r = CliRunner().invoke(main, ["derive", text, "--no-steps"])
    assert r.exit_code == 1
    assert r.output.splitlines() == [f"error: {message}", f"  {text}", "  " + "^" * len(text),
                                     "hint: the expression is undefined for every value"]
