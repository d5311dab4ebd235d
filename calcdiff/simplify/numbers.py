"""Exact rational powers for the simplifier: ``c**r`` split into a folded rational part and
what must stay symbolic (``sqrt(8)`` is ``2*sqrt(2)``, ``9**(9**9)`` is never computed)."""

from __future__ import annotations

from fractions import Fraction

from calcdiff.errors import DomainError
from calcdiff.tree.nodes import Num

# Numbers are ints when integral and Fractions otherwise (int arithmetic is much faster);
# every true division goes through a Fraction.
F0 = 0
F1 = 1

MAX_FOLD_BITS = 4096  # numbers are folded only while they stay this small (9^9^9^9 stays symbolic)
MAX_ROOT_DEGREE = 64


def _iroot(n: int, q: int):
    """The exact integer ``q``-th root of ``n >= 0``, or None."""
    if n < 2:
        return n
    if q > MAX_ROOT_DEGREE:
        return None
    x = 1 << -(-n.bit_length() // q)
    while True:
        y = ((q - 1) * x + n // x ** (q - 1)) // q
        if y >= x:
            break
        x = y
    return x if x**q == n else None


def _split_power(n: int, q: int):
    """``n = m * s**q`` with the largest ``s`` made of small primes (sqrt(8) = 2*sqrt(2))."""
    s = 1
    if n < 10**12 and q <= 8:
        for p in (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31):
            pq = p**q
            while n % pq == 0:
                n //= pq
                s *= p
    return n, s


def _small_pow(v: Fraction, n: int):
    """``v**n`` for an integer ``n``, or None when the result would be huge (never for
    ``v`` = ±1: ``1**(10**100)`` is 1)."""
    if v == 1 or v == -1:
        return v ** (n % 2)
    if n < 0:
        v, n = Fraction(1) / v, -n
    if max(v.numerator.bit_length(), v.denominator.bit_length()) * n > MAX_FOLD_BITS:
        return None
    return v**n


def num_pow(c: Fraction, r: Fraction):
    """``c**r`` as ``(coefficient, [(number, exponent), ...])``: the rational part folded and
    what is left as powers of positive integers with exponents in (0, 1)."""
    if r.denominator == 1:
        if c == 0:
            if r < 0:
                raise DomainError("division by zero")
            return (0 if r > 0 else 1), []
        v = _small_pow(c, r.numerator)
        return (1, [(c, r)]) if v is None else (v, [])
    if c == 0:
        if r < 0:
            raise DomainError("division by zero")
        return 0, []
    if c < 0:
        return 1, [(c, r)]
    coef = 1
    left = []
    for n, e in ((c.numerator, r), (c.denominator, -r)):
        if n == 1:
            continue
        root = _iroot(n, e.denominator)
        if root is not None:
            v = _small_pow(root, e.numerator)
            if v is not None:
                coef *= v
                continue
            left.append((n, e))
            continue
        n, sq = _split_power(n, e.denominator)
        if sq != 1:
            v = _small_pow(sq, e.numerator)
            if v is not None:
                coef *= v
            else:
                left.append((sq ** e.denominator, e))
        whole = e.numerator // e.denominator  # floor, so the rest lies in (0, 1)
        v = _small_pow(n, whole)
        if v is None:
            left.append((n, e))
        else:
            coef *= v
            left.append((n, e - whole))
    return coef, left


def merge_roots(factors: dict) -> list:
    """Positive whole numbers under the same power in (0, 1), taken out of ``factors`` (base
    -> exponent) and multiplied: ``2**(1/2)*6**(1/2)`` gives ``[(12, 1/2)]``, which
    :func:`num_pow` splits into ``2*3**(1/2)``."""
    by_exp: dict = {}
    for b, e in factors.items():
        if type(b) is Num and 0 < e < 1 and b.value > 0 and b.value.denominator == 1:
            by_exp.setdefault(e, []).append(b)
    out = []
    for e, bases in by_exp.items():
        if len(bases) > 1:
            n = 1
            for b in bases:
                del factors[b]
                n *= b.value.numerator
            out.append((Fraction(n), e))
    return out
