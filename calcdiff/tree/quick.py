"""The quick printer: the walker's text (:func:`calcdiff.tree.printer.write`) of a small tree,
by recursion, for a notation with no hooks of its own (:data:`~calcdiff.tree.printer.PLAIN`).

Most trees printed are small (a derivation's JSON prints thirty a line, of a few nodes
each), and for them the walker's machinery -- its work stack, its run markers, its shared
sub-tree table -- costs more than the printing. Here each node is one call that returns its
text, and a child's brackets come from the same table (:data:`~calcdiff.tree.brackets.
BRACKETS`), read once per slot into what a child of each class needs there.

A shared sub-tree (the chain rule's u in every factor) is printed once, through the memo
(the caller's, or one of its own). A tree too deep (:data:`QUICK_DEPTH` levels), or a
sub-tree whose text passes the caller's limit, raises :class:`TooBig`, and the walker prints
the tree instead: it needs no stack of calls, stops at a length budget, and copies a long
shared text fewer times. The work given up is bounded by the limit: every node writes at
least one character, and each distinct one is printed once.
"""

from __future__ import annotations

from calcdiff.tree import brackets as table
from calcdiff.tree.brackets import leads_with_minus

QUICK_DEPTH = 60  # levels of nesting the recursion takes; deeper trees go to the walker

DIGITS = tuple(str(n) for n in range(256))  # str(n) of a small n, looked up (str() is slower)


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


def monomial_text(args, number, times: str, power: str) -> str | None:
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
            k = k._numerator
            parts.append(a.base.name + power + (DIGITS[k] if k < 256 else str(k)))
        else:
            return None
    return times.join(parts)


def quick_printer(walking, constant, comma: str, own_numbers: bool):
    """``write(e, needs, memo, limit, depth)``: the walker's text of ``e`` in a notation with
    no hooks (``walking``: its :class:`~calcdiff.tree.printer.Walking`; ``constant``,
    ``comma``: its own; ``own_numbers``: whether it writes numbers its own way, else ``3``
    and ``3/4``), or :class:`TooBig`. ``needs``: the slot ``e`` sits in
    (:func:`_slot_needs`), for its brackets, or None at the top. ``memo`` (id -> text) is
    the walker's, or an empty dict: a compound node found there is not printed again (a
    shared sub-tree is walked once), and each one printed is recorded there (x**n aside: it
    is written in one piece). ``limit`` bounds the text of every sub-tree;
    ``depth`` counts the levels above ``e``."""
    number, opening, closing, plus, minus, negate, divide, power, times = walking[:9]
    if not own_numbers:
        def number(n: int, d: int) -> str:
            return str(n) if d == 1 else f"{n}/{d}"
    first_in_sum, term, subtrahend = (_slot_needs(table.ADD_FIRST), _slot_needs(table.ADD_TERM),
                                      _slot_needs(table.ADD_SUBTRAHEND))
    first_factor, factor = _slot_needs(table.MUL_FIRST), _slot_needs(table.MUL_FACTOR)
    numerator, denominator = _slot_needs(table.DIV_NUM), _slot_needs(table.DIV_DEN)
    base_slot, exponent = _slot_needs(table.POW_BASE), _slot_needs(table.POW_EXP)
    negated = _slot_needs(table.NEG_ARG)

    def written(n: int, d: int) -> str:
        """A number's text: a small whole one looked up (``number`` where the notation has
        its own)."""
        if d == 1 and not own_numbers:
            return DIGITS[n] if 0 <= n < 256 else str(n)
        return number(n, d)

    def write(node, needs, memo, limit, depth) -> str:
        name = type(node).__name__
        if name == "Num":
            v = node.value
            n, d = v._numerator, v._denominator
            text = written(n, d)
            if needs is not None and (needs[2] if n < 0 else (needs[3] if d == 1 else needs[4])):
                return opening + text + closing
            return text
        if name == "Sym":
            text = node.name
        elif name == "Mul" and (
                text := monomial_text(node.args, written, times, power)) is not None:
            # a monomial (most products), written in one piece, not looked up in the memo
            # (recorded there for a later call: a step's expression is a term of its
            # parent's); it leads with a minus when its number does
            memo[id(node)] = text
            if needs is not None:
                need = needs[0][name]
                if need and (need == 1 or (type(node.args[0]).__name__ == "Num"
                                           and node.args[0].value._numerator < 0)):
                    return opening + text + closing
            return text
        elif name == "Const":
            text = constant(node.name)
        else:
            text = memo.get(id(node))
            if text is None:
                text = compound(node, name, memo, limit, depth)
        if needs is not None:
            need = needs[0].get(name, needs[1])
            if need and (need == 1 or leads_with_minus(node)):
                return opening + text + closing
        return text

    def compound(node, name, memo, limit, depth) -> str:
        if depth > QUICK_DEPTH:
            raise TooBig
        depth += 1
        if name == "Mul":  # not a monomial (write tried)
            args = node.args
            parts = [write(args[0], first_factor, memo, limit, depth)]
            for a in args[1:]:
                parts.append(times)
                parts.append(write(a, factor, memo, limit, depth))
            text = "".join(parts)
        elif name == "Add":
            args = node.args
            parts = [write(args[0], first_in_sum, memo, limit, depth)]
            counted = size = 0
            for a in args[1:]:
                if len(parts) - counted >= 64:  # a long sum: its text so far against the limit
                    size += sum(map(len, parts[counted:]))
                    counted = len(parts)
                    if size > limit:
                        raise TooBig
                aname = type(a).__name__
                if aname == "Neg":
                    parts.append(minus)
                    parts.append(write(a.arg, subtrahend, memo, limit, depth))
                elif aname == "Num" and a.value._numerator < 0:
                    v = a.value
                    parts.append(minus)
                    parts.append(number(-v._numerator, v._denominator))
                else:
                    parts.append(plus)
                    parts.append(write(a, term, memo, limit, depth))
            text = "".join(parts)
        elif name == "Pow":
            base, k = node.base, node.exp
            if (type(base).__name__ == "Sym" and type(k).__name__ == "Num"
                    and k.value._denominator == 1 and k.value._numerator >= 0 and not own_numbers):
                k = k.value._numerator
                text = base.name + power + (DIGITS[k] if k < 256 else str(k))  # x**2
            else:
                text = (write(base, base_slot, memo, limit, depth) + power
                        + write(k, exponent, memo, limit, depth))
        elif name == "Neg":
            text = negate + write(node.arg, negated, memo, limit, depth)
        elif name == "Div":
            text = (write(node.num, numerator, memo, limit, depth) + divide
                    + write(node.den, denominator, memo, limit, depth))
        elif name == "Call":
            text = (node.func + opening + comma.join(
                [write(a, None, memo, limit, depth) for a in node.args]) + closing)
        else:  # pragma: no cover
            raise TypeError(f"cannot print {name}")
        if len(text) > limit:
            raise TooBig
        memo[id(node)] = text
        return text

    return write
