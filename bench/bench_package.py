"""Benchmark of ``styrdok remiss package`` for few and many recipients. A script, not a
test: it times, it does not assert (failed checks only make it exit with status 1).

    python bench/bench_package.py                   # 5 and 290 recipients, 3 runs each
    python bench/bench_package.py --quick           # small documents, 5 and 40, 2 runs
    python bench/bench_package.py --fixture /tmp/fx # build the repository once, reuse it
    python bench/bench_package.py --out-dir /mnt/x --clean  # packages on another file system

The fixture (``build_fixture``, also used by ``bench_receive.py``) is a real git
repository: ``styrdok.yaml`` adapted from this repository's, a registry of 290 generated
municipalities (the number of Swedish kommuner; e-mail under ``.example``) and three
documents from ``gendoc.py`` of about 9,000 words each (about 30 pages at 300 words a
page), committed as the version in force (``gäller från``) and then as a proposal with 5 %
word edits, a renumbered block and changed headings. Two rounds are created with
``styrdok remiss new``: one to the first 5 recipients, one to all 290.

Timed: whole ``styrdok --repo R remiss package ID -o DIR`` processes, the 5 and the 290
runs alternating (so that other load on the machine falls on both alike), each into a
new folder that is deleted only after the last run (see ``time_alternating``), best and
median of 3, peak RSS from GNU time, and the CPU seconds in user space and in the kernel
(the kernel's share is creating and writing files, which the file system's state can
make vary several-fold from run to run). Target (issue 16): 290 recipients ("ours") take at most
1.5× the time of 5 ("peer"), and under 5 s on the 2-core machines. Checked, not timed: a
zip and a folder for every recipient, each Word file stamped with its recipient, and two
runs byte-identical. With ``--fixture DIR`` the repository is built in DIR once and
reused by later runs of the same size.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import gendoc
import measure
from measure import Timing, mib_text, run_process, seconds_text, styrdok_command

ROOT = Path(__file__).resolve().parent
RESULTS = ROOT / "results" / "bench_package.json"
REPEATS = 3
PROCESS_TIMEOUT = 600.0
RECIPIENTS = 290
FEW = 5
SENT = "2024-02-23"
DEADLINE = "2024-05-31"
TARGET_RATIO = 1.5
TARGET_SECONDS = 5.0
FIXTURE_FILE = "fixture.json"
FORBUND = "Kommundata kommunalförbund"
PACKAGE_FILES = 12  # letter, form, 3 × (proposal, redline, table), manifest

# --- registry ---------------------------------------------------------------------------

_PREFIXES = """Ald Berg Björk Bo Dal Ek Fal Gran Hag Hammar Hel Hult Karl Kungs Lid Lind
Ljung Mal Mark Mo Norr Ny Ol Ring Sal Sand Sig Sjö Skog Sol Stor Ström Sunn Sval Säter
Tran Ulri Vall Var Väs Åm Ås Öck Öster Väster Söder Hjo Lek Gnos Ydr""".split()
_SUFFIXES = """a by berg bo dal fors hamn holm hult köping landa lund mo näs ryd sjö sta
strand sund torp tuna vik åker ås ö""".split()
_QUALIFIERS = ("Övre", "Nedre", "Norra", "Södra", "Västra", "Östra")
_ASCII = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", " ": "-"})


@dataclass(frozen=True)
class Municipality:
    """A generated recipient: id, name of the place and official name."""

    id: str
    place: str

    @property
    def name(self) -> str:
        genitive = self.place if self.place.endswith(("s", "x", "z")) else self.place + "s"
        return f"{genitive} kommun"


def municipalities(count: int, seed: int = 290) -> list[Municipality]:
    """Return ``count`` made-up municipalities with Swedish-looking names, sorted by name,
    the same every time."""
    rng = random.Random(seed)
    places = [p + s for p in _PREFIXES for s in _SUFFIXES if p[-1].lower() != s[0]]
    rng.shuffle(places)
    out: dict[str, Municipality] = {}
    for place in places:
        if rng.random() < 0.08:
            place = f"{rng.choice(_QUALIFIERS)} {place}"
        rid = place.lower().translate(_ASCII)
        if rid not in out:
            out[rid] = Municipality(rid, place)
        if len(out) == count:
            break
    if len(out) < count:
        raise ValueError(f"count must be at most {len(out)}, got {count}")
    return sorted(out.values(), key=lambda m: m.name)


def registry_yaml(recipients: list[Municipality]) -> str:
    """Return ``remiss/remissinstanser.yaml`` in the format of this repository's own."""
    lines = [
        "# Remissinstanser: genererade kommuner för benchmark (bench/bench_package.py).",
        "# Alla adresser ligger under den reserverade domänen .example.",
        "remissinstanser:",
    ]
    for m in recipients:
        lines += [
            f"  - id: {m.id}",
            f"    namn: {m.name}",
            f"    e-post: kommun@{m.id}.example",
            "    kontaktperson:",
            f"      namn: Kommunchef {m.place}",
            f"      e-post: kommunchef@{m.id}.example",
            "    medlem från: 2005-01-01",
        ]
    return "\n".join(lines) + "\n"


# --- documents --------------------------------------------------------------------------


@dataclass(frozen=True)
class DocSpec:
    """One document of the round and its front matter, in force and proposed."""

    name: str
    title: str
    kind: str
    adopted_by: str
    old_dnr: str
    new_dnr: str
    seed: int


DOCUMENTS = (
    DocSpec(
        "forbundsordning",
        f"Förbundsordning för {FORBUND}",
        "förbundsordning",
        "Medlemskommunernas fullmäktige",
        "Dnr 2018/14",
        "Dnr 2024/8",
        101,
    ),
    DocSpec(
        "direktionens-reglemente",
        f"Direktionens reglemente för {FORBUND}",
        "reglemente",
        "Direktionen",
        "Dnr 2018/15",
        "Dnr 2024/9",
        201,
    ),
    DocSpec(
        "samverkansavtal",
        f"Samverkansavtal mellan {FORBUND} och medlemskommunerna",
        "avtal",
        "Direktionen och medlemskommunerna",
        "Dnr 2018/16",
        "Dnr 2024/10",
        301,
    ),
)


def document_markdown(spec: DocSpec, doc: gendoc.GenDocument, proposal: bool) -> str:
    """Return the Markdown file of one version, with the front matter styrdok reads."""
    doc.title = spec.title
    meta = [
        "---",
        f"titel: {spec.title}",
        f"typ: {spec.kind}",
        f"antas av: {spec.adopted_by}",
        f"diarienummer: {spec.new_dnr if proposal else spec.old_dnr}",
    ]
    if proposal:
        meta += ["status: förslag", "version: remissversion 2024"]
    else:
        meta += ["status: gällande", "version: gällande 2019", "gäller från: 2019-07-01"]
    meta.append("---")
    return "\n".join(meta) + "\n\n" + gendoc.body_markdown(doc)


# --- fixture ----------------------------------------------------------------------------


@dataclass
class Fixture:
    """A governance repository with a registry and one round per recipient count."""

    repo: Path
    recipients: list[Municipality]
    rounds: dict[int, str]  # recipient count → round id
    words: list[int] = field(default_factory=list)
    headings: list[int] = field(default_factory=list)
    form_rows: int = 0  # changed sections, summed over the documents


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def _styrdok(repo: Path, *args: str) -> str:
    """Run the styrdok CLI on ``repo`` (not timed); return stderr (warnings)."""
    done = subprocess.run(
        [*styrdok_command(), "--repo", str(repo), *args], capture_output=True, text=True
    )
    if done.returncode != 0:
        raise SystemExit(f"styrdok {' '.join(args[:3])} misslyckades: {done.stderr.strip()}")
    return done.stderr


def build_fixture(
    where: Path, counts: tuple[int, ...], words: int = 9_000, headings: int = 90
) -> Fixture:
    """Create the repository under ``where`` with the documents committed twice, the
    registry of ``max(counts)`` recipients and a round for each count (its first N)."""
    os.environ.update(gendoc.GIT_ENV)  # the author of styrdok's own commits, too
    repo = where / "styrdok-repo"
    (repo / "docs").mkdir(parents=True)
    _git(repo, "init", "--quiet", "--initial-branch=main")
    settings = (ROOT.parent / "styrdok.yaml").read_text(encoding="utf-8")
    settings = settings.replace("Itsam kommunalförbund", FORBUND).replace("itsam", "kommundata")
    (repo / "styrdok.yaml").write_text(settings, encoding="utf-8")
    recipients = municipalities(max(counts))
    (repo / "remiss").mkdir()
    (repo / "remiss" / "remissinstanser.yaml").write_text(
        registry_yaml(recipients), encoding="utf-8"
    )
    fixture = Fixture(repo, recipients, {})
    revisions = []
    for spec in DOCUMENTS:
        old = gendoc.generate(words, headings, spec.seed)
        revisions.append(gendoc.revise(old, seed=spec.seed + 1))
        text = document_markdown(spec, old, proposal=False)
        (repo / "docs" / f"{spec.name}.md").write_text(text, encoding="utf-8")
        fixture.words.append(gendoc.count_words(gendoc.body_markdown(old)))
        fixture.headings.append(old.headings)
    _git(repo, "add", "--all")
    _git(repo, "commit", "--quiet", "--no-verify", "-m", "Styrdokumenten i gällande lydelse")
    for spec, revision in zip(DOCUMENTS, revisions, strict=True):
        text = document_markdown(spec, revision.document, proposal=True)
        (repo / "docs" / f"{spec.name}.md").write_text(text, encoding="utf-8")
    _git(repo, "commit", "--quiet", "--no-verify", "--all", "-m", "Remissversion 2024")
    for count in counts:
        round_id = f"styrdokument-2024-{count}"
        ids = ",".join(m.id for m in recipients[:count])
        title = f"Revidering av {FORBUND}s styrdokument ({count} remissinstanser)"
        warnings = _styrdok(
            repo, "remiss", "new", round_id, "--title", title, "--sent", SENT,
            "--deadline", DEADLINE, "--recipients", ids,
        )  # fmt: skip
        for line in warnings.splitlines():
            print(f"  remiss new {round_id}: {line}", file=sys.stderr)
        fixture.rounds[count] = round_id
    fixture.form_rows = _form_rows(repo, fixture.rounds[max(counts)])
    return fixture


def _form_rows(repo: Path, round_id: str) -> int:
    """Return the number of changed sections in the round (a row each in the form)."""
    from styrdok.compare.diff import diff_versions
    from styrdok.remiss.rounds import load_round
    from styrdok.store.documents import DocumentRef
    from styrdok.store.git import GitRepo

    git = GitRepo.find(repo)
    r = load_round(repo, round_id)
    return sum(
        len(
            diff_versions(
                DocumentRef(git, d.proposal.path), d.base.commit, d.proposal.commit
            ).comparison.changes
        )
        for d in r.documents
    )


# --- checks -----------------------------------------------------------------------------


def check_packages(
    out: Path, previous: Path | None, round_id: str, recipients: list[Municipality]
) -> list[str]:
    """Return problems with the packages in ``out``: a zip and a folder per recipient,
    the expected files, every Word file stamped with the round and its recipient, the
    recipient named in letter and form, and the same bytes as the run in ``previous``."""
    problems: list[str] = []
    expected = {f"{m.id}.zip" for m in recipients}
    found = {p.name for p in out.glob("*.zip")}
    if found != expected:
        problems.append(
            f"zip-filer: {len(found)} av {len(expected)}, "
            f"saknas {sorted(expected - found)[:3]}, okända {sorted(found - expected)[:3]}"
        )
    differing = []
    for m in recipients:
        path = out / f"{m.id}.zip"
        if not path.is_file():
            continue
        if not (out / m.id).is_dir():
            problems.append(f"{m.id}: katalogen saknas")
        data = path.read_bytes()
        if previous is not None:
            before = previous / path.name
            if not before.is_file() or before.read_bytes() != data:
                differing.append(m.id)
        problems += _check_zip(data, round_id, m)
    if previous is not None and differing:
        problems.append(
            f"{len(differing)} zip-filer skiljer sig mellan två körningar: {differing[:3]}"
        )
    return problems[:20]


def _check_zip(data: bytes, round_id: str, m: Municipality) -> list[str]:
    from xml.sax.saxutils import escape

    problems = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        if len(names) != PACKAGE_FILES:
            problems.append(f"{m.id}: {len(names)} filer i zip-filen, väntade {PACKAGE_FILES}")
        manifest = json.loads(archive.read("manifest.json"))
        if manifest["mottagare"] != {"id": m.id, "namn": m.name}:
            problems.append(f"{m.id}: manifestet anger {manifest['mottagare']}")
        for name in names:
            if not name.endswith(".docx"):
                continue
            with zipfile.ZipFile(io.BytesIO(archive.read(name))) as docx:
                custom = docx.read("docProps/custom.xml").decode("utf-8")
                body = docx.read("word/document.xml").decode("utf-8")
            for value in (round_id, m.id):
                if f">{value}<" not in custom:
                    problems.append(f"{m.id}/{name}: egenskapen {value} saknas")
            if name in ("missiv.docx", "svarsmall.docx") and escape(m.name) not in body:
                problems.append(f"{m.id}/{name}: mottagarens namn saknas")
    return problems


# --- output -----------------------------------------------------------------------------


@dataclass
class Case:
    """One timed package build: the round and its recipient count."""

    recipients: int
    round_id: str
    command: list[str]
    timing: Timing = field(default_factory=Timing)
    cpu: list[tuple[float, float]] = field(default_factory=list)  # (user, system) s a run
    runs: int = 0  # runs done; the last one wrote ``out(where, runs - 1)``
    zip_bytes: int = 0
    folder_bytes: int = 0

    def out(self, where: Path, run: int) -> Path:
        """Return the folder run number ``run`` writes its packages to."""
        return where / f"paket-{self.recipients}-{run + 1}"

    def cpu_median(self) -> tuple[float, float]:
        """Return the median CPU seconds of a run, in user space and in the kernel."""
        if not self.cpu:
            return float("nan"), float("nan")
        return statistics.median(u for u, _ in self.cpu), statistics.median(k for _, k in self.cpu)

    def data(self) -> dict[str, Any]:
        return {
            "recipients": self.recipients,
            "round": self.round_id,
            "command": self.command,
            "timing": self.timing.summary(),
            "cpu_median_s": dict(zip(("user", "system"), self.cpu_median(), strict=True)),
            "zip_bytes_total": self.zip_bytes,
            "folder_bytes_total": self.folder_bytes,
        }


def verdict(few: Case, many: Case) -> tuple[float | None, bool | None]:
    """Return the median ratio many/few and whether both targets are met."""
    if not (few.timing.ok and many.timing.ok):
        return None, None
    ratio = many.timing.median / few.timing.median
    return ratio, ratio <= TARGET_RATIO and many.timing.median < TARGET_SECONDS


def table(few: Case, many: Case) -> str:
    """Return one table: ours (many recipients), the peer (few), the ratio and targets."""
    ratio, met = verdict(few, many)
    head = [
        f"ours: {many.recipients} (best / median)",
        f"peer: {few.recipients} (best / median)",
        "ratio (median / median)",
        "target",
        "met",
        "peak MiB (ours / peer)",
    ]
    ratio_text = "n/a"
    if ratio is not None:
        ratio_text = f"{ratio:.2f}× (best/best {many.timing.best / few.timing.best:.2f}×)"
    target = f"≤ {TARGET_RATIO:g}× of {few.recipients}, < {TARGET_SECONDS:g} s"
    met_text = {None: "—", True: "ja", False: "nej"}[met]
    cells = [
        seconds_text(many.timing, PROCESS_TIMEOUT),
        seconds_text(few.timing, PROCESS_TIMEOUT),
        ratio_text,
        target,
        met_text,
        f"{mib_text(many.timing)} / {mib_text(few.timing)}",
    ]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def built_fixture(where: Path, counts: tuple[int, ...], words: int, headings: int) -> Fixture:
    """Return the fixture saved under ``where`` by an earlier run of the same size, or
    build it there and save its description."""
    saved = where / FIXTURE_FILE
    size = {"counts": list(counts), "words": words, "headings": headings}
    if saved.is_file():
        data = json.loads(saved.read_text(encoding="utf-8"))
        if data.get("size") != size:
            raise SystemExit(f"{where} har ett arkiv av annan storlek ({data.get('size')})")
        print(f"använder det sparade arkivet i {where}", file=sys.stderr, flush=True)
        return Fixture(
            Path(data["repo"]),
            municipalities(max(counts)),
            {int(k): v for k, v in data["rounds"].items()},
            data["words"],
            data["headings"],
            data["form_rows"],
        )
    where.mkdir(parents=True, exist_ok=True)
    if any(where.iterdir()):
        raise SystemExit(f"{where} är inte tom och har ingen {FIXTURE_FILE}")
    print("bygger arkivet (ej tidtaget) …", file=sys.stderr, flush=True)
    fixture = build_fixture(where, counts, words, headings)
    data = {
        "size": size,
        "repo": str(fixture.repo),
        "rounds": {str(k): v for k, v in fixture.rounds.items()},
        "words": fixture.words,
        "headings": fixture.headings,
        "form_rows": fixture.form_rows,
    }
    saved.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return fixture


def time_alternating(cases: list[Case], repeats: int, where: Path, clean: bool = False) -> None:
    """Run the cases in turn, ``repeats`` rounds (few, many, few, many, …), so that
    other load on the machine falls on both alike. Each run writes to a new folder
    (``Case.out``). By default nothing is deleted until every run is done: ext4 without a
    journal passes over inodes freed in the last minutes when it allocates new ones, so
    deleting the 4,000 files of an earlier 290-recipient run just before a timed one
    makes that run pay for the benchmark's own clean-up (and the 5-recipient run almost
    nothing). With ``clean`` the run before the previous one of the same case is deleted
    (untimed) before each run: on a journaled file system that keeps the page cache from
    growing by 330 MB a run, which on a virtual machine whose host backs memory only
    when it is first touched is what writing the files costs."""
    for run in range(repeats):
        for case in cases:
            if case.timing.timed_out or case.timing.error is not None:
                continue
            if clean and run >= 2:
                shutil.rmtree(case.out(where, run - 2), ignore_errors=True)
            out = case.out(where, run)
            print(f"remiss package, {case.recipients} instanser …", file=sys.stderr, flush=True)
            result = run_process([*case.command, "-o", str(out)], PROCESS_TIMEOUT)
            if result.timed_out:
                case.timing.timed_out = True
            elif result.returncode != 0:
                lines = result.stderr.splitlines()
                case.timing.error = lines[-1] if lines else str(result.returncode)
            else:
                case.timing.seconds.append(result.seconds)
                case.timing.peak_mib.append(result.peak_mib)
                case.cpu.append((result.user, result.system))
                case.runs = run + 1


# --- main -------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description="Benchmark of styrdok remiss package.")
    parser.add_argument("--quick", action="store_true", help="small documents, 2 runs each")
    parser.add_argument("--fixture", type=Path, help="keep the built repository here, reuse it")
    parser.add_argument("--repeats", type=int, help=f"runs of each case (default {REPEATS})")
    parser.add_argument(
        "--out-dir", type=Path, help="write the packages under this folder (another file system)"
    )
    parser.add_argument(
        "--clean", action="store_true", help="delete the run before the previous one first"
    )
    args = parser.parse_args()
    many = 40 if args.quick else RECIPIENTS
    words, headings = (1_500, 30) if args.quick else (9_000, 90)
    # Two runs at least, for the byte-for-byte comparison.
    repeats = max(2, args.repeats or (2 if args.quick else REPEATS))

    info = measure.machine()
    print(f"# styrdok remiss package benchmark{' (--quick)' if args.quick else ''}\n")
    print("\n".join(measure.machine_lines(info)))
    print(f"styrdok {info['styrdok']}, {info['git']}\n")

    styrdok = styrdok_command()
    problems: dict[str, list[str]] = {}
    if args.out_dir is not None:
        args.out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="styrdok-bench-package-", dir=args.out_dir) as name:
        tmp = Path(name)
        fixture = built_fixture(args.fixture or tmp / "fixture", (FEW, many), words, headings)
        print(
            f"fixture: {len(fixture.recipients)} remissinstanser; 3 dokument med "
            f"{', '.join(str(w) for w in fixture.words)} ord och "
            f"{', '.join(str(h) for h in fixture.headings)} rubriker; "
            f"{fixture.form_rows} ändrade avsnitt (rader i svarsmallen)\n",
            flush=True,
        )
        cases = [
            Case(count, fixture.rounds[count], [*styrdok, "--repo", str(fixture.repo),
                 "remiss", "package", fixture.rounds[count]])
            for count in (FEW, many)
        ]  # fmt: skip
        print(f"paketen skrivs under {tmp}" + (", äldre körningar tas bort" if args.clean else ""))
        time_alternating(cases, repeats, tmp, args.clean)
        for case in cases:
            label = f"{case.recipients} instanser"
            if not case.timing.ok:
                problems[label] = [f"styrdok misslyckades: {case.timing.error or 'timeout'}"]
                continue
            out = case.out(tmp, case.runs - 1)
            previous = case.out(tmp, case.runs - 2) if case.runs > 1 else None
            chosen = fixture.recipients[: case.recipients]
            case.zip_bytes = sum((out / f"{m.id}.zip").stat().st_size for m in chosen)
            case.folder_bytes = sum(_size(out / m.id) for m in chosen)
            problems[label] = check_packages(out, previous, case.round_id, chosen)

    few, most = cases
    print(table(few, most))
    ratio, met = verdict(few, most)
    if few.timing.ok and most.timing.ok:
        extra = most.recipients - few.recipients
        by_median = (most.timing.median - few.timing.median) / extra
        by_best = (most.timing.best - few.timing.best) / extra
        print(
            f"\n{repeats} runs each, alternating; time per extra recipient ≈ "
            f"{by_best * 1000:.1f} ms (best {most.recipients} minus best {few.recipients}, "
            f"over {extra}; {by_median * 1000:.1f} ms by medians); "
            f"{most.recipients} packages: {most.zip_bytes / 1e6:.0f} MB of zips and "
            f"{most.folder_bytes / 1e6:.0f} MB in folders "
            f"({most.zip_bytes / most.recipients / 1e6:.2f} MB a zip)."
        )
    if few.timing.ok and most.timing.ok:
        (user_few, sys_few), (user_most, sys_most) = few.cpu_median(), most.cpu_median()
        extra = most.recipients - few.recipients
        print(
            f"CPU a run (median, user + kernel): {most.recipients}: {user_most:.2f} + "
            f"{sys_most:.2f} s, {few.recipients}: {user_few:.2f} + {sys_few:.2f} s; per extra "
            f"recipient {(user_most - user_few) / extra * 1000:.2f} ms in user space and "
            f"{(sys_most - sys_few) / extra * 1000:.2f} ms in the kernel (creating and "
            "writing files)."
        )
    print(
        "time: whole process (CLI start-up, diff, rendering, writing); peak MiB: peak RSS "
        "from GNU time; ratio: median / median."
    )
    print("\nKontroll av paketen (ej tidtagen; två körningar jämförda byte för byte):")
    for label, found in problems.items():
        print(f"  {label}: {'ok' if not found else '; '.join(found)}")

    info["loadavg_end"] = measure.loadavg()
    print(f"\nload average at end: {info['loadavg_end']}")
    results = {
        "machine": info,
        "quick": args.quick,
        "repeats": repeats,
        "fixture": {
            "recipients": len(fixture.recipients),
            "documents": [d.name for d in DOCUMENTS],
            "words": fixture.words,
            "headings": fixture.headings,
            "form_rows": fixture.form_rows,
        },
        "cases": [case.data() for case in cases],
        "ratio_median": round(ratio, 3) if ratio is not None else None,
        "target": {"ratio_max": TARGET_RATIO, "seconds_max": TARGET_SECONDS},
        "met": met,
        "checks": problems,
        "targets": [
            measure.target_row(
                f"`remiss package`, {most.recipients} recipients, "
                f"{PACKAGE_FILES} files + a zip each",
                most.timing.median if most.timing.ok else None,
                f"`remiss package`, {few.recipients} recipients",
                few.timing.median if few.timing.ok else None,
                f"≤ {TARGET_RATIO:g}× and < {TARGET_SECONDS:g} s",
                met,
            )
        ],
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", "utf-8")
    print(f"\nSkrev {RESULTS.relative_to(ROOT.parent)}")
    return 1 if any(problems.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
