"""Registration against the real service on both engines: seats, waitlist, offers, notices."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime, timedelta

from tests.services.courses_support import (
    FakeNeeds,
    add_course,
    add_members,
    notices,
    services,
)


async def test_fifty_press_register_on_ten_seats_at_once(db, clock):
    needs = FakeNeeds()
    course = await add_course(db, clock.now(), capacity=10)
    members = await add_members(db, clock.now(), 50)
    for i, member_id in enumerate(members):
        # distinct need scores in a shuffled order (37 and 50 are coprime)
        needs.submit(member_id, need_score=float((i * 37) % 50), cooperative_id=i % 7 + 1)
    courses, registration, _ = services(db, clock, needs)

    outcomes = await asyncio.gather(*(registration.register(m, course.id) for m in members))

    assert Counter(o.result for o in outcomes) == {"requested": 10, "waitlisted": 40}
    card = await courses.card(course.id, None)
    assert card.seats_left == 0 and card.status == "full"
    waitlist = await registration.waitlist(course.id)
    assert len(waitlist) == 40
    scores = [r.need_score for r in waitlist]
    assert scores == sorted(scores, reverse=True)
    for expected, entry in enumerate(waitlist, start=1):
        assert (await courses.card(course.id, entry.member_id)).waitlist_position == expected


async def test_same_person_pressing_many_times_registers_once(db, clock):
    needs = FakeNeeds()
    course = await add_course(db, clock.now(), capacity=3)
    [member] = await add_members(db, clock.now(), 1)
    needs.submit(member, 10)
    _, registration, _ = services(db, clock, needs)
    outcomes = await asyncio.gather(*(registration.register(member, course.id) for _ in range(8)))
    assert Counter(o.result for o in outcomes) == {"requested": 1, "already": 7}
    assert len(await registration.my_courses(member)) == 1


async def test_waitlist_ties_go_by_request_time(db, clock):
    needs = FakeNeeds()
    course = await add_course(db, clock.now(), capacity=1)
    first, second, third = await add_members(db, clock.now(), 3)
    for m in (first, second, third):
        needs.submit(m, 5.0)
    _, registration, _ = services(db, clock, needs)
    await registration.register(first, course.id)
    clock.advance(minutes=1)
    later = await registration.register(third, course.id)
    clock.advance(minutes=1)
    latest = await registration.register(second, course.id)
    assert (later.result, later.position) == ("waitlisted", 1)
    assert (latest.result, latest.position) == ("waitlisted", 2)


async def test_registering_needs_a_submitted_assessment_with_consent(db, clock):
    needs = FakeNeeds()
    course = await add_course(db, clock.now())
    a, b = await add_members(db, clock.now(), 2)
    needs.submit(b, 3, consent=False)
    _, registration, _ = services(db, clock, needs)
    assert (await registration.register(a, course.id)).result == "need_assessment"
    assert (await registration.register(b, course.id)).result == "need_consent"
    assert await registration.my_courses(a) == []


async def test_closed_after_the_deadline_and_for_cancelled_courses(db, clock):
    needs = FakeNeeds()
    course = await add_course(db, clock.now(), deadline=clock.now() + timedelta(hours=1))
    [member, staff] = await add_members(db, clock.now(), 2)
    needs.submit(member, 3)
    _, registration, _ = services(db, clock, needs)
    clock.advance(hours=2)
    assert (await registration.register(member, course.id)).result == "closed"
    other = await add_course(db, clock.now(), ref="c2")
    assert await registration.cancel_course(other.id, staff, "no trainer") == 0
    assert (await registration.register(member, other.id)).result == "closed"
    assert (await registration.register(member, 999)).result == "not_found"


async def test_overlapping_sessions_are_reported(db, clock):
    needs = FakeNeeds()
    morning = await add_course(db, clock.now(), ref="a")
    also_morning = await add_course(db, clock.now(), ref="b", sessions=((0, "11:00", "13:00"),))
    evening = await add_course(db, clock.now(), ref="c", sessions=((0, "17:00", "19:00"),))
    [member] = await add_members(db, clock.now(), 1)
    needs.submit(member, 3)
    _, registration, _ = services(db, clock, needs)
    assert (await registration.register(member, morning.id)).overlaps == ()
    clash = await registration.register(member, also_morning.id)
    assert clash.result == "requested"
    assert [c.id for c in clash.overlaps] == [morning.id]
    assert (await registration.register(member, evening.id)).overlaps == ()


async def test_cancel_offer_decline_expire_accept_chain(db, clock):
    needs = FakeNeeds()
    course = await add_course(db, clock.now(), capacity=2)
    a, b, c, d, e = await add_members(db, clock.now(), 5)
    for member, score in ((a, 1), (b, 1), (c, 5), (d, 9), (e, 7)):
        needs.submit(member, score)
    _, registration, _ = services(db, clock, needs, offer_hours=48)
    for member in (a, b, c, d, e):
        await registration.register(member, course.id)
    assert [r.member_id for r in await registration.waitlist(course.id)] == [d, e, c]

    # a cancels: the seat is offered to d (greatest need), with a deadline and two buttons
    assert (await registration.cancel(a, course.id)).result == "cancelled"
    [offer] = await notices(db, d)
    assert offer["cause"] == "course.offer" and offer["key"] == "courses-notice-offer"
    assert offer["group_key"] == f"course:{course.id}"
    assert offer["expires_at"] == clock.now() + timedelta(hours=48)
    accept, decline = offer["buttons"][0]
    assert accept["data"].startswith("crs:acc:") and decline["data"].startswith("crs:dec:")
    d_reg = int(decline["data"].rsplit(":", 1)[1])

    # e cannot answer d's offer
    assert (await registration.decline_offer(e, d_reg)).result == "not_found"
    # d declines: e gets the offer
    assert (await registration.decline_offer(d, d_reg)).result == "declined"
    [e_offer] = await notices(db, e)
    e_reg = int(e_offer["buttons"][0][0]["data"].rsplit(":", 1)[1])

    # e lets it expire: e is told, c gets the offer
    clock.advance(hours=48, seconds=1)
    assert await registration.expire_offers() == 1
    assert [n["key"] for n in await notices(db, e)] == [
        "courses-notice-offer",
        "courses-notice-offer-expired",
    ]
    assert (await registration.accept_offer(e, e_reg)).result == "not_offered"
    [c_offer] = await notices(db, c)
    c_reg = int(c_offer["buttons"][0][0]["data"].rsplit(":", 1)[1])

    # c accepts in time: the course is full again, nobody waits
    clock.advance(hours=47)
    accepted = await registration.accept_offer(c, c_reg)
    assert accepted.result == "accepted" and accepted.registration.status == "requested"
    assert await registration.waitlist(course.id) == []
    statuses = {m.course.id: m.registration.status for m in await registration.my_courses(c)}
    assert statuses == {course.id: "requested"}
    assert await registration.expire_offers() == 0


async def test_accepting_after_the_deadline_expires_the_offer(db, clock):
    needs = FakeNeeds()
    course = await add_course(db, clock.now(), capacity=1)
    a, b, c = await add_members(db, clock.now(), 3)
    for member, score in ((a, 1), (b, 9), (c, 5)):
        needs.submit(member, score)
    _, registration, _ = services(db, clock, needs, offer_hours=24)
    for member in (a, b, c):
        await registration.register(member, course.id)
    await registration.cancel(a, course.id)
    [offer] = await notices(db, b)
    b_reg = int(offer["buttons"][0][0]["data"].rsplit(":", 1)[1])
    clock.advance(hours=25)  # the periodic job has not run yet
    assert (await registration.accept_offer(b, b_reg)).result == "expired"
    assert [n["key"] for n in await notices(db, c)] == ["courses-notice-offer"]


async def test_cancel_rules(db, clock):
    needs = FakeNeeds()
    course = await add_course(db, clock.now(), capacity=1)
    a, b = await add_members(db, clock.now(), 2)
    needs.submit(a, 1)
    needs.submit(b, 2)
    _, registration, _ = services(db, clock, needs)
    assert (await registration.cancel(a, course.id)).result == "not_registered"
    await registration.register(a, course.id)
    await registration.register(b, course.id)
    # b only waits: cancelling frees no seat and offers nothing
    assert (await registration.cancel(b, course.id)).result == "cancelled"
    assert await notices(db) == []
    # once the course has started, nobody cancels
    clock.set(datetime(2025, 12, 6, 5, 0, tzinfo=UTC))
    assert (await registration.cancel(a, course.id)).result == "too_late"
    # registering again after cancelling reuses the row
    clock.set(datetime(2025, 11, 20, 6, 0, tzinfo=UTC))
    again = await registration.register(b, course.id)
    assert again.result == "waitlisted" and again.registration.version == 3


async def test_cancelling_a_course_tells_everyone(db, clock):
    needs = FakeNeeds()
    course = await add_course(db, clock.now(), capacity=1)
    a, b, staff = await add_members(db, clock.now(), 3)
    needs.submit(a, 1)
    needs.submit(b, 2)
    _, registration, nomination = services(db, clock, needs)
    await registration.register(a, course.id)
    await registration.register(b, course.id)
    assert await registration.cancel_course(course.id, staff, "the centre closed") == 2
    assert {n["member_id"]: n["key"] for n in await notices(db)} == {
        a: "courses-notice-course-cancelled",
        b: "courses-notice-course-cancelled",
    }
    [audit] = await nomination.audit_trail("course", course.id)
    assert audit.actor_id == staff and audit.reason == "the centre closed"
