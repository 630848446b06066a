"""Pacing under Telegram's flood limits (issue 13), end to end: the real `coopbot run` process
against the sandbox with its flood limits on (1/s per chat with bursts of 3, 30/s for bulk).

- Replies are not held by the bot-wide budget: with RATE_LIMIT_PER_SECOND=2 (the budget of the
  bot's own sends), 30 people saying /start at once all get their welcome and menu (60 messages)
  within seconds; AIORateLimiter(2/s) over every call took 30 s.
- A person flooding their chat (100 messages at once) is told once to slow down, in their
  language; what is beyond the queue limit is dropped, the rest answered; someone else who writes
  meanwhile is answered at once; the sandbox answers no call with 429.
"""

from __future__ import annotations

import asyncio
import time

import pytest

from bot.core.i18n import Translator
from sandbox import Sandbox, SandboxConfig
from tests.e2e.botprocess import TOKENS, running_bot

pytestmark = pytest.mark.e2e

TOKEN = TOKENS["telegram"]
PACED = {"CHAT_RATE_PER_SECOND": "1", "CHAT_BURST": "3", "CHAT_QUEUE_LIMIT": "10"}


def floods(sandbox: Sandbox) -> int:
    return sum(1 for c in sandbox.state.calls if c.status == 429)


async def test_replies_to_many_people_are_not_held_by_the_bot_wide_budget(tmp_path):
    async with Sandbox(SandboxConfig(latency_s=0.05)) as sandbox:
        sandbox.add_bot(TOKEN, platform="telegram")
        people = [sandbox.person(50_000 + i, "مریم", "fa", TOKEN) for i in range(30)]
        env = {**PACED, "RATE_LIMIT_PER_SECOND": "2"}
        async with running_bot(sandbox, tmp_path / "bot.sqlite3", ("telegram",), **env):
            started = time.monotonic()
            for person in people:
                person.send_command("/start")
            await asyncio.gather(
                *(p.wait_for(lambda p: len(p.messages()) >= 2, timeout=30) for p in people)
            )
            took = time.monotonic() - started
    assert took < 10, f"60 replies took {took:.1f} s; a 2/s budget over replies needs 30 s"
    assert floods(sandbox) == 0


async def test_a_flood_in_one_chat_is_told_once_and_another_person_does_not_wait(tmp_path):
    t = Translator()
    async with Sandbox(SandboxConfig(latency_s=0.05)) as sandbox:
        sandbox.add_bot(TOKEN, platform="telegram")
        flooder = sandbox.person(60_001, "علی", "fa", TOKEN)
        other = sandbox.person(60_002, "Sara", "en", TOKEN)
        async with running_bot(sandbox, tmp_path / "bot.sqlite3", ("telegram",), **PACED) as bot:
            flooder.send_command("/start")
            await flooder.wait_for(lambda p: len(p.messages()) >= 2, timeout=30)
            for i in range(100):
                flooder.send_text(f"سلام {i}")
            await asyncio.sleep(0.5)  # the flood is queued in the bot
            started = time.monotonic()
            other.send_command("/start")
            await other.wait_for(lambda p: len(p.messages()) >= 2, timeout=30)
            other_took = time.monotonic() - started
            notice = t("fa", "flood-slow-down")
            await flooder.wait_for(
                lambda p: any(m.text == notice for m in p.messages()), timeout=30
            )
            await asyncio.sleep(2)  # no second notice follows
            told = sum(1 for m in flooder.messages() if m.text == notice)
            log = bot.log()
    assert other_took < 3, f"the other person waited {other_took:.1f} s"
    assert told == 1
    assert "flood in chat 60001" in log and "سلام" not in log  # counted, content not logged
    assert floods(sandbox) == 0


async def test_a_429_holds_back_that_chat_only_and_its_reply_still_arrives(tmp_path):
    async with Sandbox(SandboxConfig(latency_s=0.05)) as sandbox:
        sandbox.add_bot(TOKEN, platform="telegram")
        held = sandbox.person(70_001, "مریم", "fa", TOKEN)
        other = sandbox.person(70_002, "رضا", "fa", TOKEN)
        async with running_bot(sandbox, tmp_path / "bot.sqlite3", ("telegram",), **PACED):
            sandbox.fail_next(1, 429, methods="sendMessage", retry_after=3)
            started = time.monotonic()
            held.send_command("/start")  # its first reply meets the 429
            await sandbox.wait_for(lambda: floods(sandbox) == 1, timeout=30)
            other.send_command("/start")
            await other.wait_for(lambda p: len(p.messages()) >= 2, timeout=30)
            other_took = time.monotonic() - started
            await held.wait_for(lambda p: len(p.messages()) >= 2, timeout=30)
            held_took = time.monotonic() - started
    assert other_took < 2.5, f"the other chat waited {other_took:.1f} s for a 429 not its own"
    assert held_took >= 3, "the held chat waited out retry_after"
    # the same replies, in the same order (the greeting names each person)
    assert [m.text.replace("مریم", "…") for m in held.messages()] == [
        m.text.replace("رضا", "…") for m in other.messages()
    ], "the held reply was sent again, nothing lost"
