"""Human-facing one-line notation for terminals and Markdown text: x², θ, √x, |x|, 3x.

Not parseable plain syntax (that is :func:`calcdiff.printer.to_plain`); used only for
display. Written on the one printer core (:mod:`calcdiff.printer`): this module gives only
the Unicode leaves, :data:`UNICODE`.
"""

from __future__ import annotations

import re

from calcdiff.greek import NAME_TO_CHAR
from calcdiff.undefined import split as split_unknown
from calcdiff.undefined import unicode_head
from calcdiff.tree.brackets import (
    ADD_SUBTRAHEND,
    ADD_TERM,
    DIV_DEN,
    EXP_ARG,
    LOG_BASE,
    MUL_FACTOR,
    NEG_ARG,
    POW_BASE,
    POW_EXP,
    ROOT_ARG,
    needs_brackets,
)
from calcdiff.tree.printer import Notation, write

_SUP = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
GREEK_CHARS = NAME_TO_CHAR  # the letters live in calcdiff/greek.py
_GREEK_NUMBERED = re.compile(r"^([a-z]+)(\d+)$")


def pretty_name(name: str) -> str:
    if name in GREEK_CHARS:
        return GREEK_CHARS[name]
    stem, _, rest = name.partition("_")
    if stem in GREEK_CHARS:
        return GREEK_CHARS[stem] + ("_" + rest if rest else "")
    m = _GREEK_NUMBERED.match(name)
    if m and m.group(1) in GREEK_CHARS:
        return GREEK_CHARS[m.group(1)] + m.group(2)
    return name


def _int_exponent(x) -> bool:
    return type(x).__name__ == "Num" and x.value.denominator == 1


def _ends_with_digit(e, slot: str) -> bool:
    """Whether ``e``, written in ``slot``, ends with a digit (or a superscript digit)."""
    while True:
        if needs_brackets(slot, e):
            return False
        name = type(e).__name__
        if name == "Num":
            return True
        if name == "Sym":  # x1 then x2 is no 3x: x1·x2, never x1x2
            return False
        if name == "Neg":
            e, slot = e.arg, NEG_ARG
        elif name == "Add":
            last = e.args[-1]
            if type(last).__name__ == "Neg":
                e, slot = last.arg, ADD_SUBTRAHEND
            elif type(last).__name__ == "Num" and last.value < 0:
                return True
            else:
                e, slot = last, ADD_TERM
        elif name == "Mul":
            e, slot = e.args[-1], MUL_FACTOR
        elif name == "Div":
            e, slot = e.den, DIV_DEN
        elif name == "Pow":
            if _int_exponent(e.exp):  # x²y; but x2²·x (x2²x would read as x·2²·x)
                return type(e.base).__name__ != "Sym" or pretty_name(e.base.name).isalpha()
            e, slot = e.exp, POW_EXP
        else:
            # a constant, |u|, f(u); and a prefix form (√2, e^2), which a letter right after
            # would seem to join: √2x³ reads as √(2x³), so √2·x³
            return False


def _starts_with_letter(e) -> bool:
    """Whether a name or a power of one, written as a factor, starts with a letter."""
    name = type(e).__name__
    if name == "Pow":
        if needs_brackets(POW_BASE, e.base):
            return False
        e = e.base
        name = type(e).__name__
    if name == "Sym":  # a name of letters alone: 2x2 would read as 2·2, 2w_10 as w's subscript
        return pretty_name(e.name).isalpha()
    if name == "Const":
        return True
    if name == "Call":
        return e.func not in ("abs", "sqrt")
    return False


class Unicode(Notation):
    """x², θ, √x, |x|, e^x, ln, 3x: the terminal's and Markdown text's notation."""

    plus = " + "
    minus = " − "
    negate = "−"
    times = "·"
    power = "^"

    def number(self, numerator: int, denominator: int) -> str:
        # the minus sign, as in every negation of this notation (−2x, not -2x beside −x²)
        return super().number(numerator, denominator).replace("-", "−")

    def symbol(self, name: str) -> str:
        return pretty_name(name)

    def constant(self, name: str) -> str:
        return "e" if name == "E" else "π"

    def times_between(self, left, left_slot: str, right) -> str:
        # 3x, 2xy, x²y: a name (or its power) right after a digit is juxtaposed -- not after
        # a fraction: 3/2x² would read as 3/(2x²); 3/2·x² is (3/2)·x²
        kind = type(right).__name__
        if (kind == "Sym" or kind == "Pow") and _ends_with_digit(left, left_slot) \
                and _starts_with_letter(right) and not (
                    type(left).__name__ == "Num" and left.value.denominator != 1):
            return ""
        return self.times

    def raised_exponent(self, exp) -> str | None:
        if _int_exponent(exp):
            return str(exp.value.numerator).translate(_SUP)
        return None

    prefix = frozenset(("sqrt", "exp"))

    def call(self, e) -> list | None:
        f, args = e.func, e.args
        if len(args) == 1:
            u = args[0]
            if f == "abs":
                return ["|", (u, None), "|"]
            if f == "sqrt":
                return ["√", (u, ROOT_ARG)]
            if f == "exp":
                return ["e^", (u, EXP_ARG)]
            if f == "log":
                return ["ln(", (u, None), ")"]
            if f == "sigmoid":
                return ["σ(", (u, None), ")"]
        if f == "log" and len(args) == 2:
            return ["log_", (args[1], LOG_BASE), "(", (args[0], None), ")"]
        return None


    def head(self, func: str) -> str:
        # an unknown function and its derivatives: f′, f″, f⁽⁴⁾, f₁₂, φ
        return unicode_head(func) if split_unknown(func) is not None else func


UNICODE = Unicode()


def pretty(e) -> str:
    """``e`` in the Unicode notation."""
    return write(e, UNICODE)
