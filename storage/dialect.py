"""The few statements that differ between SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection


def insert(conn: AsyncConnection, table: Table) -> Any:
    """An INSERT that supports `.on_conflict_do_update/_do_nothing` on both engines.
    (Any: postgresql.Insert or sqlite.Insert, which callers chain and rebind alike.)"""
    if conn.dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


def for_update_skip_locked(conn: AsyncConnection, select_stmt: Select[Any]) -> Select[Any]:
    """Row claim for several workers on PostgreSQL; SQLite serialises writers already."""
    if conn.dialect.name == "postgresql":
        return select_stmt.with_for_update(skip_locked=True)
    return select_stmt
