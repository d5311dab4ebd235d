"""Training data for ``descend --data``: a CSV file whose first line names the columns and
whose other lines hold one sample each. Every cell must be a plain number (read with
``float``, never evaluated); blank lines and lines starting with ``#`` are skipped."""

from __future__ import annotations

import csv
import io
import math
import re

from calcdiff.errors import UsageError
from calcdiff.results_learn import DataSet

MAX_SAMPLES = 100_000
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


def read_data(path: str) -> DataSet:
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            text = fh.read(64 * 1024 * 1024 + 1)
    except OSError as exc:
        raise UsageError(f"--data {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise UsageError(f"--data {path}: not a UTF-8 text file") from None
    if "\0" in text:  # /dev/zero, a binary file that happens to decode
        raise UsageError(f"--data {path}: not a text file (it holds NUL bytes)")
    return parse_data(text, path)


def parse_data(text: str, path: str = "<data>") -> DataSet:
    if text.startswith("\ufeff"):  # the byte-order mark of a spreadsheet's "CSV UTF-8"
        text = text[1:]
    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1)
             if line.strip() and not line.lstrip().startswith("#")]
    if not lines:
        raise UsageError(f"--data {path}: the file is empty; its first line must name the "
                         "columns, for example x,y")
    n0, header_line = lines[0]
    header = [h.strip() for h in _cells(header_line, path, n0)]
    for i, h in enumerate(header):
        if not _NAME.match(h):
            start = header_line.find(h) if h else 0
            raise UsageError(f"--data {path}, line {n0}: column {i + 1} is not a name "
                             f"({h!r}); the first line must name the columns",
                             text=header_line, start=max(start, 0))
    dup = [h for i, h in enumerate(header) if h in header[:i]]
    if dup:
        raise UsageError(f"--data {path}: the column {dup[0]} is named twice")
    rows, texts, numbers = [], [], []
    for n, line in lines[1:]:
        cells = [c.strip() for c in _cells(line, path, n)]
        if len(cells) != len(header):
            raise UsageError(f"--data {path}, line {n}: {len(cells)} "
                             f"value{'s' * (len(cells) != 1)} for {len(header)} columns",
                             text=line, start=0, end=len(line))
        row = []
        for k, c in enumerate(cells):
            if not _NUMBER.match(c) or not math.isfinite(float(c)):
                start, end = _column(line, k, c)
                what = (f"no value in column {header[k]}" if not c else
                        f"{c} in column {header[k]} is past the range of doubles"
                        if _NUMBER.match(c) else f"{c!r} is not a number")
                raise UsageError(f"--data {path}, line {n}: {what}", text=line, start=start,
                                 end=end)
            row.append(float(c))
        rows.append(row)
        texts.append(cells)
        numbers.append(n)
        if len(rows) > MAX_SAMPLES:
            raise UsageError(f"--data {path}: more than {MAX_SAMPLES} samples")
    if not rows:
        raise UsageError(f"--data {path}: no samples after the header line")
    return DataSet(path, header, rows, texts, numbers)


def _cells(line: str, path: str, n: int) -> list[str]:
    """The cells of one CSV line; a line the csv module refuses (a NUL byte, a cell past its
    131,072 characters) is the user's error at that line."""
    try:
        return next(csv.reader(io.StringIO(line)), [])
    except csv.Error as exc:
        raise UsageError(f"--data {path}, line {n}: not a CSV line the reader takes ({exc})",
                         text=line[:200], start=0) from None


def _column(line: str, k: int, cell: str) -> tuple[int, int]:
    """Where the ``k``-th cell (``cell``, stripped) stands in ``line``: by its commas where
    the line quotes nothing (an empty cell's caret at its place: 4,,5), else where its text
    is first found."""
    if '"' not in line:
        parts = line.split(",")
        raw = parts[k]
        start = sum(len(part) + 1 for part in parts[:k]) + len(raw) - len(raw.lstrip())
        return start, start + max(len(cell), 1)
    start = max(line.find(cell), 0) if cell else 0
    return start, start + max(len(cell), 1)


__all__ = ["parse_data", "read_data"]
