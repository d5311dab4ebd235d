"""The trace: steps and derivations, computed once by the engine and only read afterwards."""

from __future__ import annotations

from dataclasses import dataclass

from calcdiff.tree.nodes import Expr


@dataclass(frozen=True, slots=True, eq=False)
class Step:
    """One claim: d(expr)/d(var) = result, by ``rule``.

    ``bindings`` ties the rule's placeholders to the user's sub-expressions, in order;
    ``raw`` is the rule's output before any clean-up; ``notes`` carry domain conditions.
    ``statement`` is the rule as this step uses it, in its own names (``(y^n)′ = n·y^(n−1)``,
    ``(f1·f2·f3)′ = …``), or "" for the rule's general statement in ``rules/``; ``partial``
    says that the claim is a partial derivative (other variables held constant), for every
    step of a partial derivation alike.
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
    statement: str = ""
    partial: bool = False

    def walk(self):
        """This step and every step below it, parents first (iterative)."""
        stack = [self]
        while stack:
            s = stack.pop()
            yield s
            stack.extend(reversed(s.substeps))


SIMPLIFY = "simplify"  # the rule id of the last step of every differentiation


def simplification(step: Step, start: Expr, answer: Expr) -> Step:
    """The last step of a differentiation: the same claim as ``step`` (the derivative of
    ``step.expr``), with the simplified ``answer`` as its result. ``start`` is what the
    simplifier was given (the rules' output), kept as the step's ``raw`` and its one binding,
    ``from``; it equals ``answer`` when nothing was simplified (``--simplify none``)."""
    return Step(SIMPLIFY, step.expr, step.var, answer, start, (("from", start),),
                partial=step.partial)

