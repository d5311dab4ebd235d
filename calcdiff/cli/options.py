"""The options the commands share, the command class that lets an expression begin with a
minus sign, and the help paragraphs the commands share (each argument one expression, -i FILE,
requests in the input). Click only: nothing here loads the library."""

from __future__ import annotations

import inspect
import math
from dataclasses import replace

import click

from calcdiff.choices import Format, Simplify
from calcdiff.cli.app import EXPR_MARK, stdin_has_lines
from calcdiff.errors import CalcdiffError
from calcdiff.limits import DEFAULT


def _limit_callback(ctx, param, value):
    """--timeout and --limit: the request limits of this invocation (App applies them)."""
    limits = ctx.meta.get("calcdiff.limits", DEFAULT)
    try:
        if param.name == "timeout" and value is not None:
            if math.isnan(value):  # passes FloatRange's comparisons, and no limit is met
                raise click.BadParameter("nan is not a number of seconds (0.1 to 86400)")
            limits = replace(limits, time=value)
        elif param.name == "limits" and value:
            limits = limits.with_options(value)
    except CalcdiffError as exc:
        raise click.BadParameter(exc.message) from None
    ctx.meta["calcdiff.limits"] = limits


def given(name: str) -> bool:
    """Was the option ``name`` (its parameter's name) given on the command line, not left
    at its default?"""
    source = click.get_current_context().get_parameter_source(name)
    return source is not None and source.name in ("COMMANDLINE", "ENVIRONMENT")


def tolerance(ctx, param, value):
    """A tolerance: a finite number ≥ 0 (0 runs every iteration, or until the gradient is
    exactly 0; ``nan`` or ``-1`` was taken silently, and could never be met; ``inf`` is met at
    once, wherever the start)."""
    if value is not None and (math.isnan(value) or value < 0):
        raise click.BadParameter(f"must be a number ≥ 0, got {value}")
    if value is not None and math.isinf(value):
        raise click.BadParameter("must be a finite number ≥ 0, got inf (met at once, "
                                 "wherever the start: nothing would be computed)")
    return value


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
    f = click.option("--vars", "vars_", metavar="x,y,...", multiple=True, callback=joined,
                     help="Declare the variable names (never split; no others allowed; "
                          "repeatable).")(f)
    f = click.option("-i", "--input", "files", multiple=True, metavar="FILE",
                     help="Read expressions from FILE, one per line (repeatable).")(f)
    return f


def jobs_option(f):
    return click.option("-j", "--jobs", default=0, type=click.IntRange(0, 64),
                        help="Spread a batch of 40 lines or more over N processes (output "
                             "order unchanged; more than the cores is lowered to the core "
                             "count). Default 0: one per core.")(f)


def let_option(f):
    return click.option("--let", "lets", multiple=True, metavar="NAME=EXPR",
                        help="Define a name (repeatable), substituted before the work: "
                             "--let u=x^2 (the chain rule), --let λ=0.1 (a constant held "
                             "fixed).")(f)


def derive_options(f):
    f = let_option(f)
    f = jobs_option(f)
    f = click.option("--check", is_flag=True,
                     help="Verify every step numerically and the answer against SymPy.")(f)
    f = click.option("--full", is_flag=True,
                     help="Print every expression whole, with no shared names (u1 = ...).")(f)
    f = click.option("--steps/--no-steps", default=True, help="Show the derivation.")(f)
    f = click.option("--at", "at", metavar="x=1,y=2", multiple=True, callback=joined,
                     help="Evaluate at a point (repeatable: --at x=1 --at y=2).")(f)
    f = click.option("--simplify", type=click.Choice(Simplify.values()),
                     default="basic", show_default=True, help="How far to simplify.")(f)
    return f


def wrt_option(help: str):
    """-x/--wrt: derive's variable (repeated: a mixed partial); grad's, hessian's and
    jacobian's variables (repeated: each one, in order)."""
    return click.option("-x", "--wrt", multiple=True, metavar="VAR", help=help)


def function_option(f):
    return click.option("--function", "functions", multiple=True, metavar="NAME",
                        help="Read NAME(...) as an unknown function f(x) (repeatable; any "
                             "length).")(f)


def joined(_ctx, _param, values: tuple) -> str | None:
    """A repeated option's values as one list, comma-separated (``--at x=1 --at y=2`` is
    ``x=1,y=2``; it kept the last one, then said x had no value)."""
    return ",".join(values) if values else None


def split_vars(vars_: str | None):
    """--vars x,y (or "rate x"): the names, as the expression spells them."""
    if vars_ is None:
        return None
    from calcdiff.errors import UsageError
    from calcdiff.read.definitions import spelled_names

    try:
        return spelled_names(vars_)
    except UsageError as exc:  # a usage error of the option: exit 2
        raise click.BadParameter(exc.message.removeprefix("--vars: "),
                                 param_hint="--vars") from None


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


# where a command keeps its words as typed (ctx.meta), for the hints to echo and rewrite
WORDS = "calcdiff.words"


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
        lone = _lone_expression(args, shorts, takes_value)
        if lone is not None and stdin_has_lines():  # printf 'x^2 t' | derive -xt: the option
            lone = None
        out, value_next = [], False
        words = []  # (is an argument, text): the command line as typed, for the hints
        for i, a in enumerate(args):
            if a == "--":
                out.extend(args[i:])
                words += [(False, a)] + [(True, rest) for rest in args[i + 1:]]
                break
            if not value_next and a in ("-n", "--order") and a not in takes_value and (
                    i + 1 < len(args) and args[i + 1].isdigit()):
                raise click.UsageError(_no_order(ctx.info_name, a, args[i + 1]), ctx)
            if not value_next and a in ("-j", "--jobs") and a not in takes_value and (
                    i + 1 < len(args) and args[i + 1].isdigit()):  # (it read as expressions)
                raise click.UsageError(f"{ctx.info_name} has no option {a} (parallel jobs): "
                                       "it answers its inputs one after another", ctx)
            expression = not value_next and (i == lone or looks_like_expression(a, shorts))
            argument = expression or (not value_next and (a == "-" or not a.startswith("-")))
            words.append((argument, a))
            if expression:
                a = EXPR_MARK + a
            value_next = not expression and a in takes_value
            out.append(a)
        ctx.meta[WORDS] = words
        return super().parse_args(ctx, out)


def _no_order(command: str, option: str, value: str) -> str:
    """The message for ``-n 2`` given to a command without an order (it read as the
    expressions -n and 2)."""
    how = {"grade": "name the derivative in the answer, f''(x) = 6x, or differentiate "
                    "with calcdiff derive -n " + value,
           "grad": "the gradient is of first partials; calcdiff hessian gives the second",
           "hessian": "the Hessian is of second partials; calcdiff derive -n " + value
                      + " -x … gives others"}.get(command, f"calcdiff derive -n {value} "
                                                           "gives a derivative of that order")
    return f"{command} has no option {option} (an order): {how}"


def _lone_expression(args: list[str], shorts: set, takes_value: set) -> int | None:
    """The index of ``-xy`` or a lone ``-x`` in a command line that has no expression but it,
    and no ``-i``: the expression −xy (−x), not the option -x (--wrt) with the value y, which
    left the command nothing to read ("calcdiff derive -xy" said "no expressions to read").
    With another expression, a file to read or lines on standard input (the caller looks),
    it stays the option; ``-x y``, with a space, is always the option."""
    if "-x" not in takes_value:
        return None
    found, value_next = None, False
    for i, a in enumerate(args):
        if value_next:
            value_next = False
            continue
        if a == "--" or a == "-" or not a.startswith("-") or looks_like_expression(a, shorts):
            return None  # the command has its expression (or reads standard input)
        if a.startswith("-i") or a == "--input" or a.startswith("--input="):
            return None
        if found is None and a[:2] == "-x" and (
                (len(a) > 2 and a[2:].isascii() and a[2:].isalpha())
                or (len(a) == 2 and (i + 1 == len(args) or args[i + 1].startswith("-")))):
            found = i
            continue
        value_next = a in takes_value
    return found


def each_argument(what: str = "expression") -> str:
    return (f"Each argument is one {what}: quote one with spaces (\"x^2 sin x\"); several "
            f"arguments are several {what}s. -i FILE reads one {what} per line (repeatable; "
            "blank lines and # comments are skipped; -i - is standard input); with no "
            "argument the lines come from a pipe. Arguments that look split or a lone "
            "variable after an expression get a hint (see README, The command line).")


REQUESTS = ("An input may carry its own request: d/dx x^3, ∂/∂y (x^2 y), d^2/dx^2 sin x, "
            "y' = x^2 sin x.")


def explained(*paragraphs: str):
    """Add ``paragraphs`` to a command's help, before its examples."""

    def add(f):
        doc = inspect.cleandoc(f.__doc__)
        head, mark, examples = doc.partition("\n\n\b\nExample")
        f.__doc__ = "\n\n".join([head, *paragraphs]) + mark + examples
        return f

    return add




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
    return wrt_option("A variable of the gradient (repeatable, in order); of a matrix "
                      "expression: differentiate with respect to VAR.")(f)


def explore_options(f):
    f = let_option(f)
    f = click.option("--at", "at", metavar="x=1", multiple=True, callback=joined,
                     help="The point (repeatable: --at x=1 --at y=2); or end the expression "
                          "with it: \"x^3 at x = 1\".")(f)
    f = click.option("--steps/--no-steps", default=True, help="Show the derivation.")(f)
    f = click.option("--simplify", type=click.Choice(Simplify.values()),
                     default="basic", show_default=True, help="How far to simplify.")(f)
    return f


def plot_option(f):
    return click.option(
        "--plot", "plot", metavar="FILE", is_flag=False, flag_value="-", default=None,
        help="Draw the plot to FILE (.png or .svg); without FILE, a compact plot in the "
             "terminal. Needs the plot extra: pip install '.[plot]' in the checkout.")(f)
