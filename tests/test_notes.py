"""Notes: one per interpretation, never contradictory or repeated, in the user's own notation
(issue 19, item 4)."""

import json

import pytest
from click.testing import CliRunner

from calcdiff.cli import main
from calcdiff.read.parser import parse


@pytest.mark.parametrize("text, notes", [
    # a split run that is a function applied without brackets: one note, not "split into
    # sin*x" followed by "read as sin(x)"
    ("sinx", ["sinx read as sin(x)"]),
    ("xsinx", ["xsinx read as x*sin(x)"]),
    ("sinx^2", ["sinx^2 read as sin(x**2)"]),
    ("xcosx + sinx", ["xcosx read as x*cos(x)", "sinx read as sin(x)"]),
    # an inverse or a power of a function is said once
    ("sin^-1 x", ["sin^-1 x read as asin(x), the inverse function (not 1/sin)"]),
    ("sin^2 x", ["sin^2 x read as sin(x)**2, a power of sin"]),
    # implicit products quote the user's text with a * where a product was read
    ("3x^2", ["implicit multiplication: 3x^2 read as 3*x^2"]),
    ("x^2 sin x", ["implicit multiplication: x^2 sin x read as x^2*sin x",
                   "sin x read as sin(x)"]),
    ("2x(x+1)", ["implicit multiplication: 2x(x+1) read as 2*x*(x+1)"]),
    # a split with no function in it keeps its own note
    ("xy", ["xy split into x*y"]),
    # a split inside an implicit product is said by that product, every time the same name
    # is split again (the second 2xy read as "2*xy" once an earlier xy had been noted)
    ("3xy + 2xy", ["implicit multiplication: 3xy read as 3*x*y",
                   "implicit multiplication: 2xy read as 2*x*y"]),
    ("xz + 3xz", ["xz split into x*z", "implicit multiplication: 3xz read as 3*x*z"]),
    ("3xz + xz", ["implicit multiplication: 3xz read as 3*x*z", "xz split into x*z"]),
    # ... by the innermost product around it, at the place the name was cut
    ("2x(3yz)", ["implicit multiplication: 2x(3yz) read as 2*x*(3yz)",
                 "implicit multiplication: 3yz read as 3*y*z"]),
    ("xy(2xy)", ["implicit multiplication: xy(2xy) read as x*y*(2xy)",
                 "implicit multiplication: 2xy read as 2*x*y"]),
    ("alphax + 3alphax", ["alphax split into alpha*x",
                          "implicit multiplication: 3alphax read as 3*alpha*x"]),
    ("1/xy", ["implicit multiplication: 1/xy read as 1/x*y (a product after a fraction: "
              "(a/b)·x, not a/(b·x))"]),
    # never a product between a function and its argument (it said 2*x*sin*x), and a
    # function the merged note already shows is not said again
    ("2xsinx", ["implicit multiplication: 2xsinx read as 2*x*sinx", "sinx read as sin(x)"]),
    ("xsinxcosx", ["xsinxcosx read as x*sin(x)*cos(x)"]),
    ("e^xcosx", ["e read as Euler's number (2.71828...); pass --vars e to use e as a variable",
                 "xcosx split into x*cosx", "cosx read as cos(x)"]),
    # a letter exponent followed by another letter of its name is one factor, as e^2x is
    ("2^xy", ["2^xy read as 2^x*y: an exponent is one factor; write 2^(xy) for the power of "
              "the product"]),
    ("2^xyz", ["2^xyz read as 2^x*yz: an exponent is one factor; write 2^(xyz) for the power "
               "of the product"]),  # the rest of the name (it said 2^(xy))
    ("eˢⁱⁿˣ", ["e read as Euler's number (2.71828...); pass --vars e to use e as a variable",
               "ˢⁱⁿˣ read as sin(x)"]),  # a superscript's letters are one name, as on a line
    # the Gaussian typed without brackets is no Gaussian: said (a bracketed one is as meant)
    ("e^-x^2/2", ["e read as Euler's number (2.71828...); pass --vars e to use e as a variable",
                  "e^-x^2/2 read as (e^-x^2)/2: an exponent is one factor; write e^(-x^2/2) "
                  "for the power"]),
    ("e^(-x^2)/2", ["e read as Euler's number (2.71828...); pass --vars e to use e as a "
                    "variable"]),
    ("x — 2", []),  # an em dash between terms is a minus
    ("log_2 x", ["log_2 x read as log(x, 2)"]),  # once (it also said log_2 read as log(..., 2))
    ("xe^x", ["xe split into x*e",  # as written, not x*E
              "e read as Euler's number (2.71828...); pass --vars e to use e as a variable"]),
    # a root sign takes a negated operand, as a function without brackets does
    ("√-x", ["√-x read as sqrt(-x)"]),
    ("∛-x", ["∛-x read as cbrt(-x)"]),
])
def test_one_note_per_interpretation(text, notes):
    assert parse(text).note_messages() == notes


@pytest.mark.parametrize("text", ["sinx", "xsinx", "sin^-1 x", "sin^2 x", "tanx^2", "lnx",
                                  "3x^2 - 4x", "sin²θ + cos²θ", "x sinx cosx"])
def test_no_two_notes_cover_one_span_or_contradict(text):
    notes = parse(text).notes
    spans = [(n.start, n.end) for n in notes]
    assert len(spans) == len(set(spans)), [n.message for n in notes]
    assert not any(n.kind == "split-name" and any(f"{fn}*" in n.message for fn in
                                                  ("sin", "cos", "tan", "log", "ln"))
                   for n in notes)


def test_implicit_product_notes_in_the_users_notation():
    for text in ("3x^2", "x^2 y^3", "2x^3 sin x"):
        implicit = [m for m in parse(text).note_messages()
                    if m.startswith("implicit multiplication")]
        assert implicit and all("**" not in m for m in implicit), implicit


@pytest.mark.parametrize("text,at", [("abs(x^(1/2))", "x=-4"), ("abs(x^(3/2))^2", "x=-2"),
                                     ("x^(1/2)", "x=-4")])
def test_a_root_of_a_negative_number_is_undefined_inside_anything(text, at):
    """|sqrt(-4)| is 2 only through a complex number: no value at a real point (it used to
    print ≈ 0.25, the 60-digit fallback for doubles that fail carrying it through)."""
    r = CliRunner().invoke(main, ["derive", text, "--at", at, "--no-steps"])
    assert r.exit_code == 1
    assert "(a root of a negative number)" in r.output.strip().splitlines()[-1]


def test_undefined_point_said_once():
    r = CliRunner().invoke(main, ["derive", "1/x", "--at", "x=0", "--no-steps"])
    assert r.exit_code == 1
    assert r.output.strip().splitlines()[-1] == "error: 1/x is undefined at x = 0 (division by zero)"
    r = CliRunner().invoke(main, ["derive", "x + 1/x", "--at", "x=0", "--no-steps"])
    assert r.output.strip().splitlines()[-1] == (
        "error: x + 1/x is undefined at x = 0: 1/x has no value there (division by zero)")


def test_exact_value_has_no_redundant_decimal():
    r = CliRunner().invoke(main, ["derive", "x^2 - 5x + 5", "--at", "x=2", "--no-steps"])
    assert r.output.splitlines()[-1] == "At x = 2: -1"
    r = CliRunner().invoke(main, ["derive", "x^2 - 5x + 5", "--at", "x=2", "--no-steps",
                                  "-f", "rich"])
    assert r.output.rstrip().splitlines()[-1].strip() == "At x = 2: -1"
    r = CliRunner().invoke(main, ["derive", "x^2 - 5x + 5", "--at", "x=1/3", "--no-steps"])
    assert r.output.splitlines()[-1] == "At x = 1/3: -13/3 ≈ -4.33333333333"


def test_check_method_not_doubled():
    pytest.importorskip("sympy")
    r = CliRunner().invoke(main, ["derive", "x^2", "--check", "--no-steps"])
    assert "(SymPy))" not in r.output
    assert "final answer equals SymPy's derivative (symbolic)" in r.output


@pytest.mark.parametrize("text, after_fraction", [
    ("1/2x", True), ("1/xy", True), ("ω/2π", True), ("x/2 y", True), ("2x/3y", True),
    ("x y/2", False), ("2x/3", False), ("(1/2)x", False)])
def test_a_product_after_a_fraction_is_said(text, after_fraction):
    said = [m for m in parse(text).note_messages() if "implicit multiplication" in m]
    assert len(said) == 1
    assert said[0].endswith("(a product after a fraction: (a/b)·x, not a/(b·x))") \
        == after_fraction


@pytest.mark.parametrize("text,plain", [("x^2 sin x.", "x**2*sin(x)"), ("\\sin(x).", "sin(x)")])
def test_a_final_period_is_punctuation(text, plain):
    from calcdiff.commands.request import read
    r = read(text)
    assert r.plain == plain and r.text == text
    assert r.note_messages()[-1] == "the period at the end is read as the end of a sentence"


@pytest.mark.parametrize("text, note", [
    # a bracket's or a call's power before a letter, as x^2x's and e^2x's (it said only
    # "implicit multiplication")
    ("(x+1)^2x", "(x+1)^2x read as (x+1)^2*x: an exponent is one factor; write (x+1)^(2x) "
                 "for the power of the product"),
    ("sin(x)^2x", "sin(x)^2x read as sin(x)^2*x: an exponent is one factor; write "
                  "sin(x)^(2x) for the power of the product"),
])
def test_a_bracketed_base_s_exponent_is_one_factor(text, note):
    assert note in parse(text).note_messages()


def test_a_space_after_the_exponent_says_only_the_product():
    assert parse("(x+1)^2 x").note_messages() == [
        "implicit multiplication: (x+1)^2 x read as (x+1)^2*x"]


@pytest.mark.parametrize("text, note", [("xln(x)", "xln split into x*ln"),
                                        ("xsin(x)", "xsin split into x*sin")])
def test_a_split_function_name_is_said_as_typed(text, note):
    assert parse(text).note_messages()[0] == note  # it said "x*log"


@pytest.mark.parametrize("text", ["(1-x)^3x^2", "(x+1)^(2)x"])
def test_no_exponent_note_where_the_product_is_plain(text):
    # a power of x next, or an exponent in brackets: (1-x)^3 x^2 is a product as written
    assert not any("an exponent is one factor" in n for n in parse(text).note_messages())


@pytest.mark.parametrize("text", ["sin(x)⁽²⁾", "2⁽ˣ⁾", "sin(x)^{(2)}"])
def test_no_index_hint_on_what_is_no_name(text):
    # it said "write sin(x)_2", "write 2_x"
    assert not any("index" in n for n in parse(text).note_messages())


def test_a_numbered_name_raised_to_a_power_gets_no_lost_power_note():
    assert parse("x2^2").note_messages() == []  # the power is written: x2 is meant


def test_letters_applied_as_the_definition_is_are_functions():
    """P(x) = R(x) - C(x) was R·x − C·x, answered R − C (the textbook's profit is R′ − C′)."""
    from calcdiff.commands.differentiate import derive
    from calcdiff.tree.printer import to_plain

    d = derive("P(x) = R(x) - C(x)")
    assert to_plain(d.result) == "-C'(x) + R'(x)"
    assert "R(x) read as an unknown function R" in d.reading.note_messages()
    d = derive("h(x) = u(x) v(x)")
    assert to_plain(d.result) == "u'(x)*v(x) + u(x)*v'(x)"
    assert to_plain(derive("f(x) = a(x+1)").result) == "a"  # another bracket: a product
    assert to_plain(derive("P(x) = R(x) - C(x)", vars=["P", "R", "C", "x"],
                           wrt=["x"]).result) == "-C + R"  # declared: letters


def test_a_product_written_u_of_x_says_how_to_read_it_as_a_function():
    """The note said "write u(x) and pass --function u" to one who had written u(x)."""
    from calcdiff.commands.differentiate import derive

    notes = derive("d/dx [u(x) v(x)]").reading.note_messages()
    assert ("u, v held constant (a partial derivative; u(x) was read as u times x: pass "
            "--function u,v to read u(x) and v(x) as functions)") in notes


@pytest.mark.parametrize("text, kw, plain", [
    ("f(x) = a(x) + 1", {"lets": ["a=3"]}, "3"),  # a --let number stays one
    ("f(x) = k(x)^2 + k x", {}, "2*k*x + k"),  # k written alone too: a variable
    ("P(x) = R(x) - 2C(x)", {}, "-2*C'(x) + R'(x)"),  # a number before the letter
])
def test_letters_of_a_definition_are_functions_only_where_meant(text, kw, plain):
    """The review: --let a=3 was ignored (a'(x)); k(x)^2 + k x was an error naming
    --function; 2C(x) stayed 2·C·x beside R(x)."""
    from calcdiff.commands.differentiate import derive
    from calcdiff.tree.printer import to_plain

    assert to_plain(derive(text, **kw).result) == plain


def test_strict_mode_keeps_a_definitions_letters_unknown_names():
    r = CliRunner().invoke(main, ["derive", "P(x) = R(x) - C(x)", "--vars", "x"])
    assert r.exit_code == 1 and "unknown name 'R'" in r.stderr


def test_the_u_of_x_note_is_not_taken_from_a_functions_name():
    """d/dx (n sin(x)) said "n(x) was read as n times x": the n of sin(x)."""
    from calcdiff.commands.differentiate import derive

    notes = " ".join(derive("d/dx (n sin(x))").reading.note_messages())
    assert "n(x) was read" not in notes and "write n(x) and pass --function n" in notes


def test_a_definitions_functions_read_the_answer_alike():
    """grade 'h(x) = u(x) v(x)' read the answer's v(x) as v·x: no point to compare at."""
    r = CliRunner().invoke(main, ["grade", "h(x) = u(x) v(x)", "--answer",
                                  "u'(x) v(x) + u(x) v'(x)", "-f", "json"])
    assert json.loads(r.stdout)["correct"] is True
    r = CliRunner().invoke(main, ["grade", "P(x) = R(x) - C(x)", "--answer", "R'(x) + C'(x)"])
    assert r.exit_code == 1 and "C, R are unknown functions with no values" in r.stderr
