"""Exact numbers as the user wrote them: where the input had decimals (``--lr 0.01``,
``(w - 2.3)^2``, data files), a rational with a terminating decimal expansion prints as that
decimal (23/5 as 4.6) instead of a fraction. Display only: the computation stays exact.
(The views' helpers around it are in :mod:`calcdiff.render.decimals`.)"""

from __future__ import annotations

from fractions import Fraction

from calcdiff.tree.nodes import ONE, Add, Div, Expr, Mul, Neg, Num, Pow, Sym, bottom_up, rebuild

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


def is_decimal_leaf(e: Expr) -> bool:
    """Is ``e`` a number that :func:`decimal_view` printed as a decimal (``0.25``,
    ``-0.25``)? Its leaf is a name no variable has: it starts with a digit."""
    e = e.arg if type(e) is Neg else e
    return type(e) is Sym and e.name[:1].isdigit()


def decimal_view(e: Expr, exponents: bool = True, divisions: bool = True) -> Expr:
    """``e`` with every non-integer terminating rational as a decimal leaf; with
    ``exponents=False`` an exponent keeps its fraction (``x**(3/2)``, not ``x**1.5``); with
    ``divisions=False`` a quotient by a whole number keeps its division unless a number
    leads it (the reading of ``x/2 + 0.5``: the user wrote x/2; an answer's is 0.5*x)."""

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

    return _signed(bottom_up(e, visit))


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
        negated = type(t) is Neg
        t = t.arg if negated else t
        if type(t) is Mul and type(t.args[0]) is Num:
            c, others = t.args[0].value, t.args[1:]
        elif type(t) is Num:
            c, others = t.value, ()
        else:
            c, others = Fraction(1), (t,)
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


def _signed(e: Expr) -> Expr:
    """``-(0.25*x)`` as ``-0.25*x``: the sign on the decimal that leads a negated product
    (as -3*x's is on its number), outside a sum (a - 0.25*x stays a difference)."""
    if type(e) is Neg and type(e.arg) is Mul and is_decimal_leaf(e.arg.args[0]) \
            and type(e.arg.args[0]) is Sym:
        return Mul((Neg(e.arg.args[0]),) + e.arg.args[1:])
    return e
