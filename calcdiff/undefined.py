"""Unknown (undefined) functions: ``f(x)``, ``g(u, v)``, ``φ(t)`` and their derivatives, in
one place.

An unknown function is a ``Call`` whose name is not in the rule table. Its derivatives are
``Call`` nodes too, named in Lagrange's notation, so that every stage that treats a call as
opaque (substitution, the simplifier, the printers) needs nothing new:

- one argument: ``f'``, ``f''``, ``f'''``, ``f''''`` (plain syntax ``f''(x)``, Unicode
  ``f″(x)``, ``f⁽⁴⁾(x)``, LaTeX ``f''(x)``, ``f^{(4)}(x)``);
- several arguments: the partial derivative in the k-th argument is ``f_k`` (∂ₖf), and
  ``f_12`` is ∂₁∂₂f (indices sorted: mixed partials of a smooth function commute). Plain
  syntax ``f_12(x, y)``, Unicode ``f₁₂(x, y)``, LaTeX ``f_{12}(x, y)``.

The reader turns ``f'(x)`` and ``f_1(x, y)`` back into the same nodes. This module imports
no other calcdiff module except the Greek letters.
"""

from __future__ import annotations

import re
from functools import lru_cache

from calcdiff.greek import NAME_TO_CHAR, NAME_TO_LATEX

# the names read as an unknown function when applied with brackets, without --function:
# the letters textbooks use for functions (a one-letter name applied to a list of two or
# more arguments is one too: h(u, v)). Other letters stay products: x(x+1), a(x+1).
FUNCTION_LETTERS = frozenset(("f", "g", "h", "F", "G", "H", "phi", "psi", "Phi", "Psi"))
MAX_ARGUMENTS = 9  # partial indices are single digits
MAX_PRIMES = 100

_NAME = re.compile(r"^([A-Za-z]+|[A-Za-z]+[0-9]+)('*|_[1-9]+)$")
_SUP = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_PRIME_CHARS = {"'": 1, "′": 1, "″": 2, "‴": 3}
PRIME_MARKS = "".join(_PRIME_CHARS)  # the characters a prime is written with: '′″‴


def can_name(name: str) -> bool:
    """Whether ``name`` may name an unknown function at all (letters, a Greek name, digits)."""
    return bool(re.fullmatch(r"[A-Za-z]+[0-9]*", name))


def split(func: str) -> tuple[str, int, tuple[int, ...]] | None:
    """``f''`` -> ("f", 2, ()); ``f_12`` -> ("f", 0, (1, 2)); ``f`` -> ("f", 0, ()); None
    when ``func`` is not such a name."""
    m = _NAME.match(func)
    if not m:
        return None
    base, mark = m.groups()
    if mark.startswith("_"):
        return base, 0, tuple(int(c) for c in mark[1:])
    return base, len(mark), ()


def derivative(func: str, slot: int, nargs: int) -> str:
    """The name of the derivative of ``func`` (applied to ``nargs`` arguments) in its argument
    number ``slot`` (0-based)."""
    base, primes, indices = split(func)
    if nargs == 1:
        return base + "'" * (primes + 1)
    return base + "_" + "".join(str(i) for i in sorted(indices + (slot + 1,)))


@lru_cache(maxsize=4096)  # a name's key, asked for every call the simplifier sorts
def order_key(func: str) -> tuple:
    """Where a call sorts among others of its rank: by name, a derivative of an unknown
    function just before the function (so the product rule reads f′(x)·g(x) + f(x)·g′(x))."""
    parts = split(func)
    if parts is None:
        return (func, 0, "")
    base, primes, indices = parts
    return (base, -(primes or len(indices)), func)


def is_derivative(func: str) -> bool:
    parts = split(func)
    return parts is not None and (parts[1] > 0 or bool(parts[2]))


def describe(func: str) -> str:
    """``f''`` -> "the 2nd derivative of the unknown function f"."""
    base, primes, indices = split(func)
    if primes:
        return f"the derivative of order {primes} of the unknown function {base}"
    if indices:
        return (f"the partial derivative of the unknown function {base} in its argument"
                f"{'s' if len(indices) > 1 else ''} {', '.join(map(str, indices))}")
    return f"an unknown function {base}"


def count_primes(text: str, i: int) -> tuple[int, int]:
    """The number of primes written from ``text[i]`` (``'``, ``′``, ``″``, ``‴``) and the
    index after them."""
    n = 0
    while i < len(text) and text[i] in _PRIME_CHARS:
        n += _PRIME_CHARS[text[i]]
        i += 1
    return n, i


# the order of a derivative written as a number: f^{(4)}, y^{(4)} (LaTeX; ^((4)) is how the
# LaTeX reader writes it out), f⁽⁴⁾ (Unicode), and f^(4) where a bracket of one name or number
# follows, f^(4)(x), f^(3)(2) (f^(2)(x + 1), h^(2)(3h + 1) are powers); compiled at first use
ORDER = (r"\^\s*[{(]\s*\(\s*[0-9]+\s*\)\s*[})]|⁽[⁰¹²³⁴⁵⁶⁷⁸⁹]+⁾"
         r"|\^\s*\(\s*[0-9]+\s*\)(?=\s*\(\s*[A-Za-z0-9.]+\s*\))")
FROM_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


def derivative_order(text: str, i: int) -> tuple[str, int, int] | None:
    """``(digits, where they start, the index after the notation)`` when ``text`` at ``i``
    writes a derivative's order in brackets, ``^{(4)}`` or ``⁽⁴⁾``; else None. (A power is
    ``^4`` or ``^{4}``: the round brackets inside the braces are a derivative's notation.)"""
    m = re.compile(ORDER).match(text, i)  # re's cache keeps it
    if m is None:
        return None
    digits = m[0].translate(FROM_SUPERSCRIPT)
    start = next(k for k in range(m.start(), m.end()) if digits[k - m.start()].isdigit())
    return "".join(c for c in digits if c.isdigit()), start, m.end()


def unicode_head(func: str) -> str:
    """``f''`` -> ``f″``; ``f''''`` -> ``f⁽⁴⁾``; ``f_12`` -> ``f₁₂``; ``phi'`` -> ``φ′``."""
    base, primes, indices = split(func)
    head = NAME_TO_CHAR.get(base, base)
    if indices:
        return head + "".join(map(str, indices)).translate(_SUB)
    if primes == 0:
        return head
    if primes <= 3:
        return head + ("′", "″", "‴")[primes - 1]
    return head + "⁽" + str(primes).translate(_SUP) + "⁾"


def latex_head(func: str) -> str:
    """``f''`` -> ``f''``; ``f''''`` -> ``f^{(4)}``; ``f_12`` -> ``f_{12}``; ``phi`` ->
    ``\\varphi``-free ``\\phi``."""
    base, primes, indices = split(func)
    head = NAME_TO_LATEX.get(base, base if len(base) == 1 else r"\operatorname{" + base + "}")
    if indices:
        return head + "_{" + "".join(map(str, indices)) + "}"
    if primes == 0:
        return head
    if primes <= 3:
        return head + "'" * primes
    return head + "^{(" + str(primes) + ")}"
