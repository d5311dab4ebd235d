"""What every renderer needs to know about a step: its rule's name and statement (from the
rule table, never hard-coded here), its bindings, its claim."""

from __future__ import annotations

from calcdiff.deriving.steps import Step
from calcdiff.names import natural_order
from calcdiff.table import builtin_entries
from calcdiff.tree.printer import to_plain


def rule_info(rule_id: str, table=None) -> tuple[str, str, str]:
    """(name, statement, explanation) of a rule id, read from ``rules/``."""
    if table is None:
        table = builtin_entries()
    s = table.structural.get(rule_id)
    if s is not None:
        return s.name, s.statement, s.explain
    for f in table.functions.values():
        if f.id == rule_id:
            statement = f"{f.function}′(u) = {f.derivative_text}"
            if f.arity == (2,):
                statement = f"d/du {f.function}(u, n) = {f.derivative_text}"
            return f"derivative of {f.function}", statement, f.explain
    return rule_id, "", ""


def bindings_plain(step: Step) -> list[tuple[str, str]]:
    return [(k, to_plain(v)) for k, v in step.bindings]


def held_constant(expr_free, var: str) -> list[str]:
    return natural_order(v for v in expr_free if v != var)
