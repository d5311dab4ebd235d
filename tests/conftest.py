"""Shared test set-up."""

from __future__ import annotations

import pytest

from calcdiff import limits


@pytest.fixture(autouse=True)
def _library_limits():
    """Each test starts as a library caller's process: a command run through CliRunner puts
    the command line's budgets in force for the process (as one real invocation does), and
    they must not carry over to the next test's library calls (SymPy's share of --check
    would then run under the 3 s budget)."""
    yield
    limits.use(None)
