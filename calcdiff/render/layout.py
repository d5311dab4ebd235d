"""Fitting output to a width: lines wrapped with a hanging indent, tables whose headers stay
whole, matrices too wide for a line shown with named entries. Format-neutral string work; the
text, rich and LaTeX views draw what it decides (README, "Layout: 80 columns").

The rules, in one place:

- A line longer than the width is broken at a space (never inside a token; before an
  operator, so a continuation starts ``+ …``), and its continuation lines start 2 columns
  right of where the line's content starts, after its label (``Notes:``, ``note:``, ``1.2.``,
  ``with``, ``=``, ``d/dx``, or a table's last column after a gap of 2+ spaces).
- A table is printed whole when it fits; otherwise its headers are wrapped inside their
  columns; when the data alone is too wide, its columns come in blocks that each repeat the
  first column; when even that is too wide, each row is printed as a record.
- A matrix is printed whole when its widest row fits; otherwise each entry wider than its
  share of the line, ``(width − frame) // n``, is replaced by its name (``H₁₂``, ``J₂₁``),
  defined below the matrix; if even the names do not fit, the columns come in blocks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

TEXT_WIDTH = 80  # the text format's width (rich uses the terminal's width when it knows it)
HANG = 2  # continuation lines: this many columns right of the line's content
MIN_ROOM = 24  # a continuation never leaves less room than this

_LABEL = re.compile(  # possessive (*+, ++): a line that is no label fails without
    # backtracking into its words (0.77 -> 0.33 us for a long heading; the same matches)
    r" *+(?:"
    r"[A-Za-z][\w′]*+(?: [\w′()]++){0,2}+: +"  # Notes:    / note: / Tangent line: / Check:
    r"|(?:\d+\.)++ "  # 1.2. (a step's number)
    r"|with |= |- "  # bindings, a step's result, a bullet
    r"|[d∂]/[d∂][^\s\[]*+ "  # d/dx [ … ]
    r")")
_GAP = re.compile(r"\S( {2,})(?=\S)")
_OPERATORS = ("+", "-", "−", "=", "·", "→", "≈", "*", "/", ">", "<", "←")


def hang_of(line: str, width: int = TEXT_WIDTH) -> int:
    """The column a wrapped line's continuation starts at (see the module's rules)."""
    return _hang(line, width, _LABEL.match(line), len(line) - len(line.lstrip(" ")))


def _hang(line: str, width: int, label, indent: int) -> int:
    """:func:`hang_of`, given the line's label match (:data:`_LABEL`, or None) and its
    indent."""
    content = indent
    if label and label.end() > indent:
        content = label.end()
    last = width - MIN_ROOM - HANG  # the last column an aligned column may start at
    if line.find("  ", content, last) != -1:  # (most lines have no gap: no look for one)
        # an aligned column: the table's last one (its text starts at or before ``last``)
        for gap in _GAP.finditer(line, content, last + 1):
            content = gap.end(1)
    hang = content + HANG
    if hang > width - MIN_ROOM:
        hang = min(indent + HANG, max(width - MIN_ROOM, 0))
    return hang


def _break_at(line: str, lo: int, hi: int) -> int:
    """Where to break ``line`` so that its part before the break ends at or before ``hi``: a
    space in ``(lo, hi]`` that leaves no operator at the end of the part; else just after a
    ``, · * / (`` (not inside ``**``); -1 if none. Looks only inside the window (linear)."""
    i = line.rfind(" ", lo, hi + 1)
    while i > lo:
        j = i - 1
        while j > lo and line[j] == " ":
            j -= 1
        if line[j] != " " and not line.startswith(_OPERATORS, j):
            return i
        i = line.rfind(" ", lo, j)
    for mark in (",", "·", "*", "/", "("):
        j = line.rfind(mark, lo, hi)
        while j > lo and mark == "*" and (line[j - 1] == "*" or line[j + 1:j + 2] == "*"):
            j = line.rfind(mark, lo, j - 1)
        if j > lo:
            return j + 1
    return -1


def wrap(line: str, width: int = TEXT_WIDTH, hang: int | None = None) -> list[str]:
    """``line`` as lines of at most ``width`` characters, continuations indented ``hang``
    (by default :func:`hang_of` the line). Linear in the line's length."""
    n = len(line)
    if n <= width:
        return [line]
    label = _LABEL.match(line)
    indent = n - len(line.lstrip(" "))
    hang = (_hang(line, width, label, indent) if hang is None
            else min(hang, max(width - MIN_ROOM, 0)))
    first_lo = label.end() if label else indent
    first_lo = max(first_lo, hang - 1)  # the first line keeps what stands left of the hang
    cut = _break_at(line, first_lo, width)  # the first line: no prefix
    if cut <= 0:
        cut = max(width, 1)
    out = [line[:cut].rstrip(" ")]
    pad = " " * hang
    room = width - hang
    pos = cut
    while True:
        while pos < n and line[pos] == " ":
            pos += 1
        if n - pos <= room:
            out.append(pad + line[pos:])
            return out
        cut = _break_at(line, pos, pos + room)
        if cut <= pos:
            cut = pos + max(room, 1)
        out.append(pad + line[pos:cut].rstrip(" "))
        pos = cut


WRAP_MAX = 20_000  # a longer line (a machine-sized answer) is printed whole, for a program


def fit_text(text: str, width: int = TEXT_WIDTH) -> str:
    """Every line of ``text`` wrapped to ``width`` (lines that fit are left as they are, and
    lines past :data:`WRAP_MAX` characters too: no one reads 250 screens of one answer, and
    wrapping it cost more than computing it)."""
    lines = text.split("\n")
    if max(map(len, lines)) <= width:
        return text
    return "\n".join(_fitted(lines, width))


def fit_lines(lines: list[str], width: int = TEXT_WIDTH) -> str:
    """:func:`fit_text` of the text these lines make, joined once (a view that returns its
    lines: a 2.5 MB answer is not split again and joined twice). A line may hold line breaks
    (an input echoed as typed): then the text is split at them, as :func:`fit_text` does."""
    if any("\n" in line for line in lines):
        lines = "\n".join(lines).split("\n")
    if max(map(len, lines), default=0) <= width:
        return "\n".join(lines)
    return "\n".join(_fitted(lines, width))


def _fitted(lines: list[str], width: int) -> list[str]:
    out: list[str] = []
    for line in lines:
        if len(line) <= width or len(line) > WRAP_MAX:
            out.append(line)
        else:
            out.extend(wrap(line, width))
    return out


# ---------------------------------------------------------------------------------------------
# tables


def table_lines(rows: list[tuple[str, ...]], width: int = TEXT_WIDTH, indent: str = "  ",
                gap: str = "   ") -> list[str]:
    """``rows`` (the first is the header) as aligned columns within ``width``: whole when they
    fit; with each header cell wrapped inside its column when only the headers are too wide;
    when the data alone is too wide, in blocks of columns, each repeating the first column
    (the key); as one record per row (``header  value`` lines) when even a block is too
    wide."""
    head, data = rows[0], rows[1:]
    n = len(head)

    def line(cells, widths):
        return (indent + gap.join(c.ljust(w) for c, w in zip(cells, widths))).rstrip()

    def total(widths):
        return len(indent) + sum(widths) + len(gap) * (n - 1)

    widths = [max(len(r[i]) for r in rows) for i in range(n)]
    if total(widths) <= width:
        return [line(r, widths) for r in rows]
    data_widths = [max([len(r[i]) for r in data] + [_longest_word(head[i])]) for i in range(n)]
    if total(data_widths) <= width:
        spare = width - total(data_widths)
        for i in reversed(range(n)):  # room left over goes to the headers that want it
            more = min(max(len(head[i]) - data_widths[i], 0), spare)
            data_widths[i] += more
            spare -= more
        heads = [_words_in(head[i], data_widths[i]) for i in range(n)]
        depth = max(len(h) for h in heads)
        out = [line([h[k] if k < len(h) else "" for h in heads], data_widths)
               for k in range(depth)]
        return out + [line(r, data_widths) for r in data]
    blocks: list[list[int]] = [[0]]
    for i in range(1, n):  # the columns in blocks, each repeating the first (the key)
        if len(blocks[-1]) > 1 and total([data_widths[k] for k in blocks[-1] + [i]]) > width:
            blocks.append([0])
        blocks[-1].append(i)
    if n > 2 and all(total([data_widths[k] for k in b]) <= width for b in blocks):
        out: list[str] = []
        for b in blocks:
            out += ([""] if out else []) + table_lines(
                [tuple(r[k] for k in b) for r in rows], width, indent, gap)
        return out
    label = max(len(h) for h in head[1:])
    out = []
    for r in data:
        out.append(f"{indent}{head[0]} = {r[0]}")
        for h, c in zip(head[1:], r[1:]):
            out += wrap(f"{indent}  {h.ljust(label)}  {c}", width, len(indent) + label + 4)
    return out


def _longest_word(s: str) -> int:
    return max((len(w) for w in s.split()), default=0)


def _words_in(s: str, width: int) -> list[str]:
    """``s`` wrapped at spaces into lines of at most ``width`` (a longer word stays whole)."""
    lines: list[str] = []
    for word in s.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


# ---------------------------------------------------------------------------------------------
# matrices

_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def entry_name(letter: str, i: int, j: int, n: int) -> str:
    """``H₁₂`` for row 1, column 2 (1-based); ``H₁,₁₂`` when an index has two digits."""
    sep = "," if n > 9 else ""
    return f"{letter}{str(i).translate(_SUB)}{sep}{str(j).translate(_SUB)}"


@dataclass
class MatrixPlan:
    """How to show a matrix: ``shown[i][j]`` is the entry or its name; ``definitions`` lists
    (names, entry) once per distinct named entry, in reading order; ``blocks`` are the
    column ranges printed one after another (one block when the matrix fits)."""

    shown: list[list[str]]
    definitions: list[tuple[list[str], str]] = field(default_factory=list)
    blocks: list[range] = field(default_factory=list)


def plan_matrix(cells: list[list[str]], names: list[list[str]], width: int,
                measure: Callable[[list[list[str]]], int],
                cell_width: Callable[[str], int] = len) -> MatrixPlan:
    """Decide how ``cells`` fit in ``width`` (``measure`` gives the printed width of a
    matrix of strings; see the module's rules)."""
    rows, cols = len(cells), len(cells[0]) if cells else 0
    if not cols or measure(cells) <= width:
        return MatrixPlan([list(r) for r in cells], [], [range(cols)])
    share = (width - measure([[""] * cols])) // cols

    def named_where(too_wide: Callable[[int, int], bool]) -> MatrixPlan:
        shown = [[names[i][j] if too_wide(i, j) else cells[i][j] for j in range(cols)]
                 for i in range(rows)]
        definitions: list[tuple[list[str], str]] = []
        where: dict[str, list[str]] = {}
        for i in range(rows):
            for j in range(cols):
                if too_wide(i, j):
                    text = cells[i][j]
                    if text in where:
                        where[text].append(names[i][j])
                    else:
                        where[text] = [names[i][j]]
                        definitions.append((where[text], text))
        return MatrixPlan(shown, definitions, [range(cols)])

    plan = named_where(lambda i, j: cell_width(cells[i][j]) > share)
    if measure(plan.shown) <= width:
        return plan
    plan = named_where(lambda i, j: cell_width(cells[i][j]) > cell_width(names[i][j]))
    blocks: list[range] = []
    start = 0
    for j in range(1, cols + 1):
        if j == cols or measure([r[start:j + 1] for r in plan.shown]) > width:
            blocks.append(range(start, j))
            start = j
    plan.blocks = blocks
    return plan
