"""Registration: seats, the waitlist and waitlist offers.

Rules:
- Registering needs a submitted needs assessment with consent; one registration per person per
  course (a unique key; registering again after cancelling reuses the row).
- Capacity is never exceeded: every seat change runs in ONE write transaction that first locks the
  course (SQLite: `BEGIN IMMEDIATE` behind an in-process lock; PostgreSQL: `SELECT … FOR UPDATE` on
  the course row), then counts the seat holders. Seat holders: requested, offered, nominated, sent,
  confirmed, attended, completed.
- The waitlist is ordered by need score (highest first), then by request time.
- A freed seat is offered to the first on the waitlist with a deadline (`offer_hours`); declined
  or expired offers go to the next. Each step is told to the person through the delivery ledger,
  inside the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import groupby
from typing import Any, Literal

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.core.clock import Clock
from bot.core.config import Settings
from bot.services.course_notices import CourseNotices
from bot.services.courses import (
    NeedsSource,
    course_start,
    effective_status,
    has_started,
    overlapping,
)
from storage.courses import Course, CoursesRepo, CourseStatus
from storage.engine import Database
from storage.nominations import NominationsRepo
from storage.registrations import (
    ACTIVE,
    COMMITTED,
    SEAT_HOLDING,
    Registration,
    RegistrationsRepo,
)

# Statuses a person may cancel themselves (before the course starts).
CANCELLABLE = ("requested", "waitlisted", "offered", "nominated", "sent", "confirmed")

RegisterResult = Literal[
    "requested", "waitlisted", "already", "need_assessment", "need_consent", "closed", "not_found"
]
CancelResult = Literal["cancelled", "not_registered", "too_late", "not_found"]
OfferResult = Literal["accepted", "declined", "expired", "not_offered", "not_found"]


@dataclass(frozen=True)
class RegisterOutcome:
    result: RegisterResult
    course: Course | None = None
    registration: Registration | None = None
    position: int | None = None
    overlaps: tuple[Course, ...] = ()


@dataclass(frozen=True)
class CancelOutcome:
    result: CancelResult
    course: Course | None = None
    registration: Registration | None = None


@dataclass(frozen=True)
class OfferOutcome:
    result: OfferResult
    course: Course | None = None
    registration: Registration | None = None


@dataclass(frozen=True)
class MyCourse:
    registration: Registration
    course: Course
    position: int | None
    can_cancel: bool


class RegistrationService:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        settings: Settings,
        needs: NeedsSource | None = None,
    ) -> None:
        self.db = db
        self.clock = clock
        self.settings = settings
        self.needs = needs

    # --- register -----------------------------------------------------------------------------

    async def register(self, member_id: int, course_id: int) -> RegisterOutcome:
        latest = await self.needs.latest(member_id) if self.needs is not None else None
        if latest is None:
            return RegisterOutcome("need_assessment")
        if not getattr(latest, "consent", False):
            return RegisterOutcome("need_consent")
        now = self.clock.now()
        async with self.db.write() as conn:
            course = await CoursesRepo(conn).get_for_update(course_id)
            if course is None:
                return RegisterOutcome("not_found")
            regs = RegistrationsRepo(conn)
            existing = await regs.find(course.id, member_id)
            if existing is not None and existing.active:
                return RegisterOutcome(
                    "already", course, existing, await self._position(regs, existing)
                )
            if effective_status(course, now) not in ("open", "full"):
                return RegisterOutcome("closed", course, existing)
            taken = await regs.count(course.id, SEAT_HOLDING)
            status: Literal["requested", "waitlisted"] = (
                "requested" if taken < course.capacity else "waitlisted"
            )
            snapshot: dict[str, Any] = {
                "status": status,
                "need_score": float(getattr(latest, "need_score", 0.0) or 0.0),
                "cooperative_id": getattr(latest, "cooperative_id", None),
                "assessment_id": getattr(latest, "id", None),
                "now": now,
            }
            if existing is None:
                registration = await regs.create(
                    course_id=course.id, member_id=member_id, **snapshot
                )
            else:
                registration = await regs.renew(existing.id, **snapshot)
            await self.sync_course_status(conn, course, now)
            position = await self._position(regs, registration)
        overlaps = await self._overlaps(member_id, course)
        return RegisterOutcome(status, course, registration, position, overlaps)

    async def _overlaps(self, member_id: int, course: Course) -> tuple[Course, ...]:
        async with self.db.read() as conn:
            mine = await RegistrationsRepo(conn).of_member(member_id, ACTIVE)
            others = await CoursesRepo(conn).get_many(
                [r.course_id for r in mine if r.course_id != course.id]
            )
        return tuple(c for c in others.values() if overlapping(course, c))

    @staticmethod
    async def _position(regs: RegistrationsRepo, registration: Registration) -> int | None:
        if registration.status != "waitlisted":
            return None
        return await regs.waitlist_position(registration)

    # --- cancel -------------------------------------------------------------------------------

    async def cancel(self, member_id: int, course_id: int) -> CancelOutcome:
        """The person cancels their own registration (before the course starts)."""
        now = self.clock.now()
        async with self.db.write() as conn:
            course = await CoursesRepo(conn).get_for_update(course_id)
            if course is None:
                return CancelOutcome("not_found")
            regs = RegistrationsRepo(conn)
            registration = await regs.find(course.id, member_id)
            if registration is None or not registration.active:
                return CancelOutcome("not_registered", course, registration)
            if has_started(course, now) or registration.status not in CANCELLABLE:
                return CancelOutcome("too_late", course, registration)
            notices = self._notices(conn)
            cancelled = await regs.set_status(
                registration.id, "cancelled", now, reason="member", expect=CANCELLABLE
            )
            assert cancelled is not None
            if registration.status == "offered":
                await notices.withdraw_offer(registration)
            if registration.status in COMMITTED:
                # The office may have listed this person already: staff need to see it.
                await NominationsRepo(conn).audit(
                    at=now,
                    actor_id=member_id,
                    action="member_cancelled",
                    subject="registration",
                    subject_id=registration.id,
                    before={"status": registration.status},
                    after={"status": "cancelled"},
                )
            if registration.holds_seat:
                await self.fill_free_seats(conn, course, now, notices)
            await self.sync_course_status(conn, course, now)
        return CancelOutcome("cancelled", course, cancelled)

    # --- offers -------------------------------------------------------------------------------

    async def accept_offer(self, member_id: int, registration_id: int) -> OfferOutcome:
        return await self._answer_offer(member_id, registration_id, accept=True)

    async def decline_offer(self, member_id: int, registration_id: int) -> OfferOutcome:
        return await self._answer_offer(member_id, registration_id, accept=False)

    async def _answer_offer(
        self, member_id: int, registration_id: int, *, accept: bool
    ) -> OfferOutcome:
        now = self.clock.now()
        async with self.db.write() as conn:
            regs = RegistrationsRepo(conn)
            registration = await regs.get(registration_id)
            if registration is None or registration.member_id != member_id:
                return OfferOutcome("not_found")
            course = await CoursesRepo(conn).get_for_update(registration.course_id)
            assert course is not None
            registration = await regs.get(registration_id)  # as it is under the lock
            assert registration is not None
            if registration.status != "offered":
                return OfferOutcome("not_offered", course, registration)
            notices = self._notices(conn)
            assert registration.offer_deadline is not None
            if registration.offer_deadline <= now or has_started(course, now):
                expired = await self._expire(conn, registration, course, now, notices, tell=False)
                return OfferOutcome("expired", course, expired)
            await notices.withdraw_offer(registration)
            if accept:
                changed = await regs.set_status(
                    registration.id, "requested", now, reason="offer_accepted", expect=("offered",)
                )
            else:
                changed = await regs.set_status(
                    registration.id, "cancelled", now, reason="offer_declined", expect=("offered",)
                )
                await self.fill_free_seats(conn, course, now, notices)
            await self.sync_course_status(conn, course, now)
        return OfferOutcome("accepted" if accept else "declined", course, changed)

    async def expire_offers(self) -> int:
        """Void the offers whose deadline passed and offer those seats to the next in line.
        Returns how many offers expired (run periodically; safe to run anywhere, any time)."""
        now = self.clock.now()
        async with self.db.read() as conn:
            due = await RegistrationsRepo(conn).expired_offers(now)
        expired = 0
        by_course = groupby(sorted(due, key=lambda r: r.course_id), key=lambda r: r.course_id)
        for course_id, group in by_course:
            async with self.db.write() as conn:
                course = await CoursesRepo(conn).get_for_update(course_id)
                if course is None:
                    continue
                regs = RegistrationsRepo(conn)
                notices = self._notices(conn)
                for stale in group:
                    registration = await regs.get(stale.id)
                    if (
                        registration is None
                        or registration.status != "offered"
                        or registration.offer_deadline is None
                        or registration.offer_deadline > now
                    ):
                        continue
                    await self._expire(conn, registration, course, now, notices)
                    expired += 1
                await self.sync_course_status(conn, course, now)
        return expired

    async def _expire(
        self,
        conn: AsyncConnection,
        registration: Registration,
        course: Course,
        now: datetime,
        notices: CourseNotices,
        *,
        tell: bool = True,
    ) -> Registration:
        regs = RegistrationsRepo(conn)
        expired = await regs.set_status(
            registration.id, "cancelled", now, reason="offer_expired", expect=("offered",)
        )
        assert expired is not None
        await notices.withdraw_offer(registration)
        if tell:
            await notices.tell("offer-expired", expired, course, now)
        await self.fill_free_seats(conn, course, now, notices)
        return expired

    async def fill_free_seats(
        self, conn: AsyncConnection, course: Course, now: datetime, notices: CourseNotices
    ) -> list[Registration]:
        """Offer every free seat to the next on the waitlist. The course must be locked."""
        if course.status == "cancelled" or has_started(course, now):
            return []
        regs = RegistrationsRepo(conn)
        taken = await regs.count(course.id, SEAT_HOLDING)
        deadline = min(now + timedelta(hours=self.settings.offer_hours), course_start(course))
        offered: list[Registration] = []
        while taken < course.capacity:
            following = await regs.first_waitlisted(course.id)
            if following is None:
                break
            registration = await regs.set_status(
                following.id,
                "offered",
                now,
                reason="seat_freed",
                offer_deadline=deadline,
                expect=("waitlisted",),
            )
            assert registration is not None
            await notices.offer(registration, course, now)
            offered.append(registration)
            taken += 1
        return offered

    # --- what a person sees -------------------------------------------------------------------

    async def my_courses(
        self, member_id: int, *, include_cancelled: bool = False
    ) -> list[MyCourse]:
        now = self.clock.now()
        async with self.db.read() as conn:
            regs = RegistrationsRepo(conn)
            mine = await regs.of_member(member_id)
            if not include_cancelled:
                mine = [r for r in mine if r.status != "cancelled"]
            found = await CoursesRepo(conn).get_many([r.course_id for r in mine])
            out = []
            for registration in mine:
                course = found[registration.course_id]
                out.append(
                    MyCourse(
                        registration=registration,
                        course=course,
                        position=await self._position(regs, registration),
                        can_cancel=registration.status in CANCELLABLE
                        and not has_started(course, now),
                    )
                )
        out.sort(key=lambda m: (m.registration.status == "cancelled", m.course.start_date))
        return out

    async def registration(self, registration_id: int) -> Registration | None:
        async with self.db.read() as conn:
            return await RegistrationsRepo(conn).get(registration_id)

    async def waitlist(self, course_id: int) -> list[Registration]:
        async with self.db.read() as conn:
            return await RegistrationsRepo(conn).of_course(course_id, ("waitlisted",))

    # --- staff --------------------------------------------------------------------------------

    async def cancel_course(self, course_id: int, actor_id: int, reason: str) -> int:
        """Staff cancel a whole course: every active registration is cancelled and told.
        Returns how many people were affected."""
        now = self.clock.now()
        async with self.db.write() as conn:
            courses = CoursesRepo(conn)
            course = await courses.get_for_update(course_id)
            if course is None or course.status == "cancelled":
                return 0
            regs = RegistrationsRepo(conn)
            notices = self._notices(conn)
            await notices.ledger.cancel(group_key=f"course:{course.id}")
            affected = await regs.of_course(course.id, ACTIVE)
            for registration in affected:
                changed = await regs.set_status(
                    registration.id, "cancelled", now, reason="course_cancelled", expect=ACTIVE
                )
                if changed is not None:
                    await notices.tell("course-cancelled", changed, course, now)
            await courses.set_status(course.id, "cancelled", now)
            await NominationsRepo(conn).audit(
                at=now,
                actor_id=actor_id,
                action="course_cancelled",
                subject="course",
                subject_id=course.id,
                reason=reason,
                before={"status": course.status},
                after={"status": "cancelled", "registrations_cancelled": len(affected)},
            )
        return len(affected)

    # --- helpers ------------------------------------------------------------------------------

    def _notices(self, conn: AsyncConnection) -> CourseNotices:
        return CourseNotices(conn)

    @staticmethod
    async def sync_course_status(conn: AsyncConnection, course: Course, now: datetime) -> None:
        """Keep the stored open/full status in line with the seats taken."""
        if course.status not in ("open", "full"):
            return
        taken = await RegistrationsRepo(conn).count(course.id, SEAT_HOLDING)
        status: CourseStatus = "full" if taken >= course.capacity else "open"
        if status != course.status:
            await CoursesRepo(conn).set_status(course.id, status, now)
