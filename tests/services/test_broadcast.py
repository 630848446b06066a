"""Broadcasts as a service: drafts, audience, schedule, the resumable enqueue into the ledger,
Stop, progress and the report (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from bot.services.audit import AuditService
from bot.services.broadcast import (
    CAUSE,
    REPORT_CAUSE,
    BroadcastService,
    NotAllowed,
    parse_when,
    range_start,
)
from bot.services.ledger import LedgerService
from storage.audience import Audience, AudienceRepo
from storage.schema.broadcasts import broadcasts
from storage.schema.ledger import deliveries
from tests.storage.test_audience import Seed


@pytest.fixture
def service(db, clock, settings):
    return BroadcastService(db, clock, settings, LedgerService(db, clock, settings))


async def rows(db, broadcast_id: int) -> list:
    async with db.read() as conn:
        result = await conn.execute(
            select(deliveries)
            .where(deliveries.c.group_key == f"broadcast:{broadcast_id}")
            .order_by(deliveries.c.member_id)
        )
        return list(result)


@contextmanager
def crash_on_page(monkeypatch, n: int) -> Iterator[None]:
    """The process dies while writing recipients: the n-th page of the audience fails."""
    real_page = AudienceRepo.page
    calls = 0

    async def page(self, *args, **kw):
        nonlocal calls
        calls += 1
        if calls == n:
            raise RuntimeError("killed")
        return await real_page(self, *args, **kw)

    monkeypatch.setattr(AudienceRepo, "page", page)
    try:
        yield
    finally:
        monkeypatch.setattr(AudienceRepo, "page", real_page)


async def sending(db, service, *, members: int):
    """A staff member and `members` others; a text broadcast to everyone, started."""
    seed = Seed(db)
    staff = await seed.member(role="staff")
    for _ in range(members):
        await seed.member()
    b = await text_broadcast(service, staff)
    await service.send_now(staff, b.id)
    return staff, b


async def text_broadcast(service, staff: int, **kw):
    return await service.create(
        staff, platform="telegram", kind="text", chat_id=500, message_id=77, body="سلام", **kw
    )


async def test_a_message_goes_to_every_recipient_once_as_a_copy_or_as_text(db, service):
    seed = Seed(db)
    staff = await seed.member(role="staff")
    on_telegram = [await seed.member() for _ in range(5)]
    on_bale = [await seed.member(platform="bale") for _ in range(2)]
    await seed.member(blocked=True)
    b = await text_broadcast(service, staff)
    assert b.status == "draft" and b.audience.is_everyone()
    assert await service.count(b.audience) == 1 + 5 + 2

    started = await service.send_now(staff, b.id)
    assert started.status == "sending" and started.audience_size == 8
    assert await service.enqueue(b.id, batch=3) == 8
    assert await service.enqueue(b.id, batch=3) == 0  # done: nothing more

    written = await rows(db, b.id)
    assert [r.member_id for r in written] == [staff, *on_telegram, *on_bale]
    assert {(r.cause, r.occurrence, r.status) for r in written} == {(CAUSE, f"b{b.id}", "pending")}
    copy = {"copy": {"from_chat_id": 500, "message_id": 77}}
    assert all(r.payload == copy for r in written if r.member_id not in on_bale)
    relay = {"plain": "سلام"}  # as written, never through a Fluent placeable
    assert all(r.payload == relay for r in written if r.member_id in on_bale)
    b = await service.get(b.id)
    assert b.enqueue_done and b.enqueued == 8 and b.audience_size == 8


async def test_media_reaches_only_the_messenger_it_was_sent_on(db, service):
    seed = Seed(db)
    staff = await seed.member(role="admin")
    await seed.member()
    await seed.member(platform="bale")
    b = await service.create(
        staff, platform="telegram", kind="photo", chat_id=500, message_id=78, body="caption"
    )
    assert b.only_platform == "telegram"
    assert await service.count(b.audience, b.only_platform) == 2
    assert await service.count_by_platform(b.audience) == {"telegram": 2, "bale": 1}
    await service.send_now(staff, b.id)
    await service.enqueue(b.id)
    assert len(await rows(db, b.id)) == 2


async def test_templates_are_rendered_per_recipient(db, service, settings):
    seed = Seed(db)
    staff = await seed.member(role="staff")
    b = await service.create(staff, platform="telegram", kind="template", template="deadline")
    await service.send_now(staff, b.id)
    await service.enqueue(b.id)
    (row,) = await rows(db, b.id)
    assert row.payload == {
        "text": {"key": "broadcast-template-deadline", "args": {"day": 25}},
    }
    with pytest.raises(ValueError):
        await service.create(staff, platform="telegram", kind="template", template="nope")


async def test_an_interrupted_enqueue_resumes_without_duplicates(db, service, monkeypatch):
    _staff, b = await sending(db, service, members=10)

    with pytest.raises(RuntimeError), crash_on_page(monkeypatch, 3):
        await service.enqueue(b.id, batch=4)
    assert len(await rows(db, b.id)) == 8  # two batches committed

    # the cursor is lost as well (worst case): the unique key still prevents duplicates
    async with db.write() as conn:
        await conn.execute(update(broadcasts).values(enqueue_cursor=0))
    assert await service.resume() == 3
    written = await rows(db, b.id)
    assert len(written) == 11 == len({r.member_id for r in written})
    assert (await service.get(b.id)).enqueue_done


async def test_members_cannot_do_anything(db, service):
    seed = Seed(db)
    member = await seed.member()
    staff = await seed.member(role="staff")
    with pytest.raises(NotAllowed):
        await text_broadcast(service, member)
    b = await text_broadcast(service, staff)
    for call in (
        service.send_now(member, b.id),
        service.set_audience(member, b.id, Audience(platform="bale")),
        service.cancel(member, b.id),
        service.stop(member, b.id),
        service.schedule(member, b.id, datetime(2030, 1, 1, tzinfo=UTC)),
    ):
        with pytest.raises(NotAllowed):
            await call
    unchanged = await service.get(b.id)
    assert unchanged.status == "draft" and unchanged.audience.is_everyone()


async def test_schedule_edit_cancel_and_start_when_due(db, service, clock):
    seed = Seed(db)
    staff = await seed.member(role="staff")
    await seed.member()
    b = await text_broadcast(service, staff)
    with pytest.raises(ValueError):
        await service.schedule(staff, b.id, clock.now() - timedelta(minutes=1))
    at = clock.now() + timedelta(hours=2)
    b = await service.schedule(staff, b.id, at)
    assert b.status == "scheduled" and b.scheduled_at == at
    b = await service.schedule(staff, b.id, at + timedelta(hours=1))  # edited
    b = await service.set_audience(staff, b.id, Audience(platform="telegram"))
    assert b.audience.platform == "telegram"
    assert await service.start_due() == []
    assert await service.resume() == 0 and await rows(db, b.id) == []

    clock.advance(hours=3)
    (started,) = await service.start_due()
    assert started.id == b.id and started.status == "sending"
    assert await service.start_due() == []
    await service.enqueue(b.id)
    assert len(await rows(db, b.id)) == 2
    # too late to change or cancel
    assert await service.set_audience(staff, b.id, Audience()) is None
    assert await service.cancel(staff, b.id) is None

    other = await text_broadcast(service, staff)
    await service.schedule(staff, other.id, clock.now() + timedelta(days=1))
    assert (await service.cancel(staff, other.id)).status == "cancelled"
    clock.advance(days=2)
    assert await service.start_due() == []
    assert await service.send_now(staff, other.id) is None

    # who did what, with the actor (None: started by the clock); refused changes leave no entry
    audit = AuditService(db, clock)
    trail = [(e.action, e.actor_id) for e in await audit.for_subject("broadcast", b.id)]
    assert trail == [
        ("broadcast.create", staff),
        ("broadcast.schedule", staff),
        ("broadcast.schedule", staff),
        ("broadcast.start", None),
    ]
    entries = await audit.for_subject("broadcast", b.id)
    assert entries[2].after == {
        "status": "scheduled",
        "scheduled_at": (at + timedelta(hours=1)).isoformat(),
    }
    assert entries[3].after["audience"] == {"platform": "telegram"}
    assert entries[3].after["audience_size"] == 2
    trail = [(e.action, e.actor_id) for e in await audit.for_subject("broadcast", other.id)]
    assert trail == [
        ("broadcast.create", staff),
        ("broadcast.schedule", staff),
        ("broadcast.cancel", staff),
    ]


async def test_sending_now_is_audited_with_the_actor(db, service, clock):
    seed = Seed(db)
    staff = await seed.member(role="admin")
    b = await service.create(staff, platform="bale", kind="template", template="courses")
    await service.send_now(staff, b.id)
    assert await service.send_now(staff, b.id) is None  # a second press: no second entry
    entries = await AuditService(db, clock).for_subject("broadcast", b.id)
    assert [(e.action, e.actor_id, e.at) for e in entries] == [
        ("broadcast.create", staff, clock.now()),
        ("broadcast.start", staff, clock.now()),
    ]
    assert entries[0].after == {
        "status": "draft",
        "kind": "template",
        "platform": "bale",
        "template": "courses",
    }
    assert entries[1].after == {
        "status": "sending",
        "audience": {},
        "audience_size": 1,
        "urgent": False,
    }


async def test_stop_cancels_pending_rows_and_stays_stopped(db, service, clock):
    staff, b = await sending(db, service, members=6)
    await service.enqueue(b.id, batch=4)
    written = [r.id for r in await rows(db, b.id)]
    first_two, claimed = written[:2], written[2]
    async with db.write() as conn:  # the dispatcher is sending two of them right now
        await conn.execute(
            update(deliveries).where(deliveries.c.id.in_(first_two)).values(status="sending")
        )
        # and holds a third one it has not started to send: the Stop cancels it too
        await conn.execute(
            update(deliveries).where(deliveries.c.id == claimed).values(status="claimed")
        )
    stopped, cancelled = await service.stop(staff, b.id)
    assert stopped.status == "stopped" and stopped.stopped_by == staff
    assert cancelled == 5
    [entry] = (await AuditService(db, clock).for_subject("broadcast", b.id))[-1:]
    assert (entry.action, entry.actor_id) == ("broadcast.stop", staff)
    assert entry.after == {"status": "stopped", "cancelled": 5}
    assert await service.stop(staff, b.id) == (None, 0)
    assert await service.finish(b.id) is None  # two are still being sent
    assert await service.resume() == 0  # a stopped broadcast writes no more recipients

    async with db.write() as conn:
        await conn.execute(
            update(deliveries).where(deliveries.c.id.in_(first_two)).values(status="sent")
        )
    report = await service.finish(b.id)
    assert report is not None and report.broadcast.status == "stopped"
    assert (report.total, report.sent, report.cancelled, report.open) == (7, 2, 5, 0)
    assert await service.finish(b.id) is None  # the report is posted once
    async with db.read() as conn:
        notices = list(
            await conn.execute(select(deliveries).where(deliveries.c.cause == REPORT_CAUSE))
        )
    assert len(notices) == 1 and notices[0].member_id == staff and notices[0].urgent
    assert notices[0].payload["text"]["key"] == "broadcast-report-stopped"
    assert notices[0].payload["text"]["args"]["sent"] == 2


async def test_stop_during_enqueue_writes_no_more_rows(db, service, monkeypatch):
    staff, b = await sending(db, service, members=9)
    with pytest.raises(RuntimeError), crash_on_page(monkeypatch, 2):
        await service.enqueue(b.id, batch=3)
    await service.stop(staff, b.id)
    assert await service.enqueue(b.id, batch=3) == 0
    written = await rows(db, b.id)
    assert len(written) == 3 and {r.status for r in written} == {"cancelled"}
    report = await service.finish(b.id)
    assert report.total == 3 and report.cancelled == 3


async def test_progress_counts_rate_eta_and_report(db, service, clock, settings):
    _staff, b = await sending(db, service, members=9)
    p = await service.progress(b.id)
    assert p.total == 10 and p.done == 0 and not p.finished  # nothing written yet
    await service.enqueue(b.id)
    ids = [r.id for r in await rows(db, b.id)]
    clock.advance(seconds=10)
    async with db.write() as conn:
        for status, chunk in (("sent", ids[:4]), ("blocked", ids[4:5]), ("failed", ids[5:6])):
            await conn.execute(
                update(deliveries)
                .where(deliveries.c.id.in_(chunk))
                .values(status=status, finished_at=clock.now(), reason="BadRequest: x")
            )
    p = await service.progress(b.id)
    assert (p.total, p.sent, p.blocked, p.failed, p.open) == (10, 4, 1, 1, 4)
    assert p.fraction == pytest.approx(0.6)
    assert p.rate == pytest.approx(0.6)  # 6 outcomes in the 10 s since the start
    assert p.eta_seconds == pytest.approx(4 / 0.6)
    assert p.reasons == (("BadRequest: x", 1),)
    assert p.quiet_until is None
    assert await service.finish(b.id) is None

    clock.set(datetime(2025, 11, 16, 20, 0, tzinfo=UTC))  # 23:30 Tehran: quiet hours
    p = await service.progress(b.id)
    assert p.quiet_until == datetime(2025, 11, 17, 4, 30, tzinfo=UTC)  # 08:00 Tehran

    async with db.write() as conn:
        await conn.execute(
            update(deliveries)
            .where(deliveries.c.id.in_(ids[6:]))
            .values(status="sent", finished_at=clock.now())
        )
    final = await service.finish(b.id)
    assert final.finished and final.broadcast.status == "done"
    assert (final.sent, final.blocked, final.failed) == (8, 1, 1)
    assert (await service.get(b.id)).finished_at == clock.now()


async def test_a_broadcast_to_nobody_finishes_at_once(db, service):
    seed = Seed(db)
    staff = await seed.member(role="staff")
    b = await text_broadcast(service, staff)
    await service.set_audience(staff, b.id, Audience(platform="bale"))
    await service.send_now(staff, b.id)
    await service.enqueue(b.id)
    report = await service.finish(b.id)
    assert report.total == 0 and report.broadcast.status == "done"


def test_parse_when_reads_jalali_date_and_tehran_time():
    expected = datetime(2025, 11, 18, 7, 0, tzinfo=UTC)  # 27 Aban 1404, 10:30 Tehran
    for text in (
        "1404/08/27 10:30",
        "۱۴۰۴/۰۸/۲۷ ساعت ۱۰:۳۰",
        "۲۷ آبان ۱۴۰۴، ساعت ۱۰:۳۰",
        "27 Aban 1404 10.30",
    ):
        assert parse_when(text) == expected, text
    assert parse_when("1404/08/27 10") == expected - timedelta(minutes=30)
    for bad in ("", "1404/08/27", "فردا", "1404/07/31 10:00", "1404/08/27 25:00", None):
        assert parse_when(bad) is None, bad


def test_range_start_is_midnight_in_tehran():
    assert range_start("1404/08/25") == datetime(2025, 11, 15, 20, 30, tzinfo=UTC)
    assert range_start("x") is None


async def test_the_audit_log_names_an_audiences_province_and_county(db, service, clock):
    """An audience is stored with place ids; the audit log shows the names, in the chat line
    and in its XLSX export, in the reader's language."""
    import io

    import openpyxl

    seed = Seed(db)
    staff = await seed.member(role="admin")
    b = await service.create(staff, platform="telegram", kind="template", template="courses")
    await service.set_audience(staff, b.id, Audience(province="isfahan", county="kashan"))
    await service.send_now(staff, b.id)
    audit = AuditService(db, clock)
    [entry] = [e for e in await audit.for_subject("broadcast", b.id) if e.action.endswith("start")]
    assert entry.after["audience"] == {"province": "isfahan", "county": "kashan"}  # as stored
    assert '"province": "اصفهان"' in audit.shown(entry.after, "fa")
    assert '"county": "کاشان"' in audit.shown(entry.after, "fa")
    assert '"county": "Kashan"' in audit.shown(entry.after, "en")
    assert "isfahan" not in audit.shown(entry.after, "fa")
    for locale, names in (("fa", ("اصفهان", "کاشان")), ("en", ("Isfahan", "Kashan"))):
        sheet = openpyxl.load_workbook(io.BytesIO(await audit.export_xlsx(locale=locale))).active
        [after] = [r[9].value for r in sheet.iter_rows(min_row=2) if "audience" in r[9].value]
        assert all(name in after for name in names) and "kashan" not in after
