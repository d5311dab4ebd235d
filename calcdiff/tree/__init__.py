"""The expression tree: immutable nodes (``nodes``) and the plain-syntax printer (``printer``).
Everything else in calcdiff is built on these; they import nothing of calcdiff's but errors."""
