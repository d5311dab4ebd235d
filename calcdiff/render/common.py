"""What every renderer needs to know about a step: its rule's name and statement (from the
rule table, never hard-coded here), its bindings, its claim."""

from __future__ import annotations

from calcdiff.deriving.steps import Step
from calcdiff.names import natural_order
from calcdiff.table import StructuralRule, find_rule
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


def bindings_plain(step: Step) -> list[tuple[str, str]]:
    return [(k, to_plain(v)) for k, v in step.bindings]


def held_constant(expr_free, var: str) -> list[str]:
    return natural_order(v for v in expr_free if v != var)
