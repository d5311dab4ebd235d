"""The catalogue of mistakes a teacher would list, each one transformation of ONE rule
application in the engine's trace.

A mistake takes a step of a correct derivation (a :class:`~calcdiff.deriving.steps.Step`)
and says what that step would have given with the rule misapplied: the product rule taken
as the product of derivatives, the chain rule without its inner derivative, and so on.
:func:`misapplied` then differentiates the whole expression again with that one step's
result replaced (the engine's memo is seeded with the wrong step, so every rule above it
combines the wrong result exactly as the rules would), giving the derivative a student
who made that one mistake would write.

Mistakes on an elementary function (the power rule's exponent, eˣ as a power, a flipped
sign) change the function's derivative at a placeholder; applied to ``sin(3x)`` they act on
the chain rule's outer step, and the chain rule then multiplies by the inner derivative as
usual, because only one rule was misapplied.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Callable, Iterator

from calcdiff.algebra.build import add, div, log, mul, negate, power, sub, substitute
from calcdiff.deep import call_deep
from calcdiff.deriving.engine import LONG_SUM, Engine
from calcdiff.deriving.steps import SIMPLIFY, Step
from calcdiff.read.rule_exprs import builtin_table
from calcdiff.tree.nodes import ONE, ZERO, Call, Const, Div, Expr, Neg, Num, Pow, Sym
from calcdiff.tree.printer import to_plain

# functions whose derivative students get wrong by a sign (sin′ = −cos, cosh′ = −sinh):
# the families of rules/ whose entries' derivatives differ by sign between neighbours
SIGN_FAMILIES = ("trig.toml", "hyperbolic.toml", "inverse_trig.toml")
# derivatives that students swap between neighbours: tan′ written as sec′, and so on
CONFUSED = {"tan": "sec", "sec": "tan", "cot": "csc", "csc": "cot"}
# roots are powers (√u = u^(1/2)): the power rule's mistakes apply to them too
ROOT_EXPONENTS = {"sqrt": Fraction(1, 2), "cbrt": Fraction(1, 3)}


@dataclass(frozen=True)
class Mistake:
    """One entry of the catalogue: an id (stable, in JSON), a name, what a student does."""

    id: str
    name: str
    explain: str
    find: Callable  # find(step, ctx) -> iterator of (wrong step result, what was done)


@dataclass
class Candidate:
    """One mistake at one step: what that step gives with the mistake."""

    mistake: Mistake
    step: Step
    label: str  # the step's number in the derivation ("2.1"; "" for the first line)
    wrong: Expr  # what the step gives with the mistake
    done: str  # what was done, in words


@dataclass
class Context:
    """What a mistake may need beyond the step: its parent step and the rule table."""

    parent: Step | None
    var: str
    table: object


# ---------------------------------------------------------------------------------------------
# an elementary function applied to the variable, or as a chain rule's outer function


@dataclass
class Elementary:
    outer: Expr  # the function at the placeholder: sin(u), u**3, 2**u
    p: str  # the placeholder (the variable itself when there is no chain)
    d_outer: Expr  # its correct derivative at the placeholder
    rule: str  # the rule of the outer step
    inner: Expr  # g
    d_inner: Expr  # g′ (1 when the function is applied to the variable itself)


def _elementary(step: Step) -> Elementary | None:
    if step.rule == "chain":
        outer_step, inner_step = step.substeps
        return Elementary(outer_step.expr, outer_step.var, outer_step.result, outer_step.rule,
                          inner_step.expr, inner_step.result)
    if step.substeps or step.rule in ("constant", "variable", SIMPLIFY):
        return None
    if step.rule in ("power", "exponential", "log-base") or step.rule.startswith("d-"):
        return Elementary(step.expr, step.var, step.result, step.rule, Sym(step.var), ONE)
    return None


def _through_chain(el: Elementary, wrong_outer: Expr) -> Expr:
    """The step's result when the outer derivative is ``wrong_outer`` and the chain rule is
    applied correctly."""
    at_inner = substitute(wrong_outer, {el.p: el.inner}) if el.inner != Sym(el.p) else wrong_outer
    return mul(at_inner, el.d_inner)


def _power_of(el: Elementary) -> Expr | None:
    """n when the outer function is pⁿ (or a root of p), else None."""
    o = el.outer
    if type(o) is Pow and o.base == Sym(el.p) and el.p not in o.exp.free:
        return o.exp
    if type(o) is Call and o.args[0] == Sym(el.p):
        if o.func in ROOT_EXPONENTS and len(o.args) == 1:
            return Num(ROOT_EXPONENTS[o.func])
        if o.func == "root" and len(o.args) == 2 and el.p not in o.args[1].free:
            return div(ONE, o.args[1])
    return None


def _plain(e: Expr) -> str:
    return to_plain(e)


def _at_u(el: Elementary, e: Expr) -> str:
    """An outer derivative written at the placeholder u, as the rule table states it."""
    return _plain(substitute(e, {el.p: Sym("u")}) if el.p != "u" else e)


# ---------------------------------------------------------------------------------------------
# the mistakes on elementary functions


def _power_parts(step, skip_one: bool = False):
    """(the function, n, the placeholder) when the step's function is a power uⁿ, else None."""
    el = _elementary(step)
    n = _power_of(el) if el else None
    if n is None or (skip_one and n == ONE):
        return None
    return el, n, Sym(el.p)


def _power_not_lowered(step, ctx):
    """(xⁿ)′ written as n·xⁿ: the exponent kept."""
    parts = _power_parts(step)
    if parts:
        el, n, p = parts
        yield (_through_chain(el, mul(n, power(p, n))),
               f"wrote n·uⁿ with n = {_plain(n)}, keeping the exponent")


def _power_coefficient_dropped(step, ctx):
    """(xⁿ)′ written as xⁿ⁻¹: the exponent lowered but not brought down as a factor."""
    parts = _power_parts(step, skip_one=True)
    if parts:
        el, n, p = parts
        yield (_through_chain(el, power(p, sub(n, ONE))),
               f"lowered the exponent to {_plain(sub(n, ONE))} but left out the factor "
               f"n = {_plain(n)}")


def _power_exponent_raised(step, ctx):
    """(xⁿ)′ written as n·xⁿ⁺¹: the exponent raised instead of lowered."""
    parts = _power_parts(step)
    if parts:
        el, n, p = parts
        yield (_through_chain(el, mul(n, power(p, add(n, ONE)))),
               f"raised the exponent to {_plain(add(n, ONE))} instead of lowering it to "
               f"{_plain(sub(n, ONE))}")


def _is_e(b: Expr) -> bool:
    return type(b) is Const and b.name == "E"


def _exp_as_power(step, ctx):
    """eᵘ (or aᵘ) differentiated by the power rule: u·eᵘ⁻¹."""
    el = _elementary(step)
    if el is None:
        return
    o, p = el.outer, Sym(el.p)
    if type(o) is Call and o.func == "exp" and o.args[0] == p:
        base = Const("E")
    elif type(o) is Pow and o.exp == p and el.p not in o.base.free:
        base = o.base
    else:
        return
    yield (_through_chain(el, mul(p, power(base, sub(p, ONE)))),
           "treated the exponential as a power: u·" + ("e" if _is_e(base) else _plain(base))
           + "^(u − 1)")


def _exponential_ln_dropped(step, ctx):
    """(aᵘ)′ written as aᵘ: the factor ln a left out."""
    el = _elementary(step)
    if el is None or el.rule != "exponential":
        return
    o = el.outer
    if _is_e(o.base):
        return
    yield _through_chain(el, o), f"left out the factor ln({_plain(o.base)})"


def _sign_flipped(step, ctx):
    """The sign of a trigonometric (or hyperbolic) derivative flipped: sin′ = −cos, cos′ = sin."""
    el = _elementary(step)
    if el is None or type(el.outer) is not Call:
        return
    rule = ctx.table.functions.get(el.outer.func)
    if rule is None or rule.file not in SIGN_FAMILIES:
        return
    d = el.d_outer
    # -(-1/sqrt(1 - u**2)) is shown as 1/sqrt(1 - u**2)
    flipped = (Div(negate(d.num), d.den) if type(d) is Div and type(d.num) is Num
               else negate(d))
    yield (_through_chain(el, flipped),
           f"wrote {el.outer.func}′(u) = {_at_u(el, flipped)} instead of {_at_u(el, d)}")


def _confused(step, ctx):
    """The derivative of a neighbouring function used: tan′ written as sec·tan."""
    el = _elementary(step)
    if el is None or type(el.outer) is not Call or el.outer.func not in CONFUSED:
        return
    other = ctx.table.functions.get(CONFUSED[el.outer.func])
    if other is None:
        return
    wrong = substitute(other.derivative, {"u": Sym(el.p)})
    yield (_through_chain(el, wrong),
           f"used the derivative of {other.function}, {_at_u(el, wrong)}, for {el.outer.func}")


def _log_base_dropped(step, ctx):
    """(log_b u)′ written as 1/u: the factor 1/ln b left out."""
    el = _elementary(step)
    if el is None or el.rule != "log-base":
        return
    yield _through_chain(el, div(ONE, Sym(el.p))), "wrote 1/u, leaving out the factor 1/ln b"


# ---------------------------------------------------------------------------------------------
# the chain rule


def _is_log(el: Elementary) -> bool:
    return type(el.outer) is Call and el.outer.func == "log"


def _inner_dropped(step, ctx):
    """(f(g))′ written as f′(g): the inner derivative g′ left out; also c/g, which is c·g⁻¹
    to a student, written −c/g² without g′."""
    if step.rule == "quotient":
        c, g, dc, dg = _quotient_parts(step)
        if dc == ZERO and dg != ONE and dg != ZERO:
            wrong = div(negate(c), power(g, Num(2)))
            yield (wrong, f"wrote {_plain(wrong)} (c/g as c·g⁻¹) without multiplying by g′ = "
                          f"{_plain(dg)}")
        return
    if step.rule != "chain":
        return
    el = _elementary(step)
    if _is_log(el) or el.d_inner == ONE:
        return
    yield (substitute(el.d_outer, {el.p: el.inner}),
           f"wrote f′(g) = {_plain(substitute(el.d_outer, {el.p: el.inner}))} without "
           f"multiplying by g′ = {_plain(el.d_inner)}")


def _log_inner_dropped(step, ctx):
    """(ln u)′ written as 1/u: without the factor u′."""
    if step.rule != "chain":
        return
    el = _elementary(step)
    if not _is_log(el) or el.d_inner == ONE:
        return
    wrong = substitute(el.d_outer, {el.p: el.inner})
    # (the inner derivative by that name, not u′: the student's own variable may be u)
    yield wrong, (f"wrote {_plain(wrong)} without multiplying by the inner derivative, "
                  f"{_plain(el.d_inner)}")


def _composed(step, ctx):
    """(f(g))′ written as f′(g′): the outer derivative taken at the inner derivative."""
    if step.rule != "chain":
        return
    el = _elementary(step)
    if el.d_inner == ONE:
        return
    wrong = substitute(el.d_outer, {el.p: el.d_inner})
    yield wrong, (f"wrote f′(g′) = {_plain(wrong)}, the outer derivative at "
                  f"g′ = {_plain(el.d_inner)}")


# ---------------------------------------------------------------------------------------------
# products, quotients, constants, sums, general powers


def _factors(step):
    return [v for _, v in step.bindings], [s.result for s in step.substeps]


def _product_of_derivatives(step, ctx):
    """(f·g)′ written as f′·g′."""
    if step.rule != "product":
        return
    _, ds = _factors(step)
    yield mul(*ds), "multiplied the derivatives of the factors: f′·g′"


def _product_term_dropped(step, ctx):
    """(f·g)′ written with one of its terms only: f′·g, leaving out f·g′."""
    if step.rule != "product":
        return
    fs, ds = _factors(step)
    for i in range(len(fs)):
        terms = [mul(*fs[:j], ds[j], *fs[j + 1:]) for j in range(len(fs)) if j != i]
        yield (add(*terms), f"left out the term in which {_plain(fs[i])} is differentiated")


def _product_sign(step, ctx):
    """(f·g)′ written as f′·g − f·g′: a minus sign, as in the quotient rule."""
    if step.rule != "product" or len(step.substeps) != 2:
        return
    (f, g), (df, dg) = _factors(step)
    yield sub(mul(df, g), mul(f, dg)), "subtracted the two terms: f′·g − f·g′"


def _quotient_parts(step):
    (_, f), (_, g) = step.bindings
    return f, g, step.substeps[0].result, step.substeps[1].result


def _quotient_reversed(step, ctx):
    """(f/g)′ written as (f·g′ − f′·g)/g²: the numerator's terms in the wrong order."""
    if step.rule != "quotient":
        return
    f, g, df, dg = _quotient_parts(step)
    yield (div(sub(mul(f, dg), mul(df, g)), power(g, Num(2))),
           "wrote the numerator as f·g′ − f′·g (reversed)")


def _quotient_not_squared(step, ctx):
    """(f/g)′ written as (f′·g − f·g′)/g: the denominator not squared."""
    if step.rule != "quotient":
        return
    f, g, df, dg = _quotient_parts(step)
    yield div(sub(mul(df, g), mul(f, dg)), g), "divided by g instead of g²"


def _quotient_of_derivatives(step, ctx):
    """(f/g)′ written as f′/g′."""
    if step.rule != "quotient":
        return
    f, g, df, dg = _quotient_parts(step)
    if type(dg) is Num and dg.value == 0:
        return
    yield div(df, dg), "divided the derivatives: f′/g′"


def _quotient_sign(step, ctx):
    """(f/g)′ written as (f′·g + f·g′)/g²: a plus sign, as in the product rule."""
    if step.rule != "quotient":
        return
    f, g, df, dg = _quotient_parts(step)
    yield div(add(mul(df, g), mul(f, dg)), power(g, Num(2))), "added the terms: (f′·g + f·g′)/g²"


def _constant_dropped(step, ctx):
    """(c·f)′ written as f′: the constant factor (or divisor) left out."""
    if step.rule not in ("constant-multiple", "constant-divisor"):
        return
    # c by its place (c·f, f/c): the step's own name for it is another letter where the
    # expression has a c of its own (a x^2 + b x + c)
    multiple = step.rule == "constant-multiple"
    c = step.bindings[0 if multiple else 1][1]
    kind = "factor" if multiple else "divisor"
    what = "the minus sign" if c == Num(-1) else f"the constant {kind} {_plain(c)}"
    yield step.substeps[0].result, f"left out {what}"


def _constant_kept(step, ctx):
    """A constant term's derivative written as the constant itself instead of 0."""
    parent = ctx.parent
    if step.rule != "constant" or parent is None or parent.rule not in ("sum", "difference"):
        return
    if type(step.expr) is Num and step.expr.value == 0:
        return
    yield step.expr, f"kept the constant term {_plain(step.expr)} instead of writing 0"


def _difference_sign(step, ctx):
    """(f − g)′ written as f′ + g′: the sign of a subtracted term's derivative lost."""
    if step.rule not in ("sum", "difference"):
        return
    long_sum = len(step.expr.args) > LONG_SUM
    subs = iter(step.substeps)
    for i, term in enumerate(step.expr.args):
        # the first term is not subtracted: its own sign is its own (constant multiple) step
        negative = i > 0 and (type(term) is Neg or (type(term) is Num and term.value < 0))
        part = term.arg if negative and type(term) is Neg else term
        if long_sum and ctx.var not in part.free:
            continue  # the engine left these out of a long sum (one note, no step)
        s = next(subs, None)
        if s is None or not negative or (type(s.result) is Num and s.result.value == 0):
            continue
        yield (add(step.result, mul(Num(2), s.result)),
               f"added the derivative of the subtracted term {_plain(s.expr)}")


def _as_power(step, ctx):
    """(f^g)′ with a variable exponent taken by the power rule: g·f^(g−1)·f′."""
    if step.rule != "general-power":
        return
    (_, f), (_, g) = step.bindings[:2]
    df = step.substeps[0].result
    yield mul(g, power(f, sub(g, ONE)), df), "used the power rule as if the exponent were constant"


def _as_exponential(step, ctx):
    """(f^g)′ with a variable base taken as an exponential: f^g·ln f·g′."""
    if step.rule != "general-power":
        return
    (_, f), (_, g) = step.bindings[:2]
    dg = step.substeps[1].result
    yield mul(step.expr, log(f), dg), "used the exponential rule as if the base were constant"


# ---------------------------------------------------------------------------------------------
# the catalogue, most common first: when several mistakes explain an answer equally, the
# first one is named and the others are listed as alternatives

CATALOGUE: tuple[Mistake, ...] = (
    Mistake("chain-inner-dropped", "chain rule: inner derivative left out",
            "(f(g))′ = f′(g)·g′ written as f′(g)", _inner_dropped),
    Mistake("log-inner-dropped", "ln's derivative written without the inner derivative",
            "(ln u)′ = u′/u written as 1/u", _log_inner_dropped),
    Mistake("product-of-derivatives", "product rule taken as the product of derivatives",
            "(f·g)′ = f′·g + f·g′ written as f′·g′", _product_of_derivatives),
    Mistake("quotient-numerator-reversed", "quotient rule: numerator reversed",
            "(f/g)′ = (f′·g − f·g′)/g² written as (f·g′ − f′·g)/g²", _quotient_reversed),
    Mistake("quotient-denominator-not-squared", "quotient rule: denominator not squared",
            "(f/g)′ = (f′·g − f·g′)/g² written as (f′·g − f·g′)/g", _quotient_not_squared),
    Mistake("power-exponent-not-lowered", "power rule: exponent not lowered",
            "(xⁿ)′ = n·xⁿ⁻¹ written as n·xⁿ", _power_not_lowered),
    Mistake("exp-as-power", "an exponential treated as a power",
            "(aᵘ)′ = aᵘ·ln a·u′ (eᵘ·u′ for e) written as u·aᵘ⁻¹·u′", _exp_as_power),
    Mistake("trig-sign-flipped", "sign of a trigonometric derivative flipped",
            "sin′ = cos, cos′ = −sin, … written with the opposite sign", _sign_flipped),
    Mistake("constant-factor-dropped", "constant factor dropped",
            "(c·f)′ = c·f′ written as f′", _constant_dropped),
    Mistake("quotient-of-derivatives", "quotient rule taken as the quotient of derivatives",
            "(f/g)′ written as f′/g′", _quotient_of_derivatives),
    Mistake("quotient-sign", "quotient rule: plus instead of minus",
            "(f/g)′ written as (f′·g + f·g′)/g²", _quotient_sign),
    Mistake("product-term-dropped", "product rule: a term left out",
            "(f·g)′ = f′·g + f·g′ written with one term", _product_term_dropped),
    Mistake("product-sign", "product rule: minus instead of plus",
            "(f·g)′ written as f′·g − f·g′", _product_sign),
    Mistake("power-coefficient-dropped", "power rule: the factor n left out",
            "(xⁿ)′ = n·xⁿ⁻¹ written as xⁿ⁻¹", _power_coefficient_dropped),
    Mistake("power-exponent-raised", "power rule: exponent raised instead of lowered",
            "(xⁿ)′ = n·xⁿ⁻¹ written as n·xⁿ⁺¹", _power_exponent_raised),
    Mistake("exponential-ln-dropped", "exponential rule: ln a left out",
            "(aᵘ)′ = aᵘ·ln a·u′ written as aᵘ·u′", _exponential_ln_dropped),
    Mistake("log-base-ln-dropped", "logarithm to base b: 1/ln b left out",
            "(log_b u)′ = u′/(u·ln b) written as u′/u", _log_base_dropped),
    Mistake("trig-derivatives-confused", "derivative of a neighbouring function used",
            "tan′ = sec² written as sec·tan (and the like)", _confused),
    Mistake("chain-composed", "chain rule: outer derivative taken at g′",
            "(f(g))′ = f′(g)·g′ written as f′(g′)", _composed),
    Mistake("difference-sign-lost", "difference rule: sign of a subtracted term lost",
            "(f − g)′ = f′ − g′ written as f′ + g′", _difference_sign),
    Mistake("constant-term-kept", "derivative of a constant term kept",
            "(f + c)′ = f′ written as f′ + c", _constant_kept),
    Mistake("variable-exponent-as-power", "variable exponent treated as a constant",
            "(f^g)′ written as g·f^(g−1)·f′", _as_power),
    Mistake("variable-base-as-exponential", "variable base treated as a constant",
            "(f^g)′ written as f^g·ln f·g′", _as_exponential),
)

# mistakes of the whole partial derivative (several variables), found by the grader
WRONG_VARIABLE = Mistake("wrong-variable", "differentiated with respect to another variable",
                         "∂f/∂y asked, ∂f/∂x given", None)
NOT_HELD_CONSTANT = Mistake("not-held-constant", "other variables not held constant",
                            "the other variables differentiated as if they depended on the "
                            "variable (each with derivative 1)", None)

# mistakes of a derivative of higher order as a whole, found by the grader
STOPPED_EARLY = Mistake("stopped-early", "stopped before the last differentiation",
                        "the n-th derivative asked, one of lower order given", None)
DIFFERENTIATED_AGAIN = Mistake("differentiated-again", "differentiated once too often",
                               "the n-th derivative asked, the (n+1)-th given", None)

# mistakes of solving a differentiated equation for y′ (implicit differentiation)
SOLVED_SIGN_LOST = Mistake("implicit-sign-lost", "sign lost in solving for y′",
                           "a·y′ = b solved as y′ = −b/a", None)
SOLVED_INVERTED = Mistake("implicit-inverted", "solved for y′ upside down (dx/dy)",
                          "a·y′ = b solved as y′ = a/b", None)

BY_ID = {m.id: m for m in (*CATALOGUE, WRONG_VARIABLE, NOT_HELD_CONSTANT, STOPPED_EARLY,
                           DIFFERENTIATED_AGAIN, SOLVED_SIGN_LOST, SOLVED_INVERTED)}


# ---------------------------------------------------------------------------------------------
# finding the candidates and differentiating with one of them


def numbered_steps(root: Step) -> Iterator[tuple[Step, Step | None, str]]:
    """(step, parent, label) for every rule application of the derivation's own variable, in
    the order and with the numbers the derivation views print ("" for the first line, "2.1"
    below); a step reused for a repeated sub-expression is listed once."""
    stack = [(root, None, "")]
    seen = set()
    while stack:
        step, parent, label = stack.pop()
        if id(step) in seen:
            continue
        seen.add(id(step))
        if step.var == root.var:
            yield step, parent, label.rstrip(".")
        for i, sub_ in reversed(list(enumerate(step.substeps, 1))):
            if sub_.var == root.var:
                stack.append((sub_, step, f"{label}{i}."))


def candidates(root: Step, table, limit: int = 4000) -> list[Candidate]:
    """Every (mistake, step) of the catalogue that applies to the derivation, in the
    catalogue's order, then the steps' order; at most ``limit`` of them."""
    table = table or builtin_table()
    steps = list(numbered_steps(root))
    out: list[Candidate] = []
    for mistake in CATALOGUE:
        for step, parent, label in steps:
            ctx = Context(parent, root.var, table)
            for wrong, done in mistake.find(step, ctx) or ():
                if wrong == step.result:
                    continue
                out.append(Candidate(mistake, step, label, wrong, done))
                if len(out) >= limit:
                    return out
    return out


def misapplied(root: Step, candidate: Candidate, table=None) -> Expr:
    """The derivative of ``root.expr`` with ``candidate``'s step giving its wrong result and
    every other rule applied correctly."""
    engine = Engine(root.var, table)
    engine.memo[candidate.step.expr] = Step(candidate.mistake.id, candidate.step.expr,
                                            root.var, candidate.wrong, candidate.wrong)
    return call_deep(engine.d, root.expr).result
