"""Monthly nomination lists, their entries, and the audit of staff changes. Callers own the
transaction."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.dialect import insert
from storage.schema.courses import course_audit, nomination_entries, nomination_months

MonthStatus = Literal["frozen", "superseded", "approved", "sent", "confirmed"]


class NominationMonth(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    year: int
    month: int
    status: MonthStatus
    cutoff_at: datetime
    frozen_at: datetime
    frozen_by: int | None
    approved_at: datetime | None
    approved_by: int | None
    sent_at: datetime | None
    sent_by: int | None
    confirmed_at: datetime | None
    coop_cap: int


class NominationEntry(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    month_id: int
    registration_id: int
    course_id: int
    member_id: int
    cooperative_id: int | None
    need_score: float
    requested_at: datetime
    rank: int
    placed: bool
    reason: str | None
    rejected_at: datetime | None = None  # TVTO did not take this person
    rejected_by: int | None = None
    rejection_reason: str | None = None


class AuditEntry(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    at: datetime
    actor_id: int | None
    action: str
    subject: str
    subject_id: int
    reason: str | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None


class NewEntry(BaseModel):
    model_config = ConfigDict(frozen=True)

    registration_id: int
    course_id: int
    member_id: int
    cooperative_id: int | None
    need_score: float
    requested_at: datetime
    rank: int
    placed: bool
    reason: str | None = None


class NominationsRepo:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    # --- months -------------------------------------------------------------------------------

    async def month(self, year: int, month: int) -> NominationMonth | None:
        row = (
            await self.conn.execute(
                select(nomination_months).where(
                    nomination_months.c.year == year, nomination_months.c.month == month
                )
            )
        ).one_or_none()
        return NominationMonth.model_validate(dict(row._mapping)) if row else None

    async def month_by_id(self, month_id: int, *, lock: bool = False) -> NominationMonth | None:
        stmt = select(nomination_months).where(nomination_months.c.id == month_id)
        if lock and self.conn.dialect.name == "postgresql":
            stmt = stmt.with_for_update()
        row = (await self.conn.execute(stmt)).one_or_none()
        return NominationMonth.model_validate(dict(row._mapping)) if row else None

    async def create_month(
        self,
        *,
        year: int,
        month: int,
        cutoff_at: datetime,
        frozen_at: datetime,
        frozen_by: int | None,
        coop_cap: int,
    ) -> NominationMonth | None:
        """Insert the frozen month; None when another process froze it first."""
        stmt = insert(self.conn, nomination_months).values(
            year=year,
            month=month,
            status="frozen",
            cutoff_at=cutoff_at,
            frozen_at=frozen_at,
            frozen_by=frozen_by,
            coop_cap=coop_cap,
        )
        stmt = stmt.on_conflict_do_nothing(
            index_elements=[nomination_months.c.year, nomination_months.c.month]
        ).returning(*nomination_months.c)
        row = (await self.conn.execute(stmt)).one_or_none()
        return NominationMonth.model_validate(dict(row._mapping)) if row else None

    async def update_month(
        self, month_id: int, *, expect: Iterable[str], **values: Any
    ) -> NominationMonth | None:
        """Update a month that is in one of the expected statuses; None otherwise."""
        stmt = (
            update(nomination_months)
            .where(
                nomination_months.c.id == month_id,
                nomination_months.c.status.in_(list(expect)),
            )
            .values(**values)
            .returning(*nomination_months.c)
        )
        row = (await self.conn.execute(stmt)).one_or_none()
        return NominationMonth.model_validate(dict(row._mapping)) if row else None

    async def months(self, limit: int = 12) -> list[NominationMonth]:
        stmt = (
            select(nomination_months)
            .order_by(nomination_months.c.year.desc(), nomination_months.c.month.desc())
            .limit(limit)
        )
        rows = (await self.conn.execute(stmt)).all()
        return [NominationMonth.model_validate(dict(row._mapping)) for row in rows]

    # --- entries ------------------------------------------------------------------------------

    async def add_entries(self, month_id: int, entries: Iterable[NewEntry]) -> int:
        values = [{"month_id": month_id, **e.model_dump()} for e in entries]
        if not values:
            return 0
        await self.conn.execute(nomination_entries.insert(), values)
        return len(values)

    async def entries(
        self, month_id: int, *, course_id: int | None = None, placed: bool | None = None
    ) -> list[NominationEntry]:
        stmt = select(nomination_entries).where(nomination_entries.c.month_id == month_id)
        if course_id is not None:
            stmt = stmt.where(nomination_entries.c.course_id == course_id)
        if placed is not None:
            stmt = stmt.where(nomination_entries.c.placed == placed)
        stmt = stmt.order_by(nomination_entries.c.course_id, nomination_entries.c.rank)
        rows = (await self.conn.execute(stmt)).all()
        return [NominationEntry.model_validate(dict(row._mapping)) for row in rows]

    async def entry(self, entry_id: int) -> NominationEntry | None:
        row = (
            await self.conn.execute(
                select(nomination_entries).where(nomination_entries.c.id == entry_id)
            )
        ).one_or_none()
        return NominationEntry.model_validate(dict(row._mapping)) if row else None

    async def set_placed(self, entry_id: int, placed: bool, reason: str | None) -> None:
        await self.conn.execute(
            update(nomination_entries)
            .where(nomination_entries.c.id == entry_id)
            .values(placed=placed, reason=reason)
        )

    async def set_rejected(
        self, entry_id: int, *, at: datetime, by: int | None, reason: str
    ) -> None:
        """TVTO did not take this placed person: when, recorded by whom, and why."""
        await self.conn.execute(
            update(nomination_entries)
            .where(nomination_entries.c.id == entry_id)
            .values(rejected_at=at, rejected_by=by, rejection_reason=reason)
        )

    async def entry_for_registration(
        self, month_id: int, registration_id: int
    ) -> NominationEntry | None:
        row = (
            await self.conn.execute(
                select(nomination_entries).where(
                    nomination_entries.c.month_id == month_id,
                    nomination_entries.c.registration_id == registration_id,
                )
            )
        ).one_or_none()
        return NominationEntry.model_validate(dict(row._mapping)) if row else None

    # --- audit --------------------------------------------------------------------------------

    async def audit(
        self,
        *,
        at: datetime,
        actor_id: int | None,
        action: str,
        subject: str,
        subject_id: int,
        reason: str | None = None,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
    ) -> None:
        await self.conn.execute(
            course_audit.insert().values(
                at=at,
                actor_id=actor_id,
                action=action,
                subject=subject,
                subject_id=subject_id,
                reason=reason,
                before=before,
                after=after,
            )
        )

    async def audit_trail(
        self, subject: str | None = None, subject_id: int | None = None, limit: int = 100
    ) -> list[AuditEntry]:
        stmt = select(course_audit)
        if subject is not None:
            stmt = stmt.where(course_audit.c.subject == subject)
        if subject_id is not None:
            stmt = stmt.where(course_audit.c.subject_id == subject_id)
        stmt = stmt.order_by(course_audit.c.id.desc()).limit(limit)
        rows = (await self.conn.execute(stmt)).all()
        return [AuditEntry.model_validate(dict(row._mapping)) for row in rows]
