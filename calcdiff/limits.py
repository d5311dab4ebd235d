"""The budget every request runs under: one documented limit per kind of size, each with its
default and the option that raises it (README, "Limits"). Past a limit a request stops with
one line, ``too large: ...``, and exit status 1; in a batch only that line fails.

| limit             | default   | raise it with                    |
|-------------------|-----------|----------------------------------|
| time per input    | 6 s       | ``--timeout S``                  |
| memory per worker | 1024 MiB  | ``--limit memory=MIB``           |
| derivative order  | 100       | ``--limit order=N`` (``-n`` too) |
| SymPy work        | 3 s       | ``--limit sympy=S``              |
| rule file size    | 1 MB      | ``--limit rules=BYTES``          |
| an input file     | 64 MiB    | ``--limit input=BYTES``          |
| worker processes  | the cores | (``-j`` above is lowered to it)  |

The input's length, nesting depth and number sizes are the reader's limits
(:mod:`calcdiff.read.lexer`, :mod:`calcdiff.read.parser`); the deep thread's stack and
recursion depth are :mod:`calcdiff.deep`'s. Expression growth (a 3,000-factor product, a
tower of powers, a Hessian over 200 variables) is bounded by the time and memory of its
worker: the growth cannot be told from the input's size before the work is done.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace

from calcdiff.errors import LimitError


@dataclass(frozen=True)
class Limits:
    time: float = 6.0  # seconds per input line (or per request), --timeout
    memory: int = 1024  # MiB of address space for each worker process
    order: int = 100  # differentiations in one request, however the order is written
    sympy: float = 3.0  # seconds for SymPy's part of --check and --simplify full
    rules: int = 1_000_000  # bytes of one --rules file
    input: int = 64 * 1024 * 1024  # bytes of one -i file or of standard input

    def with_options(self, items) -> "Limits":
        """These limits with ``NAME=VALUE`` strings applied (the ``--limit`` option)."""
        known = {f.name: f.type for f in fields(self)}
        changes = {}
        for item in items:
            name, sep, value = str(item).partition("=")
            name = name.strip()
            if not sep or name not in known or name == "time":
                raise LimitError(f"--limit takes NAME=VALUE with NAME one of "
                                 f"{', '.join(n for n in known if n != 'time')}, not {item!r}")
            try:
                number = float(value) if known[name] == "float" else int(value)
            except ValueError:
                raise LimitError(f"--limit {name}= needs a number, not {value!r}") from None
            if not number > 0 or number > 1e9:
                raise LimitError(f"--limit {name}= must be positive (at most 1e9), not {value!r}")
            changes[name] = number
        return replace(self, **changes)


DEFAULT = Limits()
_current: Limits | None = None  # None: a library caller's process, no process budgets


def current() -> Limits:
    """The limits of this process's requests (a worker's are set by the command line)."""
    return _current or DEFAULT


def enforced() -> bool:
    """Whether this process runs under the command line's budgets (set by :func:`use`);
    a library caller's own process is not put under them unasked."""
    return _current is not None


def use(limits: Limits | None) -> None:
    """Make ``limits`` the limits of this process's requests from now on (None: none, as in a
    library caller's process)."""
    global _current
    _current = limits


class TooLarge(LimitError):
    """A request past one of its limits: the message says which, and how to raise it."""

    def __init__(self, message: str, text: str | None = None, start: int | None = None,
                 end: int | None = None, hint: str | None = None) -> None:
        super().__init__("too large: " + message, text, start, end, hint)


def check_order(order: int, text: str | None = None, start: int | None = None,
                end: int | None = None) -> int:
    """``order`` if it is within the order limit; else :class:`TooLarge`."""
    limit = current().order
    if order > limit:
        raise TooLarge(f"the derivative order {order:,} is over the limit of {limit:,}",
                       text, start, end, hint="raise it with --limit order=N")
    return order


def check_order_text(digits: str, text: str | None = None, start: int | None = None) -> int:
    """An order written in the input (``d^10000000/dx^10000000``): checked on its digits
    before it becomes a number, so thirty nines cost nothing."""
    digits = digits.lstrip("0") or "0"
    end = None if start is None else start + len(digits)
    if len(digits) > 40:
        raise TooLarge(f"the derivative order (a {len(digits):,}-digit number) is over the "
                       f"limit of {current().order:,}", text, start, end,
                       hint="raise it with --limit order=N")
    return check_order(int(digits), text, start, end)


def max_jobs(asked: int) -> int:
    """``-j`` lowered to the number of cores this process may use (more only thrash); 0 (the
    default) is every one of them."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover (not Linux)
        cores = os.cpu_count() or 1
    return max(1, min(asked or cores, cores))
