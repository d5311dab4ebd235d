"""The pieces the exploring and learning views share: a LaTeX body and a Markdown document
under construction, derivations and readings drawn by each format's derivation view (this
module is the only place that reaches into them, so a step looks the same here as in
``derive``), and the printing of exact and floating-point numbers."""

from __future__ import annotations

import math
import re
from fractions import Fraction

from rich.text import Text
from rich.tree import Tree

import calcdiff.render.latex as _latex
import calcdiff.render.markdown as _markdown
import calcdiff.render.terminal as _terminal
from calcdiff.render.latex import format_float, latex_expr, latex_name
from calcdiff.render.pretty import pretty
from calcdiff.render.text import render_step
from calcdiff.results import Derivation
from calcdiff.tree.nodes import Expr, Num
from calcdiff.tree.printer import to_plain

# ---------------------------------------------------------------------------------------------


class LatexBody:
    """A LaTeX body under construction: the derivation view's writer (headings, paragraphs,
    ``align*`` blocks, its abbreviation of huge expressions) plus our tables."""

    def __init__(self, partial: bool = False) -> None:
        self.doc = _latex._Doc(partial)

    def expr(self, e: Expr) -> str:
        return self.doc.expr(e)

    def heading(self, text: str) -> None:
        self.doc.heading(text)

    def par(self, text: str) -> None:
        self.doc.par(text)

    def raw(self, text: str) -> None:
        self.doc.out.append(text)

    def align(self, rows: list[str]) -> None:
        """An ``align*`` whose rows carry their own ``&`` (``f(a) &= 1``)."""
        self.doc.out.append("\\begin{align*}\n" + " \\\\\n".join(rows) + "\n\\end{align*}")

    def reading(self, reading) -> None:
        _latex._reading(self.doc, reading)

    def steps(self, d: Derivation, steps: bool = True) -> None:
        """Each differentiation of ``d``: its rule steps and the simplification."""
        for part in d.parts:
            if steps:
                _latex._step(self.doc, part.step, 0, {}, "")
                if part.simplified != part.step.result and d.simplify_mode != "none":
                    _latex._simplified(self.doc, part)

    def body(self) -> str:
        tail = [_latex.ABBREVIATION_NOTE] if self.doc.abbreviated else []
        return "\n".join(self.doc.out + tail) + "\n"


class MarkdownBody:
    """A Markdown document under construction, with the derivation view's step lists."""

    def __init__(self, partial: bool = False) -> None:
        self.ctx = _markdown._Ctx(partial)
        self.out: list[str] = []

    def expr(self, e: Expr) -> str:
        return self.ctx.expr(e)

    def reading(self, reading) -> None:
        _markdown._reading(self.out, reading, self.ctx)

    def steps(self, d: Derivation, steps: bool = True) -> None:
        for part in d.parts:
            if steps:
                _markdown._step(self.out, part.step, 0, {}, self.ctx)
                if part.simplified != part.step.result and d.simplify_mode != "none":
                    _markdown._simplified(self.out, part, self.ctx)

    def heading(self, text: str) -> None:
        self.out += ["", "### " + text, ""]

    def add(self, *lines: str) -> None:
        self.out.extend(lines)

    def table(self, head: list[str], rows: list[list[str]], align: str) -> None:
        """A Markdown table; ``align`` is one letter per column, ``l`` or ``r``."""
        self.out.append("| " + " | ".join(head) + " |")
        self.out.append("| " + " | ".join("---:" if a == "r" else "---" for a in align) + " |")
        for row in rows:
            self.out.append("| " + " | ".join(md_cell(c) for c in row) + " |")

    def body(self) -> str:
        return self.ctx.finish(self.out)


_BAR = re.compile(r"(?<!\\)\|")


def md_cell(s: str) -> str:
    """A Markdown table cell: GitHub reads ``\\|`` as a literal bar, also inside math (bars
    that prose escaping already escaped stay as they are)."""
    return _BAR.sub(r"\\|", s)


def rich_reading(reading) -> list:
    return _terminal._reading(reading)


def rich_steps(d: Derivation, title: str, steps: bool = True) -> Tree:
    tree = Tree(Text(title, style="bold"), guide_style="dim")
    for part in d.parts:
        if steps:
            _terminal._step_tree(part.step, tree, {}, 0)
            if part.simplified != part.step.result:
                tree.add(Text.assemble(("simplify  ", "yellow"), (pretty(part.simplified), "green")))
        else:
            tree.add(Text.assemble(pretty(part.expr), " → ", (pretty(part.simplified), "green")))
    return tree


def text_steps(d: Derivation, out: list[str], title: str) -> None:
    out.append("")
    out.append(title)
    for part in d.parts:
        render_step(part.step, 1, out, {}, "")
        if part.simplified != part.step.result:
            out.append(f"  simplified: {to_plain(part.simplified)}")


def m(math_: str) -> str:
    return "$" + math_ + "$"


def frac_plain(v) -> str:
    if isinstance(v, Fraction):
        return str(v.numerator) if v.denominator == 1 else f"{v.numerator}/{v.denominator}"
    return repr(v)


def plain_float(v):
    return v if v is not None and math.isfinite(v) else None


def terminating(v: Fraction) -> bool:
    d = v.denominator
    for p in (2, 5):
        while d % p == 0:
            d //= p
    return d == 1


def decimal_exact(v: Fraction, max_digits: int = 24) -> str | None:
    """The exact decimal of a fraction with a terminating expansion (``21/10`` → ``2.1``)."""
    if not terminating(v):
        return None
    k = 0
    while (v * 10**k).denominator != 1:
        k += 1
    n = abs(v.numerator * 10**k // v.denominator)
    digits = str(n).rjust(k + 1, "0")
    s = (digits[:-k] + "." + digits[-k:]) if k else digits
    if len(s) > max_digits:
        return None
    return ("-" if v < 0 else "") + s


def number_latex(v) -> str:
    """A rational as an exact decimal where it has one, else as a fraction; a float in
    scientific notation when tiny or huge."""
    if isinstance(v, Fraction):
        s = decimal_exact(v)
        return s if s is not None else latex_expr(Num(v))
    if isinstance(v, float):
        return format_float(v)
    return str(v)


def float_latex(v: float | None, digits: int = 17) -> str:
    if v is None or not math.isfinite(v):
        return format_float(v)
    s = repr(v) if digits >= 17 else f"{v:.{digits}g}"
    if "e" in s:
        mant, _, exp = s.partition("e")
        return rf"{mant} \times 10^{{{int(exp)}}}"
    return s


def approx_suffix(exact: Expr, value: float | None) -> str:
    """`` \\approx 0.54`` after an exact value that is not already a terminating decimal."""
    if value is None or (type(exact) is Num and terminating(exact.value)):
        return ""
    return r" \approx " + format_float(value)


def point_math(var: str, a: Expr) -> str:
    return f"{latex_name(var)} = {latex_expr(a)}"


