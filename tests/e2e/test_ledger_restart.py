"""The real `coopbot run` process dispatching the delivery ledger, killed with SIGKILL in the middle
of a batch and started again: nothing is ever sent twice, and every message gets an outcome. Each
row is marked "sending" in the database before its HTTP call; the message that was on the wire at
the moment of the kill (the Bot API has no idempotency key) is recorded "uncertain" after the
restart, and logged, instead of being sent again. Every other row is sent exactly once.
"""

from __future__ import annotations

import asyncio
import signal
import time
from datetime import UTC, datetime

import pytest

from bot.services.ledger import Notice, at, message
from storage.engine import create_database
from storage.ledger import UNFINISHED, LedgerRepo
from storage.members import MembersRepo
from storage.migrate import upgrade
from tests.e2e.botprocess import TOKENS, running_bot, sandbox_for

pytestmark = pytest.mark.e2e

PEOPLE = 60
FIRST_USER = 7000
ENV = {
    "DELIVERY_RATE_PER_SECOND": "20",
    "DELIVERY_TICK_SECONDS": "0.2",
    "DELIVERY_LEASE_SECONDS": "5",
    "QUIET_HOURS_START": "00:00",  # no quiet hours, whatever time the test runs
    "QUIET_HOURS_END": "00:00",
}


async def seed(db_path) -> None:
    """Another process (this test) writes the batch while the bot runs, as a planner would."""
    db = create_database(f"sqlite+aiosqlite:///{db_path}")
    await upgrade(db)
    now = datetime.now(UTC)
    async with db.write() as conn:
        for i in range(PEOPLE):
            member = await MembersRepo(conn).seen(
                platform="telegram",
                user_id=FIRST_USER + i,
                chat_id=FIRST_USER + i,
                first_name="عضو",
                last_name=None,
                username=None,
                language_code="fa",
                now=now,
            )
            text = message(
                "reminders-session", title="حسابداری", start=at(now), place="تهران، خیابان آزادی"
            )
            await Notice(member.id, "e2e.reminder", "1", now, text).enqueue(conn, now)
    await db.dispose()


async def ledger_state(db_path) -> tuple[dict[str, int], dict[str, set[int]]]:
    """Counts per status, and the user ids of the rows in each status."""
    db = create_database(f"sqlite+aiosqlite:///{db_path}")
    try:
        async with db.read() as conn:
            counts = await LedgerRepo(conn).counts(cause="e2e.reminder")
            rows = await LedgerRepo(conn).find(cause="e2e.reminder")
            members = MembersRepo(conn)
            users: dict[str, set[int]] = {}
            for d in rows:
                user_id = (await members.get_by_id(d.member_id)).user_id
                users.setdefault(d.status, set()).add(user_id)
        return counts, users
    finally:
        await db.dispose()


async def settled(db_path, timeout: float) -> tuple[dict[str, int], dict[str, set[int]]]:
    """Wait until every row has its outcome."""
    deadline = time.monotonic() + timeout
    while True:
        counts, users = await ledger_state(db_path)
        if not set(counts) & set(UNFINISHED):
            return counts, users
        if time.monotonic() > deadline:
            raise TimeoutError(f"rows without an outcome: {counts}")
        await asyncio.sleep(0.2)


async def test_sigkill_mid_batch_then_restart_sends_nothing_twice(tmp_path):
    db_path = tmp_path / "bot.sqlite3"
    async with sandbox_for("telegram") as sandbox:
        sandbox.config.latency_s = 0.03  # each send takes a little while, like a real network
        token = TOKENS["telegram"]
        people = [sandbox.person(FIRST_USER + i, token=token) for i in range(PEOPLE)]

        def delivered() -> int:
            return sum(1 for p in people if p.delivered)

        async with running_bot(sandbox, db_path, ("telegram",), **ENV) as bot:
            await seed(db_path)
            await sandbox.wait_for(lambda: delivered() >= PEOPLE // 3, timeout=30)
            assert await bot.kill() == -signal.SIGKILL
        first_life = {p.user_id for p in people if p.delivered}
        assert len(first_life) < PEOPLE, "the batch had finished before the kill"
        # the row on the wire at the kill: marked "sending" before its call, no outcome yet
        _, at_kill = await ledger_state(db_path)
        on_the_wire = at_kill.get("sending", set())
        assert len(on_the_wire) <= 2
        assert at_kill.get("sent", set()) <= first_life

        async with running_bot(sandbox, db_path, ("telegram",), **ENV) as second:
            counts, after = await settled(db_path, timeout=60)
            await sandbox.wait_idle(idle_s=0.5, timeout=30)
            log = second.log()
        # nobody got anything twice
        assert all(p.delivered <= 1 for p in people), [p.user_id for p in people if p.delivered > 1]
        # every row has an outcome: sent, or uncertain for the one that was on the wire
        assert set(counts) <= {"sent", "uncertain"}, counts
        assert after.get("uncertain", set()) == on_the_wire
        assert counts.get("sent", 0) + len(on_the_wire) == PEOPLE
        assert {p.user_id for p in people if p.delivered == 1} >= after["sent"]
        assert {p.user_id for p in people if not p.delivered} <= on_the_wire
        for _ in on_the_wire:
            assert "recorded as uncertain (it may have arrived), not sent again" in log
        print(f"kill -9 after {len(first_life)} of {PEOPLE}: {len(on_the_wire)} on the wire")
        text = next(p for p in people if p.delivered).last().text
        assert text.startswith("تعاونگر گرامی، یادآوری جلسهٔ دورهٔ «حسابداری»:")
