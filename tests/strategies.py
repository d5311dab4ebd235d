"""Hypothesis strategies for calcdiff expression trees.

``exprs()`` draws any valid tree: every node kind (Num, Sym, Const, Neg, Add, Mul, Div, Pow,
Call) and every function of the built-in rule table, with its one- or two-argument forms
(``log(u)``, ``log(u, b)``, ``root(u, n)``). Trees respect the invariants every constructor in
calcdiff keeps, so they are trees the parser could have produced:

- a Neg never wraps a Num (``nodes.neg`` folds it into a negative Num);
- Div(Num, Num) never exists (folded to one Num, as the parser does), and no Div by the
  number 0 (the parser rejects ``x/0``);
- Add and Mul have at least two operands;
- e^u is ``Call("exp", (u,))``, never ``Pow(E, u)``.

One more restriction keeps SymPy (our oracle) from hanging: a Pow whose exponent is free of
variables has a "safe" exponent (a small number, E, pi, or a function of a small number), so
no tower of integer powers such as 3^(3^(3^3)) is ever folded to an enormous integer.

``textbook_exprs()`` draws expressions like the ones in a calculus course: defined and
differentiable for every real value of the variables (except on a set of measure zero), so
numeric checks at random points rarely have to skip a point.
"""

from __future__ import annotations

import math
import random
from fractions import Fraction

from hypothesis import strategies as st

from calcdiff.read.rule_exprs import builtin_table
from calcdiff.tree.nodes import PI, Add, Call, Const, Div, E, Expr, Mul, Num, Pow, Sym, neg

#: every variable spelling the printer and parser must agree on (Greek names, subscripts, digits)
ROUNDTRIP_VARIABLES = ("x", "y", "theta", "alpha", "x_1", "x1", "w0", "lamda", "phi_2")


def table_functions() -> dict[str, tuple[int, ...]]:
    """Every function of the built-in table -> its arities."""
    return {name: rule.arity for name, rule in builtin_table().functions.items()}


# -- leaves -----------------------------------------------------------------------------------

small_ints = st.integers(min_value=-4, max_value=5)
small_fractions = st.builds(
    lambda n, d: Fraction(n, d),
    st.integers(min_value=-5, max_value=5),
    st.integers(min_value=2, max_value=4),
)
numbers = st.one_of(small_ints, small_fractions).map(Num)
constants = st.sampled_from([E, PI])


def symbols(variables=("x", "y")):
    return st.sampled_from([Sym(v) for v in variables])


def leaves(variables=("x", "y")):
    # variables twice as likely as numbers or constants, so most trees depend on them
    return st.one_of(symbols(variables), symbols(variables), numbers, constants)


# exponents free of the variables that SymPy cannot fold into a huge integer
safe_constant_exponents = st.one_of(
    st.sampled_from([2, 3, 4, -1, -2, 0, 1]).map(Num),
    small_fractions.map(Num),
    constants,
    st.builds(lambda f, n: Call(f, (Num(n),)), st.sampled_from(["sin", "log", "sqrt", "atan"]),
              st.integers(min_value=2, max_value=5)),
    st.builds(lambda c, k: Mul((Num(k), c)), constants, st.integers(min_value=2, max_value=3)),
)


# -- node builders keeping the invariants -------------------------------------------------------


def make_div(num: Expr, den: Expr) -> Expr:
    if type(den) is Num and den.value == 0:
        den = Num(2)
    if type(num) is Num and type(den) is Num:
        return Num(num.value / den.value)
    return Div(num, den)


def make_pow(base: Expr, exp: Expr) -> Expr:
    if type(base) is Const and base.name == "E":
        return Call("exp", (exp,))
    return Pow(base, exp)


def make_sum(terms_and_signs) -> Expr:
    return Add([neg(t) if minus else t for t, minus in terms_and_signs])


# -- the general strategy -----------------------------------------------------------------------

NODE_KINDS = ("call", "add", "mul", "div", "pow", "call2", "neg")


@st.composite
def _tree(draw, depth: int, variables: tuple[str, ...]) -> Expr:
    # a leaf stays likely at every level, so the average tree is small
    if depth <= 1 or draw(st.integers(min_value=0, max_value=2)) == 0:
        return draw(leaves(variables))

    def child() -> Expr:
        return draw(_tree(depth - 1, variables))

    def varying() -> Expr:
        # a sub-tree that depends on a variable (retries a few times, then a bare variable)
        for _ in range(3):
            e = child()
            if e.free:
                return e
        return draw(symbols(variables))

    kind = draw(st.sampled_from(NODE_KINDS))
    if kind == "call":
        return Call(draw(st.sampled_from(_ONE_ARG)), (child(),))
    if kind == "add":
        n = draw(st.integers(min_value=2, max_value=4))
        return make_sum([(child(), draw(st.booleans())) for _ in range(n)])
    if kind == "mul":
        n = draw(st.integers(min_value=2, max_value=4))
        return Mul([child() for _ in range(n)])
    if kind == "div":
        return make_div(child(), child())
    if kind == "pow":
        base = child()
        exp = draw(safe_constant_exponents) if draw(st.booleans()) else varying()
        return make_pow(base, exp)
    if kind == "call2":
        f = draw(st.sampled_from(_TWO_ARG))
        u = child()
        choice = draw(st.integers(min_value=0, max_value=2))
        if choice == 0:
            k = Num(draw(st.integers(min_value=2, max_value=5)))  # log base, root index
        elif choice == 1:
            k = draw(st.sampled_from([E, Num(Fraction(1, 2)), Num(10)]))
        else:
            k = varying()  # change of base; a root with a variable index
        return Call(f, (u, k))
    return neg(child())


_FUNCS = table_functions()
_ONE_ARG = sorted(f for f, arity in _FUNCS.items() if 1 in arity)
_TWO_ARG = sorted(f for f, arity in _FUNCS.items() if 2 in arity)


def exprs(max_depth: int = 6, variables=("x", "y")):
    """Random valid trees of depth at most ``max_depth`` over ``variables``."""
    return _tree(max_depth, tuple(variables))


# -- textbook expressions -------------------------------------------------------------------------

# functions defined and smooth on all of R
_EVERYWHERE = ["sin", "cos", "atan", "exp", "sinh", "cosh", "tanh", "sigmoid", "softplus", "asinh",
               "acot"]


def _positive(u: Expr) -> Expr:
    """u^2 + 1: a positive argument for log, sqrt, ..."""
    return Add((Pow(u, Num(2)), Num(1)))


def _within_one(u: Expr) -> Expr:
    """tanh(u)/2: an argument in (-1/2, 1/2) for asin, acos, atanh."""
    return Div(Call("tanh", (u,)), Num(2))


def _beyond_one(u: Expr) -> Expr:
    """u^2 + 2: an argument > 1 for acosh."""
    return Add((Pow(u, Num(2)), Num(2)))


def _outside_one(u: Expr) -> Expr:
    """u + 2/u: an argument of either sign with |.| >= 2*sqrt(2), for asec, acsc, acoth."""
    return Add((u, Div(Num(2), u)))


def _textbook_call(name: str, u: Expr) -> Expr:
    if name in _EVERYWHERE:
        return Call(name, (u,))
    if name in ("log", "sqrt", "cbrt"):
        return Call(name, (_positive(u),))
    if name == "log2":
        return Call("log", (_positive(u), Num(2)))
    if name == "root":
        return Call("root", (_positive(u), Num(3)))
    if name in ("asin", "acos", "atanh"):
        return Call(name, (_within_one(u),))
    if name == "acosh":
        return Call(name, (_beyond_one(u),))
    if name in ("asec", "acsc", "acoth"):
        return Call(name, (_outside_one(u),))
    if name in ("tan", "sec"):  # cos(atan(u)) > 0
        return Call(name, (Call("atan", (u,)),))
    if name in ("coth", "csch", "acsch"):  # nonzero almost everywhere
        return Call(name, (u,))
    if name in ("cot", "csc"):  # sin(u^2 + 1) vanishes only at isolated points
        return Call(name, (_positive(u),))
    if name == "sech":
        return Call(name, (u,))
    if name == "asech":  # argument in (0, 1)
        return Call(name, (Call("sigmoid", (u,)),))
    if name in ("abs", "relu"):  # kinks only on a set of measure zero
        return Call(name, (u,))
    raise AssertionError(name)


TEXTBOOK_FUNCTIONS = sorted(set(_EVERYWHERE) | {
    "log", "sqrt", "cbrt", "log2", "root", "asin", "acos", "atanh", "acosh", "asec", "acsc",
    "acoth", "tan", "sec", "cot", "csc", "coth", "csch", "sech", "asech", "acsch", "abs", "relu",
})


@st.composite
def _textbook(draw, depth: int, variables: tuple[str, ...]) -> Expr:
    if depth <= 1 or draw(st.integers(min_value=0, max_value=2)) == 0:
        choice = draw(st.integers(min_value=0, max_value=3))
        v = draw(symbols(variables))
        if choice <= 1:
            return v
        if choice == 2:
            return Num(draw(st.integers(min_value=1, max_value=5)))
        return Mul((Num(draw(st.integers(min_value=2, max_value=5))), v))

    def child() -> Expr:
        return draw(_textbook(depth - 1, variables))

    kind = draw(st.sampled_from(("call", "add", "mul", "div", "pow", "exp-pow")))
    if kind == "call":
        return _textbook_call(draw(st.sampled_from(TEXTBOOK_FUNCTIONS)), child())
    if kind == "add":
        n = draw(st.integers(min_value=2, max_value=3))
        return make_sum([(child(), draw(st.booleans())) for _ in range(n)])
    if kind == "mul":
        n = draw(st.integers(min_value=2, max_value=3))
        return Mul([child() for _ in range(n)])
    if kind == "div":  # a denominator that never vanishes
        return Div(child(), _positive(child()))
    if kind == "pow":
        return Pow(child(), Num(draw(st.integers(min_value=2, max_value=5))))
    return Pow(Call("exp", (child(),)), child())  # f^g with a positive base


def textbook_exprs(max_depth: int = 4, variables=("x",)):
    """Course-style expressions: polynomials, products, quotients with positive denominators,
    compositions of elementary functions with arguments kept inside their domains."""
    return _textbook(max_depth, tuple(variables))


__all__ = [
    "ROUNDTRIP_VARIABLES", "exprs", "textbook_exprs", "table_functions", "numbers", "make_div",
    "make_pow", "make_sum", "POINTS", "calc_value", "real_sympy", "sympy_value", "close",
]


# -- numeric oracle helpers (shared by the property tests) -----------------------------------------

#: names that may appear in a step: the variables and the engine's chain-rule placeholders
POINT_NAMES = ROUNDTRIP_VARIABLES + ("y", "u", "v", "w", "t", "s", "z", "q", "p", "n", "u1",
                                     "a", "b")


def _points(seed: int = 20240611) -> list[dict[str, float]]:
    """Fixed sample points: most in (-3, 3), some in (0, 1) and beyond 1 in absolute value,
    where functions such as acosh, asech and acsc are defined."""
    rng = random.Random(seed)
    ranges = [(-2.9, 2.9)] * 4 + [(0.05, 0.95)] * 2 + [(1.1, 3.0)] * 2 + [(-3.0, -1.1)]
    points = []
    for lo, hi in ranges:
        points.append({name: rng.uniform(lo, hi) for name in POINT_NAMES})
    # mixed signs: each variable drawn from a different range
    for _ in range(3):
        points.append({name: rng.choice([rng.uniform(-2.9, 2.9), rng.uniform(0.05, 0.95),
                                         rng.uniform(1.1, 3.0)]) for name in POINT_NAMES})
    return points


POINTS = _points()


def calc_value(e: Expr, env: dict[str, float]) -> float | None:
    """calcdiff's own float value of ``e``, or None where it is undefined, infinite or not
    real (every node of ``e`` is evaluated, so None also means "some sub-expression is")."""
    from calcdiff.algebra.evaluate import evaluate
    from calcdiff.errors import CalcdiffError

    try:
        v = evaluate(e, env)
    except (CalcdiffError, ArithmeticError, ValueError):
        return None
    except TypeError:  # a complex intermediate value (see the report: root of a negative)
        return None
    if not isinstance(v, float) and not isinstance(v, int):
        return None
    if not math.isfinite(v):
        return None
    return float(v)


def real_sympy(e: Expr):
    """``to_sympy(e)`` with real symbols (so that d|u| is sign(u), not a re/im formula)."""
    import sympy

    from calcdiff.sympy_bridge import to_sympy

    s = to_sympy(e)
    return s.xreplace({sym: sympy.Symbol(sym.name, real=True) for sym in s.free_symbols})


def sympy_value(s, env: dict[str, float], prec: int = 30) -> float | None:
    """The value of a SymPy expression at a point, to ``prec`` digits, or None where it is
    undefined, infinite or not real."""
    import sympy

    try:
        sub = s.xreplace({sym: sympy.Float(repr(env[sym.name]), prec) for sym in s.free_symbols})
        v = sub.evalf(prec)
        if v.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo) or not v.is_number:
            return None
        c = complex(v)
    except (TypeError, ValueError, ZeroDivisionError, OverflowError, KeyError):
        return None
    if not (math.isfinite(c.real) and math.isfinite(c.imag)):
        return None
    if abs(c.imag) > 1e-12 * max(1.0, abs(c.real)):
        return None
    return c.real


def close(a: float, b: float, rel: float = 1e-7) -> bool:
    return abs(a - b) <= rel * max(1.0, abs(a), abs(b))
