"""The trace: steps and derivations, computed once by the engine and only read afterwards."""

from __future__ import annotations

from dataclasses import dataclass, fields

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


class _Draft:
    """A step being filled in: :class:`Step`'s slots in its order (the same layout), without
    its frozen guard, so each is set by a plain assignment; :func:`new_step` then makes it a
    Step by setting its class."""

    __slots__ = tuple(f.name for f in fields(Step))


def new_step(rule: str, expr: Expr, var: str, result: Expr, raw: Expr, bindings: tuple = (),
             substeps: tuple = (), notes: tuple = (), statement: str = "",
             partial: bool = False) -> Step:
    """``Step(...)``, several times faster (ten assignments and a change of class, against
    the frozen dataclass's ten guarded ones): the engine makes a step per rule, and so does
    each simplification; the rare steps made elsewhere (a grader's wrong step, a --let
    substitution) are made by ``Step(...)`` itself."""
    d = _Draft()
    d.rule = rule
    d.expr = expr
    d.var = var
    d.result = result
    d.raw = raw
    d.bindings = bindings
    d.substeps = substeps
    d.notes = notes
    d.statement = statement
    d.partial = partial
    d.__class__ = Step
    return d  # type: ignore[return-value]


SIMPLIFY = "simplify"  # the rule id of the last step of every differentiation


def simplification(step: Step, start: Expr, answer: Expr) -> Step:
    """The last step of a differentiation: the same claim as ``step`` (the derivative of
    ``step.expr``), with the simplified ``answer`` as its result. ``start`` is what the
    simplifier was given (the rules' output), kept as the step's ``raw`` and its one binding,
    ``from``; it equals ``answer`` when nothing was simplified (``--simplify none``)."""
    return new_step(SIMPLIFY, step.expr, step.var, answer, start, (("from", start),),
                    partial=step.partial)

