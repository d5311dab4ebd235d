"""LaTeX spellings of what is not an expression tree: names (``\\theta``, ``x_{1}``,
``\\operatorname{sigmoid}``), user text (the input, notes) escaped for text or math mode, and
rule statements written with Unicode (``(f/g)′ = …``) turned into math. The output is pure
ASCII, so plain ``pdflatex`` reads it."""

from __future__ import annotations

import re
import unicodedata

from calcdiff.greek import CHAR_TO_LATEX, NAME_TO_LATEX
from calcdiff.table import builtin_entries, find_function

# -- names ------------------------------------------------------------------------------------

GREEK_MACROS = NAME_TO_LATEX  # the letters live in calcdiff/greek.py
_GREEK_BY_CHAR = CHAR_TO_LATEX  # Greek letters typed as characters (a tree built by hand)


def function_head(func: str) -> str:
    """The rule entry's ``latex``: ``\\sin``, ``\\arcsin``, ``\\ln``, ``\\operatorname{sigmoid}``
    (a function from a user's rule file included)."""
    rule = find_function(func)
    if rule is not None:
        return rule.latex
    return r"\operatorname{" + _mathrm_escape(func) + "}"


def _macro_names() -> set:
    """Every spelling of a function whose LaTeX is a macro of its own (\\sin, not
    \\operatorname): in a rule statement such a word is mathematics, not prose."""
    table = builtin_entries()
    return {spelling for spelling, name in table.names.items()
            if not table.functions[name].latex.startswith("\\operatorname")}


def _mathrm_escape(word: str) -> str:
    return "".join(c if c.isascii() and c.isalnum() else _math_char(c) for c in word)


def latex_name(name: str) -> str:
    """A variable's name: ``x``, ``\\theta``, ``x_{1}`` (also for ``x1``), ``\\mathit{rate}``."""
    if name in GREEK_MACROS:
        return GREEK_MACROS[name]
    if re.fullmatch(r"\d+\.\d+", name):  # a decimal leaf (calcdiff.tree.decimals) is a number
        return name
    stem, sep, rest = name.partition("_")
    if not sep:
        m = re.fullmatch(r"([^\d]+?)(\d+)", name)
        if m:
            stem, rest = m.group(1), m.group(2)
    out = _name_part(stem)
    if rest:
        out += "_{" + _name_part(rest) + "}"
    return out


def latex_iterate(name: str, k: int) -> str:
    """A variable's value at iteration k: ``x^{(0)}``, ``w_{1}^{(0)}``, ``\\theta_{0}^{(0)}``.
    The index goes above, in parentheses, because a name may carry a subscript of its own
    (``w_{1}_0`` is TeX's "Double subscript"; ``w_{1,0}`` would read as a matrix entry)."""
    return latex_name(name) + "^{(" + str(k) + ")}"


def _name_part(part: str) -> str:
    if part in GREEK_MACROS:
        return GREEK_MACROS[part]
    if part.isdigit() or (len(part) == 1 and part.isascii() and part.isalpha()):
        return part
    chars = "".join(
        c if (c.isascii() and c.isalnum()) else (r"\_" if c == "_" else _math_char(c))
        for c in part
    )
    if len(part) == 1:
        return chars
    return r"\mathit{" + chars + "}"


# -- user text and rule statements ------------------------------------------------------------

_SUPER = {"⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7",
          "⁸": "8", "⁹": "9", "⁻": "-", "⁺": "+", "ⁿ": "n", "ˣ": "x", "ⁱ": "i", "ᵏ": "k",
          "ᵍ": "g", "ᵃ": "a", "ᵇ": "b", "ᶜ": "c", "ᵈ": "d", "ᵉ": "e", "ᶠ": "f", "ʸ": "y",
          "ᵗ": "t", "ᵘ": "u", "ᵐ": "m"}
_SUB = {"₀": "0", "₁": "1", "₂": "2", "₃": "3", "₄": "4", "₅": "5", "₆": "6", "₇": "7",
        "₈": "8", "₉": "9", "₋": "-", "₊": "+", "ₖ": "k", "ₙ": "n", "ᵢ": "i", "ⱼ": "j",
        "ₓ": "x", "ₐ": "a", "ₑ": "e", "ₘ": "m", "ₜ": "t", "ᵤ": "u"}
# math-mode spellings of the symbols used in rule statements, notes and inputs
_MATH_SYMBOLS = {
    "′": "'", "″": "''", "‴": "'''", "−": "-", "–": "-", "‒": "-", "﹣": "-", "－": "-",
    "＋": "+", "·": r"\cdot ", "⋅": r"\cdot ", "∙": r"\cdot ", "•": r"\cdot ", "×": r"\times ",
    "∗": "*", "÷": r"\div ", "√": r"\surd ", "∛": r"\sqrt[3]{\,}", "∜": r"\sqrt[4]{\,}",
    "∂": r"\partial ", "∇": r"\nabla ", "Σ": r"\sum ", "∑": r"\sum ", "∏": r"\prod ",
    "∫": r"\int ", "…": r"\dots ", "⋯": r"\cdots ", "≈": r"\approx ", "≠": r"\neq ",
    "≤": r"\le ", "≥": r"\ge ", "→": r"\to ", "←": r"\leftarrow ", "⇒": r"\Rightarrow ",
    "⇔": r"\Leftrightarrow ", "↦": r"\mapsto ", "∞": r"\infty ", "±": r"\pm ", "∓": r"\mp ",
    "∈": r"\in ", "∉": r"\notin ", "∘": r"\circ ", "°": r"^{\circ}", "≡": r"\equiv ",
    "∀": r"\forall ", "∃": r"\exists ", "∧": r"\wedge ", "∨": r"\vee ", "¬": r"\neg ",
    "⟨": r"\langle ", "⟩": r"\rangle ", "ℝ": r"\mathbb{R}", "ℕ": r"\mathbb{N}",
    "ℤ": r"\mathbb{Z}", "ℚ": r"\mathbb{Q}", "ℂ": r"\mathbb{C}", "∅": r"\emptyset ",
    "⊂": r"\subset ", "∪": r"\cup ", "∩": r"\cap ", "ℓ": r"\ell ", "ħ": r"\hbar ",
    "\u00a0": r"\ ",
}
_ASCII_IN_MATH = {
    "\\": r"\backslash ", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#",
    "%": r"\%", "~": r"\sim ", "*": r"\cdot ", '"': "''", "^": r"\wedge ", "_": r"\_",
}


def codepoint(c: str) -> str:
    return f"[U+{ord(c):04X}]"


def _math_char(c: str) -> str:
    """One character in math mode, never raw Unicode."""
    if c in _ASCII_IN_MATH:
        return _ASCII_IN_MATH[c]
    if c.isascii():
        return c if c.isprintable() else " "
    if c in _MATH_SYMBOLS:
        return _MATH_SYMBOLS[c]
    if c in _GREEK_BY_CHAR:
        return _GREEK_BY_CHAR[c] + " "
    if c in _SUPER:
        return "^{" + _SUPER[c] + "}"
    if c in _SUB:
        return "_{" + _SUB[c] + "}"
    return r"\text{" + latex_text(c) + "}"


_TEXT_SPECIALS = {
    "\\": r"$\backslash$", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#",
    "%": r"\%", "_": r"\_", "^": r"\^{}", "~": r"\~{}", "<": "$<$", ">": "$>$", "|": "$|$",
    '"': r"{\ttfamily\char34}", "-": "-{}",
}
_TEXT_UNICODE = {
    "–": "--", "—": "---", "‘": "`", "’": "'", "“": "``", "”": "''", "…": r"\dots{}",
    "\u00a0": "~", "«": "$\\ll$", "»": "$\\gg$", "ß": r"{\ss}", "æ": r"{\ae}", "ø": r"{\o}",
    "Æ": r"{\AE}", "Ø": r"{\O}", "œ": r"{\oe}", "Œ": r"{\OE}", "å": r"{\aa}", "Å": r"{\AA}",
    "ł": r"{\l}", "Ł": r"{\L}", "¡": "!`", "¿": "?`", "§": r"{\S}", "¶": r"{\P}",
    "©": r"{\copyright}", "†": r"{\dag}", "‡": r"{\ddag}",
}
_ACCENTS = {"\u0301": "'", "\u0300": "`", "\u0302": "^", "\u0308": '"', "\u0303": "~",
            "\u0327": "c", "\u030c": "v", "\u030a": "r", "\u0304": "=", "\u0306": "u",
            "\u030b": "H", "\u0307": "."}


def _text_char(c: str, tt: bool) -> str:
    if c.isascii():
        if not c.isprintable():
            return " "
        if tt and c in "\\{}$&#%_^~":
            return "{\\char" + str(ord(c)) + "}"
        if tt:
            return c
        return _TEXT_SPECIALS.get(c, c)
    if c in _TEXT_UNICODE:
        return _TEXT_UNICODE[c]
    if c in _GREEK_BY_CHAR or c in _MATH_SYMBOLS or c in _SUPER or c in _SUB:
        return r"\ensuremath{" + _math_char(c).strip() + "}"
    decomposed = unicodedata.normalize("NFD", c)
    if len(decomposed) == 2 and decomposed[0].isascii() and decomposed[1] in _ACCENTS:
        base = decomposed[0]
        arg = "{" + base + "}" if base.isalpha() else "{}"
        return "{\\" + _ACCENTS[decomposed[1]] + arg + "}"
    return r"{\ttfamily " + codepoint(c) + "}"


# a number longer than LONG_DIGITS is written in groups of DIGIT_GROUP digits, between which a
# line (text) or a display row (math, see latex_expr) may break: 3,999 digits in one box ran
# 20,000 pt past the margin, more than TeX can measure ("! Dimension too large")
LONG_DIGITS = 60
DIGIT_GROUP = 10
_LONG_RUN = re.compile(r"\d{%d,}" % (LONG_DIGITS + 1))


def digit_groups(digits: str) -> list[str]:
    """``digits`` cut into groups of DIGIT_GROUP, from the left."""
    return [digits[i:i + DIGIT_GROUP] for i in range(0, len(digits), DIGIT_GROUP)]


def latex_text(s: str) -> str:
    """Plain text (notes, rule names) for text mode, with every special character escaped
    and a line break allowed inside a long number."""
    out = "".join(_text_char(c, False) for c in s)
    if len(out) <= LONG_DIGITS:
        return out
    return _LONG_RUN.sub(lambda m: r"\allowbreak{}".join(digit_groups(m.group())), out)


_BREAK_AFTER = set("+-*/^(),=;")


def latex_verbatim(s: str) -> str:
    """Text as typed (the input), in typewriter type, breakable after operators and commas."""
    out: list[str] = []
    run = 0
    for c in s.replace("\t", " ").replace("\r", " ").replace("\n", " "):
        out.append(_text_char(c, True))
        run += 1
        if c in _BREAK_AFTER or c == " " or run >= 16:
            out.append(r"\allowbreak{}")
            run = 0
    return r"\texttt{" + "".join(out) + "}"


_STATEMENT_TOKEN = re.compile(
    "[A-Za-z]+|[0-9]+|[" + "".join(_SUPER) + "]+|[" + "".join(_SUB) + "]+|\\s+|.", re.S
)


def statement_latex(text: str) -> str:
    """A rule statement written with Unicode (``(f/g)′ = (f′·g − f·g′)/g²``) as LaTeX math."""
    tokens = _STATEMENT_TOKEN.findall(text)
    funcs = _macro_names() | {"root", "sqrt", "cbrt", "abs"}

    def wordy(i: int) -> bool:
        tok = tokens[i]
        return tok.isascii() and tok.isalpha() and len(tok) >= 3 and tok.lower() not in funcs

    texty = [wordy(i) for i in range(len(tokens))]
    # short words next to prose ("rewrite in textbook form") are prose too
    for _ in range(2):
        for i, tok in enumerate(tokens):
            if texty[i] or not (tok.isascii() and tok.isalpha() and len(tok) >= 2
                                and tok not in funcs):
                continue
            for j in (i - 2, i + 2):
                if 0 <= j < len(tokens) and texty[j] and tokens[(i + j) // 2].isspace():
                    texty[i] = True
    out: list[str] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if texty[i]:
            j = i
            words = [tok]
            while j + 2 < len(tokens) and tokens[j + 1].isspace() and texty[j + 2]:
                words.append(tokens[j + 2])
                j += 2
            lead = " " if i > 0 and tokens[i - 1].isspace() else ""
            trail = " " if j + 1 < len(tokens) and tokens[j + 1].isspace() else ""
            out.append(r"\text{" + lead + latex_text(" ".join(words)) + trail + "}")
            i = j + 1
            continue
        if tok in ("^", "_") and i + 1 < len(tokens):
            nxt = tokens[i + 1]
            if nxt == "(":
                depth, j = 0, i + 1
                while j < len(tokens):
                    depth += {"(": 1, ")": -1}.get(tokens[j], 0)
                    if depth == 0:
                        break
                    j += 1
                if j < len(tokens):
                    out.append(tok + "{" + statement_latex("".join(tokens[i + 2:j])) + "}")
                    i = j + 1
                    continue
            elif nxt.isascii() and nxt.isalnum():
                out.append(tok + "{" + _statement_word(nxt, funcs) + "}")
                i += 2
                continue
            elif len(nxt) == 1 and nxt.isalpha():  # a^θ
                out.append(tok + "{" + _math_char(nxt) + "}")
                i += 2
                continue
        if (len(tok) == 1 and tok.isascii() and tok.isalpha() and i + 1 < len(tokens)
                and tokens[i + 1].isascii() and tokens[i + 1].isdigit()):
            out.append(tok + "_{" + tokens[i + 1] + "}")  # f1 -> f_{1}, as the bindings write it
            i += 2
            continue
        if tok[0] in _SUPER or tok[0] in _SUB:  # a run: xⁿ⁻¹ -> x^{n-1}
            table = _SUPER if tok[0] in _SUPER else _SUB
            out.append(("^{" if table is _SUPER else "_{") + "".join(table[c] for c in tok) + "}")
        elif tok.isascii() and tok.isalpha():
            out.append(_statement_word(tok, funcs))
        elif tok.isspace():
            out.append(" ")
        elif tok.isascii() and tok.isdigit():
            out.append(tok)
        else:
            out.append(_math_char(tok))
        i += 1
    return re.sub(r" {2,}", " ", "".join(out)).strip()


def _statement_word(word: str, funcs: set) -> str:
    if word == "log":  # log_b x in a statement is the general logarithm
        return r"\log "
    if word in funcs:
        return function_head(word) + " "
    if word in GREEK_MACROS:
        return GREEK_MACROS[word] + " "
    return word if len(word) <= 2 else r"\mathit{" + word + "}"

