"""Training over data (descend --data: full batch, minibatch, SGD; momentum and Adam) against
a plain float loop written here, honest stopping (saddle, maximum, divergence with its hint),
Newton's method, and backprop's decimals, δ, update step and central-difference check."""

from __future__ import annotations

import json
import math
import random
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from click.testing import CliRunner

from calcdiff.cli import main
from calcdiff.commands.backprop import backprop
from calcdiff.commands.data import parse_data
from calcdiff.commands.learn import descend
from calcdiff.commands.newton import newton
from calcdiff.commands.stationary import eigenvalues
from calcdiff.deriving.engine import Engine
from calcdiff.errors import CalcdiffError, DomainError
from calcdiff.read.parser import parse
from calcdiff.render import render
from calcdiff.sympy_bridge import to_sympy
from tests.strategies import exprs, textbook_exprs

POINTS = "x,y\n0,1.1\n1,2.9\n2,5.2\n3,7.1\n4,8.8\n5,11.2\n6,12.9\n7,15.1\n8,17.0\n9,18.8\n"


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture()
def points(tmp_path):
    path = tmp_path / "points.csv"
    path.write_text(POINTS)
    return str(path)


def _samples():
    rows = [line.split(",") for line in POINTS.strip().splitlines()[1:]]
    return [(float(x), float(y)) for x, y in rows]


def _reference(method, lr, epochs, batch, seed, beta=0.9, beta2=0.999, eps=1e-8):
    """The line fit w·x + b by (w·x + b − y)² averaged per batch, in plain floats."""
    data = _samples()
    n = len(data)
    w = b = 0.0
    vw = vb = mw = mb = 0.0
    t = 0
    rng = random.Random(seed)
    order = list(range(n))
    path = [(w, b)]
    for _ in range(epochs):
        if batch < n:
            rng.shuffle(order)
        for lo in range(0, n, batch):
            idx = order[lo:lo + batch]
            gw = sum(2 * (w * data[i][0] + b - data[i][1]) * data[i][0] for i in idx) / len(idx)
            gb = sum(2 * (w * data[i][0] + b - data[i][1]) for i in idx) / len(idx)
            if method == "gd":
                w, b = w - lr * gw, b - lr * gb
            elif method == "momentum":
                vw, vb = beta * vw + gw, beta * vb + gb
                w, b = w - lr * vw, b - lr * vb
            else:
                t += 1
                mw, mb = beta * mw + (1 - beta) * gw, beta * mb + (1 - beta) * gb
                vw, vb = beta2 * vw + (1 - beta2) * gw * gw, beta2 * vb + (1 - beta2) * gb * gb
                c1, c2 = 1 - beta ** t, 1 - beta2 ** t
                w -= lr * (mw / c1) / (math.sqrt(vw / c2) + eps)
                b -= lr * (mb / c1) / (math.sqrt(vb / c2) + eps)
            path.append((w, b))
    return path


@pytest.mark.parametrize("method,lr,batch,seed", [
    ("gd", "0.01", None, None), ("gd", "0.01", 1, 3), ("gd", "0.005", 4, 7),
    ("momentum", "0.002", None, None), ("momentum", "0.001", 3, 1),
    ("adam", "0.1", None, None), ("adam", "0.05", 2, 5)])
def test_iterates_equal_a_plain_float_loop(points, method, lr, batch, seed):
    d = descend("(w*x + b - y)^2", "w=0,b=0", lr, data=points, batch_size=batch, seed=seed,
                epochs=15, method=method)
    want = _reference(method, float(lr), 15, batch or 10, 0 if seed is None else seed)
    got = [tuple(it.point) for it in d.iterations]
    assert len(got) == len(want)
    for (w, b), (rw, rb) in zip(got, want):
        assert w == pytest.approx(rw, rel=1e-12, abs=1e-12)
        assert b == pytest.approx(rb, rel=1e-12, abs=1e-12)


def test_iterates_equal_numpy():
    np = pytest.importorskip("numpy")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "p.csv"
        path.write_text(POINTS)
        d = descend("(w*x + b - y)^2", "w=0,b=0", "0.01", data=str(path), epochs=20)
    data = np.array(_samples())
    theta = np.zeros(2)
    for it in d.iterations:
        assert it.point == pytest.approx(list(theta), rel=1e-12, abs=1e-12)
        r = theta[0] * data[:, 0] + theta[1] - data[:, 1]
        theta = theta - 0.01 * np.array([np.mean(2 * r * data[:, 0]), np.mean(2 * r)])


def test_iterations_with_data_are_refused(points):
    # -k 5 with --data was silently ignored: 100 epochs ran
    r = run("descend", "(w*x + b - y)^2", "--data", points, "--from", "w=0,b=0", "-k", "5")
    assert r.exit_code == 2
    assert r.stderr.splitlines()[-1] == (
        "Error: -k counts the iterations of a run without data; over --data the run is counted "
        "in epochs: give --epochs N (default 100)")


def test_full_batch_loss_per_epoch_falls_and_json_documents_it(points):
    r = run("descend", "(w*x + b - y)^2", "--data", points, "--from", "w=0,b=0", "--lr",
            "0.01", "--epochs", "30", "-f", "json", "--no-steps")
    assert r.exit_code == 0
    obj = json.loads(r.stdout)
    assert obj["schema"] == 2 and obj["method"] == "gd" and obj["lr"] == "0.01"
    assert obj["data"] == {"file": points, "columns": ["x", "y"], "samples": 10}
    assert obj["vars"] == ["w", "b"] and obj["batch_size"] == 10 and obj["epochs"] == 30
    losses = [e["loss"] for e in obj["epoch_losses"]]
    assert len(losses) == 31 and losses[-1] < losses[0] / 100
    assert obj["gradient"] == ["2*b*x + 2*w*x**2 - 2*x*y", "2*b + 2*w*x - 2*y"]


def test_text_shows_decimals_the_method_and_the_epoch_table(points):
    r = run("descend", "(w*x + b - y)^2", "--data", points, "--from", "w=0.5,b=0", "--lr",
            "0.01", "--method", "momentum", "--batch-size", "2", "--epochs", "3", "-f", "text",
            "--no-steps")
    assert r.exit_code == 0, r.output
    out = r.stdout
    assert "Gradient descent with momentum on θ = (w, b), η = 0.01, β = 0.9, from (0.5, 0)" \
        in out
    assert "minibatches of 2, 3 epochs, shuffled with seed 0" in out
    assert "v ← β·v + ∇L(θ)" in out and "θ ← θ − η·v" in out
    assert "epoch  loss" in out and "1/100" not in out


def test_saddle_point_is_said_so():
    d = descend("x^2 - y^2", "x=1,y=0", "0.1")
    assert d.converged and d.stationary.kind == "saddle"
    out = render(d, "text")
    assert "Stopped at a saddle point, not a minimum" in out and "Converged" not in out


def test_maximum_is_said_so():
    d = descend("-(x^2) - y^2", "x=0,y=0", "0.1")
    assert d.stationary.kind == "maximum"


def test_minimum_is_said_so():
    d = descend("(x-1)^2 + 2y^2", "x=0,y=1", "0.1")
    assert d.stationary.kind == "minimum" and "Converged to a minimum" in render(d, "text")


@pytest.mark.parametrize("lr,diverges", [("1.5", True), ("0.999", False), ("1.0001", True)])
def test_divergence_is_stopped_with_the_learning_rate_bound(lr, diverges):
    d = descend("(w-2.3)^2", "w=9", lr, iterations=5000)
    assert d.diverged is diverges
    if diverges:
        assert "lr < 2/L = 1," in d.hint and max(abs(it.point[0]) for it in d.iterations) < 1e8


def test_divergence_bound_uses_the_largest_eigenvalue():
    d = descend("x^2 + 3y^2", "x=1,y=1", "0.5")
    assert d.diverged and "lr < 2/L = 0.333333" in d.hint and "L = 6" in d.hint


def test_falling_forever_is_not_blamed_on_the_learning_rate():
    d = descend("-x^2", "x=1", "0.1")
    assert d.diverged and "decreases without bound" in d.hint


@pytest.mark.parametrize("f,start,lr,minimum", [
    ("x^2 - 200000x", "x=0", "0.1", 100000.0),  # f falls to -10^10 with shrinking steps
    ("x^4/10^12 - x^2", "x=1", "0.1", math.sqrt(5e11)),  # growing steps, then a minimum
    ("(x - 10^6)^2", "x=0", "0.1", 1e6),
])
def test_a_minimum_far_below_the_start_is_not_called_divergence(f, start, lr, minimum):
    d = descend(f, start, lr)
    assert d.converged and not d.diverged and d.stationary.kind == "minimum"
    assert d.final[0] == pytest.approx(minimum, rel=1e-9)


def test_bounded_iterates_that_raise_f_are_not_said_to_grow_without_bound():
    # x^4 - 2x^2 from 0.1 with lr 0.4 bounces chaotically in [-1.3, 1.3]; at the start the
    # curvature is negative (-3.88), so the Hessian gives no bound on lr
    d = descend("x^4 - 2x^2", "x=0.1", "0.4")
    assert d.diverged and max(abs(it.point[0]) for it in d.iterations) < 2
    text = render(d, "text")
    assert "Not converging: f rose above its starting value 10 steps in a row" in text
    assert "grew without bound" not in text
    assert d.hint == ("Try a smaller --lr (the Hessian at the start has no positive "
                      "eigenvalue, so it gives no bound)")


@pytest.mark.parametrize("lr,diverges", [("2.5", True), ("1.5", False), ("1.85", False)])
def test_the_momentum_bound_is_two_times_one_plus_beta_over_l(lr, diverges):
    # heavy ball on x^2 (L = 2, beta = 0.9): stable for lr < 2(1 + 0.9)/2 = 1.9
    d = descend("x^2", "x=1", lr, method="momentum", iterations=5000)
    assert d.diverged is diverges and d.converged is not diverges
    if diverges:
        assert "momentum is stable for lr < 2(1 + β)/L = 1.9," in d.hint


def test_every_k_and_variables_in_the_users_order():
    r = run("descend", "x^2 + y^2", "--from", "y=0.3,x=0.7", "--lr", "0.1", "--every", "10",
            "--no-steps", "-f", "text")
    rows = [line.split()[0] for line in r.stdout.splitlines() if line.startswith("  ")
            and line.split()[0].isdigit()]
    assert rows[:4] == ["0", "10", "20", "30"]
    assert "(y, x)" in r.stdout and "∇f = (∂f/∂y, ∂f/∂x)" in r.stdout
    d = descend("x^2 + y^2", "y=0.3,x=0.7", "0.1")
    assert d.vars == ["y", "x"] and d.start == [0.3, 0.7]


def test_data_errors_are_one_line():
    with pytest.raises(CalcdiffError, match="line 3: 'abc' is not a number"):
        parse_data("x,y\n1,2\n3,abc\n")
    with pytest.raises(CalcdiffError, match="2 values for 3 columns"):
        parse_data("x,y,z\n1,2\n")
    with pytest.raises(CalcdiffError, match="empty"):
        parse_data("\n# nothing\n")
    r = run("descend", "(w*x - y)^2", "--data", "/nonexistent/p.csv", "--from", "w=0")
    assert r.exit_code == 1 and "Traceback" not in r.output and "--data" in r.stderr


def test_a_name_that_is_neither_parameter_nor_column(points):
    r = run("descend", "(w*x + b - z)^2", "--data", points, "--from", "w=0,b=0")
    assert r.exit_code == 1 and "z is neither a parameter" in r.stderr


def test_batch_options_need_data():
    r = run("descend", "x^2", "--from", "x=1", "--batch-size", "2")
    assert r.exit_code == 1 and "need --data" in r.stderr


def test_eigenvalues_equal_sympy():
    rng = random.Random(5)
    for _ in range(10):
        n = rng.randint(1, 4)
        a = [[0] * n for _ in range(n)]
        for i in range(n):
            for j in range(i, n):
                a[i][j] = a[j][i] = rng.randint(-5, 5)
        want = sorted(float(sympy.re(sympy.N(v, 30))) for v, k in
                      sympy.Matrix(a).eigenvals().items() for _ in range(k))
        assert eigenvalues(a) == pytest.approx(want, abs=1e-9)


# ---------------------------------------------------------------------------------------------
# Newton's method


def test_newton_on_a_quadratic_takes_one_step():
    nt = newton("(x-1)^2 + 2(y+3)^2 + x*y/4", "x=0,y=0")
    x, y = sympy.symbols("x y")
    f = (x - 1) ** 2 + 2 * (y + 3) ** 2 + x * y / 4
    sol = sympy.solve([sympy.diff(f, x), sympy.diff(f, y)], [x, y])
    assert nt.converged and nt.steps[-1].k == 1
    assert nt.final == pytest.approx([float(sol[x]), float(sol[y])], abs=1e-12)
    assert nt.stationary.kind == "minimum"


def test_newton_one_variable_matches_the_formula():
    nt = newton("x^4 - 3x^2 + x", "x=2")
    x = 2.0
    for s in nt.steps:
        assert s.point[0] == pytest.approx(x, rel=1e-13)
        x -= (4 * x ** 3 - 6 * x + 1) / (12 * x ** 2 - 6)
    assert nt.converged and nt.stationary.kind == "minimum"


def test_newton_stops_on_a_singular_hessian():
    nt = newton("x^3 + y", "x=1,y=1")
    assert nt.singular and not nt.converged
    assert "singular" in render(nt, "text")


def test_newton_finds_a_saddle_and_says_so():
    nt = newton("x^2 - y^2", "x=1,y=1")
    assert nt.converged and nt.stationary.kind == "saddle"
    assert "saddle, not a minimum" in render(nt, "text")


def test_newton_near_a_singular_saddle_says_saddle():
    """x^2 - y^2 + z^4: the eigenvalue along z shrinks as the iterates creep to 0, but -2 and
    2 hold, so the point is a saddle whatever that one does (it used to say degenerate)."""
    nt = newton("x^2 - y^2 + z^4", "x=0.3,y=0.2,z=0.5")
    assert nt.converged and nt.stationary.kind == "saddle"
    assert "saddle, not a minimum" in render(nt, "text")


@pytest.mark.parametrize("expr,start", [("x^3", "x=1"), ("x^3", "x=-1"), ("x^3 + y^2", "x=1,y=1"),
                                        ("x^4", "x=1"), ("x^4 - y^2", "x=1,y=1")])
def test_newton_at_a_degenerate_point_claims_no_minimum(expr, start):
    """Newton's iterates creep towards a degenerate critical point (x³ has an inflection at
    0, not a minimum): the tiny eigenvalue at the last iterate changes too fast to classify."""
    nt = newton(expr, start)
    assert nt.converged and nt.stationary.kind == "degenerate"
    text = render(nt, "text")
    assert "second-derivative test says nothing" in text and "minimum after" not in text


def test_descend_stopping_near_an_inflection_claims_no_minimum():
    d = descend("x^3", "x=1", tol=1e-3)
    assert d.converged and d.stationary.kind == "degenerate"


@pytest.mark.parametrize("expr,start,kind", [
    ("x^4 + x^2", "x=1", "minimum"), ("exp(x) + exp(-x)", "x=1", "minimum"),
    ("sin(x)", "x=1", "maximum"), ("-x^2 - y^2 + x*y", "x=1,y=2", "maximum"),
    ("(x-1)^2 + 10(y-x^2)^2", "x=0,y=0", "minimum")])
def test_newton_still_classifies_a_clear_point(expr, start, kind):
    assert newton(expr, start).stationary.kind == kind


def test_descend_method_newton_is_newton():
    r = run("descend", "x^2 - y^2", "--from", "x=1,y=1", "--method", "newton", "-f", "json")
    assert json.loads(r.stdout)["stopped_at"]["kind"] == "saddle"


# ---------------------------------------------------------------------------------------------
# backprop

NET = ["z1=w11*x1+w12*x2+b1", "h1=sigmoid(z1)", "z2=w21*x1+w22*x2+b2", "h2=sigmoid(z2)",
       "z3=v1*h1+v2*h2+c", "o=sigmoid(z3)", "L=(o-y)^2"]
NET_AT = ("x1=0.5,x2=-1,w11=0.1,w12=0.2,b1=0,w21=-0.3,w22=0.4,b2=0.1,v1=0.7,v2=-0.2,c=0,"
          "y=1")


def test_two_layer_network_equals_sympy_and_keeps_the_let_names():
    b = backprop("L", NET_AT, lets=NET, lr="0.5", params="w11,v1,c", check=True)
    ids = [n.id for n in b.nodes]
    assert {"z1", "h1", "z2", "h2", "z3", "o", "L"} <= set(ids)
    assert [n.id for n in b.nodes if n.delta] == ["z1", "z2", "z3"]
    expanded = "(sigmoid(v1*sigmoid(w11*x1+w12*x2+b1)+v2*sigmoid(w21*x1+w22*x2+b2)+c)-y)^2"
    fs = to_sympy(parse(expanded).expr, rewrite_activations=True)
    point = dict(kv.split("=") for kv in NET_AT.split(","))
    subs = {sympy.Symbol(k): sympy.nsimplify(v) for k, v in point.items()}
    for name in point:
        want = float(sympy.diff(fs, sympy.Symbol(name)).subs(subs).evalf(30))
        assert b.gradient_float[name] == pytest.approx(want, rel=1e-12, abs=1e-15)
    assert [u.name for u in b.updates] == ["w11", "v1", "c"]
    for u in b.updates:
        assert u.new == pytest.approx(float(point[u.name]) - 0.5 * b.gradient_float[u.name])
    assert all(ok for _, _, ok in b.check)
    out = render(b, "text")
    assert len(out) < 8000 and "δ_z3 = ∂f/∂z3 ≈ -0.2161287596" in out
    assert "w11 ← 0.1 − 0.5·(-0.01880528824) = 0.1094026441" in out


def test_backprop_decimals_beside_exact_values():
    r = run("backprop", "sigmoid(w*x + b)", "--at", "w=0.5,x=2,b=0.25", "-f", "text")
    assert "w = 0.5, x = 2, b = 0.25" in r.stdout
    assert "sigmoid(1.25) ≈ 0.7772998612" in r.stdout and "1/2" not in r.stdout


def test_backprop_update_and_check_in_json():
    r = run("backprop", "(w*x - y)^2", "--at", "w=0.5,x=2,y=3", "--lr", "0.1", "--params",
            "w", "--check", "-f", "json")
    obj = json.loads(r.stdout)
    assert obj["schema"] == 2 and obj["lr"] == "0.1"
    assert obj["updates"] == [{"param": "w", "value": 0.5, "grad": -8.0, "new": 1.3}]
    assert [c["ok"] for c in obj["check"]] == [True, True, True]
    bad = run("backprop", "x^2", "--at", "x=1", "--lr", "0.1", "--params", "q")
    assert bad.exit_code == 1 and "--params names q" in bad.stderr


# ---------------------------------------------------------------------------------------------
# every new result in every format; LaTeX compiles


def _results(points):
    return {"data": descend("(w*x + b - y)^2", "w=0,b=0", "0.01", data=points, epochs=40,
                            method="adam"),
            "saddle": descend("x^2 - y^2", "x=1,y=0", "0.1", every=5),
            "diverged": descend("(w-2.3)^2", "w=9", "1.5"),
            "three": descend("x^2 + y^2 + z^2 + x*y", "x=1,y=2,z=3", "0.1"),
            "newton": newton("x^2 - y^2 + x*y", "x=1,y=1"),
            "newton1": newton("x^4 - 3x^2 + x", "x=2"),
            "backprop": backprop("L", NET_AT, lets=NET, lr="0.5", check=True)}


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "latex", "rich"])
def test_every_new_result_renders(points, fmt):
    for obj in _results(points).values():
        out = render(obj, fmt)
        assert out and "Traceback" not in str(out)


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed")
def test_latex_compiles(points):
    for name, obj in _results(points).items():
        with tempfile.TemporaryDirectory() as tmp:
            tex = Path(tmp) / "doc.tex"
            tex.write_text(render(obj, "latex"), encoding="ascii")
            proc = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error",
                                   "-no-shell-escape", "doc.tex"], cwd=tmp, capture_output=True,
                                  text=True, timeout=120, encoding="latin-1")
            assert proc.returncode == 0, (name, [line for line in proc.stdout.splitlines()
                                                 if line.startswith("!")])


def test_newton_running_away_is_not_convergence():
    nt = newton("ln(x)", "x=1")
    assert nt.diverged and not nt.converged and "run away" in render(nt, "text")


def test_backprop_where_a_local_derivative_is_undefined_says_which_in_the_graphs_names():
    with pytest.raises(CalcdiffError) as info:
        backprop("relu(w x + b)", "w=1,x=0,b=0")
    assert info.value.message == (
        "the local derivative ∂n3/∂n2 of n3 = relu(n2) is undefined at the point (n2 = 0): "
        "heaviside(n2) is undefined here")
    with pytest.raises(CalcdiffError) as info:
        backprop("1/x", "x=0")
    assert info.value.message == "1/x is undefined at the point: division by zero"


@pytest.mark.parametrize("tol", ["nan", "-1"])
def test_a_tolerance_that_can_never_be_met_is_a_usage_error(tol):
    for command in ("descend", "newton"):
        r = CliRunner().invoke(main, [command, "x^2", "--from", "x=1", "--tol", tol])
        assert r.exit_code == 2 and "Invalid value for '--tol'" in r.output


@pytest.mark.parametrize("command,f,start", [
    (descend, "exp(x)", "x=-30"), (newton, "exp(x)", "x=-30"), (descend, "sigmoid(x)", "x=-30"),
    (newton, "sigmoid(x)", "x=-30"), (descend, "1/x", "x=100000"),
    (descend, "atan(x)", "x=-100000"), (descend, "exp(x) + exp(y)", "x=-30,y=-31")])
def test_a_vanishing_gradient_far_from_any_critical_point_is_a_flat_region(command, f, start):
    # f′ and f″ are both below the tolerances there, but the Newton step to where f′ would
    # vanish is long: no critical point is near (exp has none at all)
    r = command(f, start)
    assert r.converged and r.stationary.kind == "flat"
    assert "Stopped on a flat region, not at a critical point, after 0" in render(r, "text")


@pytest.mark.parametrize("f,start,kind", [("x^4", "x=1", "degenerate"),
                                          ("x^2 - 2x", "x=3", "minimum")])
def test_a_critical_point_reached_is_still_one(f, start, kind):
    r = newton(f, start)
    assert r.converged and r.stationary.kind == kind


@pytest.mark.parametrize("args,answer", [
    (["descend", "(weight - 3)^2", "--from", "weight=0"], "at 3:"),
    (["newton", "(weight - 3)^2", "--from", "weight=0"], "at 3:"),
    (["descend", "(w*size - price)^2", "--data", "{size}", "--from", "w=0"], "at 2:"),
    (["descend", "(w*size - price)^2", "--data", "{size}", "--from", "w=0", "--vars",
      "w,size,price"], "at 2:"),
    (["descend", "(w*x - y)^2", "--data", "{bom}", "--from", "w=0"], "at 2:"),
])
def test_names_given_values_are_read_as_names(tmp_path, args, answer):
    # a name that --from (or --at) gives a value, or a column of the data, is one variable,
    # not a product of its letters; a spreadsheet's byte-order mark is not part of a name
    size = tmp_path / "size.csv"
    size.write_text("size,price\n1,2\n2,4\n", encoding="utf-8")
    bom = tmp_path / "bom.csv"
    bom.write_text("\ufeffx,y\n1,2\n2,4\n", encoding="utf-8")
    args = [a.format(size=size, bom=bom) for a in args]
    r = CliRunner().invoke(main, args + ["--no-steps"])
    assert r.exit_code == 0, r.stderr
    assert "Converged to a minimum" in r.stdout and answer in r.stdout.replace("\n  ", " ")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(exprs(5), textbook_exprs(4)), st.floats(-3, 3), st.floats(-3, 3))
def test_a_float_program_computes_what_evaluate_does(e, x, y):
    # descend's loop runs a compiled program over the loss and its gradient: the same
    # doubles as evaluate, and the same error where evaluate raises one
    from calcdiff.algebra.evaluate import FloatProgram, evaluate
    d = Engine("x").d(e).result
    env = {"x": x, "y": y, "z": 0.5}
    try:
        want = [evaluate(e, env), evaluate(d, env)]
    except DomainError as exc:
        with pytest.raises(type(exc)):
            FloatProgram([e, d])(env)
        return
    got = FloatProgram([e, d])(env)
    assert got == want or all(math.isnan(a) and math.isnan(b) for a, b in zip(got, want))


@pytest.mark.parametrize("f,start,k,at", [
    ("(w - 1)^2 + 0.1*abs(w)", "w=0", 0, "abs(w) has no derivative where w = 0"),
    ("relu(x - 1) + relu(-x - 1)", "x=3", 4,
     "relu(x - 1) has no derivative where x - 1 = 0, at x = 1"),
])
def test_descent_at_a_kink_says_so(f, start, k, at):
    # it said the iterate "left the domain"; f is defined there, its gradient's formula not
    r = CliRunner().invoke(main, ["descend", f, "--from", start, "--lr", "0.5", "--no-steps"])
    assert r.exit_code == 1
    assert r.stderr.startswith(f"error: iteration {k} is at a kink: {at}: the gradient's "
                               "formula does not hold there\nhint: ")


def test_iterates_spreading_out_are_not_called_unbounded():
    # they settle into a cycle of two points, ±1.118: not "grew without bound"
    d = descend("sqrt(x^2 + 1)", "x=0.001", "3")
    assert d.diverged and d.divergence.startswith("Diverging: f rose and the iterates moved "
                                                  "further out 10 steps in a row")


def test_a_data_column_named_like_a_constant_or_function(tmp_path):
    # the column is the name where the expression does not apply or raise it: e*w uses the
    # column e, sin(w) the function
    path = tmp_path / "e.csv"
    path.write_text("e,y\n1,2\n2,4\n3,6\n", encoding="utf-8")
    d = descend("(e*w - y)^2", "w=0", "0.05", data=str(path))
    assert d.converged and d.final[0] == pytest.approx(2.0)
    path.write_text("x,y,sin\n1,2,0\n2,4,0\n", encoding="utf-8")
    d = descend("(sin(w*x) - y)^2", "w=0.1", "0.1", data=str(path), epochs=3)
    assert d.reading.plain == "(sin(w*x) - y)**2"


def test_a_stop_on_a_kink_is_not_classified_by_the_hessian():
    # sign(x) + x^2 at 0: the gradient 2x vanishes, but f jumps there (f(-e) ~ -1): not a
    # minimum, whatever the Hessian says
    d = descend("sign(x) + x^2", "x=0")
    assert d.converged and d.stationary.kind == "degenerate"
    assert d.stationary.reason.startswith("sign(x) has no derivative where x = 0")


def test_the_point_descent_stopped_at_takes_no_step():
    """Its step was printed 0 (JSON [0.0]), as if a step of zero had been taken there."""
    d = descend("(x-3)^2", "x=0", "0.1", 3)
    assert d.iterations[-1].step == [] and all(it.step for it in d.iterations[:-1])
    out = json.loads(render(d, "json"))
    assert out["iterations"][-1]["step"] is None
    assert render(d, "text").splitlines()[-3].rstrip().endswith("—")
