"""`/healthz` and `/readyz` of one process, on a tiny aiohttp server (HEALTH_PORT).

- `/healthz` — alive: the event loop answers (this handler runs). 200 always, with the role and
  process id. A process whose loop is stuck answers nothing, and the health check times out.
- `/readyz` — ready for work: the database answers `SELECT 1` within CHECK_SECONDS, and every
  part of the role is running (a worker's job loop; an ingress's poller for each messenger,
  leading or standing by; the leads of the ledger and broadcast jobs). 200 when all is well,
  503 otherwise; the body says which part is not.

Both answer JSON, e.g. `{"ready": true, "role": "worker", "database": "ok", "parts": {"queue":
"running", "ledger:telegram": "leader", "broadcasts:telegram": "standby"}}`.

The role's code gives a function returning each part's `PartState` now (ready or not, and a word
for people), made with `task_part`, `leader_part`, `app_part`. The server is off in `--role all`
unless HEALTH_PORT is set, on by default (DEFAULT_PORT) in the cluster roles (`health_port`;
several processes on one machine each need their own HEALTH_PORT).
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from aiohttp import web
from sqlalchemy import text

from bot.core.config import ConfigError, Settings
from storage.engine import Database

if TYPE_CHECKING:  # the single process does not load the job queue
    from procrastinate import App

log = logging.getLogger(__name__)

DEFAULT_PORT = 8080
CHECK_SECONDS = 2.0


@dataclass(frozen=True)
class PartState:
    ready: bool
    state: str


Parts = Callable[[], Mapping[str, PartState]]  # the role's parts and their states now
DatabaseCheck = Callable[[], Awaitable[str]]  # "ok", "no answer" or "unreachable"


class Leading(Protocol):
    @property
    def leading(self) -> bool: ...


def task_part(task: asyncio.Task[Any] | None) -> PartState:
    """A part that runs as a task: ready while the task runs."""
    if task is None:
        return PartState(False, "not started")
    if not task.done():
        return PartState(True, "running")
    if task.cancelled():
        return PartState(False, "stopped")
    return PartState(False, "failed" if task.exception() else "ended")


def leader_part(leader: Leading, task: asyncio.Task[Any] | None) -> PartState:
    """A part that runs under leadership: ready while it leads or stands by (its task runs)."""
    running = task_part(task)
    if not running.ready:
        return running
    return PartState(True, "leader" if leader.leading else "standby")


def app_part(app: Any) -> PartState:
    """A python-telegram-bot Application: ready while it runs and, if it polls, its poller runs."""
    if not app.running:
        return PartState(False, "stopped")
    if app.updater is not None and not app.updater.running:
        return PartState(False, "not polling")
    return PartState(True, "running")


def health_port(port: int | None, role: str) -> int | None:
    """The port to serve on: HEALTH_PORT when set; else DEFAULT_PORT in a cluster role and none
    (no server) in `all`."""
    if port is not None:
        return port
    return None if role == "all" else DEFAULT_PORT


async def _answers(query: Callable[[], Awaitable[object]], timeout: float) -> str:
    try:
        async with asyncio.timeout(timeout):
            await query()
    except TimeoutError:
        return "no answer"
    except Exception as exc:  # any driver error means "not reachable"; logged, not shown
        log.warning("health: database not reachable: %s", type(exc).__name__)
        return "unreachable"
    return "ok"


def database_check(db: Database, timeout: float = CHECK_SECONDS) -> DatabaseCheck:
    """The bot's database (SQLAlchemy) answers `SELECT 1`."""

    async def select_one() -> None:
        async with db.read() as conn:
            await conn.execute(text("SELECT 1"))

    return lambda: _answers(select_one, timeout)


def queue_check(queue: App, timeout: float = CHECK_SECONDS) -> DatabaseCheck:
    """PostgreSQL answers through the job queue's own connections (procrastinate)."""
    return lambda: _answers(
        lambda: queue.connector.execute_query_one_async("SELECT 1 AS one"), timeout
    )


@dataclass
class Health:
    """The health endpoints of one process."""

    role: str
    database: DatabaseCheck | None
    parts: Parts = dict

    async def alive(self, _request: web.Request) -> web.Response:
        return web.json_response({"alive": True, "role": self.role, "pid": os.getpid()})

    async def readiness(self) -> tuple[bool, dict[str, Any]]:
        database = "none" if self.database is None else await self.database()
        states = self.parts()
        ready = database in ("ok", "none") and all(s.ready for s in states.values())
        body = {
            "ready": ready,
            "role": self.role,
            "database": database,
            "parts": {name: s.state for name, s in states.items()},
        }
        return ready, body

    async def ready(self, _request: web.Request) -> web.Response:
        ready, body = await self.readiness()
        return web.json_response(body, status=200 if ready else 503)

    def web_app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/healthz", self.alive)
        app.router.add_get("/readyz", self.ready)
        return app


@dataclass
class HealthServer:
    """Serves `health` on host:port until `stop()` (port 0: any free port, see `port`)."""

    health: Health
    host: str
    port: int
    _runner: web.AppRunner | None = None

    async def start(self) -> None:
        self._runner = web.AppRunner(self.health.web_app(), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.port = self._runner.addresses[0][1]  # the port picked when 0 was asked
        log.info("health endpoints on http://%s:%d/healthz and /readyz", self.host, self.port)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None


async def start_server(
    settings: Settings,
    role: str,
    database: DatabaseCheck | None,
    parts: Parts,
) -> HealthServer | None:
    """Serve the endpoints of this process when its role and HEALTH_PORT say so (else None).
    HEALTH_PORT that cannot be bound stops start-up with one sentence naming it; the default
    port of the cluster roles, taken (several processes on one machine), only logs a warning."""
    port = health_port(settings.health_port, role)
    if port is None:
        return None
    server = HealthServer(Health(role, database, parts), settings.health_host, port)
    try:
        await server.start()
    except OSError as exc:
        await server.stop()
        if settings.health_port is None:  # the default port, taken (another process here)
            log.warning("health endpoints off: port %d is taken (set HEALTH_PORT)", port)
            return None
        raise ConfigError(
            key="cli-health-port",
            host=settings.health_host,
            port=str(port),
            problem=exc.strerror or str(exc),
        ) from None
    return server
