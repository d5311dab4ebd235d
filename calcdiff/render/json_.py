"""JSON objects (one per input; the CLI writes them as JSON Lines). Field names are a
stable interface, documented in the README."""

from __future__ import annotations

import json
import re
import math

from calcdiff.deriving.steps import Step
from calcdiff.render.common import held_constant, step_info
from calcdiff.render.shared import WHOLE, Exprs, derivation_exprs, gradient_exprs, matrix_exprs
from calcdiff.results import Derivation
from calcdiff.tree.printer import PLAIN, to_plain, write

STEP_CHARS = 5_000  # a step's strings beyond this are cut (1,000-deep chains); see README


def _bounded(e, flags: list, memo: dict | None, names: dict | None = None) -> str:
    text = write(e, PLAIN, STEP_CHARS, memo, names)
    if len(text) > STEP_CHARS:
        flags.append(True)
    return text


STEP_LEVELS = 200  # a derivation nested deeper is cut there (JSON readers' depth limits)


def step_json(step: Step, memo: dict | None = None, level: int = 0,
              names: dict | None = None) -> dict:
    """A step and its sub-steps; ``memo`` (see :func:`calcdiff.tree.printer.write`) prints a
    sub-tree once for the whole derivation: a sub-step's expression is part of its parent's;
    ``names``: the result's shared sub-expressions (render/shared.py).
    Past :data:`STEP_LEVELS` levels the sub-steps are left out and the step is marked
    truncated: each level is two levels of JSON, and Python's own reader stops near 1,000."""
    name, statement = step_info(step)
    cut: list = []
    deeper = level < STEP_LEVELS
    if not deeper and step.substeps:
        cut.append(True)
    d = {
        "rule": step.rule,
        "name": name,
        "statement": statement,
        "expr": _bounded(step.expr, cut, memo, names),
        "var": step.var,
        "bindings": {k: _bounded(v, cut, memo, names) for k, v in step.bindings},
        "result": _bounded(step.result, cut, memo, names),
        "substeps": ([step_json(s, memo, level + 1, names) for s in step.substeps]
                     if deeper else []),
    }
    if step.notes:
        d["notes"] = list(step.notes)
    if cut:
        d["truncated"] = True
    return d


def reading_json(reading) -> dict:
    d = {
        "input": reading.text,
        "expr": reading.plain,
        "notes": reading.note_messages(),
    }
    if reading.wrt is not None:
        d["wrt"] = list(reading.wrt)
    return d


def _float(v):
    if v is None or not math.isfinite(v):
        return None
    return v


def where_json(exprs: Exprs) -> list[dict]:
    """The ``where`` field: the named shared sub-expressions, in order (each refers only to
    earlier ones)."""
    return [{"name": name, "expr": text} for name, text in exprs.plain_where()]


def derivation_json(d: Derivation, steps: bool = True) -> dict:
    ex = derivation_exprs(d)

    def answer(e) -> str:
        return ex.plain(ex.shown(e, d.shown))

    out = {
        "input": d.input,
        "expr": d.reading.plain,
        "notes": d.reading.note_messages(),
        "wrt": list(d.wrt),
        "order": d.order,
    }
    if steps:
        out["derivation"] = [_root_json(p, ex) for p in d.parts]
    out["raw"] = ex.plain(d.raw)
    out["derivative"] = answer(d.result)
    if d.alternate_forms:
        out["alternate_forms"] = [{"form": name, "derivative": answer(f)}
                                  for name, f in d.alternate_forms]
    if d.at:
        out["at"] = {k: to_plain(v) for k, v in d.at.items()}
        out["value"] = answer(d.value)
        out["value_float"] = _float(d.value_float)
    if d.check is not None:
        out["check"] = d.check.to_json()
    if ex:
        out["where"] = where_json(ex)
    return out


def _root_json(part, exprs: Exprs = WHOLE) -> dict:
    # the trace's last step, the simplification, is shown as the root's last sub-step: like
    # every step it claims d(expr)/d(var) = result, and its binding "from" is the rules'
    # output it simplified; the root's result is then the final answer
    memo: dict = {}  # the part keeps its trees alive while they are printed
    names = exprs.naming.plain if exprs else None
    root = step_json(part.step, memo, 0, names)
    if part.changed:  # a simplification that changed nothing is no step
        last = step_json(part.simplification, memo, 0, names)
        root["substeps"].append(last)
        root["result"] = last["result"]
    return root


def reading_view(reading, steps: bool = True) -> dict:
    return reading_json(reading)


def check_view(report, steps: bool = True) -> dict:
    return report.to_json()


def dict_view(obj: dict, steps: bool = True) -> dict:
    """An object already in JSON form (``calcdiff rules``, an error)."""
    return obj


# characters that some readers take as line ends: escaped, so that one object stays one line
# of JSON Lines whatever a reader splits on (only strings can hold them, so this is exact)
_LINE_ENDS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


_HAS_LINE_END = re.compile("[" + "".join(map(chr, _LINE_ENDS)) + "]")


def dumps(obj: dict) -> str:
    """One JSON object on one line, valid UTF-8 (the input's text was decoded strictly)."""
    text = json.dumps(obj, ensure_ascii=False)
    # str.translate with a table looks at every character in Python: only when needed
    return text.translate(_LINE_ENDS) if _HAS_LINE_END.search(text) else text


def gradient_json(g, steps: bool = True) -> dict:

    out = {"input": g.reading.text, "expr": g.reading.plain, "notes": g.reading.note_messages(),
           "vars": list(g.vars), "partials": []}
    names = g.reading.expr.free | set(g.vars)
    ex = gradient_exprs(g)
    for p in g.partials:
        var = p.wrt[0]
        entry = {"var": var, "held_constant": held_constant(names, var).json(var)}
        if steps:
            entry["derivation"] = [_root_json(part, ex) for part in p.parts]
        entry["raw"] = ex.plain(p.raw)
        entry["derivative"] = ex.plain(p.result)
        if p.check is not None:
            entry["check"] = p.check.to_json()
        out["partials"].append(entry)
    out["gradient"] = [ex.plain(e) for e in g.gradient]
    if g.at:
        out["at"] = {k: to_plain(v) for k, v in g.at.items()}
        out["value"] = [to_plain(v) for v in g.values]
        out["value_float"] = [_float(f) for f in g.floats]
    dd = getattr(g, "directional", None)
    if dd is not None:
        out["direction"] = [to_plain(v) for v in dd.direction]
        out["unit"] = [to_plain(v) for v in dd.unit]
        out["directional"] = to_plain(dd.directional)
        out["directional_float"] = _float(dd.directional_float)
        out["steepest_ascent"] = [to_plain(v) for v in dd.steepest]
        out["steepest_rate"] = to_plain(dd.steepest_rate)
    if ex:
        out["where"] = where_json(ex)
    return out


def matrix_json(m, steps: bool = True) -> dict:
    if m.kind == "hessian":
        r = m.readings[0]
        out = {"input": r.text, "expr": r.plain, "notes": r.note_messages()}
    else:
        out = {"input": [r.text for r in m.readings], "expr": [r.plain for r in m.readings],
               "notes": [r.note_messages() for r in m.readings]}
    out["vars"] = list(m.vars)
    ex = matrix_exprs(m)
    out["matrix"] = [[ex.plain(e) for e in row] for row in m.matrix]
    if m.symmetric_notes:
        out["symmetric"] = True
    if steps:
        out["entries"] = [
            [{"wrt": list(d.wrt), "derivation": [_root_json(d.parts[-1], ex)],
              "derivative": ex.plain(d.result),
              **({"check": d.check.to_json()} if d.check is not None else {})} for d in row]
            for row in m.entries
        ]
    if m.at:
        out["at"] = {k: to_plain(v) for k, v in m.at.items()}
        out["value"] = [[to_plain(v) for v in row] for row in m.values]
        out["value_float"] = [[_float(f) for f in row] for row in m.floats]
        if m.kind == "hessian":
            out["classification"] = m.classification
    if ex:
        out["where"] = where_json(ex)
    return out
