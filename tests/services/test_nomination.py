"""The monthly nomination cycle: cut-off edges, freeze and allocation, review, approval, sending,
confirmation, carry-over; every staff change audited."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from bot.persian.jalali import TEHRAN
from bot.services.ledger import message
from bot.services.nomination import cutoff_at, last_closed_month, list_month_for, month_steps
from bot.services.reminders import (
    CAUSE_ASSESSMENT,
    CAUSE_ESCALATION,
    CAUSE_MONTHLY,
    monthly_group,
)
from storage.ledger import LedgerRepo
from tests.services.courses_support import (
    FakeNeeds,
    add_course,
    add_members,
    notices,
    services,
)


def tehran(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> datetime:
    return datetime.combine(date(y, m, d), time(hh, mm), tzinfo=TEHRAN).astimezone(UTC)


@pytest.mark.parametrize(
    ("year", "month", "day", "closes"),
    [
        (1404, 8, 25, tehran(2025, 11, 17)),  # default: the end of 25 Aban = 00:00 on the 26th
        (1403, 12, 30, tehran(2025, 3, 21)),  # leap 1403: Esfand has 30 days
        (1403, 12, 31, tehran(2025, 3, 21)),  # past the end → the last day (30)
        (1404, 12, 30, tehran(2026, 3, 21)),  # common 1404: Esfand has 29 days → the 29th
        (1404, 12, 29, tehran(2026, 3, 21)),
        (1404, 7, 31, tehran(2025, 10, 23)),  # Mehr has 30 days → the 30th
        (1404, 6, 31, tehran(2025, 9, 23)),  # Shahrivar has 31 days
        (1404, 1, 1, tehran(2025, 3, 22)),
    ],
)
def test_cutoff_instants_on_month_edges(year, month, day, closes):
    assert cutoff_at(year, month, day) == closes


def test_cutoff_at_a_time_of_day():
    nine = time(9, 0)
    assert cutoff_at(1404, 8, 25, nine) == tehran(2025, 11, 16, 9, 0)
    assert cutoff_at(1404, 12, 30, nine) == tehran(2026, 3, 20, 9, 0)  # 29 Esfand 1404
    assert cutoff_at(1403, 12, 30, nine) == tehran(2025, 3, 20, 9, 0)  # 30 Esfand 1403
    assert list_month_for(tehran(2025, 11, 16, 8, 59), 25, nine) == (1404, 8)
    assert list_month_for(tehran(2025, 11, 16, 9, 0), 25, nine) == (1404, 9)
    assert last_closed_month(tehran(2025, 11, 16, 9, 0), 25, nine) == (1404, 8)


def test_which_list_a_request_joins():
    # 1404/08/25 23:59 Tehran still joins Aban; a minute later it joins Azar
    assert list_month_for(tehran(2025, 11, 16, 23, 59), 25) == (1404, 8)
    assert list_month_for(tehran(2025, 11, 17, 0, 0), 25) == (1404, 9)
    # day 30 in common-year Esfand: the last evening of the year still counts for Esfand
    assert list_month_for(tehran(2026, 3, 20, 23, 59), 30) == (1404, 12)
    assert list_month_for(tehran(2026, 3, 21, 0, 0), 30) == (1405, 1)
    # leap 1403: 30 Esfand is a real day
    assert list_month_for(tehran(2025, 3, 20, 12, 0), 30) == (1403, 12)
    assert list_month_for(tehran(2025, 3, 20, 12, 0), 29) == (1404, 1)
    # day 31 in a 30-day month
    assert list_month_for(tehran(2025, 10, 22, 23, 0), 31) == (1404, 7)
    assert list_month_for(tehran(2025, 10, 23, 0, 0), 31) == (1404, 8)


def test_the_latest_closed_month():
    assert last_closed_month(tehran(2025, 11, 17, 0, 0), 25) == (1404, 8)
    assert last_closed_month(tehran(2025, 11, 16, 23, 59), 25) == (1404, 7)
    assert last_closed_month(tehran(2026, 3, 21, 0, 0), 31) == (1404, 12)
    assert last_closed_month(tehran(2025, 3, 21, 0, 1), 31) == (1403, 12)


# With the default settings Aban's list closes on 25 Aban 1404 at 09:00 and Azar's on 25 Azar.
ABAN_CUTOFF = tehran(2025, 11, 16, 9, 0)
AZAR_CUTOFF = tehran(2025, 12, 16, 9, 0)


async def _setup(db, clock, *, capacity, people, cap=2):
    """people: (need score, cooperative id) in registration order, on 19 Aban 1404.
    The course starts in Dey."""
    clock.set(tehran(2025, 11, 10, 10, 0))
    needs = FakeNeeds()
    course = await add_course(
        db,
        clock.now(),
        capacity=capacity,
        start=date(2026, 1, 10),
        end=date(2026, 3, 1),
        deadline=tehran(2026, 1, 1),
    )
    members = await add_members(db, clock.now(), len(people) + 1)
    staff, members = members[-1], members[:-1]
    for member, (score, coop) in zip(members, people, strict=True):
        needs.submit(member, score, cooperative_id=coop)
    _, registration, nomination = services(db, clock, needs, nomination_coop_cap=cap)
    for member in members:
        clock.advance(seconds=1)
        await registration.register(member, course.id)
    return course, members, staff, registration, nomination


async def test_a_new_install_starts_without_an_empty_list_of_the_month_before_it(db, clock):
    """The first person met the bot after Aban's cut-off and nobody asked for a course: the
    periodic freeze leaves Aban alone (no empty list to approve). Once the office was in use
    before a cut-off, a month is frozen even with no requests, and staff can always freeze."""
    needs = FakeNeeds()
    _, _registration, nomination = services(db, clock, needs)
    clock.set(tehran(2025, 11, 20, 10, 0))  # 29 Aban 1404, after Aban's cut-off
    assert await nomination.freeze_due() is None  # nobody has ever used the bot
    [staff] = await add_members(db, clock.now(), 1)  # the first person, after the cut-off
    assert await nomination.freeze_due() is None
    assert (await nomination.overview()).months == []
    frozen = await nomination.freeze(1404, 8, actor_id=staff)  # staff may still close it
    assert frozen is not None and (frozen.year, frozen.month) == (1404, 8)
    clock.set(tehran(2025, 12, 16, 10, 0))  # 25 Azar 1404, after Azar's cut-off: in use since
    azar = await nomination.freeze_due()
    assert azar is not None and (azar.year, azar.month) == (1404, 9)
    assert (await nomination.view(azar.id)).placed_count == 0


async def test_freeze_waits_for_the_cutoff_then_happens_once(db, clock):
    _course, members, staff, registration, nomination = await _setup(
        db, clock, capacity=3, people=[(5, 1), (6, 2)]
    )
    # 1404/08/19: Aban's list is still open
    assert await nomination.freeze(1404, 8, actor_id=staff) is None
    assert nomination.collecting_month() == (1404, 8)
    assert nomination.cutoff_at(1404, 8) == ABAN_CUTOFF
    clock.set(ABAN_CUTOFF)
    month = await nomination.freeze_due()
    assert (month.year, month.month, month.status) == (1404, 8, "frozen")
    assert await nomination.freeze_due() is None
    view = await nomination.view(month.id)
    assert view.placed_count == 2 and view.unplaced_count == 0
    # freezing changes nothing for the members yet
    assert {m.registration.status for m in await registration.my_courses(members[0])} == {
        "requested"
    }


async def test_allocation_by_need_with_a_cooperative_cap_then_approval(db, clock):
    # 4 seats; cooperative 1 asks for 4 of them, cooperative 2 waits on the list
    people = [(9, 1), (8, 1), (7, 1), (6, 1), (5, 2), (4, 2)]
    _course, members, staff, registration, nomination = await _setup(
        db, clock, capacity=4, people=people, cap=2
    )
    a9, a8, a7, a6, b5, b4 = members
    clock.set(ABAN_CUTOFF)
    month = await nomination.freeze_due()
    view = await nomination.view(month.id)
    [allocation] = view.courses
    assert [e.member_id for e in allocation.placed] == [a9, a8, b5, b4]
    assert [(e.member_id, e.reason) for e in allocation.unplaced] == [(a7, "cap"), (a6, "cap")]

    assert await nomination.approve(month.id, actor_id=staff) == "done"
    status = {m: (await registration.my_courses(m))[0].registration.status for m in members}
    assert status == {
        a9: "nominated",
        a8: "nominated",
        b5: "nominated",
        b4: "nominated",
        a7: "waitlisted",  # gave their seat to the waitlisted b4 and wait for the next list
        a6: "waitlisted",
    }
    told = {n["member_id"]: n["key"] for n in await notices(db)}
    assert told[a9] == "courses-notice-nominated"
    assert told[a7] == "courses-notice-bumped"
    assert all(n["cause"] == "course.status" for n in await notices(db))
    # the unplaced carry over into next month's list
    clock.set(AZAR_CUTOFF)
    nxt = await nomination.freeze_due()
    assert (nxt.year, nxt.month) == (1404, 9)
    carried = await nomination.view(nxt.id)
    assert [e.member_id for e in carried.courses[0].unplaced] == [a7, a6]  # no seat left
    assert all(e.reason == "seats" for e in carried.courses[0].unplaced)
    assert (await registration.my_courses(a7))[0].registration.carry_overs == 1


async def test_staff_moves_are_checked_and_audited(db, clock):
    people = [(9, 1), (8, 1), (7, 1)]
    _course, _members, staff, _registration, nomination = await _setup(
        db, clock, capacity=3, people=people, cap=1
    )
    clock.set(ABAN_CUTOFF)
    month = await nomination.freeze_due()
    [allocation] = (await nomination.view(month.id)).courses
    assert len(allocation.placed) == 1
    out = allocation.unplaced[0]
    # one more of cooperative 1 would pass its cap of 1: refused until staff confirm it
    assert await nomination.cap_reached(out.id) == 1
    assert await nomination.move(out.id, placed=True, actor_id=staff, reason="x") == "over_cap"
    assert await nomination.audit_trail("entry", out.id) == []
    moved = await nomination.move(
        out.id, placed=True, actor_id=staff, reason="board", over_cap=True
    )
    assert moved == "moved"
    assert await nomination.move(out.id, placed=True, actor_id=staff, reason="x") == "unchanged"
    trail = await nomination.audit_trail("entry", out.id)
    assert [(t.action, t.actor_id, t.reason) for t in trail] == [("place", staff, "board")]
    assert trail[0].before == {"placed": False, "reason": "cap"}
    assert trail[0].after["over_cap"] is True
    # the third one now meets two placed of the cooperative; taking one out needs no confirmation
    third = allocation.unplaced[1]
    assert await nomination.cap_reached(third.id) == 2
    assert await nomination.move(out.id, placed=False, actor_id=staff, reason="y") == "moved"
    assert await nomination.cap_reached(out.id) == 1
    assert await nomination.move(10_000, placed=True, actor_id=staff, reason="x") == "not_found"
    # after approval the list is final
    assert await nomination.approve(month.id, actor_id=staff, reason="ok") == "done"
    assert await nomination.approve(month.id, actor_id=staff) == "wrong_status"
    assert await nomination.move(out.id, placed=True, actor_id=staff, reason="x") == "not_frozen"


async def test_no_seat_for_a_move_beyond_capacity(db, clock):
    _course, _members, staff, _registration, nomination = await _setup(
        db, clock, capacity=1, people=[(9, 1), (8, 2)]
    )
    clock.set(ABAN_CUTOFF)
    month = await nomination.freeze_due()
    [allocation] = (await nomination.view(month.id)).courses
    [waiting] = allocation.unplaced
    assert await nomination.move(waiting.id, placed=True, actor_id=staff, reason="x") == "no_seat"


async def test_sent_then_confirmed_one_by_one(db, clock):
    course, _members, staff, _registration, nomination = await _setup(
        db, clock, capacity=3, people=[(9, 1), (8, 2), (7, 3)]
    )
    clock.set(ABAN_CUTOFF)
    month = await nomination.freeze_due()
    assert await nomination.mark_sent(month.id, actor_id=staff) == "wrong_status"
    await nomination.approve(month.id, actor_id=staff)
    assert await nomination.mark_sent(month.id, actor_id=staff) == "done"
    sent = await nomination.sent_registrations(month.id)
    assert len(sent) == 3
    first = sent[0][0]
    assert await nomination.confirm(month.id, actor_id=staff, registration_ids=[first.id]) == 1
    assert (await nomination.month(month.id)).status == "sent"
    assert await nomination.confirm(month.id, actor_id=staff) == 2
    assert (await nomination.month(month.id)).status == "confirmed"
    told = [n for n in await notices(db, first.member_id)]
    assert [n["key"] for n in told] == [
        "courses-notice-nominated",
        "courses-notice-sent",
        "courses-notice-confirmed",
    ]
    assert told[-1]["buttons"][0][0]["data"] == f"crs:ics:{course.id}"
    confirmed = await services(db, clock, FakeNeeds())[0].confirmed_registrations(course.id)
    assert len(confirmed) == 3
    assert await nomination.confirm(month.id, actor_id=staff, registration_ids=[]) == 0
    actions = [t.action for t in await nomination.audit_trail("month", month.id)]
    assert actions == ["confirm", "confirm", "mark_sent", "approve", "freeze"]
    # a confirmed person cannot be returned to the list; a nominated one can
    assert await nomination.return_to_list(first.id, actor_id=staff, reason="x") is False


async def test_tvto_rejects_one_person_and_the_seat_goes_to_the_waitlist(db, clock):
    """Two seats, three requests: two go to TVTO, the third waits. TVTO rejects one: recorded
    with the reason, who and when, audited, the person told; the seat is offered to the next
    on the waitlist; the export shows both answers; the month is confirmed once nobody waits
    for TVTO's answer. Only people sent to TVTO can be rejected, and only once."""
    course, members, staff, registration, nomination = await _setup(
        db, clock, capacity=2, people=[(9, 1), (8, 2), (7, 3)]
    )
    clock.set(ABAN_CUTOFF)
    month = await nomination.freeze_due()
    await nomination.approve(month.id, actor_id=staff)
    [mine] = await registration.my_courses(members[0])
    why = "مدرک تحصیلی لازم را ندارد"
    reject = nomination.reject
    assert await reject(month.id, mine.registration.id, actor_id=staff, reason=why) == (
        "wrong_status"  # not sent to TVTO yet
    )
    await nomination.mark_sent(month.id, actor_id=staff)
    [third] = await registration.my_courses(members[2])
    assert third.registration.status == "waitlisted"
    assert await reject(month.id, third.registration.id, actor_id=staff, reason=why) == (
        "not_found"  # not on the list
    )
    clock.advance(hours=30)
    assert await reject(month.id, mine.registration.id, actor_id=staff, reason=why) == "done"
    assert await reject(month.id, mine.registration.id, actor_id=staff, reason=why) == (
        "wrong_status"
    )
    [mine] = await registration.my_courses(members[0])
    assert (mine.registration.status, mine.registration.reason) == ("rejected", "tvto")
    [entry] = [
        e for e in (await nomination.view(month.id)).courses[0].placed if e.member_id == members[0]
    ]
    assert (entry.rejected_at, entry.rejected_by, entry.rejection_reason) == (
        clock.now(),
        staff,
        why,
    )
    told = await notices(db, members[0])
    assert told[-1]["key"] == "courses-notice-rejected" and told[-1]["args"]["reason"] == why
    # the freed seat is offered to the next on the waitlist
    [third] = await registration.my_courses(members[2])
    assert third.registration.status == "offered"
    assert (await notices(db, members[2]))[-1]["key"] == "courses-notice-offer"
    [trail] = await nomination.audit_trail("registration", mine.registration.id)
    assert (trail.action, trail.actor_id, trail.reason) == ("tvto_reject", staff, why)
    assert trail.after["offered"] == [third.registration.id]
    assert (await nomination.month(month.id)).status == "sent"  # the other one still waits
    assert await nomination.confirm(month.id, actor_id=staff) == 1
    assert (await nomination.month(month.id)).status == "confirmed"
    rows = await nomination.export_rows(month.id)
    assert [r.tvto_answer for r in rows] == [f"رد شد، {why}", "تأیید شد"]
    english = await nomination.export_rows(month.id, locale="en")
    assert [r.tvto_answer for r in english] == [f"rejected: {why}", "confirmed"]
    # a rejected person may ask again; the office decides at the next list
    assert (await registration.register(members[0], course.id)).result == "waitlisted"


async def test_staff_return_a_nominated_person_to_the_next_list(db, clock):
    _course, members, staff, registration, nomination = await _setup(
        db, clock, capacity=2, people=[(9, 1), (8, 2)]
    )
    clock.set(ABAN_CUTOFF)
    month = await nomination.freeze_due()
    await nomination.approve(month.id, actor_id=staff)
    [mine] = await registration.my_courses(members[0])
    assert await nomination.return_to_list(
        mine.registration.id, actor_id=staff, reason="TVTO: class full"
    )
    [mine] = await registration.my_courses(members[0])
    assert mine.registration.status == "requested"
    assert (await notices(db, members[0]))[-1]["key"] == "courses-notice-returned"
    [trail] = await nomination.audit_trail("registration", mine.registration.id)
    assert (trail.actor_id, trail.reason) == (staff, "TVTO: class full")


async def test_an_unapproved_list_is_superseded_by_the_next(db, clock):
    _course, _members, staff, _registration, nomination = await _setup(
        db, clock, capacity=3, people=[(9, 1)]
    )
    clock.set(ABAN_CUTOFF)
    aban = await nomination.freeze_due()
    clock.set(AZAR_CUTOFF)
    azar = await nomination.freeze_due()
    assert (await nomination.month(aban.id)).status == "superseded"
    assert await nomination.approve(aban.id, actor_id=staff) == "wrong_status"
    assert (await nomination.view(azar.id)).placed_count == 1


async def test_cancelled_people_are_left_out_at_approval(db, clock):
    course, members, staff, registration, nomination = await _setup(
        db, clock, capacity=2, people=[(9, 1), (8, 2), (1, 3)]
    )
    clock.set(ABAN_CUTOFF)
    month = await nomination.freeze_due()
    await registration.cancel(members[0], course.id)  # the last one gets the seat offer
    await nomination.approve(month.id, actor_id=staff)
    status = {m: (await registration.my_courses(m, include_cancelled=True))[0] for m in members}
    assert status[members[0]].registration.status == "cancelled"
    assert status[members[1]].registration.status == "nominated"
    assert status[members[2]].registration.status == "offered"


async def test_marking_the_list_sent_cancels_the_months_deadline_reminders(db, clock, monkeypatch):
    _course, members, staff, _registration, nomination = await _setup(
        db, clock, capacity=3, people=[(9, 1), (8, 2)]
    )
    clock.set(ABAN_CUTOFF)
    month = await nomination.freeze_due()
    await nomination.approve(month.id, actor_id=staff)
    now = clock.now()
    planned = [  # as the reminders planner writes them (bot/services/reminders/)
        (staff, CAUSE_MONTHLY, monthly_group(1404, 8)),
        (members[0], CAUSE_ESCALATION, monthly_group(1404, 8)),
        (members[1], CAUSE_ASSESSMENT, monthly_group(1404, 8)),  # not a deadline reminder
        (staff, CAUSE_MONTHLY, monthly_group(1404, 9)),  # next month's
    ]
    async with db.write() as conn:
        for member_id, cause, group in planned:
            await LedgerRepo(conn).enqueue(
                member_id=member_id,
                cause=cause,
                occurrence=group.removeprefix("monthly:"),
                due_at=now,
                payload=message("reminders-monthly-staff"),
                group_key=group,
            )

    async def reminder_statuses() -> list[str]:
        async with db.read() as conn:
            rows = await LedgerRepo(conn).find(cause=None)
        by_key = {(r.member_id, r.cause, r.group_key): r for r in rows}
        return [by_key[key].status for key in planned]

    # the same transaction: when recording the step fails, nothing is cancelled either
    real_audit = month_steps.audit

    async def failing_audit(conn, at, actor_id, action, *args, **kw):
        if action == "mark_sent":
            raise RuntimeError("the database went away")
        return await real_audit(conn, at, actor_id, action, *args, **kw)

    monkeypatch.setattr(month_steps, "audit", failing_audit)
    with pytest.raises(RuntimeError):
        await nomination.mark_sent(month.id, actor_id=staff)
    assert await reminder_statuses() == ["pending"] * 4
    assert (await nomination.month(month.id)).status == "approved"
    monkeypatch.setattr(month_steps, "audit", real_audit)

    assert await nomination.mark_sent(month.id, actor_id=staff) == "done"
    assert await reminder_statuses() == ["cancelled", "cancelled", "pending", "pending"]
    async with db.read() as conn:
        [row] = await LedgerRepo(conn).find(cause=CAUSE_MONTHLY, status="cancelled")
    assert row.reason == "list sent" and row.finished_at == now
    [entry] = [
        t for t in await nomination.audit_trail("month", month.id) if t.action == "mark_sent"
    ]
    assert entry.actor_id == staff
    assert entry.after["reminders_cancelled"] == 2 and len(entry.after["registrations"]) == 2
    sent = await nomination.month(month.id)
    assert (sent.status, sent.sent_by, sent.sent_at) == ("sent", staff, now)


async def test_exports_are_audited_with_who_exported(db, clock):
    _course, _members, staff, _registration, nomination = await _setup(
        db, clock, capacity=3, people=[(9, 1), (8, 2)]
    )
    clock.set(ABAN_CUTOFF)
    month = await nomination.freeze_due()
    rows = await nomination.export_rows(month.id, exported_by=staff, fmt="xlsx")
    assert len(rows) == 2
    assert await nomination.export_rows(month.id) == rows  # no actor (the command line): no entry
    [entry] = [t for t in await nomination.audit_trail("month", month.id) if t.action != "freeze"]
    assert (entry.action, entry.actor_id, entry.at) == ("export.month", staff, clock.now())
    assert entry.after == {"year": 1404, "month": 8, "rows": 2, "format": "xlsx"}
