"""Smart constructors: build nodes with local, cheap clean-up.

Used by the engine for every step result, so each call costs time proportional to the
number of operands it is given (never a walk of the whole tree): numbers folded, no ``1*``,
``**1``, ``0 +``, ``+ -``; nested sums and products flattened one level. This is the
"basic" form; :mod:`calcdiff.simplify` makes the textbook form of the final answer.
"""

from __future__ import annotations

from fractions import Fraction

from calcdiff.tree.nodes import (
    ONE,
    ZERO,
    Add,
    Call,
    Const,
    Div,
    Expr,
    Mul,
    Neg,
    Num,
    Pow,
    Sym,
    neg,
    rebuild,
    whole,
)

# Folding a^b for integers: only when the result stays small (9^9^9^9 stays symbolic).
MAX_FOLD_BITS = 4096


def is_num(e: Expr, value=None) -> bool:
    if type(e) is not Num:
        return False
    if value is None:
        return True
    v = e.value
    if type(value) is int:  # compared as ints (Fraction's == is Python code)
        return v._denominator == 1 and v._numerator == value
    return v == value


_UNIT = Fraction(1)
_ZERO = Fraction(0)


def _times(a: Fraction, b: Fraction) -> Fraction:
    """``a*b``, whole numbers multiplied as ints (Fraction's own arithmetic is Python code
    that normalises by a gcd: 3 µs against 1)."""
    if a._denominator == 1 and b._denominator == 1:
        return whole(a._numerator * b._numerator)
    return a * b


def _plus(a: Fraction, b: Fraction) -> Fraction:
    """``a + b``, whole numbers added as ints."""
    if a._denominator == 1 and b._denominator == 1:
        return whole(a._numerator + b._numerator)
    return a + b


def _minus(a: Fraction) -> Fraction:
    """``-a``, a whole number negated as an int."""
    return whole(-a._numerator) if a._denominator == 1 else -a


def add(*terms: Expr) -> Expr:
    out: list[Expr] = []
    const = _ZERO
    for t in terms:
        if type(t) is Add:
            items = t.args
        else:
            items = (t,)
        for a in items:
            if type(a) is Num:
                const = _plus(const, a.value)
            else:
                out.append(a)
    if const._numerator != 0 or not out:
        out.append(Num(const))
    if len(out) == 1:
        return out[0]
    # a leading subtracted term reads better second: -a + b -> b - a
    if type(out[0]) is Neg or (type(out[0]) is Num and out[0].value < 0):
        for i in range(1, len(out)):
            if type(out[i]) is not Neg and not (type(out[i]) is Num and out[i].value < 0):
                out.insert(0, out.pop(i))
                break
    return Add(out)


def sub(a: Expr, b: Expr) -> Expr:
    return lead_number(add(a, subtracted(b)))


def written_difference(a: Expr, b: Expr) -> Expr:
    """``a - b`` as a rule writes it before it is simplified: (x + 1) - x is x + 1 - x and
    (x - 1) - (x + 2) is x - 1 - (x + 2), the quotient rule's f′g − fg′ (:func:`sub` lets
    ``add`` move every number to the end: x - x + 1, x - x - 3)."""
    if type(a) is not Num and type(b) is Add:  # a sum subtracted whole
        return lead_number(Add((a.args if type(a) is Add else (a,)) + (Neg(b),)))
    minus = subtracted(b)
    if type(a) is Add and not _holds_number(minus):
        return lead_number(Add(a.args + (minus.args if type(minus) is Add else (minus,))))
    return lead_number(add(a, minus))


def _holds_number(e: Expr) -> bool:
    return type(e) is Num or (type(e) is Add and any(type(t) is Num for t in e.args))


def lead_number(e: Expr) -> Expr:
    """``e`` with a leading subtraction written on its number: -(2*x) is -2*x, -(6*x) - 2 is
    -6*x - 2 (a subtracted term alone, or first, prints as a negative product)."""
    if type(e) is Neg:
        return negate(e.arg)
    if type(e) is Add and type(e.args[0]) is Neg:
        return Add((negate(e.args[0].arg),) + e.args[1:])
    return e


def subtracted(e: Expr) -> Expr:
    """``e`` as a term subtracted in a sum: its negation, or ``Neg(e)`` where that would be a
    product led by a negative number, which prints as ``+ (-4*x)`` inside a sum, where a
    student reads ``- 4*x`` (the quotient rule's f′g − fg′, a sum rule's − f2′)."""
    if type(e) is Mul and type(e.args[0]) is Num and e.args[0].value._numerator > 0:
        return Neg(e)  # (what negate would lead with -c: no product built to be dropped)
    return negate(e)


def negate(e: Expr) -> Expr:
    t = type(e)
    if t is Num:
        return Num(_minus(e.value))
    if t is Neg:
        return e.arg
    if t is Mul and type(e.args[0]) is Num:
        c = _minus(e.args[0].value)
        rest = e.args[1:]
        if c == 1:
            return rest[0] if len(rest) == 1 else Mul(rest)
        return Mul((Num(c),) + rest)
    if t is Mul and type(e.args[0]) is Neg:  # -(-a*b) = a*b, not -(-a*b)
        first, rest = e.args[0].arg, e.args[1:]
        return Mul((first,) + rest)
    if t is Add:
        return Add(tuple(negate(a) for a in e.args))
    return Neg(e)


def mul(*factors: Expr) -> Expr:
    coeff = _UNIT  # a first numeric factor is taken as it is (Fraction arithmetic is slow)
    out: list[Expr] = []
    negative = False
    for f in factors:
        items = f.args if type(f) is Mul else (f,)
        for a in items:
            t = type(a)
            if t is Num:
                coeff = a.value if coeff is _UNIT else _times(coeff, a.value)
            elif t is Neg:
                negative = not negative
                inner = a.arg
                if type(inner) is Mul:
                    for b in inner.args:
                        if type(b) is Num:
                            coeff = b.value if coeff is _UNIT else _times(coeff, b.value)
                        else:
                            out.append(b)
                else:
                    out.append(inner)
            else:
                out.append(a)
    if negative:
        coeff = -coeff
    top, bottom = coeff._numerator, coeff._denominator
    if top == 0:
        return ZERO
    if not out:
        return Num(coeff)
    body = out[0] if len(out) == 1 else Mul(out)
    if bottom == 1 and top == 1:
        return body
    if bottom == 1 and top == -1:
        return negate(body)
    if type(body) is Mul:
        return Mul((Num(coeff),) + body.args)
    return Mul((Num(coeff), body))


_TAKEN_APART = (Num, Neg, Mul, Div)  # factors mul() takes apart or merges


def _number_and_factors(e: Expr):
    """(whole coefficient, other factors) of ``e`` as :func:`mul` reads it, or None where
    mul would do more than concatenate (a sign, a fraction, a nested product)."""
    t = type(e)
    if t is Num:
        v = e.value
        return (v._numerator, ()) if v._denominator == 1 else None
    if t is Mul:
        args = e.args
        first = args[0]
        if type(first) is Num:
            v = first.value
            if v._denominator != 1:
                return None
            n, rest = v._numerator, args[1:]
        else:
            n, rest = 1, args
        for a in rest:
            if type(a) in _TAKEN_APART:
                return None
        return n, rest
    if t in _TAKEN_APART:
        return None
    return 1, (e,)


def scaled(c: Expr, r: Expr) -> Expr:
    """``mul(c, r)``, built directly where both are a whole number times plain factors
    (the constant multiple rule's c·f′ on a polynomial's every term)."""
    a = _number_and_factors(c)
    b = _number_and_factors(r) if a is not None else None
    if b is None:
        return mul(c, r)
    p = a[0] * b[0]
    out = a[1] + b[1]
    if p == 0:
        return ZERO
    if not out:
        return Num(p)
    if p == 1:
        return out[0] if len(out) == 1 else Mul(out)
    if p == -1:
        return mul(c, r)
    return Mul((Num(p),) + out)


def tidy_product(*factors: Expr) -> Expr:
    """``mul(*factors)`` as a step shows it: equal bases merged (x·e^u·x -> x²·e^u) and the
    variables' powers before the other factors (-2x·e^u, not -2·e^u·x). Linear in the
    number of factors."""
    e = mul(*factors)
    negative = type(e) is Neg
    body = e.arg if negative else e
    if type(body) is not Mul:
        return e
    numeric = type(body.args[0]) is Num
    if any(type(f) is Div for f in body.args):
        out = _tidy_quotient(body.args)
        return negate(out) if negative else out
    rest = body.args[1:] if numeric else body.args
    if _tidy_already(rest):  # exp(x_i)·exp(x_j), 3·x·sin(x): nothing to merge or move
        return e
    exps: dict = {}  # base -> its total numeric exponent (an int while whole), in order
    for f in rest:
        _count(exps, f, 1)
    out = mul(body.args[0] if numeric else ONE, *_merged(exps, 0))
    return negate(out) if negative else out


def _tidy_already(factors: tuple) -> bool:
    """Would :func:`tidy_product` give these factors back as they are: each base once (a
    power to a number counted by its base), no power that :func:`power` would fold, and the
    variables' powers before the other factors?"""
    seen = set()
    others = False  # a factor other than a variable's power met already
    for f in factors:
        t = type(f)
        b = f
        if t is Neg or t is Mul or t is Num:  # a sign or a product mul() would take apart
            return False
        if t is Pow and type(f.exp) is Num:
            b, v = f.base, f.exp.value
            tb = type(b)
            if (v == 0 or v == 1 or tb is Num or (tb is Pow and type(b.exp) is Num)
                    or (tb is Const and b.name == "E")):
                return False
        if b in seen:
            return False
        seen.add(b)
        if t is Sym or (t is Pow and type(f.base) is Sym):
            if others:
                return False
        else:
            others = True
    return True


def _count(exps: dict, f: Expr, sign: int) -> None:
    """Adds the factor ``f`` (times ``sign``: -1 below a fraction bar) to ``exps``."""
    if type(f) is Pow and type(f.exp) is Num:
        v = f.exp.value
        exps[f.base] = exps.get(f.base, 0) + sign * (
            v._numerator if v._denominator == 1 else v)
    else:
        exps[f] = exps.get(f, 0) + sign


def _merged(exps: dict, sign: int) -> list[Expr]:
    """The bases of ``exps`` whose exponent has the ``sign`` (1, -1: to their powers made
    positive; 0: every one, to its power), the variables' powers first."""
    merged = [power(b, Num(k if sign == 0 else sign * k)) for b, k in exps.items()
              if (k * sign > 0 if sign else k != 0)]
    merged.sort(key=lambda f: 0 if type(f) is Sym or (type(f) is Pow and type(f.base) is Sym)
                else 1)
    return merged


def _tidy_quotient(factors: tuple) -> Expr:
    """A product with fractions among its factors as one fraction, a base above and below the
    bar cancelled and the numbers folded: 1/σ(x)·σ(x)·(1 − σ(x)) -> 1 − σ(x), x·(1/x) -> 1,
    2x·(1/(2√(x²+1))) -> x/√(x²+1) (equal where the product is defined)."""
    coeff = Fraction(1)
    exps: dict = {}
    for f, sign in _over_under(factors):
        if type(f) is Num and (sign > 0 or f.value != 0):
            coeff = coeff * f.value if sign > 0 else coeff / f.value
        else:
            _count(exps, f, sign)
    top = mul(Num(coeff.numerator), *_merged(exps, 1))
    bottom = mul(Num(coeff.denominator), *_merged(exps, -1))
    return div(top, bottom)


def _over_under(factors: tuple):
    """Each factor of a product above (1) or below (-1) the bar: a fraction's numerator's
    factors above, its denominator's below."""
    for f in factors:
        if type(f) is not Div or f.den == ZERO:
            yield f, 1
            continue
        for part, sign in ((f.num, 1), (f.den, -1)):
            for g in part.args if type(part) is Mul else (part,):
                yield g, sign


def tidy_sum(*terms: Expr) -> Expr:
    """``add(*terms)`` with a term of negative coefficient written as subtracted
    (``a - 2*x``, not ``a + (-2*x)``)."""
    return add(*(Neg(negate(t)) if type(t) is Mul and type(t.args[0]) is Num
                 and t.args[0].value < 0 else t for t in terms))


def div(a: Expr, b: Expr) -> Expr:
    if is_num(b, 1):
        return a
    if is_num(a, 0):
        return ZERO
    if type(a) is Num and type(b) is Num and b.value != 0:
        return Num(a.value / b.value)
    if type(b) is Num and b.value != 0:
        return mul(Num(1 / b.value), a) if a.__class__ is not Add else Div(a, b)
    if type(a) is Neg:
        return negate(div(a.arg, b))
    if a == b:
        return ONE
    return Div(a, b)


def power(base: Expr, exp: Expr) -> Expr:
    if is_num(exp, 1):
        return base
    if is_num(exp, 0):
        return ONE
    if is_num(base, 1):
        return ONE
    if type(base) is Num and type(exp) is Num and exp.value.denominator == 1:
        folded = fold_power(base.value, int(exp.value))
        if folded is not None:
            return Num(folded)
    if type(base) is Pow and type(base.exp) is Num and type(exp) is Num and exp.value.denominator == 1:
        return power(base.base, Num(base.exp.value * exp.value))
    if type(base) is Const and base.name == "E":
        return Call("exp", (exp,))
    return Pow(base, exp)


def fold_power(b: Fraction, n: int) -> Fraction | None:
    """b**n exactly, or None when the result would be too large to be worth writing out."""
    if b == 0:
        return None if n < 0 else Fraction(0 if n else 1)
    if b == 1 or b == -1:  # 1**N is 1 however large N is
        return b ** (n % 2)
    size = max(abs(b.numerator), b.denominator).bit_length()
    if size * abs(n) > MAX_FOLD_BITS:
        return None
    return b**n


def log(u: Expr) -> Expr:
    if type(u) is Const and u.name == "E":
        return ONE
    if is_num(u, 1):
        return ZERO
    if type(u) is Call and u.func == "exp":
        return u.args[0]
    return Call("log", (u,))


def substitute(e: Expr, mapping: dict) -> Expr:
    """Replace variables by expressions (``mapping``: name -> Expr); iterative, shared."""
    if not (e.free & mapping.keys()):
        return e
    shallow = _substitute_shallow(e, mapping, 3)
    if shallow is not None:
        return shallow
    memo: dict = {}
    stack = [(e, False)]
    while stack:
        node, ready = stack.pop()
        if node in memo:
            continue
        if not (node.free & mapping.keys()):
            memo[node] = node
            continue
        if type(node) is Sym:
            memo[node] = mapping[node.name]
            continue
        kids = node.children()
        if not ready:
            stack.append((node, True))
            stack.extend((k, False) for k in kids)
            continue
        memo[node] = rebuild(node, [memo[k] for k in kids])
    return memo[e]


def _substitute_shallow(e: Expr, mapping: dict, depth: int):
    """``substitute`` for a small tree (a table entry's ``cos(u)``, ``-sin(u)``) by plain
    recursion, or None when ``e`` is deeper than ``depth``."""
    t = type(e)
    if t is Sym:
        return mapping.get(e.name, e)
    if t is Num or t is Const or not (e.free & mapping.keys()):
        return e
    if depth == 0:
        return None
    kids = []
    for k in e.children():
        new = _substitute_shallow(k, mapping, depth - 1)
        if new is None:
            return None
        kids.append(new)
    return rebuild(e, kids)


def neg_if(flag: bool, e: Expr) -> Expr:
    return negate(e) if flag else e


__all__ = [
    "add", "sub", "mul", "div", "power", "negate", "log", "substitute", "fold_power", "neg",
    "signed_sum",
]


def _signed(term: Expr) -> Expr:
    """A term with its sign in front (``-x³/6`` as −(x³/6)), so that a sum prints
    ``x - x³/6`` rather than ``x + (-x³)/6``; the same value."""
    t = type(term)
    if t is Div:
        num = term.num
        if type(num) is Neg:
            return Neg(Div(num.arg, term.den))
        if type(num) is Num and num.value < 0:
            return Neg(Div(Num(-num.value), term.den))
        if type(num) is Mul and type(num.args[0]) is Num and num.args[0].value < 0:
            return Neg(Div(_signed(num).arg, term.den))
    if t is Mul and type(term.args[0]) is Num and term.args[0].value < 0:
        first = -term.args[0].value
        rest = term.args[1:] if first == 1 else (Num(first), *term.args[1:])
        return Neg(rest[0] if len(rest) == 1 else Mul(tuple(rest)))
    if t is Mul and type(term.args[0]) is Neg:  # -0.5*u (a decimal's view): - 0.5*u
        return Neg(Mul((term.args[0].arg, *term.args[1:])))
    return term


def signed_sum(terms: list[Expr]) -> Expr:
    """Terms, in their order, as one sum, each sign in front (a Taylor polynomial's terms
    c*(x - a)**k, kept as they are: no simplification reorders or expands them)."""
    if not terms:
        return Num(0)
    if len(terms) == 1:
        return terms[0]
    return Add((terms[0], *(_signed(t) for t in terms[1:])))
