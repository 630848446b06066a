"""Approval nominates the placed people (a waitlisted person placed takes the seat of the
lowest-ranked unplaced request, who goes to the waitlist), carries the unplaced over to next
month's list and offers any seat left free; marking the list sent to TVTO tells its people and
cancels the month's deadline reminders, in the same transaction."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.services.course_notices import CourseNotices, month_arg
from bot.services.nomination.cutoffs import Cycle
from bot.services.nomination.month_steps import MonthSteps, advance
from bot.services.nomination.results import StepResult
from bot.services.nomination.seats import SeatKeeper
from bot.services.reminders import cancel_month_deadlines
from storage.courses import CoursesRepo
from storage.nominations import NominationEntry, NominationMonth, NominationsRepo
from storage.registrations import SEAT_HOLDING, RegistrationsRepo


@dataclass(frozen=True)
class Approval:
    steps: MonthSteps
    cycle: Cycle
    seats: SeatKeeper

    async def approve(
        self, month_id: int, *, actor_id: int, reason: str | None = None
    ) -> StepResult:
        async def nominate(
            conn: AsyncConnection, month: NominationMonth, now: datetime
        ) -> dict[str, Any]:
            entries = await NominationsRepo(conn).entries(month.id)
            notices = CourseNotices(conn)
            counts: Counter[str] = Counter()
            for course_id, group in groupby(entries, key=lambda e: e.course_id):
                counts.update(await self._apply_course(conn, course_id, list(group), now, notices))
            return dict(counts)

        return await self.steps.step(
            month_id,
            actor_id=actor_id,
            frm="frozen",
            to="approved",
            action="approve",
            work=nominate,
            reason=reason,
        )

    async def _apply_course(
        self,
        conn: AsyncConnection,
        course_id: int,
        entries: list[NominationEntry],
        now: datetime,
        notices: CourseNotices,
    ) -> Counter[str]:
        counts: Counter[str] = Counter()
        course = await CoursesRepo(conn).get_for_update(course_id)
        assert course is not None
        regs = RegistrationsRepo(conn)
        current = await regs.get_many(e.registration_id for e in entries)
        waiting = ("requested", "waitlisted")
        # Seat holders not placed, lowest rank first: they give way to placed waitlisted people.
        yielding = [
            e.registration_id
            for e in sorted(entries, key=lambda e: e.rank, reverse=True)
            if not e.placed and current[e.registration_id].status == "requested"
        ]
        bumped: set[int] = set()
        for entry in (e for e in entries if e.placed):
            registration = current[entry.registration_id]
            if registration.status not in waiting:
                counts["skipped"] += 1  # cancelled or offered since the freeze
                continue
            if registration.status == "waitlisted":
                taken = await regs.count(course.id, SEAT_HOLDING)
                if taken >= course.capacity:
                    if not yielding:
                        counts["no_seat"] += 1
                        continue
                    victim = yielding.pop(0)
                    moved = await regs.set_status(
                        victim, "waitlisted", now, reason="bumped", expect=("requested",)
                    )
                    if moved is not None:
                        bumped.add(victim)
                        await notices.tell(
                            "bumped",
                            moved,
                            course,
                            now,
                            args={"position": await regs.waitlist_position(moved)},
                        )
            nominated = await regs.set_status(
                registration.id, "nominated", now, reason="monthly_list", expect=waiting
            )
            if nominated is not None:
                counts["nominated"] += 1
                await notices.tell("nominated", nominated, course, now)
        carried = [
            e.registration_id
            for e in entries
            if not e.placed and current[e.registration_id].status in waiting
        ]
        await regs.add_carry_over(carried)
        counts["carried_over"] += len(carried)
        for registration_id in carried:
            if registration_id in bumped:
                continue
            carried_reg = await regs.get(registration_id)
            assert carried_reg is not None
            await notices.tell(
                "carried-over",
                carried_reg,
                course,
                now,
                args={"month": month_arg(*self.cycle.collecting_month())},
            )
        await self.seats.fill_free_seats(conn, course, now, notices)
        await self.seats.sync_course_status(conn, course, now)
        return counts

    async def mark_sent(self, month_id: int, *, actor_id: int) -> StepResult:
        """The month's list went to TVTO: its people are told, and the month's pending deadline
        reminders (to staff, then the escalation to admins) are cancelled, in one transaction."""

        async def send(
            conn: AsyncConnection, month: NominationMonth, now: datetime
        ) -> dict[str, Any]:
            sent = await advance(conn, month, frm=("nominated",), to="sent", notice="sent", now=now)
            cancelled = await cancel_month_deadlines(conn, month.year, month.month, now)
            return {"registrations": sent, "reminders_cancelled": cancelled}

        return await self.steps.step(
            month_id, actor_id=actor_id, frm="approved", to="sent", action="mark_sent", work=send
        )
