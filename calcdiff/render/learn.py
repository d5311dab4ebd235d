"""Text and JSON views of gradient descent and backpropagation."""

from __future__ import annotations

import math

from calcdiff.results import Backprop, Descent
from calcdiff.tree.printer import to_plain


def _f(v: float) -> str:
    return f"{v:.10g}"


def _fl(v):
    return v if v is not None and math.isfinite(v) else None


def text(obj, steps: bool = True) -> str:
    from calcdiff.render.text import render_reading, render_step

    out: list[str] = []
    render_reading(obj.reading, out)
    if isinstance(obj, Descent):
        out.append("")
        out.append("Gradient (derived once):")
        for var, p in zip(obj.vars, obj.partials):
            if steps:
                render_step(p.parts[0].step, 1, out, {}, "")
            out.append(f"  ∂f/∂{var} = {to_plain(p.result)}")
        out.append("")
        out.append(f"Gradient descent: {', '.join(obj.vars)} ← {', '.join(obj.vars)} − "
                   f"{obj.lr}·∇f, from ({', '.join(_f(v) for v in obj.start)})")
        rows = [("k", "point", "f", "gradient", "step")]
        its = obj.iterations
        shown = its if len(its) <= 25 else its[:15] + [None] + its[-5:]
        for it in shown:
            if it is None:
                rows.append(("…", "", "", "", ""))
                continue
            rows.append((str(it.k), "(" + ", ".join(_f(v) for v in it.point) + ")", _f(it.value),
                         "(" + ", ".join(_f(v) for v in it.gradient) + ")",
                         "(" + ", ".join(_f(v) for v in it.step) + ")"))
        widths = [max(len(r[i]) for r in rows) for i in range(5)]
        for r in rows:
            out.append("  " + "  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
        out.append("")
        if obj.converged:
            out.append(f"Converged after {obj.iterations[-1].k} iterations (|∇f| < {obj.tol:g}) "
                       f"at ({', '.join(_f(v) for v in obj.final)})")
        elif obj.diverged:
            out.append("Diverged: the iterates grew without bound (try a smaller --lr)")
        else:
            out.append(f"Not converged after {obj.iterations[-1].k} iterations; last point "
                       f"({', '.join(_f(v) for v in obj.final)})")
        return "\n".join(out)
    if isinstance(obj, Backprop):
        point = ", ".join(f"{k} = {to_plain(v)}" for k, v in obj.at.items())
        out.append("")
        out.append(f"Forward pass at {point}:")
        for n in obj.nodes:
            label = n.id if n.name is None else f"{n.id}"
            out.append(f"  {label} = {to_plain(n.expr)} = {to_plain(n.value)}"
                       + ("" if n.value.free or _is_num(n.value) else f" ≈ {_f(n.value_float)}"))
        out.append("")
        out.append("Local derivatives (∂node/∂input at the point):")
        for n in obj.nodes:
            for inp, loc in n.local.items():
                out.append(f"  ∂{n.id}/∂{inp} = {to_plain(loc)}   ({n.local_rules[inp]})")
        out.append("")
        out.append("Backward pass (grad = ∂output/∂node; each input adds grad × local):")
        for n in reversed(obj.nodes):
            out.append(f"  grad {n.id} = {to_plain(n.grad)}")
        out.append("")
        out.append("Gradient: " + ", ".join(f"∂f/∂{k} = {to_plain(v)}"
                                              for k, v in obj.gradient.items()))
        return "\n".join(out)
    raise TypeError(type(obj).__name__)


def _is_num(e) -> bool:
    from calcdiff.tree.nodes import Num

    return type(e) is Num


def json_obj(obj, steps: bool = True) -> dict:
    from calcdiff.render.json_ import _root_json

    out = {"input": obj.reading.text, "expr": obj.reading.plain,
           "notes": obj.reading.note_messages()}
    if isinstance(obj, Descent):
        out["vars"] = list(obj.vars)
        out["gradient"] = [to_plain(e) for e in obj.gradient]
        if steps:
            out["derivation"] = [_root_json(p.parts[0]) for p in obj.partials]
        out["lr"] = obj.lr
        out["from"] = obj.start
        out["iterations"] = [
            {"k": it.k, "point": it.point, "value": _fl(it.value), "gradient": it.gradient,
             "step": it.step} for it in obj.iterations
        ]
        out["converged"] = obj.converged
        out["diverged"] = obj.diverged
        out["final"] = obj.final
        return out
    if isinstance(obj, Backprop):
        out["at"] = {k: to_plain(v) for k, v in obj.at.items()}
        out["nodes"] = [
            {"id": n.id, "expr": to_plain(n.expr), "op": n.op, "inputs": n.inputs,
             "value": to_plain(n.value), "value_float": _fl(n.value_float),
             "local": {k: to_plain(v) for k, v in n.local.items()},
             "local_rules": n.local_rules,
             "grad": to_plain(n.grad)}
            for n in obj.nodes
        ]
        out["value"] = to_plain(obj.value)
        out["gradient"] = {k: to_plain(v) for k, v in obj.gradient.items()}
        out["gradient_float"] = {k: _fl(v) for k, v in obj.gradient_float.items()}
        return out
    raise TypeError(type(obj).__name__)
