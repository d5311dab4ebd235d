"""Rewrites of a sum, before its form is decided (:meth:`calcdiff.simplify.poly.Algebra.finalize`)."""

from __future__ import annotations

from calcdiff.simplify.form import F0, Term
from calcdiff.simplify.rewrites.base import sum_rewrite
from calcdiff.tree.nodes import Call


@sum_rewrite
def pythagorean_sum(s, P: dict) -> dict:
    """``a*sin(u)**2 + a*cos(u)**2`` -> ``a``, by the table's Pythagorean identities."""
    # (and cosh/sinh, sec/tan, csc/cot), only when both functions are already there
    pythagoras = s.facts.pythagoras
    P = dict(P)
    changed = True
    while changed:
        changed = False
        for m in list(P):
            if m not in P:
                continue
            c = P[m]
            for b, e in m:
                if type(b) is not Call or b.func not in pythagoras or e < 2:
                    continue
                g, sign = pythagoras[b.func]
                gb = s.interned.get(Call(g, b.args))
                if gb is None:
                    continue
                d = dict(m)
                if e == 2:
                    del d[b]
                else:
                    d[b] = e - 2
                rest = frozenset(d.items())
                d[gb] = d.get(gb, F0) + 2
                partner = frozenset(d.items())
                if P.get(partner) != sign * c:
                    continue
                del P[m], P[partner]
                t = Term(s, c)
                t.mono(rest)
                for mm, v in t.finish().items():
                    nv = P.get(mm, F0) + v
                    if nv:
                        P[mm] = nv
                    else:
                        P.pop(mm, None)
                changed = True
                break
    return P
