"""Issue 19, items 3 and 5: everything fits 80 columns without breaking an entry (text, rich,
the PDF), and the plots are labelled right (orders, exact tangent lines, the reading notation).
"""

from __future__ import annotations

import shutil
import subprocess

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

import calcdiff
from calcdiff.cli import main
from calcdiff.plot import _curves, descent_title, plot_result, terminal_plot
from calcdiff.render import render, render_string
from calcdiff.render.layout import (
    WRAP_MAX,
    entry_name,
    fit_lines,
    fit_text,
    hang_of,
    plan_matrix,
    table_lines,
    wrap,
)
from calcdiff.render.pretty import pretty

LSE3 = "log(exp(x)+exp(y)+exp(z))"
LSE4 = "log(exp(x)+exp(y)+exp(z)+exp(w))"


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def compile_log(tmp_path, doc: str) -> str:
    """pdflatex's log of ``doc`` (which must compile)."""
    (tmp_path / "doc.tex").write_text(doc, encoding="ascii")
    proc = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error",
                           "-no-shell-escape", "doc.tex"], cwd=tmp_path, capture_output=True,
                          text=True, timeout=120, encoding="latin-1")
    assert proc.returncode == 0
    return (tmp_path / "doc.log").read_text(encoding="latin-1")


def widest(text: str) -> int:
    return max(cell_len(line) for line in text.split("\n"))


# -- the Hessian of log-sum-exp: named entries below the matrix ---------------------------------

LSE3_MATRIX = """\
Hessian (variables x, y, z):
  [ H₁₁  H₁₂  H₁₃ ]
  [ H₂₁  H₂₂  H₂₃ ]
  [ H₃₁  H₃₂  H₃₃ ]
  H₁₁ = (exp(x + y) + exp(x + z))/(exp(x) + exp(y) + exp(z))**2
  H₁₂ = H₂₁ = -exp(x + y)/(exp(x) + exp(y) + exp(z))**2
  H₁₃ = H₃₁ = -exp(x + z)/(exp(x) + exp(y) + exp(z))**2
  H₂₂ = (exp(x + y) + exp(y + z))/(exp(x) + exp(y) + exp(z))**2
  H₂₃ = H₃₂ = -exp(y + z)/(exp(x) + exp(y) + exp(z))**2
  H₃₃ = (exp(x + z) + exp(y + z))/(exp(x) + exp(y) + exp(z))**2
  note: ∂²f/∂y∂x = ∂²f/∂x∂y (mixed partials of a smooth function are equal;
          derived once)
"""


def test_hessian_of_log_sum_exp_names_its_entries_in_text():
    r = run("hessian", LSE3, "--no-steps", "-f", "text")
    assert r.exit_code == 0
    assert LSE3_MATRIX in r.stdout
    assert widest(r.stdout) <= 80


@pytest.mark.parametrize("expr", [LSE3, LSE4])
@pytest.mark.parametrize("fmt", ["text", "rich"])
def test_every_line_of_a_hessian_with_its_steps_fits_80_columns(expr, fmt):
    out = render_string(calcdiff.hessian(expr), fmt, width=80)
    assert widest(out) <= 80
    assert "H₁₂ = H₂₁ = " in out  # the symmetric pair is defined once


def test_four_variables_name_every_entry():
    out = render(calcdiff.hessian(LSE4), "text", steps=False)
    names = [f"H{a}{b}" for a in "₁₂₃₄" for b in "₁₂₃₄"]
    rows = [line for line in out.split("\n") if line.startswith("  [ ")]
    assert rows == ["  [ " + "  ".join(names[4 * i:4 * i + 4]) + " ]" for i in range(4)]


def test_a_jacobian_names_only_its_wide_entries():
    out = render(calcdiff.jacobian(["x^2 y + sin(x y z)", "exp(x y)/(1+z^2)",
                                    "log(x^2+y^2+z^2)"]), "text", steps=False)
    assert """\
  [ y*(2*x + z*cos(x*y*z))  x*(x + z*cos(x*y*z))   x*y*cos(x*y*z) ]
  [ y*exp(x*y)/(z**2 + 1)   x*exp(x*y)/(z**2 + 1)  J₂₃            ]
  [ J₃₁                     J₃₂                    J₃₃            ]
  J₂₃ = -2*z*exp(x*y)/(z**2 + 1)**2
  J₃₁ = 2*x/(x**2 + y**2 + z**2)
  J₃₂ = 2*y/(x**2 + y**2 + z**2)
  J₃₃ = 2*z/(x**2 + y**2 + z**2)""" in out


def test_a_matrix_that_fits_is_shown_whole():
    out = render(calcdiff.hessian("x^2 - y^2", at="x=0,y=0"), "text", steps=False)
    assert "  [ 2  0  ]\n  [ 0  -2 ]\n" in out
    assert "H₁" not in out


def test_rich_uses_the_console_width():
    h = calcdiff.hessian(LSE3)
    narrow = render_string(h, "rich", steps=False, width=80)
    wide = render_string(h, "rich", steps=False, width=200)
    assert "  H₁₂ = H₂₁ = −e^(x + y)/(e^x + e^y + e^z)²" in narrow.split("\n")
    assert "H₁₂" not in wide
    assert "−e^(x + y)/(e^x + e^y + e^z)²" in wide
    assert widest(narrow) <= 80


# -- the plan: thresholds, names, blocks -------------------------------------------------------


def test_entry_names():
    assert entry_name("H", 1, 2, 3) == "H₁₂"
    assert entry_name("J", 10, 3, 12) == "J₁₀,₃"


def _rows(grid):
    widths = [max(len(r[j]) for r in grid) for j in range(len(grid[0]))]
    return max(4 + sum(widths) + 2 * (len(widths) - 1) + 2 for _ in grid)


def test_the_share_rule_names_entries_wider_than_their_share():
    cells = [["a" * 10, "b" * 40], ["c" * 20, "d"]]
    names = [[entry_name("M", i + 1, j + 1, 2) for j in range(2)] for i in range(2)]
    plan = plan_matrix(cells, names, 60, _rows)
    # (60 - 8) // 2 = 26: only the 40-wide entry is wider
    assert plan.shown == [["a" * 10, "M₁₂"], ["c" * 20, "d"]]
    assert plan.definitions == [(["M₁₂"], "b" * 40)]
    assert plan.blocks == [range(2)]


def test_too_many_columns_come_in_blocks():
    n = 14
    cells = [[f"entry_{i}_{j}_long" for j in range(n)] for i in range(2)]
    names = [[entry_name("J", i + 1, j + 1, n) for j in range(n)] for i in range(2)]
    plan = plan_matrix(cells, names, 80, _rows)
    assert len(plan.blocks) > 1
    assert [j for b in plan.blocks for j in b] == list(range(n))
    for b in plan.blocks:
        assert _rows([[r[j] for j in b] for r in plan.shown]) <= 80


# -- notes and long lines: a hanging indent, never a broken token -------------------------------


def test_notes_wrap_with_a_hanging_indent():
    assert render(calcdiff.parse("log x"), "text") == """\
Input:    log x
Reading:  log(x)
Notes:    log x read as log(x)
          log read as the natural logarithm ln; some courses mean base 10: write
            log10(x) or log(x, 10) for that"""


def test_rich_notes_wrap_under_their_text():
    lines = [ln.rstrip() for ln in render_string(calcdiff.parse("log x"), "rich",
                                                 width=60).split("\n")]
    assert lines[-2:] == ["  note   log read as the natural logarithm ln; some courses",
                          "         mean base 10: write log10(x) or log(x, 10) for that"]


def test_a_long_sum_breaks_before_an_operator():
    line = "  = " + " + ".join(f"sin({k}*x)" for k in range(12))
    out = wrap(line, 40)
    assert out == ["  = sin(0*x) + sin(1*x) + sin(2*x)",
                   "      + sin(3*x) + sin(4*x) + sin(5*x)",
                   "      + sin(6*x) + sin(7*x) + sin(8*x)",
                   "      + sin(9*x) + sin(10*x) + sin(11*x)"]


def test_hang_follows_the_label():
    assert hang_of("Notes:    xxx") == 12
    assert hang_of("    1.2. d/dx [x]") == 11
    assert hang_of("  with f = 1") == 9
    assert hang_of("  d/dx [x + 1]") == 9
    assert hang_of("Plain prose line") == 2
    # prose of many words before a colon is no label (nor slow to tell from one)
    assert hang_of("Partial derivative with respect to x_450 (the other 499 variables held "
                   "constant):") == 2
    assert hang_of("  x    last column") == 9  # an aligned column's text
    assert hang_of("  x" + " " * 60 + "y") == 4  # ... but not one that leaves too little room


def test_a_heading_a_little_too_long_breaks_once():
    line = "Partial derivative with respect to x_450 (the other 499 variables held constant):"
    assert wrap(line) == ["Partial derivative with respect to x_450 (the other 499 variables held",
                          "  constant):"]


@given(st.lists(st.sampled_from(["x", "sin(x)", "exp(x*y)", "+", "-", "=", "(a + b)",
                                 "word", "x**2", "1/(x + 1)"]), min_size=1, max_size=60),
       st.integers(min_value=30, max_value=100))
def test_wrapping_keeps_every_token_and_fits(tokens, width):
    line = "Result:   " + " ".join(tokens)
    out = wrap(line, width)
    assert all(len(ln) <= width for ln in out)
    assert " ".join(ln.strip() for ln in out).split() == line.split()


def test_fit_text_leaves_short_text_alone():
    assert fit_text("a\n  b") == "a\n  b"


@given(st.lists(st.one_of(st.just(""), st.just("x" * (WRAP_MAX + 1)),
                          st.lists(st.sampled_from(["Result:", "x", "+", "sin(x)", "  ", "=",
                                                    "\n", "Input:    x +\n"]),
                                   max_size=40).map(" ".join)), min_size=1, max_size=6))
def test_a_views_lines_fit_as_its_text_does(lines):
    """A text view may return its lines instead of its text: the same text comes out (a
    line may hold line breaks: an input echoed as it was typed)."""
    assert fit_lines(lines) == fit_text("\n".join(lines))


# -- tables keep their headers ------------------------------------------------------------------


def test_the_limit_table_keeps_its_header():
    out = render(calcdiff.limit("sin x", "x=1"), "text", steps=False)
    assert """\
  h          exact quotient            in floating point    error of the exact
                                                            quotient
  1/10       0.49736375253538833299…   0.4973637525353891   -4.294e-02
""" in out
    assert widest(out) <= 80


def test_a_table_too_wide_for_its_data_comes_in_blocks_of_columns():
    out = render(calcdiff.limit("x^2 y^3", "x=1,y=2", wrt="y"), "text", steps=False)
    assert """\
  1/100000   120000600001/10000000000 = 12.0000600001   12.000060000261213

  h          error of the exact quotient
  1/10       61/100
""" in out
    assert widest(out) <= 80


def test_a_table_too_wide_even_in_blocks_is_one_record_per_row():
    rows = [("n", "value"), ("1", "v" * 90), ("2", "short")]
    assert table_lines(rows, 60) == [
        "  n = 1", "    value  " + "v" * 49, "           " + "v" * 41,
        "  n = 2", "    value  short"]


def test_table_lines_whole_when_it_fits():
    assert table_lines([("a", "b"), ("1", "22")]) == ["  a   b", "  1   22"]


# -- the PDF: wide matrices named, entries in display style -------------------------------------


def test_latex_names_the_entries_of_a_wide_matrix():
    body = render(calcdiff.hessian(LSE4), "latex", steps=False)
    assert r"H = \begin{bmatrix}H_{11} & H_{12} & H_{13} & H_{14} \\" in body
    assert r"&H_{12} = H_{21} = \frac{-e^{" in body


def test_latex_shows_a_matrix_that_fits_in_display_style():
    body = render(calcdiff.hessian(LSE3), "latex", steps=False)
    assert r"H = \begin{bmatrix}\displaystyle \frac{e^{x + y} + e^{x + z}}" in body
    assert r"H_{11}" not in body


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed")
def test_the_named_matrices_compile(tmp_path):
    doc = render(calcdiff.hessian(LSE4), "latex")
    assert compile_log(tmp_path, doc).count("Overfull") == 0


# -- plots: orders, the tangent line, the reading notation --------------------------------------


def test_taylor_legend_labels_each_partial_sum_by_its_order():
    title, _, _, curves, _ = _curves(calcdiff.taylor("sin x", at="x=0", order=7))
    assert [label for label, _ in curves] == [
        "f(x) = sin(x)", "T1(x) = x", "T3(x) = x − x³/6", "T5(x) = x − x³/6 + x⁵/120",
        "T7(x) = x − x³/6 + x⁵/120 − x⁷/5040"]
    assert title == "Taylor polynomials of sin(x) at x = 0"


def test_taylor_legend_with_every_coefficient_zero():
    _, _, _, curves, _ = _curves(calcdiff.taylor("x^9", at="x=0", order=3))
    assert [label for label, _ in curves] == ["f(x) = x⁹", "T3(x) = 0"]


def test_tangent_legend_is_the_tangent_line_as_the_command_prints_it():
    t = calcdiff.tangent("sin x", at="x=pi/4")
    title, _, _, curves, _ = _curves(t)
    assert curves[1][0] == "tangent: y = √2/2 + √2/2·(x − π/4)"
    assert curves[1][0] == "tangent: y = " + pretty(t.tangent)
    assert pretty(t.tangent) in render_string(t, "rich", steps=False)
    assert title == "f(x) = sin(x) and its tangent at x = π/4"


def test_titles_are_in_the_reading_notation():
    title, *_ = _curves(calcdiff.tangent("3x^2 - 4x", at="x=1"))
    assert title == "f(x) = 3x² − 4x and its tangent at x = 1"
    d = calcdiff.descend("(w-3)^2", "w=9", iterations=3)
    assert descent_title(d) == "gradient descent on (w − 3)²"
    for label in (title, descent_title(d)):
        assert "**" not in label and "*" not in label


def test_terminal_plot_legend_and_title_fit_80_columns():
    out = plot_result(calcdiff.taylor("exp(x) sin(x)/(1+x^2)", at="x=1", order=4), "-")
    assert widest(out) <= 80
    assert terminal_plot("t", (0, 1), [("f", lambda x: x)], []).startswith("t\n")


def test_the_png_is_drawn_with_these_labels(tmp_path):
    pytest.importorskip("matplotlib")
    target = tmp_path / "taylor.svg"
    assert plot_result(calcdiff.taylor("sin x", at="x=0", order=5), str(target)) \
        == f"wrote {target}"
    svg = target.read_text(encoding="utf-8")
    assert "T3(x) = x − x³/6" in svg  # matplotlib keeps each text as a comment


def test_a_fraction_too_wide_for_a_row_breaks_inside_it():
    from calcdiff.render.latex import ROW_WIDTH, break_math, latex_expr, visual_len

    t = calcdiff.taylor("exp(x) sin(x)/(1+x^2)", at="x=1", order=3)
    rows = break_math(r"\frac{d}{dx} " + latex_expr(t.derivatives[3]), ROW_WIDTH)
    assert len(rows) > 1
    assert rows[0].startswith(r"\frac{d}{dx} \bigl(")  # the operator stays a fraction
    assert all(visual_len(r) <= ROW_WIDTH + 12 for r in rows)


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed")
def test_a_taylor_document_with_wide_derivatives_has_no_overfull_line(tmp_path):
    doc = render(calcdiff.taylor("exp(x) sin(x)/(1+x^2)", at="x=1", order=3), "latex")
    assert r"\begin{tabular}{rll}" in doc  # the derivatives are listed above the table
    assert compile_log(tmp_path, doc).count("Overfull") == 0


def test_a_machine_sized_line_is_printed_whole():
    from calcdiff.render.layout import WRAP_MAX, fit_text

    huge = "Result:   " + " + ".join(["x"] * (WRAP_MAX // 4 + 10))
    small = "Notes:    " + " ".join(["word"] * 30)
    out = fit_text(small + "\n" + huge).split("\n")
    assert out[-1] == huge
    assert all(len(line) <= 80 for line in out[:-1]) and len(out) > 2


@pytest.mark.parametrize("text, shown", [
    ("sqrt(x)^2", "(√x)²"), ("exp(x)^2", "(e^x)²"), ("sqrt(x^2)", "√(x²)"),
    ("exp(x^2)", "e^(x²)"), ("1/sqrt(x)^3", "1/(√x)³"), ("|x|^2", "|x|²"),
    ("sin(x)^2", "sin(x)²")])
def test_a_prefix_form_under_a_power_keeps_its_meaning(text, shown):
    """√x² reads as √(x²) and e^x² as e^(x²): as the base of a power, √ and e^ take
    brackets."""
    from calcdiff.read.parser import parse
    from calcdiff.render.pretty import UNICODE
    from calcdiff.tree.printer import write

    assert write(parse(text).expr, UNICODE) == shown


@pytest.mark.parametrize("plain, shown", [
    ("3/2*x**2", "3/2·x²"),  # was 3/2x², read as 3/(2x²)
    ("-3/2*x", "−3/2·x"),
    ("3*x**2", "3x²"),  # a whole number still stands beside its letter
])
def test_a_fraction_is_not_juxtaposed_with_its_letter(plain, shown):
    from calcdiff.read.parser import parse

    assert pretty(parse(plain).expr) == shown
