"""The results of ``grade``: a student's derivative judged against calcdiff's (an implicit
derivative's on its curve), with the mistake that explains a wrong one. Plain records, like
:mod:`calcdiff.results`; loaded with their command."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from calcdiff.deriving.steps import Step
from calcdiff.display import Shown
from calcdiff.read.reading import Reading
from calcdiff.results import Derivation
from calcdiff.results_implicit import ImplicitDerivative
from calcdiff.tree.nodes import Expr


class Also(NamedTuple):
    """Another mistake that gives the answer equally (as :class:`Diagnosis` places one)."""

    mistake: str
    name: str
    step: str
    part: int | None = 1
    of: Expr | None = None


@dataclass
class Diagnosis:
    """The one misapplied rule that turns the derivation into the answer."""

    mistake: str  # the catalogue's id (calcdiff.deriving.mistakes)
    name: str  # "chain rule: inner derivative left out"
    explain: str  # the mistake in general: "(f(g))′ = f′(g)·g′ written as f′(g)"
    step: str  # the step's number in the derivation ("2.1"; "top" for the first line)
    step_expr: Expr  # the expression that step differentiates
    var: str
    rule: str  # the rule that was misapplied there (its id in rules/; "" for the whole)
    done: str  # what was done, in words
    wrong: Expr  # what the step gives with the mistake (simplified)
    right: Expr  # what the rule gives there (simplified)
    derivative: Expr  # the whole derivative with the mistake (simplified): the answer
    also: list[Also] = field(default_factory=list)  # other mistakes that give the answer
    # the differentiation the mistake is in (1, 2, … for d^2/dx^2 …); None: of the whole
    # derivative (an earlier derivative given, one differentiation too many)
    part: int | None = 1
    # what that differentiation was of, where not the derivative before it as derive shows it
    # (simplified) but as the rules gave it: 2*x*sin(x) + x**2*cos(x), which students carry on
    of: Expr | None = None
    # the step itself, whose rule statement the views quote as derive shows it (the n-term
    # sum rule, the rule in the step's own variable), not the rule's general statement
    misapplied: Step | None = None


@dataclass
class Graded(Shown):
    """One answer graded: correct or not, how that was decided, and why it is wrong. The
    fields both kinds of grade share (:class:`Grade`, :class:`ImplicitGrade`)."""

    reading: Reading
    answer_text: str
    answer: Expr
    # the correct derivative, with its steps (and its variables): a Derivation, or of an
    # equation an ImplicitDerivative
    derivation: Derivation | ImplicitDerivative
    correct: bool
    method: str  # "symbolic" | "numeric (8 points)" | "numeric, on the curve (8 points)" | ...
    note: str | None = None  # a correct answer's simpler form, or a hint for a wrong one
    simpler: Expr | None = None
    simpler_words: str = ""  # what the note says before ``simpler`` ("correct; a shorter …")
    diagnosis: Diagnosis | None = None
    differences: list = field(default_factory=list)  # equivalence.Difference, when wrong
    label: str | None = None  # the student's id in a class's batch
    answer_notes: list[str] = field(default_factory=list)  # how the answer was read
    # the exercise's point (f(x) = x^3, find f'(2)) and the derivative's value there, when a
    # number is graded against that value
    at: dict | None = None
    value: Expr | None = None

    @property
    def input(self) -> str:
        return self.reading.text

    @property
    def derivative(self) -> Expr:
        return self.derivation.result

    def tally(self) -> tuple:
        return tally(self)

    @property
    def mistake(self) -> str | None:
        return self.diagnosis.mistake if self.diagnosis else None


@dataclass
class Grade(Graded):
    """An answer graded as the derivative of an expression (by one variable, of higher order,
    a mixed partial)."""

    @property
    def wrt(self) -> str:
        """The variable of the (last) differentiation: a gradient's component's."""
        return self.derivation.wrt[-1]

    @property
    def variables(self) -> tuple[str, ...]:
        """Every differentiation's variable, in order (``("x", "x")`` for d²/dx²)."""
        return self.derivation.wrt


@dataclass
class ImplicitGrade(Graded):
    """An answer graded as the implicit derivative of an equation (dy/dx of x^2 + y^2 = 25),
    compared with it at points of the curve (no simpler form is offered there)."""

    @property
    def variables(self) -> tuple[str, ...]:
        return (self.derivation.independent,) * self.derivation.order


@dataclass
class GradientGrade(Shown):
    """A gradient answer ``(2xy, x^2)``: one :class:`Grade` per partial derivative, in the
    expression's variable order."""

    reading: Reading
    answer_text: str
    vars: list[str]
    components: list[Grade]
    note: str | None = None  # e.g. the components given in another order
    label: str | None = None

    @property
    def input(self) -> str:
        return self.reading.text

    @property
    def correct(self) -> bool:
        return all(c.correct for c in self.components)

    def tally(self) -> tuple:
        return tally(self)

    @property
    def mistakes(self) -> list[str]:
        return [c.mistake for c in self.components if c.mistake]


@dataclass
class GradeSummary(Shown):
    """A class's batch counted: how many answers were right, wrong, unreadable, and how
    often each mistake was named."""

    graded: int = 0
    correct: int = 0
    wrong: int = 0
    unreadable: int = 0
    unexplained: int = 0  # wrong, with no single mistake found
    mistakes: dict = field(default_factory=dict)  # id -> count, most frequent first
    names: dict = field(default_factory=dict)  # id -> name

    def add(self, result) -> None:
        """Count one graded result (a Grade or a GradientGrade)."""
        self.add_tally(tally(result))

    def add_tally(self, counted: tuple) -> None:
        """Count one grade from its :func:`tally` (what a worker process sends back)."""
        all_correct, named = counted
        self.graded += 1
        if all_correct:
            self.correct += 1
            return
        self.wrong += 1
        if not named:
            self.unexplained += 1
        for mistake, name in named:
            self.mistakes[mistake] = self.mistakes.get(mistake, 0) + 1
            self.names[mistake] = name
        self.mistakes = dict(sorted(self.mistakes.items(), key=lambda kv: (-kv[1], kv[0])))


def tally(result) -> tuple:
    """What the summary counts of one grade, small enough to pass between processes:
    (every component correct, ((mistake id, its name), ...) for the wrong components)."""
    parts = result.components if isinstance(result, GradientGrade) else [result]
    named = tuple((p.diagnosis.mistake, p.diagnosis.name) for p in parts
                  if not p.correct and p.diagnosis)
    return all(p.correct for p in parts), named
