"""The tokens of a matrix expression: numbers, names (a run of letters split into single
letters unless it is a known name: ``Xw`` is X·w), operators with their Unicode and LaTeX
spellings (``·``, ``∘``, ``\\cdot``, ``\\|``, ``^{\\top}``) and superscripts (``²``, ``⁻¹``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from calcdiff.errors import ParseError
from calcdiff.greek import CHAR_TO_NAME, LETTERS

GREEK_NAMES = {name for name, _, _ in LETTERS} | {"lambda"}
STRUCTURAL = {"tr": "tr", "Tr": "tr", "trace": "tr", "det": "det", "inv": "inv", "sum": "sum",
              "softmax": "softmax", "norm": "norm", "dot": "dot", "transpose": "transpose",
              "diag": "diag"}
OPS = {"+", "-", "*", "/", "(", ")", "[", "]", ",", "^", "‖", "'", "ᵀ", "⊙", "∘", "@", "_"}
ALIASES = {"−": "-", "–": "-", "·": "*", "⋅": "*", "×": "*", "∗": "*", "∘": "⊙",
           "{": "(", "}": ")"}  # LaTeX's braces group: \|x\|^{2}
# a superscript's tokens: X⁻ᵀ is X^-T
SUPERSCRIPT = {"⁻¹": ("-", "1"), "⁻ᵀ": ("-", "T"), "²": ("2",), "³": ("3",)}
ONES = "ones"  # the ones vector 𝟏, as calcdiff prints it (𝟏ᵀx, ones^T*x)
_NUMBER = re.compile(r"[0-9]*\.[0-9]+|[0-9]+(\.[0-9]+)?")
_NAME = re.compile(r"[A-Za-z]+(?:[0-9]+|_[A-Za-z0-9]+)?")


@dataclass(frozen=True)
class Tok:
    kind: str  # NUM NAME OP END
    text: str
    start: int
    end: int


def function_names(table) -> set[str]:
    return set(table.names) | set(table.call_only)


def _split(run: str, start: int, known: set[str]) -> list[Tok]:
    """A run of letters (with a trailing subscript): one name if known, else single letters
    (the longest known name wins at each position)."""
    m = re.match(r"([A-Za-z]+)(.*)", run)
    letters, tail = m.group(1), m.group(2)
    if run in known or letters in known:
        return [Tok("NAME", run, start, start + len(run))]
    out, i = [], 0
    while i < len(letters):
        for j in range(len(letters), i, -1):
            if letters[i:j] in known or j == i + 1:
                out.append(Tok("NAME", letters[i:j], start + i, start + j))
                i = j
                break
    last = out[-1]
    out[-1] = Tok("NAME", last.text + tail, last.start, last.end + len(tail))
    return out


# the LaTeX the matrix reader knows (a norm's bars, a product, a transpose, sizes)
_LATEX = re.compile(r"\{\s*\\(top)\s*\}"
                    r"|\\(\||(?:lVert|rVert|Vert|cdot|top|left|right)(?![A-Za-z]))")
_LATEX_OPS = {"|": "‖", "lVert": "‖", "rVert": "‖", "Vert": "‖", "cdot": "*"}
# a LaTeX name: \operatorname{tr}, \mathrm{tr}, \det, \log, \lambda (read when it is a known
# name: a function, a Greek letter, tr or det)
_LATEX_NAME = re.compile(r"\\(?:operatorname\*?|mathrm)\{\s*([A-Za-z]+)\s*\}|\\([A-Za-z]+)")
LATEX_NAMES = {"operatorname", "mathrm"}
# what ASCII writes for ^ and ⊙ (x**2, a .* b)
_ASCII_OPS = {"**": "^", ".*": "⊙"}


def tokenize(text: str, known: set[str]) -> list[Tok]:
    toks, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
            continue
        if text.startswith("||", i):
            toks.append(Tok("OP", "‖", i, i + 2))
            i += 2
            continue
        if c in "\\{":  # the LaTeX of a norm, a transpose, a product: \|Xw - y\|^2, x^{\top}
            m = _LATEX.match(text, i)
            if m is not None:
                word = m.group(1) or m.group(2)
                if word in _LATEX_OPS:
                    toks.append(Tok("OP", _LATEX_OPS[word], i, m.end()))
                elif word == "top":
                    toks.append(Tok("NAME", "top", i, m.end()))
                i = m.end()  # \left, \right: sizes, dropped
                continue
            m = _LATEX_NAME.match(text, i)
            if m is not None and (m.group(1) or m.group(2)) in known:
                toks.append(Tok("NAME", m.group(1) or m.group(2), i, m.end()))
                i = m.end()
                continue
        sup = next((s for s in SUPERSCRIPT if text.startswith(s, i)), None)
        if sup:
            end = i + len(sup)
            toks.append(Tok("OP", "^", i, end))
            toks += [Tok("NUM" if t.isdigit() else "NAME" if t == "T" else "OP", t, i, end)
                     for t in SUPERSCRIPT[sup]]
            i = end
            continue
        if text[i:i + 2] in _ASCII_OPS:
            toks.append(Tok("OP", _ASCII_OPS[text[i:i + 2]], i, i + 2))
            i += 2
            continue
        if c == "𝟏":
            toks.append(Tok("NAME", ONES, i, i + 1))
            i += 1
            continue
        m = _NUMBER.match(text, i)
        if m:
            toks.append(Tok("NUM", m.group(), i, m.end()))
            i = m.end()
            continue
        m = _NAME.match(text, i)
        if m:
            toks += _split(m.group(), i, known)
            i = m.end()
            continue
        if c in CHAR_TO_NAME:
            toks.append(Tok("NAME", CHAR_TO_NAME[c], i, i + 1))
            i += 1
            continue
        c = ALIASES.get(c, c)
        if c in OPS:
            toks.append(Tok("OP", c, i, i + 1))
            i += 1
            continue
        hint = "write ‖x‖ (or ||x||, norm(x)) for a norm" if c == "|" else None
        raise ParseError(f"unexpected character {text[i]!r}", text, i, i + 1, hint)
    toks.append(Tok("END", "", n, n))
    return toks
