"""Brackets in a line of text, before it is read: where one closes, how many stay open."""

from __future__ import annotations


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
