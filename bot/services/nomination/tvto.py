"""TVTO's answer to a list sent to it: the people it confirmed, one it rejected (their seat offered
to the waitlist), and a nomination returned to the next monthly list."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.clock import Clock
from bot.services.audit import audit
from bot.services.course_notices import CourseNotices, month_arg
from bot.services.nomination.cutoffs import Cycle
from bot.services.nomination.month_steps import advance, confirm_when_answered
from bot.services.nomination.results import StepResult
from bot.services.nomination.seats import SeatKeeper
from storage.courses import CoursesRepo
from storage.engine import Database
from storage.nominations import NominationsRepo
from storage.registrations import RegistrationsRepo


@dataclass(frozen=True)
class TvtoAnswers:
    db: Database
    clock: Clock
    cycle: Cycle
    seats: SeatKeeper

    async def confirm(
        self,
        month_id: int,
        *,
        actor_id: int,
        registration_ids: list[int] | None = None,
        reason: str | None = None,
    ) -> int:
        """Mark people TVTO confirmed (all sent ones when `registration_ids` is None).
        Returns how many changed; the month is confirmed when nobody is left waiting."""
        now = self.clock.now()
        async with self.db.write() as conn:
            repo = NominationsRepo(conn)
            month = await repo.month_by_id(month_id, lock=True)
            if month is None or month.status not in ("sent", "confirmed"):
                return 0
            changed = await advance(
                conn,
                month,
                frm=("sent",),
                to="confirmed",
                notice="confirmed",
                now=now,
                only=registration_ids,
            )
            if changed:
                await audit(
                    conn,
                    now,
                    actor_id,
                    "confirm",
                    "month",
                    month.id,
                    reason=reason,
                    before={"status": "sent"},
                    after={"status": "confirmed", "registrations": changed},
                )
            await confirm_when_answered(conn, month, now)
        return len(changed)

    async def reject(
        self, month_id: int, registration_id: int, *, actor_id: int, reason: str
    ) -> StepResult:
        """TVTO did not take one person of a list sent to it, for `reason`: the registration
        becomes `rejected`, the month's entry keeps when, who recorded it and why, the person is
        told in their language, and the seat they held is offered to the next on the course's
        waitlist (TVTO's seat is still there; the one offered joins the next list). The month
        is confirmed when nobody is left waiting for TVTO's answer."""
        now = self.clock.now()
        async with self.db.write() as conn:
            repo = NominationsRepo(conn)
            month = await repo.month_by_id(month_id, lock=True)
            entry = await repo.entry_for_registration(month_id, registration_id) if month else None
            if month is None or entry is None or not entry.placed:
                return "not_found"
            if month.status not in ("sent", "confirmed"):
                return "wrong_status"
            course = await CoursesRepo(conn).get_for_update(entry.course_id)
            assert course is not None
            regs = RegistrationsRepo(conn)
            rejected = await regs.set_status(
                registration_id, "rejected", now, reason="tvto", expect=("sent",)
            )
            if rejected is None:  # confirmed, cancelled or rejected already
                return "wrong_status"
            await repo.set_rejected(entry.id, at=now, by=actor_id, reason=reason)
            notices = CourseNotices(conn)
            await notices.tell("rejected", rejected, course, now, args={"reason": reason})
            offered = await self.seats.fill_free_seats(conn, course, now, notices)
            await self.seats.sync_course_status(conn, course, now)
            await audit(
                conn,
                now,
                actor_id,
                "tvto_reject",
                "registration",
                registration_id,
                reason=reason,
                before={"status": "sent"},
                after={
                    "status": "rejected",
                    "month_id": month.id,
                    "entry_id": entry.id,
                    "offered": [r.id for r in offered],
                },
            )
            await confirm_when_answered(conn, month, now)
        return "done"

    async def return_to_list(self, registration_id: int, *, actor_id: int, reason: str) -> bool:
        """Staff withdraw a nomination (or TVTO asks for the person in a later month): the
        request goes back to waiting for the next monthly list, seat kept. A person TVTO did
        not take at all is `reject`ed."""
        now = self.clock.now()
        async with self.db.write() as conn:
            regs = RegistrationsRepo(conn)
            registration = await regs.get(registration_id)
            if registration is None:
                return False
            course = await CoursesRepo(conn).get_for_update(registration.course_id)
            assert course is not None
            returned = await regs.set_status(
                registration_id,
                "requested",
                now,
                reason="returned",
                expect=("nominated", "sent"),
            )
            if returned is None:
                return False
            await audit(
                conn,
                now,
                actor_id,
                "return_to_list",
                "registration",
                registration_id,
                reason=reason,
                before={"status": registration.status},
                after={"status": "requested"},
            )
            notices = CourseNotices(conn)
            await notices.tell(
                "returned",
                returned,
                course,
                now,
                args={"month": month_arg(*self.cycle.collecting_month())},
            )
        return True
