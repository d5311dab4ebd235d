"""What an expression applies: the names of its functions (which no placeholder of a
statement may take), and whether it applies a piecewise function (an argument that does can
be 0 on a whole interval: the engine then uses a rule's ``flat_derivative``)."""

from __future__ import annotations

import math
import random
from functools import cache

from calcdiff import undefined as unknown
from calcdiff.algebra.evaluate import evaluate, float_functions, float_step
from calcdiff.errors import CalcdiffError
from calcdiff.tree.nodes import LEAVES, Add, Call, Const, Expr, Num, Pow, Sym

_FUNCTIONS: dict = {}  # id(a root) -> (the root, the names of the functions it applies)


def function_names(e: Expr) -> frozenset:
    """The names of the functions ``e`` applies, an unknown function's derivative by its
    function's (f of f'(x)): the user's names, which no placeholder may take (``f(x)·g(x)``
    is not stated as (f·g)′ with f = f(x)). Walked once per root: every partial of a
    gradient has the same one (the last few are kept, by identity)."""
    found = _FUNCTIONS.get(id(e))
    if found is not None and found[0] is e:
        return found[1]
    names = set()
    seen: set = set()
    stack = [e]
    while stack:  # distinct()'s walk, inlined: leaves are never stacked (a drill line's
        node = stack.pop()  # every node but its sums and products is one)
        t = type(node)
        if t is Call:
            parts = unknown.split(node.func)
            names.add(node.func if parts is None else parts[0])
        for c in node.children():
            k = type(c)
            if k in LEAVES or (k is Pow and type(c.base) in LEAVES and type(c.exp) in LEAVES):
                continue  # x, x**3: no call below
            if id(c) not in seen:
                seen.add(id(c))
                stack.append(c)
    functions = frozenset(names)
    if len(_FUNCTIONS) >= 8:
        _FUNCTIONS.clear()
    _FUNCTIONS[id(e)] = (e, functions)
    return functions


def applies_piecewise(e: Expr, table, known: dict) -> bool:
    """Does ``e`` apply a function whose rule is ``piecewise`` (abs, relu, heaviside, sign)?
    ``known``: id(node) -> the answer, kept by the caller for the nodes of one tree."""
    return _post_order(e, known, lambda n, kids: (
        type(n) is Call and _piecewise(table, n)) or any(kids))


def can_be_flat(e: Expr, table, known: dict, pieces: dict) -> bool:
    """Can ``e`` be constant on a whole interval of its variables? Only through a piecewise
    function: relu, heaviside or sign of a variable argument (each flat on a side), a sum
    that applies one (x - |x| is 0 for x > 0), and a function, product or power of
    something that can be. Not |x| or |x|**2, which are nowhere flat (their outer |u| keeps
    u/|u|). ``known``, ``pieces``: the answers so far, by id(node), of this and of
    :func:`applies_piecewise`."""

    def flat(n, kids) -> bool:
        t = type(n)
        if t is Add:
            return any(applies_piecewise(c, table, pieces) for c in n.args)
        if t is Call and _piecewise(table, n) and _flat_on_a_side(table.functions[n.func]):
            return bool(n.free)  # relu(x) is 0 for x < 0 (|u| is flat only where u is)
        if t is Pow:
            return kids[0]  # (the exponent's flatness alone leaves 1**u, 0**u: no matter)
        return any(kids)

    return _post_order(e, known, flat)


def zero_somewhere(e: Expr, table, known: dict) -> bool:
    """Is ``e`` exactly 0 at one of :data:`SAMPLES` random points? An argument that can be
    flat (:func:`can_be_flat`) and is 0 on a whole interval is 0 at a good share of them
    (x - |x| at every x > 0); one that is 0 only at single points (1/2 - x + relu(x - x^2))
    at none, and keeps its outer function's own derivative (a region of zeros narrower
    than the draws can find keeps it too). ``known``: id(node) -> its values at the points,
    kept by the caller for one tree (a chain's arguments nest: each node is computed once,
    not once for every argument above it)."""
    funcs = float_functions(table)

    def values(n, kids) -> tuple:
        t = type(n)
        if t is Sym:
            return _draws(n.name)
        if t is Num or t is Const:
            v = float(n.value) if t is Num else (math.e if n.name == "E" else math.pi)
            return (v,) * SAMPLES
        out = []
        for args in zip(*kids):
            if None in args:
                out.append(None)
                continue
            try:
                v = float_step(n, args, funcs)
            except (ArithmeticError, ValueError, TypeError, CalcdiffError):
                v = None
            out.append(v if isinstance(v, float) and math.isfinite(v) else None)
        return tuple(out)

    return any(v == 0.0 for v in _post_order(e, known, values))


@cache
def _draws(name: str) -> tuple:
    """The values of a variable at the :data:`SAMPLES` points: within 1, 10 and 100 of 0 in
    turn, the same in every run (the generator is seeded by the name)."""
    rng = random.Random(name)
    return tuple(rng.uniform(-w, w) for w in (1.0, 10.0, 100.0) * (SAMPLES // 3))


SAMPLES = 48  # random points at which a flat argument's zeros are looked for


def _flat_on_a_side(rule) -> bool:
    """Is the piecewise function of ``rule`` constant on one side of its kink (its derivative
    0 at u = -1 or u = 1: relu, heaviside, sign; not abs)?"""
    known = _SIDES.get(rule.id)
    if known is None or known[0] is not rule:
        flat = False
        for u in (-1.0, 1.0):
            try:
                flat = flat or evaluate(rule.derivative, {"u": u}) == 0
            except (CalcdiffError, ArithmeticError, ValueError):
                pass
        known = _SIDES[rule.id] = (rule, flat)
    return known[1]


_SIDES: dict = {}  # rule id -> (the rule, is it flat on a side?)


def _piecewise(table, n: Call) -> bool:
    rule = table.functions.get(n.func)
    return rule is not None and rule.piecewise


def _post_order(e: Expr, known: dict, answer) -> bool:
    """``answer(node, its children's answers)`` for ``e``, each node once (``known``), without
    recursion (an argument may be a thousand levels deep)."""
    stack = [e]
    while stack:
        n = stack[-1]
        if id(n) in known:
            stack.pop()
            continue
        kids = [c for c in n.children() if id(c) not in known]
        if kids:
            stack.extend(kids)
            continue
        stack.pop()
        known[id(n)] = answer(n, [known[id(c)] for c in n.children()])
    return known[id(e)]
