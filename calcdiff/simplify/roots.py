"""Powers of sums in the normal form: what comes out of a root or an integer power of a sum
(numbers, common factors, |x| from under a square root), and fractional powers of a single
term. A part of :class:`calcdiff.simplify.form.Form`, kept in its own module."""

from __future__ import annotations

from fractions import Fraction

from calcdiff.simplify.numbers import F0, F1, num_pow
from calcdiff.tree.nodes import Call, Const, Expr, Sym


def is_exp(b: Expr) -> bool:
    return type(b) is Call and b.func == "exp"


def _real_odd(q: int, funcs) -> bool:
    """Whether a power of denominator ``q`` is a real odd root's: the input has cbrt or root
    (real below 0, not a power to a fraction) and ``q`` is odd."""
    return q % 2 == 1 and q > 1 and ("cbrt" in funcs or "root" in funcs)


def _whole_root(e: Fraction, r: Fraction, real_odd: bool) -> bool:
    """Is ``(b**e)**r`` exactly ``b**(e*r)`` wherever it is defined, and defined where it
    is, for an integer ``e``: an even power to an even integer power (sqrt(x^4) = x^2,
    cbrt(x^6) = x^2; sqrt(x^2) is |x|, and stays), or (``real_odd``: the root ``r`` is a
    real odd root) any integer power (cbrt(x^3) = x, cbrt(x^2) = cbrt(x)^2 for every x)?"""
    if e.denominator != 1:
        return False
    k = e * r
    return real_odd or (k.denominator == 1 and e.numerator % 2 == 0 and k.numerator % 2 == 0)


def _loses_sign(e: Fraction, r: Fraction, funcs) -> bool:
    """Whether ``(b**e)**r`` is not ``b**(e*r)`` below 0 where the input's real roots give
    ``b**e`` a value there: sqrt(cbrt(x)^2) is |cbrt(x)|, not cbrt(x) (an even power of a
    real odd root is positive; an even root of it then an odd power of |b|)."""
    return (_real_odd(e.denominator, funcs) and r.denominator % 2 == 0
            and e.numerator % 2 == 0 and (e * r).numerator % 2 == 1)


class Roots:
    """The methods of :class:`calcdiff.simplify.form.Form` for powers of sums (``t`` is the
    product being built, a :class:`calcdiff.simplify.form.Term`)."""

    def add_sum(self, t, P: dict, r: Fraction) -> None:
        """Multiply ``t`` by ``P**r`` for a sum ``P``: rational and common factors come out
        (integer powers only), the rest becomes a compound base."""
        if r.denominator == 1:
            for _ in range(3):
                coef, common, prim = self.content(P)
                if prim is P:
                    break
                t.number(coef, r)
                t.mono(common.items(), r)
                prim = self.finalize(prim)  # what is left is a new sum: decide its form too
                if len(prim) < 2:
                    t.poly(prim, r)
                    return
                P = prim
        elif len(P) > 1:
            if r.denominator == 2 and "abs" in self.funcs:
                P = self._square_out_of_root(t, P, r)
                if len(P) < 2:
                    t.poly(P, r)
                    return
            # a perfect-power number comes out of a root: sqrt(1 - x**2/4) = sqrt(4 - x**2)/2,
            # sqrt(4*x**2 + 4) = 2*sqrt(x**2 + 1); other factors stay inside
            coef = self.content(P)[0]
            if coef > 0 and coef != 1:
                root, left = num_pow(coef, r)
                if not left:
                    t.c *= root
                    P = self.finalize({m: Fraction(c) / coef for m, c in P.items()})
        t.factor(self.compound(P), r)

    def _square_out_of_root(self, t, P: dict, r: Fraction) -> dict:
        """``sqrt(1 - 1/x**2)`` is ``sqrt(x**2 - 1)/abs(x)``: an even power of a variable
        below every term of a sum under a square root comes out of it, as a power of
        ``abs(x)`` (multiplies ``t`` by that power, returns the sum left inside). Only where
        the input has ``abs`` already (the simplifier introduces no function): it is what
        lets ``d/dx [acsc(x) - asin(1/x)]`` cancel to 0."""
        below = {b for m in P for b, e in m if e < 0 and type(b) is Sym}
        for x in sorted(below, key=lambda b: b.name):
            exps = [dict(m).get(x, F0) for m in P]
            lo = min(exps)
            if any(e.denominator != 1 for e in exps) or lo.numerator % 2:
                continue
            Q: dict = {}
            for m, c in P.items():
                mm = frozenset((b, e - lo) if b is x else (b, e) for b, e in m
                               if not (b is x and e == lo))
                if all(b is not x for b, _ in m):
                    mm = m | {(x, -lo)}
                Q[mm] = Q.get(mm, F0) + c
            ax = self.intern(Call("abs", (x,)))
            self.arg_of.setdefault(ax, {frozenset(((x, F1),)): F1})
            t.factor(ax, lo * r)
            P = self.finalize({m: c for m, c in Q.items() if c})
            if len(P) < 2:
                break
        return P

    def frac_single(self, t, m, c: Fraction, r: Fraction) -> None:
        """Multiply ``t`` by ``(c*m)**r`` for a fractional ``r``, splitting only where the
        power law holds for every real value: positive numbers, ``exp``, e and pi, and one factor
        whose exponent lies in (-1, 1]."""
        if c < 0:
            t.factor(self.compound({m: c}), r)
            return
        t.number(c, r)
        rest = []
        for b, e in m:
            if is_exp(b) or type(b) is Const:  # e and pi are positive: sqrt(2/pi) is
                t.factor(b, e * r)  # sqrt(2)/sqrt(pi), never sqrt(2)*sqrt(1/pi)
            else:
                rest.append((b, e))
        kept = []
        odd = _real_odd(r.denominator, self.funcs)
        for b, e in rest:  # a power the root takes whole: sqrt(x^4) = x^2, cbrt(x^2) = cbrt(x)^2
            if _whole_root(e, r, odd):
                t.factor(b, e * r)
            else:
                kept.append((b, e))
        if not kept:  # (a power to a fraction, or every power taken whole)
            return
        if len(kept) == 1 and -1 < kept[0][1] <= 1 and not _loses_sign(kept[0][1], r,
                                                                       self.funcs):
            t.factor(kept[0][0], kept[0][1] * r)
            return
        t.factor(self.compound({frozenset(kept): F1}), r)

