"""Group commit: small writes of concurrent callers share one transaction.

Each write is a function of the connection (a statement or a few), and its caller resumes only
once the transaction holding it has committed, exactly as with a transaction each. Writes that
arrive while a transaction runs share the next one, so many people at once (an announcement, a
deadline) do not queue one transaction each behind SQLite's single writer. When a batch fails,
nothing of it was committed and each of its writes is tried again in a transaction of its own, so
one bad write fails only its own caller. A write must therefore do nothing but its statements.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncConnection

from storage.engine import Database

T = TypeVar("T")


class GroupCommit:
    """Writes of concurrent callers committed together (see the module's docstring)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._queue: list[tuple[Callable[[AsyncConnection], Awaitable[Any]], asyncio.Future]] = []
        self._task: asyncio.Task | None = None

    async def run(self, write: Callable[[AsyncConnection], Awaitable[T]]) -> T:
        future: asyncio.Future = asyncio.get_running_loop().create_future()
        self._queue.append((write, future))
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._drain())
        return await future

    async def _drain(self) -> None:
        while self._queue:
            batch, self._queue = self._queue, []
            try:
                async with self.db.write() as conn:
                    results = [await write(conn) for write, _ in batch]
            except asyncio.CancelledError:  # shutting down: nobody is left waiting
                for _, future in batch + self._queue:
                    future.cancel()
                raise
            except Exception as exc:  # nothing of the batch was committed
                if len(batch) == 1:
                    _settle(batch[0][1], error=exc)
                else:
                    await self._one_by_one(batch)
                continue
            for (_, future), result in zip(batch, results, strict=True):
                _settle(future, result)

    async def _one_by_one(self, batch: list[tuple[Callable[..., Awaitable[Any]], Any]]) -> None:
        for write, future in batch:
            try:
                async with self.db.write() as conn:
                    result = await write(conn)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                _settle(future, error=exc)
            else:
                _settle(future, result)


def _settle(future: asyncio.Future, result: Any = None, error: Exception | None = None) -> None:
    if future.done():  # its caller has gone (cancelled)
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)
