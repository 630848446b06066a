"""Pacing of outgoing Bot API calls under Telegram's flood limits (a python-telegram-bot
`BaseRateLimiter`, one per messenger).

Telegram's limits: about one message a second in a private chat (short bursts pass), 20 a minute
in a group, about 30 a second when the bot sends to many chats on its own; a 429 tells how long to
wait. python-telegram-bot's AIORateLimiter puts every call that names a chat through the one
bot-wide 30/s budget, replies included, so 100 people answering at once got ~15 /start answers a
second. Here:

- **Replies** (everything handlers send) are paced per chat only: `chat_rate` messages a second
  with bursts of `chat_burst` in a private chat, `group_rate_per_minute` in a group or channel. A
  person's reply never waits for another chat, nor for a broadcast.
- **What the bot sends on its own** (the delivery ledger; its calls run inside `bulk()`) is paced
  per chat too and also takes from the bot-wide budget `bulk_rate` a second
  (RATE_LIMIT_PER_SECOND; the ledger's own DELIVERY_RATE_PER_SECOND stays under it).
- **A 429 holds back that chat only**, for `retry_after` (Bale's 429 may carry none: then
  DEFAULT_FLOOD_WAIT). A reply waits and is sent again: it is never dropped for being slow, only
  when Telegram asks for more than `max_reply_wait` seconds in all (REPLY_MAX_WAIT_SECONDS; the
  error then reaches the handler's error log). A bulk call gets the error at once: the ledger
  dispatcher pauses its own sending and sends the row again (bot/background/jobs.py).
- Only calls that put a new message into a chat are paced (send*, copy*, forward*); edits, answers
  to button presses and calls without a chat go straight out, but their 429s are honoured alike.

The limiters are aiolimiter's leaky buckets on the event loop's clock; a chat's bucket and its
hold are forgotten once they are idle (at most `idle_chats` kept). The bot-wide bulk budget is no
bucket but bot/messenger/spacing.py's spacing (no burst): the messenger never sees more than the
rate + 1 in any second, however the sends bunch up before it. The ledger's dispatcher waits for
`chat_ready` and `bulk_ready` before it marks a row "sending", so its call then goes straight out.
"""

from __future__ import annotations

import asyncio
import logging
import warnings
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from aiolimiter import AsyncLimiter
from telegram.error import NetworkError, RetryAfter
from telegram.ext import BaseRateLimiter

from bot.messenger.spacing import spaced

if TYPE_CHECKING:
    from bot.core.config import Settings

log = logging.getLogger(__name__)

DEFAULT_FLOOD_WAIT = 1.0  # seconds, when a 429 carries no retry_after (Bale)
_FLOOD_WORDS = ("too many requests", "bot limit exceed", "flood")
MAX_REPLY_WAIT = 120.0  # seconds of 429 waits one reply sits out before its error is raised
IDLE_CHATS = 1024  # chat buckets kept before the idle ones are forgotten
# Telegram counts messages as they arrive, this limiter as they leave: jitter on the way (a
# database write that holds several ledger sends and lets them go at once, a busy machine) can
# bring paced messages closer together. Everything is paced this much slower than its limit
# (1.1 s between messages at 1/s, 27/s for a budget of 30/s) so that it still arrives within it.
MARGIN = 1.1


_MESSAGE_PREFIXES = ("send", "copyMessage", "forwardMessage")
_NOT_MESSAGES = frozenset({"sendChatAction"})

_bulk: ContextVar[bool] = ContextVar("coopbot_bulk_send", default=False)


@contextmanager
def bulk() -> Iterator[None]:
    """Calls made inside are the bot's own sending (the ledger): the bot-wide budget applies."""
    token = _bulk.set(True)
    try:
        yield
    finally:
        _bulk.reset(token)


def retry_after_seconds(exc: RetryAfter) -> float:
    """The wait a 429 asks for, in seconds (at least DEFAULT_FLOOD_WAIT)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # PTB warns that retry_after will become a timedelta
        value = exc.retry_after
    if isinstance(value, timedelta):
        return max(value.total_seconds(), DEFAULT_FLOOD_WAIT)
    return max(float(value), DEFAULT_FLOOD_WAIT)


def flood_wait(exc: Exception) -> float | None:
    """Seconds to wait when `exc` is a 429 (a RetryAfter, or Bale's "bot limit exceed", which
    python-telegram-bot raises as a NetworkError when it lacks retry_after); None otherwise."""
    if isinstance(exc, RetryAfter):
        return retry_after_seconds(exc)
    if isinstance(exc, NetworkError) and any(w in str(exc).lower() for w in _FLOOD_WORDS):
        return DEFAULT_FLOOD_WAIT
    return None


def is_message(endpoint: str) -> bool:
    """Whether a Bot API method puts a new message into a chat (what the per-chat limit counts)."""
    return endpoint.startswith(_MESSAGE_PREFIXES) and endpoint not in _NOT_MESSAGES


def chat_of(data: dict[str, Any]) -> int | str | None:
    chat_id = data.get("chat_id")
    if isinstance(chat_id, str):
        try:
            return int(chat_id)
        except ValueError:
            return chat_id  # @channelusername
    return chat_id if isinstance(chat_id, int) else None


def is_private(chat: int | str) -> bool:
    return isinstance(chat, int) and chat > 0


class PacingRateLimiter(BaseRateLimiter[None]):
    """Per-chat pacing for every message, the bot-wide budget only for `bulk()` calls, 429s
    honoured per chat. A rate of 0 turns that limit off (429s are still honoured)."""

    def __init__(
        self,
        *,
        bulk_rate: float = 30.0,
        chat_rate: float = 1.0,
        chat_burst: int = 3,
        group_rate_per_minute: float = 20.0,
        max_reply_wait: float = MAX_REPLY_WAIT,
        idle_chats: int = IDLE_CHATS,
    ) -> None:
        self.chat_rate = chat_rate
        self.chat_burst = max(1, chat_burst)
        self.group_rate_per_minute = group_rate_per_minute
        self.max_reply_wait = max_reply_wait
        self.idle_chats = idle_chats
        # spaced sends (no burst) at the budget less the margin
        self._bulk = spaced(bulk_rate / MARGIN) if bulk_rate > 0 else None
        self._chats: dict[int | str, AsyncLimiter] = {}
        self._held: dict[int | str | None, float] = {}  # chat -> loop time its 429 wait ends

    @classmethod
    def for_settings(cls, settings: Settings) -> PacingRateLimiter:
        return cls(
            bulk_rate=settings.rate_limit_per_second,
            chat_rate=settings.chat_rate_per_second,
            chat_burst=settings.chat_burst,
            group_rate_per_minute=settings.group_rate_per_minute,
            max_reply_wait=settings.reply_max_wait_seconds,
        )

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    def _new_limiter(self, chat: int | str) -> AsyncLimiter | None:
        if is_private(chat):
            if self.chat_rate <= 0:
                return None
            return AsyncLimiter(self.chat_burst, self.chat_burst / self.chat_rate * MARGIN)
        if self.group_rate_per_minute <= 0:
            return None
        burst = max(1, min(self.chat_burst, int(self.group_rate_per_minute)))
        return AsyncLimiter(burst, burst * 60 / self.group_rate_per_minute * MARGIN)

    def _chat_limiter(self, chat: int | str) -> AsyncLimiter | None:
        limiter = self._chats.get(chat)
        if limiter is None:
            limiter = self._new_limiter(chat)
            if limiter is None:
                return None
            if len(self._chats) >= self.idle_chats:
                self._forget_idle()
            self._chats[chat] = limiter
        return limiter

    def _forget_idle(self) -> None:
        now = asyncio.get_running_loop().time()
        for key, limiter in list(self._chats.items()):
            if limiter.has_capacity(limiter.max_rate):  # empty bucket: as good as new
                del self._chats[key]
        for held, until in list(self._held.items()):
            if until <= now:
                del self._held[held]

    @property
    def tracked_chats(self) -> int:
        return len(self._chats)

    def held_for(self, chat: int | str | None) -> float:
        """Seconds this chat is still held back by a 429 (0 if not)."""
        until = self._held.get(chat)
        return max(0.0, until - asyncio.get_running_loop().time()) if until else 0.0

    def hold(self, chat: int | str | None, seconds: float) -> None:
        until = asyncio.get_running_loop().time() + seconds
        self._held[chat] = max(self._held.get(chat, 0.0), until)

    async def _wait_held(self, chat: int | str | None) -> None:
        left = self.held_for(chat)
        while left > 0:  # a 429 met meanwhile may have made the hold longer
            await asyncio.sleep(left)
            left = self.held_for(chat)
        self._held.pop(chat, None)

    async def chat_ready(self, chat: int | str) -> None:
        """Wait until a message to `chat` would go out at once: its 429 hold over, its limiter
        with room (taking nothing). For a caller that must not wait once it has begun (the
        ledger's dispatcher waits here before it marks a row "sending")."""
        await self._wait_held(chat)
        limiter = self._chat_limiter(chat)
        if limiter is None:
            return
        # aiolimiter has nothing to wait on without taking: look again each time one drips out
        while not limiter.has_capacity():  # noqa: ASYNC110
            await asyncio.sleep(limiter.time_period / limiter.max_rate)

    async def bulk_ready(self) -> None:
        """Wait until the bot-wide budget has a token (taking nothing; see `chat_ready`)."""
        if self._bulk is not None:
            await self._bulk.ready()

    async def _pace(self, chat: int | str | None, endpoint: str, bulk_call: bool) -> None:
        await self._wait_held(chat)
        if chat is None or not is_message(endpoint):
            return
        limiter = self._chat_limiter(chat)
        if limiter is not None:
            await limiter.acquire()
        if bulk_call and self._bulk is not None:
            await self._bulk.acquire()

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        chat = chat_of(data)
        bulk_call = _bulk.get()
        waited = 0.0
        while True:
            await self._pace(chat, endpoint, bulk_call)
            try:
                return await callback(*args, **kwargs)
            except (RetryAfter, NetworkError) as exc:
                wait = flood_wait(exc)
                if wait is None:
                    raise
                if chat is not None:
                    self.hold(chat, wait)
                if bulk_call or waited + wait > self.max_reply_wait:
                    raise
            waited += wait
            log.info("429 on %s: chat %s waits %.1f s, then it is sent again", endpoint, chat, wait)
            if chat is None:
                await asyncio.sleep(wait)
