"""The oracle of the matrix tests: a matrix expression evaluated entry by entry over dual
numbers (a + b·ε, ε² = 0), so that one evaluation gives a value and its exact derivative
along one entry of one variable. Everything is scalar arithmetic on the entries (inverse and
determinant by Gaussian elimination); the scalar functions and their derivatives come from
SymPy (``sympy.diff``), not from calcdiff's rule table."""

from __future__ import annotations

import math
import random
from fractions import Fraction

import sympy as sp

from calcdiff.matrix import nodes as N
from calcdiff.sympy_bridge import to_sympy
from calcdiff.tree.nodes import Call, Sym


class Dual:
    __slots__ = ("a", "b")

    def __init__(self, a, b=0.0):
        self.a, self.b = float(a), float(b)

    def __add__(self, o):
        o = _d(o)
        return Dual(self.a + o.a, self.b + o.b)

    __radd__ = __add__

    def __sub__(self, o):
        o = _d(o)
        return Dual(self.a - o.a, self.b - o.b)

    def __rsub__(self, o):
        return _d(o) - self

    def __mul__(self, o):
        o = _d(o)
        return Dual(self.a * o.a, self.a * o.b + self.b * o.a)

    __rmul__ = __mul__

    def __truediv__(self, o):
        o = _d(o)
        return Dual(self.a / o.a, (self.b * o.a - self.a * o.b) / (o.a * o.a))

    def __neg__(self):
        return Dual(-self.a, -self.b)


def _d(x) -> Dual:
    return x if isinstance(x, Dual) else Dual(x)


_U = sp.Symbol("u")
_FUNCS: dict = {}


def _scalar_function(body):
    """(f, f′) as float functions, f from the calcdiff tree ``body`` in u, f′ by SymPy."""
    key = body
    if key not in _FUNCS:
        f = to_sympy(body, rewrite_activations=True).subs(sp.Symbol("u"), _U)
        f = f.rewrite(sp.exp) if f.has(sp.Heaviside) is False else f
        fp = sp.diff(f, _U)
        _FUNCS[key] = (sp.lambdify(_U, f, "math"), sp.lambdify(_U, fp, "math"))
    return _FUNCS[key]


def apply(body, x: Dual) -> Dual:
    f, fp = _scalar_function(body)
    return Dual(f(x.a), float(fp(x.a)) * x.b)


# matrices: lists of rows of Dual


def zeros(r, c):
    return [[Dual(0) for _ in range(c)] for _ in range(r)]


def matmul(a, b):
    if len(a) == 1 and len(a[0]) == 1:
        return [[a[0][0] * x for x in row] for row in b]
    if len(b) == 1 and len(b[0]) == 1:
        return [[x * b[0][0] for x in row] for row in a]
    assert len(a[0]) == len(b), "shapes"
    out = zeros(len(a), len(b[0]))
    for i in range(len(a)):
        for k in range(len(b)):
            aik = a[i][k]
            for j in range(len(b[0])):
                out[i][j] = out[i][j] + aik * b[k][j]
    return out


def transpose(a):
    return [list(col) for col in zip(*a)]


def elementwise(a, b, op):
    return [[op(x, y) for x, y in zip(ra, rb)] for ra, rb in zip(a, b)]


def solve_inverse(a):
    n = len(a)
    m = [row[:] + [Dual(1.0 if i == j else 0.0) for j in range(n)] for i, row in enumerate(a)]
    for col in range(n):
        piv = max(range(col, n), key=lambda r: abs(m[r][col].a))
        m[col], m[piv] = m[piv], m[col]
        p = m[col][col]
        m[col] = [x / p for x in m[col]]
        for r in range(n):
            if r != col:
                f = m[r][col]
                m[r] = [x - f * y for x, y in zip(m[r], m[col])]
    return [row[n:] for row in m]


def determinant(a):
    n = len(a)
    m = [row[:] for row in a]
    det = Dual(1.0)
    for col in range(n):
        piv = max(range(col, n), key=lambda r: abs(m[r][col].a))
        if piv != col:
            m[col], m[piv] = m[piv], m[col]
            det = -det
        p = m[col][col]
        det = det * p
        for r in range(col + 1, n):
            f = m[r][col] / p
            m[r] = [x - f * y for x, y in zip(m[r], m[col])]
    return det


def _scalar(v: Dual):
    return [[v]]


def evaluate(e: N.MExpr, env: dict, dims: dict):  # noqa: C901 - one case per node
    """``e`` as a matrix of Dual at the values ``env`` (name -> matrix), dims name -> int."""
    def size(d):
        return d if isinstance(d, int) else dims[d]

    if isinstance(e, N.Var):
        return env[e.name]
    if isinstance(e, N.Diff):  # the direction of a directional derivative
        return env["d:" + e.var.name]
    if isinstance(e, N.Num):
        return _scalar(Dual(e.value))
    if isinstance(e, N.Zero):
        return zeros(size(e.shape[0]), size(e.shape[1]))
    if isinstance(e, N.Ones):
        return [[Dual(1) for _ in range(size(e.shape[1]))] for _ in range(size(e.shape[0]))]
    if isinstance(e, N.Ident):
        n = size(e.n)
        return [[Dual(1.0 if i == j else 0.0) for j in range(n)] for i in range(n)]
    kids = [evaluate(k, env, dims) for k in e.children()]
    if isinstance(e, N.T):
        return transpose(kids[0])
    if isinstance(e, N.Prod):
        out = kids[0]
        for k in kids[1:]:
            out = matmul(out, k)
        return out
    if isinstance(e, N.Sum):
        out = kids[0]
        for k in kids[1:]:
            out = elementwise(out, k, lambda x, y: x + y)
        return out
    if isinstance(e, N.Had):
        out = kids[0]
        for k in kids[1:]:
            out = elementwise(out, k, lambda x, y: x * y)
        return out
    if isinstance(e, N.Div):
        s = kids[1][0][0]
        return [[x / s for x in row] for row in kids[0]]
    if isinstance(e, N.Inv):
        return solve_inverse(kids[0])
    if isinstance(e, N.Tr):
        return _scalar(sum((kids[0][i][i] for i in range(len(kids[0]))), Dual(0)))
    if isinstance(e, N.Det):
        return _scalar(determinant(kids[0]))
    if isinstance(e, N.EntrySum):
        return _scalar(sum((x for row in kids[0] for x in row), Dual(0)))
    if isinstance(e, N.Norm):
        sq = sum((x * x for row in kids[0] for x in row), Dual(0))
        return _scalar(apply(Call("sqrt", (Sym("u"),)), sq))
    if isinstance(e, N.Power):
        a = kids[0]
        if len(a) == 1 and len(a[0]) == 1:
            return _scalar(_power(a[0][0], e.exp))
        out = a
        for _ in range(int(e.exp) - 1):
            out = matmul(out, a)
        return out
    if isinstance(e, N.Elem):
        body = e.body if e.prime else Call(e.func, (Sym("u"),))
        return [[apply(body, x) for x in row] for row in kids[0]]
    if isinstance(e, N.Softmax):
        ex = [apply(Call("exp", (Sym("u"),)), row[0]) for row in kids[0]]
        total = sum(ex, Dual(0))
        return [[x / total] for x in ex]
    if isinstance(e, N.DiagV):
        v = [row[0] for row in kids[0]]
        return [[v[i] if i == j else Dual(0) for j in range(len(v))] for i in range(len(v))]
    raise TypeError(type(e).__name__)


def _power(x: Dual, k: Fraction) -> Dual:
    k = float(k)
    return Dual(x.a ** k, k * x.a ** (k - 1) * x.b)


# ---------------------------------------------------------------------------------------------
# random values and the element-wise check


def random_dims(tree: N.MExpr, rng: random.Random) -> dict:
    dims = {}
    for v in N.variables(tree):
        for d in v.shape:
            if isinstance(d, str) and d not in dims:
                dims[d] = rng.randint(2, 5)
    return dims


def random_values(tree: N.MExpr, dims: dict, rng: random.Random) -> dict:
    def size(d):
        return d if isinstance(d, int) else dims[d]

    env = {}
    for v in N.variables(tree):
        r, c = size(v.shape[0]), size(v.shape[1])
        m = [[Dual(rng.uniform(-1, 1)) for _ in range(c)] for _ in range(r)]
        if v.kind == "scalar":
            m = [[Dual(rng.uniform(0.5, 1.5))]]
        if v.kind == "matrix" and r == c:  # well away from singular, positive determinant
            for i in range(r):
                m[i][i] = m[i][i] + (r + 1)
        if v.symmetric:
            m = [[(m[i][j] + m[j][i]) * 0.5 for j in range(c)] for i in range(r)]
        if v.simplex:
            raw = [rng.uniform(0.1, 1) for _ in range(r)]
            m = [[Dual(x / sum(raw))] for x in raw]
        env[v.name] = m
    return env


def floats(m) -> list[list[float]]:
    return [[x.a for x in row] for row in m]


def seeded(env: dict, name: str, i: int, j: int, symmetric: bool = False) -> dict:
    """``env`` with entry (i, j) of ``name`` carrying the derivative seed 1."""
    out = dict(env)
    m = [[Dual(x.a) for x in row] for row in env[name]]
    m[i][j] = Dual(m[i][j].a, 1.0)
    out[name] = m
    return out


def close(a: float, b: float, tol: float = 1e-7) -> bool:
    return math.isclose(a, b, rel_tol=tol, abs_tol=tol)
