"""Names before parsing: each run of letters in the tokens becomes a declared variable, a
function of the table, a constant, a Greek letter, or else a product of one-letter variables,
with a note wherever a reader could doubt it (``xy`` split into x·y, ``log`` read as ln).
The parser (:mod:`calcdiff.read.parser`) then works on these resolved tokens."""

from __future__ import annotations

import difflib
import re
import weakref

from calcdiff.errors import ParseError, UnknownFunctionError
from calcdiff.greek import NAMES, SPELLING
from calcdiff.read.elsewhere import KNOWN_ELSEWHERE, named_elsewhere, swapped_letters
from calcdiff.read.lexer import LOG_BASE_ARGUMENT, Token, whole
from calcdiff.read.piecewise import FLAGS as PIECEWISE_FLAGS, PIECEWISE
from calcdiff.read.reading import Note
from calcdiff.read.spellings import ARC_WORDS, capitalised
from calcdiff.tree.nodes import Expr, Num, Sym
from calcdiff.tree.printer import to_plain
from calcdiff.undefined import FUNCTION_LETTERS, MAX_ARGUMENTS, PRIME_MARKS, can_name
from calcdiff.words import ENGLISH_HINT, ENGLISH_KEYWORDS, SENTENCE_WORDS

GREEK_NAMES = NAMES  # the letters themselves live in calcdiff/greek.py


GREEK_SPELLING = SPELLING


# Greek names short enough to appear by accident inside a run of letters (xi, mu, nu, pi)
# are recognised only when they are the whole run.
_SHORT_GREEK = {n for n in GREEK_NAMES if len(n) <= 2}


CONSTANTS = {"e": "E", "E": "E", "pi": "pi"}


def _is_op(tok: Token, text: str) -> bool:
    return tok.kind == "OP" and tok.text == text


def _snake_case(base: str, sub: str) -> bool:
    """Whether ``base_sub`` is a name in words, as code writes one (``weight_decay``,
    ``learning_rate``, ``loss_fn``): a subscript that is a word of two letters or more -- one
    variable, not a product of letters (``ab_1`` is a·b₁, ``sinx_1`` sin(x₁))."""
    return len(sub) >= 2 and sub.isalpha()


def _after_power(tokens: list[Token], j: int) -> int | None:
    """Where the bracket of ``f^2(x)``, ``f^{2}(x)``, ``f^-1(x)`` opens, the power's tokens
    starting at ``j``; None where no bracket follows a whole number there."""
    braced = j < len(tokens) and _is_op(tokens[j], "{")
    j += braced
    j += j < len(tokens) and _is_op(tokens[j], "-")
    if j >= len(tokens) or tokens[j].kind != "NUM":
        return None
    j += 1
    if braced:
        if j >= len(tokens) or not _is_op(tokens[j], "}"):
            return None
        j += 1
    return j if j < len(tokens) and _is_op(tokens[j], "(") else None


def _argument_counts(tokens: list[Token]) -> dict[int, int]:
    """Index of each opening bracket -> the number of comma-separated arguments inside it
    (one pass over the tokens)."""
    counts: dict[int, int] = {}
    stack: list[int] = []
    for j, t in enumerate(tokens):
        if t.kind == "OP":
            c = t.text
            if c in "([{":
                stack.append(j)
                counts[j] = 1
            elif c in ")]}":
                if stack:
                    stack.pop()
            elif c == "," and stack:
                counts[stack[-1]] += 1
    return counts


# a resolved token is a lexer token (kind VAR, CONST, FUNC for a name; numbers and operators
# pass through the resolver unchanged)
RTok = Token


_INDEX: list = []  # the last index: (weak table, its sizes, (declared, extra names), index)


def _name_index(table, declared, extra: frozenset = frozenset()
                ) -> tuple[set, dict[str, list[str]], dict[tuple, tuple[str, str]], dict]:
    """The table's names, the names a run of letters may start with by first letter
    (longest first), the names already read as one token with no note, by (name,
    arguments when applied to a bracket), and the runs already read as several tokens or
    with notes (``xy``: x, y and a split-name note), by the same key, both filled as lines
    are read. Kept for the last table and declarations: a rule file's load parses every
    entry with the same table, and rebuilding this per parse made loading 1,000 entries
    quadratic; a batch reads every line with the same table."""
    sizes = (len(table.names), len(table.call_only))
    key = (declared, extra, table.unknown)
    if _INDEX:
        ref, was, decl, index = _INDEX[0]
        if ref() is table and was == sizes and decl == key:
            return index
    names = set(table.names)
    longest = [n for n in names if len(n) >= 2]
    pieces = sorted(
        set(longest) | {"pi"} | (GREEK_NAMES - _SHORT_GREEK) | set(GREEK_SPELLING)
        | set(declared or ()) | extra,
        key=len,
        reverse=True,
    )
    by_letter: dict[str, list[str]] = {}
    for p in pieces:
        by_letter.setdefault(p[0], []).append(p)
    index = (names, by_letter, {}, {})
    _INDEX[:] = [(weakref.ref(table), sizes, key, index)]
    return index


class _Resolver:
    """Turns NAME tokens into variables, functions and constants (splitting runs)."""

    def __init__(self, text: str, table, declared: frozenset | None, notes: list[Note],
                 names: frozenset = frozenset()):
        self.text = text
        self.table = table
        self.declared = declared
        self.names = names  # never split, never a constant, others allowed (--let names)
        self.strict = declared is not None
        self.notes = notes
        self.functions, self.by_letter, self.plain, self.runs = _name_index(table, declared,
                                                                            names)
        # names declared with --function: unknown functions of any length
        self.unknown = frozenset(getattr(table, "unknown", ()) or ())

    def note(self, kind, message, start, end, joins=()):
        self.notes.append(Note(kind, message, start, end, joins))

    def resolve(self, tokens: list[Token]) -> list[RTok]:
        """The tokens with every name resolved. A name read as one token with no note is
        resolved in place (the lexer's tokens are this parse's own): the list is copied only
        from the first name read otherwise."""
        out: list[RTok] | None = None
        tokens = self._join_arc_words(self._join_digit_names(tokens))
        arguments = None  # counted on the first name applied to a bracket
        plain = self.plain
        runs = self.runs
        notes = self.notes
        text = self.text
        last = len(tokens) - 1
        for i, tok in enumerate(tokens):
            if tok.kind != "NAME":
                if out is not None:
                    out.append(tok)  # a number, an operator, the end: what the parser reads
                continue
            name = tok.text
            nxt = tokens[i + 1] if i < last else None
            nargs = None
            if nxt is not None and nxt.kind == "OP" and nxt.text in "([{":
                if arguments is None:
                    arguments = _argument_counts(tokens)
                nargs = arguments[i + 1]
            elif (nxt is not None and nxt.kind == "OP" and nxt.text == "^"
                  and name in FUNCTION_LETTERS and not tok.flags):
                # f^2(x), f^{2}(x), g^-1(t): a power of an unknown function, as sin^2(x) is
                j = _after_power(tokens, i + 2)
                if j is not None:
                    if arguments is None:
                        arguments = _argument_counts(tokens)
                    nargs = arguments[j]
            elif (nxt is not None and nxt.kind == "OP" and nxt.text == "^"
                  and name in self.table.call_only and _after_power(tokens, i + 2)
                  and not (self.declared and name in self.declared)):
                self._called_alias_power(tok, tokens, i)
            if not tok.flags:
                known = plain.get((name, nargs))
                # read before with these names: one token, no note -- when typed as it was
                # remembered (not 𝑥 or ｘ, which the lexer folds to x, nor a name the lexer
                # moved: x^{e}_1), so that its notes and errors quote what was typed
                if known is not None and text[tok.start:tok.end] == name:
                    tok.kind, tok.text, tok.source, tok.run = known[0], known[1], name, i
                    if out is not None:
                        out.append(tok)
                    continue
            if out is None:
                out = tokens[:i]
            s = tok.start
            run = runs.get((name, nargs)) if not tok.flags else None
            if run is not None and text[s:tok.end] == name:  # xy: its pieces and notes again
                for kind, ptext, a, b, value, source, flags in run[0]:
                    out.append(Token(kind, ptext, s + a, s + b, value, source, None, flags, i))
                for kind, message, a, b, joins in run[1]:
                    notes.append(Note(kind, message, s + a, s + b,
                                      tuple((s + j, s + k) for j, k in joins)))
                continue
            pieces = self._unknown_call(tok, nargs)
            if not pieces:
                noted = len(notes)
                pieces = self._name(tok, nxt)
                if not tok.flags and "_" not in name and len(plain) < 10_000:
                    self._remember(tok, nargs, pieces, notes[noted:])
            for p in pieces:
                out.append(Token(p.kind, p.text, p.start, p.end, p.value, p.source, p.base,
                                 p.flags, i))
        return tokens if out is None else out

    def _remember(self, tok: Token, nargs, pieces: list[RTok], noted: list[Note]) -> None:
        """Keep how the name ``tok`` was read (with ``nargs`` arguments), when that is the
        same wherever it is written: one token with no note in ``plain``, else (``xy``) in
        ``runs`` -- not a name written otherwise (𝑥), an exponential's (exp2x reads
        otherwise before a letter), nor one read with a base (log2: its node joins the
        tree), nor arc, ar, arg (an inverse function's prefix written apart)."""
        name, s = tok.text, tok.start
        if name[:3] == "exp" and name[3:4].isdigit() or name.lower() in ARC_WORDS:
            return  # exp2 y is exp2(y), exp2x is exp(2*x); arc sin x is asin(x), arc x a*r*c*x:
            # read by what follows it
        if len(pieces) == 1 and not noted:
            p = pieces[0]
            if (p.start == s and p.end == tok.end and p.value is None
                    and p.base is None and not p.flags
                    and p.source == name == self.text[s:tok.end]):
                self.plain[name, nargs] = (p.kind, p.text)
            return
        if (name[:3] != "exp" and self.text[s:tok.end] == name and len(self.runs) < 10_000
                and all(p.base is None for p in pieces)
                and all(type(n.joins) is tuple for n in noted)):
            self.runs[name, nargs] = (
                tuple((p.kind, p.text, p.start - s, p.end - s, p.value, p.source, p.flags)
                      for p in pieces),
                tuple((n.kind, n.message, n.start - s, n.end - s,
                       tuple((j - s, k - s) for j, k in n.joins)) for n in noted))

    def _join_arc_words(self, tokens: list[Token]) -> list[Token]:
        """``arc sin x``, ``ar sinh x``, ``arg tanh x``: an inverse function's prefix written
        apart from its function, one name (its alias's note says so), not letters a·r·c."""
        if self.declared or not any(t.kind == "NAME" and t.text.lower() in ARC_WORDS
                                    for t in tokens):
            return tokens  # (--vars arc,x: the names as declared)
        out: list[Token] = []
        i, n = 0, len(tokens)
        while i < n:
            tok, nxt = tokens[i], tokens[i + 1] if i + 1 < n else None
            joined = (tok.text.lower() + nxt.text.lower()) if nxt is not None else ""
            if (tok.kind == "NAME" and tok.text.lower() in ARC_WORDS and nxt.kind == "NAME"
                    and self.text[tok.end:nxt.start].isspace() and joined in self.table.names):
                out.append(Token("NAME", joined, tok.start, nxt.end))
                i += 2
                continue
            out.append(tok)
            i += 1
        return out

    def _join_digit_names(self, tokens: list[Token]) -> list[Token]:
        """``log1p``, ``expm1`` reach here as two names (the lexer ends a name at its
        digits): joined when the whole is a function of the table; applied with a bracket
        and unknown (``log1q(x)``), an error -- never letters times a bracket."""
        n = len(tokens)
        for j in range(1, n):
            if (tokens[j].kind == "NAME" and tokens[j - 1].kind == "NAME"
                    and tokens[j].start == tokens[j - 1].end):
                break
        else:
            return tokens  # no two names touch: nothing to join
        out: list[Token] = []
        i = 0
        while i < n:
            tok = tokens[i]
            j = i + 1
            while (j < n and tokens[j].kind == "NAME" and tokens[j].start == tokens[j - 1].end
                   and tokens[j - 1].kind == "NAME" and tokens[j - 1].text[-1].isdigit()
                   and not ({"greek"} & (tokens[j].flags | tokens[j - 1].flags))):
                j += 1
            if j == i + 1:
                out.append(tok)
                i += 1
                continue
            name = self.text[tok.start:tokens[j - 1].end]
            if name in self.table.names or (self.declared and name in self.declared):
                out.append(Token("NAME", name, tok.start, tokens[j - 1].end))
            elif j < n and tokens[j].kind == "OP" and tokens[j].text in "([{":
                raise self._unknown_function(name, tok.start, tokens[j - 1].end)
            else:
                out.extend(tokens[i:j])
            i = j
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
        if name == "lg" and not (self.declared and name in self.declared):
            raise ParseError("lg means base 10 in some texts and base 2 in others", self.text,
                             s, e, hint="write log10(x) or log2(x) (l*g for a product)")
        # exp2x is e^(2x), as exp3x is e^(3x); exp2(x) and exp2 x are 2^x
        exp_times = (name[:3] == "exp" and name[3:].isdigit() and nxt is not None
                     and nxt.kind == "NAME" and nxt.start == e)
        # arctan2x is arctan(2x), as tan2x is tan(2x): atan2 is only ever called, atan2(y, x)
        atan_times = (name in ("atan2", "arctan2") and not called and nxt is not None
                      and nxt.kind == "NAME" and nxt.start == e)
        single = None if exp_times or atan_times else self._single(name, s, e, src, called,
                                                                     greek)
        if single is not None:
            return [single]
        word = name.lower()  # "Let y = x^2" as "let"
        if word in SENTENCE_WORDS and (not called or word == "sen"):  # never t*w*i*c*e
            raise ParseError(f"{src!r} is a word, not part of the expression language",
                             self.text, s, e, hint=SENTENCE_WORDS[word])
        opener = (name == "In" or (word in ENGLISH_KEYWORDS and word != name and not called
                                    and self.text[e:e + 1].isspace()))
        if opener and not self.strict and not self.text[:s].strip():  # the first word
            # "If x^2", "For y = …" open a sentence (as if, for do); "In x", "In(x)": ln
            # mistyped. Not inside an expression, nor declared: (As + B)/(s^2 + 1) is A*s
            raise ParseError(f"{src!r} is a word, not part of the expression language",
                             self.text, s, e, hint=ENGLISH_HINT if word != "in" else
                             "for the natural logarithm write ln x (a lowercase L)")
        if "_" in name:
            base, sub = name.split("_", 1)
            glued = re.fullmatch(r"([0-9]+)([A-Za-z]\w*)", sub) if base == "log" else None
            if glued and "{" in src:  # log_{2x}: the braces make 2x the base, not 2 then x
                raise ParseError(f"{src}: {LOG_BASE_ARGUMENT}", self.text, s, e,
                                 hint=f"write log(x, {glued.group(1)}*{glued.group(2)})")
            if glued:  # log_2x: the base 2, then x (as log_2 x), not a base named 2x
                cut = s + len("log_") + len(glued.group(1))
                head = self._log_base(glued.group(1), s, cut, self.text[s:cut])
                rest = Token("NAME", glued.group(2), cut, e, None, glued.group(2))
                return [head, *self._name(rest, nxt)]
            if base == "log":
                return [self._log_base(sub, s, e, src)]
            if self.strict:
                raise self._unknown_name(name, s, e)
            if called and len(base) >= 2 and len(sub) >= 3 and sub.isalpha() \
                    and base not in GREEK_NAMES:
                raise self._unknown_function(name, s, e)  # leaky_relu(x), my_func(x)
            if not (len(base) == 1 or base in GREEK_NAMES or _snake_case(base, sub)):
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
            if called and len(letters) >= 3 and (head is None or head.kind == "FUNC"):
                # atan2(x) is not atan(2x), expm2(x) not exp*m2*x: a name of its own
                raise self._unknown_function(name, s, e)
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
                    RTok("NUM", digits, num_start, e, whole(digits), digits)
                ]
            last = pieces[-1]
            pieces[-1] = RTok("VAR", last.text + digits, last.start, e, source=src)
            self._split_note(src, pieces, s, e)
            return pieces
        if self.strict:
            pieces = self._split(name, s, e, called)
            self._split_note(src, pieces, s, e)
            return pieces
        if name == "eps" and not called:  # ML's small constant (sqrt(v) + eps): one name,
            self.note("name", "eps read as one name, the small constant ε", s, e)  # never e*p*s
            return [RTok("VAR", name, s, e, source=src)]
        elsewhere = named_elsewhere(name)
        if elsewhere:  # softsign(x), softsign x, softsignx: a name, not s·o·f·t·sign(x), 0
            raise self._unknown_function(elsewhere, s, s + len(elsewhere))
        if called and len(name) > 2:
            pieces = self._split(name, s, e, called)
            funcs = [k for k, p in enumerate(pieces) if p.kind == "FUNC"]
            if pieces[-1].kind != "FUNC" or any(b - a > 2 for a, b in zip(funcs, funcs[1:])):
                # logsumexp(x) is a name, not log(s·u·m)·exp(x) (sinxcos(x) is sin x cos x)
                raise self._unknown_function(name, s, e)
            self._split_note(src, pieces, s, e)
            return pieces
        pieces = self._split(name, s, e, called)
        self._split_note(src, pieces, s, e)
        return pieces

    def _called_alias_power(self, tok: Token, tokens: list[Token], i: int) -> None:
        """``σ²(z)``, ``σ^-1(p)``: σ called is sigmoid, and σ² times a bracket is the variance
        in ``σ²(1 − ρ²)``; neither is read silently. A bracket that opens with a number and a
        sign (``σ²(1 − ρ²)``, ``σ^2 (2 + t)``) is the variable's power times it, as written."""
        j = _after_power(tokens, i + 2)
        if j + 2 < len(tokens) and tokens[j + 1].kind == "NUM" and tokens[j + 2].kind == "OP" \
                and tokens[j + 2].text in "+-":
            return  # σ²(1 − ρ²): a number, then a sign (not σ²(2x), σ^{-1}(0.5): sigmoid's)
        src = self.text[tok.start:tokens[j - 1].end]
        typed = self.text[tok.start:tok.end]
        called = self.table.call_only[tok.text]
        raise ParseError(
            f"{src}(...) is ambiguous: {typed}(...) is {called}, "
            f"and {src} times a bracket is a power of the variable", self.text, tok.start,
            tokens[j - 1].end,
            hint=f"write {typed}(...){src[len(typed):]} for a power of {called}, or "
                 f"{src}*(...) for the variable's power")

    def _unknown_call(self, tok: Token, nargs: int | None) -> list[RTok] | None:
        """``f(x)``, ``h(u, v)``, ``φ(t)``, a --function name, ``f'(x)``, ``f_1(x, y)``: one
        FUNC token flagged ``unknown``; None for every other name."""
        name, s, e = tok.text, tok.start, tok.end
        src = self.text[s:e]
        name = GREEK_SPELLING.get(name, name)
        unknown = frozenset(("unknown",))
        if "'" in name:
            base = name.rstrip("'")
            if nargs is None:
                mark = s + len(src.rstrip(PRIME_MARKS))  # the caret under the prime
                raise ParseError(f"{src}: a prime marks the derivative of a function, which "
                                 "needs its argument", self.text, mark, e,
                                 hint=f"write {src}(x) for an unknown function's derivative")
            if nargs != 1 or not self._may_name(base, 2):  # any one letter, with primes
                typed = src.rstrip(PRIME_MARKS)  # σ'(x): σ, sigmoid's alias called
                known = base in self.table.names or base in self.table.call_only
                hint = (f"write {base}_1(...) for the partial derivative in the first argument"
                        if nargs > 1 else f"{typed} is a function of the table: write d/dx "
                        f"{typed}(x) for its derivative" if known else
                        f"{base} is not an unknown function")
                raise ParseError(f"{src}(...): prime notation is for an unknown function of one "
                                 "argument", self.text, s, e, hint=hint)
            return [RTok("FUNC", name, s, e, source=src, flags=unknown)]
        if name in self.unknown and nargs is None:
            raise ParseError(f"{src} is declared a function (--function): write it applied "
                             f"to the variable it depends on, {src}(x) or {src}(t)",
                             self.text, s, e)
        if nargs is None:
            return None
        if nargs > MAX_ARGUMENTS:
            return None
        if self._may_name(name, nargs):
            return [RTok("FUNC", name, s, e, source=src, flags=unknown)]
        base, sep, digits = name.partition("_")
        if (sep and nargs >= 2 and digits.isdigit() and "0" not in digits
                and self._may_name(base, nargs) and max(map(int, digits)) <= nargs):
            # f_12(x, y): a partial derivative of the unknown function f
            return [RTok("FUNC", base + "_" + "".join(sorted(digits)), s, e, source=src,
                         flags=unknown)]
        return None

    def _may_name(self, name: str, nargs: int) -> bool:
        """Whether ``name`` applied to ``nargs`` arguments is an unknown function: declared
        with --function, one of the letters textbooks use (f, g, h, φ, ψ), or any one letter
        applied to two or more arguments -- never a declared variable or a known function."""
        if name in self.unknown:
            return True
        if (self.declared and name in self.declared) or name in self.table.names \
                or name in self.table.call_only or not can_name(name):
            return False
        return name in FUNCTION_LETTERS or (nargs >= 2 and (len(name) == 1
                                                            or name in GREEK_NAMES))

    def _single(self, name, s, e, src, called, greek, quiet=False) -> RTok | None:
        """The token for a name that means one thing as a whole, or None."""
        if (self.declared is not None and name in self.declared) or name in self.names:
            return RTok("VAR", name, s, e, source=src)
        if called and name in self.table.call_only:
            fname = self.table.call_only[name]
            if not quiet:
                self.note("alias", f"{src}(...) read as {fname}(...)", s, e)
            return RTok("FUNC", fname, s, e, source=src)
        if called and name.lower() in PIECEWISE and name.lower() not in self.table.names:
            return RTok("FUNC", name.lower(), s, e, source=src, flags=PIECEWISE_FLAGS)
        canonical = self.table.names.get(name)
        if canonical is not None:
            if canonical != name and name != "ln" and not quiet:
                self.note("alias", f"{src} read as {canonical}", s, e)
            return RTok("FUNC", canonical, s, e, source=src)
        if name in ("log2", "log10"):
            return self._log_base(name[3:], s, e, src, quiet=quiet)
        if name in CONSTANTS:
            return RTok("CONST", CONSTANTS[name], s, e, source=src)
        fname = capitalised(name, self.table.names, called or self.declared is None)
        if fname is not None:
            if not quiet:
                self.note("capitalised", f"{src} read as {name.lower()}", s, e)
            return RTok("FUNC", fname, s, e, source=name.lower())
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
            elif (self.declared is not None and piece in self.declared) or piece in self.names:
                out.append(RTok("VAR", piece, ps, pe, source=piece))
            elif piece in CONSTANTS:
                out.append(RTok("CONST", CONSTANTS[piece], ps, pe, source=piece))
            else:
                out.append(RTok("VAR", GREEK_SPELLING.get(piece, piece), ps, pe, source=piece))
            i += len(piece)
        return out

    def _split_note(self, src, pieces, s, e):
        if len(pieces) > 1:
            # as written where the piece is a constant (xe: x*e, not x*E)
            shown = "*".join(p.source if p.kind in ("CONST", "FUNC") else p.text  # xln: x*ln
                             for p in pieces)
            self.note("split-name", f"{src} split into {shown}", s, e,
                      tuple((p.start, p.start) for p in pieces[1:]))

    def _unknown_name(self, name, s, e):
        names = sorted(self.declared or ())
        more = ",".join(names + [name])
        return ParseError(
            f"unknown name {name!r}",
            self.text, s, e,
            hint=f"only the declared variables ({', '.join(names)}) and known functions may "
                 f"appear; to hold {name} constant, declare it too (--vars {more}) and name "
                 f"the variables to differentiate by with -x",
        )

    def _unknown_function(self, name, s, e):
        swapped = swapped_letters(name, self.functions)  # cso: cos (difflib's is csc)
        close = [swapped] if swapped else difflib.get_close_matches(
            name, sorted(self.functions), n=1, cutoff=0.6)
        product = "" if "_" in name else f"write {'*'.join(name)}*(...) for a product, "

        def hint(option):  # (descend, newton and backprop have no --function)
            return KNOWN_ELSEWHERE.get(name.lower()) or (
                f"did you mean {close[0]}?" if close else (
                f"{product}{option}, or see 'calcdiff rules' for functions"))

        exc = UnknownFunctionError(f"unknown function {name!r}", self.text, s, e,
                                   hint=hint(f"--function {name} for an unknown function"))
        exc.hint_without_option = hint(f"a --rules file to define {name}")
        return exc
