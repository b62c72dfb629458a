"""Reproducible across processes: render the same inputs in two fresh Python processes with
different hash seeds and compare the bytes, so that output whose order depends on the seed
(set and dict iteration over strings) cannot pass as reproducible."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
SEEDS = ("0", "2024")
_CALL = """import sys
from {module} import {name} as function
with open(sys.argv[1], "wb") as out:
    out.write(function(*sys.argv[2:]))
"""


def bytes_in_two_processes(function: Callable[..., bytes], *args: str) -> bytes:
    """Return ``function(*args)`` as called in two new Python processes, one per hash seed in
    SEEDS; fail when their bytes differ. ``function`` is a module-level function of the
    tests (or styrdok) taking string arguments."""
    code = _CALL.format(module=function.__module__, name=function.__qualname__)
    outputs = []
    with tempfile.TemporaryDirectory() as folder:
        for seed in SEEDS:
            out = Path(folder) / f"seed-{seed}"
            done = subprocess.run(
                [sys.executable, "-c", code, str(out), *args],
                cwd=PROJECT,
                env={**os.environ, "PYTHONHASHSEED": seed},
                capture_output=True,
                text=True,
            )
            assert done.returncode == 0, done.stderr
            outputs.append(out.read_bytes())
    first, second = outputs
    assert first == second, f"{function.__qualname__}{args}: other bytes with another hash seed"
    return first


def styrdok_output(root: str, *args: str) -> bytes:
    """Return what ``styrdok --repo ROOT ARGS -o OUT`` writes: the file, or every file of the
    folder in name order, each after its name. For :func:`bytes_in_two_processes`."""
    from styrdok.cli import main

    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "ut"
        main(["--repo", root, *args, "-o", str(out)], standalone_mode=False)
        if out.is_file():
            return out.read_bytes()
        files = sorted(p for p in out.rglob("*") if p.is_file())
        return b"".join(
            p.relative_to(out).as_posix().encode() + b"\n" + p.read_bytes() for p in files
        )
