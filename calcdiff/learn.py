"""From gradients to learning: directional derivatives, gradient descent, and
backpropagation node by node on the user's own expression."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .api import exact_at, natural_order, parse_point, read, simplify_expr, value_at
from .build import add, div, fold_calls, mul, power, substitute
from .deep import call_deep
from .errors import CalcdiffError, DomainError, UsageError
from .evaluate import evaluate
from .nodes import Add, Call, Const, Div, Expr, Mul, Neg, Num, Pow, Sym
from .parser import Reading, parse
from .printer import to_plain

# ---------------------------------------------------------------------------------------------
# directional derivative


@dataclass
class Directional:
    direction: list[Expr]
    unit: list[Expr]
    directional: Expr
    directional_float: float
    steepest: list[Expr]  # ∇f(a)/|∇f(a)| (empty where the gradient vanishes)
    steepest_rate: Expr
    steepest_rate_float: float


def directional(gradient_values: list[Expr], direction, table=None) -> Directional:
    """∇f(a)·u/|u| from the gradient's exact values at the point."""
    from .parser import parse as parse_text

    if isinstance(direction, str):
        parts = [p for p in direction.split(",")]
    else:
        parts = list(direction)
    vec: list[Expr] = []
    for p in parts:
        if isinstance(p, Expr):
            vec.append(p)
            continue
        try:
            e = parse_text(str(p)).expr
        except CalcdiffError as exc:
            raise UsageError(f"--direction {direction}: {exc.message}") from None
        if e.free:
            raise UsageError(f"--direction must be numbers, got {p!r}")
        vec.append(e)
    if len(vec) != len(gradient_values):
        raise UsageError(f"--direction has {len(vec)} components; the gradient has "
                         f"{len(gradient_values)}")
    norm2 = simplify_expr(add(*[power(v, Num(2)) for v in vec]))
    if evaluate(norm2, {}) == 0:
        raise UsageError("the direction vector is zero: it has no direction",
                         hint="give a nonzero vector, for example --direction 1,1")
    norm = simplify_expr(Call("sqrt", (norm2,)))
    unit = [simplify_expr(div(v, norm)) for v in vec]
    dot = simplify_expr(div(add(*[mul(g, v) for g, v in zip(gradient_values, vec)]), norm))
    g2 = simplify_expr(add(*[power(g, Num(2)) for g in gradient_values]))
    g2f = evaluate(g2, {}, table)
    rate = simplify_expr(Call("sqrt", (g2,)))
    steepest = [] if g2f == 0 else [simplify_expr(div(g, rate)) for g in gradient_values]
    return Directional(vec, unit, dot, evaluate(dot, {}, table), steepest, rate, math.sqrt(g2f))


# ---------------------------------------------------------------------------------------------
# gradient descent


@dataclass
class Iteration:
    k: int
    point: list[float]
    value: float
    gradient: list[float]
    step: list[float]


@dataclass
class Descent:
    reading: Reading
    vars: list[str]
    gradient: list[Expr]
    partials: list  # Derivations of each partial
    lr: str
    lr_float: float
    start: list[float]
    iterations: list[Iteration] = field(default_factory=list)
    converged: bool = False
    diverged: bool = False
    tol: float = 1e-8

    @property
    def input(self) -> str:
        return self.reading.text

    @property
    def final(self) -> list[float]:
        return self.iterations[-1].point if self.iterations else self.start


def descend(expr, start, lr="0.1", iterations: int = 1000, tol: float = 1e-9, vars=None,
            simplify: str = "basic", table=None) -> Descent:
    """Gradient descent: x_{k+1} = x_k − lr·∇f(x_k), the gradient derived once, symbolically."""
    return call_deep(_descend, expr, start, lr, iterations, tol, vars, simplify, table)


def _descend(expr, start, lr, iterations, tol, vars, simplify, table) -> Descent:
    from .multivar import grad

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


@dataclass
class GraphNode:
    id: str
    expr: Expr
    op: str
    inputs: list[str]  # ids of input nodes or variable names
    value: Expr
    value_float: float
    local: dict[str, Expr]  # ∂node/∂input at the point
    local_rules: dict[str, str]
    grad: Expr = Num(0)
    grad_float: float = 0.0
    name: str | None = None  # a --let name


@dataclass
class Backprop:
    reading: Reading
    at: dict
    nodes: list[GraphNode]
    inputs: list[str]
    gradient: dict[str, Expr]
    gradient_float: dict[str, float]
    value: Expr
    value_float: float

    @property
    def input(self) -> str:
        return self.reading.text


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
    from .engine import Engine
    from .multivar import expand_lets, parse_lets

    reading = read(expr, vars=vars, table=table, allow_request=False)
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
        from .nodes import rebuild

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


__all__ = ["directional", "descend", "backprop"]
_ = (Div, Pow, value_at)
