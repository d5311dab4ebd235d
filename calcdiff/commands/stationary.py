"""Where an optimiser stopped, said honestly: the Hessian's eigenvalues at the point (Jacobi
rotations on the small symmetric matrix) decide minimum, maximum, saddle or degenerate, and
the largest one gives gradient descent's stable learning rates (lr < 2/L on a quadratic)."""

from __future__ import annotations

import math

from calcdiff.algebra.evaluate import evaluate
from calcdiff.errors import DomainError
from calcdiff.results_learn import Stationary

JACOBI_SWEEPS = 60


def eigenvalues(a: list[list[float]]) -> list[float]:
    """The eigenvalues of the symmetric matrix ``a``, ascending (cyclic Jacobi rotations)."""
    n = len(a)
    m = [list(map(float, row)) for row in a]
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
    return sorted(m[i][i] for i in range(n))


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


def classify_point(h: list[list[float]] | None) -> Stationary | None:
    """minimum / maximum / saddle / degenerate from the Hessian's eigenvalues."""
    if h is None:
        return None
    eig = eigenvalues(h)
    tol = 1e-8 * max(1.0, max(abs(e) for e in eig))
    shown = ", ".join(f"{e:.6g}" for e in eig)
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


def lr_hint(h: list[list[float]] | None, lr: float) -> str:
    """Why gradient descent diverged, and the learning rates that would not."""
    if h is None:
        return "try a smaller --lr"
    big = max(abs(e) for e in eigenvalues(h))
    if big == 0:
        return "try a smaller --lr"
    bound = 2 / big
    return (f"--lr {lr:g} is too large: gradient descent is stable for lr < 2/L = {bound:.6g}, "
            f"where L = {big:.6g} is the largest eigenvalue of the Hessian at the start "
            "(exact for a quadratic; a guide otherwise)")


__all__ = ["classify_point", "eigenvalues", "hessian_at", "lr_hint"]
