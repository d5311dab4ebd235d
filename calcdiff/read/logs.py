"""How a call of log is read, and what its reading says: log alone is ln (some courses mean
base 10), and Mathematica's ``Log[b, z]`` (a capital L and square brackets) writes the base
first; ``log(u, b)`` is the plain syntax itself."""

from __future__ import annotations

from calcdiff.tree.printer import to_plain


def log_reading(source: str, args: list, bracket: str | None) -> tuple[list, list]:
    """The arguments of the log call written ``source`` with ``bracket`` (None: no bracket)
    as meant, (u, b), and its notes as (kind, message)."""
    if len(args) == 1:
        if source.lower() != "log":
            return args, []
        return args, [("log-natural", "log read as the natural logarithm ln; some courses mean "
                       "base 10: write log10(x) or log(x, 10) for that")]
    if len(args) != 2 or source != "Log" or bracket != "[":
        return args, []  # log(u, b): the plain syntax itself, nothing interpreted
    args = [args[1], args[0]]
    return args, [("log-base", f"Log[b, z] read as Mathematica writes it: the logarithm of "
                   f"{to_plain(args[0])} to base {to_plain(args[1])}")]
