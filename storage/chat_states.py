"""What each person is in the middle of; free text is routed by it. Callers own the transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.dialect import insert
from storage.schema import chat_states


class ChatState(BaseModel):
    model_config = ConfigDict(frozen=True)

    member_id: int
    flow: str
    step: str | None
    data: dict[str, Any]
    updated_at: datetime


class ChatStatesRepo:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def get(self, member_id: int) -> ChatState | None:
        row = (
            await self.conn.execute(select(chat_states).where(chat_states.c.member_id == member_id))
        ).one_or_none()
        return ChatState.model_validate(dict(row._mapping)) if row else None

    async def set(
        self, member_id: int, flow: str, step: str | None, data: dict[str, Any], now: datetime
    ) -> None:
        values = {"flow": flow, "step": step, "data": data, "updated_at": now}
        stmt = insert(self.conn, chat_states).values(member_id=member_id, **values)
        stmt = stmt.on_conflict_do_update(index_elements=[chat_states.c.member_id], set_=values)
        await self.conn.execute(stmt)

    async def clear(self, member_id: int, flow: str | None = None) -> bool:
        stmt = delete(chat_states).where(chat_states.c.member_id == member_id)
        if flow is not None:
            stmt = stmt.where(chat_states.c.flow == flow)
        return (await self.conn.execute(stmt)).rowcount > 0
