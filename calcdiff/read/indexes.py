"""An index written after a name, ``x[0]`` or ``w[12]``, as array code writes one element:
calcdiff has no arrays, and the bracket would be read as a product (``x[0]^2`` is x*0**2, and
``x[0]^2 + x[1]^2`` differentiated to 1). It is an error with a caret, whose hint writes the
element as a variable of its own (``x_0``). A function applied with square brackets (``f[x]``,
``sin[0]``) stays a call."""

from __future__ import annotations

from calcdiff.errors import ParseError
from calcdiff.undefined import FUNCTION_LETTERS


def no_index(tokens, text: str, functions) -> None:
    """Refuse a whole number in square brackets straight after a name that is no function
    (``functions``: the names the rule table knows)."""
    if "[" not in text:
        return
    for k in range(len(tokens) - 3):
        name, bracket, number, closing = tokens[k:k + 4]
        if (name.kind == "NAME" and bracket.text == "[" and bracket.start == name.end
                and number.kind == "NUM" and number.text.isdigit() and closing.text == "]"
                and name.text not in functions and name.text not in FUNCTION_LETTERS):
            element = f"{name.text}_{number.text}"
            raise ParseError(f"{text[name.start:closing.end]} looks like an element of an "
                             "array, which calcdiff does not have", text, name.start,
                             closing.end, hint=f"write {element} for a variable of its own "
                             f"(--wrt {element}), or {name.text}*{number.text} for a product")
