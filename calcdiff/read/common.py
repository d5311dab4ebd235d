"""The tokens of a common line (``(23x^4y - 203xy^3 + 66x^4)``: whole numbers, runs of ASCII
letters, spaces and ASCII operators) lexed and resolved in one pass, where the lexer
(:func:`calcdiff.read.lexer.tokenize`) and then the resolver
(:meth:`calcdiff.read.resolve._Resolver.resolve`) take one pass each and build every name's
token twice.

It gives exactly the tokens and notes of those two, and only from names the resolver has
already read: the ones it keeps, read as one token with no note (``x``) or as the same pieces
and notes wherever written (``xy``: x, y and a split-name note). Anything else -- a name not
read yet, a name applied to a bracket, any character outside the common ones, a number
written with an exponent -- is left to the lexer and the resolver, which then remember the
name for the next line (tests/test_reader_fast.py compares the two ways).
"""

from __future__ import annotations

import re

from calcdiff.read.lexer import _EMPTY, MAX_DIGITS, MAX_LENGTH, Token, whole
from calcdiff.read.reading import Note
from calcdiff.read.resolve import _name_index
from calcdiff.words import PYTHON_KEYWORDS, REQUEST_WORDS

# spaces, then a whole number (not 2e5), a run of letters (not x2, f^{(4)}), an operator, or
# anything else (the line is not a common one)
_TOKEN = re.compile(r"( *+)(?:([0-9]++)(?![eE])|([A-Za-z]++)(?![0-9]|\^ *[{(])"
                    r"|(\*\*|[-+*^()\[\]{},])|([\s\S]))")


def common_tokens(text: str, table, declared, names: frozenset, notes: list):
    """The resolved tokens of ``text`` (the resolver's notes appended to ``notes``), or None
    where it is not a common line whose names were all read before, with ``notes``
    untouched. ``table``, ``declared`` and ``names`` as the resolver takes them."""
    if len(text) > MAX_LENGTH:
        return None
    found = _TOKEN.findall(text)
    if not found:
        return None
    plain, runs = _name_index(table, declared, names)[2:]
    out: list[Token] = []
    append = out.append
    said: list[Note] = []
    pos = 0
    last = len(found) - 1
    for k, (space, number, name, op, other) in enumerate(found):
        s = pos + len(space)
        if number:
            pos = s + len(number)
            if pos - s > MAX_DIGITS:
                return None
            append(Token("NUM", number, s, pos, whole(number), number))
        elif op:
            pos = s + len(op)
            append(Token("OP", "^", s, pos, None, op) if op == "**" else
                   Token("OP", op, s, pos, None, op))
        elif name:
            pos = s + len(name)
            if (k < last and found[k + 1][3] in ("(", "[", "{")) or name in PYTHON_KEYWORDS \
                    or name in REQUEST_WORDS:
                return None  # a call (its arguments are counted), a keyword (an error)
            known = plain.get((name, None))
            if known is not None:
                append(Token(known[0], known[1], s, pos, None, name, None, _EMPTY, k))
                continue
            run = runs.get((name, None))
            if run is None:
                return None
            for kind, piece, a, b, value, source, flags in run[0]:
                append(Token(kind, piece, s + a, s + b, value, source, None, flags, k))
            for kind, message, a, b, joins in run[1]:
                said.append(Note(kind, message, s + a, s + b,
                                 tuple((s + j, s + m) for j, m in joins)))
        else:
            return None
    append(Token("END", "", len(text), len(text) + 1))
    notes += said
    return out
