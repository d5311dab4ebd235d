"""Reading a tree into the simplifier's normal form, bottom-up and without recursion.

:class:`Simplifier` is the whole simplifier for one run: the normal form (:mod:`.form`), the
decisions (:mod:`.poly`), and the rewrites of :data:`.rewrites.REWRITES`, which it applies
where each belongs -- call rewrites as each function call is read, term rewrites as each
product is finished (:meth:`.form.Term.finish`), sum rewrites before a sum's form is decided.
"""

from __future__ import annotations

from fractions import Fraction

from calcdiff.errors import DomainError
from calcdiff.simplify.facts import Facts
from calcdiff.simplify.form import EMPTY, F1, Term
from calcdiff.simplify.poly import Algebra
from calcdiff.simplify.rewrites import REWRITES, stages
from calcdiff.tree.nodes import Add, Call, Const, Div, Expr, Mul, Neg, Num, Pow, Sym

_NO_FUNCS: frozenset = frozenset()
ROOTS = {"sqrt": Fraction(1, 2), "cbrt": Fraction(1, 3)}  # read as powers: x*sqrt(x) = x**(3/2)


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


class Simplifier(Algebra):
    """One simplification (or several sharing a memo, under ``shared_work``)."""

    def __init__(self, facts: Facts, rewrites: tuple = REWRITES) -> None:
        call, term, total = stages(facts, rewrites)
        super().__init__(facts, term, total)
        self.call_rewrites = call  # function name -> its call rewrites, in REWRITES order
        self.raw: dict = {}
        self.read_nodes: dict = {}  # id -> (the node raw holds, the functions under it)

    # ---- reading the tree ---------------------------------------------------------------

    def run(self, root: Expr) -> dict:
        """Normal form of ``root`` (collected, not yet decided), without recursion. A node an
        earlier run read (under ``shared_work``: the 6,000 entries of an 80-variable Hessian
        share one Σ exp(x_i)) is neither walked nor read again."""
        order = []
        state: set = set()
        funcs = set()
        read = self.read_nodes
        stack: list = [(root, None)]
        simple = self._simple
        monomial = self._monomial
        while stack:
            node, spec = stack.pop()
            if spec is not None:
                order.append((node, spec))
                continue
            key = id(node)
            if key in state:
                continue
            state.add(key)
            known = read.get(key)
            if known is not None and known[0] is node:
                funcs.update(known[1])
                continue
            t = type(node)
            if t is Add or t is Neg:
                items = _flat_sum(node)
                spec = ("sum", [(s, leaf, monomial(leaf)) for s, leaf in items])
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
            stack.append((node, (spec, kids)))
            for k in kids:
                if id(k) not in state:
                    stack.append((k, None))
        self.funcs = frozenset(funcs)
        self.facts.learn(self.funcs)  # the identities of these functions, compiled once
        raw = self.raw
        for node, (spec, kids) in order:
            key = id(node)
            raw[key] = self._compute(node, spec)
            # the functions under the node (for a later run that meets it again); the node
            # is kept alive with them, so that its id is never another node's
            under = _NO_FUNCS if type(node) is not Call else frozenset((node.func,))
            for k in kids:
                below = read[id(k)][1]
                if below and not below <= under:
                    under = under | below
            read[key] = (node, under)
        return raw[id(root)]

    def read(self, e: Expr) -> dict:
        """The normal form of a tree met during a run (a table's exact value), read without
        disturbing the run in progress."""
        funcs = self.funcs
        try:
            return self.run(e)
        finally:
            self.funcs = funcs

    def canonical(self, e: Expr) -> Expr:
        """``e`` simplified (how a constant argument is matched with the table's values)."""
        return self.to_expr(self.finalize(self.read(e)))

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

    def _monomial(self, node: Expr):
        """A term of a sum read in place, as (coef, monomial): what :meth:`_simple` reads, and
        a number times distinct variables at whole powers (``23*x**4*y``: a polynomial's every
        term, which a product would finish the same way); else None."""
        t = type(node)
        if t is not Mul:
            sl = self._simple(node)
            if sl is None:
                return None
            c, b, e = sl
            return c, (frozenset(((b, e),)) if e else EMPTY)
        args = node.args
        if type(args[0]) is not Num:
            return None
        factors = []
        powers = []
        for f in args[1:]:
            if type(f) is Sym:
                factors.append((f, 1))
            elif (type(f) is Pow and type(f.base) is Sym and type(f.exp) is Num
                  and f.exp.value._denominator == 1 and f.exp.value._numerator != 0):
                factors.append((f.base, f.exp.value._numerator))
                powers.append(f)
            else:
                return None
        if len({b for b, _ in factors}) != len(factors):
            return None  # a base twice (x*x): the product merges it
        m = frozenset((self.intern(b), e) for b, e in factors)
        known = self._pows
        for f in powers:  # x**498 as the answer prints it: this node, not a new one
            k = f.exp.value._numerator
            if k > 1 and (f.base, k) not in known:
                known[(f.base, k)] = (self.intern(f),)
        v = args[0].value
        return (v._numerator if v._denominator == 1 else v), m

    def _compute(self, node: Expr, spec) -> dict:
        raw = self.raw
        kind = spec[0]
        if kind == "sum":
            acc: dict = {}
            get = acc.get
            for s, leaf, sl in spec[1]:
                if sl is not None:
                    c, m = sl
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

    def log_call(self, U: dict, call: Expr | None = None) -> Expr:
        """``log(u)`` as a base, with ``u`` remembered (for ``exp(c*log(u))`` = ``u**c``)."""
        if call is None:
            call = self.intern(Call("log", (self.to_expr(U),)))
        self.arg_of.setdefault(call, U)
        if call not in self.log_arg:
            self.log_arg[call] = U
            self.log_arg_one.add((call, F1))
        return call

    def call_base(self, f: str, U: dict) -> Expr:
        """``f(u)`` as a base, for ``u`` in final form; no rewrite is applied to it."""
        if f == "log":
            return self.log_call(U)
        call = self.intern(Call(f, (self.to_expr(U),)))
        self.arg_of.setdefault(call, U)
        return call

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
        # the same power of the same sum, met again (the quotient rule's g**2 in each entry
        # of a Hessian, a new node each time over the one g): worked out once
        memo = self.memo("power")
        hit = memo.get((id(P), r))
        if hit is not None and hit[0] is P:
            return hit[1]
        t = Term(self)
        t.poly(P, r)
        out = t.finish()
        memo[(id(P), r)] = (P, out)
        return out

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
        if len(FB) == 1 and EMPTY in FB and FB[EMPTY] == 1:
            return {EMPTY: F1}  # 1**u = 1 for every real u (a base |x| at x = ±1)
        if len(FB) == 1:
            ((m, c),) = FB.items()
            if c == 1 and len(m) == 1:
                ((b, e),) = m
                if e == 1 and (b in self.exp_arg or (type(b) is Const and b.name == "E")):
                    arg = self.exp_arg.get(b) or {EMPTY: 1}  # exp(u)**y = exp(u*y)
                    self._work = 0
                    prod = self.poly_mul(arg, PE, 10**6)
                    if prod is not None:
                        return self.exp_of(prod)
        b, x = self.expr_of(FB, node.base), self.expr_of(PE, node.exp)
        if b is node.base and x is node.exp:
            atom = self.intern(node)
            if type(b) is not Num:
                self.pow_of.setdefault(atom, (b, PE))
        else:
            atom = self.power_atom(b, PE, x)
        return {frozenset(((atom, F1),)): F1}

    def _call(self, node: Call) -> dict:
        raw = self.raw
        f = node.func
        args = node.args
        if len(args) == 1:
            P = raw[id(args[0])]
            if f in ROOTS:
                return self.power(P, ROOTS[f])
            if f == "exp":
                return self.exp_of(P)
            for rewrite in self.call_rewrites.get(f, ()):
                done = rewrite(self, f, P)
                if done is not None:
                    return done
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
        if len(args) == 1:
            U = self.finalize(raw[id(args[0])])
            if f == "log":
                self.log_call(U, call)
            else:
                self.arg_of.setdefault(call, U)
        return {frozenset(((call, F1),)): F1}
