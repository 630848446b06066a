"""ReminderService: the one object the rest of the bot holds for reminders. It builds the
planners, the preferences and the attendance desk from its collaborators; its methods are
theirs, bound in the constructor, so each line there says which part answers which call (the
documentation is on the parts)."""

from __future__ import annotations

from bot.core.clock import Clock
from bot.core.config import Settings
from bot.services.reminders.attendance import Attendance
from bot.services.reminders.course_planner import CoursePlanner
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
        self._planner_owner: str | None = None
        preferences = Preferences(db, clock)
        self.preferences = preferences.get
        self.set_preference = preferences.set
        courses_planner = CoursePlanner(db, clock, settings, ledger, courses, registrations)
        self.plan_courses = courses_planner.plan_courses
        self.course_changed = courses_planner.course_changed
        monthly = MonthlyPlanner(db, clock, settings, ledger, assessment, list_sent)
        self.plan_monthly = monthly.plan_monthly
        self.list_sent = monthly.list_sent
        desk = Attendance(db, clock, ledger, courses, registrations)
        self.answer_attendance = desk.answer_attendance
        self.withdraw = desk.withdraw
        self.attendance = desk.attendance

    def take_planner(self, platform: str) -> bool:
        """The first Application scheduled in this process runs the planners."""
        if self._planner_owner is None:
            self._planner_owner = platform
        return self._planner_owner == platform
