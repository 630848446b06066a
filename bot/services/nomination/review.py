"""Staff review of a frozen list: moving a person in or out with a reason, and the warning when
placing one more of a cooperative would pass the month's cap."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.clock import Clock
from bot.services.audit import audit
from bot.services.nomination.allocation import same_cooperative
from bot.services.nomination.results import MoveResult
from storage.courses import CoursesRepo
from storage.engine import Database
from storage.nominations import NominationsRepo
from storage.registrations import COMMITTED, RegistrationsRepo


@dataclass(frozen=True)
class Review:
    db: Database
    clock: Clock

    async def cap_reached(self, entry_id: int) -> int:
        """How many of this person's cooperative the month already places in their course, when
        that is the month's per-cooperative cap or more (placing them would pass it); else 0."""
        async with self.db.read() as conn:
            repo = NominationsRepo(conn)
            entry = await repo.entry(entry_id)
            month = await repo.month_by_id(entry.month_id) if entry else None
            if entry is None or month is None:
                return 0
            same = await same_cooperative(repo, entry)
        return same if same >= month.coop_cap else 0

    async def move(
        self,
        entry_id: int,
        *,
        placed: bool,
        actor_id: int,
        reason: str,
        over_cap: bool = False,
    ) -> MoveResult:
        """Put a person into (placed=True) or out of the month's list, with the reason. Placing
        one more of a cooperative that has reached the month's cap needs `over_cap` (staff
        confirmed it after a warning); the audit entry records it."""
        now = self.clock.now()
        async with self.db.write() as conn:
            repo = NominationsRepo(conn)
            entry = await repo.entry(entry_id)
            if entry is None:
                return "not_found"
            month = await repo.month_by_id(entry.month_id, lock=True)
            if month is None or month.status != "frozen":
                return "not_frozen"
            if entry.placed == placed:
                return "unchanged"
            if placed:
                course = await CoursesRepo(conn).get_for_update(entry.course_id)
                assert course is not None
                committed = await RegistrationsRepo(conn).count(course.id, (*COMMITTED, "offered"))
                already = len(await repo.entries(month.id, course_id=course.id, placed=True))
                if already >= course.capacity - committed:
                    return "no_seat"
                passes_cap = await same_cooperative(repo, entry) >= month.coop_cap
                if passes_cap and not over_cap:
                    return "over_cap"
            else:
                passes_cap = False
            await repo.set_placed(entry.id, placed, "staff")
            await audit(
                conn,
                now,
                actor_id,
                "place" if placed else "unplace",
                "entry",
                entry.id,
                reason=reason,
                before={"placed": entry.placed, "reason": entry.reason},
                after={
                    "placed": placed,
                    "reason": "staff",
                    "registration_id": entry.registration_id,
                    **({"over_cap": True} if passes_cap else {}),
                },
            )
        return "moved"
