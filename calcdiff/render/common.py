"""What every renderer needs to know about a step: its rule's name and statement (from the
rule table, never hard-coded here), its bindings, its claim."""

from __future__ import annotations

from typing import NamedTuple

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


HELD_LISTED = 8  # past this many, a partial's heading says "the other N variables"


class Held(NamedTuple):
    """The variables a partial derivative holds constant: their names in order, or (past
    HELD_LISTED of them) only their count, so that a gradient's headings grow with its
    variables, not with their square."""

    names: tuple[str, ...]
    count: int

    def words(self, name=str) -> str:
        if self.names:
            return ", ".join(name(v) for v in self.names)
        return f"the other {self.count} variables" if self.count else ""

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
