"""Why a wrong answer is wrong: the one misapplied rule that turns the correct derivation
into it (:mod:`calcdiff.deriving.mistakes`; of an implicit derivative, the rule misapplied in
differentiating a side of the equation), else what can be seen of it (the expression itself,
k times the derivative, a constant off)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from calcdiff.algebra.build import add, div, negate
from calcdiff.commands.equivalence import (Points, close, surely_different,
                                           surely_nonzero_function, value)
from calcdiff.commands.implicit import solved_for_prime
from calcdiff.deep import call_deep
from calcdiff.deriving.engine import Engine
from calcdiff.deriving.mistakes import (
    DIFFERENTIATED_AGAIN,
    NOT_HELD_CONSTANT,
    SOLVED_INVERTED,
    SOLVED_SIGN_LOST,
    STOPPED_EARLY,
    WRONG_VARIABLE,
    Candidate,
    Mistake,
    candidates,
    misapplied,
)
from calcdiff.errors import CalcdiffError
from calcdiff.names import natural_order, ordinal
from calcdiff.results_grade import Also, Diagnosis
from calcdiff.simplify import simplify as simplify_tree
from calcdiff.tree.nodes import Call, Expr, Num, walk
from calcdiff.tree.printer import to_plain

ALSO = 4  # at most this many other mistakes listed as explaining the answer equally
MOST_CANDIDATES = 4000  # (mistake, step) pairs tried, over every differentiation


@dataclass
class _Found:
    """A mistake that gives the answer: where it was made and the derivative it gives."""

    mistake: Mistake
    derivative: Expr  # the whole derivative with the mistake
    part: int | None  # the differentiation it was made in (1, 2, …); None: the whole
    candidate: Candidate | None = None  # a rule misapplied at one step; else:
    step_expr: Expr | None = None  # (a mistake of a whole differentiation, or of the whole
    var: str = ""  # derivative) what was differentiated, by what, and what was done
    done: str = ""
    of: Expr | None = None  # what the differentiation was of, where not derive's (its rules' form)

    @property
    def key(self) -> tuple:
        return self.mistake.id, _label(self.candidate), self.part, self.of


def diagnose(d, answer: Expr, points: Points, table, exact: bool = False) -> Diagnosis | None:
    """The mistake that gives the answer: of the order (an earlier derivative given); else the
    first of the catalogue, at the first step, in the last differentiation (the earlier ones
    taken as right); else of that whole differentiation (another variable, or the others not
    held constant), or one differentiation too many; else in an earlier differentiation,
    every later one done right. The others that give the answer too, as alternatives."""
    target = points.values(answer, table)
    if sum(v is not None for v in target) < 3:
        return None
    found = _stopped_early(d, target, points, table)
    last, budget = len(d.parts), [MOST_CANDIDATES]
    found += _misapplied_in(d, last, target, points, table, budget)
    found += _whole_mistakes(d, target, points, table)
    for k in range(last - 1, 0, -1):
        found += _misapplied_in(d, k, target, points, table, budget)
    if exact:  # held to its exact value as the verdict was: exp(x)(1 + 10^-14) is no e^x″
        found = [f for f in found if not surely_different(f.derivative, answer, table)]
    return _diagnosis(found, d.result, table)


def diagnose_equation(r, answer: Expr, points: Points, table, simplify: str = "basic"
                      ) -> Diagnosis | None:
    """The mistake that gives the answer to an implicit derivative (``r``, an
    :class:`~calcdiff.results_implicit.ImplicitDerivative` of the first order): the first of
    the catalogue, at the first step, in differentiating the left side, then the right one,
    with y′ then solved for as derive solves; else of the solving itself (the sign lost, or
    dx/dy given). The points are on the curve."""
    target = points.values(answer, table)
    if r.order > 1 or sum(v is not None for v in target) < 3:
        return None
    x, y = r.independent, r.dependent
    found, budget = [], MOST_CANDIDATES
    for k, side in enumerate(r.sides, 1):
        other = r.sides[2 - k].simplified
        tried = candidates(side.step, table, budget) if budget > 0 else []
        budget -= len(tried)
        for c in tried:
            wrong = misapplied(side.step, c, table)
            try:
                _, _, solved = solved_for_prime(*((wrong, other) if k == 1 else (other, wrong)),
                                                r.expr, x, y, simplify, table)
            except CalcdiffError:
                continue  # no y′ left to solve for: no answer a student could give
            if points.matches(solved, target, table):
                found.append(_Found(c.mistake, solved, k, c))
    prime = f"{y}′"
    for mistake, wrong, done in (
            (SOLVED_SIGN_LOST, negate(r.first), f"solved a·{prime} = b as {prime} = −b/a"),
            (SOLVED_INVERTED, div(r.coefficient, r.rest),
             f"solved a·{prime} = b as {prime} = a/b, which is d{x}/d{y}")):
        if points.matches(wrong, target, table):
            found.append(_Found(mistake, wrong, None, None, r.first, x, done))
    return _diagnosis(found, r.result, table)


def _diagnosis(found: list[_Found], right: Expr, table) -> Diagnosis | None:
    """The first mistake found, with the others that give the same answer as alternatives;
    ``right``: the derivative without a mistake."""
    if not found:
        return None
    first = found[0]
    also, seen = [], {first.key}
    for other in found[1:]:
        if other.key not in seen and len(also) < ALSO:
            seen.add(other.key)
            also.append(Also(other.mistake.id, other.mistake.name, other.key[1], other.part,
                             other.of))
    m, c, wrong = first.mistake, first.candidate, _clean(first.derivative, table)
    if c is None:  # a mistake of a whole differentiation, or of the whole derivative
        return Diagnosis(m.id, m.name, m.explain, "top", first.step_expr, first.var, "",
                         first.done, wrong, right, wrong, also, first.part)
    return Diagnosis(m.id, m.name, m.explain, _label(c), c.step.expr, c.step.var, c.step.rule,
                     c.done, _clean(c.wrong, table), _clean(c.step.result, table), wrong, also,
                     first.part, first.of, c.step)


def _misapplied_in(d, k: int, target, points: Points, table, budget: list[int]) -> list[_Found]:
    """The catalogue's mistakes at every step of differentiation ``k`` (1, 2, …) that give the
    answer, with the earlier differentiations right and the later ones done right on the
    wrong result; at most ``budget[0]`` of them tried (what is left is put back)."""
    later = d.wrt[k:]
    out = []
    for root, of in _roots(d, k, table):
        if budget[0] <= 0:
            break
        tried = candidates(root, table, budget[0])
        budget[0] -= len(tried)
        for c in tried:
            wrong = misapplied(root, c, table)
            try:
                for v in later:
                    wrong = call_deep(Engine(v, table).d, wrong).result
            except CalcdiffError:
                continue
            if points.matches(wrong, target, table):
                out.append(_Found(c.mistake, wrong, k, c, of=of))
    return out


def _roots(d, k: int, table) -> list:
    """The derivations of differentiation ``k`` to look for a mistake in, as (its first step,
    what it differentiates where that is not derive's): derive's own, of the answer before
    it simplified; and, where the rules gave that answer in another form (2*x*sin(x) +
    x**2*cos(x) for x*(x*cos(x) + 2*sin(x))), the one of the rules' form, which a student
    differentiates on."""
    part = d.parts[k - 1]
    out = [(part.step, None)]
    if k > 1:
        before = d.parts[k - 2].step.result
        if before != part.expr:
            try:
                out.append((call_deep(Engine(part.var, table).d, before), before))
            except CalcdiffError:
                pass
    return out


def _stopped_early(d, target, points: Points, table) -> list[_Found]:
    """A derivative of higher order (or a mixed partial) answered by one of the derivatives
    on the way to it: the first derivative for the second."""
    out = []
    n = len(d.parts)
    for k, part in enumerate(d.parts[:-1], 1):
        if points.matches(part.simplified, target, table):
            by = d.wrt[:k]
            this = (f"the {ordinal(k)} derivative" if len(set(d.wrt)) == 1 else
                    f"the derivative by {', then '.join(by)} only")
            done = (f"stopped after {k} of the {n} differentiations: this is {this}")
            out.append(_Found(STOPPED_EARLY, part.simplified, None, None, d.expr,
                              d.wrt[-1], done))
    return out


def _whole_mistakes(d, target, points: Points, table) -> list[_Found]:
    """Of the last differentiation as a whole, with several variables: by another variable, or
    with the other variables not held constant (the sum of every partial derivative); and
    one differentiation too many."""
    part = d.parts[-1]
    f, var, k = part.expr, part.var, len(d.parts)
    out = []
    others = [v for v in natural_order(f.free) if v != var]
    if others:
        partials = {v: Engine(v, table).d(f).result for v in natural_order(f.free)}
        for v in others:
            if points.matches(partials[v], target, table):
                out.append(_Found(WRONG_VARIABLE, partials[v], k, None, f, var,
                                  "differentiated with respect to another variable"))
                break
        total = add(*partials.values())
        if points.matches(total, target, table):
            out.append(_Found(NOT_HELD_CONSTANT, total, k, None, f, var,
                              "differentiated the other variables too, each with derivative 1"))
    try:
        again = call_deep(Engine(var, table).d, d.result).result
    except CalcdiffError:
        return out
    if again != Num(0) and points.matches(again, target, table):
        out.append(_Found(DIFFERENTIATED_AGAIN, again, None, None, d.expr, var,
                          f"differentiated {k + 1} times: this is the {ordinal(k + 1)} "
                          "derivative" if len(set(d.wrt)) == 1 else
                          f"differentiated by {var} once more"))
    return out


def _label(c) -> str:
    return "top" if c is None or not c.label else c.label


def _clean(e: Expr, table) -> Expr:
    try:
        return simplify_tree(e, table=table)
    except (CalcdiffError, ArithmeticError, LookupError, TypeError, ValueError):
        return e


def _right_on_one_side(points, a_vals) -> str | None:
    """"it equals the derivative where x > 0 only": where the answer is the derivative at the
    points with a variable on one side of a boundary and its negation at the others
    (1/sqrt(1 - x^2) for (acos(sqrt(1 - x^2)))′, the textbook's answer for 0 < x < 1; 1 for
    sqrt(x^2 + 2x + 1), right where x > -1); else None. The boundary is 0, or a kink of the
    expression that the points sampled on both sides of it bracket closely."""
    rows = [(env, a, r) for env, a, r in zip(points.envs, a_vals, points.reference)
            if a is not None and r != 0 and not (close(a, r) and close(a, -r))]
    # (a value so near 0 that both signs match says nothing: 4|x|^3 beside a kink at 0)
    same = [env for env, a, r in rows if close(a, r)]
    flipped = [env for env, a, r in rows if close(a, -r)]
    if not same or not flipped or len(same) + len(flipped) != len(rows):
        return None
    for name in points.names:
        right = [env[name] for env in same]
        wrong = [env[name] for env in flipped]
        if min(right) > max(wrong):
            sign, c = ">", _boundary(max(wrong), min(right))
        elif max(right) < min(wrong):
            sign, c = "<", _boundary(max(right), min(wrong))
        else:
            continue
        if c is not None:
            opposite = "<" if sign == ">" else ">"
            return (f"the answer equals the derivative where {name} {sign} {c} only; where "
                    f"{name} {opposite} {c} it has the opposite sign")
    return None


BRACKET = 3e-3  # an interval this narrow (relative to max(1, |its ends|)) brackets a kink


def _boundary(lo: float, hi: float) -> str | None:
    """The boundary between the points at most ``lo`` and those at least ``hi``: 0 where it
    lies between, else, where they are near enough to bracket a kink (sampled on both sides
    of it, equally far), the fraction of denominator at most 12 at their midpoint, to a
    fiftieth of their distance (the sides' rounding is far less; pi's 22/7 is farther);
    None where the points do not say where it is."""
    if lo < 0 < hi:
        return "0"
    if hi - lo > BRACKET * max(1.0, abs(lo), abs(hi)):
        return None
    mid, tol = (lo + hi) / 2, (hi - lo) / 50
    for q in range(1, 13):
        p = round(mid * q)
        if abs(p / q - mid) <= tol:
            return str(Fraction(p, q))
    return None


def _log_base(f: Expr, k: float) -> str | None:
    """Where ``f`` holds log and the answer is 1/ln 10 (or 1/ln 2) times the derivative: the
    answer is right for log read as base 10 (or 2), which calcdiff reads as ln."""
    if not any(type(n) is Call and n.func == "log" and len(n.args) == 1 for n in walk(f)):
        return None
    for base in (10, 2):
        if abs(k * math.log(base) - 1) <= 1e-9:
            return (f"the answer is the derivative with log read as log base {base}; calcdiff "
                    f"reads log as the natural logarithm, ln (write log{base}(x) for base "
                    f"{base}): it is 1/ln({base}) times the derivative")
    return None


_ITSELF = ("no single mistake explains the answer: it is the expression itself, not its "
           "derivative")
_DOMAINS_DIFFER = ("the answer equals the derivative where both are defined, but is undefined "
                   "at points where the derivative is defined")


def _factor(k: float) -> str:
    """``k`` as a short decimal where it is one (3.5, -1), else as a simple fraction (1/3,
    -2/3), else its digits."""
    q = Fraction(k).limit_denominator(100)
    if abs(float(q) - k) > 1e-9 * abs(k):
        return f"{k:.10g}"
    return f"{float(q):.10g}" if 1000 % q.denominator == 0 else str(q)


def _where_it_shows(d: Expr, table) -> str:
    """Where a difference too small at the points compared for doubles to show is not
    (exp(-1000 x^2) is 1 at x = 0), or that it is too small."""
    names = natural_order(d.free)
    for v in (0, 1, -1):
        env = {n: float(v) for n in names}
        dv = value(d, env, table)
        if dv is not None and abs(dv) > 1e-6:
            at = ", ".join(f"{n} = {v}" for n in names)
            return (f"which is {dv:.6g} at {at} (at the points compared it was too small "
                    "for doubles to show)")
    return "too little for doubles to show"


def hint(f: Expr, answer: Expr, d: Expr | None, points: Points, table,
         itself: bool = True, said: str | None = None) -> str:
    """When no single mistake explains the answer: what it is, if anything simple.
    ``itself``: whether an answer may be the expression itself (not of an equation, which is
    0 at every point of its curve); ``said``: ``f`` in words, where not its plain syntax."""
    if d == Num(0):  # 2*exp(log(x)) for the derivative of x**2
        return _DOMAINS_DIFFER
    if itself and answer == f:  # 7 for the derivative of 7: the expression, not a constant's
        return _ITSELF
    extra = sorted(answer.free - f.free)
    if extra:
        return (f"no single mistake explains the answer; it contains {', '.join(extra)}, "
                f"which {'does' if len(extra) == 1 else 'do'} not occur in "
                f"{said or to_plain(f)}")
    if d is not None and not d.free and d != Num(0):  # answer − derivative, simplified
        return ("no single mistake explains the answer: it differs from the derivative by "
                f"the constant {to_plain(d)}")
    a_vals = points.values(answer, table)
    pairs = [(a, r) for a, r in zip(a_vals, points.reference) if a is not None]
    if pairs and d is not None and d.free and all(close(a, r) for a, r in pairs) \
            and surely_nonzero_function(d):  # exp(x)(1 + 10^-14): no identity, only small
        return ("no single mistake explains the answer: it differs from the derivative by "
                f"{to_plain(d)}, {_where_it_shows(d, table)}")
    if len(pairs) >= 2 and len(pairs) < len(a_vals) and all(close(a, r) for a, r in pairs):
        # ln(x) + 1 for x ln|x|: right at every point where it is defined (x > 0), undefined
        # at the others, as the symbolic check says of 2 exp(ln x) for (x^2)'
        return _DOMAINS_DIFFER
    if len(pairs) >= 3:
        if itself and all(close(a, fv) for a, fv in zip(a_vals, points.values(f, table))
                          if a is not None):
            return _ITSELF
        sign = _right_on_one_side(points, a_vals)
        if sign is not None:
            return sign
        nonzero = [(a, r) for a, r in pairs if r != 0]
        if len(nonzero) >= 3 and all(close(a, 0) for a, r in pairs if r == 0):
            # (answer − derivative)/derivative the same at every point, to its own size (a
            # tolerance on the values would call cos x + 1e-9 x 0.99999… times cos x); where
            # the derivative is 0 (exp(-2x) far out, in doubles) so is the answer
            ratios = [(a - r) / r for a, r in nonzero]
            if ratios[0] != 0 and all(abs(q - ratios[0]) <= 1e-6 * abs(ratios[0])
                                      for q in ratios):
                return _log_base(f, 1 + ratios[0]) or (
                    f"no single mistake explains the answer: it is {_factor(1 + ratios[0])} "
                    "times the derivative")
        c = pairs[0][0] - pairs[0][1]
        # the exact difference, where there is one, says whether it is a constant
        if (d is None or not d.free) and all(close(a - r, c) for a, r in pairs):
            return f"no single mistake explains the answer: it differs from the derivative " \
                   f"by the constant {c:.6g}"
    return "no single mistake explains the answer"


