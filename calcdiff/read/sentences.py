"""A line that reads as a sentence: two words in a row, each split into its letters
(``how fast does x^2 change``, ``dee why by dee ex``), or one long word split so
(``length * width``). A run of letters that is no name is a
product of its letters (``xy`` is x·y), but words side by side are English, not algebra:
an error that says so, never a product of a dozen letters."""

from __future__ import annotations

import re

from calcdiff.errors import ParseError

# a cheap look first (one search in C): two runs of three letters or more, a space between,
# or one run of five or more
_IN_A_ROW = re.compile(r"(?<![A-Za-z_0-9])[A-Za-z]{3,}\s+[A-Za-z]{3,}(?![A-Za-z_0-9])|"
                       r"[A-Za-z]{5}")
LONG_WORD = 5  # letters: a run this long split into its letters is a word (length, width)
_WORD = re.compile(r"(?<![A-Za-z_0-9\\])[A-Za-z]{3,}(?![A-Za-z_0-9(])")


def may_hold_words(text: str) -> bool:
    """Could ``text`` hold two words in a row? (Most lines cannot: no token list is made.)"""
    return _IN_A_ROW.search(text) is not None


def no_words_in_a_row(text: str, tokens) -> None:
    """Refuse ``text`` when two words stand side by side, or a word of :data:`LONG_WORD`
    letters or more stands, and the reading split them into single letters. ``tokens``:
    (kind, start, end) of the reading's tokens."""
    single: set = set()  # the columns read as a one-letter variable or constant
    whole: set = set()  # where a token began, (start, end), read as one name
    for kind, start, end in tokens:
        if kind in ("VAR", "CONST") and end - start == 1:
            single.add(start)
        whole.add((start, end))
    split = [m for m in _WORD.finditer(text)
             if (m.start(), m.end()) not in whole
             and all(i in single for i in range(m.start(), m.end()))]
    for k, m in enumerate(split):  # the first in the text: a word, or two in a row
        after = split[k + 1] if k + 1 < len(split) else None
        if after is not None and not text[m.end():after.start()].strip():
            raise ParseError(f"{text[m.start():after.end()]!r} reads as words, not as a product "
                             "of their letters", text, m.start(), after.end(),
                             hint="give the expression alone: calcdiff reads math, not "
                                  "sentences (a product of letters is written x*y*z)")
        if m.end() - m.start() >= LONG_WORD:
            word = m.group()
            raise ParseError(f"{word!r} reads as a word, not as a product of its letters", text,
                             m.start(), m.end(), hint=f"to use it as one variable, declare it: "
                             f"--vars {word},… (or name it with --let); a product of letters is "
                             "written x*y*z")
