"""How a point is written inside an input: an evaluation bar (``d/dx (x^2)|_{x=1}``) or the
words ending it (``… at x = 2``, ``… when x = 1 and y = 2``), each read as ``--at``. The
patterns and the wording of their notes and errors; the request reader
(:mod:`calcdiff.read.request`) reads the values."""

from __future__ import annotations

import re
from typing import NamedTuple

from calcdiff.errors import ParseError
from calcdiff.read.definitions import VAR_NAME
from calcdiff.read.brackets import open_brackets
from calcdiff.tree.decimals import decimal_text
from calcdiff.tree.nodes import Num
from calcdiff.tree.printer import to_plain

# an evaluation bar: |_{x=1}, |_(x=1, y=2), |_x=1 (also \Big|_{x=1}, translated to it)
_BAR = r"\|\s*_\s*(?:\{([^{}]*)\}|\(([^()]*)\)|([^\s,{}()]+=[^\s,{}()]+))"
BAR_END = re.compile(_BAR + r"\s*$")
BAR_HERE = re.compile(r"\s*" + _BAR)
# "… at x = 2", "… at the point x = 2", "… when x = 1, y = 2" ending the input: the point, as a bar's (the words
# were read as letters a*t*x = 2, an equation); a value holds no = and no comma
_AT_VALUE = r"\s*" + VAR_NAME + r"\s*=\s*[^\s=,][^=,]*?"
_AND = r"\s*,\s*(?:and\s+)?|\s+and\s+"
# what every point in words opens with (about, around: a Taylor series' centre, so written)
AT_WORDS_HEAD = r"\s(?:at|when|about|around)\s+(?:(?:the\s+)?point\s+(?:where\s+)?)?"
AT_END = re.compile(AT_WORDS_HEAD + r"(" + _AT_VALUE + r"(?:(?:" + _AND + r")" + _AT_VALUE
                    + r")*)\s*[.?]?\s*$", re.I)
SEPARATOR = re.compile(_AND)  # between a point's values: a comma, and
# after a bare request's "when" or "if": a value holding a letter (not e) defines (when y =
# x^3), where one of numbers is a point (… and x = 2)
_LETTER = re.compile(r"(?<![A-Za-z])[A-DF-Za-df-z](?![A-Za-z])")
AFTER_DEFINITIONS = re.compile(r"(?:" + _AND + r")(" + _AT_VALUE + r"(?:(?:" + _AND + r")" + _AT_VALUE
                    + r")*)\s*[.?]?\s*$", re.I)
# d/dx x^3 |x=2, … at 2: a point written almost as calcdiff reads one (an error that says how)
_LOOSE_BAR = re.compile(r"\|\s*(" + VAR_NAME + r")\s*=\s*[^=|]+$")
_VALUE = r"[-+]?(?:[0-9.]+|pi|π|e)(?:\s*/\s*(?:[0-9.]+|pi|π|e))?"  # 2, -1.5, pi/4, 1/2
VALUE = re.compile(_VALUE)  # a coordinate written alone
# at 2, at (2), at (2, 4): a value, or coordinates in brackets, without their variables
_BARE_AT = re.compile(AT_WORDS_HEAD + r"(" + _VALUE + r"|\(\s*" + _VALUE + r"(?:\s*,\s*"
                      + _VALUE + r")*\s*\))\s*[.?]?\s*$", re.I)


def loose_point(text: str) -> None:
    """Refuse a point written without what makes it one: a bar without its _
    (``|x=2``, read as an unclosed absolute value), or ``at 2`` without its variable."""
    bar = _LOOSE_BAR.search(text)
    if bar is not None and text.count("|", 0, bar.start()) % 2 == 0:  # |x| y = 1: it closes
        raise ParseError("an evaluation bar is written with _", text, bar.start(), bar.end(),
                         hint=f"write |_{{{text[bar.start() + 1:].strip()}}}, or end with: at "
                              f"{text[bar.start() + 1:].strip()}")
    at = _BARE_AT.search(text)
    if at is not None:
        values = bare_values(at.group(1))
        # the expression's own one-letter names, in order (u^2 v at (1, 2): u, v)
        letters = sorted(set(re.findall(r"(?<![A-Za-z])[A-Za-z](?![A-Za-z(])",
                                        text[:at.start()])) - {"e"})
        names = letters if len(letters) == len(values) else ("x", "y", "z")[:len(values)]
        pairs = [f"{n} = {v}" for n, v in zip(names, values)] if len(names) == len(
            values) else ["x = 1, y = 2, …, one for each variable"]
        option = "" if "…" in pairs[0] else (
            f" (or --at {','.join(p.replace(' ', '') for p in pairs)})")
        raise ParseError("the point needs its variable", text, at.start(1), at.end(1),
                         hint=f"write at {', '.join(pairs)}{option}")


class Said(NamedTuple):
    """How a point was written, for its errors and its note."""

    kind: str  # the note's
    what: str  # in the errors: "in the evaluation bar"
    hint: str


BAR_WORDS = Said("evaluation-bar", "the evaluation bar", "write |_{x=1}")
AT_WORDS = Said("evaluation-point", "'at x = …'", "write at x = 1, or --at x=1")


def pieces(inside: str):
    """``(start, text)`` of each name=value piece of a point, split at its commas and at
    the word "and"."""
    pos = 0
    for sep in SEPARATOR.finditer(inside):
        yield pos, inside[pos:sep.start()]
        pos = sep.end()
    yield pos, inside[pos:]


_POINT_ALONE = re.compile(r"\s*(?:at|when)\s+(?:(?:the\s+)?point\s+)?(?:(" + VAR_NAME
                          + r"\s*=.*)|\((\s*" + _VALUE + r"(?:\s*,\s*" + _VALUE
                          + r")*\s*)\)\s*$)", re.I | re.S)


def nothing_before_point(text: str) -> None:
    """Refuse a point with no expression before it (``at x = 2``, ``at (1, 2)``: it read as
    the equation a·t·x = 2); not ``at y = x^2`` or ``at (x + 1)``, letters' products."""
    m = _POINT_ALONE.match(text) if text.lstrip()[:1] in "aAwW" else None
    if m is not None and (m[1] is None or not defines(m[1])):
        start = len(text) - len(text.lstrip())
        raise ParseError("the point has no expression before it", text, start,
                         len(text.rstrip()), hint="write the expression first: x^2 at x = 2")


def point_after(text: str, definitions: int | None = None, defined=frozenset()):
    """The point in words that ends ``text``, a match whose group 1 is its values, or None.
    ``definitions``: where definitions may start (after a bare request's "when", "if", …):
    from there, values that hold a letter define (find dy/dx when y = x^3), and the values
    of numbers after them, if any, are the point (… and x = 2); a value given to one of
    ``defined`` (a curve's coordinates: x = 3t, y = 2 and t = 1) is a definition too."""
    at = AT_END.search(text)
    if definitions is None:
        return at
    for sep in SEPARATOR.finditer(text, definitions):
        tail = AFTER_DEFINITIONS.match(text, sep.start())
        before = text[definitions:sep.start()]
        names = _names(tail.group(1)) if tail else set()
        if tail and not defines(tail.group(1)) and defines(before) and not defined & names \
                and all(_in_values(n, before) for n in names):
            return tail
    if at is not None and at.start() < definitions and defines(at.group(1)):
        return None  # when y = x^3: a definition, as after "if", not a point
    return at


_LEFT_SIDE = re.compile(r"[A-Za-z_]\w*\s*(?:\([^()=]*\))?\s*=")


def _in_values(name: str, definitions: str) -> bool:
    """Does ``name`` occur in the values of ``definitions`` (y = x^3: x does, y does not)?"""
    return re.search(rf"(?<![A-Za-z_]){re.escape(name)}(?![A-Za-z0-9_])",
                     _LEFT_SIDE.sub(" ", definitions)) is not None


def _names(values: str) -> set:
    return {v.partition("=")[0].strip() for v in SEPARATOR.split(values)}


def defines(values: str) -> bool:
    """Does a value among ``values`` (``y = x^3, x = 2``) hold a letter (not e)?"""
    return any(_LETTER.search(v.partition("=")[2]) for v in SEPARATOR.split(values))


def option_text(words: str) -> str:
    """A point in words (``x = 3 and y = 4``, a match of :data:`AT_END`) as --at writes it:
    ``x=3,y=4``."""
    return ",".join("=".join(side.strip() for side in chunk.split("=", 1))
                    for _, chunk in pieces(words))


def bare_point(text: str):
    """The coordinates without their variables that end ``text`` (``at (1, 2)``, ``at 2``):
    a match whose group 1 is the point, or None."""
    return _BARE_AT.search(text)


def bare_values(point: str) -> tuple[str, ...]:
    """The values of a bare point's text (``(1, 2)`` -> ``("1", "2")``; ``2`` -> ``("2",)``)."""
    return tuple(v.strip() for v in point.strip("() ").split(","))


def ends_with_point(text: str) -> bool:
    """Whether ``text`` is an expression and the words of a point, ``x^2 y at x = 1`` (its
    = is the point's: no equation to differentiate implicitly)."""
    at = AT_END.search(text)
    return at is not None and "=" not in text[:at.start()]


def not_in_a_bracket(text: str, start: int, end: int) -> None:
    """Refuse the words of a point (or a bar) from ``start`` that a bracket opened before
    holds, ``d/dx (x^3 at x = 2)``: read at the end, it left the bracket unclosed."""
    if open_brackets(text[:start]) > 0:
        raise ParseError("the point is inside a bracket", text, start + (text[start] == " "),
                         end, hint="write it after the expression's brackets: d/dx (x^3) at "
                                   "x = 2")


def point_value_text(v, written: str) -> str:
    """A point's value as its note shows it: a decimal where the point was written with one
    (``at x = 2.2`` is ``--at x=2.2``, not 11/5), else in plain syntax."""
    if "." in written and type(v) is Num:
        shown = decimal_text(v.value)
        if shown is not None:
            return shown
    return to_plain(v)
