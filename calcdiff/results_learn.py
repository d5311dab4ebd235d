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


SCHEMA_VERSION = 2  # the "schema" field of the learning commands' JSON (README: JSON)


@dataclass
class Iteration:
    k: int
    point: list[float]
    value: float  # f at the point (over data: the mean loss of the batch the step used)
    gradient: list[float]
    step: list[float]  # the update the method made (−lr·∇f for plain gradient descent); []
    # where none was made (the point it stopped at)
    epoch: int | None = None  # over data: the pass over the samples this step belongs to


@dataclass
class DataSet:
    """Samples read from a CSV file whose header names the columns."""

    path: str
    columns: list[str]
    rows: list[list[float]]
    texts: list[list[str]]  # each value as the file wrote it
    lines: list[int] = field(default_factory=list)  # each sample's line in the file

    def env(self, i: int) -> dict[str, float]:
        return dict(zip(self.columns, self.rows[i]))


@dataclass
class Stationary:
    """What kind of point the iterates stopped at: the Hessian's eigenvalues there."""

    kind: str  # minimum | maximum | saddle | degenerate | flat | tolerance
    eigenvalues: list[float]
    reason: str


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
    method: str = "gd"  # gd | momentum | adam
    settings: dict = field(default_factory=dict)  # momentum β; Adam β1, β2, ε (as written)
    equations: list[str] = field(default_factory=list)  # the update equations, shown once
    data: DataSet | None = None
    batch_size: int | None = None  # over data: samples per step (None: all of them)
    seed: int | None = None
    epochs: int | None = None
    epoch_losses: list[tuple[int, float]] = field(default_factory=list)  # (epoch, mean loss)
    every: int = 1  # the tables show every K-th iterate (and the first and last)
    stationary: Stationary | None = None  # where it converged: minimum, saddle, ...
    hint: str | None = None  # why it diverged and what to try
    divergence: str = ""  # how it diverged, as the outcome says it ("Diverged: f fell …")
    decimals: bool = False  # the user wrote decimals: show exact numbers as decimals

    @property
    def input(self) -> str:
        return self.reading.text

    @property
    def final(self) -> list[float]:
        return self.iterations[-1].point if self.iterations else self.start


@dataclass
class NewtonStep:
    k: int
    point: list[float]
    value: float
    gradient: list[float]
    hessian: list[list[float]]
    step: list[float]  # the solution Δ of H·Δ = −∇f (empty where H is singular)


@dataclass
class Newton(Shown):
    """Newton's method x ← x − H⁻¹∇f, each step's Hessian solve recorded."""

    reading: Reading
    vars: list[str]
    gradient: list[Expr]
    hessian: list[list[Expr]]
    start: list[float]
    steps: list[NewtonStep] = field(default_factory=list)
    converged: bool = False
    singular: bool = False
    diverged: bool = False
    divergence: str | None = None  # why, where only doubles failed (descend's wording)
    runaway: bool = False  # diverged because the steps do not shrink (else: f undefined)
    tol: float = 1e-10
    stationary: Stationary | None = None
    decimals: bool = False
    partials: list = field(default_factory=list)  # the gradient's derivations
    hessian_entries: list = field(default_factory=list)  # the Hessian's derivations

    @property
    def input(self) -> str:
        return self.reading.text

    @property
    def final(self) -> list[float]:
        return self.steps[-1].point if self.steps else self.start


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
    local_float: dict[str, float] = field(default_factory=dict)
    delta: bool = False  # the input of an activation: its grad is the neuron's δ = ∂f/∂z


@dataclass
class Update:
    """One parameter's gradient step w ← w − η·∂f/∂w."""

    name: str
    value: float
    grad: float
    new: float


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
    decimals: bool = False  # the point was written with decimals: show exact numbers so
    lr: str | None = None  # --lr as written
    lr_float: float | None = None
    updates: list[Update] = field(default_factory=list)
    check: list[tuple] | None = None  # (input, central difference, agrees) per input

    @property
    def input(self) -> str:
        return self.reading.text
