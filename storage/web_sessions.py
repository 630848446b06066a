"""Sign-in links and sessions of the staff web console. Only token hashes are stored and
looked up; callers own the transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import Row, delete, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.schema.web import web_links, web_sessions


class WebLink(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    member_id: int
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None


class WebSession(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    member_id: int
    created_at: datetime
    expires_at: datetime
    locale: str | None


_LINK = [c for c in web_links.c if c.name != "token_hash"]
_SESSION = [c for c in web_sessions.c if c.name != "token_hash"]


def _link(row: Row[Any]) -> WebLink:
    return WebLink.model_validate(dict(row._mapping))


def _session(row: Row[Any]) -> WebSession:
    return WebSession.model_validate(dict(row._mapping))


class WebSessionsRepo:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def add_link(
        self, *, token_hash: str, member_id: int, now: datetime, expires_at: datetime
    ) -> WebLink:
        stmt = (
            web_links.insert()
            .values(
                token_hash=token_hash, member_id=member_id, created_at=now, expires_at=expires_at
            )
            .returning(*_LINK)
        )
        return _link((await self.conn.execute(stmt)).one())

    async def link(self, token_hash: str) -> WebLink | None:
        row = (
            await self.conn.execute(select(*_LINK).where(web_links.c.token_hash == token_hash))
        ).one_or_none()
        return _link(row) if row else None

    async def use_link(self, token_hash: str, now: datetime) -> WebLink | None:
        """Take the link, once: None when it is used, expired or unknown (one UPDATE, so two
        requests with the same link cannot both take it)."""
        c = web_links.c
        stmt = (
            update(web_links)
            .where(c.token_hash == token_hash, c.used_at.is_(None), c.expires_at > now)
            .values(used_at=now)
            .returning(*_LINK)
        )
        row = (await self.conn.execute(stmt)).one_or_none()
        return _link(row) if row else None

    async def add_session(
        self, *, token_hash: str, member_id: int, now: datetime, expires_at: datetime
    ) -> WebSession:
        stmt = (
            web_sessions.insert()
            .values(
                token_hash=token_hash, member_id=member_id, created_at=now, expires_at=expires_at
            )
            .returning(*_SESSION)
        )
        return _session((await self.conn.execute(stmt)).one())

    async def session(self, token_hash: str, now: datetime) -> WebSession | None:
        """The session of this token while it has not expired."""
        c = web_sessions.c
        row = (
            await self.conn.execute(
                select(*_SESSION).where(c.token_hash == token_hash, c.expires_at > now)
            )
        ).one_or_none()
        return _session(row) if row else None

    async def choose_locale(self, session_id: int, locale: str) -> None:
        """The console's language for this session (the members row is not touched)."""
        await self.conn.execute(
            update(web_sessions).where(web_sessions.c.id == session_id).values(locale=locale)
        )

    async def end(self, token_hash: str) -> bool:
        result = await self.conn.execute(
            delete(web_sessions).where(web_sessions.c.token_hash == token_hash)
        )
        return bool(result.rowcount)

    async def end_all(self, member_id: int) -> int:
        result = await self.conn.execute(
            delete(web_sessions).where(web_sessions.c.member_id == member_id)
        )
        return int(result.rowcount)

    async def purge(self, now: datetime) -> int:
        """Delete expired sessions and links (they open nothing any more)."""
        gone = 0
        for table in (web_sessions, web_links):
            result = await self.conn.execute(delete(table).where(table.c.expires_at <= now))
            gone += int(result.rowcount)
        return gone
