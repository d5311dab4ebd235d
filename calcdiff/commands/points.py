"""The point of ``--at x=1,y=2`` (and ``--from``): its names and exact values, each value read
by the parser, the option echoed with a caret under a bad one."""

from __future__ import annotations

import math
import re
from fractions import Fraction
from typing import NamedTuple

from calcdiff.commands.lets import expand_lets, let_names, parse_lets
from calcdiff.commands.request import read
from calcdiff.commands.variables import check_var
from calcdiff.algebra.evaluate import float_value
from calcdiff.errors import CalcdiffError, UsageError
from calcdiff.names import natural_order
from calcdiff.read.brackets import split_top
from calcdiff.read.definitions import DEFINITION, VAR_NAME
from calcdiff.read.parser import parse
from calcdiff.read.point_words import (AT_END, bare_point, bare_values, ends_with_point,
                                       loose_point, option_text)
from calcdiff.read.request import is_request
from calcdiff.read.reading import Coordinates, Note, Reading
from calcdiff.tree.nodes import Expr, Num
from calcdiff.tree.printer import to_plain


def parse_point(at, reading: Reading | None = None, option: str = "--at") -> dict[str, Expr]:
    """``"x=1,y=2"`` or a dict -> {name: exact Expr}; with the point of the reading's own
    evaluation bar (``d/dx (x^2 y)|_{x=1}``, ``… at x = 1``) over it: the line's values win,
    as its own request overrides --wrt, and the option's others stay (y from --at y=4). A
    value of the option that the line's replaces is said in a note."""
    if reading is not None and reading.at:
        own = dict(reading.at)
        if at is None:
            return own
        given = parse_point(at, None, option)
        unused = [n for n in given if n in own and given[n] != own[n]]
        if unused:
            reading.note_once(Note("evaluation-point", f"the input gives its own point; "
                                   f"{option} {', '.join(unused)} on the command line is not "
                                   "used", 0, len(reading.text)))
        return {**own, **{n: v for n, v in given.items() if n not in own}}
    if at is None:
        return {}
    items: list[tuple[str, object]] = []
    columns: list[int] = []
    if isinstance(at, dict):
        items = list(at.items())
    else:
        col = 0
        for chunk in split_top(at):
            start, col = col + len(chunk) - len(chunk.lstrip()), col + len(chunk) + 1
            if not chunk.strip():
                continue
            if "=" not in chunk:
                raise UsageError(f"{option} expects name=value pairs, got {chunk.strip()!r}",
                                 hint=f"for example {option} x=1,y=2")
            if ";" in chunk or chunk.count("=") > 1:  # --at 'x=1;y=2', --at 'x=1 y=2'
                raise UsageError(f"{option} separates its values with commas, got "
                                 f"{chunk.strip()!r}", hint=f"for example {option} x=1,y=2")
            name, value = chunk.split("=", 1)
            items.append((name, value))
            columns.append(start)
    point: dict[str, Expr] = {}
    for k, (name, value) in enumerate(items):
        name = check_var(str(name), hint=f"for example {option} x=1")  # (--at =1)
        if name in point:
            start = columns[k] if columns else None
            raise UsageError(f"{option} gives {name} twice", at if columns else None, start,
                             None if start is None else start + len(str(items[k][0]).strip()),
                             hint="give each variable one value")
        if isinstance(value, Expr):
            point[name] = value
        elif isinstance(value, (int, Fraction)):
            point[name] = Num(value)
        elif isinstance(value, float):
            point[name] = Num(Fraction(str(value)))
        else:
            # the option echoed with a caret under its value (its columns where typed)
            at_value = at.index("=", columns[k]) + 1 if columns else None
            try:
                v = parse(str(value)).expr
            except CalcdiffError as exc:
                start = None if at_value is None or exc.start is None else at_value + exc.start
                raise UsageError(f"{option} {name}={value}: {exc.message}",
                                 at if start is not None else None, start,
                                 None if start is None else start + (exc.end - exc.start),
                                 hint=exc.hint) from None
            if v.free:
                end = None if at_value is None else at_value + len(str(value))
                raise UsageError(f"{option} {name}={value}: the value must be a number",
                                 at if at_value is not None else None, at_value, end,
                                 hint=f"for example {option} {name.strip()}=1")
            point[name] = v
    return point


class InlinePoint(NamedTuple):
    """A point at the end of an expression's text, and what is left: see :func:`inline_point`."""

    expr: object  # the text before the point's words (the expression itself where none)
    at: object  # the point as --at writes it, the line's values over --at's
    words: str = ""  # the point's words as typed (" at x = 1"), "" where there are none
    overridden: tuple = ()  # the names of --at whose values the line's replace
    graph: bool = False  # the words give a point of the function's graph, (x, f(x))


def inline_point(expr, at, vars=None, lets=None, graph: bool = False) -> InlinePoint:
    """The expression and its point, where the text ends in a point in words (``y = x^3 at
    x = 1``, as derive reads it): the text before the words, and that point (``x=1``) over
    ``at``'s values of the same names, as derive's line's own point is; else both as they
    are. :func:`said_point` then puts the words back in the reading's text, with a note.
    ``graph``: a function of one variable may be given a point of its graph, ``y = x^2 at
    (1, 1)``: x = 1, once 1 is checked to be its value there."""
    if not isinstance(expr, str):
        return InlinePoint(expr, at)
    m = AT_END.search(expr)
    if m is None:  # x^2 at 3, x^2 y at (1, 2): the function's variables in order
        bare = bare_point(expr)
        defined = DEFINITION.match(expr) if graph else None  # y = x^2 at (1, 1)
        first = defined.end() if defined else 0
        if bare is None or "=" in expr[first:bare.start()]:
            return InlinePoint(expr, at)
        try:
            body = parse(expr[first:bare.start()], vars=vars,
                         names=let_names(lets) or None).expr
            if lets:  # u^2 at 3 --let u=x+1: x's value, as the function is of x
                body = expand_lets(body, parse_lets(lets, vars=vars))
            names = natural_order(body.free)
        except CalcdiffError:
            return InlinePoint(expr, at)  # the reading's own error, when it is read
        coordinates = bare_values(bare.group(1))
        graph = graph and len(names) == 1 and len(coordinates) == 2
        if graph:
            _on_the_graph(expr, bare, body, names[0], coordinates)
            coordinates = coordinates[:1]
        if len(names) != len(coordinates):
            loose_point(expr)  # the point needs its variable
        own = ",".join(f"{n}={v}" for n, v in zip(names, coordinates))
        start = bare.start()
    elif "=" not in m.group(1) or "=" in expr[:m.start()].replace("==", "") and \
            not DEFINITION.match(expr):
        return InlinePoint(expr, at)  # (x^2 + y^2 = 25 at …: an equation's, not taken here)
    else:
        own, start, graph = option_text(m.group(1)), m.start(), False
    given, line = _pairs(at or ""), _pairs(own)
    values = {**given, **line}
    overridden = tuple(n for n in line if n in given and given[n] != line[n])
    return InlinePoint(expr[:start], ",".join(f"{k}={v}" for k, v in values.items() if k),
                       expr[start:], overridden, graph)


def _on_the_graph(text: str, bare, body: Expr, var: str, coordinates) -> None:
    """Refuse a point (a, b) that is not on the graph of ``body``, a function of ``var``: b
    must be its value at a (to 1e-9, relative; to half its last digit where b is written
    with decimals: (1, 2.718) is on e^x)."""
    a, b = (float_value(parse(c).expr, {}) for c in coordinates)
    value = None if a is None else float_value(body, {var: a})
    written = re.search(r"\.([0-9]+)", coordinates[1])  # (1, 2.718) for (1, e): its digits
    cut = 0.5 * 10.0 ** -len(written[1]) if written else 1e-12
    if value is None or b is None or not math.isclose(value, b, rel_tol=1e-9, abs_tol=cut):
        said = "has no value" if value is None else f"is {value:.12g}"
        raise UsageError(f"({coordinates[0]}, {coordinates[1]}) is not on the graph of "
                         f"{to_plain(body)}: at {var} = {coordinates[0]} it {said}", text,
                         bare.start(1), bare.end(1),
                         hint=f"give the point of the graph, or {var} alone: at {var} = "
                              f"{coordinates[0]}")


def _pairs(point: str) -> dict:
    """``x=1,y=2`` as {name: value text}."""
    out: dict = {}
    for piece in split_top(point):
        name, _, value = piece.partition("=")
        out[name.strip()] = value.strip()
    return out


def said_point(reading: Reading, inline: InlinePoint, echo: bool = True) -> None:
    """The words of the point :func:`inline_point` took off, back at the end of the reading's
    text (the input is echoed as typed; not with ``echo`` false: a Jacobian's first row is
    not its input) and said in a note, as derive says its own."""
    if not inline.words:
        return
    start = len(reading.text)
    words = inline.words.strip()
    m = AT_END.search(inline.words)
    option = option_text(m.group(1)) if m is not None else inline.at
    order = "" if "=" in words else " (a point of the graph)" if inline.graph else (
        " (the variables in order)")  # at (1, 2)
    if echo:
        reading.text += inline.words
    reading.notes.append(Note("evaluation-point", f"{words} read as the point --at {option}{order}",
                              len(reading.text) - len(words) if echo else 0, len(reading.text)))
    if inline.overridden:
        reading.notes.append(Note("evaluation-point", f"the input gives its own point; --at "
                                  f"{', '.join(inline.overridden)} on the command line is not "
                                  "used", 0, start))


def function_with_point(text, vars=None, table=None, names=None,
                        requests: bool = False) -> Reading:
    """The reading of a gradient's or Hessian's function, whose text may end with its point:
    in words (``x^2 y at x = 1, y = 2``), read as derive reads one, or as coordinates
    (``at (1, 2)``), which :func:`coordinates_to_point` gives to the variables in order
    once they are known. ``requests``: a request (d/dx …) is read too (grade's exercises),
    not refused as another command's."""
    if isinstance(text, str) and not is_request(text):
        bare = bare_point(text)
        if bare is not None:  # the coordinates blanked, every column kept
            blanked = text[:bare.start()] + " " * (len(text) - bare.start())
            try:
                reading = read(blanked, vars=vars, table=table, allow_request=False,
                               names=names)
            except CalcdiffError as exc:
                if exc.text == blanked:
                    exc.text = text
                raise
            values = bare_values(bare.group(1))
            reading.text = text
            reading.coordinates = Coordinates(values, bare.start(1), bare.end(1), bare.start())
            return reading
        if ends_with_point(text):
            return read(text, vars=vars, table=table, names=names)
    return read(text, vars=vars, table=table, allow_request=requests, names=names)


def coordinates_to_point(reading: Reading, names: list[str], what: str = "gradient") -> None:
    """The reading's coordinates (``at (1, 2)``) as its point, one for each of ``names`` in
    order, said in a note; an error where the counts differ."""
    if reading.coordinates is None:
        return
    values, start, end, head = reading.coordinates
    if len(values) != len(names):
        raise UsageError(
            f"the point has {len(values)} coordinate{'s' * (len(values) != 1)}, and the "
            f"{what} {len(names)} variable{'s' * (len(names) != 1)} ({', '.join(names)})",
            reading.text, start, end,
            hint=f"write at {', '.join(f'{n} = …' for n in names)}, one value for each")
    reading.at = {n: parse(v).expr for n, v in zip(names, values)}
    shown = ",".join(f"{n}={v}" for n, v in zip(names, values))
    reading.notes.append(Note("evaluation-point", f"{reading.text[head:end].strip()} read as "
                              f"the point --at {shown} (the {what}'s variables in order)",
                              start, end))


_AND = re.compile(r"\s+and\s+")
_INNER_LET = re.compile(r"\s*(?:and\s+)?(" + VAR_NAME + r")\s*=\s*([^=]*[A-Za-zα-ωπ][^=]*)$")
# a request after the definitions: "…, y = sin t, find dz/dt", "…; dz/dt?"
_LAST_REQUEST = re.compile(r"\s*(?:(?:find|compute|calculate|determine|what\s+is)\b|[d∂]\S*\s*/)",
                           re.I)


def inner_lets(text) -> tuple[str, list[str], int] | None:
    """``(the request and its definition, ["x=cos t", "y=sin t"], the column where those
    start)`` where the definition is followed by definitions of its variables (``dz/dt for
    z = x^2 y, x = cos t, y = sin t``, ``z = x^2 y, x = cos t, y = sin t, find dz/dt``: a
    textbook's chain-rule exercise), each as ``--let`` gives one; else None. A value without
    a letter (``…, y = 4``) is a point's."""
    if not isinstance(text, str) or text.count("=") < 2 or AT_END.search(text):
        return None  # (… at x = 1, y = pi/2: a point's values)
    # (…, y = u^3 and u = 2x + 1: "and" separates as a comma does, every column kept)
    parts = split_top(_AND.sub(lambda m: "," + " " * (len(m[0]) - 1), text.replace(";", ",")))
    last = parts.pop() if len(parts) > 2 and _LAST_REQUEST.match(parts[-1]) else None
    lets: list[str] = []
    while len(parts) > 1 and "=" in ",".join(parts[:-1]):
        m = _INNER_LET.fullmatch(parts[-1])
        head = ",".join(parts[:-1])
        if m is None or _constant(m[2]) or not re.search(rf"(?<![A-Za-z0-9_]){re.escape(m[1])}(?![A-Za-z0-9_(])",
                                      head.split("=", 1)[1] if "=" in head else head):
            break  # x = t^2, y = t^3: y is none of the definition's variables
        lets.insert(0, f"{m[1]}={m[2].strip()}")
        parts.pop()
    if not lets:
        return None
    head = ",".join(parts)  # (";" was written "," in place: every column kept)
    start = len(head) + 1 + len(text[len(head) + 1:]) - len(text[len(head) + 1:].lstrip())
    return ",".join(parts + ([last] if last is not None else [])).strip(), lets, start


def _constant(value: str) -> bool:
    """Is ``value`` a number written with letters (pi, pi/6, e, sqrt(2)): a point's value,
    not a definition (y = sin x, x = pi/6)?"""
    try:
        return not parse(value).expr.free
    except CalcdiffError:
        return False


def point_names(*points) -> frozenset:
    """The names that points (--at, --from) give values to: the expression reads them as
    variables (``--from weight=0`` makes ``weight`` one name, not w·e·i·g·h·t). A point that
    cannot be read names none here: the command reports it where it reads the point."""
    names: set = set()
    for at in points:
        if not at:
            continue
        try:
            names.update(parse_point(at))
        except CalcdiffError:
            pass
    return frozenset(names)


__all__ = ["InlinePoint", "coordinates_to_point", "function_with_point", "inline_point",
           "inner_lets", "parse_point", "point_names", "said_point"]
