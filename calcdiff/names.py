"""The order in which variables are listed: x, y, z first, then the others alphabetically,
with numeric suffixes compared as numbers (x1, x2, …, x10). Every command and view lists
variables this one way; and a derivative's variables in words ("the second derivative by
x")."""

from __future__ import annotations

import re

_SUFFIX = re.compile(r"^(.*?)(?:_?)(\d+)$")
_PREFERRED = {"x": 0, "y": 1, "z": 2}


def natural_order(names) -> list[str]:
    """The names in calcdiff's order.

    >>> natural_order({"a", "y", "x10", "x2", "x"})
    ['x', 'x2', 'x10', 'y', 'a']
    """

    def key(name: str):
        m = _SUFFIX.match(name)
        # the subscript's number by its digits (x_<5,000 digits> is past int()'s limit)
        digits = m.group(2).lstrip("0") if m else ""
        stem, num = (m.group(1), (len(digits), digits)) if m else (name, (-1, ""))
        return (_PREFERRED.get(stem, 3), stem.lower(), stem, num, name)

    return sorted(names, key=key)


HELD_LISTED = 8  # past this many, the variables held constant are counted, not listed


def held_words(others: list[str]) -> str:
    """The variables a partial derivative holds constant, in words: their names up to
    :data:`HELD_LISTED`, else "the other N variables" (a line that stays short)."""
    return counted(len(others)) if len(others) > HELD_LISTED else ", ".join(others)


def counted(n: int) -> str:
    """Variables held constant past :data:`HELD_LISTED`, in words."""
    return f"the other {n} variables"


def ordinal(k: int) -> str:
    """first, second, …, fifth, then 6th, 7th, …, 11th, 12th, 13th, …, 21st, 22nd, 23rd"""
    words = ("first", "second", "third", "fourth", "fifth")
    if k <= len(words):
        return words[k - 1]
    last = k % 10 if k % 100 not in (11, 12, 13) else 0
    return f"{k}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(last, 'th')}"


def derivative_words(wrt, order: int | None = None) -> str:
    """A derivative by ``wrt`` (one variable per differentiation, in order; None: not said, of
    ``order``) in words: "the derivative by x", "the second derivative by x", "the derivative
    by y, then x", "the second derivative"."""
    if not wrt:
        return f"the {ordinal(order or 1)} derivative"
    if len(set(wrt)) > 1:
        return "the derivative by " + ", then ".join(wrt)
    return ("the derivative" if len(wrt) == 1 else f"the {ordinal(len(wrt))} derivative") + \
        f" by {wrt[0]}"
