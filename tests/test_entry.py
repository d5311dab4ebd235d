"""The console script's entry point: ``--version`` answered before the command line loads,
in the same words as the command line's own ``--version``; everything else passed on."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

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


def _script(*args: str, stdin: str | None = None, stdout=subprocess.PIPE):
    code = (f"import sys; sys.argv = ['calcdiff', *{list(args)!r}]; "
            "from calcdiff.__main__ import run; sys.exit(run())")
    return subprocess.run([sys.executable, "-c", code], input=stdin, stdout=stdout,
                          stderr=subprocess.PIPE, text=True)


def test_the_console_script_ends_with_the_commands_status_and_all_its_output():
    """The process ends at once after the command (no interpreter teardown): every line
    written arrives, and the status is the command's own."""
    lines = [f"x^{k}" for k in range(1, 301)]
    out = _script("derive", "-f", "json", "--no-steps", stdin="\n".join(lines) + "\n")
    assert out.returncode == 0
    assert len(out.stdout.splitlines()) == 300
    assert out.stdout.splitlines()[-1].endswith('"derivative": "300*x**299"}')
    bad = _script("derive", "-f", "json", "--no-steps", stdin="x^2\nx^\nsin x\n")
    assert bad.returncode == 1 and len(bad.stdout.splitlines()) == 3
    assert "the exponent is missing" in bad.stdout + bad.stderr
    assert _script("derive", "--no-such-option", "x").returncode == 2
    assert _script("derive", "x^2").returncode == 0


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_output_that_cannot_be_written_is_an_error_not_a_traceback():
    with open("/dev/full", "w") as full:
        for args, stdin in ((("derive", "x^2"), None),
                            (("derive", "-f", "json"), "x^2\nsin x\n")):
            out = _script(*args, stdin=stdin, stdout=full)
            assert out.returncode == 1
            assert "error: cannot write the output: No space left on device" in out.stderr
            assert "Traceback" not in out.stderr
