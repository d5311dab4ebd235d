"""Tokens with source offsets.

The lexer knows characters, not names: a run of letters is one ``NAME`` token whatever it
means (the parser decides whether ``xy`` is two variables and ``sinx`` is ``sin x``).
Unicode notation is folded here: superscripts become ``^`` followed by a number, ``−``, ``×``,
``·`` and ``÷`` become ASCII operators, and Greek letters become their spelled names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from calcdiff.errors import LimitError, ParseError
from calcdiff.greek import CHAR_TO_NAME
from calcdiff.undefined import count_primes

MAX_LENGTH = 1_000_000
MAX_DIGITS = 4000  # CPython refuses int() of longer strings by default
MAX_SCI_EXPONENT = 1000

GREEK = CHAR_TO_NAME  # Greek characters -> spelled names (calcdiff/greek.py)

SUPERSCRIPTS = {
    "⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7",
    "⁸": "8", "⁹": "9", "⁻": "-", "⁺": "+",
}

# characters folded to one ASCII operator
OPERATOR_ALIASES = {
    "−": "-", "–": "-", "‒": "-", "﹣": "-", "－": "-",
    "×": "*", "·": "*", "⋅": "*", "∙": "*", "•": "*", "∗": "*",
    "÷": "/", "∕": "/",
    "＋": "+",
}

_PRIMES = frozenset("'′″‴")
SINGLE_OPS = set("+-*/^(),[]{}|√∛∜∂")

_NUMBER = re.compile(r"([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")
_LETTERS = re.compile(r"[A-Za-z]+")
_DIGITS = re.compile(r"[0-9]+")
_SUBSCRIPT = re.compile(r"_(?:([A-Za-z0-9]+)|\{\s*([A-Za-z0-9]+)\s*\})")
_SUBSCRIPT_DIGITS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
PYTHON_KEYWORDS = {
    "for", "in", "if", "else", "elif", "import", "def", "return", "class", "while", "not",
    "and", "or", "is", "None", "True", "False", "with", "as", "from", "yield", "try",
    "except", "finally", "raise", "del", "global", "nonlocal", "pass", "break", "continue",
    "assert", "async", "await",
}


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # NUM, NAME, OP, END
    text: str  # normalised text: "x", "theta", "log_2", "^", "3/2" ...
    start: int
    end: int
    value: Fraction | None = None
    flags: frozenset = frozenset()  # NUM: "sci", "decimal"; NAME: "greek"; OP: "superscript"


def _name_ok_char(c: str) -> bool:
    return c.isalpha() and c.isascii()


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens; raise :class:`ParseError` on a character we do not read."""
    if len(text) > MAX_LENGTH:
        raise LimitError(
            f"input is {len(text):,} characters long; the limit is {MAX_LENGTH:,}",
            text[:200], 0, 1,
        )
    tokens: list[Token] = []
    append = tokens.append
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c in " \t\r\n\u00a0\u2009\u202f":
            i += 1
            continue
        if c in "0123456789" or (c == "." and i + 1 < n and text[i + 1] in "0123456789"):
            m = _NUMBER.match(text, i)
            body, sci = m.group(1), m.group(2)
            digits = len(body.replace(".", ""))
            if digits > MAX_DIGITS:
                raise LimitError(
                    f"a number with {digits:,} digits is longer than the limit of {MAX_DIGITS:,}",
                    text, i, m.end(),
                )
            flags = set()
            value = Fraction(body)
            if "." in body:
                flags.add("decimal")
            if sci:
                e = int(sci[1:])
                if abs(e) > MAX_SCI_EXPONENT:
                    raise LimitError(
                        f"the exponent {sci[1:]} is beyond the limit of ±{MAX_SCI_EXPONENT}",
                        text, i, m.end(),
                    )
                value *= Fraction(10) ** e
                flags.add("sci")
            append(Token("NUM", m.group(0), i, m.end(), value, frozenset(flags)))
            i = m.end()
            continue
        if _name_ok_char(c) or c in GREEK:
            start = i
            if c in GREEK:
                name = GREEK[c]
                i += 1
                flags = frozenset(("greek",))
            else:
                m = _LETTERS.match(text, i)
                name = m.group(0)
                i = m.end()
                flags = frozenset()
            m = _DIGITS.match(text, i)
            if m:
                name += m.group(0)
                i = m.end()
            m = _SUBSCRIPT.match(text, i)
            if m:
                name += "_" + (m.group(1) or m.group(2))
                i = m.end()
            elif i < n and text[i] in "₀₁₂₃₄₅₆₇₈₉":  # x₁ -> x_1
                j = i
                while j < n and text[j] in "₀₁₂₃₄₅₆₇₈₉":
                    j += 1
                name += "_" + text[i:j].translate(_SUBSCRIPT_DIGITS)
                i = j
            elif i < n and text[i] == "_":
                raise ParseError(
                    f"a subscript is missing after {text[start:i + 1]!r}", text, i + 1, i + 2,
                    hint="write x_1, x_{12} or log_2(x)",
                )
            if i < n and text[i] in _PRIMES:  # f'(x), f″(x): a derivative of a function
                primes, i = count_primes(text, i)
                name += "'" * primes
            if name in PYTHON_KEYWORDS:
                raise ParseError(
                    f"{name!r} is Python syntax, not part of the expression language",
                    text, start, i, hint="calcdiff reads math, never code",
                )
            append(Token("NAME", name, start, i, None, flags))
            continue
        if c in SUPERSCRIPTS:
            # x²  ->  x ^ 2 ;  sin⁻¹  ->  sin ^ - 1
            start = i
            while i < n and text[i] in SUPERSCRIPTS:
                i += 1
            run = "".join(SUPERSCRIPTS[ch] for ch in text[start:i])
            sign = ""
            body = run
            if body[:1] in "+-":
                sign, body = body[0], body[1:]
            if not body or not body.isdigit():
                raise ParseError(
                    "a superscript must be a whole number, like ² or ⁻¹", text, start, i
                )
            sup = frozenset(("superscript",))
            append(Token("OP", "^", start, start, None, sup))
            pos = start
            if sign == "-":
                append(Token("OP", "-", pos, pos + 1, None, sup))
                pos += 1
            append(Token("NUM", body, pos, i, Fraction(int(body)), sup))
            continue
        if c == "*" and i + 1 < n and text[i + 1] == "*":
            append(Token("OP", "^", i, i + 2))
            i += 2
            continue
        if c in OPERATOR_ALIASES:
            append(Token("OP", OPERATOR_ALIASES[c], i, i + 1))
            i += 1
            continue
        if c in SINGLE_OPS:
            append(Token("OP", c, i, i + 1))
            i += 1
            continue
        raise ParseError(_describe_bad_char(c), text, i, i + 1, hint=_hint_for_char(c, text, i))
    append(Token("END", "", n, n + 1))
    return tokens


def _describe_bad_char(c: str) -> str:
    if not c.isprintable() or c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069":
        return f"unexpected control character U+{ord(c):04X}"
    return f"unexpected character {c!r}"


def _hint_for_char(c: str, text: str, i: int) -> str | None:
    if c == "_":
        return "names start with a letter; Python names and attributes are not part of the language"
    if c == ".":
        return "attribute access is not part of the language; write a decimal number as 0.5"
    if c in "=<>":
        return "an expression cannot hold an assignment or comparison; give points with --at x=1"
    if c in "'\"":
        return "strings are not part of the language"
    if c == ":":
        return "Python syntax (lambda, slices) is not part of the language"
    if c == "!":
        return "factorials are not supported"
    if c == ";":
        return "write one expression per line"
    return None
