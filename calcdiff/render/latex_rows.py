"""Breaking long math where TeX will not: across the rows of an ``align*`` (TeX never breaks a
display row), inside a vector's or table's cell (one box), and at a long number's digit groups
in a paragraph's ``$...$``. What keeps every LaTeX view inside the page."""

from __future__ import annotations

import re

from calcdiff.render.latex_width import group_end, printed_len, segments, visual_len

ROW_WIDTH = 64  # rough number of printed characters per display row

_OPERATOR_SEGMENTS = {"+", "-", "=", r"\cdot", "/", r"\approx", r"\uparrow"}


def _unfold(seg: str, width: int) -> list[str]:
    """A segment too wide for a row whose fraction cannot break: the fraction written
    ``(a)/(b)`` with brackets that need no partner in the same row, cut into segments
    again (so ``break_math`` can break inside the numerator and the denominator)."""
    if visual_len(seg) <= width:
        return [seg]
    best = None  # the widest fraction (d/dx in front of it stays as it is)
    at = seg.find(r"\frac{")
    while at >= 0:
        num_end = group_end(seg, at + 5)
        if seg[num_end:num_end + 1] == "{":
            den_end = group_end(seg, num_end)
            size = visual_len(seg[at:den_end])
            if best is None or size > best[0]:
                best = (size, at, num_end, den_end)
        at = seg.find(r"\frac{", at + 6)
    if best is None:
        return [seg]
    _, at, num_end, den_end = best
    text = (seg[:at] + r"\bigl(" + seg[at + 6:num_end - 1] + r"\bigr) \big/ \bigl("
            + seg[num_end + 1:den_end - 1] + r"\bigr)" + seg[den_end:])
    return [part for whole in segments(text) for part in _unfold(whole, width)]


def break_math(s: str, width: int = ROW_WIDTH) -> list[str]:
    """``s`` as one or more rows, each about ``width`` wide, broken before an operator where
    possible. Continuation rows that start with an operator keep its binary spacing."""
    if visual_len(s) <= width:
        return [s]
    rows: list[list[str]] = [[]]
    used = 0
    for seg in (part for whole in segments(s) for part in _unfold(whole, width)):
        w = visual_len(seg)
        line = rows[-1]
        if line and used + w > width:
            carry = []
            while line and line[-1] in _OPERATOR_SEGMENTS:  # no row ends in an operator
                carry.insert(0, line.pop())
            if line:
                rows.append(carry)
                used = sum(visual_len(x) for x in carry)
            else:
                line.extend(carry)
        rows[-1].append(seg)
        used += w
    out = []
    for k, row in enumerate(r for r in rows if r):
        text = " ".join(row)
        if k and row[0] in _OPERATOR_SEGMENTS:
            text = "{} " + text
        out.append(text)
    return out


def rows_of(math: str, first: str, cont: str, width: int = ROW_WIDTH) -> list[str]:
    """``math`` broken into rows, the first led by ``first``, the others by ``cont``."""
    parts = break_math(math, width)
    return [(first if k == 0 else cont) + p for k, p in enumerate(parts)]


def fitted_rows(rows: list[str]) -> list[str]:
    """``align*`` rows (``lhs &= rhs``) with each right side too wide for a row broken into
    rows of its own."""
    out: list[str] = []
    for row in rows:
        lhs, amp, rhs = row.partition("&")
        if not amp or printed_len(row) <= ROW_WIDTH:
            out.append(row)
            continue
        parts = break_math(rhs, ROW_WIDTH - min(printed_len(lhs), ROW_WIDTH // 2))
        out += [lhs + "&" + parts[0]] + [r"&\qquad " + p for p in parts[1:]]
    return out


def fitted_cell(math: str, width: int = ROW_WIDTH) -> str:
    """A vector's, matrix's or table's entry, broken into rows stacked in an ``array`` where
    it is wider than ``width``: TeX sets a cell as one box, which no row break reaches."""
    if printed_len(math) <= width:
        return math
    rows = break_math(math, width)
    if len(rows) == 1:
        return math
    return r"\begin{array}{@{}l@{}}" + r" \\ \quad ".join(rows) + r"\end{array}"


def inline_math(math: str) -> str:
    """``math`` for ``$...$`` in a paragraph, where TeX breaks lines itself: a long number's
    digit groups (latex_expr's spaces) become places it may break."""
    return _DIGIT_GROUPS.sub(r"\\allowbreak ", math)


# between two of latex_expr's digit groups: it puts a space between digits nowhere else
_DIGIT_GROUPS = re.compile(r"(?<=\d) (?=\d)")
