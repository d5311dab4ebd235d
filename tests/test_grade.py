"""``grade``: correct answers in any equivalent form, wrong ones with the mistake named and
located, gradients, and a class's batch (lines, CSV, JSON Lines) through the command line."""

from __future__ import annotations

import json
import random

import pytest
import sympy
from click.testing import CliRunner

from calcdiff.cli import main
from calcdiff.commands.differentiate import derive
from calcdiff.commands.equivalence import sample
from calcdiff.commands.grade import csv_as_json_lines, grade, grade_line, split_line
from calcdiff.commands.multivar import grad
from calcdiff.deriving.mistakes import BY_ID, CATALOGUE, candidates, misapplied
from calcdiff.errors import CalcdiffError, UsageError
from calcdiff.render import render
from calcdiff.simplify import simplify
from calcdiff.sympy_bridge import to_sympy
from calcdiff.tree.printer import to_plain


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input, env={}, catch_exceptions=False)


# ---------------------------------------------------------------------------------------------
# correct answers, in other forms

CORRECT = [
    ("x^2 sin x", "2x sin x + x^2 cos x"),  # expanded
    ("x^2 sin x", "x(2 sin x + x cos x)"),  # factored
    ("(x+1)^3", "3x^2 + 6x + 3"),  # expanded power
    ("sin(x)^2", "sin(2x)"),  # a double-angle identity
    ("sin(x)^2", "2 sin x cos x"),
    ("tan x", "1 + tan(x)^2"),  # sec² = 1 + tan²
    ("ln(x^3)", "3/x"),  # a log rule
    ("ln(x^2 + 1) - ln(x)", "2x/(x^2+1) - 1/x"),
    ("x ln x", "ln|x| + 1"),  # ln|x| = ln x on the domain x > 0
    ("ln|x|", "1/x"),
    ("e^(2x)", "2 e^x e^x"),
    ("sqrt(x)", "1/(2 x^(1/2))"),
    ("x^2 y", "2xy"),  # several variables: x by default? no: see the wrt tests
]


@pytest.mark.parametrize("expr, answer", CORRECT[:-1])
def test_equivalent_answers_are_correct(expr, answer):
    g = grade(expr, answer)
    assert g.correct, (expr, answer, g.diagnosis, g.differences)
    # SymPy agrees that the answer is the derivative (the oracle)
    f = to_sympy(g.reading.expr)
    x = sympy.Symbol("x", positive=True)
    delta = (to_sympy(g.answer) - sympy.diff(f, sympy.Symbol("x"))).subs(sympy.Symbol("x"), x)
    assert sympy.simplify(sympy.expand_log(sympy.expand_trig(delta), force=True).rewrite(sympy.cos)) == 0


def test_an_unsimplified_answer_is_correct_with_a_note():
    g = grade("x^2 sin x", "2*x^1*sin(x) + x*x*cos(x) + 0")
    assert g.correct
    assert g.note == "correct, and it simplifies to x*(x*cos(x) + 2*sin(x))"
    assert grade("x^2 sin x", "2x sin x + x^2 cos x").note is None  # already textbook form


def test_domains_must_agree():
    # ln x is undefined for x < 0, where x·ln|x| and its derivative are defined
    g = grade("x ln|x|", "ln(x) + 1")
    assert not g.correct
    assert any(d.answer is None for d in g.differences)
    # decided numerically, and said as the symbolic check says it: right where it is defined
    assert g.diagnosis is None and "undefined at points where the derivative is defined" in \
        g.note, g.note


@pytest.mark.parametrize("expr, answer", [
    ("x^2", "2*exp(log(x))"),  # the same function for x > 0: the simplifier says 0
    ("x^2", "2*sqrt(x)^2"),
    ("x^2", "2x*log(x)/log(x)"),
    ("x^3", "3*sqrt(x)^4"),
])
def test_an_answer_equal_only_on_part_of_the_domain_is_wrong(expr, answer):
    g = grade(expr, answer)
    assert not g.correct, (expr, answer, g.method)
    assert g.differences and all(d.answer is None and d.at["x"] < 0 for d in g.differences)
    assert "undefined at points where the derivative is defined" in g.note


@pytest.mark.parametrize("expr, answer", [
    ("cbrt(x)", "(1/3)x^(-2/3)"), ("cbrt(x)", "1/(3x^(2/3))"),
    ("cbrt(x)^2", "(2/3)x^(-1/3)"), ("x cbrt(x)", "(4/3)x^(1/3)"),
    ("cbrt(x^2)", "(2/3) x^(-1/3)"),  # decided numerically: x^(-1/3) at x < 0 is real there too
])
def test_a_fractional_power_with_an_odd_denominator_is_the_real_root(expr, answer):
    """The textbook answer for the derivative of ∛x: doubles have no x^(-2/3) at x < 0,
    the real cube root has."""
    assert grade(expr, answer).correct


@pytest.mark.parametrize("answer", ["2*sqrt(x)^2 + x^(1/3) - x^(1/3)",
                                    "2*exp(ln(x))*x^(1/3)/x^(1/3)"])
def test_an_odd_root_beside_an_even_one_leaves_the_answer_undefined(answer):
    """The real cube root is defined for x < 0; the square root and ln beside it are not
    (the first mend looked at the whole answer: review finding)."""
    assert not grade("x^2", answer).correct


def test_an_answer_overflowing_in_doubles_is_not_undefined():
    """exp(3x) overflows doubles at x = 300 (a point the wide ranges try): it is defined."""
    assert grade("log(1+exp(x))", "exp(3x)/(exp(2x)+exp(3x))").correct


@pytest.mark.parametrize("expr, answer", [
    ("abs(x-5)", "-1"),  # wrong only for x > 5
    ("relu(x-4)", "0"),
    ("x abs(x-4)", "4 - 2x"),
    ("abs(x^2-25)", "-2x"),
    ("x^2", "2x + relu(x-3)"),
    ("log(x-10)", "1/(10-x)"),  # defined only for x > 10
    ("x log(x-100)", "log(x-100)"),
    ("acosh(x/10)", "2/sqrt(x^2-100)"),
    # both sides of every kink of the expression and of the answer, and far points
    ("|4x - 1|", "4 sign(x)"),  # the kink taken at 0: wrong on 0 < x < 1/4 only
    ("|10x-1|", "10 sign(x)"),
    ("relu(x - 1/10)", "heaviside(x)"),
    ("|100x - 1|", "100 sign(x)"),  # wrong on 0 < x < 1/100
    ("|x - 400|", "-1"),  # wrong only past a kink beyond the random ranges
    ("|x + 400|", "1"),
    ("relu(x - 500)", "0"),
    ("|x^2 - 10^6|", "-2x"),  # kinks at ±1000: a quadratic's exact roots
    ("sqrt((x-1000)^2)", "-1"),  # the edge of sqrt's domain is its kink
    ("|x^3 - 8|", "3x^2"),  # a cubic: its root found on the grid
    ("ln(x - 1000)", "1/x"),  # defined only past 1000: was "no point found"
])
def test_points_at_kinks_and_far_from_zero_are_tried(expr, answer):
    g = grade(expr, answer)
    assert not g.correct, (expr, answer, g.method)
    assert g.differences


@pytest.mark.parametrize("expr, answer", [
    ("log(x-10)", "1/(x-10)"), ("x log(x-100)", "log(x-100) + x/(x-100)"),
    ("acosh(x/10)", "1/sqrt(x^2-100)"), ("abs(x-5)", "(x-5)/abs(x-5)"),
    ("|4x - 1|", "4 sign(4x - 1)"), ("relu(x - 1/10)", "heaviside(x - 1/10)"),
    ("|x^2 - 10^6|", "2x sign(x^2 - 1000000)"), ("sqrt((x-1000)^2)", "(x-1000)/|x-1000|"),
    ("|x^3 - 8|", "3x^2 sign(x^3 - 8)"), ("|sin x|", "cos(x) sign(sin x)"),
    ("log(1+exp(x))", "exp(3x)/(exp(2x)+exp(3x))"),  # 0/0 in doubles far left: not judged
])
def test_the_right_answer_at_kinks_and_far_from_zero_is_correct(expr, answer):
    assert grade(expr, answer).correct


def test_kinks_in_several_variables_are_solved_for_each():
    """|x - y/100| by x: its kink x = y/100 is found with y at a random point's value."""
    assert not grade("|x - y/100|", "sign(x)", "x").correct
    assert grade("|x - y/100|", "sign(x - y/100)", "x").correct
    assert not grade("|x - 400| y", "-y", "x").correct


def test_an_answer_ending_a_sentence_is_read():
    g = grade("x^2", "2x.")  # "unexpected character '.'" before
    assert g.correct
    assert "the period at the end is read as the end of a sentence" in g.answer_notes


def test_a_flipped_sign_is_shown_without_a_double_negation():
    g = grade("acos(x)", "1/sqrt(1-x^2)")
    assert g.diagnosis.mistake == "trig-sign-flipped"
    assert "wrote acos′(u) = 1/sqrt(1 - u**2) instead of -1/sqrt(1 - u**2)" in g.diagnosis.done


def test_the_answer_may_carry_its_left_hand_side():
    g = grade("x^3", "f'(x) = 3x^2")
    assert g.correct and g.answer_notes[0].startswith("read the right-hand side")
    assert grade("x^3", "dy/dx = 3x^2").correct


# ---------------------------------------------------------------------------------------------
# wrong answers: one hand-made case per mistake of the catalogue

WRONG = [
    ("(x^2+1)^3", "3(x^2+1)^2", "chain-inner-dropped", "top"),
    ("ln(x^2+1)", "1/(x^2+1)", "log-inner-dropped", "top"),
    ("x^2 sin x", "2x cos x", "product-of-derivatives", "top"),
    ("sin(x)/x", "(sin x - x cos x)/x^2", "quotient-numerator-reversed", "top"),
    ("sin(x)/x", "(x cos x - sin x)/x", "quotient-denominator-not-squared", "top"),
    ("x^3", "3x^3", "power-exponent-not-lowered", "top"),
    ("e^x", "x e^(x-1)", "exp-as-power", "top"),
    ("cos x", "sin x", "trig-sign-flipped", "top"),
    ("3x^4", "4x^3", "constant-factor-dropped", "top"),
    ("sin(x)/x^2", "cos(x)/(2x)", "quotient-of-derivatives", "top"),
    ("sin(x)/x", "(x cos x + sin x)/x^2", "quotient-sign", "top"),
    ("x^2 sin x", "x^2 cos x", "product-term-dropped", "top"),
    ("x^2 e^x", "2x e^x - x^2 e^x", "product-sign", "top"),
    ("x^3", "x^2", "power-coefficient-dropped", "top"),
    ("x^(-2)", "-2x^(-1)", "power-exponent-raised", "top"),
    ("2^x", "2^x", "exponential-ln-dropped", "top"),
    ("log_2 x", "1/x", "log-base-ln-dropped", "top"),
    ("tan x", "sec x tan x", "trig-derivatives-confused", "top"),
    ("sin(x^2)", "cos(2x)", "chain-composed", "top"),
    ("x^3 - x^2", "3x^2 + 2x", "difference-sign-lost", "top"),
    ("x^2 + 5", "2x + 5", "constant-term-kept", "2"),
    # the expression's own c: the rule's c is another letter in its steps
    ("c x^2", "2x", "constant-factor-dropped", "top"),
    ("x/c", "1", "constant-factor-dropped", "top"),
    ("m x + c", "m + c", "constant-term-kept", "2"),
    ("x^x", "x x^(x-1)", "variable-exponent-as-power", "top"),
    ("x^x", "x^x ln x", "variable-base-as-exponential", "top"),
]


@pytest.mark.parametrize("expr, answer, mistake, step", WRONG)
def test_a_wrong_answer_names_its_mistake(expr, answer, mistake, step):
    g = grade(expr, answer)
    assert not g.correct
    assert g.diagnosis is not None, g.note
    assert (g.diagnosis.mistake, g.diagnosis.step) == (mistake, step)
    # the derivative with that mistake is the answer (SymPy as the oracle), and the rule's
    # result at that step is not what was done there
    assert sympy.simplify(to_sympy(g.diagnosis.derivative) - to_sympy(g.answer)) == 0
    assert g.diagnosis.wrong != g.diagnosis.right


def test_every_mistake_of_the_catalogue_has_a_case():
    assert {m for _, _, m, _ in WRONG} == {m.id for m in CATALOGUE}


def test_the_diagnosis_says_where_what_and_what_the_rule_gives():
    g = grade("x^2 sin(3x)", "2x sin(3x) + x^2 cos(3x)")
    d = g.diagnosis
    assert (d.mistake, d.step, to_plain(d.step_expr)) == ("chain-inner-dropped", "2", "sin(3*x)")
    assert to_plain(d.wrong) == "cos(3*x)" and to_plain(d.right) == "3*cos(3*x)"
    assert d.done == "wrote f′(g) = cos(3*x) without multiplying by g′ = 3"
    # dropping the 3 of the inner 3x gives the same function: listed as an alternative
    assert ("constant-factor-dropped", "constant factor dropped", "2.2", 1, None) in d.also


def test_no_single_mistake_shows_where_the_answer_differs():
    g = grade("x^2", "7x")
    assert not g.correct and g.diagnosis is None
    assert g.note == "no single mistake explains the answer: it is 3.5 times the derivative"
    assert len(g.differences) == 3
    for diff in g.differences:
        assert diff.answer == pytest.approx(7 * diff.at["x"])
        assert diff.derivative == pytest.approx(2 * diff.at["x"])
    assert "it is the expression itself" in grade("x^3 + 1", "x^3 + 1").note


@pytest.mark.parametrize("expr, answer", [
    ("x^2", "2x + 1e-12"), ("x^2", "2x + 10^-9"), ("x^2", "2x + 10^(-10^10)"),
    ("cos x", "-sin(x) + 1/10^15")])
def test_an_exact_answer_off_by_a_tiny_constant_is_wrong(expr, answer):
    """The difference simplifies to a nonzero constant: exact evidence, whatever the
    tolerance of doubles would say."""
    g = grade(expr, answer)
    assert not g.correct and g.method.startswith("symbolic (they differ by the constant")
    assert "differs from the derivative by the constant" in g.note


@pytest.mark.parametrize("expr, answer, note", [
    ("sin x", "cos x + 1e-9 x", "no single mistake explains the answer"),  # not a constant
    ("x^2", "2x + x/10^6", "no single mistake explains the answer: it is 1.0000005 times the "
     "derivative"),  # never "1 times"
])
def test_a_near_miss_is_described_by_what_it_exactly_is(expr, answer, note):
    g = grade(expr, answer)
    assert not g.correct and g.note == note


def test_an_exact_answer_off_by_a_tiny_term_is_wrong_at_30_digits():
    g = grade("x^2 sin x", "2x sin x + x^2 cos x + 1e-10 x")
    assert not g.correct and g.differences
    for diff in g.differences:
        assert diff.by == pytest.approx(1e-10 * diff.at["x"], rel=1e-6)
    assert "(they differ by" in render(g, "text")
    assert "difference" in json.loads(render(g, "json"))["differences"][0]


def test_decimals_are_right_within_the_tolerance_and_claim_no_exact_form():
    g = grade("pi x^2", "6.2831853072 x")
    assert g.correct and g.method.startswith("numeric")
    assert g.simpler is None  # it does not simplify to 2*pi*x
    assert not grade("pi x^2", "6.28 x").correct


def test_generated_mistakes_are_named_or_listed():
    """Every candidate of a few derivations, graded from its printed text: the mistake that
    made it is named or listed among the equally good alternatives (the oracle: the
    benchmark, benchmarks/grade_accuracy.py, does this on 1,000 cases)."""
    rng = random.Random(5)
    for text in ("x^2 cos(2x)", "(x^2 + 1)/sin(x)", "3 e^(x^2) - ln(x^2 + 2)"):
        d = derive(text, "x")
        root = d.parts[0].step
        pts = sample(d.expr, d.result, ["x"])
        cands = candidates(root, None)
        for c in rng.sample(cands, min(6, len(cands))):
            wrong = simplify(misapplied(root, c))
            if pts.matches(wrong, pts.reference):
                continue
            g = grade(text, to_plain(wrong))
            assert not g.correct
            named = {g.diagnosis.mistake} | {a[0] for a in g.diagnosis.also}
            assert c.mistake.id in named, (text, c.mistake.id, g.diagnosis.mistake)


# ---------------------------------------------------------------------------------------------
# several variables


def test_partial_derivative_with_wrt():
    assert grade("x^2 y", "x^2", "y").correct
    g = grade("x^2 y", "2xy", "y")
    assert g.diagnosis.mistake == "wrong-variable"
    g = grade("x^2 y", "2xy + x^2", "x")
    assert g.diagnosis.mistake == "not-held-constant"


def test_several_variables_default_to_x_with_a_note():
    # like derive (issue 15): by x, the others held constant, and a note says so
    g = grade("x^2 y", "2xy")
    assert g.correct and g.wrt == "x"
    assert any("no --wrt: differentiating by x, with y held constant" in n.message
               for n in g.reading.notes)
    assert not grade("x^2 y", "x^2").correct  # that is d/dy


def test_gradient_answers():
    g = grade("x^2 y", "(2xy, x^2)")
    assert g.correct and g.vars == ["x", "y"] and [c.wrt for c in g.components] == ["x", "y"]
    swapped = grade("x^2 y", "(x^2, 2xy)")
    assert not swapped.correct
    assert swapped.note.startswith("every component is a partial derivative, but in another order")
    with pytest.raises(UsageError, match="3 components"):
        grade("x^2 y", "(2xy, x^2, 0)")


@pytest.mark.parametrize("expr, answer, kwargs", [
    ("f(w, b) = w^2 b", "(2*b*w, w**2)", {}),  # the definition's arguments, in its order
    ("w^2 b", "(2wb, w^2)", {"vars": ["w", "b"]}),  # --vars
    ("w^2 b + x", "(2wb, w^2)", {"wrt": ["w", "b"]}),  # -x w -x b
    ("L(w, b) = (w x + b - y)^2", "(2x(wx+b-y), 2(wx+b-y))", {}),  # x, y held constant
])
def test_a_gradient_answer_is_graded_over_grads_variables(expr, answer, kwargs):
    g = grade(expr, answer, kwargs.get("wrt"), vars=kwargs.get("vars"))
    want = grad(expr, vars=kwargs.get("vars"), wrt=kwargs.get("wrt"))
    assert g.vars == want.vars and [c.wrt for c in g.components] == want.vars
    assert g.correct, [(c.wrt, c.correct) for c in g.components]
    assert [c.derivative for c in g.components] == want.gradient


@pytest.mark.parametrize("expr, answer", [
    ("f(w, b) = w^2 b", "(w^2, 2wb)"),
    # (∂L/∂b, ∂L/∂w) for L(w, b): x and y held constant were never drawn, so no note
    ("L(w, b) = (w x + b - y)^2", "(2(wx+b-y), 2x(wx+b-y))"),
])
def test_a_gradient_in_another_order_than_grads_gets_the_note(expr, answer):
    g = grade(expr, answer)
    assert not g.correct
    assert g.note == ("every component is a partial derivative, but in another order: yours "
                      "are by b, w; the gradient lists them by w, b")


def test_a_gradient_answer_with_wrt_and_one_answer_with_several():
    with pytest.raises(UsageError, match=r"2 components, the gradient of x\*\*2\*y has 1 \(y\)"):
        grade("x^2 y", "(2xy, x^2)", ["y"])
    with pytest.raises(UsageError, match="one answer is graded by one variable, not x, y"):
        grade("x^2 y", "2xy", ["x", "y"])
    r = run("grade", "w^2 b + x", "-x", "w", "-x", "b", "--answer", "(2wb, w^2)", "-f", "json",
            "--no-steps")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["correct"] and out["vars"] == ["w", "b"]


def test_a_comma_inside_brackets_does_not_split():
    assert grade("log(x, 2)", "1/(x ln(2))").correct
    assert grade("log(x, 2)", "log(x, 2)").correct is False


# ---------------------------------------------------------------------------------------------
# lines of a batch


def test_split_line():
    assert split_line("x^2 ; 2x") == ("x^2", "2x", None, None)
    assert split_line('{"expr": "x^2 y", "answer": "x^2", "wrt": "y", "student": "ann"}') == (
        "x^2 y", "x^2", "y", "ann")
    # grade's own JSON writes "wrt": ["y"]: read back as it is written (it was "['y']")
    assert split_line('{"expr": "x^2 y", "answer": "x^2", "wrt": ["y"]}') == (
        "x^2 y", "x^2", ["y"], None)
    assert grade_line('{"expr": "x^2 y", "answer": "x^2", "wrt": ["y"]}').correct
    with pytest.raises(CalcdiffError, match="no answer"):
        split_line("x^2")
    with pytest.raises(CalcdiffError, match="not valid JSON"):
        split_line('{"expr": ')


def test_csv_as_json_lines():
    rows = csv_as_json_lines(["student,expr,answer", 'ann,x^2,"2x"', "bob,x^3,3x^3"])
    assert [json.loads(r) for r in rows] == [
        {"student": "ann", "expr": "x^2", "answer": "2x"},
        {"student": "bob", "expr": "x^3", "answer": "3x^3"}]
    assert csv_as_json_lines(["x^2 ; 2x"]) is None


# ---------------------------------------------------------------------------------------------
# the command line


def test_cli_text():
    r = run("grade", "x^3", "--answer", "3x^3", "-f", "text", "--no-steps")
    assert r.exit_code == 0
    assert r.stdout == (
        "Input:    x^3\n"
        "Reading:  x**3\n"
        "\n"
        "Answer:   3*x**3\n"
        "          (implicit multiplication: 3x^3 read as 3*x^3)\n"
        "Grade:    WRONG: power rule: exponent not lowered\n"
        "Where:    the first step, d/dx [x**3], by the power rule: (xⁿ)′ = n·xⁿ⁻¹\n"
        "Done:     wrote n·uⁿ with n = 3, keeping the exponent, giving 3*x**3\n"
        "Rule:     the rule gives 3*x**2\n"
        "Result:   with that mistake the derivative is 3*x**3, which is your answer\n"
        "Correct:  d/dx [x**3] = 3*x**2\n")
    assert r.stderr == ""


def test_cli_correct_is_exit_0_and_says_how():
    r = run("grade", "x^2 y", "--wrt", "y", "--answer", "x^2", "-f", "text")
    assert r.exit_code == 0
    assert "Grade:    CORRECT (decided symbolically)" in r.stdout


def test_cli_batch_json_lines_and_summary(tmp_path):
    path = tmp_path / "class.txt"
    path.write_text("# a class\nx^2 sin x ; 2x cos x\nx^3 ; 3x^2\nsin(3x) ; cos(3x)\n"
                    "x^2 ; 2x +*\n")
    r = run("grade", "-i", str(path), "-f", "json", "--no-steps", "--summary")
    assert r.exit_code == 1  # a line could not be read
    lines = [json.loads(s) for s in r.stdout.splitlines()]
    assert [(o.get("correct"), o.get("mistake"), o.get("step")) for o in lines[:3]] == [
        (False, "product-of-derivatives", "top"), (True, None, None),
        (False, "chain-inner-dropped", "top")]
    assert lines[3]["error"]["message"] == "in the answer: unexpected '*'"
    assert lines[3]["line"] == 5
    assert lines[4] == {"summary": {"graded": 3, "correct": 1, "wrong": 2, "unexplained": 0,
                                    "unreadable": 1,
                                    "mistakes": {"chain-inner-dropped": 1,
                                                 "product-of-derivatives": 1}}}
    assert "Summary:\n  3  graded\n  1  correct\n  2  wrong\n" in r.stderr
    assert "\n  1  could not be read" in r.stderr


def test_cli_csv_and_jsonl(tmp_path):
    csv_file = tmp_path / "class.csv"
    csv_file.write_text('student,expr,answer\nann,x^2 sin x,2x sin x + x^2 cos x\n'
                        'bob,cos x,sin x\n')
    r = run("grade", "-i", str(csv_file), "-f", "json", "--no-steps")
    assert r.exit_code == 0
    out = [json.loads(s) for s in r.stdout.splitlines()]
    assert [(o["id"], o["correct"], o["mistake"]) for o in out] == [
        ("ann", True, None), ("bob", False, "trig-sign-flipped")]
    assert "trig-sign-flipped" in r.stderr  # the summary
    jl = tmp_path / "class.jsonl"
    jl.write_text('{"id": 1, "expr": "x^2 y", "answer": "x^2", "wrt": "y"}\n'
                  '{"id": 2, "expr": "x^2 y", "answer": "(2xy, x^2)"}\n')
    r = run("grade", "-i", str(jl), "-f", "json", "--no-steps")
    assert r.exit_code == 0
    out = [json.loads(s) for s in r.stdout.splitlines()]
    assert [(o["id"], o["correct"]) for o in out] == [("1", True), ("2", True)]
    assert out[1]["vars"] == ["x", "y"] and len(out[1]["components"]) == 2


def test_cli_stdin_lines():
    r = run("grade", "-f", "json", "--no-steps", input="e^x ; x e^(x-1)\n")
    assert r.exit_code == 0
    assert json.loads(r.stdout)["mistake"] == "exp-as-power"
    assert r.stderr == ""  # one answer: no summary


def test_cli_bad_answer_is_one_clean_error():
    r = run("grade", "x^2", "--answer", "2x +", "-f", "text")
    assert r.exit_code == 1
    assert r.stdout == ""
    assert r.stderr.startswith("error: in the answer: ")
    assert "Traceback" not in r.stderr


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "latex", "rich"])
def test_every_format(fmt):
    for obj in (grade("x^2 sin x", "2x cos x"), grade("x^2", "7x"), grade("x^2 y", "(2xy, x^2)")):
        out = render(obj, fmt)
        assert out is not None
    text = render(grade("x^2 sin x", "2x cos x"), "markdown")
    assert "**Grade:** WRONG: product rule taken as the product of derivatives" in text


def test_the_catalogue_is_well_formed():
    assert len(BY_ID) == len(CATALOGUE) + 6  # and six of the whole derivative, or of solving
    for m in CATALOGUE:
        assert m.find.__doc__, m.id  # each transformation states itself


def test_a_class_feedback_sheet_compiles(tmp_path):
    """-f latex: one document for the whole class, with the summary (pdflatex, where
    installed)."""
    from tests.test_render_latex import PDFLATEX, _compile

    if PDFLATEX is None:
        pytest.skip("pdflatex is not installed")
    path = tmp_path / "class.jsonl"
    path.write_text('{"student": "ann_1", "expr": "x^2 sin(3x)", "answer": "2x sin(3x)"}\n'
                    '{"student": "bob", "expr": "x^2 y", "answer": "(x^2, 2xy)"}\n'
                    '{"student": "cy", "expr": "x^2", "answer": "7x"}\n')
    r = run("grade", "-i", str(path), "-f", "latex", "--summary")
    assert r.exit_code == 0
    ok, errors = _compile(r.stdout, tmp_path)
    assert ok, errors


@pytest.mark.parametrize("expr, answer", [("1/(x^2+1)", "-1/(x^2+1)^2"),
                                          ("3/(x^2+1)", "-3/(x^2+1)^2"),
                                          ("1/sin(x)", "-1/sin(x)^2")])
def test_a_reciprocal_without_its_inner_derivative_is_diagnosed(expr, answer):
    """c/g is c·g⁻¹ to a student: −c/g² is the chain rule's g′ left out, as for (x^2+1)^-1."""
    g = grade(expr, answer)
    assert not g.correct and g.diagnosis.mistake == "chain-inner-dropped"


def test_a_csv_row_that_cannot_be_graded_keeps_its_student_and_its_text(tmp_path):
    # its record echoed a JSON object made from the row, and had no id
    path = tmp_path / "class.csv"
    path.write_text('student,expr,answer\nann,x^2,2x\ndan,"x^2, y",2x\neve,sin(x\n',
                    encoding="utf-8")
    r = CliRunner().invoke(main, ["grade", "-i", str(path), "-f", "json"])
    records = [json.loads(x) for x in r.stdout.splitlines()]
    assert records[0]["id"] == "ann" and records[0]["correct"] is True
    assert records[1]["input"] == 'dan,"x^2, y",2x' and records[1]["id"] == "dan"
    assert records[1]["error"]["kind"] == "parse"
    # the column counts in the expression the error was found in, given beside it
    assert records[1]["error"]["text"] == "x^2, y" and records[1]["error"]["column"] == 4
    assert records[2] == {"input": "eve,sin(x", "id": "eve",
                          "error": {"kind": "usage", "message": 'this line has no "answer"'},
                          "line": 4, "file": str(path)}
    assert '{"student"' not in r.stderr


def test_a_product_after_a_fraction_meant_under_it_is_said_so():
    """1/2x is (1/2)·x, as every input reads it; for d/dx ln √x the student surely meant
    1/(2x): wrong as written, no rule's mistake named (one was invented), and how to write
    it."""
    g = grade("ln(sqrt(x))", "1/2x")
    assert not g.correct and g.diagnosis is None
    assert g.note == ("as written, 1/2x is a product after a fraction, (a/b)·x; 1/(2x) is "
                      "right: write the denominator in brackets")
    assert grade("ln(sqrt(x))", "1/(2x)").correct
    # 1/(2x) for (ln 2x)′ is not right: no "is right" (it is a mistake: tests/test_grade_answers)
    assert "is right" not in (grade("ln(2x)", "1/2x").note or "")


@pytest.mark.parametrize("expr", ["7", "pi", "x^2"])
def test_the_expression_itself_given_as_its_derivative_is_said(expr):
    """7 for the derivative of 7 said "it differs from the derivative by the constant 7"."""
    g = grade(expr, expr)
    assert not g.correct
    assert g.note.endswith("it is the expression itself, not its derivative"), g.note


def test_a_simplified_but_longer_answer_is_not_told_it_simplifies():
    """3x^2 + 6x + 3 has nothing to simplify; it is only longer than 3(x + 1)^2."""
    g = grade("(x+1)^3", "3x^2 + 6x + 3")
    assert g.correct and g.note == "correct; a shorter equivalent form is 3*(x + 1)**2"


@pytest.mark.parametrize("expr, answer", [
    ("x^2 e^(3x)", "2x e^(3x) + 3x^2 e^(3x)"), ("x^2 e^(3x)", "3x^2 e^(3x) + 2x e^(3x)"),
    ("x^2 e^-x", "2x e^-x - x^2 e^-x"),
])
def test_the_rules_own_unsimplified_line_gets_no_note(expr, answer):
    # the product rule's f′g + fg′ as the steps write it was "a shorter equivalent form is …"
    g = grade(expr, answer)
    assert g.correct and g.note is None, g.note


@pytest.mark.parametrize("expr, answer, shorter", [
    ("x/(x+1)", "(x + 1 - x)/(x + 1)^2", "1/(x + 1)**2"),
    ("(x+2)/(x-1)", "(x - 1 - (x + 2))/(x - 1)^2", "-3/(x - 1)**2"),
])
def test_the_rules_line_with_terms_to_cancel_still_gets_its_note(expr, answer, shorter):
    # the quotient rule's line is the steps' own, but x + 1 - x has terms to cancel
    assert grade(expr, answer).note == "correct; a shorter equivalent form is " + shorter


@pytest.mark.parametrize("expr, answer", [("x^4", "4|x|^3"), ("x^4", "4 sqrt(x^6)"),
                                          ("x^2", "2|x|")])
def test_an_answer_right_on_one_side_of_0_says_so_beside_a_kink(expr, answer):
    # values near the kink at 0 matched both signs, and 4|x|^3 got "no single mistake"
    assert grade(expr, answer).note == ("the answer equals the derivative where x > 0 only; "
                                        "where x < 0 it has the opposite sign")


@pytest.mark.parametrize("expr, answer", [("log(x)", "1/(x ln 10)"),
                                          ("log(x^2+1)", "2x/((x^2+1) ln 10)")])
def test_an_answer_for_log_base_10_names_that_reading(expr, answer):
    # it said "no single mistake explains the answer: it is 0.4342944819 times the derivative"
    assert grade(expr, answer).note == (
        "the answer is the derivative with log read as log base 10; calcdiff reads log as the "
        "natural logarithm, ln (write log10(x) for base 10): it is 1/ln(10) times the "
        "derivative")


@pytest.mark.parametrize("answer, note", [
    ("(2xyz, x, 0)", "∂/∂y and ∂/∂z are wrong; ∂/∂x is right"),
    ("(2xyz, x^2 z, 2x)", "∂/∂z is wrong; ∂/∂x and ∂/∂y are right"),
    ("(2x, x, 0)", "every component is wrong"),
    ("(2xyz, x^2 z, x^2 y)", None),
])
def test_a_gradients_grade_says_which_components_are_wrong(answer, note):
    # a wrong gradient's own note was null: only each component said whether it was right
    assert grade("x^2 y z", answer).note == note


def test_a_kink_not_at_a_simple_fraction_is_not_named_as_one():
    # the nearest simple fraction in the sampled window was named: 22/7 for pi, 2 for 2.001
    for expr in ("abs(x-pi)", "abs(x-2.001)"):
        assert grade(expr, "1").note.startswith("no single mistake explains the answer")


@pytest.mark.parametrize("expr, answer, side", [
    ("sqrt(x^2+2x+1)", "1", "x > -1"), ("abs(2x-1)", "2", "x > 1/2"),
    ("abs(3x-1)", "-3", "x < 1/3"), ("sqrt(x^2-6x+9)", "1", "x > 3"),
    ("abs(x-1000.5)", "1", "x > 2001/2"),
])
def test_an_answer_right_on_one_side_of_a_kink_names_it(expr, answer, side):
    # the boundary was 0 or nothing: sqrt(x^2+2x+1) against 1 got "no single mistake"
    opposite = side.replace(">", "≶").replace("<", ">").replace("≶", "<")
    assert grade(expr, answer).note == (f"the answer equals the derivative where {side} only; "
                                        f"where {opposite} it has the opposite sign")


@pytest.mark.parametrize("expr, answer", [
    ("ln(x^4*exp(x))", "(x**4*(sinh(x) + cosh(x)) + 4*x**3*(sinh(x) + cosh(x)))/"
                       "(x**4*(sinh(x) + cosh(x)))"),
    ("x^5/(exp(3*x + 2))", "((5*x**4)*exp(3*x + 2) - x**5*(exp(3*x + 2)*(3*1 + 0)))/"
                           "exp(3*x + 2)**2"),
])
def test_a_round_off_zero_or_an_overflow_is_not_outside_the_domain(expr, answer):
    """sinh(x) + cosh(x) is 0 in doubles at x = -22 (e^x is not); exp(3x + 2)**2 overflows a
    double at x = 148: both answers were marked wrong, 'undefined where the derivative is
    defined'."""
    assert grade(expr, answer).correct


def test_a_csv_field_past_csvs_own_limit_is_no_traceback(tmp_path):
    """csv's field limit (131,072 characters) raised _csv.Error through the command."""
    from click.testing import CliRunner
    from calcdiff.cli import main

    f = tmp_path / "long.csv"
    f.write_text("expr,answer\nx^2," + "2" * 140_000 + "x\n")
    r = CliRunner().invoke(main, ["grade", "-i", str(f), "-f", "json"])
    assert r.exit_code == 1 and "Traceback" not in r.output
    assert '"kind": "limit"' in r.stdout


def test_an_error_in_a_lines_answer_is_at_its_column_of_the_line():
    # JSON's "column" counted from the answer (3), while "input" is the whole line (7)
    r = CliRunner().invoke(main, ["grade", "-i", "-", "-f", "json"], input="x^2;2x;3\n")
    out = json.loads(r.stdout.splitlines()[0])
    assert out["input"] == "x^2;2x;3" and out["error"]["column"] == 7
    assert "x^2;2x;3"[out["error"]["column"] - 1] == ";"


def test_the_feedback_names_an_exponential_and_the_inner_derivative_without_a_clash():
    """2^x treated as a power was named "eˣ treated as a power"; for ln(u^2 + 1) the feedback
    said "without multiplying by u′ = 2*u", u being the student's own variable."""
    r = CliRunner().invoke(main, ["grade", "2^x", "--answer", "x*2^(x-1)", "-f", "text",
                                  "--no-steps"])
    assert "Grade:    WRONG: an exponential treated as a power" in r.stdout
    r = CliRunner().invoke(main, ["grade", "ln(u^2+1)", "--answer", "1/(u^2+1)", "-f", "text",
                                  "--no-steps"])
    assert "without multiplying by the inner derivative, 2*u" in r.stdout and "u′" not in r.stdout


@pytest.mark.parametrize("expr, answer", [("acos(sqrt(1-x^2))", "1/sqrt(1-x^2)"),
                                          ("sqrt(x^2)", "1")])
def test_an_answer_right_on_one_side_of_0_is_said_to_be(expr, answer):
    # it was only "no single mistake explains the answer", at points all with x < 0
    r = CliRunner().invoke(main, ["grade", expr, "--answer", answer, "-f", "json",
                                  "--no-steps"])
    data = json.loads(r.stdout)
    assert data["correct"] is False
    assert "equals the derivative where x > 0 only" in json.dumps(data)


def test_the_feedback_quotes_the_rule_as_the_step_states_it():
    # it quoted the general (f + g)′ = f′ + g′ for a sum of four terms derive states as such
    r = CliRunner().invoke(main, ["grade", "x^3 - 3x^2 + 2x - 7", "--answer", "3x^2 + 6x + 2",
                                  "-f", "text", "--no-steps"])
    assert "by the sum rule: (f1 − f2 + f3 − f4)′ = f1′ − f2′ + f3′ − f4′" in " ".join(
        r.stdout.split())


@pytest.mark.parametrize("f, answer, note", [
    ("x^2", "(2 + 10^-14) x", "x/100000000000000"),
    ("x^2", "2x(1 + 10^-13)", "x/5000000000000"),
    ("exp(x)", "exp(x)(1 + 10^-14)", "exp(x)/100000000000000"),
])
def test_an_exact_answer_off_by_less_than_round_off_is_wrong(f, answer, note):
    """Each was CORRECT ("a shorter equivalent form is 200000000000001*x/100000000000000"):
    a difference below the doubles' round-off passed as one; exp's was "differentiated
    once too often", e^x″ matching within the tolerance."""
    r = CliRunner().invoke(main, ["grade", f, "--answer", answer, "-f", "json"])
    out = json.loads(r.stdout)
    assert out["correct"] is False and out["method"].startswith("symbolic")
    assert out["note"] == ("no single mistake explains the answer: it differs from the "
                           f"derivative by {note}, too little for doubles to show")


# ---------------------------------------------------------------------------------------------
# bug hunt 12: unknown functions under a rule with a domain, LaTeX spacing, multiples


@pytest.mark.parametrize("expr,answer", [
    ("ln(f(x))", "f'(x)/f(x)"),
    ("sqrt(f(x))", "f'(x)/(2sqrt(f(x)))"),
    ("asin(f(x))", "f'(x)/sqrt(1 - f(x)^2)"),
    ("log2(g(x))", "g'(x)/(g(x) ln 2)"),
])
def test_an_unknown_function_under_a_domain_rule_is_graded(expr, answer):
    # the kinks of ln(f(x)) (where f(x) = 0) have no values to solve for: they were an
    # internal error (KeyError: 'f')
    assert grade(expr, answer).correct


@pytest.mark.parametrize("expr,answer,name", [
    ("relu(z)", "H(z)", "H"),  # Heaviside written H
    ("x^2", "2f(x)", "f"),
    ("x", "abs(f(x))", "f"),
    ("acosh(f(x))", "f'(x)", "f"),
])
def test_an_answer_with_an_unknown_function_cannot_be_compared_and_says_so(expr, answer, name):
    with pytest.raises(CalcdiffError, match=f"{name} is an unknown function with no values "
                                            "to compare it at points") as info:
        grade(expr, answer)
    assert info.value.hint.startswith("the derivative is ")


@pytest.mark.parametrize("expr,answer", [
    ("x^2 sin x", r"2x\,\sin x + x^2\,\cos x"),  # LaTeX's thin space is a space
    ("x^3", r"3x^2 \,"),
    ("x^2", r"2\,x"),
])
def test_a_latex_thin_space_is_no_comma(expr, answer):
    assert grade(expr, answer).correct


@pytest.mark.parametrize("answer", [r"\left(2xy, x^2\right)", r"\left(2xy,\, x^2\right)",
                                    r"\Bigl(2xy, x^2\Bigr)", r"\left[2xy, x^2\right]"])
def test_a_gradient_in_sized_latex_brackets(answer):
    g = grade("x^2 y", answer)
    assert g.correct and [c.wrt for c in g.components] == ["x", "y"]


@pytest.mark.parametrize("expr,answer,k", [
    ("e^(-2x)", "2e^(-2x)", "-1"),  # the inner -2's sign dropped
    ("e^(-3x)", "-e^(-3x)", "1/3"),  # the inner -3 dropped, the sign kept
    ("e^x", "2e^x", "2"),
    ("e^(2x)", "-2e^(2x)", "-1"),
    ("x^2", "7x", "3.5"),
])
def test_a_multiple_of_the_derivative_is_named_where_it_underflows_far_out(expr, answer, k):
    # exp(-2x) is 0 in doubles at x = 1000: those points say nothing of the ratio
    g = grade(expr, answer)
    assert not g.correct
    assert g.note == f"no single mistake explains the answer: it is {k} times the derivative"


def test_a_tiny_difference_that_is_large_somewhere_says_where():
    g = grade("x^2", "2x + exp(-1000 x^2)")
    assert not g.correct
    assert g.note.endswith("by exp(-1000*x**2), which is 1 at x = 0 (at the points compared it "
                           "was too small for doubles to show)")
    assert grade("x^2", "(2 + 10^-14) x").note.endswith("too little for doubles to show")


@pytest.mark.parametrize("expr,answer,meant,advice", [
    ("ln(x^2+1)", "2x/x^2+1", "2x/(x^2+1)", "denominator"),
    ("1/(x+1)", "-1/x^2+2x+1", "-1/(x^2+2x+1)", "denominator"),
    ("x^5", "5x^5-1", "5x^(5-1)", "exponent"),
])
def test_a_sum_after_a_division_or_a_power_meant_in_brackets(expr, answer, meant, advice):
    g = grade(expr, answer)
    assert not g.correct
    assert g.note.endswith(f"; {meant} is right: write the {advice} in brackets")
    assert "no single mistake" in grade("x^2", "2x+1").note  # no bracket makes it right


def test_a_large_multiple_keeps_its_digits():
    assert grade("x^2", "246913 x").note.endswith("it is 123456.5 times the derivative")


def test_unknown_functions_that_cancel_leave_a_wrong_answer_wrong():
    g = grade("x^2", "3x + f(x) - f(x)")
    assert not g.correct


@pytest.mark.parametrize("exercise, answer, correct, note", [
    ("f(x) = x^3, find f'(2)", "12", True, None),
    ("f(x) = x^3, find f'(2)", "3*2^2", True, None),
    ("f(x) = x^3, find f'(2)", "10", False, "at x = 2 the derivative is 12"),
    ("f(x) = x^3, find f'(2)", "8", False,
     "at x = 2 the derivative is 12; 8 is the function's own value there"),
    ("find dy/dx if y = x^3 and x = 2", "12", True, None),
    ("x^3 at x = 2", "12", True, None),
    ("d/dx (sin x) at x = pi/3", "1/2", True, None),
    ("d/dx (sin x) at x = pi/3", "0.5", True, None),
    ("d/dx (sin x) at x = pi/3", "0.87", False,
     "at x = pi/3 the derivative is 1/2"),
])
def test_a_number_is_graded_against_the_value_at_the_exercise_s_point(exercise, answer,
                                                                        correct, note):
    # f'(2) = 12 was graded WRONG: 12 against the function 3x^2 at random points
    r = CliRunner().invoke(main, ["grade", exercise, "--answer", answer, "-f", "json"])
    out = json.loads(r.output)
    assert (out["correct"], out["note"]) == (correct, note)
    assert out["method"] == f"at {next(iter(out['at']))} = {next(iter(out['at'].values()))}"


def test_the_derivative_where_its_value_was_asked_is_correct_with_a_note():
    r = CliRunner().invoke(main, ["grade", "f(x) = x^3, find f'(2)", "--answer", "3x^2"])
    assert "Grade:    CORRECT (decided symbolically)" in r.output
    assert "Note:     the exercise asks for its value at x = 2: 12" in r.output
    r = CliRunner().invoke(main, ["grade", "f(x) = x^3, find f'(2)", "--answer", "10"])
    assert "Correct:  d/dx [x**3] = 3*x**2; at x = 2: 12" in r.output


@pytest.mark.parametrize("answer, correct, note", [
    ("-3/4", True, None), ("-0.75", True, None),
    ("3/4", False, "at x = 3, y = 4 dy/dx is -3/4"),
])
def test_an_implicit_derivative_s_value_at_a_point_of_the_curve(answer, correct, note):
    # "x^2 + y^2 = 25 at (3, 4)" was "unexpected ','" in grade
    r = CliRunner().invoke(main, ["grade", "x^2 + y^2 = 25 at (3, 4)", "--answer", answer,
                                  "-f", "json", "--no-steps"])
    out = json.loads(r.output)
    assert (out["correct"], out["note"], out["at"], out["value"]) == (
        correct, note, {"x": "3", "y": "4"}, "-3/4")
    assert out["input"] == "x^2 + y^2 = 25 at (3, 4)"


@pytest.mark.parametrize("answer, correct", [("(4, 1)", True), ("(4, 2)", False),
                                             ("(2xy, x^2)", True)])
def test_a_gradient_at_coordinates_is_graded_there(answer, correct):
    # "x^2 y at (1, 2)" was "the point needs its variable" in grade
    r = CliRunner().invoke(main, ["grade", "x^2 y at (1, 2)", "--answer", answer, "-f",
                                  "json", "--no-steps"])
    assert json.loads(r.output)["correct"] is correct
