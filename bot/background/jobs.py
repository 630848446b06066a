"""The ledger's dispatcher and periodic-job helpers (bot/background/schedule.py lists the jobs).

One dispatcher per platform Application: every `delivery_tick_seconds` it claims due rows of that
messenger's members (a lease: rows of a process that died are claimed again after it), sends them
at most `delivery_rate_per_second` (spaced, no burst: bot/messenger/spacing.py), under the bot-wide
budget RATE_LIMIT_PER_SECOND that bot/messenger/pacing.py holds the ledger's sends to (replies are
paced per chat and do not take from it), and records each outcome as soon as it is known. Right
before each send the row is marked "sending" in the database, which succeeds only while it is still
this dispatcher's claim: a row cancelled after the claim (a staff Stop, a cancelled reminder) is
skipped, even in the middle of a batch. Nothing is ever sent twice: a row a crashed process left
"sending" is recorded "uncertain" at the next tick after its lease, never sent again. Rows of one
person go out in order, one after another; different people are served concurrently. The next batch
is claimed while the current one is still being sent (at half a batch left), so sending never
pauses between batches.

The spacing is that of the calls, not of the marks: a row waits for its token unmarked, then is
marked and takes the token right after the write (one row at a time between the two,
`Dispatcher._begin`). So however long the write takes (a group commit, a busy database), calls
reach the messenger at most rate + 1 in any second, and a row still waiting for the spacing
when the process dies is claimed, not "sending": sent later by whoever claims it, never
counted uncertain. A write slower than 1/rate slows sending to one row per write.

Several processes: only the one that leads "ledger:<messenger>" runs it (bot/cluster/dispatch.py).
"""

from __future__ import annotations

import asyncio
import functools
import logging
import os
import socket
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from telegram.ext import Application

from bot.background.delivery import Deliverer, Result
from bot.messenger.spacing import TokenBucket, spacing_burst
from bot.services.ledger import LedgerService
from storage.ledger import ClaimedDelivery

log = logging.getLogger(__name__)

MAX_FLOOD_RETRIES = 5  # 429s in a row for one row before it is given back to the ledger
MAX_FLOOD_WAIT = 30.0  # seconds; a longer wait gives the row back instead of holding its lease
MAX_BATCHES_PER_TICK = 20
TAKEOVER_HOLD = 1.0  # seconds a new leader sends nothing (the old one's last second)
# The messenger counts calls as they arrive: a call held up on its way (a busy machine, the
# process descheduled between its token and its socket) can come closer to the next. Spaced 2 %
# wider than 1/rate, a call may be ~50 ms late at 20/s and every second still holds rate + 1.
SPACING_MARGIN = 1.02

Sleep = Callable[[float], Awaitable[None]]


class OneAtATime:
    """A periodic job's callback: runs `run()` unless its previous run is still going (that tick
    is skipped), logs an error instead of raising it (the job stays scheduled)."""

    def __init__(self, run: Callable[[], Awaitable[object]], what: str) -> None:
        self.run = run
        self.what = what
        self.busy = False

    async def __call__(self, _context: object = None) -> None:
        if self.busy:
            return
        self.busy = True
        try:
            await self.run()
        except Exception:
            log.exception("%s failed", self.what)
        finally:
            self.busy = False


def worker_id(platform: str) -> str:
    host = socket.gethostname()[:24]
    return f"{host}:{os.getpid()}:{platform}:{uuid.uuid4().hex[:8]}"


@dataclass
class TickReport:
    claimed: int = 0
    sent: int = 0
    blocked: int = 0
    failed: int = 0
    expired: int = 0
    retried: int = 0
    released: int = 0
    floods: int = 0
    cancelled: int = 0  # claimed, then cancelled (or taken over) before its send: not sent
    uncertain: int = 0  # left "sending" by a process that died: not sent again
    lost: int = 0  # sent, but the claim had been taken over (lease too short)

    def add(self, other: TickReport) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Dispatcher:
    """Claims, sends and records ledger rows of one messenger."""

    ledger: LedgerService
    deliverer: Deliverer
    platform: str
    batch_size: int
    bucket: TokenBucket
    worker: str = ""
    running: Callable[[], bool] = lambda: True
    sleep: Sleep = asyncio.sleep
    max_in_flight: int = 32
    totals: TickReport = field(default_factory=TickReport)
    # True: the spacing is that of the calls themselves (see `_send`); False: of the marks
    # before them, as before (kept for the delivery bench's comparison)
    spacing_at_call: bool = True

    def __post_init__(self) -> None:
        self.worker = self.worker or worker_id(self.platform)
        self._marking = asyncio.Lock()  # one row between its wait for a token and its call
        self._in_flight = asyncio.Semaphore(self.max_in_flight)
        self._waiting = 0  # claimed rows not yet handled (the pipeline's backlog)
        self._low = asyncio.Event()  # set while the backlog is down to half a batch
        self._low.set()
        self._tails: dict[int, asyncio.Task[bool]] = {}  # member -> their latest rows' task
        # the JobQueue callback; after an error the rows stay claimed and come back after lease
        self.job = OneAtATime(self.tick, f"ledger dispatcher tick on {self.platform}")

    def take_over(self) -> None:
        """This process has just become the messenger's only dispatcher (a cluster's leader).
        The one before may have sent up to a second's worth right before it stopped: nothing is
        sent for TAKEOVER_HOLD seconds, then the spacing starts from empty (no burst), so no
        1-second window the messenger sees holds calls of both."""
        self.bucket.hold_off(TAKEOVER_HOLD)

    async def tick(self) -> TickReport:
        """Claim and process batches until there is no full batch left (bounded per tick).

        Pipelined: the next batch is claimed as soon as the rows still waiting from the ones
        claimed are down to half a batch, so sending never pauses for a claim (the limiter has
        no burst to make up such a pause). A person's rows of a later batch start only after
        their rows of the earlier ones (`_start` chains them)."""
        report = TickReport(uncertain=await self.ledger.recover())
        async with asyncio.TaskGroup() as group:
            for _ in range(MAX_BATCHES_PER_TICK):
                if not self.running():
                    break
                batch = await self.ledger.claim(self.platform, self.worker, self.batch_size)
                if not batch:
                    break
                self._start(batch, group, report)
                if len(batch) < self.batch_size:
                    break
                await self._low.wait()
        self.totals.add(report)
        return report

    async def process(self, batch: list[ClaimedDelivery]) -> TickReport:
        """Send one claimed batch and record every row's outcome."""
        report = TickReport()
        async with asyncio.TaskGroup() as group:
            self._start(batch, group, report)
        return report

    def _start(
        self, batch: list[ClaimedDelivery], group: asyncio.TaskGroup, report: TickReport
    ) -> None:
        """One task per person in `group`, each after that person's task of an earlier batch."""
        report.claimed += len(batch)
        by_member: dict[int, list[ClaimedDelivery]] = {}
        for delivery in batch:
            by_member.setdefault(delivery.member_id, []).append(delivery)
        self._waiting += len(batch)
        if self._waiting > self.batch_size // 2:
            self._low.clear()
        for member, rows in by_member.items():
            after = self._tails.get(member)
            tail = group.create_task(self._member_rows(rows, report, after))
            self._tails[member] = tail
            tail.add_done_callback(functools.partial(self._forget_tail, member))

    async def _begin(self, delivery: ClaimedDelivery) -> bool | None:
        """Mark the row "sending" (committed before its call) and take its token: True when the
        call may start now, None when the row must not be sent (cancelled since the claim, or
        taken over), False when a 429 paused sending meanwhile (the mark is taken back).

        The token is taken right after the mark, not before it: the write may take its time
        (a group commit, a busy database) and rows whose writes end together would reach the
        messenger together. A row waits for the spacing before it is marked (`ready`, under
        `_marking`, so no other row takes that token meanwhile), never while marked: a process
        killed while rows wait for a token leaves them claimed, sent later, not uncertain."""
        if not self.spacing_at_call:
            await self.bucket.acquire()
            return True if await self.ledger.begin_send(delivery, self.worker) else None
        async with self._marking:
            # the bot-wide budget of the messenger's pacing too (only the ledger's calls take
            # from it, one at a time here)
            await self.bucket.ready()
            await self.deliverer.budget_ready()
            if not await self.ledger.begin_send(delivery, self.worker):
                return None  # nothing taken: the next row has the token
            if self.bucket.take():
                return True
        if not await self.ledger.end_send(delivery, self.worker):
            return None
        return False

    def _forget_tail(self, member: int, task: asyncio.Task[bool]) -> None:
        if self._tails.get(member) is task:
            del self._tails[member]

    async def _member_rows(
        self,
        rows: list[ClaimedDelivery],
        report: TickReport,
        after: asyncio.Task[bool] | None,
    ) -> bool:
        """One person's rows, one after another, once their rows of an earlier batch (`after`)
        are done; True when the person turned out to have blocked the bot."""
        left = len(rows)
        try:
            # shielded: this task cancelled must not cancel the earlier batch's
            blocked = await asyncio.shield(after) if after is not None else False
            for delivery in rows:
                blocked = await self._member_row(delivery, report, blocked)
                left -= 1
                self._handled(1)
            return blocked
        finally:
            self._handled(left)  # rows never reached (an error, a cancelled tick)

    def _handled(self, rows: int) -> None:
        """`rows` claimed rows no longer waiting (sent, recorded, given back or abandoned)."""
        self._waiting -= rows
        if self._waiting <= self.batch_size // 2:
            self._low.set()

    async def _member_row(
        self, delivery: ClaimedDelivery, report: TickReport, blocked: bool
    ) -> bool:
        if not self.running():
            await self.ledger.postpone(delivery, self.worker, 0, "dispatcher stopped")
            report.released += 1
            return blocked
        verdict = self.ledger.triage(delivery)
        if verdict == "release":
            await self.ledger.postpone(delivery, self.worker, 0, "lease almost over")
            report.released += 1
        elif verdict == "expired":
            await self.ledger.finish(delivery, self.worker, "expired")
            report.expired += 1
        elif verdict == "blocked" or blocked:
            reason = "member blocked the bot" if delivery.chat_id else "no chat with member"
            await self.ledger.blocked(delivery, self.worker, reason, mark_member=False)
            report.blocked += 1
        else:
            return await self._send(delivery, report) == "blocked"
        return blocked

    async def _send(self, delivery: ClaimedDelivery, report: TickReport) -> str:
        floods = 0
        while True:
            if self.spacing_at_call:
                # the person's chat may be held back (a 429, their own limit): wait unmarked,
                # without taking one of the calls in flight
                await self.deliverer.ready(delivery)
            async with self._in_flight:
                started = await self._begin(delivery)
                if started is None:
                    report.cancelled += 1
                    return "cancelled"
                if not started:
                    continue  # a 429 paused sending between the mark and the call
                result: Result = await self.deliverer.deliver(delivery)
            if result.kind != "flood":
                break
            report.floods += 1
            floods += 1
            self.bucket.pause(result.wait)
            if floods > MAX_FLOOD_RETRIES or result.wait > MAX_FLOOD_WAIT:
                await self.ledger.postpone(delivery, self.worker, result.wait, result.reason or "")
                report.released += 1
                return "released"
            await self.ledger.end_send(delivery, self.worker)  # a 429: nothing was sent
            log.info("flood wait %.1fs on %s (row %s)", result.wait, self.platform, delivery.id)
        if result.kind == "sent":
            if await self.ledger.sent(delivery, self.worker, result.message_id):
                report.sent += 1
            else:
                report.lost += 1
        elif result.kind == "blocked":
            await self.ledger.blocked(delivery, self.worker, result.reason or "403")
            report.blocked += 1
        elif result.kind == "transient":
            decision = await self.ledger.retry_or_fail(delivery, self.worker, result.reason or "")
            if decision.retry:
                report.retried += 1
            else:
                report.failed += 1
        else:
            await self.ledger.finish(delivery, self.worker, "failed", result.reason)
            report.failed += 1
        return result.kind


def _not_stopping(app: Application) -> Callable[[], bool]:
    """False once the Application, having run, is stopping (a manual tick before start works)."""
    started = False

    def running() -> bool:
        nonlocal started
        if app.running:
            started = True
            return True
        return not started

    return running


def make_dispatcher(app: Application) -> Dispatcher:
    services = app.bot_data["services"]
    profile = app.bot_data["platform"]
    settings = services.settings
    rate = settings.delivery_rate_per_second
    spaced = rate / SPACING_MARGIN
    return Dispatcher(
        ledger=services.ledger,
        deliverer=Deliverer(app.bot, profile, services.translator),
        platform=profile.name,
        batch_size=settings.delivery_batch_size,
        # no burst: calls spaced 1/rate apart (bot/messenger/spacing.py), so no second sees
        # more than rate + 1; `tick` claims ahead so no pause between batches needs making up
        bucket=TokenBucket(spaced, burst=spacing_burst(spaced)),
        running=_not_stopping(app),
        max_in_flight=max(4, min(64, int(rate) + 1)),
    )
