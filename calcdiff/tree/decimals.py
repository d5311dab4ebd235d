"""Exact numbers as the user wrote them: where the input had decimals (``--lr 0.01``,
``(w - 2.3)^2``, data files), a rational with a terminating decimal expansion prints as that
decimal (23/5 as 4.6) instead of a fraction. Display only: the computation stays exact.
(The views' helpers around it are in :mod:`calcdiff.render.decimals`.)"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from calcdiff.tree.nodes import (ONE, Add, Div, Expr, Mul, Neg, Num, Pow, Sym, bottom_up, rebuild,
                                 walk)

MAX_DIGITS = 15  # longer expansions stay fractions (they are not what anybody typed)


class BelowDouble(float):
    """The double of a value that is not 0 but below the smallest double (``exp(-1000)``,
    5.1e-435): 0.0 with the value's sign, as every computation takes it, which the views
    print as a decimal that underflows, never as ``≈ -0``."""

    __slots__ = ()

    def __reduce__(self):  # (a worker process sends it back pickled)
        return BelowDouble, (float(self),)

def _twos_fives(q: Fraction) -> tuple[int, int, int]:
    """(the powers of 2 and of 5 in ``q``'s denominator, what is left of it)."""
    d = q.denominator
    twos = fives = 0
    while d % 2 == 0:
        d //= 2
        twos += 1
    while d % 5 == 0:
        d //= 5
        fives += 1
    return twos, fives, d


def terminates(q: Fraction) -> bool:
    """Whether ``q`` has a terminating decimal expansion (0.75, 0.7071067811865476; not 1/3),
    however many digits."""
    return _twos_fives(q)[2] == 1


def decimal_text(q: Fraction) -> str | None:
    """``q`` as a terminating decimal (4.6, -0.25, 3), or None when it has none."""
    twos, fives, d = _twos_fives(q)
    if d != 1:
        return None
    places = max(twos, fives)
    digits = abs(q.numerator) * 10**places // q.denominator
    s = str(digits).rjust(places + 1, "0")
    s = (s[:-places] + "." + s[-places:]).rstrip("0").rstrip(".") if places else s
    if len(s) > MAX_DIGITS + 1:
        return None
    return ("-" if q < 0 else "") + s


def scientific_text(q: Fraction) -> str:
    """``q`` in six significant digits and its exponent, for a number no double holds
    (1e+400, -1e+600: not its hundreds of digits)."""
    mantissa, power = format(Decimal(q.numerator) / Decimal(q.denominator), ".5e").split("e")
    return mantissa.rstrip("0").rstrip(".") + "e" + power


def is_decimal_leaf(e: Expr) -> bool:
    """Is ``e`` a number that :func:`decimal_view` printed as a decimal (``0.25``,
    ``-0.25``)? Its leaf is a name no variable has: it starts with a digit."""
    e = e.arg if type(e) is Neg else e
    return type(e) is Sym and e.name[:1].isdigit()


def decimal_view(e: Expr, exponents: bool = True, divisions: bool = True,
                 wrote: frozenset = frozenset()) -> Expr:
    """``e`` with every non-integer terminating rational as a decimal leaf; with
    ``exponents=False`` an exponent keeps its fraction (``x**(3/2)``, not ``x**1.5``); with
    ``divisions=False`` a quotient by a whole number keeps its division unless a number
    leads it (the reading of ``x/2 + 0.5``: the user wrote x/2; an answer's is 0.5*x).
    ``wrote``: the numbers the user wrote as decimals (:func:`written_decimals`); a sum the
    simplifier scaled to whole coefficients is written back with them (:func:`_unscaled`)."""

    def visit(node, kids):
        if not exponents and type(node) is Pow:
            return rebuild(node, (kids[0], node.exp))
        if divisions and type(node) is Div:
            spread = _spread(kids[0], kids[1])
            if spread is not None:  # (851*x + 500)/(500*u) is (1.702*x + 1)/u
                return spread
        if type(node) is Div and type(kids[1]) is Num and kids[1].value.denominator == 1:
            # the printer's 3*sqrt(x)/2 is the number 3/2 times sqrt(x): 1.5*sqrt(x)
            top, sign = kids[0], 1
            if type(top) is Neg:
                top, sign = top.arg, -1
            if type(top) is Mul and type(top.args[0]) is Neg:  # -exp(u)*v/10: the sign first
                top, sign = Mul((top.args[0].arg,) + top.args[1:]), -sign
            lead = top.args[0] if type(top) is Mul else top
            short = decimal_text(1 / kids[1].value)  # 0.5, 0.125; not x/1024's 0.0009765625
            if type(lead) is not Num and divisions and short is not None and len(short) <= 6:
                lead = Num(1)  # x/2 is 0.5*x, (1 - tanh(u)**2)/2 is 0.5*(1 - tanh(u)**2)
                top = Mul((lead,) + (top.args if type(top) is Mul else (top,)))
            s = decimal_text(lead.value / kids[1].value) if type(lead) is Num else None
            if s is not None and "." in s:
                leaf = Sym(s.lstrip("-"))
                negative = (sign < 0) != s.startswith("-")
                if negative and sign > 0:  # the sign leads the number, as -3*x's does:
                    leaf = Neg(leaf)  # -(1.2*u) is a product negated, -1.2*u is not
                out = Mul((leaf,) + top.args[1:]) if type(top) is Mul else leaf
                # a term subtracted in a sum stays subtracted (a - 1.2*u)
                return Neg(out) if negative and sign < 0 else out
        if type(node) is Num:
            v = node.value
            if v.denominator == 1:
                return node
            s = decimal_text(abs(v))
            if s is None:
                return node
            leaf = Sym(s)
            return Neg(leaf) if v < 0 else leaf
        if kids and type(node) is not Add:  # (a sum's subtracted term stays subtracted)
            kids = tuple(_signed(k) for k in kids)
        elif kids:  # a sum's first term has its sign on its number: -0.2*x*u - 0.3*v
            kids = (_signed(kids[0]),) + tuple(kids[1:])
        return rebuild(node, kids) if kids else node

    return _signed(bottom_up(_unscaled(e, wrote) if divisions and wrote else e, visit))


def written_decimals(e: Expr) -> frozenset:
    """The non-integer numbers of the reading ``e`` (their absolute values): the decimals
    the user wrote, for :func:`decimal_view`."""
    return frozenset(abs(n.value) for n in walk(e) if type(n) is Num
                     and n.value.denominator != 1)


def _unscaled(e: Expr, wrote: frozenset) -> Expr:
    """``e`` with each sum that the simplifier scaled to whole coefficients, as a factor of a
    product or a quotient, written back as the user wrote it, its leading coefficient moved
    into the product's number: 3*(10*w - 23)**2/100 is 3*(w - 2.3)**2, 15/(2*(5*x + 1)**2)
    is 0.3/(x + 0.2)**2 (equal, exactly) -- where the sum's numbers are ones the user wrote
    (``wrote``): 0.1*(2*x + 3), the derivative of 0.1x² + 0.3x, stays."""

    def product(e: Expr) -> Expr:
        return _product(e, wrote)

    def visit(node, kids):
        node = rebuild(node, kids) if kids else node
        t = type(node)
        if t is Div:
            return _scaled_sums(node, wrote) or node
        if t is Add:  # a product among a sum's terms (a product inside a quotient is the
            # quotient's, above: its number and the denominator's are one)
            return rebuild(node, tuple(product(k) for k in node.args))
        return node

    return product(bottom_up(e, visit))


def _product(e: Expr, wrote: frozenset) -> Expr:
    """``e`` unscaled where it is a product led by its number (:func:`_scaled_sums`)."""
    if type(e) is Mul and type(e.args[0]) is Num:
        return _scaled_sums(e, wrote) or e
    if type(e) is Neg:
        inner = _product(e.arg, wrote)
        return e if inner is e.arg else Neg(inner)
    return e


def _scaled_sums(node: Expr, wrote: frozenset) -> Expr | None:
    """The product or quotient ``node`` with its scaled sums unscaled (see :func:`_unscaled`),
    or None where none is, or where its number would not be a short decimal."""
    num, den = (node.num, node.den) if type(node) is Div else (node, ONE)
    c = Fraction(1)
    top, bottom = [], []
    for factors, into, up in ((num, top, True), (den, bottom, False)):
        for f in factors.args if type(factors) is Mul else (factors,):
            if type(f) is Neg:  # a negated factor: its sign on the number
                c, f = -c, f.arg
            if type(f) is Num:
                c = c * f.value if up else c / f.value
            elif f is not ONE:
                into.append(f)
    before = c
    changed = False
    for into, up in ((top, True), (bottom, False)):
        for i, f in enumerate(into):
            power = type(f) is Pow and type(f.exp) is Num and f.exp.value.denominator == 1 \
                and f.exp.value > 0
            base, n = (f.base, f.exp.value.numerator) if power else (f, 1)
            unscaled = _unscaled_sum(base, wrote) if type(base) is Add else None
            if unscaled is None:
                continue
            d, inner = unscaled  # its terms' own scaled sums: cos(w)*(10*w - 23)/20
            inner = Add(tuple(_product(t, wrote) for t in inner.args))
            into[i] = Pow(inner, f.exp) if power else inner
            c = c * d**n if up else c / d**n
            changed = True
    s = decimal_text(abs(c)) if changed else None
    simpler = (_places(c) <= _places(before) if before.denominator != 1
               else c.denominator == 1 and abs(c) < abs(before))
    if s is None or len(s) > SPREAD_CHARS or not simpler:
        return None  # a number no longer, nor with more decimals: 3*(4*x + 1)**2 stays (not
        # 48*(x + 0.25)**2); 0.03*(10*w - 23)**2 is 3*(w - 2.3)**2, -100*(10*x + 23)/(10*x -
        # 23)**3 is -(x + 2.3)/(x - 2.3)**3
    lead = (Num(c),) if abs(c) != 1 else ()
    head = lead + tuple(top) or (ONE,)
    out = head[0] if len(head) == 1 else Mul(head)
    if c == -1:  # -(x + 2.3)/(x - 2.3)**3, not -1*(…)
        out = Neg(out)
    if bottom:
        out = Div(out, bottom[0] if len(bottom) == 1 else Mul(tuple(bottom)))
    return out


def _places(q: Fraction) -> int:
    """How many decimal places the terminating ``q`` has (0.03: 2; 3: 0)."""
    twos, fives, _ = _twos_fives(q)
    return max(twos, fives)


def _unscaled_sum(s: Add, wrote: frozenset) -> tuple[int, Add] | None:
    """(d, ``s``/d) for the sum ``s`` of whole coefficients whose first with a variable, d > 1,
    divides every other into a decimal the user wrote (``wrote``: 10*w - 23 is 10*(w - 2.3),
    23 - 10*w is 10*(2.3 - w)); else None."""
    coefficients, rests, signs = [], [], []
    for t in s.args:
        negated, c, rest = _term(t)
        if c.denominator != 1:
            return None
        coefficients.append(c)
        rests.append(rest)
        signs.append(negated)
    first = next((k for k, rest in enumerate(rests) if rest), None)  # 23 - 10*w: by 10
    if first is None:
        return None
    d = abs(coefficients[first])
    if d <= 1:
        return None
    terms = []
    for c, rest, negated in zip(coefficients, rests, signs):
        q = c / d
        if q.denominator != 1 and abs(q) not in wrote:
            return None
        factors = ((Num(q),) if q != 1 else ()) + rest
        term = factors[0] if len(factors) == 1 else Mul(factors) if factors else Num(q)
        terms.append(Neg(term) if negated else term)
    return d.numerator, Add(tuple(terms))


SPREAD_CHARS = 10  # a coefficient spread over a sum prints at most this long (0.044715)


def _spread(num: Expr, den: Expr) -> Expr | None:
    """A quotient by k times more factors (a whole number k > 1), whose numerator is a sum or
    a product with one sum among its factors, each of the sum's coefficients over k a short
    decimal: the decimals the user wrote, that the common denominator multiplied out
    ((851*x + 500)/(500*u) is (1.702*x + 1)/u); else None."""
    if type(den) is not Mul or type(den.args[0]) is not Num:
        return None  # (a sum over k alone: its factor, 0.5*(1 - tanh(u)**2), below)
    k, rest = den.args[0].value, den.args[1:]
    if k.denominator != 1 or k <= 1:
        return None
    if type(num) is Mul:  # sqrt(2)*x*(8943*x**2 + 200000)/(200000*sqrt(pi))
        if any(type(a) is Num for a in num.args):
            return None
        # the first sum among the factors that takes k (not 1 - tanh(u)**2)
        inner = None
        for i, a in enumerate(num.args):
            inner = _spread(a, Mul((den.args[0], ONE))) if type(a) is Add else None
            if inner is not None:
                break
        if inner is None:
            return None
        args = list(num.args)
        args[i] = inner
        out = Mul(tuple(args))
        return out if not rest else Div(out, rest[0] if len(rest) == 1 else Mul(rest))
    if type(num) is not Add:
        return None
    rest = tuple(r for r in rest if r is not ONE)
    terms = []
    for t in num.args:
        negated, c, others = _term(t)
        q = c / k
        s = decimal_text(abs(q))
        if s is None or len(s) > SPREAD_CHARS:
            return None
        lead = () if abs(q) == 1 and others else (Num(abs(q)) if q.denominator == 1 else Sym(s),)
        factors = lead + others
        term = factors[0] if len(factors) == 1 else Mul(factors)
        terms.append(Neg(term) if negated != (q < 0) else term)
    out = Add(tuple(terms))
    if not rest:
        return out
    return Div(out, rest[0] if len(rest) == 1 else Mul(rest))


def _term(t: Expr) -> tuple[bool, Fraction, tuple]:
    """A sum's term as (subtracted, its number, its other factors): -3*x*y is (True, 3, (x,
    y)), 2 is (False, 2, ()), x*y (False, 1, (x, y))."""
    negated = type(t) is Neg
    t = t.arg if negated else t
    if type(t) is Mul and type(t.args[0]) is Num:
        return negated, t.args[0].value, t.args[1:]
    if type(t) is Num:
        return negated, t.value, ()
    return negated, Fraction(1), t.args if type(t) is Mul else (t,)


def _signed(e: Expr) -> Expr:
    """``-(0.25*x)`` as ``-0.25*x``: the sign on the decimal that leads a negated product
    (as -3*x's is on its number), outside a sum (a - 0.25*x stays a difference)."""
    if type(e) is Neg and type(e.arg) is Mul and is_decimal_leaf(e.arg.args[0]) \
            and type(e.arg.args[0]) is Sym:
        return Mul((Neg(e.arg.args[0]),) + e.arg.args[1:])
    return e
