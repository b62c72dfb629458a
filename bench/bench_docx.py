"""Benchmark of the Word outputs, with python-redlines (its Docxodus engine) as the peer.
A script, not a test: it times; failed checks only make it exit with status 1.

    python bench/bench_docx.py            # 30 and 100 pages, 3 runs each
    python bench/bench_docx.py --quick    # 5 and 10 pages, 1 run each

Documents from ``gendoc.py`` at about 300 words a page: 9,000 words and 90 headings
(30 pages, as in bench_package.py) and 30,000 words and 300 headings (100 pages, case A
of bench_diff.py), revised with 5 % word edits, a renumbered block and changed headings
and committed twice to a real git repository.

styrdok: whole ``styrdok --repo R diff reglemente HEAD~1 HEAD --format docx|table -o F``
processes (CLI start-up, reading both versions from git, comparing and writing the .docx),
best and median of 3, peak RSS from GNU time. The styrdok package is byte-compiled first
(``compileall``), as an installed package is: with PYTHONDONTWRITEBYTECODE set, an editable
install would otherwise compile its source in every run.

Peer: python-redlines with the Docxodus engine (a self-contained .NET program shipped in
the python-redlines-docxodus wheel, run offline) comparing the two clean exports
``styrdok show reglemente HEAD~1|HEAD --format docx``. A worker process unpacks the
engine (untimed, once before the timed runs), times ``DocxodusEngine.run_redline`` and
writes the seconds to a file: the peer's time leaves out Python start-up and imports,
ours does not, so the ratio (our median / peer median) favours the peer. Peak RSS is the
worker's with the .NET process it waits for (GNU time).

LibreOffice check, for our redline and the peer's, the same as in
tests/test_redline_libreoffice.py: accepting all tracked changes must give the paragraphs
of the clean new export and rejecting them all those of the clean old export, compared
in order as LibreOffice lays them out: text only, and layout (text, paragraph style,
outline level, list level and label such as "1." or "•").
It runs tests/lo_worker.py with /usr/bin/python3 through tests/libreoffice.py.

Target (issue 16): both our outputs in at most 0.15× the time of the Docxodus engine on
both sizes, with the LibreOffice check passing for our redline. The table of results has
one row per size and format: ours, the peer, the ratio, the target and the load average
(1 minute) before and after our runs, since the machine is shared.
"""

from __future__ import annotations

import argparse
import compileall
import importlib.metadata
import json
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import gendoc
import measure
from measure import Timing, mib_text, run_process, seconds_text, styrdok_command, time_processes

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))  # for tests/libreoffice.py

from tests.libreoffice import (  # noqa: E402
    DocumentText,
    LibreOffice,
    LibreOfficeError,
    unavailable_reason,
)

RESULTS = ROOT / "results" / "bench_docx.json"
REPEATS = 3
PROCESS_TIMEOUT = 600.0
PEER_TIMEOUT = 1_200.0
LO_TIMEOUT = 1_200.0
TARGET_RATIO = 0.15  # our median / the peer's median, at most
DAY = "2024-02-23"
PEER_PACKAGES = ("python-redlines", "python-redlines-docxodus")

_PEER_WORKER = """
import json, sys, time
from pathlib import Path
from python_redlines import DocxodusEngine

old, new, out, report, cache = sys.argv[1:6]
engine = DocxodusEngine(target_path=cache)
start = time.perf_counter()
redline, stdout, stderr = engine.run_redline("Jämförelse", original=Path(old), modified=Path(new))
seconds = time.perf_counter() - start
Path(out).write_bytes(redline)
Path(report).write_text(json.dumps({"seconds": seconds, "stdout": stdout or ""}))
"""

Look = tuple[str, str, int, tuple[int, str] | None]  # text, style, outline level, list


@dataclass(frozen=True)
class Size:
    """A generated document pair: about ``pages`` pages of ``words`` words."""

    pages: int
    words: int
    headings: int
    seed: int


@dataclass
class Check:
    """The LibreOffice accept/reject check of one redline."""

    problems: dict[str, str] = field(default_factory=dict)  # "accept text" → what differs
    error: str | None = None
    seconds: float = 0.0
    redlines: int | None = None  # tracked changes LibreOffice finds

    @property
    def text_ok(self) -> bool:
        return self.error is None and not any(k.endswith("text") for k in self.problems)

    @property
    def passed(self) -> bool:
        return self.error is None and not self.problems

    def cell(self) -> str:
        if self.error is not None:
            return "error"
        if self.passed:
            return "ok"
        return "text ok, layout differs" if self.text_ok else "fails"

    def data(self) -> dict[str, Any]:
        return {
            "passed": self.passed,
            "text_ok": self.text_ok,
            "problems": self.problems,
            "error": self.error,
            "seconds": round(self.seconds, 1),
            "libreoffice_redlines": self.redlines,
        }


@dataclass
class Row:
    """One size: our two outputs, the peer and the checks."""

    size: Size
    words: int
    bytes: int
    docx: Timing
    table: Timing
    peer: Timing  # the run_redline call, seconds from the worker; peak RSS of the process
    peer_process: Timing  # the same runs, whole worker process
    peer_revisions: int | None = None
    load: dict[str, tuple[float, float]] = field(default_factory=dict)  # format → before, after
    our_revisions: int | None = None
    ours_check: Check = field(default_factory=Check)
    peer_check: Check = field(default_factory=Check)

    def ratio(self, ours: Timing) -> float | None:
        if not (ours.ok and self.peer.ok):
            return None
        return ours.median / self.peer.median

    @property
    def met(self) -> bool | None:
        ratios = [self.ratio(self.docx), self.ratio(self.table)]
        if any(r is None for r in ratios):
            return None
        return all(r is not None and r <= TARGET_RATIO for r in ratios) and self.ours_check.passed

    def target_entries(self) -> list[dict[str, Any]]:
        """Return this size's rows for issue 16's table (``measure.target_row``)."""
        entries = []
        for fmt, ours in (("docx", self.docx), ("table", self.table)):
            ratio = self.ratio(ours)
            entries.append(
                measure.target_row(
                    f"`diff --format {fmt}`, {self.size.pages} pages, whole process",
                    ours.median if ours.ok else None,
                    "python-redlines (Docxodus)",
                    self.peer.median if self.peer.ok else None,
                    f"≤ {TARGET_RATIO:g}×",
                    None if ratio is None else ratio <= TARGET_RATIO,
                )
            )
        return entries

    def data(self) -> dict[str, Any]:
        ratios = {k: self.ratio(t) for k, t in (("docx", self.docx), ("table", self.table))}
        return {
            "pages": self.size.pages,
            "words": self.words,
            "headings": self.size.headings,
            "markdown_bytes": self.bytes,
            "styrdok_docx": self.docx.summary(),
            "styrdok_table": self.table.summary(),
            "peer_call": self.peer.summary(),
            "peer_process": self.peer_process.summary(),
            "ratio_docx_over_peer": round(r, 3) if (r := ratios["docx"]) else None,
            "ratio_table_over_peer": round(r, 3) if (r := ratios["table"]) else None,
            "loadavg_1min_before_after": self.load,
            "revisions_styrdok": self.our_revisions,
            "revisions_peer": self.peer_revisions,
            "libreoffice_styrdok": self.ours_check.data(),
            "libreoffice_peer": self.peer_check.data(),
            "met": self.met,
        }


# --- the runs -------------------------------------------------------------------------------


def _styrdok(repo: Path, *args: str) -> None:
    """Run the styrdok CLI on ``repo``, untimed."""
    done = subprocess.run(
        [*styrdok_command(), "--repo", str(repo), *args], capture_output=True, text=True
    )
    if done.returncode != 0:
        raise SystemExit(f"styrdok {' '.join(args[:2])} misslyckades: {done.stderr.strip()}")


def time_peer(old: Path, new: Path, out: Path, cache: Path, repeats: int) -> tuple[Timing, Timing]:
    """Return the Docxodus comparison's call timing (with the worker's peak RSS) and the
    whole worker processes; one untimed run first unpacks the engine."""
    report = out.with_suffix(".json")
    argv = [sys.executable, "-c", _PEER_WORKER, str(old), str(new), str(out), str(report)]
    argv.append(str(cache))
    call, process = Timing(), Timing()
    for k in range(repeats + 1):
        report.unlink(missing_ok=True)
        run = run_process(argv, PEER_TIMEOUT)
        if run.timed_out or run.returncode != 0:
            for timing in (call, process):
                timing.timed_out = run.timed_out
                timing.error = run.stderr.splitlines()[-1] if run.stderr else f"{run.returncode}"
            break
        if k == 0:
            continue  # unpacking the engine and warming the file cache
        call.seconds.append(json.loads(report.read_text())["seconds"])
        call.peak_mib.append(run.peak_mib)
        process.seconds.append(run.seconds)
        process.peak_mib.append(run.peak_mib)
    return call, process


def peer_revisions(out: Path) -> int | None:
    """Return the number of revisions the Docxodus engine reported, when it said."""
    report = out.with_suffix(".json")
    if not report.exists():
        return None
    found = re.search(r"(\d+) revision", json.loads(report.read_text())["stdout"])
    return int(found.group(1)) if found else None


# --- the LibreOffice check ------------------------------------------------------------------


def _looks(text: DocumentText) -> list[Look]:
    """Return what tests/test_redline_libreoffice.py compares of the body's paragraphs."""
    return [
        (
            p.text,
            p.style,
            p.outline_level,
            (p.numbering.level, p.numbering.label) if p.numbering else None,
        )
        for p in text.paragraphs
        if p.where == "body"
    ]


def _difference(got: list[Any], want: list[Any]) -> str | None:
    """Return what differs between two paragraph lists, None when they are equal."""
    if got == want:
        return None
    differing = sum(1 for a, b in zip(got, want, strict=False) if a != b)
    first = next((i for i, (a, b) in enumerate(zip(got, want, strict=False)) if a != b), None)
    text = f"{len(got)} paragraphs, expected {len(want)}; {differing} differ in place"
    if first is not None:
        text += f"; first at {first}: {str(got[first])[:120]!r} ≠ {str(want[first])[:120]!r}"
    return text


def check(office: LibreOffice, redline: Path, old: Path, new: Path) -> Check:
    """Return whether accept all gives ``new`` and reject all ``old`` in LibreOffice."""
    result = Check()
    began = time.monotonic()
    try:
        result.redlines = len(office.text(redline).redlines)
        wanted = {"accept": office.text(new), "reject": office.text(old)}
        got = {"accept": office.accept_all(redline), "reject": office.reject_all(redline)}
    except LibreOfficeError as error:
        result.error = str(error).splitlines()[0]
        return result
    finally:
        result.seconds = time.monotonic() - began
    for side in ("accept", "reject"):
        layout = _looks(got[side]), _looks(wanted[side])
        texts = _difference([p[0] for p in layout[0]], [p[0] for p in layout[1]])
        if texts is not None:
            result.problems[f"{side} text"] = texts
        if (found := _difference(*layout)) is not None:
            result.problems[f"{side} layout"] = found
    return result


# --- one size -------------------------------------------------------------------------------


def run_size(size: Size, where: Path, repeats: int, office: LibreOffice | None) -> Row:
    """Generate, time and check one document size under ``where``."""
    from styrdok.word.revisions import count_revisions

    old = gendoc.generate(size.words, size.headings, size.seed)
    revision = gendoc.revise(old, seed=size.seed + 1)
    document = gendoc.write_repo(where / "repo", old, revision.document)
    repo = where / "repo"
    words = gendoc.count_words(gendoc.body_markdown(old))
    print(
        f"{size.pages} sidor: {words} ord, {old.headings} rubriker; {revision.word_edits} "
        f"ordändringar, {revision.renumbered} omnumrerade, {revision.changed_headings} "
        "ändrade rubriker",
        file=sys.stderr,
        flush=True,
    )
    files = {name: where / f"{name}.docx" for name in ("redline", "table", "old", "new", "peer")}
    base = [*styrdok_command(), "--repo", str(repo), "diff", gendoc.DOC_NAME, "HEAD~1", "HEAD"]
    timings: dict[str, Timing] = {}
    load: dict[str, tuple[float, float]] = {}
    for fmt, name in (("docx", "redline"), ("table", "table")):
        argv = [*base, "--format", fmt, "-o", str(files[name]), "--datum", DAY]
        print(f"  styrdok diff --format {fmt} …", file=sys.stderr, flush=True)
        before = measure.loadavg()[0]
        timings[fmt] = time_processes(argv, repeats, PROCESS_TIMEOUT)
        load[fmt] = (before, measure.loadavg()[0])
    for rev, name in (("HEAD~1", "old"), ("HEAD", "new")):
        _styrdok(repo, "show", gendoc.DOC_NAME, rev, "--format", "docx", "-o", str(files[name]))
    print("  python-redlines (Docxodus) …", file=sys.stderr, flush=True)
    peer, peer_process = time_peer(
        files["old"], files["new"], files["peer"], where.parent / "docxodus", repeats
    )
    row = Row(
        size,
        words,
        len(document.read_bytes()),
        timings["docx"],
        timings["table"],
        peer,
        peer_process,
    )
    row.load = load
    row.peer_revisions = peer_revisions(files["peer"])
    if files["redline"].exists():
        row.our_revisions = count_revisions(files["redline"].read_bytes()).total
    if office is None:
        reason = unavailable_reason() or "LibreOffice saknas"
        row.ours_check.error = row.peer_check.error = reason
        return row
    print("  LibreOffice: godkänn och avvisa alla …", file=sys.stderr, flush=True)
    if timings["docx"].ok:
        row.ours_check = check(office, files["redline"], files["old"], files["new"])
    else:
        row.ours_check.error = f"styrdok misslyckades: {timings['docx'].error}"
    if peer.ok:
        row.peer_check = check(office, files["peer"], files["old"], files["new"])
    else:
        row.peer_check.error = f"python-redlines misslyckades: {peer.error}"
    return row


# --- output ---------------------------------------------------------------------------------


def _timing_cell(timing: Timing, timeout: float) -> str:
    return f"{seconds_text(timing, timeout)}, {mib_text(timing)} MiB"


def table(rows: list[Row]) -> str:
    """Return one line per size and format: ours, the peer, ratio, target and load."""
    head = [
        "size",
        "format",
        "ours: whole process (best / median, peak)",
        "peer: python-redlines Docxodus call (best / median, peak)",
        "ratio ours / peer (median)",
        "target",
        "met",
        "load 1 min (before → after ours)",
    ]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    for row in rows:
        words = f"{row.words:,}".replace(",", " ")
        size = f"{row.size.pages} pages ({words} words, {row.size.headings} headings)"
        for fmt, timing in (("docx", row.docx), ("table", row.table)):
            ratio = row.ratio(timing)
            met = "—" if ratio is None else ("ja" if ratio <= TARGET_RATIO else "nej")
            load = row.load.get(fmt)
            cells = [
                size,
                f"--format {fmt}",
                _timing_cell(timing, PROCESS_TIMEOUT),
                _timing_cell(row.peer, PEER_TIMEOUT),
                "n/a" if ratio is None else f"{ratio:.2f}×",
                f"≤ {TARGET_RATIO:g}×",
                met,
                "—" if load is None else f"{load[0]:.2f} → {load[1]:.2f}",
            ]
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def checks(rows: list[Row]) -> str:
    """Return the LibreOffice checks and whether each size meets the target."""
    lines = ["| size | LO check ours / peer | target met (both formats, LO check) |"]
    lines.append("|---|---|---|")
    for row in rows:
        met = {None: "—", True: "ja", False: "nej"}[row.met]
        lines.append(
            f"| {row.size.pages} pages | {row.ours_check.cell()} / {row.peer_check.cell()} "
            f"| {met} |"
        )
    return "\n".join(lines)


def details(rows: list[Row]) -> list[str]:
    """Return the lines under the table: processes, revisions and what the checks found."""
    lines = []
    for row in rows:
        lines.append(
            f"{row.size.pages} pages: peer whole process "
            f"{seconds_text(row.peer_process, PEER_TIMEOUT)}; revisions: styrdok "
            f"{row.our_revisions} in the file ({row.ours_check.redlines} in LibreOffice), "
            f"peer {row.peer_revisions} reported ({row.peer_check.redlines} in LibreOffice); "
            f"LibreOffice check {row.ours_check.seconds:.0f} s + {row.peer_check.seconds:.0f} s"
        )
        for who, found in (("styrdok", row.ours_check), ("python-redlines", row.peer_check)):
            if found.error is not None:
                lines.append(f"  {who}: {found.error}")
            for what, problem in found.problems.items():
                lines.append(f"  {who} {what}: {problem}")
        timings = (("styrdok docx", row.docx), ("styrdok table", row.table), ("peer", row.peer))
        for who, timing in timings:
            if timing.error is not None or timing.timed_out:
                lines.append(f"  {who} failed: {timing.error or 'timeout'}")
    return lines


def _installed(packages: tuple[str, ...]) -> tuple[str, ...]:
    found = []
    for package in packages:
        try:
            importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            continue
        found.append(package)
    return tuple(found)


# --- main -----------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description="Benchmark of styrdok's Word outputs.")
    parser.add_argument("--quick", action="store_true", help="small documents, one run each")
    args = parser.parse_args()
    repeats = 1 if args.quick else REPEATS
    if args.quick:
        sizes = [Size(5, 1_500, 30, 41), Size(10, 3_000, 40, 11)]
    else:
        sizes = [Size(30, 9_000, 90, 41), Size(100, 30_000, 300, 11)]

    info = measure.machine(("styrdok", *_installed(PEER_PACKAGES)))
    print(f"# styrdok Word outputs benchmark{' (--quick)' if args.quick else ''}\n")
    print("\n".join(measure.machine_lines(info)))
    peers = ", ".join(f"{p} {info[p]}" for p in PEER_PACKAGES if p in info) or "not installed"
    print(f"styrdok {info['styrdok']}; peer: {peers}; {info['git']}\n")

    import styrdok

    compileall.compile_dir(Path(styrdok.__file__).parent, quiet=1)
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="styrdok-bench-docx-") as tmp:
        office = None
        if unavailable_reason() is None:
            office = LibreOffice(Path(tmp) / "libreoffice", command_timeout=LO_TIMEOUT)
        try:
            if office is not None:
                office.start()
                info["libreoffice"] = office.version
            for size in sizes:
                where = Path(tmp) / f"{size.pages}-sidor"
                where.mkdir()
                rows.append(run_size(size, where, repeats, office))
        finally:
            if office is not None:
                office.close()

    print(table(rows))
    print()
    print(checks(rows))
    print(
        f"\n{repeats} runs each. ours: whole `styrdok diff` process; peer: the "
        "`DocxodusEngine.run_redline` call on the two clean `show --format docx` exports "
        "(Python start-up excluded); peak: RSS from GNU time (the peer's .NET process "
        "included); ratio: our median / peer median. LO check: accept all = clean new "
        "export and reject all = clean old export, by text and by layout (style, outline "
        "level, list level and label), as tests/test_redline_libreoffice.py compares them."
    )
    print("\n".join(details(rows)))

    info["loadavg_end"] = measure.loadavg()
    print(f"\nload average at end: {info['loadavg_end']}")
    results = {
        "machine": info,
        "quick": args.quick,
        "repeats": repeats,
        "target_ratio": TARGET_RATIO,
        "sizes": [row.data() for row in rows],
        "targets": [entry for row in rows for entry in row.target_entries()],
        "met": all(row.met for row in rows),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", "utf-8")
    print(f"\nSkrev {RESULTS.relative_to(ROOT.parent)}")
    failed = any(not row.docx.ok or not row.table.ok or not row.ours_check.passed for row in rows)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
