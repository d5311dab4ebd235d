"""The limit command beyond one derivative's difference quotient: a partial derivative by its
limit definition (``--wrt y`` at a point of several variables), the two one-sided quotients
where f′(a) does not exist (|x| at 0: left → −1, right → 1), and a sequence or a function at
infinity (``--at n=oo``) as a table converging to the exact limit, where SymPy finds it."""

from __future__ import annotations

import math
from fractions import Fraction

from calcdiff.algebra.build import substitute
from calcdiff.algebra.evaluate import evaluate
from calcdiff.commands.explore import exact_value
from calcdiff.commands.explore import limit as derivative_limit
from calcdiff.commands.lets import read_lets
from calcdiff.commands.request import read, simplify_expr, undefined_at
from calcdiff.commands.variables import check_var
from calcdiff.commands.points import inline_point, parse_point, point_names, said_point
from calcdiff.deep import call_deep
from calcdiff.errors import CalcdiffError, DomainError, FloatOverflow, UsageError
from calcdiff.read.reading import Note, Reading
from calcdiff.results_explore import (InfinityRow, LimitAtInfinity, OneSided, PartialLimit,
                                      SideRow)
from calcdiff.sympy_bridge import from_sympy, quotient_limits, to_sympy
from calcdiff.tree.nodes import Num
from calcdiff.tree.printer import shown_point

INFINITY = {"oo": 1, "+oo": 1, "∞": 1, "+∞": 1, "inf": 1, "infinity": 1,
            "-oo": -1, "-∞": -1, "-inf": -1, "-infinity": -1}
DIGITS = 30  # significant digits of the values at infinity


def limit(expr, at, h="0.1", rows: int = 5, central: bool = False, vars=None,
          simplify: str = "basic", table=None, wrt=None, *, lets=None):
    """The difference quotient for shrinking h next to the exact f′(a); with ``wrt`` (or a
    point of several variables) a partial derivative's; where f′(a) does not exist, the two
    one-sided quotients; at ``n=oo`` the values of f for n = 10, 100, … and the limit."""
    if rows < 1 or rows > 30:
        raise UsageError("--rows must be between 1 and 30")
    inline = inline_point(expr, at, vars, lets)  # x^2 at x = 1
    at = inline.at
    expr = read_lets(inline.expr, lets, vars, table)  # --let: definitions substituted first
    toward = _infinity(at)
    if toward is not None:
        result = call_deep(_at_infinity, expr, toward[0], toward[1], rows, vars, table)
    else:
        result = call_deep(_limit, expr, at, h, rows, central, vars, simplify, table, wrt)
    said_point(result.reading, inline)
    return result


def _infinity(at) -> tuple[str, int] | None:
    if not isinstance(at, str) or "=" not in at or "," in at:
        return None
    name, _, value = at.partition("=")
    sign = INFINITY.get(value.strip().lower().replace(" ", ""))
    return None if sign is None else (check_var(name), sign)


def _limit(expr, at, h, rows, central, vars, simplify, table, wrt):
    reading = read(expr, vars=vars, table=table, allow_request=False, names=point_names(at))
    point = parse_point(at)
    if wrt is not None or len(point) > 1:
        return _partial(reading, point, wrt, h, rows, central, simplify, table)
    try:
        return derivative_limit(reading, at, h, rows, central, vars, simplify, table)
    except DomainError:
        if len(point) != 1:
            raise
        (var, a), = point.items()
        try:
            evaluate(reading.expr, {var: evaluate(a, {})}, table)
        except FloatOverflow:  # exp(x) at 1000: defined, but no double holds its quotients
            raise DomainError(f"{reading.plain} at {shown_point(point)} is past what a double "
                              "holds, so the table's floating-point quotients cannot be "
                              "computed", hint="derive --at gives the exact derivative there"
                              ) from None
        except DomainError as exc:  # f itself is undefined at a: nothing from either side
            error = undefined_at(reading.plain, point, exc)
            error.hint = ("limit tabulates the difference quotient (f(a + h) - f(a))/h, "
                          "which needs f(a): it shows f′(a), not the limit of f at a")
            raise error from None
        if central:  # it was dropped silently: a central quotient averages the two sides
            reading.notes.append(Note(
                "central", f"--central is not used: f′ has no value at {shown_point(point)}, "
                "so each side's quotient is shown (a central one would average them)", 0,
                len(reading.text)))
        return _one_sided(reading, var, a, h, rows, table)


def _partial(reading: Reading, point, wrt, h, rows, central, simplify, table) -> PartialLimit:
    free = reading.expr.free
    if wrt is None:
        raise UsageError("a point of several variables needs --wrt, the variable to "
                         "differentiate by", hint="for example --wrt y")
    wrt = check_var(wrt)
    if wrt not in free:  # --wrt z for x^2 y: z is not in the function, whatever --at says
        raise UsageError(f"--wrt {wrt}: {wrt!r} does not occur in {reading.plain}")
    if wrt not in point:
        raise UsageError(f"--at gives no value for {wrt}, the variable of --wrt")
    missing = sorted(free - set(point))
    if missing:
        raise UsageError(f"--at gives no value for {', '.join(missing)}")
    fixed = {k: v for k, v in point.items() if k != wrt}
    one = simplify_expr(substitute(reading.expr, fixed), simplify, table)
    held = shown_point(fixed)
    inner = Reading(f"{reading.plain} with {held}" if held else reading.plain, one)
    table_ = derivative_limit(inner, {wrt: point[wrt]}, h, rows, central, None, simplify, table)
    return PartialLimit(reading, wrt, fixed, table_)


def _parse_h(h) -> Fraction:
    try:
        e = read(str(h), allow_request=False).expr
    except CalcdiffError:
        e = None
    if type(e) is not Num or e.value <= 0:
        raise UsageError(f"--h must be a positive number, got {h}")
    return e.value


def _one_sided(reading: Reading, var: str, a, h, rows, table) -> OneSided:
    out = OneSided(reading, var, a)
    f = reading.expr
    h0 = _parse_h(h)
    af = evaluate(a, {})
    exact_a = a.value if type(a) is Num else None
    f0 = exact_value(f, {var: exact_a}) if exact_a is not None else None
    f0f = evaluate(f, {var: af}, table)
    for k in range(rows):
        hk = h0 / 10**k
        hf = float(hk)
        right = left = None
        if f0 is not None:
            fp, fm = exact_value(f, {var: exact_a + hk}), exact_value(f, {var: exact_a - hk})
            right = None if fp is None else (fp - f0) / hk
            left = None if fm is None else (f0 - fm) / hk
        try:
            rf = (evaluate(f, {var: af + hf}, table) - f0f) / hf
        except DomainError:
            rf = math.nan
        try:
            lf = (f0f - evaluate(f, {var: af - hf}, table)) / hf
        except DomainError:
            lf = math.nan
        out.rows.append(SideRow(hk, right, rf, left, lf))
    out.right_defined = any(r.right is not None or math.isfinite(r.right_float) for r in out.rows)
    out.left_defined = any(r.left is not None or math.isfinite(r.left_float) for r in out.rows)
    # SymPy only where a one-sided limit is asked for
    (right, out.right_limit_float), (left, out.left_limit_float) = quotient_limits(f, var, a,
                                                                                  table)
    out.right_limit, out.left_limit = (None if v is None else str(v) for v in (right, left))
    return out


def _at_infinity(expr, var, sign, rows, vars, table) -> LimitAtInfinity:
    reading = read(expr, vars=vars, table=table, allow_request=False)
    if reading.expr.free and var not in reading.expr.free:  # said first: x^2 at y=oo
        raise UsageError(f"{var!r} does not occur in {reading.plain}")
    others = sorted(reading.expr.free - {var})
    if others:
        raise UsageError(f"the function must have one variable; it also has {', '.join(others)}")
    import sympy  # noqa: PLC0415 - SymPy only where a limit at infinity is asked for

    x = sympy.Symbol(var)
    fs = to_sympy(reading.expr, rewrite_activations=True, table=table)
    out = LimitAtInfinity(reading, var, sign)
    try:
        lim = sympy.limit(fs, x, sympy.oo if sign > 0 else -sympy.oo)
    except (NotImplementedError, ValueError, TypeError):
        lim = None
    if lim is not None and not lim.has(sympy.AccumBounds, sympy.Limit) and lim is not sympy.nan:
        if lim.is_finite:
            try:
                out.limit = from_sympy(lim, table)
            except (TypeError, ValueError, KeyError, AttributeError):
                out.limit_text = str(lim)
            out.limit_float = float(lim)
        else:
            out.limit_text = str(lim)
            out.limit_float = math.inf if lim is sympy.oo else -math.inf
    for k in range(1, rows + 1):
        n = sign * 10**k
        v = fs.evalf(DIGITS, subs={x: sympy.Integer(n)})  # numerically: no huge exact power
        if not v.is_real:
            raise DomainError(f"f is undefined (or not real) at {var} = {n}")
        err = err_text = None
        if out.limit_float is not None and math.isfinite(out.limit_float):
            exact = sympy.N(v - lim, DIGITS)
            err = float(exact)
            if exact != 0 and not (err != 0 and math.isfinite(err)):  # e^-1000: no double
                err, err_text = None, str(exact.evalf(4))
        out.rows.append(InfinityRow(str(n), str(v), float(v), err, err_text))
    return out


__all__ = ["limit"]
