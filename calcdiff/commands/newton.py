"""Newton's method for a minimum (or any stationary point): x ← x − H(x)⁻¹∇f(x), in one
variable x ← x − f′(x)/f″(x). The gradient and the Hessian are derived once, symbolically;
each step records the linear solve H·Δ = −∇f. It stops honestly on a singular Hessian, and
says what kind of point it reached (Newton's method finds saddles and maxima too)."""

from __future__ import annotations

import math

from calcdiff.algebra.evaluate import evaluate
from calcdiff.commands.iterate_errors import OutOfDoubles, iterate_error
from calcdiff.commands.lets import read_lets
from calcdiff.commands.multivar import grad, hessian
from calcdiff.commands.numbers import decimals_written, parameter_names, start_values
from calcdiff.commands.request import read_to_evaluate, require_values
from calcdiff.commands.points import parse_point, point_names
from calcdiff.commands.stationary import (ahead, classify_point, exact_norms, far_stop,
                                          flat_stop, hessian_at, settled, solve)
from calcdiff.deep import call_deep
from calcdiff.errors import DomainError, UsageError
from calcdiff.results_learn import Newton, NewtonStep

MAX_ITERATIONS = 1000
RUNAWAY = 1e-3  # a last step this large relative to |x|: the iterates are running away


def _running(last: list[float], step: list[float] | None, x: list[float]) -> bool:
    """Whether the iterates run away at ``x``: the last Newton step long (over
    :data:`RUNAWAY`) and the next one (None: none, the Hessian singular) no shorter."""
    length = math.sqrt(sum(v * v for v in last))
    return length > RUNAWAY * (1 + math.sqrt(sum(v * v for v in x))) and (
        step is None or math.sqrt(sum(v * v for v in step)) >= length)


def newton(expr, start, iterations: int = 50, tol: float = 1e-10, vars=None,
           simplify: str = "basic", table=None, *, lets=None) -> Newton:
    """Newton's method from ``start`` (``w=1,b=2``): at most ``iterations`` steps, stopping
    when |∇f| < tol or the step is below tol, or on a singular Hessian. ``lets``: definitions
    substituted first."""
    expr = read_lets(expr, lets, vars, table, point_names(start))
    return call_deep(_newton, expr, start, iterations, tol, vars, simplify, table)


def _newton(expr, start, iterations, tol, vars, simplify, table) -> Newton:
    reading = read_to_evaluate(expr, vars=vars, table=table, names=point_names(start))
    point = parse_point(start, option="--from")
    if not point:
        raise UsageError("give the starting point with --from, for example --from x=1")
    require_values(reading.expr, point, table, let=False)
    names = parameter_names(reading, point, vars)
    if iterations < 1 or iterations > MAX_ITERATIONS:
        raise UsageError(f"--iterations must be between 1 and {MAX_ITERATIONS}")
    g = grad(reading, vars=names, simplify=simplify, table=table)
    h = hessian(reading, vars=names, simplify=simplify, table=table)
    x = start_values(point, names)
    out = Newton(reading, names, g.gradient, h.matrix, list(x), tol=tol)
    out.partials, out.hessian_entries = g.partials, h.entries
    out.decimals = decimals_written(reading, start)
    for k in range(iterations + 1):
        env = dict(zip(names, x))
        try:
            value = evaluate(reading.expr, env, table)
            gvals = [evaluate(e, env, table) for e in g.gradient]
        except DomainError as exc:
            err = iterate_error(exc, [reading.expr, *g.gradient], names, x, [env], k, "step",
                                table)
            if not (isinstance(err, OutOfDoubles) and k > 0):
                raise err from None
            out.divergence = err.divergence  # only doubles fail: the run stops, said so
            value, gvals = err.value, [math.nan] * len(names)
        hvals = hessian_at(h.matrix, [env], table)
        if hvals is None or not all(map(math.isfinite, [value, *gvals])):
            out.steps.append(NewtonStep(k, list(x), value, gvals, hvals or [], []))
            out.diverged = True
            break
        if settled(gvals, tol):
            out.steps.append(NewtonStep(k, list(x), value, gvals, hvals, []))
            # a gradient below the tolerance where the steps do not shrink (ln x: x doubles
            # each step; exp(x): a step of -1 each) is running away, not converging; a next
            # step of nothing is the end (1e-9*(x - 3)^2 reaches 3 in one step), a shorter
            # one a slow approach (x^4: each step 2/3 of the last)
            last = out.steps[-2].step if len(out.steps) > 1 else []
            if last and _running(last, solve(hvals, [-v for v in gvals]), x):
                out.diverged = out.runaway = True
            else:
                out.converged = True
            break
        delta = solve(hvals, [-v for v in gvals])
        out.steps.append(NewtonStep(k, list(x), value, gvals, hvals, delta or []))
        if delta is None:
            out.singular = True
            break
        if k == iterations:
            break
        x = [xi + di for xi, di in zip(x, delta)]
        if max(map(abs, x)) > 1e150:
            out.diverged = out.runaway = True
            break
    if out.converged:
        last = out.steps[-1]
        env = dict(zip(names, last.point))
        out.stationary = flat_stop(
            last.point, last.gradient, last.hessian,
            exact_norms(g.gradient, h.matrix, [env], table)) or far_stop(
            last.point, last.gradient, last.hessian, tol, out.start) or classify_point(
            last.hessian, ahead(
            last.point, last.gradient, last.hessian,
            lambda p: hessian_at(h.matrix, [dict(zip(names, p))], table)))
    return out


__all__ = ["newton"]
