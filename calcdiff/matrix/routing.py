"""Whether a ``grad`` request is a matrix one: decided before anything of the matrix language
loads (its nodes, reader and engine take tens of milliseconds to import, and a scalar
gradient or Hessian never needs them)."""

from __future__ import annotations

import re
from functools import cache

from calcdiff.errors import ParseError


@cache
def _matrix_syntax() -> re.Pattern:
    """What marks matrix syntax, compiled on first use (a Hessian never asks)."""
    return re.compile(r"‖|\|\||\\\||\\[lr]?Vert|ᵀ|⊙|∘|@|(?<![0-9])\.\*|𝟏|"
                      r"\^\s*T\b|(?<!\be)\^\s*\{?\s*-\s*T\b|\^\s*\{\s*T\s*\}|\^\{?\s*\\?top|'|"
                      r"\b(tr|Tr|trace|det|inv|softmax|transpose|norm|dot|sum|diag)\s*\(|"
                      r"\b(tr|Tr|trace|det)\s+[A-Za-z\\(]|"
                      r"\\(operatorname\*?|mathrm)\{\s*(tr|Tr|trace|det)\s*\}")


def is_matrix_request(text: str, wrt=None, matrix=None, vector=None, scalar=None,
                      layout=None, scalar_options: bool = False, table=None,
                      variables=None) -> bool:
    """Matrix syntax (‖…‖, ᵀ, ^T, x', ⊙, tr/det/inv/softmax/norm/dot/sum), a matrix declaration
    or ``layout``; or ``wrt`` on an expression that names a matrix (``A x``, ``σ(W x + b)``)
    unless a scalar-only option (``scalar_options``: --vars, --at, --direction, --check)
    says it is a scalar one. Else ``wrt`` chooses the scalar gradient's variables. With T
    among ``variables`` (--vars r,T), ``^T`` is a power of it, as the scalar reader reads it."""
    if matrix or vector or scalar or layout:
        return True
    if isinstance(text, str) and variables and "T" in variables:
        text = _POWER_T.sub("^(T)", text)
    if isinstance(text, str) and (_matrix_syntax().search(_readable(text))
                                  or _transposes(text)):
        return True
    return bool(wrt) and not scalar_options and isinstance(text, str) \
        and names_a_matrix(text, table)


_POWER_T = re.compile(r"\^\s*(?:T\b|\{\s*T\s*\})")  # x^T, x^{T}


# the LaTeX commands the matrix reader reads; another (\frac) leaves a LaTeX norm or
# transpose to the scalar reader, which reads all of LaTeX (a norm of numbers there)
_MATRIX_LATEX = {"|", "lVert", "rVert", "Vert", "top", "left", "right", "cdot", "operatorname",
                 "mathrm", "tr", "Tr", "det", "log", "exp", "ln"}
_LATEX_COMMAND = r"\\([A-Za-z]+|.)"
_LATEX_MATRIX_SYNTAX = r"\\\||\\[lr]?Vert|\\top"


def _readable(text: str) -> str:
    """``text`` as the routing looks at it: its LaTeX norms and transposes left out when it
    holds LaTeX the matrix reader does not read."""
    if "\\" in text and any(c not in _MATRIX_LATEX for c in re.findall(_LATEX_COMMAND, text)):
        return re.sub(_LATEX_MATRIX_SYNTAX, " ", text)
    return text


def _transposes(text: str) -> bool:
    """Whether ``text`` holds a transpose the scalar reader refuses (x^TAx, a^Tb, w^{T} x)."""
    from calcdiff.read.lexer import no_transpose

    try:
        no_transpose(text)
    except ParseError:
        return True
    return False


def names_a_matrix(text: str, table=None) -> bool:
    """``text`` has a name the matrix reader takes for a matrix: a capital Latin letter
    (``A``, ``W1``, ``I``), by the convention for undeclared names."""
    from calcdiff.matrix.tokens import GREEK_NAMES, STRUCTURAL, function_names, tokenize
    from calcdiff.read.rule_exprs import builtin_table

    known = function_names(table or builtin_table()) | set(STRUCTURAL)
    try:
        tokens = tokenize(text, known)
    except ParseError:
        return False
    return any(t.kind == "NAME" and t.text[0].isupper() and t.text not in known
               and t.text not in GREEK_NAMES for t in tokens)
