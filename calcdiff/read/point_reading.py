"""A point written inside an input, read: the name=value pieces of an evaluation bar
(``|_{x=1}``) or of the words ending it (``at x = 1``) parsed into ``--at``'s point, with
the note that says how it was read (the patterns are :mod:`calcdiff.read.point_words`')."""

from __future__ import annotations

from calcdiff.errors import ParseError
from calcdiff.read.definitions import variable_name as _variable
from calcdiff.read.point_words import (AFTER_DEFINITIONS, BAR_WORDS, Said, pieces,
                                       point_value_text)
from calcdiff.read.primes import parse_at
from calcdiff.read.reading import Note, Reading


def point_of(text: str, bar, vars, table, names, said: Said = BAR_WORDS) -> dict:
    """The point of an evaluation bar (or of the words "at x = 1"): {name: Expr}; a repeated
    name is an error."""
    g = next(i for i in (1, 2, 3) if i <= (bar.re.groups or 0) and bar.group(i) is not None)
    inside, base = bar.group(g), bar.start(g)
    point: dict = {}
    for start, chunk in pieces(inside):
        col = base + start + len(chunk) - len(chunk.lstrip())
        if not chunk.strip():
            continue
        if "=" not in chunk:
            raise ParseError(f"expected name=value in {said.what}, got {chunk.strip()!r}",
                             text, col, col + len(chunk.strip()), hint=said.hint)
        name, value = chunk.split("=", 1)
        name = _variable(name.strip())
        if name in point:
            raise ParseError(f"{name} is given twice in {said.what}", text, col,
                             col + len(chunk.strip()))
        v = parse_at(text[:col + len(chunk.split("=", 1)[0]) + 1] + value, col
                     + len(chunk.split("=", 1)[0]) + 1, vars, table, names).expr
        if v.free:
            raise ParseError(f"the value of {name} in {said.what} must be a number",
                             text, col, col + len(chunk.strip()))
        point[name] = v
    if not point:
        raise ParseError(f"{said.what} gives no point", text, bar.start(), bar.end(),
                         hint=said.hint)
    return point


def with_point(reading: Reading, text: str, bar, vars, table, names,
               said: Said = BAR_WORDS) -> Reading:
    """``reading`` with the point of ``bar`` (a match of a bar or of a point's words in
    ``text``), and a note saying how it was read."""
    reading.text = text
    reading.at = point_of(text, bar, vars, table, names, said)
    start = bar.start(1) if bar.re is AFTER_DEFINITIONS else bar.start()  # (not its "and")
    shown = ",".join(f"{k}={point_value_text(v, text[start:])}" for k, v in reading.at.items())
    reading.notes.append(Note(said.kind, f"{text[start:bar.end()].strip()} read as the "
                              f"point --at {shown}", start, bar.end()))
    return reading
