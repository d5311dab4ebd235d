"""Case 10: growth stage by stage (issue 16 item 4, SPEC §7 "cost grows linearly").

For each family — sums, chains, products, gradients, Hessians, batches — at four sizes, each
doubling the last, the library's own stage functions are timed in-process:

    parse     calcdiff.commands.request.read(text)
    engine    calcdiff.deriving.engine.Engine(var).d(tree)      (every partial, for several)
    simplify  calcdiff.commands.request.final_answer(step, ...)  (under one shared_work memo
              for gradients and Hessians, as the commands run it)
    render    calcdiff.render.render_string(result, fmt, steps)

Times are CPU time of the working thread (``time.thread_time``), not wall time: the exponent
is about how the work grows, and on a shared machine wall time mostly measures the others.
Each stage's input and output are measured (characters of text, tree size as stored -- distinct
nodes plus the references between them --, steps);
its exponent is the least-squares slope of log time against log size, the size being the
input or the output, whichever grows faster over the sizes (so a stage whose output really is
quadratic in its input may take quadratic time, and no more). ✗ marks an exponent above 1.1.
"""

from __future__ import annotations

import gc
import json
import math
import subprocess
import sys
import time
from pathlib import Path

from bench_core import Row, attempt, cprofile_top, fmt_time, section
from bench_inputs import (
    dense_poly_text,
    drill_exercises,
    fraction_sum_text,
    grad_text,
    log_chain_text,
    logsumexp_text,
    product_text,
    root_text,
    sin_chain_text,
)

from calcdiff.commands.differentiate import derive
from calcdiff.commands.multivar import grad, hessian
from calcdiff.commands.request import final_answer, read
from calcdiff.deep import call_deep
from calcdiff.deriving.engine import Engine
from calcdiff.render import render_string
from calcdiff.simplify import shared_work
from calcdiff.tree.nodes import stored_size

LIMIT = 1.1


# ---------------------------------------------------------------------------------------------
# sizes


def steps_size(*steps) -> int:
    """Distinct steps plus the stored size of the raw derivatives: the engine's output."""
    seen: set[int] = set()
    for step in steps:
        for s in step.walk():
            seen.add(id(s))
    return len(seen) + stored_size(*(s.raw for s in steps))


# ---------------------------------------------------------------------------------------------
# the stages of each family: (stage, zero-argument callable, input size, output size, unit)


def single_stages(text: str, fmt: str = "text", steps: bool = True):
    """Sums, chains, products: one variable, x."""
    reading = read(text)
    expr = reading.expr
    step = Engine("x").d(expr)
    final = final_answer(step, expr, "x", "basic")
    d = derive(text, "x")
    shown = render_string(d, fmt, steps=steps)
    return [
        ("parse", lambda: read(text), len(text), stored_size(expr)),
        ("engine", lambda: Engine("x").d(expr), stored_size(expr), steps_size(step)),
        ("simplify", lambda: final_answer(step, expr, "x", "basic"), stored_size(step.result),
         stored_size(final.result)),
        ("render", lambda: render_string(d, fmt, steps=steps), stored_size(d.result), len(shown)),
    ]


def multi_stages(text: str, expr, engine, simplify, result):
    """Gradients and Hessians: ``engine()`` gives every step, ``simplify(steps)`` every
    answer, ``result`` is what the command renders."""
    steps = engine()
    answers = [f.result for f in simplify(steps)]
    shown = render_string(result, "text", steps=False)
    return [
        ("parse", lambda: read(text, allow_request=False), len(text), stored_size(expr)),
        ("engine", engine, stored_size(expr), steps_size(*steps)),
        ("simplify", lambda: simplify(steps), stored_size(*(s.result for s in steps)),
         stored_size(*answers)),
        ("render", lambda: render_string(result, "text", steps=False), stored_size(*answers),
         len(shown)),
    ]


def grad_stages(n: int, text_of=grad_text):
    text = text_of(n)
    expr = read(text, allow_request=False).expr
    names = [f"x_{i}" for i in range(1, n + 1)]

    def engine():
        return [Engine(v).d(expr) for v in names]

    def simplify(steps):
        with shared_work():
            return [final_answer(s, expr, v, "basic") for s, v in zip(steps, names)]

    return multi_stages(text, expr, engine, simplify, grad(text))


def hessian_stages(n: int):
    """The first partials, then the upper triangle on the simplified first partials."""
    text = logsumexp_text(n)
    expr = read(text, allow_request=False).expr
    names = [f"x_{i}" for i in range(1, n + 1)]
    with shared_work():
        firsts = [final_answer(Engine(v).d(expr), expr, v, "basic").result for v in names]
    pairs = [(i, j) for i in range(n) for j in range(i, n)]

    def engine():
        return ([Engine(v).d(expr) for v in names]
                + [Engine(names[j]).d(firsts[i]) for i, j in pairs])

    def simplify(steps):
        with shared_work():
            return ([final_answer(s, expr, v, "basic") for s, v in zip(steps, names)]
                    + [final_answer(s, firsts[i], names[j], "basic")
                       for s, (i, j) in zip(steps[n:], pairs)])

    return multi_stages(text, expr, engine, simplify, hessian(text))


def batch_stages(n: int):
    """n drill lines, each derived with steps and rendered as JSON (what -i FILE -f json does)."""
    ex = drill_exercises(n)
    exprs = [read(s).expr for s, _, _ in ex]
    steps = [Engine(v).d(e) for e, (_, _, v) in zip(exprs, ex)]
    finals = [final_answer(st, e, v, "basic") for st, e, (_, _, v) in zip(steps, exprs, ex)]
    ds = [derive(s, v) for s, _, v in ex]
    chars = sum(len(render_string(d, "json", steps=True)) for d in ds)
    return [
        ("parse", lambda: [read(s) for s, _, _ in ex], sum(len(s) for s, _, _ in ex),
         stored_size(*exprs)),
        ("engine", lambda: [Engine(v).d(e) for e, (_, _, v) in zip(exprs, ex)], stored_size(*exprs),
         steps_size(*steps)),
        ("simplify", lambda: [final_answer(st, e, v, "basic")
                              for st, e, (_, _, v) in zip(steps, exprs, ex)],
         stored_size(*(s.result for s in steps)), stored_size(*(f.result for f in finals))),
        ("render", lambda: [render_string(d, "json", steps=True) for d in ds],
         stored_size(*(d.result for d in ds)), chars),
    ]


#      family, what n counts, sizes (full), sizes (--quick), stages of size n
FAMILIES = [
    ("sums", "terms (dense polynomial)", (250, 500, 1000, 2000), (125, 250, 500, 1000),
     lambda n: single_stages(dense_poly_text(n))),
    ("chains", "deep (sin(sin(…x)), no steps shown)", (125, 250, 500, 1000),
     (63, 125, 250, 500), lambda n: single_stages(sin_chain_text(n), steps=False)),
    ("products", "factors ((x + 1)(x + 2)…)", (8, 16, 32, 64), (6, 12, 24, 48),
     lambda n: single_stages(product_text(n))),
    ("gradients", "variables (Σ (x_i − i)²)", (63, 125, 250, 500), (32, 63, 125, 250),
     grad_stages),
    # shapes beyond the targets' (a performance hunt found each quadratic, now linear)
    ("sums of fractions", "terms (Σ k/(x² + k))", (63, 125, 250, 500), (32, 63, 125, 250),
     lambda n: single_stages(fraction_sum_text(n), steps=False)),
    ("log chains", "deep (log(log(…x)), no steps shown)", (125, 250, 500, 1000),
     (63, 125, 250, 500), lambda n: single_stages(log_chain_text(n), steps=False)),
    ("gradients of a root", "variables (sqrt(Σ x_i²))", (63, 125, 250, 500),
     (32, 63, 125, 250), lambda n: grad_stages(n, root_text)),
    ("Hessians", "variables (log Σ exp(x_i))", (5, 10, 20, 40), (3, 6, 12, 24),
     hessian_stages),
    ("batches", "drill lines (-f json, steps)", (87, 175, 350, 697), (44, 87, 175, 350),
     batch_stages),
]


# ---------------------------------------------------------------------------------------------
# timing and the fit


def best_inside(fn, reps: int, floor: float = 0.25) -> float:
    """The least CPU time of ``fn()`` (``time.thread_time``: the time this thread ran, so
    other people's processes on a shared machine do not count, as wall time would), timed
    inside the big-stack thread (so the thread's start is not counted): at least ``reps``
    runs and at least ``floor`` seconds of them (at most 40 runs), three when they pass a
    second (one run of a large size was too noisy to fit a slope through)."""

    def run():
        times: list[float] = []
        gc.collect()  # once: a full collection costs tens of ms with SymPy loaded
        while len(times) < 40 and (len(times) < reps or sum(times) < floor):
            t0 = time.thread_time()
            fn()
            times.append(time.thread_time() - t0)
            if sum(times) > 1.0 and len(times) >= 3:  # a slow size: three runs, not one
                break
        return min(times)

    return call_deep(run)


def slope(xs: list[float], ys: list[float]) -> float:
    """Least-squares slope of log y against log x."""
    lx = [math.log(x) for x in xs]
    ly = [math.log(y) for y in ys]
    mx, my = sum(lx) / len(lx), sum(ly) / len(ly)
    den = sum((a - mx) ** 2 for a in lx)
    return sum((a - mx) * (b - my) for a, b in zip(lx, ly)) / den if den else float("nan")


def fit(sizes_in: list[int], sizes_out: list[int], times: list[float]) -> tuple[float, str]:
    """The exponent in the faster-growing of input and output size, and which one it was."""
    grow_in = sizes_in[-1] / max(sizes_in[0], 1)
    grow_out = sizes_out[-1] / max(sizes_out[0], 1)
    if grow_out >= grow_in:
        return slope([max(s, 1) for s in sizes_out], times), "output"
    return slope([max(s, 1) for s in sizes_in], times), "input"


def compact(n: int) -> str:
    return f"{n / 1e6:.1f}M" if n >= 1e6 else f"{n / 1e3:.1f}k" if n >= 1e4 else f"{n}"


def measure_family(index: int, quick: bool) -> tuple[list[int], dict[str, dict]]:
    """The sizes of family ``index`` of :data:`FAMILIES` and, stage by stage, their least
    times and input and output sizes (or the error that stopped them)."""
    reps = 2 if quick else 5
    _family, _unit, full, small, make = FAMILIES[index]
    sizes = list(small if quick else full)
    per_stage: dict[str, dict] = {}
    for n in sizes:
        stages = attempt(lambda n=n: call_deep(make, n))
        if not isinstance(stages, list):
            per_stage.setdefault("(set-up)", {"error": f"at {n}: {stages}"})
            break
        for name, fn, size_in, size_out in stages:
            rec = per_stage.setdefault(name, {"n": [], "t": [], "in": [], "out": []})
            if "error" in rec:
                continue
            t = attempt(lambda fn=fn: best_inside(fn, reps, 0.1 if quick else 0.25))
            if not isinstance(t, float):
                rec["error"] = f"at {n}: {t}"
                continue
            rec["n"].append(n)
            rec["t"].append(max(t, 1e-7))
            rec["in"].append(size_in)
            rec["out"].append(size_out)
    return sizes, per_stage


def _measured_alone(index: int, quick: bool) -> tuple[list[int], dict[str, dict]]:
    """:func:`measure_family` in a process of its own, as each command runs: a family's
    times do not depend on the memory the families before it left behind (the drill batch's
    engine stage, measured after the 40-variable Hessian, once fitted 1.13 where alone it
    fits 1.08)."""
    args = [sys.executable, str(Path(__file__).resolve()), "--family", str(index)]
    done = subprocess.run(args + (["--quick"] if quick else []), capture_output=True,
                          text=True, check=False)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise RuntimeError(f"the family's process ended with status {done.returncode}: {last}")
    sizes, per_stage = json.loads(done.stdout)
    return sizes, per_stage


def _stage_profile(index: int, n: int, stage: str):
    """A zero-argument callable re-running one stage at size ``n`` in this process (for
    ``--profile``): the stage's set-up is made when it is first called, and only the stage
    itself runs under the profiler."""

    def run():
        for name, fn, _, _ in call_deep(FAMILIES[index][4], n):
            if name == stage:
                return fn
        raise LookupError(stage)  # pragma: no cover

    return lambda: cprofile_top(run())


def case_growth(quick: bool) -> None:
    sec = section("10. growth stage by stage: exponent of time in max(input, output) size "
                  "(4 sizes, doubling; least-squares log-log slope; each family in a process "
                  "of its own)")
    for index, (family, unit, _full, _small, _make) in enumerate(FAMILIES):
        started = time.perf_counter()
        measured = attempt(lambda index=index: _measured_alone(index, quick))
        if isinstance(measured, str):
            sec.rows.append(Row(f"{family}: (set-up)", measured))
            continue
        sizes, per_stage = measured
        for name, rec in per_stage.items():
            if rec.get("n"):
                rec["profile"] = _stage_profile(index, rec["n"][-1], name)
        print(f"      {family}: {time.perf_counter() - started:.0f} s", file=sys.stderr,
              flush=True)
        label = f"{family}, {sizes[0]:,}…{sizes[-1]:,} {unit}"
        for name, rec in per_stage.items():
            case = f"{family}: {name}"
            if "error" in rec or len(rec["t"]) < 2:
                sec.rows.append(Row(case, rec.get("error", "error: too few sizes"),
                                    note=label))
                continue
            k, which = fit(rec["in"], rec["out"], rec["t"])
            local = slope(rec["out" if which == "output" else "in"][-2:], rec["t"][-2:])
            times = ", ".join(fmt_time(t) for t in rec["t"])
            note = (f"{label}: {times}; input {compact(rec['in'][0])}→{compact(rec['in'][-1])}, "
                    f"output {compact(rec['out'][0])}→{compact(rec['out'][-1])}; fitted in the "
                    f"{which}; last doubling alone {local:.2f}")
            sec.rows.append(Row(case, rec["t"][-1], ratio=f"{k:.2f}", target=f"≤ {LIMIT}",
                                ok=k <= LIMIT, note=note,
                                profile=rec["profile"]))


if __name__ == "__main__":  # one family, alone: its records as JSON (see _measured_alone)
    import argparse

    parser = argparse.ArgumentParser(description="measure one family of case 10")
    parser.add_argument("--family", type=int, required=True)
    parser.add_argument("--quick", action="store_true")
    ns = parser.parse_args()
    json.dump(measure_family(ns.family, ns.quick), sys.stdout)
