"""What every command does around the rules: read the input, choose the variables, read a
point, simplify an answer into the trace, and evaluate it there (exactly and in floats)."""

from __future__ import annotations

import math

import re

from calcdiff import undefined as unknown
from calcdiff.algebra.build import substitute
from calcdiff.algebra.values import fold_calls
from calcdiff.algebra.evaluate import evaluate
from calcdiff.commands.constants import check_constants
from calcdiff.commands.undefined_calls import check_undefined_calls
from calcdiff.commands.domain_signs import nonnegative_variables, on_the_domain
from calcdiff.deriving.engine import Engine
from calcdiff.deriving.statements import domain_condition
from calcdiff.deriving.steps import Step, simplification
from calcdiff.errors import (CalcdiffError, DomainError, FloatOverflow, ParseError,
                             UnknownFunctionError, UsageError)
from calcdiff.names import natural_order
from calcdiff.read.lexer import SUPERSCRIPTS
from calcdiff.read.parser import parse
from calcdiff.read.point_words import nothing_before_point
from calcdiff.read.reading import Note, Reading
from calcdiff.read.request import is_request, parse_request
from calcdiff.read.rule_exprs import builtin_table
from calcdiff.simplify import simplify
from calcdiff.sympy_bridge import (bounded, huge_power, proves_zero, real_value, simplify_full,
                                   told_from_zero)
from calcdiff.table import RELATIONS
from calcdiff.tree.nodes import ZERO, Add, Call, Div, Expr, Mul, Neg, Num, Pow, Sym, walk
from calcdiff.tree.decimals import BelowDouble
from calcdiff.tree.printer import shown_point, to_plain



def read(text_or_expr, vars=None, table=None, allow_request=True, names=None,
         checked: bool = True) -> Reading:
    """The reading of an input; ``names``: the names that --let defines (never split, never
    a constant); ``checked``: refuse a call of an unknown function and a constant with no
    value (ln(-1)) -- not for ``parse``, which shows the reading as it is."""
    if isinstance(text_or_expr, Reading):
        return text_or_expr
    if isinstance(text_or_expr, str):
        nothing_before_point(text_or_expr)  # at x = 2, alone
    if isinstance(text_or_expr, Expr):
        reading = Reading(to_plain(text_or_expr), text_or_expr)
    elif text_or_expr.rstrip().endswith(".") and re.search(_FINAL_PERIOD, text_or_expr):
        # x^2 sin x. as a sentence ends: the period blanked (every column kept), and said
        at = text_or_expr.rstrip().rfind(".")
        return _blanked(text_or_expr, at, at + 1, "the period at the end is read as the end "
                        "of a sentence", vars, table, allow_request, names, checked)
    elif text_or_expr.rstrip().endswith("?") and allow_request and is_request(text_or_expr):
        # d/dx x^2 = ?, d/dx x^2?: the question is the request's
        asked = re.search(r"(?:=\s*)?\?\s*$", text_or_expr)
        return _blanked(text_or_expr, asked.start(), asked.end(), "the question at the end "
                        "is read as asking for the derivative", vars, table, allow_request,
                        names, checked)
    elif allow_request or "∇" in text_or_expr or "\\nabla" in text_or_expr:
        # grad reads ∇f of …, ∇(x^2 y) as its own request
        reading = parse_request(text_or_expr, vars=vars, table=table, names=names)
    else:
        if is_request(text_or_expr):  # d/dx …, "the derivative of …": derive's, not ours
            raise ParseError(
                "this command takes the function itself, not a derivative request",
                text_or_expr, len(text_or_expr) - len(text_or_expr.lstrip()),
                len(text_or_expr.rstrip()),
                hint="give the function alone (a request like d/dx … is for calcdiff derive)")
        reading = parse(text_or_expr, vars=vars, table=table, names=names)
    if checked and not reading.short_way:  # (the short way reads no call, no constant power)
        check_undefined_calls(reading)
        check_constants(reading, table or builtin_table())
    return reading


def read_to_evaluate(text, vars=None, table=None, names=None) -> Reading:
    """The reading of a function that descend, newton and backprop evaluate: no request, and
    no unknown function (they have no --function: the hint says --rules)."""
    try:
        return read(text, vars=vars, table=table, allow_request=False, names=names)
    except UnknownFunctionError as exc:
        exc.hint = exc.hint_without_option or exc.hint
        raise


def _blanked(text: str, start: int, end: int, said: str, *args) -> Reading:
    """The reading of ``text`` with ``text[start:end]`` (its punctuation) blanked, every
    column kept, and a note saying so."""
    blanked = text[:start] + " " * (end - start) + text[end:]
    try:
        reading = read(blanked, *args)
    except CalcdiffError as exc:
        if exc.text == blanked:
            exc.text = text  # the echo shows what was typed
        raise
    reading.text = text
    reading.notes.append(Note("punctuation", said, start, end))
    return reading


# a period ending the input after a letter or a closing bracket: punctuation (after a digit
# it belongs to the number, 2. = 2)
_FINAL_PERIOD = (r"[A-Za-z)\]}|'′" + "".join(c for c, v in SUPERSCRIPTS.items() if v.isalnum())
                 + r"]\s*\.\s*$")  # x², eˣ. too: the lexer's superscripts


def simplify_expr(e: Expr, mode: str = "basic", table=None) -> Expr:
    """``e`` simplified as ``mode`` says, with the identities of ``table`` (a user's rule files
    bring their own)."""
    if mode == "none":
        return e
    result = simplify(e, table=table)
    if mode == "full":
        result = simplify_full(result)
    return result


def final_answer(step: Step, f: Expr, var: str, mode: str, table=None,
                 reading: Reading | None = None) -> Step:
    """The last step of the trace: the simplification of ``step`` (the derivative of ``f``
    by ``var``) to the final answer, computed once here and only read afterwards.

    When ``f`` is constant in disguise -- ``sqrt((x - x)*sec(x))``, ``|x - x|`` -- the rules'
    output divides by zero (``1/(2*sqrt(0))*0``). Then ``f`` itself is simplified and
    differentiated again: a constant gives 0, with a note on the reading."""
    start = step.result if mode != "none" else step.raw
    try:
        answer = simplify_expr(start, mode, table)
        if mode != "none":  # |v| is v where f's own domain keeps v >= 0 (domain_signs)
            answer = on_the_domain(answer, lambda: nonnegative_variables(
                f, table or builtin_table()), lambda e: simplify_expr(e, mode, table))
        return simplification(step, start, answer)
    except DomainError:
        g = simplify(f, table=table)  # a DomainError here is the input's own (1/(x - x)): it propagates
        if g == f:
            raise
        if reading is not None:
            reading.notes.append(Note(
                "constant", f"{to_plain(f)} simplifies to {to_plain(g)}; the rules' form of "
                f"its derivative divides by zero, so the answer is that of {to_plain(g)}",
                0, len(reading.text)))
        if var not in g.free:
            return simplification(step, start, Num(0))
        return simplification(step, start,
                              simplify_expr(Engine(var, table).d(g).result, mode, table))


def value_at(e: Expr, point: dict[str, Expr], mode: str = "basic", table=None
             ) -> tuple[Expr, float]:
    """The exact value (simplified) and a float of ``e`` at ``point``."""

    missing = sorted(e.free - point.keys())
    if missing:
        raise UsageError(f"--at gives no value for {', '.join(missing)}")
    try:
        env = {k: evaluate(v, {}) for k, v in point.items()}
        f = evaluate(e, env, table)  # first: a point outside the domain is an error
    except FloatOverflow:  # the decimal is past a double; the exact value still holds
        f = math.inf
    except DomainError:
        f = precise_value(e, point, table)
        if f is None:
            raise
    try:
        exact = exact_at(e, point, mode, table)
    except DomainError as exc:  # 1/cos(x) at pi/2: zero only exactly
        raise undefined_at(to_plain(e), point, exc) from None
    if not exact.free:
        try:  # the float of the exact value: cos(pi/2) is 0, not 6.12e-17
            f = evaluate(exact, {}, table)
        except (DomainError, FloatOverflow):
            # the doubles fail on the way (exp(1000)/(exp(1000) + 1) is about 1)
            precise = precise_value(exact, {}, table)
            f = f if precise is None else precise  # 0.0 too: e^-1000 underflows to it
            if precise is None and huge_power(exact) and not _past_a_double(exact):
                f = None  # sin(10**1000000), 1 + 1/10**10000000: no decimal, no "overflow"
        if f is not None and type(exact) is not Num and _far_round(exact, table):
            precise = precise_value(exact, {}, table)  # sin(e^40): e^40's double is 32 off
            f = f if precise is None else precise
        if f is not None and type(exact) is not Num and _round_off(exact, f, table):
            exact, f = _beyond_doubles(exact, f, table)
        elif f == 0 and type(exact) is Num and exact.value:  # 1/10**400: below a double
            f = BelowDouble(math.copysign(0.0, exact.value))
    return exact, f


ROUND_OFF = 1e-12  # a double this small beside the size of its terms may be their round-off
FAR_ROUND = 1000.0  # a periodic function of a double past this has lost digits: its round-off
# (1.1e-16 of it) is an error in the angle, so sin(e^16) keeps 9 digits, sin(e^40) none
PERIODIC = frozenset(("sin", "cos", "tan", "sec", "csc", "cot"))


def _exact_double(e: Expr) -> bool:
    """Whether ``e`` is a whole number that a double holds exactly (3^40 is not: 2^53 is the
    last of a run of them)."""
    return type(e) is Num and e.value._denominator == 1 and abs(e.value._numerator) <= 2 ** 53


def _far_round(exact: Expr, table) -> bool:
    """Whether the constant ``exact`` takes a periodic function of an angle whose double is
    past :data:`FAR_ROUND` and not exact (then its round-off moves the function's value: its
    decimal is worked out at 60 digits instead)."""
    for node in walk(exact):
        if type(node) is Call and node.func in PERIODIC and not _exact_double(node.args[0]):
            try:
                if abs(evaluate(node.args[0], {}, table)) > FAR_ROUND:
                    return True
            except (DomainError, FloatOverflow, ArithmeticError):
                return True
    return False


def _round_off(exact: Expr, f: float, table) -> bool:
    """Whether the double ``f`` of the constant ``exact`` is too small beside the size of its
    terms to be told from their round-off (3.3e-16 for a sum that is 0 exactly)."""
    terms = exact.args if type(exact) is Add else (exact,)
    try:
        scale = sum(abs(evaluate(t, {}, table)) for t in terms)
    except (DomainError, FloatOverflow, ArithmeticError):
        return False
    return math.isfinite(scale) and abs(f) <= ROUND_OFF * max(1.0, scale)


def _beyond_doubles(exact: Expr, f: float, table) -> tuple[Expr, float]:
    """A value that doubles cannot tell from 0: its decimal from 60 digits; 0 exactly when
    the digits cannot tell it from 0 either and SymPy proves it (2σ(2x) − tanh x has
    derivative 0, at x = 1 ``tanh(1)**2 + 4*sigmoid(2)*(1 - sigmoid(2)) - 1``); else ≈ 0,
    not the doubles' noise."""
    precise = told_from_zero(exact, PRECISE_DIGITS, table)
    if precise is not None:  # (0.0: told from 0, but below a double: exp(-1000))
        return exact, precise if precise != 0 else BelowDouble(precise)
    if bounded(proves_zero, exact, table, fallback=False):
        return ZERO, 0.0
    return exact, 0.0


def _past_a_double(e: Expr) -> bool:
    """Whether the exact number ``e`` is surely past a double: a power of a number beyond 1
    to a positive power, times numbers (10**10000000, 2**4000*3**(2**4000 - 1))."""
    if type(e) is Neg:
        return _past_a_double(e.arg)
    if type(e) is Pow:
        return type(e.base) is Num and abs(e.base.value) > 1 and not e.exp.free and \
            _sign_of(e.exp) > 0
    if type(e) is Mul:
        return any(_past_a_double(a) for a in e.args) and all(
            type(a) is Num or _past_a_double(a) for a in e.args)
    return False


def _sign_of(e: Expr) -> float:
    """The sign of the constant ``e`` in doubles (an exponent past a double is positive
    when it overflows upward)."""
    try:
        return math.copysign(1.0, evaluate(e, {}))
    except FloatOverflow:
        return 1.0
    except (DomainError, ArithmeticError, ValueError):
        return 0.0


def exact_at(e: Expr, point: dict[str, Expr], mode: str = "basic", table=None) -> Expr:
    """``e`` at the point, exactly: substituted, special values folded, simplified."""

    folded = fold_calls(simplify_expr(substitute(e, point), "basic" if mode == "none" else mode,
                                      table),
                        table)
    return simplify_expr(folded, "basic" if mode == "none" else mode, table)


def undefined_at(what: str, point: dict[str, Expr], exc: DomainError) -> DomainError:
    """``what`` is undefined at the point, said once: ``1/x is undefined at x = 0 (division by
    zero)``; the part that has no value is named when it is not ``what`` itself."""
    where = f"{what} is undefined at {shown_point(point)}"
    m = re.fullmatch(r"(.*) is undefined here(?: \((.*)\))?", exc.message, re.S)
    if m is None:
        return DomainError(f"{where}: {exc.message}")
    part, why = m.groups()
    if part == what:
        return DomainError(where + (f" ({why})" if why else ""))
    return DomainError(f"{where}: {part} has no value there" + (f" ({why})" if why else ""))


def require_values(e: Expr, point: dict[str, Expr], table=None, let: bool = True) -> None:
    """Raise UsageError when ``e`` calls a function the input leaves unknown (f(x), g'(x)):
    it has no number at ``point``. ``let``: the command takes a definition (--let)."""
    table = table or builtin_table()
    for node in walk(e):
        if type(node) is Call and node.func not in table.functions:
            parts = unknown.split(node.func)
            if parts is not None:
                shown = ", ".join(f"{k} = {to_plain(v)}" for k, v in point.items())
                raise UsageError(f"{to_plain(node)} has no value at {shown}: {parts[0]} is an "
                                 "unknown function",
                                 hint=f'define it, e.g. --let "{parts[0]}(x)=x^2"' if let
                                 else "write its formula in its place, e.g. x^2 for f(x)")


def check_domain(e: Expr, point: dict[str, Expr], what: str, table=None) -> None:
    """Raise DomainError when ``e`` is undefined at the point (ln x at -1, 1/x at 0)."""

    try:
        env = {k: evaluate(v, {}) for k, v in point.items()}
    except FloatOverflow:
        return  # a point past a double: only the exact value can be computed
    table = table or builtin_table()

    require_values(e, point, table)
    missing = natural_order(e.free - point.keys())
    if missing:  # x^2 --at y=1: not undefined, only not given
        given = ", ".join(f"{k} = {to_plain(v)}" for k, v in point.items())
        raise UsageError(f"the point {given} gives no value for {', '.join(missing)}",
                         hint="give every variable a value: --at " + ",".join(
                             f"{v}=…" for v in natural_order(e.free | point.keys())))
    for node in walk(e):
        if type(node) is Pow and type(node.exp) is Num and node.exp.value.denominator != 1:
            # a root of a negative number has no real value, whatever is done with it after
            # (|sqrt(-4)| is 2 only through a complex number): not left to the 60 digits below
            try:
                negative = evaluate(node.base, env, table) < 0
            except (DomainError, FloatOverflow):
                continue
            if negative:
                error = undefined_at(what, point, DomainError(
                    f"{to_plain(node)} is undefined here (a root of a negative number)"))
                k, base = node.exp.value, to_plain(node.base)
                if k.denominator % 2:  # x^(2/3): the real cube root is written cbrt(x)^2
                    power = "" if k.numerator == 1 else f"^{k.numerator}"
                    real = (f"cbrt({base})" if k.denominator == 3 else
                            f"root({base}, {k.denominator})") + power
                    error.hint = ("a fractional power is the principal root, undefined below 0; "
                                  f"for the real root write {real}")
                raise error
            continue
        if type(node) is Call:
            rule = table.functions.get(node.func)
            if rule is None or rule.domain is None or rule.piecewise:
                continue
            if rule.id in ("d-sqrt", "d-cbrt", "d-root"):
                continue  # defined on the boundary; the derivative check below catches 0
            mapping = {"u": node.args[0]}
            try:
                u_val = evaluate(node.args[0], env, table)
            except DomainError:
                continue
            ok = condition_holds(rule, u_val, table, node.args[0], point)
            if not ok and ((u_val == 0 and defined_at_its_kink(rule, table))
                           or defined_on_its_edge(rule, node, u_val, table)):
                continue  # sign(0) = 0, asin(1) = pi/2: defined; only f′'s rule fails
            if not ok:
                shown = shown_point(point)
                conds = domain_condition(rule, mapping)
                if len(what) > 60:  # a long input is not echoed again in the message
                    what = "the expression"
                raise DomainError(f"{to_plain(node)} is not defined at {shown} ({what} needs {conds})")
    try:
        evaluate(e, env, table)
    except FloatOverflow:
        return  # defined, only too large for a double: the exact value is still computed
    except DomainError as exc:
        if precise_value(e, point, table) is not None:
            return  # only the doubles fail: log(1 - sigmoid(37)), where 1 - sigmoid(37) is 0
        raise undefined_at(what, point, exc) from None


_U = Sym("u")


def kinked(rule) -> bool:
    """Whether ``rule``'s derivative holds only where u != 0 (relu, abs, sign, heaviside; a
    kink, a jump or a gap at 0)."""
    return rule.domain is not None and rule.domain.parts == ((_U, "!=", ZERO),)


def defined_at_its_kink(rule, table) -> bool:
    """Whether ``rule``'s function is defined at 0 though its derivative's rule holds only
    where u != 0 (relu, abs, sign: a kink or a jump there, not a gap in the domain)."""
    if not kinked(rule):
        return False
    try:
        evaluate(Call(rule.function, (ZERO,)), {}, table)
    except (DomainError, FloatOverflow):
        return False  # coth: no value at 0 at all
    return True


def defined_on_its_edge(rule, node: Expr, u_val: float, table) -> bool:
    """Whether u is an edge of ``rule``'s strict inequalities (|u| < 1, u > 1) where the
    function itself has a value: asin(1), acosh(1), asec(1); not log(0), asech(0)."""
    edge = False
    for lhs, op, rhs in rule.domain.parts:
        a, b = evaluate(lhs, {"u": u_val}, table), evaluate(rhs, {"u": u_val}, table)
        if RELATIONS[op](a, b):
            continue
        if op not in ("<", ">") or abs(a - b) > 1e-12 * max(1.0, abs(a), abs(b)):
            return False
        edge = True
    try:
        return edge and math.isfinite(evaluate(Call(rule.function, (Num(u_val),)), {}, table))
    except (DomainError, FloatOverflow, ArithmeticError, ValueError):
        return False


def condition_holds(rule, u_val: float, table, arg: Expr | None = None,
                    point: dict | None = None) -> bool:
    """Does the entry's domain hold at u? In floats, and exactly where the floats are too
    close to tell (cos(pi/2) is 6.1e-17 in floats, 0 exactly: tan is undefined there)."""
    for lhs, op, rhs in rule.domain.parts:
        a = evaluate(lhs, {"u": u_val}, table)
        b = evaluate(rhs, {"u": u_val}, table)
        if arg is not None and abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b)):
            try:
                ea, eb = (exact_at(substitute(side, {"u": arg}), point or {}, table=table)
                          for side in (lhs, rhs))
            except DomainError:
                ea = eb = None
            if type(ea) is Num and type(eb) is Num:
                a, b = ea.value, eb.value
            elif ea is not None and eb is not None:
                a, b = _precise_difference(ea, eb, table), 0
        if not RELATIONS[op](a, b):
            return False
    return True


PRECISE_DIGITS = 60


def precise_value(e: Expr, point: dict[str, Expr], table=None) -> float | None:
    """``e`` at ``point`` computed at 60 digits (SymPy's evalf, loaded only where doubles
    fail: 1 − sigmoid(37) is 0 in doubles, so log of it has no double, but it is −37), as a
    double; ±inf for a finite value past a double (1/x at x = 1e-330 is 1e330: defined, not
    a division by zero); None when it is not a finite real number there."""
    v = real_value(substitute(e, point), PRECISE_DIGITS, table)
    f = None if v is None else float(v)
    return f if f is not None and not math.isnan(f) else None


def _precise_difference(a: Expr, b: Expr, table) -> float:
    """a − b for exact constants whose doubles are too close to tell apart (1 − sigmoid(37)
    is 0 in doubles, 8.5e-17 exactly): its sign at 60 digits, as ±1 or 0; the doubles'
    difference when SymPy cannot tell either."""
    v = real_value(Add((a, Neg(b))), PRECISE_DIGITS, table)
    if v is not None:
        return 1.0 if bool(v > 0) else -1.0 if bool(v < 0) else 0.0
    return evaluate(a, {}, table) - evaluate(b, {}, table)


def locate_zero_division(reading: Reading, error: DomainError) -> DomainError:
    """``error`` pointed at the denominator of the input that is zero in disguise
    (``x/(2 - 2)``, ``1/(x - x)``), the input echoed with a caret under it."""

    if error.start is not None:
        return error
    for node in walk(reading.expr):
        t = type(node)
        den = node.den if t is Div else (
            node.base if t is Pow and type(node.exp) is Num and node.exp.value < 0 else None)
        if den is None or id(den) not in reading.spans:
            continue
        try:
            zero = simplify(den) == Num(0)
        except DomainError:
            zero = False
        if zero:
            start, end = reading.spans[id(den)]
            return DomainError(f"division by zero: {to_plain(den)} is 0", reading.text, start,
                               end, hint="the expression is undefined for every value")
    error.text = error.text or reading.text
    return error
