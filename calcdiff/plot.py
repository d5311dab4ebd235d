"""Plots: PNG/SVG files through the optional matplotlib extra (imported only here, only
when a plot is asked for), and a compact character plot for the terminal."""

from __future__ import annotations

import math

from calcdiff.algebra.build import signed_sum
from calcdiff.algebra.evaluate import evaluate
from calcdiff.errors import DomainError
from calcdiff.render.layout import wrap
from calcdiff.render.pretty import pretty
from calcdiff.results_explore import Tangent, Taylor
from calcdiff.results_learn import Descent
from calcdiff.tree.nodes import Expr, Num

TERMINAL_WIDTH = 80  # the terminal plot's title wraps here (render/layout.py)
INSTALL_HINT = "plotting to a file needs matplotlib: pip install '.[plot]' in the checkout"


class PlotError(Exception):
    pass


LABEL_CHARS = 60  # a legend entry longer than this is cut at a space, with " …"


def notation(e) -> str:
    """An expression as the plots write it: the reading notation of the views (x², e^x, ln),
    not Python syntax."""
    return pretty(e)


def _pyplot(target: str):
    """matplotlib's pyplot for a .png or .svg file (imported only for --plot FILE)."""
    if not target.lower().endswith((".png", ".svg")):
        raise PlotError(f"--plot {target}: the file name must end in .png or .svg")
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise PlotError(INSTALL_HINT) from None
    return plt


def _short(label: str) -> str:
    if len(label) <= LABEL_CHARS:
        return label
    cut = label.rfind(" ", 0, LABEL_CHARS - 2)
    return label[:cut if cut > 0 else LABEL_CHARS - 2].rstrip() + " …"


def taylor_partial_sums(result: Taylor) -> list[tuple[int, Expr]]:
    """(order, partial sum) for each nonzero term of the Taylor polynomial: the order is the
    degree of its last term (sin at 0: orders 1, 3, 5, …), so a zero coefficient never shifts
    a label; a polynomial with no nonzero term is the one partial sum (order n, 0)."""
    orders = [k for k, c in enumerate(result.coefficients)
              if not (type(c) is Num and c.value == 0)]
    sums = [(k, signed_sum(result.terms[:i + 1])) for i, k in enumerate(orders)]
    return sums or [(result.order, Num(0))]


def _curves(result):
    """(title, x label, window (lo, hi), [(label, function of float)], [(x, y) marks])."""

    if isinstance(result, Tangent):
        v = result.var
        a = evaluate(result.at, {})
        f, t = result.reading.expr, result.tangent

        def fx(x, e=f):
            return evaluate(e, {v: x})

        def tx(x, e=t):
            return evaluate(e, {v: x})

        span = max(2.0, abs(a) * 0.5)
        if result.vertical:  # the line x = a is no function of x: the curve and its point
            return (f"f({v}) = {notation(f)}; its tangent at {v} = {notation(result.at)} is "
                    f"the vertical line {v} = {notation(result.at)}", v, (a - span, a + span),
                    [(f"f({v})", fx)], [(a, result.value_float)])
        return (f"f({v}) = {notation(f)} and its tangent at {v} = {notation(result.at)}",
                v, (a - span, a + span),
                [(f"f({v})", fx), (_short(f"tangent: y = {notation(t)}"), tx)],
                [(a, result.value_float)])
    if isinstance(result, Taylor):
        v = result.var
        a = evaluate(result.at, {})
        curves = [(_short(f"f({v}) = {notation(result.reading.expr)}"),
                   lambda x, e=result.reading.expr: evaluate(e, {v: x}))]
        for k, poly in taylor_partial_sums(result):
            curves.append((_short(f"T{k}({v}) = {notation(poly)}"),
                           lambda x, e=poly: evaluate(e, {v: x})))
        return (f"Taylor polynomials of {notation(result.reading.expr)} at {v} = "
                f"{notation(result.at)}",
                v, (a - 3, a + 3), curves, [(a, evaluate(result.values[0], {}))])
    raise PlotError("this result has nothing to plot")


def _sample(fn, lo, hi, n):
    xs, ys = [], []
    for i in range(n + 1):
        x = lo + (hi - lo) * i / n
        try:
            y = fn(x)
        except (DomainError, OverflowError, ValueError, ZeroDivisionError):
            y = float("nan")
        xs.append(x)
        ys.append(y if math.isfinite(y) else float("nan"))
    return xs, ys


def descent_title(result: Descent) -> str:
    """The title of a descent's plot, in the reading notation."""
    if result.data is not None:
        return f"mean loss per epoch: {notation(result.reading.expr)} over {result.data.path}"
    return f"gradient descent on {notation(result.reading.expr)}"


def _descent_plot(result, target: str) -> str:
    """Gradient descent: the path over the curve (one variable) or the contours (two)."""

    assert isinstance(result, Descent)
    if result.data is not None:
        return _loss_plot(result, target)
    names = result.vars
    f = result.reading.expr
    pts = [it.point for it in result.iterations]
    if len(names) > 2:
        raise PlotError("--plot draws descent paths for one or two variables")
    if target == "-":
        v = names[0]
        xs = [p[0] for p in pts]
        lo, hi = min(xs), max(xs)
        pad = (hi - lo) * 0.2 or 1.0
        if len(names) == 1:
            return terminal_plot(descent_title(result),
                                 (lo - pad, hi + pad),
                                 [(f"f({v})", lambda x: evaluate(f, {v: x}))],
                                 [(p[0], it.value) for p, it in zip(pts, result.iterations)][:40])
        raise PlotError("the terminal plot shows one variable; give a .png or .svg file")
    plt = _pyplot(target)
    fig, ax = plt.subplots(figsize=(7, 5))
    if len(names) == 1:
        v = names[0]
        xs = [p[0] for p in pts]
        lo, hi = min(xs), max(xs)
        pad = (hi - lo) * 0.2 or 1.0
        cx, cy = _sample(lambda x: evaluate(f, {v: x}), lo - pad, hi + pad, 400)
        ax.plot(cx, cy, label=f"f({v}) = {notation(f)}")
        ax.plot(xs, [it.value for it in result.iterations], "o-", markersize=3,
                label=f"iterates (lr = {result.lr})")
        ax.set_xlabel(v)
        ax.set_ylabel("f")
    else:
        import numpy as np

        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        xlo, xhi, ylo, yhi = min(xs), max(xs), min(ys), max(ys)
        px, py = (xhi - xlo) * 0.3 or 1.0, (yhi - ylo) * 0.3 or 1.0
        gx = np.linspace(xlo - px, xhi + px, 120)
        gy = np.linspace(ylo - py, yhi + py, 120)
        z = np.full((len(gy), len(gx)), np.nan)
        for i, yv in enumerate(gy):
            for j, xv in enumerate(gx):
                try:
                    z[i, j] = evaluate(f, {names[0]: float(xv), names[1]: float(yv)})
                except (DomainError, OverflowError, ValueError, ZeroDivisionError):
                    pass
        cs = ax.contour(gx, gy, z, levels=20, linewidths=0.8)
        ax.clabel(cs, fontsize=6)
        ax.plot(xs, ys, "o-", color="crimson", markersize=3, label=f"path (lr = {result.lr})")
        ax.set_xlabel(names[0])
        ax.set_ylabel(names[1])
    ax.set_title(descent_title(result), fontsize=10)
    ax.legend(fontsize=8)
    ax.grid(True, alpha=0.3)
    fig.tight_layout()
    try:
        fig.savefig(target)
    except OSError as exc:
        raise PlotError(f"cannot write {target}: {exc.strerror}") from None
    finally:
        plt.close(fig)
    return f"wrote {target}"


def _loss_curve(result):
    """The mean loss after each epoch as a function of the epoch (piecewise linear)."""
    pts = [(e, v) for e, v, _ in result.epoch_losses]

    def fn(x):
        for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
            if x0 <= x <= x1:
                return y0 + (y1 - y0) * (x - x0) / (x1 - x0)
        return pts[-1][1]

    return fn


def _loss_plot(result, target: str) -> str:
    """Training over data: the loss per epoch, and (in a file) the path of the parameters."""
    title = descent_title(result)
    last = result.epoch_losses[-1][0] or 1
    if target == "-":
        return terminal_plot(title, (0, last), [("loss", _loss_curve(result))],
                             [(e, v) for e, v, _ in result.epoch_losses][:40])
    plt = _pyplot(target)
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4.5))
    left.plot([e for e, _, _ in result.epoch_losses], [v for _, v, _ in result.epoch_losses],
              "o-", markersize=3)
    left.set_xlabel("epoch")
    left.set_ylabel("mean loss")
    left.set_yscale("log" if all(v > 0 for _, v, _ in result.epoch_losses) else "linear")
    left.set_title("loss curve", fontsize=10)
    pts = [it.point for it in result.iterations]
    if len(result.vars) >= 2:
        right.plot([p[0] for p in pts], [p[1] for p in pts], "o-", markersize=2)
        right.set_xlabel(result.vars[0])
        right.set_ylabel(result.vars[1])
    else:
        right.plot(range(len(pts)), [p[0] for p in pts], "o-", markersize=2)
        right.set_xlabel("step")
        right.set_ylabel(result.vars[0])
    right.set_title(f"path of the parameters (lr = {result.lr})", fontsize=10)
    for ax in (left, right):
        ax.grid(True, alpha=0.3)
    fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    try:
        fig.savefig(target)
    except OSError as exc:
        raise PlotError(f"cannot write {target}: {exc.strerror}") from None
    finally:
        plt.close(fig)
    return f"wrote {target}"


def plot_result(result, target: str) -> str:

    if isinstance(result, Descent):
        return _descent_plot(result, target)
    title, xlabel, (lo, hi), curves, marks = _curves(result)
    if target == "-":
        return terminal_plot(title, (lo, hi), curves, marks)
    plt = _pyplot(target)
    fig, ax = plt.subplots(figsize=(7, 4.5))
    finite = []
    for label, fn in curves:
        xs, ys = _sample(fn, lo, hi, 400)
        ax.plot(xs, ys, label=label)
        finite += [y for y in ys if math.isfinite(y)]
    for x, y in marks:
        ax.plot([x], [y], "o", color="black", zorder=5, label=f"({x:g}, {y:g})")
    if finite:
        first = [y for y in _sample(curves[0][1], lo, hi, 400)[1] if math.isfinite(y)]
        ylo, yhi = min(first or finite), max(first or finite)
        pad = (yhi - ylo) * 0.15 or 1.0
        ax.set_ylim(ylo - pad, yhi + pad)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("y")
    ax.set_title(title, fontsize=10)
    ax.grid(True, alpha=0.3)
    ax.axhline(0, color="grey", linewidth=0.6)
    ax.axvline(0, color="grey", linewidth=0.6)
    ax.legend(fontsize=8)
    fig.tight_layout()
    try:
        fig.savefig(target)
    except OSError as exc:
        raise PlotError(f"cannot write {target}: {exc.strerror}") from None
    finally:
        plt.close(fig)
    return f"wrote {target}"


def terminal_plot(title, window, curves, marks, width: int = 64, height: int = 18) -> str:
    lo, hi = window
    symbols = "*o+x#%@&"
    samples = [(label, *_sample(fn, lo, hi, width - 1)) for label, fn in curves]
    first = [y for y in samples[0][2] if math.isfinite(y)]
    if not first:
        raise PlotError("the function has no finite values to plot here")
    ylo, yhi = min(first), max(first)
    if yhi == ylo:
        ylo, yhi = ylo - 1, yhi + 1
    grid = [[" "] * width for _ in range(height)]
    for k, (_, xs, ys) in enumerate(samples):
        for i, y in enumerate(ys):
            if not math.isfinite(y):
                continue
            r = round((yhi - y) / (yhi - ylo) * (height - 1))
            if 0 <= r < height and grid[r][i] == " ":
                grid[r][i] = symbols[k % len(symbols)]
    for x, y in marks:
        c = round((x - lo) / (hi - lo) * (width - 1))
        r = round((yhi - y) / (yhi - ylo) * (height - 1))
        if 0 <= r < height and 0 <= c < width:
            grid[r][c] = "●"
    lines = wrap(title, TERMINAL_WIDTH, 2)
    for r, row in enumerate(grid):
        label = f"{yhi:9.3g} " if r == 0 else (f"{ylo:9.3g} " if r == height - 1 else " " * 10)
        lines.append(label + "|" + "".join(row))
    lines.append(" " * 10 + "+" + "-" * width)
    lines.append(" " * 11 + f"{lo:<.3g}".ljust(width - 8) + f"{hi:>.3g}")
    for k, (label, _) in enumerate(curves):
        lines.append(f"  {symbols[k % len(symbols)]}  {label}")
    return "\n".join(lines)
