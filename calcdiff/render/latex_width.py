"""How wide a LaTeX string prints, about (in characters), and where it may break: what the
LaTeX views measure to keep a display row or a matrix inside the page."""

from __future__ import annotations

import re

_VIS_DROP = re.compile(r"\\(?:left|right|Bigl|Bigr|mathit|operatorname|frac|text|allowbreak)"
                       r"(?![A-Za-z])|[{}^_]")
_VIS_MACRO = re.compile(r"\\[A-Za-z]+|\\.")


def visual_len(s: str) -> int:
    """About how many characters wide ``s`` prints."""
    s = _VIS_DROP.sub("", s)
    s = _VIS_MACRO.sub("m", s)
    return len(s.replace(" ", ""))


_LEFT_RIGHT = re.compile(r"\\(left|right)(?![A-Za-z])")
_BEGIN_END = re.compile(r"\\(begin|end)(?![A-Za-z])")
_STARTS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789\\")


def segments(s: str) -> list[str]:
    """``s`` cut at the spaces outside every {...}, \\left ... \\right and \\begin ... \\end
    (a row broken inside a matrix would break the matrix)."""
    out: list[str] = []
    depth = 0
    start = 0
    i = 0
    n = len(s)
    while i < n:
        c = s[i]
        if c == "\\":
            m = _LEFT_RIGHT.match(s, i)
            if m:
                depth += 1 if m.group(1) == "left" else -1
                i += len(m.group(0)) + 1  # the delimiter
                if i <= n and s[i - 1] == "\\":  # \left\{ style delimiters
                    i += 1
                continue
            m = _BEGIN_END.match(s, i)
            if m:
                depth += 1 if m.group(1) == "begin" else -1
                i += len(m.group(0))
                continue
            i += 2
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        elif c == " " and depth == 0:
            if i > start:
                out.append(s[start:i])
            start = i + 1
        elif c in "()" and depth == 0 and i + 1 < n and (s[i + 1] == c or s[i + 1] in _STARTS):
            out.append(s[start:i + 1])  # sin(sin(sin(x))) may break inside plain brackets
            start = i + 1
        i += 1
    if start < n:
        out.append(s[start:])
    return out


def group_end(s: str, i: int) -> int:
    """The index just past the ``{...}`` group that starts at ``s[i]``."""
    depth = 0
    for k in range(i, len(s)):
        if s[k] == "{" and s[k - 1:k] != "\\":
            depth += 1
        elif s[k] == "}" and s[k - 1:k] != "\\":
            depth -= 1
            if depth == 0:
                return k + 1
    return len(s)


def printed_len(s: str) -> int:
    """About how many characters wide ``s`` prints in display style: as :func:`visual_len`,
    but a fraction as wide as the wider of its numerator and denominator."""
    at = s.find(r"\frac{")
    if at < 0:
        return visual_len(s)
    num_end = group_end(s, at + 5)
    den_end = group_end(s, num_end) if s[num_end:num_end + 1] == "{" else num_end
    wide = max(printed_len(s[at + 6:num_end - 1]), printed_len(s[num_end + 1:den_end - 1]))
    return visual_len(s[:at]) + wide + printed_len(s[den_end:])


def matrix_width(grid: list[list[str]]) -> int:
    """About how wide a bmatrix of ``grid`` prints (its widest row, the gaps, the brackets)."""
    return max(sum(printed_len(c) for c in row) + 2 * (len(row) - 1) + 4 for row in grid)
