"""The public functions' arguments, checked where a Python caller passes them (the command
line's options are checked by click before they arrive): each argument of a known name is
turned into what the function takes -- ``vars="rate,x"`` is two names, as ``--vars rate,x``
is, not the letters r, a, t, e, ``,`` -- or refused with a :class:`UsageError` that names
the parameter and what it takes, never a bare TypeError from inside calcdiff.

:func:`checked` wraps a function of the API (``calcdiff.derive`` ...); the commands call
one another unwrapped."""

from __future__ import annotations

import functools
import inspect
import math
import os
import re
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from numbers import Integral, Real

from calcdiff.errors import CalcdiffError, UsageError
from calcdiff.read.definitions import spelled_names
from calcdiff.read.reading import Reading
from calcdiff.table import Table
from calcdiff.tree.nodes import Expr

def _kind(value) -> str:
    return type(value).__name__


def _refuse(param: str, wanted: str, value) -> UsageError:
    got = "None" if value is None else f"{_kind(value)} {value!r:.60}"
    return UsageError(f"{param} must be {wanted}, got {got}")


def _instance(kind, wanted: str):
    """The check that an argument is a ``kind`` (``wanted`` says so in the message)."""

    def check(param, value):
        if not isinstance(value, kind):
            raise _refuse(param, wanted, value)
        return value

    return check


# the expression: its text, or a tree (calcdiff.parse(text).expr) or a reading, as read takes
_text = _instance((str, Expr, Reading), "a string (the expression as you would type it)")
_string = _instance(str, "a string")
_flag = _instance(bool, "True or False")
_table = _instance(Table, "a rule table (calcdiff.load_rules(...)) or None")
_expr = _instance(Expr, "an expression tree (calcdiff.parse(text).expr)")


def _texts(param, value):
    """One string or several (a Jacobian's rows, --let definitions; any iterable of them):
    a list of strings."""
    if isinstance(value, str):
        return [value]
    if not isinstance(value, (dict, bytes)) and isinstance(value, Iterable):
        value = list(value)
        if all(isinstance(v, str) for v in value):
            return value
    raise _refuse(param, "a string or a list of strings", value)


def _names(param, value):
    """Variable names: a list of them, or one string of them separated by commas or spaces
    (as ``--vars rate,x``), each as the expression spells it (function names as given)."""
    if not isinstance(value, str) and not (
            isinstance(value, (list, tuple, set, frozenset))
            and all(isinstance(v, str) for v in value)):
        raise _refuse(param, "names: a list of strings, or one string like \"x,y\"", value)
    return spelled_names(value, param, spell=param != "functions")


def _variable(param, value):
    """One variable, or a list of them (``wrt``), passed on as given."""
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, (list, tuple)) or not all(isinstance(v, str) for v in names):
        raise _refuse(param, "a variable name or a list of them", value)
    bad = [v for v in names if not v.strip()]
    if bad or not names:
        raise UsageError(f"{param}: expected a variable name, got {value!r}")
    return value


def _whole(param, value, least=None):
    if isinstance(value, bool) or not isinstance(value, Integral):  # numpy's int64 too
        raise _refuse(param, "a whole number", value)
    value = int(value)
    if least is not None and value < least:
        raise UsageError(f"{param} must be at least {least}, got {value}")
    return value


def _number(param, value, least=None):
    """A number, or its text (``"1e-3"``, ``"1/10"``), as the options take it."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or not isinstance(value, (Real, Decimal)):  # Fraction, float64
        raise _refuse(param, "a number", value)
    if not isinstance(value, (Integral, Fraction)) and not math.isfinite(value):
        raise UsageError(f"{param} must be a finite number, got {value}")
    if least is not None and value < least:
        raise UsageError(f"{param} must be a number ≥ {least}, got {value}")
    return value


def _point(param, value):
    """``"x=1,y=2"`` or ``{"x": 1, "y": "pi/4"}``: each value a finite number or its text."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        for k, v in value.items():
            if isinstance(v, Expr):
                continue
            _number(f"{param}[{k!r}]", v)
            if isinstance(v, Integral) and abs(v) >= 10 ** 4000:
                raise UsageError(f"{param}[{k!r}] has more than 4,000 digits")
        return value
    raise _refuse(param, "a point: \"x=1,y=2\" or {\"x\": 1, \"y\": 2}", value)


def _direction(param, value):
    if isinstance(value, (list, tuple)):
        for v in value:
            _number(param, v)
        return value
    return _point(param, value)


def _paths(param, value):
    if isinstance(value, (str, os.PathLike)):
        return [os.fspath(value)]
    if isinstance(value, (list, tuple)) and all(isinstance(v, (str, os.PathLike))
                                                for v in value):
        return [os.fspath(v) for v in value]
    raise _refuse(param, "a path or a list of paths", value)


def _exprs(param, value):
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, Expr) for v in value):
        raise _refuse(param, "a list of expression trees", value)
    return value


# parameter name -> its check (None passes where the parameter's default is None); a name
# missing here is passed as given
CHECKS = {
    "expr": _text, "text": _text, "answer": _text, "name": _string, "label": _string,
    "exprs": _texts, "lets": _texts, "matrix": _texts, "vector": _texts, "scalar": _texts,
    "vars": _names, "names": _names, "params": _names, "functions": _names,
    "wrt": _variable, "dependent": _variable,
    "order": lambda p, v: _whole(p, v, least=1), "rows": _whole, "iterations": _whole,
    "every": _whole, "epochs": _whole, "batch_size": _whole, "seed": _whole,
    "max_chars": lambda p, v: _whole(p, v, least=1),
    "h": _number, "tol": lambda p, v: _number(p, v, least=0), "lr": _number,
    "momentum": _number,
    "central": _flag, "check": _flag, "full": _flag,
    "at": _point, "start": _point, "direction": _direction,
    "table": _table, "base": _table,
    "simplify": _string, "method": _string, "layout": _string,
    "data": lambda p, v: os.fspath(_instance((str, os.PathLike), "a path")(p, v)),
    "paths": _paths, "e": _expr, "gradient_values": _exprs,
}


# the command line's options whose parameter has another name (every other option's is its
# own: --at is at, --batch-size batch_size), and those that take no value
RENAMED = {"let": "lets", "from": "start", "function": "functions", "x": "wrt", "n": "order"}
FLAGS = frozenset(("check", "full", "central"))
_WORDS = frozenset(("must", "is", "are", "gives", "give", "needs", "and", "or", "to", "for",
                    "with", "the", "a", "an", "names", "takes", "not", "was", "has", "only",
                    "of", "in", "on", "as", "be", "can", "cannot", "does", "do"))
_OPTION = re.compile(r"(?<![\w-])(?:--([a-z][a-z-]*)|-([xn])(?= ))(?:([ =])(\"[^\"]*\"|'[^']*'"
                     r"|[^\s;`]+))?")


def in_parameters(exc: CalcdiffError, parameters) -> CalcdiffError:
    """``exc`` with the command line's options in its message and hint written as the
    function's parameters (``--from w=9`` is ``start='w=9'``); an option the function does
    not take (``--limit``, ``--timeout``) stays as it is."""

    def spell(m: re.Match) -> str:
        option = m[1] or m[2]
        param = RENAMED.get(option, option.replace("-", "_"))
        if param not in parameters:
            return m[0]
        if option in FLAGS:
            return f"{param}=True" + (m[3] + m[4] if m[3] else "")
        if m[3] and m[4] in _WORDS:  # "--rows must be …": the parameter's name alone
            return param + m[3] + m[4]
        if not m[3]:
            return f"{param}=..."
        value = m[4].strip("\"'")
        tail = value[len(value.rstrip(".,)")):]
        return f"{param}={value[:len(value) - len(tail)]!r}{tail}"

    exc.message = _OPTION.sub(spell, exc.message)
    if exc.hint:
        exc.hint = _OPTION.sub(spell, exc.hint)
    return exc


def checked(fn):
    """``fn`` with each argument of a name in :data:`CHECKS` checked (and turned into what
    ``fn`` takes) before the call; the same signature, documentation and name."""
    signature = inspect.signature(fn)
    known = [(name, p.default is None) for name, p in signature.parameters.items()
             if name in CHECKS]
    if not known:
        return fn

    @functools.wraps(fn)
    def call(*args, **kwargs):
        try:
            bound = signature.bind(*args, **kwargs)
        except TypeError as exc:  # a missing or an unknown argument: Python's own words
            raise UsageError(f"{fn.__name__}(): {exc}") from None
        arguments = bound.arguments
        for name, may_be_none in known:
            if name in arguments and not (may_be_none and arguments[name] is None):
                arguments[name] = CHECKS[name](name, arguments[name])
        try:
            return fn(*bound.args, **bound.kwargs)
        except CalcdiffError as exc:  # the messages name the command line's options
            raise in_parameters(exc, signature.parameters) from None

    return call


__all__ = ["checked"]
