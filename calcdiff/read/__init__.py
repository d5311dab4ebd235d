"""Reading text into trees: the lexer, the parser (the notation people write, with one note per
interpretation), the ``Reading`` it returns, and the reader of the rule table's expressions
(rules are written in the same language as the input, and read by the same parser)."""
