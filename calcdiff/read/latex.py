"""LaTeX as people paste it, read into calcdiff's own notation before the lexer sees it.

``\\frac{1}{x}`` becomes ``((1)/(x))``, ``\\sin^2 x`` becomes `` sin^2 x``, ``\\sqrt[3]{x}``
becomes `` root(x, 3)``, ``\\frac{d}{dx}`` becomes ``d/dx`` (a request), ``\\alpha`` becomes
``α``, and the delimiters ``$…$``, ``$$…$$``, ``\\(…\\)``, ``\\[…\\]`` and spacing commands
are dropped. Every character written keeps the column of the LaTeX it came from
(:class:`Translation`), so an error in the translated text is shown with a caret under the
user's own LaTeX, and the reading's notes and spans point there too. A LaTeX command this
module does not know is an error at its column, never a guess.

Only text holding a backslash or a ``$`` is translated; everything else reaches the lexer
exactly as written.
"""

from __future__ import annotations

import re
from functools import cache
from dataclasses import dataclass, field

from calcdiff.errors import CalcdiffError, ParseError
from calcdiff.greek import LETTERS, VARIANTS
from calcdiff.read.reading import Note

# \sin -> sin: the commands that name a function of the table (LaTeX's own, and the
# spellings people write with a backslash though LaTeX lacks them)
FUNCTIONS = {
    "sin", "cos", "tan", "cot", "sec", "csc", "arcsin", "arccos", "arctan", "arccot",
    "arcsec", "arccsc", "sinh", "cosh", "tanh", "coth", "sech", "csch", "arsinh", "arcosh",
    "artanh", "arcsinh", "arccosh", "arctanh", "ln", "log", "exp", "erf", "erfc", "sgn",
    "max", "min",  # no function of the table: read as written, for max(0, x)'s relu hint
}

# \alpha -> α: the Greek letters of calcdiff/greek.py, by their LaTeX
GREEK = {tex[1:]: char for _, char, tex in LETTERS + VARIANTS if tex.startswith("\\")}
GREEK |= {"varepsilon": "ε", "varphi": "φ", "varrho": "ρ", "varpi": "π"}

# commands read as one character (or nothing)
SYMBOLS = {
    "cdot": "*", "times": "*", "ast": "*", "div": "/", "partial": "∂", "nabla": "∇",
    "prime": "'", "lvert": "|", "rvert": "|", "vert": "|", "mid": "|", "lbrace": "{",
    "|": "|", "lVert": "|", "rVert": "|", "Vert": "|",  # a norm: of a number, its |…|
    "rbrace": "}", "lbrack": "[", "rbrack": "]", "{": "{", "}": "}",
    ",": " ", ";": " ", ":": " ", ">": " ", " ": " ", "!": "", "quad": " ", "qquad": " ",
    "enspace": " ", "thinspace": " ", "medspace": " ", "thickspace": " ", "negthinspace": "",
    "displaystyle": "", "textstyle": "", "limits": "",
    "ell": "ℓ", "imath": "i", "jmath": "j",  # \ell(w): the loss ℓ, read as l
}

# sizing commands before a delimiter: \left( \right) \bigl[ \Big| -- the delimiter stays
SIZING = {
    "left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "biggl",
    "biggr", "Biggl", "Biggr", "middle",
}

# commands whose braced argument is a name written upright: \operatorname{sigmoid}, \mathrm{d}
NAMED = {"operatorname", "mathrm", "text", "textrm", "mathit", "rm", "textit", "mathsf"}
# an accent makes another variable (\hat{y}: y_hat, the prediction beside the label y); bold
# and an arrow write the same name (\mathbf{x}, \vec{x}: x)
ACCENTS = {"hat": "_hat", "widehat": "_hat", "bar": "_bar", "overline": "_bar",
           "tilde": "_tilde", "widetilde": "_tilde", "dot": "_dot", "mathbf": "",
           "boldsymbol": "", "bm": "", "vec": "", "mathcal": "", "mathscr": "",
           "mathfrak": "", "mathbb": "", "mathtt": ""}  # \mathcal{L}: L

FRACTIONS = {"frac", "dfrac", "tfrac", "cfrac"}

REFUSED = {
    "infty": "infinity is not a number calcdiff can work with",
    "pm": "± gives two expressions; write one of them",
    "mp": "∓ gives two expressions; write one of them",
    "int": "integrals are not part of the language; calcdiff differentiates",
    "sum": "sums with limits are not part of the language; write the terms out",
    "prod": "products with limits are not part of the language; write the factors out",
    "lim": "limits are not part of the language; see 'calcdiff limit'",
    "lg": "\\lg means base 10 in some texts and base 2 in others: write \\log_{10} or \\log_{2}",
    "\\": "write one expression per line",
}

_ATOM = re.compile(r"\s*(?:[0-9]+|[A-Za-z]|[^\x00-\x7f])\s*")
_BRACES = re.compile(r"\\.|[{}]")
_DERIV_NUM = re.compile(r"^\s*([d∂])\s*(?:\^\s*\(?\s*([0-9]+)\s*\)?)?\s*([^\s/()]*)\s*$")
_DERIV_DEN = re.compile(r"\s*([d∂])\s*([^\s^d∂]+|[d∂])\s*(?:\^\s*\(?\s*([0-9]+)\s*\)?)?")


@dataclass
class Translation:
    """The translated text, and for each of its characters the column it came from."""

    original: str
    text: str = ""
    cols: list[int] = field(default_factory=list)
    read_as: dict[str, str] = field(default_factory=dict)  # '\frac' -> 'a quotient'
    heading: str = "LaTeX read"  # the note's first words

    def column(self, k: int) -> int:
        """The column of the original text that character ``k`` of the translation came from."""
        if k < 0:
            return 0
        if k >= len(self.cols):
            return len(self.original)
        return self.cols[k]

    def span(self, start: int, end: int) -> tuple[int, int]:
        s = self.column(start)
        if end >= len(self.cols) + 1 or start >= len(self.cols):
            e = len(self.original) + (1 if start >= len(self.cols) else 0)
        else:
            e = self.cols[max(start, end - 1)] + 1
        return s, max(e, s + 1)

    def locate(self, exc: CalcdiffError) -> CalcdiffError:
        """``exc``, raised on the translation, pointed at the user's LaTeX."""
        if exc.start is not None and exc.text == self.text:
            exc.start, exc.end = self.span(exc.start, exc.end or exc.start + 1)
        if exc.text == self.text or exc.text is None:
            exc.text = self.original
        return exc

    def note(self) -> str:
        shown = ", ".join(f"{k} as {v}" for k, v in self.read_as.items())
        if not self.heading:  # del read as ∂
            return ", ".join(f"{k} read as {v}" for k, v in self.read_as.items())
        return f"{self.heading}: {shown}"


def is_latex(text: str) -> bool:
    return "\\" in text or "$" in text


def latex_aware(inner, text: str, *args):
    """``inner(text, *args)`` (a parse), on the translation of ``text`` when it is LaTeX:
    errors, notes and spans point at the user's LaTeX."""
    if not is_latex(text):
        translation = spelled_partials(text) if "del" in text or "Del" in text else None
        if translation is None:
            return inner(text, *args)
    else:
        m = None if "\\int" in text else _differential().search(text)  # \int: refused as such
        if m is not None:  # x^2\,dx: an integrand with its differential
            raise ParseError(f"{m.group(1).strip()} at the end reads as an integral's "
                             "differential; calcdiff differentiates", text, m.start(1), m.end(1),
                             hint="give the expression alone, and the variable with -x")
        translation = translate(text)
    try:
        reading = inner(translation.text, *args)
    except CalcdiffError as exc:
        raise translation.locate(exc) from None
    reading.text = text
    reading.spans = {k: translation.span(*v) for k, v in reading.spans.items()}
    for n in reading.notes:
        n.start, n.end = translation.span(n.start, n.end)
    if translation.read_as:  # \, alone (a thin space) reads as nothing worth a note
        reading.notes.insert(0, Note("latex", translation.note(), 0, len(text)))
    return reading


# del/del y, del^2 f/del x^2, del f/del x del y: ∂ spelled out, as it is said aloud
_DEL_HEAD = re.compile(r"^\s*(del)(?![A-Za-z0-9_])\s*(?:\^\s*[0-9]+|[²³])?\s*"
                       r"(?:[A-Za-zα-ωΑ-Ω]\w*)?\s*/(?:\s*(del)\s*[A-Za-zα-ωΑ-Ω]\w*"
                       r"(?:\s*\^\s*[0-9]+|[²³])?)+", re.I)  # del²/del x², Del/Del y, del/del θ
_DEL = re.compile(r"(?<![A-Za-z0-9_])del(?![A-Za-z0-9_(])", re.I)


def spelled_partials(text: str) -> Translation | None:
    """``text`` with the word ``del`` of a request's head written ∂ (``del/del y (x^2 y)`` is
    ∂/∂y (x^2 y)), with its column map; None where no request's head spells it."""
    m = _DEL_HEAD.match(text)
    if m is None:
        return None
    t = Translation(text, heading="")
    t.read_as["del"] = "∂, a partial derivative's sign"
    at = 0
    for d in _DEL.finditer(text, 0, m.end()):
        t.text += text[at:d.start()] + "∂"
        t.cols += list(range(at, d.start())) + [d.start()]
        at = d.end()
    t.text += text[at:]
    t.cols += list(range(at, len(text)))
    return t


# a thin space, then dx (or \mathrm{d}x) ending the input: an integral's differential
@cache
def _differential() -> re.Pattern:
    return re.compile(r"\\[,;:!]\s*((?:\\mathrm\{d\}|d)\s*[A-Za-z])\s*(?:\$+|\\\)|\\\])?\s*$")


def translate(text: str) -> Translation:
    """``text`` (LaTeX) in calcdiff's notation, with the column map; ParseError at the
    column of anything that cannot be read."""
    t = Translation(text)
    start, end = _delimiters(text, t)
    _Reader(text, t).run(start, end)
    return t


def blank_delimiters(text: str) -> str:
    """``text`` with the math delimiters around the whole of it ($…$, $$…$$, \\(…\\),
    \\[…\\]) written as spaces, every column kept: an equation is split at its '=' before
    its sides are read, and ``$x^2 + y^2 = 25$`` has a delimiter on each side."""
    start, end = _delimiters(text, Translation(text))
    if (start, end) == (0, len(text)):
        return text
    return " " * start + text[start:end] + " " * (len(text) - end)


def _delimiters(text: str, t: Translation) -> tuple[int, int]:
    """The span inside $…$, $$…$$, \\(…\\) or \\[…\\] (the whole text without them)."""
    s = len(text) - len(text.lstrip())
    e = len(text.rstrip())
    for left, right in (("$$", "$$"), ("$", "$"), ("\\(", "\\)"), ("\\[", "\\]")):
        if text.startswith(left, s) and text.endswith(right, 0, e) and e - s >= len(left) + len(right):
            t.read_as[f"{left}…{right}"] = "delimiters (dropped)"
            return s + len(left), e - len(right)
    return 0, len(text)


class _Reader:
    def __init__(self, src: str, t: Translation):
        self.src = src
        self.t = t
        self.out: list[str] = []
        self.heads = 0  # the length of out after the last derivative operator written
        self.cols: list[int] = []
        self.depth = 0

    def emit(self, s: str, col: int) -> None:
        for ch in s:
            self.out.append(ch)
            self.cols.append(col)

    def error(self, message: str, start: int, end: int | None = None, hint=None):
        return ParseError(message, self.src, start, end if end is not None else start + 1,
                          hint=hint)

    def run(self, start: int, end: int) -> None:
        self.block(start, end)
        self.t.text = "".join(self.out)
        self.t.cols = self.cols

    def seen(self, command: str, meaning: str) -> None:
        self.t.read_as.setdefault(command, meaning)

    # -- the text between start and end, emitted in order
    def block(self, i: int, end: int) -> None:
        while i < end:
            i = self.item(i, end)

    def item(self, i: int, end: int) -> int:
        """Emit one item starting at ``i``; return where the next begins."""
        src = self.src
        c = src[i]
        if c == "\\":
            return self.command(i, end)
        if c == "$":
            raise self.error("unexpected '$': a LaTeX formula is delimited by $…$ around "
                             "the whole input", i)
        if c == "&":
            raise self.error("unexpected '&': alignment is not part of an expression", i)
        if c in "^_":
            return self.script(i, end)
        if c == "~":
            self.emit(" ", i)
            return i + 1
        if c == "{":
            close = self.closing(i, end)
            self.emit("(", i)
            self.block(i + 1, close)
            self.emit(")", close)
            return close + 1
        if c == "}":
            raise self.error("unmatched '}'", i)
        self.emit(c, i)
        return i + 1

    def closing(self, i: int, end: int) -> int:
        """The index of the '}' closing the '{' at i."""
        depth = 0
        for m in _BRACES.finditer(self.src, i, end):
            depth += {"{": 1, "}": -1}.get(m.group(0), 0)  # an escaped \{ counts for nothing
            if depth == 0:
                return m.start()
        raise self.error("unclosed '{': expected '}' before the end", i)

    def argument(self, i: int, end: int) -> tuple[int, int, int]:
        """A command's argument at i: ``{…}`` or one character or one command.
        Returns (content start, content end, next index). Spaces and a line break before it
        are TeX's white space (an Overleaf source wraps \\frac{1}⏎{x} there)."""
        while i < end and self.src[i] in " \t\r\n":
            i += 1
        if i >= end:
            raise self.error("a LaTeX argument is missing here", min(i, len(self.src)))
        if self.src[i] == "{":
            close = self.closing(i, end)
            return i + 1, close, close + 1
        if self.src[i] == "\\":
            m = re.compile(r"\\([A-Za-z]+|.)").match(self.src, i)
            return i, m.end(), m.end()
        return i, i + 1, i + 1

    def sub(self, start: int, end: int) -> tuple[str, list[int]]:
        """Translate src[start:end] on its own: (text, columns)."""
        keep_out, keep_cols = self.out, self.cols
        self.out, self.cols = [], []
        self.depth += 1
        if self.depth > 5000:
            raise self.error("the LaTeX is nested too deeply", start)
        try:
            self.block(start, end)
            return "".join(self.out), self.cols
        finally:
            self.depth -= 1
            self.out, self.cols = keep_out, keep_cols

    def put(self, text: str, cols: list[int]) -> None:
        self.out.extend(text)
        self.cols.extend(cols)

    # -- ^{…} and _{…}
    def script(self, i: int, end: int) -> int:
        mark = self.src[i]
        s, e, nxt = self.argument(i + 1, end)
        command = re.compile(r"\\([A-Za-z]+)").fullmatch(self.src, s, e)  # bare, not {…}
        if command and (command.group(1) in FRACTIONS or command.group(1) == "sqrt"):
            # x^\frac12, e^\frac{x}{2}, x^\sqrt2: the command's own arguments come with it
            if command.group(1) == "sqrt" and re.compile(r"\s*\[").match(self.src, e):
                close = self.src.find("]", e, end)
                if close < 0:
                    raise self.error("unclosed '[' of \\sqrt[n]", e)
                e = close + 1
            for _ in range(2 if command.group(1) in FRACTIONS else 1):
                e = nxt = self.argument(e, end)[2]
        text, cols = self.sub(s, e)
        body = text.strip()
        if mark == "^" and body and set(body) == {"'"}:
            self.put(body, cols[: len(body)])  # f^{\prime} is f'
            return nxt
        if mark == "_":
            self.emit("_{", i)
            self.put(text, cols)
            self.emit("}", e if e < len(self.src) else i)
            return nxt
        after = nxt
        while after < end and self.src[after] in " \t":
            after += 1
        if after < end and self.src[after] == "_":  # x^{2}_{1}: the subscript is the name's
            nxt = self.script(after, end)  # x_1, then its power
        self.emit("^", i)
        braced = self.src[s - 1: s] == "{"
        if not braced or re.fullmatch(r"[0-9]+|[A-Za-z]|[^\x00-\x7f]", body):
            self.put(text, cols)
        else:
            self.seen("^{…}", "an exponent in brackets")
            self.emit("(", s)
            self.put(text, cols)
            self.emit(")", max(e - 1, s))
        return nxt

    # -- \command
    def command(self, i: int, end: int) -> int:
        m = re.compile(r"\\([A-Za-z]+|.)").match(self.src, i)
        if m is None:
            raise self.error("a LaTeX command is missing after '\\'", i)
        name, j = m.group(1), m.end()
        if name in REFUSED:
            raise self.error(f"\\{name} cannot be read: {REFUSED[name]}", i, j)
        if name in SIZING:
            self.seen("\\left \\right" if name in ("left", "right") else f"\\{name}",
                      "bracket sizes (dropped)")
            if j < end and self.src[j] == ".":
                return j + 1  # \left. and \right. are invisible
            return j
        if name in SYMBOLS:
            self.emit(SYMBOLS[name], i)
            if SYMBOLS[name].strip():
                self.seen(f"\\{name}", SYMBOLS[name])
            elif name.isalpha():
                self.seen(f"\\{name}", "spacing")
            return j
        if name in GREEK:
            self.emit(" " + GREEK[name], i)
            self.seen(f"\\{name}", GREEK[name])
            return j
        if name in FUNCTIONS:
            self.emit(" " + name, i)
            self.seen(f"\\{name}", name)
            return j
        if name in FRACTIONS:
            return self.fraction(i, j, end, name)
        if name == "sqrt":
            return self.root(i, j, end)
        if name in NAMED:
            s, e, nxt = self.argument(j, end)
            word = self.src[s:e].strip()
            if not re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", word):
                raise self.error(f"\\{name}{{{self.src[s:e]}}}: expected a name", i, nxt)
            self.emit(" ", i)
            self.put(word, list(range(s + self.src[s:e].index(word), e))[: len(word)])
            self.seen(f"\\{name}{{…}}", "the name inside")
            self.apart(nxt, end)
            return nxt
        if name in ACCENTS:
            s, e, nxt = self.argument(j, end)
            word, cols = self.sub(s, e)
            if not re.fullmatch(r"\s*(?:[A-Za-z]|[^\x00-\x7f])\s*", word):
                raise self.error(f"\\{name}{{{self.src[s:e]}}}: expected one letter", i, nxt)
            self.emit(" ", i)
            self.put(word.strip(), cols[len(word) - len(word.lstrip()):][:1])
            for c in ACCENTS[name]:
                self.emit(c, max(e - 1, s))
            self.seen(f"\\{name}{{…}}", "a name of its own" if ACCENTS[name] else "the letter")
            self.apart(nxt, end)
            return nxt
        raise self.error(f"unknown LaTeX command \\{name}", i, j,
                         hint="see 'The expression language' in the README for the LaTeX "
                              "calcdiff reads")

    def apart(self, i: int, end: int) -> None:
        """A space after a name written in braces when a letter or digit follows at ``i``:
        ``\\hat{y}x`` is ŷ·x, not one name y_hatx (the braces ended the name)."""
        if i < end and self.src[i].isalnum():  # \mathbf{w}_1 keeps its subscript
            self.emit(" ", i)

    def fraction(self, i: int, j: int, end: int, name: str) -> int:
        s1, e1, n1 = self.argument(j, end)
        s2, e2, n2 = self.argument(n1, end)
        num, num_cols = self.sub(s1, e1)
        den, den_cols = self.sub(s2, e2)
        for part, what, s, n in ((num, "numerator", s1, n1), (den, "denominator", s2, n2)):
            if not part.strip():
                raise self.error(f"\\{name}{{{self.src[s1:e1]}}}{{{self.src[s2:e2]}}}: the "
                                 f"{what} is empty", s - 1, n)
        operator = self.derivative_operator(num, den)
        if operator is not None:
            if "".join(self.out).strip() and not self.only_operators():
                raise self.error(
                    f"\\{name}{{{self.src[s1:e1]}}}{{{self.src[s2:e2]}}} is a derivative "
                    "operator: it must come first, before the expression it acts on", i, n2)
            self.emit(operator + " ", i)
            self.heads = len(self.out)  # d/dx d/dx f: a second operator may follow
            self.seen(f"\\{name}{{{self.src[s1:e1]}}}{{{self.src[s2:e2]}}}",
                      "a derivative request")
            return n2
        # brackets only where needed: \frac{1}{2} is (1/2), \frac{x+1}{x} is ((x+1)/x)
        self.emit("(", i)
        for k, (part, cols, col) in enumerate(((num, num_cols, e1), (den, den_cols, e2))):
            if k:
                self.emit("/", e1)
            atom = _ATOM.fullmatch(part)
            if not atom:
                self.emit("(", col)
            self.put(part, cols)
            if not atom:
                self.emit(")", col)
        self.emit(")", max(e2 - 1, s2))
        self.seen(f"\\{name}", "a quotient")
        return n2

    def only_operators(self) -> bool:
        """Whether all written so far is derivative operators and opening brackets: another
        operator may follow them (``\\frac{d}{dx}\\left(\\frac{d}{dx} x^3\\right)``)."""
        return self.heads > 0 and not "".join(self.out[self.heads:]).strip(" ([{")

    @staticmethod
    def derivative_operator(num: str, den: str) -> str | None:
        """``d``/``dx`` (or ``∂^2 f``/``∂x ∂y``) as a Leibniz request, else None."""
        m = _DERIV_NUM.match(num)
        if not m:
            return None
        pieces, pos = [], 0
        while pos < len(den.rstrip()):
            d = _DERIV_DEN.match(den, pos)
            if not d or d.group(1) != m.group(1):
                return None
            pieces.append(d.group(1) + d.group(2) + (f"^{d.group(3)}" if d.group(3) else ""))
            pos = d.end()
        if not pieces:
            return None
        head = m.group(1) + (f"^{m.group(2)}" if m.group(2) else "") + m.group(3)
        return head + "/" + "".join(pieces)

    def root(self, i: int, j: int, end: int) -> int:
        index = None
        k = j
        while k < end and self.src[k] == " ":
            k += 1
        if k < end and self.src[k] == "[":
            close = self.src.find("]", k)
            if close < 0 or close >= end:
                raise self.error("unclosed '[' of \\sqrt[n]", k)
            index = self.sub(k + 1, close)
            if not index[0].strip():  # \sqrt[]{x}: it said "an argument is missing after ','"
                raise self.error("the root's index in [ ] is empty: write \\sqrt{x} for the "
                                 "square root, \\sqrt[3]{x} for the cube root", k, close + 1)
            k = close + 1
        s, e, nxt = self.argument(k, end)
        body, cols = self.sub(s, e)
        if not body.strip():
            raise self.error(f"{self.src[i:nxt]}: there is nothing under the root", i, nxt)
        if index is not None and index[0].strip() == "3":
            self.emit(" cbrt(", i)  # as ∛x reads
            self.put(body, cols)
            self.emit(")", max(e - 1, s))
            self.seen("\\sqrt[3]", "cbrt")
        elif index is None:
            self.emit(" sqrt(", i)
            self.put(body, cols)
            self.emit(")", max(e - 1, s))
            self.seen("\\sqrt", "sqrt")
        else:
            self.emit(" root(", i)
            self.put(body, cols)
            self.emit(", ", i)
            self.put(*index)
            self.emit(")", max(e - 1, s))
            self.seen("\\sqrt[n]", "root(…, n)")
        return nxt
