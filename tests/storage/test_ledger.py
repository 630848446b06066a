"""The delivery ledger repository on both engines: keys, claims, leases, outcomes."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta

import pytest
from sqlalchemy import text

from storage.engine import create_database
from storage.ledger import LedgerRepo, PlannedRow
from storage.members import MembersRepo
from tests.conftest import PG_URL

TEXT = {"text": {"key": "reminders-test", "args": {}}}


async def add_member(db, clock, user_id: int, platform: str = "telegram") -> int:
    async with db.write() as conn:
        member = await MembersRepo(conn).seen(
            platform=platform,
            user_id=user_id,
            chat_id=user_id,
            first_name="x",
            last_name=None,
            username=None,
            language_code="fa",
            now=clock.now(),
        )
    return member.id


async def enqueue(db, member_id: int, occurrence: str, due, **kw) -> bool:
    async with db.write() as conn:
        return await LedgerRepo(conn).enqueue(
            member_id=member_id,
            cause=kw.pop("cause", "test.cause"),
            occurrence=occurrence,
            due_at=due,
            payload=kw.pop("payload", TEXT),
            **kw,
        )


async def claim(db, clock, worker="w1", limit=10, platform="telegram", lease=60, **kw):
    async with db.write() as conn:
        return await LedgerRepo(conn).claim(
            platform=platform,
            worker=worker,
            now=clock.now(),
            lease_until=clock.now() + timedelta(seconds=lease),
            limit=limit,
            **kw,
        )


async def test_enqueue_twice_gives_one_row(db, clock):
    m = await add_member(db, clock, 1)
    assert await enqueue(db, m, "a", clock.now()) is True
    assert await enqueue(db, m, "a", clock.now() + timedelta(hours=1)) is False
    async with db.read() as conn:
        rows = await LedgerRepo(conn).find(member_id=m)
    assert len(rows) == 1
    assert rows[0].due_at == clock.now()
    assert rows[0].status == "pending"
    assert rows[0].payload == TEXT


async def test_enqueue_commits_with_the_callers_transaction(db, clock):
    m = await add_member(db, clock, 1)
    with pytest.raises(RuntimeError):
        async with db.write() as conn:
            await LedgerRepo(conn).enqueue(
                member_id=m, cause="c", occurrence="o", due_at=clock.now(), payload=TEXT
            )
            raise RuntimeError("the state change failed")
    async with db.read() as conn:
        assert await LedgerRepo(conn).find(member_id=m) == []


async def test_claim_only_due_rows_of_the_platform(db, clock):
    tg = await add_member(db, clock, 1, "telegram")
    bale = await add_member(db, clock, 1, "bale")
    await enqueue(db, tg, "due", clock.now() - timedelta(minutes=1))
    await enqueue(db, tg, "later", clock.now() + timedelta(minutes=1))
    await enqueue(db, bale, "due", clock.now())
    got = await claim(db, clock)
    assert [(d.member_id, d.occurrence) for d in got] == [(tg, "due")]
    assert got[0].platform == "telegram" and got[0].chat_id == 1 and got[0].attempts == 1
    assert got[0].status == "claimed" and got[0].claimed_by == "w1"
    assert await claim(db, clock) == []  # already claimed, lease not over
    got_bale = await claim(db, clock, platform="bale")
    assert [d.member_id for d in got_bale] == [bale]


async def test_claimed_row_of_a_dead_process_is_reclaimed_after_the_lease(db, clock):
    m = await add_member(db, clock, 1)
    await enqueue(db, m, "a", clock.now())
    first = await claim(db, clock, worker="dead", lease=60)
    assert len(first) == 1
    clock.advance(seconds=59)
    assert await claim(db, clock, worker="alive") == []
    clock.advance(seconds=2)
    again = await claim(db, clock, worker="alive")
    assert [d.id for d in again] == [first[0].id]
    assert again[0].attempts == 2
    async with db.write() as conn:
        repo = LedgerRepo(conn)
        # the dead worker's late report is refused: the row belongs to the new claim
        assert not await repo.mark_sent(first[0].id, worker="dead", now=clock.now(), message_id=1)
        assert await repo.mark_sent(first[0].id, worker="alive", now=clock.now(), message_id=7)
    async with db.read() as conn:
        row = await LedgerRepo(conn).get(first[0].id)
    assert row.status == "sent" and row.message_id == 7 and row.finished_at == clock.now()
    clock.advance(hours=1)
    assert await claim(db, clock) == []  # sent once, never again


async def test_outcomes_and_retry_later(db, clock):
    m = await add_member(db, clock, 1)
    for occ in ("blocked", "failed", "retry"):
        await enqueue(db, m, occ, clock.now())
    got = {d.occurrence: d for d in await claim(db, clock)}
    async with db.write() as conn:
        repo = LedgerRepo(conn)
        await repo.mark_final(
            got["blocked"].id, worker="w1", status="blocked", now=clock.now(), reason="403"
        )
        await repo.mark_final(
            got["failed"].id, worker="w1", status="failed", now=clock.now(), reason="x" * 900
        )
        later = clock.now() + timedelta(seconds=30)
        await repo.retry_later(got["retry"].id, worker="w1", available_at=later, reason="502")
    async with db.read() as conn:
        repo = LedgerRepo(conn)
        assert (await repo.get(got["blocked"].id)).status == "blocked"
        failed = await repo.get(got["failed"].id)
        assert failed.status == "failed" and len(failed.reason) == 500
        retry = await repo.get(got["retry"].id)
        assert retry.status == "pending" and retry.available_at == later
        assert retry.reason == "502" and retry.attempts == 1
        assert await repo.counts() == {"blocked": 1, "failed": 1, "pending": 1}
    assert await claim(db, clock) == []
    clock.advance(seconds=30)
    again = await claim(db, clock)
    assert [d.occurrence for d in again] == ["retry"] and again[0].attempts == 2


async def test_cancel_filters_claimed_rows_too_but_not_rows_being_sent(db, clock):
    a = await add_member(db, clock, 1)
    b = await add_member(db, clock, 2)
    now = clock.now()
    await enqueue(db, a, "c7:s1", now, group_key="course:7")
    await enqueue(db, a, "c7:s2", now + timedelta(days=1), group_key="course:7")
    await enqueue(db, b, "c7:s1", now, group_key="course:7")
    await enqueue(db, b, "c8_%:s1", now + timedelta(days=1), group_key="course:8")
    await enqueue(db, b, "c8x:s1", now + timedelta(days=1), group_key="course:8")
    claimed = await claim(db, clock)  # a's and b's first rows, claimed by a dispatcher
    assert len(claimed) == 2
    sending = next(d for d in claimed if d.member_id == a)
    async with db.write() as conn:
        repo = LedgerRepo(conn)
        lease = now + timedelta(seconds=60)
        assert await repo.begin_send(sending.id, worker="w1", now=now, lease_until=lease)
    async with db.write() as conn:
        repo = LedgerRepo(conn)
        with pytest.raises(ValueError):
            await repo.cancel()
        # b's claimed row: cancelled (the dispatcher checks before sending it)
        assert await repo.cancel(group_key="course:7", member_id=b, now=now) == 1
        assert await repo.cancel(group_key="course:7") == 1  # a's second; the one being sent stays
        assert await repo.cancel(occurrence_prefix="c8_%") == 1  # LIKE wildcards are escaped
        assert await repo.cancel(group_key="course:7") == 0
    async with db.read() as conn:
        repo = LedgerRepo(conn)
        assert await repo.counts() == {"sending": 1, "cancelled": 3, "pending": 1}
        assert await repo.counts("course:7") == {"sending": 1, "cancelled": 2}
        assert await repo.counts("course:8", cause="test.cause") == {"cancelled": 1, "pending": 1}
        assert await repo.counts("course:9") == {}
    async with db.write() as conn:
        repo = LedgerRepo(conn)
        cancelled = next(d for d in claimed if d.member_id == b)
        # the dispatcher's check before the send refuses the cancelled row
        assert not await repo.begin_send(cancelled.id, worker="w1", now=now, lease_until=lease)
        assert await repo.mark_sent(sending.id, worker="w1", now=now, message_id=3)
    async with db.read() as conn:
        assert (await LedgerRepo(conn).get(cancelled.id)).status == "cancelled"


async def test_a_row_left_sending_by_a_dead_process_is_uncertain_never_sent_again(db, clock):
    m = await add_member(db, clock, 1)
    await enqueue(db, m, "a", clock.now())
    await enqueue(db, m, "b", clock.now())
    first, second = await claim(db, clock, worker="dead", lease=60)
    async with db.write() as conn:
        repo = LedgerRepo(conn)
        # only the claimer may start the send; then nobody can start it again
        until = clock.now() + timedelta(seconds=60)
        assert not await repo.begin_send(
            first.id, worker="other", now=clock.now(), lease_until=until
        )
        assert await repo.begin_send(first.id, worker="dead", now=clock.now(), lease_until=until)
        assert not await repo.begin_send(
            first.id, worker="dead", now=clock.now(), lease_until=until
        )
    # ... and the process is killed during the HTTP call
    clock.advance(seconds=59)
    async with db.write() as conn:
        assert await LedgerRepo(conn).settle_interrupted(now=clock.now()) == []
    assert await claim(db, clock, worker="alive") == []
    clock.advance(seconds=2)
    async with db.write() as conn:
        found = await LedgerRepo(conn).settle_interrupted(now=clock.now())
    assert found == [(first.id, "dead")]
    again = await claim(db, clock, worker="alive")
    assert [d.id for d in again] == [second.id]  # the claimed one, never started: sent later
    async with db.read() as conn:
        repo = LedgerRepo(conn)
        row = await repo.get(first.id)
        assert row.status == "uncertain" and row.finished_at == clock.now()
        assert "not known" in row.reason
        assert await repo.counts() == {"uncertain": 1, "claimed": 1}
    clock.advance(hours=1)  # the uncertain row never comes back (only the other one's lease)
    assert [d.id for d in await claim(db, clock, worker="alive")] == [second.id]
    async with db.write() as conn:
        repo = LedgerRepo(conn)
        assert await repo.settle_interrupted(now=clock.now()) == []
        # had the first process been alive after all, its real outcome replaces "uncertain"
        assert await repo.mark_sent(first.id, worker="dead", now=clock.now(), message_id=9)
        assert (await repo.get(first.id)).status == "sent"


async def test_a_429_puts_the_row_back_to_claimed(db, clock):
    m = await add_member(db, clock, 1)
    await enqueue(db, m, "a", clock.now())
    [row] = await claim(db, clock)
    until = clock.now() + timedelta(seconds=60)
    async with db.write() as conn:
        repo = LedgerRepo(conn)
        assert await repo.begin_send(row.id, worker="w1", now=clock.now(), lease_until=until)
        assert await repo.end_send(row.id, worker="w1")
        assert (await repo.get(row.id)).status == "claimed"
        assert await repo.cancel(ids=[row.id]) == 1  # a Stop during the flood wait
        assert not await repo.begin_send(row.id, worker="w1", now=clock.now(), lease_until=until)


async def test_upsert_planned_revives_cancelled_and_updates_pending_only(db, clock):
    m = await add_member(db, clock, 1)
    now = clock.now()

    def row(occ, due, title):
        return dict(
            member_id=m,
            cause="reminder.session",
            occurrence=occ,
            due_at=due,
            payload={"text": {"key": "k", "args": {"title": title}}},
            group_key="course:1",
        )

    async with db.write() as conn:
        repo = LedgerRepo(conn)
        assert await repo.enqueue_many([row("a", now, "old"), row("b", now, "old")]) == 2
        assert await repo.enqueue_many([row("a", now, "old"), row("c", now, "old")]) == 1
        await repo.cancel(occurrence_prefix="b")
    sent = (await claim(db, clock, limit=1))[0]  # "a" goes out
    async with db.write() as conn:
        await LedgerRepo(conn).mark_sent(sent.id, worker="w1", now=now, message_id=1)
    later = now + timedelta(hours=1)
    async with db.write() as conn:
        repo = LedgerRepo(conn)
        changed = await repo.upsert_planned(
            [row("a", later, "new"), row("b", later, "new"), row("c", later, "new")]
        )
        assert changed == 2  # b revived, c rewritten; a was sent and stays as it was
        rows = {d.occurrence: d for d in await repo.find(member_id=m)}
    assert rows["a"].status == "sent" and rows["a"].payload["text"]["args"]["title"] == "old"
    assert rows["b"].status == "pending" and rows["b"].due_at == later
    assert rows["c"].payload["text"]["args"]["title"] == "new"
    assert rows["c"].available_at == later


async def test_many_rows_in_chunks(db, clock):
    m = await add_member(db, clock, 1)
    rows = [
        dict(member_id=m, cause="bulk", occurrence=str(i), due_at=clock.now(), payload=TEXT)
        for i in range(1200)
    ]
    async with db.write() as conn:
        assert await LedgerRepo(conn).enqueue_many(rows) == 1200
    async with db.write() as conn:
        assert await LedgerRepo(conn).enqueue_many(rows) == 0
        statuses = await LedgerRepo(conn).statuses(causes=["bulk"])
    assert len(statuses) == 1200
    assert set(statuses.values()) == {(i, "pending") for i, _ in statuses.values()}
    assert (m, "bulk", "7") in statuses


async def test_bulk_insert_of_planned_rows_reads_back_like_any_row(db, clock):
    """The planners' bulk path (JSON text, times converted once, one statement) stores exactly
    what `enqueue` stores; existing keys are ignored; the count is of new rows only."""
    a = await add_member(db, clock, 1)
    b = await add_member(db, clock, 2)
    now = clock.now()  # whole seconds: SQLite's text must still be the same as SQLAlchemy's
    due, expires = now + timedelta(hours=1, microseconds=5), now + timedelta(days=1)
    payload = {"text": {"key": "reminders-session", "args": {"title": "حسابداری «۱»"}}}
    await enqueue(
        db,
        a,
        "r1:x",
        due,
        payload=payload,
        expires_at=expires,
        group_key="course:1",
        created_at=now,
    )
    rows = [
        PlannedRow(a, "test.cause", "r1:x", due, expires, "course:1", json.dumps(payload)),
        PlannedRow(b, "test.cause", "r1:x", due, expires, "course:1", json.dumps(payload)),
        PlannedRow(b, "test.cause", "r2:x", due, None, None, json.dumps(TEXT), urgent=True),
        PlannedRow(b, "test.cause", "r2:x", due, None, None, json.dumps(TEXT)),  # twice: once
    ]
    async with db.write() as conn:
        assert await LedgerRepo(conn).insert_planned(rows, created_at=now) == 2
        assert await LedgerRepo(conn).insert_planned(rows, created_at=now) == 0
        assert await LedgerRepo(conn).insert_planned([]) == 0
    async with db.read() as conn:
        found = {(d.member_id, d.occurrence): d for d in await LedgerRepo(conn).find()}
    by_enqueue, by_bulk = found[(a, "r1:x")], found[(b, "r1:x")]
    same = ("cause", "group_key", "payload", "urgent", "due_at", "available_at", "expires_at")
    assert {k: getattr(by_bulk, k) for k in same} == {k: getattr(by_enqueue, k) for k in same}
    assert (by_bulk.status, by_bulk.attempts, by_bulk.created_at) == ("pending", 0, now)
    assert by_bulk.due_at == due and by_bulk.available_at == due
    other = found[(b, "r2:x")]
    assert other.urgent and other.expires_at is None and other.group_key is None
    async with db.read() as conn:  # as stored (text on SQLite, compared as text by the claim)
        raw = text("SELECT due_at, expires_at, created_at FROM deliveries WHERE id = :id")
        stored = [tuple((await conn.execute(raw, {"id": d.id})).one()) for d in found.values()]
    assert stored[0] == stored[1]
    # the claim compares the converted times like any other
    assert [d.id for d in await claim(db, clock)] == []
    clock.advance(hours=2)
    assert {d.id for d in await claim(db, clock)} == {d.id for d in found.values()}


async def test_quiet_hours_claim_only_urgent_or_expired(db, clock):
    m = await add_member(db, clock, 1)
    now = clock.now()
    await enqueue(db, m, "normal", now)
    await enqueue(db, m, "urgent", now, urgent=True)
    await enqueue(db, m, "expired", now - timedelta(hours=2), expires_at=now - timedelta(hours=1))
    got = await claim(db, clock, urgent_only=True)
    assert sorted(d.occurrence for d in got) == ["expired", "urgent"]


async def test_two_concurrent_claimers_get_disjoint_batches(db, clock):
    # one row each of 40 people (one person's rows stay with the dispatcher holding the first)
    people = [await add_member(db, clock, i) for i in range(1, 41)]
    async with db.write() as conn:
        await LedgerRepo(conn).enqueue_many(
            dict(member_id=m, cause="c", occurrence="1", due_at=clock.now(), payload=TEXT)
            for m in people
        )
    batches = await asyncio.gather(*(claim(db, clock, worker=f"w{i}", limit=15) for i in range(4)))
    ids = [d.id for batch in batches for d in batch]
    assert len(ids) == len(set(ids)) == 40


@pytest.mark.postgres
async def test_postgres_claim_skips_rows_locked_by_an_open_claim(clock, tmp_path):
    """Process A claims and has not committed yet; process B claims meanwhile: B neither waits
    nor takes A's rows (FOR UPDATE SKIP LOCKED)."""
    from tests.conftest import make_db

    db_a = await make_db("postgresql", tmp_path)
    db_b = create_database(PG_URL)
    try:
        m = await add_member(db_a, clock, 1)
        async with db_a.write() as conn:
            await LedgerRepo(conn).enqueue_many(
                dict(member_id=m, cause="c", occurrence=str(i), due_at=clock.now(), payload=TEXT)
                for i in range(10)
            )
        kw = dict(
            platform="telegram", now=clock.now(), lease_until=clock.now() + timedelta(minutes=1)
        )
        async with db_a.write() as conn_a:
            got_a = await LedgerRepo(conn_a).claim(worker="a", limit=6, **kw)
            got_b = await asyncio.wait_for(claim(db_b, clock, worker="b", limit=10), timeout=5)
        assert len(got_a) == 6 and len(got_b) == 4
        assert not {d.id for d in got_a} & {d.id for d in got_b}
    finally:
        await db_b.dispose()
        await db_a.dispose()


async def test_a_persons_later_row_waits_while_another_process_holds_an_earlier_one(db, clock):
    """A new dispatcher (the old one died holding the person's first row) does not send the
    person's second row first: it waits until the first is claimed again after the lease."""
    m = await add_member(db, clock, 1)
    other = await add_member(db, clock, 2)
    for occurrence in ("1", "2"):
        await enqueue(db, m, occurrence, clock.now())
    await enqueue(db, other, "1", clock.now())
    held = await claim(db, clock, worker="dead", limit=1, lease=60)
    assert [d.occurrence for d in held] == ["1"] and held[0].member_id == m
    # another one takes the other person's row, not the held person's second
    taken = await claim(db, clock, worker="alive", lease=3600)
    assert [(d.member_id, d.occurrence) for d in taken] == [(other, "1")]
    clock.advance(seconds=61)
    assert [d.occurrence for d in await claim(db, clock, worker="alive")] == ["1"]
    assert [d.occurrence for d in await claim(db, clock, worker="alive")] == ["2"]


async def test_a_dispatcher_claims_ahead_behind_its_own_rows(db, clock):
    m = await add_member(db, clock, 1)
    for occurrence in ("1", "2"):
        await enqueue(db, m, occurrence, clock.now())
    assert [d.occurrence for d in await claim(db, clock, worker="w1", limit=1)] == ["1"]
    assert [d.occurrence for d in await claim(db, clock, worker="w1", limit=1)] == ["2"]


async def test_a_row_left_sending_by_a_dead_process_holds_back_the_persons_next(db, clock):
    m = await add_member(db, clock, 1)
    for occurrence in ("1", "2"):
        await enqueue(db, m, occurrence, clock.now())
    first = await claim(db, clock, worker="dead", limit=1, lease=60)
    async with db.write() as conn:
        lease = clock.now() + timedelta(seconds=60)
        repo = LedgerRepo(conn)
        assert await repo.begin_send(first[0].id, worker="dead", now=clock.now(), lease_until=lease)
    clock.advance(seconds=61)  # "sending" is never claimed again: recover() records it
    assert await claim(db, clock, worker="alive") == []
