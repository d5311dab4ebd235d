"""The user's rule files (``--rules FILE``): read on top of the built-in table, and each
entry with a definition verified against it at random points of its domain."""

from __future__ import annotations

import math
import random
from pathlib import Path

from calcdiff.algebra.evaluate import evaluate
from calcdiff.deriving.engine import Engine
from calcdiff.errors import DomainError, RuleFileError
from calcdiff.read.rule_exprs import builtin_table, load_files
from calcdiff.simplify.facts import facts_of
from calcdiff.table import FunctionRule, Table


def verify_definition(rule: FunctionRule, table: Table, seed: int = 0) -> None:
    """A user rule with a definition: its derivative must match the definition's derivative
    at random points of its domain, or the file is refused."""
    if rule.definition is None:
        return
    where = f"{rule.file}: entry {rule.id!r}"
    step = Engine("u", table).d(rule.definition)
    rng = random.Random(seed)
    tested = 0
    for _ in range(400):
        u = rng.uniform(-3, 3)
        env = {"u": u, "n": float(rng.randint(2, 4))}
        try:
            if rule.domain is not None and not all(
                {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b, "!=": a != b}[op]
                for a, op, b in (
                    (evaluate(lhs, env, table), op, evaluate(rhs, env, table))
                    for lhs, op, rhs in rule.domain.parts
                )
            ):
                continue  # outside the rule's domain
            evaluate(rule.definition, env, table)
            want = evaluate(step.result, env, table)
            got = evaluate(rule.derivative, env, table)
        except (DomainError, KeyError, ValueError, OverflowError, ZeroDivisionError):
            continue
        if not (math.isfinite(want) and math.isfinite(got)):
            continue
        tested += 1
        if abs(want - got) > 1e-7 * max(1.0, abs(want)):
            raise RuleFileError(
                f"{where}: the derivative {rule.derivative_text!r} does not match the "
                f"definition {rule.definition_text!r}: at u = {u:.6g} the definition's "
                f"derivative is {want:.10g} but the rule gives {got:.10g}"
            )
        if tested >= 12:
            return
    if tested == 0:
        raise RuleFileError(f"{where}: no point found where the definition can be checked")


def load_user_rules(paths, base: Table | None = None) -> Table:
    """The built-in table plus the user's rule files; any error refuses the file."""
    sources = []
    for p in paths:
        try:
            sources.append((str(p), Path(p).read_text(encoding="utf-8")))
        except OSError as exc:
            raise RuleFileError(f"{p}: cannot read the rule file ({exc.strerror})") from None
        except UnicodeDecodeError:
            raise RuleFileError(f"{p}: the rule file is not UTF-8 text") from None
    table = load_files(sources, base=base or builtin_table(), builtin=False)
    for rule in table.functions.values():
        if not rule.builtin:
            verify_definition(rule, table)
    facts_of(table)  # a user identity the simplifier cannot apply refuses the file now
    return table
