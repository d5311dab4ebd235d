"""Run deep recursive work (1,000-level chains, 2,000 nested brackets) safely.

calcdiff's parser, engine and simplifier recurse over the tree. Python 3.11 keeps pure
Python frames off the C stack, but comparisons and hashing of nested tuples still recurse in
C, so the work runs in one worker thread with a bigger stack (:data:`STACK_BYTES`, 64 MiB)
and a bounded recursion depth (:data:`RECURSION_LIMIT`, 100,000 frames).

The recursion limit is raised only while the deep thread runs, and put back when it ends:
the calling thread does nothing but wait meanwhile, so no other code ever runs under the
raised limit on an ordinary 8 MiB stack (a rule file's check once recursed in the main thread
under a process-wide limit of 200,000 and crashed the process). 100,000 frames fit the 64 MiB
stack: C-level recursion is bounded by the input nesting limit, not by the frame count (measured: 2,400-deep chains and brackets run in 16 MiB; the LaTeX view of a 1,000-deep chain needs more than 20,000 frames); the input
nesting limit (:data:`calcdiff.limits.NESTING_DEPTH`) keeps every request far inside it.

The cyclic garbage collector is paused for the call: the work allocates many small objects
and few cycles, and the collector's repeated scans of them made the engine superlinear on
large inputs (a 8,000-term polynomial: 737 ms with it, 228 ms without; 4,000: 214 and 118).
Anything cyclic the call leaves behind is collected once the collector runs again.
"""

from __future__ import annotations

import gc
import sys
import threading

from calcdiff.errors import LimitError

STACK_BYTES = 64 * 1024 * 1024
RECURSION_LIMIT = 100_000

_local = threading.local()
_lock = threading.Lock()


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

    with _lock:  # one deep call at a time raises the limit (threads of the API's callers)
        limit = sys.getrecursionlimit()
        old = threading.stack_size()
        was_enabled = gc.isenabled()
        gc.disable()
        # a new thread takes the limit in force when it starts (Python 3.11): raise it first
        sys.setrecursionlimit(max(limit, RECURSION_LIMIT))
        try:
            threading.stack_size(STACK_BYTES)
            try:
                worker = threading.Thread(target=run, name="calcdiff-deep")
                worker.start()
            except RuntimeError:  # "can't start new thread": no address space for its stack
                raise LimitError("too large: not enough memory to start the worker thread "
                                 f"(it needs {STACK_BYTES >> 20} MiB of address space)") from None
            finally:
                threading.stack_size(old)
            worker.join()
        finally:
            sys.setrecursionlimit(limit)
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
    # the recursion limit is the whole process's: lowered only while no deep call runs (on
    # another thread, a 400-deep derive then failed, and the limit it had raised was kept)
    with _lock:
        limit = sys.getrecursionlimit()
        try:
            sys.setrecursionlimit(min(limit, SHALLOW_LIMIT))
        except RecursionError:  # called from deep inside the caller's own recursion
            pass
        else:
            was_enabled = gc.isenabled()
            gc.disable()
            _local.deep = True  # nested call_deep calls run here too; a RecursionError
            try:  # retries all
                return fn(*args, **kwargs)
            except RecursionError:
                pass
            finally:
                _local.deep = False
                sys.setrecursionlimit(limit)
                if was_enabled:
                    gc.enable()
    return call_deep(fn, *args, **kwargs)
