"""The real cluster processes for the cluster benches and e2e tests: `coopbot run --role ...` as a
child process with its output in a log file, polling other processes' state with a deadline,
reading the database and a process's /readyz.

Used by bench/cluster_bench.py, bench/cluster_dispatch_bench.py, bench/cluster_proof_bench.py
and tests/cluster/ (test_cluster_e2e.py, test_dispatch_e2e.py, test_proof_e2e.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
import time
from collections.abc import Collection
from pathlib import Path

import aiohttp
import psycopg

ROOT = Path(__file__).resolve().parents[1]


class Part:
    """One `coopbot run --role ...` process, its output in a log file."""

    def __init__(
        self, role: str, log_path: Path, env: dict[str, str], profile: Path | None = None
    ) -> None:
        self.role = role
        self.log_path = log_path
        self.env = env
        self.profile = profile  # cProfile's statistics of the measured time written there
        self.proc: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        program = (
            [str(ROOT / "bench" / "profiled.py"), str(self.profile)]
            if self.profile
            else ["-m", "bot"]
        )
        with self.log_path.open("ab") as log:
            self.proc = await asyncio.create_subprocess_exec(
                sys.executable, *program, "run", "--role", self.role,
                cwd=str(ROOT), env=self.env, stdout=log, stderr=log,
                stdin=asyncio.subprocess.DEVNULL,
            )  # fmt: skip

    def profiling(self, sig: int) -> None:
        """Start (SIGUSR1) or end (SIGUSR2) the measured time of a profiled process."""
        if self.profile is not None and self.proc is not None:
            self.proc.send_signal(sig)

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.returncode is None

    async def stop(self, sig: int = signal.SIGTERM, grace: float = 20.0) -> None:
        if self.proc is None or self.proc.returncode is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            self.proc.send_signal(sig)
        try:
            await asyncio.wait_for(self.proc.wait(), grace)
        except TimeoutError:
            self.proc.kill()
            await self.proc.wait()


async def query(conninfo: str, sql: str, *args) -> list[tuple]:
    async with await psycopg.AsyncConnection.connect(conninfo, autocommit=True) as conn:
        cur = await conn.execute(sql, args)
        return list(await cur.fetchall())


async def until(check, timeout: float, what: str, parts: list[Part]):
    """Poll `check` (state kept by other processes) until it gives something truthy."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = await check()
        if found:
            return found
        for part in parts:
            if part.proc is not None and part.proc.returncode is not None:
                raise AssertionError(f"{part.role} exited early:\n{part.log()}")
        await asyncio.sleep(0.05)
    logs = "\n".join(f"--- {p.role}\n{p.log()[-3000:]}" for p in parts)
    raise AssertionError(f"not within {timeout}s: {what}\n{logs}")


async def start_worker(
    part: Part, conninfo: str, known: Collection[int], parts: list[Part], timeout: float = 90
) -> int:
    """Start a `--role worker` process; its id in procrastinate_workers once it registered
    (an id not in `known`, the workers registered before)."""
    await part.start()

    async def registered() -> int | None:
        rows = await query(conninfo, "SELECT id FROM procrastinate_workers")
        new = [r[0] for r in rows if r[0] not in known]
        return new[0] if new else None

    found: int = await until(registered, timeout, "a worker registers", parts)
    return found


async def readyz(port: int) -> dict:
    """A process's /readyz (its parts: which key it leads), {} when it does not answer."""
    try:
        async with aiohttp.ClientSession() as session:
            async with session.get(f"http://127.0.0.1:{port}/readyz") as response:
                state: dict = await response.json()
                return state
    except aiohttp.ClientError:
        return {}
