"""``grade``: is a student's derivative right, and if not, which rule went wrong?

The answer is compared with calcdiff's derivative as a function on the expression's real
domain (:mod:`calcdiff.commands.equivalence`). A wrong answer is matched against the
derivations with one rule misapplied at one step (:mod:`calcdiff.deriving.mistakes`): every
step of the correct derivation, every mistake of the catalogue that applies there. The first
that gives the answer's function is named; others that give the same function are listed.
"""

from __future__ import annotations

import csv
import json
from collections import Counter

from calcdiff.algebra.evaluate import float_value
from calcdiff.choices import Simplify
from calcdiff.commands.answers import answer_sides, named_notes, other_readings, read_answer
from calcdiff.commands.diagnose import diagnose, hint
from calcdiff.commands.differentiate import definition_asked, derive
from calcdiff.commands.equivalence import compare, same_number, sample
from calcdiff.commands.grade_equation import grade_equation
from calcdiff.commands.implicit import equation_in, equation_point
from calcdiff.commands.multivar import gradient_variables
from calcdiff.commands.numbers import wrote_decimals
from calcdiff.commands.points import coordinates_to_point, function_with_point
from calcdiff.commands.variables import check_var, resolve_wrt
from calcdiff.read.brackets import components
from calcdiff.deep import call_deep
from calcdiff.errors import CalcdiffError, DomainError, UsageError
from calcdiff.names import natural_order
from calcdiff.read.reading import Note
from calcdiff.results_grade import Grade, GradientGrade
from calcdiff.simplify import simplify as simplify_tree
from calcdiff.read.rule_exprs import builtin_table
from calcdiff.table import with_unknown_functions
from calcdiff.tree.nodes import Add, Call, Div, Expr, Mul, Neg, Num, Pow, size, walk
from calcdiff.tree.printer import shown_point, to_plain

SIMPLER = 0.75  # a correct answer gets the simpler form as a note when that is this much smaller


def grade(expr, answer=None, wrt=None, *, vars=None, simplify: str = "basic", table=None,
          label: str | None = None):
    """Grade ``answer`` as the derivative of ``expr`` (by ``wrt``; a gradient ``(…, …)``
    over the variables ``grad`` takes for the same ``expr``, ``vars`` and ``wrt``, in its
    order).

    >>> grade("x^2 sin x", answer="2x sin x + x^2 cos x").correct
    True
    >>> grade("x^2 sin x", answer="2x cos x").mistake
    'product-of-derivatives'
    """
    simplify = Simplify.of(simplify, "--simplify")
    if answer is None:
        raise UsageError("give the answer to grade with --answer",
                         hint='for example: calcdiff grade "x^2" --answer "2x"')
    return call_deep(_grade, expr, str(answer), wrt, vars, simplify, table, label)


def _grade(expr, answer_text, wrt, vars, simplify, table, label):
    try:  # the answer's sides, read once; its error comes after the expression's
        answer = answer_sides(answer_text, vars, table)
    except CalcdiffError as exc:
        answer = exc
    named = None if isinstance(answer, CalcdiffError) else answer[1]
    # by x (--wrt, or the answer's dy/dx = …), the definition x = y^2 is the equation
    by = wrt or (named.wrt if named is not None else None)
    found = equation_point(expr, None, by if isinstance(by, str) or not by else by[-1])
    if found is not None:  # x^2 + y^2 = 25 at (3, 4): the point apart
        text, at, said, (asked, sides) = found
    else:
        text, at, said = expr, None, None
        asked, sides = equation_in(expr, by)
    if sides is not None:  # x^2 + y^2 = 25, find dy/dx if …: implicitly, on the curve
        if isinstance(wrt, (list, tuple)):
            if len(set(wrt)) > 1:
                raise UsageError("implicit differentiation takes one independent variable, "
                                 f"not {', '.join(wrt)}", hint="give one --wrt")
            wrt = wrt[-1] if wrt else None
        g = grade_equation(text, answer_text, wrt, vars, simplify, table, label, asked,
                           sides, answer, at)
        if said is not None:  # the input as typed, its point said
            g.reading.text = expr
            g.reading.notes.append(Note("evaluation-point", f"{said!r} read as the point "
                                        f"(--at {at})", 0, len(expr)))
        return g
    # y = x^2, find dy/dx: the definition, by the variable asked, as derive reads it
    reading = (function_with_point(expr, vars=vars, table=table, requests=True)
               if asked is None else
               definition_asked(expr, asked, vars, table))
    if reading.coordinates is not None:  # x^2 y at (1, 2): the variables in order
        given = [wrt] if isinstance(wrt, str) else wrt or None
        coordinates_to_point(reading, gradient_variables(reading, vars, given), "function")
    if isinstance(answer, CalcdiffError):
        raise answer
    text, named, notes = answer
    parts = components(text, units=not ({"i", "j", "k"} & reading.expr.free))  # (2xy i + x^2 j)
    if len(parts) == 1:
        if isinstance(wrt, (list, tuple)):
            if len(set(wrt)) > 1:
                raise UsageError(
                    f"one answer is graded by one variable, not {', '.join(wrt)}",
                    hint="give one --wrt, or the gradient as ("
                         + ", ".join("∂f/∂" + v for v in wrt) + ")")
            wrt = wrt[-1] if wrt else None
        given = [check_var(wrt)] if wrt else None
        try:  # a request in the input (d^2/dx^2 x^3) is graded as it asks
            resolve_wrt(reading, given, 1)
        except UsageError as exc:
            if not wrt and reading.wrt is None:  # several variables and no --wrt
                names = gradient_variables(reading, vars, None)
                exc.hint = (f"for example: --wrt {names[0]}, or give the gradient as "
                            f"({', '.join('∂f/∂' + n for n in names)})")
            raise
        g = _grade_one(reading, answer_text, parts[0], given, vars, simplify, table, named)
        g.answer_notes = notes + g.answer_notes
        g.label = label
        return g
    if isinstance(wrt, str):
        wrt = [wrt]
    names = gradient_variables(reading, vars, wrt)  # grad's variables, in grad's order
    if len(parts) != len(names):
        raise UsageError(
            f"the answer has {len(parts)} components, the gradient of {reading.plain} has "
            f"{len(names)} ({', '.join(names) or 'no variables'})",
            hint="give one partial derivative per variable, in the order "
                 + ", ".join(names))
    comps = [_grade_one(reading, answer_text, p, [v], vars, simplify, table)
             for p, v in zip(parts, names)]
    result = GradientGrade(reading, answer_text, names, comps, label=label)
    result.note = _order_note(comps, names, table) or _wrong_components(comps)
    return result


def _wrong_components(comps: list[Grade]) -> str | None:
    """Which components of a wrong gradient are wrong, and which right: ``∂/∂y is wrong;
    ∂/∂x is right`` (each component's own grade says why)."""
    wrong = [f"∂/∂{c.wrt}" for c in comps if not c.correct]
    right = [f"∂/∂{c.wrt}" for c in comps if c.correct]
    if not wrong or not right:
        return None if not wrong else "every component is wrong"

    def listed(names: list[str]) -> str:
        return (", ".join(names[:-1]) + " and " + names[-1] + " are") if len(names) > 1 \
            else names[0] + " is"

    return f"{listed(wrong)} wrong; {listed(right)} right"


def _unknown_calls(e: Expr, table) -> list[str]:
    """The unknown functions ``e`` applies (``u(x) v(x)``: u, v), by name."""
    known = (table if table is not None else builtin_table()).functions
    return sorted({n.func for n in walk(e) if type(n) is Call and n.func not in known})


def _with_its_functions(reading, table):
    """``table`` with the unknown functions the expression was read with (``h(x) = u(x)
    v(x)``: u and v) declared, so that the answer's ``u(x) v'(x)`` reads as they do, not as
    u·x."""
    letters = [f for f in _unknown_calls(reading.expr, table) if f.isalpha()]
    return with_unknown_functions(table if table is not None else builtin_table(),
                                  letters) if letters else table


def _grade_one(reading, answer_text, part_text, wrt, vars, simplify, table,
               named=None) -> Grade:
    """One answer graded as the derivative of ``reading`` by ``wrt`` (the variables given, or
    None: those the reading asks for, else its default variable); ``named``: the derivative
    the answer's left side names."""
    answer, answer_notes, answer_reading = read_answer(part_text, vars,
                                                      _with_its_functions(reading, table))
    d = derive(reading, wrt, simplify=simplify, table=table)
    if d.at and d.value is not None and not answer.free:  # f(x) = x^3, find f'(2); 12
        return _graded_value(reading, answer_text, answer, d, part_text,
                             named_notes(named, tuple(d.wrt), reading.expr, lambda e: False)
                             + answer_notes, table)
    f, derivative = reading.expr, d.result
    names = natural_order(f.free | answer.free | set(d.wrt))
    points = sample(f, derivative, names, table, answers=(answer,))
    # decimals are right within the tolerance (their digits were cut off); 1e-12 is exact
    exact = not wrote_decimals(part_text, scientific=False)
    verdict = compare(answer, derivative, points, table, exact)
    if not verdict.equal:
        # R(x) - C(x), or an answer H(z) for relu(z)'s derivative: no values to compare at
        # any point
        unknown = (_unknown_calls(f, table) if not points.envs else []) or _unknown_calls(
            answer if verdict.difference is None else verdict.difference, table)
        if unknown:
            raise DomainError(
                f"the answer does not simplify to the derivative, and {', '.join(unknown)} "
                f"{'is an unknown function' if len(unknown) == 1 else 'are unknown functions'}"
                " with no values to compare it at points: it cannot be graded further",
                hint=f"the derivative is {to_plain(derivative)}")
        if not points.envs:
            raise DomainError(f"no point found where {reading.plain} and its derivative are "
                              "both defined (real numbers), so the answer cannot be compared")
    reference = points.values(f, table)
    said = named_notes(named, tuple(d.wrt), f,
                       lambda e: e == f or points.matches(e, reference, table))
    g = Grade(reading, answer_text, answer, d, verdict.equal, verdict.method,
              answer_notes=said + answer_notes, at=d.at or None,
              value=d.value if d.at else None)
    if verdict.equal:
        # the rules' own line before it is simplified (2x e^(3x) + 3x^2 e^(3x)): textbook
        g.simpler = None if _as_the_rules_wrote(answer, d) and not _like_terms(answer) \
            else _simpler_form(answer, derivative, table, exact)
        if g.simpler is not None and not compare(g.simpler, derivative, points, table,
                                                 exact).equal:
            g.simpler = None  # (x - |x|)/|x - |x||·…: its shorter form has fewer values
        if g.simpler is not None:  # 3x^2 + 6x + 3: simplified, only longer than 3(x + 1)^2
            g.simpler_words = ("correct, and it simplifies to " if _unsimplified(answer) else
                               "correct; a shorter equivalent form is ")
            g.note = g.simpler_words + to_plain(g.simpler)
        return g
    g.differences = verdict.differences[:3]
    others = other_readings(part_text, answer_reading, vars, table)
    for other in others:  # 1/2x for 1/(2x): a slip of the writing, no rule's mistake
        if compare(other.expr, derivative, points, table, exact).equal:
            g.note = other.right()
            return g
    g.diagnosis = diagnose(d, answer, points, table, exact)
    for other in others if g.diagnosis is None else ():  # 1/3x for (ln 3x)′: 1/(3x) is one
        g.diagnosis = diagnose(d, other.expr, points, table)
        if g.diagnosis is not None:
            g.note = other.mistaken()
            return g
    if g.diagnosis is None:
        g.note = hint(f, answer, verdict.difference, points, table)
    return g


def _graded_value(reading, answer_text, answer: Expr, d, part_text: str, notes: list,
                  table) -> Grade:
    """A number graded as the derivative's value at the exercise's point (exactly, to
    1e-12; to 1e-6 where the answer was written with decimals, whose digits were cut)."""
    where = shown_point(d.at)
    correct = same_number(answer, d.value_float, part_text, table)
    g = Grade(reading, answer_text, answer, d, correct, f"at {where}", answer_notes=notes,
              at=d.at, value=d.value)
    if not correct:
        here = float_value(reading.expr, {k: float_value(v, {}) for k, v in d.at.items()},
                           table)  # f(2) given for f'(2): the function's value
        mixed = same_number(answer, here, part_text, table)
        g.note = (f"at {where} the derivative is {to_plain(d.value)}"
                  + (f"; {to_plain(answer)} is the function's own value there" if mixed
                     else ""))
    return g


def _simpler_form(answer: Expr, derivative: Expr, table, exact: bool = True) -> Expr | None:
    """A shorter form of a right answer: its own simplification, or the derivative, which
    an answer with decimals (right within the tolerance) does not simplify to."""
    try:
        s = simplify_tree(answer, table=table)
    except (CalcdiffError, ArithmeticError, LookupError, TypeError, ValueError):
        s = answer
    best = s if size(s) < size(answer) or not exact else derivative
    if size(best) >= size(answer):
        return None
    if _unsimplified(answer) or size(best) <= SIMPLER * size(answer):
        return best
    return None


def _as_the_rules_wrote(answer: Expr, d) -> bool:
    """Whether ``answer`` is the result the rules' steps wrote before it was simplified, in
    any order of its terms and factors: a textbook form, the product rule's f′g + fg′."""
    return any(_unordered(answer) == _unordered(part.step.result) for part in d.parts)


def _like_terms(e: Expr) -> bool:
    """Whether a sum in ``e`` holds like terms, to be collected or cancelled (x + 1 - x,
    x - 1 - (x + 2): two numbers), its terms' signs and numbers left out."""
    for node in walk(e):
        if type(node) is not Add:
            continue
        keys, stack = [], list(node.args)
        while stack:
            t = stack.pop()
            while type(t) is Neg:
                t = t.arg
            if type(t) is Add:
                stack.extend(t.args)
                continue
            if type(t) is Mul and type(t.args[0]) is Num:
                rest = t.args[1:]
                t = rest[0] if len(rest) == 1 else Mul(rest)
            keys.append("number" if type(t) is Num else _unordered(t))
        if len(set(keys)) < len(keys):
            return True
    return False


def _unordered(e: Expr):
    """``e`` compared with its sums' and products' order left out."""
    t = type(e)
    if t is Add or t is Mul:
        return t, frozenset(Counter(_unordered(a) for a in e.args).items())
    kids = e.children()
    return (e, ()) if not kids else (t, getattr(e, "func", None), tuple(map(_unordered, kids)))


def _unsimplified(e: Expr) -> bool:
    """What any textbook would simplify: a term 0, a factor 1, an exponent 1 or 0, two
    numbers multiplied, a repeated factor, a double minus, a division by 1."""
    for node in walk(e):
        t = type(node)
        if t is Add and any(type(a) is Num and a.value == 0 for a in node.args):
            return True
        if t is Mul:
            nums = [a for a in node.args if type(a) is Num]
            if len(nums) > 1 or any(a.value == 1 for a in nums):
                return True
            if len(set(node.args)) < len(node.args):
                return True
        if t is Pow and type(node.exp) is Num and node.exp.value in (0, 1):
            return True
        if t is Neg and type(node.arg) is Neg:
            return True
        if t is Div and type(node.den) is Num and node.den.value == 1:
            return True
    return False


def _order_note(comps: list[Grade], names: list[str], table) -> str | None:
    """A gradient whose components are right but listed in another order."""
    if all(c.correct for c in comps) or len(comps) < 2:
        return None
    found = []
    # every name drawn: the gradient's, and those held constant (x, y of L(w, b))
    free = comps[0].reading.expr.free.union(*(c.answer.free for c in comps))
    drawn = list(names) + natural_order(free - set(names))
    for c in comps:
        match = None
        for other in comps:
            pts = sample(c.reading.expr, other.derivative, drawn, table, answers=(c.answer,))
            if pts.envs and pts.matches(c.answer, pts.reference, table):
                match = other.wrt
                break
        found.append(match)
    if None not in found and sorted(found) == sorted(names):
        return ("every component is a partial derivative, but in another order: yours are "
                "by " + ", ".join(found) + "; the gradient lists them by " + ", ".join(names))
    return None


# ---------------------------------------------------------------------------------------------
# a class's answers: one line each


def _label_of(obj: dict) -> str | None:
    """A JSON line's student: its ``id``, ``student`` or ``name``."""
    return next((str(obj[k]) for k in ("id", "student", "name") if obj.get(k) is not None),
                None)


def line_label(text: str) -> str | None:
    """The student a batch line names (a JSON object's ``id``, ``student`` or ``name``), for
    the record of a line that could not be graded; None for any other line."""
    s = text.strip()
    if not s.startswith("{"):
        return None
    try:
        obj = json.loads(s)
    except json.JSONDecodeError:
        return None
    return _label_of(obj) if isinstance(obj, dict) else None


def split_line(text: str) -> tuple[str, str | None, str | list | None, str | None]:
    """(expression, answer, wrt, label) of one batch line: ``EXPR ; ANSWER``, or a JSON
    object with ``expr`` and ``answer`` (optional ``wrt``, and ``id``/``student``/``name``)."""
    s = text.strip()
    if s.startswith("{"):
        try:
            obj = json.loads(s)
        except json.JSONDecodeError as exc:
            raise UsageError(f"this line is not valid JSON ({exc.msg})", text, exc.pos) from None
        if not isinstance(obj, dict) or not isinstance(obj.get("expr"), str):
            raise UsageError('a JSON line needs "expr" and "answer" strings', text, 0)
        answer = obj.get("answer")
        if answer is None or not str(answer).strip():
            raise UsageError('this line has no "answer"', text, 0)
        label = _label_of(obj)
        wrt = obj.get("wrt")  # "y", or ["y"] as grade's own JSON writes it
        if isinstance(wrt, list):
            wrt = [str(w) for w in wrt] or None
        elif wrt is not None:
            wrt = str(wrt)
        return obj["expr"], str(answer), wrt, label
    expr, sep, answer = text.partition(";")
    if not sep or not answer.strip():
        raise UsageError("this line has no answer: write EXPR ; ANSWER", text,
                         len(text.rstrip()), hint='for example: x^2 sin x ; 2x sin x + x^2 cos x')
    return expr.strip(), answer.strip(), None, None


def grade_line(text: str, answer=None, wrt=None, *, vars=None, simplify: str = "basic",
               table=None):
    """One batch line graded (the answer from the line unless ``answer`` is given)."""
    if answer is not None:
        return grade(text, answer, wrt, vars=vars, simplify=simplify, table=table)
    expr, line_answer, line_wrt, label = split_line(text)
    try:
        return grade(expr, line_answer, line_wrt or wrt, vars=vars, simplify=simplify,
                     table=table, label=label)
    except CalcdiffError as exc:
        # an error in the answer of EXPR ; ANSWER, at its column of the whole line (JSON's
        # "column" indexes "input"), the line echoed
        if exc.text == line_answer and exc.start is not None and not text.lstrip()[:1] == "{":
            after = text.index(";") + 1
            exc.with_text(text, after + text[after:].index(line_answer))
        raise


def csv_as_json_lines(lines: list[str]) -> list[str] | None:
    """A CSV file with a header naming ``expr`` and ``answer`` columns, as JSON lines (one
    object per row, the other columns kept); None when ``lines`` is not such a file."""
    if not lines:
        return None
    # a field may be as long as a line (csv's own limit, 131,072 characters, was a traceback
    # for a longer one): the reader's limit for these lines, then its own again
    limit = csv.field_size_limit(max(csv.field_size_limit(), max(map(len, lines)) + 1))
    try:
        head = next(csv.reader([lines[0]]))
        keys = [h.strip().lower() for h in head]
        if "expr" not in keys or "answer" not in keys or len(keys) < 2:
            return None
        out = []
        for row in csv.reader(lines[1:]):
            obj = {k: v.strip() for k, v in zip(keys, row)}
            out.append(json.dumps(obj, ensure_ascii=False))
        return out
    finally:
        csv.field_size_limit(limit)
