"""Leadership per key on a PostgreSQL session advisory lock.

One process at a time does a piece of work named by a key ("poll:telegram", "ledger:bale", ...):
the one that holds `pg_try_advisory_lock(<key as a 64-bit number>)` on a dedicated connection.
The lock belongs to that connection's session, so PostgreSQL releases it by itself when the
connection closes: the process ended, was killed, or lost the network (the server notices a dead
peer through TCP keepalives, set short here). There is no lease, clock or heartbeat table of our
own; the database is the arbiter.

Stand-bys try the lock again every `retry_seconds` (1 s). The leader checks its connection every
`check_seconds` (1 s); when the check fails (or takes longer than 5 s: a busy server's slow answer
is not a lost lock) it considers the lock lost, cancels its work at once and contends again like
any stand-by. The server releases the lock the moment it ends the session, so a stand-by may be
granted it up to about `check_seconds` before the old leader has noticed: work done under a key
must tolerate a short overlap (the ingress stores an update twice at worst, and a handled update
is recorded once by its id, storage/claims.py; the ledger's lease and "sending" marks keep a row
from going out twice).

    leader = Leader(conninfo, "poll:telegram")
    await leader.run(poll_forever)   # returns when poll_forever returns; cancel to stop

`Leader.leading` says whether this process holds the lock now (for health endpoints).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import psycopg

log = logging.getLogger(__name__)

RETRY_SECONDS = 1.0  # a stand-by tries the lock this often
CHECK_SECONDS = 1.0  # the leader checks its connection this often
CHECK_TIMEOUT = 5.0  # a check taking longer (or twice check_seconds, if longer) loses the lead
# libpq options of the lock's connection: a peer that vanished is noticed within seconds
KEEPALIVES: dict[str, str | int] = {
    "connect_timeout": 5,
    "keepalives": 1,
    "keepalives_idle": 2,
    "keepalives_interval": 1,
    "keepalives_count": 3,
    "application_name": "coopbot-leader",
}


def lock_id(key: str) -> int:
    """The key as the signed 64-bit number pg_try_advisory_lock takes (stable across
    processes and versions: the first 8 bytes of its BLAKE2b digest)."""
    digest = hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


class Leader:
    def __init__(
        self,
        conninfo: str,
        key: str,
        *,
        retry_seconds: float = RETRY_SECONDS,
        check_seconds: float = CHECK_SECONDS,
    ) -> None:
        self.conninfo = conninfo
        self.key = key
        self.lock = lock_id(key)
        self.retry_seconds = retry_seconds
        self.check_seconds = check_seconds
        self.leading = False
        self.terms = 0  # how many times this process became the leader

    async def run(self, work: Callable[[], Awaitable[Any]]) -> Any:
        """Contend for the key until this process holds it, then run `work()` while it holds
        it. Leadership lost: `work` is cancelled and contention starts again. Returns what
        `work` returned (the lock is then released); cancelling `run` cancels `work`."""
        while True:
            conn = await self._connect()
            if conn is None:
                await asyncio.sleep(self.retry_seconds)
                continue
            try:
                if not await self._try_lock(conn):
                    await asyncio.sleep(self.retry_seconds)
                    continue
                self.leading = True
                self.terms += 1
                log.info("leading %s", self.key)
                done, result = await self._lead(conn, work)
                if done:
                    return result
                log.warning("lost the lead of %s: its work is stopped", self.key)
            finally:
                self.leading = False
                with contextlib.suppress(Exception):
                    await conn.close()  # closing the session releases the lock

    async def _connect(self) -> psycopg.AsyncConnection[Any] | None:
        try:
            conninfo = psycopg.conninfo.make_conninfo(self.conninfo, **KEEPALIVES)
            return await psycopg.AsyncConnection.connect(conninfo, autocommit=True)
        except psycopg.Error as exc:
            log.warning("cannot reach the database for %s: %s", self.key, exc)
            return None

    async def _try_lock(self, conn: psycopg.AsyncConnection[Any]) -> bool:
        try:
            cur = await conn.execute("SELECT pg_try_advisory_lock(%s)", (self.lock,))
            row = await cur.fetchone()
        except psycopg.Error:
            return False
        return bool(row and row[0])

    async def _lead(
        self, conn: psycopg.AsyncConnection[Any], work: Callable[[], Awaitable[Any]]
    ) -> tuple[bool, Any]:
        """(True, result) when work ended; (False, None) when the lock was lost."""
        task = asyncio.ensure_future(work())
        try:
            while True:
                done, _ = await asyncio.wait({task}, timeout=self.check_seconds)
                if done:
                    return True, task.result()
                if not await self._still_held(conn):
                    return False, None
        finally:
            if not task.done():
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task

    async def _still_held(self, conn: psycopg.AsyncConnection[Any]) -> bool:
        try:
            async with asyncio.timeout(max(self.check_seconds * 2, CHECK_TIMEOUT)):
                await conn.execute("SELECT 1")
        except (psycopg.Error, TimeoutError, OSError):
            return False
        return not conn.closed
