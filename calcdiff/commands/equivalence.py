"""Whether two expressions are the same function on an expression's real domain.

Symbolically where it is cheap (the difference simplifies to 0), else numerically: random
points where the expression and its derivative are defined, both sides evaluated in doubles,
and every disagreement confirmed at 30 significant digits (SymPy's arbitrary precision,
loaded only then), so that round-off never makes a correct answer wrong. Never by comparing
strings.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from calcdiff.algebra.build import sub
from calcdiff.algebra.evaluate import evaluate, float_value as value
from calcdiff.commands.kinks import far_points, kink_points
from calcdiff.commands.numbers import wrote_decimals
from calcdiff.errors import CalcdiffError, FloatOverflow
from calcdiff.simplify import simplify
from calcdiff.sympy_bridge import to_sympy
from calcdiff.tree.nodes import (Add, Call, Const, Div, Expr, Mul, Neg, Num, Pow, Sym, bottom_up,
                                 rebuild, size)
from calcdiff.tree.printer import to_plain

POINTS = 8
TRIES = 400
REL_TOL = 1e-8  # doubles: agreement within this is equality
HP_DIGITS = 30
HP_TOL = 1e-20  # 30 digits: a difference below this is round-off
SYMBOLIC_MAX_NODES = 600  # beyond this, the simplifier is not "cheap": numbers decide
# the ranges a point's variables are drawn from, one range a try, in turn: near 0, where
# logarithms and roots need positive numbers and inverse sines |u| < 1, and far from it, where
# an answer wrong only past a kink (|x - 5|, relu(x - 4)) differs and log(x - 10) is defined
RANGES = ((-3.0, 3.0), (0.05, 3.0), (-0.95, 0.95), (0.05, 0.95), (1.05, 6.0), (-6.0, -0.05),
          (3.0, 30.0), (-30.0, -3.0), (10.0, 300.0), (-300.0, -10.0))


def close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= REL_TOL * max(1.0, abs(a), abs(b))


def same_number(answer, number: float | None, written: str, table=None) -> bool:
    """Is the constant ``answer`` the number ``number`` (a derivative's value at a point)?
    To 1e-12, relative; to 1e-6 where ``written``, the answer's text, has decimals, whose
    digits were cut."""
    got = value(answer, {}, table)
    tol = 1e-12 if not wrote_decimals(written, scientific=False) else 1e-6
    return got is not None and number is not None and abs(got - number) <= tol * max(
        1.0, abs(number))


@dataclass
class Points:
    """Points of the expression's domain (where it and its derivative are defined), and the
    derivative's values there."""

    names: list[str]
    envs: list[dict] = field(default_factory=list)
    reference: list[float] = field(default_factory=list)

    def values(self, e: Expr, table=None) -> list[float | None]:
        """``e`` (an answer, or a mistake's derivative) at each point, a power to a fraction
        of odd denominator as the real root's (:func:`_real_roots`)."""
        real = _real_roots(e)
        return [value(real, env, table) for env in self.envs]

    def matches(self, e: Expr, target: list[float | None], table=None) -> bool:
        """Whether ``e`` takes the ``target`` values (in doubles) at every point; stops at
        the first point where it does not."""
        agreed = 0
        real = _real_roots(e)
        for env, t in zip(self.envs, target):
            v = value(real, env, table)
            if not close(v, t):
                return False
            agreed += v is not None
        return agreed >= 3


def sample(f: Expr, d: Expr, names: list[str], table=None, seed: int = 0,
           answers=()) -> Points:
    """Up to :data:`POINTS` random points where ``f`` and its derivative ``d`` are both
    defined, away from poles (|f′| below 10⁸); then points far from 0 and on both sides of
    every kink of ``f`` and of ``answers`` (:mod:`calcdiff.commands.kinks`) where, besides,
    each of ``answers`` is finite in doubles: those look for values that differ, not for
    domains (exp(3x)/(exp(2x) + exp(3x)) is 0/0 in doubles at x = -1264)."""
    rng = random.Random(seed)
    pts = Points(list(names))
    answers = [_real_roots(a) for a in answers]

    def add(env: dict, also=()) -> bool:
        fv, dv = value(f, env, table), value(d, env, table)
        if fv is None or dv is None or abs(dv) > 1e8:
            return False
        if any(value(a, env, table) is None for a in also):
            return False
        pts.envs.append(env)
        pts.reference.append(dv)
        return True

    for k in range(TRIES):
        lo, hi = RANGES[k % len(RANGES)]
        if add({n: round(rng.uniform(lo, hi), 6) for n in names}) and len(pts.envs) >= POINTS:
            break
    base = pts.envs[0] if pts.envs else None
    for env in kink_points((f, *answers), names, base, table) + far_points(names, base, rng):
        add(env, answers)
    return pts


def _outside_domain(e: Expr, env: dict, table=None) -> bool:
    """Is the point outside ``e``'s real domain (a logarithm or root of a negative number, a
    division by 0 that 30 digits confirm)? Not where doubles merely overflow (exp(3*x) at
    x = 300), or divide by a round-off's 0; nor an
    intermediate complex number, which SymPy's digits would carry to a real value
    (sqrt(x)**2 at x < 0 is undefined: no real square root)."""
    try:
        v = evaluate(_real_roots(e), env, table)
    except (OverflowError, FloatOverflow):  # too large for a double, not undefined
        return False
    except (CalcdiffError, ArithmeticError, ValueError, KeyError, TypeError) as exc:
        if "division by zero" in str(exc):  # a true 0, or round-off: sinh(x) + cosh(x) is 0
            return high_precision(e, env, table) is None  # in doubles at x = -22, e^x is not
        return True
    return isinstance(v, complex)


def _real_roots(e: Expr) -> Expr:
    """``e`` with each power to a fraction of odd denominator written as a real root's power
    (x^(-2/3) as root(x, 3)^-2): doubles have no x^(-2/3) at x < 0, the real cube root has --
    the textbook's answer for the derivative of ∛x is not undefined there (a square root of a
    negative number still is)."""
    def real(n: Expr) -> Expr:
        if type(n) is Pow and type(n.exp) is Num:
            q = n.exp.value.denominator
            if q > 1 and q % 2 == 1:
                return Pow(Call("root", (n.base, Num(q))), Num(n.exp.value.numerator))
        return n

    return bottom_up(e, lambda n, kids: real(rebuild(n, kids) if kids else n))


def high_precision(e: Expr, env: dict, table=None) -> complex | None:
    """``e`` at the point with 30 significant digits (SymPy), or None where undefined."""
    import sympy  # lazy: only a disagreement in doubles needs the oracle

    try:
        s = to_sympy(e, table=table)
        subs = {sympy.Symbol(k): sympy.Float(repr(v), HP_DIGITS) for k, v in env.items()}
        v = complex(s.evalf(HP_DIGITS, subs=subs))
    except (TypeError, ValueError, ZeroDivisionError, AttributeError, ArithmeticError):
        return None
    finite = math.isfinite(v.real) and math.isfinite(v.imag)
    if not finite or abs(v.imag) > 1e-12 * max(1, abs(v)):
        return None
    return v


@dataclass
class Difference:
    """A point where the answer and the derivative differ, with both values (None where
    one is undefined)."""

    at: dict
    answer: float | None
    derivative: float | None
    by: float | None = None  # answer − derivative at 30 digits, where doubles cannot tell


@dataclass
class Verdict:
    equal: bool
    method: str  # "symbolic" | "numeric (N points)" | "numeric, 30 digits (N points)"
    differences: list[Difference] = field(default_factory=list)
    difference: Expr | None = None  # answer − derivative simplified, where that was cheap


def difference(a: Expr, b: Expr, table=None) -> Expr | None:
    """``a − b`` simplified, where that is cheap; None where it is not (or fails)."""
    if size(a) + size(b) > SYMBOLIC_MAX_NODES:
        return None
    try:
        return simplify(sub(a, b), table=table)
    except (CalcdiffError, ArithmeticError, RecursionError, LookupError, TypeError, ValueError):
        return None  # the simplifier cannot decide (or fails): the numbers will


def symbolically_equal(a: Expr, b: Expr, table=None) -> bool:
    """True when a − b simplifies to 0 (only tried where that is cheap)."""
    return a == b or difference(a, b, table) == Num(0)


def surely_nonzero(e: Expr) -> bool:
    """Whether the constant ``e`` is nonzero by its form alone: a nonzero number, e, pi, an
    exponential, and powers and products of them (``10**(-10**10)`` without its digits)."""
    t = type(e)
    if t is Num:
        return e.value != 0
    if t is Const:
        return True
    if t is Neg:
        return surely_nonzero(e.arg)
    if t is Mul:
        return all(surely_nonzero(a) for a in e.args)
    if t is Div:
        return surely_nonzero(e.num) and surely_nonzero(e.den)
    if t is Pow:
        return surely_nonzero(e.base) and not e.exp.free
    return t is Call and e.func == "exp" and not e.free


def surely_different(a: Expr, b: Expr, table=None) -> bool:
    """Whether ``a`` and ``b`` differ by a nonzero constant or function by its form alone
    (their difference simplified): no tolerance of doubles makes them the same."""
    d = difference(a, b, table)
    if d is None or d == Num(0):
        return False
    return surely_nonzero(d) if not d.free else surely_nonzero_function(d)


def surely_nonzero_function(e: Expr) -> bool:
    """Whether ``e`` (simplified) is nonzero as a function by its form alone: one term, a
    nonzero constant times powers of variables and exponentials (``10**(-14)*x``,
    ``exp(x)/10**14``), or a polynomial whose monomials are all different (the simplifier
    collects like ones), which vanishes on no open set."""
    terms = e.args if type(e) is Add else (e,)
    seen = set()
    for term in terms:
        key = _monomial(term, polynomial=len(terms) > 1)
        if key is None or key in seen:
            return False
        seen.add(key)
    return True


def _monomial(term: Expr, polynomial: bool):
    """The variables' powers of ``term`` (a sorted tuple) when it is a nonzero constant
    times powers of variables (and, unless ``polynomial``, exponentials); else None."""
    if type(term) is Div:  # (over a nonzero constant)
        if term.den.free or not surely_nonzero(term.den):
            return None
        term = term.num
    if type(term) is Neg:
        term = term.arg
    factors = term.args if type(term) is Mul else (term,)
    powers = []
    for f in factors:
        if not f.free:
            if not surely_nonzero(f):
                return None
        elif type(f) is Sym:
            powers.append((f.name, 1))
        elif type(f) is Pow and type(f.base) is Sym and type(f.exp) is Num \
                and f.exp.value.denominator == 1 and f.exp.value > 0:
            powers.append((f.base.name, int(f.exp.value)))
        elif type(f) is Call and f.func == "exp" and not polynomial:
            powers.append(("exp", 0))
        else:
            return None
    return tuple(sorted(powers))


def compare(answer: Expr, derivative: Expr, points: Points, table=None,
            exact: bool = True) -> Verdict:
    """Is ``answer`` the function ``derivative`` on the sampled domain? ``exact``: the answer
    holds no decimals, so it is held to its exact value: a difference that simplifies to a
    nonzero constant (``2x + 1e-12``), or that 30 digits confirm where doubles agree within
    their tolerance (``1e-10*x``), makes it wrong. An answer with decimals is right within
    the tolerance (``6.2831853*x`` for 2*pi*x)."""
    if answer == derivative:
        return Verdict(True, "symbolic")
    d = difference(answer, derivative, table)
    verdict = _decide(answer, derivative, d, points, table, exact)
    verdict.difference = d
    return verdict


def _decide(answer, derivative, d, points: Points, table, exact: bool) -> Verdict:
    if d == Num(0):
        # the same function where both are defined; wrong where only the derivative is
        # (2*exp(log(x)) for the derivative of x**2 says nothing for x < 0)
        undefined = [Difference(env, None, ref) for env, ref in zip(points.envs,
                                                                    points.reference)
                     if _outside_domain(answer, env, table)]
        if undefined:
            return Verdict(False, f"symbolic, and undefined at {len(undefined)} of "
                                  f"{len(points.envs)} points where the derivative is defined",
                           undefined[:3])
        return Verdict(True, "symbolic")
    if exact and d is not None and not d.free and surely_nonzero(d):
        return Verdict(False, f"symbolic (they differ by the constant {to_plain(d)})")
    if not points.envs:
        return Verdict(False, "numeric (no point of the domain found)")
    diffs = []
    real = _real_roots(answer)  # (2/3)x^(-1/3) at x < 0, as the symbolic path reads it
    for env, ref in zip(points.envs, points.reference):
        v = value(real, env, table)
        if not close(v, ref):
            diffs.append((env, v, ref))
    n = len(points.envs)
    if not diffs:
        if exact and d is not None:
            confirmed = _within_tolerance_only(answer, d, points, table)
            if confirmed:
                return Verdict(False, f"numeric, {HP_DIGITS} digits ({n} points)", confirmed)
            if d.free and surely_nonzero_function(d):
                # (2 + 10^-14)x for 2x: 10^-14·x is below round-off in doubles, and no identity
                return Verdict(False, f"symbolic (they differ by {to_plain(d)})")
        return Verdict(True, f"numeric ({n} points)")
    confirmed = []
    for env, v, ref in diffs:
        if len(confirmed) == 3:
            break  # enough to show; the verdict is settled
        a_hp = high_precision(answer, env, table)
        d_hp = high_precision(derivative, env, table)
        if a_hp is not None and d_hp is not None and abs(a_hp - d_hp) <= HP_TOL * max(1, abs(d_hp)):
            continue  # round-off in doubles: the same value
        if a_hp is None and d_hp is None:
            continue
        confirmed.append(Difference(env, v, ref))
    if not confirmed:
        return Verdict(True, f"numeric, {HP_DIGITS} digits ({n} points)")
    return Verdict(False, f"numeric ({n} points)", confirmed)


ROUND_OFF = 1e-13  # a simplified difference this small (relative) in doubles is round-off


def _within_tolerance_only(answer: Expr, d: Expr, points: Points, table) -> list:
    """The points where the simplified difference ``d`` of an exact answer is more than
    round-off in doubles and 30 digits confirm it (a difference of 1e-10*x passes the
    tolerance of doubles, but is no identity the simplifier missed)."""
    confirmed = []
    for env, ref in zip(points.envs, points.reference):
        dv = value(d, env, table)
        if dv is None or abs(dv) <= ROUND_OFF * max(1.0, abs(ref)):
            continue
        hp = high_precision(d, env, table)
        if hp is not None and abs(hp) > HP_TOL * max(1.0, abs(ref)):
            confirmed.append(Difference(env, value(answer, env, table), ref, hp.real))
            if len(confirmed) == 3:
                break
    return confirmed
