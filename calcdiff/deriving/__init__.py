"""The rule engine: d(expr)/d(var) as a tree of ``Step`` records (``steps``), one function per
structural rule plus the table's entries (``engine``), and the check of a user's rule file
against its definitions (``user_rules``)."""
