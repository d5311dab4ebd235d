"""The result types: what each command computes, as plain records.

Computing modules build them; renderers only read them. Nothing here imports a module that
computes or renders: a result shows itself in Jupyter through the display hook that
``calcdiff.render`` registers (:mod:`calcdiff.display`), so the imports run one way.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass, replace
from functools import cached_property

from calcdiff.deriving.steps import Step
from calcdiff.display import Shown
from calcdiff.read.reading import Reading
from calcdiff.tree.decimals import decimal_view, written_decimals
from calcdiff.tree.nodes import Expr
from calcdiff.tree.printer import to_plain


def as_decimals(value, wrote: frozenset = frozenset()):
    """``value`` (an expression, or a list, tuple or dict of them) with its exact numbers
    that have a terminating decimal expansion printed as decimals; anything else as it is.
    ``wrote``: the decimals the user wrote (:func:`calcdiff.tree.decimals.decimal_view`)."""
    if isinstance(value, Expr):
        return decimal_view(value, exponents=False, wrote=wrote)
    if isinstance(value, (list, tuple)):
        return type(value)(as_decimals(v, wrote) for v in value)
    if isinstance(value, dict):
        return {k: as_decimals(v, wrote) for k, v in value.items()}
    if is_dataclass(value) and not isinstance(value, type):  # a gradient's directional
        return replace(value, **{f.name: as_decimals(getattr(value, f.name), wrote)
                                 for f in fields(value)})
    return value


class WithDecimals:
    """A result whose answer lines print the exact numbers as decimals where the user wrote
    decimals (``--at x=0.5``, ``0.5x^2``), as ``derive``'s do (``Derivation.shown``):
    ``f(0.5) = 0.25``, not ``f(1/2) = 1/4``. Display only: the computation stays exact.
    ``EXACT`` names the fields the views print as answers; the reading prints its decimals
    itself and the derivations' steps stay exact (their answers: ``ANSWERS``)."""

    EXACT: tuple[str, ...] = ()
    ANSWERS: tuple[str, ...] = ()  # fields holding derivations (or lists, or rows of them)

    def as_printed(self):
        """This result as every view prints it (:func:`calcdiff.render.render` asks)."""
        if not self.decimals:
            return self
        readings = getattr(self, "readings", None) or [self.reading]
        wrote = frozenset().union(*(written_decimals(r.expr) for r in readings))
        changed = {name: as_decimals(getattr(self, name), wrote) for name in self.EXACT}
        changed.update({name: _answers_printed(getattr(self, name), wrote)
                        for name in self.ANSWERS})
        return replace(self, **changed)


def _answers_printed(value, wrote: frozenset):
    """Derivations (or lists of them, or rows) whose answers print as decimals; one
    derivation in two cells (a Hessian's mixed partial) stays one."""
    seen: dict = {}

    def each(v):
        if isinstance(v, list):
            return [each(x) for x in v]
        if id(v) not in seen:
            seen[id(v)] = replace(v, answer=as_decimals(v.result, wrote))
        return seen[id(v)]

    return each(value)


class HigherOrders:
    """What an implicit and a parametric derivative share: ``first``, the answer of the first
    order, and ``higher``, each further order's differentiation and answer; their reading."""

    __slots__ = ()

    @property
    def expr(self) -> Expr:
        return self.reading.expr

    @property
    def order(self) -> int:
        return 1 + len(self.higher)

    @property
    def result(self) -> Expr:
        return self.higher[-1][1] if self.higher else self.first

    def __str__(self) -> str:
        return to_plain(self.result)


@dataclass
class Differentiation:
    """One differentiation: the rule tree, then the simplification to the answer.

    Both are steps of the trace, recorded once when computed: ``step`` is the root rule step
    (its result is the rules' output), ``simplification`` the last step (rule ``simplify``,
    the same claim with the simplified answer; see :func:`calcdiff.steps.simplification`)."""

    var: str
    step: Step
    simplification: Step

    @property
    def expr(self) -> Expr:
        return self.step.expr

    @property
    def simplified(self) -> Expr:
        """The final answer of this differentiation."""
        return self.simplification.result

    @property
    def changed(self) -> bool:
        """Whether the simplification changed the rules' output (renderers show it then)."""
        return self.simplification.result != self.simplification.raw

    @property
    def steps(self) -> tuple[Step, Step]:
        """The trace of this differentiation: the rule tree, then the simplification."""
        return (self.step, self.simplification)


@dataclass
class Derivation(Shown):
    """The whole answer to one request: the reading, every differentiation, the result."""

    input: str
    reading: Reading
    wrt: tuple[str, ...]
    parts: list[Differentiation] = field(default_factory=list)
    at: dict | None = None  # name -> Expr
    value: Expr | None = None
    value_float: float | None = None
    simplify_mode: str = "basic"
    check: CheckReport | None = None  # with --check
    # other forms of the result, shown beside it: [(name, Expr)], name among expanded,
    # factored, trig (calcdiff.simplify.alternates)
    alternate_forms: list = field(default_factory=list)
    decimals: bool = False  # the user wrote decimals: the answer's exact numbers print so
    full: bool = False  # --full: every expression printed whole, never with shared names
    # the answer as the views print it, where it is not the simplification's result: its
    # decimal view in a gradient's or a matrix's printed copy (WithDecimals.as_printed)
    answer: Expr | None = None

    def shown(self, e: Expr) -> Expr:
        """``e`` as the answer lines print it: ``2*w - 4.6`` rather than ``2*w - 23/5`` for
        an input written with decimals (exact numbers with a terminating decimal expansion;
        exponents keep their fractions; the answers' x/2 is 0.5*x, the expression's stays as
        the user wrote it)."""
        if not self.decimals:
            return e
        return decimal_view(e, exponents=False, divisions=e is not self.reading.expr,
                            wrote=self.wrote)

    @cached_property
    def wrote(self) -> frozenset:
        """The decimals the user wrote (the reading's numbers), read once for every view."""
        return written_decimals(self.reading.expr)

    def shown_at(self) -> dict:
        """The point, as the answer lines print it (``x = 0.5`` where the user wrote 0.5)."""
        return {k: self.shown(v) for k, v in (self.at or {}).items()}

    @property
    def expr(self) -> Expr:
        return self.reading.expr

    @property
    def result(self) -> Expr:
        if self.answer is not None:
            return self.answer
        return self.parts[-1].simplified if self.parts else self.reading.expr

    @property
    def raw(self) -> Expr:
        return self.parts[-1].step.raw

    @property
    def partial(self) -> bool:
        """Is it a partial derivative (other variables held constant), as its first step
        says? Not for u^2*v with --let u = cos t: differentiated by t, nothing is held."""
        return bool(self.parts) and self.parts[0].step.partial

    @property
    def order(self) -> int:
        return len(self.wrt)

    @property
    def steps(self) -> list[Step]:
        return [p.step for p in self.parts]

    def __str__(self) -> str:
        """The answer as every format prints it (``0.6*x`` for ``0.3x^2``)."""
        return to_plain(self.shown(self.result))


@dataclass
class StepCheck:
    path: str
    rule: str
    expr: str
    var: str
    status: str  # ok | fail | skipped
    detail: str = ""
    point: dict | None = None
    expected: float | None = None  # central difference
    got: float | None = None  # the step's result

    def to_json(self) -> dict:
        d = {"path": self.path, "rule": self.rule, "expr": self.expr, "var": self.var,
             "status": self.status}
        if self.detail:
            d["detail"] = self.detail
        if self.point is not None:
            d["point"] = self.point
            d["numeric"] = self.expected
            d["result"] = self.got
        return d


@dataclass
class CheckReport:
    steps: list[StepCheck] = field(default_factory=list)
    final_status: str = "skipped"
    final_method: str = ""
    final_detail: str = ""

    @property
    def ok(self) -> bool:
        return all(s.status != "fail" for s in self.steps) and self.final_status != "fail"

    @property
    def summary(self) -> str:
        """"5 of 6 steps ok numerically, 1 skipped (why)": the why as the checks recorded
        it (one reason per kind, in order)."""
        ok = sum(1 for s in self.steps if s.status == "ok")
        head = f"{ok} of {len(self.steps)} steps ok numerically"
        skipped = [s for s in self.steps if s.status == "skipped"]
        if skipped:
            why = "; ".join(dict.fromkeys(s.detail.removesuffix(" to test") for s in skipped))
            head += f", {len(skipped)} skipped ({why})"
        return head

    def to_json(self) -> dict:
        return {
            "ok": self.ok,
            "steps": [s.to_json() for s in self.steps],
            "final": {"status": self.final_status, "method": self.final_method,
                      **({"detail": self.final_detail} if self.final_detail else {})},
        }


@dataclass
class Gradient(WithDecimals, Shown):
    EXACT = ("at", "values", "directional")
    ANSWERS = ("partials",)

    reading: Reading
    vars: list[str]
    partials: list[Derivation]
    at: dict | None = None
    values: list[Expr] | None = None
    floats: list[float] | None = None
    directional: object = None  # learn.Directional with --direction
    full: bool = False  # --full: every expression printed whole, never with shared names
    decimals: bool = False  # the user wrote decimals (WithDecimals)

    @property
    def input(self) -> str:
        return self.reading.text

    @property
    def gradient(self) -> list[Expr]:
        return [p.result for p in self.partials]


@dataclass
class Matrix(WithDecimals, Shown):
    """A Hessian (one function) or a Jacobian (several): entries with their derivations."""

    EXACT = ("at", "values")
    ANSWERS = ("entries",)

    kind: str  # "hessian" | "jacobian"
    readings: list[Reading]
    vars: list[str]
    entries: list[list[Derivation]]
    symmetric_notes: list[str] = field(default_factory=list)
    at: dict | None = None
    values: list[list[Expr]] | None = None
    floats: list[list[float]] | None = None
    classification: str | None = None
    classification_reason: str | None = None
    full: bool = False  # --full: every expression printed whole, never with shared names
    decimals: bool = False  # the user wrote decimals (WithDecimals)

    @property
    def input(self) -> str:
        return " ; ".join(r.text for r in self.readings)

    @property
    def matrix(self) -> list[list[Expr]]:
        return [[d.result for d in row] for row in self.entries]

    def checked_entries(self) -> list[tuple[int, int, Derivation]]:
        """(row, column, derivation) of each entry --check checked, once per derivation (a
        mixed partial is one derivation in two cells), row by row."""
        seen: set = set()
        out = []
        for i, row in enumerate(self.entries):
            for j, d in enumerate(row):
                if d.check is not None and id(d) not in seen:
                    seen.add(id(d))
                    out.append((i, j, d))
        return out
