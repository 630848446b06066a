"""The ledger service: quiet hours, expiry, backoff, outcomes (both engines)."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, time, timedelta

import pytest

from bot.persian.jalali import TEHRAN, to_utc
from bot.services.ledger import (
    LedgerService,
    Notice,
    PayloadTemplate,
    at,
    button,
    in_quiet_hours,
    label,
    localized,
    message,
    on,
    quiet_hours_end,
    topic,
)
from storage.group_commit import GroupCommit
from storage.ledger import LedgerRepo, PlannedRow, payload_json
from storage.members import MembersRepo
from tests.services.reminder_fakes import add_member

Q = (time(22, 0), time(8, 0))


def tehran(hh: int, mm: int = 0, day: int = 16) -> datetime:
    return to_utc(datetime(2025, 11, day, hh, mm, tzinfo=TEHRAN))


@pytest.mark.parametrize(
    ("hh", "mm", "quiet"),
    [(21, 59, False), (22, 0, True), (23, 30, True), (0, 0, True), (7, 59, True), (8, 0, False)],
)
def test_quiet_hours_wrap_midnight_in_tehran_time(hh, mm, quiet):
    assert in_quiet_hours(tehran(hh, mm), *Q) is quiet


def test_quiet_hours_end_and_disabled():
    assert quiet_hours_end(tehran(23), *Q) == tehran(8, day=17)
    assert quiet_hours_end(tehran(3), *Q) == tehran(8)
    assert quiet_hours_end(tehran(12), *Q) == tehran(12)
    assert not in_quiet_hours(tehran(23), time(0, 0), time(0, 0))
    assert in_quiet_hours(tehran(13), time(12, 0), time(14, 0))  # a window within one day
    assert not in_quiet_hours(tehran(14), time(12, 0), time(14, 0))


def test_payload_helpers():
    when = datetime(2025, 11, 18, 6, 30, tzinfo=UTC)
    payload = message(
        "k",
        buttons=[[button("b", "x:y")]],
        when=at(when),
        day=on(when),
        what=label("other-key"),
        t=topic("ict"),
        title=localized(fa="الف", en="A"),
        n=3,
    )
    assert payload == {
        "text": {
            "key": "k",
            "args": {
                "when": {"datetime": "2025-11-18T06:30:00+00:00"},
                "day": {"date": "2025-11-18T06:30:00+00:00"},
                "what": {"text": "other-key"},
                "t": {"topic": "ict"},
                "title": {"by_locale": {"fa": "الف", "en": "A"}},
                "n": 3,
            },
        },
        "buttons": [[{"key": "b", "data": "x:y"}]],
    }
    with pytest.raises(ValueError):
        at(datetime(2025, 11, 18, 6, 30))  # noqa: DTZ001


def test_backoff_is_bounded(db, clock, settings):
    ledger = LedgerService(db, clock, settings)
    assert [ledger.backoff(n).total_seconds() for n in range(1, 9)] == [
        5,
        10,
        20,
        40,
        80,
        160,
        300,
        300,
    ]


def test_send_time_defers_only_non_urgent(db, clock, settings):
    ledger = LedgerService(db, clock, settings)
    assert ledger.send_time(tehran(23)) == tehran(8, day=17)
    assert ledger.send_time(tehran(23), urgent=True) == tehran(23)


async def test_claim_in_quiet_hours_takes_only_urgent_rows(db, clock, settings):
    ledger = LedgerService(db, clock, settings)
    m = await add_member(db, clock, 1)
    clock.set(tehran(23))
    text = message("k")
    assert (
        await ledger.plan(
            [
                Notice(m, "a", "normal", clock.now(), text),
                Notice(m, "a", "urgent", clock.now(), text, urgent=True),
            ]
        )
        == 2
    )
    [urgent] = await ledger.claim("telegram", "w", 10)
    assert urgent.occurrence == "urgent"
    await ledger.sent(urgent, "w", message_id=1)
    clock.set(tehran(8, day=17))
    assert [d.occurrence for d in await ledger.claim("telegram", "w", 10)] == ["normal"]


async def test_retry_until_the_attempts_are_used_up(db, clock, settings):
    ledger = LedgerService(db, clock, settings.model_copy(update={"delivery_max_attempts": 3}))
    m = await add_member(db, clock, 1)
    await ledger.plan([Notice(m, "a", "o", clock.now(), message("k"))])
    waits = []
    for _ in range(3):
        [row] = await ledger.claim("telegram", "w", 10)
        decision = await ledger.retry_or_fail(row, "w", "502 Bad Gateway")
        if decision.retry:
            waits.append((decision.at - clock.now()).total_seconds())
            clock.set(decision.at)
    assert waits == [5, 10]
    [row] = await ledger.find(member_id=m)
    assert row.status == "failed" and row.attempts == 3
    assert row.reason == "502 Bad Gateway (after 3)"


async def test_no_retry_past_the_expiry(db, clock, settings):
    ledger = LedgerService(db, clock, settings)
    m = await add_member(db, clock, 1)
    expires = clock.now() + timedelta(seconds=3)
    await ledger.plan([Notice(m, "a", "o", clock.now(), message("k"), expires_at=expires)])
    [row] = await ledger.claim("telegram", "w", 10)
    assert not (await ledger.retry_or_fail(row, "w", "timed out")).retry
    assert (await ledger.find(member_id=m))[0].status == "failed"


async def test_triage_expired_and_blocked(db, clock, settings):
    ledger = LedgerService(db, clock, settings)
    m = await add_member(db, clock, 1)
    now = clock.now()
    await ledger.plan(
        [
            Notice(m, "a", "late", now - timedelta(hours=3), message("k"), expires_at=now),
            Notice(m, "a", "fine", now, message("k")),
        ]
    )
    rows = {d.occurrence: d for d in await ledger.claim("telegram", "w", 10)}
    assert ledger.triage(rows["late"]) == "expired"
    assert ledger.triage(rows["fine"]) == "send"
    await ledger.blocked(rows["fine"], "w", "Forbidden: bot was blocked by the user")
    async with db.read() as conn:
        assert (await MembersRepo(conn).get_by_id(m)).is_blocked
    await ledger.plan([Notice(m, "a", "next", now, message("k"))])
    [row] = await ledger.claim("telegram", "w", 10)
    assert ledger.triage(row) == "blocked"


async def test_concurrent_row_writes_share_a_transaction(db, clock, settings, monkeypatch):
    """Group commit: each caller resumes once its write is committed; writes that arrive while
    one transaction runs share the next; a failure reaches every write of its transaction, and
    none of them is committed."""
    ledger = LedgerService(db, clock, settings)
    members = [await add_member(db, clock, uid) for uid in range(1, 11)]
    await ledger.plan([Notice(m, "a", "o", clock.now(), message("k")) for m in members])
    rows = await ledger.claim("telegram", "w", 10)
    transactions = 0
    write = db.write

    def counted():
        nonlocal transactions
        transactions += 1
        return write()

    monkeypatch.setattr(db, "write", counted)
    assert await asyncio.gather(*(ledger.begin_send(r, "w") for r in rows)) == [True] * 10
    assert 1 <= transactions < 10
    assert await ledger.counts() == {"sending": 10}
    assert await asyncio.gather(ledger.begin_send(rows[0], "w"), ledger.end_send(rows[1], "w")) == [
        False,  # already sending
        True,
    ]

    group = GroupCommit(db)

    async def broken(conn):
        raise RuntimeError("the disk is full")

    # one bad write in a batch: the batch is rolled back, then each write is tried on its own,
    # so only the bad one's caller gets the error
    results = await asyncio.gather(
        group.run(lambda conn: LedgerRepo(conn).end_send(rows[2].id, worker="w")),
        group.run(broken),
        group.run(lambda conn: LedgerRepo(conn).end_send(rows[3].id, worker="w")),
        return_exceptions=True,
    )
    assert results[0] is True and results[2] is True
    assert isinstance(results[1], RuntimeError)
    claimed = [r.id for r in await ledger.find(status="claimed")]
    assert claimed == [rows[1].id, rows[2].id, rows[3].id]  # the good writes were committed
    alone = await asyncio.gather(group.run(broken), return_exceptions=True)
    assert isinstance(alone[0], RuntimeError)


def test_payload_templates_write_the_same_json_as_each_payload():
    def build(reg_id: int) -> dict:
        return message(
            "reminders-session",
            title=localized(fa="حسابداری", en="Accounting"),
            start=at(datetime(2025, 11, 18, 6, 30, tzinfo=UTC)),
            buttons=[[button("reminders-attend-yes", f"rem:att:{reg_id}:yes:202511180630")]],
        )

    template = PayloadTemplate(build)
    for reg_id in (1, 7, 42, 100_000, 2**31 - 1):
        assert template.json(reg_id) == payload_json(build(reg_id))
        assert json.loads(template.json(reg_id)) == template.make(reg_id)
    assert "حسابداری" in template.json(1) and ", " not in template.json(1)  # UTF-8, compact
    constant = PayloadTemplate.constant(message("reminders-deadline", title="x"))
    assert (
        constant.json(5)
        == constant.json(6)
        == payload_json(message("reminders-deadline", title="x"))
    )

    # the probe's digits by chance in a text: the number cannot be told apart, so each row is
    # written on its own, still right
    def unlucky(reg_id: int) -> dict:
        return message("k", title="987654321012345", buttons=[[button("b", f"x:{reg_id}")]])

    odd = PayloadTemplate(unlucky)
    assert odd.json(3) == payload_json(unlucky(3))


async def test_bulk_writer_writes_in_chunks_and_reports_a_failed_one(
    db, clock, settings, monkeypatch
):
    monkeypatch.setattr("bot.services.ledger.PLAN_CHUNK", 3)
    ledger = LedgerService(db, clock, settings)
    m = await add_member(db, clock, 1)
    rows = [
        PlannedRow(m, "bulk", str(i), clock.now(), None, "g", payload_json(message("k")))
        for i in range(10)
    ]
    async with ledger.bulk() as writer:
        await writer.add(rows[:4])
        await writer.add(rows[4:])
    assert writer.written == 10 and await ledger.counts("g") == {"pending": 10}
    async with ledger.bulk() as again:
        await again.add(rows)
    assert again.written == 0

    real = LedgerRepo.insert_planned
    calls = 0

    async def second_fails(self, chunk, **kw):
        nonlocal calls
        calls += 1
        if calls == 2:
            raise RuntimeError("disk full")
        return await real(self, chunk, **kw)

    monkeypatch.setattr(LedgerRepo, "insert_planned", second_fails)
    more = [r._replace(occurrence=f"more{i}") for i, r in enumerate(rows)]
    with pytest.raises(RuntimeError, match="disk full"):
        async with ledger.bulk() as failing:
            await failing.add(more)
    # the chunks that did commit stay (the planner's next run writes the rest); none twice
    counts = await ledger.counts("g")
    assert counts["pending"] < 20 and len(await ledger.find(cause="bulk")) == counts["pending"]
