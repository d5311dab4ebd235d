"""The one complete LaTeX document: every LaTeX view returns a body, and this wraps it with
the one preamble (plain ``pdflatex``: amsmath and amssymb only; the output is pure ASCII)."""

from __future__ import annotations

import re

from calcdiff.render.latex_text import codepoint

_PREAMBLE = (
    r"\documentclass[fleqn]{article}",
    r"\usepackage[margin=2cm]{geometry}",
    r"\usepackage{amsmath}",
    r"\usepackage{amssymb}",
    r"\allowdisplaybreaks",
    None,  # \setcounter{MaxMatrixCols}{...}: as many as the widest matrix needs
    r"\setlength{\parindent}{0pt}",
    r"\setlength{\parskip}{4pt}",
    # a line that cannot stretch (a long number in a note, the input in typewriter type) may
    # fall short rather than run past the margin
    r"\setlength{\emergencystretch}{\linewidth}",
    r"\begin{document}",
    # many small displays in a row: keep the space between them small
    r"\setlength{\abovedisplayskip}{3pt plus 2pt}",
    r"\setlength{\belowdisplayskip}{3pt plus 2pt}",
    r"\setlength{\abovedisplayshortskip}{3pt plus 2pt}",
    r"\setlength{\belowdisplayshortskip}{3pt plus 2pt}",
)
_MATRIX = re.compile(r"\\begin\{([bpv]?matrix)\}(.*?)\\end\{\1\}", re.S)


def matrix_columns(body: str) -> int:
    """The most columns of any matrix in ``body`` (amsmath allows 10 unless told more)."""
    most = 0
    for m in _MATRIX.finditer(body):
        for row in m.group(2).split(r"\\"):
            most = max(most, row.count("&") + 1)
    return most


def latex_document(body: str) -> str:
    """``body`` as a complete document that compiles with ``pdflatex``."""
    head = [line if line is not None else
            rf"\setcounter{{MaxMatrixCols}}{{{max(10, matrix_columns(body) + 1)}}}"
            for line in _PREAMBLE]
    return ascii_only("\n".join(head + [body, r"\end{document}", ""]))


def ascii_only(text: str) -> str:
    if text.isascii():
        return text
    return "".join(c if c.isascii() else r"\text{" + codepoint(c) + "}" for c in text)


_ASCII = {
    "′": "'", "−": "-", "·": "*", "≈": "~=", "ξ": "xi", "∂": "d", "∇": "grad ", "←": "<-",
    "…": "...", "—": "-", "ⁿ": "^n", "⁻": "^-", "ᵏ": "k", "⁽": "^(", "⁾": ")", "²": "^2",
    "³": "^3", "θ": "theta", "σ": "sigma", "Σ": "Sum", "ₖ": "_k", "●": "o", "×": "x",
    "≤": "<=", "≥": ">=", "→": "->",
}


def latex_verbatim_body(text: str) -> str:
    """A body showing ``text`` as written (ASCII, so pdflatex reads it): the interim LaTeX
    view of result types that have no native one."""
    safe = "".join(c if c.isascii() else _ASCII.get(c, "?") for c in text)
    return "\\begin{verbatim}\n" + safe + "\n\\end{verbatim}"
