"""calcdiff's exceptions. Each keeps the source text and the span it is about, so it can
render its own message with a caret; the CLI turns them into one clean message and exit 1."""

from __future__ import annotations

import unicodedata

# characters that must never reach a terminal as themselves: C0/C1 controls (ESC starts the
# terminal's escape and OSC sequences), DEL, the line and paragraph separators, and the
# bidirectional overrides that reorder what a reader sees
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _escape_char(c: str) -> str:
    if c in _BIDI or unicodedata.category(c) in ("Cc", "Zl", "Zp", "Cs"):
        o = ord(c)
        return f"\\x{o:02x}" if o < 0x100 else f"\\u{o:04x}"
    return c


MESSAGE_CHARS = 500  # a message or hint quoting a 10,000-letter word is cut, as the echo is


def bounded(text: str) -> str:
    """``text`` cut at :data:`MESSAGE_CHARS` characters, with a mark saying how long it was."""
    if len(text) <= MESSAGE_CHARS:
        return text
    return f"{text[:MESSAGE_CHARS]} … ({len(text):,} characters)"


def visible(text) -> str:
    """``text`` (a user's input, path, option value, rule text) safe to echo: every control
    character written as a visible escape (``\\x1b``), whether or not the output is a
    terminal. Linear; printable text comes back unchanged."""
    text = str(text)
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else _escape_char(c) for c in text)


class CalcdiffError(Exception):
    """Base of every error calcdiff reports to a user."""

    kind = "error"
    # in a request of several rows (a Jacobian's functions, one per line of a file): the row
    # this error is about, and the other rows' errors as (row, error), reported after it
    row: int | None = None
    others: tuple = ()

    def __init__(
        self,
        message: str,
        text: str | None = None,
        start: int | None = None,
        end: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.text = text
        self.start = start
        self.end = end if end is not None else (start + 1 if start is not None else None)
        self.hint = hint

    @property
    def column(self) -> int | None:
        """1-based column of the offending character, or None."""
        return None if self.start is None else self.start + 1

    def with_text(self, text: str, offset: int = 0) -> "CalcdiffError":
        """The same error located in a larger text (used for per-line requests)."""
        self.text = text
        if self.start is not None:
            self.start += offset
            self.end = (self.end or self.start) + offset
        return self

    def render(self, max_width: int = 100) -> str:
        """The message, the input echoed with a caret under the offending column, the hint."""
        lines = [f"error: {bounded(visible(self.message))}"]
        if self.text is not None and self.start is not None:
            text = self.text
            # show control characters visibly, keeping one column per character (a tab is
            # the space it looks like)
            shown = "".join(c if c.isprintable() else " " if c == "\t" else
                            "⏎" if c in "\n\r" else "\N{REPLACEMENT CHARACTER}" for c in text)
            start = min(self.start, len(shown))
            end = max(start + 1, min(self.end or start + 1, len(shown) + 1))
            left = 0
            if len(shown) > max_width:
                left = max(0, start - max_width // 2)
                shown = shown[left : left + max_width]
                if left:
                    shown = "…" + shown[1:]
            lines.append("  " + shown)
            before, under = shown[:start - left], shown[start - left:end - left]
            col, width = cells(before), cells(under)
            if under and width == 0 and col:  # a combining mark sits on the one before it
                col -= 1
            lines.append("  " + " " * col + "^" * max(1, min(width, max_width)))
        if self.hint:
            lines.append(f"hint: {bounded(visible(self.hint))}")
        return "\n".join(lines)

    def to_json(self) -> dict:
        d = {"kind": self.kind, "message": bounded(self.message)}
        if self.column is not None:
            d["column"] = self.column
        if self.hint:
            d["hint"] = bounded(self.hint)
        return d


def cells(text: str) -> int:
    """How many terminal columns ``text`` takes: a wide (East Asian) character two, a
    combining mark none, any other one -- so that a caret stands under its character after
    ｘ or x̄."""
    if text.isascii():
        return len(text)
    return sum(0 if unicodedata.combining(c) else
               2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


class ParseError(CalcdiffError):
    kind = "parse"


class UnknownFunctionError(ParseError):
    kind = "unknown-function"
    hint_without_option: str | None = None  # the hint for a command with no --function


class LimitError(CalcdiffError):
    kind = "limit"


class DomainError(CalcdiffError):
    kind = "domain"


class NegativeBase(DomainError):
    """A negative number to a power that varies with the variable differentiated by ((-2)^x
    by x): real only at isolated values, it has no derivative. ``node`` is the power."""

    node = None

    @classmethod
    def at(cls, node, var: str, shown: str) -> "NegativeBase":
        exc = cls(f"{shown} is a negative number to a power that varies with {var}: it is "
                  f"real only at isolated values of {var}, so it has no derivative by {var}",
                  hint="a real power needs a positive base (2^x); for a sign that alternates "
                       "smoothly, cos(pi*x)*2^x")
        exc.node = node  # (kept when pickled: an exception's attributes travel with it)
        return exc


class FloatOverflow(DomainError):
    """A value too large for a double (x^3 at 1e308): defined, and exact values still hold."""


class UsageError(CalcdiffError):
    """A request that cannot be carried out as asked (wrong variable, bad --at)."""

    kind = "usage"


class RuleFileError(CalcdiffError):
    kind = "rule-file"
