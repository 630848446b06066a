"""Staff invitations: one-time links (only the token's hash is stored). Callers own the
transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict
from sqlalchemy import Row, case, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.members import Member
from storage.schema.admin import staff_invitations
from storage.schema.members import members

InvitedRole = Literal["staff", "admin"]


class Invitation(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    role: InvitedRole
    created_by: int | None
    created_at: datetime
    expires_at: datetime
    used_by: int | None
    used_at: datetime | None
    revoked_at: datetime | None

    def open_at(self, now: datetime) -> bool:
        return self.used_at is None and self.revoked_at is None and now < self.expires_at


_COLUMNS = [c for c in staff_invitations.c if c.name != "token_hash"]


def _invitation(row: Row[Any]) -> Invitation:
    return Invitation.model_validate(dict(row._mapping))


class InvitationsRepo:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def create(
        self,
        *,
        token_hash: str,
        role: InvitedRole,
        created_by: int | None,
        now: datetime,
        expires_at: datetime,
    ) -> Invitation:
        stmt = (
            staff_invitations.insert()
            .values(
                token_hash=token_hash,
                role=role,
                created_by=created_by,
                created_at=now,
                expires_at=expires_at,
            )
            .returning(*_COLUMNS)
        )
        return _invitation((await self.conn.execute(stmt)).one())

    async def by_hash(self, token_hash: str) -> Invitation | None:
        row = (
            await self.conn.execute(
                select(*_COLUMNS).where(staff_invitations.c.token_hash == token_hash)
            )
        ).one_or_none()
        return _invitation(row) if row else None

    async def get(self, invitation_id: int) -> Invitation | None:
        row = (
            await self.conn.execute(
                select(*_COLUMNS).where(staff_invitations.c.id == invitation_id)
            )
        ).one_or_none()
        return _invitation(row) if row else None

    async def use(self, token_hash: str, member_id: int, now: datetime) -> Invitation | None:
        """Take the invitation for this member, once: None when it is used, revoked, expired or
        unknown (a single UPDATE, so two people pressing the same link cannot both get it)."""
        c = staff_invitations.c
        stmt = (
            update(staff_invitations)
            .where(
                c.token_hash == token_hash,
                c.used_at.is_(None),
                c.revoked_at.is_(None),
                c.expires_at > now,
            )
            .values(used_by=member_id, used_at=now)
            .returning(*_COLUMNS)
        )
        row = (await self.conn.execute(stmt)).one_or_none()
        return _invitation(row) if row else None

    async def revoke(self, invitation_id: int, now: datetime) -> Invitation | None:
        c = staff_invitations.c
        stmt = (
            update(staff_invitations)
            .where(c.id == invitation_id, c.used_at.is_(None), c.revoked_at.is_(None))
            .values(revoked_at=now)
            .returning(*_COLUMNS)
        )
        row = (await self.conn.execute(stmt)).one_or_none()
        return _invitation(row) if row else None

    async def open(self, now: datetime) -> list[Invitation]:
        """Invitations that can still be used, newest first."""
        c = staff_invitations.c
        stmt = (
            select(*_COLUMNS)
            .where(c.used_at.is_(None), c.revoked_at.is_(None), c.expires_at > now)
            .order_by(c.id.desc())
        )
        return [_invitation(row) for row in (await self.conn.execute(stmt)).all()]


async def staff_members(conn: AsyncConnection) -> list[Member]:
    """Everyone with the staff or admin role, admins first."""
    rows = await conn.execute(
        select(members)
        .where(members.c.role.in_(("staff", "admin")))
        .order_by(case((members.c.role == "admin", 0), else_=1), members.c.id)
    )
    return [Member.model_validate(dict(row._mapping)) for row in rows.all()]
