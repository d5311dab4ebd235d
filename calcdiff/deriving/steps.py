"""The trace: steps and derivations, computed once by the engine and only read afterwards."""

from __future__ import annotations

from dataclasses import dataclass

from calcdiff.tree.nodes import Expr


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




