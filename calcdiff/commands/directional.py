"""The directional derivative ∇f(a)·u/|u| and the direction of steepest ascent, from a
gradient's exact values at a point (``grad --direction``)."""

from __future__ import annotations

import math

from calcdiff.algebra.build import add, div, mul, power
from calcdiff.algebra.evaluate import evaluate
from calcdiff.commands.request import simplify_expr
from calcdiff.errors import CalcdiffError, UsageError
from calcdiff.read.parser import parse
from calcdiff.results_learn import Directional
from calcdiff.tree.nodes import Call, Expr, Num


def directional(gradient_values: list[Expr], direction, table=None) -> Directional:
    """∇f(a)·u/|u| from the gradient's exact values at the point."""
    if isinstance(direction, str):
        parts = [p for p in direction.split(",")]
    else:
        parts = list(direction)
    vec: list[Expr] = []
    for p in parts:
        if isinstance(p, Expr):
            vec.append(p)
            continue
        try:
            e = parse(str(p)).expr
        except CalcdiffError as exc:
            raise UsageError(f"--direction {direction}: {exc.message}") from None
        if e.free:
            raise UsageError(f"--direction must be numbers, got {p!r}")
        vec.append(e)
    if len(vec) != len(gradient_values):
        raise UsageError(f"--direction has {len(vec)} components; the gradient has "
                         f"{len(gradient_values)}")
    norm2 = simplify_expr(add(*[power(v, Num(2)) for v in vec]))
    if evaluate(norm2, {}) == 0:
        raise UsageError("the direction vector is zero: it has no direction",
                         hint="give a nonzero vector, for example --direction 1,1")
    norm = simplify_expr(Call("sqrt", (norm2,)))
    unit = [simplify_expr(div(v, norm)) for v in vec]
    dot = simplify_expr(div(add(*[mul(g, v) for g, v in zip(gradient_values, vec)]), norm))
    g2 = simplify_expr(add(*[power(g, Num(2)) for g in gradient_values]))
    g2f = evaluate(g2, {}, table)
    rate = simplify_expr(Call("sqrt", (g2,)))
    steepest = [] if g2f == 0 else [simplify_expr(div(g, rate)) for g in gradient_values]
    return Directional(vec, unit, dot, evaluate(dot, {}, table), steepest, rate, math.sqrt(g2f))
