"""Where an optimiser stopped, said honestly: the Hessian's eigenvalues at the point (Jacobi
rotations on the small symmetric matrix) decide minimum, maximum, saddle or degenerate, and
the largest one gives gradient descent's stable learning rates (lr < 2/L on a quadratic)."""

from __future__ import annotations

import math

from fractions import Fraction

from calcdiff.algebra.build import substitute
from calcdiff.algebra.evaluate import evaluate
from calcdiff.commands.request import PRECISE_DIGITS
from calcdiff.errors import DomainError
from calcdiff.results_learn import Stationary
from calcdiff.sympy_bridge import real_value
from calcdiff.tree.nodes import Expr, Num

JACOBI_SWEEPS = 60
SINGULAR = 1e-15  # a pivot this small relative to the matrix, times its size n: singular (a
# few ulps a row: an invertible Hessian of features on scales 1e14 apart, diag(2, 2e-14), is
# solved; roundoff in an exactly singular one stays below it)


def settled(gradient: list[float], tol: float) -> bool:
    """Has an optimiser reached where it stops: |∇f| below ``tol``, or exactly 0 (where no
    step moves the point, also with --tol 0, which otherwise runs every iteration)?"""
    norm = math.sqrt(sum(g * g for g in gradient))
    return norm < tol or norm == 0.0


def eigenvalues(a: list[list[float]]) -> list[float]:
    """The eigenvalues of the symmetric matrix ``a``, ascending (cyclic Jacobi rotations),
    computed on ``a`` scaled to entries of at most 1 (an entry past 1e154 squared overflows a
    double: exp(x) at 400)."""
    n = len(a)
    scale = max((abs(float(v)) for row in a for v in row), default=0.0)
    if scale == 0.0 or not math.isfinite(scale):
        return sorted(float(a[i][i]) for i in range(n))
    m = [[float(v) / scale for v in row] for row in a]
    for _ in range(JACOBI_SWEEPS):
        off = sum(m[i][j] ** 2 for i in range(n) for j in range(n) if i != j)
        if off <= 1e-30 * max(1.0, sum(m[i][i] ** 2 for i in range(n))):
            break
        for p in range(n - 1):
            for q in range(p + 1, n):
                if m[p][q] == 0.0:
                    continue
                theta = (m[q][q] - m[p][p]) / (2 * m[p][q])
                t = math.copysign(1.0, theta) / (abs(theta) + math.sqrt(theta * theta + 1))
                c = 1 / math.sqrt(t * t + 1)
                s = t * c
                for k in range(n):  # columns p, q
                    mkp, mkq = m[k][p], m[k][q]
                    m[k][p], m[k][q] = c * mkp - s * mkq, s * mkp + c * mkq
                for k in range(n):  # rows p, q
                    mpk, mqk = m[p][k], m[q][k]
                    m[p][k], m[q][k] = c * mpk - s * mqk, s * mpk + c * mqk
    return sorted(m[i][i] * scale for i in range(n))


def hessian_at(matrix, envs: list[dict], table=None) -> list[list[float]] | None:
    """The Hessian's entries at a point, averaged over ``envs`` (one per data sample, or the
    point alone); None where it is undefined."""
    n = len(matrix)
    out = [[0.0] * n for _ in range(n)]
    try:
        for env in envs:
            for i in range(n):
                for j in range(i, n):
                    v = evaluate(matrix[i][j], env, table) / len(envs)
                    out[i][j] += v
                    if i != j:
                        out[j][i] += v
    except (DomainError, OverflowError, ValueError, ZeroDivisionError):
        return None
    if not all(math.isfinite(v) for row in out for v in row):
        return None
    return out


def solve(a: list[list[float]], b: list[float]) -> list[float] | None:
    """x with a·x = b (Gaussian elimination, partial pivoting); None when a is singular."""

    n = len(b)
    m = [list(row) + [bi] for row, bi in zip(a, b)]
    scale = max((abs(v) for row in a for v in row), default=0.0)
    if scale == 0:
        return None
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        if abs(m[p][c]) <= SINGULAR * n * scale:
            return None
        m[c], m[p] = m[p], m[c]
        for r in range(c + 1, n):
            f = m[r][c] / m[c][c]
            for k in range(c, n + 1):
                m[r][k] -= f * m[c][k]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        x[r] = (m[r][n] - sum(m[r][k] * x[k] for k in range(r + 1, n))) / m[r][r]
    return x


def ahead(x: list[float], g: list[float], h: list[list[float]] | None, hessian_at_point):
    """The Hessian (``hessian_at_point(p)``) at p = x − H⁻¹∇f, the stationary point one Newton
    step on from an iterate ``x`` that stopped near one; None where that step is undefined."""
    if h is None or not h:
        return None
    step = solve(h, g)
    if step is None:
        return None
    return hessian_at_point([xi - si for xi, si in zip(x, step)])


def _settled(eig: list[float], eig_ahead: list[float]) -> bool:
    """Whether the eigenvalues hold their signs and sizes (within :data:`SETTLED`) from the
    point reached to the stationary point a Newton step on: at a degenerate point (x³ and x⁴
    at 0) they shrink with the distance to it, however small the gradient."""
    return all(e * a > 0 and abs(e - a) <= SETTLED * max(abs(e), abs(a))
               for e, a in zip(eig, eig_ahead))


SETTLED = 0.1  # the relative change of an eigenvalue that still classifies the point
# a Newton step to the nearest critical point longer than this (relative to the point, at
# least 1): the stop is on a flat region, not near a critical point
FLAT = 1e-3
FLAT_CURVATURE = 1e-8  # ... when every eigenvalue of the Hessian is this small (as classify's)


def flat_stop(x: list[float], g: list[float], h: list[list[float]] | None,
              exact=None) -> Stationary | None:
    """A stop on a flat region rather than near a critical point, or None: the gradient is
    below the tolerance but not zero, the Hessian nearly zero, and the Newton step H⁻¹∇f to
    where the gradient would vanish is long -- exp(x) at -30, where f′ = f″ = 9.4e-14 and
    that step is 1 (exp has no critical point). A singular Hessian (a valley of minima) gives
    no step and no verdict here. A gradient that is 0 in doubles only -- exp(x) at -800,
    where f′ = 3.67e-348 underflows -- with a Hessian nearly zero is flat too, when the
    exact norms ``exact()`` gives, (|∇f|, |H|) (:func:`exact_norm`), make the Newton step long."""
    if not h:
        return None
    eig = eigenvalues(h)
    if not any(g):
        if exact is None or max(map(abs, eig)) > FLAT_CURVATURE:
            return None
        g_norm, h_norm = exact()
        if not g_norm:
            return None  # 0 exactly: a critical point
        if any(map(any, h)) and h_norm and g_norm / h_norm <= FLAT * max(1.0, *map(abs, x)):
            return None  # the Newton step |H⁻¹∇f| ≥ |∇f|/|H| may be short
        shown = str(g_norm.evalf(3)).replace("E", "e")
        return Stationary("flat", eig, (
            f"the gradient is 0 in doubles only: exactly, |∇f| = {shown}, below "
            "the smallest "
            "double, and the Hessian is nearly 0 too (eigenvalues "
            f"{', '.join(f'{e:.6g}' for e in eig)}): f is nearly flat here (a vanishing "
            "gradient), and no critical point is shown to be near"))
    if max(map(abs, eig)) > FLAT_CURVATURE:
        return None  # curved enough to classify (x³ stopped at 0.02 is near its point)
    far = _long_newton_step(x, g, h)
    if far is None:
        return None
    shown = ", ".join(f"{e:.6g}" for e in eig)
    return Stationary("flat", eig, (
        f"the gradient is below the tolerance, but the Newton step to where it would vanish "
        f"is {far:.3g} long (Hessian eigenvalues {shown}): f is nearly flat here (a vanishing "
        "gradient), and no critical point is shown to be near"))


def exact_norm(exprs: list[Expr], envs: list[dict], table=None):
    """The Euclidean norm of ``exprs``' means over ``envs``, at 60 digits (a SymPy number:
    exp(-800) is 3.67e-348, no double): where doubles say 0, whether it is 0 exactly. None
    where one has no value that SymPy finds."""
    totals = [0] * len(exprs)
    for env in envs:
        point = {k: Num(Fraction(v)) for k, v in env.items()}
        for i, e in enumerate(exprs):
            v = real_value(substitute(e, point), PRECISE_DIGITS, table)
            if v is None:
                return None
            totals[i] += v
    return sum(t * t for t in totals) ** 0.5 / len(envs)


def exact_norms(gradient: list[Expr], hessian: list[list[Expr]], envs: list[dict],
                table=None):
    """What :func:`flat_stop` asks for where the gradient's doubles are all 0: a function
    giving (|∇f|, |H|) at 60 digits, over ``envs``."""
    return lambda: (exact_norm(gradient, envs, table),
                    exact_norm([e for row in hessian for e in row], envs, table))


def _long_newton_step(x: list[float], g: list[float], h: list[list[float]]) -> float | None:
    """The length of the Newton step H⁻¹∇f from ``x`` where it is long (over :data:`FLAT`
    of the point's size, at least 1), else None; None on a singular Hessian too."""
    step = solve(h, g)
    if step is None:
        return None
    far = max(map(abs, step))
    return far if far > FLAT * max(1.0, max(map(abs, x), default=0.0)) else None


def far_stop(x: list[float], g: list[float], h: list[list[float]] | None, tol: float,
             start: list[float]) -> Stationary | None:
    """A stop because |∇f| fell below a large ``tol`` far from any critical point, or
    None: the Newton step H⁻¹∇f to where the gradient would vanish is long (as
    :func:`flat_stop` measures it) and longer than the way the iterates came from
    ``start`` (they stopped before most of the way) -- x² from 1 with ``--tol 5``: f′ = 2,
    the step 1 long, none of it travelled. Such a point is not classified. (x³ stopped at
    0.018 from 1 is near its point: the step is 0.009, the way 0.98.)"""
    if not any(g) or not h:
        return None
    far = _long_newton_step(x, g, h)
    if far is None or far <= max(abs(a - b) for a, b in zip(x, start)):
        return None
    norm = math.sqrt(sum(v * v for v in g))
    return Stationary("tolerance", eigenvalues(h), (
        f"|∇f| = {norm:.6g} is below --tol {tol:g}, but the Newton step to where the "
        f"gradient would vanish is {far:.3g} long: this is no critical point, and it is "
        "not classified (a smaller --tol goes on)"))


ZERO_EIGENVALUE = 1e-15  # an eigenvalue this small relative to the largest, times the
# matrix's size, counts as 0 (the Hessian's own scale, not 1: a loss of a small scale is as
# curved as any other; a few ulps a row: x^2 + 1e-13 y^2 is a minimum)


def classify_point(h: list[list[float]] | None,
                   h_ahead: list[list[float]] | None = None) -> Stationary | None:
    """minimum / maximum / saddle / degenerate from the Hessian's eigenvalues; with
    ``h_ahead`` (the Hessian at the stationary point a Newton step on, :func:`ahead`), a
    point whose eigenvalues do not hold there is called degenerate: the iterate only
    approximates the point, and a small eigenvalue's sign there says nothing (x³ is not
    minimal at its inflection point, whatever side the iterate stopped on)."""
    if h is None:
        return None
    eig = eigenvalues(h)
    tol = ZERO_EIGENVALUE * len(eig) * max(abs(e) for e in eig)  # relative: 1e-9*(x - 3)^2
    # is curved
    shown = ", ".join(f"{e:.6g}" for e in eig)
    if h_ahead is not None and any(abs(e) > tol for e in eig):
        eig_ahead = eigenvalues(h_ahead)
        if not _settled(eig, eig_ahead) and _settled([eig[0], eig[-1]],
                                                      [eig_ahead[0], eig_ahead[-1]]) \
                and eig[0] < -tol and eig[-1] > tol:
            # the smallest and the largest hold, one below 0 and one above: a saddle, whatever
            # the small ones between do (x^2 - y^2 + z^4 near 0)
            return Stationary("saddle", eig, f"the Hessian is indefinite (eigenvalues {shown}:"
                                             " its largest and smallest hold their signs "
                                             "near the point)")
        if not _settled(eig, eig_ahead):
            return Stationary("degenerate", eig, (
                f"the Hessian's eigenvalues ({shown}) change too fast near the point to "
                f"classify it (one Newton step on: {', '.join(f'{e:.6g}' for e in eig_ahead)}"
                "): the Hessian is nearly singular there, and the second-derivative test "
                "says nothing"))
    if all(e > tol for e in eig):
        return Stationary("minimum", eig, f"the Hessian is positive definite (eigenvalues "
                                           f"{shown})")
    if all(e < -tol for e in eig):
        return Stationary("maximum", eig, f"the Hessian is negative definite (eigenvalues "
                                           f"{shown})")
    if any(e > tol for e in eig) and any(e < -tol for e in eig):
        return Stationary("saddle", eig, f"the Hessian is indefinite (eigenvalues {shown})")
    return Stationary("degenerate", eig, f"the Hessian is singular (eigenvalues {shown}); the "
                                         "second-derivative test says nothing")


def lr_hint(h: list[list[float]] | None, lr: float, method: str = "gd", beta: float = 0.0
            ) -> str:
    """Why the descent diverged, and the learning rates that would not: on a quadratic whose
    largest Hessian eigenvalue is L, gradient descent is stable for lr < 2/L, and momentum
    (v ← βv + ∇f, θ ← θ − lr·v) for lr < 2(1 + β)/L."""
    if h is None or method not in ("gd", "momentum"):
        return "Try a smaller --lr"
    big = max(eigenvalues(h))
    if big <= 0:
        return ("Try a smaller --lr (the Hessian at the start has no positive eigenvalue, so "
                "it gives no bound)")
    if method == "gd":
        rule, bound = "gradient descent is stable for lr < 2/L", 2 / big
    else:
        rule, bound = "momentum is stable for lr < 2(1 + β)/L", 2 * (1 + beta) / big
    return (f"--lr {lr:g} is too large: {rule} = {bound:.6g}, where L = {big:.6g} is the "
            "largest eigenvalue of the Hessian at the start (exact for a quadratic; a guide "
            "otherwise)"
            + ("" if lr >= bound else "; here lr is below it: f has more curvature away "
               "from the start"))


__all__ = ["ahead", "classify_point", "eigenvalues", "exact_norm", "exact_norms", "far_stop",
           "flat_stop", "hessian_at", "lr_hint", "solve"]
