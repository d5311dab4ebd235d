"""LaTeX: the document views (reading, derivation, gradient, matrix, check report). Each
returns the BODY of a document; :func:`calcdiff.render.render` wraps it into the one
complete document that compiles with plain ``pdflatex`` (:mod:`.document`).

The content is the text format's: the reading (the input as typed, the explicit form, the
notes), the derivation (one ``align*`` per step, indented by its level), the result and the
values at ``--at``. Expressions come from :mod:`.latex_expr`, names and escaped text from
:mod:`.latex_text`; both are re-exported here (``latex_expr``, ``latex_name``), the names
other modules use.
"""

from __future__ import annotations

import math

from calcdiff.deriving.steps import Step
from calcdiff.render.common import (Held, function_statement, held_constant,
                                    reading_shown, rule_info, shows_its_decimal, step_info,
                                    matrix_decimals, vector_decimals)
from calcdiff.render.latex_rows import (  # noqa: F401 - break_math re-exported (the tests')
    ROW_WIDTH,
    break_math,
    fitted_cell,
    inline_math,
    rows_of,
)
from calcdiff.render.latex_width import matrix_width, printed_len, visual_len
from calcdiff.render.layout import plan_matrix
from calcdiff.render.latex_expr import RICH_LEN, latex_expr, latex_expr_abbrev
from calcdiff.render.latex_text import (  # noqa: F401 - re-exported: the names other modules use
    GREEK_MACROS,
    function_head,
    latex_name,
    latex_text,
    latex_verbatim,
    statement_latex,
)
from calcdiff.render.shared import Exprs, derivation_exprs, gradient_exprs, matrix_exprs
from calcdiff.results import Derivation
from calcdiff.table import FunctionRule, find_rule
from calcdiff.tree.nodes import Call, Expr, Sym

MAX_STEP_LEVELS = 30  # deeper sub-derivations are summarised, not shown
MAX_INDENT_LEVELS = 12
# the document abbreviates larger expressions (a 1,000-deep chain's derivative is a product
# of 1,000 factors, 500,000 nodes written out)
MAX_EXPR_NODES = 400

__all__ = ["latex_expr", "latex_expr_abbrev", "latex_name", "latex_text", "latex_verbatim",
           "statement_latex", "function_head"]


def _function_rule(rule_id: str):
    rule = find_rule(rule_id)
    return rule if isinstance(rule, FunctionRule) else None


def rule_statement_latex(rule_id: str) -> str:
    """A rule's general statement as LaTeX math ("" if it has none); from ``rules/``."""
    _, statement, _ = rule_info(rule_id)
    rule = _function_rule(rule_id)
    if rule is not None and rule.derivative is not None:
        # the derivative is parsed data: print it as an expression, d/du f(u) = f'(u)
        args = (Sym("u"),) if 1 in rule.arity else (Sym("u"), Sym("n"))
        lhs = latex_expr(Call(rule.function, args))
        return r"\frac{d}{du}\, " + lhs + " = " + latex_expr(rule.derivative)
    return statement_latex(statement) if statement else ""


def step_latex(step: Step) -> tuple[str, str]:
    """(name as LaTeX text, statement as LaTeX math) of ``step``'s rule as the step uses it
    (see :func:`calcdiff.render.common.step_info`)."""
    name, statement = step_info(step)
    stated = None if step.statement else function_statement(step)
    if stated is not None:
        lhs, rhs = stated
        math = d_operator(step.var, step.partial) + r"\, " + latex_expr(lhs) + " = " + latex_expr(rhs)
    else:
        math = statement_latex(statement) if statement else ""
    return latex_text(name), math


def rule_latex(rule_id: str) -> tuple[str, str]:
    """(name as LaTeX text, statement as LaTeX math) of a rule."""
    return latex_text(rule_info(rule_id)[0]), rule_statement_latex(rule_id)


# -- the document -----------------------------------------------------------------------------


def d_operator(var: str, partial: bool) -> str:
    v = latex_name(var)
    return rf"\frac{{\partial}}{{\partial {v}}}" if partial else rf"\frac{{d}}{{d{v}}}"


def applied(op: str, s: str) -> str:
    """``op[s]`` (``s`` is LaTeX math) with brackets that grow when they can and break when
    they must."""
    if visual_len(s) > ROW_WIDTH or len(s) > RICH_LEN:
        return op + r"\Bigl[" + s + r"\Bigr]"
    if any(m in s for m in (r"\frac", r"\sqrt", r"\left")):
        return op + r"\left[" + s + r"\right]"
    return op + "[" + s + "]"


class _Doc:
    """Collects the body of the document and what the preamble needs."""

    def __init__(self, partial: bool) -> None:
        self.out: list[str] = []
        self.partial = partial
        self.indent = -1
        self.matrix_cols = 10
        self.abbreviated = False
        self.names: dict | None = None  # the result's shared sub-expressions (render/shared)

    def expr(self, e: Expr, named: bool = True) -> str:
        s, short = latex_expr_abbrev(e, MAX_EXPR_NODES, self.names if named else None)
        self.abbreviated |= short
        return s

    def par(self, text: str) -> None:
        self.out.append(text + "\n")

    def heading(self, text: str) -> None:
        self.out.append(r"\subsection*{" + text + "}")

    def align(self, rows: list[str], level: int = 0) -> None:
        k = min(level, MAX_INDENT_LEVELS)
        if k != self.indent:
            self.out.append(rf"\setlength{{\mathindent}}{{{1.5 * k + 1:g}em}}")
            self.indent = k
        body = " \\\\\n".join("&" + r for r in rows)
        self.out.append("\\begin{align*}\n" + body + "\n\\end{align*}")

    def body(self) -> str:
        """The body of the document (:func:`.document.latex_document` adds the rest)."""
        tail = [ABBREVIATION_NOTE] if self.abbreviated else []
        return "\n".join(self.out + tail)


ABBREVIATION_NOTE = (
    r"\par\medskip\textbf{Note:} expressions larger than " + str(MAX_EXPR_NODES)
    + r" nodes are abbreviated here (the omitted parts are shown as $\cdots$); "
    r"\texttt{-f text} or \texttt{-f json} shows them in full."
)


def _reading(doc: _Doc, reading) -> None:
    doc.heading("Reading")
    doc.par(r"\textbf{Input:} " + latex_verbatim(reading.text.strip()))
    expr = doc.expr(reading_shown(reading)) + (
        "" if reading.right is None else " = " + doc.expr(reading_shown(reading, reading.right)))
    if visual_len(expr) <= ROW_WIDTH and len(expr) <= RICH_LEN:
        doc.par(r"\textbf{Reading:} $\displaystyle " + expr + "$")
    else:
        doc.par(r"\textbf{Reading:}")
        doc.align(rows_of(expr, "", r"\qquad ", ROW_WIDTH), 0)
    notes = reading.note_messages()
    if len(notes) == 1:
        doc.par(r"\textbf{Notes:} " + latex_text(notes[0]))
    elif notes:
        doc.par(r"\textbf{Notes:}")
        doc.out.append("\\begin{itemize}\n" + "\n".join(r"\item " + latex_text(n) for n in notes)
                       + "\n\\end{itemize}")


def _step(doc: _Doc, step: Step, level: int, seen: dict, label: str = "") -> None:
    width = ROW_WIDTH - 3 * min(level, MAX_INDENT_LEVELS)
    head = (r"\text{" + label + r"}\quad " if label else "")
    claim = applied(d_operator(step.var, step.partial), doc.expr(step.expr))
    result = doc.expr(step.result)
    key = id(step)
    if key in seen and step.substeps:
        rows = _claim_rows(head, claim, result, width)
        rows.append(r"\qquad\text{(as in step " + latex_text(seen[key]) + ")}")
        doc.align(rows, level)
        return
    seen[key] = label or "above"
    name, statement = step_latex(step)
    rows = _claim_rows(head, claim, result, width)
    rows.append(r"\qquad\text{" + name + (r":}\quad " + statement if statement else "}"))
    if step.bindings:
        rows += _binding_rows([(latex_name(k), doc.expr(v)) for k, v in step.bindings], width)
    for note in step.notes:
        rows.append(r"\qquad\text{note: " + latex_text(note) + "}")
    if step.substeps and level >= MAX_STEP_LEVELS:
        below = _depth_below(step)
        rows.append(r"\qquad\text{(" + f"{sum(1 for _ in step.walk()) - 1} sub-steps, "
                    f"{below} more level{'s' if below != 1 else ''} deep, not shown here: "
                    r"the derivation is capped at " + f"{MAX_STEP_LEVELS} levels; -f text or "
                    r"-f json has them all)}")
        doc.align(rows, level)
        return
    doc.align(rows, level)
    for i, sub in enumerate(step.substeps, 1):
        _step(doc, sub, level + 1, seen, f"{label}{i}.")


def _depth_below(step: Step) -> int:
    best = 0
    stack = [(s, 1) for s in step.substeps]
    while stack:
        s, d = stack.pop()
        best = max(best, d)
        stack.extend((c, d + 1) for c in s.substeps)
    return best


def _claim_rows(head: str, claim: str, result: str, width: int) -> list[str]:
    whole = claim + " = " + result
    if visual_len(whole) <= width:
        return [head + whole]
    rows = rows_of(claim, head, r"\qquad ", width)
    rows += rows_of(result, r"\quad = ", r"\qquad ", width)
    return rows


def _binding_rows(pairs: list[tuple[str, str]], width: int) -> list[str]:
    items = [f"{k} = {v}" for k, v in pairs]
    one = r"\qquad\text{with }" + r",\quad ".join(items)
    if visual_len(one) <= width:
        return [one]
    rows: list[str] = []
    for k, item in enumerate(items):
        first = r"\qquad\text{with }" if k == 0 else r"\qquad\phantom{\text{with }}"
        rows += rows_of(item + ("," if k < len(items) - 1 else ""), first, r"\qquad\quad ",
                         width)
    return rows


def _simplified(doc: _Doc, part, level: int = 0) -> None:
    """The trace's last step, shown when it changed the rules' output."""
    if not part.changed:
        return
    s = part.simplification
    name, statement = step_latex(s)
    claim = applied(d_operator(s.var, s.partial), doc.expr(s.expr))
    rows = _claim_rows("", claim, doc.expr(s.result), ROW_WIDTH)
    rows.append(r"\qquad\text{" + name + (r":}\quad " + statement if statement else "}"))
    rows += rows_of(doc.expr(s.raw), r"\qquad\text{from }", r"\qquad\quad ",
                     ROW_WIDTH)
    doc.align(rows, level)


def leibniz(d: Derivation, partial: bool) -> str:
    order = len(d.wrt)
    if order == 1:
        return d_operator(d.wrt[0], partial)
    sym = r"\partial" if partial else "d"
    if len(set(d.wrt)) == 1:
        v = latex_name(d.wrt[0])
        return rf"\frac{{{sym}^{{{order}}}}}{{{sym} {v}^{{{order}}}}}"
    den = r"\,".join(rf"\partial {latex_name(v)}" for v in reversed(d.wrt))
    return rf"\frac{{\partial^{{{order}}}}}{{{den}}}"


def format_float(f: float | None) -> str:
    """``2.5``, ``1.5 \\times 10^{-7}``, ``\\infty`` as LaTeX math."""
    if f is None:
        return ""
    if math.isnan(f):
        return r"\mathrm{NaN}"
    if math.isinf(f):
        return r"\infty" if f > 0 else r"-\infty"
    s = f"{f:.12g}"
    if "e" in s:
        mant, _, exp = s.partition("e")
        return rf"{mant} \times 10^{{{int(exp)}}}"
    return s


def _approx_vector(g) -> str:
    """`` \approx`` the gradient's decimals, where it needs them (render/decimals.py)."""
    floats = vector_decimals(g.values, g.floats)
    if floats is None:
        return ""
    if isinstance(floats, str):  # it overflows or underflows a double
        return r" \quad \text{" + floats + "}"
    return r" \approx " + _vector([format_float(f) for f in g.floats])


def point_latex(at: dict) -> str:
    return r",\ ".join(f"{latex_name(k)} = {latex_expr(v)}" for k, v in at.items())


def _held(names) -> str:
    """Variable names in the document's notation (a list, or a partial's :class:`Held`)."""
    if isinstance(names, Held):
        return names.words(lambda v: "$" + latex_name(v) + "$")
    return ", ".join("$" + latex_name(v) + "$" for v in names)


def latex_spelling(letter: str, number: int) -> str:
    """A shared sub-expression's name in LaTeX: u_{1}."""
    return latex_name(f"{letter}_{number}")


def latex_names(exprs: Exprs) -> dict | None:
    """id(node) -> LaTeX name of the result's shared sub-expressions (render/shared.py)."""
    return exprs.names("latex", latex_spelling)


def latex_where(exprs: Exprs) -> list[tuple[str, str]]:
    """(name, definition) of the result's shared sub-expressions, in LaTeX."""
    return exprs.where("latex", latex_spelling, lambda n, names: latex_expr(n, names=names))


def where_rows(doc: _Doc, exprs: Exprs) -> None:
    """The named shared sub-expressions under the answer, a ``where`` block (render/shared)."""
    rows: list[str] = []
    for k, (name, text) in enumerate(latex_where(exprs)):
        first = r"\text{where }" if k == 0 else r"\phantom{\text{where }}"
        rows += rows_of(f"{name} = {text}", first, r"\phantom{\text{where }}\qquad ",
                         ROW_WIDTH)
    if rows:
        doc.align(rows, 0)


def render_derivation(d: Derivation, steps: bool = True, doc: _Doc | None = None) -> str:
    doc = doc or _Doc(d.partial)
    _reading(doc, d.reading)
    ex = derivation_exprs(d)
    doc.names = latex_names(ex)

    def answer(e) -> str:
        return doc.expr(ex.shown(e, d.shown))

    for k, part in enumerate(d.parts, 1):
        heading = "Differentiate with respect to $" + latex_name(part.var) + "$"
        if len(d.parts) > 1:
            heading = f"Step {k} of {len(d.parts)}: d" + heading[1:]
        others = held_constant(part.step.expr.free, part.var)
        if others.count:
            heading += f" ({_held(others)} held constant)"
        doc.heading(heading)
        if steps:
            _step(doc, part.step, 0, {}, "")
            _simplified(doc, part)
        else:
            claim = applied(d_operator(part.var, doc.partial), doc.expr(part.expr))
            doc.align(_claim_rows("", claim, doc.expr(part.simplified), ROW_WIDTH), 0)
    doc.heading("Result")
    claim = applied(leibniz(d, doc.partial), doc.expr(d.shown(d.expr), named=False))
    doc.align(_claim_rows("", claim, answer(d.result), ROW_WIDTH), 0)
    for name, form in d.alternate_forms:
        doc.par(f"Alternate form ({name}):")
        doc.align(rows_of(answer(form), "", r"\qquad ", ROW_WIDTH), 0)
    if d.at:
        value = answer(d.value)
        if d.value_float is not None and format_float(d.value_float) != value:
            value += r" \approx " + format_float(d.value_float)
        doc.par("At $" + inline_math(point_latex(d.shown_at())) + "$:")
        doc.align(rows_of(value, "", r"\qquad ", ROW_WIDTH), 0)
    where_rows(doc, ex)
    if d.check is not None:
        doc.heading("Check")
        _check(doc, d.check)
    return doc.body()


def render_reading(reading) -> str:
    doc = _Doc(False)
    _reading(doc, reading)
    if reading.wrt:
        doc.par(r"\textbf{Request:} differentiate by "
                + ", ".join("$" + latex_name(v) + "$" for v in reading.wrt))
    return doc.body()


def _vector(entries: list[str]) -> str:
    return r"\begin{pmatrix}" + r" \\ ".join(map(fitted_cell, entries)) + r"\end{pmatrix}"


def _matrix(rows: list[list[str]], gap: str = "") -> str:
    body = (r" \\" + gap + " ").join(" & ".join(row) for row in rows)
    return r"\begin{bmatrix}" + body + r"\end{bmatrix}"


def _fitted_matrix(doc: _Doc, cells: list[list[str]], letter: str) -> None:
    """``letter = [cells]``, with the entries too wide for a legible row named (``H_{12}``)
    and defined below in display style; columns in blocks if even the names are too wide
    (render/layout.py decides, as for the text and rich views)."""
    n = max(len(cells), len(cells[0]))
    sep = "," if n > 9 else ""
    names = [[f"{letter}_{{{i + 1}{sep}{j + 1}}}" for j in range(len(row))]
             for i, row in enumerate(cells)]
    plan = plan_matrix(cells, names, ROW_WIDTH - 4, matrix_width, printed_len)
    style = r"\displaystyle " if any(r"\frac" in c for row in plan.shown for c in row) else ""
    for block in plan.blocks:
        grid = [[style + row[j] for j in block] for row in plan.shown]
        head = letter + " = " if len(plan.blocks) == 1 else (
            rf"\text{{columns {block.start + 1}--{block.stop}:}}\quad ")
        doc.align([head + _matrix(grid, "[6pt]" if style else "")], 0)
    rows: list[str] = []
    for named, text in plan.definitions:
        rows += rows_of(text, " = ".join(named) + " = ", r"\qquad ", ROW_WIDTH)
    if rows:
        doc.align(rows, 0)


def render_gradient(g, steps: bool = True) -> str:
    doc = _Doc(True)
    _reading(doc, g.reading)
    ex = gradient_exprs(g)
    doc.names = latex_names(ex)
    names = g.reading.expr.free | set(g.vars)
    for p in g.partials:
        var = p.wrt[0]
        others = held_constant(names, var)
        held = f" ({_held(others)} held constant)" if others.count else ""
        doc.heading("Partial derivative with respect to $" + latex_name(var) + "$" + held)
        if steps:
            _step(doc, p.parts[0].step, 0, {}, "")
            _simplified(doc, p.parts[0])
        label = rf"\frac{{\partial f}}{{\partial {latex_name(var)}}} = "
        doc.align(rows_of(doc.expr(p.result), label, r"\qquad ", ROW_WIDTH), 0)
        if p.check is not None:
            _check(doc, p.check)
    doc.heading("Gradient")
    doc.align(rows_of(_vector([doc.expr(e) for e in g.gradient]), r"\nabla f = ",
                       r"\qquad ", ROW_WIDTH), 0)
    if g.at:
        doc.par("At $" + inline_math(point_latex(g.at)) + "$:")
        exact = _vector([doc.expr(v) for v in g.values])
        doc.align(rows_of(exact + _approx_vector(g), r"\nabla f = ", r"\qquad ", ROW_WIDTH), 0)
    dd = g.directional
    if dd is not None:
        doc.heading("Direction")
        doc.align(directional_rows(dd, doc.expr), 0)
    where_rows(doc, ex)
    return doc.body()


def approx(e: Expr, v: float) -> str:
    """`` \approx decimal`` beside an exact value, none beside a whole number (2 ≈ 2)."""
    return r" \approx " + format_float(v) if shows_its_decimal(e) else ""


def directional_rows(dd, expr) -> list[str]:
    """The directional derivative along ``dd.direction`` and the steepest ascent, as rows."""
    rows = [r"u = " + _vector([expr(v) for v in dd.direction]) + r",\quad \frac{u}{|u|} = "
            + _vector([expr(v) for v in dd.unit]),
            r"\nabla f \cdot \frac{u}{|u|} = " + expr(dd.directional)
            + approx(dd.directional, dd.directional_float)]
    if dd.steepest:
        rows.append(r"\text{steepest ascent: }\frac{\nabla f}{|\nabla f|} = "
                    + _vector([expr(v) for v in dd.steepest]) + r",\quad |\nabla f| = "
                    + expr(dd.steepest_rate) + approx(dd.steepest_rate, dd.steepest_rate_float))
    else:
        rows.append(r"\text{steepest ascent: none (the gradient is zero here)}")
    return rows


def render_matrix(m, steps: bool = True) -> str:
    doc = _Doc(True)
    doc.matrix_cols = len(m.vars) + 1
    for r in m.readings:
        _reading(doc, r)
    ex = matrix_exprs(m)
    doc.names = latex_names(ex)
    hessian = m.kind == "hessian"
    title = "Hessian" if hessian else "Jacobian"
    doc.heading(f"{title} (variables {_held(list(m.vars))})")
    letter = "H" if hessian else "J"
    _fitted_matrix(doc, [[doc.expr(e) for e in row] for row in m.matrix], letter)
    where_rows(doc, ex)
    for note in dict.fromkeys(m.symmetric_notes):
        doc.par("Note: " + latex_text(note))
    if steps:
        shown: set = set()
        for i, row in enumerate(m.entries):
            for j, d in enumerate(row):
                if id(d) in shown:
                    continue
                shown.add(id(d))
                if hessian:
                    label = (rf"\frac{{\partial^{{2}} f}}{{\partial {latex_name(d.wrt[1])}\,"
                             rf"\partial {latex_name(d.wrt[0])}}}")
                else:
                    label = (rf"\frac{{\partial f_{{{i + 1}}}}}"
                             rf"{{\partial {latex_name(d.wrt[0])}}}")
                doc.out.append(rf"\subsubsection*{{Entry ({i + 1}, {j + 1}): ${label}$}}")
                for part in d.parts[-1:]:
                    _step(doc, part.step, 0, {}, "")
                    doc.align(rows_of(doc.expr(part.simplified), label + " = ", r"\qquad ",
                                       ROW_WIDTH), 0)
                if d.check is not None:
                    _check(doc, d.check)
    else:  # --check without the steps: each entry's report
        for i, j, d in m.checked_entries():
            doc.out.append(rf"\subsubsection*{{Check of entry ({i + 1}, {j + 1})}}")
            _check(doc, d.check)
    if m.at:
        doc.heading("At $" + inline_math(point_latex(m.at)) + "$")
        _fitted_matrix(doc, [[doc.expr(v) for v in row] for row in m.values], letter)
        decimals = matrix_decimals(m.values, m.floats)
        if isinstance(decimals, list):  # the decimals beside the exact values, as text's
            doc.par(r"$\approx$")
            _fitted_matrix(doc, decimals, letter)
        elif decimals:
            doc.par(latex_text(decimals))
        if m.classification:
            doc.par(f"Critical point: {latex_text(m.classification)} "
                    f"({latex_text(m.classification_reason or '')})")
        elif m.classification_reason:
            doc.par("Note: " + latex_text(m.classification_reason))
    return doc.body()


def reading_view(reading, steps: bool = True) -> str:
    return render_reading(reading)


_STATUS = {"ok": "ok", "fail": r"\textbf{FAILED}", "skipped": "skipped"}
_FINAL = {"ok": "equals SymPy's derivative", "fail": r"\textbf{differs} from SymPy's derivative",
          "skipped": "not compared with SymPy"}
CHECK_ROWS = 40  # rows per table (a tabular does not break across pages)


def _check(doc: _Doc, report) -> None:
    """The --check report: a summary, a table of every step checked, the final answer."""
    doc.par(r"\textbf{Check:} " + latex_text(report.summary))
    rows = []
    for s in report.steps:
        status = _STATUS[s.status] + (" " + latex_text(s.detail) if s.status == "fail" else "")
        rows.append(f"{latex_text(s.path)} & {latex_text(rule_info(s.rule)[0])} & "
                    f"$d/d{latex_name(s.var)}$ {latex_verbatim(s.expr)} & {status}")
    for k in range(0, len(rows), CHECK_ROWS):
        doc.out.append("\\begin{tabular}{llp{9cm}l}\nstep & rule & claim & status \\\\\n"
                       "\\hline\n" + " \\\\\n".join(rows[k:k + CHECK_ROWS])
                       + "\n\\end{tabular}\n")
    method = f" ({latex_text(report.final_method)})" if report.final_method else ""
    detail = f": {latex_text(report.final_detail)}" if report.final_detail else ""
    doc.par(r"\textbf{Final answer:} " + _FINAL[report.final_status] + method + detail)


def check_view(report, steps: bool = True) -> str:
    doc = _Doc(False)
    doc.heading("Check")
    _check(doc, report)
    return doc.body()
