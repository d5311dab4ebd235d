"""Shared test set-up."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

from calcdiff import limits

# The generated corpora are the same on every run, so that a run here predicts CI exactly;
# CALCDIFF_HYPOTHESIS=explore draws new examples each run (and keeps what fails in
# .hypothesis/) for hunting new failures locally.
settings.register_profile("repeatable", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("CALCDIFF_HYPOTHESIS", "repeatable"))


@pytest.fixture(autouse=True)
def _library_limits():
    """Each test starts as a library caller's process: a command run through CliRunner puts
    the command line's budgets in force for the process (as one real invocation does), and
    they must not carry over to the next test's library calls (SymPy's share of --check
    would then run under the 3 s budget)."""
    yield
    limits.use(None)
