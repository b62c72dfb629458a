"""Benchmark of the remissammanställning and the board summary for a large round. A
script, not a test.

    python bench/bench_summary.py                      # 290 recipients, three ~30-page documents
    python bench/bench_summary.py --quick              # 20 recipients, small documents, one run
    python bench/bench_summary.py --fixture /tmp/fx    # build the round once, reuse it later
    python bench/bench_summary.py --summary-only       # leave the board summary out

The round of ``bench_receive.py`` is built (registry, three documents, packages, one
filled form per recipient), every form is registered in one ``remiss receive`` call (not
timed), then whole ``styrdok remiss summary`` and ``styrdok board`` processes are timed
(best and median of 3, peak RSS from GNU time). With ``--fixture DIR`` the built round is
kept in DIR and used as it is by the next run with the same DIR and size (the timed
commands only read the repository).

Targets (issue 16): the summary as Word takes at most 3× the summary as HTML (its peer,
the same command measured in the same run) and under 10 s; the summary as Word and the
board summary as HTML together under 10 s.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import measure
from bench_receive import RECEIVED, prepare
from measure import Timing, styrdok_command, time_processes

ROOT = Path(__file__).resolve().parent
RESULTS = ROOT / "results" / "bench_summary.json"
TARGET_SECONDS = 10.0
TARGET_RATIO = 3.0  # summary as Word against summary as HTML
TIMEOUT = 600.0
DOCX, HTML, BOARD_HTML = (
    "remiss summary --format docx",
    "remiss summary --format html",
    "board --format html",
)
CASES = (
    (DOCX, ["remiss", "summary"], "docx"),
    (HTML, ["remiss", "summary"], "html"),
    (BOARD_HTML, ["board"], "html"),
    ("board --format docx", ["board"], "docx"),
)
FIXTURE_FILE = "fixture.json"


def built_round(where: Path, count: int, words: int, headings: int) -> tuple[Path, str, int]:
    """Return the repository, the round id and the number of changed sections of a round
    to ``count`` recipients with every answer registered; built under ``where`` unless a
    previous run left one of the same size there."""
    saved = where / FIXTURE_FILE
    size = {"count": count, "words": words, "headings": headings}
    if saved.is_file():
        data = json.loads(saved.read_text(encoding="utf-8"))
        if data.get("size") == size:
            print(f"använder det sparade arkivet i {where}", file=sys.stderr, flush=True)
            return Path(data["repo"]), str(data["round"]), int(data["form_rows"])
        raise SystemExit(f"{where} har ett arkiv av annan storlek ({data.get('size')})")
    where.mkdir(parents=True, exist_ok=True)
    if any(where.iterdir()):
        raise SystemExit(f"{where} är inte tom och har ingen {FIXTURE_FILE}")
    print("bygger arkiv och registrerar svar (ej tidtaget) …", file=sys.stderr, flush=True)
    fixture, filled = prepare(where, count, words, headings)
    round_id = fixture.rounds[count]
    done = subprocess.run(
        [*styrdok_command(), "--repo", str(fixture.repo), "remiss", "receive", round_id,
         *(str(f.path) for f in filled), "--received", RECEIVED],
        capture_output=True, text=True,
    )  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"remiss receive misslyckades: {done.stderr.strip()}")
    data = {"size": size, "repo": str(fixture.repo), "round": round_id}
    data["form_rows"] = fixture.form_rows
    saved.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return fixture.repo, round_id, fixture.form_rows


def run(tmp: Path, fixture_dir: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Time the cases on the round in ``fixture_dir``; return the results."""
    count = 20 if args.quick else 290
    words, headings = (1_500, 30) if args.quick else (9_000, 90)
    repeats = 1 if args.quick else 3
    repo, round_id, form_rows = built_round(fixture_dir, count, words, headings)
    print(f"fixture: {count} remissinstanser med svar, {form_rows} ändrade avsnitt\n")
    print("| case | recipients | time (best / median) | peak MiB |")
    print("|---|---|---|---|")
    base = [*styrdok_command(), "--repo", str(repo)]
    medians: dict[str, float] = {}
    rows: list[dict[str, Any]] = []
    cases = CASES[:2] if args.summary_only else CASES
    for label, command, fmt in cases:
        out = tmp / f"ut.{fmt}"
        argv = [*base, *command, round_id, "--format", fmt, "-o", str(out),
                "--today", "2024-06-01"]  # fmt: skip
        timing: Timing = time_processes(argv, repeats, TIMEOUT)
        if not timing.ok:
            print(f"| {label} | {count} | fel: {timing.error or 'timeout'} | – |")
            continue
        medians[label] = timing.median
        peak = f"{timing.peak:.0f}" if timing.peak is not None else "–"
        print(f"| {label} | {count} | {timing.best:.3f} / {timing.median:.3f} s | {peak} |")
        rows.append({"case": label, "recipients": count, **timing.summary()})
    results: dict[str, Any] = {"rows": rows, "form_rows": form_rows}
    ours, peer = medians.get(DOCX), medians.get(HTML)
    if ours is not None and peer is not None:
        ratio = ours / peer
        met = ratio <= TARGET_RATIO and ours < TARGET_SECONDS
        print(
            f"\nsummary docx (ours) {ours:.2f} s, summary html (peer) {peer:.2f} s, "
            f"ratio {ratio:.2f}×; targets ≤ {TARGET_RATIO:.0f}× and < {TARGET_SECONDS:.0f} s: "
            f"{'ja' if met else 'nej'}"
        )
        results |= {"docx_s": round(ours, 3), "html_s": round(peer, 3)}
        results |= {"ratio": round(ratio, 3), "target_ratio": TARGET_RATIO, "docx_met": met}
        work = f"`remiss summary --format docx`, {count} recipients, {form_rows} changed sections"
        peer_name = "`remiss summary --format html`"
        target = f"≤ {TARGET_RATIO:.0f}× and < {TARGET_SECONDS:.0f} s"
        results["targets"] = [measure.target_row(work, ours, peer_name, peer, target, met)]
    if ours is not None and BOARD_HTML in medians:
        both = ours + medians[BOARD_HTML]
        met = both < TARGET_SECONDS
        print(
            f"summary (docx) + board (html), medians: {both:.2f} s; "
            f"target < {TARGET_SECONDS:.0f} s: {'ja' if met else 'nej'}"
        )
        results |= {"summary_plus_board_s": round(both, 3), "met": met}
    results["target_s"] = TARGET_SECONDS
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description="Benchmark of summary and board.")
    parser.add_argument("--quick", action="store_true", help="20 recipients, one run")
    parser.add_argument("--fixture", type=Path, help="keep the built round here and reuse it")
    parser.add_argument("--summary-only", action="store_true", help="leave the board out")
    args = parser.parse_args()
    info = measure.machine(("styrdok",))
    print(f"# styrdok summary/board benchmark{' (--quick)' if args.quick else ''}\n")
    print("\n".join(measure.machine_lines(info)) + "\n")
    results: dict[str, Any] = {"machine": info, "quick": args.quick}
    with tempfile.TemporaryDirectory(prefix="styrdok-bench-summary-") as name:
        tmp = Path(name)
        results |= run(tmp, args.fixture or tmp / "fixture", args)
    info["loadavg_end"] = measure.loadavg()
    print(f"load average at the end: {info['loadavg_end']}")
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\nSkrev {RESULTS.relative_to(ROOT.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
