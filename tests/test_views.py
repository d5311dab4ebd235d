"""The exploring, learning and rules commands in every format: natively (no verbatim or code
block fallback), LaTeX that compiles, rich that fits 80 columns, JSON with SPEC §8's fields,
and the views' interface (``VIEWS[format][result type]``, LaTeX as a body)."""

from __future__ import annotations

import io
import json
import os
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.console import Console

from calcdiff.cli import main
from calcdiff.commands.explore import limit, tangent, taylor
from calcdiff.commands.backprop import backprop
from calcdiff.commands.learn import descend
from calcdiff.commands.rules_view import describe_rule, list_rules
from calcdiff.render import explore as explore_views
from calcdiff.render import learn as learn_views
from calcdiff.render import rules as rules_views
from calcdiff.results_explore import LimitTable, Tangent, Taylor
from calcdiff.results_learn import Backprop, Descent
from calcdiff.results_rules import RuleEntry, RuleListing

FIXTURES = Path(__file__).parent / "fixtures" / "views"
FORMATS = ("text", "json", "markdown", "latex", "rich")

CASES = {
    "tangent": 'tangent "x^2 - 2x" --at x=1',
    "tangent_sin": 'tangent "sin x" --at x=pi/4',
    "limit": 'limit "x^2" --at x=1',
    "limit_central": 'limit "sin x" --at x=1 --rows 8 --central',
    "taylor_exp": 'taylor "exp(x)" --at x=0 -n 4',
    "taylor_sin": 'taylor "sin x" --at x=0',
    "taylor_shifted": 'taylor "1/(1-x)" --at x=2 -n 3 --no-steps',
    "descend": 'descend "(w - 2.3)^2" --from w=9 --lr 0.075',
    "descend_2d": 'descend "x^2 + 3y^2" --from x=1,y=1 --lr 0.1 --no-steps',
    "backprop": 'backprop "sigmoid(w*x + b)" --at w=1,x=2,b=-1',
    "backprop_let": ('backprop "L" --let "z=w*x+b" --let "a=sigmoid(z)" --let "L=(a-y)^2" '
                     '--at w=0.5,x=2,b=-1,y=1'),
    "rules": "rules",
    "rules_tan": "rules tan",
    "rules_quotient": "rules quotient",
}

# SPEC §8 (and §3 for rules): the fields each JSON object carries
JSON_FIELDS = {
    "tangent": {"input", "expr", "at", "value", "slope", "tangent", "normal", "derivation"},
    "limit": {"input", "expr", "at", "exact", "rows"},
    "taylor": {"input", "expr", "at", "order", "polynomial", "coefficients", "remainder",
               "derivation"},
    "descend": {"input", "expr", "vars", "gradient", "lr", "iterations", "converged", "final"},
    "backprop": {"input", "expr", "at", "nodes", "gradient"},
}


def run(command: str, fmt: str):
    env = {"COLUMNS": "80", "NO_COLOR": "1"}
    return CliRunner().invoke(main, shlex.split(command) + ["-f", fmt], env=env,
                              catch_exceptions=False)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("case", sorted(CASES))
def test_every_command_in_every_format(case, fmt):
    r = run(CASES[case], fmt)
    assert r.exit_code == 0, r.stderr
    out = r.stdout
    assert out.strip()
    assert "verbatim" not in out and "```" not in out
    if fmt == "markdown":
        assert "$" in out  # the math is LaTeX in $...$
    if fmt == "latex":
        assert out.isascii() and "\\begin{document}" in out
        assert "\\begin{tabular}" in out or "\\begin{align*}" in out
    if fmt == "rich":
        assert max(len(line) for line in out.splitlines()) <= 80
    if fmt == "json":
        obj = json.loads(out)
        command = CASES[case].split()[0]
        if command == "rules":
            assert ("functions" in obj and "structural" in obj) or {"kind", "id"} <= set(obj)
        else:
            missing = JSON_FIELDS[command] - set(obj) - ({"derivation"} if "--no-steps" in
                                                        CASES[case] else set())
            assert not missing


def test_json_row_and_node_fields():
    rows = json.loads(run(CASES["limit"], "json").stdout)["rows"]
    assert set(rows[0]) >= {"h", "quotient", "quotient_float", "float", "error"}
    assert rows[0]["h"] == "1/10" and rows[0]["quotient"] == "21/10"
    its = json.loads(run(CASES["descend"], "json").stdout)["iterations"]
    assert set(its[0]) >= {"k", "point", "value", "gradient"}
    nodes = json.loads(run(CASES["backprop"], "json").stdout)["nodes"]
    assert set(nodes[0]) >= {"id", "expr", "op", "inputs", "value", "local", "grad"}


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed")
@pytest.mark.parametrize("case", sorted(CASES))
def test_latex_compiles(case, tmp_path):
    r = run(CASES[case], "latex")
    assert r.exit_code == 0
    (tmp_path / "doc.tex").write_text(r.stdout, encoding="ascii")
    done = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stdout[-3000:]
    assert (tmp_path / "doc.pdf").stat().st_size > 1000
    log = (tmp_path / "doc.log").read_text(errors="replace")
    assert "Overfull \\hbox" not in log or case.startswith("rules")


# -- the views themselves: one table per format, keyed by result type -------------------------


def _results():
    return [
        tangent("x^2 - 2x", "x=1"),
        limit("sin x", "x=1", rows=3),
        taylor("sin x", "x=0", 3),
        descend("(w - 2.3)^2", "w=9", "0.075"),
        backprop("sigmoid(w*x + b)", "w=1,x=2,b=-1"),
        backprop("L", "w=1/2,x=2,b=-1,y=1", lets=["z=w*x+b", "a=sigmoid(z)", "L=(a-y)^2"]),
        list_rules(),
        describe_rule("tan"),
        describe_rule("quotient"),
    ]


def test_views_cover_every_type_in_every_format():
    types = {Tangent, LimitTable, Taylor, Descent, Backprop, RuleListing, RuleEntry}
    for fmt in FORMATS:
        covered = set(explore_views.VIEWS[fmt]) | set(learn_views.VIEWS[fmt]) \
            | set(rules_views.VIEWS[fmt])
        assert types <= covered, fmt


def _view(fmt, obj):
    for module in (explore_views, learn_views, rules_views):
        if type(obj) in module.VIEWS[fmt]:
            return module.VIEWS[fmt][type(obj)]
    raise KeyError(type(obj))


@pytest.mark.parametrize("steps", [True, False])
def test_view_return_types(steps):
    for obj in _results():
        assert isinstance(_view("text", obj)(obj, steps), str)
        assert isinstance(_view("json", obj)(obj, steps), dict)
        assert isinstance(_view("markdown", obj)(obj, steps), str)
        body = _view("latex", obj)(obj, steps)
        assert "\\documentclass" not in body and "\\begin{document}" not in body
        assert "verbatim" not in body


def test_rich_fits_80_columns_and_ignores_markup():
    for obj in _results():
        console = Console(width=80, color_system=None, record=True, file=io.StringIO())
        console.print(_view("rich", obj)(obj, True))
        text = console.export_text()
        assert text.strip()
        assert max(len(line) for line in text.splitlines()) <= 80
    # user text with console markup prints as written (renderables are Text, never markup)
    obj = tangent("x^2 - 2x", "x=1")
    obj.reading.text = "[bold]x^2 - 2x[/bold]"
    console = Console(width=80, color_system=None, record=True, file=io.StringIO())
    console.print(_view("rich", obj)(obj, False))
    assert "[bold]x^2 - 2x[/bold]" in console.export_text()


def test_latex_is_mathematics():
    obj = taylor("exp(x)", "x=0", 4)
    body = _view("latex", obj)(obj, False)
    assert r"\frac{f^{(5)}(\xi)}{5!}" in body  # the Lagrange remainder
    assert "x^n^-" not in body and "?" not in body
    obj = tangent("x^2 - 2x", "x=1")
    body = _view("latex", obj)(obj, False)
    assert "y &= f(1) + f'(1)\\,(x - 1)" in body
    obj = describe_rule("tan")
    assert r"\frac{d}{du}\, \tan(u) = \sec(u)^{2}" in _view("latex", obj)(obj)


def test_long_descent_is_summarised():
    obj = descend("(w - 2.3)^2", "w=9", "0.075")
    assert len(obj.iterations) > 100
    body = _view("latex", obj)(obj, False)
    assert body.count("\\\\\n") < 30 and "iterations not shown" in body
    assert "lists them all" in _view("markdown", obj)(obj, False)


def test_backprop_backward_pass_reads_the_graph():
    obj = backprop("sigmoid(w*x + b)", "w=1,x=2,b=-1")
    body = _view("latex", obj)(obj, True)
    assert "Backward pass" in body and r"\partial f}{\partial w}" in body


def test_rules_statements_come_from_the_table():
    listing = list_rules()
    body = _view("latex", listing)(listing)
    for entry in listing.structural:
        assert rules_views.statement_math(entry) in body
    md = _view("markdown", listing)(listing)
    assert md.count("\n| ") >= len(listing.structural) + len(listing.functions)


# -- golden files: the Markdown, the LaTeX body and the rich view of two small cases ----------

GOLDEN = {
    "tangent_no_steps": lambda: tangent("x^2 - 2x", "x=1"),
    "rules_tan": lambda: describe_rule("tan"),
}


@pytest.mark.parametrize("fmt", ("markdown", "latex", "rich"))
@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_golden(name, fmt):
    obj = GOLDEN[name]()
    out = _view(fmt, obj)(obj, False)
    if fmt == "rich":
        console = Console(width=80, color_system=None, record=True, file=io.StringIO())
        console.print(out)
        out = console.export_text()
    path = FIXTURES / f"{name}.{fmt}.txt"
    if os.environ.get("CALCDIFF_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(out, encoding="utf-8")
    assert out == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", FORMATS)
def test_rules_of_a_user_file(fmt, tmp_path):
    """A function the package has never seen: its entry in every format, from the file."""
    rule_file = Path(__file__).parent / "fixtures" / "rules" / "swish.toml"
    for command in (f"rules --rules {rule_file}", f"rules swish --rules {rule_file}"):
        r = run(command, fmt)
        assert r.exit_code == 0, r.stderr
        assert "swish" in r.stdout
        if fmt == "latex" and shutil.which("pdflatex"):
            (tmp_path / "doc.tex").write_text(r.stdout, encoding="ascii")
            done = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error",
                                   "doc.tex"], cwd=tmp_path, capture_output=True, text=True,
                                  timeout=120, check=False)
            assert done.returncode == 0, done.stdout[-3000:]
