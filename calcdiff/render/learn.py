"""Views of the learning results in every format: a directional derivative here; gradient
descent (:mod:`.descend`), backpropagation (:mod:`.backprop`) and Newton's method
(:mod:`.newton`) and the limit command's other tables (:mod:`.limits`), Taylor in several variables
(:mod:`.taylor_multi`) in their own modules,
merged into ``VIEWS[format][result type]``."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text

import calcdiff.render.backprop as _backprop
import calcdiff.render.descend as _descend
import calcdiff.render.limits as _limits
import calcdiff.render.newton as _newton
import calcdiff.render.taylor_multi as _taylor_multi
from calcdiff.render.decimals import float_json
from calcdiff.render.latex import approx, latex_expr
from calcdiff.render.text import directional_lines
from calcdiff.results_learn import Directional
from calcdiff.tree.nodes import Expr
from calcdiff.tree.printer import to_plain

# ---------------------------------------------------------------------------------------------
# a directional derivative (the part ``grad --direction`` adds to a gradient's views)


def _directional_text(dd: Directional, steps: bool = True) -> str:
    return "\n".join(directional_lines(dd))


def _directional_json(dd: Directional, steps: bool = True) -> dict:
    return {"direction": [to_plain(v) for v in dd.direction],
            "unit": [to_plain(v) for v in dd.unit],
            "directional": to_plain(dd.directional),
            "directional_float": float_json(dd.directional_float),
            "steepest_ascent": [to_plain(v) for v in dd.steepest],
            "steepest_rate": to_plain(dd.steepest_rate)}


def _vec(entries: list[Expr]) -> str:
    return r"\begin{pmatrix}" + r" \\ ".join(latex_expr(e) for e in entries) + r"\end{pmatrix}"


def _directional_rows(dd: Directional) -> list[str]:
    rows = [r"\mathbf{v} &= " + _vec(dd.direction) + r",\qquad \mathbf{u} = "
            r"\frac{\mathbf{v}}{|\mathbf{v}|} = " + _vec(dd.unit),
            r"D_{\mathbf{u}} f &= \nabla f \cdot \mathbf{u} = " + latex_expr(dd.directional)
            + approx(dd.directional, dd.directional_float)]
    if dd.steepest:
        rows.append(r"\text{steepest ascent:}\quad \frac{\nabla f}{|\nabla f|} &= "
                    + _vec(dd.steepest) + r",\qquad |\nabla f| = " + latex_expr(dd.steepest_rate)
                    + approx(dd.steepest_rate, dd.steepest_rate_float))
    else:
        rows.append(r"\nabla f &= 0 \qquad \text{(no direction of steepest ascent)}")
    return rows


def _directional_latex(dd: Directional, steps: bool = True) -> str:
    return ("\\subsection*{Directional derivative}\n\\begin{align*}\n"
            + " \\\\\n".join(_directional_rows(dd)) + "\n\\end{align*}\n")


def _directional_markdown(dd: Directional, steps: bool = True) -> str:
    return ("### Directional derivative\n\n$$\\begin{aligned}"
            + " \\\\ ".join(_directional_rows(dd)) + "\\end{aligned}$$\n")


def _directional_rich(dd: Directional, steps: bool = True):
    return Group(*(Text(line) for line in _directional_text(dd).split("\n")))


VIEWS = {
    "text": {Directional: _directional_text},
    "json": {Directional: _directional_json},
    "markdown": {Directional: _directional_markdown},
    "latex": {Directional: _directional_latex},
    "rich": {Directional: _directional_rich},
}
for _module in (_descend, _backprop, _newton, _limits, _taylor_multi):
    for _fmt, _table in _module.VIEWS.items():
        VIEWS[_fmt].update(_table)


def text(obj, steps: bool = True) -> str:
    """The text view (what :mod:`.text` calls until the one dispatch lands)."""
    return VIEWS["text"][type(obj)](obj, steps)


def json_obj(obj, steps: bool = True) -> dict:
    """The JSON object (what :mod:`.json_` calls until the one dispatch lands)."""
    return VIEWS["json"][type(obj)](obj, steps)
