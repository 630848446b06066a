"""The course planner: makes the session, course-start and deadline reminders of every course
exist in the ledger as they should (new ones written, obsolete ones cancelled, cancelled ones that
are wanted again back), and tells people of a changed schedule once."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.core.clock import Clock
from bot.core.config import Settings
from bot.services.ledger import Notice
from bot.services.reminders.course_plans import (
    Planned,
    course_start_plans,
    deadline_plans,
    schedule_fingerprint,
    schedule_notices,
    session_plans,
)
from bot.services.reminders.keys import PLANNED_COURSE_CAUSES, course_group
from bot.services.reminders.plan_diff import PlanDiff, gc_paused
from bot.services.reminders.preferences import disabled
from bot.services.reminders.sources import CourseSource, Ledger, RegistrationSource
from storage.engine import Database
from storage.ledger import LedgerRepo
from storage.reminders import AttendanceRepo, ScheduleFingerprintsRepo


@dataclass
class PlanReport:
    courses: int = 0
    registrations: int = 0
    desired: int = 0
    written: int = 0
    cancelled: int = 0
    changed_schedules: int = 0
    told: int = 0


@dataclass(frozen=True)
class CoursePlanner:
    """Plans the reminders of courses; without the courses feature (`courses` None) nothing is
    planned, without the registration feature no deadline reminders."""

    db: Database
    clock: Clock
    settings: Settings
    ledger: Ledger
    courses: CourseSource | None
    registrations: RegistrationSource | None

    async def plan_courses(self, course_ids: Collection[int] | None = None) -> PlanReport:
        """Make the session and course-start reminders of confirmed registrations exist as they
        should: new ones written, obsolete pending ones cancelled (a moved session, a cancelled
        registration or course, a kind turned off), cancelled ones that are wanted again back.
        Schedule changes since the last run are told to the people affected, once."""
        with gc_paused():  # hundreds of thousands of short-lived acyclic objects
            return await self._plan_courses(course_ids)

    async def _plan_courses(self, course_ids: Collection[int] | None) -> PlanReport:
        report = PlanReport()
        source = self.courses
        if source is None:
            return report
        now = self.clock.now()
        s = self.settings
        horizon = timedelta(hours=s.reminder_plan_horizon_hours)
        if course_ids is None:
            registrations = await source.confirmed_registrations()
        else:
            registrations = []
            for course_id in course_ids:
                registrations.extend(await source.confirmed_registrations(course_id))
        by_course: dict[int, list[Any]] = {}
        for reg in registrations:
            by_course.setdefault(reg.course_id, []).append(reg)
        report.registrations = len(registrations)
        skip_session = await disabled(self.db, "session")
        skip_course = await disabled(self.db, "course")
        async with self.db.read() as conn:
            declined = await AttendanceRepo(conn).declined(after=now)
            seen = await ScheduleFingerprintsRepo(conn).all(
                None if course_ids is None else list(course_ids)
            )
        told: list[Notice] = []
        fingerprints: dict[int, str] = {}
        found = await self._find_courses(source, by_course)
        # one course asked for: rewrite its pending texts as well (place, title changed)
        rewrite = ("cancelled",) if course_ids is None else ("cancelled", "pending")
        async with self.ledger.bulk() as writer:
            diff = PlanDiff(await self._existing(course_ids, now), rewrite, writer)
            for course_id, regs in by_course.items():
                course = found.get(course_id)
                if course is None or course.status == "cancelled":
                    continue
                report.courses += 1
                sessions = source.session_occurrences(course)
                fingerprint = schedule_fingerprint(course, sessions)
                fingerprints[course_id] = fingerprint
                if seen.get(course_id) not in (None, fingerprint):
                    report.changed_schedules += 1
                    told.extend(schedule_notices(course, sessions, regs, fingerprint, now))
                plans = session_plans(
                    course,
                    sessions,
                    regs,
                    now=now,
                    leads_hours=s.reminder_session_leads_hours,
                    horizon=horizon,
                    skip_members=skip_session,
                    declined=declined,
                )
                plans += course_start_plans(
                    course,
                    sessions,
                    regs,
                    now=now,
                    lead_hours=s.reminder_course_start_hours,
                    horizon=horizon,
                    skip_members=skip_course,
                )
                await diff.add(plans)
            await diff.add(await self._deadline_notices(source, course_ids, now, skip_course))
        report.desired = diff.desired
        report.written = writer.written + await self.ledger.replan(diff.again)
        obsolete = diff.obsolete()
        for start in range(0, len(obsolete), 1000):
            report.cancelled += await self.ledger.cancel(
                ids=obsolete[start : start + 1000], reason="re-planned"
            )
        if told:
            report.told = await self.ledger.plan(told)
        changed = {cid: fp for cid, fp in fingerprints.items() if seen.get(cid) != fp}
        if changed:
            async with self.db.write() as conn:
                await ScheduleFingerprintsRepo(conn).set_many(changed, now)
        return report

    @staticmethod
    async def _find_courses(source: CourseSource, course_ids: Iterable[int]) -> dict[int, Any]:
        many = getattr(source, "find_many", None)
        if many is not None:
            found_many: dict[int, Any] = await many(course_ids)
            return found_many
        found = {course_id: await source.find(course_id) for course_id in course_ids}
        return {course_id: course for course_id, course in found.items() if course is not None}

    async def _deadline_notices(
        self,
        source: CourseSource,
        course_ids: Collection[int] | None,
        now: datetime,
        skip: Collection[int],
    ) -> list[Planned]:
        registrations = self.registrations
        if registrations is None:
            return []
        if course_ids is None:
            courses = await source.browsable()
        else:
            courses = list((await self._find_courses(source, course_ids)).values())
        s = self.settings
        horizon = timedelta(hours=s.reminder_plan_horizon_hours)
        out: list[Planned] = []
        for course in courses:
            deadline = course.registration_deadline
            if course.status == "cancelled" or not (
                now < deadline <= now + horizon + timedelta(hours=s.reminder_deadline_hours)
            ):
                continue
            waitlisted = await registrations.waitlist(course.id)
            out.extend(
                deadline_plans(
                    course,
                    waitlisted,
                    now=now,
                    lead_hours=s.reminder_deadline_hours,
                    horizon=horizon,
                    skip_members=skip,
                )
            )
        return out

    async def course_changed(self, course_id: int) -> PlanReport:
        """Re-plan one course now (after staff changed its schedule or place, or cancelled it);
        rewrites the pending reminders' texts too. The periodic planner would catch it later."""
        return await self.plan_courses([course_id])

    async def _existing(
        self, course_ids: Collection[int] | None, now: datetime
    ) -> dict[tuple[int, str, str], tuple[int, str]]:
        """The ledger's rows of the planned causes that can still matter (due since the longest
        lead before now), of the courses asked for."""
        s = self.settings
        longest = max(
            [
                *s.reminder_session_leads_hours,
                s.reminder_course_start_hours,
                s.reminder_deadline_hours,
            ]
        )
        since = now - timedelta(hours=longest + 24)
        groups = None if course_ids is None else [course_group(c) for c in course_ids]
        async with self.db.read() as conn:
            return await LedgerRepo(conn).statuses(
                causes=PLANNED_COURSE_CAUSES, group_keys=groups, due_since=since
            )

    # monthly -----------------------------------------------------------------------------------
