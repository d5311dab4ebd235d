"""The results of the exploring commands: tangent, limit (the difference-quotient table)
and taylor. Plain records, like :mod:`calcdiff.results`; loaded with their commands."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from calcdiff.display import Shown
from calcdiff.read.reading import Reading
from calcdiff.results import Derivation, WithDecimals
from calcdiff.tree.nodes import Expr


@dataclass
class Tangent(WithDecimals, Shown):
    reading: Reading
    var: str
    at: Expr
    value: Expr
    slope: Expr | None  # None where the tangent is vertical
    tangent: Expr  # y = tangent; where ``vertical``, the line x = tangent
    normal: Expr | None  # None when the tangent is horizontal (the normal is x = a)
    derivation: Derivation  # the derivative's formula (not at the point where vertical)
    value_float: float = 0.0
    slope_float: float | None = 0.0
    vertical: str | None = None  # why the tangent is the line x = a (the slopes' limits)
    decimals: bool = False  # the user wrote decimals (WithDecimals)

    EXACT = ("at", "value", "slope", "tangent", "normal")

    @property
    def input(self) -> str:
        return self.reading.text


@dataclass
class LimitRow:
    h: Fraction
    quotient: Fraction | None
    quotient_float: float
    float: float
    error: Fraction | float | None


@dataclass
class LimitTable(WithDecimals, Shown):
    reading: Reading
    var: str
    at: Expr
    exact: Expr
    exact_float: float
    central: bool
    rows: list[LimitRow] = field(default_factory=list)
    derivation: Derivation | None = None
    decimals: bool = False  # the user wrote decimals (WithDecimals)

    EXACT = ("at", "exact")

    @property
    def input(self) -> str:
        return self.reading.text


class HighPrecision(str):
    """A quotient with no rational value, to 40 significant digits."""

    def __float__(self) -> float:
        return float(str(self))


@dataclass
class Taylor(WithDecimals, Shown):
    reading: Reading
    var: str
    at: Expr
    order: int
    derivatives: list[Expr]  # f, f′, f″, … (order + 1 of them, then the remainder's)
    values: list[Expr]  # f⁽ᵏ⁾(a)
    coefficients: list[Expr]  # f⁽ᵏ⁾(a)/k!
    polynomial: Expr
    terms: list[Expr]  # ascending order, nonzero terms
    remainder: Expr  # f⁽ⁿ⁺¹⁾(ξ)/(n+1)!·(x − a)^(n+1)
    derivations: list[Derivation] = field(default_factory=list)
    decimals: bool = False  # the user wrote decimals (WithDecimals)

    EXACT = ("at", "derivatives", "values", "coefficients", "polynomial", "terms",
             "remainder")

    @property
    def input(self) -> str:
        return self.reading.text


# ---------------------------------------------------------------------------------------------
# limits beyond one derivative's quotient (commands/limits.py)


@dataclass
class PartialLimit(Shown):
    """∂f/∂v at a point by its limit definition: the other variables held at their values,
    the difference quotient of the one-variable function that leaves."""

    reading: Reading
    wrt: str
    fixed: dict  # name -> Expr, the variables held fixed
    table: LimitTable

    @property
    def input(self) -> str:
        return self.reading.text


@dataclass
class SideRow:
    h: Fraction
    right: Fraction | None  # (f(a + h) − f(a))/h exactly, where rational
    right_float: float
    left: Fraction | None  # (f(a) − f(a − h))/h
    left_float: float


@dataclass
class OneSided(Shown):
    """Where f′(a) does not exist as one number: the quotients from each side and their
    limits (SymPy's, where it finds them)."""

    reading: Reading
    var: str
    at: Expr
    rows: list[SideRow] = field(default_factory=list)
    right_limit: str | None = None  # as text: a number, oo or -oo; None where unknown
    left_limit: str | None = None
    right_limit_float: float | None = None
    left_limit_float: float | None = None
    # whether f has values on each side near a (sqrt(x) at 0 has none on the left)
    right_defined: bool = True
    left_defined: bool = True

    @property
    def differentiable(self) -> bool:
        r, left = self.right_limit, self.left_limit
        return r is not None and r == left and "oo" not in r and "nan" not in r

    @property
    def input(self) -> str:
        return self.reading.text


@dataclass
class InfinityRow:
    n: str  # 10, 100, … (or −10, … toward −∞)
    value: str  # 30 significant digits
    value_float: float
    error: float | None  # value − the limit
    error_text: str | None = None  # to 4 digits where no double holds it (5.076e-435)


@dataclass
class LimitAtInfinity(Shown):
    """A sequence, or a function, as its variable grows without bound: values at 10, 100, …
    next to the exact limit (SymPy's, where it finds one)."""

    reading: Reading
    var: str
    sign: int  # +1: toward +∞, −1: toward −∞
    rows: list[InfinityRow] = field(default_factory=list)
    limit: Expr | None = None
    limit_text: str | None = None  # as SymPy states it (oo, -oo) when there is no tree
    limit_float: float | None = None

    @property
    def input(self) -> str:
        return self.reading.text


@dataclass
class TaylorMulti(WithDecimals, Shown):
    """The Taylor polynomial in several variables: f(a) + ∇f(a)·(x − a) + ½(x − a)ᵀH(a)(x − a)
    + … , the gradient and the Hessian shown as formulas and at the point."""

    reading: Reading
    vars: list[str]
    at: dict  # name -> Expr
    order: int
    value: Expr  # f(a)
    gradient: list[Expr]  # ∂f/∂xᵢ as formulas
    gradient_at: list[Expr]  # … at a
    hessian: list[list[Expr]]  # ∂²f/∂xᵢ∂xⱼ as formulas (order ≥ 2)
    hessian_at: list[list[Expr]]
    terms: list[tuple[int, Expr]]  # (degree, the homogeneous part of that degree)
    polynomial: Expr
    decimals: bool = False  # the user wrote decimals (WithDecimals)

    EXACT = ("at", "value", "gradient", "gradient_at", "hessian", "hessian_at", "terms",
             "polynomial")

    @property
    def input(self) -> str:
        return self.reading.text
