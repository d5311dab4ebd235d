"""Working with trees: smart constructors, substitution and exact folding (``build``), and
evaluation in floats (``evaluate``), both reading each function's facts from the rule table."""
