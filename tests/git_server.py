"""A real git server on loopback for the tests: ``git daemon`` serving bare repositories
from a folder under tmp_path, with pushes allowed or not, that can be stopped (the
network is down) and started again on the same port.

    from tests.git_server import GitServer, git_server

    def test_x(git_server: GitServer) -> None:
        url = git_server.create("styrdok")   # git://127.0.0.1:PORT/styrdok.git, empty

The daemon runs under ``timeout``, so it stops by itself after LIFETIME seconds even if a
test run is killed; the fixture stops it at the end of each test.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

LIFETIME = 600  # seconds a daemon may live, whatever happens to the test run
GIT = shutil.which("git")


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


class GitServer:
    """``git daemon`` on 127.0.0.1 serving the bare repositories in ``base``."""

    def __init__(self, base: Path) -> None:
        self.base = base
        base.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.read_only = False

    def url(self, name: str) -> str:
        """Return the URL of the repository ``name`` on this server."""
        return f"git://127.0.0.1:{self.port}/{name}.git"

    def path(self, name: str) -> Path:
        """Return the folder of the bare repository ``name``."""
        return self.base / f"{name}.git"

    def create(self, name: str) -> str:
        """Create an empty bare repository (main as its default branch); return its URL."""
        subprocess.run(
            ["git", "init", "--quiet", "--bare", "--initial-branch=main", str(self.path(name))],
            check=True,
        )
        return self.url(name)

    def protect(self, name: str, message: str) -> None:
        """Refuse every push to ``name`` with ``message``, as a protected branch does."""
        hook = self.path(name) / "hooks" / "pre-receive"
        hook.write_text(f"#!/bin/sh\necho '{message}' >&2\nexit 1\n", encoding="utf-8")
        hook.chmod(0o755)

    def unprotect(self, name: str) -> None:
        (self.path(name) / "hooks" / "pre-receive").unlink(missing_ok=True)

    def start(self, read_only: bool = False) -> None:
        """Start the daemon (pushes refused when ``read_only``) and wait until it listens."""
        self.stop()
        self.read_only = read_only
        for _attempt in range(5):
            command = [
                "timeout", str(LIFETIME), "git", "daemon", "--reuseaddr", "--export-all",
                "--informative-errors", "--listen=127.0.0.1", f"--port={self.port}",
                f"--base-path={self.base}", *([] if read_only else ["--enable=receive-pack"]),
                str(self.base),
            ]  # fmt: skip
            self.process = subprocess.Popen(
                command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                start_new_session=True,
            )  # fmt: skip
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                if _listening(self.port):
                    return
                if self.process.poll() is not None:
                    break  # the port was taken meanwhile: try another
                time.sleep(0.05)
            self.stop()
            self.port = free_port()
        raise RuntimeError("git daemon did not start")

    def stop(self) -> None:
        """Stop the daemon and every connection it serves (the network goes down)."""
        if self.process is None:
            return
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self.process = None
        deadline = time.monotonic() + 5
        while _listening(self.port) and time.monotonic() < deadline:
            time.sleep(0.05)

    def head(self, name: str, branch: str = "main") -> str:
        """Return the commit ``branch`` points at on the server."""
        done = subprocess.run(
            ["git", "--git-dir", str(self.path(name)), "rev-parse", f"refs/heads/{branch}"],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
        return done.stdout.strip()


@pytest.fixture
def git_server(tmp_path: Path) -> Iterator[GitServer]:
    """A running git daemon on loopback, stopped at the end of the test."""
    if GIT is None or shutil.which("timeout") is None:
        pytest.skip("git and timeout are needed for the loopback git server")
    server = GitServer(tmp_path / "server")
    server.start()
    try:
        yield server
    finally:
        server.stop()
