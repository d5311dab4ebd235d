"""How a request says its order and names the derivative: ordinals (``second``, ``21st``),
the derivative's name with its common misspellings, and an order written raised (``d²``).
Parts of the patterns of read/request.py and read/equation_request.py."""

from __future__ import annotations

from calcdiff.limits import check_order_text
from calcdiff.undefined import FROM_SUPERSCRIPT

_ORDINALS = {w: k for k, w in enumerate("first second third fourth fifth sixth seventh eighth "
                                        "ninth tenth".split(), 1)}
# parts of the patterns here and of read/equation_request's (21st, 100th: by their digits)
ORDINAL = "|".join(_ORDINALS) + r"|[1-9][0-9]*(?:st|nd|rd|th)"
DERIVATIVE_WORD = (r"(?:(?:partial|implicit)\s+)?(?:derivative|derivate|deriv|derivitive|"
                   r"derivitave|derivatve|dervative)|differential"  # and common misspellings
                   # the slope of f, of the tangent (line) to (the curve) f: never a
                   # variable named slope (slope x + b), which no "of" follows
                   r"|slope(?=\s+of\b)(?!\s+of\s+the\s+tangent)|slope\s+of\s+the\s+tangent"
                   r"(?:\s+line)?\s+(?:to|of)(?:\s+the\s+(?:curve|graph)(?:\s+of)?)?(?=\s)"
                   # the (instantaneous) rate of change of f: its derivative, said in words
                   r"|(?:instantaneous\s+)?rate\s+of\s+change(?=\s+of\b)")


def ordinal_order(word: str, text: str, at: int) -> int:
    """The order an ordinal says ("second", "4th"; "" is 1), within the order limit."""
    word = word.lower()
    return _ORDINALS.get(word) or (check_order_text(word[:-2], text, at) if word else 1)


def superscript_digits(digits: str) -> str:
    """``²`` -> ``2``: an order written raised."""
    return digits.translate(FROM_SUPERSCRIPT)
