"""Numeric evaluation of a tree at a point (floats, via ``math``), with domain errors."""

from __future__ import annotations

import math

from .errors import DomainError
from .nodes import Add, Call, Const, Div, Expr, Mul, Neg, Num, Pow, Sym


def _sigmoid(u: float) -> float:
    if u >= 0:
        return 1.0 / (1.0 + math.exp(-u))
    z = math.exp(u)
    return z / (1.0 + z)


def _softplus(u: float) -> float:
    return max(u, 0.0) + math.log1p(math.exp(-abs(u)))


def _root(u: float, n: float) -> float:
    if u < 0:
        if float(n).is_integer() and int(n) % 2 == 1:
            return -((-u) ** (1.0 / n))
        raise ValueError("an even root of a negative number")
    return u ** (1.0 / n)


def _heaviside(u: float) -> float:
    if u == 0:
        raise ValueError("heaviside is undefined at 0")
    return 1.0 if u > 0 else 0.0


def _sec(u):
    return 1.0 / math.cos(u)


def _csc(u):
    return 1.0 / math.sin(u)


def _cot(u):
    return math.cos(u) / math.sin(u)


FUNCTIONS = {
    "sin": math.sin, "cos": math.cos, "tan": math.tan, "cot": _cot, "sec": _sec, "csc": _csc,
    "asin": math.asin, "acos": math.acos, "atan": math.atan,
    "acot": lambda u: math.atan(1.0 / u) if u != 0 else math.pi / 2,
    "asec": lambda u: math.acos(1.0 / u), "acsc": lambda u: math.asin(1.0 / u),
    "sinh": math.sinh, "cosh": math.cosh, "tanh": math.tanh,
    "coth": lambda u: 1.0 / math.tanh(u), "sech": lambda u: 1.0 / math.cosh(u),
    "csch": lambda u: 1.0 / math.sinh(u),
    "asinh": math.asinh, "acosh": math.acosh, "atanh": math.atanh,
    "acoth": lambda u: math.atanh(1.0 / u), "asech": lambda u: math.acosh(1.0 / u),
    "acsch": lambda u: math.asinh(1.0 / u),
    "exp": math.exp, "log": lambda u, b=None: math.log(u) if b is None else math.log(u, b),
    "sqrt": math.sqrt, "cbrt": lambda u: _root(u, 3), "root": _root, "abs": abs,
    "sigmoid": _sigmoid, "softplus": _softplus, "relu": lambda u: max(u, 0.0),
    "heaviside": _heaviside,
}


def evaluate(e: Expr, env: dict[str, float], extra_functions: dict | None = None) -> float:
    """The value of ``e`` with variables from ``env``; DomainError where it is undefined."""
    funcs = FUNCTIONS if not extra_functions else {**FUNCTIONS, **extra_functions}
    memo: dict = {}
    stack = [(e, False)]
    while stack:
        node, ready = stack.pop()
        if node in memo:
            continue
        kids = node.children()
        if not ready and kids:
            stack.append((node, True))
            stack.extend((k, False) for k in kids)
            continue
        t = type(node)
        try:
            if t is Num:
                v = float(node.value)
            elif t is Sym:
                if node.name not in env:
                    raise DomainError(f"no value given for {node.name}")
                v = float(env[node.name])
            elif t is Const:
                v = math.e if node.name == "E" else math.pi
            elif t is Neg:
                v = -memo[node.arg]
            elif t is Add:
                v = math.fsum(memo[a] for a in node.args)
            elif t is Mul:
                v = 1.0
                for a in node.args:
                    v *= memo[a]
            elif t is Div:
                d = memo[node.den]
                if d == 0:
                    raise ZeroDivisionError
                v = memo[node.num] / d
            elif t is Pow:
                b, x = memo[node.base], memo[node.exp]
                if b == 0 and x < 0:
                    raise ZeroDivisionError
                if b < 0 and not float(x).is_integer():
                    raise ValueError("negative base")
                v = b**x
                if isinstance(v, complex):
                    raise ValueError("complex")
            elif t is Call:
                v = funcs[node.func](*(memo[a] for a in node.args))
            else:  # pragma: no cover
                raise TypeError(t.__name__)
        except DomainError:
            raise
        except ZeroDivisionError:
            raise DomainError(f"{node} is undefined here (division by zero)") from None
        except (ValueError, OverflowError) as exc:
            what = "overflows" if isinstance(exc, OverflowError) else "is undefined here"
            raise DomainError(f"{node} {what}") from None
        if isinstance(v, float) and math.isnan(v):
            raise DomainError(f"{node} is undefined here")
        memo[node] = v
    return memo[e]
