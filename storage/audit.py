"""The audit log of every staff and admin action: one table for the whole office
(`course_audit`, made by the courses feature; its `AuditEntry` model). Callers own the transaction.

An entry: when (`at`, UTC), who (`actor_id`; None for the system or the command line), what
(`action`, e.g. `role.promote`, `course.edit`), on what (`subject`, `subject_id`; 0 when the
action has no single subject, like an export), why (`reason`), and the values before and after.
Entries never carry national IDs or mobile numbers.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, Text, func, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.nominations import AuditEntry
from storage.schema.courses import course_audit
from storage.schema.members import members

__all__ = ["AuditEntry", "AuditRepo"]


def _entry(
    at: datetime,
    actor_id: int | None,
    action: str,
    subject: str,
    subject_id: int,
    reason: str | None,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> dict[str, Any]:
    return {
        "at": at,
        "actor_id": actor_id,
        "action": action[:32],
        "subject": subject[:16],
        "subject_id": subject_id,
        "reason": reason,
        "before": before,
        "after": after,
    }


def matching(search: str) -> ColumnElement[bool]:
    """Entries where `search` appears (any case) in the action, subject, reason, the values
    before or after, or the actor's messenger name or username; a number also matches the
    subject's or the actor's id."""
    c = course_audit.c
    needle = search.lower()
    patterns = {needle, json.dumps(needle)[1:-1]}  # JSON text may hold \\uXXXX escapes
    texts = [c.action, c.subject, c.reason, c.before.cast(Text()), c.after.cast(Text())]
    found: list[ColumnElement[bool]] = [
        func.lower(column).contains(p, autoescape=True) for column in texts for p in patterns
    ]
    names = (members.c.first_name, members.c.last_name, members.c.username)
    actors = select(members.c.id).where(
        or_(*(func.lower(n).contains(needle, autoescape=True) for n in names))
    )
    found.append(c.actor_id.in_(actors))
    if search.isdigit() and len(search) <= 18:
        found += [c.subject_id == int(search), c.actor_id == int(search)]
    return or_(*found)


def _optional(entry: dict[str, Any]) -> tuple[Any, Any, Any]:
    return entry.get("reason"), entry.get("before"), entry.get("after")


class AuditRepo:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def add(
        self,
        *,
        at: datetime,
        actor_id: int | None,
        action: str,
        subject: str,
        subject_id: int = 0,
        reason: str | None = None,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
    ) -> int:
        values = _entry(at, actor_id, action, subject, subject_id, reason, before, after)
        stmt = course_audit.insert().values(**values).returning(course_audit.c.id)
        return int((await self.conn.execute(stmt)).scalar_one())

    async def add_many(
        self,
        *,
        at: datetime,
        actor_id: int | None,
        action: str,
        subject: str,
        entries: Sequence[dict[str, Any]],
    ) -> None:
        """Entries of one action, in order, in one executemany; each entry: subject_id and
        optionally reason, before, after (as `add` takes them)."""
        if not entries:
            return
        rows = [
            _entry(at, actor_id, action, subject, e["subject_id"], *_optional(e)) for e in entries
        ]
        await self.conn.execute(course_audit.insert(), rows)

    def _filtered(
        self,
        stmt: Select[Any],
        *,
        since: datetime | None,
        until: datetime | None,
        actor_id: int | None,
        action_prefix: str | None,
        search: str | None = None,
    ) -> Select[Any]:
        c = course_audit.c
        if search:
            stmt = stmt.where(matching(search))
        if since is not None:
            stmt = stmt.where(c.at >= since)
        if until is not None:
            stmt = stmt.where(c.at < until)
        if actor_id is not None:
            stmt = stmt.where(c.actor_id == actor_id)
        if action_prefix:
            stmt = stmt.where(c.action.startswith(action_prefix, autoescape=True))
        return stmt

    async def page(
        self,
        *,
        limit: int = 10,
        offset: int = 0,
        since: datetime | None = None,
        until: datetime | None = None,
        actor_id: int | None = None,
        action_prefix: str | None = None,
        search: str | None = None,
    ) -> list[AuditEntry]:
        """Newest first; `search`: see `matching`."""
        stmt = self._filtered(
            select(course_audit),
            since=since,
            until=until,
            actor_id=actor_id,
            action_prefix=action_prefix,
            search=search,
        )
        stmt = stmt.order_by(course_audit.c.id.desc()).limit(limit).offset(offset)
        rows = (await self.conn.execute(stmt)).all()
        return [AuditEntry.model_validate(dict(row._mapping)) for row in rows]

    async def count(
        self,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        actor_id: int | None = None,
        action_prefix: str | None = None,
        search: str | None = None,
    ) -> int:
        stmt = self._filtered(
            select(func.count()).select_from(course_audit),
            since=since,
            until=until,
            actor_id=actor_id,
            action_prefix=action_prefix,
            search=search,
        )
        return int((await self.conn.execute(stmt)).scalar_one())

    async def stream(
        self, *, since: datetime | None = None, until: datetime | None = None
    ) -> AsyncIterator[AuditEntry]:
        """Every entry in the period, oldest first, without holding them all in memory."""
        stmt = self._filtered(
            select(course_audit), since=since, until=until, actor_id=None, action_prefix=None
        ).order_by(course_audit.c.id)
        result = await self.conn.stream(stmt)
        async for row in result:
            yield AuditEntry.model_validate(dict(row._mapping))

    async def actor_ids(
        self, *, since: datetime | None = None, until: datetime | None = None
    ) -> set[int]:
        stmt = self._filtered(
            select(course_audit.c.actor_id).distinct(),
            since=since,
            until=until,
            actor_id=None,
            action_prefix=None,
        )
        return {a for a in (await self.conn.execute(stmt)).scalars() if a is not None}

    async def for_subject(self, subject: str, subject_id: int) -> list[AuditEntry]:
        stmt = (
            select(course_audit)
            .where(course_audit.c.subject == subject, course_audit.c.subject_id == subject_id)
            .order_by(course_audit.c.id)
        )
        rows = (await self.conn.execute(stmt)).all()
        return [AuditEntry.model_validate(dict(row._mapping)) for row in rows]
