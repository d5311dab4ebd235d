"""The rich terminal view: the derivation as a tree (rule, statement, bindings, result)
that fits an 80-column terminal. Built from the same data as the other formats."""

from __future__ import annotations


import io

from rich import box
from rich.cells import cell_len
from rich.console import Console, Group
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from calcdiff.deriving.steps import Step
from calcdiff.render.common import (held_constant, matrix_decimals, reading_shown, step_info,
                                    vector_suffix)
from calcdiff.render.layout import entry_name, fit_text, plan_matrix, wrap
from calcdiff.render.pretty import pretty, pretty_name
from calcdiff.render.text import render_check
from calcdiff.render.decimals import beside
from calcdiff.render.shared import WHOLE, Exprs, derivation_exprs, gradient_exprs, matrix_exprs
from calcdiff.results import CheckReport, Derivation, Gradient, Matrix, Reading
from calcdiff.tree.printer import shown_point, to_plain

MAX_TREE_DEPTH = 40


def _reading(reading, expr=None) -> list:
    """Input, reading and notes; ``expr``: the reading as the answer lines show it (with the
    decimals the user wrote)."""
    parts = [
        Text.assemble(("Input    ", "bold"), reading.text.strip()),
        Text.assemble(("Reading  ", "bold"),
                      (pretty(reading_shown(reading) if expr is None else expr) + (
                          "" if reading.right is None
                          else " = " + pretty(reading_shown(reading, reading.right))),
                       "cyan")),
    ]
    for note in reading.notes:
        parts.append(hanging(Text("  note   ", style="dim"), Text(note.message, style="dim")))
    return parts


def hanging(label: Text, body: Text):
    """``label`` then ``body``, the body's wrapped lines starting under its first (a hanging
    indent, never back to column 0)."""
    grid = Table.grid()
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row(label, body)
    return grid


class Folded:
    """Styled pieces of one line, broken where the text format breaks a line -- at a space
    before an operator, else after ``, · * / (`` -- never inside a name (``u₁₅``) or a
    function's name, to the width the console gives (rich itself folds a line without
    spaces at any character)."""

    def __init__(self, pieces: list[tuple[str, str]]) -> None:
        self.pieces = pieces

    def __rich_measure__(self, console, options):
        full = "".join(t for t, _ in self.pieces)
        return Measurement(min(cell_len(full), 24), cell_len(full))

    def __rich_console__(self, console, options):
        full = "".join(t for t, _ in self.pieces)
        ends, at = [], 0  # where each piece ends in ``full``
        for t, _ in self.pieces:
            at += len(t)
            ends.append(at)
        cursor = 0
        for line in wrap(full, max(options.max_width, 1), hang=0):
            start = full.find(line, cursor)
            start = cursor if start < 0 else start
            out, k = Text(no_wrap=True, overflow="fold"), start
            for (t, style), end in zip(self.pieces, ends):
                if end > k and k < start + len(line):
                    stop = min(end, start + len(line))
                    out.append(full[k:stop], style=style)
                    k = stop
            cursor = start + len(line)
            yield out


class FittedText:
    """Plain text fitted to the console's width by the text format's rules (a view that has
    no rich form of its own)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __rich_console__(self, console, options):
        yield Text(fit_text(self.text, options.max_width), no_wrap=True)


def differentiation_tree(tree, part, steps: bool) -> None:
    """One differentiation (a :class:`~calcdiff.results.Differentiation`) under ``tree``, as
    a stage of a longer outline shows it (an implicit or a parametric derivative): its steps
    and simplification, or with ``--no-steps`` its one line."""
    if steps:
        _step_tree(part.step, tree, {}, 0)
        if part.changed:
            tree.add(Text.assemble(("simplify  ", "yellow"), (pretty(part.simplified),
                                                              "green")))
    else:
        tree.add(Text.assemble(pretty(part.expr), " → ", (pretty(part.simplified), "green")))


def _step_tree(step: Step, parent, seen: dict, depth: int, ex: Exprs = WHOLE) -> None:
    name, statement = step_info(step)
    pretty = ex.unicode  # the result's shared names, if it has any
    shown = pretty(step.expr)
    if type(step.expr).__name__ in ("Add", "Mul", "Div", "Neg"):
        shown = f"[{shown}]"
    claim = Text.assemble(
        ((f"∂/∂{pretty_name(step.var)} " if step.partial
          else f"d/d{pretty_name(step.var)} "), "bold"), (shown, "cyan"), " = ",
        (pretty(step.result), "green"),
    )
    if id(step) in seen and step.substeps:
        parent.add(Text.assemble(claim, ("   (as above)", "dim")))
        return
    seen[id(step)] = True
    node = parent.add(claim)
    label = Text.assemble((name, "yellow"), ("  " + statement if statement else "", "dim"))
    node.add(label)
    if step.bindings:
        node.add(Text(", ".join(f"{k} = {pretty(v)}" for k, v in step.bindings), style="magenta"))
    for note in step.notes:
        node.add(Text(f"note: {note}", style="dim"))
    if depth >= MAX_TREE_DEPTH:
        if step.substeps:
            node.add(Text(f"… {sum(1 for _ in step.walk()) - 1} more steps (use -f text)",
                          style="dim"))
        return
    for sub in step.substeps:
        _step_tree(sub, node, seen, depth + 1, ex)


def reading_view(reading: Reading, steps: bool = True):
    parts = _reading(reading)
    if reading.wrt:
        parts.append(Text.assemble(("Request  ", "bold"),
                                   f"differentiate by {', '.join(reading.wrt)}"))
    return Group(*parts)


def _check(report: CheckReport, indent: str = "") -> list:
    """The --check report: the text format's lines, green when every check passed."""
    lines: list[str] = []
    render_check(report, lines, indent)
    style = "green" if report.ok else "bold red"
    return [Text(line, style=style) for line in lines]


def check_view(report: CheckReport, steps: bool = True):
    return Group(*_check(report))


def where_lines(ex: Exprs) -> list:
    """The named shared sub-expressions, under the answer (render/shared.py): one block of
    text fitted to the console by the text format's rules (a thousand rich rows would cost
    a second)."""
    rows = ex.unicode_where()
    if not rows:
        return []
    return [FittedText("\n".join(f"{'Where' if k == 0 else '':9}{name} = {text}"
                                 for k, (name, text) in enumerate(rows)))]


def derivation_view(d: Derivation, steps: bool = True):
    parts = _reading(d.reading, d.shown(d.expr) if d.decimals else None)
    ex = derivation_exprs(d)

    def answer(e) -> str:
        return ex.unicode(ex.shown(e, d.shown))

    for k, part in enumerate(d.parts, 1):
        if not steps and k == len(d.parts):
            break  # the Result line gives the answer: once
        others = held_constant(part.step.expr.free, part.var)
        title = f"Differentiate with respect to {pretty_name(part.var)}"
        if others.count:
            title += f" ({others.words(pretty_name)} held constant)"
        tree = Tree(Text(title, style="bold"), guide_style="dim")
        if steps:
            _step_tree(part.step, tree, {}, 0, ex)
            if part.changed:
                tree.add(Text.assemble(("simplify  ", "yellow"),
                                       (ex.unicode(part.simplified), "green")))
        else:
            tree.add(Text.assemble(ex.unicode(ex.shown(part.expr, d.shown)), " → ",
                                   (answer(part.simplified), "green")))
        parts.append(tree)
    parts.append(_final("Result   ", [ex.shown(d.result, d.shown)], ex=ex))
    for name, form in d.alternate_forms:
        parts.append(Text.assemble(("       = ", "bold"), (answer(form), "green"),
                                   (f"   ({name})", "dim")))
    if d.at:
        point = shown_point(d.shown_at())
        value = ex.plain(ex.shown(d.value, d.shown))
        parts.append(Text.assemble(("At " + point + ": ", "bold"), value,
                                   beside(value, d.value_float, "  ")))
    parts += where_lines(ex)
    if d.check is not None:
        parts.extend(_check(d.check))
    return Group(*parts)


def gradient_view(g: Gradient, steps: bool = True):
    parts = _reading(g.reading)
    ex = gradient_exprs(g)
    names = g.reading.expr.free | set(g.vars)
    for p in g.partials:
        var = p.wrt[0]
        others = held_constant(names, var)
        title = f"∂/∂{pretty_name(var)}"
        if others.count:
            title += f"  ({others.words(pretty_name)} held constant)"
        tree = Tree(Text(title, style="bold"), guide_style="dim")
        if steps:
            _step_tree(p.parts[0].step, tree, {}, 0, ex)
        tree.add(Text.assemble(("= ", "bold"), (ex.unicode(p.result), "green")))
        parts.append(tree)
        if p.check is not None:
            parts.extend(_check(p.check, "  "))
    parts.append(_final("Gradient ", g.gradient, tuple_=True, ex=ex))
    if g.at:
        point = shown_point(g.at)
        parts.append(Text.assemble(
            ("At " + point + "  ", "bold"), "(" + ", ".join(pretty(v) for v in g.values) + ")",
            vector_suffix(g.values, g.floats, "  ")))
    dd = g.directional
    if dd is not None:
        parts.append(Text.assemble(
            ("Direction ", "bold"), "(" + ", ".join(pretty(v) for v in dd.direction) + ")",
            ", unit vector (" + ", ".join(pretty(v) for v in dd.unit) + ")"))
        parts.append(Text.assemble(("Directional derivative ", "bold"), "∇f·u/|u| = ",
                                   (pretty(dd.directional), "green"),
                                   beside(to_plain(dd.directional), dd.directional_float)))
        if dd.steepest:
            parts.append(Text.assemble(
                ("Steepest ascent ", "bold"),
                "(" + ", ".join(pretty(v) for v in dd.steepest) + ")",
                f", rate |∇f| = {pretty(dd.steepest_rate)}"
                + beside(to_plain(dd.steepest_rate), dd.steepest_rate_float)))
        else:
            parts.append(Text.assemble(("Steepest ascent ", "bold"),
                                       "none (the gradient is zero here)"))
    parts += where_lines(ex)
    return Group(*parts)


def matrix_view(m: Matrix, steps: bool = True):
    parts = []
    for r in m.readings:
        parts.extend(_reading(r))
    hessian = m.kind == "hessian"
    names = [pretty_name(v) for v in m.vars]
    title = f"{'Hessian' if hessian else 'Jacobian'} (variables {', '.join(names)})"
    parts.append(Text(title, style="bold"))
    rows = [f"∂/∂{names[i]}" if hessian else f"f{i + 1}" for i in range(len(m.matrix))]
    ex = matrix_exprs(m)
    parts.append(FittedMatrix([[ex.unicode(e) for e in row] for row in m.matrix],
                              "H" if hessian else "J", [f"∂/∂{v}" for v in names], rows))
    parts += where_lines(ex)
    for note in dict.fromkeys(m.symmetric_notes):
        parts.append(hanging(Text("note: ", style="dim"), Text(note, style="dim")))
    if steps:
        shown: set = set()
        for i, row in enumerate(m.entries):
            for j, d in enumerate(row):
                if id(d) in shown:
                    continue
                shown.add(id(d))
                label = (f"∂²f/∂{pretty_name(d.wrt[1])}∂{pretty_name(d.wrt[0])}" if hessian
                         else f"∂f{i + 1}/∂{pretty_name(d.wrt[0])}")
                tree = Tree(Text(f"Entry ({i + 1}, {j + 1}): {label}", style="bold"),
                            guide_style="dim")
                for part in d.parts[-1:]:
                    _step_tree(part.step, tree, {}, 0, ex)
                    tree.add(Text.assemble(("= ", "bold"),
                                           (ex.unicode(part.simplified), "green")))
                parts.append(tree)
                if d.check is not None:
                    parts.extend(_check(d.check, "  "))
    else:  # --check without the steps: each entry's report
        for i, j, d in m.checked_entries():
            parts.append(Text(f"Entry ({i + 1}, {j + 1})", style="bold"))
            parts.extend(_check(d.check, "  "))
    if m.at:
        point = shown_point(m.at)
        parts.append(Text(f"At {point}", style="bold"))
        parts.append(FittedMatrix([[pretty(v) for v in row] for row in m.values],
                                  "H" if hessian else "J"))
        decimals = matrix_decimals(m.values, m.floats)
        if isinstance(decimals, list):
            parts.append(Text("≈"))
            parts.append(FittedMatrix(decimals, "H" if hessian else "J"))
        elif decimals:
            parts.append(Text(decimals))
        if m.classification:
            parts.append(Text.assemble(("Critical point: ", "bold"),
                                       (m.classification, "green"),
                                       f"; {m.classification_reason}"))
        elif m.classification_reason:
            parts.append(Text(f"Note: {m.classification_reason}", style="dim"))
    return Group(*parts)


class FittedMatrix:
    """A matrix as a table at the console's width: whole when it fits, else with its wide
    entries named (``H₁₂``) and defined below it (render/layout.py decides)."""

    def __init__(self, cells: list[list[str]], letter: str, heads: list[str] | None = None,
                 rows: list[str] | None = None) -> None:
        self.cells, self.letter, self.heads, self.rows = cells, letter, heads, rows

    def _table(self, grid: list[list[str]], columns: range):
        table = Table(header_style="dim", box=box.SIMPLE, show_header=self.heads is not None)
        if self.rows is not None:
            table.add_column("", no_wrap=True)
        for j in columns:
            table.add_column(self.heads[j] if self.heads else "", no_wrap=True)
        for i, row in enumerate(grid):
            label = [self.rows[i]] if self.rows is not None else []
            table.add_row(*label, *[Text(row[j], style="green") for j in columns])
        return table

    def __rich_console__(self, console, options):
        width = options.max_width
        n = max(len(self.cells), len(self.cells[0]))
        names = [[entry_name(self.letter, i + 1, j + 1, n) for j in range(len(row))]
                 for i, row in enumerate(self.cells)]

        def measure(grid):
            table = self._table(grid, range(len(grid[0])))
            return Measurement.get(console, options.update(width=10**6), table).maximum

        plan = plan_matrix(self.cells, names, width, measure, cell_len)
        for block in plan.blocks:
            if len(plan.blocks) > 1:
                yield Text(f"columns {block.start + 1}–{block.stop}", style="dim")
            yield self._table(plan.shown, block)
        for named, text in plan.definitions:
            yield hanging(Text("  " + " = ".join(named) + " = ", style="bold"),
                          Text(text, style="green"))


VIEWS = {
    Reading: reading_view,
    Derivation: derivation_view,
    Gradient: gradient_view,
    Matrix: matrix_view,
    CheckReport: check_view,
}


def _final(label: str, exprs, tuple_: bool = False, ex: Exprs = WHOLE):
    """The answer line: in the tree's notation, then in plain syntax (to copy into code)
    when that differs: ``Result   6x − 4   6*x - 4`` (``ex``: the result's shared names)."""

    def wrap(items):
        return "(" + ", ".join(items) + ")" if tuple_ else items[0]

    shown = wrap([ex.unicode(e) for e in exprs])
    plain = wrap([ex.plain(e) for e in exprs])
    pieces = [(shown, "bold green")] + ([("   " + plain, "dim")] if plain != shown else [])
    return hanging(Text(label, style="bold"), Folded(pieces))


def to_string(renderable, width: int = 80, color: bool = False, no_color: bool = False) -> str:
    """A rich renderable printed to a string (with ANSI codes if ``color``; styles but no
    colours if also ``no_color``, as NO_COLOR asks): how a worker process sends the rich view
    back."""
    buf = io.StringIO()
    console = Console(file=buf, width=width, force_terminal=color,
                      no_color=no_color or not color,
                      markup=False, highlight=False, emoji=False)
    console.print(renderable)
    return buf.getvalue().rstrip("\n")
