"""The expression printer core: one walker, one bracket table, a notation per output.

The walker (:func:`write`) visits the tree top-down with an explicit stack (1,000-deep chains
print without recursion) and streams pieces, so the work is linear in the output and stops
early when a length budget is reached. It decides every bracket from ONE table,
:data:`BRACKETS`: for each place a child can sit (a slot: the argument of a unary minus, a
term after ``+``, a denominator, an exponent, ...), the kinds of child that need brackets
there, and whether a child that starts with a minus sign does. A :class:`Notation` supplies
only the leaves: how to write a number, a name, a constant, a function head, the operators,
and whether the notation raises exponents (superscripts: then an exponent slot needs no
brackets of its own).

Notations: :data:`PLAIN` here (``to_plain``: Python operators, ``e``, ``exp(u)``, ``log(u,
b)``; faithful to the tree, ``parse(to_plain(e)) == e``), :data:`calcdiff.render.pretty.UNICODE`
(x², θ, √x, |x|, 3x). The LaTeX printer (:mod:`calcdiff.render.latex_expr`) sizes its
``\\frac`` and ``\\left(`` against TeX's limits bottom-up and asks this table for its
brackets (:func:`bracketed`), through a variant that states the few places where a display
notation differs from a parseable one (``-2x`` needs no brackets on paper).

This module imports no other calcdiff module, so :mod:`calcdiff.nodes` can print itself with
it: node kinds are told apart by class name.
"""

from __future__ import annotations

from functools import cached_property
from typing import Callable, NamedTuple

from calcdiff.tree.brackets import (
    ADD_FIRST,
    ADD_SUBTRAHEND,
    ADD_TERM,
    ATOM,
    BRACKETS,
    DIV_DEN,
    DIV_NUM,
    FOLLOWED_FOR_SIGN,
    FRAC_NUM,
    KIND_BY_CLASS,
    MUL_FACTOR,
    MUL_FIRST,
    NEG,
    NEG_ARG,
    NEG_NUM,
    POW_BASE,
    POW_EXP,
    leads_with_minus,
)
from calcdiff.tree.quick import TooBig, monomial_text, quick_printer

# -- notations --------------------------------------------------------------------------------


class Notation:
    """The leaves of one notation; the walker decides the brackets."""

    plus = " + "
    minus = " - "
    negate = "-"
    times = "*"
    divide = "/"
    power = "**"
    comma = ", "
    open = "("
    close = ")"

    def number(self, numerator: int, denominator: int) -> str:
        return str(numerator) if denominator == 1 else f"{numerator}/{denominator}"

    def symbol(self, name: str) -> str:
        return name

    def constant(self, name: str) -> str:
        return name

    def times_between(self, left, left_slot: str, right) -> str:
        """What joins two factors (``*``; juxtaposition ``3x`` where the notation allows)."""
        return self.times

    def raised_exponent(self, exp) -> str | None:
        """The exponent written raised (a superscript), or None to use ``power``."""
        return None

    def call(self, e) -> list | None:
        """A special form for a call (``|u|``, ``√u``): a list of strings and (child, slot)
        pairs, or None for the usual ``head(args)``."""
        return None

    def head(self, func: str) -> str:
        return func

    # functions whose special form (:meth:`call`) is a prefix with no closing mark (√u, e^u):
    # as the base of a power they take brackets
    prefix: frozenset = frozenset()

    @cached_property
    def walking(self) -> "Walking":
        """What :func:`write` takes from this notation, worked out once (a derivation's JSON
        prints thirty small trees a line: this was a fifth of each call)."""
        own = type(self)
        return Walking(self.number, self.open, self.close, self.plus, self.minus, self.negate,
                       self.divide, self.power, self.times,
                       # the notation's own joins and special forms: asked for only where it
                       # has them
                       own.times_between is not Notation.times_between,
                       own.raised_exponent is not Notation.raised_exponent,
                       own.call is not Notation.call, own.head is not Notation.head,
                       own.symbol is not Notation.symbol)

    @cached_property
    def quick(self) -> Callable | None:
        """This notation's quick printer (:mod:`calcdiff.tree.quick`), or None where it has
        hooks of its own (only the walker asks them)."""
        w = self.walking
        if w.joins or w.raised or w.special_calls or w.own_heads or w.own_symbols:
            return None
        return quick_printer(w, self.constant, self.comma,
                             type(self).number is not Notation.number)


class Walking(NamedTuple):
    """A notation's leaves and operators as :func:`write` unpacks them, and which of its
    hooks the notation overrides."""

    number: Callable
    opening: str
    closing: str
    plus: str
    minus: str
    negate: str
    divide: str
    power: str
    times: str
    joins: bool
    raised: bool
    special_calls: bool
    own_heads: bool
    own_symbols: bool


class Plain(Notation):
    """Plain syntax: Python operators, ``e``, ``pi``, ``exp(u)``, ``log(u, b)``."""

    def constant(self, name: str) -> str:
        return "e" if name == "E" else name  # Euler's number, as people write it (and read back)


PLAIN = Plain()


# the quick printer's limit on a sub-tree's text (the budget, where it is lower): past it the
# walker prints the tree (it stops at the budget, and copies a long shared text fewer times)
QUICK_CHARS = 32_000

_COMPOUND = frozenset(("Add", "Neg", "Mul", "Div", "Pow", "Call"))
# trees the quick printer gave up on, with the limit it had (id -> (tree, limit)): one printed
# again under that limit or a lower one goes to the walker at once (a gradient's steps print
# the 500-term sum in every partial, each time past the budget of a step's line)
_PAST_QUICK: dict = {}


def write(e, notation: Notation, max_chars: int | None = None, memo: dict | None = None,
          names: dict | None = None) -> str:
    """``e`` in ``notation``; with ``max_chars``, cut there and end in " …" (work stops too,
    so a huge expression costs only what is shown). ``memo`` (a dict the caller keeps, with
    the trees alive, over several calls: the cells of a matrix) holds every compound node's
    text, so that a sub-tree shared between calls is walked once. ``names`` (id(node) -> a
    name, :mod:`calcdiff.tree.shared`) writes a named sub-tree below the top as its name, an
    atom that needs no brackets. A tree within the quick printer's limits, in a notation
    with no hooks and with no names, is printed by it (:mod:`calcdiff.tree.quick`)."""
    if memo is not None and names is None:
        known = memo.get(id(e))
        if known is not None:  # printed before, whole (a step's expression in its parent's)
            return known if max_chars is None or len(known) <= max_chars else (
                known[:max_chars] + " …")
    if names is None and notation.quick is not None:
        limit = QUICK_CHARS if max_chars is None else min(max_chars, QUICK_CHARS)
        past = _PAST_QUICK.get(id(e))
        if past is None or past[0] is not e or past[1] > limit:
            try:
                text = notation.quick(e, None, {} if memo is None else memo, limit, 0)
            except (TooBig, RecursionError):  # the walker needs no stack of calls
                if len(_PAST_QUICK) >= 64:  # a few trees kept alive, not a session's
                    _PAST_QUICK.clear()
                _PAST_QUICK[id(e)] = (e, limit)
            else:
                return text if max_chars is None or len(text) <= max_chars else (
                    text[:max_chars] + " …")
    top = type(e).__name__
    if top == "Num" or top == "Sym":  # a leaf alone (a third of a derivation's JSON strings)
        walking = notation.walking
        if top == "Num":
            v = e.value
            text = walking.number(v._numerator, v._denominator)
        else:
            text = notation.symbol(e.name) if walking.own_symbols else e.name
        if max_chars is None or len(text) <= max_chars:
            return text
    out: list[str] = []
    append = out.append
    length = 0
    counted = 0
    brackets = BRACKETS
    kind_by_class = KIND_BY_CLASS
    (number, opening, closing, plus, minus, negate, divide, power, times, joins, raised,
     special_calls, own_heads, own_symbols) = notation.walking
    # a monomial (3*x**2*y) written in one piece: its factors never take brackets in a
    # notation with no hooks of its own, and no sub-tree of it can carry a name
    monomials = names is None and not (joins or raised or special_calls or own_symbols)
    # A node met again (a shared sub-tree: the chain rule's u in every factor) is walked
    # twice at most: its second printing is a run of ``out`` (recorded by an end marker, a
    # list), and the run, joined once, is copied for every later meeting (with a ``memo``,
    # every printing is recorded, for the later calls). Its text depends on the node alone,
    # so the printed size costs string copies, never a third walk. Recording only from the
    # second meeting on: most trees share nothing but leaves, and recording every node was
    # a third of the walk.
    runs: dict = {}  # id(node) -> (start, end) in out, then its joined text
    seen: set = set()  # compound nodes met once
    see = seen.add
    # work stack of strings (emit), end markers [id, start], or (node, slot) pairs (a slot
    # of None: no brackets)
    stack: list = [(e, None)]
    pop, push = stack.pop, stack.append
    while stack:
        if max_chars is not None and len(out) - counted >= 64:
            length += sum(map(len, out[counted:]))
            counted = len(out)
            if length > max_chars:
                return "".join(out)[:max_chars] + " …"
        item = pop()
        t = type(item)
        if t is str:
            append(item)
            continue
        if t is list:
            if memo is None:
                runs[item[0]] = (item[1], len(out))
            else:
                text = memo[item[0]] = "".join(out[item[1]:])
                if max_chars is None:
                    out[item[1]:] = [text]  # one piece: an enclosing node joins fewer
            continue
        node, slot = item
        if names is not None and node is not e:
            named = names.get(id(node))
            if named is not None:
                append(named)
                continue
        name = type(node).__name__
        if slot is not None:
            # the one bracket decision: the table, by the child's kind and leading sign
            kinds, lead = brackets[slot]
            if name == "Num":
                v = node.value
                k = NEG_NUM if v._numerator < 0 else (ATOM if v._denominator == 1 else FRAC_NUM)
            else:
                k = kind_by_class.get(name, ATOM)
            # a leading minus, told by the kind where it can be (FOLLOWED_FOR_SIGN)
            if k in kinds or (lead and (k is NEG_NUM or k is NEG or (
                    k in FOLLOWED_FOR_SIGN and leads_with_minus(node)))):
                append(opening)
                push(closing)
        if name in _COMPOUND:
            key = id(node)
            run = runs.get(key) if memo is None else memo.get(key)
            if run is not None:
                if type(run) is tuple:
                    run = runs[key] = "".join(out[run[0]:run[1]])
                append(run)
                continue
            if memo is not None or key in seen:
                push([key, len(out)])
            else:
                see(key)
        if name == "Num":
            v = node.value  # a Fraction's parts, read past its properties
            append(number(v._numerator, v._denominator))
        elif name == "Sym":
            append(notation.symbol(node.name) if own_symbols else node.name)
        elif name == "Const":
            append(notation.constant(node.name))
        elif name == "Neg":
            append(negate)
            push((node.arg, NEG_ARG))
        elif name == "Add":
            parts: list = []
            for i, a in enumerate(node.args):
                aname = type(a).__name__
                if i == 0:
                    parts.append((a, ADD_FIRST))
                elif aname == "Neg":
                    parts.append(minus)
                    parts.append((a.arg, ADD_SUBTRAHEND))
                elif aname == "Num" and a.value._numerator < 0:
                    parts.append(minus)
                    v = -a.value
                    parts.append(number(v._numerator, v._denominator))
                else:
                    parts.append(plus)
                    parts.append((a, ADD_TERM))
            stack.extend(reversed(parts))
        elif name == "Mul":
            args = node.args
            if monomials:
                text = monomial_text(args, number, times, power)
                if text is not None:
                    append(text)
                    continue
            parts = [(args[0], MUL_FIRST)]
            for i, a in enumerate(args[1:]):
                parts.append(notation.times_between(args[i], MUL_FACTOR if i else MUL_FIRST, a)
                             if joins else times)
                parts.append((a, MUL_FACTOR))
            stack.extend(reversed(parts))
        elif name == "Div":
            # Div(Num, Num) is never built: the parser and the simplifier fold it to a Num.
            push((node.den, DIV_DEN))
            push(divide)
            push((node.num, DIV_NUM))
        elif name == "Pow":
            up = notation.raised_exponent(node.exp) if raised else None
            if up is not None:
                push(up)
            elif raised and type(node.exp).__name__ == "Pow":
                # x^((1/2)³): x^(1/2)³ would read as (x^(1/2))³, the superscript outside
                push(closing)
                push((node.exp, None))
                push(opening)
                push(power)
            else:
                push((node.exp, POW_EXP))
                push(power)
            base = node.base
            if special_calls and type(base).__name__ == "Call" and base.func in notation.prefix:
                push(closing)  # (√x)², (e^x)²: √x² and e^x² would read as √(x²), e^(x²)
                push((base, None))
                push(opening)
            else:
                push((base, POW_BASE))
        elif name == "Call":
            special = notation.call(node) if special_calls else None
            if special is not None:
                stack.extend(reversed(special))
                continue
            args = node.args
            push(closing)
            if len(args) == 1:
                push((args[0], None))
            else:
                comma = notation.comma
                for i in range(len(args) - 1, 0, -1):
                    push((args[i], None))
                    push(comma)
                push((args[0], None))
            append((notation.head(node.func) if own_heads else node.func) + opening)
        else:  # pragma: no cover
            raise TypeError(f"cannot print {name}")
    text = "".join(out)
    if max_chars is not None and len(text) > max_chars:  # the last pieces, past the count
        return text[:max_chars] + " …"
    return text


def to_plain(e, max_chars: int | None = None) -> str:
    """The plain-syntax string of ``e`` (JSON, the text format): Python operators (``**``,
    explicit ``*``), ``e`` and ``exp(u)``, ``pi``, ``log(u)`` for ln and ``log(u, b)`` for other
    bases, and the function names of ``rules/``; faithful to the tree, ``parse(to_plain(e))
    == e`` for every tree (tested with hypothesis). With ``max_chars``, cut there and end in
    " …"."""
    return write(e, PLAIN, max_chars)


def plain_printer():
    """``to_plain`` for many trees that share sub-trees (a matrix's cells): each shared
    compound node is printed once for all of them. The caller keeps the trees alive while
    it prints (the memo is keyed by node identity)."""
    memo: dict = {}
    return lambda e: write(e, PLAIN, None, memo)


def shown_point(point: dict) -> str:
    """``x = pi/2, y = 1``: a point (name -> Expr) as messages and views show it."""
    return ", ".join(f"{k} = {to_plain(v)}" for k, v in point.items())
