"""Reading a matrix expression (its tokens: :mod:`calcdiff.matrix.tokens`): a
precedence-climbing parser, declarations and shape inference by unification of dimensions.
Every shape error is a one-line ParseError whose span points at the operator or function
that cannot apply.

Undeclared names follow one convention: a capital letter is a matrix (``I`` is the
identity), a lowercase Latin letter is a (column) vector, a Greek letter is a scalar. A run
of letters that is neither a declared name, a Greek letter nor a function is split into
single letters (``Xw`` is X·w).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction

from calcdiff.errors import ParseError, UsageError
from calcdiff.greek import CHAR_TO_NAME, SPELLING
from calcdiff.matrix.nodes import (
    ONE, SCALAR, DiagV, Det, Div, Elem, EntrySum, Had, Ident, Inv, MExpr, Norm, Num, Ones, Power,
    Prod, Softmax, Sum, T, Tr, Var, rebuild,
)
from calcdiff.matrix.tokens import (
    GREEK_NAMES, ONES, STRUCTURAL, Tok, function_names, tokenize,
)


def symbol_name(name: str) -> str:
    """A symbol's name as an option gives it (``--wrt λ``, ``--scalar μ``, ``--vector θ:n``)
    in the reader's spelling: a Greek letter by its name, ``lambda`` as ``lamda``."""
    name = name.strip()
    return SPELLING.get(CHAR_TO_NAME.get(name, name), CHAR_TO_NAME.get(name, name))


# ---------------------------------------------------------------------------------------------
# declarations


@dataclass
class Declarations:
    """``--matrix A:n,n[,sym]``, ``--vector x:n[,prob]``, ``--scalar lambda``."""

    shapes: dict[str, tuple] = field(default_factory=dict)  # name -> (kind, dims, flags)

    @classmethod
    def read(cls, matrix=(), vector=(), scalar=()) -> "Declarations":
        d = cls()
        for kind, specs, ndims, flags in (("matrix", matrix, 2, {"sym"}),
                                          ("vector", vector, 1, {"prob"}),
                                          ("scalar", scalar, 0, set())):
            for spec in specs or ():
                name, _, rest = spec.partition(":")
                name = symbol_name(name)
                parts = [p.strip() for p in rest.split(",") if p.strip()] if rest else []
                got = {p for p in parts if p in flags}
                dims = [p for p in parts if p not in flags]
                if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", name) or (
                        dims and len(dims) != ndims) or any(
                        not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*|[1-9][0-9]*", x) for x in dims):
                    form = {"matrix": "A:n,n or A:n,n,sym", "vector": "x:n or y:n,prob",
                            "scalar": "lambda"}[kind]
                    raise UsageError(f"cannot read --{kind} {spec!r}; write {form}")
                d.shapes[name] = (kind, [int(x) if x.isdigit() else x for x in dims], got)
        return d


FRESH_NAMES = ("n", "m", "p", "q", "k", "r", "s", "t")


# ---------------------------------------------------------------------------------------------
# dimensions: union-find over named, numbered and unknown dimensions


class DimVar:
    __slots__ = ("name", "parent", "value", "not_one", "order", "touched")
    count = 0

    def __init__(self, name=None, not_one=True):
        self.name, self.parent, self.value, self.not_one = name, None, None, not_one
        self.touched = False  # met in a unification: something fixed it (or tied it)
        DimVar.count += 1
        self.order = DimVar.count


def find(d):
    while isinstance(d, DimVar) and d.parent is not None:
        d = d.parent
    if isinstance(d, DimVar) and d.value is not None:
        return d.value
    return d


def unify(a, b) -> bool:
    for d in (a, b):
        if isinstance(d, DimVar):
            d.touched = True
    a, b = find(a), find(b)
    if a is b or a == b:
        return True
    if isinstance(a, int) and isinstance(b, int):
        return False
    if isinstance(a, int):
        a, b = b, a
    if isinstance(b, int):
        if b == 1 and a.not_one:
            return False
        a.value = b
        return True
    if a.name and b.name and a.name != b.name:
        return False
    if b.name is None:
        a, b = b, a
    a.parent = b
    b.not_one = b.not_one or a.not_one
    return True


def shape_of(e: MExpr):
    r, c = e.shape
    return (find(r), find(c))


def _a(noun: str) -> str:
    return ("an " if noun[0] in "aeiou" else "a ") + noun


def _ones_hint(a: MExpr, b: MExpr, loose: str | None) -> str | None:
    """1 - y for a vector y (binary cross-entropy): the vector of ones is written ones; and
    ``loose``, a lowercase name whose length nothing fixed, which made the other side a
    vector (y in 1 + exp(−y wᵀx)), may be a number."""
    if any(isinstance(x, Num) for x in (a, b)) and not (_is_scalar(a) and _is_scalar(b)):
        hint = "a number and a vector do not add: for the vector of ones write ones (ones - y)"
        return f"{hint}; if {loose} is a number, declare --scalar {loose}" if loose else hint
    return None


def _is_scalar(e: MExpr) -> bool:
    return shape_of(e) == SCALAR


def _show(shape) -> str:
    """``scalar``, ``vector of length n``, ``n×m matrix`` (dimensions named once known)."""
    r, c = (find(d) for d in shape)

    def known(d):
        return not isinstance(d, DimVar) or d.name is not None

    def text(d):
        return str(d.name if isinstance(d, DimVar) else d)

    if r == 1 and c == 1:
        return "scalar"
    if c == 1:
        return "vector" + (f" of length {text(r)}" if known(r) else "")
    if r == 1:
        return "row vector" + (f" of length {text(c)}" if known(c) else "")
    if known(r) and known(c):
        return f"{text(r)}×{text(c)} matrix"
    return "matrix"


# ---------------------------------------------------------------------------------------------
# the parser


class _Reader:
    def __init__(self, text, decls: Declarations, table):
        self.text, self.decls, self.table = text, decls, table
        self.funcs = function_names(table)
        known = set(decls.shapes) | GREEK_NAMES | set(STRUCTURAL) | self.funcs | {ONES}
        self.toks = tokenize(text, known)
        self.transposed = _transposed_names(self.toks)
        self.i = 0
        self.vars: dict[str, Var] = {}
        self.named_dims: dict[str, DimVar] = {}
        self._norm_depth = 0  # inside ‖…‖ (and not in brackets): a ‖ closes the norm

    # -- tokens
    @property
    def tok(self) -> Tok:
        return self.toks[self.i]

    def take(self) -> Tok:
        t = self.toks[self.i]
        self.i += 1
        return t

    def expect(self, text: str) -> Tok:
        if self.tok.text != text:
            raise ParseError(f"expected {text!r}", self.text, self.tok.start, self.tok.end)
        return self.take()

    def fail(self, message: str, tok_or_span, hint=None):
        s, e = tok_or_span if isinstance(tok_or_span, tuple) else (tok_or_span.start,
                                                                   tok_or_span.end)
        raise ParseError(message, self.text, s, e, hint)

    # -- grammar
    def read(self) -> MExpr:
        if self.tok.kind == "END":
            self.fail("empty expression", self.tok)
        e = self.sum()
        if self.tok.kind != "END":
            self.fail(f"unexpected {self.tok.text!r}", self.tok)
        return e

    def sum(self) -> MExpr:
        if self.tok.text == "-":
            self.take()
            e = self.neg(self.product())
        else:
            e = self.product()
        terms = [e]
        while self.tok.text in ("+", "-"):
            op = self.take()
            t = self.product()
            self.scalar_by_use(e, t) or self.scalar_by_use(t, e)
            # a number beside a name the convention made a vector, looked for before the
            # sides are unified (a failed unification touches them); not where an elementwise
            # product says its operands are vectors
            number = isinstance(e, Num) or isinstance(t, Num)
            loose = self.loose_vector(t if isinstance(e, Num) else e) if number and not any(
                mark in self.text for mark in ("⊙", "∘", ".*")) else None
            if not (unify(e.shape[0], t.shape[0]) and unify(e.shape[1], t.shape[1])):
                self.fail(f"cannot add {_a(_show(e.shape))} and {_a(_show(t.shape))}", op,
                          self.convention_hint(e, t) or _ones_hint(e, t, loose))
            terms.append(self.neg(t) if op.text == "-" else t)
        return terms[0] if len(terms) == 1 else Sum(tuple(terms))

    def scalar_by_use(self, other: MExpr, e: MExpr) -> bool:
        """``e`` (``b``, ``-c``, ``2b``) is an undeclared lowercase name read as a vector by the
        convention, whose length nothing has fixed, added to the scalar ``other``: it is a
        scalar (``b`` in wᵀx + b). Whether it was made one."""
        factors = e.factors if isinstance(e, Prod) else (e,)
        names = [f for f in factors if not isinstance(f, Num) and not _is_scalar(f)]  # k‖w‖²
        if not _is_scalar(other) or len(names) != 1 or not isinstance(names[0], Var) \
                or self.convention_scalars(other):
            return False  # x − μ: μ is more likely the vector
        v, rows = names[0], names[0].shape[0]
        if v.kind != "vector" or v.name in self.decls.shapes or not isinstance(rows, DimVar) \
                or rows.touched or find(rows) is not rows:
            return False
        rows.value = 1
        self.vars[v.name] = Var(v.name, "scalar", SCALAR)
        return True

    def convention_scalars(self, e: MExpr) -> list[Var]:
        """The undeclared Greek letters (scalars by the convention) among the terms and factors
        of ``e`` that a vector would fit: μ in x − μ, β in y − Xβ (not λ in λ‖w‖², nor inside
        a function or a norm)."""
        if isinstance(e, Prod):
            factors = [f for f in e.factors if not isinstance(f, Num)]
            found = [v for f in factors for v in self.convention_scalars(f)]
            return found if not _is_scalar(e) or len(found) == len(factors) else []
        if isinstance(e, Sum):
            return [v for k in e.terms for v in self.convention_scalars(k)]
        return [e] if isinstance(e, Var) and e.name in GREEK_NAMES and e.kind == "scalar" \
            and e.name not in self.decls.shapes else []

    def convention_hint(self, *operands: MExpr) -> str | None:
        """The option that declares a name the convention took for a scalar (μ in x − μ), or
        for a vector (n in 1/n, y in −y wᵀx: a lowercase letter)."""
        for v in (v for e in operands for v in self.convention_scalars(e)):
            name = "lambda" if v.name == "lamda" else v.name
            return (f"{name} is a scalar by the convention for Greek letters; for a vector "
                    f"declare --vector {name}:n (a matrix: --matrix {name}:n,m)")
        name = self.loose_vector(*operands)
        return name and (f"{name} is a vector by the convention for lowercase letters; for a "
                         f"number declare --scalar {name}")

    def loose_vector(self, *operands: MExpr | None) -> str | None:
        """The first undeclared lowercase name in ``operands`` whose length nothing fixed,
        inside functions too (y in exp(−y wᵀx))."""
        stack = [e for e in operands if e is not None]
        while stack:
            v = stack.pop(0)
            if isinstance(v, Var) and v.kind == "vector" and v.name not in self.decls.shapes \
                    and self.length_free(v):
                return v.name
            stack.extend(v.children())
        return None

    @staticmethod
    def length_free(v: Var) -> bool:
        """Whether nothing has fixed the length of the vector ``v`` (n in 1/n: no product
        with another vector or a matrix), so that it may as well be a number."""
        rows = v.shape[0]
        return isinstance(rows, DimVar) and not rows.touched and find(rows) is rows

    @staticmethod
    def neg(e: MExpr) -> MExpr:
        return Prod((Num(Fraction(-1)), *(e.factors if isinstance(e, Prod) else (e,))))

    def starts_atom(self) -> bool:
        t = self.tok
        return t.kind in ("NUM", "NAME") or t.text in ("(", "[", "‖")

    def product(self) -> MExpr:
        e = self.unary()
        while True:
            t = self.tok
            if t.text in ("*", "@", "⊙", "/"):
                self.take()
                rhs = self.unary()
            elif self.starts_atom() and not (t.text == "‖" and self.closing_norm):
                rhs = self.unary()
            else:
                return e
            span = (t.start, t.end)
            if t.text == "⊙":
                if not (unify(e.shape[0], rhs.shape[0]) and unify(e.shape[1], rhs.shape[1])):
                    self.fail(f"⊙ needs equal shapes, not {_a(_show(e.shape))} and "
                              f"{_a(_show(rhs.shape))}", span)
                e = Had((e, rhs))
            elif t.text == "/":
                if not _is_scalar(rhs) and not self.scalar_by_use(ONE, rhs):  # 1/n ‖…‖²: n
                    self.fail(f"can divide only by a scalar, not by {_a(_show(rhs.shape))}", span,
                              self.convention_hint(rhs)
                              or "multiply by inv(...) for a matrix inverse")
                e = Div(e, rhs)
            else:
                # xᵀ1, W 1 ending a product: the vector of ones (as 1ᵀx is 𝟏ᵀx), not 1 times;
                # a 1 inside one (xᵀ*1*y) is the number
                ones = rhs == ONE and not self.starts_atom() and self.tok.text not in (
                    "*", "@", "⊙", "/")
                e = self.multiply(e, rhs, span, ones)

    def multiply(self, a: MExpr, b: MExpr, span, ones: bool = False) -> MExpr:
        if ones and not _is_scalar(a) and find(a.shape[1]) != 1:
            b = Ones((DimVar(), 1))
        if not (_is_scalar(a) or _is_scalar(b)) and not unify(a.shape[1], b.shape[0]):
            self.fail(f"cannot multiply {_a(_show(a.shape))} by {_a(_show(b.shape))}", span,
                      self.convention_hint(a, b) or "the columns of the left factor must match "
                      "the rows of the right; transpose one with ^T")
        left = a.factors if isinstance(a, Prod) and not _is_scalar(a) else (a,)
        return Prod((*left, b))

    def unary(self) -> MExpr:
        if self.tok.text == "-":
            self.take()
            return self.neg(self.unary())
        return self.postfix()

    def postfix(self) -> MExpr:
        e = self.atom()
        while True:
            t = self.tok
            if t.text in ("'", "ᵀ"):
                self.take()
                e = self.transpose(e, False, (t.start, t.end))
            elif t.text == "^":
                self.take()
                e = self.power(e, t)
            else:
                return e

    def power(self, base: MExpr, caret: Tok) -> MExpr:
        t = self.tok
        braced = t.text == "("  # ^(-1), ^{T} ({ is a bracket)
        if braced:
            self.take()
        sign = -1 if self.tok.text == "-" else 1
        if sign < 0:
            self.take()
        num = self.take()
        if num.kind == "NAME" and num.text in ("T", "top"):  # ^T, ^{T}, ^-T, X⁻ᵀ
            if braced:
                self.expect(")")
            return self.transpose(base, sign < 0, (caret.start, self.toks[self.i - 1].end))
        if num.kind != "NUM":
            hint = ("for the exponential write exp(...)" if isinstance(base, Var)
                    and base.name == "e" else None)
            self.fail("expected T, -1 or a number after ^", num, hint)
        k = Fraction(num.text) * sign
        end = num.end
        if braced and self.tok.text == "/":  # ^(1/2), ^{-3/2}
            self.take()
            den = self.take()
            if den.kind != "NUM" or Fraction(den.text) == 0:
                self.fail("expected a nonzero number after / in the exponent", den)
            k, end = k / Fraction(den.text), den.end
        if braced:
            self.expect(")")
        span = (caret.start, end)
        if _is_scalar(base):
            return Power(base, k)
        self.square(base, span, "a power")
        if k == -1:
            return Inv(base)
        if k.denominator != 1 or k < 2:
            self.fail(f"a matrix power must be -1 or an integer ≥ 2, not {k}", span)
        return Power(base, k)

    def transpose(self, base: MExpr, inverse: bool, span) -> MExpr:
        """``base`` transposed (``1^T`` is the row of ones 𝟏ᵀ); ``inverse``: X^-T."""
        if base == Num(Fraction(1)):
            base = Ones((DimVar(), 1))
        if inverse:
            self.square(base, span, "an inverse")
            return T(Inv(base))
        return T(base)

    def square(self, e: MExpr, span, what: str) -> None:
        if not unify(e.shape[0], e.shape[1]):
            hint = "for a vector write ‖x‖^2 or x^T x" if find(e.shape[1]) == 1 else None
            self.fail(f"{what} needs a square matrix, not {_a(_show(e.shape))}", span, hint)

    @property
    def closing_norm(self) -> bool:
        return self._norm_depth > 0

    def atom(self) -> MExpr:
        t = self.take()
        if t.kind == "NUM":
            return Num(Fraction(t.text))
        if t.text in ("(", "["):
            depth = self._norm_depth
            self._norm_depth = 0
            e = self.sum()
            self._norm_depth = depth
            self.expect(")" if t.text == "(" else "]")
            return e
        if t.text == "‖":
            self._norm_depth = self._norm_depth + 1
            e = self.sum()
            self._norm_depth -= 1
            close = self.expect("‖")
            fro = False
            if self.tok.text == "_":
                self.take()
                sub = self.take()
                if sub.text not in ("F", "2", "fro"):
                    self.fail("only ‖x‖, ‖x‖_2 and ‖X‖_F are supported", sub)
                fro = sub.text in ("F", "fro")
            return self.norm(e, (t.start, close.end), fro)
        if t.kind == "NAME":
            if self.tok.text == "(" and (t.text in STRUCTURAL or t.text in self.funcs):
                return self.call(t)
            if (t.text in STRUCTURAL or t.text in self.funcs) and not self._declared(t):
                self.fail(f"{t.text} needs its argument in brackets", t,
                          f"write {t.text}(...)")
            return self.variable(t)
        self.fail(f"unexpected {t.text or 'end of input'!r}", t)

    def norm(self, e: MExpr, span, fro: bool) -> MExpr:
        if find(e.shape[1]) != 1 and not fro:
            self.fail(f"‖…‖ of {_a(_show(e.shape))} is ambiguous", span,
                      "write ‖X‖_F for the Frobenius norm")
        return Norm(e)

    def call(self, name: Tok) -> MExpr:
        self.take()  # (
        depth = self._norm_depth
        self._norm_depth = 0
        args = [self.sum()]
        while self.tok.text == ",":
            self.take()
            args.append(self.sum())
        self._norm_depth = depth
        close = self.expect(")")
        span = (name.start, close.end)
        f = STRUCTURAL.get(name.text)
        want = 2 if f == "dot" else 1
        if len(args) != want:
            self.fail(f"{name.text} takes {want} argument{'s' * (want > 1)}", span)
        a = args[0]
        if f in ("tr", "det", "inv"):
            self.square(a, span, name.text)
            return {"tr": Tr, "det": Det, "inv": Inv}[f](a)
        if f == "sum":
            return EntrySum(a)
        if f == "transpose":
            return T(a)
        if f == "norm":
            return self.norm(a, span, False)
        if f in ("softmax", "diag"):
            if not unify(a.shape[1], 1):
                self.fail(f"{f} needs a vector, not {_a(_show(a.shape))}", span)
            return Softmax(a) if f == "softmax" else DiagV(a)
        if f == "dot":
            b = args[1]
            if not (unify(a.shape[1], 1) and unify(b.shape[1], 1)
                    and unify(a.shape[0], b.shape[0])):
                self.fail(f"dot needs two vectors of one length, not {_a(_show(a.shape))} and "
                          f"{_a(_show(b.shape))}", span)
            return Prod((T(a), b))
        canonical = self.table.names.get(name.text) or self.table.call_only.get(name.text)
        rule = self.table.functions.get(canonical)
        if rule is None or 1 not in rule.arity:
            self.fail(f"{name.text} is not an element-wise function", span)
        return Elem(a, canonical)

    def dim(self, d):
        if isinstance(d, int):
            return d
        if d not in self.named_dims:
            self.named_dims[d] = DimVar(d)
        return self.named_dims[d]

    def _declared(self, t: Tok) -> bool:
        """A name the user declared (--scalar σ): a variable, though it also names a
        function when applied (σ(z), the sigmoid)."""
        return ("lamda" if t.text == "lambda" else t.text) in self.decls.shapes

    def variable(self, t: Tok) -> MExpr:
        name = "lamda" if t.text == "lambda" else t.text
        if name in self.vars:
            return self.vars[name]
        decl = self.decls.shapes.get(name)
        if name == "I" and decl is None:  # the identity, of whatever size fits
            return Ident(DimVar())
        if name == ONES and decl is None:  # 𝟏, ones: the ones vector of whatever length fits
            return Ones((DimVar(), 1))
        flags = set()
        if decl is not None:
            kind, dims, flags = decl
            if kind == "matrix":
                dims = dims or [None, None]
                shape = tuple(self.dim(d) if d is not None else DimVar() for d in dims)
            elif kind == "vector":
                shape = (self.dim(dims[0]) if dims else DimVar(), 1)
            else:
                shape = SCALAR
        elif t.text in self.transposed and name[0].islower():  # θ in θᵀx: a vector
            kind, shape = "vector", (DimVar(), 1)
        elif name in GREEK_NAMES or (len(name) > 1 and name[0].islower()
                                     and not name[1:2].isdigit() and "_" not in name):
            kind, shape = "scalar", SCALAR
        elif name[0].isupper():
            kind, shape = "matrix", (DimVar(), DimVar())
        else:
            kind, shape = "vector", (DimVar(), 1)
        v = Var(name, kind, shape, "sym" in flags, "prob" in flags)
        if v.symmetric and not unify(shape[0], shape[1]):
            self.fail(f"{name} is declared symmetric but not square", t)
        self.vars[name] = v
        return v


def _transposed_names(toks: list[Tok]) -> set[str]:
    """The names written transposed: θ in θ^T x, θ', θᵀ, θ^{T}."""
    out = set()
    for k, t in enumerate(toks[:-1]):
        if t.kind != "NAME":
            continue
        nxt = toks[k + 1]
        if nxt.text in ("'", "ᵀ"):
            out.add(t.text)
        elif nxt.text == "^":
            j = k + 2
            while toks[j].text in ("(", "-"):
                j += 1
            if toks[j].kind == "NAME" and toks[j].text in ("T", "top"):
                out.add(t.text)
    return out


def _finish(e: MExpr, reader: _Reader) -> MExpr:
    """Replace every dimension variable by its value or name (unknown ones get n, m, p, …)."""
    names: dict[int, object] = {}
    taken = set(reader.named_dims) | set(reader.vars)
    fresh = iter([n for n in FRESH_NAMES if n not in taken] +
                 [f"n{i}" for i in range(1, 1000)])

    def resolve(d):
        d = find(d)
        if not isinstance(d, DimVar):
            return d
        if id(d) not in names:
            names[id(d)] = d.name if d.name else next(fresh)
        return names[id(d)]

    final = {}
    for name, v in reader.vars.items():
        final[name] = Var(name, v.kind, (resolve(v.shape[0]), resolve(v.shape[1])),
                          v.symmetric, v.simplex)

    def walk(n: MExpr) -> MExpr:
        if isinstance(n, Var):
            return final[n.name]
        if isinstance(n, Ident):
            return Ident(resolve(n.n))
        if isinstance(n, Ones):
            return Ones((resolve(n.shape[0]), resolve(n.shape[1])))
        kids = n.children()
        return rebuild(n, [walk(k) for k in kids]) if kids else n

    return walk(e)


def read_matrix(text: str, decls: Declarations, table) -> MExpr:
    """The matrix tree of ``text`` with every shape resolved, or a ParseError with a caret."""
    r = _Reader(text, decls, table)
    return _finish(r.read(), r)
