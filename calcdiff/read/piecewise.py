"""``max`` and ``min``, read as the ReLU they are written with: ``max(0, x)`` is relu(x), the
hinge ``max(0, 1 - y t)`` is relu(1 - y t), and in general

    max(a, b) = a + relu(b - a)        min(a, b) = a - relu(a - b)

with a constant argument taken as ``a`` (``max(x, 0)`` is relu(x), not x + relu(-x)), and
more arguments folded from the left (``max(a, b, c)`` is max(max(a, b), c)). Everything
calcdiff knows of relu then holds for them: its derivative, the corner where the two
arguments meet (not differentiable there), exact values, --check. A reading note says how
the call was read."""

from __future__ import annotations

from calcdiff.tree.nodes import Add, Call, Expr, Neg, Num, Pow
from calcdiff.tree.printer import to_plain

PIECEWISE = frozenset(("max", "min"))
ZERO = Num(0)
FLAGS = frozenset(("piecewise",))  # the resolver's flag on a called max or min


def _minus(e: Expr) -> Expr:
    if type(e) is Num:
        return Num(-e.value)
    if type(e) is Neg:
        return e.arg
    if type(e) is Add:
        return Add(tuple(_minus(t) for t in e.args))
    return Neg(e)


def _plus(a: Expr, b: Expr) -> Expr:
    """a + b as one sum, its numbers added up (a 0 dropped)."""
    terms = [*(a.args if type(a) is Add else (a,)), *(b.args if type(b) is Add else (b,))]
    number = sum((t.value for t in terms if type(t) is Num), Num(0).value)
    out, placed = [], False
    for t in terms:  # the numbers' sum where the first number was (1 - y t, not -y t + 1)
        if type(t) is not Num:
            out.append(t)
        elif not placed:
            placed = True
            if number:
                out.append(Num(number))
    if not out:
        return Num(0)
    return out[0] if len(out) == 1 else Add(tuple(out))


def _relu(e: Expr) -> Expr:
    return Call("relu", (e,))


def larger(a: Expr, b: Expr, name: str) -> Expr:
    """max(a, b) (``name`` "max") or min(a, b), written with relu."""
    if type(a) is Num and type(b) is Num:
        return Num(max(a.value, b.value) if name == "max" else min(a.value, b.value))
    if a.free and not b.free:  # a constant as a: max(x, 0) is relu(x)
        a, b = b, a
    if name == "max":
        return _plus(a, _relu(_plus(b, _minus(a))))
    return _plus(a, _minus(_relu(_plus(a, _minus(b)))))


def piecewise(p, ftok, args: list[Expr], end: int, paren: bool, power: int | None) -> Expr:
    """The parser ``p``'s reading of ``max(…)`` or ``min(…)`` (the token ``ftok``, its
    ``args``, ending at ``end``), with its note."""
    name = ftok.text
    if not paren or len(args) < 2:
        raise p.error(f"{name} takes two or more arguments in brackets, like {name}(0, x)",
                      ftok, start=ftok.start, end=end)
    node = args[0]
    for arg in args[1:]:
        node = larger(node, arg, name)
    if power is not None:
        node = Pow(node, Num(power))
    written = p.src(ftok.start, end)
    shown = to_plain(node)
    if len(args) == 2 and not (args[0] == ZERO or args[1] == ZERO):
        shown += (": max(a, b) = a + relu(b - a)" if name == "max" else
                  ": min(a, b) = a - relu(a - b)")
    p.note("piecewise", f"{written} read as {shown}, with relu(u) = max(0, u)", ftok.start, end)
    return p.mark(node, ftok.start, end)
