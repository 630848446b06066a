"""Reading a course for staff: the courses, one course's overview, the people of its lists (IDs
masked unless revealed) and the answers to its attendance buttons."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.persian.ids import mask_mobile, mask_national_id
from bot.services.course_admin.outcomes import LISTS, AttendanceLine, Listing, Overview, Person
from bot.services.course_admin.staff import CourseStaffService
from bot.services.courses import effective_status
from storage.assessments import AssessmentsRepo, MemberProfile
from storage.courses import Course, CoursesRepo
from storage.members import Member, MembersRepo
from storage.registrations import (
    ACTIVE,
    SEAT_HOLDING,
    STATUSES,
    Registration,
    RegistrationsRepo,
)
from storage.reminders import AttendanceReply, AttendanceRepo


def person_name(member: Member | None, profile: MemberProfile | None) -> str:
    if profile is not None and profile.full_name:
        return profile.full_name
    if member is None:
        return ""
    return " ".join(p for p in (member.first_name, member.last_name) if p)


class CourseLists(CourseStaffService):
    async def courses(
        self, *, include_past: bool = False, include_cancelled: bool = True
    ) -> list[Course]:
        """Courses for staff, soonest first: those not ended yet (or all)."""
        statuses = (
            ("open", "full", "closed", "cancelled")
            if include_cancelled
            else (
                "open",
                "full",
                "closed",
            )
        )
        async with self.db.read() as conn:
            return await CoursesRepo(conn).listing(
                statuses=statuses, ends_on_or_after=None if include_past else self.today()
            )

    async def overview(self, course_id: int) -> Overview | None:
        async with self.db.read() as conn:
            course = await CoursesRepo(conn).get(course_id)
            if course is None:
                return None
            regs = RegistrationsRepo(conn)
            counts = {s: await regs.count(course.id, (s,)) for s in STATUSES}
            taken = await regs.count(course.id, SEAT_HOLDING)
        counts = {s: n for s, n in counts.items() if n}
        return Overview(course, effective_status(course, self.clock.now()), counts, taken)

    async def people(
        self, course_id: int, listing: Listing = "registrants", *, reveal: bool = False
    ) -> list[Person]:
        """The people of a course list. National IDs and mobiles are masked unless `reveal`
        (only the XLSX export for the office's work with TVTO reveals them)."""
        statuses = LISTS[listing]
        async with self.db.read() as conn:
            regs = RegistrationsRepo(conn)
            found = await regs.of_course(course_id, statuses)
            return [await self._person(conn, regs, r, reveal) for r in found]

    async def _person(
        self, conn: AsyncConnection, regs: RegistrationsRepo, r: Registration, reveal: bool
    ) -> Person:
        member = await MembersRepo(conn).get_by_id(r.member_id)
        profile = await AssessmentsRepo(conn).profile(r.member_id)
        national_id = (profile.national_id if profile else None) or ""
        mobile = (profile.mobile if profile else None) or ""
        if not reveal:
            national_id = mask_national_id(national_id) if national_id else ""
            mobile = mask_mobile(mobile) if mobile else ""
        cooperative = profile.cooperative.name if profile and profile.cooperative else ""
        position = await regs.waitlist_position(r) if r.status == "waitlisted" else None
        return Person(
            registration_id=r.id,
            member_id=r.member_id,
            name=person_name(member, profile),
            national_id=national_id,
            mobile=mobile,
            cooperative=cooperative,
            status=r.status,
            need_score=r.need_score,
            requested_at=r.requested_at,
            position=position,
        )

    async def attendance(self, course_id: int) -> list[AttendanceLine]:
        """Answers to the session reminders' attendance buttons, per session."""
        async with self.db.read() as conn:
            replies = await AttendanceRepo(conn).for_course(course_id)
            names: dict[int, str] = {}
            for reply in replies:
                if reply.answer != "yes" and reply.member_id not in names:
                    member = await MembersRepo(conn).get_by_id(reply.member_id)
                    profile = await AssessmentsRepo(conn).profile(reply.member_id)
                    names[reply.member_id] = person_name(member, profile) or f"#{reply.member_id}"
        by_session: dict[datetime, list[AttendanceReply]] = {}
        for reply in replies:
            by_session.setdefault(reply.session_at, []).append(reply)
        lines = []
        for session_at in sorted(by_session):
            group = by_session[session_at]
            absent = [r for r in group if r.answer != "yes"]
            lines.append(
                AttendanceLine(
                    session_at=session_at,
                    coming=len(group) - len(absent),
                    not_coming=len(absent),
                    names_not_coming=tuple(names[r.member_id] for r in absent),
                )
            )
        return lines

    async def active_registrations(self, course_id: int) -> int:
        async with self.db.read() as conn:
            return await RegistrationsRepo(conn).count(course_id, ACTIVE)
