"""Benchmark of the remissammanställning and the board summary for a large round. A
script, not a test.

    python bench/bench_summary.py            # 290 recipients, three ~30-page documents
    python bench/bench_summary.py --quick    # 20 recipients, small documents, one run

The round of ``bench_receive.py`` is built (registry, three documents, packages, one
filled form per recipient), every form is registered in one ``remiss receive`` call (not
timed), then whole ``styrdok remiss summary`` and ``styrdok board`` processes are timed
(best and median of 3, peak RSS from GNU time). Target: under 10 s for the summary and
the board summary together.
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
TIMEOUT = 600.0
CASES = (
    ("remiss summary --format docx", ["remiss", "summary"], "docx"),
    ("remiss summary --format html", ["remiss", "summary"], "html"),
    ("board --format html", ["board"], "html"),
    ("board --format docx", ["board"], "docx"),
)


def main() -> int:
    parser = argparse.ArgumentParser(description="Benchmark of summary and board.")
    parser.add_argument("--quick", action="store_true", help="20 recipients, one run")
    args = parser.parse_args()
    count = 20 if args.quick else 290
    words, headings = (1_500, 30) if args.quick else (9_000, 90)
    repeats = 1 if args.quick else 3
    info = measure.machine(("styrdok",))
    print(f"# styrdok summary/board benchmark{' (--quick)' if args.quick else ''}\n")
    print("\n".join(measure.machine_lines(info)) + "\n")
    results: dict[str, Any] = {"machine": info, "quick": args.quick, "rows": []}
    with tempfile.TemporaryDirectory(prefix="styrdok-bench-summary-") as name:
        tmp = Path(name)
        print("bygger arkiv och registrerar svar (ej tidtaget) …", file=sys.stderr, flush=True)
        fixture, filled = prepare(tmp, count, words, headings)
        round_id = fixture.rounds[count]
        base = [*styrdok_command(), "--repo", str(fixture.repo)]
        done = subprocess.run(
            [*base, "remiss", "receive", round_id, *(str(f.path) for f in filled),
             "--received", RECEIVED],
            capture_output=True, text=True,
        )  # fmt: skip
        if done.returncode != 0:
            raise SystemExit(f"remiss receive misslyckades: {done.stderr.strip()}")
        print(f"fixture: {count} remissinstanser med svar, {fixture.form_rows} ändrade avsnitt\n")
        print("| case | recipients | time (best / median) | peak MiB |")
        print("|---|---|---|---|")
        medians: dict[str, float] = {}
        for label, command, fmt in CASES:
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
            results["rows"].append({"case": label, "recipients": count, **timing.summary()})
        both = medians.get("remiss summary --format docx", 0.0) + medians.get(
            "board --format html", 0.0
        )
        met = bool(medians) and both < TARGET_SECONDS
        print(
            f"\nsummary (docx) + board (html), medians: {both:.2f} s; "
            f"target < {TARGET_SECONDS:.0f} s: {'ja' if met else 'nej'}"
        )
        results |= {"summary_plus_board_s": round(both, 3), "target_s": TARGET_SECONDS, "met": met}
    info["loadavg_end"] = measure.loadavg()
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\nSkrev {RESULTS.relative_to(ROOT.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
