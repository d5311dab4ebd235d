"""Numeric evaluation of a tree at a point (floats), with domain errors.

A function is evaluated as its rule entry says (``numeric``): a function of Python's
``math``, one of the few :mod:`calcdiff.kernels`, an expression in u evaluated here, or
SymPy by name. Nothing about a particular function is written in this module.
"""

from __future__ import annotations

import math

from calcdiff.errors import CalcdiffError, DomainError, FloatOverflow
from calcdiff.kernels import KERNELS
from calcdiff.read.rule_exprs import builtin_table
from calcdiff.table import FunctionRule, Table, declared_sympy_names
from calcdiff.tree.decimals import scientific_text
from calcdiff.tree.nodes import (Add, Call, Const, Div, Expr, Mul, Neg, Num, Pow, Sym, bottom_up,
                                 rebuild, walk)


class FloatFunctions(dict):
    """A table's functions as float callables, each made from its entry when first used."""

    def __init__(self, table: Table):
        super().__init__()
        self.table = table

    def __missing__(self, name: str):
        rule = self.table.functions.get(name)
        if rule is None:
            raise KeyError(name)
        f = self[name] = _float_function(rule, self.table)
        return f


def _float_function(rule: FunctionRule, table: Table):
    spec = rule.numeric
    if spec.kind == "math":
        return getattr(math, spec.name)
    if spec.kind == "kernel":
        return KERNELS[spec.name]
    if spec.kind == "expr":
        body = _compile(spec.expr, float_functions(table))

        def by_expression(u, n=None):
            v = body({"u": u, "n": n})
            if math.isnan(v):
                raise ValueError("not a number")
            return v

        return by_expression
    return _sympy_float(spec.name)


def _compile(e: Expr, funcs):
    """A rule's small numeric expression as nested closures (built once, no ``eval``), raising
    ZeroDivisionError or ValueError where the expression is undefined."""
    t = type(e)
    if t is Num or t is Const:
        v = float(e.value) if t is Num else (math.e if e.name == "E" else math.pi)
        return lambda env: v
    if t is Sym:
        name = e.name
        return lambda env: env[name]
    kids = [_compile(k, funcs) for k in e.children()]
    if t is Neg:
        (a,) = kids
        return lambda env: -a(env)
    if t is Add:
        return lambda env: math.fsum(k(env) for k in kids)
    if t is Mul:
        return lambda env: math.prod(k(env) for k in kids)
    if t is Div:
        num, den = kids

        def quotient(env):
            d = den(env)
            if d == 0:
                raise ZeroDivisionError
            return num(env) / d

        return quotient
    if t is Pow:
        base, exp = kids
        return lambda env: float_power(base(env), exp(env))
    if t is Call:
        func = e.func
        return lambda env: funcs[func](*(k(env) for k in kids))
    raise TypeError(t.__name__)  # pragma: no cover


def float_power(b: float, x: float) -> float:
    """b**x in doubles: ZeroDivisionError for 0 to a negative power, ValueError outside the
    reals (a negative base to a power that is not a whole number)."""
    if b == 0 and x < 0:
        raise ZeroDivisionError
    if b < 0 and not float(x).is_integer():
        raise ValueError("negative base")
    v = b**x
    if isinstance(v, complex):
        raise ValueError("complex")  # noqa: TRY004 - outside the reals: a domain error
    return v


def _sympy_float(name: str):
    """SymPy's function of that name, evaluated at 30 digits (user entries without
    ``numeric`` or a definition)."""
    if name not in declared_sympy_names():  # SymPy is reached only by a declared name
        raise ValueError(f"{name!r} is not a SymPy function the rule table declares")
    import sympy  # lazy: only a user function with neither numeric nor definition needs it

    f = getattr(sympy.functions, name, None)
    if f is None:
        raise ValueError(f"SymPy has no function {name!r}")

    def by_sympy(*args):
        v = complex(f(*(sympy.Float(a, 30) for a in args)).evalf(30))
        if v.imag:
            raise ValueError("complex")
        return v.real

    return by_sympy


_BUILTIN: list = []


def float_functions(table: Table | None = None) -> FloatFunctions:
    """The float callables of a table (the built-in one by default), cached on the table."""
    if table is None:
        if not _BUILTIN:
            _BUILTIN.append(FloatFunctions(builtin_table()))
        return _BUILTIN[0]
    funcs = table.__dict__.get("_float_functions")
    if funcs is None:
        funcs = table._float_functions = FloatFunctions(table)
    return funcs


def _shown(node: Expr) -> str:
    """A node as an error names it: each number of more than 20 digits in six digits and its
    exponent ((x - 1e+200)**2, 1e+308*10: not their hundreds of digits)."""
    if not any(type(n) is Num and _long(n.value) for n in walk(node)):
        return str(node)

    def short(n, kids):
        if type(n) is Num and _long(n.value):  # a leaf printed as its name; a minus sign
            leaf = Sym(scientific_text(abs(n.value)))  # outside it, as a difference prints
            return Neg(leaf) if n.value < 0 else leaf
        return rebuild(n, kids) if kids else n

    return str(bottom_up(node, short))


def _long(q) -> bool:
    return max(abs(q.numerator), q.denominator) >= 10 ** 20


def _double(value) -> float:
    """A number's double; past the doubles' range an infinity, so that the program's answer
    is not finite and :func:`evaluate` gives the number's own error (x^2 + 1e400)."""
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


class FloatProgram:
    """Expressions evaluated at many points (a training loop's loss and gradient at every
    sample of every step): compiled once into one list of steps over their DISTINCT
    sub-expressions (the sigmoid(w*x + b) a loss and each partial share is computed once a
    point), run without walking or hashing a tree. The values are :func:`evaluate`'s, step
    for step (fsum for sums, products in order); where a step fails or an answer is not
    finite, :func:`evaluate` computes it again, for its exact error."""

    def __init__(self, exprs: list[Expr], table: Table | None = None) -> None:
        self.exprs, self.table = list(exprs), table
        funcs = float_functions(table)
        steps: list = []
        kinds = {Neg: 2, Add: 3, Mul: 4, Div: 5, Pow: 6}

        def step(node: Expr, args: list) -> int:  # the node's slot, its children's computed
            t = type(node)
            if t is Num:
                steps.append((0, _double(node.value), ()))
            elif t is Const:
                steps.append((0, math.e if node.name == "E" else math.pi, ()))
            elif t is Sym:
                steps.append((1, node.name, ()))
            elif t is Call:
                steps.append((7, funcs[node.func], tuple(args)))
            else:
                steps.append((kinds[t], None, tuple(args)))
            return len(steps) - 1

        shared: dict = {}  # one slot per distinct sub-expression, over all the expressions
        self.outputs = [bottom_up(e, step, shared) for e in self.exprs]
        self.steps = steps

    def __call__(self, env: dict[str, float]) -> list[float]:
        vals: list = []
        put = vals.append
        try:
            for op, data, args in self.steps:
                if op == 0:
                    put(data)
                elif op == 1:
                    put(env[data])
                elif op == 7:
                    put(data(*[vals[a] for a in args]))
                elif op == 4:
                    v = 1.0
                    for a in args:
                        v *= vals[a]
                    put(v)
                elif op == 3:
                    put(math.fsum([vals[a] for a in args]))
                elif op == 6:
                    put(float_power(vals[args[0]], vals[args[1]]))
                elif op == 5:
                    d = vals[args[1]]
                    if d == 0:
                        raise ZeroDivisionError
                    put(vals[args[0]] / d)
                else:
                    put(-vals[args[0]])
        except (ArithmeticError, ValueError, KeyError, TypeError):
            return [evaluate(e, env, self.table) for e in self.exprs]  # raises the error
        out = [vals[k] for k in self.outputs]
        if not all(map(math.isfinite, out)):
            return [evaluate(e, env, self.table) for e in self.exprs]
        return out


def float_step(node: Expr, vals, funcs) -> float:
    """An operation's or a call's double from its operands' (``vals``); ``funcs``:
    :func:`float_functions`. ZeroDivisionError, ValueError and OverflowError as Python's."""
    t = type(node)
    if t is Neg:
        return -vals[0]
    if t is Add:
        return math.fsum(vals)
    if t is Mul:
        v = 1.0
        for a in vals:
            v *= a
        return v
    if t is Div:
        if vals[1] == 0:
            raise ZeroDivisionError
        return vals[0] / vals[1]
    if t is Pow:
        return float_power(vals[0], vals[1])
    if t is Call:
        return funcs[node.func](*vals)
    raise TypeError(t.__name__)  # pragma: no cover


def evaluate(e: Expr, env: dict[str, float], table: Table | None = None) -> float:
    """The value of ``e`` with variables from ``env``; DomainError where it is undefined.
    Functions come from ``table`` (default: the built-in rules)."""
    funcs = float_functions(table)

    def value(node: Expr, vals: list) -> float:
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
            else:
                v = float_step(node, vals, funcs)
        except DomainError:
            raise
        except ZeroDivisionError:
            raise DomainError(f"{_shown(node)} is undefined here (division by zero)") from None
        except OverflowError:
            raise FloatOverflow(f"{_shown(node)} overflows a double") from None
        except ValueError:
            raise DomainError(f"{_shown(node)} is undefined here") from None
        if v in (math.inf, -math.inf) and all(math.isfinite(a) for a in vals):
            raise FloatOverflow(f"{_shown(node)} overflows a double")
        if isinstance(v, float) and math.isnan(v):
            raise DomainError(f"{_shown(node)} is undefined here")
        return v

    return bottom_up(e, value)


def float_value(e: Expr, env: dict, table: Table | None = None) -> float | None:
    """``e`` at the point in doubles, or None where it is undefined or not finite."""
    try:
        v = evaluate(e, env, table)
    except (CalcdiffError, ArithmeticError, ValueError, KeyError, TypeError):
        return None
    if isinstance(v, complex) or not math.isfinite(v):
        return None
    return float(v)
