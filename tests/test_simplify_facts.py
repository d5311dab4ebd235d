"""What the simplifier reads from the rule table (calcdiff.simplify.facts): the identities of
rules/*.toml checked against SymPy, refused when of a form the simplifier cannot apply, and
applied for a function the package has never seen."""

from __future__ import annotations

import random

import pytest

from calcdiff.errors import RuleFileError
from calcdiff.read.parser import parse
from calcdiff.read.rule_exprs import builtin_table, load_files
from calcdiff.simplify import simplify
from calcdiff.simplify.facts import compile_facts, facts_of
from calcdiff.table import PLACEHOLDERS
from calcdiff.tree.printer import to_plain

from .strategies import close, real_sympy, sympy_value

TABLE = builtin_table()
IDENTITIES = [(rule.function, text) for rule in TABLE.functions.values()
              for text in rule.identities]


def test_the_table_holds_what_the_simplifier_used_to_hard_code():
    facts = compile_facts(TABLE, everything=True)
    assert len(facts.nested) == 19  # 17 of an inverse function, sigmoid and softplus of log
    assert facts.pythagoras == {"sin": ("cos", 1), "cosh": ("sinh", -1), "sec": ("tan", -1),
                                "csc": ("cot", -1)}
    assert facts.square_of == {
        ("tan", 1, 1): "sec", ("cot", 1, 1): "csc", ("sin", 1, -1): "cos",
        ("cos", 1, -1): "sin", ("sinh", 1, 1): "cosh", ("cosh", -1, 1): "sinh",
        ("sec", -1, 1): "tan", ("csc", -1, 1): "cot"}
    assert facts_of(TABLE) is facts_of(TABLE)  # once per table


def test_builtin_identities_wait_for_their_functions():
    facts = compile_facts(TABLE)
    assert not facts.nested and not facts.pythagoras  # nothing parsed yet
    facts.learn(frozenset({"sec", "x"}))  # no function an identity of sec pairs or nests
    assert not facts.nested and not facts.pythagoras
    facts.learn(frozenset({"sec", "tan", "atan"}))
    assert set(facts.nested) == {("sec", "atan"), ("tan", "atan")}
    assert facts.pythagoras == {"sec": ("tan", -1)} and facts.squared == {"sec"}
    facts.learn(frozenset({"sec", "asin"}))  # the rest of sec's, once each
    assert set(facts.nested) == {("sec", "atan"), ("tan", "atan"), ("sec", "asin")}
    facts.learn(frozenset({"sec", "tan", "atan", "asin"}))
    assert len(facts.nested) == 4  # tan(asin(u)); nothing compiled twice


def test_an_identity_waits_for_every_function_of_its_left_side():
    """A left side's names are read from its text, aliases resolved: an identity is compiled
    exactly when the functions it nests or pairs are all in the input."""
    from calcdiff.simplify.facts import _left_functions

    assert _left_functions(TABLE, "sin(asin(u)) -> u") == {"sin", "asin"}
    assert _left_functions(TABLE, "sin(arcsin(u)) -> u") == {"sin", "asin"}
    assert _left_functions(TABLE, "sec(u)^2 - tan(u)^2 -> 1") == {"sec", "tan"}
    assert _left_functions(TABLE, "softplus(log(u)) -> log(u + 1)") == {"softplus", "log"}


@pytest.mark.parametrize("function,text", IDENTITIES, ids=[t for _, t in IDENTITIES])
def test_identity_holds(function, text):
    """Both sides agree (SymPy, 30 digits) at random points where the left side is real."""
    lhs, rhs = (real_sympy(parse(side, vars=PLACEHOLDERS, table=TABLE).expr)
                for side in text.split("->"))
    rng = random.Random(text)
    checked = 0
    for _ in range(200):
        env = {"u": rng.choice([rng.uniform(-0.99, 0.99), rng.uniform(-4, 4),
                                rng.uniform(1, 6)])}
        a = sympy_value(lhs, env)
        if a is None:
            continue
        b = sympy_value(rhs, env)
        assert b is not None and close(a, b, 1e-12), f"{text}: {a} vs {b} at {env}"
        checked += 1
        if checked >= 20:
            break
    assert checked >= 20, f"{text}: only {checked} points where the left side is real"


def _table(identities: str, function: str = "foo", extra: str = ""):
    text = f'''
[[rule]]
id = "d-{function}"
function = "{function}"
derivative = "{function}(u)"
explain = "A test function."
{extra}
identities = {identities}
'''
    return load_files([("mine.toml", text)], base=TABLE)


@pytest.mark.parametrize("identities,reason", [
    ('["foo(u) -> u"]', "the left side must be foo(g(u))"),
    ('["foo(log(u)) = u"]', "write it as 'left -> right'"),
    ('["foo(log(x)) -> x"]', "unknown name 'x'"),
    ('["foo(log(u)) -> cos(u)"]', "brings in cos"),
    ('["foo(log(u)) -> sqrt(2)*u"]', "under a root"),
    ('["foo(log(u)) -> u + foo(u)"]', "not a polynomial in u"),
    ('["foo(log(u)) -> u", "foo(log(u)) -> 2*u"]', "a second identity"),
    ('["sin(log(u)) -> u"]', "the left side must be foo(g(u))"),
    ('["foo(u)^2 + sin(u)^2 -> 2"]', "must equal 1"),
    ('["sin(u)^2 + foo(u)^2 -> 1"]', "must start with foo(u)^2"),
    ('["foo(log(u)) -> ("]', "identity"),
    ('"foo(log(u)) -> u"', "identities must be a list of strings"),
])
def test_an_identity_the_simplifier_cannot_apply_is_refused(identities, reason):
    with pytest.raises(RuleFileError) as info:
        facts_of(_table(identities))
    message = str(info.value)
    assert message.startswith("mine.toml: entry 'd-foo'")
    assert reason in message


def test_a_new_function_brings_its_identities():
    """A function the package has never seen: its entry's identities apply, nothing else."""
    table = _table('["foo(log(u)) -> u^2/(u + 1)", "foo(u)^2 - sinh(u)^2 -> 1"]')

    def s(text: str) -> str:
        return to_plain(simplify(parse(text, table=table).expr, table=table))

    assert s("foo(log(x))") == "x**2/(x + 1)"
    assert s("foo(log(x))*(x + 1)") == "x**2"
    assert s("3*foo(y)^2 - 3*sinh(y)^2") == "3"
    assert s("foo(y)^2/(1 + sinh(y)^2)") == "1"
    assert s("foo(-log(x))") == "foo(-log(x))"  # no parity: the sign stays inside
    assert to_plain(simplify(parse("foo(log(x))", table=table).expr)) == "foo(log(x))"


def test_a_new_function_brings_its_parity_and_values():
    table = _table('["foo(log(u)) -> u"]', extra='parity = "odd"\nvalues = { "0" = "0", '
                   '"1" = "1/2", "2" = "pi" }')

    def s(text: str) -> str:
        return to_plain(simplify(parse(text, table=table).expr, table=table))

    assert s("foo(-x)") == "-foo(x)"
    assert s("foo(-log(x))") == "-x"  # f(g(-u)), for an odd f
    assert s("foo(x - x) + foo(1)") == "1/2"
    assert s("foo(2)") == "pi"  # any constant value, for --at and the simplifier alike
    assert s("foo(-2)") == "-pi"
    assert s("foo(3)") == "foo(3)"
