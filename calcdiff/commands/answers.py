"""The student's answer as ``grade`` reads it: the derivative after its name (``dy/dx = 2x``),
the components of a gradient (``(2xy, x^2)``), and what a product after a fraction (``1/2x``)
may have meant."""

from __future__ import annotations

import re
from dataclasses import dataclass

from calcdiff.commands.equivalence import compare
from calcdiff.commands.request import _split_top as split_top
from calcdiff.commands.request import read
from calcdiff.errors import CalcdiffError, ParseError
from calcdiff.names import derivative_words
from calcdiff.read.definitions import DEFINITION, VAR_NAME, variable_name
from calcdiff.read.lexer import closing_bracket
from calcdiff.read.primes import PRIME_HEAD, prime_order
from calcdiff.read.request import leibniz_name
from calcdiff.read.tidy import AFTER_A_FRACTION
from calcdiff.tree.nodes import Expr
from calcdiff.tree.printer import to_plain

_OPEN = {"(": ")", "[": "]", "⟨": "⟩", "<": ">"}
_SIDES_HINT = "give the derivative alone (2x), or after its name (dy/dx = 2x, f'(x) = 2x)"


@dataclass
class Named:
    """The derivative an answer's left side names: ``dy/dx`` of ``dy/dx = 2x``."""

    text: str  # the left side, as written
    wrt: tuple[str, ...] | None  # its variables, one per differentiation; None: not said (y'')
    order: int
    expr: Expr | None = None  # the function it differentiates, where it holds one (d/dx(x^2))


def answer_sides(text: str, vars=None, table=None) -> tuple[str, Named | None, list[str]]:
    """(the derivative's text, the derivative its left side names, the note saying so) of an
    answer written after the derivative's name (``dy/dx = 2x``, ``d^2y/dx^2 = 6x``,
    ``f'(x) = 2x``, ``d/dx(x^2) = 2x``); (the answer, None, []) of an answer without one."""
    i = _top_level(text, "=")
    if i is None:
        return text, None, []
    left, right = text[:i], text[i + 1:]
    if not right.strip():
        raise ParseError("in the answer: nothing follows '='", text, i, i + 1,
                         hint="give the derivative after it: dy/dx = 2x")
    if not left.strip():
        raise ParseError("in the answer: nothing comes before '='", text, i, i + 1,
                         hint=_SIDES_HINT)
    again = _top_level(right, "=")
    if again is not None:
        at = i + 1 + again
        raise ParseError("in the answer: a second '='; an answer is one derivative", text, at,
                         at + 1, hint=_SIDES_HINT)
    named = _named(text, i, vars, table)
    if named is None and DEFINITION.match(text) and _reads(text, vars, table):
        return text, None, []  # f(x) = 2x, y = 2x: a definition, read as its right side
    if named is None:
        start = len(left) - len(left.lstrip())
        raise ParseError(f"in the answer: its left side, {left.strip()}, is not a derivative",
                         text, start, len(left.rstrip()), hint=_SIDES_HINT)
    return right.lstrip(), named, [f"read the right-hand side of {left.strip()} = …"]


def _reads(text: str, vars, table) -> bool:
    try:
        read(text, vars=vars, table=table, allow_request=False)
    except CalcdiffError:
        return False
    return True


def _top_level(text: str, char: str) -> int | None:
    """The index of the first ``char`` outside brackets, or None."""
    depth = 0
    for i, c in enumerate(text):
        if c in "([{⟨":
            depth += 1
        elif c in ")]}⟩":
            depth -= 1
        elif c == char and depth == 0:
            return i
    return None


def _named(text: str, i: int, vars, table) -> Named | None:
    """The derivative that ``text[:i]``, the left side of ``=`` at ``i``, names, as the
    request reader reads one: primes (``y''``, ``f'(x)``), a Leibniz name (``dy/dx``,
    ``∂²f/∂x∂y``, ``\\frac{d^2y}{dx^2}``) or a request with its function (``d/dx(x^2)``,
    ``d(x^2)/dx``, ``(x^2)'``, ``diff(x^2, x)``); None for anything else."""
    left = text[:i]
    m = PRIME_HEAD.match(text)
    if m and m.group(4) == "=" and m.end(4) == i + 1:  # y'' = …, f'(x) = …
        order = prime_order(text, m)
        arg = m.group(3)
        if arg is not None and not re.fullmatch(VAR_NAME, arg.strip()):
            raise ParseError(f"in the answer: its left side, {left.strip()}, names the "
                             f"derivative's value at {arg.strip()}, not the derivative", text,
                             m.start(1), i, hint=f"give the derivative: {m.group(1)}"
                             f"{m.group(2)}(x) = …")
        wrt = (variable_name(arg.strip()),) * order if arg else None
        return Named(left.strip(), wrt, order)
    wrt = leibniz_name(left, vars)
    if wrt is not None:  # dy/dx = …, d^2y/dx^2 = …
        return Named(left.strip(), wrt, len(wrt))
    try:
        r = read(left, vars=vars, table=table)
    except CalcdiffError as exc:
        exc.message = "in the answer's left side: " + exc.message
        exc.text = text if exc.text in (None, left) else exc.text
        raise
    if r.wrt is None:  # 2x = …, f(x) = …: no derivative
        return None
    return Named(left.strip(), tuple(r.wrt) or None, len(r.wrt) or r.order, r.expr)


def named_notes(named: Named | None, graded: tuple[str, ...], f: Expr, same) -> list[str]:
    """What the answer's left side names that is not what is graded, the derivative of ``f``
    by ``graded`` (one variable per differentiation): another function (``same(e)``: is
    ``e`` the function ``f``), or another variable or order."""
    if named is None:
        return []
    notes = []
    if named.expr is not None and not same(named.expr):
        notes.append(f"the left side, {named.text}, differentiates {to_plain(named.expr)}; "
                     f"graded is the derivative of {to_plain(f)}")
    if (named.order != len(graded) if named.wrt is None else
            sorted(named.wrt) != sorted(graded)):
        notes.append(f"the left side, {named.text}, names "
                     f"{derivative_words(named.wrt, named.order)}; graded is "
                     f"{derivative_words(graded)}")
    return notes


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
