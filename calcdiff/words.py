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

GRADIENT_HINT = "for the gradient, give the expression alone to calcdiff grad"

# words of a request that is not written in a form calcdiff reads ("x^2 y by y wrt", "gradient
# of …"): an error, never a product of their letters; each with its hint ("": the general one)
REQUEST_WORDS = {
    "wrt": "", "respect": "", "partial": "", "deriv": "", "derivate": "", "derivative": "",
    "differentiate": "", "find": "", "solve": "",
    "gradient": GRADIENT_HINT,
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
    "equals": "write = (at x = 2)", "equal": "write = (at x = 2)",
    # a double's words, not numbers: never i*n*f (x + inf was a product of three letters)
    **dict.fromkeys(("inf", "infinity", "nan", "NaN"), "infinity and NaN are no numbers "
                    "calcdiff works with; for a limit at infinity, calcdiff limit takes "
                    "large points"),
}

# words of a sentence around a request ("… using the product rule", "… twice", "… please"):
# an error with what to write, never a product of their letters (p*l*e*a*s*e); unlike the
# words above, a name declared (--vars value) or given a value (--at line=2) is a variable
_ALONE = "give the expression alone: calcdiff reads math, not sentences"
_ORDER = "for a higher derivative, ask 'second derivative of x^3' or pass --order 2"
_RULES = ("every rule is named in the steps: give the expression alone (calcdiff limit shows "
          "the difference quotient, the derivative from first principles)")
_OPTIMA = ("calcdiff newton finds critical points (and names their kind), calcdiff descend "
           "minimises: give them the expression alone")
_ANGLES = "angles are in radians: leave the word out (for degrees, write sin(pi*x/180))"
SENTENCE_WORDS = {
    **dict.fromkeys(("please", "show", "steps", "compute", "calculate", "simplify", "answer",
                     "function", "value", "derivatives"), _ALONE),
    **dict.fromkeys(("twice", "thrice", "again", "second", "third", "order"), _ORDER),
    **dict.fromkeys(("using", "use", "rule", "rules", "product", "quotient", "chain",
                     "method", "principles", "principle", "first"), _RULES),
    **dict.fromkeys(("radians", "radian", "degrees", "degree"), _ANGLES),
    **dict.fromkeys(("evaluated", "point"), _POINT_HINT),
    **dict.fromkeys(("slope", "line"), "for the tangent line at a point, run calcdiff "
                    "tangent"),
    **dict.fromkeys(("implicitly", "implicit", "differentiation"),
                    "an equation (x^2 + y^2 = 25) is differentiated implicitly: give it alone"),
    # the words that open a sentence ("Let y = x^2", "Given f(x) = …, find f'(x)")
    **dict.fromkeys(("let", "given", "suppose", "consider", "then", "so", "now", "here",
                     "hence", "thus", "therefore", "also", "that", "the", "assuming",
                     "provided", "knowing", "curve", "equation"),
                    "leave the word out: give the definition or the expression alone (y = x^2; "
                    "f(x) = x^2, find f'(2))"),
    # other commands' and tools' names ("hessian x^2 y", "plot x^2")
    "grad": GRADIENT_HINT,
    "hessian": "for the Hessian, give the expression alone to calcdiff hessian",
    "jacobian": "for the Jacobian, give the expressions alone to calcdiff jacobian",
    "laplacian": "the Laplacian is the sum of the Hessian's diagonal: calcdiff hessian shows "
                 "the second partials",
    **dict.fromkeys(("maximize", "maximise", "minimize", "minimise", "optimize", "optimise",
                     "critical"), _OPTIMA),
    **dict.fromkeys(("factor", "expand", "plot", "graph", "sketch"),
                    "calcdiff differentiates (its answers list factored and expanded forms; "
                    "tangent --plot draws f): give the expression alone"),
    "sen": "write sin (sen is the sine's name in Spanish and Portuguese)",
    "sine": "write sin x or sin(x)", "cosine": "write cos x or cos(x)",
    "base": "for a logarithm to a base, write log(x, 2) or log_2(x)",
    "tangent": "write tan x or tan(x); for the tangent line, run calcdiff tangent",
    "limit": "calcdiff limit tabulates the limit that defines f′(a), of (f(a + h) - f(a))/h "
             "as h → 0 (calcdiff limit \"f\" --at x=a); it does not take the limit of f "
             "itself",
}

# Python's keywords that are also words of a sentence ("if f(x) = x^2, find f'(x)"): their
# error says so, not "Python syntax"
ENGLISH_KEYWORDS = frozenset(("if", "for", "and", "or", "not", "is", "in", "as", "with",
                              "from", "else", "while"))
ENGLISH_HINT = ("give the expression alone (a point: --at x=1; a definition: f(x) = x^2, find "
                "f'(2)): calcdiff reads math, not sentences or code")

# names the reader gives a meaning before any function: constants and requests' heads
READ_FIRST = frozenset(("pi", "inf", "oo", "infinity", "of", "at", "diff", "grad"))

# every word refused where it stands inside an expression (the lexer asks this one set)
REFUSED = PYTHON_KEYWORDS | REQUEST_WORDS.keys() | MATH_WORDS.keys()
RESERVED = REFUSED | READ_FIRST
