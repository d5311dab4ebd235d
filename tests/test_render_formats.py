"""Every core command in every format through the one dispatch, the LaTeX of each compiled
with pdflatex, the simplification as the trace's last step, and Jupyter's statements."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from calcdiff.cli import main
from calcdiff.commands.check import check_derivation, check_result
from calcdiff.commands.differentiate import derive
from calcdiff.commands.explore import limit, tangent, taylor
from calcdiff.commands.backprop import backprop
from calcdiff.commands.learn import descend
from calcdiff.commands.multivar import grad, hessian, jacobian
from calcdiff.read.request import parse_request
from calcdiff.render import FORMATS, VIEWS, render, render_string
from calcdiff.render.latex import ROW_WIDTH
from calcdiff.render.latex_width import visual_len
from calcdiff.results import CheckReport, Derivation, Gradient, Matrix, Reading
from calcdiff.results_explore import LimitTable, Tangent, Taylor
from calcdiff.results_learn import Backprop, Descent

from .tex_structure import math_fragments, script_errors

PDFLATEX = shutil.which("pdflatex")

COMMANDS = {
    "parse": ["parse", "sin^-1 x", "2xy"],
    "derive": ["derive", "(x^2+1)/(x-1)", "--at", "x=2"],
    "derive-check": ["derive", "sin(x)^2", "--check"],
    "derive-order2": ["derive", "x^2*y^3", "-x", "x", "-x", "y"],
    "grad": ["grad", "x^2 + 3xy", "--at", "x=1,y=2", "--direction", "1,1"],
    "grad-check": ["grad", "x^2 y + sin(y)", "--check"],
    "hessian": ["hessian", "x^3 - 3x y^2", "--at", "x=0,y=0"],
    "jacobian": ["jacobian", "r cos(theta)", "r sin(theta)", "--vars", "r,theta"],
}


def _cli(args, fmt):
    r = CliRunner().invoke(main, args + ["-f", fmt], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    return r.stdout


@pytest.mark.parametrize("fmt", ["text", "markdown", "latex", "json", "rich"])
@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_core_command_in_every_format(name, fmt):
    out = _cli(COMMANDS[name], fmt)
    assert out.strip()
    if fmt == "json":
        for line in out.splitlines():
            json.loads(line)
    if fmt == "latex":
        assert out.startswith(r"\documentclass") and out.count(r"\documentclass") == 1, out
        assert "verbatim" not in out
    if name.endswith("check") and fmt != "json":
        assert "Check" in out


# names that carry a subscript of their own (w1 is w_{1}): a renderer that adds an index to a
# name must compose with it (the start of a descent printed w_{1}_0, "! Double subscript")
NAMES = "w1=1,theta_0=2,w_2=1"
SUBSCRIPTED = {
    "derive": ["derive", "(w1-3)^2 + theta_0^3 w_2", "-x", "w1", "--at", NAMES],
    "derive-order2": ["derive", "(w1-3)^3 theta_0", "-x", "theta_0", "-x", "w1"],
    "implicit": ["derive", "y1^2 + x_1^2 = 25", "-x", "x_1", "--dependent", "y1", "-n", "2",
                 "--at", "x_1=3,y1=4"],
    "grad": ["grad", "(w1-3)^2 + theta_0^3 w_2", "--at", NAMES, "--direction", "1,1,1"],
    "hessian": ["hessian", "w1^3 - 3 w1 theta_0^2 + w_2^2", "--at", "w1=0,theta_0=0,w_2=0"],
    "jacobian": ["jacobian", "w1^2 theta_0", "5 w1 + sin theta_0", "--at", "w1=1,theta_0=pi"],
    "tangent": ["tangent", "w1^3", "--at", "w1=1"],
    "taylor": ["taylor", "exp(w1)", "--at", "w1=0", "-n", "3"],
    "taylor-two": ["taylor", "exp(w1) cos(theta_0)", "--at", "w1=0,theta_0=0", "-n", "3"],
    "limit": ["limit", "w1^2", "--at", "w1=1"],
    "limit-partial": ["limit", "w1^2 theta_0", "--at", "w1=1,theta_0=2", "--wrt", "theta_0"],
    "limit-infinity": ["limit", "sin(w_2)/w_2", "--at", "w_2=oo"],
    "limit-one-sided": ["limit", "abs(w1)", "--at", "w1=0"],
    "descend": ["descend", "(w1-3)^2 + (w_2+1)^2 + theta_0^2", "--from", "w1=0,w_2=0,theta_0=1",
                "-k", "3"],
    "descend-momentum": ["descend", "(w1-3)^2 + (w0+1)^2", "--from", "w1=0,w0=0", "-k", "3",
                         "--method", "momentum"],
    "descend-adam": ["descend", "(w1-3)^2", "--from", "w1=0", "-k", "3", "--method", "adam"],
    "newton": ["newton", "(w1-3)^4 + w_2^2", "--from", "w1=0,w_2=1", "-k", "3"],
    "backprop": ["backprop", "relu(w1 x_1 + b_1) theta_0", "--at",
                 "w1=0.5,x_1=2,b_1=-0.5,theta_0=3", "--lr", "0.1", "--check"],
    "grade": ["grade", "w1^2 theta_0", "--answer", "(2 w1 theta_0, w1^3)"],
    "parse": ["parse", "w1 theta_0 + w_2"],
}


@pytest.mark.parametrize("name", sorted(SUBSCRIPTED))
def test_latex_of_subscripted_names_has_one_subscript_per_name(name):
    """Without TeX: braces balance and no name takes a second subscript, in the LaTeX
    document and in every math fragment of the Markdown."""
    args = SUBSCRIPTED[name]
    r = CliRunner().invoke(main, args + ["-f", "latex"], catch_exceptions=False)
    assert r.exit_code in (0, 1) and r.stdout, r.output  # grade: a wrong answer exits 1
    assert script_errors(r.stdout) == []
    r = CliRunner().invoke(main, args + ["-f", "markdown"], catch_exceptions=False)
    assert [e for f in math_fragments(r.stdout) for e in script_errors(f)] == []


def test_the_start_of_a_descent_is_an_iterate_of_each_name():
    tex = _cli(SUBSCRIPTED["descend"], "latex")
    assert r"&w_{1}^{(0)} = 0,\ w_{2}^{(0)} = 0,\ \theta_{0}^{(0)} = 1" in tex
    assert r"(m_0 = 0)" in _cli(SUBSCRIPTED["descend-adam"], "markdown")  # not a user name


# long numbers (the input takes 4,000 digits): 3,999 digits in one box stopped pdflatex with
# "Dimension too large"; 100 digits in a table cell ran 1,000 pt past the margin
N, NINES = "1" * 100, "9" * 3999
LONG = {
    "derive": ["derive", "x^" + NINES],
    "derive-at": ["derive", "x^2", "--at", "x=" + NINES, "--no-steps"],
    "derive-forms": ["derive", f"x/{N} + sqrt({N} x) + log(x, {N}) + {N}/(x+1) + abs(1/x+{N})",
                     "--no-steps"],
    "grad": ["grad", NINES + " x^3 y^2", "--at", "x=1,y=1"],
    "hessian": ["hessian", NINES + " x^3 y^2", "--at", "x=1,y=1", "--no-steps"],
    "jacobian": ["jacobian", NINES + " x", "y", "--no-steps"],
    "implicit": ["derive", f"x^{N} + y^2 = 2", "--at", "x=1,y=1", "-n", "2"],
    "tangent": ["tangent", N + " x^3", "--at", "x=1"],
    "taylor": ["taylor", N + " x^3", "--at", "x=1", "-n", "3"],
    "taylor-two": ["taylor", NINES + " x^3 y", "--at", "x=1,y=1", "-n", "2"],
    "limit": ["limit", N + " x^3", "--at", "x=1"],
    "newton": ["newton", N + " x^2", "--from", "x=1"],
    "backprop": ["backprop", N + " x", "--at", "x=1"],
    "grade": ["grade", NINES + " x", "--answer", NINES],
    "parse": ["parse", NINES + " x"],
}


def _latex_of(args: list[str]) -> str:
    r = CliRunner().invoke(main, args + ["-f", "latex"], catch_exceptions=False)
    assert r.stdout, r.output
    return r.stdout


@pytest.mark.parametrize("name", sorted(LONG))
def test_latex_never_prints_more_than_60_digits_without_a_break(name):
    """Without TeX: every run of digits longer than 60 is cut into groups; in math the groups
    sit where a row breaks (never in a superscript), in text a line may break between them."""
    tex = _latex_of(LONG[name])
    assert re.search(r"\d{61}", tex) is None
    assert re.search(r"[\^_]\{[^{}]*\d{10} \d", tex) is None


def _wider_than_the_page(tex: str) -> list[str]:
    """What TeX will not break and is wider than a row (ROW_WIDTH characters, with the
    indentation's slack): a display row, a row of a cell's array, a matrix entry, and math in
    a paragraph whose digit groups are no places to break."""
    wide = []
    for block in re.findall(r"\\begin\{align\*\}(.*?)\\end\{align\*\}", tex, re.S):
        wide += [row for row in block.split(" \\\\\n")
                 if r"\begin{" not in row and visual_len(row) > ROW_WIDTH + 16]
    for array in re.findall(r"\\begin\{array\}\{[^}]*\}(.*?)\\end\{array\}", tex, re.S):
        wide += [row for row in array.split("\\\\") if visual_len(row) > ROW_WIDTH + 8]
    for matrix in re.findall(r"\\begin\{[pb]matrix\}(.*?)\\end\{[pb]matrix\}", tex, re.S):
        wide += [cell for cell in re.split(r"\\\\|&", matrix) if visual_len(cell) > ROW_WIDTH + 8]
    wide += [math for math in re.findall(r"(?<!\$)\$([^$]+)\$(?!\$)", tex)
             if r"\begin{array}" not in math and re.search(r"\d{10} \d", math)]
    return [w[:80] for w in wide]


@pytest.mark.parametrize("name", sorted(LONG))
def test_long_numbers_go_on_in_rows_where_tex_breaks_nothing(name):
    """Without TeX: TeX breaks no display row and no cell; what is too wide is broken into
    rows by the views (in an align*, in a cell's array), and math in a paragraph gets a
    place to break between digit groups."""
    assert _wider_than_the_page(_latex_of(LONG[name])) == []


def _overfull(log: str) -> float:
    """The widest line past the margin in a pdflatex log, in points."""
    return max((float(w) for w in re.findall(r"Overfull \\hbox \(([\d.]+)pt", log)), default=0.0)


@pytest.mark.skipif(PDFLATEX is None, reason="pdflatex is not installed")
@pytest.mark.parametrize("name", sorted(COMMANDS) + [f"subscripted-{k}" for k in SUBSCRIPTED]
                         + [f"long-{k}" for k in LONG])
def test_latex_of_every_core_command_compiles(name):
    if name.startswith("long-"):
        args = LONG[name.removeprefix("long-")]
    else:
        args = COMMANDS.get(name) or SUBSCRIPTED[name.removeprefix("subscripted-")]
    source = _latex_of(args)
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "doc.tex").write_text(source, encoding="ascii")  # several inputs: one doc
        proc = subprocess.run([PDFLATEX, "-interaction=nonstopmode", "-halt-on-error",
                               "-no-shell-escape", "doc.tex"], cwd=tmp, capture_output=True,
                              timeout=120, encoding="latin-1")
        assert proc.returncode == 0, proc.stdout[-2000:]
        assert (Path(tmp) / "doc.pdf").exists()
        if name.startswith("long-"):
            # within the page: a five-column table of a limit, and Newton's rows of floats
            # (as for any input), may reach 40 pt into the 57 pt margin
            log = (Path(tmp) / "doc.log").read_text(encoding="latin-1")
            assert _overfull(log) < (40 if name in ("long-limit", "long-newton") else 1), name


def test_one_dispatch_table_per_format():
    # each format's views load on its first use, the exploring ones with their first result
    for fmt in FORMATS:
        render(derive("x^2"), fmt)
        render(tangent("x^2", at="x=1"), fmt)
        for cls in (Reading, Derivation, Gradient, Matrix, CheckReport):
            assert cls in VIEWS[fmt], (fmt, cls)
        for cls in (Tangent, LimitTable, Taylor, Descent, Backprop):
            assert cls in VIEWS[fmt], (fmt, cls)


def test_rich_through_the_dispatch_as_a_string():
    text = render_string(hessian("x^2 y"), "rich", width=80)
    assert "Hessian" in text and "2y" in text


# ---- the simplification is the last step of each differentiation -----------------------------


def test_simplification_is_a_step_recorded_once():
    d = derive("(x^2+1)/(x-1)")
    part = d.parts[0]
    s = part.simplification
    assert s.rule == "simplify" and s.expr == part.step.expr and s.var == "x"
    assert s.raw == part.step.result and dict(s.bindings)["from"] == part.step.result
    assert s.result == d.result and part.steps == (part.step, s)
    obj = json.loads(render(d, "json"))
    last = obj["derivation"][0]["substeps"][-1]
    assert last["rule"] == "simplify" and last["result"] == obj["derivative"]


def test_simplification_without_simplifying_is_the_identity():
    d = derive("3x^2-4x", simplify="none")
    s = d.parts[0].simplification
    assert s.result == s.raw == d.parts[0].step.raw and not d.parts[0].changed


def test_check_reads_the_simplify_step():
    d = derive("(x^2+1)/(x-1)")
    report = check_derivation(d)
    simp = [s for s in report.steps if s.rule == "simplify"]
    assert len(simp) == 1 and simp[0].status == "ok" and simp[0].path == "1.simplify"


def test_renderers_do_not_simplify(monkeypatch):
    d = derive("(x^2+1)/(x-1)", at="x=2")
    g = grad("x^2 y + sin(y)")
    check_result(g, None)

    def refuse(*_a, **_k):
        raise AssertionError("a renderer simplified")

    import importlib

    simplifier = importlib.import_module("calcdiff.simplify")
    request = importlib.import_module("calcdiff.commands.request")
    monkeypatch.setattr(simplifier, "simplify", refuse)
    monkeypatch.setattr(request, "simplify", refuse)
    monkeypatch.setattr(request, "simplify_expr", refuse)
    for fmt in ("text", "json", "markdown", "latex"):
        render(d, fmt)
        render(g, fmt)


# ---- Jupyter ----------------------------------------------------------------------------------


def _results():
    return {
        Reading: parse_request("3x^2-4x"),
        Derivation: derive("3x^2-4x", at="x=1"),
        Gradient: grad("x^2 + 3xy", at="x=1,y=2"),
        Matrix: hessian("x^2 y"),
        Tangent: tangent("3x^2-4x", "x=1"),
        LimitTable: limit("x^2", "x=1"),
        Taylor: taylor("exp(x)", "x=0", 3),
        Descent: descend("(w-2)^2", "w=9", "0.1", 50),
        Backprop: backprop("x^3", "x=3"),
    }


def test_every_result_shows_itself_in_jupyter():
    for cls, obj in _results().items():
        assert isinstance(obj, cls)
        md, tex = obj._repr_markdown_(), obj._repr_latex_()
        assert md and md.strip(), cls
        assert tex.startswith("$$") and tex.endswith("$$") and "f" in tex, cls


def test_jupyter_statements_name_the_function():
    assert derive("3x^2-4x", at="x=1")._repr_latex_() == (
        "$$f(x) = 3 x^{2} - 4 x,\\quad f'(x) = 6 x - 4,\\quad f'(1) = 2$$")
    partial = derive("x^2 y^3", "y")._repr_latex_()
    assert r"\frac{\partial f}{\partial y}(x, y) = 3 x^{2} y^{2}" in partial
    assert r"\nabla f = \left(" in grad("x^2 + 3xy")._repr_latex_()
    assert r"H_f = \begin{pmatrix}" in hessian("x^2 y")._repr_latex_()
    assert r"J = \begin{pmatrix}" in jacobian(["x y", "x + y"])._repr_latex_()
    assert "f''(x)" in derive("x^3", order=2)._repr_latex_()


@pytest.mark.parametrize("obj, statement", [
    # a --let chain differentiates by t with nothing held: ∂f/∂t of f(t, u) = u² would be 0
    (lambda: derive("u^2", lets=["u=cos t"], wrt="t"),
     r"$$\frac{d}{dt}\left[u^{2}\right] = -2 \sin(t) \cos(t)$$"),
    # the decimals the user wrote, as every other format prints them
    (lambda: derive("(w-2.3)^2", at="w=0.5"),
     r"$$f(w) = (w - 2.3)^{2},\quad f'(w) = 2 w - 4.6,\quad f'(0.5) = -3.6$$"),
    # a value that is no decimal keeps its decimal beside it, with decimals in the input too
    (lambda: derive("sin(0.5x)", at="x=1"),
     r"$$f(x) = \sin(0.5 x),\quad f'(x) = 0.5 \cos(0.5 x),\quad f'(1) = 0.5 \cos(0.5) "
     r"\approx 0.438791280945$$"),
    (lambda: backprop("0.5*(w*x - 1.5)^2", "w=0.5,x=2"),
     r"$$f(w, x) = 0.5 (w x - 1.5)^{2},\quad f(0.5, 2) = 0.125,\quad \frac{\partial f}"
     r"{\partial w}(0.5, 2) = -1,\quad \frac{\partial f}{\partial x}(0.5, 2) = -0.25$$"),
    # the user's own f is not the statement's
    (lambda: derive("f(x)*g(x)"), r"$$F(x) = f(x) g(x),\quad F'(x) = f'(x) g(x) + f(x) g'(x)$$"),
])
def test_jupyter_statements_say_what_the_other_formats_say(obj, statement):
    assert obj()._repr_latex_() == statement


def test_jupyter_names_the_function_with_a_letter_the_input_leaves_free():
    tex = derive("f(x)+F(x)+h(x)+H(x)+φ(x)")._repr_latex_()
    assert tex.startswith("$$L(x) = ")
    assert grad("0.5x^2 y")._repr_latex_().startswith("$$f(x, y) = 0.5 x^{2} y,")


def test_a_one_variable_grade_in_jupyter_is_no_partial():
    from calcdiff.commands.grade import grade

    tex = grade("x^2 sin x", answer="2x cos x")._repr_latex_()
    assert r"f'(x) \overset{?}{=} 2 x \cos(x)" in tex and r"\partial" not in tex


@pytest.mark.parametrize("fmt, partial, ordinary", [
    ("text", "∂/∂", "d/dt"), ("markdown", r"\partial", r"\frac{d}{dt}"),
    ("latex", r"\partial", r"\frac{d}{dt}"),
])
def test_every_format_says_d_or_partial_as_the_steps_do(fmt, partial, ordinary):
    """u^2*v with --let u = cos t, v = sin t, by t, holds nothing constant: Markdown and
    LaTeX said ∂/∂t (its reading has two letters), a false claim (it would be 0)."""
    from click.testing import CliRunner

    from calcdiff.cli import main

    r = CliRunner().invoke(main, ["derive", "u^2*v", "--let", "u=cos t", "--let", "v=sin t",
                                  "-x", "t", "-f", fmt, "--no-steps"])
    assert r.exit_code == 0
    assert ordinary in r.stdout and partial not in r.stdout


@pytest.mark.parametrize("args, line", [
    (["grad", "x^2 + 3xy", "--at", "x=1,y=2", "--no-steps"], "At x = 1, y = 2: (8, 3)"),
    (["grad", "x^2/3 + 3xy", "--at", "x=1,y=2", "--no-steps"],
     "At x = 1, y = 2: (20/3, 3) ≈ (6.66666666667, 3)"),
    (["limit", "3x^2-4x", "--at", "x=1"], "Exact limit: f′(1) = 2"),  # was "2 ≈ 2"
])
def test_a_whole_number_is_not_followed_by_its_decimal(args, line):
    from click.testing import CliRunner

    from calcdiff.cli import main

    r = CliRunner().invoke(main, [*args, "-f", "text"])
    assert r.stdout.rstrip().splitlines()[-1] == line


@pytest.mark.parametrize("fmt, heading", [
    ("markdown", "### 4. Order 2: differentiate again with y = y(x), then substitute y′ = $"),
    ("latex", "then substitute y\\ensuremath{'} = $"),
])
def test_every_format_says_what_an_implicit_order_two_substitutes(fmt, heading):
    """Text said "then substitute y′ = -x/y:"; Markdown and LaTeX stopped at y′."""
    from click.testing import CliRunner

    from calcdiff.cli import main

    r = CliRunner().invoke(main, ["derive", "x^2 + y^2 = 25", "-n", "2", "-f", fmt])
    assert heading in r.stdout


@pytest.mark.parametrize("args", [["x^4 sin x", "-n", "3"], ["x^2 y^3 + sin(x y)", "-x", "x",
                                                               "-x", "y"]])
def test_json_carries_a_higher_orders_derivatives_as_every_view_does(args):
    """Text, rich, Markdown and LaTeX print each intermediate derivative ("Step 1 of 3: …
    = …") with --no-steps too; JSON had only the last."""
    text = re.sub(r"\s+", "", _cli(["derive", *args, "--no-steps"], "text"))  # (wrapped)
    obj = json.loads(_cli(["derive", *args, "--no-steps"], "json"))
    assert [p["wrt"] for p in obj["parts"]] == obj["wrt"]
    assert obj["parts"][-1]["derivative"] == obj["derivative"]
    for p in obj["parts"][:-1]:
        assert "]=" + p["derivative"].replace(" ", "") + "Step" in text
    with_steps = json.loads(_cli(["derive", *args], "json"))
    assert with_steps["parts"] == obj["parts"]
    assert [r["result"] for r in with_steps["derivation"]] == [p["derivative"]
                                                               for p in obj["parts"]]
    assert "parts" not in json.loads(_cli(["derive", "x^4 sin x", "--no-steps"], "json"))


def test_json_keeps_a_hessians_notes_as_every_view_does():
    """The notes on the mixed partials derived once were in every human format, not JSON."""
    args = ["hessian", "x^3 - 3x y^2 + theta^2", "--at", "x=0,y=0,theta=0", "--no-steps"]
    obj = json.loads(_cli(args, "json"))
    mixed = [n for n in obj["notes"] if "derived once" in n]
    assert len(mixed) == 3 and mixed[0].startswith("∂²f/∂y∂x = ∂²f/∂x∂y (mixed partials")
    assert obj["notes"][:2] == json.loads(_cli(["parse", args[1]], "json"))["notes"]
    text = re.sub(r"\s+", " ", _cli(args, "text"))  # (wrapped at 80 columns)
    assert all(f"note: {n}" in text for n in mixed)


def test_a_matrix_in_column_blocks_heads_each_block_in_text():
    """The heading was written with a tab character where \\t was meant: 'extcolumns 1--8:'
    in math italics."""
    cube = "(" + " + ".join(f"x{i}" for i in range(1, 13)) + ")^3"
    tex = _cli(["hessian", cube, "--no-steps"], "latex")
    assert r"&\text{columns 1--8:}\quad \begin{bmatrix}" in tex and "\t" not in tex


@pytest.mark.parametrize("fmt", ["text", "rich", "markdown", "latex"])
def test_a_value_past_a_double_is_said_to_overflow_not_to_be_infinite(fmt):
    # exp(1000) is about 1.97e434: it printed "≈ inf", LaTeX "\approx \infty"
    from click.testing import CliRunner

    from calcdiff.cli import main

    for args in (["tangent", "exp(x)", "--at", "x=1000"], ["grad", "exp(x*y)", "--at",
                                                          "x=100,y=10"]):
        r = CliRunner().invoke(main, args + ["--no-steps", "-f", fmt])
        assert r.exit_code == 0
        assert "inf" not in r.stdout and "infty" not in r.stdout
        # (Markdown and LaTeX give a tangent's values exactly, with no decimals)
        if args[0] == "grad" or fmt in ("text", "rich"):
            assert "overflows a double" in " ".join(r.stdout.split())


@pytest.mark.parametrize("fmt, twice", [("rich", "(4, 4)  ≈"), ("markdown", r"\approx"),
                                        ("latex", r"\approx")])
def test_a_whole_gradient_value_is_not_followed_by_its_decimal(fmt, twice):
    from click.testing import CliRunner

    from calcdiff.cli import main

    r = CliRunner().invoke(main, ["grad", "x^2 y", "--at", "x=2,y=1", "--no-steps", "-f", fmt])
    assert r.exit_code == 0 and "4" in r.stdout
    assert twice not in r.stdout  # (4, 4) ≈ (4, 4)


@pytest.mark.parametrize("text, wrt, reading", [
    ("2 x1 x2", "x1", "Reading  2·x1·x2"),  # was 2x1x2, and its answer 2*x2 was "2x2"
    ("w1 x1 + b x2^2 + w_10 x", "x1", "Reading  w1·x1 + b·x2² + w_10·x"),  # w_10x
    ("x^((1/2)^3)", "x", "Reading  x^((1/2)³)"),  # x^(1/2)³ reads as (√x)³
    ("3x^2 y", "x", "Reading  3x²y"),
])
def test_rich_never_joins_a_numbered_name_nor_leaves_a_power_of_a_power_open(text, wrt,
                                                                             reading):
    from click.testing import CliRunner

    from calcdiff.cli import main

    r = CliRunner(env={"COLUMNS": "80"}).invoke(main, ["derive", text, "-x", wrt, "-f", "rich",
                                                       "--no-steps"])
    assert reading in r.stdout


def test_formats_say_the_same_of_partials_values_and_rounded_quotients():
    from click.testing import CliRunner

    from calcdiff.cli import main

    def run(*args):
        r = CliRunner().invoke(main, list(args))
        assert r.exit_code == 0, r.output
        return r.stdout

    # a second partial is ∂^2/∂y^2 in text as elsewhere (it was d^2/dy^2)
    assert "Result:   ∂^2/∂y^2 [x**3*y**2] = 2*x**3\n" in run(
        "derive", "x^3 y^2", "-x", "y", "-n", "2", "--no-steps", "-f", "text")
    # an implicit value that is a whole number is printed once (it was -138 ≈ -138)
    out = run("derive", "x^2 + x y - y^3 = 5", "--at", "x=2,y=1", "-n", "2", "--no-steps",
              "-f", "markdown")
    assert "$-138$" in out and r"\approx" not in out.split("on the curve")[1]
    # a rounded quotient is ≈, an exact one = (the text table said -10/93 = -0.1075…)
    out = run("limit", "1/x", "--at", "x=3", "--rows", "1", "--no-steps", "-f", "text")
    assert "-10/93 ≈ -0.10752688172" in out
    out = run("limit", "x^2", "--at", "x=3", "--rows", "1", "--no-steps", "-f", "text")
    assert "61/10 = 6.1" in out
    # the order of a Taylor coefficient's derivative is raised as the header's k is
    out = run("taylor", "sqrt(x)", "--at", "x=4", "-n", "1", "--no-steps", "-f", "text")
    assert "f⁽¹⁾(x) = 1/(2*sqrt(x))" in out
