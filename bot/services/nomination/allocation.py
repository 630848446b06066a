"""Ranking and caps: a course's waiting requests made before the cut-off, ranked (by need, then
time) and placed in its free seats with at most `nomination_coop_cap` people of one cooperative;
the lists still under review hold their requests and seats."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.services.courses import has_started
from storage.courses import Course, CoursesRepo
from storage.nominations import NewEntry, NominationEntry, NominationsRepo
from storage.registrations import COMMITTED, Registration, RegistrationsRepo


def allocate(pool: list[Registration], seats: int, cap: int) -> list[NewEntry]:
    """Rank a course's waiting requests (already by need, then time) and place them."""
    per_coop: Counter[int] = Counter()
    placed = 0
    out: list[NewEntry] = []
    for rank, registration in enumerate(pool, start=1):
        coop = registration.cooperative_id
        if placed >= seats:
            reason: str | None = "seats"
        elif coop is not None and per_coop[coop] >= cap:
            reason = "cap"
        else:
            reason = None
            placed += 1
            if coop is not None:
                per_coop[coop] += 1
        out.append(
            NewEntry(
                registration_id=registration.id,
                course_id=registration.course_id,
                member_id=registration.member_id,
                cooperative_id=coop,
                need_score=registration.need_score,
                requested_at=registration.requested_at,
                rank=rank,
                placed=reason is None,
                reason=reason,
            )
        )
    return out


@dataclass(frozen=True)
class InReview:
    """What closed lists staff have not approved yet hold: right after a cut-off their requests
    wait for that review, not for the next list (approval carries the unplaced over), and the
    seats they place are spoken for."""

    registrations: frozenset[int]
    placed: Counter[int]  # course id -> people placed


async def under_review(conn: AsyncConnection) -> InReview:
    repo = NominationsRepo(conn)
    found: set[int] = set()
    placed: Counter[int] = Counter()
    for month in await repo.months(limit=24):
        if month.status == "frozen":
            for entry in await repo.entries(month.id):
                found.add(entry.registration_id)
                placed[entry.course_id] += entry.placed
    return InReview(frozenset(found), placed)


async def allocations(
    conn: AsyncConnection, cutoff: datetime, cap: int, review: InReview | None = None
) -> list[tuple[Course, list[NewEntry]]]:
    """Every course's waiting requests made before `cutoff`, ranked and placed in its free seats
    (a course cancelled or started by then takes nobody); with `review`, the requests and seats
    of lists still under review are left out."""
    regs = RegistrationsRepo(conn)
    candidates = await regs.candidates(requested_before=cutoff)
    if review is not None:
        candidates = [r for r in candidates if r.id not in review.registrations]
    found = await CoursesRepo(conn).get_many(sorted({r.course_id for r in candidates}))
    out: list[tuple[Course, list[NewEntry]]] = []
    for course_id, group in groupby(candidates, key=lambda r: r.course_id):
        course = found[course_id]
        if course.status == "cancelled" or has_started(course, cutoff):
            continue
        committed = await regs.count(course.id, (*COMMITTED, "offered"))
        held = review.placed[course.id] if review is not None else 0
        seats = max(course.capacity - committed - held, 0)
        out.append((course, allocate(list(group), seats, cap)))
    return out


async def same_cooperative(repo: NominationsRepo, entry: NominationEntry) -> int:
    """People of `entry`'s cooperative placed in its course in its month (others than it)."""
    if entry.cooperative_id is None:
        return 0
    placed = await repo.entries(entry.month_id, course_id=entry.course_id, placed=True)
    return sum(e.cooperative_id == entry.cooperative_id and e.id != entry.id for e in placed)
