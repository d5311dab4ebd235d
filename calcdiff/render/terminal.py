"""The rich terminal view: the derivation as a tree (rule, statement, bindings, result)
that fits an 80-column terminal. Built from the same data as the other formats."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from rich.tree import Tree

from calcdiff.deriving.steps import Step
from calcdiff.render.common import held_constant, rule_info
from calcdiff.render.pretty import pretty, pretty_name
from calcdiff.results import Derivation
from calcdiff.tree.printer import to_plain

MAX_TREE_DEPTH = 40


def _reading(reading) -> list:
    parts = [
        Text.assemble(("Input    ", "bold"), reading.text.strip()),
        Text.assemble(("Reading  ", "bold"), (pretty(reading.expr), "cyan")),
    ]
    for note in reading.notes:
        parts.append(Text.assemble(("  note   ", "dim"), (note.message, "dim")))
    return parts


def _step_tree(step: Step, parent, seen: dict, depth: int) -> None:
    name, statement, _ = rule_info(step.rule)
    shown = pretty(step.expr)
    if type(step.expr).__name__ in ("Add", "Mul", "Div", "Neg"):
        shown = f"[{shown}]"
    claim = Text.assemble(
        ((f"d/d{pretty_name(step.var)} " if step.expr.free <= {step.var}
          else f"∂/∂{pretty_name(step.var)} "), "bold"), (shown, "cyan"), " = ",
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
        _step_tree(sub, node, seen, depth + 1)


def render_rich(obj, steps: bool = True):
    from calcdiff.read.reading import Reading

    if isinstance(obj, Reading):
        parts = _reading(obj)
        if obj.wrt:
            parts.append(Text.assemble(("Request  ", "bold"),
                                       f"differentiate by {', '.join(obj.wrt)}"))
        return Group(*parts)
    if isinstance(obj, Derivation):
        parts = _reading(obj.reading)
        for part in obj.parts:
            others = held_constant(part.step.expr.free, part.var)
            title = f"Differentiate with respect to {pretty_name(part.var)}"
            if others:
                title += f" ({', '.join(pretty_name(o) for o in others)} held constant)"
            tree = Tree(Text(title, style="bold"), guide_style="dim")
            if steps:
                _step_tree(part.step, tree, {}, 0)
                if part.simplified != part.step.result:
                    tree.add(Text.assemble(("simplify  ", "yellow"),
                                           (pretty(part.simplified), "green")))
            else:
                tree.add(Text.assemble(pretty(part.expr), " → ", (pretty(part.simplified), "green")))
            parts.append(tree)
        parts.append(_final("Result   ", [obj.result]))
        if obj.at:
            point = ", ".join(f"{k} = {to_plain(v)}" for k, v in obj.at.items())
            approx = "" if obj.value_float is None else f"  ≈ {obj.value_float:.12g}"
            parts.append(Text.assemble(("At " + point + "  ", "bold"), to_plain(obj.value), approx))
        if obj.check is not None:
            from calcdiff.render.text import render_check

            lines: list[str] = []
            render_check(obj.check, lines)
            style = "green" if obj.check.ok else "bold red"
            parts.extend(Text(line, style=style) for line in lines)
        return Group(*parts)
    from calcdiff.results import Gradient

    if isinstance(obj, Gradient):
        parts = _reading(obj.reading)
        for p in obj.partials:
            var = p.wrt[0]
            others = held_constant(obj.reading.expr.free | set(obj.vars), var)
            title = f"∂/∂{pretty_name(var)}"
            if others:
                title += f"  ({', '.join(pretty_name(o) for o in others)} held constant)"
            tree = Tree(Text(title, style="bold"), guide_style="dim")
            if steps:
                _step_tree(p.parts[0].step, tree, {}, 0)
            tree.add(Text.assemble(("= ", "bold"), (pretty(p.result), "green")))
            parts.append(tree)
        parts.append(_final("Gradient ", obj.gradient, tuple_=True))
        from calcdiff.render.text import render_gradient

        tail = render_gradient(obj, steps=False).split("\nGradient: ", 1)[1].split("\n")[1:]
        parts.extend(Text(line) for line in tail)
        return Group(*parts)
    from calcdiff.render.text import render as render_text

    return Text(render_text(obj, steps=steps))


def _final(label: str, exprs, tuple_: bool = False):
    """The answer line: in the tree's notation, then in plain syntax (to copy into code)
    when that differs: ``Result   6x − 4   6*x - 4``."""
    from rich.text import Text

    def wrap(items):
        return "(" + ", ".join(items) + ")" if tuple_ else items[0]

    shown = wrap([pretty(e) for e in exprs])
    plain = wrap([to_plain(e) for e in exprs])
    text = Text.assemble((label, "bold"), (shown, "bold green"))
    if plain != shown:
        text.append("   " + plain, style="dim")
    return text


def render_rich_to_string(obj, steps: bool = True, width: int = 80, color: bool = False) -> str:
    """Render in a worker process: the same view, as a string with ANSI codes if allowed."""
    import io

    from rich.console import Console

    buf = io.StringIO()
    console = Console(file=buf, width=width, force_terminal=color, no_color=not color,
                      markup=False, highlight=False, emoji=False)
    console.print(render_rich(obj, steps=steps))
    return buf.getvalue().rstrip("\n")
