"""The bracket table of the printers: kinds of child, slots, and the one answer to "does this
child need brackets here" (:data:`BRACKETS`), which the walker (:mod:`calcdiff.tree.printer`),
the quick printer (:mod:`calcdiff.tree.quick`) and the LaTeX printer share.

This module imports no other calcdiff module: node kinds are told apart by class name.
"""

from __future__ import annotations

# -- kinds of child, as the bracket table sees them ------------------------------------------

ADD, NEG, NEG_NUM, FRAC_NUM, MUL, DIV, POW, CALL, ATOM = (
    "add", "neg", "neg-num", "frac-num", "mul", "div", "pow", "call", "atom")
# a fraction built up in two dimensions (LaTeX's \frac): self-delimiting beside other factors,
# not under an exponent. The one-line notations never write one.
FRAC = "frac"

# -- slots: where a child sits ----------------------------------------------------------------

NEG_ARG = "neg-arg"  # -u
ADD_FIRST = "add-first"  # u + ...
ADD_TERM = "add-term"  # ... + u
ADD_SUBTRAHEND = "add-subtrahend"  # ... - u (a Neg term)
MUL_FIRST = "mul-first"  # u*...
MUL_FACTOR = "mul-factor"  # ...*u
DIV_NUM = "div-num"  # u/...
DIV_DEN = "div-den"  # .../u
POW_BASE = "pow-base"  # u**...
POW_EXP = "pow-exp"  # ...**u
CALL_ARG = "call-arg"  # f(u, ...)
ROOT_ARG = "root-arg"  # √u (a prefix form)
EXP_ARG = "exp-arg"  # e^u written as a power of e
LOG_BASE = "log-base"  # log_b(u)

_UNARY_LIKE = frozenset((ADD, NEG, NEG_NUM, FRAC_NUM, MUL, DIV))

# slot -> (kinds that need brackets there, whether a child starting with a minus does)
BRACKETS: dict[str, tuple[frozenset, bool]] = {
    NEG_ARG: (frozenset((ADD, NEG, NEG_NUM, MUL, DIV)), False),  # -(a*b): -a*b is (-a)*b
    ADD_FIRST: (frozenset((ADD,)), False),
    ADD_TERM: (frozenset((ADD,)), True),
    ADD_SUBTRAHEND: (frozenset((ADD,)), True),
    MUL_FIRST: (frozenset((ADD, MUL)), False),
    MUL_FACTOR: (_UNARY_LIKE, True),
    DIV_NUM: (frozenset((ADD,)), False),
    DIV_DEN: (_UNARY_LIKE, True),
    POW_BASE: (_UNARY_LIKE | {POW}, False),
    POW_EXP: (_UNARY_LIKE, True),
    CALL_ARG: (frozenset(), False),
    ROOT_ARG: (frozenset((ADD, NEG, MUL, DIV, POW, CALL)), False),
    EXP_ARG: (frozenset((ADD, NEG, NEG_NUM, MUL, DIV, POW, CALL)), False),
    LOG_BASE: (frozenset((ADD, NEG, MUL, DIV, POW, CALL)), False),
}


# a node's kind by its class name (a number's kind is told by its value: :func:`kind`)
KIND_BY_CLASS = {"Add": ADD, "Neg": NEG, "Mul": MUL, "Div": DIV, "Pow": POW, "Call": CALL,
                 "Sym": ATOM, "Const": ATOM}


def kind(e) -> str:
    """The kind of ``e`` for the bracket table."""
    name = type(e).__name__
    if name == "Num":
        v = e.value
        if v < 0:
            return NEG_NUM
        return ATOM if v.denominator == 1 else FRAC_NUM
    return KIND_BY_CLASS.get(name, ATOM)


# the kinds whose leading sign is their first operand's (what leads_with_minus follows down);
# a negative number and a negation lead with one by their kind, any other kind never does
FOLLOWED_FOR_SIGN = frozenset((ADD, MUL, DIV))


def leads_with_minus(e) -> bool:
    """Whether ``e`` is written starting with a minus sign: a negative number, a negation, or
    a sum, product or quotient whose first operand is (brackets around a base aside)."""
    while True:
        name = type(e).__name__
        if name == "Num":
            return e.value._numerator < 0  # Fraction's own < goes through numbers.Rational
        if name == "Neg":
            return True
        if name == "Mul" or name == "Add":
            e = e.args[0]
        elif name == "Div":
            e = e.num
        else:
            return False


def needs_brackets(slot: str, child, raised: bool = False) -> bool:
    """Whether ``child`` needs brackets in ``slot`` (``raised``: an exponent written as a
    superscript, which needs none)."""
    if raised and slot == POW_EXP:
        return False
    return bracketed(slot, kind(child), leads_with_minus(child))


def bracketed(slot: str, child_kind: str, child_leads_minus: bool, table=BRACKETS) -> bool:
    """The table's answer for a child of ``child_kind`` (starting with a minus sign or not) in
    ``slot``. ``table`` is :data:`BRACKETS` or a notation's variant of it, stated as changes
    to it (LaTeX's: :data:`calcdiff.render.latex_expr.LATEX_BRACKETS`)."""
    kinds, minus = table[slot]
    return child_kind in kinds or (minus and child_leads_minus)
