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


def to_sympy(e: Expr, *, rewrite_activations: bool = False):
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
                    f = funcs[name] = sympy_function(name)
                r = f(*vals)
        else:  # pragma: no cover
            raise TypeError(f"cannot convert {t.__name__}")
        cache[node] = r
    return cache[e]
