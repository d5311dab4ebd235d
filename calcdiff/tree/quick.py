"""The quick printer: the walker's text (:func:`calcdiff.tree.printer.write`) of a small tree,
by recursion, for a notation with no hooks of its own (:data:`~calcdiff.tree.printer.PLAIN`).

Most trees printed are small (a derivation's JSON prints thirty a line, of a few nodes
each), and for them the walker's machinery -- its work stack, its run markers, its shared
sub-tree table -- costs more than the printing. Here each node is one call that returns its
text, and a child's brackets come from the same table (:data:`~calcdiff.tree.brackets.
BRACKETS`), read once per slot into what a child of each class needs there.

A tree too deep (:data:`QUICK_DEPTH` levels), or a sub-tree whose text passes the caller's
limit, raises :class:`TooBig`, and the walker prints the tree instead: it needs no stack
of calls, stops at a length budget, and walks a shared sub-tree at most twice, where the
recursion would walk it at each printing. The recursion's work before it gives up is
bounded by the limit: every node writes at least one character.
"""

from __future__ import annotations

from calcdiff.tree import brackets as table
from calcdiff.tree.brackets import leads_with_minus

QUICK_DEPTH = 60  # levels of nesting the recursion takes; deeper trees go to the walker


class TooBig(Exception):
    """The tree is past the quick printer's limits: the walker prints it."""


def _slot_needs(slot: str) -> tuple:
    """What a child needs in ``slot``, by the table: (class name -> 0 no brackets, 1
    brackets, 2 brackets if it leads with a minus; the same for a class the table does not
    know (an atom); for a number: negative, whole, a fraction)."""
    kinds, lead = table.BRACKETS[slot]

    def need(k: str) -> int:
        if k in kinds or (lead and k is table.NEG):
            return 1
        return 2 if lead and k in table.FOLLOWED_FOR_SIGN else 0

    by_class = {name: need(k) for name, k in table.KIND_BY_CLASS.items()}
    return (by_class, need(table.ATOM), table.NEG_NUM in kinds or lead, table.ATOM in kinds,
            table.FRAC_NUM in kinds)


def _monomial(args, number, times: str, power: str) -> str | None:
    """A product of a number (first, if any) and variables at positive whole powers, written
    as the walker would write it (no factor of it takes brackets: a number first never does,
    a variable or its power never does); None for any other product."""
    parts = []
    first = args[0]
    if type(first).__name__ == "Num":
        v = first.value
        parts.append(number(v._numerator, v._denominator))
        args = args[1:]
    for a in args:
        name = type(a).__name__
        if name == "Sym":
            parts.append(a.name)
        elif name == "Pow" and type(a.base).__name__ == "Sym" and type(
                a.exp).__name__ == "Num":
            k = a.exp.value
            if k._denominator != 1 or k._numerator <= 0:
                return None
            parts.append(a.base.name + power + str(k._numerator))
        else:
            return None
    return times.join(parts)


def quick_printer(walking, constant, comma: str):
    """``text(e, memo, limit)``: the walker's text of ``e`` in a notation with no hooks
    (``walking``: its :class:`~calcdiff.tree.printer.Walking`; ``constant``, ``comma``: its
    own), or :class:`TooBig`. ``memo`` (id -> text, or None) is the walker's: a compound
    node found there is not printed again, and each one printed is recorded there. ``limit``
    bounds the text of every sub-tree."""
    number, opening, closing, plus, minus, negate, divide, power, times = walking[:9]
    first_in_sum, term, subtrahend = (_slot_needs(table.ADD_FIRST), _slot_needs(table.ADD_TERM),
                                      _slot_needs(table.ADD_SUBTRAHEND))
    first_factor, factor = _slot_needs(table.MUL_FIRST), _slot_needs(table.MUL_FACTOR)
    numerator, denominator = _slot_needs(table.DIV_NUM), _slot_needs(table.DIV_DEN)
    base_slot, exponent = _slot_needs(table.POW_BASE), _slot_needs(table.POW_EXP)
    negated = _slot_needs(table.NEG_ARG)

    def inner(c, needs, memo, limit, depth) -> str:
        """``c``'s text in a slot (``needs``: :func:`_slot_needs`), bracketed as the table
        says."""
        name = type(c).__name__
        if name == "Num":
            v = c.value
            n, d = v._numerator, v._denominator
            text = number(n, d)
            if needs[2] if n < 0 else (needs[3] if d == 1 else needs[4]):
                return opening + text + closing
            return text
        if name == "Sym":
            text = c.name
        else:
            text = write(c, memo, limit, depth)
        need = needs[0].get(name, needs[1])
        if need and (need == 1 or leads_with_minus(c)):
            return opening + text + closing
        return text

    def write(node, memo, limit, depth) -> str:
        name = type(node).__name__
        if name == "Num":
            v = node.value
            return number(v._numerator, v._denominator)
        if name == "Sym":
            return node.name
        if name == "Const":
            return constant(node.name)
        if memo is not None:
            known = memo.get(id(node))
            if known is not None:
                return known
        if depth > QUICK_DEPTH:
            raise TooBig
        depth += 1
        if name == "Mul":
            args = node.args
            text = _monomial(args, number, times, power)
            if text is None:
                parts = [inner(args[0], first_factor, memo, limit, depth)]
                for a in args[1:]:
                    parts.append(times)
                    parts.append(inner(a, factor, memo, limit, depth))
                text = "".join(parts)
        elif name == "Add":
            args = node.args
            parts = [inner(args[0], first_in_sum, memo, limit, depth)]
            for a in args[1:]:
                aname = type(a).__name__
                if aname == "Neg":
                    parts.append(minus)
                    parts.append(inner(a.arg, subtrahend, memo, limit, depth))
                elif aname == "Num" and a.value._numerator < 0:
                    v = a.value
                    parts.append(minus)
                    parts.append(number(-v._numerator, v._denominator))
                else:
                    parts.append(plus)
                    parts.append(inner(a, term, memo, limit, depth))
            text = "".join(parts)
        elif name == "Pow":
            text = (inner(node.base, base_slot, memo, limit, depth) + power
                    + inner(node.exp, exponent, memo, limit, depth))
        elif name == "Neg":
            text = negate + inner(node.arg, negated, memo, limit, depth)
        elif name == "Div":
            text = (inner(node.num, numerator, memo, limit, depth) + divide
                    + inner(node.den, denominator, memo, limit, depth))
        elif name == "Call":
            text = (node.func + opening
                    + comma.join([write(a, memo, limit, depth) for a in node.args]) + closing)
        else:  # pragma: no cover
            raise TypeError(f"cannot print {name}")
        if len(text) > limit:
            raise TooBig
        if memo is not None:
            memo[id(node)] = text
        return text

    return write
