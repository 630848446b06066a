"""The slot job "prune" on a cluster's database: procrastinate's failed, cancelled and aborted
jobs (and their events) older than a week go; newer ones, waiting ones and the job a periodic
task's last defer names stay."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.background.pruning import FINISHED_JOBS_KEEP, prune
from bot.cluster.queue import make_queue
from storage.engine import create_database
from storage.migrate import upgrade


class Now:
    def now(self) -> datetime:
        return datetime.now(UTC)


async def test_old_finished_jobs_are_deleted_with_their_events(pg_url, conninfo):
    db = create_database(pg_url)
    await upgrade(db)
    app = make_queue(conninfo)
    await app.open_async()
    try:
        await app.schema_manager.apply_schema_async()
        async with app.connector.pool.connection() as conn:
            ids = {}
            for name in ("failed_old", "cancelled_old", "failed_new", "waiting_old", "periodic"):
                cur = await conn.execute(
                    "INSERT INTO procrastinate_jobs (queue_name, task_name) VALUES ('q', %s)"
                    " RETURNING id",
                    (name,),
                )
                ids[name] = (await cur.fetchone())[0]
            for name, status in (
                ("failed_old", "doing"), ("failed_old", "failed"),
                ("cancelled_old", "cancelled"), ("failed_new", "doing"),
                ("failed_new", "failed"), ("periodic", "doing"), ("periodic", "failed"),
            ):  # fmt: skip
                await conn.execute(
                    "UPDATE procrastinate_jobs SET status = %s WHERE id = %s", (status, ids[name])
                )
            await conn.execute(
                "INSERT INTO procrastinate_periodic_defers (task_name, defer_timestamp, job_id)"
                " VALUES ('periodic', 1, %s)",
                (ids["periodic"],),
            )
            old = datetime.now(UTC) - FINISHED_JOBS_KEEP * 2
            for name in ("failed_old", "cancelled_old", "waiting_old", "periodic"):
                await conn.execute(
                    "UPDATE procrastinate_events SET at = %s WHERE job_id = %s", (old, ids[name])
                )
        pruned = await prune(db, Now(), size=1)
        assert pruned.finished_jobs == 2
        async with app.connector.pool.connection() as conn:
            cur = await conn.execute("SELECT task_name FROM procrastinate_jobs ORDER BY id")
            assert [r[0] for r in await cur.fetchall()] == ["failed_new", "waiting_old", "periodic"]
            cur = await conn.execute(
                "SELECT count(*) FROM procrastinate_events WHERE job_id = ANY(%s)",
                ([ids["failed_old"], ids["cancelled_old"]],),
            )
            assert (await cur.fetchone())[0] == 0
        assert (await prune(db, Now())).finished_jobs == 0
    finally:
        await app.close_async()
        await db.dispose()
