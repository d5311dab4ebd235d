"""The choices users pick from, written once: output formats and simplification modes.

The command line offers exactly these (``click.Choice(Format.values())``), the library checks
against them, and the renderers' dispatch is keyed by them. They are ``StrEnum`` members, so
``Format.JSON == "json"`` and a plain string works wherever a choice is expected.
"""

from __future__ import annotations

from enum import StrEnum

from calcdiff.errors import UsageError


class _Choice(StrEnum):
    @classmethod
    def values(cls) -> tuple[str, ...]:
        return tuple(m.value for m in cls)

    @classmethod
    def of(cls, value, option: str):
        """``value`` as a member, or a UsageError naming ``option`` and the choices."""
        try:
            return cls(value)
        except ValueError:
            raise UsageError(f"{option} must be one of {', '.join(cls.values())}, "
                             f"got {value!r}") from None


class Format(_Choice):
    """How a result is written: for a terminal, for text files, for documents, for programs."""

    RICH = "rich"
    TEXT = "text"
    MARKDOWN = "markdown"
    LATEX = "latex"
    JSON = "json"


class Simplify(_Choice):
    """How far the answer is simplified: the raw rule output, the textbook form, or the
    textbook form followed by SymPy's heavier routines under a time budget."""

    NONE = "none"
    BASIC = "basic"
    FULL = "full"
