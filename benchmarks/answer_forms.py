#!/usr/bin/env python
"""Issue 19, item 2: calcdiff's answer forms against the peers' expected answers.

    .venv/bin/python benchmarks/answer_forms.py            # the share, and every longer case
    .venv/bin/python benchmarks/answer_forms.py --all      # every pair

The corpus is ``tests/fixtures/peer_answers.txt``: (expression, expected derivative) pairs
from the peers' own test suites (mathjs, nerdamer, Algebrite, Calculus.jl), written in
calcdiff's input syntax. For each pair it counts operations -- calcdiff's simplifier's count,
in the spirit of SymPy's ``count_ops``, on the tree as written, so the peer's ``2*1*cos(2*x)``
counts what it prints -- of

* calcdiff's primary form (``calcdiff.derive(f, var).result``, the default ``--simplify
  basic``), and
* the shortest of the primary form and its alternate forms (``.alternate_forms``),

and prints the share of pairs where each is longer than the peer's expected answer (the
issue's bar: at most 2% for the primary form). ``tests/test_answer_forms.py`` checks on the
same corpus that every answer equals the peer's (SymPy as the oracle) and pins the share.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from calcdiff import derive  # noqa: E402
from calcdiff.read.parser import parse  # noqa: E402
from calcdiff.read.rule_exprs import builtin_table  # noqa: E402
from calcdiff.simplify.facts import facts_of  # noqa: E402
from calcdiff.simplify.reader import Simplifier  # noqa: E402
from calcdiff.tree.printer import to_plain  # noqa: E402
from tests.fixtures import blocks  # noqa: E402

CORPUS = "peer_answers.txt"


def measure() -> list[dict]:
    """One row per pair: the expression, the peer, calcdiff's forms and their counts."""
    counter = Simplifier(facts_of(builtin_table()))
    rows = []
    for case in blocks(CORPUS):
        var = case.get("wrt") or "x"
        d = derive(case["in"], var)
        peer = parse(case["peer"]).expr
        forms = [d.result] + [f for _, f in d.alternate_forms]
        rows.append({
            "in": case["in"], "wrt": var, "from": case["from"], "peer": case["peer"],
            "peer_ops": counter.ops(peer), "primary": to_plain(d.result),
            "primary_ops": counter.ops(d.result),
            "best_ops": min(counter.ops(f) for f in forms),
            "alternates": [(n, to_plain(f)) for n, f in d.alternate_forms],
        })
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--all", action="store_true", help="print every pair, not only the longer")
    args = ap.parse_args()
    rows = measure()
    longer = [r for r in rows if r["primary_ops"] > r["peer_ops"]]
    best_longer = [r for r in rows if r["best_ops"] > r["peer_ops"]]
    for r in rows if args.all else longer:
        mark = "LONGER" if r in longer else "      "
        print(f"{mark} {r['from']:<11} d/d{r['wrt']} {r['in']}: calcdiff {r['primary']} "
              f"({r['primary_ops']} ops), peer {r['peer']} ({r['peer_ops']} ops)")
        for name, form in r["alternates"]:
            print(f"{'':19}{name}: {form}")
    n = len(rows)
    print(f"\n{n} pairs from {len({r['from'] for r in rows})} peers")
    print(f"primary form longer than the peer's: {len(longer)} of {n} "
          f"({100 * len(longer) / n:.1f}%; the bar is 2%)")
    print(f"shortest of primary and alternates longer: {len(best_longer)} of {n} "
          f"({100 * len(best_longer) / n:.1f}%)")


if __name__ == "__main__":
    main()
