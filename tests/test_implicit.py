"""Implicit differentiation: derive of an equation, against SymPy's ``idiff`` (the SymPy tree
built from ours), and through the command line."""

from __future__ import annotations

import json
import shutil

import pytest
import sympy as sp
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from calcdiff.cli import main
from calcdiff.commands.differentiate import derive
from calcdiff.commands.implicit import equation_sides
from calcdiff.errors import CalcdiffError
from calcdiff.results_implicit import ImplicitDerivative
from calcdiff.sympy_bridge import to_sympy
from calcdiff.tree.nodes import Add, Call, Mul, Num, Pow, Sym
from calcdiff.tree.printer import to_plain
from tests.test_render_latex import _compile

X, Y = sp.symbols("x y")


def run(*args):
    return CliRunner().invoke(main, list(args), env={}, catch_exceptions=False)


def matches_idiff(text: str, n: int = 1) -> bool:
    r = derive(text, order=n)
    assert isinstance(r, ImplicitDerivative)
    reference = sp.idiff(to_sympy(r.expr), Y, X, n)
    return sp.simplify(to_sympy(r.result) - reference) == 0


@pytest.mark.parametrize("text", ["x^2 + y^2 = 25", "x y + sin y = x", "e^(xy) = x + y",
                                  "y = x + y^3", "x^3 + y^3 = 6 x y"])
@pytest.mark.parametrize("n", [1, 2])
def test_examples_match_idiff(text, n):
    assert matches_idiff(text, n)


@pytest.mark.parametrize("text", ["y = sin(xy)", "y = e^(xy)", "y = 1 + xy^2", "y = xy + 1",
                                  "y = xtany", "find dy/dx if y = sin(xy)"])
def test_y_inside_a_run_of_letters_on_the_right_makes_an_equation(text):
    # xy is x*y: y is on both sides, differentiated implicitly, not held constant
    assert matches_idiff(text)


@pytest.mark.parametrize("text", ["x^2 + y^2 = 25", "y = x + y^3"])
def test_third_order_matches_idiff(text):
    assert matches_idiff(text, 3)


def test_the_circle():
    r = derive("x^2 + y^2 = 25")
    assert (str(r.coefficient), str(r.rest), str(r.first)) == ("2*y", "-2*x", "-x/y")
    assert [p.step.rule for p in r.sides] == ["sum", "constant"]
    assert str(derive("x^2 + y^2 = 25", order=2).result) == "-(x**2 + y**2)/y**3"
    assert str(derive("x^2 + y^2 = 25", order=3).result) == "-3*x*(x**2 + y**2)/y**5"


def test_equation_or_definition():
    assert equation_sides("x^2 + y^2 = 25") == ("x^2 + y^2 ", " 25", 10)
    assert equation_sides("y = x^2") is None  # a definition
    assert equation_sides("f(x) = 3x") is None
    assert equation_sides("y = x + y^2") is not None  # y on both sides


@pytest.mark.parametrize("text", ["cos(y) = x", "sin(y) = x", "ln(y) = x", "sin(xy) = x",
                                  "exp(xy) = 2", "sqrt(xy) = 1", "xy = 1", "tan(x y) = y",
                                  "xy = e^(x - y)", "xy = x + y", "xy = ln(y)",
                                  "xy = sin(x + y)"])
def test_a_known_functions_name_or_a_product_on_the_left_is_an_equation(text):
    """``cos(y) = x`` does not define cos, and ``xy = 1`` does not define xy: both are
    equations, differentiated implicitly (they were read as definitions: d/dx x = 1)."""
    assert equation_sides(text) is not None
    assert matches_idiff(text)


def test_a_subscripted_name_equal_to_a_number_stays_a_point():
    """x0 = 3 is a point (the hint names --at), not an equation in y."""
    assert equation_sides("x0 = 3") is None and equation_sides("x_1 = 3") is None
    assert equation_sides("ab = 3") is None  # no y: not the hyperbola


def test_a_known_function_defined_by_its_formula_is_a_definition():
    assert equation_sides("sigmoid(x) = 1/(1 + e^-x)") is None
    r = derive("sigmoid(x) = 1/(1 + e^-x)")
    assert to_plain(r.result) == "exp(-x)/(exp(-x) + 1)**2"


def test_the_dependent_variable_is_an_option():
    r = derive("s^2 + t^2 = 1", wrt=["t"], dependent="s")
    assert (r.dependent, r.independent, str(r.first)) == ("s", "t", "-t/s")


_terms = st.one_of(
    st.builds(lambda a, b, c: Mul((Num(a), Pow(Sym("x"), Num(b)), Pow(Sym("y"), Num(c)))),
              st.integers(1, 3), st.integers(0, 2), st.integers(1, 3)),
    st.builds(lambda f, k: Call(f, (Mul((Num(k), Sym("y"))),)), st.sampled_from(["sin", "exp"]),
              st.integers(1, 2)),
    st.builds(lambda k: Mul((Num(k), Sym("x"))), st.integers(1, 3)),
)


@settings(max_examples=15, deadline=None)
@given(st.lists(_terms, min_size=2, max_size=3), st.integers(1, 5))
def test_generated_equations_match_idiff(terms, c):
    lhs = Add(terms)
    if "y" not in lhs.free or "x" not in lhs.free:
        return
    text = f"{to_plain(lhs)} = {c}"
    assert matches_idiff(text)


# -- the command line ----------------------------------------------------------------------------


def test_cli_circle_at_a_point():
    r = run("derive", "x^2 + y^2 = 25", "--at", "x=3,y=4", "-f", "text", "--no-steps")
    assert r.exit_code == 0
    lines = r.stdout.splitlines()
    assert lines[-2:] == ["Result:   dy/dx = -x/y", "At x = 3, y = 4 (on the curve): -3/4 ≈ -0.75"]
    assert "  (2*y)*y' = -2*x" in lines


def test_cli_point_off_the_curve():
    r = run("derive", "x^2 + y^2 = 25", "--at", "x=3,y=5", "-f", "text")
    assert r.exit_code == 1
    assert r.stdout == ""
    assert r.stderr.splitlines()[0] == ("error: the point x = 3, y = 5 is not on the curve: "
                                        "the left side is 34, the right side 25")


@pytest.mark.parametrize("text, first", [("x y + sin y = x", "(1 - y)/(x + cos(y))"),
                                         ("e^(xy) = x + y",
                                          "(-y*exp(x*y) + 1)/(x*exp(x*y) - 1)")])
def test_cli_json(text, first):
    r = run("derive", text, "-f", "json")
    assert r.exit_code == 0
    obj = json.loads(r.stdout)
    assert obj["derivative"] == first
    assert obj["dependent"] == "y" and obj["independent"] == "x"
    assert len(obj["derivation"]) == 2  # one root step per side


def test_cli_second_derivative():
    r = run("derive", "x^2 + y^2 = 25", "-n", "2", "-f", "text", "--no-steps")
    assert r.exit_code == 0
    assert r.stdout.splitlines()[-1] == "Result:   d^2y/dx^2 = -(x**2 + y**2)/y**3"


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "latex", "rich"])
def test_every_format(fmt):
    r = run("derive", "x^2 + y^2 = 25", "-n", "2", "-f", fmt)
    assert r.exit_code == 0 and r.stdout.strip()


def test_rich_tree():
    r = run("derive", "x^2 + y^2 = 25", "--at", "x=3,y=4", "-f", "rich", "--no-steps")
    lines = r.stdout.splitlines()
    assert "3. Solve for y′:  dy/dx = −x/y" in lines
    assert lines[-1] == "At x = 3, y = 4 (on the curve)  -3/4  ≈ -0.75"


def test_cli_no_dependent_variable():
    r = run("derive", "x^2 = 4", "-f", "text")
    assert r.exit_code == 1
    assert r.stderr.splitlines()[0] == ("error: this equation is in x alone: nothing in it "
                                        "depends on x, so there is no derivative to find "
                                        "implicitly")
    # with another variable, but not y, the dependent variable is what is missing
    r = run("derive", "x^2 = a", "--dependent", "y", "-f", "text")
    assert r.exit_code == 1
    assert r.stderr.splitlines()[0] == ("error: the equation does not contain y, the dependent "
                                        "variable")


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed")
def test_latex_compiles(tmp_path):
    docs = {
        "implicit": run("derive", "x y + sin y = x", "-n", "2", "--at", "x=0,y=0", "-f",
                        "latex").stdout,
        "unknown": run("derive", "f(x)*g(x) + phi(x^2) + h(x, x^2)", "-n", "4", "-f",
                       "latex").stdout,
    }
    for name, source in docs.items():
        (tmp_path / name).mkdir()
        ok, log = _compile(source, tmp_path / name)
        assert ok, log


def test_jupyter_statement():
    r = derive("x^2 + y^2 = 25", at="x=3,y=4")
    assert r._repr_latex_() == (r"$$x^{2} + y^{2} = 25,\quad \frac{dy}{dx} = \frac{-x}{y},\quad "
                                r"\frac{dy}{dx}\Big|_{x = 3,\ y = 4} = -\frac{3}{4}$$")


def test_cli_vertical_tangent():
    r = run("derive", "x^2 + y^2 = 25", "--at", "x=5,y=0", "-f", "text")
    assert r.exit_code == 1
    assert r.stderr.splitlines()[0] == (
        "error: dy/dx is undefined at x = 5, y = 0: -x/y has no value there (division by zero) "
        "(a vertical tangent or a singular point of the curve)")


def test_cli_check_is_refused_for_an_equation():
    r = run("derive", "x^2 + y^2 = 25", "--check", "-f", "text")
    assert r.exit_code == 1
    assert r.stderr.splitlines()[0] == ("error: --check is not available for implicit "
                                        "differentiation (an equation)")


# a request written around the equation: (text, dy/dx's dependent, independent, order, words)
REQUESTS = [
    ("find dy/dx if x^2 + y^2 = 25", "y", "x", 1, "find dy/dx if"),
    ("dy/dx of x^2 + y^2 = 25", "y", "x", 1, "dy/dx of"),
    ("Find dy/dx by implicit differentiation: x^2 + y^2 = 25", "y", "x", 1,
     "Find dy/dx by implicit differentiation"),
    ("implicitly differentiate x^2 + y^2 = 25", "y", "x", 1, "implicitly differentiate"),
    ("the derivative of x^2 + y^2 = 25 with respect to x", "y", "x", 1,
     "the derivative of … with respect to x"),
    ("x^2 + y^2 = 25 wrt x", "y", "x", 1, "wrt x"),
    ("d/dx (x^2 + y^2 = 25)", "y", "x", 1, "d/dx"),
    ("x^2 + y^2 = 25, find dy/dx", "y", "x", 1, "find dy/dx"),
    ("x^2 + y^2 = 25; y' = ?", "y", "x", 1, "y' = ?"),
    ("y' if x^2 + y^2 = 25", "y", "x", 1, "y' if"),
    ("find y'' given x^2 + y^2 = 25", "y", "x", 2, "find y'' given"),
    ("d^2y/dx^2 of x^2 + y^2 = 25", "y", "x", 2, "d^2y/dx^2 of"),
    ("d2y/dx2 of x^2 + y^2 = 25", "y", "x", 2, "d2y/dx2 of"),  # the order in plain digits
    ("find the second derivative of x^2 + y^2 = 25", "y", "x", 2,
     "find the second derivative of"),
    ("find dx/dy if x^2 + y^2 = 25", "x", "y", 1, "find dx/dy if"),
]


@pytest.mark.parametrize("text, dep, ind, n, words", REQUESTS)
def test_a_request_around_an_equation(text, dep, ind, n, words):
    r = derive(text)
    assert isinstance(r, ImplicitDerivative)
    assert (r.dependent, r.independent, r.input) == (dep, ind, text)
    same = derive("x^2 + y^2 = 25", order=n, dependent=dep, wrt=ind)
    assert r.result == same.result
    assert r.reading.notes[0].message.startswith(f"{words!r} read as a request")


@pytest.mark.parametrize("args, result", [
    (["-n", "2"], "dy/dx = -x/y"), (["-x", "y"], "dy/dx = -x/y"),
    (["--dependent", "x"], "dy/dx = -x/y")])
def test_the_words_around_an_equation_win_over_the_options_as_an_expressions_do(args, result):
    # as d/dx x^5 -n 2 is the first derivative, with a note naming the option not used
    r = run("derive", "find dy/dx if x^2 + y^2 = 25", *args, "-f", "text", "--no-steps")
    assert r.exit_code == 0 and r.stdout.splitlines()[-1] == f"Result:   {result}"
    assert f"the input asks for its own derivative; {' '.join(args)} on the command" in r.stdout
    assert "'find dy/dx if' read as a request: dy/dx of" in r.stdout  # quoted as written
    if args[0] != "--dependent":  # (no --dependent for an expression)
        r = run("derive", "d/dx x^5", *args[:2], "-f", "text", "--no-steps")
        assert "the input asks for its own derivative" in r.stdout
    # what the words leave open, the options say; the same option as the words', no note
    r = run("derive", "x^2 + y^2 = 25 wrt x", "--dependent", "y", "-f", "text", "--no-steps")
    assert "not used" not in r.stdout
    r = run("derive", "find d^2y/dx^2 if x^2 + y^2 = 25", "-n", "2", "-f", "text", "--no-steps")
    assert "not used" not in r.stdout
    assert r.stdout.splitlines()[-1] == "Result:   d^2y/dx^2 = -(x**2 + y**2)/y**3"


@pytest.mark.parametrize("text", ["dy/dx = x + y", "dy/dx + y = x", "y' = x^2 + y"])
def test_a_differential_equation_is_not_a_request_around_one(text):
    r = run("derive", text, "-f", "text")
    assert "read as a request: dy/dx of the equation" not in r.stdout + r.stderr


def test_a_differential_equation_in_plain_digits_is_refused():
    r = run("derive", "d2y/dx2 = x^4", "-f", "text")
    assert r.exit_code == 1 and "differential equation" in r.stderr


def test_a_quotient_by_a_name_with_digits_is_no_request():
    """d2/x is d2 over x; d2/dx x (no digits after dx) is no ASCII second derivative."""
    assert derive("d2/x", wrt="x").result == derive("-d2/x^2", wrt="x").reading.expr
    r = run("derive", "d2/dx x", "-f", "json", "--no-steps")
    assert r.exit_code == 0 and "read as a request" not in r.stdout


def test_a_definition_after_if_is_read_as_one():
    r = run("derive", "dy/dx if y = x^3", "-f", "text", "--no-steps")
    assert r.exit_code == 0 and r.stdout.splitlines()[-1] == "Result:   d/dx [x**3] = 3*x**2"


def test_an_error_inside_the_equation_echoes_the_whole_request():
    r = run("derive", "find dy/dx if x^2 + y^2 = 2 5")
    assert r.exit_code == 1
    assert r.stderr.splitlines()[1:3] == ["  find dy/dx if x^2 + y^2 = 2 5",
                                          "                              ^"]


@pytest.mark.parametrize("fmt, line", [("text", "Reading:  x**2 + y**2 = 25"),
                                       ("rich", "Reading  x² + y² = 25"),
                                       ("markdown", "- **Reading:** $x^{2} + y^{2} = 25$")])
def test_parse_shows_an_equation_as_derive_reads_it(fmt, line):
    r = run("parse", "x^2 + y^2 = 25", "-f", fmt)
    assert r.exit_code == 0 and line in r.stdout.splitlines()
    obj = json.loads(run("parse", "x y + sin y = x", "-f", "json").stdout)
    assert obj["expr"] == "x*y + sin(y) = x"


@pytest.mark.parametrize("text, words", [
    ("f(x)=x^3, find f'(y)", "asks for a derivative by y, but the definition is a function of x"),
    ("f(t) = t^3, find f'(x)", "asks for a derivative by x, but the definition is a function of t"),
])
def test_a_request_by_another_variable_than_the_definitions_is_refused(text, words):
    """f'(y) is f′ at y, no derivative by y: it answered 0 (review finding)."""
    r = run("derive", text, "--no-steps")
    assert r.exit_code == 1 and words in r.stderr


def test_an_error_in_a_definition_in_request_words_echoes_the_whole_input():
    r = run("derive", "find dy/dx if y = foo(x)")
    assert r.exit_code == 1
    assert r.stderr.splitlines()[1] == "  find dy/dx if y = foo(x)"


@pytest.mark.parametrize("text, derivative, order, note", [
    # a definition with the request after it (they said "'find' … cannot read here")
    ("y = x^2, find dy/dx", "2*x", 1, "'find dy/dx' read as a request: differentiate by x"),
    ("y = x^3, dy/dx", "3*x**2", 1, "'dy/dx' read as a request: differentiate by x"),
    ("find dy/dx: y = x^2", "2*x", 1, "'find dy/dx' read as a request: differentiate by x"),
    ("y = x^2, find d^2y/dx^2", "2", 2,  # the y of d^2y is no y on the right
     "'find d^2y/dx^2' read as a request: differentiate by x, x"),  # its order said
    ("f(x) = x^3, find f'(x)", "3*x**2", 1,
     "\"find f'(x)\" read as a request: differentiate by x"),
    ("g(t) = t^3, find g'(t)", "3*t**2", 1,
     "\"find g'(t)\" read as a request: differentiate by t"),
    # before it: one note for the words (there were two: 'find' and dy/dx)
    ("find dy/dx if y = x^2", "2*x", 1,
     "'find dy/dx if' read as a request: differentiate by x"),
])
def test_a_definition_inside_request_words(text, derivative, order, note):
    obj = json.loads(run("derive", text, "-f", "json", "--no-steps").stdout)
    assert (obj["derivative"], obj["order"]) == (derivative, order)
    assert obj["notes"][0] == note
    assert sum("request" in n for n in obj["notes"]) == 1


@pytest.mark.parametrize("text, expr", [
    ("find dy/dx if x^2 + y^2 = 25", "x**2 + y**2 = 25"),  # "unexpected '='"
    ("find dy/dx if x = tan(y)", "x = tan(y)"),  # was tan(y), by x: 0
    ("find dx/dy if y = x^2", "y = x**2"),
    ("x^2 sin x.", "x**2*sin(x)"),  # "unexpected character '.'"
    ("y = x^2, find dy/dx", "x**2"),  # a definition in request words, as derive reads it
    ("find dy/dx: y = x^2", "x**2"),
    ("ln(-1)", "log(-1)"),  # a reading, even of a number with no value
])
def test_parse_reads_what_derive_reads(text, expr):
    r = run("parse", text, "-f", "json")
    assert r.exit_code == 0, r.output
    obj = json.loads(r.stdout)
    assert obj["expr"] == expr
    if "find" in text and "if" in text:
        assert "read as a request to differentiate the equation implicitly" in obj["notes"][0]


@pytest.mark.parametrize("text, equation, dep, ind", [
    ("find dy/dx if x = tan(y)", "x - tan(y)", "y", "x"),
    ("find dy/dx if x = e^y", "x - exp(y)", "y", "x"),
    ("find dy/dx if x = y^2 + 1", "x - y**2 - 1", "y", "x"),
    ("find dx/dy if y = x^2", "y - x**2", "x", "y"),
    ("x = y^2 wrt x", "x - y**2", "y", "x"),
])
def test_a_request_for_another_variable_makes_a_definition_an_equation(text, equation, dep, ind):
    """x = tan(y) defines x; asked for dy/dx, it is an equation (it answered 0: the
    derivative of tan(y) by x)."""
    r = derive(text)
    assert isinstance(r, ImplicitDerivative) and (r.dependent, r.independent) == (dep, ind)
    d, i = sp.Symbol(dep), sp.Symbol(ind)
    reference = sp.idiff(sp.sympify(equation), d, i)
    assert sp.simplify(to_sympy(r.result) - reference) == 0


def test_the_definitions_own_derivative_stays_a_definition():
    assert str(derive("find dy/dx if y = x^2").result) == "2*x"


def test_related_rates_are_refused_not_answered_zero():
    r = run("derive", "find dy/dt if x^2 + y^2 = 25")
    assert r.exit_code == 1 and r.stdout == ""
    assert r.stderr.splitlines()[0] == (
        "error: the equation does not contain t: with x held constant, dy/dt would be 0, but "
        "in a related-rates problem x depends on t too")
    assert str(derive("y^2 = 5").result) == "0"  # no other variable: y is constant


@pytest.mark.parametrize("text, dep, ind, equation", [
    ("y = x^2 wrt y", "x", "y", "y - x**2"),
    ("t = x^2 + x wrt t", "x", "t", "t - x**2 - x"),
    ("x^2 + y^2 = 25 wrt y", "x", "y", "x**2 + y**2 - 25"),
])
def test_by_y_or_by_a_letter_without_y_the_other_letter_depends(text, dep, ind, equation):
    """The dependent variable is y unless the request differentiates by y, or the equation
    has no y: then the one other letter (it was an error: y cannot depend on itself)."""
    r = derive(text)
    assert (r.dependent, r.independent) == (dep, ind)
    reference = sp.idiff(sp.sympify(equation), sp.Symbol(dep), sp.Symbol(ind))
    assert sp.simplify(to_sympy(r.result) - reference) == 0


@pytest.mark.parametrize("text, result", [
    (r"g\left(t\right)=\sin\left(t\right)", "cos(t)"), (r"y\left(x\right)=x^2", "2*x"),
    (r"f\left(x\right)=x^{2}", "2*x"), (r"f\bigl(x\bigr) = x^3", "3*x**2"),
])
def test_a_latex_definition_with_sized_brackets_is_a_definition(text, result):
    """g\\left(t\\right) = …, as Desmos and MathQuill export it: a definition, not the
    equation g·t = sin t (dt/dx = 0)."""
    assert not isinstance(derive(text), ImplicitDerivative)
    assert to_plain(derive(text).result) == result


@pytest.mark.parametrize("text", ["x^2 + y^2 = 25 at (3, 4)", "x^2 + y^2 = 25 at x = 3, y = 4",
                                  "x^2 + y^2 = 25 at the point (3, 4)",
                                  "x^2 + y^2 = 25 when x = 3 and y = 4"])
def test_an_equations_point_in_words(text):
    """The slope at (3, 4) as a textbook asks it ('unexpected ,' or an --at hint before)."""
    r = derive(text)
    assert isinstance(r, ImplicitDerivative) and to_plain(r.value) == "-3/4"
    assert r.input == text


@pytest.mark.parametrize("y", ["y_1", "theta_0", "y_a"])
def test_a_dependent_variable_with_a_subscript(y):
    """--dependent y_1: y_1 is no unknown function's name (f_1 is a partial derivative's),
    so the steps write y1(x); it was 'no term holds y_1′' or 'no derivative rule'."""
    r = derive(f"{y}^2 + x^2 = 25", order=2, dependent=y)
    assert to_plain(r.first) == f"-x/{y}"
    assert to_plain(r.result) in (f"-(x**2 + {y}**2)/{y}**3", f"-({y}**2 + x**2)/{y}**3")


def test_a_pair_is_x_then_y_whichever_depends_on_which():
    """(3, 4) is x = 3, y = 4 also for dx/dy (it followed the roles: y = 3, x = 4)."""
    r = derive("x^2 + y^2 = 25 at (3, 4)", dependent="x", wrt="y")
    assert {k: to_plain(v) for k, v in r.at.items()} == {"x": "3", "y": "4"}
    assert to_plain(r.value) == "-4/3"


def test_a_point_in_latex_words_is_the_equations_point():
    # x^2 + y^2 = 25 \text{ at } (3,4) was "unexpected ','"
    d = derive(r"x^2 + y^2 = 25 \text{ at } (3,4)")
    assert to_plain(d.value) == "-3/4"


def test_a_point_written_with_its_digits_cut_off_is_on_the_curve_within_the_doubles():
    # 1/√2 to the last digit of a double was "not on the curve", the sides in 31 digits
    d = derive("x^2+y^2=1", at="x=0.7071067811865476,y=0.7071067811865476")
    assert d.value_float == pytest.approx(-1.0)
    with pytest.raises(CalcdiffError) as info:
        derive("x^2+y^2=1", at="x=0.7,y=0.7")
    assert info.value.message.endswith("the left side is 0.98, the right side 1")
    with pytest.raises(CalcdiffError):
        derive("x^2+y^2=25", at="x=3,y=5")  # whole numbers: exact, as before


@pytest.mark.parametrize("text, result", [
    ("\\phi(t) = t^3", "d/dt [t**3] = 3*t**2"), ("ϕ(t) = t^3", "d/dt [t**3] = 3*t**2"),
    ("\\gamma(t) = t^3", "d/dt [t**3] = 3*t**2"), ("\\Phi(t) = t^3", "d/dt [t**3] = 3*t**2"),
    ("\\sigma(z) = \\frac{1}{1+e^{-z}}", "d/dz [1/(1 + exp(-z))] = exp(-z)/(exp(-z) + 1)**2"),
])
def test_a_greek_name_defined_in_latex_is_a_definition(text, result):
    """\\phi(t) = t^3 was the equation phi(t) = t**3 in t(x), answered dt/dx = 0 (and
    \\gamma(t) = t^3 "does not contain y"); ϕ (U+03D5, what \\phi renders) was refused."""
    r = run("derive", text, "-f", "text", "--no-steps")
    assert r.exit_code == 0, r.output
    assert r.stdout.splitlines()[-1] == f"Result:   {result}"


def test_a_coefficient_of_y_prime_that_cancels_is_an_error():
    # it divided by 0 in disguise and answered dy/dx = 0
    r = run("derive", "sigmoid(y) - 1/(1+exp(-y)) = x", "-f", "text", "--no-steps")
    assert r.exit_code == 1 and "the terms holding y′ cancel" in r.stderr
    r = run("derive", "x y + exp(-40 y) = 3", "-f", "text", "--no-steps")  # small, not 0
    assert r.stdout.splitlines()[-1] == "Result:   dy/dx = -y/(x - 40*exp(-40*y))"


@pytest.mark.parametrize("text, claim", [
    ("d^2f/dxdy of f = x^2y^3", "∂^2/∂x∂y [x**2*y**3] = 6*x*y**2"),
    ("∂²f/∂x∂y of f = x²y³", "∂^2/∂x∂y [x**2*y**3] = 6*x*y**2"),
    ("d^2 z/dx dy of z = x^2 y^3", "∂^2/∂x∂y [x**2*y**3] = 6*x*y**2"),
    ("\\frac{d^2 f}{dxdy} of f = x^2 y^3", "∂^2/∂x∂y [x**2*y**3] = 6*x*y**2"),
    ("d^3f/dxdydz of f = x y^2 z", "∂^3/∂x∂y∂z [x*y**2*z] = 2*y"),
])
def test_a_mixed_partial_asked_of_a_definition(text, claim):
    """d^2f/dxdy of f = … differentiated twice by a variable named xdy and answered 0; the
    ∂ forms were refused ("'of' is a word")."""
    r = run("derive", text, "-f", "text", "--no-steps")
    assert r.exit_code == 0, r.output
    assert r.stdout.splitlines()[-1] == f"Result:   {claim}"
    r = run("derive", "d^2y/dxdt of x^2 + y^2 = t", "-f", "text")
    assert r.exit_code == 1 and "asks for a mixed partial derivative" in r.stderr


@pytest.mark.parametrize("args, last", [
    (["g(y) + x*y = 3"], "Result:   dy/dx = -y/(x + g'(y))"),  # an unknown function: no value
    (["y*(abs(x) - x) = 1", "-x", "x"], "Result:   dy/dx = y/abs(x)"),  # 0 only for x > 0
])
def test_a_coefficient_that_is_0_somewhere_is_no_identity(args, last):
    """The cancel check crashed on g'(y) (internal error: KeyError) and called abs(x) - x 0
    "wherever it is defined", drawing only positive values."""
    r = run("derive", *args, "-f", "text", "--no-steps")
    assert r.exit_code == 0, r.output
    assert r.stdout.splitlines()[-1] == last
    r = run("derive", "y*relu(x - 3) + y*relu(x - 4) + x = 1", "-x", "x", "-f", "json",
            "--no-steps")
    assert r.exit_code == 0, r.output


@pytest.mark.parametrize("text, claim", [
    ("A = pi*radius^2, find d^2A/dradius^2", "d^2/dradius^2 [pi*radius**2] = 2*pi"),
    ("find d^2y/dxdx if x^2+y^2=25", "d^2y/dx^2 = -(x**2 + y**2)/y**3"),
    ("d^2f/dydx of f = x^3 y^2", "∂^2/∂y∂x [x**3*y**2] = 6*x**2*y"),
])
def test_a_denominator_splits_only_between_one_letter_variables(text, claim):
    """d^2A/dradius^2 was read as by 'ra' and 'ius' (answer 0); dxdx as a mixed partial."""
    r = run("derive", text, "--vars", "A,radius,f,x,y", "-f", "text", "--no-steps")
    assert r.exit_code == 0, r.output
    assert r.stdout.splitlines()[-1] == f"Result:   {claim}"
    r = run("derive", "f = x^2 y, find d^3f/dxdy", "-f", "text", "--no-steps")
    assert r.exit_code == 1 and "order 3 does not match its denominator" in r.stderr
    r = run("derive", "x^2 + y^2 = 25, find dy/dx directly", "-f", "text")
    assert "does not match" not in r.stderr


@pytest.mark.parametrize("text, claim", [
    ("y^{(2)} = e^{(2x)}", "d^2/dx^2 [exp(2*x)] = 4*exp(2*x)"),
    ("f^{(3)}(x) = x^{(5/2)}", "d^3/dx^3 [x**(5/2)] = 15/(8*sqrt(x))"),
])
def test_a_bracketed_exponent_on_the_right_is_no_index(text, claim):
    # any ^{( on the right was taken for a layer index, and the request refused
    r = run("derive", text, "-f", "text", "--no-steps")
    assert r.exit_code == 0 and r.stdout.splitlines()[-1] == f"Result:   {claim}"


# bug hunt 11: a known function spelled another way is no definition's name; x(…) is a product


@pytest.mark.parametrize("text", ["log_2(x) = y", "log10(x) = y", "Sin(x) = y", "LN(x) = y",
                                  "Exp(x) = y", "Sqrt(x) = y", "Arctan(x) = y", "Tan(y) = x",
                                  "log_{10}(y) = x", "log_2(x y) = y", "Log(x) = y"])
def test_a_function_spelled_another_way_states_an_equation(text):
    # log_2(x) = y was read as a definition of log_2: the derivative of y by x, 0
    assert matches_idiff(text)


@pytest.mark.parametrize("text", ["x(y + 2) = y^3", "y(x^2 + 1) = 2x", "x(x^2 + y^2) = 2y",
                                  "x (y + 2) = y^3", "xy(x + 1) = 3"])
def test_a_letter_before_a_bracket_on_the_left_is_a_product(text):
    # x(y + 2) = y^3 was refused: "an expression cannot hold an assignment"
    r = derive(text)
    assert to_plain(r.expr).startswith(("x*", "y*")) and matches_idiff(text)


def test_a_definition_keeps_its_reading():
    assert to_plain(derive("g(t) = t^2").result) == "2*t"
    assert to_plain(derive("sigmoid(x) = 1/(1 + e^-x)").reading.expr) == "1/(1 + exp(-x))"


@pytest.mark.parametrize("text,result", [
    ("log_loss(p) = -(y ln p + (1-y) ln(1-p))", "(p - y)/(p*(1 - p))"),  # a name of its own
    ("log_lik(θ) = n ln θ - θ s", "n/theta - s"),
    ("Logistic(t) = K/(1 + e^(-r t))", "K*r*exp(-r*t)/(exp(-r*t) + 1)**2"),  # a user's, capitalised
    ("Root(x) = x^2 - a", "2*x"),
    ("Step(x) = x^2 + c", "2*x"),
])
def test_a_users_name_like_a_functions_still_defines(text, result):
    assert to_plain(derive(text).result) == result


@pytest.mark.parametrize("text", ["y(0) = 1", "P(0) = 5", "P(2) = x^2"])
def test_a_value_of_a_function_is_no_product(text):
    with pytest.raises(CalcdiffError, match="unexpected character '='"):
        derive(text)


@pytest.mark.parametrize("text,var,value", [
    ("find dy/dx at x = 2 if y = x^3", "x", "12"),  # was "a differential equation"
    ("find dy/dx when x = 2 if y = x^3", "x", "12"),
    ("dy/dx at x = 1 for y = x^2 + 1", "x", "2"),
    ("find f'(x) at x = 2 if f(x) = x^3", "x", "12"),
])
def test_a_point_between_the_request_and_its_equation(text, var, value):
    r = run("derive", text, "--no-steps")
    assert r.exit_code == 0 and f"At {var} = " in r.stdout
    assert r.stdout.rstrip().endswith(f": {value}")


@pytest.mark.parametrize("text", ["find dy/dx at (3, 4) if x^2 + y^2 = 25",
                                  "find dy/dx at the point (3, 4) if x^2 + y^2 = 25",
                                  "Find dy/dx at (3, 4) for x^2 + y^2 = 25"])
def test_a_point_of_the_curve_before_its_equation(text):
    # "'if' is a word": the point after the equation was read, not before it
    r = run("derive", text, "--no-steps")
    assert r.exit_code == 0
    assert r.stdout.rstrip().endswith("At x = 3, y = 4 (on the curve): -3/4 ≈ -0.75")
    assert r.stdout.startswith(f"Input:    {text}\n")


@pytest.mark.parametrize("text,wrt,answer", [
    ("f_x if f(x,y) = x^2 y", ["x"], "2*x*y"),  # was "'if' is a word"
    ("find f_y for f(x, y) = x^3 y^2", ["y"], "2*x**3*y"),
    ("f(x,y) = x^2 y^3, find f_{xx}", ["x", "x"], "2*y**3"),
    ("f_xy of f(x,y) = x^2 y^3", ["x", "y"], "6*x*y**2"),  # (f_x)_y: by x first
    ("z = x^2 y^3, find z_y", ["y"], "3*x**2*y**2"),
])
def test_a_partial_in_subscripts_asks_for_it(text, wrt, answer):
    obj = json.loads(run("derive", text, "--no-steps", "-f", "json").stdout)
    assert obj["wrt"] == wrt and obj["derivative"] == answer


def test_a_name_with_a_subscript_still_defines():
    obj = json.loads(run("derive", "f_x = 2x y", "--no-steps", "-f", "json").stdout)
    assert obj["expr"] == "2*x*y" and obj["wrt"] == ["x"]


@pytest.mark.parametrize("text,answer,value", [
    ("f^(3)(x) for f(x) = x^5", "60*x**2", None),  # was "'for' is a word"
    ("f(x) = x^5, find f^(3)(x)", "60*x**2", None),
    ("f(x) = x^5, find f^{(3)}(x)", "60*x**2", None),
    ("f^(3)(2) for f(x) = x^5", "60*x**2", "240"),
    ("g^(2)(t) for g(t) = sin t", "-sin(t)", None),
])
def test_an_order_in_brackets_after_a_functions_name(text, answer, value):
    obj = json.loads(run("derive", text, "--no-steps", "-f", "json").stdout)
    assert obj["derivative"] == answer and obj.get("value") == value


def test_a_power_in_brackets_stays_a_power():
    assert json.loads(run("derive", "x^(2)(x+1)", "--no-steps", "-f", "json").stdout)[
        "expr"] == "x**2*(x + 1)"
    assert json.loads(run("derive", "f^(3)", "--no-steps", "-f", "json").stdout)[
        "expr"] == "f**3"


@pytest.mark.parametrize("text,answer", [
    # a textbook's chain-rule exercise: it said "unexpected character '='"
    ("dz/dt for z = x^2 y, x = cos t, y = sin t", "cos(t)*(-2*sin(t)**2 + cos(t)**2)"),
    ("z = x^2 y, x = cos t, y = sin t, find dz/dt", "cos(t)*(-2*sin(t)**2 + cos(t)**2)"),
    ("dz/dt, z = e^x sin y; x = t^2; y = 3t", "exp(t**2)*(2*t*sin(3*t) + 3*cos(3*t))"),
    ("find dw/dt if w = x y z, x = t, y = t^2, z = t^3", "6*t**5"),
])
def test_definitions_after_a_definition_are_the_chain_rules(text, answer):
    obj = json.loads(run("derive", text, "-f", "json", "--no-steps").stdout)
    assert obj["derivative"] == answer and obj["input"] == text
    assert any("read as definitions, substituted as --let gives them" in n for n in obj["notes"])


def test_the_chain_rules_definitions_agree_with_sympy():
    t = sp.Symbol("t")
    got = json.loads(run("derive", "find dz/dt if z = x^2 y + x y^2, x = 2 + t^4, y = 1 - t^3",
                         "-f", "json", "--no-steps").stdout)["derivative"]
    x, y = 2 + t**4, 1 - t**3
    assert sp.expand(sp.sympify(got) - sp.diff(x**2 * y + x * y**2, t)) == 0


def test_definitions_after_an_equation_are_refused_where_they_stand():
    # they said "--let is not available", an option nobody passed
    r = run("derive", "x^2 + y^2 = r^2, r = 5t")
    assert r.exit_code == 1
    assert r.stderr.splitlines()[:3] == [
        "error: an equation is differentiated alone: the definition after it (r = 5t) cannot "
        "be put into it",
        "  x^2 + y^2 = r^2, r = 5t",
        "                   ^^^^^^",
    ]
    assert "--let" not in r.stderr


def test_a_related_rate_with_lets_is_the_chain_rule():
    # the related-rates refusal must not fire where --let brings t in
    obj = json.loads(run("derive", "dz/dt for z = x^2 y", "--let", "x=cos t", "--let",
                         "y=sin t", "-f", "json", "--no-steps").stdout)
    assert obj["derivative"] == "cos(t)*(-2*sin(t)**2 + cos(t)**2)"


@pytest.mark.parametrize("text", ["x^2 + y^2 = 25, find dy/dx at x = 3, y = 4",
                                  "d/dx (x^2 y) at x = 1, y = 2"])
def test_a_points_values_are_no_definitions(text):
    obj = json.loads(run("derive", text, "-f", "json", "--no-steps").stdout)
    assert "value" in obj and not any("--let" in n for n in obj["notes"])


@pytest.mark.parametrize("args,answer", [
    # the review's regressions of this session's readings, each as it read before
    (["sin(x y) at x = 1, y = pi/2"], "y*cos(x*y)"),  # a point's pi was a --let
    (["v_x = t^2, find dv_x/dt"], "2*t"),  # v_x was taken for f_x notation
    (["x^(2)(x + 1) = y^2"], "x*(3*x + 2)/(2*y)"),  # x^(2) was an order
    (["h^(2)(3h+1)", "-x", "h"], "9*h**2 + 2*h"),  # h^(2) applied to a sum is a power
    (["y = C, find dy/dx"], "0"),  # no related rate: by x
    (["LN x", "--vars", "L,N,x"], "L*N"),  # declared letters stay letters
    ([" + ".join(f"1/((x+{k})*(x+{k + 1}))" for k in range(1, 9))],
     "-16*(x + 5)/((x + 1)**2*(x + 9)**2)"),  # nine sums below the bar: combined still
])
def test_the_reviews_regressions_read_as_before(args, answer):
    obj = json.loads(run("derive", *args, "-f", "json", "--no-steps").stdout)
    assert obj["derivative"] == answer
    assert not any("--let" in n for n in obj["notes"])


def test_a_list_of_definitions_of_other_names_is_no_chain_rule():
    r = run("derive", "x = t^2, y = t^3")
    assert r.exit_code == 1  # y is none of the first definition's variables


@pytest.mark.parametrize("text, answer", [
    # two letters on the left define a name, as f(x) is written fx (the review: reading them
    # as a product x·t broke fx = 3x^2 + 2x, ht = -16t^2 + 64t)
    ("fx = 3x^2 + 2x", "6*x + 2"), ("ht = -16t^2 + 64t", "64 - 32*t"),
    ("st = 4.9t^2", "9.8*t"),
])
def test_two_letters_on_the_left_define_a_name(text, answer):
    obj = json.loads(run("derive", text, "-f", "json", "--no-steps").stdout)
    assert obj["derivative"] == answer


def test_a_word_on_the_left_still_defines_it():
    obj = json.loads(run("derive", "mu = x^2", "-f", "json", "--no-steps").stdout)
    assert obj["derivative"] == "2*x"


@pytest.mark.parametrize("text, answer", [
    # a textbook's own words around its exercise (each was an error)
    ("Use implicit differentiation to find dy/dx: x^2 + y^2 = 25", "-x/y"),
    ("find dy/dx using implicit differentiation: x^2 + y^2 = 25", "-x/y"),
    ("what is dy/dx if x^2 + y^2 = 25?", "-x/y"),
    ("Find the derivative of the function. y = x^2 e^x", "x*(x + 2)*exp(x)"),
    ("find dy/dx when y = x^3", "3*x**2"),
    ("find the rate of change of f(x) = x^2 at x = 3", "2*x"),
    ("the instantaneous rate of change of x^3", "3*x**2"),
])
def test_an_exercises_own_words_around_it(text, answer):
    r = run("derive", text, "-f", "json", "--no-steps")
    assert r.exit_code == 0, r.stderr
    got = json.loads(r.stdout)["derivative"]
    assert sp.simplify(sp.sympify(got) - sp.sympify(answer)) == 0


@pytest.mark.parametrize("text, value", [("d/dx x^3 when x = 2", "12"),
                                         ("d/dx x^3 when x = pi/2", "3*pi**2/4")])
def test_when_with_a_number_is_still_a_point(text, value):
    assert json.loads(run("derive", text, "-f", "json", "--no-steps").stdout)["value"] == value


def test_a_point_written_with_decimals_is_shown_with_them():
    r = CliRunner().invoke(main, ["derive", "x^2 + y^2 = 1 at (0.6, 0.8)", "--no-steps"])
    assert r.output.splitlines()[-1] == "At x = 0.6, y = 0.8 (on the curve): -0.75"
    r = CliRunner().invoke(main, ["derive", "x^2 + y^2 = 25 at (3, 4)", "--no-steps"])
    assert r.output.splitlines()[-1] == "At x = 3, y = 4 (on the curve): -3/4 ≈ -0.75"
