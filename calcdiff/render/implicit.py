"""Views of implicit differentiation (:class:`~calcdiff.results_implicit.ImplicitDerivative`)
in every format. The outline is the same everywhere: differentiate both sides with y = y(x),
collect the y′ terms, solve; for order n ≥ 2, differentiate again and substitute y′."""

from __future__ import annotations

import math

from rich.console import Group
from rich.text import Text
from rich.tree import Tree

import calcdiff.render.json_ as _json
import calcdiff.render.latex as _latex
import calcdiff.render.markdown as _md
import calcdiff.render.terminal as _terminal
import calcdiff.render.text as _text
from calcdiff.render.latex_rows import inline_math, rows_of
from calcdiff.render.latex_text import latex_name, latex_text, latex_verbatim
from calcdiff.render.pretty import pretty
from calcdiff.render.text import echoed
from calcdiff.render.decimals import beside, shows_its_decimal
from calcdiff.results_implicit import ImplicitDerivative
from calcdiff.tree.printer import shown_point, to_plain


def derivative_name(r: ImplicitDerivative) -> str:
    """dy/dx, d^2y/dx^2: the derivative asked, by name."""
    y, x, n = r.dependent, r.independent, r.order
    return f"d{y}/d{x}" if n == 1 else f"d^{n}{y}/d{x}^{n}"


def _point(r: ImplicitDerivative) -> str:
    return shown_point(r.at)


def _headings(r: ImplicitDerivative) -> list[str]:
    y, x = r.dependent, r.independent
    out = [f"Differentiate both sides with respect to {x}, with {y} = {y}({x})",
           f"Collect the {y}′ terms", f"Solve for {y}′"]
    for k in range(2, r.order + 1):
        out.append(f"Order {k}: differentiate again with {y} = {y}({x}), then substitute "
                   f"{y}′")
    return out


# -- text ---------------------------------------------------------------------------------


def text_view(r: ImplicitDerivative, steps: bool = True) -> str:
    out = [f"Input:    {echoed(r.input.strip())}",
           f"Reading:  {to_plain(r.lhs)} = {to_plain(r.rhs)}"]
    for i, note in enumerate(r.reading.note_messages()):
        out.append(("Notes:    " if i == 0 else "          ") + note)
    out += text_body(r, steps)
    return "\n".join(out)


def text_body(r: ImplicitDerivative, steps: bool = True, result: bool = True) -> list[str]:
    """The lines after the reading: the stages, the result (and the value at a point), unless
    not ``result`` (a grade says it in its own words)."""
    y, x = r.dependent, r.independent
    out: list[str] = []
    heads = _headings(r)
    out += ["", f"1. {heads[0]}:"]
    for part in r.sides:
        _text.render_differentiation(part, steps, out)
    out.append(f"  so {to_plain(r.sides[0].simplified)} = {to_plain(r.sides[1].simplified)}")
    out += ["", f"2. {heads[1]}:", f"  ({to_plain(r.coefficient)})*{y}' = {to_plain(r.rest)}"]
    out += ["", f"3. {heads[2]}:", f"  d{y}/d{x} = {to_plain(r.first)}"]
    for k, (part, answer) in enumerate(r.higher, 2):
        out += ["", f"{k + 2}. {heads[k + 1]} = {to_plain(r.first)}:"]
        _text.render_differentiation(part, steps, out)
        out.append(f"  d^{k}{y}/d{x}^{k} = {to_plain(answer)}")
    if not result:
        return out
    out += ["", f"Result:   {derivative_name(r)} = {to_plain(r.result)}"]
    if r.at:
        value = to_plain(r.value)
        out.append(f"At {_point(r)} (on the curve): {value}{beside(value, r.value_float)}")
    return out


# -- JSON ---------------------------------------------------------------------------------


def json_view(r: ImplicitDerivative, steps: bool = True) -> dict:
    d = {
        "input": r.input,
        "expr": f"{to_plain(r.lhs)} = {to_plain(r.rhs)}",
        "notes": r.reading.note_messages(),
        "dependent": r.dependent,
        "independent": r.independent,
        "wrt": [r.independent] * r.order,
        "order": r.order,
    }
    if steps:
        d["derivation"] = [_json._root_json(p) for p in r.sides] + [
            _json._root_json(p) for p, _ in r.higher]
    d["differentiated"] = {"lhs": to_plain(r.sides[0].simplified),
                           "rhs": to_plain(r.sides[1].simplified)}
    d["collected"] = {"coefficient": to_plain(r.coefficient), "rest": to_plain(r.rest)}
    d["first"] = to_plain(r.first)
    d["higher"] = [to_plain(a) for _, a in r.higher]
    d["derivative"] = to_plain(r.result)
    if r.at:
        d["at"] = {k: to_plain(v) for k, v in r.at.items()}
        d["value"] = to_plain(r.value)
        d["value_float"] = r.value_float
    return d


# -- Markdown and LaTeX: the same outline, in mathematics ----------------------------------


def _math_lines(r: ImplicitDerivative, expr) -> dict:
    y, x = latex_name(r.dependent), latex_name(r.independent)
    prime = expr(r.prime)
    lines = {
        "reading": expr(r.lhs) + " = " + expr(r.rhs),
        "both": expr(r.sides[0].simplified) + " = " + expr(r.sides[1].simplified),
        "collect": r"\left(" + expr(r.coefficient) + r"\right) " + prime + " = "
                   + expr(r.rest),
        "solve": rf"\frac{{d{y}}}{{d{x}}} = " + expr(r.first),
        "higher": [rf"\frac{{d^{{{k}}}{y}}}{{d{x}^{{{k}}}}} = " + expr(a)
                   for k, (_, a) in enumerate(r.higher, 2)],
    }
    n = r.order
    lead = rf"\frac{{d{y}}}{{d{x}}}" if n == 1 else rf"\frac{{d^{{{n}}}{y}}}{{d{x}^{{{n}}}}}"
    lines["result"] = lead + " = " + expr(r.result)
    if r.at:
        value = expr(r.value)
        if r.value_float is not None and shows_its_decimal(r.value) \
                and math.isfinite(r.value_float):  # not -138 ≈ -138
            value += r" \approx " + _latex.format_float(r.value_float)
        lines["at"] = value
    return lines


def markdown_view(r: ImplicitDerivative, steps: bool = True) -> str:
    ctx = _md._Ctx(False)
    m = _md.m
    out = ["- **Input:** " + _md.md_code(r.input.strip()),
           "- **Reading:** " + m(ctx.expr(r.lhs) + " = " + ctx.expr(r.rhs))]
    notes = r.reading.note_messages()
    if notes:
        out.append("- **Notes:**")
        out.extend("  - " + _md.md_text(n) for n in notes)
    out += markdown_body(r, steps, ctx)
    return ctx.finish(out)


def markdown_body(r: ImplicitDerivative, steps: bool, ctx, result: bool = True) -> list[str]:
    """The lines after the reading, in Markdown (``ctx``: the document's math writer); the
    result unless not ``result``."""
    lines = _math_lines(r, ctx.expr)
    m = _md.m
    out: list[str] = []
    heads = _headings(r)
    out += ["", "### 1. " + heads[0], ""]
    for part in r.sides:
        if steps:
            _md._step(out, part.step, 0, {}, ctx)
            _md._simplified(out, part, ctx)
        else:
            out.append("- " + m(ctx.expr(part.expr) + r"\ \to\ " + ctx.expr(part.simplified)))
    out += ["", m(lines["both"]), "", "### 2. " + heads[1], "", m(lines["collect"]),
            "", "### 3. " + heads[2], "", m(lines["solve"])]
    for k, ((part, _), line) in enumerate(zip(r.higher, lines["higher"]), 2):
        out += ["", f"### {k + 2}. " + heads[k + 1] + " = " + m(ctx.expr(r.first)), ""]
        if steps:
            _md._step(out, part.step, 0, {}, ctx)
            _md._simplified(out, part, ctx)
        out += ["", m(line)]
    if not result:
        return out
    out += ["", "### Result", "", "$$" + lines["result"] + "$$"]
    if r.at:
        out += ["", f"**At** {m(_latex.point_latex(r.at))} (on the curve): {m(lines['at'])}"]
    return out


def _rows(line: str) -> list[str]:
    """A display line, in rows where it is too wide for one."""
    return rows_of(line, "", r"\qquad ")


def latex_view(r: ImplicitDerivative, steps: bool = True) -> str:
    doc = _latex._Doc(False)
    doc.heading("Reading")
    doc.par(r"\textbf{Input:} " + latex_verbatim(r.input.strip()))
    doc.align(_rows(doc.expr(r.lhs) + " = " + doc.expr(r.rhs)), 0)
    for note in r.reading.note_messages():
        doc.par(r"\textbf{Note:} " + latex_text(note))
    latex_body(r, steps, doc)
    return doc.body()


def latex_body(r: ImplicitDerivative, steps: bool, doc, result: bool = True) -> None:
    """The stages after the reading, written into the LaTeX document ``doc``; the result
    unless not ``result``."""
    lines = _math_lines(r, doc.expr)
    heads = _headings(r)
    doc.heading("1. " + latex_text(heads[0]))
    for part in r.sides:
        if steps:
            _latex._step(doc, part.step, 0, {}, "")
            _latex._simplified(doc, part)
    doc.align(_rows(lines["both"]), 0)
    doc.heading("2. " + latex_text(heads[1]))
    doc.align(_rows(lines["collect"]), 0)
    doc.heading("3. " + latex_text(heads[2]))
    doc.align(_rows(lines["solve"]), 0)
    for k, ((part, _), line) in enumerate(zip(r.higher, lines["higher"]), 2):
        doc.heading(f"{k + 2}. " + latex_text(heads[k + 1]) + " = $"
                    + inline_math(doc.expr(r.first)) + "$")
        if steps:
            _latex._step(doc, part.step, 0, {}, "")
            _latex._simplified(doc, part)
        doc.align(_rows(line), 0)
    if not result:
        return
    doc.heading("Result")
    doc.align(_rows(lines["result"]), 0)
    if r.at:
        doc.par("At $" + inline_math(_latex.point_latex(r.at)) + "$ (on the curve):")
        doc.align(_rows(lines["at"]), 0)


def rich_view(r: ImplicitDerivative, steps: bool = True):
    """The rich tree: one branch per stage, each side's derivation under the first."""
    parts = [Text.assemble(("Input    ", "bold"), r.input.strip()),
             Text.assemble(("Reading  ", "bold"), (pretty(r.lhs) + " = " + pretty(r.rhs),
                                                    "cyan"))]
    parts += [Text.assemble(("  note   ", "dim"), (n, "dim")) for n in r.reading.note_messages()]
    return Group(*parts, *rich_body(r, steps))


def rich_body(r: ImplicitDerivative, steps: bool = True, result: bool = True) -> list:
    """The stages after the reading, as rich renderables; the result unless not ``result``."""
    y, x = r.dependent, r.independent
    heads = _headings(r)
    parts: list = []

    tree = Tree(Text("1. " + heads[0], style="bold"), guide_style="dim")
    for part in r.sides:
        _terminal.differentiation_tree(tree, part, steps)
    tree.add(Text(pretty(r.sides[0].simplified) + " = " + pretty(r.sides[1].simplified),
                  style="green"))
    parts.append(tree)
    parts.append(Text.assemble((f"2. {heads[1]}:  ", "bold"),
                               (f"({pretty(r.coefficient)})·{y}′ = {pretty(r.rest)}", "green")))
    parts.append(Text.assemble((f"3. {heads[2]}:  ", "bold"),
                               (f"d{y}/d{x} = {pretty(r.first)}", "green")))
    for k, (part, answer) in enumerate(r.higher, 2):
        tree = Tree(Text(f"{k + 2}. {heads[k + 1]} = {pretty(r.first)}", style="bold"),
                    guide_style="dim")
        _terminal.differentiation_tree(tree, part, steps)
        tree.add(Text(f"d{_sup(k)}{y}/d{x}{_sup(k)} = {pretty(answer)}", style="green"))
        parts.append(tree)
    if not result:
        return parts
    parts.append(Text.assemble(("Result   ", "bold"), (_pretty_leibniz(r) + " = "
                                                       + pretty(r.result), "bold green"),
                               "   ", (to_plain(r.result), "dim")))
    if r.at:
        value = to_plain(r.value)
        parts.append(Text.assemble((f"At {_point(r)} (on the curve)  ", "bold"), value,
                                   beside(value, r.value_float, "  ")))
    return parts


def _sup(k: int) -> str:
    return str(k).translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))


def _pretty_leibniz(r: ImplicitDerivative) -> str:
    y, x, n = r.dependent, r.independent, r.order
    return f"d{y}/d{x}" if n == 1 else f"d{_sup(n)}{y}/d{x}{_sup(n)}"


VIEWS = {"text": {ImplicitDerivative: text_view}, "json": {ImplicitDerivative: json_view},
         "markdown": {ImplicitDerivative: markdown_view},
         "latex": {ImplicitDerivative: latex_view}, "rich": {ImplicitDerivative: rich_view}}
