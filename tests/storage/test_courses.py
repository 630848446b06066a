"""Course, registration and nomination repositories on both engines."""

from __future__ import annotations

from datetime import UTC, date, time, timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from storage.courses import CoursesRepo
from storage.nominations import NewEntry, NominationsRepo
from storage.registrations import SEAT_HOLDING, RegistrationsRepo
from tests.services.courses_support import add_members, course_data


async def test_courses_upsert_by_ref_and_listing(db, clock):
    now = clock.now()
    async with db.write() as conn:
        repo = CoursesRepo(conn)
        first, created = await repo.upsert(course_data("a", county="ری"), now)
        assert created and first.status == "open"
        again, created = await repo.upsert(course_data("a", capacity=30, county="ری"), now)
        assert not created and again.id == first.id and again.capacity == 30
        await repo.upsert(course_data("b", topic="ict", start=date(2025, 12, 20)), now)
        await repo.add(course_data("c"), now, status="cancelled")
    async with db.read() as conn:
        repo = CoursesRepo(conn)
        course = await repo.get(first.id)
        assert course.sessions[0].weekday == 5 and course.sessions[0].start == time(9, 0)
        assert course.registration_deadline.tzinfo is not None
        assert course.standard_code == "0012345678"
        assert [c.ref for c in await repo.listing()] == ["a", "b"]
        assert [c.ref for c in await repo.listing(topics=["ict"])] == ["b"]
        assert [c.ref for c in await repo.listing(county="ری")] == ["a"]
        assert await repo.counties() == sorted(["ری", "تهران"])
        assert await repo.count() == 3
        assert (await repo.get_for_update(first.id)).id == first.id


async def test_one_registration_per_person_and_course(db, clock):
    now = clock.now()
    [member] = await add_members(db, now, 1)
    async with db.write() as conn:
        course = await CoursesRepo(conn).add(course_data(), now)
        regs = RegistrationsRepo(conn)
        reg = await regs.create(
            course_id=course.id,
            member_id=member,
            status="requested",
            need_score=4.5,
            cooperative_id=None,
            assessment_id=None,
            now=now,
        )
        assert reg.version == 1 and reg.holds_seat
    with pytest.raises(IntegrityError):
        async with db.write() as conn:
            await RegistrationsRepo(conn).create(
                course_id=course.id,
                member_id=member,
                status="waitlisted",
                need_score=1,
                cooperative_id=None,
                assessment_id=None,
                now=now,
            )
    async with db.write() as conn:
        regs = RegistrationsRepo(conn)
        moved = await regs.set_status(reg.id, "cancelled", now, expect=("waitlisted",))
        assert moved is None  # not in an expected status: nothing changes
        moved = await regs.set_status(reg.id, "cancelled", now, reason="member")
        assert moved.version == 2 and moved.reason == "member"
        assert await regs.count(course.id, SEAT_HOLDING) == 0


async def test_waitlist_order_and_positions(db, clock):
    now = clock.now()
    members = await add_members(db, now, 4)
    async with db.write() as conn:
        course = await CoursesRepo(conn).add(course_data(), now)
        regs = RegistrationsRepo(conn)
        made = []
        for i, (member, score) in enumerate(zip(members, (2.0, 8.0, 8.0, 5.0), strict=True)):
            made.append(
                await regs.create(
                    course_id=course.id,
                    member_id=member,
                    status="waitlisted",
                    need_score=score,
                    cooperative_id=None,
                    assessment_id=None,
                    now=now + timedelta(seconds=i),
                )
            )
        order = [r.member_id for r in await regs.of_course(course.id, ("waitlisted",))]
        assert order == [members[1], members[2], members[3], members[0]]
        assert [await regs.waitlist_position(r) for r in made] == [4, 1, 2, 3]
        assert (await regs.first_waitlisted(course.id)).member_id == members[1]


async def test_nomination_month_is_created_once_and_audit_keeps_json(db, clock):
    now = clock.now()
    [member] = await add_members(db, now, 1)
    async with db.write() as conn:
        course = await CoursesRepo(conn).add(course_data(), now)
        reg = await RegistrationsRepo(conn).create(
            course_id=course.id,
            member_id=member,
            status="requested",
            need_score=3,
            cooperative_id=7,
            assessment_id=None,
            now=now,
        )
        repo = NominationsRepo(conn)
        kw = dict(year=1404, month=8, cutoff_at=now, frozen_at=now, frozen_by=None, coop_cap=3)
        month = await repo.create_month(**kw)
        assert month is not None and month.status == "frozen"
        assert await repo.create_month(**kw) is None
        await repo.add_entries(
            month.id,
            [
                NewEntry(
                    registration_id=reg.id,
                    course_id=course.id,
                    member_id=member,
                    cooperative_id=7,
                    need_score=3,
                    requested_at=now,
                    rank=1,
                    placed=True,
                )
            ],
        )
        await repo.audit(
            at=now,
            actor_id=member,
            action="place",
            subject="entry",
            subject_id=1,
            reason="«دلیل»",
            before={"placed": False},
            after={"placed": True, "ids": [1, 2]},
        )
    async with db.read() as conn:
        repo = NominationsRepo(conn)
        [entry] = await repo.entries(month.id, placed=True)
        assert entry.requested_at == now and entry.cooperative_id == 7
        [trail] = await repo.audit_trail("entry", 1)
        assert trail.after == {"placed": True, "ids": [1, 2]} and trail.reason == "«دلیل»"
        assert trail.at == now.astimezone(UTC)
        assert (await repo.month(1404, 8)).id == month.id
        assert await repo.months() == [month]
