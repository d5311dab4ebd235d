"""The matrix tree as text: Unicode (Xᵀ(Xw − y)), ASCII (X^T*(X*w - y)) and LaTeX (bold
vectors, ``^\\top``). One walker; the three notations differ only in the table below."""

from __future__ import annotations

import re

from fractions import Fraction

from calcdiff.greek import NAME_TO_CHAR as _GREEK
from calcdiff.matrix.nodes import (
    DiagV, Det, Diff, Div, Elem, EntrySum, Had, Ident, Inv, MExpr, Norm, Num, Ones, Power,
    SCALAR, Prod, Softmax, Sum, T, Tr, Var, Zero,
)

NAME_TO_CHAR = {**_GREEK, "lambda": "λ"}  # θ for theta (ϑ is the variant letter's)
LATEX_GREEK = {name: "\\" + ("lambda" if name == "lamda" else name) for name in NAME_TO_CHAR}
FUNC_UNICODE = {"sigmoid": "σ"}
FUNC_LATEX = {"sigmoid": r"\sigma", "exp": r"\exp", "log": r"\log", "tanh": r"\tanh",
              "sin": r"\sin", "cos": r"\cos"}
SUPER = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")

SUM, PROD, POSTFIX, ATOM = 10, 20, 30, 40


def _prec(e: MExpr) -> int:
    if isinstance(e, Sum):
        return SUM
    if isinstance(e, (Prod, Had, Div)) or (isinstance(e, Num) and e.value < 0):
        return PROD
    if isinstance(e, Ones) and _outer(e):
        return PROD
    if isinstance(e, Num) and e.value.denominator != 1:
        return PROD
    if isinstance(e, (T, Inv, Power)):
        return POSTFIX
    return ATOM


def _outer(e: Ones) -> bool:
    """Is ``e`` a matrix of ones (neither a row nor a column), written 𝟏𝟏ᵀ?"""
    return e.shape[0] != 1 and e.shape[1] != 1


def unicode_name(v: Var) -> str:
    """``v``'s name as the unicode view prints it (θ for theta, λ for lamda)."""
    return _Style("unicode").name(v)


class _Style:
    def __init__(self, kind: str):
        self.kind = kind

    def name(self, v: Var) -> str:
        base, _, sub = v.name.partition("_")
        if self.kind == "ascii":
            return v.name
        if self.kind == "unicode":
            return NAME_TO_CHAR.get(base, base) + (("_" + sub) if sub else "")
        head = LATEX_GREEK.get(base, base)
        if len(base) > 1 and base not in LATEX_GREEK:
            head = rf"\mathrm{{{base}}}"
        if v.kind == "vector":
            head = (rf"\boldsymbol{{{head}}}" if base in LATEX_GREEK
                    else rf"\mathbf{{{base}}}")
        return head + (f"_{{{sub}}}" if sub else "")


def write(e: MExpr, kind: str = "unicode") -> str:
    """``e`` in notation ``kind``: unicode, ascii or latex."""
    return _write(e, _Style(kind))


def _wrap(e: MExpr, s: _Style, above: int) -> str:
    text = _write(e, s)
    if _prec(e) < above:
        return (r"\left(" + text + r"\right)") if s.kind == "latex" else f"({text})"
    return text


def _num(v: Fraction, s: _Style) -> str:
    if v.denominator == 1:
        return str(v.numerator)
    if s.kind == "latex":
        sign = "-" if v < 0 else ""
        return rf"{sign}\frac{{{abs(v.numerator)}}}{{{v.denominator}}}"
    return f"{v.numerator}/{v.denominator}"


def _call(name: str, inner: str, s: _Style) -> str:
    if s.kind == "latex":
        head = FUNC_LATEX.get(name, rf"\operatorname{{{name}}}")
        return head + r"\left(" + inner + r"\right)"
    if s.kind == "unicode":
        name = FUNC_UNICODE.get(name, name)
    return f"{name}({inner})"


def _postfix(base: str, mark: str, s: _Style) -> str:
    if s.kind == "latex":
        return base + "^{" + {"T": r"\top", "-1": "-1", "-T": r"-\top"}.get(mark, mark) + "}"
    if s.kind == "ascii":  # ^(3/2): an exponent is one factor, as the reader reads it back
        return f"{base}^({mark})" if "/" in mark else f"{base}^{mark}"
    return base + {"T": "ᵀ", "-1": "⁻¹", "-T": "⁻ᵀ"}.get(mark, mark.translate(SUPER))


def _scalars_first(factors: list) -> list:
    """``factors`` with each scalar inner product that cannot be read left to right where it
    stands (I·(aᵀx) printed I*a^T*x: an n×n matrix times a row) moved to the front, whole:
    (aᵀx)·I. A scalar commutes; beside a column (x·aᵀ·x) left to right reads right."""
    out: list = []
    front: list = []
    for f in factors:
        if isinstance(f, Prod) and f.shape == SCALAR and out and out[-1].shape != SCALAR \
                and out[-1].shape[1] != 1:
            front.append(f)
        else:
            out.append(f)
    if not front:
        return factors
    lead = [f for f in out[:1] if isinstance(f, Num)]
    return lead + front + out[len(lead):]


_CALLED = re.compile(r"[^\W\d_]{2,}\(")  # exp(, log(, tr(: a function's name and bracket
_LETTER = re.compile(r"[A-Za-zα-ωΑ-Ω]")  # a name's last letter (not Xᵀ's mark, not a digit)


def _product(e: Prod, s: _Style) -> str:
    factors = list(e.factors)
    factors = _scalars_first(factors)
    lead = ""
    if factors and isinstance(factors[0], Num) and factors[0].value < 0:
        v = -factors[0].value
        lead = "-" if s.kind != "unicode" else "−"
        factors = factors[1:] if v == 1 else [Num(v), *factors[1:]]
    parts = []
    for i, f in enumerate(factors):
        nested = isinstance(f, Prod) and not (isinstance(f.factors[0], Num)
                                              and f.factors[0].value < 0) and (
            i == len(factors) - 1 or f.shape != SCALAR)  # (aᵀx)I keeps its brackets
        # a product inside a product needs no brackets: matrix products associate
        text = _write(f, s) if nested else _wrap(f, s, POSTFIX if i else
                                                  (PROD if lead else PROD + 1))
        if isinstance(f, Num) and f.value.denominator != 1 and s.kind != "latex":
            text = f"({text})" if i else text
        parts.append(text)
    sep = "*" if s.kind == "ascii" else (" " if s.kind == "latex" else "")
    if s.kind == "unicode":
        # a space between two multi-letter names keeps W1 x from reading as W1x
        out = parts[0] if parts else ""
        for p in parts[1:]:
            # and a dot before a function written after a name (y·exp(−ywᵀx), not yexp(…))
            apart = (out[-1].isdigit() and p[0].isdigit()) or (
                _LETTER.match(out[-1]) is not None and _CALLED.match(p) is not None)
            out += ("·" if apart else "") + p
        return lead + out
    return lead + sep.join(parts)


def _write(e: MExpr, s: _Style) -> str:  # noqa: C901 - one case per node type
    if isinstance(e, Var):
        return s.name(e)
    if isinstance(e, Num):
        return _num(e.value, s)
    if isinstance(e, Zero):
        return {"latex": r"\mathbf{0}", "ascii": "0"}.get(s.kind, "0")
    if isinstance(e, Ones):
        ones = {"latex": r"\mathbf{1}", "ascii": "ones"}.get(s.kind, "𝟏")
        if _outer(e):  # the n×m matrix of ones is the outer product of two ones vectors
            sep = "*" if s.kind == "ascii" else (" " if s.kind == "latex" else "")
            return ones + sep + _postfix(ones, "T", s)
        # a row of ones is the column's transpose: s𝟏ᵀ, not s𝟏 (an outer product, not a
        # scaling)
        return _postfix(ones, "T", s) if e.shape[0] == 1 and e.shape[1] != 1 else ones
    if isinstance(e, Ident):
        return "I"
    if isinstance(e, Diff):
        inner = _write(e.var, s)
        return (r"\mathrm{d}" + inner) if s.kind == "latex" else "d" + inner
    if isinstance(e, T):
        if isinstance(e.arg, Inv):
            return _postfix(_wrap(e.arg.arg, s, ATOM), "-T", s)
        return _postfix(_wrap(e.arg, s, ATOM), "T", s)
    if isinstance(e, Inv):
        return _postfix(_wrap(e.arg, s, ATOM), "-1", s)
    if isinstance(e, Power):
        exp = _num(e.exp, s) if s.kind != "unicode" or e.exp.denominator == 1 else None
        base = _wrap(e.base, s, ATOM)
        if exp is None:
            return f"{base}^({e.exp})"
        return _postfix(base, exp if s.kind != "latex" else exp, s)
    if isinstance(e, Prod):
        return _product(e, s)
    if isinstance(e, Sum):
        out = _write(e.terms[0], s)
        for t in e.terms[1:]:
            if isinstance(t, Prod) and isinstance(t.factors[0], Num) and t.factors[0].value < 0:
                rest = Prod((Num(-t.factors[0].value), *t.factors[1:]))
                if rest.factors[0] == Num(Fraction(1)):
                    rest = rest.factors[1] if len(rest.factors) == 2 else Prod(rest.factors[1:])
                out += (" − " if s.kind == "unicode" else " - ") + _wrap(rest, s, PROD)
            else:
                out += " + " + _wrap(t, s, PROD)
        return out
    if isinstance(e, Had):
        op = {"latex": r" \odot ", "ascii": " .* "}.get(s.kind, " ⊙ ")
        return op.join(_wrap(f, s, POSTFIX) for f in e.factors)
    if isinstance(e, Div):
        if s.kind == "latex":
            return rf"\frac{{{_write(e.num, s)}}}{{{_write(e.den, s)}}}"
        return f"{_wrap(e.num, s, PROD)}/{_wrap(e.den, s, POSTFIX)}"
    if isinstance(e, Tr):
        return _call("tr", _write(e.arg, s), s)
    if isinstance(e, Det):
        return _call("det", _write(e.arg, s), s)
    if isinstance(e, EntrySum):
        return _call("sum", _write(e.arg, s), s)
    if isinstance(e, Softmax):
        return _call("softmax", _write(e.arg, s), s)
    if isinstance(e, DiagV):
        return _call("diag", _write(e.arg, s), s)
    if isinstance(e, Norm):
        inner = _write(e.arg, s)
        fro = e.arg.shape[1] != 1
        if s.kind == "latex":
            return r"\left\lVert " + inner + r"\right\rVert" + ("_F" if fro else "")
        bar = "||" if s.kind == "ascii" else "‖"
        return f"{bar}{inner}{bar}" + ("_F" if fro else "")
    if isinstance(e, Elem):
        if not e.prime:
            return _call(e.func, _write(e.arg, s), s)
        if s.kind == "latex":
            head = FUNC_LATEX.get(e.func, rf"\operatorname{{{e.func}}}")
            return head + r"'\left(" + _write(e.arg, s) + r"\right)"
        name = FUNC_UNICODE.get(e.func, e.func) if s.kind == "unicode" else e.func
        return f"{name}{'′' if s.kind == 'unicode' else chr(39)}({_write(e.arg, s)})"
    raise TypeError(f"cannot print {type(e).__name__}")


def shape_text(shape, kind: str = "unicode") -> str:
    r, c = shape
    times = {"latex": r" \times ", "ascii": "x"}.get(kind, "×")
    return f"{r}{times}{c}"
