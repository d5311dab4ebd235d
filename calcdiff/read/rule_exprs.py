"""The expressions in the rule table, read with calcdiff's own parser: each entry's
derivative, definition, domain, float evaluation and special values.

:mod:`calcdiff.table` reads the entries (names and texts: what the parser needs); this module
sits above the parser and gives each table its ``reader``, so a rule's expressions are parsed
on first use and the imports run one way: table -> parser -> rule_exprs.
"""

from __future__ import annotations

import re
from functools import lru_cache

from calcdiff.errors import CalcdiffError, RuleFileError
from calcdiff.read.parser import parse
from calcdiff.table import (
    _NAME,
    _NUMERIC_CODE,
    PLACEHOLDERS,
    VALUES,
    Condition,
    FunctionRule,
    Numeric,
    Table,
    builtin_entries,
    load_entries,
)
from calcdiff.tree.nodes import Call, walk

_COMPARISON = re.compile(r"(<=|>=|!=|<|>)")


def parse_condition(text: str, table: Table, where: str) -> Condition:
    parts = []
    for piece in re.split(r"\s+and\s+", text.strip()):
        bits = _COMPARISON.split(piece)
        if len(bits) != 3:
            raise RuleFileError(f"{where}: domain {text!r} must be comparisons joined by 'and'")
        lhs, op, rhs = bits
        try:
            parts.append(
                (parse(lhs, vars=PLACEHOLDERS, table=table).expr, op,
                 parse(rhs, vars=PLACEHOLDERS, table=table).expr)
            )
        except CalcdiffError as exc:
            raise RuleFileError(f"{where}: domain {text!r}: {exc.message}") from None
    return Condition(text, tuple(parts))


def read_rule(table: Table, rule: FunctionRule, part: str) -> None:
    """Read ``part`` of an entry's expressions (:data:`calcdiff.table.RULE_PARTS`) with the
    parser, the table's names known; a bad one refuses the entry, naming it."""
    where = f"{rule.file}: entry {rule.id!r}"
    if part == VALUES:
        _read_values(table, rule, where)
        return
    for attr, text in (("derivative", rule.derivative_text), ("definition", rule.definition_text),
                       ("partial_n", rule.partial_n_text),
                       ("flat_derivative", rule.flat_derivative_text)):
        if text is None:
            continue
        try:
            reading = parse(text, vars=PLACEHOLDERS, table=table)
        except CalcdiffError as exc:
            raise RuleFileError(f"{where}: {attr} {text!r}: {exc.message}") from None
        allowed = {"u", "n"} if 2 in rule.arity else {"u"}
        extra = sorted(reading.expr.free - allowed)
        if extra:
            raise RuleFileError(
                f"{where}: {attr} {text!r} uses {extra[0]!r}; only the placeholder u may appear"
            )
        setattr(rule, "_" + attr, reading.expr)
    if rule.domain_text:
        rule._domain = parse_condition(rule.domain_text, table, where)
    rule._numeric = _numeric_of(table, rule, where)
    if rule.inverse is not None and not _NAME.match(rule.inverse):
        raise RuleFileError(f"{where}: inverse {rule.inverse!r} is not a name")


def _read_values(table: Table, rule: FunctionRule, where: str) -> None:
    """The entry's exact values and period (constants only: no variables)."""
    values = {}
    for arg_text, value_text in rule.values_text:
        sides = []
        for text in (arg_text, value_text):
            try:
                e = parse(text, vars=(), table=table).expr
            except CalcdiffError as exc:
                raise RuleFileError(f"{where}: values {arg_text!r}: {text!r}: {exc.message}") from None
            sides.append(e)
        values[sides[0]] = sides[1]
    rule._values = values
    if rule.period_text is not None:
        try:
            rule._period = parse(rule.period_text, vars=(), table=table).expr
        except CalcdiffError as exc:
            raise RuleFileError(f"{where}: period {rule.period_text!r}: {exc.message}") from None


def _numeric_of(table: Table, rule: FunctionRule, where: str) -> Numeric:
    """The entry's ``numeric`` field; absent, its definition, else SymPy by its ``sympy`` name."""
    text = rule.numeric_text
    if text is None:
        if rule._definition is not None:
            return Numeric("expr", expr=rule._definition)
        return Numeric("sympy", name=rule.sympy)
    code = _NUMERIC_CODE.match(text)
    if code:
        return Numeric(code.group(1), name=code.group(2))
    try:
        e = parse(text, vars=PLACEHOLDERS, table=table).expr
    except CalcdiffError as exc:
        raise RuleFileError(f"{where}: numeric {text!r}: {exc.message}") from None
    allowed = {"u", "n"} if 2 in rule.arity else {"u"}
    extra = sorted(e.free - allowed)
    if extra:
        raise RuleFileError(f"{where}: numeric {text!r} uses {extra[0]!r}; only u may appear")
    if any(type(node) is Call and node.func == rule.function for node in walk(e)):
        raise RuleFileError(f"{where}: numeric {text!r} calls {rule.function!r} itself")
    return Numeric("expr", expr=e)


def load_files(sources, base: Table | None = None, builtin: bool = False) -> Table:
    """A table from ``(file name, text)`` pairs, on top of ``base`` if given. A user's entries
    (``builtin=False``) have their expressions read at once, so a bad one refuses the file."""
    table = load_entries(sources, base=base, builtin=builtin, reader=read_rule)
    if not builtin:
        for rule in table.functions.values():
            if not rule.builtin:
                rule._ensure()
    return table


@lru_cache(maxsize=1)
def builtin_table() -> Table:
    """The table shipped with calcdiff; each entry's expressions are read on first use."""
    table = builtin_entries()
    table.reader = read_rule
    return table
