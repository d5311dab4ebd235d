"""Several variables: partial derivatives, gradient, Hessian, Jacobian, and the
multivariable chain rule for ``--let`` definitions (a small computation graph).

Everything here is built from :func:`calcdiff.api.derive` on already-parsed trees, so each
partial derivative carries its own derivation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from .api import check_domain, final_answer, natural_order, parse_point, read, value_at
from .build import add, mul, substitute
from .deep import call_deep
from .errors import CalcdiffError, UsageError
from .nodes import Expr, Num
from .parser import Reading, parse
from .printer import to_plain
from .steps import Derivation, Differentiation, Step


@dataclass
class Gradient:
    reading: Reading
    vars: list[str]
    partials: list[Derivation]
    at: dict | None = None
    values: list[Expr] | None = None
    floats: list[float] | None = None
    directional: object = None  # learn.Directional with --direction

    @property
    def input(self) -> str:
        return self.reading.text

    @property
    def gradient(self) -> list[Expr]:
        return [p.result for p in self.partials]

    def _repr_markdown_(self) -> str:  # Jupyter: the partial derivations, then the gradient
        from .render import render

        return render(self, "markdown")

    def _repr_latex_(self) -> str:
        from .render.latex import latex_expr

        return "$$\\nabla f = \\left(" + ",\\ ".join(latex_expr(e) for e in self.gradient) \
            + "\\right)$$"


@dataclass
class Matrix:
    """A Hessian (one function) or a Jacobian (several): entries with their derivations."""

    kind: str  # "hessian" | "jacobian"
    readings: list[Reading]
    vars: list[str]
    entries: list[list[Derivation]]
    symmetric_notes: list[str] = field(default_factory=list)
    at: dict | None = None
    values: list[list[Expr]] | None = None
    floats: list[list[float]] | None = None
    classification: str | None = None
    classification_reason: str | None = None

    @property
    def input(self) -> str:
        return " ; ".join(r.text for r in self.readings)

    @property
    def matrix(self) -> list[list[Expr]]:
        return [[d.result for d in row] for row in self.entries]

    def _repr_markdown_(self) -> str:  # Jupyter: the entries' derivations, then the matrix
        from .render import render

        return render(self, "markdown")

    def _repr_latex_(self) -> str:
        from .render.latex import latex_expr

        rows = " \\\\ ".join(" & ".join(latex_expr(e) for e in row) for row in self.matrix)
        label = "H" if self.kind == "hessian" else "J"
        return f"$${label} = \\begin{{pmatrix}} {rows} \\end{{pmatrix}}$$"


def choose_vars(exprs: list[Expr], vars=None) -> list[str]:
    free: set[str] = set()
    for e in exprs:
        free |= e.free
    if vars:
        return list(dict.fromkeys(vars))  # a declared variable may be absent: partial 0
    if not free:
        raise UsageError("the expression has no variables", hint="pass --vars x,y")
    return natural_order(free)


def _partial(reading: Reading, var: str, simplify: str, table=None) -> Derivation:
    from .engine import Engine

    d = Derivation(input=reading.text, reading=reading, wrt=(var,), simplify_mode=simplify)
    step = Engine(var, table).d(reading.expr)
    final = final_answer(step, reading.expr, var, simplify, table, reading)
    d.parts.append(Differentiation(var, step, final))
    return d


def _values(exprs: list[Expr], point, simplify, table=None) -> tuple[list[Expr], list[float]]:
    exact, floats = [], []
    for e in exprs:
        v, f = value_at(e, point, simplify, table)
        exact.append(v)
        floats.append(f)
    return exact, floats


def grad(expr, vars=None, at=None, simplify: str = "basic", table=None,
         direction=None) -> Gradient:
    """Every partial derivative (each with its derivation) and the gradient vector; with
    ``direction`` (and ``at``), the directional derivative ∇f·u/|u|."""
    return call_deep(_shared, _grad, expr, vars, at, simplify, table, direction)


def _shared(fn, *args):
    """Run ``fn`` with one simplification memo for all its entries (they share terms)."""
    from .simplify import shared_work

    with shared_work():
        return fn(*args)


def _grad(expr, vars, at, simplify, table, direction=None) -> Gradient:
    reading = read(expr, vars=vars, table=table, allow_request=False)
    names = choose_vars([reading.expr], vars)
    partials = [_partial(reading, v, simplify, table) for v in names]
    g = Gradient(reading, names, partials)
    point = parse_point(at)
    if point:
        check_domain(reading.expr, point, to_plain(reading.expr), table)
        g.at = point
        g.values, g.floats = _values(g.gradient, point, simplify, table)
    if direction is not None:
        if not point:
            raise UsageError("--direction needs a point: add --at, for example --at x=1,y=2")
        from .learn import directional

        g.directional = directional(g.values, direction, table)
    return g


def hessian(expr, vars=None, at=None, simplify: str = "basic", table=None) -> Matrix:
    """The matrix of second partial derivatives; mixed partials derived once."""
    return call_deep(_shared, _hessian, expr, vars, at, simplify, table)


def _hessian(expr, vars, at, simplify, table) -> Matrix:
    reading = read(expr, vars=vars, table=table, allow_request=False)
    names = choose_vars([reading.expr], vars)
    firsts = [_partial(reading, v, simplify, table) for v in names]
    n = len(names)
    entries: list[list[Derivation | None]] = [[None] * n for _ in range(n)]
    notes = []
    for i in range(n):
        inner = Reading(to_plain(firsts[i].result), firsts[i].result)
        for j in range(i, n):
            second = _partial(inner, names[j], simplify, table)
            d = Derivation(input=reading.text, reading=reading, wrt=(names[i], names[j]),
                           simplify_mode=simplify)
            d.parts = [firsts[i].parts[0], second.parts[0]]
            entries[i][j] = d
            if i != j:
                entries[j][i] = d
                notes.append(
                    f"∂²f/∂{names[j]}∂{names[i]} = ∂²f/∂{names[i]}∂{names[j]} "
                    "(mixed partials of a smooth function are equal; derived once)"
                )
    m = Matrix("hessian", [reading], names, entries, notes)  # type: ignore[arg-type]
    point = parse_point(at)
    if point:
        check_domain(reading.expr, point, to_plain(reading.expr), table)
        m.at = point
        m.values, m.floats = [], []
        for row in m.matrix:
            exact, floats = _values(row, point, simplify, table)
            m.values.append(exact)
            m.floats.append(floats)
        grad_values = [value_at(f.result, point, simplify, table)[1] for f in firsts]
        m.classification, m.classification_reason = classify(m.values, m.floats, grad_values)
    return m


def jacobian(exprs, vars=None, at=None, simplify: str = "basic", table=None) -> Matrix:
    """One row per function: the partial derivatives of each by each variable."""
    return call_deep(_shared, _jacobian, list(exprs), vars, at, simplify, table)


def _jacobian(exprs, vars, at, simplify, table) -> Matrix:
    readings = [read(e, vars=vars, table=table, allow_request=False) for e in exprs]
    names = choose_vars([r.expr for r in readings], vars)
    entries = [[_partial(r, v, simplify, table) for v in names] for r in readings]
    m = Matrix("jacobian", readings, names, entries)
    point = parse_point(at)
    if point:
        for r in readings:
            check_domain(r.expr, point, to_plain(r.expr), table)
        m.at = point
        m.values, m.floats = [], []
        for row in m.matrix:
            exact, floats = _values(row, point, simplify, table)
            m.values.append(exact)
            m.floats.append(floats)
    return m


# ---------------------------------------------------------------------------------------------
# classification of a critical point from the Hessian's definiteness


def _exact_matrix(values: list[list[Expr]]) -> list[list[Fraction]] | None:
    out = []
    for row in values:
        r = []
        for v in row:
            if type(v) is not Num:
                return None
            r.append(v.value)
        out.append(r)
    return out


def _minors(m) -> list:
    """Leading principal minors by Gaussian elimination (exact for Fractions)."""
    n = len(m)
    minors = []
    for k in range(1, n + 1):
        a = [list(row[:k]) for row in m[:k]]
        det = 1
        for c in range(k):
            pivot = next((r for r in range(c, k) if a[r][c] != 0), None)
            if pivot is None:
                det = 0
                break
            if pivot != c:
                a[c], a[pivot] = a[pivot], a[c]
                det = -det
            det *= a[c][c]
            for r in range(c + 1, k):
                f = a[r][c] / a[c][c]
                for cc in range(c, k):
                    a[r][cc] -= f * a[c][cc]
        minors.append(det)
    return minors


def classify(values, floats, gradient_floats) -> tuple[str | None, str | None]:
    """minimum / maximum / saddle / inconclusive where the gradient vanishes, else None."""
    if any(abs(g) > 1e-12 for g in gradient_floats):
        return None, "the gradient is not zero here, so this is not a critical point"
    m = _exact_matrix(values)
    tol = 0
    if m is None:
        m = floats
        tol = 1e-12
    minors = _minors(m)
    n = len(minors)

    def pos(v):
        return v > tol

    def negv(v):
        return v < -tol

    if all(pos(d) for d in minors):
        return "minimum", "the Hessian is positive definite: all leading principal minors are > 0"
    if all((negv(d) if k % 2 == 0 else pos(d)) for k, d in enumerate(minors)):
        return "maximum", "the Hessian is negative definite: the leading principal minors alternate in sign, starting < 0"
    det = minors[-1]
    if abs(det) > tol:
        return "saddle", "the Hessian is indefinite: its determinant is nonzero but it is not definite"
    del n
    return "inconclusive", "the Hessian is singular here; the second-derivative test says nothing"


# ---------------------------------------------------------------------------------------------
# --let: the multivariable chain rule over a small computation graph


def parse_lets(lets, vars=None, table=None) -> dict[str, Reading]:
    """``["u=cos t", "v=sin t"]`` -> {name: Reading}; rejects cycles and bad definitions."""
    from .api import check_var

    defs: dict[str, Reading] = {}
    for item in lets or ():
        if "=" not in item:
            raise UsageError(f"--let expects name=expression, got {item!r}",
                             hint='for example --let "u=cos t"')
        name, text = item.split("=", 1)
        try:
            name = check_var(name)
        except CalcdiffError:
            raise UsageError(f"--let {item!r}: {name.strip()!r} is not a variable name") from None
        if name in defs:
            raise UsageError(f"--let defines {name!r} twice")
        if not text.strip():
            raise UsageError(f"--let {item!r}: the definition is empty")
        try:
            reading = parse(text, vars=vars, table=table)
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
    from .engine import Engine

    memo: dict[str, tuple[Step, Expr]] = {}

    def total(expr: Expr, label: Expr) -> tuple[Step, Expr]:
        inner = [n for n in natural_order(expr.free) if n in defs]
        direct = Engine(var, table).d(expr) if var in expr.free else None
        if not inner:
            step = direct or Engine(var, table).d(expr)
            return step, step.result
        subs: list[Step] = []
        terms: list[Expr] = []
        bindings = []
        if direct is not None:
            subs.append(direct)
            terms.append(direct.result)
        for name in inner:
            partial = Engine(name, table).d(expr)
            if name not in memo:
                memo[name] = total(defs[name].expr, defs[name].expr)
            dstep, dres = memo[name]
            subs += [partial, dstep]
            terms.append(mul(partial.result, dres))
            bindings.append((name, defs[name].expr))
        result_raw = add(*terms)
        substituted = expand_lets(result_raw, defs)
        full_expr = expand_lets(label, defs)
        step = Step("multivariable-chain", full_expr, var, substituted, substituted,
                    tuple(bindings), tuple(subs))
        return step, substituted

    return total(reading.expr, reading.expr)
