"""/healthz and /readyz of a process (bot/cluster/health.py), over HTTP on 127.0.0.1."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import socket

import aiohttp
import pytest

from bot.app import Runtime
from bot.cluster.health import (
    DEFAULT_PORT,
    Health,
    HealthServer,
    PartState,
    database_check,
    health_port,
    leader_part,
    start_server,
    task_part,
)
from bot.core.config import ConfigError, Settings
from sandbox import Sandbox, SandboxConfig
from storage.engine import create_database

PORTS = iter(range(18600, 18650))  # this project's test ports for health servers
TOKEN = "123456:TEST-telegram"


async def get(port: int, path: str) -> tuple[int, dict]:
    async with aiohttp.ClientSession() as session:
        async with session.get(f"http://127.0.0.1:{port}{path}") as response:
            return response.status, await response.json()


@contextlib.asynccontextmanager
async def serving(health: Health):
    server = HealthServer(health, "127.0.0.1", next(PORTS))
    await server.start()
    try:
        yield server.port
    finally:
        await server.stop()


class Lead:
    def __init__(self, leading: bool) -> None:
        self.leading = leading


async def test_alive_and_ready_with_every_part_running(sqlite_db):
    forever = asyncio.create_task(asyncio.Event().wait())
    states = {"queue": task_part(forever), "ledger:telegram": leader_part(Lead(True), forever)}
    try:
        async with serving(Health("worker", database_check(sqlite_db), lambda: states)) as port:
            status, body = await get(port, "/healthz")
            assert status == 200 and body["alive"] is True and body["role"] == "worker"
            status, body = await get(port, "/readyz")
            assert status == 200
            assert body == {
                "ready": True,
                "role": "worker",
                "database": "ok",
                "parts": {"queue": "running", "ledger:telegram": "leader"},
            }
    finally:
        forever.cancel()


async def test_not_ready_names_the_part_that_stopped(sqlite_db):
    forever = asyncio.create_task(asyncio.Event().wait())
    failed = asyncio.create_task(_fail())
    with contextlib.suppress(RuntimeError):
        await failed
    parts = {
        "poll:telegram": lambda: leader_part(Lead(False), forever),
        "queue": lambda: task_part(failed),
    }
    try:
        async with serving(
            Health("ingress", database_check(sqlite_db), lambda: {k: f() for k, f in parts.items()})
        ) as port:
            status, body = await get(port, "/readyz")
            assert status == 503
            assert body["ready"] is False and body["database"] == "ok"
            assert body["parts"] == {"poll:telegram": "standby", "queue": "failed"}
            status, _ = await get(port, "/healthz")  # alive all the same
            assert status == 200
    finally:
        forever.cancel()


async def _fail() -> None:
    raise RuntimeError("boom")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def test_not_ready_when_the_database_does_not_answer():
    # nothing listens on this port: the connection is refused
    db = create_database(f"postgresql+asyncpg://postgres@127.0.0.1:{free_port()}/nothing")
    try:
        async with serving(Health("worker", database_check(db))) as port:
            status, body = await get(port, "/readyz")
            assert status == 503
            assert (body["ready"], body["database"], body["parts"]) == (False, "unreachable", {})
    finally:
        await db.dispose()


def test_part_states_of_tasks_and_leaders():
    assert task_part(None) == PartState(False, "not started")
    assert leader_part(Lead(True), None) == PartState(False, "not started")


@pytest.mark.parametrize(
    ("port", "role", "served"),
    [(None, "all", None), (9000, "all", 9000), (None, "worker", DEFAULT_PORT),
     (None, "ingress", DEFAULT_PORT), (9001, "worker", 9001)],
)
def test_off_in_the_single_process_unless_a_port_is_set(port, role, served):
    assert health_port(port, role) == served


async def test_a_port_in_use_is_one_sentence_naming_the_setting(sqlite_db):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        settings = Settings(_env_file=None, health_port=port)
        with pytest.raises(ConfigError, match="HEALTH_PORT") as info:
            await start_server(settings, "all", None, dict)
        assert f"127.0.0.1:{port}" in info.value.text("en")
        assert "HEALTH_PORT" in info.value.text("fa")


async def test_coopbot_run_serves_them_when_health_port_is_set(tmp_path):
    port = next(PORTS)
    settings = Settings(
        _env_file=None,
        database_url=f"sqlite+aiosqlite:///{tmp_path}/bot.sqlite3",
        health_port=port,
    )
    async with Sandbox(SandboxConfig()) as sandbox:
        sandbox.add_bot(TOKEN, "telegram")
        runtime = Runtime(settings, base_urls={"telegram": sandbox.base_url})
        try:
            await runtime.start({"telegram": TOKEN})
            status, body = await get(port, "/readyz")
            assert status == 200
            assert body == {
                "ready": True, "role": "all", "database": "ok", "parts": {"telegram": "running"}
            }
        finally:
            await runtime.stop()
            gc.unfreeze()  # Runtime.start froze what start-up built: this process goes on
    with pytest.raises(aiohttp.ClientConnectionError):  # stopped with the process's work
        await get(port, "/healthz")


async def test_the_default_port_taken_leaves_the_endpoints_off(caplog, monkeypatch):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        monkeypatch.setattr("bot.cluster.health.DEFAULT_PORT", taken.getsockname()[1])
        settings = Settings(_env_file=None)  # no HEALTH_PORT: the worker's default
        assert await start_server(settings, "worker", None, dict) is None
    assert "set HEALTH_PORT" in caplog.text
