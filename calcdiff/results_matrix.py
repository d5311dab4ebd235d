"""The result of a matrix gradient or Jacobian: plain records, read by the renderers."""

from __future__ import annotations

from dataclasses import dataclass, field

from calcdiff.display import Shown
from calcdiff.matrix.engine import RULES, MStep
from calcdiff.matrix.nodes import MExpr, Var
from calcdiff.matrix.printer import shape_text, write

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
    tensor: bool = False  # a vjp because the Jacobian is a tensor (else: g would not part)

    @property
    def layout_note(self) -> str:
        """What the layout makes of the answer, and the caveat of a symmetric variable."""
        return self.note("unicode")

    def note(self, kind: str = "unicode") -> str:
        """:attr:`layout_note` in ``kind``: unicode, or LaTeX (pure ASCII, maths in $…$)."""
        tex = kind == "latex"

        def m(text: str) -> str:  # maths: in $…$ for LaTeX
            return f"${text}$" if tex else text

        name = write(self.wrt, kind)
        partial, sub, dash = (r"\partial ", "_i", "-") if tex else ("∂", "ᵢ", "–")
        top = "L" if self.kind == "vjp" else "f"
        d = m(f"{partial}{top}/{partial}{name}")
        rows, cols = self.wrt.shape
        if self.kind == "jacobian":
            cols = self.answer.shape[self.layout == "denominator"]

        def shape(r, c):
            return m(shape_text((r, c), kind))

        if self.kind == "gradient" and self.layout == "denominator":
            note = f"denominator layout: {d} has the shape of {m(name)} ({shape(rows, cols)})"
        elif self.kind == "gradient":
            note = f"numerator layout: {d} is the transpose of the gradient ({shape(cols, rows)})"
        elif self.kind == "jacobian" and self.layout == "denominator":
            note = (f"denominator layout: {d} is {shape(rows, cols)}, row {m('i')} holding "
                    f"{m(f'{partial}f/{partial}{name}{sub}')}")
        elif self.kind == "jacobian":
            diff = r"\mathrm{d}" if tex else "d"
            note = (f"numerator layout: {d} is the Jacobian {m('J')} ({shape(cols, rows)}), "
                    + m(f"{diff}f = J {diff}{name}"))
        else:
            why = (f"{m('f')} is not a scalar and {m(name)} is not a vector, so its Jacobian "
                   "is a tensor" if self.tensor else
                   "its Jacobian could not be written apart from the upstream gradient")
            g = m((r"\mathbf{g}" if tex else "g") + f" = {partial}L/{partial}f")
            note = (f"{why}; shown is the vector{dash}Jacobian product {d} for an upstream "
                    f"gradient {g} (backpropagation), in either layout")
        if self.wrt.symmetric:
            note += (f"; the entries of {m(name)} are treated as independent (the gradient "
                     "restricted to symmetric matrices is its symmetric part)")
        return note

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
