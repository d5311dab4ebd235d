"""The user's rule files (``--rules FILE``): read on top of the built-in table, and each
entry with a definition verified against it at random points of its domain."""

from __future__ import annotations

import math
import os
import random
import stat
import time

from calcdiff.algebra.evaluate import evaluate, float_value
from calcdiff.deep import call_deep
from calcdiff.deriving.engine import Engine
from calcdiff.errors import DomainError, RuleFileError, visible
from calcdiff.limits import current as current_limits
from calcdiff.read.rule_exprs import builtin_table, load_files
from calcdiff.simplify.facts import facts_of
from calcdiff.table import RELATIONS, FunctionRule, Table, declared_sympy_names
from calcdiff.tree.nodes import Call, Sym, walk


def verify_definition(rule: FunctionRule, table: Table, seed: int = 0) -> None:
    """A user rule with a definition: its derivative must match the definition's derivative
    at random points of its domain, or the file is refused."""
    if rule.definition is None:
        return
    where = f"{rule.file}: entry {rule.id!r}"
    two = 2 in rule.arity
    call = Call(rule.function, (Sym("u"), Sym("n")) if two else (Sym("u"),))
    # each field that claims something of the function, against what the definition gives:
    # (what it is called, its text, its expression, the definition's own)
    claims = [("derivative", rule.derivative_text, rule.derivative,
               Engine("u", table).d(rule.definition).result),
              ("numeric value", rule.numeric_text, call, rule.definition)]
    if rule.partial_n is not None:
        claims.append(("partial_n", rule.partial_n_text, rule.partial_n,
                       Engine("n", table).d(rule.definition).result))
    if rule.flat_derivative is not None:  # where u is not 0, the derivative itself
        claims.append(("flat_derivative", rule.flat_derivative_text, rule.flat_derivative,
                       claims[0][3]))
    if rule.inverse is not None and not two:  # f(inverse(u)) = u where both are defined
        claims.append(("inverse", rule.inverse,
                       Call(rule.function, (Call(rule.inverse, (Sym("u"),)),)), Sym("u")))
    rng = random.Random(seed)
    for what, text, claimed, own in claims:
        tested = 0
        for env in _domain_points(rule, table, rng):
            try:
                want = evaluate(own, env, table)
                got = evaluate(claimed, env, table)
            except (DomainError, KeyError, ValueError, OverflowError, ZeroDivisionError):
                continue
            if not (math.isfinite(want) and math.isfinite(got)):
                continue
            tested += 1
            if abs(want - got) > 1e-7 * max(1.0, abs(want)):
                raise _mismatch(rule, what, text, env, want, got, two)
            if tested >= 12:
                break
        if tested == 0 and what == "derivative":
            raise RuleFileError(f"{where}: no point found where the definition can be checked")


def _domain_points(rule: FunctionRule, table: Table, rng: random.Random, draws: int = 400):
    """Up to ``draws`` random points (u in [-3, 3], n in 2..4), as environments, where the
    rule's domain holds and its definition has a value."""
    for _ in range(draws):
        env = {"u": rng.uniform(-3, 3), "n": float(rng.randint(2, 4))}
        try:
            if rule.domain is not None and not all(
                    RELATIONS[op](evaluate(lhs, env, table), evaluate(rhs, env, table))
                    for lhs, op, rhs in rule.domain.parts):
                continue  # outside the rule's domain
            evaluate(rule.definition, env, table)
        except (DomainError, KeyError, ValueError, OverflowError, ZeroDivisionError):
            continue
        yield env


def _mismatch(rule: FunctionRule, what: str, text: str, env: dict, want: float, got: float,
              two: bool) -> RuleFileError:
    """The error for a field of ``rule`` that its definition contradicts at ``env``."""
    where = f"{rule.file}: entry {rule.id!r}"
    at = f"u = {env['u']:.6g}" + (f", n = {env['n']:g}" if two else "")
    if what == "inverse":
        return RuleFileError(
            f"{where}: the inverse {text!r} does not undo the definition "
            f"{rule.definition_text!r}: {rule.function}({text}(u)) at {at} is "
            f"{got:.10g}, not {want:.10g}")
    return RuleFileError(
        f"{where}: the {what} {text!r} does not match the definition "
        f"{rule.definition_text!r}: at {at} the definition gives {want:.10g} "
        f"but the rule gives {got:.10g}")


def verify_facts(rule: FunctionRule, table: Table, seed: int = 0) -> None:
    """A user rule with a definition: its exact values, parity and period must hold of the
    definition (in doubles, at the values' arguments and at random points), or the file is
    refused; they are used as facts (f(0) = 5 would print wrong tangents and Taylor terms)."""
    if rule.definition is None or 2 in rule.arity:
        return
    where = f"{rule.file}: entry {rule.id!r}"

    def at(u: float):
        return float_value(rule.definition, {"u": u}, table)

    def same(a: float, b: float) -> bool:
        return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))

    for (arg, value), (arg_text, value_text) in zip(rule.values.items(), rule.values_text):
        u, v = float_value(arg, {}, table), float_value(value, {}, table)
        if u is None or v is None:
            continue  # a value SymPy alone can give: not checked here
        got = at(u)
        if got is None or not same(got, v):
            shown = "undefined" if got is None else f"{got:.10g}"
            raise RuleFileError(f"{where}: the value {rule.function}({arg_text}) = {value_text} "
                                f"does not hold of the definition {rule.definition_text!r}, "
                                f"which is {shown} there")
    rng = random.Random(seed)
    checks = []
    if rule.parity in ("odd", "even"):
        sign = -1.0 if rule.parity == "odd" else 1.0
        checks.append((f"parity {rule.parity!r}", lambda u: -u, lambda f: sign * f))
    if rule.period is not None:
        p = float_value(rule.period, {}, table)
        if p is not None:
            checks.append((f"period {rule.period_text!r}", lambda u: u + p, lambda f: f))
    for what, moved, expected in checks:
        tested = 0
        for _ in range(200):
            u = rng.uniform(-3, 3)
            f, g = at(u), at(moved(u))
            if f is None or g is None:
                continue
            if not same(g, expected(f)):
                raise RuleFileError(f"{where}: the {what} does not hold of the definition "
                                    f"{rule.definition_text!r}: at u = {u:.6g} it gives "
                                    f"{f:.10g}, and {g:.10g} at {moved(u):.6g}")
            tested += 1
            if tested >= 8:
                break


def read_rule_file(path) -> str:
    """A rule file's text: a regular file (``/dev/zero`` and pipes are refused) of at most
    the rule-file limit, read with one bounded read."""
    where = visible(path)
    limit = current_limits().rules
    try:
        with open(path, "rb") as f:
            if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
                raise RuleFileError(f"{where}: not a regular file")
            data = f.read(limit + 1)
    except OSError as exc:
        raise RuleFileError(f"{where}: cannot read the rule file ({exc.strerror})") from None
    if len(data) > limit:
        raise RuleFileError(f"too large: {where} is over the rule-file limit of {limit:,} "
                            "bytes", hint="raise it with --limit rules=BYTES")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise RuleFileError(f"{where}: the rule file is not UTF-8 text") from None


def check_sympy_names(table: Table) -> None:
    """A user entry reaches SymPy only through a name the rule table declares as a SymPy
    function: an explicit ``sympy`` field must be one of them, and a function may not be
    named like anything else of SymPy's (``preview``, ``doctest``, ``test``, ``pprint``)."""
    declared = declared_sympy_names()
    user = [rule for rule in table.functions.values() if not rule.builtin]
    for rule in user:
        if rule.sympy != rule.function and rule.sympy not in declared:
            raise RuleFileError(f"{rule.file}: entry {rule.id!r}: sympy {rule.sympy!r} is not "
                                "a SymPy function the rule table declares",
                                hint=f"declared: {', '.join(sorted(declared))}")
    names = [rule for rule in user if rule.sympy not in declared]
    if not names:
        return
    import sympy  # lazy: only a rule file with new functions needs SymPy's namespace

    for rule in names:
        if hasattr(sympy, rule.sympy) or hasattr(sympy.functions, rule.sympy):
            raise RuleFileError(
                f"{rule.file}: entry {rule.id!r}: {rule.sympy!r} is a name of SymPy's that "
                "the rule table does not declare as a SymPy function",
                hint="rename the function (SymPy is reached only by declared names)")


def check_no_cycles(table: Table) -> None:
    """Refuse a definition that leads back to its own function (f through f, or f through g
    through f): evaluating or converting it would never end. Iterative, linear in the
    entries and their expressions."""
    user = {name: rule for name, rule in table.functions.items() if not rule.builtin}
    edges = {}
    for name, rule in user.items():
        bodies = [rule.definition]
        if rule.numeric.kind == "expr":
            bodies.append(rule.numeric.expr)
        edges[name] = sorted({n.func for body in bodies if body is not None
                              for n in walk(body) if type(n) is Call and n.func in user})
    state: dict = {}  # name -> 1 on the current path, 2 done
    for root in user:
        if root in state:
            continue
        path, stack = [], [(root, iter(edges[root]))]
        state[root] = 1
        path.append(root)
        while stack:
            name, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                state[name] = 2
                stack.pop()
                path.pop()
            elif state.get(nxt) == 1:
                cycle = path[path.index(nxt):] + [nxt]
                rule = user[nxt]
                raise RuleFileError(
                    f"{rule.file}: entry {rule.id!r}: the definition is recursive "
                    f"({' -> '.join(cycle)}); define a function through other functions only")
            elif nxt not in state:
                state[nxt] = 1
                path.append(nxt)
                stack.append((nxt, iter(edges[nxt])))


def load_user_rules(paths, base: Table | None = None) -> Table:
    """The built-in table plus the user's rule files; any error refuses the file. The whole
    load (reading, the recursion check, the verification) runs in one deep thread
    (:func:`calcdiff.deep.call_deep`), never recursing on the caller's stack."""
    return call_deep(_load_user_rules, paths, base)


def _load_user_rules(paths, base: Table | None) -> Table:
    sources = [(str(p), read_rule_file(p)) for p in paths]
    table = load_files(sources, base=base or builtin_table(), builtin=False)
    check_no_cycles(table)
    check_sympy_names(table)
    seconds = current_limits().time
    deadline = time.monotonic() + seconds
    for rule in table.functions.values():
        if not rule.builtin:
            verify_definition(rule, table)
            verify_facts(rule, table)
            if time.monotonic() > deadline:  # the load runs in the main process: bounded here
                raise RuleFileError(f"too large: checking the rule files took more than "
                                    f"{seconds:g} s (stopped after entry {rule.id!r})",
                                    hint="raise the limit with --timeout S")
    facts_of(table)  # a user identity the simplifier cannot apply refuses the file now
    return table
