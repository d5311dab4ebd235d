"""Plots: PNG/SVG files through the optional matplotlib extra (imported only here, only
when a plot is asked for), and a compact character plot for the terminal."""

from __future__ import annotations

import math

from .errors import DomainError
from .evaluate import evaluate
from .printer import to_plain

INSTALL_HINT = "plotting to a file needs matplotlib: pip install 'calcdiff[plot]'"


class PlotError(Exception):
    pass


def _curves(result):
    """(title, x label, window (lo, hi), [(label, function of float)], [(x, y) marks])."""
    from .explore import Taylor, Tangent

    if isinstance(result, Tangent):
        v = result.var
        a = evaluate(result.at, {})
        f, t = result.reading.expr, result.tangent

        def fx(x, e=f):
            return evaluate(e, {v: x})

        def tx(x, e=t):
            return evaluate(e, {v: x})

        span = max(2.0, abs(a) * 0.5)
        return (f"f({v}) = {result.reading.plain} and its tangent at {v} = {to_plain(result.at)}",
                v, (a - span, a + span),
                [(f"f({v})", fx), (f"tangent: y = {to_plain(t)}", tx)],
                [(a, result.value_float)])
    if isinstance(result, Taylor):
        v = result.var
        a = evaluate(result.at, {})
        curves = [(f"f({v}) = {result.reading.plain}",
                   lambda x, e=result.reading.expr: evaluate(e, {v: x}))]
        from .build import add

        partial = []
        for k, term in enumerate(result.terms):
            partial.append(term)
            poly = add(*partial) if len(partial) > 1 else partial[0]
            curves.append((f"order ≤ {k}: {to_plain(poly)}"[:60],
                           lambda x, e=poly: evaluate(e, {v: x})))
        return (f"Taylor polynomials of {result.reading.plain} at {v} = {to_plain(result.at)}",
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


def plot_result(result, target: str) -> str:
    title, xlabel, (lo, hi), curves, marks = _curves(result)
    if target == "-":
        return terminal_plot(title, (lo, hi), curves, marks)
    if not target.lower().endswith((".png", ".svg")):
        raise PlotError(f"--plot {target}: the file name must end in .png or .svg")
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise PlotError(INSTALL_HINT) from None
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
    lines = [title]
    for r, row in enumerate(grid):
        label = f"{yhi:9.3g} " if r == 0 else (f"{ylo:9.3g} " if r == height - 1 else " " * 10)
        lines.append(label + "|" + "".join(row))
    lines.append(" " * 10 + "+" + "-" * width)
    lines.append(" " * 11 + f"{lo:<.3g}".ljust(width - 8) + f"{hi:>.3g}")
    for k, (label, _) in enumerate(curves):
        lines.append(f"  {symbols[k % len(symbols)]}  {label}")
    return "\n".join(lines)
