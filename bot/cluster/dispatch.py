"""The messenger jobs (the ledger's dispatcher, broadcast progress) once per messenger across
all processes: each runs only in the process that leads its key, "ledger:<messenger>" and
"broadcasts:<messenger>" (bot/cluster/leader.py, a PostgreSQL session advisory lock).

So the ledger's rate is global per messenger: one dispatcher, one token bucket
(DELIVERY_RATE_PER_SECOND) at a time, and one person's rows go out one after another, in order,
from that one dispatcher. A new leader sends nothing for a second (TAKEOVER_HOLD), then its
spacing starts empty (no burst): the old leader may have sent up to rate + 1 in its last second,
and no 1-second window holds sends of both (`Dispatcher.take_over`).
Every worker contends; a stand-by takes over within about a second
after the leader's connection is gone (the process ended or was killed; a lost machine: once
PostgreSQL's TCP keepalives have noticed it). The ledger's own rules still decide what is sent:
- a row the old leader had claimed but not begun is claimed again after its lease
  (DELIVERY_LEASE_SECONDS) by the new leader;
- a row it left "sending" (the call may have reached the messenger) becomes "uncertain" at the
  new leader's first tick after the lease (`LedgerService.recover`) and is never sent again;
- a leader that loses its lock while alive has its tick cancelled at once (Leader.run): a row
  cancelled in its HTTP call stays "sending", hence "uncertain", never sent twice.
Claims use `FOR UPDATE SKIP LOCKED`, so even two dispatchers for a moment (a leader cut off from
the database that has not noticed yet) never claim one row twice.

Broadcast progress runs under its own key (so the two may run on different workers): scheduled
starts, writing recipients and the status message's edits happen in one process at a time.

The callbacks are those bot/background/schedule.py built for each Application
(`app.bot_data["messenger_jobs"]`), the same code the single process runs on its JobQueue.
"""

from __future__ import annotations

import asyncio
import functools
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field

from telegram.ext import Application

from bot.background.schedule import MESSENGER_JOBS, MessengerJob
from bot.cluster.health import PartState, leader_part
from bot.cluster.leader import CHECK_SECONDS, RETRY_SECONDS, Leader

Sleep = Callable[[float], Awaitable[None]]


async def repeat(
    tick: Callable[[], Awaitable[object]],
    period: float,
    *,
    monotonic: Callable[[], float] = time.monotonic,
    sleep: Sleep = asyncio.sleep,
) -> None:
    """Run `tick` every `period` seconds (fixed rate; a tick longer than the period is followed
    by the next at once), until cancelled."""
    while True:
        started = monotonic()
        await tick()
        await sleep(max(0.0, period - (monotonic() - started)))


@dataclass
class MessengerLeads:
    """Contends for each messenger job of these Applications and runs it while leading."""

    apps: Mapping[str, Application]
    conninfo: str
    retry_seconds: float = RETRY_SECONDS
    check_seconds: float = CHECK_SECONDS
    leaders: dict[str, Leader] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for platform in self.apps:
            for job in MESSENGER_JOBS:
                key = job.key(platform)
                self.leaders[key] = Leader(
                    self.conninfo,
                    key,
                    retry_seconds=self.retry_seconds,
                    check_seconds=self.check_seconds,
                )

    async def run(self) -> None:
        """Until cancelled (then every lock is released as its connection closes)."""
        async with asyncio.TaskGroup() as group:
            for platform, app in self.apps.items():
                settings = app.bot_data["services"].settings
                callbacks = app.bot_data["messenger_jobs"]
                for job in MESSENGER_JOBS:
                    work = functools.partial(
                        self._lead, app, job, callbacks[job.name], job.period(settings)
                    )
                    group.create_task(self.leaders[job.key(platform)].run(work))

    @staticmethod
    async def _lead(
        app: Application,
        job: MessengerJob,
        tick: Callable[[], Awaitable[object]],
        period: float,
    ) -> None:
        job.on_lead(app)  # each time this process becomes the leader
        await repeat(tick, period)

    def parts(self, task: asyncio.Task[None] | None) -> dict[str, PartState]:
        """Each key's readiness for /readyz, `task` being the one running `run()`."""
        return {key: leader_part(lead, task) for key, lead in self.leaders.items()}

    def states(self) -> dict[str, str]:
        """Each key: "leader" while this process leads it, else "standby"."""
        return {key: "leader" if lead.leading else "standby" for key, lead in self.leaders.items()}
