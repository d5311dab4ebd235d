"""``--let``: named intermediate expressions, and the multivariable chain rule over them
(dz/dt = ∂z/∂t + Σ ∂z/∂uₖ · duₖ/dt), as used by derive, grad and backprop."""

from __future__ import annotations

import re
from dataclasses import replace

from calcdiff import undefined as unknown
from calcdiff.algebra.build import substitute, tidy_product, tidy_sum
from calcdiff.commands.request import natural_order, read, simplify_expr
from calcdiff.commands.variables import check_var
from calcdiff.deriving.engine import Engine
from calcdiff.deriving.statements import chain_statement
from calcdiff.deriving.steps import Step
from calcdiff.errors import CalcdiffError, UsageError
from calcdiff.read.parser import parse
from calcdiff.read.reading import Note, Reading
from calcdiff.tree.nodes import Call, Expr, bottom_up, rebuild
from calcdiff.tree.printer import to_plain


CONSTANT_NAMES = {"e": "Euler's number", "E": "Euler's number", "pi": "π"}


def let_names(lets, vars=None) -> frozenset:
    """The names that ``--let`` defines: the expressions read them as variables (``loss``
    is one name, not l·o·s·s; ``e`` defined by --let is not Euler's number)."""
    names = set()
    for item in lets or ():
        if "=" in item:
            name = item.split("=", 1)[0].strip()
            try:
                names.add(check_var(name))
            except CalcdiffError:
                pass  # reported by parse_lets
    return frozenset(names)


def parse_lets(lets, vars=None, table=None) -> dict[str, Reading]:
    """``["u=cos t", "v=sin t"]`` -> {name: Reading}; rejects cycles and bad definitions."""

    defs: dict[str, Reading] = {}
    names = let_names(lets)
    for item in lets or ():
        if is_function_let(item):
            continue  # f(x)=3x: a function, see function_lets
        if "=" not in item:
            raise UsageError(f"--let expects name=expression, got {item!r}",
                             hint='for example --let "u=cos t"')
        name, text = item.split("=", 1)
        try:
            name = check_var(name)
        except CalcdiffError:
            raise UsageError(f"--let {item!r}: {name.strip()!r} is not a variable name") from None
        if name in CONSTANT_NAMES and not (vars and name in vars):
            raise UsageError(
                f"--let {name}=…: {name} is {CONSTANT_NAMES[name]}; a definition may not "
                "shadow it", hint="choose another name, or pass --vars with it to make it a "
                "variable")
        if name in defs:
            raise UsageError(f"--let defines {name!r} twice")
        if not text.strip():
            raise UsageError(f"--let {item!r}: the definition is empty")
        try:
            reading = parse(text, vars=vars, table=table, names=names)
        except CalcdiffError as exc:
            exc.message = f"--let {name}: {exc.message}"
            raise
        if name in reading.expr.free:
            raise UsageError(f"--let {name}={text.strip()} refers to itself")
        defs[name] = reading
    # cycles: depth-first search over the definitions
    state: dict[str, int] = {}

    def visit(n, path):
        if state.get(n) == 1:
            cycle = " -> ".join(path + [n])
            raise UsageError(f"the --let definitions form a cycle: {cycle}")
        if state.get(n) == 2 or n not in defs:
            return
        state[n] = 1
        for m in natural_order(defs[n].expr.free):
            visit(m, path + [n])
        state[n] = 2

    for n in defs:
        visit(n, [])
    return defs


# --let "f(x)=3x", --let "g(u, v)=u v": a function with its parameters
_FUNCTION_LET = re.compile(r"^\s*([^\W\d]\w*)\s*\(([^()=]*)\)\s*=")


def is_function_let(item: str) -> bool:
    return _FUNCTION_LET.match(item) is not None


def function_lets(lets, vars=None, table=None) -> dict[str, tuple[tuple[str, ...], Reading]]:
    """The function definitions among ``lets``: {name: (parameters, body)}."""
    out: dict[str, tuple[tuple[str, ...], Reading]] = {}
    for item in lets or ():
        m = _FUNCTION_LET.match(item)
        if not m:
            continue
        name = m.group(1)
        params = tuple(check_var(p) for p in m.group(2).split(",") if p.strip())
        if not params or len(set(params)) != len(params):
            raise UsageError(f"--let {item!r}: the parameters must be distinct names",
                             hint='for example --let "f(x)=3x"')
        if name in out:
            raise UsageError(f"--let defines {name!r} twice")
        body_text = item[m.end():]
        if not body_text.strip():
            raise UsageError(f"--let {item!r}: the definition is empty")
        try:
            body = parse(" " * m.end() + body_text, vars=vars, table=table)
        except CalcdiffError as exc:
            exc.message = f"--let {name}: {exc.message}"
            raise
        out[name] = (params, body)
    return out


def apply_function_lets(reading: Reading, defs, table=None) -> Reading:
    """``reading`` with every call of a defined function replaced by its body at the
    arguments (``f'(x)``, ``f''(x)`` by the body's derivative), with a note per function."""
    notes = list(reading.notes)
    used: set[str] = set()

    def visit(node, kids):
        if type(node) is Call:
            parts = unknown.split(node.func)
            if parts is not None and parts[0] in defs:
                base, primes, indices = parts
                params, body = defs[base]
                if len(params) != len(kids):
                    raise UsageError(f"{base} is defined with {len(params)} parameter"
                                     f"{'s' if len(params) > 1 else ''} (--let), applied to "
                                     f"{len(kids)}")
                e = body.expr
                for p in [params[0]] * primes + [params[i - 1] for i in indices]:
                    e = simplify_expr(Engine(p, table).d(e).result, "basic", table)
                used.add(base)
                return substitute(e, dict(zip(params, kids)))
        return rebuild(node, kids) if kids else node

    # each body stays one factor or term ((3*x)*sin(x)), so the rules bind the user's f and g
    expr = bottom_up(reading.expr, visit)
    for name in sorted(used):
        params, body = defs[name]
        notes.append(Note("let", f"{name}({', '.join(params)}) = {body.plain} (--let) "
                          "substituted", 0, len(reading.text)))
    return replace(reading, expr=expr, notes=notes, short_way=False)  # a body may hold calls


def with_function_lets(reading: Reading, lets, vars=None, table=None) -> tuple[Reading, list]:
    """``reading`` with the functions ``lets`` define substituted, and the other lets (the
    named sub-expressions, ``--let "u=2x"``) left to the caller; the reading records every
    one as typed (their decimals switch the decimal view)."""
    if lets:
        reading = replace(reading, lets=tuple(lets))
    functions = function_lets(lets, vars=vars, table=table)
    if not functions:
        return reading, list(lets or ())
    return (apply_function_lets(reading, functions, table),
            [item for item in lets if not is_function_let(item)])


def read_lets(expr, lets, vars=None, table=None, names=frozenset(), allow_request=False):
    """``expr`` as the commands without a chain rule of their own read it with ``--let``
    (tangent, limit, taylor, descend, newton, grad, hessian, jacobian): each definition
    substituted (``--let λ=0.1`` holds λ at 0.1 while descend trains w; ``--let u=x^2`` makes
    u² a function of x), with a note; the input's text stays as typed. ``expr`` itself where
    there is no definition."""
    if not lets:
        return expr
    reading = read(expr, vars=vars, table=table, allow_request=allow_request,
                   names=let_names(lets) | names)
    reading, lets = with_function_lets(reading, lets, vars, table)  # --let "f(x)=x^2"
    defs = parse_lets(lets, vars=vars, table=table) if lets else {}
    if not defs:
        return reading
    expanded = expand_lets(reading.expr, defs)
    said = ", ".join(" = ".join(part.strip() for part in item.split("=", 1)) for item in lets
                     if not is_function_let(item))  # as typed: λ = 0.1, not lamda = 1/10
    note = Note("let", f"{said} substituted (--let): {to_plain(expanded)}", 0, len(reading.text))
    return replace(reading, expr=expanded, notes=[*reading.notes, note])


def expand_lets(e: Expr, defs: dict[str, Reading]) -> Expr:
    """Substitute every definition until no defined name remains."""
    mapping = {k: r.expr for k, r in defs.items()}
    for _ in range(len(defs) + 1):
        if not (e.free & mapping.keys()):
            return e
        e = substitute(e, mapping)
    return e


def chain_derive(reading: Reading, var: str, defs: dict[str, Reading], simplify="basic",
                 table=None) -> tuple[Step, Expr]:
    """dz/dt = ∂z/∂t + Σ ∂z/∂uₖ · duₖ/dt over the definitions, recursively."""

    memo: dict[str, tuple[Step, Expr]] = {}
    # the statements' letters avoid every name the user gave (the expression's and --let's)
    taken = frozenset(defs) | reading.expr.free

    def total(expr: Expr, label: Expr) -> tuple[Step, Expr]:
        inner = [n for n in natural_order(expr.free) if n in defs]
        direct = Engine(var, table, taken).d(expr) if var in expr.free else None
        if not inner:
            step = direct or Engine(var, table, taken).d(expr)
            return step, step.result
        subs: list[Step] = []
        terms: list[Expr] = []
        bindings = []
        if direct is not None:
            subs.append(direct)
            terms.append(expand_lets(direct.result, defs))
        for name in inner:
            partial = Engine(name, table, taken).d(expr)
            if name not in memo:
                memo[name] = total(defs[name].expr, defs[name].expr)
            dstep, dres = memo[name]
            subs += [partial, dstep]
            terms.append(tidy_product(expand_lets(partial.result, defs), dres))
            bindings.append((name, defs[name].expr))
        substituted = tidy_sum(*terms)
        full_expr = expand_lets(label, defs)
        # one path (z through u alone) is the chain rule dz/du·du/dt; several, the
        # multivariable chain rule
        rule = "intermediate-chain" if len(inner) == 1 and direct is None else (
            "multivariable-chain")
        statement = chain_statement(var, inner, direct is not None, taken | full_expr.free)
        step = Step(rule, full_expr, var, substituted, substituted, tuple(bindings),
                    tuple(subs), (), statement, bool(full_expr.free - {var}))
        return step, substituted

    return total(reading.expr, reading.expr)
