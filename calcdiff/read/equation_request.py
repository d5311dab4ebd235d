"""A request written around an equation, for implicit differentiation: "find dy/dx if
x^2 + y^2 = 25", "d/dx (x^2 + y^2 = 25)", "implicitly differentiate x y = 1",
"x^2 + y^2 = 25, find y''", "x^2 + y^2 = 25 wrt x".

:func:`equation_request` finds the words and where the equation lies; the equation is then
read with the words blanked out (``padded``), at its own columns, so that an error's caret
points into the whole input. Whether the part left is an equation (and not a definition,
``y = x^2``, which the request reader already reads) is the implicit module's decision."""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

from calcdiff.errors import ParseError
from calcdiff.limits import check_order_text
from calcdiff.read.definitions import VAR_NAME, variable_name
from calcdiff.read.latex import GREEK as LATEX_GREEK
from calcdiff.read.leibniz import order_pattern
from calcdiff.read.brackets import closing_bracket
from calcdiff.read.point_words import defines
from calcdiff.read.primes import POINT
from calcdiff.read.resolve import CONSTANTS
from calcdiff.read.orders import DERIVATIVE_WORD, ORDINAL, ordinal_order, superscript_digits
from calcdiff.read.wrt_words import times, wrt_tail
from calcdiff.undefined import (FUNCTION_LETTERS, ORDER, PRIME_MARKS, count_primes,
                                derivative_order)

def _order(tag: str) -> str:
    """An order written after d or dx (:func:`calcdiff.read.leibniz.order_pattern`), its
    digits at group ``tag``, its superscripts at ``tag_up``."""
    return order_pattern(tag, tag + "_up")


# what is asked: dy/dx (d^2y/dx^2, d²y/dx²), y' (y'', y′), d/dx, or words
_WHAT = (
    # d2y/dx2: the order in plain digits, the independent variable one letter carrying them
    r"(?:d(?P<a>[0-9]+)\s*(?P<adep>[A-Za-z])\s*/\s*d\s*(?P<aind>[A-Za-z])(?P=a)(?![0-9])"
    + r"|[d∂]" + _order("n") + r"\s*(?P<dep>" + VAR_NAME + r")\s*/\s*[d∂]\s*(?P<ind>"
    + VAR_NAME + r")" + _order("m")
    # ∂²f/∂x∂y, d^2z/dx dy: a mixed partial's other variables, each one letter (or a Greek
    # one, or one with a subscript) -- not a word that starts with d (… find dy/dx directly)
    + r"(?P<more>(?:\s*[d∂]\s*(?:[A-Za-zα-ω](?:_[A-Za-z0-9]+)?)(?![A-Za-z0-9_(]))*)"
    + r"|[d∂]" + _order("k") + r"\s*/\s*[d∂]\s*(?P<by>" + VAR_NAME + r")" + _order("j")
    # f_x, f_xy, f_{xx}: a partial derivative in subscripts, by each letter in turn
    + r"|(?P<sfun>[A-Za-z])_(?:\{(?P<subs>[a-z]{1,4})\}|(?P<subs2>[a-z]{1,4}))(?![A-Za-z0-9_(])"
    + r"|(?P<named>" + VAR_NAME + r")\s*(?P<primes>[" + PRIME_MARKS + r"]+|" + ORDER + ")"
    + r"(?:\s*\(\s*(?:(?P<arg>" + VAR_NAME + r")|(?P<point>" + POINT + r"))\s*\))?"
    # the derivative (the rate of change) of y with respect to x: dy/dx in words
    + r"|(?:(?P<wordinal>" + ORDINAL + r")\s+)?(?:" + DERIVATIVE_WORD + r")\s+of\s+(?P<wdep>"
    + VAR_NAME + r")(?:\s*,?\s*(?:w\.?\s?r\.?\s?t\.?|(?:with|w/)?\s*respect\s+to)\s+(?P<wind>"
    + VAR_NAME + r"))?(?=\s*(?:[,;:.?]|$)|\s+(?:if|given|when|where|for|at)\b)"
    + r"|(?:(?P<ordinal>" + ORDINAL + r")\s+)?"
    r"(?:" + DERIVATIVE_WORD + r")\b"
    r"|(?:implicitly\s+)?(?:differentiate|derive)\b(?:\s+implicitly\b)?)"
)
_ASK = (r"(?:(?:use|using)\s+implicit\s+differentiation\s*,?\s*(?:to\s+)?)?"  # Stewart's words
        r"(?:(?:please\s+)?(?:find|compute|calculate|determine|evaluate|get|give|what\s+is|"
        r"what'?s)\s+)?(?:(?:the|a)\s+)?")
# (\s*: an order's pattern ends in spaces, d^2y/dx^2 by …); "… of the function. f(x) = …"
_HOW = (r"(?:\s*\b(?:of\s+)?(?:the|this)\s+(?:function|equation|curve|expression|relation)\b)?"
        r"(?:\s*\b(?:implicitly|(?:by|using|with)\s+implicit\s+differentiation)\b)?")
# the word between the request and its equation
_LINK = (r"\s*(?P<sep>[,:]\s*|\.\s+)?(?P<link>(?:(?:of|if|for|given(?:\s+that)?|when|where|from|"
         r"in|on|such\s+that|that|(?:assuming|provided|knowing)(?:\s+that)?|with)\b\s*"
         r"(?:[,:]\s*)?)?(?:the\s+)?(?:(?:curve|equation|function|relation|graph|circle|"
         r"ellipse)\b\s*(?:[,:]\s*)?)?)?")  # … for the curve x^2 + y^2 = 25


# the word a sentence opens with before its equation, the request after it ("If y = x^3,
# find dy/dx", "Given f(x) = x^2 + 1, find f'(x)")
_OPENER = re.compile(r"\s*(?:if|given(?:\s+that)?|suppose(?:\s+that)?|let|for|when|with|"
                     r"assuming(?:\s+that)?|provided(?:\s+that)?)\b\s*(?:the\s+(?:curve|"
                     r"equation|function)\b\s*)?", re.I)

# the point after a request that ends a definition: "y = x^3 - 3x, find dy/dx at x = 2"
# (as few characters as it can: a sentence's full stop or question mark is not the point's)
_AT = (r"(?:\s+(?:at|when)\s+(?P<atvar>" + VAR_NAME + r")\s*=\s*"
       r"(?P<at>(?:[^()=,;\s?]|\s+(?=[^()=,;\s])|\([^()=,;]*\))+?)"
       r"(?=[\s,;?]|\.(?:\s|$)|$))?")  # (a value ends at a space: 1/2, 0.5 whole)

# find dy/dx at (3, 4) if x^2 + y^2 = 25: a point of the curve before its equation, which
# then reads as if it ended the equation (as "… = 25 at (3, 4)" does)
_AT_PAIR = r"(?:\s+at\s+(?:the\s+point\s+)?(?P<pair>\(\s*[^()=,]+(?:,[^()=,]+)+\)))?"

_TAIL_REACH = 200  # characters
# where a value in a request's words ends: at the words that link it to what follows
_VALUE_END = re.compile(r"\s+(?:if|given|for|where|when|of|and)\b|,", re.I)


@cache
def _patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """The request before the equation, the same without a point ("find dy/dx when y = x^3":
    a definition follows), and the request after it ("…, find dy/dx", "…; y' = ?"); compiled
    at the first equation (they take milliseconds: not at every start-up)."""
    head = re.compile(r"^\s*" + _ASK + _WHAT + _HOW + _AT + _LINK, re.I)
    pointless = re.compile(r"^\s*" + _ASK + _WHAT + _HOW + r"(?:(?P<atvar>(?!))(?P<at>))?"
                           + _LINK, re.I)  # (its point's groups never match)
    tail = re.compile(r"(?:\s*[,;:]\s*|\.\s+|\s+(?=(?:find|compute|calculate|determine)\b))"
                      + _ASK + _WHAT + _HOW + _AT + r"(?:\s*=\s*\?)?\s*[.?]?\s*$", re.I)
    return head, pointless, tail


class EquationRequest(NamedTuple):
    """The equation at ``text[start:end]`` and what the words around it ask."""

    text: str
    start: int
    end: int
    dependent: str | None  # y of dy/dx or y'
    independent: str | None  # x of dy/dx, d/dx or "wrt x"
    order: int
    words: str  # the request's own words, for the note
    point: str | None = None  # 2 of "f(x) = x^3, find f'(2)": the derivative there
    point_at: int = -1  # the column where the point is written
    point_var: str | None = None  # x of "… find dy/dx at x = 2" (f'(2): the one asked by)
    mixed: tuple[str, ...] = ()  # ∂²f/∂x∂y of f = …: the variables, in the order they act

    @property
    def padded(self) -> str:
        """The equation alone, the words blanked: its columns are the input's."""
        return " " * self.start + self.text[self.start:self.end]


@cache
def _point_first() -> re.Pattern:
    return re.compile(r"^\s*" + _ASK + _WHAT + _HOW + _AT_PAIR + _LINK, re.I)


def point_first(text: str) -> str:
    """``text`` with a point of the curve written before its equation (``find dy/dx at (3,
    4) if x^2 + y^2 = 25``) moved after it, as ``… = 25 at (3, 4)`` writes it: blanked where
    it was, so that every other column stays."""
    if "=" not in text or " at" not in text:
        return text
    m = _point_first().match(text)
    if m is None or not m.group("pair"):
        return text
    at = m.start("pair")
    at = text.rfind(" at", 0, at)
    return text[:at] + " " * (m.end("pair") - at) + text[m.end("pair"):] + " at " + m.group(
        "pair")


def _variable(name: str | None) -> str | None:
    return None if name is None else variable_name(name)


def _count(m, tag: str) -> int | None:
    digits = m.group(tag) or superscript_digits(m.group(tag + "_up") or "")
    return check_order_text(digits, m.string, m.start()) if digits else None


def _asked(m) -> tuple[str | None, str | None, int]:
    """(dependent, independent, order) of a :data:`_WHAT` match."""
    if m.group("adep"):
        return (_variable(m.group("adep")), _variable(m.group("aind")),
                check_order_text(m.group("a"), m.string, m.start("a")))
    if m.group("dep"):
        return (_variable(m.group("dep")), _variable(m.group("ind")),
                _count(m, "n") or _count(m, "m") or 1)
    if m.group("by"):
        return None, _variable(m.group("by")), _count(m, "k") or _count(m, "j") or 1
    if m.group("wdep"):
        return (_variable(m.group("wdep")), _variable(m.group("wind")),
                ordinal_order(m.group("wordinal") or "", m.string, m.start()))
    subs = _subscripts(m)
    if subs:  # f_xx: twice by x (f_xy: by x, then y, mixed_by's)
        return _variable(m.group("sfun")), subs[-1], len(subs)
    if m.group("primes"):  # y'', f'(x); f'(π) is a point (:func:`_point`)
        by = _variable(m.group("arg")) if m.group("arg") and not _point(m) else None
        marks = m.group("primes")  # f'', or f^(3), f^{(3)}, f⁽³⁾
        order = (count_primes(marks, 0)[0] if marks[0] in PRIME_MARKS else check_order_text(
            derivative_order(m.string, m.start("primes"))[0], m.string, m.start("primes")))
        return _variable(m.group("named")), by, order
    return None, None, ordinal_order(m.group("ordinal") or "", m.string, m.start())


def mixed_by(m, order: int) -> tuple[str, ...]:
    """The variables of a mixed partial's denominator in a :data:`_WHAT` match (``∂x∂y``,
    ``dx dy``, ``dxdy``: the letters between the d's), in the order they act (the one next
    to f first: ∂²f/∂x∂y = ∂/∂x (∂f/∂y)); () for one variable. ParseError where their
    number is not the order."""
    subs = _subscripts(m)
    if subs:  # f_xy = (f_x)_y: by x first
        return tuple(subs) if len(subs) > 1 else ()
    if not m.group("dep"):
        return ()
    more = re.findall(r"[d∂]\s*([^\s∂d]+)", m.group("more") or "")
    names = [m.group("ind")] + more
    ind = m.group("ind")
    if not more and not (m.group("m") or m.group("m_up")) and "d" in ind[1:] and all(
            len(piece) == 1 for piece in ind.split("d")):
        names = ind.split("d")  # dxdy: x and y, as d^2/dxdy reads it (dradius^2: radius)
    if len(names) == 1:
        return ()
    if len(names) != order:
        raise ParseError(f"the request's order {order} does not match its denominator "
                         f"({len(names)} differentiations)", m.string, m.start(), m.end())
    return tuple(_variable(n) for n in reversed(names))


def _asking(m):
    """``m``, a match of the request words, unless what it read asks for nothing: a name with
    a subscript that an equation defines (``v_x = t^2``, ``f_x = 2x``: no f_x notation
    without the words that link it), or a power in brackets of a letter that is no
    function's (``x^(2)(x + 1) = y^2``)."""
    if m is None:
        return None
    if m.group("sfun") and m.re.groupindex.get("link") and not (m.group("link")
                                                                or m.group("sep")):
        return None  # (the words after an equation open with their own comma or "find")
    marks = m.group("primes") or ""
    if marks[:1] == "^" and m.group("named") not in FUNCTION_LETTERS:
        return None
    return m


def _subscripts(m) -> str:
    """The letters of f_xy (or f_{xy}) in a :data:`_WHAT` match, else ""."""
    return (m.group("subs") or m.group("subs2") or "") if m.re.groupindex.get("sfun") else ""


def _mixed(m, order: int, by):
    """(the mixed partial's variables, the independent variable) of a :data:`_WHAT` match:
    d^2y/dxdx is the second derivative by x, no mixed partial."""
    mixed = mixed_by(m, order)
    if mixed and len(set(mixed)) == 1:
        return (), mixed[0]
    return mixed, by


def _point(m) -> str | None:
    """The group that holds the point of f'(2), f'(pi/2), f'(√2), f'(π), f'(e) in a
    :data:`_WHAT` match (a constant's name is a point, not a variable), else None."""
    if m.group("point"):
        return "point"
    if m.re.groupindex.get("at") and m.group("at"):  # … find dy/dx at x = 2
        return "at"
    arg = m.group("arg")
    return "arg" if arg and variable_name(arg) in CONSTANTS else None


# LaTeX around an equation, written over in plain words of the same length (every column
# kept): \frac{dy}{dx} is dy/dx, \text{ if } is if, \quad and \, are spaces, \left( is (
_LATEX_WORDS = (
    (r"\\[dt]?frac\s*\{\s*d\s*(?:\^\s*\{?\s*([0-9]+)\s*\}?)?\s*([A-Za-z]\w*)\s*\}"
     r"\s*\{\s*d\s*([A-Za-z]\w*)\s*(?:\^\s*\{?\s*([0-9]+)\s*\}?)?\s*\}",
     lambda m: f"d{'^' + m[1] if m[1] else ''}{m[2]}/d{m[3]}{'^' + m[4] if m[4] else ''}"),
    (r"\\[dt]?frac\s*\{\s*\\partial\s*([A-Za-z]\w*)\s*\}\s*\{\s*\\partial\s*([A-Za-z]\w*)\s*\}",
     lambda m: f"∂{m[1]}/∂{m[2]}"),
    (r"\\[dt]?frac\s*\{\s*d\s*\}\s*\{\s*d\s*([A-Za-z]\w*)\s*\}", lambda m: f"d/d{m[1]}"),
    (r"\\(?:text|mathrm|textrm|mathit|operatorname)\s*\{([A-Za-z ,]*)\}", lambda m: m[1]),
    (r"\\(?:quad|qquad|[,;:!])", lambda m: ""),
    (r"\\(?:left|right|[bB]igg?[lr]?)\s*([()\[\]])", lambda m: m[1]),
    # \mathcal{L} = …, \ell(w) = …, \phi(t) = t^3: a name in another font, the loss ℓ, a
    # Greek name, as its letter (a definition's name, not an equation)
    (r"\\(?:math(?:cal|scr|frak|bb|tt|bf)|boldsymbol|bm)\s*\{\s*([A-Za-z])\s*\}",
     lambda m: m[1]),
    (r"\\([A-Za-z]+)(?![A-Za-z])",
     lambda m: "l" if m[1] == "ell" else LATEX_GREEK.get(m[1], m[0])),
)


@cache
def _latex_patterns() -> tuple:
    return tuple((re.compile(p), f) for p, f in _LATEX_WORDS)


def plain_words(text: str) -> str:
    """``text`` with the LaTeX of a request written as its words, padded to the same length."""
    for pattern, words in _latex_patterns():
        text = pattern.sub(lambda m: words(m).ljust(len(m[0])), text)
    return text


def equation_request(text: str) -> EquationRequest | None:
    """The request around the one equation in ``text``, or None when ``text`` is not an
    equation wrapped in request words (a plain equation, a plain request, ``dy/dx = x + y``:
    a differential equation, not an equation to differentiate)."""
    if "=" not in text:
        return None
    if "\\" in text:  # \frac{dy}{dx} \text{ if } x^2 + y^2 = 1: the same words in LaTeX
        text = plain_words(text)
    start, end = 0, len(text)
    dep = ind = point = None
    mixed: tuple = ()
    point_at = -1
    point_var = None
    order = 1
    words = []
    wrt = wrt_tail(text)
    if wrt:
        ind, end = variable_name(wrt.group(2)), wrt.start()
        words.append(text[wrt.start():].strip())
    head_words, pointless, tail_words = _patterns()
    head = _asking(head_words.match(text[:end]))
    if head and head.group("at") and defines(head.group("atvar") + "=" + _VALUE_END.split(
            text[head.start("at"):end], 1)[0]):  # (the whole value: 1/x, not its 1)
        head = _asking(pointless.match(text[:end]))  # when y = x^3: a definition, no point
    # the words after the equation are short: looked for in the last characters only (a
    # search over a long run of spaces would be quadratic in it)
    tail = None if head else _asking(tail_words.search(text[:end], max(0, end - _TAIL_REACH)))
    if head:
        if head.group("primes") and (not (head.group("link") or head.group("sep"))
                                     or head.group("point") or (
                head.group("arg") and variable_name(head.group("arg")) in CONSTANTS)):
            # y' = x^2, f'(π) if f(x) = sin x: the request reader's (the derivative of the
            # right side; at π)
            return None
        dep, by, order = _asked(head)
        mixed, by = _mixed(head, order, by)
        ind = None if mixed else ind or by
        start = head.end()
        words.insert(0, text[:start].strip(" ,;:."))
        if head.group("at"):  # find dy/dx at x = 2 if y = x^3
            point, point_at = head.group("at"), head.start("at")
            point_var = _variable(head.group("atvar"))
    elif tail:
        dep, by, order = _asked(tail)
        mixed, by = _mixed(tail, order, by)
        ind = None if mixed else ind or by
        group = _point(tail)
        if group is not None:
            point, point_at = tail.group(group), tail.start(group)
            if group == "at":
                point_var = _variable(tail.group("atvar"))
        end = tail.start()
        words.insert(0, text[end:tail.end()].strip(" ,;:."))
        opener = _OPENER.match(text, 0, end)
        if opener:  # If y = x^3, find dy/dx
            start = opener.end()
            words.insert(0, text[:start].strip(" ,;:."))
    elif not wrt:
        return None
    body = text[start:end]
    lead = len(body) - len(body.lstrip())
    a, b = start + lead, start + len(body.rstrip())
    if head and b > a and text[b - 1] == "?":  # what is dy/dx if x^2 + y^2 = 25?
        b = a + len(text[a:b - 1].rstrip())
    if a < b and text[a] in "([{" and closing_bracket(text, a) == b - 1:
        a, b = a + 1, b - 1  # d/dx (x^2 + y^2 = 25)
    inner = text[a:b]
    if "=" not in inner or (head and not head.group("link") and inner[:1] in "+-*/^=·×−"):
        return None  # dy/dx = x + y, dy/dx + y = x: a differential equation
    order *= times(wrt)  # x^2 + y^2 = 25 with respect to x twice
    return EquationRequest(text, a, b, dep, ind, order,
                           " … ".join(" ".join(w.split()) for w in words if w), point, point_at,
                           point_var, mixed)


__all__ = ["EquationRequest", "equation_request", "plain_words"]
