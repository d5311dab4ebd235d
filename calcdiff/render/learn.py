"""Views of the learning commands (descend, backprop) and of a directional derivative, in
every format; ``VIEWS[format][result type]`` as in :mod:`.explore`."""

from __future__ import annotations

import math

from rich.console import Group
from rich.table import Table
from rich.text import Text

from calcdiff.render.json_ import _root_json
from calcdiff.render.latex import format_float, latex_expr, latex_name, latex_text
from calcdiff.render.pretty import pretty, pretty_name
from calcdiff.render.text import render_reading, render_step
from calcdiff.render.view_parts import LatexBody, MarkdownBody, m, rich_reading, rich_steps
from calcdiff.results_learn import Backprop, Descent, Directional
from calcdiff.tree.nodes import Expr, Num
from calcdiff.tree.printer import to_plain


def _f(v: float) -> str:
    return f"{v:.10g}"


def _fl(v):
    return v if v is not None and math.isfinite(v) else None


def _is_num(e) -> bool:
    return type(e) is Num


# ---------------------------------------------------------------------------------------------
# gradient descent

TEXT_ALL = 25  # up to this many iterations the text table shows them all
TEXT_HEAD, TEXT_TAIL = 15, 5
TABLE_ALL = 16  # LaTeX, Markdown and rich: every iteration up to this many, else first/last
TABLE_HEAD, TABLE_TAIL = 8, 5


def _descent_text(obj: Descent, steps: bool = True) -> str:
    out: list[str] = []
    render_reading(obj.reading, out)
    out.append("")
    out.append("Gradient (derived once):")
    for var, p in zip(obj.vars, obj.partials):
        if steps:
            render_step(p.parts[0].step, 1, out, {}, "")
        out.append(f"  ∂f/∂{var} = {to_plain(p.result)}")
    out.append("")
    out.append(f"Gradient descent: {', '.join(obj.vars)} ← {', '.join(obj.vars)} − "
               f"{obj.lr}·∇f, from ({', '.join(_f(v) for v in obj.start)})")
    rows = [("k", "point", "f", "gradient", "step")]
    its = obj.iterations
    shown = its if len(its) <= TEXT_ALL else its[:TEXT_HEAD] + [None] + its[-TEXT_TAIL:]
    for it in shown:
        if it is None:
            rows.append(("…", "", "", "", ""))
            continue
        rows.append((str(it.k), "(" + ", ".join(_f(v) for v in it.point) + ")", _f(it.value),
                     "(" + ", ".join(_f(v) for v in it.gradient) + ")",
                     "(" + ", ".join(_f(v) for v in it.step) + ")"))
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    for r in rows:
        out.append("  " + "  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
    out.append("")
    out.append(_outcome(obj))
    return "\n".join(out)


def _outcome(obj: Descent) -> str:
    if obj.converged:
        return (f"Converged after {obj.iterations[-1].k} iterations (|∇f| < {obj.tol:g}) "
                f"at ({', '.join(_f(v) for v in obj.final)})")
    if obj.diverged:
        return "Diverged: the iterates grew without bound (try a smaller --lr)"
    return (f"Not converged after {obj.iterations[-1].k} iterations; last point "
            f"({', '.join(_f(v) for v in obj.final)})")


def _outcome_math(obj: Descent, dollar: str = "$") -> str:
    """The outcome line with its numbers as math (LaTeX and Markdown)."""
    point = ", ".join(_num(v) for v in obj.final)
    point = point if len(obj.final) == 1 else r"\left(" + point + r"\right)"
    names = ", ".join(latex_name(v) for v in obj.vars)
    names = names if len(obj.vars) == 1 else r"\left(" + names + r"\right)"
    at = f"{dollar}{names} = {point}{dollar}"
    k = obj.iterations[-1].k
    if obj.converged:
        return (f"Converged after {k} iterations ({dollar}|\\nabla f| < {_num(obj.tol)}{dollar}) "
                f"at {at}.")
    if obj.diverged:
        return "Diverged: the iterates grew without bound (try a smaller learning rate)."
    return f"Not converged after {k} iterations; the last point is {at}."


def _descent_json(obj: Descent, steps: bool = True) -> dict:
    out = {"input": obj.reading.text, "expr": obj.reading.plain,
           "notes": obj.reading.note_messages(),
           "vars": list(obj.vars), "gradient": [to_plain(e) for e in obj.gradient]}
    if steps:
        out["derivation"] = [_root_json(p.parts[0]) for p in obj.partials]
    out["lr"] = obj.lr
    out["from"] = obj.start
    out["iterations"] = [
        {"k": it.k, "point": it.point, "value": _fl(it.value), "gradient": it.gradient,
         "step": it.step} for it in obj.iterations]
    out["converged"] = obj.converged
    out["diverged"] = obj.diverged
    out["final"] = obj.final
    return out


def _shown_iterations(obj: Descent) -> tuple[list, int]:
    """The iterations a table shows (``None`` marks the gap) and how many it leaves out."""
    its = obj.iterations
    if len(its) <= TABLE_ALL:
        return list(its), 0
    return its[:TABLE_HEAD] + [None] + its[-TABLE_TAIL:], len(its) - TABLE_HEAD - TABLE_TAIL


def _num(v: float, digits: int = 10) -> str:
    """A float as LaTeX math, 10 significant digits unless told."""
    if not math.isfinite(v):
        return format_float(v)
    s = f"{v:.{digits}g}"
    if "e" in s:
        mant, _, exp = s.partition("e")
        if mant in ("1", "-1"):
            return mant[:-1] + f"10^{{{int(exp)}}}"
        return rf"{mant} \times 10^{{{int(exp)}}}"
    return s


def _descent_columns(obj: Descent) -> tuple[list[str], callable]:
    """Headings (LaTeX math) and a row builder: one column per variable for one or two
    variables, else one tuple per quantity, so that the table stays on the page. The step
    is −lr times the gradient (the update rule above the table says so); JSON lists it."""
    names = [latex_name(v) for v in obj.vars]
    if len(names) <= 2:
        head = ["k"] + names + ["f"] + [rf"\partial f/\partial {n}" for n in names]

        def row(it):
            return ([str(it.k)] + [_num(v, 8) for v in it.point] + [_num(it.value, 8)]
                    + [_num(v, 8) for v in it.gradient])
    else:
        head = ["k", "(" + ", ".join(names) + ")", "f", r"\nabla f"]

        def tup(vs):
            return r"\left(" + ", ".join(_num(v, 6) for v in vs) + r"\right)"

        def row(it):
            return [str(it.k), tup(it.point), _num(it.value, 6), tup(it.gradient)]
    return head, row


def _update_math(obj: Descent) -> str:
    names = ", ".join(latex_name(v) for v in obj.vars)
    point = names if len(obj.vars) == 1 else r"\left(" + names + r"\right)"
    return (point + r" \leftarrow " + point + " - " + _num(obj.lr_float) + r"\,\nabla f("
            + names + ")")


def _start_math(obj: Descent) -> str:
    return ",\\ ".join(f"{latex_name(v)}_0 = {_num(x)}" for v, x in zip(obj.vars, obj.start))


def _descent_latex(obj: Descent, steps: bool = True) -> str:
    doc = LatexBody(partial=len(obj.vars) > 1)
    doc.reading(obj.reading)
    doc.heading("The gradient, derived once")
    for var, p in zip(obj.vars, obj.partials):
        if steps:
            doc.steps(p, steps)
        doc.align([rf"\frac{{\partial f}}{{\partial {latex_name(var)}}} &= " + doc.expr(p.result)])
    doc.heading("Gradient descent")
    doc.align([r"&" + _update_math(obj) + r",\qquad " + _start_math(obj)])
    head, row = _descent_columns(obj)
    shown, left_out = _shown_iterations(obj)
    ncol = len(head)
    lines = []
    for it in shown:
        if it is None:
            lines.append(rf"\multicolumn{{{ncol}}}{{c}}{{$\vdots$\quad {left_out} iterations "
                         r"not shown\quad $\vdots$}")
        else:
            lines.append(" & ".join("$" + c + "$" for c in row(it)))
    doc.raw("\\begin{center}\\small\n\\begin{tabular}{" + "r" * ncol + "}\n\\hline\n"
            + " & ".join("$" + h + "$" for h in head) + " \\\\\n\\hline\n"
            + " \\\\\n".join(lines) + " \\\\\n\\hline\n\\end{tabular}\n\\end{center}")
    if left_out:
        doc.par(rf"The table shows the first {TABLE_HEAD} and the last {TABLE_TAIL} of "
                rf"{len(obj.iterations)} iterations; \texttt{{-f json}} lists them all.")
    doc.par(r"\textbf{" + _outcome_math(obj) + "}")
    return doc.body()


def _descent_markdown(obj: Descent, steps: bool = True) -> str:
    doc = MarkdownBody(partial=len(obj.vars) > 1)
    doc.reading(obj.reading)
    doc.heading("The gradient, derived once")
    for var, p in zip(obj.vars, obj.partials):
        if steps:
            doc.steps(p, steps)
            doc.add("")
        doc.add(m(rf"\frac{{\partial f}}{{\partial {latex_name(var)}}} = " + doc.expr(p.result)),
                "")
    doc.heading("Gradient descent")
    doc.add("$$" + _update_math(obj) + r",\qquad " + _start_math(obj) + "$$", "")
    head, row = _descent_columns(obj)
    shown, left_out = _shown_iterations(obj)
    rows = [["⋮"] * len(head) if it is None else [m(c) for c in row(it)] for it in shown]
    doc.table([m(h) for h in head], rows, "r" * len(head))
    if left_out:
        doc.add("", f"The table shows the first {TABLE_HEAD} and the last {TABLE_TAIL} of "
                    f"{len(obj.iterations)} iterations; `-f json` lists them all.")
    doc.add("", "**" + _outcome_math(obj) + "**")
    return doc.body()


def _descent_rich(obj: Descent, steps: bool = True):
    parts = rich_reading(obj.reading)
    for var, p in zip(obj.vars, obj.partials):
        tree = rich_steps(p, f"∂f/∂{pretty_name(var)}", steps)
        tree.add(Text.assemble(("= ", "bold"), (pretty(p.result), "green")))
        parts.append(tree)
    names = [pretty_name(v) for v in obj.vars]
    table = Table(title=f"Gradient descent: {', '.join(names)} ← {', '.join(names)} − "
                        f"{obj.lr}·∇f", title_justify="left", header_style="bold")
    for h in ("k", "point", "f", "gradient"):  # the step is −lr × the gradient
        table.add_column(h, justify="right", overflow="fold")
    shown, left_out = _shown_iterations(obj)

    def tup(vs):
        return ", ".join(f"{v:.7g}" for v in vs)

    for it in shown:
        if it is None:
            table.add_row("⋮", f"{left_out} more", "", "")
            continue
        table.add_row(str(it.k), tup(it.point), f"{it.value:.7g}", tup(it.gradient))
    parts.append(table)
    style = "bold green" if obj.converged else "bold red" if obj.diverged else "yellow"
    parts.append(Text(_outcome(obj), style=style))
    return Group(*parts)


# ---------------------------------------------------------------------------------------------
# backpropagation


def _backprop_text(obj: Backprop, steps: bool = True) -> str:
    out: list[str] = []
    render_reading(obj.reading, out)
    point = ", ".join(f"{k} = {to_plain(v)}" for k, v in obj.at.items())
    out.append("")
    out.append(f"Forward pass at {point}:")
    for n in obj.nodes:
        out.append(f"  {n.id} = {to_plain(n.expr)} = {to_plain(n.value)}"
                   + ("" if n.value.free or _is_num(n.value) else f" ≈ {_f(n.value_float)}"))
    out.append("")
    out.append("Local derivatives (∂node/∂input at the point):")
    for n in obj.nodes:
        for inp, loc in n.local.items():
            out.append(f"  ∂{n.id}/∂{inp} = {to_plain(loc)}   ({n.local_rules[inp]})")
    out.append("")
    out.append("Backward pass (grad = ∂output/∂node; each input adds grad × local):")
    for n in reversed(obj.nodes):
        out.append(f"  grad {n.id} = {to_plain(n.grad)}")
    out.append("")
    out.append("Gradient: " + ", ".join(f"∂f/∂{k} = {to_plain(v)}"
                                          for k, v in obj.gradient.items()))
    return "\n".join(out)


def _backprop_json(obj: Backprop, steps: bool = True) -> dict:
    out = {"input": obj.reading.text, "expr": obj.reading.plain,
           "notes": obj.reading.note_messages()}
    out["at"] = {k: to_plain(v) for k, v in obj.at.items()}
    out["nodes"] = [
        {"id": n.id, "expr": to_plain(n.expr), "op": n.op, "inputs": n.inputs,
         "value": to_plain(n.value), "value_float": _fl(n.value_float),
         "local": {k: to_plain(v) for k, v in n.local.items()},
         "local_rules": n.local_rules,
         "grad": to_plain(n.grad)}
        for n in obj.nodes]
    out["value"] = to_plain(obj.value)
    out["gradient"] = {k: to_plain(v) for k, v in obj.gradient.items()}
    out["gradient_float"] = {k: _fl(v) for k, v in obj.gradient_float.items()}
    return out


def _approx(e: Expr, value: float | None) -> str:
    return "" if value is None or _is_num(e) else r" \approx " + _num(value)


def _value_math(n, expr) -> str:
    s = expr(n.value)
    if not (n.value.free or _is_num(n.value)):
        s += r" \approx " + _num(n.value_float)
    return s


def _dd(top: str, bottom: str, slash: bool = False) -> str:
    if slash:  # inside a table row: one line high
        return rf"\partial {latex_name(top)}/\partial {latex_name(bottom)}"
    return rf"\frac{{\partial {latex_name(top)}}}{{\partial {latex_name(bottom)}}}"


def _factor(e: Expr, expr) -> str:
    s = expr(e)
    return r"\left(" + s + r"\right)" if s.startswith("-") else s


def _backward_rows(obj: Backprop, expr) -> list[str]:
    """One row per node and input, from the output back: its gradient as the sum, over the
    nodes that use it, of their gradient times their local derivative (read from the graph,
    not recomputed)."""
    users: dict[str, list] = {}
    for n in obj.nodes:
        for inp in n.local:
            users.setdefault(inp, []).append(n)
    grads = {n.id: n.grad for n in obj.nodes}
    grads.update(obj.gradient)
    out_id = obj.nodes[-1].id if obj.nodes else None
    rows = []
    for name in [n.id for n in reversed(obj.nodes)] + list(obj.gradient):
        lhs = rf"\frac{{\partial f}}{{\partial {latex_name(name)}}}"
        if name == out_id:
            rows.append(lhs + " &= 1")
            continue
        uses = users.get(name, [])
        if not uses:
            rows.append(lhs + " &= " + expr(grads[name]))
            continue
        chain = " + ".join(rf"\frac{{\partial f}}{{\partial {latex_name(u.id)}}}\,"
                           + _dd(u.id, name) for u in uses)
        values = " + ".join(_factor(u.grad, expr) + r" \cdot " + _factor(u.local[name], expr)
                            for u in uses)
        rows.append(lhs + " &= " + chain + " = " + values + " = " + expr(grads[name]))
    return rows


def _gradient_rows(obj: Backprop, expr) -> list[str]:
    return [rf"\frac{{\partial f}}{{\partial {latex_name(k)}}} &= " + expr(v)
            + _approx(v, obj.gradient_float.get(k)) for k, v in obj.gradient.items()]


def _node_cells(n, expr) -> list[str]:
    local = r" \newline ".join(f"${_dd(n.id, inp, True)} = {expr(loc)}$"
                               for inp, loc in n.local.items())
    return ["$" + latex_name(n.id) + "$", "$" + expr(n.expr) + "$", r"\texttt{" +
            latex_text(n.op) + "}", ", ".join("$" + latex_name(i) + "$" for i in n.inputs),
            r"\raggedright $" + _value_math(n, expr) + "$", r"\raggedright " + local,
            r"\raggedright $" + expr(n.grad) + _approx(n.grad, n.grad_float) + "$"]


def _point_math(obj: Backprop) -> str:
    return r",\ ".join(f"{latex_name(k)} = {latex_expr(v)}" for k, v in obj.at.items())


def _para(width: float) -> str:
    """A ragged-right paragraph column of ``width`` line widths (base LaTeX: no array)."""
    return f"p{{{width}\\linewidth}}"


_NODE_HEAD = ["node", "expression", "op", "inputs", "value", "local derivatives",
              r"$\partial f/\partial\,$node"]


def _backprop_latex(obj: Backprop, steps: bool = True) -> str:
    doc = LatexBody(partial=True)
    doc.reading(obj.reading)
    doc.heading("The computational graph at $" + _point_math(obj) + "$")
    doc.par("Forward pass: each node's value from its inputs; local derivatives: "
            r"$\partial\,\text{node}/\partial\,\text{input}$ at the point.")
    # the last three columns hold exact values that may be long: ragged paragraphs, so they
    # wrap (rows end in \tabularnewline, since \raggedright takes \\ for itself)
    rows = [" & ".join(_node_cells(n, doc.expr)) + r" \tabularnewline" for n in obj.nodes]
    doc.raw("\\begin{center}\\small\\setlength{\\tabcolsep}{4pt}\n"
            "\\begin{tabular}{llll" + _para(0.17) + _para(0.24) + _para(0.15) + "}\n\\hline\n"
            + " & ".join(_NODE_HEAD) + " \\tabularnewline\n\\hline\n" + "\n".join(rows)
            + "\n\\hline\n\\end{tabular}\n\\end{center}")
    doc.heading("Backward pass")
    doc.par("Each node's gradient is the sum, over the nodes that use it, of their gradient "
            "times their local derivative.")
    doc.align(_backward_rows(obj, doc.expr))
    doc.heading("Gradient")
    doc.align(_gradient_rows(obj, doc.expr))
    return doc.body()


def _backprop_markdown(obj: Backprop, steps: bool = True) -> str:
    doc = MarkdownBody(partial=True)
    doc.reading(obj.reading)
    doc.heading("The computational graph at " + m(_point_math(obj)))
    rows = []
    for n in obj.nodes:
        local = ", ".join(m(_dd(n.id, inp, True) + " = " + doc.expr(loc))
                          for inp, loc in n.local.items())
        rows.append([m(latex_name(n.id)), m(doc.expr(n.expr)), "`" + n.op + "`",
                     ", ".join(m(latex_name(i)) for i in n.inputs),
                     m(_value_math(n, doc.expr)), local,
                     m(doc.expr(n.grad) + _approx(n.grad, n.grad_float))])
    doc.table(["node", "expression", "op", "inputs", "value", "local derivatives",
               r"$\partial f/\partial$ node"], rows, "llllrlr")
    doc.heading("Backward pass")
    doc.add("Each node's gradient is the sum, over the nodes that use it, of their gradient "
            "times their local derivative.", "")
    doc.add("$$\\begin{aligned}" + " \\\\ ".join(_backward_rows(obj, doc.expr))
            + "\\end{aligned}$$")
    doc.heading("Gradient")
    doc.add("$$\\begin{aligned}" + " \\\\ ".join(_gradient_rows(obj, doc.expr))
            + "\\end{aligned}$$")
    return doc.body()


def _backprop_rich(obj: Backprop, steps: bool = True):
    parts = rich_reading(obj.reading)
    point = ", ".join(f"{pretty_name(k)} = {pretty(v)}" for k, v in obj.at.items())
    table = Table(title=f"Computational graph at {point}", title_justify="left",
                  header_style="bold")
    for h, just in (("node", "left"), ("expression", "left"), ("op", "left"),
                    ("value", "right"), ("local ∂node/∂input", "left"), ("∂f/∂node", "right")):
        table.add_column(h, justify=just, overflow="fold")
    for n in obj.nodes:
        value = pretty(n.value)
        if not (n.value.free or _is_num(n.value)):
            value += f" ≈ {_f(n.value_float)}"
        local = "\n".join(f"∂/∂{pretty_name(k)} = {pretty(v)}" for k, v in n.local.items())
        table.add_row(Text(n.id, style="yellow"), Text(pretty(n.expr)), Text(n.op),
                      Text(value), Text(local), Text(pretty(n.grad), style="green"))
    parts.append(table)
    parts.append(Text("Backward pass: each node's ∂f/∂node is the sum over its users of "
                      "their ∂f/∂user × local derivative.", style="dim"))
    parts.append(Text.assemble(("Gradient ", "bold"), (", ".join(
        f"∂f/∂{pretty_name(k)} = {pretty(v)}" for k, v in obj.gradient.items()), "bold green")))
    return Group(*parts)


# ---------------------------------------------------------------------------------------------
# a directional derivative (the part ``grad --direction`` adds to a gradient's views)


def _directional_text(dd: Directional, steps: bool = True) -> str:
    out = [(f"Direction ({', '.join(to_plain(v) for v in dd.direction)}), unit vector "
           f"({', '.join(to_plain(v) for v in dd.unit)})"),
           (f"Directional derivative ∇f·u/|u| = {to_plain(dd.directional)} ≈ "
           f"{dd.directional_float:.12g}")]
    if dd.steepest:
        out.append(f"Steepest ascent: direction ({', '.join(to_plain(v) for v in dd.steepest)})"
                   f", rate |∇f| = {to_plain(dd.steepest_rate)} ≈ {dd.steepest_rate_float:.12g}")
    else:
        out.append("Steepest ascent: none (the gradient is zero here)")
    return "\n".join(out)


def _directional_json(dd: Directional, steps: bool = True) -> dict:
    return {"direction": [to_plain(v) for v in dd.direction],
            "unit": [to_plain(v) for v in dd.unit],
            "directional": to_plain(dd.directional),
            "directional_float": _fl(dd.directional_float),
            "steepest_ascent": [to_plain(v) for v in dd.steepest],
            "steepest_rate": to_plain(dd.steepest_rate)}


def _vec(entries: list[Expr]) -> str:
    return r"\begin{pmatrix}" + r" \\ ".join(latex_expr(e) for e in entries) + r"\end{pmatrix}"


def _directional_rows(dd: Directional) -> list[str]:
    rows = [r"\mathbf{v} &= " + _vec(dd.direction) + r",\qquad \mathbf{u} = "
            r"\frac{\mathbf{v}}{|\mathbf{v}|} = " + _vec(dd.unit),
            r"D_{\mathbf{u}} f &= \nabla f \cdot \mathbf{u} = " + latex_expr(dd.directional)
            + r" \approx " + format_float(dd.directional_float)]
    if dd.steepest:
        rows.append(r"\text{steepest ascent:}\quad \frac{\nabla f}{|\nabla f|} &= "
                    + _vec(dd.steepest) + r",\qquad |\nabla f| = " + latex_expr(dd.steepest_rate)
                    + r" \approx " + format_float(dd.steepest_rate_float))
    else:
        rows.append(r"\nabla f &= 0 \qquad \text{(no direction of steepest ascent)}")
    return rows


def _directional_latex(dd: Directional, steps: bool = True) -> str:
    return ("\\subsection*{Directional derivative}\n\\begin{align*}\n"
            + " \\\\\n".join(_directional_rows(dd)) + "\n\\end{align*}\n")


def _directional_markdown(dd: Directional, steps: bool = True) -> str:
    return ("### Directional derivative\n\n$$\\begin{aligned}"
            + " \\\\ ".join(_directional_rows(dd)) + "\\end{aligned}$$\n")


def _directional_rich(dd: Directional, steps: bool = True):
    return Group(*(Text(line) for line in _directional_text(dd).split("\n")))


VIEWS = {
    "text": {Descent: _descent_text, Backprop: _backprop_text, Directional: _directional_text},
    "json": {Descent: _descent_json, Backprop: _backprop_json, Directional: _directional_json},
    "markdown": {Descent: _descent_markdown, Backprop: _backprop_markdown,
                 Directional: _directional_markdown},
    "latex": {Descent: _descent_latex, Backprop: _backprop_latex,
              Directional: _directional_latex},
    "rich": {Descent: _descent_rich, Backprop: _backprop_rich, Directional: _directional_rich},
}


def text(obj, steps: bool = True) -> str:
    """The text view (what :mod:`.text` calls until the one dispatch lands)."""
    return VIEWS["text"][type(obj)](obj, steps)


def json_obj(obj, steps: bool = True) -> dict:
    """The JSON object (what :mod:`.json_` calls until the one dispatch lands)."""
    return VIEWS["json"][type(obj)](obj, steps)
