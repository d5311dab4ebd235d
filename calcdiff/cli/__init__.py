"""The command line: click commands over the library API. The only module importing click.

Options and commands live here, input gathering and printing in :mod:`calcdiff.cli.app`; what
a command computes lives in the library (:mod:`calcdiff.commands`).
"""

from __future__ import annotations

import sys
from dataclasses import replace
from functools import partial

import click

from calcdiff import __version__
from calcdiff.choices import Format, Simplify
from calcdiff.cli.app import EXPR_MARK, App, gather, run_batch, run_one
from calcdiff.errors import CalcdiffError, visible

# ---------------------------------------------------------------------------------------------
# inputs














# ---------------------------------------------------------------------------------------------
# shared options


def _limit_callback(ctx, param, value):
    """--timeout and --limit: the request limits of this invocation (App applies them)."""
    from calcdiff.limits import DEFAULT

    limits = ctx.meta.get("calcdiff.limits", DEFAULT)
    try:
        if param.name == "timeout" and value is not None:
            limits = replace(limits, time=value)
        elif param.name == "limits" and value:
            limits = limits.with_options(value)
    except CalcdiffError as exc:
        raise click.BadParameter(exc.message) from None
    ctx.meta["calcdiff.limits"] = limits


def limit_options(f):
    f = click.option("--limit", "limits", multiple=True, metavar="NAME=VALUE",
                     expose_value=False, callback=_limit_callback,
                     help="Raise a limit (repeatable): memory=MIB (1024), order=N (100), "
                          "sympy=S (3), rules=BYTES (1000000), input=BYTES (67108864). "
                          "See README, Limits.")(f)
    f = click.option("--timeout", type=click.FloatRange(0.1, 86400), metavar="S",
                     expose_value=False, callback=_limit_callback,
                     help="Stop an input after S seconds (default 6): that input fails, "
                          "the others go on.")(f)
    return f


def common_options(f):
    f = limit_options(f)
    f = click.option("--rules", "rule_files", multiple=True, metavar="FILE",
                     help="Add functions from a TOML rule file (repeatable).")(f)
    f = click.option("-f", "--format", "fmt", type=click.Choice(Format.values()),
                     help="Output format (default: rich on a terminal, text otherwise).")(f)
    f = click.option("--vars", "vars_", metavar="x,y,...",
                     help="Declare the variable names (never split; no others allowed).")(f)
    f = click.option("-i", "--input", "files", multiple=True, metavar="FILE",
                     help="Read expressions from FILE, one per line (repeatable).")(f)
    return f


def derive_options(f):
    f = click.option("-j", "--jobs", default=1, show_default=True, type=click.IntRange(1, 64),
                     help="Spread a long batch over N processes (output order unchanged; "
                          "at most one per core: more is lowered to the core count).")(f)
    f = click.option("--check", is_flag=True,
                     help="Verify every step numerically and the answer against SymPy.")(f)
    f = click.option("--steps/--no-steps", default=True, help="Show the derivation.")(f)
    f = click.option("--at", "at", metavar="x=1,y=2", help="Evaluate at a point.")(f)
    f = click.option("--simplify", type=click.Choice(Simplify.values()),
                     default="basic", show_default=True, help="How far to simplify.")(f)
    return f


def function_option(f):
    return click.option("--function", "functions", multiple=True, metavar="NAME",
                        help="Read NAME(...) as an unknown function f(x) (repeatable; any "
                             "length).")(f)


def split_vars(vars_: str | None):
    if vars_ is None:
        return None
    names = [v.strip() for v in vars_.split(",") if v.strip()]
    if not names:
        raise click.BadParameter("expected names separated by commas", param_hint="--vars")
    return names


# An argument that starts with "-" but reads as an expression ("-x^2+3", "-5x",
# "-tanh(x)") is marked with this prefix before click sees it, so that it stays an argument
# instead of becoming an option ("-x" with the value "^2+3"); gather() takes the mark off.
_EXPR_CHARS = frozenset("^*/+()[]{}|!' ²³⁴⁵⁶⁷⁸⁹-")


def looks_like_expression(arg: str, short_options: set) -> bool:
    """``-x^2``, ``-5x``, ``-tanh(x)``, ``-y`` (no option -y): an expression, not an option."""
    if len(arg) < 2 or arg[0] != "-" or arg[1] == "-":
        return False
    if not arg[1].isascii() or not arg[1].isalpha():
        return True  # -5x, -(x+1), -.5x, -√x, -θ
    if any(ch in _EXPR_CHARS for ch in arg[2:]):
        return True  # -x^2+3, -tanh(x), -sin x
    return arg[:2] not in short_options  # -y, -ab: no such option; -x y or -xy: the option


class ExprCommand(click.Command):
    """A command whose arguments are expressions, which may begin with a minus sign."""

    def parse_args(self, ctx, args):
        takes_value, shorts = set(), set()
        for p in self.params:
            if isinstance(p, click.Option):
                names = list(p.opts) + list(p.secondary_opts)
                shorts.update(n for n in names if len(n) == 2)
                if not p.is_flag and not p.count:
                    takes_value.update(p.opts)
        out, value_next = [], False
        for i, a in enumerate(args):
            if a == "--":
                out.extend(args[i:])
                break
            if not value_next and looks_like_expression(a, shorts):
                a = EXPR_MARK + a
            value_next = a in takes_value
            out.append(a)
        return super().parse_args(ctx, out)


class Group(click.Group):
    command_class = ExprCommand

    def format_epilog(self, ctx, formatter):
        if self.epilog:
            formatter.write_paragraph()
            for line in self.epilog.splitlines():
                formatter.write_text(line) if line.strip() else formatter.write_paragraph()


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]},
             epilog="Example:\n  calcdiff derive \"3x^2-4x\"\n  calcdiff parse \"sin x cos x\"")
@click.version_option(__version__, "--version", prog_name="calcdiff")
def main():
    """calcdiff: symbolic derivatives that show their work."""


@main.command()
@click.argument("exprs", nargs=-1)
@function_option
@common_options
def parse(exprs, functions, fmt, vars_, files, rule_files):
    """Show how each expression is read: the explicit form and one note per interpretation.

    \b
    Example:
      calcdiff parse "3x^2 - 4x"
      calcdiff parse "sin x cos x" "sin^-1 x" "log_2 x"
      echo "2(x+1)" | calcdiff parse -f json
    """
    from calcdiff.batch import Job

    app = App(fmt)
    app.load_table(rule_files)
    names = split_vars(vars_)
    job = Job("parse", vars=tuple(names) if names else None, rule_files=tuple(rule_files),
              functions=tuple(functions))
    run_batch(app, gather(exprs, files), job)
    sys.exit(app.exit_code())


@main.command()
@click.argument("exprs", nargs=-1)
@click.option("-x", "--wrt", multiple=True, metavar="VAR",
              help="Differentiate with respect to VAR; repeat for a mixed partial.")
@click.option("-n", "--order", default=1, show_default=True, type=click.IntRange(1),
              help="Repeat the (last) variable N times (at most 100: --limit order=N).")
@click.option("--let", "lets", multiple=True, metavar="NAME=EXPR",
              help="Define an intermediate variable (repeatable): the multivariable chain rule.")
@click.option("--dependent", metavar="VAR",
              help="For an equation: the variable that depends on the -x one (default y).")
@function_option
@derive_options
@common_options
def derive(exprs, wrt, order, lets, dependent, functions, jobs, steps, check, at, simplify, fmt, vars_,
           files, rule_files):
    """Differentiate, step by step: each rule named, its placeholders bound to your
    sub-expressions, ending in a simplified answer.

    \b
    Example:
      calcdiff derive "3x^2-4x"
      calcdiff derive "x^3" --at x=3
      calcdiff derive "x^2 y^3" -x x -x y
      calcdiff derive "sin(x)^2" -n 2 --no-steps
      calcdiff derive -i exercises.txt -f json
      calcdiff derive "u^2*v" --let "u=cos t" --let "v=sin t" -x t
      calcdiff derive "f(x)*g(x)"
      calcdiff derive "x^2 + y^2 = 25" --at x=3,y=4
    """
    from calcdiff.batch import Job

    app = App(fmt, steps)
    app.load_table(rule_files)
    names = split_vars(vars_)
    job = Job("derive", tuple(wrt), order, tuple(lets), at, simplify,
              tuple(names) if names else None, check, tuple(rule_files), dependent=dependent,
              functions=tuple(functions))
    run_batch(app, gather(exprs, files), job, jobs)
    sys.exit(app.exit_code())


def matrix_options(f):
    f = click.option("--layout", type=click.Choice(("denominator", "numerator")),
                     help="Matrix layout of the answer (default: denominator).")(f)
    f = click.option("--scalar", multiple=True, metavar="NAME",
                     help="Declare a scalar symbol of a matrix expression (repeatable).")(f)
    f = click.option("--vector", multiple=True, metavar="x:n[,prob]",
                     help="Declare a column vector and its length (repeatable); prob: its "
                          "entries sum to 1.")(f)
    f = click.option("--matrix", multiple=True, metavar="A:m,n[,sym]",
                     help="Declare a matrix and its shape (repeatable); sym: symmetric.")(f)
    f = click.option("-x", "--wrt", multiple=True, metavar="VAR",
                     help="Matrix expression: differentiate with respect to VAR (repeatable).")(f)
    return f


@main.command()
@click.argument("exprs", nargs=-1)
@click.option("--direction", metavar="1,1",
              help="With --at: the directional derivative along this vector.")
@matrix_options
@function_option
@derive_options
@common_options
def grad(exprs, direction, wrt, matrix, vector, scalar, layout, functions, jobs, steps, check,
         at, simplify, fmt, vars_, files, rule_files):
    """Every partial derivative, each with its derivation and the variables held constant,
    then the gradient vector. Matrix expressions (x^T A x, ‖Xw − y‖^2, or any matrix option)
    get the gradient or Jacobian by matrix rules, in the stated layout.

    \b
    Example:
      calcdiff grad "3x^2 + xy"
      calcdiff grad "x^2 y + sin(y)" --at x=1,y=0
      calcdiff grad "w1*x1 + w2*x2 + b" --vars w1,w2,b,x1,x2
      calcdiff grad "x^2 + 3xy" --at x=1,y=2 --direction 1,1
      calcdiff grad "x^T A x" --wrt x --matrix A:n,n,sym
      calcdiff grad "‖Xw − y‖^2 + λ‖w‖^2" --wrt w --layout numerator
    """
    from calcdiff.batch import Job

    app = App(fmt, steps)
    app.load_table(rule_files)
    names = split_vars(vars_)
    job = Job("grad", wrt=tuple(wrt), at=at, simplify=simplify,
              vars=tuple(names) if names else None, direction=direction,
              functions=tuple(functions), check=check, rule_files=tuple(rule_files),
              matrix=tuple(matrix), vector=tuple(vector), scalar=tuple(scalar), layout=layout)
    run_batch(app, gather(exprs, files), job, jobs)
    sys.exit(app.exit_code())


@main.command()
@click.argument("exprs", nargs=-1)
@derive_options
@common_options
def hessian(exprs, jobs, steps, check, at, simplify, fmt, vars_, files, rule_files):
    """The matrix of second partial derivatives; at a critical point, its classification.

    \b
    Example:
      calcdiff hessian "x^2 + y^2" --at x=0,y=0
      calcdiff hessian "x^3 - 3x y^2" --no-steps
    """
    from calcdiff.batch import Job

    app = App(fmt, steps)
    app.load_table(rule_files)
    names = split_vars(vars_)
    job = Job("hessian", at=at, simplify=simplify, vars=tuple(names) if names else None,
              check=check, rule_files=tuple(rule_files))
    run_batch(app, gather(exprs, files), job, jobs)
    sys.exit(app.exit_code())


@main.command()
@click.argument("exprs", nargs=-1)
@derive_options
@common_options
def jacobian(exprs, jobs, steps, check, at, simplify, fmt, vars_, files, rule_files):
    """The Jacobian matrix: one row per function, one column per variable.

    \b
    Example:
      calcdiff jacobian "x^2 y" "5x + sin y"
      calcdiff jacobian "r cos(theta)" "r sin(theta)" --vars r,theta
    """
    from calcdiff.commands.multivar import jacobian as jacobian_api

    app = App(fmt, steps)
    table = app.load_table(rule_files)
    names = split_vars(vars_)
    items = gather(exprs, files)
    if not items:
        sys.exit(0)
    for item in items:
        if item.error is not None:
            app.fail(item.error, item)
            sys.exit(app.exit_code())
    run_one(app, partial(jacobian_api, check=check), [i.text for i in items], names, at,
            simplify, table)
    sys.exit(app.exit_code())


def _explore_options(f):
    f = click.option("--at", "at", required=True, metavar="x=1", help="The point.")(f)
    f = click.option("--steps/--no-steps", default=True, help="Show the derivation.")(f)
    f = click.option("--simplify", type=click.Choice(Simplify.values()),
                     default="basic", show_default=True, help="How far to simplify.")(f)
    return f


def _plot_option(f):
    return click.option(
        "--plot", "plot", metavar="FILE", is_flag=False, flag_value="-", default=None,
        help="Draw the plot to FILE (.png or .svg); without FILE, a compact plot in the "
             "terminal. Needs the plot extra: pip install 'calcdiff[plot]'.")(f)


def _run_explore(command, exprs, files, fmt, vars_, rule_files, plot=None, **fields):
    from calcdiff.batch import Job

    app = App(fmt, fields.pop("steps", True))
    app.load_table(rule_files)
    names = split_vars(vars_)
    job = Job(command, vars=tuple(names) if names else None, rule_files=tuple(rule_files),
              **fields)
    items = gather(exprs, files)
    run_batch(app, items, job)
    if plot and app.failed == 0 and items:
        from calcdiff.batch import compute, table_for
        from calcdiff.plot import PlotError, plot_result

        try:
            message = plot_result(compute(job, items[0].text, table_for(job.rule_files)), plot)
        except PlotError as exc:
            click.echo(f"error: {visible(str(exc))}", err=True)
            sys.exit(1)
        # a file's confirmation, or the terminal plot with JSON output, goes to stderr so that
        # stdout stays one result per input
        click.echo(message if plot == "-" else visible(message),
                   err=plot != "-" or app.fmt == "json")
    sys.exit(app.exit_code())


@main.command()
@click.argument("exprs", nargs=-1)
@_explore_options
@_plot_option
@common_options
def tangent(exprs, at, steps, simplify, plot, fmt, vars_, files, rule_files):
    """The tangent line y = f(a) + f′(a)(x − a) and the normal line at a point.

    \b
    Example:
      calcdiff tangent "3x^2-4x" --at x=1
      calcdiff tangent "sin x" --at x=pi/4 --plot tangent.png
    """
    _run_explore("tangent", exprs, files, fmt, vars_, rule_files, plot, at=at, steps=steps,
                 simplify=simplify)


@main.command()
@click.argument("exprs", nargs=-1)
@_explore_options
@click.option("--h", "h", default="0.1", show_default=True, help="The first step size.")
@click.option("--rows", default=5, show_default=True, type=click.IntRange(1, 30),
              help="Number of rows; each divides h by 10.")
@click.option("--central", is_flag=True, help="The central difference (f(a+h) − f(a−h))/2h.")
@click.option("--wrt", metavar="VAR", help="At a point of several variables: the partial "
              "derivative's quotient in VAR, the others held fixed.")
@common_options
def limit(exprs, at, steps, simplify, h, rows, central, wrt, fmt, vars_, files, rule_files):
    """The difference quotient (f(a+h) − f(a))/h for shrinking h, exactly and in floating
    point, next to the exact derivative.

    \b
    Example:
      calcdiff limit "3x^2-4x" --at x=1
      calcdiff limit "sin x" --at x=1 --rows 12 --central
      calcdiff limit "x^2 y^3" --at x=1,y=2 --wrt y
      calcdiff limit "|x|" --at x=0
      calcdiff limit "(1+1/n)^n" --at n=oo
    """
    _run_explore("limit", exprs, files, fmt, vars_, rule_files, at=at, steps=steps,
                 simplify=simplify, h=h, rows=rows, central=central,
                 wrt=(wrt,) if wrt else ())


@main.command()
@click.argument("exprs", nargs=-1)
@_explore_options
@click.option("-n", "--order", default=None, type=click.IntRange(0, 30),
              help="The order of the polynomial (default 4; 2 in several variables).")
@_plot_option
@common_options
def taylor(exprs, at, steps, simplify, order, plot, fmt, vars_, files, rule_files):
    """The Taylor polynomial of order n: each coefficient f⁽ᵏ⁾(a)/k! with its derivative,
    and the remainder term.

    \b
    Example:
      calcdiff taylor "exp(x)" --at x=0 -n 4
      calcdiff taylor "ln(1+x)" --at x=0 -n 3 --plot taylor.svg
      calcdiff taylor "exp(x) sin(y)" --at x=0,y=0
    """
    _run_explore("taylor", exprs, files, fmt, vars_, rule_files, plot, at=at, steps=steps,
                 simplify=simplify, order=order)


@main.command()
@click.argument("exprs", nargs=-1)
@click.option("--from", "start", required=True, metavar="w=9", help="The starting point.")
@click.option("--lr", default="0.1", show_default=True, help="The learning rate (step size).")
@click.option("-k", "--iterations", default=1000, show_default=True,
              type=click.IntRange(1, 100_000), help="At most this many iterations.")
@click.option("--tol", default=1e-9, show_default=True, type=float,
              help="Stop when |∇f| is below this.")
@click.option("--method", default="gd", show_default=True,
              type=click.Choice(["gd", "momentum", "adam", "newton"]),
              help="The update: plain gradient descent, momentum, Adam, or Newton's method.")
@click.option("--momentum", metavar="β", help="Momentum's β (default 0.9), or Adam's β₁.")
@click.option("--data", metavar="FILE",
              help="A CSV file of samples (header: column names); the loss is averaged.")
@click.option("--batch-size", type=int, metavar="N",
              help="With --data: samples per step (1: SGD; default: all, full batch).")
@click.option("--epochs", type=int, metavar="N", help="With --data: passes over the data "
              "(default 100).")
@click.option("--seed", type=int, metavar="N", help="With --data: the shuffling seed "
              "(default 0).")
@click.option("--every", default=1, show_default=True, type=click.IntRange(1, 100_000),
              metavar="K", help="Show every K-th iteration.")
@click.option("--steps/--no-steps", default=True, help="Show the gradient's derivation.")
@click.option("--simplify", type=click.Choice(Simplify.values()), default="basic",
              show_default=True, help="How far to simplify.")
@_plot_option
@common_options
def descend(exprs, start, lr, iterations, tol, method, momentum, data, batch_size, epochs,
            seed, every, steps, simplify, plot, fmt, vars_, files, rule_files):
    """Gradient descent on your function, or on a loss averaged over a data file: the
    gradient derived once and shown, then every iteration until it converges, and what kind
    of point it reached.

    \b
    Example:
      calcdiff descend "(w-2.3)^2" --from w=9 --lr 0.075
      calcdiff descend "x^2 + 3y^2" --from x=1,y=1 --lr 0.1 --plot path.png
      calcdiff descend "(w*x + b - y)^2" --data points.csv --from w=0,b=0 --lr 0.01
      calcdiff descend "(w*x + b - y)^2" --data points.csv --from w=0,b=0 --method adam \\
          --batch-size 4 --epochs 50 --seed 1
    """
    _run_explore("descend", exprs, files, fmt, vars_, rule_files, plot, start=start, lr=lr,
                 iterations=iterations, tol=tol, steps=steps, simplify=simplify, data=data,
                 batch_size=batch_size, epochs=epochs, seed=seed, method=method,
                 momentum=momentum, every=every)


@main.command()
@click.argument("exprs", nargs=-1)
@click.option("--from", "start", required=True, metavar="x=1", help="The starting point.")
@click.option("-k", "--iterations", default=50, show_default=True,
              type=click.IntRange(1, 1000), help="At most this many steps.")
@click.option("--tol", default=1e-10, show_default=True, type=float,
              help="Stop when |∇f| is below this.")
@click.option("--steps/--no-steps", default=True, help="(Accepted for uniformity.)")
@click.option("--simplify", type=click.Choice(Simplify.values()), default="basic",
              show_default=True, help="How far to simplify.")
@common_options
def newton(exprs, start, iterations, tol, steps, simplify, fmt, vars_, files, rule_files):
    """Newton's method x ← x − H⁻¹∇f: the gradient and Hessian derived once, each step's
    solve H·Δ = −∇f, and what kind of point it reached.

    \b
    Example:
      calcdiff newton "x^4 - 3x^2 + x" --from x=2
      calcdiff newton "(x-1)^2 + 10(y-x^2)^2" --from x=0,y=0
    """
    _run_explore("newton", exprs, files, fmt, vars_, rule_files, start=start,
                 iterations=iterations, tol=tol, steps=steps, simplify=simplify)


@main.command()
@click.argument("exprs", nargs=-1)
@click.option("--at", "at", required=True, metavar="x=3", help="The input values.")
@click.option("--let", "lets", multiple=True, metavar="NAME=EXPR",
              help="Name an intermediate node (repeatable).")
@click.option("--lr", metavar="η", help="Add the update step w ← w − η·∂f/∂w.")
@click.option("--params", metavar="w,b", help="The parameters --lr updates (default: every "
              "input).")
@click.option("--check", is_flag=True, help="Compare each partial with a central difference.")
@click.option("--steps/--no-steps", default=True, help="(Accepted for uniformity.)")
@click.option("--simplify", type=click.Choice(Simplify.values()), default="basic",
              show_default=True, help="How far to simplify.")
@common_options
def backprop(exprs, at, lets, lr, params, check, steps, simplify, fmt, vars_, files,
             rule_files):
    """Backpropagation step by step: the expression as a computational graph, each node's
    forward value and local derivatives, then the backward pass to every input.

    \b
    Example:
      calcdiff backprop "x^3" --at x=3
      calcdiff backprop "L" --let "z=w*x+b" --let "a=sigmoid(z)" --let "L=(a-y)^2" \\
          --at w=0.5,x=2,b=-1,y=1
    """
    _run_explore("backprop", exprs, files, fmt, vars_, rule_files, at=at, lets=tuple(lets),
                 steps=steps, simplify=simplify, lr=lr, params=params, check=check)


@main.command()
@click.argument("exprs", nargs=-1)
@click.option("--answer", metavar="EXPR",
              help="The answer to grade (else each input line is EXPR ; ANSWER, CSV or JSON).")
@click.option("-x", "--wrt", metavar="VAR", help="The variable of the derivative.")
@click.option("--summary", is_flag=True,
              help="Also write the count per mistake to the output (it always goes to stderr "
                   "for a batch).")
@click.option("--steps/--no-steps", default=True, help="Show the correct derivation.")
@click.option("--simplify", type=click.Choice(Simplify.values()), default="basic",
              show_default=True, help="How far to simplify the correct derivative.")
@common_options
def grade(exprs, answer, wrt, summary, steps, simplify, fmt, vars_, files, rule_files):
    """Grade a derivative: correct (in any equivalent form), or wrong with the mistake named
    — which rule, at which step, what was done and what the rule gives.

    \b
    Example:
      calcdiff grade "x^2 sin x" --answer "2x sin x + x^2 cos x"
      calcdiff grade "x^2 sin x" --answer "2x cos x"
      calcdiff grade "x^2 y" --wrt y --answer "x^2"
      calcdiff grade "x^2 y" --answer "(2xy, x^2)"
      calcdiff grade -i class.csv -f json --summary
    """
    from calcdiff.batch import Job
    from calcdiff.cli.grading import GradeApp, grade_items, run_grades

    app = GradeApp(fmt, steps)
    app.load_table(rule_files)
    names = split_vars(vars_)
    job = Job("grade", (wrt,) if wrt else (), simplify=simplify,
              vars=tuple(names) if names else None, rule_files=tuple(rule_files), answer=answer)
    run_grades(app, grade_items(gather(exprs, files)), job, summary)
    sys.exit(app.exit_code())


@main.command()
@click.argument("name", required=False)
@click.option("-f", "--format", "fmt", type=click.Choice(Format.values()),
              help="Output format (default: text).")
@click.option("--rules", "rule_files", multiple=True, metavar="FILE",
              help="Include the functions of a TOML rule file (repeatable).")
@limit_options
def rules(name, fmt, rule_files):
    """The rule table: every function's derivative and every structural rule, or one entry.

    \b
    Example:
      calcdiff rules
      calcdiff rules tan
      calcdiff rules quotient -f json
    """
    from calcdiff.commands.rules_view import describe_rule, list_rules

    app = App(fmt or "text")
    table = app.load_table(rule_files)
    try:
        obj = list_rules(table) if name is None else describe_rule(name, table)
    except CalcdiffError as exc:
        app.fail(exc, None)
        sys.exit(1)
    app.emit(obj)
    sys.exit(app.exit_code())


if __name__ == "__main__":  # pragma: no cover
    main()
