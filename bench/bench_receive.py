"""Benchmark of ``styrdok remiss receive`` on one filled form from each of 290 recipients.
A script, not a test: it times, it does not assert (failed checks only make it exit 1).

    python bench/bench_receive.py            # 290 forms, 3 runs
    python bench/bench_receive.py --quick    # small documents, 20 forms, 1 run
    python bench/bench_receive.py --loop     # also one process per form
    python bench/bench_receive.py --fixture /tmp/fx   # build the fixture once, reuse it

The fixture is ``bench_package.py``'s: a repository with three ~9,000-word documents and
a round to 290 generated municipalities, packaged once with ``styrdok remiss package``
(not timed); with ``--fixture DIR`` it is built there once and reused. Each
recipient's ``svarsmall.docx`` is filled in with python-docx, as a respondent would in
Word: a stance and a comment in the first rows of every document's table, a general
view, and who decided the answer.

Timed:

- one whole ``styrdok remiss receive ID f1 … f290 --received 2024-05-08`` process, on a
  fresh copy of the repository each run (best and median of 3; peak RSS from GNU time);
  target (issue): under 10 s for all 290. With ``--loop``, also one process per form,
  once;
- in this process: ``docx.Document(BytesIO(data))`` on each of the 290 files (what
  merely opening them costs), and styrdok's reading of each file without registering it
  (``receive.check_file``: intake gate, identification, reading); best and median of 3,
  then one more pass under tracemalloc for the peak.

The issue's target is a ratio: the one receive process at most ``TARGET_RATIO`` times
python-docx opening the same files in this process (the peer, measured in the same run);
the last table gives ours, the peer, the ratio and the target side by side.

Then one more receive, under cProfile (not timed), whose top functions are printed.
Checked, not timed: one registered answer and one commit per recipient, the stored file
byte-identical to the one sent, and the stances, comments, general view and particulars
read back as written.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import io
import itertools
import json
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import measure
from bench_package import RECIPIENTS, Fixture, Municipality, build_fixture
from measure import (
    Timing,
    mib_text,
    run_process,
    seconds_text,
    styrdok_command,
    time_processes,
    traced_peak,
)

ROOT = Path(__file__).resolve().parent
RESULTS = ROOT / "results" / "bench_receive.json"
REPEATS = 3
PROCESS_TIMEOUT = 600.0
LOOP_TIMEOUT = 120.0
TARGET_SECONDS = 10.0
TARGET_RATIO = 1.5  # issue 16: receive of 290 forms at most 1.5× python-docx opening them
FIXTURE_FILE = "fixture.json"
RECEIVED = "2024-05-08"
ROWS_FILLED = 3  # per document table
DECIDED_LABEL = "Beslut"  # the form's table of particulars: the row of the decision
DECIDED = "Kommunstyrelsen 2024-04-22, § 57"
STANCES = ("avstyrker", "tillstyrker", "synpunkter", "ingen erinran")
COMMENTS = (
    "Kommunen anser att ansvarsfördelningen mellan direktionen och förbundschefen bör förtydligas.",
    "Ändringen är rimlig men bör träda i kraft först vid årsskiftet.",
    "Vi saknar en konsekvensanalys av kostnadsfördelningen för de mindre medlemmarna.",
    "Formuleringen bör samordnas med kommunens egna riktlinjer för arkivering.",
)
PROFILE_TOP = 15
T = TypeVar("T")
BREAKDOWN = (  # steps of a receive run, by the end of their profile location
    ("receive()", "(receive)"),
    ("check_file (gate, identify, read)", "(check_file)"),
    ("intake.inspect", "(inspect)"),
    ("answer_read.identify", "(identify)"),
    ("answer_read.read_answer", "(read_answer)"),
    ("_register (write, commit)", "(_register)"),
    ("GitRepo.commit", "(commit)"),
)

# --- filling the forms ------------------------------------------------------------------


@dataclass
class Filled:
    """What one respondent wrote in the form, to compare with what styrdok reads."""

    recipient: Municipality
    path: Path
    rows: list[tuple[str, str, str]] = field(default_factory=list)  # section, stance, comment
    general: str = ""


def fill_form(data: bytes, index: int, m: Municipality, path: Path) -> Filled:
    """Fill in a svarsmall.docx with python-docx, write it to ``path`` and return what
    was written: stances and comments in the first rows of each document's table, a
    general view in the box, and who decided the answer."""
    import docx
    from docx.oxml.ns import qn

    from styrdok.remiss.package import SECTIONS_PROPERTY
    from styrdok.word.package import custom_properties

    # The section each row stands for, by the bookmark in its first cell.
    listed = json.loads(custom_properties(data)[SECTIONS_PROPERTY])
    sections = {item["bokmärke"]: item.get("nyckel") or item["avsnitt"] for item in listed}
    document = docx.Document(io.BytesIO(data))
    filled = Filled(m, path)
    tables = document.tables
    for table in tables[:-1]:  # one per document, the particulars; the last: general views
        header = [cell.text.strip().lower() for cell in table.rows[0].cells]
        if "ställningstagande" not in header:
            for row in table.rows:  # the particulars: label, value
                if row.cells[0].text.startswith(DECIDED_LABEL):
                    row.cells[1].paragraphs[0].add_run(DECIDED)
            continue
        stance_col = header.index("ställningstagande")
        comment_col = header.index("kommentar")
        for k, row in enumerate(table.rows[1 : 1 + ROWS_FILLED]):
            n = index + k + len(filled.rows)
            stance, comment = STANCES[n % len(STANCES)], COMMENTS[n % len(COMMENTS)]
            cells = row.cells
            cells[stance_col].paragraphs[0].add_run(stance)
            cells[comment_col].paragraphs[0].add_run(comment)
            marks = cells[0]._tc.iter(qn("w:bookmarkStart"))
            section = next(sections[b.get(qn("w:name"))] for b in marks)
            filled.rows.append((section, stance, comment))
    filled.general = (
        f"{m.name} ställer sig i huvudsak bakom förslagen men vill se en tydligare "
        "ekonomisk redovisning inför beslutet i fullmäktige."
    )
    tables[-1].rows[0].cells[0].paragraphs[0].add_run(filled.general)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return filled


# --- checks -----------------------------------------------------------------------------


def check_registered(repo: Path, base: str, round_id: str, filled: Sequence[Filled]) -> list[str]:
    """Return problems with what ``receive`` registered in ``repo`` since ``base``."""
    from styrdok.answers.read import from_data
    from styrdok.core.yamlfile import read_mapping
    from styrdok.remiss.register import registered
    from styrdok.remiss.rounds import recipient_dir

    problems: list[str] = []
    commits = subprocess.run(
        ["git", "rev-list", "--count", f"{base}..HEAD"],
        cwd=repo, capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    if commits != str(len(filled)):
        problems.append(f"{commits} commits, väntade {len(filled)}")
    for item in filled:
        rid = item.recipient.id
        answers = registered(repo, round_id, rid)
        if len(answers) != 1:
            problems.append(f"{rid}: {len(answers)} registrerade svar")
            continue
        answer = answers[0]
        folder = recipient_dir(repo, round_id, rid)
        sent = item.path.read_bytes()
        if (folder / answer.file).read_bytes() != sent:
            problems.append(f"{rid}: den sparade filen skiljer sig från den inskickade")
        if answer.sha256 != hashlib.sha256(sent).hexdigest():
            problems.append(f"{rid}: fel sha256 i registret")
        if answer.kind != "svarsmall" or answer.late or answer.supplement:
            problems.append(
                f"{rid}: typ {answer.kind!r}, sent {answer.late}, komplettering {answer.supplement}"
            )
        content = from_data(read_mapping(folder / answer.record, repo))
        read = [(v.section, v.stance or "", v.comment) for v in content.views]
        if read != item.rows:
            problems.append(f"{rid}: läste {read[:2]} …, skrev {item.rows[:2]} …")
        if [g.text for g in content.general] != [item.general]:
            problems.append(f"{rid}: allmänna synpunkter {[g.text for g in content.general]}")
        if (DECIDED_LABEL, DECIDED) not in content.details:
            problems.append(f"{rid}: uppgifter {content.details}")
        if content.needs_manual_reading:
            problems.append(f"{rid}: markerad för manuell läsning")
    if len(problems) > 3:
        problems = [*problems[:3], f"… och {len(problems) - 3} till"]
    return [p if len(p) < 400 else p[:400] + " …" for p in problems]


# --- in-process timings -----------------------------------------------------------------


def time_passes(work: Callable[[T], object], items: Sequence[T], repeats: int) -> Timing:
    """Return the total time of ``work`` over all ``items``, ``repeats`` passes, and the
    tracemalloc peak of one more pass (one item's work at a time: results are dropped)."""
    timing = Timing()
    for _ in range(repeats):
        total = 0.0
        for item in items:
            start = time.perf_counter()
            work(item)
            total += time.perf_counter() - start
        timing.seconds.append(total)

    def one_pass() -> None:
        for item in items:
            work(item)  # the result is dropped, as receive drops a file it has registered

    timing.peak_mib.append(traced_peak(one_pass))
    return timing


def styrdok_reader(repo: Path, round_id: str) -> Callable[[Path], object]:
    """Return a function that reads one file as ``receive`` does before registering it:
    intake gate, identification and reading (``receive.check_file``), with the sections
    of the documents looked up once, as ``receive`` does."""
    from styrdok.answers.receive import check_file, section_refs
    from styrdok.remiss.rounds import load_round, round_recipients
    from styrdok.store.git import GitRepo
    from styrdok.store.settings import load_settings

    settings = load_settings(repo)
    r = load_round(repo, round_id)
    recipients = {rec.id: rec for rec in round_recipients(repo, r)}
    refs = section_refs(GitRepo.find(repo), r)

    def read(path: Path) -> object:
        return check_file(repo, settings, r, recipients, path, None, refs)

    return read


# --- profile ----------------------------------------------------------------------------


def profile_receive(argv: list[str], where: Path) -> tuple[list[dict[str, Any]], list[str]]:
    """Run ``argv`` (a styrdok command) under cProfile; return the top functions by
    cumulative time and by own time, as rows for the results and lines to print."""
    stats_file = where / "receive.prof"
    command = [sys.executable, "-m", "cProfile", "-o", str(stats_file), *argv]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0 or not stats_file.exists():
        return [], [f"cProfile-körningen misslyckades: {done.stderr.strip()[-300:]}"]
    stats = pstats.Stats(str(stats_file))
    table: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    total = stats.total_tt  # type: ignore[attr-defined]
    rows = []
    for (filename, line, function), (cc, nc, tt, ct, _callers) in table.items():
        calls = f"{nc}/{cc}" if nc != cc else str(nc)
        rows.append(
            {"function": _where(filename, line, function), "ncalls": calls, "tottime_s": tt,
             "cumtime_s": ct}
        )  # fmt: skip
    lines = [f"cProfile: {total:.2f} s in all (profiling slows it down)", ""]
    parts = []
    for label, suffix in BREAKDOWN:
        found = [row for row in rows if str(row["function"]).endswith(suffix)]
        if found:
            cumulative = max(float(row["cumtime_s"]) for row in found)
            parts.append(f"{label} {cumulative:.2f} s ({cumulative / total:.0%})")
    lines += ["Cumulative time of the steps: " + "; ".join(parts) + ".", ""]
    out: list[dict[str, Any]] = []
    for key, title in (("cumtime_s", "cumulative"), ("tottime_s", "own (tottime)")):
        top = sorted(rows, key=lambda row: -float(row[key]))[:PROFILE_TOP]
        lines += [
            f"Top {PROFILE_TOP} by {title} time:",
            "",
            "| cumtime s | tottime s | ncalls | function |",
            "|---:|---:|---:|---|",
        ]
        lines += [
            f"| {row['cumtime_s']:.3f} | {row['tottime_s']:.3f} | {row['ncalls']} | "
            f"`{row['function']}` |"
            for row in top
        ]
        lines.append("")
        out += [{"by": title, **row} for row in top]
    return out, lines


def _where(filename: str, line: int, function: str) -> str:
    """Return a short location: ``styrdok/receive.py:70(check_file)``."""
    for marker in ("/site-packages/", "/src/", "/lib/python3"):
        if marker in filename:
            filename = filename.split(marker, 1)[1]
            break
    return f"{filename}:{line}({function})" if filename != "~" else function


# --- output -----------------------------------------------------------------------------


@dataclass
class Row:
    """One line of the table: a measurement over all files."""

    name: str
    timing: Timing
    files: int
    target_s: float | None = None

    @property
    def per_file_ms(self) -> float | None:
        return self.timing.median / self.files * 1000 if self.timing.ok else None

    @property
    def met(self) -> bool | None:
        if self.target_s is None or not self.timing.ok:
            return None
        return self.timing.median < self.target_s

    def data(self, reference: Row) -> dict[str, Any]:
        return {
            "name": self.name,
            "files": self.files,
            "timing": self.timing.summary(),
            "per_file_ms_median": _round(self.per_file_ms),
            "ratio_to_python_docx_open": _round(self.ratio(reference)),
            "target_s": self.target_s,
            "met": self.met,
        }

    def ratio(self, reference: Row) -> float | None:
        if not (self.timing.ok and reference.timing.ok):
            return None
        return self.timing.median / reference.timing.median


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def table(rows: list[Row], reference: Row) -> str:
    head = [
        "measure",
        "files",
        "total (best / median)",
        "per file (median)",
        "peak MiB",
        "ratio to python-docx open",
        "target",
        "met",
    ]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    for row in rows:
        ratio = row.ratio(reference)
        cells = [
            row.name,
            str(row.files),
            seconds_text(row.timing, PROCESS_TIMEOUT),
            f"{row.per_file_ms:.1f} ms" if row.per_file_ms is not None else "n/a",
            mib_text(row.timing),
            f"{ratio:.1f}×" if ratio is not None else "n/a",
            f"< {row.target_s:.0f} s" if row.target_s is not None else "—",
            {None: "—", True: "ja", False: "nej"}[row.met],
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def target_table(ours: Row, peer: Row) -> str:
    """Return the issue's measure in one table: our receive process, the peer (python-docx
    opening the same files, same run), the ratio of the medians and the target."""
    ratio = ours.ratio(peer)
    met = {None: "—", True: "ja", False: "nej"}[None if ratio is None else ratio <= TARGET_RATIO]
    head = ["ours (receive, one process)", "peer (python-docx open)", "ratio", "target", "met"]
    cells = [
        seconds_text(ours.timing, PROCESS_TIMEOUT),
        seconds_text(peer.timing, PROCESS_TIMEOUT),
        f"{ratio:.2f}×" if ratio is not None else "n/a",
        f"≤ {TARGET_RATIO:.1f}×",
        met,
    ]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    return "\n".join([*lines, "| " + " | ".join(cells) + " |"])


# --- main -------------------------------------------------------------------------------


def target_entry(ours: Row, peer: Row, count: int) -> dict[str, Any]:
    """Return this script's row of issue 16's table (``measure.target_row``)."""
    ratio = ours.ratio(peer)
    return measure.target_row(
        f"`remiss receive` of {count} filled svarsmallar, one process",
        ours.timing.median if ours.timing.ok else None,
        "python-docx `Document()` on the same files",
        peer.timing.median if peer.timing.ok else None,
        f"≤ {TARGET_RATIO:g}× the peer",
        None if ratio is None else ratio <= TARGET_RATIO,
    )


def fresh_copy(pristine: Path, target: Path) -> Callable[[], None]:
    """Return a function that puts a new copy of ``pristine`` at ``target`` (untimed),
    the previous copy moved aside, not deleted: ext4 passes over inodes freed in the
    last minutes when it allocates new ones, so deleting the previous run's repository
    just before a timed run would make that run pay for the clean-up. The copies go
    with the temporary folder at the end."""

    def copy() -> None:
        if target.exists():
            aside = next(
                moved
                for n in itertools.count(1)
                if not (moved := target.with_name(f"{target.name}-{n}")).exists()
            )
            target.rename(aside)
        shutil.copytree(pristine, target, symlinks=True)

    return copy


def loop_receive(argv_for: Callable[[Path], list[str]], paths: list[Path]) -> Timing:
    """Return one process per file, run once each: the summed time and the largest peak."""
    total = Timing(seconds=[0.0])
    for path in paths:
        run = run_process(argv_for(path), LOOP_TIMEOUT)
        if run.timed_out or run.returncode != 0:
            total.timed_out = run.timed_out
            total.error = run.stderr.splitlines()[-1] if run.stderr else str(run.returncode)
            return total
        total.seconds[0] += run.seconds
        total.peak_mib.append(run.peak_mib)
    total.peak_mib = [max(total.peak_mib)] if total.peak_mib else []
    return total


def prepare(tmp: Path, count: int, words: int, headings: int) -> tuple[Fixture, list[Filled]]:
    """Build the fixture, package the round once and fill in every recipient's form."""
    if (saved := tmp / FIXTURE_FILE).is_file():
        return load_fixture(saved, {"count": count, "words": words, "headings": headings})
    tmp.mkdir(parents=True, exist_ok=True)
    if any(tmp.iterdir()):
        raise SystemExit(f"{tmp} är inte tom och har ingen {FIXTURE_FILE}")
    fixture = build_fixture(tmp, (count,), words, headings)
    round_id = fixture.rounds[count]
    packages = tmp / "paket"
    argv = [*styrdok_command(), "--repo", str(fixture.repo), "remiss", "package", round_id]
    done = subprocess.run([*argv, "-o", str(packages)], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"remiss package misslyckades: {done.stderr.strip()}")
    filled = []
    for index, m in enumerate(fixture.recipients[:count]):
        form = (packages / m.id / "svarsmall.docx").read_bytes()
        filled.append(fill_form(form, index, m, tmp / "ifyllda" / m.id / "svarsmall.docx"))
    size = {"count": count, "words": words, "headings": headings}
    save_fixture(tmp / FIXTURE_FILE, size, fixture, filled)
    return fixture, filled


def save_fixture(saved: Path, size: dict[str, int], fixture: Fixture, filled: list[Filled]) -> None:
    """Write what :func:`load_fixture` needs to reuse a built fixture."""
    data = {
        "size": size,
        "repo": str(fixture.repo),
        "recipients": [[m.id, m.place] for m in fixture.recipients],
        "rounds": {str(k): v for k, v in fixture.rounds.items()},
        "words": fixture.words,
        "headings": fixture.headings,
        "form_rows": fixture.form_rows,
        "filled": [
            {"recipient": f.recipient.id, "path": str(f.path), "rows": f.rows,
             "general": f.general}
            for f in filled
        ],
    }  # fmt: skip
    saved.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def load_fixture(saved: Path, size: dict[str, int]) -> tuple[Fixture, list[Filled]]:
    """Return the fixture a previous run built and saved in ``saved``."""
    data = json.loads(saved.read_text(encoding="utf-8"))
    if data.get("size") != size:
        raise SystemExit(f"{saved.parent} har en fixtur av annan storlek ({data.get('size')})")
    print(f"använder den sparade fixturen i {saved.parent}", file=sys.stderr, flush=True)
    recipients = [Municipality(rid, place) for rid, place in data["recipients"]]
    by_id = {m.id: m for m in recipients}
    rounds = {int(k): str(v) for k, v in data["rounds"].items()}
    fixture = Fixture(Path(data["repo"]), recipients, rounds, data["words"], data["headings"])
    fixture.form_rows = int(data["form_rows"])
    filled = [
        Filled(by_id[f["recipient"]], Path(f["path"]), [tuple(r) for r in f["rows"]], f["general"])
        for f in data["filled"]
    ]
    return fixture, filled


def main() -> int:
    parser = argparse.ArgumentParser(description="Benchmark of styrdok remiss receive.")
    parser.add_argument("--quick", action="store_true", help="small documents, 20 forms, 1 run")
    parser.add_argument("--loop", action="store_true", help="also one process per form")
    parser.add_argument("--fixture", type=Path, help="keep the built fixture here and reuse it")
    args = parser.parse_args()
    count = 20 if args.quick else RECIPIENTS
    words, headings = (1_500, 30) if args.quick else (9_000, 90)
    repeats = 1 if args.quick else REPEATS

    info = measure.machine(("styrdok", "python-docx"))
    print(f"# styrdok remiss receive benchmark{' (--quick)' if args.quick else ''}\n")
    print("\n".join(measure.machine_lines(info)))
    print(f"styrdok {info['styrdok']}, python-docx {info['python-docx']}, {info['git']}\n")

    results: dict[str, Any] = {"machine": info, "quick": args.quick, "repeats": repeats}
    with tempfile.TemporaryDirectory(prefix="styrdok-bench-receive-") as name:
        tmp = Path(name)
        print("bygger arkiv, paket och ifyllda svarsmallar …", file=sys.stderr, flush=True)
        fixture, filled = prepare(args.fixture or tmp / "fixtur", count, words, headings)
        round_id = fixture.rounds[count]
        paths = [item.path for item in filled]
        sizes = [p.stat().st_size for p in paths]
        base = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=fixture.repo, capture_output=True, text=True
        ).stdout.strip()
        print(
            f"fixture: {count} ifyllda svarsmallar, {sum(sizes) / len(sizes) / 1000:.0f} kB "
            f"var i snitt; {len(filled[0].rows)} ställningstaganden, en allmän synpunkt och "
            f"beslutsuppgift i varje; {fixture.form_rows} rader i svarsmallen\n",
            flush=True,
        )
        work = tmp / "arkiv"

        def receive_argv(files: Sequence[Path]) -> list[str]:
            return [
                *styrdok_command(), "--repo", str(work), "remiss", "receive", round_id,
                *map(str, files), "--received", RECEIVED,
            ]  # fmt: skip

        print(f"remiss receive, {count} filer i ett anrop …", file=sys.stderr, flush=True)
        one_call = time_processes(
            receive_argv(paths), repeats, PROCESS_TIMEOUT, before=fresh_copy(fixture.repo, work)
        )
        checks = {
            "ett anrop": check_registered(work, base, round_id, filled)
            if one_call.ok
            else [f"styrdok misslyckades: {one_call.error or 'timeout'}"]
        }
        rows = [Row(f"receive, one process, {count} files", one_call, count, TARGET_SECONDS)]

        import docx

        data = [p.read_bytes() for p in paths]
        print("python-docx och styrdoks läsning i processen …", file=sys.stderr, flush=True)
        opened = time_passes(lambda d: docx.Document(io.BytesIO(d)), data, repeats)
        reading = time_passes(styrdok_reader(fixture.repo, round_id), paths, repeats)
        reference = Row("python-docx `Document(BytesIO(data))`, in-process", opened, count)
        rows += [Row("styrdok reading only (`check_file`), in-process", reading, count), reference]

        if args.loop:
            print(f"remiss receive, en process per fil ({count}) …", file=sys.stderr, flush=True)
            fresh_copy(fixture.repo, work)()
            loop = loop_receive(lambda p: receive_argv([p]), paths)
            rows.insert(1, Row(f"receive, one process per file ({count} processes)", loop, count))
            checks["en process per fil"] = (
                check_registered(work, base, round_id, filled)
                if loop.ok
                else [f"styrdok misslyckades: {loop.error or 'timeout'}"]
            )

        print("remiss receive under cProfile …", file=sys.stderr, flush=True)
        fresh_copy(fixture.repo, work)()
        profile, profile_lines = profile_receive(receive_argv(paths), tmp)

    print(table(rows, reference))
    print(
        "\ntotal: receive as a whole process (CLI start-up, intake gate, reading, one git "
        f"commit per answer) on a fresh copy of the repository; in-process rows: the sum over "
        f"the {count} files. peak MiB: peak RSS from GNU time for processes, tracemalloc peak "
        "(Python allocations) for in-process rows. ratio: median / median of python-docx open."
    )
    print(f"\n{len(rows)} measures, {repeats} run(s) each (the per-file loop once).\n")
    verdict = target_table(rows[0], reference)
    print(verdict + "\n")
    print("\n".join(profile_lines))
    print("Kontroll av registreringen (ej tidtagen):")
    for title, found in checks.items():
        print(f"  {title}: {'ok' if not found else '; '.join(found)}")

    info["loadavg_end"] = measure.loadavg()
    print(f"\nload average at end: {info['loadavg_end']}")
    results |= {
        "fixture": {
            "recipients": count,
            "words": fixture.words,
            "form_rows": fixture.form_rows,
            "form_bytes_mean": round(sum(sizes) / len(sizes)),
            "rows_filled_per_form": len(filled[0].rows),
            "received": RECEIVED,
        },
        "rows": [row.data(reference) for row in rows],
        "target_s": TARGET_SECONDS,
        "target_ratio": TARGET_RATIO,
        "ratio": _round(rows[0].ratio(reference)),
        "targets": [target_entry(rows[0], reference, count)],
        "profile_top": profile,
        "checks": checks,
        "date": dt.date.today().isoformat(),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", "utf-8")
    print(f"\nSkrev {RESULTS.relative_to(ROOT.parent)}")
    return 1 if any(checks.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
