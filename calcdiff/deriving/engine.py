"""The rule engine: d(expr)/d(var) as a tree of :class:`~calcdiff.deriving.steps.Step`.

One function per structural rule, chosen by node class in :data:`DISPATCH`. Before any of
them, "free of the variable -> constant rule" runs (so ``sin(2)`` is one constant step).
Elementary derivatives come from the table in ``rules/``; the engine applies the chain rule
once, after the lookup. Each sub-derivation is computed once per derivation and reused
(the same Step object) when the same sub-expression appears again.
"""

from __future__ import annotations

from functools import lru_cache

from calcdiff.algebra.evaluate import evaluate
from calcdiff.algebra.build import (
    add,
    div,
    lead_number,
    log,
    mul,
    negate,
    power,
    sub,
    substitute,
    scaled,
    subtracted as subtracted_term,
    tidy_product,
    tidy_sum,
    written_difference,
)
from calcdiff import undefined as unknown
from calcdiff.deep import call_deep
from calcdiff.deriving import statements
from calcdiff.deriving.applied import can_be_flat, function_names, zero_somewhere
from calcdiff.deriving.steps import Step, new_step
from calcdiff.errors import CalcdiffError, NegativeBase, UnknownFunctionError
from calcdiff.read.rule_exprs import builtin_table
from calcdiff.simplify import simplify
from calcdiff.tree.nodes import (
    LEAVES,
    ONE,
    ZERO,
    Add,
    Call,
    Const,
    Div,
    Expr,
    Mul,
    Neg,
    Num,
    Pow,
    Sym,
    rebuild,
)
from calcdiff.tree.printer import to_plain

PLACEHOLDER_NAMES = ("u", "v", "w", "t", "s", "z", "q", "p")
LONG_SUM = 12  # terms; beyond this, constant terms are summarised in a note

_TERM_INDEX: dict = {}  # id(sum) -> (sum, {variable: indices of the terms holding it})


def _terms_with(e: Add) -> dict:
    """Which terms of a long sum hold each variable, built once per sum however many
    partial derivatives are taken of it (the last few sums are kept). Keyed by identity:
    an equal sum of another reading would be compared term by term at every lookup."""
    found = _TERM_INDEX.get(id(e))
    if found is not None and found[0] is e:
        return found[1]
    index: dict = {}
    for i, term in enumerate(e.args):
        for v in term.free:
            index.setdefault(v, []).append(i)
    if len(_TERM_INDEX) >= 8:
        _TERM_INDEX.clear()
    _TERM_INDEX[id(e)] = (e, index)
    return index
LONG_PRODUCT = 6  # factors; beyond this, chain results nest instead of flattening


class Engine:
    """Differentiates with respect to one variable, memoising sub-derivations."""

    def __init__(self, var: str, table=None, names: frozenset = frozenset()):
        if table is None:

            table = builtin_table()
        self.var = var
        self.table = table
        self.memo: dict[Expr, Step] = {}
        # the user's names (the root expression's variables and the functions it applies,
        # and ``names``: --let names),
        # which no placeholder of a statement may take; set by the first call of d
        self.names: frozenset | None = None
        self.given_names = names
        self.partial = False  # the root has other variables: every step is a partial
        # a placeholder's engine, for an outer function whose argument holds a piecewise
        # function: its rule's flat_derivative, when it has one (|u|′ = sign(u))
        self.flat = False
        self._flats: dict = {}  # id(node) -> can it be constant on an interval?
        self._pieces: dict = {}  # id(node) -> does it apply a piecewise function?
        self._samples: dict = {}  # id(node) -> its values at zero_somewhere's points
        self.renames: dict[str, tuple[str, dict]] = {}  # rule id -> (statement, renaming)

    # -- entry point
    def d(self, e: Expr) -> Step:
        if self.names is None:
            # the root's own set when there are no --let names: every partial of a gradient
            # then shares one (hashed once, compared by identity in the caches below)
            names = self.given_names | e.free if self.given_names else e.free
            functions = function_names(e)
            self.names = _same_names(names | functions if functions else names)
            # other variables than this one (counted: no copy of a gradient's 500 names)
            self.partial = len(e.free) > (1 if self.var in e.free else 0)
        memo = self.memo
        step = memo.get(e)
        if step is None:
            if self.var not in e.free:
                step = self.step("constant", e, ZERO, ZERO)
            else:
                step = DISPATCH[type(e)](self, e)
            memo[e] = step
        return step

    def step(self, rule: str, e: Expr, result: Expr, raw: Expr, bindings=(), substeps=(),
             notes=(), statement: str = "") -> Step:
        """A step of this derivation. A structural rule's general statement is restated in
        the step's names (:mod:`calcdiff.deriving.statements`), its bindings with it."""
        if not statement:
            known = self.renames.get(rule)
            if known is None:
                general = self.table.structural.get(rule)
                known = ("", {}) if general is None else self.restated(general.statement)
                self.renames[rule] = known
            statement, renames = known
            if renames and bindings:
                bindings = tuple((renames.get(k, k), v) for k, v in bindings)
        return new_step(rule, e, self.var, result, raw, bindings, substeps, notes, statement,
                        self.partial)

    def restated(self, general: str) -> tuple[str, dict]:
        return _restated(general, self.var, self.names or frozenset())

    def placeholder(self, *exprs: Expr) -> str:
        names = self.names or frozenset()

        def taken(name: str) -> bool:  # no copy of the names: a gradient has hundreds
            return name == self.var or name in names or any(name in e.free for e in exprs)

        for name in PLACEHOLDER_NAMES:
            if not taken(name):
                return name
        i = 1
        while taken(f"u{i}"):
            i += 1
        return f"u{i}"

    # -- structural rules
    def variable(self, e: Sym) -> Step:
        """x′ = 1"""
        return self.step("variable", e, ONE, ONE)

    def sum_rule(self, e: Add) -> Step:
        """(f ± g ± …)′ = f′ ± g′ ± …"""
        subs = []
        results, raws = [], []
        positive_parts = []
        # in a long sum (a gradient of 500 terms) the terms free of the variable are one
        # note, not one constant step each
        long_sum = len(e.args) > LONG_SUM
        terms = e.args
        if long_sum:  # only the terms with the variable: a gradient reads each term once
            terms = [e.args[i] for i in _terms_with(e).get(self.var, ())]
        constants = len(e.args) - len(terms)
        subtracted = []
        first = e.args[0]
        for term in terms:
            # a Fraction's sign read from its numerator (its own < and == are slow Python).
            # The first term keeps its sign (f = -sin(x), by its own constant multiple
            # step): the rule states signs only between terms
            negative = type(term) is Neg and term is not first
            part = term.arg if negative else term
            if type(term) is Num and term.value._numerator < 0 and term is not first:
                part, negative = Num(-term.value), True
            subtracted.append(negative)
            positive_parts.append(part)
            if long_sum and self.var not in part.free:
                constants += 1
                continue
            s = self.d(part)
            subs.append(s)
            result = s.result
            if type(result) is Num and result.value._numerator == 0:
                raws.append(ZERO)
                continue
            if negative:  # (a long sum's result is read by the simplifier, not a student)
                results.append(negate(result) if long_sum else subtracted_term(result))
                raws.append(Neg(s.raw) if type(s.raw) is not Num else negate(s.raw))
            else:
                results.append(result)
                raws.append(s.raw)
        if not raws:
            raws = [ZERO, ZERO]
        elif len(raws) == 1:
            raws.append(ZERO)
        two = len(e.args) == 2
        # (not long: every term was read, its sign in subtracted)
        rule = "difference" if two and subtracted[1] else "sum"
        bindings = ()
        if not long_sum:
            names = ("f", "g") if two else _numbered(len(e.args))
            bindings = tuple(zip(names, positive_parts))
        notes = ()
        if long_sum and constants:
            notes = (f"{constants} of the {len(e.args)} terms do not contain {self.var}: "
                     "their derivative is 0",)
        statement = "" if two or long_sum else statements.sum_statement(tuple(subtracted))
        return self.step(rule, e, lead_number(add(*results)), Add(raws), bindings, tuple(subs),
                         notes, statement)

    def negation(self, e: Neg) -> Step:
        """(−f)′ = −f′ : the constant multiple rule with c = −1"""
        s = self.d(e.arg)
        return self.step("constant-multiple", e, negate(s.result), Neg(s.raw) if type(s.raw) is not Num else negate(s.raw),
                    (("c", Num(-1)), ("f", e.arg)), (s,))

    def product(self, e: Mul) -> Step:
        """(c·f)′ = c·f′ ; (f·g)′ = f′·g + f·g′ (n factors: one derivative at a time)"""
        var = self.var
        consts, deps = [], []
        for a in e.args:  # one pass, in order
            (deps if var in a.free else consts).append(a)
        if consts:
            c = consts[0] if len(consts) == 1 else Mul(consts)
            f = deps[0] if len(deps) == 1 else Mul(deps)
            s = self.d(f)
            r = s.result  # c·r as one fraction where a fraction is among the factors (4/x),
            # else as it comes (a polynomial's every term: tidying would rebuild it)
            tidy = _fraction_in(r) or _fraction_in(c)
            return self.step("constant-multiple", e, tidy_product(c, r) if tidy else scaled(c, r),
                             Mul((c, s.raw)),
                        (("c", c), ("f", f)), (s,))
        subs = [self.d(f) for f in deps]
        terms, raws = [], []
        for i, s in enumerate(subs):
            terms.append(tidy_product(*deps[:i], s.result, *deps[i + 1:]))
            raws.append(Mul(tuple(deps[:i]) + (s.raw,) + tuple(deps[i + 1:])))
        two = len(deps) == 2
        names = ("f", "g") if two else _numbered(len(deps))
        return self.step("product", e, tidy_sum(*terms), Add(raws), tuple(zip(names, deps)),
                         tuple(subs), (), "" if two else statements.product_statement(len(deps)))

    def quotient(self, e: Div) -> Step:
        """(f/g)′ = (f′·g − f·g′)/g² ; (f/c)′ = f′/c"""
        f, g = e.num, e.den
        if self.var not in g.free:
            s = self.d(f)
            return self.step("constant-divisor", e, div(s.result, g), Div(s.raw, g),
                        (("f", f), ("c", g)), (s,))
        sf, sg = self.d(f), self.d(g)
        numerator = written_difference(tidy_product(sf.result, g), tidy_product(f, sg.result))
        result = div(numerator, power(g, Num(2)))
        raw = Div(Add((Mul((sf.raw, g)), Neg(Mul((f, sg.raw))))), Pow(g, Num(2)))
        return self.step("quotient", e, result, raw, (("f", f), ("g", g)), (sf, sg))

    def power_rule(self, e: Pow) -> Step:
        """(xⁿ)′ = n·xⁿ⁻¹ ; (aˣ)′ = aˣ·ln a ; (f^g)′ = f^g·(g′·ln f + g·f′/f) ; chain otherwise"""
        b, n = e.base, e.exp
        var = self.var
        if var not in n.free:
            if type(b) is Sym and b.name == var:
                if type(n) is Num and n.value._denominator == 1 and abs(n.value._numerator) > 1:
                    # x**k: k*x**(k - 1) as mul and power build it, one node for both
                    k = n.value._numerator
                    done = Mul((n, b if k == 2 else Pow(b, Num(k - 1))))
                    return self.step("power", e, done, done, (("n", n),))
                lowered = power(b, _minus_one(n))
                result = mul(n, lowered)
                raw = Mul((n, lowered))
                return self.step("power", e, result, raw, (("n", n),))
            return self.chain(e, b, lambda u: Pow(u, n))
        if var not in b.free:
            if _negative(b, self.table):  # (-2)^x: real at isolated x only (not (-1)^n by x)
                raise NegativeBase.at(e, var, to_plain(e))
            if type(b) is Num and b.value == 0:
                # 0^u is 0 wherever it is defined (u > 0): constant there, not aˣ·ln a
                return self.step("constant", e, ZERO, ZERO, (), (), (
                    f"0^u = 0 where u = {to_plain(n)} > 0 (its domain), so its derivative "
                    "is 0",))
            if type(n) is Sym and n.name == var:
                result = mul(e, log(b))
                raw = Mul((e, Call("log", (b,))))
                notes = () if type(b) is not Num or b.value > 0 else (
                    f"needs a > 0: here a = {to_plain(b)}",)
                return self.step("exponential", e, result, raw, (("a", b),), (), notes)
            return self.chain(e, n, lambda u: Pow(b, u))
        # a base or exponent that only looks variable ((x - x)^(x^2) is 0^(x^2), x^(x/x) is
        # x^1): its simplified form's rule, not a logarithm of 0 or a needless x > 0
        fb, fn = simplify(b), simplify(n)
        if var not in fb.free or var not in fn.free:
            s = self.d(Pow(fb, fn))
            folded = (f"{to_plain(b)} = {to_plain(fb)}" if var not in fb.free else
                      f"{to_plain(n)} = {to_plain(fn)}")
            return self.step(s.rule, e, s.result, s.raw, s.bindings, s.substeps,
                             (f"{folded} where it is defined",) + s.notes, s.statement)
        # f^g with both depending on the variable: logarithmic differentiation
        sf, sg = self.d(b), self.d(n)
        inner = add(mul(sg.result, log(b)), tidy_product(n, div(sf.result, b)))
        result = mul(e, inner)
        raw = Mul((e, Add((Mul((sg.raw, Call("log", (b,)))), Mul((n, Div(sf.raw, b)))))))
        return self.step("general-power", e, result, raw, (("f", b), ("g", n)), (sf, sg),
                    (f"needs {to_plain(b)} > 0 (logarithmic differentiation)",))

    def function(self, e: Call) -> Step:
        """f(u)′ from the table, times u′ (chain rule) when u is not the variable itself"""
        rule = self.table.functions.get(e.func)
        if rule is None:
            if unknown.split(e.func) is not None:
                return self.unknown_function(e)
            raise UnknownFunctionError(f"no derivative rule for function {e.func!r}")
        var = self.var
        if len(e.args) == 2:
            return self.two_argument(e, rule)
        u = e.args[0]
        if type(u) is Sym and u.name == var:
            return self.table_step(e, rule, u)
        return self.chain(e, u, lambda p: Call(e.func, (p,)))

    def unknown_function(self, e: Call) -> Step:
        """f(x)′ = f′(x) ; f(u₁, …, uₙ)′ = Σ fₖ(u₁, …, uₙ)·uₖ′ (fₖ = ∂ₖf) : an unknown
        function, in Lagrange's notation"""
        args, var = e.args, self.var
        if len(args) == 1:
            u = args[0]
            if type(u) is Sym and u.name == var:
                result = Call(unknown.derivative(e.func, 0, 1), args)
                return self.step("unknown-function", e, result, result, statement=(
                    statements.unknown_function_statement(e.func, var)))
            return self.chain(e, u, lambda p: Call(e.func, (p,)))
        subs, terms, raws, bindings = [], [], [], []
        for k, u in enumerate(args):
            bindings.append((f"u{k + 1}", u))
            if var not in u.free:
                continue
            partial = Call(unknown.derivative(e.func, k, len(args)), args)
            s = self.d(u)
            if not (type(u) is Sym and u.name == var):
                subs.append(s)
            terms.append(mul(partial, s.result))
            raws.append(Mul((partial, s.raw)))
        raw = raws[0] if len(raws) == 1 else Add(raws)
        return self.step("unknown-partials", e, add(*terms), raw, tuple(bindings), tuple(subs),
                         statement=statements.unknown_partials_statement(e.func, len(args)))

    def two_argument(self, e: Call, rule) -> Step:
        """log(u, b) and root(u, n): constant second argument, else rewrite"""
        u, k = e.args
        var = self.var
        if var in k.free and e.func not in ("log", "root"):
            return self.two_argument_chain(e, rule)
        if var in k.free:
            if e.func == "log":
                rewritten = Div(Call("log", (u,)), Call("log", (k,)))
                rule_id, names = "change-of-base", (("f", u), ("g", k))
            else:
                rewritten = Pow(u, Div(ONE, k))
                rule_id, names = "root-power", (("f", u), ("g", k))
            s = self.d(rewritten)
            # the rewritten form is the sub-step's expression (no binding of its own)
            return self.step(rule_id, e, s.result, s.raw, names, (s,))
        if type(u) is Sym and u.name == var:
            return self.table_step(e, rule, u, k)
        return self.chain(e, u, lambda p: Call(e.func, (p, k)))

    def two_argument_chain(self, e: Call, rule) -> Step:
        """(f(g, h))′ = f_u(g, h)·g′ + f_n(g, h)·h′ : each argument's own chain rule, added"""
        u, k = e.args
        if rule.partial_n is None:
            raise UnknownFunctionError(
                f"no rule for the derivative of {e.func} with respect to its second argument")
        mapping = {"u": u, "n": k}
        fu = _clean(substitute(rule.derivative, mapping))
        fn = _clean(substitute(rule.partial_n, mapping))
        su, sk = self.d(u), self.d(k)
        result = add(mul(fu, su.result), mul(fn, sk.result))
        raw = Add((Mul((fu, su.raw)), Mul((fn, sk.raw))))
        bindings = (("f", Call(e.func, (Sym("u"), Sym("n")))), ("g", u), ("h", k),
                    ("f_u", fu), ("f_n", fn))
        notes = (statements.domain_note(rule, mapping),) if rule.domain is not None else ()
        return self.step("two-argument-chain", e, result, raw, bindings, (su, sk), notes)

    def table_step(self, e: Call, rule, u: Expr, k: Expr | None = None) -> Step:
        """A table entry applied directly to the variable."""
        if e.func == "log" and k is not None:
            result = div(ONE, mul(u, log(k)))
            raw = Div(ONE, Mul((u, Call("log", (k,)))))
            return self.step("log-base", e, result, raw, (("b", k),), (),
                        (f"needs {to_plain(u)} > 0",))
        mapping = {"u": u}
        if k is not None:
            mapping["n"] = k
        flat = self.flat and rule.flat_derivative is not None
        result = _clean(substitute(rule.flat_derivative if flat else rule.derivative, mapping))
        notes = ()
        if flat:
            notes = (f"written {to_plain(result)}, not {rule.derivative_text}: the argument "
                     "holds a piecewise function, so it can be 0 on a whole interval, where "
                     f"{to_plain(e)} is flat (slope 0) and {rule.derivative_text} has no value",)
        elif rule.domain is not None:
            notes = (statements.domain_note(rule, mapping),)
        bindings = (("n", k),) if k is not None else ()
        return self.step(rule.id, e, result, result, bindings, (), notes)

    # -- the chain rule
    def chain(self, e: Expr, inner: Expr, outer_of) -> Step:
        """(f(g))′ = f′(g)·g′ : differentiate the outer function at a placeholder, then the
        inner function, and multiply."""
        p = self.placeholder(e)
        outer = outer_of(Sym(p))
        rule = self.table.functions.get(e.func) if type(e) is Call else None
        flat = rule is not None and rule.flat_derivative_text is not None and can_be_flat(
            inner, self.table, self._flats, self._pieces) and zero_somewhere(
            inner, self.table, self._samples)
        outer_step = _outer_step(outer, p, self.names, self.table, flat)
        inner_step = self.d(inner)
        at_inner = substitute(outer_step.result, {p: inner})
        inner_result = inner_step.result
        negative = type(inner_result) is Neg
        body = inner_result.arg if negative else inner_result
        if _long(body) or (type(body) is Mul and (_long(body.args[-1]) or type(
                body.args[-1]) is Mul)):
            # a deep chain: nest instead of re-flattening a growing product (or quotient:
            # log(log(…)), 1/(u·v·…)) at every level, which would be quadratic, and keep
            # nesting once nested; the simplifier flattens once at the end
            result = Mul((at_inner, body))
            if negative:
                result = negate(result)
        else:
            result = tidy_product(at_inner, inner_result)
        raw_outer = (at_inner if outer_step.raw is outer_step.result
                     else substitute(outer_step.raw, {p: inner}))
        raw = Mul((raw_outer, inner_step.raw))
        return self.step("chain", e, result, raw,
                    (("f", outer), ("g", inner)), (outer_step, inner_step))

def _long(e: Expr) -> bool:
    """A product of more than :data:`LONG_PRODUCT` factors, or a quotient over (or of) one."""
    if type(e) is Div:
        e = e.den if type(e.den) is Mul else e.num
    return type(e) is Mul and len(e.args) > LONG_PRODUCT


def _fraction_in(f: Expr) -> bool:
    """Is ``f`` a fraction, a product with a fraction among its factors, or a negated
    product or fraction (whose factors tidying merges: -(θ·θ) is -θ²)?"""
    t = type(f)
    return t is Div or (t is Mul and Div in map(type, f.args)) or (
        t is Neg and type(f.arg) in (Div, Mul))


_NAMES: dict = {}  # a set of the user's names -> the one object that stands for it
_NAMES_SEEN: dict = {}  # id(a set met before) -> (that set, the object standing for it)


def _same_names(names: frozenset) -> frozenset:
    """One object for equal sets of names. The caches below are keyed by the names, and a key
    is matched by identity in O(1) but by equality in O(names): two readings of the same
    500-variable sum would otherwise compare 500 names at every lookup. A set met before
    (every partial of one gradient has the same) is known by its identity."""
    seen = _NAMES_SEEN.get(id(names))
    if seen is not None and seen[0] is names:
        return seen[1]
    same = _NAMES.get(names)
    if same is None:
        if len(_NAMES) >= 64:
            _NAMES.clear()
        same = _NAMES[names] = names
    if len(_NAMES_SEEN) >= 64:
        _NAMES_SEEN.clear()
    _NAMES_SEEN[id(names)] = (names, same)
    return same


_OUTERS: dict = {}  # (outer, placeholder, the user's names, id(table)) -> (table, its step)


def _outer_step(outer: Expr, p: str, names: frozenset, table, flat: bool = False) -> Step:
    """The chain rule's outer function differentiated at its placeholder: the same at every
    level of a deep chain (sin(sin(…))) and in every partial of a gradient (the square of
    each term), so worked out once (the last few hundred are kept).

    Only an outer function whose other operands are leaves (``sin(u)``, ``u**2``,
    ``log(u, 2)``) is remembered. A compound operand (``u**(3*pi - 1)``) is a node of the
    input at hand, and a step remembered from another input would bring that input's equal
    node into this one's steps and answer: which of two equal nodes a step holds decides
    whether it prints by a shared name (``u4``), so a line of a batch printed by what its
    worker had answered before (the same line twice in one file, two outputs)."""
    if any(type(c) not in LEAVES for c in outer.children()):
        return _engine(p, names, table, flat).d(outer)
    key = (outer, p, names, id(table), flat)
    found = _OUTERS.get(key)
    if found is not None and found[0] is table:
        return found[1]
    step = _engine(p, names, table, flat).d(outer)
    if len(_OUTERS) >= 512:
        _OUTERS.clear()
    _OUTERS[key] = (table, step)
    return step


def _engine(p: str, names: frozenset, table, flat: bool) -> Engine:
    """The placeholder's engine; ``flat``: its rule's flat_derivative (see Engine.flat)."""
    engine = Engine(p, table, names | {p})
    engine.flat = flat
    return engine


@lru_cache(maxsize=16384)
def _restated(general: str, var: str, names: frozenset) -> tuple[str, dict]:
    """A rule's statement in a step's names (kept: a batch's lines mostly share their
    variables, and a gradient's partials all share the names)."""
    renames = statements.renames_for(general, var, names)
    return (statements.restate(general, renames), renames) if renames else ("", {})


@lru_cache(maxsize=64)
def _numbered(n: int) -> tuple[str, ...]:
    """f1, f2, …, fn: the names of a rule's n operands."""
    return tuple(f"f{i + 1}" for i in range(n))


def _minus_one(n: Expr) -> Expr:
    if type(n) is Num:
        v = n.value
        return Num(v._numerator - 1 if v._denominator == 1 else v - 1)
    return sub(n, ONE)


def _clean(e: Expr) -> Expr:
    """Basic clean-up of a table derivative after substitution (u -> 2*x etc.)."""

    t = type(e)
    if t is Num or t is Sym or t is Const:
        return e
    kids = [_clean(k) for k in e.children()]
    if t is Add:
        return add(*kids)
    if t is Mul:
        return mul(*kids)
    if t is Div:
        return div(kids[0], kids[1])
    if t is Pow:
        return power(kids[0], kids[1])
    if t is Neg:
        return negate(kids[0])
    return rebuild(e, kids)


DISPATCH = {
    Sym: Engine.variable,
    Add: Engine.sum_rule,
    Neg: Engine.negation,
    Mul: Engine.product,
    Div: Engine.quotient,
    Pow: Engine.power_rule,
    Call: Engine.function,
}
# Num and Const are always free of the variable: the constant rule handles them first.


def differentiate(e: Expr, var: str, table=None) -> Step:
    """The derivation of d(e)/d(var) (runs deep trees safely)."""

    return call_deep(lambda: Engine(var, table).d(e))


def _negative(b: Expr, table) -> bool:
    """Whether the constant base ``b`` is a negative number (-2, 1 - 3, -sqrt(2))."""
    if type(b) is Num:
        return b.value < 0
    if type(b) is not Neg and type(b) is not Add and type(b) is not Mul:
        return False  # e, pi, sqrt(2): positive, or no number (an unknown f(2))
    try:
        return evaluate(b, {}, table) < 0
    except (CalcdiffError, ArithmeticError, TypeError, ValueError, KeyError):
        return False
