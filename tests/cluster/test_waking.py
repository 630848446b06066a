"""Waking one worker per announcement (bot/cluster/waking.py), on procrastinate and PostgreSQL:
three workers, each with its own connection pool as separate processes would have, and a task
that does nothing. The fallback poll is long (LONG_POLL) where a test shows that a wake alone
starts the job, and short where it shows that a lost wake is made up by the poll."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import psycopg
from procrastinate import App
from procrastinate.jobs import Job

from bot.cluster.queue import make_queue, ready_queue
from bot.cluster.waking import CHATS_PER_WAKE, WakeableWorker, wake_channel

QUEUE = "updates"
TASK = "test.record"
LONG_POLL = 60.0  # longer than any test: a job started within it was started by a wake


@dataclass
class Node:
    """One worker as a process would run it: its App (pool), its worker, what it did."""

    app: App
    worker: WakeableWorker
    fetches: int = 0
    ran: list[tuple[str, float]] = field(default_factory=list)  # (job's name, when started)
    task: asyncio.Task[None] | None = None


def node(conninfo: str, poll: float, hold: dict[str, asyncio.Event]) -> Node:
    app = make_queue(conninfo, pool_size=2)
    worker = WakeableWorker(
        app=app,
        queues=[QUEUE],
        concurrency=4,
        wait=True,
        install_signal_handlers=False,
        listen_notify=False,
        fetch_job_polling_interval=poll,
        update_heartbeat_interval=LONG_POLL,
        stalled_worker_timeout=LONG_POLL,
        delete_jobs="successful",
    )
    n = Node(app, worker)

    @app.task(name=TASK, queue=QUEUE)
    async def record(name: str) -> None:
        n.ran.append((name, time.monotonic()))
        if name in hold:
            await hold[name].wait()

    fetch = app.job_manager.fetch_job

    async def counted(*args: Any, **kwargs: Any) -> Job | None:
        n.fetches += 1
        return await fetch(*args, **kwargs)

    app.job_manager.fetch_job = counted  # type: ignore[method-assign]
    return n


async def query(conninfo: str, sql: str, *args: Any) -> list[tuple[Any, ...]]:
    async with await psycopg.AsyncConnection.connect(conninfo, autocommit=True) as conn:
        cur = await conn.execute(sql, args)
        return await cur.fetchall() if cur.description else []


async def until(check: Callable[[], Awaitable[bool]], timeout: float = 10.0) -> None:
    async with asyncio.timeout(timeout):
        while True:
            if await check():
                return
            await asyncio.sleep(0.02)


@contextlib.asynccontextmanager
async def cluster(
    conninfo: str, count: int, poll: float = LONG_POLL, hold: dict[str, asyncio.Event] | None = None
) -> AsyncIterator[list[Node]]:
    nodes = [node(conninfo, poll, hold or {}) for _ in range(count)]
    for n in nodes:
        await n.app.open_async()
    await ready_queue(nodes[0].app, conninfo)
    try:
        for n in nodes:
            n.task = asyncio.create_task(n.worker.run())

        async def listening() -> bool:  # every worker registered and listening on its channel
            ids = [n.worker.worker_id for n in nodes]
            if None in ids:
                return False
            rows = await query(conninfo, "SELECT query FROM pg_stat_activity")
            heard = " ".join(str(r[0]) for r in rows)
            return all(wake_channel(i) in heard for i in ids if i is not None)

        await until(listening)

        async def looked() -> bool:  # each worker's first look for jobs, at its start
            return all(n.fetches for n in nodes)

        await until(looked)
        await asyncio.sleep(0.1)
        for n in nodes:
            n.fetches = 0
        yield nodes
    finally:
        for n in nodes:
            if n.task is not None:
                n.task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await n.task
            await n.app.close_async()


def job(name: str, lock: str) -> Job:
    return Job(
        id=None,
        queue=QUEUE,
        lock=lock,
        queueing_lock=None,
        task_name=TASK,
        task_kwargs={"name": name},
    )


async def defer(app: App, *jobs: tuple[str, str]) -> None:
    """(name, lock) jobs, in one statement as the ingress stores a batch."""
    await app.job_manager.batch_defer_jobs_async([job(name, lock) for name, lock in jobs])


def ran(nodes: list[Node]) -> list[str]:
    return sorted(name for n in nodes for name, _ in n.ran)


async def test_one_job_wakes_one_worker_of_three(conninfo):
    async with cluster(conninfo, 3) as nodes:
        await defer(nodes[0].app, ("a", "telegram:1"))

        async def done() -> bool:
            return ran(nodes) == ["a"]

        await until(done)
        await asyncio.sleep(0.3)  # time for a herd to show
        woken = [n for n in nodes if n.worker.wakes]
        assert len(woken) == 1, [n.worker.wakes for n in nodes]
        assert [n.fetches for n in nodes if n not in woken] == [0, 0]
        assert woken[0].ran and woken[0].fetches <= 3  # the job, then nothing left (a retry)


async def test_a_batch_wakes_one_worker_per_sixteen_chats_at_most_all(conninfo):
    async with cluster(conninfo, 3) as nodes:
        await defer(nodes[0].app, ("a1", "telegram:1"), ("a2", "telegram:1"))

        async def both() -> bool:
            return ran(nodes) == ["a1", "a2"]

        await until(both)
        assert sum(n.worker.wakes for n in nodes) == 2  # the batch (one chat); then a1's end
        assert sum(1 for n in nodes if n.fetches) == 1

        for n in nodes:
            n.worker.wakes = n.fetches = 0
        await defer(nodes[0].app, *[(f"b{i}", f"telegram:{10 + i}") for i in range(CHATS_PER_WAKE)])

        async def batch() -> bool:
            return len(ran(nodes)) == 2 + CHATS_PER_WAKE

        await until(batch)
        woken = [n for n in nodes if n.worker.wakes]
        assert len(woken) == 1 and woken[0].worker.wakes == 1  # one worker takes them all
        assert [n.fetches for n in nodes if n not in woken] == [0, 0]

        for n in nodes:
            n.worker.wakes = 0
        chats = 2 * CHATS_PER_WAKE + 1  # three workers' worth, at most every worker
        await defer(nodes[0].app, *[(f"c{i}", f"telegram:{100 + i}") for i in range(chats)])

        async def everything() -> bool:
            return len(ran(nodes)) == 2 + CHATS_PER_WAKE + chats

        await until(everything)
        assert [n.worker.wakes for n in nodes] == [1, 1, 1]


async def test_a_chats_next_job_wakes_the_worker_that_ran_the_previous_one(conninfo):
    release = asyncio.Event()
    async with cluster(conninfo, 3, hold={"first": release}) as nodes:
        await defer(nodes[0].app, ("first", "telegram:7"))

        async def started() -> bool:
            return ran(nodes) == ["first"]

        await until(started)
        runner = next(n for n in nodes if n.ran)
        # meanwhile, busier than the others: the chat's next update wakes one of them
        await defer(nodes[0].app, ("second", "telegram:7"))
        await asyncio.sleep(0.3)
        assert ran(nodes) == ["first"]  # waits for the first, whoever was woken
        for n in nodes:
            n.worker.wakes = 0
        release.set()

        async def second() -> bool:
            return ran(nodes) == ["first", "second"]

        await until(second)
        assert [name for name, _ in runner.ran] == ["first", "second"]
        assert [n.worker.wakes for n in nodes if n is not runner] == [0, 0]


async def test_a_wake_lost_on_a_dead_worker_is_made_up_by_the_poll(conninfo):
    poll = 0.5
    async with cluster(conninfo, 1, poll=poll) as nodes:
        live = nodes[0]
        assert live.worker.worker_id is not None
        dead = await live.app.job_manager.register_worker()  # registered, never listening
        # the live worker looks busier: the dead one is chosen as the least busy
        await query(
            conninfo,
            "INSERT INTO procrastinate_jobs (queue_name, task_name, lock, args, status, worker_id)"
            " VALUES ('elsewhere', %s, 'telegram:busy', '{}', 'doing', %s)",
            TASK,
            live.worker.worker_id,
        )
        assert dead != live.worker.worker_id
        deferred = time.monotonic()
        await defer(live.app, ("lost", "telegram:2"))

        async def done() -> bool:
            return ran(nodes) == ["lost"]

        await until(done, timeout=poll * 4)
        assert live.worker.wakes == 0  # not woken: found by the poll
        assert live.ran[0][1] - deferred < poll + 0.5


async def test_a_wake_during_a_fetch_is_not_lost(conninfo):
    """procrastinate clears its new-job event after each fetch: a wake that arrives while a
    fetch is on its way (and may not see the job) makes the worker fetch once more."""
    async with cluster(conninfo, 1) as nodes:
        n = nodes[0]
        fetch = n.app.job_manager.fetch_job
        first = True

        async def racing(*args: Any, **kwargs: Any) -> Job | None:
            nonlocal first
            found = await fetch(*args, **kwargs)
            if first:  # this fetch found nothing; the job is committed and announced now
                first = False
                async with await psycopg.AsyncConnection.connect(conninfo) as conn:
                    async with conn.transaction():
                        await conn.execute(
                            "ALTER TABLE procrastinate_jobs DISABLE TRIGGER coopbot_jobs_deferred"
                        )  # the wake is delivered by hand below, during this fetch
                        await n.app.job_manager.batch_defer_jobs_async(
                            [job("raced", "telegram:3")], connection=conn
                        )
                        await conn.execute(
                            "ALTER TABLE procrastinate_jobs ENABLE TRIGGER coopbot_jobs_deferred"
                        )
                n.worker.wake()
            return found

        n.app.job_manager.fetch_job = racing  # type: ignore[method-assign]
        # a fetch that will miss the job, started as the poll starts it (not by a wake)
        n.worker._new_job_event.set()

        async def done() -> bool:
            return ran(nodes) == ["raced"]

        await until(done, timeout=5)  # the poll is LONG_POLL: only the second fetch finds it
