"""Seeing a derivative: the tangent and normal lines, the difference-quotient table that
approaches f′(a), and Taylor polynomials — each on the user's own function, exactly."""

from __future__ import annotations

import math
import re
from fractions import Fraction

from calcdiff.algebra.build import add, div, mul, negate, power, signed_sum, sub, substitute
from calcdiff.algebra.evaluate import evaluate
from calcdiff.commands.differentiable import derivative_at, has_values_beside, note_kink
from calcdiff.commands.differentiate import derive
from calcdiff.commands.implicit import equation_in
from calcdiff.commands.lets import read_lets
from calcdiff.commands.numbers import decimals_written
from calcdiff.commands.request import check_domain, precise_value, read, simplify_expr, value_at
from calcdiff.commands.points import inline_point, parse_point, point_names, said_point
from calcdiff.deep import call_deep
from calcdiff.errors import CalcdiffError, DomainError, ParseError, UsageError
from calcdiff.read.parser import parse
from calcdiff.read.own_request import as_typed, own_request, point_first, request_note
from calcdiff.read.reading import Reading
from calcdiff.results_explore import HighPrecision, LimitRow, LimitTable, Tangent, Taylor
from calcdiff.sympy_bridge import from_sympy, quotient_limits, to_sympy
from calcdiff.tree.printer import leads_with_minus, to_plain
from calcdiff.tree.nodes import (ONE, Add, Call, Const, Div, Expr, Mul, Neg, Num, Pow, Sym,
                                 bottom_up)


def _one_point(reading: Reading, at) -> tuple[str, Expr]:
    point = parse_point(at)
    if not point:
        raise UsageError("give the point with --at, for example --at x=1")
    free = reading.expr.free
    if len(point) != 1:
        raise UsageError("give exactly one variable in --at, for example --at x=1")
    (var, value), = point.items()
    if free and var not in free:
        raise UsageError(f"{var!r} does not occur in {reading.plain}")
    others = sorted(free - {var})
    if others:
        raise UsageError(f"the function must have one variable; it also has {', '.join(others)}")
    return var, value


# ---------------------------------------------------------------------------------------------
# tangent and normal lines




def tangent(expr, at, vars=None, simplify: str = "basic", table=None, *,
            lets=None) -> Tangent:
    """f(a), f′(a), the tangent line y = f(a) + f′(a)(x − a) and the normal line; ``lets``:
    definitions substituted first (:func:`calcdiff.commands.lets.read_lets`)."""
    own = own_request(expr, "tangent")  # the tangent line to y = x^2 at x = 1
    typed, expr = expr, own[0] if own else expr  # (its words blanked, every column kept)
    expr, first = point_first(expr) if own else (expr, None)  # … at x = 1 to y = x^2
    try:
        inline = inline_point(expr, at, vars, lets, graph=True)
        at = inline.at
        expr = read_lets(inline.expr, lets, vars, table, point_names(at))
        result = with_decimals(call_deep(_tangent, expr, at, vars, simplify, table), at)
    except CalcdiffError as exc:
        if own:
            as_typed(exc, typed, own[0])
        raise
    said_point(result.reading, inline)
    if first is not None:  # the point's note where the point was typed
        result.reading.notes[-1].start, result.reading.notes[-1].end = first
    if own:
        result.reading.text = typed
        words = own[1] if first is None else re.sub(r"\s+at$", "", own[1])  # (the point's)
        result.reading.notes.insert(0, request_note(words, "tangent line", typed))
    return result


def with_decimals(result, at):
    """``result``, its answers to be printed with decimals where the user wrote any (in the
    expression or the point)."""
    result.decimals = decimals_written(result.reading, at)
    return result


def _tangent(expr, at, vars, simplify, table) -> Tangent:
    if isinstance(expr, str) and "=" in expr and equation_in(expr)[1] is not None:
        equals = expr.index("=")  # x^2 + y^2 = 25: a curve, not a function of x
        raise ParseError("tangent takes a function, f(x) or y = f(x); this is the equation of "
                         "a curve", expr, equals, equals + 1,
                         hint=f"its slope at a point of it is the implicit derivative: calcdiff "
                              f"derive \"{expr.strip()}\" --at "
                              + (at if isinstance(at, str) and "," in at else "x=a,y=b")
                              + " (both coordinates); the tangent line is then y - y0 = "
                              "m(x - x0)")
    reading = read(expr, vars=vars, table=table, allow_request=False, names=point_names(at))
    var, a = _one_point(reading, at)
    check_domain(reading.expr, {var: a}, reading.plain, table)  # ln x at -1: where, and why
    try:
        d = derive(reading, [var], 1, at={var: a}, simplify=simplify, table=table)
    except DomainError as exc:
        return _no_slope(reading, var, a, simplify, table, exc)
    fa, fa_float = value_at(reading.expr, {var: a}, table=table)
    x = Sym(var)
    slope = d.value
    line = _point_slope(fa, slope, x, a)
    normal = None
    if not (type(slope) is Num and slope.value == 0):
        normal = _point_slope(fa, simplify_expr(div(Num(-1), slope)), x, a)
    t = Tangent(reading, var, a, fa, slope, line, normal, d)
    t.value_float = fa_float
    t.slope_float = d.value_float
    return t


def _no_slope(reading, var, a, simplify, table, error: DomainError) -> Tangent:
    """The tangent where f′(a) has no value: vertical (x = a) where the slopes of the
    difference quotients tend to the same infinity from each side f has (∛x at 0, the upper
    half circle √(1 − x²) at 1), the normal then horizontal; a corner (|x| at 0) or a cusp
    (x^(2/3) at 0) has none, and says so. Any other point keeps its ``error``."""
    fa, fa_float = value_at(reading.expr, {var: a}, table=table)  # f itself must be defined
    (right, right_float), (left, left_float) = quotient_limits(reading.expr, var, a, table)
    at = evaluate(a, {})
    sides = [(w, v) for w, v in (("left", left_float), ("right", right_float))
             if v is not None and has_values_beside(reading.expr, var, at, -1 if w == "left"
                                                    else 1, table)]  # (x^x at 0: −∞ on the left)
    where = f"{var} = {to_plain(a)}"
    if not sides:
        raise error
    if any(math.isinf(v) for _, v in sides) and not _continuous_at(
            reading.expr, var, a, fa_float, table):  # (acot at 0: a jump from the left only)
        raise DomainError(f"no tangent line at {where}: f jumps there (its values do not "
                          f"approach f({to_plain(a)}) = {to_plain(fa)})")
    if all(math.isinf(v) for _, v in sides):
        signs = {math.copysign(1, v) for _, v in sides}
        if len(signs) > 1:
            raise DomainError(f"no tangent line at {where}: a cusp (the slopes tend to "
                              f"{_infinity(left_float)} from the left and "
                              f"{_infinity(right_float)} from the right)")
        d = derive(reading, [var], 1, simplify=simplify, table=table)
        side = sides[0][0]
        which = ("from both sides" if len(sides) == 2 else
                 f"from the {side} (f has no values on the other side)")
        t = Tangent(reading, var, a, fa, None, a, fa, d,
                    vertical=f"the slopes tend to {_infinity(sides[0][1])} {which}")
        t.value_float, t.slope_float = fa_float, None
        return t
    if len(sides) == 2 and left != right:
        raise DomainError(f"no tangent line at {where}: a corner (the slope is "
                          f"{_shown_limit(left)} from the left and {_shown_limit(right)} from "
                          "the right)")
    raise error


def _continuous_at(f: Expr, var: str, a: Expr, fa: float, table) -> bool:
    """Whether f(a ± h) approaches f(a) from each side f has values on: the gap shrinks as h
    does (a root's h^(1/9) by 7× over 10⁻⁴ … 10⁻¹²; a jump's, sign(x) at 0, not at all)."""
    at = evaluate(a, {})
    for side in (1, -1):
        try:
            gaps = [abs(evaluate(f, {var: at + side * h}, table) - fa) for h in (1e-4, 1e-12)]
        except (CalcdiffError, ArithmeticError, ValueError, TypeError):
            continue  # no values on this side
        if gaps[1] > 1e-9 and gaps[1] > gaps[0] / 2:
            return False
    return True


def _infinity(v: float) -> str:
    return "+∞" if v > 0 else "−∞"


def _shown_limit(v) -> str:
    return to_plain(from_sympy(v)) if v.is_finite else _infinity(float(v))


def _point_slope(fa: Expr, m: Expr, x: Sym, a: Expr) -> Expr:
    """The line y = f(a) + m(x − a): simplified when every part is a rational number
    (``2*x - 1``), else kept in point-slope form, so that exact values read as they are
    (``sqrt(2)/2 + sqrt(2)/2*(x - pi/4)``, ``sqrt(3)/2 - 2*(x - pi/3)``)."""
    shift = sub(x, a)
    if all(type(v) is Num for v in (fa, m, a)) or (type(m) is Num and m.value == 0):
        return simplify_expr(add(fa, mul(m, shift)))
    term = times_shift(m, shift)
    return term if type(fa) is Num and fa.value == 0 else Add((fa, term))


def times_shift(m: Expr, shift: Expr, over: bool = False, flip: bool = True) -> Expr:
    """m·(x − a)ᵏ as a textbook writes it, the shift kept whole: a rational coefficient's
    denominator under the product (``(x - 1)**2/2``, not ``1/2*(x - 1)**2``), and with
    ``over`` any quotient's (``sqrt(3)*(x - pi/6)/2``; a line keeps ``sqrt(2)/2*(x - pi/4)``,
    its slope whole); a negative coefficient as a minus sign in front."""
    # a sum (of a quotient) keeps its signs inside its brackets: (1/2 + sqrt(3)/2)*(x - a),
    # and one that starts with a minus is negated whole: -(1/2 - sqrt(3)/2)*(x - a)
    body = m.num if type(m) is Div else m
    if flip and type(body) is Add and leads_with_minus(body):  # (a term of a sum)
        flipped = simplify_expr(negate(m))
        if not leads_with_minus(flipped):
            return Neg(times_shift(flipped, shift, over))
    negative = leads_with_minus(m) and type(body) is not Add
    if negative:
        m = Div(negate(m.num), m.den) if type(m) is Div else negate(m)
    if type(m) is Num and m.value.denominator != 1:  # (x - a)/3, not 1/3*(x - a)
        term = Div(mul(Num(m.value.numerator), shift), Num(m.value.denominator))
    elif type(m) is Div and over:  # sqrt(3)*(x - pi/6)/2, (x - 1)**5/(5*xi**5)
        term = Div(shift if m.num == ONE else mul(m.num, shift), m.den)
    else:
        term = mul(m, shift)
    return Neg(term) if negative else term


# ---------------------------------------------------------------------------------------------
# the difference quotient


def exact_value(e: Expr, env: dict[str, Fraction]) -> Fraction | None:
    """The exact rational value of ``e`` when it has one by arithmetic alone, else None."""

    def visit(node, vals):
        t = type(node)
        if t is Num:
            v = node.value
        elif t is Sym:
            v = env.get(node.name)
        elif t is Neg:
            v = None if vals[0] is None else -vals[0]
        elif t is Add:
            vals = list(vals)
            v = None if None in vals else sum(vals, Fraction(0))
        elif t is Mul:
            vals = list(vals)
            v = None
            if None not in vals:
                v = Fraction(1)
                for x in vals:
                    v *= x
        elif t is Div:
            n, d = vals[0], vals[1]
            v = None if n is None or d is None or d == 0 else n / d
        elif t is Pow:
            b, x = vals[0], vals[1]
            v = None
            if b is not None and x is not None and x.denominator == 1 and abs(x) <= 64:
                if not (b == 0 and x < 0):
                    v = b ** int(x)
        elif t is Call and node.func == "abs":
            v = None if vals[0] is None else abs(vals[0])
        else:
            v = None  # functions and constants: no exact rational value in general
        return v

    return bottom_up(e, visit)






def limit(expr, at, h="0.1", rows: int = 5, central: bool = False, vars=None,
          simplify: str = "basic", table=None) -> LimitTable:
    """The table of (f(a+h) − f(a))/h for h, h/10, h/100, … next to the exact f′(a)."""
    return with_decimals(call_deep(_limit, expr, at, h, rows, central, vars, simplify, table),
                          at)


def _parse_h(h) -> Fraction:
    if isinstance(h, Fraction):
        return h

    try:
        e = parse(str(h)).expr
    except CalcdiffError as exc:
        raise UsageError(f"--h {h}: {exc.message}") from None
    if type(e) is not Num or e.value <= 0:
        raise UsageError(f"--h must be a positive number, got {h}")
    return e.value


def _limit(expr, at, h, rows, central, vars, simplify, table) -> LimitTable:
    reading = read(expr, vars=vars, table=table, allow_request=False, names=point_names(at))
    var, a = _one_point(reading, at)
    if rows < 1 or rows > 30:
        raise UsageError("--rows must be between 1 and 30")
    h0 = _parse_h(h)
    d = derive(reading, [var], 1, at={var: a}, simplify=simplify, table=table)
    out = LimitTable(reading, var, a, d.value, d.value_float, central, derivation=d)
    exact_a = a.value if type(a) is Num else None
    exact_slope = d.value.value if type(d.value) is Num else None
    af = evaluate(a, {})
    f = reading.expr
    for k in range(rows):
        hk = h0 / 10**k
        hf = float(hk)
        if hf == 0 or not math.isfinite(af + hf):
            raise UsageError(f"h = {float(hk):.3g} cannot be written as a double (below about "
                             "5e-324 it is 0): give a larger --h or fewer --rows")
        q = None
        if exact_a is not None:
            if central:
                fp, fm = exact_value(f, {var: exact_a + hk}), exact_value(f, {var: exact_a - hk})
                if fp is not None and fm is not None:
                    q = (fp - fm) / (2 * hk)
            else:
                fp, f0 = exact_value(f, {var: exact_a + hk}), exact_value(f, {var: exact_a})
                if fp is not None and f0 is not None:
                    q = (fp - f0) / hk
        try:
            if central:
                qf = (evaluate(f, {var: af + hf}, table)
                      - evaluate(f, {var: af - hf}, table)) / (2 * hf)
            else:
                qf = (evaluate(f, {var: af + hf}, table) - evaluate(f, {var: af}, table)) / hf
        except DomainError as exc:
            # only the doubles may fail (log(1 - sigmoid(x)) near 37): the same quotient
            # from values at 60 digits
            left = add(a, Num(-hk)) if central else a
            ends = [precise_value(f, {var: p}, table) for p in (add(a, Num(hk)), left)]
            if None in ends or math.inf in map(abs, ends):  # (no quotient of doubles)
                raise DomainError(f"f is undefined near {var} = {af:g} for h = {hk}: "
                                  f"{exc.message}") from None
            qf = (ends[0] - ends[1]) / ((2 if central else 1) * hf)
        if q is not None and exact_slope is not None:
            err: Fraction | float | None = q - exact_slope
            out.rows.append(LimitRow(hk, q, float(q), qf, err))
        elif q is not None:
            out.rows.append(LimitRow(hk, q, float(q), qf, float(q) - d.value_float))
        else:
            # no rational value: the same quotient to 40 significant digits (via SymPy)
            hp, hp_err = _high_precision(f, d.value, var, a, hk, central, table)
            out.rows.append(LimitRow(hk, hp, float(hp), qf, hp_err))
    return out


def _high_precision(f: Expr, exact: Expr, var: str, a: Expr, h: Fraction, central: bool,
                    table=None):
    import sympy


    # cbrt and odd roots as the real roots calcdiff computes (SymPy's principal cube root
    # of a negative number is complex: the quotients at x = -8 failed to print)
    fs = to_sympy(f, rewrite_activations=True, table=table, real_roots=True)
    x = sympy.Symbol(var)
    a_s = to_sympy(a)
    h_s = sympy.Rational(h.numerator, h.denominator)
    if central:
        q = (fs.subs(x, a_s + h_s) - fs.subs(x, a_s - h_s)) / (2 * h_s)
    else:
        q = (fs.subs(x, a_s + h_s) - fs.subs(x, a_s)) / h_s
    qv = sympy.N(q, 40)
    err = sympy.N(q - to_sympy(exact, rewrite_activations=True, table=table,
                               real_roots=True), 40)
    return HighPrecision(str(qv)), float(err)




# ---------------------------------------------------------------------------------------------
# Taylor polynomials




def taylor(expr, at, order: int = 4, vars=None, simplify: str = "basic", table=None) -> Taylor:
    """The Taylor polynomial of ``order`` at the point, each coefficient f⁽ᵏ⁾(a)/k!."""
    return with_decimals(call_deep(_taylor, expr, at, order, vars, simplify, table), at)


def _term(c: Expr, shift: Expr, k: int, flip: bool = True) -> Expr:
    """c·(x − a)ᵏ with (x − a) kept whole, a minus sign on the numerator of a quotient
    (``-(x - 1)**2/2``) so that the term reads back as written."""
    term = times_shift(c, shift if k == 1 else Pow(shift, Num(k)), over=True, flip=flip)
    if type(term) is Neg and type(term.arg) is Div:
        return Div(Neg(term.arg.num), term.arg.den)
    return term


def _taylor(expr, at, order, vars, simplify, table) -> Taylor:
    if order < 0 or order > 30:
        raise UsageError("the order must be between 0 and 30")
    reading = read(expr, vars=vars, table=table, allow_request=False, names=point_names(at))
    var, a = _one_point(reading, at)
    check_domain(reading.expr, {var: a}, reading.plain, table)
    derivatives = [reading.expr]
    derivations = []
    current = reading
    for _ in range(order + 1):
        d = derive(current, [var], 1, simplify=simplify, table=table)
        derivations.append(d)
        derivatives.append(d.result)
        current = Reading(str(d.result), d.result)
    values, coefficients, terms = [], [], []
    x = Sym(var)
    # x + pi/4 about -pi/4 (not x - (-pi/4))
    shift = x if type(a) is Num and a.value == 0 else (
        Add((x, simplify_expr(negate(a)))) if leads_with_minus(a) else sub(x, a))
    for k in range(order + 1):
        try:
            v, _, note = derivative_at(derivatives[:k], [var] * k, derivatives[k], {var: a},
                                       table=table, what=f"the derivative of order {k}")
        except DomainError as exc:
            raise DomainError(f"the Taylor polynomial does not exist here: {exc.message}",
                              hint=exc.hint) from None
        note_kink(reading, note)
        c = simplify_expr(div(v, Num(math.factorial(k))))
        values.append(v)
        coefficients.append(c)
        if not (type(c) is Num and c.value == 0):
            # about a ≠ 0 each term keeps (x − a)ᵏ whole, as the polynomial is written:
            # e + e*(x - 1) + e*(x - 1)**2/2, not e + e*x - e + …
            terms.append(simplify_expr(mul(c, power(shift, Num(k)))) if shift is x or k == 0
                         else _term(c, shift, k))
    # about 0 the polynomial in standard form; about a ≠ 0 the sum of its terms as written,
    # c*(x - a)**k (simplifying would expand them: (6*x - pi)**3/1296)
    polynomial = (simplify_expr(add(*terms)) if terms else Num(0)) if shift is x \
        else signed_sum(terms)
    xi = Sym("xi" if var != "xi" else "zeta")
    r = simplify_expr(div(substitute(derivatives[order + 1], {var: xi}),
                          Num(math.factorial(order + 1))))
    remainder = (simplify_expr(mul(r, power(shift, Num(order + 1)))) if shift is x
                 else _term(r, shift, order + 1, flip=False))  # alone, not a term of a sum
    return Taylor(reading, var, a, order, derivatives, values, coefficients, polynomial, terms,
                  remainder, derivations[:order])


__all__ = ["tangent", "limit", "taylor", "exact_value", "with_decimals"]
_ = (Call, Const, Div, Mul, Neg, Pow, negate)
