"""Several variables: partial derivatives, gradient, Hessian, Jacobian, and the
multivariable chain rule for ``--let`` definitions (a small computation graph).

Everything here is built from :func:`calcdiff.api.derive` on already-parsed trees, so each
partial derivative carries its own derivation.
"""

from __future__ import annotations

from fractions import Fraction

from calcdiff.choices import Simplify
from calcdiff.commands.check import check_result
from calcdiff.commands.constants import located
from calcdiff.commands.differentiable import derivative_at, note_kink
from calcdiff.commands.lets import read_lets
from calcdiff.commands.numbers import decimals_written, wrote_decimals
from calcdiff.commands.request import check_domain, final_answer, read, undefined_at
from calcdiff.commands.variables import check_var, note_absent, spelled, wrt_names
from calcdiff.commands.points import (coordinates_to_point, function_with_point, inline_point,
                                     parse_point, point_names, said_point)
from calcdiff.deep import call_deep
from calcdiff.deriving.engine import Engine
from calcdiff.errors import CalcdiffError, DomainError, NegativeBase, UsageError
from calcdiff.matrix.routing import is_matrix_request
from calcdiff.names import derivative_words, held_words, natural_order
from calcdiff.read.brackets import components
from calcdiff.read.definitions import DEFINITION
from calcdiff.read.point_words import ends_with_point
from calcdiff.read.own_request import as_typed, own_request, request_note
from calcdiff.read.reading import Note, Reading
from calcdiff.read.rule_exprs import builtin_table
from calcdiff.table import with_unknown_functions
from calcdiff.results import Derivation, Differentiation, Gradient, Matrix
from calcdiff.simplify import shared_work
from calcdiff.tree.nodes import Call, Expr, Mul, Num, Pow, Sym, walk
from calcdiff.tree.printer import to_plain


def choose_vars(exprs: list[Expr], vars=None, wrt=None) -> list[str]:
    """The variables of a gradient, Hessian or Jacobian: ``wrt`` (-x, in order), else the
    declared ``vars``, else every variable of ``exprs`` in calcdiff's order."""
    if isinstance(wrt, str):
        wrt = [wrt]
    if wrt:
        return list(dict.fromkeys(check_var(v) for v in wrt))
    free: set[str] = set()
    for e in exprs:
        free |= e.free
    if vars:
        return list(dict.fromkeys(vars))  # a declared variable may be absent: partial 0
    if not free:
        raise UsageError("the expression has no variables", hint="pass --vars x,y")
    return natural_order(free)


def arguments_of(reading: Reading) -> list[str] | None:
    """The variables a definition names, ``f(w, b) = …`` (the others are held constant),
    with a note saying so; None for any other input."""
    args = list(reading.arguments or ())
    if not args:
        return None
    others = natural_order(reading.expr.free - set(args))
    if others and not any(n.kind == "arguments" for n in reading.notes):
        reading.notes.append(Note(
            "arguments", f"the variables are the definition's arguments, {', '.join(args)}; "
            f"{held_words(others)} {'is' if len(others) == 1 else 'are'} held constant (choose "
            "others with --vars)", 0, len(reading.text)))
    return args


def in_point_order(names: list[str], point: dict | None) -> list[str]:
    """``names`` in the order of ``point`` (--at) when it gives them all, as descend and
    newton take their --from order (``--at w=1,b=2 --direction 1,0`` is along w)."""
    if point and set(names) <= point.keys():
        return [v for v in point if v in names]
    return names


def in_variable_order(point: dict, names: list[str]) -> dict:
    """``point`` with the variables ``names`` first, in their order (then the others, as
    given): the values of a gradient or a matrix print under the point in the order of
    their own components (``--vars b,w --at w=1,b=1`` is shown ``At b = 1, w = 1``)."""
    return {**{v: point[v] for v in names if v in point}, **point}


def gradient_variables(reading: Reading, vars, wrt, point=None) -> list[str]:
    """A gradient's or Hessian's variables (``grad``'s, and ``grade``'s for a gradient
    answer): ``wrt``, else ``vars``, else a definition's arguments, else every variable in
    :func:`in_point_order`; each one the expression lacks said in a note."""
    names = choose_vars([reading.expr], vars or (None if wrt else arguments_of(reading)), wrt)
    if wrt:  # -x w_1 on w1: the expression's own spelling, as derive's
        names = list(dict.fromkeys(spelled(reading, v) for v in names))
    if not (vars or wrt or reading.arguments):
        names = in_point_order(names, point)
    for v in names:
        note_absent(reading, v)
    return names


def _with_its_point(reading: Reading, at, vars, wrt, what: str = "gradient"):
    """(point, variables): the point of the text (``at (1, 2)``, for the variables
    in order; ``at x = 1``) over --at's values of the same names, as derive's."""
    names = None
    if reading.coordinates is not None:
        names = gradient_variables(reading, vars, wrt)
        coordinates_to_point(reading, names, what)
    point = parse_point(at, reading)
    return point, names or gradient_variables(reading, vars, wrt, point)


def _partial(reading: Reading, var: str, simplify: str, table=None,
             engines: dict | None = None) -> Derivation:
    """The partial derivative of the reading by ``var``. ``engines``: the engines of earlier
    partials, one per variable and set of free variables (what an engine's statements
    depend on), whose remembered sub-derivations are this one's too (a Hessian's entries by
    x_j each differentiate Σ exp(x_i) by x_j)."""
    d = Derivation(input=reading.text, reading=reading, wrt=(var,), simplify_mode=simplify)
    if engines is None:
        engine = Engine(var, table)
    else:
        engine = engines.get((var, reading.expr.free))
        if engine is None:
            engine = engines[var, reading.expr.free] = Engine(var, table)
    try:
        step = engine.d(reading.expr)
    except NegativeBase as exc:  # (-2)^x by x: the caret under the power
        raise located(reading, exc) from None
    final = final_answer(step, reading.expr, var, simplify, table, reading)
    d.parts.append(Differentiation(var, step, final))
    return d


def _values(derivations: list[Derivation], point, simplify, table=None, limits=None
            ) -> tuple[list[Expr], list[float]]:
    """Each derivation's derivative at ``point``, exact and as a float: refused where a
    rule it used does not hold there (relu′ at 0), as ``derive --at`` refuses it, unless its
    difference quotients have one limit (x·relu(x) at 0), which ``limits`` collects (the
    variables whose value is such a limit)."""
    exact, floats = [], []
    for d in derivations:
        try:
            v, f, note = derivative_at(_differentiated(d), d.wrt, d.result, point, simplify,
                                       table)
        except DomainError as exc:  # x**(y - 1) at 0: at which point, as derive says
            if "undefined here" not in exc.message:
                raise
            raise undefined_at(derivative_words(d.wrt), point, exc) from None
        note_kink(d.reading, note)
        if note is not None and limits is not None:
            limits.append(d.wrt[-1])
        exact.append(v)
        floats.append(f)
    return exact, floats


def _differentiated(d: Derivation) -> list[Expr]:
    """The expressions ``d`` differentiated, one per variable of its ``wrt``: the input,
    then each partial before the last."""
    return [d.reading.expr] + [p.simplified for p in d.parts[:-1]]


def grad(expr, vars=None, at=None, simplify: str = "basic", table=None,
         direction=None, *, check: bool = False, functions=None, wrt=None, matrix=None,
         vector=None, scalar=None, layout=None, full: bool = False, lets=None):
    """Every partial derivative (each with its derivation) and the gradient vector; with
    ``direction`` (and ``at``), the directional derivative ∇f·u/|u|; with ``check``, every
    partial's steps verified (``--check``).

    Matrix syntax (``x^T A x``, ``‖Xw − y‖^2``), a matrix option (``matrix``, ``vector``,
    ``scalar``, ``layout``), or ``wrt`` on an expression naming a matrix (``A x``) makes it a
    matrix gradient (:func:`calcdiff.commands.matrix.matrix_grad`); else ``wrt`` chooses the
    variables of the gradient, in order. ``full``: every expression printed whole, never with
    named shared sub-expressions."""
    simplify = Simplify.of(simplify, "--simplify")
    if isinstance(wrt, str):
        wrt = [wrt]
    if is_matrix_request(expr, wrt, matrix, vector, scalar, layout,
                         bool(vars or at or direction or check), table, vars):
        return _matrix(expr, vars, at, simplify, table, direction, check, wrt, matrix, vector,
                       scalar, layout)
    if functions:
        table = with_unknown_functions(table if table is not None else builtin_table(),
                                       functions)
    expr = read_lets(expr, lets, vars, table, point_names(at))  # --let: substituted first
    g = call_deep(_shared, _grad, expr, vars, at, simplify, table, direction, wrt)
    g.full = full
    return _checked(g, check, table)


def _matrix(expr, vars, at, simplify, table, direction, check, wrt, matrix, vector, scalar,
            layout):
    given = [name for name, value in (("--vars", vars), ("--at", at), ("--direction", direction),
                                      ("--check", check)) if value]
    if given:
        point = [g for g in given if g in ("--at", "--direction")]
        hints = ["declare the shapes instead of --vars: --matrix A:n,n, --vector x:n, "
                 "--scalar c"] * bool(vars) + [
            f"a matrix gradient is a formula, not a value at a point: leave out "
            f"{' and '.join(point)}"] * bool(point) + ["leave out --check"] * bool(check)
        raise UsageError(f"{', '.join(given)} {'is' if len(given) == 1 else 'are'} not "
                         "available for matrix expressions", hint="; ".join(hints))
    from calcdiff.commands.matrix import matrix_grad  # the matrix language, loaded on use

    return call_deep(matrix_grad, expr, list(wrt or ()), matrix or (), vector or (),
                     scalar or (), layout, simplify, table)


def _checked(result, check: bool, table):
    if check:
        call_deep(check_result, result, table)
    return result


def _shared(fn, *args):
    """Run ``fn`` with one simplification memo for all its entries (they share terms)."""

    with shared_work():
        return fn(*args)


def _inside_calls(e: Expr):
    """The nodes of ``e`` inside a function's argument (σ(W x + b)'s W*x, not A*x + B*y's),
    each once: one walk, a node's flag from its parent's."""
    stack = [(e, False)]
    while stack:
        node, inside = stack.pop()
        if inside:
            yield node
        below = inside or type(node) is Call
        stack.extend((c, below) for c in node.children())


def _capital_times_variable(node: Expr, caps: list[str]) -> bool:
    return type(node) is Mul and any(type(a) is Sym and a.name in caps for a in node.args) \
        and any(type(a) is Sym and a.name not in caps for a in node.args)


def _matrix_notes(reading) -> None:
    """The notes on what scalar calculus read where matrix calculus was likely meant."""
    _scalar_capitals(reading)
    if "T" in reading.expr.free:
        _powers_of_t(reading)


def _scalar_capitals(reading) -> None:
    """A note where a capital letter multiplies a variable inside a function (σ(W x + b)):
    read as numbers here, it is often a matrix, which the matrix language reads when told
    so."""
    caps = sorted(n for n in reading.expr.free if len(n) == 1 and n.isupper())
    if not caps or not any(_capital_times_variable(node, caps)
                           for node in _inside_calls(reading.expr)):
        return
    what = "a number" if len(caps) == 1 else "numbers"
    reading.notes.append(Note(
        "scalar-capitals", f"{', '.join(caps)} read as {what} (scalar calculus); for the "
        f"matrix {caps[0]} give --matrix {caps[0]}:n,m or --wrt {caps[0]}", 0, len(reading.text)))


def _powers_of_t(reading) -> None:
    """A note where a variable is raised to the power T (x^T): read as a power here, it is
    often a transpose, which the matrix language reads once the variable is declared."""
    bases = sorted({n.base.name for n in walk(reading.expr) if type(n) is Pow
                    and type(n.exp) is Sym and n.exp.name == "T" and type(n.base) is Sym})
    if not bases:
        return
    x = bases[0]
    declare = f"--matrix {x}:n,m" if x[0].isupper() else f"--vector {x}:n"
    reading.notes.append(Note(
        "power-t", f"{' and '.join(b + '^T' for b in bases)} read as {', '.join(bases)} to "
        f"the power T (scalar calculus); for the transpose of {x}, run calcdiff grad with "
        f"{declare}",
        0, len(reading.text)))


def _function(expr, what: str, vars, table, names) -> Reading:
    """The reading of a gradient's or a Hessian's function, after the words that ask for it
    (``gradient of …``), which a note names."""
    own = own_request(expr, what)
    if own is None:
        return function_with_point(expr, vars, table, names)
    blanked, words = own
    try:
        reading = function_with_point(blanked, vars, table, names)
    except CalcdiffError as exc:
        as_typed(exc, expr, blanked)
        raise
    reading.text = expr
    reading.notes.insert(0, request_note(words, what, expr))
    return reading


def _grad(expr, vars, at, simplify, table, direction=None, wrt=None) -> Gradient:
    # … at x = 1, y = 2; -x yhat keeps yhat whole
    reading = _function(expr, "gradient", vars, table, point_names(at) | wrt_names(wrt))
    _matrix_notes(reading)
    point, names = _with_its_point(reading, at, vars, wrt)
    partials = [_partial(reading, v, simplify, table) for v in names]
    g = Gradient(reading, names, partials)
    g.decimals = decimals_written(reading, at, direction)
    if point:
        check_domain(reading.expr, point, to_plain(reading.expr), table)
        g.at = in_variable_order(point, names)
        limits: list[str] = []
        g.values, g.floats = _values(partials, point, simplify, table, limits)
    if direction is not None:
        if not point:
            raise UsageError("--direction needs a point: add --at, for example --at x=1,y=2")

        from calcdiff.commands.directional import directional, slope_along  # on use

        g.directional = directional(g.values, direction, table)
        if limits and len(names) > 1:  # cbrt(x^3 + y^3) at 0: partials, no differentiability
            slope_along(reading.expr, {v: point[v] for v in names}, g.values, g.directional,
                        table)
    return g


def hessian(expr, vars=None, at=None, simplify: str = "basic", table=None, *,
            check: bool = False, wrt=None, full: bool = False, lets=None) -> Matrix:
    """The matrix of second partial derivatives; mixed partials derived once. ``wrt``: the
    variables (-x), in order; else ``vars``, else every variable. ``full``: every expression
    printed whole."""
    simplify = Simplify.of(simplify, "--simplify")
    expr = read_lets(expr, lets, vars, table, point_names(at))  # --let: substituted first
    m = call_deep(_shared, _hessian, expr, vars, at, simplify, table, wrt)
    m.full = full
    return _checked(m, check, table)


PAIRS_NAMED = 3  # variables up to which a Hessian's note names each mixed pair


def _hessian(expr, vars, at, simplify, table, wrt=None) -> Matrix:
    reading = _function(expr, "Hessian", vars, table, point_names(at) | wrt_names(wrt))
    _matrix_notes(reading)
    point, names = _with_its_point(reading, at, vars, wrt, "Hessian")
    firsts = [_partial(reading, v, simplify, table) for v in names]
    n = len(names)
    entries: list[list[Derivation | None]] = [[None] * n for _ in range(n)]
    notes = []
    engines: dict = {}
    for i in range(n):
        inner = Reading(to_plain(firsts[i].result), firsts[i].result)
        for j in range(i, n):
            second = _partial(inner, names[j], simplify, table, engines)
            d = Derivation(input=reading.text, reading=reading, wrt=(names[i], names[j]),
                           simplify_mode=simplify)
            d.parts = [firsts[i].parts[0], second.parts[0]]
            entries[i][j] = d
            if i != j:
                entries[j][i] = d
                if n <= PAIRS_NAMED:
                    notes.append(
                        f"∂²f/∂{names[j]}∂{names[i]} = ∂²f/∂{names[i]}∂{names[j]} "
                        "(mixed partials of a smooth function are equal; derived once)"
                    )
    if n > PAIRS_NAMED:  # one line, not a line for each of the 190 pairs of 20 variables
        notes.append(f"each mixed partial equals the one in the other order, ∂²f/∂{names[1]}∂"
                     f"{names[0]} = ∂²f/∂{names[0]}∂{names[1]} and the other "
                     f"{n * (n - 1) // 2 - 1:,} pairs alike (mixed partials of a smooth "
                     "function are equal; each pair derived once)")
    m = Matrix("hessian", [reading], names, entries, notes)  # type: ignore[arg-type]
    m.decimals = decimals_written(reading, at)
    if point:
        check_domain(reading.expr, point, to_plain(reading.expr), table)
        _values_at(m, point, simplify, table)
        gradient = list(zip(*_values(firsts, point, simplify, table)))
        m.classification, m.classification_reason = classify(m.values, m.floats, gradient)
    return m


def jacobian(exprs, vars=None, at=None, simplify: str = "basic", table=None, *,
             check: bool = False, wrt=None, full: bool = False, lets=None) -> Matrix:
    """One row per function: the partial derivatives of each by each variable (``wrt``, in
    order; else ``vars``, else every variable). ``full``: every expression printed whole."""
    simplify = Simplify.of(simplify, "--simplify")
    exprs = [read_lets(e, lets, vars, table, point_names(at)) for e in exprs]
    m = call_deep(_shared, _jacobian, exprs, vars, at, simplify, table, wrt)
    m.full = full
    return _checked(m, check, table)


def read_rows(exprs, vars=None, at=None, simplify: str = "basic", table=None) -> None:
    """Each function of a Jacobian read as :func:`jacobian` reads them, nothing computed:
    None, or the first row's error raised with every other row's (``others``)."""
    call_deep(_read_rows, list(exprs), vars, at, table)


def _read_rows(exprs, vars, at, table) -> list[Reading]:
    """The readings of a Jacobian's functions; where some cannot be read, the first one's
    error, carrying its row and the other rows' errors (a file of rows is fixed at once)."""
    given = point_names(at)
    own = own_request(exprs[0], "Jacobian") if len(exprs) == 1 else None  # Jacobian of …
    texts = [own[0]] if own else exprs  # (its words blanked, every column kept)
    rows = _vector(texts[0]) if len(texts) == 1 else None
    readings, errors = [], []
    for row, e in enumerate(texts if rows is None else [text for text, _, _ in rows]):
        try:
            readings.append(read(e, vars=vars, table=table, allow_request=False, names=given))
        except CalcdiffError as exc:
            exc.row = row
            if rows is not None:  # located in the one argument that holds every row
                _, skip, offset = rows[row]
                if exc.text == e and exc.start is not None and exc.start >= skip:
                    exc.with_text(exprs[0], offset - skip)
                exc.row = 0
            elif own:
                as_typed(exc, exprs[0], e)
            errors.append(exc)
    if errors:
        errors[0].others = tuple((e.row, e) for e in errors[1:])
        raise errors[0]
    if rows is not None:
        readings[0].notes.append(Note(
            "vector", f"{texts[0].strip()} read as a function of {len(rows)} components: "
            "one row of the Jacobian each", 0, len(readings[0].text)))
    if own:
        if rows is None:
            readings[0].text = exprs[0]
        readings[0].notes.insert(0, request_note(own[1], "Jacobian", readings[0].text))
    return readings


def _vector(text: str) -> list[tuple[str, int, int]] | None:
    """The components of one argument that writes a vector function whole, ``(x y, x + y)``,
    ``[…]``, ``⟨…⟩``, ``F(x, y) = (x y, x + y)``: for each, the text read as its row (after
    the definition's left side, which names the variables), where that row's own text
    starts, and where it stands in ``text``; None for one function."""
    if ends_with_point(text):  # x y at x = 1, y = 2: the point's comma
        return None
    head = DEFINITION.match(text)
    body = text[head.end():] if head else text
    parts = components(body)
    if len(parts) < 2 or any("=" in p for p in parts):
        return None  # (u = x y, v = x + y: definitions, not one vector's components)
    left = head.group(0).strip() + " " if head else ""
    rows, at = [], head.end() if head else 0
    for part in parts:
        found = text.find(part, at)
        offset = found if found >= 0 else 0
        at = max(at, found + len(part))
        rows.append((left + part, len(left), offset))
    return rows


def _jacobian(exprs, vars, at, simplify, table, wrt=None) -> Matrix:
    inline = inline_point(exprs[0], at, vars) if len(exprs) == 1 else None
    if inline is not None and inline.words:  # (x y, x + y) at x = 1, y = 2: --at's point
        exprs, at = [inline.expr], inline.at
    readings = _read_rows(exprs, vars, at, table)
    if inline is not None:
        said_point(readings[0], inline, echo=len(readings) == 1)
    heads = {r.arguments for r in readings}  # F(y, x) = (x y, x + y^2): its columns y, x
    named = arguments_of(readings[0]) if len(heads) == 1 and not (vars or wrt) else None
    names = choose_vars([r.expr for r in readings], vars or named, wrt)
    point = parse_point(at)
    if not (vars or wrt or any(r.arguments for r in readings)):
        names = in_point_order(names, point)
    for v in names:  # asked for but in none of the functions: a column of zeros
        if all(v not in r.expr.free for r in readings):
            readings[0].notes.append(Note(
                "absent-variable", f"{v} does not occur in any of the functions: its column "
                "of the Jacobian is 0", 0, len(readings[0].text)))
    entries = [[_partial(r, v, simplify, table) for v in names] for r in readings]
    m = Matrix("jacobian", readings, names, entries)
    m.decimals = any(decimals_written(r) for r in readings) or wrote_decimals(at)
    if point:
        for r in readings:
            check_domain(r.expr, point, to_plain(r.expr), table)
        _values_at(m, point, simplify, table)
    return m


def _values_at(m: Matrix, point, simplify, table) -> None:
    """The matrix's entries at ``point``, exact and as floats, row by row."""
    m.at = in_variable_order(point, m.vars)
    m.values, m.floats = [], []
    for row in m.entries:
        exact, floats = _values(row, point, simplify, table)
        m.values.append(exact)
        m.floats.append(floats)


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


def classify(values, floats, gradient) -> tuple[str | None, str | None]:
    """minimum / maximum / saddle / inconclusive where the gradient -- its (exact value,
    float) per variable -- vanishes, else None. Exact where a value is an exact number
    (1e-13 x at 0 is not critical); to 1e-12 where it is not (sin(pi) as a float)."""
    for v, g in gradient:
        if (v.value != 0) if type(v) is Num else abs(g) > 1e-12:
            return None, "the gradient is not zero here, so this is not a critical point"
    m = _exact_matrix(values)
    tol = 0
    if m is None:
        m = floats
        tol = 1e-12
    # the signs of the eigenvalues, counted by the pivots of a symmetric elimination (the
    # leading minors, products of pivots, fell under the tolerance for a Hessian of 2e-7's)
    positive, negative = _inertia(m, tol)
    n = len(m)
    if positive == n:
        return "minimum", "the Hessian is positive definite: all leading principal minors are > 0"
    if negative == n:
        return "maximum", "the Hessian is negative definite: the leading principal minors alternate in sign, starting < 0"
    if positive and negative and positive + negative == n:
        return "saddle", "the Hessian is indefinite: its determinant is nonzero but it is not definite"
    if positive and negative:  # x^2 - y^2 + z^4 at 0: singular, and still a saddle
        return "saddle", ("the Hessian is indefinite: it is singular, but it has both positive "
                          "and negative eigenvalues, so f rises along one direction and falls "
                          "along another")
    return "inconclusive", ("the Hessian is singular here (and semidefinite); the "
                            "second-derivative test says nothing")


def _inertia(m, tol) -> tuple[int, int]:
    """How many positive and how many negative eigenvalues the symmetric ``m`` has, by
    Sylvester's law of inertia: the signs of the pivots of a symmetric elimination (exact
    for Fractions, ``tol`` 0). Where every diagonal entry left is zero but an entry off it
    is not, adding that column and row to the other's makes a nonzero pivot (a congruence:
    the same counts)."""
    a = [list(row) for row in m]
    positive = negative = 0
    while a:
        k = len(a)
        i = max(range(k), key=lambda r: abs(a[r][r]))
        if abs(a[i][i]) <= tol:
            i, j = max(((r, c) for r in range(k) for c in range(r + 1, k)),
                       key=lambda rc: abs(a[rc[0]][rc[1]]), default=(0, 0))
            if i == j or abs(a[i][j]) <= tol:
                break  # what is left is zero
            for c in range(k):
                a[i][c] += a[j][c]
            for r in range(k):
                a[r][i] += a[r][j]
        p = a[i][i]
        if p > 0:
            positive += 1
        else:
            negative += 1
        rest = [r for r in range(k) if r != i]
        a = [[a[r][c] - a[r][i] * a[i][c] / p for c in rest] for r in rest]
    return positive, negative


# ---------------------------------------------------------------------------------------------
# --let: the multivariable chain rule over a small computation graph






