"""The simplifier's internal normal form and its algebra.

An expression is held as a *polynomial over bases*: a dict ``{monomial: coefficient}`` where
a coefficient is a :class:`~fractions.Fraction` and a monomial is a frozenset of
``(base, exponent)`` pairs with rational exponents. A base is a simplified :class:`Expr` that
is not itself a sum or product of other things:

* a variable, a constant (``E``, ``pi``), a number with a fractional exponent (``sqrt(2)``);
* a function call with simplified arguments (``sin(x**2)``); ``exp`` is special: a monomial
  holds at most one ``exp`` factor, so ``exp(a)*exp(b)`` is ``exp(a + b)``;
* a power with a symbolic exponent (``2**x``);
* a *compound* base: a sum (``x**2 + 1`` in ``(x**2 + 1)**9``) or a product that may not be
  split under a fractional power (``sqrt(x*y)``). Compound bases remember their polynomial in
  ``Form.poly_of`` so that later passes can expand or divide them.

``sqrt``, ``cbrt`` and ``root`` are read as fractional powers, so ``x*sqrt(x)`` is
``x**(3/2)``; they are printed back as ``sqrt`` (always), ``cbrt`` and ``root`` (only when the
input used them: the simplifier never introduces a function the input does not contain).

Everything here is iterative or shallow: bases are built bottom-up and memoised, so nothing
walks a 1,000-deep chain more than once.
"""

from __future__ import annotations

from fractions import Fraction
from functools import cmp_to_key
from math import gcd

from calcdiff.errors import DomainError
from calcdiff.simplify.numbers import F0, F1, merge_roots, num_pow
from calcdiff.simplify.roots import Roots
from calcdiff.simplify.sizes import Sizes, variable_key
from calcdiff.tree.nodes import ZERO, Add, Call, Const, Div, E, Expr, Mul, Neg, Num, Pow, Sym

EMPTY: frozenset = frozenset()
_END = ((9,), 0)  # sorts after every factor in a monomial's order key
def _base_name(factor) -> str:
    return factor[0].name


def _is_constant(m) -> bool:
    ((b, e),) = m
    return type(b) is Const and e == 1


def table_form(P: dict) -> bool:
    """Is ``P`` ``1 - f(u)`` or ``1 - f(u)**2`` (the table's ``1 - tanh(x)**2``,
    ``1 - sigmoid(x)``), kept whole under a number: ``14*(1 - tanh(x)**2)``?"""
    if len(P) != 2 or P.get(EMPTY) != 1:
        return False
    for m, c in P.items():
        if m:
            if c != -1 or len(m) != 1:
                return False
            ((b, e),) = m
            return type(b) is Call and (e == 1 or e == 2)
    return False


class Term:
    """Builds one product ``c * Π base**exp``, merging equal bases as factors arrive."""

    __slots__ = ("c", "exps", "f", "form", "nnum", "nprod", "nsum")

    def __init__(self, form: Form, c: Fraction = F1) -> None:
        self.form = form
        self.c = c
        self.f: dict = {}
        self.exps: list = []  # (argument polynomial, multiplicity) of exp factors
        self.nsum = 0
        self.nprod = 0
        self.nnum = False

    def factor(self, b: Expr, e: Fraction) -> None:
        if not e:
            return
        t = type(b)
        if t is Call and b.func == "exp":
            self.exps.append((self.form.exp_arg[b], e))
            return
        if t is Const and b.name == "E":  # E**k is exp(k): the parser reads E**2 as exp(2)
            self.exps.append(({EMPTY: 1}, e))
            return
        f = self.f
        old = f.get(b)
        if old is None:
            if t is Add:
                if self.nsum and e.denominator == 1:
                    # (1 - x) and (x - 1) are one base up to sign
                    nb = self.form.negated(b)
                    o2 = f.get(nb)
                    if o2 is not None and o2.denominator == 1:
                        if e.numerator % 2:
                            self.c = -self.c
                        self._set(nb, o2 + e, t)
                        return
                self.nsum += 1
            elif t is Num:
                self.nnum = True
            elif t is not Sym and t is not Call and b in self.form.poly_of:
                self.nprod += 1
            f[b] = e
        else:
            self._set(b, old + e, t)

    def _set(self, b, e, t) -> None:
        if e:
            self.f[b] = e
        else:
            del self.f[b]
            if t is Add:
                self.nsum -= 1

    def mono(self, m, p=1) -> None:
        m = frozenset(m)  # met in print order, not a set's (which follows str hashes, new
        if len(m) > 1:  # in every process): the same input, the same answer
            m = self.form._mono(m)[1]
        if p == 1:
            for b, e in m:
                self.factor(b, e)
        else:
            for b, e in m:
                self.factor(b, e * p)

    def number(self, c: Fraction, r: Fraction) -> None:
        coef, left = num_pow(c, r)
        self.c *= coef
        for v, e in left:
            self.factor(self.form.num(v), e)

    def poly(self, P: dict, r: Fraction) -> None:
        """Multiply by ``P**r`` (``P`` already in final form)."""
        if not P:
            if r < 0:
                raise DomainError("division by zero")
            self.c = F0
            return
        if len(P) > 1:
            self.form.add_sum(self, P, r)
            return
        ((m, c),) = P.items()
        if r == 1:
            self.c *= c
            self.mono(m)
        elif r.denominator == 1:
            self.number(c, r)
            self.mono(m, r)
        else:
            self.form.frac_single(self, m, c, r)

    def _merge_exps(self) -> None:
        """One exp factor per term: exp(a)*exp(b) = exp(a + b); exp(c*log(u) + a) = u**c*exp(a)."""
        form = self.form
        # an exp factor an earlier merge left among the factors (a product base split
        # late, sqrt(e*x)**2 = e*x, brings another): merged with the new ones, not replaced
        f = self.f
        for b in [b for b in f if (type(b) is Call and b.func == "exp") or (
                type(b) is Const and b.name == "E")]:
            self.exps.append((form.exp_arg[b] if type(b) is Call else {EMPTY: F1}, f.pop(b)))
        pending = None
        for _ in range(8):
            if not self.exps:
                break
            parts, self.exps = self.exps, []
            if pending:
                parts.append((pending, 1))
            if len(parts) == 1 and parts[0][1] == 1:
                arg = parts[0][0]
            else:
                acc: dict = {}
                for P, k in parts:
                    for m, v in P.items():
                        acc[m] = acc.get(m, F0) + v * k
                # the same sum of arguments is met again and again (exp(x_i)*exp(x_j) in
                # every entry of a Hessian): decided once, and the same dict each time
                key = frozenset((m, v) for m, v in acc.items() if v)
                memo = form.memo("exp-sum")
                arg = memo.get(key)
                if arg is None:
                    arg = memo[key] = form.finalize({m: v for m, v in acc.items() if v})
            logs = [m for m in arg if len(m) == 1 and next(iter(m)) in form.log_arg_one]
            if logs:
                arg = dict(arg)
                for m in logs:
                    c = arg.pop(m)
                    ((b, _),) = m
                    self.poly(form.log_arg[b], c)
                arg = form.finalize(arg)
            pending = arg
        if pending:
            self.f[form.exp_base(pending)] = F1

    def _merge_powers(self) -> None:
        """Powers of one base multiplied, exponents added: x*x**(n - 1) = x**n,
        x**a*x**b = x**(a + b); each power whole (an integer power of it), the base not a
        number (2*2**x stays)."""
        form, f = self.form, self.f
        groups: dict = {}
        for a, k in f.items():
            hit = form.pow_of.get(a)
            if hit is not None and k.denominator == 1:
                groups.setdefault(hit[0], []).append((a, k, hit[1]))
        if not groups:
            return
        for base, items in groups.items():
            if len(items) == 1 and base not in f and items[0][1] == 1:
                continue
            acc: dict = {}
            for a, k, PE in items:
                del f[a]
                for m, v in PE.items():
                    acc[m] = acc.get(m, F0) + v * k
            if base in f:
                acc[EMPTY] = acc.get(EMPTY, F0) + f.pop(base)
            E = form.finalize({m: v for m, v in acc.items() if v})
            if not E:
                continue
            if len(E) == 1 and EMPTY in E:
                self.factor(base, E[EMPTY])
            else:
                self.factor(form.power_atom(base, E), F1)

    def finish(self) -> dict:
        form = self.form
        f = self.f
        if self.c == 0:
            return {}
        if self.exps:
            self._merge_exps()
        if self.nprod:  # a product base back at an integer power splits again: sqrt(x*y)**2
            for b in [b for b, e in f.items() if e.denominator == 1 and type(b) is not Add
                      and type(b) is not Sym and b in form.poly_of]:
                e = f.pop(b)
                self.poly(form.poly_of[b], e)
            if self.exps:
                self._merge_exps()
        for _ in range(4 if self.nnum else 0):  # numbers: fold, keep sqrt(2) and friends
            nums = merge_roots(f) + [(b.value, f.pop(b)) for b, e in list(f.items()) if type(
                b) is Num and (e.denominator == 1 or not 0 < e < 1 or b.value.denominator != 1)]
            if not nums:  # (merge_roots: sqrt(2)*sqrt(6) = sqrt(12) = 2*sqrt(3))
                break
            for v, e in nums:
                self.number(v, e)
        if self.c == 0:
            return {}
        if self.nsum:  # a sum that reached an integer power by merging: sqrt(u)**2*(2*x + 2)
            for b in [b for b, e in f.items() if type(b) is Add and e.denominator == 1
                      and not form.primitive(b)]:
                e = f.pop(b)
                self.nsum -= 1
                self.poly(form.poly_of[b], e)
        if form.pow_of:  # powers to an exponent that is not a number (x**(n - 1)) were read
            self._merge_powers()
        for rewrite in form.term_rewrites:
            rewrite(self)
        if self.nsum >= 2:
            form.cancel(self)
        if len(f) == 1:
            ((b, e),) = f.items()
            if e == 1 and type(b) is Add and not table_form(form.poly_of[b]):
                c = self.c  # a number times one sum distributes: 2*(x + 1) -> 2*x + 2
                return {m: c * v for m, v in form.poly_of[b].items()}
        return {frozenset(f.items()): self.c}


class Form(Roots, Sizes):
    """Memo tables and the algebra of the normal form, for one simplification."""

    def __init__(self, facts, term_rewrites: tuple = ()) -> None:
        self.facts = facts  # what the rule table says (simplify.facts.Facts)
        self.term_rewrites = term_rewrites  # run on each product as it is finished, in order
        self.funcs: frozenset = frozenset()  # functions the input used: cbrt(x) vs x**(1/3)
        self.interned: dict = {}
        self.poly_of: dict = {}  # compound base -> its polynomial
        self.exp_arg: dict = {}  # exp(u) base -> polynomial of u
        self.log_arg: dict = {}  # log(u) base -> polynomial of u
        self.arg_of: dict = {}  # f(u) base (one argument) -> polynomial of u
        self.log_arg_one: set = set()  # (log(u), 1) factors, to spot c*log(u) in exp's argument
        self.pow_of: dict = {}  # b**u base, u no number -> (b, polynomial of u)
        self._neg: dict = {}
        self._info: dict = {}  # id -> (expr, sort key, size)
        self._ops: dict = {}
        self._mkey: dict = {}
        self._expr: dict = {}  # id(poly) -> (poly, expr)
        self._nums: dict = {}
        self._pows: dict = {}
        self._prim: dict = {}
        self._memos: dict = {}  # (name, funcs) -> memo, see memo()

    def memo(self, name: str) -> dict:
        """A memo for results that depend on the functions of the run (``funcs``, which
        change between the runs of one ``shared_work`` block): one per name and funcs."""
        key = (name, self.funcs)
        hit = self._memos.get(key)
        if hit is None:
            hit = self._memos[key] = {}
        return hit

    # ---- interning and keys -------------------------------------------------------------

    def intern(self, e: Expr) -> Expr:
        return self.interned.setdefault(e, e)

    def power_atom(self, b: Expr, E: dict, exp: Expr | None = None) -> Expr:
        """The factor ``b**u`` for the polynomial ``E`` of u (not a number), known as a power
        of ``b`` (:meth:`Term._merge_powers`); ``exp``: u's expression, when known."""
        atom = self.intern(Pow(b, self.to_expr(E) if exp is None else exp))
        if type(b) is not Num:
            self.pow_of.setdefault(atom, (b, E))
        return atom

    def num(self, v) -> Num:
        n = self._nums.get(v)
        if n is None:
            n = self._nums[v] = self.intern(Num(v))
        return n

    def mono_key(self, m):
        """Sort key of a monomial: SymPy's lex order (higher powers of earlier variables
        first), numbers and constants (``pi``, ``sqrt(2)``) counting as coefficients."""
        return self._mono(m)[0]

    def _mono(self, m):
        """(sort key, factors in print order, whether a base other than a number stands
        below the line) of a monomial."""
        hit = self._mkey.get(m)
        if hit is None and all(type(b) is Sym for b, _ in m):  # variables alone: by name
            fs = sorted(m, key=_base_name)  # stable: ties keep the set's order, as below
            main = [(variable_key(b.name), -e) for b, e in fs]  # as info keys a variable
            main.append(_END)
            hit = self._mkey[m] = ((tuple(main), ()), fs, any(e < 0 for _, e in fs))
        elif hit is None:
            info = self.info
            fs = []
            for i, (b, e) in enumerate(m):
                fs.append((info(b)[0], i, b, e))
            fs.sort()
            main = [(k, -e) for k, _, b, e in fs if type(b) is not Num and type(b) is not Const]
            main.append(_END)
            coef = tuple((k, -e) for k, _, b, e in fs if type(b) is Num or type(b) is Const)
            below = any(e < 0 for b, e in m if type(b) is not Num)
            hit = self._mkey[m] = ((tuple(main), coef), [(b, e) for _, _, b, e in fs], below)
        return hit

    # ---- back to nodes ------------------------------------------------------------------

    def sort_terms(self, items):
        mono = self._mono
        if any(mono(m)[2] for m, _ in items):
            return sorted(items, key=cmp_to_key(lambda a, b: self._lex_cmp(a[0], b[0])))
        return sorted(items, key=lambda it: mono(it[0])[0])

    def _lex_cmp(self, a, b) -> int:
        """True lex comparison, for monomials with negative exponents (x + 1 + 1/x)."""
        ka, kb = self.mono_key(a), self.mono_key(b)
        A, B = ka[0], kb[0]
        i = 0
        while True:
            (ga, ea), (gb, eb) = A[i], B[i]  # both end in _END
            if ga == gb:
                if ga == _END[0]:
                    return (ka[1] > kb[1]) - (ka[1] < kb[1])
                if ea != eb:
                    return -1 if ea < eb else 1  # stored as -exponent
                i += 1
                continue
            if ga < gb:  # a has a factor b lacks
                return -1 if ea < 0 else 1
            return 1 if eb < 0 else -1

    def pow_factors(self, b: Expr, e: Fraction) -> tuple:
        """``b**e`` for ``e > 0`` in print form, as the factors of a product: sqrt, cbrt, root
        where they belong (``x**(7/3)`` is ``x**2``, ``cbrt(x)``: two factors)."""
        if e == 1:
            return (b,)
        hit = self._pows.get((b, e))
        if hit is None:
            hit = self._pows[(b, e)] = self._pow_factors(b, e)
        return hit

    def _pow_factors(self, b: Expr, e) -> tuple:
        mk = self.intern
        if e.denominator == 1:
            return (mk(Pow(b, self.num(e))),)
        p, q = e.numerator, e.denominator
        if q == 2 and p == 1:
            return (mk(Call("sqrt", (b,))),)
        if q == 3 and "cbrt" in self.funcs:
            # the real cube root's powers, as the input's cbrt: x**(7/3) is x**2*cbrt(x),
            # which has a value at x < 0 (x**(7/3), a power to a fraction, has none)
            r = mk(Call("cbrt", (b,)))
            k, p = divmod(p, 3)
            roots = () if not p else (r,) if p == 1 else (mk(Pow(r, self.num(p))),)
            if not k:
                return roots
            return (b if k == 1 else mk(Pow(b, self.num(k))),) + roots
        if ("root" in self.funcs or (q % 2 and "cbrt" in self.funcs)) and (
                p == 1 or (q % 2 and (b.free or (type(b) is Num and b.value < 0)))):
            # an odd root's powers, as the input's root(x, 5): x**(4/5) is root(x, 5)**4,
            # which has a value at x < 0 (as cbrt's above); a positive number's stays 2**(4/5).
            # Real roots compose: cbrt(cbrt(x)) is root(x, 9), never x**(1/9)
            r = mk(Call("root", (b, self.num(q))))
            k, p = divmod(p, q)
            roots = () if not p else (r,) if p == 1 else (mk(Pow(r, self.num(p))),)
            if not k:
                return roots
            return (b if k == 1 else mk(Pow(b, self.num(k))),) + roots
        return (mk(Pow(b, self.num(e))),)

    def term_expr(self, c: Fraction, m) -> Expr:
        """One term; a negative ``c`` puts the minus on the first factor (``-x*y``)."""
        if not m:
            return self.num(c)
        if c == 1 and len(m) == 1:
            ((b, e),) = m
            if e == 1:  # a lone base (a chain's argument, read as one atom): itself
                return b
        mk = self.intern
        up, down = [], []
        for b, e in self._mono(m)[1]:
            if e == 1:
                up.append(b)
            elif e > 0:
                up += self.pow_factors(b, e)
            else:
                down += self.pow_factors(b, -e)
        p, q = c.numerator, c.denominator
        if p < 0:
            if p != -1 or not up:  # the minus on the number: -3*x, not -(3*x)
                up.insert(0, self.num(p))
            else:
                first = up[0]
                up[0] = self.num(-first.value) if type(first) is Num else mk(Neg(first))
        elif p != 1 or not up:
            up.insert(0, self.num(p))
        top = up[0] if len(up) == 1 else mk(Mul(up))
        if q != 1:
            down.insert(0, self.num(q))
        if not down:
            return top
        return mk(Div(top, down[0] if len(down) == 1 else mk(Mul(down))))

    def to_expr(self, P: dict) -> Expr:
        hit = self._expr.get(id(P))
        if hit is not None and hit[0] is P:
            return hit[1]
        if not P:
            r = ZERO
        elif len(P) == 1:
            ((m, c),) = P.items()
            r = self.term_expr(c, m)
        else:
            items = self.sort_terms(list(P.items()))
            # SymPy's one exception: a positive number before a negative number times one
            # factor (1 - x**2, 2 - 3*x, pi - x; but -x*y + 1)
            if len(items) == 2 and items[0][1] < 0 and len(items[0][0]) == 1:
                m, c = items[1]
                if c > 0 and (not m or (c == 1 and len(m) == 1 and _is_constant(m))):
                    items.reverse()
            m, c = items[0]
            out = [self.term_expr(c, m)]
            for m, c in items[1:]:
                if c > 0:
                    out.append(self.term_expr(c, m))
                elif not m:
                    out.append(self.num(c))
                else:
                    out.append(self.intern(Neg(self.term_expr(-c, m))))
            r = self.intern(Add(out))
        self._expr[id(P)] = (P, r)
        return r

    def finalize(self, P: dict) -> dict:
        """The decided form of a sum (see :class:`calcdiff.simplify.poly.Algebra`)."""
        return P

    def cancel(self, t: Term) -> None:
        """Cancel sums against sums in one product (see ``Algebra``)."""

    # ---- compound bases -----------------------------------------------------------------

    def abs_of(self, b: Expr):
        """The polynomial of ``u`` when ``b`` is ``abs(u)``, else None."""
        return self.arg_of.get(b) if type(b) is Call and b.func == "abs" else None

    def compound(self, P: dict) -> Expr:
        e = self.to_expr(P)
        self.poly_of.setdefault(e, P)
        return e

    def negated(self, b: Expr) -> Expr:
        hit = self._neg.get(id(b))
        if hit is None:
            nb = self.compound({m: -c for m, c in self.poly_of[b].items()})
            hit = self._neg[id(b)] = (b, nb)
        return hit[1]

    def exp_base(self, arg: dict) -> Expr:
        if len(arg) == 1 and arg.get(EMPTY) == 1:
            return self.intern(E)
        memo = self.memo("exp")
        hit = memo.get(id(arg))
        if hit is not None and hit[0] is arg:
            return hit[1]
        e = self.intern(Call("exp", (self.to_expr(arg),)))
        self.exp_arg.setdefault(e, arg)
        memo[id(arg)] = (arg, e)
        return e

    def content(self, P: dict):
        """``P = coef * Π common * prim``: rational content (negative when every term is) and
        the factors every term shares, at their lowest power (the same sum -- a Hessian's
        denominator -- is asked for again and again: worked out once)."""
        memo = self.memo("content")
        hit = memo.get(id(P))
        if hit is None or hit[0] is not P:
            hit = memo[id(P)] = (P, self._content(P))
        return hit[1]

    def _content(self, P: dict):
        items = list(P.items())
        g, den = 0, 1
        for _, c in items:
            g = gcd(g, c.numerator)
            d = c.denominator
            den = den * d // gcd(den, d)
        coef = g if den == 1 else Fraction(g, den)  # whole coefficients stay ints
        if all(c < 0 for _, c in items):
            coef = -coef
        common = dict(items[0][0])
        for m, _ in items[1:]:
            if not common:
                break
            md = dict(m)
            for b in list(common):
                e2 = md.get(b)
                if e2 is None:
                    del common[b]
                elif e2 < common[b]:
                    common[b] = e2
        if coef == 1 and not common:
            return coef, common, P
        prim: dict = {}
        whole = type(coef) is int
        for m, c in items:
            c = c // coef if whole and type(c) is int else Fraction(c) / coef
            if common:
                m = frozenset((b, e - common[b]) if b in common else (b, e)
                              for b, e in m if common.get(b) != e)
                if any(type(b) is Add for b, _ in m):
                    # new powers of sums: rebuilt, so that they cancel or distribute
                    t = Term(self, c)
                    t.mono(m)
                    for mm, v in t.finish().items():
                        prim[mm] = prim.get(mm, F0) + v
                    continue
            prim[m] = prim.get(m, F0) + c
        prim = {m: c for m, c in prim.items() if c}
        return coef, common, prim

    def primitive(self, b: Expr) -> bool:
        """Is the sum ``b`` free of a common factor (so it may stand at an integer power)?"""
        hit = self._prim.get(id(b))
        if hit is None:
            P = self.poly_of[b]
            hit = self._prim[id(b)] = (b, self.content(P)[2] is P)
        return hit[1]

