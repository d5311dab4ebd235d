"""The results of the exploring commands: tangent, limit (the difference-quotient table)
and taylor. Plain records, like :mod:`calcdiff.results`; loaded with their commands."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from calcdiff.display import Shown
from calcdiff.read.reading import Reading
from calcdiff.results import Derivation
from calcdiff.tree.nodes import Expr


@dataclass
class Tangent(Shown):
    reading: Reading
    var: str
    at: Expr
    value: Expr
    slope: Expr
    tangent: Expr
    normal: Expr | None  # None when the tangent is horizontal (the normal is x = a)
    derivation: Derivation
    value_float: float = 0.0
    slope_float: float = 0.0

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
class LimitTable(Shown):
    reading: Reading
    var: str
    at: Expr
    exact: Expr
    exact_float: float
    central: bool
    rows: list[LimitRow] = field(default_factory=list)
    derivation: Derivation | None = None

    @property
    def input(self) -> str:
        return self.reading.text


class HighPrecision(str):
    """A quotient with no rational value, to 40 significant digits."""

    def __float__(self) -> float:
        return float(str(self))


@dataclass
class Taylor(Shown):
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

    @property
    def input(self) -> str:
        return self.reading.text
