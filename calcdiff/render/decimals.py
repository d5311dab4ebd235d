"""Exact numbers shown as the user wrote them: where the input had decimals (``--lr 0.01``,
``(w - 2.3)^2``, data files), a rational with a terminating decimal expansion prints as that
decimal (23/5 as 4.6) instead of a fraction. Display only: the computation stays exact."""

from __future__ import annotations

import math
import re

from calcdiff.render.common import OVERFLOWS, UNDERFLOWS, shows_its_decimal
from calcdiff.render.latex import format_float
from calcdiff.tree.decimals import BelowDouble, decimal_text, decimal_view
from calcdiff.tree.nodes import Expr
from calcdiff.tree.printer import to_plain

_LATEX_DECIMAL = re.compile(r"\\mathit\{(\d+\.\d+)\}")


def latex_decimals(s: str) -> str:
    """The LaTeX printer sets an unknown leaf in italics; a decimal leaf is a number."""
    return _LATEX_DECIMAL.sub(r"\1", s)


LONG = 60  # an exact value longer than this many characters shows as its decimal only


def float_text(v: float | None, digits: int = 10) -> str:
    """A float, 10 significant digits unless told; 0 never signed ("-0" reads as a sign
    error: -0.0 is 0)."""
    return "undefined" if v is None else f"{v + 0.0:.{digits}g}"


def counted(n: int, noun: str) -> str:
    """``n`` and ``noun``, plural unless n is 1: "1 step", "12 steps"."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def stop_rule(tol: float) -> str:
    """The stopping rule an optimiser met: |∇f| < tol, or ∇f = 0 with --tol 0."""
    return "∇f = 0" if tol == 0 else f"|∇f| < {tol:g}"


def float_json(v: float | None) -> float | None:
    """A float for JSON: None for NaN and ±∞ (JSON has no such numbers)."""
    return v if v is not None and math.isfinite(v) else None


def floats_json(vs) -> list:
    """Floats for JSON, each as :func:`float_json` writes it ([] for none)."""
    return [float_json(v) for v in vs or ()]


def float_latex(v: float, digits: int = 10) -> str:
    """A float as LaTeX math, 10 significant digits unless told."""
    if not math.isfinite(v):
        return format_float(v)
    s = f"{v + 0.0:.{digits}g}"  # -0.0 is 0
    if "e" in s:
        mant, _, exp = s.partition("e")
        if mant in ("1", "-1"):
            return mant[:-1] + f"10^{{{int(exp)}}}"
        return rf"{mant} \times 10^{{{int(exp)}}}"
    return s


def exact_text(e: Expr, decimals: bool) -> str:
    return to_plain(decimal_view(e) if decimals else e)


def decimal_suffix(e: Expr, v: float | None, decimals: bool = False, gap: str = " ",
                   digits: int = 10) -> str:
    """What follows the exact value ``e`` (its double ``v``): ``≈ 0.3333333333``, nothing
    beside a value that shows itself (2, a decimal the user's numbers produce) or has no
    double, and words where the value is finite but past a double or below it."""
    if v is None or not shows_its_decimal(e, decimals):
        return ""
    if math.isinf(v):  # the value is finite (it has an exact form): only its double is not
        return f"{gap}{OVERFLOWS}"
    if isinstance(v, BelowDouble):
        return f"{gap}{UNDERFLOWS}"
    return f"{gap}≈ {float_text(v, digits)}"


def value_text(e: Expr, v: float | None, decimals: bool) -> str:
    """An exact value with its decimal beside it (``1/3 ≈ 0.3333333333``); an integer, or a
    decimal the user's numbers produce, alone; a value too long to read as its decimal."""
    s = exact_text(e, decimals)
    suffix = decimal_suffix(e, v, decimals)
    if len(s) > LONG and suffix.startswith(" ≈"):
        return suffix[1:]
    return s + suffix


def equals(e: Expr, v: float | None, decimals: bool) -> str:
    """`` = value`` for :func:`value_text`, or `` ≈ decimal`` where the value is long."""
    s = value_text(e, v, decimals)
    return " " + s if s.startswith("≈") else " = " + s


def beside(value: str, v: float | None, gap: str = " ") -> str:
    """The decimal printed beside an exact value at a point (``gap`` before it): none where
    there is no decimal or it reads the same as the value (``At x = 2: -1``, not ``-1 ≈ -1``);
    a word where it overflows a double."""
    if v is None:
        return ""
    if math.isinf(v):
        return f"{gap}{OVERFLOWS}"
    if isinstance(v, BelowDouble):
        return f"{gap}{UNDERFLOWS}"
    decimal = f"{v:.12g}"
    if decimal == value or _reads_as(value, v):
        return ""
    return f"{gap}≈ {decimal}"


def _reads_as(value: str, v: float) -> bool:
    """Whether ``value`` is a decimal number whose double is ``v`` (0.000003 and 3e-06)."""
    try:
        return float(value) == v
    except ValueError:
        return False


def is_long(e: Expr, decimals: bool) -> bool:
    return len(exact_text(e, decimals)) > LONG


__all__ = ["LONG", "beside", "decimal_text", "decimal_view", "equals", "exact_text", "float_json", "float_latex",
           "float_text", "is_long", "latex_decimals", "value_text"]
