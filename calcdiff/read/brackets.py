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


def components(text: str, units: bool = False) -> list[str]:
    r"""``(2xy, x^2)`` → ["2xy", "x^2"]; a single answer → [answer]. Commas inside brackets
    (``log(x, 2)``) do not split. With ``units`` (no variable is named i, j or k), also
    ``2xy i + x^2 j`` (or î, ĵ, k̂, \hat{i}, \mathbf{i}) → ["2xy", "x^2"]."""
    if units:
        by_unit = unit_components(text)
        if by_unit is not None:
            return by_unit
    s = _SIZED.sub("", text.strip())  # \left( 2xy, x^2 \right): the brackets alone
    while s and s[0] in _OPEN and _closing(s) == len(s) - 1:  # ((2xy, x^2)) too
        inner = _split_top(s[1:-1])
        if len(inner) > 1:
            return inner
        s = s[1:-1].strip()
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


# a unit vector ending a gradient's term: i, j, k, î, ĵ, k̂, \hat{i}, \mathbf{j}, i-hat
_UNIT = re.compile(r"(?:\\(?:hat|mathbf|vec|boldsymbol)\s*\{?\s*([ijk])\s*\}?|"
                   r"(?<![A-Za-z0-9_\\])(?:([ijk])(?:\u0302|\s*-?\s*hat\b)?|([îĵ])))"
                   r"(?![A-Za-z0-9_(])")
_AXES = {"i": 0, "j": 1, "k": 2, "î": 0, "ĵ": 1}


def unit_components(text: str) -> list[str] | None:
    """The components of ``2xy i + x^2 j (+ … k)``, a vector in unit vectors (each term's
    coefficient, its sign kept; a unit vector left out is 0), or None for any other text
    (fewer than two unit vectors, one twice, or text after the last)."""
    found = list(_UNIT.finditer(text))
    if len(found) < 2 or text[found[-1].end():].strip() or open_brackets(text) != 0:
        return None
    parts: dict = {}
    at = 0
    for m in found:
        axis = _AXES[m.group(1) or m.group(2) or m.group(3)]
        if axis in parts or open_brackets(text[:m.start()]) != 0:
            return None
        coefficient = text[at:m.start()].strip()
        if coefficient[:1] == "+":
            coefficient = coefficient[1:].strip()
        if coefficient.endswith(("*", "·")):
            coefficient = coefficient[:-1].strip()
        parts[axis] = coefficient if coefficient not in ("", "-") else coefficient + "1"
        at = m.end()
    return [parts.get(k, "0") for k in range(max(parts) + 1)]
