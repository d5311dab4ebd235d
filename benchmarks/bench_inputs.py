"""The bench's inputs, generated deterministically: chains, polynomials, sums, drills."""

from __future__ import annotations

import random


def sin_chain_text(depth: int) -> str:
    return "sin(" * depth + "x" + ")" * depth


def parens_text(depth: int) -> str:
    return "(" * depth + "x" + ")" * depth


def sum_text(chars: int, seed: int = 1) -> tuple[str, int]:
    """A sum of terms ``c*x**k`` at least ``chars`` long; returns (text, number of terms)."""
    rng = random.Random(seed)
    parts, length = [], 0
    while length < chars:
        t = f"{rng.randint(1, 300)}*x**{rng.randint(0, 5)}"
        parts.append(t)
        length += len(t) + 3
    return " + ".join(parts), len(parts)


def dense_poly_text(terms: int, seed: int = 2) -> str:
    """c_{n-1}*x**(n-1) + ... + c_1*x + c_0 with nonzero coefficients up to ±300."""
    rng = random.Random(seed)
    out = []
    for k in range(terms - 1, -1, -1):
        c = 0
        while c == 0:
            c = rng.randint(-300, 300)
        mono = "" if k == 0 else "x" if k == 1 else f"x**{k}"
        body = f"{abs(c)}*{mono}" if mono else f"{abs(c)}"
        out.append(("- " if c < 0 else "+ ") + body)
    text = " ".join(out)
    return text[2:] if text.startswith("+ ") else "-" + text[2:]


def drill_exercises(count: int = 697, seed: int = 0) -> list[tuple[str, str, str]]:
    """(school form, programmer form, variable) for ``count`` polynomial exercises.

    1–3 variables (from x, y, z, in a random order; the derivative is by the first), total
    degree ≤ 5 per term, 2–6 distinct terms, nonzero integer coefficients in [-300, 300],
    the first variable always present in some term.
    """
    rng = random.Random(seed)
    out = []
    while len(out) < count:
        nvars = rng.randint(1, 3)
        names = rng.sample(["x", "y", "z"], nvars)
        nterms = rng.randint(2, 6)
        monos: dict[tuple[int, ...], int] = {}
        tries = 0
        while len(monos) < nterms and tries < 100:
            tries += 1
            total = rng.randint(0, 5)
            exps = [0] * nvars
            for _ in range(total):
                exps[rng.randrange(nvars)] += 1
            c = 0
            while c == 0:
                c = rng.randint(-300, 300)
            monos.setdefault(tuple(exps), c)
        if not any(e[0] > 0 for e in monos):
            continue
        terms = sorted(monos.items(), key=lambda kv: (-sum(kv[0]), [-e for e in kv[0]]))
        school, prog = [], []
        for exps, c in terms:
            pairs = sorted((n, e) for n, e in zip(names, exps) if e)  # x before y before z
            s_parts = [n if e == 1 else f"{n}^{e}" for n, e in pairs]
            p_parts = [n if e == 1 else f"{n}**{e}" for n, e in pairs]
            a = abs(c)
            s_body = (str(a) if a != 1 or not s_parts else "") + "".join(s_parts)
            p_body = "*".join(([str(a)] if a != 1 or not p_parts else []) + p_parts)
            sign = "-" if c < 0 else "+"
            school.append((sign, s_body))
            prog.append((sign, p_body))

        def join(parts):
            first_sign, first = parts[0]
            text = ("-" if first_sign == "-" else "") + first
            for sign, body in parts[1:]:
                text += f" {sign} {body}"
            return text

        out.append((join(school), join(prog), names[0]))
    return out


def grad_text(n: int) -> str:
    """Σ_{i=1}^{n} (x_i − i)²: the gradient rows."""
    return " + ".join(f"(x_{i} - {i})^2" for i in range(1, n + 1))


def logsumexp_text(n: int) -> str:
    """log Σ_{i=1}^{n} exp(x_i): the Hessian rows."""
    return "log(" + " + ".join(f"exp(x_{i})" for i in range(1, n + 1)) + ")"


def product_text(n: int) -> str:
    """(x + 1)(x + 2)…(x + n): the product rows."""
    return "*".join(f"(x + {i})" for i in range(1, n + 1))


def fraction_sum_text(n: int) -> str:
    """Σ_{k=1}^{n} k/(x² + k): a sum of fractions over distinct sums."""
    return " + ".join(f"{k}/(x^2 + {k})" for k in range(1, n + 1))


def log_chain_text(depth: int) -> str:
    """log(log(…log(x)…)): a chain whose derivative is a growing quotient."""
    return "log(" * depth + "x" + ")" * depth


def root_text(n: int) -> str:
    """sqrt(Σ x_i²): every partial x_i/sqrt(…) has a root to read."""
    return "sqrt(" + " + ".join(f"x_{i}^2" for i in range(1, n + 1)) + ")"
