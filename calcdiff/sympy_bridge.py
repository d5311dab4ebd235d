"""The bridge to SymPy: our oracle (tests, ``--check``) and our heavy fallback
(``--simplify full``). The only module that imports sympy, and only when called.

User text never reaches SymPy's parser: trees are converted node by node.
"""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache

from calcdiff.algebra.build import add, div, mul, power
from calcdiff.algebra.evaluate import evaluate, float_functions
from calcdiff.errors import CalcdiffError, DomainError
from calcdiff.limits import current as current_limits
from calcdiff.limits import enforced as limits_enforced
from calcdiff.read.rule_exprs import builtin_table
from calcdiff.simplify import simplify
from calcdiff import undefined as unknown
from calcdiff.table import declared_sympy_names
from calcdiff.workers import run_bounded
from calcdiff.tree.nodes import ONE, Add, Call, Const, Div, Expr, Mul, Neg, Num, Pow, Sym, walk


@lru_cache(maxsize=None)
def _sympy():
    import sympy

    return sympy


def _rule(name: str, table):
    return (table or builtin_table()).functions.get(name)


def _sympy_named(rule):
    """SymPy's function for an entry, looked up only by a name the rule table declares as a
    SymPy function (:func:`calcdiff.table.declared_sympy_names`); None otherwise."""
    if rule.sympy not in declared_sympy_names():
        return None
    f = getattr(_sympy().functions, rule.sympy, None)
    return f if callable(f) else None


def verifiable(rule) -> bool:
    """Whether SymPy can check ``rule``'s derivative independently: it has a SymPy function
    of its own, or a definition to differentiate (a user rule with neither would be checked
    against itself, through :func:`_opaque`)."""
    return rule.builtin or rule.definition is not None or _sympy_named(rule) is not None


_OPAQUE: dict = {}


def _opaque(rule):
    """A SymPy function named like ours, for a function SymPy lacks (sigmoid, a user's gelu):
    it differentiates by the rule's derivative and evaluates through its definition (else
    through calcdiff's floats). One class per entry, so that equal trees stay equal."""
    key = (rule.function, rule.derivative_text, rule.definition_text, rule.numeric_text)
    cls = _OPAQUE.get(key)
    if cls is not None:
        return cls
    sp = _sympy()
    table = rule.table

    def fdiff(self, argindex=1):
        if argindex == 2 and rule.partial_n is not None:
            return _instantiate(rule.partial_n, self.args, table)
        if argindex != 1:
            raise sp.ArgumentIndexError(self, argindex)
        return _instantiate(rule.derivative, self.args, table)

    def _eval_evalf(self, prec):
        if rule.definition is not None:
            return _instantiate(rule.definition, self.args, table).evalf(sp.core.evalf.prec_to_dps(prec))
        args = [complex(a.evalf(sp.core.evalf.prec_to_dps(prec))) for a in self.args]
        if any(a.imag for a in args):
            return None
        try:
            value = float_functions(table)[rule.function](*(a.real for a in args))
        except (DomainError, ValueError, ZeroDivisionError, OverflowError):
            return None
        return sp.Float(value, sp.core.evalf.prec_to_dps(prec))

    cls = type(rule.function, (sp.Function,), {
        "nargs": rule.arity[0] if len(rule.arity) == 1 else tuple(rule.arity),
        "fdiff": fdiff, "_eval_evalf": _eval_evalf,
    })
    _OPAQUE[key] = cls
    return cls


def _instantiate(body: Expr, args, table):
    """``body`` (a rule expression in u and n) at SymPy ``args``."""
    sp = _sympy()
    mapping = {sp.Symbol("u"): args[0]}
    if len(args) > 1:
        mapping[sp.Symbol("n")] = args[1]
    return to_sympy(body, table=table).xreplace(mapping)


def sympy_function(name: str, table=None):
    """The SymPy callable for one of our function names: SymPy's function named by the
    entry's ``sympy`` field, else (SymPy lacks it) a SymPy function of our name that
    differentiates by the entry's derivative; an unknown name gives an undefined function."""
    sp = _sympy()
    rule = _rule(name, table)
    if rule is None:
        parts = unknown.split(name)
        if parts is not None and (parts[1] or parts[2]):
            return _unknown_derivative(*parts)
        return sp.Function(name)
    f = _sympy_named(rule)
    if f is not None:
        return f
    return _opaque(rule)


def _unknown_derivative(base: str, primes: int, indices: tuple):
    """f'' or f_12 applied to arguments: SymPy's derivative of the undefined function
    ``base`` in those slots, at the arguments (a ``Subs`` where an argument is not a
    symbol, as ``sympy.diff`` writes it)."""
    sp = _sympy()
    function = sp.Function(base)

    def apply(*args):
        slots = [sp.Dummy(f"u{i + 1}") for i in range(len(args))]
        wrt = [slots[0]] * primes if primes else [slots[i - 1] for i in indices]
        d = sp.Derivative(function(*slots), *wrt)
        return d.subs(dict(zip(slots, args)), simultaneous=True)

    return apply


def _definition_of(name: str, table):
    """The definition, as a SymPy callable, of a function SymPy lacks; None otherwise."""
    rule = _rule(name, table)
    if rule is None or rule.definition is None or _sympy_named(rule) is not None:
        return None
    return lambda *args: _instantiate(rule.definition, args, table)


def activations(table=None) -> dict:
    """Names SymPy's parser must be given to read our plain syntax as the same functions:
    every function SymPy lacks or names otherwise (sigmoid, abs -> Abs), E and pi."""
    sp = _sympy()
    out = {"E": sp.E, "pi": sp.pi}
    for name, rule in (table or builtin_table()).functions.items():
        if rule.sympy != name or _sympy_named(rule) is None:
            out[name] = sympy_function(name, table)
    return out


def to_sympy(e: Expr, *, rewrite_activations: bool = False, table=None,
             real_roots: bool = False):
    """Convert a calcdiff tree to a SymPy expression (iteratively, for deep trees).
    ``rewrite_activations``: a function SymPy lacks is written out by its definition
    (sigmoid(x) as 1/(1 + exp(-x))) instead of kept as a function of our name.
    ``real_roots``: ``cbrt(u)`` and ``root(u, n)`` of odd n as SymPy's ``real_root`` (real
    for u < 0, as calcdiff computes them) instead of its principal root, which is complex
    there (a limit from the left of 0 needs the real one)."""
    sp = _sympy()
    cache: dict = {}
    funcs: dict = {}
    stack = [(e, False)]
    while stack:
        node, ready = stack.pop()
        if node in cache:
            continue
        kids = node.children()
        if not ready and kids:
            stack.append((node, True))
            stack.extend((k, False) for k in kids)
            continue
        t = type(node)
        vals = [cache[k] for k in kids]
        if t is Num:
            v = node.value
            r = sp.Rational(v.numerator, v.denominator)
        elif t is Sym:
            r = sp.Symbol(node.name)
        elif t is Const:
            r = sp.E if node.name == "E" else sp.pi
        elif t is Neg:
            r = -vals[0]
        elif t is Add:
            r = sp.Add(*vals)
        elif t is Mul:
            r = sp.Mul(*vals)
        elif t is Div:
            r = vals[0] / vals[1]
        elif t is Pow:
            r = vals[0] ** vals[1]
        elif t is Call:
            name = node.func
            f = funcs.get(name)
            if f is None and real_roots and name in ("cbrt", "root"):
                f = funcs[name] = _real_root
            if f is None:
                f = rewrite_activations and _definition_of(name, table) or sympy_function(
                    name, table)
                funcs[name] = f
            r = f(*vals)
        else:  # pragma: no cover
            raise TypeError(f"cannot convert {t.__name__}")
        cache[node] = r
    return cache[e]


def _real_root(u, n=None):
    """SymPy's real n-th root of ``u`` (a cube root without ``n``) where n is an odd integer,
    else its principal root."""
    sp = _sympy()
    n = sp.Integer(3) if n is None else n  # a SymPy number: converted from the tree
    if n.is_integer and n.is_odd:
        return sp.real_root(u, n)
    return sp.root(u, n)


HUGE_POWER_BITS = 1 << 20  # an exact power of numbers past this many bits is not built


def huge_power(e: Expr) -> bool:
    """Whether ``e`` holds a power of numbers whose exact value would take past
    :data:`HUGE_POWER_BITS` bits (10^10^10: SymPy would build the integer, for minutes)."""
    for n in walk(e):
        if type(n) is Pow and type(n.base) is Num and not n.exp.free:
            b = n.base.value
            size = max(abs(b.numerator), b.denominator).bit_length()
            if size <= 1:
                continue  # 1, -1, 0 and 1/1 to any power stay small
            if type(n.exp) is Num:
                k = abs(n.exp.value)
            else:  # 3**(2**4000 - 1): the exponent's size, in doubles
                try:
                    k = abs(evaluate(n.exp, {}))
                except (CalcdiffError, ArithmeticError, ValueError):
                    return True  # past a double (or no value): far too large to build
            if k * size > HUGE_POWER_BITS:
                return True
    return False


def real_value(e: Expr, digits: int, table=None):
    """The constant ``e`` as a SymPy number at ``digits`` digits when it is a finite real
    number, else None (SymPy loaded here: only where doubles cannot tell; not for a power
    of numbers too large to build)."""
    if huge_power(e):
        return None
    try:
        v = to_sympy(e, rewrite_activations=True, table=table).evalf(digits)
    except (TypeError, ValueError, ArithmeticError, AttributeError):
        return None
    return v if v.is_number and v.is_real and v.is_finite else None


def told_from_zero(e: Expr, digits: int, table=None) -> float | None:
    """The constant ``e`` as a double, from ``digits`` digits, when SymPy tells it from 0 at
    that precision (``1 - sigmoid(130)`` is 3.5e-57) or finds it 0; None when it cannot
    tell (``tanh(1)**2 + 4*sigmoid(2)*(1 - sigmoid(2)) - 1``, an identity, or no real
    value)."""
    if huge_power(e):
        return None
    sympy = _sympy()
    try:
        v = to_sympy(e, rewrite_activations=True, table=table).evalf(digits, strict=True)
    except (sympy.core.evalf.PrecisionExhausted, TypeError, ValueError, ArithmeticError,
            AttributeError):
        return None
    return float(v) if v.is_number and v.is_real and v.is_finite else None


def proves_zero(e: Expr, table=None) -> bool:
    """Whether SymPy's simplify of the constant ``e``, written with exponentials, is 0 (the
    proof that an identity of sigmoid and tanh gives 0, where the digits cannot tell)."""
    sympy = _sympy()
    try:
        s = to_sympy(e, rewrite_activations=True, table=table).rewrite(sympy.exp)
        return sympy.simplify(s) == 0
    except Exception:  # noqa: BLE001 (SymPy's own failure: not proved)
        return False


def quotient_limits(e: Expr, var: str, at: Expr, table=None) -> tuple[tuple, tuple]:
    """SymPy's limits of the difference quotients of ``e`` at ``var`` = ``at`` from the right,
    (f(a + h) − f(a))/h, and from the left, (f(a) − f(a − h))/h, as h → 0⁺: each (the limit
    as SymPy has it -- a number, ``oo``, ``-oo`` --, its float), or (None, None) where SymPy
    finds none. Where a rule's formula does not hold (relu at 0), these decide the
    derivative."""
    sympy = _sympy()
    x, h = sympy.Symbol(var), sympy.Symbol("h_", positive=True)
    fs = to_sympy(e, rewrite_activations=True, table=table, real_roots=True)
    a = to_sympy(at)
    out = []
    for q in ((fs.subs(x, a + h) - fs.subs(x, a)) / h, (fs.subs(x, a) - fs.subs(x, a - h)) / h):
        try:
            v = sympy.limit(q, h, 0, "+")
        except (NotImplementedError, ValueError, TypeError):
            v = None
        if v is None or v.has(sympy.AccumBounds) or v is sympy.nan or not (
                v.is_extended_real and (v.is_number or v in (sympy.oo, -sympy.oo))):
            out.append((None, None))
        else:
            out.append((v, float(v) if v.is_finite else
                        (float("inf") if v is sympy.oo else float("-inf"))))
    return out[0], out[1]


def bounded(fn, *args, fallback, always: bool = False):
    """``fn(*args)`` — SymPy work — in a child process killed at the SymPy budget
    (:attr:`calcdiff.limits.Limits.sympy`, ``--limit sympy=S``); ``fallback`` if it runs out of
    time or memory or fails. SymPy is imported before the fork, so the child starts at once
    and nothing of it keeps running once the budget is spent. Called from the library (no
    command line's budgets in force), it runs in the caller's process unless ``always``."""
    _sympy()
    if not always and not limits_enforced():
        return fn(*args)
    limits = current_limits()
    try:
        return run_bounded(fn, *args, seconds=limits.sympy, memory=limits.memory)
    except CalcdiffError:
        return fallback


def simplify_full(e: Expr) -> Expr:
    """``--simplify full``: also try SymPy's simplify (under the SymPy budget, in a child
    process) and keep the shorter result, never one with functions the input did not have."""
    back = bounded(_sympy_simplified, e, fallback=None, always=True)
    return e if back is None else simplify(back)


def _sympy_simplified(e: Expr) -> Expr | None:
    """SymPy's simplify of ``e`` back as a calcdiff tree, if it is shorter and brings in no
    new function; None otherwise. Runs in the child process of :func:`bounded`."""
    if any(type(n) is Call and n.func in ("cbrt", "root") for n in walk(e)):
        # SymPy's x**(1/3) is the principal root, with no real value at x < 0, where the
        # real cube root has one: its forms (x**(2/3)) would lose those points
        return None
    sp = _sympy()
    before = to_sympy(e)
    try:
        candidate = sp.simplify(before)
        back = from_sympy(candidate)
    except Exception:  # noqa: BLE001 (SymPy's own failure, or no calcdiff form: keep ours)
        return None
    ours = {n.func for n in walk(e) if hasattr(n, "func")}
    theirs = {n.func for n in walk(back) if hasattr(n, "func")}
    if theirs - ours or sp.count_ops(candidate) >= sp.count_ops(before):
        return None
    return back


def _from_names(table) -> dict:
    """SymPy's class name -> (our function, its most arguments), from the ``sympy`` fields."""
    return {rule.sympy: (name, max(rule.arity))
            for name, rule in (table or builtin_table()).functions.items()}


def from_sympy(s, table=None) -> Expr:
    """A SymPy expression back to a calcdiff tree (for --simplify full)."""
    return _from_sympy(s, _from_names(table))


def _from_sympy(s, names: dict) -> Expr:
    sp = _sympy()
    if s.is_Integer or s.is_Rational:
        return Num(Fraction(int(s.p), int(s.q)))
    if s is sp.E:
        return Const("E")
    if s is sp.pi:
        return Const("pi")
    if s.is_Symbol:
        return Sym(s.name)
    if s.is_Add:
        return add(*[_from_sympy(a, names) for a in s.args])
    if s.is_Mul:
        num, den = [], []
        for a in s.args:
            if a.is_Pow and a.exp.is_Rational and a.exp < 0:
                den.append(power(_from_sympy(a.base, names), _from_sympy(-a.exp, names)))
            else:
                num.append(_from_sympy(a, names))
        top = mul(*num) if num else ONE
        return div(top, mul(*den)) if den else top
    if s.is_Pow:
        if s.base is sp.E:
            return Call("exp", (_from_sympy(s.exp, names),))
        if s.exp == sp.Rational(1, 2):
            return Call("sqrt", (_from_sympy(s.base, names),))
        if s.exp.is_Rational and s.exp < 0:
            return div(ONE, power(_from_sympy(s.base, names), _from_sympy(-s.exp, names)))
        return Pow(_from_sympy(s.base, names), _from_sympy(s.exp, names))
    name = type(s).__name__
    if name in names:  # (Heaviside(x) carries its value at 0 as a second argument)
        ours, most = names[name]
        return Call(ours, tuple(_from_sympy(a, names) for a in s.args[:most]))
    raise TypeError(f"no calcdiff form for {name}")
