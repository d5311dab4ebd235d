"""Hostile input (issue 17): every input of tests/fixtures/hostile/corpus.toml finishes or
stops with one clean line, costs only its own line in a batch (line 20 of 45, -j 1 and
-j 2), and nothing it holds reaches the terminal raw. Budgets are small here (--timeout 2)
so that the cases that would run for minutes stop in seconds."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from calcdiff.cli import main
from calcdiff.errors import visible

CORPUS = tomllib.loads((Path(__file__).parent / "fixtures/hostile/corpus.toml").read_text())
BUDGET = ["--timeout", "2"]
GOOD = ["x^2", "3x^2 - 4x", "x^3 + x", "2x + 1", "x^4 - x"]  # cheap in every command


def _input(case: dict) -> str:
    if "input" in case:
        if case["input"] == "LSE200":
            return "ln(" + " + ".join(f"exp(x{i})" for i in range(1, 201)) + ")"
        return case["input"]
    if "wrap" in case:
        left, inner, right = case["wrap"]
        return left * case["count"] + inner + right * case["count"]
    return (case.get("prefix", "") + case["join"].join([case["repeat"]] * case["count"])
            + case.get("suffix", ""))


def _run(args, input=None) -> object:
    return CliRunner().invoke(main, [*args, *BUDGET], input=input, catch_exceptions=False)


def _assert_clean(result, case) -> None:
    """No traceback, no internal error, no raw control character, the expected outcome."""
    both = result.stdout + result.stderr
    assert "Traceback" not in both and "internal error" not in both, both[-2000:]
    assert "\x1b" not in both and "\x07" not in both and "\x9b" not in both
    expect = case["expect"]
    if expect == "ok":
        assert result.exit_code == 0, result.stderr[-2000:]
    elif expect == "error":
        assert result.exit_code == 1 and result.stderr.startswith("error: ")
        assert len([ln for ln in result.stderr.splitlines() if ln.startswith("error")]) == 1
    elif expect == "usage":
        assert result.exit_code == 2 and "Error: " in result.stderr
    elif expect == "one":
        assert result.exit_code == 0 or result.stderr.count("error: ") == 1
    elif expect == "too large":
        assert result.exit_code == 1 and "too large: " in result.stderr, result.stderr[-500:]
    else:  # bounded: answered, or stopped with too large
        assert result.exit_code == 0 or (result.exit_code == 1 and "too large: " in result.stderr), \
            result.stderr[-2000:]
    if "says" in case:
        assert case["says"] in both


LINES = CORPUS["line"]


@pytest.mark.parametrize("case", LINES, ids=[c["name"] for c in LINES])
def test_each_hostile_line_alone(case):
    _assert_clean(_run([*case["command"], _input(case)]), case)


def _file_of_45(tmp_path, hostile: str) -> tuple[Path, list[str]]:
    lines = [GOOD[i % len(GOOD)] for i in range(45)]
    lines[19] = hostile
    path = tmp_path / "lines.txt"
    path.write_bytes("\n".join(lines).encode("utf-8", "surrogateescape") + b"\n")
    return path, lines


# --check and --simplify full run SymPy in a child process for every good line too (a minute
# for 45 lines on a loaded machine): those two run alone above
BATCHED = [c for c in LINES if c.get("batch", True)
           and not any(a in c["command"] for a in ("--check", "full"))]


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("case", BATCHED, ids=[c["name"] for c in BATCHED])
def test_a_hostile_line_costs_only_itself(case, jobs, tmp_path):
    """Line 20 of 45: every other line is answered, in order, with its own line number."""
    command = list(case["command"])
    if "-f" in command:  # the batch is read back as JSON Lines
        del command[command.index("-f"):command.index("-f") + 2]
    has_jobs = any(p.name == "jobs" for p in main.commands[command[0]].params)
    if not has_jobs and jobs != "1":
        pytest.skip(f"{command[0]} has no -j")
    path, lines = _file_of_45(tmp_path, _input(case))
    # a little more time than alone: the 44 good lines must not time out on a loaded machine
    result = CliRunner().invoke(main, [*command, "-i", str(path), "-f", "json", "--timeout", "3",
                                       *(["-j", jobs] if has_jobs else [])])
    both = result.stdout + result.stderr
    assert "Traceback" not in both and "internal error" not in both
    objects = [json.loads(line) for line in result.stdout.split("\n") if line]
    assert len(objects) == 45
    for n, obj in enumerate(objects, 1):
        if n == 20:
            if case["expect"] == "too large":
                assert obj["error"]["message"].startswith("too large: ")
            if "error" in obj:
                assert obj["line"] == 20
            continue
        assert "error" not in obj, obj
        assert obj["input"] == lines[n - 1]


def test_a_worker_that_dies_costs_only_its_line(tmp_path):
    """A line past the memory limit (a tower of powers in 200 MiB more than the tests'
    process) fails alone; the lines after it run again in a new worker."""
    tower = "^".join(["x"] * 800)
    path, lines = _file_of_45(tmp_path, tower)
    used = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    memory = str(max(600, used + 400))
    for jobs in ("1", "2"):
        result = _run(["derive", "--no-steps", "-i", str(path), "-f", "json", "-j", jobs,
                       "--limit", f"memory={memory}"])
        objects = [json.loads(line) for line in result.stdout.split("\n") if line]
        assert len(objects) == 45
        assert [o["input"] for o in objects] == lines
        assert all("error" not in o for n, o in enumerate(objects, 1) if n != 20)


INVOCATIONS = CORPUS["invocation"]


def _rules_file(n: int) -> str:
    return "\n".join(f'[[rule]]\nid = "d-fn{i}"\nfunction = "fn{i}"\nderivative = "cos(u)"\n'
                     f'definition = "sin(u) + {i}"\nexplain = "A test function."\n'
                     for i in range(n))


@pytest.mark.parametrize("case", INVOCATIONS, ids=[c["name"] for c in INVOCATIONS])
def test_each_hostile_invocation(case, tmp_path):
    for name, text in case.get("files", {}).items():
        (tmp_path / name).write_text(text)
    (tmp_path / "RULES1000").write_text(_rules_file(1000))
    (tmp_path / "LINES45").write_text("\n".join(GOOD * 9) + "\n")
    args = [a.replace("{dir}", str(tmp_path)) for a in case["args"]]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    _assert_clean(result, case)


def test_one_invalid_byte_costs_one_line_from_a_file_and_from_stdin(tmp_path):
    data = b"x^2\n\xff\xfe x\nsin x\n"
    (tmp_path / "bad.txt").write_bytes(data)
    for args, input_ in ((["-i", str(tmp_path / "bad.txt")], None), (["-"], data)):
        result = CliRunner().invoke(main, ["derive", "--no-steps", "-f", "json", *args],
                                    input=input_)
        assert result.exit_code == 1
        result.stdout_bytes.decode("utf-8")  # valid UTF-8 throughout
        objects = [json.loads(line) for line in result.stdout.split("\n") if line]
        assert [o.get("derivative") for o in objects] == ["2*x", None, "cos(x)"]
        assert objects[1]["line"] == 2 and objects[1]["error"]["kind"] == "parse"
        assert "not UTF-8" in objects[1]["error"]["message"]


@pytest.mark.parametrize("separator", ["\f", "\x85", "\u2028", "\u2029", "\x0b", "\x1c"])
def test_one_physical_line_is_one_input(separator):
    text = f"x^2\nx^3 +{separator} 1\nsin x\n"
    result = CliRunner().invoke(main, ["derive", "--no-steps", "-f", "json", "-"], input=text)
    objects = [json.loads(line) for line in result.stdout.split("\n") if line]
    assert len(objects) == 3
    assert objects[2]["derivative"] == "cos(x)"
    assert "Traceback" not in result.stderr


def test_error_messages_escape_control_characters():
    assert visible("a\x1b]0;t\x07b") == "a\\x1b]0;t\\x07b"
    assert visible("\u2028\u202e\x9b") == "\\u2028\\u202e\\x9b"
    assert visible("θ é √x") == "θ é √x"


def test_the_recursion_limit_is_never_raised_for_the_process():
    limit = sys.getrecursionlimit()
    _run(["derive", "--no-steps", "(" * 2000 + "x" + ")" * 2000])
    import calcdiff

    calcdiff.derive("sin(" * 1000 + "x" + ")" * 1000)
    assert sys.getrecursionlimit() == limit


def test_runs_under_a_400_mb_address_space():
    """The deep thread's stack is 64 MiB, not 512: derive x^2 fits under 400 MB."""
    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (400 * 1024 * 1024, 400 * 1024 * 1024))

    out = subprocess.run([sys.executable, "-c", "from calcdiff.cli import main; main()",
                          "derive", "x^2", "-f", "text", "--no-steps"], capture_output=True,
                         text=True, preexec_fn=cap, timeout=60, env={**os.environ})
    assert out.returncode == 0, out.stderr
    assert "2*x" in out.stdout


TOKENS = [*"x()^*+-/ 0123456789.,_|", "\x1b", "\u2028", "\f", "\x85", "\x00", "sin", "d/dx",
          "d^9/dx^9", "diff(", "ln", "√", "²", "e", "9" * 50]


@settings(deadline=10_000, max_examples=40, derandomize=True)
@given(st.lists(st.sampled_from(TOKENS), max_size=25).map("".join))
def test_fuzz_lines_end_in_an_answer_or_one_clean_error(text):
    result = CliRunner().invoke(main, ["derive", "--no-steps", "-f", "json", "--timeout", "3",
                                       "-"], input=text + "\n")
    assert result.exit_code in (0, 1)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert "\x1b" not in result.stdout + result.stderr
    for line in result.stdout.splitlines():
        json.loads(line)


def test_a_failed_allocation_seen_as_a_system_error_is_the_memory_limit():
    """Under the address-space cap, C code that cannot allocate may raise SystemError
    ("error return without exception set") rather than MemoryError: both are the line's
    memory limit, and the worker (no longer trusted) ends after it."""
    import os

    from calcdiff.workers import _answer_all

    def task(i):
        raise SystemError("error return without exception set")

    import resource

    from calcdiff import workers

    read_end, write_end = os.pipe()
    cpu, moved = resource.getrlimit(resource.RLIMIT_CPU), workers._CPU_LIMIT[0]
    try:
        # (a day per line: the CPU limit it sets is on this process, put back below)
        code = _answer_all(task, [7, 8], write_end, 150, 86400.0, os.getppid())
        frame = os.read(read_end, 1 << 16)
    finally:
        os.close(read_end)
        os.close(write_end)
        resource.setrlimit(resource.RLIMIT_CPU, cpu)
        workers._CPU_LIMIT[0] = moved
    assert code == 3  # the rest of the chunk goes to a fresh worker
    import pickle

    index, (status, error, _), _seconds = pickle.loads(frame[8:])
    assert (index, status) == (7, "error")
    assert "needs more than 150 MiB of memory" in error.message


@pytest.mark.parametrize("closed,args,status,says", [
    (1, ["parse", "x"], 1, "error: cannot write the output: standard output is closed"),
    (0, ["derive", "-i", "-", "-f", "json"], 0, "note: no expressions to read"),
    (0, ["derive", "-f", "json"], 0, "note: no expressions to read"),
    (2, ["derive", "x", "-f", "text", "--no-steps"], 0, ""),
])
def test_a_closed_standard_stream_is_no_traceback(closed, args, status, says):
    """Started with a standard stream closed (<&-, >&-, 2>&-: Python's sys.stdin, stdout or
    stderr is then None): a closed input is empty, a closed output is an error."""
    out = subprocess.run([sys.executable, "-m", "calcdiff", *args], capture_output=True,
                         text=True, preexec_fn=lambda: os.close(closed), timeout=60,
                         env={**os.environ})
    assert "Traceback" not in out.stderr, out.stderr
    assert out.returncode == status, out.stderr
    assert says in out.stderr
    if closed == 2:
        assert out.stdout.endswith("Result:   d/dx [x] = 1\n")
