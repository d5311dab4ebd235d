"""Parts of the parser kept beside it (read/parser.py is near the size limit): a function's
power (``sin^2 x``, ``sin^{-1} x``) and its superscript lost in copying (``sin-1(x)``), the
quotient a number alone before / takes as a function's argument (``ln 1/x``), and the error
at a token the grammar does not expect; and bars: an absolute value, a norm."""

from __future__ import annotations

import re

from calcdiff.read.lexer import SUPERSCRIPTS
from calcdiff.tree.nodes import Call, Sym
from calcdiff.tree.printer import to_plain


def function_power(p, ftok) -> int:
    """The power written after the function ``ftok`` at the parser ``p``'s caret (``sin^2 x``,
    ``sin^{-1} x``): a whole number, or -1 for the inverse; ``p`` then stands after it."""
    caret = p.advance()
    closers = None
    if p.at_op("(", "{"):
        closers = ")" if p.advance().text == "(" else "}"
    sign = 1
    if p.at_op("-"):
        p.advance()
        sign = -1
    t = p.tok
    if t.kind != "NUM" or t.value.denominator != 1:
        raise p.error(
            f"expected a whole number after {ftok.source}^ (a function power like "
            f"{ftok.source}^2 x)",
            hint=f"write {ftok.source}(x)^... for other powers",
        )
    p.advance()
    if closers:
        if not p.at_op(closers):
            raise p.error(f"expected {closers!r}")
        p.advance()
    n = sign * int(t.value)
    if n == -1 or n >= 1:
        return n
    raise p.error(
        f"{ftok.source}^{n}: a function power must be a positive whole number, or -1 for "
        "the inverse", t, start=caret.start, end=t.end,
    )


def quotient_follows(p) -> bool:
    """At the parser ``p``'s token: a / written against the number before it and the factor
    after it, that factor not a number (``ln 1/x``; not ``ln 2/3``, not ``ln 1 / x``)."""
    slash, after = p.tok, p.peek()
    return (slash.kind == "OP" and slash.text == "/"
            and p.toks[p.i - 1].end == slash.start and after.start == slash.end
            and after.kind != "NUM" and p.starts_factor(after))


_THOUSANDS = re.compile(r"[1-9][0-9]{0,2}(?:,[0-9]{3})+(?![0-9])")  # (0,125: a decimal)


def _number_start(text: str, i: int) -> int:
    """Where the run of digits and commas ending before ``i`` starts."""
    while i > 0 and (text[i - 1].isdigit() or text[i - 1] == ","):
        i -= 1
    return i


def unexpected_token(p):
    """The error at the parser ``p``'s token, which the grammar does not expect there."""
    t = p.tok
    if t.kind == "OP" and t.text in ")]}":
        before = p.toks[p.i - 1] if p.i else None
        if before is not None and before.kind == "OP" and before.text in "+-*/^·×":
            # (x+), \frac{1}{x+}: the bracket is open, the term after the sign is missing
            return p.error(f"a term is missing after {before.source or before.text!r}: the "
                           "bracket closes here")
        return p.error(f"unmatched {t.text!r}: there is no bracket open here")
    if t.kind == "OP" and t.text == "|":
        return p.error("unmatched '|'")
    if t.kind == "OP" and t.text == ",":
        text, i = p.text, t.start
        decimal = 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit()
        thousands = _THOUSANDS.match(text, _number_start(text, i))
        hint = ("write a decimal with a point: 0.5, not 0,5" if decimal else None)
        if thousands and thousands.end() > i:  # 1,000x: a thousands separator
            whole = thousands.group(0)
            hint = f"for the number write {whole.replace(',', '')}" + (
                f"; for a decimal a point: {whole.replace(',', '.')}" if whole.count(",") == 1
                else "")
        return p.error("unexpected ',': commas separate the arguments of a function", hint=hint)
    return p.error(f"unexpected {describe_token(t)}")


def describe_token(tok) -> str:
    """How an error names a token: "end of input", "number '2'", "function 'sin'"."""
    if tok.kind == "END":
        return "end of input"
    if tok.kind == "NUM":
        return f"number {tok.source!r}"
    if tok.kind == "FUNC":
        return f"function {tok.source!r}"
    return f"{tok.source or tok.text!r}"


def lost_superscript(parser, ftok, inverse: str) -> None:
    """``sin-1(x)``, ``tan−1 x``: sin⁻¹ copied from a page without its superscript. Read as
    written it is sin(−1·x), which nobody means: an error naming both readings."""
    toks, i = parser.toks, parser.i
    if i + 2 >= len(toks):
        return
    sign, one, after = toks[i], toks[i + 1], toks[i + 2]
    if (sign.kind == "OP" and sign.text == "-" and sign.start == ftok.end
            and one.kind == "NUM" and one.text == "1" and one.start == sign.end
            and (after.kind in ("NAME", "VAR", "FUNC", "CONST")
                 or (after.kind == "OP" and after.text in "([{"))):
        name = ftok.text
        raise parser.error(f"{parser.src(ftok.start, one.end)} reads as {name} of -1 times "
                           "what follows", ftok, start=ftok.start, end=one.end,
                           hint=f"for the inverse write {name}^-1(x) or {inverse}(x); for "
                                f"{name} minus 1 write {name}(x) - 1")


def parse_abs(p):
    """``|u|`` at the parser ``p``'s bar: abs(u). A norm, ``||u||`` or ``‖u‖``, is the same
    for a scalar u (not abs(abs(u))), said as a norm in its note: a vector's norm is
    calcdiff grad's (``--vector u:n``)."""
    open_tok = p.advance()
    p.enter()
    p.abs_depth += 1
    if p.at_op("|") and p.peek().kind == "END":
        raise p.error("empty absolute value bars ||")
    inner = p.parse_sum()
    p.abs_depth -= 1
    if not p.at_op("|"):
        if p.tok.kind == "END":
            raise p.error("unclosed '|': expected a closing '|'", open_tok)
        raise p.error(f"unexpected {describe_token(p.tok)}: expected a closing '|'")
    close = p.advance()
    p.depth -= 1
    doubled = (type(inner) is Call and inner.func == "abs"
               and p.spans.get(id(inner)) == (open_tok.end, close.start))
    node = inner if doubled else Call("abs", (inner,))
    said = f"{p.src(open_tok.start, close.end)} read as {to_plain(node)}"
    if doubled or open_tok.source == "‖":  # ||x||, ‖x‖: a norm
        if doubled:  # one note for both pairs of bars
            p.notes[:] = [n for n in p.notes if not (n.kind == "absolute-bars" and (
                n.start, n.end) == (open_tok.end, close.start))]
        u = inner.args[0] if doubled else inner
        said += (", the norm of a scalar (a vector's norm is calcdiff grad's, with --vector "
                 f"{u.name if type(u) is Sym else 'x'}:n)")
    p.note("absolute-bars", said, open_tok.start, close.end)
    return p.mark(node, open_tok.start, close.end)


def power_like(k, over) -> bool:
    """Whether ``x^k/over`` looks like a fractional power written without brackets: k = ±1
    (x^1/2) or a negative k (x^-3/2, x^-2/3: (x^-3)/2 is rarely meant); not x^3/2 or x^2/4,
    a polynomial's terms."""
    return abs(k) == 1 or (over.kind == "NUM" and k.denominator == 1 and k < 0)


# {(2)}, {[l]}, [2]: a superscript in brackets holding a number or one letter (a layer's or
# a step's index in deep-learning texts; e^{(2x)} is a power)
BRACKETED_INDEX = (r"(?:\{\s*[(\[]\s*([0-9]+|[A-Za-z])\s*[)\]]\s*\}"
                   r"|\[\s*([0-9]+|[A-Za-z])\s*\])")
# the same raised: a⁽²⁾, w⁽ᵗ⁾ (the superscript's own brackets)
RAISED_INDEX = "⁽([⁰¹²³⁴⁵⁶⁷⁸⁹]+|[" + "".join(k for k, v in SUPERSCRIPTS.items()
                                            if v.isalpha()) + "])⁾"
_BRACKETED_SUPERSCRIPT = re.compile(r"\s*(?:" + BRACKETED_INDEX + "|" + RAISED_INDEX
                                    + r")\s*$")


def bracketed_superscript(p, start: int, caret, end: int) -> None:
    """A note for ``a^{[2]}``, ``z^{(1)}``, ``w^{(t)}`` (the parser ``p`` read the power from
    ``start`` to ``end``, its caret ``caret``): a power, read as written, though deep-learning
    texts write a layer's or a step's index so."""
    m = _BRACKETED_SUPERSCRIPT.match(p.src(caret.end, end))
    base = p.src(start, caret.start).strip()
    # e^{(x)}: Euler's number to the power x, no index; an index is a name's (not 2⁽ˣ⁾'s)
    if m and base != "e" and re.fullmatch(r"[^\W\d]\w*", base):
        index = m[1] or m[2] or "".join(SUPERSCRIPTS[c] for c in m[3])
        p.note("bracketed-superscript", f"{p.src(start, end)} read as the power {base}^{index}; "
               f"for a layer's or a step's index write {base}_{index}", start, end)


def spaced_after_bracket(p, t) -> bool:
    """Whether the number ``t`` follows a closing bracket after a space: a factor, as a
    student writes a chain rule's answer (``cos(x^3) 3x^2``). Without the space, ``(x+1)2``
    stays an error (a product, or a lost ^?), as does ``x 2`` (x², or x₂?)."""
    prev = p.toks[p.i - 1]
    return (prev.kind == "OP" and prev.text in (")", "]", "}") and t.start > prev.end
            and p.text[prev.end:t.start].isspace())


# how a function of two arguments is written, for the error of a call with another number
_ARITY_EXAMPLES = {"root": " (root(x, n))", "log": " (log(x) or log(x, b))",
                   "atan2": " (atan2(y, x))", "hypot": " (hypot(x, y))"}


def wrong_arity(p, ftok, name: str, arity: tuple, count: int, end: int):
    """The parser ``p``'s error for ``name`` (the token ``ftok``, ending at ``end``) called
    with ``count`` arguments, not one of ``arity``, with its example and hint."""
    want = " or ".join(str(a) for a in arity)
    return p.error(f"{name} takes {want} argument{'s' if arity != (1,) else ''}"
                   f"{_ARITY_EXAMPLES.get(name, '')}, got {count}", ftok, start=ftok.start,
                   end=end, hint=_arity_hint(p.text, ftok, count))


def _arity_hint(text: str, ftok, count: int) -> str | None:
    """A hint for a call with the wrong number of arguments: ``root(x)``, ``sqroot(x)``
    (s·q·root: a root's name written out), ``cube root(x)``."""
    if ftok.text != "root" or count != 1:
        return None
    before = text[:ftok.start].rstrip().lower()
    if before.endswith("cube"):
        return "for the cube root write cbrt(x); root(x, n) is the n-th root"
    return "for the square root write sqrt(x); root(x, n) is the n-th root"


def number_after_number(p, t):
    """The error at the number ``t`` that follows another factor directly in the parser
    ``p`` (``2 3``, ``e⁻ˣ²``, ``1 1/2``, ``1 000``), with the hint for what was meant."""
    prev = p.toks[p.i - 1]
    typed = p.src(prev.start, prev.end)
    raised = typed[-1:] in SUPERSCRIPTS and t.source[:1] in SUPERSCRIPTS
    over = p.toks[p.i + 1:p.i + 3]  # 1 1/2: a mixed number
    mixed = prev.kind == "NUM" and over[0].text == "/" and over[1].kind == "NUM"
    grouped = (prev.kind == "NUM" and len(t.source) == 3 and t.source.isdigit()
               and p.text[prev.end:t.start] in THOUSANDS)
    if raised:  # e⁻ˣ²: a superscript's own power cannot be written raised
        hint = ("a raised exponent cannot hold a power of its own: write the exponent in "
                "brackets, as e^(-x^2)")
    elif mixed:
        hint = f"for a mixed number write ({typed} + {t.source}/{over[1].source})"
    elif grouped:  # 1 000 with a thin space: one number, its thousands set apart
        hint = f"for the number write {typed}{t.source}; for a product {typed}*{t.source}"
    else:
        hint = f"write {typed}*{t.source} for a product"
    return p.error(f"a number cannot follow {describe_token(prev)} directly", hint=hint)


# the spaces a typeset number sets its thousands apart with: thin, narrow no-break, no-break
THOUSANDS = frozenset(("\u2009", "\u202f", "\u00a0", " "))
