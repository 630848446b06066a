"""Stand-ins for the courses / registration / assessment services the reminder planner reads,
built to their contracts (CourseService.find/find_many/session_occurrences/confirmed_registrations,
RegistrationService.registration/cancel, AssessmentService.members_with_unfinished)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

from bot.services.ledger import LedgerService
from bot.services.reminders import ReminderService
from storage.members import MembersRepo


@dataclass(frozen=True)
class FakeCourse:
    id: int
    sessions: tuple[tuple[datetime, datetime], ...]
    title_fa: str = "حسابداری تعاونی‌ها"
    title_en: str = "Cooperative accounting"
    status: str = "open"
    provider_name: str = "مرکز فنی و حرفه‌ای شمارهٔ ۳ تهران"
    provider_address: str = "خیابان آزادی"
    delivery_mode: str = "in_person"
    registration_deadline: datetime = datetime(2025, 11, 1, tzinfo=UTC)

    def title(self, locale: str | None) -> str:
        return self.title_en if (locale or "").startswith("en") else self.title_fa


@dataclass(frozen=True)
class FakeRegistration:
    id: int
    course_id: int
    member_id: int
    status: str = "confirmed"


@dataclass
class FakeCourses:
    courses: dict[int, FakeCourse] = field(default_factory=dict)
    registrations: dict[int, FakeRegistration] = field(default_factory=dict)
    finds: int = 0

    def add_course(self, course: FakeCourse) -> FakeCourse:
        self.courses[course.id] = course
        return course

    def change(self, course_id: int, **changes) -> FakeCourse:
        self.courses[course_id] = replace(self.courses[course_id], **changes)
        return self.courses[course_id]

    def register(self, reg_id: int, course_id: int, member_id: int, status: str = "confirmed"):
        self.registrations[reg_id] = FakeRegistration(reg_id, course_id, member_id, status)
        return self.registrations[reg_id]

    # CourseService
    async def find(self, course_id: int) -> FakeCourse | None:
        self.finds += 1
        return self.courses.get(course_id)

    async def find_many(self, course_ids) -> dict[int, FakeCourse]:
        self.finds += 1
        return {i: self.courses[i] for i in course_ids if i in self.courses}

    def session_occurrences(self, course: FakeCourse) -> list[tuple[datetime, datetime]]:
        return list(course.sessions)

    async def browsable(self) -> list[FakeCourse]:
        return [c for c in self.courses.values() if c.status in ("open", "full")]

    async def confirmed_registrations(self, course_id: int | None = None):
        return [
            r
            for r in self.registrations.values()
            if r.status == "confirmed" and (course_id is None or r.course_id == course_id)
        ]


@dataclass
class FakeRegistrations:
    courses: FakeCourses
    too_late: bool = False
    cancelled: list[tuple[int, int]] = field(default_factory=list)

    async def registration(self, registration_id: int):
        return self.courses.registrations.get(registration_id)

    async def waitlist(self, course_id: int):
        return [
            r
            for r in self.courses.registrations.values()
            if r.course_id == course_id and r.status == "waitlisted"
        ]

    async def cancel(self, member_id: int, course_id: int):
        if self.too_late:
            return SimpleNamespace(result="too_late")
        for reg in list(self.courses.registrations.values()):
            if reg.member_id == member_id and reg.course_id == course_id:
                self.courses.register(reg.id, course_id, member_id, "cancelled")
                self.cancelled.append((member_id, course_id))
                return SimpleNamespace(result="cancelled")
        return SimpleNamespace(result="not_registered")


@dataclass
class FakeAssessment:
    unfinished: list[int] = field(default_factory=list)

    async def members_with_unfinished(self) -> list[int]:
        return list(self.unfinished)


def weekly_sessions(first: datetime, count: int, hours: float = 3) -> tuple:
    return tuple(
        (first + timedelta(weeks=i), first + timedelta(weeks=i, hours=hours)) for i in range(count)
    )


async def add_member(db, clock, user_id: int, *, role: str = "member", platform="telegram"):
    async with db.write() as conn:
        repo = MembersRepo(conn)
        member = await repo.seen(
            platform=platform,
            user_id=user_id,
            chat_id=user_id,
            first_name=f"نفر{user_id}",
            last_name=None,
            username=None,
            language_code="fa",
            now=clock.now(),
        )
        if role != "member":
            await repo.set_role(member.id, role)
    return member.id


def make_reminders(db, clock, settings, *, sent_months=()):
    courses = FakeCourses()
    peers = SimpleNamespace(
        courses=courses,
        registration=FakeRegistrations(courses),
        assessment=FakeAssessment(),
    )
    sent = set(sent_months)

    async def list_sent(year: int, month: int) -> bool:
        return (year, month) in sent

    service = ReminderService(
        db,
        clock,
        settings,
        LedgerService(db, clock, settings),
        courses=peers.courses,
        registrations=peers.registration,
        assessment=peers.assessment,
        list_sent=list_sent,  # the nomination months belong to the courses feature
    )
    return service, peers, sent
