"""A rule's statement as one step uses it: the general statement of ``rules/`` restated in the
step's own names, so that what a student reads never mixes two meanings of one letter.

- ``x`` in a statement is the variable of differentiation: differentiating by y, the power
  rule reads ``(yⁿ)′ = n·yⁿ⁻¹`` and the variable rule ``y′ = 1``.
- Any other one-letter placeholder (``c``, ``f``, ``n``, …) that is also one of the user's
  names (a variable of the expression or a ``--let`` name) is renamed to a letter the user
  does not use, in the statement and in the step's bindings alike.
- An unknown function's rule is stated by its own name (``g(x)′ = g′(x)``, ``y′(x)′ =
  y″(x)``), whatever the letter.
- A sum of n terms and a product of n factors are stated with n placeholders (``f1 … fn``),
  the ones they bind; a chain through named intermediates by those names (``dz/dt =
  dz/du·du/dt``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from calcdiff import undefined as unknown
from calcdiff.algebra.build import substitute
from calcdiff.greek import NAME_TO_CHAR
from calcdiff.tree.printer import to_plain

# a placeholder: one ASCII letter standing alone (not part of ln, f1, f_u; b of log_b is one)
_LETTER = re.compile(r"(?<![A-Za-z0-9])([a-z])(?![A-Za-z0-9_])")
SUPERSCRIPT = dict(zip("abcdefghijklmnoprstuvwxyz", "ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻ"))
_FROM_SUPERSCRIPT = {v: k for k, v in SUPERSCRIPT.items()}
_RAISED = re.compile("[" + "".join(SUPERSCRIPT.values()) + "]")
# letters a renamed placeholder may take, in order of preference
FRESH = "kmpqrswabcdfghjlnuvyz"


def shown_name(name: str) -> str:
    """A variable's name as a statement writes it (θ for theta)."""
    return NAME_TO_CHAR.get(name, name)


_PIECE = re.compile(_LETTER.pattern + "|" + _RAISED.pattern)
@lru_cache(maxsize=4096)  # rule files' and generated statements: a few dozen
def _pieces(statement: str) -> tuple:
    """``statement`` cut once into its text and its placeholders (a str, or (letter, raised
    or not, the character as written)), with its letters and its letters but x, in order:
    restating a statement for each of a gradient's hundreds of variables then costs a join,
    not two regular-expression passes."""
    out: list = []
    pos = 0
    for m in _PIECE.finditer(statement):
        out.append(statement[pos:m.start()])
        if m.group(1):
            out.append((m.group(1), False, m.group(1)))
        else:
            out.append((_FROM_SUPERSCRIPT[m.group(0)], True, m.group(0)))
        pos = m.end()
    out.append(statement[pos:])
    used = frozenset(p[0] for p in out if type(p) is tuple)
    return tuple(out), used, tuple(sorted(used - {"x"}))


def letters(statement: str) -> set[str]:
    """The one-letter placeholders of a statement (raised ones included: ˣ in aˣ)."""
    return set(_pieces(statement)[1])


def renames_for(statement: str, var: str, taken: frozenset) -> dict[str, str]:
    """The renaming that states ``statement`` in a step by ``var``: ``x`` becomes ``var``,
    and each other placeholder that is ``var`` or among the user's names ``taken`` becomes a
    fresh letter. Empty when the general statement already reads right."""
    _, used, others = _pieces(statement)
    out: dict[str, str] = {}
    if var != "x" and "x" in used:
        out["x"] = var
    avoid = None  # and ``taken``, read in place (a gradient's hundreds of names)
    for letter in others:
        if letter == var or letter in taken:
            if avoid is None:
                avoid = {var} | used
            fresh = next((c for c in FRESH if c not in avoid and c not in taken), None)
            if fresh is None:
                continue
            avoid.add(fresh)
            out[letter] = fresh
    return out


def restate(statement: str, renames: dict[str, str]) -> str:
    """``statement`` with its placeholders renamed (a raised one stays raised when the new
    name has a superscript form, else it is written ``^name``)."""
    if not renames:
        return statement
    out = []
    for p in _pieces(statement)[0]:
        if type(p) is str:
            out.append(p)
            continue
        letter, raised, written = p
        new = renames.get(letter)
        if new is None:
            out.append(written)
        elif not raised:
            out.append(shown_name(new))
        else:
            out.append(SUPERSCRIPT.get(new, "^" + shown_name(new)) if len(new) == 1 else (
                "^" + shown_name(new)))
    return "".join(out)


EXPLICIT_TERMS = 6  # beyond this many terms or factors, the statement's general form


@lru_cache(maxsize=1024)
def sum_statement(subtracted: tuple[bool, ...]) -> str:
    """``(f1 − f2 + f3)′ = f1′ − f2′ + f3′``: the sum rule for these terms, signs as written
    (kept: a batch's sums mostly have the same few patterns of signs)."""
    n = len(subtracted)
    if n > EXPLICIT_TERMS:
        op = " ± " if any(subtracted[1:]) else " + "
        return f"(f1{op}f2{op}…{op}f{n})′ = f1′{op}f2′{op}…{op}f{n}′"
    lhs, rhs = ["f1"], ["f1′"]
    for i in range(1, n):
        op = " − " if subtracted[i] else " + "
        lhs.append(f"{op}f{i + 1}")
        rhs.append(f"{op}f{i + 1}′")
    return "(" + "".join(lhs) + ")′ = " + "".join(rhs)


def product_statement(n: int) -> str:
    """``(f1·f2·f3)′ = f1′·f2·f3 + f1·f2′·f3 + f1·f2·f3′``: one derivative at a time."""
    names = [f"f{i + 1}" for i in range(n)]
    if n > EXPLICIT_TERMS:
        return (f"(f1·f2·…·f{n})′ = f1′·f2·…·f{n} + f1·f2′·…·f{n} + … "
                f"+ f1·f2·…·f{n}′")
    terms = ["·".join(name + ("′" if i == k else "") for i, name in enumerate(names))
             for k in range(n)]
    return "(" + "·".join(names) + ")′ = " + " + ".join(terms)


def chain_statement(var: str, inner: list[str], direct: bool, taken: frozenset) -> str:
    """The chain rule through named intermediates, by their names: ``dz/dt = dz/du·du/dt``
    for one, ``dz/dt = ∂z/∂t + ∂z/∂u·du/dt + ∂z/∂v·dv/dt`` for several paths."""
    z = next(c for c in "zyfgwhq" + FRESH if c not in taken and c != var and c not in inner)
    t = shown_name(var)
    if len(inner) == 1 and not direct:
        u = shown_name(inner[0])
        return f"d{z}/d{t} = d{z}/d{u}·d{u}/d{t}"
    paths = [f"∂{z}/∂{t}"] if direct else []
    paths += [f"∂{z}/∂{shown_name(u)}·d{shown_name(u)}/d{t}" for u in inner]
    return f"d{z}/d{t} = " + " + ".join(paths)


def unknown_function_statement(func: str, var: str) -> str:
    """``g(x)′ = g′(x)``: the unknown-function rule by the step's function and variable."""
    t = shown_name(var)
    return (f"{unknown.unicode_head(func)}({t})′ = "
            f"{unknown.unicode_head(unknown.derivative(func, 0, 1))}({t})")


def unknown_partials_statement(func: str, n: int) -> str:
    """``g(u1, u2)′ = g₁(u1, u2)·u1′ + g₂(u1, u2)·u2′``: the chain rule in the n arguments
    of the unknown function ``func``, by its name and the names its bindings use."""
    args = ", ".join(f"u{k + 1}" for k in range(n))
    terms = " + ".join(f"{unknown.unicode_head(unknown.derivative(func, k, n))}({args})"
                       f"·u{k + 1}′" for k in range(n))
    return f"{unknown.unicode_head(func)}({args})′ = {terms}"


def domain_condition(rule, mapping) -> str:
    """The rule's domain condition said of its arguments (``mapping``: u, n -> Expr):
    ``x - 1 != 0``, ``x > 0 and x != 1``; for notes and the messages of --at."""
    return " and ".join(f"{to_plain(substitute(lhs, mapping))} {op} "
                        f"{to_plain(substitute(rhs, mapping))}"
                        for lhs, op, rhs in rule.domain.parts)


def domain_note(rule, mapping) -> str:
    """A table step's note on where its rule holds."""
    cond = domain_condition(rule, mapping)
    if rule.piecewise:
        return f"holds where {cond}; not differentiable where {to_plain(mapping['u'])} = 0"
    return f"holds where {cond}"
