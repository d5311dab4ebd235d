"""The rule engine against SymPy, our oracle (SPEC §6 "Trust").

(a) generated expressions: the engine's derivative equals ``sympy.diff``;
(b) every step of every generated derivation is a true claim;
(c) the steps follow what the user wrote (rule names and bindings);
(d) higher orders and mixed partials through ``derive``;
(e) deep chains and long sums finish without RecursionError and with the right value.

Numeric comparisons evaluate both sides with SymPy at 30 digits at fixed random points and
skip a point where either side is undefined, infinite or not real.
"""

from __future__ import annotations

import contextlib
import importlib.util
import math
import signal
from fractions import Fraction

import pytest
import sympy
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from calcdiff.algebra.evaluate import evaluate
from calcdiff.commands.differentiate import derive
from calcdiff.deriving.engine import differentiate
from calcdiff.errors import DomainError, NegativeBase
from calcdiff.read.parser import parse
from calcdiff.tree.nodes import Add, Call, Div, Mul, Neg, Num, Pow, Sym, size
from calcdiff.tree.printer import to_plain

from .strategies import POINTS, calc_value, close, exprs, real_sympy, sympy_value, textbook_exprs

X = sympy.Symbol("x", real=True)
SETTINGS = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])

# derive(..., simplify="basic") needs calcdiff.simplify; until it lands, use the raw output
SIMPLIFY_MODES = ["none"] + (["basic"] if importlib.util.find_spec("calcdiff.simplify") else [])


@contextlib.contextmanager
def time_limit(seconds: int):
    """Interrupt slow SymPy work (main thread only); raises TimeoutError."""

    def handler(signum, frame):
        raise TimeoutError

    old = signal.signal(signal.SIGALRM, handler)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def symbolically_equal(a, b, seconds: int = 2) -> bool:
    """True when SymPy proves a == b within the time limit; False when it cannot (yet)."""
    try:
        with time_limit(seconds):
            return sympy.simplify(a - b) == 0
    except (TimeoutError, RecursionError):
        return False


# SymPy's Heaviside refuses a non-real argument when it is built (heaviside(acos(2)) raises
# ValueError inside to_sympy): such trees have no oracle, and are skipped.
SympyRefuses = ValueError


def agree_numerically(expr, ours, reference, var="x", where="") -> int:
    """Check ``ours`` (a calcdiff tree) against ``reference`` (SymPy) at every sample point
    where ``expr`` (the function differentiated) and both sides are defined and real.
    Returns how many points were compared."""
    try:
        ours_sympy = real_sympy(ours)
        expr_sympy = real_sympy(expr)
    except SympyRefuses:
        return 0
    compared = 0
    for point in POINTS:
        # every node of the function and of our result must be real and finite here
        if calc_value(expr, point) is None or calc_value(ours, point) is None:
            continue
        if sympy_value(expr_sympy, point) is None:  # principal branch (cbrt of x < 0)
            continue
        want = sympy_value(reference, point)
        got = sympy_value(ours_sympy, point)
        if want is None or got is None:
            continue
        compared += 1
        shown = {k: v for k, v in point.items() if k in expr.free | ours.free}
        assert close(got, want), (
            f"{where}d/d{var} of {to_plain(expr)} at {shown}: calcdiff {got}, SymPy {want}\n"
            f"  calcdiff: {to_plain(ours)}\n  SymPy: {reference}"
        )
    return compared


def check_against_sympy(e, var: str = "x") -> None:
    step = differentiate(e, var)
    assert step.expr == e and step.var == var
    try:
        reference = sympy.diff(real_sympy(e), sympy.Symbol(var, real=True))
    except SympyRefuses:
        return
    ours = step.result
    if size(e) <= 12 and symbolically_equal(real_sympy(ours), reference):
        return
    agree_numerically(e, ours, reference, var)
    # the unsimplified rule output claims the same value
    agree_numerically(e, step.raw, reference, var, where="raw: ")


# -- (a) generated expressions against sympy.diff ------------------------------------------------


@settings(SETTINGS, max_examples=80)
@given(exprs(6))
@example(Pow(Sym("x"), Sym("x")))
@example(Call("log", (Sym("x"), Add((Sym("x"), Num(1))))))
@example(Call("root", (Sym("x"), Sym("x"))))
@example(Call("acsc", (Mul((Num(3), Sym("x"))),)))
@example(Call("relu", (Neg(Sym("x")),)))
def test_generated_derivative_equals_sympy(e):
    check_against_sympy(e)


@settings(SETTINGS, max_examples=50)
@given(textbook_exprs(4))
def test_textbook_derivative_equals_sympy(e):
    step = differentiate(e, "x")
    reference = sympy.diff(real_sympy(e), X)
    if size(e) <= 10 and symbolically_equal(real_sympy(step.result), reference):
        return
    compared = agree_numerically(e, step.result, reference)
    # textbook expressions are defined almost everywhere; only overflow (nested exp) rules
    # points out
    event("usable points: none" if compared == 0 else "usable points: some")


def _table_calls():
    from calcdiff.read.rule_exprs import builtin_table

    inner = parse("2*x - 1/3").expr
    calls = []
    for name, rule in sorted(builtin_table().functions.items()):
        if 1 in rule.arity:
            calls.append(Call(name, (Sym("x"),)))
            calls.append(Call(name, (inner,)))
        if 2 in rule.arity:
            calls.append(Call(name, (inner, Num(3))))
            calls.append(Call(name, (Sym("x"), Sym("x"))))
            calls.append(Call(name, (Num(5), inner)))
    return calls


@pytest.mark.parametrize("e", _table_calls(), ids=to_plain)
def test_every_table_function_directly_and_through_the_chain_rule(e):
    check_against_sympy(e)
    for step in differentiate(e, "x").walk():
        check_step(step)


NEEDS_SIMPLIFY = pytest.mark.skipif(SIMPLIFY_MODES[-1] == "none",
                                    reason="calcdiff.simplify not there yet")


@NEEDS_SIMPLIFY
# derandomized: simplify.py is young, and this run must not fail at random in CI; the cases
# it has found are pinned below
@settings(SETTINGS, max_examples=60, derandomize=True)
@given(st.one_of(textbook_exprs(4), exprs(5)))
@example(parse("abs(x*(2*x - x - x))").expr)
# e times a root of a product holding e: the exp factor of a late-split base was lost
# (e*x/sqrt(e*x) differentiated to (2 - e)/(2*sqrt(e*x)))
@example(parse("e*x/sqrt(e*x)").expr)
@example(parse("e*x^2/cbrt(e*x)^2").expr)
@example(parse("e*pi*x^3/sqrt(e*pi*x)").expr)
@example(parse("x^3/(e*sqrt(e*pi*x^2))").expr)
@example(parse("exp(2)*x^2/sqrt(exp(3)*x)").expr)
def test_simplified_answer_equals_sympy(e):
    """The final answer of derive (after simplification) is still SymPy's derivative."""
    if "x" not in e.free:
        return
    try:
        d = derive(e, wrt="x", simplify="basic")
    except NegativeBase as exc:  # (-1)^(1/x): a negative base to a power varying with x
        power = exc.node
        assert not power.base.free and "x" in power.exp.free
        assert evaluate(power.base, {}) < 0
        return
    except DomainError:
        # acceptable only where the rules' own output is undefined everywhere, as in
        # d|u|/dx = u/|u|*u' with u identically 0 (abs(x*(2*x - x - x)))
        raw = differentiate(e, "x").raw
        assert all(calc_value(raw, p) is None for p in POINTS)
        return
    try:
        reference = sympy.diff(real_sympy(e), X)
    except SympyRefuses:
        return
    agree_numerically(e, d.result, reference)


@NEEDS_SIMPLIFY
def test_simplify_abs_of_product_with_reciprocal():
    e = parse("abs(x*x*(1/(x**2 + 1)))").expr
    d = derive(e, wrt="x")
    agree_numerically(e, d.result, sympy.diff(real_sympy(e), X))


# -- (b) every step is a true claim --------------------------------------------------------------

_claims_checked: dict = {}


def check_step(step) -> None:
    key = (step.expr, step.var, step.result, step.raw)
    if key in _claims_checked:
        return
    try:
        reference = sympy.diff(real_sympy(step.expr), sympy.Symbol(step.var, real=True))
    except SympyRefuses:
        return
    where = f"step {step.rule!r}: "
    agree_numerically(step.expr, step.result, reference, step.var, where=where)
    agree_numerically(step.expr, step.raw, reference, step.var, where=where + "raw: ")
    _claims_checked[key] = True


@settings(SETTINGS, max_examples=30)
@given(exprs(5))
@example(Mul((Call("sec", (Sym("x"),)), Call("sec", (Pow(Sym("x"), Num(2)),)))))
@example(Pow(Add((Pow(Sym("x"), Num(2)), Num(1))), Num(10)))
def test_every_step_is_true(e):
    root = differentiate(e, "x")
    seen = set()
    for step in root.walk():
        if id(step) in seen:
            continue
        seen.add(id(step))
        assert step.var in step.expr.free or step.rule == "constant", step
        check_step(step)


@settings(SETTINGS, max_examples=20)
@given(textbook_exprs(4))
def test_every_textbook_step_is_true(e):
    for step in {id(s): s for s in differentiate(e, "x").walk()}.values():
        check_step(step)


def test_chain_rule_outer_step_uses_a_placeholder():
    step = differentiate(parse("sin(x^2)").expr, "x")
    assert step.rule == "chain"
    outer, inner = step.substeps
    assert outer.var not in ("x",) and outer.var in outer.expr.free
    check_step(outer)
    check_step(inner)


# -- (c) steps follow what the user wrote ---------------------------------------------------------


def _root(text: str, var: str = "x"):
    return differentiate(parse(text).expr, var)


def test_quotient_step_for_a_quotient():
    step = _root("(x^2+1)/(x-1)")
    assert step.rule == "quotient"
    assert dict(step.bindings) == {"f": parse("x^2+1").expr, "g": parse("x-1").expr}
    assert _root("a/b", "b").rule == "quotient"
    # with the variable only on top, dividing by a constant
    assert _root("a/b", "a").rule == "constant-divisor"


def test_difference_step_for_x_minus_y():
    step = _root("x - y")
    assert step.rule == "difference"
    assert dict(step.bindings) == {"f": Sym("x"), "g": Sym("y")}
    assert [s.rule for s in step.substeps] == ["variable", "constant"]
    assert step.result == Num(1)


def test_chain_step_binds_the_inner_function():
    step = _root("(x^2+1)^10")
    assert step.rule == "chain"
    bindings = dict(step.bindings)
    assert bindings["g"] == parse("x**2 + 1").expr
    assert to_plain(bindings["g"]) == "x**2 + 1"
    outer, inner = step.substeps
    assert outer.rule == "power" and inner.expr == bindings["g"]


def test_sin_of_a_number_is_one_constant_step():
    step = _root("sin(2)")
    assert step.rule == "constant"
    assert step.substeps == ()
    assert step.result == Num(0)
    assert list(step.walk()) == [step]


def test_product_total_agrees_with_its_substeps():
    e = parse("sec(x)*sec(x**2)").expr
    step = differentiate(e, "x")
    assert step.rule == "product"
    f, g = (v for _, v in step.bindings)
    df, dg = step.substeps
    assert (df.expr, dg.expr) == (f, g)
    total = Add((Mul((df.result, g)), Mul((f, dg.result))))
    reference = sympy.diff(real_sympy(e), X)
    for s in (df, dg):
        check_step(s)
    assert agree_numerically(e, total, reference) >= 3
    assert agree_numerically(e, step.result, reference) >= 3
    for point in POINTS[:4]:
        a, b = calc_value(total, point), calc_value(step.result, point)
        if a is not None and b is not None:
            assert close(a, b, 1e-9)


@pytest.mark.parametrize(
    "text, rule",
    [
        ("x^3", "power"),
        ("3*x^2", "constant-multiple"),
        ("-x", "constant-multiple"),
        ("x*sin(x)", "product"),
        ("x*y*sin(x)", "constant-multiple"),
        ("2^x", "exponential"),
        ("x^x", "general-power"),
        ("log(x, 2)", "log-base"),
        ("log(x, x+1)", "change-of-base"),
        ("root(x, x)", "root-power"),
        ("tan(x)", "d-tan"),
        ("exp(3x)", "chain"),
        ("x + y + x^2", "sum"),
        ("x", "variable"),
        ("pi*E", "constant"),
    ],
)
def test_rule_names(text, rule):
    step = _root(text)
    assert step.rule == rule
    for s in step.walk():
        check_step(s)


@pytest.mark.parametrize("text, answer, note", [
    # a base that is 0 wherever it is defined: no log(0) in the answer (it had
    # 2*x*0**x**2*log(0)), and an exponent that is a number: no "needs x > 0"
    ("(x-x)^(x^2)", "0", "x - x = 0 where it is defined"),
    ("x^(x/x)", "1", "x/x = 1 where it is defined"),
    ("(x/x)^x", "0", "x/x = 1 where it is defined"),
])
def test_a_power_that_only_looks_variable_uses_its_simplified_rule(text, answer, note):
    d = derive(text)
    assert str(d.result) == answer
    assert note in d.parts[0].step.notes
    assert "log" not in str(derive("1/(x + (x-x)^(2^x))").result)


# -- (d) higher orders and mixed partials ----------------------------------------------------------


def _check_derive(text, wrt, order, mode):
    d = derive(text, wrt=wrt, order=order, simplify=mode)
    f = real_sympy(parse(text).expr)
    variables = list(d.wrt)
    shown = ",".join(variables)
    reference = sympy.diff(f, *[sympy.Symbol(v, real=True) for v in variables])
    assert len(d.parts) == len(variables)
    if symbolically_equal(real_sympy(d.result), reference, seconds=5):
        return
    assert agree_numerically(parse(text).expr, d.result, reference, shown) >= 3


@pytest.mark.parametrize("mode", SIMPLIFY_MODES)
@pytest.mark.parametrize("order", [1, 2, 3, 4, 5])
@pytest.mark.parametrize("text", ["x^5 - 3x^2 + 1/x", "sin(x)*exp(2x)", "log(x^2 + 1)",
                                  "sigmoid(x)", "x^x", "atan(x)/(1 + x^2)"])
def test_higher_orders(text, order, mode):
    _check_derive(text, ["x"], order, mode)


@pytest.mark.parametrize("mode", SIMPLIFY_MODES)
@pytest.mark.parametrize(
    "text, wrt",
    [
        ("x^2*y^3*sin(x*y)", ["x", "y"]),
        ("x^2*y^3*sin(x*y)", ["y", "x"]),
        ("x^2*y^3*sin(x*y)", ["x", "y", "y"]),
        ("exp(x*y)/(1 + y^2)", ["y", "x", "x"]),
        ("log(x^2 + y^2)", ["x", "y"]),
        ("theta^2*sin(x_1*theta)", ["theta", "x_1"]),
    ],
)
def test_mixed_partials(text, wrt, mode):
    _check_derive(text, wrt, 1, mode)


def test_mixed_partials_commute():
    a = derive("x^2*y^3*sin(x*y)", wrt=["x", "y"], simplify=SIMPLIFY_MODES[-1]).result
    b = derive("x^2*y^3*sin(x*y)", wrt=["y", "x"], simplify=SIMPLIFY_MODES[-1]).result
    for point in POINTS:
        assert close(evaluate(a, point), evaluate(b, point), 1e-9)


# -- (e) deep and long inputs ----------------------------------------------------------------------


def test_thousand_deep_sin_chain():
    n = 1000
    text = "sin(" * n + "x" + ")" * n
    e = parse(text).expr
    step = differentiate(e, "x")  # no RecursionError
    x0 = 0.7
    # d/dx sin^n(x) = prod_{k<n} cos(sin^k(x))
    value, inner = 1.0, x0
    for _ in range(n):
        value *= math.cos(inner)
        inner = math.sin(inner)
    assert math.isclose(evaluate(step.result, {"x": x0}), value, rel_tol=1e-9)
    d = derive(text, simplify=SIMPLIFY_MODES[-1])
    assert math.isclose(evaluate(d.result, {"x": x0}), value, rel_tol=1e-9)
    assert sum(1 for _ in step.walk()) >= n


def exact_value(e, env: dict[str, Fraction]) -> Fraction:
    """The exact value of a rational expression (numbers, variables, + - * / and integer
    powers), iteratively."""
    memo: dict = {}
    stack = [(e, False)]
    while stack:
        node, ready = stack.pop()
        kids = node.children()
        if not ready and kids:
            stack.append((node, True))
            stack.extend((k, False) for k in kids)
            continue
        t = type(node)
        if t is Num:
            v = node.value
        elif t is Sym:
            v = Fraction(env[node.name])
        elif t is Neg:
            v = -memo[node.arg]
        elif t is Add:
            v = sum((memo[a] for a in node.args), Fraction(0))
        elif t is Mul:
            v = Fraction(1)
            for a in node.args:
                v *= memo[a]
        elif t is Div:
            v = memo[node.num] / memo[node.den]
        elif t is Pow:
            assert memo[node.exp].denominator == 1
            v = memo[node.base] ** int(memo[node.exp])
        else:
            raise TypeError(t.__name__)
        memo[node] = v
    return memo[e]


def test_two_thousand_term_polynomial():
    n = 2000
    coeffs = [((k * 7919) % 23) - 11 or 1 for k in range(1, n + 1)]  # nonzero, mixed signs
    text = " + ".join(f"({c})*x^{k}" for k, c in zip(range(1, n + 1), coeffs))
    e = parse(text).expr
    assert type(e) is Add and len(e.args) == n
    step = differentiate(e, "x")
    assert step.rule == "sum" and len(step.substeps) == n
    x0 = Fraction(1, 2)
    want = sum(c * k * x0 ** (k - 1) for k, c in zip(range(1, n + 1), coeffs))
    assert exact_value(step.result, {"x": x0}) == want
    d = derive(text, simplify=SIMPLIFY_MODES[-1])
    assert exact_value(d.result, {"x": x0}) == want
    assert math.isclose(evaluate(d.result, {"x": 1.0}),
                        float(sum(c * k for k, c in zip(range(1, n + 1), coeffs))), rel_tol=1e-12)


def test_derivative_of_deep_tree_built_directly():
    e = Sym("x")
    for i in range(1000):
        e = Call("exp" if i % 3 == 0 else "tanh" if i % 3 == 1 else "sin", (Div(e, Num(2)),))
    result = differentiate(e, "x").result  # the public entry point runs deep trees safely
    assert calc_value(result, {"x": 0.1}) is not None
