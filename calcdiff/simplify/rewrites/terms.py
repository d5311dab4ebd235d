"""Rewrites of one product as it is finished (:meth:`calcdiff.simplify.form.Term.finish`),
each local to the factors of that term: roots moved across the line, ``|u|`` against even
powers, complex fractions cleared, ``1 + tan(u)**2`` beside ``sec(u)``."""

from __future__ import annotations

from fractions import Fraction

from calcdiff.simplify.form import EMPTY, F0, F1, Term
from calcdiff.simplify.rewrites.base import term_rewrite
from calcdiff.tree.nodes import Add, Call, Sym

F_HALF = Fraction(1, 2)
LIMIT_EXTRA = 1  # terms a cleared numerator may have beyond the sum it came from

def nested_fraction(P: dict) -> bool:
    """Does some term of ``P`` divide by a sum or a variable (``16 + 5/x**2``)?"""
    for m in P:
        for b, e in m:
            if e < 0 and (type(b) is Add or type(b) is Sym):
                return True
    return False


def small_numerator(form, C: dict, n: int) -> bool:
    """Did combining keep the numerator short (no more than ``n`` + 1 terms)?"""
    ((m, _),) = C.items()
    for b, e in m:
        if e > 0 and type(b) is Add and len(form.poly_of[b]) > n + LIMIT_EXTRA:
            return False
    return True


@term_rewrite
def move_root(t: Term) -> None:
    """``x**2/sqrt(x**3)`` -> ``sqrt(x**3)/x``: a root of a product across the line."""
    # 1/sqrt(u) = sqrt(u)/u wherever the root is real: moved when that lowers the powers of
    # the variables and sums beside it (x*y/sqrt(x*y) -> sqrt(x*y), not x/(y*sqrt(x*y)))
    if not t.nprod:
        return
    f = t.f
    poly_of = t.form.poly_of
    for b, e in list(f.items()):
        if (e != F_HALF and e != -F_HALF) or type(b) is Add or type(b) is Sym:
            continue
        P = poly_of.get(b)
        if P is None or len(P) != 1:
            continue
        ((m, c),) = P.items()
        if c != 1 or any(type(s) is not Sym and (type(s) is not Add or k.denominator != 1)
                         for s, k in m):
            continue
        sign = 1 if e < 0 else -1  # b**(-1/2) = b**(1/2) * b**-1, and the reverse
        now = sum(abs(f.get(s, F0)) for s, _ in m)
        then = sum(abs(f.get(s, F0) - sign * k) for s, k in m)
        if then < now:
            f[b] = -e
            for s, k in m:
                t.factor(s, -sign * k)


@term_rewrite
def clear_complex_fraction(t: Term) -> None:
    """``1/(x/(x + 4) + 4)**2`` -> ``(x + 4)**2/(5*x + 16)**2``: a sum at a power, combined."""
    # a fraction inside a sum at a power other than 1 is combined first, the way complex
    # fractions are cleared by hand (when the combined numerator stays short)
    if not t.nsum:
        return
    form = t.form
    for b, e in list(t.f.items()):
        if type(b) is not Add or e == 1 or e.denominator != 1:
            continue
        P = form.poly_of[b]
        nested = form.memo("nested-fraction")  # a Hessian's denominator, met in every entry
        hit = nested.get(b)
        if hit is None:
            hit = nested[b] = nested_fraction(P)
        if not hit:
            continue
        C = form.combine(P, 64 + 4 * len(P))
        if C is None or len(C) != 1 or not small_numerator(form, C, len(P)):
            continue
        del t.f[b]
        t.nsum -= 1
        t.poly(C, e)


@term_rewrite
def abs_even_power(t: Term) -> None:
    """``abs(u)**2`` -> ``u**2`` and ``x**3/abs(x)`` -> ``x*abs(x)`` (u real)."""
    # an even power of |u| is that power of u; x**2 = abs(x)**2 moves |x| up: d/dx x*|x| =
    # 2*abs(x). Only for inputs holding abs.
    form = t.form
    if "abs" not in form.funcs:
        return
    f = t.f
    for b, e in list(f.items()):
        if e.denominator == 1 and not e.numerator % 2:
            P = form.abs_of(b)
            if P is not None:
                del f[b]
                t.poly(P, e)
    if t.exps:
        t._merge_exps()
    for b, a in list(f.items()):
        if a >= 0 or a.denominator != 1:
            continue
        P = form.abs_of(b)
        if P is None or len(P) != 1:
            continue
        ((m, c),) = P.items()
        if c != 1 or len(m) != 1:
            continue
        ((s, k),) = m
        if type(s) is not Sym or k != 1:
            continue
        n = f.get(s, F0)
        shift = min(-a, n // 2) if n > 0 and n.denominator == 1 else 0
        if shift:
            t.factor(b, 2 * shift)
            t.factor(s, -2 * shift)


@term_rewrite
def abs_times_sign(t: Term) -> None:
    """``abs(u)*sign(u)`` -> ``u`` (every real u, 0 too)."""
    # |u|′ = sign(u)·u′ under an even power (d/dx |x - |x||^2): 4*x - 4*abs(x), not
    # 2*abs(…)*sign(…)*(…)
    form = t.form
    if "sign" not in form.funcs or "abs" not in form.funcs:
        return
    f = t.f
    for b in [b for b, e in f.items() if type(b) is Call and b.func == "sign" and e == 1]:
        U = form.arg_of.get(b)
        if U is None:
            continue
        for a, k in list(f.items()):
            if k >= 1 and k.denominator == 1 and form.abs_of(a) == U:
                del f[b]
                t.factor(a, -F1)
                t.poly(U, F1)
                break


@term_rewrite
def square_identity(t: Term) -> None:
    """``sec(u)**2/(tan(u)**2 + 1)`` -> 1: ``1 + tan(u)**2`` beside ``sec(u)`` is ``sec(u)**2``."""
    # a sum 1 + tan(u)**2 (or 1 - sin(u)**2, cosh(u)**2 - 1, ... by the table's Pythagorean
    # identities) beside the function it is a square of becomes that square, so the two meet;
    # never a function the term does not hold
    f = t.f
    if not t.nsum or len(f) < 2:
        return
    form = t.form
    square_of = form.facts.square_of
    for b, k in list(f.items()):
        if type(b) is not Add or k.denominator != 1:
            continue
        P = form.poly_of.get(b)
        if P is None or len(P) != 2 or EMPTY not in P:
            continue
        c0 = P[EMPTY]
        ((m, s),) = ((m, v) for m, v in P.items() if m)
        if len(m) != 1:
            continue
        ((g, e),) = m
        if e != 2 or type(g) is not Call or len(g.args) != 1:
            continue
        target = square_of.get((g.func, c0, s))
        if target is None:
            continue
        h = form.interned.get(Call(target, g.args))
        if h is None or h not in f:
            continue
        del f[b]
        t.nsum -= 1
        t.factor(h, 2 * k)
