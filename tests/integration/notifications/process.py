"""A real notifications process (``python -m services.notifications``) that a test can
SIGKILL and start again."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[3]


@dataclass
class ServiceProcess:
    env: dict[str, str]
    log: Path
    port: int
    proc: subprocess.Popen[bytes] | None = None
    kills: list[int] = field(default_factory=list)

    def start(self, timeout: float = 30) -> None:
        env = {**os.environ, **self.env, "HUIKUAN_PORT": str(self.port)}
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen([sys.executable, "-m", "services.notifications"],
                                         env=env, stdout=out, stderr=out, cwd=ROOT)  # fmt: skip
        deadline = time.monotonic() + timeout
        while not self.ready():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"notifications did not start:\n{self.log.read_text()[-3000:]}")
            time.sleep(0.1)

    def ready(self) -> bool:
        try:
            return httpx.get(f"http://127.0.0.1:{self.port}/readyz", timeout=1).status_code == 200
        except httpx.HTTPError:
            return False

    def kill_now(self) -> None:
        """SIGKILL: no cleanup, no acknowledgement, no last write."""
        if self.proc is not None and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.kills.append(self.proc.pid)

    def wait_dead(self, timeout: float = 10) -> int:
        assert self.proc is not None
        return self.proc.wait(timeout)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
