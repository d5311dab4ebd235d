"""The trace: steps and derivations, computed once by the engine and only read afterwards."""

from __future__ import annotations

from dataclasses import dataclass, field

from .nodes import Expr


@dataclass(frozen=True, slots=True, eq=False)
class Step:
    """One claim: d(expr)/d(var) = result, by ``rule``.

    ``bindings`` ties the rule's placeholders to the user's sub-expressions, in order;
    ``raw`` is the rule's output before any clean-up; ``notes`` carry domain conditions.
    Equality is identity: a step reused for a repeated sub-derivation is the same object.
    """

    rule: str
    expr: Expr
    var: str
    result: Expr
    raw: Expr
    bindings: tuple[tuple[str, Expr], ...] = ()
    substeps: tuple["Step", ...] = ()
    notes: tuple[str, ...] = ()

    def walk(self):
        """This step and every step below it, parents first (iterative)."""
        stack = [self]
        while stack:
            s = stack.pop()
            yield s
            stack.extend(reversed(s.substeps))


@dataclass
class Differentiation:
    """One differentiation: the rule tree, then the simplification to the answer."""

    var: str
    step: Step  # root rule step; step.result is the rules' (basic) output
    simplified: Expr  # the final answer of this differentiation

    @property
    def expr(self) -> Expr:
        return self.step.expr


@dataclass
class Derivation:
    """The whole answer to one request: the reading, every differentiation, the result."""

    input: str
    reading: object  # parser.Reading
    wrt: tuple[str, ...]
    parts: list[Differentiation] = field(default_factory=list)
    at: dict | None = None  # name -> Expr
    value: Expr | None = None
    value_float: float | None = None
    simplify_mode: str = "basic"
    check: object = None  # check.CheckReport with --check

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
        from .printer import to_plain

        return to_plain(self.result)

    def _repr_markdown_(self) -> str:  # Jupyter
        from .render import render

        return render(self, "markdown")

    def _repr_latex_(self) -> str:  # Jupyter
        from .render.latex import latex_expr

        return f"$${latex_expr(self.result)}$$"
