"""Per-chat ordered concurrent processing of updates.

python-telegram-bot's default handles one update at a time for the whole bot. Here updates of
different chats run concurrently (up to a global cap), while the updates of one chat run strictly
in arrival order: each chat key has a FIFO lock taken before the global semaphore, and a key's
lock is dropped as soon as no update of that chat is waiting.

A flood in one chat (issue 13): at most `queue_limit` updates of one chat are pending at once
(the one being handled and those waiting behind it). An update that arrives beyond that is
dropped, deliberately and at once: it is never handled, its content is not logged, and the person
is told once to slow down (`on_dropped(update, tell)`; tell is True at most once per chat every
`notice_every` seconds). The first updates of the flood are handled in order; the chat takes at
most one slot of the global cap at a time (its lock is taken first), so other chats never wait for
its backlog. Replies are paced per chat (bot/messenger/pacing.py, about one message a second), so a
person
sending 30 messages a second fills the queue within the first second.

A handler may start a Bot API call *beside* its own replies (`start_beside`): the answer to a
button press goes out together with the edit it causes, one round trip sooner. The update counts
as done, and the chat's next update starts, only when those calls have finished too.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

log = logging.getLogger(__name__)

NOTICE_EVERY = 60.0  # seconds: a flooding chat is told to slow down at most once in this time
TOLD_KEPT = 1024  # chats remembered as told before the old ones are forgotten

#: Called for a dropped update: (update, tell the person to slow down?)
OnDropped = Callable[[object, bool], Awaitable[None]]

# The calls started beside the handling of the update this task is processing (None: none is).
_beside: ContextVar[list[asyncio.Future[Any]] | None] = ContextVar("beside", default=None)


def start_beside(call: Awaitable[Any]) -> bool:
    """Start `call` now and let the handler go on; the update is done when the call is too.
    False (nothing started) outside ChatOrderedUpdateProcessor: the caller awaits it itself.
    The call handles its own errors; one it lets through is logged."""
    pending = _beside.get()
    if pending is None:
        return False
    pending.append(asyncio.ensure_future(call))
    return True


async def _finish(pending: list[asyncio.Future[Any]]) -> None:
    for outcome in await asyncio.gather(*pending, return_exceptions=True):
        if isinstance(outcome, Exception):
            log.warning("a call made beside an update failed: %r", outcome)


def chat_key(update: object) -> Any:
    if isinstance(update, Update):
        if update.effective_chat is not None:
            return ("chat", update.effective_chat.id)
        if update.effective_user is not None:
            return ("user", update.effective_user.id)
    return None


class ChatOrderedUpdateProcessor(BaseUpdateProcessor):
    def __init__(
        self,
        max_concurrent_updates: int,
        *,
        queue_limit: int = 0,
        on_dropped: OnDropped | None = None,
        notice_every: float = NOTICE_EVERY,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[Any, tuple[asyncio.Lock, int]] = {}
        self.queue_limit = queue_limit  # 0: no limit
        self.on_dropped = on_dropped
        self.notice_every = notice_every
        self.monotonic = monotonic
        self._told: dict[Any, float] = {}  # chat key -> when it was last told to slow down
        self._dropped: dict[Any, int] = {}  # chat key -> updates dropped while it is behind
        self.dropped_total = 0

    @property
    def active_keys(self) -> int:
        return len(self._locks)

    async def process_update(  # type: ignore[misc]  # final in PTB; per-chat order needs it
        self, update: object, coroutine: Awaitable[Any]
    ) -> None:
        key = chat_key(update)
        if key is None:
            await super().process_update(update, coroutine)
            return
        lock, waiting = self._locks.get(key, (None, 0))
        if self.queue_limit and waiting >= self.queue_limit:
            await self._drop(key, update, coroutine)
            return
        if lock is None:
            lock = asyncio.Lock()
        self._locks[key] = (lock, waiting + 1)
        try:
            async with lock:
                await super().process_update(update, coroutine)
        finally:
            lock_now, waiting = self._locks[key]
            if waiting <= 1:
                del self._locks[key]
                self._caught_up(key)
            else:
                self._locks[key] = (lock_now, waiting - 1)

    async def _drop(self, key: Any, update: object, coroutine: Awaitable[Any]) -> None:
        if asyncio.iscoroutine(coroutine):
            coroutine.close()  # never started: nothing of the update is handled
        self.dropped_total += 1
        count = self._dropped[key] = self._dropped.get(key, 0) + 1
        if count == 1:
            log.warning(
                "flood in %s %s: %d updates pending, later ones are dropped until it catches up",
                *key,
                self.queue_limit,
            )
        now = self.monotonic()
        tell = now - self._told.get(key, -math.inf) >= self.notice_every
        if tell:
            if len(self._told) >= TOLD_KEPT:
                self._told = {k: t for k, t in self._told.items() if now - t < self.notice_every}
            self._told[key] = now
        if self.on_dropped is not None:
            try:
                await self.on_dropped(update, tell)
            except Exception:
                log.exception("telling %s %s to slow down failed", *key)

    def _caught_up(self, key: Any) -> None:
        dropped = self._dropped.pop(key, 0)
        if dropped:
            log.warning("flood in %s %s is over: %d updates were dropped", *key, dropped)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        pending: list[asyncio.Future[Any]] = []
        token = _beside.set(pending)
        try:
            await coroutine
        finally:
            _beside.reset(token)
            if pending:
                await _finish(pending)

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None
