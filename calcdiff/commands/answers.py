"""The student's answer as ``grade`` reads it: the derivative after its name (``dy/dx = 2x``),
the components of a gradient (``(2xy, x^2)``), and what a product after a fraction (``1/2x``)
may have meant."""

from __future__ import annotations

import re

from calcdiff.commands.equivalence import compare
from calcdiff.commands.request import _split_top as split_top
from calcdiff.commands.request import read
from calcdiff.errors import CalcdiffError
from calcdiff.read.lexer import closing_bracket
from calcdiff.read.tidy import AFTER_A_FRACTION

# "f'(x) = ...", "y' = ...", "dy/dx = ...": the answer is the right-hand side
_LHS = re.compile(r"^\s*(?:[A-Za-z]\w*[′']+\s*(?:\([^()=]*\))?|d\w*/d\w+|∂\w*/∂\w+)\s*=\s*")
_OPEN = {"(": ")", "[": "]", "⟨": "⟩", "<": ">"}

def right_hand_side(text: str) -> tuple[str, list[str]]:
    m = _LHS.match(text)
    if m and m.end() < len(text):
        return text[m.end():], [f"read the right-hand side of {text[:m.end()].strip()} …"]
    return text, []


def components(text: str) -> list[str]:
    """``(2xy, x^2)`` → ["2xy", "x^2"]; a single answer → [answer]. Commas inside brackets
    (``log(x, 2)``) do not split."""
    s = text.strip()
    if s and s[0] in _OPEN and _closing(s) == len(s) - 1:
        inner = _split_top(s[1:-1])
        if len(inner) > 1:
            return inner
    parts = _split_top(s)
    return parts if len(parts) > 1 else [text]


def _closing(s: str) -> int:
    """The index of the bracket that closes ``s[0]`` (⟨ ⟩ too, or ``<…>`` whole), or -1."""
    i = closing_bracket(s, 0, "([{⟨", ")]}⟩")
    if i is not None:
        return i
    return len(s) - 1 if s[0] == "<" and s.endswith(">") else -1


def _split_top(s: str) -> list[str]:
    return [part.strip() for part in split_top(s)]


def read_answer(text: str, vars, table):
    """The answer's reading: (its tree, its notes' messages, the reading)."""
    try:  # read as any input is (2x. ends a sentence), but never as a request
        r = read(text, vars=vars, table=table, allow_request=False)
    except CalcdiffError as exc:
        exc.message = "in the answer: " + exc.message
        if exc.text is None:
            exc.text = text
        raise
    return r.expr, [n.message for n in r.notes], r


def meant_under_the_fraction(text: str, r, derivative, points, vars, table, exact):
    """``(as written, as meant)`` when the answer holds a product after a fraction
    (``1/2x``, read (1/2)·x, as every input is) and the product under it (``1/(2x)``) is
    the derivative: what the student surely meant; else None."""
    for n in r.notes:
        if n.kind != "implicit-multiplication" or not n.joins \
                or AFTER_A_FRACTION not in n.message:
            continue
        first = min(left for left, _ in n.joins)
        slash = max(text.rfind("/", n.start, first), text.rfind("÷", n.start, first))
        if slash < 0:
            continue
        meant = f"{text[:slash + 1]}({text[slash + 1:n.end].strip()}){text[n.end:]}"
        try:
            other = read(meant, vars=vars, table=table, allow_request=False).expr
        except CalcdiffError:
            continue
        if compare(other, derivative, points, table, exact).equal:
            return text[n.start:n.end].strip(), meant[n.start:n.end + 2].strip()
    return None
