"""Broadcasts repository: the broadcasts table, and counts of their ledger rows.

Callers own the transaction. Status changes are conditional updates (`expect`): a button pressed
twice, or pressed on an old screen, changes nothing the second time. The progress and the report
are counted from the delivery ledger rows of the broadcast's group key (`LedgerRepo.counts`;
the rate, failure reasons and per-recipient outcomes here).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict
from sqlalchemy import Row, func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.audience import Audience
from storage.schema.broadcasts import broadcasts
from storage.schema.ledger import deliveries
from storage.schema.members import members

BroadcastStatus = Literal["draft", "scheduled", "sending", "stopped", "done", "cancelled"]
BroadcastKind = Literal["text", "photo", "document", "video", "template"]
MEDIA_KINDS = ("photo", "document", "video")


class Broadcast(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    created_by: int | None
    platform: str
    source_chat_id: int | None
    source_message_id: int | None
    kind: BroadcastKind
    body: str | None
    template: str | None
    audience: Audience
    audience_size: int | None
    status: BroadcastStatus
    urgent: bool
    scheduled_at: datetime | None
    started_at: datetime | None
    stopped_at: datetime | None
    finished_at: datetime | None
    stopped_by: int | None
    enqueue_cursor: int
    enqueue_done: bool
    enqueued: int
    status_chat_id: int | None
    status_message_id: int | None
    created_at: datetime
    updated_at: datetime

    @property
    def group_key(self) -> str:
        return f"broadcast:{self.id}"

    @property
    def only_platform(self) -> str | None:
        """A photo, document or video can only be copied within the messenger it was sent on."""
        return self.platform if self.kind in MEDIA_KINDS else None


class Outcome(BaseModel):
    """One recipient's ledger row, for the per-recipient export."""

    model_config = ConfigDict(frozen=True)

    member_id: int
    platform: str
    user_id: int
    first_name: str | None
    last_name: str | None
    username: str | None
    status: str
    reason: str | None
    attempts: int
    finished_at: datetime | None


def _broadcast(row: Row[Any]) -> Broadcast:
    return Broadcast.model_validate(dict(row._mapping))


class BroadcastsRepo:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def create(
        self,
        *,
        created_by: int,
        platform: str,
        kind: str,
        now: datetime,
        source_chat_id: int | None = None,
        source_message_id: int | None = None,
        body: str | None = None,
        template: str | None = None,
        audience: Audience | None = None,
    ) -> Broadcast:
        stmt = (
            broadcasts.insert()
            .values(
                created_by=created_by,
                platform=platform,
                kind=kind,
                source_chat_id=source_chat_id,
                source_message_id=source_message_id,
                body=body,
                template=template,
                audience=(audience or Audience()).to_json(),
                status="draft",
                urgent=False,
                created_at=now,
                updated_at=now,
            )
            .returning(*broadcasts.c)
        )
        return _broadcast((await self.conn.execute(stmt)).one())

    async def get(self, broadcast_id: int, *, for_update: bool = False) -> Broadcast | None:
        stmt = select(broadcasts).where(broadcasts.c.id == broadcast_id)
        if for_update and self.conn.dialect.name == "postgresql":
            stmt = stmt.with_for_update()
        row = (await self.conn.execute(stmt)).one_or_none()
        return _broadcast(row) if row else None

    async def update(
        self,
        broadcast_id: int,
        *,
        now: datetime,
        expect: Sequence[str] | None = None,
        **values: Any,
    ) -> Broadcast | None:
        """Change a broadcast (only while its status is one of `expect`, when given).
        Returns the changed broadcast, or None when nothing matched."""
        if "audience" in values and isinstance(values["audience"], Audience):
            values["audience"] = values["audience"].to_json()
        stmt = update(broadcasts).where(broadcasts.c.id == broadcast_id)
        if expect is not None:
            stmt = stmt.where(broadcasts.c.status.in_(list(expect)))
        stmt = stmt.values(updated_at=now, **values).returning(*broadcasts.c)
        row = (await self.conn.execute(stmt)).one_or_none()
        return _broadcast(row) if row else None

    async def advance_cursor(
        self, broadcast_id: int, cursor: int, added: int, now: datetime
    ) -> None:
        """Record a written batch: the last member id and how many rows it added."""
        await self.conn.execute(
            update(broadcasts)
            .where(broadcasts.c.id == broadcast_id, broadcasts.c.enqueue_cursor < cursor)
            .values(
                enqueue_cursor=cursor,
                enqueued=broadcasts.c.enqueued + added,
                updated_at=now,
            )
        )

    async def with_status(
        self, statuses: Sequence[str], *, platform: str | None = None
    ) -> list[Broadcast]:
        stmt = select(broadcasts).where(broadcasts.c.status.in_(list(statuses)))
        if platform is not None:
            stmt = stmt.where(broadcasts.c.platform == platform)
        rows = await self.conn.execute(stmt.order_by(broadcasts.c.id))
        return [_broadcast(r) for r in rows]

    async def due(self, now: datetime, *, platform: str | None = None) -> list[Broadcast]:
        """Scheduled broadcasts whose time has come."""
        stmt = select(broadcasts).where(
            broadcasts.c.status == "scheduled", broadcasts.c.scheduled_at <= now
        )
        if platform is not None:
            stmt = stmt.where(broadcasts.c.platform == platform)
        stmt = stmt.order_by(broadcasts.c.scheduled_at, broadcasts.c.id)
        return [_broadcast(r) for r in await self.conn.execute(stmt)]

    async def unfinished(self, *, platform: str | None = None) -> list[Broadcast]:
        """Broadcasts being sent, or stopped, whose report has not been posted yet."""
        stmt = select(broadcasts).where(
            broadcasts.c.status.in_(("sending", "stopped")), broadcasts.c.finished_at.is_(None)
        )
        if platform is not None:
            stmt = stmt.where(broadcasts.c.platform == platform)
        return [_broadcast(r) for r in await self.conn.execute(stmt.order_by(broadcasts.c.id))]

    async def recent(self, limit: int = 10, *, offset: int = 0) -> list[Broadcast]:
        """Every broadcast but drafts, the latest first."""
        stmt = (
            select(broadcasts)
            .where(broadcasts.c.status != "draft")
            .order_by(broadcasts.c.id.desc())
            .limit(limit)
            .offset(offset)
        )
        return [_broadcast(r) for r in await self.conn.execute(stmt)]

    async def abandoned_drafts(self, before: datetime) -> list[int]:
        stmt = select(broadcasts.c.id).where(
            broadcasts.c.status == "draft", broadcasts.c.updated_at < before
        )
        return list((await self.conn.execute(stmt)).scalars())

    # --- the ledger rows of a broadcast -------------------------------------------------------

    async def finished_since(self, group_key: str, since: datetime) -> int:
        """Rows that got an outcome at or after `since` (for the sending rate)."""
        stmt = select(func.count()).where(
            deliveries.c.group_key == group_key,
            deliveries.c.finished_at >= since,
            deliveries.c.status.in_(("sent", "blocked", "failed")),
        )
        return (await self.conn.execute(stmt)).scalar_one()

    async def failure_reasons(self, group_key: str, limit: int = 5) -> list[tuple[str, int]]:
        count = func.count().label("n")
        stmt = (
            select(deliveries.c.reason, count)
            .where(deliveries.c.group_key == group_key, deliveries.c.status == "failed")
            .group_by(deliveries.c.reason)
            .order_by(count.desc(), deliveries.c.reason)
            .limit(limit)
        )
        return [(reason or "", n) for reason, n in (await self.conn.execute(stmt)).all()]

    async def outcomes(self, group_key: str, *, chunk: int = 1000) -> AsyncIterator[Outcome]:
        """Every recipient's row with who they are, in member order (read in chunks)."""
        after = 0
        while True:
            stmt = (
                select(
                    deliveries.c.member_id,
                    members.c.platform,
                    members.c.user_id,
                    members.c.first_name,
                    members.c.last_name,
                    members.c.username,
                    deliveries.c.status,
                    deliveries.c.reason,
                    deliveries.c.attempts,
                    deliveries.c.finished_at,
                )
                .join(members, members.c.id == deliveries.c.member_id)
                .where(deliveries.c.group_key == group_key, deliveries.c.member_id > after)
                .order_by(deliveries.c.member_id)
                .limit(chunk)
            )
            rows = [Outcome.model_validate(dict(r._mapping)) for r in await self.conn.execute(stmt)]
            for row in rows:
                yield row
            if len(rows) < chunk:
                return
            after = rows[-1].member_id
