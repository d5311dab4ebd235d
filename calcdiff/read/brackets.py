"""Brackets in a line of text, before it is read: where one closes, how many stay open, and
the comma-separated parts outside any (a point's coordinates, a vector's components)."""

from __future__ import annotations

import re


def open_brackets(text: str) -> int:
    """How many brackets ``text`` leaves open at its end (each kind counts alike)."""
    depth = 0
    for c in text:
        depth += (c in "([{") - (c in ")]}")
    return depth


def closing_bracket(text: str, at: int, opening: str = "([{", closing: str = ")]}") -> int | None:
    """The index of the bracket that closes the one at ``text[at]``, or None (any kind of
    bracket of ``opening`` counts one deeper, any of ``closing`` one shallower)."""
    depth = 0
    for i in range(at, len(text)):
        c = text[i]
        if c in opening:
            depth += 1
        elif c in closing:
            depth -= 1
            if depth == 0:
                return i
    return None


def split_top(text: str) -> list[str]:
    """Split on commas that are not inside brackets (so --at x=log(2, 3) works), nor LaTeX's
    thin space ``\\,``."""
    out, depth, cur = [], 0, []
    for c in text:
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        if c == "," and depth == 0 and not (cur and cur[-1] == "\\"):  # \, a LaTeX space
            out.append("".join(cur))
            cur = []
        else:
            cur.append(c)
    out.append("".join(cur))
    return out


_OPEN = "([⟨<"  # the brackets around a vector's components: (…), […], ⟨…⟩, <…>


def components(text: str) -> list[str]:
    """``(2xy, x^2)`` → ["2xy", "x^2"]; a single answer → [answer]. Commas inside brackets
    (``log(x, 2)``) do not split."""
    s = _SIZED.sub("", text.strip())  # \left( 2xy, x^2 \right): the brackets alone
    if s and s[0] in _OPEN and _closing(s) == len(s) - 1:
        inner = _split_top(s[1:-1])
        if len(inner) > 1:
            return inner
    parts = _split_top(s)
    return parts if len(parts) > 1 else [text]


_SIZED = re.compile(r"\\(?:left|right|[bB]igg?[lr]?)\s*(?=[()\[\]])")


def _closing(s: str) -> int:
    """The index of the bracket that closes ``s[0]`` (⟨ ⟩ too, or ``<…>`` whole), or -1."""
    if s[0] == "<":  # not a bracket elsewhere (x < 1): whole, or not at all
        return len(s) - 1 if s.endswith(">") else -1
    i = closing_bracket(s, 0, "([{⟨", ")]}⟩")
    return -1 if i is None else i


def _split_top(s: str) -> list[str]:
    """The comma-separated parts of ``s`` outside brackets, each stripped."""
    return [part.strip() for part in split_top(s)]
