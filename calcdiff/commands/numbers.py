"""What the learning commands take from the user besides the function: the parameters
and their starting point, and numbers (a learning rate, a momentum) read by calcdiff's own
parser and kept as the user wrote them for display."""

from __future__ import annotations

import re

from calcdiff.algebra.evaluate import evaluate
from calcdiff.errors import CalcdiffError, UsageError
from calcdiff.names import natural_order
from calcdiff.read.parser import parse
from calcdiff.tree.decimals import scientific_text
from calcdiff.tree.nodes import Num
from calcdiff.tree.printer import to_plain

# 0.5, .5, and scientific notation (1e-3, 2.5E4), not a name's digits (x1e2 is no number)
_DECIMAL = re.compile(r"(?<![A-Za-z_\d.])(?:\d*\.\d|\d+[eE][-+]?\d)")
_POINT = re.compile(r"(?<![A-Za-z_])\d*\.\d")  # a decimal point: digits cut off


def parse_rate(text, option: str, lo: float = 0.0, hi: float | None = None,
               closed_hi: bool = False, closed_lo: bool = False) -> tuple[str, float]:
    """(the text as written, its value) for a number in (lo, hi) (or with ``closed_lo`` and
    ``closed_hi``, [lo, hi) and (lo, hi]): an error naming ``option`` otherwise."""
    shown = str(text).strip()
    try:
        e = parse(shown).expr
    except CalcdiffError as exc:
        raise UsageError(f"{option} {shown}: {exc.message}") from None
    if e.free:
        raise UsageError(f"{option} must be a number, got {shown}")
    try:
        value = evaluate(e, {})
    except CalcdiffError:
        raise UsageError(f"{option} {shown}: too large or undefined as a number") from None
    if value == 0 and type(e) is Num and e.value:  # 1e-400: a number no double holds
        raise UsageError(f"{option} {shown} is below the smallest double: it would be 0")
    above = value > lo or (closed_lo and value == lo)
    below = hi is None or value < hi or (closed_hi and value == hi)
    if not (above and below):
        span = (f"{'at least' if closed_lo else 'greater than'} {lo:g}" if hi is None else
                f"{'from' if closed_lo else 'between'} {lo:g} {'to' if closed_lo else 'and'} "
                f"{hi:g}{', not ' + format(hi, 'g') if closed_lo and not closed_hi else ''}")
        rounded = (f" (as a double it is {value:g})" if type(e) is Num and e.value != value
                   and value in (lo, hi) else "")  # 0.99999999999999999999 is 1.0
        raise UsageError(f"{option} must be {span}, got {shown}{rounded}")
    return shown, value


def start_values(point: dict, names: list[str]) -> list[float]:
    """The starting point of an optimiser, in doubles, in the order of ``names``; a usage
    error where a coordinate is not 0 but a double holds it as 0 (--from x=1e-400)."""
    out = []
    for v in names:
        value = evaluate(point[v], {})
        if value == 0 and not (type(point[v]) is Num and point[v].value == 0):
            shown = (scientific_text(point[v].value) if type(point[v]) is Num
                     else to_plain(point[v]))
            raise UsageError(f"--from {v}={shown} is below the smallest double: it would be 0",
                             hint=f"start at {v}=0, or rescale {v}")
        out.append(value)
    return out


def wrote_decimals(values, scientific: bool = True) -> bool:
    """Whether the user wrote any of ``values`` (a ``x=0.5,y=2`` text or a dict) as a decimal:
    with a decimal point, or (``scientific``) in scientific notation (1e-3)."""
    if values is None:
        return False
    found = _DECIMAL if scientific else _POINT
    if isinstance(values, dict):
        return any(isinstance(v, float) or (isinstance(v, str) and found.search(v))
                   for v in values.values())
    return bool(found.search(str(values)))


def decimals_written(reading, *values) -> bool:
    """Whether the user wrote a decimal in the expression ``reading`` was read from, in a
    definition substituted into it (--let a=0.1), or in any of ``values`` (the point)."""
    return wrote_decimals(reading.text) or any(map(wrote_decimals, reading.lets)) or any(
        map(wrote_decimals, values))


def parameter_names(reading, point: dict, vars=None, data=None) -> list[str]:
    """The parameters, in the order the user gave them (--vars, else --from)."""
    columns = set(data.columns) if data else set()
    if vars:  # declared names (--vars w,size,price): over data, the columns among them are data
        names = [v for v in vars if v not in columns]
    elif data is not None:  # over data the parameters are what --from names
        names = list(point)
    else:
        names = [v for v in point] + natural_order(reading.expr.free - set(point))
    clash = [v for v in names if v in columns]
    if clash:
        raise UsageError(f"{clash[0]} is both a parameter (--from) and a column of "
                         f"{data.path}")
    missing = [v for v in names if v not in point]
    if missing:
        raise UsageError(f"--from gives no starting value for {', '.join(missing)}")
    extra = [v for v in point if v not in names or v not in reading.expr.free]
    if extra:
        raise UsageError(f"--from names {', '.join(extra)}, which the function does not use")
    unknown = sorted(reading.expr.free - set(names) - columns)
    if unknown:
        where = f"a column of {data.path}" if data else "given a starting value"
        raise UsageError(f"{', '.join(unknown)} is neither a parameter (--from) nor {where}")
    return names



__all__ = ["decimals_written", "parameter_names", "start_values", "parse_rate", "wrote_decimals"]
