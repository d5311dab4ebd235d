"""Named shared sub-expressions: an answer whose printed form is far larger than its shared
structure prints with names (``where u1 = sin(x)``) in every format; ``--full`` prints it
whole; below the threshold nothing changes."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from click.testing import CliRunner
from hypothesis import given, settings, strategies as st

import calcdiff
from calcdiff.algebra.build import substitute
from calcdiff.cli import main
from calcdiff.read.parser import parse
from calcdiff.render import render
from calcdiff.tree import shared
from calcdiff.tree.nodes import Call, Sym


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def chain(depth: int, funcs=("sin",)) -> str:
    """f1(f2(…(x))) ``depth`` deep, the functions taken in turn."""
    names = [funcs[k % len(funcs)] for k in range(depth)]
    return "".join(f + "(" for f in names) + "x" + ")" * depth


@pytest.fixture
def low(monkeypatch):
    """A threshold low enough for a four-deep chain to cross it."""
    monkeypatch.setattr(shared, "NAMED_PAST", 5)
    monkeypatch.setattr(shared, "RATIO", 1)


SIN4 = "sin(sin(sin(sin(x))))"
HEAD = f"Input:    {SIN4}\nReading:  {SIN4}\n\n"


def test_text_names_the_shared_parts_under_the_answer(low):
    r = run("derive", SIN4, "-f", "text", "--no-steps")
    assert r.exit_code == 0
    assert r.output == HEAD + (
        "Result:   d/dx [sin(sin(sin(sin(x))))] = cos(x)*cos(u1)*cos(u2)*cos(sin(u2))\n"
        "Where:    u1 = sin(x)\n"
        "          u2 = sin(u1)\n")


def test_full_prints_every_expression_whole(low):
    r = run("derive", SIN4, "-f", "text", "--no-steps", "--full")
    assert r.exit_code == 0
    assert r.output == HEAD + (
        "Result:   d/dx [sin(sin(sin(sin(x))))]\n"
        "            = cos(x)*cos(sin(x))*cos(sin(sin(x)))*cos(sin(sin(sin(x))))\n")


def test_the_steps_use_the_same_names(low):
    out = run("derive", SIN4, "-f", "text").output
    assert "  d/dx [sin(sin(u2))]\n" in out
    assert "    with f = sin(u), g = sin(u2)\n" in out
    assert "  simplified: cos(x)*cos(u1)*cos(u2)*cos(sin(u2))\n" in out
    assert out.endswith("Where:    u1 = sin(x)\n          u2 = sin(u1)\n")


def test_json_where_field(low):
    r = run("derive", SIN4, "-f", "json", "--no-steps")
    assert r.exit_code == 0
    assert r.output == (
        '{"input": "sin(sin(sin(sin(x))))", "expr": "sin(sin(sin(sin(x))))", "notes": [], '
        '"wrt": ["x"], "order": 1, "raw": "cos(sin(u2))*(cos(u2)*(cos(u1)*cos(x)))", '
        '"derivative": "cos(x)*cos(u1)*cos(u2)*cos(sin(u2))", '
        '"where": [{"name": "u1", "expr": "sin(x)"}, {"name": "u2", "expr": "sin(u1)"}]}\n')
    whole = json.loads(run("derive", SIN4, "-f", "json", "--no-steps", "--full").output)
    assert "where" not in whole
    assert whole["derivative"] == "cos(x)*cos(sin(x))*cos(sin(sin(x)))*cos(sin(sin(sin(x))))"


def test_markdown_latex_and_rich_list_the_names(low):
    md = run("derive", SIN4, "-f", "markdown", "--no-steps").output
    assert (r"$$\frac{d}{dx}[\sin(\sin(\sin(\sin(x))))] = \cos(x) \cos(u_{1}) \cos(u_{2}) "
            r"\cos(\sin(u_{2}))$$") in md
    assert "where\n\n- $u_{1} = \\sin(x)$\n- $u_{2} = \\sin(u_{1})$\n" in md
    tex = run("derive", SIN4, "-f", "latex", "--no-steps").output
    assert ("&\\text{where }u_{1} = \\sin(x) \\\\\n"
            "&\\phantom{\\text{where }}u_{2} = \\sin(u_{1})\n") in tex
    rich = run("derive", SIN4, "-f", "rich", "--no-steps").output
    assert "Result   cos(x)·cos(u₁)·cos(u₂)·cos(sin(u₂))" in rich
    assert "Where    u₁ = sin(x)\n         u₂ = sin(u₁)\n" in rich


def test_a_gradient_and_a_hessian_share_one_naming(low):
    out = run("grad", "sin(sin(sin(x*y)))", "-f", "text", "--no-steps").output
    assert "Gradient: (y*u1*u3*u4, x*u1*u3*u4)\n" in out
    assert out.endswith("Where:    u1 = cos(x*y)\n          u2 = sin(x*y)\n"
                        "          u3 = cos(u2)\n          u4 = cos(sin(u2))\n")
    h = json.loads(run("hessian", "sin(sin(x*y))", "-f", "json", "--no-steps").output)
    assert h["matrix"][0][0] == "-y**2*u5"
    assert h["where"][-1] == {"name": "u5", "expr": "u1*u2 + u3*u4**2"}


def test_the_letter_never_clashes_with_a_variable(low):
    out = run("derive", "sin(sin(sin(sin(u1*x))))", "-x", "x", "-f", "json",
              "--no-steps").output
    names = [d["name"] for d in json.loads(out)["where"]]
    assert names and all(n.startswith("v") for n in names)


def test_batch_and_api_take_full(low, tmp_path):
    f = tmp_path / "in.txt"
    f.write_text(SIN4 + "\nx^2\n")
    lines = run("derive", "-i", str(f), "-f", "json", "--no-steps", "--full").output.splitlines()
    assert ["where" in json.loads(line) for line in lines] == [False, False]
    lines = run("derive", "-i", str(f), "-f", "json", "--no-steps").output.splitlines()
    assert ["where" in json.loads(line) for line in lines] == [True, False]
    assert "u1" not in render(calcdiff.derive(SIN4, full=True), "text")
    assert "u1" in render(calcdiff.derive(SIN4), "text")
    assert "u1" not in render(calcdiff.hessian("sin(sin(x*y))", full=True), "json")


def test_an_answer_that_shares_only_its_leaves_has_no_names():
    """Wide products repeat their letters far more than four times as often as there are
    nodes: the size rule alone would switch names on, and name nothing (an empty ``where``)."""
    from itertools import combinations

    f = " + ".join("*".join(c) + "*a^2" for c in combinations("bcdfghijk", 5))  # 126 terms
    out = json.loads(run("derive", f, "--wrt", "a", "-f", "json", "--no-steps").output)
    assert "where" not in out
    terms = out["derivative"].split(" + ")
    assert len(terms) == 126 and terms[0] == "2*a*b*c*d*f*g"


# -- the real threshold --------------------------------------------------------------------------


def expanded(answer: str, where: list[dict]):
    """The answer with every name replaced by its definition (each refers to earlier ones)."""
    defs: dict = {}
    for d in where:
        defs[d["name"]] = substitute(parse(d["expr"]).expr, defs)
    return substitute(parse(answer).expr, defs)


def test_a_forty_deep_chain_crosses_the_threshold_and_reads_back():
    text = chain(40)
    named = json.loads(run("derive", text, "-f", "json", "--no-steps").output)
    whole = json.loads(run("derive", text, "-f", "json", "--no-steps", "--full").output)
    assert len(named["where"]) == 38  # sin(x) … sin^38(x); the 39th has one use
    assert len(named["derivative"]) * 10 < len(whole["derivative"])
    assert expanded(named["derivative"], named["where"]) == parse(whole["derivative"]).expr
    assert expanded(named["raw"], named["where"]) == parse(whole["raw"]).expr


@settings(max_examples=4, deadline=None)
@given(st.lists(st.sampled_from(["sin", "exp"]), min_size=1, max_size=2), st.integers(32, 40))
def test_generated_chains_read_back_to_sympys_derivative(funcs, depth):
    import sympy

    from calcdiff.sympy_bridge import to_sympy

    text = chain(depth, ("sin", *funcs))  # a sin in every three: exp never overflows
    out = json.loads(run("derive", text, "-f", "json", "--no-steps").output)
    assert out.get("where")  # past the threshold
    x = sympy.Symbol("x")
    ours = sympy.lambdify(x, to_sympy(expanded(out["derivative"], out["where"])), "math")
    expected = sympy.lambdify(x, sympy.diff(to_sympy(parse(text).expr), x), "math")
    for point in (0.3, -0.7, 1.9):
        assert ours(point) == pytest.approx(expected(point), rel=1e-9, abs=1e-12)


def test_nothing_changes_below_the_threshold():
    for text in ("x^2 sin x", "sin(sin(sin(x)))", chain(20), "exp(x^2)/(1 + x)"):
        d = calcdiff.derive(text)
        for fmt in ("text", "json", "markdown", "latex"):
            d.full = False
            named = render(d, fmt)
            d.full = True
            assert render(d, fmt) == named, (text, fmt)
            assert "where" not in named.lower() or fmt == "json" and '"where"' not in named


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed")
def test_a_named_answer_compiles(tmp_path):
    doc = run("derive", chain(40, ("sin", "exp")), "-f", "latex").output
    assert r"\text{where }" in doc
    (tmp_path / "doc.tex").write_text(doc, encoding="ascii")
    proc = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error",
                           "-no-shell-escape", "doc.tex"], cwd=tmp_path, capture_output=True,
                          text=True, timeout=120, encoding="latin-1")
    assert proc.returncode == 0, proc.stdout[-2000:]


def test_the_measure_is_of_distinct_nodes():
    x = Sym("x")
    e = x
    for _ in range(30):
        e = Call("sin", (e,))
    s = Call("f", (e, e))
    assert shared.sizes([s]) == (1 + 2 * 31, 32)


@pytest.mark.parametrize("f", ["softplus(w1 x1 + w2 x2 + b)", "(sigmoid(w x + b) - y)^2"])
def test_equal_sub_expressions_of_separate_cells_share_one_name(f):
    # a Hessian's cells are simplified one by one: sigmoid(u1) was u2, u4, u5, u7 and u9
    r = CliRunner().invoke(main, ["hessian", f, "--no-steps", "-f", "json"])
    where = json.loads(r.stdout)["where"]
    definitions = [w["expr"] for w in where]
    assert len(definitions) == len(set(definitions)), definitions
    assert "sigmoid(u1)" in definitions
