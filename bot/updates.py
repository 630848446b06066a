"""Per-chat ordered concurrent processing of updates.

python-telegram-bot's default handles one update at a time for the whole bot. Here updates of
different chats run concurrently (up to a global cap), while the updates of one chat run strictly
in arrival order: each chat key has a FIFO lock taken before the global semaphore, and a key's
lock is dropped as soon as no update of that chat is waiting.

A handler may start a Bot API call *beside* its own replies (`start_beside`): the answer to a
button press goes out together with the edit it causes, one round trip sooner. The update counts
as done, and the chat's next update starts, only when those calls have finished too.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from contextvars import ContextVar
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

log = logging.getLogger(__name__)

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
    def __init__(self, max_concurrent_updates: int) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[Any, tuple[asyncio.Lock, int]] = {}

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
            else:
                self._locks[key] = (lock_now, waiting - 1)

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
