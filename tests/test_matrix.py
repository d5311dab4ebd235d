"""Matrix calculus: every answer checked element-wise against the expression expanded entry by
entry (tests/matrix_oracle.py) at random sizes 2-5 and random values; the Matrix Cookbook
corpus (tests/fixtures/matrix_identities.txt); the machine-learning cases; the layouts."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from calcdiff.commands.matrix import matrix_grad
from calcdiff.errors import ParseError, UsageError
from calcdiff.matrix.nodes import Var
from calcdiff.matrix.printer import write
from calcdiff.matrix.reader import Declarations, read_matrix
from calcdiff.read.rule_exprs import builtin_table
from tests import matrix_oracle as O

CORPUS = Path(__file__).parent / "fixtures" / "matrix_identities.txt"


def declarations(text: str) -> dict:
    """``A:n,n x:n c`` -> the keyword arguments matrix=, vector=, scalar=."""
    out = {"matrix": [], "vector": [], "scalar": []}
    for item in text.split():
        name = item.partition(":")[0]
        kind = "scalar" if ":" not in item else ("matrix" if name[0].isupper() else "vector")
        out[kind].append(item)
    return out


def oracle_check(result, rng: random.Random, reference: str | None = None,
                 decls: dict | None = None) -> None:
    """Every part's answer (and ``reference``, read with ``decls``) against the oracle."""
    tree = result.expr
    dims = O.random_dims(tree, rng)
    env = O.random_values(tree, dims, rng)
    if result.upstream is not None:
        g = result.upstream
        env["g"] = [[O.Dual(rng.uniform(-1, 1)) for _ in range(dims.get(g.shape[1], 1)
                     if isinstance(g.shape[1], str) else g.shape[1])]
                    for _ in range(dims[g.shape[0]] if isinstance(g.shape[0], str)
                                   else g.shape[0])]
    for part in result.parts:
        answers = [part.answer]
        if reference is not None:
            answers.append(read_matrix(reference, Declarations.read(**decls), builtin_table()))
        for k, answer in enumerate(answers):
            got = O.floats(O.evaluate(answer, env, dims))
            _compare(tree, part, got, env, dims, numerator=(part.layout == "numerator"
                                                            and k == 0))


def _compare(tree, part, got, env, dims, numerator: bool) -> None:
    v: Var = part.wrt
    rows, cols = len(env[v.name]), len(env[v.name][0])
    for i in range(rows):
        for j in range(cols):
            out = O.evaluate(tree, O.seeded(env, v.name, i, j), dims)
            if part.kind == "gradient":
                want = out[0][0].b
                have = got[j][i] if numerator else got[i][j]
                assert O.close(have, want), (write(part.answer), i, j, have, want)
            elif part.kind == "jacobian":
                for k, want_dual in enumerate(x for row in out for x in row):
                    want = want_dual.b
                    have = got[k][i] if numerator else got[i][k]
                    assert O.close(have, want), (write(part.answer), i, k, have, want)
            else:  # the vector-Jacobian product with the upstream g
                g = [x.a for row in env["g"] for x in row]
                want = sum(gk * o.b for gk, o in zip(g, (x for row in out for x in row)))
                assert O.close(got[i][j], want), (write(part.answer), i, j)


def corpus():
    for n, line in enumerate(CORPUS.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip() and not line.startswith("#"):
            expr, wrt, decls, answer, source = (p.strip() for p in line.split("|"))
            yield pytest.param(expr, wrt, decls, answer, id=f"{source} {expr}")


def test_the_corpus_has_forty_identities():
    assert len(list(corpus())) >= 40


@pytest.mark.parametrize("expr,wrt,decls,answer", list(corpus()))
def test_cookbook_identity(expr, wrt, decls, answer):
    d = declarations(decls)
    rng = random.Random(f"{expr}|{wrt}")
    for layout in ("denominator", "numerator"):
        result = matrix_grad(expr, [wrt], layout=layout, **d)
        oracle_check(result, rng, answer, d)


# ---------------------------------------------------------------------------------------------
# the examples and the machine-learning cases, with the answers as printed

ML_CASES = [
    ("x^T A x", "x", {}, "(A + Aᵀ)x"),
    ("x^T A x", "x", {"matrix": ["A:n,n,sym"]}, "2Ax"),
    ("A x", "x", {}, "Aᵀ"),
    ("x^T A", "x", {}, "A"),
    ("‖x‖^2", "x", {}, "2x"),
    ("‖X‖_F^2", "X", {}, "2X"),
    ("‖Xw − y‖²", "w", {}, "2Xᵀ(Xw − y)"),
    ("‖Xw − y‖² + λ‖w‖²", "w", {}, "2Xᵀ(Xw − y) + 2λw"),
    ("log(1 + exp(-y w^T x))", "w", {"scalar": ["y"]},
     "−y·exp(−ywᵀx)x/(1 + exp(−ywᵀx))"),
    ("-y log(sigmoid(w^T x)) - (1 - y) log(1 - sigmoid(w^T x))", "w", {"scalar": ["y"]}, None),
    ("-y^T log(softmax(z))", "z", {"vector": ["y:k,prob"]}, "softmax(z) − y"),
    ("-y^T log(softmax(z))", "z", {}, "sum(y)softmax(z) − y"),
    ("sigmoid(W x + b)", "b", {}, "diag(σ′(Wx + b))"),
    ("sigmoid(W x + b)", "x", {}, "Wᵀdiag(σ′(Wx + b))"),
    ("sigmoid(W x + b)", "W", {}, "(σ′(Wx + b) ⊙ g)xᵀ"),
    ("‖W2 sigmoid(W1 x + b1) + b2 - y‖^2", "W1", {},
     "2(σ′(W1x + b1) ⊙ (W2ᵀ(W2σ(W1x + b1) + b2 − y)))xᵀ"),
    ("‖W2 sigmoid(W1 x + b1) + b2 - y‖^2", "W2", {}, "2(W2σ(W1x + b1) + b2 − y)σ(W1x + b1)ᵀ"),
    ("‖W2 sigmoid(W1 x + b1) + b2 - y‖^2", "b1", {},
     "2(σ′(W1x + b1) ⊙ (W2ᵀ(W2σ(W1x + b1) + b2 − y)))"),
    ("‖W2 tanh(W1 x) - y‖^2 / 2", "W1", {}, None),
    ("sum(exp(X w))", "w", {}, "Xᵀexp(Xw)"),
    ("x^T x / (x^T A x)", "x", {}, None),
    ("‖x‖", "x", {}, "x/‖x‖"),
    ("‖x‖^3", "x", {}, "3‖x‖x"),  # a scalar's powers cancel (it printed 3‖x‖²x/‖x‖)
    ("‖x‖^(5/2)", "x", {}, "(5/2)‖x‖^(1/2)x"),
    # a function of the table of a scalar: its derivative's formula, not f′(…)
    ("sqrt(x^T x)", "x", {}, "x/sqrt(xᵀx)"),
    ("tanh(w^T x)", "x", {}, "(1 − tanh(wᵀx)²)w"),
    ("softplus(w^T x)", "w", {}, "σ(wᵀx)x"),
    ("softmax(z)", "z", {}, None),
    ("dot(a, x)^2 + trace(X' X)", "x", {}, "2aaᵀx"),
    ("x ⊙ x", "x", {}, None),
    # diag(v) in the differential: ⟨C, diag(u)⟩ is ⟨the diagonal of C, u⟩
    ("a^T diag(x) b", "x", {}, "b ⊙ a"),
    ("diag(x) a", "x", {}, "diag(a)"),  # a Jacobian: diag(a) g, g on the right
    ("diag(x) x", "x", {}, "2diag(x)"),
    ("x^T diag(a) x", "a", {}, "x ⊙ x"),
    ("tr(diag(x))", "x", {}, "𝟏"),
    ("tr(A diag(x))", "x", {}, None),
    # sum(g) = 𝟏ᵀg: the Jacobian of log-softmax, a row of ones printed as 𝟏ᵀ
    ("log(softmax(z))", "z", {}, "I − softmax(z)𝟏ᵀ"),
    # a scalar term of a factored sum is a multiple of I (it printed A + Aᵀ + 2λ)
    ("x^T A x + lambda x^T x", "x", {}, "(A + Aᵀ + 2λI)x"),
    ("(A x)^T B (A x - x)", "x", {}, "(AᵀB(A − I) + (Aᵀ − I)BᵀA)x"),
    ("2 log(det(X)) + a^T X^-1 b", "X", {}, "(2I − X⁻ᵀabᵀ)X⁻ᵀ"),
    # a matrix beside its inverse is I (it printed −X⁻ᵀXᵀX⁻ᵀ), and like terms whose sums are
    # written in another order are one term (it printed ((1/2)(A + Aᵀ) + (1/2)(Aᵀ + A))x)
    ("log(det(X^-1))", "X", {}, "−X⁻ᵀ"),
    ("x^T A^-1 A y", "x", {}, "y"),
    ("x^T (A + A^T) x / 2", "x", {}, "(A + Aᵀ)x"),
    ("log(det(X^T X))", "X", {"matrix": ["X:n,n"]}, "2X(XᵀX)⁻¹"),  # (XᵀX)⁻ᵀ is (XᵀX)⁻¹
    ("sum(A)", "A", {"matrix": ["A:n,m"]}, "𝟏𝟏ᵀ"),  # the matrix of ones (it printed 𝟏)
    ("x^T 1", "x", {}, "𝟏"),  # xᵀ𝟏 as 𝟏ᵀx is (it was xᵀ times the number 1: a Jacobian I)
    ("x^T*1*y", "x", {}, "y"), ("x^T 1 A x", "x", {}, "(A + Aᵀ)x"),  # a 1 inside: the number
    # a factor common to some terms (it printed Ax + Aᵀx + b), a number common to a factored
    # sum's terms ((1/2)A + (1/2)Aᵀ), a scalar and its transpose as one term ((aᵀx + xᵀa)a)
    ("x^T A x + b^T x + c", "x", {}, "(A + Aᵀ)x + b"),
    ("0.5 x^T A x - b^T x", "x", {}, "(1/2)(A + Aᵀ)x − b"),
    ("x^T a a^T x", "x", {}, "2aaᵀx"),
    # 1ᵀsoftmax(x) is 1: (diag(s) − ssᵀ)𝟏 = s − s(sᵀ𝟏) = 0 (it printed that product)
    ("1^T softmax(x)", "x", {}, "0"), ("log(1^T softmax(x))", "x", {}, "0"),
]


@pytest.mark.parametrize("expr, expected", [("log(abs(det(X)))", "X⁻ᵀ"),
                                            ("abs(det(X))", "abs(det(X))X⁻ᵀ")])
def test_a_scalars_abs_squared_is_its_square(expr, expected):
    # |u|² = u² and u²/|u| = |u| (it printed det(X)²X⁻ᵀ/abs(det(X))²); the oracle's duals
    # have no abs′, so the answer is checked as written (the Cookbook's (57) for the first)
    assert write(matrix_grad(expr, ["X"], matrix=["X:n,n"]).parts[0].answer) == expected


@pytest.mark.parametrize("expr,wrt,decls,expected", ML_CASES)
def test_ml_case(expr, wrt, decls, expected):
    result = matrix_grad(expr, [wrt], **decls)
    if expected is not None:
        assert write(result.parts[0].answer) == expected
    for seed in range(2):
        oracle_check(result, random.Random(f"{seed}{expr}{wrt}"))


def test_numerator_layout_transposes():
    den = matrix_grad("A x", ["x"]).parts[0]
    num = matrix_grad("A x", ["x"], layout="numerator").parts[0]
    assert (write(den.answer), write(num.answer)) == ("Aᵀ", "A")
    assert "denominator layout" in den.layout_note and "numerator layout" in num.layout_note
    assert write(matrix_grad("a^T X b", ["X"], layout="numerator").parts[0].answer) == "baᵀ"


def test_every_step_is_named_and_true():
    """Each differential step and trace-trick step is a rule of the table; the final
    differential reads the same gradient as the answer (checked by the oracle above)."""
    from calcdiff.matrix.engine import RULES

    result = matrix_grad("‖W2 sigmoid(W1 x) - y‖^2 + tr(inv(X)) + log(det(X))",
                         ["W1", "X"])
    for part in result.parts:
        stack = [part.differential, *part.trace_steps]
        while stack:
            s = stack.pop()
            assert s.rule in RULES
            stack.extend(s.substeps)
    oracle_check(result, random.Random(3))


def verify_steps(result, rng: random.Random) -> int:
    """Every step d(lhs) = rhs of every differential, as a directional derivative along a
    random dX, and every trace-trick step lhs = rhs, at random values. Returns the count."""
    tree = result.expr
    dims = O.random_dims(tree, rng)
    env = O.random_values(tree, dims, rng)
    if result.upstream is not None:
        env["g"] = O.random_values(result.upstream, {**dims}, rng)["g"]
    checked = 0
    for part in result.parts:
        name = part.wrt.name
        direction = [[rng.uniform(-1, 1) for _ in row] for row in env[name]]
        moved = dict(env)
        moved[name] = [[O.Dual(x.a, d) for x, d in zip(row, drow)]
                       for row, drow in zip(env[name], direction)]
        env["d:" + name] = [[O.Dual(d) for d in drow] for drow in direction]
        stack = [part.differential]
        while stack:
            s = stack.pop()
            stack.extend(s.substeps)
            want = [[x.b for x in row] for row in O.evaluate(s.lhs, moved, dims)]
            have = O.floats(O.evaluate(s.rhs, env, dims))
            assert all(O.close(h, w) for hr, wr in zip(have, want) for h, w in zip(hr, wr)), \
                (s.rule, write(s.lhs), write(s.rhs))
            checked += 1
        for s in part.trace_steps:
            a, b = (O.floats(O.evaluate(x, env, dims)) for x in (s.lhs, s.rhs))
            assert O.close(a[0][0], b[0][0]), (s.rule, write(s.lhs), write(s.rhs))
            checked += 1
    return checked


@pytest.mark.parametrize("expr,wrt,decls,expected", ML_CASES)
def test_every_step_is_a_true_identity(expr, wrt, decls, expected):
    assert verify_steps(matrix_grad(expr, [wrt], **decls), random.Random(expr)) >= 2


@pytest.mark.parametrize("expr,wrt,decls,answer", list(corpus()))
def test_every_cookbook_step_is_a_true_identity(expr, wrt, decls, answer):
    result = matrix_grad(expr, [wrt], **declarations(decls))
    assert verify_steps(result, random.Random(expr + wrt)) >= 2


def test_two_layer_network_matches_backpropagation():
    """∂L/∂W1 = (σ′(z1) ⊙ W2ᵀ δ2) xᵀ with δ2 = ∂L/∂a2, as backpropagation computes it."""
    result = matrix_grad("‖W2 sigmoid(W1 x) - y‖^2", ["W1", "W2"])
    w1, w2 = (write(p.answer) for p in result.parts)
    assert w2 == "2(W2σ(W1x) − y)σ(W1x)ᵀ"  # δ2 a1ᵀ with δ2 = 2(a2 − y)
    assert w1 == "2(σ′(W1x) ⊙ (W2ᵀ(W2σ(W1x) − y)))xᵀ"  # (σ′(z1) ⊙ W2ᵀδ2) xᵀ
    oracle_check(result, random.Random(7))


@pytest.mark.parametrize("text,message,column", [
    ("x^T A y + x", "cannot add a scalar and a vector", 9),
    ("x y", "cannot multiply a vector by a vector", 3),
    ("tr(x)", "tr needs a square matrix, not a vector", 1),
    ("‖X‖", "‖…‖ of a matrix is ambiguous", 1),
    ("x^T A | x", "unexpected character '|'", 7),
    ("x / (A y)", "can divide only by a scalar, not by a vector", 3),  # (x / y: y scalar)
    ("x / A", "can divide only by a scalar, not by a matrix", 3),
    ("x^2", "a power needs a square matrix, not a vector", 2),
])
def test_shape_errors_point_at_the_operator(text, message, column):
    with pytest.raises(ParseError) as err:
        matrix_grad(text, ["x"] if "x" in text else None)
    assert err.value.message == message
    assert err.value.column == column


def test_declared_shapes_are_checked():
    with pytest.raises(ParseError) as err:
        matrix_grad("A x", ["x"], matrix=["A:n,m"], vector=["x:n"])
    assert err.value.message == "cannot multiply a n×m matrix by a vector of length n"
    with pytest.raises(UsageError):
        matrix_grad("A x", ["x"], matrix=["A:n"])
    with pytest.raises(UsageError):
        matrix_grad("A x", ["z"])


def test_reading_conventions():
    tree = read_matrix("λ‖Xw‖ + x'A x", Declarations(), builtin_table())
    kinds = {v.name: (v.kind, v.shape) for v in result_vars(tree)}
    assert kinds == {"lamda": ("scalar", (1, 1)), "X": ("matrix", ("n", "m")),
                     "w": ("vector", ("m", 1)), "x": ("vector", ("p", 1)),
                     "A": ("matrix", ("p", "p"))}


def result_vars(tree):
    from calcdiff.matrix.nodes import variables

    return variables(tree)


@pytest.mark.parametrize("expr, plain", [
    ("(x^T x)^(3/2)", "3*(x^T*x)^(1/2)*x"),  # an exponent is one factor: brackets kept
    ("(x^T x)^(1/2)", "(x^T*x)^(-1/2)*x"),
    ("(a^T x) x", "a*x^T + (a^T*x)*I"),  # not I*a^T*x, a matrix times a row
])
def test_plain_answers_read_back_as_written(expr, plain):
    answer = matrix_grad(expr, ["x"]).parts[0].answer
    assert write(answer, "ascii") == plain


def test_a_capital_times_a_variable_read_as_a_number_is_said():
    # grad "sigmoid(W x + b)", the dense layer, was scalar calculus with no word of it
    from calcdiff.commands.multivar import grad as scalar_grad

    notes = scalar_grad("sigmoid(W x + b)").reading.note_messages()
    assert ("W read as a number (scalar calculus); for the matrix W give --matrix W:n,m or "
            "--wrt W") in notes
    for plain in ("P V/T", "A*x + B*y"):  # a formula's capitals, outside any function
        assert not any("scalar calculus" in n for n in scalar_grad(plain).reading.note_messages())


def test_a_power_of_t_in_a_hessian_is_said():
    # hessian "x^T" read x to the power T with no word of it; a power of a sum is a power
    from calcdiff.commands.multivar import hessian

    assert hessian("x^T").readings[0].note_messages() == [
        "x^T read as x to the power T (scalar calculus); for the transpose of x, run calcdiff "
        "grad with --vector x:n"]
    both = hessian("x^T + W^T").readings[0].notes[0].message
    assert both.startswith("W^T and x^T read as W, x to the power T")
    for text in ("(1 + r)^T", "x^2 + T", "x^t"):
        assert not any("power T" in n for n in hessian(text).readings[0].note_messages())


@pytest.mark.parametrize("text,loose", [
    ("y^T log(sigmoid(W x)) + (1 - y)^T log(1 - sigmoid(W x))", None),  # x's length: W's
    ("sigmoid(x) ⊙ (1 - sigmoid(x))", None),  # ⊙: x is a vector
    ("log(1 + exp(-y w^T x))", "y"),  # logistic loss with a label y: a number
])
def test_one_minus_a_vector_hints_at_ones(text, loose):
    from calcdiff.commands.multivar import grad

    with pytest.raises(ParseError) as info:  # "cannot add a scalar and a vector", no hint
        grad(text)
    ones = "a number and a vector do not add: for the vector of ones write ones (ones - y)"
    assert info.value.hint == (ones + f"; if {loose} is a number, declare --scalar {loose}"
                               if loose else ones)
