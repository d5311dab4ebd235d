"""Views of the exploring commands (tangent, limit, taylor) in every format.

``VIEWS[format][result type]`` is ``fn(obj, steps) ->`` str (text, Markdown, a LaTeX body),
dict (JSON) or a rich renderable. Derivations inside a result are drawn through
:mod:`.view_parts`, so a step looks the same here as in ``derive``.
"""

from __future__ import annotations

import math
from fractions import Fraction

from rich.console import Group
from rich.table import Table
from rich.text import Text

from calcdiff.render.json_ import _root_json
from calcdiff.render.latex import format_float, latex_expr, latex_name, printed_len
from calcdiff.render.latex_rows import fitted_cell, fitted_rows
from calcdiff.render.decimals import decimal_suffix, value_text
from calcdiff.render.layout import table_lines
from calcdiff.render.pretty import pretty, pretty_name
from calcdiff.render.terminal import hanging
from calcdiff.render.text import render_reading
from calcdiff.render.view_parts import (
    LatexBody,
    MarkdownBody,
    approx_suffix,
    decimal_exact,
    float_latex,
    frac_plain,
    m,
    number_latex,
    plain_float,
    point_math,
    rich_reading,
    rich_steps,
    text_steps,
)
from calcdiff.algebra.build import signed_sum
from calcdiff.results_explore import LimitTable, Tangent, Taylor
from calcdiff.tree.decimals import decimal_text, is_decimal_leaf
from calcdiff.tree.nodes import Add, Expr, Mul, Neg, Num, Sym
from calcdiff.tree.printer import to_plain

# ---------------------------------------------------------------------------------------------
# tangent


def _tangent_text(obj: Tangent, steps: bool = True) -> str:
    out: list[str] = []
    render_reading(obj.reading, out)
    v, a = obj.var, to_plain(obj.at)
    if steps:
        text_steps(obj.derivation, out, f"Derivative (with respect to {obj.derivation.wrt[0]}):")
    out.append("")
    out.append(f"f({a}) = {value_text(obj.value, obj.value_float, False)}")
    if obj.vertical:
        out.append(f"f′({a}) has no value: {obj.vertical}")
        out.append(f"Tangent line: {v} = {a} (vertical)")
        out.append(f"Normal line:  y = {to_plain(obj.normal)} (horizontal)")
        return "\n".join(out)
    out.append(f"f′({a}) = {value_text(obj.slope, obj.slope_float, False)}")
    out.append(f"Tangent line: y = {to_plain(obj.tangent)}")
    out.append("Normal line:  " + (f"y = {to_plain(obj.normal)}" if obj.normal is not None
                                   else f"{v} = {a} (the tangent is horizontal)"))
    return "\n".join(out)


def _tangent_json(obj: Tangent, steps: bool = True) -> dict:
    vertical = obj.vertical is not None
    out = {"input": obj.reading.text, "expr": obj.reading.plain,
           "notes": obj.reading.note_messages(),
           "at": {obj.var: to_plain(obj.at)},
           "value": to_plain(obj.value), "value_float": plain_float(obj.value_float),
           "slope": None if vertical else to_plain(obj.slope),
           "slope_float": None if vertical else plain_float(obj.slope_float),
           "tangent": None if vertical else to_plain(obj.tangent),
           "normal": to_plain(obj.normal) if obj.normal is not None else None}
    if vertical:  # the line x = a; the slopes' limits say why
        out["tangent_vertical"] = f"{obj.var} = {to_plain(obj.at)}"
        out["vertical"] = obj.vertical
    if obj.normal is None:
        out["normal_vertical"] = f"{obj.var} = {to_plain(obj.at)}"
    if steps:
        out["derivation"] = [_root_json(p) for p in obj.derivation.parts]
    return out


def _tex_words(words: str) -> str:
    """Words for \\text{…}: the infinities as math."""
    return words.replace("+∞", r"$+\infty$").replace("−∞", r"$-\infty$")


def _line_through(value: Expr, slope: Expr, var: str, at: Expr) -> Expr:
    """f(a) + f′(a)·(x − a) as written, unsimplified (only for printing the substitution)."""
    shift = Add((Sym(var), Neg(at))) if not (type(at) is Num and at.value == 0) else Sym(var)
    return Add((value, Mul((slope, shift))))


def _brackets(s: str) -> str:
    """``(s)``, growing with ``s`` when it is taller than a line (a fraction)."""
    return r"\left(" + s + r"\right)" if any(t in s for t in (r"\frac", r"\sqrt")) \
        else "(" + s + ")"


def _tangent_rows(obj: Tangent, expr) -> list[str]:
    """The tangent and normal lines as ``align*`` rows: the formula, the values put in, the
    line."""
    x, a = latex_name(obj.var), expr(obj.at)
    at = _brackets(a)
    if obj.vertical:
        return [f"f{at} &= {expr(obj.value)}",
                rf"f'{at} &\quad \text{{has no value: {_tex_words(obj.vertical)}}}",
                rf"\text{{tangent:}}\quad {x} &= {a} \qquad \text{{(vertical)}}",
                rf"\text{{normal:}}\quad y &= {expr(obj.normal)} \qquad \text{{(horizontal)}}"]
    # x - a, with a negative point in brackets: (x - (-2)), as the values-put-in row has it
    shift = x if a == "0" else _brackets(f"{x} - {_brackets(a) if a.startswith('-') else a}")
    put_in = "&= " + expr(_line_through(obj.value, obj.slope, obj.var, obj.at))
    line = "&= " + expr(obj.tangent)
    rows = [f"f{at} &= {expr(obj.value)}", f"f'{at} &= {expr(obj.slope)}",
            rf"\text{{tangent:}}\quad y &= f{at} + f'{at}\,{shift}", put_in]
    if line != put_in:  # the values put in are already the line when it stays point-slope
        rows.append(line)
    if obj.normal is not None:
        rows += [rf"\text{{normal:}}\quad y &= f{at} - \frac{{1}}{{f'{at}}}\,{shift}",
                 "&= " + expr(obj.normal)]
    else:
        rows.append(rf"\text{{normal:}}\quad {x} &= {a} \qquad \text{{(the tangent is "
                    r"horizontal)}")
    return rows


def _tangent_latex(obj: Tangent, steps: bool = True) -> str:
    doc = LatexBody()
    doc.reading(obj.reading)
    if steps:
        doc.heading("Derivative with respect to $" + latex_name(obj.var) + "$")
        doc.steps(obj.derivation)
    doc.heading("Tangent and normal lines at $" + point_math(obj.var, obj.at) + "$")
    doc.align(fitted_rows(_tangent_rows(obj, doc.expr)))
    said = [f"${name} \\approx {format_float(v)}$" for name, e, v in (
        ("f", obj.value, obj.value_float), ("f'", obj.slope, obj.slope_float))
        if e is not None and not _number(e) and v is not None and not math.isinf(v)]
    if said:
        doc.par("Numerically: " + ", ".join(said) + ".")
    return doc.body()


def _number(e: Expr) -> bool:
    """A number, exact (``1/4``) or as the decimal the user's input printed (``-0.25``)."""
    return type(e) is Num or is_decimal_leaf(e)


def _tangent_markdown(obj: Tangent, steps: bool = True) -> str:
    doc = MarkdownBody()
    doc.reading(obj.reading)
    if steps:
        doc.heading("Derivative with respect to " + m(latex_name(obj.var)))
        doc.steps(obj.derivation)
    doc.heading("Tangent and normal lines at " + m(point_math(obj.var, obj.at)))
    doc.add("$$\\begin{aligned}" + " \\\\ ".join(_tangent_rows(obj, doc.expr))
            + "\\end{aligned}$$")
    return doc.body()


def _tangent_rich(obj: Tangent, steps: bool = True):
    a = pretty(obj.at)
    parts = rich_reading(obj.reading)
    if steps:
        parts.append(rich_steps(obj.derivation,
                                f"Differentiate with respect to {pretty_name(obj.var)}"))
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row(f"f({a})", Text.assemble((pretty(obj.value), "green"),
                                          decimal_suffix(obj.value, obj.value_float, gap="  ")))
    x = pretty_name(obj.var)
    if obj.vertical:
        grid.add_row(f"f′({a})", Text(f"has no value: {obj.vertical}", style="yellow"))
        grid.add_row("tangent", Text.assemble((f"{x} = {a}", "bold green"),
                                              ("   (vertical)", "dim")))
        grid.add_row("normal", Text.assemble("y = ", (pretty(obj.normal), "green"),
                                             ("   (horizontal)", "dim")))
        parts.append(grid)
        return Group(*parts)
    grid.add_row(f"f′({a})", Text.assemble((pretty(obj.slope), "green"),
                                           decimal_suffix(obj.slope, obj.slope_float, gap="  ")))
    # x − a, a negative point in brackets as the LaTeX rows have it: (x − (−0.5))
    shift = x if a == "0" else f"({x} − {f'({a})' if a.startswith('−') else a})"
    grid.add_row("tangent", Text.assemble("y = ", (f"f({a}) + f′({a})·{shift} = ", "dim"),
                                          (pretty(obj.tangent), "bold green")))
    if obj.normal is not None:
        grid.add_row("normal", Text.assemble("y = ", (pretty(obj.normal), "green")))
    else:
        grid.add_row("normal", Text.assemble(f"{pretty_name(obj.var)} = {a}",
                                             ("   (the tangent is horizontal)", "dim")))
    parts.append(grid)
    return Group(*parts)


# ---------------------------------------------------------------------------------------------
# the difference quotient


def _limit_text(obj: LimitTable, steps: bool = True, reading: bool = True) -> str:
    """``reading``: the Input and Reading lines first (not inside a partial derivative's
    view, whose function of one variable the user never typed)."""
    out: list[str] = []
    if reading:
        render_reading(obj.reading, out)
    a = to_plain(obj.at)
    kind = "central" if obj.central else "forward"
    formula = "(f(a + h) − f(a − h))/(2h)" if obj.central else "(f(a + h) − f(a))/h"
    if obj.derivation is not None and steps:
        text_steps(obj.derivation, out, f"Derivative (with respect to {obj.derivation.wrt[0]}):")
    out.append("")
    out.append(f"The {kind} difference quotient {formula} at {obj.var} = {a}:")
    rows = [("h", "exact quotient", "in floating point", "error of the exact quotient")]
    for r in obj.rows:
        # a quotient with no exact value here: its digits, and "…" (rich's and Markdown's mark)
        exact = (frac_plain(r.quotient) if isinstance(r.quotient, Fraction)
                 else r.quotient[:22] + "…")
        err = frac_plain(r.error) if isinstance(r.error, Fraction) else f"{r.error:.3e}"
        decimal = isinstance(r.quotient, Fraction) and r.quotient.denominator != 1
        equal = decimal and f"{float(r.quotient):.12g}" == decimal_text(r.quotient)  # 61/10 = 6.1
        rows.append((frac_plain(r.h), exact + (f" {'=' if equal else '≈'} "
                                               f"{float(r.quotient):.12g}" if decimal else ""),
                     repr(r.float), err))
    out += table_lines(rows)
    out.append("")
    approx = decimal_suffix(obj.exact, obj.exact_float, digits=12)
    out.append(f"Exact limit: f′({a}) = {to_plain(obj.exact)}{approx}")
    return "\n".join(out)


def _limit_json(obj: LimitTable, steps: bool = True) -> dict:
    out = {"input": obj.reading.text, "expr": obj.reading.plain,
           "notes": obj.reading.note_messages(),
           "at": {obj.var: to_plain(obj.at)},
           "kind": "central" if obj.central else "forward",
           "exact": to_plain(obj.exact), "exact_float": plain_float(obj.exact_float),
           "rows": [
               {"h": frac_plain(r.h),
                "quotient": (frac_plain(r.quotient) if isinstance(r.quotient, Fraction)
                             else str(r.quotient)),
                **({} if isinstance(r.quotient, Fraction) else {"quotient_digits": 40}),
                "quotient_float": plain_float(r.quotient_float),
                "float": plain_float(r.float),
                # the quotient − f′(a): exact (a fraction) where the quotient is, else to
                # a double's digits; always a string, as the quotient is, its float beside it
                "error": (frac_plain(r.error) if isinstance(r.error, Fraction)
                          else repr(float(r.error))),
                "error_float": plain_float(float(r.error))}
               for r in obj.rows]}
    if steps and obj.derivation is not None:
        out["derivation"] = [_root_json(p) for p in obj.derivation.parts]
    return out


HP_DIGITS = 22  # digits of a 40-digit quotient shown in the tables


def _quotient_cells(r) -> tuple[str, str]:
    """(exact quotient, its decimal) as LaTeX math: ``2.1`` alone when the decimal is exact,
    ``\\frac{1}{3}`` and ``0.333…`` otherwise; a 40-digit quotient cut with an ellipsis."""
    if isinstance(r.quotient, Fraction):
        exact = decimal_exact(r.quotient)
        if exact is not None:
            return exact, ""
        return latex_expr(Num(r.quotient)), r"\approx " + f"{float(r.quotient):.12g}"
    return r"\approx " + str(r.quotient)[:HP_DIGITS] + r"\ldots", ""


def _error_latex(r) -> str:
    if isinstance(r.error, Fraction):
        return number_latex(r.error)
    if r.error is None or not math.isfinite(r.error) or r.error == 0:
        return format_float(r.error)
    mant, _, exp = f"{r.error:.3e}".partition("e")
    return rf"{mant} \times 10^{{{int(exp)}}}"


def _h_latex(h: Fraction) -> str:
    """``0.1``, ``0.001``; ``10^{-6}`` once the zeros get long; a fraction if need be."""
    k = len(str(h.denominator)) - 1
    if h.numerator == 1 and h.denominator == 10**k and k > 4:
        return f"10^{{-{k}}}"
    return decimal_exact(h, 12) or latex_expr(Num(h))


def _limit_formula(obj: LimitTable) -> str:
    if obj.central:
        return r"\frac{f(a + h) - f(a - h)}{2h}"
    return r"\frac{f(a + h) - f(a)}{h}"


def _limit_latex(obj: LimitTable, steps: bool = True) -> str:
    doc = LatexBody()
    doc.reading(obj.reading)
    if obj.derivation is not None and steps:
        doc.heading("Derivative with respect to $" + latex_name(obj.var) + "$")
        doc.steps(obj.derivation)
    kind = "central" if obj.central else "forward"
    doc.heading(f"The {kind} difference quotient at ${point_math(obj.var, obj.at)}$")
    doc.align([r"Q(h) &= " + _limit_formula(obj) + r" \longrightarrow f'(a) \quad"
               r"\text{as } h \to 0"])
    rows = []
    for r in obj.rows:
        exact, approx = _quotient_cells(r)
        rows.append(f"${_h_latex(r.h)}$ & ${fitted_cell(exact, QUOTIENT_CELL)}$ & ${approx}$ & "
                    f"${float_latex(r.float)}$ & ${fitted_cell(_error_latex(r), QUOTIENT_CELL)}$")
    doc.raw("\\begin{center}\n\\begin{tabular}{rrlrr}\n\\hline\n"
            r"$h$ & \multicolumn{2}{c}{exact $Q(h)$} & $Q(h)$ in floating point & "
            r"error of the exact $Q(h)$ \\" + "\n\\hline\n" + " \\\\\n".join(rows)
            + " \\\\\n\\hline\n\\end{tabular}\n\\end{center}")
    doc.par("The exact limit:")
    doc.align(fitted_rows([f"f'({doc.expr(obj.at)}) &= {doc.expr(obj.exact)}"
                           + approx_suffix(obj.exact, obj.exact_float)]))
    return doc.body()


def _limit_markdown(obj: LimitTable, steps: bool = True) -> str:
    doc = MarkdownBody()
    doc.reading(obj.reading)
    if obj.derivation is not None and steps:
        doc.heading("Derivative with respect to " + m(latex_name(obj.var)))
        doc.steps(obj.derivation)
    kind = "central" if obj.central else "forward"
    doc.heading(f"The {kind} difference quotient at {m(point_math(obj.var, obj.at))}")
    doc.add("$$Q(h) = " + _limit_formula(obj) + r" \longrightarrow f'(a)$$", "")
    rows = []
    for r in obj.rows:
        exact, approx = _quotient_cells(r)
        rows.append([m(_h_latex(r.h)), m(exact + (" " + approx if approx else "")),
                     m(float_latex(r.float)), m(_error_latex(r))])
    doc.table(["$h$", "exact $Q(h)$", "$Q(h)$ in floating point", "error of the exact $Q(h)$"],
              rows, "rrrr")
    doc.add("", f"**Exact limit:** $f'({doc.expr(obj.at)}) = {doc.expr(obj.exact)}"
            f"{approx_suffix(obj.exact, obj.exact_float)}$")
    return doc.body()


def _limit_rich(obj: LimitTable, steps: bool = True):
    parts = rich_reading(obj.reading)
    if obj.derivation is not None and steps:
        parts.append(rich_steps(obj.derivation,
                                f"Differentiate with respect to {pretty_name(obj.var)}"))
    kind = "central" if obj.central else "forward"
    formula = "(f(a + h) − f(a − h))/(2h)" if obj.central else "(f(a + h) − f(a))/h"
    table = Table(title=f"The {kind} difference quotient {formula} at "
                        f"{pretty_name(obj.var)} = {pretty(obj.at)}",
                  title_justify="left", header_style="bold")
    table.add_column("h", justify="right", no_wrap=True)
    table.add_column("exact quotient", justify="right", overflow="fold")
    table.add_column("floating point", justify="right", overflow="fold")
    table.add_column("error", justify="right", overflow="fold")
    for r in obj.rows:
        if isinstance(r.quotient, Fraction):
            exact = decimal_exact(r.quotient) or f"{frac_plain(r.quotient)} ≈ {float(r.quotient):.12g}"
        else:
            exact = str(r.quotient)[:HP_DIGITS] + "…"
        err = (decimal_exact(r.error) or frac_plain(r.error)) if isinstance(r.error, Fraction) \
            else f"{r.error:.3e}"
        table.add_row(decimal_exact(r.h, 12) or frac_plain(r.h), exact, repr(r.float), err)
    parts.append(table)
    approx = decimal_suffix(obj.exact, obj.exact_float, gap="  ", digits=12)
    parts.append(Text.assemble(("Exact limit  ", "bold"), f"f′({pretty(obj.at)}) = ",
                               (pretty(obj.exact), "bold green"), approx))
    return Group(*parts)


# ---------------------------------------------------------------------------------------------
# Taylor polynomials


_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _taylor_text(obj: Taylor, steps: bool = True) -> str:
    out: list[str] = []
    render_reading(obj.reading, out)
    a = to_plain(obj.at)
    if steps:
        for k, d in enumerate(obj.derivations, 1):
            text_steps(d, out, f"Derivative of order {k}:")
    out.append("")
    out.append(f"Coefficients f⁽ᵏ⁾({a})/k!:")
    for k, (deriv, value, coeff) in enumerate(zip(obj.derivatives, obj.values,
                                                   obj.coefficients)):
        up = str(k).translate(_SUPERSCRIPT)  # f⁽²⁾, as the header's f⁽ᵏ⁾
        out.append(f"  k = {k}: f⁽{up}⁾({obj.var}) = {to_plain(deriv)};  "
                   f"f⁽{up}⁾({a}) = {to_plain(value)};  coefficient {to_plain(coeff)}")
    out.append("")
    out.append(f"Taylor polynomial of order {obj.order} at {obj.var} = {a}:")
    out.append(f"  {to_plain(_ascending(obj))}")
    out.append(f"Remainder (Lagrange form, some ξ between {a} and {obj.var}):")
    out.append(f"  R{obj.order}({obj.var}) = {to_plain(obj.remainder)}")
    return "\n".join(out)


def _taylor_json(obj: Taylor, steps: bool = True) -> dict:
    out = {"input": obj.reading.text, "expr": obj.reading.plain,
           "notes": obj.reading.note_messages(),
           "at": {obj.var: to_plain(obj.at)},
           "order": obj.order,
           "polynomial": to_plain(obj.polynomial),
           "terms": [to_plain(t) for t in obj.terms],
           "coefficients": [to_plain(c) for c in obj.coefficients],
           "derivatives": [to_plain(d) for d in obj.derivatives[: obj.order + 1]],
           "remainder": to_plain(obj.remainder)}
    if steps:
        out["derivation"] = [_root_json(d.parts[0]) for d in obj.derivations]
    return out


def _kth(k: int) -> str:
    return {0: "f", 1: "f'", 2: "f''", 3: "f'''"}.get(k, f"f^{{({k})}}")


def _ascending(obj: Taylor) -> Expr:
    """The polynomial's terms in ascending order, as one sum (for printing only)."""
    return signed_sum(obj.terms)


def _xi(obj: Taylor) -> str:
    return r"\zeta" if obj.var == "xi" else r"\xi"


def _taylor_rows(obj: Taylor, expr) -> list[str]:
    x, a, n = latex_name(obj.var), expr(obj.at), obj.order
    shift = x if a == "0" else f"({x} - {a})"
    rows = [rf"T_{{{n}}}({x}) &= \sum_{{k=0}}^{{{n}}} \frac{{f^{{(k)}}({a})}}{{k!}}\,{shift}^{{k}}",
            "&= " + expr(_ascending(obj))]
    rows.append(rf"R_{{{n}}}({x}) &= \frac{{f^{{({n + 1})}}({_xi(obj)})}}{{{n + 1}!}}\,"
                rf"{shift}^{{{n + 1}}} = " + expr(obj.remainder))
    return rows


def _coefficient_cells(obj: Taylor, expr) -> list[list[str]]:
    x, a = latex_name(obj.var), expr(obj.at)
    return [[str(k), f"{_kth(k)}({x}) = {expr(d)}", f"{_kth(k)}({a}) = {expr(v)}", expr(c)]
            for k, (d, v, c) in enumerate(zip(obj.derivatives, obj.values, obj.coefficients))]


TABLE_CELL = 40  # a derivative printed wider than this is listed above the table instead,
# and a value or coefficient goes on in rows within its cell
QUOTIENT_CELL = 24  # the same for the exact quotient and its error, in a table of five columns


def _taylor_latex(obj: Taylor, steps: bool = True) -> str:
    doc = LatexBody()
    doc.reading(obj.reading)
    if steps:
        for k, d in enumerate(obj.derivations, 1):
            doc.heading(f"Derivative of order {k}")
            doc.steps(d)
    a = doc.expr(obj.at)
    doc.heading(f"Coefficients $f^{{(k)}}({a})/k!$")
    cells = _coefficient_cells(obj, doc.expr)
    listed = any(printed_len(d) > TABLE_CELL for _, d, _, _ in cells)
    if listed:  # derivatives too wide for a column: listed above the table, broken in rows
        doc.align(fitted_rows([d.replace(" = ", " &= ", 1) for _, d, _, _ in cells]))
    rows = [f"${k}$ & " + ("" if listed else f"$\\displaystyle {d}$ & ")
            + f"$\\displaystyle {fitted_cell(v, TABLE_CELL)}$ & "
            f"$\\displaystyle {fitted_cell(c, TABLE_CELL)}$" for k, d, v, c in cells]
    doc.raw("\\begin{center}\\renewcommand{\\arraystretch}{2.1}\n\\begin{tabular}{"
            + ("rll" if listed else "rlll") + "}\n\\hline\n$k$ & "
            + ("" if listed else "derivative & ") + f"at ${point_math(obj.var, obj.at)}$ & "
            r"$f^{(k)}(" + a + r")/k!$ \\" + "\n\\hline\n" + " \\\\\n".join(rows)
            + " \\\\\n\\hline\n\\end{tabular}\n\\end{center}")
    doc.heading(f"Taylor polynomial of order {obj.order} at ${point_math(obj.var, obj.at)}$")
    doc.align(fitted_rows(_taylor_rows(obj, doc.expr)))
    doc.par(f"with the remainder in Lagrange form, for some ${_xi(obj)}$ between ${a}$ and "
            f"${latex_name(obj.var)}$.")
    return doc.body()


def _taylor_markdown(obj: Taylor, steps: bool = True) -> str:
    doc = MarkdownBody()
    doc.reading(obj.reading)
    if steps:
        for k, d in enumerate(obj.derivations, 1):
            doc.heading(f"Derivative of order {k}")
            doc.steps(d)
    a = doc.expr(obj.at)
    doc.heading(f"Coefficients $f^{{(k)}}({a})/k!$")
    doc.table(["$k$", "derivative", f"at {m(point_math(obj.var, obj.at))}",
               f"$f^{{(k)}}({a})/k!$"],
              [[m(c) for c in row] for row in _coefficient_cells(obj, doc.expr)], "rlll")
    doc.heading(f"Taylor polynomial of order {obj.order} at {m(point_math(obj.var, obj.at))}")
    doc.add("$$\\begin{aligned}" + " \\\\ ".join(_taylor_rows(obj, doc.expr))
            + "\\end{aligned}$$", "",
            f"with the remainder in Lagrange form, for some {m(_xi(obj))} between {m(a)} and "
            f"{m(latex_name(obj.var))}.")
    return doc.body()


def _taylor_rich(obj: Taylor, steps: bool = True):
    parts = rich_reading(obj.reading)
    x, a = pretty_name(obj.var), pretty(obj.at)
    if steps:
        for k, d in enumerate(obj.derivations, 1):
            parts.append(rich_steps(d, f"Derivative of order {k}"))
    table = Table(title=f"Coefficients f⁽ᵏ⁾({a})/k!", title_justify="left", header_style="bold")
    table.add_column("k", justify="right", no_wrap=True)
    table.add_column(f"f⁽ᵏ⁾({x})", overflow="fold")
    table.add_column(f"f⁽ᵏ⁾({a})", overflow="fold")
    table.add_column("coefficient", overflow="fold", style="green")
    for k, (d, v, c) in enumerate(zip(obj.derivatives, obj.values, obj.coefficients)):
        table.add_row(str(k), Text(pretty(d)), Text(pretty(v)), Text(pretty(c)))
    parts.append(table)
    xi = "ζ" if obj.var == "xi" else "ξ"
    parts.append(hanging(Text(f"T{obj.order}({x}) = ", style="bold"),
                         Text(pretty(_ascending(obj)), style="bold green")))
    parts.append(hanging(Text(f"R{obj.order}({x}) = ", style="bold"), Text.assemble(
        pretty(obj.remainder), (f"   (Lagrange form, some {xi} between {a} and {x})", "dim"))))
    return Group(*parts)


VIEWS = {
    "text": {Tangent: _tangent_text, LimitTable: _limit_text, Taylor: _taylor_text},
    "json": {Tangent: _tangent_json, LimitTable: _limit_json, Taylor: _taylor_json},
    "markdown": {Tangent: _tangent_markdown, LimitTable: _limit_markdown,
                 Taylor: _taylor_markdown},
    "latex": {Tangent: _tangent_latex, LimitTable: _limit_latex, Taylor: _taylor_latex},
    "rich": {Tangent: _tangent_rich, LimitTable: _limit_rich, Taylor: _taylor_rich},
}


def text(obj, steps: bool = True) -> str:
    """The text view (what :mod:`.text` calls until the one dispatch lands)."""
    return VIEWS["text"][type(obj)](obj, steps)


def json_obj(obj, steps: bool = True) -> dict:
    """The JSON object (what :mod:`.json_` calls until the one dispatch lands)."""
    return VIEWS["json"][type(obj)](obj, steps)
