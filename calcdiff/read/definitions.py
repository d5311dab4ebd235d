"""A definition's left side (``f(x) = …``, ``L(w, b) = …``, ``z = …``): the name defined, its
arguments, and whether the line defines a function (the parser then reads the right-hand
side) or states an equation (``cos(y) = x``, differentiated implicitly)."""

from __future__ import annotations

import re

from calcdiff.errors import CalcdiffError, UsageError
from calcdiff.greek import SPELLING as GREEK_SPELLING
from calcdiff.greek import NAMES as GREEK_NAMES
from calcdiff.greek import VARIANTS
from calcdiff.read.latex import GREEK as LATEX_GREEK
from calcdiff.read.lexer import fold, tokenize
from calcdiff.read.reading import Note
from calcdiff.read.spellings import a_function_spelling, capitalised
from calcdiff.read.tidy import lost_power_notes
from calcdiff.table import builtin_entries, with_unknown_functions

# a variable's name in a definition (f(x) = ..., z = ...) and in Leibniz requests
VAR_NAME = (
    r"(?:[α-ωΑ-Ω" + "".join(c for _, c, _ in VARIANTS if c != "π")  # ϕ: LaTeX's \phi
    + r"]|[A-Za-z]+|[À-ɏ])[\u0302-\u0307]?(?:[0-9]+)?"
    r"(?:_(?:[A-Za-z0-9]+|\{[A-Za-z0-9]+\})|[₀-₉]+)?"
)  # ŷ, x̄: an accent makes a name of its own (y_hat), as the lexer reads it
DEFINITION = re.compile(r"^\s*(" + VAR_NAME + r")\s*(?:\(\s*" + VAR_NAME + r"(?:\s*,\s*"
                         + VAR_NAME + r")*\s*\))?\s*=(?!=)")


def definition_arguments(left: str) -> tuple[str, ...]:
    """The names inside the brackets of a definition's left side (``f(w, b)``: w, b)."""
    if "(" not in left:
        return ()
    inside = left[left.index("(") + 1:left.rindex(")")]
    return tuple(variable_name(a.strip()) for a in inside.split(","))


def spelled_names(value, what: str = "--vars", spell: bool = True) -> list[str]:
    """The names of ``value`` -- one string of them separated by commas or spaces (``rate,x``,
    ``"rate x"``) or a list of them -- each as the expression spells it (λ and lambda are
    lamda, θ₀ theta_0, ŷ y_hat; ``spell`` False keeps them: function names). UsageError, naming
    ``what``, for no name or one that does not start with a letter (``1x``)."""
    parts = re.split(r"[,\s]+", value) if isinstance(value, str) else list(value)
    names = [v.strip() for v in parts if v.strip()]
    if not names:
        raise UsageError(f"{what}: expected names separated by commas")
    bad = [v for v in names if not (v[0].isalpha() or v[0] == "\\")]
    if bad:
        raise UsageError(f"{what}: {bad[0]!r} is not a name (a name starts with a letter)")
    return [variable_name(v) for v in names] if spell else names


def variable_name(name: str) -> str:
    """A variable's name as written in a request or a definition (``θ``, ``x_{1}``, ``x₁``,
    ``ŷ``, ``theta``) in the parser's spelling (``theta``, ``x_1``, ``y_hat``): the lexer's
    reading of it as one name."""
    if name.isascii() and name.isalpha():  # x, theta: the lexer's one name (or a keyword's
        return GREEK_SPELLING.get(name, name)  # error, which keeps the name as well)
    if name.startswith("\\"):  # \theta, \theta_0: as the LaTeX reader writes the letter
        letter = re.match(r"\\([A-Za-z]+)", name)
        if letter and letter[1] in LATEX_GREEK:
            name = LATEX_GREEK[letter[1]] + name[letter.end():]
    try:
        tokens = tokenize(name)
    except CalcdiffError:
        tokens = []
    if len(tokens) == 2 and tokens[0].kind == "NAME":
        name = tokens[0].text
    return GREEK_SPELLING.get(name, name)


def letter_product(name: str, arguments: tuple) -> bool:
    """Whether a left side ``name`` is a run of letters holding y (``xy``), which the parser
    would read as a product of letters."""
    return not arguments and name.isalpha() and "y" in name and len(name) > 1 \
        and name not in GREEK_NAMES


def defines(name: str, arguments: tuple, free) -> bool:
    """Whether ``name(arguments) = right`` (``free``: the right side's variables) defines a
    function, rather than states an equation: a built-in function's name only with its
    arguments alone on the right (``sigmoid(x) = 1/(1 + e^-x)``; ``cos(y) = x`` and
    ``exp(xy) = 2`` are equations); a run of letters holding y (``xy``) not when the right
    side is a constant or holds its letters (``xy = 1``, ``xy = e^(x - y)``: the product x·y);
    any other name always."""
    if letter_product(name, arguments) and (not free or set(name) & free):
        return False
    names = builtin_entries().names
    if not a_function_spelling(name, names):
        return True
    if name not in names and capitalised(name, names) is not None:
        # Sin(x) = y states an equation; Logistic(t) = K/(1 + e^(-r t)), a name of the
        # user's own that a built-in shares, defines one
        return not arguments or bool(free & set(arguments))
    return bool(arguments) and bool(free) and free <= set(arguments)


def read_definition(text: str, parse):
    """The reading of ``text`` as a definition (``f(x) = 3x^2 - 4x``, ``z = 3x^2 + xy``,
    ``y = 5``: the expression is its right-hand side, ``parse``d at its own columns), or
    None when it is not one: no ``name =`` at the start, ``x = y = z``, a point (``x = 3``,
    as --at x=3 writes it), or an equation (``cos(y) = x``)."""
    m = DEFINITION.match(fold(text)) if "=" in text else None  # (most lines have no '=';
    if not m or not text[m.end():].strip():  # ℓ(w), 𝑓(𝑥): the letters they stand for)
        return None
    padded = " " * m.end() + text[m.end():]
    if DEFINITION.match(padded):  # x = y = z: no definition of a definition
        return None
    lhs = text[m.start(1):m.end() - 1].strip()
    letters = applied_alike(padded, m.group(1), definition_arguments(lhs))
    try:
        reading = parse(padded, letters)
    except CalcdiffError as exc:  # the echo shows the left side too
        exc.text = text if exc.text == padded else exc.text
        raise
    if not reading.expr.free and "(" not in text[:m.end()] and m.group(1) != "y":
        return None  # x = 3 is a point, not a definition; y = 5 is the constant function
    arguments = definition_arguments(text[m.start(1):m.end() - 1])
    if not defines(m.group(1), arguments, reading.expr.free):
        return None  # cos(y) = x
    reading.text, reading.arguments = text, arguments or None
    reading.defined = variable_name(m.group(1))
    unused = set(arguments or ()) - reading.expr.free  # f(x) = x3 - 5 (x3 beside a variable
    if unused:  # x is the parse's own note)
        reading.notes += lost_power_notes(reading.expr.free, unused, text)
    reading.notes.insert(0, Note("definition", f"{lhs} = … read as a definition: the "
                                 "expression is its right-hand side", m.start(1), m.end()))
    return reading


def with_letters(table, letters: tuple, vars, names=None) -> object:
    """``table`` with ``letters`` (of :func:`applied_alike`) as unknown functions; none
    where variables are declared (``--vars x``: strict, every other name an error; ``--vars
    R,C,x`` keeps R·x), nor a name of ``names`` (``--let a=3``: a number)."""
    letters = [] if vars is not None else [c for c in letters if c not in (names or ())]
    table = builtin_entries() if table is None else table
    return with_unknown_functions(table, letters) if letters else table


def applied_alike(right: str, name: str, arguments: tuple) -> tuple[str, ...]:
    """The one letters applied, on the right side of ``name(arguments) = right``, to the
    same arguments in brackets (``P(x) = R(x) - C(x)``: R, C): functions of them in the
    definition's own notation, as textbooks write profit from revenue and cost, not R·x
    (the parser's note says each is read as an unknown function)."""
    if not arguments:
        return ()
    inside = r"\s*,\s*".join(re.escape(a) for a in arguments)
    # (2C(x) too: a number before the letter; not the n of sin(x))
    found = re.findall(r"(?<![A-Za-z_\\])([A-Za-z])\s*\(\s*" + inside + r"\s*\)", right)
    # a letter also written alone (k(x)^2 + k x) is a variable, its k(x) a product
    bare = {m[1] for m in re.finditer(r"(?<![A-Za-z_\\])([A-Za-z])(?![A-Za-z_])", right)
            if not re.match(r"\s*\(", right[m.end():])}
    return tuple(dict.fromkeys(c for c in found if c != name and c not in arguments
                               and c not in "eE" and c not in bare))
