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
    signed_term,
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


def check_arguments(app, command: str, exprs, job, strays: bool = True,
                    words=None) -> None:
    """Before a batch of arguments runs: each split expression, and each lone variable that
    occurs in the expression before it, is an error (exit 1, nothing computed); a lone
    variable that does not occur there is a warning on stderr (the batch runs). ``words``:
    the command line as typed, ``(is an argument, text)`` each, for the messages."""
    texts = [e.removeprefix(EXPR_MARK) for e in exprs]
    if not 2 <= len(texts) <= MOST_ARGUMENTS or "-" in texts:
        return
    table = table_for(job.rule_files)
    if job.functions:
        table = with_unknown_functions(table if table is not None else builtin_table(),
                                       job.functions)
    context = {"vars": job.vars, "table": table, "names": let_names(job.lets) or None}
    line = _Line(command, texts, words)
    splits = split_arguments(texts, **context, signed=command != "jacobian")
    errors = [_split_error(line, s) for s in splits]
    # with -x given, a lone name is not a misplaced -x: it is answered as written
    for stray in stray_variables(texts, splits, **context) if strays and not job.wrt else ():
        problem = _stray_problem(line, stray)
        if stray.occurs:
            errors.append(problem)
        else:
            click.echo("warning: " + problem.render().removeprefix("error: "), err=True)
    for error in errors:
        app.fail(error, None)
    if errors:
        raise SystemExit(1)


class _Line:
    """The command line as typed (its options kept where they were), and rewritten."""

    def __init__(self, command: str, texts, words=None):
        self.command, self.texts = command, texts
        if words is None or sum(1 for argument, _ in words if argument) != len(texts):
            words = [(True, t) for t in texts]  # only the expressions are known
        self.words = words

    def echo(self, marked: range) -> tuple[str, int, int]:
        """The line as typed, and the span of the arguments ``marked`` in it."""
        line, k, start, end = f"calcdiff {self.command}", 0, 0, 0
        for argument, text in self.words:
            line += " "
            if argument and k == marked.start:
                start = len(line)
            line += shown(self.texts[k] if argument else text)
            if argument:
                if k == marked.stop - 1:
                    end = len(line)
                k += 1
        return line, start, end

    def rewritten(self, replace: dict, extra: str = "") -> str:
        """The line to run instead: argument k replaced by ``replace[k]`` (None: left out),
        the others quoted as expressions, then ``extra`` options."""
        out, k = [f"calcdiff {self.command}"], 0
        for argument, text in self.words:
            if not argument:
                out.append(shown(text))
                continue
            new = replace.get(k, _suggested(self.texts[k]))
            if new is not None:
                out.append(new)
            k += 1
        return " ".join(out + ([extra] if extra else []))


def _split_error(line: _Line, split: Split) -> CalcdiffError:
    span = range(split.first, split.last + 1)
    replace = {k: None for k in span} | {split.first: quoted(split.text)}
    signed = next((line.texts[k] for k in span[1:] if signed_term(line.texts[k])), None)
    apart = (f'; for expressions of their own, bracket the signed one: "({signed})"'
             if signed else "")
    return UsageError(f"one expression split over {len(span)} arguments", *line.echo(span),
                      hint=f"quote the expression: {line.rewritten(replace)}{apart}")


def _stray_problem(line: _Line, stray: Stray) -> CalcdiffError:
    texts, names = line.texts, stray.names
    one = len(names) == 1
    options = " ".join(f"-x {v}" for v in stray.variables)
    hint = f"did you mean {options}? {line.rewritten(dict.fromkeys(names), options)}"
    if all(bare(texts[k]) for k in (stray.after, *names)):
        span = range(stray.after, names[-1] + 1)
        joined = " ".join(texts[k] for k in span)
        replace = dict.fromkeys(span) | {stray.after: quoted(joined)}
        hint += f"; or quote the expression: {line.rewritten(replace)}"
    variables = ", ".join(stray.variables)
    if stray.occurs:
        message = (f"{variables} {'is a variable' if one else 'are variables'} of "
                   f"{quoted(texts[stray.after])}, not "
                   f"{'an expression of its own' if one else 'expressions of their own'}")
    else:
        message = (f"{variables} on {'its' if one else 'their'} own {'is' if one else 'are'} "
                   f"read as {'an expression' if one else 'expressions'}")
    return UsageError(message, *line.echo(range(names[0], names[-1] + 1)), hint=hint)


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
