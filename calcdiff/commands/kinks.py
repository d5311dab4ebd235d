"""Where a grade must look besides random points: both sides of every kink, and far from 0.

An answer can be wrong only between a kink of the expression and one of its own (``4 sign(x)``
for the derivative of ``|4x - 1|`` is wrong on 0 < x < 1/4 alone), or only past a kink far
from 0 (``-1`` for ``|x - 400|``). Random points in fixed ranges miss both. A *kink* here is an
edge of a rule's domain, read from the rule table: where the argument ``u`` of a call meets
the constant its rule's domain compares ``u`` (or ``|u|``) with -- u = 0 for abs, relu,
heaviside and sign (``u != 0``: a kink or a jump), and for ln and sqrt (``u > 0``: the edge of
the domain), u = ±1 for asin -- and where the base of a power to a fraction is 0. Its points
are the real solutions of u = c in one variable: exact where u is a polynomial of degree 1 or
2 in it, else sign changes on a grid from 10⁻³ to 10⁶, narrowed by bisection. In an argument
of several variables, the others keep the values of a given point and each is solved for in
turn.
"""

from __future__ import annotations

import math
import random
from fractions import Fraction

from calcdiff.algebra.evaluate import FloatProgram, float_value
from calcdiff.errors import CalcdiffError
from calcdiff.read.rule_exprs import builtin_table
from calcdiff.tree.nodes import Add, Call, Div, Expr, Mul, Neg, Num, Pow, Sym, walk

MAX_KINKS = 12  # solutions kept per variable (both sides of each one are sampled)
SIDE = 1e-3  # a side point's distance from its kink, relative to max(1, |kink|)
FAR = (1e3, 1e4, 1e6)  # magnitudes of the far points, each on both sides of 0
# the grid a non-polynomial argument is searched on: 0 and ±(1, 2, 5)·10^k, k = -3 … 6
GRID = sorted({0.0} | {s * m * 10.0 ** k for s in (1, -1) for m in (1, 2, 5)
                       for k in range(-3, 7)})
BISECTIONS = 80
NARROW = 1e-9  # a bisection stops at an interval this wide, relative to max(SIDE, |root|)


def edges(exprs, table=None) -> list[tuple[Expr, Fraction]]:
    """Every (argument, constant) where ``argument = constant`` is a kink of one of
    ``exprs``, without repeats."""
    functions = (table if table is not None else builtin_table()).functions
    found: dict = {}
    for e in exprs:
        for node in walk(e):
            t = type(node)
            if t is Pow and type(node.exp) is Num and node.exp.value.denominator != 1:
                found[node.base, Fraction(0)] = None
            if t is not Call or not node.args or not node.args[0].free:
                continue
            rule = functions.get(node.func)
            if rule is None or rule.domain is None:
                continue
            u = node.args[0]
            for lhs, _, rhs in rule.domain.parts:
                if type(rhs) is not Num:
                    continue
                if type(lhs) is Sym:  # u > 0, u != 0
                    found[u, rhs.value] = None
                elif type(lhs) is Call and lhs.func == "abs" and type(lhs.args[0]) is Sym:
                    found[u, rhs.value] = None  # |u| < 1: u = ±1
                    found[u, -rhs.value] = None
    # an argument holding a function the table has no values of (f(x) in ln(f(x))) has no
    # solutions to look for
    return [key for key in found if key[0].free and not any(
        type(n) is Call and n.func not in functions for n in walk(key[0]))]


def kink_points(exprs, names: list[str], base: dict | None, table=None) -> list[dict]:
    """Points on both sides of every kink of ``exprs``: in one variable alone; in several,
    each solved for with the others at ``base`` (none without a ``base``)."""
    solutions: dict[str, list[float]] = {n: [] for n in names}
    for u, c in edges(exprs, table):
        own = sorted(u.free)
        if not set(own) <= set(names) or (len(own) > 1 and base is None):
            continue
        for var in own:
            env = {n: v for n, v in (base or {}).items() if n != var}
            for r in solve(u, c, var, env, table):
                if r not in solutions[var] and len(solutions[var]) < MAX_KINKS:
                    solutions[var].append(r)
    out = []
    for var, roots in solutions.items():
        for p in sides(roots):
            env = dict(base or {})
            env[var] = p
            if len(env) == len(names):
                out.append(env)
    return out


def far_points(names: list[str], base: dict | None, rng: random.Random) -> list[dict]:
    """Each variable in turn at ±(1 to 1.5)·10³, 10⁴, 10⁶, the others at ``base``."""
    out = []
    for var in names:
        if len(names) > 1 and base is None:
            break
        for m in FAR:
            v = float(f"{m * rng.uniform(1.05, 1.5):.4g}")
            for p in (v, -v):
                env = dict(base or {})
                env[var] = p
                out.append(env)
    return out


def sides(roots: list[float]) -> list[float]:
    """A point just left and one just right of each root: nearer to it than to any other
    root, rounded to a few digits more than that distance shows."""
    rs = sorted(set(roots))
    out = []
    for i, r in enumerate(rs):
        gap = min([abs(r - o) for o in rs[max(0, i - 1):i + 2] if o != r] or [math.inf])
        delta = min(SIDE * max(1.0, abs(r)), gap / 4)
        if not delta > 0:
            continue
        digits = max(0, math.ceil(-math.log10(delta)) + 2)
        out += [round(r - delta, digits), round(r + delta, digits)]
    return out


def solve(u: Expr, c, var: str, env: dict, table=None) -> list[float]:
    """The real solutions of ``u = c`` in ``var``, the other variables at ``env``: exact
    for a polynomial of degree 1 or 2, else on :data:`GRID`."""
    coefficients = _polynomial(u, var, env, table)
    if coefficients is not None:
        coefficients[0] -= c
        return _polynomial_roots(coefficients)
    return _grid_roots(u, c, var, env, table)


def _polynomial_roots(p: list) -> list[float]:
    while p and p[-1] == 0:
        p.pop()
    if len(p) == 2:
        return [float(-p[0] / p[1])]
    if len(p) != 3:
        return []
    c0, c1, c2 = p
    disc = c1 * c1 - 4 * c2 * c0
    if disc < 0:
        return []
    if disc == 0:
        return [float(-c1 / (2 * c2))]
    q = -(c1 + math.copysign(math.sqrt(disc), c1)) / 2  # no cancellation (Numerical Recipes)
    return sorted({float(q / c2), float(c0 / q)})


def _polynomial(e: Expr, var: str, env: dict, table) -> list | None:
    """``e``'s coefficients as a polynomial of degree at most 2 in ``var`` (the constant
    first; Fractions where ``e`` has only whole numbers), the other variables at ``env``;
    None where it is not one."""
    t = type(e)
    if var not in e.free:
        if t is Num:
            return [e.value]
        v = float_value(e, env, table)
        return None if v is None else [v]
    if t is Sym:
        return [0, 1]
    if t is Neg:
        p = _polynomial(e.arg, var, env, table)
        return None if p is None else [-a for a in p]
    if t is Add:
        total: list = [0]
        for a in e.args:
            p = _polynomial(a, var, env, table)
            if p is None:
                return None
            total = [x + y for x, y in zip(_padded(total, p), _padded(p, total))]
        return total
    if t is Mul:
        product: list | None = [1]
        for a in e.args:
            p = _polynomial(a, var, env, table)
            product = None if p is None else _times(product, p)
            if product is None:
                return None
        return product
    if t is Div and var not in e.den.free:
        p, d = _polynomial(e.num, var, env, table), float_value(e.den, env, table)
        if p is None or not d:
            return None
        d = e.den.value if type(e.den) is Num else d
        return [a / d for a in p]
    if t is Pow and type(e.exp) is Num and e.exp.value in (1, 2):
        p = _polynomial(e.base, var, env, table)
        return p if p is None or e.exp.value == 1 else _times(p, p)
    return None


def _padded(p: list, q: list) -> list:
    return p + [0] * (len(q) - len(p))


def _times(p: list, q: list) -> list | None:
    while len(p) > 1 and p[-1] == 0:
        p = p[:-1]
    while len(q) > 1 and q[-1] == 0:
        q = q[:-1]
    if len(p) + len(q) - 2 > 2:
        return None  # degree 3 or more: the grid finds its solutions
    out = [0] * (len(p) + len(q) - 1)
    for i, a in enumerate(p):
        for j, b in enumerate(q):
            out[i + j] += a * b
    return out


def _grid_roots(u: Expr, c, var: str, env: dict, table) -> list[float]:
    """Where ``u − c`` is 0 on :data:`GRID` or changes sign between two of its points (a
    jump too: sign(x) - 1/2), found by bisection; at most :data:`MAX_KINKS`, the nearest
    0 first."""
    program = FloatProgram([u], table)
    target = float(c)

    def g(x: float) -> float | None:
        try:
            v = program({**env, var: x})[0]
        except (CalcdiffError, ArithmeticError, ValueError, KeyError, TypeError):
            return None
        return v - target if isinstance(v, float) and math.isfinite(v) else None

    roots: list[float] = []
    values = [(x, g(x)) for x in GRID]
    cells = sorted(zip(values, values[1:]), key=lambda cell: min(abs(cell[0][0]),
                                                                  abs(cell[1][0])))
    for (a, ga), (b, gb) in cells:  # nearest 0 first: a periodic argument has many roots
        if len(roots) >= MAX_KINKS:
            break
        if ga == 0:
            roots.append(a)
        elif ga is not None and gb is not None and (ga < 0) != (gb < 0) and gb != 0:
            roots.append(_bisect(g, a, b, ga))
    return roots


def _bisect(g, a: float, b: float, ga: float) -> float:
    for _ in range(BISECTIONS):
        m = (a + b) / 2
        if abs(b - a) <= NARROW * max(SIDE, abs(m)):
            break  # far nearer than a side point's distance
        gm = g(m)
        if gm is None or gm == 0:
            return m
        if (gm < 0) == (ga < 0):
            a, ga = m, gm
        else:
            b = m
    return (a + b) / 2
