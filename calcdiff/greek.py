"""Greek letters, in one place: the spelled name (a variable's name), the character, the LaTeX.

``lambda`` is a Python keyword, so the variable is spelled ``lamda`` (as SymPy spells it);
the reader accepts ``lambda`` too (:data:`SPELLING`). ``pi`` is not a variable but the
constant π, so it is read from its character here and nowhere listed as a name.
"""

from __future__ import annotations

# (name, character, LaTeX) for every letter that can name a variable
LETTERS = (
    ("alpha", "α", r"\alpha"), ("beta", "β", r"\beta"), ("gamma", "γ", r"\gamma"),
    ("delta", "δ", r"\delta"), ("epsilon", "ε", r"\epsilon"), ("zeta", "ζ", r"\zeta"),
    ("eta", "η", r"\eta"), ("theta", "θ", r"\theta"), ("iota", "ι", r"\iota"),
    ("kappa", "κ", r"\kappa"), ("lamda", "λ", r"\lambda"), ("mu", "μ", r"\mu"),
    ("nu", "ν", r"\nu"), ("xi", "ξ", r"\xi"), ("omicron", "ο", "o"), ("rho", "ρ", r"\rho"),
    ("sigma", "σ", r"\sigma"), ("tau", "τ", r"\tau"), ("upsilon", "υ", r"\upsilon"),
    ("phi", "φ", r"\phi"), ("chi", "χ", r"\chi"), ("psi", "ψ", r"\psi"),
    ("omega", "ω", r"\omega"), ("Gamma", "Γ", r"\Gamma"), ("Delta", "Δ", r"\Delta"),
    ("Theta", "Θ", r"\Theta"), ("Lamda", "Λ", r"\Lambda"), ("Xi", "Ξ", r"\Xi"),
    ("Sigma", "Σ", r"\Sigma"), ("Phi", "Φ", r"\Phi"), ("Psi", "Ψ", r"\Psi"),
    ("Omega", "Ω", r"\Omega"),
)

# other characters: letter variants read as the letter's name (ϑ is theta) but typeset as
# themselves, and π (the constant); Π and Υ are typeset only (capital pi is not read)
VARIANTS = (
    ("epsilon", "ϵ", r"\epsilon"), ("theta", "ϑ", r"\vartheta"), ("sigma", "ς", r"\varsigma"),
    ("phi", "ϕ", r"\phi"), ("pi", "π", r"\pi"),
)
TYPESET_ONLY = {"Π": r"\Pi", "Υ": r"\Upsilon"}

NAMES = frozenset(name for name, _, _ in LETTERS)
SPELLING = {"lambda": "lamda", "Lambda": "Lamda"}  # accepted spellings -> the name
NAME_TO_CHAR = {name: char for name, char, _ in LETTERS}
NAME_TO_LATEX = {name: tex for name, _, tex in LETTERS}
CHAR_TO_NAME = {char: name for name, char, _ in LETTERS + VARIANTS}
CHAR_TO_LATEX = {char: tex for _, char, tex in LETTERS + VARIANTS} | TYPESET_ONLY
