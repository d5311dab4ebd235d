"""Reading the golden fixture files: blocks of ``key: value`` lines separated by blank lines."""

from __future__ import annotations

import re
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
_ESCAPE = re.compile(r"\\x([0-9a-fA-F]{2})|\\u([0-9a-fA-F]{4})")


def decode(text: str) -> str:
    return _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)


def blocks(name: str) -> list[dict]:
    """Each block as a dict; ``in`` keeps its text exactly (after 'in: ')."""
    out: list[dict] = []
    cur: dict = {}
    for n, line in enumerate((FIXTURES / name).read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("#"):
            continue
        if not line.strip():
            if cur:
                out.append(cur)
                cur = {}
            continue
        m = re.match(r"^([a-z_]+):(?: (.*)|)$", line)
        if not m:
            raise ValueError(f"{name}:{n}: cannot read {line!r}")
        key, value = m.group(1), m.group(2) or ""
        if key == "in":
            value = decode(value)
            cur["line"] = n
        cur[key] = value
    if cur:
        out.append(cur)
    return out


def case_id(block: dict) -> str:
    return f"L{block.get('line')}:{block.get('in', '')[:40]!r}"
