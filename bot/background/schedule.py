"""Every periodic job of the bot, in one list.

Two kinds:

- **Slot jobs** (`SLOT_JOBS`): work of the whole office, not of one messenger (reminder planning,
  offer expiry, the monthly cut-off). Each run is idempotent (what it writes has a unique key, or
  it acts only on rows still due), so a slot run twice changes nothing more.
  One process alone (`coopbot run`, `coopbot demo`): on python-telegram-bot's JobQueue of the
  first Application, once per process. Several processes (bot/cluster/schedule.py): procrastinate
  periodic tasks, deferred once per slot across all workers and run by one of them.
- **Messenger jobs** (`MESSENGER_JOBS`): loops of one messenger's Application that send or edit
  through its bot (the ledger's dispatcher, broadcast progress). One process alone: on that
  Application's JobQueue. Several processes (bot/cluster/dispatch.py): only in the process that
  leads the key "<name>:<messenger>", so the ledger's rate is global per messenger and one
  person's messages go out in order.

| name | every | runs | kind |
|---|---|---|---|
| `ledger:<messenger>` | DELIVERY_TICK_SECONDS | `Dispatcher.tick` (jobs.py) | messenger |
| `broadcasts:<messenger>` | 1 s | `ProgressJob.tick` (broadcast_progress.py) | messenger |
| `reminders:courses` | REMINDER_PLAN_INTERVAL_SECONDS | `ReminderService.plan_courses` | slot |
| `reminders:monthly` | 60 s | `ReminderService.plan_monthly` | slot |
| `offers` | 300 s | `RegistrationService.expire_offers` | slot |
| `nominations` | 300 s | `NominationService.freeze_due` | slot |
| `prune` | 3600 s | `pruning.prune` (handled updates, finished queue jobs) | slot |
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from telegram.ext import Application

from bot.background.broadcast_progress import TICK_SECONDS, ProgressJob
from bot.background.jobs import OneAtATime, make_dispatcher
from bot.background.pruning import prune
from bot.core.config import Settings
from bot.services.container import Services

# APScheduler options of every job: max_instances=2 lets a tick start while a long one runs;
# OneAtATime skips it at once (instead of APScheduler logging a warning every tick).
JOB_KWARGS: dict[str, Any] = {"max_instances": 2, "coalesce": True, "misfire_grace_time": None}


def _every(seconds: float) -> Callable[[Settings], float]:
    return lambda _settings: seconds


@dataclass(frozen=True)
class SlotJob:
    """Scheduled work of the whole office: one run per slot of `period` seconds."""

    name: str
    period: Callable[[Settings], float]
    first: float  # seconds after start-up of the first run on the JobQueue
    run: Callable[[Services], Awaitable[object]]
    what: str

    def callback(self, services: Services) -> OneAtATime:
        return OneAtATime(lambda: self.run(services), self.name)


@dataclass(frozen=True)
class MessengerJob:
    """A loop of one messenger's Application; `build` makes its worker (kept in bot_data)."""

    name: str
    period: Callable[[Settings], float]
    build: Callable[[Application], OneAtATime]
    what: str
    # called when this process starts leading the job (a cluster), before its first tick
    on_lead: Callable[[Application], None] = lambda _app: None

    def key(self, platform: str) -> str:
        """The job's name on the JobQueue, and its leadership key in a cluster."""
        return f"{self.name}:{platform}"


def _dispatcher(app: Application) -> OneAtATime:
    dispatcher = make_dispatcher(app)
    app.bot_data["dispatcher"] = dispatcher
    return dispatcher.job


def _no_burst(app: Application) -> None:
    """The previous leader may have sent a full second's worth just now: hold off a second, then
    start without burst (`Dispatcher.take_over`), so no second sees both leaders' sends."""
    app.bot_data["dispatcher"].take_over()


def _broadcast_progress(app: Application) -> OneAtATime:
    progress = ProgressJob(app)
    app.bot_data["broadcast_progress"] = progress
    return progress.job


MESSENGER_JOBS: tuple[MessengerJob, ...] = (
    MessengerJob(
        "ledger",
        lambda s: s.delivery_tick_seconds,
        _dispatcher,
        "claim, send and record due ledger rows of this messenger's members",
        on_lead=_no_burst,
    ),
    MessengerJob(
        "broadcasts",
        _every(TICK_SECONDS),
        _broadcast_progress,
        "start scheduled broadcasts, write recipients, edit status messages, finish them",
    ),
)

SLOT_JOBS: tuple[SlotJob, ...] = (
    SlotJob(
        "reminders:courses",
        lambda s: s.reminder_plan_interval_seconds,
        5,
        lambda services: services.reminders.plan_courses(),
        "session and course-start reminders within the horizon; obsolete ones cancelled",
    ),
    SlotJob(
        "reminders:monthly",
        _every(60),
        3,
        lambda services: services.reminders.plan_monthly(),
        "the Jalali monthly cycle: assessment nudges, staff reminder, escalation",
    ),
    SlotJob(
        "offers",
        _every(300),
        60,
        lambda services: services.registration.expire_offers(),
        "void offers of freed seats that ran out; offer the seat to the next in line",
    ),
    SlotJob(
        "nominations",
        _every(300),
        90,
        lambda services: services.nomination.freeze_due(),
        "freeze the month whose cut-off has passed",
    ),
    SlotJob(
        "prune",
        _every(3600),
        120,
        lambda services: prune(services.db, services.clock),
        "delete handled updates and failed or cancelled queue jobs older than a week",
    ),
)


def slot_job(name: str) -> SlotJob:
    for job in SLOT_JOBS:
        if job.name == name:
            return job
    raise KeyError(name)


def on_job_queue(app: Application) -> None:
    """Schedule this Application's jobs on its JobQueue (one process alone), and the slot jobs
    once per process, on the first Application. The messenger jobs' callbacks are kept in
    `bot_data["messenger_jobs"]` by name: a cluster worker, whose JobQueue never starts, runs
    them under leadership (bot/cluster/dispatch.py)."""
    services: Services = app.bot_data["services"]
    settings = services.settings
    platform: str = app.bot_data["platform"].name
    queue = app.job_queue
    if queue is None:  # pragma: no cover - python-telegram-bot[job-queue] is a dependency
        raise RuntimeError("the JobQueue is missing: install python-telegram-bot[job-queue]")
    built: dict[str, OneAtATime] = {}
    app.bot_data["messenger_jobs"] = built
    for job in MESSENGER_JOBS:
        callback = built[job.name] = job.build(app)
        period = job.period(settings)
        queue.run_repeating(
            callback, interval=period, first=period, name=job.key(platform), job_kwargs=JOB_KWARGS
        )
    if services.reminders.take_planner(platform):
        for slot in SLOT_JOBS:
            queue.run_repeating(
                slot.callback(services),
                interval=slot.period(settings),
                first=slot.first,
                name=slot.name,
                job_kwargs=JOB_KWARGS,
            )
