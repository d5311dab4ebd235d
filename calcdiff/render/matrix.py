"""Views of a matrix gradient (:class:`~calcdiff.results_matrix.MatrixGradient`) in every
format: text, Markdown, LaTeX (bold vectors, ``^\\top``), JSON and rich. They print what the
computation recorded: the symbols with their shapes, the layout, each differential step with
its rule, the trace-trick steps, the answer."""

from __future__ import annotations

from calcdiff.matrix.engine import RULES
from calcdiff.matrix.nodes import MExpr
from calcdiff.matrix.printer import shape_text, write
from calcdiff.results_matrix import MatrixGradient

KIND_TITLE = {"gradient": "Gradient", "jacobian": "Jacobian",
              "vjp": "Vector–Jacobian product (backpropagation)"}
KIND_TITLE_ASCII = {"gradient": "Gradient", "jacobian": "Jacobian",
                    "vjp": "Vector-Jacobian product (backpropagation)"}


def _symbol_line(v, kind="unicode") -> str:
    size = {"scalar": "", "vector": f" of length {v.shape[0]}",
            "matrix": " " + shape_text(v.shape, kind)}[v.kind]
    flags = (", symmetric" if v.symmetric else "") + (", entries sum to 1" if v.simplex else "")
    return f"{write(v, kind)}: {v.kind}{size}{flags}"


def _lhs(step, kind="unicode") -> str:
    if step.rule in ("trace-trick", "gradient"):
        return write(step.lhs, kind)
    inner = write(step.lhs, kind)
    if kind == "latex":
        return r"\mathrm{d}\left(" + inner + r"\right)"
    return f"d({inner})"


def _answer_label(part, kind="unicode") -> str:
    name = write(part.wrt, kind)
    top = "L" if part.kind == "vjp" else "f"
    if kind == "latex":
        return rf"\frac{{\partial {top}}}{{\partial {name}}}"
    return f"∂{top}/∂{name}" if kind == "unicode" else f"d{top}/d{name}"


def _step_lines(step, depth: int, kind: str) -> list[tuple[int, str, str]]:
    out = [(depth, f"{_lhs(step, kind)} = {write(step.rhs, kind)}", step.rule)]
    for s in step.substeps:
        if s.rule != "constant" or depth < 1:
            out.extend(_step_lines(s, depth + 1, kind))
    return out


def _df(part, kind: str) -> str:
    return write(part.simplified_differential, kind)


# ---------------------------------------------------------------------------------------------
# text


def render_text(r: MatrixGradient, steps: bool = True) -> str:
    lines = [f"f = {write(r.expr)}"]
    lines.append("symbols: " + "; ".join(_symbol_line(v) for v in r.symbols))
    lines.append(f"layout: {r.layout}")
    for p in r.parts:
        lines.append("")
        lines.append(f"{KIND_TITLE[p.kind]} with respect to {write(p.wrt)} "
                     f"({p.wrt.kind} {shape_text(p.wrt.shape)})")
        if steps:
            lines.append("  differential:")
            for depth, text, rule in _step_lines(p.differential, 0, "unicode"):
                lines.append("    " + "  " * depth + f"{text}    [{rule}: {RULES[rule]}]")
            lines.append(f"    df = {_df(p, 'unicode')}")
            lines.append("  reading off the gradient:")
            for s in p.trace_steps:
                lines.append(f"    {_lhs(s)} = {write(s.rhs)}    [{s.rule}: {RULES[s.rule]}]")
        lines.append(f"  {p.layout_note}")
        lines.append(f"  {_answer_label(p)} = {write(p.answer)}")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Markdown


def render_markdown(r: MatrixGradient, steps: bool = True) -> str:
    out = [f"**f** = `{write(r.expr)}`", ""]
    out += [f"- `{_symbol_line(v)}`" for v in r.symbols]
    out += ["", f"Layout: **{r.layout}**.", ""]
    for p in r.parts:
        out.append(f"### {KIND_TITLE[p.kind]} with respect to `{write(p.wrt)}`")
        out.append("")
        if steps:
            out.append("| step | rule |")
            out.append("|---|---|")
            for depth, text, rule in _step_lines(p.differential, 0, "unicode"):
                out.append(f"| {'&nbsp;&nbsp;' * depth}`{text}` | {rule}: {RULES[rule]} |")
            for s in p.trace_steps:
                out.append(f"| `{_lhs(s)} = {write(s.rhs)}` | {s.rule}: {RULES[s.rule]} |")
            out.append("")
        out.append(f"{p.layout_note}.")
        out.append("")
        out.append(f"**{_answer_label(p)} = `{write(p.answer)}`**")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


# ---------------------------------------------------------------------------------------------
# LaTeX (pure ASCII: the notes are written here from the recorded fields)


def _latex_symbol(v) -> str:
    size = {"scalar": "", "vector": f" of length ${v.shape[0]}$",
            "matrix": " $" + shape_text(v.shape, "latex") + "$"}[v.kind]
    flags = (", symmetric" if v.symmetric else "") + (", entries sum to 1" if v.simplex else "")
    return f"${write(v, 'latex')}$: {v.kind}{size}{flags}"


def render_latex(r: MatrixGradient, steps: bool = True) -> str:
    out = [r"\[ f = " + write(r.expr, "latex") + r" \]"]
    out.append("Symbols: " + "; ".join(_latex_symbol(v) for v in r.symbols) + ".")
    out.append(f"Layout: {r.layout}.")
    for p in r.parts:
        title = KIND_TITLE_ASCII[p.kind]
        out.append(rf"\subsection*{{{title} with respect to ${write(p.wrt, 'latex')}$}}")
        if steps:
            rows = []
            for depth, text, rule in _step_lines(p.differential, 0, "latex"):
                rows.append(r"\quad " * depth + text.replace(" = ", " &= ", 1)
                            + rf" && \text{{{rule}}}")
            for s in p.trace_steps:
                rows.append(f"{_lhs(s, 'latex')} &= {write(s.rhs, 'latex')}"
                            rf" && \text{{{s.rule}}}")
            out.append(r"\begin{align*}" + " \\\\\n".join(rows) + r"\end{align*}")
        out.append(p.note("latex")[0].upper() + p.note("latex")[1:] + ".")
        out.append(r"\[ " + _answer_label(p, "latex") + " = " + write(p.answer, "latex")
                   + r" \]")
    return "\n\n".join(out)


def inline_statement(r: MatrixGradient) -> str:
    """Jupyter's one formula: f, then each derivative in the stated layout."""
    parts = [f"f = {write(r.expr, 'latex')}"]
    parts += [f"{_answer_label(p, 'latex')} = {write(p.answer, 'latex')}" for p in r.parts]
    return r",\quad ".join(parts) + rf"\quad\text{{({r.layout} layout)}}"


# ---------------------------------------------------------------------------------------------
# JSON


def _expr_json(e: MExpr) -> dict:
    return {"plain": write(e, "ascii"), "unicode": write(e), "latex": write(e, "latex"),
            "shape": list(e.shape)}


def _step_json(step) -> dict:
    d = {"rule": step.rule, "statement": RULES[step.rule],
         "lhs": _expr_json(step.lhs), "rhs": _expr_json(step.rhs)}
    if step.substeps:
        d["substeps"] = [_step_json(s) for s in step.substeps]
    return d


def render_json(r: MatrixGradient, steps: bool = True) -> dict:
    return {
        "command": "grad", "kind": "matrix", "input": r.input,
        # expr a string, as every command's is; its other notations and shape beside it
        "expr": write(r.expr, "ascii"), "expr_forms": _expr_json(r.expr), "layout": r.layout,
        "symbols": [{"name": v.name, "kind": v.kind, "shape": list(v.shape),
                     "symmetric": v.symmetric, "sums_to_one": v.simplex} for v in r.symbols],
        "parts": [{
            "wrt": p.wrt.name, "kind": p.kind, "layout_note": p.layout_note,
            "differential": _expr_json(p.simplified_differential),
            "steps": [_step_json(p.differential)] if steps else [],
            "trace_trick": [_step_json(s) for s in p.trace_steps] if steps else [],
            "answer": _expr_json(p.answer),
        } for p in r.parts],
    }


# ---------------------------------------------------------------------------------------------
# rich


def render_rich(r: MatrixGradient, steps: bool = True):
    from rich.text import Text  # rich: only for the rich format

    out = Text()
    out.append("f = ", style="bold")
    out.append(write(r.expr) + "\n")
    for v in r.symbols:
        out.append("  " + _symbol_line(v) + "\n", style="dim")
    out.append(f"layout: {r.layout}\n", style="italic")
    for p in r.parts:
        out.append(f"\n{KIND_TITLE[p.kind]} with respect to {write(p.wrt)}\n", style="bold")
        if steps:
            for depth, text, rule in _step_lines(p.differential, 0, "unicode"):
                out.append("  " + "  " * depth + text)
                out.append(f"   {rule}\n", style="cyan")
            for s in p.trace_steps:
                out.append(f"  {_lhs(s)} = {write(s.rhs)}")
                out.append(f"   {s.rule}\n", style="cyan")
        out.append(f"  {p.layout_note}\n", style="dim")
        out.append(f"  {_answer_label(p)} = {write(p.answer)}\n", style="bold green")
    return out


VIEWS = {
    "text": {MatrixGradient: render_text},
    "markdown": {MatrixGradient: render_markdown},
    "latex": {MatrixGradient: render_latex},
    "json": {MatrixGradient: render_json},
    "rich": {MatrixGradient: render_rich},
}

