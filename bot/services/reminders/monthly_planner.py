"""The monthly planner: around each Jalali month's cut-off, members with an unfinished needs
assessment are nudged, staff are reminded to send the month's list to TVTO, and admins are told
when it is still not marked sent `nomination_escalation_hours` later."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.core.clock import Clock
from bot.core.config import Settings
from bot.persian.jalali import add_months, jalali_month_of
from bot.services.ledger import Notice, at, message, on
from bot.services.reminders.keys import (
    CAUSE_ASSESSMENT,
    CAUSE_ESCALATION,
    CAUSE_MONTHLY,
    monthly_group,
)
from bot.services.reminders.monthly_cycle import (
    MonthlyMoments,
    cancel_month_deadlines,
    in_use_before,
    monthly_moments,
)
from bot.services.reminders.preferences import disabled
from bot.services.reminders.recipients import role_ids, staff_to_tell
from bot.services.reminders.sources import Ledger, SentLists, UnfinishedSource
from bot.services.reminders.texts import ASSESSMENT_BUTTON, NOMINATIONS_BUTTON, month_arg
from storage.engine import Database
from storage.nominations import NominationsRepo


@dataclass(frozen=True)
class MonthlyPlanner:
    """`assessment` None: the assessment feature is not part of the build (no nudges).
    `list_sent`: whether a month's nomination list went to TVTO; by default read from the
    nomination months in the database (the courses feature's)."""

    db: Database
    clock: Clock
    settings: Settings
    ledger: Ledger
    assessment: UnfinishedSource | None
    sent_lists: SentLists | None

    async def plan_monthly(self) -> int:
        """The Jalali monthly cycle around now: nudges, the staff reminder, the escalation.
        Returns how many notices were written."""
        now = self.clock.now()
        year, month = jalali_month_of(now)
        written = 0
        for y, m in (add_months(year, month, -1), (year, month)):
            written += await self._plan_month(monthly_moments(y, m, self.settings), now)
        return written

    async def _plan_month(self, mm: MonthlyMoments, now: datetime) -> int:
        notices: list[Notice] = []
        group = monthly_group(mm.year, mm.month)
        if mm.nudge_at <= now < mm.cutoff:
            unfinished = set(await self._unfinished_assessments())
            members = unfinished - await disabled(self.db, "assessment")
            payload = message(
                "reminders-assessment-nudge", cutoff=on(mm.cutoff), buttons=ASSESSMENT_BUTTON
            )
            notices += [
                Notice(m, CAUSE_ASSESSMENT, mm.period, now, payload, mm.cutoff, group_key=group)
                for m in sorted(members)
            ]
        if mm.cutoff <= now < mm.next_cutoff and await self._in_use_before(mm.cutoff):
            if await self.list_sent(mm.year, mm.month):
                async with self.db.write() as conn:  # also done when it is marked sent
                    await cancel_month_deadlines(conn, mm.year, mm.month, now)
            elif now < mm.escalate_at:
                staff = await staff_to_tell(self.db)
                payload = message(
                    "reminders-monthly-staff",
                    buttons=NOMINATIONS_BUTTON,
                    month=month_arg(mm.year, mm.month),
                    cutoff=at(mm.cutoff),
                    escalate=at(mm.escalate_at),
                )
                notices += [
                    Notice(
                        m, CAUSE_MONTHLY, mm.period, now, payload, mm.escalate_at, group_key=group
                    )
                    for m in sorted(staff)
                ]
            else:
                admins = await role_ids(self.db, ("admin",))
                payload = message(
                    "reminders-monthly-escalation",
                    buttons=NOMINATIONS_BUTTON,
                    month=month_arg(mm.year, mm.month),
                    cutoff=at(mm.cutoff),
                )
                notices += [
                    Notice(
                        m,
                        CAUSE_ESCALATION,
                        mm.period,
                        now,
                        payload,
                        mm.next_cutoff,
                        group_key=group,
                    )
                    for m in admins
                ]
        return await self.ledger.plan(notices) if notices else 0

    async def list_sent(self, year: int, month: int) -> bool:
        """Is the month's nomination list marked sent to TVTO (courses feature's months)?"""
        if self.sent_lists is not None:
            return await self.sent_lists(year, month)
        async with self.db.read() as conn:
            found = await NominationsRepo(conn).month(year, month)
        return found is not None and found.status in ("sent", "confirmed")

    async def _unfinished_assessments(self) -> list[int]:
        assessment = self.assessment
        if assessment is None:  # the assessment feature is not part of this build
            return []
        return list(await assessment.members_with_unfinished())

    async def _in_use_before(self, cutoff: datetime) -> bool:
        async with self.db.read() as conn:
            return await in_use_before(conn, cutoff)
