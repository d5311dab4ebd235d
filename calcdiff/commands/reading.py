"""The ``parse`` command: how an input is read, as ``derive`` reads it -- a request around an
expression (``d/dx x^2``), an equation's two sides (also inside a request, ``find dy/dx if x
= tan(y)``), a definition (``y = x^2, find dy/dx``), a final period -- with nothing
differentiated and no function refused for being unknown (the reading is shown as it is)."""

from __future__ import annotations

from calcdiff.commands.differentiate import definition_asked
from calcdiff.commands.implicit import equation_in, equation_reading
from calcdiff.commands.request import read
from calcdiff.deep import call_deep
from calcdiff.read.reading import Note, Reading
from calcdiff.read.rule_exprs import builtin_table
from calcdiff.table import with_unknown_functions


def parse(text: str, vars=None, table=None, names=None, functions=None) -> Reading:
    """The reading of ``text``, as ``calcdiff parse`` shows it. ``vars``: the declared
    variables (no other may appear); ``names``: names never split (--let names);
    ``functions``: names of unknown functions, read as f(x) is.

    >>> parse("sin x cos x").plain
    'sin(x)*cos(x)'
    >>> parse("d/dx x^2").wrt
    ('x',)
    """
    if functions:
        table = with_unknown_functions(table if table is not None else builtin_table(),
                                       functions)
    return call_deep(_parse, text, vars, table, names)


def _parse(text, vars, table, names) -> Reading:
    asked, sides = equation_in(text)
    if sides is None and asked is not None:  # y = x^2, find dy/dx: the definition
        return definition_asked(text, asked, vars, table, checked=False)
    if sides is None:
        return read(text, vars=vars, table=table, checked=False, names=names)
    reading = equation_reading(text, vars, table, asked, sides)  # both sides, as derive
    if asked is not None:
        reading.notes.insert(0, Note("leibniz", f"{asked.words!r} read as a request to "
                                     "differentiate the equation implicitly", 0, asked.start))
    return reading


__all__ = ["parse"]
