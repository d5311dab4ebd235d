"""Derivatives of a curve given by a parameter, as a textbook asks for them: ``dy/dx for
x = t^2, y = t^3``, ``x = cos t, y = sin t, find d^2y/dx^2``, ``find dy/dx at t = 1 if
x(t) = t^2 + 1, y(t) = t^3``. Both coordinates are differentiated by the parameter with the
rules (their steps shown), then dy/dx = (dy/dt)/(dx/dt); each further order is d/dt of the
previous answer over dx/dt."""

from __future__ import annotations

import re
from typing import NamedTuple

from calcdiff.commands.numbers import decimals_written
from calcdiff.commands.points import parse_point
from calcdiff.commands.request import (check_domain, exact_at, final_answer, read,
                                       simplify_expr, value_at)
from calcdiff.deep import call_deep
from calcdiff.deriving.engine import Engine
from calcdiff.errors import CalcdiffError, DomainError, ParseError
from calcdiff.read.brackets import split_top
from calcdiff.read.definitions import VAR_NAME, variable_name
from calcdiff.read.equation_request import equation_request
from calcdiff.read.parser import parse
from calcdiff.read.point_words import point_after
from calcdiff.read.reading import Note, Reading
from calcdiff.results import Differentiation
from calcdiff.results_parametric import ParametricDerivative
from calcdiff.tree.nodes import Div, Expr, Num
from calcdiff.tree.printer import shown_point, to_plain

# one coordinate's definition, x = t^2 or x(t) = t^2
_DEFINITION = re.compile(r"\s*(?:and\s+)?(" + VAR_NAME + r")(?:\s*\(\s*(" + VAR_NAME
                         + r")\s*\))?\s*=(?!=)\s*(\S.*?)\s*$", re.S)
_AND = re.compile(r"\s+and\s+")
# "when" after a request, before a definition whose value holds a letter (not a point's)
_WHEN = re.compile(r"^[^=]*?[d∂]\S*\s*/\s*[d∂]\S*\s+(when)\s+" + VAR_NAME
                   + r"\s*=\s*[^=,]*?(?<![A-Za-z])[A-DF-Za-df-z](?![A-Za-z])", re.I)
# the parameter's usual names, first the likeliest, where the coordinates hold more letters
# than one (x = r cos t, y = r sin t: t, r a constant)
PARAMETERS = ("t", "theta", "s", "u", "tau", "phi", "p", "q", "k")


class ParametricAsk(NamedTuple):
    """What a parametric request asks: dependent/independent of its d^n y/dx^n, each
    coordinate's definition (its right side's text, where it starts in the input, and the
    parameter its x(t) names, if any), and the point's text (t=1), if any."""

    dependent: str
    independent: str
    order: int
    definitions: dict  # name -> (text, start, argument or None)
    point: str | None
    words: str
    point_at: tuple[int, int] = (-1, -1)  # where the point is written


def parametric_request(text) -> ParametricAsk | None:
    """The request in ``text`` when it asks d^n y/dx^n of two definitions, one of y and one
    of x (a curve given by a parameter); else None."""
    if not isinstance(text, str) or text.count("=") < 2:
        return None
    when = _WHEN.match(text)  # find dy/dx when x = t^2 and y = t^3: when links, as if does
    asked = equation_request(text if when is None else
                             text[:when.start(1)] + "if  " + text[when.end(1):])
    if asked is None or asked.mixed or (asked.dependent or "y") == asked.independent:
        return None
    if when is not None:  # the words as typed
        asked = asked._replace(words=" ".join(text[:asked.start].split()).strip(" ,;:."))
    start, end = asked.start, asked.end
    point, point_at = None, (-1, -1)
    if asked.point is not None and asked.point_var:  # find dy/dx at t = 1 if …
        point = f"{asked.point_var}={asked.point}"
        point_at = (asked.point_at, asked.point_at + len(asked.point))
    # … y = t^3 at t = 1, … y = t^3 and t = 1 (x = t, y = 2: a coordinate, not a point)
    at = point_after(text[:end], start, {asked.dependent or "y", asked.independent or "x"})
    if at is not None and at.start() >= start:
        point = ",".join(p for p in split_top(_AND.sub(",", at.group(1))) if p.strip())
        end, point_at = at.start(), (at.start(1), at.end(1))
    definitions: dict = {}
    pos = start
    for piece in split_top(text[start:end].replace(";", ",")):
        for part in _AND.split(piece):
            m = _DEFINITION.fullmatch(part)
            if m is None:
                return None
            name = variable_name(m[1])
            offset = text.find(m[3], pos)
            pos = max(pos, offset + len(m[3]))
            definitions[name] = (m[3], offset, variable_name(m[2]) if m[2] else None)
    if asked.dependent is None and asked.independent is None and set(definitions) == {"x", "y"}:
        asked = asked._replace(dependent="y", independent="x")  # the slope of the curve x = …
    y = asked.dependent
    x = asked.independent or next((n for n in definitions if n != y), None)  # y'' for …
    if x is None or set(definitions) != {y, x} or not any(
            c.isalpha() for c in definitions[x][0]) or _by_each_other(definitions, x, y):
        return None  # (dy/dx for y = x^2, x = 3: a value of x, no curve)
    return ParametricAsk(y, x, asked.order, definitions, point, asked.words, point_at)


def _by_each_other(definitions: dict, x: str, y: str) -> bool:
    """Whether a coordinate is defined by the other (``dy/dx for y = x^2, x = t``: the chain
    rule's definitions, which derive reads as --let), not both by a parameter."""
    for name, (rhs, _, _) in definitions.items():
        try:
            if parse(rhs).expr.free & {x, y}:
                return True
        except CalcdiffError:
            pass  # the curve's reading says what is wrong with it, where it is
    return False


def parametric_derive(text: str, ask: ParametricAsk, *, vars=None, at=None,
                      simplify: str = "basic", table=None) -> ParametricDerivative:
    """d^n y/dx^n of the curve that ``ask`` read in ``text`` (see the module)."""
    return call_deep(_derive, text, ask, vars, at, simplify, table)


def _derive(text, ask: ParametricAsk, vars, at, simplify, table) -> ParametricDerivative:
    y, x = ask.dependent, ask.independent
    readings = {name: _coordinate(text, rhs, offset, vars, table)
                for name, (rhs, offset, _) in ask.definitions.items()}
    point = _point(text, ask, at)  # read once: it may name the parameter
    t = _parameter(text, ask, readings, point)
    _on_the_parameter(text, ask, point, t)
    notes = [Note("parametric", f"{x} = {to_plain(readings[x].expr)}, "
                  f"{y} = {to_plain(readings[y].expr)} read as a curve given by the parameter "
                  f"{t}: d{y}/d{x} = (d{y}/d{t})/(d{x}/d{t})", 0, len(text))]
    for name in (x, y):
        _, offset, _ = ask.definitions[name]
        for n in readings[name].notes:  # at their columns of the whole input
            notes.append(Note(n.kind, n._message, n.start + offset, n.end + offset,
                              tuple((a + offset, b + offset) for a, b in n.joins)))
    if ask.words:
        notes.insert(0, Note("leibniz", f"{ask.words!r} read as a request: differentiate "
                             f"{y} by {x}", 0, len(text)))
    reading = Reading(text, readings[y].expr, notes)
    along = _differentiation(readings[x].expr, t, simplify, table, reading)
    if along.simplified == Num(0):
        rhs, offset, _ = ask.definitions[x]
        raise DomainError(f"d{x}/d{t} = 0: {x} = {to_plain(readings[x].expr)} does not change "
                          f"with {t}, so d{y}/d{x} is not defined", text, offset,
                          offset + len(rhs))
    up = _differentiation(readings[y].expr, t, simplify, table, reading)
    first = _over(up.simplified, along.simplified, simplify, table)
    higher = []
    current = first
    for _ in range(2, ask.order + 1):
        step = _differentiation(current, t, simplify, table, reading)
        current = _over(step.simplified, along.simplified, simplify, table)
        higher.append((step, current))
    result = ParametricDerivative(text, reading, y, x, t, readings[x].expr, readings[y].expr,
                                  along, up, first, higher,
                                  decimals=decimals_written(reading, at or ""))
    if point:
        try:
            _evaluate(result, point, simplify, table)
        except CalcdiffError as exc:
            if exc.text is None and ask.point_at[0] >= 0:  # under the point's words
                exc.with_text(text)
                exc.start, exc.end = ask.point_at
            raise
    return result


def _coordinate(text: str, rhs: str, offset: int, vars, table) -> Reading:
    """The reading of one coordinate's right side, an error located in the whole input."""
    try:
        return read(rhs, vars=vars, table=table, allow_request=False)
    except CalcdiffError as exc:
        if exc.text == rhs and exc.start is not None:
            exc.with_text(text, offset)
        raise


def _parameter(text: str, ask: ParametricAsk, readings: dict, point: dict | None) -> str:
    """The parameter: the one a definition names (x(t) = …), else the coordinates' one
    variable, else the likeliest of their variables (:data:`PARAMETERS`), else the one the
    point gives a value."""
    named = {arg for _, _, arg in ask.definitions.values() if arg}
    if len(named) == 1:
        return named.pop()
    free = set().union(*(r.expr.free for r in readings.values()))
    if len(free) == 1:
        return free.pop()
    for name in PARAMETERS:
        if name in free:
            return name
    valued = [n for n in point or {} if n in free]
    if len(valued) == 1:
        return valued[0]
    y, x = ask.dependent, ask.independent
    if not free:
        raise ParseError(f"{x} and {y} are both constants: they give a point, not a curve",
                         text, 0, len(text))
    raise ParseError(f"which of {', '.join(sorted(free))} is the parameter?", text, 0,
                     len(text), hint=f"name it as the definitions' argument: {x}(t) = …, "
                     f"{y}(t) = …")


def _differentiation(e: Expr, t: str, simplify: str, table, reading) -> Differentiation:
    step = Engine(t, table).d(e)
    final = final_answer(step, e, t, "basic" if simplify == "none" else simplify, table,
                         reading)
    return Differentiation(t, step, final)


def _over(top: Expr, bottom: Expr, simplify: str, table) -> Expr:
    return simplify_expr(Div(top, bottom), "basic" if simplify == "none" else simplify, table)


def _point(text: str, ask: ParametricAsk, at) -> dict | None:
    """The point (``at t = 1`` in the text, else ``--at``), or None."""
    given = ask.point if ask.point is not None else at
    return parse_point(given) if given else None


def _on_the_parameter(text: str, ask: ParametricAsk, point: dict | None, t: str) -> None:
    """Refuse a point that gives another variable than the parameter ``t``."""
    if point and set(point) - {t}:
        others = ", ".join(sorted(set(point) - {t}))
        where = ask.point_at if ask.point is not None else (0, len(text))
        raise ParseError(f"the point gives {others}: a point of a parametric curve is a value "
                         f"of its parameter {t}", text, *where,
                         hint=f"give {t}'s value: at {t} = 1")


def _evaluate(result: ParametricDerivative, point: dict, simplify: str, table) -> None:
    x, y, t = result.independent, result.dependent, result.parameter
    if t not in point:
        return
    valued = [(name, e) for name, e in ((x, result.x_of), (y, result.y_of))
              if e.free <= point.keys()]  # (x = r cos t: no point without r; a slope still)
    for name, e in valued:
        check_domain(e, point, f"{name} = {to_plain(e)}", table)
    moves = exact_at(result.along.simplified, point, simplify, table)
    if moves == Num(0):
        raise DomainError(f"d{x}/d{t} = 0 at {shown_point(point)}: the curve's tangent there "
                          f"is vertical, or the curve stops (a cusp); d{y}/d{x} is not "
                          "defined there")
    result.at = point
    if len(valued) == 2:
        result.point = tuple(exact_at(e, point, simplify, table) for _, e in valued)
    result.value, result.value_float = value_at(result.result, point, simplify, table)


__all__ = ["ParametricAsk", "parametric_derive", "parametric_request"]
