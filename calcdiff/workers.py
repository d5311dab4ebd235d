"""Bounded work in child processes: each input line (or one SymPy call) runs in a forked
worker whose address space is capped (``setrlimit``) and which the parent kills when the
line's time is up. A line that runs out of time or memory, or whose worker dies, becomes that
line's error; the rest of its chunk runs again in a fresh worker; answers come back in input
order.

Forking (not spawning) keeps this cheap: the worker inherits the loaded modules and the rule
table, so nothing is pickled on the way in; each answer comes back pickled through a pipe, one
frame per line, so the parent always knows which line a worker was on when it stopped.

A batch is cut into small chunks, handed out as workers become free: one worker per core
lives for the whole batch and is sent its next chunks through a second pipe (the indices,
pickled) before it runs out -- as many lines as it answers in :data:`LOOK_AHEAD` at its
pace so far (each answer carries the seconds its line took) -- so the cores stay busy to the
end without a fork per chunk. A fork costs about 2.5 ms of copied pages (measured: a
697-line batch cut into 24 chunks instead of 8, each in a new worker, took 40 ms longer).
"""

from __future__ import annotations

import gc
import os
import pickle
import resource
import select
import signal
import sys
import time
from collections import deque

from calcdiff.deep import call_deep
from calcdiff.errors import CalcdiffError, LimitError
from calcdiff.limits import TooLarge

_HEADER = 8


def _cap_memory(mib: int) -> None:
    limit = mib * 1024 * 1024
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError):  # pragma: no cover (a cap below what is already used)
        pass


# An exact answer may hold an integer past the interpreter's 4,300 digits for str(int) (3999
# nines times 3999 nines): a worker prints it. The default guards int() of untrusted text:
# the parent keeps it (it decodes JSON input lines, outside any line's time limit), and the
# lexer bounds a number at 4,000 digits; in a worker the line's time limit bounds the
# conversion's quadratic time.
INT_DIGITS = 2_000_000  # twice the longest input: a product of its numbers at most


def _print_long_integers() -> None:
    if 0 < sys.get_int_max_str_digits() < INT_DIGITS:
        sys.set_int_max_str_digits(INT_DIGITS)


def _send(fd: int, obj) -> None:
    data = pickle.dumps(obj, pickle.HIGHEST_PROTOCOL)
    head = len(data).to_bytes(_HEADER, "big")
    if len(data) < PIPE_BYTES:  # one write (a system call) for a line's usual answer
        parts: tuple = (head + data,)
    else:  # no joined copy of a big answer
        parts = (head, data)
    for part in parts:
        view = memoryview(part)
        while view:
            view = view[os.write(fd, view):]


def _silence_stdout() -> None:
    """A worker never writes to the parent's stdout (JSON Lines stay one object a line)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.close(devnull)
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 (lives as long as the worker)


_CPU_LIMIT = [0.0]  # the worker's CPU limit as last set (seconds of process time)


def _cap_cpu(seconds: float) -> None:
    """The line about to run may take ``seconds`` of CPU time (and at most 2 more) before
    the kernel stops the worker: the parent's clock stops it first, but a parent killed
    outright (SIGKILL) leaves nobody to stop a line that never ends. The limit is moved only
    when less than ``seconds`` and 1 are left (a system call about once a CPU second, not
    once a line)."""
    used = time.process_time()
    if _CPU_LIMIT[0] - used >= seconds + 1:
        return
    soft = int(used + seconds) + 2
    _soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    try:
        resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))
    except (ValueError, OSError):  # pragma: no cover (a limit below what is used)
        return
    _CPU_LIMIT[0] = soft


def _answer_all(task, indices: list[int], fd: int, memory: int, seconds: float,
                parent: int) -> int:
    """The child's work: ``task(i)`` for each index, each answer sent as it is ready; the
    exit code (3 after a MemoryError, when the process is not to be trusted any more; 5 when
    the parent has gone, and nobody reads the answers)."""
    for i in indices:
        code = 0
        if os.getppid() != parent:  # killed, or ended, without closing this worker
            return 5
        _cap_cpu(seconds)
        began = time.perf_counter()
        try:
            answer = task(i)
        except (MemoryError, SystemError):
            # under the memory cap a failed allocation inside C code can surface as a
            # SystemError ("error return without exception set"): the same limit reached
            answer, code = ("error", _out_of_memory(memory), None), 3
        except Exception as exc:  # noqa: BLE001 (a bug of ours: this line's error)
            answer = ("error", CalcdiffError(
                f"internal error ({type(exc).__name__}: {exc}); please report this input"),
                None)
        _send(fd, (i, answer, time.perf_counter() - began))
        if code:
            return code
        if i % 64 == 63:  # by the line's number: the same pace over the chunks of a worker
            gc.collect(0)  # call_deep pauses the collector: the young cycles of 64 lines
    return 0


def _serve(task, indices: list[int], fd: int, orders: int, memory: int, seconds: float,
           parent: int) -> int:
    """The child's whole life: the first chunk, then each chunk the parent sends on
    ``orders`` until it closes that pipe; the exit code (see :func:`_answer_all`)."""
    while True:
        code = _answer_all(task, indices, fd, memory, seconds, parent)
        if code:
            return code
        indices = _receive(orders)
        if indices is None:
            return 0


def _receive(fd: int):
    """One frame from the parent (as :func:`_send` writes it), or None at the end of the
    pipe."""
    head = _read_exactly(fd, _HEADER)
    body = None if head is None else _read_exactly(fd, int.from_bytes(head, "big"))
    return None if body is None else pickle.loads(body)


def _read_exactly(fd: int, size: int) -> bytearray | None:
    """``size`` bytes from ``fd``, waiting for them; None if the pipe ends first."""
    data = bytearray()
    while len(data) < size:
        more = os.read(fd, size - len(data))
        if not more:
            return None
        data += more
    return data


class _Worker:
    """One forked process answering ``task(i)`` for the indices it was given, in order."""

    def __init__(self, task, indices: list[int], memory: int, seconds: float,
                 others: tuple = ()):
        read_end, write_end = os.pipe()
        orders_in, orders_out = os.pipe()  # the parent's next chunks for this worker
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:  # the child: answer, one frame per index, then leave without cleanup
            code = 0
            try:
                os.close(read_end)
                os.close(orders_out)
                for w in others:  # the pipes of the workers forked before this one: a copy
                    w.close_in_child()  # of another's orders pipe would keep it from ending
                for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
                    signal.signal(sig, signal.SIG_DFL)  # (the parent's own are for it)
                _CPU_LIMIT[0] = 0.0  # its CPU clock starts again at 0 (a worker's child too)
                try:
                    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # no core at SIGXCPU
                except (ValueError, OSError):  # pragma: no cover
                    pass
                _silence_stdout()
                # a worker speaks through its frames: the interpreter's "Exception ignored"
                # (a thread that failed to allocate while ending) would only garble stderr
                sys.unraisablehook = _ignore
                _cap_memory(memory)
                _print_long_integers()
                try:  # one big-stack thread for the worker's life, not one per line
                    code = call_deep(_serve, task, indices, write_end, orders_in, memory,
                                     seconds, parent)
                except LimitError:  # no room for its stack: each line starts its own
                    code = _serve(task, indices, write_end, orders_in, memory, seconds, parent)
            except BaseException:  # noqa: BLE001 (nothing may escape a forked child)
                code = 4
            os._exit(code)
        os.close(write_end)
        os.close(orders_in)
        self.pid, self.fd, self.orders = pid, read_end, orders_out
        self.pending = deque(indices)
        self.buffer = bytearray()
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds
        self.answered = 0
        self.spent = 0.0  # the seconds its answered lines took, as the worker measured them
        self.status = None

    def read(self) -> list:
        """The frames that arrived; [] and ``self.status`` set once the worker has ended."""
        data = os.read(self.fd, PIPE_BYTES)
        if not data:
            self.finish()
            return []
        self.buffer += data
        frames = []
        buffer, at = self.buffer, 0
        view = memoryview(buffer)
        while len(buffer) - at >= _HEADER:
            size = int.from_bytes(view[at:at + _HEADER], "big")
            if len(buffer) - at < _HEADER + size:
                break
            i, answer, spent = pickle.loads(view[at + _HEADER:at + _HEADER + size])
            frames.append((i, answer))
            self.spent += spent
            at += _HEADER + size
        view.release()
        del buffer[:at]  # once for all the frames read (each used to shift the rest)
        if frames:
            self.deadline = time.monotonic() + self.seconds
            self.answered += len(frames)
        return frames

    def lines_ahead(self, least: int) -> int:
        """How many lines the worker should have in hand: those it answers in
        :data:`LOOK_AHEAD` at the pace it has kept so far (at least ``least``), so that it
        never waits for the parent, which reads the pipes only every :data:`GATHER`."""
        if not self.answered:
            return least
        pace = self.spent / self.answered  # seconds a line
        return max(least, int(LOOK_AHEAD / pace) if pace > 0 else least)

    def assign(self, indices: list[int]) -> None:
        """Send the worker its next chunk, ahead of need (it reads it once the lines before
        are answered). The line it is on keeps its own deadline; an idle worker's starts now."""
        if not self.pending:
            self.deadline = time.monotonic() + self.seconds
        self.pending.extend(indices)
        try:
            _send(self.orders, indices)
        except OSError:  # it has ended (a memory error): the chunk runs again elsewhere
            pass

    def close_in_child(self) -> None:
        """In a worker forked after this one: its copies of this worker's pipe ends."""
        for fd in (self.fd, self.orders):
            if fd is not None:
                try:
                    os.close(fd)
                except OSError:  # pragma: no cover (already closed)
                    pass

    def retire(self) -> None:
        """No more chunks: the worker ends once its lines are answered."""
        if self.orders is not None:
            os.close(self.orders)
            self.orders = None

    def kill(self) -> None:
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:  # pragma: no cover (it ended on its own)
            pass
        self.finish()

    def finish(self) -> None:
        self.retire()
        os.close(self.fd)
        _, status = os.waitpid(self.pid, 0)
        self.status = status


def _ignore(*_args) -> None:
    """The unraisable-exception hook of a worker process: nothing to say on stderr."""


def _out_of_memory(memory: int) -> CalcdiffError:
    return TooLarge(f"the input needs more than {memory:,} MiB of memory",
                    hint="raise the limit with --limit memory=MIB")


def _died(status: int, memory: int, seconds: float) -> CalcdiffError:
    if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGXCPU:
        return _timed_out(seconds)  # its CPU time ran out before the parent's clock did
    if os.WIFSIGNALED(status):
        how = f"was stopped by signal {signal.Signals(os.WTERMSIG(status)).name}"
    else:
        how = f"ended with status {os.WEXITSTATUS(status)}"
    return TooLarge(f"the worker process for this input {how}, most likely past its memory "
                    f"limit of {memory:,} MiB", hint="raise the limit with --limit memory=MIB")


def _timed_out(seconds: float) -> CalcdiffError:
    return TooLarge(f"the input took more than {seconds:g} s",
                    hint="raise the limit with --timeout S")


PIPE_BYTES = 1 << 16  # what one read of a pipe can return (Linux's pipe holds 64 kB): a
# larger request only costs the allocation (1 MiB: 11 us a read, against 0.7 us)
GATHER = 0.002  # seconds a batch's answers gather between two reads of the pipes
LOOK_AHEAD = 0.006  # seconds of work a worker has in hand beyond the line it is on: more
# than a GATHER, so it never waits for its next chunk (a 64-line batch in chunks of 2 lines
# sent one at a time kept each worker idle half the time), and little enough that the two
# workers end close together


def supervise(task, count: int, *, jobs: int = 1, seconds: float, memory: int,
              chunk: int | None = None):
    """Yield ``(i, task(i))`` for i in range(count), in order, each computed in a forked
    worker under ``seconds`` and ``memory`` (MiB). A line past either limit, or whose worker
    died, yields ``(i, ("error", TooLarge, None))``; the lines after it in its chunk run again
    in a new worker. ``task(i)`` must return a picklable value and not raise."""
    if chunk is None:  # small chunks, handed out as workers become free (no fork each)
        chunk = count if jobs == 1 else max(1, min(100, count // (jobs * 16) or 1))
    queue = deque(list(range(start, min(count, start + chunk)))
                  for start in range(0, count, chunk))
    running: list[_Worker] = []
    done: dict = {}
    next_out = 0
    ahead = max(1, chunk // 2)  # lines left when a worker is sent its next chunk
    try:
        while next_out < count:
            while len(running) < jobs and queue:
                running.append(_Worker(task, queue.popleft(), memory, seconds,
                                       tuple(running)))
            for w in running:  # the next chunks before these run out; none: the end
                want = w.lines_ahead(ahead)
                while queue and len(w.pending) <= want:
                    w.assign(queue.popleft())
                if not queue:
                    w.retire()
            wait = max(0.0, min(w.deadline for w in running) - time.monotonic())
            fds = [w.fd for w in running]
            ready, _, _ = select.select(fds, [], [], wait)
            if ready and count > 1 and not any(w.buffer for w in running):
                # a batch: let a few answers gather before reading them (a wake-up of this
                # process for every line took a core's time from the workers); never while
                # an answer is half read: a pipe holds 64 kB, and a big answer would crawl
                time.sleep(GATHER)
                ready, _, _ = select.select(fds, [], [], 0)
            for w in [w for w in running if w.fd in ready]:
                for i, answer in w.read():
                    done[i] = answer
                    if w.pending and w.pending[0] == i:
                        w.pending.popleft()
                if w.status is not None:
                    running.remove(w)
                    _requeue(w, done, queue, memory, blame=w.status not in (0, 3 << 8))
            now = time.monotonic()
            for w in [w for w in running if w.deadline <= now]:
                running.remove(w)
                w.kill()
                if w.pending:
                    done[w.pending.popleft()] = ("error", _timed_out(seconds), None)
                _requeue(w, done, queue, memory, blame=False)
            while next_out in done:
                yield next_out, done.pop(next_out)
                next_out += 1
    finally:
        for w in running:
            w.kill()


def _requeue(w: _Worker, done: dict, queue: deque, memory: int, blame: bool) -> None:
    """After a worker ended: the line it was on fails (``blame``), the rest runs again."""
    if blame and w.pending:
        done[w.pending.popleft()] = ("error", _died(w.status, memory, w.seconds), None)
    if w.pending:
        queue.appendleft(list(w.pending))


def run_bounded(fn, *args, seconds: float, memory: int):
    """``fn(*args)`` in a forked child, or :class:`TooLarge` raised when it runs past
    ``seconds`` or ``memory``. For calls into other libraries (SymPy) whose work cannot be
    interrupted any other way; ``fn``'s result must be picklable."""

    def task(_i):
        try:
            return ("ok", fn(*args), None)
        except CalcdiffError as exc:
            return ("error", exc, None)
        except Exception as exc:  # noqa: BLE001 (the other library's own failure)
            return ("error", CalcdiffError(f"{type(exc).__name__}: {exc}"), None)

    (_, (status, payload, _)), = supervise(task, 1, seconds=seconds, memory=memory)
    if status == "error":
        raise payload
    return payload
