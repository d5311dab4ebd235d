"""Views of Newton's method (``calcdiff newton``) in every format: the gradient and the
Hessian derived once, then each step's linear solve H·Δ = −∇f and the new point, and an
honest last line (the kind of point reached, or a singular Hessian)."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text

from calcdiff.render.decimals import (counted, decimal_view, float_json, float_latex,
                                      float_text, floats_json, stop_rule)
from calcdiff.render.decimals import latex_decimals
from calcdiff.render.latex import latex_name, latex_text
from calcdiff.render.latex_rows import fitted_rows
from calcdiff.render.text import render_reading
from calcdiff.render.view_parts import LatexBody, MarkdownBody, rich_reading
from calcdiff.results_learn import SCHEMA_VERSION, Newton
from calcdiff.tree.printer import to_plain

MAX_SHOWN = 12  # steps shown in full; JSON has them all


def _plain(obj: Newton, e) -> str:
    return to_plain(decimal_view(e) if obj.decimals else e)


def _vec(vs) -> str:
    if len(vs) == 1:
        return float_text(vs[0])
    return "(" + ", ".join(float_text(v) for v in vs) + ")"


def _mat(rows) -> str:
    return "[" + "; ".join(", ".join(float_text(v) for v in r) for r in rows) + "]"


def outcome(obj: Newton) -> str:
    k = obj.steps[-1].k if obj.steps else 0
    point = _vec(obj.final)
    if obj.singular:
        return (f"Stopped at step {k}: the Hessian at {point} is singular, so H·Δ = −∇f has "
                "no unique solution (Newton's method needs an invertible Hessian)")
    if obj.diverged and obj.divergence:
        return f"{obj.divergence}, stopped at step {k}"
    if obj.runaway:
        return (f"Diverged at step {k}: the steps do not shrink, the iterates run away from "
                f"every critical point (last point {point})")
    if obj.diverged:
        return (f"Diverged at step {k}: f or its derivatives have no finite value at "
                f"{point}")
    if obj.converged:
        s = obj.stationary
        where = f"after {counted(k, 'step')} ({stop_rule(obj.tol)}) at {point}"
        if s is None:
            return f"Converged {where}"
        if s.kind == "minimum":
            return f"Converged to a minimum {where}: {s.reason}"
        if s.kind == "degenerate":
            return f"Converged to a critical point {where}: {s.reason}"
        if s.kind == "tolerance":
            return f"Stopped {where}, not at a critical point: {s.reason}"
        if s.kind == "flat":
            return f"Stopped on a flat region, not at a critical point, {where}: {s.reason}"
        return (f"Converged to a {s.kind}, not a minimum, {where}: {s.reason} (Newton's method "
                "finds any critical point)")
    return f"Not converged after {counted(k, 'step')}; last point {point}"


def _shown(obj: Newton) -> list:
    steps = obj.steps
    if len(steps) <= MAX_SHOWN:
        return list(steps)
    return steps[:MAX_SHOWN - 2] + [None] + steps[-1:]


def _newton_text(obj: Newton, steps: bool = True) -> str:
    out: list[str] = []
    render_reading(obj.reading, out)
    n = obj.vars
    out += ["", "Gradient and Hessian (derived once):"]
    for v, e in zip(n, obj.gradient):
        out.append(f"  ∂f/∂{v} = {_plain(obj, e)}")
    for i, row in enumerate(obj.hessian):
        for j, e in enumerate(row):
            if j >= i:
                out.append(f"  ∂²f/∂{n[i]}∂{n[j]} = {_plain(obj, e)}")
    one = len(n) == 1
    out += ["", "Newton's method: " + (f"{n[0]} ← {n[0]} − f′({n[0]})/f″({n[0]})" if one else
                                        "x ← x + Δ, where H(x)·Δ = −∇f(x)")
            + f", from {_vec(obj.start)}"]
    for s in _shown(obj):
        if s is None:
            out.append("  …")
            continue
        out.append(f"  step {s.k}: {n[0] if one else 'x'} = "
                   f"{float_text(s.point[0]) if one else _vec(s.point)}, "
                   f"f = {float_text(s.value)}")
        if one:
            out.append(f"    f′ = {float_text(s.gradient[0])}, f″ = "
                       f"{float_text(s.hessian[0][0]) if s.hessian else 'undefined'}"
                       + (f", Δ = −f′/f″ = {float_text(s.step[0])}" if s.step else ""))
            continue
        out.append(f"    ∇f = {_vec(s.gradient)}, H = {_mat(s.hessian)}")
        if s.step:
            out.append(f"    solve H·Δ = −∇f: Δ = {_vec(s.step)}")
    out += ["", outcome(obj)]
    return "\n".join(out)


def _newton_json(obj: Newton, steps: bool = True) -> dict:
    return {"schema": SCHEMA_VERSION, "input": obj.reading.text, "expr": obj.reading.plain,
            "notes": obj.reading.note_messages(), "vars": list(obj.vars),
            "gradient": [_plain(obj, e) for e in obj.gradient],
            "hessian": [[_plain(obj, e) for e in row] for row in obj.hessian],
            "from": obj.start,
            "steps": [{"k": s.k, "point": floats_json(s.point), "value": float_json(s.value),
                       "gradient": floats_json(s.gradient),
                       "hessian": [floats_json(row) for row in s.hessian],
                       "delta": floats_json(s.step) or None}
                      for s in obj.steps],
            "converged": obj.converged, "singular": obj.singular, "diverged": obj.diverged,
            "stopped_at": None if obj.stationary is None else
            {"kind": obj.stationary.kind, "eigenvalues": obj.stationary.eigenvalues},
            "outcome": outcome(obj), "final": floats_json(obj.final)}


def _vec_tex(vs) -> str:
    return r"\begin{pmatrix}" + r" \\ ".join(float_latex(v, 8) for v in vs) + r"\end{pmatrix}"


def _mat_tex(rows) -> str:
    return (r"\begin{pmatrix}" + r" \\ ".join(" & ".join(float_latex(v, 8) for v in r)
                                              for r in rows) + r"\end{pmatrix}")


def _math_rows(obj: Newton, expr) -> tuple[list[str], list[str]]:
    def tex(e):
        return latex_decimals(expr(decimal_view(e))) if obj.decimals else expr(e)

    n = [latex_name(v) for v in obj.vars]
    derived = [rf"\frac{{\partial f}}{{\partial {v}}} &= " + tex(e)
               for v, e in zip(n, obj.gradient)]
    for i, row in enumerate(obj.hessian):
        for j, e in enumerate(row):
            if j >= i:
                derived.append(rf"\frac{{\partial^2 f}}{{\partial {n[i]}\,\partial {n[j]}}} &= "
                               + tex(e))
    rows = []
    for s in _shown(obj):
        if s is None:
            rows.append(r"&\vdots")
            continue
        line = (rf"k = {s.k}:\quad \mathbf{{x}} &= " + _vec_tex(s.point) + r",\ f = "
                + float_latex(s.value, 8) + r",\ \nabla f = " + _vec_tex(s.gradient)
                + r",\ H = " + _mat_tex(s.hessian))
        if s.step:
            line += r",\ \Delta = H^{-1}(-\nabla f) = " + _vec_tex(s.step)
        rows.append(line)
    return derived, rows


def _newton_latex(obj: Newton, steps: bool = True) -> str:
    doc = LatexBody(partial=len(obj.vars) > 1)
    doc.reading(obj.reading)
    derived, rows = _math_rows(obj, doc.expr)
    doc.heading("The gradient and the Hessian, derived once")
    doc.align(fitted_rows(derived))
    doc.heading("Newton's method")
    doc.par(r"Each step solves $H(\mathbf{x})\,\Delta = -\nabla f(\mathbf{x})$ and moves to "
            r"$\mathbf{x} + \Delta$.")
    doc.align(rows)
    doc.par(r"\textbf{" + latex_text(outcome(obj)) + "}")
    return doc.body()


def _newton_markdown(obj: Newton, steps: bool = True) -> str:
    doc = MarkdownBody(partial=len(obj.vars) > 1)
    doc.reading(obj.reading)
    derived, rows = _math_rows(obj, doc.expr)
    doc.heading("The gradient and the Hessian, derived once")
    doc.add("$$\\begin{aligned}" + " \\\\ ".join(derived) + "\\end{aligned}$$", "")
    doc.heading("Newton's method")
    doc.add("Each step solves H(x)·Δ = −∇f(x) and moves to x + Δ.", "")
    doc.add("$$\\begin{aligned}" + " \\\\ ".join(rows) + "\\end{aligned}$$", "")
    doc.add("**" + outcome(obj) + "**")
    return doc.body()


def _newton_rich(obj: Newton, steps: bool = True):
    parts = rich_reading(obj.reading)
    body = _newton_text(obj, steps).split("\n")
    start = body.index("") + 1 if "" in body else 0
    parts.extend(Text(line) for line in body[start:-1])
    good = obj.converged and obj.stationary is not None and obj.stationary.kind == "minimum"
    parts.append(Text(outcome(obj), style="bold green" if good else "yellow"))
    return Group(*parts)


VIEWS = {
    "text": {Newton: _newton_text},
    "json": {Newton: _newton_json},
    "markdown": {Newton: _newton_markdown},
    "latex": {Newton: _newton_latex},
    "rich": {Newton: _newton_rich},
}
