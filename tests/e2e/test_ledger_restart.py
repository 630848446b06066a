"""The real `coopbot run` process dispatching the delivery ledger, killed with SIGKILL in the middle
of a batch and started again: every due message is delivered, and only a message that was on the
wire at the moment of the kill can arrive twice (the Bot API has no idempotency key; the ledger
records each outcome right after its answer, so nothing else is repeated).
"""

from __future__ import annotations

import signal
from datetime import UTC, datetime

import pytest

from bot.services.ledger import Notice, at, message
from storage.engine import create_database
from storage.ledger import LedgerRepo
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


async def ledger_state(db_path) -> tuple[dict[str, int], set[int]]:
    """Counts per status, and the user ids whose message is recorded as sent."""
    db = create_database(f"sqlite+aiosqlite:///{db_path}")
    try:
        async with db.read() as conn:
            counts = await LedgerRepo(conn).counts()
            sent = await LedgerRepo(conn).find(cause="e2e.reminder", status="sent")
            members = MembersRepo(conn)
            users = {(await members.get_by_id(d.member_id)).user_id for d in sent}
        return counts, users
    finally:
        await db.dispose()


async def test_sigkill_mid_batch_then_restart_delivers_every_message(tmp_path):
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
        # what the dead process sent but had not recorded yet (its answer arrived just before
        # the kill): the only messages that may be sent again
        _, recorded = await ledger_state(db_path)
        on_the_wire = first_life - recorded
        assert len(on_the_wire) <= 2
        async with running_bot(sandbox, db_path, ("telegram",), **ENV):
            await sandbox.wait_for(lambda: delivered() == PEOPLE, timeout=60)
            await sandbox.wait_idle(idle_s=0.5, timeout=30)
        counts, recorded = await ledger_state(db_path)
        assert counts == {"sent": PEOPLE}
        assert all(p.delivered >= 1 for p in people)
        twice = {p.user_id for p in people if p.delivered > 1}
        assert twice <= on_the_wire, (twice, on_the_wire)
        assert all(p.delivered == 1 for p in people if p.user_id not in on_the_wire)
        text = people[0].last().text
        assert text.startswith("تعاونگر گرامی، یادآوری جلسهٔ دورهٔ «حسابداری»:")
