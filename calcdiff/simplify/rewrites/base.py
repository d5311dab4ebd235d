"""Marks for the three places a rewrite can run (see :data:`calcdiff.simplify.rewrites.REWRITES`)."""

from __future__ import annotations


def call_rewrite(applies_to):
    """A rewrite of a call ``f(u)`` as it is read: ``rewrite(s, f, P)`` gets the simplifier and
    the argument's polynomial and returns the call's value, or None to pass; ``applies_to(facts)``
    names the functions ``f`` it may rewrite (so other calls never reach it)."""

    def mark(fn):
        fn.stage = "call"
        fn.applies_to = applies_to
        return fn

    return mark


def term_rewrite(fn):
    """A rewrite of one product as it is finished: ``rewrite(t)`` edits the Term ``t``."""
    fn.stage = "term"
    return fn


def sum_rewrite(fn):
    """A rewrite of a sum before its form is decided: ``rewrite(s, P)`` returns the sum."""
    fn.stage = "sum"
    return fn
