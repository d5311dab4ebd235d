"""The matrix expression tree: frozen nodes, each with a shape (rows, cols).

A dimension is an ``int`` or a name (``"n"``); a vector is a column (n, 1) and a scalar is
(1, 1). Nodes compare by value, so the simplifier can collect like terms.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

Dim = int | str
Shape = tuple[Dim, Dim]
SCALAR: Shape = (1, 1)


class MExpr:
    """Base of every node; ``shape`` is computed from the children."""

    __slots__ = ()

    def children(self) -> tuple["MExpr", ...]:
        return ()

    @property
    def is_scalar(self) -> bool:
        return self.shape == SCALAR

    def has(self, target: "MExpr") -> bool:
        """Whether ``target`` occurs in this tree."""
        return self == target or any(c.has(target) for c in self.children())


@dataclass(frozen=True)
class Var(MExpr):
    """A declared (or conventionally typed) symbol: scalar, vector or matrix."""

    name: str
    kind: str  # scalar | vector | matrix
    shape: Shape
    symmetric: bool = False
    simplex: bool = False  # a vector whose entries sum to 1 (labels, probabilities)


@dataclass(frozen=True)
class Num(MExpr):
    value: Fraction
    shape = SCALAR


@dataclass(frozen=True)
class Zero(MExpr):
    shape: Shape


@dataclass(frozen=True)
class Ones(MExpr):
    """The all-ones vector or matrix 1."""

    shape: Shape


@dataclass(frozen=True)
class Ident(MExpr):
    n: Dim

    @property
    def shape(self) -> Shape:
        return (self.n, self.n)


@dataclass(frozen=True)
class Diff(MExpr):
    """The differential d(var)."""

    var: Var

    @property
    def shape(self) -> Shape:
        return self.var.shape


@dataclass(frozen=True)
class _Unary(MExpr):
    """A node of one argument, by default of the argument's shape."""

    arg: MExpr

    def children(self):
        return (self.arg,)

    @property
    def shape(self) -> Shape:
        return self.arg.shape


@dataclass(frozen=True)
class T(_Unary):
    """Transpose."""

    @property
    def shape(self) -> Shape:
        return (self.arg.shape[1], self.arg.shape[0])


def product_shape(factors) -> Shape:
    shape = SCALAR
    for f in factors:
        if f.shape == SCALAR:
            continue
        shape = f.shape if shape == SCALAR else (shape[0], f.shape[1])
    return shape


class _Nary(MExpr):
    """A node of several children (named by ``_items``), by default of the first's shape."""

    _items = "terms"

    def children(self):
        return getattr(self, self._items)

    @property
    def shape(self) -> Shape:
        return self.children()[0].shape


@dataclass(frozen=True)
class Prod(_Nary):
    """A matrix product; 1×1 factors are scalar multiples."""

    factors: tuple[MExpr, ...]
    _items = "factors"

    @property
    def shape(self) -> Shape:
        return product_shape(self.factors)


@dataclass(frozen=True)
class Sum(_Nary):
    terms: tuple[MExpr, ...]


@dataclass(frozen=True)
class Had(_Nary):
    """The element-wise (Hadamard) product a ⊙ b."""

    factors: tuple[MExpr, ...]
    _items = "factors"


@dataclass(frozen=True)
class Div(MExpr):
    """``num / den`` with a scalar denominator."""

    num: MExpr
    den: MExpr

    def children(self):
        return (self.num, self.den)

    @property
    def shape(self) -> Shape:
        return self.num.shape


@dataclass(frozen=True)
class Inv(_Unary):
    """The inverse of a square matrix."""


@dataclass(frozen=True)
class Tr(_Unary):
    shape = SCALAR


@dataclass(frozen=True)
class Det(_Unary):
    shape = SCALAR


@dataclass(frozen=True)
class Norm(_Unary):
    """‖x‖ (a vector's 2-norm) or ‖X‖_F (Frobenius)."""

    shape = SCALAR


@dataclass(frozen=True)
class Power(_Unary):
    """A scalar to a rational power, or a square matrix to an integer power ≥ 2."""

    exp: Fraction = Fraction(1)

    @property
    def base(self) -> MExpr:
        return self.arg


@dataclass(frozen=True)
class EntrySum(_Unary):
    """sum(A): the sum of the entries."""

    shape = SCALAR


@dataclass(frozen=True)
class Elem(_Unary):
    """A scalar function of the rule table applied element-wise to ``arg``; ``prime`` is its
    derivative (``body`` the derivative's formula in ``u``, from the rule table)."""

    func: str = ""
    prime: bool = False
    body: object = None  # calcdiff.tree.nodes.Expr of f'(u) when prime


@dataclass(frozen=True)
class Softmax(_Unary):
    """softmax(z) = exp(z) / sum(exp(z))."""


@dataclass(frozen=True)
class DiagV(_Unary):
    """diag(v): the square matrix with v on its diagonal."""

    @property
    def shape(self) -> Shape:
        return (self.arg.shape[0], self.arg.shape[0])


ONE = Num(Fraction(1))
MINUS_ONE = Num(Fraction(-1))


def rebuild(e: MExpr, kids: list[MExpr]) -> MExpr:
    """``e`` with new children (same node type and fields)."""
    if isinstance(e, (Prod, Sum, Had)):
        return type(e)(tuple(kids))
    if isinstance(e, Div):
        return Div(kids[0], kids[1])
    if isinstance(e, Power):
        return Power(kids[0], e.exp)
    if isinstance(e, Elem):
        return Elem(kids[0], e.func, e.prime, e.body)
    if isinstance(e, (T, Inv, Tr, Det, Norm, EntrySum, Softmax, DiagV)):
        return type(e)(kids[0])
    return e


def variables(e: MExpr) -> list[Var]:
    """The symbols of ``e`` in order of first appearance."""
    out: list[Var] = []
    stack = [e]
    while stack:
        n = stack.pop()
        if isinstance(n, Var) and n not in out:
            out.append(n)
        stack.extend(reversed(n.children()))
    return out
