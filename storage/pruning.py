"""Rows kept only for a while: deleted in small batches, one short transaction each.

- `handled_updates` (storage/claims.py): an update can come back only while the messenger still
  holds it (Telegram keeps an unconfirmed update for at most 24 hours) or while its job can still
  be run again (a worker's job is back within seconds when its worker dies). A row older than
  that protects nothing more.
- procrastinate's finished jobs (PostgreSQL, the cluster): successful ones are deleted as they
  finish (bot/cluster/worker.py), but failed, cancelled and aborted ones, with their events, stay
  for ever. A job's age is that of its latest event; the latest job of each periodic task is
  still named by `procrastinate_periodic_defers` (which procrastinate prunes itself) and stays.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, bindparam, delete, select, text, tuple_
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.schema.updates import handled_updates

BATCH = 1000  # rows per delete (per transaction)

_FINISHED_JOBS = text(
    """
    DELETE FROM procrastinate_jobs WHERE id IN (
        SELECT j.id FROM procrastinate_jobs j
        WHERE j.status::text IN ('succeeded', 'failed', 'cancelled', 'aborted')
          AND NOT EXISTS (SELECT 1 FROM procrastinate_events e
                          WHERE e.job_id = j.id AND e.at >= :before)
          AND NOT EXISTS (SELECT 1 FROM procrastinate_periodic_defers p WHERE p.job_id = j.id)
        ORDER BY j.id
        LIMIT :limit
    )
    """
).bindparams(bindparam("before", type_=DateTime(timezone=True)))


async def handled_updates_before(conn: AsyncConnection, before: datetime, limit: int) -> int:
    """Delete up to `limit` rows of `handled_updates` handled before `before`; how many."""
    oldest = (
        select(handled_updates.c.messenger, handled_updates.c.update_id)
        .where(handled_updates.c.handled_at < before)
        .limit(limit)
    )
    key = tuple_(handled_updates.c.messenger, handled_updates.c.update_id)
    result = await conn.execute(delete(handled_updates).where(key.in_(oldest)))
    return result.rowcount


async def has_job_queue(conn: AsyncConnection) -> bool:
    """Whether procrastinate's tables are in this database (PostgreSQL, a cluster's)."""
    if conn.dialect.name != "postgresql":
        return False
    found = await conn.execute(text("SELECT to_regclass('procrastinate_jobs') IS NOT NULL"))
    return bool(found.scalar_one())


async def finished_jobs_before(conn: AsyncConnection, before: datetime, limit: int) -> int:
    """Delete up to `limit` finished procrastinate jobs (and, by cascade, their events) whose
    latest event is before `before`; how many."""
    result = await conn.execute(_FINISHED_JOBS, {"before": before, "limit": limit})
    return result.rowcount
