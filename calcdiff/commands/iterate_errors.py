"""Why an optimiser's iterate has no value, said as what it is (``descend`` and ``newton``):

- a kink: relu, abs, heaviside or sign at 0, where f is defined but its gradient's formula
  does not hold (not "left the domain");
- the range of doubles: f and its gradient are defined there, and only a double overflows
  or underflows computing them (log(sigmoid(z)) at z = −5833, where 1/(1 + e⁵⁸³³) rounds to
  0; exp(w²) at w = 3·10⁹): :class:`OutOfDoubles`, which the optimisers take as divergence
  after the start;
- a point outside the domain.

Over a data file the sample at fault is named, with its line: the cause may be the data (a
row with x = 0 under log(x)), not the parameters.
"""

from __future__ import annotations

import math
from fractions import Fraction

from calcdiff.algebra.evaluate import evaluate
from calcdiff.commands.request import defined_at_its_kink, kinked, precise_value
from calcdiff.errors import DomainError, FloatOverflow
from calcdiff.read.rule_exprs import builtin_table
from calcdiff.results_learn import DataSet
from calcdiff.tree.nodes import Call, Expr, Num, walk
from calcdiff.tree.printer import to_plain


class OutOfDoubles(DomainError):
    """f is defined at the iterate, but a double overflows or underflows computing it or
    its gradient. ``value``: f there (the mean over the samples), computed at 60 digits
    where that is a double, else ±inf."""

    value: float = math.inf
    divergence: str = "Diverged: the values left the range of doubles"


def iterate_error(exc: DomainError, exprs: list[Expr], names: list[str], x: list[float],
                  envs: list[dict], k: int, word: str, table=None,
                  data: DataSet | None = None, samples=None) -> DomainError:
    """The error to report for ``exc``, raised evaluating ``exprs`` (f, then its gradient)
    at the iterate ``x`` (``envs``: one per sample of ``samples`` of ``data``, or the point
    alone), iteration (``word``) ``k``."""
    point = ", ".join(f"{n} = {v:.6g}" for n, v in zip(names, x))
    i, exc = _failing(exprs, envs, table, exc)
    sample = _sample(data, samples, i)
    kink = kink_at(exprs[0], [envs[i]], table)
    if kink is not None:
        u = kink.args[0]
        nudge = _nudge(u, names, x, envs[i], table)
        at = f"{to_plain(u)} = 0"
        return DomainError(  # (the point said once: abs(w) at w = 0 is where w = 0)
            f"{word} {k} is at a kink: {to_plain(kink)} has no derivative where {at}"
            + ("" if point == at else f", at {point}") + f"{sample}: the gradient's formula "
            "does not hold there",
            hint=(f"start elsewhere, e.g. --from {nudge}" if nudge else "start elsewhere")
            if k == 0 else "another --lr or start does not land exactly on it")
    overflow = isinstance(exc, FloatOverflow)
    if overflow or _defined(exprs, envs[i], table):
        part = _doubles_part(exc)
        where = f"the start, {point}," if k == 0 else f"{word} {k}, at {point},"
        hint = "start where the values are moderate" if k == 0 else None
        if k == 0 and _overflows_at_zero(exprs, envs[i], names, table):
            # not the start's fault: at 0 it overflows as well
            huge = _huge_columns(data, samples, i)
            hint = (f"rescale the data: {huge} past 1e150 in magnitude, too large for f in "
                    "doubles" if huge else
                    "f overflows a double with every parameter at 0 too: rescale its numbers")
            where = f"the data, at the start ({point})," if huge else where
        out = OutOfDoubles(f"{where} is past the range of doubles{sample}: {part} (f is "
                           "defined there; only a double under- or overflows)", hint=hint)
        out.value = _mean_value(exprs[0], envs, table)
        out.divergence = (f"Diverged: the values left the range of doubles ({part})" if overflow
                          else f"Out of the range of doubles: {part}, though f is defined there")
        return out
    where = "the start is outside the domain" if k == 0 else f"{word} {k} left the domain"
    return DomainError(f"{where} at {point}{sample}: {exc.message}")


def _failing(exprs, envs, table, exc) -> tuple[int, DomainError]:
    """The first of ``envs`` where one of ``exprs`` fails, with its error; the first env and
    ``exc`` where none does alone (a mean past a double)."""
    for i, env in enumerate(envs):
        try:
            for e in exprs:
                evaluate(e, env, table)
        except DomainError as own:
            return i, own
    return 0, exc


def _sample(data: DataSet | None, samples, i: int) -> str:
    """" for sample 3 of pts.csv (line 4: x = 0, y = 1)", the ``i``-th of ``samples``."""
    if data is None:
        return ""
    row = list(samples)[i]
    cells = ", ".join(f"{c} = {t}" for c, t in zip(data.columns, data.texts[row]))
    line = f"line {data.lines[row]}: " if data.lines else ""
    return f" for sample {row + 1} of {data.path} ({line}{cells})"


def _overflows_at_zero(exprs, env: dict, names: list[str], table) -> bool:
    """Whether f or its gradient overflows a double with every parameter of ``names`` at 0
    (the sample's data kept): the start is then not what is too large."""
    zero = {**env, **dict.fromkeys(names, 0.0)}
    try:
        for e in exprs:
            evaluate(e, zero, table)
    except FloatOverflow:
        return True
    except DomainError:
        return False
    return False


def _huge_columns(data: DataSet | None, samples, i: int) -> str:
    """"column x is" (or "columns x, y are"): those of the ``i``-th of ``samples`` past
    1e150 in magnitude; "" when none is, or there is no data."""
    if data is None:
        return ""
    row = data.rows[list(samples)[i]]
    names = [c for c, v in zip(data.columns, row) if abs(v) > 1e150]
    if not names:
        return ""
    if len(names) == 1:
        return f"column {names[0]} is"
    return f"columns {', '.join(names)} are"


def _nudge(u: Expr, names: list[str], x: list[float], env: dict, table) -> str | None:
    """``name=value``: the first parameter of ``u`` that, moved by 0.01, takes ``u`` off 0
    at ``env`` (w·x + b at a sample with x = 0: b, not w)."""
    for n, v in zip(names, x):
        if n not in u.free:
            continue
        try:
            if evaluate(u, {**env, n: v + 0.01}, table) != 0:
                return f"{n}={v + 0.01:g}"
        except DomainError:
            continue
    return None


def _defined(exprs, env: dict, table) -> bool:
    """Whether every one of ``exprs`` has a finite real value at ``env`` at 60 digits."""
    point = {k: Num(Fraction(v)) for k, v in env.items()}
    return all(precise_value(e, point, table) is not None for e in exprs)


def _doubles_part(exc: DomainError) -> str:
    """What the doubles failed on: "log(sigmoid(w*x + b)) comes out undefined",
    "exp(w**2) overflows a double"."""
    text = exc.message
    for tail in (" is undefined here (division by zero)", " is undefined here"):
        if text.endswith(tail):
            return f"{text[:-len(tail)]} has no value in doubles"
    return text


def _mean_value(f: Expr, envs: list[dict], table) -> float:
    """f's mean over ``envs``, each value at 60 digits where doubles fail; inf where one is
    past a double."""
    total = 0.0
    for env in envs:
        try:
            total += evaluate(f, env, table)
            continue
        except DomainError:
            pass
        v = precise_value(f, {k: Num(Fraction(w)) for k, w in env.items()}, table)
        if v is None:
            return math.inf
        total += v
    return total / len(envs)


def kink_at(f: Expr, envs: list[dict], table=None, near: float = 0.0) -> Call | None:
    """A call of ``f`` at a kink at one of ``envs``: a function defined at 0 whose derivative
    is not (relu, abs, heaviside, sign: their rules' domain is u != 0), its argument 0 --
    or, with ``near``, a jump (sign, heaviside: not relu or abs, whose kink a true minimum
    may sit beside) whose argument is at most ``near`` (an iterate that stopped next to it)."""
    functions = (table or builtin_table()).functions
    for node in walk(f):
        if type(node) is not Call or len(node.args) != 1:
            continue
        rule = functions.get(node.func)
        if rule is None or not (kinked(rule) and _jumps(node.func, table) if near else
                                defined_at_its_kink(rule, table)):
            continue  # (coth is not defined at 0 at all: no iterate is at its 0)
        try:
            if any(abs(evaluate(node.args[0], env, table)) <= near for env in envs):
                return node
        except DomainError:
            continue
    return None


def _jumps(func: str, table) -> bool:
    """Whether the function ``func`` jumps at 0: its values just either side differ by far
    more than their distance (sign, heaviside; relu and abs only bend)."""
    try:
        sides = [evaluate(Call(func, (Num(Fraction(h)),)), {}, table) for h in (
            Fraction(1, 10**9), Fraction(-1, 10**9))]
    except DomainError:
        return False
    return abs(sides[0] - sides[1]) > 1e-6


__all__ = ["OutOfDoubles", "iterate_error", "kink_at"]
