"""A derivative's value at a point where a rule it used may not hold: the one home of that
check, for every command that evaluates a derivative at a point (derive, grad, hessian,
jacobian, taylor, tangent).

relu′ = heaviside holds where u ≠ 0, and heaviside(0) is ½, but relu has no derivative at 0:
the formula's value there is no derivative. Such a point is refused, naming the rule's
condition; only a first derivative whose one-sided difference quotients approach the same
finite limit (x·relu(x) at 0: 0 from both sides) gets that limit as its value, with a note.
"""

from __future__ import annotations

from calcdiff.algebra.build import substitute
from calcdiff.algebra.evaluate import evaluate
from calcdiff.commands.request import check_domain, condition_holds, value_at
from calcdiff.deriving.statements import domain_condition
from calcdiff.errors import CalcdiffError, DomainError, FloatOverflow
from calcdiff.read.reading import Note, Reading
from calcdiff.read.rule_exprs import builtin_table
from calcdiff.sympy_bridge import from_sympy, quotient_limits
from calcdiff.tree.nodes import Call, Expr, walk
from calcdiff.tree.printer import shown_point, to_plain


def derivative_at(differentiated: list[Expr], variables, result: Expr, point: dict[str, Expr],
                  simplify: str = "basic", table=None, what: str | None = None
                  ) -> tuple[Expr, float, str | None]:
    """(exact value, float, note) of the derivative ``result`` at ``point``, reached by
    differentiating ``differentiated[k]`` by ``variables[k]`` in turn. The note is None
    where every rule used holds at the point and ``result`` has a value there; else it says
    the value is the common limit of the one-sided difference quotients (a first derivative
    only). Raises DomainError where there is no such limit: the formula's own error (said as
    ``what``, "the derivative", where given) where it has no value (|x^3| at 0:
    3*x**5/abs(x**3), a 0/0 whose limit is 0; x/abs(x), none), else the rule that does not
    hold."""
    formula = "the derivative's formula has no value"
    why = formula
    try:
        if what is not None:  # the formula's own domain first: its error names the point
            check_domain(result, point, what, table)
        why = "a rule of the derivation{by} does not hold"
        check_differentiable(differentiated, point, variables, table)
        why = formula
        value, value_float = value_at(result, point, simplify, table)
    except DomainError:
        limit = _at_a_kink(differentiated, variables, point, table, why)
        if limit is None:
            raise
        return limit
    return value, value_float, None


def note_kink(reading: Reading, note: str | None) -> None:
    """Add ``note`` (from :func:`derivative_at`) to the reading's notes, once."""
    said = None if note is None else Note("kink", note, 0, len(reading.text))
    if said is not None and said not in reading.notes:
        reading.notes.append(said)


def check_differentiable(exprs, point: dict[str, Expr], variables, table=None) -> None:
    """Raise DomainError where a rule the derivative of one of ``exprs`` used does not hold
    at the point, though the function is defined there and the derivative's formula has a
    value: relu′ = heaviside holds where u ≠ 0, and heaviside(0) is 0.5, but relu has no
    derivative at 0 (nor the step at its jump). Only the calls that hold one of
    ``variables`` (those differentiated by) count. The one-sided difference quotients
    (``calcdiff limit``) decide such a point."""
    try:
        env = {k: evaluate(v, {}) for k, v in point.items()}
    except FloatOverflow:
        return
    table = table or builtin_table()
    for e in exprs:
        for node in walk(e):
            if type(node) is not Call or len(node.args) != 1 or node.free.isdisjoint(variables):
                continue
            rule = table.functions.get(node.func)
            if rule is None or rule.domain is None:
                continue
            try:
                u_val = evaluate(node.args[0], env, table)
            except DomainError:
                continue
            if not condition_holds(rule, u_val, table, node.args[0], point) and not (
                    rule.flat_derivative is not None and _zero_around(node.args[0], env,
                                                                      table)):
                raise DomainError(
                    f"{to_plain(node)} is not differentiable at {shown_point(point)}: the rule "
                    f"for its derivative holds where {domain_condition(rule, {'u': node.args[0]})}",
                    hint=_hint(node, env, table))


def _zero_around(u: Expr, env: dict, table) -> bool:
    """Is ``u`` 0 at the point and beside it in each variable (x - |x| at x = 1)? There the
    rule's flat form holds (|u|′ = sign(u)·u′ = 0): the point is no kink."""
    for name, v in env.items():
        for side in (-1.0, 1.0):
            try:
                if evaluate(u, {**env, name: v + side * 1e-6 * max(1.0, abs(v))}, table):
                    return False
            except DomainError:
                return False
    return True


def _hint(node: Call, env: dict, table) -> str:
    """Where to look next: the one-sided difference quotients (``calcdiff limit``), which
    start from the function's value there; a step at its jump has none to start from."""
    try:
        evaluate(node, env, table)
    except DomainError:
        return (f"{to_plain(node)} jumps there and has no value of its own to start a "
                "difference quotient from: no derivative exists there")
    return "calcdiff limit shows the one-sided difference quotients there"


def _at_a_kink(differentiated, variables, point, table, why: str):
    """(value, its float, a note saying ``why``) of a derivative at a point where a rule its
    last differentiation used does not hold (x·relu(x) at 0) or its formula has no value
    though what it differentiates has values on both sides (|x^3| at 0): the one-sided
    difference quotients' common limit, SymPy's, of what the last differentiation was of
    (3x|x| for the second derivative of |x|^3), where every earlier one holds there and
    has its value; None where they differ or are not found (relu itself at 0; then the
    point stays refused)."""
    *earlier, var = variables
    if earlier:  # f″ of |x|^3 at 0: f′'s formula, 3x|x|, must be f′ there (0), as known
        try:  # by the rules or by the quotients of f itself
            _, known, _ = derivative_at(differentiated[:-1], earlier, differentiated[-1],
                                        point, "basic", table)
            _, formula = value_at(differentiated[-1], point, "basic", table)
        except DomainError:
            return None
        if abs(known - formula) > 1e-12 * max(1.0, abs(known)):
            return None
    fixed = {k: v for k, v in point.items() if k != var}
    last = differentiated[-1]
    f = substitute(last, fixed) if fixed else last
    a = evaluate(point[var], {})
    if not (has_values_beside(f, var, a, 1, table) and has_values_beside(f, var, a, -1, table)):
        return None  # f must have values on both sides (x*sqrt(x) at 0 has none on the left)
    if _a_corner(f, var, a, table):  # asin(sin(x)) at pi/2: SymPy took 10 s to say so
        return None
    (right, right_float), (left, _) = quotient_limits(f, var, point[var], table)
    if right is None or right != left or not right.is_finite:
        return None
    by = f" by {var}" if len(point) > 1 else ""  # which partial, where there are several
    of = f" of {to_plain(last)}" if earlier else ""
    return (from_sympy(right, table), right_float,
            f"at {shown_point(point)} {why.format(by=by)}; the difference quotients{of} from "
            f"both sides approach {right}, the derivative there")


def has_values_beside(f: Expr, var: str, at: float, side: int, table) -> bool:
    """Whether f has real values on that ``side`` of ``at`` (-1 left, 1 right), near it."""
    try:
        for h in (1e-3, 1e-7):
            evaluate(f, {var: at + side * h}, table)
    except (CalcdiffError, ArithmeticError, ValueError, TypeError):
        return False
    return True


def _a_corner(f: Expr, var: str, a: float, table) -> bool:
    """Whether the one-sided quotients of ``f`` at ``a``, in doubles, differ at h = 10⁻⁵
    and still at 10⁻⁷ (a corner: a gap that does not shrink with h, where a smooth f's,
    f″·h, shrinks a hundredfold -- relu(x)^2 + 10^8 x^2 at 0), so that the limits need not
    be asked of SymPy; False where doubles cannot tell (a gap within their round-off)."""
    try:
        f0 = evaluate(f, {var: a}, table)
        gaps = []
        for h in (1e-5, 1e-7):
            right = (evaluate(f, {var: a + h}, table) - f0) / h
            left = (f0 - evaluate(f, {var: a - h}, table)) / h
            gaps.append(abs(right - left))
    except (DomainError, ValueError, ArithmeticError, TypeError):
        return False
    return gaps[1] > 1e-6 * max(1.0, abs(f0)) and gaps[1] > 0.5 * gaps[0]


__all__ = ["derivative_at", "check_differentiable", "has_values_beside", "note_kink"]
