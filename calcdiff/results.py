"""The result types: what each command computes, as plain records.

Computing modules build them; renderers only read them. Nothing here imports a module that
computes or renders: a result shows itself in Jupyter through the display hook that
``calcdiff.render`` registers (:mod:`calcdiff.display`), so the imports run one way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from calcdiff.deriving.steps import Step
from calcdiff.display import Shown
from calcdiff.read.reading import Reading
from calcdiff.tree.nodes import Expr, Num
from calcdiff.tree.printer import to_plain


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


@dataclass
class RuleEntry(Shown):
    """One entry of the rule table (``calcdiff rules NAME``): a structural rule, or one
    function's derivative with its side conditions. The texts are the table's, as written;
    the expressions are the same texts read by the parser (for the math views)."""

    kind: str  # "structural" | "function"
    id: str
    name: str  # the rule's name ("quotient rule"), or the function's ("tan")
    statement: str  # the general statement, or the derivative's text ("sec(u)^2")
    explain: str
    domain: str | None = None  # the side condition as written ("cos(u) != 0")
    # function entries only
    aliases: tuple[str, ...] = ()
    arity: tuple[int, ...] = (1,)
    derivative: Expr | None = None  # f′(u), parsed
    domain_parts: tuple = ()  # ((lhs Expr, op, rhs Expr), ...), joined by "and"
    definition: str | None = None
    definition_expr: Expr | None = None
    inverse: str | None = None
    source: str = "built-in"
    # the rest of the entry's facts, as written in rules/
    sympy: str = ""  # SymPy's name for the function
    latex: str = ""  # the LaTeX of its name
    numeric: str | None = None  # how it is evaluated in floats
    parity: str | None = None  # "odd" | "even"
    values: tuple[tuple[str, str], ...] = ()  # exact special values (argument, value)
    identities: tuple[str, ...] = ()  # the simplifier's identities it takes part in


@dataclass
class RuleListing(Shown):
    """The whole rule table (``calcdiff rules``): structural rules, then functions."""

    structural: list[RuleEntry] = field(default_factory=list)
    functions: list[RuleEntry] = field(default_factory=list)
