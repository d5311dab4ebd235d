"""Matrix gradients through the command line (exact output, exit codes), the batch and the
Python API; every format renders, and the LaTeX compiles."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from click.testing import CliRunner

import calcdiff
from calcdiff.cli import main
from calcdiff.render import render

SYMMETRIC = """\
f = xᵀAx
symbols: x: vector of length n; A: matrix n×n, symmetric
layout: denominator

Gradient with respect to x (vector n×1)
  differential:
    d(xᵀAx) = dxᵀAx + xᵀAdx    [quadratic-form: d(uᵀ A u) = duᵀ A u + uᵀ A du (a
                                 bilinear form with both sides varying)]
      d(xᵀ) = dxᵀ    [transpose: d(Uᵀ) = (dU)ᵀ]
        d(x) = dx    [variable: d(X) = dX]
      d(x) = dx    [variable: d(X) = dX]
    df = dxᵀAx + xᵀAdx
  reading off the gradient:
    dxᵀAx = (Ax)ᵀdx    [trace-trick: tr(A dX B) = tr(B A dX) = ⟨(BA)ᵀ, dX⟩; a
                         scalar equals its transpose]
    xᵀAdx = (Ax)ᵀdx    [trace-trick: tr(A dX B) = tr(B A dX) = ⟨(BA)ᵀ, dX⟩; a
                         scalar equals its transpose]
  denominator layout: ∂f/∂x has the shape of x (n×1)
  ∂f/∂x = 2Ax
"""


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def test_grad_routes_a_quadratic_form():
    r = run("grad", "x^T A x", "--wrt", "x", "--matrix", "A:n,n,sym", "-f", "text")
    assert (r.exit_code, r.stdout, r.stderr) == (0, SYMMETRIC, "")


def test_diag_of_a_vector_is_matrix_syntax():
    """diag(x) a names no matrix and has no ᵀ: diag( alone routes it (it was "unknown
    function 'diag'")."""
    r = run("grad", "diag(x) a", "--wrt", "x", "--no-steps", "-f", "text")
    assert r.exit_code == 0, r.output
    assert r.stdout.rstrip().endswith("∂f/∂x = diag(a)")


@pytest.mark.parametrize("text, wrt, answer", [
    ("\\|Xw - y\\|^2", "w", "∂f/∂w = 2Xᵀ(Xw − y)"),  # it was read as |Xw - y|^2 of numbers
    ("\\left\\| Xw - y \\right\\|^2", "w", "∂f/∂w = 2Xᵀ(Xw − y)"),
    ("x^\\top A x", "x", "∂f/∂x = (A + Aᵀ)x"),
    ("x^{\\top} A x", "x", "∂f/∂x = (A + Aᵀ)x"),
    ("\\lVert x \\rVert^2", "x", "∂f/∂x = 2x"),
    ("\\|Xw - y\\|^{2}", "w", "∂f/∂w = 2Xᵀ(Xw − y)"),  # braces group, as brackets do
])
def test_the_latex_of_norms_and_transposes_is_matrix_syntax(text, wrt, answer):
    r = run("grad", text, "--wrt", wrt, "--no-steps", "-f", "text")
    assert r.exit_code == 0, r.output
    assert r.stdout.rstrip().endswith(answer)


def test_layouts_are_stated():
    den = run("grad", "A x", "--wrt", "x", "--no-steps", "-f", "text").stdout
    num = run("grad", "A x", "--wrt", "x", "--no-steps", "--layout", "numerator",
              "-f", "text").stdout
    assert den.splitlines()[-2:] == [
        "  denominator layout: ∂f/∂x is m×n, row i holding ∂f/∂xᵢ", "  ∂f/∂x = Aᵀ"]
    assert num.splitlines()[-2:] == [
        "  numerator layout: ∂f/∂x is the Jacobian J (n×m), df = J dx", "  ∂f/∂x = A"]


def test_least_squares_json():
    r = run("grad", "‖Xw − y‖²", "-x", "w", "-f", "json")
    assert r.exit_code == 0
    out = json.loads(r.stdout)
    assert out["layout"] == "denominator"
    assert [s["name"] for s in out["symbols"]] == ["X", "w", "y"]
    part = out["parts"][0]
    assert (part["kind"], part["answer"]["plain"]) == ("gradient", "2*X^T*(X*w - y)")
    assert part["answer"]["latex"] == r"2 X^{\top} \left(X \mathbf{w} - \mathbf{y}\right)"
    assert part["steps"][0]["rule"] == "squared-norm"


def test_shape_error_is_one_line_with_a_caret():
    r = run("grad", "x^T A y + x", "-f", "text")
    assert r.exit_code == 1
    assert r.stdout == ""
    assert r.stderr == ("error: cannot add a scalar and a vector\n"
                        "  x^T A y + x\n"
                        "          ^\n")


def test_unknown_variable_and_unavailable_options():
    r = run("grad", "A x", "--wrt", "z")
    assert r.exit_code == 1 and r.stderr.startswith("error: z does not occur in A x")
    r = run("grad", "x^T A x", "--at", "x=1")
    assert r.exit_code == 1
    # the hint is about the option given (it was about declaring symbols, for --at too)
    assert r.stderr == ("error: --at is not available for matrix expressions\n"
                        "hint: a matrix gradient is a formula, not a value at a point: "
                        "leave out --at\n")
    r = run("grad", "x^T A x", "--vars", "x,A")
    assert r.stderr.splitlines()[-1] == ("hint: declare the shapes instead of --vars: "
                                         "--matrix A:n,n, --vector x:n, --scalar c")


def test_a_batch_goes_on_after_a_bad_line():
    r = run("grad", "--no-steps", "-f", "text", input="x^T A x\nx' + x\n‖x‖^2\n")
    assert r.exit_code == 1
    assert "∂f/∂x = (A + Aᵀ)x" in r.stdout and "∂f/∂x = 2x" in r.stdout
    assert r.stderr == ("<stdin>:2: error: cannot add a row vector and a vector\n"
                        "  x' + x\n"
                        "     ^\n")


def test_scalar_grad_is_unchanged():
    r = run("grad", "3x^2 + xy", "--no-steps", "-f", "text")
    assert r.stdout.endswith("Gradient: (6*x + y, x)\n")


def test_the_api():
    g = calcdiff.grad("sigmoid(W x + b)", wrt=["W", "b", "x"])
    assert [p.kind for p in g.parts] == ["vjp", "jacobian", "jacobian"]
    assert str(g) == "(sigmoid'(W*x + b) .* g)*x^T; diag(sigmoid'(W*x + b)); " \
                     "W^T*diag(sigmoid'(W*x + b))"
    for fmt in ("text", "json", "markdown", "latex"):
        assert render(g, fmt).strip()
    assert g._repr_latex_().startswith("$$f = ")


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed")
def test_latex_compiles(tmp_path):
    r = run("grad", "‖W2 sigmoid(W1 x) - y‖^2 + λ‖W1‖_F^2", "-f", "latex",
            "--matrix", "W1:h,n", "--vector", "x:n", "--scalar", "lambda")
    assert r.exit_code == 0
    assert r.stdout.isascii()
    (tmp_path / "m.tex").write_text(r.stdout)
    done = subprocess.run(["pdflatex", "-interaction=nonstopmode", "m.tex"], cwd=tmp_path,
                          capture_output=True, timeout=120)
    assert done.returncode == 0, done.stdout[-2000:]


def test_a_fractional_power_and_sum_are_matrix_syntax():
    """``(x^T x)^(1/2)`` is ‖x‖ (its exponent a fraction in brackets), and log-sum-exp routes
    to the matrix reader by ``sum(…)`` alone: its gradient is the softmax."""
    r = run("grad", "(x^T x)^(1/2)", "--wrt", "x", "--no-steps")
    assert r.exit_code == 0, r.output
    assert "∂f/∂x = (xᵀx)^(-1/2)x" in r.output
    r = run("grad", "log(sum(exp(x)))", "--wrt", "x", "--no-steps")
    assert r.exit_code == 0, r.output
    assert "∂f/∂x = softmax(x)" in r.output  # it printed exp(x)/sum(exp(x))
    r = run("grad", "log(sum(exp(W x)))", "--no-steps", "-f", "text")
    assert "∂f/∂W = softmax(Wx)xᵀ" in r.output and "∂f/∂x = Wᵀsoftmax(Wx)" in r.output


@pytest.mark.parametrize("args,expected", [
    (["||Xw - y||^2 + λ||w||^2", "--wrt", "λ"], "∂f/∂λ = ‖w‖²"),
    (["||Xw - y||^2 + α||w||^2", "--wrt", "α"], "∂f/∂α = ‖w‖²"),
    (["||Xw - y||^2 + μ||w||^2", "--scalar", "μ"], "∂f/∂w = 2Xᵀ(Xw − y) + 2μw"),
    (["θ^T x", "--vector", "θ:n"], "denominator layout: ∂f/∂θ has the shape of θ (n×1)"),
])
def test_greek_letters_typed_in_options_are_the_symbols(args, expected):
    """--wrt λ, --scalar μ, --vector θ:n as the expression writes them ('λ does not occur in
    … λ‖w‖²' before); θ prints as θ, not the variant ϑ."""
    r = run("grad", *args, "--no-steps", "-f", "text")
    assert r.exit_code == 0, r.output
    assert expected in r.output
    assert "ϑ" not in r.output


@pytest.mark.parametrize("args, note", [
    # LaTeX said only "the result is n x n": the symmetric caveat and the Jacobian's
    # convention were left out
    (["log(det(S))", "--matrix", "S:n,n,sym"],
     r"Denominator layout: $\partial f/\partial S$ has the shape of $S$ ($n \times n$); the "
     r"entries of $S$ are treated as independent (the gradient restricted to symmetric "
     r"matrices is its symmetric part)."),
    (["A x", "--wrt", "x", "--layout", "numerator"],
     r"Numerator layout: $\partial f/\partial \mathbf{x}$ is the Jacobian $J$ ($n \times m$), "
     r"$\mathrm{d}f = J \mathrm{d}\mathbf{x}$."),
])
def test_latex_states_the_layout_note_as_text_does(args, note):
    r = run("grad", *args, "--no-steps", "-f", "latex")
    assert r.exit_code == 0
    assert note in r.stdout.splitlines()


def test_an_undeclared_lowercase_divisor_is_a_scalar():
    # "1/n ||Xw - y||^2": n was a vector by the convention, an error with --scalar n in its
    # hint; a divisor whose length nothing fixes is a number
    r = CliRunner().invoke(main, ["grad", "1/n ||Xw - y||^2", "--no-steps", "-f", "text"])
    assert r.exit_code == 0 and "n: scalar" in r.stdout
    r = CliRunner().invoke(main, ["grad", "x^T A y + x", "--no-steps", "-f", "text"])
    assert "--scalar" not in r.stderr  # x is a vector there: its length is A's


def test_a_transpose_of_numbers_is_refused_and_a_power_t_read_with_vars():
    # grad "(1+r)^T" answered ∂f/∂r = 1 (a scalar's transpose), and --vars r,T was refused
    r = run("grad", "(1+r)^T")
    assert r.exit_code == 1
    assert r.stderr == (
        "error: a transpose of a number, which is the number itself: every symbol here is a "
        "number\n  (1+r)^T\n       ^^\n"
        "hint: for a power T, give the variables: --vars r,T; for a vector, declare it: "
        "--vector r:n\n")
    r = run("grad", "(1+r)^T", "--vars", "r,T", "-f", "text", "--no-steps")
    assert r.exit_code == 0
    assert r.stdout.splitlines()[-1] == "Gradient: (T*(r + 1)**(T - 1), (r + 1)**T*log(r + 1))"
    r = run("grad", "x^T x", "-f", "text", "--no-steps")  # a vector's transpose as before
    assert r.exit_code == 0 and r.stdout.splitlines()[-1] == "  ∂f/∂x = 2x"


def test_a_declared_sigma_is_a_scalar_not_the_sigmoid():
    """--scalar σ was refused: "sigma needs its argument in brackets" (σ(z) is the
    sigmoid), which broke the Gaussian kernel's notation."""
    r = CliRunner().invoke(main, ["grad", "exp(-||x - y||^2 / (2 σ^2))", "--vector", "x:n",
                                  "--vector", "y:n", "--scalar", "σ", "-x", "x", "-f", "text",
                                  "--no-steps"])
    assert r.exit_code == 0, r.output
    assert r.stdout.rstrip().endswith("∂f/∂x = −exp(−(1/2)‖x − y‖²/σ²)(x − y)/σ²")


def test_a_matrix_gradients_expr_is_a_string_as_every_commands_is():
    """In one grad batch, expr was a string on scalar lines and an object on matrix ones."""
    r = CliRunner().invoke(main, ["grad", "x^T A x", "--vector", "x:n", "--matrix", "A:n,n",
                                  "-x", "x", "-f", "json"])
    out = json.loads(r.stdout)
    assert isinstance(out["expr"], str) and out["expr_forms"]["shape"] == [1, 1]
