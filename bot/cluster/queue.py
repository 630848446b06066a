"""The job queue shared by the processes of one office: procrastinate on the PostgreSQL
database named by DATABASE_URL.

Why procrastinate: it needs nothing but the PostgreSQL coopbot already uses; jobs that share a
`lock` run one at a time in the order they were deferred (the lock is "<messenger>:<chat>", so
one chat's updates are handled in order while chats run on any worker); workers send heartbeats
and their dead peers' jobs can be found and retried; periodic tasks are deferred once per slot
across all workers. The figures it rests on: bench/cluster_bench.py.

The schema (procrastinate_* tables and functions, in the `public` schema next to ours) is
applied at start-up by `ready_queue`, not by an Alembic revision: it is procrastinate's own SQL,
versioned with the library and not with our tables, and a database used only in the embedded
single-process mode (`--role all`, SQLite) never needs it. Start-up of every cluster process
(migrations, then the queue's schema) runs under one session advisory lock, so processes that
start together never apply either twice; the schema is applied only when its jobs table is
missing. A procrastinate upgrade that brings schema migrations applies them with
`procrastinate schema --migrate` (see its docs); pyproject.toml pins the major version.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import AsyncIterator
from typing import Any

import psycopg
from procrastinate import App, PsycopgConnector
from procrastinate.schema import SchemaManager
from sqlalchemy.engine import make_url

from bot.cluster.leader import lock_id
from bot.cluster.waking import WAKE_SQL

QUEUE = "updates"  # the queue of messenger updates
HANDLE_UPDATE = "coopbot.handle_update"  # the task every update becomes
STARTUP_KEY = "coopbot:startup"  # advisory lock held while a process migrates at start-up


class NotPostgres(Exception):
    """The cluster roles need PostgreSQL; DATABASE_URL names another database."""


def psycopg_conninfo(database_url: str) -> str:
    """DATABASE_URL (postgresql+asyncpg://user:pw@host:port/db?ssl=...) as a libpq
    connection string for psycopg. NotPostgres for any other database."""
    url = make_url(database_url)
    if url.get_backend_name() != "postgresql":
        raise NotPostgres(url.get_backend_name())
    params: dict[str, Any] = {
        "host": url.host,
        "port": url.port,
        "user": url.username,
        "password": url.password,
        "dbname": url.database,
    }
    for key, value in url.query.items():
        # asyncpg's `ssl=require` is libpq's `sslmode=require`; other options keep their names
        params["sslmode" if key == "ssl" else key] = value
    return psycopg.conninfo.make_conninfo(
        **{k: v for k, v in params.items() if v is not None}
    )


# procrastinate names a job by its arguments, "coopbot.handle_update[12](messenger=..., update=
# {...})", in its log lines: the update is what a person wrote. Only the name and id are kept.
_CALL = re.compile(r"([\w.]+\[\d+\])\(.*\)", re.DOTALL)
JOB_LOGGERS = ("procrastinate.worker", "procrastinate.jobs", "procrastinate.periodic")


class HideJobArguments(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        text = record.getMessage()
        hidden = _CALL.sub(r"\1(…)", text)
        if hidden != text:
            record.msg, record.args = hidden, ()
        return True


def hide_job_arguments() -> None:
    for name in JOB_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, HideJobArguments) for f in logger.filters):
            logger.addFilter(HideJobArguments())


async def _autocommit(conn: psycopg.AsyncConnection[Any]) -> None:
    """procrastinate's statements are one each (its functions): without a transaction around
    each, a query is one round trip instead of three (BEGIN, the query, COMMIT)."""
    await conn.set_autocommit(True)


def make_queue(conninfo: str, *, pool_size: int = 4) -> App:
    """A procrastinate App on `conninfo` (open it with `async with app.open_async():`)."""
    hide_job_arguments()
    connector = PsycopgConnector(
        conninfo=conninfo,
        min_size=1,
        max_size=max(pool_size, 2),
        kwargs={"application_name": "coopbot-queue"},
        configure=_autocommit,
    )
    return App(connector=connector)


@contextlib.asynccontextmanager
async def startup_lock(conninfo: str) -> AsyncIterator[None]:
    """Held while this process migrates and applies the queue's schema; the next process to
    start waits for it (a session advisory lock: released if this one dies meanwhile)."""
    async with await psycopg.AsyncConnection.connect(conninfo, autocommit=True) as conn:
        await conn.execute("SELECT pg_advisory_lock(%s)", (lock_id(STARTUP_KEY),))
        try:
            yield
        finally:
            await conn.execute("SELECT pg_advisory_unlock(%s)", (lock_id(STARTUP_KEY),))


async def schema_present(conninfo: str) -> bool:
    async with await psycopg.AsyncConnection.connect(conninfo, autocommit=True) as conn:
        cur = await conn.execute("SELECT to_regclass('procrastinate_jobs') IS NOT NULL")
        row = await cur.fetchone()
    return bool(row and row[0])


# Our additions to procrastinate's schema, applied at every start-up (idempotent):
# - procrastinate picks a job only if no earlier job of its lock waits or runs; its own indexes
#   do not lead with the lock, so with a backlog every pick scans other chats' jobs. This index
#   makes the check a lookup (a backlog of 2,000 updates over 200 chats: taken 2.5x faster, a
#   third of the database's CPU per update; bench/cluster_bench.py, engine).
# - the workers are woken by the database, one per announcement (bot/cluster/waking.py):
#   deferred jobs wake one worker per 16 chats among them, the least busy first. A worker
#   looks for jobs when woken or every polling interval, not when a job ends: a chat's next
#   update, deferred while the previous one ran, would wait for the next poll. So when a job of
#   a lock stops running (finished, failed, or put back after a dead worker) and a job of that
#   lock waits, the worker that ran it is woken (one live worker for a job put back).
ADDITIONS = (
    """
CREATE INDEX IF NOT EXISTS coopbot_jobs_lock_idx ON procrastinate_jobs
    (lock, priority DESC, id) WHERE status IN ('todo', 'doing');
"""
    + WAKE_SQL
    + """
CREATE OR REPLACE TRIGGER coopbot_jobs_lock_freed
    AFTER UPDATE OF status OR DELETE ON procrastinate_jobs
    FOR EACH ROW WHEN (OLD.status = 'doing' AND OLD.lock IS NOT NULL)
    EXECUTE FUNCTION coopbot_notify_lock_freed();
"""
)


async def ready_queue(app: App, conninfo: str) -> bool:
    """Apply procrastinate's schema unless it is there, and our additions to it (call under
    `startup_lock`). True when the schema was applied now. `app` must be open."""
    applied = False
    if not await schema_present(conninfo):
        await SchemaManager(app.connector).apply_schema_async()
        applied = True
    async with await psycopg.AsyncConnection.connect(conninfo, autocommit=True) as conn:
        await conn.execute(ADDITIONS)
    return applied
