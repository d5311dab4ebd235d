"""The few float routines a rule's ``numeric = "kernel.NAME"`` can name.

Most functions are evaluated from their rule entry alone (``numeric = "math.erf"``, or an
expression such as ``"1/cos(u)"``); a kernel is code only where an expression would lose
accuracy or cannot say it: overflow-free sigmoid and softplus, real odd roots of negative
numbers, a step undefined at 0, the sign at 0, and acot's value at 0.
"""

from __future__ import annotations

import math


def sigmoid(u: float) -> float:
    if u >= 0:
        return 1.0 / (1.0 + math.exp(-u))
    z = math.exp(u)
    return z / (1.0 + z)


def softplus(u: float) -> float:
    return max(u, 0.0) + math.log1p(math.exp(-abs(u)))


def root(u: float, n: float) -> float:
    if u < 0:
        if float(n).is_integer() and int(n) % 2 == 1:
            return -((-u) ** (1.0 / n))
        raise ValueError("an even root of a negative number")
    return u ** (1.0 / n)


def heaviside(u: float) -> float:
    if u == 0:
        raise ValueError("heaviside is undefined at 0")
    return 1.0 if u > 0 else 0.0


def acot(u: float) -> float:
    """SymPy's branch: atan(1/u), and π/2 at 0."""
    return math.atan(1.0 / u) if u != 0 else math.pi / 2


def sign(u: float) -> float:
    """-1, 0 or 1: defined at 0, where u/|u| is not."""
    return float((u > 0) - (u < 0))


KERNELS = {
    "sigmoid": sigmoid, "softplus": softplus, "root": root, "heaviside": heaviside,
    "acot": acot, "sign": sign,
}
