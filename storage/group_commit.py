"""Group commit: small writes of concurrent callers share one transaction.

Each caller hands in one item and resumes only once the transaction holding it has committed,
exactly as with a transaction each. Items that arrive while a transaction runs share the next
one, so many people at once (an announcement, a deadline) do not queue one transaction each
behind SQLite's single writer. A batch is written by one function of the connection and the
batch's items (`BatchCommit`), which may turn many items into a few statements; `GroupCommit`
is the plain case where each item is a write function of its own.

When a batch fails, nothing of it was committed and each of its items is tried again in a
transaction of its own, so one bad item fails only its own caller. A batch function must
therefore do nothing but its statements.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Generic, TypeVar

from sqlalchemy.ext.asyncio import AsyncConnection

from storage import claims
from storage.engine import Database

T = TypeVar("T")
In = TypeVar("In")
Out = TypeVar("Out")

BatchWrite = Callable[[AsyncConnection, Sequence[In]], Awaitable[Sequence[Out]]]


class BatchCommit(Generic[In, Out]):
    """Items of concurrent callers written together by `write_batch(conn, items)`, which returns
    one result per item, in order (see the module's docstring)."""

    def __init__(self, db: Database, write_batch: BatchWrite[In, Out]) -> None:
        self.db = db
        self._write_batch = write_batch
        self._queue: list[tuple[In, asyncio.Future[Out]]] = []
        self._task: asyncio.Task[None] | None = None

    async def run(self, item: In) -> Out:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Out] = loop.create_future()
        self._queue.append((item, future))
        if self._task is None or self._task.done():
            self._task = loop.create_task(self._drain())
        return await future

    async def _drain(self) -> None:
        # this task writes several callers' items, maybe of several updates: no update's own
        claims.leave()
        while self._queue:
            batch, self._queue = self._queue, []
            try:
                results = await self._write([item for item, _ in batch])
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

    async def _write(self, items: list[In]) -> Sequence[Out]:
        async with self.db.write() as conn:
            return await self._write_batch(conn, items)

    async def _one_by_one(self, batch: list[tuple[In, asyncio.Future[Out]]]) -> None:
        for item, future in batch:
            try:
                (result,) = await self._write([item])
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                _settle(future, error=exc)
            else:
                _settle(future, result)


class GroupCommit(BatchCommit[Callable[[AsyncConnection], Awaitable[Any]], Any]):
    """Write functions of concurrent callers, run one after another in a shared transaction."""

    def __init__(self, db: Database) -> None:
        super().__init__(db, _each)

    async def run(self, write: Callable[[AsyncConnection], Awaitable[T]]) -> T:
        result: T = await super().run(write)
        return result


async def _each(
    conn: AsyncConnection, writes: Sequence[Callable[[AsyncConnection], Awaitable[Any]]]
) -> list[Any]:
    return [await write(conn) for write in writes]


def _settle(
    future: asyncio.Future[Any], result: Any = None, error: Exception | None = None
) -> None:
    if future.done():  # its caller has gone (cancelled)
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)
