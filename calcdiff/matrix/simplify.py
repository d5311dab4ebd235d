"""The matrix normal form: transposes pushed into products and cancelled, identities and
ones dropped, numbers gathered in front, like terms collected, and a factor common to every
term pulled out ((A + Aᵀ)x). A sum stays a block: (Xw − y)ᵀ is not expanded."""

from __future__ import annotations

from fractions import Fraction

from calcdiff.matrix.nodes import (
    ONE, SCALAR, DiagV, Diff, Div, Elem, EntrySum, Had, Ident, Inv, MExpr, Num, Ones, Power, Prod,
    Softmax, Sum, T, Tr, Var, Zero, rebuild,
)


def simplify(e: MExpr) -> MExpr:
    """``e`` in normal form (bottom-up, repeated until nothing changes)."""
    for _ in range(20):
        new = _bottom_up(e)
        if new == e:
            return new
        e = new
    return e


def _bottom_up(e: MExpr) -> MExpr:
    kids = e.children()
    if kids:
        e = rebuild(e, [_bottom_up(k) for k in kids])
    return _local(e)


def _local(e: MExpr) -> MExpr:
    if isinstance(e, T):
        return _transpose(e.arg)
    if isinstance(e, Prod):
        return _product(list(e.factors))
    if isinstance(e, Sum):
        return _sum(list(e.terms))
    if isinstance(e, Had):
        return _hadamard(e)
    if isinstance(e, Div):
        return _divide(e)
    if isinstance(e, Inv):
        a = e.arg
        if isinstance(a, Inv):
            return a.arg
        if isinstance(a, T):
            return T(Inv(a.arg))
        if isinstance(a, Num):
            return Num(1 / a.value)
        return e
    if isinstance(e, Power):
        if e.exp == 1:
            return e.base
        if e.exp == 0:
            return ONE
        if isinstance(e.base, Num) and e.exp.denominator == 1:
            return Num(e.base.value ** int(e.exp))
        if isinstance(e.base, Power) and e.base.exp.denominator == 1 and e.exp.denominator == 1:
            return Power(e.base.base, e.base.exp * e.exp)
        b = e.base
        if isinstance(b, Elem) and b.func == "abs" and not b.prime and b.shape == SCALAR \
                and e.exp.denominator == 1 and e.exp.numerator % 2 == 0:
            return Power(b.arg, e.exp)  # |u|² = u²: det(X)²X⁻ᵀ/|det(X)|² is X⁻ᵀ
        return e
    if isinstance(e, Tr) and e.arg.shape == SCALAR:
        return e.arg
    if isinstance(e, Tr) and isinstance(e.arg, Zero):
        return Zero(SCALAR)
    if isinstance(e, EntrySum) and isinstance(e.arg, Zero):
        return Zero(SCALAR)
    if isinstance(e, EntrySum) and _sums_to_one(e.arg):  # sum(softmax(z)) = 1
        return ONE
    return e


def transpose(a: MExpr) -> MExpr:
    """aᵀ in normal form."""
    return _transpose(a)


def _transpose(a: MExpr) -> MExpr:
    if a.shape == SCALAR:
        return a
    if isinstance(a, T):
        return a.arg
    if isinstance(a, Var) and a.symmetric:
        return a
    if isinstance(a, (Ident, DiagV)):
        return a
    if isinstance(a, (Zero, Ones)):
        return type(a)((a.shape[1], a.shape[0]))
    if isinstance(a, Prod):
        return _product([_transpose(f) for f in reversed(a.factors)])
    if isinstance(a, Had):
        return Had(tuple(_transpose(f) for f in a.factors))
    if isinstance(a, Inv) and _transpose(a.arg) == a.arg:  # symmetric, as XᵀX is
        return a
    if isinstance(a, Div):
        return Div(_transpose(a.num), a.den)
    if isinstance(a, Power):
        return Power(_transpose(a.base), a.exp)
    if isinstance(a, Sum):
        # into the terms only when that leaves fewer transposes: (Xw − y)ᵀ stays a block
        pushed = [_transpose(t) for t in a.terms]
        if sum(_count_t(t) for t in pushed) < sum(_count_t(t) for t in a.terms) + 1:
            return _sum(pushed)
    return T(a)


def _count_t(e: MExpr) -> int:
    return (isinstance(e, T)) + sum(_count_t(k) for k in e.children())


def _is_num(e: MExpr, v=None) -> bool:
    return isinstance(e, Num) and (v is None or e.value == v)


def _product(factors: list[MExpr]) -> MExpr:
    flat: list[MExpr] = []
    for f in factors:
        flat.extend(f.factors if isinstance(f, Prod) and not _scalar_group(f) else (f,))
    shape = Prod(tuple(flat)).shape if flat else SCALAR
    coef = Fraction(1)
    scalars: list[MExpr] = []
    rest: list[MExpr] = []
    for f in flat:
        if isinstance(f, Prod) and isinstance(f.factors[0], Num):  # (−xᵀx): the sign out
            coef *= f.factors[0].value
            f = f.factors[1] if len(f.factors) == 2 else Prod(f.factors[1:])
        if isinstance(f, Num):
            coef *= f.value
        elif isinstance(f, Zero):
            return Zero(shape)
        elif f.shape == SCALAR:
            scalars.append(f)
        else:
            rest.append(f)
    if coef == 0:
        return Zero(shape)
    if len(rest) > 1:
        # I/s among other factors is the scalar 1/s
        rest = [Div(ONE, f.den) if isinstance(f, Div) and isinstance(f.num, Ident) else f
                for f in rest]
        scalars += [f for f in rest if f.shape == SCALAR]
        rest = [f for f in rest if f.shape != SCALAR]
        rest = [f for f in rest if not isinstance(f, Ident)] or rest[:1]
        rest = _cancel_inverses(rest) or [Ident(shape[0])]
    if len(rest) >= 2 and isinstance(rest[-1], Ones) and rest[-1].shape[1] == 1 \
            and isinstance(rest[-2], Sum):
        spread = _spread_over_ones(coef, scalars, rest)
        if spread is not None:
            return spread
    rest = _ones_sums(_diag_ones(_powers(rest)), scalars)
    scalars = _powers(sorted(scalars, key=lambda f: not isinstance(f, Var)))  # λw, not wλ
    divs = [f for f in scalars + rest if isinstance(f, Div)]
    if divs and (len(scalars) + len(rest) > 1 or abs(coef) != 1):
        # one fraction: (1/‖x‖)x is x/‖x‖, 2(x/s) is 2x/s
        d = divs[0]
        others = [f for f in scalars if f is not d]
        chain = [d.num if f is d else f for f in rest]
        num = [Num(abs(coef)), *others, *([d.num] if d in scalars else []), *chain]
        frac = Div(_product(num), d.den)
        return Prod((Num(Fraction(-1)), frac)) if coef < 0 else frac
    groups = [f for f in scalars if isinstance(f, Prod) and _scalar_group(f)] if rest else []
    scalars = [f for f in scalars if not any(f is g for g in groups)]
    # a scalar xᵀv after a chain reads as a product: w(vᵀx) = wvᵀx, so it goes last
    out = ([Num(coef)] if coef != 1 else []) + scalars + rest + groups
    if not out:
        return ONE
    if len(out) == 1:
        return out[0]
    if len(out) == 2 and coef == -1 and isinstance(out[1], Prod):
        return Prod((Num(coef), *out[1].factors))
    return Prod(tuple(out))


def _spread_over_ones(coef, scalars: list[MExpr], rest: list[MExpr]) -> MExpr | None:
    """(A − B)𝟏 as A𝟏 − B𝟏, where that is shorter: (diag(s) − ssᵀ)𝟏 is s − s(sᵀ𝟏), and
    sᵀ𝟏 = 1 for a softmax s, so 0 (the gradient of 1ᵀsoftmax(x), which is 1); None where
    spreading does not shorten it ((X + Y)𝟏 stays)."""
    whole = Prod(tuple([Num(coef)] if coef != 1 else []) + tuple(scalars) + tuple(rest))
    total, ones = rest[-2], rest[-1]
    spread = _sum([_product([Num(coef), *scalars, *rest[:-2], t, ones]) for t in total.terms])
    return spread if _size(spread) < _size(whole) else None


def _size(e: MExpr) -> int:
    return 1 + sum(_size(k) for k in e.children())


def _cancel_inverses(rest: list[MExpr]) -> list[MExpr]:
    """A matrix beside its own inverse is the identity: X X⁻¹, X⁻¹X, XᵀX⁻ᵀ and X⁻ᵀXᵀ go
    (inner pairs first, so X Y Y⁻¹ X⁻¹ goes whole); [] when every factor went."""
    out: list[MExpr] = []
    for f in rest:
        if out and _inverses(out[-1], f):
            out.pop()
        else:
            out.append(f)
    return out


def _inverses(a: MExpr, b: MExpr) -> bool:
    if isinstance(a, T) and isinstance(b, T):
        return _inverses(a.arg, b.arg)
    return (isinstance(b, Inv) and b.arg == a) or (isinstance(a, Inv) and a.arg == b)


def _scalar_group(p: Prod) -> bool:
    """A 1×1 product of matrices (xᵀy): one scalar factor, never spread into a longer chain."""
    return p.shape == SCALAR and any(f.shape != SCALAR for f in p.factors)


def _powers(rest: list[MExpr]) -> list[MExpr]:
    """X X² is X³: equal neighbours (or powers of one base) merge."""
    out: list[MExpr] = []
    for f in rest:
        base, k = (f.base, f.exp) if isinstance(f, Power) else (f, Fraction(1))
        if out:
            prev = out[-1]
            pb, pk = (prev.base, prev.exp) if isinstance(prev, Power) else (prev, Fraction(1))
            if pb == base and base.shape[0] == base.shape[1]:
                out[-1] = Power(base, pk + k)
                continue
        out.append(f)
    return out


def _diag_ones(rest: list[MExpr]) -> list[MExpr]:
    """diag(u) 𝟏 is u."""
    out: list[MExpr] = []
    for f in rest:
        if isinstance(f, Ones) and f.shape[1] == 1 and out and isinstance(out[-1], DiagV):
            out[-1] = out[-1].arg
            continue
        out.append(f)
    return out


def _ones_sums(rest: list[MExpr], scalars: list[MExpr]) -> list[MExpr]:
    """1ᵀv is sum(v), and 1 when v is declared a probability vector."""
    out: list[MExpr] = []
    i = 0
    while i < len(rest):
        f = rest[i]
        nxt = rest[i + 1] if i + 1 < len(rest) else None
        if (isinstance(f, Ones) and f.shape[0] == 1 and nxt is not None
                and nxt.shape[1] == 1):
            if not _sums_to_one(nxt):
                scalars.append(EntrySum(nxt))
            i += 2
            continue
        if (isinstance(f, T) and f.shape[0] == 1 and isinstance(nxt, Ones)
                and nxt.shape[1] == 1):  # vᵀ𝟏 is 𝟏ᵀv
            if not _sums_to_one(f.arg):
                scalars.append(EntrySum(f.arg))
            i += 2
            continue
        out.append(f)
        i += 1
    if not out and rest:
        return []
    return out


def _sums_to_one(v: MExpr) -> bool:
    """A vector whose entries add up to 1: a declared probability vector, or a softmax."""
    return (isinstance(v, Var) and v.simplex) or isinstance(v, Softmax)


def _split_coef(t: MExpr) -> tuple[Fraction, MExpr]:
    if isinstance(t, Prod) and isinstance(t.factors[0], Num):
        rest = t.factors[1:]
        return t.factors[0].value, rest[0] if len(rest) == 1 else Prod(rest)
    if isinstance(t, Num):
        return t.value, ONE
    return Fraction(1), t


def _sum(terms: list[MExpr]) -> MExpr:
    flat: list[MExpr] = []
    for t in terms:
        flat.extend(t.terms if isinstance(t, Sum) else (t,))
    shape = flat[0].shape
    order: list[tuple[MExpr, MExpr]] = []  # (a term as collected, as first written)
    coefs: dict[MExpr, Fraction] = {}
    for t in flat:
        if isinstance(t, Zero):
            continue
        c, key = _split_coef(t)
        like = _like(key)
        if like not in coefs:
            order.append((like, key))
            coefs[like] = Fraction(0)
        coefs[like] += c
    out = [_product([Num(coefs[like]), key]) for like, key in order if coefs[like] != 0]
    if not out:
        return Zero(shape)
    positive = [t for t in out if _split_coef(t)[0] > 0]
    if positive and _split_coef(out[0])[0] < 0:  # softmax(z) − y, not −y + softmax(z)
        out.remove(positive[0])
        out.insert(0, positive[0])
    if len(out) == 1:
        return out[0]
    return _factor(out) or Sum(tuple(out))


def _like(e: MExpr) -> MExpr:
    """``e`` with the terms of each sum in it in one order (by hash): the key under which
    like terms are collected, so (1/2)(A + Aᵀ) + (1/2)(Aᵀ + A) is A + Aᵀ. Only a key: the
    answer keeps the order the terms were first written in."""
    kids = e.children()
    if not kids:
        return e
    e = rebuild(e, [_like(k) for k in kids])
    if isinstance(e, Sum):
        return Sum(tuple(sorted(e.terms, key=hash)))
    if isinstance(e, Prod) and e.shape == SCALAR and any(f.shape != SCALAR for f in e.factors) \
            and not _has_diff(e):
        # a scalar is its own transpose: xᵀa and aᵀx are one term (a differential's terms stay
        # apart, one per rule, for the trace trick to read)
        flipped = Prod(tuple(_transpose(f) for f in reversed(e.factors)))
        return min(e, rebuild(flipped, [_like(k) for k in flipped.children()]), key=hash)
    return e


def _factors(t: MExpr) -> list[MExpr]:
    return list(t.factors) if isinstance(t, Prod) else [t]


def _factor(terms: list[MExpr]) -> MExpr | None:
    """A non-scalar factor that ends (or starts) every term, pulled out: Ax + Aᵀx = (A + Aᵀ)x;
    else one that ends several of them: Ax + Aᵀx + b = (A + Aᵀ)x + b."""
    if any(_has_diff(t) for t in terms):
        return None  # a differential keeps one term per rule, for the trace trick to read
    whole = _factor_all(terms)
    if whole is not None or len(terms) < 3:
        return whole
    ends: dict[MExpr, list[int]] = {}
    for i, t in enumerate(terms):
        f = _factors(t)
        if len(f) >= 2 and f[-1].shape != SCALAR:
            ends.setdefault(f[-1], []).append(i)
    some = max(ends.values(), key=len, default=[])
    pulled = _factor_all([terms[i] for i in some]) if len(some) >= 2 else None
    if pulled is None:
        return None
    out = [pulled if i == some[0] else t for i, t in enumerate(terms) if i not in some[1:]]
    return Sum(tuple(out))


def _factor_all(terms: list[MExpr]) -> MExpr | None:
    """A non-scalar factor that ends (or starts) every one of ``terms``, pulled out."""
    lists = [_factors(t) for t in terms]
    if all(len(f) >= 2 for f in lists):
        last = lists[0][-1]
        if last.shape != SCALAR and all(f[-1] == last for f in lists):
            inner = _inner([_product(f[:-1]) for f in lists], last.shape[0])
            return _product([inner, last])
        first = lists[0][0]
        if first.shape != SCALAR and all(f[0] == first for f in lists):
            inner = _inner([_product(f[1:]) for f in lists], first.shape[1])
            return _product([first, inner])
    return None


def _inner(terms: list[MExpr], n) -> MExpr:
    """The sum left once a factor is pulled out: a scalar term beside matrix ones is a multiple
    of the n×n identity (Ax + 2λx = (A + 2λI)x, not A + 2λ)."""
    if any(t.shape != SCALAR for t in terms):
        terms = [_product([t, Ident(n)]) if t.shape == SCALAR else t for t in terms]
    inner = _sum(terms)
    if isinstance(inner, Sum):  # a number common to the terms goes in front: (1/2)(A + Aᵀ)x
        coefs = {_split_coef(t)[0] for t in inner.terms}
        if len(coefs) == 1 and abs(c := coefs.pop()) != 1:
            return _product([Num(c), Sum(tuple(_split_coef(t)[1] for t in inner.terms))])
    return inner


def _has_diff(e: MExpr) -> bool:
    return isinstance(e, Diff) or any(_has_diff(k) for k in e.children())


def _hadamard(e: Had) -> MExpr:
    flat: list[MExpr] = []
    for f in e.factors:
        flat.extend(f.factors if isinstance(f, Had) else (f,))
    if any(isinstance(f, Zero) for f in flat):
        return Zero(e.shape)
    kept = [f for f in flat if not isinstance(f, Ones)]
    scalars = [f for f in kept if f.shape == SCALAR]
    kept = [f for f in kept if f.shape != SCALAR]
    if not kept:
        return _product(scalars) if e.shape == SCALAR else _product([*scalars, Ones(e.shape)])
    core = kept[0] if len(kept) == 1 else Had(tuple(kept))
    return _product([*scalars, core]) if scalars else core


def _divide(e: Div) -> MExpr:
    num, den = e.num, e.den
    if isinstance(num, Zero):
        return num
    fs = _factors(num)
    for k, f in enumerate(fs):  # exp(x)/sum(exp(x)) is softmax(x): log-sum-exp's gradient
        if isinstance(f, Elem) and f.func == "exp" and not f.prime and f.shape[1] == 1 \
                and den == EntrySum(f):  # (Wᵀsoftmax(Wx), softmax(Wx)xᵀ)
            return _product([*fs[:k], Softmax(f.arg), *fs[k + 1:]])
    if isinstance(den, Num):
        return _product([Num(1 / den.value), num])
    if isinstance(num, Div):
        return Div(num.num, _product([num.den, den]))
    if isinstance(num, Prod) and isinstance(num.factors[0], Num) and num.factors[0].value < 0:
        inner = _product([Num(-num.factors[0].value), *num.factors[1:]])
        return Prod((Num(Fraction(-1)), Div(inner, den)))
    factors = _factors(num)
    if den in factors:
        factors.remove(den)
        return _product(factors)
    for k, f in enumerate(factors):  # 3‖x‖²x/‖x‖ = 3‖x‖x: a scalar's powers cancel
        if den.shape == SCALAR and isinstance(f, Power) and f.arg == den and f.exp > 1:
            factors[k] = f.arg if f.exp == 2 else Power(f.arg, f.exp - 1)
            return _product(factors)
        if isinstance(den, Elem) and den.func == "abs" and not den.prime and f == Power(
                den.arg, Fraction(2)):  # u²/|u| = |u|: det(X)²X⁻ᵀ/|det(X)| is |det(X)|X⁻ᵀ
            factors[k] = den
            return _product(factors)
    if isinstance(den, Prod) and isinstance(den.factors[0], Num):
        c = den.factors[0].value
        return _product([Num(1 / c), Div(num, _product(list(den.factors[1:])))])
    return e


def diag_to_hadamard(e: MExpr) -> MExpr:
    """diag(u) v written u ⊙ v (the backpropagation form of a gradient)."""
    kids = e.children()
    if kids:
        from_kids = [diag_to_hadamard(k) for k in kids]
        e = rebuild(e, from_kids)
    if isinstance(e, Prod):
        fs = list(e.factors)
        for i, f in enumerate(fs):
            if isinstance(f, DiagV) and i + 1 < len(fs):
                right = _product(fs[i + 1:])
                if right.shape == f.arg.shape:
                    return _product(fs[:i] + [Had((f.arg, right))])
                j = next((k for k in range(i + 2, len(fs) + 1)
                          if _product(fs[i + 1:k]).shape == f.arg.shape), None)
                if j is not None:
                    return _product(fs[:i] + [Had((f.arg, _product(fs[i + 1:j])))] + fs[j:])
    return e
