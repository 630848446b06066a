"""A monthly list as a table for the staff web console: every entry with its person, course,
cooperative and current registration status, filtered and paged in SQL (one query per page and
one for the filter choices, whatever the month's size). Read only; callers own the transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import ColumnElement, Select, and_, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.schema.assessment import cooperatives, member_profiles
from storage.schema.courses import nomination_entries, registrations
from storage.schema.members import members

# The list's own states (the entry) beside the registration's statuses.
ENTRY_STATES = ("placed", "unplaced")


class ListRow(BaseModel):
    model_config = ConfigDict(frozen=True)

    entry_id: int
    registration_id: int
    member_id: int
    course_id: int
    cooperative_id: int | None
    rank: int
    placed: bool
    reason: str | None
    need_score: float
    rejected_at: datetime | None
    rejection_reason: str | None
    status: str  # the registration's status now
    full_name: str | None
    first_name: str | None
    last_name: str | None
    cooperative_name: str | None
    province: str | None  # the cooperative's province and county ids
    county: str | None


@dataclass(frozen=True)
class ListFilter:
    course_id: int | None = None
    cooperative_id: int | None = None
    province: str | None = None  # with county: the cooperative's county
    county: str | None = None
    status: str | None = None  # placed, unplaced, or a registration status


@dataclass(frozen=True)
class Choice:
    value: tuple[Any, ...]
    label: str | None
    count: int


@dataclass(frozen=True)
class Choices:
    courses: list[Choice]  # value (course_id,)
    cooperatives: list[Choice]  # value (cooperative_id,), label its name
    counties: list[Choice]  # value (province, county)
    statuses: list[Choice]  # value (status,)


e, r, p, c, m = (
    nomination_entries.c,
    registrations.c,
    member_profiles.c,
    cooperatives.c,
    members.c,
)
_FROM = (
    nomination_entries.join(registrations, r.id == e.registration_id)
    .join(members, m.id == e.member_id)
    .outerjoin(member_profiles, p.member_id == e.member_id)
    .outerjoin(cooperatives, c.id == e.cooperative_id)
)


def _conditions(month_id: int, where: ListFilter) -> list[ColumnElement[bool]]:
    found: list[ColumnElement[bool]] = [e.month_id == month_id]
    if where.course_id is not None:
        found.append(e.course_id == where.course_id)
    if where.cooperative_id is not None:
        found.append(e.cooperative_id == where.cooperative_id)
    if where.county is not None:
        found.append(and_(c.province == where.province, c.county == where.county))
    if where.status == "placed":
        found.append(e.placed.is_(True))
    elif where.status == "unplaced":
        found.append(e.placed.is_(False))
    elif where.status is not None:
        found.append(r.status == where.status)
    return found


class NominationRowsRepo:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def rows(
        self, month_id: int, where: ListFilter, *, limit: int, offset: int = 0
    ) -> list[ListRow]:
        stmt: Select[Any] = (
            select(
                e.id.label("entry_id"),
                e.registration_id,
                e.member_id,
                e.course_id,
                e.cooperative_id,
                e.rank,
                e.placed,
                e.reason,
                e.need_score,
                e.rejected_at,
                e.rejection_reason,
                r.status,
                p.full_name,
                m.first_name,
                m.last_name,
                c.name.label("cooperative_name"),
                c.province,
                c.county,
            )
            .select_from(_FROM)
            .where(*_conditions(month_id, where))
            .order_by(e.course_id, e.rank, e.id)
            .limit(limit)
            .offset(offset)
        )
        result = await self.conn.execute(stmt)
        names = list(result.keys())  # once: a row's own mapping builds its keys every time
        return [ListRow.model_validate(dict(zip(names, row, strict=True))) for row in result.all()]

    async def count(self, month_id: int, where: ListFilter) -> int:
        stmt = select(func.count()).select_from(_FROM).where(*_conditions(month_id, where))
        return int((await self.conn.execute(stmt)).scalar_one())

    async def choices(self, month_id: int) -> Choices:
        """What the month's filters can choose, with how many entries each has."""
        mine = e.month_id == month_id

        async def grouped(*columns: Any) -> list[tuple[Any, ...]]:
            stmt = (
                select(*columns, func.count())
                .select_from(_FROM)
                .where(mine)
                .group_by(*columns)
            )
            return [tuple(row) for row in (await self.conn.execute(stmt)).all()]

        courses = [Choice((row[0],), None, row[1]) for row in await grouped(e.course_id)]
        coops = [
            Choice((row[0],), row[1], row[2])
            for row in await grouped(e.cooperative_id, c.name)
            if row[0] is not None
        ]
        counties = [
            Choice((row[0], row[1]), None, row[2])
            for row in await grouped(c.province, c.county)
            if row[1] is not None
        ]
        placed = await grouped(e.placed)
        statuses = [
            Choice(("placed" if row[0] else "unplaced",), None, row[1]) for row in placed
        ] + [Choice((row[0],), None, row[1]) for row in await grouped(r.status)]
        return Choices(
            courses=courses,
            cooperatives=sorted(coops, key=lambda x: x.label or ""),
            counties=counties,
            statuses=statuses,
        )
