"""How `grad` reads matrix input: which spellings route to the matrix reader (every transpose
the scalar reader refuses, ∘, @, .*, Tr), how the convention for undeclared names bends to
their use (θ in θᵀx is a vector, b in wᵀx + b a scalar), and the messages that name the
option to declare when the convention is wrong."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from calcdiff.cli import main


def run(*args):
    return CliRunner().invoke(main, ["grad", *args, "--no-steps", "-f", "text"],
                              catch_exceptions=False)


def answers(r) -> list[str]:
    assert (r.exit_code, r.stderr) == (0, ""), r.output
    return [ln.strip() for ln in r.stdout.splitlines() if ln.strip().startswith("∂")]


def symbols(r) -> str:
    return next(ln for ln in r.stdout.splitlines() if ln.startswith("symbols:"))


@pytest.mark.parametrize("text, answer", [
    # transposes the scalar reader refuses ("only calcdiff grad differentiates", under grad)
    ("w^{T} x", ["∂f/∂w = x", "∂f/∂x = w"]),
    ("x^TAx", ["∂f/∂x = (A + Aᵀ)x", "∂f/∂A = xxᵀ"]),
    ("a^Tb", ["∂f/∂a = b", "∂f/∂b = a"]),
    # the inverse transpose, as calcdiff prints it
    ("x^T A^-T x", ["∂f/∂x = (A⁻ᵀ + A⁻¹)x", "∂f/∂A = −A⁻ᵀxxᵀA⁻ᵀ"]),
    ("x^T A^{-T} x", ["∂f/∂x = (A⁻ᵀ + A⁻¹)x", "∂f/∂A = −A⁻ᵀxxᵀA⁻ᵀ"]),
    ("x^T A⁻ᵀ x", ["∂f/∂x = (A⁻ᵀ + A⁻¹)x", "∂f/∂A = −A⁻ᵀxxᵀA⁻ᵀ"]),
    # the documented ∘ and @, and the ASCII .* and ** (they were unexpected characters)
    ("a ∘ b", ["∂f/∂a = diag(b)", "∂f/∂b = diag(a)"]),
    ("a .* b", ["∂f/∂a = diag(b)", "∂f/∂b = diag(a)"]),
    ("A @ x", ["∂L/∂A = gxᵀ", "∂f/∂x = Aᵀ"]),
    ("||x||**2", ["∂f/∂x = 2x"]),
    (".5 ||w||^2", ["∂f/∂w = w"]),
    # the trace under other names (Tr(A) was T·r·A)
    ("Tr(A B)", ["∂f/∂A = Bᵀ", "∂f/∂B = Aᵀ"]),
    ("\\operatorname{tr}(A)", ["∂f/∂A = I"]),
    ("\\mathrm{tr}(A)", ["∂f/∂A = I"]),
    # the ones vector (1^T x was the number 1 times x)
    ("1^T x", ["∂f/∂x = 𝟏"]),
    ("𝟏ᵀx", ["∂f/∂x = 𝟏"]),
    ("ones^T x", ["∂f/∂x = 𝟏"]),
])
def test_matrix_spellings_are_read(text, answer):
    assert answers(run(text)) == answer


def test_a_transposed_greek_letter_is_a_vector():
    """θ is a scalar by the convention, but θᵀx transposes it: it was θI, the gradient of
    θ·x, and sigmoid(θᵀx) was the element-wise σ(θx)."""
    r = run("sigmoid(theta^T x)")
    assert symbols(r) == "symbols: θ: vector of length n; x: vector of length n"
    assert answers(r) == ["∂f/∂θ = (1 − σ(θᵀx))σ(θᵀx)x", "∂f/∂x = σ(θᵀx)(1 − σ(θᵀx))θ"]
    r = run("θ^T x", "--scalar", "θ")  # declared, it stays a scalar
    assert symbols(r) == "symbols: θ: scalar; x: vector of length n"


def test_a_lowercase_letter_added_to_a_scalar_is_a_scalar():
    """b in wᵀx + b: it was 'cannot add a scalar and a vector'; as a scalar it is
    differentiated too (a Greek letter or a --scalar is held constant)."""
    r = run("sigmoid(w^T x + b)")
    assert symbols(r) == "symbols: w: vector of length n; x: vector of length n; b: scalar"
    assert answers(r)[-1] == "∂f/∂b = σ(wᵀx + b)(1 − σ(wᵀx + b))"
    r = run("x^T x - 2 b^T x + c")
    assert symbols(r) == "symbols: x: vector of length n; b: vector of length n; c: scalar"
    assert answers(r) == ["∂f/∂x = 2x − 2b", "∂f/∂b = −2x", "∂f/∂c = 1"]
    r = run("λ‖w‖^2 + b")
    assert answers(r) == ["∂f/∂w = 2λw", "∂f/∂b = 1"]


def test_a_lowercase_letter_times_scalars_added_to_a_scalar_is_a_scalar():
    """k in ‖Xw − y‖² + k‖w‖² (ridge regression): it was 'cannot add a scalar and a
    vector', with no hint naming k."""
    r = run("||Xw - y||^2 + k ||w||^2")
    assert symbols(r) == ("symbols: X: matrix n×m; w: vector of length m; y: vector of length n; "
                          "k: scalar")
    assert "∂f/∂w = 2Xᵀ(Xw − y) + 2kw" in answers(r)
    r = run("k ||w||^2 + ||Xw - y||^2")
    assert "∂f/∂w = 2kw + 2Xᵀ(Xw − y)" in answers(r)


@pytest.mark.parametrize("text, answer", [
    # n, m as divisors were 'can divide only by a scalar, not by a vector'
    ("1/n ||Xw - y||^2", "∂f/∂w = 2Xᵀ(Xw − y)/n"),
    ("||Xw - y||^2/(2n)", "∂f/∂w = Xᵀ(Xw − y)/n"),
    ("(1/m) ||Xw - y||^2", "∂f/∂w = 2Xᵀ(Xw − y)/m"),
])
def test_a_lowercase_divisor_is_a_scalar(text, answer):
    assert answer in answers(run(text))


@pytest.mark.parametrize("text, message, hint", [
    ("(x - mu)^T (x - mu)", "cannot add a vector and a scalar",
     "hint: mu is a scalar by the convention for Greek letters; for a vector declare "
     "--vector mu:n (a matrix: --matrix mu:n,m)"),
    ("||X θ - y||^2", "cannot add a matrix and a vector",
     "hint: theta is a scalar by the convention for Greek letters; for a vector declare "
     "--vector theta:n (a matrix: --matrix theta:n,m)"),
    ("tr A", "tr needs its argument in brackets", "hint: write tr(...)"),
    ("log(det X)", "det needs its argument in brackets", "hint: write det(...)"),
    ("e^(-||x||^2/2)", "expected T, -1 or a number after ^",
     "hint: for the exponential write exp(...)"),
])
def test_a_refusal_names_the_fix(text, message, hint):
    r = run(text)
    assert r.exit_code == 1
    lines = r.stderr.splitlines()
    assert (lines[0], lines[-1]) == (f"error: {message}", hint)


def test_the_declared_vector_is_read():
    r = run("(x - mu)^T (x - mu)", "--vector", "mu:n")
    assert answers(r) == ["∂f/∂x = 2x − 2μ", "∂f/∂μ = −2(x − μ)"]
