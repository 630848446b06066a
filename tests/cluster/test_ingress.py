"""The ingress stores every update as a job before it confirms it, and exactly one ingress
polls a messenger at a time; another takes over when it stops."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

import psycopg
import pytest
from procrastinate.exceptions import ConnectorException

from bot.cluster.ingress import Ingress, lock_of
from bot.core.config import Settings
from sandbox import Sandbox, SandboxConfig

TOKEN = "666666:ingress-telegram"


def settings_for(pg_url: str) -> Settings:
    return Settings(_env_file=None, database_url=pg_url, rate_limit_per_second=0)


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    async with Sandbox(SandboxConfig(rate_limit_enabled=False)) as sb:
        sb.add_bot(TOKEN, platform="telegram")
        yield sb


class FlakyIngress(Ingress):
    """Its first `failures` stores fail, as when the database is briefly unreachable."""

    def __init__(self, *args: Any, failures: int = 0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.failures = failures
        self.attempts: list[list[int]] = []

    async def store(self, platform, updates):
        self.attempts.append([u["update_id"] for u in updates])
        if self.failures:
            self.failures -= 1
            raise ConnectorException("the database is not reachable")
        await super().store(platform, updates)


@contextlib.asynccontextmanager
async def running(ingress: Ingress) -> AsyncIterator[asyncio.Task]:
    await ingress.start({"telegram": TOKEN})
    task = asyncio.create_task(ingress.run())
    try:
        yield task
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await ingress.stop()


async def jobs(conninfo: str) -> list[tuple[str, dict]]:
    async with await psycopg.AsyncConnection.connect(conninfo, autocommit=True) as conn:
        cur = await conn.execute("SELECT lock, args FROM procrastinate_jobs ORDER BY id")
        return [(lock, args) for lock, args in await cur.fetchall()]


async def until(predicate, timeout: float = 15.0) -> None:
    async with asyncio.timeout(timeout):
        while not await predicate():  # noqa: ASYNC110  (state decided by other processes)
            await asyncio.sleep(0.05)


async def test_updates_are_stored_before_they_are_confirmed(pg_url, conninfo, sandbox):
    ingress = FlakyIngress(settings_for(pg_url), {"telegram": sandbox.base_url}, failures=2)
    bot = sandbox.bot(TOKEN)
    maryam = sandbox.person(5001, "مریم", token=TOKEN)
    sam = sandbox.person(5002, "Sam", language_code="en", token=TOKEN)
    first = [maryam.send_command("/start"), sam.send_text("hello"), maryam.send_text("سلام")]
    async with running(ingress):

        async def failed_twice() -> bool:
            return len(ingress.attempts) >= 3

        await until(failed_twice)
        # the same batch was offered to the store three times; nothing was confirmed meanwhile
        ids = [u["update_id"] for u in first]
        assert ingress.attempts[:3] == [ids, ids, ids]

        async def stored() -> bool:
            return len(await jobs(conninfo)) == 3

        await until(stored)
        later = maryam.send_text("دوباره")

        async def all_stored() -> bool:
            return len(await jobs(conninfo)) == 4

        await until(all_stored)
        # confirmed: the sandbox forgot the first batch once the next getUpdates came
        assert all(u.update_id >= later["update_id"] for u in bot.updates)
    stored_jobs = await jobs(conninfo)
    assert [args["update"]["update_id"] for _, args in stored_jobs] == [*ids, later["update_id"]]
    assert [lock for lock, _ in stored_jobs] == [
        f"telegram:{maryam.chat_id}",
        f"telegram:{sam.chat_id}",
        f"telegram:{maryam.chat_id}",
        f"telegram:{maryam.chat_id}",
    ]
    assert all(args["messenger"] == "telegram" for _, args in stored_jobs)


async def test_one_ingress_polls_and_another_takes_over(pg_url, conninfo, sandbox):
    first = Ingress(settings_for(pg_url), {"telegram": sandbox.base_url})
    second = Ingress(settings_for(pg_url), {"telegram": sandbox.base_url})
    maryam = sandbox.person(5003, "مریم", token=TOKEN)
    async with running(first) as first_task:

        async def leading() -> bool:
            return first.leaders["telegram"].leading

        await until(leading)
        async with running(second):
            maryam.send_text("یک")

            async def one() -> bool:
                return len(await jobs(conninfo)) == 1

            await until(one)
            assert (first.stored, second.stored) == (1, 0)
            assert not second.leaders["telegram"].leading
            first_task.cancel()  # its leadership's session ends, as when its process dies

            async def taken_over() -> bool:
                return second.leaders["telegram"].leading

            await until(taken_over)
            maryam.send_text("دو")

            async def two() -> bool:
                return len(await jobs(conninfo)) == 2

            await until(two)
            assert second.stored == 1


def test_the_lock_is_the_chat_or_the_person():
    person = {"id": 42, "is_bot": False, "first_name": "M"}
    chat = {"id": 42, "type": "private"}
    message = {
        "update_id": 1,
        "message": {"message_id": 1, "date": 0, "chat": chat, "from": person, "text": "x"},
    }
    assert lock_of("bale", message) == "bale:42"
    assert lock_of("telegram", {"update_id": 9, "odd": {}}) == "telegram:update:9"


def test_the_quick_lock_is_the_one_the_parsed_update_gives():
    """Messages and button presses are read without building the Update: the same lock as
    python-telegram-bot's effective chat or user, for every shape (others take the slow way)."""
    from bot.cluster.ingress import _plain_chat_id, parsed_lock

    person = {"id": 42, "is_bot": False, "first_name": "M"}
    group = {"id": -100123, "type": "supergroup", "title": "تعاونی"}
    message = {"message_id": 1, "date": 0, "chat": group, "from": person, "text": "x"}
    shapes: list[dict[str, Any]] = [
        {"update_id": 1, "message": message},
        {"update_id": 2, "edited_message": {**message, "edit_date": 1}},
        {
            "update_id": 3,
            "callback_query": {
                "id": "c",
                "from": person,
                "chat_instance": "i",
                "data": "m:help",
                "message": message,
            },
        },
        {
            "update_id": 4,
            "callback_query": {
                "id": "c",
                "from": person,
                "chat_instance": "i",
                "inline_message_id": "x",
                "data": "d",
            },
        },
        {
            "update_id": 5,
            "callback_query": {
                "id": "c",
                "from": person,
                "chat_instance": "i",
                "message": {"message_id": 1, "date": 0, "chat": group},
            },
        },
        {"update_id": 6, "channel_post": message},
        {"update_id": 7, "poll_answer": {"poll_id": "p", "user": person, "option_ids": [0]}},
        {"update_id": 8, "message": {**message, "chat": {"type": "private"}}},  # no id
        {"update_id": 9, "message": {**message, "chat": {"id": "42", "type": "private"}}},
        {"update_id": 10, "message": message, "edited_message": message},
        {"update_id": 11, "odd": {}},
        {"update_id": 12, "message": None},
    ]
    quick = 0
    for update in shapes:
        assert lock_of("telegram", update) == parsed_lock("telegram", update), update
        quick += _plain_chat_id(update) is not None
    assert quick == 4  # the messages, the edit and the presses on a message
