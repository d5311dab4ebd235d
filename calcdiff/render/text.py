"""Plain text: the reading, an indented derivation a student can follow, the result."""

from __future__ import annotations


from calcdiff.deriving.steps import Step
from calcdiff.render.common import (held_constant, matrix_decimals, reading_shown, step_info,
                                    vector_suffix)
from calcdiff.render.layout import TEXT_WIDTH, entry_name, plan_matrix, wrap
from calcdiff.render.decimals import beside
from calcdiff.render.shared import WHOLE, Exprs, derivation_exprs, gradient_exprs, matrix_exprs
from calcdiff.results import Derivation
from calcdiff.tree.printer import plain_printer, shown_point, to_plain

INDENT = "  "
MAX_INDENT_LEVELS = 12


def render_reading(reading, out: list[str], expr=None) -> None:
    """Input, reading and notes; ``expr``: the reading as the answer lines show it (with the
    decimals the user wrote), where it differs from the reading's exact form."""
    out.append(f"Input:    {echoed(reading.text.strip())}")
    expr = reading_shown(reading) if expr is None else expr
    out.append(f"Reading:  {reading.plain if expr is reading.expr else to_plain(expr)}")
    for i, note in enumerate(reading.notes):
        out.append(("Notes:    " if i == 0 else "          ") + note.message)


ECHO_CHARS = 400  # a longer input is echoed shortened: the reading below shows it whole


def echoed(text: str) -> str:
    """The input as typed, shortened past :data:`ECHO_CHARS` (so that a long input is printed
    once, as it was read, not twice); a line break inside it shown as ⏎ (the line is one
    input, and stays one line here)."""
    if "\n" in text or "\r" in text:
        text = text.replace("\r\n", "⏎").replace("\n", "⏎").replace("\r", "⏎")
    if len(text) <= ECHO_CHARS:
        return text
    cut = text.rfind(" ", 0, ECHO_CHARS - 60)
    cut = cut if cut > 0 else ECHO_CHARS - 60
    return f"{text[:cut]} … ({len(text):,} characters; read in full below)"


def _pad(level: int) -> str:
    return INDENT * min(level, MAX_INDENT_LEVELS)


SHOWN_CHARS = 400  # longer expressions inside a derivation are shortened in the middle


def shown(e, exprs: Exprs = WHOLE) -> str:
    """Plain syntax, shortened when long (the result line always shows it whole)."""
    return exprs.plain(e, SHOWN_CHARS)


def where_lines(exprs: Exprs, out: list[str], indent: str = "") -> None:
    """The named shared sub-expressions, under the answer (render/shared.py)."""
    for i, (name, text) in enumerate(exprs.plain_where()):
        out.append(f"{indent}{'Where:' if i == 0 else '':10}{name} = {text}")


def operator(step: Step) -> str:
    """d/dx, or ∂/∂x in a partial derivation (other variables held constant)."""
    return f"∂/∂{step.var}" if step.partial else f"d/d{step.var}"


MAX_COLUMN = 36  # deeper steps stop moving right, so 1,000-deep chains stay readable


def render_step(step: Step, level: int, out: list[str], seen: dict, label: str = "",
                col: int | None = None, exprs: Exprs = WHOLE) -> None:
    """One step: its claim, rule, bindings and notes aligned under the claim, then its
    sub-steps (numbered 1., 1.1., ...), then its result (``exprs``: the result's names)."""
    if col is None:
        col = len(_pad(level))
    wanted = col + (len(label) + 1 if label else 2)
    col = min(col, MAX_COLUMN)
    lead = " " * col + (label + " " if label else "")
    inner = " " * min(wanted, MAX_COLUMN + 8)
    # past the last column the nesting no longer shows: the result line is labelled, as the
    # claim is, so that a step's result and its parent's are not read as one chain of =
    close = lead if label and wanted > len(inner) else inner
    head = f"{lead}{operator(step)} [{shown(step.expr, exprs)}]"
    key = id(step)
    if key in seen and step.substeps:
        out.append(f"{head} = {shown(step.result, exprs)}   (as in step {seen[key]})")
        return
    seen[key] = label.rstrip(".") or "above"
    name, statement = step_info(step)
    out.append(head)
    out.append(f"{inner}{name}: {statement}" if statement else f"{inner}{name}")
    if step.bindings:
        out.append(inner + "with " + ", ".join(f"{k} = {shown(v, exprs)}"
                                               for k, v in step.bindings))
    for note in step.notes:
        out.append(f"{inner}note: {note}")
    for i, sub in enumerate(step.substeps, 1):
        render_step(sub, level + 1, out, seen, f"{label}{i}.", len(inner), exprs)
    out.append(f"{close}= {shown(step.result, exprs)}")


def render_differentiation(part, steps: bool, out: list[str]) -> None:
    """One differentiation (a :class:`~calcdiff.results.Differentiation`) as a stage of a
    longer outline prints it (an implicit or a parametric derivative): its steps and
    simplification, or with ``--no-steps`` its one line."""
    if steps:
        render_step(part.step, 1, out, {}, "")
        render_simplification(part, out)
    else:
        out.append(f"  d/d{part.var} [{to_plain(part.expr)}] = {to_plain(part.simplified)}")


def render_simplification(part, out: list[str], exprs: Exprs = WHOLE) -> None:
    """The last step of a differentiation, shown when it changed the rules' output."""
    if part.changed:
        out.append(f"{_pad(1)}simplified: {shown(part.simplified, exprs)}")


def render_derivation(d: Derivation, steps: bool = True) -> list[str]:
    out: list[str] = []
    ex = derivation_exprs(d)

    def answer(e) -> str:
        return ex.plain(ex.shown(e, d.shown))

    render_reading(d.reading, out, d.shown(d.expr) if d.decimals else None)
    for k, part in enumerate(d.parts, 1):
        others = held_constant(part.step.expr.free, part.var)
        last = k == len(d.parts)
        if not steps and last and k == 1:
            break  # the Result line says the rest: the answer is printed once
        out.append("")
        heading = f"Differentiate with respect to {part.var}"
        if len(d.parts) > 1:
            heading = f"Step {k} of {len(d.parts)}: " + heading[0].lower() + heading[1:]
        if others.count:
            heading += f" ({others.words()} held constant)"
        out.append(heading + ":")
        if steps:
            render_step(part.step, 1, out, {}, "", exprs=ex)
            render_simplification(part, out, ex)
        elif last:  # its answer is the Result's, printed once below
            out.append(f"{_pad(1)}{operator(part.step)} [{shown(part.expr, ex)}]: the Result "
                       "below")
        else:
            out.append(f"{_pad(1)}{operator(part.step)} [{shown(part.expr, ex)}] = "
                       f"{answer(part.simplified)}")
    out.append("")
    out.append(f"Result:   {_leibniz(d)} = {answer(d.result)}")
    for name, form in d.alternate_forms:
        out.append(f"          = {answer(form)}   ({name})")
    if d.at:  # the point as the user wrote it: decimals where they wrote decimals
        point = shown_point(d.shown_at())
        value = answer(d.value)
        out.append(f"At {point}: {value}{beside(value, d.value_float)}")
    where_lines(ex, out)
    if d.check is not None:
        render_check(d.check, out)
    return out  # its lines: fitted to the width and joined by render(), once


def render_check(report, out: list[str], indent: str = "") -> None:
    out.append(f"{indent}Check:    {report.summary}")
    for s in (s for s in report.steps if s.status == "fail"):
        out.append(f"{indent}  FAILED step {s.path} ({s.rule}) d/d{s.var} [{s.expr}]: {s.detail}")
    final = {"ok": "equals SymPy's derivative", "fail": "DIFFERS from SymPy's derivative",
             "skipped": "not compared with SymPy"}[report.final_status]
    method = f" ({report.final_method})" if report.final_method else ""
    detail = f": {report.final_detail}" if report.final_detail else ""
    out.append(f"{indent}          final answer {final}{method}{detail}")


def _leibniz(d: Derivation) -> str:
    """The Result line's claim; the expression is the reading's, shortened when long (the
    Reading line shows it whole: the input is printed once)."""
    return f"{leibniz_operator(d.wrt, d.partial)} [{shown(d.shown(d.expr))}]"


def leibniz_operator(wrt: tuple[str, ...], partial: bool) -> str:
    """The operator of a derivative by ``wrt`` (one variable per differentiation, in order):
    ``d/dx``, ``∂/∂x`` (``partial``), ``d^2/dx^2``, ``∂^2/∂x∂y`` (by y, then x)."""
    order = len(wrt)
    if order == 1:
        return ("∂/∂" if partial else "d/d") + wrt[0]
    if len(set(wrt)) == 1:  # ∂^2/∂y^2 when other variables are held constant
        d = "∂" if partial else "d"
        return f"{d}^{order}/{d}{wrt[0]}^{order}"
    return f"∂^{order}/" + "".join(f"∂{v}" for v in reversed(wrt))


def render_reading_view(reading, steps: bool = True) -> str:
    out: list[str] = []
    render_reading(reading, out)
    if reading.wrt:
        out.append(f"Request:  differentiate by {', '.join(reading.wrt)}")
    return "\n".join(out)


def render_check_view(report, steps: bool = True) -> str:
    out: list[str] = []
    render_check(report, out)
    return "\n".join(out)


def render_gradient(g, steps: bool = True) -> list[str]:
    out: list[str] = []
    render_reading(g.reading, out)
    names = g.reading.expr.free | set(g.vars)
    ex = gradient_exprs(g)
    for p in g.partials:
        var = p.wrt[0]
        others = held_constant(names, var)
        held = f" ({others.words()} held constant)" if others.count else ""
        out.append("")
        out.append(f"Partial derivative with respect to {var}{held}:")
        if steps:
            render_step(p.parts[0].step, 1, out, {}, "", exprs=ex)
            render_simplification(p.parts[0], out, ex)
        out.append(f"{_pad(1)}∂/∂{var} = {ex.plain(p.result)}")
        if p.check is not None:
            render_check(p.check, out, _pad(1))
    out.append("")
    out.append(f"Gradient: ({', '.join(ex.plain(e) for e in g.gradient)})")
    if g.at:
        point = shown_point(g.at)
        out.append(f"At {point}: ({', '.join(to_plain(v) for v in g.values)})"
                   + vector_suffix(g.values, g.floats))
    dd = getattr(g, "directional", None)
    if dd is not None:
        out += directional_lines(dd)
    where_lines(ex, out)
    return out  # its lines: fitted to the width and joined by render(), once


def directional_lines(dd) -> list[str]:
    """A directional derivative's lines: the direction, ∇f·u/|u| and the steepest ascent,
    each exact value with its decimal where that says more (``= 2``, not ``= 2 ≈ 2``)."""
    rate = to_plain(dd.steepest_rate) if dd.steepest else ""
    value = to_plain(dd.directional)
    return [f"Direction ({', '.join(to_plain(v) for v in dd.direction)}), unit vector "
            f"({', '.join(to_plain(v) for v in dd.unit)})",
            f"Directional derivative ∇f·u/|u| = {value}{beside(value, dd.directional_float)}",
            f"Steepest ascent: direction ({', '.join(to_plain(v) for v in dd.steepest)}), "
            f"rate |∇f| = {rate}{beside(rate, dd.steepest_rate_float)}" if dd.steepest
            else "Steepest ascent: none (the gradient is zero here)"]


def _matrix_rows(cells: list[list[str]]) -> list[str]:
    widths = [max(len(row[j]) for row in cells) for j in range(len(cells[0]))]
    return ["  [ " + "  ".join(c.ljust(w) for c, w in zip(row, widths)) + " ]" for row in cells]


def matrix_lines(cells: list[list[str]], letter: str, width: int = TEXT_WIDTH) -> list[str]:
    """A matrix within ``width``: whole, or with its wide entries named (``H₁₂``) and defined
    below it, in blocks of columns if even the names are too wide (render/layout.py)."""
    n = max(len(cells), len(cells[0]))
    names = [[entry_name(letter, i + 1, j + 1, n) for j in range(len(row))]
             for i, row in enumerate(cells)]
    plan = plan_matrix(cells, names, width, lambda g: max(len(r) for r in _matrix_rows(g)))
    out: list[str] = []
    for block in plan.blocks:
        if len(plan.blocks) > 1:
            out.append(f"  columns {block.start + 1}–{block.stop}:")
        out += _matrix_rows([[row[j] for j in block] for row in plan.shown])
    for named, text in plan.definitions:
        head = "  " + " = ".join(named) + " = "
        out += wrap(head + text, width, len(head))
    return out


def render_matrix(m, steps: bool = True) -> list[str]:
    out: list[str] = []
    for r in m.readings:
        render_reading(r, out)
    out.append("")
    title = "Hessian" if m.kind == "hessian" else "Jacobian"
    out.append(f"{title} (variables {', '.join(m.vars)}):")
    letter = "H" if m.kind == "hessian" else "J"
    ex = matrix_exprs(m)
    # the cells share sub-trees (Σ exp(x_i) in every one): printed once, or named
    shown_cell = ex.plain if ex else plain_printer()
    printed: dict = {}  # a mixed partial is one tree in two cells: printed once

    def cell(e) -> str:
        hit = printed.get(id(e))
        if hit is None:
            hit = printed[id(e)] = shown_cell(e)
        return hit

    out += matrix_lines([[cell(e) for e in row] for row in m.matrix], letter)
    where_lines(ex, out, "  ")
    for note in dict.fromkeys(m.symmetric_notes):
        out.append(f"  note: {note}")
    if steps:
        shown = set()
        for i, row in enumerate(m.entries):
            for j, d in enumerate(row):
                if id(d) in shown:
                    continue
                shown.add(id(d))
                out.append("")
                label = (f"∂²f/∂{d.wrt[1]}∂{d.wrt[0]}" if m.kind == "hessian"
                         else f"∂f{i + 1}/∂{d.wrt[0]}")
                out.append(f"Entry ({i + 1}, {j + 1}): {label}")
                for part in d.parts[-1:]:
                    render_step(part.step, 1, out, {}, "", exprs=ex)
                    out.append(f"{_pad(1)}= {ex.plain(part.simplified)}")
                if d.check is not None:
                    render_check(d.check, out, _pad(1))
    else:  # --check without the steps: each entry's report, as grad gives each partial's
        for i, j, d in m.checked_entries():
            out += ["", f"Entry ({i + 1}, {j + 1}):"]
            render_check(d.check, out, _pad(1))
    if m.at:
        point = shown_point(m.at)
        out.append("")
        out.append(f"At {point}:")
        out += matrix_lines([[to_plain(e) for e in row] for row in m.values], letter)
        decimals = matrix_decimals(m.values, m.floats)
        if isinstance(decimals, list):  # [2 + 2*e, e; e, 0] ≈ [7.44, 2.72; 2.72, 0]
            out.append("≈")
            out += matrix_lines(decimals, letter)
        elif decimals:
            out.append(f"  {decimals}")
        if m.classification:
            out.append(f"Critical point: {m.classification}; {m.classification_reason}")
        elif m.classification_reason:
            out.append(f"Note: {m.classification_reason}")
    return out  # its lines: fitted to the width and joined by render(), once
