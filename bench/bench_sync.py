"""Benchmark of a kansli of two sharing one repository: two clones of the embedded Itsam
example, each registering COUNT answers (one ``styrdok remiss receive`` process per
answer, as a registrar does) and running ``styrdok sync`` after every EVERY answers and at
the end, both at the same time, against a git server on loopback (``git daemon``).
Then the same with one ``remiss receive`` of all COUNT files per clone and one sync.

End to end: process start-up, the intake gate, reading, the commit, fetch, rebase and
push, with the retries when the other clone pushed in between. At the end every answer of
both clones must be on the server exactly once, or the run fails.

    .venv/bin/python bench/bench_sync.py            # 2 × 100 answers
    .venv/bin/python bench/bench_sync.py --quick    # 2 × 20 answers

Results are printed as a table and written to bench/results/bench_sync.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import measure

ROOT = Path(__file__).resolve().parent
PROJECT = ROOT.parent
RESULTS = ROOT / "results" / "bench_sync.json"
ROUND = "styrdokument-2024"
RECIPIENTS = ("boxholm", "vimmerby", "ydre", "atvidaberg", "odeshog")
STAFF = {"anna": "Anna Registrator", "bo": "Bo Registrator"}
IDENTITY = ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL")
TIMEOUT = 300.0


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return done.stdout


@dataclass
class Daemon:
    """``git daemon`` on 127.0.0.1 serving ``base``; stops by itself after an hour."""

    base: Path
    port: int = 0
    process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.process = subprocess.Popen(
            ["timeout", "3600", "git", "daemon", "--reuseaddr", "--export-all",
             "--enable=receive-pack", "--listen=127.0.0.1", f"--port={self.port}",
             f"--base-path={self.base}", str(self.base)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise SystemExit("git daemon startade inte")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=10)

    def url(self, name: str) -> str:
        return f"git://127.0.0.1:{self.port}/{name}.git"


def letters(folder: Path, who: str, count: int) -> list[Path]:
    """Write ``count`` different answer letters (Word) and return their paths."""
    from docx import Document

    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for k in range(count):
        document = Document()
        document.add_paragraph("Yttrande över remiss om Itsams styrdokument")
        document.add_paragraph(f"Synpunkt {k} från {who}s inkorg: 3 § bör förtydligas.")
        path = folder / f"{who}-{k:03d}.docx"
        document.save(str(path))
        out.append(path)
    return out


@dataclass
class Clone:
    """One staff member's clone and what happened in it."""

    who: str
    root: Path
    receive_s: list[float] = field(default_factory=list)
    sync_s: list[float] = field(default_factory=list)
    attempts: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def styrdok(clone: Clone, env: dict[str, str], *args: str) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(
        [*measure.styrdok_command(), "--repo", str(clone.root), *args],
        env=env, capture_output=True, text=True, timeout=TIMEOUT, check=False,
    )  # fmt: skip
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        clone.errors.append(f"{args[0]}: {done.stderr.strip()}")
    return seconds, done.stdout


def sync(clone: Clone, env: dict[str, str]) -> None:
    seconds, out = styrdok(clone, env, "sync")
    clone.sync_s.append(seconds)
    tries = re.search(r"efter (\d+) försök", out)
    clone.attempts.append(int(tries.group(1)) if tries else 1)


def one_by_one(clone: Clone, files: list[Path], every: int, env: dict[str, str]) -> None:
    for k, path in enumerate(files):
        day = (dt.date(2024, 3, 1) + dt.timedelta(days=k % 60)).isoformat()
        seconds, _ = styrdok(clone, env, "remiss", "receive", ROUND, str(path), "--from",
                             RECIPIENTS[k % len(RECIPIENTS)], "--received", day)  # fmt: skip
        clone.receive_s.append(seconds)
        if (k + 1) % every == 0:
            sync(clone, env)
    sync(clone, env)


def in_one_call(clone: Clone, files: list[Path], env: dict[str, str]) -> None:
    for n, rid in enumerate(RECIPIENTS):
        mine = [str(p) for k, p in enumerate(files) if k % len(RECIPIENTS) == n]
        seconds, _ = styrdok(clone, env, "remiss", "receive", ROUND, *mine, "--from", rid,
                             "--received", "2024-05-06")  # fmt: skip
        clone.receive_s.append(seconds)
    sync(clone, env)


def on_server(url: str, where: Path) -> list[str]:
    """Return the digests of every answer the server's main has registered."""
    sys.path.insert(0, str(PROJECT / "src"))
    from styrdok.remiss.register import registered

    subprocess.run(["git", "clone", "--quiet", url, str(where)], check=True)
    return [a.sha256 for rid in RECIPIENTS for a in registered(where, ROUND, rid)]


def scenario(
    tmp: Path, name: str, files: dict[str, list[Path]], every: int | None
) -> dict[str, Any]:
    """Run one scenario on a fresh server and two fresh clones; return its figures."""
    base = tmp / name / "server"
    base.mkdir(parents=True)
    git(base, "clone", "--quiet", "--bare", "--single-branch", str(PROJECT), "styrdok.git")
    daemon = Daemon(base)
    daemon.start()
    env = {k: v for k, v in os.environ.items() if k not in IDENTITY}
    env["PYTHONPATH"] = str(PROJECT / "src")
    try:
        url = daemon.url("styrdok")
        clones = []
        for who in STAFF:
            root = tmp / name / who
            git(tmp, "clone", "--quiet", url, str(root))
            git(root, "config", "user.name", STAFF[who])
            git(root, "config", "user.email", f"{who}@itsam.example")
            clones.append(Clone(who, root))

        def work(clone: Clone) -> None:
            if every is None:
                in_one_call(clone, files[clone.who], env)
            else:
                one_by_one(clone, files[clone.who], every, env)

        start = time.perf_counter()
        threads = [threading.Thread(target=work, args=(c,)) for c in clones]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for clone in clones:  # the last one to finish has everything; the other fetches it
            sync(clone, env)
        wall = time.perf_counter() - start
        digests = on_server(url, tmp / name / "kontroll")
    finally:
        daemon.stop()
    expected = {measure_digest(p) for paths in files.values() for p in paths}
    errors = [e for c in clones for e in c.errors]
    lost = len(expected - set(digests))
    doubled = len(digests) - len(set(digests))
    receives = [s for c in clones for s in c.receive_s]
    syncs = [s for c in clones for s in c.sync_s]
    retried = sum(1 for c in clones for a in c.attempts if a > 1)
    return {
        "scenario": name,
        "answers": len(expected),
        "wall_s": round(wall, 2),
        "receive_processes": len(receives),
        "receive_median_s": round(statistics.median(receives), 3),
        "syncs": len(syncs),
        "sync_median_s": round(statistics.median(syncs), 3),
        "sync_max_s": round(max(syncs), 3),
        "syncs_retried": retried,
        "max_attempts": max(a for c in clones for a in c.attempts),
        "on_server": len(set(digests)),
        "lost": lost,
        "doubled": doubled,
        "errors": errors,
    }


def measure_digest(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def main() -> int:
    parser = argparse.ArgumentParser(description="Benchmark of styrdok sync with two clones.")
    parser.add_argument("--quick", action="store_true", help="20 answers per clone")
    parser.add_argument("--count", type=int, default=100, help="answers per clone")
    parser.add_argument("--every", type=int, default=10, help="sync after this many answers")
    args = parser.parse_args()
    count = 20 if args.quick else args.count
    if shutil.which("git") is None or shutil.which("timeout") is None:
        raise SystemExit("git och timeout behövs")
    info = measure.machine(("styrdok", "python-docx"))
    print(f"# styrdok sync benchmark: 2 kloner × {count} svar\n")
    print("\n".join(measure.machine_lines(info)) + "\n")
    results: dict[str, Any] = {"machine": info, "count": count, "every": args.every}
    with tempfile.TemporaryDirectory(prefix="styrdok-bench-sync-") as name:
        tmp = Path(name)
        files = {who: letters(tmp / "inkorg" / who, who, count) for who in STAFF}
        rows = [
            scenario(tmp, "en-process-per-svar", files, args.every),
            scenario(tmp, "alla-svar-i-ett-anrop", files, None),
        ]
    results["rows"] = rows
    print("| scenario | svar | total tid | receive (median) | sync (antal, median, max) "
          "| omförsök | på servern | förlorade | dubbla |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['scenario']} | {r['answers']} | {r['wall_s']:.1f} s | "
              f"{r['receive_median_s']:.2f} s × {r['receive_processes']} | "
              f"{r['syncs']}, {r['sync_median_s']:.2f} s, {r['sync_max_s']:.2f} s | "
              f"{r['syncs_retried']} (högst {r['max_attempts']} försök) | {r['on_server']} | "
              f"{r['lost']} | {r['doubled']} |")  # fmt: skip
    results["loadavg_end"] = measure.loadavg()
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", "utf-8")
    failed = [r for r in rows if r["lost"] or r["doubled"] or r["errors"]]
    for r in failed:
        print(f"FEL i {r['scenario']}: {r['lost']} förlorade, {r['doubled']} dubbla, "
              f"{r['errors'][:3]}", file=sys.stderr)  # fmt: skip
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
