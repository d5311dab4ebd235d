"""Matrix differentiation in two stages, each a list of named, true identities.

1. The differential d f, one rule per node type (:data:`RULES` states each), recursively.
2. The trace trick: every term of the simplified differential, linear in dX, is rewritten
   as ⟨G, dX⟩ = tr(Gᵀ dX) by moving the factors around dX to the other side (cyclic trace,
   transpose of a scalar); the gradient (denominator layout) is the sum of the G.
For a vector- or matrix-valued f, the same reading with an upstream gradient g = ∂L/∂f in
place of 1 gives the vector–Jacobian product (backpropagation); when g ends up on the right,
g is factored out and what is left is the Jacobian.
"""

from __future__ import annotations

from dataclasses import dataclass

from calcdiff.deriving.engine import differentiate
from calcdiff.errors import UsageError
from calcdiff.matrix.nodes import (
    MINUS_ONE, ONE, SCALAR, DiagV, Det, Diff, Div, Elem, EntrySum, Had, Ident, Inv, MExpr,
    Norm, Num, Ones, Power, Prod, Softmax, Sum, T, Tr, Var, Zero,
)
from calcdiff.matrix.simplify import simplify, transpose
from calcdiff.simplify import simplify as simplify_scalar
from calcdiff.tree.nodes import Call, Sym

# rule id -> the identity it applies (shown with every step)
RULES = {
    "constant": "d(A) = 0 for A free of the variable",
    "variable": "d(X) = dX",
    "sum": "d(U + V) = dU + dV",
    "linear-map": "d(A U B) = A dU B (A, B constant: a linear map)",
    "product": "d(U V) = dU V + U dV (product rule)",
    "quadratic-form": "d(uᵀ A u) = duᵀ A u + uᵀ A du (a bilinear form with both sides varying)",
    "bilinear-form": "d(uᵀ A v) = duᵀ A v + uᵀ A dv (the product rule for a bilinear form)",
    "transpose": "d(Uᵀ) = (dU)ᵀ",
    "inverse": "d(U⁻¹) = −U⁻¹ dU U⁻¹",
    "trace": "d tr(U) = tr(dU) (trace is linear)",
    "determinant": "d det(U) = det(U) tr(U⁻¹ dU) (Jacobi's formula)",
    "norm": "d‖u‖ = uᵀ du / ‖u‖ (‖U‖_F: tr(Uᵀ dU) / ‖U‖_F)",
    "squared-norm": "d‖u‖² = 2 uᵀ du (‖U‖²_F: 2 tr(Uᵀ dU))",
    "power": "d(s^k) = k s^(k−1) ds for a scalar s",
    "matrix-power": "d(U^k) = Σᵢ Uⁱ dU U^(k−1−i)",
    "quotient": "d(U/s) = dU/s − U ds/s²",
    "hadamard": "d(U ⊙ V) = dU ⊙ V + U ⊙ dV",
    "elementwise-chain": "d f(U) = f′(U) ⊙ dU (chain rule through the diagonal Jacobian)",
    "log": "d log(s) = ds / s",
    "softmax": "d softmax(u) = (diag(s) − s sᵀ) du, s = softmax(u)",
    "log-softmax": "d log softmax(u) = du − 𝟏 softmax(u)ᵀ du",
    "entry-sum": "d sum(U) = sum(dU)",
    "diag": "d diag(u) = diag(du)",
    "trace-trick": "tr(A dX B) = tr(B A dX) = ⟨(BA)ᵀ, dX⟩; a scalar equals its transpose",
    "gradient": "df = ⟨G, dX⟩ for every dX means ∂f/∂X = G (denominator layout)",
}


@dataclass(frozen=True)
class MStep:
    """One claim ``lhs = rhs`` by ``rule`` (an id of :data:`RULES`)."""

    rule: str
    lhs: MExpr
    rhs: MExpr
    substeps: tuple["MStep", ...] = ()
    note: str = ""


class DifferentialMaker:
    """d(e) with respect to one variable, as an MStep tree (lhs ``d(e)`` written as e)."""

    def __init__(self, var: Var, table=None):
        self.var, self.table = var, table
        self.dvar = Diff(var)

    def d(self, e: MExpr) -> MStep:
        if not e.has(self.var):
            return MStep("constant", e, Zero(e.shape))
        if e == self.var:
            return MStep("variable", e, self.dvar)
        method = getattr(self, "_" + type(e).__name__.lower(), None)
        if method is None:
            raise UsageError(f"cannot differentiate {type(e).__name__} yet")
        step = method(e)
        return MStep(step.rule, step.lhs, simplify(step.rhs), step.substeps, step.note)

    def _sum(self, e: Sum) -> MStep:
        subs = tuple(self.d(t) for t in e.terms)
        return MStep("sum", e, Sum(tuple(s.rhs for s in subs)), subs)

    def _prod(self, e: Prod) -> MStep:
        fs = e.factors
        varying = [i for i, f in enumerate(fs) if f.has(self.var)]
        subs = tuple(self.d(fs[i]) for i in varying)
        terms = []
        for i, sub in zip(varying, subs):
            terms.append(Prod(fs[:i] + (sub.rhs,) + fs[i + 1:]))
        if len(varying) == 1:
            return MStep("linear-map", e, terms[0], subs)
        rule = "product"
        if len(fs) == 3 and varying == [0, 2] and isinstance(fs[0], T) and e.shape == SCALAR:
            rule = "quadratic-form" if fs[0].arg == fs[2] else "bilinear-form"
        return MStep(rule, e, Sum(tuple(terms)), subs)

    def _t(self, e: T) -> MStep:
        sub = self.d(e.arg)
        return MStep("transpose", e, T(sub.rhs), (sub,))

    def _inv(self, e: Inv) -> MStep:
        sub = self.d(e.arg)
        return MStep("inverse", e, Prod((MINUS_ONE, e, sub.rhs, e)), (sub,))

    def _tr(self, e: Tr) -> MStep:
        sub = self.d(e.arg)
        return MStep("trace", e, Tr(sub.rhs), (sub,))

    def _det(self, e: Det) -> MStep:
        sub = self.d(e.arg)
        return MStep("determinant", e, Prod((e, Tr(Prod((Inv(e.arg), sub.rhs))))), (sub,))

    def _inner(self, u: MExpr, du: MExpr) -> MExpr:
        return Prod((T(u), du)) if u.shape[1] == 1 else Tr(Prod((T(u), du)))

    def _norm(self, e: Norm) -> MStep:
        sub = self.d(e.arg)
        return MStep("norm", e, Div(self._inner(e.arg, sub.rhs), e), (sub,))

    def _power(self, e: Power) -> MStep:
        k, base = e.exp, e.base
        if isinstance(base, Norm) and k == 2:
            sub = self.d(base.arg)
            return MStep("squared-norm", e, Prod((Num(2), self._inner(base.arg, sub.rhs))),
                         (sub,))
        sub = self.d(base)
        if base.shape == SCALAR:
            return MStep("power", e, Prod((Num(k), Power(base, k - 1), sub.rhs)), (sub,))
        n = int(k)
        terms = tuple(Prod((Power(base, i), sub.rhs, Power(base, n - 1 - i)))
                      for i in range(n))
        return MStep("matrix-power", e, Sum(terms), (sub,))

    def _div(self, e: Div) -> MStep:
        subs = (self.d(e.num), self.d(e.den))
        rhs = Sum((Div(subs[0].rhs, e.den),
                   Prod((MINUS_ONE, Div(Prod((e.num, subs[1].rhs)), Power(e.den, 2))))))
        return MStep("quotient", e, rhs, subs)

    def _had(self, e: Had) -> MStep:
        fs = e.factors
        varying = [i for i, f in enumerate(fs) if f.has(self.var)]
        subs = tuple(self.d(fs[i]) for i in varying)
        terms = tuple(Had(fs[:i] + (s.rhs,) + fs[i + 1:]) for i, s in zip(varying, subs))
        return MStep("hadamard", e, terms[0] if len(terms) == 1 else Sum(terms), subs)

    def _entrysum(self, e: EntrySum) -> MStep:
        sub = self.d(e.arg)
        return MStep("entry-sum", e, EntrySum(sub.rhs), (sub,))

    def _diagv(self, e: DiagV) -> MStep:
        sub = self.d(e.arg)
        return MStep("diag", e, DiagV(sub.rhs), (sub,))

    def _softmax(self, e: Softmax) -> MStep:
        sub = self.d(e.arg)
        jac = Sum((DiagV(e), Prod((MINUS_ONE, e, T(e)))))
        return MStep("softmax", e, Prod((jac, sub.rhs)), (sub,))

    def _elem(self, e: Elem) -> MStep:
        if e.func == "log" and isinstance(e.arg, Softmax):
            sub = self.d(e.arg.arg)
            ones = Ones(e.shape)
            rhs = Sum((sub.rhs, Prod((MINUS_ONE, ones, T(e.arg), sub.rhs))))
            return MStep("log-softmax", e, rhs, (sub,))
        sub = self.d(e.arg)
        if e.func == "log" and e.arg.shape == SCALAR:
            return MStep("log", e, Div(sub.rhs, e.arg), (sub,))
        prime = elementwise_derivative(e.func, e.arg, self.table)
        return MStep("elementwise-chain", e, Had((prime, sub.rhs)), (sub,))


def elementwise_derivative(func: str, arg: MExpr, table=None) -> MExpr:
    """f′(arg) applied element-wise, f′ from the rule table (exp′ is exp itself). Of a
    scalar argument, f′'s own formula with u = arg where it is one of +, ·, /, rational
    powers and functions of the table (σ′(wᵀx) is σ(wᵀx)(1 − σ(wᵀx)), sqrt′(xᵀx) is
    1/(2√(xᵀx))); of a vector, f′ applied element-wise (f′(z) ⊙ dz)."""
    u = Sym("u")
    body = simplify_scalar(differentiate(Call(func, (u,)), "u", table).result, table)
    if body == Call(func, (u,)):
        return Elem(arg, func)
    if arg.shape == SCALAR:
        formula = _scalar_formula(body, "u", arg)
        if formula is not None:
            return formula
    return Elem(arg, func, True, body)


def _scalar_formula(e, u: str, arg: MExpr) -> MExpr | None:
    """The scalar tree ``e`` as a matrix expression with ``u`` = ``arg`` (1×1), or None
    when it holds what the matrix language has no node for (a constant such as π, a power
    with a variable exponent, a function of two arguments)."""
    kind = type(e).__name__
    if kind == "Sym":
        return arg if e.name == u else None
    if kind == "Num":
        return Num(e.value)
    if kind == "Neg":
        inner = _scalar_formula(e.arg, u, arg)
        return None if inner is None else Prod((MINUS_ONE, inner))
    if kind in ("Add", "Mul"):
        parts = [_scalar_formula(a, u, arg) for a in e.args]
        if any(p is None for p in parts):
            return None
        return (Sum if kind == "Add" else Prod)(tuple(parts))
    if kind == "Div":
        num, den = _scalar_formula(e.num, u, arg), _scalar_formula(e.den, u, arg)
        return None if num is None or den is None else Div(num, den)
    if kind == "Pow" and type(e.exp).__name__ == "Num":
        base = _scalar_formula(e.base, u, arg)
        return None if base is None else Power(base, e.exp.value)
    if kind == "Call" and len(e.args) == 1:
        inner = _scalar_formula(e.args[0], u, arg)
        return None if inner is None else Elem(inner, e.func)
    return None


# ---------------------------------------------------------------------------------------------
# reading the gradient off the differential


def _inner_product(c: MExpr, r: MExpr) -> MExpr:
    """⟨C, R⟩ = tr(Cᵀ R) as a scalar expression."""
    if c.shape == SCALAR:
        return Prod((c, r))
    if c.shape[1] == 1:
        return Prod((T(c), r))
    return Tr(Prod((T(c), r)))


def _weight(c: MExpr, u: MExpr) -> MExpr:
    """C ⊙ u, written diag(u) C for vectors so that an upstream g stays on the right."""
    if c.shape == SCALAR or u.shape == SCALAR:
        return Prod((c, u))
    if c.shape[1] == 1 and u.shape == c.shape:
        return Prod((DiagV(u), c))
    return Had((c, u))


def _diagonal(c: MExpr, n: int) -> MExpr:
    """The diagonal of the n×n ``c`` as a vector: ⟨C, diag(u)⟩ = Σ C_ii u_i. Of u vᵀ it is
    u ⊙ v (written diag(v) u, an upstream gradient u staying on the right); of I, 𝟏; else
    (C ⊙ I) 𝟏."""
    if isinstance(c, Ident):
        return Ones((n, 1))
    if (isinstance(c, Prod) and len(c.factors) == 2 and isinstance(c.factors[1], T)
            and c.factors[0].shape == (n, 1) and c.factors[1].arg.shape == (n, 1)):
        return _weight(c.factors[0], c.factors[1].arg)
    return Prod((Had((c, Ident(n))), Ones((n, 1))))


def pull(e: MExpr, c: MExpr, d: Diff) -> MExpr:
    """G with ⟨C, e⟩ = ⟨G, dX⟩, for ``e`` linear in ``d`` = dX."""
    if e == d:
        return c
    if isinstance(e, Sum):
        return Sum(tuple(pull(t, c, d) for t in e.terms if t.has(d)))
    if isinstance(e, T):
        return pull(e.arg, T(c), d)
    if isinstance(e, Prod):
        fs = e.factors
        k = next(i for i, f in enumerate(fs) if f.has(d))
        f = fs[k]
        others = fs[:k] + fs[k + 1:]
        if f.shape == SCALAR and e.shape != SCALAR:
            return pull(f, _inner_product(c, Prod(others)), d)
        left, right = fs[:k], fs[k + 1:]
        parts = [T(Prod(left))] if left else []
        parts.append(c)
        if right:
            parts.append(T(Prod(right)))
        return pull(f, Prod(tuple(parts)), d)
    if isinstance(e, Had):
        k = next(i for i, f in enumerate(e.factors) if f.has(d))
        rest = e.factors[:k] + e.factors[k + 1:]
        u = rest[0] if len(rest) == 1 else Had(rest)
        return pull(e.factors[k], _weight(c, u), d)
    if isinstance(e, Tr):
        return pull(e.arg, Prod((c, Ident(e.arg.shape[0]))), d)
    if isinstance(e, EntrySum):
        return pull(e.arg, Prod((c, Ones(e.arg.shape))), d)
    if isinstance(e, Div):
        return pull(e.num, Div(c, e.den), d)
    if isinstance(e, DiagV):
        return pull(e.arg, _diagonal(simplify(c), e.shape[0]), d)
    raise UsageError(f"cannot read the gradient off a differential containing "
                     f"{type(e).__name__}")


def terms_of(e: MExpr) -> list[MExpr]:
    return list(e.terms) if isinstance(e, Sum) else [e]


def trace_trick(df: MExpr, var: Var, upstream: MExpr) -> tuple[list[MStep], MExpr]:
    """Per term of the differential, the step ``term = ⟨G, dX⟩``; and ΣG simplified."""
    d = Diff(var)
    steps, total = [], []
    for term in terms_of(df):
        if not term.has(d):
            continue
        g = simplify(pull(term, upstream, d))
        steps.append(MStep("trace-trick", _inner_product(upstream, term) if upstream != ONE
                           else term, _inner_product(g, d)))
        total.append(g)
    if not total:
        return steps, Zero(var.shape)
    return steps, simplify(Sum(tuple(total)))


def jacobian_factor(e: MExpr, upstream: Var) -> MExpr | None:
    """M with e = M g (g the upstream gradient), or None. A scalar factor s = M_s g moves g
    out by associativity: w s = (w M_s) g."""
    if e == upstream:
        return Ident(upstream.shape[0])
    if isinstance(e, EntrySum) and e.arg == upstream and upstream.shape[1] == 1:
        return T(Ones(upstream.shape))  # sum(g) = 𝟏ᵀg
    if isinstance(e, Sum):
        parts = [jacobian_factor(t, upstream) for t in e.terms]
        return None if any(p is None for p in parts) else Sum(tuple(parts))
    if isinstance(e, Div):
        m = jacobian_factor(e.num, upstream)
        return None if m is None else Div(m, e.den)
    if isinstance(e, Prod):
        fs = e.factors
        if e.shape == SCALAR and fs[0] == T(upstream):  # gᵀv = vᵀg
            return T(Prod(fs[1:]))
        holding = [i for i, f in enumerate(fs) if f.has(upstream)]
        if len(holding) != 1:
            return None
        i = holding[0]
        after_scalar = all(f.shape == SCALAR for f in fs[i + 1:])
        if e.shape == SCALAR and fs[i].shape != SCALAR and not after_scalar:
            # a scalar equals its transpose: sᵀ puts g last
            return jacobian_factor(Prod(tuple(transpose(f) for f in reversed(fs))), upstream)
        if fs[i].shape != SCALAR and not after_scalar:
            return None
        m = jacobian_factor(fs[i], upstream)
        return None if m is None else Prod(fs[:i] + fs[i + 1:] + (m,))
    return None
