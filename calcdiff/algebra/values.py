"""Exact values of functions at constants: ``sin(pi/6)`` is 1/2, ``sigmoid(0)`` is 1/2,
``sqrt(9/4)`` is 3/2 -- the rule entries' ``values``, read through their ``period`` and
``parity`` (:func:`lookup_value`), and a tree's calls at constants folded to them
(:func:`fold_calls`). A constant is matched by a light canonical key (:func:`constant_key`),
so that ``pi/6``, ``1/6*pi`` and ``(1/6)pi`` meet."""

from __future__ import annotations

from fractions import Fraction

from calcdiff.algebra.build import fold_power, negate
from calcdiff.algebra.evaluate import float_value
from calcdiff.errors import DomainError
from calcdiff.read.rule_exprs import builtin_table
from calcdiff.table import Table
from calcdiff.tree.nodes import Call, Const, Div, Expr, Mul, Neg, Num, Pow, bottom_up, rebuild

__all__ = ["constant_key", "fold_calls", "lookup_value", "period_of", "written_values"]


def _isqrt_fraction(v: Fraction, n: int) -> Fraction | None:
    """The exact n-th root of a non-negative rational, or None."""
    if v < 0:
        return None
    out = []
    for part in (v.numerator, v.denominator):
        if part.bit_length() > 2000:
            return None
        r = round(part ** (1.0 / n)) if part < 2**1000 else None
        if r is None:
            return None
        for cand in (r - 1, r, r + 1):
            if cand >= 0 and cand**n == part:
                out.append(cand)
                break
        else:
            return None
    return Fraction(out[0], out[1])


def fold_calls(e: Expr, table: Table | None = None) -> Expr:
    """Replace calls at constants that have an exact simple value (sin(0) -> 0, σ(0) -> 1/2,
    sqrt(9/4) -> 3/2, |−3| -> 3); everything else is kept (cos(1) stays cos(1)). The special
    values are the rule entries' ``values`` (and, through ``parity``, their mirror images)."""
    table = table or builtin_table()
    return bottom_up(e, lambda node, kids: _fold_one(node, kids, table))


def constant_key(e: Expr):
    """A light canonical form of a constant, so that ``pi/6``, ``1/6*pi`` and ``(1/6)pi``
    meet: ``(q, name)`` for q·name (name None for a number), else the tree itself."""
    sign = 1
    if type(e) is Neg:
        sign, e = -1, e.arg
    q, rest = Fraction(1), e
    if type(rest) is Div and type(rest.den) is Num and rest.den.value != 0:
        q, rest = q / rest.den.value, rest.num
    if type(rest) is Mul and len(rest.args) == 2 and type(rest.args[0]) is Num:
        q, rest = q * rest.args[0].value, rest.args[1]
    if type(rest) is Num:
        return (sign * q * rest.value, None)
    if type(rest) is Const:
        return (sign * q, rest.name)
    return e if sign == 1 else Neg(e)


def _negated_key(key):
    return (-key[0], key[1]) if type(key) is tuple else None


def written_values(rule) -> dict:
    """``{constant_key(argument): value}`` as the entry writes them, cached on the entry."""
    cached = rule.__dict__.get("_keyed_values")
    if cached is None:
        cached = rule._keyed_values = {constant_key(a): v for a, v in rule.values.items()}
    return cached


def period_of(rule) -> Fraction | None:
    """The entry's period as a multiple of pi (``"2*pi"`` -> 2), or None."""
    key = constant_key(rule.period) if rule.period is not None else None
    return key[0] if type(key) is tuple and key[1] == "pi" and key[0] > 0 else None


def lookup_value(rule, values: dict, key, mirror=None) -> Expr | None:
    """The exact value of ``rule``'s function at the constant ``key`` (a
    :func:`constant_key`), from ``values`` (keys of the same kind): as written, else after
    reducing a multiple of pi by the entry's ``period`` into (-period/2, period/2], else by
    ``parity`` from the value at the mirror image (``mirror``: the key of -argument, when it
    is not a number or a multiple of pi). So a table written on [0, pi] gives every multiple
    of pi/12."""
    hit = values.get(key)
    if hit is not None:
        return hit
    if type(key) is tuple and key[1] == "pi":
        p = period_of(rule)
        if p is not None:
            q = key[0] % p
            if q > p / 2:
                q -= p
            key = (q, "pi") if q else (q, None)  # 2*pi reduces to the number 0
            hit = values.get(key)
            if hit is not None:
                return hit
    if type(key) is tuple:
        mirror = _negated_key(key)
    if rule.parity and mirror is not None:
        hit = values.get(mirror)
        if hit is not None:
            return hit if rule.parity == "even" else negate(hit)
    return None


def _special_value(table: Table, func: str, arg: Expr) -> Expr | None:
    rule = table.functions.get(func)
    if rule is None or not rule.values_text:
        return None
    return lookup_value(rule, written_values(rule), constant_key(arg))


def _fold_one(node: Expr, kids: list, table: Table) -> Expr:
    new = rebuild(node, kids) if kids else node
    if type(new) is Pow and type(new.base) is Num and new.base.value == 0 and type(
            new.exp) is not Num and not new.exp.free:
        # 0**pi, 0**(e - 1): 0 to a constant power is 0 where the power is positive, no
        # number where it is negative (a rational power the simplifier folds itself)
        k = float_value(new.exp, {}, table)
        if k is not None and k > 0:
            return Num(0)
        if k is not None and k < 0:
            raise DomainError("division by zero")
    if type(new) is Call and len(new.args) == 1 and not new.args[0].free:
        hit = _special_value(table, new.func, new.args[0])
        if hit is not None:
            return hit
    if type(new) is Call and all(type(a) is Num for a in new.args):
        v = new.args[0].value
        f = new.func
        if f == "abs":
            new = Num(abs(v))
        elif f == "relu":
            new = Num(max(v, 0))
        elif f == "heaviside" and v != 0:
            new = Num(1 if v > 0 else 0)
        elif f == "sign":
            new = Num((v > 0) - (v < 0))
        elif f in ("sqrt", "cbrt") or (f == "root" and new.args[1].value.denominator == 1):
            n = 2 if f == "sqrt" else 3 if f == "cbrt" else int(new.args[1].value)
            if 1 < n <= 64:
                neg_odd = v < 0 and n % 2 == 1
                r = _isqrt_fraction(-v if neg_odd else v, n)
                if r is not None:
                    new = Num(-r if neg_odd else r)
        elif f == "log" and len(new.args) == 2 and v > 0:
            b = new.args[1].value
            if b > 0 and b != 1:
                for k in range(-64, 65):
                    if fold_power(b, k) == v:
                        new = Num(k)
                        break
    return new
