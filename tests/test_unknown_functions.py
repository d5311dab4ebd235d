"""Unknown functions f(x), g(x), h(u, v), φ(t): reading, Lagrange notation in every format,
the engine's rule against SymPy's ``Function`` (the SymPy tree is built from ours, never from
user text), and the command line."""

from __future__ import annotations

import json

import pytest
import sympy as sp
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from calcdiff.cli import main
from calcdiff.commands.differentiate import derive
from calcdiff.read.parser import parse
from calcdiff.render.latex_expr import latex_expr
from calcdiff.render.pretty import pretty
from calcdiff.sympy_bridge import to_sympy
from calcdiff.tree.nodes import Add, Call, Mul, Num, Pow, Sym
from calcdiff.tree.printer import to_plain


def run(*args):
    return CliRunner().invoke(main, list(args), env={}, catch_exceptions=False)


def same(ours, reference) -> bool:
    return sp.simplify((to_sympy(ours) - reference).doit()) == 0


# -- reading --------------------------------------------------------------------------------


@pytest.mark.parametrize("text, plain", [
    ("f(x)*g(x)", "f(x)*g(x)"),
    ("f(g(x))", "f(g(x))"),
    ("h(u, v)", "h(u, v)"),
    ("φ(t)", "phi(t)"),
    ("f'(x) + f''(x^2)", "f'(x) + f''(x**2)"),
    ("f′(x)", "f'(x)"),
    ("f″(x)", "f''(x)"),
    ("f_21(x, y)", "f_12(x, y)"),
    ("3f(x)", "3*f(x)"),
    # not functions: a letter that is not f, g, h (or φ, ψ) applied to one argument
    ("x(x+1)", "x*(x + 1)"),
    ("a(x+1)", "a*(x + 1)"),
])
def test_reading(text, plain):
    assert parse(text).plain == plain
    assert parse(plain).expr == parse(text).expr  # plain syntax reads back


def test_the_note_names_the_function():
    notes = [n.message for n in parse("f(x)*g(x)").notes]
    assert notes == ["f(x) read as an unknown function f", "g(x) read as an unknown function g"]


def test_any_letter_applied_to_two_arguments_is_a_function():
    assert parse("u(a, b)").expr == Call("u", (Sym("a"), Sym("b")))


def test_a_declared_variable_is_not_a_function():
    assert parse("f(x)", vars=["f", "x"]).plain == "f*x"


@pytest.mark.parametrize("text, message", [
    ("foo(x)", "unknown function 'foo'"),
    ("x' + 1", "x': a prime marks the derivative of a function, which needs its argument"),
    ("f'(x, y)", "f'(...): prime notation is for an unknown function of one argument"),
])
def test_errors(text, message):
    r = run("parse", text)
    assert r.exit_code == 1
    assert r.stderr.splitlines()[0] == f"error: {message}"


@pytest.mark.parametrize("text, hint", [
    ("σ'(x)", "hint: σ is a function of the table: write d/dx σ(x) for its derivative"),
    ("sin'(x)", "hint: sin is a function of the table: write d/dx sin(x) for its derivative"),
])
def test_a_prime_on_a_function_of_the_table_says_how_to_ask(text, hint):
    r = run("parse", text)
    assert r.exit_code == 1 and r.stderr.splitlines()[-1] == hint


def test_a_longer_unknown_name_suggests_function():
    r = run("parse", "foo(x)")
    assert r.stderr.splitlines()[-1] == ("hint: write f*o*o*(...) for a product, --function foo "
                                         "for an unknown function, or see 'calcdiff rules' for "
                                         "functions")
    r = run("derive", "foo(x)*x", "--function", "foo", "-f", "text", "--no-steps")
    assert r.stdout.splitlines()[-1] == "Result:   d/dx [foo(x)*x] = x*foo'(x) + foo(x)"


# -- the engine against SymPy's Function -------------------------------------------------------

X = sp.Symbol("x")
Y = sp.Symbol("y")
F, G = sp.Function("f"), sp.Function("g")


@pytest.mark.parametrize("text, answer, reference", [
    ("f(x)*g(x)", "f'(x)*g(x) + f(x)*g'(x)", sp.diff(F(X) * G(X), X)),
    ("f(g(x))", "f'(g(x))*g'(x)", sp.diff(F(G(X)), X)),
    ("f(x^2)", "2*x*f'(x**2)", sp.diff(F(X**2), X)),
    ("f(x)/g(x)", "(f'(x)*g(x) - f(x)*g'(x))/g(x)**2", sp.diff(F(X) / G(X), X)),
    ("sin(f(x))", "cos(f(x))*f'(x)", sp.diff(sp.sin(F(X)), X)),
])
def test_first_derivatives(text, answer, reference):
    d = derive(text)
    assert str(d.result) == answer
    assert same(d.result, reference)


def test_product_rule_bound_to_the_users_f_and_g():
    step = derive("f(x)*g(x)").parts[0].step
    assert step.rule == "product"
    # the rule's placeholders are not the user's functions' names (f = f(x) would be both)
    assert step.statement == "(k·m)′ = k′·m + k·m′"
    assert [(k, str(v)) for k, v in step.bindings] == [("k", "f(x)"), ("m", "g(x)")]
    assert [s.rule for s in step.substeps] == ["unknown-function", "unknown-function"]
    # each unknown function's rule is stated by its own name
    assert [s.statement for s in step.substeps] == ["f(x)′ = f′(x)", "g(x)′ = g′(x)"]


@pytest.mark.parametrize("n, answer", [(2, "f''(x)"), (3, "f'''(x)"), (4, "f''''(x)")])
def test_higher_orders(n, answer):
    d = derive("f(x)", order=n)
    assert str(d.result) == answer
    assert same(d.result, sp.diff(F(X), X, n))


def test_partials_of_a_function_of_two_arguments():
    assert str(derive("f(x, y)", wrt=["x"]).result) == "f_1(x, y)"
    assert str(derive("f(x, y)", wrt=["x", "y"]).result) == "f_12(x, y)"
    d = derive("f(x^2, x*y)", wrt=["x"])
    assert str(d.result) == "2*x*f_1(x**2, x*y) + y*f_2(x**2, x*y)"
    assert same(d.result, sp.diff(F(X**2, X * Y), X))


def _unknown_trees(depth):
    x = st.just(Sym("x"))
    leaf = st.one_of(x, st.integers(1, 4).map(Num))
    if depth == 0:
        return leaf
    sub = _unknown_trees(depth - 1)
    return st.one_of(
        leaf,
        st.builds(lambda a, b: Mul((a, b)), sub, sub),
        st.builds(lambda a, b: Add((a, b)), sub, sub),
        st.builds(lambda a, n: Pow(a, Num(n)), sub, st.integers(2, 3)),
        st.builds(lambda f, a: Call(f, (a,)), st.sampled_from(["f", "g", "sin", "exp"]), sub),
        st.builds(lambda a, b: Call("h", (a, b)), sub, sub),
    )


_A, _B = sp.symbols("a b")
# concrete functions for f, g, h: SymPy's Function is kept in the answer's Derivative and Subs,
# then every unknown function is replaced by one of these and the two are compared in
# numbers (SymPy's own forms, like a derivative by g(x) where g(x) is a whole argument, do
# not simplify against each other)
_CONCRETE = {F: sp.Lambda(_A, sp.sin(_A) + _A**2 / 3), G: sp.Lambda(_A, sp.exp(_A / 2)),
             sp.Function("h"): sp.Lambda((_A, _B), _A * _B**2 + sp.cos(_A - _B))}


def _concrete(e):
    for function, body in _CONCRETE.items():
        e = e.replace(function, body)
    return e.doit()


@settings(max_examples=40, deadline=None)
@given(_unknown_trees(3))
def test_engine_matches_sympy_function(tree):
    d = derive(tree, wrt=["x"]) if "x" in tree.free else None
    if d is None:
        return
    ours = _concrete(to_sympy(d.result))
    reference = sp.diff(_concrete(to_sympy(tree)), X)
    for point in (sp.Rational(3, 10), sp.Rational(-7, 10), sp.Rational(6, 5)):
        a, b = complex(ours.evalf(30, subs={X: point})), complex(reference.evalf(30, subs={X: point}))
        assert abs(a - b) <= 1e-12 * max(1.0, abs(b)), to_plain(tree)
    assert parse(to_plain(d.result)).expr == d.result  # the answer reads back


# -- every format -------------------------------------------------------------------------------


def test_notations():
    e = parse("f'(x)*g(x) + f''''(x) + phi''(t) + f_12(x, y)").expr
    assert pretty(e) == "f′(x)·g(x) + f⁽⁴⁾(x) + φ″(t) + f₁₂(x, y)"
    assert latex_expr(e) == r"f'(x) g(x) + f^{(4)}(x) + \phi''(t) + f_{12}(x, y)"


def test_cli_text():
    r = run("derive", "f(x)*g(x)", "-f", "text", "--no-steps")
    assert r.exit_code == 0
    assert r.stdout.splitlines()[-1] == "Result:   d/dx [f(x)*g(x)] = f'(x)*g(x) + f(x)*g'(x)"


def test_cli_json_and_steps():
    r = run("derive", "f(g(x))", "-f", "json")
    obj = json.loads(r.stdout)
    assert r.exit_code == 0
    assert obj["derivative"] == "f'(g(x))*g'(x)"
    assert obj["derivation"][0]["rule"] == "chain"
    assert obj["notes"][0] == "f(g(x)) read as an unknown function f"


def test_cli_steps_name_the_users_functions_and_no_placeholder_takes_them():
    r = run("derive", "g(x)^2 + f(x^2)", "-f", "text")
    out = [line.strip() for line in r.stdout.splitlines()]
    assert r.exit_code == 0
    assert out[out.index("sum rule: (k + m)′ = k′ + m′") + 1] == "with k = g(x)**2, m = f(x**2)"
    assert out.count("chain rule: (k(m))′ = k′(m)·m′") == 2
    assert "with k = f(u), m = x**2" in out
    assert out[out.index("1.2. d/dx [g(x)]") + 1] == "unknown function: g(x)′ = g′(x)"
    assert out[out.index("2.1. d/du [f(u)]") + 1] == "unknown function: f(u)′ = f′(u)"
    assert not any("f(x)′ = f′(x)" in line for line in out)
    # implicit differentiation's y(x), a derivative's own name, and several arguments
    r = run("derive", "x^2 + y^2 = 25", "-f", "text")
    assert "unknown function: y(x)′ = y′(x)" in [line.strip() for line in r.stdout.splitlines()]
    r = run("derive", "phi(t)", "-x", "t", "-n", "2", "-f", "json")
    second = json.loads(r.stdout)["derivation"][1]
    assert second["statement"] == "φ′(t)′ = φ″(t)"
    r = run("derive", "g(x^2, sin x)", "-f", "json")
    step = json.loads(r.stdout)["derivation"][0]
    assert step["statement"] == "g(u1, u2)′ = g₁(u1, u2)·u1′ + g₂(u1, u2)·u2′"
    assert step["bindings"] == {"u1": "x**2", "u2": "sin(x)"}


def test_cli_chain_and_higher_order():
    r = run("derive", "f(x^2)", "-f", "text", "--no-steps")
    assert r.stdout.splitlines()[-1] == "Result:   d/dx [f(x**2)] = 2*x*f'(x**2)"
    r = run("derive", "f(x)", "-n", "2", "-f", "text", "--no-steps")
    assert r.stdout.splitlines()[-1] == "Result:   d^2/dx^2 [f(x)] = f''(x)"


def test_cli_rich_and_latex():
    r = run("derive", "f(x)*g(x)", "-f", "rich", "--no-steps")
    assert "f′(x)·g(x) + f(x)·g′(x)" in r.stdout
    r = run("derive", "f(x)", "-n", "2", "-f", "latex", "--no-steps")
    assert r"= f''(x)" in r.stdout


def test_cli_at_has_no_value():
    r = run("derive", "f(x)*x", "--at", "x=1", "-f", "text")
    assert r.exit_code == 1
    assert r.stdout == ""
    assert r.stderr.splitlines()[0] == "error: f(x) has no value at x = 1: f is an unknown function"


def test_cli_check_compares_with_sympy():
    r = run("derive", "f(x)*g(x^2)", "--check", "-f", "json")
    assert r.exit_code == 0
    check = json.loads(r.stdout)["check"]
    assert check["ok"] is True
    details = {s.get("detail") for s in check["steps"] if s["rule"] != "power"}
    assert details == {"symbolic (SymPy): an unknown function has no values to test"}


# -- --let "f(x)=..." and --function ------------------------------------------------------------


def test_let_defines_a_function_and_substitutes_it():
    r = run("derive", "f(x)*g(x)", "--let", "f(x)=3x", "--let", "g(x)=sin x", "-f", "json")
    obj = json.loads(r.stdout)
    assert r.exit_code == 0
    assert obj["expr"] == "(3*x)*sin(x)"
    assert "f(x) = 3*x (--let) substituted" in obj["notes"]
    root = obj["derivation"][0]
    assert root["rule"] == "product" and root["bindings"] == {"f": "3*x", "g": "sin(x)"}
    assert obj["derivative"] == "3*x*cos(x) + 3*sin(x)"


def test_let_function_of_two_arguments_and_a_derivative():
    assert str(derive("h(x, 2x)", lets=["h(u, v)=u v"]).result) == "4*x"
    assert str(derive("f(x^2) + f'(x)", lets=["f(t)=t^3"]).result) == "6*x**5 + 6*x"


def test_let_function_with_the_wrong_number_of_arguments():
    r = run("derive", "f(x, x)", "--let", "f(t)=t^2", "-f", "text")
    assert r.exit_code == 1
    assert r.stderr.splitlines()[0] == "error: f is defined with 1 parameter (--let), applied to 2"


def test_function_option():
    r = run("grad", "u(x, y) + v(x*y)", "--function", "u,v", "-f", "json", "--no-steps")
    assert json.loads(r.stdout)["gradient"] == ["y*v'(x*y) + u_1(x, y)", "x*v'(x*y) + u_2(x, y)"]
    r = run("parse", "sin(x)", "--function", "sin")
    assert r.exit_code == 1
    assert r.stderr.splitlines()[0] == "error: --function sin: sin is already a known function"
    r = run("parse", "loss", "--function", "loss")
    assert r.stderr.splitlines()[0] == ("error: loss is declared a function (--function): write it "
                                        "applied to the variable it depends on, loss(x) or loss(t)")


@pytest.mark.parametrize("args, last", [
    (["derive", "h(u, v)", "-x", "u"], "Result:   ∂/∂u [h(u, v)] = h_1(u, v)"),
    (["derive", "φ(t)^2"], "Result:   d/dt [phi(t)**2] = 2*phi'(t)*phi(t)"),
    (["derive", "f(x, y)", "-x", "x", "-x", "y"], "Result:   ∂^2/∂y∂x [f(x, y)] = f_12(x, y)"),
])
def test_cli_more_examples(args, last):
    r = run(*args, "-f", "text", "--no-steps")
    assert r.exit_code == 0
    assert r.stdout.splitlines()[-1] == last
