"""The variables to differentiate by: -x's names checked and spelled as the expression spells
them, the input's own request over the options, the default variable of an expression of
several letters, and the notes on what is held constant or absent."""

from __future__ import annotations

import re

from calcdiff.errors import UsageError
from calcdiff.limits import check_order
from calcdiff.names import held_words, natural_order
from calcdiff.read.definitions import variable_name
from calcdiff.read.lexer import GREEK
from calcdiff.read.parser import GREEK_SPELLING
from calcdiff.read.reading import Note, Reading
from calcdiff.read.resolve import CONSTANTS
from calcdiff.read.rule_exprs import builtin_table
from calcdiff.tree.nodes import Call, Const, walk
from calcdiff.tree.printer import to_plain

_VAR_RE = re.compile(r"^[A-Za-z\u0370-\u03ff][A-Za-z0-9_\u0370-\u03ff]*$")


def check_var(name: str, text: str | None = None,
              hint: str = "write -x x, or -x theta") -> str:
    name = GREEK_SPELLING.get(name.strip(), name.strip())

    name = GREEK.get(name, name)
    if name and (not name.isascii() or not _VAR_RE.match(name)):  # ŷ, x₁, θ₀, x_{1},
        name = variable_name(name)  # \theta: as the expression spells them
    if not _VAR_RE.match(name):
        raise UsageError(f"{name!r} is not a variable name", hint=hint)
    if name in builtin_table().names:
        raise UsageError(f"{name!r} is a function, not a variable",
                         hint="write -x x, or declare --vars to use the name as a variable")
    return name


def wrt_names(wrt) -> frozenset:
    """The names of several letters that -x gives, which the expression then reads whole
    (``-x yhat`` on ``(y - yhat)^2``: not y·h·a·t), as --let's names are."""
    return frozenset(v for v in wrt or () if isinstance(v, str) and len(v) > 1 and
                     _VAR_RE.match(v) and v not in CONSTANTS and v not in GREEK_SPELLING)


def options_not_used(given: list[str], text: str) -> Note:
    """The note for options that the input's own request overrides (``-n 2`` on the command
    line for ``d/dx x^5``, or for ``find dy/dx if x^2 + y^2 = 25``)."""
    return Note("request", f"the input asks for its own derivative; {' '.join(given)} on the "
                "command line is not used", 0, len(text))


def resolve_wrt(reading: Reading, wrt=None, order: int = 1) -> tuple[str, ...]:
    """The variables to differentiate by, one per differentiation, in order."""
    if order < 1:
        raise UsageError(f"the order must be at least 1, got {order}")
    check_order(order)
    if reading.operator == "gradient":
        at = next((k for k in (reading.text.find("∇"), reading.text.find("\\nabla")) if k >= 0),
                  None)
        raise UsageError(
            f"∇ asks for the gradient, which derive does not compute: run calcdiff grad "
            f"\"{to_plain(reading.expr)}\"", reading.text, at,
            None if at is None else at + (1 if reading.text[at] == "∇" else 6),
            hint="grad reads ∇f of … and ∇(…) as written")
    if reading.wrt is not None:  # the input carries its own request
        wrt_list = list(reading.wrt)
        if not wrt_list:
            wrt_list = list(default_variable(reading)) * reading.order
        given = [f"-x {v}" for v in wrt or ()] + ([f"-n {order}"] if order != 1 else [])
        if given:  # said, not silently dropped: d/dx x^5 -n 2 is the first derivative
            reading.note_once(options_not_used(given, reading.text))
    elif wrt:  # -x w_1 for w1 (or -x w1 for w_1): the expression's own spelling
        wrt_list = [spelled(reading, check_var(v)) for v in wrt]
        wrt_list += [wrt_list[-1]] * (order - 1)
    else:
        wrt_list = list(default_variable(reading)) * order
    check_order(len(wrt_list))  # -x x -x x ... counts as an order too
    if wrt or reading.wrt:  # asked for by name
        for v in dict.fromkeys(wrt_list):
            note_absent(reading, v)
    others = natural_order(reading.expr.free - set(wrt_list))
    applied = _applied(reading, others, wrt_list[0]) if others else []
    calls = " and ".join(f"{o}({wrt_list[0]})" for o in applied)
    how = (f"{applied[0]}({wrt_list[0]}) was read as {applied[0]} times {wrt_list[0]}: pass "
           f"--function {','.join(applied)} to read {calls} as "
           f"{'functions' if len(applied) > 1 else 'a function'}" if applied else "")
    if reading.wrt and others:  # d/dx (x^2 y) written by hand: y is a constant, not y(x)
        how = how or (f"for {others[0]} as a function of {wrt_list[0]}, write "
                      f"{others[0]}({wrt_list[0]}) and pass --function {others[0]}")
        reading.note_once(Note("held-constant", f"{held_words(others)} held constant (a "
                               f"partial derivative; {how})", 0, len(reading.text)))
    elif how:  # u(x) v(x) by x, asked by -x or by default: said as well
        reading.note_once(Note("held-constant", how, 0, len(reading.text)))
    return tuple(wrt_list)


def _applied(reading: Reading, others: list[str], x: str) -> list[str]:
    """The letters of ``others`` written before ``(x)`` in the input, read as products: u(x)
    v(x) is u·x·v·x (not the n of sin(x))."""
    typed = reading.text.replace(" ", "")
    return [o for o in others if f"{o}({x})" in typed and re.search(
        rf"(?<![A-Za-z_\\]){re.escape(o)}\s*\(\s*{re.escape(x)}\s*\)", reading.text)]


def spelled(reading: Reading, v: str) -> str:
    """``v`` as the expression writes it, where it lacks ``v`` and holds the same name with
    or without the underscore of its subscript (w1, w_1), said in a note; else ``v``."""
    m = None if v in reading.expr.free else re.fullmatch(r"([A-Za-z]+)(_?)([0-9]+)", v)
    twin = m and f"{m[1]}{'' if m[2] else '_'}{m[3]}"
    if not twin or twin not in reading.expr.free:
        return v
    reading.note_once(Note("wrt-spelling", f"{v} read as {twin}, as the expression writes it",
                           0, len(reading.text)))
    return twin


# With several letters and no --wrt: the first of these that occurs, else the first letter in
# calcdiff's order (x, y, z, then alphabetically): x is the variable of a textbook's
# a*x**2 + b*x + c, t of motion, theta of an angle.
DEFAULT_VARIABLES = ("x", "t", "theta", "y", "z")


def default_variable(reading: Reading) -> tuple[str]:
    """The variable to differentiate by when none is named; with several letters, a note
    names the ones held constant."""
    free = natural_order(reading.expr.free)
    declared = [v for v in reading.arguments or () if v in reading.expr.free]
    if reading.arguments and not declared:
        # f(x) = c: a function of x, constant -- not a function of c
        note_absent(reading, reading.arguments[0])
        return (reading.arguments[0],)
    if not free:
        return ("x",)
    if len(free) == 1:
        return (free[0],)
    var = declared[0] if declared else next(
        (v for v in DEFAULT_VARIABLES if v in reading.expr.free), free[0])
    others = [v for v in free if v != var]
    if not any(n.kind == "default-variable" for n in reading.notes):
        why = " (the argument of the definition)" if declared else ""
        reading.notes.append(Note(
            "default-variable", f"no --wrt: differentiating by {var}{why}, with "
            f"{held_words(others)} held constant (choose another with --wrt)",
            0, len(reading.text)))
    return (var,)


def note_absent(reading: Reading, var: str) -> None:
    """A variable the expression lacks was asked for: its derivative is 0, said in a note
    (also on stderr, in case it was a slip)."""
    if var in reading.expr.free:
        return
    message = (f"{var} does not occur in {to_plain(reading.expr)}: the derivative with "
               f"respect to {var} is 0")
    if var in ("pi", "e", "E") and any(  # -x pi for pi*x, -x e for e^x: it occurs, as the
            (type(n) is Const and n.name == ("pi" if var == "pi" else "E"))  # constant
            or (var != "pi" and type(n) is Call and n.func == "exp") for n in walk(reading.expr)):
        message = (f"{var} is the constant {'π' if var == 'pi' else 'e'}, not a variable: the "
                   f"derivative with respect to it is 0 (--vars {var},… makes it a variable)")
    if not any(n.kind == "absent-variable" and n.message == message for n in reading.notes):
        reading.notes.append(Note("absent-variable", message, 0, len(reading.text)))
