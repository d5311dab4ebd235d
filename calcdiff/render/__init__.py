"""Renderers: one dispatch, per format a table of view functions keyed by result type.

``render(obj, fmt)`` looks the view up in ``VIEWS[fmt]`` by the type of ``obj`` (sqlglot's
generator ``TRANSFORMS`` is the model) and finishes what every view of that format shares:
JSON views return a dict (dumped here), LaTeX views return a body (wrapped here into the one
complete document, :func:`calcdiff.render.document.latex_document`), text and Markdown views
return text, rich views return a rich renderable (the CLI prints it with its Console).

A module that renders more result types exposes the same shape, ``VIEWS = {fmt: {type: fn}}``
with ``fn(obj, steps=True)``, and is merged below (render/explore.py, render/learn.py, the
rules view). Results show themselves in Jupyter through the display hooks registered at the
end of this module.
"""

from __future__ import annotations

import json
from typing import Callable

from calcdiff.choices import Format
from calcdiff.deep import call_deep
from calcdiff.display import register_display
from calcdiff.read.reading import Reading
from calcdiff.render import explore, inline, json_, latex, learn, markdown, rules, terminal, text
from calcdiff.render.document import latex_document
from calcdiff.results import (
    CheckReport,
    Derivation,
    Gradient,
    Matrix,
)

__all__ = ["FORMATS", "VIEWS", "latex_document", "merge", "render", "render_string", "view"]

FORMATS = Format.values()

# fmt -> {result type -> fn(obj, steps=True)}
VIEWS: dict[str, dict[type, Callable]] = {
    "text": {
        Reading: text.render_reading_view,
        Derivation: text.render_derivation,
        Gradient: text.render_gradient,
        Matrix: text.render_matrix,
        CheckReport: text.render_check_view,
    },
    "json": {
        Reading: json_.reading_view,
        Derivation: json_.derivation_json,
        Gradient: json_.gradient_json,
        Matrix: json_.matrix_json,
        CheckReport: json_.check_view,
        dict: json_.dict_view,
    },
    "markdown": {
        Reading: markdown.reading_view,
        Derivation: markdown.render_derivation,
        Gradient: markdown.render_gradient,
        Matrix: markdown.render_matrix,
        CheckReport: markdown.check_view,
    },
    "latex": {
        Reading: latex.reading_view,
        Derivation: latex.render_derivation,
        Gradient: latex.render_gradient,
        Matrix: latex.render_matrix,
        CheckReport: latex.check_view,
    },
    "rich": {},
}


def merge(views: dict[str, dict[type, Callable]]) -> None:
    """Add a module's ``VIEWS`` table (later entries win)."""
    for fmt, table in views.items():
        VIEWS.setdefault(fmt, {}).update(table)


# the rich views of the core commands, and the exploring, learning and rules commands' views
# (each module's VIEWS table, every format)
merge({"rich": terminal.VIEWS})
for _module in (explore, learn, rules):
    merge(_module.VIEWS)

def view(obj, fmt: str) -> Callable:
    """The view function of ``fmt`` for ``obj`` (by its type, then its base classes)."""
    try:
        table = VIEWS[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; the formats are {', '.join(FORMATS)}") from None
    for cls in type(obj).__mro__:
        fn = table.get(cls)
        if fn is not None:
            return fn
    if fmt == "rich":  # a type with no rich view yet: its text view, as rich text
        from rich.text import Text  # rich: only when the rich format is asked for

        plain = view(obj, "text")
        return lambda o, steps=True: Text(plain(o, steps))
    raise TypeError(f"no {fmt} view of {type(obj).__name__}")


def render(obj, fmt: str = "text", steps: bool = True, **_):
    """``obj`` in format ``fmt``: a string, or a rich renderable for ``fmt="rich"``.
    ``fmt="latex-body"`` gives the LaTeX without the document around it (a batch of inputs
    is one document: :func:`latex_document` of the bodies joined)."""
    if fmt == "latex-body":
        return call_deep(view(obj, "latex"), obj, steps)
    out = call_deep(view(obj, fmt), obj, steps)
    if fmt == "json":
        return json.dumps(out, ensure_ascii=False)
    if fmt == "latex":
        return latex_document(out)
    return out


def render_string(obj, fmt: str = "text", steps: bool = True, width: int = 80,
                  color: bool = False) -> str:
    """``obj`` in format ``fmt`` as a string, rich included (printed at ``width`` columns,
    with ANSI colour codes if ``color``): what a worker process sends back."""
    out = render(obj, fmt, steps)
    if fmt == "rich":
        return terminal.to_string(out, width, color)
    return out


register_display("markdown", lambda obj: render(obj, "markdown"))
register_display("latex-inline", inline.statement)
