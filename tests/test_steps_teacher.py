"""Steps a teacher would sign (issue 19, item 1): every statement and binding in the step's
own names and the reading's notation, the n-factor product rule as such, ∂ throughout a
partial, a tidy first line, no no-op step, the chain through --let named by what it is."""

from __future__ import annotations

import json

import pytest

import calcdiff
from calcdiff.algebra.build import negate, tidy_product
from calcdiff.commands.grade import grade
from calcdiff.read.parser import parse
from calcdiff.render import render
from calcdiff.tree.nodes import Neg, Num
from calcdiff.tree.printer import to_plain


def text(expr, **kw) -> str:
    return render(calcdiff.derive(expr, **kw), "text")


def lines(expr, **kw) -> list[str]:
    return [line.strip() for line in text(expr, **kw).splitlines()]


def test_ln_and_exp_are_stated_as_the_reading_writes_them():
    out = lines("ln(x) e^x")
    assert "derivative of ln: ln′(x) = 1/x" in out
    assert "derivative of the exponential: (e^x)′ = e^x" in out
    assert not any("log′" in line or "exp′" in line for line in out)
    # inside a chain: the placeholder's own statement
    assert "derivative of the exponential: (e^u)′ = e^u" in lines("e^(2x)")


def test_rich_statements_use_the_readings_notation():
    out = render(calcdiff.derive("sqrt(x) + ln(x)"), "markdown")
    assert r"\frac{d}{dx}\, \ln(x) = \frac{1}{x}" in out
    assert "log′" not in out and "exp′" not in out


def test_a_table_rule_never_takes_a_let_name():
    out = lines("u^2*v", lets=["u=cos t", "v=sin t"], wrt="t")
    assert "derivative of cos: cos′(t) = −sin(t)" in out
    assert not any("cos′(u)" in line for line in out)


def test_the_chains_placeholder_avoids_the_users_names():
    out = lines("u*cos(2x)", wrt="x")
    assert "with f = cos(v), g = 2*x" in out
    assert "derivative of cos: cos′(v) = −sin(v)" in out


def test_a_constant_placeholder_that_is_a_users_name_is_renamed():
    out = lines("n*x^2", wrt="x")
    assert "power rule: (xᵏ)′ = k·xᵏ⁻¹" in out
    assert "with k = 2" in out
    # differentiating by n itself: n is the variable, the exponent another letter
    out = lines("n^3", wrt="n")
    assert "power rule: (nᵏ)′ = k·nᵏ⁻¹" in out
    assert "with k = 3" in out
    # the constant multiple rule's c, when the user has a c
    assert "constant multiple rule: (k·f)′ = k·f′" in lines("c*x^2 + c", wrt="x")


def test_three_factors_cite_the_three_factor_product_rule():
    out = lines("x e^(-x^2) sin(3x)")
    assert "product rule: (f1·f2·f3)′ = f1′·f2·f3 + f1·f2′·f3 + f1·f2·f3′" in out
    assert "with f1 = x, f2 = exp(-x**2), f3 = sin(3*x)" in out
    assert "product rule: (f·g)′ = f′·g + f·g′" in lines("x sin x")


def test_many_terms_and_factors_state_their_general_form():
    assert ("product rule: (f1·f2·…·f7)′ = f1′·f2·…·f7 + f1·f2′·…·f7 + … + f1·f2·…·f7′"
            in lines("x sin(x) cos(x) tan(x) e^x ln(x) sqrt(x)"))
    assert "sum rule: (f1 − f2 + f3)′ = f1′ − f2′ + f3′" in lines("x^2 - sin x + x")


def test_the_variable_rule_names_the_variable():
    out = lines("y^3 + y", wrt="y")
    assert "variable rule: y′ = 1" in out
    assert "power rule: (yⁿ)′ = n·yⁿ⁻¹" in out
    assert not any("x′" in line or "xⁿ" in line for line in out)
    assert "exponential rule: (a^θ)′ = a^θ·ln a" in lines("2^theta", wrt="theta")


def test_a_partial_derivation_says_partial_throughout():
    out = text("x^2 y + sin(x)", wrt="x")
    assert "d/dx" not in out and "∂/∂x [sin(x)]" in out
    assert "Result:   ∂/∂x [x**2*y + sin(x)] = 2*x*y + cos(x)" in out
    d = calcdiff.derive("x^2 y + sin(x)", wrt="x")
    assert all(s.partial for s in d.parts[0].step.walk())
    # an ordinary derivative stays d/dx, and the chain's f′(u) is d/du
    d = calcdiff.derive("sin(x^2)")
    assert not any(s.partial for s in d.parts[0].step.walk())
    for fmt, mark in (("markdown", r"\partial"), ("latex", r"\partial")):
        shown = render(calcdiff.derive("x^2 y + sin(x)", wrt="x"), fmt)
        assert r"\frac{d}{dx}" not in shown and mark in shown


def test_the_first_line_is_tidy_and_the_answer_unchanged():
    d = calcdiff.derive("x e^(-x^2) sin(3x)")
    assert to_plain(d.parts[0].step.result) == (
        "exp(-x**2)*sin(3*x) - 2*x**2*exp(-x**2)*sin(3*x) + 3*x*exp(-x**2)*cos(3*x)")
    assert to_plain(d.result) == "exp(-x**2)*(-2*x**2*sin(3*x) + 3*x*cos(3*x) + sin(3*x))"
    assert (r"= e^{-x^{2}} \sin(3 x) - 2 x^{2} e^{-x^{2}} \sin(3 x) + 3 x e^{-x^{2}} "
            r"\cos(3 x)$ by the **product rule**") in render(d, "markdown")
    from calcdiff.render.pretty import pretty
    assert pretty(d.parts[0].step.result) == (
        "e^(−x²)·sin(3x) − 2x²·e^(−x²)·sin(3x) + 3x·e^(−x²)·cos(3x)")
    # the chain's result: the variable's power first, −2x·e^(−x²)
    inner = d.parts[0].step.substeps[1]
    assert pretty(inner.result) == "−2x·e^(−x²)"


def test_no_step_simplifies_to_itself():
    d = calcdiff.derive("x^2", check=True)
    obj = json.loads(render(d, "json"))
    assert obj["derivation"][0]["substeps"] == []
    assert [s.path for s in d.check.steps] == ["1"]
    # a simplification that changes something is still the last step
    obj = json.loads(render(calcdiff.derive("x^2 + x^2"), "json"))
    assert obj["derivation"][0]["substeps"][-1]["rule"] == "simplify"


def test_the_chain_through_one_let_is_the_single_variable_chain_rule():
    out = lines("sin(u)", lets=["u=t^2"], wrt="t")
    assert "chain rule: dz/dt = dz/du·du/dt" in out
    assert not any("multivariable" in line for line in out)
    out = lines("u^2*v", lets=["u=cos t", "v=sin t"], wrt="t")
    assert "multivariable chain rule: dz/dt = ∂z/∂u·du/dt + ∂z/∂v·dv/dt" in out
    # a direct path besides the intermediate one makes it multivariable too
    out = lines("t*u", lets=["u=t^2"], wrt="t")
    assert "multivariable chain rule: dz/dt = ∂z/∂t + ∂z/∂u·du/dt" in out
    # the statement's z is not one of the user's names
    assert "chain rule: dy/dt = dy/du·du/dt" in lines("z*sin(u)", lets=["u=t^2"], wrt="t")


@pytest.mark.parametrize("expr,kw", [
    ("x e^(-x^2) sin(3x)", {}),
    ("n*x^2", {"wrt": "x"}),
    ("u*cos(2x)", {"wrt": "x"}),
    ("x^2 - sin x + x", {}),
    ("x sin(x) cos(x) tan(x) e^x ln(x) sqrt(x)", {}),
    ("u^2*v", {"lets": ["u=cos t", "v=sin t"], "wrt": "t"}),
    ("t*u", {"lets": ["u=t^2"], "wrt": "t"}),
])
def test_every_step_still_checks(expr, kw):
    d = calcdiff.derive(expr, check=True, **kw)
    assert d.check.steps and all(s.status == "ok" for s in d.check.steps), d.check.steps
    assert d.check.final_status == "ok"


def test_tidy_product_merges_without_losing_a_factor():
    from calcdiff.algebra.build import tidy_product
    from calcdiff.read.parser import parse

    def tidy(a, b):
        return to_plain(tidy_product(parse(a).expr, parse(b).expr))

    # found by the engine's oracle: a power with a symbolic exponent, twice, is its square
    assert tidy("exp(x)**x", "2*exp(x)**x*(x + x)") == "2*(exp(x)**x)**2*(x + x)"
    assert tidy("x", "-2*exp(-x**2)*x") == "-2*x**2*exp(-x**2)"
    assert tidy("sin(x)**2", "cos(x)*sin(x)") == "sin(x)**3*cos(x)"
    assert tidy("2", "-3") == "-6"


def test_a_step_is_built_with_its_fields_in_order():
    """Step sets its slots itself (faster than a frozen dataclass's __init__): its parameters
    and their defaults must stay the dataclass's fields, in order."""
    import dataclasses
    import inspect

    from calcdiff.deriving.steps import Step

    params = list(inspect.signature(Step.__init__).parameters.values())[1:]
    fields = dataclasses.fields(Step)
    assert [p.name for p in params] == [f.name for f in fields]
    assert [p.default for p in params] == [
        inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default
        for f in fields]
    step = Step("power", 1, "x", 2, 3, (("n", 2),))
    assert (step.rule, step.bindings, step.substeps, step.statement, step.partial) == (
        "power", (("n", 2),), (), "", False)


def _signed_terms(step) -> list[bool]:
    """Which of a sum step's terms its statement subtracts (the first never is)."""
    if step.rule == "difference":
        return [False, True]
    if step.statement:  # (f1 + f2 − f3)′ = …
        lhs = step.statement.split(")′")[0]
        return [False] + [op == "−" for op in lhs.split()[1::2]]
    return [False] * len(step.bindings)


@pytest.mark.parametrize("expr,kw", [
    ("-sin x - cos x", {}),
    ("-x^3 + 2x - 1", {}),
    ("-e^x + x", {}),
    ("-1 + x", {}),
    ("- x^3 - x^2 - x", {}),
    ("x e^(-x^2 - y^2)", {"wrt": "x"}),
])
def test_a_sums_bindings_with_its_signs_compose_to_its_expression(expr, kw):
    """A negated first term is bound with its sign (f = -sin(x), its own constant multiple
    step): f − g with f = sin(x) would be sin(x) − cos(x), not the step's -sin(x) − cos(x)."""
    sums = [s for s in calcdiff.derive(expr, **kw).parts[0].step.walk()
            if s.rule in ("sum", "difference")]
    assert sums
    for s in sums:
        terms = [negate(b) if minus else b
                 for (_, b), minus in zip(s.bindings, _signed_terms(s))]
        assert tuple(terms) == s.expr.args, (to_plain(s.expr), s.bindings)
    first = sums[0].substeps[0]
    if type(first.expr) in (Neg, Num):
        return
    assert first.rule == "constant-multiple" and first.bindings[0][1] == Num(-1)


def test_a_negated_first_term_is_its_own_constant_multiple_step():
    out = lines("-sin x - cos x")
    assert out[out.index("difference rule: (f − g)′ = f′ − g′") + 1:][:7] == [
        "with f = -sin(x), g = cos(x)",
        "1. d/dx [-sin(x)]",
        "constant multiple rule: (c·f)′ = c·f′",
        "with c = -1, f = sin(x)",
        "1.1. d/dx [sin(x)]",
        "derivative of sin: sin′(x) = cos(x)",
        "= cos(x)"]
    obj = json.loads(render(calcdiff.derive("-x^3 + 2x - 1"), "json"))
    assert obj["derivation"][0]["bindings"] == {"f1": "-x**3", "f2": "2*x", "f3": "1"}
    # the grader's "sign of a subtracted term lost" is about the terms after the first
    assert grade("-sin x - cos x", "sin(x) - 3cos(x)").diagnosis is None


@pytest.mark.parametrize("expr, shown", [
    # the cross-entropy gradient: σ/σ cancelled where the chain rule's result is built
    ("-y ln(sigmoid(x)) - (1-y) ln(1-sigmoid(x))",
     ["= 1 - sigmoid(x)", "= -(y*(1 - sigmoid(x)))", "= -sigmoid(x)"]),
    ("x^x", ["= x**x*(log(x) + 1)"]),
    ("sqrt(1+x^2)", ["= x/sqrt(1 + x**2)"]),
    ("d^2/dx^2 x^4 ln x", ["= 4/x"]),
    ("sin(2x)/cos(2x)", ["= (2*cos(2*x)**2 + 2*sin(2*x)**2)/cos(2*x)**2"]),
])
def test_a_steps_result_cancels_and_merges_its_factors(expr, shown):
    out = lines(expr, wrt="x")
    assert all(line in out for line in shown), out
    assert not any("*(1/" in line or "1/sigmoid(x)*sigmoid(x)" in line for line in out)
    d = calcdiff.derive(expr, wrt="x", check=True)
    assert all(s.status == "ok" for s in d.check.steps), d.check.steps


def test_tidy_product_writes_fractions_as_one():
    def tidy(*factors):
        return to_plain(tidy_product(*(parse(f).expr for f in factors)))

    assert tidy("1/sigmoid(x)", "sigmoid(x)*(1 - sigmoid(x))") == "1 - sigmoid(x)"
    assert tidy("x", "1/x") == "1"
    assert tidy("2*x", "1/(2*sqrt(x**2 + 1))") == "x/sqrt(x**2 + 1)"
    assert tidy("-3", "x/(2*y)", "y**3") == "-3/2*x*y**2"


def test_past_the_last_column_a_steps_result_is_labelled():
    """Deep steps stop moving right: a result line there names its step, so a step's result
    and its parent's, one under the other, are not read as one chain of =."""
    out = text("0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))").splitlines()
    at = out.index(" " * 36 + "1.2.2.2.1.2.1. d/dx [x**3]")
    assert out[at + 3:at + 6] == [
        " " * 36 + "1.2.2.2.1.2.1. = 3*x**2",
        " " * 36 + "1.2.2.2.1.2. = 26829/200000*x**2",
        " " * 39 + "= 26829/200000*x**2 + 1"]
    # a step whose nesting still shows keeps its plain result line
    assert "       = 2*x" in text("x^2 + 1").splitlines()


def test_a_definitions_name_is_no_placeholder_of_its_steps():
    # f(x) = x^2 sin x showed "product rule: (f·g)′ … with f = x**2" beside the user's f
    from calcdiff.commands.differentiate import derive

    step = derive("f(x) = x^2 sin x").parts[0].step
    assert step.rule == "product" and "f" not in dict(step.bindings)


@pytest.mark.parametrize("text, result", [
    ("x^3 - 3x^2 + 2x - 7", "3*x**2 - 6*x + 2"),  # it was 3*x**2 + (-6*x) + 2
    ("x/(1+x^2)^2", "((1 + x**2)**2 - 4*x**2*(1 + x**2))/(1 + x**2)**4"),
    ("1 - x^2", "-2*x"),  # a subtracted term alone, or first, on its number: not -(2*x)
    ("7 - 3x^2 - 2x", "-6*x - 2"),
    ("1/(x^2+1)", "-2*x/(x**2 + 1)**2"),
    ("x/(x+1)", "(x + 1 - x)/(x + 1)**2"),  # f′g − fg′ in its order: it was (x - x + 1)
    ("(x+2)/(x-1)", "(x - 1 - (x + 2))/(x - 1)**2"),
])
def test_a_subtracted_term_of_a_step_result_is_subtracted(text, result):
    from calcdiff.commands.differentiate import derive
    from calcdiff.tree.printer import to_plain

    assert to_plain(derive(text).parts[0].step.result) == result
