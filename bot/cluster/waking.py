"""Waking one worker per announcement instead of all of them.

procrastinate's workers LISTEN to their queues' channels, and every deferred job notifies them:
each notification wakes every worker, and each of them asks the database for a job
(procrastinate_fetch_job_v2, one job per call) until it finds none. Updates stored one per
transaction (a webhook, a quiet hour) cost up to N + 1 fetches each with N workers
(bench/cluster_bench.py, "waking"; docs/cluster.md, Scaling).

Here the workers run procrastinate with `listen_notify=False` and listen instead on a channel of
their own, "coopbot_wake_<worker id>" (the id procrastinate gives the worker when it registers
in procrastinate_workers). The database chooses whom to wake (`WAKE_SQL`, applied with the
queue's other additions in bot/cluster/queue.py):

- jobs deferred (a getUpdates batch, a webhook's update, a scheduled job): one worker per
  CHATS_PER_WAKE chats among the jobs ready to run, at most every worker, those running the
  fewest jobs first (ties at random), announced when the deferring transaction commits;
- a chat's running job ends and the chat has a waiting job: the worker that ran it (it is alive
  and has just freed a place); a job put back after a dead worker: one worker as above.

A woken worker fetches until no job is left for it, as procrastinate does (so a wake costs one
fetch that finds nothing, whatever the number of workers; with procrastinate's LISTEN every
worker made one). An announcement can be lost: its worker died before it was forgotten, or a
listening connection was being reopened; a worker woken while all its places are taken fetches
when one frees. Each worker therefore also looks for jobs every `fetch_job_polling_interval`
(WORKER_HEARTBEAT_SECONDS): no ready job waits longer than that for a free worker.
"""

from __future__ import annotations

import asyncio
from typing import Any

from procrastinate.worker import Worker

CHANNEL_PREFIX = "coopbot_wake_"
# A woken worker takes every job it can (up to WORKER_CONCURRENCY, 32 by default), one fetch
# each: a batch of up to this many chats wakes one worker, so its updates are handled in one
# process (whose group commits gather them) and no other worker makes a fetch that finds
# nothing; the next batch wakes the least busy worker, maybe another one.
CHATS_PER_WAKE = 16

# coopbot_wake_workers(n): notify up to n registered workers, the least busy first.
# coopbot_wake_on_defer: after an INSERT into procrastinate_jobs (one statement per batch).
# coopbot_notify_lock_freed: a chat's running job stopped running and the chat has a waiting
#   job; replaces the earlier version, which notified procrastinate's queue channel (every
#   worker).
WAKE_SQL = f"""
CREATE OR REPLACE FUNCTION coopbot_wake_workers(how_many bigint) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    target bigint;
    woken integer := 0;
BEGIN
    IF how_many < 1 THEN
        RETURN 0;
    END IF;
    -- no LIMIT how_many: a query without parameters keeps one plan for the session
    FOR target IN
        SELECT workers.id FROM procrastinate_workers AS workers
        ORDER BY (
            SELECT count(*) FROM procrastinate_jobs AS jobs
            WHERE jobs.worker_id = workers.id AND jobs.status = 'doing'
        ), random()
    LOOP
        PERFORM pg_notify('{CHANNEL_PREFIX}' || target, '');
        woken := woken + 1;
        EXIT WHEN woken >= how_many;
    END LOOP;
    RETURN woken;
END;
$$;

CREATE OR REPLACE FUNCTION coopbot_wake_on_defer() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- one worker per {CHATS_PER_WAKE} chats among the jobs (a chat's jobs run one at a time)
    PERFORM coopbot_wake_workers((
        SELECT (count(DISTINCT coalesce(lock, id::text)) + {CHATS_PER_WAKE - 1}) / {CHATS_PER_WAKE}
        FROM deferred
        WHERE status = 'todo' AND (scheduled_at IS NULL OR scheduled_at <= now())
    ));
    RETURN NULL;
END;
$$;

CREATE OR REPLACE TRIGGER coopbot_jobs_deferred
    AFTER INSERT ON procrastinate_jobs
    REFERENCING NEW TABLE AS deferred
    FOR EACH STATEMENT EXECUTE FUNCTION coopbot_wake_on_defer();

CREATE OR REPLACE FUNCTION coopbot_notify_lock_freed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM procrastinate_jobs WHERE lock = OLD.lock AND status = 'todo') THEN
        IF TG_OP = 'UPDATE' AND NEW.status = 'todo' OR OLD.worker_id IS NULL THEN
            PERFORM coopbot_wake_workers(1);  -- put back: its worker is gone
        ELSE
            PERFORM pg_notify('{CHANNEL_PREFIX}' || OLD.worker_id, '');
        END IF;
    END IF;
    RETURN NULL;
END;
$$;
"""


def wake_channel(worker_id: int) -> str:
    return f"{CHANNEL_PREFIX}{worker_id}"


class WakeEvent(asyncio.Event):
    """procrastinate's new-job event, which its fetch loop clears after each fetch. A wake that
    came since the previous clear (while this fetch was on its way: it may not have seen the job
    just committed) keeps it set once, so the loop fetches again instead of waiting for the
    next poll."""

    def __init__(self) -> None:
        super().__init__()
        self._woken = False

    def wake(self) -> None:
        self._woken = True
        self.set()

    def clear(self) -> None:
        if self._woken:
            self._woken = False
            return
        super().clear()


class WakeableWorker(Worker):
    """procrastinate's worker, woken on its own channel (run it with `listen_notify=False`).

    Two points of procrastinate's Worker are used beyond its constructor (pinned to 3.x in
    pyproject.toml; tests/cluster/test_waking.py fails if they change): its side tasks, to which
    the listener is added once the worker has its id, and its new-job event, which its fetch
    loop waits for and clears after each fetch (`WakeEvent`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.wakes = 0  # announcements received
        self._new_job_event = self._wake_event = WakeEvent()

    def wake(self) -> None:
        self.wakes += 1
        self._wake_event.wake()

    async def _on_wake(self, *, channel: str, payload: str) -> None:
        self.wake()

    async def _listen(self) -> None:
        assert self.worker_id is not None
        await self.app.connector.listen_notify(
            on_notification=self._on_wake, channels=[wake_channel(self.worker_id)]
        )

    def _start_side_tasks(self) -> list[asyncio.Task[Any]]:
        tasks = super()._start_side_tasks()
        tasks.append(asyncio.create_task(self._listen(), name="wake listener"))
        return tasks
