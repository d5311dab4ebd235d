"""Several expressions given as arguments: which of them are one expression split by a
missing pair of quotes (``calcdiff derive x^2 sin x``), and which lone variable names were
probably meant as the variable (``calcdiff derive "x^2 y" y``: ``-x y``).

Library code (no click): :func:`split_arguments` and :func:`stray_variables` say what they
found; the command line words the messages.

- A *split expression*: a run of arguments that could have been typed unquoted (no space,
  no bracket: a shell passes neither on unquoted) in which some argument does not read
  alone but the run, joined by spaces, does. The whole run is tried first (``x^2 sin x`` is one product, not ``x^2`` and ``sin x``); failing that, the longest
  window around the unreadable argument. Arguments that each read alone are a batch and are
  never joined (``"x^2" "sin x"``, ``x^2 sin(x)``).
- A *stray variable*: a lone variable name (``y``, ``theta``) right after an expression (or
  after other such names). When it occurs in that expression it is almost surely the
  variable (``"x^2 y" y``); otherwise (``"x^2" y``) only perhaps.
"""

from __future__ import annotations

from dataclasses import dataclass

from calcdiff.commands.implicit import equation_sides
from calcdiff.errors import CalcdiffError
from calcdiff.read.request import parse_request
from calcdiff.tree.nodes import Sym

# the longest window of arguments tried around an unreadable one (the whole run is always
# tried): the work stays linear in the number of arguments
WINDOW = 8


@dataclass(frozen=True)
class Split:
    """Arguments ``first`` … ``last`` (inclusive) are the one expression ``text``."""

    first: int
    last: int
    text: str


@dataclass(frozen=True)
class Stray:
    """Lone variable names (the arguments ``names``, read as ``variables``) right after the
    expression argument ``after``; ``occurs``: one of them is a variable of it."""

    after: int
    names: tuple[int, ...]
    variables: tuple[str, ...]
    occurs: bool


class _Reader:
    """Each argument read once, as the command would read it (a request, an equation)."""

    def __init__(self, vars=None, table=None, names=None):
        self.vars, self.table, self.names = vars, table, names
        self._free: dict[str, frozenset | None] = {}
        self._lone: dict[str, str | None] = {}

    def _read(self, text: str):
        try:
            return parse_request(text, vars=self.vars, table=self.table, names=self.names)
        except (CalcdiffError, RecursionError, ArithmeticError, ValueError, TypeError,
                KeyError, AttributeError):
            return None

    def free(self, text: str) -> frozenset | None:
        """The variables of ``text``, or None when it does not read."""
        if text not in self._free:
            sides = equation_sides(text)
            readings = [self._read(t) for t in (sides[:2] if sides else (text,))]
            self._free[text] = (None if any(r is None for r in readings) else
                                frozenset().union(*(r.expr.free for r in readings)))
            if not sides and readings[0] is not None and readings[0].wrt is None \
                    and type(readings[0].expr) is Sym and bare(text):
                self._lone[text] = readings[0].expr.name
        return self._free[text]

    def lone(self, text: str) -> str | None:
        """The variable's name when ``text`` is one variable name and nothing else."""
        self.free(text)
        return self._lone.get(text)


# characters a shell does not pass on unquoted (a space splits, a bracket is a syntax error):
# an argument holding one was quoted, so it was meant as one expression
_QUOTED = frozenset("()<>|&;'\"`$\\")


def bare(text: str) -> bool:
    """An argument that could have been typed without quotes (no space, no bracket)."""
    return bool(text) and text != "-" and not any(c.isspace() or c in _QUOTED for c in text)


def reads(text: str, vars=None, table=None, names=None) -> bool:
    """``text`` reads as an expression, an equation or a request."""
    return _Reader(vars, table, names).free(text) is not None


def split_arguments(texts, vars=None, table=None, names=None, signed: bool = True
                    ) -> list[Split]:
    """Every run of bare arguments that is one expression split over several; ``signed``: an
    argument that opens with a sign continues the one before (not for a Jacobian, whose
    components are expressions of their own, (xy, -xy))."""
    reader = _Reader(vars, table, names)
    out: list[Split] = []
    i, n = 0, len(texts)
    while i < n:
        if not bare(texts[i]):
            i += 1
            continue
        j = i
        while j + 1 < n and bare(texts[j + 1]):
            j += 1
        out += _splits_in_run(texts, i, j, reader, signed)
        i = j + 1
    return out


def signed_term(text: str) -> bool:
    """An argument that opens with a sign and goes on (``-4x``; not a lone ``+``)."""
    return text[:1] in "+-" and len(text) > 1


def _splits_in_run(texts, i: int, j: int, reader: _Reader, signed: bool) -> list[Split]:
    # an argument that opens with a sign after another (3x^2 -4x) continues it: a term, as
    # one that does not read alone (x^2 + 1) is
    unreadable = [k for k in range(i, j + 1) if reader.free(texts[k]) is None
                  or (signed and k > i and signed_term(texts[k]))]
    if not unreadable or i == j:
        return []
    whole = " ".join(texts[i:j + 1])
    if reader.free(whole) is not None:
        return [Split(i, j, whole)]
    out: list[Split] = []
    done = i - 1  # the last argument already in a split
    for k in unreadable:
        if k <= done:
            continue
        for size in range(min(WINDOW, j - i), 1, -1):
            starts = range(max(done + 1, k - size + 1), min(k, j - size + 1) + 1)
            found = next((s for s in starts
                          if reader.free(" ".join(texts[s:s + size])) is not None), None)
            if found is not None:
                out.append(Split(found, found + size - 1, " ".join(texts[found:found + size])))
                done = found + size - 1
                break
    return out


def stray_variables(texts, splits=(), vars=None, table=None, names=None) -> list[Stray]:
    """Lone variable names right after an expression argument (outside ``splits``)."""
    reader = _Reader(vars, table, names)
    taken = {k for s in splits for k in range(s.first, s.last + 1)}
    out: list[Stray] = []
    after, run = None, []  # the expression before, and the lone names since

    def close():
        if after is not None and run:
            variables = tuple(reader.lone(texts[k]) for k in run)
            free = reader.free(texts[after]) or frozenset()
            out.append(Stray(after, tuple(run), variables, any(v in free for v in variables)))

    for k, text in enumerate(texts):
        if k in taken or text == "-":
            close()
            after, run = None, []
            continue
        if reader.lone(text) is not None:
            run.append(k)
            continue
        close()
        after, run = (k if reader.free(text) is not None else None), []
    close()
    return out
