"""Run every benchmark script, one after the other, and print issue 16's table from their
results: for each row our median, the peer's median measured in the same script run, the
ratio, the target and whether it is met, with the load average around each script and how
long each took. A script, not a test (``make bench`` runs it).

    python bench/run_all.py            # full sizes
    python bench/run_all.py --quick    # small sizes, one run each (a smoke run)
    python bench/run_all.py --only bench_package bench_receive

Each script writes ``bench/results/<script>.json``; its ``targets`` list holds the rows
(``measure.target_row``). The combined table is also written to ``bench/results/all.json``
and ``bench/results/all.md``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import measure

ROOT = Path(__file__).resolve().parent
RESULTS = ROOT / "results"
# In the order of issue 16's table; bench_sync has no row there but is run with the rest.
SCRIPTS = (
    "bench_receive",
    "bench_summary",
    "bench_diff",
    "bench_docx",
    "bench_package",
    "bench_sync",
)


def seconds(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f} s"


def table(rows: list[dict[str, Any]]) -> list[str]:
    lines = [
        "| work | ours (median) | peer (median, same run) | ratio | target | met |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        ratio = "—" if row.get("ratio") is None else f"{row['ratio']:.2f}×"
        met = {True: "ja", False: "nej"}.get(row.get("met"), "—")
        peer = f"{row['peer']}: {seconds(row.get('peer_s'))}"
        lines.append(
            f"| {row['work']} | {seconds(row.get('ours_s'))} | {peer} | {ratio} "
            f"| {row['target']} | {met} |"
        )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description="Run all styrdok benchmarks.")
    parser.add_argument("--quick", action="store_true", help="small sizes, one run each")
    parser.add_argument("--only", nargs="+", choices=SCRIPTS, help="run only these scripts")
    args = parser.parse_args()
    chosen = args.only or list(SCRIPTS)
    info = measure.machine(("styrdok",))
    print("\n".join(measure.machine_lines(info)) + "\n")
    RESULTS.mkdir(exist_ok=True)
    runs: list[dict[str, Any]] = []
    rows: list[dict[str, Any]] = []
    failed = False
    began = time.perf_counter()
    for name in chosen:
        result_file = RESULTS / f"{name}.json"
        result_file.unlink(missing_ok=True)
        argv = [sys.executable, str(ROOT / f"{name}.py"), *(["--quick"] if args.quick else [])]
        print(f"\n## {name}\n", flush=True)
        load_before = measure.loadavg()
        start = time.perf_counter()
        status = subprocess.run(argv, cwd=ROOT.parent).returncode
        took = time.perf_counter() - start
        load_after = measure.loadavg()
        failed |= status != 0
        run = {"script": name, "status": status, "seconds": round(took, 1)}
        run |= {"loadavg_before": load_before, "loadavg_after": load_after}
        runs.append(run)
        if result_file.exists():
            rows.extend(json.loads(result_file.read_text("utf-8")).get("targets", []))
    total = time.perf_counter() - began
    lines = ["# styrdok benchmarks" + (" (--quick)" if args.quick else ""), ""]
    lines += measure.machine_lines(info) + ["", *table(rows), ""]
    lines += ["| script | exit status | took | load average before → after |", "|---|---|---|---|"]
    for run in runs:
        lines.append(
            f"| {run['script']} | {run['status']} | {run['seconds']:.0f} s "
            f"| {run['loadavg_before']} → {run['loadavg_after']} |"
        )
    lines += ["", f"all scripts: {total / 60:.1f} min"]
    print("\n" + "\n".join(lines))
    (RESULTS / "all.md").write_text("\n".join(lines) + "\n", "utf-8")
    summary = {"machine": info, "quick": args.quick, "runs": runs, "targets": rows}
    (RESULTS / "all.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
