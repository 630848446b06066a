"""What the staff's course services share (the chat's and the web console's course changes, and
CourseImportService): their collaborators, a course locked for a change, the reminders re-planned
after one, and an audit entry of its own."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal, Protocol

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.core.clock import Clock
from bot.core.config import Settings
from bot.persian.jalali import tehran_today
from bot.services.course_notices import CourseNotices
from bot.services.registration import RegistrationService
from storage.audit import AuditRepo
from storage.courses import Course, CoursesRepo
from storage.engine import Database
from storage.members import Member
from storage.registrations import Registration


class Planner(Protocol):
    """ReminderService.course_changed (bot/services/reminders/)."""

    async def course_changed(self, course_id: int) -> Any: ...


class Registrations(Protocol):
    """What is used of RegistrationService (bot/services/registration.py)."""

    async def fill_free_seats(
        self, conn: AsyncConnection, course: Course, now: datetime, notices: CourseNotices
    ) -> list[Registration]: ...

    async def cancel_course(self, course_id: int, actor_id: int, reason: str) -> int: ...


async def lock_course(
    conn: AsyncConnection, course_id: int
) -> tuple[Course | None, Literal["not_found", "cancelled"] | None]:
    """The course locked for a change, or why it cannot change (the course is None only when
    it is not found)."""
    course = await CoursesRepo(conn).get_for_update(course_id)
    if course is None:
        return None, "not_found"
    if course.status == "cancelled":
        return course, "cancelled"
    return course, None


class CourseStaffService:
    """What the staff's course services share (CourseAdminService's parts and
    CourseImportService)."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        settings: Settings,
        registration: Registrations,
        reminders: Planner | None = None,
    ) -> None:
        self.db = db
        self.clock = clock
        self.settings = settings
        self.registration = registration
        self.reminders = reminders

    async def _replan(self, *course_ids: int) -> None:
        if self.reminders is not None:
            for course_id in course_ids:
                await self.reminders.course_changed(course_id)

    async def _record(
        self,
        actor: Member | None,
        action: str,
        subject: str,
        subject_id: int,
        after: dict[str, Any],
    ) -> None:
        """An audit entry in a transaction of its own (an export changes nothing else)."""
        async with self.db.write() as conn:
            await AuditRepo(conn).add(
                at=self.clock.now(),
                actor_id=actor.id if actor else None,
                action=action,
                subject=subject,
                subject_id=subject_id,
                after=after,
            )

    def today(self) -> date:
        return tehran_today(self.clock.now())


async def sync_status(conn: AsyncConnection, course: Course, now: datetime) -> None:
    await RegistrationService.sync_course_status(conn, course, now)
