"""The rule table: ``rules/*.toml`` loaded and validated.

A function entry is the one home of everything calcdiff knows about that function: f′(u) in
calcdiff's own expression language, its domain, definition, float evaluation (``numeric``),
SymPy name, LaTeX, parity, inverse, exact special values and aliases (the header of
``rules/trig.toml`` documents every field). Structural entries give the names and statements
of the rules that are code. The wheel carries ``rules/`` into the
package (``calcdiff/rules``); a source checkout reads the top-level ``rules/`` folder.

This module reads the entries and their names (all the parser needs); the expressions in
them are read by the parser, on first use, through the table's ``reader``, which
:mod:`calcdiff.rule_exprs` sets (it sits above the parser, so the imports run one way).
"""

from __future__ import annotations

import marshal
import math
import operator
import re
import weakref
from dataclasses import dataclass, field, replace
from functools import lru_cache
import os
from typing import Callable

from calcdiff.errors import RuleFileError, UsageError
from calcdiff.greek import CHAR_TO_NAME as GREEK
from calcdiff.greek import NAMES as GREEK_NAMES
from calcdiff.kernels import KERNELS
from calcdiff.tree.nodes import Expr
from calcdiff.undefined import FUNCTION_LETTERS
from calcdiff.words import RESERVED

FUNCTION_FIELDS = {
    "id", "function", "aliases", "arity", "derivative", "explain", "domain", "definition",
    "inverse", "sympy", "latex", "numeric", "parity", "values", "identities", "partial_n",
    "period", "argument_nonnegative", "piecewise", "flat_derivative",
}
PARITIES = ("odd", "even")
REQUIRED_FUNCTION_FIELDS = {"id", "function", "derivative", "explain"}
STRUCTURAL_FIELDS = {"id", "name", "statement", "explain", "domain"}
PLACEHOLDERS = ("u", "n")
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9]*$")
_COMPARISON = re.compile(r"(<=|>=|!=|<|>)")
_NUMERIC_CODE = re.compile(r"^(math|kernel)\.([A-Za-z_][A-Za-z0-9_]*)$")


@dataclass(frozen=True)
class Numeric:
    """How a function is evaluated in floats: ``kind`` is ``math`` (Python's ``math.NAME``),
    ``kernel`` (:data:`calcdiff.kernels.KERNELS`), ``expr`` (an expression in u, and n for
    two arguments: ``expr``), or ``sympy`` (SymPy's function by the entry's ``sympy`` name,
    at 30 digits: the fallback for a user entry with neither ``numeric`` nor a definition)."""

    kind: str
    name: str = ""
    expr: Expr | None = None


# a domain condition's relations, as its parts write them
RELATIONS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
             "!=": operator.ne}


@dataclass(frozen=True)
class Condition:
    """A domain side condition such as ``u > 0`` or ``abs(u) < 1 and u != 0``."""

    text: str
    parts: tuple  # ((lhs Expr, op str, rhs Expr), ...)


EXPRESSIONS = "expressions"  # derivative, definition, domain, numeric, ∂f/∂n
VALUES = "values"  # exact values and the period
RULE_PARTS = (EXPRESSIONS, VALUES)


@dataclass
class FunctionRule:
    """One function's entry. Its expressions are parsed when first used, in two parts read
    apart (:data:`RULE_PARTS`): the derivative and the expressions beside it, and the exact
    values with the period, which only a constant argument asks for (sin's thirteen values
    were most of a first ``sin`` call). Built-in entries are validated by the test suite;
    user entries are parsed and verified whole at load."""

    id: str
    function: str
    aliases: tuple[str, ...]
    arity: tuple[int, ...]
    derivative_text: str
    explain: str
    domain_text: str | None
    definition_text: str | None
    inverse: str | None
    file: str
    sympy: str = ""  # SymPy's name for the function (default: the function's own name)
    latex: str = ""  # the LaTeX of the name (default: \operatorname{name})
    numeric_text: str | None = None
    parity: str | None = None  # "odd", "even" or None
    values_text: tuple = ()  # ((argument text, value text), ...) as written
    period_text: str | None = None  # "2*pi": f(u + period) = f(u), so values repeat
    identities: tuple[str, ...] = ()  # simplifier identities, unparsed (the simplifier reads them)
    partial_n_text: str | None = None  # ∂f/∂n of a two-argument function f(u, n)
    # real only where u >= 0 (log, sqrt, acosh, asech): where f(v) or f(1/v) is defined, so
    # is |v| = v, and an answer's |v| is v on the expression's domain
    argument_nonnegative: bool = False
    # made of smooth pieces meeting at u = 0 with a kink or a jump (abs, relu, heaviside,
    # sign): a function of one can be constant on a whole interval (x - |x| for x > 0)
    piecewise: bool = False
    # the derivative written so that it holds where u is 0 on a whole interval, for an
    # argument that holds a piecewise function (|u|′ = sign(u), where u/|u| would be 0/0)
    flat_derivative_text: str | None = None
    builtin: bool = True
    table: "Table | None" = field(default=None, repr=False, compare=False)
    _read: set = field(default_factory=set, repr=False, compare=False)  # the parts read
    _derivative: Expr | None = field(default=None, repr=False, compare=False)
    _domain: Condition | None = field(default=None, repr=False, compare=False)
    _definition: Expr | None = field(default=None, repr=False, compare=False)
    _numeric: Numeric | None = field(default=None, repr=False, compare=False)
    _values: dict | None = field(default=None, repr=False, compare=False)
    _partial_n: Expr | None = field(default=None, repr=False, compare=False)
    _flat_derivative: Expr | None = field(default=None, repr=False, compare=False)
    _period: Expr | None = field(default=None, repr=False, compare=False)

    def _ensure(self, part: str | None = None) -> None:
        """Read ``part`` of the entry's expressions (:data:`RULE_PARTS`), or all of them."""
        for p in RULE_PARTS if part is None else (part,):
            if p not in self._read:
                if self.table is None or self.table.reader is None:
                    raise RuntimeError(f"the expressions of {self.id!r} are read through "
                                       "calcdiff.rule_exprs (builtin_table or load_files)")
                self.table.reader(self.table, self, p)
                self._read.add(p)

    @property
    def derivative(self) -> Expr:
        self._ensure(EXPRESSIONS)
        return self._derivative

    @property
    def domain(self) -> Condition | None:
        self._ensure(EXPRESSIONS)
        return self._domain

    @property
    def definition(self) -> Expr | None:
        self._ensure(EXPRESSIONS)
        return self._definition

    @property
    def numeric(self) -> Numeric:
        """How to evaluate the function in floats (see :class:`Numeric`)."""
        self._ensure(EXPRESSIONS)
        return self._numeric

    @property
    def partial_n(self) -> Expr | None:
        """∂f/∂n of a two-argument function f(u, n) (atan2, hypot), or None."""
        self._ensure(EXPRESSIONS)
        return self._partial_n

    @property
    def flat_derivative(self) -> Expr | None:
        """The derivative for an argument that holds a piecewise function, or None (see
        ``flat_derivative_text``)."""
        self._ensure(EXPRESSIONS)
        return self._flat_derivative

    @property
    def values(self) -> dict:
        """Exact special values ``{argument Expr: value Expr}``: f(argument) = value."""
        self._ensure(VALUES)
        return self._values

    @property
    def period(self) -> Expr | None:
        """The period (a constant such as ``2*pi``), or None: f(u + period) = f(u)."""
        self._ensure(VALUES)
        return self._period


@dataclass(frozen=True)
class StructuralRule:
    id: str
    name: str
    statement: str
    explain: str
    domain: str | None = None


@dataclass
class Table:
    functions: dict[str, FunctionRule] = field(default_factory=dict)  # canonical name -> rule
    names: dict[str, str] = field(default_factory=dict)  # every spelling -> canonical name
    call_only: dict[str, str] = field(default_factory=dict)  # 'sigma' -> 'sigmoid' with '(' only
    structural: dict[str, StructuralRule] = field(default_factory=dict)
    # names declared as unknown functions (--function): read f(x)-style, derived in Lagrange
    # notation like f, g, h
    unknown: frozenset = field(default_factory=frozenset)
    # reads a rule's expressions (calcdiff.rule_exprs.read_rule), set by the loader above the
    # parser
    reader: Callable | None = field(default=None, repr=False, compare=False)

    def function(self, name: str) -> FunctionRule | None:
        canonical = self.names.get(name)
        return self.functions.get(canonical) if canonical else None

    def rule(self, rule_id: str):
        """A rule by id (``d-tan``, ``quotient``) or by function name (``tan``)."""
        if rule_id in self.structural:
            return self.structural[rule_id]
        for f in self.functions.values():
            if f.id == rule_id:
                return f
        return self.function(rule_id)

    def all_ids(self) -> list[str]:
        return list(self.structural) + [f.id for f in self.functions.values()] + list(self.names)


def _rules_dir() -> str:
    """The folder of the shipped rule files: ``calcdiff/rules`` in an installed wheel, the
    checkout's ``rules/`` in an editable install. Plain ``os.path`` (start-up):
    importlib.resources and pathlib cost ~25 ms to import, a third of calcdiff's start."""
    here = os.path.dirname(os.path.abspath(__file__))
    packaged = os.path.join(here, "rules")
    if os.path.isdir(packaged):
        return packaged
    return os.path.join(os.path.dirname(here), "rules")


def _read_toml(name: str, text: str) -> dict:
    import tomllib  # a user's rule file; the built-in ones are read from their cache

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RuleFileError(f"{name}: not valid TOML: {exc}") from None


def _read_builtin(folder: str, name: str, text: str) -> dict:
    """A built-in rule file's TOML, parsed once and kept (as Python keeps its bytecode) in
    ``__pycache__`` beside it: reading TOML cost ~15 ms of every start. The cache holds the
    text it was made from and is used only for that same text; a folder that cannot be
    written to (an installed package owned by root) is read from the TOML every time."""
    cache = os.path.join(folder, "__pycache__", name + ".marshal")
    try:
        with open(cache, "rb") as f:
            kept_text, data = marshal.load(f)
        if kept_text == text:
            return data
    except (OSError, EOFError, ValueError, TypeError):
        pass
    data = _read_toml(name, text)
    try:
        os.makedirs(os.path.dirname(cache), exist_ok=True)
        partial = f"{cache}.{os.getpid()}"
        with open(partial, "wb") as f:
            marshal.dump((text, data), f)
        os.replace(partial, cache)  # whole or not at all, for processes starting together
    except (OSError, ValueError):
        pass
    return data


def _check_fields(fname: str, entry: dict, allowed: set, required: set, where: str) -> None:
    label = entry.get("id") or entry.get("function") or where
    unknown = sorted(set(entry) - allowed)
    if unknown:
        raise RuleFileError(
            f"{fname}: entry {label!r}: unknown field {unknown[0]!r} "
            f"(allowed: {', '.join(sorted(allowed))})"
        )
    missing = sorted(required - set(entry))
    if missing:
        raise RuleFileError(f"{fname}: entry {label!r}: missing field {missing[0]!r}")
    for k, v in entry.items():
        texts = v if k in ("aliases", "identities") and isinstance(v, list) else (
            [*v, *v.values()] if k == "values" and isinstance(v, dict) else [v])
        if any(isinstance(t, str) and not t.isprintable() for t in texts):
            # rule text is printed in every format: no escape sequence may reach a terminal
            raise RuleFileError(f"{fname}: entry {label!r}: field {k!r} holds a control "
                                "character (a rule's text must be printable, on one line)")
        if k in ("aliases", "arity", "values", "identities"):
            continue
        if k in ("argument_nonnegative", "piecewise"):
            if not isinstance(v, bool):
                raise RuleFileError(f"{fname}: entry {label!r}: field {k!r} must be true or "
                                    "false")
            continue
        if not isinstance(v, str):
            raise RuleFileError(f"{fname}: entry {label!r}: field {k!r} must be a string")


def _function_ids(table: Table) -> set:
    """The ids of a table's function entries, kept beside it while it loads (a linear load:
    looking each new id up among all entries made 1,000 entries quadratic)."""
    ids = _IDS.get(id(table))
    if ids is None or ids[0]() is not table:
        ids = _IDS[id(table)] = (weakref.ref(table), {f.id for f in table.functions.values()})
    return ids[1]


_IDS: dict = {}
# a user rule's LaTeX name is written into every formula: letters, digits, braces, _ ^ ' *
# ( ) , . and the commands of a name in math -- Greek letters, TeX's function names, fonts, accents
# and thin spaces. No other command: none that reads or writes files, branches or groups.
_LATEX_ALLOWED = frozenset((
    "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu "
    "nu xi pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma "
    "Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega ell hbar imath jmath nabla partial "
    "sin cos tan cot sec csc arcsin arccos arctan sinh cosh tanh coth exp ln log lg det max "
    "min sup inf arg deg dim ker Pr gcd hom lim operatorname mathrm mathit mathsf mathbf "
    "mathcal mathbb mathfrak boldsymbol bm text textrm textit textsf textbf hat widehat tilde "
    "widetilde bar overline vec dot ddot check breve acute grave prime quad").split())


def _latex_name(latex) -> bool:
    """Whether a user rule's ``latex`` is a name in math: balanced braces, and only the
    characters and commands of :data:`_LATEX_ALLOWED` (compiled at the first user rule)."""
    if not isinstance(latex, str) or not latex.strip():
        return False
    depth = 0
    for c in latex.replace("\\{", "").replace("\\}", ""):
        depth += (c == "{") - (c == "}")
        if depth < 0:
            return False
    if depth:
        return False
    for m in re.finditer(r"\\([A-Za-z]+)\*?|\\(.)|([^A-Za-z0-9{}_^'*(),. \\-])", latex):
        if m[1] is not None and m[1] not in _LATEX_ALLOWED:
            return False
        if m[2] is not None and m[2] not in ",;:! _{}":
            return False
        if m[3] is not None:
            return False
    return True




def _add_function(table: Table, fname: str, entry: dict, builtin: bool) -> FunctionRule:
    _check_fields(fname, entry, FUNCTION_FIELDS, REQUIRED_FUNCTION_FIELDS, "[[rule]]")
    name = entry["function"]
    label = entry["id"]
    if not _NAME.match(name):
        raise RuleFileError(f"{fname}: entry {label!r}: function name {name!r} is not a plain name")
    aliases = entry.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise RuleFileError(f"{fname}: entry {label!r}: aliases must be a list of strings")
    arity = entry.get("arity", [1])
    if (
        not isinstance(arity, list)
        or not arity
        or not all(isinstance(a, int) and a in (1, 2) for a in arity)
    ):
        raise RuleFileError(f"{fname}: entry {label!r}: arity must be a list drawn from [1, 2]")
    for spelling in [name, *aliases]:
        key = GREEK.get(spelling, spelling)
        if not builtin and spelling == name and key in GREEK_NAMES:
            raise RuleFileError(
                f"{fname}: entry {label!r}: the function's name {name!r} is a Greek letter, "
                "which stays a variable unless it is applied: name the function otherwise "
                f"and give {name!r} as an alias (read as the function only in {name}(…))")
        if not builtin and key not in FUNCTION_LETTERS and (
                (len(key) == 1 and key.isascii()) or key in RESERVED):
            # (a Greek letter may name a function, Φ the normal CDF, applied as Φ(z); and f,
            # g, h, which are functions' letters anyway)
            raise RuleFileError(
                f"{fname}: entry {label!r}: the name {spelling!r} is taken by the expression "
                "language (a one-letter variable, a constant, a word of a request or a "
                "Python keyword): give the function another name")
        if key in table.names or key in table.call_only:
            raise RuleFileError(
                f"{fname}: entry {label!r}: the name {spelling!r} is already taken by "
                f"{table.names.get(key) or table.call_only.get(key)!r}"
            )
    if label in _function_ids(table) or label in table.structural:
        raise RuleFileError(f"{fname}: entry {label!r}: the id is already taken")
    where = f"{fname}: entry {label!r}"
    latex = entry.get("latex", r"\operatorname{" + name + "}")
    if not builtin and not _latex_name(latex):
        raise RuleFileError(  # it is written into every formula
            f"{where}: latex '{latex}' cannot be written into a formula: a name in math "
            "(\\varphi, \\operatorname{softplus}, \\mathcal{L}) with balanced braces, "
            "no $ % # &, and no command that reads or writes files or defines others")
    sympy_name = entry.get("sympy", name)
    if not _NAME.match(sympy_name):
        raise RuleFileError(f"{where}: sympy {sympy_name!r} must be a plain name such as 'asin'")
    parity = entry.get("parity")
    if parity is not None and parity not in PARITIES:
        raise RuleFileError(f"{where}: parity must be 'odd' or 'even', not {parity!r}")
    numeric = entry.get("numeric")
    code = _NUMERIC_CODE.match(numeric) if numeric else None
    if code and code.group(1) == "math" and not (
        not code.group(2).startswith("_") and callable(getattr(math, code.group(2), None))
    ):
        raise RuleFileError(f"{where}: numeric {numeric!r}: Python's math has no such function")
    if code and code.group(1) == "kernel" and code.group(2) not in KERNELS:
        raise RuleFileError(
            f"{where}: numeric {numeric!r}: no such kernel (kernels: {', '.join(sorted(KERNELS))})"
        )
    values = entry.get("values", {})
    if not isinstance(values, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in values.items()
    ):
        raise RuleFileError(f'{where}: values must be a table of strings, like {{ "0" = "1" }}')
    identities = entry.get("identities", [])
    if not isinstance(identities, list) or not all(isinstance(i, str) for i in identities):
        raise RuleFileError(f"{where}: identities must be a list of strings")
    rule = FunctionRule(
        id=label,
        function=name,
        aliases=tuple(aliases),
        arity=tuple(arity),
        derivative_text=entry["derivative"],
        explain=entry["explain"],
        domain_text=entry.get("domain"),
        definition_text=entry.get("definition"),
        inverse=entry.get("inverse"),
        file=fname,
        builtin=builtin,
        table=table,
        sympy=sympy_name,
        latex=latex,
        numeric_text=numeric,
        parity=parity,
        values_text=tuple(values.items()),
        period_text=entry.get("period"),
        identities=tuple(identities),
        partial_n_text=entry.get("partial_n"),
        argument_nonnegative=entry.get("argument_nonnegative", False),
        piecewise=entry.get("piecewise", False),
        flat_derivative_text=entry.get("flat_derivative"),
    )
    if rule.flat_derivative_text is not None and rule.arity != (1,):
        raise RuleFileError(f"{where}: flat_derivative is for one-argument functions")
    if rule.partial_n_text is not None and 2 not in rule.arity:
        raise RuleFileError(f"{where}: partial_n is for two-argument functions (arity [2])")
    table.functions[name] = rule
    _function_ids(table).add(label)
    table.names[name] = name
    for a in aliases:
        if a in GREEK or a in GREEK_NAMES:  # a Greek letter is a variable unless applied: σ(z)
            table.call_only[GREEK.get(a, a)] = name
        else:
            table.names[a] = name
    return rule


def load_entries(sources, base: Table | None = None, builtin: bool = False,
                 reader: Callable | None = None, parse: Callable = _read_toml) -> Table:
    """A table of the entries in ``(file name, text)`` pairs, on top of ``base`` if given;
    names, fields and their shapes validated, expressions not yet read. ``parse(name, text)``
    reads a file's TOML."""
    table = Table(reader=reader)
    if not builtin:
        _USER_TABLES.append(weakref.ref(table))
    if base is not None:
        for rule in base.functions.values():
            rule._ensure()  # parse with the base table's names, before sharing the entries
        table.functions = dict(base.functions)
        table.names = dict(base.names)
        table.call_only = dict(base.call_only)
        table.structural = dict(base.structural)
    added: list[FunctionRule] = []
    for fname, text in sources:
        data = parse(fname, text)
        unknown = sorted(set(data) - {"rule", "structural"})
        if unknown:
            raise RuleFileError(
                f"{fname}: unknown table [{unknown[0]}]; use [[rule]] (or [[structural]])"
            )
        for entry in data.get("structural", []):
            if not builtin:
                raise RuleFileError(f"{fname}: structural rules are built in; add [[rule]] entries")
            _check_fields(fname, entry, STRUCTURAL_FIELDS, {"id", "name", "statement", "explain"},
                          "[[structural]]")
            table.structural[entry["id"]] = StructuralRule(**entry)
        for entry in data.get("rule", []):
            if not isinstance(entry, dict):
                raise RuleFileError(f"{fname}: every [[rule]] must be a table")
            added.append(_add_function(table, fname, entry, builtin))
    for rule in added:
        if rule.inverse and rule.inverse not in table.functions:
            raise RuleFileError(
                f"{rule.file}: entry {rule.id!r}: inverse {rule.inverse!r} is not a known function"
            )
    return table


def with_unknown_functions(table: Table, names) -> Table:
    """``table`` with ``names`` (``["u"]``, ``"loss,phi"``) declared as unknown functions
    (--function): a copy; the same table when there are none."""
    if isinstance(names, str):
        names = [names]
    declared = {n.strip() for item in names or () for n in item.split(",") if n.strip()}
    if not declared:
        return table
    for name in sorted(declared):
        if not _NAME.match(name) or name in ("e", "E", "pi"):
            raise UsageError(f"--function {name}: not a name for a function",
                             hint="a letter, then letters or digits: --function u")
        if name in table.names:
            raise UsageError(f"--function {name}: {name} is already a known function",
                             hint="see 'calcdiff rules " + name + "'")
    return replace(table, unknown=table.unknown | frozenset(declared))


@lru_cache(maxsize=1)
def builtin_entries() -> Table:
    """The entries shipped with calcdiff, read once, when first needed (their expressions
    are read on first use: see :func:`calcdiff.rule_exprs.builtin_table`)."""
    folder = _rules_dir()
    sources = []
    for name in sorted(os.listdir(folder)):
        if name.endswith(".toml"):
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                sources.append((name, f.read()))
    return load_entries(sources, builtin=True,
                        parse=lambda name, text: _read_builtin(folder, name, text))


def declared_sympy_names() -> frozenset[str]:
    """The SymPy functions the rule table declares, one per built-in entry (its ``sympy``
    field): the only names by which calcdiff ever looks a function up in SymPy. A user's rule
    file may name one of them, nothing else (``preview`` would run LaTeX, ``test`` pytest)."""
    return frozenset(rule.sympy for rule in builtin_entries().functions.values())


# the user tables loaded in this process (--rules files), so that a view can name a user
# function's rule and LaTeX from the result alone
_USER_TABLES: list = []


def known_tables() -> list[Table]:
    """The built-in entries, then every user table still in use (newest first)."""
    alive = [t for t in (ref() for ref in reversed(_USER_TABLES)) if t is not None]
    return [builtin_entries(), *alive]


def find_function(name: str) -> FunctionRule | None:
    """The entry of a function by any spelling, built in or from a loaded rule file."""
    for table in known_tables():
        rule = table.function(name)
        if rule is not None:
            return rule
    return None


def find_rule(rule_id: str):
    """A rule by id (``d-tan``, ``quotient``), built in or from a loaded rule file."""
    for table in known_tables():
        rule = rule_in(table, rule_id)
        if rule is not None:
            return rule
    return None


def rule_in(table, rule_id: str):
    """The rule of ``table`` with this id, or None."""
    return table.structural.get(rule_id) or next(
        (f for f in table.functions.values() if f.id == rule_id), None)
