"""A line that reads as a sentence: two words in a row, each split into its letters
(``how fast does x^2 change``, ``dee why by dee ex``). A run of letters that is no name is a
product of its letters (``xy`` is x·y), but words side by side are English, not algebra:
an error that says so, never a product of a dozen letters."""

from __future__ import annotations

import re

from calcdiff.errors import ParseError

# a cheap look first (one search in C): two runs of three letters or more, a space between
_IN_A_ROW = re.compile(r"(?<![A-Za-z_0-9])[A-Za-z]{3,}\s+[A-Za-z]{3,}(?![A-Za-z_0-9])")
_WORD = re.compile(r"(?<![A-Za-z_0-9\\])[A-Za-z]{3,}(?![A-Za-z_0-9(])")


def may_hold_words(text: str) -> bool:
    """Could ``text`` hold two words in a row? (Most lines cannot: no token list is made.)"""
    return _IN_A_ROW.search(text) is not None


def no_words_in_a_row(text: str, tokens) -> None:
    """Refuse ``text`` when two words stand side by side and the reading split both into
    single letters. ``tokens``: (kind, start, end) of the reading's tokens."""
    single: set = set()  # the columns read as a one-letter variable or constant
    whole: set = set()  # where a token began, (start, end), read as one name
    for kind, start, end in tokens:
        if kind in ("VAR", "CONST") and end - start == 1:
            single.add(start)
        whole.add((start, end))
    split = [m for m in _WORD.finditer(text)
             if (m.start(), m.end()) not in whole
             and all(i in single for i in range(m.start(), m.end()))]
    for a, b in zip(split, split[1:]):
        if not text[a.end():b.start()].strip():
            raise ParseError(f"{text[a.start():b.end()]!r} reads as words, not as a product of "
                             "their letters", text, a.start(), b.end(),
                             hint="give the expression alone: calcdiff reads math, not "
                                  "sentences (a product of letters is written x*y*z)")
