"""``--check``: calcdiff verifies its own work.

Each step is checked numerically: its expression is differentiated by central differences
at several random points inside its domain and compared with the step's result at the same
points. The final answer is checked symbolically against SymPy (numerically where SymPy's
simplification is inconclusive).
"""

from __future__ import annotations

import math
import random

from calcdiff import undefined as unknown
from calcdiff.algebra.evaluate import evaluate
from calcdiff.deriving.steps import Step
from calcdiff.errors import DomainError
from calcdiff.results import CheckReport, Derivation, Gradient, Matrix, StepCheck
from calcdiff.limits import current as current_limits
from calcdiff.read.rule_exprs import builtin_table
from calcdiff.sympy_bridge import bounded, to_sympy, verifiable
from calcdiff.tree.nodes import Call, walk
from calcdiff.tree.printer import to_plain

POINTS = 4
TRIES = 60
REL_TOL = 1e-5
ABS_TOL = 1e-7






def _sample(rng: random.Random, names, scale: float) -> dict:
    return {n: rng.uniform(-scale, scale) for n in names}


def _has_unknown_function(step: Step, table) -> bool:
    functions = (table or builtin_table()).functions
    return any(type(n) is Call and n.func not in functions and unknown.split(n.func)
               for e in (step.expr, step.result) for n in walk(e))


def _unverifiable(e, table) -> str | None:
    """The first function of ``e`` whose rule (a user's, with no definition and no SymPy
    function) nothing can check: its derivative would be compared with itself."""
    functions = (table or builtin_table()).functions
    for n in walk(e):
        if type(n) is Call:
            rule = functions.get(n.func)
            if rule is not None and not verifiable(rule):
                return n.func
    return None


def _check_step_symbolically(step: Step, sc: StepCheck, table) -> StepCheck:
    """A step with an unknown function f(x) (which has no values): SymPy's diff of its
    expression, with f a SymPy ``Function``, against its result."""
    import sympy  # the oracle, only for --check

    var = sympy.Symbol(step.var)
    delta = sympy.diff(to_sympy(step.expr, table=table), var) - to_sympy(step.result,
                                                                          table=table)
    if sympy.simplify(delta.doit()) != 0:
        sc.status = "fail"
        sc.detail = f"SymPy's derivative differs from the step's result by {delta.doit()}"
    else:
        sc.detail = "symbolic (SymPy): an unknown function has no values to test"
    return sc


H_STEPS = (1e-4, 1e-7, 1e-10)  # relative steps of the difference quotient, tried in turn


def _difference(step: Step, env: dict, h: float, table):
    """(the step's expression differentiated by central differences at ``env``, with
    Richardson extrapolation; how far the estimates with h and h/2 are apart), or None where
    the expression has no value near the point."""
    x = env[step.var]
    try:
        f = [evaluate(step.expr, {**env, step.var: x + k * h / 2}, table)
             for k in (-2, -1, 1, 2)]
    except (DomainError, KeyError, TypeError, ValueError, OverflowError):
        return None
    if not all(map(math.isfinite, f)):
        return None
    coarse = (f[3] - f[0]) / (2 * h)  # central difference with step h
    fine = (f[2] - f[1]) / h  # and with step h/2
    return (4 * fine - coarse) / 3, abs(fine - coarse)  # Richardson: error O(h^4)


def _unresolved(step: Step, env: dict, slope: float, table) -> bool:
    """Does the step's expression change by more than a million times its own size over the
    finest difference step at ``env`` (``slope``: the step's result there)? No quotient of
    doubles can follow it there (sin(e^(1/x^2)) near 0: e^(1/x^2) is 6.7e22 at x = -0.138,
    and sin of it is noise): the point is skipped, not failed."""
    try:
        size = abs(evaluate(step.expr, env, table))
    except (DomainError, KeyError, TypeError, ValueError, OverflowError):
        return False
    finest = H_STEPS[-1] * max(1.0, abs(env[step.var]))
    return math.isfinite(size) and abs(slope) * finest > 1e6 * max(1.0, size)


def check_step(step: Step, path: str, rng: random.Random, table=None) -> StepCheck:
    sc = StepCheck(path, step.rule, to_plain(step.expr), step.var, "ok")
    if _has_unknown_function(step, table):
        return _check_step_symbolically(step, sc, table)
    names = sorted(step.expr.free | step.result.free | {step.var})
    found = 0
    tries = 0
    while found < POINTS and tries < TRIES:
        tries += 1
        env = _sample(rng, names, 3.0 if tries < TRIES // 2 else 0.9)
        try:
            got = evaluate(step.result, env, table)
        except (DomainError, KeyError, TypeError, ValueError, OverflowError):
            continue
        if not math.isfinite(got) or _unresolved(step, env, got, table):
            continue
        # a step 1000 and a million times smaller where the first disagrees: a function
        # that turns fast (cos(10^(x^x)), slope 2.7e5) fools a difference over 1e-4
        agrees = None  # no quotient that means something at this point (yet)
        for h in H_STEPS:
            estimate = _difference(step, env, h * max(1.0, abs(env[step.var])), table)
            if estimate is None:
                break
            numeric, spread = estimate
            scale = max(1.0, abs(numeric), abs(got))
            if spread > 1e-2 * scale:
                continue  # near a kink or a pole the quotient means nothing here
            agrees = abs(numeric - got) <= REL_TOL * scale + ABS_TOL + 10 * spread
            if agrees:
                break
            wrong = numeric  # the finest quotient that disagrees is the one reported
        if agrees is None:
            continue  # skip the point
        found += 1
        if not agrees:
            numeric = wrong
            sc.status = "fail"
            sc.point = {k: round(v, 12) for k, v in env.items()}
            sc.expected, sc.got = numeric, got
            sc.detail = (f"at {', '.join(f'{k} = {v:.6g}' for k, v in env.items())}: "
                         f"central difference {numeric:.10g}, step result {got:.10g}")
            return sc
    if found == 0:
        sc.status = "skipped"
        name = _unverifiable(step.expr, table)
        sc.detail = (f"{name} has no values to test: its rule has neither a definition nor "
                     "a numeric evaluation" if name else "no point of the domain found to test")
    return sc


def check_derivation(d: Derivation, table=None, seed: int = 0) -> CheckReport:
    rng = random.Random(seed)
    report = CheckReport()
    for k, part in enumerate(d.parts, 1):
        stack = [(part.step, f"{k}")]
        seen = set()
        while stack:
            step, path = stack.pop()
            if id(step) in seen:
                continue
            seen.add(id(step))
            report.steps.append(check_step(step, path, rng, table))
            for i, sub in reversed(list(enumerate(step.substeps, 1))):
                stack.append((sub, f"{path}.{i}"))
        # the last step of the trace: the simplification, the same claim as the root's (a
        # simplification that changed nothing is no step)
        if part.changed:
            report.steps.append(check_step(part.simplification, f"{k}.simplify", rng, table))
    report.steps.sort(key=lambda s: [int(p) if p.isdigit() else 10**9 for p in s.path.split(".")])
    status, method, detail = bounded(check_symbolic, d, table, fallback=(
        "skipped", "", f"SymPy's check ran past its budget of {current_limits().sympy:g} s or "
        f"{current_limits().memory:,} MiB "
        "(raise it with --limit sympy=S)"))
    report.final_status, report.final_method, report.final_detail = status, method, detail
    return report


def check_symbolic(d: Derivation, table=None) -> tuple[str, str, str]:
    """The final answer against SymPy's diff of the input (symbolic, then numeric)."""

    try:
        import sympy
    except ImportError:  # pragma: no cover
        return "skipped", "", "sympy is not installed"
    name = _unverifiable(d.parts[0].step.expr, table)
    if name is not None:
        return "skipped", "", (f"{name}'s rule has neither a definition nor a SymPy function: "
                               "its derivative cannot be checked against anything but itself "
                               "(give the rule a definition)")
    try:
        f = to_sympy(d.parts[0].step.expr, table=table)
        # the answer's cbrt and odd roots as the real roots calcdiff computes: its
        # cbrt(x)**2 is real at x < 0 (the input's cbrt(x^2) too), SymPy's principal root not
        mine = to_sympy(d.result, table=table, real_roots=True)
    except (AttributeError, TypeError, ValueError) as exc:
        return "skipped", "", f"SymPy cannot represent this expression ({exc})"
    # real symbols, so that |u| differentiates to sign(u)·u′ rather than to re/im parts
    real = {s: sympy.Symbol(s.name, real=True) for s in f.free_symbols | mine.free_symbols}
    f, mine = f.xreplace(real), mine.xreplace(real)
    expected = f
    try:
        for v in d.wrt:
            expected = sympy.diff(expected, sympy.Symbol(v, real=True))
    except (TypeError, ValueError) as exc:
        return "skipped", "", f"SymPy cannot differentiate this expression ({exc})"
    # symbolic where it is cheap (SymPy's simplify can take minutes on large expressions),
    # else numerically at several points with 30 significant digits
    delta = expected - mine
    if delta.has(sympy.Subs):  # a derivative of an unknown function at an argument
        delta = delta.doit()
    ops = sympy.count_ops(delta)
    if ops < 150 and sympy.expand(delta) == 0:
        return "ok", "symbolic", ""
    # numeric comparison at random points (SymPy's simplify, which can take minutes on a
    # small expression -- trigsimp of tan((x/2 + 2)**3 + (x + 3)**3) -- only where no point
    # can be tested)
    rng = random.Random(1)
    symbols = sorted(expected.free_symbols | mine.free_symbols, key=str)
    tested = 0
    source = d.parts[0].step.expr
    for _ in range(40):
        subs = {s: sympy.Float(rng.uniform(-2.5, 2.5)) for s in symbols}
        try:
            # the input's real domain, every part of it: |ln x| at x < 0 is real, its ln not
            evaluate(source, {str(s): float(v) for s, v in subs.items()}, table)
        except (DomainError, ArithmeticError, ValueError, KeyError):
            continue
        try:
            fv = complex(f.evalf(30, subs=subs))
            a = complex(expected.evalf(30, subs=subs))
            b = complex(mine.evalf(30, subs=subs))
        except (TypeError, ValueError, ZeroDivisionError):
            continue
        # a point of the function's real domain only: acosh at x = -1.8 is not real, and
        # there SymPy's derivative takes another branch than the real one
        if not (math.isfinite(fv.real) and math.isfinite(a.real) and math.isfinite(b.real)) \
                or abs(fv.imag) > 1e-9 or abs(a.imag) > 1e-9:
            continue
        tested += 1
        if abs(a - b) > 1e-7 * max(1.0, abs(a)):
            point = ", ".join(f"{s} = {float(v):.6g}" for s, v in subs.items())
            return "fail", "numeric", f"at {point}: SymPy {a.real:.10g}, calcdiff {b.real:.10g}"
        if tested >= 6:
            break
    if tested == 0:
        if ops < 60 and sympy.simplify(delta) == 0:
            return "ok", "symbolic", ""
        return "skipped", "", "no point found where both are defined"
    return "ok", "numeric, 6 points", ""


def derivations_of(result) -> list[Derivation]:
    """Every derivation a result holds (a gradient's partials, a matrix's distinct entries)."""
    if isinstance(result, Gradient):
        return list(result.partials)
    if isinstance(result, Matrix):
        return list({id(d): d for row in result.entries for d in row}.values())
    return [result] if isinstance(result, Derivation) else []


def check_result(result, table=None) -> bool:
    """``--check`` on every derivation inside ``result`` (each once); True when all pass."""
    ok = True
    for d in derivations_of(result):
        if d.check is None:
            d.check = check_derivation(d, table)
        ok = ok and d.check.ok
    return ok


def check_failed(result) -> bool:
    """Whether a --check that was run on ``result`` found a failing step or answer."""
    return any(d.check is not None and not d.check.ok for d in derivations_of(result))
