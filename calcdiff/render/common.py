"""What every renderer needs to know about a step: its rule's name and statement (from the
rule table, never hard-coded here), its bindings, its claim."""

from __future__ import annotations

import re

from ..printer import to_plain
from ..steps import Step
from ..table import builtin_table


def rule_info(rule_id: str, table=None) -> tuple[str, str, str]:
    """(name, statement, explanation) of a rule id, read from ``rules/``."""
    if table is None:
        table = builtin_table()
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


def natural_order(names) -> list[str]:
    """x, y, z first (in that order), then others alphabetically, with numeric suffixes
    compared as numbers: x1, x2, …, x10 (the order :func:`calcdiff.api.natural_order` uses)."""
    return sorted(names, key=_order_key)


_PREFERRED = {"x": 0, "y": 1, "z": 2}
_SUFFIX = re.compile(r"^(.*?)(?:_?)(\d+)$")


def _order_key(name: str):
    m = _SUFFIX.match(name)
    stem, num = (m.group(1), int(m.group(2))) if m else (name, -1)
    return (_PREFERRED.get(stem, 3), stem.lower(), stem, num, name)


def held_constant(expr_free, var: str) -> list[str]:
    return natural_order(v for v in expr_free if v != var)
