"""Output that grows with what the answer holds (issue 16): a partial's "held constant" words
stay short for many variables, and a tree printed with its shared parts printed once reads the
same as one printed in full. Behaviour only: the timings live in benchmarks/."""

from __future__ import annotations

import json

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from calcdiff.cli import main
from calcdiff.read.parser import parse
from calcdiff.tree.nodes import Add, Call, Mul
from calcdiff.tree.printer import plain_printer, to_plain

from .strategies import exprs


def run(*args):
    return CliRunner().invoke(main, list(args))


def unwrapped(text: str) -> str:
    """The text view with its 80-column line breaks taken out (every break is at a space)."""
    return " ".join(text.split())


def squares(n: int) -> str:
    return " + ".join(f"(x_{i} - {i})^2" for i in range(1, n + 1))


def test_up_to_eight_other_variables_are_named():
    r = run("grad", squares(9), "-f", "text", "--no-steps")
    assert r.exit_code == 0
    assert "Partial derivative with respect to x_1 (x_2, x_3, x_4, x_5, x_6, x_7, x_8, x_9 " \
           "held constant):" in unwrapped(r.stdout)


def test_past_eight_other_variables_the_heading_counts_them():
    r = run("grad", squares(10), "-f", "text", "--no-steps")
    assert r.exit_code == 0
    assert "Partial derivative with respect to x_10 (the other 9 variables held constant):\n" \
           "  ∂/∂x_10 = 2*x_10 - 20\n" in r.stdout
    assert r.stdout.count("held constant") == 10


def test_json_held_constant_is_a_list_or_a_count():
    few = json.loads(run("grad", squares(3), "-f", "json", "--no-steps").stdout)
    assert few["partials"][0]["held_constant"] == ["x_2", "x_3"]
    many = json.loads(run("grad", squares(12), "-f", "json", "--no-steps").stdout)
    assert many["partials"][4]["held_constant"] == {"all_but": "x_5", "count": 11}
    assert many["gradient"][11] == "2*x_12 - 24"


def test_a_hessians_mixed_pairs_are_one_note_past_three_variables():
    """A 20-variable Hessian printed 190 notes, one a pair, more lines than its entries."""
    few = json.loads(run("hessian", "x y z", "-f", "json", "--no-steps").stdout)
    assert [n for n in few["notes"] if "mixed partials" in n] == [
        f"∂²f/∂{b}∂{a} = ∂²f/∂{a}∂{b} (mixed partials of a smooth function are equal; "
        "derived once)" for a, b in (("x", "y"), ("x", "z"), ("y", "z"))]
    r = run("hessian", " + ".join(f"exp(x_{i})" for i in range(1, 21)) + " + x_1 x_20",
            "-f", "text", "--no-steps")
    assert r.exit_code == 0
    assert unwrapped(r.stdout).count("note:") == 1
    assert "note: each mixed partial equals the one in the other order, ∂²f/∂x_2∂x_1 = " \
           "∂²f/∂x_1∂x_2 and the other 189 pairs alike (mixed partials of a smooth function " \
           "are equal; each pair derived once)" in unwrapped(r.stdout)


def test_a_long_sum_differentiates_only_its_terms_with_the_variable():
    r = run("grad", squares(40) + " + y*x_3", "-f", "json", "--no-steps", "--vars",
            ",".join([f"x_{i}" for i in range(1, 41)] + ["y"]))
    assert r.exit_code == 0, r.stderr
    g = json.loads(r.stdout)["gradient"]
    assert g[2] == "2*x_3 + y - 6"
    assert g[40] == "x_3"
    assert g[39] == "2*x_40 - 80"


@settings(max_examples=60, deadline=None)
@given(st.lists(exprs(max_depth=3), min_size=1, max_size=4))
def test_printing_shared_parts_once_reads_the_same(parts):
    shared = Mul((Add(tuple(parts) + tuple(parts)), Call("sin", (parts[0],))))
    cells = [shared, Add((shared, parts[-1])), parts[0], shared]
    printer = plain_printer()
    assert [printer(c) for c in cells] == [to_plain(c) for c in cells]


def test_a_chain_prints_its_shared_inner_function_once_and_reads_back():
    text = "sin(" * 30 + "x" + ")" * 30
    r = run("derive", text, "-f", "json", "--no-steps")
    answer = json.loads(r.stdout)["derivative"]
    assert answer.count("cos(") == 30
    assert to_plain(parse(answer).expr) == answer


def test_no_steps_prints_the_answer_once_and_the_input_whole_once():
    text = " + ".join(f"x^{k}" for k in range(1, 120))
    r = run("derive", text, "-f", "text", "--no-steps")
    assert r.exit_code == 0
    out = unwrapped(r.stdout)
    answer = out.rsplit(" = ", 1)[1]
    assert answer.startswith("119*x**118 + ") and out.count(answer) == 1
    reading = out.split("Reading: ")[1].split(" Notes: ")[0]
    assert len(reading) > 400 and out.count(reading) == 1
    assert "Differentiate" not in out
    # the input as typed is echoed shortened: its whole text is printed once, as read
    echo = out.split("Input: ")[1].split(" Reading: ")[0]
    assert echo.startswith("x^1 + x^2 + x^3 + ")
    assert echo.endswith(f" … ({len(text):,} characters; read in full below)")
    assert len(echo) < 400


def test_no_steps_keeps_the_intermediate_derivatives_of_a_higher_order():
    r = run("derive", "x^3 y", "-x", "x", "-x", "y", "-f", "text", "--no-steps")
    assert r.stdout.endswith(
        "Step 1 of 2: differentiate with respect to x (y held constant):\n"
        "  ∂/∂x [x**3*y] = 3*x**2*y\n\n"
        # the last step is named, its answer printed once, as the Result
        "Step 2 of 2: differentiate with respect to y (x held constant):\n"
        "  ∂/∂y [3*x**2*y]: the Result below\n\n"
        "Result:   ∂^2/∂y∂x [x**3*y] = 3*x**2\n")


def test_a_huge_raw_with_a_short_answer_is_cut_and_said():
    """1,000 nested abs: the answer is x/abs(x), the rules' output 5 MB printed whole (and
    the memo of its nested texts past the worker's memory): cut at RAW_CHARS, flagged."""
    import json

    from click.testing import CliRunner

    from calcdiff.cli import main
    from calcdiff.render.json_ import RAW_CHARS

    text = "x"
    for _ in range(1000):
        text = f"abs({text})"
    r = CliRunner().invoke(main, ["derive", text, "-f", "json", "--no-steps"])
    assert r.exit_code == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["derivative"] == "x/abs(x)"
    assert out["raw_truncated"] is True and len(out["raw"]) == RAW_CHARS + 2  # " …"
    small = json.loads(CliRunner().invoke(main, ["derive", "abs(abs(x))", "-f", "json",
                                                 "--no-steps"]).stdout)
    assert "raw_truncated" not in small
