"""Case 9: the SPEC §7 table (issue 16), every row in-process and through the installed CLI.

Each CLI row is a whole process as a user runs it, timed *over* ``calcdiff derive x`` (same
format, ``-f text --no-steps`` unless the row says otherwise): the two commands run in turn,
A B A B …, and the figure is the median of the pairwise differences, so start-up and the
machine's drift cancel out. SymPy (and SymEngine, where installed) runs on the same input in
the same run; the ratio column is SymPy's time / calcdiff's.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

import sympy
from bench_core import (
    CALCDIFF,
    PEERS,
    PYTHON,
    Row,
    attempt,
    best,
    check,
    cprofile_top,
    deep_snippet,
    fmt_time,
    importtime_top,
    remember,
    section,
    speedup,
    symengine,
    timed_snippet,
)
from bench_inputs import (
    dense_poly_text,
    drill_exercises,
    grad_text,
    logsumexp_text,
    sin_chain_text,
)
from sympy.core.cache import clear_cache

from calcdiff.commands.differentiate import derive
from calcdiff.commands.multivar import grad, hessian
from calcdiff.deep import call_deep
from calcdiff.render import render_string

BASE = ["derive", "x", "-f", "text", "--no-steps"]
TIMEOUT = ["--timeout", "300"]  # the default 6 s per input would cut a slow row short


# ---------------------------------------------------------------------------------------------
# whole-process timing


def run_once(argv: list[str]) -> tuple[float, float, bytes]:
    """Wall time, CPU time (user + sys, the child's own accounting) and standard output of
    one whole process; a failure raises its last stderr line."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(argv, capture_output=True)
    t = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode != 0:
        lines = proc.stderr.decode(errors="replace").strip().splitlines()
        raise RuntimeError((lines or [f"exit status {proc.returncode}"])[-1][:200])
    return t, cpu, proc.stdout


def paired(argv: list[str], other: list[str], reps: int, budget: float) -> dict:
    """``argv`` and ``other`` in turn, A B A B …, after one warm-up of each: ``reps`` pairs,
    fewer when they would take more than ``budget`` seconds (at least 2; a command slower
    than half the budget gets one pair, its warm-up run counted)."""
    run_once(other)
    t_warm, cpu_warm, out = run_once(argv)
    a_times, b_times, a_cpu, b_cpu = [], [], [], []
    if 2 * t_warm > budget:
        pairs = 1
        a_times.append(t_warm)
        a_cpu.append(cpu_warm)
        t, c, _ = run_once(other)
        b_times.append(t)
        b_cpu.append(c)
    else:
        pairs = max(2, min(reps, int(budget / max(t_warm, 1e-3))))
    while len(a_times) < pairs:
        t, c, _ = run_once(other)
        b_times.append(t)
        b_cpu.append(c)
        t, c, out = run_once(argv)
        a_times.append(t)
        a_cpu.append(c)
    return {"a": a_times, "b": b_times, "pairs": pairs, "out": out,
            "diff": [a - b for a, b in zip(a_times, b_times)],
            "ratio": [a / b for a, b in zip(a_times, b_times)],
            "cpu_diff": [a - b for a, b in zip(a_cpu, b_cpu)]}


def pairs(res: dict) -> str:
    return "1 pair" if res["pairs"] == 1 else f"{res['pairs']} pairs"


def spread(values: list[float]) -> str:
    return f"{fmt_time(min(values))}–{fmt_time(max(values))}"


# ---------------------------------------------------------------------------------------------
# the peers (remembered: cases 4, 5 and 6 time the same inputs)


def sympy_poly(text: str) -> float:
    poly, x = sympy.parse_expr(text), sympy.Symbol("x")
    return best(lambda: sympy.diff(sympy.expand(poly), x), 1, setup=clear_cache)


def sympy_chain(depth: int) -> float:
    body = f"""
    def work():
        x = sympy.Symbol("x"); e = x
        for _ in range({depth}):
            e = sympy.sin(e)
        t0 = time.perf_counter(); sympy.diff(e, x); return time.perf_counter() - t0
    """
    return timed_snippet(deep_snippet(body))


def sympy_grad(n: int) -> float:
    xs = sympy.symbols([f"x_{i}" for i in range(1, n + 1)])
    f = sympy.Add(*[(xi - i) ** 2 for i, xi in enumerate(xs, 1)])
    return best(lambda: [sympy.diff(f, xi) for xi in xs], 1, setup=clear_cache)


def sympy_hessian(n: int) -> float:
    body = f"""
    def work():
        xs = sympy.symbols([f"x_{{i}}" for i in range(1, {n} + 1)])
        f = sympy.log(sympy.Add(*[sympy.exp(v) for v in xs]))
        t0 = time.perf_counter(); sympy.hessian(f, xs); return time.perf_counter() - t0
    """
    return timed_snippet(deep_snippet(body))


def sympy_drill(exercises) -> float:
    def batch():
        for _, prog, v in exercises:
            sympy.expand(sympy.diff(sympy.parse_expr(prog), sympy.Symbol(v)))

    return best(batch, 1, setup=clear_cache) / len(exercises)


def sympy_drill_cold(exercises) -> float:
    """SymPy per expression with its cache cleared before each one, as if each ran alone:
    context only (the rows' ratios are against :func:`sympy_drill`, SymPy's cache warm
    across the batch as calcdiff's tables are, the stricter yardstick)."""
    total = 0.0
    for _, prog, v in exercises:
        clear_cache()
        t0 = time.perf_counter()
        sympy.expand(sympy.diff(sympy.parse_expr(prog), sympy.Symbol(v)))
        total += time.perf_counter() - t0
    return total / len(exercises)


def symengine_time(kind: str, n: int, reps: int):
    """SymEngine on the same input, or None when it is not installed."""
    if symengine is None:
        return None
    se = symengine
    if kind == "poly":
        e, x = se.sympify(dense_poly_text(n)), se.Symbol("x")
        return attempt(lambda: best(lambda: se.diff(se.expand(e), x), reps))
    if kind == "chain":
        x = se.Symbol("x")
        e = x
        for _ in range(n):
            e = se.sin(e)
        return attempt(lambda: best(lambda: e.diff(x), reps))
    xs = se.symbols(" ".join(f"x_{i}" for i in range(1, n + 1)))
    if kind == "grad":
        f = se.Add(*[(xi - i) ** 2 for i, xi in enumerate(xs, 1)])
        return attempt(lambda: best(lambda: [f.diff(xi) for xi in xs], reps))
    f = se.log(se.Add(*[se.exp(v) for v in xs]))

    def hess():
        firsts = [f.diff(v) for v in xs]
        return [[firsts[i].diff(xs[j]) for j in range(i, n)] for i in range(n)]

    return attempt(lambda: best(hess, reps))


# ---------------------------------------------------------------------------------------------
# the rows


def _pair_rows(sec, label: str, inreps: int, argv: list[str], peer, peer_se, limit: float,
               target: str, reps: int, budget: float, compute):
    """Two rows: in-process (compute + render, as the command does) and CLI over `derive x`.
    The CLI runs first; the in-process row is skipped when the command failed."""
    print(f"      {label}", file=sys.stderr, flush=True)
    res = attempt(lambda: paired(argv, [CALCDIFF, *BASE], reps, budget))
    ours_in = attempt(lambda: best(compute, inreps)) if isinstance(res, dict) else \
        "skipped: the command failed"
    sec.rows.append(Row(f"{label}: in-process", ours_in, peer, peer_se,
                        ratio=speedup(peer, ours_in), target=f"({target} on the CLI row)",
                        note="compute + render -f text --no-steps in this process",
                        profile=lambda: cprofile_top(compute)))
    if not isinstance(res, dict):
        sec.rows.append(Row(f"{label}: CLI over `derive x`", res, peer, peer_se, target=target))
        return None
    extra = statistics.median(res["diff"])
    note = (f"median of {pairs(res)} ({spread(res['diff'])}); whole command "
            f"{fmt_time(statistics.median(res['a']))}, `derive x` "
            f"{fmt_time(statistics.median(res['b']))}; CPU over `derive x` "
            f"{fmt_time(statistics.median(res['cpu_diff']))}; output "
            f"{len(res['out']) / 1e3:,.1f} kB")
    ok = check(extra, limit)
    sec.rows.append(Row(f"{label}: CLI over `derive x`", extra, peer, peer_se,
                        ratio=speedup(peer, extra), target=target, ok=ok, note=note,
                        profile=lambda: cprofile_top(compute)))
    return res


def _full_form_rows(sec, label: str, text: str, rate: float, reps: int, budget: float,
                    inreps: int) -> None:
    """The output rate of a large answer printed whole (``--full``: sin1000's 2.5 MB): the
    time ``--full`` adds to the same command printing the named form, paired, against the
    bytes it adds -- what writing the output costs, through the CLI -- and the in-process
    render of the whole form alone."""
    named = [CALCDIFF, "derive", text, "-f", "text", "--no-steps", *TIMEOUT]
    full = [*named, "--full"]
    res = attempt(lambda: paired(full, named, reps, budget))
    if isinstance(res, dict):
        added = statistics.median(res["diff"])
        named_bytes = len(run_once(named)[2])
        extra_bytes = len(res["out"]) - named_bytes
        mbs = extra_bytes / 1e6 / added if added > 0 else float("inf")
        sec.rows.append(Row(
            f"  {label} --full: output rate", added, target=f"≥ {rate:g} MB/s",
            ok=mbs >= rate,
            note=f"{len(res['out']) / 1e6:.2f} MB printed whole (named form "
                 f"{named_bytes / 1e3:,.1f} kB); --full adds {fmt_time(added)} "
                 f"(median of {pairs(res)}, {spread(res['diff'])}) for "
                 f"{extra_bytes / 1e6:.2f} MB more: {mbs:,.0f} MB/s; whole command "
                 f"{fmt_time(statistics.median(res['a']))}"))
    else:
        sec.rows.append(Row(f"  {label} --full: output rate", res, target=f"≥ {rate:g} MB/s"))
    d = derive(text, full=True)
    t = attempt(lambda: best(lambda: render_string(d, "text", steps=False), inreps))
    size = len(render_string(d, "text", steps=False).encode())
    if isinstance(t, float):
        sec.rows.append(Row(f"  {label} --full: in-process render alone", t,
                            note=f"{size / 1e6:.2f} MB printed: {size / 1e6 / t:,.0f} MB/s "
                                 "(render_string, text)"))


def case_spec_table(quick: bool, args) -> None:
    """The SPEC §7 rows: in-process, through the CLI over `calcdiff derive x`, and SymPy."""
    sec = section("9. SPEC §7 / issue 16: in-process and through the installed CLI "
                  "(time over `calcdiff derive x`, -f text --no-steps)")
    if not CALCDIFF:
        sec.rows.append(Row("calcdiff script not found", "n/a"))
        return
    # 15 pairs: on this 2-core machine one pair of a 0.1 s command can land 10 ms either
    # side of the median (poly500's 7 pairs once ran from 10.9 to 37.9 ms over `derive x`)
    reps, budget = (3, 6.0) if quick else (15, 20.0)
    inreps = 1 if quick else 3

    # one variable: poly500, sin200, sin1000
    singles = [("poly500 (dense 500-term polynomial)", dense_poly_text(500), 0.020, "poly", 500,
                None),
               ("sin200 (sin(sin(…x)) 200 deep)", sin_chain_text(200), 0.030, "chain", 200, None),
               ("sin1000 (1,000 deep)", sin_chain_text(1000), 0.100, "chain", 1000, 100.0)]
    for label, text, limit, kind, n, rate in singles:
        if kind == "poly":
            peer = attempt(lambda text=text: remember(("sympy poly", text),
                                                      lambda: sympy_poly(text)))
        elif quick:
            peer = "skipped (--quick)"
        elif n >= 1000 and not args.sympy_1000:
            peer = "skipped: > 20 s"
        else:
            peer = attempt(lambda n=n: remember(("sympy chain", n), lambda: sympy_chain(n)))

        def compute(text=text):
            return render_string(derive(text), "text", steps=False)

        _pair_rows(sec, label, inreps, [CALCDIFF, "derive", text, "-f", "text", "--no-steps",
                                        *TIMEOUT],
                   peer, symengine_time(kind, n, inreps), limit, f"≤ {limit * 1e3:.0f} ms",
                   reps, budget, compute)
        if rate is not None:  # the answer named (above) and whole, its rate of writing
            _full_form_rows(sec, label, text, rate, reps, budget, inreps)

    # several variables: grad500, Hessian 20 and 80
    multi = [("grad500 (gradient of Σ (x_i − i)²)", "grad", grad_text(500), 500, 0.15,
              "≤ 0.15 s", grad),
             ("Hessian of log Σ exp(x_i), 20 vars", "hessian", logsumexp_text(20), 20, 0.040,
              "≤ 40 ms", hessian),
             ("Hessian of log Σ exp(x_i), 80 vars", "hessian", logsumexp_text(80), 80, 1.0,
              "≤ 1 s", hessian)]
    for label, command, text, n, limit, target, fn in multi:
        if command == "grad":  # SymPy takes seconds: --quick shows it only if case 6 ran it
            peer = "skipped (--quick)" if quick and ("sympy grad", n) not in PEERS else attempt(
                lambda n=n: remember(("sympy grad", n), lambda: sympy_grad(n)))
        elif quick and n > 20:
            peer = "skipped (--quick)"
        else:
            peer = attempt(lambda n=n: remember(("sympy hessian", n), lambda: sympy_hessian(n)))

        def compute(fn=fn, text=text):
            return render_string(fn(text), "text", steps=False)

        if quick and n > 20:
            sec.rows.append(Row(f"{label}: CLI over `derive x`", "skipped (--quick)",
                                target=target))
            continue
        _pair_rows(sec, label, 1 if n >= 80 else inreps,
                   [CALCDIFF, command, text, "-f", "text", "--no-steps", *TIMEOUT],
                   peer, symengine_time("grad" if command == "grad" else "hessian", n, inreps),
                   limit, target, reps, budget, compute)

    drill_rows(sec, quick, reps, budget, inreps)
    startup_rows(sec, reps)


def drill_rows(sec, quick: bool, reps: int, budget: float, inreps: int) -> None:
    """The drill batch: one `calcdiff derive -i FILE -f json`, with steps and --no-steps."""
    exercises = drill_exercises(697)
    count = len(exercises)
    peer = attempt(lambda: remember(("sympy drill", count), lambda: sympy_drill(exercises)))
    cold = attempt(lambda: sympy_drill_cold(exercises))
    lines = [f"d/d{v} ({s})" for s, _, v in exercises]
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as fh:
        fh.write("\n".join(lines) + "\n")
        path = fh.name
    try:
        for steps, times in ((True, 10), (False, 25)):
            flag = [] if steps else ["--no-steps"]
            label = f"drill: {count} lines, -i FILE -f json" + ("" if steps else " --no-steps")

            def compute(steps=steps):
                # in one big-stack thread, as a worker runs its lines (outside one, each
                # derive would start its own thread: ~0.4 ms a line that no worker pays)
                call_deep(lambda: [render_string(derive(s, v), "json", steps=steps)
                                   for s, _, v in exercises])

            t_in = attempt(lambda compute=compute: best(compute, inreps))
            per_in = t_in / count if isinstance(t_in, float) else t_in
            ok_in = peer / per_in >= times if isinstance(per_in, float) and isinstance(
                peer, float) else None
            sec.rows.append(Row(f"{label}: in-process", per_in, peer, ratio=speedup(peer, per_in),
                                target=f"(≥ {times}× SymPy on the CLI row)",
                                note="per expression: derive + render json, one core; SymPy: "
                                     "parse_expr + diff + expand per expression, its cache "
                                     "cleared before the batch"
                                     + ("" if ok_in is None else
                                        f"; in-process alone {'meets' if ok_in else 'misses'} "
                                        f"{times}×"),
                                profile=lambda compute=compute: cprofile_top(compute)))
            argv = [CALCDIFF, "derive", "-i", path, "-f", "json", *flag]
            res = attempt(lambda argv=argv: paired(argv, [CALCDIFF, *BASE], reps, budget))
            if not isinstance(res, dict):
                sec.rows.append(Row(f"{label}: CLI", res, peer, target=f"≥ {times}× SymPy"))
                continue
            per = statistics.median(res["diff"]) / count
            whole = statistics.median(res["a"]) / count
            errors = sum(1 for line in res["out"].decode().splitlines()
                         if line.startswith("{") and "error" in json.loads(line))
            sec.rows.append(Row(
                f"{label}: CLI over `derive x`", per, peer, ratio=speedup(peer, per),
                target=f"≥ {times}× SymPy", ok=peer / per >= times if isinstance(
                    peer, float) and per > 0 else None,
                note=f"per expression, median of {pairs(res)}; with start-up "
                     f"{fmt_time(whole)} each ({speedup(peer, whole)}); {errors} error lines"
                     + (f"; context, not the target's yardstick: SymPy with its cache cleared "
                        f"before each expression takes {fmt_time(cold)}, {speedup(cold, per)}"
                        if isinstance(cold, float) and speedup(cold, per) else ""),
                profile=lambda compute=compute: cprofile_top(compute)))  # the file is gone
    finally:
        os.unlink(path)


def startup_rows(sec, reps: int) -> None:
    """`calcdiff --version` ≤ 0.1 s; a first rich derive with steps ≤ 0.5 × import sympy."""
    res = attempt(lambda: paired([CALCDIFF, "--version"], [PYTHON, "-c", "pass"], reps, 10.0))
    if isinstance(res, dict):
        t = statistics.median(res["a"])
        sec.rows.append(Row("calcdiff --version (whole command)", t, ok=check(t, 0.1),
                            target="≤ 100 ms",
                            note=f"median of {res['pairs']} ({spread(res['a'])}); "
                                 f"python -c pass {fmt_time(statistics.median(res['b']))}",
                            profile=lambda: importtime_top([CALCDIFF, "--version"])))
    else:
        sec.rows.append(Row("calcdiff --version (whole command)", res, target="≤ 100 ms"))
    argv = [CALCDIFF, "derive", "3*x**2-4*x", "-f", "rich", "--steps"]
    res = attempt(lambda: paired(argv, [PYTHON, "-c", "import sympy"], reps, 10.0))
    if isinstance(res, dict):
        r = statistics.median(res["ratio"])
        t, imp = statistics.median(res["a"]), statistics.median(res["b"])
        sec.rows.append(Row("first derive with steps, -f rich (whole command)", t, imp,
                            ratio=f"{r:.2f} × imp", target="≤ 0.5 × import sympy", ok=r <= 0.5,
                            note=f"SymPy column: python -c \"import sympy\"; ratio: median of "
                                 f"{res['pairs']} pairwise ratios "
                                 f"({min(res['ratio']):.2f}–{max(res['ratio']):.2f})",
                            profile=lambda: importtime_top(argv)))
    else:
        sec.rows.append(Row("first derive with steps, -f rich (whole command)", res))
