"""The parser: text -> calcdiff's expression tree, plus the reading notes.

Recursive descent with one function per precedence level (loosest first):

    sum      := term (('+' | '-') term)*
    term     := unary (('*' | '/' | <implicit>) factor)*      implicit: 2x, x(x+1), 2sin x
    unary    := ('-' | '+') unary | power                      -x^2 = -(x^2)
    power    := primary ('^' unary)?                           right-associative
    primary  := number | variable | constant | (sum) | [sum] | {sum} | |sum| | √power | call
    call     := FUNC ('^' n)? ( '(' args ')' | noparen )       sin^2 x, sin^-1(x), log_2 x
    noparen  := '-'? power (power)*                            sin 2x; stops before a function

Names are resolved before parsing (see :func:`_resolve`): a run of letters is a declared
variable, a function, a constant, a Greek name, or else split into one-letter variables.
Every interpretation that a reader could doubt is recorded as a :class:`Note`.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field, replace
from fractions import Fraction

from .errors import LimitError, ParseError, UnknownFunctionError
from .greek import NAMES, SPELLING
from .lexer import GREEK, Token, tokenize
from .nodes import Add, Call, Const, Div, Expr, Mul, Num, Pow, Sym, neg
from .printer import to_plain

MAX_DEPTH = 5000  # nested brackets / calls / exponents

GREEK_NAMES = NAMES  # the letters themselves live in calcdiff/greek.py
GREEK_SPELLING = SPELLING
# Greek names short enough to appear by accident inside a run of letters (xi, mu, nu, pi)
# are recognised only when they are the whole run.
_SHORT_GREEK = {n for n in GREEK_NAMES if len(n) <= 2}
CONSTANTS = {"e": "E", "E": "E", "pi": "pi"}
BRACKETS = {"(": ")", "[": "]", "{": "}"}
ROOT_SIGNS = {"√": ("sqrt", None), "∛": ("cbrt", None), "∜": ("root", 4)}


class Note:
    """One interpretation the parser made. The message may be given as a function, so that
    printing the sub-expression it shows happens only when somebody reads it."""

    __slots__ = ("kind", "_message", "start", "end")

    def __init__(self, kind: str, message, start: int, end: int):
        self.kind = kind
        self._message = message
        self.start = start
        self.end = end

    @property
    def message(self) -> str:
        if callable(self._message):
            self._message = self._message()
        return self._message

    def __repr__(self) -> str:
        return f"Note({self.kind!r}, {self.message!r}, {self.start}, {self.end})"

    def __eq__(self, other) -> bool:
        return isinstance(other, Note) and (self.kind, self.message, self.start, self.end) == (
            other.kind, other.message, other.start, other.end)

    __hash__ = None


@dataclass
class Reading:
    """How an input was read: the tree, the notes, and where each node came from."""

    text: str
    expr: Expr
    notes: list[Note] = field(default_factory=list)
    spans: dict = field(default_factory=dict)  # id(node) -> (start, end)
    wrt: tuple[str, ...] | None = None  # a derivative request inside the input

    @property
    def plain(self) -> str:
        return to_plain(self.expr)

    def note_messages(self) -> list[str]:
        return [n.message for n in self.notes]

    def span_of(self, node: Expr) -> tuple[int, int] | None:
        return self.spans.get(id(node))


# ---------------------------------------------------------------------------------------------
# resolved tokens: NUM, VAR, CONST, FUNC, OP, END


@dataclass(frozen=True, slots=True)
class RTok:
    kind: str
    text: str  # canonical name / operator
    start: int
    end: int
    value: Fraction | None = None
    source: str = ""  # as written
    base: object = None  # FUNC log with a base: Num or Sym
    flags: frozenset = frozenset()
    run: int = -1  # index of the lexer token it came from (pieces of a split share it)


class _Resolver:
    """Turns NAME tokens into variables, functions and constants (splitting runs)."""

    def __init__(self, text: str, table, declared: frozenset | None, notes: list[Note]):
        self.text = text
        self.table = table
        self.declared = declared
        self.strict = declared is not None
        self.notes = notes
        names = set(table.names)
        self.functions = names
        longest = [n for n in names if len(n) >= 2]
        pieces = sorted(
            set(longest) | {"pi"} | (GREEK_NAMES - _SHORT_GREEK) | set(GREEK_SPELLING)
            | set(declared or ()),
            key=len,
            reverse=True,
        )
        self.by_letter: dict[str, list[str]] = {}
        for p in pieces:
            self.by_letter.setdefault(p[0], []).append(p)

    def note(self, kind, message, start, end):
        self.notes.append(Note(kind, message, start, end))

    def resolve(self, tokens: list[Token]) -> list[RTok]:
        out: list[RTok] = []
        for i, tok in enumerate(tokens):
            if tok.kind == "NAME":
                nxt = tokens[i + 1] if i + 1 < len(tokens) else None
                for p in self._name(tok, nxt):
                    out.append(RTok(p.kind, p.text, p.start, p.end, p.value, p.source, p.base,
                                    p.flags, i))
            elif tok.kind == "NUM":
                out.append(RTok("NUM", tok.text, tok.start, tok.end, tok.value, tok.text, None,
                                tok.flags))
            else:
                out.append(RTok(tok.kind, tok.text, tok.start, tok.end, None, tok.text, None,
                                tok.flags))
        return out

    # -- one NAME token -> one or more resolved tokens
    def _name(self, tok: Token, nxt: Token | None) -> list[RTok]:
        name, s, e = tok.text, tok.start, tok.end
        src = self.text[s:e]
        called = nxt is not None and nxt.kind == "OP" and nxt.text in "([{"
        greek = "greek" in tok.flags
        if greek and not (called and name in self.table.call_only) and name != "pi":
            self.note("greek", f"{src} read as the variable {name}", s, e)
        elif not greek and (name in GREEK_NAMES or name in GREEK_SPELLING) and not (
            self.declared and name in self.declared
        ):
            canonical = GREEK_SPELLING.get(name, name)
            self.note("greek", f"{src} read as the Greek letter {canonical}", s, e)
        if name in GREEK_SPELLING:
            name = GREEK_SPELLING[name]
        single = self._single(name, s, e, src, called, greek)
        if single is not None:
            return [single]
        if "_" in name:
            base, sub = name.split("_", 1)
            if base == "log":
                return [self._log_base(sub, s, e, src)]
            if self.strict:
                raise self._unknown_name(name, s, e)
            if not (len(base) == 1 or base in GREEK_NAMES):
                # 'ab_1': split the letters, the subscript belongs to the last one
                pieces = self._split(base, s, s + len(base), called=False)
                last = pieces[-1]
                if last.kind == "VAR":
                    pieces[-1] = RTok("VAR", f"{last.text}_{sub}", last.start, e, source=src)
                    self._split_note(src, pieces, s, e)
                    return pieces
            return [RTok("VAR", name, s, e, source=src)]
        m = re.fullmatch(r"([A-Za-z]+)([0-9]+)", name)
        if m:
            letters, digits = m.groups()
            if letters in ("log",) and digits in ("2", "10"):
                pass  # handled by _single via the table (log2, log10 are not aliases)
            head = self._single(letters, s, s + len(letters), src, False, greek, quiet=True)
            if head is not None and head.kind == "VAR" or (
                head is None and (len(letters) == 1 or letters in GREEK_NAMES)
            ):
                if self.strict and name not in self.declared:
                    raise self._unknown_name(name, s, e)
                return [RTok("VAR", name, s, e, source=src)]
            pieces = (
                [head] if head is not None else self._split(letters, s, s + len(letters), False)
            )
            num_start = s + len(letters)
            if pieces[-1].kind == "FUNC" or pieces[-1].kind == "CONST":
                if len(pieces) > 1:
                    self._split_note(src[: len(letters)], pieces, s, num_start)
                return pieces + [
                    RTok("NUM", digits, num_start, e, Fraction(int(digits)), digits)
                ]
            last = pieces[-1]
            pieces[-1] = RTok("VAR", last.text + digits, last.start, e, source=src)
            self._split_note(src, pieces, s, e)
            return pieces
        if self.strict:
            pieces = self._split(name, s, e, called)
            self._split_note(src, pieces, s, e)
            return pieces
        if called and len(name) > 2:
            pieces = self._split(name, s, e, called)
            if pieces[-1].kind != "FUNC":
                raise self._unknown_function(name, s, e)
            self._split_note(src, pieces, s, e)
            return pieces
        pieces = self._split(name, s, e, called)
        self._split_note(src, pieces, s, e)
        return pieces

    def _single(self, name, s, e, src, called, greek, quiet=False) -> RTok | None:
        """The token for a name that means one thing as a whole, or None."""
        if self.declared is not None and name in self.declared:
            return RTok("VAR", name, s, e, source=src)
        if called and name in self.table.call_only:
            fname = self.table.call_only[name]
            if not quiet:
                self.note("alias", f"{src}(...) read as {fname}(...)", s, e)
            return RTok("FUNC", fname, s, e, source=src)
        canonical = self.table.names.get(name)
        if canonical is not None:
            if canonical != name and name != "ln" and not quiet:
                self.note("alias", f"{src} read as {canonical}", s, e)
            return RTok("FUNC", canonical, s, e, source=src)
        if name in ("log2", "log10"):
            return self._log_base(name[3:], s, e, src, quiet=quiet)
        if name in CONSTANTS:
            return RTok("CONST", CONSTANTS[name], s, e, source=src)
        if name in GREEK_NAMES:
            return RTok("VAR", name, s, e, source=src)
        if len(name) == 1 and not self.strict:
            return RTok("VAR", name, s, e, source=src)
        return None

    def _log_base(self, sub, s, e, src, quiet=False) -> RTok:
        base: Expr
        if sub.isdigit():
            base = Num(int(sub))
        elif sub == "e":
            base = None  # log_e is ln
        else:
            if self.strict and sub not in self.declared:
                raise self._unknown_name(sub, s, e)
            base = Sym(GREEK_SPELLING.get(sub, sub))
        if not quiet:
            shown = "log" if base is None else f"log(..., {to_plain(base)})"
            self.note("log-base", f"{src} read as {shown}", s, e)
        return RTok("FUNC", "log", s, e, source=src, base=base, flags=frozenset(("based",)))

    def _split(self, name, s, e, called) -> list[RTok]:
        out: list[RTok] = []
        i = 0
        while i < len(name):
            piece = None
            for cand in self.by_letter.get(name[i], ()):
                if name.startswith(cand, i):
                    piece = cand
                    break
            if piece is None:
                piece = name[i]
                if self.strict and piece not in self.declared and piece not in CONSTANTS:
                    raise self._unknown_name(name, s, e)
            ps, pe = s + i, s + i + len(piece)
            if piece in self.table.names:
                out.append(RTok("FUNC", self.table.names[piece], ps, pe, source=piece))
            elif self.declared is not None and piece in self.declared:
                out.append(RTok("VAR", piece, ps, pe, source=piece))
            elif piece in CONSTANTS:
                out.append(RTok("CONST", CONSTANTS[piece], ps, pe, source=piece))
            else:
                out.append(RTok("VAR", GREEK_SPELLING.get(piece, piece), ps, pe, source=piece))
            i += len(piece)
        return out

    def _split_note(self, src, pieces, s, e):
        if len(pieces) > 1:
            shown = "*".join(p.text for p in pieces)
            self.note("split-name", f"{src} split into {shown}", s, e)

    def _unknown_name(self, name, s, e):
        declared = ", ".join(sorted(self.declared or ()))
        return ParseError(
            f"unknown name {name!r}",
            self.text, s, e,
            hint=f"only the declared variables ({declared}) and known functions may appear",
        )

    def _unknown_function(self, name, s, e):
        close = difflib.get_close_matches(name, sorted(self.functions), n=1, cutoff=0.6)
        hint = f"did you mean {close[0]}?" if close else (
            f"write {'*'.join(name)}*(...) for a product, or see 'calcdiff rules' for functions"
        )
        return UnknownFunctionError(f"unknown function {name!r}", self.text, s, e, hint=hint)


# ---------------------------------------------------------------------------------------------


class _Parser:
    def __init__(self, text: str, toks: list[RTok], table, notes: list[Note], spans: dict):
        self.text = text
        self.toks = toks
        self.i = 0
        self.table = table
        self.notes = notes
        self.spans = spans
        self.depth = 0
        self.abs_depth = 0

    # -- helpers
    @property
    def tok(self) -> RTok:
        return self.toks[self.i]

    def peek(self, k: int = 1) -> RTok:
        j = min(self.i + k, len(self.toks) - 1)
        return self.toks[j]

    def at_op(self, *ops) -> bool:
        t = self.toks[self.i]
        return t.kind == "OP" and t.text in ops

    def advance(self) -> RTok:
        t = self.toks[self.i]
        self.i += 1
        return t

    def error(self, message, tok: RTok | None = None, hint=None, start=None, end=None):
        tok = tok or self.tok
        s = tok.start if start is None else start
        e = tok.end if end is None else end
        if tok.kind == "END" and start is None:
            s, e = len(self.text), len(self.text) + 1
        return ParseError(message, self.text, s, max(e, s + 1), hint=hint)

    def note(self, kind, message, start, end):
        self.notes.append(Note(kind, message, start, end))

    def mark(self, node: Expr, start: int, end: int) -> Expr:
        self.spans.setdefault(id(node), (start, end))
        return node

    def src(self, start, end) -> str:
        return self.text[start:end].strip()

    def enter(self):
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise LimitError(
                f"the expression is nested more than {MAX_DEPTH:,} levels deep",
                self.text, self.tok.start, self.tok.end,
            )

    def describe(self, tok: RTok) -> str:
        if tok.kind == "END":
            return "end of input"
        if tok.kind == "NUM":
            return f"number {tok.source!r}"
        if tok.kind == "FUNC":
            return f"function {tok.source!r}"
        return f"{tok.source or tok.text!r}"

    # -- grammar
    def parse_all(self) -> Expr:
        if self.tok.kind == "END":
            raise ParseError("empty input: there is no expression to read", self.text, 0, 1)
        e = self.parse_sum()
        if self.tok.kind != "END":
            self.unexpected()
        return e

    def unexpected(self):
        t = self.tok
        if t.kind == "OP" and t.text in ")]}":
            raise self.error(f"unmatched {t.text!r}: there is no bracket open here")
        if t.kind == "OP" and t.text == "|":
            raise self.error("unmatched '|'")
        if t.kind == "OP" and t.text == ",":
            raise self.error("unexpected ',': commas separate the arguments of a function")
        raise self.error(f"unexpected {self.describe(t)}")

    def parse_sum(self) -> Expr:
        self.enter()
        start = self.tok.start
        terms = [self.parse_term()]
        while self.at_op("+", "-"):
            op = self.advance()
            if self.tok.kind == "END":
                raise self.error(f"the expression ends after {op.text!r}: a term is missing")
            t = self.parse_term()
            terms.append(t if op.text == "+" else neg(t))
        self.depth -= 1
        if len(terms) == 1:
            return terms[0]
        return self.mark(Add(terms), start, self.toks[self.i - 1].end)

    def starts_factor(self, tok: RTok) -> bool:
        if tok.kind in ("VAR", "CONST", "FUNC"):
            return True
        if tok.kind == "OP":
            if tok.text in "([{√∛∜":
                return True
            if tok.text == "|":
                return self.abs_depth == 0
        return False

    def parse_term(self) -> Expr:
        start = self.tok.start
        factors = [self.parse_unary()]
        implicit = False
        while True:
            t = self.tok
            if t.kind == "OP" and t.text in "*/":
                self.advance()
                if self.tok.kind == "END":
                    raise self.error(f"the expression ends after {t.text!r}: a factor is missing")
                if self.at_op("*", "/", "^"):
                    raise self.error(f"unexpected {self.tok.text!r} after {t.text!r}",
                                     hint="write x*y for a product, x^2 or x**2 for a power")
                right = self.parse_unary()
                if t.text == "*":
                    factors.append(right)
                else:
                    left = factors[0] if len(factors) == 1 else Mul(factors)
                    if type(right) is Num and right.value == 0:
                        raise self.error("division by zero", self.toks[self.i - 1],
                                         hint="the denominator is the number 0")
                    if type(left) is Num and type(right) is Num:
                        quotient = Num(left.value / right.value)
                    else:
                        quotient = Div(left, right)
                    factors = [self.mark(quotient, start, self.toks[self.i - 1].end)]
            elif self.starts_factor(t):
                # pieces of one split run (xy) are reported as a split, not as a product
                prev = self.toks[self.i - 1]
                if not (prev.run >= 0 and prev.run == t.run):
                    implicit = True
                factors.append(self.parse_power())
            elif t.kind == "NUM":
                prev = self.toks[self.i - 1]
                raise self.error(
                    f"a number cannot follow {self.describe(prev)} directly",
                    hint=f"write {self.src(prev.start, prev.end)}*{t.source} for a product",
                )
            else:
                break
        node = factors[0] if len(factors) == 1 else Mul(factors)
        end = self.toks[self.i - 1].end
        if implicit:
            self.note_implicit(start, end, node)
        return self.mark(node, start, end)

    def note_implicit(self, start, end, node):
        written = self.src(start, end)

        def message():
            m = f"implicit multiplication: {written} -> {to_plain(node)}"
            if re.match(r"^[0-9]+/[0-9]+[A-Za-z(]", written.replace(" ", "")):
                m += " (a product after a fraction: (a/b)·x, not a/(b·x))"
            return m

        self.note("implicit-multiplication", message, start, end)

    def parse_unary(self) -> Expr:
        t = self.tok
        if t.kind == "OP" and t.text in "+-":
            self.advance()
            self.enter()
            if self.tok.kind == "END":
                raise self.error(f"the expression ends after {t.text!r}: an operand is missing")
            if self.at_op("*", "/", "^", ")", "]", "}", ","):
                raise self.error(f"unexpected {self.tok.text!r} after {t.text!r}")
            operand = self.parse_unary()
            self.depth -= 1
            if t.text == "+":
                return operand
            return self.mark(neg(operand), t.start, self.toks[self.i - 1].end)
        return self.parse_power()

    def parse_power(self) -> Expr:
        start = self.tok.start
        base = self.parse_primary()
        if self.at_op("^"):
            caret = self.advance()
            if self.tok.kind == "END":
                raise self.error("the expression ends after '^': the exponent is missing")
            self.enter()
            exp = self.parse_unary()
            self.depth -= 1
            end = self.toks[self.i - 1].end
            scoped = type(base) is Num or (type(base) is Const and base.name == "E")
            if (scoped and type(exp) is Num and self.starts_factor(self.tok)
                    and "superscript" not in caret.flags):
                shown = f"exp({to_plain(exp)})" if type(base) is Const else to_plain(Pow(base, exp))
                self.note(
                    "exponent-scope",
                    f"{self.src(start, self.tok.end)} read as {shown}*{self.tok.source}: an "
                    f"exponent is one factor; write {self.src(start, caret.end)}({to_plain(exp)}"
                    f"{self.tok.source}) for the power of the product",
                    start, self.tok.end,
                )
            if type(base) is Const and base.name == "E":
                return self.mark(Call("exp", (exp,)), start, end)
            return self.mark(Pow(base, exp), start, end)
        return base

    def parse_primary(self) -> Expr:
        t = self.tok
        k = t.kind
        if k == "NUM":
            self.advance()
            if "sci" in t.flags:
                self.note("scientific-notation",
                          f"{t.source} read as scientific notation: {_fraction(t.value)}",
                          t.start, t.end)
            elif "decimal" in t.flags:
                self.note("decimal", f"{t.source} read as the exact number {_fraction(t.value)}",
                          t.start, t.end)
            return self.mark(Num(t.value), t.start, t.end)
        if k == "VAR":
            self.advance()
            return self.mark(Sym(t.text), t.start, t.end)
        if k == "CONST":
            self.advance()
            if t.text == "E" and t.source == "e":
                self.note("euler", "e read as Euler's number (2.71828...); pass --vars e to "
                          "use e as a variable", t.start, t.end)
            return self.mark(Const(t.text), t.start, t.end)
        if k == "FUNC":
            return self.parse_call()
        if k == "OP":
            if t.text in BRACKETS:
                return self.parse_group()
            if t.text == "|":
                return self.parse_abs()
            if t.text in ROOT_SIGNS:
                self.advance()
                func, index = ROOT_SIGNS[t.text]
                if self.tok.kind == "END" or not (self.starts_factor(self.tok) or self.tok.kind == "NUM"):
                    raise self.error(f"{t.text} needs something to take the root of")
                self.enter()
                arg = self.parse_power()
                self.depth -= 1
                args = (arg,) if index is None else (arg, Num(index))
                node = Call(func, args)
                end = self.toks[self.i - 1].end
                self.note("root-sign", f"{self.src(t.start, end)} read as {to_plain(node)}",
                          t.start, end)
                return self.mark(node, t.start, end)
        if k == "END":
            raise self.error("unexpected end of input: an operand is missing")
        self.unexpected()
        raise AssertionError("unreachable")  # pragma: no cover

    def parse_group(self) -> Expr:
        open_tok = self.advance()
        self.enter()
        if self.at_op(BRACKETS[open_tok.text]):
            raise self.error(f"empty brackets {open_tok.text}{BRACKETS[open_tok.text]}")
        inner = self.parse_sum()
        self.expect_close(open_tok)
        self.depth -= 1
        return inner

    def expect_close(self, open_tok: RTok):
        want = BRACKETS[open_tok.text]
        t = self.tok
        if t.kind == "OP" and t.text == want:
            self.advance()
            return
        if t.kind == "END":
            raise self.error(
                f"unclosed {open_tok.text!r}: expected {want!r} before the end",
                open_tok, start=open_tok.start, end=open_tok.end,
            )
        if t.kind == "OP" and t.text in ")]}":
            raise self.error(
                f"mismatched brackets: {t.text!r} closes {open_tok.text!r} "
                f"(column {open_tok.start + 1}); expected {want!r}"
            )
        raise self.error(f"unexpected {self.describe(t)}: expected {want!r}")

    def parse_abs(self) -> Expr:
        open_tok = self.advance()
        self.enter()
        self.abs_depth += 1
        if self.at_op("|") and self.peek().kind == "END":
            raise self.error("empty absolute value bars ||")
        inner = self.parse_sum()
        self.abs_depth -= 1
        if not self.at_op("|"):
            if self.tok.kind == "END":
                raise self.error("unclosed '|': expected a closing '|'", open_tok)
            raise self.error(f"unexpected {self.describe(self.tok)}: expected a closing '|'")
        close = self.advance()
        self.depth -= 1
        node = Call("abs", (inner,))
        self.note("absolute-bars", f"{self.src(open_tok.start, close.end)} read as "
                  f"{to_plain(node)}", open_tok.start, close.end)
        return self.mark(node, open_tok.start, close.end)

    def parse_call(self) -> Expr:
        ftok = self.advance()
        name = ftok.text
        rule = self.table.functions.get(name)
        power: int | None = None
        inverse_of: str | None = None
        self.enter()
        if self.at_op("^"):
            power = self.parse_function_power(ftok)
            if power == -1:
                inverse = rule.inverse if rule else None
                if not inverse:
                    raise self.error(f"{name}^-1: the table has no inverse of {name}",
                                     ftok, start=ftok.start, end=self.toks[self.i - 1].end)
                inverse_of, name, power = name, inverse, None
                rule = self.table.functions.get(name)
        based = ftok.base is not None or "based" in ftok.flags
        if self.at_op("(", "[", "{"):
            open_tok = self.advance()
            args = []
            if self.at_op(BRACKETS[open_tok.text]):
                raise self.error(f"{ftok.source} needs an argument")
            while True:
                if self.at_op(","):
                    raise self.error("an argument is missing before ','")
                args.append(self.parse_sum())
                if self.at_op(","):
                    comma = self.advance()
                    if self.at_op(BRACKETS[open_tok.text]):
                        raise self.error(f"an argument is missing after ',': unexpected "
                                         f"{self.tok.text!r}")
                    continue
                break
            self.expect_close(open_tok)
            paren = True
        else:
            if self.tok.kind == "END" or not (
                self.starts_factor(self.tok) or self.tok.kind == "NUM" or self.at_op("-")
            ):
                raise self.error(f"{ftok.source} needs an argument, like {ftok.source}(x)")
            args = [self.parse_noparen_arg()]
            paren = False
        end = self.toks[self.i - 1].end
        if based:
            if len(args) != 1:
                raise self.error(f"{ftok.source} takes one argument: the base is in the name",
                                 ftok, start=ftok.start, end=end)
            if ftok.base is not None:
                args.append(ftok.base)
        arity = rule.arity if rule else (1,)
        if len(args) not in arity:
            want = " or ".join(str(a) for a in arity)
            example = {"root": " (root(x, n))", "log": " (log(x) or log(x, b))"}.get(name, "")
            raise self.error(
                f"{name} takes {want} argument{'s' if arity != (1,) else ''}{example}, "
                f"got {len(args)}",
                ftok, start=ftok.start, end=end,
            )
        call: Expr = self.mark(Call(name, args), ftok.start, end)
        node = call if power is None else Pow(call, Num(power))
        if not paren or inverse_of or power is not None:
            # printing is linear in the sub-tree: only for the notes that need it
            written = self.src(ftok.start, end)
            shown = to_plain(node)
            if not paren:
                self.note("function-application", f"{written} read as {shown}", ftok.start, end)
            if inverse_of:
                self.note("inverse-notation", f"{written} read as {shown}, the inverse "
                          f"function (not 1/{inverse_of})", ftok.start, end)
            if power is not None:
                self.note("function-power", f"{written} read as {shown}, a power of {name}",
                          ftok.start, end)
        if name == "log" and len(args) == 1 and ftok.source == "log":
            self.note("log-natural", "log read as the natural logarithm ln; some courses mean "
                      "base 10: write log10(x) or log(x, 10) for that", ftok.start, ftok.end)
        self.depth -= 1
        return self.mark(node, ftok.start, end)

    def parse_function_power(self, ftok: RTok) -> int:
        caret = self.advance()
        closers = None
        if self.at_op("(", "{"):
            closers = BRACKETS[self.advance().text]
        sign = 1
        if self.at_op("-"):
            self.advance()
            sign = -1
        t = self.tok
        if t.kind != "NUM" or t.value.denominator != 1:
            raise self.error(
                f"expected a whole number after {ftok.source}^ (a function power like "
                f"{ftok.source}^2 x)",
                hint=f"write {ftok.source}(x)^... for other powers",
            )
        self.advance()
        if closers:
            if not self.at_op(closers):
                raise self.error(f"expected {closers!r}")
            self.advance()
        n = sign * int(t.value)
        if n == -1 or n >= 1:
            return n
        raise self.error(
            f"{ftok.source}^{n}: a function power must be a positive whole number, or -1 for "
            "the inverse", t, start=caret.start, end=t.end,
        )

    def parse_noparen_arg(self) -> Expr:
        start = self.tok.start
        negate = False
        if self.at_op("-"):
            self.advance()
            negate = True
        factors = [self.parse_power()]
        implicit = False
        while self.starts_factor(self.tok) and self.tok.kind != "FUNC":
            prev = self.toks[self.i - 1]
            if not (prev.run >= 0 and prev.run == self.tok.run):
                implicit = True
            factors.append(self.parse_power())
        node = factors[0] if len(factors) == 1 else Mul(factors)
        end = self.toks[self.i - 1].end
        if implicit:
            self.note_implicit(start + (1 if negate else 0), end, node)
            self.mark(node, start, end)
        if negate:
            node = self.mark(neg(node), start, end)
        return node


def _fraction(v: Fraction) -> str:
    return str(v.numerator) if v.denominator == 1 else f"{v.numerator}/{v.denominator}"


def _dedupe(notes: list[Note]) -> list[Note]:
    seen = set()
    out = []
    for n in notes:
        key = (n.kind, n._message if not callable(n._message) else (n.start, n.end))
        if key not in seen:
            seen.add(key)
            out.append(n)
    return out


def parse(text: str, vars=None, table=None) -> Reading:
    """Read ``text`` into a :class:`Reading` (tree, notes, spans).

    ``vars``: declared variable names; when given, they are never split and no other
    variable may appear (strict mode).

    >>> parse("3x^2-4x").plain
    '3*x**2 - 4*x'
    >>> parse("sin x cos x").plain
    'sin(x)*cos(x)'
    """
    from .deep import call_deep

    return call_deep(_parse, text, vars, table)


def _parse(text, vars, table, tokens=None, offset_tokens=0):
    if tokens is None:
        m = _DEFINITION.match(text)
        if m and text[m.end():].strip():
            # f(x) = 3x^2 - 4x, z = 3x^2 + xy: the expression is the right-hand side
            reading = _parse(" " * m.end() + text[m.end():], vars, table)
            if not reading.expr.free and "(" not in text[:m.end()]:
                # x = 3 is a point (--at x=3), not a definition: reported as before
                return _parse(text, vars, table, tokenize(text))
            reading.text = text
            lhs = text[m.start(1):m.end() - 1].strip()
            reading.notes.insert(0, Note("definition", f"{lhs} = … read as a definition: "
                                         "the expression is its right-hand side", m.start(1),
                                         m.end()))
            return reading
    if table is None:
        from .table import builtin_table

        table = builtin_table()
    declared = None
    if vars is not None:
        declared = frozenset(GREEK_SPELLING.get(v, v) for v in vars)
    notes: list[Note] = []
    spans: dict = {}
    raw = tokenize(text) if tokens is None else tokens
    toks = _Resolver(text, table, declared, notes).resolve(raw)
    parser = _Parser(text, toks, table, notes, spans)
    expr = parser.parse_all()
    notes.sort(key=lambda n: n.start)
    return Reading(text, expr, _dedupe(notes), spans)


# ---------------------------------------------------------------------------------------------
# derivative requests inside the input: d/dx f, d^2/dx^2 f, ∂/∂y f, diff(f, x, 3)

_SUP_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_ORDER = r"(?:\s*\^\s*\{?\s*([0-9]+)\s*\}?|\s*([⁰¹²³⁴⁵⁶⁷⁸⁹]+))?"
_VAR_NAME = (
    r"(?:[α-ωΑ-Ω]|[A-Za-z]+)(?:[0-9]+)?(?:_(?:[A-Za-z0-9]+|\{[A-Za-z0-9]+\}))?"
)
# d/dx, d^2/dx^2, and with the function's name: dy/dx, d²y/dx², ∂z/∂x, ∂²f/∂x∂y
_LEIBNIZ_HEAD = re.compile(r"^\s*([d∂])" + _ORDER + r"\s*(" + _VAR_NAME + r")?\s*/\s*")
_LEIBNIZ_DEN = re.compile(r"\s*([d∂])\s*(" + _VAR_NAME + r")" + _ORDER)
# f(x) = ..., f(x, y) = ..., y = ...: a definition, whose right-hand side is the expression
_DEFINITION = re.compile(r"^\s*(" + _VAR_NAME + r")\s*(?:\(\s*" + _VAR_NAME + r"(?:\s*,\s*"
                         + _VAR_NAME + r")*\s*\))?\s*=(?!=)")


def parse_request(text: str, vars=None, table=None) -> Reading:
    """Parse an input that may carry its own derivative request.

    Returns a :class:`Reading` whose ``wrt`` is the list of variables to differentiate by,
    in order (``("x", "x")`` for a second derivative), or None when the input is a plain
    expression.
    """
    from .deep import call_deep

    return call_deep(_parse_request, text, vars, table)


def _parse_request(text, vars, table):
    m = _LEIBNIZ_HEAD.match(text)
    if m and (m.group(2) or m.group(3) or _LEIBNIZ_DEN.match(text, m.end())):
        return _leibniz(text, m, vars, table)
    if re.match(r"^\s*diff\s*\(", text):
        return _diff_call(text, vars, table)
    return _parse(text, vars, table)


def _order(m, g1, g2) -> int:
    if m.group(g1):
        return int(m.group(g1))
    if m.group(g2):
        return int(m.group(g2).translate(_SUP_DIGITS))
    return 1


def _leibniz(text, head, vars, table) -> Reading:
    explicit = bool(head.group(2) or head.group(3))
    total = _order(head, 2, 3)
    symbol = head.group(1)
    pos = head.end()
    wrt: list[str] = []
    known = set(vars or ()) | GREEK_NAMES | set(GREEK_SPELLING)
    while not wrt or (explicit and len(wrt) < total):
        m = _LEIBNIZ_DEN.match(text, pos)
        if not m:
            raise ParseError(
                f"expected {symbol}x after '/' in the derivative request", text, pos, pos + 1,
                hint="write d/dx f, d^2/dx^2 f or ∂/∂y f",
            )
        name, end, count = m.group(2), m.end(), _order(m, 3, 4)
        run = re.match(r"[A-Za-z]+", name)
        if run and len(run.group(0)) > 1 and run.group(0) not in known:
            # 'd/dxsin(x)': the variable is the longest declared or Greek prefix, else a letter
            cands = [v for v in known if run.group(0).startswith(v)]
            name = max(cands, key=len) if cands else run.group(0)[0]
            end, count = m.start(2) + len(name), 1
        name = GREEK.get(name, name).replace("{", "").replace("}", "")
        wrt += [GREEK_SPELLING.get(name, name)] * count
        pos = end
    if len(wrt) != total:
        raise ParseError(
            f"the request's order {total} does not match its denominator "
            f"({len(wrt)} differentiations)", text, head.start(1), pos,
        )
    head_end = pos
    of = re.match(r"\s*of\s", text[pos:])  # dy/dx of x^3, ∂z/∂x of z = 3x^2 + xy
    if of:
        pos += of.end()
    if not text[pos:].strip():
        raise ParseError("the derivative request has no expression after it", text,
                         len(text), len(text) + 1)
    reading = _parse_offset(text, pos, vars, table)
    if len(set(wrt)) > 1:
        # ∂²/∂x∂y f = ∂/∂x (∂f/∂y): the operator next to f acts first
        wrt = list(reversed(wrt))
    reading.wrt = tuple(wrt)
    reading.notes.insert(0, Note("leibniz", f"{text[:head_end].strip()} read as a request: "
                                 f"differentiate by {', '.join(reading.wrt)}", 0, head_end))
    return reading


def _parse_offset(text, pos, vars, table) -> Reading:
    """Parse text[pos:] keeping columns relative to the whole text."""
    padded = " " * pos + text[pos:]
    reading = _parse(padded, vars, table)
    reading.text = text
    return reading


def _diff_call(text, vars, table) -> Reading:
    m = re.match(r"^\s*diff\s*\(", text)
    # find the matching ')' for the call, then split its top-level commas
    depth = 0
    close = None
    for i in range(m.end() - 1, len(text)):
        c = text[i]
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth == 0:
                close = i
                break
    if close is None:
        raise ParseError("unclosed '(' in diff(...)", text, m.end() - 1, m.end())
    if text[close + 1 :].strip():
        raise ParseError("unexpected text after diff(...)", text, close + 1, close + 2)
    parts = []
    depth = 0
    start = m.end()
    for i in range(m.end(), close):
        c = text[i]
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif c == "," and depth == 0:
            parts.append((start, i))
            start = i + 1
    parts.append((start, close))
    fs, fe = parts[0]
    if not text[fs:fe].strip():
        raise ParseError("diff(...) needs an expression", text, fs, fs + 1)
    padded = " " * fs + text[fs:fe]
    reading = _parse(padded, vars, table)
    reading.text = text
    wrt: list[str] = []
    for ps, pe in parts[1:]:
        piece = text[ps:pe].strip()
        col = ps + (len(text[ps:pe]) - len(text[ps:pe].lstrip()))
        if re.fullmatch(r"[0-9]+", piece):
            if not wrt:
                raise ParseError("an order must follow a variable", text, col, col + 1)
            n = int(piece)
            if n < 1 or n > 100:
                raise ParseError("the order must be between 1 and 100", text, col, col + len(piece))
            wrt += [wrt[-1]] * (n - 1)
        elif re.fullmatch(_VAR_NAME, piece):
            wrt.append(GREEK_SPELLING.get(GREEK.get(piece, piece), GREEK.get(piece, piece)))
        else:
            raise ParseError(f"expected a variable or an order, got {piece!r}", text, col,
                             col + max(1, len(piece)))
    reading.wrt = tuple(wrt) if wrt else ()
    reading.notes.insert(0, Note("leibniz", "diff(...) read as a derivative request", 0, fs))
    return reading
