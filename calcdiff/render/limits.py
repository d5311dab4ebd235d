"""Views of the limit command's other tables, in every format: a partial derivative by its
limit definition (the one-variable quotient's views, under a line saying what is held fixed),
the one-sided quotients where f′(a) does not exist, and values at infinity."""

from __future__ import annotations

import math
from fractions import Fraction

from rich.console import Group
from rich.table import Table
from rich.text import Text

import calcdiff.render.explore as _explore
from calcdiff.render.decimals import decimal_text, float_json, float_latex, float_text
from calcdiff.render.latex import latex_expr, latex_name, latex_text
from calcdiff.render.latex_rows import fitted_rows
from calcdiff.render.layout import table_lines
from calcdiff.render.text import render_reading
from calcdiff.render.view_parts import LatexBody, MarkdownBody, m, rich_reading
from calcdiff.results_explore import InfinityRow, LimitAtInfinity, OneSided, PartialLimit
from calcdiff.results_learn import SCHEMA_VERSION
from calcdiff.tree.nodes import Num
from calcdiff.tree.printer import shown_point, to_plain


def _q(v: Fraction | None, f: float) -> str:
    if v is None:
        return float_text(f)
    return decimal_text(v) or f"{v.numerator}/{v.denominator} ≈ {float_text(f)}"


def _h(h: Fraction) -> str:
    return decimal_text(h) or f"{h.numerator}/{h.denominator}"


# ---------------------------------------------------------------------------------------------
# a partial derivative by its limit definition


def _held(obj: PartialLimit) -> str:
    return shown_point(obj.fixed)


def _partial_line(obj: PartialLimit) -> str:
    a = to_plain(obj.table.at)
    return (f"The partial derivative ∂f/∂{obj.wrt} at {obj.wrt} = {a}, {_held(obj)} by its "
            f"limit definition: hold {_held(obj)} fixed and take the difference quotient of "
            f"g({obj.wrt}) = {to_plain(obj.table.reading.expr)} in {obj.wrt} alone.")


def _partial_text(obj: PartialLimit, steps: bool = True) -> str:
    out: list[str] = []
    render_reading(obj.reading, out)
    out += ["", _partial_line(obj)]
    # the quotients of g(y) alone: not its Input and Reading, which the user never typed
    return "\n".join(out) + "\n" + _explore.VIEWS["text"][type(obj.table)](obj.table, steps,
                                                                         reading=False)


def _partial_json(obj: PartialLimit, steps: bool = True) -> dict:
    inner = _explore.VIEWS["json"][type(obj.table)](obj.table, steps)
    return {"schema": SCHEMA_VERSION, "kind": "partial", "input": obj.reading.text,
            "expr": obj.reading.plain, "notes": obj.reading.note_messages(), "wrt": obj.wrt,
            "fixed": {k: to_plain(v) for k, v in obj.fixed.items()},
            "function_of_wrt": to_plain(obj.table.reading.expr), "quotient": inner}


def _partial_latex(obj: PartialLimit, steps: bool = True) -> str:
    doc = LatexBody(partial=True)
    doc.reading(obj.reading)
    doc.par(latex_text(_partial_line(obj)))
    return doc.body() + _explore.VIEWS["latex"][type(obj.table)](obj.table, steps)


def _partial_markdown(obj: PartialLimit, steps: bool = True) -> str:
    doc = MarkdownBody(partial=True)
    doc.reading(obj.reading)
    doc.add("", _partial_line(obj), "")
    return doc.body() + "\n" + _explore.VIEWS["markdown"][type(obj.table)](obj.table, steps)


def _partial_rich(obj: PartialLimit, steps: bool = True):
    return Group(*rich_reading(obj.reading), Text(_partial_line(obj)),
                 _explore.VIEWS["rich"][type(obj.table)](obj.table, steps))


# ---------------------------------------------------------------------------------------------
# one-sided quotients


def _inf(s: str | None) -> str:
    if s is None:
        return "? (SymPy finds no limit)"
    return {"oo": "∞", "-oo": "−∞"}.get(s, s)


def one_sided_verdict(obj: OneSided) -> str:
    a = to_plain(obj.at)
    r, left = obj.right_limit, obj.left_limit
    if not (obj.left_defined or obj.right_defined):
        return f"Not differentiable at {obj.var} = {a}: f has no values on either side of it"
    if not (obj.left_defined and obj.right_defined):  # sqrt(x) at 0: one side only
        side, other, limit = (("left", "right", r) if not obj.left_defined else
                              ("right", "left", left))
        return (f"Not differentiable at {obj.var} = {a}: f has no values {side} of it; "
                f"the one-sided quotient from the {other} → {_inf(limit)}")
    if r is None and left is None:
        return (f"f′({a}) has no value the engine can state; the table shows the quotients "
                "from each side")
    if obj.differentiable:
        return f"Both sides approach {r}: f′({a}) = {r}"
    return f"Not differentiable at {obj.var} = {a}: left → {_inf(left)}, right → {_inf(r)}"


def _one_sided_text(obj: OneSided, steps: bool = True) -> str:
    out: list[str] = []
    render_reading(obj.reading, out)
    a = to_plain(obj.at)
    out += ["", f"f′({a}) does not exist as one formula here; the quotients from each side "
                f"at {obj.var} = {a}:"]
    rows = [("h", "right: (f(a + h) − f(a))/h", "left: (f(a) − f(a − h))/h")]
    for r in obj.rows:
        rows.append((_h(r.h), _q(r.right, r.right_float), _q(r.left, r.left_float)))
    out += table_lines(rows)
    out += ["", one_sided_verdict(obj)]
    return "\n".join(out)


def _one_sided_json(obj: OneSided, steps: bool = True) -> dict:
    def frac(v):
        return None if v is None else (decimal_text(v) or f"{v.numerator}/{v.denominator}")

    return {"schema": SCHEMA_VERSION, "kind": "one-sided", "input": obj.reading.text,
            "expr": obj.reading.plain, "notes": obj.reading.note_messages(),
            "at": {obj.var: to_plain(obj.at)},
            "rows": [{"h": _h(r.h), "right": frac(r.right),
                      "right_float": float_json(r.right_float), "left": frac(r.left),
                      "left_float": float_json(r.left_float)} for r in obj.rows],
            "right_limit": obj.right_limit, "left_limit": obj.left_limit,
            "right_defined": obj.right_defined, "left_defined": obj.left_defined,
            "differentiable": obj.differentiable, "verdict": one_sided_verdict(obj)}


def _side_math(v: Fraction | None, f: float) -> str:
    if v is not None:
        return decimal_text(v) or latex_expr(Num(v))
    return float_latex(f)


def _one_sided_rows(obj: OneSided) -> list[list[str]]:
    return [[_h(r.h), _side_math(r.right, r.right_float), _side_math(r.left, r.left_float)]
            for r in obj.rows]


def _one_sided_latex(obj: OneSided, steps: bool = True) -> str:
    doc = LatexBody()
    doc.reading(obj.reading)
    a = doc.expr(obj.at)
    doc.heading(f"The quotients from each side at ${latex_name(obj.var)} = {a}$")
    lines = [" & ".join(f"${c}$" for c in row) for row in _one_sided_rows(obj)]
    doc.raw("\\begin{center}\n\\begin{tabular}{rrr}\n\\hline\n$h$ & "
            r"$\frac{f(a+h) - f(a)}{h}$ & $\frac{f(a) - f(a-h)}{h}$ \\" + "\n\\hline\n"
            + " \\\\\n".join(lines) + " \\\\\n\\hline\n\\end{tabular}\n\\end{center}")
    doc.par(r"\textbf{" + latex_text(one_sided_verdict(obj)) + "}")
    return doc.body()


def _one_sided_markdown(obj: OneSided, steps: bool = True) -> str:
    doc = MarkdownBody()
    doc.reading(obj.reading)
    point = latex_name(obj.var) + " = " + doc.expr(obj.at)
    doc.heading("The quotients from each side at " + m(point))
    doc.table(["$h$", "right: $(f(a+h) - f(a))/h$", "left: $(f(a) - f(a-h))/h$"],
              [[m(c) for c in row] for row in _one_sided_rows(obj)], "rrr")
    doc.add("", "**" + one_sided_verdict(obj) + "**")
    return doc.body()


def _one_sided_rich(obj: OneSided, steps: bool = True):
    table = Table(title=f"Quotients from each side at {obj.var} = {to_plain(obj.at)}",
                  title_justify="left", header_style="bold")
    for h in ("h", "right (f(a+h) − f(a))/h", "left (f(a) − f(a−h))/h"):
        table.add_column(h, justify="right")
    for r in obj.rows:
        table.add_row(_h(r.h), _q(r.right, r.right_float), _q(r.left, r.left_float))
    style = "bold green" if obj.differentiable else "bold yellow"
    return Group(*rich_reading(obj.reading), table, Text(one_sided_verdict(obj), style=style))


# ---------------------------------------------------------------------------------------------
# at infinity


def _limit_value(obj: LimitAtInfinity) -> str | None:
    if obj.limit is not None:
        s = to_plain(obj.limit)
        if type(obj.limit) is not Num and obj.limit_float is not None:
            s += f" ≈ {float_text(obj.limit_float, 15)}"
        return s
    return None if obj.limit_text is None else _inf(obj.limit_text)


def _toward(obj: LimitAtInfinity) -> str:
    return "∞" if obj.sign > 0 else "−∞"


def infinity_verdict(obj: LimitAtInfinity) -> str:
    value = _limit_value(obj)
    if value is None:
        return f"SymPy finds no limit as {obj.var} → {_toward(obj)}; the table shows the values"
    return f"Limit as {obj.var} → {_toward(obj)}: {value}"


def _error_text(r: InfinityRow) -> str:
    """f − limit to 4 digits, also where no double holds it (5.076e-435)."""
    return r.error_text or ("" if r.error is None else f"{r.error:.3e}")


def _infinity_text(obj: LimitAtInfinity, steps: bool = True) -> str:
    out: list[str] = []
    render_reading(obj.reading, out)
    out += ["", f"f({obj.var}) as {obj.var} → {_toward(obj)} (values to 30 significant digits):"]
    rows = [(obj.var, f"f({obj.var})", "f − limit")]
    for r in obj.rows:
        rows.append((r.n, r.value, _error_text(r)))
    out += table_lines(rows)
    out += ["", infinity_verdict(obj)]
    return "\n".join(out)


def _infinity_json(obj: LimitAtInfinity, steps: bool = True) -> dict:
    return {"schema": SCHEMA_VERSION, "kind": "infinity", "input": obj.reading.text,
            "expr": obj.reading.plain, "notes": obj.reading.note_messages(), "var": obj.var,
            "toward": "oo" if obj.sign > 0 else "-oo",
            "rows": [{"n": r.n, "value": r.value, "value_float": float_json(r.value_float),
                      "error": float_json(r.error), "error_text": r.error_text}
                     for r in obj.rows],
            "limit": None if obj.limit is None else to_plain(obj.limit),
            "limit_text": obj.limit_text,
            "limit_float": None if obj.limit_float is None or math.isnan(obj.limit_float)
            else (obj.limit_float if math.isfinite(obj.limit_float) else str(obj.limit_text))}


def _exp10(n: str) -> str:
    sign = "-" if n.startswith("-") else ""
    return f"{sign}10^{{{len(n.lstrip('-')) - 1}}}"


def _error_math(r: InfinityRow) -> str:
    if r.error_text:
        mantissa, _, exponent = r.error_text.partition("e")
        return rf"{mantissa} \times 10^{{{int(exponent)}}}" if exponent else mantissa
    return "" if r.error is None else float_latex(r.error, 3)


def _infinity_limit_math(obj: LimitAtInfinity, expr) -> str:
    if obj.limit is not None:
        s = expr(obj.limit)
        if type(obj.limit) is not Num and obj.limit_float is not None:
            s += r" \approx " + float_latex(obj.limit_float, 15)
        return s
    if obj.limit_text in ("oo", "-oo"):
        return ("-" if obj.limit_text.startswith("-") else "") + r"\infty"
    return r"\text{(not found)}"


def _infinity_latex(obj: LimitAtInfinity, steps: bool = True) -> str:
    doc = LatexBody()
    doc.reading(obj.reading)
    v = latex_name(obj.var)
    inf = r"\infty" if obj.sign > 0 else r"-\infty"
    doc.heading(f"$f({v})$ as ${v} \\to {inf}$")
    lines = [f"${_exp10(r.n)}$ & ${r.value[:24]}$ & ${_error_math(r)}$" for r in obj.rows]
    doc.raw("\\begin{center}\n\\begin{tabular}{rlr}\n\\hline\n" + f"${v}$ & $f({v})$ & "
            r"$f - \text{limit}$ \\" + "\n\\hline\n" + " \\\\\n".join(lines)
            + " \\\\\n\\hline\n\\end{tabular}\n\\end{center}")
    doc.align(fitted_rows([rf"\lim_{{{v} \to {inf}}} f({v}) &= "
                           + _infinity_limit_math(obj, doc.expr)]))
    return doc.body()


def _infinity_markdown(obj: LimitAtInfinity, steps: bool = True) -> str:
    doc = MarkdownBody()
    doc.reading(obj.reading)
    v = latex_name(obj.var)
    inf = r"\infty" if obj.sign > 0 else r"-\infty"
    arrow = v + r" \to " + inf
    doc.heading(m(f"f({v})") + " as " + m(arrow))
    doc.table([m(v), m(f"f({v})"), m(r"f - \text{limit}")],
              [[m(_exp10(r.n)), r.value, m(_error_math(r))] for r in obj.rows], "rlr")
    doc.add("", "$$\\lim_{" + v + " \\to " + inf + "} f(" + v + ") = "
            + _infinity_limit_math(obj, doc.expr) + "$$")
    return doc.body()


def _infinity_rich(obj: LimitAtInfinity, steps: bool = True):
    table = Table(title=f"f({obj.var}) as {obj.var} → {_toward(obj)}", title_justify="left",
                  header_style="bold")
    for h in (obj.var, f"f({obj.var})", "f − limit"):
        table.add_column(h, justify="right")
    for r in obj.rows:
        table.add_row(r.n, r.value, _error_text(r))
    return Group(*rich_reading(obj.reading), table, Text(infinity_verdict(obj), style="bold"))


VIEWS = {
    "text": {PartialLimit: _partial_text, OneSided: _one_sided_text,
             LimitAtInfinity: _infinity_text},
    "json": {PartialLimit: _partial_json, OneSided: _one_sided_json,
             LimitAtInfinity: _infinity_json},
    "markdown": {PartialLimit: _partial_markdown, OneSided: _one_sided_markdown,
                 LimitAtInfinity: _infinity_markdown},
    "latex": {PartialLimit: _partial_latex, OneSided: _one_sided_latex,
              LimitAtInfinity: _infinity_latex},
    "rich": {PartialLimit: _partial_rich, OneSided: _one_sided_rich,
             LimitAtInfinity: _infinity_rich},
}
