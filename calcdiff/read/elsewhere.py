"""Names of other libraries' functions that calcdiff does not define (``swish``, ``softsign``,
``hardtanh``), each with what to write instead, and the readings that find them: a run of
letters opening with one, a typo of a known name with two letters swapped."""

from __future__ import annotations

# functions of other libraries that calcdiff does not define, with what to write instead
KNOWN_ELSEWHERE = {
    "sinc": "sinc means sin(x)/x in some texts and sin(pi*x)/(pi*x) in others (NumPy): "
            "write the one you mean",
    "logit": "write log(x/(1 - x)), the inverse of sigmoid",
    "sinpi": "write sin(pi*x)", "cospi": "write cos(pi*x)",
    "square": "write x^2", "lgamma": "the gamma function is not in the table",
    "deg2rad": "write x*pi/180", "rad2deg": "write x*180/pi",
    "leaky_relu": "leaky ReLU with slope a is relu(x) - a*relu(-x)",
    "logsumexp": "log-sum-exp is log(exp(x) + exp(y) + …): write it out",
    # activations written out of the table's functions
    "swish": "swish (SiLU) is x*sigmoid(x): write it out",
    "silu": "SiLU (swish) is x*sigmoid(x): write it out",
    "gelu": "GELU is 0.5*x*(1 + erf(x/sqrt(2))); its tanh form is "
            "0.5*x*(1 + tanh(sqrt(2/pi)*(x + 0.044715*x^3)))",
    "elu": "ELU with scale a is relu(x) - a*relu(1 - exp(x))",
    "mish": "mish is x*tanh(softplus(x)): write it out",
    "softsign": "write x/(1 + abs(x))",
    "hardtanh": "write max(-1, min(1, x))",
    "squareroot": "write sqrt(x)", "cuberoot": "write cbrt(x)",
    "hardsigmoid": "write max(0, min(1, x/6 + 1/2))",
    "expit": "expit is the sigmoid: write sigmoid(x)", "sigm": "write sigmoid(x)",
    "cosine": "write cos(x)", "tangent": "write tan(x)",
    "logarithm": "write log(x) for ln, log(x, b) for base b",
    "softmax": "softmax acts on a vector: calcdiff grad reads it with --vector x:n",
    # other ReLU variants and steps, whose letters end in relu or step (p·relu, u·n·i·t·step)
    "prelu": "PReLU with slope a is relu(x) - a*relu(-x)",
    "crelu": "CReLU is the pair (relu(x), relu(-x)): write each",
    "sqrelu": "squared ReLU is relu(x)^2",
    "smoothrelu": "a smooth ReLU is softplus(x), log(1 + exp(x))",
    "smoothstep": "smoothstep is 3x^2 - 2x^3 between 0 and 1: write it out",
    "unitstep": "the unit step is heaviside(x)",
    "versin": "versin(x) is 1 - cos(x); for v*e*r*sin(x) write the letters apart",
    "exsec": "exsec(x) is sec(x) - 1; for e*x*sec(x) write e x sec(x)",
}
KNOWN_ELSEWHERE["leakyrelu"] = KNOWN_ELSEWHERE["lrelu"] = KNOWN_ELSEWHERE["leaky_relu"]
# those whose letters end in a known function's name (softsign: s·o·f·t·sign), longest first
_LONG_ELSEWHERE = ("hardsigmoid", "squareroot", "leakyrelu", "logsumexp", "softsign", "hardtanh",
                  "cuberoot", "smoothrelu", "smoothstep", "unitstep", "sqrelu", "versin", "prelu",
                  "lrelu", "crelu", "exsec")


def named_elsewhere(run: str) -> str | None:
    """The name of another library's function that a run of letters opens with, split into
    letters before a known function otherwise (softsignx was s·o·f·t·sign(x)); None for
    any other run."""
    low = run.lower()
    return next((run[:len(k)] for k in _LONG_ELSEWHERE if low.startswith(k)), None)


def swapped_letters(name: str, functions) -> str | None:
    """A known function that ``name`` spells with two neighbouring letters swapped (``cso``:
    cos, where the closest by difflib is csc)."""
    for i in range(len(name) - 1):
        swapped = name[:i] + name[i + 1] + name[i] + name[i + 2:]
        if swapped != name and swapped in functions:
            return swapped
    return None
