"""The directional derivative ∇f(a)·u/|u| and the direction of steepest ascent, from a
gradient's exact values at a point (``grad --direction``)."""

from __future__ import annotations

import math

from calcdiff.algebra.build import add, div, mul, power, substitute
from calcdiff.algebra.evaluate import evaluate
from calcdiff.read.brackets import split_top
from calcdiff.commands.request import simplify_expr
from calcdiff.errors import CalcdiffError, DomainError, UsageError
from calcdiff.read.parser import parse
from calcdiff.results_learn import Directional
from calcdiff.sympy_bridge import quotient_limits
from calcdiff.tree.nodes import Call, Expr, Num, Sym
from calcdiff.tree.printer import shown_point, to_plain


def directional(gradient_values: list[Expr], direction, table=None) -> Directional:
    """∇f(a)·u/|u| from the gradient's exact values at the point."""
    if isinstance(direction, str):  # 3,4, also as a vector is written: (3, 4), <3, 4>, ⟨3, 4⟩
        text = direction.strip()
        if len(text) > 1 and (text[0], text[-1]) in (("(", ")"), ("[", "]"), ("<", ">"),
                                                      ("⟨", "⟩")):
            text = text[1:-1]
        parts = split_top(text)
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
    norm = _length(vec, norm2)
    unit = _unit(vec, norm)
    dot = simplify_expr(div(add(*[mul(g, v) for g, v in zip(gradient_values, vec)]), norm))
    g2 = simplify_expr(add(*[power(g, Num(2)) for g in gradient_values]))
    g2f = evaluate(g2, {}, table)
    rate = simplify_expr(Call("sqrt", (g2,)))
    steepest = [] if g2f == 0 else [simplify_expr(div(g, rate)) for g in gradient_values]
    return Directional(vec, unit, dot, evaluate(dot, {}, table), steepest, rate, math.sqrt(g2f))


def _length(vec: list[Expr], norm2: Expr | None = None) -> Expr:
    """The length of ``vec``, exactly (``norm2``: its square, if known)."""
    if norm2 is None:
        norm2 = simplify_expr(add(*[power(v, Num(2)) for v in vec]))
    return simplify_expr(Call("sqrt", (norm2,)))


def _unit(vec: list[Expr], norm: Expr) -> list[Expr]:
    """``vec`` divided by its length ``norm``."""
    return [simplify_expr(div(v, norm)) for v in vec]


def slope_along(f: Expr, point: dict[str, Expr], gradient: list[Expr], d: Directional,
                table=None) -> None:
    """Where a partial derivative at the point is only the limit of difference quotients
    along its axis (a rule of the derivation does not hold there: cbrt(x^3 + y^3) at 0), f
    need not be differentiable, and then neither ∇f·u nor the steepest ascent holds. Raise
    DomainError unless f's one-sided slopes (SymPy's limits on the line through the point)
    meet at ∇f·u along the direction asked, the gradient's own and the diagonals (1, 1, …),
    (1, -1, …)."""
    t = next(n for n in ("t", "s", "tau", "t_1") if n not in f.free)
    n = len(point)
    probes = [d.direction, d.steepest, [Num(1)] * n, [Num((-1) ** k) for k in range(n)]]
    where = shown_point(point)
    for vec in (v for v in probes if v):
        unit = _unit(vec, _length(vec))
        expected = evaluate(add(*[mul(g, u) for g, u in zip(gradient, unit)]), {}, table)
        line = substitute(f, {v: add(a, mul(u, Sym(t))) for (v, a), u in zip(point.items(),
                                                                              unit)})
        (right, right_float), (left, _) = quotient_limits(line, t, Num(0), table)
        toward = ", ".join(to_plain(v) for v in vec)
        if right is None or right != left or not right.is_finite:
            raise DomainError(f"--direction: f is not differentiable at {where}: along "
                              f"({toward}) its one-sided slopes differ or have no limit, so "
                              "the gradient gives neither directional derivatives nor a "
                              "steepest ascent there",
                              hint="the partial derivatives there are limits along the axes "
                                   "only; calcdiff limit on f along a line shows its slopes")
        if abs(right_float - expected) > 1e-9 * max(1.0, abs(right_float)):
            raise DomainError(f"--direction: f is not differentiable at {where}: along "
                              f"({toward}) its slope is {right} ≈ {right_float:.12g}, not "
                              f"∇f·u ≈ {expected:.12g}",
                              hint="the partial derivatives there are limits along the axes "
                                   "only; calcdiff limit on f along a line shows its slopes")
