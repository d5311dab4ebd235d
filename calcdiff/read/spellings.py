"""How the name of a known function may be spelled besides the table's own: with capitals
(``Sin``, ``LN``), as a logarithm to a base (``log_2``, ``log10``), or with an inverse
function's prefix written apart (``arc sin``). The resolver reads them; a definition's left
side is no definition of a name so spelled (``Sin(x) = y`` is an equation)."""

from __future__ import annotations

import re

ARC_WORDS = frozenset(("arc", "ar", "arg"))  # arc sin x, ar sinh x, arg tanh x: one name


def capitalised(name: str, names: dict, called: bool = True) -> str | None:
    """The function ``name`` spells with capitals -- Sin, Ln, Exp, Log as word processors and
    calculators typeset them; LN(x), SIN(x) as spreadsheets write them, and SIN X, LN x as a
    calculator's keys do -- by its name in the table ``names``, else None. ``called``: the
    name is applied to a bracket, or may be read so without one (no --vars declares the
    letters: --vars L,N reads LN x as L·N·x); a capitalised name is a function either way."""
    if len(name) > 1 and (name.istitle() or (called and name.isupper())):
        return names.get(name.lower())
    return None


# a logarithm to a base, by its name: log2, log10, lg, log_2, log_{10}, log_e (not log_loss)
_LOG_BASE_NAME = re.compile(r"log(?:2|10|_(?:[0-9]+|[A-Za-z]|\{\s*[A-Za-z0-9]+\s*\}))|lg")


def a_function_spelling(name: str, names: dict) -> bool:
    """Whether the reader takes ``name`` applied to a bracket for a known function: a name
    of the table ``names``, one with capitals, or a logarithm to a base."""
    return name in names or capitalised(name, names) is not None or bool(
        _LOG_BASE_NAME.fullmatch(name))
