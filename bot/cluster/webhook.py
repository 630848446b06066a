"""Telegram by webhook (WEBHOOK_URL): Telegram posts each update to the ingress, which stores it
as a job before answering 200, so an update is confirmed only once it is stored (Telegram sends
it again after any other answer).

Every ingress process serves the webhook on WEBHOOK_PORT (a proxy in front passes WEBHOOK_URL to
them); no leadership is needed. A request is taken only with WEBHOOK_SECRET in its
X-Telegram-Bot-Api-Secret-Token header (compared in constant time); anything else gets 401 and
is not stored. The webhook is set with one connection (`max_connections=1`): Telegram then
posts one update at a time, in order, so one chat's updates are stored in the order they came.
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web
from procrastinate.exceptions import ConnectorException
from telegram import Update
from telegram.ext import Application

from bot.messenger.platforms import repair_update

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
Store = Callable[[str, list[dict[str, Any]]], Awaitable[None]]


def webhook_path(url: str) -> str:
    """The path the proxy passes on: WEBHOOK_URL's own path."""
    from urllib.parse import urlsplit

    return urlsplit(url).path or "/"


class Webhook:
    def __init__(self, secret: str, store: Store, path: str, port: int) -> None:
        self.secret = secret.encode()
        self.store = store
        self.path = path
        self.port = port
        self._runner: web.AppRunner | None = None

    async def receive(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self.secret):
            return web.Response(status=401)
        try:
            update = json.loads(await request.read())
        except (ValueError, UnicodeDecodeError):
            return web.Response(status=400)
        if not isinstance(update, dict) or not isinstance(update.get("update_id"), int):
            return web.Response(status=400)
        try:
            await self.store("telegram", [repair_update(update)])
        except ConnectorException as exc:  # not stored: Telegram sends it again later
            log.warning("a webhook update could not be stored: %s", exc)
            return web.Response(status=503)
        return web.Response(status=200)

    async def start(self, host: str = "0.0.0.0") -> int:
        """Serve; the port listened on (WEBHOOK_PORT, or the one chosen for 0)."""
        app = web.Application()
        app.router.add_post(self.path, self.receive)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, self.port)
        await site.start()
        self.port = int(self._runner.addresses[0][1])
        return self.port

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None


async def set_webhook(app: Application, url: str, secret: str) -> None:
    await app.bot.set_webhook(
        url=url,
        secret_token=secret,
        max_connections=1,  # one at a time: stored in the order sent
        allowed_updates=Update.ALL_TYPES,
    )
