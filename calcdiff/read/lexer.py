"""Tokens with source offsets.

The lexer knows characters, not names: a run of letters is one ``NAME`` token whatever it
means (the parser decides whether ``xy`` is two variables and ``sinx`` is ``sin x``).
Unicode notation is folded here: superscripts become ``^`` followed by a number, ``−``, ``×``,
``·`` and ``÷`` become ASCII operators, and Greek letters become their spelled names.
"""

from __future__ import annotations

import math
import re
import unicodedata
from bisect import bisect_right
from functools import cache
from operator import itemgetter
from fractions import Fraction

from calcdiff.errors import CalcdiffError, LimitError, ParseError
from calcdiff.greek import CHAR_TO_NAME
from calcdiff.read.latex import REFUSED as LATEX_REFUSED
from calcdiff.read.misplaced import subscript_error
from calcdiff.limits import check_order_text
from calcdiff.tree.nodes import whole as whole_fraction
from calcdiff.undefined import FUNCTION_LETTERS, PRIME_MARKS, count_primes, derivative_order
from calcdiff.words import (ENGLISH_HINT, ENGLISH_KEYWORDS, MATH_WORDS, REFUSED, REQUEST_WORDS,
                            SENTENCE_WORDS)

MAX_LENGTH = 1_000_000
MAX_DIGITS = 4000  # CPython refuses int() of longer strings by default
MAX_SCI_EXPONENT = 1000
MAX_FACTORIAL = 1000  # 1000! has 2,568 digits

GREEK = CHAR_TO_NAME  # Greek characters -> spelled names (calcdiff/greek.py)

SUPERSCRIPTS = {
    "⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7",
    "⁸": "8", "⁹": "9", "⁻": "-", "⁺": "+",
    # modifier letters, pasted from phones and web pages: eˣ, xⁿ, xⁿ⁻¹
    "ᵃ": "a", "ᵇ": "b", "ᶜ": "c", "ᵈ": "d", "ᵉ": "e", "ᶠ": "f", "ᵍ": "g", "ʰ": "h", "ⁱ": "i",
    "ʲ": "j", "ᵏ": "k", "ˡ": "l", "ᵐ": "m", "ⁿ": "n", "ᵒ": "o", "ᵖ": "p", "ʳ": "r", "ˢ": "s",
    "ᵗ": "t", "ᵘ": "u", "ᵛ": "v", "ʷ": "w", "ˣ": "x", "ʸ": "y", "ᶻ": "z",
    "⁽": "(", "⁾": ")",  # e⁽⁻ˣ⁾, 2⁽ˣ⁺¹⁾: a raised exponent in raised brackets
}

# characters folded to one ASCII operator
OPERATOR_ALIASES = {
    "−": "-", "–": "-", "‒": "-", "—": "-", "﹣": "-", "－": "-",
    "‐": "-", "‑": "-", "˗": "-",  # hyphens and a modifier minus, as word processors set them
    "×": "*", "·": "*", "⋅": "*", "∙": "*", "•": "*", "∗": "*", "✕": "*", "⨯": "*", "・": "*",
    "÷": "/", "∕": "/",
    "＋": "+", "﹢": "+",
    "‖": "|",  # ‖x‖, a norm: its bars (read.terms.parse_abs)
    "∣": "|", "｜": "|",  # ∣x∣: LaTeX's \mid as MathML copies it, a full-width bar
}

# one character that is one number: ½x², x^⅓
VULGAR_FRACTIONS = {
    "½": Fraction(1, 2), "⅓": Fraction(1, 3), "⅔": Fraction(2, 3), "¼": Fraction(1, 4),
    "¾": Fraction(3, 4), "⅕": Fraction(1, 5), "⅖": Fraction(2, 5), "⅗": Fraction(3, 5),
    "⅘": Fraction(4, 5), "⅙": Fraction(1, 6), "⅚": Fraction(5, 6), "⅛": Fraction(1, 8),
    "⅜": Fraction(3, 8), "⅝": Fraction(5, 8), "⅞": Fraction(7, 8),
}
# characters that look like, and mean, another: the micro sign μ, the script e of some fonts,
# the fraction and division slashes, and (see _folded) the letters Word pastes as Mathematical Italic (𝑥)
# and full-width forms
_LOOK_ALIKES = {"µ": "μ", "ℯ": "e", "⁄": "/", "∕": "/", "ℎ": "h",
                # the script l of a loss ℓ(w), and Mathematica's double-struck e and d
                "ℓ": "l", "ⅇ": "e", "ⅆ": "d",
                # the quotes an autocorrect types for a prime (f’(x)): the prime, the double one
                "’": "′", "‘": "′", "”": "″",
                # and the acute accent and modifier prime of European keyboards (f´(x))
                "´": "′", "ʹ": "′",
                # the increment sign for Greek capital delta (∆x)
                "∆": "Δ"}


_SCRIPT_CAPITALS = frozenset("ℬℰℱℋℐℒℳℛℊℴℭℌℨK")


def _folded(c: str) -> str | None:
    """The character ``c`` stands for, one character, or None."""
    alike = _LOOK_ALIKES.get(c)
    if alike is not None:
        return alike
    code = ord(c)
    # mathematical letters (𝑥), full-width forms (ｘ), and the script and blackletter capitals
    # that fill the holes of the mathematical alphabets (ℒ, ℋ; not ℜ or ℑ, which mean the
    # real and imaginary parts, nor the sets ℝ, ℕ, nor the imaginary unit ⅈ)
    if 0x1D400 <= code <= 0x1D7FF or 0xFF01 <= code <= 0xFF5E or c in _SCRIPT_CAPITALS:
        import unicodedata

        plain = unicodedata.normalize("NFKC", c)
        if len(plain) == 1 and plain != c:
            return plain
    return None


def fold(text: str) -> str:
    """``text`` with each character that stands for another (𝑥², ｘ, µ, ∕, ’) replaced by it:
    one character each, so every column stays."""
    if text.isascii():
        return text
    folded = [_folded(c) if ord(c) > 0xB3 else None for c in text]
    return "".join(f or c for f, c in zip(folded, text)) if any(folded) else text


# an accent over a letter makes another variable, as \hat{y} does: ŷ is y_hat
_ACCENT_MARKS = {"\u0302": "_hat", "\u0304": "_bar", "\u0305": "_bar", "\u0303": "_tilde",
                "\u0307": "_dot"}


def _accented(c: str) -> str | None:
    """``y_hat`` for ``ŷ`` (a Latin letter with one accent of :data:`_ACCENT_MARKS`), else None."""
    import unicodedata

    parts = unicodedata.normalize("NFD", c)
    if len(parts) == 2 and parts[0].isascii() and parts[0].isalpha() \
            and parts[1] in _ACCENT_MARKS:
        return parts[0] + _ACCENT_MARKS[parts[1]]
    return None


_PRIMES = frozenset(PRIME_MARKS)
SINGLE_OPS = set("+-*/^(),[]{}|√∛∜∂")

_NUMBER = re.compile(r"([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")
_LETTERS = re.compile(r"[A-Za-z]+")
_DIGITS = re.compile(r"[0-9]+")
# x_1, w_ij, x_{12}: a subscript of digits ends at a letter (x_1x_2 is x_1 times x_2)
_SUBSCRIPT = re.compile(r"_(?:([0-9]+|[A-Za-z][A-Za-z0-9]*)|\{\s*([A-Za-z0-9]+)\s*\}"
                        r"|\(\s*([0-9]+)\s*\))")  # x_1, x_{12}, log_(2), x_(1)
_SUBSCRIPT_DIGITS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")

_EMPTY: frozenset = frozenset()
_DECIMAL = frozenset(("decimal",))
_SCI = frozenset(("sci",))
_DECIMAL_SCI = frozenset(("decimal", "sci"))
_GREEK_FLAG = frozenset(("greek",))
_SUPERSCRIPT_FLAG = frozenset(("superscript",))
# (⁡ ⁢ ⁣: MathML's invisible application, times, separator; the zero-width spaces and joiners
# and the byte-order mark that a copy from a web page carries; the left-to-right and
# right-to-left marks of a right-to-left page, which reorder nothing; the soft hyphen; the
# variation selectors after a symbol)
_SPACE = (" \t\r\n\u00a0\u2009\u202f\u2061\u2062\u2063\u200b\u200c\u200d\u2060\ufeff"
          "\u200e\u200f\u00ad\ufe0e\ufe0f"
          "\u3000\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u200a\u205f")  # (the ideographic
# space a CJK input method types, and the typographer's en, em and other fixed spaces)

# the common tokens in one match: spaces, then a whole number, a name of ASCII letters and
# digits (with a plain subscript, x_1) that no other subscript or prime follows, or an ASCII
# operator. Anything else (decimals,
# scientific notation, Greek, superscripts, subscripts, primes, aliases, errors) is read by
# _one_token below, one character class at a time.
_COMMON = re.compile(
    "[" + _SPACE + "]*+(?:"
    r"(?P<num>[0-9]++(?![.eE0-9]))"
    r"|(?P<name>(?>[A-Za-z]+[0-9]*(?:_(?:[0-9]+|[A-Za-z][A-Za-z0-9]*))?))"
    r"(?![_" + PRIME_MARKS + r"₀₁₂₃₄₅₆₇₈₉\u0302-\u0307⁽]|\^\s*[{(]\s*\("
    r"|\^\s*\(\s*[0-9]+\s*\)\s*\(\s*[A-Za-z0-9.]+\s*\)|\.[0-9])"  # f^{(4)}, f^(4)(x),
    # log_2.5: the long way
    r"|(?P<op>\*\*|[-+*/^(),\[\]{}|√∛∜∂])"
    ")"
)


class Token:
    """One token: what the lexer reads, and also what the resolver makes of it (a number or
    an operator passes through the resolver unchanged). A slotted class rather than a
    dataclass: the reader makes one per token, and this is the cheapest object to build."""

    __slots__ = ("kind", "text", "start", "end", "value", "source", "base", "flags", "run")

    def __init__(self, kind: str, text: str, start: int, end: int, value=None,
                 source: str = "", base=None, flags: frozenset = _EMPTY, run: int = -1):
        self.kind = kind  # NUM, NAME, OP, END; after resolving NUM, VAR, CONST, FUNC, OP, END
        self.text = text  # normalised text: "x", "theta", "log_2", "^", "3/2" ...
        self.start = start
        self.end = end
        self.value = value  # NUM: its exact value, a Fraction
        self.source = source  # as written
        self.base = base  # FUNC log with a base: Num or Sym
        self.flags = flags  # NUM: "sci", "decimal"; NAME: "greek"; OP: "superscript"
        self.run = run  # index of the lexer token a resolved piece came from (-1: none)

    def __repr__(self) -> str:
        return f"Token({self.kind}, {self.text!r}, {self.start}, {self.end})"


# a log base in braces that is not a whole number or a letter (log_{x+1}, log_{2x})
LOG_BASE_ARGUMENT = ("a base other than a whole number or a letter is written as log's "
                     "second argument")

_WHOLE: dict[str, Fraction] = {}  # the value of each whole number written, shared


def whole(digits: str) -> Fraction:
    """The Fraction of a run of digits, built without Fraction's parsing of strings (slow
    Python code) and shared: a Fraction is immutable, and the same numbers recur."""
    f = _WHOLE.get(digits)
    if f is None:
        f = whole_fraction(int(digits))
        if len(_WHOLE) < 4096 and len(digits) <= 24:
            _WHOLE[digits] = f
    return f


@cache
def _power_then_index() -> re.Pattern:
    """A name's power written before its index (x^{2}_{1}, x^2_1; not e^x_1, the power
    x_1): compiled when first met."""
    return re.compile(r"(?<![A-Za-z_])([A-Za-z])\^(\{[^{}]*\}|[0-9]+)"
                      r"_(\{\s*[A-Za-z0-9]+\s*\}|[0-9]+)")


def _typed_column(p: int, swaps) -> int:
    """Column ``p`` of the text with each name's index moved before its power (``x_1^{ab}``)
    in the text as typed (``x^{ab}_1``). ``swaps``: (start, end, length of ``^power``,
    length of ``_index``) of each swapped stretch, in order (a column finds its stretch by
    bisection over the starts: a line of thousands of them stays linear)."""
    k = bisect_right(swaps, p - 1, key=itemgetter(0)) - 1  # the last stretch starting before p
    if k < 0:
        return p
    start, end, power, index = swaps[k]
    if p >= end:
        return p
    return p + power if p < start + 1 + index else p - index  # the index, then the power


def _typed_span(start: int, end: int | None, swaps) -> tuple[int, int | None]:
    """A token's (or an error's) columns in the text as typed (:func:`_typed_column`); a
    name with its index (``x_1``) then spans the whole ``x^{ab}_1``."""
    first = _typed_column(start, swaps)
    if end is None:
        return first, None
    if end <= start:
        return first, first
    return first, _typed_column(end - 1, swaps) + 1


def _superscript_expression(text: str, start: int, end: int, run: str, append) -> int:
    """A superscript with letters (eˣ, xⁿ⁻¹, e⁻ˣ): the power of its whole run, in brackets
    (xⁿ⁻¹ is x^(n-1), as it is read on the page); each character its own token at its own
    column. The index after it."""
    bracketed = run[:1] == "(" and run[-1:] == ")"  # e⁽⁻ˣ⁾: brackets the run needs not
    at = start + 1 if bracketed else start  # where its body starts
    if bracketed:
        run = run[1:-1]
    if not re.fullmatch(r"[+-]?[a-z0-9]+(?:[+-][a-z0-9]+)*", run):
        raise ParseError("a superscript must be a whole number, like ² or ⁻¹, or letters "
                         "and numbers joined by ⁺ and ⁻, like ⁿ⁻¹, in raised brackets or "
                         "none, like ⁽ⁿ⁻¹⁾", text, start, end)
    sup = _SUPERSCRIPT_FLAG
    append(Token("OP", "^", start, start, None, text[start:end], None, sup))
    append(Token("OP", "(", start, start, None, "(", None, sup))
    k = 0
    while k < len(run):
        j = k + 1
        if run[k].isdigit():
            while j < len(run) and run[j].isdigit():
                j += 1
            append(Token("NUM", run[k:j], at + k, at + j, whole(run[k:j]),
                         text[at + k:at + j], None, sup))
        elif run[k] in "+-":
            append(Token("OP", run[k], at + k, at + j, None, text[at + k], None, sup))
        else:  # a run of letters is one name, as on the line: eˢⁱⁿˣ is e^(sin x)
            while j < len(run) and run[j].isalpha():
                j += 1
            append(Token("NAME", run[k:j], at + k, at + j, None, run[k:j], None, sup))
        k = j
    # the closing bracket no one typed: an error after it names the superscript (2ˣ3)
    append(Token("OP", ")", end, end, None, text[start:end], None, sup))
    return end


def factorial_merged(tokens: list[Token], text: str, i: int) -> bool:
    """Whether the ``!`` at ``text[i]`` is the factorial of the whole number just read (3!,
    not 3 ! nor 3 != 2): then that number's token is replaced by its factorial's. After an
    exponent (x^2!) it is ambiguous, and an error; past :data:`MAX_FACTORIAL` too large."""
    if text[i] != "!" or text.startswith("!=", i) or not tokens:
        return False
    n = tokens[-1]
    if n.kind != "NUM" or n.end != i or not n.text.isdigit():
        return False
    tokens.pop()
    if tokens and tokens[-1].kind == "OP" and tokens[-1].text == "^":
        raise ParseError("a factorial after an exponent is ambiguous", text, n.start, i + 1,
                         hint=f"write x^({n.text}!) or (x^{n.text})!; only a whole number's "
                              "factorial is read")
    if n.value > MAX_FACTORIAL:
        raise LimitError(f"{n.text}! is beyond the limit of {MAX_FACTORIAL}!", text, n.start,
                         i + 1)
    tokens.append(Token("NUM", n.text + "!", n.start, i + 1,
                        Fraction(math.factorial(int(n.value))), n.text + "!"))
    return True


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens; raise :class:`ParseError` on a character we do not read
    (echoing ``text`` as typed: ｘｙ, not the xy it is read as)."""
    if len(text) > MAX_LENGTH:
        raise LimitError(
            f"input is {len(text):,} characters long; the limit is {MAX_LENGTH:,}",
            text[:200], 0, 1,
        )
    folded = fold(text)
    if folded is text:
        return _tokenize(text)
    try:
        return _tokenize(folded)
    except CalcdiffError as exc:
        if exc.text == folded:  # one character for one: the columns are the typed text's
            exc.text = text
        raise


def _tokenize(text: str) -> list[Token]:
    if "^" in text and "_" in text:  # x^{2}_{1}, as LaTeX allows: x_{1}^{2}, its length kept
        found = list(_power_then_index().finditer(text))
        if found:
            swaps = [(m.start(), m.end(), m.end(2) - m.start(2) + 1, m.end(3) - m.start(3) + 1)
                     for m in found]
            pieces, at = [], 0  # the text with each index before its power (x_1^{ab})
            for m in found:
                pieces += [text[at:m.start()], m[1], "_", m[3], "^", m[2]]
                at = m.end()
            swapped = "".join(pieces) + text[at:]
            try:
                tokens = tokenize(swapped)
            except ParseError as exc:  # the input as typed under the caret
                if exc.text == swapped:
                    exc.text = text
                    if exc.start is not None:
                        exc.start, exc.end = _typed_span(exc.start, exc.end, swaps)
                raise
            for t in tokens:  # each token at the columns it was typed in
                t.start, t.end = _typed_span(t.start, t.end, swaps)
            return tokens
    tokens: list[Token] = []
    append = tokens.append
    common = _COMMON.match
    i = 0
    n = len(text)
    while i < n:
        m = common(text, i)
        if m is not None:
            group = m.lastindex  # 1 a number, 2 a name, 3 an operator: the match's end
            s = m.start(group)
            i = m.end()
            t = text[s:i]
            if group == 3:
                append(Token("OP", "^", s, i, None, t) if t == "**" else
                       Token("OP", t, s, i, None, t))
            elif group == 2:
                if t in REFUSED:
                    raise _keyword(t, text, s, i)
                append(Token("NAME", t, s, i, None, t))
            elif i - s <= MAX_DIGITS:
                append(Token("NUM", t, s, i, whole(t), t))
            else:
                i = _one_token(text, s, n, append)  # raises: too many digits
            continue
        while i < n and text[i] in _SPACE:
            i += 1
        if i < n and factorial_merged(tokens, text, i):  # x^3/3!: a whole number's factorial
            i += 1
            continue
        if i < n and text[i] in VULGAR_FRACTIONS and tokens and tokens[-1].kind == "NUM" \
                and tokens[-1].end == i and tokens[-1].text.isdigit():
            whole_part = tokens.pop()  # 1½ is 3/2, a mixed number
            append(Token("NUM", whole_part.text + text[i], whole_part.start, i + 1,
                         whole_part.value + VULGAR_FRACTIONS[text[i]], whole_part.text + text[i]))
            i += 1
        elif i < n:
            i = _one_token(text, i, n, append)
    append(Token("END", "", n, n + 1))
    return tokens


def _keyword(name: str, text: str, start: int, end: int) -> ParseError:
    if name == "of":  # hessian of f, critical points of f: a word before says what was asked
        near = max(0, start - 40)
        for before in list(re.finditer(r"[A-Za-z]+", text[near:start]))[:-3:-1]:
            word, at = before.group(), near + before.start()
            hint = SENTENCE_WORDS.get(word.lower(), REQUEST_WORDS.get(word.lower()))
            if hint is not None:
                return ParseError(f"{word!r} is a word, not part of the expression language",
                                  text, at, at + len(word), hint=hint or None)
    if name in MATH_WORDS:
        return ParseError(f"{name!r} is a word, not part of the expression language", text,
                          start, end, hint=MATH_WORDS[name])
    if name in REQUEST_WORDS:
        return ParseError(
            f"{name!r} is a word of a request that calcdiff cannot read here", text, start, end,
            hint=REQUEST_WORDS[name] or "ask at the start, as in 'derivative of x^2 y with "
            "respect to y', or write d/dy (x^2 y)")
    if name in ENGLISH_KEYWORDS:
        return ParseError(f"{name!r} is a word, not part of the expression language", text,
                          start, end, hint=ENGLISH_HINT)
    return ParseError(f"{name!r} is Python syntax, not part of the expression language", text,
                      start, end, hint="calcdiff reads math, never code")


def _one_token(text: str, i: int, n: int, append) -> int:
    """Read the token at ``text[i]`` (not a space) the long way; the index after it."""
    c = text[i]
    if c in "0123456789" or (c == "." and i + 1 < n and text[i + 1] in "0123456789"):
        m = _NUMBER.match(text, i)
        body, sci = m.group(1), m.group(2)
        digits = len(body.replace(".", ""))
        if digits > MAX_DIGITS:
            raise LimitError(
                f"a number with {digits:,} digits is longer than the limit of {MAX_DIGITS:,}",
                text, i, m.end(),
            )
        decimal = "." in body
        value = Fraction(body) if decimal else whole(body)
        flags = _DECIMAL if decimal else _EMPTY
        if sci:
            e = int(sci[1:])
            if abs(e) > MAX_SCI_EXPONENT:
                raise LimitError(
                    f"the exponent {sci[1:]} is beyond the limit of ±{MAX_SCI_EXPONENT}",
                    text, i, m.end(),
                )
            value *= Fraction(10) ** e
            flags = _DECIMAL_SCI if decimal else _SCI
        append(Token("NUM", m.group(0), i, m.end(), value, m.group(0), None, flags))
        return m.end()
    with_accent = _accented(c) if c > "\x7f" and c not in GREEK else None
    if ("a" <= c <= "z" or "A" <= c <= "Z") or c in GREEK or with_accent:
        start = i
        if with_accent:  # ŷ, ȳ: the letter and its accent, one character
            name = with_accent
            i += 1
            flags = _EMPTY
        elif c in GREEK:
            name = GREEK[c]
            i += 1
            flags = _GREEK_FLAG
        else:
            m = _LETTERS.match(text, i)
            name = m.group(0)
            i = m.end()
            flags = _EMPTY
        if i < n and text[i] in _ACCENT_MARKS:  # y followed by a combining circumflex: y_hat
            name += _ACCENT_MARKS[text[i]]
            i += 1
        m = _DIGITS.match(text, i)
        if m:
            name += m.group(0)
            i = m.end()
        m = _SUBSCRIPT.match(text, i)
        base = _NUMBER.match(text, m.start(1)) if m and name == "log" and m.group(1) and \
            m.group(1).isdigit() else None
        if base and base.end() > m.end():  # log_2.5(x)
            raise ParseError(LOG_BASE_ARGUMENT, text, base.start(), base.end(),
                             hint=f"write log(x, {base.group(0)})")
        if m:
            name += "_" + (m.group(1) or m.group(2) or m.group(3))
            i = m.end()
        elif i < n and text[i] in "₀₁₂₃₄₅₆₇₈₉":  # x₁ -> x_1
            j = i
            while j < n and text[j] in "₀₁₂₃₄₅₆₇₈₉":
                j += 1
            name += "_" + text[i:j].translate(_SUBSCRIPT_DIGITS)
            i = j
        elif i + 1 < n and text[i] == "_" and name == "log" and not text[i + 1].isspace():
            raise ParseError(  # log_{x+1}(x), \log_{\pi} x, log_(1/2) x, log_π x: a base of
                LOG_BASE_ARGUMENT, text, i + 1, i + 2,  # more than a number or letter
                hint="write log(x, b): log(x, x + 1), log(x, pi), log(x, 1/2)")
        elif i < n and text[i] == "_":
            raise subscript_error(text, start, i)
        if i < n and text[i] in _PRIMES:  # f'(x), f″(x): a derivative of a function
            primes, i = count_primes(text, i)
            name += "'" * primes
        elif i < n and (text[i] == "^" or text[i] == "⁽") and name in FUNCTION_LETTERS:
            order = derivative_order(text, i)  # f^{(4)}(x), f⁽⁴⁾(x): a derivative, applied
            if order is not None:
                if not text[order[2]:].lstrip(_SPACE).startswith("("):
                    raise ParseError(
                        f"{text[start:order[2]]}: the order of a derivative, which needs its "
                        "argument", text, start, order[2],
                        hint=f"write {text[start:order[2]]}(x) for the derivative of order "
                             f"{order[0]}, or {name}^{order[0]} for a power")
                name += "'" * check_order_text(order[0], text, order[1])
                i = order[2]
        if name in REFUSED:
            raise _keyword(name, text, start, i)
        append(Token("NAME", name, start, i, None, name, None, flags))
        return i
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
            return _superscript_expression(text, start, i, run, append)
        sup = _SUPERSCRIPT_FLAG
        # the power a superscript writes: an error at it names what was typed (x^⁻¹)
        append(Token("OP", "^", start, start, None, text[start:i], None, sup))
        pos = start
        if sign == "-":
            append(Token("OP", "-", pos, pos + 1, None, "-", None, sup))
            pos += 1
        append(Token("NUM", body, pos, i, whole(body), body, None, sup))
        return i
    if c == "*" and i + 1 < n and text[i + 1] == "*":
        append(Token("OP", "^", i, i + 2, None, "**"))
        return i + 2
    if c in VULGAR_FRACTIONS:
        append(Token("NUM", c, i, i + 1, VULGAR_FRACTIONS[c], c))
        return i + 1
    if c in OPERATOR_ALIASES:
        op = OPERATOR_ALIASES[c]
        append(Token("OP", op, i, i + 1, None, c))  # errors name what was typed (·)
        return i + 1
    if c in SINGLE_OPS:
        append(Token("OP", c, i, i + 1, None, c))
        return i + 1
    raise ParseError(_describe_bad_char(c), text, i, i + 1, hint=_hint_for_char(c, text, i))


def _describe_bad_char(c: str) -> str:
    if not c.isprintable() or c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069":
        return f"unexpected control character U+{ord(c):04X}"
    return f"unexpected character {c!r}"


def _hint_for_char(c: str, text: str, i: int) -> str | None:
    if c == "_":
        return "names start with a letter; Python names and attributes are not part of the language"
    if c == ".":
        return "attribute access is not part of the language; write a decimal number as 0.5"
    if c in "=<>" or text.startswith("!=", i):
        if c == "=" and not text[i + 1:].strip():  # f(x) = , y =: the right side is missing
            return "the right-hand side of the '=' is missing"
        return "an expression cannot hold an assignment or comparison; give points with --at x=1"
    if c in "'\"":
        return "strings are not part of the language"
    if c == ":":
        return "Python syntax (lambda, slices) is not part of the language"
    if c == "!":
        return "only a whole number's factorial is read (x^3/3! is x^3/6); x! is not supported"
    if c == ";":
        if not text[i + 1:].strip():  # f(x) = x^2; as a statement ends
            return "drop the ';' at the end: an expression needs none"
        return "write one expression per line"
    if c == "#":  # x^3   # problem 4
        return ("a comment takes a line of its own in a file of expressions (# …); drop it "
                "from the expression's line")
    if c == "°":
        return "angles are in radians: for degrees write sin(30*pi/180), or x*pi/180 for x"
    if c in _AS_LATEX:  # ∞, ±, ∑, ∫: the reason LaTeX's \infty, \pm, \sum, \int get
        return LATEX_REFUSED[_AS_LATEX[c]]
    if c == "%":
        return "write a percentage as a number (5% is 0.05); Python's % is not part of the language"
    latin = LOOK_ALIKES.get(c)
    if latin is not None:
        return (f"{c!r} is {unicodedata.name(c, 'a letter of another script')}, which looks "
                f"like the Latin letter {latin!r}: type {latin} instead")
    return None


# symbols refused as their LaTeX commands are (read.latex.REFUSED says why)
_AS_LATEX = {"∞": "infty", "±": "pm", "∓": "mp", "∑": "sum", "∫": "int", "∏": "prod"}

# letters of other scripts that look like Latin ones (a keyboard left in Cyrillic or Greek)
LOOK_ALIKES = dict(zip("аеорсухіјѕԁԛԝАВЕКМНОРСТХІЈЅ", "aeopcyxijsdqwABEKMHOPCTXIJS"))


# x^T x, w^{T} x, (A x)^T b, x^\top y: a transpose, followed by the factor it multiplies
_TRANSPOSE = r"\^\s*(?:\{\s*)?(?:T|\\top)(?:\s*\})?(?=\s*[A-Za-z(α-ωΑ-Ω])|ᵀ"  # compiled when met


def no_transpose(text: str, declared=None) -> None:
    """Refuse a transpose (``x^T x``, ``w^T x``, ``xᵀx``): the expression is a matrix one,
    which ``grad`` reads; here ``x^T x`` would be x to the power T, times x. Unless ``T``
    is a declared variable (``--vars T,x``)."""
    if (declared is not None and "T" in declared) or ("T" not in text and "ᵀ" not in text
                                                     and "top" not in text):
        return
    for m in re.finditer(_TRANSPOSE, text):
        base = m.start() - 1
        while base >= 0 and text[base] in _SPACE:
            base -= 1
        if base >= 0 and text[base] == "e":
            continue  # e^T x, ae^T x: Euler's number to the power T
        raise ParseError("a transpose makes this a matrix expression, which only calcdiff grad "
                         "differentiates", text, m.start(), m.end(),
                         hint="run calcdiff grad with it (x^T A x, ‖Xw − y‖^2); for a power "
                         "of a variable T write x^(T)")
