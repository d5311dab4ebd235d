"""Several variables against SymPy: partials, gradients, Hessians, Jacobians, --let."""

from __future__ import annotations

import json
import random

import pytest
import sympy
from click.testing import CliRunner

from calcdiff.cli import main
from calcdiff.commands.differentiate import derive
from calcdiff.commands.multivar import grad, hessian, jacobian
from calcdiff.errors import CalcdiffError
from calcdiff.read.parser import parse
from calcdiff.sympy_bridge import to_sympy

FUNCS = ["sin", "cos", "exp", "log", "sqrt", "tanh", "sigmoid", "atan"]


def random_function(rng: random.Random, names: list[str], depth: int = 3) -> str:
    def atom():
        r = rng.random()
        if r < 0.7:
            return rng.choice(names)
        return str(rng.randint(1, 5))

    def build(d):
        if d == 0:
            return atom()
        kind = rng.choice(["+", "-", "*", "/", "^", "f", "f"])
        if kind == "f":
            f = rng.choice(FUNCS)
            inner = build(d - 1)
            if f in ("log", "sqrt"):
                inner = f"({inner})^2 + 1"
            return f"{f}({inner})"
        if kind == "^":
            return f"({build(d - 1)})^{rng.randint(2, 3)}"
        if kind == "/":
            return f"({build(d - 1)})/(({build(d - 1)})^2 + 1)"
        return f"({build(d - 1)} {kind} {build(d - 1)})"

    text = build(depth)
    if not parse(text).expr.free:
        text = f"{text} + {names[0]}"
    return text


def same(a, b) -> bool:
    diff = sympy.simplify(a - b)
    if diff == 0:
        return True
    rng = random.Random(3)
    syms = sorted(diff.free_symbols, key=str)
    for _ in range(6):
        subs = {s: rng.uniform(-2, 2) for s in syms}
        va, vb = complex(a.evalf(subs=subs)), complex(b.evalf(subs=subs))
        if abs(va - vb) > 1e-8 * max(1, abs(va)):
            return False
    return True


def cases(n, seed):
    rng = random.Random(seed)
    for _ in range(n):
        k = rng.randint(2, 6)
        names = [f"x{i}" for i in range(1, k + 1)] if rng.random() < 0.5 else list("xyzwuv")[:k]
        yield random_function(rng, names, rng.randint(2, 3))


@pytest.mark.parametrize("text", list(cases(25, 1)))
def test_gradient_equals_sympy(text):
    g = grad(text)
    f = to_sympy(parse(text).expr, rewrite_activations=True)
    for var, partial in zip(g.vars, g.gradient):
        want = sympy.diff(f, sympy.Symbol(var))
        assert same(want, to_sympy(partial, rewrite_activations=True)), (var, partial)


@pytest.mark.parametrize("text", list(cases(10, 2)))
def test_hessian_equals_sympy_and_is_symmetric(text):
    h = hessian(text)
    f = to_sympy(parse(text).expr, rewrite_activations=True)
    syms = [sympy.Symbol(v) for v in h.vars]
    m = h.matrix
    for i, a in enumerate(syms):
        for j, b in enumerate(syms):
            assert m[i][j] == m[j][i]
            want = sympy.diff(f, a, b)
            assert same(want, to_sympy(m[i][j], rewrite_activations=True))


@pytest.mark.parametrize("seed", range(8))
def test_jacobian_equals_sympy(seed):
    rng = random.Random(50 + seed)
    names = list("xyz")[: rng.randint(2, 3)]
    texts = [random_function(rng, names, 2) for _ in range(rng.randint(2, 3))]
    jac = jacobian(texts)
    for row, text in zip(jac.matrix, texts):
        f = to_sympy(parse(text).expr, rewrite_activations=True)
        for entry, var in zip(row, jac.vars):
            assert same(sympy.diff(f, sympy.Symbol(var)), to_sympy(entry, rewrite_activations=True))


def test_grad_3x2_xy():
    g = grad("3x^2 + xy")
    assert [str(e) for e in g.gradient] == ["6*x + y", "x"]


def test_big_gradient_and_hessian_work():
    text = " + ".join(f"(x_{i} - {i})^2" for i in range(1, 501))
    g = grad(text)
    assert len(g.gradient) == 500
    assert str(g.gradient[0]) == "2*x_1 - 2" and str(g.gradient[499]) == "2*x_500 - 1000"
    text = "log(" + " + ".join(f"exp(x{i})" for i in range(1, 31)) + ")"
    h = hessian(text, simplify="basic")
    assert len(h.matrix) == 30 and all(len(r) == 30 for r in h.matrix)


def test_natural_variable_order():
    assert grad("x10 + x2 + x1").vars == ["x1", "x2", "x10"]
    assert grad("z + y + x + a").vars == ["x", "y", "z", "a"]


@pytest.mark.parametrize("text,at,kind", [
    ("x^2 + y^2", "x=0,y=0", "minimum"),
    ("x^2 - y^2", "x=0,y=0", "saddle"),
    ("-x^2 - y^2", "x=0,y=0", "maximum"),
    ("x^4 + y^4", "x=0,y=0", "inconclusive"),
    ("x^2 + 3x*y + y^2 + z^2", "x=0,y=0,z=0", "saddle"),
    ("(x-1)^2 + (y+2)^2 + 3", "x=1,y=-2", "minimum"),
    # singular, and indefinite all the same: a saddle, not "the test says nothing"
    ("x^2 - y^2 + z^4", "x=0,y=0,z=0", "saddle"),
    ("x*y + z^4", "x=0,y=0,z=0", "saddle"),  # no diagonal entry to start from
    ("x^2 + z^4", "x=0,z=0", "inconclusive"),  # singular and semidefinite
    ("-x^2 - (y - z)^2 + w^3", "x=0,y=0,z=0,w=0", "inconclusive"),
    # small entries in doubles: definite (its leading minor 4e-14 fell under the tolerance)
    ("sin(1e-7)*(x^2 + y^2)", "x=0,y=0", "minimum"),
])
def test_hessian_classification(text, at, kind):
    assert hessian(text, at=at).classification == kind


def test_not_a_critical_point():
    h = hessian("x^2 + y", at="x=0,y=0")
    assert h.classification is None


@pytest.mark.parametrize("text,at,kind", [
    ("1e-13 x + x^2 + y^2", "x=0,y=0", None),  # the gradient is exactly 1e-13, not 0
    ("x/10000000000000 + y^2 - x^2", "x=0,y=0", None),
    ("x^2 + y^2", "x=1e-13,y=0", None),
    ("sin(x) + y^2", "x=pi/2,y=0", "saddle"),  # cos(pi/2) is exactly 0
])
def test_a_critical_point_is_decided_exactly_where_the_gradient_is_exact(text, at, kind):
    assert hessian(text, at=at).classification == kind


def test_at_gives_exact_and_decimal():
    g = grad("x^2*y + sin(y)", at="x=1,y=0")
    assert [str(v) for v in g.values] == ["0", "2"]
    assert g.floats == [0.0, 2.0]
    g = grad("x/y", at="x=1,y=3")
    assert [str(v) for v in g.values] == ["1/3", "-1/9"]


@pytest.mark.parametrize("seed", range(10))
def test_let_equals_derivative_of_substituted(seed):
    rng = random.Random(200 + seed)
    outer = random_function(rng, ["u", "v"], 2)
    lets = [f"u={random_function(rng, ['t'], 1)}", f"v={random_function(rng, ['t', 'u'], 1)}"]
    d = derive(outer, ["t"], lets=lets)
    t = sympy.Symbol("t")
    u_expr = to_sympy(parse(lets[0][2:]).expr, rewrite_activations=True)
    v_expr = to_sympy(parse(lets[1][2:]).expr, rewrite_activations=True).subs(
        sympy.Symbol("u"), u_expr)
    f = to_sympy(parse(outer).expr, rewrite_activations=True).subs(
        {sympy.Symbol("u"): u_expr, sympy.Symbol("v"): v_expr})
    assert same(sympy.diff(f, t), to_sympy(d.result, rewrite_activations=True))


def test_let_chain_step_shows_every_factor():
    d = derive("u^2*v", ["t"], lets=["u=cos t", "v=sin t"])
    root = d.parts[0].step
    assert root.rule == "multivariable-chain"
    assert [s.var for s in root.substeps] == ["u", "t", "v", "t"]


@pytest.mark.parametrize("lets", [
    ["u=u+1"], ["u=v", "v=u"], ["u=v", "v=w", "w=u"], ["u"], ["2=x"], ["u=sin("], ["u="],
    ["u=x", "u=y"],
])
def test_bad_lets_are_clean_errors(lets):
    with pytest.raises(CalcdiffError):
        derive("u^2", ["x"], lets=lets)


def test_a_definitions_arguments_are_the_variables():
    """``L(w) = (w x - y)^2`` is a function of w (x and y are data): derive goes by w, and
    grad and hessian take ``f(w, b)``'s arguments, the others held constant, with a note."""
    d = derive("L(w) = (w x - y)^2")
    assert d.wrt == ("w",) and str(d.result) == "2*w*x**2 - 2*x*y"
    assert any("the argument of the definition" in m for m in d.reading.note_messages())
    g = grad("f(w, b) = (w x + b - y)^2")
    assert g.vars == ["w", "b"]
    assert [str(e) for e in g.gradient] == ["2*b*x + 2*w*x**2 - 2*x*y", "2*b + 2*w*x - 2*y"]
    assert any(n.startswith("the variables are the definition's arguments, w, b; x, y are")
               for n in g.reading.note_messages())
    assert [[str(e) for e in row] for row in hessian("f(w, b) = (w x + b - y)^2").matrix] == [
        ["2*x**2", "2*x"], ["2*x", "2"]]
    assert grad("f(w, b) = (w x + b - y)^2", wrt=["x"]).vars == ["x"]  # --wrt still decides
    assert derive("L(w) = (w x - y)^2", ["x"]).wrt == ("x",)



def test_the_at_order_orders_the_gradient_and_the_direction():
    # --at w=1,b=1 --direction 1,0 is along w, as descend and newton take their --from order
    r = CliRunner().invoke(main, ["grad", "w^2 + 2b^2", "--at", "w=1,b=1", "--direction", "1,0",
                                  "--no-steps", "-f", "json"])
    assert r.exit_code == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["vars"] == ["w", "b"] and out["gradient"] == ["2*w", "4*b"]
    assert out["directional"] == "2" and out["direction"] == ["1", "0"]
    # a point that leaves a variable out, or --vars, keeps the usual order
    r = CliRunner().invoke(main, ["grad", "w^2 + 2b^2", "--vars", "b,w", "--at", "w=1,b=1",
                                  "--no-steps", "-f", "json"])
    assert json.loads(r.stdout)["vars"] == ["b", "w"]


@pytest.mark.parametrize("args,expected", [
    (["grad", "w^2 + 2b^2", "--vars", "b,w"], "At b = 1, w = 1: (4, 2)"),
    (["hessian", "w^2 b + 3b^2", "-x", "b", "-x", "w"], "At b = 1, w = 1:\n  [ 6  2 ]"),
    (["jacobian", "w^2 b", "w+b", "-x", "b", "-x", "w"], "At b = 1, w = 1:\n  [ 1  2 ]"),
])
def test_values_print_under_the_point_in_the_order_of_their_variables(args, expected):
    """--vars b,w --at w=1,b=1: the values (∂f/∂b, ∂f/∂w) print under "At b = 1, w = 1",
    not under the point as typed (which read as ∂f/∂w = 4)."""
    r = CliRunner().invoke(main, args + ["--at", "w=1,b=1", "--no-steps", "-f", "text"])
    assert r.exit_code == 0, r.stderr
    assert expected in r.stdout


@pytest.mark.parametrize("args,expected", [
    (["derive", "weight^2", "--at", "weight=2"], "At weight = 2: 4"),
    (["grad", "(weight*x - 3)^2", "--at", "weight=1,x=2"], "At weight = 1, x = 2: (-4, -2)"),
    (["tangent", "speed^2", "--at", "speed=3"], "Tangent line: y = 6*speed - 9"),
])
def test_a_name_the_point_gives_a_value_is_one_variable(args, expected):
    r = CliRunner().invoke(main, args + ["--no-steps"] if args[0] != "tangent" else args)
    assert r.exit_code == 0, r.stderr
    assert expected in r.stdout


def test_the_jacobian_takes_the_at_order_too():
    r = CliRunner().invoke(main, ["jacobian", "x*y", "x + y^2", "--at", "y=1,x=2", "--no-steps",
                                  "-f", "json"])
    out = json.loads(r.stdout)
    assert out["vars"] == ["y", "x"]


@pytest.mark.parametrize("written", [
    "(x y, x + y^2)", "[x y, x + y^2]", "⟨x y, x + y^2⟩", "<x y, x + y^2>", "x y, x + y^2",
    r"\left( x y, x + y^2 \right)", "F(x, y) = (x y, x + y^2)", "F = [x y, x + y^2]",
    "((x y, x + y^2))",
])
def test_the_jacobian_of_one_vector_written_whole(written):
    """A vector function written as one argument, as a textbook writes it, is its rows."""
    r = CliRunner().invoke(main, ["jacobian", written, "--no-steps", "-f", "json"])
    assert r.exit_code == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["expr"] == ["x*y", "x + y**2"]
    assert out["matrix"] == [["y", "x"], ["1", "2*y"]]
    assert any("read as a function of 2 components" in n for n in out["notes"][0])


def test_a_vector_s_definition_names_the_columns_in_its_order():
    r = CliRunner().invoke(main, ["jacobian", "F(y, x) = (x y, x + y^2)", "--no-steps",
                                  "-f", "json"])
    assert json.loads(r.stdout)["vars"] == ["y", "x"]


def test_one_function_with_commas_inside_brackets_stays_one_row():
    r = CliRunner().invoke(main, ["jacobian", "log(x, 2) + max(x, y)", "--no-steps", "-f",
                                  "json"])
    assert r.exit_code == 0, r.stderr
    assert len(json.loads(r.stdout)["matrix"]) == 1


def test_a_bad_component_is_shown_in_the_whole_argument():
    r = CliRunner().invoke(main, ["jacobian", "F(x, y) = (x^2 +, y)", "--no-steps"])
    assert r.exit_code == 1
    assert r.stderr.splitlines()[:3] == [
        "error: the expression ends after '+': a term is missing",
        "  F(x, y) = (x^2 +, y)",
        "                  ^",
    ]


def test_inertia_counts_eigenvalue_signs_exactly():
    from fractions import Fraction

    from calcdiff.commands.multivar import _inertia

    def counts(rows):
        return _inertia([[Fraction(v) for v in row] for row in rows], 0)

    assert counts([[0, 1], [1, 0]]) == (1, 1)  # eigenvalues 1 and -1
    assert counts([[1, 2], [2, 4]]) == (1, 0)  # 5 and 0
    assert counts([[0, 0, 1], [0, 0, 0], [1, 0, 0]]) == (1, 1)
    assert counts([[2, 0, 0], [0, -2, 0], [0, 0, 0]]) == (1, 1)
    assert counts([[0, 0], [0, 0]]) == (0, 0)


@pytest.mark.parametrize("fmt, shown", [("text", "Check:    3 of 3 steps ok"),
                                        ("markdown", "**Check:** 3 of 3 steps ok"),
                                        ("rich", "Check:    3 of 3 steps ok")])
@pytest.mark.parametrize("steps", ["--steps", "--no-steps"])
def test_a_matrix_check_is_shown_in_every_format(fmt, shown, steps):
    """hessian --check printed its reports in rich with steps only (text and Markdown had none,
    JSON without steps dropped them)."""
    r = CliRunner().invoke(main, ["hessian", "x^2 y", "--check", steps, "-f", fmt],
                           env={"COLUMNS": "100"})
    assert r.exit_code == 0, r.output
    assert shown in r.stdout


def test_a_matrix_check_without_steps_is_in_json():
    r = CliRunner().invoke(main, ["jacobian", "x y", "x+y", "--check", "--no-steps", "-f",
                                  "json"])
    checks = json.loads(r.stdout)["checks"]
    assert [[c["ok"] for c in row] for row in checks] == [[True, True], [True, True]]


@pytest.mark.parametrize("args, gradient", [
    (["grad", "w^2 + λ w", "--vars", "w,λ"], ["lamda + 2*w", "w"]),
    (["grad", "w^2 + lambda w", "--vars", "w lambda"], ["lamda + 2*w", "w"]),
    (["grad", "θ^2 x", "--vars", "θ,x"], ["2*theta*x", "theta**2"]),
    (["grad", "w₁^2 w₂", "--vars", "w₁,w₂"], ["2*w_1*w_2", "w_1**2"]),
    (["grad", "ŷ^2 y", "--vars", "ŷ,y"], ["2*y*y_hat", "y_hat**2"]),
])
def test_a_declared_variable_is_the_one_the_expression_spells(args, gradient):
    """--vars w,λ declared λ, which the expression reads as lamda: ∂/∂λ was 0 (and the
    Hessian's mixed entry), exit 0."""
    r = CliRunner().invoke(main, [*args, "-f", "json", "--no-steps"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["gradient"] == gradient and "does not occur" not in r.stderr
    r = CliRunner().invoke(main, ["hessian", *args[1:], "-f", "json", "--no-steps"])
    assert "0" not in json.loads(r.stdout)["matrix"][0][1:]


def test_a_declared_greek_parameter_trains():
    r = CliRunner().invoke(main, ["descend", "(θ-1)^2", "--vars", "θ", "--from", "θ=0",
                                  "-f", "json", "--no-steps"])
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(main, ["backprop", "(w₁ x - 1)^2", "--at", "w₁=0.5,x=2",
                                  "--params", "w₁", "--lr", "0.1", "-f", "text"])
    assert r.exit_code == 0 and "w_1 ← 0.5" in r.stdout
    import calcdiff

    g = calcdiff.grad("w^2 + λ w", vars="w,λ")  # the API's vars as the option's
    assert [str(e) for e in g.gradient] == ["lamda + 2*w", "w"]


def test_every_hessians_json_says_it_is_symmetric():
    """A 1×1 Hessian (nothing mixed) left "symmetric" out; the others had it."""
    r = CliRunner().invoke(main, ["hessian", "x^3", "-f", "json", "--no-steps"])
    assert json.loads(r.stdout)["symmetric"] is True


def test_a_hessian_at_a_point_shows_its_decimals():
    """Text, rich and LaTeX showed only 2 + 2*e, e, …: grad gives its decimals beside."""
    r = CliRunner().invoke(main, ["hessian", "exp(x) y + x^2", "--at", "x=1,y=2", "-f", "text",
                                  "--no-steps"])
    assert "≈\n  [ 7.43656365692  2.71828182846 ]\n  [ 2.71828182846  0             ]" \
        in r.stdout
    r = CliRunner().invoke(main, ["hessian", "x^2 y", "--at", "x=1,y=2", "-f", "text",
                                  "--no-steps"])
    assert "≈" not in r.stdout  # whole numbers show themselves
    r = CliRunner().invoke(main, ["hessian", "exp(x) y + x^2", "--at", "x=1,y=2", "-f",
                                  "markdown", "--no-steps"])
    assert r"\approx \begin{bmatrix}7.43656365692 & 2.71828182846" in r.stdout


def test_a_gradients_point_can_end_its_text():
    """grad "x^2 y at (1, 2)" said "unexpected ','", and "… at x = 1, y = 2" "unexpected
    character '='": a textbook's gradient at a point is written so."""
    def run(*args):
        return CliRunner().invoke(main, [*args, "-f", "json", "--no-steps"])

    words = json.loads(run("grad", "x^2 y at x = 1, y = 2").stdout)
    assert words["value"] == ["4", "1"] and words["at"] == {"x": "1", "y": "2"}
    assert words["input"] == "x^2 y at x = 1, y = 2"
    coords = json.loads(run("grad", "y^3 + x^2 y at (1, 2)").stdout)  # the variables in order
    assert coords["value"] == ["4", "13"]
    assert "at (1, 2) read as the point --at x=1,y=2 (the gradient's variables in order)" \
        in coords["notes"]
    assert json.loads(run("grad", "f(b, a) = a^2 b at (1, 2)").stdout)["at"] == {"b": "1", "a": "2"}
    h = json.loads(run("hessian", "x^3 y at (1, 2)").stdout)
    assert h["at"] == {"x": "1", "y": "2"} and h["value"] == [["12", "3"], ["3", "0"]]
    over = json.loads(run("grad", "x^2 y at (1, 2)", "--at", "y=5").stdout)
    assert over["value"] == ["4", "1"]
    assert any("--at y on the command line is not used" in n for n in over["notes"])
    r = CliRunner().invoke(main, ["grad", "x^2 y + z at (1, 2)", "-f", "text"])
    assert r.exit_code == 1
    assert r.stderr == ("error: the point has 2 coordinates, and the gradient 3 variables "
                        "(x, y, z)\n  x^2 y + z at (1, 2)\n               ^^^^^^\n"
                        "hint: write at x = …, y = …, z = …, one value for each\n")
    r = CliRunner().invoke(main, ["grad", "d/dx x^2 y at x = 1"])
    assert r.exit_code == 1 and "takes the function itself" in r.stderr


@pytest.mark.parametrize("command, text, key, answer", [
    # it said "'gradient' is a word of a request … give the expression alone to calcdiff grad"
    ("grad", "gradient of x^2 y", "gradient", ["2*x*y", "x**2"]),
    ("grad", "find the gradient of f(x,y) = x^2 y", "gradient", ["2*x*y", "x**2"]),
    ("grad", "Grad x^2 y", "gradient", ["2*x*y", "x**2"]),
    ("hessian", "Hessian of x^3 y", "matrix", [["6*x*y", "3*x**2"], ["3*x**2", "0"]]),
    ("hessian", "find the Hessian matrix of f(x, y) = x^3 y", "matrix",
     [["6*x*y", "3*x**2"], ["3*x**2", "0"]]),
    ("jacobian", "Jacobian of (x y, x + y)", "matrix", [["y", "x"], ["1", "1"]]),
])
def test_a_commands_own_request_words_before_its_function(command, text, key, answer):
    r = CliRunner().invoke(main, [command, text, "-f", "json", "--no-steps"])
    assert r.exit_code == 0, r.stderr
    out = json.loads(r.stdout)
    assert out[key] == answer
    notes = out["notes"][0] if command == "jacobian" else out["notes"]
    assert any("read as the request" in n for n in notes)


def test_an_error_after_the_request_words_points_into_the_whole_input():
    r = CliRunner().invoke(main, ["grad", "gradient of x^2 y +"])
    assert r.exit_code == 1
    assert r.stderr.splitlines()[1:3] == ["  gradient of x^2 y +", "                     ^"]


@pytest.mark.parametrize("command, text", [
    # the review: "grade", "gradients", "gradx" were read as the request words and a rest
    ("grad", "grade x^2"), ("grad", "gradients x"), ("grad", "gradx + y"),
    ("hessian", "hessians x^2 y"),
])
def test_a_longer_word_is_no_request_of_the_command(command, text):
    r = CliRunner().invoke(main, [command, text, "-f", "json", "--no-steps"])
    assert r.exit_code == 1 and "read as the request" not in r.stdout


def test_definitions_with_commas_are_no_vector():
    r = CliRunner().invoke(main, ["jacobian", "u = x y, v = x + y"])
    assert r.exit_code == 1 and "u = v" not in r.stderr


@pytest.mark.parametrize("text", ["(x y, x + y) at x = 1, y = 2",
                                  "Jacobian of (x y, x + y) at x = 1, y = 2"])
def test_a_jacobian_written_whole_takes_its_point_in_words(text):
    r = CliRunner().invoke(main, ["jacobian", text, "-f", "json", "--no-steps"])
    assert r.exit_code == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["at"] == {"x": "1", "y": "2"} and out["value"] == [["2", "1"], ["1", "1"]]
