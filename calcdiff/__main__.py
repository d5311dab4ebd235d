"""The ``calcdiff`` command's entry point, and ``python -m calcdiff``.

``calcdiff --version`` is answered here, before the command line is loaded: click and the
commands' options take about two thirds of a 0.1 s budget, and a version needs neither.
Everything else goes to :func:`calcdiff.cli.main` (whose own ``--version``, click's, prints
the same line: a test holds them together).
"""

from __future__ import annotations

import codecs  # loaded at start-up by the interpreter itself: no cost
import os
import signal
import sys

from calcdiff import __version__


def version_line() -> str:
    """What ``calcdiff --version`` prints (click's form: "NAME, version X")."""
    return f"calcdiff, version {__version__}"


def run():
    """The console script: ``--version`` at once, else the click command line, after which
    the process ends at once (:func:`end`)."""
    if _closed_streams():
        return 1
    if sys.argv[1:] == ["--version"]:
        sys.stdout.write(version_line() + "\n")
        return 0
    from calcdiff.cli import main

    _escape_what_cannot_be_written()
    for sig in (signal.SIGTERM, signal.SIGHUP):  # kill PID, a closed terminal: the workers
        signal.signal(sig, _stop)  # are killed on the way out (workers.supervise), not left
    try:
        main()
    except SystemExit as exc:
        end(exc.code)
    except OSError as exc:  # the output cannot be written: a full disk (click answers a
        # closed pipe itself, with status 1)
        _complain(exc)
        end(1)
    end(0)


def _stop(signum, _frame) -> None:
    """SIGTERM or SIGHUP: end as that signal would (status 128 + its number), through the
    ``finally`` blocks that kill the worker processes."""
    raise SystemExit(128 + signum)


def _closed_streams() -> bool:
    """A standard stream the process was started without (``<&-``, ``>&-``: the interpreter
    leaves it None). A closed input reads as an empty one and a closed error stream says
    nothing; a closed output cannot be written: said, and True (exit status 1, as for a full
    disk), never a traceback."""
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 (lives as long as the process)
    if sys.stdin is None:
        sys.stdin = open(os.devnull)  # noqa: SIM115
    if sys.stdout is None:
        _complain(OSError("standard output is closed"))
        return True
    return False


def _escape_what_cannot_be_written() -> None:
    """On an output whose encoding is not UTF-8 (``PYTHONIOENCODING=latin-1``, an old
    terminal), a character it cannot hold (′, ⁿ, ∂) is written as JSON's escape of it
    (``\u2032``; a surrogate pair past U+FFFF), so that JSON stays JSON and text stays
    readable, never a traceback."""
    codecs.register_error("calcdiff-escape", _json_escape)
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="calcdiff-escape")
            except (ValueError, OSError):  # pragma: no cover (a stream that cannot change)
                pass


def _json_escape(error: UnicodeEncodeError) -> tuple[str, int]:
    """The characters an encoding could not hold, as ``\\uXXXX`` escapes."""
    out = []
    for c in error.object[error.start:error.end]:
        n = ord(c)
        if n > 0xFFFF:
            n -= 0x10000
            out.append(f"\\u{0xD800 + (n >> 10):04x}\\u{0xDC00 + (n & 0x3FF):04x}")
        else:
            out.append(f"\\u{n:04x}")
    return "".join(out), error.end


def end(code) -> None:
    """End the process with the command's exit status (``code``: a ``SystemExit``'s), once
    what it wrote is flushed, skipping the interpreter's teardown: freeing every object of
    click, rich and the computation one by one cost about 30 ms of every command (measured:
    the time from the last write to the process's end, 28-41 ms, against 1-4 ms). Only the
    console script ends so; the library and click's test runner return as usual. Never
    returns (``typing.NoReturn``, not imported: ``--version`` loads nothing it need not)."""
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:  # SystemExit("message"): printed, status 1, as the interpreter would
        sys.stderr.write(f"{code}\n")
        status = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BrokenPipeError:  # the reader has gone (| head): nothing to say
            status = status or 1
        except (OSError, ValueError) as exc:  # a full disk; a stream closed
            status = status or 1
            if stream is sys.stdout:
                _complain(exc)
    os._exit(status)


def _complain(exc: Exception) -> None:
    try:
        sys.stderr.write(f"error: cannot write the output: "
                         f"{getattr(exc, 'strerror', None) or exc}\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


if __name__ == "__main__":
    sys.exit(run())
