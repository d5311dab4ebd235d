"""The result of implicit differentiation (``derive "x^2 + y^2 = 25"``): a plain record,
loaded with its command (:mod:`calcdiff.commands.implicit`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from calcdiff.display import Shown
from calcdiff.read.reading import Reading
from calcdiff.results import Differentiation, HigherOrders, WithDecimals
from calcdiff.tree.nodes import Call, Expr, Sym


@dataclass
class ImplicitDerivative(HigherOrders, WithDecimals, Shown):
    """dy/dx of an equation F(x, y) = G(x, y), with y = y(x).

    ``sides``: d/dx of each side with y read as y(x) (y′ enters by the chain rule);
    ``coefficient`` · y′ = ``rest`` collects the y′ terms; ``first`` is y′ in x and y.
    ``higher``: for order n ≥ 2, each further differentiation (of the previous answer, with
    y = y(x)) and its answer after substituting y′ = ``first``."""

    input: str
    reading: Reading  # the whole equation's notes; reading.expr is lhs - rhs
    lhs: Expr
    rhs: Expr
    dependent: str
    independent: str
    sides: tuple[Differentiation, Differentiation]
    coefficient: Expr
    rest: Expr
    first: Expr
    higher: list[tuple[Differentiation, Expr]] = field(default_factory=list)
    at: dict | None = None  # name -> Expr
    value: Expr | None = None
    value_float: float | None = None
    decimals: bool = False  # the user wrote decimals (WithDecimals): 0.6, not 3/5
    EXACT = ("at", "value")

    @property
    def prime(self) -> Expr:
        """y′(x), as the steps write it."""
        return Call(self.dependent + "'", (Sym(self.independent),))

    @property
    def held_constant(self) -> list[str]:
        return sorted(self.expr.free - {self.dependent, self.independent})
