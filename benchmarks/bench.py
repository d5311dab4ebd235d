#!/usr/bin/env python
"""calcdiff vs SymPy (and SymEngine, when it happens to be installed): one run, one table.

    .venv/bin/python benchmarks/bench.py            # full run (a few minutes)
    .venv/bin/python benchmarks/bench.py --quick    # smaller sizes, fewer repetitions
    .venv/bin/python benchmarks/bench.py --profile  # also cProfile every calcdiff row that
                                                    # misses its target
    .venv/bin/python benchmarks/bench.py --only 9   # SPEC §7 through the installed CLI
    .venv/bin/python benchmarks/bench.py --only 10  # growth stage by stage (exponents)

Reports only: nothing here asserts on time (SPEC §7: benchmarks report, tests check
behaviour). Every case times calcdiff and its peers on the same input in the same process
run, so ratios are comparable even when the machine is busy. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench_core, simplify_quality

from bench_core import (  # noqa: E402  (also puts the checkout on sys.path)
    CALCDIFF,
    PYTHON,
    ROOT,
    Row,
    attempt,
    best,
    best_subprocess,
    check,
    cprofile_top,
    deep_snippet,
    fmt_time,
    importtime_top,
    print_misses,
    print_table,
    remember,
    section,
    speedup,
    symengine,
    timed_snippet,
)
from bench_e2e import (  # noqa: E402
    case_spec_table,
    sympy_chain,
    sympy_drill,
    sympy_grad,
    sympy_poly,
)
from bench_growth import case_growth  # noqa: E402
from bench_inputs import (  # noqa: E402
    dense_poly_text,
    drill_exercises,
    parens_text,
    sin_chain_text,
    sum_text,
)

import sympy  # noqa: E402
from sympy.core.cache import clear_cache  # noqa: E402

from calcdiff.commands.differentiate import derive  # noqa: E402
from calcdiff.commands.request import read  # noqa: E402
from calcdiff.deep import call_deep  # noqa: E402
from calcdiff.deriving.engine import Engine, differentiate  # noqa: E402
from calcdiff.read.parser import parse  # noqa: E402

HAVE_SIMPLIFY = importlib.util.find_spec("calcdiff.simplify") is not None
try:
    from calcdiff.commands import multivar
except ImportError:  # pragma: no cover
    multivar = None
HAVE_GRAD = multivar is not None and hasattr(multivar, "grad")
HAVE_HESSIAN = multivar is not None and hasattr(multivar, "hessian")

# ---------------------------------------------------------------------------------------------
# cases


def case_startup(reps: int) -> None:
    sec = section("1. start-up: `calcdiff --version` (subprocess wall time, best of %d)" % reps)
    peers = {}
    for label, code in [("python -c pass", "pass"), ('python -c "import click"', "import click"),
                        ('python -c "import sympy"', "import sympy")]:
        peers[label] = attempt(lambda code=code: best_subprocess([PYTHON, "-c", code], reps))
    argv = [CALCDIFF, "--version"] if CALCDIFF else None
    ours = attempt(lambda: best_subprocess(argv, reps)) if argv else "no calcdiff script"
    imp = peers['python -c "import sympy"']
    sec.rows.append(Row("calcdiff --version", ours, imp, ratio=speedup(imp, ours),
                        target="≤ 100 ms", ok=check(ours, 0.1),
                        note="SymPy column: python -c \"import sympy\"",
                        profile=(lambda: importtime_top(argv)) if argv else None))
    for label in ("python -c pass", 'python -c "import click"'):
        sec.rows.append(Row(f"  peer: {label}", sympy=peers[label],
                            note="peer column: this command's wall time"))
    STATE["import_sympy"] = imp


def case_cli_derive(reps: int) -> None:
    sec = section("2. `calcdiff derive \"3*x**2-4*x\"` (subprocess wall time, best of %d)" % reps)
    imp = STATE.get("import_sympy")
    if not isinstance(imp, float):
        imp = attempt(lambda: best_subprocess([PYTHON, "-c", "import sympy"], reps))
    limit = 0.5 * imp if isinstance(imp, float) else None
    target = f"≤ 0.5 × import sympy = {fmt_time(limit)}" if limit else "≤ 0.5 × import sympy"
    for fmt in ("text", "rich"):
        argv = [CALCDIFF, "derive", "3*x**2-4*x", "-f", fmt]
        if not HAVE_SIMPLIFY:
            ours = "n/a"
            note = "calcdiff.simplify not there yet: derive cannot finish"
        else:
            ours = attempt(lambda argv=argv: best_subprocess(argv, reps))
            note = ""
        ratio = f"{ours / imp:.2f} × imp" if isinstance(ours, float) and isinstance(imp, float) \
            else ""
        sec.rows.append(Row(f"calcdiff derive … -f {fmt}", ours, imp, ratio=ratio, target=target,
                            ok=check(ours, limit) if limit else None, note=note,
                            profile=lambda argv=argv: importtime_top(argv)))
    argv = [CALCDIFF, "derive", "3*x**2-4*x", "-f", "text", "--simplify", "none"]
    ours = attempt(lambda: best_subprocess(argv, reps))
    ratio = f"{ours / imp:.2f} × imp" if isinstance(ours, float) and isinstance(imp, float) else ""
    sec.rows.append(Row("  … -f text --simplify none", ours, imp, ratio=ratio,
                        note="without the simplifier (lower bound)"))
    sec.rows[-1].ok = None


def case_parse(quick: bool, reps: int) -> None:
    sec = section("3. parsing (library `calcdiff.parse`, the work behind `calcdiff parse`)")
    for label, text, sym_code in [
        ("sin(sin(…(x)…)) 1,000 deep", sin_chain_text(1000), "sin"),
        ("1,000 nested parentheses", parens_text(1000), "parens"),
    ]:
        ours = attempt(lambda text=text: best(lambda: call_deep(parse, text), reps))
        body = f"""
        def work():
            from sympy.parsing.sympy_parser import parse_expr
            text = {'"sin(" * 1000 + "x" + ")" * 1000' if sym_code == "sin"
                    else '"(" * 1000 + "x" + ")" * 1000'}
            t0 = time.perf_counter(); parse_expr(text); return time.perf_counter() - t0
        """
        theirs = attempt(lambda body=body: timed_snippet(deep_snippet(body)))
        sec.rows.append(Row(f"parse {label}", ours, theirs, ratio=speedup(theirs, ours),
                            note=f"{len(text):,} chars; SymPy: parse_expr in a subprocess",
                            profile=lambda text=text: cprofile_top(lambda: parse(text))))
    # nesting depth: time(1,000 deep) / time(500 deep), ≈ 2 when linear
    for label, make in (("sin chain", sin_chain_text), ("parentheses", parens_text)):
        t1 = attempt(lambda make=make: best(lambda: call_deep(parse, make(500)), reps))
        t2 = attempt(lambda make=make: best(lambda: call_deep(parse, make(1000)), reps))
        if isinstance(t1, float) and isinstance(t2, float):
            r = t2 / t1
            sec.rows.append(Row(f"growth: parse {label} 500 → 1,000 deep", t2, ratio=f"{r:.2f}",
                                target="≈ 2 (≤ 2.6)", ok=r <= 2.6,
                                note=f"ratio here: time(1,000) / time(500) = {fmt_time(t2)} / "
                                     f"{fmt_time(t1)}",
                                profile=lambda make=make: cprofile_top(lambda: parse(make(1000)))))
    sizes = (5_000, 10_000, 20_000) if quick else (25_000, 50_000, 100_000)
    per_char = []
    for chars in sizes:
        text, n = sum_text(chars)
        ours = attempt(lambda text=text: best(lambda: call_deep(parse, text), reps))
        theirs = attempt(lambda text=text: best(lambda: sympy.parse_expr(text), 1,
                                                setup=clear_cache))
        pc = ours / len(text) if isinstance(ours, float) else None
        per_char.append(pc)
        sec.rows.append(Row(f"parse a sum of {n:,} terms ({len(text) / 1000:.0f}k chars)", ours,
                            theirs, ratio=speedup(theirs, ours),
                            note=f"calcdiff {pc * 1e6:.2f} µs/char" if pc else "",
                            profile=lambda text=text: cprofile_top(lambda: parse(text))))
    if all(per_char):
        r1, r2 = per_char[1] / per_char[0], per_char[2] / per_char[0]
        worst = max(r1, r2)
        sec.rows.append(Row(f"growth: µs/char at {sizes[1] // 1000}k, {sizes[2] // 1000}k vs "
                            f"{sizes[0] // 1000}k", ratio=f"{r1:.2f}, {r2:.2f}",
                            target="≈ 1 (linear)", ok=worst < 1.5,
                            note="ratio here: time per character relative to the smallest "
                                 "input"))



def case_engine(quick: bool, reps: int, sympy_deep: bool) -> None:
    sec = section("4. engine: single-variable derivatives (library, in-process)")

    def calcdiff_rows(label: str, text: str, target: float | None, tgt_text: str,
                      peer=None, peer_se=None):
        reading = call_deep(parse, text)
        tree = reading.expr
        t_parse = attempt(lambda: best(lambda: call_deep(parse, text), reps))
        t_engine = attempt(lambda: best(lambda: differentiate(tree, "x"), reps))
        rows = [
            Row(f"{label}: parse", t_parse, note="not part of the target"),
            Row(f"{label}: engine", t_engine, peer, peer_se, ratio=speedup(peer, t_engine),
                target=tgt_text, ok=check(t_engine, target) if target else None,
                note="calcdiff.deriving.engine.differentiate(tree, 'x'): rule steps + basic output",
                profile=lambda: cprofile_top(lambda: Engine("x").d(tree))),
        ]
        if HAVE_SIMPLIFY:
            t_tree = attempt(lambda: best(lambda: derive(tree, "x"), reps))
            t_text = attempt(lambda: best(lambda: derive(text, "x"), reps))
        else:
            t_tree = t_text = "n/a"
        rows.append(Row(f"{label}: derive(tree)", t_tree, peer, peer_se,
                        ratio=speedup(peer, t_tree), target=tgt_text,
                        ok=check(t_tree, target) if target else None,
                        note="engine + simplification" + (
                            "" if HAVE_SIMPLIFY else " (calcdiff.simplify not there yet)"),
                        profile=lambda: cprofile_top(lambda: derive(tree, "x"))))
        rows.append(Row(f"{label}: derive(text)", t_text, peer, peer_se,
                        ratio=speedup(peer, t_text), target=tgt_text,
                        ok=check(t_text, target) if target else None,
                        note="parse + engine + simplification",
                        profile=lambda: cprofile_top(lambda: derive(text, "x"))))
        sec.rows.extend(rows)
        return t_engine, t_tree

    # dense polynomial, 500 terms
    text = dense_poly_text(500)
    peer = attempt(lambda: remember(("sympy poly", text), lambda: sympy_poly(text)))
    peer_se = None
    if symengine is not None:
        se_poly = symengine.sympify(text)
        se_x = symengine.Symbol("x")
        peer_se = attempt(lambda: best(lambda: symengine.diff(symengine.expand(se_poly), se_x),
                                       reps))
    calcdiff_rows("dense poly, 500 terms", text, 0.020, "≤ 20 ms", peer, peer_se)
    sec.rows[-3].note += "; SymPy: diff(expand(poly), x), cache cleared"

    # sin chains
    for depth, limit in ((200, 0.030), (1000, 0.100)):
        if not sympy_deep:
            peer = "skipped (--quick)"
        elif depth == 1000 and not ARGS.sympy_1000:
            peer = "skipped: > 20 s"
        else:
            peer = attempt(lambda depth=depth: remember(("sympy chain", depth),
                                                        lambda: sympy_chain(depth)))
        peer_se = None
        if symengine is not None:
            def se_chain(depth=depth):
                e = se_x_ = symengine.Symbol("x")
                for _ in range(depth):
                    e = symengine.sin(e)
                return e, se_x_
            se_e, se_x_ = se_chain()
            peer_se = attempt(lambda: best(lambda: se_e.diff(se_x_), reps))
        calcdiff_rows(f"sin chain, {depth:,} deep", sin_chain_text(depth), limit,
                      f"≤ {limit * 1000:.0f} ms", peer, peer_se)
        if depth == 1000 and not ARGS.sympy_1000 and sympy_deep:
            sec.rows[-3].note += ("; SymPy not run (SPEC: gives up after > 20 s; "
                                  "--sympy-1000 tries it with a 20 s limit)")
        else:
            sec.rows[-3].note += "; SymPy: sympy.diff in a subprocess, 20 s limit"

    # linear growth
    grow = section("4b. engine: growth with input size (time(2n) / time(n); ≈ 2 = linear)")
    pairs = [("dense poly", (500, 1000) if quick else (1000, 2000), dense_poly_text, "terms"),
             ("dense poly", (2000, 4000), dense_poly_text, "terms"),
             ("sin chain", (250, 500), sin_chain_text, "deep"),
             ("sin chain", (1000, 2000), sin_chain_text, "deep")]
    for label, (n1, n2), make, unit in pairs:
        texts = [make(n1), make(n2)]
        trees = [call_deep(parse, t).expr for t in texts]
        variants = [("engine", lambda t, tr: (lambda: differentiate(tr, "x")))]
        if HAVE_SIMPLIFY:  # the simplifier alone, on the raw rule output (issue 5)
            from calcdiff.simplify import simplify

            def simp(t, tr):
                raw = call_deep(differentiate, tr, "x").raw
                return lambda: simplify(raw)

            variants.append(("simplify(raw)", simp))
        variants.append(("derive(text)", lambda t, tr: (lambda: derive(t, "x"))))
        for vname, mk in variants:
            if vname.startswith("derive") and not HAVE_SIMPLIFY:
                grow.rows.append(Row(f"{label} {n1:,} → {n2:,} {unit}: {vname}", "n/a",
                                     note="calcdiff.simplify not there yet"))
                continue
            t1 = attempt(lambda: best(mk(texts[0], trees[0]), reps))
            t2 = attempt(lambda: best(mk(texts[1], trees[1]), reps))
            if isinstance(t1, float) and isinstance(t2, float):
                r = t2 / t1
                grow.rows.append(Row(f"{label} {n1:,} → {n2:,} {unit}: {vname}", t2,
                                     ratio=f"{r:.2f}", target="≈ 2 (≤ 2.6)", ok=r <= 2.6,
                                     note=f"{fmt_time(t1)} at {n1:,}, {fmt_time(t2)} at {n2:,}",
                                     profile=lambda f=mk(texts[1], trees[1]): cprofile_top(f)))
            else:
                grow.rows.append(Row(f"{label} {n1:,} → {n2:,} {unit}: {vname}",
                                     t2 if not isinstance(t2, float) else t1))


def case_drill(quick: bool, reps: int) -> None:
    count = 697
    exercises = drill_exercises(count)
    sec = section(f"5. {count} polynomial drill exercises (per expression; total / {count})")
    if ARGS.show_drill:
        for s, p, v in exercises[:10]:
            print(f"    d/d{v}  {s:40}  |  {p}", file=sys.stderr)

    peer = attempt(lambda: remember(("sympy drill", count), lambda: sympy_drill(exercises)))
    peer_se = None
    if symengine is not None:
        def se_batch():
            for _, prog, v in exercises:
                symengine.expand(symengine.diff(symengine.sympify(prog), symengine.Symbol(v)))
        t = attempt(lambda: best(se_batch, reps))
        peer_se = t / count if isinstance(t, float) else t

    def parse_engine_batch():
        for school, _, v in exercises:
            Engine(v).d(parse(school).expr)

    def derive_batch():
        for school, _, v in exercises:
            derive(school, v)

    def derive_render_batch():
        from calcdiff.render import render

        for school, _, v in exercises:
            render(derive(school, v), "text", steps=True)

    def per(fn):
        t = attempt(lambda: best(lambda: call_deep(fn), reps))
        return t / count if isinstance(t, float) else t

    def ratio_ok(ours):
        if isinstance(ours, float) and isinstance(peer, float):
            return peer / ours >= 10
        return None

    ours = per(parse_engine_batch)
    sec.rows.append(Row("parse + engine (school form)", ours, peer, peer_se,
                        ratio=speedup(peer, ours), target="≥ 10× SymPy", ok=ratio_ok(ours),
                        note="lower bound: no simplification; SymPy: parse_expr + diff + expand "
                             "on the programmer-syntax copy, cache cleared",
                        profile=lambda: cprofile_top(parse_engine_batch)))
    for label, fn, note in [
        ("derive (steps in the Derivation)", derive_batch,
         "calcdiff.derive(school text, var): parse + rule steps + simplification"),
        ("derive + render steps as text", derive_render_batch,
         "the same plus the text rendering the CLI prints"),
    ]:
        ours = per(fn) if HAVE_SIMPLIFY else "n/a"
        sec.rows.append(Row(label, ours, peer, peer_se, ratio=speedup(peer, ours),
                            target="≥ 10× SymPy", ok=ratio_ok(ours),
                            note=note + ("" if HAVE_SIMPLIFY else
                                         " (calcdiff.simplify not there yet)"),
                            profile=lambda fn=fn: cprofile_top(fn)))
    # one batch call through the CLI (start-up included), as the SPEC row words it
    if CALCDIFF and HAVE_SIMPLIFY:
        text = "\n".join(f"d/d{v} ({s})" for s, _, v in exercises)
        t = attempt(lambda: best_subprocess([CALCDIFF, "derive", "-f", "text", "-"],
                                            max(1, reps // 2), stdin=text))
        per_expr = t / count if isinstance(t, float) else t
        sec.rows.append(Row(f"CLI batch: {count} lines on stdin, -f text", per_expr, peer,
                            ratio=speedup(peer, per_expr), target="≥ 10× SymPy",
                            ok=ratio_ok(per_expr),
                            note="one subprocess, lines like 'd/dy (3x^2y - 4xy + 7)'; "
                                 "start-up and printing included, divided per expression"))


def case_multivar(quick: bool, reps: int) -> None:
    sec = section("6. several variables: gradient and Hessian")
    nvars = 500
    names = [f"x_{i}" for i in range(1, nvars + 1)]
    text = " + ".join(f"(x_{i} - {i})^2" for i in range(1, nvars + 1))
    reading = call_deep(read, text, None, None, False)
    tree = reading.expr

    peer = attempt(lambda: remember(("sympy grad", nvars), lambda: sympy_grad(nvars)))
    peer_se = None
    if symengine is not None:
        sxs = symengine.symbols(" ".join(names))
        sf = symengine.Add(*[(xi - i) ** 2 for i, xi in enumerate(sxs, 1)])
        peer_se = attempt(lambda: best(lambda: [sf.diff(xi) for xi in sxs], reps))

    def engine_grad():
        return [Engine(v).d(tree) for v in names]

    t = attempt(lambda: best(lambda: call_deep(engine_grad), reps))
    sec.rows.append(Row(f"gradient, {nvars} vars: engine", t, peer, peer_se,
                        ratio=speedup(peer, t), target="≤ 0.15 s", ok=check(t, 0.15),
                        note="Engine(x_i).d(tree) for each i on one parsed tree; "
                             "SymPy: [diff(f, x_i) for x_i], cache cleared",
                        profile=lambda: cprofile_top(engine_grad)))
    if HAVE_SIMPLIFY:
        if HAVE_GRAD:
            t = attempt(lambda: best(lambda: multivar.grad(tree), reps))
            how = "calcdiff.grad(tree)"
            prof = lambda: cprofile_top(lambda: multivar.grad(tree))  # noqa: E731
        else:
            t = attempt(lambda: best(lambda: [derive(tree, [v]) for v in names], reps))
            how = "derive(tree, wrt=[x_i]) for each i"
            prof = lambda: cprofile_top(lambda: [derive(tree, [v]) for v in names])  # noqa
    else:
        t, how, prof = "n/a", "calcdiff.simplify not there yet", None
    sec.rows.append(Row(f"gradient, {nvars} vars: full", t, peer, peer_se,
                        ratio=speedup(peer, t), target="≤ 0.15 s", ok=check(t, 0.15), note=how,
                        profile=prof))

    n = 20
    hnames = [f"x_{i}" for i in range(1, n + 1)]
    htext = "log(" + " + ".join(f"exp({v})" for v in hnames) + ")"
    htree = call_deep(read, htext, None, None, False).expr
    hxs = sympy.symbols(hnames)
    hf = sympy.log(sympy.Add(*[sympy.exp(v) for v in hxs]))
    peer = attempt(lambda: best(lambda: sympy.hessian(hf, hxs), max(1, reps // 2),
                                setup=clear_cache))
    peer_se = None
    if symengine is not None:
        shx = symengine.symbols(" ".join(hnames))
        shf = symengine.log(symengine.Add(*[symengine.exp(v) for v in shx]))

        def se_hess():
            firsts = [shf.diff(v) for v in shx]
            return [[firsts[i].diff(shx[j]) for j in range(i, n)] for i in range(n)]

        peer_se = attempt(lambda: best(se_hess, reps))

    def engine_hessian():
        firsts = [Engine(v).d(htree).result for v in hnames]
        return [[Engine(hnames[j]).d(firsts[i]) for j in range(i, n)] for i in range(n)]

    t = attempt(lambda: best(lambda: call_deep(engine_hessian), reps))
    sec.rows.append(Row(f"Hessian of log Σ exp(x_i), {n} vars: engine", t, peer, peer_se,
                        ratio=speedup(peer, t), target="≤ 40 ms", ok=check(t, 0.04),
                        note="first partials, then the upper triangle (mixed partials once); "
                             "SymPy: sympy.hessian, cache cleared",
                        profile=lambda: cprofile_top(engine_hessian)))
    if HAVE_SIMPLIFY and HAVE_HESSIAN:
        t = attempt(lambda: best(lambda: multivar.hessian(htree), reps))
        how = "calcdiff.hessian(tree)"
        prof = lambda: cprofile_top(lambda: multivar.hessian(htree))  # noqa: E731
    else:
        t, prof = "n/a", None
        how = "calcdiff.simplify not there yet" if not HAVE_SIMPLIFY else "no hessian API yet"
    sec.rows.append(Row(f"Hessian of log Σ exp(x_i), {n} vars: full", t, peer, peer_se,
                        ratio=speedup(peer, t), target="≤ 40 ms", ok=check(t, 0.04), note=how,
                        profile=prof))


# ---------------------------------------------------------------------------------------------

STATE: dict = {}
ARGS: argparse.Namespace


def case_batch(quick: bool, reps: int) -> None:
    """Issue 7: expressions per second through one batch call, -j 1 and -j 2, vs SymPy.

    SymPy's side is the SymPy user's path per line, parse_expr + diff + simplify, each line in
    a worker process with a time limit (benchmarks/simplify_quality.py); a line SymPy does not
    finish counts at the limit, so SymPy's figure is a lower bound on its time.
    """
    import tempfile

    from simplify_quality import elementary_corpus, sympy_answers

    sec = section("7. batches through the CLI: expressions per second (-f json, steps included)")
    if not CALCDIFF:
        sec.rows.append(Row("calcdiff script not found", "n/a"))
        return
    n = 200 if quick else 700
    polys = [f"d/d{v} ({s})" for (s, _, v) in drill_exercises(n)]
    elem = elementary_corpus(n, seed=7)
    limit = 10.0
    for name, lines in ((f"{n} polynomial drill lines", polys), (f"{n} elementary lines", elem)):
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as fh:
            fh.write("\n".join(lines) + "\n")
            path = fh.name
        # SymPy's simplify averages about 1 s on an elementary line: it runs on the first
        # --sympy-lines of them (all of the polynomial lines), per-expression times compared
        sample = lines if "polynomial" in name else lines[:ARGS.sympy_lines]
        answers = sympy_answers(sample, limit, jobs=2, progress=False)
        gave_up = sum(1 for ops, _, _ in answers if ops is None)
        peer_per = sum(min(secs, limit) for _, _, secs in answers) / len(sample)
        for jobs in (1, 2):
            t = attempt(lambda: best_subprocess(
                [CALCDIFF, "derive", "-i", path, "-f", "json", "-j", str(jobs)],
                max(1, reps // 2)))
            per = t / len(lines) if isinstance(t, float) else t
            rate = f"{len(lines) / t:,.0f} expr/s" if isinstance(t, float) else ""
            sym_rate = (f"SymPy {1 / peer_per:,.1f} expr/s (parse_expr + diff + simplify, "
                        f"one process, {len(sample)} lines"
                        + (f"; {gave_up} over {limit:g} s counted at {limit:g} s)" if gave_up
                           else ")"))
            sec.rows.append(Row(f"{name}, -j {jobs}", per, peer_per, ratio=speedup(peer_per, per),
                                target="≥ 10× SymPy", ok=(peer_per / per >= 10)
                                if isinstance(per, float) else None,
                                note=f"calcdiff {rate}, whole command with start-up; {sym_rate}"))
            if jobs == 1:
                one = t
            elif isinstance(t, float) and isinstance(one, float):
                sec.rows.append(Row(f"{name}: -j 2 against -j 1", f"{one / t:.2f}×",
                                    note="wall-time speed-up of two worker processes"))
        os.unlink(path)


def case_simplify_quality(quick: bool) -> None:
    """Issue 5: calcdiff's default answer vs sympy.simplify(sympy.diff(f)) by count_ops."""
    from simplify_quality import (
        compare,
        elementary_corpus,
        implied_functions,
        ours,
        sympy_answers,
        sympy_functions,
    )

    n = 60 if quick else 300
    limit = 30.0
    texts = elementary_corpus(n)
    sec = section(f"8. simplification quality on {n} elementary expressions (count_ops)")
    theirs = sympy_answers(texts, limit, jobs=2, progress=False)
    rows, ours_t = [], 0.0
    for text, (s_ops, s_answer, _) in zip(texts, theirs):
        ops, _, used, secs = ours(text)
        ours_t += secs
        s_funcs = sympy_functions(s_answer) if s_ops is not None else set()
        rows.append((text, s_ops, ops, used, implied_functions(text), s_funcs))
    summary = compare(rows)
    theirs_t = sum(secs for _, _, secs in theirs)
    share = summary["share"]
    sec.rows.append(Row("answers no longer than SymPy's", f"{share:.0%}", target="≥ 90%",
                        ok=share >= 0.9, note=f"{summary['no_longer']} of {summary['measured']}"
                        f"; SymPy did not finish {n - summary['measured']} within {limit:g} s"))
    sec.rows.append(Row("answers more than twice as long", f"{len(summary['too_long'])}",
                        target="0", ok=not summary["too_long"],
                        note=f"longest ratio {summary['worst']:.2f}; "
                             f"{len(summary['too_long_against_foreign'])} of them against a "
                             f"SymPy form with a function foreign to the input"))
    sec.rows.append(Row("answers with a foreign function", f"{len(summary['foreign'])}",
                        target="0", ok=not summary["foreign"]))
    sec.rows.append(Row("time for all (derive vs diff + simplify)", ours_t, theirs_t,
                        ratio=speedup(theirs_t, ours_t),
                        note="details: benchmarks/simplify_quality.py"))


def main(argv=None) -> int:
    global ARGS
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true",
                    help="fewer repetitions, smaller growth sizes, no SymPy deep-chain runs")
    ap.add_argument("--profile", action="store_true",
                    help="cProfile (or -X importtime) every row that misses its target")
    ap.add_argument("--sympy-1000", action="store_true",
                    help="also try SymPy on the 1,000-deep chain (20 s limit)")
    ap.add_argument("--show-drill", action="store_true",
                    help="print the first 10 drill exercises (stderr)")
    ap.add_argument("--sympy-lines", type=int, default=150, metavar="N",
                    help="case 7: SymPy's simplify runs on the first N elementary lines "
                         "(default 150; about 1 s each)")
    ap.add_argument("--only", metavar="N,N", help="run only these case numbers (1-10; 7 and 8 call sympy.simplify, "
                         "are slow, and run only when named)")
    ARGS = ap.parse_args(argv)
    quick = ARGS.quick
    reps = 2 if quick else 5
    sub_reps = 3 if quick else 5
    only = {int(c) for c in ARGS.only.split(",")} if ARGS.only else {1, 2, 3, 4, 5, 6, 9, 10}
    # 7, 8: slow (sympy.simplify); ask with --only

    print(f"calcdiff benchmarks ({'quick' if quick else 'full'} run): python "
          f"{sys.version.split()[0]}, sympy {sympy.__version__}, symengine "
          f"{symengine.__version__ if symengine else 'not installed'}, "
          f"{os.cpu_count()} CPUs")
    print(f"calcdiff.simplify: {'present' if HAVE_SIMPLIFY else 'MISSING (full-derive rows n/a)'}"
          f"; grad API: {'calcdiff.commands.multivar.grad' if HAVE_GRAD else 'none'}")
    print(f"calcdiff script: {CALCDIFF or 'not found'}", flush=True)
    started = time.perf_counter()

    # byte-compile calcdiff as `pip install` does: an editable install under
    # PYTHONDONTWRITEBYTECODE=1 (set on some machines, this one included) would otherwise
    # recompile every calcdiff module on every start-up, while SymPy's files are compiled
    if ROOT.joinpath("calcdiff").is_dir():
        subprocess.run([PYTHON, "-m", "compileall", "-q", str(ROOT / "calcdiff")], check=False)
    if sys.flags.dont_write_bytecode:
        print("note: PYTHONDONTWRITEBYTECODE is set; calcdiff was byte-compiled first "
              "(as pip does on install) so start-up rows compare like with like")

    # warm up both sides (rule table, SymPy's lazy imports) so first rows are not penalised
    call_deep(lambda: Engine("x").d(parse("sin(x)*x^2 + exp(x)/x").expr))
    sympy.diff(sympy.parse_expr("sin(x)*x**2 + exp(x)/x"), sympy.Symbol("x"))

    if 1 in only:
        case_startup(sub_reps)
    if 2 in only:
        case_cli_derive(sub_reps)
    if 3 in only:
        case_parse(quick, reps)
    if 4 in only:
        case_engine(quick, reps, sympy_deep=not quick)
    if 5 in only:
        case_drill(quick, 1 if quick else 3)
    if 6 in only:
        case_multivar(quick, 1 if quick else 3)
    if 7 in only:
        case_batch(quick, sub_reps)
    if 8 in only:
        case_simplify_quality(quick)
    if 9 in only:
        case_spec_table(quick, ARGS)
    if 10 in only:
        case_growth(quick)

    print_table()
    print_misses(ARGS.profile)
    print(f"\n(total run {time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
