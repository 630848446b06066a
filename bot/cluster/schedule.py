"""The slot jobs of bot/background/schedule.py as procrastinate periodic tasks.

Every worker runs procrastinate's periodic deferrer; for each slot (a time the task's cron names)
each deferrer tries to defer the task, and the database keeps one: procrastinate records
(task, periodic id, slot time) in `procrastinate_periodic_defers`, so a slot is deferred once across
all workers, and one worker runs it. Besides, each task has
- `lock` = its name: two runs of one job never overlap (like OneAtATime in one process);
- `queueing_lock` = its name: while a run still waits in the queue, the next slot is skipped.
Each run is idempotent (SLOT_JOBS), so a slot run again after its worker died changes nothing
more.

procrastinate schedules with cron, so a period becomes the longest cron step that is not longer
than it (`cron_for`): 600 s is "every 10 minutes", 90 s "every minute", 7 h "every 6 hours".

A worker adds the tasks to its procrastinate App with `install(app, services)` and listens to
the queue QUEUE besides its own.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from procrastinate import App, Blueprint

from bot.background.schedule import SLOT_JOBS, SlotJob
from bot.services.container import Services

log = logging.getLogger(__name__)

NAMESPACE = "schedule"
QUEUE = "schedule"


def _step(limit: int, units: int) -> int:
    """The largest divisor of `units` that is at most `limit` (at least 1)."""
    return max(d for d in range(1, units + 1) if units % d == 0 and d <= max(1, limit))


def cron_for(seconds: float) -> str:
    """A procrastinate cron (a sixth column is seconds) running at least every `seconds`."""
    whole = int(seconds)
    if whole < 60:
        return f"* * * * * */{_step(whole, 60)}"
    if whole < 3600:
        return f"*/{_step(whole // 60, 60)} * * * *"
    if whole < 86_400:
        return f"0 */{_step(whole // 3600, 24)} * * *"
    return "0 0 * * *"


def task_name(job: SlotJob) -> str:
    """The task's name once added to the App under NAMESPACE."""
    return f"{NAMESPACE}:{job.name}"


def _runner(job: SlotJob, services: Services) -> Callable[..., Awaitable[None]]:
    async def run(timestamp: int) -> None:
        log.info("%s: slot %s", job.name, timestamp)  # one line per slot, cluster-wide
        await job.run(services)

    run.__name__ = job.name.replace(":", "_")
    return run


def blueprint(services: Services, jobs: tuple[SlotJob, ...] = SLOT_JOBS) -> Blueprint:
    """The slot jobs as periodic tasks run with `services`, on the periods its settings give."""
    tasks = Blueprint()
    for job in jobs:
        options: dict[str, Any] = {"lock": job.name, "queueing_lock": job.name}
        task = tasks.task(name=job.name, queue=QUEUE, **options)(_runner(job, services))
        tasks.periodic(cron=cron_for(job.period(services.settings)), periodic_id=job.name)(task)
    return tasks


def install(app: App, services: Services) -> None:
    """Add the slot jobs to a worker's procrastinate App (before it runs)."""
    app.add_tasks_from(blueprint(services), namespace=NAMESPACE)
