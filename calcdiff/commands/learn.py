"""From gradients to learning: gradient descent, and backpropagation node by node on the user's own expression."""

from __future__ import annotations

import math

from calcdiff.algebra.build import add, fold_calls, mul, substitute
from calcdiff.algebra.evaluate import evaluate
from calcdiff.commands.lets import expand_lets, let_names, parse_lets
from calcdiff.commands.multivar import grad
from calcdiff.commands.request import exact_at, parse_point, read, simplify_expr
from calcdiff.deep import call_deep
from calcdiff.deriving.engine import Engine
from calcdiff.errors import CalcdiffError, DomainError, UsageError
from calcdiff.names import natural_order
from calcdiff.read.parser import parse
from calcdiff.results_learn import Backprop, Descent, GraphNode, Iteration
from calcdiff.tree.nodes import Add, Call, Const, Div, Expr, Mul, Neg, Num, Pow, Sym, rebuild
from calcdiff.tree.printer import to_plain

# ---------------------------------------------------------------------------------------------
# gradient descent






def descend(expr, start, lr="0.1", iterations: int = 1000, tol: float = 1e-9, vars=None,
            simplify: str = "basic", table=None) -> Descent:
    """Gradient descent: x_{k+1} = x_k − lr·∇f(x_k), the gradient derived once, symbolically."""
    return call_deep(_descend, expr, start, lr, iterations, tol, vars, simplify, table)


def _descend(expr, start, lr, iterations, tol, vars, simplify, table) -> Descent:

    reading = read(expr, vars=vars, table=table, allow_request=False)
    point = parse_point(start)
    if not point:
        raise UsageError("give the starting point with --from, for example --from w=9")
    names = list(vars) if vars else natural_order(reading.expr.free | set(point))
    missing = [v for v in names if v not in point]
    if missing:
        raise UsageError(f"--from gives no starting value for {', '.join(missing)}")
    extra = [v for v in point if v not in names]
    if extra:
        raise UsageError(f"--from names {', '.join(extra)}, which the function does not use")
    g = grad(reading, vars=names, simplify=simplify, table=table)
    try:
        lr_expr = parse(str(lr)).expr
    except CalcdiffError as exc:
        raise UsageError(f"--lr {lr}: {exc.message}") from None
    if lr_expr.free or evaluate(lr_expr, {}) <= 0:
        raise UsageError(f"--lr must be a positive number, got {lr}")
    lr_f = evaluate(lr_expr, {})
    if iterations < 1 or iterations > 100_000:
        raise UsageError("--iterations must be between 1 and 100000")
    x = [evaluate(point[v], {}) for v in names]
    d = Descent(reading, names, g.gradient, g.partials, str(lr), lr_f, list(x), tol=tol)
    f = reading.expr
    for k in range(iterations + 1):
        env = dict(zip(names, x))
        try:
            value = evaluate(f, env, table)
            gvals = [evaluate(e, env, table) for e in g.gradient]
        except DomainError as exc:
            raise DomainError(f"iteration {k} left the domain at "
                              f"{', '.join(f'{n} = {v:.6g}' for n, v in env.items())}: "
                              f"{exc.message}") from None
        step = [-lr_f * gv for gv in gvals]
        d.iterations.append(Iteration(k, list(x), value, gvals, step))
        if not all(map(math.isfinite, [value, *gvals])) or max(map(abs, x)) > 1e150:
            d.diverged = True
            break
        if math.sqrt(sum(gv * gv for gv in gvals)) < tol:
            d.converged = True
            break
        if k == iterations:
            break
        x = [xi + si for xi, si in zip(x, step)]
    return d


# ---------------------------------------------------------------------------------------------
# backpropagation






def _op(e: Expr) -> str:
    t = type(e)
    if t is Call:
        return e.func
    return {Add: "add", Mul: "mul", Div: "div", Pow: "pow", Neg: "neg"}[t]


def backprop(expr, at, lets=None, vars=None, simplify: str = "basic", table=None) -> Backprop:
    """The expression as a computational graph: forward values, local derivatives, and the
    backward pass (upstream gradient × local derivative, summed over every use)."""
    return call_deep(_backprop, expr, at, lets, vars, simplify, table)


def _is_leaf(e: Expr) -> bool:
    return type(e) in (Sym, Num, Const)


def _backprop(expr, at, lets, vars, simplify, table) -> Backprop:

    reading = read(expr, vars=vars, table=table, allow_request=False, names=let_names(lets))
    defs = parse_lets(lets, vars=vars, table=table) if lets else {}
    root = expand_lets(reading.expr, defs) if defs else reading.expr
    names_of = {}
    for name, r in defs.items():
        names_of.setdefault(expand_lets(r.expr, defs), name)
    point = parse_point(at)
    inputs = natural_order(root.free)
    missing = [v for v in inputs if v not in point]
    if missing:
        raise UsageError(f"--at gives no value for {', '.join(missing)}")
    env = {k: evaluate(v, {}) for k, v in point.items()}
    # forward: post-order over distinct sub-expressions (shared ones become one node)
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
    ids: dict[Expr, str] = {}
    nodes: list[GraphNode] = []
    for i, e in enumerate(order, 1):
        ids[e] = names_of.get(e, f"n{i}")
    if not order:  # the expression is a single variable or constant
        order = []
    value_cache: dict[Expr, Expr] = {}

    def ref(c: Expr) -> str | None:
        if type(c) is Sym:
            return c.name
        if _is_leaf(c):
            return None
        return ids[c]

    for e in order:
        exact = exact_at(e, point, table=table)
        try:
            fval = evaluate(e, env, table)
        except DomainError as exc:
            raise DomainError(f"{to_plain(e)} is undefined at the point: {exc.message}") from None
        value_cache[e] = exact
        # local derivatives: replace each distinct non-constant input by a placeholder
        kids = [c for c in dict.fromkeys(e.children()) if ref(c) is not None]
        placeholders = {c: Sym(f"_p{j}") for j, c in enumerate(kids)}
        template = e

        template = rebuild(e, [placeholders.get(c, c) for c in e.children()])
        at_inputs = {p.name: (value_cache[c] if not _is_leaf(c) else point[c.name])
                     for c, p in placeholders.items()}
        local, rules = {}, {}
        for c, p in placeholders.items():
            step = Engine(p.name, table).d(template)
            local[ref(c)] = exact_at(step.result, at_inputs, table=table)
            rules[ref(c)] = step.rule
        # the node in terms of its inputs (n3 = n1 + n2): linear in the graph's size
        shown = rebuild(e, [c if _is_leaf(c) else Sym(ids[c]) for c in e.children()])
        nodes.append(GraphNode(ids[e], shown, _op(e), [ref(c) for c in kids], exact, fval,
                               local, rules, name=names_of.get(e)))
    # backward: reverse topological order, summing over every use
    grads: dict[str, Expr] = {n: Num(0) for n in [*ids.values(), *inputs]}
    if nodes:
        grads[nodes[-1].id] = Num(1)
    for node in reversed(nodes):
        node.grad = simplify_expr(fold_calls(grads[node.id], table))
        node.grad_float = evaluate(node.grad, {}, table)
        for inp, loc in node.local.items():
            grads[inp] = add(grads[inp], mul(node.grad, loc))
    gradient = {v: simplify_expr(fold_calls(grads[v], table)) for v in inputs}
    if not nodes and type(root) is Sym:
        gradient = {root.name: Num(1)}
    value = value_cache[order[-1]] if order else simplify_expr(substitute(root, point))
    return Backprop(reading, point, nodes, inputs, gradient,
                    {k: evaluate(v, {}, table) for k, v in gradient.items()}, value,
                    evaluate(root, env, table))


__all__ = ["descend", "backprop"]
