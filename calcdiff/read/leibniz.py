"""The head of a Leibniz request (``d/dx``, ``d^2y/dx^2``, ``∂²/∂x∂y``, ``d2/dx2``) and its
denominator, as patterns; the request reader (:mod:`calcdiff.read.request`) reads them.
The order may be written ``^2``, ``^{2}``, ``^(2)``, ``²``, or in plain digits (``d2/dx2``,
only where the denominator's variable carries the same digits); an order that is no whole
number of 1 or more (``d^n/dx^n``) is an error, never a product of letters."""

from __future__ import annotations

import re

from calcdiff.errors import ParseError
from calcdiff.read.definitions import VAR_NAME
from calcdiff.read.brackets import closing_bracket
from calcdiff.undefined import FROM_SUPERSCRIPT

def order_pattern(digits: str = "", superscripts: str = "") -> str:
    """An order written after d or dx, ``^2``, ``^{2}``, ``^(2)``, ``²``: its digits and its
    superscripts captured (by these names, where given)."""
    d = f"?P<{digits}>" if digits else ""
    s = f"?P<{superscripts}>" if superscripts else ""
    return rf"(?:\s*\^\s*[{{(]?\s*({d}[0-9]+)\s*[}})]?|\s*({s}[⁰¹²³⁴⁵⁶⁷⁸⁹]+))?"


ORDER_PATTERN = order_pattern()
# d2/dx2, d2y/dx2, d3/dt3: the order in plain digits, as typed without a caret (read only
# when the denominator's variable carries the same digits, so that d2/x stays a quotient)
ASCII_HEAD = re.compile(r"^\s*([d∂])([0-9]+)\s*(" + VAR_NAME + r")?\s*/\s*")
# d/dx, d^2/dx^2, and with the function's name: dy/dx, d²y/dx², ∂z/∂x, ∂²f/∂x∂y
LEIBNIZ_HEAD = re.compile(r"^\s*([d∂])" + ORDER_PATTERN + r"\s*(" + VAR_NAME + r")?\s*/\s*")
LEIBNIZ_DEN = re.compile(r"\s*([d∂])\s*(" + VAR_NAME + r")" + ORDER_PATTERN)
# d(x), d(x)^2: a denominator's variable in brackets (the same groups as LEIBNIZ_DEN)
BRACKETED_DEN = re.compile(r"\s*([d∂])\s*\(\s*(" + VAR_NAME + r")\s*\)" + ORDER_PATTERN)


def denominator_at(text: str, pos: int):
    """A Leibniz denominator's match at ``pos`` (``dx``, ``dx^2``, ``d(x)``), or None."""
    return LEIBNIZ_DEN.match(text, pos) or BRACKETED_DEN.match(text, pos)


# dx^2/dx, dsin(x)/dx, d²x³/dx², d x^2 / dx: d and its order, then the function without a
# bracket of its own, over the whole denominator at the end of the line
_BARE_HEAD = re.compile(r"^\s*([d∂])" + ORDER_PATTERN + r"\s*")
_DENS_AT_END = re.compile(r"/\s*(?:[d∂]\s*(?:\(\s*" + VAR_NAME + r"\s*\)|" + VAR_NAME
                          + r")" + ORDER_PATTERN + r"\s*)+$")


def bare_quotient(text: str, declared=None):
    """``(head match, end of the function, start of the denominator)`` when ``text`` is
    d f/dx with f written without brackets (``dx^2/dx``, ``dsin(x)/dx``, ``d²x³/dx²``):
    read as letters, d·x²/(d·x) would cancel the d into a wrong answer. None otherwise, and
    where d is a declared variable."""
    if declared is not None and "d" in declared:
        return None
    head = _BARE_HEAD.match(text)
    if head is None:  # (most lines: no d at the start, no search of the line)
        return None
    den = _DENS_AT_END.search(text)
    if den is None or den.start() <= head.end():
        return None
    body = text[head.end():den.start()]
    if re.match(r"(?:iff|eriv)", body) or body.lstrip()[:1] in "+-*/^·×=":
        return None  # diff x^2/dx: a word; d + x/dx: d is a term of a sum
    depth = 0
    for c in body:  # the slash is the line's own, outside every bracket of f
        depth += (c in "([{") - (c in ")]}")
        if depth < 0 or (depth == 0 and c == "/"):  # dx^2/dx/dx: two quotients
            return None
    if depth or not any(c.isalpha() for c in body):
        return None
    slash = den.start()
    return head, slash, slash + 1


_AN_ORDER = r"\s*\^\s*[{(]?\s*(-?[0-9.]+|[A-Za-z])\s*[})]?"
_ANY_ORDER = re.compile(r"^\s*[d∂]" + _AN_ORDER + r"\s*(?:" + VAR_NAME + r")?\s*/\s*[d∂]\s*"
                        r"[A-Za-z]" + _AN_ORDER)


def no_whole_order(text: str) -> None:
    """d^n/dx^n f, d^1.5/dx^1.5 f, d^0/dx^0 f: a request whose order is no whole number of
    1 or more is an error (it was read as a product of letters, d**n/d*x**n*f)."""
    m = _ANY_ORDER.match(text)
    if m is None or m.group(1) != m.group(2) or (m.group(1).isdigit() and int(m.group(1))):
        return
    raise ParseError(f"the order of a derivative request must be a whole number, 1 or more, "
                     f"not {m.group(1)}", text, m.start(1), m.end(1),
                     hint="write d^2/dx^2 f for the second derivative")


def _mismatch(text: str, m, den) -> ParseError:
    """The error of d2/dx3 or d2/dx^3: the orders on the two sides do not agree."""
    digits, letters = m.group(2), den.group(2).rstrip("0123456789")
    return ParseError(f"the request's order {digits} does not match its denominator "
                      f"{den.group(0).strip()}", text, m.start(2), den.end(),
                      hint=f"write d{digits}/d{letters}{digits}, or "
                           f"d^{digits}/d{letters}^{digits}")


def ascii_head(text: str):
    """The head of ``d2/dx2 f`` or ``d2y/dx2 of y = …`` (the order in plain digits, the
    denominator's variable carrying the same ones), else None."""
    m = ASCII_HEAD.match(text)
    if m is None or m.group(3) and m.group(3)[-1].isdigit():
        return None
    den = LEIBNIZ_DEN.match(text, m.end())
    digits = m.group(2)
    if den is None:
        return None
    if den.group(3) or den.group(4):  # d2/dx^2: the order in digits, then raised
        raised = den.group(3) or den.group(4).translate(FROM_SUPERSCRIPT)
        if not den.group(2).isalpha():
            return None
        if raised != digits:
            raise _mismatch(text, m, den)
        return m
    name = den.group(2)
    letters = name.rstrip("0123456789")
    if letters.isalpha() and name != letters and not name.endswith(digits):
        raise _mismatch(text, m, den)  # d2/dx3: orders in digits that do not agree
    if not name.endswith(digits) or not name[:-len(digits)].isalpha():
        return None
    return m


# what may end an operand before a sum's + or -: a closing bracket, a factorial, a prime, a
# raised digit (letters and digits too)
_AFTER_OPERAND = frozenset(")]}!'′″⁰¹²³⁴⁵⁶⁷⁸⁹")


def operand_closes_early(text: str, start: int, said: str) -> None:
    """``d/dx (x^2) + 1``: the operator's operand starts with a bracket, and a sum goes on
    after it (``d/dx (x+1)^2 - 1`` too). Whether the operator takes the first term or the
    whole line is a guess either way (2x + 1, or 2x), so it is an error, as
    ``diff(x^2, x) + 1`` is; with no sum after the bracket, a product or quotient
    (``d/dx (x+1)/(x-1)``, ``d/dx (x+1)(x-1)``) is the operand, as usual."""
    i = start
    while i < len(text) and text[i].isspace():
        i += 1
    if i >= len(text) or text[i] not in "([{":
        return
    close = closing_bracket(text, i)
    if close is None:
        return  # the parser's error
    depth = 0
    for j in range(close + 1, len(text)):
        c = text[j]
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif depth == 0 and c in "+-−" and _binary(text, j):
            alone = text[i:j].strip()
            whole = (f"{alone[1:-1].strip()} {text[close + 1:].strip()}"
                     if not text[close + 1:j].strip() else text[i:].strip())
            raise ParseError(f"{said} is followed by a bracket, then more terms: it may act on "
                             "the first term or on the whole line", text, j, j + 1,
                             hint=f"write the whole expression in one bracket, {said} "
                                  f"({whole}), or the first term alone, {said} {alone}")


def _binary(text: str, j: int) -> bool:
    """Is the sign at ``j`` a sum's (after an operand), not a sign of what follows it (``^-x``,
    ``*-1``, ``1e-3``)?"""
    k = j - 1
    while k >= 0 and text[k].isspace():
        k -= 1
    if k < 0:
        return False
    c = text[k]
    if c in "eE" and k == j - 1 and k > 0 and text[k - 1].isdigit() and \
            text[j + 1:j + 2].isdigit():
        return False  # 1e-3
    return c.isalnum() or c in _AFTER_OPERAND


# dy, ∂y right after a request's denominator: a second differential (d/dxdy, ∂/∂x∂y)
_SECOND = re.compile(r"\s*([d∂])([A-Za-z])(?![A-Za-z0-9_]|\s*/)")  # (dy/dx: a name's)


def no_second_differential(text: str, pos: int, said: str, declared=None) -> None:
    """Refuse a differential right after the request ``said`` (``d/dxdy x^2 y``, ``∂/∂x∂y
    f``: a mixed partial with its order left out), which would read as the product d·y or
    an unexpected ∂ -- unless d is a declared variable."""
    m = _SECOND.match(text, pos)
    if m is None or (declared is not None and ("d" in declared or m[1] + m[2] in declared)):
        return
    d, first = m[1], said.split("/")[-1].strip()
    second = f"{first}^2" if first[1:] == m[2] else f"{first}{d}{m[2]}"  # d/dx dx: d^2/dx^2
    raise ParseError(f"{d}{m[2]} after {said}: a second differential, with the request's "
                     "order left out", text, m.start(1), m.end(2),
                     hint=f"for the {'mixed partial' if first[1:] != m[2] else 'second'} "
                          f"derivative write {d}^2/{second} (…), or {said} {d}/{d}{m[2]} (…)")


def extra_differentials(text: str, end: int, order: int) -> None:
    """Refuse differentials left after a bare quotient's denominator (``dx^2/dx dx``, whose
    numerator says order 1): they would be dropped."""
    if text[end:].strip():
        at = end + len(text[end:]) - len(text[end:].lstrip())
        raise ParseError(f"the request's order {order} does not match its denominator "
                         f"({text[at:].strip()} is left over)", text, at, len(text.rstrip()),
                         hint="write the order on d as on dx: d^2(x^2 y)/dx dy")
