"""A worker: handles the updates the ingress stored, on procrastinate.

Each update is a job `handle_update(messenger, update)` whose lock is "<messenger>:<chat>":
procrastinate runs the jobs of one lock one at a time, in the order they were deferred, on
whichever worker is free, so one chat's updates are handled in order while other chats run
concurrently (up to WORKER_CONCURRENCY per worker). The update goes through a
python-telegram-bot Application built as in the single process (handlers, services, pacing,
`start_beside`) but without an Updater: `process_update(Update.de_json(...))`.

A worker that dies (kill -9, a lost machine) stops sending heartbeats; the worker that leads
"cluster:stalled" (bot/cluster/leader.py) checks every WORKER_HEARTBEAT_SECONDS for workers
silent for WORKER_STALLED_SECONDS, forgets them and puts their running jobs back in the queue,
first in their chat's line: the chat is answered again within about
heartbeat + stalled + one check (about 5 s with the defaults).

Exactly-once effect (storage/claims.py): the update's first write transaction also records
(messenger, update_id); a job run again after its first write committed stops at that write.
What remains:
- what the update did *before* its first write (a reply to a read-only step, the answer to a
  button press) is done again: a repeated reply, at most what the dead worker had in flight;
- what it did *after* its first write commit is not done again if the worker died before doing
  it: the effect of that write stays (the person's answer is saved), later writes of the same
  update in their own transactions are lost, and the reply is replaced by the person's place
  (`_stop_when_handled`: a retry of a dead worker's job is answered by handlers/resume.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field
from typing import Any

from procrastinate import App, JobContext
from procrastinate.exceptions import ConnectorException
from procrastinate.job_context import JobResult
from telegram import Update
from telegram.ext import Application, ApplicationHandlerStop, ContextTypes

from bot.app import build_application, build_services, ready_services
from bot.cli.startup import database_errors, initialize_bot
from bot.cluster import schedule as slots
from bot.cluster.dispatch import MessengerLeads
from bot.cluster.health import PartState, task_part
from bot.cluster.leader import Leader
from bot.cluster.queue import (
    HANDLE_UPDATE,
    QUEUE,
    make_queue,
    psycopg_conninfo,
    ready_queue,
    startup_lock,
)
from bot.cluster.waking import WakeableWorker
from bot.core.clock import Clock
from bot.core.config import Settings
from bot.services.container import Services
from bot.services.members import forget_member, member_cache
from storage import claims

log = logging.getLogger(__name__)

RECOVERY_KEY = "cluster:stalled"


async def _stop_when_handled(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """First error handler: an update an earlier run already applied ends here. When this run
    repeats one a lost worker was doing, that worker may have died before the reply went out:
    the person is told where they are now (the registry's `after_loss`, handlers/resume.py),
    writing nothing; a copy of an update (a batch stored twice) ends unanswered."""
    if not isinstance(context.error, claims.UpdateAlreadyHandled):
        return
    log.info("update handled before (%s): not applied again", context.error)
    claim = claims.current()
    registry = context.application.bot_data.get("registry")
    after_loss = getattr(registry, "after_loss", None)
    if claim is not None and claim.again and isinstance(update, Update) and after_loss:
        claims.leave()  # the answer belongs to no update: it writes nothing of this one's
        try:
            await after_loss(update, context)
        except Exception:  # the answer is a courtesy: its failure ends the update all the same
            log.exception("could not answer update %s again", update.update_id)
    raise ApplicationHandlerStop


def stop_silently_when_handled(app: Application) -> None:
    """Put `_stop_when_handled` before the application's own error handlers."""
    others = dict(app.error_handlers)
    app.error_handlers.clear()
    app.add_error_handler(_stop_when_handled)
    app.error_handlers.update(others)


class JobLoop(WakeableWorker):
    """procrastinate's worker as coopbot runs it: woken on its own channel, and with light log
    records. procrastinate attaches to each of its four log calls per job (two of them debug,
    built even when not logged) a copy of the whole job, arguments included: the update, what
    a person wrote, copied four times per update. Here a record carries the job's id, task
    and lock instead (its `extra`; the message is the same)."""

    def _log_extra(
        self,
        action: str,
        context: JobContext | None,
        job_result: JobResult | None,
        **kwargs: Any,
    ) -> dict[str, Any]:
        job = context.job if context else None
        about = {"id": job.id, "task_name": job.task_name, "lock": job.lock} if job else None
        return {
            "action": action,
            "worker": {"name": self.worker_name, "worker_id": self.worker_id},
            "job": about,
            **(job_result.as_dict() if job_result else {}),
            **kwargs,
        }


@dataclass
class ClusterWorker:
    settings: Settings
    clock: Clock | None = None
    base_urls: dict[str, str] = field(default_factory=dict)
    services: Services | None = None
    apps: dict[str, Application] = field(default_factory=dict)
    queue: App | None = None
    conninfo: str = ""
    leads: MessengerLeads | None = None  # the ledger and broadcast jobs, while leading them
    worker: JobLoop | None = None  # procrastinate's job loop, while running
    _running: asyncio.Task[None] | None = None
    _leading: asyncio.Task[None] | None = None

    async def start(self, tokens: dict[str, str] | None = None) -> None:
        tokens = tokens if tokens is not None else self.settings.tokens()
        conninfo = psycopg_conninfo(self.settings.database_url)
        self.conninfo = conninfo
        with database_errors():
            self.services = build_services(self.settings, self.clock)
        self.queue = make_queue(conninfo, pool_size=self.settings.worker_concurrency + 4)
        await self.queue.open_async()
        async with startup_lock(conninfo):
            await ready_services(self.services)
            await ready_queue(self.queue, conninfo)
        self.queue.task(name=HANDLE_UPDATE, queue=QUEUE, pass_context=True)(self.handle_update)
        slots.install(self.queue, self.services)  # planners, cut-offs: once per slot
        for platform, token in tokens.items():
            base_url = self.base_urls.get(platform)
            app = build_application(
                platform, token, self.services, base_url=base_url, polling=False
            )
            stop_silently_when_handled(app)
            await initialize_bot(app, platform, base_url or self.settings.api_url(platform))
            self.apps[platform] = app
            log.info("worker ready for %s as @%s", platform, app.bot.username)
        self.leads = MessengerLeads(self.apps, conninfo)

    def parts(self) -> dict[str, PartState]:
        """For /readyz: the job loop, and each messenger job led or stood by."""
        leads = self.leads.parts(self._leading) if self.leads is not None else {}
        return {"queue": task_part(self._running), **leads}

    async def handle_update(
        self, context: JobContext, messenger: str, update: dict[str, Any]
    ) -> None:
        app = self.apps[messenger]  # KeyError: no token for it here; the job fails, logged
        parsed = Update.de_json(update, app.bot)
        await self._refresh_sender(messenger, parsed)
        again = context.job.attempts > 0  # put back after a worker died while running it
        with claims.handling(messenger, parsed.update_id, again=again):
            # through the ordered processor: its start_beside context and its global cap
            await app.update_processor.process_update(parsed, app.process_update(parsed))

    async def _refresh_sender(self, messenger: str, update: Update) -> None:
        """What this process keeps in memory about the sender may be stale: the chat's previous
        update may have run on another worker (a language chosen, an assessment submitted).
        The member kept in memory is compared with its row (one read by key) and dropped if
        they differ, so the visit reads it again; the assessment standing is read again when
        needed. A standing is found through the member kept in memory: one whose member was
        dropped from the cache (20,000 others seen here since) may stay up to its five
        minutes."""
        user = update.effective_user
        if user is None or self.services is None:
            return
        known = member_cache(self.services.db).get(messenger, user.id)
        if known is None:
            return
        self.services.assessment.forget(known.id)
        if await self.services.members.get(known.id) != known:
            forget_member(self.services.db, known.id)

    async def run(self) -> None:
        """Handle jobs until cancelled; meanwhile recover dead workers' jobs when leading."""
        assert self.queue is not None
        s = self.settings
        recovery = Leader(self.conninfo, RECOVERY_KEY, check_seconds=s.worker_heartbeat_seconds)
        recovering = asyncio.create_task(recovery.run(self._recover_forever))
        self._running = asyncio.current_task()
        if self.leads is not None:
            self._leading = asyncio.create_task(self.leads.run())
        try:
            self.queue.perform_import_paths()
            self.worker = JobLoop(
                app=self.queue,
                queues=[QUEUE, slots.QUEUE],
                concurrency=s.worker_concurrency,
                wait=True,
                install_signal_handlers=False,
                listen_notify=False,  # woken on its own channel: bot/cluster/waking.py
                # the longest a job waits when its announcement is lost (its worker died,
                # or a listening connection was being reopened)
                fetch_job_polling_interval=s.worker_heartbeat_seconds,
                update_heartbeat_interval=s.worker_heartbeat_seconds,
                stalled_worker_timeout=s.worker_stalled_seconds,
                delete_jobs="successful",
            )
            await self.worker.run()
        finally:
            for task in (recovering, self._leading):
                if task is not None:
                    task.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await task

    async def _recover_forever(self) -> None:
        while True:
            await asyncio.sleep(self.settings.worker_heartbeat_seconds)
            try:
                await recover_stalled(self.queue, self.settings.worker_stalled_seconds)
            except ConnectorException as exc:
                log.warning("could not look for stalled jobs: %s", exc)

    async def stop(self) -> None:
        for app in self.apps.values():
            await app.shutdown()
        self.apps.clear()
        if self.queue is not None:
            await self.queue.close_async()
        if self.services is not None:
            await self.services.db.dispose()


async def recover_stalled(queue: App | None, stalled_seconds: float) -> int:
    """Forget workers silent for `stalled_seconds` and put their running jobs back in the
    queue (each first in its lock's line: it keeps its id). The number of jobs put back."""
    assert queue is not None
    manager = queue.job_manager
    await manager.prune_stalled_workers(stalled_seconds)
    count = 0
    for job in await manager.get_stalled_jobs(seconds_since_heartbeat=stalled_seconds):
        try:
            await manager.retry_job(job)
        except ConnectorException as exc:  # finished meanwhile: nothing to put back
            log.info("stalled job %s not retried: %s", job.id, exc)
            continue
        count += 1
        log.warning("job %s of a dead worker put back in the queue (lock %s)", job.id, job.lock)
    return count
