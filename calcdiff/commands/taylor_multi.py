"""Taylor polynomials in several variables: Σ over multi-indices |α| ≤ n of
∂^α f(a)/α! · (x − a)^α; to second order f(a) + ∇f(a)·(x − a) + ½(x − a)ᵀH(a)(x − a), the
gradient and the Hessian shown. One variable goes to :func:`calcdiff.commands.explore.taylor`."""

from __future__ import annotations

import math
import re
from itertools import combinations_with_replacement

from calcdiff.algebra.build import add, div, mul, negate, power, sub
from calcdiff.commands.differentiate import derive
from calcdiff.commands.differentiable import derivative_at, note_kink
from calcdiff.commands.explore import taylor as taylor_one
from calcdiff.commands.explore import with_decimals
from calcdiff.commands.lets import read_lets
from calcdiff.commands.request import check_domain, read, simplify_expr
from calcdiff.commands.points import inline_point, parse_point, said_point
from calcdiff.deep import call_deep
from calcdiff.errors import CalcdiffError, DomainError, UsageError
from calcdiff.names import natural_order
from calcdiff.read.own_request import as_typed, own_request, request_note
from calcdiff.read.reading import Note, Reading
from calcdiff.results_explore import TaylorMulti
from calcdiff.tree.brackets import leads_with_minus
from calcdiff.tree.nodes import Neg, Num, Sym
from calcdiff.tree.printer import to_plain

MAX_ORDER = 6  # in several variables (the number of terms grows as the order's power)


def taylor(expr, at, order: int | None = None, vars=None, simplify: str = "basic",
           table=None, *, lets=None):
    """The Taylor polynomial of ``order`` at the point: in one variable each coefficient
    f⁽ᵏ⁾(a)/k!; in several (``--at x=1,y=2``) the gradient, the Hessian and the quadratic
    model (order 2 when the order is not given below it)."""
    own = own_request(expr, "Taylor")  # the Taylor series of e^x about x = 0
    typed, expr = expr, own[0] if own else expr  # (its words blanked, every column kept)
    said = re.search(r"(?:degree|order)\s+([0-9]+)", own[1], re.I) if own else None
    order = int(said[1]) if said and order is None else order  # -n, given, wins
    try:
        inline = inline_point(expr, at, vars, lets)  # sin x at x = 0
        at = inline.at
        point = parse_point(at)
        expr = read_lets(inline.expr, lets, vars, table, frozenset(point))  # --let: first
        reading = read(expr, vars=vars, table=table, allow_request=False,
                       names=frozenset(point))
        if own and not point and "maclaurin" in own[1].lower() and len(
                reading.expr.free) == 1:  # a Maclaurin series: about 0
            at = f"{next(iter(reading.expr.free))}=0"
            point = parse_point(at)
        if len(point) <= 1 and len(reading.expr.free) <= 1:
            result = taylor_one(reading, at, 4 if order is None else order, vars, simplify,
                                table)
        else:
            result = with_decimals(call_deep(_taylor, reading, point,
                                             2 if order is None else order, simplify, table),
                                   at)
    except CalcdiffError as exc:
        if own:
            as_typed(exc, typed, own[0])
        raise
    said_point(result.reading, inline)
    if own and not inline.words and not inline.at and at:  # (the Maclaurin point, said)
        result.reading.notes.append(Note("evaluation-point", f"a Maclaurin series is about 0: "
                                         f"read as the point --at {at}", 0, len(typed)))
    if own:
        result.reading.text = typed
        result.reading.notes.insert(0, request_note(own[1], "Taylor polynomial", typed))
    return result


def _taylor(reading: Reading, point: dict, order: int, simplify: str, table) -> TaylorMulti:
    if order < 0 or order > MAX_ORDER:
        raise UsageError(f"in several variables the order must be between 0 and {MAX_ORDER}")
    names = [v for v in point] + natural_order(reading.expr.free - set(point))
    missing = [v for v in names if v not in point]
    if missing:
        raise UsageError(f"--at gives no value for {', '.join(missing)}")
    unused = [v for v in point if v not in reading.expr.free]
    if unused:
        raise UsageError(f"--at names {', '.join(unused)}, which the function does not use")
    check_domain(reading.expr, point, reading.plain, table)
    # every partial derivative up to the order, each from one of one order lower
    derivs = {(): reading.expr}
    for k in range(1, order + 1):
        for idx in combinations_with_replacement(range(len(names)), k):
            lower = derivs[idx[:-1]]
            if names[idx[-1]] not in lower.free:
                derivs[idx] = Num(0)
                continue
            d = derive(Reading(to_plain(lower), lower), [names[idx[-1]]], 1,
                       simplify=simplify, table=table)
            derivs[idx] = d.result
    values = {}
    for idx, e in derivs.items():
        try:
            chain = [derivs[idx[:m]] for m in range(len(idx))]
            values[idx], _, note = derivative_at(chain, [names[i] for i in idx], e, point,
                                                 table=table,
                                                 what="a derivative of order " + str(len(idx)))
        except DomainError as exc:
            raise DomainError(f"the Taylor polynomial does not exist here: {exc.message}",
                              hint=exc.hint) from None
        note_kink(reading, note)
    shift = [Sym(v) if type(point[v]) is Num and point[v].value == 0 else sub(Sym(v), point[v])
             for v in names]
    terms = []
    for k in range(order + 1):
        parts = []
        for idx in combinations_with_replacement(range(len(names)), k):
            c = values[idx]
            if type(c) is Num and c.value == 0:
                continue
            # α! and the multinomial count of this index's orderings cancel to 1/α!
            counts = [idx.count(i) for i in range(len(names))]
            factorial = math.prod(math.factorial(n) for n in counts)
            factors = [power(shift[i], Num(n)) for i, n in enumerate(counts) if n]
            minus = bool(parts) and leads_with_minus(c)  # x**2*y/2 - 1/6*y**3, not + (-1/6*y**3)
            term = mul(div(negate(c) if minus else c, Num(factorial)), *factors)
            parts.append(Neg(term) if minus else term)
        if parts:
            terms.append((k, add(*parts)))  # in powers of (x − a), as the formula reads
    polynomial = simplify_expr(add(*[t for _, t in terms])) if terms else Num(0)
    n = len(names)
    gradient = [derivs[(i,)] for i in range(n)] if order >= 1 else []
    gradient_at = [values[(i,)] for i in range(n)] if order >= 1 else []

    def key(i, j):
        return (min(i, j), max(i, j))

    hessian = [[derivs[key(i, j)] for j in range(n)] for i in range(n)] if order >= 2 else []
    hessian_at = [[values[key(i, j)] for j in range(n)] for i in range(n)] if order >= 2 else []
    return TaylorMulti(reading, names, point, order, values[()], gradient, gradient_at, hessian,
                       hessian_at, terms, polynomial)


__all__ = ["taylor"]
