"""ReminderService: the one object the rest of the bot holds for reminders. It builds the
planners and the attendance desk from its collaborators and hands each call to the part that
does it."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from bot.core.clock import Clock
from bot.core.config import Settings
from bot.services.reminders.attendance import Attendance, AttendanceAnswer, WithdrawResult
from bot.services.reminders.course_planner import CoursePlanner, PlanReport
from bot.services.reminders.monthly_planner import MonthlyPlanner
from bot.services.reminders.preferences import Preferences, kinds_for
from bot.services.reminders.sources import (
    CourseSource,
    Ledger,
    RegistrationSource,
    SentLists,
    UnfinishedSource,
)
from storage.engine import Database


class ReminderService:
    """Reminders of sessions, course starts, deadlines and the month's list.

    Collaborators come in the constructor (bot/services/container.py builds them first): the
    courses, the registrations and the assessments; any of them None when that feature is not
    part of the build (its reminders are then not planned). None of them uses the reminders, so
    there is no cycle: the container builds the reminders after them."""

    kinds_for = staticmethod(kinds_for)

    def __init__(
        self,
        db: Database,
        clock: Clock,
        settings: Settings,
        ledger: Ledger,
        *,
        courses: CourseSource | None = None,
        registrations: RegistrationSource | None = None,
        assessment: UnfinishedSource | None = None,
        list_sent: SentLists | None = None,
    ) -> None:
        """`list_sent`: whether a month's nomination list went to TVTO; by default read from
        the nomination months in the database (the courses feature's)."""
        self.db = db
        self.clock = clock
        self.settings = settings
        self.ledger = ledger
        self.courses = courses
        self.registrations = registrations
        self.assessment = assessment
        self._preferences = Preferences(db, clock)
        self._courses = CoursePlanner(db, clock, settings, ledger, courses, registrations)
        self._monthly = MonthlyPlanner(db, clock, settings, ledger, assessment, list_sent)
        self._attendance = Attendance(db, clock, ledger, courses, registrations)
        self._planner_owner: str | None = None

    def take_planner(self, platform: str) -> bool:
        """The first Application scheduled in this process runs the planners."""
        if self._planner_owner is None:
            self._planner_owner = platform
        return self._planner_owner == platform

    # preferences (preferences.py)

    async def preferences(self, member_id: int, role: str) -> dict[str, bool]:
        return await self._preferences.get(member_id, role)

    async def set_preference(self, member_id: int, kind: str, enabled: bool) -> None:
        await self._preferences.set(member_id, kind, enabled)

    # courses (course_planner.py)

    async def plan_courses(self, course_ids: Collection[int] | None = None) -> PlanReport:
        return await self._courses.plan_courses(course_ids)

    async def course_changed(self, course_id: int) -> PlanReport:
        return await self._courses.course_changed(course_id)

    # the month's list (monthly_planner.py)

    async def plan_monthly(self) -> int:
        return await self._monthly.plan_monthly()

    async def list_sent(self, year: int, month: int) -> bool:
        return await self._monthly.list_sent(year, month)

    # attendance (attendance.py)

    async def answer_attendance(
        self, member_id: int, registration_id: int, session: str, answer: str
    ) -> AttendanceAnswer:
        return await self._attendance.answer_attendance(member_id, registration_id, session, answer)

    async def withdraw(self, member_id: int, registration_id: int) -> WithdrawResult:
        return await self._attendance.withdraw(member_id, registration_id)

    async def attendance(self, course_id: int) -> list[Any]:
        return await self._attendance.attendance(course_id)
