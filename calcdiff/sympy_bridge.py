"""The bridge to SymPy: our oracle (tests, ``--check``) and our heavy fallback
(``--simplify full``). The only module that imports sympy, and only when called.

User text never reaches SymPy's parser: trees are converted node by node.
"""

from __future__ import annotations

from functools import lru_cache

from .nodes import Add, Call, Const, Div, Expr, Mul, Neg, Num, Pow, Sym


@lru_cache(maxsize=None)
def _sympy():
    import sympy

    return sympy


@lru_cache(maxsize=None)
def activations() -> dict:
    """SymPy definitions of the functions SymPy does not have under our names."""
    sp = _sympy()

    class sigmoid(sp.Function):
        nargs = 1

        @classmethod
        def eval(cls, arg):
            return None

        def fdiff(self, argindex=1):
            s = sigmoid(self.args[0])
            return s * (1 - s)

        def _eval_rewrite_as_exp(self, arg, **kwargs):
            return 1 / (1 + sp.exp(-arg))

        def _eval_evalf(self, prec):
            return (1 / (1 + sp.exp(-self.args[0])))._eval_evalf(prec)

    class softplus(sp.Function):
        nargs = 1

        def fdiff(self, argindex=1):
            return sigmoid(self.args[0])

        def _eval_rewrite_as_exp(self, arg, **kwargs):
            return sp.log(1 + sp.exp(arg))

        def _eval_evalf(self, prec):
            return sp.log(1 + sp.exp(self.args[0]))._eval_evalf(prec)

    def relu(x):
        return sp.Max(0, x)

    return {
        "sigmoid": sigmoid,
        "softplus": softplus,
        "relu": relu,
        "heaviside": sp.Heaviside,
        "abs": sp.Abs,
        "E": sp.E,
        "pi": sp.pi,
    }


def sympy_function(name: str):
    """The SymPy callable for one of our function names."""
    sp = _sympy()
    special = activations()
    if name in special:
        return special[name]
    if name == "root":
        return lambda u, n: sp.root(u, n)
    if name == "log":
        return lambda u, b=None: sp.log(u) if b is None else sp.log(u, b)
    return getattr(sp, name)


def _user_function(name: str, table):
    """A user rule as SymPy: by its definition when it has one, else an undefined function."""
    sp = _sympy()
    rule = table.functions.get(name) if table is not None else None
    if rule is not None and not rule.builtin:
        if rule.definition is not None:
            definition = rule.definition

            def f(*args):
                mapping = {sp.Symbol("u"): args[0]}
                if len(args) > 1:
                    mapping[sp.Symbol("n")] = args[1]
                return to_sympy(definition, table=table).xreplace(mapping)

            return f
        if hasattr(sp, name):
            return getattr(sp, name)
        return sp.Function(name)
    return None


def to_sympy(e: Expr, *, rewrite_activations: bool = False, table=None):
    """Convert a calcdiff tree to a SymPy expression (iteratively, for deep trees)."""
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
            if rewrite_activations and name == "sigmoid":
                r = 1 / (1 + sp.exp(-vals[0]))
            elif rewrite_activations and name == "softplus":
                r = sp.log(1 + sp.exp(vals[0]))
            else:
                f = funcs.get(name)
                if f is None:
                    f = _user_function(name, table) or sympy_function(name)
                    funcs[name] = f
                r = f(*vals)
        else:  # pragma: no cover
            raise TypeError(f"cannot convert {t.__name__}")
        cache[node] = r
    return cache[e]


def simplify_full(e: Expr, seconds: float = 3.0) -> Expr:
    """``--simplify full``: also try SymPy's simplify (under a time budget) and keep the
    shorter result, never one with functions the input did not have."""
    import threading

    sp = _sympy()
    from .nodes import walk

    before = to_sympy(e)
    result: list = []

    def work():
        try:
            result.append(sp.simplify(before))
        except Exception:  # SymPy's own failure: keep ours
            pass

    t = threading.Thread(target=work, daemon=True)
    t.start()
    t.join(seconds)
    if not result:
        return e
    candidate = result[0]
    try:
        back = from_sympy(candidate)
    except (TypeError, ValueError, KeyError):
        return e
    ours = {n.func for n in walk(e) if hasattr(n, "func")}
    theirs = {n.func for n in walk(back) if hasattr(n, "func")}
    if theirs - ours:
        return e
    if sp.count_ops(candidate) < sp.count_ops(before):
        from .simplify import simplify

        return simplify(back)
    return e


_FROM_FUNCS = {
    "sin", "cos", "tan", "cot", "sec", "csc", "asin", "acos", "atan", "acot", "asec", "acsc",
    "sinh", "cosh", "tanh", "coth", "sech", "csch", "asinh", "acosh", "atanh", "acoth",
    "asech", "acsch", "exp", "log", "sigmoid", "softplus",
}


def from_sympy(s) -> Expr:
    """A SymPy expression back to a calcdiff tree (for --simplify full)."""
    from fractions import Fraction

    from .build import add, div, mul, power
    from .nodes import ONE

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
        return add(*[from_sympy(a) for a in s.args])
    if s.is_Mul:
        num, den = [], []
        for a in s.args:
            if a.is_Pow and a.exp.is_Rational and a.exp < 0:
                den.append(power(from_sympy(a.base), from_sympy(-a.exp)))
            else:
                num.append(from_sympy(a))
        top = mul(*num) if num else ONE
        return div(top, mul(*den)) if den else top
    if s.is_Pow:
        if s.base is sp.E:
            return Call("exp", (from_sympy(s.exp),))
        if s.exp == sp.Rational(1, 2):
            return Call("sqrt", (from_sympy(s.base),))
        if s.exp.is_Rational and s.exp < 0:
            return div(ONE, power(from_sympy(s.base), from_sympy(-s.exp)))
        return Pow(from_sympy(s.base), from_sympy(s.exp))
    if isinstance(s, sp.Abs):
        return Call("abs", (from_sympy(s.args[0]),))
    name = type(s).__name__
    if name in _FROM_FUNCS:
        return Call(name, tuple(from_sympy(a) for a in s.args))
    if name == "Heaviside":
        return Call("heaviside", (from_sympy(s.args[0]),))
    raise TypeError(f"no calcdiff form for {name}")
