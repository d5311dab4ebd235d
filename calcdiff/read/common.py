"""A common line (``(23x^4y - 203xy^3 + 66x^4)``: whole numbers, runs of ASCII letters,
spaces and ASCII operators) read the short way.

Its tokens are lexed and resolved in one pass (:func:`common_items`), where the lexer
(:func:`calcdiff.read.lexer.tokenize`) and then the resolver
(:meth:`calcdiff.read.resolve._Resolver.resolve`) take one pass each and build every name's
token twice: exactly the tokens and notes of those two, and only from names the resolver has
already read -- the ones it keeps, read as one token with no note (``x``) or as the same
pieces and notes wherever written (``xy``: x, y and a split-name note). Anything else -- a
name not read yet, a name applied to a bracket, any character outside the common ones, a
number written with an exponent -- is left to the lexer and the resolver, which then remember
the name for the next line.

A sum of common terms (a number or a variable, then variables, each with at most a power of
one number or variable; a term may open with a minus sign, or with a sum in round brackets) is
then read from those tokens without building them (:func:`common_tree`): the parser's own
nodes, spans marked in its order, notes, and the nodes it drops. Anything else, and every
error, is left to the parser. tests/test_reader_fast.py compares each short way with the long
one.
"""

from __future__ import annotations

import re

from calcdiff.read.lexer import _EMPTY, MAX_DIGITS, MAX_LENGTH, Token, whole
from calcdiff.read.reading import Note
from calcdiff.read.resolve import _name_index
from calcdiff.read.tidy import implicit_note
from calcdiff.tree.nodes import Add, Mul, Neg, Num, Pow, Sym
from calcdiff.undefined import FUNCTION_LETTERS

# spaces, then a whole number (not 2e5), a run of letters (not x2, f^{(4)}), an operator, or
# anything else (the line is not a common one)
_TOKEN = re.compile(r"( *+)(?:([0-9]++)(?![eE])|([A-Za-z]++)(?![0-9]|\^ *[{(])"
                    r"|(\*\*|[-+*^()\[\]{},])|([\s\S]))")


_OPENING = frozenset(("(", "[", "{"))
_POWER = frozenset(("^", "**"))
# the tokens a term ends before (its sum's next sign, a closing bracket, an argument's comma)
TERM_ENDS = frozenset(("+", "-", ")", "]", "}", ","))


def common_items(text: str, table, declared, names: frozenset, notes: list):
    """The resolved tokens of ``text``, each as the arguments of its :class:`Token` (the
    resolver's notes appended to ``notes``), or None where it is not a common line whose
    names were all read before, with ``notes`` untouched. ``table``, ``declared`` and
    ``names`` as the resolver takes them."""
    if len(text) > MAX_LENGTH:
        return None
    found = _TOKEN.findall(text)
    if not found:
        return None
    plain, runs = _name_index(table, declared, names)[2:]
    out: list[tuple] = []
    append = out.append
    said: list[Note] = []
    pos = 0
    last = len(found) - 1
    k = -1  # the index of the lexer's token
    for space, number, name, op, other in found:
        k += 1
        s = pos + len(space) if space else pos
        if op:
            pos = s + len(op)
            append(("OP", op if op != "**" else "^", s, pos, None, op, None, _EMPTY, -1))
        elif number:
            pos = s + len(number)
            if pos - s > MAX_DIGITS:
                return None
            append(("NUM", number, s, pos, whole(number), number, None, _EMPTY, -1))
        elif name:
            pos = s + len(name)
            if k < last and found[k + 1][3] in _OPENING:
                return None  # a call: its arguments are counted
            if k + 2 < last and found[k + 1][3] in _POWER and (
                    name in FUNCTION_LETTERS or name in table.call_only):  # σ^2(z): the long way
                j = k + 3 if found[k + 2][3] == "-" else k + 2
                if j < last and found[j][1] and found[j + 1][3] == "(":
                    return None  # f^2(x), g^-1(t): a power of an unknown function
            # (a keyword is never remembered: the lexer refuses it before the resolver)
            known = plain.get((name, None))
            if known is not None:
                append((known[0], known[1], s, pos, None, name, None, _EMPTY, k))
                continue
            run = runs.get((name, None))
            if run is None:
                return None
            for kind, piece, a, b, value, source, flags in run[0]:
                append((kind, piece, s + a, s + b, value, source, None, flags, k))
            for kind, message, a, b, joins in run[1]:
                said.append(Note(kind, message, s + a, s + b,
                                 tuple((s + j, s + m) for j, m in joins)))
        else:
            return None
    append(("END", "", len(text), len(text) + 1, None, "", None, _EMPTY, -1))
    notes += said
    return out


def tokens_of(items: list[tuple]) -> list[Token]:
    """The tokens :func:`common_items` gives the arguments of."""
    return [Token(*item) for item in items]


_COMMON_KINDS = frozenset(("NUM", "VAR", "OP", "END"))


def items_of(tokens: list[Token]) -> list[tuple]:
    """The resolver's tokens as :func:`common_items` gives them, when they are what a common
    line holds (whole numbers, variables, operators, no flags: 2.5 and 1e3 are the parser's);
    else [], which no sum of common terms reads."""
    out = []
    for t in tokens:
        if t.kind not in _COMMON_KINDS or t.flags or t.base is not None:
            return []
        out.append((t.kind, t.text, t.start, t.end, t.value, t.source, t.base, t.flags, t.run))
    return out


class _NotCommon(Exception):
    """The line is not a sum of common terms: the parser reads it."""


def common_tree(text: str, items: list[tuple]):
    """What the parser reads from the tokens ``items`` of :func:`common_items` -- (tree, its
    notes, spans, the nodes marked in order, the nodes dropped) -- when the line is a sum of
    common terms; else None."""
    line = _Line(text, items)
    try:
        expr = line.sum()
    except _NotCommon:
        return None
    if items[line.i][0] != "END":
        return None  # a bracket closed too often: the parser's error
    return expr, line.notes, line.spans, line.marked, line.dropped


class _Line:
    """The parser's reading (:class:`calcdiff.read.parser._Parser`) of a sum of common terms:
    parse_sum, parse_term (its factors' parse_power and parse_unary inside) and parse_group,
    in their order; _NotCommon where the parser would read something else, or stop at an
    error."""

    __slots__ = ("text", "items", "i", "notes", "spans", "marked", "dropped", "depth")

    def __init__(self, text: str, items: list[tuple]):
        self.text = text
        self.items = items
        self.i = 0
        self.notes: list[Note] = []
        self.spans: dict = {}
        self.marked: list = []  # alive until the parse ends: their ids are never reused
        self.dropped: list = []
        self.depth = 0

    def mark(self, node, start: int, end: int):
        if id(node) not in self.spans:
            self.spans[id(node)] = (start, end)
            self.marked.append(node)
        return node

    def negate(self, node):
        if type(node) is Num:
            self.dropped.append(node)
            return Num(-node.value)
        return Neg(node)

    def sum(self):
        items = self.items
        start = items[self.i][2]
        terms = [self.term()]
        while True:
            op = items[self.i]
            if op[0] != "OP" or (op[1] != "+" and op[1] != "-"):
                break
            self.i += 1
            if items[self.i][0] == "END":
                raise _NotCommon  # x + at the end: the parser's error
            t = self.term()
            terms.append(t if op[1] == "+" else self.negate(t))
        if len(terms) == 1:
            return terms[0]
        return self.mark(Add(terms), start, items[self.i - 1][3])

    def term(self):
        """A product of a number or a variable (or a sum in brackets, or a minus sign and a
        number or a variable) and variables, each with at most a power of one number or
        variable: parse_term's reading, its factors' parse_power and parse_unary inside."""
        items, spans, marked = self.items, self.spans, self.marked
        i = self.i
        t = items[i]
        start = t[2]
        factors: list = []
        joins = []  # (end of one factor, start of the next) of each implicit product
        negated = t[0] == "OP" and t[1] == "-"  # -155yz^4: the number negated, then the product
        if negated:
            i += 1
            t = items[i]
        elif t[0] == "OP" and t[1] == "(":
            factors.append(self.group())
            i = self.i
            t = items[i]
        while True:
            kind = t[0]
            if kind == "VAR" or (kind == "NUM" and not factors):
                if factors:
                    prev = items[i - 1]
                    if prev[0] == "OP" and prev[1] == "*":  # x*y, 243*x**499: written out
                        pass
                    elif not (prev[8] >= 0 and prev[8] == t[8]):  # one run's pieces: none
                        joins.append((prev[3], t[2]))
                node = Sym(t[1]) if kind == "VAR" else Num(t[4])
                spans[id(node)] = (t[2], t[3])
                marked.append(node)
                caret = items[i + 1]
                if caret[0] == "OP" and caret[1] == "^":
                    e = items[i + 2]
                    if kind == "NUM" or e[0] == "END" or items[i + 3][1] == "^":
                        raise _NotCommon  # 2^x (its exponent's scope is noted), x^, x^2^3
                    if e[0] == "VAR":
                        exp = Sym(e[1])
                    elif e[0] == "NUM":
                        exp = Num(e[4])
                        after = items[i + 3]
                        if after[0] == "VAR" and after[1] == t[1] and after[2] == e[3]:
                            raise _NotCommon  # x^2x: the parser's note on the exponent
                    else:
                        raise _NotCommon
                    spans[id(exp)] = (e[2], e[3])
                    marked.append(exp)
                    node = Pow(node, exp)
                    spans[id(node)] = (t[2], e[3])
                    marked.append(node)
                    i += 3
                else:
                    i += 1
                if negated:
                    node = self.mark(self.negate(node), start, items[i - 1][3])
                    negated = False
                factors.append(node)
                t = items[i]
                continue
            if factors and kind == "OP" and t[1] == "*" and items[i + 1][0] == "VAR":
                i += 1  # a factor written after *: a variable (x*2, x*-y: the parser's)
                t = items[i]
                continue
            if factors and (kind == "END" or (kind == "OP" and t[1] in TERM_ENDS)):
                break
            raise _NotCommon  # 2(x+1), 2 3, x y^2^3, x*2 ...: the parser's
        self.i = i
        end = items[i - 1][3]
        if len(factors) == 1:
            node = factors[0]
            if id(node) in spans:
                return node
        else:
            node = Mul(factors)
        if joins:
            self.notes.append(implicit_note(self.text, start, end, joins))
        return self.mark(node, start, end)

    def group(self):
        """A sum in round brackets, not raised to a power."""
        self.depth += 1
        if self.depth > 64:
            raise _NotCommon  # the parser counts the levels
        self.i += 1
        items = self.items
        if items[self.i][1] == ")" and items[self.i][0] == "OP":
            raise _NotCommon  # (): the parser's error
        inner = self.sum()
        t = items[self.i]
        if t[0] != "OP" or t[1] != ")" or items[self.i + 1][1] == "^":
            raise _NotCommon  # unclosed, closed by another bracket, (x+1)^2
        self.i += 1
        self.depth -= 1
        return inner
