"""Markdown: the text format's content with headings, nested bullet lists for the steps and
the math as LaTeX in ``$...$`` (GitHub, Jupyter and MathJax render it).

Expressions, statements and the derivative operators come from :mod:`.latex`, so the two
formats always agree; prose (notes, rule names) is escaped for Markdown.
"""

from __future__ import annotations

from calcdiff.deriving.steps import Step
from calcdiff.render.common import (Held, held_constant, matrix_decimals, reading_shown,
                                    rule_info, step_info)
from calcdiff.render.latex import (
    MAX_EXPR_NODES,
    MAX_STEP_LEVELS,
    applied,
    d_operator,
    directional_rows,
    format_float,
    latex_expr_abbrev,
    latex_name,
    latex_names,
    latex_where,
    leibniz,
    point_latex,
    step_latex,
    _approx_vector,
)
from calcdiff.render.shared import Exprs, derivation_exprs, gradient_exprs, matrix_exprs
from calcdiff.results import Derivation

_MD_SPECIALS = set("\\`*_[]<>|$~^#")


def md_text(s: str) -> str:
    """Prose with Markdown's special characters escaped, on one line."""
    s = " ".join(s.split())
    return "".join("\\" + c if c in _MD_SPECIALS else c for c in s)


def md_code(s: str) -> str:
    """An inline code span that holds any text, backticks included."""
    s = " ".join(s.split()) or " "
    longest = run = 0
    for c in s:
        run = run + 1 if c == "`" else 0
        longest = max(longest, run)
    fence = "`" * (longest + 1)
    pad = " " if s.startswith("`") or s.endswith("`") else ""
    return f"{fence}{pad}{s}{pad}{fence}"


class _Ctx:
    """What one document needs while it is written: ∂ or d, and whether anything was cut."""

    def __init__(self, partial: bool) -> None:
        self.partial = partial
        self.abbreviated = False
        self.names: dict | None = None  # the result's shared sub-expressions (render/shared)

    def expr(self, e, named: bool = True) -> str:
        s, short = latex_expr_abbrev(e, MAX_EXPR_NODES, self.names if named else None)
        self.abbreviated |= short
        return s

    def finish(self, out: list[str]) -> str:
        if self.abbreviated:
            out += ["", f"*Note:* expressions larger than {MAX_EXPR_NODES} nodes are "
                        "abbreviated here (the omitted parts are shown as $\\cdots$); "
                        "`-f text` or `-f json` shows them in full."]
        return "\n".join(out) + "\n"


def m(math: str) -> str:
    return "$" + math.strip() + "$"


def _reading(out: list[str], reading, ctx: _Ctx) -> None:
    out.append("- **Input:** " + md_code(reading.text.strip()))
    right = "" if reading.right is None else " = " + ctx.expr(reading_shown(reading,
                                                                          reading.right))
    out.append("- **Reading:** " + m(ctx.expr(reading_shown(reading)) + right))
    notes = reading.note_messages()
    if len(notes) == 1:
        out.append("- **Notes:** " + md_text(notes[0]))
    elif notes:
        out.append("- **Notes:**")
        out.extend("  - " + md_text(n) for n in notes)


def _rule(step: Step) -> str:
    name = step_info(step)[0]
    statement = step_latex(step)[1]
    return f"**{md_text(name)}**" + (": " + m(statement) if statement else "")


def _step(out: list[str], step: Step, level: int, seen: dict, ctx: _Ctx,
          label: str = "") -> None:
    pad = "  " * level
    head = f"{pad}- " + (f"**{label}** " if label else "")
    claim = m(applied(d_operator(step.var, step.partial), ctx.expr(step.expr)) + " = "
              + ctx.expr(step.result))
    key = id(step)
    if key in seen and step.substeps:
        out.append(f"{head}{claim} (as in step {md_text(seen[key])})")
        return
    seen[key] = label or "above"
    line = f"{head}{claim} by the {_rule(step)}"
    if step.bindings:
        line += ", with " + ", ".join(m(f"{latex_name(k)} = {ctx.expr(v)}")
                                      for k, v in step.bindings)
    out.append(line)
    for note in step.notes:
        out.append(f"{pad}  - note: {md_text(note)}")
    if step.substeps and level >= MAX_STEP_LEVELS:
        total = sum(1 for _ in step.walk()) - 1
        out.append(f"{pad}  - ({total} sub-steps not shown here: the derivation is capped at "
                   f"{MAX_STEP_LEVELS} levels; -f text or -f json has them all)")
        return
    for i, sub in enumerate(step.substeps, 1):
        _step(out, sub, level + 1, seen, ctx, f"{label}{i}.")


def _simplified(out: list[str], part, ctx: _Ctx) -> None:
    """The trace's last step, shown when it changed the rules' output."""
    if not part.changed:
        return
    s = part.simplification
    claim = m(applied(d_operator(s.var, s.partial), ctx.expr(s.expr)) + " = "
              + ctx.expr(s.result))
    out.append(f"- {claim} by {_rule(s)}, from {m(ctx.expr(s.raw))}")


def _held(names) -> str:
    """Variable names in the document's notation (a list, or a partial's :class:`Held`)."""
    if isinstance(names, Held):
        return names.words(lambda v: m(latex_name(v)))
    return ", ".join(m(latex_name(v)) for v in names)


def where_lines(out: list[str], exprs: Exprs) -> None:
    """The named shared sub-expressions, under the answer (render/shared.py)."""
    rows = latex_where(exprs)
    if rows:
        out += ["", "where", ""]
        out += [f"- {m(name + ' = ' + text)}" for name, text in rows]


def render_derivation(d: Derivation, steps: bool = True) -> str:
    ctx = _Ctx(d.partial)
    out: list[str] = []
    _reading(out, d.reading, ctx)
    ex = derivation_exprs(d)
    ctx.names = latex_names(ex)

    def answer(e) -> str:
        return ctx.expr(ex.shown(e, d.shown))

    for k, part in enumerate(d.parts, 1):
        heading = "Differentiate with respect to " + m(latex_name(part.var))
        if len(d.parts) > 1:
            heading = f"Step {k} of {len(d.parts)}: d" + heading[1:]
        others = held_constant(part.step.expr.free, part.var)
        if others.count:
            heading += f" ({_held(others)} held constant)"
        out += ["", "### " + heading, ""]
        if steps:
            _step(out, part.step, 0, {}, ctx)
            _simplified(out, part, ctx)
        else:
            claim = applied(d_operator(part.var, ctx.partial), ctx.expr(part.expr))
            out.append("- " + m(claim + " = " + ctx.expr(part.simplified)))
    out += ["", "### Result", ""]
    claim = applied(leibniz(d, ctx.partial), ctx.expr(d.shown(d.expr), named=False))
    out.append("$$" + claim + " = " + answer(d.result) + "$$")
    for name, form in d.alternate_forms:
        out += ["", f"- {name}: {m(answer(form))}"]
    if d.at:
        value = answer(d.value)
        if d.value_float is not None and format_float(d.value_float) != value:
            value += r" \approx " + format_float(d.value_float)
        out += ["", f"**At** {m(point_latex(d.shown_at()))}: {m(value)}"]
    where_lines(out, ex)
    if d.check is not None:
        out += ["", "### Check", ""] + check_lines(d.check, ctx)
    return ctx.finish(out)


def render_reading(reading) -> str:
    ctx = _Ctx(False)
    out: list[str] = []
    _reading(out, reading, ctx)
    if reading.wrt:
        out.append("- **Request:** differentiate by " + _held(list(reading.wrt)))
    return ctx.finish(out)


def _vector(entries: list[str]) -> str:
    return r"\begin{pmatrix}" + r" \\ ".join(entries) + r"\end{pmatrix}"


def _matrix(rows: list[list[str]]) -> str:
    return r"\begin{bmatrix}" + r" \\ ".join(" & ".join(r) for r in rows) + r"\end{bmatrix}"


def render_gradient(g, steps: bool = True) -> str:
    ctx = _Ctx(True)
    out: list[str] = []
    _reading(out, g.reading, ctx)
    ex = gradient_exprs(g)
    ctx.names = latex_names(ex)
    names = g.reading.expr.free | set(g.vars)
    for p in g.partials:
        var = p.wrt[0]
        others = held_constant(names, var)
        held = f" ({_held(others)} held constant)" if others.count else ""
        out += ["", f"### Partial derivative with respect to {m(latex_name(var))}{held}", ""]
        if steps:
            _step(out, p.parts[0].step, 0, {}, ctx)
            _simplified(out, p.parts[0], ctx)
            out.append("")
        out.append(m(rf"\frac{{\partial f}}{{\partial {latex_name(var)}}} = "
                     + ctx.expr(p.result)))
        if p.check is not None:
            out += [""] + check_lines(p.check, ctx)
    out += ["", "### Gradient", ""]
    out.append("$$\\nabla f = " + _vector([ctx.expr(e) for e in g.gradient]) + "$$")
    if g.at:
        exact = _vector([ctx.expr(v) for v in g.values])
        out += ["", f"**At** {m(point_latex(g.at))}:", "",
                f"$$\\nabla f = {exact}{_approx_vector(g)}$$"]
    if g.directional is not None:
        out += ["", "### Direction", ""]
        out += ["$$" + row + "$$" for row in directional_rows(g.directional, ctx.expr)]
    where_lines(out, ex)
    return ctx.finish(out)


def render_matrix(mx, steps: bool = True) -> str:
    ctx = _Ctx(True)
    out: list[str] = []
    for r in mx.readings:
        _reading(out, r, ctx)
    ex = matrix_exprs(mx)
    ctx.names = latex_names(ex)
    hessian = mx.kind == "hessian"
    name = "H" if hessian else "J"
    out += ["", f"### {'Hessian' if hessian else 'Jacobian'} (variables {_held(list(mx.vars))})",
            ""]
    out.append(f"$${name} = " + _matrix([[ctx.expr(e) for e in row] for row in mx.matrix])
               + "$$")
    where_lines(out, ex)
    for note in dict.fromkeys(mx.symmetric_notes):
        out += ["", "Note: " + md_text(note)]
    if steps:
        shown: set = set()
        for i, row in enumerate(mx.entries):
            for j, d in enumerate(row):
                if id(d) in shown:
                    continue
                shown.add(id(d))
                if hessian:
                    label = (rf"\frac{{\partial^{{2}} f}}{{\partial {latex_name(d.wrt[1])}\,"
                             rf"\partial {latex_name(d.wrt[0])}}}")
                else:
                    label = rf"\frac{{\partial f_{{{i + 1}}}}}{{\partial {latex_name(d.wrt[0])}}}"
                out += ["", f"#### Entry ({i + 1}, {j + 1}): {m(label)}", ""]
                for part in d.parts[-1:]:
                    _step(out, part.step, 0, {}, ctx)
                    out += ["", m(label + " = " + ctx.expr(part.simplified))]
                if d.check is not None:
                    out += [""] + check_lines(d.check, ctx)
    else:  # --check without the steps: each entry's report
        for i, j, d in mx.checked_entries():
            out += ["", f"#### Check of entry ({i + 1}, {j + 1})", ""] + check_lines(d.check, ctx)
    if mx.at:
        out += ["", f"### At {m(point_latex(mx.at))}", ""]
        decimals = matrix_decimals(mx.values, mx.floats)
        approx = (r" \approx " + _matrix(decimals)) if isinstance(decimals, list) else ""
        out.append(f"$${name} = " + _matrix([[ctx.expr(v) for v in row] for row in mx.values])
                   + approx + "$$")
        if isinstance(decimals, str):
            out += ["", md_text(decimals)]
        if mx.classification:
            out += ["", f"Critical point: {md_text(mx.classification)} "
                        f"({md_text(mx.classification_reason or '')})"]
        elif mx.classification_reason:
            out += ["", "Note: " + md_text(mx.classification_reason)]
    return ctx.finish(out)


def reading_view(reading, steps: bool = True) -> str:
    return render_reading(reading)


_STATUS = {"ok": "ok", "fail": "**FAILED**", "skipped": "skipped"}
_FINAL = {"ok": "equals SymPy's derivative", "fail": "**differs** from SymPy's derivative",
          "skipped": "not compared with SymPy"}


def check_lines(report, ctx: _Ctx) -> list[str]:
    """The --check report: a summary, a table of every step checked, the final answer."""
    out = [f"**Check:** {report.summary}", "", "| step | rule | claim | status |", "|---|---|---|---|"]
    for s in report.steps:
        claim = md_code(f"d/d{s.var} [{s.expr}]")
        status = _STATUS[s.status] + (" " + md_text(s.detail) if s.status == "fail" else "")
        out.append(f"| {md_text(s.path)} | {md_text(rule_info(s.rule)[0])} | {claim} | "
                   f"{status} |")
    method = f" ({md_text(report.final_method)})" if report.final_method else ""
    detail = f": {md_text(report.final_detail)}" if report.final_detail else ""
    out += ["", f"**Final answer:** {_FINAL[report.final_status]}{method}{detail}"]
    return out


def check_view(report, steps: bool = True) -> str:
    return "\n".join(check_lines(report, _Ctx(False))) + "\n"
