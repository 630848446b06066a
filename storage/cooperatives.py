"""Cooperatives: one record per cooperative, shared by its members. Callers own the transaction.

The caller computes `identity_key` (normalised name | registration number | place); this module
only stores and finds records.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import Row, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.dialect import insert
from storage.schema.assessment import cooperatives

# Columns a submitted assessment may describe (besides the identity columns).
DETAIL_COLUMNS = (
    "kind",
    "activity",
    "member_count",
    "founded_year",
    "small_startup",
    "internet_based",
)
IDENTITY_COLUMNS = ("name", "identity_key", "registration_no", "province", "county")


class Cooperative(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    national_id: str | None
    name: str
    identity_key: str
    registration_no: str | None
    kind: str | None
    activity: str | None
    province: str | None
    county: str | None
    member_count: int | None
    founded_year: int | None
    small_startup: bool | None
    internet_based: bool | None
    created_at: datetime
    updated_at: datetime


def _coop(row: Row[Any]) -> Cooperative:
    return Cooperative.model_validate(dict(row._mapping))


class CooperativesRepo:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def get(self, cooperative_id: int) -> Cooperative | None:
        row = (
            await self.conn.execute(select(cooperatives).where(cooperatives.c.id == cooperative_id))
        ).one_or_none()
        return _coop(row) if row else None

    async def by_national_id(self, national_id: str) -> Cooperative | None:
        row = (
            await self.conn.execute(
                select(cooperatives).where(cooperatives.c.national_id == national_id)
            )
        ).one_or_none()
        return _coop(row) if row else None

    async def by_identity_key(self, identity_key: str) -> Cooperative | None:
        row = (
            await self.conn.execute(
                select(cooperatives).where(cooperatives.c.identity_key == identity_key)
            )
        ).one_or_none()
        return _coop(row) if row else None

    async def insert(self, values: dict[str, Any], now: datetime) -> Cooperative | None:
        """Insert a new record; None when another one took its national ID or identity key
        meanwhile (the caller looks it up again)."""
        stmt = (
            insert(self.conn, cooperatives)
            .values(**values, created_at=now, updated_at=now)
            .on_conflict_do_nothing()
            .returning(*cooperatives.c)
        )
        row = (await self.conn.execute(stmt)).one_or_none()
        return _coop(row) if row else None

    async def update(self, cooperative_id: int, values: dict[str, Any], now: datetime) -> None:
        await self.conn.execute(
            update(cooperatives)
            .where(cooperatives.c.id == cooperative_id)
            .values(**values, updated_at=now)
        )

    async def all(self) -> list[Cooperative]:
        rows = (await self.conn.execute(select(cooperatives).order_by(cooperatives.c.id))).all()
        return [_coop(r) for r in rows]
