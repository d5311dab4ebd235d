"""Derivative requests written inside the input, as batch lines carry them: Leibniz
(``d/dx``, ``d²y/dx²``, ``∂²f/∂x∂y``, ``... of z = ...``), ``diff(f, x, n)``, and
definitions (``f(x) = 3x^2 - 4x``) read as their right-hand side."""

from __future__ import annotations

import re

from calcdiff.deep import call_deep
from calcdiff.errors import CalcdiffError, ParseError
from calcdiff.greek import SPELLING as GREEK_SPELLING
from calcdiff.limits import check_order, check_order_text
from calcdiff.read.latex import is_latex, latex_aware, translate
from calcdiff.read.brackets import closing_bracket
from calcdiff.read.lexer import fold
from calcdiff.read.orders import DERIVATIVE_WORD, ORDINAL, ordinal_order, superscript_digits
from calcdiff.read.definitions import DEFINITION, VAR_NAME as _VAR_NAME, variable_name
from calcdiff.read.parser import BRACKETS, _parse
from calcdiff.read.leibniz import (ASCII_HEAD as _ASCII_HEAD, LEIBNIZ_DEN as _LEIBNIZ_DEN,
                                   operand_closes_early, no_second_differential,
                                   LEIBNIZ_HEAD as _LEIBNIZ_HEAD, ORDER_PATTERN as _ORDER,
                                   ascii_head as _ascii_head, bare_quotient, denominator_at,
                                   extra_differentials, no_whole_order as _no_whole_order)
from calcdiff.read.primes import (PRIME_HEAD, bracket_primes, parse_at, primed_bracket,
                                  primes)
from calcdiff.read.point_reading import with_point
from calcdiff.read.point_words import (AT_WORDS, BAR_END, BAR_HERE, BAR_WORDS, VALUE,
                                       bare_values, loose_point, not_in_a_bracket, point_after)
from calcdiff.read.reading import Coordinates, Note, Reading
from calcdiff.read.wrt_words import times, wrt_tail
from calcdiff.read.resolve import GREEK_NAMES
from calcdiff.undefined import PRIME_MARKS



_LETTERS = re.compile(r"[A-Za-z]+")


# f(x) = ..., f(x, y) = ..., y = ...: a definition, whose right-hand side is the expression


def parse_request(text: str, vars=None, table=None, names=None) -> Reading:
    """Parse an input that may carry its own derivative request.

    Returns a :class:`Reading` whose ``wrt`` is the list of variables to differentiate by,
    in order (``("x", "x")`` for a second derivative), or None when the input is a plain
    expression.
    """

    typed, text = text, as_read(text)
    try:
        reading = call_deep(latex_aware, _parse_request, text, vars, table, names)
    except CalcdiffError as exc:
        if text is not typed and exc.text == text:
            exc.text = typed
        raise
    if text is not typed and reading.text == text:
        reading.text = typed  # the echo shows what was typed
    return reading


def as_read(text: str) -> str:
    """``text``, or its characters folded (:func:`calcdiff.read.lexer.fold`: 𝑑/𝑑𝑥 𝑥³, 𝑓(𝑥) =
    𝑥², y’ = x^3, derivative of 𝑥³ with respect to 𝑥, x² + y² ＝ 25) where the folded text
    is written as a request, a definition or an equation: then its heads and words are found
    as the lexer reads its letters. The columns stay; a plain expression keeps what was typed
    for its notes."""
    plain = fold(text)
    if plain is not text and (is_request(plain) or DEFINITION.match(plain)
                              or ("=" in plain and "=" not in text)):  # ＝: an equation
        text = plain
    m = _BRACKETED_OPERATOR.match(text)  # (d/dy)(x^2 y): the operator's brackets blanked
    if m is None:
        return text
    return f"{text[:m.start(1)]} {text[m.start(1) + 1:m.end(1) - 1]} {text[m.end(1):]}"


_ORDER_MARK = r"(?:\^\s*[0-9]+|[²³⁴])?"
_BRACKETED_OPERATOR = re.compile(r"\s*(\(\s*[d∂]" + _ORDER_MARK + r"\s*/\s*[d∂]\s*" + _VAR_NAME
                                 + _ORDER_MARK + r"\s*\))")


# ∇f of …, ∇(x^2 y), ∇ x^2 y: the gradient
_NABLA = re.compile(r"^\s*∇\s*(?:(" + _VAR_NAME + r")\s*(?:\(([^()]*)\))?\s*(?:of|for)\s)?")

# D_x (…), D_x^2 f: the operator D; ∂_x, \partial_x (the physicist's partial) alike
_D_OPERATOR = re.compile(r"^\s*(?:D|∂|\\partial)\s*_\s*(?:\{\s*(" + _VAR_NAME + r")\s*\}|("
                         + _VAR_NAME + r"))(?:\s*\^\s*\{?\s*([0-9]+)\s*\}?)?\s*")


# diff(f, x), and Mathematica's D[f, x]
_DIFF_CALL = re.compile(r"^\s*(?:diff\s*\(|D\s*\[)")


def _mid_wrt(group: str) -> str:
    """The variable between a request's words and "of" ("derivative with respect to t of
    t^3"), at ``group``."""
    return (r"(?:\s+(?:with\s+respect\s+to|w\.?\s?r\.?\s?t\.?)\s+(?P<" + group + ">"
            + _VAR_NAME + r")(?=[\s:]))?")


# (a colon may end the words: "Differentiate: x^3")
# "the derivative of …", "find the second derivative of …", "differentiate …", "diff …"
_ENGLISH = re.compile(
    r"^\s*(?:(?:please\s+)?(?:find|compute|calculate|evaluate|give|what\s+is|what'?s)\s+)?"
    r"(?:(?:the|a)\s+)?(?:(" + ORDINAL + r")\s+)?"
    r"(?:(?:" + DERIVATIVE_WORD + r"|partial)" + _mid_wrt("mid")
    + r"(?:\s*:\s*|\s+(?:of(?:\s*:?\s+|\s*$))?|\s*$)|"
    r"(?:implicitly\s+)?(?:differentiate|derive|diff)(?:\s+implicitly)?" + _mid_wrt("by")
    + r"(?:\s*:\s*|\s+(?:of(?:\s*:?\s+|\s*$))?|\s*$))", re.I)
_FIND = re.compile(r"^\s*(?:please\s+)?(?:find|compute|calculate|evaluate|what\s+is|what'?s)"
                   r"\s+(?:the\s+)?(?=[d∂D]|[A-Za-z]\w*\s*[" + PRIME_MARKS + "])",
                   re.I)  # "find dy/dx of …", "find f'(x) if f(x) = …"
def is_request(text: str) -> bool:
    """Whether ``text`` is written as a request -- an evaluation bar, ∇, D_x, primes
    (``y' = …``), a Leibniz head (``d/dx``, ``\\frac{d}{dx}``) or ``diff(…)`` -- by the same
    tests :func:`parse_request` dispatches on (so an ``=`` inside one is not an equation)."""
    if is_latex(text):
        try:
            text = translate(text).text
        except CalcdiffError:
            return False
    if _bar(text) is not None or _NABLA.match(text) or PRIME_HEAD.match(text) \
            or bracket_primes(text):
        return True
    if _d_operator(text) is not None:
        return True
    m = _LEIBNIZ_HEAD.match(text)
    if m and (m.group(2) or m.group(3) or _LEIBNIZ_DEN.match(text, m.end())):
        return True
    if _ascii_head(text) is not None:
        return True
    if _ENGLISH.match(text) or _FIND.match(text) or wrt_tail(text):
        return True
    return _DIFF_CALL.match(text) is not None or _d_of(text) is not None


def _bar(text: str):
    """The evaluation bar that ends ``text`` (``|_{x=1}``), or None (``|x|_{x=1}`` has none)."""
    bar = BAR_END.search(text)
    if (bar and text.count("|", 0, bar.start()) % 2 == 0
            and not BAR_HERE.match(text, _leibniz_head_end(text))):
        return bar
    return None


def _parse_request(text, vars, table, names):
    bar = _bar(text)
    at = None if bar is not None or "=" not in text else _at_words(text)
    if bar is None and at is None and ("|" in text or "at" in text or "when" in text):
        loose_point(text)
    if bar is not None or at is not None:
        # d/dx (x^2)|_{x=1}, d/dx x^2 at x = 1: the point, and the text before it (|x|_{x=1}
        # is not a bar)
        where = bar or at
        not_in_a_bracket(text, where.start(), len(text.rstrip()))
        blanked = text[:where.start()] + " " * (len(text) - where.start())
        if at is not None and ("=" in blanked and _at_words(blanked) or _bar(blanked)):
            raise ParseError("the point is given twice", text, where.start(), len(text),
                             hint="give one point: … at x = 1, y = 2")
        try:
            reading = _parse_request(blanked, vars, table, names)
        except CalcdiffError as exc:
            if exc.text is not None and len(exc.text) == len(text):
                exc.text = text  # the text before the bar, padded to keep its columns
            raise
        return with_point(reading, text, where, vars, table, names,
                           BAR_WORDS if bar is not None else AT_WORDS)
    m = _NABLA.match(text)
    if m:
        return _nabla(text, m, vars, table, names)
    m = _d_operator(text)
    if m is not None:
        operand_closes_early(text, m.end(), text[:m.end()].strip())
        var = m.group(1) or m.group(2)
        reading = _body(text, m.end(), len(text), vars, table, names)
        return _requested(reading, (_variable(var),) * int(m.group(3) or 1),
                          text[:m.end()].strip(), m.end())
    m = PRIME_HEAD.match(text)
    if m:
        return primes(text, m, vars, table, names)
    m = bracket_primes(text)
    if m:
        return primed_bracket(text, m, vars, table, names)
    _no_whole_order(text)
    m = _LEIBNIZ_HEAD.match(text)
    if m and (m.group(2) or m.group(3) or _LEIBNIZ_DEN.match(text, m.end())):
        return _leibniz(text, m, vars, table, names)
    m = _ascii_head(text)
    if m is not None:
        return _leibniz(text, m, vars, table, names)
    if _DIFF_CALL.match(text):
        return _diff_call(text, vars, table, names)
    d_of = _d_of(text)
    if d_of is not None:
        return _leibniz_of(text, d_of, vars, table, names)
    bare = bare_quotient(text, vars)
    if bare is not None:  # dx^2/dx: d(x^2)/dx
        head, slash, den = bare
        wrt, end = _denominator(text, head, den, True, vars)
        extra_differentials(text, end, len(wrt))  # dx^2/dx dx: the order is 1
        reading = _body(text, head.end(), slash, vars, table, names)
        return _requested(reading, wrt, f"{text[:head.end()].strip()}(…){text[slash:].strip()}",
                          len(text))
    m = _ENGLISH.match(text) or _FIND.match(text)
    tail = wrt_tail(text)
    if m or tail:
        return _english(text, m, tail, vars, table, names)
    return _parse(text, vars, table, names)


def _english(text, m, tail, vars, table, names) -> Reading:
    """"the (second) derivative of f", "differentiate f", "f with respect to x": a request
    in words (its letters would be read as a product d*e*r*i*v*…)."""
    start = m.end() if m else 0
    end = tail.start() if tail else len(text.rstrip().rstrip("?").rstrip()) if m else len(text)
    if not text[start:end].strip():
        raise ParseError("the derivative request has no expression after it", text, end,
                         end + 1)
    reading = _body(text, start, end, vars, table, names)
    english = m is not None and m.re is _ENGLISH
    ordinal = m.group(1) if english and m.group(1) else ""
    order = ordinal_order(ordinal, text, m.start(1) if ordinal else 0)
    if times(tail) > 1 and ordinal:  # the second derivative … twice: which order?
        raise ParseError("the order is given twice, by an ordinal and by how many times",
                         text, tail.start("times"), tail.end("times"),
                         hint=f"give it once: the {ordinal} derivative of …, or differentiate "
                              "… with respect to x twice")
    order *= times(tail)
    mid = (m.group("mid") or m.group("by")) if english else None
    if mid and tail:
        raise ParseError("the variable is given twice", text, tail.start(), len(text),
                         hint=f"give it once: derivative with respect to {mid} of …")
    own = (_variable(tail.group(2)),) * order if tail else (
        (_variable(mid),) * order if mid else ())
    if reading.wrt:  # find dy/dx of …: the inner request's own differentiations come first
        own = tuple(reading.wrt) + own
    reading.wrt, reading.order = own, order
    said = " and ".join(repr(part.strip()) for part in (
        text[:start] if m else "", text[end:] if tail else "") if part.strip())
    what = (f"by {', '.join(own)}" if own else
            f"{order} times by the default variable" if order > 1 else
            "by the default variable")
    reading.notes.insert(0, Note("leibniz", f"{said} read as a request: differentiate {what}",
                                 0, start))
    return reading


# d(x^2)/dx, d[sin x]/dx, d²(f)/dx², ∂(x y)/∂y: the function in brackets between d and /
_D_OF = re.compile(r"^\s*([d∂])" + _ORDER + r"\s*[(\[]")


def _d_of(text: str):
    """``(d-head match, index of the bracket's close)`` when ``text`` opens with d( … )/dx."""
    m = _D_OF.match(text)
    if not m:
        return None
    i = closing_bracket(text, m.end() - 1)
    if i is None:
        return None
    slash = re.compile(r"\s*/\s*").match(text, i + 1)
    return (m, i) if slash and denominator_at(text, slash.end()) else None


def _leibniz_of(text, d_of, vars, table, names) -> Reading:
    """``d(f)/dx``: the Leibniz quotient with the function written in the numerator."""
    m, close = d_of
    open_at = m.end() - 1
    wrt, pos = _denominator(text, m, re.compile(r"\s*/\s*").match(text, close + 1).end(),
                            True, vars)
    if text[pos:].strip():
        at = pos + len(text[pos:]) - len(text[pos:].lstrip())
        raise ParseError("unexpected text after the derivative d(…)/dx", text, at, at + 1,
                         hint="write the whole function inside d( … )")
    reading = _body(text, open_at + 1, close, vars, table, names)
    return _requested(reading, wrt, f"{text[:open_at].strip()}(…){text[close + 1:pos].strip()}",
                      pos)


_variable = variable_name


def _leibniz_head_end(text: str) -> int:
    """Where a Leibniz head (d/dx, dy/dx) ends, or -1 when the text has none."""
    m = _LEIBNIZ_HEAD.match(text)
    if not m:
        return -1
    pos = m.end()
    while True:
        d = _LEIBNIZ_DEN.match(text, pos)
        if not d:
            return pos
        pos = d.end()


def _nabla(text, m, vars, table, names) -> Reading:
    if not text[m.end():].strip():
        raise ParseError("∇ needs an expression after it", text, len(text), len(text) + 1,
                         hint="write ∇(x^2 y) or ∇f of x^2 y")
    reading = parse_at(text, m.end(), vars, table, names)
    reading.operator = "gradient"
    values = bare_values(m.group(2) or "")
    if m.group(2) and all(VALUE.fullmatch(v) for v in values):  # ∇f(1, 2) for f = …: a point
        reading.coordinates = Coordinates(values, m.start(2) - 1, m.end(2) + 1, m.start(2) - 1)
    head = re.sub(r"\s+(of|for)$", "", text[:m.end()].strip())
    reading.notes.insert(0, Note("nabla", f"{head} read as the gradient (calcdiff grad)",
                                 0, m.end()))
    return reading


def _order(m, g1, g2) -> int:
    """The order written at groups g1 (digits) or g2 (superscripts), within the order limit
    before it becomes a number (d^10000000/dx^10000000 stops here)."""
    if m.group(g1):
        return check_order_text(m.group(g1), m.string, m.start(g1))
    if m.group(g2):
        return check_order_text(superscript_digits(m.group(g2)), m.string, m.start(g2))
    return 1


def _at_words(text: str):
    """The words of a point ending ``text`` (a match whose group 1 is its values), or None.
    After a bare request (find dy/dx when …, if …), values that hold a letter define (when
    y = x^3), and the numbers after them are the point (… and x = 2)."""
    asked = _ASKED.match(text)
    of = _OF.match(text, asked.end()) if asked else None
    if of is None or of.group(0).strip() == ":":  # y = x^3 and x = 2 (words blanked)
        defined = DEFINITION.match(text)
        return point_after(text, defined.start(1) if defined else None)
    return point_after(text, of.end())


_ASKED = re.compile(r"\s*(?:(?:find|compute|calculate|what\s+is|what'?s)\s+)?(?:the\s+)?"
                    r"[dD∂]\S*\s*/\s*[d∂]\S*\s*", re.I)  # a request, no expression after it
_OF = re.compile(r"\s*(?:(?:of|for|if|given|when|where)\s|:)")  # d/dx: x^3, as "Differentiate:"


def _leibniz(text, head, vars, table, names) -> Reading:
    explicit = bool(head.group(2) or head.group(3))
    wrt, pos = _denominator(text, head, head.end(), explicit, vars)
    head_end = pos
    bar = BAR_HERE.match(text, pos)  # dy/dx|_{x=1} of y = x^3
    if bar:
        pos = bar.end()
    # dy/dx of x^3, ∂z/∂x of z = 3x^2 + xy, dy/dx if y = x^3
    of = _OF.match(text, pos)
    if of:
        pos = of.end()
    if not text[pos:].strip():
        raise ParseError("the derivative request has no expression after it", text,
                         len(text), len(text) + 1)
    operand_closes_early(text, pos, text[:head_end].strip())
    no_second_differential(text, head_end, text[:head_end].strip(), vars)
    reading = _body(text, pos, len(text), vars, table, names)
    if bar:
        with_point(reading, text, bar, vars, table, names)
    return _requested(reading, wrt, text[:head_end].strip(), head_end)


def leibniz_name(text: str, vars=None) -> tuple[str, ...] | None:
    """The variables (one per differentiation, in order) of a derivative written by its
    Leibniz name alone, the function after it left out -- ``dy/dx``, ``d^2y/dx^2``,
    ``d2y/dx2``, ``∂²f/∂x∂y``, ``\\frac{d^2y}{dx^2}``, as the left side of an answer
    ``dy/dx = 2x`` -- read by the head and denominator of a request; else None."""
    if is_latex(text):
        try:
            text = translate(text).text
        except CalcdiffError:
            return None
    head = _LEIBNIZ_HEAD.match(text)
    if head is None or not (head.group(2) or head.group(3)
                            or _LEIBNIZ_DEN.match(text, head.end())):
        head = _ascii_head(text)
    if head is None:
        return None
    try:  # as _leibniz reads a request's head
        wrt, end = _denominator(text, head, head.end(), bool(head.group(2) or head.group(3)),
                                vars)
    except CalcdiffError:
        return None
    return wrt if not text[end:].strip() else None


def _denominator(text, head, pos, explicit, vars) -> tuple[tuple[str, ...], int]:
    """The variables of a Leibniz denominator at ``pos`` (``dx``, ``dx^2``, ``∂x ∂y``) for the
    ``head`` match (its symbol at group 1, its order at groups 2 and 3; ``explicit``: an
    order was written, so the denominator must reach it), in the order they act (the one
    next to f first: ∂²/∂x∂y f = ∂/∂x (∂f/∂y)), and where the denominator ends."""
    total = _order(head, 2, 3)
    wrt: list[str] = []
    known = None  # the declared and Greek names, gathered only for a run of letters
    while not wrt or (explicit and len(wrt) < total):
        m = denominator_at(text, pos)
        if not m:
            raise ParseError(
                f"expected {head.group(1)}x after '/' in the derivative request", text, pos,
                pos + 1, hint="write d/dx f, d^2/dx^2 f, ∂/∂y f or d(f)/dx",
            )
        name, end, count = m.group(2), m.end(), _order(m, 3, 4)
        if head.re is _ASCII_HEAD and not wrt:  # dx2 of d2/dx2 (or dx^2 of d2/dx^2): x, twice
            name, count = (name if m.group(3) or m.group(4) else name[:-len(head.group(2))],
                           total)
        elif explicit and not wrt and count == 1 and total > 1 and name[-1].isdigit() \
                and name.endswith(str(total)) and name[:-len(str(total))].isalpha():
            name, count = name[:-len(str(total))], total  # dx2 of d^2/dx2: x, twice
        run = _LETTERS.match(name) if len(name) > 1 else None  # x: one letter, no longer run
        if run and len(run.group(0)) > 1 and known is None:
            known = set(vars or ()) | GREEK_NAMES | set(GREEK_SPELLING)
        if run and len(run.group(0)) > 1 and run.group(0) not in known:
            # 'd/dxsin(x)': the variable is the longest declared or Greek prefix, else a letter
            cands = [v for v in known if run.group(0).startswith(v)]
            name = max(cands, key=len) if cands else run.group(0)[0]
            end, count = m.start(2) + len(name), 1
        check_order(len(wrt) + count, text, m.start(), end)  # d/dx d/dx ... counts too
        wrt += [_variable(name)] * count
        pos = end
    if len(wrt) != total:
        raise ParseError(
            f"the request's order {total} does not match its denominator "
            f"({len(wrt)} differentiations)", text, head.start(1), pos,
        )
    return tuple(reversed(wrt)) if len(set(wrt)) > 1 else tuple(wrt), pos


def _requested(reading: Reading, own, said: str, end: int) -> Reading:
    """``reading`` asked to be differentiated by ``own`` after the differentiations of a
    request nested inside it (``d/dx d/dy f``: y, then x), with the note on ``said``."""
    reading.wrt = tuple(reading.wrt or ()) + tuple(own)
    reading.notes.insert(0, Note("leibniz", f"{said} read as a request: differentiate by "
                                 f"{', '.join(own)}", 0, end))
    return reading


def _body(text, start, end, vars, table, names) -> Reading:
    """What a request differentiates, ``text[start:end]`` (columns kept): itself a request
    (``d/dx d/dx x^3``, ``d/dx (d/dy f)``, ``diff(diff(f, x), y)``) is read as one, so that
    its differentiations come first in ``wrt``; else a plain expression."""
    padded = " " * start + text[start:end]
    nested = _nested_request(padded, start)
    inner = None if nested is None else " " * nested[0] + padded[nested[0]:nested[1]]
    try:
        reading = None
        if inner is not None:
            reading = _parse_request(inner, vars, table, names)
            if not reading.wrt:  # an evaluation bar, ∇: read as written
                reading = None
        if reading is None:
            reading = _parse(padded, vars, table, names)
    except CalcdiffError as exc:
        if exc.text in (padded, inner):
            exc.text = text  # the whole input under the caret, its columns kept
            if exc.start is not None and text[exc.start:exc.start + 1] == "=" and \
                    text[exc.start + 1:].strip():  # dy/dx = : the right side is missing
                exc.hint = ("an equation that holds a derivative (dy/dx = x + y) is a "
                            "differential equation, which calcdiff does not solve; for the "
                            "derivative of an expression write d/dx (…)")
        raise
    reading.text = text
    return reading


def _nested_request(padded: str, start: int):
    """The span of a derivative request at ``padded[start:]``, alone or inside one pair of
    brackets that encloses the rest, or None."""
    a = start + len(padded[start:]) - len(padded[start:].lstrip())
    b = len(padded.rstrip())
    if (a < b and padded[a] in BRACKETS and padded[b - 1] == BRACKETS[padded[a]]
            and _starts_request(padded[a + 1:b - 1])
            and closing_bracket(padded, a) == b - 1):  # it closes at the end, not before
        return a + 1, b - 1
    if _starts_request(padded[a:b]):
        return a, b
    return None


def _starts_request(text: str) -> bool:
    """Whether ``text`` opens with d/dx (d^2/dx^2, ∂/∂y), D_x or diff(: an operator that
    differentiates what follows it (``d^2/x`` is a quotient; ``D_m t^2``, with no m after
    it, a constant D_m times t^2)."""
    # each of the four opens with a letter, ∂ or \partial: (23x^4y + 1) needs no match
    first = text.lstrip()[:1]
    if not (first.isalpha() or first == "∂" or first == "\\"):
        return False
    m = _LEIBNIZ_HEAD.match(text)
    if m and _LEIBNIZ_DEN.match(text, m.end()) or _ascii_head(text) is not None:
        return True
    if _d_operator(text) is not None or PRIME_HEAD.match(text):
        return True
    return _DIFF_CALL.match(text) is not None


_NAMES = re.compile(r"[A-Za-z]+[0-9]*(?:_\w+)?")


def _d_operator(text: str):
    """The match of the operator D_x at the start of ``text``, when an expression follows
    that holds its variable; else None (``D_m t^2`` is a constant D_m times t^2)."""
    m = _D_OPERATOR.match(text)
    if not m:
        return None
    var = _variable(m.group(1) or m.group(2))
    names = _NAMES.findall(text, m.end())  # x y, or a run xy read as x·y
    holds = var in names or (len(var) == 1 and any(var in n for n in names))
    return m if holds else None


def _diff_call(text, vars, table, names) -> Reading:
    m = _DIFF_CALL.match(text)
    opening = text[m.end() - 1]
    said = f"{text[m.start():m.end() - 1].strip()}{opening}...{')' if opening == '(' else ']'}"
    # find the matching bracket of the call, then split its top-level commas
    close = closing_bracket(text, m.end() - 1)
    if close is None:
        raise ParseError(f"unclosed '{opening}' in {said}", text, m.end() - 1, m.end())
    if text[close + 1 :].strip():
        raise ParseError(f"unexpected text after {said}", text, close + 1, close + 2,
                         hint="the request takes the whole line: write the sum inside it")
    parts = []
    depth = 0
    start = m.end()
    for i in range(m.end(), close):
        c = text[i]
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif c == "," and depth == 0:
            parts.append((start, i))
            start = i + 1
    parts.append((start, close))
    fs, fe = parts[0]
    if not text[fs:fe].strip():
        raise ParseError(f"{said} needs an expression", text, fs, fs + 1)
    reading = _body(text, fs, fe, vars, table, names)
    inner = tuple(reading.wrt or ())
    wrt: list[str] = []
    for ps, pe in parts[1:]:
        piece = text[ps:pe].strip()
        col = ps + (len(text[ps:pe]) - len(text[ps:pe].lstrip()))
        if re.fullmatch(r"[0-9]+", piece):
            if not wrt:
                raise ParseError("an order must follow a variable", text, col, col + 1)
            n = check_order_text(piece, text, col)
            if n < 1:
                raise ParseError("the order must be at least 1", text, col, col + len(piece))
            check_order(len(wrt) + n - 1, text, col, col + len(piece))
            wrt += [wrt[-1]] * (n - 1)
        elif re.fullmatch(_VAR_NAME, piece):
            wrt.append(variable_name(piece))
        elif re.fullmatch(r"\{\s*" + _VAR_NAME + r"\s*,\s*[0-9]+\s*\}", piece):
            name, n = piece[1:-1].split(",")  # Mathematica's {x, 2}
            if int(n) < 1:
                raise ParseError("the order must be at least 1", text, col, col + len(piece))
            check_order(len(wrt) + int(n), text, col, col + len(piece))
            wrt += [variable_name(name.strip())] * int(n)
        else:
            raise ParseError(f"expected a variable or an order, got {piece!r}", text, col,
                             col + max(1, len(piece)))
    if inner and not wrt:
        raise ParseError(f"{said} around another derivative needs its own variable", text,
                         m.start(), fs, hint="write diff(diff(f, x), y)")
    reading.wrt = inner + tuple(wrt)
    reading.notes.insert(0, Note("leibniz", f"{said} read as a derivative request", 0, fs))
    return reading
