"""Courses repository. Callers own the transaction."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, field_validator
from sqlalchemy import Row, Select, bindparam, func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.dialect import insert
from storage.schema.courses import courses

CourseStatus = Literal["open", "full", "closed", "cancelled"]
# Refs bound in one `IN (...)` (well under SQLite's and asyncpg's 32,767 parameters).
REFS_PER_QUERY = 1000
ProviderKind = Literal["tvto_centre", "private_institute"]
DeliveryMode = Literal["in_person", "online"]


class Session(BaseModel):
    """One weekly session in Tehran wall time; weekday in Python's convention (Monday = 0)."""

    model_config = ConfigDict(frozen=True)

    weekday: int
    start: time
    end: time

    @field_validator("weekday")
    @classmethod
    def _weekday(cls, value: int) -> int:
        if not 0 <= value <= 6:
            raise ValueError("weekday must be 0 (Monday) .. 6 (Sunday)")
        return value

    def to_json(self) -> dict[str, Any]:
        return {
            "weekday": self.weekday,
            "start": self.start.strftime("%H:%M"),
            "end": self.end.strftime("%H:%M"),
        }


class CourseFacts(BaseModel):
    """The fields a course has alike in the database and in a catalogue file
    (bot/services/catalogue.py `CourseIn`, which names and reads its dates differently)."""

    ref: str | None = None
    standard_code: str
    title_fa: str
    title_en: str
    topic: str
    provider_kind: ProviderKind
    provider_name: str
    provider_address: str = ""
    provider_phone: str = ""
    province: str
    county: str
    delivery_mode: DeliveryMode


class CourseData(CourseFacts):
    """What defines a course (everything but id, status and timestamps)."""

    model_config = ConfigDict(frozen=True)

    start_date: date
    end_date: date
    sessions: tuple[Session, ...]
    total_hours: int
    capacity: int
    registration_deadline: datetime

    def row(self) -> dict[str, Any]:
        values = self.model_dump(exclude={"sessions"})
        values["sessions"] = [s.to_json() for s in self.sessions]
        return values


class Course(CourseData):
    id: int
    status: CourseStatus
    created_at: datetime
    updated_at: datetime

    def title(self, locale: str | None) -> str:
        return self.title_en if (locale or "").startswith("en") else self.title_fa


def _course(row: Row[Any]) -> Course:
    return Course.model_validate(dict(row._mapping))


class CoursesRepo:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def add(self, data: CourseData, now: datetime, status: CourseStatus = "open") -> Course:
        stmt = (
            courses.insert()
            .values(**data.row(), status=status, created_at=now, updated_at=now)
            .returning(*courses.c)
        )
        return _course((await self.conn.execute(stmt)).one())

    async def upsert(self, data: CourseData, now: datetime) -> tuple[Course, bool]:
        """Insert, or update the course with the same `ref`. Returns (course, created)."""
        if data.ref is None:
            return await self.add(data, now), True
        existing = await self.get_by_ref(data.ref)
        if existing is None:
            stmt = insert(self.conn, courses).values(
                **data.row(), status="open", created_at=now, updated_at=now
            )
            stmt = stmt.on_conflict_do_nothing(index_elements=[courses.c.ref])
            await self.conn.execute(stmt)
            course = await self.get_by_ref(data.ref)
            assert course is not None
            return course, True
        await self.conn.execute(
            update(courses).where(courses.c.id == existing.id).values(**data.row(), updated_at=now)
        )
        course = await self.get(existing.id)
        assert course is not None
        return course, False

    async def upsert_many(
        self, items: Sequence[CourseData], existing: Mapping[str, Course], now: datetime
    ) -> dict[str, int]:
        """`upsert` for many courses in bulk statements: the items whose ref is in `existing`
        (what `by_refs` found in this transaction) update that course, the others are inserted
        (a ref taken meanwhile on PostgreSQL: left as it is, like `upsert`). Every item needs a
        ref. Returns every item's course id, by ref."""
        if any(item.ref is None for item in items):
            raise ValueError("upsert_many needs a ref on every course")
        stamps = {"status": "open", "created_at": now, "updated_at": now}
        new = [{**item.row(), **stamps} for item in items if item.ref not in existing]
        changed = [
            {**item.row(), "updated_at": now, "course_id": existing[item.ref].id}
            for item in items
            if item.ref is not None and item.ref in existing
        ]
        if new:  # one executemany: the driver batches the rows, no parameter limit to mind
            stmt = insert(self.conn, courses).on_conflict_do_nothing(index_elements=[courses.c.ref])
            await self.conn.execute(stmt, new)
        if changed:
            stmt = update(courses).where(courses.c.id == bindparam("course_id"))
            await self.conn.execute(stmt, changed)
        return await self.ids_by_ref(item.ref for item in items if item.ref is not None)

    async def get(self, course_id: int) -> Course | None:
        row = (
            await self.conn.execute(select(courses).where(courses.c.id == course_id))
        ).one_or_none()
        return _course(row) if row else None

    async def get_for_update(self, course_id: int) -> Course | None:
        """The course, locked until the transaction ends (PostgreSQL row lock).

        SQLite needs no row lock: its write transactions (BEGIN IMMEDIATE) are serialised.
        """
        stmt = select(courses).where(courses.c.id == course_id)
        if self.conn.dialect.name == "postgresql":
            stmt = stmt.with_for_update()
        row = (await self.conn.execute(stmt)).one_or_none()
        return _course(row) if row else None

    async def get_by_ref(self, ref: str) -> Course | None:
        row = (await self.conn.execute(select(courses).where(courses.c.ref == ref))).one_or_none()
        return _course(row) if row else None

    async def by_refs(self, refs: Iterable[str]) -> dict[str, Course]:
        """The courses with these refs, by ref (a few queries of REFS_PER_QUERY refs each)."""
        rows = await self._with_refs(select(courses), refs)
        return {row.ref: _course(row) for row in rows}

    async def ids_by_ref(self, refs: Iterable[str]) -> dict[str, int]:
        """The ids of the courses with these refs, by ref (no course built: cheap in bulk)."""
        rows = await self._with_refs(select(courses.c.ref, courses.c.id), refs)
        return {row.ref: row.id for row in rows}

    async def _with_refs(self, stmt: Select[Any], refs: Iterable[str]) -> list[Row[Any]]:
        wanted = list(dict.fromkeys(refs))
        rows: list[Row[Any]] = []
        for start in range(0, len(wanted), REFS_PER_QUERY):
            chunk = wanted[start : start + REFS_PER_QUERY]
            rows.extend((await self.conn.execute(stmt.where(courses.c.ref.in_(chunk)))).all())
        return rows

    async def get_many(self, ids: list[int]) -> dict[int, Course]:
        if not ids:
            return {}
        rows = (await self.conn.execute(select(courses).where(courses.c.id.in_(ids)))).all()
        return {row.id: _course(row) for row in rows}

    async def listing(
        self,
        *,
        topics: list[str] | None = None,
        county: str | None = None,
        statuses: tuple[str, ...] = ("open", "full"),
        ends_on_or_after: date | None = None,
    ) -> list[Course]:
        """Courses in the given statuses, soonest first."""
        stmt = select(courses).where(courses.c.status.in_(statuses))
        if topics is not None:
            stmt = stmt.where(courses.c.topic.in_(topics))
        if county is not None:
            stmt = stmt.where(courses.c.county == county)
        if ends_on_or_after is not None:
            stmt = stmt.where(courses.c.end_date >= ends_on_or_after)
        stmt = stmt.order_by(courses.c.start_date, courses.c.id)
        return [_course(row) for row in (await self.conn.execute(stmt)).all()]

    async def counties(self, statuses: tuple[str, ...] = ("open", "full")) -> list[str]:
        stmt = (
            select(courses.c.county)
            .where(courses.c.status.in_(statuses))
            .group_by(courses.c.county)
            .order_by(courses.c.county)
        )
        return [row.county for row in (await self.conn.execute(stmt)).all()]

    async def set_status(self, course_id: int, status: CourseStatus, now: datetime) -> None:
        await self.conn.execute(
            update(courses).where(courses.c.id == course_id).values(status=status, updated_at=now)
        )

    async def count(self) -> int:
        return (await self.conn.execute(select(func.count()).select_from(courses))).scalar_one()
