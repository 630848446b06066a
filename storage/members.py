"""Members repository: people keyed by (platform, user id). Callers own the transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.dialect import insert
from storage.schema import members

Role = Literal["member", "staff", "admin"]


class Member(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    platform: str
    user_id: int
    chat_id: int | None
    first_name: str | None
    last_name: str | None
    username: str | None
    language_code: str | None
    locale: str | None
    role: Role
    is_blocked: bool
    blocked_at: datetime | None
    first_seen: datetime
    last_seen: datetime


def _member(row) -> Member:
    return Member.model_validate(dict(row._mapping))


class MembersRepo:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def seen(
        self,
        *,
        platform: str,
        user_id: int,
        chat_id: int | None,
        first_name: str | None,
        last_name: str | None,
        username: str | None,
        language_code: str | None,
        now: datetime,
    ) -> Member:
        """Create the member or refresh what the messenger tells us; a message means unblocked."""
        profile = {
            "chat_id": chat_id,
            "first_name": first_name,
            "last_name": last_name,
            "username": username,
            "language_code": language_code,
            "last_seen": now,
            "is_blocked": False,
            "blocked_at": None,
        }
        stmt = insert(self.conn, members).values(
            platform=platform, user_id=user_id, first_seen=now, **profile
        )
        stmt = stmt.on_conflict_do_update(
            index_elements=[members.c.platform, members.c.user_id], set_=profile
        ).returning(*members.c)
        row = (await self.conn.execute(stmt)).one()
        return _member(row)

    async def create(
        self,
        *,
        platform: str,
        user_id: int,
        chat_id: int | None,
        first_name: str | None,
        last_name: str | None,
        username: str | None,
        language_code: str | None,
        now: datetime,
    ) -> Member | None:
        """The new member, or None when (platform, user id) is known already (nothing written)."""
        stmt = (
            insert(self.conn, members)
            .values(
                platform=platform,
                user_id=user_id,
                chat_id=chat_id,
                first_name=first_name,
                last_name=last_name,
                username=username,
                language_code=language_code,
                first_seen=now,
                last_seen=now,
                is_blocked=False,
            )
            .on_conflict_do_nothing(index_elements=[members.c.platform, members.c.user_id])
            .returning(*members.c)
        )
        row = (await self.conn.execute(stmt)).one_or_none()
        return _member(row) if row else None

    async def get(self, platform: str, user_id: int) -> Member | None:
        row = (
            await self.conn.execute(
                select(members).where(members.c.platform == platform, members.c.user_id == user_id)
            )
        ).one_or_none()
        return _member(row) if row else None

    async def get_by_id(self, member_id: int) -> Member | None:
        row = (
            await self.conn.execute(select(members).where(members.c.id == member_id))
        ).one_or_none()
        return _member(row) if row else None

    async def set_locale(self, member_id: int, locale: str) -> None:
        await self.conn.execute(
            update(members).where(members.c.id == member_id).values(locale=locale)
        )

    async def set_role(self, member_id: int, role: Role) -> None:
        await self.conn.execute(update(members).where(members.c.id == member_id).values(role=role))

    async def mark_blocked(self, member_id: int, now: datetime) -> None:
        await self.conn.execute(
            update(members).where(members.c.id == member_id).values(is_blocked=True, blocked_at=now)
        )

    async def count(self) -> int:
        from sqlalchemy import func

        return (await self.conn.execute(select(func.count()).select_from(members))).scalar_one()
