"""The rich view as a person sees it: recorded at 80 columns, no colour."""

from __future__ import annotations

import re
import sys

import pytest
from rich.console import Console

from calcdiff.commands.differentiate import derive
from calcdiff.commands.multivar import grad
from calcdiff.render import render


def record(obj) -> str:
    console = Console(width=80, color_system=None, record=True, file=open("/dev/null", "w"))
    console.print(render(obj, "rich"))
    return console.export_text()


def test_derive_tree_exact():
    assert record(derive("3x^2-4x")) == (
        "Input    3x^2-4x\n"
        "Reading  3x² − 4x\n"
        "  note   implicit multiplication: 3x^2 read as 3*x^2\n"
        "  note   implicit multiplication: 4x read as 4*x\n"
        "Differentiate with respect to x\n"
        "└── d/dx [3x² − 4x] = 6x − 4\n"
        "    ├── difference rule  (f − g)′ = f′ − g′\n"
        "    ├── f = 3x², g = 4x\n"
        "    ├── d/dx [3x²] = 6x\n"
        "    │   ├── constant multiple rule  (c·f)′ = c·f′\n"
        "    │   ├── c = 3, f = x²\n"
        "    │   └── d/dx x² = 2x\n"
        "    │       ├── power rule  (xⁿ)′ = n·xⁿ⁻¹\n"
        "    │       └── n = 2\n"
        "    └── d/dx [4x] = 4\n"
        "        ├── constant multiple rule  (c·f)′ = c·f′\n"
        "        ├── c = 4, f = x\n"
        "        └── d/dx x = 1\n"
        "            └── variable rule  x′ = 1\n"
        "Result   6x − 4   6*x - 4\n"
    )


def test_fits_80_columns_and_shows_held_constants():
    text = record(grad("x^2*sin(y) + e^(x*y)"))
    assert all(len(line) <= 80 for line in text.splitlines())
    assert "(y held constant)" in text and "(x held constant)" in text


# ---- under a real terminal: a pseudo-terminal, as a person runs it --------------------------

_COLOUR = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-7]|9[0-7]|38;[25];[0-9;]+)m")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _run_in_pty(args, **env_extra):
    import os
    import shutil
    import subprocess

    script = shutil.which("calcdiff", path=os.path.dirname(sys.executable)) or shutil.which(
        "calcdiff")
    if script is None:
        pytest.skip("the calcdiff command is not installed")
    master, slave = os.openpty()
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env.update(TERM="xterm-256color", COLUMNS="80", LINES="40", **env_extra)
    proc = subprocess.Popen([script, *args], stdin=slave, stdout=slave, stderr=slave, env=env,
                            close_fds=True)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # the other side closed (Linux raises EIO)
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=60)
    os.close(master)
    return proc.returncode, b"".join(chunks).decode()


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_under_a_real_terminal():
    """No -f: on a terminal the rich tree is the default, in colour, within 80 columns."""
    code, out = _run_in_pty(["derive", "3x^2-4x"])
    assert code == 0
    assert _COLOUR.search(out)
    plain = _ANSI.sub("", out).replace("\r\n", "\n")
    assert "power rule" in plain and "6x − 4" in plain and "└── " in plain
    assert max(len(line) for line in plain.splitlines()) <= 80


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_no_color_under_a_real_terminal():
    code, out = _run_in_pty(["grad", "3x^2 + xy"], NO_COLOR="1")
    assert code == 0
    assert not _COLOUR.search(out)
    assert "(6x + y, x)" in _ANSI.sub("", out)


def test_an_output_that_is_not_utf8_gets_escapes_not_a_traceback():
    """Under PYTHONIOENCODING=ascii (or latin-1, an old terminal), the characters the output
    cannot hold are written as \\uXXXX escapes: JSON Lines read back exactly as the UTF-8
    output does (𝑥 as a surrogate pair), the text view is written whole, status 0."""
    import json
    import os
    import subprocess
    import sys

    lines = "x^2\nsin x\n𝑥^2\n"

    def run(encoding, *args):
        env = {**os.environ, "PYTHONIOENCODING": encoding}
        return subprocess.run([sys.executable, "-m", "calcdiff", "derive", *args], env=env,
                              input=lines.encode(), capture_output=True, timeout=120)

    wide, narrow = run("utf-8", "-f", "json"), run("ascii", "-f", "json")
    assert narrow.returncode == 0 and b"Traceback" not in narrow.stderr
    assert narrow.stdout.isascii()
    assert [json.loads(x) for x in narrow.stdout.splitlines()] == [
        json.loads(x) for x in wide.stdout.splitlines()]
    text = run("latin-1", "-f", "text")
    assert text.returncode == 0 and b"Traceback" not in text.stderr
    assert b"sin\\u2032(x) = cos(x)" in text.stdout


@pytest.mark.parametrize("width", [40, 60, 200])
def test_a_long_result_breaks_between_tokens_never_inside_one(width):
    """A rich Result line without spaces was folded at any character (u₁ on one line, ₅ on
    the next; c / os(); it breaks where the text format does: after ·, * and brackets."""
    from calcdiff.render.terminal import to_string

    text = "sin(" * 32 + "x" + ")" * 32
    out = to_string(render(derive(text), "rich", steps=False), width=width)
    block = out[out.index("Result"):out.index("Where")]
    lines = [line.rstrip() for line in block.splitlines()]
    assert all(len(line) <= width for line in lines)
    subscript = "₀₁₂₃₄₅₆₇₈₉"
    body = [line[9:] for line in lines]
    assert not any(b[:1] in subscript or b.endswith(("u", "co", "c")) for b in body if b)
    assert "".join(body).replace(" ", "").count("cos(u₁₅)") == 1
