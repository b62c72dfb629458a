"""Measuring helpers shared by the benchmark scripts: whole processes (wall time and peak
RSS through GNU time), repeated timings with best and median, a deadline for in-process
work, the tracemalloc peak of a call, and a description of the machine.

Not a benchmark itself; ``bench_diff.py``, ``bench_package.py`` and ``bench_receive.py``
import it (they run as scripts, so ``bench/`` is on ``sys.path``).
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

MIB = 1024 * 1024
GNU_TIME = shutil.which("time", path="/usr/bin:/bin")


@dataclass(frozen=True)
class ProcessRun:
    """One whole process: wall time, peak RSS, exit status, the end of its stderr, and
    the CPU seconds it spent in user space and in the kernel (with its children)."""

    seconds: float
    peak_mib: float
    returncode: int
    timed_out: bool
    stderr: str
    user: float = 0.0
    system: float = 0.0


def run_process(argv: list[str], timeout: float, cwd: Path | None = None) -> ProcessRun:
    """Return the wall time and peak RSS of one process (killed after ``timeout`` s).

    The peak comes from GNU time (``%M``), which forks the command from its own small
    process. ``os.wait4`` or ``RUSAGE_CHILDREN`` from here would report at least this
    process's RSS: Linux folds the forking process's high-water mark into the child's
    ``ru_maxrss`` at exec. Without /usr/bin/time, wait4 is used and the floor noted.
    """
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "time"
        wrapped = [GNU_TIME, "-f", "%M", "-o", str(report), *argv] if GNU_TIME else argv
        with (Path(scratch) / "stderr").open("w+b") as stderr:
            start = time.perf_counter()
            process = subprocess.Popen(
                wrapped, cwd=cwd, stdout=subprocess.DEVNULL, stderr=stderr, start_new_session=True
            )
            expired = threading.Event()
            reaped = threading.Event()

            def kill() -> None:
                if not reaped.is_set():
                    expired.set()
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(process.pid, signal.SIGKILL)

            watchdog = threading.Timer(timeout, kill)
            watchdog.start()
            _pid, status, usage = os.wait4(process.pid, 0)
            reaped.set()
            watchdog.cancel()
            seconds = time.perf_counter() - start
            process.returncode = os.waitstatus_to_exitcode(status)
            stderr.seek(0)
            tail = stderr.read().decode("utf-8", "replace").strip().splitlines()[-3:]
        peak_kib = float(usage.ru_maxrss)
        if GNU_TIME and report.exists():
            lines = report.read_text().split()
            peak_kib = float(lines[-1]) if lines and lines[-1].isdigit() else float("nan")
    return ProcessRun(
        seconds,
        peak_kib / 1024,
        process.returncode,
        expired.is_set(),
        "\n".join(tail),
        usage.ru_utime,
        usage.ru_stime,
    )


@dataclass
class Timing:
    """Repeated measurements of one thing: seconds and peak MiB per run."""

    seconds: list[float] = field(default_factory=list)
    peak_mib: list[float] = field(default_factory=list)
    timed_out: bool = False
    error: str | None = None

    @property
    def ok(self) -> bool:
        return bool(self.seconds) and not self.timed_out and self.error is None

    @property
    def best(self) -> float:
        return min(self.seconds)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def peak(self) -> float | None:
        return max(self.peak_mib) if self.peak_mib else None

    def summary(self) -> dict[str, Any]:
        data: dict[str, Any] = {"runs_s": [round(s, 4) for s in self.seconds]}
        if self.ok:
            data |= {"best_s": round(self.best, 4), "median_s": round(self.median, 4)}
        if self.peak is not None:
            data["peak_mib"] = round(self.peak, 1)
        data |= {"timed_out": self.timed_out, "error": self.error}
        return data


def time_processes(
    argv: list[str],
    repeats: int,
    timeout: float,
    before: Callable[[], object] | None = None,
    ok_codes: tuple[int, ...] = (0,),
) -> Timing:
    """Return ``repeats`` runs of a process; stop at the first failure or timeout.

    ``before``, when given, runs ahead of every run and is not timed (to clear the
    previous run's output, for instance). ``ok_codes`` are the exit statuses that are
    no failure (``git diff`` exits with 1 when the files differ).
    """
    timing = Timing()
    for _ in range(repeats):
        if before is not None:
            before()
        run = run_process(argv, timeout)
        if run.timed_out:
            timing.timed_out = True
            return timing
        if run.returncode not in ok_codes:
            timing.error = run.stderr.splitlines()[-1] if run.stderr else f"{run.returncode}"
            return timing
        timing.seconds.append(run.seconds)
        timing.peak_mib.append(run.peak_mib)
    return timing


class DeadlineExpired(Exception):
    """The block under :func:`deadline` ran longer than allowed."""


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise DeadlineExpired in this (main) thread when the block runs longer than
    ``seconds``."""

    def expire(_signum: int, _frame: FrameType | None) -> None:
        raise DeadlineExpired

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def traced_peak(work: Callable[[], object]) -> float:
    """Return the peak of Python allocations (MiB) while ``work`` runs."""
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1] / MIB
    finally:
        tracemalloc.stop()


def loadavg() -> list[float]:
    """Return the 1, 5 and 15 minute load averages, rounded."""
    return [round(x, 2) for x in os.getloadavg()]


def machine(packages: tuple[str, ...] = ("styrdok",)) -> dict[str, Any]:
    """Return what the results depend on: cores, CPU, Python, git, the versions of
    ``packages``, the load average now and where peak RSS comes from."""
    cpu = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    git = subprocess.run(["git", "--version"], capture_output=True, text=True).stdout.strip()
    info: dict[str, Any] = {
        "nproc": len(os.sched_getaffinity(0)),
        "cpu_count": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
    }
    for package in packages:
        info[package] = importlib.metadata.version(package)
    info |= {
        "git": git,
        "loadavg_start": loadavg(),
        "rss_source": f"{GNU_TIME} %M" if GNU_TIME else "os.wait4 (floor: this process's RSS)",
    }
    return info


def machine_lines(info: dict[str, Any]) -> list[str]:
    """Return the machine description as the lines a benchmark prints first."""
    return [
        f"machine: nproc {info['nproc']} ({info['cpu'] or 'okänd cpu'}), "
        f"Python {info['python']} ({info['implementation']}), {info['platform']}",
        f"peak RSS of processes from: {info['rss_source']}",
        f"load average at start: {info['loadavg_start']} (other work on the machine skews)",
    ]


def styrdok_command() -> list[str]:
    """Return the argv that starts the installed ``styrdok`` console script."""
    script = Path(sys.executable).parent / "styrdok"
    if not script.exists():
        raise SystemExit(f"styrdok saknas bredvid {sys.executable}: kör make setup")
    return [str(script)]


def seconds_text(timing: Timing | None, timeout: float | None = None) -> str:
    """Return ``best / median s`` (or one value for a single run) for a table cell."""
    if timing is None:
        return "—"
    if timing.timed_out:
        return f"> {timeout:.0f} s" if timeout is not None else "timeout"
    if not timing.ok:
        return "n/a"
    if len(timing.seconds) == 1:
        return f"{timing.best:.3f} s"
    return f"{timing.best:.3f} / {timing.median:.3f} s"


def mib_text(timing: Timing | None) -> str:
    """Return the peak MiB of a timing for a table cell."""
    if timing is None:
        return "—"
    return f"{timing.peak:.0f}" if timing.peak is not None and timing.ok else "n/a"


def target_row(
    work: str,
    ours: float | None,
    peer_name: str,
    peer: float | None,
    target: str,
    met: bool | None,
) -> dict[str, Any]:
    """Return one row of issue 16's table for a results file's ``targets`` list: our
    median, the peer's median from the same run, their ratio and whether the target is met.
    ``bench/run_all.py`` prints these rows from every script's results as one table."""
    ratio = ours / peer if ours is not None and peer else None
    return {
        "work": work,
        "ours_s": None if ours is None else round(ours, 4),
        "peer": peer_name,
        "peer_s": None if peer is None else round(peer, 4),
        "ratio": None if ratio is None else round(ratio, 3),
        "target": target,
        "met": met,
    }
