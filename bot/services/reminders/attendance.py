"""Answers to the attendance buttons under a session reminder, and withdrawing from a course's
start: «نمی‌توانم بیایم» to the first session, once confirmed, cancels the registration through
the registration service (the seat goes to the waitlist) and staff are told."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from bot.core.clock import Clock
from bot.services.ledger import Notice, message
from bot.services.reminders.keys import (
    CAUSE_SESSION,
    CAUSE_WITHDRAWAL,
    PLANNED_COURSE_CAUSES,
    course_group,
    parse_stamp,
    stamp,
)
from bot.services.reminders.recipients import staff_to_tell
from bot.services.reminders.sources import CourseSource, Ledger, RegistrationSource
from bot.services.reminders.texts import title_arg
from storage.engine import Database
from storage.ledger import LedgerRepo
from storage.members import MembersRepo
from storage.reminders import AttendanceRepo

AttendanceStatus = Literal["yes", "no", "confirm_withdraw", "invalid", "past"]


@dataclass(frozen=True)
class AttendanceAnswer:
    status: AttendanceStatus
    course: Any | None = None
    session_at: datetime | None = None


WithdrawStatus = Literal["withdrawn", "too_late", "invalid", "unavailable"]


@dataclass(frozen=True)
class WithdrawResult:
    status: WithdrawStatus
    course: Any | None = None


@dataclass(frozen=True)
class Attendance:
    """Without the courses or the registration feature every answer is refused."""

    db: Database
    clock: Clock
    ledger: Ledger
    courses: CourseSource | None
    registrations: RegistrationSource | None

    async def _own_registration(self, member_id: int, registration_id: int) -> Any | None:
        registrations = self.registrations
        if registrations is None:
            return None
        registration = await registrations.registration(registration_id)
        if registration is None or registration.member_id != member_id:
            return None
        return registration

    async def answer_attendance(
        self, member_id: int, registration_id: int, session: str, answer: str
    ) -> AttendanceAnswer:
        """A press on «شرکت می‌کنم» (yes) / «نمی‌توانم بیایم» (no) under a session reminder.
        Everything is re-checked: the registration is the presser's and confirmed, the session
        is one of the course's and not over. "No" to the first session asks for confirmation
        (the seat would go to the waitlist)."""
        session_at = parse_stamp(session)
        source = self.courses
        if answer not in ("yes", "no") or session_at is None or source is None:
            return AttendanceAnswer("invalid")
        registration = await self._own_registration(member_id, registration_id)
        if registration is None or registration.status != "confirmed":
            return AttendanceAnswer("invalid")
        course = await source.find(registration.course_id)
        if course is None or course.status == "cancelled":
            return AttendanceAnswer("invalid")
        sessions = source.session_occurrences(course)
        match = [(a, b) for a, b in sessions if a == session_at]
        if not match:
            return AttendanceAnswer("invalid", course)
        now = self.clock.now()
        if match[0][1] <= now:
            return AttendanceAnswer("past", course, session_at)
        async with self.db.write() as conn:
            await AttendanceRepo(conn).record(
                registration_id=registration.id,
                session_at=session_at,
                member_id=member_id,
                course_id=course.id,
                answer=answer,
                now=now,
            )
            if answer == "no":
                await LedgerRepo(conn).cancel(
                    member_id=member_id,
                    cause=CAUSE_SESSION,
                    occurrence_prefix=f"r{registration.id}:{stamp(session_at)}:",
                    now=now,
                    reason="can't come",
                )
        if answer == "yes":
            return AttendanceAnswer("yes", course, session_at)
        if session_at == sessions[0][0] and session_at > now:
            return AttendanceAnswer("confirm_withdraw", course, session_at)
        return AttendanceAnswer("no", course, session_at)

    async def withdraw(self, member_id: int, registration_id: int) -> WithdrawResult:
        """Confirmed "can't come" to the course's start: cancel the registration (the seat goes
        to the waitlist) and tell staff. Too late to cancel: staff are told of the absence."""
        registrations = self.registrations
        registration = await self._own_registration(member_id, registration_id)
        source = self.courses
        if registrations is None or source is None:
            return WithdrawResult("unavailable")
        if registration is None or registration.status != "confirmed":
            return WithdrawResult("invalid")
        course = await source.find(registration.course_id)
        outcome = await registrations.cancel(member_id, registration.course_id)
        kind = outcome.result  # CancelOutcome of bot/services/registration.py
        if kind == "cancelled":
            status: WithdrawStatus = "withdrawn"
            for cause in PLANNED_COURSE_CAUSES:
                await self.ledger.cancel(
                    member_id=member_id,
                    cause=cause,
                    group_key=course_group(registration.course_id),
                    reason="withdrew",
                )
        elif kind == "too_late":
            status = "too_late"
        else:
            return WithdrawResult("invalid", course)
        await self._tell_staff_withdrawal(member_id, registration, course, status)
        return WithdrawResult(status, course)

    async def _tell_staff_withdrawal(
        self, member_id: int, registration: Any, course: Any, status: WithdrawStatus
    ) -> None:
        now = self.clock.now()
        async with self.db.read() as conn:
            member = await MembersRepo(conn).get_by_id(member_id)
        name = " ".join(p for p in (member.first_name, member.last_name) if p) if member else ""
        key = "reminders-staff-withdrawn" if status == "withdrawn" else "reminders-staff-absent"
        payload = message(key, name=name or str(member_id), title=title_arg(course))
        staff = await staff_to_tell(self.db)
        await self.ledger.plan(
            Notice(
                m,
                CAUSE_WITHDRAWAL,
                f"r{registration.id}:{status}",
                now,
                payload,
                group_key=course_group(course.id),
            )
            for m in sorted(staff)
        )

    async def attendance(self, course_id: int) -> list[Any]:
        """Answers to the attendance buttons of one course (for staff screens)."""
        async with self.db.read() as conn:
            return await AttendanceRepo(conn).for_course(course_id)
