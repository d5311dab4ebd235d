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


SHALLOW_LIMIT = 1000  # Python's default: safe on the ordinary stack of the calling thread


def call_shallow_first(fn, *args, **kwargs):
    """``fn(*args, **kwargs)`` on the calling thread when it fits the ordinary recursion limit,
    else again in the deep worker (:func:`call_deep`). For pure functions (a view of a
    result): most outputs are shallow, and starting a big-stack thread for each of them cost
    more than the printing (a derivation's text view: 0.4 ms of printing, 1.4 ms of thread)."""
    if getattr(_local, "deep", False):
        return fn(*args, **kwargs)
    limit = sys.getrecursionlimit()
    try:
        sys.setrecursionlimit(SHALLOW_LIMIT)
    except RecursionError:  # called from deep inside the caller's own recursion
        return call_deep(fn, *args, **kwargs)
    was_enabled = gc.isenabled()
    gc.disable()
    _local.deep = True  # nested call_deep calls run here too; a RecursionError retries all
    try:
        return fn(*args, **kwargs)
    except RecursionError:
        pass
    finally:
        _local.deep = False
        sys.setrecursionlimit(limit)
        if was_enabled:
            gc.enable()
    return call_deep(fn, *args, **kwargs)
