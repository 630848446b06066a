"""Reminder preferences, attendance answers, schedules seen by the planner. Callers own the
transaction."""

from __future__ import annotations

import builtins
from collections.abc import Mapping, Sequence
from datetime import datetime

from pydantic import BaseModel, ConfigDict
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.dialect import insert
from storage.schema.ledger import attendance_replies, reminder_prefs, reminder_schedules
from storage.schema.members import members


class AttendanceReply(BaseModel):
    model_config = ConfigDict(frozen=True)

    registration_id: int
    session_at: datetime
    member_id: int
    course_id: int
    answer: str
    answered_at: datetime


class ReminderPrefsRepo:
    """Which reminder kinds a person turned off; a kind without a row is on."""

    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def get(self, member_id: int) -> dict[str, bool]:
        rows = await self.conn.execute(
            select(reminder_prefs.c.kind, reminder_prefs.c.enabled).where(
                reminder_prefs.c.member_id == member_id
            )
        )
        return {kind: bool(enabled) for kind, enabled in rows.all()}

    async def set(self, member_id: int, kind: str, enabled: bool) -> None:
        stmt = insert(self.conn, reminder_prefs).values(
            member_id=member_id, kind=kind, enabled=enabled
        )
        stmt = stmt.on_conflict_do_update(
            index_elements=[reminder_prefs.c.member_id, reminder_prefs.c.kind],
            set_={"enabled": enabled},
        )
        await self.conn.execute(stmt)

    async def disabled(self, kind: str) -> builtins.set[int]:  # `set` is a method here
        """Members who turned `kind` off."""
        rows = await self.conn.execute(
            select(reminder_prefs.c.member_id).where(
                reminder_prefs.c.kind == kind, reminder_prefs.c.enabled.is_(False)
            )
        )
        return set(rows.scalars())


class AttendanceRepo:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def record(
        self,
        *,
        registration_id: int,
        session_at: datetime,
        member_id: int,
        course_id: int,
        answer: str,
        now: datetime,
    ) -> None:
        """One answer per (registration, session); a later press replaces the earlier one."""
        values = {"member_id": member_id, "course_id": course_id, "answer": answer}
        stmt = insert(self.conn, attendance_replies).values(
            registration_id=registration_id, session_at=session_at, answered_at=now, **values
        )
        stmt = stmt.on_conflict_do_update(
            index_elements=[attendance_replies.c.registration_id, attendance_replies.c.session_at],
            set_={**values, "answered_at": now},
        )
        await self.conn.execute(stmt)

    async def declined(self, *, after: datetime) -> set[tuple[int, datetime]]:
        """(registration, session) pairs answered "no" for sessions after `after`."""
        rows = await self.conn.execute(
            select(attendance_replies.c.registration_id, attendance_replies.c.session_at).where(
                attendance_replies.c.answer == "no", attendance_replies.c.session_at > after
            )
        )
        return {(reg, at) for reg, at in rows.all()}

    async def for_course(self, course_id: int) -> list[AttendanceReply]:
        rows = await self.conn.execute(
            select(attendance_replies)
            .where(attendance_replies.c.course_id == course_id)
            .order_by(attendance_replies.c.session_at, attendance_replies.c.registration_id)
        )
        return [AttendanceReply.model_validate(dict(r._mapping)) for r in rows]


class ScheduleFingerprintsRepo:
    """The last schedule fingerprint the reminder planner saw per course."""

    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def all(self, course_ids: Sequence[int] | None = None) -> dict[int, str]:
        stmt = select(reminder_schedules.c.course_id, reminder_schedules.c.fingerprint)
        if course_ids is not None:
            stmt = stmt.where(reminder_schedules.c.course_id.in_(list(course_ids)))
        return {cid: fp for cid, fp in (await self.conn.execute(stmt)).all()}

    async def set(self, course_id: int, fingerprint: str, now: datetime) -> None:
        await self.set_many({course_id: fingerprint}, now)

    async def set_many(self, fingerprints: Mapping[int, str], now: datetime) -> None:
        """Record the fingerprints of many courses with one statement."""
        if not fingerprints:
            return
        stmt = insert(self.conn, reminder_schedules)
        stmt = stmt.on_conflict_do_update(
            index_elements=[reminder_schedules.c.course_id],
            set_={"fingerprint": stmt.excluded.fingerprint, "updated_at": stmt.excluded.updated_at},
        )
        rows = [
            {"course_id": course_id, "fingerprint": fingerprint, "updated_at": now}
            for course_id, fingerprint in fingerprints.items()
        ]
        await self.conn.execute(stmt, rows)


async def member_ids_with_role(conn: AsyncConnection, roles: Sequence[str]) -> list[int]:
    """Ids of members with one of `roles` who have not blocked the bot (recipients of notices)."""
    rows = await conn.execute(
        select(members.c.id)
        .where(members.c.role.in_(list(roles)), members.c.is_blocked.is_(False))
        .order_by(members.c.id)
    )
    return list(rows.scalars())
