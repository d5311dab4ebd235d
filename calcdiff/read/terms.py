"""Parts of the parser kept beside it (read/parser.py is at the size limit): its shortcut for
the common term, and a function's power.

The common term (``23x^4y``, ``203xy^3``, ``x``, ``66x^4``) is a number or a variable, then
variables, each with at most a power of one number or variable: read in one loop instead of
one call per token and per grammar level. It reads exactly what
:meth:`calcdiff.read.parser._Parser.parse_term` reads -- the same nodes, spans marked in the
same order, the same implicit-multiplication note -- and leaves every other term, and every
error, to it (tests/test_reader_fast.py compares the two).
"""

from __future__ import annotations

from calcdiff.read.tidy import implicit_note
from calcdiff.tree.nodes import Mul, Num, Pow, Sym

# the tokens a term ends before (its sum's next sign, a closing bracket, an argument's comma)
TERM_ENDS = frozenset(("+", "-", ")", "]", "}", ","))
_NOTED_NUMBERS = frozenset(("sci", "decimal"))  # 1e-3, 0.5: a note says how they were read


def plain_term(p):
    """The term at the parser ``p``'s token, read when it is a common one (``p`` then stands
    after it); else None, with ``p`` untouched. Its caller checks the nesting depth (a power
    counts one level)."""
    toks = p.toks
    i = p.i
    t = toks[i]
    marks = []  # (node, start, end): in the order parse_term marks them
    factors = []
    joins = []  # (end of one factor, start of the next) of each implicit product
    prev = None  # the last token of the factor before
    while True:
        k = t.kind
        if k == "VAR":
            leaf = Sym(t.text)
        elif k == "NUM" and prev is None and not (t.flags and t.flags & _NOTED_NUMBERS):
            leaf = Num(t.value)
        else:
            return None
        if prev is not None and not (prev.run >= 0 and prev.run == t.run):
            joins.append((prev.end, t.start))  # pieces of one split run (xy) are no product
        marks.append((leaf, t.start, t.end))
        caret = toks[i + 1]
        if caret.kind == "OP" and caret.text == "^":
            e = toks[i + 2]
            if k == "NUM":
                return None  # 2^x: its exponent's scope is noted the long way
            if e.kind == "VAR":
                exp = Sym(e.text)
            elif e.kind == "NUM" and not (e.flags and e.flags & _NOTED_NUMBERS):
                exp = Num(e.value)
            else:
                return None  # x^-1, x^(n+1), x^ at the end (an error)
            if toks[i + 3].text == "^":
                return None  # x^2^3: the long way
            marks.append((exp, e.start, e.end))
            leaf = Pow(leaf, exp)
            marks.append((leaf, t.start, e.end))
            prev = e
            i += 3
        else:
            prev = t
            i += 1
        factors.append(leaf)
        t = toks[i]
        if t.kind == "VAR":
            continue
        if t.kind == "END" or (t.kind == "OP" and (t.text in TERM_ENDS
                                                    or (t.text == "|" and p.abs_depth))):
            break
        return None  # a product or quotient that goes on (x*y, 2x/3, 2x(x+1), x sin x)
    spans = p.spans
    marked = p.marked
    for node, s, e in marks:
        spans[id(node)] = (s, e)
        marked.append(node)  # alive until the parse ends: its id is never reused
    p.i = i
    if len(factors) == 1:
        return factors[0]
    start, end = marks[0][1], prev.end
    node = Mul(factors)
    if joins:
        p.notes.append(implicit_note(p.text, start, end, joins))
    spans[id(node)] = (start, end)
    marked.append(node)
    return node


def function_power(p, ftok) -> int:
    """The power written after the function ``ftok`` at the parser ``p``'s caret (``sin^2 x``,
    ``sin^{-1} x``): a whole number, or -1 for the inverse; ``p`` then stands after it."""
    caret = p.advance()
    closers = None
    if p.at_op("(", "{"):
        closers = ")" if p.advance().text == "(" else "}"
    sign = 1
    if p.at_op("-"):
        p.advance()
        sign = -1
    t = p.tok
    if t.kind != "NUM" or t.value.denominator != 1:
        raise p.error(
            f"expected a whole number after {ftok.source}^ (a function power like "
            f"{ftok.source}^2 x)",
            hint=f"write {ftok.source}(x)^... for other powers",
        )
    p.advance()
    if closers:
        if not p.at_op(closers):
            raise p.error(f"expected {closers!r}")
        p.advance()
    n = sign * int(t.value)
    if n == -1 or n >= 1:
        return n
    raise p.error(
        f"{ftok.source}^{n}: a function power must be a positive whole number, or -1 for "
        "the inverse", t, start=caret.start, end=t.end,
    )
