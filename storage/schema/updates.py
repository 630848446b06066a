"""Updates whose effect is in the database: one row per (messenger, update_id), written in the
transaction of the update's first write (storage/claims.py). Several processes handling the
same update (a worker killed after that write, its job retried) find it here and stop."""

from sqlalchemy import BigInteger, Column, String, Table, func

from storage.schema.base import metadata
from storage.schema.types import UtcDateTime

handled_updates = Table(
    "handled_updates",
    metadata,
    Column("messenger", String(16), primary_key=True),
    Column("update_id", BigInteger, primary_key=True, autoincrement=False),
    Column("handled_at", UtcDateTime, nullable=False, server_default=func.current_timestamp()),
)
