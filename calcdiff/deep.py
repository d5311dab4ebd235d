"""Run deep recursive work (1,000-level chains, 5,000 nested brackets) safely.

calcdiff's parser, engine and simplifier recurse over the tree. Python 3.11 keeps pure
Python frames off the C stack, but comparisons and hashing of nested tuples still recurse in
C, so the work runs in one worker thread with a large stack and a high recursion limit.
"""

from __future__ import annotations

import sys
import threading

STACK_BYTES = 512 * 1024 * 1024
RECURSION_LIMIT = 200_000

_local = threading.local()


def call_deep(fn, *args, **kwargs):
    """Call ``fn(*args, **kwargs)`` in a thread with a big stack (or directly, if already in one)."""
    if getattr(_local, "deep", False):
        return fn(*args, **kwargs)
    result: list = []
    error: list = []

    def run():
        _local.deep = True
        try:
            result.append(fn(*args, **kwargs))
        except BaseException as exc:  # re-raised in the caller's thread
            error.append(exc)

    if sys.getrecursionlimit() < RECURSION_LIMIT:
        sys.setrecursionlimit(RECURSION_LIMIT)
    old = threading.stack_size()
    threading.stack_size(STACK_BYTES)
    try:
        worker = threading.Thread(target=run, name="calcdiff-deep")
        worker.start()
    finally:
        threading.stack_size(old)
    worker.join()
    if error:
        raise error[0]
    return result[0]
