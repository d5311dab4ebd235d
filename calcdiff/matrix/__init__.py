"""Vector and matrix calculus: its own small language beside the scalar one.

``nodes`` (the tree, every node with its shape) → ``reader`` (tokens, parser, declarations,
shape inference) → ``printer`` (text, ASCII, LaTeX) → ``simplify`` (the matrix normal form)
→ ``engine`` (differentials with named rules, then the trace trick that reads the gradient
off the differential). The layout (denominator by default) is applied by
:mod:`calcdiff.commands.matrix`.
"""
