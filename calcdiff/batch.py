"""Batches: one request (a :class:`Job`) applied to many input lines, in order, optionally
spread over worker processes. Library code: no click; the CLI prints what this returns."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .errors import CalcdiffError, LimitError


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


@lru_cache(maxsize=8)
def table_for(rule_files: tuple[str, ...]):
    if not rule_files:
        return None
    from .table import load_user_rules

    return load_user_rules(rule_files)


def attach_checks(result, table) -> bool:
    """Run --check on every derivation inside ``result``; True when all passed."""
    from .check import check_derivation
    from .deep import call_deep
    from .results import Gradient, Matrix

    if isinstance(result, Gradient):
        derivs = result.partials
    elif isinstance(result, Matrix):
        derivs = list({id(d): d for row in result.entries for d in row}.values())
    else:
        derivs = [result]
    ok = True
    for d in derivs:
        if getattr(d, "check", None) is None:
            d.check = call_deep(check_derivation, d, table)
        ok = ok and d.check.ok
    return ok


def compute(job: Job, text: str, table=None):
    """The result object for one input line."""
    vars_ = list(job.vars) if job.vars is not None else None
    if job.command == "parse":
        from .parser import parse_request

        return parse_request(text, vars=vars_, table=table)
    if job.command == "derive":
        from .api import derive

        result = derive(text, list(job.wrt) or None, job.order, vars=vars_, at=job.at,
                        simplify=job.simplify, lets=list(job.lets) or None, table=table)
    elif job.command in ("grad", "hessian"):
        from . import multivar

        if job.command == "grad":
            result = multivar.grad(text, vars=vars_, at=job.at, simplify=job.simplify,
                                   table=table, direction=job.direction)
        else:
            result = multivar.hessian(text, vars=vars_, at=job.at, simplify=job.simplify,
                                      table=table)
    elif job.command in ("tangent", "limit", "taylor"):
        from . import explore

        if job.command == "tangent":
            result = explore.tangent(text, job.at, vars=vars_, simplify=job.simplify, table=table)
        elif job.command == "limit":
            result = explore.limit(text, job.at, job.h, job.rows, job.central, vars=vars_,
                                   simplify=job.simplify, table=table)
        else:
            result = explore.taylor(text, job.at, job.order, vars=vars_, simplify=job.simplify,
                                    table=table)
        return result
    elif job.command == "descend":
        from .learn import descend

        return descend(text, job.start, job.lr, job.iterations, job.tol, vars=vars_,
                       simplify=job.simplify, table=table)
    elif job.command == "backprop":
        from .learn import backprop

        return backprop(text, job.at, list(job.lets) or None, vars=vars_,
                        simplify=job.simplify, table=table)
    else:  # pragma: no cover
        raise ValueError(job.command)
    if job.check:
        attach_checks(result, table)
    return result


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


def check_failed(result) -> bool:
    from .results import Gradient, Matrix

    if isinstance(result, Gradient):
        derivs = result.partials
    elif isinstance(result, Matrix):
        derivs = [d for row in result.entries for d in row]
    else:
        derivs = [result]
    return any(getattr(d, "check", None) is not None and not d.check.ok for d in derivs)


def work_chunk(job: Job, fmt: str, steps: bool, texts: list[str], render_options: dict):
    """Worker-process entry: compute and render a chunk of lines.

    Returns, per line, ("ok", rendered, check_failed) or ("error", error, None)."""
    from .render import render_string  # the renderers: only in worker processes that print

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
