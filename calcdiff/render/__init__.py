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

from ..deep import call_deep
from ..results import (
    Backprop,
    CheckReport,
    Derivation,
    Descent,
    Gradient,
    LimitTable,
    Matrix,
    Reading,
    Tangent,
    Taylor,
    register_display,
)
from . import explore, inline, json_, latex, learn, markdown, text
from .document import latex_document, latex_verbatim_body

__all__ = ["FORMATS", "VIEWS", "latex_document", "merge", "render", "render_string", "view"]

FORMATS = ("rich", "text", "markdown", "latex", "json")

# fmt -> {result type -> fn(obj, steps=True)}; rich is filled on first use (see _rich_views)
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


def _interim(module, types) -> dict[str, dict[type, Callable]]:
    """The exploring commands' views until their modules have native ones: their text view,
    in a code block (Markdown) or a verbatim block (LaTeX), and their JSON view."""

    def md(obj, steps=True):
        return f"```text\n{module.text(obj, steps)}\n```"

    def tex(obj, steps=True):
        return latex_verbatim_body(module.text(obj, steps))

    return {
        "text": {t: module.text for t in types},
        "json": {t: module.json_obj for t in types},
        "markdown": {t: md for t in types},
        "latex": {t: tex for t in types},
    }


def merge(views: dict[str, dict[type, Callable]]) -> None:
    """Add a module's ``VIEWS`` table (later entries win)."""
    for fmt, table in views.items():
        VIEWS.setdefault(fmt, {}).update(table)


merge(_interim(explore, (Tangent, LimitTable, Taylor)))
merge(_interim(learn, (Descent, Backprop)))
for _module in (explore, learn):
    merge(getattr(_module, "VIEWS", {}))  # native views, once those modules have them

_rich_loaded = False


def _rich_views() -> None:
    """The rich views, loaded with rich itself on first use (rich costs start-up time that the
    other formats need not pay)."""
    global _rich_loaded
    if not _rich_loaded:
        from . import terminal  # rich: only when the rich format is asked for

        merge({"rich": terminal.VIEWS})
        for module in (explore, learn):
            merge({"rich": getattr(module, "VIEWS", {}).get("rich", {})})
        _rich_loaded = True


def view(obj, fmt: str) -> Callable:
    """The view function of ``fmt`` for ``obj`` (by its type, then its base classes)."""
    if fmt == "rich":
        _rich_views()
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
        from .terminal import to_string  # rich: only when the rich format is asked for

        return to_string(out, width, color)
    return out


register_display("markdown", lambda obj: render(obj, "markdown"))
register_display("latex-inline", inline.statement)
