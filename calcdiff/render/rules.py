"""Views of the rule table (``calcdiff rules``, ``calcdiff rules NAME``) in every format.

Statements, explanations and side conditions come from ``rules/`` through the
:class:`~calcdiff.results.RuleEntry` records; a function's derivative, domain and definition
are printed from their parsed trees, so the math views use the expression printers.
"""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text

from calcdiff.render.latex import latex_expr, latex_text, statement_latex
from calcdiff.render.markdown import md_code, md_text
from calcdiff.render.pretty import pretty
from calcdiff.render.view_parts import md_cell as cell
from calcdiff.results_rules import RuleEntry, RuleListing
from calcdiff.tree.nodes import Call, Sym
from calcdiff.tree.printer import to_plain

# ---------------------------------------------------------------------------------------------
# text and JSON (unchanged output; pinned by tests)


def _entry_json(r: RuleEntry) -> dict:
    if r.kind == "structural":
        d = {"kind": "structural", "id": r.id, "name": r.name, "statement": r.statement,
             "explain": r.explain}
        if r.domain:
            d["domain"] = r.domain
        return d
    d = {"kind": "function", "id": r.id, "function": r.name, "aliases": list(r.aliases),
         "derivative": r.statement, "explain": r.explain}
    if r.domain:
        d["domain"] = r.domain
    if r.definition:
        d["definition"] = r.definition
    if r.inverse:
        d["inverse"] = r.inverse
    if r.partial_n is not None:
        d["partial_n"] = r.partial_n_text
    if r.arity != (1,):
        d["arity"] = list(r.arity)
    d["sympy"] = r.sympy
    d["latex"] = r.latex
    if r.numeric:
        d["numeric"] = r.numeric
    if r.parity:
        d["parity"] = r.parity
    if r.period:
        d["period"] = r.period
    if r.values:
        d["values"] = dict(r.values)
    if r.identities:
        d["identities"] = list(r.identities)
    if r.piecewise:
        d["piecewise"] = True
    if r.flat_derivative:
        d["flat_derivative"] = r.flat_derivative
    d["source"] = r.source
    return d


def facts_lines(r: RuleEntry) -> list[str]:
    """The entry's other facts, one plain line each (parity, exact values, evaluation, the
    SymPy and LaTeX names, identities), for the text, Markdown and rich views."""
    lines = []
    if r.piecewise:
        lines.append("piecewise: a kink or a jump at u = 0")
    if r.flat_derivative:
        lines.append(f"where its argument holds a piecewise function: {r.flat_derivative}")
    if r.parity:
        lines.append(f"parity: {r.parity}")
    if r.period:
        lines.append(f"period: {r.period}")
    if r.values:
        lines.append("exact values: " + ", ".join(f"{r.name}({a}) = {b}" for a, b in r.values))
    if r.numeric:
        lines.append(f"numeric: {r.numeric}")
    lines.append(f"SymPy: {r.sympy}; LaTeX: {r.latex}")
    lines.extend(f"identity: {i}" for i in r.identities)
    return lines


def listing_json(obj: RuleListing, steps: bool = True) -> dict:
    return {"structural": [_entry_json(r) for r in obj.structural],
            "functions": [_entry_json(r) for r in obj.functions]}


def entry_json(obj: RuleEntry, steps: bool = True) -> dict:
    return _entry_json(obj)


def listing_text(obj: RuleListing, steps: bool = True) -> str:
    out = ["Structural rules (code; names and statements from rules/structural.toml):"]
    width = max((len(r.id) for r in obj.structural), default=0)
    for r in obj.structural:
        out.append(f"  {r.id.ljust(width)}  {r.name}: {r.statement}")
    out.append("")
    out.append("Functions (d/du f(u); the chain rule multiplies by u′):")
    width = max((len(r.name) for r in obj.functions), default=0)
    for r in obj.functions:
        aliases = f"  (also {', '.join(r.aliases)})" if r.aliases else ""
        domain = f"  [where {r.domain}]" if r.domain else ""
        out.append(f"  {r.name.ljust(width)}  {r.statement}{domain}{aliases}")
    return "\n".join(out)


def entry_text(r: RuleEntry, steps: bool = True) -> str:
    if r.kind == "structural":
        lines = [f"{r.name} ({r.id})", f"  {r.statement}", f"  {r.explain}"]
        if r.domain:
            lines.append(f"  needs: {r.domain}")
        return "\n".join(lines)
    f = to_plain(_applied(r))  # atan2(u, n), never atan2(u)
    d = "∂/∂" if r.partial_n is not None else "d/d"  # two arguments: partials, as elsewhere
    lines = [f"{r.name} ({r.id})", f"  {d}u {f} = {r.statement}"]
    if r.partial_n is not None:
        lines.append(f"  ∂/∂n {f} = {r.partial_n_text}")
    lines.append(f"  {r.explain}")
    if r.aliases:
        lines.append(f"  aliases: {', '.join(r.aliases)}")
    if r.domain:
        lines.append(f"  domain: {r.domain}")
    if r.definition:
        lines.append(f"  definition: {r.definition}")
    if r.inverse:
        lines.append(f"  {r.name}^-1 means {r.inverse}")
    lines.extend(f"  {line}" for line in facts_lines(r))
    lines.append(f"  source: {r.source}")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# the math of an entry, as LaTeX (Markdown embeds the same)

_RELATION = {"<": "<", "<=": r"\le", ">": ">", ">=": r"\ge", "!=": r"\ne"}


def _applied(r: RuleEntry):
    """f(u), or f(u, n) for a two-argument function."""
    args = (Sym("u"),) if 1 in r.arity else (Sym("u"), Sym("n"))
    return Call(r.name, args)


def statement_math(r: RuleEntry) -> str:
    """``\\frac{d}{du} \\tan u = \\sec^2 u`` or the structural statement, as LaTeX math."""
    if r.kind == "function" and r.derivative is not None:
        f = latex_expr(_applied(r))
        math = r"\frac{d}{du}\, " + f + " = " + latex_expr(r.derivative)
        if r.partial_n is not None:  # a two-argument function: its other partial too
            math = (r"\frac{\partial}{\partial u}\, " + f + " = " + latex_expr(r.derivative)
                    + r",\qquad \frac{\partial}{\partial n}\, " + f + " = "
                    + latex_expr(r.partial_n))
        return math
    return statement_latex(r.statement)


def domain_math(r: RuleEntry) -> str:
    if r.domain_parts:
        return r" \text{ and } ".join(f"{latex_expr(a)} {_RELATION.get(op, op)} {latex_expr(b)}"
                                      for a, op, b in r.domain_parts)
    return statement_latex(r.domain) if r.domain else ""


def definition_math(r: RuleEntry) -> str:
    if r.definition_expr is None:
        return ""
    return latex_expr(_applied(r)) + " = " + latex_expr(r.definition_expr)


def inverse_math(r: RuleEntry) -> str:
    """``\\tan^{-1}(u)``: how the inverse is written in the input (``tan^-1 u``)."""
    return latex_expr(_applied(r)).replace("(u)", "^{-1}(u)", 1)


def _function_cell(r: RuleEntry) -> str:
    return latex_expr(_applied(r))


# ---------------------------------------------------------------------------------------------
# LaTeX: a body (the dispatcher adds the preamble); tables in chunks so none outgrows a page

CHUNK = 12


def _tabular(widths: list[float], head: list[str], rows: list[list[str]]) -> list[str]:
    """Ragged-right paragraph columns (fractions of the line width); rows end with
    ``\\tabularnewline`` because ``\\raggedright`` takes ``\\\\`` for itself."""
    spec = "".join(f"p{{{w}\\linewidth}}" for w in widths)
    end = " \\tabularnewline\n"

    def line(cells):
        return " & ".join(r"\raggedright " + c for c in cells)

    out = []
    for k in range(0, len(rows), CHUNK):
        out.append("\\par\\noindent{\\renewcommand{\\arraystretch}{1.5}"
                   "\\begin{tabular}{" + spec + "}\n\\hline\n"
                   + line(r"\textbf{" + h + "}" for h in head) + end + "\\hline\n"
                   + "".join(line(r) + end for r in rows[k:k + CHUNK])
                   + "\\hline\n\\end{tabular}}\\par\\medskip")
    return out


def _domain_cell(r: RuleEntry) -> str:
    """Each comparison unbroken, one after another (a narrow column breaks between them)."""
    if not r.domain_parts:
        return "$" + domain_math(r) + "$"
    return " and ".join(rf"\mbox{{${latex_expr(a)} {_RELATION.get(op, op)} {latex_expr(b)}$}}"
                        for a, op, b in r.domain_parts)


def _explain_cell(r: RuleEntry, needs: str = "Needs") -> str:
    cell = latex_text(r.explain)
    if r.kind == "structural" and r.domain:
        cell += r" \emph{" + needs + ":} $" + domain_math(r) + "$."
    return r"\small " + cell


def listing_latex(obj: RuleListing, steps: bool = True) -> str:
    out = [r"\section*{The rule table}", r"\subsection*{Structural rules}"]
    rows = [[latex_text(r.name) + r" \newline {\footnotesize\texttt{" + latex_text(r.id) + "}}",
             "$" + statement_math(r) + "$", _explain_cell(r)] for r in obj.structural]
    out += _tabular([0.22, 0.3, 0.4], ["Rule", "Statement", "Explanation"], rows)
    out.append(r"\subsection*{Functions}")
    out.append(r"The derivative of each function of $u$; the chain rule multiplies it by "
               r"$u'$.\par\medskip")
    rows = []
    for r in obj.functions:
        name = "$" + _function_cell(r) + "$"
        if r.aliases:
            name += r" \newline {\footnotesize also " + latex_text(", ".join(r.aliases)) + "}"
        domain = _domain_cell(r) if r.domain else ""
        rows.append([name, "$\\displaystyle " + statement_math(r) + "$", domain, _explain_cell(r)])
    out += _tabular([0.14, 0.36, 0.12, 0.28], ["Function", "Derivative", "Domain", "Explanation"],
                    rows)
    return "\n".join(out) + "\n"


def entry_latex(r: RuleEntry, steps: bool = True) -> str:
    title = latex_text(r.name) if r.kind == "structural" else "$" + _function_cell(r) + "$"
    out = [r"\section*{" + title + r" \quad {\normalsize\texttt{" + latex_text(r.id) + "}}}"]
    out.append("\\begin{align*}\n" + statement_math(r) + "\n\\end{align*}")
    out.append(latex_text(r.explain) + "\n")
    items = []
    if r.kind == "structural" and r.domain:
        items.append((r"Needs", "$" + domain_math(r) + "$"))
    if r.aliases:
        items.append(("Aliases", ", ".join(r"\texttt{" + latex_text(a) + "}" for a in r.aliases)))
    if r.kind == "function" and r.domain:
        items.append(("Domain", "$" + domain_math(r) + "$"))
    if r.definition_expr is not None:
        items.append(("Definition", r"$\displaystyle " + definition_math(r) + "$"))
    if r.inverse:
        items.append(("Inverse", (f"${inverse_math(r)}$ means "
                      f"${latex_expr(Call(r.inverse, (Sym('u'),)))}$")))
    if r.kind == "function":
        if r.parity:
            items.append(("Parity", latex_text(r.parity)))
        if r.period:
            items.append(("Period", r"\texttt{" + latex_text(r.period) + "}"))
        if r.values:
            items.append(("Exact values", ", ".join(
                r"\texttt{" + latex_text(f"{r.name}({a}) = {v}") + "}" for a, v in r.values)))
        if r.numeric:
            items.append(("Numeric", r"\texttt{" + latex_text(r.numeric) + "}"))
        items.append(("SymPy", r"\texttt{" + latex_text(r.sympy) + "}"))
        items.append(("Name in LaTeX", "$" + r.latex + "$"))
        for identity in r.identities:
            items.append(("Identity", r"\texttt{" + latex_text(identity) + "}"))
        items.append(("Source", latex_text(r.source)))
    if items:
        out.append("\\begin{description}\n" + "\n".join(
            rf"\item[{k}] {v}" for k, v in items) + "\n\\end{description}")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------------
# Markdown: tables with the math in $...$


def _m(math: str) -> str:
    return "$" + math + "$" if math else ""


def listing_markdown(obj: RuleListing, steps: bool = True) -> str:
    out = ["## The rule table", "", "### Structural rules", "",
           "| Rule | Statement | Explanation |", "| --- | --- | --- |"]
    for r in obj.structural:
        explain = md_text(r.explain)
        if r.domain:
            explain += " *Needs:* " + _m(domain_math(r))
        out.append(f"| {md_text(r.name)} ({md_code(r.id)}) | {cell(_m(statement_math(r)))} "
                   f"| {cell(explain)} |")
    out += ["", "### Functions", "",
            "The derivative of each function of $u$; the chain rule multiplies it by $u'$.", "",
            "| Function | Derivative | Domain | Explanation |", "| --- | --- | --- | --- |"]
    for r in obj.functions:
        name = _m(_function_cell(r))
        if r.aliases:
            name += " (also " + ", ".join(md_code(a) for a in r.aliases) + ")"
        out.append(f"| {cell(name)} | {cell(_m(statement_math(r)))} "
                   f"| {cell(_m(domain_math(r)))} | {cell(md_text(r.explain))} |")
    return "\n".join(out) + "\n"


def entry_markdown(r: RuleEntry, steps: bool = True) -> str:
    title = md_text(r.name) if r.kind == "structural" else _m(_function_cell(r))
    out = [f"### {title} ({md_code(r.id)})", "", "$$" + statement_math(r) + "$$", "",
           md_text(r.explain), ""]
    if r.kind == "structural" and r.domain:
        out.append("- **Needs:** " + _m(domain_math(r)))
    if r.aliases:
        out.append("- **Aliases:** " + ", ".join(md_code(a) for a in r.aliases))
    if r.kind == "function" and r.domain:
        out.append("- **Domain:** " + _m(domain_math(r)))
    if r.definition_expr is not None:
        out.append("- **Definition:** " + _m(definition_math(r)))
    if r.inverse:
        out.append(f"- **Inverse:** {_m(inverse_math(r))} means "
                   f"{_m(latex_expr(Call(r.inverse, (Sym('u'),))))}")
    if r.kind == "function":
        out.extend("- " + md_text(line) for line in facts_lines(r))
        out.append("- **Source:** " + md_text(r.source))
    return "\n".join(out).rstrip() + "\n"


# ---------------------------------------------------------------------------------------------
# rich: tables that fit 80 columns (long cells wrap inside their column)


def _function_statement(r: RuleEntry) -> str:
    if r.derivative is None:
        return r.statement
    f = pretty(_applied(r))
    said = f"d/du {f} = {pretty(r.derivative)}"
    if r.partial_n is not None:
        said = f"∂/∂u {f} = {pretty(r.derivative)};  ∂/∂n {f} = {pretty(r.partial_n)}"
    return said


def listing_rich(obj: RuleListing, steps: bool = True):
    structural = Table(title="Structural rules", title_justify="left", expand=False,
                       show_lines=False, header_style="bold")
    structural.add_column("rule", style="yellow", overflow="fold", max_width=22)
    structural.add_column("statement", style="cyan", overflow="fold")
    structural.add_column("needs", style="dim", overflow="fold", max_width=14)
    for r in obj.structural:
        structural.add_row(Text(r.name), Text(r.statement), Text(r.domain or ""))
    functions = Table(title="Functions (d/du f(u); the chain rule multiplies by u′)",
                      title_justify="left", header_style="bold")
    functions.add_column("function", style="yellow", overflow="fold", max_width=16)
    functions.add_column("derivative", style="cyan", overflow="fold")
    functions.add_column("domain", style="dim", overflow="fold", max_width=18)
    for r in obj.functions:
        name = r.name + (f" ({', '.join(r.aliases)})" if r.aliases else "")
        derivative = pretty(r.derivative) if r.derivative is not None else r.statement
        functions.add_row(Text(name), Text(derivative), Text(r.domain or ""))
    return Group(structural, Text(""), functions)


def entry_rich(r: RuleEntry, steps: bool = True):
    head = Text.assemble((r.name, "bold yellow"), (f"  ({r.id})", "dim"))
    statement = r.statement if r.kind == "structural" else _function_statement(r)
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    table.add_row("statement", Text(statement, style="cyan"))
    table.add_row("why", Text(r.explain))
    if r.kind == "structural" and r.domain:
        table.add_row("needs", Text(r.domain))
    if r.aliases:
        table.add_row("aliases", Text(", ".join(r.aliases)))
    if r.kind == "function" and r.domain:
        table.add_row("domain", Text(r.domain))
    if r.definition:
        table.add_row("definition", Text(r.definition))
    if r.inverse:
        table.add_row("inverse", Text(f"{r.name}^-1 means {r.inverse}"))
    if r.kind == "function":
        for line in facts_lines(r):
            key, _, value = line.partition(": ")
            table.add_row(key, Text(value))
        table.add_row("source", Text(r.source))
    return Group(head, table)


VIEWS = {
    "text": {RuleListing: listing_text, RuleEntry: entry_text},
    "json": {RuleListing: listing_json, RuleEntry: entry_json},
    "markdown": {RuleListing: listing_markdown, RuleEntry: entry_markdown},
    "latex": {RuleListing: listing_latex, RuleEntry: entry_latex},
    "rich": {RuleListing: listing_rich, RuleEntry: entry_rich},
}
