"""``grade`` of an implicit derivative: ``calcdiff grade "x^2 + y^2 = 25" --answer "-x/y"``.

``derive`` differentiates the equation implicitly (:mod:`calcdiff.commands.implicit`); the
answer, in x and y, is compared with that dy/dx at points of the curve -- where the equation
holds, the only points where the two need agree (``-x/y`` and ``-x*y/(25 - x^2)`` are the
same there, and nowhere else). The points: the other variables drawn as every grade draws
them, y solved for between the values of a wide grid where the equation changes sign. A
wrong answer is matched against one rule misapplied in differentiating a side, and against
the slips of solving for y′ (:func:`calcdiff.commands.diagnose.diagnose_equation`).
"""

from __future__ import annotations

import random
import re

from calcdiff.commands.answers import named_notes, read_answer
from calcdiff.read.brackets import components
from calcdiff.commands.diagnose import diagnose_equation, hint
from calcdiff.commands.equivalence import (POINTS, RANGES, Points, close, compare,
                                           same_number)
from calcdiff.commands.implicit import implicit_derive
from calcdiff.algebra.evaluate import float_value as value
from calcdiff.errors import CalcdiffError, DomainError, UsageError
from calcdiff.names import natural_order
from calcdiff.read.reading import Reading
from calcdiff.results_grade import ImplicitGrade
from calcdiff.tree.nodes import Expr
from calcdiff.tree.printer import shown_point, to_plain

TRIES = 100  # draws of the other variables, at most
LARGEST = 1e6  # a point where |dy/dx| is larger is too near a vertical tangent to compare at
# the values of y between which a change of sign of the equation is looked for: 0 and
# ±10^(k/10) from 10^-3 to 10^6 (x^2 + y^2 = 250000 has y = ±500 near x = 0)
_GRID = sorted({0.0} | {s * 10 ** (k / 10) for k in range(-30, 61) for s in (1.0, -1.0)})


def grade_equation(text: str, answer_text: str, wrt, vars, simplify, table, label, asked,
                   sides, answer, at=None) -> ImplicitGrade:
    """The answer graded as the implicit derivative of the equation ``text`` (``asked``: the
    request words around it, ``sides``: its sides, as
    :func:`calcdiff.commands.implicit.equation_in` found them); ``wrt``: the independent
    variable (default x, or the request's); ``answer``: the answer's sides, as
    :func:`calcdiff.commands.answers.answer_sides` read them, or the error it raised."""
    order = asked.order if asked else 1
    r = implicit_derive(text, order, dependent=asked.dependent if asked else None,
                        wrt=wrt or (asked.independent if asked else None), vars=vars, at=at,
                        simplify=simplify, table=table, request=asked, sides=sides)
    if isinstance(answer, CalcdiffError):
        raise answer
    right, named, notes = answer
    if len(components(right)) > 1:
        raise UsageError("an implicit derivative is one answer, not a gradient",
                         hint=f"give d{r.dependent}/d{r.independent} alone")
    x, y = r.independent, r.dependent
    right, applied = dependent_applied(right, x, y)
    answer, answer_notes, _ = read_answer(right, vars, table)
    answer_notes = applied + answer_notes
    # the equation as read, its two sides (derive's reading holds their difference)
    reading = Reading(r.reading.text, r.lhs, r.reading.notes, r.reading.spans, right=r.rhs)
    if r.at and r.value is not None and not answer.free:  # … at (3, 4); -3/4: its value
        return _graded_value(reading, answer_text, answer, r, right, answer_notes, label)
    names = natural_order(r.expr.free | answer.free | {x, y})
    points = curve_points(r.expr, r.result, names, y, table, x=x)
    if not points.envs:
        raise DomainError(f"no point of the curve {reading.plain} found where d{y}/d{x} is "
                          "defined, so the answer cannot be compared")
    verdict = compare(answer, r.result, points, table, exact=False)
    said = named_notes(named, (x,) * r.order, r.expr, lambda e: True)
    g = ImplicitGrade(reading, answer_text, answer, r, verdict.equal,
                      verdict.method.replace("numeric", "numeric, on the curve", 1),
                      answer_notes=notes + said + answer_notes, label=label,
                      at=r.at or None, value=r.value if r.at else None)
    if not verdict.equal:
        g.differences = verdict.differences[:3]
        g.diagnosis = diagnose_equation(r, answer, points, table, simplify)
        if g.diagnosis is None:
            g.note = (_on_part_of_the_curve(answer, points, x, y, table)
                      or hint(r.expr, answer, verdict.difference, points, table,
                              itself=False, said="the equation " + reading.plain))
    return g


def _graded_value(reading, answer_text, answer: Expr, r, written: str, notes: list,
                  label) -> ImplicitGrade:
    """A number graded as the implicit derivative's value at the point of the curve given
    (exactly, to 1e-12; to 1e-6 where the answer was written with decimals)."""
    where = shown_point(r.at)
    correct = same_number(answer, r.value_float, written)
    g = ImplicitGrade(reading, answer_text, answer, r, correct, f"at {where}",
                      answer_notes=notes, label=label, at=r.at, value=r.value)
    if not correct:
        g.note = f"at {where} d{r.dependent}/d{r.independent} is {to_plain(r.value)}"
    return g


def dependent_applied(text: str, x: str, y: str) -> tuple[str, list[str]]:
    """``text`` with each ``y(x)`` written ``y`` (the function of x the equation defines, as
    the derivation writes it: ``-x/y(x)`` is -x/y, not -x/y·x), and the note saying so."""
    pattern = re.compile(r"(?<![A-Za-z_\\])" + re.escape(y) + r"\s*\(\s*" + re.escape(x)
                         + r"\s*\)")
    out, count = pattern.subn(y, text)
    return out, [f"{y}({x}) read as {y}, the function of {x} the equation defines"] * (count > 0)


def _on_part_of_the_curve(answer: Expr, points: Points, x: str, y: str, table) -> str | None:
    """What to say of an answer right at some points of the curve and wrong at others (the
    derivative of one branch, ``-x/sqrt(25 - x^2)`` for the circle's): where it is right,
    by the sign of y where that tells the two apart."""
    right = [close(a, r) for a, r in zip(points.values(answer, table), points.reference)]
    if all(right) or not any(right):
        return None
    ys = [(env[y] > 0, ok) for env, ok in zip(points.envs, right)]
    where = next((f" (where {y} {'>' if side else '<'} 0)" for side in (True, False)
                  if all(s == side for s, ok in ys if ok) and
                  all(s != side for s, ok in ys if not ok)), "")
    return (f"no single mistake explains the answer: it equals d{y}/d{x} on part of the curve "
            f"only{where}: at {sum(right)} of its {len(right)} points")


def curve_points(f: Expr, d: Expr, names: list[str], y: str, table=None,
                 seed: int = 0, x: str | None = None) -> Points:
    """Up to :data:`~calcdiff.commands.equivalence.POINTS` points where ``f`` = 0 and ``d`` is
    defined, below :data:`LARGEST` in size: the variables other than ``y`` drawn from the
    ranges every grade draws from; ``y`` each root of ``f`` there, found by bisection where
    ``f`` changes sign between two values of the grid (the lowest root and the highest, two
    branches of the curve where it has them)."""
    rng = random.Random(seed)
    pts = Points(list(names))
    others = [n for n in names if n != y]
    for k in range(TRIES):
        lo, hi = RANGES[k % len(RANGES)]
        env = {n: round(rng.uniform(lo, hi), 6) for n in others}
        roots = _roots(f, env, y, table)
        for root in dict.fromkeys(roots[:1] + roots[-1:]):
            _add(pts, {n: root if n == y else env[n] for n in names}, d, table)
        if len(pts.envs) >= POINTS:
            return pts
    # a curve the draws of x miss ((x - 7)^2 + (y + 1)^2 = 1/4 lives on 6.5 <= x <= 7.5):
    # points of the grid's ranges moved onto it, along the gradient (Newton's projection)
    if x is not None and x != y:
        for k in range(TRIES):
            lo, hi = RANGES[k % len(RANGES)]
            env = {n: round(rng.uniform(lo, hi), 6) for n in names}
            point = _projected(f, env, x, y, table)
            if point is not None and all(abs(point[x] - p[x]) > 1e-6 for p in pts.envs):
                _add(pts, point, d, table)
            if len(pts.envs) >= POINTS:
                break
    return pts


def _add(pts: Points, point: dict, d: Expr, table) -> None:
    """``point`` among the points, where the derivative ``d`` has a value not too large."""
    dv = value(d, point, table)
    if dv is not None and abs(dv) <= LARGEST:
        pts.envs.append(point)
        pts.reference.append(dv)


def _projected(f: Expr, env: dict, x: str, y: str, table, steps: int = 60) -> dict | None:
    """``env`` moved in x and y onto ``f`` = 0: p ← p − f(p)·∇f(p)/|∇f(p)|², the gradient
    by central differences; None where it does not settle on the curve."""
    p = dict(env)
    for _ in range(steps):
        v = value(f, p, table)
        if v is None:
            return None
        scale = max(1.0, abs(p[x]), abs(p[y]))
        if abs(v) <= 1e-13 * scale:
            return p
        grad = []
        for n in (x, y):
            h = 1e-6 * max(1.0, abs(p[n]))
            up, down = value(f, {**p, n: p[n] + h}, table), value(f, {**p, n: p[n] - h}, table)
            if up is None or down is None:
                return None
            grad.append((up - down) / (2 * h))
        norm = grad[0] ** 2 + grad[1] ** 2
        if norm == 0:
            return None
        p[x] -= v * grad[0] / norm
        p[y] -= v * grad[1] / norm
    return None


def _roots(f: Expr, env: dict, y: str, table) -> list[float]:
    """The roots in ``y`` of ``f`` at ``env`` that the grid brackets, in increasing order."""
    out = []
    before = None  # (y, f) at the last grid value where f is defined
    for t in _GRID:
        v = value(f, {**env, y: t}, table)
        if v == 0:
            out.append(t)
        elif v is not None and before is not None and before[1] != 0 and \
                (v > 0) != (before[1] > 0):
            root = _bisect(f, env, y, before, (t, v), table)
            if root is not None:
                out.append(root)
        before = None if v is None else (t, v)
    return out


def _bisect(f: Expr, env: dict, y: str, a: tuple, b: tuple, table) -> float | None:
    """The root of ``f`` between ``a`` and ``b`` ((y, f) each, of opposite signs), to the
    precision of doubles; None where the change of sign is a pole's (|f| does not shrink)."""
    (lo, f_lo), (hi, f_hi) = a, b
    scale = max(1.0, abs(f_lo), abs(f_hi))
    while True:
        mid = (lo + hi) / 2
        if mid in (lo, hi):
            break
        v = value(f, {**env, y: mid}, table)
        if v is None:
            return None
        if v == 0:
            return mid
        if (v > 0) == (f_lo > 0):
            lo, f_lo = mid, v
        else:
            hi = mid
    return lo if abs(f_lo) <= 1e-6 * scale else None
