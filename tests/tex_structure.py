"""A structural check of LaTeX for machines without TeX: balanced braces, and no second
subscript (or superscript) on one nucleus -- ``w_{1}_0`` is TeX's "! Double subscript", which
no amount of rendering elsewhere would show. Used where pdflatex may be missing."""

from __future__ import annotations

import re

_TOKEN = re.compile(r"\\[A-Za-z]+|\\.|[{}_^]|\s+|.", re.S)
# control sequences that do not end a nucleus: x\limits_{a}, x\!_{a} read as one
_NEUTRAL = {r"\limits", r"\nolimits", r"\displaylimits", "'"}


def math_fragments(markdown: str) -> list[str]:
    """The ``$$…$$`` and ``$…$`` fragments of a Markdown document (code spans left out)."""
    text = re.sub(r"`[^`]*`", "", markdown)
    found = re.finditer(r"\$\$(.+?)\$\$|(?<![\\$])\$(?!\$)(.+?)(?<!\\)\$", text, re.S)
    return [m.group(1) or m.group(2) for m in found]


def script_errors(tex: str) -> list[str]:
    """Every place where a nucleus gets a second ``_`` or ``^``, and unbalanced braces."""
    errors: list[str] = []
    # per open group: the scripts its current nucleus has, whether a script awaits its
    # argument, and whether the group is itself such an argument
    stack: list[list] = [[set(), False, False]]
    for m in _TOKEN.finditer(tex):
        tok, at = m.group(), m.start()
        level = stack[-1]
        if tok.isspace() or tok in _NEUTRAL:
            continue
        if tok in "_^":
            if tok in level[0]:
                errors.append(f"double {'sub' if tok == '_' else 'super'}script: "
                              f"…{tex[max(0, at - 30):at + 10]}…")
            level[0].add(tok)
            level[1] = True
        elif tok == "{":
            stack.append([set(), False, level[1]])
            level[1] = False
        elif tok == "}":
            if len(stack) == 1:
                errors.append(f"unbalanced '}}': …{tex[max(0, at - 30):at + 1]}")
                continue
            closed = stack.pop()
            if not closed[2]:
                stack[-1][0].clear()  # a group is a nucleus of its own
        elif level[1]:
            level[1] = False  # a one-token argument: the nucleus keeps its scripts
        else:
            level[0].clear()  # any other token begins a new nucleus
    if len(stack) > 1:
        errors.append(f"{len(stack) - 1} unclosed '{{'")
    return errors
