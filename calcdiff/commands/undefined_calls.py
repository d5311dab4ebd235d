"""Calls undefined for every value of their variables: a logarithm of a number that is not
positive, or to a base that is not positive or is 1, a root of index 0, and a square root
(or logarithm) of a negative number in disguise (``sqrt(x - x - 1)``, ``ln(x - x)``): an
error with a caret under the call, never an answer (read by :func:`calcdiff.commands.request.
read`)."""

from __future__ import annotations

from calcdiff.errors import CalcdiffError, DomainError
from calcdiff.read.reading import Reading
from calcdiff.simplify import simplify
from calcdiff.tree.nodes import Call, Const, Expr, Num, Sym, size
from calcdiff.tree.printer import to_plain


def check_undefined_calls(reading: Reading) -> None:
    """A logarithm of a number that is not positive (``log(0)``), or to a base that is not
    positive or is 1 (``log_0(x)``, ``log_1(x)``), a root of index 0 (``root(x, 0)``), and a
    square root of a negative number in disguise (``sqrt(x - x - 1)``) are undefined
    everywhere: an error with a caret under it, never an answer."""
    budget = [HIDDEN_CONSTANT_CALLS]  # arguments simplified to look for a hidden constant
    for node in _checked_calls(reading.expr):
        problem = None
        u = node.args[0]
        if node.func == "root":
            if len(node.args) == 2 and type(node.args[1]) is Num and node.args[1].value == 0:
                problem = "root(u, 0) is undefined: the index of a root must not be 0"
        elif node.func == "sqrt":
            c = _disguised(u, budget)  # sqrt(x - x - 1) is sqrt(-1): not real anywhere
            if c is not None and c.value < 0:
                problem = (f"sqrt({to_plain(u)}) is not a real number: its argument is "
                           f"{to_plain(c)}")
        else:
            problem = _log_problem(node, u, budget)
        if problem is not None:
            start, end = reading.spans.get(id(node), (None, None))
            inner = reading.spans.get(id(u))
            if start is not None and inner is not None and not (start <= inner[0] < end):
                start, end = inner  # a span the parser lost (log(-2)): point at the argument
            raise DomainError(problem, reading.text, start, end,
                              hint="the expression is undefined for every value")


def _log_problem(node: Call, u: Expr, budget: list) -> str | None:
    """Why the logarithm ``node`` of ``u`` is undefined everywhere, or None."""
    if type(u) is Num and u.value <= 0:
        return f"log({to_plain(u)}) is undefined: the logarithm needs a positive argument"
    if len(node.args) == 2 and type(node.args[1]) is Num and (
            node.args[1].value <= 0 or node.args[1].value == 1):
        return (f"a logarithm to base {to_plain(node.args[1])} is undefined: the base must be "
                "positive and not 1")
    c = _disguised(u, budget)  # ln(x - x) is log(0): undefined everywhere
    if c is not None and c.value <= 0:
        return (f"log({to_plain(u)}) is undefined: its argument is {to_plain(c)}, and "
                "the logarithm needs a positive argument")
    return None


HIDDEN_CONSTANT_NODES = 60  # a log's or sqrt's argument this small is simplified to look inside
HIDDEN_CONSTANT_CALLS = 32  # ... for this many calls of an input


def _disguised(u: Expr, budget: list) -> Num | None:
    """``u`` simplified, when that is a number although ``u`` has variables (``x - x``) and
    is small (:data:`HIDDEN_CONSTANT_NODES`); else None. ``budget``: how many arguments an
    input may still have simplified (:data:`HIDDEN_CONSTANT_CALLS`: ten thousand square
    roots are not ten thousand simplifications)."""
    if type(u) is Num or not u.free or budget[0] <= 0 or size(
            u, HIDDEN_CONSTANT_NODES) > HIDDEN_CONSTANT_NODES:
        return None
    budget[0] -= 1
    try:
        c = simplify(u)
    except CalcdiffError:
        return None
    return c if type(c) is Num else None


def _checked_calls(expr: Expr) -> list[Call]:
    """Every ``log``, ``root`` and ``sqrt`` call of ``expr``, parents before children (the
    order of ``walk``), without visiting the leaves."""
    found = []
    stack = [expr]
    while stack:
        node = stack.pop()
        kind = type(node)
        if kind is Num or kind is Sym or kind is Const:
            continue
        if kind is Call and (node.func == "log" or node.func == "root" or node.func == "sqrt"):
            found.append(node)
        stack.extend(reversed(node.children()))
    return found
