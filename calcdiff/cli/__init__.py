"""The command line: click commands over the library API.

The commands live here, their shared options in :mod:`calcdiff.cli.options`, the hints about
how the arguments were typed in :mod:`calcdiff.cli.hints`, input gathering and printing in
:mod:`calcdiff.cli.app`; what a command computes lives in the library
(:mod:`calcdiff.commands`).
"""

from __future__ import annotations

import inspect
import sys
from functools import partial

import click

from calcdiff import __version__
from calcdiff.choices import Format, Simplify
from calcdiff.cli.app import App, gather, run_batch, run_one, say_empty
from calcdiff.cli.options import (
    REQUESTS,
    WORDS,
    ExprCommand,
    common_options,
    derive_options,
    each_argument,
    jobs_option,
    given,
    joined,
    let_option,
    explained,
    explore_options,
    function_option,
    limit_options,
    looks_like_expression,
    matrix_options,
    tolerance,
    plot_option,
    split_vars,
    wrt_option,
)
from calcdiff.errors import CalcdiffError, visible


def check_arguments(app, exprs, job, strays: bool = True) -> None:
    """Arguments that look like one expression split in pieces, or a lone variable after an
    expression: an error or a warning with a hint (:mod:`calcdiff.cli.hints`)."""
    if len(exprs) > 1:
        from calcdiff.cli.hints import check_arguments as check

        ctx = click.get_current_context()
        check(app, ctx.info_name, exprs, job, strays, ctx.meta.get(WORDS))


ALIASES = {"diff": "derive"}


def description(command: click.Command) -> str:
    """A command's first paragraph of help, whole (click's short help is cut to a line)."""
    return " ".join(inspect.cleandoc(command.help or "").split("\n\n")[0].split())


class Group(click.Group):
    command_class = ExprCommand

    def get_command(self, ctx, cmd_name):
        return super().get_command(ctx, ALIASES.get(cmd_name, cmd_name))

    def resolve_command(self, ctx, args):
        try:
            return super().resolve_command(ctx, args)
        except click.NoSuchCommand as exc:
            if exc.possibilities or not args:
                raise  # a mistyped command: click names the close ones
            # calcdiff "x^2", calcdiff d/dx x^3: an expression where the command belongs
            from calcdiff.cli.hints import no_command

            shorts = {o for p in self.commands["derive"].params
                      if isinstance(p, click.Option) for o in p.opts if len(o) == 2}
            end = next((k for k, a in enumerate(args) if k and a.startswith("-")
                        and not looks_like_expression(a, shorts)), len(args))
            message = no_command(args[0], args[:end], args[end:])
            if message is None:
                raise
            raise click.NoSuchCommand(args[0], message, ctx=ctx) from None

    def format_commands(self, ctx, formatter):
        """Each command with its whole description (click cuts it to one line), and the
        aliases."""
        rows = []
        for name in self.list_commands(ctx):
            rows.append((name, description(self.commands[name])))
            rows += [(alias, f"The same as {name}.") for alias, target in ALIASES.items()
                     if target == name]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

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
@jobs_option
@common_options
@explained(each_argument(), REQUESTS)
def parse(exprs, functions, jobs, fmt, vars_, files, rule_files):
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
    check_arguments(app, exprs, job, strays=False)
    run_batch(app, gather(exprs, files), job, jobs)
    sys.exit(app.exit_code())


@main.command()
@click.argument("exprs", nargs=-1)
@wrt_option("Differentiate with respect to VAR; repeat for a mixed partial (in that order).")
@click.option("-n", "--order", default=1, show_default=True, type=click.IntRange(1),
              help="Repeat the (last) variable N times (at most 100: --limit order=N).")
@click.option("--dependent", metavar="VAR",
              help="For an equation: the variable that depends on the -x one (default y).")
@function_option
@derive_options
@common_options
@explained(each_argument(), REQUESTS, "diff is another name for derive.")
def derive(exprs, wrt, order, lets, dependent, functions, jobs, steps, full, check, at, simplify,
           fmt, vars_, files, rule_files):
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
              functions=tuple(functions), full=full)
    check_arguments(app, exprs, job)
    run_batch(app, gather(exprs, files), job, jobs)
    sys.exit(app.exit_code())


@main.command()
@click.argument("exprs", nargs=-1)
@click.option("--direction", metavar="1,1",
              help="With --at: the directional derivative along this vector.")
@matrix_options
@function_option
@derive_options
@common_options
@explained(each_argument(), "-x VAR (repeatable) chooses the variables of the "
           "gradient, in that order; else every variable (or --vars). With -x alone, an "
           "expression naming a matrix (a capital letter: A x) is a matrix expression; --vars, "
           "--at, --direction or --check keep it scalar. ∇f of … and ∇(…) may be written in "
           "the input.")
def grad(exprs, direction, wrt, matrix, vector, scalar, layout, functions, lets, jobs, steps,
         full, check, at, simplify, fmt, vars_, files, rule_files):
    """Every partial derivative, each with its derivation and the variables held constant,
    then the gradient vector. Matrix expressions (x^T A x, ‖Xw − y‖^2, or any matrix option)
    get the gradient or Jacobian by matrix rules, in the stated layout.

    \b
    Example:
      calcdiff grad "3x^2 + xy"
      calcdiff grad "x^2 y + sin(y)" --at x=1,y=0
      calcdiff grad "w1*x1 + w2*x2 + b" --vars w1,w2,b,x1,x2
      calcdiff grad "w^2 b + x" -x w -x b
      calcdiff grad "x^2 + 3xy" --at x=1,y=2 --direction 1,1
      calcdiff grad "x^T A x" --wrt x --matrix A:n,n,sym
      calcdiff grad "‖Xw − y‖^2 + λ‖w‖^2" --wrt w --layout numerator
    """
    from calcdiff.batch import Job
    from calcdiff.matrix.routing import is_matrix_request

    app = App(fmt, steps)
    app.load_table(rule_files)
    names = split_vars(vars_)
    job = Job("grad", wrt=tuple(wrt), at=at, simplify=simplify,
              vars=tuple(names) if names else None, direction=direction,
              functions=tuple(functions), check=check, rule_files=tuple(rule_files),
              matrix=tuple(matrix), vector=tuple(vector), scalar=tuple(scalar), layout=layout,
              full=full, lets=tuple(lets))
    if not (matrix or vector or scalar or layout or any(map(is_matrix_request, exprs))):
        check_arguments(app, exprs, job)  # the checks read scalar expressions
    run_batch(app, gather(exprs, files), job, jobs)
    sys.exit(app.exit_code())


@main.command()
@click.argument("exprs", nargs=-1)
@wrt_option("A variable of the Hessian (repeatable, in order; default: every one).")
@derive_options
@common_options
@explained(each_argument(), "-x VAR (repeatable) chooses the variables, in "
           "that order; else every variable (or --vars).")
def hessian(exprs, wrt, lets, jobs, steps, full, check, at, simplify, fmt, vars_, files,
            rule_files):
    """The matrix of second partial derivatives; at a critical point, its classification.

    \b
    Example:
      calcdiff hessian "x^2 + y^2" --at x=0,y=0
      calcdiff hessian "x^3 - 3x y^2" --no-steps
      calcdiff hessian "w^2 b + x" -x w -x b
    """
    from calcdiff.batch import Job

    app = App(fmt, steps)
    app.load_table(rule_files)
    names = split_vars(vars_)
    job = Job("hessian", tuple(wrt), at=at, simplify=simplify,
              vars=tuple(names) if names else None, check=check, rule_files=tuple(rule_files),
              full=full, lets=tuple(lets))
    check_arguments(app, exprs, job)
    run_batch(app, gather(exprs, files), job, jobs)
    sys.exit(app.exit_code())


@main.command()
@click.argument("exprs", nargs=-1)
@wrt_option("A variable of the Jacobian: a column (repeatable, in order; default: every "
             "one).")
@derive_options
@common_options
@explained(each_argument("function"), "Together they are one function, one "
           "row each. -x VAR (repeatable) chooses the variables (the columns), in that order; "
           "else every variable (or --vars).")
def jacobian(exprs, wrt, lets, jobs, steps, full, check, at, simplify, fmt, vars_, files,
             rule_files):
    """The Jacobian matrix: one row per function, one column per variable.

    \b
    Example:
      calcdiff jacobian "x^2 y" "5x + sin y"
      calcdiff jacobian "r cos(theta)" "r sin(theta)" --vars r,theta
      calcdiff jacobian "r cos(theta)" "r sin(theta)" -x theta -x r
    """
    from calcdiff.batch import Job
    from calcdiff.commands.multivar import jacobian as jacobian_api
    from calcdiff.commands.multivar import read_rows

    app = App(fmt, steps)
    table = app.load_table(rule_files)
    names = split_vars(vars_)
    # the arguments are the rows of one function: a lone variable is a row (x ↦ x), no slip
    check_arguments(app, exprs, Job("jacobian", vars=tuple(names) if names else None,
                                    rule_files=tuple(rule_files)), strays=False)
    items = gather(exprs, files)
    if not items:
        say_empty()
        sys.exit(0)
    rows = [item for item in items if item.error is None]
    undecodable = [item for item in items if item.error is not None]
    # a row that is not text: the others are only read, so that every bad row is reported
    fn = read_rows if undecodable else partial(jacobian_api, check=check,
                                               wrt=tuple(wrt) or None, full=full,
                                               lets=list(lets) or None)
    run_one(app, fn, [i.text for i in rows], names, at, simplify, table, items=rows,
            failed=undecodable, ordered=items)
    sys.exit(app.exit_code())


def _run_explore(command, exprs, files, fmt, vars_, rule_files, plot=None, **fields):
    from calcdiff.batch import Job

    app = App(fmt, fields.pop("steps", True))
    app.load_table(rule_files)
    names = split_vars(vars_)
    job = Job(command, vars=tuple(names) if names else None, rule_files=tuple(rule_files),
              **fields)
    check_arguments(app, exprs, job, strays=False)
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
@explore_options
@plot_option
@common_options
@explained(each_argument())
def tangent(exprs, lets, at, steps, simplify, plot, fmt, vars_, files, rule_files):
    """The tangent line y = f(a) + f′(a)(x − a) and the normal line at a point.

    \b
    Example:
      calcdiff tangent "3x^2-4x" --at x=1
      calcdiff tangent "sin x" --at x=pi/4 --plot tangent.png
    """
    _run_explore("tangent", exprs, files, fmt, vars_, rule_files, plot, at=at, steps=steps,
                 simplify=simplify, lets=tuple(lets))


@main.command()
@click.argument("exprs", nargs=-1)
@explore_options
@click.option("--h", "h", default="0.1", show_default=True, help="The first step size.")
@click.option("--rows", default=5, show_default=True, type=click.IntRange(1, 30),
              help="Number of rows; each divides h by 10.")
@click.option("--central", is_flag=True, help="The central difference (f(a+h) − f(a−h))/2h.")
@click.option("--wrt", metavar="VAR", help="At a point of several variables: the partial "
              "derivative's quotient in VAR, the others held fixed.")
@common_options
@explained(each_argument())
def limit(exprs, lets, at, steps, simplify, h, rows, central, wrt, fmt, vars_, files,
          rule_files):
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
                 wrt=(wrt,) if wrt else (), lets=tuple(lets))


@main.command()
@click.argument("exprs", nargs=-1)
@explore_options
@click.option("-n", "--order", default=None, type=click.IntRange(0, 30),
              help="The order of the polynomial (default 4; 2 in several variables).")
@plot_option
@common_options
@explained(each_argument())
def taylor(exprs, lets, at, steps, simplify, order, plot, fmt, vars_, files, rule_files):
    """The Taylor polynomial of order n: each coefficient f⁽ᵏ⁾(a)/k! with its derivative,
    and the remainder term.

    \b
    Example:
      calcdiff taylor "exp(x)" --at x=0 -n 4
      calcdiff taylor "ln(1+x)" --at x=0 -n 3 --plot taylor.svg
      calcdiff taylor "exp(x) sin(y)" --at x=0,y=0
    """
    _run_explore("taylor", exprs, files, fmt, vars_, rule_files, plot, at=at, steps=steps,
                 simplify=simplify, order=order, lets=tuple(lets))


@main.command()
@click.argument("exprs", nargs=-1)
@click.option("--from", "start", required=True, metavar="w=9", help="The starting point.")
@click.option("--lr", metavar="η", help="The learning rate (step size; default 0.1).")
@click.option("-k", "--iterations", default=1000, show_default=True,
              type=click.IntRange(1, 100_000), help="At most this many iterations.")
@click.option("--tol", default=1e-9, show_default=True, type=float, callback=tolerance,
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
@plot_option
@let_option
@common_options
@explained(each_argument())
def descend(exprs, start, lr, iterations, tol, method, momentum, data, batch_size, epochs,
            seed, every, steps, simplify, plot, lets, fmt, vars_, files, rule_files):
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
    if data is not None and given("iterations"):  # it was ignored: the run is in epochs
        raise click.UsageError("-k counts the iterations of a run without data; over --data "
                               "the run is counted in epochs: give --epochs N (default 100)")
    _run_explore("descend", exprs, files, fmt, vars_, rule_files, plot, start=start, lr=lr,
                 iterations=iterations, tol=tol, steps=steps, simplify=simplify, data=data,
                 batch_size=batch_size, epochs=epochs, seed=seed, method=method,
                 momentum=momentum, every=every, lets=tuple(lets))


@main.command()
@click.argument("exprs", nargs=-1)
@click.option("--from", "start", required=True, metavar="x=1", help="The starting point.")
@click.option("-k", "--iterations", default=50, show_default=True,
              type=click.IntRange(1, 1000), help="At most this many steps.")
@click.option("--tol", default=1e-10, show_default=True, type=float, callback=tolerance,
              help="Stop when |∇f| is below this.")
@click.option("--steps/--no-steps", default=True, help="(Accepted for uniformity.)")
@click.option("--simplify", type=click.Choice(Simplify.values()), default="basic",
              show_default=True, help="How far to simplify.")
@let_option
@common_options
@explained(each_argument())
def newton(exprs, start, iterations, tol, steps, simplify, lets, fmt, vars_, files, rule_files):
    """Newton's method x ← x − H⁻¹∇f: the gradient and Hessian derived once, each step's
    solve H·Δ = −∇f, and what kind of point it reached.

    \b
    Example:
      calcdiff newton "x^4 - 3x^2 + x" --from x=2
      calcdiff newton "(x-1)^2 + 10(y-x^2)^2" --from x=0,y=0
    """
    _run_explore("newton", exprs, files, fmt, vars_, rule_files, start=start,
                 iterations=iterations, tol=tol, steps=steps, simplify=simplify,
                 lets=tuple(lets))


@main.command()
@click.argument("exprs", nargs=-1)
@click.option("--at", "at", required=True, metavar="x=3", multiple=True, callback=joined,
              help="The input values (repeatable).")
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
@explained(each_argument())
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
@wrt_option("The variable of the derivative; for a gradient answer, its variables "
            "(repeatable, in order), as grad takes them.")
@click.option("--summary", is_flag=True,
              help="Also write the count per mistake to the output (it always goes to stderr "
                   "for a batch).")
@click.option("--steps/--no-steps", default=True, help="Show the correct derivation.")
@click.option("--simplify", type=click.Choice(Simplify.values()), default="basic",
              show_default=True, help="How far to simplify the correct derivative.")
@common_options
@explained("Each argument is one expression to grade against --answer, or a "
           "line EXPR ; ANSWER. -i FILE reads one per line (or a CSV file with expr and "
           "answer columns, or JSON Lines; repeatable; -i - is standard input); with no "
           "argument the lines come from a pipe.")
def grade(exprs, answer, wrt, summary, steps, simplify, fmt, vars_, files, rule_files):
    """Grade a derivative: correct (in any equivalent form), or wrong with the mistake named
    — which rule, at which step, what was done and what the rule gives.

    \b
    Example:
      calcdiff grade "x^2 sin x" --answer "2x sin x + x^2 cos x"
      calcdiff grade "x^2 sin x" --answer "2x cos x"
      calcdiff grade "x^2 y" --wrt y --answer "x^2"
      calcdiff grade "x^2 y" --answer "(2xy, x^2)"
      calcdiff grade "d^2/dx^2 x^3" --answer "d^2y/dx^2 = 6x"
      calcdiff grade "x^2 + y^2 = 25" --answer "-x/y"
      calcdiff grade -i class.csv -f json --summary
    """
    from calcdiff.batch import Job
    from calcdiff.cli.grading import GradeApp, grade_items, run_grades

    app = GradeApp(fmt, steps)
    app.load_table(rule_files)
    names = split_vars(vars_)
    job = Job("grade", tuple(wrt), simplify=simplify,
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
