"""Freezing a month's list at its cut-off (its seats allocated, a proposal for staff to review),
and the preview of the month requests join now."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.clock import Clock
from bot.core.config import Settings
from bot.services.audit import audit
from bot.services.nomination.allocation import allocations, under_review
from bot.services.nomination.cutoffs import Cycle, last_closed_month
from bot.services.nomination.results import PreviewLine
from bot.services.reminders import in_use_before
from storage.engine import Database
from storage.nominations import NominationMonth, NominationsRepo


@dataclass(frozen=True)
class Freezer:
    db: Database
    clock: Clock
    settings: Settings
    cycle: Cycle

    async def freeze_due(self) -> NominationMonth | None:
        """Freeze the latest month whose cut-off has passed, once (run periodically). A month
        with no requests that closed before anyone first used the bot (a new install) is not
        frozen: the office does not start with an empty list to approve and send."""
        year, month = last_closed_month(self.clock.now(), self.cycle.day, self.cycle.at)
        async with self.db.read() as conn:
            if await NominationsRepo(conn).month(year, month) is not None:
                return None
        return await self.freeze(year, month, actor_id=None)

    async def freeze(
        self, year: int, month: int, *, actor_id: int | None
    ) -> NominationMonth | None:
        """Freeze a month whose cut-off has passed and allocate its seats. None when it is
        frozen already or its cut-off is still ahead."""
        now = self.clock.now()
        cutoff = self.cycle.cutoff_at(year, month)
        if now < cutoff:
            return None
        cap = self.settings.nomination_coop_cap
        async with self.db.write() as conn:
            repo = NominationsRepo(conn)
            if await repo.month(year, month) is not None:
                return None
            entries = [e for _, part in await allocations(conn, cutoff, cap) for e in part]
            if not entries and actor_id is None and not await in_use_before(conn, cutoff):
                return None  # a new install: no list for a month that closed before its first use
            created = await repo.create_month(
                year=year,
                month=month,
                cutoff_at=cutoff,
                frozen_at=now,
                frozen_by=actor_id,
                coop_cap=cap,
            )
            if created is None:
                return None
            await repo.add_entries(created.id, entries)
            # An earlier list nobody approved is replaced by this one (same requests and more).
            for older in await repo.months(limit=24):
                if older.id != created.id and older.status == "frozen":
                    await repo.update_month(older.id, expect=("frozen",), status="superseded")
            await audit(
                conn,
                now,
                actor_id,
                "freeze",
                "month",
                created.id,
                after={
                    "year": year,
                    "month": month,
                    "entries": len(entries),
                    "placed": sum(e.placed for e in entries),
                    "coop_cap": cap,
                },
            )
        return created

    async def preview(self) -> list[PreviewLine]:
        """The list of the month requests join now, as it would be if it closed with the
        requests made so far (nothing is written): per course, the requests and how many fit."""
        cutoff = self.cycle.cutoff_at(*self.cycle.collecting_month())
        async with self.db.read() as conn:
            allocation = await allocations(
                conn, cutoff, self.settings.nomination_coop_cap, await under_review(conn)
            )
        return [
            PreviewLine(
                course=course,
                requests=len(entries),
                placed=sum(e.placed for e in entries),
                people=entries,
            )
            for course, entries in allocation
        ]
