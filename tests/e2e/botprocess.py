"""Start the real `coopbot run` process against the sandbox, over HTTP on 127.0.0.1."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from sandbox import Sandbox

ROOT = Path(__file__).resolve().parents[2]
TOKENS = {"telegram": "333333:e2e-telegram", "bale": "444444:e2e-bale"}


class BotProcess:
    def __init__(self, sandbox: Sandbox, db_path: Path, platforms: tuple[str, ...], **env: str):
        self.sandbox = sandbox
        self.db_path = db_path
        self.platforms = platforms
        self.extra_env = env
        self.proc: asyncio.subprocess.Process | None = None
        self.log_path = db_path.with_suffix(".log")

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.endswith("_TOKEN")}
        env.update(
            DATABASE_URL=f"sqlite+aiosqlite:///{self.db_path}",
            LOG_LEVEL="INFO",
            RATE_LIMIT_PER_SECOND="0",
            CHAT_RATE_PER_SECOND="0",  # like the sandbox_for flood control: off
            PYTHONUNBUFFERED="1",
        )
        for platform in self.platforms:
            env[f"{platform.upper()}_TOKEN"] = TOKENS[platform]
            env[f"{platform.upper()}_API_URL"] = self.sandbox.base_url
        env.update(self.extra_env)
        return env

    async def start(self) -> None:
        calls_before = {p: self._polls(p) for p in self.platforms}
        log = self.log_path.open("ab")
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            cwd=str(ROOT),
            env=self.env(),
            stdout=log,
            stderr=log,
        )
        log.close()
        # ready when every messenger has started polling (deleteWebhook comes right before the
        # first getUpdates; calls are recorded when they complete, a long poll only at its end)
        await self.sandbox.wait_for(
            lambda: (
                all(self._polls(p) > calls_before[p] for p in self.platforms)
                or self.proc.returncode is not None
            ),
            timeout=30,
        )
        if self.proc.returncode is not None:
            raise RuntimeError(f"coopbot run exited early:\n{self.log()}")

    def _polls(self, platform: str) -> int:
        return len(self.sandbox.calls("deleteWebhook", token=TOKENS[platform]))

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    async def stop(self, sig: int = signal.SIGTERM) -> int:
        assert self.proc is not None
        if self.proc.returncode is None:
            self.proc.send_signal(sig)
            try:
                await asyncio.wait_for(self.proc.wait(), 20)
            except TimeoutError:
                self.proc.kill()
                await self.proc.wait()
        return self.proc.returncode

    async def kill(self) -> int:
        return await self.stop(signal.SIGKILL)


@asynccontextmanager
async def running_bot(
    sandbox: Sandbox, db_path: Path, platforms: tuple[str, ...], **env: str
) -> AsyncIterator[BotProcess]:
    bot = BotProcess(sandbox, db_path, platforms, **env)
    await bot.start()
    try:
        yield bot
    finally:
        await bot.stop()


@asynccontextmanager
async def sandbox_for(*platforms: str) -> AsyncIterator[Sandbox]:
    async with Sandbox() as sandbox:
        sandbox.config.rate_limit_enabled = False
        for platform in platforms:
            sandbox.add_bot(TOKENS[platform], platform=platform)
        yield sandbox
