"""Directional derivatives, gradient descent and backpropagation against plain Python,
SymPy and (where installed) PyTorch."""

from __future__ import annotations

import json
import math
import random

import pytest
import sympy
from click.testing import CliRunner

from calcdiff.cli import main
from calcdiff.commands.backprop import backprop
from calcdiff.commands.learn import descend
from calcdiff.commands.multivar import grad
from calcdiff.errors import CalcdiffError
from calcdiff.read.parser import parse
from calcdiff.sympy_bridge import to_sympy


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_descend_matches_plain_python_floats():
    d = descend("(w-2.3)^2", {"w": 9}, "0.075")
    w, lr = 9.0, 0.075
    for it in d.iterations:
        assert abs(it.point[0] - w) < 1e-12
        w = w - lr * (2 * (w - 2.3))
    assert d.converged and abs(d.final[0] - 2.3) < 1e-8


def test_descend_cli_json():
    r = run("descend", "(w-2.3)^2", "--from", "w=9", "--lr", "0.075", "-f", "json")
    obj = json.loads(r.stdout)
    assert obj["vars"] == ["w"] and obj["gradient"] == ["2*w - 4.6"]
    assert obj["iterations"][0] == {"k": 0, "point": [9.0], "value": pytest.approx(44.89),
                                    "gradient": [pytest.approx(13.4)],
                                    "step": [pytest.approx(-1.005)]}
    assert obj["converged"] is True and obj["final"][0] == pytest.approx(2.3, abs=1e-9)


def test_two_variable_quadratic_converges():
    d = descend("(x-1)^2 + 2(y+3)^2 + x*y/4", {"x": 0, "y": 0}, "0.1")
    x, y = sympy.symbols("x y")
    f = (x - 1) ** 2 + 2 * (y + 3) ** 2 + x * y / 4
    sol = sympy.solve([sympy.diff(f, x), sympy.diff(f, y)], [x, y])
    assert d.converged
    assert d.final[0] == pytest.approx(float(sol[x]), abs=1e-8)
    assert d.final[1] == pytest.approx(float(sol[y]), abs=1e-8)


def test_backprop_x_cubed():
    b = backprop("x^3", {"x": 3})
    assert str(b.gradient["x"]) == "27"
    r = run("backprop", "x^3", "--at", "x=3", "-f", "json")
    obj = json.loads(r.stdout)
    assert obj["nodes"][0] == {"id": "n1", "expr": "x**3", "op": "pow", "inputs": ["x"],
                               "value": "27", "value_float": 27.0, "local": {"x": "27"},
                               "local_float": {"x": 27.0}, "local_rules": {"x": "power"},
                               "grad": "1", "grad_float": 1.0, "delta": False}
    assert obj["gradient"] == {"x": "27"}


def test_backprop_update_past_the_doubles_is_an_error():
    """--lr 1e308 printed x ← 1 − 1e308·(2) = -inf, exit 0."""
    r = CliRunner().invoke(main, ["backprop", "x^2", "--at", "x=1", "--lr", "1e308",
                                  "-f", "text"])
    assert r.exit_code == 1 and "inf" not in r.stdout
    assert "error: the update x ← x − η·∂f/∂x = 1 − 1e+308·(2) overflows a double" in r.stderr
    assert "hint: take a smaller learning rate (--lr)" in r.stderr

def _random_expr(rng: random.Random, names, depth=3) -> str:
    """Expressions with shared sub-expressions (the same sub-term used several times)."""
    shared = f"({rng.choice(names)}*{rng.choice(names)} + {rng.randint(1, 3)})"
    atoms = list(names) + [shared, shared]
    def build(d):
        if d == 0:
            return rng.choice(atoms)
        op = rng.choice(["+", "-", "*", "/", "f", "^"])
        if op == "f":
            return f"{rng.choice(['sin', 'cos', 'exp', 'tanh', 'sigmoid'])}({build(d - 1)})"
        if op == "^":
            return f"({build(d - 1)})^2"
        if op == "/":
            return f"({build(d - 1)})/(1 + ({build(d - 1)})^2)"
        return f"({build(d - 1)} {op} {build(d - 1)})"
    return build(depth)


@pytest.mark.parametrize("seed", range(30))
def test_backprop_equals_sympy_gradient(seed):
    rng = random.Random(seed)
    names = [f"x{i}" for i in range(1, rng.randint(1, 6) + 1)]
    text = _random_expr(rng, names)
    point = {n: rng.choice([-2, -1, 1, 2, 3]) / rng.choice([1, 2]) for n in names}
    free = sorted(parse(text).expr.free)
    point = {k: v for k, v in point.items() if k in free}
    if not point:
        pytest.skip("no variables")
    b = backprop(text, point)
    fs = to_sympy(parse(text).expr, rewrite_activations=True)
    subs = {sympy.Symbol(k): sympy.nsimplify(v) for k, v in point.items()}
    for name in point:
        want = float(sympy.diff(fs, sympy.Symbol(name)).subs(subs).evalf())
        assert b.gradient_float[name] == pytest.approx(want, rel=1e-9, abs=1e-9)


def test_backprop_against_torch():
    torch = pytest.importorskip("torch")
    text = "sigmoid(w1*x1 + w2*x2 + b)"
    point = {"w1": 0.5, "x1": 2.0, "w2": -1.5, "x2": 0.25, "b": 0.1}
    b = backprop(text, point)
    tensors = {k: torch.tensor(v, dtype=torch.float64, requires_grad=True) for k, v in point.items()}
    out = torch.sigmoid(tensors["w1"] * tensors["x1"] + tensors["w2"] * tensors["x2"] + tensors["b"])
    out.backward()
    for k, t in tensors.items():
        assert b.gradient_float[k] == pytest.approx(t.grad.item(), rel=1e-12)


def test_backprop_with_lets_names_nodes():
    b = backprop("L", {"w": 0.5, "x": 2, "b": -1, "y": 1},
                 lets=["z=w*x+b", "a=sigmoid(z)", "L=(a-y)^2"])
    ids = [n.id for n in b.nodes]
    assert {"z", "a", "L"} <= set(ids)
    assert ids[-1] == "L"


def test_shared_nodes_are_shown_once_and_big_graphs_work():
    terms = " + ".join(f"sin(x*y + {i})*(x*y + {i})" for i in range(60))
    b = backprop(terms, {"x": 1, "y": 2})
    exprs = [str(n.expr) for n in b.nodes]
    assert len(exprs) == len(set(exprs))
    assert len(b.nodes) >= 180


@pytest.mark.parametrize("seed", range(15))
def test_directional_derivative_equals_sympy(seed):
    rng = random.Random(100 + seed)
    text = rng.choice(["x^2*y + sin(y)", "exp(x)*cos(y) + x*y^3", "ln(x^2 + y^2 + 1)",
                       "x*y*z + z^2", "sqrt(x^2 + y^2 + 4)"])
    names = sorted(parse(text).expr.free)
    point = {n: rng.randint(-3, 3) for n in names}
    direction = [rng.randint(-3, 3) for _ in names]
    if not any(direction):
        direction[0] = 1
    g = grad(text, at=point, direction=",".join(map(str, direction)))
    fs = to_sympy(parse(text).expr)
    subs = {sympy.Symbol(k): v for k, v in point.items()}
    gvec = [sympy.diff(fs, sympy.Symbol(n)).subs(subs) for n in names]
    norm = sympy.sqrt(sum(d * d for d in direction))
    want = sum(gi * di for gi, di in zip(gvec, direction)) / norm
    assert g.directional.directional_float == pytest.approx(float(want.evalf()), rel=1e-12,
                                                            abs=1e-12)
    assert sympy.simplify(to_sympy(g.directional.directional) - want) == 0


def test_zero_direction_is_a_clean_error():
    with pytest.raises(CalcdiffError):
        grad("x^2 + y", at={"x": 1, "y": 1}, direction="0,0")
    r = run("grad", "x^2 + y", "--at", "x=1,y=1", "--direction", "0,0")
    assert r.exit_code == 1 and "zero" in r.stderr and "Traceback" not in r.stderr


def test_descend_and_backprop_help_have_examples():
    for cmd in ("descend", "backprop"):
        assert "Example:" in run(cmd, "--help").stdout


def test_descend_bad_input():
    r = run("descend", "(w-2.3", "--from", "w=9")
    assert r.exit_code == 1 and r.stderr.startswith("error:")
    r = run("descend", "(w-2.3)^2", "--from", "v=9")
    assert r.exit_code == 1


def test_math_is_finite():
    assert math.isfinite(descend("x^2", {"x": 1}, "0.1").final[0])


@pytest.mark.parametrize("args,message", [
    (("backprop", "f(x) + x", "--at", "x=1"),
     'error: f(x) has no value at x = 1: f is an unknown function\n'
     'hint: define it, e.g. --let "f(x)=x^2"\n'),
    (("backprop", "f(x, y)*x", "--at", "x=1,y=2"),
     'error: f(x, y) has no value at x = 1, y = 2: f is an unknown function\n'
     'hint: define it, e.g. --let "f(x)=x^2"\n'),
    (("newton", "f(x) + x^2", "--from", "x=1"),
     "error: f(x) has no value at x = 1: f is an unknown function\n"
     "hint: write its formula in its place, e.g. x^2 for f(x)\n"),
    (("descend", "g'(w) + w^2", "--from", "w=1"),
     "error: g'(w) has no value at w = 1: g is an unknown function\n"
     "hint: write its formula in its place, e.g. x^2 for f(x)\n"),
])
def test_an_unknown_function_has_no_value_to_compute(args, message):
    # it was an internal error (KeyError) in every command that computes numbers
    r = run(*args)
    assert r.exit_code == 1
    assert r.stderr == message
    assert r.stdout == ""


def test_backprop_takes_a_function_definition():
    r = run("backprop", "f(x) + x", "--at", "x=2", "--let", "f(x)=x^3", "--no-steps",
            "-f", "json")
    assert r.exit_code == 0, r.stderr
    record = json.loads(r.stdout)
    assert record["gradient"] == {"x": "13"} and record["gradient_float"] == {"x": 13.0}


def test_backprop_refuses_a_value_for_a_defined_node():
    r = run("backprop", "z", "--let", "z=w*x", "--at", "w=2,x=3,z=5")
    assert r.exit_code == 1
    assert r.stderr == ("error: --at gives z a value, but --let defines it (z = w*x): its "
                        "value is computed from the others\nhint: leave z out of --at\n")


def test_descend_by_newtons_method_takes_tol_and_refuses_a_step_size():
    """--method newton stops at --tol (it used newton's own 1e-10: 23 steps for 8), and
    --lr or --momentum, which it ignored, are refused."""
    r = descend("x^4 + y^2", "x=2,y=1", method="newton", tol=1e-2)
    assert r.converged and len(r.steps) < 12
    r = CliRunner().invoke(main, ["descend", "x^4 - 2x^2 + y^2", "--from", "x=2,y=1",
                                  "--method", "newton", "--lr", "0.5"])
    assert r.exit_code == 1 and "--lr is for gradient descent" in r.stderr
    r = CliRunner().invoke(main, ["descend", "x^4", "--from", "x=1", "--method", "newton",
                                  "--momentum", "0.9"])
    assert r.exit_code == 1 and "--momentum is for gradient descent" in r.stderr


def test_backprop_says_an_unused_value_and_how_to_pass_a_kink():
    r = CliRunner().invoke(main, ["backprop", "w*x + b", "--at", "w=1,x=2,b=3,c=4"])
    assert r.exit_code == 0
    assert "c does not occur in w*x + b: its value is not used" in r.stdout
    assert "c = 4" not in r.stdout  # not listed in the forward pass
    r = CliRunner().invoke(main, ["backprop", "(relu(w*x+b) - y)^2", "--at", "w=0,x=1,b=0,y=1"])
    assert r.exit_code == 1 and "hint: a kink (relu at 0" in r.stderr
