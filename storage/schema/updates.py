"""Updates whose effect is in the database: one row per (messenger, update_id), written in the
transaction of the update's first write (storage/claims.py). Several processes handling the
same update (a worker killed after that write, its job retried) find it here and stop. Rows
older than a week are deleted by the slot job "prune" (bot/background/pruning.py), oldest first
by `handled_at`."""

from sqlalchemy import BigInteger, Column, Index, String, Table, func

from storage.schema.base import metadata
from storage.schema.types import UtcDateTime

handled_updates = Table(
    "handled_updates",
    metadata,
    Column("messenger", String(16), primary_key=True),
    Column("update_id", BigInteger, primary_key=True, autoincrement=False),
    Column("handled_at", UtcDateTime, nullable=False, server_default=func.current_timestamp()),
)

Index("ix_handled_updates_handled_at", handled_updates.c.handled_at)
