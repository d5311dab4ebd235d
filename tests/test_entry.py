"""The console script's entry point: ``--version`` answered before the command line loads,
in the same words as the command line's own ``--version``; everything else passed on."""

from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner

from calcdiff.__main__ import run, version_line
from calcdiff.cli import main


def test_the_early_version_is_the_command_lines_version(monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["calcdiff", "--version"])
    assert run() == 0
    early = capsys.readouterr().out
    assert early == version_line() + "\n"
    assert CliRunner().invoke(main, ["--version"]).output == early


def test_the_early_version_loads_no_command_line():
    code = ("import sys; sys.argv = ['calcdiff', '--version']; from calcdiff.__main__ import run; "
            "run(); print(sorted(m for m in sys.modules if m == 'click' or m.startswith('calcdiff.cli')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines() == [version_line(), "[]"]


def test_anything_else_goes_to_the_command_line():
    code = ("import sys; sys.argv = ['calcdiff', 'derive', 'x^2', '-f', 'json', '--no-steps']; "
            "from calcdiff.__main__ import run; sys.exit(run())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0
    assert '"derivative": "2*x"' in out.stdout
