"""The result of a matrix gradient or Jacobian: plain records, read by the renderers."""

from __future__ import annotations

from dataclasses import dataclass, field

from calcdiff.display import Shown
from calcdiff.matrix.engine import RULES, MStep
from calcdiff.matrix.nodes import MExpr, Var
from calcdiff.matrix.printer import write

LAYOUTS = ("denominator", "numerator")


@dataclass
class MatrixPart:
    """The derivative with respect to one variable.

    ``kind`` is ``gradient`` (scalar f), ``jacobian`` (vector f, vector x) or ``vjp`` (the
    vector–Jacobian product with the upstream gradient ``g``: the Jacobian is a tensor)."""

    wrt: Var
    kind: str
    differential: MStep  # d f = ..., the rule tree
    simplified_differential: MExpr
    trace_steps: list[MStep]
    answer: MExpr
    layout: str
    layout_note: str

    @property
    def notation(self) -> str:
        return f"∂f/∂{write(self.wrt)}" if self.kind != "vjp" else f"∂L/∂{write(self.wrt)}"


@dataclass
class MatrixGradient(Shown):
    """``grad`` of a matrix expression: the reading (symbols with shapes), then per variable
    the differential, the trace trick and the answer in the stated layout."""

    input: str
    expr: MExpr
    symbols: list[Var]
    layout: str
    parts: list[MatrixPart] = field(default_factory=list)
    upstream: Var | None = None  # g, for vector-valued f

    def __str__(self) -> str:
        return "; ".join(write(p.answer, "ascii") for p in self.parts)

    @property
    def rules(self) -> dict[str, str]:
        return RULES
