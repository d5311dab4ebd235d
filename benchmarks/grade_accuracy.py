#!/usr/bin/env python
"""Issue 21, item 5: how often ``calcdiff grade`` names the right mistake, and whether it ever
marks a correct answer wrong.

    .venv/bin/python benchmarks/grade_accuracy.py              # ~600 wrong + ~600 correct
    .venv/bin/python benchmarks/grade_accuracy.py -n 120       # fewer expressions (quicker)
    .venv/bin/python benchmarks/grade_accuracy.py --show 20    # print 20 misnamed cases

Wrong answers: varied expressions are generated (polynomials, products, quotients, chains
of sin/cos/tan/sec/exp/ln/sqrt, aˣ, log_b, x^x, and a few of two variables). For each, every
mistake of the catalogue (``calcdiff/deriving/mistakes.py``) is applied at every step where
it applies; the derivative with that one mistake, simplified and printed as plain text, is
the student's answer (cases where the mistake does not change the function are dropped). At
most ``--per-mistake`` triples per mistake are kept, chosen at random, so that no single
mistake dominates. Each answer is graded from its text like a user's; the mistake counts as
*named* when the grade's mistake is the one that made the answer. Since several mistakes can
give exactly the same function (``sin(3x)`` → ``cos(3x)``: the chain rule's inner
derivative left out, or the constant 3 of the inner ``3x`` dropped), the script also reports
how often the generating mistake is named or listed among the equally good alternatives.

Correct answers in other forms: the same derivatives written by SymPy (used here only to
*write* test answers; calcdiff reads them with its own parser) as ``expand``, ``factor``,
``together``, ``cancel``, ``expand_trig``, ``trigsimp``, sin/cos rewritten through tan,
``expand_log``, and the rules' unsimplified output; and, for logarithms of products,
quotients and powers and for trigonometric expressions, the derivative of the expression
rewritten first by a log rule (``expand_log``) or a trig identity (``fu``, ``rewrite(cos)``,
``expand_trig``). Every one must be graded correct.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sympy  # noqa: E402  (the benchmark writes correct answers with SymPy)

from calcdiff.commands.differentiate import derive  # noqa: E402
from calcdiff.commands.equivalence import sample  # noqa: E402
from calcdiff.commands.grade import grade  # noqa: E402
from calcdiff.deriving.mistakes import candidates, misapplied  # noqa: E402
from calcdiff.read.parser import parse  # noqa: E402
from calcdiff.simplify import simplify  # noqa: E402
from calcdiff.sympy_bridge import to_sympy  # noqa: E402
from calcdiff.tree.printer import to_plain  # noqa: E402

# ---------------------------------------------------------------------------------------------
# expressions


def _poly(rng) -> str:
    terms = []
    for _ in range(rng.randint(1, 3)):
        c, n = rng.randint(1, 7), rng.randint(1, 5)
        terms.append(f"{c}*x^{n}" if n > 1 else f"{c}*x")
    if rng.random() < 0.5:
        terms.append(str(rng.randint(1, 9)))
    return " + ".join(terms) if rng.random() < 0.6 else " - ".join(terms)


def _inner(rng) -> str:
    return rng.choice([f"{rng.randint(2, 6)}*x", f"x^{rng.randint(2, 4)}",
                       f"{rng.randint(2, 5)}*x + {rng.randint(1, 5)}", f"x^2 + {rng.randint(1, 4)}",
                       "x"])


def _positive(rng) -> str:
    return rng.choice([f"x^2 + {rng.randint(1, 5)}", f"{rng.randint(2, 4)}*x^2 + 1",
                       f"x^4 + {rng.randint(1, 3)}", "x"])


def _atom(rng) -> str:
    k = rng.randrange(14)
    u = _inner(rng)
    if k == 0:
        return f"({_poly(rng)})"
    if k == 1:
        return f"sin({u})"
    if k == 2:
        return f"cos({u})"
    if k == 3:
        return f"tan({u})"
    if k == 4:
        return f"exp({u})"
    if k == 5:
        return f"ln({_positive(rng)})"
    if k == 6:
        return f"sqrt({_positive(rng)})"
    if k == 7:
        return f"({_poly(rng)})^{rng.randint(2, 5)}"
    if k == 8:
        return f"{rng.randint(2, 5)}^({u})"
    if k == 9:
        return f"sec({u})"
    if k == 10:
        return f"log({_positive(rng)}, {rng.choice([2, 3, 10])})"
    if k == 11:
        return f"x^{rng.randint(2, 6)}"
    if k == 12:
        return f"sin({u})^{rng.randint(2, 3)}"
    return f"{rng.randint(2, 9)}*{rng.choice(['sin', 'cos', 'exp'])}({u})"


def expression(rng) -> str:
    k = rng.randrange(8)
    a, b = _atom(rng), _atom(rng)
    if k == 0:
        return a
    if k in (1, 2):
        return f"{a}*{b}"
    if k == 3:
        return f"{a}/({b})"
    if k == 4:
        return f"{a} - {b}"
    if k == 5:
        return f"{a} + {_poly(rng)}"
    if k == 6:
        return rng.choice(["x^x", "x^(2*x)", "x^sin(x)", f"(x^2 + 1)^x"])
    return f"{rng.randint(2, 7)}*{a}"


def expression_2(rng) -> tuple[str, str]:
    """An expression in x and y, and the variable to differentiate by."""
    a = rng.choice(["x^2*y", "x*y^3", "x^2*y + y^2", "sin(x*y)", "exp(x*y)", "x^3*y^2 - x*y",
                    "x/y", "ln(x^2 + y^2)", "x^2*sin(y)", "y*exp(x)"])
    return a, rng.choice(["x", "y"])


# ---------------------------------------------------------------------------------------------
# wrong answers


def wrong_answers(rng, n: int) -> list[tuple[str, str, str, str]]:
    """(expression, wrt, answer text, mistake id)."""
    out = []
    for i in range(n):
        if i % 8 == 7:
            text, var = expression_2(rng)
        else:
            text, var = expression(rng), "x"
        try:
            d = derive(text, var)
        except Exception:  # noqa: BLE001 - a generated expression calcdiff refuses: skip it
            continue
        root = d.parts[0].step
        f = d.expr
        pts = sample(f, d.result, sorted(f.free | {var}))
        if len(pts.envs) < 4:
            continue
        for c in candidates(root, None):
            try:
                r = simplify(misapplied(root, c))
            except Exception:  # noqa: BLE001
                continue
            if pts.matches(r, pts.reference):
                continue  # the mistake changes nothing here
            out.append((text, var, to_plain(r), c.mistake.id))
        if f.free == {"x", "y"}:
            other = "y" if var == "x" else "x"
            out.append((text, var, to_plain(derive(text, other).result), "wrong-variable"))
    return out


# ---------------------------------------------------------------------------------------------
# correct answers in other forms


def _forms(d) -> list[str]:
    s = to_sympy(d.result)
    x = sympy.Symbol("x")
    forms = {}
    makers = {
        "expand": lambda e: sympy.expand(e),
        "factor": lambda e: sympy.factor(e),
        "together": lambda e: sympy.together(e),
        "cancel": lambda e: sympy.cancel(e),
        "expand_trig": lambda e: sympy.expand_trig(e),
        "trigsimp": lambda e: sympy.trigsimp(e),
        "tan": lambda e: e.rewrite(sympy.tan),
        "expand_log": lambda e: sympy.expand_log(e, force=True),
        "expand_power": lambda e: sympy.expand_power_exp(sympy.expand_power_base(e, force=True)),
    }
    for name, make in makers.items():
        try:
            g = make(s)
        except Exception:  # noqa: BLE001
            continue
        text = str(g)
        if g.has(sympy.I) or "zoo" in text or "nan" in text or len(text) > 400:
            continue
        forms.setdefault(text, name)
    del x
    forms.setdefault(to_plain(d.parts[0].step.raw), "unsimplified")
    return [(t, k) for t, k in forms.items() if t != to_plain(d.result)]


def _log_expression(rng) -> str:
    a, b = _positive(rng), _positive(rng)
    return rng.choice([f"ln(({a})*({b}))", f"ln(({a})/({b}))", f"ln(({a})^{rng.randint(2, 5)})",
                       f"ln(x^{rng.randint(2, 4)}*exp({_inner(rng)}))",
                       f"ln(sqrt({a}))", f"ln(({a})*({b})^{rng.randint(2, 3)})"])


def _trig_expression(rng) -> str:
    u = _inner(rng)
    return rng.choice([f"sin({u})^2", f"cos({u})^2", f"sin({u})*cos({u})", f"tan({u})",
                       f"cos({u})^2 - sin({u})^2", f"sin(2*({u}))", f"sec({u})^2",
                       f"sin({u})^2*cos({u})^2"])


def _rewritten(text: str) -> list[tuple[str, str]]:
    """The derivative as a student would get it from the expression rewritten by a log rule
    or a trig identity first (SymPy writes it; calcdiff reads it)."""
    f = to_sympy(parse(text).expr)
    x = sympy.Symbol("x")
    out = []
    for name, g in (("log rules", sympy.expand_log(f, force=True)),
                    ("trig identity", sympy.fu(f)),
                    ("trig identity", f.rewrite(sympy.cos)),
                    ("trig identity", sympy.expand_trig(f))):
        if g == f:
            continue
        text_d = str(sympy.diff(g, x))
        if not g.has(sympy.I) and "zoo" not in text_d and len(text_d) <= 400:
            out.append((text_d, name))
    return out


def correct_answers(rng, n: int) -> list[tuple[str, str, str, str]]:
    """(expression, wrt, answer text, form)."""
    out = []
    for i in range(n):
        text = (_log_expression(rng) if i % 4 == 1 else _trig_expression(rng) if i % 4 == 2
                else expression(rng))
        try:
            d = derive(text, "x")
        except Exception:  # noqa: BLE001
            continue
        for answer, form in _forms(d):
            out.append((text, "x", answer, form))
        try:
            rewritten = _rewritten(text) if i % 4 in (1, 2) else []
        except Exception:  # noqa: BLE001 - SymPy could not rewrite it: no such answer
            rewritten = []
        for answer, form in dict(rewritten).items():
            out.append((text, "x", answer, form))
    return out


# ---------------------------------------------------------------------------------------------


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=260, help="expressions per corpus")
    ap.add_argument("--per-mistake", type=int, default=45)
    ap.add_argument("--seed", type=int, default=21)
    ap.add_argument("--show", type=int, default=0, help="print this many misnamed cases")
    args = ap.parse_args()
    rng = random.Random(args.seed)

    t0 = time.perf_counter()
    triples = wrong_answers(rng, args.n)
    by = defaultdict(list)
    for t in triples:
        by[t[3]].append(t)
    chosen = []
    for mid, items in sorted(by.items()):
        rng.shuffle(items)
        chosen += items[: args.per_mistake]
    print(f"wrong answers: {len(chosen)} triples over {len(by)} mistakes "
          f"(from {len(triples)} generated)", file=sys.stderr)

    named, listed, unexplained, errors = Counter(), Counter(), Counter(), []
    misnamed = []
    total = Counter()
    marked_correct = 0
    for text, var, answer, mid in chosen:
        total[mid] += 1
        try:
            g = grade(text, answer, var if len(parse(text).expr.free) > 1 else None)
        except Exception as exc:  # noqa: BLE001
            errors.append((text, answer, mid, exc))
            continue
        if g.correct:
            marked_correct += 1
            continue
        d = g.diagnosis
        if d is None:
            unexplained[mid] += 1
            misnamed.append((text, answer, mid, None))
            continue
        if d.mistake == mid:
            named[mid] += 1
            listed[mid] += 1
        else:
            misnamed.append((text, answer, mid, d.mistake))
            if mid in {a[0] for a in d.also}:
                listed[mid] += 1
    t1 = time.perf_counter()

    corpus = correct_answers(random.Random(args.seed + 1), args.n * 2 // 3)
    false_wrong = []
    forms = Counter()
    for text, var, answer, form in corpus:
        forms[form] += 1
        try:
            g = grade(text, answer, var)
        except Exception as exc:  # noqa: BLE001
            false_wrong.append((text, answer, form, f"error: {exc}"))
            continue
        if not g.correct:
            false_wrong.append((text, answer, form, g.mistake or g.note))
    t2 = time.perf_counter()

    n = len(chosen)
    print(f"\nWrong answers: {n} (expression, wrong answer, mistake) triples, "
          f"{len(total)} mistakes, graded in {t1 - t0:.0f} s")
    print(f"  right mistake named:                       {sum(named.values())}/{n} = "
          f"{100 * sum(named.values()) / n:.1f}%")
    print(f"  right mistake named or listed as equal:    {sum(listed.values())}/{n} = "
          f"{100 * sum(listed.values()) / n:.1f}%")
    print(f"  no single mistake found:                   {sum(unexplained.values())}")
    print(f"  marked correct (mistake invisible):        {marked_correct}")
    print(f"  errors:                                    {len(errors)}")
    print("  per mistake (named / listed / total):")
    for mid in sorted(total):
        print(f"    {mid:34} {named[mid]:3} / {listed[mid]:3} / {total[mid]:3}")
    print(f"\nCorrect answers in other forms: {len(corpus)}, graded in {t2 - t1:.0f} s")
    print("  forms: " + ", ".join(f"{k} {v}" for k, v in sorted(forms.items())))
    print(f"  marked wrong (false-wrong):                {len(false_wrong)}")
    for fw in false_wrong[:20]:
        print("    ", fw)
    for e in errors[:10]:
        print("  error:", e)
    for case in misnamed[: args.show]:
        print("  misnamed:", case)


if __name__ == "__main__":
    main()
