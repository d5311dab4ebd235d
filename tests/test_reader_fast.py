"""The reader's shortcuts read exactly what the long way reads (issue 16: a faster reader).

- The lexer reads the common tokens (whole numbers, ASCII names, ASCII operators) with one
  pattern and everything else one character class at a time (``_one_token``): the two must
  give the same tokens and the same errors for any text.
- The resolver remembers, per rule table, the names it read as one token with no note, and
  those read as the same pieces and notes wherever written (``xy``): a line must read the
  same whatever lines were read before it.
- A common line (whole numbers, ASCII names and operators) is lexed and resolved in one pass
  from the names remembered (``read/common.py``): the same tokens and notes as the lexer and
  the resolver give; and a sum of common terms is read from them without the parser: the
  same tree, spans and notes as the parser reads.
- The short way reads terms (``23x^4y``, ``x*y``) within any text the parser reads: the
  same nodes, spans, notes and errors as the long way.
- The parser drops the span of a node it replaces (the ``1`` of ``-1``) where it replaces it:
  every span left belongs to a node of the tree.
"""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from calcdiff.errors import CalcdiffError
from calcdiff.read.lexer import _one_token, factorial_merged, tokenize
from calcdiff.read.resolve import _Resolver
from calcdiff.table import builtin_entries
from calcdiff.read import parser as parser_module
from calcdiff.read import resolve
from calcdiff.read.common import common_items, tokens_of
from calcdiff.read.parser import parse
from calcdiff.tree.nodes import Call, Const, Sym, distinct

_SPACE = " \t\r\n\u00a0\u2009\u202f"

PIECES = [
    "x", "y", "z", "ab", "sin", "log", "ln", "e", "pi", "x_1", "x_12", "x_a", "x_{3}", "x₁",
    "θ", "α", "f'", "f″", "lambda", "for", "log10", "log1p", "expm1", "Sin", "2", "17", "0",
    "007", "2.5", ".5", "3.", "1e5", "2E-3", "1.5e2", "+", "-", "*", "/", "^", "**", "(", ")",
    "[", "]", "{", "}", "|", ",", "√", "∂", "²", "⁻¹", "−", "×", "·", "÷", " ", "  ", "\t", "_",
    "'", "=", "!", ";", "@", "\u00a0", "9" * 30,
]


def long_way(text: str) -> list:
    """The tokens of ``text`` read one character class at a time, never by the pattern."""
    out: list = []
    i, n = 0, len(text)
    while i < n:
        if text[i] in _SPACE:
            i += 1
            continue
        if factorial_merged(out, text, i):  # 3!: as the tokenizer's loop merges it
            i += 1
            continue
        i = _one_token(text, i, n, out.append)
    return out


def outcome(read, text: str):
    try:
        return [(t.kind, t.text, t.start, t.end, t.value, t.flags, t.source)
                for t in read(text) if t.kind != "END"]
    except CalcdiffError as exc:
        return (type(exc).__name__, exc.message, exc.start, exc.end, exc.hint)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=12).map("".join))
@example("x^3/3! + 17!x")
def test_the_pattern_reads_what_the_long_way_reads(text):
    assert outcome(tokenize, text) == outcome(long_way, text)


def test_long_numbers_and_keywords_keep_their_errors():
    for text in ["1" * 4001, "x + " + "2" * 4001, "x for y", "if"]:
        assert outcome(tokenize, text) == outcome(long_way, text)
        assert isinstance(outcome(tokenize, text), tuple)


def shape(text: str):
    """A reading, with its spans keyed by the path to their node (ids differ per parse)."""
    try:
        r = parse(text)
    except CalcdiffError as exc:
        return (exc.message, exc.start, exc.end)
    paths = {}
    stack = [(r.expr, ())]
    while stack:
        node, path = stack.pop()
        paths.setdefault(id(node), path)
        stack.extend((c, path + (k,)) for k, c in enumerate(node.children()))
    return (r.plain, [(n.kind, n.message, n.start, n.end) for n in r.notes],
            sorted((paths.get(k), v) for k, v in r.spans.items()))


LINES = ["x", "xy", "x y", "sin x", "sin(x)", "sinx", "e", "e^x", "pi r^2", "f(x)", "g(x, y)",
         "ln x", "log(x)", "log_2 x", "x_1 + x_2", "Sin x", "θ", "theta", "mu", "2xy", "x(x+1)",
         "-1", "x - 1", "e^2x", "xsinx", "cos(y)", "abc", "a b c", "1/2x", "√x", "|x|",
         # a name read by what follows it (exp2x is exp(2*x)), read first alone, then after
         # the same name before a space (exp2 y is exp2(y)) in the reversed order
         "exp2x", "exp10x", "exp2 y", "exp10 y",
         # f a variable in one line, a function's power in the next: f^2(x) is f(x)**2
         "f x", "f^2(x)", "f**2(x)", "h t + h^3(t)", "g x + g^-1(x)"]


def test_a_line_reads_the_same_whatever_was_read_before():
    alone = {}
    for text in LINES:
        parse("z")  # another reading between each: a fresh table index is not needed
        alone[text] = shape(text)
    for order in (LINES, LINES[::-1], LINES * 2):
        for text in order:
            assert shape(text) == alone[text], text
    # declarations change what a name is: remembered names do not leak across them
    assert parse("xy", vars=["xy"]).plain == "xy"
    assert parse("xy").plain == "x*y"
    for _ in range(2):
        assert type(parse("e").expr) is Const
        assert type(parse("e", vars=["e"]).expr) is Sym
        assert type(parse("e", names=["e"]).expr) is Sym
        assert type(parse("sin(x)").expr) is Call
        assert type(parse("sin(x)", functions=["sin2"]).expr) is Call


# (a line read first, then a line with the same name typed otherwise): the remembered name
# must not lend the second its spelling -- notes and errors quote what was typed
PRIMED = [("e^x", "ℯ^x"), ("e^x", "𝑒^x"), ("e^x", "ｅ^x"), ("E", "𝐸"), ("e", "x^{e}_1"),
          ("e", "x^{e y}_1 + e"), ("x", "𝑥 2"), ("x", "ｘ 2"), ("sin x", "𝑠𝑖𝑛"),
          ("sin x", "x^{sin}_1"), ("cos x", "ｃｏｓ^ａ ｘ"), ("exp2 y", "exp2x")]


def test_a_name_typed_otherwise_reads_as_it_does_alone():
    for primer, text in PRIMED:
        resolve._INDEX.clear()  # nothing remembered: the line alone
        alone = shape(text)
        resolve._INDEX.clear()
        shape(primer)
        shape(primer)
        assert shape(text) == alone, (primer, text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PIECES[:40] + ["x", "y", "-", "-", "1", "2"]), min_size=1,
                max_size=10).map("".join))
def test_every_span_left_belongs_to_a_node_of_the_tree(text):
    try:
        reading = parse(text)
    except CalcdiffError:
        return
    nodes = {id(n) for n in distinct(reading.expr)}
    assert set(reading.spans) <= nodes
    # every variable the parser kept was marked where it was written
    for node in distinct(reading.expr):
        if type(node) is Sym:
            assert id(node) in reading.spans, (text, node)


FACTORS = ["x", "y", "xy", "ab", "2", "23", "0", "x^2", "y^n", "x^y", "z^10", "xy^3", "x²",
           "x^-1", "2^x", "e", "e^x", "sin x", "x*y", "x/2", "(x+1)", "1.5", "1e3", "x_1", "θ",
           " ", "|x|", "x^2^3", "√x", "f(x)", "x^(2)"]
TERM = st.lists(st.sampled_from(FACTORS), min_size=1, max_size=4).map("".join)
SUM = st.tuples(st.lists(st.tuples(TERM, st.sampled_from([" + ", " - ", "+", "-", ", ", " * ",
                                                             "/", " "])), max_size=4),
                TERM, st.sampled_from(["{}", "({})", "[{}]", "|{}|", "g({})", "-{}", "{}^"]))
EXPRESSIONS = SUM.map(lambda s: s[2].format("".join(a + b for a, b in s[0]) + s[1]))


@settings(max_examples=500, deadline=None)
@given(EXPRESSIONS)
def test_the_common_term_reads_what_the_long_way_reads(text):
    fast = shape(text)
    parser_module.common_tree = lambda text, items: None  # every term the long way
    try:
        assert shape(text) == fast
    finally:
        parser_module.common_tree = COMMON_TREE


COMMON_TREE = parser_module.common_tree
LINE_TERMS = st.lists(st.sampled_from(["x", "y", "xy", "zx", "2", "23", "^2", "^n", "^y", "^",
                                       "^-1", " ", "e", "(", ")", "*", "x^2^3", "2^x", "1e3"]),
                      min_size=1, max_size=5).map("".join)
LINES_ = st.tuples(st.lists(st.tuples(LINE_TERMS, st.sampled_from(
    [" + ", " - ", "+", "-", " -", "--", "- (", ", ", ")", " ) ("])), max_size=5), LINE_TERMS,
    st.sampled_from(["{}", "({})", "  ({})", "-{}", "- {}", "((-{}))", "({}", "{})", "(-{})^2",
                     "[{}]", "({})x", "2({})"]))


@settings(max_examples=500, deadline=None)
@given(LINES_.map(lambda s: s[2].format("".join(a + b for a, b in s[0]) + s[1])))
@example("     (23x^4y - 203xy^3 - 225x^2y^2 + 66x^4)")
@example("(-155yz^4 + 205xy^3z + 220x^2z^2 - 205xyz^2 + 33yz)")
def test_a_common_sum_reads_what_the_parser_reads(text):
    resolve._INDEX.clear()  # no name read before: the resolver's tokens, then the short way
    first = shape(text)
    short = shape(text)  # the names remembered: the short way from the start
    parser_module.common_tree = lambda text, items: None
    try:
        assert shape(text) == short == first
    finally:
        parser_module.common_tree = COMMON_TREE


@settings(max_examples=300, deadline=None)
@given(LINES_.map(lambda s: s[2].format("".join(a + b for a, b in s[0]) + s[1])))
@example("-243*x**499 - 207*x**498 + 5")
def test_a_reading_by_the_short_way_holds_nothing_the_checks_look_at(text):
    # commands/request.read skips its checks (calls, constant parts) for such a reading
    for _ in range(2):  # with nothing remembered, then remembered
        try:
            r = parse(text)
        except CalcdiffError:
            return
        if r.short_way:
            for node in distinct(r.expr):
                assert type(node) is not Call and type(node) is not Const
                assert not (type(node).__name__ == "Pow" and not node.free), text


COMMON = ["x", "y", "xy", "ab", "xyz", "sin", "e", "pi", "theta", "f", "exp", "expx", "lg", "for",
          "of", "2", "23", "0", "2e", "1e5", "x2", " ", "  ", "+", "-", "*", "**", "^", "(", ")",
          "[", "]", "{", "}", ",", "/", "θ", "^{(2)}", ".", "_", "d", "E+", "e-"]


def resolved(tokens, notes):
    return ([(t.kind, t.text, t.start, t.end, t.value, t.source, t.base, t.flags, t.run)
             for t in tokens], [(n.kind, n.message, n.start, n.end, n.joins) for n in notes])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(COMMON), min_size=1, max_size=10).map("".join),
       st.sampled_from([None, frozenset({"x", "y", "d"})]), st.sampled_from([(), ("ab",)]))
@example("f^{(2)}(x) + f", None, ())  # a derivative's order: the lexer's long way
@example("f^ (2)", None, ())
@example("E + e + 2E+3x + 2e-3", None, ())  # scientific notation
@example("xy2 + x2y", None, ())  # a name with digits
def test_a_common_line_reads_what_the_lexer_and_resolver_read(text, declared, names):
    table, names = builtin_entries(), frozenset(names)
    notes: list = []
    try:  # the long way, which also remembers the names for the short one
        expected = resolved(_Resolver(text, table, declared, notes, names).resolve(
            tokenize(text)), notes)
    except CalcdiffError:
        expected = None
    notes = []
    items = common_items(text, table, declared, names, notes)
    if items is None:
        assert notes == []
    else:
        assert resolved(tokens_of(items), notes) == expected
