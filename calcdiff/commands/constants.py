"""A constant part of the input that is not a real number (``asin(2)``, ``sqrt(-1)``,
``acsc(0)``) makes the whole expression undefined for every value of its variables: an
error with a caret under that part, never a derivative "by the constant rule".

Each largest constant part is evaluated in doubles; where that fails it is simplified
exactly (``acos(sqrt(2)^2/2)`` is acos(1), whose double argument rounds above 1) and
evaluated again, and only a failure SymPy confirms at 50 digits is reported — a
rounding error never refuses a valid input.
"""

from __future__ import annotations

from calcdiff.algebra.build import substitute
from calcdiff.algebra.evaluate import FloatProgram, evaluate
from calcdiff.errors import DomainError, FloatOverflow
from calcdiff.read.reading import Reading
from calcdiff.simplify import simplify
from calcdiff.sympy_bridge import to_sympy
from calcdiff.tree.nodes import Call, Const, Expr, Num, Pow, Sym, walk
from calcdiff.tree.printer import to_plain


def check_constants(reading: Reading, table) -> None:
    """Raise DomainError at the first constant part of the reading that is not real."""
    stack = [reading.expr]
    push = stack.extend
    while stack:
        node = stack.pop()
        kind = type(node)
        if kind is Call or kind is Pow:
            if not node.free:
                culprit = _undefined_part(node, table)
                if culprit is not None:
                    _refuse(reading, culprit)
                continue  # the largest constant part: its parts were just looked at
        elif kind is Num or kind is Sym or kind is Const:
            continue  # a leaf: nothing to evaluate, nothing below
        push(reversed(node.children()))


def _undefined_part(node: Expr, table) -> Expr | None:
    """The innermost part of the constant ``node`` that is not a real number, or None."""
    if not _fails(node, table):
        return None
    while True:
        inner = next((c for c in node.children() if type(c) in (Call, Pow)
                      and _fails(c, table)), None)
        if inner is None:
            return node
        node = inner


def _fails(node: Expr, table) -> bool:
    try:
        evaluate(node, {}, table)
        return _pole(node, table)
    except FloatOverflow:
        return False  # a large number, still a real one: exp(1000)
    except KeyError:
        return False  # f(2) of an undefined function f: nothing to evaluate
    except DomainError:
        pass
    try:
        evaluate(simplify(node), {}, table)
        return False
    except FloatOverflow:
        return False
    except DomainError:
        return _sympy_confirms(node, table)


POLE = 1e12  # a double this large from a function with a definition: perhaps a pole
TINY = 1e-12  # an argument this small in doubles: perhaps exactly 0


def _pole(node: Expr, table) -> bool:
    """Whether a call in the constant ``node`` is undefined exactly where doubles cannot
    see it: on a pole (tan(pi/2) is 1.6e16 in doubles, but its definition sin(u)/cos(u)
    divides by cos(pi/2) = 0 exactly), or at an argument that is exactly 0 (log(cos(pi/2))
    is -37.3 in doubles, log(0) exactly). Looked at only where a double is past :data:`POLE`
    or an argument within :data:`TINY` of 0."""
    calls = [n for n in walk(node) if type(n) is Call and n.func in table.functions]
    if not calls:
        return False
    # every call's value and its arguments' in one pass over the distinct sub-trees (one
    # evaluate per argument would be quadratic in a chain: sin(sin(…(1))))
    parts = [*calls, *(a for n in calls for a in n.args)]
    try:
        values = dict(zip(parts, FloatProgram(parts, table)({})))
    except (DomainError, KeyError):
        return False  # not reached: the whole constant evaluated already
    for n in calls:
        rule = table.functions[n.func]
        try:
            if any(0 < abs(values[a]) < TINY for a in n.args):
                exact = [simplify(a) for a in n.args]
                if any(type(a) is Num and a.value == 0 for a in exact):
                    evaluate(Call(n.func, tuple(exact)), {}, table)  # log(0): DomainError
            if rule.definition is None or abs(values[n]) < POLE:
                continue
            simplify(substitute(rule.definition, dict(zip(("u", "n"), n.args))))
        except FloatOverflow:
            continue  # a large real number, not a pole: sinh(1000)
        except DomainError:
            return True
        except (ArithmeticError, ValueError):
            continue
    return False


SUB_PARTS = 200  # the parts of a constant looked at one by one on this error path, at most


def _sympy_confirms(node: Expr, table) -> bool:
    """SymPy agrees that ``node``, or a part of it, is not a real number (only on this error
    path: SymPy takes 0.4 s to import). A part too: calcdiff works over the reals, where
    abs(sqrt(-1)) has no value, though SymPy's complex |i| is 1."""
    parts = [n for n in walk(node) if type(n) is Call or type(n) is Pow][:SUB_PARTS]
    return any(_not_real(part, table) for part in [node, *parts])


def _not_real(node: Expr, table) -> bool:
    import sympy  # lazy: only this error path needs SymPy

    try:
        v = to_sympy(node, rewrite_activations=True, table=table).evalf(50)
    except (ZeroDivisionError, ValueError, TypeError):
        return True  # mpmath divides by zero: acsc(0)
    if v.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo) or not v.is_number:
        return True
    re, im = v.as_real_imag()
    return abs(im) > sympy.Float(10) ** -40 * max(1, abs(re))


def located(reading: Reading, exc):
    """``exc`` (a :class:`~calcdiff.errors.NegativeBase` the engine raised at a power of the
    reading) with the input echoed and the caret under that power."""
    found = [reading.spans[id(n)] for n in walk(exc.node) if id(n) in reading.spans]
    if found and exc.text is None:
        exc.text = reading.text
        exc.start = min(a for a, _ in found)
        exc.end = max(b for _, b in found)
    return exc


def _refuse(reading: Reading, culprit: Expr) -> None:
    """The caret runs under every character the culprit was read from (a power's own span
    is its operator)."""
    found = [reading.spans[id(n)] for n in walk(culprit) if id(n) in reading.spans]
    start = min((a for a, _ in found), default=None)
    end = max((b for _, b in found), default=None)
    raise DomainError(f"{to_plain(culprit)} is not a real number", reading.text, start, end,
                      hint="the expression is undefined for every value")

