"""Exact output of the CLI for pinned cases (text and JSON), against reviewed golden files."""

from __future__ import annotations

from pathlib import Path

import pytest

from .golden_cases import CASES, render

GOLDEN = Path(__file__).parent / "fixtures" / "golden"


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden_output(name):
    code, out = render(CASES[name])
    assert code == 0
    assert out == (GOLDEN / name).read_text(encoding="utf-8")
