"""One entry per function (issue 14, item 1): a function's [[rule]] entry is all calcdiff needs.

- A fixture rule file with functions the package has never seen (gelu, mish, the
  Gudermannian gd) works in every command and every format, and ``--check`` checks every step.
- erf and erfc, entries of ``rules/special.toml`` only, work through the installed command.
- Every built-in entry agrees with SymPy: float evaluation, exact special values, parity; its
  SymPy name exists (or its definition says how SymPy gets it); its LaTeX compiles.
"""

from __future__ import annotations

import json
import math
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import sympy
from click.testing import CliRunner

from calcdiff.algebra.evaluate import float_functions
from calcdiff.cli import main
from calcdiff.deriving.user_rules import load_user_rules
from calcdiff.errors import RuleFileError
from calcdiff.read.parser import parse
from calcdiff.read.rule_exprs import builtin_table, load_files
from calcdiff.sympy_bridge import sympy_function, to_sympy

from .test_table import RULES, sample_points

FIXTURE = Path(__file__).parent / "fixtures" / "rules" / "gelu.toml"
FORMATS = ["text", "json", "markdown", "latex", "rich"]
U = sympy.Symbol("u", real=True)
X, Y = sympy.symbols("x y", real=True)


def _gelu(u):
    return u * (1 + sympy.erf(u / sympy.sqrt(2))) / 2


def _mish(u):
    return u * sympy.tanh(sympy.log(1 + sympy.exp(u)))


def _gd(u):
    return sympy.atan(sympy.sinh(u))


def _num(text: str, at: dict) -> float:
    """A plain-syntax answer, read by calcdiff's parser, evaluated with the fixture's table."""
    table = load_user_rules([FIXTURE])
    e = to_sympy(parse(text, table=table).expr, table=table, rewrite_activations=True)
    return float(e.subs({sympy.Symbol(k): v for k, v in at.items()}).evalf(30))


def _close(a: float, b: float, tol: float = 1e-9) -> bool:
    return abs(a - b) <= tol * max(1.0, abs(b))


# -- the fixture: every command, every format -------------------------------------------------

# (command line, what the JSON must say: (key path, SymPy reference, point))
COMMANDS = {
    "derive": ["derive", "gelu(x^2)", "--at", "x=1"],
    "grad": ["grad", "gelu(x*y) + mish(y)", "--at", "x=1,y=2"],
    "hessian": ["hessian", "gelu(x) + gd(x*y)", "--at", "x=1,y=1/2"],
    "jacobian": ["jacobian", "gelu(x*y)", "mish(x) + gd(y)"],
    "parse": ["parse", "gelu(x) + GELU(2x) + mish x"],
    "rules": ["rules", "gelu"],
    "tangent": ["tangent", "gelu(x)", "--at", "x=1"],
    "limit": ["limit", "mish(x)", "--at", "x=1"],
    "taylor": ["taylor", "gd(x)", "--at", "x=0", "-n", "3"],
    "descend": ["descend", "gelu(w) + w^2", "--from", "w=1", "--lr", "0.1", "-k", "5"],
    "backprop": ["backprop", "gelu(x*y) + gd(x)", "--at", "x=1,y=2"],
}


def _run(args, fmt):
    r = CliRunner().invoke(main, [*args, "--rules", str(FIXTURE), "-f", fmt])
    assert r.exit_code == 0, (args, fmt, r.stdout, r.stderr)
    assert "internal error" not in r.stderr and "Traceback" not in r.stderr
    assert r.stdout.strip()
    return r


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_new_function_works_in_every_command_and_format(command, fmt):
    r = _run(COMMANDS[command], fmt)
    if fmt == "latex":
        assert r.stdout.lstrip().startswith("\\documentclass")
    if fmt != "json":
        return
    out = [json.loads(line) for line in r.stdout.splitlines() if line.strip()]
    assert all("error" not in o for o in out), out
    _check_json_values(command, out[0])


def _check_json_values(command: str, o: dict) -> None:
    """The numbers in the JSON are the right ones (SymPy differentiates the definitions)."""
    if command == "derive":
        want = sympy.diff(_gelu(X**2), X)
        assert _close(_num(o["derivative"], {"x": 0.7}), float(want.subs(X, 0.7)))
        assert _close(o["value_float"], float(want.subs(X, 1).evalf(30)))
    elif command == "grad":
        f = _gelu(X * Y) + _mish(Y)
        for v, s in (("x", X), ("y", Y)):
            got = next(p["derivative"] for p in o["partials"] if p["var"] == v)
            want = sympy.diff(f, s).subs({X: 0.3, Y: -0.8})
            assert _close(_num(got, {"x": 0.3, "y": -0.8}), float(want))
    elif command == "hessian":
        f = _gelu(X) + _gd(X * Y)
        want = sympy.diff(f, X, Y).subs({X: 0.4, Y: 1.3})
        assert _close(_num(o["matrix"][0][1], {"x": 0.4, "y": 1.3}), float(want))
    elif command == "jacobian":
        want = sympy.diff(_mish(X) + _gd(Y), X).subs({X: 0.6, Y: 0.2})
        assert _close(_num(o["matrix"][1][0], {"x": 0.6, "y": 0.2}), float(want))
    elif command == "parse":
        assert o["expr"] == "gelu(x) + gelu(2*x) + mish(x)"
    elif command == "rules":
        assert o["function"] == "gelu" and o["latex"] == "\\operatorname{GELU}"
    elif command == "tangent":
        slope = sympy.diff(_gelu(X), X).subs(X, 1)
        assert _close(_num(o["slope"], {}), float(slope))
        assert _close(_num(o["value"], {}), float(_gelu(sympy.Integer(1)).evalf(30)))
    elif command == "limit":
        want = float(sympy.diff(_mish(X), X).subs(X, 1).evalf(30))
        assert _close(_num(o["exact"], {}), want)
        assert abs(o["rows"][-1]["float"] - want) < 1e-3
    elif command == "taylor":
        # gd(x) = x - x^3/6 + ...
        assert [_num(c, {}) for c in o["coefficients"]] == pytest.approx([0, 1, 0, -1 / 6])
    elif command == "descend":
        w = 1.0
        grad = sympy.lambdify(X, sympy.diff(_gelu(X) + X**2, X))
        for _ in range(5):
            w -= 0.1 * grad(w)
        assert o["iterations"][5]["point"][0] == pytest.approx(w, rel=1e-9)
    elif command == "backprop":
        f = _gelu(X * Y) + _gd(X)
        for v, s in (("x", X), ("y", Y)):
            want = float(sympy.diff(f, s).subs({X: 1, Y: 2}).evalf(30))
            assert _close(_num(o["gradient"][v], {}), want)


@pytest.mark.parametrize("text", ["gelu(x^2)", "mish(3x - 1)", "gd(x)*gelu(x)", "gelu(gd(x))"])
def test_check_verifies_every_step_of_a_new_function(text):
    r = _run(["derive", text, "--check"], "json")
    check = json.loads(r.stdout)["check"]
    assert check["ok"] is True
    assert check["final"]["status"] == "ok"
    assert [s for s in check["steps"] if s["status"] != "ok"] == []


def test_exact_values_and_parity_of_a_new_function():
    r = _run(["derive", "x*gd(x)", "--at", "x=0"], "json")  # gd(0) = 0 from values
    assert json.loads(r.stdout)["value"] == "0"
    r = _run(["tangent", "gelu(x)", "--at", "x=0"], "json")
    assert json.loads(r.stdout)["value"] == "0"


# -- erf and erfc: entries of rules/special.toml, through the installed command -----------------


def _calcdiff(*args) -> subprocess.CompletedProcess:
    exe = shutil.which("calcdiff", path=str(Path(sys.executable).parent)) or shutil.which(
        "calcdiff")
    if exe is None:
        pytest.skip("the calcdiff command is not installed")
    return subprocess.run([exe, *args], capture_output=True, text=True, timeout=120, check=False)


def test_erf_derivative_value_and_check_through_the_installed_command():
    r = _calcdiff("derive", "erf(x^2)", "--at", "x=1", "--check", "-f", "json")
    assert r.returncode == 0, r.stderr
    o = json.loads(r.stdout)
    want = sympy.diff(sympy.erf(X**2), X)
    got = to_sympy(parse(o["derivative"]).expr)
    assert sympy.simplify(got.subs(sympy.Symbol("x"), X) - want) == 0
    assert o["value"] == "4*exp(-1)/sqrt(pi)"
    assert math.isclose(o["value_float"], float(want.subs(X, 1)), rel_tol=1e-12)
    assert o["check"]["ok"] is True and o["check"]["final"]["status"] == "ok"
    assert len(o["check"]["steps"]) >= 4
    assert all(s["status"] == "ok" for s in o["check"]["steps"])


@pytest.mark.parametrize("fmt", FORMATS)
def test_erf_in_every_format(fmt):
    r = _calcdiff("derive", "erf(x^2) + erfc(x)", "-f", fmt)
    assert r.returncode == 0 and r.stdout.strip(), r.stderr
    if fmt in ("latex", "markdown"):
        assert "\\operatorname{erf}" in r.stdout and "\\operatorname{erfc}" in r.stdout


@pytest.mark.parametrize("text, at, value", [
    ("x*erf(x)", "x=0", "0"),  # erf(0) = 0
    ("x*erfc(x)", "x=0", "1"),  # erfc(0) = 1
    ("erf(x)", "x=0", "2/sqrt(pi)"),
    ("erfc(x)", "x=0", "-2/sqrt(pi)"),
])
def test_erf_exact_values(text, at, value):
    r = _calcdiff("derive", text, "--at", at, "-f", "json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["value"] == value


def test_erf_in_the_simplifier_and_other_commands():
    for args in (["derive", "erf(x)^2 - erfc(x)^2", "--simplify", "full"],
                 ["derive", "erf(-x) + erf(x)"],
                 ["tangent", "erf(x)", "--at", "x=0"],
                 ["taylor", "erf(x)", "--at", "x=0", "-n", "3"],
                 ["backprop", "erf(x*y)", "--at", "x=1,y=0"]):
        r = _calcdiff(*args, "-f", "json")
        assert r.returncode == 0, (args, r.stderr)
    r = _calcdiff("taylor", "erf(x)", "--at", "x=0", "-n", "3", "-f", "json")
    coefficients = [to_sympy(parse(c).expr) for c in json.loads(r.stdout)["coefficients"]]
    assert [sympy.simplify(c) for c in coefficients] == [0, 2 / sympy.sqrt(sympy.pi), 0,
                                                         -2 / (3 * sympy.sqrt(sympy.pi))]


# -- every built-in entry against SymPy ---------------------------------------------------------

ONE_ARG = [r for r in RULES if 1 in r.arity]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_sympy_knows_every_entry(rule):
    """Its ``sympy`` name is one of SymPy's functions, or its definition says how SymPy
    gets it; either way SymPy differentiates it like the table does."""
    assert callable(getattr(sympy.functions, rule.sympy, None)) or rule.definition is not None


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_float_evaluation_agrees_with_sympy(rule):
    funcs = float_functions()
    f = sympy_function(rule.function)
    n = 3 if rule.arity == (2,) else None
    compared = 0
    for u in sample_points(rule, n):
        args = (u,) if n is None else (u, n)
        want = complex(f(*(sympy.Float(a, 30) for a in args)).evalf(30))
        if want.imag:  # SymPy's principal branch (cbrt of a negative number)
            continue
        got = funcs[rule.function](*args)
        assert _close(got, want.real, 1e-11), (rule.id, u, got, want)
        compared += 1
    assert compared >= 4, rule.id


@pytest.mark.parametrize("rule", [r for r in RULES if r.values], ids=lambda r: r.id)
def test_exact_values_agree_with_sympy(rule):
    f = sympy_function(rule.function)
    for a, b in rule.values.items():
        fa, sb = f(to_sympy(a)), to_sympy(b)
        assert abs(complex(sympy.N(fa - sb, 30))) < 1e-25, (rule.id, a, b)
        # and calcdiff's own floats agree
        assert _close(float_functions()[rule.function](float(sympy.N(to_sympy(a)))),
                      float(sympy.N(sb)), 1e-12)


def _mirror(rule):
    """(points compared, odd holds everywhere, even holds everywhere) with SymPy at u and -u."""
    f = sympy_function(rule.function)
    compared, odd, even = 0, True, True
    for u in sample_points(rule) + [-p for p in sample_points(rule)]:
        a = complex(f(sympy.Float(u, 30)).evalf(30))
        b = complex(f(sympy.Float(-u, 30)).evalf(30))
        if a.imag or b.imag or not (math.isfinite(a.real) and math.isfinite(b.real)):
            continue
        compared += 1
        odd &= abs(b.real + a.real) < 1e-20 * max(1.0, abs(a.real))
        even &= abs(b.real - a.real) < 1e-20 * max(1.0, abs(a.real))
    return compared, odd, even


@pytest.mark.parametrize("rule", [r for r in ONE_ARG if r.arity == (1,)], ids=lambda r: r.id)
def test_parity_agrees_with_sympy(rule):
    compared, odd, even = _mirror(rule)
    if rule.parity is None:  # not declared: then it is neither (no parity forgotten)
        assert compared == 0 or not (odd or even), rule.id
        return
    if compared == 0:  # SymPy's principal cbrt is complex at -u: use calcdiff's floats
        funcs = float_functions()
        for u in sample_points(rule):
            a, b = funcs[rule.function](u), funcs[rule.function](-u)
            assert _close(b, -a if rule.parity == "odd" else a, 1e-12)
        return
    assert {"odd": odd, "even": even}[rule.parity], rule.id


def test_every_latex_name_compiles(tmp_path):
    heads = {rule.function: rule.latex for rule in RULES}
    for name, head in heads.items():
        assert re.fullmatch(r"\\[A-Za-z]+(\{[A-Za-z0-9]+\})?", head), (name, head)
    if shutil.which("pdflatex") is None:
        pytest.skip("pdflatex is not installed")
    body = "\n".join(f"\\[ {head}\\left(x\\right) \\]" for head in heads.values())
    (tmp_path / "names.tex").write_text(
        "\\documentclass{article}\n\\usepackage{amsmath}\n\\begin{document}\n"
        f"{body}\n\\end{{document}}\n")
    r = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "names.tex"],
                       cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False)
    assert r.returncode == 0, r.stdout[-2000:]


# -- the fields are validated ---------------------------------------------------------------------

ENTRY = '''
[[rule]]
id = "d-foo"
function = "foo"
derivative = "cos(u)"
explain = "test"
definition = "sin(u)"
'''


@pytest.mark.parametrize("extra, words", [
    ('parity = "both"', ["parity must be 'odd' or 'even'"]),
    ('numeric = "math.nosuch"', ["math has no such function"]),
    ('numeric = "math.__loader__"', ["math has no such function"]),
    ('numeric = "kernel.gelu"', ["no such kernel"]),
    ('numeric = "foo(u)/2"', ["calls 'foo' itself"]),
    ('numeric = "sin(x)"', ["numeric", "unknown name 'x'"]),
    ('values = { "0" = "x" }', ["values", "unknown name 'x'"]),
    ('values = { "0" = 1 }', ["values must be a table of strings"]),
    ('identities = "sin(u) -> u"', ["identities must be a list"]),
    ('sympy = "sympy.sin"', ["must be a plain name"]),
])
def test_bad_fields_are_refused(extra, words):
    with pytest.raises(RuleFileError) as info:
        table = load_files([("bad.toml", ENTRY + extra + "\n")], base=builtin_table())
        for rule in table.functions.values():
            rule.numeric, rule.values  # noqa: B018 - parsing happens on first use
    for w in words:
        assert w in info.value.message, info.value.message


def test_identities_load_unparsed():
    table = load_files([("id.toml", ENTRY + 'identities = ["foo(asin(u)) -> u"]\n')],
                       base=builtin_table())
    assert table.functions["foo"].identities == ("foo(asin(u)) -> u",)


def test_builtin_fields_are_exposed():
    table = builtin_table()
    sin = table.functions["sin"]
    assert sin.parity == "odd" and sin.latex == "\\sin" and sin.sympy == "sin"
    assert sin.values[parse("pi/6").expr] == parse("1/2").expr
    assert table.functions["abs"].sympy == "Abs"
    assert table.functions["sigmoid"].latex == "\\operatorname{sigmoid}"
    assert table.functions["erf"].parity == "odd"


def test_version_does_not_import_sympy_or_read_the_rules():
    code = ("import sys\nfrom click.testing import CliRunner\nfrom calcdiff.cli import main\n"
            "r = CliRunner().invoke(main, ['--version'])\nassert r.exit_code == 0\n"
            "print(sorted(m for m in sys.modules if m.startswith(('sympy', 'calcdiff.read.parser',"
            " 'calcdiff.table', 'calcdiff.algebra.evaluate'))))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                       check=False)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[]"


def test_no_eval_or_exec_in_the_package():
    package = Path(__file__).parent.parent / "calcdiff"
    pattern = re.compile(r"\b(eval|exec|sympify|parse_expr)\s*\(")
    for path in package.rglob("*.py"):
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            assert not pattern.search(code) or "evalf" in code, f"{path.name}:{i}: {line}"


@pytest.mark.parametrize("fmt, partial", [
    ("text", "  ∂/∂n atan2(u, n) = -u/(u^2 + n^2)\n"), ("json", '"partial_n": "-u/(u^2 + n^2)"'),
    ("markdown", r"\frac{\partial}{\partial n}"), ("rich", "∂/∂n atan2(u, n)"),
])
def test_a_two_argument_rule_states_both_arguments_and_both_partials(fmt, partial):
    # text said d/du atan2(u) = n/(u^2 + n^2): one argument, and the n never introduced;
    # no format gave ∂/∂n
    from calcdiff.cli import main

    r = CliRunner(env={"COLUMNS": "120"}).invoke(main, ["rules", "atan2", "-f", fmt])
    assert r.exit_code == 0
    assert partial in r.stdout
    assert "atan2(u)" not in r.stdout
