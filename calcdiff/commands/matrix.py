"""``grad`` of a matrix expression: read with shapes, differentiate, read the gradient off
the differential, state the layout. :mod:`calcdiff.matrix.routing` decides the routing from
``grad``."""

from __future__ import annotations

import re

from calcdiff.errors import ParseError, UsageError
from calcdiff.matrix.engine import (
    DifferentialMaker, jacobian_factor, trace_trick,
)
from calcdiff.matrix.nodes import ONE, SCALAR, T, Var, variables
from calcdiff.matrix.reader import Declarations, read_matrix, symbol_name
from calcdiff.matrix.simplify import diag_to_hadamard, simplify
from calcdiff.matrix.tokens import GREEK_NAMES
from calcdiff.read.rule_exprs import builtin_table
from calcdiff.results_matrix import LAYOUTS, MatrixGradient, MatrixPart


def matrix_grad(expr: str, wrt=None, matrix=(), vector=(), scalar=(), layout=None,
                simplify_level: str = "basic", table=None) -> MatrixGradient:
    """The gradient (or Jacobian) of a matrix expression, with steps.

    >>> str(matrix_grad("x^T A x", ["x"]))
    '(A + A^T)*x'
    """
    layout = layout or "denominator"
    if layout not in LAYOUTS:
        raise UsageError(f"unknown layout {layout!r}; the layouts are {', '.join(LAYOUTS)}")
    table = table or builtin_table()
    tree = read_matrix(expr, Declarations.read(matrix, vector, scalar), table)
    symbols = variables(tree)
    if not (matrix or vector or scalar) and _transposed_numbers(tree, symbols):
        names = ",".join([v.name for v in symbols] + ["T"])
        mark = re.search(r"\^\s*\{?\s*T|ᵀ", expr)
        raise ParseError("a transpose of a number, which is the number itself: every symbol "
                         "here is a number", expr, *(mark.span() if mark else (None, None)),
                         hint=f"for a power T, give the variables: --vars {names}; for a "
                         f"vector, declare it: --vector {symbols[0].name}:n" if symbols else
                         f"for a power T, give the variables: --vars {names}")
    by_name = {v.name: v for v in symbols}
    if not wrt:  # a Greek letter or a --scalar (λ, a label y) is held constant
        held = GREEK_NAMES | {symbol_name(s.partition(":")[0]) for s in scalar or ()}
        wrt = [v.name for v in symbols if v.kind != "scalar" or v.name not in held] or [
            v.name for v in symbols]
    result = MatrixGradient(expr, tree, symbols, layout)
    upstream = None
    if tree.shape != SCALAR:
        rows, cols = tree.shape
        # a row vector's upstream gradient is a column too (its Jacobian is the column's)
        shape = (cols, 1) if rows == 1 else tree.shape
        upstream = Var("g", "vector" if shape[1] == 1 else "matrix", shape)
        result.upstream = upstream
    for name in wrt:
        name = symbol_name(name)
        if name not in by_name:
            raise UsageError(f"{name} does not occur in {expr}",
                             hint=f"the symbols are {', '.join(by_name)}")
        result.parts.append(_part(tree, by_name[name], upstream, layout, simplify_level,
                                  table))
    return result


def _transposed_numbers(tree, symbols) -> bool:
    """Is ``tree`` all numbers with a transpose in it ((1 + r)^T: a power T, meant)?"""
    def has_t(e) -> bool:
        return isinstance(e, T) or any(map(has_t, e.children()))

    return all(v.kind == "scalar" for v in symbols) and has_t(tree)


def _part(tree, var: Var, upstream, layout: str, level: str, table) -> MatrixPart:
    step = DifferentialMaker(var, table).d(tree)
    # every level of --simplify gives the matrix normal form: the trace trick reads the
    # gradient off a simplified differential (the level is accepted for uniformity)
    df = simplify(step.rhs)
    seed = ONE if upstream is None else (
        T(upstream) if upstream.shape != tree.shape else upstream)
    steps, g = trace_trick(df, var, seed)
    tensor = False
    if upstream is None:
        kind = "gradient"
        g = simplify(diag_to_hadamard(g))
        answer = g if layout == "denominator" else simplify(T(g))
    else:
        m = jacobian_factor(g, upstream) if var.kind != "matrix" else None
        if m is not None and upstream.shape[1] == 1:
            kind = "jacobian"
            m = simplify(m)
            answer = m if layout == "denominator" else simplify(T(m))
        else:
            kind, answer = "vjp", simplify(diag_to_hadamard(g))
            tensor = var.kind == "matrix" or upstream.shape[1] != 1
    return MatrixPart(var, kind, step, df, steps, answer, layout, tensor)
