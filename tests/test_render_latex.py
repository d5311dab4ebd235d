"""The LaTeX and Markdown renderers: golden documents, the expression printer, escaping, and
generated derivations that must compile with pdflatex (where it is installed).

Golden files live in ``tests/fixtures/render_<case>.{latex,md}.txt``; regenerate them after a
deliberate change with ``CALCDIFF_UPDATE_GOLDEN=1 pytest tests/test_render_latex.py``.
Derivations here use ``simplify="none"`` so that they pin the renderers, not the simplifier.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from fractions import Fraction
from pathlib import Path

import pytest

from calcdiff.algebra.build import substitute
from calcdiff.algebra.evaluate import evaluate
from calcdiff.commands.differentiate import derive
from calcdiff.commands.multivar import grad, hessian, jacobian
from calcdiff.deriving.steps import simplification
from calcdiff.errors import CalcdiffError
from calcdiff.read.parser import parse
from calcdiff.read.rule_exprs import builtin_table
from calcdiff.render import latex, render
from calcdiff.render import latex_expr as latex_printer
from calcdiff.render.common import rule_info
from calcdiff.render.latex import latex_expr, latex_text, latex_verbatim, statement_latex
from calcdiff.render.latex_width import segments, visual_len
from calcdiff.results import Differentiation
from calcdiff.tree.nodes import PI, Add, Call, Div, E, Mul, Neg, Num, Pow, Sym, neg

from .fixtures import FIXTURES
from .strategies import make_div, make_pow, make_sum

UPDATE = bool(os.environ.get("CALCDIFF_UPDATE_GOLDEN"))
PDFLATEX = shutil.which("pdflatex")
needs_pdflatex = pytest.mark.skipif(PDFLATEX is None, reason="pdflatex is not installed")


def _with_point(d, point: dict, value=None):
    """Attach an --at value without the simplifier: the exact value is ``value`` or the
    substituted (unsimplified) result, the float is evaluated."""
    d.at = point
    d.value = value if value is not None else substitute(d.result, point)
    d.value_float = evaluate(d.result, {k: evaluate(v, {}) for k, v in point.items()})
    return d


def _polynomial():
    return _with_point(derive("3x^2-4x", simplify="none"), {"x": Num(1)}, Num(2))


def _quotient():
    d = derive("(x^2+1)/(x-1)", simplify="none")
    # the simplification step and --at as a run with the simplifier shows them
    part = d.parts[0]
    d.parts[0] = Differentiation(part.var, part.step, simplification(
        part.step, part.step.result, parse("(x**2 - 2*x - 1)/(x - 1)**2").expr))
    d.simplify_mode = "basic"
    return _with_point(d, {"x": Num(2)}, Num(-1))


GOLDEN = {
    "polynomial": _polynomial,
    "quotient": _quotient,
    "chain": lambda: derive("sin(x^2)", simplify="none"),
    "grad": lambda: grad("x^2 y + theta", simplify="none"),
    "hessian": lambda: hessian("x^2 y", simplify="none"),
}


def _compile(source: str, workdir: Path, name: str = "doc") -> tuple[bool, str]:
    tex = workdir / f"{name}.tex"
    tex.write_text(source, encoding="ascii")
    proc = subprocess.run(
        [PDFLATEX, "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", tex.name],
        cwd=workdir, capture_output=True, text=True, timeout=120,
        encoding="latin-1",
    )
    ok = proc.returncode == 0 and (workdir / f"{name}.pdf").exists()
    errors = [line for line in proc.stdout.splitlines() if line.startswith("!")]
    return ok, "\n".join(errors) or proc.stdout[-2000:]


def _compile_all(docs: dict[str, str]) -> dict[str, str]:
    """Compile every document (each on its own, two at a time per CPU); name -> error."""
    failures: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        def one(item):
            name, source = item
            work = Path(tmp) / name
            work.mkdir()
            ok, log = _compile(source, work)
            return name, ok, log

        with ThreadPoolExecutor(max_workers=2 * (os.cpu_count() or 1)) as pool:
            for name, ok, log in pool.map(one, docs.items()):
                if not ok:
                    failures[name] = log
    return failures


# -- golden documents ---------------------------------------------------------------------------


@pytest.mark.parametrize("fmt,ext", [("latex", "latex"), ("markdown", "md")])
@pytest.mark.parametrize("case", sorted(GOLDEN))
def test_golden(case, fmt, ext):
    out = render(GOLDEN[case](), fmt)
    path = FIXTURES / f"render_{case}.{ext}.txt"
    if UPDATE or not path.exists():
        path.write_text(out, encoding="utf-8")
    assert out == path.read_text(encoding="utf-8")


@needs_pdflatex
def test_golden_documents_compile():
    failures = _compile_all({case: render(make(), "latex") for case, make in GOLDEN.items()})
    assert not failures, failures


@pytest.mark.parametrize("case", sorted(GOLDEN))
def test_formats_carry_the_same_content(case):
    """Every rule name of the text format's derivation appears in LaTeX and Markdown, as
    often; both end with the result and show the values at the point."""
    obj = GOLDEN[case]()
    text = render(obj, "text")
    tex = render(obj, "latex")
    md = render(obj, "markdown")
    names = [rule_info(r)[0] for r in ("constant", "variable", "sum", "difference", "power",
                                       "product", "quotient", "chain", "constant-multiple")]
    for name in names:
        n = len(re.findall(rf"(?m)^\s*{re.escape(name)}:", text))
        assert tex.count(r"\text{" + name + ":}") == n, name
        assert md.count(f"**{name}**") == n, name
    assert r"\documentclass" in tex and tex.rstrip().endswith(r"\end{document}")
    assert tex.isascii()
    if "At " in text:
        assert "At $" in tex and "**At**" in md


def test_polynomial_document_reads_like_the_text():
    tex = render(_polynomial(), "latex")
    assert r"&\frac{d}{dx}[3 x^{2} - 4 x] = 6 x - 4 \\" in tex
    assert r"(f - g)' = f' - g'" in tex  # the statement, converted from (f − g)′ = f′ − g′
    assert tex.count(r"\begin{align*}") == tex.count(r"\end{align*}") == 7
    assert "At $x = 1$:" in tex and "&2\n" in tex and r"\approx" not in tex
    md = render(_polynomial(), "markdown")
    assert "- **Input:** `3x^2-4x`" in md
    assert r"$\frac{d}{dx}[3 x^{2} - 4 x] = 6 x - 4$ by the **difference rule**" in md
    tex = render(_quotient(), "latex")
    assert r"\text{simplification:}\quad \text{rewrite in textbook form}" in tex
    assert r"\frac{x^{2} - 2 x - 1}{(x - 1)^{2}}" in tex


def test_steps_false_and_reading():
    d = derive("(x^2+1)/(x-1)", simplify="none")
    tex = render(d, "latex", steps=False)
    assert "quotient rule" not in tex and r"\frac{d}{dx}" in tex
    md = render(d, "markdown", steps=False)
    assert "quotient rule" not in md
    reading = parse("3x^2 sin x")
    assert r"\textbf{Reading:} $\displaystyle 3 x^{2} \sin(x)$" in render(reading, "latex")
    assert "implicit multiplication" in render(reading, "markdown")


# -- the expression printer ---------------------------------------------------------------------

x, y = Sym("x"), Sym("y")


@pytest.mark.parametrize("expr,expected", [
    (Div(Add((x, Num(1))), Add((x, neg(Num(1))))), r"\frac{x + 1}{x - 1}"),
    (Pow(x, Num(2)), "x^{2}"),
    (Pow(Add((x, Num(1))), Num(2)), "(x + 1)^{2}"),
    (Pow(Div(x, y), Num(2)), r"\left(\frac{x}{y}\right)^{2}"),
    (Mul((Num(3), x)), "3 x"),
    (Mul((Num(3), Num(4))), r"3 \cdot 4"),
    (Mul((x, Num(-2))), "x (-2)"),
    (Mul((Num(2), Div(Num(1), x))), r"2 \cdot \frac{1}{x}"),
    (Neg(Add((x, y))), "-(x + y)"),
    (Add((x, Neg(Add((x, y))))), "x - (x + y)"),
    (Add((x, Num(-3))), "x - 3"),
    (Call("sqrt", (x,)), r"\sqrt{x}"),
    (Call("cbrt", (x,)), r"\sqrt[3]{x}"),
    (Call("root", (x, Num(5))), r"\sqrt[5]{x}"),
    (Call("abs", (x,)), "|x|"),
    (Call("abs", (Div(Num(1), x),)), r"\left|\frac{1}{x}\right|"),
    (Call("exp", (Mul((Num(2), x)),)), "e^{2 x}"),
    (Pow(Call("exp", (x,)), Num(2)), "(e^{x})^{2}"),
    (Call("log", (x,)), r"\ln(x)"),
    (Call("log", (x, Num(2))), r"\log_{2}(x)"),
    (Call("sin", (Div(x, Num(2)),)), r"\sin\left(\frac{x}{2}\right)"),
    (Call("asin", (x,)), r"\arcsin(x)"),
    (Call("atan", (x,)), r"\arctan(x)"),
    (Call("coth", (x,)), r"\coth(x)"),
    (Call("sigmoid", (x,)), r"\operatorname{sigmoid}(x)"),
    (Call("softplus", (x,)), r"\operatorname{softplus}(x)"),
    (Call("relu", (x,)), r"\operatorname{relu}(x)"),
    (Call("asec", (x,)), r"\operatorname{asec}(x)"),
    (Pow(Call("sin", (x,)), Num(2)), r"\sin(x)^{2}"),
    (Pow(x, Num(Fraction(1, 2))), "x^{1/2}"),
    (Num(Fraction(-3, 4)), r"-\frac{3}{4}"),
    (Mul((E, PI)), r"e \pi"),
    (Sym("theta"), r"\theta"),
    (Sym("lamda"), r"\lambda"),
    (Sym("Lamda"), r"\Lambda"),
    (Sym("x_1"), "x_{1}"),
    (Sym("x1"), "x_{1}"),
    (Sym("phi_2"), r"\phi_{2}"),
    (Sym("rate"), r"\mathit{rate}"),
    (Pow(Pow(x, y), Num(2)), "(x^{y})^{2}"),
    (Pow(x, Pow(y, Num(2))), "x^{y^{2}}"),
    # where LATEX_BRACKETS differs from the parseable table: -2x and -x/y need none on paper
    (Neg(Mul((Num(2), x))), "-2 x"),
    (Neg(Div(x, y)), r"-\frac{x}{y}"),
    (Neg(Num(-2)), "-(-2)"),
    # a fraction in a superscript is flat, so it takes brackets beside another factor
    (Pow(x, Mul((y, Num(Fraction(1, 2))))), "x^{y (1/2)}"),
    (Pow(x, Mul((Num(Fraction(-1, 2)), y))), "x^{(-1/2) y}"),
])
def test_latex_expr(expr, expected):
    assert latex_expr(expr) == expected


def test_deep_expressions_stay_within_texs_limits():
    chain = parse("sin(" * 1000 + "x" + ")" * 1000).expr
    s = latex_expr(chain)
    assert s.count("(") == 1000 and r"\left" not in s  # plain brackets: no TeX groups
    fractions = parse("1/(" * 300 + "x" + ")" * 300).expr
    s = latex_expr(fractions)
    assert s.count(r"\frac") <= latex_printer.MAX_GROUPS  # then a breakable a / b
    roots = parse("cbrt(" * 30 + "x" + ")" * 30).expr
    assert latex_expr(roots).count(r"\sqrt[3]") <= latex_printer.MAX_CHOICES
    short, cut = latex.latex_expr_abbrev(chain, 50)
    assert cut and r"\cdots" in short and short.count(r"\sin") < 60


def test_deep_chain_document_is_capped():
    n = 1000
    d = derive("sin(" * n + "x" + ")" * n, simplify="none")
    tex = render(d, "latex")
    md = render(d, "markdown")
    assert tex.count(r"\begin{align*}") < 2 * latex.MAX_STEP_LEVELS + 20
    assert "the derivation is capped at 30 levels" in tex
    assert "the derivation is capped at 30 levels" in md
    assert "abbreviated" in tex and "abbreviated" in md
    assert len(tex) < 2_000_000


# -- long numbers -------------------------------------------------------------------------------


def _groups(digits: str) -> str:
    return " ".join(digits[i:i + 10] for i in range(0, len(digits), 10))


def _unbreakable(s: str) -> list[str]:
    """The parts of ``s`` a display row cannot break that still hold two digit groups (a
    number inside a superscript, \\frac, \\sqrt or \\left ... \\right)."""
    return [seg for seg in segments(s) if re.search(r"\d{10} \d", seg)]


def test_a_long_number_is_written_in_groups_a_row_may_break_between():
    assert latex_expr(Num(10**60 - 1)) == "9" * 60  # 60 digits as before
    assert latex_expr(Num(10**61 - 1)) == _groups("9" * 61)
    assert latex_expr(Num(-(10**65))) == _groups("-1" + "0" * 65)
    assert latex_text("read " + "7" * 70 + "x") == (
        "read " + r"\allowbreak{}".join(["7" * 10] * 7) + "x")
    assert latex_text("7" * 60) == "7" * 60


@pytest.mark.parametrize("text", [
    "x^N", "x^(3/N)", "N^x", "sqrt(N x)", "cbrt(N x)", "N/(x + 1)", "x/N", "(1/x + N)^2",
    "abs(1/x + N)", "log(x, N)", "exp(N x)", "sin(N x)/x",
])
def test_a_long_number_is_never_inside_a_group_tex_cannot_break(text):
    s = latex_expr(parse(text.replace("N", "1" * 100)).expr)
    assert re.search(r"\d{61}", s) is None and _unbreakable(s) == [], s


def test_a_long_exponent_is_written_with_the_up_arrow_and_a_long_base_keeps_its_log():
    n = "3" * 100
    assert latex_expr(parse("x^" + n).expr) == r"x \uparrow (" + _groups(n) + ")"
    assert latex_expr(parse("x^123").expr) == "x^{123}"
    assert latex_expr(parse(f"log(x, {n})").expr) == r"\log(x, " + _groups(n) + ")"
    assert latex_expr(parse("sqrt(" + n + " x)").expr).startswith(r"\operatorname{sqrt}(")


def test_a_document_with_a_3999_digit_number_breaks_every_row():
    """x^(3,999 nines) stopped pdflatex with "Dimension too large"; 500 digits ran 2,000 pt
    past the margin. Every display row now stays within ROW_WIDTH characters and no run of
    digits is longer than 60 anywhere, in the derivation as in the result."""
    d = derive("x^" + "9" * 3999, simplify="none")
    for tex in (render(d, "latex"), render(d, "latex", steps=False)):
        assert re.search(r"\d{61}", tex) is None
        rows = [r for block in re.findall(r"\\begin\{align\*\}(.*?)\\end\{align\*\}", tex, re.S)
                for r in block.split("\\\\")]
        assert max(visual_len(r) for r in rows) <= latex.ROW_WIDTH + 10
        assert all(_unbreakable(r) == [] for r in rows)


# -- text, statements and escaping ----------------------------------------------------------------

NASTY = r"a\b{c}$d&e#f^g_h%i~j<k>l|m" + '"' + "n θ² − √x · ∂ ≈ λ₁ é ß — “q” 漢 🙂"


def test_user_text_is_escaped():
    for s in (latex_text(NASTY), latex_verbatim(NASTY)):
        assert s.isascii()
    assert latex_text("$&#%_{}^~\\") == r"\$\&\#\%\_\{\}\^{}\~{}$\backslash$"
    assert latex_verbatim("$&#%_{}^~\\") == (
        r"\texttt{{\char36}{\char38}{\char35}{\char37}{\char95}{\char123}{\char125}"
        r"{\char94}\allowbreak{}{\char126}{\char92}}"
    )
    assert "[U+6F22]" in latex_text(NASTY)


def test_rule_statements_convert():
    table = builtin_table()
    for rule in table.structural.values():
        s = statement_latex(rule.statement)
        assert s.isascii(), rule.id
        assert s.count("{") == s.count("}"), rule.id
    assert statement_latex("(xⁿ)′ = n·xⁿ⁻¹") == r"(x^{n})' = n\cdot x^{n-1}"
    assert statement_latex("(f/g)′ = (f′·g − f·g′)/g²") == r"(f/g)' = (f'\cdot g - f\cdot g')/g^{2}"
    assert statement_latex("root(f, g) = f^(1/g)") == r"\operatorname{root} (f, g) = f^{1/g}"
    assert statement_latex("rewrite in textbook form") == r"\text{rewrite in textbook form}"


@needs_pdflatex
def test_statements_and_escapes_compile():
    """Every rule statement (structural, and every function's derivative both as parsed data
    and as converted text) and every kind of escaped text in one document."""
    table = builtin_table()
    rows = []
    for rule in table.structural.values():
        rows.append(statement_latex(rule.statement))
    for rule in table.functions.values():
        rows.append(latex.rule_statement_latex(rule.id))
        rows.append(statement_latex(rule_info(rule.id)[1]))
        rows.append(statement_latex(rule.derivative_text))
    body = "\n".join(r"\begin{align*}&" + r + r"\end{align*}" for r in rows)
    body += "\n" + latex_text(NASTY) + r"\par " + latex_verbatim(NASTY * 3)
    body += r"\par $" + statement_latex(NASTY) + "$"
    doc = (r"\documentclass[fleqn]{article}\usepackage{amsmath}\usepackage{amssymb}"
           "\n\\begin{document}\n" + body + "\n\\end{document}\n")
    failures = _compile_all({"statements": doc})
    assert not failures, failures


# -- generated derivations compile ----------------------------------------------------------------

FUNCTIONS = builtin_table().functions
ONE_ARG = sorted(f for f, rule in FUNCTIONS.items() if 1 in rule.arity)
TWO_ARG = sorted(f for f, rule in FUNCTIONS.items() if 2 in rule.arity)
NAMES = ("theta", "x_1", "lamda", "w0", "y")


def _random_expr(rng: random.Random, depth: int, func: str | None = None):
    def leaf():
        k = rng.randrange(7)
        if k < 3:
            return Sym("x")
        if k == 3:
            return Sym(rng.choice(NAMES))
        if k == 4:
            return rng.choice([E, PI])
        if k == 5:
            return Num(Fraction(rng.randint(-5, 5), rng.choice([1, 1, 2, 3])))
        return Num(rng.randint(1, 9))

    if depth <= 0:
        return leaf()

    def child():
        return _random_expr(rng, depth - 1)

    kind = func and "call" or rng.choice(["call", "call", "add", "mul", "div", "pow", "neg",
                                          "leaf", "call2"])
    if kind == "call":
        f = func or rng.choice(ONE_ARG)
        if f in TWO_ARG and 1 not in FUNCTIONS[f].arity:
            return Call(f, (child(), Num(rng.randint(2, 5))))
        return Call(f, (make_sum([(Sym("x"), False), (child(), rng.random() < 0.5)]),))
    if kind == "call2":
        f = rng.choice(TWO_ARG)
        return Call(f, (child(), rng.choice([Num(2), Num(10), E, Sym("x")])))
    if kind == "add":
        return make_sum([(child(), rng.random() < 0.4) for _ in range(rng.randint(2, 4))])
    if kind == "mul":
        return Mul([child() for _ in range(rng.randint(2, 3))])
    if kind == "div":
        return make_div(child(), child())
    if kind == "pow":
        return make_pow(child(), rng.choice([Num(2), Num(3), Num(-1), Num(Fraction(1, 2)),
                                             Sym("x"), child()]))
    if kind == "neg":
        return neg(child())
    return leaf()


def generated_documents(count: int = 60) -> dict[str, str]:
    """``count`` derivations over every function and node kind, plus multivariable results."""
    rng = random.Random(20240607)
    docs: dict[str, str] = {}
    funcs = ONE_ARG + TWO_ARG
    attempts = 0
    while len(docs) < count and attempts < 10 * count:
        attempts += 1
        k = len(docs)
        expr = _random_expr(rng, rng.randint(2, 4), funcs[k % len(funcs)])
        if "x" not in expr.free:
            continue
        try:
            d = derive(expr, "x", order=1 + (k % 7 == 3), simplify="none")
            if k % 5 == 0:
                point = {v: Num(Fraction(rng.randint(1, 5), rng.choice([1, 2]))) for v in
                         d.expr.free | d.result.free}
                d = _with_point(d, point)
        except (CalcdiffError, ZeroDivisionError, ValueError, OverflowError):
            continue
        docs[f"gen{k:02d}"] = render(d, "latex", steps=k % 11 != 5)
    assert len(docs) == count, f"only {len(docs)} derivations in {attempts} attempts"
    docs["grad"] = render(grad("x^2 y + sin(theta x_1) + sigmoid(x/y)", simplify="none"), "latex")
    docs["hessian"] = render(hessian("x^3 y^2 + e^(x y) + log(x, y)", simplify="none"), "latex")
    docs["jacobian"] = render(jacobian(["x y", "relu(x) + asec(y)/x", "softplus(x - y)"],
                                       simplify="none"), "latex")
    docs["unicode"] = render(derive("θ² + λ·μ₁ − √x + x^x + ∛x", "x", simplify="none"), "latex")
    docs["reading"] = render(parse("3x^2 sin x + |x|"), "latex")
    docs["deep"] = render(derive("sin(" * 1000 + "x" + ")" * 1000, simplify="none"), "latex")
    docs["long"] = render(derive("+".join(f"{i}x^{i}" for i in range(1, 120)),
                                 simplify="none"), "latex")
    return docs


@needs_pdflatex
def test_generated_derivations_compile():
    docs = generated_documents(60)
    assert sum(1 for name in docs if name.startswith("gen")) >= 50
    failures = _compile_all(docs)
    assert not failures, {k: v[:1500] for k, v in failures.items()}


def test_generated_markdown_matches_latex_content():
    rng = random.Random(7)
    for k in range(20):
        expr = _random_expr(rng, 3, (ONE_ARG + TWO_ARG)[k % (len(ONE_ARG) + len(TWO_ARG))])
        if "x" not in expr.free:
            continue
        try:
            d = derive(expr, "x", simplify="none")
        except CalcdiffError:
            continue
        md = render(d, "markdown")
        tex = render(d, "latex")
        steps = sum(1 for _ in d.parts[0].step.walk())
        # one bullet per step shown, one align* per step shown, the same rules in each
        shown = md.count("by the **") + md.count("(as in step")
        assert shown == steps
        assert tex.count(r"\begin{align*}") == shown + 1  # + the result
        tex_rules = re.findall(r"\\qquad\\text\{([^}:]*):\}", tex)
        md_rules = re.findall(r"by the \*\*([^*]+)\*\*", md)
        assert [r.replace("{}", "") for r in tex_rules] == md_rules
        assert md.count("$") % 2 == 0


# -- Jupyter ----------------------------------------------------------------------------------


def test_jupyter_reprs():
    d = derive("sigmoid(x)^2", simplify="none")
    latex_repr = d._repr_latex_()
    assert latex_repr.startswith("$$") and latex_repr.endswith("$$")
    assert r"\operatorname{sigmoid}" in latex_repr
    md = d._repr_markdown_()
    assert "### Result" in md and r"\operatorname{sigmoid}" in md
    assert md == render(d, "markdown")


def test_jupyter_reprs_of_gradients_and_matrices():
    from calcdiff.commands.multivar import grad, hessian, jacobian

    g = grad("x^2 y + sigmoid(y)")
    # the whole statement: the function, then its gradient (render/inline.py)
    assert g._repr_latex_() == (r"$$f(x, y) = x^{2} y + \operatorname{sigmoid}(y),\quad "
                                r"\nabla f = \left(2 x y,\ x^{2} + "
                                r"\operatorname{sigmoid}(y) (1 - \operatorname{sigmoid}(y))\right)$$")
    assert g._repr_markdown_() == render(g, "markdown")
    h = hessian("x^2 y")
    assert h._repr_latex_() == (r"$$f(x, y) = x^{2} y,\quad "
                                r"H_f = \begin{pmatrix}2 y & 2 x \\ 2 x & 0\end{pmatrix}$$")
    assert h._repr_markdown_() == render(h, "markdown")
    j = jacobian(["x y", "x + y"])
    assert j._repr_latex_() == (r"$$f_{1}(x, y) = x y,\quad f_{2}(x, y) = x + y,\quad "
                                r"J = \begin{pmatrix}y & x \\ 1 & 1\end{pmatrix}$$")
