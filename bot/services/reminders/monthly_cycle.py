"""The moments of a Jalali month's nomination cycle (the nudge, the cut-off, the escalation) and
the cancellation of the month's deadline reminders once its list went to TVTO."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.core.config import Settings
from bot.persian.jalali import add_months, monthly_occurrence
from bot.services.reminders.keys import MONTH_DEADLINE_CAUSES, monthly_group, period
from storage.ledger import LedgerRepo
from storage.members import MembersRepo


@dataclass(frozen=True)
class MonthlyMoments:
    """The moments of one Jalali month's nomination cycle (UTC)."""

    year: int
    month: int
    nudge_at: datetime
    cutoff: datetime
    escalate_at: datetime
    next_cutoff: datetime

    @property
    def period(self) -> str:
        return period(self.year, self.month)


def monthly_moments(year: int, month: int, settings: Settings) -> MonthlyMoments:
    """Cut-off on `nomination_cutoff_day` of the Jalali month at the cut-off time (Tehran); a day
    past the month's end is its last day (31 -> 30 in Mehr, 30 -> 29 in Esfand of common years)."""
    day, at_time = settings.nomination_cutoff_day, settings.nomination_cutoff_time
    cutoff = monthly_occurrence(year, month, day, at_time)
    ny, nm = add_months(year, month, 1)
    return MonthlyMoments(
        year=year,
        month=month,
        nudge_at=cutoff - timedelta(days=settings.assessment_nudge_days),
        cutoff=cutoff,
        escalate_at=cutoff + timedelta(hours=settings.nomination_escalation_hours),
        next_cutoff=monthly_occurrence(ny, nm, day, at_time),
    )


async def cancel_month_deadlines(
    conn: AsyncConnection, year: int, month: int, now: datetime | None = None
) -> int:
    """Cancel the pending reminders to send month (year, month)'s list to TVTO (the staff
    reminder and the escalation to admins), in the caller's transaction: the list was sent."""
    ledger = LedgerRepo(conn)
    group = monthly_group(year, month)
    return sum(
        [
            await ledger.cancel(group_key=group, cause=cause, now=now, reason="list sent")
            for cause in MONTH_DEADLINE_CAUSES
        ]
    )


async def in_use_before(conn: AsyncConnection, cutoff: datetime) -> bool:
    """Did anyone use the bot before this cut-off? A month that closed before the first person
    ever met the bot (a new install) had no list to send or to freeze."""
    first = await MembersRepo(conn).first_seen()
    return first is not None and first < cutoff
