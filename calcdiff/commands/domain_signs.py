"""What the expression's own domain says about the signs of its variables.

Where the input holds f(v) or f(1/v) of a variable v and f is real only for a non-negative
argument (its rule entry says ``argument_nonnegative``: log, sqrt, acosh, asech), every point
where the expression -- and so its derivative -- is defined has v ≥ 0, and |v| there is v.
The final answer's |v| is then written v: ``asech(x) - acosh(1/x)`` is constant on its
domain (0, 1], and its derivative simplifies to 0 only once |x| is x.
"""

from __future__ import annotations

from calcdiff.algebra.build import substitute
from calcdiff.simplify import normal_form_of, session_memo
from calcdiff.tree.nodes import LEAVES, Call, Div, Expr, Num, Pow, Sym, bottom_up, distinct, rebuild


def nonnegative_variables(f: Expr, table) -> frozenset[str]:
    """The variables v of ``f`` that ``f``'s domain keeps ≥ 0 (under ``shared_work`` found
    once per ``f``: every partial of a gradient asks of the same one)."""
    memo = session_memo("nonnegative-variables")
    hit = None if memo is None else memo.get(id(f))
    if hit is not None and hit[0] is f and hit[1] is table:
        return hit[2]
    found = _nonnegative(f, table)
    if memo is not None:
        memo[id(f)] = (f, table, found)
    return found


def _nonnegative(f: Expr, table) -> frozenset[str]:
    found = set()
    functions = table.functions
    for node in distinct(f):
        if type(node) is not Call:
            continue
        rule = functions.get(node.func)
        if rule is None or not rule.argument_nonnegative:
            continue
        v = _variable_of(node.args[0])
        if v is not None:
            found.add(v)
    return frozenset(found)


def _variable_of(u: Expr) -> str | None:
    """v for the argument v, 1/v or v**(-1) (each ≥ 0 exactly where v is, or is undefined)."""
    if type(u) is Sym:
        return u.name
    if type(u) is Div and type(u.num) is Num and u.num.value > 0 and type(u.den) is Sym:
        return u.den.name
    if (type(u) is Pow and type(u.base) is Sym and type(u.exp) is Num
            and u.exp.value == -1):
        return u.base.name
    return None


def without_abs(e: Expr, names: frozenset[str]) -> Expr:
    """``e`` with |v| written v for each v in ``names`` (``e`` itself when there is none)."""
    if not names & e.free:
        return e

    def visit(node: Expr, kids: list) -> Expr:
        if (type(node) is Call and node.func == "abs" and type(kids[0]) is Sym
                and kids[0].name in names):
            return kids[0]
        if all(k is c for k, c in zip(kids, node.children())):
            return node
        return rebuild(node, kids)

    return bottom_up(e, visit)


_ROOTS = frozenset(("sqrt", "cbrt", "root"))
_ABS, _ROOT = 1, 2


def _own_bits(n: Expr) -> int:
    t = type(n)
    if t is Call:
        return _ABS if n.func == "abs" else _ROOT if n.func in _ROOTS else 0
    if t is Pow and type(n.exp) is Num and n.exp.value.denominator != 1:
        return _ROOT
    return 0


def _abs_and_root(e: Expr) -> int:
    """Whether ``e`` holds an abs (bit 1) and a root (bit 2), each distinct node read once.
    Under ``shared_work`` each compound node's bits are remembered: the 6,400 entries of an
    80-variable Hessian share one denominator, the 1,000 partials of sqrt(Σ x_i²) one root,
    and each is read once, not once an entry."""
    memo = session_memo("abs-and-root-bits")  # id -> (node, its bits)
    if memo is None:
        memo = {}
    hit = memo.get(id(e))
    if hit is not None and hit[0] is e:
        return hit[1]
    stack = [(e, False)]
    pop, push = stack.pop, stack.append
    while stack:
        n, done = pop()
        if done:
            bits = _own_bits(n) if type(n) is Call or type(n) is Pow else 0
            for c in n.children():
                if type(c) not in LEAVES:
                    bits |= memo[id(c)][1]
            memo[id(n)] = (n, bits)
            continue
        known = memo.get(id(n))
        if known is not None and known[0] is n:
            continue
        push((n, True))
        for c in n.children():
            if type(c) not in LEAVES:
                push((c, False))
    return memo[id(e)][1]


def _in_variables(e: Expr) -> bool:
    """Whether ``e`` is the simplifier's last answer and, by its normal form, a sum of
    variables at whole powers (a polynomial's derivative): then it holds no abs and no root,
    and is not walked to find out."""
    known = normal_form_of(e)
    if known is None:
        return False
    for m in known[1]:
        for b, k in m:
            if type(b) is not Sym or (type(k) is not int and k.denominator != 1):
                return False
    return True


def on_the_domain(answer: Expr, names, simplify) -> Expr:
    """The simplified ``answer`` with |v| = v for the variables ``names()`` gives (asked
    only when the answer has an abs or a root: the expression is walked once then). Where
    the answer has a root, it is first read with each v as |v| (the same value on the
    domain), so that the simplifier takes |v| out of ``sqrt(1/v**2 - 1)`` and cancels it:
    ``-1/(x*sqrt(1 - x**2)) + 1/(x**2*sqrt(1/x**2 - 1))`` is 0."""
    if _in_variables(answer):
        return answer
    bits = _abs_and_root(answer)
    if not bits:
        return answer
    has_root = bool(bits & _ROOT)
    names = names() & answer.free
    if not names:
        return answer
    if has_root:
        absolute = substitute(answer, {v: Call("abs", (Sym(v),)) for v in names})
        answer = simplify(absolute)
    signed = without_abs(answer, names)
    return simplify(signed) if signed is not answer else answer
