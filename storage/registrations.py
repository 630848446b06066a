"""Registrations: one row per (course, member). Callers own the transaction."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from datetime import datetime
from typing import Any, Literal, NamedTuple, get_args

from pydantic import BaseModel, ConfigDict
from sqlalchemy import ColumnElement, Row, and_, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.schema.assessment import cooperatives, member_profiles
from storage.schema.courses import nomination_entries, registrations

RegistrationStatus = Literal[
    "requested",
    "nominated",
    "sent",
    "confirmed",
    "rejected",  # TVTO did not take the person (the seat is freed)
    "waitlisted",
    "offered",
    "cancelled",
    "attended",
    "completed",
]
STATUSES: tuple[str, ...] = get_args(RegistrationStatus)
# Statuses that occupy one of the course's seats.
SEAT_HOLDING: tuple[str, ...] = (
    "requested",
    "offered",
    "nominated",
    "sent",
    "confirmed",
    "attended",
    "completed",
)
# Seats the monthly list has already given away (no longer provisional).
COMMITTED: tuple[str, ...] = ("nominated", "sent", "confirmed", "attended", "completed")
ACTIVE: tuple[str, ...] = (*SEAT_HOLDING, "waitlisted")
# Ids in one `IN (…)`: well under the 32,767 parameters asyncpg allows (SQLite's default limit
# is 32,766).
IN_CHUNK = 10_000


class Registration(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    course_id: int
    member_id: int
    status: RegistrationStatus
    need_score: float
    cooperative_id: int | None
    assessment_id: int | None
    requested_at: datetime
    status_at: datetime
    offer_deadline: datetime | None
    reason: str | None
    carry_overs: int
    version: int

    @property
    def holds_seat(self) -> bool:
        return self.status in SEAT_HOLDING

    @property
    def active(self) -> bool:
        return self.status in ACTIVE


class NomineeCooperative(NamedTuple):
    name: str
    national_id: str | None
    registration_no: str | None
    kind: str | None
    province: str | None
    county: str | None


class MonthNominee(NamedTuple):
    """A placed, not cancelled person of a monthly list, with what the export shows of them.

    Read as attributes it stands for the entry (`rank`), the registration (`requested_at`) and
    the member profile (`full_name` … `cooperative`; all None when there is no profile)."""

    registration_id: int
    course_id: int
    member_id: int
    rank: int
    requested_at: datetime
    full_name: str | None
    national_id: str | None
    mobile: str | None
    role: str | None
    cooperative: NomineeCooperative | None
    status: str = "sent"  # the registration's: confirmed or rejected once TVTO answered
    rejection_reason: str | None = None  # TVTO's, when it rejected the person


def _registration(row: Row[Any]) -> Registration:
    return Registration.model_validate(dict(row._mapping))


def _request(
    status: RegistrationStatus,
    need_score: float,
    cooperative_id: int | None,
    assessment_id: int | None,
    now: datetime,
) -> dict[str, Any]:
    """The columns of a fresh request (a new registration or a cancelled one made anew)."""
    return {
        "status": status,
        "need_score": need_score,
        "cooperative_id": cooperative_id,
        "assessment_id": assessment_id,
        "requested_at": now,
        "status_at": now,
        "carry_overs": 0,
    }


def waitlist_order() -> tuple[ColumnElement[Any], ...]:
    """Greatest need first, then the earliest request, then the row id (stable)."""
    return (
        registrations.c.need_score.desc(),
        registrations.c.requested_at,
        registrations.c.id,
    )


class RegistrationsRepo:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def get(self, registration_id: int) -> Registration | None:
        row = (
            await self.conn.execute(
                select(registrations).where(registrations.c.id == registration_id)
            )
        ).one_or_none()
        return _registration(row) if row else None

    async def get_many(self, ids: Iterable[int]) -> dict[int, Registration]:
        """By id, any number of them: asked IN_CHUNK ids at a time (asyncpg takes at most
        32,767 parameters a query; a 100,000-row month has as many registrations)."""
        ids = list(ids)
        found: dict[int, Registration] = {}
        for start in range(0, len(ids), IN_CHUNK):
            part = ids[start : start + IN_CHUNK]
            stmt = select(registrations).where(registrations.c.id.in_(part))
            found.update((row.id, _registration(row)) for row in await self.conn.execute(stmt))
        return found

    async def find(self, course_id: int, member_id: int) -> Registration | None:
        row = (
            await self.conn.execute(
                select(registrations).where(
                    registrations.c.course_id == course_id,
                    registrations.c.member_id == member_id,
                )
            )
        ).one_or_none()
        return _registration(row) if row else None

    async def create(
        self,
        *,
        course_id: int,
        member_id: int,
        status: RegistrationStatus,
        need_score: float,
        cooperative_id: int | None,
        assessment_id: int | None,
        now: datetime,
    ) -> Registration:
        stmt = (
            registrations.insert()
            .values(
                course_id=course_id,
                member_id=member_id,
                version=1,
                **_request(status, need_score, cooperative_id, assessment_id, now),
            )
            .returning(*registrations.c)
        )
        return _registration((await self.conn.execute(stmt)).one())

    async def renew(
        self,
        registration_id: int,
        *,
        status: RegistrationStatus,
        need_score: float,
        cooperative_id: int | None,
        assessment_id: int | None,
        now: datetime,
    ) -> Registration:
        """A cancelled registration made anew: fresh request time and need snapshot."""
        stmt = (
            update(registrations)
            .where(registrations.c.id == registration_id)
            .values(
                offer_deadline=None,
                reason=None,
                version=registrations.c.version + 1,
                **_request(status, need_score, cooperative_id, assessment_id, now),
            )
            .returning(*registrations.c)
        )
        return _registration((await self.conn.execute(stmt)).one())

    async def set_status(
        self,
        registration_id: int,
        status: RegistrationStatus,
        now: datetime,
        *,
        reason: str | None = None,
        offer_deadline: datetime | None = None,
        expect: Iterable[str] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> Registration | None:
        """Change the status (bumping the version); with `expect`, only from those statuses.

        Returns the new row, or None when the row was not in an expected status.
        """
        stmt = update(registrations).where(registrations.c.id == registration_id)
        if expect is not None:
            stmt = stmt.where(registrations.c.status.in_(list(expect)))
        stmt = stmt.values(
            status=status,
            status_at=now,
            reason=reason,
            offer_deadline=offer_deadline,
            version=registrations.c.version + 1,
            **(extra or {}),
        ).returning(*registrations.c)
        row = (await self.conn.execute(stmt)).one_or_none()
        return _registration(row) if row else None

    async def count(self, course_id: int, statuses: Iterable[str]) -> int:
        stmt = (
            select(func.count())
            .select_from(registrations)
            .where(
                registrations.c.course_id == course_id,
                registrations.c.status.in_(list(statuses)),
            )
        )
        return (await self.conn.execute(stmt)).scalar_one()

    async def counts_by_course(
        self, course_ids: Iterable[int], statuses: Iterable[str]
    ) -> dict[int, int]:
        ids = list(course_ids)
        if not ids:
            return {}
        stmt = (
            select(registrations.c.course_id, func.count())
            .where(
                registrations.c.course_id.in_(ids),
                registrations.c.status.in_(list(statuses)),
            )
            .group_by(registrations.c.course_id)
        )
        return {course_id: n for course_id, n in (await self.conn.execute(stmt)).all()}

    async def of_course(
        self, course_id: int, statuses: Iterable[str], *, by_need: bool = True
    ) -> list[Registration]:
        stmt = select(registrations).where(
            registrations.c.course_id == course_id,
            registrations.c.status.in_(list(statuses)),
        )
        stmt = stmt.order_by(*waitlist_order()) if by_need else stmt.order_by(registrations.c.id)
        return [_registration(row) for row in (await self.conn.execute(stmt)).all()]

    async def first_waitlisted(self, course_id: int) -> Registration | None:
        stmt = (
            select(registrations)
            .where(registrations.c.course_id == course_id, registrations.c.status == "waitlisted")
            .order_by(*waitlist_order())
            .limit(1)
        )
        row = (await self.conn.execute(stmt)).one_or_none()
        return _registration(row) if row else None

    async def waitlist_position(self, registration: Registration) -> int:
        """1-based place on the course's waitlist (greatest need, then earliest request)."""
        r = registrations.c
        ahead = or_(
            r.need_score > registration.need_score,
            and_(
                r.need_score == registration.need_score,
                or_(
                    r.requested_at < registration.requested_at,
                    and_(r.requested_at == registration.requested_at, r.id < registration.id),
                ),
            ),
        )
        stmt = (
            select(func.count())
            .select_from(registrations)
            .where(r.course_id == registration.course_id, r.status == "waitlisted", ahead)
        )
        return (await self.conn.execute(stmt)).scalar_one() + 1

    async def of_member(
        self, member_id: int, statuses: Iterable[str] | None = None
    ) -> list[Registration]:
        stmt = select(registrations).where(registrations.c.member_id == member_id)
        if statuses is not None:
            stmt = stmt.where(registrations.c.status.in_(list(statuses)))
        stmt = stmt.order_by(registrations.c.requested_at.desc(), registrations.c.id.desc())
        return [_registration(row) for row in (await self.conn.execute(stmt)).all()]

    async def with_status(
        self, statuses: Iterable[str], *, course_id: int | None = None
    ) -> list[Registration]:
        stmt = select(registrations).where(registrations.c.status.in_(list(statuses)))
        if course_id is not None:
            stmt = stmt.where(registrations.c.course_id == course_id)
        stmt = stmt.order_by(registrations.c.course_id, *waitlist_order())
        return [_registration(row) for row in (await self.conn.execute(stmt)).all()]

    async def expired_offers(self, now: datetime) -> list[Registration]:
        stmt = (
            select(registrations)
            .where(registrations.c.status == "offered", registrations.c.offer_deadline <= now)
            .order_by(registrations.c.offer_deadline, registrations.c.id)
        )
        return [_registration(row) for row in (await self.conn.execute(stmt)).all()]

    async def candidates(self, requested_before: datetime) -> list[Registration]:
        """Requests waiting for a monthly list: requested or waitlisted before the cut-off."""
        stmt = (
            select(registrations)
            .where(
                registrations.c.status.in_(("requested", "waitlisted")),
                registrations.c.requested_at < requested_before,
            )
            .order_by(registrations.c.course_id, *waitlist_order())
        )
        return [_registration(row) for row in (await self.conn.execute(stmt)).all()]

    async def month_nominees(
        self, month_id: int, *, chunk: int = 2000
    ) -> AsyncIterator[MonthNominee]:
        """The placed people of a monthly list who have not cancelled, by course and rank, in
        one query streamed `chunk` rows at a time (a 100,000-row month is not held twice)."""
        e, r, p, c = nomination_entries.c, registrations.c, member_profiles.c, cooperatives.c
        stmt = (
            select(
                e.registration_id,
                e.course_id,
                e.member_id,
                e.rank,
                r.requested_at,
                p.full_name,
                p.national_id,
                p.mobile,
                p.role,
                c.name,
                c.national_id,
                c.registration_no,
                c.kind,
                c.province,
                c.county,
                r.status,
                e.rejection_reason,
            )
            .select_from(
                nomination_entries.join(registrations, r.id == e.registration_id)
                .outerjoin(member_profiles, p.member_id == e.member_id)
                .outerjoin(cooperatives, c.id == p.cooperative_id)
            )
            .where(e.month_id == month_id, e.placed.is_(True), r.status != "cancelled")
            .order_by(e.course_id, e.rank, e.id)
            .execution_options(yield_per=chunk)
        )
        result = await self.conn.stream(stmt)
        async for part in result.partitions():
            for row in part:
                coop = NomineeCooperative(*row[9:15]) if row[9] is not None else None
                yield MonthNominee(*row[:9], coop, *row[15:])

    async def add_carry_over(self, registration_ids: Iterable[int]) -> None:
        """These requests were not placed in a monthly list: they wait for the next one."""
        ids = list(registration_ids)
        if ids:
            await self.conn.execute(
                update(registrations)
                .where(registrations.c.id.in_(ids))
                .values(carry_overs=registrations.c.carry_overs + 1)
            )
