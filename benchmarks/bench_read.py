"""The reading stage alone (issue 16: a faster reader): lexer, resolver, parser, tidying and
the checks every command makes on what it read, as ``calcdiff.commands.request.read`` runs
them.

    .venv/bin/python benchmarks/bench_read.py          # the bench inputs, then growth
    .venv/bin/python benchmarks/bench_read.py --quick  # smaller growth sizes

First the time to read each of the bench's inputs (a dense 500-term polynomial, sin nested
200 and 1,000 deep, the 500-variable gradient's sum, and the 697 drill lines per line), then
how the time grows with the input: sums of 500 to 8,000 terms, nesting 200 to 2,000 deep
(function calls, brackets), products of 250 to 4,000 factors (written with * and written
side by side), each size double the last. The exponent is the least-squares slope of log
time against log characters; ✗ marks one above 1.1. CPU time of the working thread, least
of several runs: it only reports, nothing asserts on time.
"""

from __future__ import annotations

import sys

from bench_growth import LIMIT, best_inside, slope
from bench_inputs import (
    dense_poly_text,
    drill_exercises,
    grad_text,
    parens_text,
    product_text,
    sin_chain_text,
)

from calcdiff.commands.request import read


def sum_of(n: int) -> str:
    return " + ".join(f"{i % 300 + 1}*x**{i % 7}" for i in range(n))


def implicit_product(n: int) -> str:
    return " ".join(f"x^{i % 5 + 1}y" for i in range(n))


#      family, sizes, sizes (--quick), text of size n
FAMILIES = [
    ("sum of n terms", (500, 1000, 2000, 4000, 8000), (250, 500, 1000, 2000), sum_of),
    ("sin nested n deep", (200, 400, 800, 1600, 2000), (100, 200, 400, 800), sin_chain_text),
    ("brackets n deep", (200, 400, 800, 1600, 2000), (100, 200, 400, 800), parens_text),
    ("product of n factors", (250, 500, 1000, 2000, 4000), (125, 250, 500, 1000), product_text),
    ("n implicit factors", (250, 500, 1000, 2000, 4000), (125, 250, 500, 1000),
     implicit_product),
]


def main() -> None:
    quick = "--quick" in sys.argv
    reps = 3 if quick else 7
    print("reading the bench inputs (CPU ms, least of several runs)")
    for name, text, request in [
        ("dense 500-term polynomial", dense_poly_text(500), True),
        ("sin nested 200 deep", sin_chain_text(200), True),
        ("sin nested 1,000 deep", sin_chain_text(1000), True),
        ("gradient's Σ (x_i − i)², 500 variables", grad_text(500), False),
    ]:
        t = best_inside(lambda: read(text, allow_request=request), reps)
        print(f"  {name:42s} {len(text):6d} chars  {t * 1000:8.2f} ms")
    lines = [s for s, _, _ in drill_exercises(697)]
    t = best_inside(lambda: [read(s) for s in lines], reps)
    print(f"  {'697 drill lines, per line':42s} {'':12s}  {t * 1e6 / len(lines):8.1f} µs")

    print(f"\ngrowth of the reading time (exponent in characters; ✗ above {LIMIT})")
    for name, full, small, make in FAMILIES:
        sizes = small if quick else full
        texts = [make(n) for n in sizes]
        times = [best_inside(lambda t=t: read(t, allow_request=False), reps) for t in texts]
        k = slope([len(t) for t in texts], times)
        mark = "✓" if k <= LIMIT else "✗"
        print(f"  {name:24s} n = {sizes[0]:,}…{sizes[-1]:,}: exponent {k:4.2f} {mark}  "
              f"(largest {len(texts[-1]):,} chars in {times[-1] * 1000:.1f} ms)")


if __name__ == "__main__":
    main()
