"""The ingress: receives each messenger's updates and stores them as jobs before confirming.

Exactly one process long-polls a messenger at a time: the one leading "poll:<messenger>"
(bot/cluster/leader.py); another ingress process stands by and takes over within about a
second of the leader's session ending. Telegram may instead post its updates to every ingress
process (WEBHOOK_URL, bot/cluster/webhook.py). A batch from getUpdates is repaired
(bot/messenger/platforms.py `RepairingRequest`) and stored in one transaction as procrastinate
jobs `handle_update(messenger, update)` with the lock "<messenger>:<chat>", so the workers
handle one chat's updates in order. Only then is the batch confirmed: the next getUpdates asks
for the offset after it. An ingress that dies between storing and confirming leaves the batch
unconfirmed; the next leader fetches and stores it again, and a worker handling the second copy
stops at its first write (storage/claims.py records each update once by its id).
"""

from __future__ import annotations

import asyncio
import copy
import functools
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from procrastinate import App
from procrastinate.exceptions import ConnectorException
from procrastinate.jobs import Job
from telegram import Update
from telegram.error import Conflict, NetworkError, RetryAfter, TelegramError
from telegram.ext import Application, ApplicationBuilder
from telegram.request import BaseRequest, RequestData
from telegram.request._requestparameter import RequestParameter

from bot.app import make_transport
from bot.cli.startup import database_errors, initialize_bot
from bot.cluster.health import PartState, leader_part
from bot.cluster.leader import Leader
from bot.cluster.queue import (
    HANDLE_UPDATE,
    QUEUE,
    make_queue,
    psycopg_conninfo,
    ready_queue,
    startup_lock,
)
from bot.cluster.webhook import Webhook, set_webhook, webhook_path
from bot.core.config import Settings
from bot.messenger.platforms import PROFILES, RepairingRequest
from bot.messenger.updates import chat_key

log = logging.getLogger(__name__)

POLL_TIMEOUT = 10  # seconds a getUpdates call waits for updates
AGAIN_SECONDS = 1.0  # after a failed getUpdates or a failed store


# The shapes nearly every update has: its chat is at a known place, read without building the
# Update (python-telegram-bot's parse is ~80 µs of the ingress's ~500 µs per update).
_CHAT_AT = {"message": ("message",), "edited_message": ("edited_message",),
            "callback_query": ("callback_query", "message")}  # fmt: skip


def _plain_chat_id(update: dict[str, Any]) -> int | None:
    """The chat id of an update of one of the shapes above, as Update.effective_chat gives it;
    None for any other shape (then the Update is built)."""
    if len(update) != 2:
        return None
    kind = next((k for k in update if k != "update_id"), None)
    place: Any = update
    for key in _CHAT_AT.get(kind or "", ()):
        place = place.get(key) if isinstance(place, dict) else None
    chat = place.get("chat") if kind in _CHAT_AT and isinstance(place, dict) else None
    ident = chat.get("id") if isinstance(chat, dict) else None
    return ident if isinstance(ident, int) and not isinstance(ident, bool) else None


def lock_of(messenger: str, update: dict[str, Any]) -> str:
    """The job lock of an update: its messenger and chat (or user), so one chat's updates run
    one at a time in order; an update without either (or that cannot be parsed) by its id."""
    plain = _plain_chat_id(update)
    return f"{messenger}:{plain}" if plain is not None else parsed_lock(messenger, update)


def parsed_lock(messenger: str, update: dict[str, Any]) -> str:
    """`lock_of` through python-telegram-bot's Update (any shape)."""
    try:
        key = chat_key(Update.de_json(copy.deepcopy(update), None))
    except Exception:  # an odd shape: the worker repairs or logs it; it needs no order
        key = None
    if key is None:
        return f"{messenger}:update:{update.get('update_id')}"
    kind, ident = key
    return f"{messenger}:{ident}" if kind == "chat" else f"{messenger}:user:{ident}"


def jobs_of(messenger: str, updates: Iterable[dict[str, Any]]) -> list[Job]:
    return [
        Job(
            id=None,
            queue=QUEUE,
            lock=lock_of(messenger, update),
            queueing_lock=None,
            task_name=HANDLE_UPDATE,
            task_kwargs={"messenger": messenger, "update": update},
        )
        for update in updates
    ]


@dataclass
class Ingress:
    settings: Settings
    base_urls: dict[str, str] = field(default_factory=dict)
    queue: App | None = None
    apps: dict[str, Application] = field(default_factory=dict)
    requests: dict[str, BaseRequest] = field(default_factory=dict)
    leaders: dict[str, Leader] = field(default_factory=dict)
    stored: int = 0  # updates stored by this process
    conninfo: str = ""
    _running: asyncio.Task[None] | None = None
    webhook: Webhook | None = None  # Telegram by webhook (WEBHOOK_URL) instead of polling

    async def start(self, tokens: dict[str, str] | None = None) -> None:
        from bot.app import build_services, ready_services

        tokens = tokens if tokens is not None else self.settings.tokens()
        self.conninfo = psycopg_conninfo(self.settings.database_url)
        self.queue = make_queue(self.conninfo, pool_size=2)
        await self.queue.open_async()
        with database_errors():
            services = build_services(self.settings)
        try:
            async with startup_lock(self.conninfo):
                await ready_services(services)
                await ready_queue(self.queue, self.conninfo)
        finally:
            await services.db.dispose()
        for platform, token in tokens.items():
            api_url = self.base_urls.get(platform) or self.settings.api_url(platform)
            request = RepairingRequest(make_transport(self.settings, for_updates=True))
            app = (
                ApplicationBuilder()
                .token(token)
                .base_url(api_url)
                .base_file_url(PROFILES[platform].file_url(api_url))
                .request(RepairingRequest(make_transport(self.settings, for_updates=False)))
                .updater(None)
                .build()
            )
            await initialize_bot(app, platform, api_url)
            await request.initialize()
            self.apps[platform], self.requests[platform] = app, request
            if platform == "telegram" and self.settings.webhook_url is not None:
                await self._serve_webhook(app)
            else:
                self.leaders[platform] = Leader(self.conninfo, f"poll:{platform}")

    async def _serve_webhook(self, app: Application) -> None:
        s = self.settings
        assert s.webhook_url is not None and s.webhook_secret is not None  # Settings checks
        url, secret = str(s.webhook_url), s.webhook_secret.get_secret_value()
        self.webhook = Webhook(secret, self.store, webhook_path(url), s.webhook_port)
        port = await self.webhook.start()
        await set_webhook(app, url, secret)
        log.info("telegram by webhook on port %d as @%s", port, app.bot.username)

    async def run(self) -> None:
        """Poll every messenger while leading it, until cancelled."""
        self._running = asyncio.current_task()
        async with asyncio.TaskGroup() as group:
            for platform, leader in self.leaders.items():
                group.create_task(leader.run(functools.partial(self.poll, platform)))

    def parts(self) -> dict[str, PartState]:
        """For /readyz: each messenger's poller, leading or standing by."""
        return {f"poll:{p}": leader_part(lead, self._running) for p, lead in self.leaders.items()}

    async def poll(self, platform: str) -> None:
        app, request = self.apps[platform], self.requests[platform]
        url = f"{app.bot.base_url}/getUpdates"
        offset: int | None = None
        await self._without_webhook(app, platform)
        log.info("polling %s as @%s", platform, app.bot.username)
        while True:
            params: dict[str, Any] = {"timeout": POLL_TIMEOUT, "allowed_updates": Update.ALL_TYPES}
            if offset is not None:
                params["offset"] = offset  # confirms everything before it: stored already
            data = RequestData([RequestParameter.from_input(k, v) for k, v in params.items()])
            try:
                updates: Any = await request.post(url, data, read_timeout=POLL_TIMEOUT + 5)
            except RetryAfter as exc:
                await asyncio.sleep(float(exc.retry_after))  # type: ignore[arg-type]
                continue
            except Conflict:  # a webhook is set, or another poller (a leader not yet gone)
                log.warning("getUpdates on %s: conflict; trying again", platform)
                await asyncio.sleep(AGAIN_SECONDS)
                continue
            except (NetworkError, TelegramError) as exc:
                log.warning("getUpdates on %s failed: %s", platform, exc)
                await asyncio.sleep(AGAIN_SECONDS)
                continue
            batch = [u for u in updates or [] if isinstance(u, dict) and "update_id" in u]
            if not batch:
                continue
            while True:
                try:
                    await self.store(platform, batch)
                    break
                except ConnectorException as exc:  # not stored: not confirmed, tried again
                    log.warning("storing %d %s updates failed: %s", len(batch), platform, exc)
                    await asyncio.sleep(AGAIN_SECONDS)
            offset = max(int(u["update_id"]) for u in batch) + 1

    async def _without_webhook(self, app: Application, platform: str) -> None:
        """getUpdates is refused while a webhook is set: removed first, as the single process
        does (updates waiting at the messenger stay)."""
        while True:
            try:
                await app.bot.delete_webhook(drop_pending_updates=False)
                return
            except TelegramError as exc:
                log.warning("deleteWebhook on %s failed: %s", platform, exc)
                await asyncio.sleep(AGAIN_SECONDS)

    async def store(self, platform: str, updates: list[dict[str, Any]]) -> None:
        """The batch as jobs, in one transaction, in the order received."""
        assert self.queue is not None
        await self.queue.job_manager.batch_defer_jobs_async(jobs_of(platform, updates))
        self.stored += len(updates)

    async def stop(self) -> None:
        if self.webhook is not None:
            await self.webhook.stop()
        for request in self.requests.values():
            await request.shutdown()
        for app in self.apps.values():
            await app.shutdown()
        self.apps.clear()
        if self.queue is not None:
            await self.queue.close_async()
