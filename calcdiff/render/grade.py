"""Views of ``grade`` in every format: the verdict, the mistake (which step, what was done,
what the rule gives), the points where a wrong answer differs, and the correct derivation.

The content is laid out once, by :func:`_rows`, as rows of prose and expressions; each
format only prints the rows (expressions as plain syntax, Unicode, or LaTeX math).
"""

from __future__ import annotations

from rich.console import Group
from rich.text import Text

from calcdiff.render.common import rule_info, step_info
from calcdiff.render.implicit import (
    derivative_name,
    latex_body,
    markdown_body,
    rich_body,
    text_body,
)
from calcdiff.render.json_ import _root_json
from calcdiff.render.latex import latex_name, latex_text
from calcdiff.render.latex_rows import inline_math
from calcdiff.render.markdown import md_text
from calcdiff.render.pretty import pretty
from calcdiff.render.text import leibniz_operator, render_reading
from calcdiff.render.view_parts import (
    LatexBody,
    MarkdownBody,
    m,
    plain_float,
    rich_reading,
    rich_steps,
    text_steps,
)
from calcdiff.results_grade import Grade, GradeSummary, GradientGrade, ImplicitGrade
from calcdiff.tree.nodes import Expr
from calcdiff.tree.printer import shown_point, to_plain

# ---------------------------------------------------------------------------------------------
# the content, once: (label, [prose str | Expr, ...]) rows


def _point(at: dict) -> str:
    return ", ".join(f"{k} = {v:.6g}" for k, v in at.items())


def _num(v) -> str:
    return "undefined" if v is None else f"{v:.10g}"


def _op(g: Grade | ImplicitGrade, wrt: tuple[str, ...] | None = None) -> str:
    """The operator of the derivative graded (by ``wrt``: of one of its steps), as derive
    writes it: d/dx, ∂/∂y, d^2/dx^2, ∂^2/∂x∂y."""
    partial = isinstance(g, Grade) and g.derivation.partial
    return leibniz_operator(wrt or g.variables, partial)


def _by(g: Grade | ImplicitGrade) -> str:
    if isinstance(g, ImplicitGrade):
        y, x = g.derivation.dependent, g.derivation.independent
        return f"{x}, implicitly, with {y} = {y}({x})"
    return ", then ".join(g.variables)


def _correct(g: Grade | ImplicitGrade) -> list:
    there = [] if g.value is None else [f"; at {shown_point(g.at)}: ", g.value]
    if isinstance(g, ImplicitGrade):
        return [f"{derivative_name(g.derivation)} = ", g.derivative, *there]
    return [f"{_op(g)} [", g.reading.expr, "] = ", g.derivative, *there]


def _rows(g: Grade) -> list[tuple[str, list]]:
    rows: list[tuple[str, list]] = [("Answer", [g.answer])]
    for n in g.answer_notes:
        rows.append(("", [f"({n})"]))
    if g.correct:
        rows.append(("Grade", [f"CORRECT (decided {_method(g.method)})"]))
        if g.simpler is not None:
            rows.append(("Note", [g.simpler_words, g.simpler]))
        if g.value is not None and g.answer.free:  # f'(x) given where f'(2) was asked
            rows.append(("Note", [f"the exercise asks for its value at {shown_point(g.at)}: ",
                                  g.value]))
        return rows
    d = g.diagnosis
    if d is None:
        rows.append(("Grade", ["WRONG: " + (g.note or "no single mistake explains the answer")]))
        for diff in g.differences:
            by = "" if diff.by is None else f" (they differ by {diff.by:.3g})"
            rows.append(("", [f"at {_point(diff.at)}: the answer is {_num(diff.answer)}, the "
                              f"derivative {_num(diff.derivative)}{by}"]))
    else:
        rows.append(("Grade", [f"WRONG: {d.name}"]))
        if g.note:  # the answer read as surely meant (1/3x as 1/(3x))
            rows.append(("Note", [g.note]))
        if d.rule:
            name, statement = (step_info(d.misapplied) if d.misapplied is not None
                               else rule_info(d.rule)[:2])
            rows.append(("Where", [*_where(g, d.step, d.part, d.of), f", {_op(g, (d.var,))} [",
                                   d.step_expr, f"], by the {name}"
                                   + (f": {statement}" if statement else "")]))
        elif isinstance(g, ImplicitGrade):  # of solving a·y′ = b for y′
            r = g.derivation
            rows.append(("Where", ["solving (", r.coefficient, f")*{r.dependent}' = ", r.rest,
                                   f" for {r.dependent}′"]))
        elif d.part is not None and g.derivation.order > 1:
            rows.append(("Where", [f"the whole of {_part(g, d.part)}, {_op(g, (d.var,))} [",
                                   d.step_expr, "]"]))
        else:
            rows.append(("Where", [f"the whole derivative, {_op(g)} [", d.step_expr, "]"]))
        rows.append(("Done", [d.done + ", giving ", d.wrong]))
        rows.append(("Rule", ["the rule gives ", d.right]))
        rows.append(("Result", ["with that mistake the derivative is ", d.derivative,
                                ", which is your answer"]))
        for other in d.also:
            rows.append(("Or", [f"{other.name} at ", *_where(g, other.step, other.part, other.of),
                                " gives the same answer"]))
    rows.append(("Correct", _correct(g)))
    return rows


def _part(g: Grade, part: int) -> str:
    return f"differentiation {part} of {g.derivation.order}"


def _where(g: Grade, step: str, part: int | None, of: Expr | None = None) -> list:
    """Where a mistake was made: "step 2.1", "the first step", "the whole derivative"; in a
    derivative of higher order, "step 1 of differentiation 2 of 2" (derive's "Step 2 of 2"),
    and what that differentiation was of where it is not what derive shows; of an implicit
    derivative, "step 2 of the left side's derivative"."""
    if isinstance(g, ImplicitGrade):
        if part is None:
            return [f"solving for {g.derivation.dependent}′"]
    if part is None:
        return ["the whole derivative"]
    where = "the first step" if step == "top" else f"step {step}"
    if isinstance(g, ImplicitGrade):
        return [f"{where} of the {_SIDES[part - 1]} side's derivative"]
    if g.derivation.order == 1:
        return [where]
    if of is None:
        return [f"{where} of {_part(g, part)}"]
    return [f"{where} of {_part(g, part)} (of ", of, ", not simplified)"]


def _method(method: str) -> str:
    return "symbolically" if method == "symbolic" else method.replace("numeric", "numerically", 1)


def _title(g: Grade | ImplicitGrade) -> str:
    return f"Correct derivative (with respect to {_by(g)}):"


_SIDES = ("left", "right")


# ---------------------------------------------------------------------------------------------
# text


def _plain_row(parts: list) -> str:
    return "".join(to_plain(p) if isinstance(p, Expr) else p for p in parts)


def _grade_text_lines(g: Grade, out: list[str], steps: bool, indent: str = "") -> None:
    if steps and not g.correct:
        if isinstance(g, ImplicitGrade):
            out += ["", indent + _title(g)]
            out += [indent + line if line else line
                    for line in text_body(g.derivation, result=False)[1:]]
        else:
            text_steps(g.derivation, out, indent + _title(g))
        out.append("")
    for label, parts in _rows(g):
        out.append(f"{indent}{(label + ':') if label else '':9} {_plain_row(parts)}".rstrip())


def _head_text(obj, out: list[str]) -> None:
    if obj.label:
        out.append(f"Student:  {obj.label}")
    render_reading(obj.reading, out)


def _grade_text(g: Grade, steps: bool = True) -> str:
    out: list[str] = []
    _head_text(g, out)
    if g.correct or not steps:
        out.append("")
    _grade_text_lines(g, out, steps)
    return "\n".join(out)


def _gradient_text(obj: GradientGrade, steps: bool = True) -> str:
    out: list[str] = []
    _head_text(obj, out)
    out.append(f"Answer:   {obj.answer_text.strip()}  (the gradient over {', '.join(obj.vars)})")
    out.append(f"Grade:    {'CORRECT' if obj.correct else 'WRONG'}")
    if obj.note:
        out.append(f"Note:     {obj.note}")
    for c in obj.components:
        out.append("")
        out.append(f"Component ∂/∂{c.wrt}:")
        _grade_text_lines(c, out, steps, "  ")
    return "\n".join(out)


def _summary_rows(s: GradeSummary) -> list[tuple[str, str]]:
    rows = [("graded", str(s.graded)), ("correct", str(s.correct)), ("wrong", str(s.wrong))]
    rows += [(f"  {s.names.get(k, k)} ({k})", str(n)) for k, n in s.mistakes.items()]
    if s.unexplained:
        rows.append(("  no single mistake", str(s.unexplained)))
    if s.unreadable:
        rows.append(("could not be read", str(s.unreadable)))
    return rows


def _summary_text(s: GradeSummary, steps: bool = True) -> str:
    """The counts first, right-aligned, then what they count: a mistake's long name wraps
    after its count (the counts after names padded to the longest name fell apart when one
    name did not fit in 80 columns)."""
    rows = _summary_rows(s)
    width = max(len(r[1]) for r in rows)
    return "\n".join(["Summary:"] + [f"  {b.rjust(width)}  {a}" for a, b in rows])


# ---------------------------------------------------------------------------------------------
# JSON


def _grade_obj(g: Grade, steps: bool) -> dict:
    d = g.diagnosis
    out = {"answer_input": g.answer_text, "answer": to_plain(g.answer),
           "wrt": list(g.variables), "order": len(g.variables)}
    if isinstance(g, ImplicitGrade):
        out.update(dependent=g.derivation.dependent, independent=g.derivation.independent)
    out.update({"correct": g.correct, "method": g.method, "derivative": to_plain(g.derivative),
                "mistake": d.mistake if d else None, "step": d.step if d else None,
                "note": g.note})
    if g.answer_notes:
        out["answer_notes"] = list(g.answer_notes)
    if g.simpler is not None:
        out["simpler"] = to_plain(g.simpler)
    if g.value is not None:  # a number graded against the derivative's value at the point
        out["at"] = {k: to_plain(v) for k, v in g.at.items()}
        out["value"] = to_plain(g.value)
    if d is not None:
        out.update({"mistake_name": d.name, "mistake_rule": d.explain,
                    "step_expr": to_plain(d.step_expr), "rule": d.rule, "done": d.done,
                    "wrong": to_plain(d.wrong), "rule_gives": to_plain(d.right),
                    "with_mistake": to_plain(d.derivative),
                    "also": [{"mistake": a.mistake, "name": a.name, "step": a.step,
                              **_differentiation(g, a.part, a.of)} for a in d.also]})
        out.update(_differentiation(g, d.part, d.of))
    if g.differences:
        out["differences"] = [{"at": diff.at, "answer": plain_float(diff.answer),
                               "derivative": plain_float(diff.derivative),
                               **({} if diff.by is None else {"difference": diff.by})}
                              for diff in g.differences]
    if steps:
        r = g.derivation
        out["derivation"] = [_root_json(p) for p in (
            [*r.sides, *(p for p, _ in r.higher)] if isinstance(g, ImplicitGrade) else r.parts)]
    return out


def _differentiation(g: Grade, part: int | None, of: Expr | None) -> dict:
    """The differentiation a mistake is in, for a derivative of higher order (null: of the
    whole derivative), and what it was of where that is not derive's; nothing for a first
    derivative; of an implicit derivative, the side of the equation it is in (null: of
    solving for y′)."""
    if isinstance(g, ImplicitGrade):
        return {"side": None if part is None else _SIDES[part - 1]}
    if g.derivation.order == 1:
        return {}
    return {"differentiation": part, **({} if of is None else {"differentiated": to_plain(of)})}


def _head_json(obj) -> dict:
    out = {"input": obj.reading.text, "expr": obj.reading.plain,
           "notes": obj.reading.note_messages()}
    if obj.label is not None:
        out["id"] = obj.label
    return out


def _grade_json(g: Grade, steps: bool = True) -> dict:
    return {**_head_json(g), **_grade_obj(g, steps)}


def _gradient_json(obj: GradientGrade, steps: bool = True) -> dict:
    comps = [_grade_obj(c, steps) for c in obj.components]
    first = next((c for c in obj.components if c.diagnosis), None)
    return {**_head_json(obj), "answer_input": obj.answer_text, "vars": obj.vars,
            "correct": obj.correct, "mistake": first.mistake if first else None,
            "step": first.diagnosis.step if first else None, "note": obj.note,
            "mistakes": obj.mistakes, "components": comps}


def _summary_json(s: GradeSummary, steps: bool = True) -> dict:
    return {"summary": {"graded": s.graded, "correct": s.correct, "wrong": s.wrong,
                        "unexplained": s.unexplained, "unreadable": s.unreadable,
                        "mistakes": dict(s.mistakes)}}


# ---------------------------------------------------------------------------------------------
# Markdown and LaTeX (a feedback sheet)


def _md_row(parts: list, expr) -> str:
    out = []
    for p in parts:
        if isinstance(p, Expr):
            out.append(m(expr(p)))
        else:  # prose: its spaces at either end kept (they separate it from the math)
            out.append(" " * (len(p) - len(p.lstrip())) + md_text(p.strip())
                       + " " * (len(p) - len(p.rstrip())))
    return "".join(out)


class _MarkdownSheet:
    """A feedback sheet in Markdown: the writer :func:`_sheet` fills."""

    def __init__(self) -> None:
        self.doc = MarkdownBody()

    def student(self, label: str) -> None:
        self.doc.add(f"- **Student:** {md_text(label)}")

    def heading(self, text: str, var: str | None = None) -> None:
        self.doc.heading(text + (" " + m(r"\partial/\partial " + latex_name(var)) if var else ""))

    def par(self, text: str) -> None:
        self.doc.add(md_text(text), "")

    def implicit(self, r) -> None:
        self.doc.out += markdown_body(r, True, self.doc.ctx, result=False)

    def rows(self, rows) -> None:
        for label, parts in rows:
            self.doc.add(f"- **{label}:** " + _md_row(parts, self.doc.expr) if label
                         else "  - " + _md_row(parts, self.doc.expr))


def _summary_markdown(s: GradeSummary, steps: bool = True) -> str:
    doc = MarkdownBody()
    doc.heading("Summary")
    doc.table(["", "answers"], [[a.strip(), b] for a, b in _summary_rows(s)], "lr")
    return doc.body()


def _tex_row(parts: list, expr) -> str:
    return "".join(f"${inline_math(expr(p))}$" if isinstance(p, Expr) else latex_text(p)
                   for p in parts)


class _LatexSheet:
    """A feedback sheet in LaTeX: the writer :func:`_sheet` fills."""

    def __init__(self) -> None:
        self.doc = LatexBody()

    def student(self, label: str) -> None:
        self.doc.par(r"\textbf{Student:} " + latex_text(label))

    def heading(self, text: str, var: str | None = None) -> None:
        self.doc.heading(latex_text(text) + (" " + m(r"\partial/\partial " + latex_name(var))
                                             if var else ""))

    def par(self, text: str) -> None:
        self.doc.par(latex_text(text))

    def implicit(self, r) -> None:
        latex_body(r, True, self.doc.doc, result=False)

    def rows(self, rows) -> None:
        self.doc.raw("\\begin{description}\n" + "\n".join(
            (f"\\item[{latex_text(label)}] " if label else "\\item[] ")
            + _tex_row(parts, self.doc.expr) for label, parts in rows) + "\n\\end{description}")


def _sheet(sheet, obj, steps: bool) -> str:
    """A grade (or a gradient's grades) as a feedback sheet, in Markdown or LaTeX."""
    if obj.label:
        sheet.student(obj.label)
    sheet.doc.reading(obj.reading)
    grades = obj.components if isinstance(obj, GradientGrade) else [obj]
    if isinstance(obj, GradientGrade):
        sheet.heading("Grade: " + ("correct" if obj.correct else "wrong"))
        if obj.note:
            sheet.par(obj.note)
    for g in grades:
        if isinstance(obj, GradientGrade):
            sheet.heading("Component", g.wrt)
        else:
            sheet.heading("Grade")
        sheet.rows(_rows(g))
        if steps and not g.correct:
            sheet.heading(f"The correct derivative, with respect to {_by(g)}")
            if isinstance(g, ImplicitGrade):
                sheet.implicit(g.derivation)
            else:
                sheet.doc.steps(g.derivation)
    return sheet.doc.body()


def _grade_markdown(obj, steps: bool = True) -> str:
    return _sheet(_MarkdownSheet(), obj, steps)


def _grade_latex(obj, steps: bool = True) -> str:
    return _sheet(_LatexSheet(), obj, steps)


def _summary_latex(s: GradeSummary, steps: bool = True) -> str:
    doc = LatexBody()
    doc.heading("Summary")
    doc.raw("\\begin{tabular}{lr}\n" + " \\\\\n".join(
        f"{latex_text(a.strip())} & {b}" for a, b in _summary_rows(s)) + " \\\\\n\\end{tabular}")
    return doc.body()


# ---------------------------------------------------------------------------------------------
# rich


def _rich_row(label: str, parts: list) -> Text:
    style = ""
    if label == "Grade":
        style = "bold red" if "WRONG" in _plain_row(parts) else "bold green"
    t = Text(f"{label:9}" if label else " " * 9, style="bold")
    for p in parts:
        is_expr = isinstance(p, Expr)
        t.append(pretty(p) if is_expr else p, style=style or ("cyan" if is_expr else ""))
    return t


def _rich_grade_parts(g: Grade, steps: bool) -> list:
    parts = [_rich_row(label, row) for label, row in _rows(g)]
    if steps and not g.correct:
        title = f"The correct derivative, with respect to {_by(g)}"
        if isinstance(g, ImplicitGrade):
            parts += [Text(title, style="bold"), *rich_body(g.derivation, result=False)]
        else:
            parts.append(rich_steps(g.derivation, title))
    return parts


def _grade_rich(g: Grade, steps: bool = True):
    head = [Text.assemble(("Student  ", "bold"), g.label)] if g.label else []
    return Group(*head, *rich_reading(g.reading), *_rich_grade_parts(g, steps))


def _gradient_rich(obj: GradientGrade, steps: bool = True):
    parts = [Text.assemble(("Student  ", "bold"), obj.label)] if obj.label else []
    parts += rich_reading(obj.reading)
    parts.append(Text.assemble(("Grade    ", "bold"),
                               ("CORRECT" if obj.correct else "WRONG",
                                "bold green" if obj.correct else "bold red")))
    if obj.note:
        parts.append(Text(obj.note, style="dim"))
    for c in obj.components:
        parts.append(Text(f"Component ∂/∂{c.wrt}", style="bold underline"))
        parts += _rich_grade_parts(c, steps)
    return Group(*parts)


def _summary_rich(s: GradeSummary, steps: bool = True):
    return Text(_summary_text(s))


VIEWS = {
    "text": {Grade: _grade_text, ImplicitGrade: _grade_text, GradientGrade: _gradient_text,
             GradeSummary: _summary_text},
    "json": {Grade: _grade_json, ImplicitGrade: _grade_json, GradientGrade: _gradient_json,
             GradeSummary: _summary_json},
    "markdown": {Grade: _grade_markdown, ImplicitGrade: _grade_markdown,
                 GradientGrade: _grade_markdown, GradeSummary: _summary_markdown},
    "latex": {Grade: _grade_latex, ImplicitGrade: _grade_latex, GradientGrade: _grade_latex,
              GradeSummary: _summary_latex},
    "rich": {Grade: _grade_rich, ImplicitGrade: _grade_rich, GradientGrade: _gradient_rich,
             GradeSummary: _summary_rich},
}
