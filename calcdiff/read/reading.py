"""How an input was read: the tree, one note per interpretation made, and where each node
came from in the text. The parser's result (``calcdiff parse``), and the first part of every
other result."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from calcdiff.display import Shown
from calcdiff.tree.nodes import Expr
from calcdiff.tree.printer import to_plain


class Note:
    """One interpretation the parser made. The message may be given as a function, so that
    printing the sub-expression it shows happens only when somebody reads it. ``joins``:
    where the reading put a product, as (end of one factor, start of the next) in the text
    (a split name's pieces, an implicit product's factors)."""

    __slots__ = ("kind", "_message", "start", "end", "joins")

    def __init__(self, kind: str, message, start: int, end: int, joins=()):
        self.kind = kind
        self._message = message
        self.start = start
        self.end = end
        self.joins = joins

    @property
    def message(self) -> str:
        if callable(self._message):
            self._message = self._message()
        return self._message

    def __repr__(self) -> str:
        return f"Note({self.kind!r}, {self.message!r}, {self.start}, {self.end})"

    def __eq__(self, other) -> bool:
        return isinstance(other, Note) and (self.kind, self.message, self.start, self.end) == (
            other.kind, other.message, other.start, other.end)

    __hash__ = None


# notes that are also said on stderr (a request that may be a slip: d/dy of x**2 is 0)
STDERR_NOTE_KINDS = frozenset({"absent-variable"})


class Coordinates(NamedTuple):
    """Coordinates without their variables ending a text (``x^2 y at (1, 2)``)."""

    values: tuple[str, ...]  # as typed
    start: int  # where they stand
    end: int
    head: int  # where the words before them (at) start


@dataclass
class Reading(Shown):
    """How an input was read: the tree, the notes, and where each node came from."""

    text: str
    expr: Expr
    notes: list[Note] = field(default_factory=list)
    spans: dict = field(default_factory=dict)  # id(node) -> (start, end)
    wrt: tuple[str, ...] | None = None  # a derivative request inside the input
    # the order of a request that names no variable ("the second derivative of x^3"): the
    # default variable, this many times
    order: int = 1
    at: dict | None = None  # a point from an evaluation bar, dy/dx|_{x=1}: {name: Expr}
    operator: str | None = None  # "gradient" for ∇f: a request for another command
    # a definition's arguments, f(w, b) = …: the variables it is a function of
    arguments: tuple[str, ...] | None = None
    defined: str | None = None  # its name (f of f(x) = …), which no placeholder of a step takes
    # an equation's right side (``calcdiff parse "x^2 + y^2 = 25"``): ``expr`` is its left
    right: Expr | None = None
    # read by the reader's short way (read/common.py): variables, whole numbers, powers of a
    # variable, sums and products of them -- no call and no constant power, which is what
    # the checks of a reading look at (commands/request.py: they have nothing to do)
    short_way: bool = False
    lets: tuple[str, ...] = ()  # the --let definitions substituted into it, as typed
    # coordinates ending a gradient's text, x^2 y at (1, 2), for its variables in order once
    # they are known (commands/points.py)
    coordinates: Coordinates | None = None

    @property
    def plain(self) -> str:
        if self.right is not None:
            return f"{to_plain(self.expr)} = {to_plain(self.right)}"
        return to_plain(self.expr)

    def note_messages(self) -> list[str]:
        return [n.message for n in self.notes]

    def note_once(self, note: Note) -> None:
        """Add ``note`` unless an equal one is there (a reading asked twice for its
        variables, as ``grade`` asks, says each thing once)."""
        if note not in self.notes:
            self.notes.append(note)

    def span_of(self, node: Expr) -> tuple[int, int] | None:
        return self.spans.get(id(node))


def stderr_notes(result) -> list[str]:
    """The notes of a result's reading(s) that are also said on stderr (the kinds of
    :data:`STDERR_NOTE_KINDS`), once each."""
    readings = getattr(result, "readings", None) or [getattr(result, "reading", None)]
    out: list[str] = []
    for r in readings:
        for n in getattr(r, "notes", ()):
            if n.kind in STDERR_NOTE_KINDS and n.message not in out:
                out.append(n.message)
    return out
