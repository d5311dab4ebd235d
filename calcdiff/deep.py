"""Run deep recursive work (1,000-level chains, 5,000 nested brackets) safely.

calcdiff's parser, engine and simplifier recurse over the tree. Python 3.11 keeps pure
Python frames off the C stack, but comparisons and hashing of nested tuples still recurse in
C, so the work runs in one worker thread with a large stack and a high recursion limit.

The cyclic garbage collector is paused for the call: the work allocates many small objects
and few cycles, and the collector's repeated scans of them made the engine superlinear on
large inputs (a 8,000-term polynomial: 737 ms with it, 228 ms without; 4,000: 214 and 118).
Anything cyclic the call leaves behind is collected once the collector runs again.
"""

from __future__ import annotations

import gc
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
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        try:
            worker = threading.Thread(target=run, name="calcdiff-deep")
            worker.start()
        finally:
            threading.stack_size(old)
        worker.join()
    finally:
        if was_enabled:
            gc.enable()
    if error:
        raise error[0]
    return result[0]
