"""A month's list moves through its statuses (frozen → approved → sent → confirmed): one step
in one transaction with its audit entry, and the placed people's registrations advanced with it
(each told through the ledger)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.core.clock import Clock
from bot.services.audit import audit
from bot.services.course_notices import CourseNotices, calendar_buttons
from bot.services.nomination.results import StepResult
from storage.courses import CoursesRepo
from storage.engine import Database
from storage.nominations import NominationMonth, NominationsRepo
from storage.registrations import Registration, RegistrationsRepo

StepWork = Callable[[AsyncConnection, NominationMonth, datetime], Awaitable[dict[str, Any]]]


@dataclass(frozen=True)
class MonthSteps:
    db: Database
    clock: Clock

    async def step(
        self,
        month_id: int,
        *,
        actor_id: int,
        frm: str,
        to: str,
        action: str,
        work: StepWork,
        reason: str | None = None,
    ) -> StepResult:
        """Move a month from status `frm` to `to` (stamping `<to>_at` and `<to>_by`) after
        `work` did its part, and audit it, all in one transaction; `work` returns what the
        audit entry records besides the status."""
        now = self.clock.now()
        async with self.db.write() as conn:
            repo = NominationsRepo(conn)
            month = await repo.month_by_id(month_id, lock=True)
            if month is None:
                return "not_found"
            if month.status != frm:
                return "wrong_status"
            done = await work(conn, month, now)
            stamps = {f"{to}_at": now, f"{to}_by": actor_id}
            await repo.update_month(month.id, expect=(frm,), status=to, **stamps)
            await audit(
                conn,
                now,
                actor_id,
                action,
                "month",
                month.id,
                reason=reason,
                before={"status": frm},
                after={"status": to, **done},
            )
        return "done"


async def placed_registrations(
    conn: AsyncConnection, month: NominationMonth, statuses: tuple[str, ...]
) -> list[Registration]:
    """The registrations of the month's placed people that are in one of `statuses` now."""
    entries = await NominationsRepo(conn).entries(month.id, placed=True)
    current = await RegistrationsRepo(conn).get_many(e.registration_id for e in entries)
    return [
        current[e.registration_id] for e in entries if current[e.registration_id].status in statuses
    ]


async def advance(
    conn: AsyncConnection,
    month: NominationMonth,
    *,
    frm: tuple[str, ...],
    to: Any,
    notice: str,
    now: datetime,
    only: list[int] | None = None,
) -> list[int]:
    """Move the month's placed registrations from `frm` to `to` (only those of `only` when it is
    given), telling each person `notice`; the ids that moved."""
    regs = RegistrationsRepo(conn)
    courses = CoursesRepo(conn)
    notices = CourseNotices(conn)
    changed: list[int] = []
    chosen = set(only) if only is not None else None
    for registration in await placed_registrations(conn, month, frm):
        if chosen is not None and registration.id not in chosen:
            continue
        moved = await regs.set_status(registration.id, to, now, reason="monthly_list", expect=frm)
        if moved is None:
            continue
        course = await courses.get(moved.course_id)
        assert course is not None
        buttons = calendar_buttons(course) if to == "confirmed" else None
        await notices.tell(notice, moved, course, now, buttons=buttons)
        changed.append(moved.id)
    return changed


async def confirm_when_answered(
    conn: AsyncConnection, month: NominationMonth, now: datetime
) -> None:
    """A sent month is confirmed once nobody of it is left waiting for TVTO's answer."""
    if month.status == "sent" and not await placed_registrations(conn, month, ("sent",)):
        await NominationsRepo(conn).update_month(
            month.id, expect=("sent",), status="confirmed", confirmed_at=now
        )
