"""The command line: click commands over the library API. The only module importing click.

Options, input gathering and printing live here; what a command computes lives in the
library (:mod:`calcdiff.api`). One :class:`App` per invocation owns the output streams and
the error path: library errors become one clean message with a caret and exit status 1.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass

import click

from . import __version__
from .errors import CalcdiffError

FORMAT_CHOICES = ("rich", "text", "markdown", "latex", "json")


@dataclass
class Item:
    """One input: its text and where it came from."""

    text: str
    source: str | None = None  # file name, '<stdin>', or None for an argument
    line: int | None = None


class App:
    """Owns stdout/stderr for one invocation, the chosen format, and the error path."""

    def __init__(self, fmt: str | None, steps: bool = True):
        out = click.get_text_stream("stdout")
        self.is_tty = out.isatty()
        self.fmt = fmt or ("rich" if self.is_tty else "text")
        self.steps = steps
        self.failed = 0
        self.succeeded = 0
        self.printed = 0
        self._console = None
        self.no_color = bool(os.environ.get("NO_COLOR"))

    # -- output
    def console(self):
        if self._console is None:
            from rich.console import Console

            self._console = Console(
                file=click.get_text_stream("stdout"), markup=False, highlight=False,
                no_color=self.no_color, emoji=False, soft_wrap=False,
            )
        return self._console

    def emit(self, obj, item: Item | None = None) -> None:
        """Write one result in the chosen format."""
        from .render import render

        if self.fmt == "json":
            click.echo(render(obj, "json", steps=self.steps))
        elif self.fmt == "rich":
            from .render.terminal import render_rich

            if self.printed:
                self.console().print()
            self.console().print(render_rich(obj, steps=self.steps))
        else:
            if self.printed and self.fmt in ("text", "markdown"):
                click.echo()
            click.echo(render(obj, self.fmt, steps=self.steps))
        self.printed += 1
        self.succeeded += 1

    def fail(self, error: CalcdiffError, item: Item | None = None) -> None:
        """Report one failed input: a message on stderr (and an object in JSON output)."""
        self.failed += 1
        where = ""
        if item is not None and item.line is not None:
            where = f"{item.source}:{item.line}: "
        message = error.render()
        click.echo(where + message, err=True)
        if self.fmt == "json":
            from .render.json_ import dumps

            obj = {"input": item.text if item else error.text, "error": error.to_json()}
            if item is not None and item.line is not None:
                obj["line"] = item.line
                obj["file"] = item.source
            click.echo(dumps(obj))

    def exit_code(self) -> int:
        return 1 if self.failed else 0


# ---------------------------------------------------------------------------------------------
# inputs


def gather(exprs: tuple[str, ...], files: tuple[str, ...]) -> list[Item]:
    """Arguments, then -i files, then stdin ('-' or no argument with stdin not a terminal)."""
    items: list[Item] = []
    use_stdin = False
    for e in exprs:
        if e == "-":
            use_stdin = True
        else:
            items.append(Item(e))
    for f in files:
        if f == "-":
            use_stdin = True
            continue
        try:
            with open(f, encoding="utf-8") as fh:
                text = fh.read()
        except OSError as exc:
            raise click.UsageError(f"cannot read {f}: {exc.strerror}") from None
        except UnicodeDecodeError:
            raise click.UsageError(f"cannot read {f}: it is not UTF-8 text") from None
        items.extend(_lines(text, f))
    if not exprs and not files:
        stdin = click.get_text_stream("stdin")
        if not stdin.isatty():
            use_stdin = True
        else:
            raise click.UsageError("give an expression, a file with -i, or pipe lines to stdin")
    if use_stdin:
        items.extend(_lines(click.get_text_stream("stdin").read(), "<stdin>"))
    return items


def _lines(text: str, source: str) -> list[Item]:
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        out.append(Item(line.rstrip("\r\n"), source, n))
    return out


def run_items(app: App, items: list[Item], work) -> None:
    for item in items:
        try:
            result = work(item)
        except CalcdiffError as exc:
            app.fail(exc, item)
            continue
        except RecursionError:
            from .errors import LimitError

            app.fail(LimitError("the expression is too deeply nested to process"), item)
            continue
        app.emit(result, item)


# ---------------------------------------------------------------------------------------------
# shared options


def common_options(f):
    f = click.option("-f", "--format", "fmt", type=click.Choice(FORMAT_CHOICES),
                     help="Output format (default: rich on a terminal, text otherwise).")(f)
    f = click.option("--vars", "vars_", metavar="x,y,...",
                     help="Declare the variable names (never split; no others allowed).")(f)
    f = click.option("-i", "--input", "files", multiple=True, metavar="FILE",
                     help="Read expressions from FILE, one per line (repeatable).")(f)
    return f


def derive_options(f):
    f = click.option("--steps/--no-steps", default=True, help="Show the derivation.")(f)
    f = click.option("--at", "at", metavar="x=1,y=2", help="Evaluate at a point.")(f)
    f = click.option("--simplify", type=click.Choice(("none", "basic", "full")),
                     default="basic", show_default=True, help="How far to simplify.")(f)
    return f


def split_vars(vars_: str | None):
    if vars_ is None:
        return None
    names = [v.strip() for v in vars_.split(",") if v.strip()]
    if not names:
        raise click.BadParameter("expected names separated by commas", param_hint="--vars")
    return names


class Group(click.Group):
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
def parse(exprs, fmt, vars_, files):
    """Show how each expression is read: the explicit form and one note per interpretation.

    \b
    Example:
      calcdiff parse "3x^2 - 4x"
      calcdiff parse "sin x cos x" "sin^-1 x" "log_2 x"
      echo "2(x+1)" | calcdiff parse -f json
    """
    from .parser import parse_request

    app = App(fmt)
    names = split_vars(vars_)
    run_items(app, gather(exprs, files), lambda item: parse_request(item.text, vars=names))
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
def derive(exprs, wrt, order, lets, steps, at, simplify, fmt, vars_, files):
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
    from .api import derive as derive_api

    app = App(fmt, steps)
    names = split_vars(vars_)

    def work(item):
        return derive_api(item.text, list(wrt) or None, order, vars=names, at=at,
                          simplify=simplify, lets=list(lets) or None)

    run_items(app, gather(exprs, files), work)
    sys.exit(app.exit_code())


@main.command()
@click.argument("exprs", nargs=-1)
@derive_options
@common_options
def grad(exprs, steps, at, simplify, fmt, vars_, files):
    """Every partial derivative, each with its derivation and the variables held constant,
    then the gradient vector.

    \b
    Example:
      calcdiff grad "3x^2 + xy"
      calcdiff grad "x^2 y + sin(y)" --at x=1,y=0
      calcdiff grad "w1*x1 + w2*x2 + b" --vars w1,w2,b,x1,x2
    """
    from .multivar import grad as grad_api

    app = App(fmt, steps)
    names = split_vars(vars_)
    run_items(app, gather(exprs, files),
              lambda item: grad_api(item.text, vars=names, at=at, simplify=simplify))
    sys.exit(app.exit_code())


@main.command()
@click.argument("exprs", nargs=-1)
@derive_options
@common_options
def hessian(exprs, steps, at, simplify, fmt, vars_, files):
    """The matrix of second partial derivatives; at a critical point, its classification.

    \b
    Example:
      calcdiff hessian "x^2 + y^2" --at x=0,y=0
      calcdiff hessian "x^3 - 3x y^2" --no-steps
    """
    from .multivar import hessian as hessian_api

    app = App(fmt, steps)
    names = split_vars(vars_)
    run_items(app, gather(exprs, files),
              lambda item: hessian_api(item.text, vars=names, at=at, simplify=simplify))
    sys.exit(app.exit_code())


@main.command()
@click.argument("exprs", nargs=-1)
@derive_options
@common_options
def jacobian(exprs, steps, at, simplify, fmt, vars_, files):
    """The Jacobian matrix: one row per function, one column per variable.

    \b
    Example:
      calcdiff jacobian "x^2 y" "5x + sin y"
      calcdiff jacobian "r cos(theta)" "r sin(theta)" --vars r,theta
    """
    from .multivar import jacobian as jacobian_api

    app = App(fmt, steps)
    names = split_vars(vars_)
    items = gather(exprs, files)
    if not items:
        sys.exit(0)
    try:
        result = jacobian_api([i.text for i in items], vars=names, at=at, simplify=simplify)
    except CalcdiffError as exc:
        app.fail(exc, None)
    else:
        app.emit(result)
    sys.exit(app.exit_code())


if __name__ == "__main__":  # pragma: no cover
    main()
