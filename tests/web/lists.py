"""A closed monthly list to work on in the console: one course, people of two cooperatives in
two counties, registered on 19 Aban 1404 and frozen at Aban's cut-off."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from bot.persian.jalali import TEHRAN
from storage.nominations import NominationMonth
from storage.schema.assessment import cooperatives
from tests.services.courses_support import FakeNeeds, add_course, add_members
from tests.web.conftest import Console


def tehran(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> datetime:
    return datetime.combine(date(y, m, d), time(hh, mm), tzinfo=TEHRAN).astimezone(UTC)


ABAN_CUTOFF = tehran(2025, 11, 16, 9, 0)
COOPS = {
    1: ("تعاونی فرش دماوند", "tehran", "damavand"),
    2: ("تعاونی نان ورامین", "tehran", "varamin"),
}


@dataclass
class ClosedList:
    month: NominationMonth
    members: list[int]
    course_id: int


async def closed_list(
    desk: Console, needs: FakeNeeds, people: list[tuple[float, int]], capacity: int = 3
) -> ClosedList:
    """people: (need score, cooperative 1 or 2) in registration order."""
    clock, db = desk.clock, desk.db
    clock.set(tehran(2025, 11, 10, 10, 0))
    async with db.write() as conn:
        for coop_id, (name, province, county) in COOPS.items():
            await conn.execute(
                cooperatives.insert().values(
                    id=coop_id,
                    name=name,
                    identity_key=f"k{coop_id}",
                    province=province,
                    county=county,
                    created_at=clock.now(),
                    updated_at=clock.now(),
                )
            )
    course = await add_course(
        db,
        clock.now(),
        capacity=capacity,
        start=date(2026, 1, 10),
        end=date(2026, 3, 1),
        deadline=tehran(2026, 1, 1),
    )
    members = await add_members(db, clock.now(), len(people), start=5000)
    for member, (score, coop) in zip(members, people, strict=True):
        needs.submit(member, score, cooperative_id=coop)
    for member in members:
        clock.advance(seconds=1)
        await desk.services.registration.register(member, course.id)
    clock.set(ABAN_CUTOFF)
    month = await desk.services.nomination.freeze_due()
    assert month is not None
    return ClosedList(month, members, course.id)
