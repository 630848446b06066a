"""`coopbot run --role web`: the staff web console (web/) as a process of its own, beside the
ingress and the workers, on the same PostgreSQL database.

Why a role of its own (and not the console inside a worker when WEB_PORT is set):
- it is stateless: sessions, links and CSRF secrets are rows of the database, so any number of
  web processes can stand behind the reverse proxy, and one can be restarted or moved without
  touching the chats;
- a large page (the 5,000-row nomination list) takes a fraction of a second of CPU; in a worker
  that time would be taken from the chats it is handling;
- it is the only process that needs a port reachable from the office's reverse proxy.

It sends nothing itself: it has no Application, no job queue and no lead. Everything the
console does that reaches a chat is a row the workers act on, exactly as in the single
process: a broadcast sent or scheduled on the web is started, written and reported by the
worker leading "broadcasts:<messenger>"; a notice (TVTO's rejection told to the person, a seat
offered to the waitlist) is a ledger row sent by the worker leading "ledger:<messenger>"
(bot/cluster/dispatch.py). The `/web` sign-in link is made by the worker handling the command,
from WEB_BASE_URL, which every process is given.

At start-up the process migrates under the cluster's start-up lock (whoever starts first), and
asks each messenger who the bot is (its username: the staff page shows invitation links into
the chat). `/healthz` and `/readyz` are answered on the console's own port (for the proxy's and
the container's checks); HEALTH_PORT, when set, serves them on a port of their own too.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from telegram.ext import ApplicationBuilder

from bot.app import build_services, make_transport, ready_services
from bot.cli.startup import database_errors, initialize_bot
from bot.cluster.health import (
    Health,
    HealthServer,
    PartState,
    database_check,
    start_server,
    task_part,
)
from bot.cluster.queue import psycopg_conninfo, startup_lock
from bot.core.clock import Clock
from bot.core.config import Settings
from bot.messenger.platforms import PROFILES, RepairingRequest
from bot.services.container import Services

if TYPE_CHECKING:
    from procrastinate import App

    from web.app import WebServer

log = logging.getLogger(__name__)

ROLE = "web"


async def bot_username(platform: str, token: str, api_url: str, settings: Settings) -> str:
    """Who the bot is on this messenger (getMe); a rejected token or a server out of reach is
    one sentence naming the setting, as in the other roles."""
    app = (
        ApplicationBuilder()
        .token(token)
        .base_url(api_url)
        .base_file_url(PROFILES[platform].file_url(api_url))
        .request(RepairingRequest(make_transport(settings, for_updates=False)))
        .updater(None)
        .build()
    )
    await initialize_bot(app, platform, api_url)
    try:
        return app.bot.username
    finally:
        await app.shutdown()


@dataclass
class WebConsole:
    """The console served by this process until stopped (the Part of bot/cluster/roles.py)."""

    settings: Settings
    clock: Clock | None = None
    base_urls: dict[str, str] = field(default_factory=dict)
    services: Services | None = None
    queue: App | None = None  # none: the console defers no jobs and runs none
    server: WebServer | None = None
    bot_names: dict[str, str] = field(default_factory=dict)
    health: Health | None = None
    _running: asyncio.Task[None] | None = None

    async def start(self, tokens: dict[str, str] | None = None) -> None:
        from web.app import WebServer

        tokens = tokens if tokens is not None else self.settings.tokens()
        with database_errors():
            self.services = build_services(self.settings, self.clock)
        async with startup_lock(psycopg_conninfo(self.settings.database_url)):
            await ready_services(self.services)
        for platform, token in tokens.items():
            api_url = self.base_urls.get(platform) or self.settings.api_url(platform)
            self.bot_names[platform] = await bot_username(platform, token, api_url, self.settings)
        self.health = Health(ROLE, database_check(self.services.db), self.parts)
        probes = {"/healthz": self.health.alive, "/readyz": self.health.ready}
        self.server = WebServer(self.services, bot_names=self.bot_names, probes=probes)
        await self.server.start()

    def parts(self) -> dict[str, PartState]:
        """For /readyz: the console, served while `run()` runs."""
        if self.server is None or self.server.runner is None:
            return {"console": PartState(False, "not started")}
        return {"console": task_part(self._running)}

    async def serve_health(self) -> HealthServer | None:
        """/healthz and /readyz on HEALTH_PORT too, only when it is set (the console's own port
        answers them already)."""
        if self.settings.health_port is None or self.health is None:
            return None
        return await start_server(self.settings, ROLE, self.health.database, self.parts)

    async def run(self) -> None:
        """Serve until cancelled (aiohttp serves from its own tasks; this one marks the part
        running)."""
        self._running = asyncio.current_task()
        await asyncio.Event().wait()

    async def stop(self) -> None:
        if self.server is not None:
            await self.server.stop()
            self.server = None
        if self.services is not None:
            await self.services.db.dispose()
            self.services = None
