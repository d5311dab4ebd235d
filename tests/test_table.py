"""The rule table (SPEC §4): every entry's derivative against ``sympy.diff`` of the function,
every definition against its function's derivative, and rule files with errors rejected
with the file, the entry and the reason."""

from __future__ import annotations

import math
import random

import pytest
import sympy

from calcdiff.algebra.build import substitute
from calcdiff.algebra.evaluate import evaluate
from calcdiff.deriving.user_rules import load_user_rules, verify_definition
from calcdiff.errors import RuleFileError
from calcdiff.read.rule_exprs import builtin_table, load_files
from calcdiff.sympy_bridge import sympy_function
from calcdiff.tree.nodes import Num

from .strategies import calc_value, close, real_sympy, sympy_value

U = sympy.Symbol("u", real=True)
TABLE = builtin_table()
RULES = sorted(TABLE.functions.values(), key=lambda r: r.function)
ROOT_INDICES = (2, 3, 4, 5)

# all the names and ids the SPEC promises (§1), so that a lost file is noticed
SPEC_FUNCTIONS = {
    "sin", "cos", "tan", "cot", "sec", "csc", "asin", "acos", "atan", "acot", "asec", "acsc",
    "sinh", "cosh", "tanh", "coth", "sech", "csch", "asinh", "acosh", "atanh", "exp", "log",
    "sqrt", "cbrt", "root", "abs", "sigmoid", "softplus", "relu",
}


def in_domain(rule, u: float, n: float | None = None) -> bool:
    """Whether u satisfies the entry's domain condition (every comparison of it)."""
    if rule.domain is None:
        return True
    env = {"u": u} if n is None else {"u": u, "n": n}
    for lhs, op, rhs in rule.domain.parts:
        a, b = calc_value(lhs, env), calc_value(rhs, env)
        if a is None or b is None:
            return False
        if not {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b, "!=": a != b}[op]:
            return False
    return True


def sample_points(rule, n: float | None = None, count: int = 12) -> list[float]:
    """Random points inside the entry's domain (and away from its edges and from 0)."""
    rng = random.Random(rule.id)
    points: list[float] = []
    tries = 0
    while len(points) < count and tries < 2000:
        tries += 1
        scale = rng.choice([0.9, 3.0, 8.0])
        u = rng.uniform(-scale, scale)
        if abs(u) < 1e-3 or abs(abs(u) - 1) < 1e-3:
            continue
        if in_domain(rule, u, n):
            points.append(u)
    return points


def test_the_table_has_every_promised_function():
    assert SPEC_FUNCTIONS <= set(TABLE.functions)
    for alias, name in [("ln", "log"), ("arcsin", "asin"), ("arsinh", "asinh")]:
        assert TABLE.names[alias] == name


def _cases():
    cases = []
    for rule in RULES:
        if rule.arity == (2,):  # root(u, n): one case per index
            cases += [pytest.param(rule, k, id=f"{rule.id}-{k}") for k in ROOT_INDICES]
        else:
            cases.append(pytest.param(rule, None, id=rule.id))
    return cases


@pytest.mark.parametrize("rule, index", _cases())
def test_entry_derivative_equals_sympy_diff(rule, index):
    if callable(getattr(sympy.functions, rule.sympy, None)):
        f = sympy_function(rule.function)
        function = f(U) if index is None else f(U, index)
    else:  # SymPy lacks it (sigmoid): its definition, not the table's own derivative
        function = real_sympy(rule.definition)
        if index is not None:  # hypot(u, n): the second argument fixed
            function = function.subs(sympy.Symbol("n", real=True), index)
    reference = sympy.diff(function, U)
    derivative = rule.derivative
    if index is not None:
        derivative = substitute(derivative, {"n": Num(index)})
    ours = real_sympy(derivative)
    points = sample_points(rule, index)
    assert len(points) >= 8, f"{rule.id}: too few points in its domain {rule.domain_text!r}"
    compared = 0
    for u in points:
        want = sympy_value(reference, {"u": u})
        if want is None:  # principal branch of cbrt/root at u < 0: real in calcdiff only
            assert rule.function in ("cbrt", "root") and u < 0
            continue
        got = sympy_value(ours, {"u": u})
        assert got is not None, f"{rule.id}: derivative undefined at u = {u}"
        assert close(got, want, 1e-10), f"{rule.id} at u = {u}: table {got}, SymPy {want}"
        # calcdiff's own float evaluation agrees too
        assert close(evaluate(derivative, {"u": u}), want, 1e-9)
        compared += 1
    assert compared >= 4


PARTIAL_N = [r for r in RULES if r.partial_n is not None]


@pytest.mark.parametrize("rule", PARTIAL_N, ids=lambda r: r.id)
def test_entry_partial_n_equals_sympy_diff(rule):
    """∂f/∂n of a two-argument entry (atan2, hypot) against SymPy, at random (u, n)."""
    n_sym = sympy.Symbol("n", real=True)
    if callable(getattr(sympy.functions, rule.sympy, None)):
        function = sympy_function(rule.function)(U, n_sym)
    else:
        function = real_sympy(rule.definition)
    reference = sympy.diff(function, n_sym)
    ours = real_sympy(rule.partial_n)
    rng = random.Random(rule.id)
    for _ in range(8):
        point = {"u": rng.uniform(-3, 3), "n": rng.uniform(-3, 3)}
        want = float(reference.subs({U: point["u"], n_sym: point["n"]}))
        got = float(ours.subs({sympy.Symbol("u", real=True): point["u"], n_sym: point["n"]}))
        assert close(got, want, 1e-10), f"{rule.id} at {point}: table {got}, SymPy {want}"
        assert close(evaluate(rule.partial_n, point), want, 1e-9)


# (hypot, defined in two arguments, is checked against its definition above, per index)
DEFINED = [r for r in RULES if r.definition is not None and r.arity != (2,)]


@pytest.mark.parametrize("rule", DEFINED, ids=lambda r: r.id)
def test_entry_derivative_agrees_with_its_definition(rule):
    definition = real_sympy(rule.definition)
    reference = sympy.diff(definition, U)
    ours = real_sympy(rule.derivative)
    function = sympy_function(rule.function)(U)
    compared = 0
    for u in sample_points(rule):
        want = sympy_value(reference, {"u": u})
        if want is None:
            continue
        got = sympy_value(ours, {"u": u})
        assert got is not None and close(got, want, 1e-10), (
            f"{rule.id} at u = {u}: table derivative {got}, derivative of the definition "
            f"{rule.definition_text!r} {want}"
        )
        # and the definition is the function
        assert close(sympy_value(definition, {"u": u}), sympy_value(function, {"u": u}), 1e-10)
        compared += 1
    assert compared >= 4


def test_every_entry_has_a_derivative_in_placeholders_only():
    for rule in RULES:
        allowed = {"u", "n"} if 2 in rule.arity else {"u"}
        assert rule.derivative is not None and rule.derivative.free <= allowed, rule.id
        assert rule.explain.strip(), rule.id


def test_points_helper_respects_domains():
    acosh = TABLE.functions["acosh"]
    assert all(u > 1 for u in sample_points(acosh))
    asech = TABLE.functions["asech"]
    assert all(0 < u < 1 for u in sample_points(asech))
    assert math.isfinite(sum(sample_points(TABLE.functions["sin"])))


# -- rule files with errors are rejected ---------------------------------------------------------

GOOD = '''
[[rule]]
id = "d-gd"
function = "gd"
derivative = "sech(u)"
explain = "The Gudermannian's derivative is sech."
'''


def _load(name, text):
    return load_files([(name, text)], base=builtin_table())


def test_a_good_rule_file_loads():
    table = _load("good.toml", GOOD)
    assert "gd" in table.functions
    assert table.functions["gd"].file == "good.toml"
    assert "gd" not in builtin_table().functions  # the built-in table is not modified


@pytest.mark.parametrize(
    "text, entry, reason",
    [
        ("[[rule]\nid = 'd-x'", None, "TOML"),
        (GOOD.replace('explain =', 'colour = "blue"\nexplain ='), "d-gd", "unknown field"),
        (GOOD.replace('explain = "The Gudermannian\'s derivative is sech."\n', ""), "d-gd",
         "missing field"),
        (GOOD.replace('derivative = "sech(u)"', 'derivative = "sech(u"'), "d-gd", "derivative"),
        (GOOD.replace('derivative = "sech(u)"', 'derivative = "sech(u) * "'), "d-gd",
         "derivative"),
        (GOOD.replace('derivative = "sech(u)"', 'derivative = "frob(u)"'), "d-gd", "derivative"),
        (GOOD.replace('derivative = "sech(u)"', 'derivative = "sech(v)"'), "d-gd", "derivative"),
        (GOOD.replace('function = "gd"', 'function = "sin"'), "d-gd", "already taken"),
        (GOOD.replace('id = "d-gd"', 'id = "d-sin"'), "d-sin", "already taken"),
        (GOOD + GOOD.replace('id = "d-gd"', 'id = "d-gd2"'), "d-gd2", "already taken"),
        (GOOD.replace('function = "gd"', 'function = "gd"\naliases = ["ln"]'), "d-gd",
         "already taken"),
        (GOOD.replace('derivative = "sech(u)"', "derivative = 3"), "d-gd", "string"),
        (GOOD.replace('[[rule]]', '[[rules]]'), None, "unknown table"),
        (GOOD.replace('explain =', 'domain = "u >"\nexplain ='), "d-gd", "domain"),
    ],
    ids=["bad-toml", "unknown-field", "missing-field", "unclosed-bracket", "dangling-operator",
         "unknown-function", "foreign-variable", "duplicate-function", "duplicate-id",
         "duplicate-in-file", "duplicate-alias", "not-a-string", "unknown-table", "bad-domain"],
)
def test_bad_rule_file_is_rejected(text, entry, reason):
    with pytest.raises(RuleFileError) as info:
        _load("mine.toml", text)
    message = str(info.value)
    assert "mine.toml" in message
    if entry is not None:
        assert entry in message
    assert reason.lower() in message.lower(), message


def test_the_error_names_the_right_file_among_several():
    with pytest.raises(RuleFileError) as info:
        load_files([("first.toml", GOOD),
                    ("second.toml", GOOD.replace('derivative = "sech(u)"', 'derivative = "(u"'))],
                   base=builtin_table())
    assert "second.toml" in str(info.value) and "first.toml" not in str(info.value)




@pytest.mark.parametrize("rule", DEFINED, ids=lambda r: r.id)
def test_builtin_definitions_pass_the_loaders_own_check(rule):
    verify_definition(rule, TABLE)  # raises RuleFileError on a mismatch


def test_user_rule_is_verified_against_its_definition(tmp_path):
    good = tmp_path / "gd.toml"
    good.write_text(GOOD.replace('explain =', 'definition = "2*atan(tanh(u/2))"\nexplain ='),
                    encoding="utf-8")
    assert "gd" in load_user_rules([good]).functions
    bad = tmp_path / "bad.toml"
    bad.write_text(GOOD.replace('explain =', 'definition = "2*atan(tanh(u))"\nexplain ='),
                   encoding="utf-8")
    with pytest.raises(RuleFileError) as info:
        load_user_rules([bad])
    message = str(info.value)
    assert "bad.toml" in message and "d-gd" in message and "definition" in message


def test_correct_user_rule_with_a_domain_is_accepted(tmp_path):
    path = tmp_path / "myasech.toml"
    path.write_text(
        '[[rule]]\nid = "d-myasech"\nfunction = "myasech"\n'
        'derivative = "-1/(u*sqrt(1 - u^2))"\nexplain = "asech by another name"\n'
        'domain = "u > 0 and u < 1"\ndefinition = "acosh(1/u)"\n',
        encoding="utf-8",
    )
    assert "myasech" in load_user_rules([path]).functions


def test_user_rule_defined_with_an_even_root_loads(tmp_path):
    path = tmp_path / "half.toml"
    path.write_text(
        '[[rule]]\nid = "d-half"\nfunction = "half"\nderivative = "1/(2*root(u, 2))"\n'
        'explain = "the square root, written as a root"\ndomain = "u > 0"\n'
        'definition = "root(u, 2)"\n',
        encoding="utf-8",
    )
    assert "half" in load_user_rules([path]).functions


def test_rules_finds_a_function_by_its_greek_letter():
    from click.testing import CliRunner

    from calcdiff.cli import main
    r = CliRunner().invoke(main, ["rules", "σ"])
    assert r.exit_code == 0 and r.stdout.startswith("sigmoid (d-sigmoid)\n")
