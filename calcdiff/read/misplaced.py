"""Notations that can stand only first in an input: the operator ``d/dx`` (``x d/dx x^3``
would be the product d/(d*x)), a named derivative ``dy/dx`` (``x^3 dy/dx``), and an
integrand's ``dx`` at the end (``sin x dx``). Met anywhere else, each is an error with a caret,
never a product of its letters."""

from __future__ import annotations

import re

from calcdiff.errors import ParseError
from calcdiff.greek import NAMES as GREEK_NAMES


# a superset of the tokens' test: d/dx, d^2/dx^2, d²/dx²
_D_OVER_D = re.compile(r"(?<![A-Za-z_])d(?:\s*\^\s*[{(]?\s*[0-9]+\s*[})]?|[²³⁴⁵⁶⁷⁸⁹])?"
                       r"\s*/\s*d[A-Za-z]")


# dy/dx inside an expression, or a dx ending it (an integrand's): d then one letter; a dx
# ending the input multiplies what stands before it (x^2 dx), and is no term (x^2 + dz)
_NAMED_D = re.compile(r"(?<![A-Za-z_0-9])(d[A-Za-z]\s*/\s*d[A-Za-z]|(?<=[\w)\]}²³⁴]\s)\s*"
                      r"d[A-Za-z]\s*$)(?![A-Za-z0-9_])")
_NAMED_D_HINT = ("for a derivative write dy/dx of y = …, or d/dx (…), at the start; calcdiff "
                "differentiates, it does not integrate")


def _order_after(tokens, k: int) -> int:
    """The index after the order ``^2``, ``^{2}``, ``^(2)`` (² is lexed as ^2) written at
    ``tokens[k]``; ``k`` itself where none is."""
    if tokens[k].kind != "OP" or tokens[k].text != "^":
        return k
    j = k + 1
    braced = j < len(tokens) and tokens[j].text in ("{", "(") and tokens[j].kind == "OP"
    j += braced
    if j >= len(tokens) or tokens[j].kind != "NUM" or not tokens[j].text.isdigit():
        return k
    j += 1
    if braced:
        if j >= len(tokens) or tokens[j].text not in ("}", ")"):
            return k
        j += 1
    return j


def no_operator_inside(tokens, text: str, declared=None, names=frozenset()) -> None:
    """Refuse ``d/dx`` inside an expression (``x d/dx x^3``, ``d/dx x + d/dx y``): a request
    is read only at the start, so there it would be the product d/(d*x). Unless ``d`` is
    a declared variable (``--vars d,x``); ``d/delta`` and ``d/d2`` are quotients."""
    if declared is not None and "d" in declared:
        return
    named = _NAMED_D.search(text)  # x^3 dy/dx, sin x dx: never d*y/(d*x), sin(x*d*x)
    if named is not None and not all(  # unless --vars, --at or --let names each
            n in names or (declared is not None and n in declared)
            for n in re.findall(r"d[A-Za-z]", named.group(1))):
        raise ParseError(f"{named.group(1)} is a derivative's or an integral's notation, and "
                         "can stand only first", text, named.start(1), named.end(1),
                         hint=_NAMED_D_HINT)
    if _D_OVER_D.search(text) is None:
        return  # the common case: one search in C, not a walk over the tokens
    for k in range(len(tokens) - 2):
        t = tokens[k]
        if t.kind != "NAME" or t.text != "d":
            continue
        slash = _order_after(tokens, k + 1)  # d^2/dx^2: its denominator carries one too
        if slash + 1 >= len(tokens) or tokens[slash].text != "/":
            continue
        den = tokens[slash + 1]
        end = _order_after(tokens, slash + 2) if slash + 2 < len(tokens) else slash + 2
        if slash > k + 1 and end == slash + 2:
            continue  # d^2/dx: no order below, a quotient of letters
        if (den.kind == "NAME" and len(den.text) > 1 and den.text[0] == "d"
                and den.text[1].isalpha() and den.text not in GREEK_NAMES):
            stop = tokens[end - 1].end
            raise ParseError(
                f"{text[t.start:stop]} is a derivative operator: it must come first, "
                "before the expression it acts on", text, t.start, stop,
                hint="write d/dx (…) or d^2/dx^2 (…) at the start; d/dx d/dx f is the "
                     "second derivative")


def no_product_across_lines(text: str, notes) -> None:
    """Refuse a product read across a line break: two lines pasted into one argument
    (``"$(cat file)"``) would be multiplied (x^2, then sin x, read as x^2*sin(x)). A line break
    inside a sum or a bracket (``x^2 +`` then ``3x``) stays a space."""
    for note in notes:
        for a, b in note.joins:
            gap = text[a:b]
            if "\n" in gap or "\r" in gap:
                at = a + min(i for i in (gap.find("\n"), gap.find("\r")) if i >= 0)
                raise ParseError("a line break between two factors: two expressions in one "
                                 "input would be multiplied", text, at, at + 1,
                                 hint="give each expression as its own argument or line of a "
                                 "file (-i FILE); for a product, write * before the line "
                                 "break")


# d/d, dy/d, ∂/∂ opening an input with no variable after the denominator's d
_EMPTY_REQUEST = re.compile(r"\s*([d∂][A-Za-z]?\s*/\s*[d∂])(?![A-Za-z_∂])")


def no_empty_request(text: str, declared=None) -> None:
    """Refuse a request whose denominator names no variable (``d/d``, ``dy/d x^2``): read
    as letters it was d/d = 1, or a partial by y of d*y/d. Unless d is declared."""
    m = _EMPTY_REQUEST.match(text)
    if m is None or (declared is not None and "d" in declared):
        return
    raise ParseError(f"the request {m.group(1)} has no variable after its last d", text,
                     m.start(1), m.end(1), hint="write the variable: d/dx (x^2), dy/dx")


# Σ before a term (Σ_i (y_i - w x_i)^2, e^{z_i}/Σ_j e^{z_j}): a sum's sign, not a variable
_SUM_SIGN = re.compile(r"Σ\s*(?:(?:_\s*(?:\{[^{}]*\}|[A-Za-z0-9]+)|[₀-₉ᵢⱼₖₙ]+)(?:\s*\^\s*"
                       r"(?:\{[^{}]*\}|[A-Za-z0-9]+))?)?\s*(?=[A-Za-z0-9(\[{√α-ωΑ-Ω|])")
# (an upper limit only after the index: Σ^{-1} x is a power of Σ, a covariance matrix)
_TRACE = re.compile(r"(?<![A-Za-z0-9_])([Tt]r)\s*\(")  # tr(A X), Tr(X)
# sum_i w_i^2, sum_{i=1}^n x_i, prod_i x_i, sum x_i: the word, then an index or a term
_SUM_WORD = re.compile(r"(?<![A-Za-z0-9_])([Ss]um|[Pp]rod)(?:\s*_(?![A-Za-z]{2})|\s+(?!of\b)"
                       r"(?=[A-Za-z0-9(\[{√α-ωΑ-Ω|]))")  # (not sum_of_squares, the sum of …)
# E[x], E[(X - μ)^2]: an expectation, not Euler's number times a bracket
_EXPECTATION = re.compile(r"(?<![A-Za-z_])E\s*\[")


def subscript_error(text: str, start: int, at: int) -> ParseError:
    """The error for a name's ``_`` at ``at`` (the name from ``start``) that no subscript the
    language reads follows: none (``x_``), or a bracket holding more than letters and digits
    (an RNN's ``h_{t-1}``, said as such)."""
    close = text.find("}", at) if text[at + 1:at + 2] == "{" else -1
    if close > at + 2:
        inside, name = text[at + 2:close], text[start:at]
        return ParseError(f"the subscript {{{inside}}} is not a name's: a subscript is letters "
                          "and digits", text, at + 1, close + 1,
                          hint=f"name it as one variable: {name}_prev or {name}_{{tm1}} for "
                               f"{name}_{{t-1}}, {name}_{{12}} for a number")
    return ParseError(f"a subscript is missing after {text[start:at + 1]!r}", text, at + 1,
                      at + 2, hint="write x_1, x_{12} or log_2(x)")


def no_trace(text: str, declared=None) -> None:
    """Refuse ``tr(…)``, a matrix's trace, which read as t·r·(…): matrix calculus is
    ``grad``'s (it reads tr). Unless t and r are declared variables (``--vars t,r,x``)."""
    if "r" not in text or (declared and {"t", "r"} <= declared):
        return
    m = _TRACE.search(text)
    if m:
        capital = any(c.isupper() for c in text[m.end():m.end() + 40])  # tr(A X), not tr(x)
        raise ParseError(f"{m.group(1)}(…) is the trace of a matrix, which only calcdiff grad "
                         "differentiates", text, m.start(1), m.end(1),
                         hint=f'run calcdiff grad "{text.strip()}" (with -x for the matrix '
                              "it is by)" if capital else "the trace takes a matrix (a capital "
                              "letter, tr(X)); for the product of t, r and a bracket write "
                              "t r (…), or declare --vars t,r")


def no_sum_or_expectation(text: str, declared=None) -> None:
    """Refuse ``Σ`` written before a term and ``E[…]``: a sum (with its index) and an
    expectation, which are not part of the language, read as a variable Sigma times the
    term and as e·[…] they gave silently wrong derivatives. A declared Sigma or E stays a
    variable (``--vars Sigma,x``)."""
    if "Σ" in text and not (declared and any(d.startswith("Sigma") for d in declared)):
        m = _SUM_SIGN.search(text)
        if m:
            raise ParseError("Σ before a term is a sum, which is not part of the language",
                             text, m.start(), m.start() + 1,
                             hint="write the terms out (y_1 + y_2 + y_3), or declare --vars "
                                  "Sigma for a variable")
    m = _SUM_WORD.search(text) if "um" in text or "rod" in text else None
    if m and not (declared and (m.group(1).lower() in declared or set(m.group(1)) <= declared)):
        sum_ = m.group(1).lower() == "sum"  # sum_i w_i^2: s·u·m_i·w_i², silently
        raise ParseError(f"{m.group(1)} before a term is {'a sum' if sum_ else 'a product'} over "
                         "an index, which is not part of the language", text, m.start(),
                         m.end(1), hint="write the terms out, as w_1^2 + w_2^2 + w_3^2" if sum_
                         else "write the factors out, as x_1 x_2 x_3")
    if "E" in text and "[" in text and not (declared and "E" in declared):
        m = _EXPECTATION.search(text)
        if m:
            raise ParseError("E[…] is an expectation, which is not part of the language",
                             text, m.start(), m.end(),
                             hint="write the average out, or e*(…) for Euler's number times "
                                  "a bracket")
