"""bot/messenger/pacing.py: replies paced per chat, the bot-wide budget only for the ledger's
sends, 429s
held per chat. The event loop's clock is fast-forwarded (looptime): no real sleeps."""

from __future__ import annotations

import asyncio
import warnings
from collections import defaultdict
from datetime import timedelta
from typing import Any

import pytest
from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut

from bot.messenger.pacing import PacingRateLimiter, bulk, flood_wait, is_message
from bot.messenger.spacing import spacing_burst

pytestmark = pytest.mark.looptime


def flood(seconds: int) -> RetryAfter:
    with warnings.catch_warnings():  # python-telegram-bot's own deprecation note, in __init__
        warnings.simplefilter("ignore")
        return RetryAfter(timedelta(seconds=seconds))


class FakeApi:
    """The callback the limiter wraps: records (loop time, endpoint, chat) of every call that
    reached 'Telegram', and raises the errors queued for a chat."""

    def __init__(self) -> None:
        self.calls: list[tuple[float, str, Any]] = []
        self.errors: dict[Any, list[Exception]] = defaultdict(list)

    async def __call__(self, endpoint: str, data: dict[str, Any]) -> dict[str, Any]:
        chat = data.get("chat_id")
        self.calls.append((asyncio.get_running_loop().time(), endpoint, chat))
        if self.errors[chat]:
            raise self.errors[chat].pop(0)
        return {"ok": True}

    def times(self, chat: Any, endpoint: str | None = None) -> list[float]:
        return [t for t, e, c in self.calls if c == chat and endpoint in (None, e)]


async def call(limiter: PacingRateLimiter, api: FakeApi, endpoint: str, chat: Any) -> Any:
    data = {"chat_id": chat} if chat is not None else {}
    return await limiter.process_request(api, (endpoint, data), {}, endpoint, data, None)


def now() -> float:
    return asyncio.get_running_loop().time()


async def test_replies_to_many_chats_do_not_share_the_bot_wide_budget():
    limiter, api = PacingRateLimiter(bulk_rate=2, chat_rate=1, chat_burst=3), FakeApi()
    start = now()
    await asyncio.gather(*(call(limiter, api, "sendMessage", chat) for chat in range(1, 301)))
    assert len(api.calls) == 300
    assert now() - start < 0.01  # under AIORateLimiter(30/s) this took 10 s


async def test_the_ledgers_sends_take_the_bot_wide_budget():
    limiter, api = PacingRateLimiter(bulk_rate=2, chat_rate=1, chat_burst=3), FakeApi()
    start = now()

    async def own(chat: int) -> None:
        with bulk():
            await call(limiter, api, "copyMessage", chat)

    await asyncio.gather(*(own(chat) for chat in range(1, 11)))
    # no burst: spaced 2 a second less the 10 % margin (0.55 s), the second a fraction f of a
    # space early (the tolerance, bot/messenger/spacing.py)
    f = spacing_burst(2 / 1.1) - 1
    assert now() - start == pytest.approx((9 - f) * 0.55, abs=0.01)
    # meanwhile a reply goes out at once
    start = now()
    await call(limiter, api, "sendMessage", 99)
    assert now() - start < 0.01


async def test_replies_in_one_chat_are_paced_after_a_burst_edits_and_answers_are_not():
    limiter, api = PacingRateLimiter(chat_rate=1, chat_burst=3), FakeApi()
    start = now()
    for _ in range(6):
        await call(limiter, api, "sendMessage", 7)
    for _ in range(5):
        await call(limiter, api, "editMessageText", 7)
        await call(limiter, api, "answerCallbackQuery", None)
    sends = [round(t - start, 2) for t in api.times(7, "sendMessage")]
    assert sends == [0, 0, 0, 1.1, 2.2, 3.3]  # 1/s, 10 % margin for jitter on the way
    edits = [round(t - start, 2) for t in api.times(7, "editMessageText")]
    assert edits == [3.3] * 5


async def test_groups_get_twenty_a_minute():
    limiter, api = PacingRateLimiter(chat_rate=1, chat_burst=3, group_rate_per_minute=20), FakeApi()
    start = now()
    for _ in range(5):
        await call(limiter, api, "sendMessage", -100123)
    assert [round(t - start, 1) for t in api.times(-100123)] == [0, 0, 0, 3.3, 6.6]


async def test_a_429_in_one_chat_holds_that_chat_only_and_the_reply_is_sent_again():
    limiter, api = PacingRateLimiter(chat_rate=0), FakeApi()
    api.errors[1] = [flood(5)]
    start = now()
    slow = asyncio.create_task(call(limiter, api, "sendMessage", 1))
    await asyncio.sleep(1)
    await call(limiter, api, "sendMessage", 2)  # another person: not held
    assert api.times(2) == [pytest.approx(start + 1, abs=0.01)]
    assert limiter.held_for(1) == pytest.approx(4, abs=0.01)
    next_in_1 = asyncio.create_task(call(limiter, api, "sendMessage", 1))
    assert await slow == {"ok": True}  # the reply was not dropped
    await next_in_1
    assert [round(t - start, 2) for t in api.times(1)] == [0, 5, 5]
    assert limiter.held_for(1) == 0


async def test_a_bale_429_without_retry_after_waits_a_second():
    limiter, api = PacingRateLimiter(chat_rate=0), FakeApi()
    api.errors[1] = [NetworkError("bot limit exceed")]
    start = now()
    await call(limiter, api, "sendMessage", 1)
    assert [round(t - start, 2) for t in api.times(1)] == [0, 1]


async def test_a_reply_gives_up_only_after_max_reply_wait_in_all():
    limiter, api = PacingRateLimiter(chat_rate=0, max_reply_wait=30), FakeApi()
    api.errors[1] = [flood(10)] * 10
    start = now()
    with pytest.raises(RetryAfter):
        await call(limiter, api, "sendMessage", 1)
    assert len(api.times(1)) == 4  # waited 10 + 10 + 10 s; a fourth wait would pass 30 s
    assert now() - start == pytest.approx(30, abs=0.01)


async def test_the_ledgers_429_reaches_the_dispatcher_at_once_and_holds_the_chat():
    limiter, api = PacingRateLimiter(chat_rate=0), FakeApi()
    api.errors[1] = [flood(3)]
    start = now()
    with pytest.raises(RetryAfter), bulk():
        await call(limiter, api, "sendMessage", 1)
    assert now() - start < 0.01
    await call(limiter, api, "sendMessage", 1)  # the person's next reply waits for the hold
    assert now() - start == pytest.approx(3, abs=0.01)


async def test_other_errors_pass_through_untouched():
    limiter, api = PacingRateLimiter(), FakeApi()
    api.errors[1] = [BadRequest("chat not found"), TimedOut()]
    with pytest.raises(BadRequest):
        await call(limiter, api, "sendMessage", 1)
    with pytest.raises(TimedOut):
        await call(limiter, api, "sendMessage", 1)
    assert len(api.calls) == 2 and limiter.held_for(1) == 0


async def test_idle_chats_are_forgotten():
    limiter, api = PacingRateLimiter(chat_rate=1, chat_burst=3, idle_chats=50), FakeApi()
    for chat in range(1, 201):
        await call(limiter, api, "sendMessage", chat)
        await asyncio.sleep(0.5)
    assert limiter.tracked_chats <= 50


def test_what_counts_as_a_message_and_a_flood():
    assert is_message("sendMessage") and is_message("copyMessage") and is_message("sendDocument")
    assert not is_message("sendChatAction") and not is_message("editMessageText")
    assert not is_message("answerCallbackQuery")
    assert flood_wait(flood(7)) == 7
    assert flood_wait(NetworkError("Too Many Requests")) == 1.0
    assert flood_wait(NetworkError("Bad Gateway")) is None
    assert flood_wait(BadRequest("x")) is None


async def test_reply_max_wait_comes_from_the_settings():
    from bot.core.config import Settings

    limiter = PacingRateLimiter.for_settings(Settings(_env_file=None, reply_max_wait_seconds=0))
    api = FakeApi()
    api.errors[1] = [flood(1)]
    with pytest.raises(RetryAfter):  # 0: no waiting, the error at once
        await call(limiter, api, "sendMessage", 1)
    assert len(api.calls) == 1


def busiest_window(times: list[float], width: float = 1.0) -> int:
    """The most starts inside any closed window of `width` seconds."""
    times = sorted(times)
    most, first = 0, 0
    for last, t in enumerate(times):
        while t - times[first] > width + 1e-9:
            first += 1
        most = max(most, last - first + 1)
    return most


@pytest.mark.parametrize("budget", [30, 20, 7.5])
async def test_the_bulk_budget_never_bursts(budget):
    """However the ledger's sends bunch up (hundreds at once, after idle pauses), no 1-second
    window holds more than the budget + 1 of them, and the long run keeps the paced rate."""
    limiter, api = PacingRateLimiter(bulk_rate=budget, chat_rate=0), FakeApi()

    async def own(chat: int) -> None:
        with bulk():
            await call(limiter, api, "sendMessage", chat)

    start = now()
    await asyncio.gather(*(own(chat) for chat in range(1, 301)))
    await asyncio.sleep(5)  # idle: nothing stored up meanwhile but the tolerance
    await asyncio.gather(*(own(chat) for chat in range(301, 401)))
    for _ in range(20):  # trickles: a few at a time, with short pauses
        await asyncio.gather(*(own(chat) for chat in range(1, 4)))
        await asyncio.sleep(0.07)
    times = [t for t, _e, _c in api.calls]
    assert len(times) == 460
    assert busiest_window(times) <= budget + 1
    first = [t for t in times if t < start + 5]
    paced = budget / 1.1  # the margin (pacing.MARGIN)
    assert (len(first) - 1) / (max(first) - min(first)) >= 0.97 * paced
    # a reply is not held back by the bulk sends
    before = now()
    await call(limiter, api, "sendMessage", 10_000)
    assert now() - before < 0.01
