"""The slot job "prune": tables that would grow with traffic for ever are cut back to a horizon
(storage/pruning.py says why each horizon is safe). Every batch is its own short transaction,
so nothing is locked for long; a slot deletes at most MAX_BATCHES batches of each and leaves
the rest to the next slot (a backlog after an upgrade goes down over a few slots)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.core.clock import Clock
from storage import pruning
from storage.engine import Database

log = logging.getLogger(__name__)

# Telegram keeps an update for 24 hours and a job is retried within seconds: a week is ample.
HANDLED_UPDATES_KEEP = timedelta(days=7)
# Failed and cancelled jobs are kept a week for whoever looks into them.
FINISHED_JOBS_KEEP = timedelta(days=7)
MAX_BATCHES = 100  # per table and slot: 100,000 rows

Batch = Callable[[AsyncConnection, int], Awaitable[int]]


@dataclass
class Pruned:
    handled_updates: int = 0
    finished_jobs: int = 0


async def _in_batches(db: Database, batch: Batch, size: int, batches: int) -> int:
    total = 0
    for _ in range(batches):
        async with db.write() as conn:
            deleted = await batch(conn, size)
        total += deleted
        if deleted < size:
            break
    return total


async def prune(
    db: Database, clock: Clock, *, size: int = pruning.BATCH, batches: int = MAX_BATCHES
) -> Pruned:
    """One slot's pruning of `handled_updates` and, in a cluster, of procrastinate's jobs."""
    now = clock.now()
    updates_before, jobs_before = now - HANDLED_UPDATES_KEEP, now - FINISHED_JOBS_KEEP
    pruned = Pruned()
    pruned.handled_updates = await _in_batches(
        db, lambda conn, n: pruning.handled_updates_before(conn, updates_before, n), size, batches
    )
    async with db.read() as conn:
        queue = await pruning.has_job_queue(conn)
    if queue:
        pruned.finished_jobs = await _in_batches(
            db, lambda conn, n: pruning.finished_jobs_before(conn, jobs_before, n), size, batches
        )
    if pruned.handled_updates or pruned.finished_jobs:
        log.info(
            "pruned %d handled updates older than %s and %d finished jobs older than %s",
            pruned.handled_updates,
            updates_before,
            pruned.finished_jobs,
            jobs_before,
        )
    return pruned
