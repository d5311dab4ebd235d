"""What the simplifier reads from the rule table, compiled once per table.

* **parity** (``rule.parity``): an odd function takes a sign out of its argument
  (``sin(-u) = -sin(u)``), an even one drops it (``cos(-u) = cos(u)``);
* **exact values** (``rule.values``, repeated by ``period`` and mirrored by ``parity``): a
  function at a constant argument that the table knows is replaced by its value (``sin(0) =
  0``, ``cos(pi/12) = (sqrt(6) + sqrt(2))/4``, ``asin(sqrt(2)/2) = pi/4``, ``sigmoid(0) =
  1/2``); an argument is matched by its simplified form;
* **identities** (``identities = [...]`` in an entry, in calcdiff's expression language, the
  placeholder ``u`` standing for any argument), of two forms the simplifier knows how to apply:

  - a function of a function, ``f(g(u)) -> R``, for ``f`` the entry's function: ``R`` is a
    number times powers (``sqrt`` is the power 1/2) of ``u``, of polynomials in ``u``, and of
    calls ``h(polynomial in u)`` of a function of the left side (``softplus(log(u)) ->
    log(u + 1)``), so that no identity brings in a function the input does not hold;
  - a Pythagorean identity, ``f(u)^2 + g(u)^2 -> 1`` or ``f(u)^2 - g(u)^2 -> 1``, for ``f``
    the entry's function.

  Any other form is refused with the file, the entry and the reason (:class:`RuleFileError`).

The identities are parsed with calcdiff's own parser, never evaluated as Python.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction

from calcdiff.algebra.values import constant_key
from calcdiff.errors import CalcdiffError, RuleFileError
from calcdiff.read.parser import parse
from calcdiff.table import PLACEHOLDERS, FunctionRule, Table
from calcdiff.tree.nodes import Add, Call, Div, Expr, Mul, Neg, Num, Pow, Sym

U = Sym("u")


@dataclass(frozen=True)
class NestedIdentity:
    """``f(g(u)) -> coef * Π factor**r``; a factor is ``("u", None, r)``, ``("poly", terms,
    r)`` or ``("call", (h, terms), r)``, ``terms`` a polynomial in u as ``((coef, k), ...)``
    with the constant last."""

    text: str
    coef: Fraction | int
    factors: tuple


@dataclass(eq=False)
class Facts:
    """The rule table's facts for the simplifier, compiled from one :class:`Table`.

    Parity is read at once (a field). Exact values and identities cost a parse, so a built-in
    entry's are compiled when the simplifier first meets its function (:meth:`learn`,
    :meth:`values_of`); a user entry's identities are compiled at once, so that a form the
    simplifier cannot apply is refused when the file is loaded."""

    table: Table
    odd: frozenset = frozenset()
    even: frozenset = frozenset()
    valued: frozenset = frozenset()  # functions whose entries give exact values
    with_identities: frozenset = frozenset()  # functions whose entries give identities
    nested: dict = field(default_factory=dict)  # (f, g) -> NestedIdentity
    nesting: set = field(default_factory=set)  # the f of nested: calls worth a closer look
    pythagoras: dict = field(default_factory=dict)  # f -> (g, s): f(u)**2 + s*g(u)**2 == 1
    square_of: dict = field(default_factory=dict)  # (g, c, s) -> f: c + s*g(u)**2 == f(u)**2
    squared: set = field(default_factory=set)  # the f of pythagoras: squares to look for
    _values: dict = field(default_factory=dict)  # f -> {key: value}, read on first use
    # f -> its identities not yet compiled: (the functions their left side names, text)
    _waiting: dict = field(default_factory=dict)

    def learn(self, funcs, whole: bool = False) -> None:
        """Compile the identities of the entries of ``funcs`` (the functions of an input)
        whose left side names only functions of ``funcs``: ``sin(asin(u)) -> u`` waits for an
        input holding asin, and ``sin(u)^2 + cos(u)^2 -> 1`` for one holding cos (no rewrite
        brings in a function an identity's left side nests or pairs). ``whole``: every
        identity of ``funcs``, at once (a user's file is checked when loaded)."""
        waiting = self._waiting
        for f in funcs & self.with_identities:
            pending = waiting.get(f)
            if pending is None:
                rule = self.table.functions[f]
                pending = waiting[f] = [(_left_functions(self.table, text), text)
                                        for text in rule.identities]
            if not pending:
                continue
            for needed, text in list(pending):
                if whole or needed <= funcs:
                    pending.remove((needed, text))
                    _add_identity(self, self.table, self.table.functions[f], text)

    def values_of(self, f: str, canonical) -> dict:
        """``{key: value Expr}``: the exact values of ``f``, keyed as :func:`constant_key`
        keys a number or a multiple of pi, any other argument by its simplified tree
        (``canonical`` makes it)."""
        hit = self._values.get(f)
        if hit is None:
            hit = {}
            for a, v in self.table.functions[f].values.items():
                key = constant_key(a)
                hit[key if type(key) is tuple else canonical(a)] = v
            self._values[f] = hit
        return hit


_compiled: dict = {}  # id(table) -> (table, Facts), for the last few tables
_KEEP = 16


def facts_of(table: Table) -> Facts:
    """The facts of ``table`` (once per table); raises :class:`RuleFileError` for a user
    identity of a form the simplifier cannot apply."""
    hit = _compiled.get(id(table))
    if hit is not None and hit[0] is table:
        return hit[1]
    facts = compile_facts(table)
    if len(_compiled) >= _KEEP:
        _compiled.clear()
    _compiled[id(table)] = (table, facts)
    return facts


def compile_facts(table: Table, everything: bool = False) -> Facts:
    """``table``'s facts; built-in identities wait for :meth:`Facts.learn` unless
    ``everything``."""
    functions = table.functions
    facts = Facts(
        table,
        odd=frozenset(f for f, r in functions.items() if r.parity == "odd"),
        even=frozenset(f for f, r in functions.items() if r.parity == "even"),
        valued=frozenset(f for f, r in functions.items() if _has_values(r)),
        with_identities=frozenset(f for f, r in functions.items() if r.identities),
    )
    facts.learn(frozenset(f for f, r in functions.items() if everything or not r.builtin),
                whole=True)
    return facts


def _has_values(rule: FunctionRule) -> bool:
    """Does the entry give exact values (read without parsing them)?"""
    text = getattr(rule, "values_text", None)
    return bool(text) if text is not None else bool(rule.values)


_CALLED = re.compile(r"([A-Za-z][A-Za-z0-9_]*)\s*\(")


def _left_functions(table: Table, text: str) -> frozenset:
    """The functions an identity's left side calls, read from its text without parsing it.
    A name the table does not know is kept as written: no input holds it, so the identity
    waits for ever, and could never apply (a user's file is compiled whole when loaded, the
    built-in one whole by the tests, so a bad identity is still refused)."""
    left = text.split("->")[0]
    return frozenset(table.names.get(name, name) for name in _CALLED.findall(left))


def _number(v: Fraction):
    return v.numerator if v.denominator == 1 else v


class _Refused(Exception):
    pass


def _add_identity(facts: Facts, table: Table, rule: FunctionRule, text: str) -> None:
    where = f"{rule.file}: entry {rule.id!r}: identity {text!r}"
    sides = text.split("->")
    if len(sides) != 2:
        raise RuleFileError(f"{where}: write it as 'left -> right'")
    try:
        lhs, rhs = (parse(side, vars=PLACEHOLDERS, table=table).expr for side in sides)
    except CalcdiffError as exc:
        raise RuleFileError(f"{where}: {exc.message}") from None
    extra = sorted((lhs.free | rhs.free) - {"u"})
    if extra:
        raise RuleFileError(f"{where}: uses {extra[0]!r}; only the placeholder u may appear")
    f = rule.function
    try:
        if type(lhs) is Call:
            _add_nested(facts, f, lhs, rhs, text)
        elif type(lhs) is Add:
            _add_pythagorean(facts, f, lhs, rhs)
        else:
            raise _Refused("the left side must be f(g(u)) or f(u)^2 ± g(u)^2")
    except _Refused as exc:
        raise RuleFileError(f"{where}: {exc}; the simplifier applies only f(g(u)) -> a product "
                            f"of powers of u, of polynomials in u and of functions of the left "
                            f"side, and f(u)^2 ± g(u)^2 -> 1, for f = {f}") from None


def _add_nested(facts: Facts, f: str, lhs: Call, rhs: Expr, text: str) -> None:
    inner = lhs.args[0] if len(lhs.args) == 1 else None
    if lhs.func != f or type(inner) is not Call or len(inner.args) != 1 or inner.args[0] != U:
        raise _Refused(f"the left side must be {f}(g(u))")
    g = inner.func
    if (f, g) in facts.nested:
        raise _Refused(f"a second identity for {f}({g}(u))")
    coef, factors = _product(rhs, {f, g})
    facts.nesting.add(f)
    facts.nested[(f, g)] = NestedIdentity(text, _number(Fraction(coef)), tuple(factors))


def _product(e: Expr, funcs: set):
    """``e`` as ``(coef, [(kind, data, r), ...])`` in the order its factors are written."""
    coef = Fraction(1)
    factors = []

    def visit(n: Expr, r: Fraction) -> None:
        nonlocal coef
        t = type(n)
        if t is Num:
            if r.denominator != 1:
                raise _Refused(f"the number {n.value} under a root")
            coef *= n.value ** int(r)
        elif t is Mul:
            for a in n.args:
                visit(a, r)
        elif t is Div:
            visit(n.num, r)
            visit(n.den, -r)
        elif t is Neg:
            if r.denominator != 1:
                raise _Refused("a negative number under a root")
            coef *= (-1) ** int(r)
            visit(n.arg, r)
        elif t is Pow and type(n.exp) is Num:
            visit(n.base, r * n.exp.value)
        elif t is Call and n.func == "sqrt" and len(n.args) == 1:
            visit(n.args[0], r / 2)
        elif n == U:
            factors.append(("u", None, r))
        elif t is Add:
            factors.append(("poly", _polynomial(n), r))
        elif t is Call and len(n.args) == 1:
            if n.func not in funcs:
                raise _Refused(f"the right side brings in {n.func}, which the left side lacks")
            factors.append(("call", (n.func, _polynomial(n.args[0])), r))
        else:
            raise _Refused("the right side is not a product of powers")

    visit(e, Fraction(1))
    return coef, factors


def _polynomial(e: Expr) -> tuple:
    """A polynomial in u as ``((coef, k), ...)``, highest power first, the constant last."""
    acc: dict = {}
    stack = [(e, 1)]
    while stack:
        n, s = stack.pop()
        t = type(n)
        if t is Add:
            stack.extend((a, s) for a in n.args)
            continue
        if t is Neg:
            stack.append((n.arg, -s))
            continue
        c, k = Fraction(s), None
        parts = n.args if t is Mul else (n,)
        for p in parts:
            if type(p) is Num:
                c *= p.value
            elif p == U and k is None:
                k = 1
            elif (type(p) is Pow and p.base == U and type(p.exp) is Num and k is None
                  and p.exp.value.denominator == 1 and p.exp.value > 0):
                k = int(p.exp.value)
            else:
                raise _Refused("a sum that is not a polynomial in u")
        acc[k or 0] = acc.get(k or 0, 0) + c
    return tuple((_number(c), k) for k, c in sorted(acc.items(), reverse=True) if c)


def _add_pythagorean(facts: Facts, f: str, lhs: Add, rhs: Expr) -> None:
    if rhs != Num(Fraction(1)) or len(lhs.args) != 2:
        raise _Refused("a sum of two squares must equal 1")
    (f1, s1), (g1, s2) = (_square(a) for a in lhs.args)
    if f1 != f or s1 != 1:
        raise _Refused(f"the left side must start with {f}(u)^2")
    if f in facts.pythagoras:
        raise _Refused(f"a second Pythagorean identity for {f}")
    facts.pythagoras[f] = (g1, s2)
    facts.squared.add(f)
    # f**2 + s*g**2 = 1: 1 - s*g**2 = f**2, and s*(1 - f**2) = g**2
    facts.square_of[(g1, 1, -s2)] = f
    facts.square_of[(f, s2, -s2)] = g1


def _square(e: Expr) -> tuple[str, int]:
    """``±f(u)^2`` as ``(f, ±1)``."""
    sign = 1
    if type(e) is Neg:
        sign, e = -1, e.arg
    if (type(e) is Pow and type(e.exp) is Num and e.exp.value == 2 and type(e.base) is Call
            and e.base.args == (U,)):
        return e.base.func, sign
    raise _Refused("each term must be f(u)^2 or -f(u)^2")
