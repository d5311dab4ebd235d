"""Backpropagation node by node on the user's own expression: the forward pass, each node's
local derivatives, the backward pass, δ = ∂L/∂z for every neuron, an optional update step
w ← w − η·∂L/∂w, and an optional check against central differences."""

from __future__ import annotations

import math

from calcdiff.algebra.build import add, mul, substitute
from calcdiff.algebra.values import fold_calls
from calcdiff.algebra.evaluate import evaluate
from calcdiff.commands.lets import expand_lets, let_names, parse_lets, with_function_lets
from calcdiff.commands.request import (exact_at, kinked, read_to_evaluate, require_values,
                                       simplify_expr)
from calcdiff.commands.points import parse_point, point_names
from calcdiff.deep import call_deep
from calcdiff.deriving.engine import Engine
from calcdiff.errors import DomainError, FloatOverflow, NegativeBase, UsageError
from calcdiff.names import natural_order
from calcdiff.commands.numbers import parse_rate, wrote_decimals
from calcdiff.results_learn import Backprop, GraphNode, Update
from calcdiff.tree.nodes import LEAVES, Add, Call, Div, Expr, Mul, Neg, Num, Pow, Sym, rebuild
from calcdiff.read.definitions import spelled_names
from calcdiff.read.rule_exprs import builtin_table
from calcdiff.read.reading import Note
from calcdiff.tree.decimals import scientific_text
from calcdiff.tree.printer import to_plain

CHECK_H = 1e-6  # the central difference's step for --check
CHECK_TOL = 1e-6  # relative agreement --check asks for


def _op(e: Expr) -> str:
    t = type(e)
    if t is Call:
        return e.func
    return {Add: "add", Mul: "mul", Div: "div", Pow: "pow", Neg: "neg"}[t]


def _is_leaf(e: Expr) -> bool:
    return type(e) in LEAVES


def backprop(expr, at, lets=None, vars=None, simplify: str = "basic", table=None,
             lr=None, params=None, check: bool = False) -> Backprop:
    """The expression as a computational graph: forward values, local derivatives, and the
    backward pass (upstream gradient × local derivative, summed over every use). With ``lr``
    the update w ← w − lr·∂f/∂w of every parameter (``params``, else every input); with
    ``check`` each partial compared with a central difference."""
    return call_deep(_backprop, expr, at, lets, vars, simplify, table, lr, params, check)


def _post_order(root: Expr) -> list[Expr]:
    """Distinct non-leaf sub-expressions, inputs before their users (shared ones once)."""
    order: list[Expr] = []
    seen: set = set()
    stack = [(root, False)]
    while stack:
        node, ready = stack.pop()
        if _is_leaf(node) or (node in seen and not ready):
            continue
        if ready:
            if node not in seen:
                seen.add(node)
                order.append(node)
            continue
        stack.append((node, True))
        for c in reversed(node.children()):
            if not _is_leaf(c) and c not in seen:
                stack.append((c, False))
    return order


def _params(params, inputs: list[str]) -> list[str]:
    if params is None:
        return list(inputs)
    names = spelled_names(params, "--params")  # w₁, θ: as the expression spells them
    unknown = [p for p in names if p not in inputs]
    if unknown:
        raise UsageError(f"--params names {', '.join(unknown)}, which the expression does "
                         "not use")
    return names


_MODERATE = "choose a point where the values stay within the doubles (about ±1.8e308)"
_KINK = ("a kink (relu at 0, |u| at 0) has no derivative there: move the point a little "
         "(frameworks take relu′(0) = 0 by convention)")


def _at_kink(e: Expr, table) -> bool:
    """Whether the node ``e`` is a function with a kink or a jump at 0 (relu, abs, sign)."""
    rule = (table or builtin_table()).functions.get(e.func) if type(e) is Call else None
    return rule is not None and kinked(rule)


def _value(v: Expr) -> str:
    """A point's coordinate as an error names it: six digits where it prints long (1e-300,
    not its 301 digits)."""
    shown = to_plain(v)
    return shown if len(shown) <= 24 or type(v) is not Num else scientific_text(v.value)


def _backprop(expr, at, lets, vars, simplify, table, lr, params, check) -> Backprop:
    reading = read_to_evaluate(expr, vars=vars, table=table,
                               names=let_names(lets) | point_names(at))
    reading, lets = with_function_lets(reading, lets, vars, table)  # --let "f(x)=x^2"
    defs = parse_lets(lets, vars=vars, table=table) if lets else {}
    root = expand_lets(reading.expr, defs) if defs else reading.expr
    names_of = {}
    for name, r in defs.items():
        names_of.setdefault(expand_lets(r.expr, defs), name)
    if not root.free:  # backprop "3": a forward pass at no point, an empty gradient
        raise UsageError(f"{to_plain(root)} has no variables: there is no input for a "
                         "gradient to flow back to",
                         hint="give an expression of the variables in --at, e.g. (w*x - y)^2")
    point = parse_point(at)
    defined = [name for name in point if name in defs]
    if defined:
        name = defined[0]
        raise UsageError(f"--at gives {name} a value, but --let defines it ({name} = "
                         f"{defs[name].plain}): its value is computed from the others",
                         hint=f"leave {name} out of --at")
    require_values(root, point, table)
    unused = [k for k in point if k not in root.free]
    if unused:  # --at c=4 for w*x + b: said, not silently listed in the forward pass
        one = len(unused) == 1
        reading.notes.append(Note(
            "unused-point", f"{', '.join(unused)} {'does' if one else 'do'} not occur in "
            f"{to_plain(root)}: {'its value is' if one else 'their values are'} not used",
            0, len(reading.text)))
        point = {k: v for k, v in point.items() if k not in unused}
    given = list(point)
    inputs = [v for v in given if v in root.free] + natural_order(root.free - set(given))
    missing = [v for v in inputs if v not in point]
    if missing:
        raise UsageError(f"--at gives no value for {', '.join(missing)}")
    rate = parse_rate(lr, "--lr") if lr is not None else None
    chosen = _params(params, inputs)
    env = {k: evaluate(v, {}) for k, v in point.items()}
    order = _post_order(root)
    ids: dict[Expr, str] = {}
    unnamed = 0
    taken = set(names_of.values()) | set(inputs)
    for e in order:
        if e in names_of:
            ids[e] = names_of[e]
            continue
        unnamed += 1
        while f"n{unnamed}" in taken:
            unnamed += 1
        ids[e] = f"n{unnamed}"
    value_cache: dict[Expr, Expr] = {}
    float_cache: dict[Expr, float] = {}

    def ref(c: Expr) -> str | None:
        if type(c) is Sym:
            return c.name
        return None if _is_leaf(c) else ids[c]

    nodes: list[GraphNode] = []
    for e in order:
        try:
            exact = exact_at(e, point, table=table)
            fval = evaluate(e, env, table)
        except FloatOverflow as exc:  # exp(x) at 1000: defined, past the doubles
            raise DomainError(f"{to_plain(e)} is past the range of doubles at the point: "
                              f"{exc.message}", hint=_MODERATE) from None
        except DomainError as exc:
            raise DomainError(f"{to_plain(e)} is undefined at the point: {exc.message}") from None
        value_cache[e], float_cache[e] = exact, fval
        # local derivatives: replace each distinct non-constant input by a placeholder
        kids = [c for c in dict.fromkeys(e.children()) if ref(c) is not None]
        placeholders = {c: Sym(f"_p{j}") for j, c in enumerate(kids)}
        template = rebuild(e, [placeholders.get(c, c) for c in e.children()])
        at_inputs = {p.name: (value_cache[c] if not _is_leaf(c) else point[c.name])
                     for c, p in placeholders.items()}
        float_inputs = {p.name: (float_cache[c] if not _is_leaf(c) else env[c.name])
                        for c, p in placeholders.items()}
        # the node in terms of its inputs (n3 = n1 + n2): linear in the graph's size
        shown = rebuild(e, [c if _is_leaf(c) else Sym(ids[c]) for c in e.children()])
        local, local_float, rules = {}, {}, {}
        for c, p in placeholders.items():
            try:
                step = Engine(p.name, table).d(template)
            except NegativeBase as exc:  # (-2)^x: said in the graph's names, not _p0's
                exc.message = exc.message.replace(p.name, ref(c))
                raise
            try:
                local[ref(c)] = exact_at(step.result, at_inputs, table=table)
                local_float[ref(c)] = evaluate(step.result, float_inputs, table)
            except DomainError as exc:  # relu at 0: said in the graph's names
                # exact, only no double (1/x at 1e-300: -1e600): past the doubles' range
                exact = type(local.get(ref(c))) is Num  # (heaviside(0) is no value)
                past = isinstance(exc, FloatOverflow) or exact
                why = (f"its value, {_value(local[ref(c)])}, has no double" if exact
                       else exc.message.replace(p.name, ref(c)))
                raise DomainError(
                    f"the local derivative ∂{ids[e]}/∂{ref(c)} of {ids[e]} = {to_plain(shown)} "
                    f"is {'past the range of doubles' if past else 'undefined'} at the point "
                    f"({ref(c)} = {_value(at_inputs[p.name])}): {why}",
                    hint=_MODERATE if past else _KINK if _at_kink(e, table) else
                    "the point is on the edge of the function's domain, where its slope has no "
                    "finite value: move the point inside") from None
            rules[ref(c)] = step.rule
        node = GraphNode(ids[e], shown, _op(e), [ref(c) for c in kids], exact, fval,
                         local, rules, name=names_of.get(e))
        node.local_float = local_float
        nodes.append(node)
    # a neuron: an activation (a one-argument function) applied to a computed node z;
    # its δ is ∂f/∂z, as courses name it
    by_id = {n.id: n for n in nodes}
    for n in nodes:
        if n.op not in ("add", "mul", "div", "pow", "neg") and len(n.inputs) == 1 \
                and n.inputs[0] in by_id:
            by_id[n.inputs[0]].delta = True
    # backward: reverse topological order, summing over every use (exactly and in floats)
    grads: dict[str, Expr] = {n: Num(0) for n in [*ids.values(), *inputs]}
    gfloat: dict[str, float] = {n: 0.0 for n in grads}
    if nodes:
        grads[nodes[-1].id], gfloat[nodes[-1].id] = Num(1), 1.0
    for node in reversed(nodes):
        node.grad = simplify_expr(fold_calls(grads[node.id], table))
        node.grad_float = gfloat[node.id]
        for inp, loc in node.local.items():
            grads[inp] = add(grads[inp], mul(node.grad, loc))
            gfloat[inp] += node.grad_float * node.local_float[inp]
    gradient = {v: simplify_expr(fold_calls(grads[v], table)) for v in inputs}
    gradient_float = {v: gfloat[v] for v in inputs}
    if not nodes and type(root) is Sym:
        gradient, gradient_float = {root.name: Num(1)}, {root.name: 1.0}
    value = value_cache[order[-1]] if order else simplify_expr(substitute(root, point))
    out = Backprop(reading, point, nodes, inputs, gradient, gradient_float, value,
                   evaluate(root, env, table))
    out.decimals = wrote_decimals(at)
    if rate is not None:
        out.lr, out.lr_float = rate
        out.updates = [Update(p, env[p], gradient_float[p], env[p] - out.lr_float
                              * gradient_float[p]) for p in chosen]
        for u in out.updates:
            if not math.isfinite(u.new):
                raise FloatOverflow(
                    f"the update {u.name} ← {u.name} − η·∂f/∂{u.name} = {u.value:g} − "
                    f"{out.lr_float:g}·({u.grad:g}) overflows a double",
                    hint="take a smaller learning rate (--lr)")
    if check:
        out.check = [_central(root, env, v, gradient_float[v], table) for v in inputs]
    return out


def _central(root: Expr, env: dict, var: str, backprop_value: float, table):
    """(var, central difference, agrees): (f(v + h) − f(v − h))/2h with h = 1e-6·max(1, |v|)."""
    h = CHECK_H * max(1.0, abs(env[var]))
    try:
        up = evaluate(root, {**env, var: env[var] + h}, table)
        down = evaluate(root, {**env, var: env[var] - h}, table)
    except DomainError:
        return (var, None, False)
    numeric = (up - down) / (2 * h)
    ok = math.isclose(numeric, backprop_value, rel_tol=CHECK_TOL, abs_tol=CHECK_TOL)
    return (var, numeric, ok)


__all__ = ["backprop"]
