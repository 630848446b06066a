"""Staff change courses: add (the dialog's answers checked one by one, then the whole), edit any
field, change capacity, close or reopen registration, cancel. More seats → the waitlist gets
offers through `RegistrationService.fill_free_seats`; cancelling → `RegistrationService.
cancel_course` (everyone told through the ledger, seats and pending notices released); a changed
schedule or place → the reminder planner re-plans the course. Every change writes an audit entry
in its transaction."""

from __future__ import annotations

from typing import Any, Literal

from bot.services.catalogue import parse_day, parse_deadline
from bot.services.course_admin.auditing import audit_change, audit_course, changed_fields
from bot.services.course_admin.checks import build, check_field, clean
from bot.services.course_admin.fields import SCHEDULE_FIELDS, CourseInvalid, Problem
from bot.services.course_admin.outcomes import EditOutcome, StatusOutcome
from bot.services.course_admin.raw_values import audit_view, new_ref, raw_of
from bot.services.course_admin.staff import CourseStaffService, lock_course, sync_status
from bot.services.course_notices import CourseNotices
from bot.services.roles import require_staff
from storage.course_edits import CourseEditsRepo
from storage.courses import Course, CourseData, CoursesRepo
from storage.members import Member
from storage.registrations import SEAT_HOLDING, RegistrationsRepo


class CourseChanges(CourseStaffService):
    def check(
        self, field: str, value: Any, draft: dict[str, Any] | None = None, *, new: bool = False
    ) -> tuple[Any, Problem | None]:
        """One answer of the add/edit dialog. A new course may not start or close in the past."""
        cleaned, problem = check_field(field, value, draft)
        if problem is None and new and field in ("start", "deadline"):
            now = self.clock.now()
            if field == "start" and parse_day(cleaned) <= self.today():
                return None, Problem(field, "past")
            if field == "deadline" and parse_deadline(cleaned) <= now:
                return None, Problem(field, "past")
        return cleaned, problem

    async def create(self, actor: Member, raw: dict[str, Any]) -> Course:
        require_staff(actor)
        now = self.clock.now()
        data = build({**raw, "ref": raw.get("ref") or new_ref(now)})
        async with self.db.write() as conn:
            course = await CoursesRepo(conn).add(data, now)
            await audit_course(
                conn, now, actor, "course.add", course.id, after=audit_view(raw_of(course))
            )
        await self._replan(course.id)
        return course

    async def edit(self, actor: Member, course_id: int, changes: dict[str, Any]) -> EditOutcome:
        """Change fields of a course (raw values). Capacity goes through `set_capacity`."""
        require_staff(actor)
        if "capacity" in changes:
            rest = {k: v for k, v in changes.items() if k != "capacity"}
            outcome = await self.set_capacity(actor, course_id, changes["capacity"])
            if outcome.result not in ("changed", "unchanged") or not rest:
                return outcome
            return await self.edit(actor, course_id, rest)
        now = self.clock.now()
        async with self.db.write() as conn:
            course, refused = await lock_course(conn, course_id)
            if refused is not None:
                return EditOutcome(refused, course)
            assert course is not None  # None only with "not_found"
            before = raw_of(course)
            try:
                data = build({**before, **changes})
            except CourseInvalid as exc:
                return EditOutcome("invalid", course, tuple(exc.problems))
            after = raw_of(data)
            changed = changed_fields(before, after)
            if not changed:
                return EditOutcome("unchanged", course)
            updated = await CourseEditsRepo(conn).replace(course.id, data, now)
            await audit_course(
                conn, now, actor, "course.edit", course.id, **audit_change(before, after, changed)
            )
        if SCHEDULE_FIELDS.intersection(changed):
            await self._replan(course_id)
        return EditOutcome("changed", updated)

    async def set_capacity(self, actor: Member, course_id: int, capacity: Any) -> EditOutcome:
        """More seats: the waitlist gets offers; fewer: never below the seats already held."""
        require_staff(actor)
        value, problem = clean("capacity", capacity)
        if problem is not None:
            return EditOutcome("invalid", problems=(problem,))
        now = self.clock.now()
        async with self.db.write() as conn:
            course, refused = await lock_course(conn, course_id)
            if refused is not None:
                return EditOutcome(refused, course)
            assert course is not None  # None only with "not_found"
            taken = await RegistrationsRepo(conn).count(course.id, SEAT_HOLDING)
            if value == course.capacity:
                return EditOutcome("unchanged", course, taken=taken)
            if value < taken:
                return EditOutcome("below_taken", course, taken=taken)
            data = CourseData.model_validate(
                {**course.model_dump(include=set(CourseData.model_fields)), "capacity": value}
            )
            updated = await CourseEditsRepo(conn).replace(course.id, data, now)
            offered = await self.registration.fill_free_seats(
                conn, updated, now, CourseNotices(conn)
            )
            await sync_status(conn, updated, now)
            await audit_course(
                conn,
                now,
                actor,
                "course.capacity",
                course.id,
                before={"capacity": course.capacity, "seats_taken": taken},
                after={"capacity": value, "offers": len(offered)},
            )
            reloaded = await CoursesRepo(conn).get(course.id)
            assert reloaded is not None  # locked above: it cannot be gone
        return EditOutcome("changed", reloaded, offered=len(offered), taken=taken)

    async def close(self, actor: Member, course_id: int) -> StatusOutcome:
        """Close registration (people already registered keep their places)."""
        return await self._switch(actor, course_id, "closed")

    async def reopen(self, actor: Member, course_id: int) -> StatusOutcome:
        return await self._switch(actor, course_id, "open")

    async def _switch(
        self, actor: Member, course_id: int, to: Literal["open", "closed"]
    ) -> StatusOutcome:
        require_staff(actor)
        now = self.clock.now()
        async with self.db.write() as conn:
            course, refused = await lock_course(conn, course_id)
            if refused is not None:
                return StatusOutcome(refused, course)
            assert course is not None  # None only with "not_found"
            if (course.status == "closed") == (to == "closed"):
                return StatusOutcome("unchanged", course)
            courses = CoursesRepo(conn)
            await courses.set_status(course.id, to, now)
            if to == "open":
                reopened = await courses.get(course.id)
                assert reopened is not None
                await sync_status(conn, reopened, now)  # full again if the seats are taken
            await audit_course(
                conn,
                now,
                actor,
                "course.close" if to == "closed" else "course.reopen",
                course.id,
                before={"status": course.status},
                after={"status": to},
            )
            course = await courses.get(course.id)
        assert course is not None
        if to == "open" and now > course.registration_deadline:
            return StatusOutcome("deadline_passed", course)
        return StatusOutcome("changed", course)

    async def cancel(self, actor: Member, course_id: int, reason: str) -> int | None:
        """Cancel the course: everyone registered is told, seats and reminders are released.
        Returns how many registrations were cancelled (None: no such course or cancelled)."""
        require_staff(actor)
        async with self.db.read() as conn:
            course = await CoursesRepo(conn).get(course_id)
        if course is None or course.status == "cancelled":
            return None
        affected = await self.registration.cancel_course(course_id, actor.id, reason)
        await self._replan(course_id)
        return affected
