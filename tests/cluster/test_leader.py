"""Leadership on a PostgreSQL advisory lock: one of two contenders leads; the other takes over
when the leader's connection closes (it stopped, or its session was ended by the server)."""

from __future__ import annotations

import asyncio
import contextlib

import psycopg

from bot.cluster.leader import Leader, lock_id

FAST = {"retry_seconds": 0.05, "check_seconds": 0.05}


async def until(predicate, timeout: float = 10.0) -> None:
    """Wait for a state the database decides (no event to wait on in this process)."""
    async with asyncio.timeout(timeout):
        while not predicate():  # noqa: ASYNC110
            await asyncio.sleep(0.01)


class Work:
    """Work that runs until cancelled, recording who ran it."""

    def __init__(self, name: str, log: list[str]) -> None:
        self.name = name
        self.log = log
        self.cancelled = asyncio.Event()

    async def __call__(self) -> None:
        self.log.append(f"{self.name} starts")
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            self.log.append(f"{self.name} stops")
            self.cancelled.set()
            raise


async def stop(task: asyncio.Task) -> None:
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


def test_lock_id_is_stable_and_distinct():
    assert lock_id("poll:telegram") == lock_id("poll:telegram")
    assert lock_id("poll:telegram") != lock_id("poll:bale")
    assert -(2**63) <= lock_id("poll:telegram") < 2**63


async def test_one_of_two_leads_and_the_other_takes_over_when_it_stops(conninfo):
    log: list[str] = []
    a, b = Leader(conninfo, "poll:telegram", **FAST), Leader(conninfo, "poll:telegram", **FAST)
    task_a = asyncio.create_task(a.run(Work("a", log)))
    await until(lambda: a.leading)
    task_b = asyncio.create_task(b.run(Work("b", log)))
    await asyncio.sleep(0.3)  # b has tried several times meanwhile
    assert (a.leading, b.leading) == (True, False)
    assert log == ["a starts"]
    await stop(task_a)  # its connection closes: PostgreSQL releases the lock
    await until(lambda: b.leading and len(log) == 3)
    assert log == ["a starts", "a stops", "b starts"]
    await stop(task_b)


async def test_different_keys_lead_independently(conninfo):
    log: list[str] = []
    a, b = Leader(conninfo, "poll:telegram", **FAST), Leader(conninfo, "poll:bale", **FAST)
    tasks = [asyncio.create_task(a.run(Work("a", log))), asyncio.create_task(b.run(Work("b", log)))]
    await until(lambda: a.leading and b.leading)
    for task in tasks:
        await stop(task)


async def test_a_leader_whose_session_ends_stops_its_work_and_the_other_takes_over(conninfo):
    log: list[str] = []
    work_a = Work("a", log)
    a, b = Leader(conninfo, "ledger:bale", **FAST), Leader(conninfo, "ledger:bale", **FAST)
    task_a = asyncio.create_task(a.run(work_a))
    await until(lambda: a.leading)
    task_b = asyncio.create_task(b.run(Work("b", log)))
    # the server ends a's session (as when its machine is gone and keepalives give up)
    async with await psycopg.AsyncConnection.connect(conninfo, autocommit=True) as admin:
        await admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory'"
            " AND granted AND objid = %s AND database ="
            " (SELECT oid FROM pg_database WHERE datname = current_database())",
            (a.lock & 0xFFFFFFFF,),
        )
    await asyncio.wait_for(work_a.cancelled.wait(), 5)
    # one of them leads again (b, or a after contending anew): never both at once
    await until(lambda: len(log) == 3)
    assert not (a.leading and b.leading)
    assert sorted(log) == sorted(["a starts", "a stops", "b starts"]) or log == [
        "a starts",
        "a stops",
        "a starts",
    ]
    assert a.terms == (2 if a.leading else 1)
    await stop(task_b)
    await stop(task_a)


async def test_run_returns_what_the_work_returns_and_releases_the_key(conninfo):
    a, b = Leader(conninfo, "once", **FAST), Leader(conninfo, "once", **FAST)

    async def quick() -> str:
        return "done"

    assert await a.run(quick) == "done"
    assert not a.leading
    assert await asyncio.wait_for(b.run(quick), 5) == "done"
