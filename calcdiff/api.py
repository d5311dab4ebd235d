"""The library API: what every command computes, as plain function calls.

>>> str(derive("3x^2-4x"))
'6*x - 4'
>>> str(derive("x^3", at={"x": 3}).value)
'27'
"""

from __future__ import annotations

import math
import re
from fractions import Fraction

from .deep import call_deep
from .errors import CalcdiffError, DomainError, UsageError
from .nodes import Div, Expr, Num, Pow, Sym, walk
from .parser import GREEK_SPELLING, parse, parse_request
from .results import Reading
from .printer import to_plain
from .steps import Step, simplification
from .results import Derivation, Differentiation

SIMPLIFY_MODES = ("none", "basic", "full")
_VAR_RE = re.compile(r"^[A-Za-z\u0370-\u03ff][A-Za-z0-9_\u0370-\u03ff]*$")


def natural_order(names) -> list[str]:
    """x, y, z first (in that order), then others alphabetically, with numeric suffixes
    compared as numbers: x1, x2, …, x10."""
    preferred = {"x": 0, "y": 1, "z": 2}

    def key(name: str):
        m = re.match(r"^(.*?)(?:_?)(\d+)$", name)
        stem, num = (m.group(1), int(m.group(2))) if m else (name, -1)
        return (preferred.get(stem, 3), stem.lower(), stem, num, name)

    return sorted(names, key=key)


def read(text_or_expr, vars=None, table=None, allow_request=True) -> Reading:
    if isinstance(text_or_expr, Reading):
        return text_or_expr
    if isinstance(text_or_expr, Expr):
        return Reading(to_plain(text_or_expr), text_or_expr)
    if allow_request:
        return parse_request(text_or_expr, vars=vars, table=table)
    return parse(text_or_expr, vars=vars, table=table)


def check_var(name: str, text: str | None = None) -> str:
    name = GREEK_SPELLING.get(name.strip(), name.strip())
    from .lexer import GREEK

    name = GREEK.get(name, name)
    if not _VAR_RE.match(name):
        raise UsageError(f"{name!r} is not a variable name", hint="write -x x, or -x theta")
    return name


def resolve_wrt(reading: Reading, wrt=None, order: int = 1) -> tuple[str, ...]:
    """The variables to differentiate by, one per differentiation, in order."""
    if order < 1:
        raise UsageError(f"the order must be at least 1, got {order}")
    if order > 100:
        raise UsageError(f"the order must be at most 100, got {order}")
    free = reading.expr.free
    if reading.wrt is not None:  # the input carries its own request
        wrt_list = list(reading.wrt)
        if not wrt_list:
            wrt_list = list(_only_variable(reading))
    elif wrt:
        wrt_list = [check_var(v) for v in wrt]
        wrt_list += [wrt_list[-1]] * (order - 1)
    else:
        wrt_list = list(_only_variable(reading)) * order
    for v in dict.fromkeys(wrt_list):
        if v not in free and free and reading.wrt is not None:
            # written in the input (d/dt, ∂/∂z, diff(f, t)): the person meant it; the
            # answer is 0, with a note in case it was a slip
            from .results import Note

            reading.notes.append(Note(
                "constant", f"{v} does not occur in {to_plain(reading.expr)}: "
                f"the derivative with respect to {v} is 0", 0, len(reading.text)))
        elif v not in free and free:
            raise UsageError(
                f"{v!r} does not occur in {to_plain(reading.expr)}",
                hint=f"its variables are {', '.join(natural_order(free))}",
            )
    return tuple(wrt_list)


def _only_variable(reading: Reading) -> tuple[str]:
    free = natural_order(reading.expr.free)
    if len(free) == 1:
        return (free[0],)
    if not free:
        return ("x",)
    raise UsageError(
        f"the expression has {len(free)} variables ({', '.join(free)}); "
        "say which one with --wrt",
        hint=f"for example: -x {free[0]}   (or grad for all partial derivatives)",
    )


def simplify_expr(e: Expr, mode: str = "basic") -> Expr:
    if mode == "none":
        return e
    from .simplify import simplify

    result = simplify(e)
    if mode == "full":
        from .sympy_bridge import simplify_full

        result = simplify_full(result)
    return result


def final_answer(step: Step, f: Expr, var: str, mode: str, table=None,
                 reading: Reading | None = None) -> Step:
    """The last step of the trace: the simplification of ``step`` (the derivative of ``f``
    by ``var``) to the final answer, computed once here and only read afterwards.

    When ``f`` is constant in disguise -- ``sqrt((x - x)*sec(x))``, ``|x - x|`` -- the rules'
    output divides by zero (``1/(2*sqrt(0))*0``). Then ``f`` itself is simplified and
    differentiated again: a constant gives 0, with a note on the reading."""
    start = step.result if mode != "none" else step.raw
    try:
        return simplification(step, start, simplify_expr(start, mode))
    except DomainError:
        from .engine import Engine
        from .results import Note
        from .simplify import simplify

        g = simplify(f)  # a DomainError here is the input's own (1/(x - x)): it propagates
        if g == f:
            raise
        if reading is not None:
            reading.notes.append(Note(
                "constant", f"{to_plain(f)} simplifies to {to_plain(g)}; the rules' form of "
                f"its derivative divides by zero, so the answer is that of {to_plain(g)}",
                0, len(reading.text)))
        if var not in g.free:
            return simplification(step, start, Num(0))
        return simplification(step, start, simplify_expr(Engine(var, table).d(g).result, mode))


def parse_point(at, reading_vars=None) -> dict[str, Expr]:
    """``"x=1,y=2"`` or a dict -> {name: exact Expr}."""
    if at is None:
        return {}
    items: list[tuple[str, object]] = []
    if isinstance(at, dict):
        items = list(at.items())
    else:
        for chunk in _split_top(at):
            if not chunk.strip():
                continue
            if "=" not in chunk:
                raise UsageError(f"--at expects name=value pairs, got {chunk.strip()!r}",
                                 hint="for example --at x=1,y=2")
            name, value = chunk.split("=", 1)
            items.append((name, value))
    point: dict[str, Expr] = {}
    for name, value in items:
        name = check_var(str(name))
        if isinstance(value, Expr):
            point[name] = value
        elif isinstance(value, (int, Fraction)):
            point[name] = Num(value)
        elif isinstance(value, float):
            point[name] = Num(Fraction(str(value)))
        else:
            try:
                v = parse(str(value)).expr
            except CalcdiffError as exc:
                raise UsageError(f"--at {name}={value}: {exc.message}") from None
            if v.free:
                raise UsageError(f"--at {name}={value}: the value must be a number")
            point[name] = v
    return point


def _split_top(text: str) -> list[str]:
    """Split on commas that are not inside brackets (so --at x=log(2, 3) works)."""
    out, depth, cur = [], 0, []
    for c in text:
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        if c == "," and depth == 0:
            out.append("".join(cur))
            cur = []
        else:
            cur.append(c)
    out.append("".join(cur))
    return out


def user_functions(table) -> dict | None:
    if table is None:
        return None
    from .table import _user_functions

    return _user_functions(table) or None


def value_at(e: Expr, point: dict[str, Expr], mode: str = "basic", table=None
             ) -> tuple[Expr, float]:
    """The exact value (simplified) and a float of ``e`` at ``point``."""
    from .evaluate import evaluate

    missing = sorted(e.free - point.keys())
    if missing:
        raise UsageError(f"--at gives no value for {', '.join(missing)}")
    env = {k: evaluate(v, {}) for k, v in point.items()}
    f = evaluate(e, env, user_functions(table))
    return exact_at(e, point, mode), f


def exact_at(e: Expr, point: dict[str, Expr], mode: str = "basic") -> Expr:
    """``e`` at the point, exactly: substituted, special values folded, simplified."""
    from .build import fold_calls, substitute

    folded = fold_calls(simplify_expr(substitute(e, point), "basic" if mode == "none" else mode))
    return simplify_expr(folded, "basic" if mode == "none" else mode)


def check_domain(e: Expr, point: dict[str, Expr], what: str, table=None) -> None:
    """Raise DomainError when ``e`` is undefined at the point (ln x at -1, 1/x at 0)."""
    from .build import substitute
    from .evaluate import evaluate
    from .table import builtin_table

    env = {k: evaluate(v, {}) for k, v in point.items()}
    extra = user_functions(table)
    table = table or builtin_table()
    from .nodes import Call, walk

    for node in walk(e):
        if type(node) is Call:
            rule = table.functions.get(node.func)
            if rule is None or rule.domain is None or node.func in ("abs", "relu", "heaviside"):
                continue
            if rule.id in ("d-sqrt", "d-cbrt", "d-root"):
                continue  # defined on the boundary; the derivative check below catches 0
            mapping = {"u": node.args[0]}
            try:
                u_val = evaluate(node.args[0], env, extra)
            except DomainError:
                continue
            ok = _condition_holds(rule, u_val, env)
            if not ok:
                shown = ", ".join(f"{k} = {to_plain(v)}" for k, v in point.items())
                conds = " and ".join(
                    f"{to_plain(substitute(a, mapping))} {op} {to_plain(substitute(b, mapping))}"
                    for a, op, b in rule.domain.parts
                )
                raise DomainError(f"{to_plain(node)} is not defined at {shown} ({what} needs {conds})")
    try:
        evaluate(e, env, extra)
    except DomainError as exc:
        shown = ", ".join(f"{k} = {to_plain(v)}" for k, v in point.items())
        raise DomainError(f"{what} is undefined at {shown}: {exc.message}") from None


def _condition_holds(rule, u_val: float, env) -> bool:
    from .evaluate import evaluate

    for lhs, op, rhs in rule.domain.parts:
        a = evaluate(lhs, {"u": u_val})
        b = evaluate(rhs, {"u": u_val})
        ok = {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b, "!=": a != b}[op]
        if not ok:
            return False
    return True


def derive(expr, wrt=None, order: int = 1, *, vars=None, at=None, simplify: str = "basic",
           table=None, lets=None, check: bool = False) -> Derivation:
    """Differentiate ``expr`` (text, a Reading or a tree) and show the work.

    ``wrt``: a variable or list of variables (a mixed partial in that order); ``order``
    repeats the last one. ``at``: ``"x=1,y=2"`` or a dict, for the exact and decimal value.
    """
    if simplify not in SIMPLIFY_MODES:
        raise UsageError(f"--simplify must be one of {', '.join(SIMPLIFY_MODES)}")
    if isinstance(wrt, str):
        wrt = [wrt]
    d = call_deep(_derive, expr, wrt, order, vars, at, simplify, table, lets)
    if check:
        from .check import check_derivation

        d.check = call_deep(check_derivation, d, table)
    return d


def locate_zero_division(reading: Reading, error: DomainError) -> DomainError:
    """``error`` pointed at the denominator of the input that is zero in disguise
    (``x/(2 - 2)``, ``1/(x - x)``), the input echoed with a caret under it."""
    from .simplify import simplify

    if error.start is not None:
        return error
    for node in walk(reading.expr):
        t = type(node)
        den = node.den if t is Div else (
            node.base if t is Pow and type(node.exp) is Num and node.exp.value < 0 else None)
        if den is None or id(den) not in reading.spans:
            continue
        try:
            zero = simplify(den) == Num(0)
        except DomainError:
            zero = False
        if zero:
            start, end = reading.spans[id(den)]
            return DomainError(f"division by zero: {to_plain(den)} is 0", reading.text, start,
                               end, hint="the expression is undefined for every value")
    error.text = error.text or reading.text
    return error


def _derive(expr, wrt, order, vars, at, simplify, table, lets=None) -> Derivation:
    reading = read(expr, vars=vars, table=table)
    try:
        derivation = _derive_reading(reading, wrt, order, vars, at, simplify, table, lets)
    except DomainError as exc:
        raise locate_zero_division(reading, exc) from None
    if simplify != "none" and not derivation.result.free and any(
            type(n) is Div or type(n) is Pow for n in walk(reading.expr)):
        # a constant answer from an expression with a division: make sure the expression
        # is defined at all (1/(x - x) differentiates to 0 by the rules)
        from .simplify import simplify as simp

        try:
            simp(reading.expr)
        except DomainError as exc:
            raise locate_zero_division(reading, exc) from None
    return derivation


def _derive_reading(reading, wrt, order, vars, at, simplify, table, lets=None) -> Derivation:
    from .engine import Engine

    defs = None
    if lets:
        from .multivar import expand_lets, parse_lets

        defs = parse_lets(lets, vars=vars, table=table)
        expanded = Reading(reading.text, expand_lets(reading.expr, defs), reading.notes,
                           reading.spans, reading.wrt)
        variables = resolve_wrt(expanded, wrt, order)
    else:
        variables = resolve_wrt(reading, wrt, order)
    point = parse_point(at)
    if point:
        base = expanded.expr if defs else reading.expr
        check_domain(base, point, to_plain(base), table)
    derivation = Derivation(
        input=reading.text, reading=reading, wrt=variables, simplify_mode=simplify
    )
    current = reading.expr
    for k, var in enumerate(variables):
        if defs and k == 0 and current.free & defs.keys():
            from .multivar import chain_derive, expand_lets

            step, _ = chain_derive(reading, var, defs, simplify, table)
            final = final_answer(step, expand_lets(current, defs), var, simplify, table,
                                 reading)
            derivation.parts.append(Differentiation(var, step, final))
            current = final.result
            continue
        if defs:
            current = expand_lets(current, defs)
        step: Step = Engine(var, table).d(current)
        final = final_answer(step, current, var, simplify, table, reading)
        derivation.parts.append(Differentiation(var, step, final))
        current = final.result
    if point:
        derivation.at = point
        check_domain(derivation.result, point, "the derivative", table)
        derivation.value, derivation.value_float = value_at(derivation.result, point, simplify,
                                                            table)
    return derivation


def _float_or_none(v: float):
    return v if math.isfinite(v) else None


__all__ = ["derive", "read", "natural_order", "parse_point", "value_at", "simplify_expr"]
_ = Sym
