"""The per-person dialog state, stored in the database (never only in memory)."""

from __future__ import annotations

from typing import Any

from bot.core.clock import Clock
from storage.chat_states import ChatState, ChatStatesRepo
from storage.engine import Database


class ChatStateService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    async def get(self, member_id: int) -> ChatState | None:
        async with self.db.read() as conn:
            return await ChatStatesRepo(conn).get(member_id)

    async def set(
        self, member_id: int, flow: str, step: str | None = None, data: dict[str, Any] | None = None
    ) -> None:
        async with self.db.write() as conn:
            await ChatStatesRepo(conn).set(member_id, flow, step, data or {}, self.clock.now())

    async def clear(self, member_id: int, flow: str | None = None) -> bool:
        async with self.db.write() as conn:
            return await ChatStatesRepo(conn).clear(member_id, flow)
