"""Lagrange's primes as a request: on a function's name (``y' = x^3``, ``f'(x) = …``, ``y'' of
y = …``, ``f'(2) if f(x) = …``, the derivative at 2) and on a bracket (``(x^2 sin x)'``);
and :func:`parse_at`, the reading of a request's body at its own columns."""

from __future__ import annotations

import re

from calcdiff.errors import CalcdiffError, ParseError
from calcdiff.limits import check_order_text
from calcdiff.read.definitions import VAR_NAME as _VAR_NAME, variable_name
from calcdiff.read.brackets import closing_bracket
from calcdiff.read.parser import _parse
from calcdiff.read.reading import Note, Reading
from calcdiff.read.terms import BRACKETED_INDEX, RAISED_INDEX
from calcdiff.tree.nodes import Call, walk
from calcdiff.undefined import ORDER, PRIME_MARKS, count_primes, derivative_order

# y' = x^3, f′(x) = …, y'' of y = …: Lagrange's primes on the function's name (or the order
# in brackets, y^{(4)} = …, f⁽⁴⁾(x) = …)
_PRIMES = PRIME_MARKS
# what the brackets of f'(…) hold: the variable, or the point (2, 1/2, pi/2, e, sqrt(2), √2;
# brackets one level deep)
POINT = r"(?:[^()=,;\s]|\s+(?=[^()=,;\s])|\([^()=,;]*\))+"
# f'(x) = …, y'' of y = …, f'(2) if f(x) = … (the derivative at 2)
PRIME_HEAD = re.compile(r"^\s*(" + _VAR_NAME + r")\s*([" + _PRIMES + r"]+|(?:" + ORDER
                        + r"))\s*(?:\(\s*(" + POINT + r")"
                        r"\s*\))?\s*(=(?!=)|:|,|(?:of|for|if|given|when|where)\s)")
# (x^2 sin x)', [x^3]'', (sin x)′: primes on a bracket holding the whole expression
# (x^2 sin x)', and a function's call: sin(x)', ln(x^2 + 1)''
BRACKET_PRIMES = re.compile(r"^\s*(?P<head>[A-Za-z]\w*\s*)?[(\[](?P<inner>.*)[)\]]\s*"
                            r"(?P<marks>[" + _PRIMES + r"]+)\s*$", re.S)


def primed_variable(free) -> str | None:
    """The variable primes differentiate by, none named (y' = …, (…)', f'(2)): x when x
    occurs (or nothing does), else the only variable; None among several."""
    return "x" if "x" in free or not free else (next(iter(free)) if len(free) == 1 else None)


def bracket_primes(text: str):
    """The match of ``(…)'`` (or ``sin(…)'``) when its bracket holds the whole expression (or
    the call's argument), else None."""
    m = BRACKET_PRIMES.match(text)
    if m is None or closing_bracket(text, m.start("inner") - 1) != m.end("inner"):
        return None
    return m


def prime_order(text: str, m) -> int:
    """The order a :data:`PRIME_HEAD` match writes: its primes counted, or ``^{(4)}``, ``⁽⁴⁾``."""
    marks = m.group(2)
    order = (count_primes(marks, 0)[0] if marks[0] in _PRIMES
             else check_order_text(derivative_order(text, m.start(2))[0], text, m.start(2)))
    if order > 100:
        raise ParseError("the order must be at most 100", text, m.start(2), m.end(2))
    return order


# a^{(2)} = σ(z^{(2)}): a superscript in brackets on the right side too (layer indices;
# not e^{(x)}, nor e^{(2x)})
_INDEXED = re.compile(r"(?<![A-Za-z])(?!e\s*[\^⁽])[A-Za-z]\w*\s*(?:\^\s*" + BRACKETED_INDEX
                      + "|" + RAISED_INDEX + ")")


def primes(text, m, vars, table, names) -> Reading:
    """y' = x^3, f'(x) = …, y'' of y = …: the derivative of the right-hand side."""
    order = prime_order(text, m)
    if m.group(2)[0] not in _PRIMES and _INDEXED.search(text, m.end()):
        name = m.group(1)
        raise ParseError(f"{text[m.start(1):m.end(2)]} = …: with superscripts in brackets on "
                         "the right side too, they read as indices, not as the order of a "
                         "derivative", text, m.start(1), m.end(2),
                         hint=f"for indices write {name}_{order} and z_{order}; for the "
                              f"derivative of order {order} write {name}{chr(39) * order} = …")
    reading = parse_at(text, m.end(), vars, table, names)
    if m.group(4) in ("=", ":") and _holds(reading.expr, variable_name(m.group(1))):
        raise ParseError(f"{text[m.start(1):m.end(4)].strip()} … with {m.group(1)} on the right "
                         "side is a differential equation, which calcdiff does not solve",
                         text, m.start(1), m.end(4),
                         hint="for the derivative of an expression write y' = x^3 or "
                              "d/dx (…), with the right side free of the function")
    at = _prime_point(text, m, vars, table) if m.group(3) else None
    if m.group(3) and at is None:
        var = variable_name(m.group(3))
    elif reading.arguments:  # f'(2) if f(x) = x^3: by the definition's own argument
        var = reading.arguments[0]
    else:  # y' = …: by x when x occurs, else by the only variable
        var = primed_variable(reading.expr.free)
    reading.wrt = (var,) * order if var else ()
    if at is not None and var:  # f'(2): the derivative at 2, as --at x=2
        reading.at = {var: at}
        said = m.group(3)
        reading.notes.append(Note("evaluation-point", f"{m.group(1)}{m.group(2)}({said}) read "
                                  f"as the derivative at {var} = {said}", m.start(1),
                                  m.end(3) + 1))
    head = text[m.start(1):m.end(2) if not m.group(3) else text.index(")", m.end(3)) + 1]
    reading.notes.insert(0, Note(
        "prime", f"{head.strip()} read as a request: the derivative of order {order}"
        + (f" by {var}" if var else "") + " of the right-hand side", m.start(1), m.end()))
    return reading


def _holds(e, name: str) -> bool:
    """Whether ``e`` holds the function ``name`` primed on the left: as a variable (y' = y)
    or applied (f'(x) = 2 f(x))."""
    return name in e.free or any(type(n) is Call and n.func == name for n in walk(e))


def _prime_point(text, m, vars, table):
    """The point in the brackets of f'(2), f'(π), f'(pi/2), f'(e) (a constant, as an
    ``Expr``), or None where they hold a variable (f'(x), y'(t)). A bracket of neither
    (f'(2x)) is an error."""
    inside = m.group(3)
    value = constant_point(text, m.start(3), m.end(3), vars, table)
    if value is not None:
        return value
    if _VAR_ONLY.fullmatch(inside):
        return None
    raise point_error(f"{m.group(1)}{m.group(2)}", text, m.start(3), m.end(3))


def constant_point(text: str, start: int, end: int, vars=None, table=None):
    """``text[start:end]`` read as a constant (2, π, pi/2, √2, as an ``Expr``), or None where
    it is no constant (a variable, or unreadable)."""
    try:
        value = _parse(" " * start + text[start:end], vars, table, None).expr  # columns kept
    except CalcdiffError:
        return None
    return value if not value.free else None


def point_error(head: str, text: str, start: int, end: int) -> ParseError:
    """The error at ``head(…)`` whose brackets hold neither a variable nor a constant."""
    return ParseError(f"{head}({text[start:end]}): the brackets hold a variable or a number, the "
                      "point of the derivative", text, start, end,
                      hint=f"write {head}(x) = …, and give the point with --at")


_VAR_ONLY = re.compile(_VAR_NAME)


def primed_bracket(text, m, vars, table, names) -> Reading:
    """(x^2 sin x)', sin(x)': the derivative of the bracket's expression (or of the call),
    of order the number of primes, by x when x occurs, else by the only variable (as
    ``y' = …``)."""
    order = count_primes(m.group("marks"), 0)[0]
    if order > 100:
        raise ParseError("the order must be at most 100", text, m.start("marks"), m.end("marks"))
    call = m.group("head") is not None
    start = m.start("head") if call else m.start("inner")
    end = m.end("inner") + 1 if call else m.end("inner")  # a call's own closing bracket
    reading = parse_at(text[:end], start, vars, table, names)
    reading.text = text
    if call and type(reading.expr) is not Call:  # y(x)': y times x, no function's call
        head = m.group("head").strip()
        raise ParseError(f"{head}(…) is not a function's call here ({head}*… is a product), so "
                         "the primes after it are not its derivative", text, m.start("marks"),
                         m.end("marks"), hint=f"write ({text[start:end]}){m.group('marks')} "
                         f"for the derivative of the whole, or {head}'(…) for a function "
                         f"{head} (with --function {head})")
    var = primed_variable(reading.expr.free)
    reading.wrt = (var,) * order if var else ()
    shown = (text[start:end] if call else f"{text[start - 1]}…{text[end]}") + m.group("marks")
    reading.notes.insert(0, Note(
        "prime", f"{shown} read as a request: the derivative of order {order}"
        + (f" by {var}" if var else "") + " of the "
        + ("call" if call else "bracket's expression"), start if call else start - 1, m.end()))
    return reading


def parse_at(text, pos, vars, table, names) -> Reading:
    """Parse text[pos:] keeping columns relative to the whole text."""
    padded = " " * pos + text[pos:]
    try:
        reading = _parse(padded, vars, table, names)
    except CalcdiffError as exc:
        if exc.text == padded:
            exc.text = text
        raise
    reading.text = text
    return reading
