"""Benchmark of the diff engine, with the ``redlines`` package as a peer. A script, not a
test: it times, it does not assert (the sanity checks only make it exit with status 1).

    python bench/bench_diff.py            # or: make bench
    python bench/bench_diff.py --quick    # smaller documents, one run each

Cases (documents from ``gendoc.py``, committed twice to a real git repository):

A  ~30,000 words, 300 headings, 5 % word edits and a renumbered block: whole
   ``styrdok diff --format json`` and ``--format html`` processes (CLI start-up included).
B  100,000 words: parse both versions, compare and render JSON in-process (target < 1 s).
C  ~1.5 MB, 2,800 headings, about 5 changed sections: whole ``diff --format json``
   process (target about 1 s), and the same against ``git diff --no-index
   --word-diff=porcelain`` on the two versions exported to files (target ≤ 15× git).
D  ``styrdok --help`` alone against ``python -c pass`` with the same Python, the same
   number of runs (target < 0.1 s and ≤ 3× the peer).

Each row prints styrdok's time, its peer's from the same run, the ratio and the target.
Before timing, styrdok's modules are compiled to bytecode (``compileall``), as an
installed package has them: with ``PYTHONDONTWRITEBYTECODE`` set, a source checkout would
otherwise compile every module in every process.

Whole processes: wall time and peak RSS (GNU time's ``%M``, see ``run_process``), best
and median of 3. In-process: parse, compare and render timed apart (best and median of
3), then one more run under tracemalloc for the peak of Python allocations.

The output goes to a file in the temporary directory, not ``-o /dev/null``: styrdok
writes atomically (temporary file, then rename), which would replace the device node.
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import json
import os
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import gendoc
import measure
from measure import (
    DeadlineExpired,
    Timing,
    deadline,
    styrdok_command,
    time_processes,
    traced_peak,
)

ROOT = Path(__file__).resolve().parent
RESULTS = ROOT / "results" / "bench_diff.json"
REPEATS = 3
REDLINES_TIMEOUT = 120.0
PROCESS_TIMEOUT = 600.0

_REDLINES_WORKER = """
import sys
from redlines import Redlines
old = open(sys.argv[1], encoding="utf-8").read()
new = open(sys.argv[2], encoding="utf-8").read()
Redlines(old, new).output_markdown
"""


# --- styrdok and redlines ---------------------------------------------------------------


@dataclass
class Phases:
    """In-process styrdok timings: parse (both versions), compare, render JSON."""

    parse: Timing = field(default_factory=Timing)
    compare: Timing = field(default_factory=Timing)
    render: Timing = field(default_factory=Timing)
    total: Timing = field(default_factory=Timing)
    redlines_in_process: Timing | None = None  # the peer on the same texts
    redlines_process: Timing | None = None

    def summary(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            name: timing.summary()
            for name, timing in (
                ("parse", self.parse),
                ("compare", self.compare),
                ("render", self.render),
                ("total", self.total),
            )
        }
        for name, peer in (
            ("redlines_in_process", self.redlines_in_process),
            ("redlines_process", self.redlines_process),
        ):
            data[name] = peer.summary() if peer else None
        return data


def styrdok_in_process(old_text: str, new_text: str, repeats: int) -> tuple[Phases, str]:
    """Return the in-process timings of parse + compare + JSON render, and the JSON."""
    from styrdok.compare.engine import compare
    from styrdok.render.json import render
    from styrdok.text.markdown import parse

    phases = Phases()
    output = ""
    for _ in range(repeats):
        t0 = time.perf_counter()
        old, new = parse(old_text), parse(new_text)
        t1 = time.perf_counter()
        comparison = compare(old, new)
        t2 = time.perf_counter()
        output = render(comparison, "gällande", "förslag")
        t3 = time.perf_counter()
        phases.parse.seconds.append(t1 - t0)
        phases.compare.seconds.append(t2 - t1)
        phases.render.seconds.append(t3 - t2)
        phases.total.seconds.append(t3 - t0)
    phases.total.peak_mib.append(
        traced_peak(lambda: render(compare(parse(old_text), parse(new_text))))
    )
    return phases, output


def redlines_in_process(old_body: str, new_body: str, repeats: int) -> Timing:
    """Return the time of ``Redlines(old, new).output_markdown`` in this process; one more
    run under tracemalloc for the peak when the first took under 30 s."""
    from redlines import Redlines

    timing = Timing()
    try:
        with deadline(REDLINES_TIMEOUT):
            for k in range(repeats):
                start = time.perf_counter()
                _output = Redlines(old_body, new_body).output_markdown
                timing.seconds.append(time.perf_counter() - start)
                if k == 0 and timing.seconds[0] > 10:
                    break  # slow enough that one run says it
        if timing.seconds[0] < 30:
            with deadline(REDLINES_TIMEOUT * 3):  # tracemalloc slows it down
                timing.peak_mib.append(
                    traced_peak(lambda: Redlines(old_body, new_body).output_markdown)
                )
    except DeadlineExpired:
        timing.timed_out = not timing.seconds  # a slow tracemalloc run only loses the peak
    return timing


def redlines_process(old_file: Path, new_file: Path, repeats: int) -> Timing:
    """Return the whole-process time and peak RSS of redlines on two files."""
    argv = [sys.executable, "-c", _REDLINES_WORKER, str(old_file), str(new_file)]
    first = time_processes(argv, 1, REDLINES_TIMEOUT)
    if not first.ok or first.best > 10:
        return first
    more = time_processes(argv, repeats - 1, REDLINES_TIMEOUT)
    first.seconds += more.seconds
    first.peak_mib += more.peak_mib
    first.timed_out, first.error = more.timed_out, more.error
    return first


# --- cases ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Spec:
    """A generated document pair: size, edits and what the comparison must report."""

    words: int
    headings: int
    seed: int
    revise: dict[str, Any]


@dataclass
class Prepared:
    """A document pair written to disk and to a git repository."""

    spec: Spec
    repo: Path
    old_text: str
    new_text: str
    old_body: Path
    new_body: Path
    revision: gendoc.Revision
    words: int
    headings: int
    size_bytes: int


def prepare(spec: Spec, where: Path) -> Prepared:
    """Generate the pair, commit it to a repository under ``where`` and write the bodies."""
    old = gendoc.generate(spec.words, spec.headings, spec.seed)
    revision = gendoc.revise(old, seed=spec.seed + 1, **spec.revise)
    path = gendoc.write_repo(where / "repo", old, revision.document)
    old_body, new_body = where / "old-body.md", where / "new-body.md"
    old_body.write_text(gendoc.body_markdown(old), encoding="utf-8")
    new_body.write_text(gendoc.body_markdown(revision.document), encoding="utf-8")
    new_text = path.read_text(encoding="utf-8")
    return Prepared(
        spec,
        where / "repo",
        gendoc.to_markdown(old),
        new_text,
        old_body,
        new_body,
        revision,
        gendoc.count_words(gendoc.body_markdown(old)),
        old.headings,
        len(gendoc.to_markdown(old).encode("utf-8")),
    )


@dataclass
class Row:
    """One line of the result table."""

    case: str
    description: str
    words: int | None
    headings: int | None
    size_bytes: int | None
    styrdok: Timing
    redlines: Timing | None
    target_s: float | None = None
    target_text: str = "—"
    kind: str = "process"  # or "in-process"
    command: list[str] = field(default_factory=list)
    peer_name: str = "redlines"
    # Peers slower than styrdok (redlines): ratio = peer / styrdok. Peers that styrdok
    # is measured against as a multiple (git diff, python -c pass): styrdok / peer.
    ratio_over_peer: bool = False
    max_ratio: float | None = None  # with ratio_over_peer: styrdok at most this × peer

    @property
    def met(self) -> bool | None:
        if self.target_s is None and self.max_ratio is None or not self.styrdok.ok:
            return None
        met = self.target_s is None or self.styrdok.median <= self.target_s
        if self.max_ratio is not None:
            if self.redlines is None or not self.redlines.ok:
                return None
            met = met and self.styrdok.median / self.redlines.median <= self.max_ratio
        return met

    @property
    def ratio(self) -> str:
        if self.redlines is None or not self.styrdok.ok:
            return "—"
        if self.redlines.timed_out:
            return f"> {REDLINES_TIMEOUT / self.styrdok.median:.0f}×"
        if not self.redlines.ok:
            return "n/a"
        if self.ratio_over_peer:
            return f"{self.styrdok.median / self.redlines.median:.1f}× {self.peer_name.split()[0]}"
        return f"{self.redlines.median / self.styrdok.median:.1f}×"

    def target_entry(self) -> dict[str, Any]:
        """Return this row for issue 16's table (``measure.target_row``)."""
        peer = self.redlines
        work = f"{self.case}: {self.description}"
        if self.words:
            words = f"{self.words:,}".replace(",", " ")
            work += f", {words} words"
        return measure.target_row(
            work,
            self.styrdok.median if self.styrdok.ok else None,
            self.peer_name,
            peer.median if peer is not None and peer.ok else None,
            self.target_text,
            self.met,
        )

    def data(self) -> dict[str, Any]:
        return {
            "case": self.case,
            "description": self.description,
            "kind": self.kind,
            "command": self.command,
            "words": self.words,
            "headings": self.headings,
            "bytes": self.size_bytes,
            "styrdok": self.styrdok.summary(),
            "peer": self.peer_name,
            "redlines": self.redlines.summary() if self.redlines else None,
            "ratio": self.ratio,
            "ratio_is_styrdok_over_peer": self.ratio_over_peer,
            "max_ratio": self.max_ratio,
            "target_s": self.target_s,
            "met": self.met,
        }


def _sanity_json(text: str, prepared: Prepared) -> list[str]:
    """Return problems with styrdok's JSON against what the generator changed."""
    data = json.loads(text)
    statuses = [s["status"] for s in data["sections"]]
    revision = prepared.revision
    problems = []
    renumbered = statuses.count("renumbered")
    if renumbered != revision.renumbered:
        problems.append(f"omnumrerade: styrdok {renumbered}, genererade {revision.renumbered}")
    added = statuses.count("added")
    if added != revision.inserted:
        problems.append(f"nya: styrdok {added}, genererade {revision.inserted}")
    for status in ("moved", "removed"):
        if status in statuses:
            problems.append(f"{statuses.count(status)} avsnitt med status {status}")
    betecknas = "betecknas" in data["summary"]
    if betecknas != (revision.renumbered > 0):
        problems.append(f"ändringsraden {'saknar' if revision.renumbered else 'har'} 'betecknas'")
    if not prepared.spec.revise.get("renumber", True):
        changed = len(statuses) - statuses.count("unchanged")
        expected = revision.edited_sections + revision.changed_headings
        if changed != expected:
            problems.append(f"ändrade avsnitt: styrdok {changed}, genererade {expected}")
    return problems


def _git_row(
    prepared: Prepared,
    where: Path,
    size: tuple[int, int, int],
    timing: Timing,
    argv: list[str],
    repeats: int,
) -> Row:
    """Return case C against ``git diff --no-index --word-diff=porcelain`` on the two
    versions exported to files (the same texts styrdok reads from the repository)."""
    old_file, new_file = where / "old.md", where / "new.md"
    old_file.write_text(prepared.old_text, encoding="utf-8")
    new_file.write_text(prepared.new_text, encoding="utf-8")
    git = ["git", "diff", "--no-index", "--word-diff=porcelain", str(old_file), str(new_file)]
    peer = time_processes(git, repeats, PROCESS_TIMEOUT, ok_codes=(0, 1))
    row = Row("C", "diff --format json vs git diff", *size, timing, peer)
    row.command, row.peer_name, row.ratio_over_peer = argv, "git", True
    row.max_ratio, row.target_text = 15.0, "≤ 15× git"
    return row


def _help_row(styrdok: list[str], repeats: int) -> Row:
    """Return ``styrdok --help`` against ``python -c pass`` (the same Python, as many
    runs, alternating so that both see the same load)."""
    argv = [*styrdok, "--help"]
    ours, peer = Timing(), Timing()
    for _ in range(repeats):
        for timing, command in ((peer, [sys.executable, "-c", "pass"]), (ours, argv)):
            one = time_processes(command, 1, 60)
            timing.seconds += one.seconds
            timing.peak_mib += one.peak_mib
            timing.error = timing.error or one.error
    row = Row("D", "styrdok --help", None, None, None, ours, peer)
    row.command, row.peer_name, row.ratio_over_peer = argv, "python -c pass", True
    row.target_s, row.max_ratio, row.target_text = 0.1, 3.0, "< 0.1 s, ≤ 3× python"
    return row


# --- output -----------------------------------------------------------------------------


def _seconds(timing: Timing | None) -> str:
    if timing is None:
        return "—"
    if timing.timed_out:
        return f"> {REDLINES_TIMEOUT:.0f} s"
    if not timing.ok:
        return "n/a"
    if len(timing.seconds) == 1:
        return f"{timing.best:.3f} s"
    return f"{timing.best:.3f} / {timing.median:.3f} s"


def _mib(timing: Timing | None) -> str:
    if timing is None:
        return "—"
    return f"{timing.peak:.0f}" if timing.peak is not None and timing.ok else "n/a"


def _size(row: Row) -> str:
    if row.words is None or row.size_bytes is None:
        return "—"
    words = f"{row.words:,}".replace(",", " ")
    return f"{words} w, {row.headings} h, {row.size_bytes / 1e6:.2f} MB"


def table(rows: list[Row]) -> str:
    head = [
        "case",
        "size (words, headings, bytes)",
        "styrdok time (best / median)",
        "styrdok peak MiB",
        "peer",
        "peer time",
        "peer peak MiB",
        "ratio",
        "target",
        "met",
    ]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    for row in rows:
        met = {None: "—", True: "ja", False: "nej"}[row.met]
        cells = [
            f"{row.case} {row.description}",
            _size(row),
            _seconds(row.styrdok),
            _mib(row.styrdok),
            row.peer_name if row.redlines is not None else "—",
            _seconds(row.redlines),
            _mib(row.redlines),
            row.ratio,
            row.target_text,
            met,
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def phase_table(phases: dict[str, Phases]) -> str:
    lines = [
        "| case | parse (both) | compare | render JSON | total | tracemalloc peak MiB "
        "| redlines in-process | redlines tracemalloc MiB | redlines process | ratio |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for case, p in phases.items():
        cells = [_seconds(t) for t in (p.parse, p.compare, p.render, p.total)]
        cells.append(_mib(p.total))
        peer = p.redlines_in_process
        cells += [_seconds(peer), _mib(peer), _seconds(p.redlines_process)]
        if peer is not None and peer.timed_out:
            cells.append(f"> {REDLINES_TIMEOUT / p.total.median:.0f}×")
        elif peer is not None and peer.ok:
            cells.append(f"{peer.median / p.total.median:.1f}×")
        else:
            cells.append("n/a")
        lines.append(f"| {case} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def machine() -> dict[str, Any]:
    return measure.machine(("styrdok", "redlines"))


# --- main -------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description="Benchmark of styrdok's diff engine.")
    parser.add_argument("--quick", action="store_true", help="small documents, one run each")
    parser.add_argument(
        "--cases", default="ABCD", help="the cases to run, e.g. BCD (default: ABCD)"
    )
    args = parser.parse_args()
    scale, repeats = (0.1, 1) if args.quick else (1.0, REPEATS)
    cases = set(args.cases.upper())
    found = importlib.util.find_spec("styrdok")
    if found is not None and found.origin:
        compileall.compile_dir(Path(found.origin).parent, quiet=1)  # as installed: bytecode

    info = machine()
    print(f"# styrdok diff benchmark{' (--quick)' if args.quick else ''}\n")
    print(
        f"machine: nproc {info['nproc']} ({info['cpu'] or 'okänd cpu'}), "
        f"Python {info['python']} ({info['implementation']}), {info['platform']}"
    )
    print(f"styrdok {info['styrdok']}, redlines {info['redlines']}, {info['git']}")
    print(f"peak RSS of processes from: {info['rss_source']}")
    print(f"load average at start: {info['loadavg_start']} (other work on the machine skews)\n")

    styrdok = styrdok_command()
    html_available = importlib.util.find_spec("styrdok.render.html") is not None
    specs = {
        "A": Spec(int(30_000 * scale), max(40, int(300 * scale)), 11, {}),
        "B": Spec(int(100_000 * scale), max(60, int(1_000 * scale)), 21, {}),
        # ~1.5 MB at ~10.3 bytes a word; edits in 5 sections only.
        "C": Spec(
            int(146_000 * scale),
            max(200, int(2_800 * scale)),
            31,
            {"edit_sections": 5, "renumber": False, "changed_headings": 0},
        ),
    }
    rows: list[Row] = []
    phases: dict[str, Phases] = {}
    problems: dict[str, list[str]] = {}
    with tempfile.TemporaryDirectory(prefix="styrdok-bench-") as tmp:
        for case, spec in specs.items():
            if case not in cases:
                continue
            where = Path(tmp) / case
            where.mkdir()
            prepared = prepare(spec, where)
            revision = prepared.revision
            print(
                f"{case}: {prepared.words} ord, {prepared.headings} rubriker, "
                f"{prepared.size_bytes} byte; {revision.word_edits} ordändringar i "
                f"{revision.edited_sections} avsnitt, {revision.renumbered} omnumrerade, "
                f"{revision.changed_headings} ändrade rubriker",
                file=sys.stderr,
                flush=True,
            )
            size = (prepared.words, prepared.headings, prepared.size_bytes)
            diff = [*styrdok, "--repo", str(prepared.repo), "diff", gendoc.DOC_NAME]
            diff += ["HEAD~1", "HEAD"]

            in_process, output = styrdok_in_process(prepared.old_text, prepared.new_text, repeats)
            phases[case] = in_process
            problems[f"{case} in-process"] = _sanity_json(output, prepared)
            in_process.redlines_process = redlines_process(
                prepared.old_body, prepared.new_body, repeats
            )
            if in_process.redlines_process.timed_out:
                in_process.redlines_in_process = Timing(timed_out=True)  # no second wait
            else:
                in_process.redlines_in_process = redlines_in_process(
                    prepared.old_body.read_text(encoding="utf-8"),
                    prepared.new_body.read_text(encoding="utf-8"),
                    repeats,
                )

            if case == "B":
                description = "in-process parse + compare + JSON"
                peer = in_process.redlines_in_process
                total = in_process.total
                rows.append(Row(case, description, *size, total, peer, 1.0, "< 1 s", "in-process"))
                continue
            formats = ["json", "html"] if case == "A" else ["json"]
            for fmt in formats:
                out = where / f"diff.{fmt}"
                argv = [*diff, "--format", fmt, "-o", str(out)]
                if fmt == "html" and not html_available:
                    timing = Timing(error="styrdok.render.html finns inte ännu")
                else:
                    timing = time_processes(argv, repeats, PROCESS_TIMEOUT)
                row = Row(case, f"diff --format {fmt}", *size, timing, in_process.redlines_process)
                row.command = argv
                if case == "C":
                    row.target_s, row.target_text = 1.0, "≈ 1 s"
                rows.append(row)
                if case == "C":
                    rows.append(_git_row(prepared, where, size, timing, argv, repeats))
                if fmt == "json":
                    problems[f"{case} process"] = (
                        _sanity_json(out.read_text("utf-8"), prepared)
                        if timing.ok
                        else [f"styrdok misslyckades: {timing.error}"]
                    )

        if "D" in cases:
            rows.append(_help_row(styrdok, 1 if args.quick else 5))

    print(table(rows))
    print(
        "\nstyrdok peak: peak RSS of the whole process (A, C, D); tracemalloc peak of Python "
        "allocations (B). redlines: the same body texts without front matter, "
        "`Redlines(old, new).output_markdown`, as a whole process (A, C) or in-process (B); "
        "ratio = redlines median / styrdok median. git: `git diff --no-index "
        "--word-diff=porcelain` on the two versions as files; python: `python -c pass`; "
        "ratio = styrdok median / peer median (× git, × python). met: styrdok median "
        "against the target."
    )
    print("\nIn-process styrdok (parse both versions, compare, render JSON) and redlines:\n")
    print(phase_table(phases))
    failed = {k: v for k, v in problems.items() if v}
    print("\nKontroll av jämförelsen (ej tidtagen):")
    for name, found in problems.items():
        print(f"  {name}: {'ok' if not found else '; '.join(found)}")

    info["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
    print(f"\nload average at end: {info['loadavg_end']}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    results = {
        "machine": info,
        "quick": args.quick,
        "repeats": repeats,
        "redlines_timeout_s": REDLINES_TIMEOUT,
        "rows": [row.data() for row in rows],
        "targets": [
            row.target_entry()
            for row in rows
            if row.kind == "in-process" or row.peer_name != "redlines"
        ],
        "in_process": {case: p.summary() for case, p in phases.items()},
        "sanity": problems,
    }
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", "utf-8")
    print(f"\nSkrev {RESULTS.relative_to(ROOT.parent)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
