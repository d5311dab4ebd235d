"""Why a wrong answer is wrong: the one misapplied rule that turns the correct derivation
into it (:mod:`calcdiff.deriving.mistakes`), else what can be seen of it (the expression
itself, k times the derivative, a constant off)."""

from __future__ import annotations

from calcdiff.algebra.build import add
from calcdiff.commands.equivalence import Points, close
from calcdiff.deriving.engine import Engine
from calcdiff.deriving.mistakes import (
    NOT_HELD_CONSTANT,
    WRONG_VARIABLE,
    Mistake,
    candidates,
    misapplied,
)
from calcdiff.errors import CalcdiffError
from calcdiff.names import natural_order
from calcdiff.results_grade import Diagnosis
from calcdiff.simplify import simplify as simplify_tree
from calcdiff.tree.nodes import Expr, Num
from calcdiff.tree.printer import to_plain

ALSO = 4  # at most this many other mistakes listed as explaining the answer equally


def diagnose(d, answer: Expr, points: Points, table) -> Diagnosis | None:
    """The first mistake of the catalogue, at the first step, that gives the answer; the
    others that give it too, as alternatives."""
    target = points.values(answer, table)
    if sum(v is not None for v in target) < 3:
        return None
    root = d.parts[0].step
    found: list[tuple[Mistake, object, Expr]] = []
    for c in candidates(root, table):
        wrong_derivative = misapplied(root, c, table)
        if points.matches(wrong_derivative, target, table):
            found.append((c.mistake, c, wrong_derivative))
    found += _whole_mistakes(d, target, points, table)
    if not found:
        return None
    mistake, c, wrong_derivative = found[0]
    also, seen = [], {(mistake.id, _label(c))}
    for m, other, _ in found[1:]:
        key = (m.id, _label(other))
        if key not in seen and len(also) < ALSO:
            seen.add(key)
            also.append((m.id, m.name, key[1]))
    if c is None:  # a mistake of the whole derivative
        return Diagnosis(mistake.id, mistake.name, mistake.explain, "top", root.expr, root.var,
                         "", _WHOLE_DONE[mistake.id], _clean(wrong_derivative, table),
                         d.result, _clean(wrong_derivative, table), also)
    return Diagnosis(mistake.id, mistake.name, mistake.explain, _label(c), c.step.expr,
                     c.step.var, c.step.rule, c.done, _clean(c.wrong, table),
                     _clean(c.step.result, table), _clean(wrong_derivative, table), also)


_WHOLE_DONE = {
    WRONG_VARIABLE.id: "differentiated with respect to another variable",
    NOT_HELD_CONSTANT.id: "differentiated the other variables too, each with derivative 1",
}


def _whole_mistakes(d, target, points: Points, table) -> list:
    """Several variables: the derivative by another variable, or with the other variables
    not held constant (the sum of every partial derivative)."""
    f = d.expr
    var = d.wrt[0]
    others = [v for v in natural_order(f.free) if v != var]
    if not others:
        return []
    out = []
    partials = {v: Engine(v, table).d(f).result for v in natural_order(f.free)}
    for v in others:
        if points.matches(partials[v], target, table):
            out.append((WRONG_VARIABLE, None, partials[v]))
            break
    total = add(*partials.values())
    if points.matches(total, target, table):
        out.append((NOT_HELD_CONSTANT, None, total))
    return out


def _label(c) -> str:
    return "top" if c is None or not c.label else c.label


def _clean(e: Expr, table) -> Expr:
    try:
        return simplify_tree(e, table=table)
    except (CalcdiffError, ArithmeticError, LookupError, TypeError, ValueError):
        return e


_ITSELF = ("no single mistake explains the answer: it is the expression itself, not its "
           "derivative")
_DOMAINS_DIFFER = ("the answer equals the derivative where both are defined, but is undefined "
                   "at points where the derivative is defined")


def hint(f: Expr, answer: Expr, d: Expr | None, points: Points, table) -> str:
    """When no single mistake explains the answer: what it is, if anything simple."""
    if d == Num(0):  # 2*exp(log(x)) for the derivative of x**2
        return _DOMAINS_DIFFER
    if answer == f:  # 7 for the derivative of 7: the expression, not a constant's difference
        return _ITSELF
    extra = sorted(answer.free - f.free)
    if extra:
        return (f"no single mistake explains the answer; it contains {', '.join(extra)}, "
                f"which does not occur in {to_plain(f)}")
    if d is not None and not d.free and d != Num(0):  # answer − derivative, simplified
        return ("no single mistake explains the answer: it differs from the derivative by "
                f"the constant {to_plain(d)}")
    a_vals = points.values(answer, table)
    pairs = [(a, r) for a, r in zip(a_vals, points.reference) if a is not None]
    if len(pairs) >= 2 and len(pairs) < len(a_vals) and all(close(a, r) for a, r in pairs):
        # ln(x) + 1 for x ln|x|: right at every point where it is defined (x > 0), undefined
        # at the others, as the symbolic check says of 2 exp(ln x) for (x^2)'
        return _DOMAINS_DIFFER
    if len(pairs) >= 3:
        if all(close(a, fv) for a, fv in zip(a_vals, points.values(f, table)) if a is not None):
            return _ITSELF
        if all(r != 0 for _, r in pairs):
            # (answer − derivative)/derivative the same at every point, to its own size (a
            # tolerance on the values would call cos x + 1e-9 x 0.99999… times cos x)
            ratios = [(a - r) / r for a, r in pairs]
            if ratios[0] != 0 and all(abs(q - ratios[0]) <= 1e-6 * abs(ratios[0])
                                      for q in ratios):
                return (f"no single mistake explains the answer: it is {1 + ratios[0]:.10g} "
                        "times the derivative")
        c = pairs[0][0] - pairs[0][1]
        # the exact difference, where there is one, says whether it is a constant
        if (d is None or not d.free) and all(close(a - r, c) for a, r in pairs):
            return f"no single mistake explains the answer: it differs from the derivative " \
                   f"by the constant {c:.6g}"
    return "no single mistake explains the answer"


