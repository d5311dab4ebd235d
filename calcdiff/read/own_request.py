"""The words of a command's own request written before its function, as an exercise asks:
``gradient of x^2 y`` to ``grad``, ``find the Hessian of f(x, y) = …`` to ``hessian``,
``Jacobian of (x y, x + y)`` to ``jacobian``, ``the tangent line to y = x^2 at x = 1`` to
``tangent``. Blanked, every column kept: the function is
read where it stands, and its errors point into the whole input."""

from __future__ import annotations

import re
from functools import cache

from calcdiff.read.definitions import VAR_NAME
from calcdiff.read.reading import Note

# each command's operation, by the names an exercise gives it
OPERATIONS = {"gradient": r"(?:gradient(?:\s+vector)?|grad|∇)",
              "Hessian": r"(?:hessian(?:\s+matrix)?)",
              "Jacobian": r"(?:jacobian(?:\s+matrix)?)",
              # the (equation of the) tangent (line) to (the curve) …
              "tangent": r"(?:equation\s+of\s+(?:the\s+)?)?tangent(?:\s+line)?"
                         r"(?:\s+(?:to|at))?(?:\s+the\s+(?:curve|graph|function))?",
              # the Taylor (Maclaurin) series (polynomial) of degree 3 of (for) …
              "Taylor": r"(?:taylor|maclaurin)\s+(?:series|polynomial|expansion|approximation)"
                        r"(?:\s+of\s+(?:degree|order)\s+[0-9]+)?"}


@cache
def _words(what: str) -> re.Pattern:
    return re.compile(r"^\s*(?:(?:please\s+)?(?:find|compute|calculate|determine|give|get|"
                      r"evaluate|write|what\s+is|what's)\s+)?(?:(?:the|an?)\s+)?"
                      + OPERATIONS[what] + r"(?![A-Za-z0-9_(])"  # not grade, tangent(x), grad_x
                      + r"\s*(?:\b(?:of|for)\b\s*)?(?:\bthe\s+function\b\s*)?(?=\S)", re.I)


def own_request(text, what: str) -> tuple[str, str] | None:
    """``(text with the words blanked, the words)`` where ``text`` opens with the request of
    ``what`` (a key of :data:`OPERATIONS`) before its function; else None."""
    if not isinstance(text, str):
        return None
    m = _words(what).match(text)
    if m is None or m.end() == len(text) or (what == "gradient" and text.lstrip()[:1] == "∇"):
        return None  # (∇f, ∇(x^2 y): the reader's own)
    return " " * m.end() + text[m.end():], m.group(0).strip()


# the tangent line at x = 1 to y = x^2: the point before the function (after the words'
# "at"), then the word that leads to the function
_POINT_FIRST = re.compile(r"^\s*((?:the\s+point\s+)?(?:" + VAR_NAME + r"\s*=\s*[^=\s]+|\([^()=]*"
                          r"\)))\s+(?:to|of|on|for)\s+(?:the\s+(?:curve|graph|function)\s+"
                          r"(?:of\s+)?)?(?=\S)", re.I)


def point_first(blanked: str) -> tuple[str, tuple[int, int] | None]:
    """``blanked`` (a request's words blanked) with a point written before the function
    (``x = 1 to y = x^2``) blanked too and written after it, as ``y = x^2 at x = 1``; and
    the point's columns where it was typed (None where there was no such point)."""
    m = _POINT_FIRST.match(blanked)
    if m is None:
        return blanked, None
    return " " * m.end() + blanked[m.end():] + " at " + m.group(1), (m.start(1), m.end(1))


def request_note(words: str, what: str, typed: str) -> Note:
    """The note that names the words read as the request (``'gradient of' read as …``)."""
    return Note("leibniz", f"{words!r} read as the request: the {what} of what follows", 0,
                len(typed))


def as_typed(exc, typed: str, blanked: str) -> None:
    """Point ``exc``, raised on ``blanked`` (``typed`` with its request's words blanked, or
    a cut of that: a point's words taken off), at ``typed``: every column is the same."""
    blank = len(blanked) - len(blanked.lstrip(" "))
    text = getattr(exc, "text", None)
    if text is not None and text[:blank].isspace() and \
            typed[blank:].startswith(text[blank:].rstrip()):
        exc.text = typed


__all__ = ["OPERATIONS", "as_typed", "own_request", "point_first", "request_note"]
