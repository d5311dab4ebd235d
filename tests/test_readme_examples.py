"""The README's console examples are what calcdiff prints: each ``$ calcdiff …`` line of a
``console`` block is run through the command line, and its output must be the block's text
below it (trailing spaces aside). Examples that need a file of their own, a shell's pipe, or
whose output the README cuts short (a line ``…``) are left out."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from calcdiff.cli import main

README = Path(__file__).resolve().parent.parent / "README.md"


def _examples():
    found = []
    for block in re.findall(r"```console\n(.*?)```", README.read_text(encoding="utf-8"), re.S):
        parts = re.split(r"^\$ (.*)\n", block, flags=re.M)
        for command, shown in zip(parts[1::2], parts[2::2]):
            words = shlex.split(command)
            if (words[0] != "calcdiff" or any(c in command for c in "|<>\\")
                    or "…" in shown or any(w.endswith(".csv") and not (README.parent / w).exists()
                                           for w in words)):
                continue  # (a data file the checkout ships, examples/points.csv, is read)
            found.append(pytest.param(words[1:], shown, id=command[:60]))
    return found


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.strip("\n").splitlines()]


@pytest.mark.parametrize(("args", "shown"), _examples())
def test_the_readme_shows_what_calcdiff_prints(args, shown, monkeypatch):
    monkeypatch.chdir(README.parent)  # the shipped data files, by their paths in the README
    result = CliRunner().invoke(main, args, prog_name="calcdiff")
    assert _lines(result.output) == _lines(shown)


def test_the_readme_has_examples_to_check():
    assert len(_examples()) >= 10
