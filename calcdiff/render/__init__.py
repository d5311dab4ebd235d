"""Renderers: pure functions of a result object, one module per format.

Each format module exposes ``render_derivation``, ``render_reading`` and friends; the
:func:`render` entry point picks the module by format name.
"""

from __future__ import annotations

FORMATS = ("rich", "text", "markdown", "latex", "json")


def render(obj, fmt: str = "text", **options) -> str:
    from . import json_, text

    modules = {"text": text, "json": json_}
    if fmt in ("markdown", "latex"):
        from . import latex, markdown

        modules.update(markdown=markdown, latex=latex)
    return modules[fmt].render(obj, **options)
