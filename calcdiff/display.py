"""How a result shows itself in Jupyter, without importing the renderers that import it.

Every result type derives from :class:`Shown`; ``calcdiff.render`` registers one function
per display format when it is imported (the package's API imports it), and Jupyter's
``_repr_markdown_`` / ``_repr_latex_`` call them. The imports run one way: results -> display,
render -> display.
"""

from __future__ import annotations

from typing import Callable

# format name -> function(result) -> str, filled in by calcdiff.render when it is imported
_DISPLAY: dict[str, Callable] = {}


def register_display(fmt: str, show: Callable) -> None:
    """Let results show themselves in ``fmt`` ("markdown", "latex") through ``show``."""
    _DISPLAY[fmt] = show


def as_printed(obj):
    """``obj`` as every view prints it: a result's own ``as_printed()`` where it has one (its
    answers with the decimals the user wrote: 0.25, not 1/4), else ``obj`` itself."""
    printed = getattr(obj, "as_printed", None)
    return printed() if printed is not None else obj


class Shown:
    """Jupyter's rich display, for every result type: the whole statement, not only an
    answer (the renderers decide what that is)."""

    __slots__ = ()

    def _repr_markdown_(self) -> str | None:
        show = _DISPLAY.get("markdown")
        return show(self) if show else None

    def _repr_latex_(self) -> str | None:
        show = _DISPLAY.get("latex-inline")
        return show(self) if show else None

    def __str__(self) -> str:
        """``print(result)``: its text view, as ``-f text`` prints it (the dataclass's repr,
        several kB of fields, where no renderer is loaded)."""
        show = _DISPLAY.get("text")
        return show(self) if show else repr(self)
