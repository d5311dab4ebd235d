"""Plain syntax: the one string form of an expression used in JSON and the text format.

Python operators (``**``, explicit ``*``), ``E`` and ``exp(u)``, ``pi``, ``log(u)`` for ln and
``log(u, b)`` for other bases, and the function names of ``rules/``. The printer is faithful
to the tree: ``parse(to_plain(e)) == e`` for every tree (tested with hypothesis), so brackets
appear exactly where the tree needs them.

Written without recursion on the Python stack, so 1,000-deep chains print as fast as sums.
"""

from __future__ import annotations

from fractions import Fraction

from calcdiff.tree.nodes import Add, Call, Const, Div, Expr, Mul, Neg, Num, Pow, Sym


def _num(v: Fraction) -> str:
    if v.denominator == 1:
        return str(v.numerator)
    return f"{v.numerator}/{v.denominator}"


def _starts_with_minus(e: Expr) -> bool:
    while True:
        t = type(e)
        if t is Num:
            return e.value < 0
        if t is Neg:
            return True
        if t is Mul or t is Add:
            e = e.args[0]
        elif t is Div:
            e = e.num
        elif t is Pow:
            # a base that starts with a minus is always bracketed
            return False
        else:
            return False


def to_plain(e: Expr, max_chars: int | None = None) -> str:
    """The plain-syntax string of ``e``; with ``max_chars``, cut there and end in " …"
    (work stops too, so a huge expression costs only what is shown)."""
    out: list[str] = []
    length = 0
    counted = 0
    # work stack of either strings (emit) or (node, wrap) pairs
    stack: list = [(e, False)]
    while stack:
        if max_chars is not None and len(out) - counted >= 64:
            length += sum(map(len, out[counted:]))
            counted = len(out)
            if length > max_chars:
                return "".join(out)[:max_chars] + " …"
        item = stack.pop()
        if type(item) is str:
            out.append(item)
            continue
        node, wrap = item
        if wrap:
            out.append("(")
            stack.append(")")
        t = type(node)
        if t is Num:
            out.append(_num(node.value))
        elif t is Sym:
            out.append(node.name)
        elif t is Const:
            out.append(node.name)
        elif t is Neg:
            a = node.arg
            out.append("-")
            # -(a*b) must keep its brackets: -a*b reads as (-a)*b
            stack.append((a, a.prec <= Neg.prec or type(a) in (Mul, Div)))
        elif t is Add:
            parts: list = []
            for i, a in enumerate(node.args):
                if i == 0:
                    parts.append((a, type(a) is Add))
                elif type(a) is Neg:
                    parts.append(" - ")
                    inner = a.arg
                    parts.append((inner, inner.prec <= Add.prec or _starts_with_minus(inner)))
                elif type(a) is Num and a.value < 0:
                    parts.append(" - ")
                    parts.append((Num(-a.value), False))
                else:
                    parts.append(" + ")
                    parts.append((a, type(a) is Add or _starts_with_minus(a)))
            stack.extend(reversed(parts))
        elif t is Mul:
            parts = []
            for i, a in enumerate(node.args):
                if i == 0:
                    parts.append((a, a.prec < Neg.prec or type(a) is Mul))
                else:
                    parts.append("*")
                    parts.append((a, a.prec <= Mul.prec or _starts_with_minus(a)))
            stack.extend(reversed(parts))
        elif t is Div:
            n, d = node.num, node.den
            # Div(Num, Num) is never built: the parser and the simplifier fold it to a Num.
            stack.append((d, d.prec <= Div.prec or _starts_with_minus(d)))
            stack.append("/")
            stack.append((n, n.prec < Neg.prec))
        elif t is Pow:
            b, x = node.base, node.exp
            stack.append((x, x.prec < Pow.prec or _starts_with_minus(x)))
            stack.append("**")
            stack.append((b, b.prec <= Pow.prec))
        elif t is Call:
            parts = [node.func + "("]
            for i, a in enumerate(node.args):
                if i:
                    parts.append(", ")
                parts.append((a, False))
            parts.append(")")
            stack.extend(reversed(parts))
        else:  # pragma: no cover
            raise TypeError(f"cannot print {t.__name__}")
    return "".join(out)
