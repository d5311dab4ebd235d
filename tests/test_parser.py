"""The parser against golden fixtures: every row of SPEC §1 and a corpus of inputs written
the way people write math (input -> plain syntax -> kinds of reading note)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, strategies as st

from calcdiff import errors
from calcdiff.commands.differentiate import derive
from calcdiff.errors import CalcdiffError, ParseError
from calcdiff.read.parser import parse
from calcdiff.read.request import parse_request
from calcdiff.tree.printer import to_plain

from .fixtures import blocks, case_id

READINGS = blocks("parse_table.txt") + blocks("parse_corpus.txt")


@pytest.mark.parametrize("case", READINGS, ids=case_id)
def test_reading(case):
    vars_ = case["vars"].split(",") if case.get("vars") else None
    reading = parse(case["in"], vars=vars_)
    assert reading.plain == case["out"]
    expected = {k.strip() for k in case.get("notes", "").split(",") if k.strip()}
    assert {n.kind for n in reading.notes} == expected, reading.note_messages()


@pytest.mark.parametrize("case", READINGS, ids=case_id)
def test_reading_is_stable(case):
    """The plain syntax reads back as the same tree, with no notes."""
    vars_ = case["vars"].split(",") if case.get("vars") else None
    first = parse(case["in"], vars=vars_)
    again = parse(first.plain, vars=vars_)
    assert again.expr == first.expr


@pytest.mark.parametrize("case", blocks("requests.txt"), ids=case_id)
def test_request(case):
    reading = parse_request(case["in"])
    assert reading.plain == case["out"]
    assert list(reading.wrt) == case["wrt"].split()


@pytest.mark.parametrize("case", blocks("parse_errors.txt"), ids=case_id)
def test_malformed_input(case):
    with pytest.raises(CalcdiffError) as info:
        parse_request(case["in"])
    err = info.value
    assert err.kind == case["kind"], err.message
    assert err.column == int(case["column"]), err.render()
    rendered = err.render()
    assert rendered.startswith("error: ")
    assert "Traceback" not in rendered
    # the caret sits under the reported column
    lines = rendered.splitlines()
    caret_line = next(line for line in lines if line.strip().startswith("^"))
    assert caret_line.index("^") - 2 == err.column - 1


@pytest.mark.parametrize("text, words", [
    ("x**", "ends after '**'"),  # it said '^', which was not typed
    ("x^⁻¹", "unexpected '⁻¹'"),
    ("¹x", "unexpected '¹'"),
    ("x != 1", "assignment or comparison"),  # it said "factorials are not supported"
    ("f(x) = ", "the right-hand side of the '=' is missing"),
    ("y =", "the right-hand side of the '=' is missing"),
    ("dy/dx = x + y", "is a differential equation, which calcdiff does not solve"),
    ("2ˣ3", "a number cannot follow 'ˣ' directly"),  # no ')' was typed
    ("x^{2}_{+}", "  x^{2}_{+}\n"),  # echoed as typed, not as x_{+}^{2}
    ("d^2y/dx^2 = -y", "is a differential equation, which calcdiff does not solve"),
    ("dy/dx=", "the right-hand side of the '=' is missing"),
])
def test_an_error_names_what_was_typed(text, words):
    with pytest.raises(CalcdiffError) as info:
        parse_request(text)
    assert words in info.value.render()


@pytest.mark.parametrize("text", ["ｘ + foo(x)", "x̄ + foo(x)", "x\t+ foo(x)", "π + foo(x)"])
def test_the_caret_stands_under_its_character_on_a_terminal(text):
    """A wide character takes two columns, a combining mark none, a tab is shown as a
    space: the caret was one column off after each."""
    with pytest.raises(CalcdiffError) as info:
        parse_request(text)
    echo, caret = info.value.render().splitlines()[1:3]
    assert "\t" not in echo and "\N{REPLACEMENT CHARACTER}" not in echo
    prefix = echo[:echo.index("foo")]
    assert caret.index("^") == errors.cells(prefix) and caret.count("^") == 3


@pytest.mark.parametrize("text", ["ｘｙ + 😀", "𝑥² + 😀", "ｘｙ + )", "µ x + 😀"])
def test_the_echo_shows_the_characters_as_typed(text):
    """Full-width and mathematical letters are read as the letters they stand for, but an
    error echoes them as typed (an unexpected character's echo showed xy for ｘｙ)."""
    with pytest.raises(CalcdiffError) as info:
        parse_request(text)
    echo, caret = info.value.render().splitlines()[1:3]
    assert echo == "  " + text
    assert caret.index("^") == errors.cells(echo[:echo.index(text[-1])])


@pytest.mark.parametrize("text, note", [
    ("x^{ab}_1", "ab split into a*b"),  # it said "}_ split into a*b"
    ("x^{e y}_1", "implicit multiplication: e y read as e*y"),  # "y}_ read as y*_"
    ("x^2_1 + y^{ab}_{2}", "ab split into a*b"),
    ("a^{xy}_1 + b^{zw}_2 + c^{uv}_3", "uv split into u*v"),  # several stretches on a line
    ("3x^{ab}_1 + x", "implicit multiplication: 3x^{ab} read as 3*x^{a*b}"),  # (up to the
    # term's last token, the power's: the index typed after it is not quoted)
])
def test_a_power_before_an_index_is_quoted_as_typed(text, note):
    """x^{ab}_1 is read as x_1^{ab}: its notes quote what was typed, at its columns."""
    assert note in parse(text).note_messages()


@given(st.sampled_from("xyzab"), st.sampled_from(["2", "{2}", "{ab}", "{e y}", "{n-1}", "{2x}",
                                                   "{sin x}", "{xy}", "12", "{a_1}"]),
       st.sampled_from(["1", "{1}", "{12}", "{ 2 }"]), st.sampled_from(["", "3", "2*", "y + "]),
       st.sampled_from(["", " + x", "*y", " - 4ab"]))
def test_a_power_before_an_index_reads_as_written_after_it(name, power, index, before, after):
    typed = f"{before}{name}^{power}_{index}{after}"
    moved = f"{before}{name}_{index}^{power}{after}"
    try:
        reading = parse(typed)
    except CalcdiffError:
        with pytest.raises(CalcdiffError):
            parse(moved)
        return
    assert reading.expr == parse(moved).expr
    splits = sorted(m for m in reading.note_messages() if "split into" in m)
    assert splits == sorted(m for m in parse(moved).note_messages() if "split into" in m)
    for message in reading.note_messages():  # each quotes a stretch of what was typed
        said = re.match(r"implicit multiplication: (.+?) read as (.+)$", message)
        if said:
            assert said.group(1) in typed
            assert said.group(2).replace("*", "").replace(" ", "") == \
                said.group(1).replace("*", "").replace(" ", "")


def test_an_error_in_a_power_before_an_index_points_into_it():
    with pytest.raises(CalcdiffError) as info:
        parse_request("x^{sin}_1")
    assert info.value.render().splitlines()[:3] == [
        "error: sin needs an argument, like sin(x)", "  x^{sin}_1", "        ^"]


def test_notes_carry_messages():
    r = parse("3x^2-4x")
    assert r.note_messages() == [
        "implicit multiplication: 3x^2 read as 3*x^2",
        "implicit multiplication: 4x read as 4*x",
    ]


def test_log_note_mentions_base_ten():
    (note,) = [n for n in parse("log(x)").notes if n.kind == "log-natural"]
    assert "base 10" in note.message


def test_declared_variables_are_never_split():
    assert parse("rate*x", vars=["rate", "x"]).plain == "rate*x"
    assert parse("ratex", vars=["rate", "x"]).plain == "rate*x"
    with pytest.raises(CalcdiffError) as info:
        parse("rate*y", vars=["rate", "x"])
    assert "unknown name" in info.value.message
    # the hint said only what may appear, not how to hold y constant (hessian --vars w,b)
    assert info.value.hint == ("only the declared variables (rate, x) and known functions may "
                               "appear; to hold y constant, declare it too (--vars rate,x,y) "
                               "and name the variables to differentiate by with -x")


def test_without_declaration_a_run_is_split():
    assert parse("rate").plain == "r*a*t*e" or parse("rate").plain == "r*a*t*E"


def test_hint_for_misspelt_function():
    with pytest.raises(CalcdiffError) as info:
        parse("arcsine(x)")
    assert info.value.hint and "asin" in info.value.hint or "arcsin" in info.value.hint


def test_parsing_never_executes_input(tmp_path, monkeypatch):
    import builtins

    def boom(*a, **k):
        raise AssertionError("eval/exec called")

    monkeypatch.setattr(builtins, "eval", boom)
    monkeypatch.setattr(builtins, "exec", boom)
    for text in ["__import__('os').system('touch x')", "x.__class__", "lambda: 0",
                 "exec('1')", "eval(x)"]:
        with pytest.raises(CalcdiffError):
            parse(text)


class TestLimits:
    def test_thousand_nested_calls(self):
        text = "sin(" * 1000 + "x" + ")" * 1000
        assert parse(text).expr.free == {"x"}

    def test_thousand_nested_brackets(self):
        text = "(" * 1000 + "x+1" + ")" * 1000
        assert parse(text).plain == "x + 1"

    def test_long_sum(self):
        text = " + ".join(f"{i}*x**{i % 7}" for i in range(1, 12000))
        assert len(text) > 100_000
        assert len(parse(text).expr.args) == 11999

    def test_nesting_limit_is_an_error(self):
        from calcdiff.errors import LimitError

        with pytest.raises(LimitError):
            parse("(" * 6000 + "x" + ")" * 6000)

    def test_huge_power_stays_symbolic(self):
        assert parse("9^9^9^9").plain == "9**9**9**9"

    def test_length_limit(self):
        from calcdiff.errors import LimitError

        with pytest.raises(LimitError):
            parse("x+" * 600_000 + "x")


@pytest.mark.parametrize("text,plain", [
    ("sin x e^x", "sin(x)*exp(x)"), ("sin 2x e^x", "sin(2*x)*exp(x)"),
    ("ln x e^(2x)", "log(x)*exp(2*x)"), ("\\sin x\\,e^{x}", "sin(x)*exp(x)"),
    ("sin 2 pi x", "sin(2*pi*x)"), ("sin e^x", "sin(exp(x))"),
])
def test_a_bracketless_argument_ends_before_an_exponential(text, plain):
    # as it ends before a function (sin x cos x); sin x e^x was sin(x*exp(x))
    assert parse(text).plain == plain


@pytest.mark.parametrize("text,letter,name", [("х^2", "x", "CYRILLIC SMALL LETTER HA"),
                                              ("sin(а)", "a", "CYRILLIC SMALL LETTER A")])
def test_a_look_alike_letter_is_named(text, letter, name):
    with pytest.raises(ParseError) as info:
        parse(text)
    assert info.value.hint == (f"{info.value.text[info.value.start]!r} is {name}, which looks "
                               f"like the Latin letter {letter!r}: type {letter} instead")


@pytest.mark.parametrize("text,point,value", [
    ("d/dx x^2 at x = 3", {"x": "3"}, "6"),
    ("derivative of x^2 y at x = 1, y = 2", {"x": "1", "y": "2"}, "4"),
    ("x^3 when x = 2 and y = 3", {"x": "2", "y": "3"}, "12"),
    ("dy/dx of y = sin x at x = pi", {"x": "pi"}, "-1"),
    ("derivative of x^2 y at the point x = 1, y = 2", {"x": "1", "y": "2"}, "4"),
    ("d/dx x^3 at point x=2", {"x": "2"}, "12"),
])
def test_the_words_of_a_point_end_the_input(text, point, value):
    """"at x = 3" was read as the letters a*t*x = 3: an equation, differentiated implicitly."""
    d = derive(text)
    assert {k: to_plain(v) for k, v in d.at.items()} == point
    assert to_plain(d.value) == value
    assert any(n.kind == "evaluation-point" for n in d.reading.notes)


@pytest.mark.parametrize("text", ["1/2 at^2", "x + at", "v0 + a t = 5 + x"])
def test_at_without_a_point_stays_letters(text):
    """a*t in 1/2 at^2 (kinematics): only "at name = value" ending the input is a point."""
    from calcdiff.read.point_words import ends_with_point

    assert not ends_with_point(text)


def test_a_point_in_words_needs_numbers():
    with pytest.raises(ParseError) as info:
        parse_request("d/dx x^2 at x = a")
    assert "'at x = …' must be a number" in info.value.message


@pytest.mark.parametrize("text,value", [
    ("f'(2) if f(x) = x^3", "12"), ("find f'(1) for f(x) = x^2 + 1", "2"),
    ("f''(0.5) if f(x) = x^4", "3"), ("y'(2) of y = t^2", "4"), ("f'(1/2) if f(x) = x^2", "1"),
    # a constant's name or a number in other notation: the point, not a variable
    ("f'(π) if f(x) = sin x", "-1"), ("f'(e) if f(x) = ln x", "exp(-1)"),
    ("f'(pi/2) if f(x) = sin x", "0"), ("f'(sqrt(2)) if f(x) = x^3", "6"),
    ("f'(√2) if f(x) = x^2", "2*sqrt(2)"),
])
def test_a_derivative_at_a_number_in_prime_notation(text, value):
    """f'(2) if f(x) = x^3: the derivative at 2 ('if' was refused as Python syntax)."""
    assert to_plain(derive(text).value) == value


def test_a_point_in_words_given_twice_is_an_error():
    with pytest.raises(ParseError) as info:
        parse_request("x^2 at x = 1 at x = 2")
    assert info.value.message == "the point is given twice"


@pytest.mark.parametrize("text,result", [
    ("𝑑/𝑑𝑥 𝑥³", "3*x**2"), ("d∕dx x^3", "3*x**2"), ("d⁄dx x^3", "3*x**2"),
    ("d／dx x^3", "3*x**2"), ("ｄ/ｄｘ ｘ^3", "3*x**2"), ("𝑑²/𝑑𝑥² 𝑥⁴", "12*x**2"),
    ("𝑓(𝑥) = 𝑥²", "2*x"), ("ｙ = ｘ^2", "2*x"), ("y’ = x^3", "3*x**2"), ("f”(x) = x^3", "6*x"),
    ("derivative of 𝑥³ with respect to 𝑥", "3*x**2"), ("find d𝑦/d𝑥 if 𝑦 = 𝑥²", "2*x"),
])
def test_a_request_typed_in_other_characters_is_read(text, result):
    """Word's Mathematical Italic, full-width letters, the division and fraction slashes and
    an autocorrect's quotes for primes: the request is read as the lexer reads its letters
    (d/d*x*x**3 was a product, 4*x**3), and the echo shows what was typed."""
    d = derive(text)
    assert to_plain(d.result) == result
    assert d.input == text


@pytest.mark.parametrize("text", ["d2/dx^2 x^4", "d^2/dx2 x^4", "d²/dx2 x^4", "d2/dx² x^4",
                                  "d2y/dx^2 of y = x^4"])
def test_an_order_in_digits_on_one_side_and_raised_on_the_other(text):
    """d2/dx^2 x^4 is the second derivative (it was the product d2/(d*x^2)*x^4)."""
    assert parse_request(text).wrt == ("x", "x")


def test_a_prime_on_neither_a_variable_nor_a_number_is_an_error():
    with pytest.raises(ParseError) as info:
        parse_request("f'(2x) = x^3")
    assert "the brackets hold a variable or a number" in info.value.message


@pytest.mark.parametrize("text,result", [
    ("(x^2 sin x)'", "x*(x*cos(x) + 2*sin(x))"), ("(sin x)'", "cos(x)"), ("[x^3]''", "6*x"),
    ("(e^{2x})''", "4*exp(2*x)"), ("(x^3)′", "3*x**2"), ("(sin x)’", "cos(x)"),
    # on a function's call (sin(x)' was "strings are not part of the language")
    ("sin(x)'", "cos(x)"), ("sin(x)′", "cos(x)"), ("ln(x^2+1)''", "2*(1 - x**2)/(x**2 + 1)**2"),
])
def test_primes_on_a_bracket_are_a_request(text, result):
    """(fg)′ as textbooks write it: the derivative of the bracket's expression ("strings are
    not part of the language" before)."""
    assert to_plain(derive(text).result) == result


@pytest.mark.parametrize("text,result", [
    ("dx^2/dx", "2*x"), ("d(x^2)/d(x)", "2*x"), ("dsin(x)/dx", "cos(x)"), ("d²x³/dx²", "6*x"),
    ("d x^2 / d x", "2*x"), ("dt^3/dt", "3*t**2"), ("d sin x/dx", "cos(x)"),
    ("d^2x^3/dx^2", "6*x"), ("d(x^2 y)/d(y)", "x**2"), ("dx^2/dx at x = 3", "2*x"),
])
def test_a_leibniz_quotient_with_a_bare_function_is_a_request(text, result):
    """d·x²/(d·x) was read as letters and answered 3x² for dx^2/dx (the d cancelled)."""
    d = derive(text)
    assert to_plain(d.result) == result and "d" not in d.reading.expr.free


@pytest.mark.parametrize("text, words", [
    ("dx^2/dx dx", "the request's order 1 does not match its denominator (dx is left over)"),
    ("dx^2 y/dx dy", "the request's order 1 does not match its denominator (dy is left over)"),
])
def test_a_bare_quotient_drops_no_differential(text, words):
    """The review: dx^2/dx dx printed 2x, the second dx dropped."""
    with pytest.raises(ParseError) as info:
        derive(text)
    assert info.value.message == words


@pytest.mark.parametrize("text", ["d + x/dx", "d - x^2/dx", "dx^2/dx/dx"])
def test_a_d_that_is_no_request_head_is_not_read_as_one(text):
    """d + x/dx was read as d/dx of x (the d + dropped); dx^2/dx/dx as d(x^2/dx)/dx."""
    try:
        d = derive(text)
    except CalcdiffError:
        return
    assert "d" in d.reading.expr.free


def test_a_declared_d_keeps_the_quotient_of_letters():
    assert to_plain(derive("dx^2/dx", vars=["d", "x"], wrt=["x"]).reading.expr) == "d*x**2/d*x"


def test_the_lines_own_point_joins_the_options():
    """d/dx x^2 y at x = 3 --at y=4 said "no value given for y": the line's point replaced
    the whole --at; an --at value the line overrides was dropped silently."""
    d = derive("d/dx x^2 y at x = 3", at="y=4")
    assert to_plain(d.value) == "24" and list(d.at) == ["x", "y"]
    d = derive("d/dx x^2 at x = 3", at="x=4")
    assert to_plain(d.value) == "6"
    assert "the input gives its own point; --at x on the command line is not used" in \
        d.reading.note_messages()


@pytest.mark.parametrize("text,result,value", [
    ("derivative with respect to t of t^3", "3*t**2", None),
    ("partial derivative with respect to y of x^2 y^3", "3*x**2*y**2", None),
    ("Differentiate: x^3", "3*x**2", None), ("derivative of: x^2", "2*x", None),
    ("differentiate with respect to t: t^3 + x", "3*t**2", None),
    ("differentiate (x+1)^2", "2*x + 2", None),
    ("f(x) = x^3, find f'(2)", "3*x**2", "12"), ("f(x) = x^3; f'(2) = ?", "3*x**2", "12"),
    ("f(x) = x^2 + 3x, find f''(1)", "2", "2"), ("Find f′(x): f(x) = x^4", "4*x**3", None),
    ("find f'(2): f(x) = x^3", "3*x**2", "12"),
    # a constant point after the definition (each was refused, by pi or by e, or 'find')
    ("f(x) = x^3, find f'(π)", "3*x**2", "3*pi**2"), ("f(x)=sin x; f'(pi)", "cos(x)", "-1"),
    ("f(x) = x^3; f'(e)", "3*x**2", "3*exp(2)"), ("g(x) = sin x, find g'(π/2)", "cos(x)", "0"),
    ("f(x) = x^3; f'(√2)", "3*x**2", "6"),
    # the slope of f, of the tangent (line) to it ('slope' was a word calcdiff cannot read)
    ("find the slope of y = x^2 at x = 3", "2*x", "6"), ("slope of x^2 at x = 3", "2*x", "6"),
    ("the slope of the tangent line to y = x^3 at x = 2", "3*x**2", "12"),
    ("slope of the tangent to the curve y = sin x at x = 0", "cos(x)", "1"),
    ("find the slope of x^2 + y^2 = 25 at (3, 4)", "-x/y", "-3/4"),
    ("whats the derivative of x^2", "2*x", None),  # no apostrophe ('derivative' was refused)
    ("whats dy/dx if x^2 + y^2 = 25", "-x/y", None),
])
def test_requests_in_other_word_orders(text, result, value):
    """The variable before "of", a colon after the words, the point of f'(2) asked after
    the definition: each was refused ('with' is Python syntax, unexpected ':', 'find')."""
    d = derive(text)
    assert to_plain(d.result) == result
    assert (to_plain(d.value) if d.value is not None else None) == value


@pytest.mark.parametrize("text, wrt, result", [
    ("differentiate x^3 with respect to x twice", ("x", "x"), "6*x"),
    ("derivative of sin(t) with respect to t three times", ("t", "t", "t"), "-cos(t)"),
    ("x^4 wrt x 3 times", ("x", "x", "x"), "24*x"),
    ("x^2 y^3 (wrt y twice)", ("y", "y"), "6*x**2*y"),
    ("x^2 + y^2 = 25 with respect to x twice", None, "-(x**2 + y**2)/y**3"),
])
def test_how_many_times_after_the_variable_in_words(text, wrt, result):
    # 'with' was "a word, not part of the expression language": twice was not read
    d = derive(text)
    assert to_plain(d.result) == result
    assert wrt is None or tuple(d.wrt) == wrt


def test_an_order_given_twice_or_primes_on_a_product_are_errors():
    # "second derivative … twice" gave the 4th; y(x)' was y*x, "a call", differentiated
    with pytest.raises(ParseError) as info:
        derive("second derivative of x^4 with respect to x twice")
    assert info.value.message == "the order is given twice, by an ordinal and by how many times"
    with pytest.raises(ParseError) as info:
        derive("y(x)'")
    assert info.value.message.startswith("y(…) is not a function's call here")


def test_a_variable_given_twice_in_words_is_an_error():
    with pytest.raises(ParseError) as info:
        parse_request("derivative with respect to t of t^3 wrt x")
    assert info.value.message == "the variable is given twice"


@pytest.mark.parametrize("text,result", [
    ("x^2 + y^2 ＝ 25", "-x/y"), ("ℓ(w) = w^2", "2*w"), ("ⅇ^x", "exp(x)"),
    ("ⅆ/ⅆx x^2", "2*x"),
])
def test_letters_and_signs_of_other_keyboards(text, result):
    assert to_plain(derive(text).result) == result


def test_an_error_names_the_operator_as_typed():
    with pytest.raises(ParseError) as info:
        parse_request("d/dx · x^2")
    assert info.value.message == "unexpected '·'"  # it named '*', which was not typed


def test_a_sentence_word_declared_or_given_a_value_is_a_variable():
    assert parse("price*value + degree^2", vars=["price", "value", "degree"]).plain == \
        "price*value + degree**2"
    assert parse("value*x", names=["value"]).plain == "value*x"
    with pytest.raises(ParseError):
        parse("value*x")


def test_a_factorial_after_an_exponent_is_refused():
    for text in ("x^2!", "x³!"):
        with pytest.raises(ParseError) as info:
            parse(text)
        assert info.value.message == "a factorial after an exponent is ambiguous"


def test_ordinals_have_their_suffixes():
    from calcdiff.names import ordinal

    assert [ordinal(k) for k in (6, 11, 12, 13, 21, 22, 23, 101, 111)] == \
        ["6th", "11th", "12th", "13th", "21st", "22nd", "23rd", "101st", "111th"]


def test_a_raised_exponent_with_its_own_power_says_to_use_brackets():
    with pytest.raises(ParseError) as info:
        parse("e⁻ˣ²")
    assert info.value.hint == ("a raised exponent cannot hold a power of its own: write the "
                               "exponent in brackets, as e^(-x^2)")  # it said 'write ˣ*²'


@pytest.mark.parametrize("text,plain", [
    ("e⁽⁻ˣ⁾", "exp(-x)"), ("2⁽ˣ⁺¹⁾", "2**(x + 1)"), ("x⁽ⁿ⁻¹⁾", "x**(n - 1)"),
    ("e⁽ˣ⁾ + 1", "exp(x) + 1"),
])
def test_raised_brackets_hold_a_raised_exponent(text, plain):
    # e⁽⁻ˣ⁾ is how a phone writes e^(-x): it was an "unexpected character"
    assert parse(text).plain == plain


def test_a_raised_bracketed_index_reads_as_a_power_with_its_note():
    reading = parse("(a⁽²⁾ - y)^2")
    assert reading.plain == "(a**2 - y)**2"
    assert [n.message for n in reading.notes] == [
        "a⁽²⁾ read as the power a^2; for a layer's or a step's index write a_2"]


@pytest.mark.parametrize("text", ["x⁽²", "x⁾", "e⁽⁽ˣ⁾⁾"])
def test_unbalanced_raised_brackets_are_refused(text):
    with pytest.raises(ParseError) as info:
        parse(text)
    assert info.value.message.startswith("a superscript must be")


def test_raised_indices_on_the_right_side_are_no_order_of_a_derivative():
    with pytest.raises(ParseError) as info:
        parse_request("a⁽²⁾ = σ(z⁽²⁾)")
    assert "they read as indices" in info.value.message


@pytest.mark.parametrize("text,at", [
    ("d/dx(x^2) + 1", 10), ("d/dx [x^2] - x", 11), ("d/dx (x^2)^3 - 1", 13),
    ("\\frac{d}{dx}\\left(x^2\\right) + 1", 29), ("∂/∂x (x^2 y) + 1", 13),
    ("dy/dx of (x^2) + 1", 15), ("d/dx (x)(x+1) − 2", 14),
])
def test_a_sum_after_the_operators_bracket_is_refused(text, at):
    # d/dx (x^2) + 1 is 2x + 1 to some readers and 2x to others: never silently either
    with pytest.raises(ParseError) as info:
        parse_request(text)
    assert info.value.message.endswith("is followed by a bracket, then more terms: it may act "
                                       "on the first term or on the whole line")
    assert info.value.start == at


@pytest.mark.parametrize("text,result", [
    ("d/dx (x+1)/(x-1)", "-2/(x - 1)**2"), ("d/dx (x+1)(x-1)", "2*x"),
    ("d/dx (x^2)*e^-x", "x*exp(-x)*(2 - x)"), ("d/dx (x^2 + 1)", "2*x"),
    ("d/dx x^2 + 1", "2*x"), ("d/dx (x) * 1e-3", "1/1000"), ("d/dx (x^2)^-1", "-2/x**3"),
])
def test_a_product_or_quotient_after_the_operators_bracket_is_its_operand(text, result):
    assert to_plain(derive(text).result) == result


@pytest.mark.parametrize("text,word", [
    ("Let y = x^2", "Let"), ("Given f(x) = x^4", "Given"), ("If x^2", "If"), ("For x^2", "For"),
    ("Is x^2", "Is"), ("With y = x^2", "With"),
    ("Suppose y = x^3", "Suppose"), ("So y = x^2", "So"),
    ("implicit differentiation x^2 + xy + y^2 = 7", "implicit"), ("hessian x^2 y", "hessian"),
    ("grad x^2 y", "grad"), ("jacobian x^2 y", "jacobian"), ("plot x^2", "plot"),
    ("maximize x^2", "maximize"), ("sen x", "sen"), ("sen(x)", "sen"),
])
def test_the_words_of_a_sentence_or_a_command_are_refused(text, word):
    # each was a product of its letters: Let y = x^2 gave 2x e^(-1)/(L t) by implicit
    # differentiation; hessian x^2 y a 7x7 matrix
    with pytest.raises(ParseError) as info:
        derive(text)
    assert info.value.message == f"{word!r} is a word, not part of the expression language"


def test_an_english_keyword_is_a_word_not_python_syntax():
    with pytest.raises(ParseError) as info:
        derive("if f(x) = sin(2x)")
    assert info.value.message == "'if' is a word, not part of the expression language"
    with pytest.raises(ParseError) as info:
        derive("In x")  # ln x, with a capital i
    assert "ln x" in info.value.hint
    with pytest.raises(ParseError) as info:
        parse("return x")
    assert "Python syntax" in info.value.message


def test_a_declared_sentence_word_is_a_variable():
    assert parse("so^2 + then", vars=["so", "then"]).plain == "so**2 + then"


@pytest.mark.parametrize("text", ["sin-1(x)", "sin−1 x", "tan−1(x/2)", "cos-1 x", "sinh-1(x)"])
def test_an_inverse_whose_superscript_was_lost_is_refused(text):
    # sin⁻¹ copied from a page as sin-1(x) was read as sin(-x), and differentiated
    with pytest.raises(ParseError) as info:
        parse(text)
    assert "of -1 times what follows" in info.value.message
    assert info.value.start == 0


@pytest.mark.parametrize("text,plain", [("sin x - 1", "sin(x) - 1"), ("sin-1", "sin(-1)"),
                                        ("sin(-1*x)", "sin(-1*x)"), ("sin -x", "sin(-x)")])
def test_a_sign_after_a_function_is_read_as_before(text, plain):
    assert parse(text).plain == plain


@pytest.mark.parametrize("text,at,shown", [
    ("x^3 dy/dx", 4, "dy/dx"), ("y = x^2 + 1 dy/dx", 12, "dy/dx"), ("sin x dx", 6, "dx"),
    ("(x^2+1) dx", 8, "dx"), ("a dx/dt", 2, "dx/dt"),
])
def test_a_named_derivative_or_an_integrands_dx_inside_is_refused(text, at, shown):
    # x^3 dy/dx was the product x^3*d*y/(d*x); sin x dx was sin(x*d*x)
    with pytest.raises(ParseError) as info:
        derive(text)
    assert info.value.message == (f"{shown} is a derivative's or an integral's notation, and "
                                  "can stand only first")
    assert info.value.start == at


def test_a_named_derivative_first_or_d_declared_is_read_as_before():
    assert to_plain(derive("dy/dx of y = x^3").result) == "3*x**2"
    assert parse("dy/dx", vars=["d", "x", "y"]).plain == "d*y/d*x"
    assert parse("x*dx", vars=["dx", "x"]).plain == "x*dx"


@pytest.mark.parametrize("text,note", [
    ("f(x) = x3 - 2x", "x3 read as the variable x₃ (a subscript); for a power write x^3"),
    ("f(x) = x3 - 5", "x3 read as the variable x₃ (a subscript); for a power write x^3"),
    ("x12 + x", "x12 read as the variable x₁₂ (a subscript); for a power write x^12"),
    # x2^x: likely x times 2^x (it was silent)
    ("x2^x", "x2 read as the variable x₂, raised to a power; for x times 2^… write x 2^…"),
    ("y = x3^(x + 1)",
     "x3 read as the variable x₃, raised to a power; for x times 3^… write x 3^…"),
])
def test_a_power_whose_superscript_was_lost_is_noted(text, note):
    # f(x) = x³ − 2x copied from a page as x3 − 2x: x3 stays a variable, with a note
    assert note in derive(text).reading.note_messages()


@pytest.mark.parametrize("text", ["x1 + x2^2", "3x1 + 2x2", "x_3 + x", "x₃ + x", "w1 x1 + b"])
def test_subscripted_variables_without_their_letter_get_no_such_note(text):
    assert not any("for a power" in m for m in derive(text).reading.note_messages())


@pytest.mark.parametrize("text", ["x2 + x", "x2^x", "3x2^x"])
def test_declared_subscripted_variables_get_no_power_note(text):
    notes = derive(text, vars=["x2", "x"]).reading.note_messages()
    assert not any("x₂" in m for m in notes)


@pytest.mark.parametrize("text,message,hint", [
    ("d/dx x^3 |x=2", "an evaluation bar is written with _", "write |_{x=2}, or end with: at x=2"),
    ("d/dx x^3 at 2", "the point needs its variable", "write at x = 2 (or --at x=2)"),
    ("sin(30°)", "unexpected character '°'",
     "angles are in radians: for degrees write sin(30*pi/180), or x*pi/180 for x"),
    ("5%x", "unexpected character '%'",
     "write a percentage as a number (5% is 0.05); Python's % is not part of the language"),
    ("0,5x", "unexpected ',': commas separate the arguments of a function",
     "write a decimal with a point: 0.5, not 0,5"),
])
def test_a_point_a_degree_a_percent_or_a_decimal_comma_gets_a_hint(text, message, hint):
    # each was an error with no hint (|x=2: an unclosed bar; at 2: 'a number cannot follow t')
    with pytest.raises(ParseError) as info:
        derive(text)
    assert (info.value.message, info.value.hint) == (message, hint)


@pytest.mark.parametrize("text,word", [
    ("hessian of x^2 y", "hessian"), ("jacobian of x^2 y", "jacobian"),
    ("limit of x^2", "limit"), ("critical points of x^3 - 3x", "critical"),
    ("slope x + b", "slope"),  # (slope of x^2 is the derivative: a request in words)
])
def test_the_word_before_of_is_the_one_refused(text, word):
    # "hessian of …" was told to write a function's argument in brackets
    with pytest.raises(ParseError) as info:
        derive(text)
    assert info.value.message == f"{word!r} is a word, not part of the expression language"


def test_a_misspelt_derivative_is_read():
    assert to_plain(derive("derivitive of x^3").result) == "3*x**2"


@pytest.mark.parametrize("text,result", [
    ("d/dx x^2 = ?", "2*x"), ("d/dx (x^2) = ?", "2*x"), ("derivative of x^3 = ?", "3*x**2"),
    ("d/dx x^2?", "2*x"),
])
def test_a_request_ending_in_a_question_is_read(text, result):
    # each was "unexpected character '?'"
    d = derive(text)
    assert to_plain(d.result) == result
    assert "the question at the end is read as asking for the derivative" in \
        d.reading.note_messages()


def test_an_expression_ending_in_a_question_mark_is_still_an_error():
    with pytest.raises(ParseError):
        derive("x^2?")


@pytest.mark.parametrize("text,result,value", [
    ("f'(x), f(x) = x^2", "2*x", None), ("f'(2), f(x) = x^3", "3*x**2", "12"),
    ("x^2 y, wrt y", "x**2", None), ("find dy/dx. y = x^3", "3*x**2", None),
    ("h(x) = e^(2x). h''(0)?", "4*exp(2*x)", "4"),
])
def test_a_request_and_its_definition_joined_by_a_comma_or_a_period(text, result, value):
    # each was refused: "unexpected ','", or "attribute access" for the period
    d = derive(text)
    assert to_plain(d.result) == result
    assert (to_plain(d.value) if d.value is not None else None) == value


@pytest.mark.parametrize("text", ["∂L/∂w, L = (wx - y)^2",
                                  "\\frac{\\partial L}{\\partial w}, L = (wx - y)^2"])
def test_a_partial_named_before_its_definition_is_read(text):
    # both were called a differential equation
    d = derive(text)
    assert d.wrt == ("w",) and to_plain(d.result) == "2*w*x**2 - 2*x*y"


def test_a_mixed_number_is_told_how_to_write_it():
    # the hint said "write 1*1 for a product"
    with pytest.raises(ParseError) as info:
        parse("1 1/2 x")
    assert info.value.hint == "for a mixed number write (1 + 1/2)"


@pytest.mark.parametrize("text,plain", [
    ("||x||", "abs(x)"), ("‖x‖^2", "abs(x)**2"), ("||x - 1||", "abs(x - 1)"),
    ("||x| - 1|", "abs(abs(x) - 1)"),
])
def test_a_norm_of_a_scalar_is_its_absolute_value(text, plain):
    # ||x|| was abs(abs(x)), and ‖x‖ an unexpected character
    reading = parse(text)
    assert reading.plain == plain
    norm = [m for m in reading.note_messages() if "the norm of a scalar" in m]
    assert len(norm) == (0 if text.startswith("||x|") and text != "||x||" else 1)


@pytest.mark.parametrize("text,kwargs,plain", [
    ("x^2 + dz", {}, "x**2 + d*z"), ("x^2 - dx", {}, "x**2 - d*x"),
    ("x^2 + dt", {"names": ["dt"]}, "x**2 + dt"), ("x + v dt", {"names": ["dt", "v"]}, "x + v*dt"),
])
def test_a_trailing_term_or_a_named_dx_is_read_as_before(text, kwargs, plain):
    # review: the integrand's dx refused a term of its own, and names --at or --let give
    assert parse(text, **kwargs).plain == plain


def test_an_absolute_value_times_a_variable_in_an_equation_is_no_bar():
    # review: |x| y = 1 was "an evaluation bar is written with _"
    d = derive("|x| y = 1")
    assert to_plain(d.result) == "-y/x"


@pytest.mark.parametrize("text", ["(x - x0)^2", "f(x) = x1 + x2*x", "k(x - x1)(x - x2)"])
def test_a_centre_a_root_or_a_family_of_subscripts_gets_no_power_note(text):
    assert not any("for a power" in m for m in derive(text).reading.note_messages())


@pytest.mark.parametrize("text", ["x^2 + y^2 = 25, y'(3)", "x^2 + y^2 = 25, y'(2x)"])
def test_one_coordinate_after_an_implicit_equation_is_refused(text):
    # review: the point was dropped silently
    with pytest.raises(CalcdiffError):
        derive(text)


@pytest.mark.parametrize("text,result", [("find dy/dx given that y = x^2", "2*x"),
                                         ("dy/dx given that x^2 + y^2 = 25", "-x/y")])
def test_given_that_links_a_request_to_its_equation(text, result):
    # "that" was t*h*a*t: dy/dx = 2x/(a h t^2)
    assert to_plain(derive(text).result) == result


@pytest.mark.parametrize("text,result", [
    ("find dy/dx assuming y = x^2", "2*x"), ("find dy/dx provided that y = x^2", "2*x"),
    ("find dy/dx with y = x^2", "2*x"), ("find dy/dx for the curve x^2 + y^2 = 25", "-x/y"),
    ("find dy/dx for the equation x^2 + y^2 = 25", "-x/y"),
    ("differentiate the function f(x) = x^2", "2*x"),
])
def test_the_words_linking_a_request_to_its_equation(text, result):
    # each gave a wrong answer (a*s*s*u*m*i*n*g*y = x^2; t*h*e*c*u*r*v*e*x^2 + y^2 = 25)
    assert to_plain(derive(text).result) == result


@pytest.mark.parametrize("text", ["the x^2", "x^2 + the curve"])
def test_an_article_or_a_curve_alone_is_a_word(text):
    with pytest.raises(ParseError):
        derive(text)


@pytest.mark.parametrize("text,words", [("how fast does x^2 change", "how fast"),
                                        ("dee why by dee ex", "dee why"), ("xyz abc", "xyz abc")])
def test_words_in_a_row_are_refused(text, words):
    # each was a product of a dozen letters, silently
    with pytest.raises(ParseError) as info:
        parse(text)
    assert info.value.message == f"{words!r} reads as words, not as a product of their letters"


@pytest.mark.parametrize("text,plain", [
    ("abc + xyz", "a*b*c + x*y*z"), ("x y z", "x*y*z"), ("theta phi", "theta*phi"),
    ("sin x cos x", "sin(x)*cos(x)"),
])
def test_names_and_single_runs_side_by_side_are_read_as_before(text, plain):
    assert parse(text).plain == plain


@pytest.mark.parametrize("text", ["sine x", "derivative of cosine x", "tangent x"])
def test_a_function_named_in_words_is_refused(text):
    # sine x was sin(e*x), silently (sine(x) was already an unknown function with a hint)
    with pytest.raises(ParseError):
        derive(text)


@pytest.mark.parametrize("text,word", [("softmax x", "softmax"), ("length * width", "length"),
                                       ("revenue - cost", "revenue")])
def test_a_long_word_split_into_its_letters_is_refused(text, word):
    # softmax x was s*o*f*t*m*a*x*x, silently
    with pytest.raises(ParseError) as info:
        parse(text)
    assert info.value.message == f"{word!r} reads as a word, not as a product of its letters"


def test_a_declared_long_name_or_a_short_run_is_read_as_before():
    assert parse("length*width", vars=["length", "width"]).plain == "length*width"
    assert parse("wxyz").plain == "w*x*y*z"


@pytest.mark.parametrize("text,word,hint", [
    ("derivative of x^2 at x equals 2", "equals", "write = (at x = 2)"),
    ("derivative of log x base 2", "base", "for a logarithm to a base, write log(x, 2) or log_2(x)"),
])
def test_equals_and_base_in_words_get_what_to_write(text, word, hint):
    # each was "a number cannot follow 's' (or 'e') directly"
    with pytest.raises(ParseError) as info:
        derive(text)
    assert (info.value.message, info.value.hint) == (
        f"{word!r} is a word, not part of the expression language", hint)


@pytest.mark.parametrize("text, index, start, end", [
    ("x[0]^2 + x[1]^2", "x[0]", 0, 4),  # was x*0**2 + x*1**2, whose derivative is 1
    ("w[0]*x[0] + w[1]*x[1]", "w[0]", 0, 4),
    ("2 theta[12]", "theta[12]", 2, 11),
])
def test_an_array_element_is_refused_with_its_variable_written_out(text, index, start, end):
    with pytest.raises(ParseError) as info:
        parse(text)
    e = info.value
    assert e.message.startswith(f"{index} looks like an element of an array")
    assert (e.start, e.end) == (start, end)
    assert e.hint.startswith(f"write {index.split('[')[0]}_{index.split('[')[1][:-1]} ")


@pytest.mark.parametrize("text, plain", [
    ("f[x]", "f(x)"), ("sin[0] + x", "sin(0) + x"), ("x[1+x]", "x*(1 + x)"), ("x [0]", "x*0"),
])
def test_square_brackets_that_are_no_index_read_as_before(text, plain):
    assert to_plain(parse(text).expr) == plain


@pytest.mark.parametrize("text, result", [
    # If y = x^3, find dy/dx was the implicit equation I*f*y = x**3, whose dy/dx is 3x²/(I*f)
    ("If y = x^3, find dy/dx", "3*x**2"), ("if y = x^3, find dy/dx", "3*x**2"),
    ("For y = x^2, find dy/dx", "2*x"), ("With y = x^2, find dy/dx", "2*x"),
    ("If f(x) = x^2 + 1, find f'(x)", "2*x"), ("Given f(x) = x^4, find f''(x)", "12*x**2"),
    ("Suppose that f(x) = x^3. Find f'(x)", "3*x**2"),
    ("If x^2 + y^2 = 25, find dy/dx", "-x/y"),
])
def test_a_sentence_opening_a_definition_and_ending_in_its_request_is_read(text, result):
    assert to_plain(derive(text).result) == result


@pytest.mark.parametrize("text, plain", [
    ("arctan2x", "atan(2*x)"), ("atan2x", "atan(2*x)"),  # were "atan2 takes 2 arguments"
    ("atan2(y, x)", "atan2(y, x)"), ("arctan2(y, x)", "atan2(y, x)"),
    ("sqrt(x^2 + eps)", "sqrt(x**2 + eps)"),  # ML's eps, not e*p*s with Euler's e
])
def test_glued_arctan_and_eps_read_as_people_mean_them(text, plain):
    assert to_plain(parse(text).expr) == plain


@pytest.mark.parametrize("text, result, value", [
    # each was refused ("unexpected character '.'", "… ':'", "'find' is a word of a request")
    ("Find f'(x). f(x) = x^4 + 2x", "4*x**3 + 2", None),
    ("Find y''. y = x^4", "12*x**2", None),
    ("Differentiate the function. f(x) = x^2 e^x", "x*exp(x)*(x + 2)", None),
    ("Find y' by implicit differentiation: x^2 + 4y^2 = 4", "-x/(4*y)", None),
    ("Find d^2y/dx^2 by implicit differentiation: x^2 + 4y^2 = 4",
     "-(x**2 + 4*y**2)/(16*y**3)", None),
    ("y = x^3 - 3x, find dy/dx at x = 2", "3*x**2 - 3", "9"),
    ("y = x^3 - 3x, find y' at x = 2.", "3*x**2 - 3", "9"),
    ("y = x^3, find dy/dx when x = 1/2?", "3*x**2", "3/4"),
])
def test_textbook_requests_around_a_definition_are_read(text, result, value):
    d = derive(text)
    assert to_plain(d.result) == result
    assert (to_plain(d.value) if d.value is not None else None) == value


def test_a_point_of_another_variable_than_the_one_asked_by_is_that_variables():
    # y = x^2 t, find dy/dx at t = 2: t = 2 (it was taken as x = 2), x still to be given
    with pytest.raises(CalcdiffError) as info:
        derive("y = x^2 t, find dy/dx at t = 2")
    assert info.value.message == "the point t = 2 gives no value for x"


@pytest.mark.parametrize("text, vars_, plain", [
    # a capital keyword inside an expression, or declared, is letters, as before
    ("(As + B)/(s^2 + 1)", ["A", "B", "s"], "(A*s + B)/(s**2 + 1)"),
    ("2As^2 + Bs + C", None, "2*A*s**2 + B*s + C"), ("Is^2", None, "I*s**2"),
    ("eps*x", ["eps", "x"], "eps*x"),  # eps stays the user's name
    ("sqrt(x^2 + eps)", None, "sqrt(x**2 + eps)"),
])
def test_capital_keywords_inside_an_expression_and_eps_keep_the_users_names(text, vars_,
                                                                            plain):
    assert to_plain(parse(text, vars=vars_).expr) == plain


@pytest.mark.parametrize("text", ["d/d", "dy/d", "d/d(x^2)", "∂/∂ (x^2 y)"])
def test_a_request_with_no_variable_is_refused(text):
    # d/d was "d/dd [d/d] = 0", dy/d a partial by y of d*y/d
    with pytest.raises(ParseError) as info:
        derive(text)
    assert "has no variable after its last d" in info.value.message
    assert to_plain(parse("d/d", vars=["d"]).expr) == "d/d"  # a declared d is a variable


@pytest.mark.parametrize("text, plain", [
    ("x ‐ 1", "x - 1"), ("x ‑ 1", "x - 1"), ("x ˗ 1", "x - 1"), ("x ﹢ 1", "x + 1"),
    ("x・y", "x*y"), ("x ✕ y", "x*y"), ("x ⨯ y", "x*y"),  # each was "unexpected character"
])
def test_more_operator_look_alikes_are_read(text, plain):
    assert to_plain(parse(text).expr) == plain


@pytest.mark.parametrize("text", ["σ²(z)", "σ^2(z)", "sigma^2(z)", "σ^-1(p)", "σ^{2}(z)",
                                  "σ^2 (w x + b)", "σ^2(2x)", "σ²(2z + 1)", "σ^{-1}(0.5)"])
def test_a_power_of_sigmas_call_alias_before_a_bracket_is_refused(text):
    """σ(z) is sigmoid, and σ² times a bracket is the variance of σ²(1 − ρ²): σ²(z) was read
    as sigma**2*z, silently the second."""
    with pytest.raises(ParseError) as info:
        parse(text)
    assert "is ambiguous" in info.value.message and "for a power of sigmoid" in info.value.hint


@pytest.mark.parametrize("text, plain", [("σ^2*(1 - ρ^2)", "sigma**2*(1 - rho**2)"),
                                         ("σ^2(1 - ρ^2)", "sigma**2*(1 - rho**2)"),  # a variance
                                         ("x^2/(2σ^2(1-ρ^2))", "x**2/(2*sigma**2*(1 - rho**2))"),
                                         ("σ(z)^2", "sigmoid(z)**2"), ("σ²", "sigma**2")])
def test_sigma_written_out_is_read(text, plain):
    assert parse(text).plain == plain
    assert parse("sigma^2(z)", vars=["sigma", "z"]).plain == "sigma**2*z"  # declared


@pytest.mark.parametrize("text, note", [
    ("(a^{[2]} - y)^2", "a^{[2]} read as the power a^2; for a layer's or a step's index write a_2"),
    ("w^{(t)}", "w^{(t)} read as the power w^t; for a layer's or a step's index write w_t"),
    ("a^[2] + 1", "a^[2] read as the power a^2; for a layer's or a step's index write a_2"),
])
def test_a_superscript_in_brackets_is_a_power_with_a_note(text, note):
    """a^{[2]} (a layer's index in deep-learning texts) was the power a**2, silently."""
    assert note in [n.message for n in parse(text).notes]
    assert not [n for n in parse("x^(2) + x^{2}").notes if n.kind == "bracketed-superscript"]


def test_layer_indices_on_both_sides_are_no_derivative_request():
    # a^{(2)} = σ(z^{(2)}) was the second derivative of sigmoid(z**2)
    with pytest.raises(ParseError) as info:
        parse_request("a^{(2)} = σ(z^{(2)})")
    assert "they read as indices" in info.value.message
    assert parse_request("y^{(4)} = e^{2x}").wrt == ("x",) * 4  # a fourth derivative still


@pytest.mark.parametrize("text", ["(x+)", "sin(x*)", "\\frac{1}{x+}", "e^{x-}", "(x^)"])
def test_a_term_missing_before_a_closing_bracket_is_said(text):
    # it said "unmatched ')': there is no bracket open here", with a bracket open
    with pytest.raises(ParseError) as info:
        parse_request(text)
    assert info.value.message.startswith("a term is missing after")
    with pytest.raises(ParseError) as info:
        parse_request("x)")
    assert info.value.message.startswith("unmatched ')'")


@pytest.mark.parametrize("text", ["x\u200e^2", "\u200fx^2", "x\u00ad^2", "x\ufe0f^2"])
def test_invisible_marks_of_a_copied_page_are_spaces(text):
    # the left-to-right mark was "unexpected control character U+200E"
    assert parse(text).plain == "x**2"


@pytest.mark.parametrize("text, hint", [
    ("x + ∞", "infinity is not a number"), ("x ± 1", "± gives two expressions"),
    ("∑ x", "sums with limits are not part of the language"),
    ("∫ x dx", "integrals are not part of the language")])
def test_a_unicode_symbol_gets_the_reason_its_latex_command_gets(text, hint):
    with pytest.raises(ParseError) as info:
        parse(text)
    assert info.value.hint.startswith(hint)


@pytest.mark.parametrize("text, plain", [("f´(x) = x^3", "x**3"), ("fʹ(x) = x^3", "x**3"),
                                         ("∆x + x", "Delta*x + x")])
def test_a_european_prime_and_the_increment_sign_are_read(text, plain):
    assert parse_request(text).plain == plain


@pytest.mark.parametrize("text, message", [
    ("1/n Σ (y_i - w x_i)^2", "Σ before a term is a sum"),
    ("Σ_i (y_i - w x_i)^2", "Σ before a term is a sum"),
    ("e^{z_i}/Σ_j e^{z_j}", "Σ before a term is a sum"),
    ("E[x]", "E[…] is an expectation"), ("E[(X - μ)^2]", "E[…] is an expectation"),
    # the words, which read as s·u·m_i (a silently wrong derivative) or a subscript error
    ("sum_i w_i^2", "sum before a term is a sum over an index"),
    ("sum_{i=1}^n (y_i - w x_i)^2", "sum before a term is a sum over an index"),
    ("1/n sum (y_i - w x_i)^2", "sum before a term is a sum over an index"),
    ("prod_i x_i", "prod before a term is a product over an index"),
    ("Sum_i w_i", "Sum before a term is a sum over an index")])
def test_a_sum_sign_and_an_expectation_are_refused(text, message):
    """Σ_i (…)^2 was Sigma_i times the term, E[x] was e*x: silently wrong derivatives."""
    with pytest.raises(ParseError) as info:
        parse_request(text)
    assert info.value.message.startswith(message)


@pytest.mark.parametrize("text, vars, plain", [("Σ^2 + x", None, "Sigma**2 + x"),
                                               ("x Σ", None, "x*Sigma"),
                                               ("Σ x", ["Sigma", "x"], "Sigma*x"),
                                               ("E x", None, "e*x")])
def test_sigma_and_e_elsewhere_stay_what_they_were(text, vars, plain):
    assert parse(text, vars=vars).plain == plain


@pytest.mark.parametrize("name, words", [("swish", "x*sigmoid(x)"), ("silu", "x*sigmoid(x)"),
                                         ("gelu", "erf(x/sqrt(2))"), ("elu", "relu(1 - exp(x))"),
                                         ("expit", "sigmoid(x)"), ("sigm", "sigmoid(x)")])
def test_an_activation_outside_the_table_gets_its_written_out_form(name, words):
    # swish(x) got "did you mean sinh?", gelu(x) and elu(x) "did you mean relu?"
    with pytest.raises(ParseError) as info:
        parse(f"{name}(x)")
    assert words in info.value.hint


@pytest.mark.parametrize("text", ["1\u2009000 x", "1\u202f000 x", "1 000 x"])
def test_a_number_with_its_thousands_set_apart_gets_the_number_in_its_hint(text):
    # the hint was only "write 1*000 for a product"
    with pytest.raises(ParseError) as info:
        parse(text)
    assert info.value.hint == "for the number write 1000; for a product 1*000"


@pytest.mark.parametrize("text", ["ℜ(z) + x", "e^(ⅈ x)", "ℝ x"])
def test_symbols_that_mean_something_else_stay_errors(text):
    # ℜ (a real part), ⅈ (the imaginary unit), ℝ (a set) were read as R, i, R
    with pytest.raises(ParseError):
        parse(text)


def test_a_declared_indexed_sigma_and_a_power_of_sigma_are_no_sum():
    assert parse("Σ_i x", vars=["Sigma_i", "x"]).plain == "Sigma_i*x"
    assert parse("Σ^{-1} x").plain == "Sigma**(-1)*x"  # a power, not a sum's limit


def test_a_transpose_before_a_capital_greek_letter_is_a_matrix_expression():
    # x^T Σ^{-1} x was x**T*Sigma**(-1)*x
    with pytest.raises(CalcdiffError) as info:
        parse_request("x^T Σ^{-1} x")
    assert "a transpose makes this a matrix expression" in info.value.message


@pytest.mark.parametrize("text", ["a\u0301x + sine(x)", "x\u20d7 · 2"])
def test_the_caret_under_a_combining_mark_stands_under_its_letter(text):
    # it stood one column to the right, under the next character
    with pytest.raises(CalcdiffError) as info:
        parse_request(text)
    caret = info.value.render().splitlines()[2]
    assert caret == "  ^"


def test_a_power_followed_by_its_own_base_gets_the_exponent_note():
    # x^2x was x^2*x (3x² after differentiating), with only an implicit-product note
    notes = [n.message for n in parse("x^2x").notes]
    assert "x^2x read as x^2*x: an exponent is one factor; write x^(2x) for the power of " \
           "the product" in notes
    assert not [n for n in parse("3x^2y").notes if n.kind == "exponent-scope"]


@pytest.mark.parametrize("text", ["y' = y", "y' = x + y", "y'' = -y", "f'(x) = 2 f(x)",
                                  "y′ = y^2 + 1"])
def test_primes_with_the_function_on_the_right_are_a_differential_equation(text):
    # y' = y was answered d/dy [y] = 1: a question nobody asked
    with pytest.raises(ParseError) as info:
        parse_request(text)
    assert info.value.message.endswith("on the right side is a differential equation, which "
                                       "calcdiff does not solve")
    assert info.value.start == 0


@pytest.mark.parametrize("text, plain", [("y' = x^3", "x**3"), ("f'(x) = x^2", "x**2"),
                                         ("y'' of y = x^3", "x**3")])
def test_primes_with_a_right_side_free_of_the_function_are_a_request(text, plain):
    assert to_plain(parse_request(text).expr) == plain


def test_a_definition_differentiated_by_the_name_it_defines_is_its_equation():
    # -x x on x = y^2 was ∂/∂x [y**2] = 0; the words "x = y^2 wrt x" gave dy/dx already
    assert to_plain(derive("x = y^2", wrt="x").result) == "1/(2*y)"
    assert to_plain(derive("y = x^2", wrt="x").result) == "2*x"


@pytest.mark.parametrize("text, at, hint", [
    ("d/dxdy x^2 y", 4, "for the mixed partial derivative write d^2/dxdy (…), or d/dx d/dy (…)"),
    ("d/dx dy x^2", 5, "for the mixed partial derivative write d^2/dxdy (…), or d/dx d/dy (…)"),
    ("∂/∂x∂y x^2 y", 4, "for the mixed partial derivative write ∂^2/∂x∂y (…), or ∂/∂x ∂/∂y (…)"),
    ("d/dx dx x^3", 5, "for the second derivative write d^2/dx^2 (…), or d/dx d/dx (…)"),
])
def test_a_second_differential_after_a_request_is_refused(text, at, hint):
    # d/dxdy x^2 y was d*y*x**2*y by x (2*d*x*y**2); ∂/∂x∂y was "unexpected '∂'"
    with pytest.raises(ParseError) as info:
        parse_request(text)
    assert info.value.message.endswith("a second differential, with the request's order "
                                       "left out")
    assert info.value.start == at and info.value.hint == hint


@pytest.mark.parametrize("text", ["d^2y/dx^2 of y = x^2 e^x", "y = x^2 + 3x, find d^2y/dx^2",
                                  "Given f(x) = x^4, find f''(x)"])
def test_a_second_derivative_in_words_says_its_order(text):
    d = derive(text)
    assert d.reading.notes[0].message.endswith("read as a request: differentiate by x, x")


@pytest.mark.parametrize("text, plain", [("log_(2) x", "log(x, 2)"), ("log_(10)(x)", "log(x, 10)"),
                                         ("x_(1) + y", "x_1 + y")])
def test_a_subscript_number_in_brackets_is_the_subscript(text, plain):
    assert to_plain(parse_request(text).expr) == plain  # "a subscript is missing after 'log_'"


def test_a_colon_after_a_request_ends_it():
    assert to_plain(derive("d/dx: x^3").result) == "3*x**2"  # it hinted at Python syntax


def test_a_named_derivative_after_a_request_is_no_second_differential():
    with pytest.raises(ParseError) as info:  # d/dx dy/dx: no mixed partial's hint
        parse_request("d/dx dy/dx")
    assert "second differential" not in info.value.message


def test_a_points_note_shows_its_decimal_as_written():
    """at x = 2.2 was noted as "--at x=11/5"."""
    notes = derive("d/dx x^2 at x = 2.2").reading.note_messages()
    assert "at x = 2.2 read as the point --at x=2.2" in notes


# bug hunt 11: British spellings, a decimal log base, a point without its variable, x2 as x²


@pytest.mark.parametrize("text,read", [("acosec x", "acsc(x)"), ("cosech x", "csch(x)"),
                                       ("cosech^-1 x", "acsch(x)"), ("arccosech x", "acsch(x)"),
                                       ("acosech(x)", "acsch(x)"), ("arcosech x", "acsch(x)")])
def test_british_spellings_of_the_cosecants(text, read):
    assert to_plain(parse(text).expr) == read


@pytest.mark.parametrize("text,base", [("log_2.5(x)", "2.5"), ("log_0.5 x", "0.5"),
                                       ("log_1.5(x)", "1.5")])
def test_a_decimal_log_base_is_the_second_argument(text, base):
    # log_2.5(x) was log(x/2, 2): its .5 a factor
    with pytest.raises(ParseError, match="second argument") as info:
        parse(text)
    assert info.value.hint == f"write log(x, {base})"
    assert text[info.value.start:info.value.end] == base
    for other in ("log_(1/2) x", "log_π x", "log_(e) x"):
        with pytest.raises(ParseError, match="second argument"):
            parse(other)


@pytest.mark.parametrize("text,hint", [("d/dx x^3 at (1)", "write at x = 1 (or --at x=1)"),
                                       ("x^2 at (2, 4)", "write at x = 2, y = 4 (or --at x=2,y=4)"),
                                       ("x^3 at 2", "write at x = 2 (or --at x=2)")])
def test_a_point_without_its_variable(text, hint):
    # x^3 at (1) was x^3·a·t·1
    with pytest.raises(ParseError, match="the point needs its variable") as info:
        parse_request(text)
    assert info.value.hint == hint


@pytest.mark.parametrize("text,names", [("3x2 + 2x", ["x2"]), ("5x4 - 3x2 + 7", ["x4", "x2"]),
                                        ("x2 + x3", []), ("x1 + x2", []),
                                        ("w1 x1 + w2 x2", []), ("x0 + x2", [])])
def test_a_lost_superscript_is_noted(text, names):
    said = [n.message.split()[0] for n in parse(text).notes if n.kind == "lost-power"]
    assert said == names


@pytest.mark.parametrize("text,read", [("arc sin x", "asin(x)"), ("arc tan(x)", "atan(x)"),
                                       ("arc cos 2x", "acos(2*x)"), ("ar sinh x", "asinh(x)"),
                                       ("arg tanh x", "atanh(x)"), ("Arc sin x", "asin(x)"),
                                       ("arc x", "a*r*c*x"), ("arc + x", "a*r*c + x")])
def test_an_inverse_functions_prefix_written_apart(text, read):
    # arc sin x was a·r·c·sin(x)
    assert to_plain(parse(text).expr) == read


def test_arc_apart_after_its_letters_were_remembered():
    # the short way remembers arc as a·r·c; arc sin x still goes the long way
    assert to_plain(parse("a r c + arc").expr) == "a*r*c + a*r*c"
    assert to_plain(parse("arc sin x").expr) == "asin(x)"


def test_declared_names_are_not_joined_to_a_function():
    assert to_plain(parse("arc sin x", vars=["arc", "x"]).expr) == "arc*sin(x)"
    assert to_plain(parse("arc sin x", vars=["a", "r", "c", "x"]).expr) == "a*r*c*sin(x)"


@pytest.mark.parametrize("text,hint", [
    ("u^2 v at (1, 2)", "write at u = 1, v = 2 (or --at u=1,v=2)"),  # the expression's names
    ("sin x at (pi/4)", "write at x = pi/4 (or --at x=pi/4)"),
    ("x^2 at (1/2)", "write at x = 1/2 (or --at x=1/2)"),
    ("x^2 at (1, 2, 3, 4, 5)", "write at x = 1, y = 2, …, one for each variable"),
])
def test_a_point_without_its_variables_names_the_expressions(text, hint):
    with pytest.raises(ParseError, match="the point needs its variable") as info:
        parse_request(text)
    assert info.value.hint == hint


def test_a_log_subscript_after_a_space_is_missing():
    with pytest.raises(ParseError, match="a subscript is missing after 'log_'"):
        parse("log_ 2 x")


@pytest.mark.parametrize("text", ["x2*x3", "r2 r3", "t2 - t3", "p2 + p3 + p4"])
def test_a_family_of_subscripts_gets_no_power_note(text):
    assert not [n for n in parse(text).notes if n.kind == "lost-power"]


@pytest.mark.parametrize("text", ["summary^2", "s u m x", "sum x", "sum of x"])
def test_a_name_with_sum_in_it_is_no_sum(text):
    """Only the word before a term or an index is a sum: declared, it is a variable."""
    try:
        parse_request(text, vars=["sum", "summary", "s", "u", "m", "x"])
    except ParseError as exc:
        assert "over an index" not in exc.message


@pytest.mark.parametrize("text", ["tr(X)", "Tr(A X)", "tr(W^2) + x"])
def test_a_trace_is_refused_with_the_command_that_reads_it(text):
    """tr(X) read as t·r·X: a silently wrong derivative of a product of letters."""
    with pytest.raises(ParseError) as info:
        parse_request(text)
    assert "is the trace of a matrix, which only calcdiff grad differentiates" in info.value.message
    assert info.value.hint.startswith(f'run calcdiff grad "{text}"')


def test_a_trace_of_declared_letters_is_their_product():
    assert parse_request("tr(x)", vars=["t", "r", "x"]).plain == "t*r*x"
