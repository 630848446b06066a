"""Aggregate queries for the office's statistics. Read-only; callers own the transaction.

A period is [since, until) in UTC; None leaves that side open. Days are Tehran calendar days:
the database shifts each UTC instant by `offset_minutes` (Tehran has kept UTC+03:30 all year since
2022) before taking its date, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import ColumnElement, Date, Select, cast, func, literal_column, select, true
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.schema.assessment import assessments, cooperatives
from storage.schema.courses import courses, registrations
from storage.schema.members import members

UNKNOWN = ""  # the group of rows without a value (no cooperative, no kind)


class Count(BaseModel):
    model_config = ConfigDict(frozen=True)

    key: str
    count: int


class DayCount(BaseModel):
    model_config = ConfigDict(frozen=True)

    day: date
    count: int


class Totals(BaseModel):
    model_config = ConfigDict(frozen=True)

    members: int  # everyone who ever talked to the bot (erased people stay, anonymous)
    members_new: int  # first seen in the period
    members_blocked: int
    cooperatives: int
    cooperatives_new: int
    assessments_started: int  # questionnaires begun in the period (drafts and submitted)
    assessments_finished: int  # submitted in the period
    members_assessed: int  # distinct people who submitted in the period
    registrations: int  # requested in the period


def _between(
    column: ColumnElement[datetime], since: datetime | None, until: datetime | None
) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if since is not None:
        conditions.append(column >= since)
    if until is not None:
        conditions.append(column < until)
    return conditions


class StatsRepo:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    @property
    def _sqlite(self) -> bool:
        return self.conn.dialect.name == "sqlite"

    async def _scalar(self, stmt: Select[Any]) -> int:
        return int((await self.conn.execute(stmt)).scalar_one() or 0)

    async def totals(self, since: datetime | None, until: datetime | None) -> Totals:
        count = func.count()
        a = assessments.c
        return Totals(
            members=await self._scalar(select(count).select_from(members)),
            members_new=await self._scalar(
                select(count)
                .select_from(members)
                .where(*_between(members.c.first_seen, since, until))
            ),
            members_blocked=await self._scalar(
                select(count).select_from(members).where(members.c.is_blocked.is_(True))
            ),
            cooperatives=await self._scalar(select(count).select_from(cooperatives)),
            cooperatives_new=await self._scalar(
                select(count)
                .select_from(cooperatives)
                .where(*_between(cooperatives.c.created_at, since, until))
            ),
            assessments_started=await self._scalar(
                select(count).select_from(assessments).where(*_between(a.started_at, since, until))
            ),
            assessments_finished=await self._scalar(
                select(count)
                .select_from(assessments)
                .where(a.status == "submitted", *_between(a.submitted_at, since, until))
            ),
            members_assessed=await self._scalar(
                select(func.count(a.member_id.distinct()))
                .select_from(assessments)
                .where(a.status == "submitted", *_between(a.submitted_at, since, until))
            ),
            registrations=await self._scalar(
                select(count)
                .select_from(registrations)
                .where(*_between(registrations.c.requested_at, since, until))
            ),
        )

    async def _grouped(self, key: ColumnElement[Any], stmt: Select[Any]) -> list[Count]:
        rows = (
            await self.conn.execute(stmt.group_by(key).order_by(func.count().desc(), key))
        ).all()
        return [Count(key=str(k) if k is not None else UNKNOWN, count=n) for k, n in rows]

    async def registrations_by_status(
        self, since: datetime | None, until: datetime | None
    ) -> list[Count]:
        r = registrations.c
        stmt = select(r.status, func.count()).where(*_between(r.requested_at, since, until))
        return await self._grouped(r.status, stmt)

    async def registrations_by_county(
        self, since: datetime | None, until: datetime | None
    ) -> list[Count]:
        """By the county the course is held in."""
        r = registrations.c
        stmt = (
            select(courses.c.county, func.count())
            .select_from(registrations.join(courses, courses.c.id == r.course_id))
            .where(*_between(r.requested_at, since, until))
        )
        return await self._grouped(courses.c.county, stmt)

    async def registrations_by_kind(
        self, since: datetime | None, until: datetime | None
    ) -> list[Count]:
        """By the kind of the registrant's cooperative (UNKNOWN when none is known)."""
        r = registrations.c
        stmt = (
            select(cooperatives.c.kind, func.count())
            .select_from(
                registrations.outerjoin(cooperatives, cooperatives.c.id == r.cooperative_id)
            )
            .where(*_between(r.requested_at, since, until))
        )
        return await self._grouped(cooperatives.c.kind, stmt)

    async def cooperatives_by_kind(self) -> list[Count]:
        stmt = select(cooperatives.c.kind, func.count())
        return await self._grouped(cooperatives.c.kind, stmt)

    async def needs_by_topic(self, since: datetime | None, until: datetime | None) -> list[Count]:
        """How many people named each topic in their latest questionnaire submitted in the
        period (one vote per person and topic)."""
        a = assessments.c
        latest = (
            select(func.max(a.id).label("id"))
            .where(a.status == "submitted", *_between(a.submitted_at, since, until))
            .group_by(a.member_id)
            .subquery()
        )
        if self._sqlite:
            topics = func.json_each(a.topics).table_valued("value")
        else:
            topics = func.json_array_elements_text(a.topics).table_valued("value")
        stmt = (
            select(topics.c.value, func.count())
            .select_from(assessments.join(latest, latest.c.id == a.id).join(topics, true()))
            .where(a.topics.is_not(None))
        )
        return await self._grouped(topics.c.value, stmt)

    def _day(self, column: ColumnElement[datetime], offset_minutes: int) -> ColumnElement[Any]:
        if self._sqlite:
            return func.date(column, f"{offset_minutes:+d} minutes")
        return cast(column + literal_column(f"interval '{int(offset_minutes)} minutes'"), Date)

    async def per_day(
        self,
        what: str,
        since: datetime,
        until: datetime,
        offset_minutes: int,
    ) -> list[DayCount]:
        """Daily counts in the period (days without any are left out): `members` first seen,
        `assessments` submitted, `registrations` requested."""
        table, column, extra = {
            "members": (members, members.c.first_seen, []),
            "assessments": (
                assessments,
                assessments.c.submitted_at,
                [assessments.c.status == "submitted"],
            ),
            "registrations": (registrations, registrations.c.requested_at, []),
        }[what]
        day = self._day(column, offset_minutes).label("day")
        stmt = (
            select(day, func.count())
            .select_from(table)
            .where(*extra, *_between(column, since, until))
            .group_by(day)
            .order_by(day)
        )
        out = []
        for value, n in (await self.conn.execute(stmt)).all():
            if isinstance(value, str):
                value = date.fromisoformat(value)
            out.append(DayCount(day=value, count=n))
        return out
