"""Alternate forms of an answer, shown beside the primary one as Wolfram|Alpha shows them:
*expanded* (every product of sums multiplied out), *factored* (the factors common to every
term taken out), and *trig* (a quotient of a function pair written as the family's shortest
member: ``cos(x)/sin(x)`` is ``cot(x)``, ``sin(x)/cos(x)`` is ``tan(x)``, the same for
``cosh``/``sinh``). A form is listed only when it prints differently from the primary form
and from the forms before it, and is not much longer than the primary one; each is equal to
it (the same normal form, rearranged), which the tests check with SymPy."""

from __future__ import annotations

from fractions import Fraction

from calcdiff.deep import call_deep
from calcdiff.read.rule_exprs import builtin_table
from calcdiff.simplify import normal_form_of, was_simplified
from calcdiff.simplify.facts import facts_of
from calcdiff.simplify.poly import EXPAND_MIN_BUDGET
from calcdiff.simplify.reader import Simplifier
from calcdiff.table import Table
from calcdiff.tree.nodes import Add, Call, Div, Expr, Mul, Sym

__all__ = ["alternate_forms"]

# numerator function / denominator function -> the quotient's own function
_QUOTIENTS = {("cos", "sin"): "cot", ("sin", "cos"): "tan",
              ("cosh", "sinh"): "coth", ("sinh", "cosh"): "tanh"}
_PAIRED = {f for pair in _QUOTIENTS for f in pair}
_SLACK = 8  # an alternate may be this many operations longer than the primary form
MAX_NODES = 200  # a larger answer gets none: a reader compares forms of a few lines, and
# factoring a 500-term polynomial cost a quarter of its derive


def alternate_forms(e: Expr, table: Table | None = None) -> list[tuple[str, Expr]]:
    """The alternate forms of the simplified answer ``e``: ``[(name, form), ...]``, names
    among ``expanded``, ``factored``, ``trig``."""
    return call_deep(_alternates, e, table)


def _worth_trying(e: Expr) -> tuple[bool, bool]:
    """Could ``e`` have another form? Only a sum (factored), a product or quotient with a
    sum as a factor (expanded; a sum at a power expands past the slack) or a function of a
    pair (trig) can: a cheap look before the real work. Never past :data:`MAX_NODES`.
    Also: does ``e`` hold a function of a pair (else there is no trig form)?"""
    seen = 0
    stack = [e]
    found = type(e) is Add
    paired = False
    while stack:
        seen += 1
        if seen > MAX_NODES:
            return False, False
        n = stack.pop()
        t = type(n)
        if t is Call and n.func in _PAIRED:
            found = paired = True
        if (t is Mul or t is Div) and any(type(k) is Add for k in n.children()):
            found = True
        stack.extend(n.children())
    return found, paired


def _alternates(e: Expr, table: Table | None) -> list[tuple[str, Expr]]:
    found, paired = _worth_trying(e)
    if not found:
        return []
    facts = facts_of(table or builtin_table())
    known = normal_form_of(e)
    if known is not None and known[0].facts is facts:
        s, P = known  # the answer's own normal form, as the simplifier left it
    else:
        s = Simplifier(facts)
        P = s.run(e)
    seen = {e}
    out: list[tuple[str, Expr]] = []

    def offer(name: str, Q: dict | None) -> None:
        if Q is None:
            return
        f = s.to_expr(Q)
        if f not in seen and s.ops(f) <= s.ops(e) + _SLACK:
            seen.add(f)
            out.append((name, f))

    E = None
    if was_simplified(e) and all(type(b) is Sym and k > 0 and k.denominator == 1
                                 for m in P for b, k in m):
        # a polynomial in variables has nothing to multiply out, and the simplifier printed
        # it as e: the expanded form would be e itself, so it is not built
        pass
    elif not any(type(b) is Add and k < 0 for m in P for b, k in m):
        # a quotient over a sum keeps its one denominator (no x**2/(x - 1)**2 - ...)
        E = s.expand(P, EXPAND_MIN_BUDGET + 4 * len(P))
    if E is not None and len(E) > 1:
        offer("expanded", E)
    if len(P) > 1:  # a product is already as factored as the primary form has it
        offer("factored", s.factored(P))
    if paired:  # no function of a pair, no trig form
        offer("trig", _quotients(s, P))
    return out


def _quotients(s: Simplifier, P: dict) -> dict | None:
    """``P`` with each ``f(u)**k / g(u)**k`` of a known pair written ``h(u)**k``."""
    changed = False
    out: dict = {}
    for m, c in P.items():
        factors = dict(m)
        for (top, bottom), name in _QUOTIENTS.items():
            for b, k in list(factors.items()):
                if type(b) is not Call or b.func != top or k <= 0 or b not in factors:
                    continue
                partner = s.intern(Call(bottom, b.args))
                if factors.get(partner) == -k:
                    del factors[b], factors[partner]
                    q = s.intern(Call(name, b.args))
                    factors[q] = factors.get(q, Fraction(0)) + k
                    changed = True
        key = frozenset((b, k) for b, k in factors.items() if k)
        out[key] = out.get(key, 0) + c
    return out if changed else None
