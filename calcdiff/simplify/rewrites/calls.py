"""Rewrites of a function call ``f(u)``, tried as the call is read (after ``sqrt``, ``cbrt``,
``root`` and ``exp``, which are part of the normal form); the first that gives a value wins."""

from __future__ import annotations

from fractions import Fraction

from calcdiff.algebra.values import lookup_value
from calcdiff.simplify.form import EMPTY, F1, Term
from calcdiff.simplify.rewrites.base import call_rewrite
from calcdiff.tree.nodes import Call, Const


def lone_call(s, P: dict):
    """``(c, g)`` when ``P`` is ``c*g(v)``, ``c`` = ±1, ``g`` a call whose argument's
    polynomial is known; else None."""
    if len(P) != 1:
        return None
    FP = s.finalize(P)
    if len(FP) != 1:
        return None
    ((m, c),) = FP.items()
    if (c != 1 and c != -1) or len(m) != 1:
        return None
    ((b, e),) = m
    if e != 1 or type(b) is not Call or b not in s.arg_of:
        return None
    return c, b


def polynomial_in(s, U: dict, terms: tuple) -> dict:
    """The polynomial ``Σ coef*u**k`` (``terms``, constant last) at ``u`` = ``U``, decided."""
    acc: dict = {}
    for coef, k in terms:
        if k == 0:
            acc[EMPTY] = acc.get(EMPTY, 0) + coef
            continue
        for m, c in s.power(U, Fraction(k)).items():
            acc[m] = acc.get(m, 0) + coef * c
    return s.finalize({m: c for m, c in acc.items() if c})


@call_rewrite(lambda facts: facts.with_identities)
def nested_call_identity(s, f: str, P: dict):
    """``f(g(u))`` by the table's identities: ``sec(atan(u))`` -> ``sqrt(u**2 + 1)``."""
    if f not in s.facts.nesting:  # none compiled: the input holds no g of f's identities
        return None
    lone = lone_call(s, P)
    if lone is None:
        return None
    c, b = lone
    identity = s.facts.nested.get((f, b.func))
    if identity is None:
        return None
    sign = 1
    if c == -1:  # f(-g(u)), which is how f(g(-u)) arrives: odd f changes sign, even f not
        if f in s.facts.odd:
            sign = -1
        elif f not in s.facts.even:
            return None
    U = s.arg_of[b]
    t = Term(s, identity.coef * sign)
    for kind, data, r in identity.factors:
        if kind == "u":
            t.poly(U, r)
        elif kind == "poly":
            t.poly(polynomial_in(s, U, data), r)
        else:
            h, terms = data
            t.factor(s.call_base(h, polynomial_in(s, U, terms)), r)
    return t.finish()


@call_rewrite(lambda facts: facts.valued)
def special_value(s, f: str, P: dict):
    """``f(c)`` for a constant ``c`` by the table's values: ``asin(sqrt(2)/2)`` -> ``pi/4``."""
    # matched as written, by period (multiples of pi) and by parity (c against -c)
    FP = s.finalize(P)
    key = None
    if not FP:
        key = (0, None)
    elif len(FP) == 1:
        ((m, c),) = FP.items()
        if not m:
            key = (c, None)
        elif len(m) == 1:
            ((b, e),) = m
            if e == 1 and type(b) is Const:
                key = (c, b.name)
    mirror = None
    if key is None:
        if any(b.free for m in FP for b, _ in m):
            return None
        key = s.to_expr(FP)
        mirror = s.to_expr(s.finalize({m: -c for m, c in FP.items()}))
    rule = s.facts.table.functions[f]
    value = lookup_value(rule, s.facts.values_of(f, s.canonical), key, mirror)
    return None if value is None else s.read(value)


@call_rewrite(lambda facts: {"log"})
def log_of_exp(s, f: str, P: dict):
    """``log(exp(u))`` -> ``u`` and ``log(E)`` -> 1 (exp keeps its argument in the normal form)."""
    FP = s.finalize(P)
    if len(FP) != 1:
        return None
    ((m, c),) = FP.items()
    if c != 1 or len(m) != 1:
        return None
    ((b, e),) = m
    if e == 1 and type(b) is Call and b.func == "exp":
        return s.exp_arg[b]
    if e == 1 and type(b) is Const and b.name == "E":
        return {EMPTY: F1}
    return None


_POSITIVE = frozenset(("exp", "abs", "cosh"))  # functions never negative for a real u


def _nonnegative(m) -> bool:
    """Whether the monomial ``m`` is at least 0 wherever it is real: each factor an even
    power (x^2, x^-2), a root of even index (u^(1/2)), or exp, cosh, abs of anything."""
    return all(k.denominator % 2 == 0 or k.numerator % 2 == 0
               or (type(b) is Call and b.func in _POSITIVE) or type(b) is Const
               for b, k in m)


@call_rewrite(lambda facts: {"abs"})
def abs_factor(s, f: str, P: dict):
    """``abs(c)`` -> ``|c|``, ``abs(c*abs(u))`` -> ``|c|*abs(u)``, ``abs(3*u)`` -> ``3*abs(u)``."""
    FP = s.finalize(P)
    if not FP:  # abs(0)
        return {}
    if all(map(_nonnegative, FP)) and (len(FP) == 1 or all(c > 0 for c in FP.values())):
        return {m: abs(c) for m, c in FP.items()}  # abs(x^2) = x^2, abs(x^2 + e^x) too
    if len(FP) != 1:
        return None
    ((m, c),) = FP.items()
    if not m:
        return {EMPTY: abs(c)}
    if len(m) == 1 and next(iter(m))[1] == 1:
        b = next(iter(m))[0]
        if type(b) is Call and b.func == "abs":
            return {m: abs(c)}
    if c != 1 and c != -1:
        call = s.intern(Call("abs", (s.to_expr({m: 1}),)))
        s.arg_of.setdefault(call, {m: F1})
        return {frozenset(((call, F1),)): abs(c)}
    return None


@call_rewrite(lambda facts: facts.odd | facts.even)
def parity_sign(s, f: str, P: dict):
    """``sin(-u)`` -> ``-sin(u)``, ``cos(-u)`` -> ``cos(u)``, by the table's parity."""
    # only when every term of the argument is negative: sin(1 - x) stays
    FP = s.finalize(P)
    if not FP or not all(c < 0 for c in FP.values()):
        return None
    negP = s.finalize({m: -c for m, c in FP.items()})
    call = s.intern(Call(f, (s.to_expr(negP),)))
    s.arg_of.setdefault(call, negP)
    return {frozenset(((call, F1),)): -F1 if f in s.facts.odd else F1}
