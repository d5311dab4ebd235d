"""What the command line says about how its arguments were typed: an expression split over
several unquoted arguments (an error: ``quote the expression``), a lone variable name after an
expression (``did you mean -x y?``: an error when the name occurs in that expression, else a
warning), and an expression given where a command belongs (``calcdiff "x^2"``: ``calcdiff
derive``). What is found is the library's (:mod:`calcdiff.commands.arguments`); the words are
here. Loaded only when a command has several arguments, or no command matched.
"""

from __future__ import annotations

import click

from calcdiff.batch import table_for
from calcdiff.cli.app import EXPR_MARK
from calcdiff.commands.arguments import (
    Split,
    Stray,
    bare,
    reads,
    split_arguments,
    stray_variables,
)
from calcdiff.commands.lets import let_names
from calcdiff.errors import CalcdiffError, UsageError, visible
from calcdiff.read.rule_exprs import builtin_table
from calcdiff.table import with_unknown_functions

# past this many arguments the command line was written by a program (xargs), not typed
MOST_ARGUMENTS = 100

# characters a POSIX shell takes for its own unless quoted
_SHELL = frozenset(" \t\n\"'\\$`!*?[]{}()<>|&;#~")


def shown(arg: str) -> str:
    """``arg`` as it could have been typed: bare when the shell leaves it alone."""
    return arg if arg and not _SHELL & set(arg) else quoted(arg)


def quoted(arg: str) -> str:
    """``arg`` in double quotes, for a command to copy."""
    escaped = "".join("\\" + c if c in '"\\$`' else c for c in arg)
    return f'"{escaped}"'


def _suggested(arg: str) -> str:
    """An expression in a suggested command: quoted unless it is a plain word."""
    return arg if arg.replace("_", "").isalnum() else quoted(arg)


def check_arguments(app, command: str, exprs, job, strays: bool = True) -> None:
    """Before a batch of arguments runs: each split expression, and each lone variable that
    occurs in the expression before it, is an error (exit 1, nothing computed); a lone
    variable that does not occur there is a warning on stderr (the batch runs)."""
    texts = [e.removeprefix(EXPR_MARK) for e in exprs]
    if not 2 <= len(texts) <= MOST_ARGUMENTS or "-" in texts:
        return
    table = table_for(job.rule_files)
    if job.functions:
        table = with_unknown_functions(table if table is not None else builtin_table(),
                                       job.functions)
    context = {"vars": job.vars, "table": table, "names": let_names(job.lets) or None}
    splits = split_arguments(texts, **context)
    errors = [_split_error(command, texts, s) for s in splits]
    for stray in stray_variables(texts, splits, **context) if strays else ():
        problem = _stray_problem(command, texts, stray)
        if stray.occurs:
            errors.append(problem)
        else:
            click.echo("warning: " + problem.render().removeprefix("error: "), err=True)
    for error in errors:
        app.fail(error, None)
    if errors:
        raise SystemExit(1)


def _echo(command: str, texts, marked=range(0)) -> tuple[str, int, int]:
    """The command line as typed, and the span of the arguments ``marked`` in it."""
    line = f"calcdiff {command}"
    start = end = None
    for k, text in enumerate(texts):
        line += " "
        if k == marked.start:
            start = len(line)
        line += shown(text)
        if k == marked.stop - 1:
            end = len(line)
    return line, start, end


def _split_error(command: str, texts, split: Split) -> CalcdiffError:
    line, start, end = _echo(command, texts, range(split.first, split.last + 1))
    fixed = [_suggested(t) for t in texts[:split.first]] + [quoted(split.text)] + [
        _suggested(t) for t in texts[split.last + 1:]]
    count = split.last - split.first + 1
    return UsageError(f"one expression split over {count} arguments", line, start, end,
                      hint=f"quote the expression: calcdiff {command} {' '.join(fixed)}")


def _stray_problem(command: str, texts, stray: Stray) -> CalcdiffError:
    names = stray.names
    line, start, end = _echo(command, texts, range(names[0], names[-1] + 1))
    shown_vars = ", ".join(stray.variables)
    options = " ".join(f"-x {v}" for v in stray.variables)
    rest = [_suggested(t) for k, t in enumerate(texts) if k not in names]
    hint = f"did you mean {options}? calcdiff {command} {' '.join(rest)} {options}"
    expression = texts[stray.after]
    if all(bare(texts[k]) for k in (stray.after, *names)):
        joined = " ".join(texts[stray.after:names[-1] + 1])
        fixed = ([_suggested(t) for t in texts[:stray.after]] + [quoted(joined)]
                 + [_suggested(t) for t in texts[names[-1] + 1:]])
        hint += f"; or quote the expression: calcdiff {command} {' '.join(fixed)}"
    if stray.occurs:
        message = (f"{shown_vars} {'is a variable' if len(names) == 1 else 'are variables'} "
                   f"of {quoted(expression)}, not "
                   f"{'an expression of its own' if len(names) == 1 else 'expressions of their own'}")
    else:
        message = (f"{shown_vars} on {'its' if len(names) == 1 else 'their'} own "
                   f"{'is' if len(names) == 1 else 'are'} read as "
                   f"{'an expression' if len(names) == 1 else 'expressions'}")
    return UsageError(message, line, start, end, hint=hint)


def no_command(name: str, words, options) -> str | None:
    """For ``calcdiff "x^2"`` or ``calcdiff d/dx x^3`` (``words``: the arguments up to the
    first option): the message that points to ``calcdiff derive``, or None when they are
    not expressions, or the first looks like a mistyped command (click's message stands)."""
    if name.isascii() and name.isalpha() and len(name) > 1 and reads(name):
        return None  # "plot x", "foo": a command name, not a product of letters
    texts = list(words)
    if not all(reads(t) for t in texts):
        texts = [" ".join(texts)]
        if not reads(texts[0]):
            return None
    suggestion = " ".join(["calcdiff derive", *map(_suggested, texts), *map(shown, options)])
    return (f"No such command {visible(name)!r}: calcdiff needs a command first. "
            f"To differentiate, run: {visible(suggestion)}")
