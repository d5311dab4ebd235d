"""The Python API mirrors the command line: every command is a function of ``calcdiff`` with
the command's options as parameters, listed by ``dir(calcdiff)``, returning a result that
renders in every format."""

from __future__ import annotations

import inspect

import pytest

import calcdiff
from calcdiff.choices import Format, Simplify
from calcdiff.cli import main
from calcdiff.errors import UsageError
from calcdiff.render import render

# options that belong to the command line only: where input comes from, how output is
# printed, worker processes, plots, the --rules files (the API takes a loaded ``table``)
CLI_ONLY = {"exprs", "name", "files", "fmt", "steps", "jobs", "plot", "rule_files", "summary",
            "timeout", "limits"}
# the command line's spelling -> the API's
RENAMED = {"vars_": "vars"}


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_is_a_function_with_the_same_options(command):
    assert command in dir(calcdiff)
    fn = getattr(calcdiff, command)
    params = set(inspect.signature(fn).parameters)
    options = {RENAMED.get(p.name, p.name) for p in main.commands[command].params} - CLI_ONLY
    assert options <= params, f"{command}: the API lacks {sorted(options - params)}"
    assert "table" in params


def test_dir_lists_the_api():
    names = set(dir(calcdiff))
    assert {"derive", "grad", "hessian", "jacobian", "parse", "tangent", "limit", "taylor",
            "descend", "backprop", "directional", "rules", "load_rules", "simplify"} <= names


CALLS = {
    "derive": lambda: calcdiff.derive("3x^2-4x", at="x=1"),
    "grad": lambda: calcdiff.grad("3x^2 + xy", at="x=1,y=2", check=True),
    "hessian": lambda: calcdiff.hessian("x^3 y", check=True),
    "jacobian": lambda: calcdiff.jacobian(["x^2 y", "5x + sin y"]),
    "parse": lambda: calcdiff.parse("sin x cos x"),
    "tangent": lambda: calcdiff.tangent("x^2 - 2x", at="x=1"),
    "limit": lambda: calcdiff.limit("x^2", at="x=1"),
    "taylor": lambda: calcdiff.taylor("exp(x)", at="x=0", order=3),
    "descend": lambda: calcdiff.descend("(w - 2.3)^2", start="w=9", lr="0.075"),
    "backprop": lambda: calcdiff.backprop("sigmoid(w*x + b)", at="w=1,x=2,b=-1"),
    "rules": lambda: calcdiff.rules("tan"),
    "grade": lambda: calcdiff.grade("x^2 sin x", answer="2x cos x"),
}


@pytest.mark.parametrize("command", sorted(CALLS))
@pytest.mark.parametrize("fmt", [f for f in Format.values() if f != "rich"])
def test_every_result_renders_in_every_format(command, fmt):
    out = render(CALLS[command](), fmt)
    assert isinstance(out, str) and out.strip()


def test_answers_through_the_api():
    assert str(calcdiff.derive("3x^2-4x")) == "6*x - 4"
    assert str(calcdiff.derive("3x^2-4x", at="x=1").value) == "2"
    g = calcdiff.grad("3x^2 + xy", check=True)
    assert [str(e) for e in g.gradient] == ["6*x + y", "x"]
    assert all(p.check is not None and p.check.ok for p in g.partials)
    assert str(calcdiff.tangent("x^2 - 2x", at="x=1").tangent) == "-1"
    assert str(calcdiff.limit("x^2", at="x=1").exact) == "2"
    assert str(calcdiff.taylor("exp(x)", at="x=0", order=2).polynomial) == "x**2/2 + x + 1"
    assert abs(calcdiff.descend("(w - 2.3)^2", start="w=9", lr="0.075").final[0] - 2.3) < 1e-6
    assert str(calcdiff.backprop("x^3", at="x=3").gradient["x"]) == "27"


def test_choices_are_written_once():
    assert Simplify.values() == ("none", "basic", "full")
    assert Format.values() == ("rich", "text", "markdown", "latex", "json")
    derive = main.commands["derive"]
    by_name = {p.name: p for p in derive.params}
    assert tuple(by_name["simplify"].type.choices) == Simplify.values()
    assert tuple(by_name["fmt"].type.choices) == Format.values()
    with pytest.raises(UsageError, match="--simplify must be one of none, basic, full"):
        calcdiff.derive("x^2", simplify="most")
    with pytest.raises(UsageError):
        calcdiff.grad("x^2", simplify="most")


def test_a_view_on_one_thread_leaves_a_deep_derive_on_another_alone():
    """Showing a result (Jupyter's _repr_markdown_) lowers the recursion limit while it
    prints; it did so while another thread's 400-deep derive ran, which then failed, and the
    limit that derive had raised was left behind for the whole process."""
    import sys
    import threading

    deep = "sin(" * 400 + "x" + ")" * 400
    small = calcdiff.derive("x^2")
    limit = sys.getrecursionlimit()
    errors: list = []
    done = threading.Event()

    def derive_deep():
        for _ in range(4):
            try:
                calcdiff.derive(deep)
            except Exception as exc:  # noqa: BLE001 (what the race raised)
                errors.append(exc)
        done.set()

    def show_small():
        while not done.is_set():
            small._repr_markdown_()

    threads = [threading.Thread(target=derive_deep), threading.Thread(target=show_small)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and sys.getrecursionlimit() == limit


def test_vars_as_one_string_is_names_as_the_option_takes_them():
    # "rate,x" was split into the letters r, a, t, e and "," (a partial by ",")
    g = calcdiff.grad("rate*x", vars="rate,x")
    assert g.vars == ["rate", "x"] and [str(e) for e in g.gradient] == ["x", "rate"]
    assert calcdiff.hessian("w^2 b", vars="w b").vars == ["w", "b"]
    assert str(calcdiff.derive("rate x", vars="rate,x")) == "rate"
    assert calcdiff.jacobian("x^2 y").matrix[0][0] == calcdiff.jacobian(["x^2 y"]).matrix[0][0]


@pytest.mark.parametrize("call, words", [
    (lambda: calcdiff.derive(5), "expr must be a string"),
    (lambda: calcdiff.derive(b"x^2"), "expr must be a string"),
    (lambda: calcdiff.derive("x^3", order=2.5), "order must be a whole number"),
    (lambda: calcdiff.derive("x^3", order="2"), "order must be a whole number"),
    (lambda: calcdiff.derive("x^3", order=True), "order must be a whole number"),
    (lambda: calcdiff.derive("x^2 y", wrt=3), "wrt must be a variable name"),
    (lambda: calcdiff.derive("x^2 y", vars=[""]), "vars: expected names"),
    (lambda: calcdiff.derive("x^2 y", vars=["1x"]), "'1x' is not a name"),
    (lambda: calcdiff.derive("x^2", at=["x=1"]), "at must be a point"),
    (lambda: calcdiff.derive("x^2", at={"x": float("inf")}), "finite number"),
    (lambda: calcdiff.derive("x^2", at={"x": 10 ** 5000}), "more than 4,000 digits"),
    (lambda: calcdiff.derive("x^2", table="x"), "table must be a rule table"),
    (lambda: calcdiff.derive("u^2", wrt="t", lets=[("u", "cos t")]), "lets must be"),
    (lambda: calcdiff.taylor("exp(x)", at="x=0", order=2.5), "order must be a whole"),
    (lambda: calcdiff.limit("x^2", at="x=1", rows="3"), "rows must be a whole number"),
    (lambda: calcdiff.limit("x^2", at="x=1", central="no"), "central must be True or False"),
    (lambda: calcdiff.newton("(w-1)^2", start="w=0", tol=-1), "tol must be a number ≥ 0"),
    (lambda: calcdiff.rules(3), "name must be a string"),
    (lambda: calcdiff.load_rules(None), "paths must be a path"),
    (lambda: calcdiff.simplify("x + x"), "an expression tree"),
    (lambda: calcdiff.derive(), "missing a required argument: 'expr'"),
    (lambda: calcdiff.derive("x", foo=1), "unexpected keyword argument 'foo'"),
])
def test_a_wrong_argument_is_a_usage_error_naming_it(call, words):
    """Bare TypeErrors and AttributeErrors came from inside calcdiff ('int' object has no
    attribute 'rstrip')."""
    with pytest.raises(UsageError) as info:
        call()
    assert words in info.value.message


def test_parse_reads_as_the_parse_command_does():
    # it refused d/dx x^2 ("it must come first") and every equation
    assert calcdiff.parse("d/dx x^2").wrt == ("x",)
    assert calcdiff.parse("x^2 + y^2 = 25").plain == "x**2 + y**2 = 25"
    assert calcdiff.parse("sin x cos x").plain == "sin(x)*cos(x)"


def test_the_argument_checks_keep_what_the_functions_take():
    """The first checks refused an expression tree (which read takes), a Decimal in a point,
    a Path for data and a generator of a Jacobian's rows."""
    from decimal import Decimal

    assert str(calcdiff.derive(calcdiff.parse("x^2").expr)) == "2*x"
    assert str(calcdiff.derive("x^2", at={"x": Decimal("0.5")}).value) == "1"
    assert calcdiff.jacobian(e for e in ["x*y", "x+y"]).vars == ["x", "y"]
    assert calcdiff.limit("x^2", at="x=1", rows=3).exact is not None


def test_a_library_error_names_the_parameter_not_the_option():
    with pytest.raises(UsageError) as info:
        calcdiff.derive("x^2", wrt="1x")
    assert info.value.hint == "write wrt='x', or wrt='theta'"
    with pytest.raises(UsageError) as info:
        calcdiff.limit("x^2", at="x=1", rows=0)
    assert info.value.message.startswith("rows must be between")
