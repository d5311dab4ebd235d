"""A part of the parser kept beside it (read/parser.py is near the size limit): a function's
power (``sin^2 x``, ``sin^{-1} x``)."""

from __future__ import annotations


def function_power(p, ftok) -> int:
    """The power written after the function ``ftok`` at the parser ``p``'s caret (``sin^2 x``,
    ``sin^{-1} x``): a whole number, or -1 for the inverse; ``p`` then stands after it."""
    caret = p.advance()
    closers = None
    if p.at_op("(", "{"):
        closers = ")" if p.advance().text == "(" else "}"
    sign = 1
    if p.at_op("-"):
        p.advance()
        sign = -1
    t = p.tok
    if t.kind != "NUM" or t.value.denominator != 1:
        raise p.error(
            f"expected a whole number after {ftok.source}^ (a function power like "
            f"{ftok.source}^2 x)",
            hint=f"write {ftok.source}(x)^... for other powers",
        )
    p.advance()
    if closers:
        if not p.at_op(closers):
            raise p.error(f"expected {closers!r}")
        p.advance()
    n = sign * int(t.value)
    if n == -1 or n >= 1:
        return n
    raise p.error(
        f"{ftok.source}^{n}: a function power must be a positive whole number, or -1 for "
        "the inverse", t, start=caret.start, end=t.end,
    )
