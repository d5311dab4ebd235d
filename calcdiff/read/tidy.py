"""The notes of a parse: an implicit product's note, a power's superscript lost in copying
(``x3`` beside ``x``), and what a parse leaves tidied before it becomes a Reading (its notes
merged to one per interpretation and deduplicated)."""

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
    kinds = {n.kind for n in notes}  # one pass: most readings have none of the kinds below
    if "split-name" not in kinds:
        if "exponent-scope" not in kinds and "function-application" not in kinds:
            return notes
    applied_at = {n.start for n in notes if n.kind == "function-application"} \
        if "function-application" in kinds else None
    if applied_at:  # log_2 x read as log(x, 2) says what "log_2 read as log(..., 2)" says
        notes = [n for n in notes if not (n.kind == "log-base" and n.start in applied_at)]
    scoped = {(n.start, n.end) for n in notes if n.kind == "exponent-scope"} \
        if "exponent-scope" in kinds else None
    if scoped:  # e^2x, e^xy: the exponent-scope note already says it is a product
        notes = [n for n in notes if not (
            (n.kind == "implicit-multiplication" and (n.start, n.end) in scoped)
            or (n.kind == "split-name" and any(a <= n.start and n.end <= b
                                                for a, b in scoped)))]
    splits = [n for n in notes if n.kind == "split-name"]
    if not splits:
        return notes
    by_span = None  # span -> the first node marked with it, made when first needed
    drop = set()
    applied = [n for n in notes if n.kind in _APPLIED] if not kinds.isdisjoint(_APPLIED) else []
    for sp in splits if applied else ():
        for n in applied:
            if n.start < sp.end and sp.start < n.end:
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
                for m in applied:  # xsinxcosx read as x*sin(x)*cos(x): cosx is said too
                    if (m.kind == "function-application" and start <= m.start
                            and m.end <= end):
                        drop.add(id(m))
                break
    # where a function applied without brackets starts, and how far it reaches (sinx)
    reach = {n.start: n.end for n in applied if id(n) not in drop}
    _fold_into_products(notes, [sp for sp in splits
                                if id(sp) not in drop and sp.kind == "split-name"],
                        drop, reach)
    for sp in splits:  # e^xcosx: "xcosx split into x*cosx", beside "cosx read as cos(x)"
        if id(sp) not in drop and sp.kind == "split-name" and reach:
            cuts = _product_cuts(sp, reach)
            if not cuts:
                drop.add(id(sp))
            elif len(cuts) < len(sp.joins):
                written, at, pieces = text[sp.start:sp.end], sp.start, []
                for left, right in cuts:
                    pieces += [text[at:left], "*"]
                    at = right
                pieces.append(text[at:sp.end])
                sp._message = f"{written} split into {''.join(pieces)}"
    return [n for n in notes if id(n) not in drop]


def _product_cuts(sp: Note, reach: dict) -> list:
    """The places a split name ``sp`` was cut that are products: not those between a
    function applied without brackets and its argument (``reach``: where each such
    application starts -> where it ends)."""
    cuts, before = [], sp.start
    for join in sp.joins:
        if reach.get(before, -1) <= join[0]:
            cuts.append(join)
        before = join[1]
    return cuts


def _fold_into_products(notes: list[Note], splits: list[Note], drop: set,
                        reach: dict) -> None:
    """2xy: "implicit multiplication: 2xy read as 2*x*y", not also "xy split into x*y": each
    split inside an implicit product is said by the innermost such product's note (in
    ``2x(3yz)``, that of ``3yz``), its pieces joined where the split cut the name -- except
    between a function and its argument (``2xsinx`` read as ``2*x*sinx``, beside "sinx read
    as sin(x)"; ``reach``: where each function applied without brackets starts -> where its
    application ends). One sweep over both, in the order of the text (products nest, as
    brackets do)."""
    products = sorted((n for n in notes if n.kind == "implicit-multiplication"),
                      key=lambda n: (n.start, -n.end))
    if not products:
        return
    open_: list[Note] = []  # the products around the current place, innermost last
    k = 0
    for sp in sorted(splits, key=lambda n: n.start):
        while k < len(products) and products[k].start <= sp.start:
            while open_ and open_[-1].end <= products[k].start:
                open_.pop()
            open_.append(products[k])
            k += 1
        while open_ and open_[-1].end < sp.end:
            open_.pop()
        if open_:
            product = open_[-1]
            product.joins = sorted(set(product.joins) | set(_product_cuts(sp, reach)))
            drop.add(id(sp))


AFTER_A_FRACTION = " (a product after a fraction: (a/b)·x, not a/(b·x))"  # in its note


def implicit_note(text: str, start: int, end: int, joins, divided: bool = False) -> Note:
    """The note of an implicit product, in the user's own notation: the text as written,
    then with a ``*`` at each place a product was read (``3x^2`` read as ``3*x^2``); ``joins``
    holds (end of one factor, start of the next) of each implicit product (a split name's
    pieces join it later: :func:`merge_splits`); ``divided``: one follows a division
    (``1/2x``, ``ω/2π``, ``1/xy``), which the note says is (a/b)·c."""
    def message():
        written = text[start:end].strip()
        pieces, at = [], start
        for left, right in note.joins:
            pieces.append(text[at:left])
            pieces.append("*")
            at = right
        pieces.append(text[at:end])
        m = f"implicit multiplication: {written} read as {''.join(pieces).strip()}"
        if divided:
            m += AFTER_A_FRACTION
        return m

    note = Note("implicit-multiplication", message, start, end, list(joins))
    return note


def dedupe(notes: list[Note]) -> list[Note]:
    seen = set()
    out = []
    for n in notes:
        key = (n.kind, n._message if not callable(n._message) else (n.start, n.end))
        if key not in seen:
            seen.add(key)
            out.append(n)
    return out


_DIGITS_DOWN = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def lost_power_notes(names, letters, text: str) -> list[Note]:
    """``x3`` where x is a variable too (``f(x) = x3 - 2x``, ``x3 + x``), or the only
    variable (``e^x2``): most likely x³
    with its superscript lost in copying. It stays the variable x₃ (as ``x1 + x2`` in a
    model's features), with a note saying so and how to write the power. ``names``: the
    expression's variables; ``letters``: the names a lone letter must be among (the
    variables, and a definition's arguments)."""
    numbered = sorted(n for n in names if len(n) > 1 and n[0].isalpha() and n[1:].isdigit())
    letters_numbered = [n[0] for n in numbered]
    notes = []
    for name in numbered:
        # not x0, x1 (a centre, a root: nobody loses the superscript of x⁰ or x¹), nor one of
        # a family with x0 or x1 (x2 beside x1: subscripts)
        # (x itself a variable too, or x3 the only one: e^x2 pasted from e^{x²})
        # (5x4 - 3x2 + 7: x4 and x2 alone, each after its number; x2*x3 and r2 r3 stay)
        family = letters_numbered.count(name[0])
        alone = len(names) == family and all(
            re.search(rf"[0-9]{n}(?![0-9])", text) for n in numbered if n[0] == name[0])
        if (name[0] not in letters and len(names) > 1 and not alone) or name[1:] in ("0", "1") \
                or (family > 1 and any(n[0] == name[0] and n[1:] in ("0", "1")
                                       for n in numbered)):
            continue
        typed = re.search(rf"(?<![A-Za-z_]){name}(?![0-9]|\s*\^)", text)  # 3x2; (x2^2: a power)
        power = None if typed or name[0] not in letters else re.search(
            rf"(?<![A-Za-z_]){name}(?=\s*\^\s*\(?\s*[A-Za-z])", text)  # x2^x: x·2^x, likely
        if power is not None:
            notes.append(Note("lost-power", f"{name} read as the variable "
                              f"{name[0]}{name[1:].translate(_DIGITS_DOWN)}, raised to a "
                              f"power; for {name[0]} times {name[1:]}^… write {name[0]} "
                              f"{name[1:]}^…", power.start(), power.end()))
        if typed is None:  # x_3, x₃: a subscript written as one
            continue
        notes.append(Note("lost-power", f"{name} read as the variable "
                          f"{name[0]}{name[1:].translate(_DIGITS_DOWN)} (a subscript); for a "
                          f"power write {name[0]}^{name[1:]}", typed.start(), typed.end()))
    return notes
