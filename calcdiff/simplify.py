"""Textbook form of a derivative: :func:`simplify` (final answers) and
:func:`simplify_basic` (step results, ``--simplify basic``).

How it works. The tree is read bottom-up, once, into the normal form of
:mod:`calcdiff.simplify_form` (a polynomial over *bases*: variables, function calls,
compound sums), which folds numbers, merges powers (``x*x`` -> ``x**2``, ``x**3/x`` ->
``x**2``, ``exp(a)*exp(b)`` -> ``exp(a + b)``), and collects like terms under a canonical
factor order (``x*y`` and ``y*x`` are one term). Wherever a sum has to become one
expression -- a function's argument, a factor of a product, the final answer --
:mod:`calcdiff.simplify_poly` picks its form among

* **collected** -- the sum as it is, products of sums kept (``3*(x + 1)**2 + 1``);
* **expanded** -- every product of sums multiplied out (``2*x*(x - 1) - x**2 - 1`` ->
  ``x**2 - 2*x - 1``), within a term budget (64 + 4 per term);
* **combined** -- over one common denominator, numerator expanded, common factors
  cancelled (also a sum against a sum, by exact division), the denominator kept factored
  (``(x**2 - 2*x - 1)/(x - 1)**2``);
* **factored** -- the factors common to every term taken out, for sums that are not
  polynomials (``exp(x)*(x + 1)``, ``x**2*(3*log(x) + 1)``);

keeping the one with the fewest operations (counted as SymPy's ``count_ops`` does), ties
going to combined, then expanded, then factored, then collected -- except that a sum with
functions in it keeps its collected form over an expansion of the same length, so that
``x**2 + sigmoid(y)*(1 - sigmoid(y))`` keeps the table's form. Consequences:

* a polynomial result comes out expanded whenever that is not longer (every polynomial
  drill derivative is a flat sum of monomials), and a polynomial is never factored;
* a lone product is expanded only when that is strictly shorter (``(x - 1)*(x + 1)`` ->
  ``x**2 - 1``), so chain-rule results keep their factors: ``20*x*(x**2 + 1)**9``,
  ``6*x*(x**2 + 1)**2``; only a plain number times one sum distributes (``2*x + 2``);
* ``x - 1/x`` stays as it is, ``1/x + 1/x**2`` becomes ``(x + 1)/x**2``.

Other rules: negative powers print as division, ``x**(1/2)`` as ``sqrt(x)`` (``cbrt`` and
``root`` only when the input used them); ``sqrt(8)`` is ``2*sqrt(2)``; ``log(exp(u))`` is
``u`` and ``exp(c*log(u))`` is ``u**c``; odd and even functions take the sign out of their
argument (``sin(-x)`` -> ``-sin(x)``); ``a*sin(u)**2 + a*cos(u)**2`` -> ``a`` (and the
cosh/sinh, sec/tan, csc/cot forms), applied only between functions already present. No rule
introduces a function the input does not contain; the table's forms (``sec(x)**2``,
``1 - tanh(x)**2``, ``sigmoid(x)*(1 - sigmoid(x))``) are kept.

Term order is SymPy's default (``lex``), so a polynomial prints exactly as
``sympy.expand`` prints it: variables alphabetically, higher powers of earlier variables
first (``3*x**2 + 2*x*y``, ``-4*f**3*l + 696*l**2``, ``x + y**2``), numbers and constants
counting as coefficients (``pi*x``), and SymPy's one exception, a positive number before a
number times one factor (``1 - x**2``, ``2 - 3*x``, but ``-x*y + 1``). In a product:
the number, then constants, variables, powers with a symbolic exponent, function calls
(``exp``, ``log``, ``sin``, ``cos``, ``sec``, ``tan``, ...), and sums last
(``2*x*cos(x**2)``, ``sigmoid(x)*(1 - sigmoid(x))``).

Cost is linear in the size of the tree for sums and chains: each distinct node is visited
once (memoised by identity, so shared subtrees cost nothing), numbers and variables are read
in place, nested sums and products are flattened into one dict, and unchanged subtrees come
back as the same objects, so equality tests stay cheap. Nothing recurses on the Python stack
over the depth of the tree; the work still runs through :func:`calcdiff.deep.call_deep`
because comparing nested sort keys recurses in C. SymPy is never imported.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from fractions import Fraction

from calcdiff.deep import call_deep
from calcdiff.errors import DomainError
from calcdiff.simplify_form import EMPTY, F1, Term
from calcdiff.simplify_poly import Algebra
from calcdiff.tree.nodes import Add, Call, Const, Div, Expr, Mul, Neg, Num, Pow, Sym

__all__ = ["simplify", "simplify_basic"]


_ODD = frozenset(["sin", "tan", "cot", "csc", "sinh", "tanh", "coth", "csch", "asin", "atan",
                  "asinh", "atanh"])
_EVEN = frozenset(["cos", "sec", "cosh", "sech", "abs"])
_AT_ZERO = {"sin": 0, "tan": 0, "sinh": 0, "tanh": 0, "asin": 0, "atan": 0, "asinh": 0,
            "atanh": 0, "cos": 1, "cosh": 1, "sec": 1, "sech": 1, "relu": 0, "abs": 0,
            "sigmoid": Fraction(1, 2)}
_ROOTS = {"sqrt": Fraction(1, 2), "cbrt": Fraction(1, 3)}
# f(g(u)) for g an inverse function: (u as a factor?, +1 for u**2 + 1 / -1 for 1 - u**2 / 0
# for neither, the power of that sum in halves): tan(atan(u)) = u, sec(atan(u)) =
# sqrt(u**2 + 1), sin(atan(u)) = u/sqrt(u**2 + 1), cos(asin(u)) = sqrt(1 - u**2), ...
_OF_INVERSE = {
    ("sin", "asin"): (True, 0, 0), ("cos", "acos"): (True, 0, 0), ("tan", "atan"): (True, 0, 0),
    ("sinh", "asinh"): (True, 0, 0), ("tanh", "atanh"): (True, 0, 0),
    ("cosh", "acosh"): (True, 0, 0),
    ("sec", "atan"): (False, 1, 1), ("cos", "atan"): (False, 1, -1),
    ("sin", "atan"): (True, 1, -1),
    ("cos", "asin"): (False, -1, 1), ("sin", "acos"): (False, -1, 1),
    ("sec", "asin"): (False, -1, -1), ("csc", "acos"): (False, -1, -1),
    ("tan", "asin"): (True, -1, -1),
    ("cosh", "asinh"): (False, 1, 1), ("sech", "asinh"): (False, 1, -1),
    ("tanh", "asinh"): (True, 1, -1),
}
_OF_INVERSE_OUTER = frozenset(f for f, _ in _OF_INVERSE)


def simplify(e: Expr) -> Expr:
    """The textbook form of ``e``: expanded polynomials, one denominator, chain factors kept.

    >>> from calcdiff.read.parser import parse
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

    >>> from calcdiff.read.parser import parse
    >>> str(simplify_basic(parse("3*(2*x**1) + 2*x*(x - 1)*1").expr))
    '2*x*(x - 1) + 6*x'
    """
    return call_deep(_simplify, e, False)


_session = threading.local()


@contextmanager
def shared_work():
    """Within this block, final-answer simplifications share one memo (interned bases, sort
    keys, decided forms): the 210 entries of a 20-variable Hessian repeat the same
    sub-expressions, and are simplified once. The trees passed in are kept alive until the
    block ends (the memo is keyed by node identity)."""
    if getattr(_session, "simplifier", None) is not None:
        yield
        return
    _session.simplifier, _session.keep = _Simplifier(True), []
    try:
        yield
    finally:
        _session.simplifier = _session.keep = None


def _simplify(e: Expr, full: bool) -> Expr:
    # Runs inside call_deep, which also pauses the cyclic garbage collector: the work
    # allocates many small dicts and tuples and no cycles.
    s = getattr(_session, "simplifier", None) if full else None
    if s is None:
        s = _Simplifier(full)
    else:
        _session.keep.append(e)
    out = s.to_expr(s.finalize(s.run(e)))
    if "abs" in s.funcs:
        # |u|**2 = u**2 can only be seen once |u| meets |u| in one product, and some
        # products are formed late (common factors, cancellation): read the answer
        # again until it is stable, so that simplify(simplify(e)) == simplify(e)
        for _ in range(3):
            s2 = _Simplifier(full)
            again = s2.to_expr(s2.finalize(s2.run(out)))
            if again == out:
                break
            out = again
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


class _Simplifier(Algebra):
    def __init__(self, full: bool) -> None:
        super().__init__(full)
        self.raw: dict = {}

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

    def _lone_call(self, P: dict):
        """``(c, g)`` when ``P`` is ``c*g(v)``, ``c`` = ±1, ``g`` a call whose argument's
        polynomial is known; else None."""
        if len(P) != 1:
            return None
        FP = self.finalize(P)
        if len(FP) != 1:
            return None
        ((m, c),) = FP.items()
        if (c != 1 and c != -1) or len(m) != 1:
            return None
        ((b, e),) = m
        if e != 1 or type(b) is not Call or b not in self.arg_of:
            return None
        return c, b

    def _plus_one(self, Q: dict, sign: int = 1) -> dict:
        """``sign*Q + 1``, its form decided."""
        acc = {m: (c if sign > 0 else -c) for m, c in Q.items()}
        acc[EMPTY] = acc.get(EMPTY, 0) + 1
        return self.finalize({m: c for m, c in acc.items() if c})

    def _of_inverse(self, f: str, P: dict):
        """``tan(atan(u)) = u``, ``sec(atan(u)) = sqrt(u**2 + 1)``, ``cos(asin(u)) =
        sqrt(1 - u**2)``: a function of an inverse function, by the right triangle; also
        of its negative (``cos(-asin(u))``, which is how ``cos(asin(-u))`` arrives)."""
        lone = self._lone_call(P)
        if lone is None or (f, lone[1].func) not in _OF_INVERSE:
            return None
        c, b = lone
        sign = 1
        if c == -1:  # f(-g(u)): odd f changes sign, even f does not
            if f in _ODD:
                sign = -1
            elif f not in _EVEN:
                return None
        U = self.arg_of[b]
        top, kind, bottom = _OF_INVERSE[(f, b.func)]
        t = Term(self, Fraction(sign))
        if top:
            t.poly(U, F1)
        if kind:  # sqrt(u**2 + 1) or sqrt(1 - u**2), above or below the line
            t.poly(self._plus_one(self.power(U, Fraction(2)), kind), Fraction(bottom, 2))
        return t.finish()

    def _of_log(self, f: str, P: dict):
        """``sigmoid(log(u)) = u/(u + 1)`` and ``softplus(log(u)) = log(u + 1)`` (u > 0,
        where log(u) is defined), as ``exp(log(u)) = u``."""
        lone = self._lone_call(P)
        if lone is None or lone[0] != 1 or lone[1].func != "log":
            return None
        U = self.arg_of[lone[1]]
        U1 = self._plus_one(U)
        if f == "softplus":
            return {frozenset(((self._log_call(U1), F1),)): F1}
        t = Term(self)
        t.poly(U, F1)
        t.poly(U1, -F1)
        return t.finish()

    def _log_call(self, U: dict, call: Expr | None = None) -> Expr:
        """``log(u)`` as a base, with ``u`` remembered (for ``exp(c*log(u))`` = ``u**c``)."""
        if call is None:
            call = self.intern(Call("log", (self.to_expr(U),)))
        self.arg_of.setdefault(call, U)
        if call not in self.log_arg:
            self.log_arg[call] = U
            self.log_arg_one.add((call, F1))
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
                    self._work = 0
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
            if f in _OF_INVERSE_OUTER:
                done = self._of_inverse(f, P)
                if done is not None:
                    return done
            elif f == "sigmoid" or f == "softplus":
                done = self._of_log(f, P)
                if done is not None:
                    return done
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
                if f == "abs":
                    if not m:
                        return {EMPTY: abs(c)}
                    if len(m) == 1 and next(iter(m))[1] == 1:
                        b = next(iter(m))[0]
                        if type(b) is Call and b.func == "abs":  # abs(c*abs(u)) = |c|*abs(u)
                            return {m: abs(c)}
                    if c != 1 and c != -1:  # abs(3*u) = 3*abs(u)
                        call = self.intern(Call("abs", (self.to_expr({m: 1}),)))
                        self.arg_of.setdefault(call, {m: F1})
                        return {frozenset(((call, F1),)): abs(c)}
            if (f in _ODD or f in _EVEN) and FP and all(c < 0 for c in FP.values()):
                negP = self.finalize({m: -c for m, c in FP.items()})
                call = self.intern(Call(f, (self.to_expr(negP),)))
                self.arg_of.setdefault(call, negP)
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
        if len(args) == 1:
            U = self.finalize(raw[id(args[0])])
            if f == "log":
                self._log_call(U, call)
            else:
                self.arg_of.setdefault(call, U)
        return {frozenset(((call, F1),)): F1}
