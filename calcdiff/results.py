"""The result types: what each command computes, as plain records.

Computing modules build them; renderers only read them. Nothing here imports a module that
computes or renders: a result shows itself in Jupyter through the display hook that
``calcdiff.render`` registers (:func:`register_display`), so the imports run one way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Callable

from .nodes import Expr, Num
from .printer import to_plain
from .steps import Step

# format name -> function(result) -> str, filled in by calcdiff.render when it is imported
_DISPLAY: dict[str, Callable] = {}


def register_display(fmt: str, show: Callable) -> None:
    """Let results show themselves in ``fmt`` ("markdown", "latex") through ``show``."""
    _DISPLAY[fmt] = show


class Shown:
    """Jupyter's rich display, for every result type: the whole statement, not only an
    answer (the renderers decide what that is)."""

    __slots__ = ()

    def _repr_markdown_(self) -> str | None:
        show = _DISPLAY.get("markdown")
        return show(self) if show else None

    def _repr_latex_(self) -> str | None:
        show = _DISPLAY.get("latex-inline")
        return show(self) if show else None


class Note:
    """One interpretation the parser made. The message may be given as a function, so that
    printing the sub-expression it shows happens only when somebody reads it."""

    __slots__ = ("kind", "_message", "start", "end")

    def __init__(self, kind: str, message, start: int, end: int):
        self.kind = kind
        self._message = message
        self.start = start
        self.end = end

    @property
    def message(self) -> str:
        if callable(self._message):
            self._message = self._message()
        return self._message

    def __repr__(self) -> str:
        return f"Note({self.kind!r}, {self.message!r}, {self.start}, {self.end})"

    def __eq__(self, other) -> bool:
        return isinstance(other, Note) and (self.kind, self.message, self.start, self.end) == (
            other.kind, other.message, other.start, other.end)

    __hash__ = None


@dataclass
class Reading(Shown):
    """How an input was read: the tree, the notes, and where each node came from."""

    text: str
    expr: Expr
    notes: list[Note] = field(default_factory=list)
    spans: dict = field(default_factory=dict)  # id(node) -> (start, end)
    wrt: tuple[str, ...] | None = None  # a derivative request inside the input

    @property
    def plain(self) -> str:
        return to_plain(self.expr)

    def note_messages(self) -> list[str]:
        return [n.message for n in self.notes]

    def span_of(self, node: Expr) -> tuple[int, int] | None:
        return self.spans.get(id(node))


@dataclass
class Differentiation:
    """One differentiation: the rule tree, then the simplification to the answer.

    Both are steps of the trace, recorded once when computed: ``step`` is the root rule step
    (its result is the rules' output), ``simplification`` the last step (rule ``simplify``,
    the same claim with the simplified answer; see :func:`calcdiff.steps.simplification`)."""

    var: str
    step: Step
    simplification: Step

    @property
    def expr(self) -> Expr:
        return self.step.expr

    @property
    def simplified(self) -> Expr:
        """The final answer of this differentiation."""
        return self.simplification.result

    @property
    def changed(self) -> bool:
        """Whether the simplification changed the rules' output (renderers show it then)."""
        return self.simplification.result != self.simplification.raw

    @property
    def steps(self) -> tuple[Step, Step]:
        """The trace of this differentiation: the rule tree, then the simplification."""
        return (self.step, self.simplification)


@dataclass
class Derivation(Shown):
    """The whole answer to one request: the reading, every differentiation, the result."""

    input: str
    reading: Reading
    wrt: tuple[str, ...]
    parts: list[Differentiation] = field(default_factory=list)
    at: dict | None = None  # name -> Expr
    value: Expr | None = None
    value_float: float | None = None
    simplify_mode: str = "basic"
    check: CheckReport | None = None  # with --check

    @property
    def expr(self) -> Expr:
        return self.reading.expr

    @property
    def result(self) -> Expr:
        return self.parts[-1].simplified if self.parts else self.reading.expr

    @property
    def raw(self) -> Expr:
        return self.parts[-1].step.raw

    @property
    def order(self) -> int:
        return len(self.wrt)

    @property
    def steps(self) -> list[Step]:
        return [p.step for p in self.parts]

    def __str__(self) -> str:
        return to_plain(self.result)


@dataclass
class StepCheck:
    path: str
    rule: str
    expr: str
    var: str
    status: str  # ok | fail | skipped
    detail: str = ""
    point: dict | None = None
    expected: float | None = None  # central difference
    got: float | None = None  # the step's result

    def to_json(self) -> dict:
        d = {"path": self.path, "rule": self.rule, "expr": self.expr, "var": self.var,
             "status": self.status}
        if self.detail:
            d["detail"] = self.detail
        if self.point is not None:
            d["point"] = self.point
            d["numeric"] = self.expected
            d["result"] = self.got
        return d


@dataclass
class CheckReport:
    steps: list[StepCheck] = field(default_factory=list)
    final_status: str = "skipped"
    final_method: str = ""
    final_detail: str = ""

    @property
    def ok(self) -> bool:
        return all(s.status != "fail" for s in self.steps) and self.final_status != "fail"

    def to_json(self) -> dict:
        return {
            "ok": self.ok,
            "steps": [s.to_json() for s in self.steps],
            "final": {"status": self.final_status, "method": self.final_method,
                      **({"detail": self.final_detail} if self.final_detail else {})},
        }


@dataclass
class Gradient(Shown):
    reading: Reading
    vars: list[str]
    partials: list[Derivation]
    at: dict | None = None
    values: list[Expr] | None = None
    floats: list[float] | None = None
    directional: object = None  # learn.Directional with --direction

    @property
    def input(self) -> str:
        return self.reading.text

    @property
    def gradient(self) -> list[Expr]:
        return [p.result for p in self.partials]


@dataclass
class Matrix(Shown):
    """A Hessian (one function) or a Jacobian (several): entries with their derivations."""

    kind: str  # "hessian" | "jacobian"
    readings: list[Reading]
    vars: list[str]
    entries: list[list[Derivation]]
    symmetric_notes: list[str] = field(default_factory=list)
    at: dict | None = None
    values: list[list[Expr]] | None = None
    floats: list[list[float]] | None = None
    classification: str | None = None
    classification_reason: str | None = None

    @property
    def input(self) -> str:
        return " ; ".join(r.text for r in self.readings)

    @property
    def matrix(self) -> list[list[Expr]]:
        return [[d.result for d in row] for row in self.entries]


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
