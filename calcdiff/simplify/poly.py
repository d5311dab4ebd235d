"""Deciding the form of a sum, and the polynomial algebra behind it.

Wherever a sum has to become one expression (a function's argument, a factor, the answer),
:meth:`Algebra.finalize` picks its form among *collected* (as it is), *expanded* (products
of sums multiplied out), *combined* (over one denominator, numerator expanded, cancelled)
and *factored* (a factor common to every term taken out), keeping the one with the fewest
operations; see :mod:`calcdiff.simplify` for the rules. The sum rewrites (``sin(u)**2 + cos(u)**2`` -> 1)
run first, on sums holding a square of a function they know.

Every expansion and division runs under a term budget, so no input can make it slow.
"""

from __future__ import annotations

from fractions import Fraction
from math import comb

from calcdiff.simplify.form import F0, F1, Form, Term
from calcdiff.simplify.roots import is_exp
from calcdiff.tree.nodes import Add, Call, Const, Num, Sym

EXPAND_MIN_BUDGET = 64  # terms an expansion may reach, at least; also 4 per input term
DIVIDE_LIMIT = 4000  # len(P) * len(Q) above which exact division is not tried
MULTIPLY_BUDGET = 20_000  # term products per expansion (a general product counts 20)
COMBINED_SUMS = 24  # distinct sums below one bar, past which fractions are not combined
# decisions nested inside decisions (a candidate form is decided in turn): past this depth a
# form stays as it is. Squaring sqrt((x**2 - a**2)/x**2) brings back a denominator whose
# combination brings back the root, one term longer each time, without end
DECIDE_DEPTH = 6


class Algebra(Form):
    """Form plus the decisions: expansion, common denominators, cancellation."""

    def __init__(self, facts, term_rewrites: tuple = (), sum_rewrites: tuple = ()) -> None:
        super().__init__(facts, term_rewrites)
        self.sum_rewrites = sum_rewrites  # run on a sum before its form is decided, in order
        self.squared = facts.squared  # functions whose squares the sum rewrites look for
        self._fin: dict = {}
        self._polys: dict = {}
        self._varmono: dict = {}
        self._plain_products: dict = {}  # (monomial, monomial) -> their product
        self._work = 0  # term products spent by the current expansion
        self._deciding = 0  # decisions in progress, each inside the one before

    def finalize(self, P: dict) -> dict:
        if not P:
            return P
        if len(P) == 1 and not self._product_of_sums(P):
            return P
        hit = self._fin.get(id(P))
        if hit is not None and hit[0] is P:
            return hit[1]
        if self._deciding >= DECIDE_DEPTH:
            return P  # not remembered: met higher up, it is decided
        R = P
        self._deciding += 1
        try:
            for _ in range(4):  # until the decision is stable, so that finalize(R) is R
                Q = self._decide(R) if len(R) > 1 else self._decide_product(R)
                if Q is R or not Q or (len(Q) == 1 and not self._product_of_sums(Q)):
                    R = Q
                    break
                R = Q
        finally:
            self._deciding -= 1
        self._fin[id(P)] = (P, R)
        if R is not P:
            self._fin[id(R)] = (R, R)
        return R

    @staticmethod
    def _product_of_sums(P: dict) -> bool:
        """A product that might read shorter multiplied out: a sum to a positive power in the
        numerator, or two sums in the denominator."""
        for m in P:
            below = 0
            for b, e in m:
                if type(b) is Add and e.denominator == 1:
                    if e > 0:
                        return True
                    below += 1
            if below > 1:
                return True
        return False

    def _scan(self, P: dict):
        sump = den = nonpoly = squares = False
        squared = self.squared
        for m in P:
            for b, e in m:
                t = type(b)
                if t is Sym or t is Num or t is Const:
                    if e.denominator != 1:
                        nonpoly = True
                    if e < 0 and t is Sym:
                        den = True
                    continue
                if e < 0:
                    den = nonpoly = True
                elif t is Add and e.denominator == 1:
                    sump = True
                    if not nonpoly and not self._polynomial(b):
                        nonpoly = True
                else:
                    nonpoly = True
                    if t is Call and e >= 2 and b.func in squared:
                        squares = True
        return sump, den, nonpoly, squares

    def _polynomial(self, b) -> bool:
        """Is the sum ``b`` a polynomial in variables (so it is never factored)?"""
        hit = self._polys.get(id(b))
        if hit is None:
            ok = True
            for m in self.poly_of[b]:
                for f, e in m:
                    t = type(f)
                    if e < 0 or e.denominator != 1 or (t is not Sym and t is not Num and not (
                            t is Add and self._polynomial(f))):
                        ok = False
            hit = self._polys[id(b)] = (b, ok)
        return hit[1]

    def _decide(self, P: dict) -> dict:
        sump, den, nonpoly, squares = self._scan(P)
        if squares:
            for rewrite in self.sum_rewrites:
                P = rewrite(self, P)
                if len(P) < 2:
                    return P
        if not (sump or den or nonpoly):
            return P
        limit = EXPAND_MIN_BUDGET + 4 * len(P)
        cands = [(P, 3)]
        base = P
        if sump:
            B = self.expand(P, limit)
            if B is not None:
                if not (den or nonpoly) and all(self._linear_polynomial_product(m) or not any(
                        type(b) is Add for b, _ in m) for m in P):
                    # a polynomial whose products of sums are all at the first power: a
                    # polynomial result, expanded (SPEC §5)
                    return B
                cands.append((B, 4 if nonpoly else 1))  # ties: keep 1 - f(u) whole
                base = B
                den = self._scan(B)[1]
        if den:
            C = self.combine(base, limit)
            if C is not None:
                cands.append((C, 0))
        if nonpoly:
            for Q in (P, base) if base is not P else (P,):
                D = self.factored(Q)
                if D is not None:
                    cands.append((D, 2))
        if len(cands) == 1:
            return P
        return min(cands, key=lambda pc: (self.ops(self.to_expr(pc[0])), pc[1]))[0]

    def _decide_product(self, P: dict) -> dict:
        """A lone product of sums is multiplied out only when that is strictly shorter:
        (x - 1)*(x + 1) -> x**2 - 1 (above or below the line), but 20*x*(x**2 + 1)**9,
        x*(a + b) and 1/(x - 1)**2 stay; a constant one also at the same length."""
        best, best_ops = P, self.ops(self.to_expr(P))
        ((m, _),) = P.items()
        if self._linear_polynomial_product(m):
            # a polynomial whose sums stand at the first power is a polynomial result, and
            # those come out expanded (SPEC §5): 3*x*(3*x + 2) -> 9*x**2 + 6*x
            E = self.expand(P, EXPAND_MIN_BUDGET)
            if E is not None:
                return E
        terms = 1
        for b, e in m:  # how many terms multiplying out could give, at most
            if type(b) is Add and e > 0 and e.denominator == 1:
                terms *= comb(len(self.poly_of[b]) + int(e) - 1, int(e))
        E = self.expand(P, EXPAND_MIN_BUDGET) if terms <= 2 * best_ops + 4 else None
        if E is not None and E != P and self._scan(E)[1]:
            E = self.combine(E, EXPAND_MIN_BUDGET)
        if E is not None and E != P:
            ops = self.ops(self.to_expr(E))
            # a number multiplied out reads better at the same length: (2 + sqrt(3))**2 is
            # 7 + 4*sqrt(3)
            if ops < best_ops or (ops == best_ops and not any(b.free for b, _ in m)):
                best, best_ops = E, ops
        F = self._expand_denominator(best)
        if F is not None and self.ops(self.to_expr(F)) < best_ops:
            best = F
        return best

    def _linear_polynomial_product(self, m) -> bool:
        """Is ``m`` a product of variables (non-negative integer powers) and polynomial sums,
        each sum at the first power?"""
        sums = 0
        for b, e in m:
            t = type(b)
            if t is Sym:
                if e < 0 or e.denominator != 1:
                    return False
            elif t is Add:
                if e != 1 or not self._polynomial(b):
                    return False
                sums += 1
            elif t is not Num and t is not Const:
                return False
        return sums > 0

    def _expand_denominator(self, P: dict):
        """``n/((x - 1)*(x + 1))`` as ``n/(x**2 - 1)``."""
        if len(P) != 1:
            return None
        ((m, c),) = P.items()
        below = [(b, -e) for b, e in m if type(b) is Add and e < 0 and e.denominator == 1]
        if len(below) < 2:
            return None
        D = self.expand({frozenset(below): F1}, EXPAND_MIN_BUDGET)
        if D is None:
            return None
        t = Term(self, c)
        t.mono((b, e) for b, e in m if (b, -e) not in below)
        t.poly(self.finalize(D), -1)
        return t.finish()

    def expand(self, P: dict, limit: int):
        """Multiply out every positive integer power of a sum, or None past ``limit`` terms.
        The same sum is met again (a Hessian's diagonal entry: its numerator, decided alone,
        then over the common denominator, under another limit): multiplied out once, the
        same dict each time. What is remembered is the least limit the expansion needed
        (any limit from it up gives the same terms) and the greatest it failed under."""
        memo = self.memo("expand")
        key = frozenset(P.items())
        hit = memo.get(key)
        if hit is not None:
            needed, failed, out = hit
            if out is not None and limit >= needed:
                return out
            if limit <= failed:
                return None
        else:
            hit = memo[key] = [0, -1, None]
        out, needed = self._expand(P, limit)
        if out is None:
            hit[1] = max(hit[1], limit)
        else:
            hit[0], hit[2] = needed, out
        return out

    def _expand(self, P: dict, limit: int):
        """(the expansion, the least limit it needs) or (None, None) past ``limit``."""
        out: dict = {}
        work = list(P.items())
        steps = 0
        needed = 0
        self._work = 0  # the budget is per expansion, so decisions depend on P alone
        while work:
            m, c = work.pop()
            sums = [(b, e) for b, e in m if type(b) is Add and e > 0 and e.denominator == 1]
            if not sums:
                out[m] = out.get(m, F0) + c
                continue
            steps += 1
            top = max(e for _, e in sums)
            if steps > limit or top > limit:
                return None, None
            needed = max(needed, steps, int(top))
            acc = {frozenset(be for be in m if be not in sums): c}
            for b, e in sums:
                Q = self.poly_of[b]
                for _ in range(int(e)):
                    needed = max(needed, -(-len(acc) * len(Q) // 4))
                    acc = self.poly_mul(acc, Q, limit)
                    if acc is None:
                        return None, None
                    needed = max(needed, len(acc))
            work.extend(acc.items())
            if len(out) + len(work) > 2 * limit:
                return None, None
            needed = max(needed, -(-(len(out) + len(work)) // 2))
        return {m: c for m, c in out.items() if c}, needed

    def combine(self, P: dict, limit: int):
        """``P`` over one common denominator: the numerator expanded, then cancelled."""
        den: dict = {}
        for m in P:
            for b, e in m:
                if e < 0 and type(b) is not Num and type(b) is not Const and den.get(b, 0) < -e:
                    den[b] = -e
        if not den:
            return None
        sums = sum(type(b) is Add for b in den)
        if sums > COMBINED_SUMS:  # Σ k/(x^2 + k) over 500 terms: 500 sums below one bar, each
            return None  # term over 499 of them (quadratic), never the shorter form
        if sums > 1:
            P, den = self._unify_signs(P, den)
        numer: dict = {}
        for m, c in P.items():
            d = dict(m)
            for b, e in den.items():
                ne = d.get(b, F0) + e
                if ne:
                    d[b] = ne
                else:
                    del d[b]
            if any(type(b) is Add or (e.denominator == 1 and (
                    b in self.poly_of or (not e.numerator % 2 and self.abs_of(b) is not None)))
                   for b, e in d.items()):
                # new powers of sums, or a root's base back at an integer power
                # (sqrt(x**3)**2 = x**3): rebuilt, to normalise
                t = Term(self, c)
                t.mono(d.items())
                for mm, v in t.finish().items():
                    numer[mm] = numer.get(mm, F0) + v
                continue
            mm = frozenset(d.items())
            numer[mm] = numer.get(mm, F0) + c
        numer = {m: c for m, c in numer.items() if c}
        if not numer:
            return {}
        N = self.expand(numer, limit)
        if N is None:
            return None
        t = Term(self)
        t.poly(self.finalize(N), F1)
        for b, e in den.items():
            t.factor(b, -e)
        return t.finish()

    def _unify_signs(self, P: dict, den: dict):
        """Use one of (x - 1) and (1 - x) as the denominator, not both."""
        flip = {}
        for b in list(den):
            if type(b) is Add and den[b].denominator == 1 and b not in flip:
                nb = self.negated(b)
                if nb in den and nb not in flip:
                    flip[b] = nb
        if not flip:
            return P, den
        Q: dict = {}
        for m, c in P.items():
            if any(b in flip for b, _ in m):
                d: dict = {}
                for b, e in m:
                    if b in flip and e.denominator == 1:
                        if e.numerator % 2:
                            c = -c
                        b = flip[b]
                    d[b] = d.get(b, F0) + e
                m = frozenset((b, e) for b, e in d.items() if e)
            Q[m] = Q.get(m, F0) + c
        Q = {m: c for m, c in Q.items() if c}
        den = {}
        for m in Q:
            for b, e in m:
                if e < 0 and type(b) is not Num and type(b) is not Const and den.get(b, 0) < -e:
                    den[b] = -e
        return Q, den

    def factored(self, P: dict):
        """The factors common to every term taken out of a sum that is not a polynomial:
        ``exp(x)*(x + 1)``, ``x**2*(3*log(x) + 1)`` (polynomials stay expanded)."""
        if not P:  # the sum expanded to 0: nothing to take out
            return None
        coef, common, prim = self.content(P)
        if not common or len(prim) < 2:
            return None
        t = Term(self, coef)
        t.mono(common.items())
        t.poly(self.finalize(prim), F1)
        return t.finish()

    # ---- polynomial arithmetic ----------------------------------------------------------

    def mono_mul(self, a, b, c: Fraction) -> dict:
        if self._vars_only(a) and self._vars_only(b):  # the common case, kept cheap
            return {self._plain_product(a, b): c}
        # the product of two monomials is c times their product at 1 (every step of Term
        # multiplies its coefficient): worked out once per pair (exp(x_i)*exp(x_j) in each
        # entry of a Hessian)
        memo = self.memo("mono-mul")
        hit = memo.get((a, b))
        if hit is None:
            t = Term(self)
            t.mono(a)
            t.mono(b)
            hit = memo[(a, b)] = t.finish()
        return {m: c * v for m, v in hit.items()} if c != 1 else hit

    def _plain_product(self, a, b):
        """The product of two monomials in variables alone, once per pair: multiplying out
        (x + 1)*(x + 2)*... meets the same pairs of powers again and again."""
        key = (a, b)
        hit = self._plain_products.get(key)
        if hit is None:
            d = dict(a)
            for v, e in b:
                ne = d.get(v, F0) + e
                if ne:
                    d[v] = ne
                else:
                    del d[v]
            hit = self._plain_products[key] = frozenset(d.items())
        return hit

    def _vars_only(self, m) -> bool:
        hit = self._varmono.get(m)
        if hit is None:
            hit = self._varmono[m] = all(type(b) is Sym for b, _ in m)
        return hit

    def poly_mul(self, A: dict, B: dict, limit: int):
        out: dict = {}
        plain = all(self._vars_only(m) for m in B) and all(self._vars_only(m) for m in A)
        self._work += len(A) * len(B) * (1 if plain else 20)  # the general path costs more
        if len(A) * len(B) > limit * 4 or self._work > MULTIPLY_BUDGET:
            return None
        get = out.get
        if plain:
            product = self._plain_product
            for ma, ca in A.items():
                for mb, cb in B.items():
                    m = product(ma, mb)
                    out[m] = get(m, F0) + ca * cb
        else:
            for ma, ca in A.items():
                for mb, cb in B.items():
                    for m, v in self.mono_mul(ma, mb, ca * cb).items():
                        out[m] = get(m, F0) + v
        out = {m: v for m, v in out.items() if v}
        return out if len(out) <= limit else None

    def _plain(self, P: dict) -> bool:
        """Non-negative exponents and no exp/number factors: safe for exact division."""
        for m in P:
            for b, e in m:
                if e < 0 or type(b) is Num or is_exp(b):
                    return False
        return True

    def exact_div(self, P: dict, Q: dict):
        """``P / Q`` when ``Q`` divides ``P`` exactly, else None (lex division)."""
        if len(Q) < 2 or len(P) < len(Q) or len(P) * len(Q) > DIVIDE_LIMIT:
            return None
        if not (self._plain(P) and self._plain(Q)):
            return None
        mk = self.mono_key
        lq = min(Q, key=mk)
        cq = Q[lq]
        lqd = dict(lq)
        R = dict(P)
        quot: dict = {}
        steps = 0
        while R:
            steps += 1
            if steps > len(P) + 2 * len(Q) + 8:
                return None
            lr = min(R, key=mk)
            d = dict(lr)
            for b, e in lqd.items():
                ne = d.get(b, F0) - e
                if ne < 0:
                    return None
                if ne:
                    d[b] = ne
                else:
                    del d[b]
            m = frozenset(d.items())
            k = Fraction(R[lr]) / cq
            quot[m] = k
            for mq, v in Q.items():
                dd = dict(m)
                for b, e in mq:
                    dd[b] = dd.get(b, F0) + e
                mm = frozenset(dd.items())
                nv = R.get(mm, F0) - k * v
                if nv:
                    R[mm] = nv
                else:
                    R.pop(mm, None)
        return quot

    def cancel(self, t: Term) -> None:
        """Cancel a sum in the numerator against a sum in the denominator when one divides
        the other exactly: (x**2 - 1)/(x - 1) -> x + 1."""
        f = t.f
        for _ in range(16):
            pos = [b for b, e in f.items() if type(b) is Add and e > 0 and e.denominator == 1]
            neg = [b for b, e in f.items() if type(b) is Add and e < 0 and e.denominator == 1]
            done = False
            for pb in pos:
                for nb in neg:
                    for num, den in ((pb, nb), (nb, pb)):
                        q = self.exact_div(self.poly_of[num], self.poly_of[den])
                        if q is not None:
                            e = f.pop(num)
                            t.nsum -= 1
                            t.factor(den, e)
                            t.poly(q, e)
                            done = True
                            break
                    if done:
                        break
                if done:
                    break
            if not done:
                return
