"""Views of a Taylor polynomial in several variables, in every format: f(a), the gradient and
the Hessian as formulas and at the point, each degree's part in powers of (x − a), and the
polynomial multiplied out."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text

from calcdiff.render.latex import latex_name
from calcdiff.render.latex_rows import ROW_WIDTH, fitted_cell, fitted_rows
from calcdiff.render.text import render_reading
from calcdiff.render.view_parts import LatexBody, MarkdownBody, rich_reading
from calcdiff.results_explore import TaylorMulti
from calcdiff.results_learn import SCHEMA_VERSION
from calcdiff.tree.printer import to_plain

DEGREE_NAMES = {0: "f(a)", 1: "∇f(a)·(x − a)", 2: "½ (x − a)ᵀ H(a) (x − a)"}


def _point(obj: TaylorMulti) -> str:
    names = ", ".join(obj.vars)
    return f"({names}) = ({', '.join(to_plain(obj.at[v]) for v in obj.vars)})"


def _vec(es) -> str:
    return "(" + ", ".join(to_plain(e) for e in es) + ")"


def _mat(rows) -> str:
    return "[" + "; ".join(", ".join(to_plain(e) for e in r) for r in rows) + "]"


def _formula(obj: TaylorMulti) -> str:
    parts = [DEGREE_NAMES.get(k, f"(degree {k} terms)") for k in range(obj.order + 1)]
    return " + ".join(parts)


def _taylor_multi_text(obj: TaylorMulti, steps: bool = True) -> str:
    out: list[str] = []
    render_reading(obj.reading, out)
    out += ["", f"Taylor polynomial of order {obj.order} at {_point(obj)}:",
            f"  T(x) = {_formula(obj)}", "", f"  f(a) = {to_plain(obj.value)}"]
    if obj.gradient:
        out.append(f"  ∇f = {_vec(obj.gradient)}")
        out.append(f"  ∇f(a) = {_vec(obj.gradient_at)}")
    if obj.hessian:
        out.append(f"  H = {_mat(obj.hessian)}")
        out.append(f"  H(a) = {_mat(obj.hessian_at)}")
    out += ["", "Terms by degree:"]
    for k, t in obj.terms:
        out.append(f"  degree {k}: {to_plain(t)}")
    out += ["", f"T{obj.order}({', '.join(obj.vars)}) = {to_plain(obj.polynomial)}"]
    return "\n".join(out)


def _taylor_multi_json(obj: TaylorMulti, steps: bool = True) -> dict:
    return {"schema": SCHEMA_VERSION, "kind": "several-variables", "input": obj.reading.text,
            "expr": obj.reading.plain, "notes": obj.reading.note_messages(),
            "vars": obj.vars, "at": {v: to_plain(obj.at[v]) for v in obj.vars},
            "order": obj.order, "value": to_plain(obj.value),
            "gradient": [to_plain(e) for e in obj.gradient],
            "gradient_at": [to_plain(e) for e in obj.gradient_at],
            "hessian": [[to_plain(e) for e in r] for r in obj.hessian],
            "hessian_at": [[to_plain(e) for e in r] for r in obj.hessian_at],
            "terms": [{"degree": k, "term": to_plain(t)} for k, t in obj.terms],
            "polynomial": to_plain(obj.polynomial)}


def _rows(obj: TaylorMulti, expr, cell=lambda s, columns: s) -> list[str]:
    """The rows of the result; ``cell`` fits an entry of a vector or matrix of ``columns``
    columns (LaTeX's cells)."""
    def vec(es):
        return r"\begin{pmatrix}" + r" \\ ".join(cell(expr(e), 1) for e in es) + r"\end{pmatrix}"

    def mat(rows):
        return (r"\begin{pmatrix}" + r" \\ ".join(" & ".join(cell(expr(e), len(r)) for e in r)
                                                  for r in rows) + r"\end{pmatrix}")

    names = ", ".join(latex_name(v) for v in obj.vars)
    rows = [r"f(\mathbf{a}) &= " + expr(obj.value)]
    if obj.gradient:
        rows.append(r"\nabla f &= " + vec(obj.gradient) + r",\qquad \nabla f(\mathbf{a}) = "
                    + vec(obj.gradient_at))
    if obj.hessian:
        rows.append(r"H &= " + mat(obj.hessian) + r",\qquad H(\mathbf{a}) = "
                    + mat(obj.hessian_at))
    for k, t in obj.terms:
        rows.append(rf"\text{{degree {k}}} &: " + expr(t))
    rows.append(rf"T_{{{obj.order}}}({names}) &= " + expr(obj.polynomial))
    return rows


_MODEL = (r"T(\mathbf{x}) = f(\mathbf{a}) + \nabla f(\mathbf{a})\cdot(\mathbf{x} - \mathbf{a})"
          r" + \tfrac12 (\mathbf{x} - \mathbf{a})^{\mathsf T} H(\mathbf{a})"
          r"(\mathbf{x} - \mathbf{a}) + \cdots")


def _taylor_multi_latex(obj: TaylorMulti, steps: bool = True) -> str:
    doc = LatexBody(partial=True)
    doc.reading(obj.reading)
    doc.heading(f"Taylor polynomial of order {obj.order}")
    doc.align(["&" + _MODEL])
    doc.align(fitted_rows(_rows(obj, doc.expr,
                                lambda s, columns: fitted_cell(s, ROW_WIDTH // columns))))
    return doc.body()


def _taylor_multi_markdown(obj: TaylorMulti, steps: bool = True) -> str:
    doc = MarkdownBody(partial=True)
    doc.reading(obj.reading)
    doc.heading(f"Taylor polynomial of order {obj.order}")
    doc.add("$$" + _MODEL + "$$", "")
    doc.add("$$\\begin{aligned}" + " \\\\ ".join(_rows(obj, doc.expr)) + "\\end{aligned}$$")
    return doc.body()


def _taylor_multi_rich(obj: TaylorMulti, steps: bool = True):
    lines = _taylor_multi_text(obj, steps).split("\n")
    start = lines.index("") + 1
    return Group(*rich_reading(obj.reading), *(Text(line) for line in lines[start:-1]),
                 Text(lines[-1], style="bold green"))


VIEWS = {
    "text": {TaylorMulti: _taylor_multi_text},
    "json": {TaylorMulti: _taylor_multi_json},
    "markdown": {TaylorMulti: _taylor_multi_markdown},
    "latex": {TaylorMulti: _taylor_multi_latex},
    "rich": {TaylorMulti: _taylor_multi_rich},
}
