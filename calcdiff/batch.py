"""Batches: one request (a :class:`Job`) applied to many input lines, in order, optionally
spread over worker processes. Library code: no click; the CLI prints what this returns."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from calcdiff.commands.check import check_failed
from calcdiff.errors import CalcdiffError, LimitError
from calcdiff.read.request import parse_request
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
    start: str | None = None  # descend
    lr: str = "0.1"  # descend
    iterations: int = 1000  # descend
    tol: float = 1e-9  # descend
    matrix: tuple[str, ...] = ()  # grad of a matrix expression: --matrix A:n,n
    vector: tuple[str, ...] = ()  # --vector x:n
    scalar: tuple[str, ...] = ()  # --scalar lambda
    layout: str | None = None  # --layout denominator|numerator


@lru_cache(maxsize=8)
def table_for(rule_files: tuple[str, ...]):
    if not rule_files:
        return None
    from calcdiff.deriving.user_rules import load_user_rules  # only with --rules (start-up)

    return load_user_rules(rule_files)



# command -> the library call that answers one input line of it. Each command's module is
# imported when a line of it first runs (start-up: a batch of derive loads no taylor).


def _parse(job, text, vars_, table):
    return parse_request(text, vars=vars_, table=table)


def _derive(job, text, vars_, table):
    from calcdiff.commands.differentiate import derive

    return derive(text, list(job.wrt) or None, job.order, vars=vars_, at=job.at,
                  simplify=job.simplify, lets=list(job.lets) or None, table=table,
                  check=job.check)


def _grad(job, text, vars_, table):
    from calcdiff.commands.multivar import grad

    return grad(text, vars=vars_, at=job.at, simplify=job.simplify, table=table,
                direction=job.direction, check=job.check, wrt=job.wrt, matrix=job.matrix,
                vector=job.vector, scalar=job.scalar, layout=job.layout)


def _hessian(job, text, vars_, table):
    from calcdiff.commands.multivar import hessian

    return hessian(text, vars=vars_, at=job.at, simplify=job.simplify, table=table,
                   check=job.check)


def _tangent(job, text, vars_, table):
    from calcdiff.commands.explore import tangent

    return tangent(text, job.at, vars=vars_, simplify=job.simplify, table=table)


def _limit(job, text, vars_, table):
    from calcdiff.commands.explore import limit

    return limit(text, job.at, job.h, job.rows, job.central, vars=vars_, simplify=job.simplify,
                 table=table)


def _taylor(job, text, vars_, table):
    from calcdiff.commands.explore import taylor

    return taylor(text, job.at, job.order, vars=vars_, simplify=job.simplify, table=table)


def _descend(job, text, vars_, table):
    from calcdiff.commands.learn import descend

    return descend(text, job.start, job.lr, job.iterations, job.tol, vars=vars_,
                   simplify=job.simplify, table=table)


def _backprop(job, text, vars_, table):
    from calcdiff.commands.learn import backprop

    return backprop(text, job.at, list(job.lets) or None, vars=vars_, simplify=job.simplify,
                    table=table)


COMMANDS = {"parse": _parse, "derive": _derive, "grad": _grad, "hessian": _hessian,
            "tangent": _tangent, "limit": _limit, "taylor": _taylor, "descend": _descend,
            "backprop": _backprop}


def compute(job: Job, text: str, table=None):
    """The result object for one input line."""
    vars_ = list(job.vars) if job.vars is not None else None
    return COMMANDS[job.command](job, text, vars_, table)


def compute_safely(job: Job, text: str, table=None):
    """(result, None) or (None, CalcdiffError) — never raises for bad input."""
    try:
        return compute(job, text, table), None
    except CalcdiffError as exc:
        return None, exc
    except RecursionError:
        return None, LimitError("the expression is too deeply nested to process")
    except (ArithmeticError, ValueError, TypeError, KeyError, AttributeError) as exc:
        # a bug of ours must not become a traceback: report it for this line and go on
        return None, InternalError(f"internal error ({type(exc).__name__}: {exc}); "
                                   "please report this input")



def work_chunk(job: Job, fmt: str, steps: bool, texts: list[str], render_options: dict):
    """Worker-process entry: compute and render a chunk of lines.

    Returns, per line, ("ok", rendered, check_failed) or ("error", error, None)."""
    table = table_for(job.rule_files)
    out = []
    for text in texts:
        result, error = compute_safely(job, text, table)
        if error is not None:
            out.append(("error", error, None))
            continue
        try:
            rendered = render_string(result, "latex-body" if fmt == "latex" else fmt, steps,
                                     **render_options)
        except (ArithmeticError, ValueError, TypeError, KeyError, AttributeError) as exc:
            out.append(("error", InternalError(f"internal error while printing ({exc})"), None))
            continue
        out.append(("ok", rendered, check_failed(result)))
    return out
