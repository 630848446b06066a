"""The database: one async engine, transactions owned by the caller, dialect details in one place.

SQLite (aiosqlite) is the embedded default: WAL, foreign keys on, a busy timeout, and write
transactions that take the write lock up front (`BEGIN IMMEDIATE`), serialised in-process by an
asyncio lock so concurrent writers queue fairly instead of spinning on SQLITE_BUSY.
`secure_delete` is on for every connection: deleted or overwritten content is zeroed in the page
instead of lingering in free space, and `wipe_log()` (after an erasure) copies the WAL into the
database and truncates it, so no earlier page image of erased data stays in the `-wal` file.
PostgreSQL (asyncpg) runs the same code: `DATABASE_URL=postgresql+asyncpg://...`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from storage import claims

BUSY_TIMEOUT_MS = 10_000
DRIVERS = {"sqlite": "aiosqlite", "postgresql": "asyncpg"}


class DatabaseUnusable(Exception):
    """DATABASE_URL names a database coopbot cannot use. `reason` is one of: url (not a URL),
    scheme (not sqlite+aiosqlite or postgresql+asyncpg), folder (the SQLite file's folder cannot
    be made), readonly (the SQLite file cannot be written), missing (no such PostgreSQL
    database), unreachable (nothing answers at the host and port), refused (the server refused
    the login), other. `where` is the URL without its password, or the SQLite file."""

    def __init__(self, reason: str, where: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {where}" + (f" ({detail})" if detail else ""))
        self.reason = reason
        self.where = where
        self.detail = detail
WIPE_ATTEMPTS = 20  # wal_checkpoint(TRUNCATE) tries while readers still hold the log
WIPE_WAIT_S = 0.05  # between tries (a reader's transaction lasts milliseconds)

log = logging.getLogger(__name__)


class Database:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.is_sqlite = engine.dialect.name == "sqlite"
        self._write_lock = asyncio.Lock() if self.is_sqlite else None

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncConnection]:
        """A read transaction (a consistent snapshot on both engines)."""
        async with self.engine.connect() as conn, conn.begin():
            yield conn

    @asynccontextmanager
    async def write(self) -> AsyncIterator[AsyncConnection]:
        """A write transaction: commits on success, rolls back on any exception.

        While an update is handled in the cluster (storage/claims.py), its first write also
        records the update as handled, or raises UpdateAlreadyHandled before the caller writes
        when an earlier run did."""
        claim = claims.current()
        if claim is not None and (claim.taken or claim.taking):
            claim = None  # taken already, or being taken by a write running beside this one
        if claim is not None:
            claim.taking = True
        try:
            async with self._transaction() as conn:
                if claim is not None:
                    await claims.take(conn, claim)
                yield conn
            if claim is not None:
                claim.taken = True
        finally:
            if claim is not None:
                claim.taking = False

    @asynccontextmanager
    async def _transaction(self) -> AsyncIterator[AsyncConnection]:
        if self._write_lock is None:
            async with self.engine.connect() as conn, conn.begin():
                yield conn
            return
        async with self._write_lock, self.engine.connect() as conn:
            await conn.execution_options(sqlite_begin="IMMEDIATE")
            async with conn.begin():
                yield conn

    async def wipe_log(self, attempts: int = WIPE_ATTEMPTS, wait_s: float = WIPE_WAIT_S) -> bool:
        """SQLite: move every committed page from the WAL into the database file and truncate the
        WAL to zero bytes (`PRAGMA wal_checkpoint(TRUNCATE)`), so the log keeps no page image
        written before an erasure. A reader holding an older snapshot makes the checkpoint
        report busy: it is tried again a few times; if readers still hold the log, the pages
        stay in the WAL until a later checkpoint (the next erasure, SQLite's automatic
        checkpoints, or a clean stop) and False is returned. PostgreSQL has no such file
        (dead rows go at VACUUM): True."""
        if self._write_lock is None:  # PostgreSQL (the lock exists on SQLite only)
            return True
        for attempt in range(attempts):
            # under the write lock: no writer of this process appends to the log meanwhile
            async with self._write_lock, self.engine.connect() as conn:
                raw = await conn.get_raw_connection()
                # None only once the pool has detached or invalidated it; this one is checked out
                driver: Any = raw.driver_connection
                cursor = await driver.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                busy, _log_frames, _done = await cursor.fetchone()
                await cursor.close()
            if not busy:
                return True
            if attempt + 1 < attempts:
                await asyncio.sleep(wait_s)
        log.warning("the write-ahead log is in use: erased pages leave it at the next checkpoint")
        return False

    async def dispose(self) -> None:
        await self.engine.dispose()


def _install_sqlite_hooks(engine: AsyncEngine) -> None:
    sync_engine = engine.sync_engine

    @event.listens_for(sync_engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:  # pragma: no cover - driver callback
        # Let SQLAlchemy, not the driver, decide when transactions begin.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA synchronous=NORMAL")
        # zero deleted content instead of leaving it in free space (erasure must erase)
        cur.execute("PRAGMA secure_delete=ON")
        cur.close()

    @event.listens_for(sync_engine, "begin")
    def _on_begin(conn: Connection) -> None:  # pragma: no cover - driver callback
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")


def parse_database_url(url: str) -> URL:
    """The URL, if it names a database coopbot supports (DatabaseUnusable otherwise)."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        raise DatabaseUnusable("url", "DATABASE_URL") from None
    backend = parsed.get_backend_name()
    if DRIVERS.get(backend) != parsed.get_driver_name():
        raise DatabaseUnusable("scheme", parsed.drivername)
    return parsed


def _where(url: URL) -> str:
    if url.get_backend_name() == "sqlite":
        return url.database or ":memory:"
    return url.render_as_string(hide_password=True)


def create_database(url: str, *, echo: bool = False) -> Database:
    parsed = parse_database_url(url)
    # Statements may be logged (echo, or a DEBUG logger); their parameters never are: they hold
    # names, national IDs and phone numbers.
    kwargs: dict[str, Any] = {"echo": echo, "hide_parameters": True}
    if parsed.get_backend_name() == "sqlite":
        db_path = parsed.database
        if db_path and db_path != ":memory:" and not parsed.query.get("uri"):
            try:
                Path(db_path).parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DatabaseUnusable("folder", db_path, exc.strerror or "") from None
        kwargs["connect_args"] = {"timeout": BUSY_TIMEOUT_MS / 1000}
        # No rollback when a connection goes back to the pool: SQLAlchemy's Connection already
        # ends every transaction (read() and write() commit or roll back; close() rolls back what
        # is left), and the driver never begins one by itself (isolation_level=None below). The
        # reset would cost one more trip to aiosqlite's thread for every transaction.
        kwargs["pool_reset_on_return"] = None
    else:
        kwargs.update(pool_size=10, max_overflow=20, pool_pre_ping=True)
    engine = create_async_engine(parsed, **kwargs)
    if parsed.get_backend_name() == "sqlite":
        _install_sqlite_hooks(engine)
    return Database(engine)


async def check_database(db: Database) -> None:
    """Open the database and try a write that is rolled back, so that a database coopbot
    cannot use stops start-up (DatabaseUnusable) instead of failing every message later."""
    url = db.engine.url

    class _Probed(Exception):
        pass

    try:
        async with db.write() as conn:
            if db.is_sqlite:  # a read-only file opens fine and fails at the first write
                await conn.exec_driver_sql("CREATE TABLE coopbot_write_probe (x INTEGER)")
            else:
                await conn.exec_driver_sql("SELECT 1")
            raise _Probed
    except _Probed:
        return
    except DBAPIError as exc:
        raise _unusable(url, exc.orig) from None
    except OSError as exc:  # PostgreSQL: refused connection, unknown host
        raise DatabaseUnusable("unreachable", _where(url), str(exc)) from None


def _unusable(url: URL, orig: BaseException | None) -> DatabaseUnusable:
    where = _where(url)
    name = getattr(orig, "sqlite_errorname", None)
    if name in ("SQLITE_READONLY", "SQLITE_PERM", "SQLITE_CANTOPEN", "SQLITE_AUTH"):
        return DatabaseUnusable("readonly", where, str(orig))
    cause = type(getattr(orig, "__cause__", None) or orig).__name__
    if cause == "InvalidCatalogNameError":
        return DatabaseUnusable("missing", where)
    if cause in ("InvalidPasswordError", "InvalidAuthorizationSpecificationError"):
        return DatabaseUnusable("refused", where, str(orig))
    return DatabaseUnusable("other", where, str(orig))
