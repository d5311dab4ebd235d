"""Batches: one request (a :class:`Job`) applied to many input lines, in order, optionally
spread over worker processes. Library code: no click; the CLI prints what this returns."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from calcdiff.commands.check import check_failed
from calcdiff.errors import CalcdiffError
from calcdiff.limits import TooLarge
from calcdiff.read.reading import stderr_notes
from calcdiff.read.rule_exprs import builtin_table
from calcdiff.table import with_unknown_functions
from calcdiff.render import render_string


class InternalError(CalcdiffError):
    kind = "internal"


@dataclass(frozen=True)
class Job:
    """What to do with each input line (every field picklable, for worker processes)."""

    command: str  # parse | derive | grad | hessian
    wrt: tuple[str, ...] = ()
    order: int = 1
    lets: tuple[str, ...] = ()
    at: str | None = None
    simplify: str = "basic"
    vars: tuple[str, ...] | None = None
    check: bool = False
    rule_files: tuple[str, ...] = ()
    h: str = "0.1"  # limit
    rows: int = 5  # limit
    central: bool = False  # limit
    direction: str | None = None  # grad
    start: str | None = None  # descend, newton
    lr: str | None = None  # descend (default 0.1), backprop (the update step)
    iterations: int = 1000  # descend, newton
    tol: float = 1e-9  # descend, newton
    data: str | None = None  # descend: a CSV file of samples
    batch_size: int | None = None  # descend --data
    seed: int | None = None  # descend --data
    epochs: int | None = None  # descend --data
    method: str = "gd"  # descend
    momentum: str | None = None  # descend
    every: int = 1  # descend
    params: str | None = None  # backprop
    answer: str | None = None  # grade (else each line carries its own)
    dependent: str | None = None  # derive of an equation (implicit differentiation)
    functions: tuple[str, ...] = ()  # --function: names of unknown functions
    matrix: tuple[str, ...] = ()  # grad of a matrix expression: --matrix A:n,n
    vector: tuple[str, ...] = ()  # --vector x:n
    scalar: tuple[str, ...] = ()  # --scalar lambda
    layout: str | None = None  # --layout denominator|numerator
    full: bool = False  # derive, grad, hessian: every expression whole, no shared names


@lru_cache(maxsize=8)
def table_for(rule_files: tuple[str, ...]):
    if not rule_files:
        return None
    from calcdiff.deriving.user_rules import load_user_rules  # only with --rules (start-up)

    return load_user_rules(rule_files)



# command -> the library call that answers one input line of it. Each command's module is
# imported when a line of it first runs (start-up: a batch of derive loads no taylor).


def _parse(job, text, vars_, table):
    from calcdiff.commands.reading import parse

    return parse(text, vars_, table)


def _derive(job, text, vars_, table):
    from calcdiff.commands.differentiate import derive

    return derive(text, list(job.wrt) or None, job.order, vars=vars_, at=job.at,
                  simplify=job.simplify, lets=list(job.lets) or None, table=table,
                  check=job.check, dependent=job.dependent, full=job.full)


def _grad(job, text, vars_, table):
    from calcdiff.commands.multivar import grad

    return grad(text, vars=vars_, at=job.at, simplify=job.simplify, table=table,
                direction=job.direction, check=job.check, wrt=job.wrt, matrix=job.matrix,
                vector=job.vector, scalar=job.scalar, layout=job.layout, full=job.full,
                lets=list(job.lets) or None)


def _hessian(job, text, vars_, table):
    from calcdiff.commands.multivar import hessian

    return hessian(text, vars=vars_, at=job.at, simplify=job.simplify, table=table,
                   check=job.check, wrt=job.wrt, full=job.full, lets=list(job.lets) or None)


def _tangent(job, text, vars_, table):
    from calcdiff.commands.explore import tangent

    return tangent(text, job.at, vars=vars_, simplify=job.simplify, table=table,
                   lets=list(job.lets) or None)


def _limit(job, text, vars_, table):
    from calcdiff.commands.limits import limit

    return limit(text, job.at, job.h, job.rows, job.central, vars=vars_, simplify=job.simplify,
                 table=table, wrt=job.wrt[0] if job.wrt else None, lets=list(job.lets) or None)


def _taylor(job, text, vars_, table):
    from calcdiff.commands.taylor_multi import taylor

    return taylor(text, job.at, job.order, vars=vars_, simplify=job.simplify, table=table,
                  lets=list(job.lets) or None)


def _descend(job, text, vars_, table):
    from calcdiff.commands.learn import descend

    return descend(text, job.start, job.lr, job.iterations,
                   job.tol, vars=vars_, simplify=job.simplify, table=table, data=job.data,
                   batch_size=job.batch_size, seed=job.seed, epochs=job.epochs,
                   method=job.method, momentum=job.momentum, every=job.every,
                   lets=list(job.lets) or None)


def _newton(job, text, vars_, table):
    from calcdiff.commands.newton import newton

    return newton(text, job.start, job.iterations, job.tol, vars=vars_, simplify=job.simplify,
                  table=table, lets=list(job.lets) or None)


def _backprop(job, text, vars_, table):
    from calcdiff.commands.backprop import backprop

    return backprop(text, job.at, list(job.lets) or None, vars=vars_, simplify=job.simplify,
                    table=table, lr=job.lr, params=job.params, check=job.check)


def _grade(job, text, vars_, table):
    from calcdiff.commands.grade import grade_line

    return grade_line(text, job.answer, list(job.wrt) or None, vars=vars_,
                      simplify=job.simplify, table=table)


COMMANDS = {"parse": _parse, "derive": _derive, "grad": _grad, "hessian": _hessian,
            "tangent": _tangent, "limit": _limit, "taylor": _taylor, "descend": _descend,
            "newton": _newton, "backprop": _backprop, "grade": _grade}


WARM_UP = "x"  # a line every command reads, answered once before workers fork


def prepare(job: Job, fmt: str, steps: bool, render_options: dict, table=None,
            warm: bool = False) -> None:
    """Load before the workers fork what every line of ``job`` will need, so that no line's
    time budget is spent loading it: SymPy for --check and --simplify full; and, when
    ``warm`` (several workers), what a first answer loads (the modules a view imports on
    first use, the rules' expressions, the reader's tables), by answering a tiny line here
    (with a worker per core, loading it again in each was a third of a drill batch's CPU
    time). That answer, or its error, is dropped."""
    if job.check or job.simplify == "full":
        from calcdiff.sympy_bridge import _sympy  # only these options need SymPy

        _sympy()
    if warm:
        try:
            answer_line(job, fmt, steps, WARM_UP, render_options, table)
        except Exception:  # noqa: BLE001 (only a head start: the lines themselves run isolated)
            pass


def compute(job: Job, text: str, table=None):
    """The result object for one input line."""
    vars_ = list(job.vars) if job.vars is not None else None
    if job.functions:
        table = with_unknown_functions(table if table is not None else builtin_table(),
                                       job.functions)
    return COMMANDS[job.command](job, text, vars_, table)


def compute_safely(job: Job, text: str, table=None):
    """(result, None) or (None, CalcdiffError) — never raises for bad input."""
    return call_safely(compute, job, text, table)


def call_safely(fn, *args):
    """(fn(*args), None) or (None, CalcdiffError) — a bug of ours becomes this input's error,
    never a traceback."""
    try:
        return fn(*args), None
    except CalcdiffError as exc:
        return None, exc
    except RecursionError:
        return None, TooLarge("the expression is too deeply nested to process")
    except (ArithmeticError, ValueError, TypeError, KeyError, AttributeError) as exc:
        # a bug of ours must not become a traceback: report it for this line and go on
        return None, InternalError(f"internal error ({type(exc).__name__}: {exc}); "
                                   "please report this input")


def answer_line(job: Job, fmt: str, steps: bool, text: str, render_options: dict, table=None):
    """One input line computed and rendered: what :func:`answer` returns."""
    return answer(compute, (job, text, table), fmt, steps, render_options)


def answer(fn, args, fmt: str, steps: bool, render_options: dict):
    """``fn(*args)`` computed and rendered: ("ok", (rendered, notes for stderr, tally),
    check_failed) or ("error", CalcdiffError, None); ``rendered`` is the text's UTF-8 bytes
    (the text itself where it cannot be UTF-8), the tally is what a summary of the batch
    counts of the result (a grade's), else None. The task of a worker process
    (:mod:`calcdiff.workers`)."""
    result, error = call_safely(fn, *args)
    if error is not None:
        return ("error", error, None)
    try:
        rendered = render_string(result, "latex-body" if fmt == "latex" else fmt, steps,
                                 **render_options)
    except RecursionError:
        return ("error", TooLarge("the result is too deeply nested to print"), None)
    except (ArithmeticError, ValueError, TypeError, KeyError, AttributeError) as exc:
        return ("error", InternalError(f"internal error while printing ({exc})"), None)
    return ("ok", (_travelling(rendered), tuple(stderr_notes(result)), tally_of(result)),
            check_failed(result))


def _travelling(text: str) -> bytes | str:
    """A rendered answer as it goes back to the parent process: its UTF-8 bytes, which the
    parent writes as they are (pickling a 2.5 MB text that is not ASCII took 5.4 ms, and
    writing it through the text layer 3.1 ms; its bytes are a copy), or the text itself
    where it cannot be UTF-8 (a command-line argument's undecodable bytes)."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return text


def tally_of(result):
    """What a batch summary counts of ``result`` (its ``tally()``: a grade's), else None."""
    tally = getattr(result, "tally", None)
    return tally() if tally is not None else None
