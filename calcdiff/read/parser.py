"""The parser: text -> calcdiff's expression tree, plus the reading notes.

Recursive descent with one function per precedence level (loosest first):

    sum      := term (('+' | '-') term)*
    term     := unary (('*' | '/' | <implicit>) factor)*      implicit: 2x, x(x+1), 2sin x
    unary    := ('-' | '+') unary | power                      -x^2 = -(x^2)
    power    := primary ('^' unary)?                           right-associative
    primary  := number | variable | constant | (sum) | [sum] | {sum} | |sum| | √-?power | call
    call     := FUNC ('^' n)? ( '(' args ')' | noparen )       sin^2 x, sin^-1(x), log_2 x
    noparen  := '-'? power (power)*                            sin 2x; stops before a function

Names are resolved before parsing (:mod:`calcdiff.read.resolve`: a declared variable, a function,
a constant, a Greek name, or one-letter variables); each doubtful reading is a :class:`Note`.
"""

from __future__ import annotations

from operator import attrgetter

from calcdiff.deep import call_deep
from calcdiff.errors import LimitError, ParseError
from calcdiff.read.common import common_items, common_tree, items_of, tokens_of
from calcdiff.read.latex import latex_aware
from calcdiff.read.definitions import read_definition, with_letters
from calcdiff.read.lexer import no_transpose, tokenize
from calcdiff.read.indexes import no_index
from calcdiff.read.misplaced import (no_empty_request, no_operator_inside, no_product_across_lines,
                                     no_sum_or_expectation, no_trace)
from calcdiff.read.sentences import may_hold_words, no_words_in_a_row
from calcdiff.read.logs import log_reading
from calcdiff.read.piecewise import piecewise
from calcdiff.read.reading import Note, Reading
from calcdiff.read.tidy import dedupe, implicit_note, lost_power_notes, merge_splits
from calcdiff.read.terms import (bracketed_superscript, describe_token, function_power,
                                 lost_superscript, number_after_number, parse_abs, power_like,
                                 quotient_follows, spaced_after_bracket, unexpected_token,
                                 wrong_arity)
from calcdiff.read.resolve import GREEK_SPELLING, RTok, _Resolver
from calcdiff.table import builtin_entries, with_unknown_functions
from calcdiff.tree.nodes import Add, Call, Const, Div, Expr, Mul, Neg, Num, Pow, Sym
from calcdiff.tree.printer import to_plain
from calcdiff.undefined import describe as describe_unknown

MAX_DEPTH = 5000  # nested brackets / calls / exponents

BRACKETS = {"(": ")", "[": "]", "{": "}"}
ROOT_SIGNS = {"√": ("sqrt", None), "∛": ("cbrt", None), "∜": ("root", 4)}
_START = attrgetter("start")  # the notes' order: where each starts


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
        self.unknown_noted: set[str] = set()
        self.marked: list[Expr] = []
        self.dropped: list[Expr] = []  # marked nodes left out of the tree (the 1 of -1)

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
        """Record where ``node`` was written (the first, innermost span marked wins)."""
        key = id(node)
        if key not in self.spans:
            self.spans[key] = (start, end)
            self.marked.append(node)  # alive until the parse ends: its id is never reused
        return node

    def negate(self, node: Expr) -> Expr:
        """``-node``; a number is replaced by its negative, and its span is dropped."""
        if type(node) is Num:
            self.dropped.append(node)
            return Num(-node.value)
        return Neg(node)

    def src(self, start, end) -> str:
        return self.text[start:end].strip()

    def enter(self):
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise LimitError(
                f"the expression is nested too deeply: over {MAX_DEPTH:,} levels, where a "
                f"bracket or a call counts two (at most {(MAX_DEPTH - 1) // 2:,} nested "
                "brackets or calls)",
                self.text, self.tok.start, self.tok.end,
            )

    # -- grammar
    def parse_all(self) -> Expr:
        if self.tok.kind == "END":
            raise ParseError("empty input: there is no expression to read", self.text, 0, 1)
        e = self.parse_sum()
        if self.tok.kind != "END":
            self.unexpected()
        return e

    def unexpected(self):
        raise unexpected_token(self)

    def parse_sum(self) -> Expr:
        self.enter()
        toks = self.toks
        start = toks[self.i].start
        terms = [self.parse_term()]
        while True:
            op = toks[self.i]
            if op.kind != "OP" or (op.text != "+" and op.text != "-"):
                break
            self.i += 1
            if toks[self.i].kind == "END":
                raise self.error(f"the expression ends after {op.text!r}: a term is missing")
            t = self.parse_term()
            terms.append(t if op.text == "+" else self.negate(t))
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
        toks = self.toks
        t = toks[self.i]
        start = t.start
        signed = t.kind == "OP" and (t.text == "+" or t.text == "-")
        factors = [self.parse_unary() if signed else self.parse_power()]
        joins: list = []  # (end of one factor, start of the next) of each implicit product
        divided = after_fraction = False  # a product after a '/' is (a/b)·c: the note says so
        while True:
            t = toks[self.i]
            k = t.kind
            if k == "OP" and (t.text == "*" or t.text == "/"):
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
                    divided = True
                    left = factors[0] if len(factors) == 1 else Mul(factors)
                    if type(right) is Num and right.value == 0:
                        raise self.error("division by zero", self.toks[self.i - 1],
                                         hint="the denominator is the number 0")
                    if type(left) is Num and type(right) is Num:
                        self.dropped += (left, right)
                        quotient = Num(left.value / right.value)
                    else:
                        quotient = Div(left, right)
                    factors = [self.mark(quotient, start, self.toks[self.i - 1].end)]
            elif k == "VAR" or k == "CONST" or k == "FUNC" or (k == "OP" and self.starts_factor(
                    t)) or (k == "NUM" and (toks[self.i + 1].text == "^"  # x 2^x: a factor
                                            or spaced_after_bracket(self, t))):
                # pieces of one split run (xy) are reported as a split, not as a product
                prev = toks[self.i - 1]
                if divided or not (prev.run >= 0 and prev.run == t.run):
                    joins.append((prev.end, t.start))
                    after_fraction = after_fraction or divided
                factors.append(self.parse_power())
            elif k == "NUM":
                raise number_after_number(self, t)
            else:
                break
        end = toks[self.i - 1].end
        if len(factors) == 1:
            node = factors[0]
            if not joins and id(node) in self.spans:
                return node  # already marked, with its own (the same or a smaller) span
        else:
            node = Mul(factors)
        if joins:
            self.notes.append(implicit_note(self.text, start, end, joins, after_fraction))
        return self.mark(node, start, end)

    def parse_unary(self) -> Expr:
        t = self.toks[self.i]
        if t.kind == "OP" and (t.text == "+" or t.text == "-"):
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
            return self.mark(self.negate(operand), t.start, self.toks[self.i - 1].end)
        return self.parse_power()

    def parse_power(self) -> Expr:
        toks = self.toks
        i = self.i
        t = toks[i]
        start = t.start
        k = t.kind
        if k == "VAR" or (k == "NUM" and not t.flags):  # the common leaves, without a call
            self.i = i + 1
            base = Sym(t.text) if k == "VAR" else Num(t.value)
            self.spans[id(base)] = (start, t.end)  # a new node: marked here first
            self.marked.append(base)
        else:
            base = self.parse_primary()
        t = toks[self.i]
        if t.kind == "OP" and t.text == "^":
            caret = self.advance()
            if self.tok.kind == "END":
                raise self.error(f"the expression ends after '{caret.source}': the exponent "
                                 "is missing")
            self.enter()
            t = toks[self.i]
            if t.kind == "OP" and (t.text == "+" or t.text == "-"):
                exp = self.parse_unary()
            else:
                exp = self.parse_power()
            self.depth -= 1
            end = self.toks[self.i - 1].end
            if t.kind == "OP" and (t.text == "{" or t.text == "[" or (
                    t.text == "(" and "superscript" in t.flags)):  # a^{[2]}, z^{(1)}, a⁽²⁾
                bracketed_superscript(self, start, caret, end)
            last = toks[self.i - 1]  # e^xy: the exponent x is a piece of the name xy
            # (and x^2x: the base again right after its number, an odd way to write x^3)
            scoped = type(base) is Num or (type(base) is Const and base.name == "E") or (
                type(exp) is Num and self.tok.kind == "VAR" and self.tok.start == last.end
                and ((type(base) is Sym and self.tok.text == base.name)  # x^2x
                     # (x+1)^2x; not (1-x)^3x^2 (a power of x next), nor (x+1)^(2)x
                     or (t.kind == "NUM" and toks[self.i + 1].text != "^"
                         and self.src(start, caret.start).rstrip().endswith(")"))))
            core = exp.arg if type(exp) is Neg else exp  # e^-kt: -k, the product's first
            if (scoped and self.starts_factor(self.tok) and "superscript" not in caret.flags
                    and (type(exp) is Num or (type(core) is Sym and self.tok.kind != "FUNC"
                                              and ((last.run >= 0 and last.run == self.tok.run)
                                                   or (self.tok.kind == "VAR"
                                                       and self.tok.start == last.end))))):
                # after the user's own power (e^2, e^x): the next factor, the rest of a name
                after = [u for u in toks[self.i:self.i + 64] if u.run == last.run >= 0]
                after = after or [self.tok]
                nxt = self.src(self.tok.start, after[-1].end)
                power = self.src(caret.end, end).strip()  # as written: e^θt, e^(θt)
                self.note("exponent-scope", f"{self.src(start, after[-1].end)} read as "
                          f"{self.src(start, end)}*{nxt}: an exponent is one factor; write "
                          f"{self.src(start, caret.end)}({power}{nxt}) for the power of the "
                          "product", start, after[-1].end)
            over = toks[self.i + 1] if self.at_op("/") else None
            # x^1/2: (x^1)/2, not √x (x^2/4 is as meant); e^-x^2/2 is no Gaussian e^(-x^2/2)
            if over is not None and (over.kind == "NUM" or (
                    over.kind == "VAR" and type(exp) is Num and abs(exp.value) == 1)) \
                    and "superscript" not in caret.flags \
                    and not (t.kind == "OP" and (t.text in BRACKETS or t.text == "|")) and (
                        (type(exp) is Num and power_like(exp.value, over)) or (
                            scoped and exp.free and type(exp) is not Sym)):
                self.note("exponent-scope", f"{self.src(start, over.end)} read as "
                          f"({self.src(start, end)})/{over.source}: an exponent is one factor; "
                          f"write {self.src(start, caret.end)}({self.src(caret.end, end)}/"
                          f"{over.source}) for the power", start, over.end)
            if type(base) is Const and base.name == "E":
                self.dropped.append(base)
                return self.mark(Call("exp", (exp,)), start, end)
            node = Pow(base, exp)
            self.spans[id(node)] = (start, end)  # a new node: marked here first
            self.marked.append(node)
            return node
        return base

    def parse_primary(self) -> Expr:
        t = self.toks[self.i]
        k = t.kind
        if k == "VAR":
            self.i += 1
            return self.mark(Sym(t.text), t.start, t.end)
        if k == "NUM":
            self.i += 1
            if t.flags and ("sci" in t.flags or "decimal" in t.flags):  # 1e-3, 0.5: exactly
                kind, how = (("scientific-notation", "scientific notation:") if "sci" in t.flags
                             else ("decimal", "the exact number"))
                self.note(kind, f"{t.source} read as {how} {to_plain(Num(t.value))}",
                          t.start, t.end)
            return self.mark(Num(t.value), t.start, t.end)
        if k == "CONST":
            self.advance()
            if t.text == "E" and t.source in ("e", "E"):
                self.note("euler", f"{t.source} read as Euler's number (2.71828...); pass "
                          f"--vars {t.source} to use {t.source} as a variable", t.start, t.end)
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
                minus = self.advance() if self.at_op("-") else None  # √-x: the root of -x
                if self.tok.kind == "END" or not (self.starts_factor(self.tok) or self.tok.kind == "NUM"):
                    raise self.error(f"{t.text} needs something to take the root of")
                self.enter()
                arg = self.parse_power()
                if minus is not None:
                    arg = self.mark(self.negate(arg), minus.start, self.toks[self.i - 1].end)
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
        raise self.error(f"unexpected {describe_token(t)}: expected {want!r}")

    def parse_abs(self) -> Expr:
        return parse_abs(self)

    def parse_call(self) -> Expr:
        ftok = self.advance()
        name = ftok.text
        rule = self.table.functions.get(name)
        power: int | None = None
        inverse_of: str | None = None
        self.enter()
        toks = self.toks
        t = toks[self.i]
        if t.kind == "OP" and t.text == "^":
            power = function_power(self, ftok)
            if power == -1:
                inverse = rule.inverse if rule else None
                if not inverse:
                    raise self.error(f"{name}^-1: the table has no inverse of {name}",
                                     ftok, start=ftok.start, end=self.toks[self.i - 1].end)
                inverse_of, name, power = name, inverse, None
                rule = self.table.functions.get(name)
        elif rule is not None and rule.inverse:
            lost_superscript(self, ftok, rule.inverse)
        based = ftok.base is not None or "based" in ftok.flags
        open_tok = toks[self.i]
        if open_tok.kind == "OP" and open_tok.text in BRACKETS:
            self.i += 1
            close = BRACKETS[open_tok.text]
            args = []
            if self.at_op(close):
                raise self.error(f"{ftok.source} needs an argument")
            while True:
                if self.at_op(","):
                    raise self.error("an argument is missing before ','")
                args.append(self.parse_sum())
                t = toks[self.i]
                if t.kind == "OP" and t.text == ",":
                    self.i += 1
                    if self.at_op(close):
                        raise self.error(f"an argument is missing after ',': unexpected "
                                         f"{self.tok.text!r}")
                    continue
                if t.kind == "OP" and t.text == close:
                    self.i += 1
                else:
                    self.expect_close(open_tok)  # raises: no closing bracket here
                break
            paren = True
        else:
            if self.tok.kind == "END" or not (
                self.starts_factor(self.tok) or self.tok.kind == "NUM" or self.at_op("-")
            ):
                raise self.error(f"{ftok.source} needs an argument, like {ftok.source}(x)")
            args = [self.parse_noparen_arg()]
            paren = False
        end = toks[self.i - 1].end
        if "piecewise" in ftok.flags:  # max(0, x): relu(x)
            self.depth -= 1
            return piecewise(self, ftok, args, end, paren, power)
        if based:
            if len(args) != 1:
                raise self.error(f"{ftok.source} takes one argument: the base is in the name",
                                 ftok, start=ftok.start, end=end)
            if ftok.base is not None:
                args.append(ftok.base)
        arity = rule.arity if rule else (1,)
        if "unknown" in ftok.flags:
            arity = (len(args),)  # an unknown function takes what it is given
            self.note_unknown(ftok, end)
        if len(args) not in arity:
            raise wrong_arity(self, ftok, name, arity, len(args), end)
        log_notes = ()
        if name == "log":  # ln; Mathematica's Log[b, z] writes the base first
            args, log_notes = log_reading(self.src(ftok.start, ftok.end), args,
                                          open_tok.text if paren else None)
        call: Expr = self.mark(Call(name, args), ftok.start, end)
        node = call if power is None else Pow(call, Num(power))
        if not paren or inverse_of or power is not None:
            # printing is linear in the sub-tree: only for the notes that need it
            written = self.src(ftok.start, end)
            shown = to_plain(node)
            if inverse_of:
                self.note("inverse-notation", f"{written} read as {shown}, the inverse "
                          f"function (not 1/{inverse_of})", ftok.start, end)
            elif power is not None:
                self.note("function-power", f"{written} read as {shown}, a power of {name}",
                          ftok.start, end)
            elif not paren:  # one note per reading: sin^-1 x and sin^2 x say it above
                self.note("function-application", f"{written} read as {shown}", ftok.start, end)
        for kind, message in log_notes:
            self.note(kind, message, ftok.start, ftok.end if len(args) == 1 else end)
        self.depth -= 1
        return self.mark(node, ftok.start, end)

    def note_unknown(self, ftok: RTok, end: int) -> None:
        """One note per unknown function (or derivative of one) the first time it appears."""
        if ftok.text in self.unknown_noted:
            return
        self.unknown_noted.add(ftok.text)
        self.note("unknown-function", f"{self.src(ftok.start, end)} read as "
                  f"{describe_unknown(ftok.text)}", ftok.start, end)

    def parse_noparen_arg(self) -> Expr:
        start = self.tok.start
        negate = False
        if self.at_op("-"):
            self.advance()
            negate = True
        first = self.i
        factors = [self.parse_power()]
        if self.i == first + 1 and self.toks[first].kind == "NUM" and quotient_follows(self):
            # ln 1/x, sin 1/x: a number alone before / (no space) takes the quotient, since
            # ln(1)/x would be 0 -- the note of the application shows log(1/x)
            self.advance()
            den = self.parse_power()
            factors = [self.mark(Div(factors[0], den), self.toks[first].start,
                                 self.toks[self.i - 1].end)]
        joins: list = []
        # the argument ends before a function and before an exponential e^…: sin x e^x is
        # sin(x)*e^x, as sin x cos x is sin(x)*cos(x) (sin 2 pi x stays sin(2*pi*x))
        while self.starts_factor(self.tok) and self.tok.kind != "FUNC" and not (
                self.tok.kind == "CONST" and self.tok.text == "E"
                and self.peek().kind == "OP" and self.peek().text == "^"
                and self.toks[self.i - 1].end != self.tok.start):  # sin 2e^x: one argument
            prev = self.toks[self.i - 1]
            if not (prev.run >= 0 and prev.run == self.tok.run):
                joins.append((prev.end, self.tok.start))
            factors.append(self.parse_power())
        node = factors[0] if len(factors) == 1 else Mul(factors)
        end = self.toks[self.i - 1].end
        if joins:
            written_from = start + (1 if negate else 0)
            self.notes.append(implicit_note(self.text, written_from, end, joins))
            self.mark(node, start, end)
        if negate:
            node = self.mark(self.negate(node), start, end)
        return node


def parse(text: str, vars=None, table=None, names=None, functions=None) -> Reading:
    """Read ``text`` into a :class:`Reading` (tree, notes, spans).

    ``vars``: declared variable names; when given, they are never split and no other
    variable may appear (strict mode). ``names``: variables that are never split nor read
    as a constant, others still allowed (the names defined with --let). ``functions``: names
    of unknown functions (any length), read as f(x) is.

    >>> parse("3x^2-4x").plain
    '3*x**2 - 4*x'
    >>> parse("sin x cos x").plain
    'sin(x)*cos(x)'
    """

    if functions:
        table = with_unknown_functions(table if table is not None else builtin_entries(),
                                       functions)
    return call_deep(latex_aware, _parse, text, vars, table, names)


def _parse(text, vars, table, names=None, tokens=None):
    if tokens is None:
        reading = read_definition(text, lambda t, fs: _parse(t, vars, with_letters(
            table, fs, vars, names), names))
        if reading is not None:
            return reading
    table = builtin_entries() if table is None else table
    declared = None if vars is None else frozenset(GREEK_SPELLING.get(v, v) for v in vars)
    notes: list[Note] = []
    spans: dict = {}
    no_transpose(text, declared)
    no_sum_or_expectation(text, declared)
    no_trace(text, declared)
    if text[:1] in "d∂ ":  # d/d, dy/d: a request with no variable
        no_empty_request(text, declared)
    names = frozenset(names or ())
    items = None if tokens is not None else common_items(text, table, declared, names, notes)
    tree = None if items is None else common_tree(text, items)  # read/common.py: a common
    if tree is None:  # line, its names read before, a sum of common terms
        if items is not None:
            toks = tokens_of(items)
        else:
            raw = tokenize(text) if tokens is None else tokens
            no_operator_inside(raw, text, declared, names)
            no_index(raw, text, table.functions)
            toks = _Resolver(text, table, declared, notes, names).resolve(raw)
            short = items_of(toks) if tokens is None else None
            if short:  # a common line with names met for the first time (a first line)
                tree = common_tree(text, short)
    short_way = tree is not None
    if may_hold_words(text):  # how fast does x^2 change: words, not letters (read/sentences)
        no_words_in_a_row(text, [(t.kind, t.start, t.end) for t in toks] if not short_way
                          else [(t[0], t[2], t[3]) for t in (items or items_of(toks))])
    if short_way:
        expr, said, spans, marked, dropped = tree
        notes += said
    else:
        parser = _Parser(text, toks, table, notes, spans)
        expr = parser.parse_all()
        marked, dropped = parser.marked, parser.dropped
    if "\n" in text or "\r" in text:
        no_product_across_lines(text, notes)
    free = expr.free
    if any(n[-1:].isdigit() for n in free):  # x3 beside x, or alone (e^x2); not declared
        notes += lost_power_notes(free, free - (declared or frozenset()), text)
    notes.sort(key=_START)
    notes = dedupe(merge_splits(notes, text, marked, spans))
    for node in dropped:  # freed after the parse: a later node could take its id
        spans.pop(id(node), None)
    return Reading(text, expr, notes, spans, short_way=short_way)
