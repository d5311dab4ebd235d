"""The result of differentiating a curve given by a parameter (``dy/dx for x = t^2,
y = t^3``): a plain record, loaded with its command (:mod:`calcdiff.commands.parametric`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from calcdiff.display import Shown
from calcdiff.read.reading import Reading
from calcdiff.results import Differentiation, HigherOrders, WithDecimals
from calcdiff.tree.nodes import Expr


@dataclass
class ParametricDerivative(HigherOrders, WithDecimals, Shown):
    """dy/dx of the curve x = x(t), y = y(t): dy/dx = (dy/dt)/(dx/dt).

    ``along`` and ``up``: d/dt of x(t) and of y(t); ``first`` is their quotient, simplified.
    ``higher``: for order n ≥ 2, d/dt of the previous answer and the new answer, that
    derivative divided by dx/dt (d²y/dx² = d/dt(dy/dx) / (dx/dt))."""

    input: str
    reading: Reading  # the notes of the whole input; reading.expr is y(t)
    dependent: str  # y
    independent: str  # x
    parameter: str  # t
    x_of: Expr  # x(t)
    y_of: Expr  # y(t)
    along: Differentiation  # dx/dt
    up: Differentiation  # dy/dt
    first: Expr
    higher: list[tuple[Differentiation, Expr]] = field(default_factory=list)
    at: dict | None = None  # the parameter's name -> Expr
    point: tuple[Expr, Expr] | None = None  # (x, y) of the curve there
    value: Expr | None = None
    value_float: float | None = None
    decimals: bool = False  # the user wrote decimals (WithDecimals): 0.7, not 7/10
    EXACT = ("at", "point", "value")
