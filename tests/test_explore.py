"""tangent, limit, taylor: golden outputs and agreement with SymPy on generated functions."""

from __future__ import annotations

import json
import random
from fractions import Fraction

import pytest
import sympy
from click.testing import CliRunner

from calcdiff.cli import main
from calcdiff.commands.explore import limit, tangent, taylor
from calcdiff.sympy_bridge import to_sympy
from calcdiff.errors import CalcdiffError


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_tangent_text_golden():
    r = run("tangent", "3x^2-4x", "--at", "x=1", "-f", "text", "--no-steps")
    assert r.exit_code == 0
    assert r.stdout.endswith(
        "f(1) = -1\nf′(1) = 2\nTangent line: y = 2*x - 3\nNormal line:  y = -x/2 - 1/2\n"
    )


def test_tangent_json_golden():
    r = run("tangent", "3x^2-4x", "--at", "x=1", "-f", "json")
    obj = json.loads(r.stdout)
    assert obj["at"] == {"x": "1"}
    assert (obj["value"], obj["slope"], obj["tangent"], obj["normal"]) == (
        "-1", "2", "2*x - 3", "-x/2 - 1/2")
    assert obj["derivation"][0]["rule"] == "difference"


FUNCS = ["x^3 - 2x", "sin(x)*x", "exp(-x^2)", "ln(x^2+1)", "sqrt(x+4)", "x/(x^2+1)",
         "atan(2x)", "cos(x)^2", "sigmoid(x)", "x^2*exp(x)", "tanh(x/2)", "(x+1)^5"]


def _generated(n=50):
    rng = random.Random(7)
    for i in range(n):
        f = FUNCS[i % len(FUNCS)]
        a = Fraction(rng.randint(-8, 8), rng.choice([1, 2, 4]))
        yield f, a


@pytest.mark.parametrize("f,a", list(_generated()))
def test_tangent_agrees_with_sympy(f, a):
    t = tangent(f, {"x": a})
    x = sympy.Symbol("x")
    fs = to_sympy(t.reading.expr, rewrite_activations=True)
    a_s = sympy.Rational(a.numerator, a.denominator)
    slope = sympy.diff(fs, x).subs(x, a_s)
    expected = fs.subs(x, a_s) + slope * (x - a_s)
    got = to_sympy(t.tangent, rewrite_activations=True)
    assert sympy.simplify(sympy.expand(expected - got)) == 0 or all(
        abs(complex((expected - got).subs(x, v).evalf())) < 1e-9 for v in (0.3, 1.7, -2.1))


def test_limit_reproduces_the_articles_table():
    table = limit("3x^2-4x", {"x": 1})
    assert [str(r.quotient) for r in table.rows] == [
        "23/10", "203/100", "2003/1000", "20003/10000", "200003/100000"]
    assert [float(r.quotient) for r in table.rows] == [2.3, 2.03, 2.003, 2.0003, 2.00003]
    assert str(table.exact) == "2"


def test_limit_json_row_fields():
    r = run("limit", "3x^2-4x", "--at", "x=1", "-f", "json", "--no-steps")
    obj = json.loads(r.stdout)
    assert obj["exact"] == "2"
    first = obj["rows"][0]
    assert first["h"] == "1/10" and first["quotient"] == "23/10"
    assert first["quotient_float"] == 2.3 and first["error"] == "3/10"
    assert first["error_float"] == 0.3  # a number in every row, a string in "error"
    assert all(isinstance(row["error"], str) and isinstance(row["error_float"], float)
               for row in json.loads(run("limit", "sin(x)", "--at", "x=1", "-f",
                                         "json").stdout)["rows"])
    assert abs(first["float"] - 2.3) < 1e-12


def test_limit_floats_depart_for_sin():
    table = limit("sin(x)", {"x": 1}, rows=11)
    last = table.rows[-1]
    # the exact quotient keeps approaching cos(1); the double-precision one does not
    assert abs(float(last.quotient) - table.exact_float) < 1e-10
    assert abs(last.float - float(last.quotient)) > 1e-7


def test_taylor_exp_golden():
    t = taylor("exp(x)", {"x": 0}, 4)
    assert [str(c) for c in t.coefficients] == ["1", "1", "1/2", "1/6", "1/24"]
    r = run("taylor", "exp(x)", "--at", "x=0", "-n", "4", "-f", "text", "--no-steps")
    assert "  1 + x + x**2/2 + x**3/6 + x**4/24\n" in r.stdout
    obj = json.loads(run("taylor", "exp(x)", "--at", "x=0", "-n", "4", "-f", "json").stdout)
    assert obj["polynomial"] == "x**4/24 + x**3/6 + x**2/2 + x + 1"
    assert obj["coefficients"] == ["1", "1", "1/2", "1/6", "1/24"]


@pytest.mark.parametrize("f,a,n", [
    ("sin(x)", 0, 5), ("cos(x)", 0, 6), ("ln(1+x)", 0, 4), ("exp(2x)", 0, 3),
    ("1/(1-x)", 0, 5), ("sqrt(1+x)", 0, 3), ("x^3 - x", 2, 3), ("atan(x)", 0, 5),
    ("exp(x)*sin(x)", 0, 4), ("tan(x)", 0, 5), ("ln(x)", 1, 4), ("cosh(x)", 0, 4),
])
def test_taylor_agrees_with_sympy_series(f, a, n):
    t = taylor(f, {"x": a}, n)
    x = sympy.Symbol("x")
    fs = to_sympy(t.reading.expr)
    expected = sympy.series(fs, x, a, n + 1).removeO()
    assert sympy.expand(expected - to_sympy(t.polynomial)) == 0


@pytest.mark.parametrize("command", ["tangent", "limit", "taylor"])
def test_bad_input_and_domain(command):
    r = run(command, "ln(x", "--at", "x=1")
    assert r.exit_code == 1 and "Traceback" not in r.stderr
    r = run(command, "ln(x)", "--at", "x=-1")
    assert r.exit_code == 1 and "Traceback" not in r.stderr and r.stderr.startswith("error:")


def test_batch_input(tmp_path):
    f = tmp_path / "t.txt"
    f.write_text("x^2\nsin x\n", encoding="utf-8")
    r = run("tangent", "-i", str(f), "--at", "x=0", "-f", "json", "--no-steps")
    assert [json.loads(line)["tangent"] for line in r.stdout.splitlines()] == ["0", "x"]


def test_plot_png(tmp_path):
    pytest.importorskip("matplotlib")
    out = tmp_path / "t.png"
    r = run("tangent", "3x^2-4x", "--at", "x=1", "--plot", str(out), "-f", "json")
    assert r.exit_code == 0 and out.read_bytes()[:4] == b"\x89PNG"


def test_terminal_plot():
    r = run("tangent", "3x^2-4x", "--at", "x=1", "--plot", "-f", "text", "--no-steps")
    assert r.exit_code == 0
    assert "tangent: y = 2x − 3" in r.stdout  # as the tangent command prints it (rich)
    r = run("tangent", "3x^2-4x", "--at", "x=1", "--plot", "-f", "json", "--no-steps")
    assert json.loads(r.stdout)["tangent"] == "2*x - 3"
    assert "tangent: y = 2x − 3" in r.stderr


@pytest.mark.parametrize("f,at,order,polynomial,remainder", [
    ("e^x", "x=1", 3, "e + e*(x - 1) + e*(x - 1)**2/2 + e*(x - 1)**3/6",
     "exp(xi)*(x - 1)**4/24"),
    ("sin(x)", "x=pi/6", 3,
     "1/2 + sqrt(3)*(x - pi/6)/2 - (x - pi/6)**2/4 - sqrt(3)*(x - pi/6)**3/12",
     "sin(xi)*(x - pi/6)**4/24"),
    ("ln(x)", "x=1", 3, "(x - 1) - (x - 1)**2/2 + (x - 1)**3/3", "-(x - 1)**4/(4*xi**4)"),
    ("sin(x)", "x=0", 5, "x - x**3/6 + x**5/120", "-x**6*sin(xi)/720"),
])
def test_taylor_keeps_x_minus_a_whole(f, at, order, polynomial, remainder):
    # about a ≠ 0 the terms are c*(x - a)**k, as written in the textbook; the linear term
    # was multiplied out (e + e*x - e + …) and (x - pi/6) became (6*x - pi)/6
    r = CliRunner().invoke(main, ["taylor", f, "--at", at, "-n", str(order)])
    assert r.exit_code == 0, r.stderr
    lines = r.stdout.splitlines()
    i = lines.index(next(l for l in lines if l.startswith("Taylor polynomial of order")))
    assert lines[i + 1] == "  " + polynomial
    assert lines[i + 3] == f"  R{order}(x) = {remainder}"


@pytest.mark.parametrize("f,at,terms,remainder", [
    # a sum coefficient keeps its signs inside its brackets (it was -((-(-sin(xi)/120) - …)
    ("sin x + cos x", "x=pi/3", None, "(-sin(xi)/120 + cos(xi)/120)*(x - pi/3)**5"),
    # a negative centre is x + pi/4, not x - (-pi/4)
    ("sin x", "x=-pi/4", "-sqrt(2)/2 + sqrt(2)*(x + pi/4)/2 + sqrt(2)*(x + pi/4)**2/4", None),
])
def test_taylor_coefficients_and_centres_read_as_written(f, at, terms, remainder):
    r = CliRunner().invoke(main, ["taylor", f, "--at", at, "-n", "4" if remainder else "2",
                                  "-f", "json"])
    out = json.loads(r.stdout)
    if terms:
        assert out["polynomial"] == terms  # the JSON polynomial is the terms' sum, as printed
    if remainder:
        assert out["remainder"] == remainder


@pytest.mark.parametrize("text, at, why", [
    ("cbrt(x)", "x=0", "the slopes tend to +∞ from both sides"),
    ("cbrt(x - 1)", "x=1", "the slopes tend to +∞ from both sides"),
    ("sqrt(1 - x^2)", "x=1", "the slopes tend to −∞ from the left (f has no values on the "
                             "other side)"),
])
def test_a_vertical_tangent_is_the_line_x_equals_a(text, at, why):
    """∛x at 0 and the upper half circle at 1: the tangent is x = a, the normal horizontal
    (both were refused: 'division by zero')."""
    t = tangent(text, at)
    assert t.vertical == why and t.slope is None
    assert t.tangent == t.at and t.normal == t.value
    for fmt in ("text", "json", "markdown", "latex", "rich"):
        r = CliRunner().invoke(main, ["tangent", text, "--at", at, "--no-steps", "-f", fmt])
        assert r.exit_code == 0, (fmt, r.output)
    r = CliRunner().invoke(main, ["tangent", text, "--at", at, "--no-steps", "-f", "json"])
    out = json.loads(r.stdout)
    assert out["tangent_vertical"] == at.replace("=", " = ") and out["slope"] is None


@pytest.mark.parametrize("text, message", [
    ("abs(x)", "no tangent line at x = 0: a corner (the slope is -1 from the left and 1 from "
               "the right)"),
    ("cbrt(x)^2", "no tangent line at x = 0: a cusp (the slopes tend to −∞ from the left and "
                  "+∞ from the right)"),
])
def test_a_corner_or_a_cusp_has_no_tangent_and_says_so(text, message):
    r = CliRunner().invoke(main, ["tangent", text, "--at", "x=0"])
    assert r.exit_code == 1 and r.stderr.splitlines()[0] == f"error: {message}"


def test_a_jump_has_no_tangent():
    r = CliRunner().invoke(main, ["tangent", "sign(x)", "--at", "x=0"])
    assert r.exit_code == 1 and "f jumps there" in r.stderr


def test_acot_jumps_at_0():
    # acot (odd, acot(0) = pi/2) jumps from -pi/2: tangent at 0 printed f'(0) = -1
    r = CliRunner().invoke(main, ["tangent", "acot(x)", "--at", "x=0"])
    assert r.exit_code == 1 and r.stderr.splitlines()[0] == (
        "error: no tangent line at x = 0: f jumps there (its values do not approach f(0) = "
        "pi/2)")
    r = CliRunner().invoke(main, ["derive", "acot(x)", "--at", "x=0"])
    assert r.exit_code == 1 and "acot(x) is not differentiable at x = 0" in r.stderr
    r = CliRunner().invoke(main, ["derive", "acot(x)", "--at", "x=1", "-f", "text"])
    assert r.exit_code == 0 and r.stdout.splitlines()[-1] == "At x = 1: -1/2 ≈ -0.5"


def test_a_curves_equation_in_tangent_points_to_its_implicit_slope():
    # it said "an expression cannot hold an assignment ...; give points with --at x=1"
    r = CliRunner().invoke(main, ["tangent", "x^2 + y^2 = 25", "--at", "x=3,y=4"])
    assert r.exit_code == 1
    assert r.stderr == (
        "error: tangent takes a function, f(x) or y = f(x); this is the equation of a curve\n"
        "  x^2 + y^2 = 25\n            ^\n"
        "hint: its slope at a point of it is the implicit derivative: calcdiff derive "
        "\"x^2 + y^2 = 25\" --at x=3,y=4 (both coordinates); the tangent line is then "
        "y - y0 = m(x - x0)\n")
    r = CliRunner().invoke(main, ["tangent", "y = x^2", "--at", "x=1", "-f", "text"])
    assert r.exit_code == 0 and "Tangent line: y = 2*x - 1" in r.stdout


def test_a_normal_line_through_a_negated_product_has_one_minus():
    """It printed sqrt(2)*sqrt(pi)/2 - (-(-sqrt(2)*sqrt(pi)*(x - pi/2)))."""
    from calcdiff.commands.explore import tangent
    from calcdiff.tree.printer import to_plain

    t = tangent("sqrt(x)", {"x": "pi/2"})
    assert to_plain(t.normal) == "sqrt(2)*sqrt(pi)/2 - sqrt(2)*sqrt(pi)*(x - pi/2)"


@pytest.mark.parametrize("text, at, slope", [("cbrt(x)", "x=-8", "1/12"),
                                              ("root(x, 5)", "x=-1", "1/5")])
def test_a_limit_of_a_real_root_left_of_zero(text, at, slope):
    """An internal error (TypeError: cannot convert complex to float): the 40-digit
    quotients took SymPy's principal cube root, complex there."""
    r = CliRunner().invoke(main, ["limit", text, "--at", at, "-f", "json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["exact"] == slope and all(abs(row["error_float"]) < 1e-4
                                         for row in out["rows"][2:])


def test_a_vertical_tangent_on_one_side_says_which():
    """x^x at 0 said the slopes tend to −∞ "from both sides": SymPy's limit from the left,
    where x^x has no real values, came back −∞ too."""
    r = CliRunner().invoke(main, ["tangent", "x^x", "--at", "x=0", "-f", "json", "--no-steps"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert "from the right (f has no values on the other side)" in json.dumps(out)
    assert "from both sides" not in json.dumps(out)


@pytest.mark.parametrize("expr,at,message", [
    ("ln x", "x=-1", "log(x) is not defined at x = -1 (log(x) needs x > 0)"),
    ("sqrt(x)", "x=-4", "sqrt(x) is undefined at x = -4"),
    ("1/x", "x=0", "1/x is undefined at x = 0 (division by zero)"),
])
def test_a_tangent_outside_the_domain_says_where(expr, at, message):
    # it said "log(x) is undefined here"
    with pytest.raises(CalcdiffError) as info:
        tangent(expr, at=at)
    assert info.value.message == message


@pytest.mark.parametrize("command,text,at", [
    ("tangent", "y = x^3 at x = 1", "x=1"), ("tangent", "sin x at x = pi/4", "x=pi/4"),
    ("limit", "x^2 at x = 1", "x=1"), ("taylor", "sin(x) at x = 0", "x=0"),
    ("taylor", "x^2 y at x = 1, y = 2", "x=1,y=2"), ("limit", "1/n at n = oo", "n=oo"),
])
def test_a_point_at_the_end_of_the_expression(command, text, at):
    # click said "Missing option '--at'"; then the Input line echoed the text without it
    inline = run(command, text, "--no-steps", "-f", "text")
    given = run(command, text[:text.index(" at ")], "--at", at, "--no-steps", "-f", "text")
    assert inline.exit_code == 0 and given.exit_code == 0
    assert inline.stdout.startswith(f"Input:    {text}\n")
    words = text[text.index(" at ") + 1:]
    assert f"{words} read as the point --at {at}" in inline.stdout
    assert inline.stdout.split("\n\n", 1)[1] == given.stdout.split("\n\n", 1)[1]


def test_no_point_at_all_says_how_to_give_one():
    for command in ("tangent", "limit", "taylor"):
        r = run(command, "x^3")
        assert r.exit_code == 1
        assert "give the point with --at, for example --at x=1" in r.stderr


def test_the_expressions_point_over_the_options():
    both = run("tangent", "x^3 at x = 1", "--at", "x=2", "--no-steps")
    assert both.exit_code == 0 and "Tangent line: y = 3*x - 2" in both.stdout
    mixed = run("taylor", "x^2 y at x = 1", "--at", "y=2", "--no-steps")
    assert mixed.exit_code == 0 and "at (y, x) = (2, 1)" in mixed.stdout


@pytest.mark.parametrize("command,text,at", [
    ("tangent", "x^2 at 3", "x=3"),  # said "a number cannot follow 't' directly"
    ("limit", "x^2 at 1", "x=1"), ("taylor", "e^x at 0", "x=0"),
    ("taylor", "x^2 y at (1, 2)", "x=1,y=2"),
])
def test_a_point_of_the_functions_variables_in_order(command, text, at):
    inline = run(command, text, "--no-steps", "-f", "text")
    given = run(command, text[:text.index(" at ")], "--at", at, "--no-steps", "-f", "text")
    assert inline.exit_code == 0 and given.exit_code == 0
    assert inline.stdout.split("\n\n", 1)[1] == given.stdout.split("\n\n", 1)[1]
    assert f"read as the point --at {at}" in inline.stdout


def test_a_point_with_too_few_values_needs_its_variables():
    r = run("tangent", "x^2 y at 3")
    assert r.exit_code == 1
    assert r.stderr.startswith("error: the point needs its variable\n  x^2 y at 3\n")


@pytest.mark.parametrize("text, line", [
    # the exercise's own words (they were "unexpected character '='")
    ("tangent line to y = x^2 at x = 1", "2*x - 1"),
    ("the tangent to f(x) = sin x at x = 0", "x"),
    ("find the equation of the tangent line to the curve y = x^3 - 2x at x = 1", "x - 2"),
])
def test_the_tangent_lines_own_words_before_its_function(text, line):
    r = run("tangent", text, "-f", "json")
    assert r.exit_code == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["tangent"] == line and out["input"] == text


def test_an_error_after_the_tangents_words_points_into_the_whole_input():
    r = run("tangent", "tangent line to y = x^2 + at x = 1")
    assert r.exit_code == 1
    assert r.stderr.splitlines()[1] == "  tangent line to y = x^2 + at x = 1"


@pytest.mark.parametrize("command", [["taylor", "u^2 at 3"], ["tangent", "u^2 at 3"],
                                     ["limit", "u^2 at 3"]])
def test_bare_coordinates_go_to_the_variables_after_the_lets(command):
    """taylor "u^2 at 3" --let u=x+1 gave the value to u, which the definition replaces."""
    r = run(*command, "--let", "u=x+1", "-f", "json")
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout)["at"] == {"x": "3"}
