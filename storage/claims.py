"""An update's effect written once, however often it is handled.

In the cluster (bot/cluster/worker.py) an update is a job that a worker may run again after
another worker died while running it. While a worker handles an update it sets `handling`
(the messenger and the update's id); `Database.write` then records (messenger, update_id) in
`handled_updates` inside the update's first write transaction. If the row is there already,
an earlier run's first write committed: `UpdateAlreadyHandled` is raised before the caller
writes anything, and the update stops there (the worker ends it without a reply). A task that
gathers several callers' writes (storage/group_commit.py: member visits, language choices, the
ledger's per-row writes) is started from some update but writes for many: it calls `leave()`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncConnection

from storage import dialect
from storage.schema.updates import handled_updates


class UpdateAlreadyHandled(Exception):
    """This update's first write committed in an earlier run: nothing more is done."""


@dataclass
class UpdateClaim:
    messenger: str
    update_id: int
    taken: bool = False  # this run's first write committed (later writes need no check)
    taking: bool = False  # a write of this run is taking it now
    again: bool = False  # this run repeats one a lost worker was doing (its reply may be lost)


_current: ContextVar[UpdateClaim | None] = ContextVar("update_claim", default=None)


def current() -> UpdateClaim | None:
    return _current.get()


def leave() -> None:
    """The writes of the running task (and tasks it starts) belong to no update. For a task
    started while an update was handled that writes for several (its context is a copy)."""
    _current.set(None)


@contextmanager
def handling(messenger: str, update_id: int, again: bool = False) -> Iterator[UpdateClaim]:
    """The writes made while this block runs (in this task and tasks it starts) belong to
    this update. `again`: the run repeats one that a worker lost while doing it."""
    claim = UpdateClaim(messenger, update_id, again=again)
    token = _current.set(claim)
    try:
        yield claim
    finally:
        _current.reset(token)


async def take(conn: AsyncConnection, claim: UpdateClaim) -> None:
    """Record the update in the caller's transaction; UpdateAlreadyHandled if it is there."""
    statement = (
        dialect.insert(conn, handled_updates)
        .values(messenger=claim.messenger, update_id=claim.update_id)
        .on_conflict_do_nothing()
    )
    result = await conn.execute(statement)
    if result.rowcount == 0:
        raise UpdateAlreadyHandled(f"{claim.messenger} update {claim.update_id}")
