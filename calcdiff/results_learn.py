"""The results of the learning commands: a directional derivative (``grad --direction``),
gradient descent and backpropagation. Plain records, loaded with their commands."""

from __future__ import annotations

from dataclasses import dataclass, field

from calcdiff.display import Shown
from calcdiff.read.reading import Reading
from calcdiff.tree.nodes import Expr, Num


@dataclass
class Directional:
    direction: list[Expr]
    unit: list[Expr]
    directional: Expr
    directional_float: float
    steepest: list[Expr]  # ∇f(a)/|∇f(a)| (empty where the gradient vanishes)
    steepest_rate: Expr
    steepest_rate_float: float


@dataclass
class Iteration:
    k: int
    point: list[float]
    value: float
    gradient: list[float]
    step: list[float]


@dataclass
class Descent(Shown):
    reading: Reading
    vars: list[str]
    gradient: list[Expr]
    partials: list  # Derivations of each partial
    lr: str
    lr_float: float
    start: list[float]
    iterations: list[Iteration] = field(default_factory=list)
    converged: bool = False
    diverged: bool = False
    tol: float = 1e-8

    @property
    def input(self) -> str:
        return self.reading.text

    @property
    def final(self) -> list[float]:
        return self.iterations[-1].point if self.iterations else self.start


@dataclass
class GraphNode:
    id: str
    expr: Expr
    op: str
    inputs: list[str]  # ids of input nodes or variable names
    value: Expr
    value_float: float
    local: dict[str, Expr]  # ∂node/∂input at the point
    local_rules: dict[str, str]
    grad: Expr = Num(0)
    grad_float: float = 0.0
    name: str | None = None  # a --let name


@dataclass
class Backprop(Shown):
    reading: Reading
    at: dict
    nodes: list[GraphNode]
    inputs: list[str]
    gradient: dict[str, Expr]
    gradient_float: dict[str, float]
    value: Expr
    value_float: float

    @property
    def input(self) -> str:
        return self.reading.text
