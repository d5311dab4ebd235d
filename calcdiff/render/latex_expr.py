"""The LaTeX expression printer: an expression tree as LaTeX math (no ``$``).

TeX has hard limits that a 1,000-deep chain would hit: 255 grouping levels, and ``\\sqrt[n]``
typesets its argument four times per level. So nesting that TeX pays for (``\\frac``,
``\\left( \\right)``, ``\\sqrt``) is used only while it is shallow and short; deeper or longer
parts fall back to plain brackets and ``/``, which also lets long rows break.

Brackets are not decided here: each child is asked about in its slot through the printer
core's one table (:func:`calcdiff.tree.brackets.bracketed`), by the kind of what was printed
(a ``\\frac`` is :data:`~calcdiff.tree.brackets.FRAC`, a flat ``a / b`` is a quotient,
``e^{u}`` a power) and whether it starts with a minus sign. :data:`LATEX_BRACKETS` states
where a display notation differs from the parseable one.
"""

from __future__ import annotations

from calcdiff.deep import call_deep
from calcdiff import undefined as unknown
from calcdiff.render.latex_text import LONG_DIGITS, digit_groups, function_head, latex_name
from calcdiff.table import find_function
from calcdiff.tree.nodes import Add, Call, Const, Div, Expr, Mul, Neg, Num, Pow, Sym
from calcdiff.tree.brackets import (
    ADD,
    ADD_FIRST,
    ADD_SUBTRAHEND,
    ADD_TERM,
    ATOM,
    BRACKETS,
    CALL,
    DIV,
    DIV_DEN,
    DIV_NUM,
    FRAC,
    FRAC_NUM,
    MUL,
    MUL_FACTOR,
    MUL_FIRST,
    NEG,
    NEG_ARG,
    POW,
    POW_BASE,
    bracketed,
    kind,
)

MAX_GROUPS = 40  # TeX nesting (in \frac / \left / ^{} units) before plain brackets take over
MAX_CHOICES = 2  # nested \sqrt[n]{...} (each typesets its argument four times)
RICH_LEN = 400  # longer parts use breakable plain brackets instead of \frac / \left ... \right
EXP_LEN = 60  # e^{...} up to this length, \exp(...) beyond

# The printer core's bracket table, with what differs on paper (every other slot as there):
LATEX_BRACKETS = {
    **BRACKETS,
    # -2x and -a/b read as meant: only a sum or a second minus needs brackets after a minus
    NEG_ARG: (frozenset((ADD, NEG)), True),
    # a flat "a / b c" reads as a/(bc), and "1/2 x" as 1/(2x): brackets, as after any factor
    MUL_FIRST: (frozenset((ADD, MUL, DIV, FRAC_NUM)), False),
    # a flat quotient of quotients gets brackets on both sides, a \frac included
    DIV_NUM: (frozenset((ADD, DIV, FRAC, FRAC_NUM)), False),
    DIV_DEN: (BRACKETS[DIV_DEN][0] | {FRAC}, True),
    # a superscript after a \frac sits on its denominator
    POW_BASE: (BRACKETS[POW_BASE][0] | {FRAC}, False),
}

# -- expressions ------------------------------------------------------------------------------


class _Piece:
    """A printed part and what its parent needs to know about it (a plain slotted class: a
    dataclass costs start-up time)."""

    __slots__ = ("s", "tall", "groups", "choices", "kind", "wide")

    def __init__(self, s: str, tall: bool = False, groups: int = 0, choices: int = 0,
                 kind: str = ATOM, wide: bool = False) -> None:
        self.s = s
        self.tall = tall  # taller than a line of text (\frac, \sqrt, ...): brackets must grow
        self.groups = groups  # TeX nesting used inside
        self.choices = choices  # nested \mathchoice (\sqrt[n])
        self.kind = kind  # what the bracket table sees (printer.kind, for what was printed)
        # holds a number too long for a row (see _number): it must stay where a row can
        # break, never inside a group TeX sets as one box (a superscript, \frac, \sqrt, \left)
        self.wide = wide


def latex_expr(e: Expr, max_nodes: int | None = None, names: dict | None = None) -> str:
    """The LaTeX math (no ``$``) of an expression tree.

    With ``max_nodes``, an expression larger than that is abbreviated: the parts beyond the
    budget are shown as ``\\cdots`` (see :func:`latex_expr_abbrev`). ``names`` (id(node) ->
    LaTeX name, :mod:`calcdiff.render.shared`) writes a named sub-tree below the top as its
    name."""
    return latex_expr_abbrev(e, max_nodes, names)[0]


def latex_expr_abbrev(e: Expr, max_nodes: int | None = None,
                      names: dict | None = None) -> tuple[str, bool]:
    """(LaTeX math, whether it was abbreviated to about ``max_nodes`` nodes)."""

    def run():
        printer = _Printer(names, e)
        if max_nodes is not None:
            printer.budgets[id(e)] = max_nodes
        return printer.tex(e).s, printer.abbreviated

    return call_deep(run)


def _number(digits: str) -> str:
    """A number's digits as LaTeX: as they are up to LONG_DIGITS; longer, in groups joined by
    spaces, which math mode does not print but where the LaTeX views may end a display row
    (``latex_width.segments``; Markdown's MathJax 3 knows no ``\\allowbreak``)."""
    if len(digits) <= LONG_DIGITS:
        return digits
    return " ".join(digit_groups(digits))


def _fits(*pieces: _Piece, extra: int = 1) -> bool:
    return (not any(p.wide for p in pieces) and sum(len(p.s) for p in pieces) <= RICH_LEN
            and max(p.groups for p in pieces) + extra <= MAX_GROUPS)


def _paren(p: _Piece) -> _Piece:
    if p.tall and _fits(p):
        return _Piece(r"\left(" + p.s + r"\right)", True, p.groups + 1, p.choices)
    return _Piece("(" + p.s + ")", p.tall, p.groups, p.choices, wide=p.wide)


def _flat_paren(p: _Piece) -> _Piece:
    """Plain brackets (inside a long, breakable a / b)."""
    return _Piece("(" + p.s + ")", p.tall, p.groups, p.choices, wide=p.wide)


def _in(slot: str, p: _Piece, paren=_paren) -> _Piece:
    """``p`` as it sits in ``slot``: bracketed where the table says so."""
    if bracketed(slot, p.kind, p.s.startswith("-"), LATEX_BRACKETS):
        return paren(p)
    return p


class _Printer:
    def __init__(self, names: dict | None = None, top=None) -> None:
        self.names = names  # id(node) -> its name (shared sub-expressions), below ``top``
        self.top = top
        self.memo: dict = {}  # (id, script) -> (node, piece); the node keeps the id valid
        self.budgets: dict = {}  # id(node) -> how many nodes it may show (abbreviation)
        self.sizes: dict = {}
        self.abbreviated = False

    def size(self, e: Expr) -> int:
        """Nodes of ``e`` written out (shared subtrees count each time they print)."""
        hit = self.sizes.get(id(e))
        if hit is None and self.names is not None and e is not self.top \
                and id(e) in self.names:
            return 1  # printed as its name
        if hit is None or hit[0] is not e:
            hit = self.sizes[id(e)] = (e, 1 + sum(self.size(c) for c in e.children()))
        return hit[1]

    def tex(self, e: Expr, script: bool = False) -> _Piece:
        if self.names is not None and e is not self.top:
            named = self.names.get(id(e))
            if named is not None:
                return _Piece(named)
        budget = self.budgets.pop(id(e), None)
        if budget is not None and self.size(e) > budget:
            return self._abbreviated(e, script, budget)
        key = (id(e), script)
        hit = self.memo.get(key)
        if hit is None or hit[0] is not e:
            hit = self.memo[key] = (e, self._tex(e, script))
        return hit[1]

    def _abbreviated(self, e: Expr, script: bool, budget: int) -> _Piece:
        self.abbreviated = True
        kids = e.children()
        if budget < 2 or not kids:
            return _Piece(r"\cdots")  # an atom: a hidden part is never bracketed
        # share what is left among the children, in order; small children take only what
        # they need, so the rest goes to the big ones
        left = budget - 1
        order = sorted(range(len(kids)), key=lambda k: self.size(kids[k]))
        shares = [0] * len(kids)
        for n, k in enumerate(order):
            shares[k] = min(self.size(kids[k]), left // (len(kids) - n))
            left -= shares[k]
        for kid, share in zip(kids, shares):
            self.budgets[id(kid)] = share
        piece = self._tex(e, script)
        for kid in kids:
            self.budgets.pop(id(kid), None)
        return piece

    def _tex(self, e: Expr, script: bool) -> _Piece:
        t = type(e)
        if t is Num:
            v = e.value
            if v.denominator == 1:
                n = str(v.numerator)
                return _Piece(_number(n), kind=kind(e), wide=len(n) > LONG_DIGITS)
            sign = "-" if v < 0 else ""
            n, d = str(abs(v.numerator)), str(v.denominator)
            wide = max(len(n), len(d)) > LONG_DIGITS
            if script or wide or len(n) + len(d) > RICH_LEN:
                return _Piece(f"{sign}{_number(n)}/{_number(d)}", kind=FRAC_NUM, wide=wide)
            return _Piece(f"{sign}\\frac{{{n}}}{{{d}}}", True, 2, kind=FRAC)
        if t is Sym:
            return _Piece(latex_name(e.name))
        if t is Const:
            return _Piece("e" if e.name == "E" else r"\pi")
        if t is Neg:
            a = _in(NEG_ARG, self.tex(e.arg, script))
            return _Piece("-" + a.s, a.tall, a.groups, a.choices, NEG, a.wide)
        if t is Add:
            return self._add(e, script)
        if t is Mul:
            return self._mul(e, script)
        if t is Div:
            return self._div(e, script)
        if t is Pow:
            return self._pow(e, script)
        if t is Call:
            return self._call(e, script)
        raise TypeError(f"cannot print {t.__name__}")  # pragma: no cover

    def _add(self, e: Add, script: bool) -> _Piece:
        parts: list[str] = []
        pieces: list[_Piece] = []
        for i, a in enumerate(e.args):
            if i == 0:
                p = _in(ADD_FIRST, self.tex(a, script))
                parts.append(p.s)
            elif type(a) is Neg:
                if id(a) in self.budgets:  # the Neg prints as " - ": its budget is its arg's
                    self.budgets[id(a.arg)] = self.budgets.pop(id(a)) - 1
                p = _in(ADD_SUBTRAHEND, self.tex(a.arg, script))
                parts.append(" - " + p.s)
            elif type(a) is Num and a.value < 0:
                p = self.tex(Num(-a.value), script)
                parts.append(" - " + p.s)
            else:
                p = _in(ADD_TERM, self.tex(a, script))
                parts.append(" + " + p.s)
            pieces.append(p)
        return _Piece("".join(parts), any(p.tall for p in pieces),
                      max(p.groups for p in pieces), max(p.choices for p in pieces), ADD,
                      any(p.wide for p in pieces))

    def _mul(self, e: Mul, script: bool) -> _Piece:
        pieces = [_in(MUL_FACTOR if i else MUL_FIRST, self.tex(a, script))
                  for i, a in enumerate(e.args)]
        out = pieces[0].s
        for prev, cur in zip(pieces, pieces[1:]):
            # a number right after anything, or a fraction after a digit (2 1/2 would read as
            # a mixed number), needs an explicit dot; otherwise juxtapose: 3 x, x \sin(x)
            if cur.s[:1].isdigit() or (prev.s[-1:].isdigit() and cur.s.startswith(r"\frac")) or (
                prev.s.startswith(r"\frac") and cur.s.startswith(r"\frac")
            ):
                out += r" \cdot " + cur.s
            else:
                out += " " + cur.s
        return _Piece(out, any(p.tall for p in pieces), max(p.groups for p in pieces),
                      max(p.choices for p in pieces), MUL, any(p.wide for p in pieces))

    def _div(self, e: Div, script: bool) -> _Piece:
        n, d = self.tex(e.num, script), self.tex(e.den, script)
        if _fits(n, d, extra=2):
            return _Piece(f"\\frac{{{n.s}}}{{{d.s}}}", True, max(n.groups, d.groups) + 2,
                          max(n.choices, d.choices), FRAC)
        # long or deep: a breakable a / b with plain brackets
        n, d = _in(DIV_NUM, n, _flat_paren), _in(DIV_DEN, d, _flat_paren)
        return _Piece(n.s + " / " + d.s, n.tall or d.tall, max(n.groups, d.groups),
                      max(n.choices, d.choices), DIV, n.wide or d.wide)

    def _pow(self, e: Pow, script: bool) -> _Piece:
        bp = _in(POW_BASE, self.tex(e.base, script))
        xp = self.tex(e.exp, True)  # a superscript: braces, no brackets
        if xp.wide or xp.groups + bp.groups + 1 > MAX_GROUPS + 10:
            # an exponent tower too deep for TeX's grouping, or an exponent with a number too
            # long for a row: Knuth's up-arrow, plain brackets, on the line where rows break
            return _Piece(bp.s + r" \uparrow (" + xp.s + ")", bp.tall, bp.groups,
                          max(bp.choices, xp.choices), POW, bp.wide or xp.wide)
        return _Piece(bp.s + "^{" + xp.s + "}", bp.tall,
                      max(bp.groups, xp.groups + 1), max(bp.choices, xp.choices), POW, bp.wide)

    def _args(self, head: str, args: list[_Piece]) -> _Piece:
        inner = _Piece(", ".join(a.s for a in args), any(a.tall for a in args),
                       max(a.groups for a in args), max(a.choices for a in args),
                       wide=any(a.wide for a in args))
        p = _paren(inner)
        return _Piece(head + p.s, p.tall, p.groups, p.choices, CALL, p.wide)

    def _call(self, e: Call, script: bool) -> _Piece:
        f = e.func
        args = [self.tex(a, script) for a in e.args]
        u = args[0]
        if f == "abs" and len(args) == 1:
            if u.tall and _fits(u):
                return _Piece(r"\left|" + u.s + r"\right|", True, u.groups + 1, u.choices)
            return _Piece("|" + u.s + "|", u.tall, u.groups, u.choices, wide=u.wide)
        if f == "sqrt" and len(args) == 1 and _fits(u):
            return _Piece(r"\sqrt{" + u.s + "}", True, u.groups + 1, u.choices)
        if f in ("cbrt", "root") and len(args) == (1 if f == "cbrt" else 2):
            n = _Piece("3") if f == "cbrt" else self.tex(e.args[1], True)
            if _fits(u, n, extra=3) and max(u.choices, n.choices) < MAX_CHOICES:
                return _Piece(f"\\sqrt[{n.s}]{{{u.s}}}", True,
                              max(u.groups, n.groups) + 3, max(u.choices, n.choices) + 1)
        if f == "exp" and len(args) == 1 and len(u.s) <= EXP_LEN and _fits(u):
            return _Piece("e^{" + u.s + "}", False, u.groups + 1, u.choices, POW)
        if f == "log" and len(args) == 2:
            base = self.tex(e.args[1], True)
            if _fits(base):
                head = r"\log_{" + base.s + "}"
                p = self._args(head, [u])
                return _Piece(p.s, p.tall, max(p.groups, base.groups + 1),
                              max(p.choices, base.choices), wide=p.wide)
            return self._args(r"\log", args)  # log(u, b): a base too long for a subscript
        if find_function(f) is None and unknown.split(f) is not None:
            return self._args(unknown.latex_head(f), args)  # f'(x), f^{(4)}(x), f_{12}(x, y)
        return self._args(function_head(f), args)

