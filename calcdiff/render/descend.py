"""Views of gradient descent (``calcdiff descend``) in every format: the gradient derived
once, the method's update equations, the iterations (every K-th with ``--every``), the loss
per epoch over data, and an honest last line (minimum, saddle, maximum, divergence + hint)."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text

from calcdiff.render.decimals import (counted, decimal_view, float_json, float_latex,
                                      float_text, floats_json, latex_decimals, stop_rule)
from calcdiff.render.json_ import _root_json
from calcdiff.render.latex import latex_name, latex_text
from calcdiff.render.latex_rows import fitted_rows
from calcdiff.render.latex_text import latex_iterate
from calcdiff.render.layout import table_lines
from calcdiff.render.pretty import pretty, pretty_name
from calcdiff.render.text import render_reading, render_step
from calcdiff.render.view_parts import LatexBody, MarkdownBody, m, rich_reading, rich_steps
from calcdiff.results_learn import SCHEMA_VERSION, Descent
from calcdiff.tree.printer import to_plain

TEXT_ALL = 25  # up to this many rows the text table shows them all
TEXT_HEAD, TEXT_TAIL = 15, 5
TABLE_ALL = 16  # LaTeX, Markdown and rich: every row up to this many, else first/last
TABLE_HEAD, TABLE_TAIL = 8, 5
METHOD_NAMES = {"gd": "Gradient descent", "momentum": "Gradient descent with momentum",
                "adam": "Adam"}
SETTING_NAMES = {"beta": "β", "beta1": "β₁", "beta2": "β₂", "eps": "ε"}
SETTING_LATEX = {"beta": r"\beta", "beta1": r"\beta_1", "beta2": r"\beta_2",
                 "eps": r"\varepsilon"}


def _plain(obj: Descent, e) -> str:
    return to_plain(decimal_view(e) if obj.decimals else e)


def _tex(obj: Descent, e, expr) -> str:
    return latex_decimals(expr(decimal_view(e))) if obj.decimals else expr(e)


def _vec(vs, digits: int = 10) -> str:
    if len(vs) == 1:
        return float_text(vs[0], digits)
    return "(" + ", ".join(float_text(v, digits) for v in vs) + ")"


def _selected(obj: Descent) -> list:
    """The iterations the tables show: every K-th (and the last)."""
    its = obj.iterations
    if obj.every <= 1:
        return list(its)
    return [it for i, it in enumerate(its) if it.k % obj.every == 0 or i == len(its) - 1]


def _epochs(obj: Descent) -> list:
    """The epochs the loss table shows: every K-th (and the last)."""
    rows = obj.epoch_losses
    return [e for i, e in enumerate(rows) if e[0] % obj.every == 0 or i == len(rows) - 1]


def _cut(rows: list, limit: int, head: int, tail: int) -> tuple[list, int]:
    """At most ``limit`` rows: the first ``head`` and last ``tail``, ``None`` for the gap."""
    if len(rows) <= limit:
        return rows, 0
    return rows[:head] + [None] + rows[-tail:], len(rows) - head - tail


def _vector_label(names: list[str]) -> tuple[str, str]:
    if len(names) == 1:
        return names[0], f"∂f/∂{names[0]}"
    return "(" + ", ".join(names) + ")", "∇f = (" + ", ".join(f"∂f/∂{n}" for n in names) + ")"


def _method_line(obj: Descent) -> str:
    names = ", ".join(obj.vars)
    settings = "".join(f", {SETTING_NAMES[k]} = {v}" for k, v in obj.settings.items())
    how = ""
    if obj.data is not None:
        n = len(obj.data.rows)
        kind = ("full batch" if obj.batch_size >= n else
                "SGD, one sample per step" if obj.batch_size == 1 else
                f"minibatches of {obj.batch_size}")
        how = (f"; f = the mean of the loss over the {n} samples of {obj.data.path} "
               f"({kind}, {obj.epochs} epochs"
               + (f", shuffled with seed {obj.seed}" if obj.batch_size < n else "") + ")")
    theta = names if len(obj.vars) == 1 else f"({names})"
    return (f"{METHOD_NAMES[obj.method]} on θ = {theta}, η = {obj.lr}{settings}, "
            f"from {_vec(obj.start)}{how}")


def outcome(obj: Descent) -> str:
    """The last line: what the iterates did, and what kind of point they reached."""
    point = _vec(obj.final)
    k = obj.iterations[-1].k if obj.iterations else 0
    if obj.diverged:
        return (f"{obj.divergence or 'Diverged: the iterates grew without bound'}, stopped "
                f"at iteration {k}"
                + (f". {obj.hint}" if obj.hint else " (try a smaller --lr)"))
    if obj.converged:
        s = obj.stationary
        where = f"after {counted(k, 'iteration')} ({stop_rule(obj.tol)}) at {point}"
        if s is None:
            return f"Converged {where}"
        if s.kind == "minimum":
            return f"Converged to a minimum {where}: {s.reason}"
        if s.kind == "saddle":
            return (f"Stopped at a saddle point, not a minimum, {where}: {s.reason}; a small "
                    "push off it would descend further")
        if s.kind == "maximum":
            return f"Stopped at a maximum, not a minimum, {where}: {s.reason}"
        if s.kind == "tolerance":
            return f"Stopped {where}, not at a critical point: {s.reason}"
        if s.kind == "flat":
            return f"Stopped on a flat region, not at a critical point, {where}: {s.reason}"
        return f"Stopped at a critical point {where}: {s.reason}"
    if obj.data is not None:
        return (f"Finished {counted(obj.epochs, 'epoch')} ({counted(k, 'step')}); last point "
                f"{point}")
    return (f"Not converged after {counted(k, 'iteration')}; last point {point}"
            + (f". {obj.hint}" if obj.hint else ""))


# ---------------------------------------------------------------------------------------------
# text


def _table(rows: list[tuple[str, ...]], out: list[str]) -> None:
    out += table_lines(rows, gap="  ")


def _differentiated(obj: Descent) -> tuple[str, str, str]:
    """What the gradient shown is of -- its name, in plain text and in LaTeX, and the
    heading over it in a document: over data, the per-sample loss ℓ (f is its mean), else
    f."""
    if obj.data is not None:
        return "ℓ", r"\ell", "The gradient of the per-sample loss, derived once"
    return "f", "f", "The gradient, derived once"


def _descent_text(obj: Descent, steps: bool = True) -> str:
    out: list[str] = []
    render_reading(obj.reading, out)
    out.append("")
    name = _differentiated(obj)[0]
    out.append("Gradient of the per-sample loss ℓ (derived once):" if obj.data is not None
               else "Gradient (derived once):")
    for var, p in zip(obj.vars, obj.partials):
        if steps:
            render_step(p.parts[0].step, 1, out, {}, "")
        out.append(f"  ∂{name}/∂{var} = {_plain(obj, p.result)}")
    out += ["", _method_line(obj)]
    for eq in obj.equations:
        out.append("  " + eq)
    point_label, grad_label = _vector_label(obj.vars)
    if obj.data is not None:
        out += ["", "Loss per epoch (the mean over all samples, after the epoch):"]
        rows = [("epoch", "loss", point_label)]
        shown, _ = _cut(_epochs(obj), TEXT_ALL, TEXT_HEAD, TEXT_TAIL)
        for e in shown:
            rows.append(("…", "", "") if e is None else
                        (str(e[0]), float_text(e[1]), _vec(e[2])))
        _table(rows, out)
    if obj.data is None:
        out.append("")
        rows = [("k", point_label, "f", grad_label, "step")]
        shown, left = _cut(_selected(obj), TEXT_ALL, TEXT_HEAD, TEXT_TAIL)
        for it in shown:
            if it is None:  # (said under the table: a cell would widen its column)
                rows.append(("…", "", "", "", ""))
                continue
            rows.append((str(it.k), _vec(it.point), float_text(it.value), _vec(it.gradient),
                         _vec(it.step) if it.step else "—"))  # (none taken there)
        _table(rows, out)
        if left:
            out.append(f"  (… {left} iterations not shown: --every K shows every K-th)")
    out += ["", outcome(obj)]
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------
# JSON


def _descent_json(obj: Descent, steps: bool = True) -> dict:
    out = {"schema": SCHEMA_VERSION, "input": obj.reading.text, "expr": obj.reading.plain,
           "notes": obj.reading.note_messages(),
           "vars": list(obj.vars), "gradient": [_plain(obj, e) for e in obj.gradient]}
    if steps:
        out["derivation"] = [_root_json(p.parts[0]) for p in obj.partials]
    out["method"] = obj.method
    out["equations"] = list(obj.equations)
    out["lr"] = obj.lr
    out["settings"] = dict(obj.settings)
    out["from"] = obj.start
    if obj.data is not None:
        out["data"] = {"file": obj.data.path, "columns": obj.data.columns,
                       "samples": len(obj.data.rows)}
        out["batch_size"] = obj.batch_size
        out["seed"] = obj.seed
        out["epochs"] = obj.epochs
        out["epoch_losses"] = [{"epoch": e, "loss": float_json(v), "point": floats_json(p)}
                               for e, v, p in obj.epoch_losses]
    out["iterations"] = [
        {"k": it.k, "point": floats_json(it.point), "value": float_json(it.value),
         "gradient": floats_json(it.gradient), "step": floats_json(it.step) or None,
         **({"epoch": it.epoch} if it.epoch is not None else {})}
        for it in obj.iterations]
    out["converged"] = obj.converged
    out["diverged"] = obj.diverged
    s = obj.stationary
    out["stopped_at"] = None if s is None else {"kind": s.kind, "eigenvalues": s.eigenvalues}
    out["hint"] = obj.hint
    out["outcome"] = outcome(obj)
    out["final"] = floats_json(obj.final)
    return out


# ---------------------------------------------------------------------------------------------
# LaTeX and Markdown


def _columns(obj: Descent) -> tuple[list[str], callable]:
    """Headings (LaTeX math) and a row builder: one column per variable for one or two
    variables, else one labelled tuple per quantity, so that the table stays on the page."""
    names = [latex_name(v) for v in obj.vars]
    if len(names) <= 2:
        head = ["k"] + names + ["f"] + [rf"\partial f/\partial {n}" for n in names]

        def row(it):
            return ([str(it.k)] + [float_latex(v, 8) for v in it.point]
                    + [float_latex(it.value, 8)] + [float_latex(v, 8) for v in it.gradient])
    else:
        head = ["k", "(" + ", ".join(names) + ")", "f",
                r"\nabla f = (" + ", ".join(rf"\partial_{{{n}}} f" for n in names) + ")"]

        def tup(vs):
            return r"\left(" + ", ".join(float_latex(v, 6) for v in vs) + r"\right)"

        def row(it):
            return [str(it.k), tup(it.point), float_latex(it.value, 6), tup(it.gradient)]
    return head, row


def _equations_math(obj: Descent) -> list[str]:
    theta = r"\theta"
    eta = latex_text(obj.lr) if obj.decimals else float_latex(obj.lr_float)
    g = r"\nabla L(\theta)" if obj.data is not None else r"\nabla f(\theta)"
    eqs = {"gd": [rf"{theta} &\leftarrow {theta} - \eta\,{g}"],
           "momentum": [rf"v &\leftarrow \beta v + {g} \quad (v_0 = 0)",
                        rf"{theta} &\leftarrow {theta} - \eta\, v"],
           "adam": [rf"m &\leftarrow \beta_1 m + (1 - \beta_1)\,{g} \quad (m_0 = 0)",
                    rf"s &\leftarrow \beta_2 s + (1 - \beta_2)\,{g}^2 \quad (s_0 = 0)",
                    r"\hat m &= m/(1 - \beta_1^t),\quad \hat s = s/(1 - \beta_2^t)",
                    rf"{theta} &\leftarrow {theta} - \eta\,\hat m/(\sqrt{{\hat s}} + \varepsilon)"]}
    rows = list(eqs[obj.method])
    names = ", ".join(latex_name(v) for v in obj.vars)
    rows.append(rf"\theta &= ({names}),\quad \eta = {eta}"
                + "".join(rf",\ {SETTING_LATEX[k]} = {latex_text(v)}"
                          for k, v in obj.settings.items()))
    start = ",\\ ".join(f"{latex_iterate(v, 0)} = {float_latex(x)}"
                        for v, x in zip(obj.vars, obj.start))
    rows.append(r"&" + start)
    return rows


def _data_sentence(obj: Descent) -> str:
    if obj.data is None:
        return ""
    return _method_line(obj).split("; ", 1)[1] + "."


def _descent_latex(obj: Descent, steps: bool = True) -> str:
    doc = LatexBody(partial=len(obj.vars) > 1)
    doc.reading(obj.reading)
    _, tex, heading = _differentiated(obj)
    doc.heading(heading)
    for var, p in zip(obj.vars, obj.partials):
        if steps:
            doc.steps(p, steps)
        doc.align(fitted_rows([rf"\frac{{\partial {tex}}}{{\partial {latex_name(var)}}} &= "
                               + _tex(obj, p.result, doc.expr)]))
    doc.heading(METHOD_NAMES[obj.method])
    if obj.data is not None:
        doc.par(latex_text(_data_sentence(obj)))
    doc.align(_equations_math(obj))
    if obj.data is not None:
        shown, left = _cut(_epochs(obj), TABLE_ALL, TABLE_HEAD, TABLE_TAIL)
        lines = [r"\multicolumn{2}{c}{$\vdots$}" if e is None else
                 f"{e[0]} & ${float_latex(e[1], 8)}$" for e in shown]
        doc.raw("\\begin{center}\\small\n\\begin{tabular}{rr}\n\\hline\nepoch & loss \\\\\n"
                "\\hline\n" + " \\\\\n".join(lines) + " \\\\\n\\hline\n\\end{tabular}\n"
                "\\end{center}")
    else:
        head, row = _columns(obj)
        shown, left = _cut(_selected(obj), TABLE_ALL, TABLE_HEAD, TABLE_TAIL)
        ncol = len(head)
        lines = [rf"\multicolumn{{{ncol}}}{{c}}{{$\vdots$\quad {left} iterations not shown\quad "
                 r"$\vdots$}" if it is None else " & ".join("$" + c + "$" for c in row(it))
                 for it in shown]
        doc.raw("\\begin{center}\\small\n\\begin{tabular}{" + "r" * ncol + "}\n\\hline\n"
                + " & ".join("$" + h + "$" for h in head) + " \\\\\n\\hline\n"
                + " \\\\\n".join(lines) + " \\\\\n\\hline\n\\end{tabular}\n\\end{center}")
        if left:
            doc.par(r"\texttt{--every K} shows every K-th iteration; \texttt{-f json} lists "
                    "them all.")
    doc.par(r"\textbf{" + latex_text(outcome(obj)) + "}")
    return doc.body()


def _descent_markdown(obj: Descent, steps: bool = True) -> str:
    doc = MarkdownBody(partial=len(obj.vars) > 1)
    doc.reading(obj.reading)
    _, tex, heading = _differentiated(obj)
    doc.heading(heading)
    for var, p in zip(obj.vars, obj.partials):
        if steps:
            doc.steps(p, steps)
            doc.add("")
        doc.add(m(rf"\frac{{\partial {tex}}}{{\partial {latex_name(var)}}} = "
                  + _tex(obj, p.result, doc.expr)), "")
    doc.heading(METHOD_NAMES[obj.method])
    if obj.data is not None:
        doc.add(_data_sentence(obj), "")
    doc.add("$$\\begin{aligned}" + " \\\\ ".join(_equations_math(obj)) + "\\end{aligned}$$",
            "")
    if obj.data is not None:
        shown, _ = _cut(_epochs(obj), TABLE_ALL, TABLE_HEAD, TABLE_TAIL)
        rows = [["⋮", "⋮"] if e is None else [str(e[0]), m(float_latex(e[1], 8))]
                for e in shown]
        doc.table(["epoch", "loss"], rows, "rr")
    else:
        head, row = _columns(obj)
        shown, left = _cut(_selected(obj), TABLE_ALL, TABLE_HEAD, TABLE_TAIL)
        rows = [["⋮"] * len(head) if it is None else [m(c) for c in row(it)] for it in shown]
        doc.table([m(h) for h in head], rows, "r" * len(head))
        if left:
            doc.add("", f"{left} iterations not shown; `--every K` shows every K-th iteration, "
                        "`-f json` lists them all.")
    doc.add("", "**" + outcome(obj) + "**")
    return doc.body()


# ---------------------------------------------------------------------------------------------
# rich


def _descent_rich(obj: Descent, steps: bool = True):
    parts = rich_reading(obj.reading)
    for var, p in zip(obj.vars, obj.partials):
        tree = rich_steps(p, f"∂{_differentiated(obj)[0]}/∂{pretty_name(var)}", steps)
        shown = decimal_view(p.result) if obj.decimals else p.result
        tree.add(Text.assemble(("= ", "bold"), (pretty(shown), "green")))
        parts.append(tree)
    parts.append(Text(_method_line(obj), style="bold"))
    parts.extend(Text("  " + eq) for eq in obj.equations)
    point_label, grad_label = _vector_label([pretty_name(v) for v in obj.vars])
    if obj.data is not None:
        table = Table(title="Loss per epoch", title_justify="left", header_style="bold")
        for h in ("epoch", "loss", point_label):
            table.add_column(h, justify="right", overflow="fold")
        rows, left = _cut(_epochs(obj), TABLE_ALL, TABLE_HEAD, TABLE_TAIL)
        for e in rows:
            if e is None:
                table.add_row("⋮", f"{left} more", "")
            else:
                table.add_row(str(e[0]), f"{e[1]:.7g}", _vec(e[2], 7))
    else:
        table = Table(header_style="bold")
        for h in ("k", point_label, "f", grad_label):  # the step: −η × the gradient for gd
            table.add_column(h, justify="right", overflow="fold")
        rows, left = _cut(_selected(obj), TABLE_ALL, TABLE_HEAD, TABLE_TAIL)
        for it in rows:
            if it is None:
                table.add_row("⋮", f"{left} more (--every K)", "", "")
            else:
                table.add_row(str(it.k), _vec(it.point, 7), f"{it.value:.7g}",
                              _vec(it.gradient, 7))
    parts.append(table)
    good = obj.converged and (obj.stationary is None or obj.stationary.kind == "minimum")
    style = "bold green" if good else "bold red" if obj.diverged else "yellow"
    parts.append(Text(outcome(obj), style=style))
    return Group(*parts)


VIEWS = {
    "text": {Descent: _descent_text},
    "json": {Descent: _descent_json},
    "markdown": {Descent: _descent_markdown},
    "latex": {Descent: _descent_latex},
    "rich": {Descent: _descent_rich},
}
