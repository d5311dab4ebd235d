"""The rule table as a result (``calcdiff rules``, ``calcdiff rules NAME``): plain records
of the table's texts and their parsed expressions, loaded with the command."""

from __future__ import annotations

from dataclasses import dataclass, field

from calcdiff.display import Shown
from calcdiff.tree.nodes import Expr


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
    partial_n: Expr | None = None  # ∂f/∂n of a two-argument function f(u, n), parsed
    partial_n_text: str | None = None  # … as written
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
    period: str | None = None  # "2*pi": the values repeat
    values: tuple[tuple[str, str], ...] = ()  # exact special values (argument, value)
    identities: tuple[str, ...] = ()  # the simplifier's identities it takes part in
    piecewise: bool = False  # smooth pieces meeting at u = 0 with a kink or a jump
    flat_derivative: str | None = None  # f′ for an argument that holds a piecewise function


@dataclass
class RuleListing(Shown):
    """The whole rule table (``calcdiff rules``): structural rules, then functions."""

    structural: list[RuleEntry] = field(default_factory=list)
    functions: list[RuleEntry] = field(default_factory=list)
