"""`calcdiff rules`: the rule table as result records (:class:`RuleListing`,
:class:`RuleEntry`) for the renderers; the views live in :mod:`calcdiff.render.rules`."""

from __future__ import annotations

import difflib

from calcdiff.errors import UsageError
from calcdiff.greek import CHAR_TO_NAME as GREEK_NAME
from calcdiff.read.rule_exprs import builtin_table
from calcdiff.results_rules import RuleEntry, RuleListing


def _function_entry(rule) -> RuleEntry:
    domain = rule.domain
    return RuleEntry(
        kind="function", id=rule.id, name=rule.function, statement=rule.derivative_text,
        explain=rule.explain, domain=rule.domain_text or None, aliases=tuple(rule.aliases),
        arity=tuple(rule.arity), derivative=rule.derivative, partial_n=rule.partial_n,
        partial_n_text=rule.partial_n_text,
        domain_parts=domain.parts if domain is not None else (),
        definition=rule.definition_text or None, definition_expr=rule.definition,
        inverse=rule.inverse or None, source="built-in" if rule.builtin else rule.file,
        sympy=rule.sympy, latex=rule.latex, numeric=rule.numeric_text, parity=rule.parity,
        period=rule.period_text,
        values=tuple(rule.values_text), identities=tuple(rule.identities),
        piecewise=rule.piecewise, flat_derivative=rule.flat_derivative_text,
    )


def _structural_entry(rule) -> RuleEntry:
    return RuleEntry(kind="structural", id=rule.id, name=rule.name, statement=rule.statement,
                     explain=rule.explain, domain=rule.domain or None)


def list_rules(table=None) -> RuleListing:
    table = table or builtin_table()
    return RuleListing([_structural_entry(r) for r in table.structural.values()],
                       [_function_entry(r) for r in table.functions.values()])


def describe_rule(name: str, table=None) -> RuleEntry:
    """One entry by function name, alias or rule id (``tan``, ``arctan``, ``d-tan``,
    ``quotient``)."""
    table = table or builtin_table()
    key = name.strip()
    key = GREEK_NAME.get(key, key)  # σ is the alias sigma, as the reader spells it
    if key in table.structural:
        return _structural_entry(table.structural[key])
    rule = table.function(key) or table.function(key.lower())
    if rule is None:
        rule = next((r for r in table.functions.values() if r.id == key), None)
    if rule is None and key in table.call_only:
        rule = table.functions[table.call_only[key]]
    if rule is None:
        candidates = sorted(set(table.names) | set(table.structural)
                            | {r.id for r in table.functions.values()})
        close = difflib.get_close_matches(key, candidates, n=1, cutoff=0.5)
        raise UsageError(f"no rule named {key!r}",
                         hint=f"did you mean {close[0]}?" if close else "see 'calcdiff rules'")
    return _function_entry(rule)


def rules(name: str | None = None, table=None) -> RuleListing | RuleEntry:
    """The rule table (``calcdiff rules``), or one entry by function name, alias or rule id
    (``calcdiff rules tan``, ``calcdiff rules quotient``)."""
    return list_rules(table) if name is None else describe_rule(name, table)
