"""A soak test: three styrdok processes at a time register answers, extend deadlines and
write positions at random, and are killed at random moments and restarted. At the end
``styrdok doctor`` finds nothing wrong and no registered answer is lost or doubled.

Bounded: at most SECONDS of random work and RUNS processes, then one clean rerun of each
answer."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from click.testing import Result

from styrdok.remiss.register import registered
from tests.conftest import Repo, git
from tests.faults import SRC, killing_git, styrdok
from tests.test_cli_receive import letter

Cli = Callable[..., Result]
SECONDS = 35
RUNS = 120
WORKERS = 3
RECIPIENTS = ("boxholm", "vimmerby", "ydre", "atvidaberg", "odeshog")


@dataclass
class Run:
    process: subprocess.Popen[str]
    kind: str
    answer: Path | None
    kill_at: float | None
    started: float


def start(repo: Path, args: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "styrdok", "--repo", str(repo), *args],
        env={**os.environ, "PYTHONPATH": str(SRC), **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_three_writers_killed_at_random_lose_and_double_nothing(
    itsam: Repo, cli: Cli, tmp_path: Path
) -> None:
    result = cli("remiss", "new", "r2024", "--title", "Revidering", "--sent", "2024-02-23",
                 "--deadline", "2024-05-09")  # fmt: skip
    assert result.exit_code == 0, result.output
    rng = random.Random(2024)
    answers = [
        letter(tmp_path / f"svar-{k:02d}.docx", f"Synpunkt {k}: {rng.random()} om 3 §.")
        for k in range(10)
    ]
    owner = {answer: rng.choice(RECIPIENTS) for answer in answers}
    root = itsam.root
    slots: list[Run | None] = [None] * WORKERS
    at_commit = killing_git(tmp_path / "bin")
    runs = kills = recovered = 0
    stop = time.monotonic() + SECONDS
    while time.monotonic() < stop or any(slots):
        for i, run in enumerate(slots):
            now = time.monotonic()
            if run is None:
                if now >= stop or runs >= RUNS:
                    continue
                kind = rng.choice(("receive", "receive", "extend", "positions"))
                answer = None
                if kind == "receive":
                    answer = rng.choice(answers)
                    args = ["remiss", "receive", "r2024", str(answer), "--from", owner[answer],
                            "--received", "2024-05-06"]  # fmt: skip
                elif kind == "extend":
                    day = dt.date(2024, 5, 10) + dt.timedelta(days=rng.randrange(400))
                    why = rng.choice(("KS", "Semester"))
                    args = ["remiss", "extend", "r2024", rng.choice(RECIPIENTS), "--to",
                            day.isoformat(), "--reason", why]  # fmt: skip
                else:
                    args = ["remiss", "positions", "r2024", "--today", "2024-06-01"]
                chance = rng.random()
                kill_at = now + rng.uniform(0.2, 3.0) if chance < 0.3 else None
                env = at_commit if chance > 0.8 else {}  # killed right before git commit
                slots[i] = Run(start(root, args, env), kind, answer, kill_at, now)
                runs += 1
                continue
            if run.process.poll() is None:
                if run.kill_at is not None and now >= run.kill_at:
                    run.process.kill()
                    run.process.communicate()
                    kills += 1
                    slots[i] = None
                assert now - run.started < 120, f"{run.kind} hänger"
                continue
            _out, err = run.process.communicate()
            recovered += err.count("avbruten skrivning")
            if run.process.returncode == -signal.SIGKILL:  # by the git at the commit
                kills += 1
                slots[i] = None
                continue
            assert run.process.returncode in (0, 1), err
            assert "Traceback" not in err, err
            if run.process.returncode == 1:
                errors = [line for line in err.splitlines() if "fel:" in line]
                assert len(errors) == 1, err
            slots[i] = None
        time.sleep(0.02)
    assert runs >= 10 and kills >= 1, (runs, kills)
    assert recovered >= 1, "ingen avbruten skrivning att slutföra eller ångra"

    for answer in answers:  # the restart of every answer, one at a time
        again = styrdok(root, "remiss", "receive", "r2024", str(answer), "--from",
                        owner[answer], "--received", "2024-05-06")  # fmt: skip
        assert again.returncode == 0, again.stderr
    doctor = styrdok(root, "doctor")
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
    assert git(root, "status", "--porcelain") == ""
    for rid in RECIPIENTS:
        digests = [a.sha256 for a in registered(root, "r2024", rid)]
        assert len(digests) == len(set(digests)), f"{rid}: ett svar registrerat två gånger"
        expected = {hashlib.sha256(a.read_bytes()).hexdigest() for a in answers if owner[a] == rid}
        assert set(digests) == expected, f"{rid}: svar saknas"
