"""Views of backpropagation (``calcdiff backprop``) in every format: the graph's forward
values, local derivatives and backward pass, each exact value with its decimal beside it, the
δ of every neuron, the update step under ``--lr`` and the central-difference check."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text

from calcdiff.render.decimals import (LONG, decimal_view, exact_text, float_json, float_latex,
                                      float_text, is_long, latex_decimals, value_text)
from calcdiff.render.decimals import equals
from calcdiff.render.latex import latex_expr, latex_name, latex_text
from calcdiff.render.latex_rows import fitted_cell, fitted_rows, inline_math
from calcdiff.render.pretty import pretty, pretty_name
from calcdiff.render.text import render_reading
from calcdiff.render.view_parts import LatexBody, MarkdownBody, m, rich_reading
from calcdiff.results_learn import SCHEMA_VERSION, Backprop
from calcdiff.tree.nodes import Expr, Num
from calcdiff.tree.printer import to_plain

LONG_NOTE = (f"Exact values longer than {LONG} characters are shown by their decimals; "
             "-f json lists them all.")


def _any_long(obj: Backprop) -> bool:
    d = obj.decimals
    return any(is_long(n.value, d) or is_long(n.grad, d)
               or any(is_long(v, d) for v in n.local.values()) for n in obj.nodes) \
        or any(is_long(v, d) for v in obj.gradient.values())


def _point_text(obj: Backprop) -> str:
    return ", ".join(f"{k} = {exact_text(v, obj.decimals)}" for k, v in obj.at.items())


def _delta_name(node_id: str) -> str:
    return f"δ_{node_id}"


# ---------------------------------------------------------------------------------------------
# text


def _backprop_text(obj: Backprop, steps: bool = True) -> str:
    d = obj.decimals
    out: list[str] = []
    render_reading(obj.reading, out)
    out += ["", f"Forward pass at {_point_text(obj)}:"]
    for n in obj.nodes:
        out.append(f"  {n.id} = {to_plain(n.expr)}{equals(n.value, n.value_float, d)}")
    out += ["", "Local derivatives (∂node/∂input at the point):"]
    for n in obj.nodes:
        for inp, loc in n.local.items():
            out.append(f"  ∂{n.id}/∂{inp}{equals(loc, n.local_float.get(inp), d)}"
                       f"   ({n.local_rules[inp]})")
    out += ["", "Backward pass (∂f/∂node = the sum over its users of ∂f/∂user × ∂user/∂node):"]
    for n in reversed(obj.nodes):
        out.append(f"  ∂f/∂{n.id}{equals(n.grad, n.grad_float, d)}")
    deltas = [n for n in obj.nodes if n.delta]
    if deltas:
        out += ["", "δ of each neuron (δ = ∂f/∂z, z the input of its activation):"]
        for n in deltas:
            out.append(f"  {_delta_name(n.id)} = ∂f/∂{n.id}{equals(n.grad, n.grad_float, d)}")
    out += ["", "Gradient:"]
    for k, v in obj.gradient.items():
        out.append(f"  ∂f/∂{k}{equals(v, obj.gradient_float.get(k), d)}")
    if obj.updates:
        out += ["", f"Update step (η = {obj.lr}): w ← w − η·∂f/∂w"]
        for u in obj.updates:
            out.append(f"  {u.name} ← {float_text(u.value)} − {obj.lr}·({float_text(u.grad)}) "
                       f"= {float_text(u.new)}")
    if obj.check is not None:
        out += ["", "Check against central differences (f(v+h) − f(v−h))/2h, h = 1e-6·max(1, |v|):"]
        for name, numeric, ok in obj.check:
            out.append(f"  ∂f/∂{name}: backprop {float_text(obj.gradient_float[name])}, "
                       f"central {float_text(numeric)}  {'✓' if ok else '✗ disagree'}")
    if _any_long(obj):
        out += ["", LONG_NOTE]
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------
# JSON


def _backprop_json(obj: Backprop, steps: bool = True) -> dict:
    out = {"schema": SCHEMA_VERSION, "input": obj.reading.text, "expr": obj.reading.plain,
           "notes": obj.reading.note_messages()}
    out["at"] = {k: exact_text(v, obj.decimals) for k, v in obj.at.items()}
    out["nodes"] = [
        {"id": n.id, "expr": to_plain(n.expr), "op": n.op, "inputs": n.inputs,
         "value": to_plain(n.value), "value_float": float_json(n.value_float),
         "local": {k: to_plain(v) for k, v in n.local.items()},
         "local_float": {k: float_json(v) for k, v in n.local_float.items()},
         "local_rules": n.local_rules,
         "grad": to_plain(n.grad), "grad_float": float_json(n.grad_float),
         "delta": n.delta}
        for n in obj.nodes]
    out["value"] = to_plain(obj.value)
    out["value_float"] = float_json(obj.value_float)
    out["gradient"] = {k: to_plain(v) for k, v in obj.gradient.items()}
    out["gradient_float"] = {k: float_json(v) for k, v in obj.gradient_float.items()}
    out["deltas"] = {n.id: float_json(n.grad_float) for n in obj.nodes if n.delta}
    if obj.updates:
        out["lr"] = obj.lr
        out["updates"] = [{"param": u.name, "value": u.value, "grad": float_json(u.grad),
                           "new": float_json(u.new)} for u in obj.updates]
    if obj.check is not None:
        out["check"] = [{"var": name, "backprop": float_json(obj.gradient_float[name]),
                         "central": float_json(numeric), "ok": ok}
                        for name, numeric, ok in obj.check]
    return out


# ---------------------------------------------------------------------------------------------
# LaTeX and Markdown (one set of math rows)


def _ex(e: Expr, v: float | None, decimals: bool, expr=latex_expr) -> str:
    """An exact value in LaTeX with its decimal beside it (alone where the value is long)."""
    if is_long(e, decimals) and v is not None:
        return r"\approx " + float_latex(v)
    s = latex_decimals(expr(decimal_view(e))) if decimals else expr(e)
    if type(e) is Num and (e.value.denominator == 1 or decimals and "." in s) or v is None:
        return s
    return s + r" \approx " + float_latex(v)


def _dd(top: str, bottom: str, slash: bool = False) -> str:
    if slash:  # inside a table row: one line high
        return rf"\partial {latex_name(top)}/\partial {latex_name(bottom)}"
    return rf"\frac{{\partial {latex_name(top)}}}{{\partial {latex_name(bottom)}}}"


def _factor(s: str) -> str:
    return r"\left(" + s + r"\right)" if s.startswith("-") else s


def _num_only(e: Expr, v: float, decimals: bool, expr) -> str:
    """A factor in the backward pass's sums: exact where short, else its decimal."""
    if is_long(e, decimals):
        return float_latex(v)
    return latex_decimals(expr(decimal_view(e))) if decimals else expr(e)


def _backward_rows(obj: Backprop, expr) -> list[str]:
    """One row per node and input, from the output back: its gradient as the sum, over the
    nodes that use it, of their gradient times their local derivative (read from the graph,
    not recomputed)."""
    d = obj.decimals
    users: dict[str, list] = {}
    for n in obj.nodes:
        for inp in n.local:
            users.setdefault(inp, []).append(n)
    grads = {n.id: (n.grad, n.grad_float) for n in obj.nodes}
    grads.update({k: (v, obj.gradient_float.get(k)) for k, v in obj.gradient.items()})
    out_id = obj.nodes[-1].id if obj.nodes else None
    rows = []
    for name in [n.id for n in reversed(obj.nodes)] + list(obj.gradient):
        lhs = rf"\frac{{\partial f}}{{\partial {latex_name(name)}}}"
        if name == out_id:
            rows.append(lhs + " &= 1")
            continue
        uses = users.get(name, [])
        value = _ex(*grads[name], d, expr)
        if not uses:
            rows.append(lhs + " &= " + value)
            continue
        chain = " + ".join(rf"\frac{{\partial f}}{{\partial {latex_name(u.id)}}}\,"
                           + _dd(u.id, name) for u in uses)
        values = " + ".join(_factor(_num_only(u.grad, u.grad_float, d, expr)) + r" \cdot "
                            + _factor(_num_only(u.local[name], u.local_float[name], d, expr))
                            for u in uses)
        rows.append(lhs + " &= " + chain + " = " + values + " = " + value)
    return rows


def _delta_rows(obj: Backprop, expr) -> list[str]:
    return [rf"\delta_{{{latex_name(n.id)}}} = \frac{{\partial f}}{{\partial {latex_name(n.id)}}}"
            " &= " + _ex(n.grad, n.grad_float, obj.decimals, expr)
            for n in obj.nodes if n.delta]


def _gradient_rows(obj: Backprop, expr) -> list[str]:
    return [rf"\frac{{\partial f}}{{\partial {latex_name(k)}}} &= "
            + _ex(v, obj.gradient_float.get(k), obj.decimals, expr)
            for k, v in obj.gradient.items()]


def _update_rows(obj: Backprop) -> list[str]:
    eta = float_latex(obj.lr_float)
    return [latex_name(u.name) + r" &\leftarrow " + float_latex(u.value) + " - " + eta
            + r" \cdot " + _factor(float_latex(u.grad)) + " = " + float_latex(u.new)
            for u in obj.updates]


def _check_rows(obj: Backprop) -> list[str]:
    return [rf"\frac{{\partial f}}{{\partial {latex_name(name)}}} &: \text{{backprop }} "
            + float_latex(obj.gradient_float[name]) + r",\quad \text{central } "
            + (float_latex(numeric) if numeric is not None else r"\text{undefined}")
            + (r"\quad \text{agree}" if ok else r"\quad \text{disagree}")
            for name, numeric, ok in obj.check]


def _point_math(obj: Backprop) -> str:
    return r",\ ".join(f"{latex_name(k)} = "
                       + (latex_decimals(latex_expr(decimal_view(v))) if obj.decimals
                          else latex_expr(v)) for k, v in obj.at.items())


def _node_cells(n, obj: Backprop, expr) -> list[str]:
    d = obj.decimals
    # the last three columns are paragraphs (TeX breaks their lines), the others single boxes
    local = r" \newline ".join(f"${_dd(n.id, inp, True)} = "
                               f"{inline_math(_ex(loc, n.local_float.get(inp), d, expr))}$"
                               for inp, loc in n.local.items())
    return ["$" + latex_name(n.id) + "$", "$" + fitted_cell(expr(n.expr), NODE_CELL) + "$",
            r"\texttt{" + latex_text(n.op) + "}",
            ", ".join("$" + latex_name(i) + "$" for i in n.inputs),
            r"\raggedright $" + inline_math(_ex(n.value, n.value_float, d, expr)) + "$",
            r"\raggedright " + local,
            r"\raggedright $" + inline_math(_ex(n.grad, n.grad_float, d, expr)) + "$"]


NODE_CELL = 20  # a node's expression wider than this goes on in rows within its cell


def _para(width: float) -> str:
    return f"p{{{width}\\linewidth}}"


_NODE_HEAD = ["node", "expression", "op", "inputs", "value", "local derivatives",
              r"$\partial f/\partial\,$node"]

_UPDATE_TEXT = r"The update step $w \leftarrow w - \eta\,\partial f/\partial w$"


def _backprop_latex(obj: Backprop, steps: bool = True) -> str:
    doc = LatexBody(partial=True)
    doc.reading(obj.reading)
    doc.heading("The computational graph at $" + _point_math(obj) + "$")
    doc.par("Forward pass: each node's value from its inputs; local derivatives: "
            r"$\partial\,\text{node}/\partial\,\text{input}$ at the point.")
    rows = [" & ".join(_node_cells(n, obj, doc.expr)) + r" \tabularnewline" for n in obj.nodes]
    doc.raw("\\begin{center}\\small\\setlength{\\tabcolsep}{4pt}\n"
            "\\begin{tabular}{llll" + _para(0.17) + _para(0.24) + _para(0.15) + "}\n\\hline\n"
            + " & ".join(_NODE_HEAD) + " \\tabularnewline\n\\hline\n" + "\n".join(rows)
            + "\n\\hline\n\\end{tabular}\n\\end{center}")
    doc.heading("Backward pass")
    doc.par("Each node's gradient is the sum, over the nodes that use it, of their gradient "
            "times their local derivative.")
    doc.align(fitted_rows(_backward_rows(obj, doc.expr)))
    if any(n.delta for n in obj.nodes):
        doc.heading(r"The $\delta$ of each neuron")
        doc.par(r"$\delta = \partial f/\partial z$, $z$ the input of the neuron's activation.")
        doc.align(fitted_rows(_delta_rows(obj, doc.expr)))
    doc.heading("Gradient")
    doc.align(fitted_rows(_gradient_rows(obj, doc.expr)))
    if obj.updates:
        doc.heading("Update step")
        doc.par(_UPDATE_TEXT + rf" with $\eta = {float_latex(obj.lr_float)}$.")
        doc.align(_update_rows(obj))
    if obj.check is not None:
        doc.heading("Check against central differences")
        doc.align(_check_rows(obj))
    if _any_long(obj):
        doc.par(latex_text(LONG_NOTE))
    return doc.body()


def _aligned(rows: list[str]) -> str:
    return "$$\\begin{aligned}" + " \\\\ ".join(rows) + "\\end{aligned}$$"


def _backprop_markdown(obj: Backprop, steps: bool = True) -> str:
    doc = MarkdownBody(partial=True)
    doc.reading(obj.reading)
    d = obj.decimals
    doc.heading("The computational graph at " + m(_point_math(obj)))
    rows = []
    for n in obj.nodes:
        local = ", ".join(m(_dd(n.id, inp, True) + " = " + _ex(loc, n.local_float.get(inp), d,
                                                                 doc.expr))
                          for inp, loc in n.local.items())
        rows.append([m(latex_name(n.id)), m(doc.expr(n.expr)), "`" + n.op + "`",
                     ", ".join(m(latex_name(i)) for i in n.inputs),
                     m(_ex(n.value, n.value_float, d, doc.expr)), local,
                     m(_ex(n.grad, n.grad_float, d, doc.expr))])
    doc.table(["node", "expression", "op", "inputs", "value", "local derivatives",
               r"$\partial f/\partial$ node"], rows, "llllrlr")
    doc.heading("Backward pass")
    doc.add("Each node's gradient is the sum, over the nodes that use it, of their gradient "
            "times their local derivative.", "")
    doc.add(_aligned(_backward_rows(obj, doc.expr)))
    if any(n.delta for n in obj.nodes):
        doc.heading("The δ of each neuron")
        doc.add("δ = ∂f/∂z, z the input of the neuron's activation.", "")
        doc.add(_aligned(_delta_rows(obj, doc.expr)))
    doc.heading("Gradient")
    doc.add(_aligned(_gradient_rows(obj, doc.expr)))
    if obj.updates:
        doc.heading("Update step")
        doc.add(f"w ← w − η·∂f/∂w with η = {obj.lr}.", "")
        doc.add(_aligned(_update_rows(obj)))
    if obj.check is not None:
        doc.heading("Check against central differences")
        doc.add(_aligned(_check_rows(obj)))
    if _any_long(obj):
        doc.add("", LONG_NOTE)
    return doc.body()


# ---------------------------------------------------------------------------------------------
# rich


def _backprop_rich(obj: Backprop, steps: bool = True):
    d = obj.decimals
    parts = rich_reading(obj.reading)
    point = ", ".join(f"{pretty_name(k)} = {exact_text(v, d)}" for k, v in obj.at.items())
    table = Table(title=f"Computational graph at {point}", title_justify="left",
                  header_style="bold")
    for h, just in (("node", "left"), ("expression", "left"), ("op", "left"),
                    ("value", "right"), ("local ∂node/∂input", "left"), ("∂f/∂node", "right")):
        table.add_column(h, justify=just, overflow="fold")
    for n in obj.nodes:
        local = "\n".join(f"∂/∂{pretty_name(k)}{equals(v, n.local_float.get(k), d)}"
                          for k, v in n.local.items())
        name = n.id + (f" (δ_{n.id})" if n.delta else "")
        table.add_row(Text(name, style="yellow"), Text(pretty(n.expr)), Text(n.op),
                      Text(value_text(n.value, n.value_float, d)), Text(local),
                      Text(value_text(n.grad, n.grad_float, d), style="green"))
    parts.append(table)
    parts.append(Text("Backward pass: each node's ∂f/∂node is the sum over its users of "
                      "their ∂f/∂user × local derivative; δ_z = ∂f/∂z for a neuron's input z.",
                      style="dim"))
    parts.append(Text.assemble(("Gradient ", "bold"), (", ".join(
        f"∂f/∂{pretty_name(k)}{equals(v, obj.gradient_float.get(k), d)}"
        for k, v in obj.gradient.items()), "bold green")))
    if obj.updates:
        parts.append(Text(f"Update step (η = {obj.lr}): " + ", ".join(
            f"{u.name} ← {float_text(u.new)}" for u in obj.updates)))
    if obj.check is not None:
        parts.append(Text("Central differences: " + ", ".join(
            f"∂f/∂{name} {float_text(numeric)} {'✓' if ok else '✗'}"
            for name, numeric, ok in obj.check)))
    if _any_long(obj):
        parts.append(Text(LONG_NOTE, style="dim"))
    return Group(*parts)


VIEWS = {
    "text": {Backprop: _backprop_text},
    "json": {Backprop: _backprop_json},
    "markdown": {Backprop: _backprop_markdown},
    "latex": {Backprop: _backprop_latex},
    "rich": {Backprop: _backprop_rich},
}
