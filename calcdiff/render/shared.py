"""One result's expressions as every format prints them: whole, or -- when its answers print
far larger than their shared structure (:func:`calcdiff.tree.shared.shared_order`) and the
user did not ask for ``--full`` -- with ONE naming of the shared sub-expressions for all of
them: the answer, its other forms, its value, the derivation's steps, JSON's ``raw``.
The names are chosen from the answers, so they are the same with and without the steps; a
step's expression prints with them where it shares the answer's sub-trees (the chain rule's
inner functions). The views print through :class:`Exprs` and list its definitions under
the answer ("where u1 = sin(x)")."""

from __future__ import annotations

from calcdiff.render.pretty import UNICODE
from calcdiff.tree.printer import PLAIN, write
from calcdiff.tree import shared as sharing
from calcdiff.tree.shared import Naming, plain_name, shared_order, small

_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def unicode_name(letter: str, number: int) -> str:
    return letter + str(number).translate(_SUB)


class Exprs:
    """Prints one result's expressions; ``naming`` None prints them whole (as ever)."""

    def __init__(self, naming: Naming | None = None, shown=None) -> None:
        self.naming = naming
        self._shown = shown if shown is not None else {}

    def __bool__(self) -> bool:
        return self.naming is not None

    def shown(self, e, show):
        """``show(e)`` (a derivation's decimal view), the very tree that was named."""
        hit = self._shown.get(id(e))
        return hit[1] if hit is not None and hit[0] is e else show(e)

    def plain(self, e, max_chars: int | None = None, memo: dict | None = None) -> str:
        """``e`` in plain syntax; ``memo``: see :func:`calcdiff.tree.printer.write`."""
        return write(e, PLAIN, max_chars, memo, self.naming.plain if self.naming else None)

    def unicode(self, e, max_chars: int | None = None) -> str:
        names = self.naming.names("unicode", unicode_name) if self.naming else None
        return write(e, UNICODE, max_chars, names=names)

    def plain_where(self) -> list[tuple[str, str]]:
        if not self.naming:
            return []
        return list(zip((plain_name(self.naming.letter, k)
                         for k in range(1, len(self.naming) + 1)),
                        self.naming.plain_definitions))

    def unicode_where(self) -> list[tuple[str, str]]:
        if not self.naming:
            return []
        return self.naming.definitions(
            "unicode", unicode_name, lambda n, names: write(n, UNICODE, names=names))

    def where(self, style: str, spell, printer) -> list[tuple[str, str]]:
        """(name, definition) in another notation (LaTeX's: render/latex.py)."""
        return self.naming.definitions(style, spell, printer) if self.naming else []

    def names(self, style: str, spell) -> dict | None:
        return self.naming.names(style, spell) if self.naming else None


WHOLE = Exprs()


def _naming(answers, taken, shown: dict, printed: dict | None = None) -> Exprs:
    """Names chosen by the answers alone: the steps (and JSON's ``raw``, the rules' output)
    print with them and never change them. ``printed``: see :func:`derivation_exprs`."""
    if (printed is not None and _short(answers, printed)) or small(answers):
        # a few lines: no names, nothing to count
        return Exprs(None, shown)  # the decimal views already made, printed whole
    order = shared_order(answers)
    if order is None:
        return Exprs(None, shown)
    return Exprs(Naming(answers, taken, order), shown)


def _short(answers, printed: dict) -> bool:
    """Whether the answers' plain texts come to at most :data:`~calcdiff.tree.shared.
    NAMED_PAST` characters, so that they are :func:`small` (every node writes at least one
    character); their texts are then in ``printed`` (see :func:`calcdiff.tree.printer.
    write`), else it is left empty."""
    past = sharing.NAMED_PAST  # read at each call, as small reads it
    total = 0
    for e in answers:
        total += len(write(e, PLAIN, past - total, printed))
        if total > past:
            printed.clear()
            return False
    return True


def derivation_exprs(d, printed: dict | None = None) -> Exprs:
    """The printing of a derivation. ``printed`` (an empty dict, for a caller that prints
    the answers in plain syntax): short answers are told apart by printing them, whole,
    into it, for the caller's later printing; it stays empty otherwise."""
    if d.full or not d.parts:
        return WHOLE
    shown: dict = {}

    def show(e):
        s = d.shown(e)
        shown[id(e)] = (e, s)
        return s

    answers = [show(p.simplified) for p in d.parts]
    answers += [show(f) for _, f in d.alternate_forms]
    if d.at and d.value is not None:
        answers.append(show(d.value))
    return _naming(answers, d.reading.expr.free, shown, printed)


def gradient_exprs(g) -> Exprs:
    """One naming for every partial of a gradient."""
    if g.full:
        return WHOLE
    return _naming(list(g.gradient), g.reading.expr.free, {})


def matrix_exprs(m) -> Exprs:
    """One naming for every cell of a Hessian or Jacobian."""
    if m.full:
        return WHOLE
    taken: set = set()
    for r in m.readings:
        taken |= r.expr.free
    return _naming([e for row in m.matrix for e in row], taken, {})
