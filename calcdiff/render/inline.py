"""Jupyter's LaTeX view of every result (``_repr_latex_``): the whole statement in one display
formula, naming the function and its variables — ``f(x) = 3x^2 - 4x,\\ f'(x) = 6x - 4``,
``f'(1) = 2`` with a point, ``\\nabla f = (…)``, ``H_f = \\begin{pmatrix}…``. Built only
from the result's fields (nothing is recomputed)."""

from __future__ import annotations

from typing import Callable

from calcdiff.display import as_printed
from calcdiff.render.common import natural_order, reading_shown, shows_its_decimal
from calcdiff.render.latex_expr import latex_expr
from calcdiff.render.latex_text import latex_name, latex_text
from calcdiff.render.matrix import inline_statement as _matrix_gradient
from calcdiff.render.parametric import inline_statement as _parametric
from calcdiff.results import CheckReport, Derivation, Gradient, Matrix, Reading
from calcdiff.results_explore import LimitTable, Tangent, Taylor
from calcdiff.results_grade import Grade, GradientGrade
from calcdiff.results_implicit import ImplicitDerivative
from calcdiff.results_learn import Backprop, Descent
from calcdiff.results_matrix import MatrixGradient
from calcdiff.results_parametric import ParametricDerivative
from calcdiff.tree.decimals import decimal_view
from calcdiff.tree.nodes import Call, walk

SEP = r",\quad "


def _f(e) -> str:
    return latex_expr(e, 200)


def _float(v) -> str:
    return f"{v:.12g}" if v is not None else ""


def _args(names) -> str:
    return ", ".join(latex_name(v) for v in names)


def _point(at: dict, names) -> str:
    """The point's values in the function's argument order."""
    return ", ".join(_f(at[v]) for v in names if v in at) or _args(names)


def _vector(items: list[str]) -> str:
    return r"\left(" + ",\\ ".join(items) + r"\right)"


def _pmatrix(rows: list[list[str]]) -> str:
    return r"\begin{pmatrix}" + r" \\ ".join(" & ".join(r) for r in rows) + r"\end{pmatrix}"


def _letter(*exprs) -> str:
    """The name of the function the statement defines: f, unless the input uses f itself
    (``f(x)*g(x)``: F(x) = f(x) g(x), not f(x) = f(x) g(x))."""
    used = set()
    for e in exprs:
        used |= e.free | {n.func for n in walk(e) if type(n) is Call}
    return next(shown for shown, name in (("f", "f"), ("F", "F"), ("h", "h"), ("H", "H"),
                                          (r"\varphi", "phi"), ("L", "L")) if name not in used)


def _names(expr, extra=()) -> list[str]:
    return natural_order(set(expr.free) | set(extra)) or ["x"]


def _derivative_name(wrt: tuple[str, ...], several: bool, f: str = "f") -> str:
    """f', f'', f^{(4)} for one variable; the partial's fraction when there are several."""
    n = len(wrt)
    if not several and len(set(wrt)) == 1:
        return f + ("'" * n if n <= 3 else "^{(" + str(n) + ")}")
    if len(set(wrt)) == 1 and n > 1:
        v = latex_name(wrt[0])
        return rf"\frac{{\partial^{{{n}}} {f}}}{{\partial {v}^{{{n}}}}}"
    if n == 1:
        return rf"\frac{{\partial {f}}}{{\partial {latex_name(wrt[0])}}}"
    den = r"\,".join(rf"\partial {latex_name(v)}" for v in reversed(wrt))
    return rf"\frac{{\partial^{{{n}}} {f}}}{{{den}}}"


def _derivation(d: Derivation) -> str:
    result, f = _f(d.shown(d.result)), _letter(d.expr)
    if not d.partial and set(d.expr.free) - set(d.wrt):
        # --let u = cos t: u**2 is no function of t and u, nothing held constant (∂f/∂t of
        # f(t, u) = u**2 would be 0); the derivative as the other formats write it
        t = latex_name(d.wrt[0])
        n = len(d.wrt)
        lead = rf"\frac{{d}}{{d{t}}}" if n == 1 else rf"\frac{{d^{{{n}}}}}{{d{t}^{{{n}}}}}"
        parts = [lead + r"\left[" + _f(d.expr) + r"\right] = " + result]
        if d.at:
            at = r",\ ".join(f"{latex_name(k)} = {_f(v)}" for k, v in d.shown_at().items())
            parts.append(lead + r"\Big|_{" + at + "} = " + _value(d))
        return SEP.join(parts)
    names = _names(d.expr, d.wrt)
    several = len(names) > 1
    args = _args(names)
    name = _derivative_name(d.wrt, several, f)
    parts = [f"{f}({args}) = {_f(reading_shown(d.reading))}", f"{name}({args}) = {result}"]
    if d.at:
        parts.append(f"{name}({_point(d.shown_at(), names)}) = {_value(d)}")
    return SEP.join(parts)


def _value(d: Derivation) -> str:
    """The value at the point as the answer lines print it, and its decimal beside."""
    shown = d.shown(d.value)
    value = _f(shown)
    if d.value_float is not None and not d.value.free and shows_its_decimal(shown, d.decimals):
        value += r" \approx " + _float(d.value_float)
    return value


def _reading(r: Reading) -> str:
    return f"{_letter(r.expr)}({_args(_names(r.expr))}) = {_f(r.expr)}"


def _gradient(g: Gradient) -> str:
    names = list(g.vars)
    f = _letter(g.reading.expr)
    parts = [f"{f}({_args(names)}) = {_f(reading_shown(g.reading))}",
             rf"\nabla {f} = " + _vector([_f(e) for e in g.gradient])]
    if g.at:
        parts.append(rf"\nabla {f}({_point(g.at, names)}) = "
                     + _vector([_f(v) for v in g.values]))
    return SEP.join(parts)


def _matrix(m: Matrix) -> str:
    names = list(m.vars)
    f = _letter(*(r.expr for r in m.readings))
    if m.kind == "hessian":
        head = [f"{f}({_args(names)}) = {_f(reading_shown(m.readings[0]))}"]
        label = f"H_{{{f}}}" if f != "f" else "H_f"
    else:
        head = [f"{f}_{{{i}}}({_args(names)}) = {_f(reading_shown(r))}"
                for i, r in enumerate(m.readings, 1)]
        label = "J"
    parts = head + [f"{label} = " + _pmatrix([[_f(e) for e in row] for row in m.matrix])]
    if m.at:
        parts.append(f"{label}({_point(m.at, names)}) = "
                     + _pmatrix([[_f(v) for v in row] for row in m.values]))
    return SEP.join(parts)


def _tangent(t: Tangent) -> str:
    v, a = latex_name(t.var), _f(t.at)
    if t.vertical:
        return SEP.join([f"f({v}) = {_f(t.reading.expr)}", f"f({a}) = {_f(t.value)}",
                         f"{v} = {a}"])
    return SEP.join([f"f({v}) = {_f(t.reading.expr)}", f"f({a}) = {_f(t.value)}",
                     f"f'({a}) = {_f(t.slope)}", f"y = {_f(t.tangent)}"])


def _limit(t: LimitTable) -> str:
    v, a = latex_name(t.var), _f(t.at)
    if t.central:
        q = rf"\frac{{f({a} + h) - f({a} - h)}}{{2h}}"
    else:
        q = rf"\frac{{f({a} + h) - f({a})}}{{h}}"
    return SEP.join([f"f({v}) = {_f(t.reading.expr)}",
                     rf"\lim_{{h \to 0}} {q} = f'({a}) = {_f(t.exact)}"])


def _taylor(t: Taylor) -> str:
    v = latex_name(t.var)
    return SEP.join([f"f({v}) = {_f(t.reading.expr)}",
                     f"T_{{{t.order}}}({v}) = {_f(t.polynomial)}"])


def _shown(obj, e) -> str:
    """A value of a training result, with the decimals the user wrote where there are any
    (the expression itself as its Reading line shows it: :func:`reading_shown`)."""
    return _f(decimal_view(e, exponents=False) if obj.decimals else e)


def _descent(d: Descent) -> str:
    names = list(d.vars)
    final = ", ".join(_float(x) for x in d.final)
    k = len(d.iterations)
    f = _letter(d.reading.expr)
    return SEP.join([f"{f}({_args(names)}) = {_f(reading_shown(d.reading))}",
                     rf"\nabla {f} = " + _vector([_shown(d, e) for e in d.gradient]),
                     rf"({_args(names)})_{{{k}}} = ({final})"])


def _backprop(b: Backprop) -> str:
    names = list(b.inputs)
    at = ", ".join(_shown(b, b.at[v]) for v in names if v in b.at) or _args(names)
    f = _letter(b.reading.expr)
    parts = [f"{f}({_args(names)}) = {_f(reading_shown(b.reading))}",
             f"{f}({at}) = {_shown(b, b.value)}"]
    parts += [rf"\frac{{\partial {f}}}{{\partial {latex_name(v)}}}({at}) = "
              f"{_shown(b, b.gradient[v])}" for v in names if v in b.gradient]
    return SEP.join(parts)


def _check(c: CheckReport) -> str:
    ok = sum(1 for s in c.steps if s.status == "ok")
    return r"\text{" + latex_text(f"check: {ok} of {len(c.steps)} steps ok; final answer "
                                  f"{c.final_status}") + "}"


def _grade(g) -> str:
    """f, the answer and the verdict (the mistake's name when one was found)."""
    grades = g.components if isinstance(g, GradientGrade) else [g]
    names = _names(grades[0].reading.expr, [c.wrt for c in grades])
    f = _letter(grades[0].reading.expr)
    parts = [f"{f}({_args(names)}) = {_f(grades[0].reading.expr)}"]
    for c in grades:
        verdict = "correct" if c.correct else "wrong" + (f": {c.diagnosis.name}" if c.diagnosis else "")
        name = _derivative_name((c.wrt,), len(names) > 1, f)  # f' of one variable, else ∂
        parts.append(rf"{name}({_args(names)}) \overset{{?}}{{=}} "
                     f"{_f(c.answer)}" + r"\ \text{(" + latex_text(verdict) + ")}")
    return SEP.join(parts)


def _implicit(r: ImplicitDerivative) -> str:
    y, x, n = latex_name(r.dependent), latex_name(r.independent), r.order
    lead = rf"\frac{{d{y}}}{{d{x}}}" if n == 1 else rf"\frac{{d^{{{n}}}{y}}}{{d{x}^{{{n}}}}}"
    parts = [f"{_f(r.lhs)} = {_f(r.rhs)}", f"{lead} = {_f(r.result)}"]
    if r.at:
        at = r",\ ".join(f"{latex_name(k)} = {_f(v)}" for k, v in r.at.items())
        parts.append(lead + r"\Big|_{" + at + "} = " + _f(r.value))
    return SEP.join(parts)


STATEMENTS: dict[type, Callable] = {
    Reading: _reading, Derivation: _derivation, Gradient: _gradient, Matrix: _matrix,
    Tangent: _tangent, LimitTable: _limit, Taylor: _taylor, Descent: _descent,
    Backprop: _backprop, CheckReport: _check, Grade: _grade, GradientGrade: _grade,
    ImplicitDerivative: _implicit, MatrixGradient: _matrix_gradient,
    ParametricDerivative: _parametric,
}


def statement(obj) -> str | None:
    """``$$…$$``: the whole statement of a result, or None for a type with none."""
    obj = as_printed(obj)
    for cls in type(obj).__mro__:
        fn = STATEMENTS.get(cls)
        if fn is not None:
            return "$$" + fn(obj) + "$$"
    return None
