"""Derivative requests written inside the input, as batch lines carry them: Leibniz
(``d/dx``, ``d²y/dx²``, ``∂²f/∂x∂y``, ``... of z = ...``), ``diff(f, x, n)``, and
definitions (``f(x) = 3x^2 - 4x``) read as their right-hand side."""

from __future__ import annotations

import re

from calcdiff.deep import call_deep
from calcdiff.errors import ParseError
from calcdiff.greek import SPELLING as GREEK_SPELLING
from calcdiff.limits import check_order, check_order_text
from calcdiff.read.lexer import GREEK
from calcdiff.read.parser import _VAR_NAME, _parse
from calcdiff.read.reading import Note, Reading
from calcdiff.read.resolve import GREEK_NAMES

_SUP_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


_ORDER = r"(?:\s*\^\s*\{?\s*([0-9]+)\s*\}?|\s*([⁰¹²³⁴⁵⁶⁷⁸⁹]+))?"


# d/dx, d^2/dx^2, and with the function's name: dy/dx, d²y/dx², ∂z/∂x, ∂²f/∂x∂y
_LEIBNIZ_HEAD = re.compile(r"^\s*([d∂])" + _ORDER + r"\s*(" + _VAR_NAME + r")?\s*/\s*")


_LEIBNIZ_DEN = re.compile(r"\s*([d∂])\s*(" + _VAR_NAME + r")" + _ORDER)


# f(x) = ..., f(x, y) = ..., y = ...: a definition, whose right-hand side is the expression


def parse_request(text: str, vars=None, table=None) -> Reading:
    """Parse an input that may carry its own derivative request.

    Returns a :class:`Reading` whose ``wrt`` is the list of variables to differentiate by,
    in order (``("x", "x")`` for a second derivative), or None when the input is a plain
    expression.
    """

    return call_deep(_parse_request, text, vars, table)


def _parse_request(text, vars, table):
    m = _LEIBNIZ_HEAD.match(text)
    if m and (m.group(2) or m.group(3) or _LEIBNIZ_DEN.match(text, m.end())):
        return _leibniz(text, m, vars, table)
    if re.match(r"^\s*diff\s*\(", text):
        return _diff_call(text, vars, table)
    return _parse(text, vars, table)


def _order(m, g1, g2) -> int:
    """The order written at groups g1 (digits) or g2 (superscripts), within the order limit
    before it becomes a number (d^10000000/dx^10000000 stops here)."""
    if m.group(g1):
        return check_order_text(m.group(g1), m.string, m.start(g1))
    if m.group(g2):
        return check_order_text(m.group(g2).translate(_SUP_DIGITS), m.string, m.start(g2))
    return 1


def _leibniz(text, head, vars, table) -> Reading:
    explicit = bool(head.group(2) or head.group(3))
    total = _order(head, 2, 3)
    symbol = head.group(1)
    pos = head.end()
    wrt: list[str] = []
    known = set(vars or ()) | GREEK_NAMES | set(GREEK_SPELLING)
    while not wrt or (explicit and len(wrt) < total):
        m = _LEIBNIZ_DEN.match(text, pos)
        if not m:
            raise ParseError(
                f"expected {symbol}x after '/' in the derivative request", text, pos, pos + 1,
                hint="write d/dx f, d^2/dx^2 f or ∂/∂y f",
            )
        name, end, count = m.group(2), m.end(), _order(m, 3, 4)
        run = re.match(r"[A-Za-z]+", name)
        if run and len(run.group(0)) > 1 and run.group(0) not in known:
            # 'd/dxsin(x)': the variable is the longest declared or Greek prefix, else a letter
            cands = [v for v in known if run.group(0).startswith(v)]
            name = max(cands, key=len) if cands else run.group(0)[0]
            end, count = m.start(2) + len(name), 1
        name = GREEK.get(name, name).replace("{", "").replace("}", "")
        check_order(len(wrt) + count, text, m.start(), end)  # d/dx d/dx ... counts too
        wrt += [GREEK_SPELLING.get(name, name)] * count
        pos = end
    if len(wrt) != total:
        raise ParseError(
            f"the request's order {total} does not match its denominator "
            f"({len(wrt)} differentiations)", text, head.start(1), pos,
        )
    head_end = pos
    of = re.match(r"\s*of\s", text[pos:])  # dy/dx of x^3, ∂z/∂x of z = 3x^2 + xy
    if of:
        pos += of.end()
    if not text[pos:].strip():
        raise ParseError("the derivative request has no expression after it", text,
                         len(text), len(text) + 1)
    reading = _parse_offset(text, pos, vars, table)
    if len(set(wrt)) > 1:
        # ∂²/∂x∂y f = ∂/∂x (∂f/∂y): the operator next to f acts first
        wrt = list(reversed(wrt))
    reading.wrt = tuple(wrt)
    reading.notes.insert(0, Note("leibniz", f"{text[:head_end].strip()} read as a request: "
                                 f"differentiate by {', '.join(reading.wrt)}", 0, head_end))
    return reading


def _parse_offset(text, pos, vars, table) -> Reading:
    """Parse text[pos:] keeping columns relative to the whole text."""
    padded = " " * pos + text[pos:]
    reading = _parse(padded, vars, table)
    reading.text = text
    return reading


def _diff_call(text, vars, table) -> Reading:
    m = re.match(r"^\s*diff\s*\(", text)
    # find the matching ')' for the call, then split its top-level commas
    depth = 0
    close = None
    for i in range(m.end() - 1, len(text)):
        c = text[i]
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth == 0:
                close = i
                break
    if close is None:
        raise ParseError("unclosed '(' in diff(...)", text, m.end() - 1, m.end())
    if text[close + 1 :].strip():
        raise ParseError("unexpected text after diff(...)", text, close + 1, close + 2)
    parts = []
    depth = 0
    start = m.end()
    for i in range(m.end(), close):
        c = text[i]
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif c == "," and depth == 0:
            parts.append((start, i))
            start = i + 1
    parts.append((start, close))
    fs, fe = parts[0]
    if not text[fs:fe].strip():
        raise ParseError("diff(...) needs an expression", text, fs, fs + 1)
    padded = " " * fs + text[fs:fe]
    reading = _parse(padded, vars, table)
    reading.text = text
    wrt: list[str] = []
    for ps, pe in parts[1:]:
        piece = text[ps:pe].strip()
        col = ps + (len(text[ps:pe]) - len(text[ps:pe].lstrip()))
        if re.fullmatch(r"[0-9]+", piece):
            if not wrt:
                raise ParseError("an order must follow a variable", text, col, col + 1)
            n = check_order_text(piece, text, col)
            if n < 1:
                raise ParseError("the order must be at least 1", text, col, col + len(piece))
            check_order(len(wrt) + n - 1, text, col, col + len(piece))
            wrt += [wrt[-1]] * (n - 1)
        elif re.fullmatch(_VAR_NAME, piece):
            wrt.append(GREEK_SPELLING.get(GREEK.get(piece, piece), GREEK.get(piece, piece)))
        else:
            raise ParseError(f"expected a variable or an order, got {piece!r}", text, col,
                             col + max(1, len(piece)))
    reading.wrt = tuple(wrt) if wrt else ()
    reading.notes.insert(0, Note("leibniz", "diff(...) read as a derivative request", 0, fs))
    return reading
