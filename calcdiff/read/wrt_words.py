"""The variable of a request written in words at its end: ``… with respect to x``, ``… wrt
x``, ``… w.r.t. x``, ``x^2 y (wrt y)``, and how many times: ``… with respect to x twice``
(``thrice``, ``3 times``, ``three times``). The request readers (:mod:`calcdiff.read.request`,
:mod:`calcdiff.read.equation_request`) read them."""

from __future__ import annotations

import re
from functools import cache

from calcdiff.read.definitions import VAR_NAME

_WRT_WORDS = re.compile(r"w\.?\s?r|respect", re.I)  # a look first: most inputs have neither
_TIMES = {"once": 1, "twice": 2, "thrice": 3, "one": 1, "two": 2, "three": 3, "four": 4,
          "five": 5}


@cache
def _wrt_tail() -> re.Pattern:
    return re.compile(r"(?:\s*([(\[])\s*|\s*[,;:]\s*|\s+)"  # (wrt x), ", wrt x", " wrt x"
                      r"(?:w\.?\s?r\.?\s?t\.?|(?:with|w/)?\s*respect\s+to)"
                      r"\s+(" + VAR_NAME + r")"
                      r"(?:\s+(?P<times>once|twice|thrice|(?:[1-9]|one|two|three|four|five)"
                      r"\s+times))?"
                      r"\s*(?(1)[)\]])\s*[.?]?\s*$", re.I)


def wrt_tail(text: str):
    """The match of "… wrt x" / "… with respect to x" / "… (wrt x)" ending ``text``, or None;
    the variable is its group 2 (how many times: :func:`times`)."""
    start = max(0, len(text) - 200)  # short: in the last characters (its words with it)
    if not _WRT_WORDS.search(text, start):
        return None
    return _wrt_tail().search(text, start)


def times(tail) -> int:
    """How many times the match of :func:`wrt_tail` asks to differentiate (1 unless it says:
    ``twice`` is 2, ``3 times`` is 3)."""
    said = tail.group("times") if tail else None
    if not said:
        return 1
    word = said.split()[0].lower()
    return int(word) if word.isdigit() else _TIMES[word]
