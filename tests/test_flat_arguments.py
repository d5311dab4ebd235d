"""An argument that holds a piecewise function can be 0 on a whole interval (x - |x| for
x > 0, relu(x) for x < 0), where an outer |u| is flat: its derivative there is 0, which
u/|u| (0/0) cannot give. The rule table's ``flat_derivative`` (sign(u) for abs) is used for
such an argument, and the table's ``piecewise`` says which functions make one."""

from __future__ import annotations

import json
import math

import pytest
import sympy
from click.testing import CliRunner

from calcdiff.algebra.evaluate import evaluate
from calcdiff.cli import main
from calcdiff.commands.differentiate import derive
from calcdiff.deriving.user_rules import load_user_rules
from calcdiff.errors import RuleFileError
from calcdiff.read.rule_exprs import builtin_table

x = sympy.Symbol("x", real=True)


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


# (input, the same in SymPy): each flat on an interval where its argument is 0
CASES = [
    ("|x - |x||", sympy.Abs(x - sympy.Abs(x))),
    ("abs(relu(x))", sympy.Abs(sympy.Max(x, 0))),
    ("abs(abs(x) - abs(x - 1) - 1)", sympy.Abs(sympy.Abs(x) - sympy.Abs(x - 1) - 1)),
    ("3*abs(heaviside(x) - 1) + x", 3 * sympy.Abs(sympy.Heaviside(x) - 1) + x),
    ("abs(x*sign(x) - x)", sympy.Abs(x * sympy.sign(x) - x)),
    ("abs(max(x, 0) - x)^2", sympy.Abs(sympy.Max(x, 0) - x) ** 2),
    # relu's own flat form: (1 + sign(u))/2, where heaviside(0) has no value
    ("relu(abs(x) - x)", sympy.Max(sympy.Abs(x) - x, 0)),
    ("relu(relu(x^3))", sympy.Max(sympy.Max(x ** 3, 0), 0)),
]
POINTS = (-2.5, -1.0, -0.3, 0.4, 1.7, 3.0)


@pytest.mark.parametrize("text, reference", CASES, ids=[c[0] for c in CASES])
def test_the_answer_has_a_value_where_the_argument_is_flat(text, reference):
    answer = derive(text).result
    want = sympy.diff(reference, x)
    for p in POINTS:
        expected = float(want.subs(x, p).doit())
        got = evaluate(answer, {"x": p})
        assert math.isfinite(got) and abs(got - expected) < 1e-9, (text, p, got, expected)


def test_an_argument_without_a_piecewise_function_keeps_u_over_abs_u():
    assert str(derive("abs(x^2 - 1)").result) == "2*x*(x**2 - 1)/abs(x**2 - 1)"
    assert str(derive("abs(x)").result) == "x/abs(x)"
    # |x| is nowhere flat (only where its own argument is): the outer |u| keeps u/|u|
    assert str(derive("abs(abs(x))").result) == "x/abs(x)"
    # a sum with a piecewise term that is 0 only at single points keeps it too
    assert str(derive("abs(abs(x) - 1)").result) == "x*(abs(x) - 1)/(abs(x)*abs(abs(x) - 1))"
    assert "sign" not in str(derive("min(x, x^2, 1/2)").result)


def test_the_step_states_the_form_it_uses_and_why():
    out = " ".join(run("derive", "|x - |x||", "-f", "text").output.split())  # unwrapped
    assert "derivative of abs: |u|′ = sign(u)" in out
    assert "written sign(u), not u/abs(u): the argument holds a piecewise function" in out
    assert "|x|′ = x/|x|" in out  # the inner |x| is its usual self


def test_the_value_at_a_point_of_the_flat_side():
    out = json.loads(run("derive", "|x - |x||", "--at", "x=2", "-f", "json").output)
    assert out["value"] == "0"
    out = json.loads(run("derive", "|x - |x||", "--at", "x=-1", "-f", "json").output)
    assert out["value"] == "-2"  # sign(2) is folded to 1 at a point


def test_x_squared_sign_x_is_differentiable_at_0():
    # sign is piecewise as abs is: at its jump a product that vanishes fast enough has a
    # derivative (x·|x|), which the one-sided quotients find
    out = json.loads(run("derive", "x^2*sign(x)", "--at", "x=0", "-f", "json").output)
    assert out["value"] == "0"
    bad = run("derive", "sign(x)", "--at", "x=0")
    assert bad.exit_code == 1 and "not differentiable at x = 0" in bad.output


def test_the_rule_entries_say_so():
    table = builtin_table()
    assert {f for f, r in table.functions.items() if r.piecewise} == {
        "abs", "relu", "heaviside", "sign"}
    out = json.loads(run("rules", "abs", "-f", "json").output)
    assert out["piecewise"] is True and out["flat_derivative"] == "sign(u)"
    assert "where its argument holds a piecewise function: sign(u)" in run(
        "rules", "abs").output


USER = '''
[[rule]]
id = "d-myabs"
function = "myabs"
derivative = "u/myabs(u)"
explain = "As abs."
definition = "sqrt(u^2)"
piecewise = true
flat_derivative = "{flat}"
'''


def test_a_user_flat_derivative_is_checked_against_the_definition(tmp_path):
    good = tmp_path / "good.toml"
    good.write_text(USER.format(flat="sign(u)"), encoding="utf-8")
    assert load_user_rules([good]).functions["myabs"].piecewise
    bad = tmp_path / "bad.toml"
    bad.write_text(USER.format(flat="-sign(u)"), encoding="utf-8")
    with pytest.raises(RuleFileError) as info:
        load_user_rules([bad])
    assert "flat_derivative" in str(info.value) and "bad.toml" in str(info.value)
    odd = tmp_path / "odd.toml"
    odd.write_text(USER.format(flat="sign(u)").replace("piecewise = true",
                                                       'piecewise = "yes"'), encoding="utf-8")
    with pytest.raises(RuleFileError) as info:
        load_user_rules([odd])
    assert "'piecewise' must be true or false" in str(info.value)


def test_each_builtin_flat_derivative_is_the_derivative_where_u_is_not_0():
    flat = [r for r in builtin_table().functions.values() if r.flat_derivative is not None]
    assert flat
    for rule in flat:
        for u in (-3.0, -0.7, 0.2, 1.5, 40.0):
            assert abs(evaluate(rule.flat_derivative, {"u": u})
                       - evaluate(rule.derivative, {"u": u})) < 1e-12, (rule.id, u)


@pytest.mark.parametrize("text, derivative", [
    ("abs(x - abs(x))^2", "4*x - 4*abs(x)"),  # |u|·sign(u) is u: defined at 0 too
    ("abs(relu(x))^2", "2*relu(x)*heaviside(x)"),
])
def test_an_even_power_of_a_flat_argument_s_abs_stays_simple(text, derivative):
    assert str(derive(text).result) == derivative


def test_a_grade_never_suggests_a_form_with_fewer_values():
    # the shorter form of a right answer was u/|u|·…, which grade itself refused
    r = run("grade", "abs(x - abs(x))", "--answer",
            "(x - abs(x))/abs(x - abs(x))*(1 - x/abs(x))")
    assert "CORRECT" in r.output and "shorter" not in r.output


@pytest.mark.parametrize("text, point", [("abs(x - abs(x))", "x=1"),
                                         ("x*abs(x-abs(x))", "x=3"),
                                         ("abs(x^3-abs(x^3))", "x=0.5")])
def test_a_point_where_the_argument_is_flat_is_no_kink(text, point):
    # "a rule of the derivation does not hold" was said there: sign(u)·u′ holds
    out = json.loads(run("derive", text, "--at", point, "-f", "json", "--no-steps").output)
    assert out["value"] == "0"
    assert not any("does not hold" in n for n in out["notes"])
