"""Human-facing one-line notation for terminals and Markdown text: x², θ, √x, |x|, 3x.

Not parseable plain syntax (that is :mod:`calcdiff.printer`); used only for display.
"""

from __future__ import annotations

from ..greek import NAME_TO_CHAR
from ..nodes import Add, Call, Const, Div, Expr, Mul, Neg, Num, Pow, Sym

_SUP = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
GREEK_CHARS = NAME_TO_CHAR


def pretty_name(name: str) -> str:
    if name in GREEK_CHARS:
        return GREEK_CHARS[name]
    stem, _, rest = name.partition("_")
    if stem in GREEK_CHARS:
        return GREEK_CHARS[stem] + ("_" + rest if rest else "")
    import re

    m = re.match(r"^([a-z]+)(\d+)$", name)
    if m and m.group(1) in GREEK_CHARS:
        return GREEK_CHARS[m.group(1)] + m.group(2)
    return name


def _wrap(s: str, yes: bool) -> str:
    return f"({s})" if yes else s


def pretty(e: Expr) -> str:
    from ..deep import call_deep

    return call_deep(_pretty, e)


def _pretty(e: Expr) -> str:
    t = type(e)
    if t is Num:
        v = e.value
        return str(v.numerator) if v.denominator == 1 else f"{v.numerator}/{v.denominator}"
    if t is Sym:
        return pretty_name(e.name)
    if t is Const:
        return "e" if e.name == "E" else "π"
    if t is Neg:
        a = e.arg
        return "−" + _wrap(_pretty(a), type(a) in (Add, Neg, Mul, Div) and not _simple_mul(a))
    if t is Add:
        out = _pretty(e.args[0]) if type(e.args[0]) is not Add else f"({_pretty(e.args[0])})"
        for a in e.args[1:]:
            if type(a) is Neg:
                out += " − " + _wrap(_pretty(a.arg), type(a.arg) in (Add, Neg))
            elif type(a) is Num and a.value < 0:
                out += " − " + _pretty(Num(-a.value))
            else:
                s = _pretty(a)
                out += (" + " + _wrap(s, type(a) is Add or s.startswith("−")))
        return out
    if t is Mul:
        parts = []
        for i, a in enumerate(e.args):
            s = _pretty(a)
            need = type(a) in (Add, Mul) or (i > 0 and (type(a) in (Neg, Div) or s.startswith("−")))
            if type(a) is Num and a.value.denominator != 1 and i > 0:
                need = True
            parts.append(_wrap(s, need))
        # 3x, 2xy: juxtapose a leading number with a following letter; else use a middle dot
        out = parts[0]
        for prev, cur, node in zip(parts, parts[1:], e.args[1:]):
            if prev[-1:].isdigit() and type(node) in (Sym, Pow) and cur[:1].isalpha():
                out += cur
            else:
                out += "·" + cur
        return out
    if t is Div:
        n, d = e.num, e.den
        ns = _wrap(_pretty(n), type(n) in (Add,))
        ds = _wrap(_pretty(d), type(d) in (Add, Mul, Div, Neg) or (type(d) is Num and d.value < 0))
        return f"{ns}/{ds}"
    if t is Pow:
        b, x = e.base, e.exp
        bs = _wrap(_pretty(b), type(b) in (Add, Mul, Div, Neg, Pow)
                   or (type(b) is Num and (b.value < 0 or b.value.denominator != 1)))
        if type(x) is Num and x.value.denominator == 1:
            return bs + str(x.value.numerator).translate(_SUP)
        xs = _pretty(x)
        return f"{bs}^{_wrap(xs, type(x) not in (Sym, Const, Call) and not (type(x) is Num and x.value >= 0 and x.value.denominator == 1))}"
    if t is Call:
        f = e.func
        args = [_pretty(a) for a in e.args]
        if f == "abs":
            return f"|{args[0]}|"
        if f == "sqrt":
            return "√" + _wrap(args[0], type(e.args[0]) not in (Sym, Num, Const))
        if f == "exp":
            x = e.args[0]
            simple = type(x) in (Sym, Const) or (type(x) is Num and x.value >= 0)
            return "e^" + _wrap(args[0], not simple)
        if f == "log" and len(args) == 1:
            return f"ln({args[0]})"
        if f == "log":
            return f"log_{_wrap(args[1], type(e.args[1]) not in (Sym, Num))}({args[0]})"
        if f == "sigmoid":
            return f"σ({args[0]})"
        return f"{f}({', '.join(args)})"
    return str(e)


def _simple_mul(e: Expr) -> bool:
    return False
