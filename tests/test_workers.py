"""The worker processes of a batch (calcdiff/workers.py): one per core for the whole batch,
chunks handed out as they become free, answers in input order, and a line past its time or
memory limit costs only itself."""

from __future__ import annotations

import os
import time

from calcdiff.workers import supervise


def _pid(i):
    return ("ok", os.getpid(), None)


def test_two_workers_answer_every_chunk_in_order():
    """60 lines in chunks of 3 over 2 jobs: two processes in all (no fork per chunk), every
    line answered once, in order."""
    out = list(supervise(lambda i: ("ok", (i, os.getpid()), None), 60, jobs=2, seconds=20,
                         memory=2000, chunk=3))
    assert [i for i, _ in out] == list(range(60))
    assert [answer[1][0] for _, answer in out] == list(range(60))
    pids = {answer[1][1] for _, answer in out}
    assert len(pids) == 2 and os.getpid() not in pids


def test_a_line_past_its_time_costs_only_itself():
    """Line 7 sleeps past the limit: it is the only error; the lines after it, in its chunk
    and in the chunks already sent to its worker, run in a fresh worker."""

    def task(i):
        if i == 7:
            time.sleep(30)
        return ("ok", i * i, None)

    t0 = time.monotonic()
    out = dict(supervise(task, 40, jobs=2, seconds=1.5, memory=2000, chunk=4))
    assert time.monotonic() - t0 < 20
    assert sorted(out) == list(range(40))
    assert out[7][0] == "error" and "took more than 1.5 s" in out[7][1].message
    assert all(out[i] == ("ok", i * i, None) for i in range(40) if i != 7)


def test_a_line_out_of_memory_costs_only_itself():
    """A MemoryError ends its worker (status 3): that line is the error, and the rest of the
    worker's lines, sent ahead or not, are answered by another."""

    def task(i):
        if i == 5:
            raise MemoryError
        return ("ok", i, None)

    out = dict(supervise(task, 30, jobs=2, seconds=20, memory=4321, chunk=2))
    assert sorted(out) == list(range(30))
    assert out[5][0] == "error" and "more than 4,321 MiB" in out[5][1].message
    assert all(out[i] == ("ok", i, None) for i in range(30) if i != 5)


def test_a_worker_that_dies_blames_the_line_it_was_on():
    """A worker killed from inside (as the kernel's out-of-memory killer would) on line 9:
    line 9 is the error, every other line is answered."""

    def task(i):
        if i == 9:
            os.kill(os.getpid(), 9)
        return ("ok", i, None)

    out = dict(supervise(task, 24, jobs=2, seconds=20, memory=2000, chunk=3))
    assert sorted(out) == list(range(24))
    assert out[9][0] == "error" and "SIGKILL" in out[9][1].message
    assert all(out[i] == ("ok", i, None) for i in range(24) if i != 9)


def _children() -> list[str]:
    """The live (not zombie) child processes of this process, from /proc."""
    me = str(os.getpid())
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[1] == me and fields[0] != "Z":
            found.append(pid)
    return found


def test_a_worker_with_no_lines_left_ends_while_another_works():
    """Once the chunks run out, a worker that has answered its lines ends (a later worker
    must not keep its orders pipe open), while the other is still on a slow last line."""
    import threading

    seen: list = []

    def task(i):
        if i == 39:
            time.sleep(3)
        return ("ok", i, None)

    def look():
        time.sleep(1.5)
        seen.append(_children())

    for i, _ in supervise(task, 40, jobs=2, seconds=20, memory=2000, chunk=4):
        if i == 38:
            threading.Thread(target=look).start()
    assert len(seen) == 1 and len(seen[0]) == 1, seen


def test_a_big_answer_is_read_at_the_speed_of_the_pipe():
    """Two lines of 60 MB each within a 3 s limit per line: the parent reads a half-read
    answer without pausing between reads (a pause per 64 kB took 1.4 s for 20 MB, 4.2 s for
    these lines, which timed out; the pipe itself takes about 0.1 s, so a busy machine
    still passes)."""
    data = b"y" * (60 << 20)
    out = dict(supervise(lambda i: ("ok", data, None), 2, jobs=2, seconds=3, memory=4000))
    assert [out[i][0] for i in (0, 1)] == ["ok", "ok"]
    assert all(len(out[i][1]) == len(data) for i in (0, 1))


def test_a_worker_holds_the_lines_it_answers_in_the_look_ahead():
    """A worker is sent chunks ahead to cover LOOK_AHEAD at the pace its lines took (lines of
    0.5 ms: 12 for 6 ms), never fewer than the least asked; before any answer, the least."""
    from calcdiff.workers import LOOK_AHEAD, _Worker

    w = object.__new__(_Worker)
    w.answered, w.spent = 0, 0.0
    assert w.lines_ahead(3) == 3
    w.answered, w.spent = 10, 10 * 0.0005
    assert w.lines_ahead(1) == int(LOOK_AHEAD / 0.0005)
    w.answered, w.spent = 2, 4.0  # slow lines: only the least
    assert w.lines_ahead(2) == 2


_ORPHAN = """
import os, signal, sys, time
from calcdiff.__main__ import _stop
from calcdiff.workers import supervise
signal.signal(signal.SIGTERM, _stop)

def task(i):
    os.write(int(sys.argv[2]), f"{os.getpid()}\\n".encode())
    while True:  # a line that never ends, burning CPU
        pass

try:
    for _ in supervise(task, 1, seconds=float(sys.argv[1]), memory=1024):
        pass
except SystemExit as exc:
    os._exit(exc.code)
"""


def _worker_of(parent_args):
    import subprocess
    import sys

    read, write = os.pipe()
    proc = subprocess.Popen([sys.executable, "-c", _ORPHAN, *parent_args, str(write)],
                            pass_fds=(write,), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as fh:
        worker = int(fh.readline())
    return proc, worker


def _gone(pid: int, within: float) -> bool:
    end = time.monotonic() + within
    while time.monotonic() < end:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        try:  # a zombie of init's, not yet reaped, counts as gone
            with open(f"/proc/{pid}/stat") as fh:
                if fh.read().split(")")[-1].split()[0] == "Z":
                    return True
        except OSError:
            return True
        time.sleep(0.05)
    return False


def test_a_terminated_parent_takes_its_workers_with_it():
    """kill PID (SIGTERM), as a process manager stops a command: the worker on a line that
    never ends is killed on the way out, not left running without a parent."""
    proc, worker = _worker_of(["30"])
    proc.terminate()
    assert proc.wait(10) == 128 + 15
    assert _gone(worker, 5)


def test_a_worker_whose_parent_was_killed_outright_stops_at_its_cpu_limit():
    """kill -9 of the parent: nobody is left to stop the line at its time limit, so the
    worker's own CPU limit (the line's seconds and 2 more) does."""
    proc, worker = _worker_of(["1"])
    proc.kill()
    proc.wait(10)
    assert _gone(worker, 15)
