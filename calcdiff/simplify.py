"""Textbook form of a derivative: :func:`simplify` (final answers) and
:func:`simplify_basic` (step results, ``--simplify basic``).

How it works. The tree is read bottom-up, once, into the normal form of
:mod:`calcdiff.simplify_form` (a polynomial over *bases*: variables, function calls,
compound sums), which folds numbers, merges powers (``x*x`` -> ``x**2``, ``x**3/x`` ->
``x**2``, ``exp(a)*exp(b)`` -> ``exp(a + b)``), and collects like terms under a canonical
factor order (``x*y`` and ``y*x`` are one term). Wherever a sum has to become a single
expression -- a function argument, a factor of a product, the final answer -- one decision
picks its form among

* **collected** -- the sum as it is, products of sums kept (``20*x*(x**2 + 1)**9 + 1``);
* **expanded** -- every product of sums multiplied out (``2*x*(x - 1) - x**2 - 1`` ->
  ``x**2 - 2*x - 1``), within a term budget;
* **combined** -- over one common denominator, numerator expanded, common factors
  cancelled, the denominator kept factored (``(x**2 - 2*x - 1)/(x - 1)**2``);
* **factored** -- a common non-polynomial factor taken out (``exp(x)*(x + 1)``);

keeping the one with the fewest operations (as SymPy's ``count_ops`` counts them), ties going
to combined, then expanded, then factored, then collected. So polynomial results come out
expanded (their expanded form is never longer), while chain-rule results such as
``20*x*(x**2 + 1)**9`` keep their factors: a lone product is never expanded, and in a sum
the expansion of a high power loses on length.

Term order: SymPy's default (``lex``): variables alphabetically, higher powers of earlier
variables first (``3*x**2 + 2*x*y``, ``-4*f**3*l + 696*l**2``, ``x + y**2``); functions after
variables, sums last; and SymPy's one exception, a positive number before a single negative
term (``1 - x**2``, ``1 - tanh(x)**2``).

Cost is linear in the size of the tree for sums and chains: each node is visited once
(memoised by identity, so shared subtrees cost nothing), sums are merged into one dict, and
unchanged subtrees are returned as the same objects, so equality tests stay cheap.
Deep trees are handled without recursion; the work still runs through
:func:`calcdiff.deep.call_deep` because comparing nested keys recurses in C.
"""

from __future__ import annotations

from fractions import Fraction

from .deep import call_deep
from .errors import DomainError
from .nodes import Add, Call, Const, Div, Expr, Mul, Neg, Num, Pow, Sym
from .simplify_form import EMPTY, F0, F1, Form, Term

__all__ = ["simplify", "simplify_basic"]

EXPAND_MIN_BUDGET = 64  # terms an expansion may reach, at least; also 4 per input term

_ODD = frozenset("sin tan cot csc sinh tanh coth csch asin atan asinh atanh".split())
_EVEN = frozenset("cos sec cosh sech abs".split())
_AT_ZERO = {"sin": 0, "tan": 0, "sinh": 0, "tanh": 0, "asin": 0, "atan": 0, "asinh": 0,
            "atanh": 0, "cos": 1, "cosh": 1, "sec": 1, "sech": 1, "relu": 0, "abs": 0}
# f(u)**2 + s*g(u)**2 == 1
_PYTHAGORAS = {"sin": ("cos", 1), "cosh": ("sinh", -1), "sec": ("tan", -1), "csc": ("cot", -1)}
_ROOTS = {"sqrt": Fraction(1, 2), "cbrt": Fraction(1, 3)}


def simplify(e: Expr) -> Expr:
    """The textbook form of ``e``: expanded polynomials, one denominator, chain factors kept.

    >>> from calcdiff.parser import parse
    >>> str(simplify(parse("3*(2*x**1) - 4*1").expr))
    '6*x - 4'
    >>> str(simplify(parse("(2*x*(x - 1) - (x**2 + 1)*1)/(x - 1)**2").expr))
    '(x**2 - 2*x - 1)/(x - 1)**2'
    >>> str(simplify(parse("10*(x**2 + 1)**9*(2*x)").expr))
    '20*x*(x**2 + 1)**9'
    """
    return call_deep(_simplify, e, True)


def simplify_basic(e: Expr) -> Expr:
    """Cheap clean-up for step results: numbers folded, like terms and equal bases merged,
    canonical order; products of sums are never expanded and sums never combined.

    >>> from calcdiff.parser import parse
    >>> str(simplify_basic(parse("(2*x*(x - 1) - (x**2 + 1)*1)/(x - 1)**2").expr))
    '(2*x*(x - 1) - x**2 - 1)/(x - 1)**2'
    """
    return call_deep(_simplify, e, False)


def _simplify(e: Expr, full: bool) -> Expr:
    s = _Simplifier(full)
    out = s.to_expr(s.finalize(s.run(e)))
    return e if out == e else out


def _flat_sum(node: Expr) -> list:
    """The terms of nested sums and negations, with their signs."""
    out, stack = [], [(node, 1)]
    while stack:
        n, s = stack.pop()
        t = type(n)
        if t is Add:
            stack.extend((a, s) for a in reversed(n.args))
        elif t is Neg:
            stack.append((n.arg, -s))
        else:
            out.append((s, n))
    return out


def _flat_product(node: Expr):
    """The factors of nested products, quotients and negations: (sign, [(factor, ±1)])."""
    out, sign, stack = [], 1, [(node, 1)]
    while stack:
        n, p = stack.pop()
        t = type(n)
        if t is Mul:
            stack.extend((a, p) for a in reversed(n.args))
        elif t is Div:
            stack.append((n.den, -p))
            stack.append((n.num, p))
        elif t is Neg:
            sign = -sign
            stack.append((n.arg, p))
        else:
            out.append((n, p))
    return sign, out


class _Simplifier(Form):
    def __init__(self, full: bool) -> None:
        super().__init__(full)
        self.raw: dict = {}
        self._fin: dict = {}

    # ---- reading the tree ---------------------------------------------------------------

    def run(self, root: Expr) -> dict:
        """Normal form of ``root`` (collected, not yet decided), without recursion."""
        order = []
        state: set = set()
        funcs = set()
        stack: list = [(root, None)]
        simple = self._simple
        while stack:
            node, spec = stack.pop()
            if spec is not None:
                order.append((node, spec))
                continue
            if id(node) in state:
                continue
            state.add(id(node))
            t = type(node)
            if t is Add or t is Neg:
                items = _flat_sum(node)
                spec = ("sum", [(s, leaf, simple(leaf)) for s, leaf in items])
                kids = [leaf for _, leaf, sl in spec[1] if sl is None]
            elif t is Mul or t is Div:
                sign, items = _flat_product(node)
                spec = ("product", sign, [(leaf, p, simple(leaf)) for leaf, p in items])
                kids = [leaf for leaf, _, sl in spec[2] if sl is None]
            else:
                spec = ("node",)
                kids = node.children()
                if t is Call:
                    funcs.add(node.func)
            stack.append((node, spec))
            stack.extend((k, None) for k in kids if id(k) not in state)
        self.funcs = frozenset(funcs)
        raw = self.raw
        for node, spec in order:
            raw[id(node)] = self._compute(node, spec)
        return raw[id(root)]

    def _simple(self, node: Expr):
        """A number, a variable or a variable to a number, read in place: (coef, base, exp)."""
        t = type(node)
        if t is Num:
            v = node.value
            return (v.numerator if v.denominator == 1 else v), None, 0
        if t is Sym or t is Const:
            return 1, self.intern(node), 1
        if t is Pow and type(node.exp) is Num and type(node.base) is Sym:
            v = node.exp.value
            return 1, self.intern(node.base), (v.numerator if v.denominator == 1 else v)
        return None

    def _compute(self, node: Expr, spec) -> dict:
        raw = self.raw
        kind = spec[0]
        if kind == "sum":
            acc: dict = {}
            get = acc.get
            for s, leaf, sl in spec[1]:
                if sl is not None:
                    c, b, e = sl
                    m = frozenset(((b, e),)) if e else EMPTY
                    acc[m] = get(m, 0) + c if s > 0 else get(m, 0) - c
                    continue
                for m, c in raw[id(leaf)].items():
                    acc[m] = get(m, 0) + c if s > 0 else get(m, 0) - c
            return {m: c for m, c in acc.items() if c}
        if kind == "product":
            t = Term(self, spec[1])
            for leaf, p, sl in spec[2]:
                if sl is not None:
                    c, b, e = sl
                    if p > 0:
                        t.c *= c
                        if e:
                            t.factor(b, e)
                    else:
                        if c == 0:
                            raise DomainError("division by zero")
                        t.c = Fraction(t.c) / c
                        if e:
                            t.factor(b, -e)
                    continue
                P = raw[id(leaf)]
                if len(P) == 1 and p > 0:
                    ((m, c),) = P.items()
                    t.c *= c
                    for b, e in m:
                        t.factor(b, e)
                    continue
                if len(P) > 1:
                    P = self.finalize(P)
                t.poly(P, p)
            return t.finish()
        t = type(node)
        if t is Num or t is Sym or t is Const or (t is Pow and self._simple(node)):
            c, b, e = self._simple(node)
            if not c:
                return {}
            return {frozenset(((b, e),)) if e else EMPTY: c}
        if t is Pow:
            return self._pow(node)
        if t is Call:
            return self._call(node)
        raise TypeError(f"cannot simplify {t.__name__}")  # pragma: no cover

    def expr_of(self, P: dict, original: Expr) -> Expr:
        """The final expression of ``P``, or ``original`` itself when they are equal."""
        e = self.to_expr(self.finalize(P))
        if e is not original and e == original:
            return original
        return e

    def power(self, P: dict, r: Fraction) -> dict:
        if r == 1:
            return P
        if len(P) > 1:
            P = self.finalize(P)
        t = Term(self)
        t.poly(P, r)
        return t.finish()

    def exp_of(self, P: dict) -> dict:
        t = Term(self)
        t.exps.append((self.finalize(P), F1))
        return t.finish()

    def _pow(self, node: Pow) -> dict:
        raw = self.raw
        PB, PE = raw[id(node.base)], self.finalize(raw[id(node.exp)])
        if not PE:
            return {EMPTY: F1}
        if len(PE) == 1 and EMPTY in PE:
            return self.power(PB, PE[EMPTY])
        FB = self.finalize(PB)
        if len(FB) == 1:
            ((m, c),) = FB.items()
            if c == 1 and len(m) == 1:
                ((b, e),) = m
                if e == 1 and (b in self.exp_arg or (type(b) is Const and b.name == "E")):
                    arg = self.exp_arg.get(b) or {EMPTY: 1}  # exp(u)**y = exp(u*y)
                    prod = self.poly_mul(arg, PE, 10**6)
                    if prod is not None:
                        return self.exp_of(prod)
        b, x = self.expr_of(FB, node.base), self.expr_of(PE, node.exp)
        atom = node if (b is node.base and x is node.exp) else Pow(b, x)
        return {frozenset(((self.intern(atom), F1),)): F1}

    def _call(self, node: Call) -> dict:
        raw = self.raw
        f = node.func
        args = node.args
        if len(args) == 1:
            P = raw[id(args[0])]
            if f in _ROOTS:
                return self.power(P, _ROOTS[f])
            if f == "exp":
                return self.exp_of(P)
            FP = self.finalize(P)
            if not FP:
                if f in _AT_ZERO:
                    v = _AT_ZERO[f]
                    return {EMPTY: Fraction(v)} if v else {}
            elif len(FP) == 1:
                ((m, c),) = FP.items()
                if f == "log" and c == 1 and len(m) == 1:
                    ((b, e),) = m
                    if e == 1 and type(b) is Call and b.func == "exp":
                        return self.exp_arg[b]  # log(exp(u)) = u
                    if e == 1 and type(b) is Const and b.name == "E":
                        return {EMPTY: F1}
                if f == "log" and not m and c == 1:
                    return {}
                if f == "abs" and not m:
                    return {EMPTY: abs(c)}
            if (f in _ODD or f in _EVEN) and FP and all(c < 0 for c in FP.values()):
                arg = self.to_expr(self.finalize({m: -c for m, c in FP.items()}))
                call = self.intern(Call(f, (arg,)))
                return {frozenset(((call, F1),)): -F1 if f in _ODD else F1}
        elif f == "root" and len(args) == 2:
            n = self.finalize(raw[id(args[1])])
            if len(n) == 1 and EMPTY in n:
                v = n[EMPTY]
                if v.denominator == 1 and v > 0:
                    return self.power(raw[id(args[0])], Fraction(1) / v)
        new = []
        same = True
        for a in args:
            e = self.expr_of(raw[id(a)], a)
            same = same and e is a
            new.append(e)
        call = self.intern(node if same else Call(f, new))
        if f == "log" and len(args) == 1 and call not in self.log_arg:
            self.log_arg[call] = self.finalize(raw[id(args[0])])
            self.log_arg_one.add((call, F1))
        return {frozenset(((call, F1),)): F1}

    # ---- deciding the form of a sum -----------------------------------------------------

    def finalize(self, P: dict) -> dict:
        if not self.full or not P:
            return P
        if len(P) == 1:
            for m in P:
                if not any(type(b) is Add and e > 0 and e.denominator == 1 for b, e in m):
                    return P
        hit = self._fin.get(id(P))
        if hit is not None and hit[0] is P:
            return hit[1]
        R = self._decide(P) if len(P) > 1 else self._decide_product(P)
        self._fin[id(P)] = (P, R)
        if R is not P:
            self._fin[id(R)] = (R, R)
        return R

    def _scan(self, P: dict):
        sump = den = nonpoly = trig = False
        for m in P:
            for b, e in m:
                t = type(b)
                if t is Sym or t is Num or t is Const:
                    if e.denominator != 1:
                        nonpoly = True
                    if e < 0 and t is Sym:
                        den = True
                    continue
                nonpoly = True
                if e < 0:
                    den = True
                elif t is Add and e.denominator == 1:
                    sump = True
                elif t is Call and e >= 2 and b.func in _PYTHAGORAS:
                    trig = True
        return sump, den, nonpoly, trig

    def _decide(self, P: dict) -> dict:
        sump, den, nonpoly, trig = self._scan(P)
        if trig:
            P = self.pythagoras(P)
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
                cands.append((B, 1))
                base = B
                den = self._scan(B)[1]
        if den:
            C = self.combine(base, limit)
            if C is not None:
                cands.append((C, 0))
        D = self.factored(base) if nonpoly else None
        if D is not None:
            cands.append((D, 2))
        if len(cands) == 1:
            return P
        return min(cands, key=lambda pc: (self.ops(self.to_expr(pc[0])), pc[1]))[0]

    def _decide_product(self, P: dict) -> dict:
        """A lone product of sums is expanded only when that is strictly shorter:
        (x - 1)*(x + 1) -> x**2 - 1, but 20*x*(x**2 + 1)**9 and x*(a + b) stay."""
        E = self.expand(P, EXPAND_MIN_BUDGET)
        if E is None:
            return P
        if self._scan(E)[1]:
            E = self.combine(E, EXPAND_MIN_BUDGET)
            if E is None:
                return P
        if self.ops(self.to_expr(E)) < self.ops(self.to_expr(P)):
            return E
        return P

    def expand(self, P: dict, limit: int):
        """Multiply out every positive integer power of a sum, or None past ``limit`` terms."""
        out: dict = {}
        work = list(P.items())
        steps = 0
        while work:
            m, c = work.pop()
            sums = [(b, e) for b, e in m if type(b) is Add and e > 0 and e.denominator == 1]
            if not sums:
                out[m] = out.get(m, F0) + c
                continue
            steps += 1
            if steps > limit or any(e > limit for _, e in sums):
                return None
            acc = {frozenset(be for be in m if be not in sums): c}
            for b, e in sums:
                Q = self.poly_of[b]
                for _ in range(int(e)):
                    acc = self.poly_mul(acc, Q, limit)
                    if acc is None:
                        return None
            work.extend(acc.items())
            if len(out) + len(work) > 2 * limit:
                return None
        return {m: c for m, c in out.items() if c}

    def combine(self, P: dict, limit: int):
        """``P`` over one common denominator: the numerator expanded, then cancelled."""
        den: dict = {}
        for m in P:
            for b, e in m:
                if e < 0 and type(b) is not Num and type(b) is not Const and den.get(b, 0) < -e:
                    den[b] = -e
        if not den:
            return None
        if sum(type(b) is Add for b in den) > 1:
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
        coef, common, prim = self.content(P)
        if not common or len(prim) < 2:
            return None
        t = Term(self, coef)
        t.mono(common.items())
        t.poly(self.finalize(prim), F1)
        return t.finish()

    def pythagoras(self, P: dict) -> dict:
        """``a*sin(u)**2 + a*cos(u)**2 -> a`` (and cosh/sinh, sec/tan, csc/cot), only when
        both functions are already there."""
        P = dict(P)
        changed = True
        while changed:
            changed = False
            for m in list(P):
                if m not in P:
                    continue
                c = P[m]
                for b, e in m:
                    if type(b) is not Call or b.func not in _PYTHAGORAS or e < 2:
                        continue
                    g, s = _PYTHAGORAS[b.func]
                    gb = self.interned.get(Call(g, b.args))
                    if gb is None:
                        continue
                    d = dict(m)
                    if e == 2:
                        del d[b]
                    else:
                        d[b] = e - 2
                    rest = frozenset(d.items())
                    d[gb] = d.get(gb, F0) + 2
                    partner = frozenset(d.items())
                    if P.get(partner) != s * c:
                        continue
                    del P[m], P[partner]
                    t = Term(self, c)
                    t.mono(rest)
                    for mm, v in t.finish().items():
                        nv = P.get(mm, F0) + v
                        if nv:
                            P[mm] = nv
                        else:
                            P.pop(mm, None)
                    changed = True
                    break
        return P
