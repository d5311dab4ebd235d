"""Views of a curve's derivative by its parameter
(:class:`~calcdiff.results_parametric.ParametricDerivative`) in every format. The outline is
the same everywhere: differentiate x(t), differentiate y(t), divide; for order n ≥ 2,
differentiate the previous answer by t and divide by dx/dt again."""

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
from calcdiff.render.decimals import beside, shows_its_decimal
from calcdiff.render.latex_expr import latex_expr
from calcdiff.render.latex_rows import inline_math, rows_of
from calcdiff.render.latex_text import latex_name, latex_text, latex_verbatim
from calcdiff.render.pretty import pretty
from calcdiff.render.text import echoed
from calcdiff.results_parametric import ParametricDerivative
from calcdiff.tree.nodes import Div
from calcdiff.tree.printer import shown_point, to_plain


def _name(r: ParametricDerivative, k: int | None = None) -> str:
    """dy/dx, d^2y/dx^2: the k-th derivative (default: the one asked), by name."""
    y, x, n = r.dependent, r.independent, r.order if k is None else k
    return f"d{y}/d{x}" if n == 1 else f"d^{n}{y}/d{x}^{n}"


def _headings(r: ParametricDerivative) -> list[str]:
    y, x, t = r.dependent, r.independent, r.parameter
    out = [f"Differentiate {x} with respect to {t}", f"Differentiate {y} with respect to {t}",
           f"Divide: d{y}/d{x} = (d{y}/d{t})/(d{x}/d{t})"]
    for k in range(2, r.order + 1):
        out.append(f"Order {k}: differentiate {_name(r, k - 1)} with respect to {t}, then "
                   f"divide by d{x}/d{t}")
    return out


def _reading_text(r: ParametricDerivative) -> str:
    return f"{r.independent} = {to_plain(r.x_of)}, {r.dependent} = {to_plain(r.y_of)}"


def _at_words(r: ParametricDerivative) -> str:
    if r.point is None:  # (x = r cos t: the curve's point needs r)
        return f"At {shown_point(r.at)}"
    x, y = (to_plain(v) for v in r.point)
    return f"At {shown_point(r.at)} (the point ({x}, {y}))"


# -- text ---------------------------------------------------------------------------------


def _quotient(top, r: ParametricDerivative, answer) -> str:
    """``(d/dt of top) / (dx/dt) = answer``, the quotient's form said once where the
    simplifier kept it."""
    written = to_plain(Div(top.simplified, r.along.simplified))
    said = to_plain(answer)
    return written if written == said else f"{written} = {said}"


def text_view(r: ParametricDerivative, steps: bool = True) -> str:
    y, x, t = r.dependent, r.independent, r.parameter
    out = [f"Input:    {echoed(r.input.strip())}", f"Reading:  {_reading_text(r)}"]
    for i, note in enumerate(r.reading.note_messages()):
        out.append(("Notes:    " if i == 0 else "          ") + note)
    heads = _headings(r)
    out += ["", f"1. {heads[0]}:"]
    _text.render_differentiation(r.along, steps, out)
    out.append(f"  d{x}/d{t} = {to_plain(r.along.simplified)}")
    out += ["", f"2. {heads[1]}:"]
    _text.render_differentiation(r.up, steps, out)
    out.append(f"  d{y}/d{t} = {to_plain(r.up.simplified)}")
    out += ["", f"3. {heads[2]}:", f"  d{y}/d{x} = {_quotient(r.up, r, r.first)}"]
    for k, (part, answer) in enumerate(r.higher, 2):
        out += ["", f"{k + 2}. {heads[k + 1]}:"]
        _text.render_differentiation(part, steps, out)
        out.append(f"  {_name(r, k)} = {_quotient(part, r, answer)}")
    out += ["", f"Result:   {_name(r)} = {to_plain(r.result)}"]
    if r.at:
        value = to_plain(r.value)
        out.append(f"{_at_words(r)}: {value}{beside(value, r.value_float)}")
    return "\n".join(out)


# -- JSON ---------------------------------------------------------------------------------


def json_view(r: ParametricDerivative, steps: bool = True) -> dict:
    x, y = r.independent, r.dependent
    d = {
        "input": r.input,
        "expr": _reading_text(r),  # a string, as every derive's (the dict is "curve")
        "curve": {x: to_plain(r.x_of), y: to_plain(r.y_of)},
        "notes": r.reading.note_messages(),
        "dependent": y,
        "independent": x,
        "parameter": r.parameter,
        "wrt": [x] * r.order,
        "order": r.order,
    }
    if steps:
        d["derivation"] = [_json._root_json(r.along), _json._root_json(r.up)] + [
            _json._root_json(p) for p, _ in r.higher]
    d["by_parameter"] = {x: to_plain(r.along.simplified), y: to_plain(r.up.simplified)}
    d["first"] = to_plain(r.first)
    d["higher"] = [to_plain(a) for _, a in r.higher]
    d["derivative"] = to_plain(r.result)
    if r.at:
        d["at"] = {k: to_plain(v) for k, v in r.at.items()}
        d["point"] = None if r.point is None else [to_plain(v) for v in r.point]
        d["value"] = to_plain(r.value)
        d["value_float"] = r.value_float
    return d


# -- Markdown and LaTeX: the same outline, in mathematics ----------------------------------


def _lead(r: ParametricDerivative, k: int) -> str:
    y, x = latex_name(r.dependent), latex_name(r.independent)
    return rf"\frac{{d{y}}}{{d{x}}}" if k == 1 else rf"\frac{{d^{{{k}}}{y}}}{{d{x}^{{{k}}}}}"


def _math_lines(r: ParametricDerivative, expr) -> dict:
    y, x, t = (latex_name(v) for v in (r.dependent, r.independent, r.parameter))
    along = expr(r.along.simplified)
    lines = {
        "reading": f"{x} = {expr(r.x_of)},\\quad {y} = {expr(r.y_of)}",
        "along": rf"\frac{{d{x}}}{{d{t}}} = " + along,
        "up": rf"\frac{{d{y}}}{{d{t}}} = " + expr(r.up.simplified),
        "divide": _lead(r, 1) + rf" = \frac{{{expr(r.up.simplified)}}}{{{along}}} = "
                  + expr(r.first),
        "higher": [_lead(r, k) + rf" = \frac{{{expr(p.simplified)}}}{{{along}}} = " + expr(a)
                   for k, (p, a) in enumerate(r.higher, 2)],
        "result": _lead(r, r.order) + " = " + expr(r.result),
    }
    if r.at:
        value = expr(r.value)
        if r.value_float is not None and shows_its_decimal(r.value) \
                and math.isfinite(r.value_float):
            value += r" \approx " + _latex.format_float(r.value_float)
        lines["at"] = value
        lines["point"] = None if r.point is None else f"({expr(r.point[0])}, {expr(r.point[1])})"
    return lines


def markdown_view(r: ParametricDerivative, steps: bool = True) -> str:
    ctx = _md._Ctx(False)
    m = _md.m
    lines = _math_lines(r, ctx.expr)
    out = ["- **Input:** " + _md.md_code(r.input.strip()),
           "- **Reading:** " + m(lines["reading"])]
    notes = r.reading.note_messages()
    if notes:
        out.append("- **Notes:**")
        out.extend("  - " + _md.md_text(n) for n in notes)
    heads = _headings(r)
    for k, (part, line) in enumerate(((r.along, "along"), (r.up, "up")), 1):
        out += ["", f"### {k}. " + _md.md_text(heads[k - 1]), ""]
        if steps:
            _md._step(out, part.step, 0, {}, ctx)
            _md._simplified(out, part, ctx)
        out += ["", m(lines[line])]
    out += ["", "### 3. " + _md.md_text(heads[2]), "", m(lines["divide"])]
    for k, ((part, _), line) in enumerate(zip(r.higher, lines["higher"]), 2):
        out += ["", f"### {k + 2}. " + _md.md_text(heads[k + 1]), ""]
        if steps:
            _md._step(out, part.step, 0, {}, ctx)
            _md._simplified(out, part, ctx)
        out += ["", m(line)]
    out += ["", "### Result", "", "$$" + lines["result"] + "$$"]
    if r.at:
        where = "" if lines["point"] is None else f" (the point {m(lines['point'])})"
        out += ["", f"**At** {m(_latex.point_latex(r.at))}{where}: {m(lines['at'])}"]
    return ctx.finish(out)


def _rows(line: str) -> list[str]:
    """A display line, in rows where it is too wide for one."""
    return rows_of(line, "", r"\qquad ")


def latex_view(r: ParametricDerivative, steps: bool = True) -> str:
    doc = _latex._Doc(False)
    lines = _math_lines(r, doc.expr)
    doc.heading("Reading")
    doc.par(r"\textbf{Input:} " + latex_verbatim(r.input.strip()))
    doc.align(_rows(lines["reading"]), 0)
    for note in r.reading.note_messages():
        doc.par(r"\textbf{Note:} " + latex_text(note))
    heads = _headings(r)
    for k, (part, line) in enumerate(((r.along, "along"), (r.up, "up")), 1):
        doc.heading(f"{k}. " + latex_text(heads[k - 1]))
        if steps:
            _latex._step(doc, part.step, 0, {}, "")
            _latex._simplified(doc, part)
        doc.align(_rows(lines[line]), 0)
    doc.heading("3. " + latex_text(heads[2]))
    doc.align(_rows(lines["divide"]), 0)
    for k, ((part, _), line) in enumerate(zip(r.higher, lines["higher"]), 2):
        doc.heading(f"{k + 2}. " + latex_text(heads[k + 1]))
        if steps:
            _latex._step(doc, part.step, 0, {}, "")
            _latex._simplified(doc, part)
        doc.align(_rows(line), 0)
    doc.heading("Result")
    doc.align(_rows(lines["result"]), 0)
    if r.at:
        where = "" if lines["point"] is None else " (the point $" + inline_math(
            lines["point"]) + "$)"
        doc.par("At $" + inline_math(_latex.point_latex(r.at)) + "$" + where + ":")
        doc.align(_rows(lines["at"]), 0)
    return doc.body()


def rich_view(r: ParametricDerivative, steps: bool = True):
    """The rich tree: one branch per stage, each coordinate's derivation under its own."""
    y, x, t = r.dependent, r.independent, r.parameter
    parts: list = [Text.assemble(("Input    ", "bold"), r.input.strip()),
                   Text.assemble(("Reading  ", "bold"), (f"{x} = {pretty(r.x_of)},  "
                                                        f"{y} = {pretty(r.y_of)}", "cyan"))]
    parts += [Text.assemble(("  note   ", "dim"), (n, "dim")) for n in r.reading.note_messages()]
    heads = _headings(r)

    def branch(title: str, part, last: str):
        tree = Tree(Text(title, style="bold"), guide_style="dim")
        _terminal.differentiation_tree(tree, part, steps)
        tree.add(Text(last, style="green"))
        return tree

    parts.append(branch("1. " + heads[0], r.along, f"d{x}/d{t} = {pretty(r.along.simplified)}"))
    parts.append(branch("2. " + heads[1], r.up, f"d{y}/d{t} = {pretty(r.up.simplified)}"))
    parts.append(Text.assemble((f"3. {heads[2]}:  ", "bold"),
                               (f"d{y}/d{x} = {pretty(r.first)}", "green")))
    for k, (part, answer) in enumerate(r.higher, 2):
        parts.append(branch(f"{k + 2}. {heads[k + 1]}", part,
                            f"{_name(r, k)} = {pretty(answer)}"))
    parts.append(Text.assemble(("Result   ", "bold"), (f"{_name(r)} = {pretty(r.result)}",
                                                       "bold green"),
                               "   ", (to_plain(r.result), "dim")))
    if r.at:
        value = to_plain(r.value)
        parts.append(Text.assemble((_at_words(r) + "  ", "bold"), value,
                                   beside(value, r.value_float, "  ")))
    return Group(*parts)


def inline_statement(r: ParametricDerivative) -> str:
    """Jupyter's one formula: the curve, the derivative asked, and its value at the point."""
    lead = _lead(r, r.order)
    y, x = latex_name(r.dependent), latex_name(r.independent)
    parts = [f"{x} = {latex_expr(r.x_of)},\\ {y} = {latex_expr(r.y_of)}",
             f"{lead} = {latex_expr(r.result)}"]
    if r.at:
        at = r",\ ".join(f"{latex_name(k)} = {latex_expr(v)}" for k, v in r.at.items())
        parts.append(lead + r"\Big|_{" + at + "} = " + latex_expr(r.value))
    return r",\quad ".join(parts)


VIEWS = {"text": {ParametricDerivative: text_view}, "json": {ParametricDerivative: json_view},
         "markdown": {ParametricDerivative: markdown_view},
         "latex": {ParametricDerivative: latex_view}, "rich": {ParametricDerivative: rich_view}}
