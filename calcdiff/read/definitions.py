"""A definition's left side (``f(x) = …``, ``L(w, b) = …``, ``z = …``): the name defined, its
arguments, and whether the line defines a function (the parser then reads the right-hand
side) or states an equation (``cos(y) = x``, differentiated implicitly)."""

from __future__ import annotations

import re

from calcdiff.greek import SPELLING as GREEK_SPELLING
from calcdiff.read.lexer import GREEK
from calcdiff.table import builtin_entries

# a variable's name in a definition (f(x) = ..., z = ...) and in Leibniz requests
VAR_NAME = (
    r"(?:[α-ωΑ-Ω]|[A-Za-z]+)(?:[0-9]+)?(?:_(?:[A-Za-z0-9]+|\{[A-Za-z0-9]+\}))?"
)
DEFINITION = re.compile(r"^\s*(" + VAR_NAME + r")\s*(?:\(\s*" + VAR_NAME + r"(?:\s*,\s*"
                         + VAR_NAME + r")*\s*\))?\s*=(?!=)")


def definition_arguments(left: str) -> tuple[str, ...]:
    """The names inside the brackets of a definition's left side (``f(w, b)``: w, b)."""
    if "(" not in left:
        return ()
    inside = left[left.index("(") + 1:left.rindex(")")]
    return tuple(GREEK_SPELLING.get(n, n) for n in (
        GREEK.get(a.strip(), a.strip()).replace("{", "").replace("}", "")
        for a in inside.split(",")))


def defines(name: str, arguments: tuple, free) -> bool:
    """Whether ``name(arguments) = right`` (``free``: the right side's variables) defines a
    function, rather than states an equation: a built-in function's name only with its
    arguments alone on the right (``sigmoid(x) = 1/(1 + e^-x)``; ``cos(y) = x`` and
    ``exp(xy) = 2`` are equations); any other name always."""
    if name not in builtin_entries().names:
        return True
    return bool(arguments) and bool(free) and free <= set(arguments)
