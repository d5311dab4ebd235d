"""The notes of a parse: an implicit product's note, and what a parse leaves tidied before it
becomes a Reading (its notes merged to one per interpretation and deduplicated)."""

from __future__ import annotations

import re

from calcdiff.read.reading import Note
from calcdiff.tree.printer import to_plain

_APPLIED = ("function-application", "function-power", "inverse-notation")


def merge_splits(notes: list[Note], text: str, marked: list, spans: dict) -> list[Note]:
    """One note per interpretation: a run of letters split into pieces one of which is a
    function applied without brackets (``sinx``, ``xsinx``, ``sinx^2``) was noted twice -- split
    into ``sin*x``, then read as ``sin(x)`` -- which contradict each other. The two become one
    note over both spans: ``xsinx read as x*sin(x)``. A split inside an implicit product is
    said by the product's note (``2xy read as 2*x*y``), and a product the exponent-scope note
    explains (``e^2x``) gets no second note."""
    scoped = {(n.start, n.end) for n in notes if n.kind == "exponent-scope"}
    if scoped:  # e^2x: the exponent-scope note already says it is a product
        notes = [n for n in notes if not (n.kind == "implicit-multiplication"
                                          and (n.start, n.end) in scoped)]
    splits = [n for n in notes if n.kind == "split-name"]
    if not splits:
        return notes
    by_span = None  # span -> the first node marked with it, made when first needed
    drop = set()
    for sp in splits:
        for n in notes:
            if n.kind in _APPLIED and n.start < sp.end and sp.start < n.end:
                start, end = min(sp.start, n.start), max(sp.end, n.end)
                if by_span is None:
                    by_span = {}
                    for node in marked:
                        by_span.setdefault(spans.get(id(node)), node)
                node = by_span.get((start, end))
                if node is None:
                    continue
                written = text[start:end].strip()
                tail = ""
                if n.kind != "function-application":  # the inverse / power remark stays
                    tail = n.message.partition(", ")[2]
                message = f"{written} read as {to_plain(node)}" + (f", {tail}" if tail else "")
                sp.kind, sp._message, sp.start, sp.end = n.kind, message, start, end
                drop.add(id(n))
                break
    for sp in splits:
        if id(sp) in drop or sp.kind != "split-name":
            continue
        for n in notes:
            # 2xy: "implicit multiplication: 2xy read as 2*x*y", not also "xy split into x*y"
            if n.kind == "implicit-multiplication" and n.start <= sp.start and sp.end <= n.end:
                written, _, product = n.message.partition(" read as ")
                piece = text[sp.start:sp.end].strip()
                shown = sp.message.rpartition(" split into ")[2]
                if piece in product:
                    n._message = f"{written} read as {product.replace(piece, shown, 1)}"
                    drop.add(id(sp))
                elif shown in product:  # 1/xy: the product after a fraction already shows it
                    drop.add(id(sp))
                break
    return [n for n in notes if id(n) not in drop]


def implicit_note(text: str, start: int, end: int, joins, divided: bool = False) -> Note:
    """The note of an implicit product, in the user's own notation: the text as written,
    then with a ``*`` at each place a product was read (``3x^2`` read as ``3*x^2``); ``joins``
    holds (end of one factor, start of the next) of each implicit product; ``divided``: one
    follows a division (``1/2x``, ``ω/2π``, ``1/xy``), which the note says is (a/b)·c."""
    written = text[start:end].strip()

    def message():
        pieces, at = [], start
        for left, right in joins:
            pieces.append(text[at:left])
            pieces.append("*")
            at = right
        pieces.append(text[at:end])
        m = f"implicit multiplication: {written} read as {''.join(pieces).strip()}"
        if divided:
            m += " (a product after a fraction: (a/b)·x, not a/(b·x))"
        return m

    return Note("implicit-multiplication", message, start, end)


def dedupe(notes: list[Note]) -> list[Note]:
    seen = set()
    out = []
    for n in notes:
        key = (n.kind, n._message if not callable(n._message) else (n.start, n.end))
        if key not in seen:
            seen.add(key)
            out.append(n)
    return out
