"""The queue's settings and log lines."""

from __future__ import annotations

import logging

import pytest

from bot.cluster.queue import HideJobArguments, NotPostgres, psycopg_conninfo


def test_the_asyncpg_url_becomes_a_libpq_conninfo():
    info = psycopg_conninfo("postgresql+asyncpg://coop:s3cret@db.example:6543/office?ssl=require")
    assert set(info.split()) == {
        "host=db.example",
        "port=6543",
        "user=coop",
        "password=s3cret",
        "dbname=office",
        "sslmode=require",
    }
    with pytest.raises(NotPostgres):
        psycopg_conninfo("sqlite+aiosqlite:///data/coopbot.sqlite3")


def test_job_log_lines_keep_the_job_and_hide_what_the_person_wrote():
    call = "coopbot.handle_update[17](messenger='telegram', update={'text': 'کد ملی ۰۰۷۶ (x)'})"
    record = logging.LogRecord(
        "procrastinate.worker",
        logging.ERROR,
        __file__,
        1,
        "Job %s ended with status: Error, lasted 0.010 s",
        (call,),
        None,
    )
    assert HideJobArguments().filter(record)
    assert record.getMessage() == (
        "Job coopbot.handle_update[17](…) ended with status: Error, lasted 0.010 s"
    )


async def test_a_chats_next_update_is_announced_when_its_previous_one_ends(conninfo):
    """Deferred jobs wake a worker (one per chat in the batch); when a job of a chat stops
    running and another job of that chat waits, the worker that ran it is woken; when none
    waits, nothing is said."""
    import psycopg
    from procrastinate.jobs import Job, Status

    from bot.cluster.queue import QUEUE, make_queue, ready_queue
    from bot.cluster.waking import wake_channel

    app = make_queue(conninfo)
    await app.open_async()
    try:
        await ready_queue(app, conninfo)
        manager = app.job_manager

        def job(lock: str) -> Job:
            return Job(id=None, queue=QUEUE, lock=lock, queueing_lock=None, task_name="t")

        worker = await manager.register_worker()
        async with await psycopg.AsyncConnection.connect(conninfo, autocommit=True) as listener:
            await listener.execute(f'LISTEN "{wake_channel(worker)}"')
            await manager.batch_defer_jobs_async([job("telegram:1"), job("telegram:1")])
            await manager.batch_defer_jobs_async([job("telegram:2")])
            first = await manager.fetch_job([QUEUE], worker)
            lone = await manager.fetch_job([QUEUE], worker)  # telegram:2 (telegram:1 is busy)
            assert (first.lock, lone.lock) == ("telegram:1", "telegram:2")
            await manager.finish_job(lone, status=Status.SUCCEEDED, delete_job=True)
            said_before_the_end = []
            async for note in listener.notifies(timeout=0.5):
                said_before_the_end.append(note.channel)
            await manager.finish_job(first, status=Status.SUCCEEDED, delete_job=True)
            await listener.execute(f"NOTIFY \"{wake_channel(worker)}\", 'end'")
            said = []
            async for note in listener.notifies(timeout=10):
                if note.payload == "end":
                    break
                said.append(note.channel)
        # two batches (telegram:1 twice, telegram:2): two wakes; telegram:2's end: none
        assert said_before_the_end == [wake_channel(worker)] * 2
        # telegram:1's first job ended, its second waits: the worker that ran it is woken
        assert said == [wake_channel(worker)]
    finally:
        await app.close_async()
