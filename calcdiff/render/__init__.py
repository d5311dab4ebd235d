"""Renderers: pure functions of a result object, one module per format.

Each format module exposes ``render(obj, steps=...)``; :func:`render` picks the module by
format name. Markdown and LaTeX have their own views of readings, derivations, gradients and
matrices; the exploring commands (tangent, limit, taylor, descend, backprop) show their text
view there, in a code block (Markdown) or a verbatim block of a complete document (LaTeX).
"""

from __future__ import annotations

from calcdiff.choices import Format
from calcdiff.render import explore, learn, rules

FORMATS = Format.values()
_VIEWS = {fmt: {**explore.VIEWS[fmt], **learn.VIEWS[fmt], **rules.VIEWS[fmt]} for fmt in FORMATS}


def _document(body: str) -> str:
    from calcdiff.render.latex import _Doc

    doc = _Doc(False)
    doc.out.append(body)
    return doc.document()


def render(obj, fmt: str = "text", **options) -> str:
    from calcdiff.render import json_, text

    # interim hook until the one dispatch lands: the views of the exploring, learning and
    # rules commands (VIEWS tables keyed by result type); LaTeX bodies get a document here
    view = _VIEWS.get(fmt, {}).get(type(obj))
    if view is not None:
        out = view(obj, options.get("steps", True))
        return json_.dumps(out) if fmt == "json" else _document(out) if fmt == "latex" else out
    if fmt == "rich":
        from calcdiff.render.terminal import render_rich

        return render_rich(obj, **options)

    if fmt in ("text", "json"):
        return {"text": text, "json": json_}[fmt].render(obj, **options)
    from calcdiff.read.reading import Reading
    from calcdiff.results import Derivation, Gradient, Matrix

    if isinstance(obj, (Reading, Derivation, Gradient, Matrix)):
        from calcdiff.render import latex, markdown

        return {"markdown": markdown, "latex": latex}[fmt].render(obj, **options)
    body = text.render(obj, **options)
    if fmt == "markdown":
        return f"```text\n{body}\n```"
    return _latex_verbatim(body)


_ASCII = {
    "′": "'", "−": "-", "·": "*", "≈": "~=", "ξ": "xi", "∂": "d", "∇": "grad ", "←": "<-",
    "…": "...", "—": "-", "ⁿ": "^n", "⁻": "^-", "ᵏ": "k", "⁽": "^(", "⁾": ")", "²": "^2",
    "³": "^3", "θ": "theta", "σ": "sigma", "Σ": "Sum", "ₖ": "_k", "●": "o", "×": "x",
    "≤": "<=", "≥": ">=", "→": "->",
}


def _latex_verbatim(body: str) -> str:
    """A complete LaTeX document showing ``body`` as written (ASCII, so pdflatex reads it)."""
    safe = "".join(c if c.isascii() else _ASCII.get(c, "?") for c in body)
    return (
        "\\documentclass{article}\n\\usepackage{amsmath}\n\\begin{document}\n"
        "\\begin{verbatim}\n" + safe + "\n\\end{verbatim}\n\\end{document}\n"
    )


def _inline_latex(obj) -> str | None:
    """Jupyter's LaTeX view of a result: its answer as one display formula."""
    from calcdiff.render.latex import latex_expr
    from calcdiff.results import Derivation, Gradient, Matrix

    if isinstance(obj, Derivation):
        return f"$${latex_expr(obj.result)}$$"
    if isinstance(obj, Gradient):
        return "$$\\nabla f = \\left(" + ",\\ ".join(latex_expr(e) for e in obj.gradient) \
            + "\\right)$$"
    if isinstance(obj, Matrix):
        rows = " \\\\ ".join(" & ".join(latex_expr(e) for e in row) for row in obj.matrix)
        label = "H" if obj.kind == "hessian" else "J"
        return f"$${label} = \\begin{{pmatrix}} {rows} \\end{{pmatrix}}$$"
    return None


def _register() -> None:
    from calcdiff.display import register_display

    register_display("markdown", lambda obj: render(obj, "markdown"))
    register_display("latex-inline", _inline_latex)


_register()
