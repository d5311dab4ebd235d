"""The limit command's other tables: a partial derivative by its limit definition, the two
one-sided quotients where f′(a) does not exist, and values at infinity next to SymPy's limit."""

from __future__ import annotations

import json
import math
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from calcdiff.cli import main
from calcdiff.commands.limits import limit
from calcdiff.errors import CalcdiffError
from calcdiff.render import render
from calcdiff.results_explore import LimitAtInfinity, LimitTable, OneSided, PartialLimit


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_abs_at_zero_shows_both_sides():
    r = run("limit", "|x|", "--at", "x=0", "-f", "text")
    assert r.exit_code == 0
    assert "Not differentiable at x = 0: left → -1, right → 1" in r.stdout
    obj = limit("|x|", "x=0")
    assert isinstance(obj, OneSided) and not obj.differentiable
    assert all(row.right == 1 and row.left == -1 for row in obj.rows)


@pytest.mark.parametrize("f, left, right", [("relu(x)", "0", "1"), ("relu(x - 1)", "0", "1")])
def test_relu_at_its_kink_is_not_differentiable(f, left, right):
    """relu′ = heaviside holds where u ≠ 0: heaviside(0) = 1/2 is no derivative of relu."""
    at = "x=1" if "1" in f else "x=0"
    obj = limit(f, at)
    assert isinstance(obj, OneSided) and not obj.differentiable
    assert (obj.left_limit, obj.right_limit) == (left, right)


def test_a_product_with_relu_is_differentiable_at_the_kink():
    obj = limit("x*relu(x)", "x=0")  # the quotients' table, beside f′(0) = 0
    assert isinstance(obj, LimitTable) and str(obj.exact) == "0"


def test_the_step_at_its_jump_has_no_value_to_start_from():
    r = run("limit", "heaviside(x)", "--at", "x=0")
    assert r.exit_code == 1
    assert "heaviside(x) is undefined at x = 0" in r.output and "Traceback" not in r.output


@pytest.mark.parametrize("args, value", [
    (["x*relu(x)", "--at", "x=0"], "0"), (["x*abs(x)", "--at", "x=0"], "0"),
    (["relu(x)^2", "--at", "x=0"], "0"), (["cbrt(x)^3", "--at", "x=0"], "1"),
    (["x^2*sign(x)", "--at", "x=0"], "0"),  # sign(0) = 0: defined (it said "not defined")
    # a call that does not hold the variable differentiated by is no kink of it
    (["x^2*relu(t)", "-x", "x", "--at", "x=1,t=0"], "0"),
    (["x^2 + relu(1-1)", "--at", "x=1"], "2"),
])
def test_derive_at_a_kink_where_both_sides_agree_is_their_limit(args, value):
    """The review of 11c7e46: these were refused, though differentiable there."""
    r = run("derive", *args, "--no-steps", "-f", "json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["value"] == value


@pytest.mark.parametrize("f, at", [("relu(x)", "x=0"), ("heaviside(x)", "x=0"),
                                   ("relu(2x - 4)", "x=2"), ("sign(x)", "x=0")])
def test_derive_at_a_kink_is_refused_not_valued(f, at):
    """derive --at gave heaviside(0) = 0.5 for relu′(0); now the rule's domain is said."""
    r = run("derive", f, "--at", at, "--no-steps")
    assert r.exit_code == 1
    assert "is not differentiable at" in r.output and "holds where" in r.output


def test_a_function_with_values_on_one_side_only_says_so():
    """sqrt(x) at 0: it said "left → ? (SymPy finds no limit)"; there is no left side."""
    obj = limit("sqrt(x)", "x=0")
    assert isinstance(obj, OneSided) and not obj.left_defined and obj.right_defined
    r = run("limit", "sqrt(x)", "--at", "x=0", "-f", "json")
    verdict = json.loads(r.stdout)["verdict"]
    assert verdict == ("Not differentiable at x = 0: f has no values left of it; the "
                       "one-sided quotient from the right → ∞")


def test_a_corner_with_other_slopes():
    obj = limit("|x - 1| + 2x", "x=1")
    assert (obj.left_limit, obj.right_limit) == ("1", "3")


def test_a_differentiable_point_keeps_the_ordinary_table():
    assert isinstance(limit("x^2", "x=1"), LimitTable)


def test_undefined_function_is_still_an_error():
    with pytest.raises(CalcdiffError):
        limit("1/x", "x=0")


def test_partial_derivative_by_its_limit_definition():
    obj = limit("x^2*y^3", "x=1,y=2", wrt="y")
    assert isinstance(obj, PartialLimit) and obj.wrt == "y"
    assert str(obj.table.exact) == "12"
    assert [str(r.quotient) for r in obj.table.rows][:2] == ["1261/100", "120601/10000"]
    r = run("limit", "x^2*y^3", "--at", "x=1,y=2", "--wrt", "x", "-f", "json", "--no-steps")
    out = json.loads(r.stdout)
    assert out["kind"] == "partial" and out["fixed"] == {"y": "2"}
    assert out["quotient"]["exact"] == "16"


def test_several_variables_need_wrt():
    r = run("limit", "x*y", "--at", "x=1,y=2")
    assert r.exit_code == 1 and "--wrt" in r.stderr and "Traceback" not in r.output


@pytest.mark.parametrize("text,at,want", [("(1+1/n)^n", "n=oo", math.e), ("1/x", "x=oo", 0.0),
                                          ("(2n^2 + 1)/(n^2 + 3)", "n=oo", 2.0),
                                          ("exp(x)", "x=-oo", 0.0)])
def test_limits_at_infinity_converge_to_sympys_value(text, at, want):
    obj = limit(text, at, rows=6)
    assert isinstance(obj, LimitAtInfinity)
    assert obj.limit_float == pytest.approx(want, abs=1e-15)
    # an error below the doubles (e^x at -10^3 …) is None, its digits in error_text
    errors = [abs(r.error) if r.error is not None else abs(float(r.error_text))
              for r in obj.rows]
    assert errors == sorted(errors, reverse=True) and errors[-1] < 1e-3


def test_e_is_named():
    r = run("limit", "(1+1/n)^n", "--at", "n=oo", "-f", "json")
    out = json.loads(r.stdout)
    assert out["kind"] == "infinity" and out["limit"] == "e" and out["rows"][0]["n"] == "10"
    assert out["rows"][0]["value"].startswith("2.5937424601")


def test_divergent_at_infinity_says_so():
    obj = limit("x^2", "x=-oo")
    assert obj.limit_text == "oo" and "∞" in render(obj, "text")


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "latex", "rich"])
def test_every_limit_table_renders(fmt):
    for obj in (limit("|x|", "x=0"), limit("(1+1/n)^n", "n=oo"),
                limit("x^2*y^3", "x=1,y=2", wrt="y")):
        assert render(obj, fmt)


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed")
def test_limit_latex_compiles():
    for obj in (limit("|x|", "x=0"), limit("(1+1/n)^n", "n=oo"),
                limit("x^2*y^3", "x=1,y=2", wrt="y")):
        with tempfile.TemporaryDirectory() as tmp:
            (Path(tmp) / "doc.tex").write_text(render(obj, "latex"), encoding="ascii")
            proc = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error",
                                   "-no-shell-escape", "doc.tex"], cwd=tmp, capture_output=True,
                                  text=True, timeout=120, encoding="latin-1")
            assert proc.returncode == 0, [ln for ln in proc.stdout.splitlines()
                                          if ln.startswith("!")]


@pytest.mark.parametrize("f,left,right", [("cbrt(x)", "oo", "oo"), ("cbrt(x)^2", "-oo", "oo"),
                                          ("root(x, 5)", "oo", "oo"), ("abs(x)", "-1", "1")])
def test_one_sided_limits_take_the_real_odd_root(f, left, right):
    # the quotient from the left of 0 uses the real cube root (as the table's values do):
    # SymPy's principal root is complex there, and it found no limit
    out = limit(f, "x=0")
    assert (out.left_limit, out.right_limit) == (left, right)


def test_a_quotient_where_only_the_doubles_fail():
    # log(1 - sigmoid(37 + h)) has no double (1 - sigmoid rounds to 0); its 60-digit value does
    r = CliRunner().invoke(main, ["limit", "log(1 - sigmoid(x))", "--at", "x=37", "-f", "json"])
    assert r.exit_code == 0, r.stderr
    rows = json.loads(r.stdout)["rows"]
    assert all(abs(row["float"] + 1) < 1e-6 for row in rows)


def test_a_partial_limit_prints_the_input_once():
    """The function of y alone was printed as a second Input ("x**2*y**3 with x = 1"), which
    the user never typed."""
    r = run("limit", "x^2 y^3", "--at", "x=1,y=2", "--wrt", "y", "-f", "text")
    assert r.exit_code == 0
    assert r.stdout.count("Input:") == 1 and "with x = 1" not in r.stdout


@pytest.mark.parametrize("f", ["x*sqrt(x)", "sqrt(x)^3"])
def test_a_kink_needs_values_on_both_sides(f):
    """SymPy's left quotient of x*sqrt(x) at 0 goes through complex numbers to 0: no value
    for derive --at, since f has none on the left (review finding)."""
    r = run("derive", f, "--at", "x=0", "--no-steps")
    assert r.exit_code == 1 and "is not differentiable at x = 0" in r.stderr


def test_a_function_with_no_values_near_the_point_says_so():
    obj = limit("sqrt(x)*sqrt(-x)", "x=0")
    r = run("limit", "sqrt(x)*sqrt(-x)", "--at", "x=0")
    assert r.stdout.rstrip().endswith("f has no values on either side of it")
    assert not (obj.left_defined or obj.right_defined)


@pytest.mark.parametrize("fmt, shown", [
    ("text", "  -1000     -5.07595889754945676529180947957e-432     -5.076e-432\n"),
    ("markdown", r"| $-5.076 \times 10^{-432}$ |"),
    ("latex", r"$-5.076 \times 10^{-432}$"),
    ("json", '"error": null, "error_text": "-5.076e-432"')])
def test_an_error_below_the_double_range_is_not_zero(fmt, shown):
    """x·eˣ at −1000 is −5.08e-432, the limit 0: the error column said -0.000e+00."""
    r = run("limit", "x*exp(x)", "--at", "x=-oo", "-f", fmt)
    assert r.exit_code == 0, r.output
    assert shown in r.stdout


@pytest.mark.parametrize("args, said", [
    (["x^2", "--at", "y=oo"], "error: 'y' does not occur in x**2\n"),
    (["x^2 y", "--at", "x=1,y=2", "--wrt", "z"],
     "error: --wrt z: 'z' does not occur in x**2*y\n")])
def test_a_variable_the_function_lacks_is_named_as_such(args, said):
    """They said "the function must have one variable; it also has x" and "--at gives no
    value for z"."""
    r = run("limit", *args)
    assert r.exit_code == 1
    assert r.output == said


def test_central_at_a_point_without_a_derivative_is_said_to_be_unused():
    """limit abs(x) --at x=0 --central printed the one-sided table, --central dropped
    silently."""
    r = run("limit", "abs(x)", "--at", "x=0", "--central", "-f", "json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["notes"] == [
        "--central is not used: f′ has no value at x = 0, so each side's quotient is shown (a "
        "central one would average them)"]
