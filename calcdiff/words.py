"""The words the expression language keeps for itself. Python's keywords and the words of a
request are refused where they stand inside an expression (the reader's error says what to
write instead: calcdiff reads math, never code); a few more names are read before any
function (constants, the heads of requests). A rule file's function may take none of them
(:mod:`calcdiff.table`): it could never be called."""

from __future__ import annotations

PYTHON_KEYWORDS = frozenset((
    "for", "in", "if", "else", "elif", "import", "def", "return", "class", "while", "not",
    "and", "or", "is", "None", "True", "False", "with", "as", "from", "yield", "try",
    "except", "finally", "raise", "del", "global", "nonlocal", "pass", "break", "continue",
    "assert", "async", "await",
))

# words of a request that is not written in a form calcdiff reads ("x^2 y by y wrt", "gradient
# of …"): an error, never a product of their letters; each with its hint ("": the general one)
REQUEST_WORDS = {
    "wrt": "", "respect": "", "partial": "", "deriv": "", "derivate": "", "derivative": "",
    "differentiate": "", "find": "", "solve": "",
    "gradient": "for the gradient, run calcdiff grad with the expression",
    "integral": "calcdiff differentiates; it does not integrate",
    "integrate": "calcdiff differentiates; it does not integrate",
}

# words said for an operation ("x squared", "sin of x", "1 over x"): an error with what to
# write, never a product of their letters (s*q*u*a*r*e*d)
_POINT_HINT = "give the point with --at x=1 (or end the input with 'at x = 1')"
MATH_WORDS = {
    "of": "write sin(x), f(x): a function's argument in brackets (or sin x)",
    "squared": "write x^2", "cubed": "write x^3",
    "times": "write * (or nothing: 2x, x y)", "multiplied": "write *",
    "over": "write /", "divided": "write /", "plus": "write +", "minus": "write -",
    "when": _POINT_HINT, "where": _POINT_HINT,
}

# names the reader gives a meaning before any function: constants and requests' heads
READ_FIRST = frozenset(("pi", "inf", "oo", "infinity", "of", "at", "diff", "grad"))

# every word refused where it stands inside an expression (the lexer asks this one set)
REFUSED = PYTHON_KEYWORDS | REQUEST_WORDS.keys() | MATH_WORDS.keys()
RESERVED = REFUSED | READ_FIRST
