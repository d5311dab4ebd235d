"""How the command line answers arguments typed the wrong way (issue 19, item 6), through
click's CliRunner with exact output and exit codes: an expression split over unquoted
arguments, a lone variable after an expression, an expression where the command belongs, the
``diff`` alias, ``-x/--wrt`` on grad, hessian and jacobian, and the help.

Where a command still computes, its output is compared with the same request asked the right
way (the derivations' own format is tested elsewhere); the hints are compared exactly."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

import calcdiff
from calcdiff.cli import main
from calcdiff.commands.arguments import Split, Stray, split_arguments, stray_variables
from calcdiff.render import render


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input, prog_name="calcdiff",
                              catch_exceptions=False)


def outcome(*args):
    r = run(*args)
    return r.exit_code, r.stdout, r.stderr


def joined(*runs) -> str:
    """The stdout of a batch: each answer's output, a blank line between them."""
    return "\n".join(r.stdout for r in runs)


# ---------------------------------------------------------------------------------------------
# an expression split over several unquoted arguments: an error, nothing computed


def test_an_unquoted_expression_is_an_error_with_the_quoted_command():
    assert outcome("derive", "x^2", "sin", "x") == (1, "", (
        "error: one expression split over 3 arguments\n"
        "  calcdiff derive x^2 sin x\n"
        "                  ^^^^^^^^^\n"
        'hint: quote the expression: calcdiff derive "x^2 sin x"\n'))



def test_a_signed_term_after_an_expression_continues_it():
    """3x^2 -4x gave two answers, 6x and -4, exit 0: each argument read alone."""
    assert outcome("derive", "3x^2", "-4x") == (1, "", (
        "error: one expression split over 2 arguments\n"
        "  calcdiff derive 3x^2 -4x\n"
        "                  ^^^^^^^^\n"
        'hint: quote the expression: calcdiff derive "3x^2 -4x"; for expressions of their '
        'own, bracket the signed one: "(-4x)"\n'))
    # a Jacobian's components are expressions of their own: (xy, -xy)
    assert outcome("jacobian", "x*y", "-x*y", "-f", "json", "--no-steps")[0] == 0

def test_the_split_error_in_json_is_an_object_on_stdout():
    code, out, err = outcome("derive", "x^2", "sin", "x", "-f", "json")
    assert code == 1 and err.startswith("error: one expression split over 3 arguments\n")
    assert json.loads(out) == {
        "input": "calcdiff derive x^2 sin x -f json",
        "error": {"kind": "usage", "message": "one expression split over 3 arguments",
                  "column": 17,
                  "hint": 'quote the expression: calcdiff derive "x^2 sin x" -f json'}}


def test_only_the_split_part_is_joined_after_a_quoted_expression():
    assert outcome("derive", "x^2 + 1", "sin", "x") == (1, "", (
        "error: one expression split over 2 arguments\n"
        '  calcdiff derive "x^2 + 1" sin x\n'
        "                            ^^^^^\n"
        'hint: quote the expression: calcdiff derive "x^2 + 1" "sin x"\n'))


def test_a_bracketed_argument_was_quoted_so_it_stays_its_own_expression():
    assert outcome("derive", "x^2", "sin", "x", "cos(t)") == (1, "", (
        "error: one expression split over 3 arguments\n"
        '  calcdiff derive x^2 sin x "cos(t)"\n'
        "                  ^^^^^^^^^\n"
        'hint: quote the expression: calcdiff derive "x^2 sin x" "cos(t)"\n'))


def test_an_unquoted_equation():
    assert outcome("derive", "x^2", "+", "y^2", "=", "25") == (1, "", (
        "error: one expression split over 5 arguments\n"
        "  calcdiff derive x^2 + y^2 = 25\n"
        "                  ^^^^^^^^^^^^^^\n"
        'hint: quote the expression: calcdiff derive "x^2 + y^2 = 25"\n'))


@pytest.mark.parametrize("command,extra", [("parse", ()), ("taylor", ("--at", "x=0")),
                                           ("grad", ()), ("jacobian", ())])
def test_every_command_of_expressions_sees_a_split(command, extra):
    options = "".join(" " + word for word in extra)
    assert outcome(command, "exp", "x", *extra) == (1, "", (
        "error: one expression split over 2 arguments\n"
        f"  calcdiff {command} exp x{options}\n"
        f"{' ' * (len(command) + 12)}^^^^^\n"
        f'hint: quote the expression: calcdiff {command} "exp x"{options}\n'))


def test_the_options_stay_where_they_were_typed():
    assert outcome("derive", "--at", "x=1", "x^2", "sin", "x", "-n", "2") == (1, "", (
        "error: one expression split over 3 arguments\n"
        "  calcdiff derive --at x=1 x^2 sin x -n 2\n"
        "                           ^^^^^^^^^\n"
        'hint: quote the expression: calcdiff derive --at x=1 "x^2 sin x" -n 2\n'))


def test_a_batch_of_expressions_is_never_joined():
    batch = run("derive", "x^2", "sin x", "--no-steps")
    assert (batch.exit_code, batch.stderr) == (0, "")
    assert batch.stdout == joined(run("derive", "x^2", "--no-steps"),
                                  run("derive", "sin x", "--no-steps"))
    # each argument reads alone: a batch, even unquoted
    unquoted = run("derive", "x^2", "sin(x)", "--no-steps")
    assert (unquoted.exit_code, unquoted.stderr) == (0, "")
    assert unquoted.stdout.count("Input:") == 2


# ---------------------------------------------------------------------------------------------
# a lone variable after an expression


def test_a_variable_of_the_expression_before_is_an_error():
    assert outcome("derive", "x^2 y", "y") == (1, "", (
        'error: y is a variable of "x^2 y", not an expression of its own\n'
        '  calcdiff derive "x^2 y" y\n'
        "                          ^\n"
        'hint: did you mean -x y? calcdiff derive "x^2 y" -x y\n'))


def test_several_variables_make_one_hint_for_a_mixed_partial():
    assert outcome("derive", "x^2 y^3", "x", "y") == (1, "", (
        'error: x, y are variables of "x^2 y^3", not expressions of their own\n'
        '  calcdiff derive "x^2 y^3" x y\n'
        "                            ^^^\n"
        'hint: did you mean -x x -x y? calcdiff derive "x^2 y^3" -x x -x y\n'))


def test_a_variable_not_in_the_expression_is_a_warning_and_the_batch_runs():
    code, out, err = outcome("derive", "x^2", "y", "--no-steps")
    assert (code, err) == (0, ("warning: y on its own is read as an expression\n"
                               "  calcdiff derive x^2 y --no-steps\n"
                               "                      ^\n"
                               'hint: did you mean -x y? calcdiff derive "x^2" --no-steps -x y; '
                               'or quote the expression: calcdiff derive "x^2 y" --no-steps\n'))
    assert out == joined(run("derive", "x^2", "--no-steps"), run("derive", "y", "--no-steps"))


def test_with_x_given_a_lone_name_is_answered_as_written():
    r = run("derive", "x^2 y", "y", "-x", "y", "--no-steps")
    assert (r.exit_code, r.stderr) == (0, "")
    assert r.stdout == joined(run("derive", "x^2 y", "-x", "y", "--no-steps"),
                              run("derive", "y", "-x", "y", "--no-steps"))


def test_the_suggested_command_answers():
    r = run("derive", "x^2 y", "-x", "y", "--no-steps")
    assert (r.exit_code, r.stderr) == (0, "")
    assert r.stdout == render(calcdiff.derive("x^2 y", ["y"]), "text", steps=False) + "\n"


def test_a_request_in_the_input_differentiates_the_variable_itself():
    r = run("derive", "x^2 y", "d/dy y", "--no-steps")
    assert (r.exit_code, r.stderr) == (0, "")
    assert r.stdout.count("Input:") == 2


def test_grad_and_hessian_hint_at_their_own_command():
    assert outcome("grad", "x^2 y", "y")[0::2] == (1, (
        'error: y is a variable of "x^2 y", not an expression of its own\n'
        '  calcdiff grad "x^2 y" y\n'
        "                        ^\n"
        'hint: did you mean -x y? calcdiff grad "x^2 y" -x y\n'))
    assert outcome("hessian", "x^2 y", "y")[0] == 1


def test_jacobian_rows_may_be_lone_variables():
    r = run("jacobian", "x^2 y", "y", "--no-steps", "-f", "json")
    assert (r.exit_code, r.stderr) == (0, "")
    assert json.loads(r.stdout)["matrix"] == [["2*x*y", "x**2"], ["0", "1"]]


def test_the_first_argument_alone_is_not_questioned():
    r = run("derive", "x", "x^2", "--no-steps")
    assert (r.exit_code, r.stderr) == (0, "")


# ---------------------------------------------------------------------------------------------
# no command


USAGE = "Usage: calcdiff [OPTIONS] COMMAND [ARGS]...\nTry 'calcdiff --help' for help.\n\n"


@pytest.mark.parametrize("args,suggestion", [
    (["x^2"], 'calcdiff derive "x^2"'),
    (["d/dx", "x^3"], 'calcdiff derive "d/dx x^3"'),
    (["x^2", "sin", "x"], 'calcdiff derive "x^2 sin x"'),
    (["x^2", "sin x"], 'calcdiff derive "x^2" "sin x"'),
    (["sin x", "-x", "x"], 'calcdiff derive "sin x" -x x'),
])
def test_an_expression_without_a_command_points_to_derive(args, suggestion):
    assert outcome(*args) == (2, "", USAGE + (
        f"Error: No such command {args[0]!r}: calcdiff needs a command first. "
        f"To differentiate, run: {suggestion}\n"))


def test_a_mistyped_command_keeps_clicks_message():
    assert outcome("derve", "x") == (2, "", USAGE + (
        "Error: No such command 'derve'. Did you mean 'derive'?\n"))
    assert outcome("plot", "x") == (2, "", USAGE + "Error: No such command 'plot'.\n")


# ---------------------------------------------------------------------------------------------
# diff, and -x/--wrt on grad, hessian and jacobian


def test_diff_is_derive():
    assert outcome("diff", "x^3", "-x", "x") == outcome("derive", "x^3", "-x", "x")
    assert outcome("diff", "x^3")[0] == 0


def test_grad_takes_its_variables_from_x():
    r = run("grad", "w^2 b + x", "-x", "w", "-x", "b", "--no-steps", "-f", "json")
    assert (r.exit_code, r.stderr) == (0, "")
    out = json.loads(r.stdout)
    assert (out["vars"], out["gradient"]) == (["w", "b"], ["2*b*w", "w**2"])
    text = run("grad", "w^2 b + x", "--wrt", "w", "--wrt", "b", "--no-steps")
    api = calcdiff.grad("w^2 b + x", wrt=["w", "b"])
    assert text.stdout == render(api, "text", steps=False) + "\n"


def test_hessian_takes_its_variables_from_x():
    r = run("hessian", "w^2 b + x", "-x", "w", "-x", "b", "--no-steps", "-f", "json")
    assert r.exit_code == 0
    out = json.loads(r.stdout)
    assert (out["vars"], out["matrix"]) == (["w", "b"], [["2*b", "2*w"], ["2*w", "0"]])
    assert calcdiff.hessian("w^2 b + x", wrt=["w", "b"]).vars == ["w", "b"]


def test_jacobian_takes_its_columns_from_x():
    r = run("jacobian", "r cos(theta)", "r sin(theta)", "-x", "theta", "-x", "r",
            "--no-steps", "-f", "json")
    assert r.exit_code == 0
    out = json.loads(r.stdout)
    assert out["vars"] == ["theta", "r"]
    assert out["matrix"] == [["-r*sin(theta)", "cos(theta)"], ["r*cos(theta)", "sin(theta)"]]


def test_x_names_a_variable_the_function_lacks():
    out = json.loads(run("hessian", "x^2", "-x", "x", "-x", "y", "-f", "json").stdout)
    assert out["matrix"] == [["2", "0"], ["0", "0"]]
    assert "y does not occur in x**2: the derivative with respect to y is 0" in out["notes"]


def test_x_on_an_expression_naming_a_matrix_is_a_matrix_gradient():
    r = run("grad", "A x", "-x", "x", "--no-steps")
    assert r.exit_code == 0 and r.stdout.endswith("∂f/∂x = Aᵀ\n")
    # a scalar-only option keeps it scalar
    r = run("grad", "P V", "-x", "P", "--vars", "P,V", "--no-steps", "-f", "json")
    assert json.loads(r.stdout)["gradient"] == ["V"]


# ---------------------------------------------------------------------------------------------
# help


def test_the_top_level_help_shows_every_description_whole():
    out = run("--help").stdout
    assert "..." not in out.split("\n", 1)[1]  # after the usage line
    listed = " ".join(out.split("Commands:")[1].split())
    for name, command in main.commands.items():
        first = " ".join(command.help.split("\n\n")[0].split())
        assert f"{name} {first}" in listed
    assert "diff The same as derive." in listed


EXPRESSION_COMMANDS = ["parse", "derive", "grad", "hessian", "tangent", "limit", "taylor",
                       "descend", "newton", "backprop"]


@pytest.mark.parametrize("command", EXPRESSION_COMMANDS + ["jacobian", "grade"])
def test_each_command_says_how_arguments_and_files_work(command):
    out = " ".join(run(command, "--help").stdout.split())
    assert "Each argument is one" in out
    assert "-i FILE reads one" in out and "per line" in out


@pytest.mark.parametrize("command", ["derive", "diff", "parse"])
def test_derive_and_parse_say_requests_may_be_written_in_the_input(command):
    out = " ".join(run(command, "--help").stdout.split())
    assert ("An input may carry its own request: d/dx x^3, ∂/∂y (x^2 y), d^2/dx^2 sin x, "
            "y' = x^2 sin x.") in out


# ---------------------------------------------------------------------------------------------
# the library's findings


def test_split_arguments():
    assert split_arguments(["x^2", "sin", "x"]) == [Split(0, 2, "x^2 sin x")]
    assert split_arguments(["x^2", "sin x"]) == []
    assert split_arguments(["x^2", "sin(x)", "cos"]) == []  # nothing joined reads
    assert split_arguments(["sin", "x", "(x+1)", "cos", "t"]) == [
        Split(0, 1, "sin x"), Split(3, 4, "cos t")]


def test_stray_variables():
    assert stray_variables(["x^2 y", "y"]) == [Stray(0, (1,), ("y",), True)]
    assert stray_variables(["x^2", "y"]) == [Stray(0, (1,), ("y",), False)]
    assert stray_variables(["x", "y"]) == []
    assert stray_variables(["sin theta", "θ"]) == [Stray(0, (1,), ("theta",), True)]
    assert stray_variables(["x^2 y", "pi"]) == []  # a constant, not a variable


# ---------------------------------------------------------------------------------------------
# the README (issue 19, item 7)

README = Path(__file__).resolve().parent.parent / "README.md"


def readme_section(title: str) -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index(title)
    return text[start:text.index("\n## ", start)]


def console_examples(section: str):
    """``(arguments, output)`` of every ``$ calcdiff …`` line in the section's console
    blocks."""
    for block in section.split("```console\n")[1:]:
        block = block.split("```")[0]
        for example in block.split("$ calcdiff ")[1:]:
            command, _, output = example.partition("\n")
            yield shlex.split(command), output


def test_the_readme_examples_of_mistyped_arguments_are_what_calcdiff_prints():
    examples = list(console_examples(readme_section("### The command line: arguments")))
    assert len(examples) == 3
    for args, output in examples:
        assert run(*args).output == output


def test_the_readme_setup_puts_calcdiff_on_path_and_cites_nothing_outside():
    setup = readme_section("## Set-up")
    first = setup.split("```sh\n")[1].split("\n")[0]
    assert first.index(". .venv/bin/activate") < first.index(" calcdiff derive")
    text = README.read_text(encoding="utf-8")
    assert "SPEC" not in text and "calcdiff[plot]" not in text and "'.[plot]'" in text
    assert not re.search(r"\bissue \d", text)


@pytest.mark.parametrize("text, column", [("(x^2 + y^2 = 25)", 12), ("sin(x = 1)", 7),
                                          ("x (at x = 2)", 9)])
def test_an_equals_sign_inside_a_bracket_is_the_error(text, column):
    """It said "unclosed '('" with the caret under the bracket: the equation was split at
    its =, leaving the bracket open."""
    r = CliRunner().invoke(main, ["parse", text])
    assert r.exit_code == 1
    assert r.stderr.startswith(f"error: unexpected character '='\n  {text}\n  "
                               f"{' ' * (column - 1)}^\n")


@pytest.mark.parametrize("text, hint", [
    ("squareroot(x)", "write sqrt(x)"), ("cuberoot(x)", "write cbrt(x)"),
    ("sqroot(x)", "for the square root write sqrt(x); root(x, n) is the n-th root"),
    ("cube root(x)", "for the cube root write cbrt(x); root(x, n) is the n-th root"),
    ("cso(x)", "did you mean cos?"),  # it said csc: two letters swapped is the likelier typo
    ("SiLU(x)", "SiLU (swish) is x*sigmoid(x): write it out"),  # silu's hint, any case
    ("logarithm(x)", "write log(x) for ln, log(x, b) for base b"),
    ("1,000x", "for the number write 1000; for a decimal a point: 1.000"),
    ("1,000,000 x", "for the number write 1000000"),
])
def test_hints_for_names_and_numbers_written_otherwise(text, hint):
    """Each gave "write s*q*u*…(...) for a product", csc for cos, or a decimal point for a
    thousands separator."""
    r = CliRunner().invoke(main, ["parse", text])
    assert r.exit_code == 1 and r.stderr.endswith(f"\nhint: {hint}\n"), r.stderr


def test_a_point_without_a_variable_says_it_is_not_given():
    """It said "x**2 is undefined at y = 1: no value given for x": nothing is undefined."""
    r = CliRunner().invoke(main, ["derive", "x^2", "--at", "y=1"])
    assert r.exit_code == 1
    assert r.stderr == ("error: the point y = 1 gives no value for x\n"
                        "hint: give every variable a value: --at x=…,y=…\n")


@pytest.mark.parametrize("text, reading", [("Max(0,x)", "relu(x)"), ("MAX(0, x)", "relu(x)"),
                                           ("Max[0, x]", "relu(x)")])
def test_max_capitalised_as_other_functions_are(text, reading):
    r = CliRunner().invoke(main, ["parse", text, "-f", "json"])
    assert r.exit_code == 0 and json.loads(r.stdout)["expr"] == reading


def test_a_decimal_comma_is_no_thousands_separator():
    r = CliRunner().invoke(main, ["parse", "0,125 x"])
    assert r.stderr.endswith("hint: write a decimal with a point: 0.5, not 0,5\n")


@pytest.mark.parametrize("text", ["softsignx", "softsign x", "hardtanh x"])
def test_an_activations_name_without_a_bracket_is_not_letters_either(text):
    """softsignx was s·o·f·t·sign(x), whose derivative is 0 (the review)."""
    r = CliRunner().invoke(main, ["derive", text])
    assert r.exit_code == 1 and "unknown function" in r.stderr


@pytest.mark.parametrize("text, reading", [("NBAwsin(w*t)", "N*B*A*w*sin(w*t)"),
                                           ("abcdexp(x)", "a*b*c*d*exp(x)")])
def test_letters_before_a_function_stay_a_product(text, reading):
    """The generator's EMF, NBAω sin ωt: a rule refusing 4+ letters before a function
    refused it (the review)."""
    r = CliRunner().invoke(main, ["parse", text, "-f", "json"])
    assert r.exit_code == 0 and json.loads(r.stdout)["expr"] == reading


def test_the_u_of_x_note_after_a_request_head():
    """d/dx u(x) v(x) named only v: the spaces removed, the x of dx stood before u(x)."""
    from calcdiff.commands.differentiate import derive

    notes = " ".join(derive("d/dx u(x) v(x)").reading.note_messages())
    assert "pass --function u,v" in notes


@pytest.mark.parametrize("text,expr,answer", [
    ("SIN X", "sin(X)", "cos(X)"),  # was S*I*N*X, by I
    ("LN x", "log(x)", "1/x"),  # was L*N*x
    ("COS x + SQRT x", "cos(x) + sqrt(x)", "-sin(x) + 1/(2*sqrt(x))"),
    ("sixth derivative of x^7", "x**7", "5040*x"),  # "'derivative' … cannot read here"
    ("21st derivative of x^22", "x**22", "1124000727777607680000*x"),
    ("tenth derivative of sin x", "sin(x)", "-sin(x)"),
])
def test_calculator_spellings_read_as_meant(text, expr, answer):
    obj = json.loads(run("derive", text, "-f", "json", "--no-steps").stdout)
    assert obj["expr"] == expr and obj["derivative"] == answer


@pytest.mark.parametrize("text,hint", [
    ("leakyrelu(x)", "hint: leaky ReLU with slope a is relu(x) - a*relu(-x)"),  # l*e*a*k*y
    ("logsumexp(x, y)", "hint: log-sum-exp is log(exp(x) + exp(y) + …): write it out"),
])
def test_other_libraries_names_say_what_to_write(text, hint):
    r = run("derive", text)
    assert r.exit_code == 1 and hint in r.stderr


def test_a_related_rate_of_a_definition_says_how_to_ask_for_it():
    # it answered 0 ("t does not occur"), where an equation's related rate is refused
    r = run("derive", "A = π r^2, find dA/dt")
    assert r.exit_code == 1
    assert r.stderr == (
        "error: the definition does not contain t: with r held constant, dA/dt would be 0, but "
        "in a related-rates problem r depends on t\nhint: write r(t) for r as a function of t "
        "and pass --function r: dA/dt is then in terms of r'(t)\n")
    ok = json.loads(run("derive", "A = π r(t)^2, find dA/dt", "--function", "r", "-f",
                        "json", "--no-steps").stdout)
    assert ok["derivative"] == "2*pi*r'(t)*r(t)"


def test_a_gradients_point_after_nabla_is_its_point():
    # ∇f(1,2) for f = x^2 y printed the gradient alone: the point was dropped
    obj = json.loads(run("grad", "∇f(1,2) for f = x^2 y", "-f", "json", "--no-steps").stdout)
    assert obj["at"] == {"x": "1", "y": "2"} and obj["value"] == ["4", "1"]


def test_letters_applied_to_the_variable_get_the_function_hint_by_default():
    obj = json.loads(run("derive", "u(x) v(x)", "-f", "json", "--no-steps").stdout)
    assert "u(x) was read as u times x: pass --function u,v to read u(x) and v(x) as " \
           "functions" in obj["notes"]


@pytest.mark.parametrize("text,answer", [
    ("(d/dy)(x^2 y)", "x**2"),  # said "it must come first", which it was
    ("(d^2/dx^2)(x^4)", "12*x**2"), ("(∂/∂y)(x y^2)", "2*x*y"),
])
def test_an_operator_in_brackets_is_the_request(text, answer):
    obj = json.loads(run("derive", text, "-f", "json", "--no-steps").stdout)
    assert obj["derivative"] == answer and obj["input"] == text


@pytest.mark.parametrize("direction", ["(3,4)", "<3, 4>", "[3, 4]", "⟨3,4⟩", "3,4"])
def test_a_direction_written_as_a_vector(direction):
    # (3,4) said "unclosed '('", <3,4> "unexpected character '<'"
    obj = json.loads(run("grad", "x^2 y", "--at", "x=1,y=2", "--direction", direction,
                         "-f", "json", "--no-steps").stdout)
    assert obj["directional"] == "16/5"


@pytest.mark.parametrize("text, hint", [
    # each was letters times a known function (p*relu(x), s*m*o*o*t*h*heaviside(x): 0)
    ("prelu(x)", "PReLU"), ("lrelu(x)", "leaky ReLU"), ("crelu(x)", "CReLU"),
    ("sqrelu(x)", "relu(x)^2"), ("smoothrelu(x)", "softplus"), ("smoothstep(x)", "3x^2"),
    ("unitstep(x)", "heaviside(x)"), ("versin(x)", "1 - cos(x)"), ("exsec(x)", "sec(x) - 1"),
])
def test_other_libraries_relu_and_step_names_say_what_to_write(text, hint):
    r = CliRunner().invoke(main, ["derive", text])
    assert r.exit_code == 1 and "unknown function" in r.stderr and hint in r.stderr


@pytest.mark.parametrize("command", [["grade", "x^3", "--answer", "6x"], ["grad", "x^3 y"],
                                     ["hessian", "x^3 y"], ["tangent", "x^3", "--at", "x=1"]])
def test_an_order_given_to_a_command_without_one_is_a_usage_error(command):
    """grade x^3 --answer 6x -n 2 graded three inputs, -n and 2 among them (exit 0)."""
    r = CliRunner().invoke(main, [*command, "-n", "2"])
    assert r.exit_code == 2
    assert f"{command[0]} has no option -n (an order)" in r.stderr


@pytest.mark.parametrize("command", [["grade", "x^2", "--answer", "2x"],
                                     ["taylor", "sin x", "--at", "x=0"],
                                     ["tangent", "x^3", "--at", "x=1"],
                                     ["limit", "x^2", "--at", "x=1"]])
@pytest.mark.parametrize("option", ["-j", "--jobs"])
def test_jobs_given_to_a_command_without_them_is_a_usage_error(command, option):
    """grade x^2 --answer 2x -j 1 graded -j and 1 as two more (wrong) exercises, exit 0."""
    r = CliRunner().invoke(main, [*command, option, "1"])
    assert r.exit_code == 2
    assert r.stderr.splitlines()[-1] == (f"Error: {command[0]} has no option {option} "
                                         "(parallel jobs): it answers its inputs one after "
                                         "another")


def test_a_comment_after_an_expression_says_where_comments_go():
    r = CliRunner().invoke(main, ["derive", "x^3   # problem 4"])
    assert r.exit_code == 1
    assert "hint: a comment takes a line of its own" in r.stderr


@pytest.mark.parametrize("text, plain", [("x\u3000+ 1", "x + 1"), ("x\u2003+\u2002y", "x + y"),
                                         ("∣x∣", "abs(x)"), ("｜x｜^2", "abs(x)**2")])
def test_other_spaces_and_bars_read_as_they_look(text, plain):
    r = CliRunner().invoke(main, ["parse", text, "-f", "json"])
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout)["expr"] == plain


def test_a_point_with_a_space_between_its_values_says_commas():
    """--at "x=1 y=2" said "unexpected character '='" with the assignment hint."""
    r = CliRunner().invoke(main, ["derive", "x^2 y", "--at", "x=1 y=2"])
    assert r.exit_code == 1
    assert r.stderr.splitlines() == ["error: --at separates its values with commas, got "
                                     "'x=1 y=2'", "hint: for example --at x=1,y=2"]
