"""Batches: a 10,000-line file of good lines, bad lines, comments, blank lines and per-line
requests gives one JSON object per expression line, in order."""

from __future__ import annotations

import json
import random
from functools import lru_cache

import sympy
from click.testing import CliRunner

from calcdiff.cli import main
from calcdiff.read.parser import parse
from calcdiff.sympy_bridge import to_sympy

GOOD = ["3x^2-4x", "sin(x)^2", "x*e^x", "ln(x^2+1)", "(x+1)/(x-1)", "sqrt(x)*cos(x)",
        "sigmoid(2x)", "x^5 - 3x^3 + x", "tan(x)/x", "atan(x^2)"]
REQUESTS = ["d/dy x*y^2", "d^2/dx^2 x^4*y", "∂/∂y sin(x*y)", "diff(x^3*y, x, 2)",
            "d²/dx² cos x"]
BAD = ["sin(", "3x^2 +", "foo(x)", "x $ 2", "(x+1]", "1/0", "log()"]


def make_file(n: int, seed: int = 5) -> tuple[str, list[tuple[int, str, str]]]:
    """The file text, and per expression line: (line number, kind, text)."""
    rng = random.Random(seed)
    lines, expected = [], []
    for i in range(1, n + 1):
        r = rng.random()
        if r < 0.08:
            lines.append("# a comment")
        elif r < 0.14:
            lines.append("   " if rng.random() < 0.5 else "")
        elif r < 0.24:
            text = rng.choice(BAD)
            lines.append(text)
            expected.append((i, "bad", text))
        elif r < 0.40:
            text = rng.choice(REQUESTS)
            lines.append(text)
            expected.append((i, "request", text))
        else:
            text = rng.choice(GOOD)
            lines.append(text)
            expected.append((i, "good", text))
    return "\n".join(lines) + "\n", expected


@lru_cache(maxsize=None)
def sympy_answer(text: str):
    from calcdiff.read.request import parse_request

    r = parse_request(text)
    f = to_sympy(r.expr, rewrite_activations=True)
    wrt = r.wrt or tuple(sorted(map(str, f.free_symbols)))
    for v in wrt:
        f = sympy.diff(f, sympy.Symbol(v))
    return f


@lru_cache(maxsize=None)
def agrees(text: str, derivative: str) -> bool:
    mine = to_sympy(parse(derivative).expr, rewrite_activations=True)
    return sympy.simplify(sympy_answer(text) - mine) == 0


def test_ten_thousand_lines(tmp_path):
    text, expected = make_file(10_000)
    path = tmp_path / "mixed.txt"
    path.write_text(text, encoding="utf-8")
    r = CliRunner().invoke(main, ["derive", "-i", str(path), "-f", "json", "--no-steps"])
    assert r.exit_code == 1
    objs = [json.loads(line) for line in r.stdout.splitlines()]
    assert len(objs) == len(expected)
    for obj, (line, kind, source) in zip(objs, expected):
        assert obj["input"] == source
        if kind == "bad":
            err = obj["error"]
            assert obj["line"] == line and obj["file"] == str(path)
            assert err["kind"] in ("parse", "unknown-function") and err["message"]
            assert isinstance(err["column"], int) and err["column"] >= 1
        else:
            assert "error" not in obj, obj
            assert agrees(source, obj["derivative"]), (source, obj["derivative"])
    # every bad line is reported on stderr with its file and line number
    bad = [e for e in expected if e[1] == "bad"]
    assert r.stderr.count(f"{path}:") == len(bad)


def test_stdin_pipe_and_two_files(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("x^2\nsin(\n", encoding="utf-8")
    b.write_text("# only\nx^3\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["derive", "-i", str(a), "-i", str(b), "-f", "json"])
    assert [json.loads(x).get("derivative") for x in r.stdout.splitlines()] == [
        "2*x", None, "3*x**2"]
    assert f"{a}:2: error:" in r.stderr
    r = CliRunner().invoke(main, ["derive", "-f", "json", "--no-steps"], input="x^2\n\nx^4\n")
    assert [json.loads(x)["derivative"] for x in r.stdout.splitlines()] == ["2*x", "4*x**3"]
    assert r.exit_code == 0


def test_a_byte_order_mark_and_windows_line_ends_are_not_input(tmp_path):
    path = tmp_path / "notepad.txt"
    path.write_bytes(b"\xef\xbb\xbfx^2\r\nsin x\r\n")
    r = CliRunner().invoke(main, ["derive", "-i", str(path), "-f", "json", "--no-steps"])
    assert r.exit_code == 0, r.stderr
    assert [json.loads(x)["input"] for x in r.stdout.splitlines()] == ["x^2", "sin x"]


def test_a_carriage_return_alone_ends_a_line(tmp_path):
    # a classic Mac file: the lines were read as one, x^2 x^3, and answered 5x^4
    path = tmp_path / "mac.txt"
    path.write_bytes(b"x^2\rx^3\r\rsin x\r\n1/x\r(x")
    r = CliRunner().invoke(main, ["derive", "-i", str(path), "-f", "json", "--no-steps"])
    assert r.exit_code == 1  # the last line cannot be read
    records = [json.loads(x) for x in r.stdout.splitlines()]
    assert [x["input"] for x in records] == ["x^2", "x^3", "sin x", "1/x", "(x"]
    assert records[-1]["line"] == 6  # lines counted as a person counts them


def test_a_timeout_of_nan_is_refused():
    # nan passed the range check, and no time limit was then ever met
    r = CliRunner().invoke(main, ["derive", "x", "--timeout", "nan"])
    assert r.exit_code == 2 and "nan is not a number of seconds" in r.stderr


def test_jobs_keep_the_order(tmp_path):
    text, expected = make_file(300, seed=9)
    path = tmp_path / "m.txt"
    path.write_text(text, encoding="utf-8")
    one = CliRunner().invoke(main, ["derive", "-i", str(path), "-f", "json", "--no-steps"])
    two = CliRunner().invoke(main, ["derive", "-i", str(path), "-f", "json", "--no-steps",
                                    "-j", "2"])
    assert one.stdout == two.stdout
    assert one.exit_code == two.exit_code == 1


def test_every_command_reads_batches(tmp_path):
    path = tmp_path / "g.txt"
    path.write_text("x^2*y\n(x\n", encoding="utf-8")
    for cmd in ("parse", "grad", "hessian"):
        r = CliRunner().invoke(main, [cmd, "-i", str(path), "-f", "json", "--no-steps"]
                               if cmd != "parse" else [cmd, "-i", str(path), "-f", "json"])
        lines = [json.loads(x) for x in r.stdout.splitlines()]
        assert len(lines) == 2 and "error" in lines[1] and r.exit_code == 1


def test_no_color_and_nothing_but_results_on_stdout():
    r = CliRunner().invoke(main, ["derive", "x^2", "-f", "rich"], env={"NO_COLOR": "1"})
    assert "\x1b[" not in r.stdout and r.stderr == ""
    assert "2*x" in r.stdout


def test_a_jacobians_bad_line_is_reported_at_its_file_and_line(tmp_path):
    path = tmp_path / "rows.txt"
    path.write_text("x^2 y\nsin(\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["jacobian", "-i", str(path), "-f", "json"])
    assert r.exit_code == 1
    assert f"{path}:2: error:" in r.stderr
    obj = json.loads(r.stdout)
    assert (obj["line"], obj["file"], obj["input"]) == (2, str(path), "sin(")


def test_every_bad_row_of_a_jacobian_is_reported_in_line_order(tmp_path):
    # the file is one Jacobian: nothing is computed, and each bad row is named at once
    path = tmp_path / "rows.txt"
    path.write_bytes(b"x^2 y\n(x\n\xff\nx/0\nx^2 y\n")
    r = CliRunner().invoke(main, ["jacobian", "-i", str(path), "-f", "json", "--no-steps"])
    assert r.exit_code == 1
    assert [json.loads(x)["line"] for x in r.stdout.splitlines()] == [2, 3, 4]
    said = [line for line in r.stderr.splitlines() if ": error:" in line]
    assert [line.split(": error:")[0] for line in said] == [f"{path}:{n}" for n in (2, 3, 4)]
    path.write_text("x y\n(x\nsin y\nx +\n", encoding="utf-8")  # every row is text
    r = CliRunner().invoke(main, ["jacobian", "-i", str(path), "-f", "text"])
    assert r.exit_code == 1 and r.stdout == ""
    assert [line.split(": error: ")[1] for line in r.stderr.splitlines() if ": error:" in line
            ] == ["unclosed '(': expected ')' before the end",
                  "the expression ends after '+': a term is missing"]
    other = tmp_path / "more.txt"  # a second file's bad rows come after the first file's
    path.write_bytes(b"x y\n(x\nx+y\nx/0\n")
    other.write_bytes(b"x\n\xff\n")
    r = CliRunner().invoke(main, ["jacobian", "-i", str(path), "-i", str(other), "-f", "text"])
    assert [line.split(": error:")[0] for line in r.stderr.splitlines() if ": error:" in line
            ] == [f"{path}:2", f"{path}:4", f"{other}:2"]
    path.write_bytes(b"x y\n\xff\n")  # the other rows read: only the bad one is said
    r = CliRunner().invoke(main, ["jacobian", "-i", str(path), "-f", "text"])
    assert r.exit_code == 1 and r.stdout == "" and r.stderr.count("error:") == 1


def test_stdin_is_read_where_its_dash_stands(tmp_path):
    # the SPEC's "in input order": '-' among the arguments (or the files) is stdin there
    r = CliRunner().invoke(main, ["derive", "x^2", "-", "sin x", "-f", "json", "--no-steps"],
                           input="x^3\n")
    assert [json.loads(x)["input"] for x in r.stdout.splitlines()] == ["x^2", "x^3", "sin x"]
    path = tmp_path / "b.txt"
    path.write_text("x^4\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["derive", "-i", "-", "-i", str(path), "-f", "json",
                                  "--no-steps"], input="x^3\n")
    assert [json.loads(x)["input"] for x in r.stdout.splitlines()] == ["x^3", "x^4"]


def test_a_line_prints_the_same_whatever_its_worker_answered_before(tmp_path):
    """A chain rule's outer function with a compound operand (u**(3*pi - 1)) is not
    remembered from one input to the next: a remembered step brought the earlier input's
    equal node into this one's steps, which then printed it by its shared name or whole
    depending on what the worker had answered before (the same line twice, two outputs)."""
    line = "root(((y/x)**(3*pi))**(3*pi), -(y*y)/4)"
    f = tmp_path / "twice.txt"
    f.write_text(f"{line}\n{line}\n")
    out = CliRunner().invoke(main, ["hessian", "-i", str(f), "-f", "json", "-j", "1"])
    assert out.exit_code == 0, out.output
    first, second = out.output.strip().split("\n")
    assert first == second
    alone = CliRunner().invoke(main, ["hessian", line, "-f", "json"])
    assert json.loads(alone.output)["entries"] == json.loads(first)["entries"]
