"""Gradient descent on the user's function, or on a per-sample loss averaged over a data
file: full batch, minibatch or SGD, with plain steps, momentum or Adam. The gradient is derived
once, symbolically; the iterates are plain floats. It stops honestly: at a minimum, a saddle
or a maximum (the Hessian says which), or on divergence, with a hint on the learning rate."""

from __future__ import annotations

import math
import random
import re

from calcdiff.algebra.evaluate import FloatProgram
from calcdiff.commands.data import read_data
from calcdiff.commands.lets import read_lets
from calcdiff.commands.multivar import grad, hessian
from calcdiff.commands.newton import newton
from calcdiff.commands.numbers import decimals_written, parameter_names, parse_rate, start_values
from calcdiff.commands.iterate_errors import OutOfDoubles, iterate_error, kink_at
from calcdiff.commands.request import read_to_evaluate, require_values
from calcdiff.commands.points import parse_point, point_names
from calcdiff.commands.stationary import (ahead, classify_point, exact_norms, far_stop,
                                          flat_stop, hessian_at, lr_hint, settled)
from calcdiff.deep import call_deep
from calcdiff.errors import CalcdiffError, DomainError, UsageError
from calcdiff.read.rule_exprs import builtin_table
from calcdiff.results_learn import Descent, Iteration, Stationary
from calcdiff.tree.printer import to_plain

METHODS = ("gd", "momentum", "adam")
DEFAULTS = {"momentum": {"beta": "0.9"},
            "adam": {"beta1": "0.9", "beta2": "0.999", "eps": "1e-8"}}
EQUATIONS = {
    "gd": ["θ ← θ − η·∇L(θ)"],
    "momentum": ["v ← β·v + ∇L(θ)   (v₀ = 0)", "θ ← θ − η·v"],
    "adam": ["m ← β₁·m + (1 − β₁)·∇L(θ)   (m₀ = 0)",
             "s ← β₂·s + (1 − β₂)·∇L(θ)²   (s₀ = 0, squared elementwise)",
             "m̂ = m/(1 − β₁ᵗ),  ŝ = s/(1 − β₂ᵗ)   (t = the step number, from 1)",
             "θ ← θ − η·m̂/(√ŝ + ε)"],
}
MAX_STEPS = 100_000
DEFAULT_EPOCHS = 100
DIVERGE_GROWTH = 1e8  # f rising to this many times its start (|f0|, at least 1): diverged
# f falling to this many times below it: f → −∞ (a real minimum lies far above: x^2 − 200000x
# has its minimum at −10^10, and descent falls towards it at first with growing steps)
DIVERGE_FALL = 1e30
DIVERGE_POINT = 1e150
NEWTON_ITERATIONS = 1000  # --method newton: at most this many steps (newton's own -k limit)
NEAR_KINK = 1e-6  # a stop this close to a kink (relative to the point, at least 1) is at it
RISING = 10  # plain gradient descent raising f this many steps in a row: diverging
DIVERGED = {"grew": "Diverged: the iterates grew without bound",
            "fell": "Diverged: f fell without bound",
            "rose": f"Not converging: f rose above its starting value {RISING} steps in a row "
                    "(the steps overshoot back and forth)",
            "spread": f"Diverging: f rose and the iterates moved further out {RISING} steps in "
                      "a row (the steps overshoot, each further than the last)"}


def descend(expr, start, lr=None, iterations: int = 1000, tol: float = 1e-9, vars=None,
            simplify: str = "basic", table=None, *, data=None, batch_size=None, seed=None,
            epochs=None, method: str = "gd", momentum=None, every: int = 1, lets=None):
    """Gradient descent: θ ← θ − lr·∇f(θ), the gradient derived once, symbolically. With
    ``data`` (a CSV file whose header names the columns) ``expr`` is a per-sample loss and f
    is its mean over the samples (``batch_size`` of them per step, shuffled each epoch with
    ``seed``); ``method`` is gd, momentum (``momentum`` = β) or adam (β₁ = ``momentum``), or
    newton (Newton's method, :func:`calcdiff.commands.newton.newton`, with ``tol`` and at
    most :data:`NEWTON_ITERATIONS` steps). ``lr`` is 0.1 unless given. ``lets``: definitions
    substituted first (``--let λ=0.1`` holds a hyperparameter fixed)."""
    expr = read_lets(expr, lets, vars, table, point_names(start))
    if method == "newton":
        if data is not None:
            raise UsageError("--method newton works on a closed-form function, not --data")
        given = [o for o, v in (("--lr", lr), ("--momentum", momentum)) if v is not None]
        if given:
            raise UsageError(f"{' and '.join(given)} {'is' if len(given) == 1 else 'are'} "
                             "for gradient descent; Newton's method takes the whole step "
                             "H⁻¹∇f", hint="leave it out, or choose --method gd")
        return newton(expr, start, iterations=min(iterations, NEWTON_ITERATIONS), tol=tol,
                      vars=vars, simplify=simplify, table=table)
    lr = "0.1" if lr is None else lr
    return call_deep(_descend, expr, start, lr, iterations, tol, vars, simplify, table, data,
                     batch_size, seed, epochs, method, momentum, every)


def _settings(method: str, momentum) -> tuple[dict[str, str], dict[str, float]]:
    if method not in METHODS:
        raise UsageError(f"--method must be one of gd, momentum, adam, newton; got {method}")
    shown = dict(DEFAULTS.get(method, {}))
    if momentum is not None:
        if method == "gd":
            raise UsageError("--momentum needs --method momentum or --method adam")
        shown["beta" if method == "momentum" else "beta1"] = str(momentum)
    values = {k: _setting(k, v) for k, v in shown.items()}
    return shown, values


def _setting(key: str, text: str) -> float:
    """An optimiser's setting, a number in (0, 1); a momentum (β, β₁) may be 0: none."""
    momentum = key in ("beta", "beta1")
    return parse_rate(text, "--momentum" if momentum else key, 0.0, 1.0, closed_lo=momentum)[1]


class _Optimiser:
    """One method's state and its update from a gradient."""

    def __init__(self, method: str, lr: float, s: dict[str, float], n: int) -> None:
        self.method, self.lr, self.s, self.t = method, lr, s, 0
        self.v = [0.0] * n
        self.m = [0.0] * n

    def step(self, g: list[float]) -> list[float]:
        lr = self.lr
        if self.method == "gd":
            return [-lr * gi for gi in g]
        if self.method == "momentum":
            b = self.s["beta"]
            self.v = [b * vi + gi for vi, gi in zip(self.v, g)]
            return [-lr * vi for vi in self.v]
        b1, b2, eps = self.s["beta1"], self.s["beta2"], self.s["eps"]
        self.t += 1
        self.m = [b1 * mi + (1 - b1) * gi for mi, gi in zip(self.m, g)]
        self.v = [b2 * vi + (1 - b2) * gi * gi for vi, gi in zip(self.v, g)]
        c1, c2 = 1 - b1 ** self.t, 1 - b2 ** self.t
        return [-lr * (mi / c1) / (math.sqrt(vi / c2) + eps) for mi, vi in zip(self.m, self.v)]


def _mean(program: FloatProgram, envs) -> tuple[float, list[float]]:
    """The mean value and mean gradient over ``envs`` (``program``: f, then its gradient)."""
    value, g = 0.0, [0.0] * (len(program.outputs) - 1)
    for env in envs:
        f, *gs = program(env)
        value += f
        for i, v in enumerate(gs):
            g[i] += v
    n = len(envs)
    return value / n, [gi / n for gi in g]


def _descend(expr, start, lr, iterations, tol, vars, simplify, table, data_path, batch_size,
             seed, epochs, method, momentum, every) -> Descent:
    point = parse_point(start, option="--from")
    if not point:
        raise UsageError("give the starting point with --from, for example --from w=9")
    data = read_data(data_path) if data_path is not None else None
    # the names --from and the data's columns give are variables (weight, size, price); a
    # column named like a function or a constant (sin, exp, e) is the column where the
    # expression does not apply or raise that name (sin(w), e^x keep their meaning)
    known = (table or builtin_table()).names
    given = frozenset(point) | frozenset(
        c for c in (data.columns if data is not None else ())
        if (c not in known and c not in ("e", "E", "pi"))
        or not re.search(r"(?<![A-Za-z_])" + re.escape(c) + r"\s*[(\[^]", expr))
    reading = read_to_evaluate(expr, vars=vars, table=table, names=given)
    require_values(reading.expr, point, table, let=False)
    names = parameter_names(reading, point, vars, data)
    lr_text, lr_f = parse_rate(lr, "--lr")
    shown, settings = _settings(method, momentum)
    if iterations < 1 or iterations > MAX_STEPS:
        raise UsageError(f"--iterations must be between 1 and {MAX_STEPS}")
    if every < 1:
        raise UsageError("--every must be at least 1")
    if data is None and (batch_size is not None or epochs is not None or seed is not None):
        raise UsageError("--batch-size, --epochs and --seed need --data FILE")
    g = grad(reading, vars=names, simplify=simplify, table=table)
    x = start_values(point, names)
    d = Descent(reading, names, g.gradient, g.partials, lr_text, lr_f, list(x), tol=tol,
                method=method, settings=shown, data=data,
                every=every)
    d.equations = [e if data is not None else e.replace("∇L", "∇f")
                   for e in EQUATIONS[method]]
    d.decimals = decimals_written(reading, start) or data is not None
    opt = _Optimiser(method, lr_f, settings, len(names))
    if data is None:
        _closed_form(d, opt, [{}], iterations, table)
    else:
        n = len(data.rows)
        size = n if batch_size is None else batch_size
        if size < 1:
            raise UsageError("--batch-size must be at least 1")
        size = min(size, n)
        d.batch_size, d.seed = size, (0 if seed is None else seed)
        d.epochs = DEFAULT_EPOCHS if epochs is None else epochs
        if d.epochs < 1 or d.epochs * -(-n // size) > MAX_STEPS:
            raise UsageError(f"--epochs must be at least 1 and give at most {MAX_STEPS} steps "
                             f"({-(-n // size)} per epoch here)")
        _over_data(d, opt, table)
    _judge(d, table)
    return d


def _envs(d: Descent, x: list[float], samples) -> list[dict]:
    here = dict(zip(d.vars, x))
    if d.data is None:
        return [here]
    return [{**d.data.env(i), **here} for i in samples]


def _evaluated(d: Descent, x, samples, program: FloatProgram, k) -> tuple[float, list[float]]:
    """f's mean and its gradient's over ``samples`` at ``x``. Where only doubles fail there
    (after the start), f's value and a gradient of NaNs, the divergence said; where the step
    itself overflowed (--lr 9e307), ∞ and NaNs: the iterates grew past the doubles."""
    if not all(map(math.isfinite, x)):
        return math.inf, [math.nan] * len(d.vars)
    envs = _envs(d, x, samples)
    try:
        return _mean(program, envs)
    except DomainError as exc:
        err = iterate_error(exc, [d.reading.expr, *d.gradient], d.vars, x, envs, k,
                            "iteration", program.table, d.data, samples)
        if isinstance(err, OutOfDoubles) and k > 0:
            d.divergence = err.divergence
            return err.value, [math.nan] * len(d.vars)
        raise err from None


def _far_out(d: Descent, x: list[float]) -> bool:
    """Is the point past DIVERGE_POINT times the start's size (a start past 1e150 is no
    divergence: (x - 1e200)^2 from 1e200 is at its minimum)?"""
    return max(map(abs, x), default=0) > DIVERGE_POINT * max(1.0, *map(abs, d.start))


def _diverging(d: Descent, value: float, x: list[float]) -> str:
    """How the iterates are diverging, or "" when they are not: "grew" (non-finite values,
    a point past DIVERGE_POINT, or f rising step after step to DIVERGE_GROWTH times its
    start), "fell" (f falling step after step to DIVERGE_FALL times below it: descent towards
    −∞, or a minimum too far below to reach), or (plain gradient descent, whose steps never
    raise f when lr is stable) f rose above its start RISING steps in a row: "spread" when
    the iterates moved further out at each of them, else "rose" (they overshoot back and
    forth). Neither says the iterates are unbounded: sqrt(x^2 + 1) with lr 3 spreads, then
    settles into a cycle of two points."""
    if not math.isfinite(value) or _far_out(d, x):
        return "grew"
    its = d.iterations
    if len(its) < 3:
        return ""
    scale = max(1.0, abs(its[0].value))
    values = [it.value for it in its[-3:]] + [value]
    steps = zip(values, values[1:])
    if value > DIVERGE_GROWTH * scale and all(b > a for a, b in steps):
        return "grew"
    if value < -DIVERGE_FALL * scale and all(b < a for a, b in zip(values, values[1:])):
        return "fell"
    if d.method != "gd" or d.data is not None or len(its) < RISING:
        return ""
    values = [it.value for it in its[-RISING:]] + [value]
    if all(b > a for a, b in zip(values, values[1:])) and value > its[0].value:
        sizes = [max(map(abs, it.point), default=0) for it in its[-RISING:]]
        sizes.append(max(map(abs, x), default=0))
        return "spread" if all(b > a for a, b in zip(sizes, sizes[1:])) else "rose"
    return ""


def _closed_form(d: Descent, opt: _Optimiser, _unused, iterations: int, table) -> None:
    x = list(d.start)
    program = FloatProgram([d.reading.expr, *d.gradient], table)
    for k in range(iterations + 1):
        value, gvals = _evaluated(d, x, None, program, k)
        how = _diverging(d, value, x) or ("" if all(map(math.isfinite, gvals)) else "grew")
        if how:
            d.iterations.append(Iteration(k, list(x), value, gvals, []))
            d.diverged, d.divergence = True, d.divergence or DIVERGED[how]
            return
        if settled(gvals, d.tol):
            d.iterations.append(Iteration(k, list(x), value, gvals, []))
            d.converged = True
            return
        step = opt.step(gvals) if k < iterations else []  # (none taken after the last)
        d.iterations.append(Iteration(k, list(x), value, gvals, step))
        x = [xi + si for xi, si in zip(x, step)]


def _over_data(d: Descent, opt: _Optimiser, table) -> None:
    n = len(d.data.rows)
    rng = random.Random(d.seed)
    order = list(range(n))
    x = list(d.start)
    k = 0
    program = FloatProgram([d.reading.expr, *d.gradient], table)
    loss, full_g = _evaluated(d, x, order, program, 0)
    d.epoch_losses.append((0, loss, list(x)))
    for epoch in range(1, d.epochs + 1):
        if d.batch_size < n:
            rng.shuffle(order)
        for lo in range(0, n, d.batch_size):
            batch = order[lo:lo + d.batch_size]
            value, gvals = _evaluated(d, x, batch, program, k)
            how = _diverging(d, value, x) or ("" if all(map(math.isfinite, gvals)) else "grew")
            if how:
                d.iterations.append(Iteration(k, list(x), value, gvals, [], epoch))
                d.diverged, d.divergence = True, d.divergence or DIVERGED[how]
                return
            step = opt.step(gvals)
            d.iterations.append(Iteration(k, list(x), value, gvals, step, epoch))
            x = [xi + si for xi, si in zip(x, step)]
            k += 1
        loss, full_g = _evaluated(d, x, range(n), program, k)
        d.epoch_losses.append((epoch, loss, list(x)))
        if not all(map(math.isfinite, [loss, *full_g])) or _far_out(d, x):
            d.diverged, d.divergence = True, d.divergence or DIVERGED["grew"]
            d.iterations.append(Iteration(k, list(x), loss, full_g, [], epoch))
            return
        if settled(full_g, d.tol):
            d.converged = True
            break
    # the point reached, with the full loss and gradient there, closes the record
    d.iterations.append(Iteration(k, list(x), loss, full_g, [], d.epoch_losses[-1][0]))


def _judge(d: Descent, table) -> None:
    """At convergence, what kind of point (minimum, saddle, maximum, degenerate); on
    divergence, a hint on the learning rate from the Hessian at the start; where it ran out
    of iterations stuck (:func:`_stuck`), why."""
    if not (d.converged or d.diverged):
        _stuck(d, table)
        return
    h = _hessian_of(d, table)
    if h is None:
        return
    samples = range(len(d.data.rows)) if d.data is not None else None
    where = d.final if d.converged else d.start
    values = hessian_at(h.matrix, _envs(d, where, samples), table)
    if d.converged:
        last = d.iterations[-1]
        envs = _envs(d, last.point, samples)
        kink = kink_at(d.reading.expr, envs, table)
        if kink is not None:  # sign(x) + x^2 at 0: no derivative there, nothing to test
            d.stationary = Stationary("degenerate", [], (
                f"{to_plain(kink)} has no derivative where {to_plain(kink.args[0])} = 0, so "
                "the gradient's formula and the second-derivative test say nothing here"))
            return
        # sign(x) + x^2 from 0.5 stops at 5e-10, next to the jump, where f falls on across it
        kink = kink_at(d.reading.expr, envs, table, NEAR_KINK * max(1.0, *map(abs, last.point)))
        if kink is not None:
            d.stationary = Stationary("degenerate", [], (
                f"it stopped next to where {to_plain(kink)} jumps "
                f"({to_plain(kink.args[0])} = 0): across it f may be lower, so the "
                "second-derivative test says nothing here"))
            return
        d.stationary = flat_stop(
            last.point, last.gradient, values,
            exact_norms(d.gradient, h.matrix, envs, table)) or far_stop(
            last.point, last.gradient, values, d.tol, d.start) or classify_point(values, ahead(
            last.point, last.gradient, values,
            lambda p: hessian_at(h.matrix, _envs(d, p, samples), table)))
    elif d.divergence == DIVERGED["fell"] or _falling(d):
        d.divergence = DIVERGED["fell"]
        d.hint = ("f decreases without bound along the path: it has no minimum there "
                  "(a smaller --lr would only slow the fall)")
    else:
        d.hint = lr_hint(values, d.lr_float, d.method, _beta(d))


def _stuck(d: Descent, table) -> None:
    """A hint where plain gradient descent ran all its iterations without moving on: the
    iterates alternate between two points (lr = 2/L on a quadratic, the edge of stability),
    or a step is too small to change the point in doubles (--lr 1e-320)."""
    its = d.iterations
    if d.data is not None or d.method != "gd" or len(its) < 3:
        return
    a, b, c = (it.point for it in its[-3:])
    if c == b:
        d.hint = (f"The point did not move: --lr {d.lr} times the gradient is below the last "
                  "digit of a double there; try a larger --lr")
        return
    # back where it was two steps before, to a part of its swing (not a coordinate that
    # only shrinks past 1e-12: y of x^2 + 3y^2, 0.4^k, at 1e-20)
    swinging = [v for v, p, q, r in zip(d.vars, a, b, c)
                if q != r and abs(r - p) <= 1e-9 * abs(q - p)]
    h = _hessian_of(d, table) if swinging else None
    if h is not None:  # the stability bound is the divergence's (_judge), at the start
        values = hessian_at(h.matrix, _envs(d, d.start, None), table)
        which = ("The iterates alternate" if len(swinging) == len(d.vars) else
                 f"{', '.join(swinging)} alternate{'s' if len(swinging) == 1 else ''}")
        d.hint = (f"{which} between two values, coming no closer: "
                  + lr_hint(values, d.lr_float, d.method))


def _hessian_of(d: Descent, table):
    """f's Hessian (a Matrix of formulas), or None for a function the engine cannot
    differentiate twice."""
    try:
        return hessian(d.reading, vars=d.vars, table=table)
    except CalcdiffError:
        return None


def _falling(d: Descent) -> bool:
    """Whether the iterates ran off to a non-finite value going downhill (f → −∞)."""
    values = [it.value for it in d.iterations[-4:] if math.isfinite(it.value)]
    return len(values) >= 2 and all(b < a for a, b in zip(values, values[1:])) \
        and values[-1] < 0


def _beta(d: Descent) -> float:
    """The momentum method's β (its stability bound depends on it)."""
    if "beta" not in d.settings:
        return 0.0
    return _setting("beta", d.settings["beta"])


__all__ = ["descend", "METHODS", "EQUATIONS"]
