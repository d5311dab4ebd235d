"""The bench's tools: timing (in-process and whole-process), the table and its ✓/✗, profiles.

Shared by bench.py and its sections (bench_e2e.py, bench_growth.py). Reports only: nothing
here asserts on time.
"""

from __future__ import annotations

import cProfile
import gc
import io
import json
import pstats
import re
import shutil
import subprocess
import sys
import textwrap
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT))

from calcdiff.deep import call_deep  # noqa: E402

try:  # never a dependency: used only if it is already there
    import symengine  # type: ignore
except ImportError:  # pragma: no cover - the usual case
    symengine = None

PYTHON = sys.executable
SYMPY_TIMEOUT = 20.0


def _calcdiff_script() -> str | None:
    here = Path(sys.executable).parent / "calcdiff"
    if here.exists():
        return str(here)
    return shutil.which("calcdiff")


CALCDIFF = _calcdiff_script()

# ---------------------------------------------------------------------------------------------
# timing


class GaveUp(Exception):
    """A peer exceeded its time limit (reported, never raised out of the script)."""


def best(fn, reps: int, setup=None) -> float:
    """Best of ``reps`` wall times of ``fn()`` (perf_counter), ``setup()`` untimed before each."""
    times = []
    for _ in range(reps):
        if setup is not None:
            setup()
        gc.collect()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def best_subprocess(argv: list[str], reps: int, stdin: str | None = None) -> float:
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        proc = subprocess.run(argv, input=stdin, capture_output=True, text=True)
        times.append(time.perf_counter() - t0)
        if proc.returncode != 0:
            last = (proc.stderr.strip().splitlines() or ["exit status %d" % proc.returncode])[-1]
            raise RuntimeError(last)
    return min(times)


def timed_snippet(code: str, timeout: float = SYMPY_TIMEOUT) -> float:
    """Run ``code`` in a fresh interpreter; it prints {"t": seconds} or {"error": "..."}."""
    try:
        proc = subprocess.run([PYTHON, "-c", code], capture_output=True, text=True,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        raise GaveUp(f"gave up (> {timeout:.0f} s)") from None
    for line in reversed(proc.stdout.strip().splitlines()):
        if line.startswith("{"):
            out = json.loads(line)
            if "error" in out:
                raise RuntimeError(out["error"])
            return out["t"]
    last = (proc.stderr.strip().splitlines() or [f"exit status {proc.returncode}"])[-1]
    raise RuntimeError(last)


DEEP_PRELUDE = """
import json, sys, threading, time
sys.setrecursionlimit(1_000_000)
threading.stack_size(512 * 1024 * 1024)
import sympy
def _main():
    try:
        t = work()
        print(json.dumps({"t": t}))
    except BaseException as exc:
        print(json.dumps({"error": type(exc).__name__ + ": " + str(exc)[:80]}))
_th = threading.Thread(target=_main); _th.start(); _th.join()
"""


def deep_snippet(body: str) -> str:
    """A subprocess snippet defining work() -> seconds, run on a big-stack thread."""
    return textwrap.dedent(body) + DEEP_PRELUDE


# ---------------------------------------------------------------------------------------------
# the table


@dataclass
class Row:
    case: str
    calcdiff: float | str | None = None  # seconds, or a word ("n/a", "error")
    sympy: float | str | None = None
    symengine: float | str | None = None
    ratio: str = ""
    target: str = ""
    ok: bool | None = None
    note: str = ""
    profile: object = None  # a zero-argument callable re-running the calcdiff side


@dataclass
class Section:
    title: str
    rows: list[Row] = field(default_factory=list)


SECTIONS: list[Section] = []


def section(title: str) -> Section:
    s = Section(title)
    SECTIONS.append(s)
    print(f"  … {title}", file=sys.stderr, flush=True)
    return s


def fmt_time(v) -> str:
    if v is None:
        return "—"
    if isinstance(v, str):
        return v
    if v < 0:  # a difference of two noisy times (case 9's figure over `derive x`)
        return "−" + fmt_time(-v)
    if v < 1e-3:
        return f"{v * 1e6:.0f} µs"
    if v < 1:
        return f"{v * 1e3:.1f} ms"
    return f"{v:.2f} s"


def speedup(peer, ours) -> str:
    """How many times faster calcdiff is than the peer ("0.5×" means twice as slow)."""
    if not isinstance(peer, float) or not isinstance(ours, float) or ours <= 0:
        return ""
    r = peer / ours
    return f"{r:.0f}×" if r >= 100 else f"{r:.1f}×" if r >= 10 else f"{r:.2f}×"


def check(value, limit) -> bool | None:
    if not isinstance(value, float):
        return None
    return value <= limit


def attempt(fn):
    """Run a timing; a failure becomes a short word for the table instead of a crash."""
    try:
        return fn()
    except GaveUp as exc:
        return str(exc)
    except RecursionError:
        return "RecursionError"
    except Exception as exc:  # noqa: BLE001 - report, don't stop the run
        # a RuntimeError carries a subprocess's last stderr line: show that line alone
        msg = str(exc) if type(exc) is RuntimeError else f"{type(exc).__name__}: {exc}"
        return "error: " + (msg if len(msg) < 90 else msg[:87] + "...")


def print_table() -> None:
    show_se = symengine is not None
    headers = ["case", "calcdiff", "SymPy"] + (["SymEngine"] if show_se else []) + [
        "ratio", "target", ""]
    lines = []
    for s in SECTIONS:
        lines.append(("section", s.title))
        for r in s.rows:
            mark = {True: "✓", False: "✗", None: ""}[r.ok]
            note = r.note
            cells = [r.case]
            values = [("calcdiff", r.calcdiff), ("SymPy", r.sympy)]
            if show_se:
                values.append(("SymEngine", r.symengine))
            for who, v in values:
                if isinstance(v, str) and v.startswith("error: "):
                    # a short word in the cell, the whole message under the row
                    kinds = re.findall(r"\b(\w+(?:Error|Exception))\b", v)
                    cells.append(kinds[-1] if kinds else "error")
                    note = (note + "; " if note else "") + f"{who}: {v[len('error: '):]}"
                else:
                    cells.append(fmt_time(v))
            cells += [r.ratio, r.target, mark]
            lines.append(("row", cells, note))
    widths = [len(h) for h in headers]
    for item in lines:
        if item[0] == "row":
            for i, c in enumerate(item[1]):
                widths[i] = max(widths[i], len(c))
    widths[0] = min(widths[0], 46)

    def fmt_cells(cells):
        out = []
        for i, c in enumerate(cells):
            out.append(c.ljust(widths[i]) if i == 0 else c.rjust(widths[i]))
        return "  ".join(out)

    total = sum(widths) + 2 * (len(widths) - 1)
    print()
    print(fmt_cells(headers))
    print("=" * total)
    for item in lines:
        if item[0] == "section":
            print()
            print(item[1])
            print("-" * total)
        else:
            print(fmt_cells(item[1]))
            if item[2]:
                print("    " + item[2])
    print()
    print("ratio: peer time / calcdiff time (×, higher = calcdiff faster), unless the row says "
          "otherwise")
    print("✓/✗: calcdiff against the SPEC §7 target on this machine; "
          "growth rows: ≈2 = linear;\n"
          "case 10: the ratio column is the fitted exponent (log-log slope), ≈1 = linear")


def print_misses(profile: bool) -> None:
    misses = [(s.title.split(" ")[0].rstrip("."), r) for s in SECTIONS for r in s.rows
              if r.ok is False]
    print()
    if not misses:
        print("Every measured row meets its target.")
        return
    print(f"Rows missing their target ({len(misses)}):")
    for title, r in misses:
        extra = f", ratio {r.ratio}" if r.ratio else ""
        print(f"  - [case {title}] {r.case}: {fmt_time(r.calcdiff)}{extra} (target {r.target})")
    if not profile:
        print("  (run with --profile for the dominant functions of each)")
        return
    for title, r in misses:
        if r.profile is None:
            continue
        print()
        print(f"profile: [case {title}] {r.case}")
        try:
            print(textwrap.indent(r.profile(), "    "))
        except Exception as exc:  # noqa: BLE001
            print(f"    (profiling failed: {type(exc).__name__}: {exc})")


def cprofile_top(fn, n: int = 12) -> str:
    """cProfile ``fn()`` inside the big-stack worker (cProfile sees one thread only)."""
    prof = cProfile.Profile()

    def run():
        prof.enable()
        try:
            fn()
        finally:
            prof.disable()

    call_deep(run)
    keep = []
    # own time (where the cycles go), then cumulative time of calcdiff's functions (which
    # phase they belong to: parser, engine, build, simplify, printer, render)
    for order, restrict, heading in (("tottime", (n,), "by own time"),
                                     ("cumulative", (r"calcdiff[/\\]", 8),
                                      "calcdiff functions by cumulative time")):
        out = io.StringIO()
        pstats.Stats(prof, stream=out).sort_stats(order).print_stats(*restrict)
        started = False
        for line in out.getvalue().splitlines():
            if "function calls" in line and order == "tottime":
                keep.append(line.strip())
            if line.strip().startswith("ncalls"):
                started = True
                keep.append(f"-- {heading}")
            if started and line.strip():
                keep.append(line.replace(str(ROOT) + "/", "").replace(
                    str(Path(textwrap.__file__).parent) + "/", ""))
    return "\n".join(keep)


def importtime_top(argv: list[str], n: int = 10) -> str:
    """``python -X importtime``: the slowest top-level imports of a command."""
    proc = subprocess.run([PYTHON, "-X", "importtime", *argv], capture_output=True, text=True)
    rows = []
    for line in proc.stderr.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S.*)", line)
        if m:
            rows.append((int(m.group(2)), len(m.group(3)), m.group(4)))
    top_level = min((lvl for _, lvl, _ in rows), default=1)
    rows = sorted((r for r in rows if r[1] <= top_level + 2), reverse=True)[:n]
    return "\n".join(f"{us / 1000:8.1f} ms cumulative  {'  ' * (lvl - top_level)}{name}"
                     for us, lvl, name in rows)


PEERS: dict = {}


def remember(key, fn):
    """``fn()`` once per run for ``key``: a slow peer timing (SymPy on a 500-variable gradient)
    shared by every case that shows it. A failure is remembered too, and raised again."""
    if key not in PEERS:
        try:
            PEERS[key] = ("ok", fn())
        except Exception as exc:  # noqa: BLE001 - raised again to the caller's attempt()
            PEERS[key] = ("error", exc)
    kind, value = PEERS[key]
    if kind == "error":
        raise value
    return value
