"""Implicit differentiation: ``derive "x^2 + y^2 = 25"`` gives dy/dx.

Both sides are differentiated by the independent variable with the dependent one read as an
unknown function of it (y = y(x)), so y′ enters through the engine's chain rule; the y′ terms
are collected (the equation is linear in y′) and solved. Order n ≥ 2 differentiates the
previous answer the same way and substitutes y′. Default: y depends on x (``--dependent``,
``-x``)."""

from __future__ import annotations

import re

from calcdiff.algebra.build import add, div, mul, negate, sub, substitute
from calcdiff.algebra.evaluate import evaluate
from calcdiff.commands.request import check_domain, exact_at, final_answer, simplify_expr, value_at
from calcdiff.commands.variables import check_var
from calcdiff.commands.numbers import decimals_written
from calcdiff.commands.points import parse_point
from calcdiff.deep import call_deep
from calcdiff.deriving.engine import Engine
from calcdiff.errors import CalcdiffError, DomainError, ParseError, UsageError
from calcdiff.names import held_words, natural_order
from calcdiff.read.definitions import (DEFINITION, definition_arguments, defines, letter_product,
                                      variable_name)
from calcdiff.read.equation_request import (EquationRequest, equation_request, plain_words,
                                            point_first)
from calcdiff.read.latex import blank_delimiters
from calcdiff.read.brackets import open_brackets
from calcdiff.read.parser import parse
from calcdiff.read.reading import Note, Reading
from calcdiff.read.spellings import a_function_spelling
from calcdiff.read.point_words import (AT_END, AT_WORDS_HEAD, ends_with_point, loose_point,
                                       nothing_before_point, option_text)
from calcdiff.read.request import as_read, is_request
from calcdiff.results import Differentiation
from calcdiff.table import builtin_entries
from calcdiff.results_implicit import ImplicitDerivative
from calcdiff.tree.nodes import ONE, ZERO, Add, Call, Div, Expr, Neg, Num, Sym, bottom_up, neg, rebuild
from calcdiff.tree.decimals import terminates
from calcdiff.tree.printer import shown_point, to_plain
from calcdiff import undefined as unknown

# one '=' that is not part of ==, <=, >=, !=
_EQUALS = re.compile(r"(?<![=<>!])=(?!=)")
# y = ..., f(x) = ...: a definition, read by the parser as its right-hand side
_DEFINED = re.compile(r"^\s*([^\W\d]\w*)\s*(?:\([^()=]*\))?\s*$")


def equation_in(text, by=None) -> tuple[EquationRequest | None, tuple[str, str, int] | None]:
    """(the request around it, its sides) when the input ``text`` is an equation to
    differentiate implicitly (``x^2 + y^2 = 25``, ``find dy/dx if x = tan(y)``, or ``x =
    y^2`` differentiated ``by`` x alone, the name it defines: -x x, an answer's dy/dx; ``by``
    a variable or the variables of a request); (the request, None) for a definition in
    request words (``y = x^2, find dy/dx``: the derivative of its right side); else ``(None,
    None)``: how derive and parse tell them."""
    if by is not None and not isinstance(by, str):  # -x x -x x: by x; -x x -x y: by none
        by = by[-1] if by and len(set(by)) == 1 else None
    if not isinstance(text, str):
        return None, None
    text = as_read(text)  # 𝑓(𝑥) = 𝑥², y’ = x^3: a definition, primes (no equations)
    nothing_before_point(text)  # at x = 2, alone: not the equation a·t·x = 2
    if "|" in text:
        loose_point(text)  # d/dx x^3 |x=2: a point, not the equation |x = 2
    if text.rstrip().endswith("?") and is_request(text) and (
            "=" not in text or re.search(r"=\s*\?\s*$", text)):
        return None, None  # d/dx x^2 = ?: the request's question (commands.request.read)
    asked = equation_request(text)
    if asked is not None:
        sides = equation_sides(asked.padded, asked.dependent, asked.independent)
        if sides is not None:
            return asked, sides
        left = asked.padded.partition("=")[0]
        if _DEFINED.match(left):  # the words decide: y = x^2, find d^2y/dx^2 (y on the right)
            return asked, None
    return None, equation_sides(text, independent=by)


# "… at (3, 4)" ending an equation: the point (x, y) as a textbook writes it on the curve
_AT_PAIR = re.compile(AT_WORDS_HEAD + r"\(\s*([^()=,]+?)\s*,\s*([^()=,]+?)\s*\)\s*[.?]?\s*$",
                      re.I)


def equation_point(text, dependent: str | None = None, independent: str | None = None):
    """``(the equation with the words blanked, the point as --at writes it, the words, its
    :func:`equation_in`)`` for an equation ending with its point in words (``x^2 + y^2 = 25
    at x = 3, y = 4``, ``… at (3, 4)``: a pair is the coordinates of the equation's two
    variables in their usual order, x before y, whichever depends on which; with more
    variables, the independent one and the dependent one), else None."""
    if not isinstance(text, str) or "=" not in text:
        return None
    text = point_first(text)  # find dy/dx at (3, 4) if …: … at (3, 4)
    # \text{ at } (3, 4): the LaTeX words as words, every column kept
    words = plain_words(text) if "\\" in text else text
    pair = _AT_PAIR.search(words)
    m = pair or AT_END.search(words)
    if m is None or "=" not in text[:m.start()]:
        return None
    padded = text[:m.start()] + " " * (len(text) - m.start())
    found = equation_in(padded)
    sides = found[1]
    if sides is None:
        return None  # x^2 at x = 1: the request reader's point
    if pair:
        try:
            names = natural_order(parse(sides[0]).expr.free | parse(sides[1]).expr.free)
        except CalcdiffError:
            names = []
        if len(names) != 2:
            names = [independent or "x", dependent or "y"]
        at = f"{names[0]}={pair.group(1)},{names[1]}={pair.group(2)}"
    else:
        at = option_text(m.group(1))
    return padded, at, text[m.start():].strip(), found


def equation_sides(text: str, dependent: str | None = None,
                   independent: str | None = None) -> tuple[str, str, int] | None:
    """``(left, right, column of '=')`` when ``text`` is an equation to differentiate
    implicitly; None for an expression or a definition (``y = x^2``, ``f(x) = …``) whose
    name does not appear on its right -- unless a request asks for the derivative of another
    variable, ``dependent``, or by the defined one, ``independent`` (``find dy/dx if x =
    tan(y)``, ``x = y^2 wrt x``: then it is an equation)."""
    if "=" not in text:
        return None
    text = blank_delimiters(text)  # $x^2 + y^2 = 25$: each side is read without them
    found = list(_EQUALS.finditer(text))
    if len(found) != 1:
        return None
    at = found[0].start()
    left, right = text[:at], text[at + 1:]
    if not left.strip() or not right.strip() or open_brackets(left) > 0:
        return None  # (x = 2), sin(x = 1): the parser's error, at the '='
    if is_request(text) or ends_with_point(text):
        return None  # y' = …, d/dx (…)|_{x=1}, ∇ …, x^2 at x = 1: the request reader's
    if "\\" in left:  # g\left(t\right) = …, as exported: g(t); \text{loss} = …: loss
        left = plain_words(left)
    m = _DEFINED.match(left)
    if m and "(" in left and m.group(1) not in unknown.FUNCTION_LETTERS and not DEFINITION.match(
            left + "=") and re.search(r"[A-Za-z]", left[left.index("("):]):
        m = None  # x(y + 2) = y^3: a product, not x of y + 2 defined (y(0) = 1 stays refused)
    if m and "(" not in left and (
            (dependent is not None and variable_name(m.group(1)) != dependent)
            or variable_name(m.group(1)) == independent):
        return left, right, at  # dy/dx if x = tan(y): y as a function of x, implicitly
    if m and not _holds(m.group(1), left, right) and _defines(m.group(1), left, right):
        return None  # a definition: the parser reads its right-hand side
    return left, right, at


def _holds(name: str, left: str, right: str) -> bool:
    """Whether the right side of ``name = right`` holds the name defined: written alone
    (``y = x*y + 1``), or -- a plain name -- inside a run of letters the parser splits
    (``y = sin(xy)``, ``y = xtany``: an equation in y, differentiated implicitly). The
    right side is parsed only when the name is among its letters."""
    if re.search(r"(?<![A-Za-z_])" + re.escape(name) + r"(?![A-Za-z_0-9(])", right):
        return True
    if "(" in left or name not in right:
        return False
    try:
        return variable_name(name) in parse(right).expr.free
    except CalcdiffError:
        return False  # the parser will say what is wrong with it


def _defines(name: str, left: str, right: str) -> bool:
    """Whether ``left = right`` defines ``name`` (:func:`calcdiff.read.definitions.defines`:
    not ``cos(y) = x``, ``xy = 1``, ``xy = e^(x - y)``; ``x0 = 3`` stays a point), parsing
    the right side only for a name whose answer depends on it."""
    arguments = definition_arguments(left)
    if not letter_product(name, arguments) and not a_function_spelling(
            name, builtin_entries().names):
        return True  # any other name defines: the parser reads its right side, once
    try:
        free = parse(right).expr.free
    except CalcdiffError:
        return True  # the parser will say what is wrong with it
    return defines(name, arguments, free)


def implicit_derive(text: str, order: int = 1, *, dependent=None, wrt=None, vars=None,
                    at=None, simplify: str = "basic", table=None,
                    request: EquationRequest | None = None,
                    sides=None) -> ImplicitDerivative:
    """dy/dx (order ``order``) of the equation ``text`` with ``dependent`` = y(``wrt``);
    ``request``: the words around the equation in ``text`` ("find dy/dx if …"); ``sides``:
    its :func:`equation_sides`, where the caller has them."""
    return call_deep(_implicit, text, order, dependent, wrt, vars, at, simplify, table,
                     request, sides)


def equation_reading(text: str, vars=None, table=None, request=None, sides=None) -> Reading:
    """How the equation ``text`` (or the one inside ``request``) is read: ``expr`` its left
    side, ``right`` its right side, the notes and spans of both at the input's columns."""
    if sides is None:
        sides = (equation_sides(text) if request is None else
                 equation_sides(request.padded, request.dependent, request.independent))
    if sides is None:
        raise ParseError("expected one equation, like x^2 + y^2 = 25", text, 0, len(text))
    left_text, right_text, col = sides
    right_text = " " * (col + 1) + right_text
    try:
        lhs = parse(left_text, vars=vars, table=table)
        rhs = parse(right_text, vars=vars, table=table)
    except CalcdiffError as exc:
        if exc.text in (left_text, right_text):
            exc.text = text  # the whole input under the caret (the columns are its own)
        raise
    return Reading(text, lhs.expr, lhs.notes + rhs.notes, {**lhs.spans, **rhs.spans},
                   right=rhs.expr)


def _implicit(text, order, dependent, wrt, vars, at, simplify, table,
              request=None, sides=None) -> ImplicitDerivative:
    equation = equation_reading(text, vars, table, request, sides)
    lhs, rhs = equation.expr, equation.right
    expr = Add((lhs, neg(rhs)))
    reading = Reading(text, expr, equation.notes, equation.spans)
    try:
        y, x = _variables(expr, dependent, wrt)
    except UsageError as exc:  # under the whole equation
        if exc.text is None:
            exc.with_text(text)
            exc.start = len(text) - len(text.lstrip())
            exc.end = len(text.rstrip())
        left, _, right = text.partition("=")
        if request is not None and request.dependent is None and is_request(left):
            # d/dx x^2 = 2x: a derivative and an answer to it (not dy/dt if x^2 + y^2 = 25)
            raise UsageError("this is a derivative and an answer, not an equation to "
                             "differentiate", text, exc.start, exc.end,
                             hint=f"to check the answer, grade it: calcdiff grade "
                                  f"\"{left.strip()}\" --answer \"{right.strip()}\"") from None
        raise
    if order < 1 or order > 10:
        raise UsageError(f"the order of an implicit derivative must be 1 to 10, got {order}")
    if request is not None:
        asked = f"d{y}/d{x}" if order == 1 else f"d^{order}{y}/d{x}^{order}"
        reading.notes.insert(0, Note("leibniz", f"{request.words!r} read as a request: {asked} "
                                  "of the equation, by implicit differentiation", 0,
                                  request.start))
    others = sorted(expr.free - {x, y})
    fy = _function_name(y, expr.free)
    reading.notes.append(Note("implicit", f"{y} read as a function of {x}: {y} = {y}({x})"
                              + (f" (written {fy}({x}) in the steps)" if fy != y else "")
                              + (f"; {held_words(others)} held constant" if others else ""),
                              0, len(text)))
    of_x = {y: Call(fy, (Sym(x),))}
    parts = []
    for side in (lhs, rhs):
        f = substitute(side, of_x)
        step = Engine(x, table).d(f)
        parts.append(Differentiation(x, step, final_answer(step, f, x, simplify, table)))
    coefficient, rest, first = solved_for_prime(parts[0].simplified, parts[1].simplified, expr,
                                                x, y, simplify, table)
    p = _placeholder(expr)
    result = ImplicitDerivative(text, reading, lhs, rhs, y, x, tuple(parts),
                                coefficient, rest, first,
                                decimals=decimals_written(reading, at or ""))
    current = first
    for _ in range(order - 1):
        f = substitute(current, of_x)
        step = Engine(x, table).d(f)
        part = Differentiation(x, step, final_answer(step, f, x, simplify, table))
        current = _substitute_prime(part.simplified, x, y, fy, first, p, simplify, table)
        result.higher.append((part, current))
    if at is not None:
        _evaluate(result, parse_point(at), simplify, table)
    return result


def solved_for_prime(left: Expr, right: Expr, expr: Expr, x: str, y: str, simplify: str,
                     table=None) -> tuple[Expr, Expr, Expr]:
    """(coefficient, rest, y′) of the differentiated equation ``left = right`` (in y(x) and
    y′(x); ``expr``: the equation's own expression, whose names the placeholder avoids):
    left − right = 0 is linear in y′, coefficient·y′ = rest. UsageError where no term holds
    y′."""
    p = _placeholder(expr)
    difference = _back(sub(left, right), x, y, _function_name(y, expr.free), Sym(p))
    coefficient = _simplified(Engine(p, table).d(difference).result, simplify, table)
    if coefficient == ZERO:
        raise UsageError(f"the equation does not determine d{y}/d{x}: after differentiating, "
                         f"no term holds {y}′", hint=f"does the equation contain {y}?")
    if _cancels(coefficient, table):  # 0 in disguise: dividing by it gave dz/dx = 0
        raise UsageError(f"the equation does not determine d{y}/d{x}: after differentiating, "
                         f"the terms holding {y}′ cancel ({to_plain(coefficient)} is 0 at "
                         "every point tried)", hint=f"is it an identity in {y}?")
    rest = _simplified(negate(substitute(difference, {p: ZERO})), simplify, table)
    return coefficient, rest, _simplified(div(rest, coefficient), simplify, table)


# values of the variables, one draw each: both signs, small and past the kinks of relu(x - 3)
_DRAWS = (0.37, -0.81, 1.29, -1.73, 2.11, -2.9, 3.6, -4.4, 5.3, 0.63, -6.1, 7.7)


def _cancels(e: Expr, table=None) -> bool:
    """Whether the sum ``e`` is 0 at every point tried though no rule made it 0 (σ(z)·(1 −
    σ(z)) − e^(−z)/(1 + e^(−z))², the coefficient of z′ in \\sigma(z) = 1/(1 + e^(−z))): at
    each draw where it has a value and some term is not 0 (six at least), its terms cancel to
    within the doubles' rounding. A sum of unknown functions has no value to draw."""
    if type(e) is not Add:
        return False
    names = sorted(e.free)
    cancelled = 0
    for k in range(len(_DRAWS)):
        env = {v: _DRAWS[(k + 5 * i) % len(_DRAWS)] for i, v in enumerate(names)}
        try:
            terms = [evaluate(t, env, table) for t in e.args]
        except (DomainError, ArithmeticError, ValueError, KeyError, TypeError):
            continue  # no value there, or an unknown function (g'(y)): nothing to compare
        scale = max(map(abs, terms))
        if scale == 0:
            continue  # relu(x - 3) + relu(x - 4) at x = 1: every term 0 tells nothing
        if abs(sum(terms)) > 1e-9 * scale:
            return False
        cancelled += 1
    return cancelled >= 6


def _variables(expr: Expr, dependent, wrt) -> tuple[str, str]:
    if isinstance(wrt, (list, tuple)):
        if len(set(wrt)) > 1:
            raise UsageError("implicit differentiation takes one independent variable (-x)")
        wrt = wrt[0] if wrt else None
    x = check_var(wrt) if wrt else "x"
    free = expr.free
    y = check_var(dependent) if dependent else "y"
    if not dependent and (y == x or y not in free) and len(free - {x}) == 1:
        y = next(iter(free - {x}))  # y = x^2 wrt y: x depends on y; t = x^2 + x wrt t: x on t
    if x == y:
        raise UsageError(f"{y} cannot depend on itself", hint="give --dependent y -x x")
    if not dependent and free <= {x}:  # x^2 + 2x + 1 = 0: its solutions are points
        raise UsageError(f"this equation is in {x} alone: nothing in it depends on {x}, so "
                         "there is no derivative to find implicitly",
                         hint="to differentiate one side, give it alone, without its '= …'")
    if y not in free:
        raise UsageError(f"the equation does not contain {y}, the dependent variable",
                         hint="say which variable depends on which: --dependent y -x x")
    if x not in free and free - {y}:
        others = ", ".join(sorted(free - {y}))
        raise UsageError(f"the equation does not contain {x}: with {others} held constant, "
                         f"d{y}/d{x} would be 0, but in a related-rates problem {others} "
                         f"depend{'s' if len(free) == 2 else ''} on {x} too",
                         hint=f"differentiate by a variable of the equation (-x "
                         f"{sorted(free - {y})[0]}); calcdiff does not do related rates")
    return y, x


def _placeholder(expr: Expr) -> str:
    name = "p"
    while name in expr.free:
        name += "_"
    return name


def _function_name(y: str, free) -> str:
    """The unknown function that stands for ``y`` while the sides are differentiated: y
    itself, or for a name with a subscript (y_1, theta_0, y_a), which is no function's name,
    the name without its underscore (y1), else a letter the equation lacks."""
    if unknown.split(y) is not None and not unknown.split(y)[2]:
        return y
    plain = y.replace("_", "")
    if unknown.split(plain) is not None and not unknown.split(plain)[2] and plain not in free:
        return plain
    spare = next((f for f in ("u", "v", "w", "q", "g", "h") if f not in free), None)
    if spare is None:
        raise UsageError(f"{y} cannot be written as a function here: rename it (--dependent "
                         "y, with y in the equation)")
    return spare


def _back(e: Expr, x: str, y: str, fy: str, prime: Expr) -> Expr:
    """``e`` with fy(x) written y again and fy′(x) replaced by ``prime``."""
    arg = Sym(x)  # (fy′ by the engine's own naming of an unknown function's derivative)
    mapping = {Call(fy, (arg,)): Sym(y), Call(unknown.derivative(fy, 0, 1), (arg,)): prime}
    return bottom_up(e, lambda node, kids: mapping.get(node) or (rebuild(node, kids) if kids
                                                                 else node))


def _substitute_prime(e: Expr, x: str, y: str, fy: str, first: Expr, p: str, mode: str,
                      table) -> Expr:
    """``e`` = a/b, its numerator linear in y′ (a = a₀ + a₁·y′), with y′ = ``first`` = N/D,
    over one denominator: (a₀·D + a₁·N)/(b·D). Substituting N/D into the quotient directly
    would leave a fraction inside a fraction, which the simplifier keeps."""
    linear = _back(e, x, y, fy, Sym(p))
    a, b = _quotient(linear)
    n, d = _quotient(first)
    a1 = _simplified(Engine(p, table).d(a).result, mode, table)
    a0 = _simplified(substitute(a, {p: ZERO}), mode, table)
    return _simplified(div(add(mul(a0, d), mul(a1, n)), mul(b, d)), mode, table)


def _quotient(e: Expr) -> tuple[Expr, Expr]:
    """(numerator, denominator) of ``e`` as written (``-u/v`` too); ``(e, 1)`` otherwise."""
    if type(e) is Neg and type(e.arg) is Div:
        return negate(e.arg.num), e.arg.den
    if type(e) is Div:
        return e.num, e.den
    return e, ONE


def _simplified(e: Expr, mode: str, table) -> Expr:
    # collecting y′ needs a normal form, even with --simplify none
    return simplify_expr(e, "basic" if mode == "none" else mode, table)


def _evaluate(result: ImplicitDerivative, point: dict, mode: str, table) -> None:
    x, y = result.independent, result.dependent
    missing = sorted(result.expr.free - point.keys())
    if missing:
        raise UsageError(f"--at gives no value for {', '.join(missing)}",
                         hint=f"a point of the curve: --at {x}=…,{y}=…")
    shown = shown_point(point)
    check_domain(result.expr, point, "the equation", table)
    left = exact_at(result.lhs, point, mode, table)
    right = exact_at(result.rhs, point, mode, table)
    gap = exact_at(result.expr, point, mode, table)
    # exact where the point is, and where its digits were cut off (0.7071067811865476 for
    # 1/√2: a terminating decimal, not the point itself) within the doubles' reach
    cut = all(type(v) is Num and terminates(v.value) for v in point.values()) and any(
        type(v) is Num and v.value.denominator != 1 for v in point.values())
    if type(gap) is Num and not (cut and gap.value != 0):
        on_curve = gap.value == 0
    else:
        env = {k: evaluate(v, {}) for k, v in point.items()}
        a, b = evaluate(result.lhs, env, table), evaluate(result.rhs, env, table)
        on_curve = abs(a - b) <= 1e-12 * (1 + abs(a) + abs(b))
    if not on_curve:
        sides = ((to_plain(left), to_plain(right)) if not cut else
                 (f"{evaluate(left, {}, table):.12g}", f"{evaluate(right, {}, table):.12g}"))
        raise DomainError(f"the point {shown} is not on the curve: the left side is "
                          f"{sides[0]}, the right side {sides[1]}")
    try:
        check_domain(result.result, point, f"d{y}/d{x}", table)
        result.value, result.value_float = value_at(result.result, point, mode, table)
    except CalcdiffError as exc:
        if isinstance(exc, DomainError):
            raise DomainError(f"{exc.message} (a vertical tangent or a singular point of "
                              "the curve)") from None
        raise
    result.at = point


__all__ = ["equation_reading", "equation_sides", "implicit_derive", "solved_for_prime"]
