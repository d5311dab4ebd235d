"""One invocation of the command line: where its inputs come from (arguments, files, standard
input), how a batch of them runs (in order, over worker processes, with a progress bar on a
terminal), and the one object (:class:`App`) that owns the output streams and the error path:
a library error becomes one clean message with a caret and exit status 1.

The library and the renderers are imported inside the methods that need them: ``calcdiff
--version`` and ``--help`` load neither (start-up time).
"""

from __future__ import annotations

import io
import os
import stat
import sys
from dataclasses import dataclass

import click

from calcdiff.errors import CalcdiffError, ParseError, UsageError, visible
from calcdiff.limits import DEFAULT as DEFAULT_LIMITS
from calcdiff.limits import current as current_limits
from calcdiff.limits import TooLarge, max_jobs, use

# marks an argument that starts with "-" but reads as an expression (see the command line's
# looks_like_expression); gather() takes the mark off
EXPR_MARK = "\x00"


MIN_WIDTH = 20  # a narrower terminal (COLUMNS=0, 1) is not believed: rich prints 80 wide


@dataclass
class Item:
    """One input: its text and where it came from."""

    text: str
    source: str | None = None  # file name, '<stdin>', or None for an argument
    line: int | None = None
    error: CalcdiffError | None = None  # the line cannot be read (not UTF-8)
    shown: str | None = None  # the line as written, where ``text`` is made from it (a CSV row)


class App:
    """Owns stdout/stderr for one invocation, the chosen format, and the error path."""

    def __init__(self, fmt: str | None, steps: bool = True):
        ctx = click.get_current_context(silent=True)
        use(ctx.meta.get("calcdiff.limits", DEFAULT_LIMITS) if ctx else DEFAULT_LIMITS)
        out = sys.stdout
        self.is_tty = out.isatty()
        self.fmt = fmt or ("rich" if self.is_tty else "text")
        self.steps = steps
        self.failed = 0
        self.succeeded = 0
        self.printed = 0
        self._console = None
        self.no_color = bool(os.environ.get("NO_COLOR"))
        self.table = None
        self.check_failed = False
        self.latex_bodies: list[str] = []  # -f latex: one document for all inputs, at the end

    # -- output
    def console(self):
        if self._console is None:
            from rich.console import Console

            self._console = Console(
                file=sys.stdout, markup=False, highlight=False,
                no_color=self.no_color, emoji=False, soft_wrap=False,
            )
            if self._console.width < MIN_WIDTH:  # COLUMNS=0 printed one blank line
                self._console.width = 80
        return self._console

    def emit(self, obj, item: Item | None = None) -> None:
        """Write one result in the chosen format (every format through one dispatch)."""
        from calcdiff.read.reading import stderr_notes  # loaded with the result already
        from calcdiff.render import render  # the renderers: only once there is a result to print

        if self.fmt == "latex":
            self.say_notes(stderr_notes(obj))
            self.latex_bodies.append(render(obj, "latex-body", steps=self.steps))
            self.printed += 1
            self.succeeded += 1
            return
        self.say_notes(stderr_notes(obj))
        out = render(obj, self.fmt, steps=self.steps)
        if self.fmt == "rich":
            if self.printed:
                self.console().print()
            self.console().print(out)
        else:
            if self.printed and self.fmt in ("text", "markdown"):
                click.echo()
            click.echo(out)
        self.printed += 1
        self.succeeded += 1

    @staticmethod
    def say_notes(notes) -> None:
        """Notes that are said on stderr too (d/dy of x**2 is 0: perhaps a slip)."""
        for message in notes:
            click.echo(f"note: {message}", err=True)

    def emit_rendered(self, text: str | bytes) -> None:
        """Write one result a worker process already rendered (its UTF-8 bytes, or text)."""
        if type(text) is bytes:
            if self._write_bytes(text):
                return
            text = text.decode("utf-8")
        if self.fmt == "latex":
            self.latex_bodies.append(text)
            self.printed += 1
            self.succeeded += 1
            return
        if self.printed and self.fmt in ("text", "markdown", "rich"):
            click.echo()
        if self.fmt == "rich" or "\x1b" in text:
            click.echo(text)  # click strips terminal codes when the output is not a terminal
        else:  # a batch's thousand lines: click.echo's checks cost more than the writing
            out = sys.stdout
            try:
                out.write(text + "\n")  # encoded whole before anything is written
            except UnicodeEncodeError:  # an ASCII terminal: click writes what it can
                click.echo(text)
            else:
                out.flush()  # as click.echo does: the stderr notes between lines stay in order
        self.printed += 1
        self.succeeded += 1

    def _write_bytes(self, data: bytes) -> bool:
        """Write a rendered result's bytes straight to a UTF-8 standard output, as
        :meth:`emit_rendered` writes its text; False where that cannot be done (rich, LaTeX,
        a terminal's codes for click to strip, another encoding)."""
        out = sys.stdout
        buffer = getattr(out, "buffer", None)
        if (buffer is None or self.fmt in ("latex", "rich") or b"\x1b" in data
                or (getattr(out, "encoding", None) or "").lower().replace("-", "") != "utf8"):
            return False
        if self.printed and self.fmt in ("text", "markdown"):
            click.echo()
        out.flush()  # what the text layer holds goes first
        if len(data) < 1 << 16:  # one system call for a line's usual answer
            buffer.write(data + b"\n")
        else:  # no joined copy of a big answer
            buffer.write(data)
            buffer.write(b"\n")
        buffer.flush()  # as click.echo does: the stderr notes between lines stay in order
        self.printed += 1
        self.succeeded += 1
        return True

    def show(self, answer, item: Item | None) -> None:
        """Print one worker's answer: ("ok", (rendered, stderr notes, tally), check failed) or
        ("error", error, _)."""
        status, payload, failed = answer
        if status == "error":
            self.fail(payload, item)
        else:
            text, notes, counted = payload
            self.say_notes(notes)
            if counted is not None:
                self.count(counted)
            self.emit_rendered(text)
            self.check_failed |= bool(failed)

    def count(self, counted) -> None:
        """A result's tally for a summary of the batch (``grade --summary``); nothing here."""

    def rich_options(self) -> dict:
        if self.fmt != "rich":
            return {}
        console = self.console()
        return {"width": console.width, "color": console.color_system is not None,
                "no_color": self.no_color}

    def fail(self, error: CalcdiffError, item: Item | None = None) -> None:
        """Report one failed input: a message on stderr (and an object in JSON output)."""
        self.failed += 1
        where = ""
        if item is not None and item.line is not None:
            where = f"{visible(item.source)}:{item.line}: "
        if item is not None and item.shown is not None and error.text == item.text:
            error.text, error.start = item.shown, None  # the row as written, no column of it
        message = error.render()
        click.echo(where + message, err=True)
        if self.fmt == "json":
            from calcdiff.render import (
                render,  # the renderers: only once there is a result to print
            )

            obj = {"input": (item.shown or item.text) if item else error.text,
                   **self.record_fields(item), "error": error.to_json()}
            if item is not None and item.shown is not None and "column" in obj["error"]:
                obj["error"]["text"] = error.text  # the column is in this, not in the row
            if item is not None and item.line is not None:
                obj["line"] = item.line
            if item is not None and item.source is not None:
                obj["file"] = item.source  # (a file that cannot be read: its own error)
            click.echo(render(obj, "json"))

    def record_fields(self, item: Item | None) -> dict:
        """Fields a failed input's JSON record carries beside its input (none here)."""
        return {}

    def exit_code(self) -> int:
        """The exit status, after writing what waits for the end (the LaTeX document)."""
        if self.latex_bodies:
            from calcdiff.render.document import latex_document  # only once there is a result

            click.echo(latex_document("\n".join(self.latex_bodies)))
            self.latex_bodies = []
        return 1 if self.failed or self.check_failed else 0

    def load_table(self, rule_files):
        """The rule table with the user's files, or exit 1 with the file's error."""
        if not rule_files:
            return None
        from calcdiff.batch import table_for

        try:
            return table_for(tuple(rule_files))
        except CalcdiffError as exc:
            click.echo(exc.render(), err=True)
            sys.exit(1)


def gather(exprs: tuple[str, ...], files: tuple[str, ...]) -> list[Item]:
    """Arguments, then -i files, then stdin when no argument is given and stdin is not a
    terminal; a '-' among the arguments or the files reads stdin in its place (once)."""
    items: list[Item] = []
    read: list = []  # stdin, once

    def stdin_lines() -> list[Item]:
        if read:
            return []
        read.append(True)
        try:
            return _lines(stdin_bytes(), "<stdin>")
        except TooLarge as exc:  # this source's error; the arguments are still answered
            return [Item("<stdin>", "<stdin>", None, exc)]

    for e in exprs:
        if e == "-":
            items.extend(stdin_lines())
        else:
            items.append(_argument(e[len(EXPR_MARK):] if e.startswith(EXPR_MARK) else e))
    for f in files:
        if f == "-":
            items.extend(stdin_lines())
            continue
        try:
            with open(f, "rb") as fh:
                data = _read_capped(fh, f)
        except OSError as exc:  # a file's error: the other inputs are still answered
            items.append(Item(f, f, None, UsageError(
                f"cannot read {visible(f)}: {exc.strerror or exc}")))
            continue
        except TooLarge as exc:
            items.append(Item(f, f, None, exc))
            continue
        items.extend(_lines(data, f))
    if not exprs and not files:
        if sys.stdin.isatty():
            raise click.UsageError("give an expression, a file with -i, or pipe lines to stdin")
        items.extend(stdin_lines())
    return items


_STDIN: dict = {}  # id(sys.stdin) -> (the stream, its bytes): read once per stream


def stdin_bytes() -> bytes:
    """The whole standard input (read once, under the input limit; a second call gives the
    same bytes): the command line looks at it before the command runs when it decides what
    ``-xy`` means. Kept per stream (a test runs many command lines in one process)."""
    hit = _STDIN.get(id(sys.stdin))
    if hit is None or hit[0] is not sys.stdin:
        stream = getattr(sys.stdin, "buffer", None)
        if stream is None:  # a text stream without bytes underneath (a test's StringIO)
            data = sys.stdin.read().encode("utf-8", "surrogateescape")
        else:
            data = _read_capped(stream, "<stdin>")
        _STDIN.clear()
        hit = _STDIN[id(sys.stdin)] = (sys.stdin, data)
    return hit[1]


def stdin_has_lines() -> bool:
    """May the standard input hold lines to read? Not a terminal, nor /dev/null, nor an
    empty file; a file is read (it ends) and must hold a line that is not blank nor a #
    comment; a pipe may -- it is never waited for here (a pipe left open would hang)."""
    if sys.stdin is None or sys.stdin.isatty():
        return False
    try:
        st = os.fstat(sys.stdin.fileno())
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        st = None  # a stream in memory (a test's): read it
    if st is not None and not stat.S_ISREG(st.st_mode):
        null = os.stat(os.devnull)
        return not (stat.S_ISCHR(st.st_mode) and (st.st_dev, st.st_ino, st.st_rdev) ==
                    (null.st_dev, null.st_ino, null.st_rdev))
    if st is not None and st.st_size == 0:
        return False
    try:
        data = stdin_bytes()
    except TooLarge:
        return True  # lines, too many: reading them says so
    return any(line.strip() and not line.strip().startswith(b"#") for line in data.splitlines())


def _read_capped(stream, name: str) -> bytes:
    """A whole input, or :class:`TooLarge` past the input limit (``-i /dev/zero`` ends)."""
    cap = current_limits().input
    data = stream.read(cap + 1)
    if len(data) > cap:
        raise TooLarge(f"{visible(name)} is over {cap:,} bytes",
                       hint="raise the limit with --limit input=BYTES")
    return data


def _argument(text: str) -> Item:
    """An expression given as an argument: one input, whatever characters it holds (the
    system hands undecodable bytes over as lone surrogates: that argument is not UTF-8)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _undecodable(text.encode("utf-8", "surrogateescape"), None, None)
    return Item(text)


def _undecodable(raw: bytes, source, line) -> Item:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        shown = raw.decode("utf-8", "replace")
        column = len(raw[:exc.start].decode("utf-8", "replace"))
        error = ParseError(f"the line is not UTF-8 text (byte 0x{raw[exc.start]:02x})",
                           shown, column)
        return Item(shown, source, line, error)
    raise AssertionError("_undecodable of valid UTF-8")  # pragma: no cover


def _lines(data: bytes, source: str) -> list[Item]:
    """One input per physical line: a newline, a carriage return and the pair of them end a
    line (Unix, classic Mac and Windows files; a form feed, U+0085, U+2028 or U+2029 inside
    it stays part of it), and each line is decoded on its own, so one invalid byte costs
    only its line. A UTF-8 byte-order mark at the start is dropped."""
    out = []
    if data.startswith(b"\xef\xbb\xbf"):  # a byte-order mark (files saved by Notepad)
        data = data[3:]
    lines = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n")
    for n, raw in enumerate(lines, 1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            out.append(_undecodable(raw, source, n))
            continue
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        out.append(Item(line, source, n))
    return out


PARALLEL_MIN_ITEMS = 40


PROGRESS_MIN_ITEMS = 200


def say_empty() -> None:
    """The note for an input with nothing to read (exit status 0: no input failed)."""
    click.echo("note: no expressions to read (the input is empty, or only comments and "
               "blank lines)", err=True)


def run_batch(app: App, items: list[Item], job, jobs: int = 1) -> None:
    """Every item processed in input order, each in a worker process under the limits
    (:mod:`calcdiff.limits`); errors reported per item, the rest go on."""
    from calcdiff.batch import answer_line, prepare, table_for
    from calcdiff.workers import supervise

    if not items:  # empty stdin, or a file of comments and blank lines: nothing to do
        say_empty()
        return
    table = table_for(job.rule_files)
    options = app.rich_options()
    readable = [item for item in items if item.error is None]
    jobs = max_jobs(jobs) if len(readable) >= PARALLEL_MIN_ITEMS else 1
    prepare(job, app.fmt, app.steps, options, table, warm=jobs > 1)

    def task(k):
        return answer_line(job, app.fmt, app.steps, readable[k].text, options, table)

    limits = current_limits()
    answers = supervise(task, len(readable), jobs=jobs, seconds=limits.time,
                        memory=limits.memory)
    progress = _progress(len(items))
    try:
        for item in items:
            if item.error is not None:
                app.fail(item.error, item)
            else:
                _, answer = next(answers)
                app.show(answer, item)
            if progress:
                progress.advance()
    finally:
        answers.close()
        if progress:
            progress.close()


def run_one(app: App, fn, *args, items: list[Item] | None = None,
            failed: list[Item] = (), ordered: list[Item] = ()) -> None:
    """One request that is not a line of a batch (a Jacobian of all the inputs), under the
    same limits in a worker process; an error in one of ``items`` (the request's rows) is
    reported at its file and line, with every other row's error (its ``others``) and the
    ``failed`` items' (rows that could not be decoded), in the input's order (``ordered``:
    every item, file after file). With ``failed``, an answer is not shown: ``fn`` only read
    the other rows."""
    from calcdiff.batch import answer, call_safely
    from calcdiff.workers import supervise

    options = app.rich_options()
    limits = current_limits()

    def task(_i):
        if failed:  # fn only reads the other rows: nothing to print
            error = call_safely(fn, *args)[1]
            return ("ok", None, None) if error is None else ("error", error, None)
        return answer(fn, args, app.fmt, app.steps, options)

    for _, result in supervise(task, 1, seconds=limits.time, memory=limits.memory):
        if result[0] != "error":
            if not failed:
                app.show(result, None)
            errors = []
        else:
            error = result[1]
            errors = [(_row_item(error, items), error)]
            errors += [(items[row], other) for row, other in error.others]
        errors += [(item, item.error) for item in failed]
        place = {id(item): k for k, item in enumerate(ordered)}
        errors.sort(key=lambda pair: -1 if pair[0] is None else place.get(id(pair[0]), 0))
        for item, error in errors:
            app.fail(error, item)


def _row_item(error, items: list[Item] | None) -> Item | None:
    """The row an error of a request of several rows is about: its own, else the one whose
    text it echoes."""
    if not items:
        return None
    if error.row is not None and error.row < len(items):
        return items[error.row]
    return next((i for i in items if i.text == error.text), None)


class _Progress:
    def __init__(self, total: int):
        from rich.console import Console
        from rich.progress import Progress

        self.progress = Progress(console=Console(stderr=True), transient=True)
        self.progress.start()
        self.task = self.progress.add_task("calcdiff", total=total)

    def advance(self):
        self.progress.advance(self.task)

    def close(self):
        self.progress.stop()


def _progress(n: int):
    """A progress bar on stderr, only for long batches and only when stderr is a terminal."""
    if n < PROGRESS_MIN_ITEMS or not sys.stderr.isatty():
        return None
    return _Progress(n)
