"""JSON objects (one per input; the CLI writes them as JSON Lines). Field names are a
stable interface, documented in the README."""

from __future__ import annotations

import json
import math

from calcdiff.deriving.steps import Step
from calcdiff.render.common import held_constant, step_info
from calcdiff.render.shared import WHOLE, Exprs, derivation_exprs, gradient_exprs, matrix_exprs
from calcdiff.results import Derivation
from calcdiff.tree.printer import PLAIN, QUICK_CHARS, to_plain, write
from calcdiff.tree.shared import sizes

STEP_CHARS = 5_000  # a step's strings beyond this are cut (1,000-deep chains); see README
RAW_CHARS = 1_000_000  # "raw" past this, with no shared names to shorten it, is cut there
RAW_NODES = 250_000  # ... when it prints more nodes than this (about RAW_CHARS characters)


class Printing:
    """One result's JSON printing: each compound sub-tree's text once for all its fields
    (``memo``, see :func:`calcdiff.tree.printer.write`: a sub-step's expression is part of
    its parent's, the simplification's "from" is the root's ``raw``), in the result's shared
    names (``names``, render/shared.py). Only for trees that live as long as it does: the
    result's own, and those put in ``kept``."""

    __slots__ = ("memo", "names", "kept")

    def __init__(self, exprs: Exprs = WHOLE, memo: dict | None = None) -> None:
        self.memo: dict = {} if memo is None else memo
        self.names = exprs.naming.plain if exprs else None
        self.kept: list = []

    def bounded(self, e, flags: list) -> str:
        text = write(e, PLAIN, STEP_CHARS, self.memo, self.names)
        if len(text) > STEP_CHARS:
            flags.append(True)
        return text

    def whole(self, e, exprs: Exprs) -> str:
        """``e`` unbounded, in ``exprs``' names (those of this printing), kept alive."""
        self.kept.append(e)
        return exprs.plain(e, memo=self.memo)

    def raw(self, e, exprs: Exprs, out: dict) -> None:
        """``out["raw"]``, the rules' output, whole -- unless it prints past
        :data:`RAW_NODES` with no names to shorten it (1,000 nested abs simplify to
        x/abs(x), but the rules' output is 5 MB, and the texts of its nested sub-trees would
        fill a gigabyte): then cut at :data:`RAW_CHARS`, printed without the memo (a cut
        costs what it shows), and ``out["raw_truncated"]`` says so."""
        if exprs:
            out["raw"] = self.whole(e, exprs)
            return
        self.kept.append(e)
        text = write(e, PLAIN, QUICK_CHARS, self.memo)
        cut = len(text) > QUICK_CHARS and sizes([e])[0] > RAW_NODES
        if len(text) > QUICK_CHARS:  # (the usual: whole; a cut text ends in " …")
            text = write(e, PLAIN, RAW_CHARS) if cut else write(e, PLAIN, None, self.memo)
        out["raw"] = text
        if cut:
            out["raw_truncated"] = True


STEP_LEVELS = 200  # a derivation nested deeper is cut there (JSON readers' depth limits)


def step_json(step: Step, printing: Printing, level: int = 0) -> dict:
    """A step and its sub-steps, printed by ``printing``. Past :data:`STEP_LEVELS` levels
    the sub-steps are left out and the step is marked truncated: each level is two levels of
    JSON, and Python's own reader stops near 1,000."""
    name, statement = step_info(step)
    cut: list = []
    deeper = level < STEP_LEVELS
    if not deeper and step.substeps:
        cut.append(True)
    bounded = printing.bounded
    d = {
        "rule": step.rule,
        "name": name,
        "statement": statement,
        "expr": bounded(step.expr, cut),
        "var": step.var,
        "bindings": {k: bounded(v, cut) for k, v in step.bindings},
        "result": bounded(step.result, cut),
        "substeps": ([step_json(s, printing, level + 1) for s in step.substeps]
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
    printed: dict = {}
    ex = derivation_exprs(d, printed)
    printing = Printing(ex, printed)

    def answer(e) -> str:
        return printing.whole(ex.shown(e, d.shown), ex)

    out = {
        "input": d.input,
        "expr": _reading_plain(d.reading, printing),
        "notes": d.reading.note_messages(),
        "wrt": list(d.wrt),
        "order": d.order,
    }
    if steps:
        out["derivation"] = [_root_json(p, ex, printing) for p in d.parts]
    if len(d.parts) > 1:  # a higher order's derivatives one by one, as every view shows them
        out["parts"] = [{"wrt": p.var, "derivative": answer(p.simplified)} for p in d.parts]
    printing.raw(d.raw, ex, out)
    out["derivative"] = answer(d.result)
    if d.alternate_forms:
        out["alternate_forms"] = [{"form": name, "derivative": answer(f)}
                                  for name, f in d.alternate_forms]
    if d.at:
        out["at"] = {k: to_plain(v) for k, v in d.shown_at().items()}
        out["value"] = answer(d.value)
        out["value_float"] = _float(d.value_float)
    if d.check is not None:
        out["check"] = d.check.to_json()
    if ex:
        out["where"] = where_json(ex)
    return out


def _reading_plain(reading, printing: Printing) -> str:
    """``reading.plain``; an expression alone printed by ``printing`` where it prints whole
    (it is the root step's, printed again below)."""
    if reading.right is not None or printing.names is not None:
        return reading.plain
    return printing.whole(reading.expr, WHOLE)


def _root_json(part, exprs: Exprs = WHOLE, printing: Printing | None = None) -> dict:
    """A differentiation's steps, printed by ``printing`` (one of ``exprs``, shared by the
    result's other fields), else by one of its own."""
    # the trace's last step, the simplification, is shown as the root's last sub-step: like
    # every step it claims d(expr)/d(var) = result, and its binding "from" is the rules'
    # output it simplified; the root's result is then the final answer
    if printing is None:
        printing = Printing(exprs)  # the part keeps its trees alive while they are printed
    root = step_json(part.step, printing)
    if part.changed:  # a simplification that changed nothing is no step
        last = step_json(part.simplification, printing)
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

# json.dumps with ensure_ascii=False builds an encoder per call; a view's object is a tree of
# fresh dicts and lists, never a cycle, so the encoder's table of the containers it is inside
# (check_circular) has nothing to find
_ENCODER = json.JSONEncoder(ensure_ascii=False, check_circular=False)


def dumps(obj: dict) -> str:
    """One JSON object on one line, valid UTF-8 (the input's text was decoded strictly)."""
    text = _ENCODER.encode(obj)
    # str.translate with a table looks at every character in Python: only when needed (three
    # searches for one character each: a regular expression's class took twelve times longer)
    if "\x85" in text or "\u2028" in text or "\u2029" in text:
        return text.translate(_LINE_ENDS)
    return text


def gradient_json(g, steps: bool = True) -> dict:

    out = {"input": g.reading.text, "expr": g.reading.plain, "notes": g.reading.note_messages(),
           "vars": list(g.vars), "partials": []}
    names = g.reading.expr.free | set(g.vars)
    ex = gradient_exprs(g)
    printing = Printing(ex)  # a partial's answer is printed again in the gradient
    for p in g.partials:
        var = p.wrt[0]
        entry = {"var": var, "held_constant": held_constant(names, var).json(var)}
        if steps:
            entry["derivation"] = [_root_json(part, ex, printing) for part in p.parts]
        printing.raw(p.raw, ex, entry)
        entry["derivative"] = printing.whole(p.result, ex)
        if p.check is not None:
            entry["check"] = p.check.to_json()
        out["partials"].append(entry)
    out["gradient"] = [printing.whole(e, ex) for e in g.gradient]
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
        # the reading's notes, then why the entries below the diagonal repeat those above
        out = {"input": r.text, "expr": r.plain,
               "notes": r.note_messages() + list(dict.fromkeys(m.symmetric_notes))}
    else:
        out = {"input": [r.text for r in m.readings], "expr": [r.plain for r in m.readings],
               "notes": [r.note_messages() for r in m.readings]}
    out["vars"] = list(m.vars)
    ex = matrix_exprs(m)
    printing = Printing(ex)  # a cell is printed again in its entry
    out["matrix"] = [[printing.whole(e, ex) for e in row] for row in m.matrix]
    if m.kind == "hessian":  # every Hessian's (a 1×1 one, with nothing mixed, too)
        out["symmetric"] = True
    if steps:
        out["entries"] = [
            [{"wrt": list(d.wrt), "derivation": [_root_json(d.parts[-1], ex, printing)],
              "derivative": printing.whole(d.result, ex),
              **({"check": d.check.to_json()} if d.check is not None else {})} for d in row]
            for row in m.entries
        ]
    elif any(d.check is not None for row in m.entries for d in row):
        # --check without the steps: each entry's report, as with them
        out["checks"] = [[d.check.to_json() if d.check is not None else None for d in row]
                         for row in m.entries]
    if m.at:
        out["at"] = {k: to_plain(v) for k, v in m.at.items()}
        out["value"] = [[to_plain(v) for v in row] for row in m.values]
        out["value_float"] = [[_float(f) for f in row] for row in m.floats]
        if m.kind == "hessian":
            out["classification"] = m.classification
    if ex:
        out["where"] = where_json(ex)
    return out
