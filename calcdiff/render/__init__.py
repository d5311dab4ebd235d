"""Renderers: one dispatch, per format a table of view functions keyed by result type.

``render(obj, fmt)`` looks the view up in ``VIEWS[fmt]`` by the type of ``obj`` (sqlglot's
generator ``TRANSFORMS`` is the model) and finishes what every view of that format shares:
JSON views return a dict (dumped here), LaTeX views return a body (wrapped here into the one
complete document, :func:`calcdiff.render.document.latex_document`), text views return text
or its lines (a list: fitted to the width and joined here, once), Markdown views return
text, rich views return a rich renderable (the CLI prints it with its Console).

A module that renders more result types exposes the same shape, ``VIEWS = {fmt: {type: fn}}``
with ``fn(obj, steps=True)``, and is merged below (render/explore.py, render/learn.py, the
rules view). Results show themselves in Jupyter through the display hooks registered at the
end of this module.
"""

from __future__ import annotations

import json
from typing import Callable

from calcdiff.choices import Format
from calcdiff.deep import call_shallow_first
from calcdiff.display import as_printed, register_display
from calcdiff.read.reading import Reading
from calcdiff.results import CheckReport, Derivation, Gradient, Matrix

__all__ = ["FORMATS", "VIEWS", "merge", "render", "render_string", "view"]

FORMATS = Format.values()

# fmt -> {result type -> fn(obj, steps=True)}, filled per format on its first use
VIEWS: dict[str, dict[type, Callable]] = {fmt: {} for fmt in FORMATS}
_loaded: set[str] = set()
_extensions_loaded = False


def _core_views(fmt: str) -> dict[type, Callable]:
    """The core commands' views in ``fmt``. Each format's module is imported on its first use
    (start-up: a text answer loads neither LaTeX, Markdown nor rich)."""
    if fmt == "text":
        from calcdiff.render import text

        return {Reading: text.render_reading_view, Derivation: text.render_derivation,
                Gradient: text.render_gradient, Matrix: text.render_matrix,
                CheckReport: text.render_check_view}
    if fmt == "json":
        from calcdiff.render import json_

        return {Reading: json_.reading_view, Derivation: json_.derivation_json,
                Gradient: json_.gradient_json, Matrix: json_.matrix_json,
                CheckReport: json_.check_view, dict: json_.dict_view}
    if fmt == "markdown":
        from calcdiff.render import markdown

        return {Reading: markdown.reading_view, Derivation: markdown.render_derivation,
                Gradient: markdown.render_gradient, Matrix: markdown.render_matrix,
                CheckReport: markdown.check_view}
    if fmt == "latex":
        from calcdiff.render import latex

        return {Reading: latex.reading_view, Derivation: latex.render_derivation,
                Gradient: latex.render_gradient, Matrix: latex.render_matrix,
                CheckReport: latex.check_view}
    from calcdiff.render import terminal  # rich

    return dict(terminal.VIEWS)


def _views_of(fmt: str) -> dict[type, Callable]:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; the formats are {', '.join(FORMATS)}")
    if fmt not in _loaded:
        merge({fmt: _core_views(fmt)})
        _loaded.add(fmt)
    return VIEWS[fmt]


def _load_extensions() -> None:
    """The exploring, learning and rules commands' views (each module's VIEWS table, every
    format), imported when a result of theirs is first shown."""
    global _extensions_loaded
    from calcdiff.render import explore, grade, implicit, learn, matrix, parametric, rules

    for module in (explore, learn, rules, grade, implicit, matrix, parametric):
        merge(module.VIEWS)
    _extensions_loaded = True


def merge(views: dict[str, dict[type, Callable]]) -> None:
    """Add a module's ``VIEWS`` table (later entries win)."""
    for fmt, table in views.items():
        VIEWS.setdefault(fmt, {}).update(table)



def view(obj, fmt: str) -> Callable:
    """The view function of ``fmt`` for ``obj`` (by its type, then its base classes)."""
    table = _views_of(fmt)
    for _ in range(2):
        for cls in type(obj).__mro__:
            fn = table.get(cls)
            if fn is not None:
                return fn
        if _extensions_loaded:
            break
        _load_extensions()
    if fmt == "rich":  # a type with no rich view yet: its text view, fitted to the console
        from calcdiff.render.terminal import FittedText  # rich: only for the rich format

        plain = view(obj, "text")
        return lambda o, steps=True: FittedText(_text_of(plain(o, steps)))
    raise TypeError(f"no {fmt} view of {type(obj).__name__}")


def _text_of(out: str | list[str]) -> str:
    """A text view's text: it returns its text, or its lines (a list)."""
    return "\n".join(out) if type(out) is list else out


def render(obj, fmt: str = "text", steps: bool = True, **_):
    """``obj`` in format ``fmt``: a string, or a rich renderable for ``fmt="rich"``.
    ``fmt="latex-body"`` gives the LaTeX without the document around it (a batch of inputs
    is one document: :func:`~calcdiff.render.document.latex_document` of the bodies joined)."""
    obj = as_printed(obj)
    if fmt == "latex-body":
        return call_shallow_first(view(obj, "latex"), obj, steps)
    out = call_shallow_first(view(obj, fmt), obj, steps)
    if fmt == "text":
        from calcdiff.render.layout import fit_lines, fit_text  # loaded with the text views

        return fit_lines(out) if type(out) is list else fit_text(out)
    if fmt == "json":
        from calcdiff.render.json_ import dumps  # loaded with the JSON views, just above

        return dumps(out)
    if fmt == "latex":
        from calcdiff.render.document import latex_document  # start-up: only for -f latex

        return latex_document(out)
    return out


def render_string(obj, fmt: str = "text", steps: bool = True, width: int = 80,
                  color: bool = False, no_color: bool = False) -> str:
    """``obj`` in format ``fmt`` as a string, rich included (printed at ``width`` columns,
    with ANSI codes if ``color``, without colours if ``no_color``): what a worker process
    sends back."""
    out = render(obj, fmt, steps)
    if fmt == "rich":
        from calcdiff.render import terminal  # rich

        return terminal.to_string(out, width, color, no_color)
    return out


def _inline_statement(obj) -> str:
    """Jupyter's LaTeX: the whole statement in one formula (render/inline.py)."""
    from calcdiff.render import inline

    return inline.statement(obj)


register_display("markdown", lambda obj: render(obj, "markdown"))
register_display("text", lambda obj: render(obj, "text").rstrip("\n"))
register_display("latex-inline", _inline_statement)
