"""Members repository: people keyed by (platform, user id). Callers own the transaction."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict
from sqlalchemy import Row, select, update
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
    role_from_admins: bool = False  # the admin role came from the ADMINS setting
    is_blocked: bool
    blocked_at: datetime | None
    first_seen: datetime
    last_seen: datetime


@dataclass(frozen=True)
class Visitor:
    """What the messenger says about the person behind an update."""

    platform: str
    user_id: int
    chat_id: int | None
    first_name: str | None
    last_name: str | None
    username: str | None
    language_code: str | None


@dataclass(frozen=True)
class Visit:
    """A visitor seen at `now`; `maybe_new=False` when the row is known to exist (no insert)."""

    visitor: Visitor
    now: datetime
    maybe_new: bool = True

    @property
    def key(self) -> tuple[str, int]:
        return (self.visitor.platform, self.visitor.user_id)

    def row(self) -> dict[str, object]:
        return {
            **asdict(self.visitor),
            "first_seen": self.now,
            "last_seen": self.now,
            "is_blocked": False,
            "blocked_at": None,
        }


# What a visit refreshes in a known members row (first_seen, role and locale stay).
VISIT_REFRESHES = (
    "chat_id",
    "first_name",
    "last_name",
    "username",
    "language_code",
    "last_seen",
    "is_blocked",
    "blocked_at",
)
VISIT_KEY = [members.c.platform, members.c.user_id]
# Rows per statement (SQLite allows 32,766 bound values; a visit has 11).
VISIT_CHUNK = 500


def _member(row: Row[Any]) -> Member:
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
        visitor = Visitor(
            platform, user_id, chat_id, first_name, last_name, username, language_code
        )
        ((member, _),) = await self.visit_many([Visit(visitor, now, maybe_new=False)])
        return member

    async def visit_many(self, visits: Sequence[Visit]) -> list[tuple[Member, bool]]:
        """Record many visits in a few statements: people not known yet are inserted, the others'
        profiles refreshed as `seen` does (a message means unblocked). For each visit, in order:
        (the row as stored, whether this call created it). Only visits marked `maybe_new` are
        tried as inserts; two visits of one person: the last one counts."""
        latest = {v.key: v for v in visits}
        created = await self._write_visits(
            [v for v in latest.values() if v.maybe_new],
            lambda stmt: stmt.on_conflict_do_nothing(index_elements=VISIT_KEY),
        )
        stored = created | await self._write_visits(
            [v for key, v in latest.items() if key not in created],
            lambda stmt: stmt.on_conflict_do_update(
                index_elements=VISIT_KEY,
                set_={name: stmt.excluded[name] for name in VISIT_REFRESHES},
            ),
        )
        return [(stored[v.key], v.key in created) for v in visits]

    async def _write_visits(
        self, visits: Sequence[Visit], on_conflict: Callable[[Any], Any]
    ) -> dict[tuple[str, int], Member]:
        """INSERT the visits' rows, VISIT_CHUNK at a time, with `on_conflict`; the rows the
        statements return, by (platform, user id)."""
        written: dict[tuple[str, int], Member] = {}
        for start in range(0, len(visits), VISIT_CHUNK):
            rows = [v.row() for v in visits[start : start + VISIT_CHUNK]]
            stmt = on_conflict(insert(self.conn, members).values(rows)).returning(*members.c)
            for row in await self.conn.execute(stmt):
                member = _member(row)
                written[(member.platform, member.user_id)] = member
        return written

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

    async def set_role(self, member_id: int, role: Role, *, from_admins: bool = False) -> None:
        """`from_admins`: the role comes from the ADMINS setting (else from the chat)."""
        await self.conn.execute(
            update(members)
            .where(members.c.id == member_id)
            .values(role=role, role_from_admins=from_admins)
        )

    async def admins_from_setting(self) -> list[Member]:
        """The members whose admin role came from the ADMINS setting."""
        rows = await self.conn.execute(
            select(members).where(members.c.role_from_admins.is_(True)).order_by(members.c.id)
        )
        return [_member(row) for row in rows]

    async def mark_blocked(self, member_id: int, now: datetime) -> None:
        await self.conn.execute(
            update(members).where(members.c.id == member_id).values(is_blocked=True, blocked_at=now)
        )

    async def count(self) -> int:
        from sqlalchemy import func

        return (await self.conn.execute(select(func.count()).select_from(members))).scalar_one()

    async def first_seen(self) -> datetime | None:
        """When the first person ever met the bot (its first use), or None."""
        from sqlalchemy import func

        first: datetime | None = (
            await self.conn.execute(select(func.min(members.c.first_seen)))
        ).scalar_one()
        return first
