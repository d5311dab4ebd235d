"""More ways of writing (issue 15, items 3 and 4): LaTeX as people paste it, prime notation,
evaluation bars, ∇ and D_x, capitalised names, the functions of other libraries, and the
--let/--vars/--at checks. The corpus compares trees; the CLI tests pin exact output."""

from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner

from calcdiff.cli import main
from calcdiff.commands.differentiate import derive
from calcdiff.errors import CalcdiffError
from calcdiff.read.latex import translate
from calcdiff.read.request import parse_request
from calcdiff.tree.printer import to_plain

CORPUS = os.path.join(os.path.dirname(__file__), "fixtures", "latex_corpus.txt")


def _corpus():
    pairs = []
    with open(CORPUS, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if line.strip() and not line.startswith("#"):
                tex, plain = line.split(" ==> ")
                pairs.append(pytest.param(tex, plain, id=f"line{number}"))
    return pairs


PAIRS = _corpus()


def test_the_corpus_holds_at_least_200_latex_strings():
    assert len(PAIRS) >= 200


@pytest.mark.parametrize("tex, plain", PAIRS)
def test_latex_reads_as_its_plain_form(tex, plain):
    if plain == "ERROR":
        with pytest.raises(CalcdiffError) as info:
            parse_request(tex)
        assert info.value.text == tex and info.value.start is not None
        return
    a, b = parse_request(tex), parse_request(plain)
    assert (a.expr, a.wrt, a.at, a.operator) == (b.expr, b.wrt, b.at, b.operator)
    assert a.text == tex
    # every span points into the user's LaTeX
    assert all(0 <= s < e <= len(tex) + 1 for s, e in a.spans.values())


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input, env={}, catch_exceptions=False)


def error_of(*args) -> str:
    r = run(*args)
    assert r.exit_code == 1
    assert r.stdout == ""
    return r.stderr


def result_lines(*args) -> list[str]:
    r = run(*args, "-f", "text", "--no-steps")
    assert r.exit_code == 0, r.stderr
    return [line for line in r.stdout.splitlines()
            if line.startswith(("Reading:", "Result:", "At ", "Gradient:"))]


# -- LaTeX: errors point at the user's own text ------------------------------------------

@pytest.mark.parametrize("tex, expected", [
    ("\\frac{1}{x} + \\foo", "error: unknown LaTeX command \\foo\n  \\frac{1}{x} + \\foo\n"
     "                ^^^^\nhint: see 'The expression language' in the README for the LaTeX "
     "calcdiff reads\n"),
    ("\\frac{1}{x", "error: unclosed '{': expected '}' before the end\n  \\frac{1}{x\n"
     "          ^\n"),
    ("\\sqrt{x} + *2", "error: unexpected '*'\n  \\sqrt{x} + *2\n             ^\n"),
    ("\\frac{x+1}{}", "error: \\frac{x+1}{}: the denominator is empty\n"
     "  \\frac{x+1}{}\n            ^^\n"),
    ("\\sqrt{x} + \\sqrt{}", "error: \\sqrt{}: there is nothing under the root\n"
     "  \\sqrt{x} + \\sqrt{}\n             ^^^^^^^\n"),
    ("x^2 \\pm 1", "error: \\pm cannot be read: ± gives two expressions; write one of them\n"
     "  x^2 \\pm 1\n      ^^^\n"),
    ("2\\frac{d}{dx} x", "error: \\frac{d}{dx} is a derivative operator: it must come first, "
     "before the expression it acts on\n  2\\frac{d}{dx} x\n   ^^^^^^^^^^^^\n"),
    ("$x^2$ + $y$", "error: unexpected '$': a LaTeX formula is delimited by $…$ around the "
     "whole input\n  $x^2$ + $y$\n      ^\n"),
])
def test_latex_errors_have_a_caret_under_the_latex(tex, expected):
    assert error_of("parse", tex) == expected


def test_the_reading_says_what_the_latex_was_read_as():
    tex = "$\\frac{d}{dx}\\left(\\sin^2 x \\cdot e^{x}\\right)$"
    shown = run("parse", tex, "-f", "text")
    assert (shown.exit_code, shown.stdout.splitlines()) == (0, [
        f"Input:    {tex}",
        "Reading:  sin(x)**2*exp(x)",
        "Notes:    LaTeX read: $…$ as delimiters (dropped), \\frac{d}{dx} as a derivative",
        "            request, \\left \\right as bracket sizes (dropped), \\sin as sin, \\cdot",
        "            as *",
        "          d/dx read as a request: differentiate by x",
        "          sin^2 x read as sin(x)**2, a power of sin",
        "          e read as Euler's number (2.71828...); pass --vars e to use e as a",
        "            variable",
        "Request:  differentiate by x",
    ])


def test_translation_keeps_a_column_for_every_character():
    t = translate("\\frac{1}{\\sqrt{x}}")
    assert t.text == "(1/( sqrt(x)))"
    assert len(t.cols) == len(t.text)
    assert t.cols[t.text.index("x")] == "\\frac{1}{\\sqrt{x}}".index("x")


# -- the examples through the CLI ------------------------------------------------

@pytest.mark.parametrize("args, lines", [
    (["\\frac{1}{x}"], ["Reading:  1/x", "Result:   d/dx [1/x] = -1/x**2"]),
    (["\\sin(x)"], ["Reading:  sin(x)", "Result:   d/dx [sin(x)] = cos(x)"]),
    (["\\dfrac{x^{2}+1}{x-1}"], ["Reading:  (x**2 + 1)/(x - 1)",
                                 "Result:   d/dx [(x**2 + 1)/(x - 1)] = (x**2 - 2*x - 1)/(x - 1)**2"]),
    (["\\ln\\left|x\\right|"], ["Reading:  log(abs(x))", "Result:   d/dx [log(abs(x))] = 1/x"]),
    (["\\log_{2} x"], ["Reading:  log(x, 2)", "Result:   d/dx [log(x, 2)] = 1/(x*log(2))"]),
    (["\\exp(-x^2)"], ["Reading:  exp(-x**2)", "Result:   d/dx [exp(-x**2)] = -2*x*exp(-x**2)"]),
    (["\\sqrt[3]{x}"], ["Reading:  cbrt(x)", "Result:   d/dx [cbrt(x)] = 1/(3*cbrt(x)**2)"]),
    (["\\sqrt[4]{x}"], ["Reading:  root(x, 4)", "Result:   d/dx [root(x, 4)] = 1/(4*x**(3/4))"]),
    (["e^{2x} \\cdot \\sin x"], ["Reading:  exp(2*x)*sin(x)",
                                 "Result:   d/dx [exp(2*x)*sin(x)] = exp(2*x)*(2*sin(x) + cos(x))"]),
    (["\\theta^2 \\times 3"], ["Reading:  theta**2*3", "Result:   d/dtheta [theta**2*3] = 6*theta"]),
    (["\\frac{d}{dx} \\left( x^3 \\right)"], ["Reading:  x**3",
                                              "Result:   d/dx [x**3] = 3*x**2"]),
    (["\\frac{d^2}{dx^2} x^4"], ["Reading:  x**4", "Result:   d^2/dx^2 [x**4] = 12*x**2"]),
    (["\\frac{\\partial}{\\partial y} x^2 y^3"], ["Reading:  x**2*y**3",
                                                  "Result:   ∂/∂y [x**2*y**3] = 3*x**2*y**2"]),
    (["\\frac{\\mathrm{d}}{\\mathrm{d}x} \\tan x"], ["Reading:  tan(x)",
                                                     "Result:   d/dx [tan(x)] = sec(x)**2"]),
    (["\\operatorname{sigmoid}(x)"], ["Reading:  sigmoid(x)",
                                      "Result:   d/dx [sigmoid(x)] = sigmoid(x)*(1 - sigmoid(x))"]),
    (["$$\\sin^2 x$$"], ["Reading:  sin(x)**2", "Result:   d/dx [sin(x)**2] = 2*sin(x)*cos(x)"]),
    (["\\(\\pi x^2\\)"], ["Reading:  pi*x**2", "Result:   d/dx [pi*x**2] = 2*pi*x"]),
    (["y' = x^3"], ["Reading:  x**3", "Result:   d/dx [x**3] = 3*x**2"]),
    (["f'(x) = x^3"], ["Reading:  x**3", "Result:   d/dx [x**3] = 3*x**2"]),
    (["f′(t) = sin t"], ["Reading:  sin(t)", "Result:   d/dt [sin(t)] = cos(t)"]),
    (["y'' = x^4"], ["Reading:  x**4", "Result:   d^2/dx^2 [x**4] = 12*x**2"]),
    (["y″ = sin x"], ["Reading:  sin(x)", "Result:   d^2/dx^2 [sin(x)] = -sin(x)"]),
    (["y' of y = e^(2x)"], ["Reading:  exp(2*x)", "Result:   d/dx [exp(2*x)] = 2*exp(2*x)"]),
    (["dy/dx|_{x=1} of y = x^3"], ["Reading:  x**3", "Result:   d/dx [x**3] = 3*x**2",
                                   "At x = 1: 3"]),
    (["d/dx (x^2)|_{x=1}"], ["Reading:  x**2", "Result:   d/dx [x**2] = 2*x", "At x = 1: 2"]),
    (["\\left.\\frac{dy}{dx}\\right|_{x=2} y = x^3"],
     ["Reading:  x**3", "Result:   d/dx [x**3] = 3*x**2", "At x = 2: 12"]),
    (["D_x (x^2 sin x)"], ["Reading:  x**2*sin(x)",
                           "Result:   d/dx [x**2*sin(x)] = x*(x*cos(x) + 2*sin(x))"]),
    (["Sin(x)"], ["Reading:  sin(x)", "Result:   d/dx [sin(x)] = cos(x)"]),
    (["Ln(x)"], ["Reading:  log(x)", "Result:   d/dx [log(x)] = 1/x"]),
    (["Exp(2x)"], ["Reading:  exp(2*x)", "Result:   d/dx [exp(2*x)] = 2*exp(2*x)"]),
    (["Log x"], ["Reading:  log(x)", "Result:   d/dx [log(x)] = 1/x"]),
    (["Cos^2 x"], ["Reading:  cos(x)**2", "Result:   d/dx [cos(x)**2] = -2*sin(x)*cos(x)"]),
])
def test_more_ways_of_writing(args, lines):
    assert result_lines("derive", *args) == lines


def test_capitalised_names_have_a_note():
    r = run("parse", "Ln(x) + Sin x", "-f", "json")
    assert json.loads(r.stdout)["notes"][:2] == ["Ln read as ln", "Sin read as sin"]


def test_gradient_symbol_routes_to_grad():
    assert result_lines("grad", "∇f of x^2 y") == ["Reading:  x**2*y", "Gradient: (2*x*y, x**2)"]
    assert result_lines("grad", "∇(x^2 y)") == ["Reading:  x**2*y", "Gradient: (2*x*y, x**2)"]
    assert error_of("derive", "∇f of x^2 y") == (
        'error: ∇ asks for the gradient, which derive does not compute: run calcdiff grad '
        '"x**2*y"\n  ∇f of x^2 y\n  ^\nhint: grad reads ∇f of … and ∇(…) as written\n')


def test_a_lines_evaluation_bar_overrides_at():
    r = run("derive", "-", "--at", "x=5", "-f", "json", "--no-steps",
            input="d/dx (x^2)|_{x=1}\nx^2\n")
    assert r.exit_code == 0
    assert [json.loads(line)["value"] for line in r.stdout.splitlines()] == ["2", "10"]


def test_an_evaluation_bar_with_a_name_twice_is_an_error():
    assert error_of("derive", "d/dx (x^2)|_{x=1,x=2}") == (
        "error: x is given twice in the evaluation bar\n  d/dx (x^2)|_{x=1,x=2}\n"
        "                   ^^^\n")


# -- item 4: never silently wrong --------------------------------------------------------

@pytest.mark.parametrize("args, lines", [
    (["exp2(x)"], ["Reading:  exp2(x)", "Result:   d/dx [exp2(x)] = log(2)*exp2(x)"]),
    (["log1p(x)"], ["Reading:  log1p(x)", "Result:   d/dx [log1p(x)] = 1/(x + 1)"]),
    (["expm1(x)"], ["Reading:  expm1(x)", "Result:   d/dx [expm1(x)] = exp(x)"]),
    (["abs2(x)"], ["Reading:  abs2(x)", "Result:   d/dx [abs2(x)] = 2*x"]),
    (["atan2(y, x)", "-x", "x"], ["Reading:  atan2(y, x)",
                                  "Result:   ∂/∂x [atan2(y, x)] = -y/(x**2 + y**2)"]),
    (["atan2(y, x)", "-x", "y"], ["Reading:  atan2(y, x)",
                                  "Result:   ∂/∂y [atan2(y, x)] = x/(x**2 + y**2)"]),
    (["arctan2(x^2, x)"], ["Reading:  atan2(x**2, x)",
                           "Result:   d/dx [atan2(x**2, x)] = 1/(x**2 + 1)"]),
    (["hypot(x, 3)"], ["Reading:  hypot(x, 3)", "Result:   d/dx [hypot(x, 3)] = x/hypot(x, 3)"]),
    (["hypot(3, x)", "--at", "x=4"], ["Reading:  hypot(3, x)",
                                      "Result:   d/dx [hypot(3, x)] = x/hypot(3, x)",
                                      "At x = 4: 4/hypot(3, 4) ≈ 0.8"]),
    (["sign(x^2 + 1)"], ["Reading:  sign(x**2 + 1)", "Result:   d/dx [sign(x**2 + 1)] = 0"]),
    (["sgn(x)", "--at", "x=2"], ["Reading:  sign(x)", "Result:   d/dx [sign(x)] = 0",
                                 "At x = 2: 0"]),
    (["erf(x)"], ["Reading:  erf(x)", "Result:   d/dx [erf(x)] = 2*exp(-x**2)/sqrt(pi)"]),
    (["erfc(2x)"], ["Reading:  erfc(2*x)", "Result:   d/dx [erfc(2*x)] = -4*exp(-4*x**2)/sqrt(pi)"]),
])
def test_functions_of_other_libraries_mean_what_they_mean_there(args, lines):
    assert result_lines("derive", *args) == lines


@pytest.mark.parametrize("text, message, caret, hint", [
    ("atan2(x)", "atan2 takes 2 arguments (atan2(y, x)), got 1", "^^^^^^^^", None),
    ("expm2(x)", "unknown function 'expm2'", "^^^^^", "did you mean exp2?"),
    ("sin2(x)", "unknown function 'sin2'", "^^^^", "did you mean sin?"),
    ("log1q(x)", "unknown function 'log1q'", "^^^^^", "did you mean log1p?"),
    ("sinc(x)", "unknown function 'sinc'", "^^^^",
     "sinc means sin(x)/x in some texts and sin(pi*x)/(pi*x) in others (NumPy): write the "
     "one you mean"),
    ("logit(x)", "unknown function 'logit'", "^^^^^",
     "write log(x/(1 - x)), the inverse of sigmoid"),
])
def test_names_of_other_libraries_are_never_letters_times_a_bracket(text, message, caret, hint):
    expected = f"error: {message}\n  {text}\n  {caret}\n" + (f"hint: {hint}\n" if hint else "")
    assert error_of("derive", text) == expected


def test_a_check_of_the_two_argument_chain_rule_passes():
    r = run("derive", "atan2(x^2, sin x) + hypot(x, x^3)", "--check", "-f", "json")
    assert r.exit_code == 0
    d = json.loads(r.stdout)
    assert d["derivation"][0]["substeps"][0]["rule"] == "two-argument-chain"
    assert d["check"]["ok"] is True


@pytest.mark.parametrize("args, expected", [
    (["derive", "e^2", "--let", "e=x+1"],
     "error: --let e=…: e is Euler's number; a definition may not shadow it\n"
     "hint: choose another name, or pass --vars with it to make it a variable\n"),
    (["derive", "x*pi", "--let", "pi=x"],
     "error: --let pi=…: pi is π; a definition may not shadow it\n"
     "hint: choose another name, or pass --vars with it to make it a variable\n"),
    (["derive", "E*x", "--let", "E=x"],
     "error: --let E=…: E is Euler's number; a definition may not shadow it\n"
     "hint: choose another name, or pass --vars with it to make it a variable\n"),
    (["derive", "x^2", "--at", "x=1,x=2"],
     "error: --at gives x twice\n  x=1,x=2\n      ^\nhint: give each variable one value\n"),
    (["grad", "x*y", "--at", "x=1, y=2, y=3"],
     "error: --at gives y twice\n  x=1, y=2, y=3\n            ^\n"
     "hint: give each variable one value\n"),
])
def test_names_are_never_silently_constants_or_repeated(args, expected):
    assert error_of(*args) == expected


def test_a_name_declared_with_vars_is_a_variable_even_when_it_is_e():
    assert result_lines("grad", "e*x", "--vars", "e,x") == ["Reading:  e*x", "Gradient: (x, e)"]
    assert result_lines("derive", "e^2", "--vars", "e,x", "--let", "e=x+1", "-x", "x") == [
        "Reading:  e**2", "Result:   d/dx [e**2] = 2*x + 2"]


def test_a_let_name_is_one_name_in_the_expression():
    r = run("backprop", "loss", "--let", "loss=(a-y)^2", "--at", "a=3,y=1", "-f", "json")
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout)["gradient"] == {"a": "4", "y": "-4"}
    assert result_lines("derive", "act^2", "--let", "act=sin t", "-x", "t") == [
        "Reading:  act**2", "Result:   d/dt [act**2] = 2*sin(t)*cos(t)"]
    assert result_lines("derive", "2act^2", "--let", "act=sin t", "-x", "t") == [
        "Reading:  2*act**2", "Result:   d/dt [2*act**2] = 4*sin(t)*cos(t)"]


@pytest.mark.parametrize("text,reading", [
    # a name in braces ends there: \hat{y}x was one name, y_hatx
    ("\\hat{y}x^2", "y_hat*x**2"), ("\\bar{x}x", "x_bar*x"), ("\\dot{x}t", "x_dot*t"),
    ("\\hat{\\beta}x", "beta_hat*x"), ("x\\bar{x}", "x*x_bar"),
    # a derivative's order in brackets, not a power
    ("f^{(4)}(x)", "f''''(x)"), ("f⁽⁴⁾(x)", "f''''(x)"), ("f^{(2)}(x) + f(x)", "f''(x) + f(x)"),
    ("f^{4}(x)", "f(x)**4"), ("x^{(2)}", "x**2"),  # f^{4}(x): a power, as sin^{4}(x) is
])
def test_latex_readings(text, reading):
    r = CliRunner().invoke(main, ["parse", text])
    assert r.exit_code == 0, r.stderr
    assert r.stdout.splitlines()[1] == f"Reading:  {reading}"


@pytest.mark.parametrize("text,result", [
    ("y^{(4)} = e^{2x}", "d^4/dx^4 [exp(2*x)] = 16*exp(2*x)"),
    ("f^{(3)}(x)=x^5", "d^3/dx^3 [x**5] = 60*x**2"),
    ("y⁽⁴⁾ = x^6", "d^4/dx^4 [x**6] = 360*x**2"),
    # an equation between math delimiters: its sides were read with a $ each
    ("$x^2+y^2=25$", "dy/dx = -x/y"), ("\\(x^2+y^2=25\\)", "dy/dx = -x/y"),
    ("\\[x y = 1\\]", "dy/dx = -y/x"),
    ("$f(x) = x^3$", "d/dx [x**3] = 3*x**2"),
])
def test_latex_requests_and_equations(text, result):
    r = CliRunner().invoke(main, ["derive", text, "--no-steps"])
    assert r.exit_code == 0, r.stderr
    assert r.stdout.splitlines()[-1] == f"Result:   {result}"


@pytest.mark.parametrize("text", ["\\log_{2x}(x)", "log_{2x}(x)", "\\log_{2a} x",
                                  "\\log_{x+1}(x)", "\\log_{\\pi}x"])
def test_a_log_base_of_more_than_one_name_is_refused_not_split(text):
    # \log_{2x}(x) was read as log(x*x, 2): the braces' 2x split into the base 2 and a factor x
    r = CliRunner().invoke(main, ["derive", text])
    assert r.exit_code == 1
    assert "a base other than a whole number or a letter is written as log's second argument" \
        in r.stderr


def test_an_input_request_overrides_the_command_line_and_says_so():
    r = CliRunner().invoke(main, ["derive", "\\frac{d}{dx} x^5", "-n", "2", "--no-steps"])
    assert r.exit_code == 0
    assert "the input asks for its own derivative; -n 2 on the command line is not" \
        in " ".join(r.stdout.split())
    assert r.stdout.splitlines()[-1] == "Result:   d/dx [x**5] = 5*x**4"
    r = CliRunner().invoke(main, ["derive", "d/dx (x^2 y)", "--no-steps"])
    assert "y held constant (a partial derivative; for y as a function of x, write y(x) " \
           "and pass --function y)" in " ".join(r.stdout.split())


@pytest.mark.parametrize("text,shown", [("x^2\\,dx", "dx"), ("x^2 \\, \\mathrm{d}x", "\\mathrm{d}x"),
                                        ("$\\sin x\\,dx$", "dx")])
def test_an_integrands_differential_is_refused(text, shown):
    # x^2\,dx was x**2*d*x, "differentiating by x, with d held constant"
    r = CliRunner().invoke(main, ["derive", text])
    assert r.exit_code == 1
    assert r.stderr.startswith(f"error: {shown} at the end reads as an integral's "
                               "differential; calcdiff differentiates\n")


def test_a_thin_space_alone_makes_no_latex_note():
    r = CliRunner().invoke(main, ["parse", "x^2\\,y"])
    assert "LaTeX read" not in r.stdout


@pytest.mark.parametrize("text,result", [
    ("\\frac{dy}{dx}\\text{ if } x^2+y^2=1", "dy/dx = -x/y"),
    ("\\text{find } \\frac{dy}{dx} \\text{ if } xy = 1", "dy/dx = -y/x"),
    ("x^2+y^2=25,\\quad \\text{find } \\frac{dy}{dx}", "dy/dx = -x/y"),
    ("\\frac{d}{dx}\\left(x^2+y^2=25\\right)", "dy/dx = -x/y"),
    ("\\dfrac{dy}{dx} \\text{ given } \\sqrt{x}+\\sqrt{y}=4", "dy/dx = -sqrt(y)/sqrt(x)"),
])
def test_a_request_around_an_equation_in_latex(text, result):
    # the request's words in LaTeX (\frac{dy}{dx}, \text{ if }) were refused at the '='
    assert result_lines("derive", text)[-1] == f"Result:   {result}"


@pytest.mark.parametrize("text,result", [
    ("\\partial_x(x^2y)", "∂/∂x [x**2*y] = 2*x*y"), ("∂_x(x^2 y)", "∂/∂x [x**2*y] = 2*x*y"),
    ("\\partial_{y} (x^2 y^3)", "∂/∂y [x**2*y**3] = 3*x**2*y**2"),
])
def test_the_partial_operator_with_a_subscript(text, result):
    assert result_lines("derive", text)[-1] == f"Result:   {result}"


@pytest.mark.parametrize("text,reading", [
    ("$f^{(2)}(x)$", "f''(x)"), ("\\frac{1}{2} f^{(2)}(x)", "1/2*f''(x)"),
    ("\\phi^{(2)}(x)", "phi''(x)"),
    # not a function's letter: a power, as before (a function's letter not applied is
    # asked about: test_an_order_without_an_argument_is_asked_about)
    ("x^2 + y^{(2)}", "x**2 + y**2"),
])
def test_a_derivatives_order_among_other_latex(text, reading):
    r = CliRunner().invoke(main, ["parse", text])
    assert r.exit_code == 0, r.stderr
    assert r.stdout.splitlines()[1] == f"Reading:  {reading}"


@pytest.mark.parametrize("text,result", [
    ("f^{(2)}(x) = \\sin x", "d^2/dx^2 [sin(x)] = -sin(x)"),
    ("$y^{(2)} = x^3$", "d^2/dx^2 [x**3] = 6*x"),
])
def test_a_derivatives_order_in_a_latex_request(text, result):
    r = CliRunner().invoke(main, ["derive", text, "--no-steps"])
    assert r.exit_code == 0, r.stderr
    assert r.stdout.splitlines()[-1] == f"Result:   {result}"


@pytest.mark.parametrize("text,reading", [("f^{(2)} (x)", "f''(x)"), ("f⁽²⁾ (x)", "f''(x)"),
                                          ("sin 2e^x", "sin(2*exp(x))"),
                                          ("ln 2e^x", "log(2*exp(x))")])
def test_second_review_readings(text, reading):
    r = CliRunner().invoke(main, ["parse", text])
    assert r.exit_code == 0, r.stderr
    assert r.stdout.splitlines()[1] == f"Reading:  {reading}"


@pytest.mark.parametrize("text", ["f^{(2)}", "x h^{(2)}", "f⁽²⁾"])
def test_an_order_without_an_argument_is_asked_about(text):
    r = CliRunner().invoke(main, ["parse", text])
    assert r.exit_code == 1
    assert "the order of a derivative, which needs its argument" in r.stderr
    assert "for the derivative of order 2, or" in r.stderr


def test_an_integral_is_refused_as_an_integral():
    r = CliRunner().invoke(main, ["derive", "\\int x^2\\,dx"])
    assert r.exit_code == 1 and "\\int cannot be read: integrals" in r.stderr


def test_latex_max_is_read_as_plain_max_is():
    from calcdiff.read.request import parse_request

    assert str(parse_request(r"\max(0, x)").expr) == "relu(x)"


@pytest.mark.parametrize("text,result", [
    ("\\text{loss} = (wx - y)^2", "2*w**2*x - 2*w*y"),
    ("\\mathrm{MSE} = (y - \\hat{y})^2", "2*y - 2*y_hat"),
])
def test_a_definition_named_in_latex_text_is_a_definition(text, result):
    # \text{loss} = … was the implicit equation l*o*s*s = (wx - y)^2, dy/dx = w
    assert to_plain(derive(text).result) == result


@pytest.mark.parametrize("text", ["ℒ(w) = w^2", "\\mathcal{L}(w) = w^2", "\\ell(w) = w^2",
                                  "ℓ(w) = w^2"])
def test_a_loss_named_in_a_script_letter_is_a_definition(text):
    """ℒ was an unexpected character (𝓛 was read), \\mathcal and \\ell unknown commands."""
    r = CliRunner().invoke(main, ["derive", text, "--no-steps", "-f", "text"])
    assert r.exit_code == 0, r.output
    assert r.stdout.splitlines()[-1] == "Result:   d/dw [w**2] = 2*w"


@pytest.mark.parametrize("command", ["grad", "hessian", "jacobian", "descend"])
def test_every_command_reads_a_definition_named_with_the_loss_letter(command):
    # ℓ(w) = … was "unexpected character '='" in every command but derive
    args = [command, "ℓ(w) = (w - 1)^2", "--no-steps", "-f", "json"]
    r = CliRunner().invoke(main, args + (["--from", "w=0"] if command == "descend" else []))
    assert r.exit_code == 0, r.output


@pytest.mark.parametrize("text, plain", [("\\frac{1}\n{x}", "1/x"), ("\\frac\n{1}{x}", "1/x"),
                                         ("\\sqrt\n{x}", "sqrt(x)"), ("\\frac{1}\r\n{x}", "1/x")])
def test_a_line_break_before_a_latex_argument_is_white_space(text, plain):
    # "\frac{1}{\x0a}: the denominator is empty": the line break was taken as the argument
    from calcdiff.read.request import parse_request

    assert parse_request(text).plain == plain


@pytest.mark.parametrize("text,wrt,answer", [
    ("del/del y (x^2 y)", ["y"], "x**2"),  # it was d/de of l*y*(x^2 y): 0
    ("del^2/del x^2 (x^3 y)", ["x", "x"], "6*x*y"),
    ("del/del x del/del y (x^2 y^3)", None, None),
    ("del/del θ (sin θ)", ["theta"], "cos(theta)"), ("Del/Del y (x^2 y)", ["y"], "x**2"),
    ("del²/del x² (x^3 y)", ["x", "x"], "6*x*y"),
])
def test_del_spelled_out_is_the_partial_sign(text, wrt, answer):
    r = CliRunner().invoke(main, ["derive", text, "-f", "json", "--no-steps"])
    if answer is None:  # ∂/∂x ∂/∂y written twice: as ∂/∂x ∂/∂y reads (an error or not)
        plain = CliRunner().invoke(main, ["derive", text.replace("del", "∂"), "-f", "json",
                                          "--no-steps"])
        assert r.exit_code == plain.exit_code
        return
    assert r.exit_code == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["wrt"] == wrt and out["derivative"] == answer
    assert "del read as ∂, a partial derivative's sign" in out["notes"]


def test_an_error_after_a_spelled_del_points_at_the_text_as_typed():
    r = CliRunner().invoke(main, ["derive", "del/del y (x^2 y +)"])
    assert r.exit_code == 1
    assert r.stderr.splitlines()[1:3] == ["  del/del y (x^2 y +)", "                    ^"]


@pytest.mark.parametrize("text", ["delta^2 + 1", "model^2", "del_1 + x"])
def test_del_in_a_name_is_no_partial_sign(text):
    r = CliRunner().invoke(main, ["derive", text, "-f", "json", "--no-steps"])
    assert "∂" not in r.stdout + r.stderr
