"""Workers on procrastinate, through the real Application against the sandbox: one chat's
updates in order while chats run concurrently; an update run again is not applied twice; a dead
worker's job is put back and handled."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import time
from collections.abc import AsyncIterator
from typing import Any

import psycopg
import pytest
from sqlalchemy import select

from bot.cluster.ingress import jobs_of
from bot.cluster.worker import ClusterWorker
from bot.core.config import Settings
from bot.messenger.platforms import repair_update
from sandbox import Sandbox, SandboxConfig
from storage.members import MembersRepo
from storage.schema.updates import handled_updates

TOKEN = "555555:cluster-telegram"


class RecordingWorker(ClusterWorker):
    """Records when each update started and ended (chat, update_id, start, end)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.runs: list[tuple[int, int, float, float]] = []

    async def handle_update(self, context, messenger, update):
        started = time.monotonic()
        await super().handle_update(context, messenger, update)
        chat = next(v for k, v in update.items() if k != "update_id")
        chat_id = (chat.get("chat") or chat.get("message", {}).get("chat") or chat["from"])["id"]
        self.runs.append((chat_id, update["update_id"], started, time.monotonic()))


def settings_for(pg_url: str, **extra: Any) -> Settings:
    options: dict[str, Any] = {
        "database_url": pg_url,
        "rate_limit_per_second": 0,
        "chat_rate_per_second": 0,
        "worker_concurrency": 8,
        "worker_heartbeat_seconds": 0.2,
        "worker_stalled_seconds": 1.0,
    }
    options.update(extra)
    return Settings(_env_file=None, **options)


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    async with Sandbox(SandboxConfig(rate_limit_enabled=False)) as sb:
        sb.add_bot(TOKEN, platform="telegram")
        yield sb


@contextlib.asynccontextmanager
async def running(worker: ClusterWorker) -> AsyncIterator[ClusterWorker]:
    await worker.start({"telegram": TOKEN})
    task = asyncio.create_task(worker.run())
    try:
        yield worker
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await worker.stop()


async def store(worker: ClusterWorker, *updates: dict) -> None:
    assert worker.queue is not None
    await worker.queue.job_manager.batch_defer_jobs_async(
        jobs_of("telegram", [repair_update(u) for u in updates])
    )


async def drained(conninfo: str, timeout: float = 30) -> None:
    """Wait until no job is waiting or running (successful jobs are deleted)."""
    async with asyncio.timeout(timeout):
        async with await psycopg.AsyncConnection.connect(conninfo, autocommit=True) as conn:
            while True:
                cur = await conn.execute(
                    "SELECT count(*) FROM procrastinate_jobs WHERE status IN ('todo', 'doing')"
                )
                row = await cur.fetchone()
                if row and row[0] == 0:
                    return
                await asyncio.sleep(0.05)


async def test_one_chat_in_order_chats_concurrently(pg_url, conninfo, sandbox):
    worker = RecordingWorker(settings_for(pg_url), base_urls={"telegram": sandbox.base_url})
    async with running(worker):
        people = [sandbox.person(2000 + i, f"عضو {i}", token=TOKEN) for i in range(10)]
        steps = ["/start", "/help", "/cancel", "سلام"]
        updates = []
        for step in steps:  # interleaved: every chat's step 1, then every chat's step 2 ...
            for person in people:
                if step.startswith("/"):
                    updates.append(person.send_command(step, queue=False))
                else:
                    updates.append(person.send_text(step, queue=False))
        await store(worker, *updates)
        await drained(conninfo)
    assert len(worker.runs) == len(updates)
    for person in people:
        mine = [r for r in worker.runs if r[0] == person.chat_id]
        ids = [r[1] for r in mine]
        assert ids == sorted(ids), "one chat's updates ran out of order"
        for before, after in itertools.pairwise(mine):
            assert before[3] <= after[2], "one chat's updates overlapped"
        assert len(person.messages()) >= len(steps)  # every step answered
    overlapping = any(
        a[0] != b[0] and a[2] < b[3] and b[2] < a[3] for a in worker.runs for b in worker.runs
    )
    assert overlapping, "different chats never ran at the same time"


async def test_an_update_run_again_is_not_applied_twice(pg_url, conninfo, sandbox):
    worker = ClusterWorker(settings_for(pg_url), base_urls={"telegram": sandbox.base_url})
    async with running(worker):
        maryam = sandbox.person(3001, "مریم", token=TOKEN)
        await store(worker, maryam.send_command("/assess", queue=False))
        await drained(conninfo)
        assert "پیش از آغاز، آیا موافقید" in maryam.last().text
        consent = maryam.press("بله", queue=False)  # saves the consent answer: a first write
        await store(worker, consent)
        await drained(conninfo)
        after_once = [(m.message_id, m.text) for m in maryam.messages()]
        assert "نام و نام خانوادگی" in maryam.last().text
        await store(worker, consent)  # the same update again (a worker died after handling it)
        await drained(conninfo)
        assert [(m.message_id, m.text) for m in maryam.messages()] == after_once
        assert worker.services is not None
        async with worker.services.db.read() as conn:
            rows = (await conn.execute(select(handled_updates.c.update_id))).all()
        assert [r.update_id for r in rows].count(consent["update_id"]) == 1


async def test_a_dead_workers_job_is_put_back_and_handled(pg_url, conninfo, sandbox):
    worker = ClusterWorker(settings_for(pg_url), base_urls={"telegram": sandbox.base_url})
    async with running(worker):
        assert worker.queue is not None
        manager = worker.queue.job_manager
        maryam = sandbox.person(4001, "مریم", token=TOKEN)
        # a worker that took the job and died: registered, its heartbeat long ago
        dead = await manager.register_worker()
        await store(worker, maryam.send_command("/start", queue=False))
        async with await psycopg.AsyncConnection.connect(conninfo, autocommit=True) as conn:
            # one transaction: the running worker's stalled-worker check must not forget the
            # dead worker between the two statements (its row is what the job points at)
            async with conn.transaction():
                await conn.execute(
                    "UPDATE procrastinate_jobs SET status = 'doing', worker_id = %s", (dead,)
                )
                await conn.execute(
                    "UPDATE procrastinate_workers SET last_heartbeat = now() - interval '1 hour'"
                    " WHERE id = %s",
                    (dead,),
                )
        await drained(conninfo)
        assert maryam.messages(), "the dead worker's chat was never answered"


async def test_what_another_worker_changed_is_seen_at_once(pg_url, conninfo, sandbox):
    """A chat's next update may run on another worker: the language chosen there is used."""
    a = ClusterWorker(settings_for(pg_url), base_urls={"telegram": sandbox.base_url})
    b = ClusterWorker(settings_for(pg_url), base_urls={"telegram": sandbox.base_url})
    await a.start({"telegram": TOKEN})
    await b.start({"telegram": TOKEN})
    sam = sandbox.person(7001, "Sam", language_code="fa", token=TOKEN)

    async def on(worker: ClusterWorker, *updates: dict) -> None:
        task = asyncio.create_task(worker.run())
        await store(worker, *updates)
        await drained(conninfo)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    try:
        await on(a, sam.send_command("/start", queue=False))  # a keeps Sam (Persian) in memory
        await on(b, sam.send_command("/language", queue=False))
        await on(b, sam.press("English", queue=False))
        await on(a, sam.send_command("/help", queue=False))
        assert sam.last().text.startswith(a.services.translator("en", "help-intro")[:20])
    finally:
        await a.stop()
        await b.stop()


class _Job:
    """What handle_update reads of procrastinate's job context: how often it was tried."""

    def __init__(self, attempts: int) -> None:
        self.job = type("Job", (), {"attempts": attempts})()


async def test_a_run_again_after_a_lost_worker_answers_with_the_persons_place(
    pg_url, conninfo, sandbox
):
    """A worker died after the answer was saved and before its reply went out: the run again
    applies nothing and tells the person where they are (the next question); a mere copy of
    an update (attempt 0, a batch stored twice) stays unanswered."""
    worker = ClusterWorker(settings_for(pg_url), base_urls={"telegram": sandbox.base_url})
    async with running(worker):
        maryam = sandbox.person(3101, "مریم", token=TOKEN)
        await store(worker, maryam.send_command("/assess", queue=False))
        await drained(conninfo)
        await store(worker, maryam.press("بله", queue=False))
        await drained(conninfo)
        assert "نام و نام خانوادگی" in maryam.last().text
        assert worker.services is not None
        async with worker.services.db.read() as conn:
            member = await MembersRepo(conn).get("telegram", 3101)
        assert member is not None
        at_name = await worker.services.chat_state.get(member.id)
        assert at_name is not None
        name = repair_update(maryam.send_text("مریم احمدی", queue=False))
        await store(worker, name)
        await drained(conninfo)
        asked = maryam.last().text
        assert "کد ملی" in asked
        before = len(maryam.messages())
        # the worker died after the answer's write, before the step moved on
        await worker.services.chat_state.set(member.id, at_name.flow, at_name.step, at_name.data)

        await worker.handle_update(_Job(0), "telegram", name)  # a copy: no answer
        assert len(maryam.messages()) == before

        await worker.handle_update(_Job(1), "telegram", name)  # the lost worker's job again
        again = maryam.messages()
        assert len(again) == before + 1
        assert again[-1].text.startswith("پیام پیشین شما رسیده و ثبت شده است")
        assert "کد ملی" in again[-1].text
        async with worker.services.db.read() as conn:
            rows = (await conn.execute(select(handled_updates.c.update_id))).all()
        assert [r.update_id for r in rows].count(name["update_id"]) == 1
        draft = await worker.services.assessment.draft(member.id)
        assert draft is not None and list(draft.answers.values()).count("مریم احمدی") == 1


async def test_a_run_again_outside_a_dialog_shows_the_menu_in_the_persons_language(
    pg_url, conninfo, sandbox
):
    """A press whose change was saved (a reminder kind turned off) by a lost worker: the run
    again changes nothing more and answers with the main menu, in the person's language."""
    worker = ClusterWorker(settings_for(pg_url), base_urls={"telegram": sandbox.base_url})
    async with running(worker):
        sam = sandbox.person(3201, "Sam", language_code="en", token=TOKEN)
        await store(worker, sam.send_command("/reminders", queue=False))
        await drained(conninfo)
        toggle = repair_update(sam.press("rem:tog:session", queue=False))
        await store(worker, toggle)
        await drained(conninfo)
        assert worker.services is not None
        async with worker.services.db.read() as conn:
            member = await MembersRepo(conn).get("telegram", 3201)
        assert member is not None
        prefs = await worker.services.reminders.preferences(member.id, member.role)
        assert prefs["session"] is False
        before = len(sam.messages())
        await worker.handle_update(_Job(2), "telegram", toggle)
        assert len(sam.messages()) == before + 1
        assert sam.last().text.startswith("Your last message reached us and was saved")
        assert sam.last().reply_markup, "the main menu comes with it"
        prefs = await worker.services.reminders.preferences(member.id, member.role)
        assert prefs["session"] is False, "turned off once, not back on"


async def test_a_dead_workers_saved_answer_is_answered_again_after_recovery(
    pg_url, conninfo, sandbox
):
    """Through procrastinate's recovery: the job of a worker that died after saving the answer
    (its handled_updates row is in) is put back, run again, and answered with the next question."""
    first = ClusterWorker(settings_for(pg_url), base_urls={"telegram": sandbox.base_url})
    maryam = sandbox.person(4101, "مریم", token=TOKEN)
    async with running(first):
        await store(first, maryam.send_command("/assess", queue=False))
        await drained(conninfo)
        await store(first, maryam.press("بله", queue=False))
        await drained(conninfo)
        name = repair_update(maryam.send_text("مریم احمدی", queue=False))
        await store(first, name)  # saved and answered; its worker will "die" holding it again
        await drained(conninfo)
    before = len(maryam.messages())
    worker = ClusterWorker(settings_for(pg_url), base_urls={"telegram": sandbox.base_url})
    await worker.start({"telegram": TOKEN})  # not fetching yet: the dead worker's job first
    try:
        assert worker.queue is not None
        dead = await worker.queue.job_manager.register_worker()
        await store(worker, name)
        async with await psycopg.AsyncConnection.connect(conninfo, autocommit=True) as conn:
            await conn.execute(
                "UPDATE procrastinate_jobs SET status = 'doing', worker_id = %s"
                " WHERE status = 'todo'",
                (dead,),
            )
            await conn.execute(
                "UPDATE procrastinate_workers SET last_heartbeat = now() - interval '1 hour'"
                " WHERE id = %s",
                (dead,),
            )
        task = asyncio.create_task(worker.run())
        await drained(conninfo)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    finally:
        await worker.stop()
    assert len(maryam.messages()) == before + 1
    assert "کد ملی" in maryam.last().text
    assert maryam.last().text.startswith("پیام پیشین شما رسیده")


def test_job_log_records_carry_the_job_not_what_the_person_wrote():
    from procrastinate import JobContext
    from procrastinate.jobs import Job

    from bot.cluster.queue import HANDLE_UPDATE, QUEUE, make_queue
    from bot.cluster.worker import JobLoop

    app = make_queue("dbname=unused")  # not opened: no connection is made
    loop = JobLoop(app=app, queues=[QUEUE], listen_notify=False)
    update = {"update_id": 9, "message": {"text": "کد ملی ۰۰۷۶", "chat": {"id": 1}}}
    job = Job(
        id=5,
        queue=QUEUE,
        lock="telegram:1",
        queueing_lock=None,
        task_name=HANDLE_UPDATE,
        task_kwargs={"messenger": "telegram", "update": update},
    )
    context = JobContext(app=app, job=job, start_timestamp=0.0, abort_reason=lambda: None)
    extra = loop._log_extra(action="start_job", context=context, job_result=None)
    assert extra["job"] == {"id": 5, "task_name": HANDLE_UPDATE, "lock": "telegram:1"}
    assert "۰۰۷۶" not in repr(extra)
