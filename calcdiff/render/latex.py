"""LaTeX: a complete document that compiles with plain ``pdflatex`` (amsmath and amssymb only).

The content is the text format's: the reading (the input as typed, the explicit form, the
notes), the derivation (one ``align*`` per step, indented by its level), the result and the
values at ``--at``. :func:`latex_expr` is the expression printer the Markdown format and
Jupyter (``_repr_latex_``) use too.

TeX has hard limits that a 1,000-deep chain would hit: 255 grouping levels, and ``\\sqrt[n]``
typesets its argument four times per level. So nesting that TeX pays for (``\\frac``,
``\\left( \\right)``, ``\\sqrt``) is used only while it is shallow and short; deeper or longer
parts fall back to plain brackets and ``/``, which also lets long rows break. Every string of
user text (the input, notes) is escaped, and the output is pure ASCII.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

from ..deep import call_deep
from ..greek import CHAR_TO_LATEX, NAME_TO_LATEX
from ..nodes import Add, Call, Const, Div, Expr, Mul, Neg, Num, Pow, Sym
from ..steps import Derivation, Step
from ..table import builtin_table
from .common import held_constant, rule_info

MAX_STEP_LEVELS = 30  # deeper sub-derivations are summarised, not shown
MAX_INDENT_LEVELS = 12
MAX_GROUPS = 40  # TeX nesting (in \frac / \left / ^{} units) before plain brackets take over
MAX_CHOICES = 2  # nested \sqrt[n]{...} (each typesets its argument four times)
RICH_LEN = 400  # longer parts use breakable plain brackets instead of \frac / \left ... \right
EXP_LEN = 60  # e^{...} up to this length, \exp(...) beyond
ROW_WIDTH = 64  # rough number of printed characters per display row
# the document abbreviates larger expressions (a 1,000-deep chain's derivative is a product
# of 1,000 factors, 500,000 nodes written out)
MAX_EXPR_NODES = 400

# -- names ------------------------------------------------------------------------------------

GREEK_MACROS = NAME_TO_LATEX
_GREEK_BY_CHAR = CHAR_TO_LATEX  # Greek letters typed as characters (a tree built by hand)

def function_head(func: str) -> str:
    """The rule entry's ``latex``: ``\\sin``, ``\\arcsin``, ``\\ln``, ``\\operatorname{sigmoid}``."""
    rule = builtin_table().function(func)
    if rule is not None:
        return rule.latex
    return r"\operatorname{" + _mathrm_escape(func) + "}"


def _macro_names() -> set:
    """Every spelling of a function whose LaTeX is a macro of its own (\\sin, not
    \\operatorname): in a rule statement such a word is mathematics, not prose."""
    table = builtin_table()
    return {spelling for spelling, name in table.names.items()
            if not table.functions[name].latex.startswith("\\operatorname")}


def _mathrm_escape(word: str) -> str:
    return "".join(c if c.isascii() and c.isalnum() else _math_char(c) for c in word)


def latex_name(name: str) -> str:
    """A variable's name: ``x``, ``\\theta``, ``x_{1}`` (also for ``x1``), ``\\mathit{rate}``."""
    if name in GREEK_MACROS:
        return GREEK_MACROS[name]
    stem, sep, rest = name.partition("_")
    if not sep:
        m = re.fullmatch(r"([^\d]+?)(\d+)", name)
        if m:
            stem, rest = m.group(1), m.group(2)
    out = _name_part(stem)
    if rest:
        out += "_{" + _name_part(rest) + "}"
    return out


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


# -- expressions ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Piece:
    s: str
    tall: bool = False  # taller than a line of text (\frac, \sqrt, ...): brackets must grow
    groups: int = 0  # TeX nesting used inside
    choices: int = 0  # nested \mathchoice (\sqrt[n])


def latex_expr(e: Expr, max_nodes: int | None = None) -> str:
    """The LaTeX math (no ``$``) of an expression tree.

    With ``max_nodes``, an expression larger than that is abbreviated: the parts beyond the
    budget are shown as ``\\cdots`` (see :func:`latex_expr_abbrev`)."""
    return latex_expr_abbrev(e, max_nodes)[0]


def latex_expr_abbrev(e: Expr, max_nodes: int | None = None) -> tuple[str, bool]:
    """(LaTeX math, whether it was abbreviated to about ``max_nodes`` nodes)."""

    def run():
        printer = _Printer()
        if max_nodes is not None:
            printer.budgets[id(e)] = max_nodes
        return printer.tex(e).s, printer.abbreviated

    return call_deep(run)


def _fits(*pieces: _Piece, extra: int = 1) -> bool:
    return (sum(len(p.s) for p in pieces) <= RICH_LEN
            and max(p.groups for p in pieces) + extra <= MAX_GROUPS)


def _paren(p: _Piece) -> _Piece:
    if p.tall and _fits(p):
        return _Piece(r"\left(" + p.s + r"\right)", True, p.groups + 1, p.choices)
    return _Piece("(" + p.s + ")", p.tall, p.groups, p.choices)


def _starts_minus(p: _Piece) -> bool:
    return p.s.startswith("-")


class _Printer:
    def __init__(self) -> None:
        self.memo: dict = {}  # (id, script) -> (node, piece); the node keeps the id valid
        self.budgets: dict = {}  # id(node) -> how many nodes it may show (abbreviation)
        self.sizes: dict = {}
        self.abbreviated = False

    def size(self, e: Expr) -> int:
        """Nodes of ``e`` written out (shared subtrees count each time they print)."""
        hit = self.sizes.get(id(e))
        if hit is None or hit[0] is not e:
            hit = self.sizes[id(e)] = (e, 1 + sum(self.size(c) for c in e.children()))
        return hit[1]

    def tex(self, e: Expr, script: bool = False) -> _Piece:
        budget = self.budgets.pop(id(e), None)
        if budget is not None and self.size(e) > budget:
            return self._abbreviated(e, script, budget)
        key = (id(e), script)
        hit = self.memo.get(key)
        if hit is None or hit[0] is not e:
            hit = self.memo[key] = (e, self._tex(e, script))
        return hit[1]

    def _abbreviated(self, e: Expr, script: bool, budget: int) -> _Piece:
        self.abbreviated = True
        kids = e.children()
        if budget < 2 or not kids:
            return _Piece(r"\cdots")
        # share what is left among the children, in order; small children take only what
        # they need, so the rest goes to the big ones
        left = budget - 1
        order = sorted(range(len(kids)), key=lambda k: self.size(kids[k]))
        shares = [0] * len(kids)
        for n, k in enumerate(order):
            shares[k] = min(self.size(kids[k]), left // (len(kids) - n))
            left -= shares[k]
        for kid, share in zip(kids, shares):
            self.budgets[id(kid)] = share
        piece = self._tex(e, script)
        for kid in kids:
            self.budgets.pop(id(kid), None)
        return piece

    def _tex(self, e: Expr, script: bool) -> _Piece:
        t = type(e)
        if t is Num:
            v = e.value
            if v.denominator == 1:
                return _Piece(str(v.numerator))
            sign = "-" if v < 0 else ""
            n, d = abs(v.numerator), v.denominator
            if script or len(str(n)) + len(str(d)) > RICH_LEN:
                return _Piece(f"{sign}{n}/{d}")
            return _Piece(f"{sign}\\frac{{{n}}}{{{d}}}", True, 2)
        if t is Sym:
            return _Piece(latex_name(e.name))
        if t is Const:
            return _Piece("e" if e.name == "E" else r"\pi")
        if t is Neg:
            a = self.tex(e.arg, script)
            if type(e.arg) in (Add, Neg) or _starts_minus(a):
                a = _paren(a)
            return _Piece("-" + a.s, a.tall, a.groups, a.choices)
        if t is Add:
            return self._add(e, script)
        if t is Mul:
            return self._mul(e, script)
        if t is Div:
            return self._div(e, script)
        if t is Pow:
            return self._pow(e, script)
        if t is Call:
            return self._call(e, script)
        raise TypeError(f"cannot print {t.__name__}")  # pragma: no cover

    def _add(self, e: Add, script: bool) -> _Piece:
        parts: list[str] = []
        pieces: list[_Piece] = []
        for i, a in enumerate(e.args):
            if i == 0:
                p = self.tex(a, script)
                if type(a) is Add:
                    p = _paren(p)
                parts.append(p.s)
            elif type(a) is Neg:
                if id(a) in self.budgets:  # the Neg prints as " - ": its budget is its arg's
                    self.budgets[id(a.arg)] = self.budgets.pop(id(a)) - 1
                p = self.tex(a.arg, script)
                if type(a.arg) in (Add, Neg) or _starts_minus(p):
                    p = _paren(p)
                parts.append(" - " + p.s)
            elif type(a) is Num and a.value < 0:
                p = self.tex(Num(-a.value), script)
                parts.append(" - " + p.s)
            else:
                p = self.tex(a, script)
                if type(a) is Add or _starts_minus(p):
                    p = _paren(p)
                parts.append(" + " + p.s)
            pieces.append(p)
        return _Piece("".join(parts), any(p.tall for p in pieces),
                      max(p.groups for p in pieces), max(p.choices for p in pieces))

    def _mul(self, e: Mul, script: bool) -> _Piece:
        pieces: list[_Piece] = []
        for i, a in enumerate(e.args):
            p = self.tex(a, script)
            flat_div = type(a) is Div and not p.s.startswith(r"\frac")
            if type(a) in (Add, Mul) or flat_div or (i > 0 and _starts_minus(p)):
                p = _paren(p)
            pieces.append(p)
        out = pieces[0].s
        for prev, cur in zip(pieces, pieces[1:]):
            # a number right after anything, or a fraction after a digit (2 1/2 would read as
            # a mixed number), needs an explicit dot; otherwise juxtapose: 3 x, x \sin(x)
            if cur.s[:1].isdigit() or (prev.s[-1:].isdigit() and cur.s.startswith(r"\frac")) or (
                prev.s.startswith(r"\frac") and cur.s.startswith(r"\frac")
            ):
                out += r" \cdot " + cur.s
            else:
                out += " " + cur.s
        return _Piece(out, any(p.tall for p in pieces), max(p.groups for p in pieces),
                      max(p.choices for p in pieces))

    def _div(self, e: Div, script: bool) -> _Piece:
        n, d = self.tex(e.num, script), self.tex(e.den, script)
        if _fits(n, d, extra=2):
            return _Piece(f"\\frac{{{n.s}}}{{{d.s}}}", True, max(n.groups, d.groups) + 2,
                          max(n.choices, d.choices))
        # long or deep: a breakable a / b with plain brackets
        if type(e.num) in (Add, Div) or (type(e.num) is Num and e.num.value.denominator != 1):
            n = _Piece("(" + n.s + ")", n.tall, n.groups, n.choices)
        if type(e.den) in (Add, Mul, Div, Neg) or _starts_minus(d) or (
            type(e.den) is Num and e.den.value.denominator != 1
        ):
            d = _Piece("(" + d.s + ")", d.tall, d.groups, d.choices)
        return _Piece(n.s + " / " + d.s, n.tall or d.tall, max(n.groups, d.groups),
                      max(n.choices, d.choices))

    def _pow(self, e: Pow, script: bool) -> _Piece:
        b, x = e.base, e.exp
        bp = self.tex(b, script)
        if type(b) in (Add, Mul, Div, Neg, Pow) or _starts_minus(bp) or (
            type(b) is Num and b.value.denominator != 1
        ) or (type(b) is Call and b.func == "exp" and bp.s.startswith("e^")):
            bp = _paren(bp)
        xp = self.tex(x, True)
        if xp.groups + bp.groups + 1 > MAX_GROUPS + 10:
            # an exponent tower too deep for TeX's grouping: Knuth's up-arrow, plain brackets
            return _Piece(bp.s + r" \uparrow (" + xp.s + ")", bp.tall, bp.groups,
                          max(bp.choices, xp.choices))
        return _Piece(bp.s + "^{" + xp.s + "}", bp.tall,
                      max(bp.groups, xp.groups + 1), max(bp.choices, xp.choices))

    def _args(self, head: str, args: list[_Piece]) -> _Piece:
        inner = _Piece(", ".join(a.s for a in args), any(a.tall for a in args),
                       max(a.groups for a in args), max(a.choices for a in args))
        p = _paren(inner)
        return _Piece(head + p.s, p.tall, p.groups, p.choices)

    def _call(self, e: Call, script: bool) -> _Piece:
        f = e.func
        args = [self.tex(a, script) for a in e.args]
        u = args[0]
        if f == "abs" and len(args) == 1:
            if u.tall and _fits(u):
                return _Piece(r"\left|" + u.s + r"\right|", True, u.groups + 1, u.choices)
            return _Piece("|" + u.s + "|", u.tall, u.groups, u.choices)
        if f == "sqrt" and len(args) == 1 and _fits(u):
            return _Piece(r"\sqrt{" + u.s + "}", True, u.groups + 1, u.choices)
        if f in ("cbrt", "root") and len(args) == (1 if f == "cbrt" else 2):
            n = _Piece("3") if f == "cbrt" else self.tex(e.args[1], True)
            if _fits(u, n, extra=3) and max(u.choices, n.choices) < MAX_CHOICES:
                return _Piece(f"\\sqrt[{n.s}]{{{u.s}}}", True,
                              max(u.groups, n.groups) + 3, max(u.choices, n.choices) + 1)
        if f == "exp" and len(args) == 1 and len(u.s) <= EXP_LEN and _fits(u):
            return _Piece("e^{" + u.s + "}", False, u.groups + 1, u.choices)
        if f == "log" and len(args) == 2:
            base = self.tex(e.args[1], True)
            if _fits(base):
                head = r"\log_{" + base.s + "}"
                p = self._args(head, [u])
                return _Piece(p.s, p.tall, max(p.groups, base.groups + 1),
                              max(p.choices, base.choices))
        return self._args(function_head(f), args)


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


def _codepoint(c: str) -> str:
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
    return r"{\ttfamily " + _codepoint(c) + "}"


def latex_text(s: str) -> str:
    """Plain text (notes, rule names) for text mode, with every special character escaped."""
    return "".join(_text_char(c, False) for c in s)


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


def _function_rule(rule_id: str):
    from ..table import builtin_table

    for rule in builtin_table().functions.values():
        if rule.id == rule_id:
            return rule
    return None


def rule_statement_latex(rule_id: str) -> str:
    """A rule's general statement as LaTeX math ("" if it has none); from ``rules/``."""
    _, statement, _ = rule_info(rule_id)
    rule = _function_rule(rule_id)
    if rule is not None and rule.derivative is not None:
        # the derivative is parsed data: print it as an expression, d/du f(u) = f'(u)
        args = (Sym("u"),) if 1 in rule.arity else (Sym("u"), Sym("n"))
        lhs = latex_expr(Call(rule.function, args))
        return r"\frac{d}{du}\, " + lhs + " = " + latex_expr(rule.derivative)
    return statement_latex(statement) if statement else ""


def rule_latex(rule_id: str) -> tuple[str, str]:
    """(name as LaTeX text, statement as LaTeX math) of a rule."""
    return latex_text(rule_info(rule_id)[0]), rule_statement_latex(rule_id)


# -- rows: breaking long math across the rows of an align* ------------------------------------

_VIS_DROP = re.compile(r"\\(?:left|right|Bigl|Bigr|mathit|operatorname|frac|text|allowbreak)"
                       r"(?![A-Za-z])|[{}^_]")
_VIS_MACRO = re.compile(r"\\[A-Za-z]+|\\.")


def visual_len(s: str) -> int:
    """About how many characters wide ``s`` prints."""
    s = _VIS_DROP.sub("", s)
    s = _VIS_MACRO.sub("m", s)
    return len(s.replace(" ", ""))


_LEFT_RIGHT = re.compile(r"\\(left|right)(?![A-Za-z])")
_STARTS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789\\")


def _segments(s: str) -> list[str]:
    """``s`` cut at the spaces outside every {...} and \\left ... \\right."""
    out: list[str] = []
    depth = 0
    start = 0
    i = 0
    n = len(s)
    while i < n:
        c = s[i]
        if c == "\\":
            m = _LEFT_RIGHT.match(s, i)
            if m:
                depth += 1 if m.group(1) == "left" else -1
                i += len(m.group(0)) + 1  # the delimiter
                if i <= n and s[i - 1] == "\\":  # \left\{ style delimiters
                    i += 1
                continue
            i += 2
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        elif c == " " and depth == 0:
            if i > start:
                out.append(s[start:i])
            start = i + 1
        elif c in "()" and depth == 0 and i + 1 < n and (s[i + 1] == c or s[i + 1] in _STARTS):
            out.append(s[start:i + 1])  # sin(sin(sin(x))) may break inside plain brackets
            start = i + 1
        i += 1
    if start < n:
        out.append(s[start:])
    return out


_OPERATOR_SEGMENTS = {"+", "-", "=", r"\cdot", "/", r"\approx", r"\uparrow"}


def break_math(s: str, width: int = ROW_WIDTH) -> list[str]:
    """``s`` as one or more rows, each about ``width`` wide, broken before an operator where
    possible. Continuation rows that start with an operator keep its binary spacing."""
    if visual_len(s) <= width:
        return [s]
    rows: list[list[str]] = [[]]
    used = 0
    for seg in _segments(s):
        w = visual_len(seg)
        line = rows[-1]
        if line and used + w > width:
            carry = []
            while line and line[-1] in _OPERATOR_SEGMENTS:  # no row ends in an operator
                carry.insert(0, line.pop())
            if line:
                rows.append(carry)
                used = sum(visual_len(x) for x in carry)
            else:
                line.extend(carry)
        rows[-1].append(seg)
        used += w
    out = []
    for k, row in enumerate(r for r in rows if r):
        text = " ".join(row)
        if k and row[0] in _OPERATOR_SEGMENTS:
            text = "{} " + text
        out.append(text)
    return out


# -- the document -----------------------------------------------------------------------------


def d_operator(var: str, partial: bool) -> str:
    v = latex_name(var)
    return rf"\frac{{\partial}}{{\partial {v}}}" if partial else rf"\frac{{d}}{{d{v}}}"


def applied(op: str, s: str) -> str:
    """``op[s]`` (``s`` is LaTeX math) with brackets that grow when they can and break when
    they must."""
    if visual_len(s) > ROW_WIDTH or len(s) > RICH_LEN:
        return op + r"\Bigl[" + s + r"\Bigr]"
    if any(m in s for m in (r"\frac", r"\sqrt", r"\left")):
        return op + r"\left[" + s + r"\right]"
    return op + "[" + s + "]"


def _rows_of(math: str, first: str, cont: str, width: int) -> list[str]:
    parts = break_math(math, width)
    return [(first if k == 0 else cont) + p for k, p in enumerate(parts)]


class _Doc:
    """Collects the body of the document and what the preamble needs."""

    def __init__(self, partial: bool) -> None:
        self.out: list[str] = []
        self.partial = partial
        self.indent = -1
        self.matrix_cols = 10
        self.abbreviated = False

    def expr(self, e: Expr) -> str:
        s, short = latex_expr_abbrev(e, MAX_EXPR_NODES)
        self.abbreviated |= short
        return s

    def par(self, text: str) -> None:
        self.out.append(text + "\n")

    def heading(self, text: str) -> None:
        self.out.append(r"\subsection*{" + text + "}")

    def align(self, rows: list[str], level: int = 0) -> None:
        k = min(level, MAX_INDENT_LEVELS)
        if k != self.indent:
            self.out.append(rf"\setlength{{\mathindent}}{{{1.5 * k + 1:g}em}}")
            self.indent = k
        body = " \\\\\n".join("&" + r for r in rows)
        self.out.append("\\begin{align*}\n" + body + "\n\\end{align*}")

    def document(self) -> str:
        head = [
            r"\documentclass[fleqn]{article}",
            r"\usepackage[margin=2cm]{geometry}",
            r"\usepackage{amsmath}",
            r"\usepackage{amssymb}",
            r"\allowdisplaybreaks",
            rf"\setcounter{{MaxMatrixCols}}{{{max(10, self.matrix_cols)}}}",
            r"\setlength{\parindent}{0pt}",
            r"\setlength{\parskip}{4pt}",
            r"\begin{document}",
            # many small displays in a row: keep the space between them small
            r"\setlength{\abovedisplayskip}{3pt plus 2pt}",
            r"\setlength{\belowdisplayskip}{3pt plus 2pt}",
            r"\setlength{\abovedisplayshortskip}{3pt plus 2pt}",
            r"\setlength{\belowdisplayshortskip}{3pt plus 2pt}",
        ]
        tail = [ABBREVIATION_NOTE] if self.abbreviated else []
        text = "\n".join(head + self.out + tail + [r"\end{document}", ""])
        return _ascii_only(text)


ABBREVIATION_NOTE = (
    r"\par\medskip\textbf{Note:} expressions larger than " + str(MAX_EXPR_NODES)
    + r" nodes are abbreviated here (the omitted parts are shown as $\cdots$); "
    r"\texttt{-f text} or \texttt{-f json} shows them in full."
)


def _ascii_only(text: str) -> str:
    if text.isascii():
        return text
    return "".join(c if c.isascii() else r"\text{" + _codepoint(c) + "}" for c in text)


def _reading(doc: _Doc, reading) -> None:
    doc.heading("Reading")
    doc.par(r"\textbf{Input:} " + latex_verbatim(reading.text.strip()))
    expr = doc.expr(reading.expr)
    if visual_len(expr) <= ROW_WIDTH and len(expr) <= RICH_LEN:
        doc.par(r"\textbf{Reading:} $\displaystyle " + expr + "$")
    else:
        doc.par(r"\textbf{Reading:}")
        doc.align(_rows_of(expr, "", r"\qquad ", ROW_WIDTH), 0)
    notes = reading.note_messages()
    if len(notes) == 1:
        doc.par(r"\textbf{Notes:} " + latex_text(notes[0]))
    elif notes:
        doc.par(r"\textbf{Notes:}")
        doc.out.append("\\begin{itemize}\n" + "\n".join(r"\item " + latex_text(n) for n in notes)
                       + "\n\\end{itemize}")


def _step(doc: _Doc, step: Step, level: int, seen: dict, label: str = "") -> None:
    width = ROW_WIDTH - 3 * min(level, MAX_INDENT_LEVELS)
    head = (r"\text{" + label + r"}\quad " if label else "")
    claim = applied(d_operator(step.var, doc.partial), doc.expr(step.expr))
    result = doc.expr(step.result)
    key = id(step)
    if key in seen and step.substeps:
        rows = _claim_rows(head, claim, result, width)
        rows.append(r"\qquad\text{(as in step " + latex_text(seen[key]) + ")}")
        doc.align(rows, level)
        return
    seen[key] = label or "above"
    name, statement = rule_latex(step.rule)
    rows = _claim_rows(head, claim, result, width)
    rows.append(r"\qquad\text{" + name + (r":}\quad " + statement if statement else "}"))
    if step.bindings:
        rows += _binding_rows([(latex_name(k), doc.expr(v)) for k, v in step.bindings], width)
    for note in step.notes:
        rows.append(r"\qquad\text{note: " + latex_text(note) + "}")
    if step.substeps and level >= MAX_STEP_LEVELS:
        below = _depth_below(step)
        rows.append(r"\qquad\text{(" + f"{sum(1 for _ in step.walk()) - 1} sub-steps, "
                    f"{below} more level{'s' if below != 1 else ''} deep, not shown here: "
                    r"the derivation is capped at " + f"{MAX_STEP_LEVELS} levels; -f text or "
                    r"-f json has them all)}")
        doc.align(rows, level)
        return
    doc.align(rows, level)
    for i, sub in enumerate(step.substeps, 1):
        _step(doc, sub, level + 1, seen, f"{label}{i}.")


def _depth_below(step: Step) -> int:
    best = 0
    stack = [(s, 1) for s in step.substeps]
    while stack:
        s, d = stack.pop()
        best = max(best, d)
        stack.extend((c, d + 1) for c in s.substeps)
    return best


def _claim_rows(head: str, claim: str, result: str, width: int) -> list[str]:
    whole = claim + " = " + result
    if visual_len(whole) <= width:
        return [head + whole]
    rows = _rows_of(claim, head, r"\qquad ", width)
    rows += _rows_of(result, r"\quad = ", r"\qquad ", width)
    return rows


def _binding_rows(pairs: list[tuple[str, str]], width: int) -> list[str]:
    items = [f"{k} = {v}" for k, v in pairs]
    one = r"\qquad\text{with }" + r",\quad ".join(items)
    if visual_len(one) <= width:
        return [one]
    rows: list[str] = []
    for k, item in enumerate(items):
        first = r"\qquad\text{with }" if k == 0 else r"\qquad\phantom{\text{with }}"
        rows += _rows_of(item + ("," if k < len(items) - 1 else ""), first, r"\qquad\quad ",
                         width)
    return rows


def _simplified(doc: _Doc, part, level: int = 0) -> None:
    name, statement = rule_latex("simplify")
    claim = applied(d_operator(part.var, doc.partial), doc.expr(part.expr))
    rows = _claim_rows("", claim, doc.expr(part.simplified), ROW_WIDTH)
    rows.append(r"\qquad\text{" + name + (r":}\quad " + statement if statement else "}"))
    rows += _rows_of(doc.expr(part.step.result), r"\qquad\text{from }", r"\qquad\quad ",
                     ROW_WIDTH)
    doc.align(rows, level)


def leibniz(d: Derivation, partial: bool) -> str:
    order = len(d.wrt)
    if order == 1:
        return d_operator(d.wrt[0], partial)
    sym = r"\partial" if partial else "d"
    if len(set(d.wrt)) == 1:
        v = latex_name(d.wrt[0])
        return rf"\frac{{{sym}^{{{order}}}}}{{{sym} {v}^{{{order}}}}}"
    den = r"\,".join(rf"\partial {latex_name(v)}" for v in reversed(d.wrt))
    return rf"\frac{{\partial^{{{order}}}}}{{{den}}}"


def format_float(f: float | None) -> str:
    """``2.5``, ``1.5 \\times 10^{-7}``, ``\\infty`` as LaTeX math."""
    if f is None:
        return ""
    if math.isnan(f):
        return r"\mathrm{NaN}"
    if math.isinf(f):
        return r"\infty" if f > 0 else r"-\infty"
    s = f"{f:.12g}"
    if "e" in s:
        mant, _, exp = s.partition("e")
        return rf"{mant} \times 10^{{{int(exp)}}}"
    return s


def point_latex(at: dict) -> str:
    return r",\ ".join(f"{latex_name(k)} = {latex_expr(v)}" for k, v in at.items())


def _held(names: list[str]) -> str:
    return ", ".join("$" + latex_name(v) + "$" for v in names)


def _is_partial(expr: Expr) -> bool:
    return len(expr.free) > 1


def render_derivation(d: Derivation, steps: bool = True, doc: _Doc | None = None) -> str:
    doc = doc or _Doc(_is_partial(d.expr))
    _reading(doc, d.reading)
    for k, part in enumerate(d.parts, 1):
        heading = "Differentiate with respect to $" + latex_name(part.var) + "$"
        if len(d.parts) > 1:
            heading = f"Step {k} of {len(d.parts)}: d" + heading[1:]
        others = held_constant(part.step.expr.free, part.var)
        if others:
            heading += f" ({_held(others)} held constant)"
        doc.heading(heading)
        if steps:
            _step(doc, part.step, 0, {}, "")
            if part.simplified != part.step.result and d.simplify_mode != "none":
                _simplified(doc, part)
        else:
            claim = applied(d_operator(part.var, doc.partial), doc.expr(part.expr))
            doc.align(_claim_rows("", claim, doc.expr(part.simplified), ROW_WIDTH), 0)
    doc.heading("Result")
    claim = applied(leibniz(d, doc.partial), doc.expr(d.expr))
    doc.align(_claim_rows("", claim, doc.expr(d.result), ROW_WIDTH), 0)
    if d.at:
        value = doc.expr(d.value)
        if d.value_float is not None:
            value += r" \approx " + format_float(d.value_float)
        doc.par("At $" + point_latex(d.at) + "$:")
        doc.align(_rows_of(value, "", r"\qquad ", ROW_WIDTH), 0)
    return doc.document()


def render_reading(reading) -> str:
    doc = _Doc(False)
    _reading(doc, reading)
    if reading.wrt:
        doc.par(r"\textbf{Request:} differentiate by "
                + ", ".join("$" + latex_name(v) + "$" for v in reading.wrt))
    return doc.document()


def _vector(entries: list[str]) -> str:
    return r"\begin{pmatrix}" + r" \\ ".join(entries) + r"\end{pmatrix}"


def _matrix(rows: list[list[str]]) -> str:
    body = r" \\ ".join(" & ".join(row) for row in rows)
    return r"\begin{bmatrix}" + body + r"\end{bmatrix}"


def render_gradient(g, steps: bool = True) -> str:
    doc = _Doc(True)
    _reading(doc, g.reading)
    for p in g.partials:
        var = p.wrt[0]
        others = held_constant(g.reading.expr.free | set(g.vars), var)
        held = f" ({_held(others)} held constant)" if others else ""
        doc.heading("Partial derivative with respect to $" + latex_name(var) + "$" + held)
        if steps:
            _step(doc, p.parts[0].step, 0, {}, "")
            if p.result != p.parts[0].step.result:
                _simplified(doc, p.parts[0])
        label = rf"\frac{{\partial f}}{{\partial {latex_name(var)}}} = "
        doc.align(_rows_of(doc.expr(p.result), label, r"\qquad ", ROW_WIDTH), 0)
    doc.heading("Gradient")
    doc.align([r"\nabla f = " + _vector([doc.expr(e) for e in g.gradient])], 0)
    if g.at:
        doc.par("At $" + point_latex(g.at) + "$:")
        exact = _vector([doc.expr(v) for v in g.values])
        approx = _vector([format_float(f) for f in g.floats])
        doc.align([r"\nabla f = " + exact + r" \approx " + approx], 0)
    return doc.document()


def render_matrix(m, steps: bool = True) -> str:
    doc = _Doc(True)
    doc.matrix_cols = len(m.vars) + 1
    for r in m.readings:
        _reading(doc, r)
    hessian = m.kind == "hessian"
    title = "Hessian" if hessian else "Jacobian"
    doc.heading(f"{title} (variables {_held(list(m.vars))})")
    cells = [[doc.expr(e) for e in row] for row in m.matrix]
    doc.align([("H" if hessian else "J") + " = " + _matrix(cells)], 0)
    for note in dict.fromkeys(m.symmetric_notes):
        doc.par("Note: " + latex_text(note))
    if steps:
        shown: set = set()
        for i, row in enumerate(m.entries):
            for j, d in enumerate(row):
                if id(d) in shown:
                    continue
                shown.add(id(d))
                if hessian:
                    label = (rf"\frac{{\partial^{{2}} f}}{{\partial {latex_name(d.wrt[1])}\,"
                             rf"\partial {latex_name(d.wrt[0])}}}")
                else:
                    label = (rf"\frac{{\partial f_{{{i + 1}}}}}"
                             rf"{{\partial {latex_name(d.wrt[0])}}}")
                doc.out.append(rf"\subsubsection*{{Entry ({i + 1}, {j + 1}): ${label}$}}")
                for part in d.parts[-1:]:
                    _step(doc, part.step, 0, {}, "")
                    doc.align(_rows_of(doc.expr(part.simplified), label + " = ", r"\qquad ",
                                       ROW_WIDTH), 0)
    if m.at:
        doc.heading("At $" + point_latex(m.at) + "$")
        cells = [[doc.expr(v) for v in row] for row in m.values]
        doc.align([("H" if hessian else "J") + " = " + _matrix(cells)], 0)
        if m.classification:
            doc.par(f"Critical point: {latex_text(m.classification)} "
                    f"({latex_text(m.classification_reason or '')})")
        elif m.classification_reason:
            doc.par("Note: " + latex_text(m.classification_reason))
    return doc.document()


def render(obj, steps: bool = True, **_) -> str:
    """A complete LaTeX document for a Reading, Derivation, Gradient or Matrix."""
    return call_deep(_render, obj, steps)


def _render(obj, steps: bool) -> str:
    from ..parser import Reading

    if isinstance(obj, Reading):
        return render_reading(obj)
    if isinstance(obj, Derivation):
        return render_derivation(obj, steps)
    from ..multivar import Gradient, Matrix

    if isinstance(obj, Gradient):
        return render_gradient(obj, steps)
    if isinstance(obj, Matrix):
        return render_matrix(obj, steps)
    raise TypeError(f"cannot render {type(obj).__name__}")
