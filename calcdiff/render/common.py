"""What every renderer needs to know about a step: its rule's name and statement (from the
rule table, never hard-coded here), its bindings, its claim."""

from __future__ import annotations

import math

from typing import NamedTuple

from calcdiff.algebra.build import substitute
from calcdiff.deriving.steps import Step
from calcdiff.names import HELD_LISTED, counted, natural_order
from calcdiff.render.pretty import pretty, pretty_name
from calcdiff.table import FunctionRule, StructuralRule, builtin_entries, find_rule, rule_in
from calcdiff.tree.decimals import BelowDouble, decimal_text, decimal_view, is_decimal_leaf
from calcdiff.tree.nodes import Call, Expr, Num, Sym
from calcdiff.tree.printer import to_plain


def rule_info(rule_id: str) -> tuple[str, str, str]:
    """(name, statement, explanation) of a rule id, read from ``rules/`` (or the user's rule
    file that brought it)."""
    rule = find_rule(rule_id)
    if isinstance(rule, StructuralRule):
        return rule.name, rule.statement, rule.explain
    if rule is not None:
        statement = f"{rule.function}′(u) = {rule.derivative_text}"
        if rule.arity == (2,):
            statement = f"d/du {rule.function}(u, n) = {rule.derivative_text}"
        return f"derivative of {rule.function}", statement, rule.explain
    return rule_id, "", ""


def function_statement(step: Step) -> tuple[Expr, Expr] | None:
    """A table rule as ``step`` uses it: (f(v), f′(v)) in the step's own variable v (the
    chain rule's placeholder, or the variable itself), so its letter is never one of the
    user's other names; None for a step of another rule."""
    rule = find_rule(step.rule)
    if not isinstance(rule, FunctionRule) or rule.derivative is None:
        return None
    v = Sym(step.var)
    args = (v,) if 1 in rule.arity else (v, Sym("n"))
    said = substitute(rule.derivative, {"u": v})
    if rule.flat_derivative is not None and step.result != said:  # (see Engine.flat)
        said = substitute(rule.flat_derivative, {"u": v})
    return Call(rule.function, args), said


# (rule id, the step's statement, its variable) -> (the built-in table, step_info's answer):
# a rule the built-in table has is found there whatever rule files are loaded (it is looked
# in first), so its answer is kept (a drill line's JSON asks for eight, mostly the same)
_INFOS: dict = {}


def step_info(step: Step) -> tuple[str, str]:
    """(name, statement) of ``step``'s rule as the step uses it: the statement the engine
    recorded in the step's names, a table rule in the step's variable and in the reading's
    notation (ln′(x) = 1/x, (e^x)′ = e^x), else the rule's general statement."""
    key = (step.rule, step.statement, step.var)
    builtin = builtin_entries()
    known = _INFOS.get(key)
    if known is not None and known[0] is builtin:
        return known[1]
    info = _step_info(step)
    if rule_in(builtin, step.rule) is not None:
        if len(_INFOS) >= 4096:
            _INFOS.clear()
        _INFOS[key] = (builtin, info)
    return info


def _step_info(step: Step) -> tuple[str, str]:
    name, statement, _ = rule_info(step.rule)
    if step.statement:
        return name, step.statement
    stated = function_statement(step)
    if stated is None:
        return name, statement
    lhs, rhs = stated
    shown = pretty(lhs)
    head = shown.partition("(")[0]
    if len(lhs.args) == 2:
        left = f"d/d{pretty_name(step.var)} {shown}"
    elif head and shown == f"{head}({pretty_name(step.var)})":
        left = f"{head}′({pretty_name(step.var)})"
    elif shown.startswith("|") and shown.endswith("|"):
        left = f"{shown}′"
    else:
        left = f"({shown})′"
    if lhs.func in ("log", "exp"):
        name = "derivative of " + ("ln" if lhs.func == "log" else "the exponential")
    return name, f"{left} = {pretty(rhs)}"


def bindings_plain(step: Step) -> list[tuple[str, str]]:
    return [(k, to_plain(v)) for k, v in step.bindings]


class Held(NamedTuple):
    """The variables a partial derivative holds constant: their names in order, or (past
    HELD_LISTED of them) only their count, so that a gradient's headings grow with its
    variables, not with their square."""

    names: tuple[str, ...]
    count: int

    def words(self, name=str) -> str:
        if self.names:
            return ", ".join(name(v) for v in self.names)
        return counted(self.count) if self.count else ""

    def json(self, var: str):
        """A list of the names, or past HELD_LISTED ``{"all_but": var, "count": N}``."""
        if self.count > len(self.names):
            return {"all_but": var, "count": self.count}
        return list(self.names)


def held_constant(names, var: str) -> Held:
    """The variables among ``names`` (a set) other than ``var``."""
    count = len(names) - (var in names)
    if count > HELD_LISTED:
        return Held((), count)
    return Held(tuple(natural_order(v for v in names if v != var)), count)


def reading_shown(reading, e: Expr | None = None) -> Expr:
    """``e`` (the reading's expression unless given) as every command's Reading line shows
    it: with the decimals the user wrote in the input (``(w - 2.3)**2``, not 23/10 -- the
    note says the exact number; exponents keep their fractions)."""
    e = reading.expr if e is None else e
    if any(n.kind == "decimal" for n in reading.notes):
        return decimal_view(e, exponents=False, divisions=False)
    return e


def shows_its_decimal(e: Expr, decimals: bool = False) -> bool:
    """Does the exact value ``e`` need its decimal beside it? Not an integer (``2 ≈ 2`` says
    nothing), nor a decimal the user's numbers produce, nor such a decimal already printed
    as one (a leaf of :func:`decimal_view`: ``0.25``)."""
    return not ((type(e) is Num and (e.value.denominator == 1
                                     or (decimals and decimal_text(e.value))))
                or is_decimal_leaf(e))


OVERFLOWS = "(its decimal overflows a double)"  # a finite value past 1.8e308 (exp(1000))
UNDERFLOWS = "(its decimal underflows a double)"  # not 0, but below 5e-324 (exp(-1000))


def vector_decimals(values, floats) -> list[str] | str | None:
    """The decimals to print beside a vector of exact values (a gradient at a point), each
    with 12 significant digits; None where every value shows itself (not ``(8, 3) ≈ (8,
    3)``); :data:`OVERFLOWS` or :data:`UNDERFLOWS` (a str) where one is past a double or
    below it (``exp(1000)``: not ``≈ inf``; ``exp(-1000)``: not ``≈ -0``)."""
    if not any(shows_its_decimal(v) for v in values):
        return None
    if any(f is not None and math.isinf(f) for f in floats):
        return OVERFLOWS
    if any(isinstance(f, BelowDouble) for f in floats):
        return UNDERFLOWS
    return [f"{f + 0.0:.12g}" for f in floats]


def matrix_decimals(values, floats) -> list[list[str]] | str | None:
    """:func:`vector_decimals` of a matrix of exact values (a Hessian at a point): its rows
    of decimals, the words where one is past a double, or None where every value shows
    itself."""
    if floats is None:
        return None
    found = vector_decimals([v for row in values for v in row], [f for row in floats for f in row])
    if not isinstance(found, list):
        return found
    width = len(values[0])
    return [found[k:k + width] for k in range(0, len(found), width)]


def vector_suffix(values, floats, gap: str = " ") -> str:
    """What follows a vector of exact values in a line of text: ``≈ (0.5, 1.25)``, the words
    of :func:`vector_decimals`, or nothing."""
    floats = vector_decimals(values, floats)
    if floats is None:
        return ""
    return gap + (floats if isinstance(floats, str) else f"≈ ({', '.join(floats)})")
