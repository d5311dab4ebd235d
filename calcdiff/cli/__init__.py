"""The command line: click commands over the library API. The only module importing click.

Options and commands live here, input gathering and printing in :mod:`calcdiff.cli.app`; what
a command computes lives in the library (:mod:`calcdiff.commands`).
"""

from __future__ import annotations

import sys

import click

from calcdiff import __version__
from calcdiff.choices import Format, Simplify
from calcdiff.cli.app import EXPR_MARK, App, gather, run_batch
from calcdiff.errors import CalcdiffError

# ---------------------------------------------------------------------------------------------
# inputs














# ---------------------------------------------------------------------------------------------
# shared options


def common_options(f):
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
                     help="Spread a long batch over N processes (output order unchanged).")(f)
    f = click.option("--check", is_flag=True,
                     help="Verify every step numerically and the answer against SymPy.")(f)
    f = click.option("--steps/--no-steps", default=True, help="Show the derivation.")(f)
    f = click.option("--at", "at", metavar="x=1,y=2", help="Evaluate at a point.")(f)
    f = click.option("--simplify", type=click.Choice(Simplify.values()),
                     default="basic", show_default=True, help="How far to simplify.")(f)
    return f


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
@common_options
def parse(exprs, fmt, vars_, files, rule_files):
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
    job = Job("parse", vars=tuple(names) if names else None, rule_files=tuple(rule_files))
    run_batch(app, gather(exprs, files), job)
    sys.exit(app.exit_code())


@main.command()
@click.argument("exprs", nargs=-1)
@click.option("-x", "--wrt", multiple=True, metavar="VAR",
              help="Differentiate with respect to VAR; repeat for a mixed partial.")
@click.option("-n", "--order", default=1, show_default=True, type=click.IntRange(1, 100),
              help="Repeat the (last) variable N times.")
@click.option("--let", "lets", multiple=True, metavar="NAME=EXPR",
              help="Define an intermediate variable (repeatable): the multivariable chain rule.")
@derive_options
@common_options
def derive(exprs, wrt, order, lets, jobs, steps, check, at, simplify, fmt, vars_, files, rule_files):
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
    """
    from calcdiff.batch import Job

    app = App(fmt, steps)
    app.load_table(rule_files)
    names = split_vars(vars_)
    job = Job("derive", tuple(wrt), order, tuple(lets), at, simplify,
              tuple(names) if names else None, check, tuple(rule_files))
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
@derive_options
@common_options
def grad(exprs, direction, wrt, matrix, vector, scalar, layout, jobs, steps, check, at,
         simplify, fmt, vars_, files, rule_files):
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
              check=check, rule_files=tuple(rule_files), matrix=tuple(matrix),
              vector=tuple(vector), scalar=tuple(scalar), layout=layout)
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
    from calcdiff.commands.check import check_failed
    from calcdiff.commands.multivar import jacobian as jacobian_api

    app = App(fmt, steps)
    table = app.load_table(rule_files)
    names = split_vars(vars_)
    items = gather(exprs, files)
    if not items:
        sys.exit(0)
    try:
        result = jacobian_api([i.text for i in items], vars=names, at=at, simplify=simplify,
                              table=table, check=check)
        app.check_failed |= check_failed(result)
    except CalcdiffError as exc:
        app.fail(exc, None)
    else:
        app.emit(result)
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
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)
        # a file's confirmation, or the terminal plot with JSON output, goes to stderr so that
        # stdout stays one result per input
        click.echo(message, err=plot != "-" or app.fmt == "json")
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
@common_options
def limit(exprs, at, steps, simplify, h, rows, central, fmt, vars_, files, rule_files):
    """The difference quotient (f(a+h) − f(a))/h for shrinking h, exactly and in floating
    point, next to the exact derivative.

    \b
    Example:
      calcdiff limit "3x^2-4x" --at x=1
      calcdiff limit "sin x" --at x=1 --rows 12 --central
    """
    _run_explore("limit", exprs, files, fmt, vars_, rule_files, at=at, steps=steps,
                 simplify=simplify, h=h, rows=rows, central=central)


@main.command()
@click.argument("exprs", nargs=-1)
@_explore_options
@click.option("-n", "--order", default=4, show_default=True, type=click.IntRange(0, 30),
              help="The order of the polynomial.")
@_plot_option
@common_options
def taylor(exprs, at, steps, simplify, order, plot, fmt, vars_, files, rule_files):
    """The Taylor polynomial of order n: each coefficient f⁽ᵏ⁾(a)/k! with its derivative,
    and the remainder term.

    \b
    Example:
      calcdiff taylor "exp(x)" --at x=0 -n 4
      calcdiff taylor "ln(1+x)" --at x=0 -n 3 --plot taylor.svg
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
@click.option("--steps/--no-steps", default=True, help="Show the gradient's derivation.")
@click.option("--simplify", type=click.Choice(Simplify.values()), default="basic",
              show_default=True, help="How far to simplify.")
@_plot_option
@common_options
def descend(exprs, start, lr, iterations, tol, steps, simplify, plot, fmt, vars_, files,
            rule_files):
    """Gradient descent on your function: the gradient derived once and shown, then every
    iteration (point, value, gradient, step) until it converges.

    \b
    Example:
      calcdiff descend "(w-2.3)^2" --from w=9 --lr 0.075
      calcdiff descend "x^2 + 3y^2" --from x=1,y=1 --lr 0.1 --plot path.png
    """
    _run_explore("descend", exprs, files, fmt, vars_, rule_files, plot, start=start, lr=lr,
                 iterations=iterations, tol=tol, steps=steps, simplify=simplify)


@main.command()
@click.argument("exprs", nargs=-1)
@click.option("--at", "at", required=True, metavar="x=3", help="The input values.")
@click.option("--let", "lets", multiple=True, metavar="NAME=EXPR",
              help="Name an intermediate node (repeatable).")
@click.option("--steps/--no-steps", default=True, help="(Accepted for uniformity.)")
@click.option("--simplify", type=click.Choice(Simplify.values()), default="basic",
              show_default=True, help="How far to simplify.")
@common_options
def backprop(exprs, at, lets, steps, simplify, fmt, vars_, files, rule_files):
    """Backpropagation step by step: the expression as a computational graph, each node's
    forward value and local derivatives, then the backward pass to every input.

    \b
    Example:
      calcdiff backprop "x^3" --at x=3
      calcdiff backprop "L" --let "z=w*x+b" --let "a=sigmoid(z)" --let "L=(a-y)^2" \\
          --at w=0.5,x=2,b=-1,y=1
    """
    _run_explore("backprop", exprs, files, fmt, vars_, rule_files, at=at, lets=tuple(lets),
                 steps=steps, simplify=simplify)


@main.command()
@click.argument("name", required=False)
@click.option("-f", "--format", "fmt", type=click.Choice(Format.values()),
              help="Output format (default: text).")
@click.option("--rules", "rule_files", multiple=True, metavar="FILE",
              help="Include the functions of a TOML rule file (repeatable).")
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
