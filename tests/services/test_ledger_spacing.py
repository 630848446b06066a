"""The ledger's sends reach the messenger spaced (issue 17: no 1-second window holds more than
the rate + 1), however long the write that marks each row "sending" takes.

The database's writes are made slow on purpose: a group commit whose transactions take 2 to 10
ms, some 150 ms, so the marks of rows that wait for one transaction come back together. On a
virtual clock (every sleep moves it, nothing really waits) the calls' times are exact; against
the sandbox over HTTP (real clock, a slow write injected into the ledger service) the
messenger's own receive times are counted.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import random
from types import SimpleNamespace

import pytest
import telegram

from bot.background.delivery import Deliverer, Result
from bot.background.jobs import Dispatcher
from bot.core.i18n import Translator
from bot.messenger.platforms import PROFILES
from bot.messenger.spacing import TokenBucket, spacing_burst
from bot.services.ledger import LedgerService, Notice, plain
from sandbox import ManualClock, Sandbox, SandboxConfig
from tests.services.reminder_fakes import add_member
from tests.units.test_spacing import busiest_window

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")


class VirtualClock:
    """Time moves only to the next sleeper's wake-up, once every task is waiting."""

    def __init__(self) -> None:
        self.now = 1000.0
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        future = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (self.now + max(0.0, seconds), next(self._order), future))
        await future

    async def run(self, main) -> object:
        task = asyncio.ensure_future(main)
        while not task.done():
            for _ in range(50):  # let every task run until it waits on this clock
                await asyncio.sleep(0)
            if task.done() or not self._sleepers:
                continue
            wake, _, future = heapq.heappop(self._sleepers)
            self.now = max(self.now, wake)
            future.set_result(None)
        return task.result()


class SlowGroupCommit:
    """Writes gathered while a transaction runs go together in the next one; each transaction
    takes 2-10 ms, one in 30 takes 150 ms (a checkpoint, a lock)."""

    def __init__(self, clock: VirtualClock, seed: int) -> None:
        self.clock = clock
        self.random = random.Random(seed)
        self.last = (0.0, 0.0)  # the latest transaction's (start, end)

    def _duration(self) -> float:
        return 0.15 if self.random.random() < 0.03 else self.random.uniform(0.002, 0.01)

    async def write(self) -> None:
        now = self.clock.now
        start, end = self.last
        if end <= now:  # idle: a transaction of its own, now
            self.last = (now, now + self._duration())
        elif start <= now:  # one is running: the next starts when it ends
            self.last = (end, end + self._duration())
        # else the next one has not started yet: this write joins it
        await self.clock.sleep(self.last[1] - now)


class FakeLedger:
    def __init__(self, store: SlowGroupCommit) -> None:
        self.store = store
        self.marks = 0

    async def recover(self) -> int:
        return 0

    def triage(self, _delivery) -> str:
        return "send"

    async def begin_send(self, _delivery, _worker) -> bool:
        self.marks += 1
        await self.store.write()
        return True

    async def end_send(self, _delivery, _worker) -> bool:
        await self.store.write()
        return True

    async def sent(self, _delivery, _worker, _message_id) -> bool:
        await self.store.write()
        return True


class Messenger:
    """Records when each call arrives (no time on the way)."""

    def __init__(self, clock: VirtualClock) -> None:
        self.clock = clock
        self.received: list[float] = []

    async def ready(self, _delivery) -> None:
        return None

    async def budget_ready(self) -> None:
        return None

    async def deliver(self, _delivery) -> Result:
        self.received.append(self.clock.now)
        return Result("sent", message_id=len(self.received))


async def dispatch(rate: float, rows: int, *, at_call: bool = True, seed: int = 3):
    """`rows` rows of as many people through a dispatcher on the virtual clock."""
    clock = VirtualClock()
    ledger = FakeLedger(SlowGroupCommit(clock, seed))
    messenger = Messenger(clock)
    dispatcher = Dispatcher(
        ledger=ledger,  # type: ignore[arg-type]
        deliverer=messenger,  # type: ignore[arg-type]
        platform="telegram",
        batch_size=rows,
        bucket=TokenBucket(rate, spacing_burst(rate), monotonic=clock, sleep=clock.sleep),
        max_in_flight=max(4, int(rate) + 1),
        spacing_at_call=at_call,
    )
    batch = [SimpleNamespace(id=n, member_id=n) for n in range(rows)]
    report = await clock.run(dispatcher.process(batch))  # type: ignore[arg-type]
    return report, ledger, messenger.received


@pytest.mark.parametrize("seed", [3, 11])
async def test_slow_marks_never_bunch_the_calls(seed):
    rate, rows = 20, 300
    report, ledger, received = await dispatch(rate, rows, seed=seed)
    assert report.sent == rows and ledger.marks == rows  # nothing marked twice, none put back
    assert busiest_window(received) <= rate + 1
    seconds = received[-1] - received[0]
    assert (rows - 1) / seconds >= 0.85 * rate  # a stall is lost time: no catching up in a burst


async def test_spacing_only_the_marks_lets_slow_writes_bunch_the_calls():
    """The same load spaced before the mark (as before): the messenger sees bursts."""
    _report, _ledger, received = await dispatch(20, 300, at_call=False)
    assert busiest_window(received) > 20 + 1


class SlowMarks:
    """The ledger service with its "sending" mark held up: every other mark waits for the next
    0.5 s boundary of the real clock, like a group commit behind a slow transaction."""

    def __init__(self, inner: LedgerService) -> None:
        self.inner = inner
        self.marks = 0

    def __getattr__(self, name):
        return getattr(self.inner, name)

    async def begin_send(self, delivery, worker) -> bool:
        self.marks += 1
        if self.marks % 2 == 0:
            loop = asyncio.get_running_loop()
            await asyncio.sleep(0.5 - loop.time() % 0.5)
        return await self.inner.begin_send(delivery, worker)


async def test_the_sandbox_never_sees_more_than_the_rate_plus_one_in_a_second(
    sqlite_db, clock, settings
):
    """Real HTTP and the real ledger on SQLite, a slow mark injected: the messenger's receive
    times hold at most rate + 1 in any second (the virtual-clock test above shows the same
    load bursting when only the marks are spaced)."""
    rate, people = 10, 16
    async with Sandbox(SandboxConfig(clock=ManualClock())) as sandbox:
        token = "123456:TEST-telegram"
        sandbox.add_bot(token, "telegram")
        bot = telegram.Bot(token, base_url=sandbox.base_url, base_file_url=sandbox.base_file_url)
        await bot.initialize()
        try:
            ledger = LedgerService(sqlite_db, clock, settings)
            notices = []
            for user in range(1, people + 1):
                sandbox.person(user, platform="telegram")
                member = await add_member(sqlite_db, clock, user, platform="telegram")
                notices.append(Notice(member, "t", "a", clock.now(), plain("سلام")))
            await ledger.plan(notices)
            slow = SlowMarks(ledger)
            dispatcher = Dispatcher(
                ledger=slow,  # type: ignore[arg-type]
                deliverer=Deliverer(bot, PROFILES["telegram"], Translator()),
                platform="telegram",
                batch_size=people,
                bucket=TokenBucket(rate, spacing_burst(rate)),
                max_in_flight=rate + 1,
            )
            report = await dispatcher.tick()
        finally:
            await bot.shutdown()
        received = [call.started for call in sandbox.calls("sendMessage", token=token)]
    assert report.sent == people == len(received) and slow.marks == people
    assert busiest_window(received) <= rate + 1


async def test_a_row_waits_for_its_chat_unmarked(sqlite_db, clock, settings):
    """A chat held back (a 429's wait, a person's own limit) holds its row before the mark: a
    process killed meanwhile leaves it claimed (sent later), not "sending" (uncertain)."""
    from telegram.ext import ExtBot

    from bot.messenger.pacing import PacingRateLimiter

    async with Sandbox(SandboxConfig(clock=ManualClock())) as sandbox:
        token = "123456:TEST-telegram"
        sandbox.add_bot(token, "telegram")
        pacing = PacingRateLimiter(bulk_rate=0, chat_rate=0)
        bot = ExtBot(token, base_url=sandbox.base_url, rate_limiter=pacing)
        await bot.initialize()
        try:
            ledger = LedgerService(sqlite_db, clock, settings)
            sandbox.person(1, platform="telegram")
            member = await add_member(sqlite_db, clock, 1, platform="telegram")
            await ledger.plan([Notice(member, "t", "a", clock.now(), plain("سلام"))])
            dispatcher = Dispatcher(
                ledger=ledger,
                deliverer=Deliverer(bot, PROFILES["telegram"], Translator()),
                platform="telegram",
                batch_size=10,
                bucket=TokenBucket(1000),
            )
            loop = asyncio.get_running_loop()
            pacing.hold(1, 0.3)  # the chat's 429 wait, 0.3 s more
            held_until = loop.time() + 0.3
            tick = asyncio.create_task(dispatcher.tick())
            statuses = []  # the database's state read while the chat is held
            async with asyncio.timeout(10):
                while not tick.done():
                    counts = await ledger.counts()
                    if loop.time() < held_until:
                        statuses.append(counts)
                    await asyncio.sleep(0.01)
            assert (await tick).sent == 1
        finally:
            await bot.shutdown()
    assert {"claimed": 1} in statuses and {"sending": 1} not in statuses, statuses
    assert await ledger.counts() == {"sent": 1} and sandbox.delivered(1, token) == 1
