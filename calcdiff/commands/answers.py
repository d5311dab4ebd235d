"""The student's answer as ``grade`` reads it: the derivative after its name (``dy/dx = 2x``)
(a gradient's components, ``(2xy, x^2)``, are read/brackets.components), and what a part
that students often write for another reading may have meant (``1/2x``, ``x^-1/2``, ``e^2x``,
``sin x^2``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from calcdiff.commands.request import read
from calcdiff.errors import CalcdiffError, ParseError
from calcdiff.names import derivative_words
from calcdiff.read.definitions import DEFINITION, VAR_NAME, variable_name
from calcdiff.read.latex import is_latex, translate
from calcdiff.read.primes import PRIME_HEAD, prime_order
from calcdiff.read.request import leibniz_name
from calcdiff.read.tidy import AFTER_A_FRACTION
from calcdiff.tree.nodes import Expr
from calcdiff.tree.printer import to_plain

_SIDES_HINT = "give the derivative alone (2x), or after its name (dy/dx = 2x, f'(x) = 2x)"


@dataclass
class Named:
    """The derivative an answer's left side names: ``dy/dx`` of ``dy/dx = 2x``."""

    text: str  # the left side, as written
    wrt: tuple[str, ...] | None  # its variables, one per differentiation; None: not said (y'')
    order: int
    expr: Expr | None = None  # the function it differentiates, where it holds one (d/dx(x^2))


def answer_sides(text: str, vars=None, table=None) -> tuple[str, Named | None, list[str]]:
    """(the derivative's text, the derivative its left side names, the note saying so) of an
    answer written after the derivative's name (``dy/dx = 2x``, ``d^2y/dx^2 = 6x``,
    ``f'(x) = 2x``, ``d/dx(x^2) = 2x``); (the answer, None, []) of an answer without one."""
    i = _top_level(text, "=")
    if i is None:
        return text, None, []
    left, right = text[:i], text[i + 1:]
    if not right.strip():
        raise ParseError("in the answer: nothing follows '='", text, i, i + 1,
                         hint="give the derivative after it: dy/dx = 2x")
    if not left.strip():
        raise ParseError("in the answer: nothing comes before '='", text, i, i + 1,
                         hint=_SIDES_HINT)
    again = _top_level(right, "=")
    if again is not None:
        at = i + 1 + again
        raise ParseError("in the answer: a second '='; an answer is one derivative", text, at,
                         at + 1, hint=_SIDES_HINT)
    named = _named(text, i, vars, table)
    if named is None and DEFINITION.match(text) and _reads(text, vars, table):
        return text, None, []  # f(x) = 2x, y = 2x: a definition, read as its right side
    if named is None:
        start = len(left) - len(left.lstrip())
        raise ParseError(f"in the answer: its left side, {left.strip()}, is not a derivative",
                         text, start, len(left.rstrip()), hint=_SIDES_HINT)
    return right.lstrip(), named, [f"read the right-hand side of {left.strip()} = …"]


def _reads(text: str, vars, table) -> bool:
    try:
        read(text, vars=vars, table=table, allow_request=False)
    except CalcdiffError:
        return False
    return True


def _top_level(text: str, char: str) -> int | None:
    """The index of the first ``char`` outside brackets, or None."""
    depth = 0
    for i, c in enumerate(text):
        if c in "([{⟨":
            depth += 1
        elif c in ")]}⟩":
            depth -= 1
        elif c == char and depth == 0:
            return i
    return None


def _named(text: str, i: int, vars, table) -> Named | None:
    """The derivative that ``text[:i]``, the left side of ``=`` at ``i``, names, as the
    request reader reads one: primes (``y''``, ``f'(x)``), a Leibniz name (``dy/dx``,
    ``∂²f/∂x∂y``, ``\\frac{d^2y}{dx^2}``) or a request with its function (``d/dx(x^2)``,
    ``d(x^2)/dx``, ``(x^2)'``, ``diff(x^2, x)``); None for anything else."""
    left = text[:i]
    head, at = text, i  # the primes as read: LaTeX's f^{\prime}(x) is f'(x)
    m = PRIME_HEAD.match(text)
    if m is None and is_latex(left):
        try:
            head = translate(left).text + "="
        except CalcdiffError:  # not LaTeX the reader reads: the request reader says why
            head = text
        at = len(head) - 1
        m = PRIME_HEAD.match(head)
    if m and m.group(4) == "=" and m.end(4) == at + 1:  # y'' = …, f'(x) = …
        order = prime_order(head, m)
        arg = m.group(3)
        if arg is not None and not re.fullmatch(VAR_NAME, arg.strip()):
            raise ParseError(f"in the answer: its left side, {left.strip()}, names the "
                             f"derivative's value at {arg.strip()}, not the derivative", text,
                             m.start(1) if head is text else len(left) - len(left.lstrip()),
                             i, hint=f"give the derivative: {m.group(1)}"
                             f"{m.group(2)}(x) = …")
        wrt = (variable_name(arg.strip()),) * order if arg else None
        return Named(left.strip(), wrt, order)
    wrt = leibniz_name(left, vars)
    if wrt is not None:  # dy/dx = …, d^2y/dx^2 = …
        return Named(left.strip(), wrt, len(wrt))
    try:
        r = read(left, vars=vars, table=table)
    except CalcdiffError as exc:
        exc.message = "in the answer's left side: " + exc.message
        exc.text = text if exc.text in (None, left) else exc.text
        raise
    if r.wrt is None:  # 2x = …, f(x) = …: no derivative
        return None
    return Named(left.strip(), tuple(r.wrt) or None, len(r.wrt) or r.order, r.expr)


def named_notes(named: Named | None, graded: tuple[str, ...], f: Expr, same) -> list[str]:
    """What the answer's left side names that is not what is graded, the derivative of ``f``
    by ``graded`` (one variable per differentiation): another function (``same(e)``: is
    ``e`` the function ``f``), or another variable or order."""
    if named is None:
        return []
    notes = []
    if named.expr is not None and not same(named.expr):
        notes.append(f"the left side, {named.text}, differentiates {to_plain(named.expr)}; "
                     f"graded is the derivative of {to_plain(f)}")
    if (named.order != len(graded) if named.wrt is None else
            sorted(named.wrt) != sorted(graded)):
        notes.append(f"the left side, {named.text}, names "
                     f"{derivative_words(named.wrt, named.order)}; graded is "
                     f"{derivative_words(graded)}")
    return notes


def read_answer(text: str, vars, table):
    """The answer's reading: (its tree, its notes' messages, the reading)."""
    try:  # read as any input is (2x. ends a sentence), but never as a request
        r = read(text, vars=vars, table=table, allow_request=False)
    except CalcdiffError as exc:
        exc.message = "in the answer: " + exc.message
        if exc.text is None:
            exc.text = text
        raise
    return r.expr, [n.message for n in r.notes], r


@dataclass
class OtherReading:
    """Another common reading of a part of the answer, which the reader reads one way (as
    every input is read) and students often mean the other: ``1/2x`` meant as 1/(2x),
    ``x^-1/2`` as x^(-1/2), ``e^2x`` as e^(2x), ``sin x^2`` as (sin x)^2."""

    written: str  # the part as written
    meant: str  # the part as meant
    expr: Expr  # the whole answer read with the part as meant
    as_written: str  # what the part is as written, in words
    advice: str  # how to write it as meant

    def right(self) -> str:
        """What a grade says where the answer as meant is the derivative."""
        return f"{self.as_written}; {self.meant} is right: {self.advice}"

    def mistaken(self) -> str:
        """What a grade says where a mistake explains the answer as meant (and none as
        written)."""
        return f"{self.as_written}; read as {self.meant} ({self.advice}), it is this mistake"


def other_readings(text: str, r, vars, table) -> list[OtherReading]:
    """The other readings of the answer ``text`` (read as ``r``) that its notes point at: a
    product after a fraction (``1/2x``: the product under it), an exponent read as one
    factor (``x^-1/2``, ``e^2x``: the whole of it in brackets), a function applied to a power
    (``sin x^2``: the power of the function); one part changed in each."""
    out = []
    for n in r.notes:
        found = _other_reading(text, n)
        if found is None:
            continue
        whole, start, end, meant_end, as_written, advice = found
        try:
            expr = read(whole, vars=vars, table=table, allow_request=False).expr
        except CalcdiffError:
            continue
        if expr != r.expr:
            out.append(OtherReading(text[start:end].strip(), whole[start:meant_end].strip(),
                                    expr, as_written, advice))
    for whole, advice in _bracketed_tails(text):
        try:
            expr = read(whole, vars=vars, table=table, allow_request=False).expr
        except CalcdiffError:
            continue
        if expr != r.expr and all(o.expr != expr for o in out):
            out.append(OtherReading(text.strip(), whole.strip(), expr,
                                    f"as written, {text.strip()} is {to_plain(r.expr)}",
                                    advice))
    return out


def _bracketed_tails(text: str) -> list[tuple[str, str]]:
    """``2x/x^2+1`` meant as 2x/(x^2+1), ``n x^n-1`` as n x^(n-1): the sum after the last
    division or power outside brackets, bracketed -- (the whole answer so, the advice)."""
    out = []
    for char, advice in (("/", "write the denominator in brackets"),
                         ("^", "write the exponent in brackets")):
        i = _top_level(text[::-1], char)
        if i is None:
            continue
        at = len(text) - 1 - i
        tail = text[at + 1:].strip()
        sign = next((j for j in (_top_level(tail[1:], "+"), _top_level(tail[1:], "-"))
                     if j is not None), None)
        if sign is not None and tail[sign:].strip("+- "):
            out.append((f"{text[:at + 1]}({tail})", advice))
    return out


def _other_reading(text: str, n):
    """(the whole answer with the part of note ``n`` as meant, where that part starts, ends
    as written and ends as meant, it as written in words, the advice), or None."""
    part = text[n.start:n.end]
    if n.kind == "implicit-multiplication" and n.joins and AFTER_A_FRACTION in n.message:
        # the first product after a division (2x/2sqrt(u): not the 2x before it)
        slash = -1
        for left, _ in sorted(n.joins):
            slash = max(text.rfind("/", n.start, left), text.rfind("÷", n.start, left))
            if slash >= 0:
                break
        if slash < 0:
            return None
        whole = f"{text[:slash + 1]}({text[slash + 1:n.end].strip()}){text[n.end:]}"
        return (whole, n.start, n.end, n.end + 2,
                f"as written, {part.strip()} is a product after a fraction, (a/b)·x",
                "write the denominator in brackets")
    top = _top_level(part, "^")  # (1-x^2)^-1/2: the base's own powers stay
    caret = (-1 if top is None else top) if n.kind == "exponent-scope" else (
        part.rfind("^") if n.kind == "function-application" else -1)
    if caret < 0:
        return None
    if n.kind == "exponent-scope":  # x^-1/2, e^2x: the whole exponent in brackets
        meant = f"{part[:caret + 1]}({part[caret + 1:].strip()})"
        words = f"as written, {part.strip()} is {_read_as(n, part)}: an exponent is one factor"
        advice = "write the exponent in brackets"
    else:  # sin x^2: the function's power
        meant = f"({part[:caret].strip()}){part[caret:].strip()}"
        words = f"as written, {part.strip()} is {_read_as(n, part)}"
        advice = "write the function in brackets before its power"
    return (text[:n.start] + meant + text[n.end:], n.start, n.end, n.start + len(meant), words,
            advice)


def _read_as(n, part: str) -> str:
    """How the reader read the part of note ``n``, in the note's own words ("x^-1/2 read as
    (x^-1)/2: …"), else the part's reading in plain syntax."""
    said = n.message.partition(" read as ")[2].partition(":")[0].strip()
    if said:
        return said
    try:
        return to_plain(read(part, allow_request=False).expr)
    except CalcdiffError:
        return part.strip()
