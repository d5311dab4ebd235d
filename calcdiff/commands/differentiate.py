"""The library API: what every command computes, as plain function calls.

>>> str(derive("3x^2-4x"))
'6*x - 4'
>>> str(derive("x^3", at={"x": 3}).value)
'27'
"""

from __future__ import annotations

from calcdiff.choices import Simplify
from calcdiff.commands.check import check_derivation
from calcdiff.commands.constants import check_constants, located
from calcdiff.commands.implicit import equation_in, equation_point, implicit_derive
from calcdiff.commands.lets import (
    chain_derive,
    expand_lets,
    let_names,
    parse_lets,
    with_function_lets,
)
from calcdiff.commands.differentiable import derivative_at, note_kink
from calcdiff.commands.numbers import decimals_written
from calcdiff.commands.parametric import parametric_derive, parametric_request
from calcdiff.commands.request import check_domain, final_answer, locate_zero_division, read
from calcdiff.commands.variables import options_not_used, resolve_wrt, wrt_names
from calcdiff.commands.points import inner_lets, parse_point, point_names
from calcdiff.deep import call_deep
from calcdiff.deriving.applied import function_names
from calcdiff.deriving.engine import Engine
from calcdiff.deriving.steps import Step
from calcdiff.errors import CalcdiffError, DomainError, NegativeBase, ParseError, UsageError
from calcdiff.names import held_words, natural_order
from calcdiff.read.primes import constant_point, point_error, primed_variable
from calcdiff.read.reading import Note, Reading
from calcdiff.read.rule_exprs import builtin_table
from calcdiff.table import with_unknown_functions
from calcdiff.results import Derivation, Differentiation
from calcdiff.simplify import simplify as simplify_tree
from calcdiff.simplify.alternates import alternate_forms
from calcdiff.tree.nodes import Call, Div, Pow, walk
from calcdiff.tree.printer import to_plain


def derive(expr, wrt=None, order: int = 1, *, vars=None, at=None, simplify: str = "basic",
           table=None, lets=None, check: bool = False, dependent=None, functions=None,
           full: bool = False):
    """Differentiate ``expr`` (text, a Reading or a tree) and show the work.

    ``wrt``: a variable or list of variables (a mixed partial in that order); ``order``
    repeats the last one. ``at``: ``"x=1,y=2"`` or a dict, for the exact and decimal value.
    An equation (``x^2 + y^2 = 25``) is differentiated implicitly, ``dependent`` (default y)
    a function of ``wrt`` (default x): the result is an :class:`ImplicitDerivative`.
    ``functions``: names of unknown functions of any length (``--function loss``).
    ``full``: print every expression whole, never with named shared sub-expressions.
    """
    simplify = Simplify.of(simplify, "--simplify")
    if functions:
        table = with_unknown_functions(table if table is not None else builtin_table(),
                                       functions)
    if isinstance(wrt, str):
        wrt = [wrt]
    curve = parametric_request(expr)  # dy/dx for x = t^2, y = t^3: a curve by a parameter
    if curve is not None:
        if check or lets:
            raise UsageError(f"{'--check' if check else '--let'} is not available for a curve "
                             "given by a parameter")
        result = parametric_derive(expr, curve, vars=vars, at=at, simplify=simplify,
                                   table=table)
        unused = _overridden(curve, order, dependent, wrt)  # the words win, as an equation's
        if unused:
            result.reading.notes.append(options_not_used(unused, expr))
        return result
    given = inner_lets(expr)  # dz/dt for z = x^2 y, x = cos t, y = sin t: the chain rule's
    if given is not None:
        head, inner, start = given
        said_lets = ", ".join(" = ".join(d.split("=", 1)) for d in inner)
        if equation_in(head, wrt)[1] is not None:  # x^2 + y^2 = r^2, r = 5t
            raise ParseError(f"an equation is differentiated alone: the definition"
                             f"{'s' if len(inner) > 1 else ''} after it ({said_lets}) cannot "
                             "be put into it", expr, start, len(expr.rstrip()),
                             hint="write the equation with the definitions put in, or leave "
                             "them out")
        result = derive(head, wrt, order, vars=vars, at=at, simplify=simplify, table=table,
                        lets=[*inner, *(lets or ())], check=check, dependent=dependent,
                        full=full)
        result.input = result.reading.text = expr  # as typed (the definitions end it)
        result.reading.notes.append(Note("let", f"{said_lets} read as definitions, "
                                         "substituted as --let gives them", 0, len(expr)))
        return result
    typed, said = expr, None
    found = None if at is not None else equation_point(expr, dependent, wrt[-1] if wrt else None)
    if found is not None:  # x^2 + y^2 = 25 at (3, 4): the equation, and its point as --at
        expr, at, said, (asked, sides) = found
    else:
        asked, sides = equation_in(expr, wrt)
    if sides is not None:
        if check or lets:
            raise UsageError(f"{'--check' if check else '--let'} is not available for "
                             "implicit differentiation (an equation)")
        if asked is not None and asked.point is not None:  # x^2 + y^2 = 25, y'(3): which y?
            _asked_point(expr, asked, vars, table)  # y'(2x): no point at all
            raise UsageError(f"{asked.words!r} gives one coordinate, and a point of the curve "
                             "needs both", hint="give the point with --at x=3,y=4, or end "
                             "the equation with 'at (3, 4)'")
        if asked is not None and asked.mixed:
            raise UsageError(f"{asked.words!r} asks for a mixed partial derivative, and "
                             "implicit differentiation is by one variable",
                             hint="write the function as a definition: f = x^2 y^3")
        unused = []
        if asked is not None:  # find dy/dx if x^2 + y^2 = 25: the words win, as d/dx x^5's
            unused = _overridden(asked, order, dependent, wrt)  # do; what they leave open,
            order = asked.order  # the options say
            dependent = asked.dependent or dependent
            wrt = [asked.independent] if asked.independent else wrt
        result = implicit_derive(expr, order, dependent=dependent, wrt=wrt, vars=vars, at=at,
                                 simplify=simplify, table=table, request=asked, sides=sides)
        if unused:
            result.reading.notes.append(options_not_used(unused, result.reading.text))
        if said is not None:
            result.input = result.reading.text = typed
            result.reading.notes.append(Note("evaluation-point", f"{said!r} read as the point "
                                             f"(--at {at})", 0, len(typed)))
        return result
    if dependent is not None:
        raise UsageError("--dependent is for an equation (implicit differentiation), like "
                         "x^2 + y^2 = 25")
    if asked is not None:  # y = x^2, find dy/dx: the definition, by the variable asked
        expr = definition_asked(expr, asked, vars, table, lets, at)
    d = call_deep(_derive, expr, wrt, order, vars, at, simplify, table, lets)
    d.full = full
    if check:
        d.check = call_deep(check_derivation, d, table)
    return d


def _asked_point(text: str, asked, vars, table):
    """The point of ``find f'(2)``, ``; f'(√2)`` after a definition, as an ``Expr``."""
    start = asked.point_at
    point = constant_point(text, start, start + len(asked.point), vars, table)
    if point is None:
        head = asked.words.split("(")[0].split()[-1]  # f' of "find f'(2x)"
        raise point_error(head, text, start, start + len(asked.point))
    return point


def definition_asked(text: str, asked, vars, table, lets=None, at=None,
                      checked: bool = True) -> Reading:
    """The reading of a definition written with request words around it (``y = x^2, find
    dy/dx``, ``find dy/dx if y = x^2``): the definition read with the words blanked (every
    column kept), and one note for the words."""
    try:
        reading = call_deep(read, asked.padded, vars=vars, table=table,
                            names=let_names(lets) | point_names(at), checked=checked)
    except CalcdiffError as exc:
        if exc.text == asked.padded:
            exc.text = text  # the whole input under the caret, the words too
        raise
    args = reading.arguments or ()
    if args and asked.independent and asked.independent not in args:
        # f(x) = x^3, find f'(y): f′ at y, which is no derivative by y (it answered 0)
        raise UsageError(f"{asked.words!r} asks for a derivative by {asked.independent}, but "
                         f"the definition is a function of {', '.join(args)}",
                         hint=f"ask for the derivative by {args[0]} (f'({args[0]})), and "
                              "evaluate it with --at")
    free, t = reading.expr.free, asked.independent
    if (asked.dependent and t == "t" and not args and t not in free and free
            and asked.point is None and not lets):  # by time t: a rate (y = C by x is 0);
        # --let x=cos t brings t in: the chain rule's
        # A = π r^2, find dA/dt: a related rate, which a 0 would not answer (r is held
        # constant); as the equation's (commands/implicit.py), with how to ask for it
        r = natural_order(free)[0]
        raise UsageError(f"the definition does not contain {t}: with "
                         f"{held_words(natural_order(free))} held constant, "
                         f"d{asked.dependent}/d{t} would be 0, but in a related-rates problem "
                         f"{'they depend' if len(free) > 1 else r + ' depends'} on {t}",
                         hint=f"write {r}({t}) for {r} as a function of {t} and pass --function "
                              f"{r}: d{asked.dependent}/d{t} is then in terms of {r}'({t})")
    reading.text = text
    # the input's own request, as d/dx … is: a variable it holds constant is said
    var = asked.independent
    if asked.point is not None:  # f(x) = x^3, find f'(2), f'(π): by its own variable, there
        var = var or (args[0] if args else primed_variable(reading.expr.free))
        at = asked.point_var or var  # … find dy/dx at t = 2: t, whatever it is by
        if at is not None:
            reading.at = {at: _asked_point(text, asked, vars, table)}
            reading.notes.append(Note("evaluation-point", f"{asked.words!r} asks for the "
                                      f"derivative at {at} = {asked.point}", 0, len(text)))
    reading.wrt = asked.mixed or ((var,) * asked.order if var else ())
    reading.order = asked.order
    by = (f"by {', '.join(asked.mixed)}" if asked.mixed else
          f"by {', '.join(reading.wrt)}" if var else  # d^2y/dx^2: by x, x, as d^2/dx^2's
          f"{asked.order} times by the default variable" if asked.order > 1 else
          "by the default variable")
    reading.notes.insert(0, Note("leibniz", f"{asked.words!r} read as a request: "
                                 f"differentiate {by}", 0, len(text)))
    return reading


def _derive(expr, wrt, order, vars, at, simplify, table, lets=None) -> Derivation:
    reading = read(expr, vars=vars, table=table,
                   names=let_names(lets) | point_names(at) | wrt_names(wrt))
    # --let "f(x)=3x": substituted before the rules run
    reading, lets = with_function_lets(reading, lets, vars, table)
    try:
        derivation = _derive_reading(reading, wrt, order, vars, at, simplify, table, lets)
    except DomainError as exc:
        raise locate_zero_division(reading, exc) from None
    constant = not derivation.result.free
    kinds = {type(n) for n in walk(reading.expr)} if simplify != "none" and (
        constant or function_names(reading.expr)) else ()  # (a drill line's: no walk)
    if (constant and (Div in kinds or Pow in kinds)) or (Div in kinds and Call in kinds):
        # a constant answer from an expression with a division, or a function of one: make
        # sure the expression is defined at all (1/(x - x) differentiates to 0 by the rules,
        # asin(2x/x) + x to 1; asin(2) is no number)
        try:
            simplified = simplify_tree(reading.expr)
        except DomainError as exc:
            raise locate_zero_division(reading, exc) from None
        try:
            check_constants(Reading(reading.text, simplified), table or builtin_table())
        except DomainError as exc:
            exc.start, exc.end = 0, len(reading.text.rstrip())  # (the whole input's)
            raise
    return derivation


def _overridden(asked, order: int, dependent, wrt) -> list[str]:
    """The options given on the command line that the words around an equation override."""
    given = [f"-n {order}"] if order != 1 and order != asked.order else []
    if dependent and asked.dependent and dependent != asked.dependent:
        given.append(f"--dependent {dependent}")
    if wrt and asked.independent and list(wrt) != [asked.independent]:
        given += [f"-x {v}" for v in wrt]
    return given


def _derive_reading(reading, wrt, order, vars, at, simplify, table, lets=None) -> Derivation:
    defs = None
    if lets:
        defs = parse_lets(lets, vars=vars, table=table)
        expanded = Reading(reading.text, expand_lets(reading.expr, defs), reading.notes,
                           reading.spans, reading.wrt, reading.at, reading.operator)
        variables = resolve_wrt(expanded, wrt, order)
    else:
        variables = resolve_wrt(reading, wrt, order)
    point = parse_point(at, reading)
    if point:
        base = expanded.expr if defs else reading.expr
        check_domain(base, point, to_plain(base), table)
        unused = [k for k in point if k not in base.free]
        if unused:  # --at x=1,z=3 for x^2: said, not silently kept
            one = len(unused) == 1
            reading.notes.append(Note(
                "unused-point", f"{', '.join(unused)} {'does' if one else 'do'} not occur in "
                f"{to_plain(base)}: {'its value is' if one else 'their values are'} not used",
                0, len(reading.text)))
    derivation = Derivation(
        input=reading.text, reading=reading, wrt=variables, simplify_mode=simplify
    )
    current = reading.expr
    differentiated = []  # each expression a rule was applied to (for a point's check)
    for k, var in enumerate(variables):
        if defs and k == 0 and current.free & defs.keys():
            step, _ = chain_derive(reading, var, defs, simplify, table)
            differentiated.append(expand_lets(current, defs))
            final = final_answer(step, differentiated[-1], var, simplify, table, reading)
            derivation.parts.append(Differentiation(var, step, final))
            current = final.result
            continue
        if defs:
            current = expand_lets(current, defs)
        differentiated.append(current)
        # f(x) = x^2 sin x: the placeholders keep off f, the function's own name
        try:
            step: Step = Engine(var, table, names=frozenset(
                (reading.defined,)) if reading.defined else frozenset()).d(current)
        except NegativeBase as exc:  # (-2)^x by x: the caret under the power
            raise located(reading, exc) from None
        final = final_answer(step, current, var, simplify, table, reading)
        derivation.parts.append(Differentiation(var, step, final))
        current = final.result
    derivation.decimals = decimals_written(reading, at)
    if simplify != "none" and derivation.parts:
        derivation.alternate_forms = alternate_forms(derivation.result, table)
    if point:
        derivation.at = point
        derivation.value, derivation.value_float, note = derivative_at(
            differentiated, variables, derivation.result, point, simplify, table,
            "the derivative")
        note_kink(reading, note)
    return derivation


__all__ = ["derive"]
